/*
 * Inside the detector: the state shared by detect.c (route state, history,
 * lifecycle), detect_score.c (evidence, suspicion, labels) and
 * detect_leak_hook.c. Not for other modules.
 */
#ifndef MANRS_DETECT_DETECT_INT_H
#define MANRS_DETECT_DETECT_INT_H

#include "detect/detect.h"
#include "lib/u32map.h"
#include "net/trie.h"

/* An origin a prefix had: a linked list in d->orig. */
struct orig_node {
	uint32_t origin;
	uint32_t next;          /* index + 1, 0 = end */
	uint8_t from_incident;  /* learned when an incident about it ended */
};

struct pfx {
	struct prefix p;
	uint32_t orig;          /* index + 1 of the first origin node, 0 = no history */
	int8_t bogon;           /* 0 no, 1 full, 2 administrative (unallocated) */
};

struct peer {
	uint32_t collector;     /* caller's id */
	uint32_t name;          /* index into d->names */
	struct ip_addr ip;
	uint32_t asn;
	bool active;            /* holds or held a route in the run */
};

/* A peer's route for a prefix. key = (peer + 1) << 32 | pid; 0 = empty. */
struct route {
	uint64_t key;
	uint32_t origin, phash;
	uint32_t inc;           /* incident index + 1 it counts toward, 0 none */
};

struct inc_peer {
	uint32_t peer;
	uint32_t now, max;      /* offending routes held now, at most */
	uint32_t first, last;   /* last: when it last dropped to none */
};

struct inc_event {
	uint32_t t, peer, pid;
	char kind;
	char *path;
};

struct irr_count {
	uint16_t source;
	uint32_t exact, covering, none;
};

struct inc {
	enum detect_type type;
	uint32_t ka, kb;        /* key with type */
	uint32_t index;
	char id[STORE_INC_ID];
	bool has_culprit;
	uint32_t culprit;
	bool has_covering;
	struct prefix covering;
	uint32_t victims[DETECT_MAX_ASNS], accomplices[DETECT_MAX_ASNS];
	size_t nvictims, naccomplices;
	int leak_type;
	uint32_t start, end;
	bool ended;             /* no offending route now (end is when) */
	uint32_t routes_now;
	struct inc_peer *peers;
	size_t npeers, cap_peers;
	struct u32map peer_idx; /* peer -> index + 1 */
	uint32_t peers_now, peak_peers, peak_collectors;
	struct u32map coll_now; /* collector -> peers holding a route now */
	uint32_t colls_now, colls_total;
	struct u32map coll_seen;
	uint32_t *pids;
	size_t npids, cap_pids;
	uint64_t npids_total;
	struct u32map pid_set;
	struct inc_event *events;
	size_t nevents, cap_events;
	uint64_t nevents_total;
	char *paths[DETECT_MAX_PATHS];
	uint32_t path_hash[DETECT_MAX_PATHS];
	size_t npaths;
	/* Evidence over the first DETECT_MAX_EVIDENCE (prefix, origin) pairs. */
	uint32_t nev;
	uint32_t rpki_new[4], rpki_old[4];
	bool have_rpki_old;
	struct irr_count irr[8];
	size_t nirr;
	uint32_t irr_old_exact;
	uint32_t rel_customer, rel_provider, rel_peer, rel_none, rel_cone, rel_unknown;
	uint32_t rel_sibling;   /* pairs whose origins share a registered AS name */
	char sibling_name[48];  /* the first such name */
	uint32_t seen_before, newcomer;
	uint32_t n_long, n_unallocated;
	uint8_t bogon_full;     /* bogon types: full (1) or administrative (0) */
	uint32_t bogon_asn;
	bool aspa_invalid, otc, edge_known_rel;
	uint32_t leak_weak, leak_strong;   /* routes the classifier called weak or not */
	uint32_t hop;           /* edge: position of the new link from the origin */
	bool contested;         /* moas: an old origin kept the prefix at other peers past short_seconds */
	uint32_t contest_t;     /* when that was last looked at (0 never) */
	uint32_t folded;        /* more-specifics counted here instead of a second incident */
	/* Score and what the sink last heard. */
	int score;
	char label[16];
	struct store_incident_rule rules[DETECT_MAX_RULES];
	size_t nrules;
	char tags[DETECT_MAX_TAGS][48];
	size_t ntags;
	bool dirty, announced, changed;
	int sent_score;
	uint32_t sent_peers;
};

struct u64set {
	uint64_t *keys;       /* 0 = empty */
	size_t cap, count;
};

struct detector {
	struct detect_config cfg;
	struct detect_refs refs;
	detect_sink sink;
	void *ctx;
	/* prefixes */
	struct trie trie;      /* prefix -> pid */
	struct pfx *pfx;
	size_t npfx, cap_pfx;
	struct orig_node *orig;
	size_t norig, cap_orig;
	/* peers and collectors */
	struct peer *peers;
	size_t npeers, cap_peers;
	uint32_t last_peer;
	uint32_t npeers_active;
	char **names;
	size_t nnames, cap_names;
	struct u32map coll_name;   /* collector -> name index + 1 */
	/* route state */
	struct route *routes;
	size_t cap_routes, nroutes;
	/* AS adjacencies seen (ordered pair) */
	struct u64set edges;
	/* incidents */
	struct inc **incs;        /* by index; NULL once resolved and handed over */
	size_t nincs, cap_incs;
	struct { uint64_t k1; uint32_t k2, idx; } *keys;  /* (type,ka,kb) -> index + 1; 0 empty */
	size_t cap_keys, nkeys;
	struct inc **done;        /* resolved, waiting for detect_dirty */
	size_t ndone, cap_done;
	/* time */
	bool have_t;
	uint32_t first_t, now, last_tick;
	bool have_history, history_complete, edges_warm;
	uint64_t history_pairs;
	uint32_t hist_v6;          /* IPv6 prefixes with history */
	struct detect_stats st;
	/* scratch */
	uint32_t path[DETECT_MAX_PATH];
	size_t npath;
};

/* detect_score.c */
void det_evidence(struct detector *d, struct inc *in, uint32_t pid, uint32_t origin, const uint32_t *old, size_t nold,
		  const struct prefix *old_pfx);
void det_score(struct detector *d, struct inc *in);
bool det_high_visibility(const struct detector *d, const struct inc *in);

/* detect.c */
struct orig_node *det_hist_find(struct detector *d, uint32_t pid, uint32_t origin);
/* The incident in store form (owned by the caller: store_incident_free). */
void det_to_store(const struct detector *d, const struct inc *in, struct store_incident *o);
const char *det_collector_name(const struct detector *d, uint32_t collector);

#endif
