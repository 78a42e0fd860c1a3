/*
 * MRT writing (RFC 6396, RFC 8050): records, a RIB table kept from route
 * elements for TABLE_DUMP_V2 dumps, and the RIS-style archive of a live
 * feed (mrt_write.h).
 */
#include "mrt/mrt_write.h"
#include "lib/xmalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void put8(struct wbuf *w, uint8_t v) { wbuf_putc(w, (char)v); }
static void put16(struct wbuf *w, uint16_t v) { put8(w, (uint8_t)(v >> 8)); put8(w, (uint8_t)v); }
static void put32(struct wbuf *w, uint32_t v) { put16(w, (uint16_t)(v >> 16)); put16(w, (uint16_t)v); }

/* Overwrites a 32-bit field written earlier at offset at. */
static void patch32(struct wbuf *w, size_t at, uint32_t v)
{
	w->p[at] = (char)(v >> 24);
	w->p[at + 1] = (char)(v >> 16);
	w->p[at + 2] = (char)(v >> 8);
	w->p[at + 3] = (char)v;
}

void mrt_write_record(struct wbuf *w, const struct mrt_record *rec)
{
	bool et = rec->type == MRT_BGP4MP_ET;
	put32(w, rec->ts);
	put16(w, rec->type);
	put16(w, rec->subtype);
	/* RFC 6396 section 3: the ET length counts the microseconds. */
	put32(w, rec->len + (et ? 4 : 0));
	if (et)
		put32(w, rec->usec);
	wbuf_put(w, rec->body, rec->len);
}

/* ---- Attribute sets in TABLE_DUMP_V2 form ---------------------------------- */

static void attr_hdr(struct wbuf *w, uint8_t flags, uint8_t type, size_t len)
{
	if (len > 255) {
		put8(w, flags | BGP_ATTR_FLAG_EXTLEN);
		put8(w, type);
		put16(w, (uint16_t)len);
	} else {
		put8(w, flags & (uint8_t)~BGP_ATTR_FLAG_EXTLEN);
		put8(w, type);
		put8(w, (uint8_t)len);
	}
}

static void attr_bytes(struct wbuf *w, uint8_t flags, uint8_t type, const uint8_t *p, size_t len)
{
	if (len > 65535)
		return;
	attr_hdr(w, flags, type, len);
	wbuf_put(w, p, len);
}

/*
 * The attributes of a route as TABLE_DUMP_V2 holds them (RFC 6396 section
 * 4.3.4): AS_PATH and AGGREGATOR with 4-octet ASNs (the RFC 6793 merge
 * already applied, so no AS4_PATH or AS4_AGGREGATOR), MP_REACH_NLRI
 * reduced to next-hop length and next hop, MP_UNREACH_NLRI left out,
 * other attributes as received.
 */
static void encode_attrs(struct wbuf *w, const struct bgp_attrs *a)
{
	uint8_t b[8];
	if (bgp_attr_has(a, BGP_ATTR_ORIGIN))
		attr_bytes(w, BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_ORIGIN, &a->origin, 1);
	if (bgp_attr_has(a, BGP_ATTR_AS_PATH)) {
		const struct bgp_path *p = &a->path;
		size_t len = 0;
		for (uint32_t i = 0; i < p->nseg; i++)
			len += 2 * ((p->seg[i].n + 254) / 255 + (p->seg[i].n == 0)) + 4 * (size_t)p->seg[i].n;
		attr_hdr(w, BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_AS_PATH, len);
		for (uint32_t i = 0; i < p->nseg; i++) {
			uint32_t n = p->seg[i].n, at = p->seg[i].first;
			do {
				/* Segments longer than 255 ASNs go out as several. */
				uint32_t k = n > 255 ? 255 : n;
				put8(w, p->seg[i].type);
				put8(w, (uint8_t)k);
				for (uint32_t j = 0; j < k; j++)
					put32(w, p->asn[at + j]);
				at += k;
				n -= k;
			} while (n);
		}
	}
	if (bgp_attr_has(a, BGP_ATTR_NEXT_HOP))
		attr_bytes(w, BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_NEXT_HOP, a->next_hop, 4);
	if (bgp_attr_has(a, BGP_ATTR_MED)) {
		b[0] = (uint8_t)(a->med >> 24), b[1] = (uint8_t)(a->med >> 16), b[2] = (uint8_t)(a->med >> 8),
		b[3] = (uint8_t)a->med;
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL, BGP_ATTR_MED, b, 4);
	}
	if (bgp_attr_has(a, BGP_ATTR_LOCAL_PREF)) {
		b[0] = (uint8_t)(a->local_pref >> 24), b[1] = (uint8_t)(a->local_pref >> 16),
		b[2] = (uint8_t)(a->local_pref >> 8), b[3] = (uint8_t)a->local_pref;
		attr_bytes(w, BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_LOCAL_PREF, b, 4);
	}
	if (bgp_attr_has(a, BGP_ATTR_ATOMIC_AGGREGATE))
		attr_bytes(w, BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_ATOMIC_AGGREGATE, b, 0);
	if (bgp_attr_has(a, BGP_ATTR_AGGREGATOR)) {
		b[0] = (uint8_t)(a->aggr_as >> 24), b[1] = (uint8_t)(a->aggr_as >> 16), b[2] = (uint8_t)(a->aggr_as >> 8),
		b[3] = (uint8_t)a->aggr_as;
		memcpy(b + 4, a->aggr_ip, 4);
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_AGGREGATOR, b, 8);
	}
	if (bgp_attr_has(a, BGP_ATTR_COMMUNITIES))
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_COMMUNITIES, a->comm,
			   a->comm_len);
	if (bgp_attr_has(a, BGP_ATTR_ORIGINATOR_ID))
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL, BGP_ATTR_ORIGINATOR_ID, a->originator_id, 4);
	if (bgp_attr_has(a, BGP_ATTR_CLUSTER_LIST))
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL, BGP_ATTR_CLUSTER_LIST, a->cluster, a->cluster_len);
	if (bgp_attr_has(a, BGP_ATTR_MP_REACH_NLRI)) {
		uint8_t nh[33];
		uint8_t n = a->mp_reach.nh_len > 32 ? 32 : a->mp_reach.nh_len;
		nh[0] = n;
		memcpy(nh + 1, a->mp_reach.nh, n);
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL, BGP_ATTR_MP_REACH_NLRI, nh, (size_t)n + 1);
	}
	if (bgp_attr_has(a, BGP_ATTR_EXT_COMMUNITIES))
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_EXT_COMMUNITIES, a->ecomm,
			   a->ecomm_len);
	if (bgp_attr_has(a, BGP_ATTR_LARGE_COMMUNITIES))
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_LARGE_COMMUNITIES, a->lcomm,
			   a->lcomm_len);
	if (bgp_attr_has(a, BGP_ATTR_OTC)) {
		b[0] = (uint8_t)(a->otc >> 24), b[1] = (uint8_t)(a->otc >> 16), b[2] = (uint8_t)(a->otc >> 8),
		b[3] = (uint8_t)a->otc;
		attr_bytes(w, BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE, BGP_ATTR_OTC, b, 4);
	}
	for (unsigned i = 0; i < a->n_unknown; i++)
		attr_bytes(w, a->unknown[i].flags, a->unknown[i].type, a->unknown[i].val, a->unknown[i].len);
}

/* ---- RIB table ------------------------------------------------------------- */

struct rt_peer {
	struct ip_addr ip;
	uint32_t as;
};

struct rt_key {
	uint32_t peer;
	uint32_t path_id;
	struct prefix p;
	uint8_t addpath;
};

struct rt_route {
	struct rt_key k;
	uint32_t attr;            /* index into sets, + 1; 0 = empty slot */
	uint32_t orig;
};

struct rt_set {
	uint8_t *p;
	uint32_t len;
	uint32_t refs;            /* 0: free slot */
	uint64_t hash;
};

struct mrt_ribtab {
	struct rt_peer *peers;
	size_t npeers, peers_cap;
	struct rt_route *routes;  /* open addressing, linear probing */
	size_t nroutes, routes_cap;
	struct rt_set *sets;
	size_t nsets, sets_cap, live_sets;
	uint32_t *set_index;      /* hash -> set + 1 */
	size_t set_index_cap, set_index_used;
	uint32_t *free_sets;
	size_t nfree, free_cap;
	uint64_t set_bytes;
	struct wbuf scratch;
	uint64_t cache_gen;       /* the attribute set of the last UPDATE */
	uint32_t cache_set;
	bool cache_valid;
};

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
	const uint8_t *q = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ q[i]) * 1099511628211ull;
	return h;
}

static uint64_t key_hash(const struct rt_key *k)
{
	uint64_t h = 1469598103934665603ull;
	h = fnv(&k->peer, 4, h);
	h = fnv(&k->path_id, 4, h);
	h = fnv(&k->p.afi, 1, h);
	h = fnv(&k->p.len, 1, h);
	h = fnv(k->p.b, 16, h);
	return fnv(&k->addpath, 1, h);
}

static bool key_eq(const struct rt_key *a, const struct rt_key *b)
{
	return a->peer == b->peer && a->path_id == b->path_id && a->addpath == b->addpath && a->p.afi == b->p.afi &&
	       a->p.len == b->p.len && !memcmp(a->p.b, b->p.b, 16);
}

struct mrt_ribtab *mrt_ribtab_new(void)
{
	struct mrt_ribtab *t = xcalloc(1, sizeof *t);
	wbuf_init(&t->scratch, 512);
	return t;
}

void mrt_ribtab_free(struct mrt_ribtab *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nsets; i++)
		free(t->sets[i].p);
	free(t->sets);
	free(t->set_index);
	free(t->free_sets);
	free(t->routes);
	free(t->peers);
	wbuf_free(&t->scratch);
	free(t);
}

uint64_t mrt_ribtab_routes(const struct mrt_ribtab *t) { return t->nroutes; }
uint64_t mrt_ribtab_attr_sets(const struct mrt_ribtab *t) { return t->live_sets; }

uint64_t mrt_ribtab_mem(const struct mrt_ribtab *t)
{
	return t->routes_cap * sizeof *t->routes + t->sets_cap * sizeof *t->sets +
	       t->set_index_cap * sizeof *t->set_index + t->set_bytes + t->peers_cap * sizeof *t->peers;
}

static uint32_t peer_index(struct mrt_ribtab *t, const struct ip_addr *ip, uint32_t as)
{
	for (size_t i = t->npeers; i-- > 0;)
		if (t->peers[i].as == as && !memcmp(&t->peers[i].ip, ip, sizeof *ip))
			return (uint32_t)i;
	t->peers = xgrow(t->peers, &t->peers_cap, t->npeers + 1, sizeof *t->peers);
	t->peers[t->npeers].ip = *ip;
	t->peers[t->npeers].as = as;
	return (uint32_t)t->npeers++;
}

/* Rebuilds the index from the live sets (dropping entries of freed ones)
 * and makes the freed slots reusable: no index entry points at them now. */
static void set_index_rebuild(struct mrt_ribtab *t)
{
	size_t cap = 1024;
	while (cap < (t->live_sets + 1) * 4)
		cap *= 2;
	free(t->set_index);
	t->set_index = xcalloc(cap, sizeof *t->set_index);
	t->set_index_cap = cap;
	t->set_index_used = t->live_sets;
	t->nfree = 0;
	for (size_t i = 0; i < t->nsets; i++) {
		if (!t->sets[i].refs) {
			t->free_sets = xgrow(t->free_sets, &t->free_cap, t->nfree + 1, sizeof *t->free_sets);
			t->free_sets[t->nfree++] = (uint32_t)i;
			continue;
		}
		size_t k = t->sets[i].hash & (cap - 1);
		while (t->set_index[k])
			k = (k + 1) & (cap - 1);
		t->set_index[k] = (uint32_t)i + 1;
	}
}

/* The interned set for these bytes, its count of references raised. */
static uint32_t set_get(struct mrt_ribtab *t, const uint8_t *p, size_t len)
{
	uint64_t h = fnv(p, len, 1469598103934665603ull);
	if (t->set_index_cap) {
		for (size_t k = h & (t->set_index_cap - 1); t->set_index[k]; k = (k + 1) & (t->set_index_cap - 1)) {
			struct rt_set *s = &t->sets[t->set_index[k] - 1];
			if (s->refs && s->hash == h && s->len == len && !memcmp(s->p, p, len)) {
				s->refs++;
				return t->set_index[k] - 1;
			}
		}
	}
	uint32_t i;
	if (t->nfree) {
		i = t->free_sets[--t->nfree];
	} else {
		t->sets = xgrow(t->sets, &t->sets_cap, t->nsets + 1, sizeof *t->sets);
		i = (uint32_t)t->nsets++;
	}
	struct rt_set *s = &t->sets[i];
	s->p = xmalloc(len ? len : 1);
	memcpy(s->p, p, len);
	s->len = (uint32_t)len;
	s->refs = 1;
	s->hash = h;
	t->set_bytes += len;
	t->live_sets++;
	/* Freed sets stay in the index until a rebuild (their slot is not
	 * reused before it, and a lookup checks hash and bytes); rebuild when
	 * the index is half full. */
	if ((t->set_index_used + 1) * 2 > t->set_index_cap) {
		set_index_rebuild(t);
	} else {
		size_t k = h & (t->set_index_cap - 1);
		while (t->set_index[k])
			k = (k + 1) & (t->set_index_cap - 1);
		t->set_index[k] = i + 1;
		t->set_index_used++;
	}
	return i;
}

static void set_put(struct mrt_ribtab *t, uint32_t i)
{
	struct rt_set *s = &t->sets[i];
	if (--s->refs)
		return;
	t->set_bytes -= s->len;
	free(s->p);
	s->p = NULL;
	s->len = 0;
	t->live_sets--;
	/* The index entry still points here; the slot is reused only after
	 * the next rebuild drops it. */
	s->hash = 0;
}

static struct rt_route *route_find(struct mrt_ribtab *t, const struct rt_key *k)
{
	if (!t->routes_cap)
		return NULL;
	for (size_t i = key_hash(k) & (t->routes_cap - 1);; i = (i + 1) & (t->routes_cap - 1)) {
		struct rt_route *r = &t->routes[i];
		if (!r->attr)
			return NULL;
		if (key_eq(&r->k, k))
			return r;
	}
}

static void routes_grow(struct mrt_ribtab *t)
{
	size_t old = t->routes_cap, cap = old ? old * 2 : 4096;
	struct rt_route *o = t->routes;
	t->routes = xcalloc(cap, sizeof *t->routes);
	t->routes_cap = cap;
	for (size_t i = 0; i < old; i++) {
		if (!o[i].attr)
			continue;
		size_t k = key_hash(&o[i].k) & (cap - 1);
		while (t->routes[k].attr)
			k = (k + 1) & (cap - 1);
		t->routes[k] = o[i];
	}
	free(o);
}

/* Removes the route at slot i, shifting back the probe chain after it. */
static void route_delete(struct mrt_ribtab *t, size_t i)
{
	size_t mask = t->routes_cap - 1;
	set_put(t, t->routes[i].attr - 1);
	t->routes[i].attr = 0;
	t->nroutes--;
	for (size_t j = (i + 1) & mask; t->routes[j].attr; j = (j + 1) & mask) {
		size_t home = key_hash(&t->routes[j].k) & mask;
		/* Move j back to i if its home is not in (i, j]. */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			t->routes[i] = t->routes[j];
			t->routes[j].attr = 0;
			i = j;
		}
	}
}

static void peer_clear(struct mrt_ribtab *t, uint32_t peer)
{
	for (size_t i = 0; i < t->routes_cap;) {
		if (t->routes[i].attr && t->routes[i].k.peer == peer) {
			route_delete(t, i);
			continue;   /* slot i may now hold a shifted route */
		}
		i++;
	}
}

void mrt_ribtab_elem(struct mrt_ribtab *t, const struct mrt_elem *e)
{
	if (e->local)
		return;
	uint32_t peer = peer_index(t, &e->peer_ip, e->peer_as);
	if (e->type == MRT_ELEM_STATE) {
		if (e->new_state != 6)
			peer_clear(t, peer);
		return;
	}
	if (e->safi != SAFI_UNICAST || (e->prefix.afi != AFI_IPV4 && e->prefix.afi != AFI_IPV6))
		return;
	struct rt_key k;
	memset(&k, 0, sizeof k);
	k.peer = peer;
	k.path_id = e->addpath ? e->path_id : 0;
	k.addpath = e->addpath;
	k.p = e->prefix;
	prefix_mask(&k.p);
	if (e->type == MRT_ELEM_WITHDRAW) {
		struct rt_route *r = route_find(t, &k);
		if (r)
			route_delete(t, (size_t)(r - t->routes));
		return;
	}
	if ((e->type != MRT_ELEM_ANNOUNCE && e->type != MRT_ELEM_RIB) || !e->attrs)
		return;
	uint32_t set;
	if (t->cache_valid && t->cache_gen == e->attrs->gen && t->sets[t->cache_set].refs) {
		set = t->cache_set;
		t->sets[set].refs++;
	} else {
		t->scratch.len = 0;
		encode_attrs(&t->scratch, e->attrs);
		set = set_get(t, (const uint8_t *)t->scratch.p, t->scratch.len);
		t->cache_valid = true;
		t->cache_gen = e->attrs->gen;
		t->cache_set = set;
	}
	struct rt_route *r = route_find(t, &k);
	if (r) {
		set_put(t, r->attr - 1);
		r->attr = set + 1;
		r->orig = e->rec ? e->rec->ts : 0;
		return;
	}
	if ((t->nroutes + 1) * 4 > t->routes_cap * 3)
		routes_grow(t);
	size_t i = key_hash(&k) & (t->routes_cap - 1);
	while (t->routes[i].attr)
		i = (i + 1) & (t->routes_cap - 1);
	t->routes[i].k = k;
	t->routes[i].attr = set + 1;
	t->routes[i].orig = e->rec ? e->rec->ts : 0;
	t->nroutes++;
}

static int route_cmp(const void *x, const void *y)
{
	const struct rt_route *a = *(const struct rt_route *const *)x, *b = *(const struct rt_route *const *)y;
	int c = prefix_cmp(&a->k.p, &b->k.p);
	if (c)
		return c;
	if (a->k.addpath != b->k.addpath)
		return a->k.addpath < b->k.addpath ? -1 : 1;
	if (a->k.peer != b->k.peer)
		return a->k.peer < b->k.peer ? -1 : 1;
	return a->k.path_id < b->k.path_id ? -1 : a->k.path_id > b->k.path_id;
}

/* Starts a TABLE_DUMP_V2 record; returns the offset of its length field. */
static size_t rec_start(struct wbuf *w, uint32_t ts, uint16_t subtype)
{
	put32(w, ts);
	put16(w, MRT_TABLE_DUMP_V2);
	put16(w, subtype);
	size_t at = w->len;
	put32(w, 0);
	return at;
}

void mrt_ribtab_dump(struct mrt_ribtab *t, struct wbuf *w, uint32_t ts, const uint8_t collector_id[4])
{
	/* RFC 6396 section 4.3.1: the peer index table; a 16-bit count. */
	size_t npeers = t->npeers > 65535 ? 65535 : t->npeers;
	size_t at = rec_start(w, ts, MRT_TD2_PEER_INDEX_TABLE);
	size_t body = w->len;
	wbuf_put(w, collector_id, 4);
	put16(w, 0);
	put16(w, (uint16_t)npeers);
	for (size_t i = 0; i < npeers; i++) {
		bool v6 = t->peers[i].ip.afi == AFI_IPV6;
		put8(w, (uint8_t)(0x02 | (v6 ? 0x01 : 0)));
		put32(w, 0);
		wbuf_put(w, t->peers[i].ip.b, v6 ? 16 : 4);
		put32(w, t->peers[i].as);
	}
	patch32(w, at, (uint32_t)(w->len - body));

	struct rt_route **v = xreallocarray(NULL, t->nroutes ? t->nroutes : 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t->routes_cap; i++)
		if (t->routes[i].attr && t->routes[i].k.peer < npeers)
			v[n++] = &t->routes[i];
	qsort(v, n, sizeof *v, route_cmp);
	uint32_t seq = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && j - i < 65535 && !prefix_cmp(&v[j]->k.p, &v[i]->k.p) && v[j]->k.addpath == v[i]->k.addpath)
			j++;
		const struct rt_key *k = &v[i]->k;
		uint16_t sub = k->p.afi == AFI_IPV6 ? MRT_TD2_RIB_IPV6_UNICAST : MRT_TD2_RIB_IPV4_UNICAST;
		if (k->addpath)
			sub += 6;   /* RFC 8050 section 4: 8 and 10 */
		at = rec_start(w, ts, sub);
		body = w->len;
		put32(w, seq++);
		put8(w, k->p.len);
		wbuf_put(w, k->p.b, (k->p.len + 7u) / 8);
		put16(w, (uint16_t)(j - i));
		for (size_t x = i; x < j; x++) {
			const struct rt_route *r = v[x];
			const struct rt_set *s = &t->sets[r->attr - 1];
			put16(w, (uint16_t)r->k.peer);
			put32(w, r->orig);
			if (k->addpath)
				put32(w, r->k.path_id);
			put16(w, (uint16_t)(s->len > 65535 ? 0 : s->len));
			if (s->len <= 65535)
				wbuf_put(w, s->p, s->len);
		}
		patch32(w, at, (uint32_t)(w->len - body));
		i = j;
	}
	free(v);
}

/* ---- Archive ------------------------------------------------------------- */

struct mrt_archive {
	char dir[1024];
	uint32_t update_secs, rib_secs;
	FILE *upd;
	char upd_path[1200];
	uint32_t upd_start;
	uint32_t next_rib;       /* time of the next RIB dump (0: not yet known) */
	uint32_t last_ts;
	struct mrt_ribtab *rib;
	struct wbuf w;
	uint64_t files;
};

static void name_at(char *out, size_t n, const char *dir, const char *kind, uint32_t ts, const char *suffix)
{
	time_t t = ts;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, n, "%s/%s.%04d%02d%02d.%02d%02d%s", dir, kind, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, suffix);
}

struct mrt_archive *mrt_archive_new(const char *dir, uint32_t update_secs, uint32_t rib_secs, char *err,
				    size_t errlen)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", dir);
		return NULL;
	}
	struct mrt_archive *a = xcalloc(1, sizeof *a);
	snprintf(a->dir, sizeof a->dir, "%s", dir);
	a->update_secs = update_secs;
	a->rib_secs = rib_secs;
	a->rib = mrt_ribtab_new();
	wbuf_init(&a->w, 1 << 16);
	return a;
}

static int upd_close(struct mrt_archive *a, char *err, size_t errlen)
{
	if (!a->upd)
		return 0;
	int rc = 0;
	if (fclose(a->upd) != 0) {
		snprintf(err, errlen, "%s: %s", a->upd_path, strerror(errno));
		rc = -1;
	}
	a->upd = NULL;
	char final[1200];
	snprintf(final, sizeof final, "%s", a->upd_path);
	final[strlen(final) - 5] = 0;    /* drop ".part" */
	if (rc == 0 && rename(a->upd_path, final) < 0) {
		snprintf(err, errlen, "%s: %s", final, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		a->files++;
	return rc;
}

int mrt_archive_dump(struct mrt_archive *a, uint32_t ts, char *err, size_t errlen)
{
	char part[1200], final[1200];
	name_at(part, sizeof part, a->dir, "bview", ts, ".part");
	name_at(final, sizeof final, a->dir, "bview", ts, "");
	FILE *f = fopen(part, "wb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", part, strerror(errno));
		return -1;
	}
	const uint8_t id[4] = { 0, 0, 0, 0 };
	a->w.len = 0;
	mrt_ribtab_dump(a->rib, &a->w, ts, id);
	bool ok = fwrite(a->w.p, 1, a->w.len, f) == a->w.len;
	a->w.len = 0;
	if (fclose(f) != 0 || !ok || rename(part, final) < 0) {
		snprintf(err, errlen, "%s: %s", final, strerror(errno));
		return -1;
	}
	a->files++;
	return 0;
}

int mrt_archive_record(struct mrt_archive *a, const struct mrt_record *rec, char *err, size_t errlen)
{
	uint32_t ts = rec->ts;
	if (a->rib_secs) {
		if (!a->next_rib)
			a->next_rib = ts - ts % a->rib_secs + a->rib_secs;
		if (ts >= a->next_rib) {
			/* The table as it stood at the boundary. */
			uint32_t at = ts - ts % a->rib_secs;
			if (mrt_archive_dump(a, at, err, errlen) < 0)
				return -1;
			a->next_rib = at + a->rib_secs;
		}
	}
	uint32_t start = ts - ts % a->update_secs;
	if (!a->upd || start > a->upd_start) {
		if (upd_close(a, err, errlen) < 0)
			return -1;
		name_at(a->upd_path, sizeof a->upd_path, a->dir, "updates", start, ".part");
		a->upd = fopen(a->upd_path, "ab");
		if (!a->upd) {
			snprintf(err, errlen, "%s: %s", a->upd_path, strerror(errno));
			return -1;
		}
		a->upd_start = start;
	}
	a->w.len = 0;
	mrt_write_record(&a->w, rec);
	if (fwrite(a->w.p, 1, a->w.len, a->upd) != a->w.len) {
		snprintf(err, errlen, "%s: %s", a->upd_path, strerror(errno));
		return -1;
	}
	if (ts > a->last_ts)
		a->last_ts = ts;
	return 0;
}

int mrt_archive_flush(struct mrt_archive *a, char *err, size_t errlen)
{
	if (a->upd && fflush(a->upd) != 0) {
		snprintf(err, errlen, "%s: %s", a->upd_path, strerror(errno));
		return -1;
	}
	return 0;
}

struct mrt_ribtab *mrt_archive_ribtab(struct mrt_archive *a) { return a->rib; }
uint64_t mrt_archive_files(const struct mrt_archive *a) { return a->files; }

int mrt_archive_free(struct mrt_archive *a, char *err, size_t errlen)
{
	if (!a)
		return 0;
	int rc = upd_close(a, err, errlen);
	mrt_ribtab_free(a->rib);
	wbuf_free(&a->w);
	free(a);
	return rc;
}
