/*
 * An in-memory IRR database built from RPSL dumps of several registries:
 * route and route6 objects in a prefix trie and by origin, aut-num objects,
 * and as-set / route-set objects by case-insensitive name with recursive
 * expansion (RFC 2622 section 5, RFC 4012) under a source preference.
 */
#ifndef MANRS_IRR_IRR_H
#define MANRS_IRR_IRR_H

#include "irr/rpsl.h"
#include "net/net.h"
#include "lib/u32map.h"
#include "net/trie.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IRR_MAX_SOURCES 255       /* registry names, loaded or named in SOURCE:: */
#define IRR_DEFAULT_DEPTH 64      /* set nesting levels expanded by default */
#define IRR_MAX_DEPTH 1000        /* largest depth limit accepted */
#define IRR_MAX_CYCLES 100        /* cycles described per expansion (all are counted) */
#define IRR_MAX_OTHER_CLASSES 32  /* skipped class names counted by name; then "other" */
#define IRR_NONE UINT32_MAX

/* A route or route6 object. */
struct irr_route {
	struct prefix prefix;
	uint16_t source;        /* index into the database's sources */
	uint16_t nmnt;          /* mnt-by names: irr_db_id(db, mnt + i) */
	uint32_t origin;
	uint32_t mnt;
	uint32_t next_prefix;   /* internal: the next object with this prefix */
	uint32_t next_origin;   /* internal: the next object with this origin */
};

struct irr_autnum {
	uint32_t asn;
	uint16_t source;
	uint16_t nmnt;
	uint32_t mnt;
	uint32_t as_name;       /* string id */
	uint32_t n_import, n_export, n_mp_import, n_mp_export;
	uint32_t contact[RPSL_NCONTACTS]; /* first handle per enum rpsl_contact: string id, or IRR_NONE */
	uint32_t next;          /* internal: the next object for this AS */
};

/* A set member as stored: names are string ids, SOURCE:: a source index. */
struct irr_member {
	uint8_t type;           /* enum rpsl_member_type */
	struct rpsl_op op;
	uint8_t lo, hi;         /* RPSL_MEMBER_PREFIX */
	uint16_t source;        /* SOURCE:: given: its index; else IRR_NO_SOURCE */
	uint32_t id;            /* ASN, or the set name's string id */
	struct prefix prefix;
};
#define IRR_NO_SOURCE 0xffff

struct irr_set {
	uint32_t name;          /* string id (upper case) */
	uint16_t source;
	uint8_t cls;            /* RPSL_AS_SET or RPSL_ROUTE_SET */
	uint32_t mem, nmem;     /* into db->members */
	uint32_t ref, nref;     /* mbrs-by-ref names: db->ids[ref..] */
	uint32_t next;          /* internal: the next set of this name */
};

/* member-of of a route or aut-num, chained per set name. */
struct irr_memberof {
	uint32_t obj;           /* route or aut-num index */
	uint8_t cls;            /* RPSL_ROUTE, RPSL_ROUTE6 or RPSL_AUT_NUM */
	uint32_t next;
};

/* u32 -> u32 open-addressing map (values are never IRR_NONE). */

struct irr_db {
	/* Interned strings, upper-cased, NUL-terminated, by dense id. */
	char *str;
	size_t str_len, str_cap;
	uint32_t *str_off;
	uint32_t nstr, nstr_cap;
	uint32_t *str_hash;     /* id + 1, 0 = empty */
	size_t hash_cap;
	uint32_t *set_head;     /* per string id: first set of that name */
	uint32_t *mof_head;     /* per string id: first member-of entry */

	uint32_t sources[IRR_MAX_SOURCES];  /* string ids; index = source */
	uint32_t registry[IRR_MAX_SOURCES]; /* string id of the name without "-NONAUTH" */
	unsigned nsources;
	uint64_t counts[IRR_MAX_SOURCES][RPSL_NCLASSES]; /* objects stored */
	uint16_t pref[IRR_MAX_SOURCES];     /* preference, most preferred first */
	unsigned npref;
	bool pref_given;                    /* else: every source, in load order */

	struct irr_route *routes;
	uint32_t nroutes, routes_cap;
	struct trie trie;                   /* prefix -> first route */
	struct u32map by_origin;           /* ASN -> first route */
	struct irr_autnum *autnums;
	uint32_t nautnums, autnums_cap;
	struct u32map autnum_by_asn;
	struct irr_set *sets;
	uint32_t nsets, sets_cap;
	struct irr_member *members;
	uint32_t nmembers, members_cap;
	uint32_t *ids;                      /* mnt-by and mbrs-by-ref name lists */
	uint32_t nids, ids_cap;
	struct irr_memberof *mof;
	uint32_t nmof, mof_cap;
	uint64_t duplicates;
};

void irr_db_init(struct irr_db *db);
void irr_db_free(struct irr_db *db);

enum irr_add {
	IRR_ADDED = 0,
	IRR_DUPLICATE,          /* same key and source as an object already held: kept the first */
	IRR_NOT_STORED,         /* not a class the database holds */
	IRR_TOO_MANY_SOURCES,   /* more than IRR_MAX_SOURCES registry names */
};

/* Adds a decoded object (rpsl_next() returned RPSL_OK). Route keys are
 * (prefix, origin, source), aut-num (AS, source), sets (name, source). */
enum irr_add irr_db_add(struct irr_db *db, const struct rpsl_object *o);

/* What loading one file saw. */
struct irr_load_stats {
	uint64_t objects, added, duplicates, malformed, warnings, bytes;
	uint64_t malformed_by_class[RPSL_NCLASSES];
	struct {
		char name[RPSL_MAX_ATTR_NAME + 1];
		uint64_t n;
	} skipped[IRR_MAX_OTHER_CLASSES];   /* other classes, by name */
	unsigned nskipped;
	uint64_t skipped_other;             /* past IRR_MAX_OTHER_CLASSES names */
};

/* Told about each malformed object (obj->reason) and each object kept with
 * ignored members (obj->nwarn); obj is valid during the call. */
typedef void (*irr_report_fn)(void *ctx, const char *file, const struct rpsl_object *obj);

/* Loads an RPSL file or dump (plain, gzip, bzip2, xz or zstd, "-" for
 * stdin) into db, streaming. Returns 0; -1 if the file cannot be opened
 * (err says why, nothing loaded); -2 if it ended badly (truncated
 * compressed data, read error: err says why; objects before it are kept). */
int irr_db_load(struct irr_db *db, const char *path, irr_report_fn report, void *ctx, struct irr_load_stats *st,
		char *err, size_t errlen);
/* Same from memory (tests, fuzzing). */
void irr_db_load_mem(struct irr_db *db, const void *buf, size_t len, irr_report_fn report, void *ctx,
		     struct irr_load_stats *st);

/* Strings, ids, sources. */
const char *irr_db_str(const struct irr_db *db, uint32_t id);
uint32_t irr_db_id(const struct irr_db *db, uint32_t i);          /* db->ids[i] */
/* The id of a name (any case), or IRR_NONE if the database never saw it. */
uint32_t irr_db_find_str(const struct irr_db *db, const char *s, size_t n);
const char *irr_db_source_name(const struct irr_db *db, unsigned source);
/* Index of a source name (any case), or -1. */
int irr_db_source_find(const struct irr_db *db, const char *s, size_t n);

/* Sets the source preference from "RIPE,RADB,...": only these sources
 * answer queries, and a set is taken from the first that has it unless
 * SOURCE:: names one. Names the database has not seen are kept (they
 * match nothing) and counted in *unknown. Returns 0, or -1 with *why
 * (an invalid name, too many). */
int irr_db_set_sources(struct irr_db *db, const char *list, unsigned *unknown, const char **why);
/* The active sources in preference order; returns how many. */
unsigned irr_db_active_sources(const struct irr_db *db, uint16_t *out);

/* ---- Route queries ------------------------------------------------- */

/* Called per route object; return non-zero to stop the walk. */
typedef int (*irr_route_cb)(const struct irr_route *r, void *ctx);

/* Route objects of active sources whose prefix covers p (p itself
 * included), shortest prefix first. Returns what cb returned to stop, or 0. */
int irr_db_routes_covering(const struct irr_db *db, const struct prefix *p, irr_route_cb cb, void *ctx);

/* Route objects of active sources with this origin, sorted by family,
 * address, length, then source preference. *out is an owned array the
 * caller frees; returns the count. */
size_t irr_db_routes_of_origin(const struct irr_db *db, uint32_t asn, const struct irr_route ***out);

/* aut-num objects of active sources for asn, in preference order (at most
 * max); returns how many. */
size_t irr_db_autnums(const struct irr_db *db, uint32_t asn, const struct irr_autnum **out, size_t max);

enum irr_match {
	IRR_MATCH_NONE = 0,
	IRR_MATCH_LESS_SPECIFIC,  /* a route object for a covering prefix */
	IRR_MATCH_EXACT,          /* a route object for exactly this prefix */
};

struct irr_verdict {
	uint16_t source;
	enum irr_match match;
	const struct irr_route *route;  /* the matching object: exact, or the most specific covering */
	uint32_t other_origin;          /* route objects for p itself with another origin */
};

/* For each active source, in preference order: is there a route object
 * for p with this origin (any origin if !has_origin), exactly or as a
 * covering less-specific? Fills out[IRR_MAX_SOURCES]; returns the count. */
unsigned irr_db_check_route(const struct irr_db *db, const struct prefix *p, bool has_origin, uint32_t origin,
			    struct irr_verdict *out);

/* ---- Set expansion (irr_expand.c) ---------------------------------- */

struct irr_prefix_range {
	struct prefix prefix;
	uint8_t lo, hi;         /* prefix lengths admitted (RFC 2622 range operators) */
};

struct irr_expand_opts {
	unsigned depth;         /* levels expanded, the named set being level 1 */
	bool prefixes;          /* as-sets: also the route objects of their ASes */
};

/* A list of owned strings. */
struct irr_strs {
	char **v;
	size_t n, cap;
};

struct irr_expansion {
	const struct irr_set *root;
	uint32_t *asns;                 /* sorted, unique: ASes of the set (route-sets: origins used) */
	size_t nasns;
	struct irr_prefix_range *pfx;   /* sorted, unique (as-set with prefixes, or route-set) */
	size_t npfx;
	uint32_t nsets;                 /* set objects expanded (each once, whatever its operators) */
	unsigned depth;                 /* deepest level a set is first reached at */
	struct irr_strs missing;        /* referenced sets no active source has */
	struct irr_strs limited;        /* sets left unexpanded at the depth limit */
	struct irr_strs reserved;       /* AS-ANY / RS-ANY references, not expanded */
	struct irr_strs cycles;         /* "AS-A -> AS-B -> AS-A", at most IRR_MAX_CYCLES */
	uint64_t ncycles;               /* every cycle found */
};

/* Expands the set `name` ("AS-FOO", "AS1:RS-BAR", "RIPE::AS-FOO")
 * recursively, breadth first: a set is first reached at its shallowest
 * level; sets first reached past opts->depth are not expanded and are
 * listed in e->limited (a reference to a set already reached never is).
 * Each set's members are read once, whatever the operators it is reached
 * through (they are applied per distinct member range). Cycles do not
 * loop: a set is never followed twice with the same composed operator,
 * and every cycle is reported. Returns 0, or -1 with *why (no such set in
 * the active sources, a bad name). */
int irr_expand(const struct irr_db *db, const char *name, const struct irr_expand_opts *opts,
	       struct irr_expansion *e, const char **why);
void irr_expansion_free(struct irr_expansion *e);

/* "192.0.2.0/24", "192.0.2.0/24^-", "^+", "^n", "^n-m"; out at least
 * PREFIX_STRLEN + 8 bytes. Returns the length. */
size_t irr_range_fmt(const struct irr_prefix_range *r, char *out);

#endif
