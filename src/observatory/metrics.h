/*
 * The MANRS metrics of one network for one month, from the store (the
 * announced prefix-origin pairs and their day observations) and the
 * reference-data snapshots chosen for the month (snapshot.h): M7RPKI,
 * M7IRR, M3, M5, M8, the Action scores and readiness levels, with the
 * evidence behind every number and the fix for each finding
 * (MANRS-SPEC sections 2.2-2.5). The incident metrics (M1, M1C, M2, M2C,
 * M3C, M4, M4C) come from the incidents the detectors stored; they are
 * "no data", never 0, for a period no file was read with detectors on.
 */
#ifndef MANRS_OBSERVATORY_METRICS_H
#define MANRS_OBSERVATORY_METRICS_H

#include "irr/irr.h"
#include "lib/json.h"
#include "observatory/asnames.h"
#include "observatory/config.h"
#include "observatory/contacts.h"
#include "observatory/score.h"
#include "observatory/snapshot.h"
#include "refdata/bogons.h"
#include "refdata/peeringdb.h"
#include "refdata/rirstats.h"
#include "refdata/spoofer.h"
#include "rpki/rov.h"
#include "rpki/vrp.h"
#include "store/store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* Covering VRPs kept as evidence per route. */
#define OBS_MAX_VRPS 16
/* Source names listed per kind in "inputs". */
#define OBS_SOURCES_LEN 2048

/* The Action 1 metrics that come from stored incidents. */
enum obs_imetric {
	OBS_M1 = 0,     /* route leak, culprit (the leaker) */
	OBS_M1C,        /* route leak, accomplice (propagated it) */
	OBS_M2,         /* hijack, culprit */
	OBS_M2C,        /* hijack, accomplice */
	OBS_M3C,        /* bogon prefix, accomplice (M3 itself: from observations) */
	OBS_M4,         /* bogon ASN, culprit (passed it on first) */
	OBS_M4C,        /* bogon ASN, accomplice */
	OBS_IMETRIC_COUNT
};

/* "M1", "M1C", ... */
const char *obs_imetric_name(enum obs_imetric m);

/* One incident of the period that counts (store_metric_incidents). */
struct obs_incident {
	char id[64];
	char type[16];
	int64_t start, end;           /* end -1: still open */
	int suspicion;
};

/* An AS's part in an incident: the metric it feeds and its distance from
 * the culprit on the paths (0: the culprit, 1: next to it, ...). */
struct obs_role {
	uint32_t asn;
	uint32_t inc;                 /* index into obs_incidents.v */
	uint8_t metric;               /* enum obs_imetric */
	uint8_t hops;
};

/* The incidents of the period and every AS's roles in them, sorted by
 * (asn, metric, inc); loaded once per obs_data by the first
 * obs_net_compute (under mu: concurrent computes are safe). ran: some file of the period was read with the
 * detectors on (else the incident metrics are no data). */
struct obs_incidents {
	pthread_mutex_t mu;           /* the web server shares one obs_data between threads */
	bool loaded, ran;
	struct obs_incident *v;
	size_t n, cap;
	struct obs_role *roles;
	size_t nroles, rcap;
};

/* The reference data of one month: the chosen snapshot set per kind,
 * loaded. A kind without snapshots is absent (its metrics: no data). */
struct obs_data {
	uint32_t month;                       /* YYYYMM */
	uint32_t day;                         /* YYYYMMDD for a daily report, else 0 */
	int64_t from, to;                     /* [from, to), Unix seconds */
	bool have[OBS_KIND_COUNT];
	bool fallback[OBS_KIND_COUNT];        /* no snapshot that old: the oldest was used */
	struct store_snapshot snap[OBS_KIND_COUNT];   /* the selected one */
	char sources[OBS_KIND_COUNT][OBS_SOURCES_LEN];  /* every file of its set, ", "-separated */
	int64_t ids[OBS_KIND_COUNT][8];       /* snapshot ids of the set (first 8) */
	struct vrp_table vrp;
	struct irr_db *irr;
	struct rirstats *rs;
	struct peeringdb *pdb;
	struct bogons *bogons;                /* built-in full bogons always; admin from bogons + delegated */
	struct spoofer *sp;
	struct obs_asnames names;
	struct obs_incidents inc;
	bool inc_mu_init;
};

/* Month boundaries of YYYYMM in Unix seconds. */
void obs_month_range(uint32_t month, int64_t *from, int64_t *to);

/* Selects and loads the snapshots for month (only the kinds in the
 * `kinds` bit mask, 1u << enum obs_kind). 0, or -1 with err. */
int obs_data_load(struct obs_data *d, struct store *s, uint32_t month, uint32_t kinds, char *err, size_t errlen);

/* The same for a daily report of day (YYYYMMDD): the month to date
 * [first of the month, the day's end), the routes from the day rows
 * (obs_day) of those days, snapshots chosen for the day's end. */
int obs_data_load_day(struct obs_data *d, struct store *s, uint32_t day, uint32_t kinds, char *err, size_t errlen);
void obs_data_free(struct obs_data *d);

struct obs_pair {
	struct prefix p;
	char text[PREFIX_STRLEN];
	uint32_t origin, n_peers;
	uint32_t first_seen, last_seen;
};

struct obs_rpki_ev {
	size_t pair;
	enum rov_state state;
	struct vrp cover[OBS_MAX_VRPS];
	size_t ncover;
	char fix[512];
};

struct obs_irr_ev {
	size_t pair;
	uint32_t other_origin;        /* a route object for the prefix with another origin, or 0 */
	char source[16];              /* the registry to register in */
	char fix[1024];               /* route(6) object template */
};

struct obs_bogon_ev {
	size_t pair;
	enum bogon_kind kind;
	bool full;                    /* full bogon (scored); else administrative */
	char what[160];               /* the registry entry or unallocated block */
	double penalty;               /* this route's share of the raw penalty */
	size_t incidents;
};

/* One incident in an incident metric's evidence. */
struct obs_inc_ev {
	uint32_t inc;                 /* index into obs_data.inc.v */
	unsigned hops;                /* 0 culprit, else accomplice */
	double weight;                /* obs_role_weight(hops) */
	int64_t from, to;             /* the part inside the period */
	double penalty;               /* this incident's own score (before merging) */
};

/* One incident metric of one network. */
struct obs_imetric_val {
	double raw, score;            /* score -1: no data */
	size_t incidents;             /* after merging */
	struct obs_inc_ev *ev;
	size_t nev;
};

/* One network's month. Scores are -1 for no data. */
struct obs_net {
	uint32_t asn, month;
	char holder[256];
	char name[OBS_ASNAME_MAX + 1];   /* from the asnames snapshot, or "" */
	char country[3];
	char rir[16];
	struct obs_pair *pairs;
	size_t npairs;
	/* M7RPKI */
	bool rpki_data;
	uint64_t valid, invalid, not_found;
	double rpki;
	struct obs_rpki_ev *rev;
	size_t nrev;
	/* M7IRR */
	bool irr_data;
	uint64_t registered, unregistered;
	unsigned nsources;
	char source_name[IRR_MAX_SOURCES][32];
	uint64_t source_registered[IRR_MAX_SOURCES];
	double irr;
	struct obs_irr_ev *iev;
	size_t niev;
	/* M3 */
	double m3_raw, m3;
	size_t m3_incidents;
	struct obs_bogon_ev *bev;
	size_t nbev;
	/* M1, M1C, M2, M2C, M3C, M4, M4C */
	struct obs_imetric_val im[OBS_IMETRIC_COUNT];
	bool counted[OBS_IMETRIC_COUNT]; /* has data and counts in the Filtering score */
	size_t roles;                 /* incidents the AS has a part in */
	double filtering_raw;         /* the Action 1 raw penalty */
	bool filtering_partial;       /* M3 only: the incident metrics have no data */
	/* M5 */
	bool spoof_data;
	struct spoofer_summary spoof;
	double m5;
	/* M8 */
	bool pdb_net;                 /* PeeringDB has a net object */
	double m8;
	struct obs_contacts contact;  /* contacts.h: the sources and the evidence */
	/* Actions */
	double action[OBS_ACT_COUNT];
	enum obs_level level[OBS_ACT_COUNT];
};

/*
 * Computes asn's metrics for d->month. pairs from store_announced_pairs
 * with c->min_peers; day observations for bogon incidents. 0, or -1 on a
 * store error (err). The caller frees with obs_net_free.
 */
int obs_net_compute(struct obs_net *n, struct store *s, struct obs_data *d, uint32_t asn,
		    const struct obs_config *c, char *err, size_t errlen);
void obs_net_free(struct obs_net *n);

/* The ASes with a part in an incident that counts in d's period (loading
 * the incidents as obs_net_compute does), ascending, each once: networks
 * that may have announced nothing themselves (a transit AS that passed a
 * hijack on). cb returns nonzero to stop. 0, or -1 on a store error. */
int obs_incident_asns(struct obs_data *d, struct store *s, const struct obs_config *c,
		      int (*cb)(uint32_t asn, void *ctx), void *ctx);

/* The report as JSON (docs/observatory.md) or text. */
void obs_net_json(const struct obs_net *n, const struct obs_data *d, struct json *j);
void obs_net_text(const struct obs_net *n, const struct obs_data *d, struct wbuf *w);
/* The report as a CSV table (observatory/csv.h): a header, then one record
 * per Action and per metric: asn, month, holder, name, country, item,
 * score (empty: no data), level (Actions), status ("no data", "partial"),
 * detail (the counts as key=value;..., or why there is no data). */
void obs_net_csv(const struct obs_net *n, const struct obs_data *d, struct wbuf *w);

/* A score as JSON text: null for no data, else up to 4 decimals. */
void obs_json_score(struct json *j, double v);

#endif
