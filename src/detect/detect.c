/*
 * The detector engine (detect.h): route state per peer, prefix-origin
 * history, the detectors over each route event, and the incident
 * lifecycle (open, grow, end when every offending route is withdrawn or
 * replaced, merge with a recurrence within the merge gap, resolve).
 * Evidence and suspicion are in detect_score.c.
 */
#include "detect/detect_int.h"

#include "bgp/bgp.h"
#include "lib/hashset.h"
#include "lib/xmalloc.h"
#include "refdata/bogons.h"
#include "topo/asrel.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stream time between two housekeeping passes (scores, notifications,
 * resolutions): a live feed and a replayed archive tick the same way. */
#define DETECT_TICK 60u
/* Stream time between two looks at whether an unchanged MOAS is
 * contested. */
#define DETECT_CONTEST_RECHECK 600u

static const char *const type_names[DT_COUNT] = { "moas", "submoas", "defcon", "edge", "squat", "leak",
						   "bogon-prefix", "bogon-asn" };

const char *detect_type_name(enum detect_type t) { return t < DT_COUNT ? type_names[t] : "?"; }

int detect_type_parse(const char *s)
{
	for (int i = 0; i < DT_COUNT; i++)
		if (!strcmp(s, type_names[i]))
			return i;
	return -1;
}

void detect_config_defaults(struct detect_config *c)
{
	c->lookback_months = 10;    /* GRIP's "not announced in the past 10 months" */
	c->baseline_min_peers = 2;
	c->merge_gap = 300;
	c->warmup = 900;
	c->short_seconds = 300;     /* GRIP: MOAS transition within 5 min */
	c->high_visibility = 30;
	c->leak_min_prefixes = 20;
	c->refdata_max_age = 90;      /* RIRs and RPKI publish daily: a quarter is long out of date */
	c->asrel_max_age = 365;       /* CAIDA infers monthly; relationships change slowly */
	c->refdata_stale_cap = 50;    /* below the usual alert threshold (80) */
	c->squat_ipv6_min_prefixes = 1000;  /* the IPv6 table of 2008 had about 1,200 */
}

/* ---- Small tables ---------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static bool u64set_has(const struct u64set *s, uint64_t k)
{
	if (!s->cap)
		return false;
	for (size_t i = mix64(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == k)
			return true;
		if (!s->keys[i])
			return false;
	}
}

static void u64set_add(struct u64set *s, uint64_t k)
{
	if ((s->count + 1) * 4 >= s->cap * 3) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		uint64_t *nk = xcalloc(ncap, sizeof *nk);
		for (size_t i = 0; i < s->cap; i++)
			if (s->keys[i]) {
				size_t j = mix64(s->keys[i]) & (ncap - 1);
				while (nk[j])
					j = (j + 1) & (ncap - 1);
				nk[j] = s->keys[i];
			}
		free(s->keys);
		s->keys = nk;
		s->cap = ncap;
	}
	size_t i = mix64(k) & (s->cap - 1);
	while (s->keys[i] && s->keys[i] != k)
		i = (i + 1) & (s->cap - 1);
	if (!s->keys[i]) {
		s->keys[i] = k;
		s->count++;
	}
}

static uint64_t edge_key(uint32_t a, uint32_t b)
{
	return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

/* Route slots: linear probing keyed by (peer + 1) << 32 | pid. */
static size_t route_find(const struct detector *d, uint64_t key)
{
	size_t m = d->cap_routes - 1;
	size_t i = mix64(key) & m;
	while (d->routes[i].key && d->routes[i].key != key)
		i = (i + 1) & m;
	return i;
}

static void routes_grow(struct detector *d)
{
	size_t ncap = d->cap_routes ? d->cap_routes * 2 : 4096;
	struct route *old = d->routes;
	size_t ocap = d->cap_routes;
	d->routes = xcalloc(ncap, sizeof *d->routes);
	d->cap_routes = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			d->routes[route_find(d, old[i].key)] = old[i];
	free(old);
}

/* Removes slot i (backward-shift deletion: no tombstones). */
static void route_delete(struct detector *d, size_t i)
{
	size_t m = d->cap_routes - 1;
	size_t j = i;
	for (;;) {
		j = (j + 1) & m;
		if (!d->routes[j].key)
			break;
		size_t h = mix64(d->routes[j].key) & m;
		/* Move j into i when its home h is not cyclically in (i, j]. */
		bool in = i <= j ? (h > i && h <= j) : (h > i || h <= j);
		if (!in) {
			d->routes[i] = d->routes[j];
			i = j;
		}
	}
	d->routes[i].key = 0;
	d->nroutes--;
}

/* Incident keys: (type, ka, kb) -> index + 1. Entries are never removed;
 * a resolved incident's entry points at a NULL slot. */
static size_t key_find(const struct detector *d, uint64_t k1, uint32_t k2)
{
	size_t m = d->cap_keys - 1;
	size_t i = mix64(k1 ^ (uint64_t)k2 * 0x9e3779b97f4a7c15ULL) & m;
	while (d->keys[i].idx && !(d->keys[i].k1 == k1 && d->keys[i].k2 == k2))
		i = (i + 1) & m;
	return i;
}

static struct inc *inc_lookup(struct detector *d, enum detect_type t, uint32_t a, uint32_t b)
{
	if (!d->cap_keys)
		return NULL;
	size_t i = key_find(d, (uint64_t)t << 32 | a, b);
	if (!d->keys[i].idx)
		return NULL;
	return d->incs[d->keys[i].idx - 1];
}

static void key_set(struct detector *d, enum detect_type t, uint32_t a, uint32_t b, uint32_t idx)
{
	if ((d->nkeys + 1) * 4 >= d->cap_keys * 3) {
		size_t ocap = d->cap_keys;
		__typeof__(d->keys) old = d->keys;
		d->cap_keys = ocap ? ocap * 2 : 256;
		d->keys = xcalloc(d->cap_keys, sizeof *d->keys);
		for (size_t i = 0; i < ocap; i++)
			if (old[i].idx)
				d->keys[key_find(d, old[i].k1, old[i].k2)] = old[i];
		free(old);
	}
	uint64_t k1 = (uint64_t)t << 32 | a;
	size_t i = key_find(d, k1, b);
	if (!d->keys[i].idx)
		d->nkeys++;
	d->keys[i].k1 = k1;
	d->keys[i].k2 = b;
	d->keys[i].idx = idx + 1;
}

/* ---- Prefixes, history, peers ---------------------------------------- */

static uint32_t pfx_id(struct detector *d, const struct prefix *p0)
{
	struct prefix p = *p0;
	prefix_mask(&p);
	uint32_t *slot = trie_insert(&d->trie, &p);
	if (*slot != TRIE_NONE)
		return *slot;
	d->pfx = xgrow(d->pfx, &d->cap_pfx, d->npfx + 1, sizeof *d->pfx);
	struct pfx *x = &d->pfx[d->npfx];
	memset(x, 0, sizeof *x);
	x->p = p;
	if (d->refs.bogons) {
		struct bogon_match m;
		bogons_check_prefix(d->refs.bogons, &p, &m);
		x->bogon = m.kind == BOGON_FULL ? 1 : m.kind == BOGON_ADMIN ? 2 : 0;
	}
	*slot = (uint32_t)d->npfx;
	return (uint32_t)d->npfx++;
}

struct orig_node *det_hist_find(struct detector *d, uint32_t pid, uint32_t origin)
{
	for (uint32_t k = d->pfx[pid].orig; k; k = d->orig[k - 1].next)
		if (d->orig[k - 1].origin == origin)
			return &d->orig[k - 1];
	return NULL;
}

static void hist_add(struct detector *d, uint32_t pid, uint32_t origin, bool from_incident)
{
	if (!origin || det_hist_find(d, pid, origin))
		return;
	if (!d->pfx[pid].orig && d->pfx[pid].p.afi == AFI_IPV6)
		d->hist_v6++;
	d->orig = xgrow(d->orig, &d->cap_orig, d->norig + 1, sizeof *d->orig);
	d->orig[d->norig] = (struct orig_node){ .origin = origin, .next = d->pfx[pid].orig,
						.from_incident = from_incident };
	d->pfx[pid].orig = (uint32_t)++d->norig;
}

/* The history origins of pid (not those learned from incidents) into out. */
static size_t hist_origins(const struct detector *d, uint32_t pid, uint32_t *out, size_t max)
{
	size_t n = 0;
	for (uint32_t k = d->pfx[pid].orig; k && n < max; k = d->orig[k - 1].next)
		if (!d->orig[k - 1].from_incident)
			out[n++] = d->orig[k - 1].origin;
	return n;
}

void detect_history(struct detector *d, const struct prefix *p, uint32_t origin, uint32_t first_seen)
{
	(void)first_seen;
	if (p->afi == AFI_IPV4 ? p->len < 8 : p->len < 16)
		return;
	hist_add(d, pfx_id(d, p), origin, false);
	d->have_history = true;
	d->history_pairs++;
}

void detect_history_complete(struct detector *d)
{
	d->history_complete = true;
	d->have_history = true;
}

const char *det_collector_name(const struct detector *d, uint32_t collector)
{
	uint32_t k = u32map_get(&d->coll_name, collector, 0);
	return k ? d->names[k - 1] : "";
}

static uint32_t peer_id(struct detector *d, uint32_t collector, const char *name, const struct ip_addr *ip,
			uint32_t asn)
{
	if (d->npeers) {
		struct peer *p = &d->peers[d->last_peer];
		if (p->collector == collector && p->asn == asn && !memcmp(&p->ip, ip, sizeof *ip))
			return d->last_peer;
	}
	for (size_t i = 0; i < d->npeers; i++) {
		struct peer *p = &d->peers[i];
		if (p->collector == collector && p->asn == asn && !memcmp(&p->ip, ip, sizeof *ip))
			return d->last_peer = (uint32_t)i;
	}
	bool created;
	uint32_t *nm = u32map_put(&d->coll_name, collector, 0, &created);
	if (created) {
		d->names = xgrow(d->names, &d->cap_names, d->nnames + 1, sizeof *d->names);
		d->names[d->nnames] = xstrdup(name ? name : "");
		*nm = (uint32_t)++d->nnames;
	}
	d->peers = xgrow(d->peers, &d->cap_peers, d->npeers + 1, sizeof *d->peers);
	struct peer *p = &d->peers[d->npeers];
	memset(p, 0, sizeof *p);
	p->collector = collector;
	p->name = *nm - 1;
	p->ip = *ip;
	p->asn = asn;
	return d->last_peer = (uint32_t)d->npeers++;
}

/* ---- Detector lifetime ----------------------------------------------- */

struct detector *detect_new(const struct detect_config *c, const struct detect_refs *refs, detect_sink sink,
			    void *ctx)
{
	struct detector *d = xcalloc(1, sizeof *d);
	if (c)
		d->cfg = *c;
	else
		detect_config_defaults(&d->cfg);
	if (refs)
		d->refs = *refs;
	d->sink = sink;
	d->ctx = ctx;
	trie_init(&d->trie);
	u32map_init(&d->coll_name);
	routes_grow(d);
	return d;
}

static void inc_free(struct inc *in)
{
	if (!in)
		return;
	free(in->peers);
	u32map_free(&in->peer_idx);
	u32map_free(&in->coll_now);
	u32map_free(&in->coll_seen);
	u32map_free(&in->pid_set);
	free(in->pids);
	for (size_t i = 0; i < in->nevents; i++)
		free(in->events[i].path);
	free(in->events);
	for (size_t i = 0; i < in->npaths; i++)
		free(in->paths[i]);
	free(in);
}

void detect_free(struct detector *d)
{
	if (!d)
		return;
	trie_free(&d->trie);
	free(d->pfx);
	free(d->orig);
	free(d->peers);
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	u32map_free(&d->coll_name);
	free(d->routes);
	free(d->edges.keys);
	for (size_t i = 0; i < d->nincs; i++)
		inc_free(d->incs[i]);
	free(d->incs);
	free(d->keys);
	for (size_t i = 0; i < d->ndone; i++)
		inc_free(d->done[i]);
	free(d->done);
	free(d);
}

/* ---- Incidents ------------------------------------------------------- */

static void add_asn(uint32_t *v, size_t *n, uint32_t asn)
{
	if (!asn)
		return;
	for (size_t i = 0; i < *n; i++)
		if (v[i] == asn)
			return;
	if (*n < DETECT_MAX_ASNS)
		v[(*n)++] = asn;
}

static struct inc *inc_open(struct detector *d, enum detect_type t, uint32_t a, uint32_t b, uint32_t now)
{
	struct inc *in = xcalloc(1, sizeof *in);
	in->type = t;
	in->ka = a;
	in->kb = b;
	in->start = now;
	in->index = (uint32_t)d->nincs;
	in->sent_score = -1;
	u32map_init(&in->peer_idx);
	u32map_init(&in->coll_now);
	u32map_init(&in->coll_seen);
	u32map_init(&in->pid_set);
	d->incs = xgrow(d->incs, &d->cap_incs, d->nincs + 1, sizeof *d->incs);
	d->incs[d->nincs++] = in;
	key_set(d, t, a, b, in->index);
	d->st.opened++;
	d->st.active++;
	d->st.per_type[t]++;
	return in;
}

/* The incident's id: type, start, culprit and a hash of its key, so the
 * same event read again gets the same id. */
static void inc_name(struct inc *in, const struct detector *d)
{
	uint64_t h = mix64((uint64_t)in->type << 56 ^ (uint64_t)in->ka << 24 ^ in->kb);
	if (in->npids)
		h ^= hash_bytes(&d->pfx[in->pids[0]].p, sizeof(struct prefix));
	snprintf(in->id, sizeof in->id, "%s-%" PRIu32 "-%" PRIu32 "-%08" PRIx32, type_names[in->type], in->start,
		 in->has_culprit ? in->culprit : 0, (uint32_t)(h & 0xffffffffu));
}

/* Formats the path scratch as text. */
static char *path_text(const uint32_t *p, size_t n)
{
	char *s = xmalloc(n * 11 + 1);
	size_t at = 0;
	s[0] = 0;
	for (size_t i = 0; i < n; i++)
		at += (size_t)sprintf(s + at, "%s%" PRIu32, i ? " " : "", p[i]);
	return s;
}

static void inc_event(struct inc *in, uint32_t t, uint32_t peer, uint32_t pid, char kind, const uint32_t *path,
		      size_t n)
{
	in->nevents_total++;
	if (in->nevents >= DETECT_MAX_EVENTS)
		return;
	in->events = xgrow(in->events, &in->cap_events, in->nevents + 1, sizeof *in->events);
	in->events[in->nevents++] = (struct inc_event){ .t = t, .peer = peer, .pid = pid, .kind = kind,
							.path = kind == 'A' ? path_text(path, n) : NULL };
}

/* A peer's route for pid now counts toward in. */
static void inc_route_add(struct detector *d, struct inc *in, uint32_t peer, uint32_t pid, uint32_t t,
			  const uint32_t *path, size_t n, uint32_t phash)
{
	if (in->ended) {
		in->ended = false;   /* it came back within the merge gap: one incident */
		in->changed = true;
	}
	in->routes_now++;
	in->dirty = true;
	bool created;
	uint32_t *pi = u32map_put(&in->peer_idx, peer, 0, &created);
	if (created) {
		in->peers = xgrow(in->peers, &in->cap_peers, in->npeers + 1, sizeof *in->peers);
		in->peers[in->npeers] = (struct inc_peer){ .peer = peer, .first = t };
		*pi = (uint32_t)++in->npeers;
	}
	struct inc_peer *ip = &in->peers[*pi - 1];
	if (ip->now++ == 0) {
		in->peers_now++;
		uint32_t coll = d->peers[peer].collector;
		uint32_t *c = u32map_put(&in->coll_now, coll, 0, &created);
		if ((*c)++ == 0)
			in->colls_now++;
		u32map_put(&in->coll_seen, coll, 0, &created);
		if (created)
			in->colls_total++;
		if (in->peers_now > in->peak_peers) {
			in->peak_peers = in->peers_now;
			in->changed = true;
		}
		if (in->colls_now > in->peak_collectors)
			in->peak_collectors = in->colls_now;
	}
	if (ip->now > ip->max)
		ip->max = ip->now;
	u32map_put(&in->pid_set, pid, 1, &created);   /* 1: u32map_get tells it is there */
	if (created) {
		in->npids_total++;
		if (in->npids < DETECT_MAX_PREFIXES) {
			in->pids = xgrow(in->pids, &in->cap_pids, in->npids + 1, sizeof *in->pids);
			in->pids[in->npids++] = pid;
		}
		in->changed = true;
	}
	bool seen = false;
	for (size_t i = 0; i < in->npaths && !seen; i++)
		seen = in->path_hash[i] == phash;
	if (!seen && in->npaths < DETECT_MAX_PATHS) {
		in->path_hash[in->npaths] = phash;
		in->paths[in->npaths++] = path_text(path, n);
	}
	/* The AS that passed the route on from the culprit is an accomplice
	 * (MANRS-SPEC 3.1: the AS adjacent to the culprit on the path). */
	if (in->has_culprit && in->type != DT_LEAK && in->type != DT_BOGON_ASN)
		for (size_t i = 1; i < n; i++)
			if (path[i] == in->culprit && path[i - 1] != in->culprit) {
				add_asn(in->accomplices, &in->naccomplices, path[i - 1]);
				break;
			}
	inc_event(in, t, peer, pid, 'A', path, n);
}

/* A peer's offending route for pid went away (withdrawn or replaced). */
static void inc_route_gone(struct detector *d, struct inc *in, uint32_t peer, uint32_t pid, uint32_t t)
{
	if (!in || !in->routes_now)
		return;
	in->routes_now--;
	in->dirty = true;
	uint32_t k = u32map_get(&in->peer_idx, peer, 0);
	if (k) {
		struct inc_peer *ip = &in->peers[k - 1];
		if (ip->now && --ip->now == 0) {
			ip->last = t;
			in->peers_now--;
			bool created;
			uint32_t *c = u32map_put(&in->coll_now, d->peers[peer].collector, 0, &created);
			if (*c && --*c == 0)
				in->colls_now--;
		}
	}
	inc_event(in, t, peer, pid, 'W', NULL, 0);
	if (in->routes_now == 0) {
		in->ended = true;
		in->end = t;
		in->changed = true;
	}
}

static struct inc *inc_at(const struct detector *d, uint32_t idx1)
{
	return idx1 && idx1 - 1 < d->nincs ? d->incs[idx1 - 1] : NULL;
}

/* Hands a resolved incident to the sink and to the next detect_dirty. */
static void inc_resolve(struct detector *d, struct inc *in)
{
	/* What the incident was about becomes history: a recurrence is then
	 * "seen before" (from an incident), not new. */
	if (in->type == DT_MOAS || in->type == DT_SUBMOAS || in->type == DT_SQUAT || in->type == DT_DEFCON)
		for (size_t i = 0; i < in->npids; i++)
			hist_add(d, in->pids[i], in->type == DT_DEFCON ? in->ka : in->culprit, in->type != DT_DEFCON);
	det_score(d, in);
	in->dirty = true;
	d->incs[in->index] = NULL;
	d->st.active--;
	d->st.resolved++;
	if (d->sink) {
		struct store_incident si;
		det_to_store(d, in, &si);
		if (!in->announced)
			d->sink(DETECT_OPEN, &si, d->ctx);
		d->sink(DETECT_RESOLVED, &si, d->ctx);
		store_incident_free(&si);
	}
	d->done = xgrow(d->done, &d->cap_done, d->ndone + 1, sizeof *d->done);
	d->done[d->ndone++] = in;
}

/* ---- Paths ----------------------------------------------------------- */

/* The path of e as a flat array of ASes, prepends collapsed, confederation
 * segments left out (RFC 5065: they are not inter-AS hops), into
 * d->path. Returns its hash. */
static uint32_t path_load(struct detector *d, const struct bgp_path *bp)
{
	d->npath = 0;
	for (uint32_t s = 0; s < bp->nseg; s++) {
		const struct bgp_seg *sg = &bp->seg[s];
		if (sg->type == BGP_AS_CONFED_SEQUENCE || sg->type == BGP_AS_CONFED_SET)
			continue;
		for (uint32_t i = 0; i < sg->n && d->npath < DETECT_MAX_PATH; i++) {
			uint32_t a = bp->asn[sg->first + i];
			if (d->npath && d->path[d->npath - 1] == a)
				continue;
			d->path[d->npath++] = a;
		}
	}
	return (uint32_t)hash_bytes(d->path, d->npath * sizeof *d->path) | 1u;
}

/* ---- Detection -------------------------------------------------------- */

static bool may_raise(const struct detector *d, uint32_t t)
{
	return d->have_history || t >= d->first_t + d->cfg.warmup;
}

/* Walk state for the longest covering prefix with history. */
struct cover_ctx {
	struct detector *d;
	uint8_t len;
	uint32_t best;
};

static int cover_cb(const struct prefix *p, uint32_t value, void *vctx)
{
	struct cover_ctx *c = vctx;
	if (p->len < c->len && c->d->pfx[value].orig)
		c->best = value;
	return 0;
}

/* Which incident a new route belongs to (NULL: none), opening one when a
 * detector fires. rib: a RIB entry (history only, except bogons). */
static struct inc *classify(struct detector *d, uint32_t peer, uint32_t pid, uint32_t origin, uint32_t phash,
			    uint32_t otc, uint32_t t, bool rib)
{
	struct pfx *x = &d->pfx[pid];
	const uint32_t *path = d->path;
	size_t n = d->npath;
	struct inc *in;

	/* Bogon prefix (full: IANA special-purpose; administrative: no RIR
	 * delegated it). */
	if (x->bogon && origin) {
		if (!(in = inc_lookup(d, DT_BOGON_PREFIX, origin, 0))) {
			in = inc_open(d, DT_BOGON_PREFIX, origin, 0, t);
			in->has_culprit = true;
			in->culprit = origin;
			in->bogon_full = x->bogon == 1;
		}
		if (x->bogon == 2)
			in->n_unallocated++;
		return in;
	}
	/* Bogon ASN in the path: the culprit is the AS that passed it on
	 * (the neighbour toward the collector), which should have filtered. */
	if (d->refs.bogons)
		for (size_t i = 1; i < n; i++) {
			struct bogon_asn_match m;
			bogons_check_asn(d->refs.bogons, path[i], &m);
			if (m.kind != BOGON_FULL && m.kind != BOGON_ADMIN)
				continue;
			if (!(in = inc_lookup(d, DT_BOGON_ASN, path[i], path[i - 1]))) {
				in = inc_open(d, DT_BOGON_ASN, path[i], path[i - 1], t);
				in->has_culprit = true;
				in->culprit = path[i - 1];
				in->bogon_asn = path[i];
				in->bogon_full = m.kind == BOGON_FULL;
			}
			return in;
		}
	if (!origin)
		return NULL;
	if (rib) {
		hist_add(d, pid, origin, false);
		return NULL;
	}
	bool raise = may_raise(d, t);
	uint32_t old[DETECT_MAX_ASNS];
	if (x->orig) {
		struct orig_node *o = det_hist_find(d, pid, origin);
		if (!o || o->from_incident) {
			/* Exact prefix, origin not in its history: MOAS. */
			if ((in = inc_lookup(d, DT_MOAS, origin, 0))) {
				if (in->nev < DETECT_MAX_EVIDENCE && !u32map_get(&in->pid_set, pid, 0)) {
					size_t nold = hist_origins(d, pid, old, DETECT_MAX_ASNS);
					for (size_t i = 0; i < nold; i++)
						add_asn(in->victims, &in->nvictims, old[i]);
					det_evidence(d, in, pid, origin, old, nold, &x->p);
				}
				return in;
			}
			if (!raise && !o) {
				hist_add(d, pid, origin, false);
				return NULL;
			}
			size_t nold = hist_origins(d, pid, old, DETECT_MAX_ASNS);
			if (!nold) {
				hist_add(d, pid, origin, false);
				return NULL;
			}
			/* The culprit already took more-specifics of this very
			 * prefix: the same event, one incident (the sub-MOAS). */
			if ((in = inc_lookup(d, DT_SUBMOAS, origin, 0)) && in->has_covering &&
			    prefix_equal(&in->covering, &x->p)) {
				if (!u32map_get(&in->pid_set, pid, 0)) {
					in->folded++;
					if (in->nev < DETECT_MAX_EVIDENCE)
						det_evidence(d, in, pid, origin, old, nold, &x->p);
				}
				return in;
			}
			in = inc_open(d, DT_MOAS, origin, 0, t);
			in->has_culprit = true;
			in->culprit = origin;
			for (size_t i = 0; i < nold; i++)
				add_asn(in->victims, &in->nvictims, old[i]);
			det_evidence(d, in, pid, origin, old, nold, &x->p);
			return in;
		}
	} else {
		/* A prefix without history: a more-specific of one with
		 * history (submoas, defcon), or space nobody announced. */
		struct cover_ctx cc = { .d = d, .len = x->p.len, .best = UINT32_MAX };
		trie_covering(&d->trie, &x->p, cover_cb, &cc);
		if (cc.best != UINT32_MAX) {
			uint32_t cid = cc.best;
			struct orig_node *co = det_hist_find(d, cid, origin);
			if (co && !co->from_incident) {
				/* Same origin as the covering prefix: defcon when this
				 * peer's path to it differs (interception pattern). */
				if ((in = inc_lookup(d, DT_DEFCON, origin, cid)))
					return in;
				struct route *cr = &d->routes[route_find(d, (uint64_t)(peer + 1) << 32 | cid)];
				if (!raise || !cr->key || cr->phash == phash || cr->origin != origin) {
					hist_add(d, pid, origin, false);
					return NULL;
				}
				in = inc_open(d, DT_DEFCON, origin, cid, t);
				in->has_covering = true;
				in->covering = d->pfx[cid].p;
				add_asn(in->victims, &in->nvictims, origin);
				det_evidence(d, in, pid, origin, &origin, 1, &d->pfx[cid].p);
				return in;
			}
			/* A more-specific of a prefix this origin is already
			 * contesting exactly (a MOAS incident holds the covering
			 * prefix): the same event, one incident (the MOAS). */
			if ((in = inc_lookup(d, DT_MOAS, origin, 0)) && u32map_get(&in->pid_set, cid, 0)) {
				if (!u32map_get(&in->pid_set, pid, 0)) {
					in->folded++;
					if (in->nev < DETECT_MAX_EVIDENCE) {
						size_t nold = hist_origins(d, cid, old, DETECT_MAX_ASNS);
						det_evidence(d, in, pid, origin, old, nold, &d->pfx[cid].p);
					}
				}
				return in;
			}
			if ((in = inc_lookup(d, DT_SUBMOAS, origin, 0))) {
				if (in->nev < DETECT_MAX_EVIDENCE && !u32map_get(&in->pid_set, pid, 0)) {
					size_t nold = hist_origins(d, cid, old, DETECT_MAX_ASNS);
					for (size_t i = 0; i < nold; i++)
						add_asn(in->victims, &in->nvictims, old[i]);
					det_evidence(d, in, pid, origin, old, nold, &d->pfx[cid].p);
				}
				return in;
			}
			if (!raise) {
				hist_add(d, pid, origin, false);
				return NULL;
			}
			size_t nold = hist_origins(d, cid, old, DETECT_MAX_ASNS);
			in = inc_open(d, DT_SUBMOAS, origin, 0, t);
			in->has_culprit = true;
			in->culprit = origin;
			in->has_covering = true;
			in->covering = d->pfx[cid].p;
			for (size_t i = 0; i < nold; i++)
				add_asn(in->victims, &in->nvictims, old[i]);
			det_evidence(d, in, pid, origin, old, nold, &d->pfx[cid].p);
			return in;
		}
		if ((in = inc_lookup(d, DT_SQUAT, origin, 0)))
			return in;
		if (!d->history_complete ||
		    (x->p.afi == AFI_IPV6 && (!d->cfg.squat_ipv6_min_prefixes || d->hist_v6 < d->cfg.squat_ipv6_min_prefixes))) {
			/* Without a complete history, new space is not
			 * squatting: it is learned. IPv6 needs its own table
			 * in the history too (many archives carry IPv4 only):
			 * squat_ipv6_min_prefixes prefixes with history. */
			hist_add(d, pid, origin, false);
			return NULL;
		}
		in = inc_open(d, DT_SQUAT, origin, 0, t);
		in->has_culprit = true;
		in->culprit = origin;
		det_evidence(d, in, pid, origin, NULL, 0, NULL);
		return in;
	}

	/* The origin is legitimate for the prefix: the path. */
	if (n >= 2) {
		uint32_t h = path[n - 2];
		if ((in = inc_lookup(d, DT_EDGE, h, origin)))
			return in;
		if (!u64set_has(&d->edges, edge_key(h, origin)) && d->edges_warm && raise) {
			bool known = d->refs.asrel && asrel_get(d->refs.asrel, h, origin) != ASREL_NONE;
			if (!known) {
				/* A new adjacency next to the origin: Type-1 fake link. */
				in = inc_open(d, DT_EDGE, h, origin, t);
				in->has_culprit = true;
				in->culprit = h;
				in->hop = 1;
				add_asn(in->victims, &in->nvictims, origin);
				det_evidence(d, in, pid, origin, &origin, 1, &x->p);
				return in;
			}
		}
	}
	struct detect_leak lk;
	detect_leak_verdict(d, path, n, d->peers[peer].asn, otc, &lk);
	if (lk.leak && lk.leaker && raise) {
		if (!(in = inc_lookup(d, DT_LEAK, lk.leaker, 0))) {
			in = inc_open(d, DT_LEAK, lk.leaker, 0, t);
			in->has_culprit = true;
			in->culprit = lk.leaker;
			in->leak_type = lk.type;
		}
		for (size_t i = 0; i < lk.naccomplices; i++)
			add_asn(in->accomplices, &in->naccomplices, lk.accomplices[i]);
		add_asn(in->victims, &in->nvictims, origin);
		in->aspa_invalid |= lk.aspa_invalid;
		in->otc |= lk.otc_violation;
		if (lk.weak)
			in->leak_weak++;
		else
			in->leak_strong++;
		return in;
	}
	return NULL;
}

/* Whether a peer holds a prefix of in (the first DETECT_MAX_EVIDENCE)
 * from one of its history origins, outside the incident: the old origin
 * still announces it while the new one holds it elsewhere. */
static bool moas_contested(struct detector *d, const struct inc *in)
{
	size_t n = in->npids < DETECT_MAX_EVIDENCE ? in->npids : DETECT_MAX_EVIDENCE;
	for (size_t k = 0; k < n; k++) {
		uint32_t pid = in->pids[k];
		for (uint32_t p = 0; p < d->npeers; p++) {
			const struct route *r = &d->routes[route_find(d, (uint64_t)(p + 1) << 32 | pid)];
			if (!r->key || !r->origin || r->inc == in->index + 1)
				continue;
			const struct orig_node *o = det_hist_find(d, pid, r->origin);
			if (o && !o->from_incident)
				return true;
		}
	}
	return false;
}

static void learn_edges(struct detector *d)
{
	for (size_t i = 1; i < d->npath; i++)
		u64set_add(&d->edges, edge_key(d->path[i - 1], d->path[i]));
}

static void tick(struct detector *d, uint32_t now);

/* The end of a peer's route at slot i. */
static void route_end(struct detector *d, size_t i, uint32_t t)
{
	struct route *r = &d->routes[i];
	uint32_t peer = (uint32_t)(r->key >> 32) - 1, pid = (uint32_t)r->key;
	inc_route_gone(d, inc_at(d, r->inc), peer, pid, t);
	route_delete(d, i);
}

void detect_elem(struct detector *d, const struct mrt_elem *e, uint32_t collector, const char *name)
{
	if (e->local)
		return;
	uint32_t t = e->rec ? e->rec->ts : 0;
	if (!d->have_t) {
		d->have_t = true;
		d->first_t = d->last_tick = d->now = t;
	}
	if (t > d->now)
		d->now = t;
	if (d->now >= d->last_tick + DETECT_TICK)
		tick(d, d->now);
	d->st.elems++;
	uint32_t peer = peer_id(d, collector, name, &e->peer_ip, e->peer_as);
	if (e->type == MRT_ELEM_STATE) {
		/* RFC 4271 section 8: a session that leaves Established loses
		 * every route it gave. */
		if (e->new_state != 6)
			for (size_t i = 0; i < d->cap_routes; i++)
				while (d->routes[i].key && (uint32_t)(d->routes[i].key >> 32) == peer + 1)
					route_end(d, i, t);
		return;
	}
	if (e->safi != SAFI_UNICAST)
		return;
	if (e->prefix.afi == AFI_IPV4 ? e->prefix.len < 8 : e->prefix.len < 16)
		return;   /* default routes and giant aggregates: not incidents (GRIP hides < /8) */
	uint32_t pid = pfx_id(d, &e->prefix);
	uint64_t key = (uint64_t)(peer + 1) << 32 | pid;
	size_t i = route_find(d, key);
	if (e->type == MRT_ELEM_WITHDRAW) {
		d->st.withdraws++;
		if (d->routes[i].key)
			route_end(d, i, t);
		return;
	}
	if (!e->attrs)
		return;
	d->st.announces++;
	if (!d->peers[peer].active) {
		d->peers[peer].active = true;
		d->npeers_active++;
	}
	uint32_t phash = path_load(d, &e->attrs->path);
	uint32_t origin = bgp_path_origin(&e->attrs->path);
	struct route *r = &d->routes[i];
	if (r->key && r->origin == origin && r->phash == phash) {
		struct inc *cur = inc_at(d, r->inc);
		if (!r->inc || cur)
			return;   /* the same route again (attributes only): nothing new */
	}
	if (r->key) {
		inc_route_gone(d, inc_at(d, r->inc), peer, pid, t);
	} else {
		if ((d->nroutes + 1) * 4 >= d->cap_routes * 3) {
			routes_grow(d);
			i = route_find(d, key);
		}
		r = &d->routes[i];
		r->key = key;
		d->nroutes++;
	}
	r->origin = origin;
	r->phash = phash;
	r->inc = 0;
	struct inc *in = classify(d, peer, pid, origin, phash, e->attrs->otc, t, e->type == MRT_ELEM_RIB);
	learn_edges(d);
	if (in) {
		r = &d->routes[route_find(d, key)];
		r->inc = in->index + 1;
		inc_route_add(d, in, peer, pid, t, d->path, d->npath, phash);
	}
}

void detect_rib_end(struct detector *d, uint32_t collector, uint32_t t)
{
	(void)collector;
	(void)t;
	d->history_complete = true;
	d->have_history = true;
	d->edges_warm = true;
}

/* A changed incident: its new score, and OPEN or UPDATE to the sink. */
static void announce(struct detector *d, struct inc *in)
{
	if (!in->changed)
		return;
	in->changed = false;
	det_score(d, in);
	if (!d->sink)
		return;
	if (!in->announced || in->score != in->sent_score || in->peak_peers >= 2 * in->sent_peers) {
		struct store_incident si;
		det_to_store(d, in, &si);
		d->sink(in->announced ? DETECT_UPDATE : DETECT_OPEN, &si, d->ctx);
		store_incident_free(&si);
		in->announced = true;
		in->sent_score = in->score;
		in->sent_peers = in->peak_peers;
	}
}

/* Housekeeping: resolve incidents ended more than merge_gap ago; new
 * scores; OPEN and UPDATE to the sink. */
static void tick(struct detector *d, uint32_t now)
{
	d->last_tick = now;
	if (!d->edges_warm && now >= d->first_t + d->cfg.warmup)
		d->edges_warm = true;
	for (size_t k = 0; k < d->nincs; k++) {
		struct inc *in = d->incs[k];
		if (!in)
			continue;
		if (in->ended && now >= in->end + d->cfg.merge_gap) {
			inc_resolve(d, in);
			continue;
		}
		/* A MOAS still up after short_seconds while an old origin
		 * keeps the prefix at other peers: the routing is split
		 * between two origins (a handover replaces the old one). */
		if (in->type == DT_MOAS && !in->contested && !in->ended && now >= in->start + d->cfg.short_seconds &&
		    (in->changed || !in->contest_t || now >= in->contest_t + DETECT_CONTEST_RECHECK)) {
			/* Looked at again when the incident changes, else
			 * every DETECT_CONTEST_RECHECK s: a scan costs a route
			 * look-up per peer and prefix. */
			in->contest_t = now;
			if (moas_contested(d, in)) {
				in->contested = true;
				in->changed = true;
				in->dirty = true;
			}
		}
		announce(d, in);
	}
}

void detect_notify(struct detector *d)
{
	for (size_t k = 0; k < d->nincs; k++)
		if (d->incs[k])
			announce(d, d->incs[k]);
}

void detect_advance(struct detector *d, uint32_t now)
{
	if (now > d->now)
		d->now = now;
	tick(d, d->now);
}

void detect_finish(struct detector *d, uint32_t now)
{
	detect_advance(d, now);
	/* Incidents that ended before the input did are over, whatever the
	 * merge gap: nothing follows to merge with. */
	for (size_t k = 0; k < d->nincs; k++)
		if (d->incs[k] && d->incs[k]->ended)
			inc_resolve(d, d->incs[k]);
	for (size_t k = 0; k < d->nincs; k++)
		if (d->incs[k])
			det_score(d, d->incs[k]);
}

int detect_dirty(struct detector *d, int (*cb)(const struct store_incident *inc, void *ctx), void *ctx)
{
	int rc = 0;
	for (size_t k = 0; k < d->nincs && !rc; k++) {
		struct inc *in = d->incs[k];
		if (!in || !in->dirty)
			continue;
		det_score(d, in);
		struct store_incident si;
		det_to_store(d, in, &si);
		rc = cb(&si, ctx);
		store_incident_free(&si);
		in->dirty = false;
	}
	size_t i = 0;
	for (; i < d->ndone && !rc; i++) {
		struct store_incident si;
		det_to_store(d, d->done[i], &si);
		rc = cb(&si, ctx);
		store_incident_free(&si);
		inc_free(d->done[i]);
	}
	if (i) {
		memmove(d->done, d->done + i, (d->ndone - i) * sizeof *d->done);
		d->ndone -= i;
	}
	return rc;
}

void detect_get_stats(const struct detector *d, struct detect_stats *st)
{
	*st = d->st;
	st->routes = d->nroutes;
	st->prefixes = d->npfx;
	st->peers = d->npeers;
	st->memory = d->cap_routes * sizeof *d->routes + d->cap_pfx * sizeof *d->pfx +
		     d->cap_orig * sizeof *d->orig + d->edges.cap * sizeof *d->edges.keys + trie_memory(&d->trie);
}

/* ---- Store form ------------------------------------------------------- */

void det_to_store(const struct detector *d, const struct inc *in, struct store_incident *o)
{
	memset(o, 0, sizeof *o);
	struct inc *mi = (struct inc *)in;
	if (!in->id[0])
		inc_name(mi, d);
	snprintf(o->id, sizeof o->id, "%s", in->id);
	snprintf(o->type, sizeof o->type, "%s", type_names[in->type]);
	o->nprefixes = in->npids;
	o->nprefixes_total = in->npids_total;
	o->prefixes = xcalloc(in->npids ? in->npids : 1, sizeof *o->prefixes);
	for (size_t i = 0; i < in->npids; i++) {
		o->prefixes[i] = xmalloc(PREFIX_STRLEN);
		prefix_fmt(&d->pfx[in->pids[i]].p, o->prefixes[i]);
	}
	if (in->has_covering)
		prefix_fmt(&in->covering, o->covering);
	o->has_culprit = in->has_culprit;
	o->culprit = in->culprit;
	o->nvictims = in->nvictims;
	o->victims = xmalloc((in->nvictims + 1) * sizeof *o->victims);
	memcpy(o->victims, in->victims, in->nvictims * sizeof *o->victims);
	o->naccomplices = in->naccomplices;
	o->accomplices = xmalloc((in->naccomplices + 1) * sizeof *o->accomplices);
	memcpy(o->accomplices, in->accomplices, in->naccomplices * sizeof *o->accomplices);
	o->leak_type = in->leak_type;
	o->start = in->start;
	o->end = in->ended ? (int64_t)in->end : -1;
	o->peak_peers = in->peak_peers;
	o->peak_collectors = in->peak_collectors;
	o->peers_total = (uint32_t)in->npeers;
	o->collectors_total = in->colls_total;
	o->suspicion = in->score;
	snprintf(o->label, sizeof o->label, "%s", in->label);
	o->ntags = in->ntags;
	o->tags = xcalloc(in->ntags + 1, sizeof *o->tags);
	for (size_t i = 0; i < in->ntags; i++)
		o->tags[i] = xstrdup(in->tags[i]);
	o->nrules = in->nrules;
	o->rules = xmalloc((in->nrules + 1) * sizeof *o->rules);
	memcpy(o->rules, in->rules, in->nrules * sizeof *o->rules);
	o->npeers = in->npeers;
	o->peers = xcalloc(in->npeers + 1, sizeof *o->peers);
	for (size_t i = 0; i < in->npeers; i++) {
		const struct inc_peer *ip = &in->peers[i];
		const struct peer *p = &d->peers[ip->peer];
		struct store_incident_peer *q = &o->peers[i];
		snprintf(q->collector, sizeof q->collector, "%s", d->names[p->name]);
		ip_fmt(&p->ip, q->ip);
		q->asn = p->asn;
		q->first = ip->first;
		q->last = ip->now ? -1 : (int64_t)ip->last;
		q->routes = ip->max;
	}
	o->nevents = in->nevents;
	o->nevents_total = in->nevents_total;
	o->events = xcalloc(in->nevents + 1, sizeof *o->events);
	for (size_t i = 0; i < in->nevents; i++) {
		const struct inc_event *ev = &in->events[i];
		const struct peer *p = &d->peers[ev->peer];
		struct store_incident_event *q = &o->events[i];
		q->t = ev->t;
		snprintf(q->collector, sizeof q->collector, "%s", d->names[p->name]);
		ip_fmt(&p->ip, q->ip);
		q->peer_asn = p->asn;
		prefix_fmt(&d->pfx[ev->pid].p, q->prefix);
		q->kind = ev->kind;
		q->path = xstrdup(ev->path ? ev->path : "");
	}
	o->npaths = in->npaths;
	o->paths = xcalloc(in->npaths + 1, sizeof *o->paths);
	for (size_t i = 0; i < in->npaths; i++)
		o->paths[i] = xstrdup(in->paths[i]);
	o->updated_at = d->now;
}
