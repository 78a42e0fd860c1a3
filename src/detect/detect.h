/*
 * The incident detector: one code path over route events (struct mrt_elem,
 * from archives now and BMP later). It keeps a compact route state per peer
 * (prefix -> origin and path hash), a baseline of prefix-origin history
 * (the store's observations over a look-back, plus what the same run read
 * earlier, e.g. a RIB dump), and raises incidents: moas, submoas, defcon,
 * edge, squat, leak, bogon-prefix, bogon-asn. Each incident carries
 * evidence tags, a suspicion score 0-100 with the rules that set it, and an
 * ARTEMIS-style label; it opens with its first offending route, grows, and
 * ends when every offending route is withdrawn or replaced. docs/incidents.md
 * gives the rules.
 */
#ifndef MANRS_DETECT_DETECT_H
#define MANRS_DETECT_DETECT_H

#include "mrt/mrt.h"
#include "net/net.h"
#include "store/store_incident.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vrp_table;
struct irr_db;
struct asrel;
struct aspa_table;
struct bogons;
struct rirstats;

/* Caps on what one incident keeps (input decides the counts): prefixes
 * beyond the cap are counted, not listed; the event log keeps the first
 * DETECT_MAX_EVENTS changes; paths the first DETECT_MAX_PATHS distinct. */
#define DETECT_MAX_PREFIXES 10000u
#define DETECT_MAX_EVENTS 500u
#define DETECT_MAX_PATHS 32u
#define DETECT_MAX_ASNS 64u        /* victims, accomplices */
#define DETECT_MAX_TAGS 48u
#define DETECT_MAX_RULES 24u
/* Prefixes whose evidence (RPKI, IRR, relationship) is looked up per
 * incident; the tags say "all" or "some" over these. */
#define DETECT_MAX_EVIDENCE 16u
/* ASes of one path the detector looks at (longer paths are cut). */
#define DETECT_MAX_PATH 256u

/* The thresholds (etc/manrs.conf section [detect]; docs/incidents.md). */
struct detect_config {
	uint32_t lookback_months;     /* history from the store: months before the run */
	uint32_t baseline_min_peers;  /* a stored pair is history when seen by this many peers */
	uint32_t merge_gap;           /* seconds an ended incident may reopen (overlapping events merge) */
	uint32_t warmup;              /* seconds learned without raising when there is no history at all */
	uint32_t short_seconds;       /* an incident ended within this is a potential convergence */
	uint32_t high_visibility;     /* percent of the peers seen: "widely propagated" */
	uint32_t leak_min_prefixes;   /* a leak this wide is not one odd path */
	/* Reference data older than the event by more than this many days
	 * is stale (0: never): the rules resting on it do not count, and an
	 * incident that exists only because of it (an administrative bogon)
	 * is capped at refdata_stale_cap. asrel_max_age: the same for AS
	 * relationships, which change more slowly. */
	uint32_t refdata_max_age;
	uint32_t asrel_max_age;
	uint32_t refdata_stale_cap;
	/* IPv6 space nobody announced is squatting only when the history
	 * holds at least this many IPv6 prefixes (an IPv6 table was read);
	 * 0: never. */
	uint32_t squat_ipv6_min_prefixes;
};

void detect_config_defaults(struct detect_config *c);

/* Reference data, borrowed for the detector's life (any may be NULL). */
struct detect_refs {
	const struct vrp_table *vrp;      /* finished */
	const struct irr_db *irr;
	struct asrel *asrel;
	const struct aspa_table *aspa;
	const struct bogons *bogons;      /* finished; built-in full bogons at least */
	struct rirstats *rs;              /* delegated stats, for squatting */
	/* Snapshot times (Unix seconds; 0 unknown: never stale). alloc: the
	 * oldest of the delegated stats and bogon lists behind the
	 * administrative bogons. */
	int64_t vrp_time, irr_time, asrel_time, alloc_time;
	/* AS names (registry handles, "ASN:NAME, CC" snapshots; NULL none):
	 * the name of asn ("" unknown) and *cc its country. Two origins
	 * registered under the same name and country are taken as siblings
	 * (one holder's ASes): the shared data has no AS-to-organisation
	 * mapping. */
	const char *(*as_name)(const void *ctx, uint32_t asn, const char **cc);
	const void *as_name_ctx;
};

enum detect_type {
	DT_MOAS = 0,
	DT_SUBMOAS,
	DT_DEFCON,
	DT_EDGE,
	DT_SQUAT,
	DT_LEAK,
	DT_BOGON_PREFIX,
	DT_BOGON_ASN,
	DT_COUNT
};

/* "moas", "submoas", ..., as in the JSON. */
const char *detect_type_name(enum detect_type t);
int detect_type_parse(const char *s);

/* What happened to an incident. */
enum detect_change {
	DETECT_OPEN,      /* first offending route */
	DETECT_UPDATE,    /* more peers, prefixes or paths; or a new score */
	DETECT_RESOLVED,  /* every offending route withdrawn or replaced, and the merge gap passed */
};

/* Called with the incident in store form (valid during the call). */
typedef void (*detect_sink)(enum detect_change ch, const struct store_incident *inc, void *ctx);

struct detector;

/* A new detector; c NULL for the defaults. The sink (may be NULL) hears of
 * every change; detect_dirty() gives the incidents to save. */
struct detector *detect_new(const struct detect_config *c, const struct detect_refs *refs, detect_sink sink,
			    void *ctx);
void detect_free(struct detector *d);

/* A prefix-origin pair of history (from the store, or another source) that
 * was first seen at first_seen. Call before the events. */
void detect_history(struct detector *d, const struct prefix *p, uint32_t origin, uint32_t first_seen);
/* Says the history covers the routing table (a full look-back in the store,
 * or a RIB dump read): only then is space nobody announced "squatted". */
void detect_history_complete(struct detector *d);

/* One route event. collector is the caller's collector id, name its name
 * (copied on first use). Elements of other SAFIs and *_LOCAL are ignored. */
void detect_elem(struct detector *d, const struct mrt_elem *e, uint32_t collector, const char *name);

/* A RIB dump of collector ended: from now on the history is complete. */
void detect_rib_end(struct detector *d, uint32_t collector, uint32_t t);

/* Time moves to now: incidents that ended more than merge_gap ago are
 * resolved (sink DETECT_RESOLVED) and forgotten. */
void detect_advance(struct detector *d, uint32_t now);

/* A live feed: OPEN and UPDATE of the incidents changed since the last
 * tick go to the sink now rather than at the next minute of stream time.
 * Time does not move; what is stored is the same. */
void detect_notify(struct detector *d);

/* End of the input: resolves what has ended; what is still up stays open. */
void detect_finish(struct detector *d, uint32_t now);

/* Incidents changed since the last call (open ones and those resolved
 * since), each passed to cb in store form. Returns cb's first non-zero
 * value, or 0. */
int detect_dirty(struct detector *d, int (*cb)(const struct store_incident *inc, void *ctx), void *ctx);

struct detect_stats {
	uint64_t elems, announces, withdraws, routes, prefixes, peers;
	uint64_t opened, resolved, active;
	uint64_t per_type[DT_COUNT];
	size_t memory;                  /* bytes held by route state and history */
};
void detect_get_stats(const struct detector *d, struct detect_stats *st);

/* ---- Hook for the route-leak classifier ---------------------------- */

/* The verdict on one AS path (path[0] nearest the observer, path[n-1] the
 * origin): whether it is a leak, its RFC 7908 type, the leaker and the ASes
 * that propagated it, and the evidence (valley-free, ASPA, RFC 9234 OTC). */
struct detect_leak {
	bool leak;
	int type;                      /* RFC 7908 type 1..6, 0 if unknown */
	uint32_t leaker;
	uint32_t from, to;             /* the leaker learned from `from`, sent to `to` */
	uint32_t accomplices[8];
	size_t naccomplices;
	bool aspa_invalid, otc_violation, valley;
	bool weak;                     /* a benign explanation exists (the classifier's word) */
};

/* Asks for the leak verdict of a path (detect_leak_hook.c, over leak.h).
 * receiver is the peer AS that received it; otc the route's OTC attribute
 * (RFC 9234), 0 if absent. */
void detect_leak_verdict(struct detector *d, const uint32_t *path, size_t n, uint32_t receiver, uint32_t otc,
			 struct detect_leak *out);

/* ---- Incidents in store form: JSON and text (detect_json.c) --------- */

struct json;
struct wbuf;
/* The incident object of `manrs incidents --json` (docs/incidents.md). */
void detect_incident_json(const struct store_incident *inc, struct json *j);
/* The same with the deep dive (timeline, paths, rules). */
void detect_incident_json_full(const struct store_incident *inc, struct json *j);
/* Its keys only, into an object the caller opened (and closes after adding
 * its own, as the incident's feedback array). */
void detect_incident_json_keys(const struct store_incident *inc, struct json *j);
/* One line of `manrs incidents`. */
void detect_incident_line(const struct store_incident *inc, struct wbuf *w);
/* The deep dive of `manrs incident ID` as text. */
void detect_incident_text(const struct store_incident *inc, struct wbuf *w);
/* RFC 3339 UTC time ("2008-02-24T18:47:57Z"). */
void detect_fmt_time(int64_t t, char out[32]);

#endif
