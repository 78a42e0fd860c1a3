/*
 * The JSON API of `manrs serve` (docs/web.md; the OpenAPI document is
 * web/openapi.json): routes shaped like the MANRS Observatory API v2
 * (MANRS-SPEC 4.4) over the store. /scores/details is byte for byte
 * `manrs report ASN --json`, /scores/summary and /participants are
 * `manrs report --region/--country/--participants --json`: the same
 * observatory functions write them. Every table also comes as CSV, made
 * from the JSON so the two cannot disagree. Answers are cached per
 * database generation; per-network detail can be limited to API keys.
 */
#include "web/web_int.h"

#include "lib/json.h"
#include "lib/xmalloc.h"
#include "net/net.h"
#include "observatory/aggregate.h"
#include "observatory/m49.h"
#include "store/store_web.h"
#include "web/web_views.h"
#include "detect/detect.h"
#include "observatory/snapshot.h"
#include "web/web_pages.h"
#include "web/web_feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char CT_JSON[] = "application/json";
static const char CT_CSV[] = "text/csv; charset=utf-8";
static const char CT_HTML[] = "text/html; charset=utf-8";

void web_error(struct web_resp *rs, unsigned status, const char *msg, const char *param)
{
	struct json j;
	rs->status = status;
	rs->ctype = CT_JSON;
	rs->body.len = 0;
	rs->no_etag = true;
	json_begin(&j, &rs->body);
	json_obj_open(&j);
	json_key(&j, "error");
	json_str(&j, msg);
	if (param) {
		json_key(&j, "parameter");
		json_str(&j, param);
	}
	json_obj_close(&j);
	wbuf_putc(&rs->body, '\n');
}

/* A query parameter, NULL when absent; *bad set (and a 400 written) when
 * it is present but empty or longer than WEB_MAX_PARAM. */
static const char *param(const struct web_req *rq, struct web_resp *rs, const char *name, bool *bad)
{
	const char *v = rq->arg(rq->conn, name);
	if (v && (!*v || strlen(v) > WEB_MAX_PARAM)) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s: empty or longer than %d bytes", name, WEB_MAX_PARAM);
		web_error(rs, 400, msg, name);
		*bad = true;
		return NULL;
	}
	return v;
}

/* The month parameter, else the newest month with observations. 0 with
 * the answer written when bad or when there is none. */
static uint32_t month_param(const struct web_req *rq, struct web_resp *rs, struct store *s)
{
	bool bad = false;
	const char *v = param(rq, rs, "month", &bad);
	if (bad)
		return 0;
	if (v) {
		uint32_t m = web_parse_month(v);
		if (!m)
			web_error(rs, 400, "month: not YYYY-MM or YYYY-MM-DDTHH:MM:SSZ", "month");
		return m;
	}
	uint32_t m = store_newest_month(s);
	if (!m)
		web_error(rs, 404, "no observations in the database", NULL);
	return m;
}

static bool country_ok(const char *c)
{
	return strlen(c) == 2 && ((c[0] >= 'A' && c[0] <= 'Z') || (c[0] >= 'a' && c[0] <= 'z')) &&
	       ((c[1] >= 'A' && c[1] <= 'Z') || (c[1] >= 'a' && c[1] <= 'z'));
}

static void month_text(uint32_t m, char out[8])
{
	snprintf(out, 8, "%04u-%02u", (m / 100) % 10000, m % 100);
}

static void json_time(struct json *j, int64_t t)
{
	char b[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_str(j, b);
}

#define NCOLS(a) (sizeof(a) / sizeof(a)[0])

#define ACTION_COLS                                                                          \
	{ "filtering", "actions.filtering.score" },         { "filtering_level", "actions.filtering.level" }, \
	{ "anti_spoofing", "actions.anti_spoofing.score" }, { "anti_spoofing_level", "actions.anti_spoofing.level" }, \
	{ "coordination", "actions.coordination.score" },   { "coordination_level", "actions.coordination.level" }, \
	{ "irr", "actions.irr.score" },                     { "irr_level", "actions.irr.level" }, \
	{ "rpki", "actions.rpki.score" },                   { "rpki_level", "actions.rpki.level" }

static const struct web_csv_col ASES_COLS[] = { { "asn", "asn" }, { "country", "country" }, ACTION_COLS };

/* ---- Answers, cached ------------------------------------------------- */

/* The cache key of this request: route and canonical parameters, and the
 * format. */
static void cache_key(char *out, size_t n, const struct web_req *rq, const char *route)
{
	snprintf(out, n, "%s|%s", rq->csv ? "csv" : "json", route);
}

static bool from_cache(struct web_state *st, uint64_t gen, const char *key, struct web_resp *rs)
{
	const char *ct = NULL;
	if (!web_cache_get(st, gen, key, &rs->body, &ct))
		return false;
	rs->status = 200;
	rs->ctype = ct;
	return true;
}

static void done(struct web_state *st, uint64_t gen, const char *key, const struct web_req *rq,
		 struct web_resp *rs, const char *rows, const struct web_csv_col *cols, size_t ncols)
{
	rs->status = 200;
	rs->ctype = CT_JSON;
	if (rq->csv) {
		web_to_csv(&rs->body, rows, cols, ncols);
		rs->ctype = CT_CSV;
	}
	web_cache_put(st, gen, key, rs->body.p, rs->body.len, rs->ctype);
}

static bool restricted(const struct web_state *st, const struct web_req *rq, struct web_resp *rs)
{
	if (!st->o->members_only || rq->authorized)
		return false;
	web_error(rs, 401, "per-network detail needs an API key (Authorization: Bearer KEY)", NULL);
	rs->www_auth = "Bearer realm=\"manrs\"";
	return true;
}

static void actions_json(struct json *j, const struct store_score *sc)
{
	json_key(j, "actions");
	json_obj_open(j);
	for (int a = 0; a < OBS_ACT_COUNT; a++) {
		json_key(j, obs_action_name((enum obs_action)a));
		json_obj_open(j);
		json_key(j, "score");
		obs_json_score(j, sc->score[a]);
		json_key(j, "level");
		json_str(j, sc->level[a]);
		json_obj_close(j);
	}
	json_obj_close(j);
}

/* /api/v2/ases: the networks scored in a month, paged, by country or region. */
struct score_list {
	struct store_score *v;
	size_t n, cap;
	const char *country, *region;
};

static int keep_score(const struct store_score *sc, void *ctx)
{
	struct score_list *l = ctx;
	if (l->country && strcasecmp(sc->country, l->country))
		return 0;
	if (l->region && !obs_m49_in(sc->country, l->region))
		return 0;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = *sc;
	return 0;
}

static void api_ases(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs)
{
	if (restricted(st, rq, rs))
		return;
	bool bad = false;
	const char *page_s = param(rq, rs, "page", &bad);
	const char *per_s = bad ? NULL : param(rq, rs, "per_page", &bad);
	const char *country = bad ? NULL : param(rq, rs, "country", &bad);
	const char *region = bad ? NULL : param(rq, rs, "region", &bad);
	if (bad)
		return;
	int64_t page = 1, per = WEB_DEFAULT_PER_PAGE;
	if (page_s && (page = web_parse_uint(page_s, 1, 1000000)) < 0) {
		web_error(rs, 400, "page: a whole number from 1", "page");
		return;
	}
	if (per_s && (per = web_parse_uint(per_s, 1, WEB_MAX_PER_PAGE)) < 0) {
		web_error(rs, 400, "per_page: a whole number from 1 to 1000", "per_page");
		return;
	}
	if (country && !country_ok(country)) {
		web_error(rs, 400, "country: an ISO 3166 alpha-2 code", "country");
		return;
	}
	if (region && !obs_m49_known_region(region)) {
		web_error(rs, 400, "region: not a UN M49 region, sub-region or intermediate region", "region");
		return;
	}
	uint32_t month = month_param(rq, rs, s);
	if (!month)
		return;
	char key[512];
	char route[400];
	snprintf(route, sizeof route, "ases|%u|%lld|%lld|%s|%s", month, (long long)page, (long long)per,
		 country ? country : "", region ? region : "");
	for (char *p = route; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	cache_key(key, sizeof key, rq, route);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	struct score_list l = { .country = country, .region = region };
	if (store_scores(s, month, keep_score, &l) < 0) {
		free(l.v);
		web_error(rs, 500, "cannot read the scores", NULL);
		return;
	}
	char m[8];
	month_text(month, m);
	struct json j;
	json_begin(&j, &rs->body);
	json_obj_open(&j);
	json_key(&j, "month");
	json_str(&j, m);
	json_key(&j, "page");
	json_u64(&j, (uint64_t)page);
	json_key(&j, "perPage");
	json_u64(&j, (uint64_t)per);
	json_key(&j, "total");
	json_u64(&j, l.n);
	json_key(&j, "nextPage");
	uint64_t first = (uint64_t)(page - 1) * (uint64_t)per;
	if (first + (uint64_t)per < l.n)
		json_u64(&j, (uint64_t)page + 1);
	else
		json_null(&j);
	json_key(&j, "ases");
	json_arr_open(&j);
	for (uint64_t i = first; i < l.n && i < first + (uint64_t)per; i++) {
		json_obj_open(&j);
		json_key(&j, "asn");
		json_u64(&j, l.v[i].asn);
		json_key(&j, "country");
		if (*l.v[i].country)
			json_str(&j, l.v[i].country);
		else
			json_null(&j);
		actions_json(&j, &l.v[i]);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	wbuf_putc(&rs->body, '\n');
	free(l.v);
	done(st, gen, key, rq, rs, "ases", ASES_COLS, NCOLS(ASES_COLS));
}

/* /api/v2/ases/{asn}: one network's stored scores, month by month. */
struct history {
	struct json *j;
	size_t n;
};

static int history_row(const struct store_score *sc, void *ctx)
{
	struct history *h = ctx;
	char m[8];
	month_text(sc->month, m);
	json_obj_open(h->j);
	json_key(h->j, "month");
	json_str(h->j, m);
	json_key(h->j, "country");
	if (*sc->country)
		json_str(h->j, sc->country);
	else
		json_null(h->j);
	actions_json(h->j, sc);
	json_key(h->j, "inputs");
	json_str(h->j, sc->inputs);
	json_obj_close(h->j);
	h->n++;
	return 0;
}

static const struct web_csv_col HISTORY_COLS[] = {
	{ "month", "month" }, { "country", "country" }, ACTION_COLS, { "inputs", "inputs" },
};

static bool parse_asn_text(const char *s, uint32_t *asn)
{
	return strlen(s) <= 16 && asn_parse(s, asn) == 0 && *asn != 0;
}

static void api_as(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs,
		   const char *asn_s)
{
	uint32_t asn;
	if (!parse_asn_text(asn_s, &asn)) {
		web_error(rs, 400, "asn: not an AS number", "asn");
		return;
	}
	if (restricted(st, rq, rs))
		return;
	char key[128], route[64];
	snprintf(route, sizeof route, "as|%u", asn);
	cache_key(key, sizeof key, rq, route);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	struct json j;
	json_begin(&j, &rs->body);
	json_obj_open(&j);
	json_key(&j, "asn");
	json_u64(&j, asn);
	json_key(&j, "months");
	json_arr_open(&j);
	struct history h = { .j = &j };
	if (store_score_history(s, asn, history_row, &h) < 0) {
		web_error(rs, 500, "cannot read the scores", NULL);
		return;
	}
	json_arr_close(&j);
	json_obj_close(&j);
	wbuf_putc(&rs->body, '\n');
	if (!h.n) {
		char msg[96];
		snprintf(msg, sizeof msg, "AS%u: no stored scores", asn);
		web_error(rs, 404, msg, NULL);
		return;
	}
	done(st, gen, key, rq, rs, "months", HISTORY_COLS, NCOLS(HISTORY_COLS));
}

/* /api/v2/scores/summary and /api/v2/participants: the aggregates. */
static const struct web_csv_col SUMMARY_COLS[] = {
	{ "action", "" }, { "mean", "mean" }, { "ready", "ready" },
	{ "aspiring", "aspiring" }, { "lagging", "lagging" }, { "no-data", "no-data" },
};

static const struct web_csv_col PART_COLS[] = {
	{ "organisation", "organisation" },
	{ "program", "program" },
	{ "joined", "joined" },
	{ "asns", "asns" },
	{ "conformance", "conformance" },
	{ "filtering", "levels.filtering" },
	{ "anti_spoofing", "levels.anti_spoofing" },
	{ "coordination", "levels.coordination" },
	{ "irr", "levels.irr" },
	{ "rpki", "levels.rpki" },
	{ "required_not_ready", "required_not_ready" },
	{ "recommended_not_ready", "recommended_not_ready" },
};

static void aggregate(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs,
		      const char *country, const char *region, bool participants)
{
	uint32_t month = month_param(rq, rs, s);
	if (!month)
		return;
	char key[512], route[400];
	snprintf(route, sizeof route, "agg|%u|%s|%s|%d", month, country ? country : "", region ? region : "",
		 participants);
	cache_key(key, sizeof key, rq, route);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	char err[512];
	int rc = obs_aggregate_write(s, month, country, region, participants, &st->o->cfg, OBS_FMT_JSON, &rs->body, err,
				     sizeof err);
	if (rc == 2) {
		web_error(rs, 400, "region: not a UN M49 region, sub-region or intermediate region", "region");
		return;
	}
	if (rc) {
		web_error(rs, 500, "cannot read the scores", NULL);
		return;
	}
	if (participants)
		done(st, gen, key, rq, rs, "participants", PART_COLS, NCOLS(PART_COLS));
	else
		done(st, gen, key, rq, rs, "actions", SUMMARY_COLS, NCOLS(SUMMARY_COLS));
}

static void api_summary(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs)
{
	bool bad = false;
	const char *region = param(rq, rs, "region", &bad);
	const char *country = bad ? NULL : param(rq, rs, "country", &bad);
	const char *parts = bad ? NULL : param(rq, rs, "participants", &bad);
	if (bad)
		return;
	if (parts && strcmp(parts, "true")) {
		web_error(rs, 400, "participants: only 'true'", "participants");
		return;
	}
	int n = (region != NULL) + (country != NULL) + (parts != NULL);
	if (n == 0) {
		web_error(rs, 400, "give one of region, country or participants", "region");
		return;
	}
	if (n > 1) {
		web_error(rs, 400, "give only one of region, country or participants", region ? "country" : "participants");
		return;
	}
	if (country && !country_ok(country)) {
		web_error(rs, 400, "country: an ISO 3166 alpha-2 code", "country");
		return;
	}
	if (region && !obs_m49_known_region(region)) {
		web_error(rs, 400, "region: not a UN M49 region, sub-region or intermediate region", "region");
		return;
	}
	aggregate(st, s, rq, rs, country, region, parts != NULL);
}

/* /api/v2/scores/details: `manrs report ASN --json`, byte for byte. */
static const struct web_csv_col DETAIL_COLS[] = {
	{ "metric", "" }, { "score", "score" }, { "status", "status" }, { "reason", "reason" },
};

/* Reports and prefixes load a month's reference data (seconds): only for
 * months with observations, so a client cycling through months cannot
 * make the server load data for each. false with a 404 written. */
static bool month_seen(struct store *s, uint32_t month, struct web_resp *rs)
{
	if (store_month_seen(s, month) == 1)
		return true;
	char msg[64];
	snprintf(msg, sizeof msg, "no observations in %04u-%02u", month / 100, month % 100);
	web_error(rs, 404, msg, NULL);
	return false;
}

/* The report JSON of asn for month into out (cached, shared by the API
 * and the network page). 0, or an HTTP status with the error in rs. */
static unsigned details_json(struct web_state *st, struct store *s, uint32_t asn, uint32_t month, struct wbuf *out,
			     struct web_resp *rs)
{
	char key[128];
	snprintf(key, sizeof key, "json|details|%u|%u", asn, month);
	uint64_t gen = web_generation(st);
	const char *ct;
	if (web_cache_get(st, gen, key, out, &ct))
		return 0;
	if (!month_seen(s, month, rs))
		return 404;
	char err[1024];
	struct obs_data *d = web_data_get(st, s, month, err, sizeof err);
	if (!d) {
		web_error(rs, 500, "cannot load the reference data", NULL);
		return 500;
	}
	struct obs_net n;
	if (obs_net_compute(&n, s, d, asn, &st->o->cfg, err, sizeof err) < 0) {
		obs_net_free(&n);
		web_data_release(st, d);
		web_error(rs, 500, "cannot compute the report", NULL);
		return 500;
	}
	if (n.npairs == 0 && n.roles == 0 && !*n.country && !n.pdb_net && store_origin_seen(s, asn) == 0) {
		obs_net_free(&n);
		web_data_release(st, d);
		snprintf(err, sizeof err,
			 "AS%u: unknown: never seen announcing in the database, in no delegated stats or PeeringDB snapshot",
			 asn);
		web_error(rs, 404, err, NULL);
		return 404;
	}
	size_t start = out->len;
	struct json j;
	json_begin(&j, out);
	obs_net_json(&n, d, &j);
	wbuf_putc(out, '\n');
	obs_net_free(&n);
	web_data_release(st, d);
	web_cache_put(st, gen, key, out->p + start, out->len - start, CT_JSON);
	return 0;
}

/* The asn parameter of a details request; false with the 400 written. */
static bool asn_param(const struct web_req *rq, struct web_resp *rs, uint32_t *asn)
{
	bool bad = false;
	const char *asn_s = param(rq, rs, "asn", &bad);
	if (bad)
		return false;
	if (!asn_s) {
		web_error(rs, 400, "asn: required", "asn");
		return false;
	}
	if (!parse_asn_text(asn_s, asn)) {
		web_error(rs, 400, "asn: not an AS number", "asn");
		return false;
	}
	return true;
}

static void api_details(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs)
{
	uint32_t asn;
	if (!asn_param(rq, rs, &asn) || restricted(st, rq, rs))
		return;
	uint32_t month = month_param(rq, rs, s);
	if (!month)
		return;
	if (!rq->csv) {
		if (details_json(st, s, asn, month, &rs->body, rs) == 0) {
			rs->status = 200;
			rs->ctype = CT_JSON;
		}
		return;
	}
	char key[128], route[64];
	snprintf(route, sizeof route, "details|%u|%u", asn, month);
	cache_key(key, sizeof key, rq, route);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	if (details_json(st, s, asn, month, &rs->body, rs) != 0)
		return;
	done(st, gen, key, rq, rs, "metrics", DETAIL_COLS, NCOLS(DETAIL_COLS));
}

static void api_participants(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs)
{
	aggregate(st, s, rq, rs, NULL, NULL, true);
}

/* /api/v2/prefixes/{prefix}: the origins seen for a prefix in a month,
 * each with its RPKI (RFC 6811) and IRR status. */
struct origins {
	struct store_prefix_origin *v;
	size_t n, cap;
};

static int keep_origin(const struct store_prefix_origin *o, void *ctx)
{
	struct origins *l = ctx;
	if (l->n >= 4096)
		return 1;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = *o;
	return 0;
}

static const struct web_csv_col PREFIX_COLS[] = {
	{ "origin", "asn" },  { "peers", "peers" },         { "collectors", "collectors" },
	{ "first_seen", "firstSeen" }, { "last_seen", "lastSeen" }, { "announced", "announced" },
	{ "rpki", "rpki" },  { "irr", "irr" },              { "irr_sources", "irrSources" },
};

static void api_prefix(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs,
		       const char *text)
{
	struct prefix p;
	char canon[PREFIX_STRLEN];
	if (strlen(text) >= PREFIX_STRLEN || !strchr(text, '/') || prefix_parse(text, &p) < 0) {
		web_error(rs, 400, "prefix: not ADDRESS/LENGTH", "prefix");
		return;
	}
	/* The address as written against the prefix masked: a host bit set
	 * past the length is a mistake worth naming, not a silent mask. */
	char addr[PREFIX_STRLEN];
	struct ip_addr a;
	snprintf(addr, sizeof addr, "%.*s", (int)(strchr(text, '/') - text), text);
	if (ip_parse(addr, &a) < 0 || a.afi != p.afi) {
		web_error(rs, 400, "prefix: not ADDRESS/LENGTH", "prefix");
		return;
	}
	prefix_mask(&p);
	if (memcmp(a.b, p.b, sizeof p.b)) {
		web_error(rs, 400, "prefix: bits set past the length", "prefix");
		return;
	}
	prefix_fmt(&p, canon);
	uint32_t month = month_param(rq, rs, s);
	if (!month)
		return;
	char key[128], route[96];
	snprintf(route, sizeof route, "prefix|%s|%u", canon, month);
	cache_key(key, sizeof key, rq, route);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	if (!month_seen(s, month, rs))
		return;
	struct origins l = { 0 };
	if (store_prefix_origins(s, month, canon, keep_origin, &l) < 0) {
		free(l.v);
		web_error(rs, 500, "cannot read the observations", NULL);
		return;
	}
	if (!l.n) {
		free(l.v);
		char msg[128];
		snprintf(msg, sizeof msg, "%s: not seen in %04u-%02u", canon, month / 100, month % 100);
		web_error(rs, 404, msg, NULL);
		return;
	}
	char err[1024];
	struct obs_data *d = web_data_get(st, s, month, err, sizeof err);
	if (!d) {
		free(l.v);
		web_error(rs, 500, "cannot load the reference data", NULL);
		return;
	}
	char mt[8];
	month_text(month, mt);
	struct json j;
	json_begin(&j, &rs->body);
	json_obj_open(&j);
	json_key(&j, "prefix");
	json_str(&j, canon);
	json_key(&j, "month");
	json_str(&j, mt);
	json_key(&j, "origins");
	json_arr_open(&j);
	struct irr_verdict v[IRR_MAX_SOURCES];
	for (size_t i = 0; i < l.n; i++) {
		const struct store_prefix_origin *o = &l.v[i];
		json_obj_open(&j);
		json_key(&j, "asn");
		json_u64(&j, o->origin);
		json_key(&j, "peers");
		json_u64(&j, o->n_peers);
		json_key(&j, "collectors");
		json_u64(&j, o->n_collectors);
		json_key(&j, "firstSeen");
		json_time(&j, o->first_seen);
		json_key(&j, "lastSeen");
		json_time(&j, o->last_seen);
		json_key(&j, "announced");
		json_bool(&j, o->n_peers >= st->o->cfg.min_peers);
		json_key(&j, "rpki");
		struct vrp cover[OBS_MAX_VRPS];
		struct rov_detail det = { .cover = cover, .max = OBS_MAX_VRPS };
		if (d->have[OBS_KIND_VRP]) {
			json_str(&j, rov_state_name(rov_validate_detail(&d->vrp, &p, o->origin, &det)));
		} else
			json_str(&j, "no-data");
		json_key(&j, "vrps");
		json_arr_open(&j);
		for (size_t k = 0; d->have[OBS_KIND_VRP] && k < det.n_cover && k < OBS_MAX_VRPS; k++) {
			char vp[PREFIX_STRLEN];
			prefix_fmt(&cover[k].prefix, vp);
			json_obj_open(&j);
			json_key(&j, "prefix");
			json_str(&j, vp);
			json_key(&j, "maxLength");
			json_u64(&j, cover[k].maxlen);
			json_key(&j, "asn");
			json_u64(&j, cover[k].asn);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_key(&j, "irr");
		if (!d->have[OBS_KIND_IRR]) {
			json_str(&j, "no-data");
			json_key(&j, "irrSources");
			json_arr_open(&j);
			json_arr_close(&j);
		} else {
			unsigned nv = irr_db_check_route(d->irr, &p, true, o->origin, v);
			bool reg = false;
			for (unsigned k = 0; k < nv; k++)
				reg |= v[k].match == IRR_MATCH_EXACT ||
				       (st->o->cfg.irr_match == OBS_IRR_COVERING && v[k].match == IRR_MATCH_LESS_SPECIFIC);
			json_str(&j, reg ? "registered" : "not-registered");
			json_key(&j, "irrSources");
			json_arr_open(&j);
			for (unsigned k = 0; k < nv; k++)
				if (v[k].match == IRR_MATCH_EXACT ||
				    (st->o->cfg.irr_match == OBS_IRR_COVERING && v[k].match == IRR_MATCH_LESS_SPECIFIC))
					json_str(&j, irr_db_source_name(d->irr, v[k].source));
			json_arr_close(&j);
		}
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	wbuf_putc(&rs->body, '\n');
	web_data_release(st, d);
	free(l.v);
	done(st, gen, key, rq, rs, "origins", PREFIX_COLS, NCOLS(PREFIX_COLS));
}

/* ---- Incidents (the detectors' store_incident tables) ------------------ */

static const char *const INC_TYPES[] = { "moas", "submoas", "defcon", "edge", "squat", "leak", "bogon-prefix",
					 "bogon-asn" };

struct inc_list {
	struct store *s;
	struct json *j;
	uint32_t asn;
	bool has_asn, failed;
	uint64_t first, last, n;     /* the page: matches [first, last) are written */
};

static int inc_row(const char *id, void *ctx)
{
	struct inc_list *l = ctx;
	struct store_incident inc;
	int r = store_incident_get(l->s, id, &inc);
	if (r < 0) {
		l->failed = true;
		return 1;
	}
	if (r == 0)
		return 0;
	if (!l->has_asn || store_incident_involves(&inc, l->asn)) {
		if (l->n >= l->first && l->n < l->last)
			detect_incident_json(&inc, l->j);
		l->n++;
	}
	store_incident_free(&inc);
	return 0;
}

static const struct web_csv_col INC_COLS[] = {
	{ "id", "id" },         { "type", "type" },           { "start", "start" },
	{ "end", "end" },       { "culprit_asn", "culprit_asn" }, { "victim_asns", "victim_asns" },
	{ "suspicion", "suspicion" }, { "label", "label" },   { "prefix_count", "prefix_count" },
	{ "prefixes", "prefixes" },
};

/* A time parameter (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix seconds, as
 * `manrs incidents`); -1 absent, -2 bad (400 written). */
static int64_t time_param(const struct web_req *rq, struct web_resp *rs, const char *name)
{
	bool bad = false;
	const char *v = param(rq, rs, name, &bad);
	if (bad)
		return -2;
	if (!v)
		return -1;
	int64_t t = obs_parse_time(v, strlen(v));
	if (t < 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s: not YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix seconds", name);
		web_error(rs, 400, msg, name);
		return -2;
	}
	return t;
}

static void api_incidents(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs)
{
	bool bad = false;
	int64_t since = time_param(rq, rs, "since"), until = since == -2 ? -2 : time_param(rq, rs, "until");
	if (since == -2 || until == -2)
		return;
	const char *type = param(rq, rs, "type", &bad);
	const char *asn_s = bad ? NULL : param(rq, rs, "asn", &bad);
	const char *ms = bad ? NULL : param(rq, rs, "min_suspicion", &bad);
	const char *page_s = bad ? NULL : param(rq, rs, "page", &bad);
	const char *per_s = bad ? NULL : param(rq, rs, "per_page", &bad);
	if (bad)
		return;
	bool type_ok = !type;
	for (size_t i = 0; type && i < sizeof INC_TYPES / sizeof INC_TYPES[0]; i++)
		type_ok |= !strcmp(type, INC_TYPES[i]);
	if (!type_ok) {
		web_error(rs, 400, "type: moas, submoas, defcon, edge, squat, leak, bogon-prefix or bogon-asn", "type");
		return;
	}
	uint32_t asn = 0;
	if (asn_s && !parse_asn_text(asn_s, &asn)) {
		web_error(rs, 400, "asn: not an AS number", "asn");
		return;
	}
	int64_t min_s = -1, page = 1, per = WEB_DEFAULT_PER_PAGE;
	if (ms && (min_s = web_parse_uint(ms, 0, 100)) < 0) {
		web_error(rs, 400, "min_suspicion: a whole number from 0 to 100", "min_suspicion");
		return;
	}
	if (page_s && (page = web_parse_uint(page_s, 1, 1000000)) < 0) {
		web_error(rs, 400, "page: a whole number from 1", "page");
		return;
	}
	if (per_s && (per = web_parse_uint(per_s, 1, WEB_MAX_PER_PAGE)) < 0) {
		web_error(rs, 400, "per_page: a whole number from 1 to 1000", "per_page");
		return;
	}
	char key[256], route[200];
	snprintf(route, sizeof route, "incidents|%lld|%lld|%s|%u|%lld|%lld|%lld", (long long)since, (long long)until,
		 type ? type : "", asn, (long long)min_s, (long long)page, (long long)per);
	cache_key(key, sizeof key, rq, route);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	struct store_incident_filter f = { .since = since, .until = until, .type = type, .min_suspicion = (int)min_s };
	struct json j;
	json_begin(&j, &rs->body);
	json_obj_open(&j);
	json_key(&j, "page");
	json_u64(&j, (uint64_t)page);
	json_key(&j, "perPage");
	json_u64(&j, (uint64_t)per);
	json_key(&j, "incidents");
	json_arr_open(&j);
	struct inc_list l = { .s = s, .j = &j, .asn = asn, .has_asn = asn_s != NULL,
			      .first = (uint64_t)(page - 1) * (uint64_t)per };
	l.last = l.first + (uint64_t)per;
	if (store_incident_ids(s, &f, inc_row, &l) < 0 || l.failed) {
		web_error(rs, 500, "cannot read the incidents", NULL);
		return;
	}
	json_arr_close(&j);
	json_key(&j, "total");
	json_u64(&j, l.n);
	json_key(&j, "nextPage");
	if (l.last < l.n)
		json_u64(&j, (uint64_t)page + 1);
	else
		json_null(&j);
	json_obj_close(&j);
	wbuf_putc(&rs->body, '\n');
	done(st, gen, key, rq, rs, "incidents", INC_COLS, NCOLS(INC_COLS));
}

static const struct web_csv_col TIMELINE_COLS[] = {
	{ "time", "time" },       { "collector", "collector" }, { "peer_ip", "peer_ip" }, { "peer_asn", "peer_asn" },
	{ "prefix", "prefix" },   { "event", "event" },         { "path", "path" },
};

/* /api/v2/incidents/{id}: `manrs incident --json ID`, byte for byte. */
static void api_incident(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs,
			 const char *id)
{
	size_t n = strlen(id);
	bool ok = n > 0 && n < STORE_INC_ID;
	for (size_t i = 0; ok && i < n; i++)
		ok = (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9') ||
		     id[i] == '-';
	if (!ok) {
		web_error(rs, 400, "id: letters, digits and '-'", "id");
		return;
	}
	char key[160], route[96];
	snprintf(route, sizeof route, "incident|%s", id);
	cache_key(key, sizeof key, rq, route);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	struct store_incident inc;
	int r = store_incident_get(s, id, &inc);
	if (r < 0) {
		web_error(rs, 500, "cannot read the incidents", NULL);
		return;
	}
	if (r == 0) {
		web_error(rs, 404, "no such incident", NULL);
		return;
	}
	struct json j;
	json_begin(&j, &rs->body);
	json_obj_open(&j);
	detect_incident_json_keys(&inc, &j);
	int fr = web_feedback_json(s, id, &j);
	json_obj_close(&j);
	wbuf_putc(&rs->body, '\n');
	store_incident_free(&inc);
	if (fr < 0) {
		web_error(rs, 500, "cannot read the feedback", NULL);
		return;
	}
	done(st, gen, key, rq, rs, "timeline", TIMELINE_COLS, NCOLS(TIMELINE_COLS));
}

/* ---- HTML pages -------------------------------------------------------- */

static const char *const REGIONS[] = { "Africa", "Americas", "Asia", "Europe", "Oceania" };

/* The language of a page request; -1 with the 400 written. */
static int page_lang(const struct web_req *rq, struct web_resp *rs)
{
	bool bad = false;
	const char *v = param(rq, rs, "lang", &bad);
	if (bad)
		return -1;
	int l = web_lang_pick(v, rq->accept_language);
	if (l < 0)
		web_error(rs, 400, "lang: en, es or fr", "lang");
	return l;
}

/* The overview's per-country table (the world map): networks scored in
 * month per RIR delegation country, with their mean IRR and RPKI scores
 * (null when none has data), as a JSON array sorted by country. */
static int country_cmp(const void *a, const void *b)
{
	return strcmp(((const struct store_score *)a)->country, ((const struct store_score *)b)->country);
}

static bool countries_json(struct store *s, uint32_t month, struct wbuf *out)
{
	struct score_list l = { 0 };
	if (store_scores(s, month, keep_score, &l) < 0) {
		free(l.v);
		return false;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, country_cmp);
	struct json j;
	json_begin(&j, out);
	json_arr_open(&j);
	for (size_t i = 0, k; i < l.n; i = k) {
		double sum[2] = { 0, 0 };
		size_t with[2] = { 0, 0 };
		const int act[2] = { OBS_ACT_IRR, OBS_ACT_RPKI };
		for (k = i; k < l.n && !strcmp(l.v[k].country, l.v[i].country); k++)
			for (int a = 0; a < 2; a++)
				if (l.v[k].score[act[a]] >= 0) {
					sum[a] += l.v[k].score[act[a]];
					with[a]++;
				}
		if (!*l.v[i].country)
			continue;
		json_obj_open(&j);
		json_key(&j, "country");
		json_str(&j, l.v[i].country);
		json_key(&j, "networks");
		json_u64(&j, k - i);
		json_key(&j, "irr");
		obs_json_score(&j, with[0] ? sum[0] / (double)with[0] : -1);
		json_key(&j, "rpki");
		obs_json_score(&j, with[1] ? sum[1] / (double)with[1] : -1);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	wbuf_putc(out, 0);
	free(l.v);
	return true;
}

static void page_overview(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs)
{
	int lang = page_lang(rq, rs);
	if (lang < 0)
		return;
	uint32_t month = month_param(rq, rs, s);
	if (!month)
		return;
	char key[128], m[8];
	snprintf(key, sizeof key, "page|overview|%d|%u", lang, month);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	month_text(month, m);
	const size_t n = sizeof REGIONS / sizeof REGIONS[0];
	struct wbuf agg[sizeof REGIONS / sizeof REGIONS[0]];
	const char *texts[sizeof REGIONS / sizeof REGIONS[0]];
	char err[512];
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		wbuf_init(&agg[i], 1024);
		ok = ok && obs_aggregate_write(s, month, NULL, REGIONS[i], false, &st->o->cfg, OBS_FMT_JSON, &agg[i], err,
					       sizeof err) == 0;
		wbuf_putc(&agg[i], 0);
		texts[i] = agg[i].p;
	}
	struct wbuf cj;
	wbuf_init(&cj, 1024);
	ok = ok && countries_json(s, month, &cj);
	if (ok) {
		web_page_overview(&rs->body, (enum web_lang)lang, "/", m, REGIONS, texts, n, cj.p);
		rs->status = 200;
		rs->ctype = CT_HTML;
		web_cache_put(st, gen, key, rs->body.p, rs->body.len, CT_HTML);
	} else
		web_error(rs, 500, "cannot read the scores", NULL);
	wbuf_free(&cj);
	for (size_t i = 0; i < n; i++)
		wbuf_free(&agg[i]);
}

static void page_network(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs,
			 const char *asn_s)
{
	int lang = page_lang(rq, rs);
	if (lang < 0)
		return;
	uint32_t asn;
	if (asn_s) {
		if (!parse_asn_text(asn_s, &asn)) {
			web_error(rs, 400, "asn: not an AS number", "asn");
			return;
		}
	} else if (!asn_param(rq, rs, &asn))
		return;
	if (restricted(st, rq, rs))
		return;
	uint32_t month = month_param(rq, rs, s);
	if (!month)
		return;
	char key[128];
	snprintf(key, sizeof key, "page|network|%d|%u|%u", lang, asn, month);
	uint64_t gen = web_generation(st);
	if (from_cache(st, gen, key, rs))
		return;
	struct wbuf js;
	wbuf_init(&js, 1 << 14);
	if (details_json(st, s, asn, month, &js, rs) == 0) {
		char path[32];
		snprintf(path, sizeof path, "/networks/%u", asn);
		web_page_network(&rs->body, (enum web_lang)lang, path, js.p, js.len);
		rs->status = 200;
		rs->ctype = CT_HTML;
		web_cache_put(st, gen, key, rs->body.p, rs->body.len, CT_HTML);
	}
	wbuf_free(&js);
}

/* The incident pages: the API's JSON, rendered. Errors are the API's. */
static void page_incidents(struct web_state *st, struct store *s, const struct web_req *rq, struct web_resp *rs,
			   const char *id)
{
	int lang = page_lang(rq, rs);
	if (lang < 0)
		return;
	struct web_req jq = *rq;
	jq.csv = false;
	struct web_resp js;
	memset(&js, 0, sizeof js);
	wbuf_init(&js.body, 1 << 14);
	if (id)
		api_incident(st, s, &jq, &js, id);
	else
		api_incidents(st, s, &jq, &js);
	if (js.status != 200) {
		wbuf_free(&rs->body);
		*rs = js;
		return;
	}
	char path[96];
	snprintf(path, sizeof path, "/incidents%s%s", id ? "/" : "", id ? id : "");
	if (id) {
		web_page_incident(&rs->body, (enum web_lang)lang, path, js.body.p, js.body.len);
		web_feedback_page(st, rq, rs, lang, id, js.body.p, js.body.len);
	} else
		web_page_incidents(&rs->body, (enum web_lang)lang, path, js.body.p, js.body.len);
	rs->status = 200;
	rs->ctype = CT_HTML;
	wbuf_free(&js.body);
}

void web_api(struct web_state *st, const struct web_req *rq, struct web_resp *rs)
{
	const char *p = rq->path;
	if (!strncmp(p, "/static/", 8)) {
		size_t len;
		const char *ct;
		const char *body = web_static(p + 8, &len, &ct);
		if (!body) {
			web_error(rs, 404, "no such resource", NULL);
			return;
		}
		wbuf_put(&rs->body, body, len);
		rs->status = 200;
		rs->ctype = ct;
		return;
	}
	if (!strcmp(p, "/api/v2/openapi.json")) {
		wbuf_put(&rs->body, web_openapi_json, web_openapi_json_len);
		rs->status = 200;
		rs->ctype = CT_JSON;
		return;
	}
	char err[1024];
	struct store *s = NULL;
	bool known = !strcmp(p, "/incidents") || !strncmp(p, "/incidents/", 11) || !strcmp(p, "/") || !strcmp(p, "/networks") || !strncmp(p, "/networks/", 10) ||
		     !strcmp(p, "/api/v2/incidents") || !strncmp(p, "/api/v2/incidents/", 18) ||
		     !strcmp(p, "/api/v2/ases") || !strncmp(p, "/api/v2/ases/", 13) ||
		     !strcmp(p, "/api/v2/scores/summary") || !strcmp(p, "/api/v2/scores/details") ||
		     !strcmp(p, "/api/v2/participants") || !strncmp(p, "/api/v2/prefixes/", 17) ||
		     web_views_route(p);
	if (!known) {
		web_error(rs, 404, "no such resource", NULL);
		return;
	}
	if (!(s = web_store(err, sizeof err))) {
		web_error(rs, 503, "the database cannot be opened", NULL);
		return;
	}
	if (web_views_route(p))
		web_views(st, rq, rs);   /* history, compare, participants, learn */
	else if (!strcmp(p, "/"))
		page_overview(st, s, rq, rs);
	else if (!strcmp(p, "/incidents"))
		page_incidents(st, s, rq, rs, NULL);
	else if (!strncmp(p, "/incidents/", 11) && !strchr(p + 11, '/'))
		page_incidents(st, s, rq, rs, p + 11);
	else if (!strcmp(p, "/networks"))
		page_network(st, s, rq, rs, NULL);
	else if (!strncmp(p, "/networks/", 10) && !strchr(p + 10, '/'))
		page_network(st, s, rq, rs, p + 10);
	else if (!strcmp(p, "/api/v2/incidents"))
		api_incidents(st, s, rq, rs);
	else if (!strncmp(p, "/api/v2/incidents/", 18) && !strchr(p + 18, '/'))
		api_incident(st, s, rq, rs, p + 18);
	else if (!strcmp(p, "/api/v2/ases"))
		api_ases(st, s, rq, rs);
	else if (!strncmp(p, "/api/v2/ases/", 13) && !strchr(p + 13, '/'))
		api_as(st, s, rq, rs, p + 13);
	else if (!strcmp(p, "/api/v2/scores/summary"))
		api_summary(st, s, rq, rs);
	else if (!strcmp(p, "/api/v2/scores/details"))
		api_details(st, s, rq, rs);
	else if (!strcmp(p, "/api/v2/participants"))
		api_participants(st, s, rq, rs);
	else if (!strncmp(p, "/api/v2/prefixes/", 17))
		api_prefix(st, s, rq, rs, p + 17);
	else
		web_error(rs, 404, "no such resource", NULL);
}
