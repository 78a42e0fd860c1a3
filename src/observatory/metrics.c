/*
 * One network's MANRS metrics for one month (metrics.h): loads the month's
 * reference-data snapshots from the store, validates every announced
 * (prefix, origin) pair against them and keeps the evidence.
 */
#include "observatory/metrics.h"

#include "lib/xmalloc.h"
#include "observatory/advice.h"
#include "observatory/csv.h"
#include "store/store_metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void obs_month_range(uint32_t month, int64_t *from, int64_t *to)
{
	char a[16], b[16];
	uint32_t y = month / 100, m = month % 100;
	snprintf(a, sizeof a, "%04u-%02u-01", y, m);
	snprintf(b, sizeof b, "%04u-%02u-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	*from = obs_parse_time(a, strlen(a));
	*to = obs_parse_time(b, strlen(b));
}

struct load_ctx {
	struct obs_data *d;
	struct store *s;
	enum obs_kind k;
	size_t n;
	char *err;
	size_t errlen;
	bool failed;
};

/* Loads one snapshot of a set into the module of its kind. */
static int load_member(const struct store_snapshot *m, void *vctx)
{
	struct load_ctx *c = vctx;
	struct obs_data *d = c->d;
	char *text;
	size_t len;
	if (obs_snapshot_text(c->s, m, &text, &len, c->err, c->errlen) < 0) {
		c->failed = true;
		return 1;
	}
	char *src = d->sources[c->k];
	size_t used = strlen(src);
	snprintf(src + used, OBS_SOURCES_LEN - used, "%s%s", used ? ", " : "", m->source);
	if (c->n < 8)
		d->ids[c->k][c->n] = m->id;
	c->n++;
	switch (c->k) {
	case OBS_KIND_VRP: {
		struct vrp_load_opts o = { .format = VRP_FMT_AUTO };
		struct vrp_load_report rep;
		memset(&rep, 0, sizeof rep);
		vrp_load_mem(&d->vrp, text, len, &o, &rep);
		break;
	}
	case OBS_KIND_IRR: {
		struct irr_load_stats st;
		memset(&st, 0, sizeof st);
		irr_db_load_mem(d->irr, text, len, NULL, NULL, &st);
		break;
	}
	case OBS_KIND_DELEGATED: rirstats_parse(d->rs, m->source, text, len, NULL, NULL); break;
	case OBS_KIND_PEERINGDB: pdb_parse(d->pdb, m->source, text, len, NULL, NULL); break;
	case OBS_KIND_BOGONS: {
		struct bogons_list_report rep;
		bogons_parse_list(d->bogons, text, len, bogons_add_source(d->bogons, m->source), &rep, NULL, NULL);
		break;
	}
	case OBS_KIND_SPOOFER: spoofer_parse(d->sp, m->source, text, len, NULL, NULL); break;
	case OBS_KIND_ASNAMES: obs_asnames_parse(&d->names, text, len); break;
	default: break;
	}
	free(text);
	return 0;
}

/* Loads the snapshots for the period already in d (month, from, to). */
static int data_load(struct obs_data *d, struct store *s, uint32_t kinds, char *err, size_t errlen)
{
	pthread_mutex_init(&d->inc.mu, NULL);
	d->inc_mu_init = true;
	vrp_table_init(&d->vrp);
	d->irr = xcalloc(1, sizeof *d->irr);
	irr_db_init(d->irr);
	d->rs = rirstats_new();
	d->pdb = pdb_new();
	d->bogons = bogons_new();
	d->sp = spoofer_new();
	/* Delegated stats before bogons: their undelegated space is
	 * administrative bogon space too. */
	static const enum obs_kind order[] = { OBS_KIND_VRP, OBS_KIND_IRR, OBS_KIND_DELEGATED, OBS_KIND_PEERINGDB,
					       OBS_KIND_BOGONS, OBS_KIND_SPOOFER, OBS_KIND_ASPA, OBS_KIND_ASREL,
					       OBS_KIND_ASNAMES };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		enum obs_kind k = order[i];
		if (!(kinds & (1u << k)))
			continue;
		int r = store_snapshot_select(s, obs_kind_name(k), d->to, &d->snap[k], &d->fallback[k]);
		if (r < 0) {
			snprintf(err, errlen, "cannot read the snapshots: %s", store_errmsg(s));
			return -1;
		}
		if (r == 0)
			continue;
		d->have[k] = true;
		struct load_ctx c = { .d = d, .s = s, .k = k, .err = err, .errlen = errlen };
		if (store_snapshot_set(s, d->snap[k].id, load_member, &c) < 0) {
			snprintf(err, errlen, "cannot read the snapshots: %s", store_errmsg(s));
			return -1;
		}
		if (c.failed)
			return -1;
	}
	vrp_table_finish(&d->vrp);
	rirstats_finish(d->rs);
	if (d->have[OBS_KIND_DELEGATED])
		rirstats_add_bogons(d->rs, d->bogons);
	bogons_finish(d->bogons);
	pdb_finish(d->pdb);
	spoofer_finish(d->sp);
	obs_asnames_finish(&d->names);
	return 0;
}

int obs_data_load(struct obs_data *d, struct store *s, uint32_t month, uint32_t kinds, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	d->month = month;
	obs_month_range(month, &d->from, &d->to);
	return data_load(d, s, kinds, err, errlen);
}

int obs_data_load_day(struct obs_data *d, struct store *s, uint32_t day, uint32_t kinds, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	char b[16];
	snprintf(b, sizeof b, "%04u-%02u-%02u", day / 10000, day / 100 % 100, day % 100);
	int64_t t = obs_parse_time(b, strlen(b));
	d->month = day / 100;
	d->day = day;
	obs_month_range(d->month, &d->from, &d->to);
	if (t >= 0)
		d->to = t + 86400;
	return data_load(d, s, kinds, err, errlen);
}

void obs_data_free(struct obs_data *d)
{
	vrp_table_free(&d->vrp);
	if (d->irr) {
		irr_db_free(d->irr);
		free(d->irr);
	}
	rirstats_free(d->rs);
	pdb_free(d->pdb);
	bogons_free(d->bogons);
	spoofer_free(d->sp);
	obs_asnames_free(&d->names);
	free(d->inc.v);
	free(d->inc.roles);
	if (d->inc_mu_init)
		pthread_mutex_destroy(&d->inc.mu);
	memset(d, 0, sizeof *d);
}

/* ---- Incident metrics (M1, M1C, M2, M2C, M3C, M4, M4C) -------------- */

const char *obs_imetric_name(enum obs_imetric m)
{
	static const char *const names[OBS_IMETRIC_COUNT] = { "M1", "M1C", "M2", "M2C", "M3C", "M4", "M4C" };
	return (unsigned)m < OBS_IMETRIC_COUNT ? names[m] : "";
}

/* Longest path read per stored path, in ASes: paths are at most a few
 * dozen hops; longer ones are cut (the culprit is then not found). */
#define OBS_PATH_MAX 128
/* Accomplices kept per incident. */
#define OBS_ACC_MAX 256

struct inc_load {
	struct obs_incidents *x;
	const struct obs_config *c;
};

static void add_role(struct obs_incidents *x, uint32_t asn, uint32_t inc, enum obs_imetric m, unsigned hops)
{
	x->roles = xgrow(x->roles, &x->rcap, x->nroles + 1, sizeof *x->roles);
	x->roles[x->nroles++] = (struct obs_role){ .asn = asn, .inc = inc, .metric = (uint8_t)m,
						   .hops = (uint8_t)(hops > 255 ? 255 : hops) };
}

/* Keeps acc[asn] = the fewest hops seen (list of n entries, capped). */
static void acc_note(uint32_t *asn, unsigned *hops, size_t *n, uint32_t a, unsigned h)
{
	for (size_t i = 0; i < *n; i++)
		if (asn[i] == a) {
			if (h < hops[i])
				hops[i] = h;
			return;
		}
	if (*n < OBS_ACC_MAX) {
		asn[*n] = a;
		hops[*n] = h;
		(*n)++;
	}
}

/*
 * The accomplices of an incident with their distance from the culprit:
 * on each stored path (first AS next to the collector, prepends
 * collapsed), the ASes between the collector and the culprit, 1 for the
 * one next to it; and every AS of the incident's accomplice list, at the
 * distance the paths give, else 1 (hijacks and bogons list only the AS
 * next to the culprit) or 2 for a leak (its list runs down the whole
 * propagation: not known to be next to the leaker).
 */
static size_t accomplices(const struct store_metric_incident *in, bool leak, uint32_t *asn, unsigned *hops)
{
	size_t n = 0;
	const char *p = in->paths;
	while (*p) {
		uint32_t path[OBS_PATH_MAX];
		size_t len = 0;
		while (*p && *p != ';') {
			char *end;
			unsigned long v = strtoul(p, &end, 10);
			if (end == p) {
				p++;
				continue;
			}
			p = end;
			if (len < OBS_PATH_MAX && (len == 0 || path[len - 1] != (uint32_t)v))
				path[len++] = (uint32_t)v;
		}
		if (*p == ';')
			p++;
		size_t k = 0;
		while (k < len && path[k] != in->culprit)
			k++;
		for (size_t i = 0; k < len && i < k; i++)
			if (path[i] != in->culprit && path[i] != 0)
				acc_note(asn, hops, &n, path[i], (unsigned)(k - i));
	}
	const char *a = in->accomplices;
	while (*a) {
		char *end;
		unsigned long v = strtoul(a, &end, 10);
		if (end == a) {
			a++;
			continue;
		}
		a = end;
		if (v == 0 || (uint32_t)v == in->culprit)
			continue;
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = asn[i] == (uint32_t)v;
		if (!seen)
			acc_note(asn, hops, &n, (uint32_t)v, leak ? 2 : 1);
	}
	return n;
}

/* One selected incident: which metrics it feeds, and every AS's role. */
static int load_one(const struct store_metric_incident *in, void *vctx)
{
	struct inc_load *l = vctx;
	const struct obs_config *c = l->c;
	int t = detect_type_parse(in->type);
	int culprit_m = -1, acc_m = -1;
	switch (t) {
	case DT_LEAK: culprit_m = OBS_M1; acc_m = OBS_M1C; break;
	case DT_BOGON_PREFIX:   /* the originator's M3 comes from the observations */
		if (in->full_bogon || !c->full_bogons_only)
			acc_m = OBS_M3C;
		break;
	case DT_BOGON_ASN:
		if (in->full_bogon || !c->full_bogons_only) {
			culprit_m = OBS_M4;
			acc_m = OBS_M4C;
		}
		break;
	default:
		if (t >= 0 && (c->hijack_types & (1u << t))) {
			culprit_m = OBS_M2;
			acc_m = OBS_M2C;
		}
		break;
	}
	if (!in->has_culprit || (culprit_m < 0 && acc_m < 0))
		return 0;
	struct obs_incidents *x = l->x;
	uint32_t idx = (uint32_t)x->n;
	x->v = xgrow(x->v, &x->cap, x->n + 1, sizeof *x->v);
	struct obs_incident *o = &x->v[x->n++];
	memset(o, 0, sizeof *o);
	snprintf(o->id, sizeof o->id, "%s", in->id);
	snprintf(o->type, sizeof o->type, "%s", in->type);
	o->start = in->start;
	o->end = in->end;
	o->suspicion = in->suspicion;
	if (culprit_m >= 0)
		add_role(x, in->culprit, idx, (enum obs_imetric)culprit_m, 0);
	if (acc_m >= 0) {
		uint32_t *asn = xmalloc(OBS_ACC_MAX * sizeof *asn);
		unsigned *hops = xmalloc(OBS_ACC_MAX * sizeof *hops);
		size_t n = accomplices(in, t == DT_LEAK, asn, hops);
		for (size_t i = 0; i < n; i++)
			if (obs_role_weight(hops[i], c) > 0)
				add_role(x, asn[i], idx, (enum obs_imetric)acc_m, hops[i]);
		free(asn);
		free(hops);
	}
	return 0;
}

static int role_cmp(const void *a, const void *b)
{
	const struct obs_role *x = a, *y = b;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	if (x->metric != y->metric)
		return x->metric < y->metric ? -1 : 1;
	return (x->inc > y->inc) - (x->inc < y->inc);
}

/* Loads the period's incidents once per obs_data. 0 or -1. */
static int incidents_load(struct obs_data *d, struct store *s, const struct obs_config *c)
{
	struct obs_incidents *x = &d->inc;
	pthread_mutex_lock(&x->mu);
	if (x->loaded) {
		pthread_mutex_unlock(&x->mu);
		return 0;
	}
	int rc = -1;
	int ran = store_detect_ran(s, d->from, d->to);
	struct inc_load l = { .x = x, .c = c };
	if (ran >= 0 && (ran == 0 || store_metric_incidents(s, d->from, d->to, (int)c->min_suspicion, load_one, &l) == 0)) {
		x->ran = ran == 1;
		if (x->nroles > 1)
			qsort(x->roles, x->nroles, sizeof *x->roles, role_cmp);
		x->loaded = true;
		rc = 0;
	} else {
		/* Leave nothing half loaded: the next call tries again. */
		x->n = x->nroles = 0;
	}
	pthread_mutex_unlock(&x->mu);
	return rc;
}

static void compute_incidents(struct obs_net *n, const struct obs_data *d, const struct obs_config *c)
{
	const struct obs_incidents *x = &d->inc;
	for (int m = 0; m < OBS_IMETRIC_COUNT; m++)
		n->im[m].score = x->ran ? 1 : -1;
	if (!x->ran)
		return;
	/* The AS's first role: roles are sorted by AS. */
	size_t lo = 0, hi = x->nroles;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->roles[mid].asn < n->asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t caps[OBS_IMETRIC_COUNT] = { 0 };
	for (size_t i = lo; i < x->nroles && x->roles[i].asn == n->asn; i++) {
		const struct obs_role *r = &x->roles[i];
		const struct obs_incident *in = &x->v[r->inc];
		struct obs_imetric_val *v = &n->im[r->metric];
		struct obs_inc_ev e = { .inc = r->inc, .hops = r->hops, .weight = obs_role_weight(r->hops, c) };
		e.from = in->start < d->from ? d->from : in->start;
		e.to = in->end < 0 || in->end > d->to ? d->to : in->end;
		struct obs_event one = { e.from, e.to, e.weight };
		e.penalty = obs_incident_penalty(&one, 1, d->from, d->to, c, NULL);
		v->ev = xgrow(v->ev, &caps[r->metric], v->nev + 1, sizeof *v->ev);
		v->ev[v->nev++] = e;
		n->roles++;
	}
	for (int m = 0; m < OBS_IMETRIC_COUNT; m++) {
		struct obs_imetric_val *v = &n->im[m];
		struct obs_event *ev = xreallocarray(NULL, v->nev + 1, sizeof *ev);
		for (size_t k = 0; k < v->nev; k++)
			ev[k] = (struct obs_event){ v->ev[k].from, v->ev[k].to, v->ev[k].weight };
		v->raw = obs_incident_penalty(ev, v->nev, d->from, d->to, c, &v->incidents);
		v->score = obs_curve(v->raw, c->filtering_curve_k);
		free(ev);
	}
}

int obs_incident_asns(struct obs_data *d, struct store *s, const struct obs_config *c,
		      int (*cb)(uint32_t asn, void *ctx), void *ctx)
{
	if (incidents_load(d, s, c) < 0)
		return -1;
	const struct obs_incidents *x = &d->inc;
	for (size_t i = 0; i < x->nroles; i++)
		if ((i == 0 || x->roles[i].asn != x->roles[i - 1].asn) && cb(x->roles[i].asn, ctx))
			break;
	return 0;
}

/* Whether metric m counts in the Filtering score. */
static bool in_filtering(enum obs_imetric m, const struct obs_config *c)
{
	return c->count_leaks || (m != OBS_M1 && m != OBS_M1C);
}

/* ---- One network ------------------------------------------------------ */

struct pairs_ctx {
	struct obs_net *n;
	size_t cap;
};

static int add_pair(const struct store_pair *sp, void *vctx)
{
	struct pairs_ctx *c = vctx;
	struct obs_pair p;
	memset(&p, 0, sizeof p);
	if (prefix_parse(sp->prefix, &p.p) != 0)
		return 0;   /* the store only holds prefixes it formatted */
	snprintf(p.text, sizeof p.text, "%s", sp->prefix);
	p.origin = sp->origin;
	p.n_peers = sp->n_peers;
	p.first_seen = sp->first_seen;
	p.last_seen = sp->last_seen;
	c->n->pairs = xgrow(c->n->pairs, &c->cap, c->n->npairs + 1, sizeof *c->n->pairs);
	c->n->pairs[c->n->npairs++] = p;
	return 0;
}

struct events {
	struct obs_event *ev;
	size_t n, cap;
	double weight;
};

static int add_span(uint32_t day, uint32_t first, uint32_t last, void *vctx)
{
	(void)day;
	struct events *e = vctx;
	e->ev = xgrow(e->ev, &e->cap, e->n + 1, sizeof *e->ev);
	e->ev[e->n++] = (struct obs_event){ .start = first, .end = last, .weight = e->weight };
	return 0;
}

/* The IRR registry of a prefix's address space: its RIR's. */
static const char *registry_of(const struct obs_data *d, const struct prefix *p)
{
	const struct rir_record *r = d->have[OBS_KIND_DELEGATED] ? rirstats_prefix(d->rs, p) : NULL;
	const char *rir = r ? rir_name(r->rir) : "";
	if (!strcmp(rir, "ripencc"))
		return "RIPE";
	if (!strcmp(rir, "arin"))
		return "ARIN";
	if (!strcmp(rir, "apnic"))
		return "APNIC";
	if (!strcmp(rir, "lacnic"))
		return "LACNIC";
	if (!strcmp(rir, "afrinic"))
		return "AFRINIC";
	return "RADB";
}

static void compute_rpki(struct obs_net *n, struct obs_data *d, const struct obs_config *c)
{
	size_t cap = 0;
	for (size_t i = 0; i < n->npairs; i++) {
		struct obs_rpki_ev e;
		memset(&e, 0, sizeof e);
		struct rov_detail det = { .cover = e.cover, .max = OBS_MAX_VRPS };
		enum rov_state st = rov_validate_detail(&d->vrp, &n->pairs[i].p, n->pairs[i].origin, &det);
		if (st == ROV_VALID) {
			n->valid++;
			continue;
		}
		if (st == ROV_NOT_FOUND)
			n->not_found++;
		else
			n->invalid++;
		e.pair = i;
		e.state = st;
		e.ncover = det.n_cover < OBS_MAX_VRPS ? det.n_cover : OBS_MAX_VRPS;
		obs_advice_rpki(&n->pairs[i].p, n->pairs[i].origin, &det, e.fix, sizeof e.fix);
		n->rev = xgrow(n->rev, &cap, n->nrev + 1, sizeof *n->rev);
		n->rev[n->nrev++] = e;
	}
	n->rpki = obs_rpki_score(n->valid, n->invalid, n->not_found, c);
}

struct other_ctx {
	const struct prefix *p;
	uint32_t origin, other;
};

static int find_other(const struct irr_route *r, void *vctx)
{
	struct other_ctx *c = vctx;
	if (prefix_equal(&r->prefix, c->p) && r->origin != c->origin) {
		c->other = r->origin;
		return 1;
	}
	return 0;
}

static void compute_irr(struct obs_net *n, struct obs_data *d, const struct obs_config *c)
{
	uint16_t act[IRR_MAX_SOURCES];
	int pos[IRR_MAX_SOURCES];
	for (size_t i = 0; i < IRR_MAX_SOURCES; i++)
		pos[i] = -1;
	n->nsources = irr_db_active_sources(d->irr, act);
	for (unsigned i = 0; i < n->nsources; i++) {
		pos[act[i]] = (int)i;
		snprintf(n->source_name[i], sizeof n->source_name[i], "%s", irr_db_source_name(d->irr, act[i]));
	}
	struct irr_verdict *v = xcalloc(IRR_MAX_SOURCES, sizeof *v);
	size_t cap = 0;
	for (size_t i = 0; i < n->npairs; i++) {
		const struct obs_pair *p = &n->pairs[i];
		unsigned nv = irr_db_check_route(d->irr, &p->p, true, p->origin, v);
		bool reg = false;
		bool other = false;
		for (unsigned k = 0; k < nv; k++) {
			bool ok = v[k].match == IRR_MATCH_EXACT ||
				  (c->irr_match == OBS_IRR_COVERING && v[k].match == IRR_MATCH_LESS_SPECIFIC);
			if (ok && v[k].source < IRR_MAX_SOURCES && pos[v[k].source] >= 0)
				n->source_registered[pos[v[k].source]]++;
			reg |= ok;
			other |= v[k].other_origin != 0;
		}
		if (reg) {
			n->registered++;
			continue;
		}
		n->unregistered++;
		struct obs_irr_ev e;
		memset(&e, 0, sizeof e);
		e.pair = i;
		if (other) {
			struct other_ctx oc = { .p = &p->p, .origin = p->origin };
			irr_db_routes_covering(d->irr, &p->p, find_other, &oc);
			e.other_origin = oc.other;
		}
		snprintf(e.source, sizeof e.source, "%s", registry_of(d, &p->p));
		obs_advice_route_object(&p->p, p->origin, e.source, e.fix, sizeof e.fix);
		n->iev = xgrow(n->iev, &cap, n->niev + 1, sizeof *n->iev);
		n->iev[n->niev++] = e;
	}
	free(v);
	n->irr = obs_irr_score(n->registered, n->unregistered);
}

static int compute_bogons(struct obs_net *n, struct store *s, struct obs_data *d, const struct obs_config *c)
{
	struct events all = { .weight = c->culprit_weight };
	size_t cap = 0;
	int rc = 0;
	for (size_t i = 0; i < n->npairs && rc == 0; i++) {
		const struct obs_pair *p = &n->pairs[i];
		struct bogon_match m;
		bogons_check_prefix(d->bogons, &p->p, &m);
		if (m.kind == BOGON_NOT)
			continue;
		struct obs_bogon_ev e;
		memset(&e, 0, sizeof e);
		e.pair = i;
		e.kind = m.kind;
		e.full = m.kind == BOGON_FULL || m.kind == BOGON_FULL_SPANS;
		if (e.full) {
			const struct bogon_entry *be = m.kind == BOGON_FULL ? m.entry : m.spans;
			snprintf(e.what, sizeof e.what, "%s %s (%s, %s)", m.kind == BOGON_FULL ? "within" : "spans",
				 be ? be->prefix : "", be ? be->name : "", be ? be->rfc : "");
		} else {
			char bp[PREFIX_STRLEN];
			prefix_fmt(&m.admin_block, bp);
			snprintf(e.what, sizeof e.what, "%s %s (%s)", m.admin_within ? "within" : "spans", bp,
				 m.admin ? d->bogons->sources[m.admin->source] : "");
		}
		if (e.full || !c->full_bogons_only) {
			struct events one = { .weight = c->culprit_weight };
			if (store_day_spans(s, n->month, p->text, p->origin, add_span, &one) < 0)
				rc = -1;
			for (size_t k = 0; k < one.n; k++)
				add_span(0, (uint32_t)one.ev[k].start, (uint32_t)one.ev[k].end, &all);
			e.penalty = obs_incident_penalty(one.ev, one.n, d->from, d->to, c, &e.incidents);
			free(one.ev);
		}
		n->bev = xgrow(n->bev, &cap, n->nbev + 1, sizeof *n->bev);
		n->bev[n->nbev++] = e;
	}
	n->m3_raw = obs_incident_penalty(all.ev, all.n, d->from, d->to, c, &n->m3_incidents);
	n->m3 = obs_curve(n->m3_raw, c->filtering_curve_k);
	free(all.ev);
	return rc;
}

int obs_net_compute(struct obs_net *n, struct store *s, struct obs_data *d, uint32_t asn,
		    const struct obs_config *c, char *err, size_t errlen)
{
	memset(n, 0, sizeof *n);
	n->asn = asn;
	n->month = d->month;
	n->rpki = n->irr = n->m5 = n->m8 = -1;
	struct pairs_ctx pc = { .n = n };
	if ((d->day ? store_day_pairs(s, d->month * 100 + 1, d->day, asn, c->min_peers, add_pair, &pc)
		    : store_announced_pairs(s, d->month, asn, c->min_peers, add_pair, &pc)) < 0) {
		snprintf(err, errlen, "cannot read the observations: %s", store_errmsg(s));
		return -1;
	}
	if (d->have[OBS_KIND_DELEGATED]) {
		const struct rir_record *r = rirstats_asn(d->rs, asn);
		if (r) {
			snprintf(n->country, sizeof n->country, "%s", r->cc);
			snprintf(n->rir, sizeof n->rir, "%s", rir_name(r->rir));
		}
	}
	if (d->have[OBS_KIND_VRP]) {
		n->rpki_data = true;
		compute_rpki(n, d, c);
	}
	if (d->have[OBS_KIND_IRR]) {
		n->irr_data = true;
		compute_irr(n, d, c);
	}
	if (compute_bogons(n, s, d, c) < 0) {
		snprintf(err, errlen, "cannot read the day observations: %s", store_errmsg(s));
		return -1;
	}
	if (incidents_load(d, s, c) < 0) {
		snprintf(err, errlen, "cannot read the incidents: %s", store_errmsg(s));
		return -1;
	}
	compute_incidents(n, d, c);
	if (d->have[OBS_KIND_SPOOFER]) {
		spoofer_summarise(d->sp, asn, d->from, d->to, &n->spoof);
		if (n->spoof.tests > 0) {
			n->spoof_data = true;
			n->m5 = obs_curve((double)n->spoof.received_prefixes, c->spoofing_curve_k);
		}
	}
	if (d->have[OBS_KIND_PEERINGDB]) {
		struct pdb_asn a;
		pdb_lookup_asn(d->pdb, asn, &a);
		n->pdb_net = a.net != NULL;
		if (a.net)
			snprintf(n->holder, sizeof n->holder, "%s", pdb_str(d->pdb, a.net->name));
		else if (a.org)
			snprintf(n->holder, sizeof n->holder, "%s", pdb_str(d->pdb, a.org->name));
	}
	obs_contacts_compute(&n->contact, d, asn, c);
	n->m8 = n->contact.score;
	if (d->have[OBS_KIND_ASNAMES]) {
		snprintf(n->name, sizeof n->name, "%s", obs_asnames_get(&d->names, asn, NULL));
		if (!*n->holder)
			snprintf(n->holder, sizeof n->holder, "%s", n->name);
	}
	/* Action 1: the raw penalties of its metrics add up, and the sum
	 * goes through the Filtering curve (MANRS-SPEC 2.3, 2.4, 2.6). */
	n->filtering_raw = n->m3_raw;
	n->filtering_partial = !d->inc.ran;
	for (int m = 0; m < OBS_IMETRIC_COUNT; m++) {
		n->counted[m] = n->im[m].score >= 0 && in_filtering((enum obs_imetric)m, c);
		if (n->counted[m])
			n->filtering_raw += n->im[m].raw;
	}
	n->action[OBS_ACT_FILTERING] = obs_curve(n->filtering_raw, c->filtering_curve_k);
	n->action[OBS_ACT_ANTI_SPOOFING] = n->m5;
	n->action[OBS_ACT_COORDINATION] = n->m8;
	n->action[OBS_ACT_IRR] = n->irr;
	n->action[OBS_ACT_RPKI] = n->rpki;
	for (int a = 0; a < OBS_ACT_COUNT; a++)
		n->level[a] = obs_level_of(n->action[a], c);
	return 0;
}

void obs_net_free(struct obs_net *n)
{
	free(n->pairs);
	free(n->rev);
	free(n->iev);
	free(n->bev);
	for (int m = 0; m < OBS_IMETRIC_COUNT; m++)
		free(n->im[m].ev);
	memset(n, 0, sizeof *n);
}

/* ---- Output ------------------------------------------------------------- */

/* A number with up to 4 decimals, trailing zeros dropped. */
static void fmt_num(double v, char out[48])
{
	snprintf(out, 48, "%.4f", v);
	char *dot = strchr(out, '.');
	if (dot) {
		char *e = out + strlen(out) - 1;
		while (e > dot && *e == '0')
			*e-- = 0;
		if (e == dot)
			*e = 0;
	}
	if (!strcmp(out, "-0"))
		strcpy(out, "0");
}

void obs_json_score(struct json *j, double v)
{
	if (v < 0) {
		json_null(j);
		return;
	}
	char b[48];
	fmt_num(v, b);
	json_raw(j, b);
}

static void json_num(struct json *j, double v)
{
	char b[48];
	fmt_num(v, b);
	json_raw(j, b);
}

/* Opens an evidence object with the route it is about. */
static void json_route_open(struct json *j, const struct obs_pair *p)
{
	json_obj_open(j);
	json_key(j, "prefix");
	json_str(j, p->text);
	json_key(j, "origin");
	json_u64(j, p->origin);
}

static void json_time(struct json *j, int64_t t)
{
	char b[32];
	obs_format_time(t, b);
	json_str(j, b);
}

static void no_data(struct json *j, const char *metric, const char *why)
{
	json_key(j, metric);
	json_obj_open(j);
	json_key(j, "score");
	json_null(j);
	json_key(j, "status");
	json_str(j, "no data");
	json_key(j, "reason");
	json_str(j, why);
	json_obj_close(j);
}

/* Why an incident metric has no data. */
static const char NO_DETECT[] = "no file of the period was read with the incident detectors on"
				" (manrs ingest without --no-detect)";

/* The fix for a network's part in an incident, by metric. */
static const char *imetric_fix(enum obs_imetric m)
{
	switch (m) {
	case OBS_M1:
		return "filter announcements to providers and peers to your own and your customers' routes (RFC 7908;"
		       " prefix lists from the IRR, RFC 9234 roles, ASPA)";
	case OBS_M1C:
	case OBS_M2C:
		return "filter your customers' and peers' announcements: accept only prefixes and origins they are"
		       " registered for (IRR route objects, RPKI ROV: drop invalid)";
	case OBS_M2:
		return "announce only address space you hold or are authorised to originate; create ROAs and route"
		       " objects for legitimate announcements";
	case OBS_M3C:
		return "drop bogon prefixes (RFC 6890 special-purpose and unallocated space) from customers and peers";
	case OBS_M4:
	case OBS_M4C:
		return "drop routes whose AS path holds a private, reserved or unallocated AS number (RFC 6996, RFC"
		       " 7300, RFC 5398), and strip private ASNs before announcing";
	default:
		return "";
	}
}

static void json_imetric(struct json *j, const struct obs_net *n, const struct obs_data *d, enum obs_imetric m)
{
	const struct obs_imetric_val *v = &n->im[m];
	if (v->score < 0) {
		no_data(j, obs_imetric_name(m), NO_DETECT);
		return;
	}
	json_key(j, obs_imetric_name(m));
	json_obj_open(j);
	json_key(j, "raw");
	json_num(j, v->raw);
	json_key(j, "score");
	obs_json_score(j, v->score);
	json_key(j, "incidents");
	json_u64(j, v->incidents);
	json_key(j, "in_filtering");
	json_bool(j, n->counted[m]);
	json_key(j, "evidence");
	json_arr_open(j);
	for (size_t i = 0; i < v->nev; i++) {
		const struct obs_inc_ev *e = &v->ev[i];
		const struct obs_incident *in = &d->inc.v[e->inc];
		json_obj_open(j);
		json_key(j, "id");
		json_str(j, in->id);
		json_key(j, "type");
		json_str(j, in->type);
		json_key(j, "role");
		json_str(j, e->hops ? "accomplice" : "culprit");
		json_key(j, "hops");
		json_u64(j, e->hops);
		json_key(j, "weight");
		json_num(j, e->weight);
		json_key(j, "suspicion");
		json_u64(j, (uint64_t)in->suspicion);
		json_key(j, "start");
		json_time(j, in->start);
		json_key(j, "end");
		if (in->end < 0)
			json_null(j);
		else
			json_time(j, in->end);
		json_key(j, "counted_from");
		json_time(j, e->from);
		json_key(j, "counted_to");
		json_time(j, e->to);
		json_key(j, "penalty");
		json_num(j, e->penalty);
		json_obj_close(j);
	}
	json_arr_close(j);
	if (v->nev) {
		json_key(j, "fix");
		json_str(j, imetric_fix(m));
	}
	json_obj_close(j);
}

void obs_net_json(const struct obs_net *n, const struct obs_data *d, struct json *j)
{
	char m[16];
	snprintf(m, sizeof m, "%04u-%02u", n->month / 100, n->month % 100);
	json_obj_open(j);
	json_key(j, "asn");
	json_u64(j, n->asn);
	json_key(j, "month");
	json_str(j, m);
	if (d->day) {
		char day[16];
		snprintf(day, sizeof day, "%04u-%02u-%02u", d->day / 10000, d->day / 100 % 100, d->day % 100);
		json_key(j, "day");
		json_str(j, day);
	}
	json_key(j, "holder");
	if (*n->holder)
		json_str(j, n->holder);
	else
		json_null(j);
	json_key(j, "name");
	if (*n->name)
		json_str(j, n->name);
	else
		json_null(j);
	json_key(j, "country");
	if (*n->country)
		json_str(j, n->country);
	else
		json_null(j);
	json_key(j, "rir");
	if (*n->rir)
		json_str(j, n->rir);
	else
		json_null(j);
	json_key(j, "announced");
	json_u64(j, n->npairs);
	json_key(j, "actions");
	json_obj_open(j);
	for (int a = 0; a < OBS_ACT_COUNT; a++) {
		json_key(j, obs_action_name((enum obs_action)a));
		json_obj_open(j);
		json_key(j, "score");
		obs_json_score(j, n->action[a]);
		json_key(j, "level");
		json_str(j, obs_level_name(n->level[a]));
		if (a == OBS_ACT_FILTERING) {
			/* Partial: M3 alone, no detection ran over the period. */
			json_key(j, "raw");
			json_num(j, n->filtering_raw);
			json_key(j, "partial");
			json_bool(j, n->filtering_partial);
			json_key(j, "from");
			json_arr_open(j);
			for (int k = 0; k <= OBS_IMETRIC_COUNT; k++) {
				if (k == OBS_M3C)
					json_str(j, "M3");
				if (k < OBS_IMETRIC_COUNT && n->counted[k])
					json_str(j, obs_imetric_name((enum obs_imetric)k));
			}
			json_arr_close(j);
		}
		json_obj_close(j);
	}
	json_obj_close(j);

	json_key(j, "metrics");
	json_obj_open(j);
	for (int k = 0; k < OBS_M3C; k++)
		json_imetric(j, n, d, (enum obs_imetric)k);

	json_key(j, "M3");
	json_obj_open(j);
	json_key(j, "raw");
	json_num(j, n->m3_raw);
	json_key(j, "score");
	obs_json_score(j, n->m3);
	json_key(j, "incidents");
	json_u64(j, n->m3_incidents);
	json_key(j, "evidence");
	json_arr_open(j);
	for (size_t i = 0; i < n->nbev; i++) {
		const struct obs_bogon_ev *e = &n->bev[i];
		const struct obs_pair *p = &n->pairs[e->pair];
		json_route_open(j, p);
		json_key(j, "bogon");
		json_str(j, bogon_kind_name(e->kind));
		json_key(j, "scored");
		json_bool(j, e->full || e->penalty > 0);
		json_key(j, "what");
		json_str(j, e->what);
		json_key(j, "first_seen");
		json_time(j, p->first_seen);
		json_key(j, "last_seen");
		json_time(j, p->last_seen);
		json_key(j, "penalty");
		json_num(j, e->penalty);
		json_key(j, "fix");
		json_str(j, "stop originating this prefix and filter it from customers and peers (RFC 6890 special-purpose"
			    " space, or space no RIR delegated)");
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
	for (int k = OBS_M3C; k < OBS_IMETRIC_COUNT; k++)
		json_imetric(j, n, d, (enum obs_imetric)k);

	if (!d->have[OBS_KIND_SPOOFER])
		no_data(j, "M5", "no spoofer snapshot loaded");
	else if (!n->spoof_data)
		no_data(j, "M5", "no Spoofer test in the month");
	else {
		json_key(j, "M5");
		json_obj_open(j);
		json_key(j, "score");
		obs_json_score(j, n->m5);
		json_key(j, "tests");
		json_u64(j, n->spoof.tests);
		json_key(j, "received_prefixes");
		json_u64(j, n->spoof.received_prefixes);
		json_obj_close(j);
	}

	obs_contacts_json(&n->contact, j);

	if (!n->irr_data)
		no_data(j, "M7IRR", "no irr snapshot loaded");
	else {
		json_key(j, "M7IRR");
		json_obj_open(j);
		json_key(j, "score");
		obs_json_score(j, n->irr);
		json_key(j, "registered");
		json_u64(j, n->registered);
		json_key(j, "unregistered");
		json_u64(j, n->unregistered);
		json_key(j, "by_source");
		json_obj_open(j);
		for (unsigned i = 0; i < n->nsources; i++) {
			json_key(j, n->source_name[i]);
			json_u64(j, n->source_registered[i]);
		}
		json_obj_close(j);
		json_key(j, "evidence");
		json_arr_open(j);
		for (size_t i = 0; i < n->niev; i++) {
			const struct obs_irr_ev *e = &n->iev[i];
			json_route_open(j, &n->pairs[e->pair]);
			json_key(j, "status");
			json_str(j, e->other_origin ? "other-origin" : "no-route-object");
			if (e->other_origin) {
				json_key(j, "registered_origin");
				json_u64(j, e->other_origin);
			}
			json_key(j, "fix");
			json_str(j, e->fix);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_obj_close(j);
	}

	if (!n->rpki_data)
		no_data(j, "M7RPKI", "no vrp snapshot loaded");
	else {
		json_key(j, "M7RPKI");
		json_obj_open(j);
		json_key(j, "score");
		obs_json_score(j, n->rpki);
		json_key(j, "valid");
		json_u64(j, n->valid);
		json_key(j, "invalid");
		json_u64(j, n->invalid);
		json_key(j, "not_found");
		json_u64(j, n->not_found);
		json_key(j, "evidence");
		json_arr_open(j);
		for (size_t i = 0; i < n->nrev; i++) {
			const struct obs_rpki_ev *e = &n->rev[i];
			json_route_open(j, &n->pairs[e->pair]);
			json_key(j, "status");
			json_str(j, rov_state_name(e->state));
			json_key(j, "vrps");
			json_arr_open(j);
			for (size_t k = 0; k < e->ncover; k++) {
				char vp[PREFIX_STRLEN];
				prefix_fmt(&e->cover[k].prefix, vp);
				json_obj_open(j);
				json_key(j, "prefix");
				json_str(j, vp);
				json_key(j, "max_length");
				json_u64(j, e->cover[k].maxlen);
				json_key(j, "asn");
				json_u64(j, e->cover[k].asn);
				json_obj_close(j);
			}
			json_arr_close(j);
			json_key(j, "fix");
			json_str(j, e->fix);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_obj_close(j);
	}
	json_obj_close(j);

	json_key(j, "inputs");
	json_obj_open(j);
	for (int k = 0; k < OBS_KIND_COUNT; k++) {
		if (!d->have[k])
			continue;
		json_key(j, obs_kind_name((enum obs_kind)k));
		json_obj_open(j);
		json_key(j, "source");
		json_str(j, d->sources[k]);
		json_key(j, "time");
		json_time(j, d->snap[k].time);
		json_key(j, "time_from");
		json_str(j, d->snap[k].time_from);
		json_key(j, "snapshot");
		json_u64(j, (uint64_t)d->snap[k].id);
		json_key(j, "newer_than_period");
		json_bool(j, d->fallback[k]);
		json_obj_close(j);
	}
	json_obj_close(j);
	json_obj_close(j);
}

static void text_score(struct wbuf *w, double v)
{
	char b[48];
	if (v < 0)
		wbuf_puts(w, "no data");
	else {
		fmt_num(v, b);
		wbuf_puts(w, b);
	}
}

/* An incident metric's lines of the text report. */
static void text_imetric(struct wbuf *w, const struct obs_net *n, const struct obs_data *d, enum obs_imetric m)
{
	const struct obs_imetric_val *v = &n->im[m];
	wbuf_printf(w, "  %-7s ", obs_imetric_name(m));
	if (v->score < 0) {
		wbuf_puts(w, "no data (no incident detection ran over the period)\n");
		return;
	}
	char raw[48];
	fmt_num(v->raw, raw);
	wbuf_printf(w, "raw %s, score ", raw);
	text_score(w, v->score);
	wbuf_printf(w, ", %zu incident(s)%s\n", v->incidents, n->counted[m] ? "" : " (not in the Filtering score)");
	for (size_t i = 0; i < v->nev; i++) {
		const struct obs_inc_ev *e = &v->ev[i];
		const struct obs_incident *in = &d->inc.v[e->inc];
		char a[32], b[32], wt[48], pen[48];
		obs_format_time(e->from, a);
		obs_format_time(e->to, b);
		fmt_num(e->weight, wt);
		fmt_num(e->penalty, pen);
		wbuf_printf(w, "    %s: %s %s, weight %s, suspicion %d, %s .. %s%s, penalty %s\n", in->id, in->type,
			    e->hops ? "accomplice" : "culprit", wt, in->suspicion, a, b, in->end < 0 ? " (still open)" : "",
			    pen);
	}
	if (v->nev)
		wbuf_printf(w, "    fix: %s\n", imetric_fix(m));
}

void obs_net_text(const struct obs_net *n, const struct obs_data *d, struct wbuf *w)
{
	wbuf_printf(w, "AS%u  %04u-%02u  %s  %s\n", n->asn, n->month / 100, n->month % 100,
		    *n->holder ? n->holder : "(holder unknown)", *n->country ? n->country : "(country unknown)");
	if (d->day) {
		char a[32];
		obs_format_time(d->to - 1, a);
		wbuf_printf(w, "month to date: %04u-%02u-%02u (up to %s)\n", d->day / 10000, d->day / 100 % 100,
			    d->day % 100, a);
	}
	if (*n->name && strcmp(n->name, n->holder))
		wbuf_printf(w, "AS name: %s\n", n->name);
	wbuf_printf(w, "announced (prefix, origin) pairs: %zu\n\nActions\n", n->npairs);
	for (int a = 0; a < OBS_ACT_COUNT; a++) {
		wbuf_printf(w, "  %-14s ", obs_action_name((enum obs_action)a));
		text_score(w, n->action[a]);
		wbuf_printf(w, "  %s%s\n", obs_level_name(n->level[a]),
			    a == OBS_ACT_FILTERING && n->filtering_partial ? "  (M3 only: no incident detection)" : "");
	}
	wbuf_puts(w, "\nMetrics\n");
	for (int m = 0; m < OBS_M3C; m++)
		text_imetric(w, n, d, (enum obs_imetric)m);
	wbuf_printf(w, "  M3      raw %g, score ", n->m3_raw);
	text_score(w, n->m3);
	wbuf_printf(w, ", %zu incident(s)\n", n->m3_incidents);
	for (size_t i = 0; i < n->nbev; i++)
		wbuf_printf(w, "    %s AS%u: %s, %s%s\n", n->pairs[n->bev[i].pair].text, n->pairs[n->bev[i].pair].origin,
			    bogon_kind_name(n->bev[i].kind), n->bev[i].what,
			    n->bev[i].full ? "" : " (administrative: not scored)");
	for (int m = OBS_M3C; m < OBS_IMETRIC_COUNT; m++)
		text_imetric(w, n, d, (enum obs_imetric)m);
	wbuf_puts(w, "  M5      ");
	if (n->spoof_data) {
		text_score(w, n->m5);
		wbuf_printf(w, " (%llu tests, %llu prefixes received spoofed packets)\n",
			    (unsigned long long)n->spoof.tests, (unsigned long long)n->spoof.received_prefixes);
	} else
		wbuf_puts(w, d->have[OBS_KIND_SPOOFER] ? "no data (no Spoofer test in the month)\n"
						     : "no data (no spoofer snapshot)\n");
	wbuf_puts(w, "  M8      ");
	obs_contacts_text(&n->contact, w);
	wbuf_puts(w, "  M7IRR   ");
	if (n->irr_data) {
		text_score(w, n->irr);
		wbuf_printf(w, " (%llu registered, %llu unregistered)\n", (unsigned long long)n->registered,
			    (unsigned long long)n->unregistered);
		for (size_t i = 0; i < n->niev; i++)
			wbuf_printf(w, "    %s AS%u: no route object%s; register:\n%s", n->pairs[n->iev[i].pair].text,
				    n->pairs[n->iev[i].pair].origin, n->iev[i].other_origin ? " with this origin" : "",
				    n->iev[i].fix);
	} else
		wbuf_puts(w, "no data (no irr snapshot)\n");
	wbuf_puts(w, "  M7RPKI  ");
	if (n->rpki_data) {
		text_score(w, n->rpki);
		wbuf_printf(w, " (%llu valid, %llu invalid, %llu not found)\n", (unsigned long long)n->valid,
			    (unsigned long long)n->invalid, (unsigned long long)n->not_found);
		for (size_t i = 0; i < n->nrev; i++)
			wbuf_printf(w, "    %s AS%u: %s. %s\n", n->pairs[n->rev[i].pair].text, n->pairs[n->rev[i].pair].origin,
				    rov_state_name(n->rev[i].state), n->rev[i].fix);
	} else
		wbuf_puts(w, "no data (no vrp snapshot)\n");
	wbuf_puts(w, "\nInputs\n");
	for (int k = 0; k < OBS_KIND_COUNT; k++) {
		if (!d->have[k])
			continue;
		char t[32];
		obs_format_time(d->snap[k].time, t);
		wbuf_printf(w, "  %-10s %s (%s%s)\n", obs_kind_name((enum obs_kind)k), d->sources[k], t,
			    d->fallback[k] ? ", newer than the month: no older snapshot" : "");
	}
}

/* One record of the CSV report: the network's columns, then the item. */
static void csv_row(struct wbuf *w, const struct obs_net *n, const char *item, double score, const char *level,
		    const char *status, const char *detail)
{
	char m[16];
	snprintf(m, sizeof m, "%04u-%02u", n->month / 100, n->month % 100);
	obs_csv_u64(w, true, n->asn);
	obs_csv_str(w, false, m);
	obs_csv_str(w, false, n->holder);
	obs_csv_str(w, false, n->name);
	obs_csv_str(w, false, n->country);
	obs_csv_str(w, false, item);
	obs_csv_num(w, false, score);
	obs_csv_str(w, false, level);
	obs_csv_str(w, false, status);
	obs_csv_str(w, false, detail);
	obs_csv_end(w);
}

/* An incident metric's CSV record. */
static void csv_imetric(struct wbuf *w, const struct obs_net *n, enum obs_imetric m)
{
	const struct obs_imetric_val *v = &n->im[m];
	if (v->score < 0) {
		csv_row(w, n, obs_imetric_name(m), -1, "", "no data", NO_DETECT);
		return;
	}
	char b[256], num[48];
	fmt_num(v->raw, num);
	snprintf(b, sizeof b, "raw=%s;incidents=%zu;in_filtering=%s;evidence=%zu", num, v->incidents,
		 n->counted[m] ? "true" : "false", v->nev);
	csv_row(w, n, obs_imetric_name(m), v->score, "", "", b);
}

void obs_net_csv(const struct obs_net *n, const struct obs_data *d, struct wbuf *w)
{
	obs_csv_header(w, "asn,month,holder,name,country,item,score,level,status,detail");
	char b[256], num[48];
	for (int a = 0; a < OBS_ACT_COUNT; a++) {
		b[0] = 0;
		if (a == OBS_ACT_FILTERING) {
			fmt_num(n->filtering_raw, num);
			size_t at = (size_t)snprintf(b, sizeof b, "raw=%s;from=", num);
			const char *sep = "";
			for (int m = 0; m <= OBS_IMETRIC_COUNT && at < sizeof b; m++) {
				if (m == OBS_M3C) {
					at += (size_t)snprintf(b + at, sizeof b - at, "%sM3", sep);
					sep = "+";
				}
				if (m < OBS_IMETRIC_COUNT && n->counted[m] && at < sizeof b) {
					at += (size_t)snprintf(b + at, sizeof b - at, "%s%s", sep,
							       obs_imetric_name((enum obs_imetric)m));
					sep = "+";
				}
			}
		}
		csv_row(w, n, obs_action_name((enum obs_action)a), n->action[a], obs_level_name(n->level[a]),
			a == OBS_ACT_FILTERING && n->filtering_partial ? "partial" : "", b);
	}
	for (int m = 0; m < OBS_M3C; m++)
		csv_imetric(w, n, (enum obs_imetric)m);
	fmt_num(n->m3_raw, num);
	snprintf(b, sizeof b, "raw=%s;incidents=%zu;evidence=%zu", num, n->m3_incidents, n->nbev);
	csv_row(w, n, "M3", n->m3, "", "", b);
	for (int m = OBS_M3C; m < OBS_IMETRIC_COUNT; m++)
		csv_imetric(w, n, (enum obs_imetric)m);
	if (!d->have[OBS_KIND_SPOOFER] || !n->spoof_data)
		csv_row(w, n, "M5", -1, "", "no data",
			!d->have[OBS_KIND_SPOOFER] ? "no spoofer snapshot loaded" : "no Spoofer test in the month");
	else {
		snprintf(b, sizeof b, "tests=%llu;received_prefixes=%llu", (unsigned long long)n->spoof.tests,
			 (unsigned long long)n->spoof.received_prefixes);
		csv_row(w, n, "M5", n->m5, "", "", b);
	}
	if (n->m8 < 0)
		csv_row(w, n, "M8", -1, "", "no data", n->contact.no_data);
	else
		csv_row(w, n, "M8", n->m8, "", "", obs_contacts_csv_detail(&n->contact, b, sizeof b));
	if (!n->irr_data)
		csv_row(w, n, "M7IRR", -1, "", "no data", "no irr snapshot loaded");
	else {
		snprintf(b, sizeof b, "registered=%llu;unregistered=%llu", (unsigned long long)n->registered,
			 (unsigned long long)n->unregistered);
		csv_row(w, n, "M7IRR", n->irr, "", "", b);
	}
	if (!n->rpki_data)
		csv_row(w, n, "M7RPKI", -1, "", "no data", "no vrp snapshot loaded");
	else {
		snprintf(b, sizeof b, "valid=%llu;invalid=%llu;not_found=%llu", (unsigned long long)n->valid,
			 (unsigned long long)n->invalid, (unsigned long long)n->not_found);
		csv_row(w, n, "M7RPKI", n->rpki, "", "", b);
	}
}
