/*
 * AS relationships (CAIDA serial-1 `a|b|rel` and serial-2 `a|b|rel|source`
 * files): provider, customer and peer queries, customer cones, and the
 * valley-free check of an AS path with the RFC 7908 route-leak type of the
 * first violation.
 */
#ifndef MANRS_TOPO_ASREL_H
#define MANRS_TOPO_ASREL_H

#include "net/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Links kept from all files together (CAIDA's 2024 serial-2 file has about
 * 500,000; each takes 16 bytes while loading). */
#define ASREL_MAX_LINKS (32u * 1024 * 1024)
/* Longest data line (comment lines, e.g. the clique or IXP lists, may be
 * longer: they are scanned, not copied). */
#define ASREL_MAX_LINE 256
#define ASREL_MAX_FILES 64
/* Clique members remembered per file. */
#define ASREL_MAX_CLIQUE 64
/* ASNs held by cached customer cones together; past it cones are computed
 * again on each query instead of cached. */
#define ASREL_MAX_CONE_CACHE (64u * 1024 * 1024)

/* How a relates to b. */
enum asrel_rel {
	ASREL_NONE = 0,   /* no known link */
	ASREL_P2C,        /* a is a provider of b (file: a|b|-1) */
	ASREL_C2P,        /* a is a customer of b (file: b|a|-1) */
	ASREL_P2P,        /* peers (file: a|b|0) */
};

/* Serial-2 source column. */
enum asrel_src { ASREL_SRC_NONE = 0, ASREL_SRC_BGP, ASREL_SRC_MLP, ASREL_SRC_OTHER };

struct asrel_link {
	uint32_t a, b;      /* as written */
	int8_t rel;         /* -1 or 0 */
	uint8_t src;        /* enum asrel_src */
	uint16_t file;
	uint32_t line;
};

struct asrel_file {
	char *name;
	int serial;                       /* 1, 2, or 0 if no data line was read */
	uint64_t lines, comments, links, p2c, p2p, skipped;
	uint64_t src_bgp, src_mlp, src_other;
	uint64_t duplicates, conflicts;   /* set by asrel_finish */
	uint64_t first_conflict_line;
	uint32_t sources;                 /* "# source:topology|..." lines */
	uint32_t min_date, max_date;      /* YYYYMMDD over those lines */
	uint32_t clique[ASREL_MAX_CLIQUE];
	uint32_t n_clique;
	uint64_t first_bad_line;
	const char *first_bad_reason;
};

struct asrel {
	struct asrel_link *links;
	size_t n_links, cap_links;
	struct u32map index;              /* ASN -> node */
	uint32_t *asn;                    /* node -> ASN */
	size_t n_nodes, cap_nodes;
	/* Adjacency after asrel_finish: node indices, sorted, per node. */
	uint32_t *off[3], *adj[3];        /* 0 providers, 1 customers, 2 peers */
	uint64_t n_p2c, n_p2p;            /* distinct links */
	/* Customer-cone cache. */
	uint32_t *cone_size;              /* 0 = not computed yet */
	uint32_t **cone;                  /* sorted ASNs, or NULL */
	size_t cone_cached;
	uint32_t *mark, gen, *queue;
	bool finished;
	struct asrel_file *files;
	size_t n_files;
};

struct asrel *asrel_new(void);
void asrel_free(struct asrel *as);

/* Reports one skipped line; reason is a static string. */
typedef void (*asrel_bad_cb)(const char *file, uint64_t lineno, const char *reason, void *ctx);

/* Parses one file's text from memory (serial-1 or serial-2, told apart per
 * line by the field count). Bad lines are skipped, counted and passed to cb
 * (may be NULL). Returns the file index, or -1 if ASREL_MAX_FILES files are
 * loaded. Pure: no I/O, no logging. */
int asrel_parse(struct asrel *as, const char *name, const char *text, size_t len, asrel_bad_cb cb, void *ctx);

/* Reads a file (plain or compressed) and parses it. Returns the file index,
 * or -1 with a message in err. */
int asrel_load_file(struct asrel *as, const char *path, asrel_bad_cb cb, void *ctx, char *err, size_t errlen);

/* Whether the first bytes of a file look like CAIDA relationships: the
 * first data line is `asn|asn|-1` or `asn|asn|0` (with a source field in
 * serial-2), or the head holds only comments naming the "source:topology"
 * or "clique:" lines CAIDA writes. Pure. */
bool asrel_sniff(const char *head, size_t len);

/* Drops duplicate links (the first one listed wins; a link listed again
 * with another relationship is a conflict), builds the adjacency and clears
 * the cone cache. Queries call it when needed. */
void asrel_finish(struct asrel *as);

size_t asrel_count_ases(struct asrel *as);

/* How a relates to b. */
enum asrel_rel asrel_get(struct asrel *as, uint32_t a, uint32_t b);

/* Neighbours of asn of one kind (0 providers, 1 customers, 2 peers), as
 * node indices valid until the next parse; *n gets the count. */
const uint32_t *asrel_neighbours(struct asrel *as, uint32_t asn, int kind, size_t *n);
static inline uint32_t asrel_node_asn(const struct asrel *as, uint32_t node) { return as->asn[node]; }

/* Size of asn's customer cone: asn itself and every AS reachable through
 * provider-to-customer links (CAIDA's recursive cone); 0 if asn is unknown.
 * Cached; cycles in the customer graph are harmless. */
uint32_t asrel_cone_size(struct asrel *as, uint32_t asn);
/* The cone's ASNs in increasing order, valid until the next parse, or NULL
 * if asn is unknown; *n gets the count. */
const uint32_t *asrel_cone(struct asrel *as, uint32_t asn, size_t *n);
bool asrel_in_cone(struct asrel *as, uint32_t provider, uint32_t asn);

/* ---- Valley-free check (RFC 7908) ---- */

enum asrel_vf_status {
	ASREL_VF_VALID = 0,  /* every segment known and valley-free */
	ASREL_VF_LEAK,       /* a segment breaks valley-free routing: see leak_type */
	ASREL_VF_UNKNOWN,    /* no violation among the known segments, but a link is unknown */
	ASREL_VF_EMPTY,      /* no AS in the path */
};

struct asrel_vf {
	enum asrel_vf_status status;
	/* The first violation in propagation order (from the origin). The
	 * leaker learned the route from `from` and sent it to `to`. */
	int leak_type;       /* 1..4: RFC 7908 section 3 type; 0 if none */
	uint32_t from, leaker, to;
	size_t index;        /* of the leaker in the path as given (if prepended, the copy nearest the origin) */
	/* The first link (from the origin) with no known relationship. */
	uint32_t unknown_a, unknown_b;
	size_t ases;         /* distinct consecutive ASes (prepends removed) */
	size_t unknown_links;
};

/* Checks an AS path given as in AS_PATH: path[0] is the AS nearest the
 * observer, path[n-1] the origin. Prepends are collapsed. A route may go up
 * (customer to provider) any number of times, across one peering at most,
 * then down: an AS that got the route from a provider or a peer and sent it
 * to a provider or a peer leaked it (RFC 7908 section 3): Type 1 provider to
 * provider (hairpin), Type 2 peer to peer (lateral), Type 3 provider to
 * peer, Type 4 peer to provider. Types 5 (re-origination) and 6 (internal
 * more-specifics) cannot be seen from relationships and are not reported. */
void asrel_valley(struct asrel *as, const uint32_t *path, size_t n, struct asrel_vf *r);

/* "RFC 7908 Type 1: hairpin turn ..." for 1..4, "" otherwise. */
const char *asrel_leak_type_name(int type);
const char *asrel_rel_name(enum asrel_rel r);

#endif
