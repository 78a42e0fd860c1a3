/*
 * Aggregates over the scores `manrs score` stored (aggregate.h): per
 * Action, how many networks are at each readiness level and the mean
 * score over those with data; for participants also each one's program
 * conformance (score.h).
 */
#include "observatory/aggregate.h"

#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "observatory/csv.h"
#include "observatory/m49.h"
#include "observatory/participants.h"
#include "observatory/snapshot.h"
#include "observatory/metrics.h"
#include "observatory/score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct agg {
	uint64_t networks;
	uint64_t count[OBS_ACT_COUNT][4];   /* by enum obs_level */
	double sum[OBS_ACT_COUNT];
	uint64_t with_data[OBS_ACT_COUNT];
};

static enum obs_level level_parse(const char *s)
{
	for (int l = OBS_LEVEL_NO_DATA; l <= OBS_LEVEL_READY; l++)
		if (!strcmp(s, obs_level_name((enum obs_level)l)))
			return (enum obs_level)l;
	return OBS_LEVEL_NO_DATA;
}

static void agg_add(struct agg *a, const struct store_score *sc)
{
	a->networks++;
	for (int i = 0; i < OBS_ACT_COUNT; i++) {
		a->count[i][level_parse(sc->level[i])]++;
		if (sc->score[i] >= 0) {
			a->sum[i] += sc->score[i];
			a->with_data[i]++;
		}
	}
}

struct all_scores {
	struct store_score *v;
	size_t n, cap;
};

static int keep_score(const struct store_score *sc, void *ctx)
{
	struct all_scores *a = ctx;
	a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof *a->v);
	a->v[a->n++] = *sc;
	return 0;
}

struct parts {
	struct store_participant *v;
	size_t n, cap;
};

static int keep_part(const struct store_participant *p, void *ctx)
{
	struct parts *a = ctx;
	a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof *a->v);
	a->v[a->n++] = *p;
	return 0;
}

/* Participants from a snapshot set: each member file parsed, its records
 * turned into rows as store_participants gives them (one per participant
 * and ASN, by organisation, program, ASN). As with `participants load`, a
 * participant is keyed by (organisation, program): a later record updates
 * its join date and adds ASNs. */
struct snap_parts {
	struct store *s;
	struct parts *out;
	uint64_t seq;              /* records so far, over the set */
	struct part_row { struct store_participant p; uint64_t seq; } *rows;
	size_t n, cap;
	bool failed;
	char err[512];
};

static int snap_member(const struct store_snapshot *m, void *ctx)
{
	struct snap_parts *c = ctx;
	char *text;
	size_t len;
	if (obs_snapshot_text(c->s, m, &text, &len, c->err, sizeof c->err) < 0) {
		c->failed = true;
		return 1;
	}
	struct obs_part *v;
	size_t n;
	char why[256];
	if (obs_participants_parse(text, len, &v, &n, why, sizeof why) < 0) {
		snprintf(c->err, sizeof c->err, "participants snapshot %lld (%.200s): %s", (long long)m->id, m->source,
			 why);
		c->failed = true;
		obs_participants_free(v, n);
		free(text);
		return 1;
	}
	free(text);
	for (size_t i = 0; i < n; i++) {
		c->seq++;
		for (size_t k = 0; k == 0 || k < v[i].nasns; k++) {
			c->rows = xgrow(c->rows, &c->cap, c->n + 1, sizeof *c->rows);
			struct part_row *r = &c->rows[c->n++];
			memset(r, 0, sizeof *r);
			snprintf(r->p.organisation, sizeof r->p.organisation, "%s", v[i].org);
			/* checked by the parser: a program name, YYYY-MM-DD */
			snprintf(r->p.program, sizeof r->p.program, "%.15s", v[i].program);
			snprintf(r->p.joined, sizeof r->p.joined, "%.15s", v[i].joined);
			r->p.asn = v[i].nasns ? v[i].asns[k] : 0;
			r->seq = c->seq;
		}
	}
	obs_participants_free(v, n);
	return 0;
}

static int cmp_part_row(const void *a, const void *b)
{
	const struct part_row *x = a, *y = b;
	int c = strcmp(x->p.organisation, y->p.organisation);
	if (!c)
		c = strcmp(x->p.program, y->p.program);
	if (!c)
		c = x->p.asn < y->p.asn ? -1 : x->p.asn > y->p.asn;
	if (!c)
		c = x->seq < y->seq ? -1 : x->seq > y->seq;
	return c;
}

/* Fills parts from the participants snapshot set selected for the month.
 * 1 done, 0 no participants snapshot, -1 error (err). */
static int parts_from_snapshot(struct store *s, uint32_t month, struct parts *parts, struct store_snapshot *snap,
			       bool *fallback, char *err, size_t errlen)
{
	int64_t from, to;
	obs_month_range(month, &from, &to);
	int r = store_snapshot_select(s, "participants", to, snap, fallback);
	if (r <= 0) {
		if (r < 0)
			snprintf(err, errlen, "cannot read the snapshots: %s", store_errmsg(s));
		return r;
	}
	struct snap_parts c = { .s = s, .out = parts };
	if (store_snapshot_set(s, snap->id, snap_member, &c) < 0 || c.failed) {
		snprintf(err, errlen, "%s", c.failed ? c.err : store_errmsg(s));
		free(c.rows);
		return -1;
	}
	if (c.n)
		qsort(c.rows, c.n, sizeof *c.rows, cmp_part_row);
	int64_t id = 0;
	for (size_t i = 0; i < c.n;) {
		size_t k = i;
		uint64_t last = 0;
		const char *joined = c.rows[i].p.joined;
		for (; k < c.n && !strcmp(c.rows[k].p.organisation, c.rows[i].p.organisation) &&
		       !strcmp(c.rows[k].p.program, c.rows[i].p.program);
		     k++)
			if (c.rows[k].seq >= last) {
				last = c.rows[k].seq;
				joined = c.rows[k].p.joined;
			}
		id++;
		bool any_asn = false;
		for (size_t x = i; x < k; x++)
			any_asn |= c.rows[x].p.asn != 0;
		for (size_t x = i; x < k; x++) {
			if ((any_asn && !c.rows[x].p.asn) || (x > i && c.rows[x].p.asn == c.rows[x - 1].p.asn))
				continue;   /* one row per ASN; a row without ASN only when there are none */
			struct store_participant p = c.rows[x].p;
			p.id = id;
			snprintf(p.joined, sizeof p.joined, "%s", joined);
			keep_part(&p, parts);
		}
		i = k;
	}
	free(c.rows);
	return 1;
}

static const struct store_score *find_score(const struct all_scores *a, uint32_t asn)
{
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->v[mid].asn < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->n && a->v[lo].asn == asn ? &a->v[lo] : NULL;
}

static void agg_json(struct json *j, const struct agg *a)
{
	json_key(j, "networks");
	json_u64(j, a->networks);
	json_key(j, "actions");
	json_obj_open(j);
	for (int i = 0; i < OBS_ACT_COUNT; i++) {
		json_key(j, obs_action_name((enum obs_action)i));
		json_obj_open(j);
		json_key(j, "mean");
		obs_json_score(j, a->with_data[i] ? a->sum[i] / (double)a->with_data[i] : -1);
		for (int l = OBS_LEVEL_READY; l >= OBS_LEVEL_NO_DATA; l--) {
			json_key(j, obs_level_name((enum obs_level)l));
			json_u64(j, a->count[i][l]);
		}
		json_obj_close(j);
	}
	json_obj_close(j);
}

static void agg_text(struct wbuf *w, const struct agg *a)
{
	wbuf_printf(w, "networks: %llu\n%-14s %8s %8s %8s %8s %8s\n", (unsigned long long)a->networks, "action", "mean",
		    "ready", "aspiring", "lagging", "no-data");
	for (int i = 0; i < OBS_ACT_COUNT; i++) {
		char mean[32] = "-";
		if (a->with_data[i])
			snprintf(mean, sizeof mean, "%.4f", a->sum[i] / (double)a->with_data[i]);
		wbuf_printf(w, "%-14s %8s %8llu %8llu %8llu %8llu\n", obs_action_name((enum obs_action)i), mean,
			    (unsigned long long)a->count[i][OBS_LEVEL_READY], (unsigned long long)a->count[i][OBS_LEVEL_ASPIRING],
			    (unsigned long long)a->count[i][OBS_LEVEL_LAGGING], (unsigned long long)a->count[i][OBS_LEVEL_NO_DATA]);
	}
}

/* Action names as a list for the "missing" fields. */
static void bits_json(struct json *j, uint32_t bits)
{
	json_arr_open(j);
	for (int i = 0; i < OBS_ACT_COUNT; i++)
		if (bits & (1u << i))
			json_str(j, obs_action_name((enum obs_action)i));
	json_arr_close(j);
}

static void bits_text(struct wbuf *w, uint32_t bits)
{
	bool first = true;
	for (int i = 0; i < OBS_ACT_COUNT; i++)
		if (bits & (1u << i)) {
			wbuf_printf(w, "%s%s", first ? "" : ",", obs_action_name((enum obs_action)i));
			first = false;
		}
	if (first)
		wbuf_puts(w, "-");
}

int obs_report_aggregate(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			 const struct obs_config *c, bool json)
{
	return obs_report_aggregate_fmt(s, month, country, region, participants, c, json ? OBS_FMT_JSON : OBS_FMT_TEXT);
}

/* Action names of bits, space-separated, as one CSV field. */
static void bits_csv(struct wbuf *w, uint32_t bits)
{
	char b[128] = "";
	size_t used = 0;
	for (int i = 0; i < OBS_ACT_COUNT; i++)
		if (bits & (1u << i))
			used += (size_t)snprintf(b + used, sizeof b - used, "%s%s", used ? " " : "",
						 obs_action_name((enum obs_action)i));
	obs_csv_str(w, false, b);
}

static void agg_csv(struct wbuf *w, const struct agg *a, const char *month, const char *sel, const char *value)
{
	obs_csv_header(w, "month,selection,value,action,networks,mean,ready,aspiring,lagging,no_data");
	for (int i = 0; i < OBS_ACT_COUNT; i++) {
		obs_csv_str(w, true, month);
		obs_csv_str(w, false, sel);
		obs_csv_str(w, false, value);
		obs_csv_str(w, false, obs_action_name((enum obs_action)i));
		obs_csv_u64(w, false, a->networks);
		obs_csv_num(w, false, a->with_data[i] ? a->sum[i] / (double)a->with_data[i] : -1);
		for (int l = OBS_LEVEL_READY; l >= OBS_LEVEL_NO_DATA; l--)
			obs_csv_u64(w, false, a->count[i][l]);
		obs_csv_end(w);
	}
}

int obs_aggregate_write(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			const struct obs_config *c, enum obs_format fmt, struct wbuf *out, char *err, size_t errlen)
{
	bool json = fmt == OBS_FMT_JSON, csv = fmt == OBS_FMT_CSV;
	if (region && !obs_m49_known_region(region)) {
		snprintf(err, errlen, "--region '%s': not a UN M49 region, sub-region or intermediate region", region);
		return 2;
	}
	struct all_scores all = { 0 };
	struct parts parts = { 0 };
	struct store_snapshot psnap;
	bool pfallback = false;
	int from_snap = 0;
	char perr[600];
	if (participants && (from_snap = parts_from_snapshot(s, month, &parts, &psnap, &pfallback, perr, sizeof perr)) < 0) {
		snprintf(err, errlen, "%s", perr);
		free(parts.v);
		return 1;
	}
	if (store_scores(s, month, keep_score, &all) < 0 ||
	    (participants && !from_snap && store_participants(s, keep_part, &parts) < 0)) {
		snprintf(err, errlen, "cannot read the scores: %s", store_errmsg(s));
		free(all.v);
		free(parts.v);
		return 1;
	}
	struct agg a;
	memset(&a, 0, sizeof a);
	if (!participants) {
		for (size_t i = 0; i < all.n; i++)
			if ((country && !strcasecmp(all.v[i].country, country)) ||
			    (region && obs_m49_in(all.v[i].country, region)))
				agg_add(&a, &all.v[i]);
	} else {
		for (size_t i = 0; i < parts.n; i++) {
			const struct store_score *sc = parts.v[i].asn ? find_score(&all, parts.v[i].asn) : NULL;
			if (sc)
				agg_add(&a, sc);
		}
	}
	struct wbuf *w = out;
	struct json j;
	char m[16];
	snprintf(m, sizeof m, "%04u-%02u", month / 100, month % 100);
	if (json) {
		json_begin(&j, w);
		json_obj_open(&j);
		json_key(&j, "month");
		json_str(&j, m);
		json_key(&j, "selection");
		json_obj_open(&j);
		json_key(&j, country ? "country" : region ? "region" : "participants");
		if (participants)
			json_bool(&j, true);
		else
			json_str(&j, country ? country : region);
		json_obj_close(&j);
		if (participants) {
			/* Where the participants came from: the snapshot
			 * selected for the month, or `participants load`. */
			json_key(&j, "participants_from");
			json_obj_open(&j);
			if (from_snap) {
				char t[32];
				obs_format_time(psnap.time, t);
				json_key(&j, "snapshot");
				json_u64(&j, (uint64_t)psnap.id);
				json_key(&j, "source");
				json_str(&j, psnap.source);
				json_key(&j, "time");
				json_str(&j, t);
				json_key(&j, "newer_than_period");
				json_bool(&j, pfallback);
			} else {
				json_key(&j, "table");
				json_str(&j, "participants load");
			}
			json_obj_close(&j);
		}
		json_key(&j, "scored_networks_in_month");
		json_u64(&j, all.n);
		agg_json(&j, &a);
	} else if (csv) {
		if (!participants)
			agg_csv(w, &a, m, country ? "country" : "region", country ? country : region);
		else
			obs_csv_header(w, "month,organisation,program,joined,asns,filtering,anti_spoofing,coordination,"
					   "irr,rpki,conformance,required_not_ready,recommended_not_ready");
	} else {
		wbuf_printf(w, "%s  %s %s  (%zu networks scored this month)\n", m,
			    country ? "country" : region ? "region" : "participants",
			    country ? country : region ? region : "", all.n);
		agg_text(w, &a);
	}
	if (participants) {
		if (json) {
			json_key(&j, "participants");
			json_arr_open(&j);
		} else if (!csv)
			wbuf_printf(w, "\n%-30s %-7s %-10s %-8s %s\n", "organisation", "program", "joined", "conform",
				    "required not ready / recommended not ready");
		for (size_t i = 0; i < parts.n;) {
			size_t k = i;
			enum obs_level lv[OBS_ACT_COUNT];
			for (int x = 0; x < OBS_ACT_COUNT; x++)
				lv[x] = OBS_LEVEL_NO_DATA;
			/* Per Action the weakest level among the participant's
			 * ASNs that have data. */
			for (; k < parts.n && parts.v[k].id == parts.v[i].id; k++) {
				const struct store_score *sc = parts.v[k].asn ? find_score(&all, parts.v[k].asn) : NULL;
				for (int x = 0; sc && x < OBS_ACT_COUNT; x++) {
					enum obs_level l = level_parse(sc->level[x]);
					if (l != OBS_LEVEL_NO_DATA && (lv[x] == OBS_LEVEL_NO_DATA || l < lv[x]))
						lv[x] = l;
				}
			}
			int prog = obs_program_parse(parts.v[i].program, strlen(parts.v[i].program));
			uint32_t miss = 0, rec = 0;
			enum obs_conformance cf = prog < 0 ? OBS_CONF_NO_DATA
							   : obs_conformance_of((enum obs_program)prog, lv, c, &miss, &rec);
			if (json) {
				json_obj_open(&j);
				json_key(&j, "organisation");
				json_str(&j, parts.v[i].organisation);
				json_key(&j, "program");
				json_str(&j, parts.v[i].program);
				json_key(&j, "joined");
				json_str(&j, parts.v[i].joined);
				json_key(&j, "asns");
				json_arr_open(&j);
				for (size_t x = i; x < k; x++)
					if (parts.v[x].asn)
						json_u64(&j, parts.v[x].asn);
				json_arr_close(&j);
				json_key(&j, "levels");
				json_obj_open(&j);
				for (int x = 0; x < OBS_ACT_COUNT; x++) {
					json_key(&j, obs_action_name((enum obs_action)x));
					json_str(&j, obs_level_name(lv[x]));
				}
				json_obj_close(&j);
				json_key(&j, "conformance");
				json_str(&j, obs_conformance_name(cf));
				json_key(&j, "required_not_ready");
				bits_json(&j, miss);
				json_key(&j, "recommended_not_ready");
				bits_json(&j, rec);
				json_obj_close(&j);
			} else if (csv) {
				obs_csv_str(w, true, m);
				obs_csv_str(w, false, parts.v[i].organisation);
				obs_csv_str(w, false, parts.v[i].program);
				obs_csv_str(w, false, parts.v[i].joined);
				struct wbuf asns;   /* the list, however long */
				wbuf_init(&asns, 64);
				for (size_t x = i; x < k; x++)
					if (parts.v[x].asn)
						wbuf_printf(&asns, "%s%u", asns.len ? " " : "", parts.v[x].asn);
				wbuf_putc(&asns, 0);
				obs_csv_str(w, false, asns.p);
				wbuf_free(&asns);
				for (int x = 0; x < OBS_ACT_COUNT; x++)
					obs_csv_str(w, false, obs_level_name(lv[x]));
				obs_csv_str(w, false, obs_conformance_name(cf));
				bits_csv(w, miss);
				bits_csv(w, rec);
				obs_csv_end(w);
			} else {
				wbuf_printf(w, "%-30s %-7s %-10s %-8s ", parts.v[i].organisation, parts.v[i].program,
					    parts.v[i].joined, obs_conformance_name(cf));
				bits_text(w, miss);
				wbuf_puts(w, " / ");
				bits_text(w, rec);
				wbuf_putc(w, '\n');
			}
			i = k;
		}
		if (json)
			json_arr_close(&j);
	}
	if (json) {
		json_obj_close(&j);
		wbuf_putc(w, '\n');
	}
	free(all.v);
	free(parts.v);
	return 0;
}

int obs_report_aggregate_fmt(struct store *s, uint32_t month, const char *country, const char *region,
			     bool participants, const struct obs_config *c, enum obs_format fmt)
{
	struct wbuf w;
	char err[1024];
	wbuf_init(&w, 1 << 16);
	int rc = obs_aggregate_write(s, month, country, region, participants, c, fmt, &w, err, sizeof err);
	if (rc != 0)
		log_error("%s", err);
	else if (wbuf_flush(&w, stdout) < 0 || fflush(stdout) != 0)
		rc = 1;
	wbuf_free(&w);
	return rc;
}
