/*
 * Bogons: "full" bogons are compiled in (the IANA IPv4 and IPv6
 * Special-Purpose Address Registries, the IETF-reserved parts of the address
 * spaces, and the special-purpose AS numbers, each with its RFC);
 * "administrative" bogons (space and AS numbers no RIR has delegated) are
 * loaded from NRO/RIR delegated stats or a Team Cymru fullbogons file.
 * docs/refdata.md explains which entries count as bogons and why.
 */
#ifndef MANRS_REFDATA_BOGONS_H
#define MANRS_REFDATA_BOGONS_H

#include "net/net.h"
#include "net/trie.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most administrative-bogon blocks accepted from all files together: the
 * full Team Cymru IPv6 list has about 144,000; RIR stats give fewer. */
#define BOGONS_MAX_ADMIN (4u * 1024 * 1024)
/* Longest line of a fullbogons file (one prefix and a comment). */
#define BOGONS_MAX_LINE 256

/* A registry boolean: IANA writes True, False, or N/A. */
enum bogon_tri { BT_NA = 0, BT_FALSE = 1, BT_TRUE = 2 };

/* Where a built-in prefix entry comes from. */
enum bogon_table {
	BOGON_TBL_SPECIAL,    /* an IANA Special-Purpose Address Registry row */
	BOGON_TBL_RESERVED,   /* IETF-reserved or multicast space of the address-space registries */
	BOGON_TBL_DEPRECATED, /* a special-purpose block since withdrawn */
};

struct bogon_entry {
	const char *prefix;   /* text, e.g. "192.0.2.0/24" */
	const char *name;     /* the registry's name, verbatim */
	const char *rfc;      /* "RFC 5737" (section when the registry gives one) */
	enum bogon_table table;
	/* The registry's columns (BT_NA for non-registry entries). */
	uint8_t source, destination, forwardable, global, reserved;
	bool bogon;           /* our verdict: must not be routed globally */
	const char *why;      /* one line: why bogon or not */
};

struct bogon_asn_entry {
	uint32_t lo, hi;
	const char *name;
	const char *rfc;
	bool bogon;
	const char *why;
};

/* The compiled-in tables and their sizes. */
const struct bogon_entry *bogon_entries(size_t *count);
const struct bogon_asn_entry *bogon_asn_entries(size_t *count);

/* The special-purpose ASN entry containing asn, or NULL. */
const struct bogon_asn_entry *bogon_asn_special(uint32_t asn);

/* Where an administrative block came from. */
struct bogon_admin {
	uint32_t source;      /* index into bogons.sources */
	uint8_t status;       /* enum rir_status from rirstats.h, or 0 for a Cymru list */
	uint8_t rir;          /* enum rir, or 0 */
};

struct bogon_asn_range {
	uint32_t lo, hi;
	uint32_t source;
	uint8_t status, rir;
};

struct bogons {
	struct trie special;          /* built-in entries: value = index in bogon_entries() */
	struct trie admin;            /* unallocated blocks: value = index in admin_info */
	struct bogon_admin *admin_info;
	size_t n_admin, cap_admin;
	struct bogon_asn_range *asn_admin;  /* sorted, non-overlapping after bogons_finish */
	size_t n_asn_admin, cap_asn_admin;
	char **sources;               /* file names, owned */
	size_t n_sources;
	bool sorted;
};

/* Builds the special-purpose trie; administrative lists start empty. */
struct bogons *bogons_new(void);
void bogons_free(struct bogons *b);

/* In order of precedence: a prefix inside a block beats one that only spans
 * (contains) a block; full beats administrative. */
enum bogon_kind {
	BOGON_NOT = 0,
	BOGON_FULL,         /* inside a special-purpose or reserved block that is not globally routable */
	BOGON_ADMIN,        /* inside space no RIR has delegated */
	BOGON_FULL_SPANS,   /* contains such a full-bogon block */
	BOGON_ADMIN_SPANS,  /* contains an undelegated block */
};

struct bogon_match {
	enum bogon_kind kind;
	/* The most specific built-in entry covering the prefix (it decides
	 * whether the prefix is a full bogon), or NULL. */
	const struct bogon_entry *entry;
	/* A built-in bogon entry strictly inside the prefix (the prefix "spans"
	 * a bogon), the first in address order, or NULL. */
	const struct bogon_entry *spans;
	/* Administrative: the unallocated block covering the prefix (within), or
	 * else the first one inside it (spans); admin_within and admin_spans say
	 * which was found. admin is NULL if neither. */
	bool admin_within, admin_spans;
	struct prefix admin_block;
	const struct bogon_admin *admin;
};

/* Classifies prefix p (host bits ignored). A full bogon wins over an
 * administrative one. */
void bogons_check_prefix(const struct bogons *b, const struct prefix *p, struct bogon_match *m);

struct bogon_asn_match {
	enum bogon_kind kind;
	const struct bogon_asn_entry *entry;   /* special-purpose entry, or NULL */
	const struct bogon_asn_range *admin;   /* undelegated range, or NULL */
};

void bogons_check_asn(const struct bogons *b, uint32_t asn, struct bogon_asn_match *m);

/* Registers a source name (copied); returns its index for the add calls. */
uint32_t bogons_add_source(struct bogons *b, const char *name);
/* Adds an administrative block or ASN range. Returns 0, or -1 when the caps
 * of this header are reached (the block is dropped). */
int bogons_add_admin_prefix(struct bogons *b, const struct prefix *p, uint32_t source, uint8_t status, uint8_t rir);
int bogons_add_admin_asn(struct bogons *b, uint32_t lo, uint32_t hi, uint32_t source, uint8_t status, uint8_t rir);
/* Sorts and merges the ASN ranges; lookups call it as needed. */
void bogons_finish(struct bogons *b);

/* Result of reading a fullbogons list. */
struct bogons_list_report {
	uint64_t lines, prefixes, v4, v6, comments;
	uint64_t skipped;            /* malformed lines */
	uint64_t special;            /* lines inside a built-in full-bogon entry */
	int64_t updated;             /* "# last updated <unix>" or -1 */
	uint64_t first_bad_line;     /* of the first skipped line, 0 if none */
	const char *first_bad_reason;
};

/* Called for each malformed line; reason is a static string. */
typedef void (*bogons_bad_line_cb)(uint64_t lineno, const char *reason, void *ctx);

/* Parses a Team Cymru fullbogons list (one prefix a line, "#" comments)
 * from memory and adds every prefix as an administrative block of
 * `source`. Pure: never logs, reports bad lines through cb (may be NULL). */
void bogons_parse_list(struct bogons *b, const char *text, size_t len, uint32_t source,
		       struct bogons_list_report *rep, bogons_bad_line_cb cb, void *ctx);

/* What the first bytes of a file say it is, as a bogon list. */
enum bogons_sniff_kind {
	BOGONS_SNIFF_NO = 0,      /* its first data line is not a prefix */
	BOGONS_SNIFF_PREFIXES,    /* one prefix a line: a bogon list only if named so */
	BOGONS_SNIFF_LIST,        /* a "# last updated" header or "bogon" in the file name */
	BOGONS_SNIFF_DROP,        /* Spamhaus DROP ("prefix ; SBLnnn"): hijacked space, not bogons */
};

/* Classifies a file from its name and first bytes. Pure. */
enum bogons_sniff_kind bogons_sniff(const char *name, const char *head, size_t len);

const char *bogon_kind_name(enum bogon_kind k);
const char *bogon_tri_name(uint8_t t);

#endif
