/*
 * Route filters from the IRR, as bgpq4 generates them: prefix lists
 * (with aggregation and more-specific ranges) and AS-path filters for
 * Cisco IOS/IOS-XR, Juniper, Arista EOS, BIRD, OpenBGPD, Nokia SR OS
 * classic/MD-CLI, SR Linux, MikroTik v6/v7, Huawei (and XPL), JSON and a
 * user format.
 *
 * Three steps, each its own file: filter_tree.c holds the prefixes in a
 * binary radix tree with glue nodes, whose shape decides how aggregation
 * and ranges come out; filter_expand.c fills the tree and the AS list from
 * an irr_db the way bgpq4 fills them from an IRRd server; filter_fmt.c
 * prints (pure: the tree or the AS list in, bytes out).
 */
#ifndef MANRS_IRR_FILTER_H
#define MANRS_IRR_FILTER_H

#include "irr/irr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FILTER_MAX_NODES (2u << 20)   /* tree nodes (~80 MB): ranges such as 10.0.0.0/8^+ expand to every prefix */
#define FILTER_MAX_NAME 255           /* -l NAME */
#define FILTER_MAX_OBJECTS 4096       /* OBJECT arguments */

/* Output syntax (bgpq4's vendor options). */
enum filter_vendor {
	FILTER_CISCO = 0,       /* default */
	FILTER_CISCO_XR,        /* -X */
	FILTER_JUNIPER,         /* -J */
	FILTER_ARISTA,          /* -e */
	FILTER_BIRD,            /* -b */
	FILTER_OPENBGPD,        /* -B */
	FILTER_NOKIA,           /* -N: SR OS classic CLI */
	FILTER_NOKIA_MD,        /* -n: SR OS MD-CLI */
	FILTER_NOKIA_SRL,       /* -n2: SR Linux (bgpq4 1.10 and later) */
	FILTER_MIKROTIK6,       /* -K */
	FILTER_MIKROTIK7,       /* -K7 */
	FILTER_HUAWEI,          /* -U */
	FILTER_HUAWEI_XPL,      /* -u */
	FILTER_JSON,            /* -j */
	FILTER_FORMAT,          /* -F FMT */
};

/* What is generated; the order matters (everything from PREFIXLIST on is a
 * prefix filter). */
enum filter_gen {
	FILTER_GEN_NONE = 0,
	FILTER_GEN_ASPATH,      /* -f ASN: input AS-path filter (first AS is ASN) */
	FILTER_GEN_OASPATH,     /* -G ASN: output AS-path filter (origins only) */
	FILTER_GEN_ASLIST,      /* -H ASN: Junos as-list-group */
	FILTER_GEN_ASSET,       /* -t: the AS numbers as a set */
	FILTER_GEN_PREFIXLIST,  /* default */
	FILTER_GEN_EACL,        /* -E: extended ACL, route-filter, ip-prefix-list, prefix-set */
	FILTER_GEN_RFLIST,      /* -z: Junos route-filter-list */
};

/* Output details that changed between bgpq4 releases. */
enum filter_compat {
	FILTER_COMPAT_1_9 = 0,  /* Debian 12's bgpq4 (default) */
	FILTER_COMPAT_1_16,     /* current upstream, as its tests/reference files */
};

/* ---- The prefix tree (filter_tree.c) -------------------------------- */

struct filter_node {
	struct prefix prefix;   /* host bits zero */
	uint32_t parent, l, r;  /* node indexes; FILTER_NIL = none */
	uint32_t son;           /* an extra aggregate entry for the same prefix */
	bool glue;              /* a branching point or an absorbed entry: not printed */
	bool aggregate;         /* stands for lengths agg_lo..agg_hi */
	uint8_t agg_lo, agg_hi;
};
#define FILTER_NIL UINT32_MAX

/* A path-compressed binary tree of prefixes of one family. Its shape is
 * canonical for a set of prefixes (entries plus glue nodes at branching
 * points), which is what makes aggregation and range output repeatable. */
struct filter_tree {
	uint8_t afi;
	uint32_t head;
	struct filter_node *n;
	size_t nn, cap;
	bool full;              /* FILTER_MAX_NODES reached: inserts were refused */
};

void filter_tree_init(struct filter_tree *t, uint8_t afi);
void filter_tree_free(struct filter_tree *t);
bool filter_tree_empty(const struct filter_tree *t);
/* Inserts p (host bits are cleared). Another family is ignored. Returns the
 * node, or FILTER_NIL if the tree is full (t->full is then set). */
uint32_t filter_tree_insert(struct filter_tree *t, const struct prefix *p);
/* Inserts p and every more-specific prefix of lengths min..max (p itself
 * when its length is at least min), as bgpq4 does for "^n-m" ranges.
 * Returns 0, or -1 when the tree is full. */
int filter_tree_insert_range(struct filter_tree *t, const struct prefix *p, unsigned min, unsigned max);
/* -R len: entries shorter than len also admit more-specifics up to len. */
void filter_tree_refine(struct filter_tree *t, unsigned len);
/* -r len: entries up to len admit more-specifics from len on. */
void filter_tree_refine_low(struct filter_tree *t, unsigned len);
/* -A: merges sibling entries into ranges of their parent. */
void filter_tree_aggregate(struct filter_tree *t);

/* Called for each node in output order (the node, its sons, then the left
 * and right subtrees); glue nodes included, the callback skips them. */
typedef void (*filter_node_fn)(const struct filter_tree *t, const struct filter_node *n, void *ctx);
void filter_tree_walk(const struct filter_tree *t, filter_node_fn fn, void *ctx);
/* Entries printed (non-glue nodes and sons). */
size_t filter_tree_count(const struct filter_tree *t);

/* ---- What is generated (filter_fmt.c) -------------------------------- */

struct filter_opts {
	enum filter_vendor vendor;
	enum filter_gen gen;
	enum filter_compat compat;
	uint8_t afi;            /* AFI_IPV4 or AFI_IPV6 */
	const char *name;       /* -l; "NN" by default */
	uint32_t asnumber;      /* -f/-G/-H ASN, or -a ASN (OpenBGPD) */
	unsigned aswidth;       /* ASNs per line (-W; per-vendor default) */
	bool sequence;          /* -s (and Arista) */
	const char *match;      /* -M: extra Junos match conditions (escapes resolved) */
	const char *format;     /* -F */
};

/* The AS numbers of an AS-path filter: sorted, unique. */
struct filter_asns {
	uint32_t *v;
	size_t n, cap;
};

/* Prints a prefix filter (gen PREFIXLIST, EACL or RFLIST) of the tree.
 * Returns 0, or -1 when the vendor cannot print this kind (the caller
 * checks the combinations first, see filter_check_opts). */
int filter_print_prefixes(FILE *f, const struct filter_tree *t, const struct filter_opts *o);
/* Prints an AS-path filter, as-list or as-set (gen ASPATH..ASSET). */
int filter_print_asns(FILE *f, const struct filter_asns *a, const struct filter_opts *o);

/* Is a -F format made of known sequences? 0, or -1 with *why. */
int filter_format_ok(const char *fmt, const char **why);
/* The default ASNs per line for a vendor and generation (bgpq4's). */
unsigned filter_default_aswidth(enum filter_vendor v, enum filter_gen g);
/* NULL if the options go together, else why not (bgpq4's wording). */
const char *filter_check_opts(const struct filter_opts *o, bool aggregate, unsigned refine, unsigned refine_low);

/* ---- Expansion (filter_expand.c) -------------------------------------- */

struct filter_expand_opts {
	uint8_t afi;
	unsigned maxlen;        /* longest length accepted (-m; the family's maximum by default) */
	unsigned depth;         /* -L: 0 = unlimited */
	bool special_asns;      /* -p: keep private and documentation ASNs */
	bool as_trans_special;  /* AS23456 counts as special too (bgpq4 after 1.9) */
	bool prefixes;          /* prefix filter (else only the AS list is built) */
	const char *sources;    /* -S list, or NULL for every loaded source */
};

/* What an expansion met that the output does not show. */
struct filter_report {
	struct irr_strs missing;    /* sets no source (or not the named source) has */
	struct irr_strs rejected;   /* AS numbers refused (private, bad) */
	struct irr_strs bad;        /* objects that are not AS numbers, sets or prefixes */
	struct irr_strs checking;   /* route-sets bgpq4 1.9 announces on stdout ("Checking RS-FOO") */
	uint64_t cycles;            /* set references found looping */
	bool truncated;             /* the tree filled up */
};
void filter_report_free(struct filter_report *r);

/* Expands the OBJECT arguments (AS numbers, as-sets, route-sets, prefixes,
 * prefix ranges, SOURCE::SET; everything after "EXCEPT" is excluded) into
 * the tree (prefix filters) and the AS list, as bgpq4 does against an IRRd
 * server holding db. db's source preference is changed (left as -S says,
 * or all sources). Returns 0, or -1 with *why for an object bgpq4 refuses
 * outright (a bad prefix). */
int filter_expand(struct irr_db *db, char **objs, size_t nobjs, const struct filter_expand_opts *o,
		  struct filter_tree *t, struct filter_asns *asns, struct filter_report *rep, const char **why);

/* Is obj something filter_expand understands ("EXCEPT" aside)? Returns 0,
 * or -1 with *why. */
int filter_object_ok(const char *obj, const char **why);

/* Adds asn to the sorted list (no duplicates). */
void filter_asns_add(struct filter_asns *a, uint32_t asn);
bool filter_asns_has(const struct filter_asns *a, uint32_t asn);
void filter_asns_free(struct filter_asns *a);

#endif
