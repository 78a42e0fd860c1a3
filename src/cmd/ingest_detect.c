/*
 * The detector inside `manrs ingest` (ingest_detect.h): the newest
 * reference-data snapshots of the store (VRPs, IRR, delegated stats,
 * bogon lists through observatory/metrics' obs_data_load; AS relationships
 * and ASPA here), the prefix-origin history of the look-back, and the
 * incidents written with each file's transaction.
 */
#include "cmd/ingest_detect.h"

#include "detect/alert.h"
#include "lib/json.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "observatory/metrics.h"
#include "observatory/snapshot.h"
#include "rpki/aspa.h"
#include "store/store_incident.h"
#include "topo/asrel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* History pairs that count as a full routing table (IPv4 alone had
 * 300,000 prefixes in 2010). */
#define INGEST_DETECT_FULL_TABLE 250000

struct ingest_detect {
	struct store *db;
	struct detector *det;
	struct obs_data data;
	struct asrel *asrel;
	struct vrp_table aspa_vrp;
	struct aspa_table aspa;
	bool have_aspa;
	uint64_t history;
	bool failed;
	struct alert_set *alerts;   /* NULL: no monitor */
	int64_t now;                /* stream time, the alerts' clock */
};

static int64_t stream_clock(void *ctx)
{
	return ((struct ingest_detect *)ctx)->now;
}

/* The detector's sink: each incident change to the alert set, with the
 * incident object as `manrs incidents --json` prints it. */
static void on_change(enum detect_change ch, const struct store_incident *inc, void *ctx)
{
	struct ingest_detect *x = ctx;
	struct prefix *pf = xcalloc(inc->nprefixes + 1, sizeof *pf);
	size_t n = 0;
	for (size_t i = 0; i < inc->nprefixes; i++)
		if (prefix_parse(inc->prefixes[i], &pf[n]) == 0)
			n++;
	struct wbuf w;
	wbuf_init(&w, 1024);
	struct json j;
	json_begin(&j, &w);
	detect_incident_json(inc, &j);
	wbuf_putc(&w, 0);
	x->now = inc->updated_at;
	struct alert_incident ai = { .id = inc->id, .type = inc->type, .prefixes = pf, .nprefixes = n,
				     .culprit_asn = inc->has_culprit ? inc->culprit : 0, .victim_asns = inc->victims,
				     .nvictims = inc->nvictims, .suspicion = inc->suspicion, .json = w.p };
	enum alert_event ev = ch == DETECT_OPEN ? ALERT_OPEN : ch == DETECT_UPDATE ? ALERT_UPDATE : ALERT_RESOLVED;
	alert_notify(x->alerts, ev, &ai);
	wbuf_free(&w);
	free(pf);
}

struct hist_ctx {
	struct detector *det;
};

static int on_history(const char *prefix, uint32_t origin, int64_t first_seen, void *vctx)
{
	struct hist_ctx *c = vctx;
	struct prefix p;
	if (prefix_parse(prefix, &p) == 0)
		detect_history(c->det, &p, origin, (uint32_t)first_seen);
	return 0;
}

struct snap_ctx {
	struct ingest_detect *x;
	enum obs_kind k;
	char *err;
	size_t errlen;
	bool failed;
};

/* Loads one snapshot of an asrel or aspa set. */
static int load_snap(const struct store_snapshot *m, void *vctx)
{
	struct snap_ctx *c = vctx;
	char *text;
	size_t len;
	if (obs_snapshot_text(c->x->db, m, &text, &len, c->err, c->errlen) < 0) {
		c->failed = true;
		return 1;
	}
	if (c->k == OBS_KIND_ASREL) {
		asrel_parse(c->x->asrel, m->source, text, len, NULL, NULL);
	} else {
		struct vrp_load_opts o = { .format = VRP_FMT_AUTO, .aspa = &c->x->aspa };
		struct vrp_load_report rep;
		memset(&rep, 0, sizeof rep);
		vrp_load_mem(&c->x->aspa_vrp, text, len, &o, &rep);
	}
	free(text);
	return 0;
}

static int load_kind(struct ingest_detect *x, enum obs_kind k, int64_t before, bool *have, int64_t *time, char *err,
		     size_t errlen)
{
	struct store_snapshot m;
	bool fallback;
	int r = store_snapshot_select(x->db, obs_kind_name(k), before, &m, &fallback);
	*have = r == 1;
	*time = r == 1 ? m.time : 0;
	if (r < 0)
		snprintf(err, errlen, "cannot read the snapshots: %s", store_errmsg(x->db));
	if (r <= 0)
		return r;
	struct snap_ctx c = { .x = x, .k = k, .err = err, .errlen = errlen };
	if (store_snapshot_set(x->db, m.id, load_snap, &c) < 0) {
		snprintf(err, errlen, "cannot read the snapshots: %s", store_errmsg(x->db));
		return -1;
	}
	if (c.failed)
		return -1;
	return 0;
}

/* The detector's AS-name look-up over the asnames snapshot. */
static const char *as_name(const void *ctx, uint32_t asn, const char **cc)
{
	return obs_asnames_get(ctx, asn, cc);
}

static uint32_t month_of(uint32_t t)
{
	char b[32];
	obs_format_time(t, b);
	return (uint32_t)atoi(b) * 100 + (uint32_t)atoi(b + 5);
}

struct ingest_detect *ingest_detect_open(struct store *db, const char *db_path, uint32_t first_ts, const struct detect_config *cfg,
					 const char *monitor, char *err, size_t errlen)
{
	struct ingest_detect *x = xcalloc(1, sizeof *x);
	x->db = db;
	if (monitor) {
		if (!(x->alerts = alert_load(monitor, err, errlen))) {
			free(x);
			return NULL;
		}
		alert_set_clock(x->alerts, stream_clock, x);
	}
	uint32_t month = month_of(first_ts);
	uint32_t kinds = 1u << OBS_KIND_VRP | 1u << OBS_KIND_IRR | 1u << OBS_KIND_DELEGATED | 1u << OBS_KIND_BOGONS |
			 1u << OBS_KIND_ASNAMES;
	char why[512] = "";
	if (obs_data_load(&x->data, db, month, kinds, why, sizeof why) < 0)
		goto fail;
	x->asrel = asrel_new();
	vrp_table_init(&x->aspa_vrp);
	aspa_table_init(&x->aspa);
	bool have_asrel;
	int64_t asrel_time, aspa_time;
	if (load_kind(x, OBS_KIND_ASREL, x->data.to, &have_asrel, &asrel_time, why, sizeof why) < 0 ||
	    load_kind(x, OBS_KIND_ASPA, x->data.to, &x->have_aspa, &aspa_time, why, sizeof why) < 0)
		goto fail;
	if (have_asrel)
		asrel_finish(x->asrel);
	if (x->have_aspa)
		aspa_table_finish(&x->aspa);
	struct detect_refs refs = {
		.vrp = x->data.have[OBS_KIND_VRP] ? &x->data.vrp : NULL,
		.irr = x->data.have[OBS_KIND_IRR] ? x->data.irr : NULL,
		.asrel = have_asrel ? x->asrel : NULL,
		.aspa = x->have_aspa ? &x->aspa : NULL,
		.bogons = x->data.bogons,
		.rs = x->data.have[OBS_KIND_DELEGATED] ? x->data.rs : NULL,
		.vrp_time = x->data.have[OBS_KIND_VRP] ? x->data.snap[OBS_KIND_VRP].time : 0,
		.irr_time = x->data.have[OBS_KIND_IRR] ? x->data.snap[OBS_KIND_IRR].time : 0,
		.asrel_time = asrel_time,
		.as_name = x->data.have[OBS_KIND_ASNAMES] ? as_name : NULL,
		.as_name_ctx = &x->data.names,
	};
	/* Administrative bogons are as old as the older of their sources. */
	static const enum obs_kind alloc_kinds[] = { OBS_KIND_DELEGATED, OBS_KIND_BOGONS };
	for (size_t i = 0; i < 2; i++) {
		const struct store_snapshot *m = &x->data.snap[alloc_kinds[i]];
		if (x->data.have[alloc_kinds[i]] && m->time && (!refs.alloc_time || m->time < refs.alloc_time))
			refs.alloc_time = m->time;
	}
	x->det = detect_new(cfg, &refs, x->alerts ? on_change : NULL, x);
	if (cfg->lookback_months) {
		uint32_t from = month;
		for (uint32_t i = 0; i < cfg->lookback_months; i++)
			from = from % 100 == 1 ? (from / 100 - 1) * 100 + 12 : from - 1;
		struct hist_ctx hc = { .det = x->det };
		int64_t n = store_history_pairs(db, from, month, first_ts, cfg->baseline_min_peers, on_history, &hc);
		if (n < 0) {
			snprintf(why, sizeof why, "cannot read the history: %s", store_errmsg(db));
			goto fail;
		}
		x->history = (uint64_t)n;
		/* A full table's worth of history makes unannounced space
		 * meaningful (squatting); less is taken as partial. */
		if (n >= INGEST_DETECT_FULL_TABLE)
			detect_history_complete(x->det);
	}
	return x;
fail:
	snprintf(err, errlen, "%s: %s", db_path, why);
	ingest_detect_free(x);
	return NULL;
}

void ingest_detect_elem(struct ingest_detect *x, const struct mrt_elem *e, uint32_t collector, const char *name)
{
	detect_elem(x->det, e, collector, name);
}

void ingest_detect_file_end(struct ingest_detect *x, bool rib, uint32_t collector, uint32_t last)
{
	if (rib)
		detect_rib_end(x->det, collector, last);
	detect_advance(x->det, last);
}

void ingest_detect_advance(struct ingest_detect *x, uint32_t now)
{
	detect_advance(x->det, now);
}

void ingest_detect_notify(struct ingest_detect *x)
{
	detect_notify(x->det);
}

static int put(const struct store_incident *inc, void *ctx)
{
	return store_incident_put(ctx, inc) < 0 ? 1 : 0;
}

int ingest_detect_save(struct ingest_detect *x)
{
	return detect_dirty(x->det, put, x->db) ? -1 : 0;
}

int ingest_detect_close(struct ingest_detect *x, uint32_t last)
{
	detect_finish(x->det, last);
	if (store_begin(x->db) < 0)
		return -1;
	if (ingest_detect_save(x) < 0 || store_commit(x->db) < 0) {
		store_rollback(x->db);
		return -1;
	}
	return 0;
}

void ingest_detect_stats(const struct ingest_detect *x, struct detect_stats *st, uint64_t *history)
{
	detect_get_stats(x->det, st);
	*history = x->history;
}

void ingest_detect_free(struct ingest_detect *x)
{
	if (!x)
		return;
	detect_free(x->det);
	alert_free(x->alerts);
	obs_data_free(&x->data);
	asrel_free(x->asrel);
	vrp_table_free(&x->aspa_vrp);
	aspa_table_free(&x->aspa);
	free(x);
}
