/*
 * RPSL (RFC 2622, RFC 4012) object reader: a streaming parser that frames
 * objects out of a byte stream (a whole database dump or one object) and
 * decodes route, route6, aut-num, as-set and route-set objects into fields.
 * Memory is bounded per object (the caps below); nothing is ever logged.
 */
#ifndef MANRS_IRR_RPSL_H
#define MANRS_IRR_RPSL_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps on input-driven sizes (see lib/limits.h for the project's others).
 * The largest real objects we know: a RIPE filter-set of 2.1 MB on one
 * line, a RIPE aut-num of 1.5 MB with 31,255 lines. */
#define RPSL_MAX_OBJECT (16u * 1024 * 1024)  /* bytes kept of one object */
#define RPSL_MAX_ATTRS (1u << 19)            /* attributes of one object */
#define RPSL_MAX_ATTR_NAME 64                /* bytes of an attribute name */
#define RPSL_MAX_SET_NAME 255                /* bytes of a set name */
#define RPSL_MAX_SOURCE 64                   /* bytes of a registry name */
#define RPSL_DETAIL_MAX 48                   /* bytes of quoted input in a message */
#define RPSL_READ_BLOCK (256u * 1024)        /* input read size */

/* Object classes decoded into fields; every other known class is framed,
 * counted and skipped (RPSL_OTHER). */
enum rpsl_class {
	RPSL_ROUTE = 0,
	RPSL_ROUTE6,
	RPSL_AUT_NUM,
	RPSL_AS_SET,
	RPSL_ROUTE_SET,
	RPSL_OTHER,
	RPSL_NCLASSES
};

/* A (pointer, length) view of text inside the reader's buffers. */
struct rpsl_view {
	const char *p;
	size_t len;
};

/* Prefix range operators (RFC 2622 section 2): none, ^-, ^+, ^n, ^n-m. */
enum rpsl_op_kind { RPSL_OP_NONE = 0, RPSL_OP_MINUS, RPSL_OP_PLUS, RPSL_OP_N, RPSL_OP_NM };

struct rpsl_op {
	uint8_t kind;   /* enum rpsl_op_kind */
	uint8_t n, m;   /* RPSL_OP_N: n; RPSL_OP_NM: n-m */
};

enum rpsl_member_type {
	RPSL_MEMBER_ASN = 0,     /* AS65000 */
	RPSL_MEMBER_AS_SET,      /* AS-FOO, AS1:AS-FOO */
	RPSL_MEMBER_ROUTE_SET,   /* RS-FOO, AS1:RS-FOO */
	RPSL_MEMBER_PREFIX,      /* 192.0.2.0/24 (route-set members only) */
};

/* One member of an as-set or route-set, or one route-set listed as a
 * maintainer-checked reference. Views stay valid until the next
 * rpsl_next(). */
struct rpsl_member {
	uint8_t type;              /* enum rpsl_member_type */
	struct rpsl_op op;         /* range operator (route-set members only) */
	uint32_t asn;              /* RPSL_MEMBER_ASN */
	struct rpsl_view name;     /* set name, without SOURCE:: and the operator */
	struct rpsl_view source;   /* SOURCE of SOURCE::NAME (IRRd convention), or empty */
	struct prefix prefix;      /* RPSL_MEMBER_PREFIX, host bits zero */
	uint8_t lo, hi;            /* RPSL_MEMBER_PREFIX: lengths the operator admits */
};

/* One decoded object. For RPSL_OTHER only class_name and line are set.
 * Everything is valid until the next rpsl_next() on the same reader. */
/* The contact attributes kept per object, in this order. */
enum rpsl_contact { RPSL_ADMIN_C = 0, RPSL_TECH_C, RPSL_ABUSE_C, RPSL_NCONTACTS };

struct rpsl_object {
	enum rpsl_class cls;
	struct rpsl_view class_name;   /* lower-cased, as written */
	uint64_t line;                 /* line of the class attribute */

	/* Why the object was skipped (rpsl_next() returned RPSL_MALFORMED):
	 * a static reason, the line it concerns and the offending text. */
	const char *reason;
	uint64_t err_line;
	char detail[RPSL_DETAIL_MAX + 1];

	/* Problems that did not cost the object: members ignored. The first
	 * is described; nwarn counts all. */
	unsigned nwarn;
	const char *warn_reason;
	uint64_t warn_line;
	char warn_detail[RPSL_DETAIL_MAX + 1];

	struct rpsl_view key;          /* primary key as written (trimmed) */
	struct rpsl_view source;       /* as written; compare without case */
	struct prefix prefix;          /* route, route6 */
	uint32_t asn;                  /* route/route6: origin; aut-num: the AS */
	struct rpsl_view as_name;      /* aut-num */
	uint32_t n_import, n_export;   /* aut-num: import/export attributes */
	uint32_t n_mp_import, n_mp_export;
	const struct rpsl_member *members;  /* as-set, route-set (members and mp-members) */
	size_t nmembers;
	const struct rpsl_view *mnt_by;     /* maintainer names */
	size_t nmnt_by;
	const struct rpsl_view *member_of;  /* route, route6, aut-num: set names */
	size_t nmember_of;
	const struct rpsl_view *mbrs_by_ref; /* as-set, route-set: maintainers or ANY */
	size_t nmbrs_by_ref;
	/* Contact handles (RFC 2622 section 3.1 admin-c and tech-c; the RIRs'
	 * abuse-c): the first printable handle of each, empty if none. */
	struct rpsl_view contact[RPSL_NCONTACTS];
};

enum rpsl_status {
	RPSL_EOF = 0,
	RPSL_OK,          /* a decoded object (route, route6, aut-num, as-set, route-set) */
	RPSL_SKIPPED,     /* a well-framed object of another known class */
	RPSL_MALFORMED,   /* skipped: obj->reason, obj->err_line, obj->detail */
};

/* Reads up to n bytes; fewer only at the end of the stream. */
typedef size_t (*rpsl_read_fn)(void *ctx, void *dst, size_t n);

struct rpsl_attr;

struct rpsl_reader {
	rpsl_read_fn read;
	void *ctx;
	const uint8_t *blk;        /* current input block */
	uint8_t *own_blk;          /* its storage when reading through read() */
	size_t blk_len, blk_pos;
	bool eof;

	char *line;                /* the current line, '\r' and '\n' removed */
	size_t line_len, line_cap;
	bool line_long;            /* longer than RPSL_MAX_OBJECT: cut */
	bool have_line;            /* the current line is pushed back */
	uint64_t lineno;

	char *text;                /* names and values of the current object */
	size_t text_len, text_cap;
	struct rpsl_attr *attrs;
	size_t nattrs, attrs_cap;
	bool store;                /* values are kept (a class we decode) */
	bool ws_pending;           /* last line was whitespace only */

	struct rpsl_member *members;
	size_t nmembers, members_cap;
	struct rpsl_view *views;   /* mnt-by, member-of, mbrs-by-ref, in that order */
	size_t nviews, views_cap;

	uint64_t bytes;            /* input bytes consumed */
	uint64_t objects;          /* objects framed */
};

/* Reads from a callback (e.g. input_read over a gzip'd dump). */
void rpsl_reader_init(struct rpsl_reader *r, rpsl_read_fn read, void *ctx);
/* Reads from memory; buf must outlive the reader. */
void rpsl_reader_init_mem(struct rpsl_reader *r, const void *buf, size_t len);
void rpsl_reader_free(struct rpsl_reader *r);

/* Frames and decodes the next object (RFC 2622 section 2: objects are
 * separated by empty lines; "name: value" attributes with case-insensitive
 * names; continuation lines start with space, tab or '+'; '#' starts an
 * end-of-line comment; lines starting with '#' or '%' outside values are
 * comments). A line of only spaces and tabs continues the object unless
 * the next line starts a new object (its attribute names a class). */
enum rpsl_status rpsl_next(struct rpsl_reader *r, struct rpsl_object *obj);

/* Name of a class ("route", ...; "other"). */
const char *rpsl_class_name(enum rpsl_class c);

/* Token parsers used by the reader and by the command line, on views.
 * Each returns 0 or -1. */
/* "AS65000" (case-insensitive "AS", decimal, at most 4294967295). */
int rpsl_parse_asn(const char *s, size_t n, uint32_t *asn);
/* An IPv4 or IPv6 prefix; IPv4 octets may carry leading zeros (read as
 * decimal). Fails if bits past the length are set. */
int rpsl_parse_prefix(const char *s, size_t n, struct prefix *p);
/* A range operator after '^': "-", "+", "n", "n-m" (no bounds check). */
int rpsl_parse_op(const char *s, size_t n, struct rpsl_op *op);
/* Applies op to prefix length len of a family with maximum max: the
 * admitted lengths lo..hi. -1 if the operator is out of bounds for the
 * prefix (RFC 2622 section 2: n >= len, n <= m <= max). */
int rpsl_op_range(struct rpsl_op op, unsigned len, unsigned max, uint8_t *lo, uint8_t *hi);
/* Set names (RFC 2622 section 5): prefix is "AS-" or "RS-". Hierarchical
 * names are components separated by ':', AS numbers or set names of that
 * kind, at least one set name. */
bool rpsl_set_name_ok(const char *s, size_t n, const char *prefix);
/* Registry names: letters, digits, '-', '_', starting with a letter. */
bool rpsl_source_ok(const char *s, size_t n);

#endif
