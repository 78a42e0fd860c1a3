/*
 * Route state in 12 bytes a route: each peer has an open-addressing table
 * (linear probing, deletion by backward shift, so no tombstones) of
 * {prefix id + mark bit, origin, since}. Prefixes are interned once for all
 * peers, so a full table seen by 20 peers costs about 2 bytes a route for
 * the prefix itself. Tables double at 3/4 full.
 */
#include "rib/rib.h"

#include "lib/xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MARK 0x80000000u       /* in slot.key: listed in the current dump */
#define KEY_MASK 0x7fffffffu   /* slot.key & KEY_MASK = prefix id + 1; 0 = empty */

struct slot {
	uint32_t key;
	uint32_t origin;
	uint32_t since;
};

struct peer {
	uint32_t collector, asn;
	struct ip_addr ip;
	struct slot *t;
	uint32_t cap;           /* power of two, or 0 */
	uint32_t count;
	int shift;              /* 32 - log2(cap) */
};

struct rib {
	rib_interval_cb cb;
	void *ctx;
	struct peer *peers;
	size_t npeers, peers_cap;
	uint32_t *peer_index;   /* id + 1, 0 = empty */
	size_t peer_index_cap;
	struct prefix *prefixes;
	size_t nprefixes, prefixes_cap;
	uint32_t *prefix_index; /* id + 1, 0 = empty */
	size_t prefix_index_cap;
	uint32_t last_prefix;   /* the id rib_prefix_id returned last */
	uint64_t routes;
};

static void table_free(struct slot *t, uint32_t cap);

struct rib *rib_new(rib_interval_cb cb, void *ctx)
{
	struct rib *r = xcalloc(1, sizeof *r);
	r->cb = cb;
	r->ctx = ctx;
	return r;
}

void rib_free(struct rib *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->npeers; i++)
		table_free(r->peers[i].t, r->peers[i].cap);
	free(r->peers);
	free(r->peer_index);
	free(r->prefixes);
	free(r->prefix_index);
	free(r);
}

/* ---- Interning --------------------------------------------------------- */

/* Multiply-xorshift over the words of a key: a few cycles, every bit
 * reaching the low bits used as the slot. */
static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 31);
}

static uint64_t peer_hash(uint32_t collector, const struct ip_addr *ip, uint32_t asn)
{
	uint64_t a, b;
	memcpy(&a, ip->b, 8);
	memcpy(&b, ip->b + 8, 8);
	return mix(mix(mix((uint64_t)collector << 32 | asn, a), b), ip->afi);
}

static void peer_index_put(struct rib *r, uint32_t id)
{
	const struct peer *p = &r->peers[id];
	size_t mask = r->peer_index_cap - 1;
	size_t i = peer_hash(p->collector, &p->ip, p->asn) & mask;
	while (r->peer_index[i])
		i = (i + 1) & mask;
	r->peer_index[i] = id + 1;
}

uint32_t rib_peer_id(struct rib *r, uint32_t collector, const struct ip_addr *ip, uint32_t asn)
{
	if (r->peer_index_cap) {
		size_t mask = r->peer_index_cap - 1;
		for (size_t i = peer_hash(collector, ip, asn) & mask; r->peer_index[i]; i = (i + 1) & mask) {
			const struct peer *p = &r->peers[r->peer_index[i] - 1];
			if (p->collector == collector && p->asn == asn && p->ip.afi == ip->afi &&
			    !memcmp(p->ip.b, ip->b, 16))
				return r->peer_index[i] - 1;
		}
	}
	if (r->npeers >= RIB_MAX_PEERS)
		abort();  /* callers cap peers far below this (MRT_MAX_PEERS per file) */
	r->peers = xgrow(r->peers, &r->peers_cap, r->npeers + 1, sizeof *r->peers);
	uint32_t id = (uint32_t)r->npeers++;
	struct peer *p = &r->peers[id];
	memset(p, 0, sizeof *p);
	p->collector = collector;
	p->asn = asn;
	p->ip.afi = ip->afi;
	memcpy(p->ip.b, ip->b, 16);
	if (r->npeers * 2 > r->peer_index_cap) {
		free(r->peer_index);
		r->peer_index_cap = r->peer_index_cap ? r->peer_index_cap * 2 : 64;
		r->peer_index = xcalloc(r->peer_index_cap, sizeof *r->peer_index);
		for (uint32_t k = 0; k < r->npeers; k++)
			peer_index_put(r, k);
	} else {
		peer_index_put(r, id);
	}
	return id;
}

void rib_peer_info(const struct rib *r, uint32_t peer, uint32_t *collector, struct ip_addr *ip, uint32_t *asn)
{
	const struct peer *p = &r->peers[peer];
	*collector = p->collector;
	*ip = p->ip;
	*asn = p->asn;
}

uint32_t rib_npeers(const struct rib *r) { return (uint32_t)r->npeers; }

static uint64_t prefix_hash(const struct prefix *p)
{
	uint64_t a, b;
	memcpy(&a, p->b, 8);
	memcpy(&b, p->b + 8, 8);
	return mix(mix((uint64_t)p->afi << 8 | p->len, a), b);
}

static void prefix_index_put(struct rib *r, uint32_t id)
{
	size_t mask = r->prefix_index_cap - 1;
	size_t i = prefix_hash(&r->prefixes[id]) & mask;
	while (r->prefix_index[i])
		i = (i + 1) & mask;
	r->prefix_index[i] = id + 1;
}

uint32_t rib_prefix_id(struct rib *r, const struct prefix *in)
{
	struct prefix p;
	memset(&p, 0, sizeof p);
	p.afi = in->afi;
	p.len = in->len;
	memcpy(p.b, in->b, 16);
	prefix_mask(&p);
	/* The entries of a RIB record all share its prefix. */
	if (r->nprefixes && !memcmp(&r->prefixes[r->last_prefix], &p, sizeof p))
		return r->last_prefix;
	if (r->prefix_index_cap) {
		size_t mask = r->prefix_index_cap - 1;
		for (size_t i = prefix_hash(&p) & mask; r->prefix_index[i]; i = (i + 1) & mask)
			if (!memcmp(&r->prefixes[r->prefix_index[i] - 1], &p, sizeof p))
				return r->last_prefix = r->prefix_index[i] - 1;
	}
	if (r->nprefixes >= RIB_MAX_PREFIXES)
		abort();  /* 2^30 distinct prefixes: far beyond any routing table */
	r->prefixes = xgrow(r->prefixes, &r->prefixes_cap, r->nprefixes + 1, sizeof *r->prefixes);
	uint32_t id = (uint32_t)r->nprefixes++;
	r->prefixes[id] = p;
	r->last_prefix = id;
	if (r->nprefixes * 2 > r->prefix_index_cap) {
		free(r->prefix_index);
		r->prefix_index_cap = r->prefix_index_cap ? r->prefix_index_cap * 2 : 1024;
		r->prefix_index = xcalloc(r->prefix_index_cap, sizeof *r->prefix_index);
		for (uint32_t k = 0; k < r->nprefixes; k++)
			prefix_index_put(r, k);
	} else {
		prefix_index_put(r, id);
	}
	return id;
}

const struct prefix *rib_prefix(const struct rib *r, uint32_t id) { return &r->prefixes[id]; }

uint32_t rib_nprefixes(const struct rib *r) { return (uint32_t)r->nprefixes; }

/* ---- Per-peer tables ------------------------------------------------------ */

/* Runs of 32 consecutive prefix ids stay next to each other (a RIB dump
 * visits prefixes in id order in every peer's table, so this keeps the
 * walk in cache); the runs themselves are spread by Fibonacci hashing, so
 * ids with any stride still scatter. */
static uint32_t home(const struct peer *p, uint32_t key)
{
	uint32_t run = (uint32_t)(((key >> 5) * 2654435761u) >> p->shift);
	return (run + (key & 31)) & (p->cap - 1);
}

/* The slot holding prefix id + 1 == key, or NULL. */
static struct slot *find(const struct peer *p, uint32_t key)
{
	if (!p->cap)
		return NULL;
	uint32_t mask = p->cap - 1;
	for (uint32_t i = home(p, key);; i = (i + 1) & mask) {
		struct slot *s = &p->t[i];
		if (!s->key)
			return NULL;
		if ((s->key & KEY_MASK) == key)
			return s;
	}
}

static void place(struct peer *p, const struct slot *in)
{
	uint32_t mask = p->cap - 1;
	uint32_t i = home(p, in->key & KEY_MASK);
	while (p->t[i].key)
		i = (i + 1) & mask;
	p->t[i] = *in;
}

/* Tables of at least this many bytes are mapped on their own, in whole
 * 2 MiB units, and offered to the kernel for transparent huge pages: a
 * full table filled route by route otherwise takes one page fault per
 * 4 KiB, which was a tenth of ingest's time on a full RIB. */
#define BIG_TABLE (2u << 20)

static size_t table_bytes(uint32_t cap)
{
	size_t n = (size_t)cap * sizeof(struct slot);
	return n >= BIG_TABLE ? (n + BIG_TABLE - 1) / BIG_TABLE * BIG_TABLE : n;
}

/* A zeroed table of cap slots (cap > 0). */
static struct slot *table_new(uint32_t cap)
{
	size_t n = table_bytes(cap);
	if (n < BIG_TABLE)
		return xcalloc(cap, sizeof(struct slot));
	void *t = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return xcalloc(cap, sizeof(struct slot));   /* exits when memory is out */
#ifdef MADV_HUGEPAGE
	madvise(t, n, MADV_HUGEPAGE);   /* advice only: no huge pages is fine */
#endif
	return t;
}

static void table_free(struct slot *t, uint32_t cap)
{
	if (!t)
		return;
	size_t n = table_bytes(cap);
	if (n < BIG_TABLE)
		free(t);
	else
		munmap(t, n);
}

static void grow(struct peer *p)
{
	struct slot *old = p->t;
	uint32_t oldcap = p->cap;
	p->cap = oldcap ? oldcap * 2 : 16;
	p->shift = 32 - __builtin_ctz(p->cap);
	p->t = table_new(p->cap);
	for (uint32_t i = 0; i < oldcap; i++)
		if (old[i].key)
			place(p, &old[i]);
	table_free(old, oldcap);
}

/* Removes the slot at i, shifting later members of its cluster back
 * (Knuth's algorithm R for linear probing). */
static void delete_at(struct peer *p, uint32_t i)
{
	uint32_t mask = p->cap - 1;
	for (;;) {
		p->t[i].key = 0;
		uint32_t j = i;
		for (;;) {
			j = (j + 1) & mask;
			if (!p->t[j].key)
				return;
			uint32_t h = home(p, p->t[j].key & KEY_MASK);
			/* Move j back to i unless its home lies cyclically in (i, j]. */
			bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
			if (!stays)
				break;
		}
		p->t[i] = p->t[j];
		i = j;
	}
}

static void report(struct rib *r, uint32_t peer, const struct slot *s, uint32_t t)
{
	if (r->cb)
		r->cb(r->ctx, peer, (s->key & KEY_MASK) - 1, s->origin, s->since, t > s->since ? t : s->since);
}

static void set_route(struct rib *r, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t t, uint32_t mark)
{
	struct peer *p = &r->peers[peer];
	uint32_t key = prefix + 1;
	struct slot *s = find(p, key);
	if (s) {
		if (s->origin != origin) {
			report(r, peer, s, t);
			s->origin = origin;
			s->since = t;
		}
		s->key |= mark;
		return;
	}
	if ((p->count + 1) * 4 > p->cap * 3)
		grow(p);
	struct slot n = { key | mark, origin, t };
	place(p, &n);
	p->count++;
	r->routes++;
}

void rib_announce(struct rib *r, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t t)
{
	set_route(r, peer, prefix, origin, t, 0);
}

void rib_entry(struct rib *r, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t t)
{
	set_route(r, peer, prefix, origin, t, MARK);
}

void rib_withdraw(struct rib *r, uint32_t peer, uint32_t prefix, uint32_t t)
{
	struct peer *p = &r->peers[peer];
	struct slot *s = find(p, prefix + 1);
	if (!s)
		return;
	report(r, peer, s, t);
	delete_at(p, (uint32_t)(s - p->t));
	p->count--;
	r->routes--;
}

void rib_peer_down(struct rib *r, uint32_t peer, uint32_t t)
{
	struct peer *p = &r->peers[peer];
	for (uint32_t i = 0; i < p->cap; i++)
		if (p->t[i].key)
			report(r, peer, &p->t[i], t);
	r->routes -= p->count;
	table_free(p->t, p->cap);
	p->t = NULL;
	p->cap = 0;
	p->count = 0;
}

void rib_dump_end(struct rib *r, uint32_t collector, uint32_t t)
{
	uint32_t *gone = NULL;
	size_t ngone = 0, cap = 0;
	for (uint32_t id = 0; id < r->npeers; id++) {
		struct peer *p = &r->peers[id];
		if (p->collector != collector)
			continue;
		/* Collect first, delete after: a deletion shifts entries
		 * backwards, across the end of the table too. */
		ngone = 0;
		for (uint32_t i = 0; i < p->cap; i++) {
			struct slot *s = &p->t[i];
			if (s->key & MARK)
				s->key &= KEY_MASK;
			else if (s->key) {
				gone = xgrow(gone, &cap, ngone + 1, sizeof *gone);
				gone[ngone++] = s->key;
			}
		}
		for (size_t k = 0; k < ngone; k++) {
			struct slot *s = find(p, gone[k]);
			report(r, id, s, t);
			delete_at(p, (uint32_t)(s - p->t));
			p->count--;
			r->routes--;
		}
	}
	free(gone);
}

void rib_close_all(struct rib *r, uint32_t t)
{
	for (uint32_t id = 0; id < r->npeers; id++) {
		struct peer *p = &r->peers[id];
		for (uint32_t i = 0; i < p->cap; i++)
			if (p->t[i].key) {
				report(r, id, &p->t[i], t);
				if (t > p->t[i].since)
					p->t[i].since = t;
			}
	}
}

void rib_advance(struct rib *r, uint32_t t)
{
	for (uint32_t id = 0; id < r->npeers; id++) {
		struct peer *p = &r->peers[id];
		for (uint32_t i = 0; i < p->cap; i++)
			if (p->t[i].key && t > p->t[i].since)
				p->t[i].since = t;
	}
}

void rib_clear(struct rib *r)
{
	for (size_t i = 0; i < r->npeers; i++) {
		table_free(r->peers[i].t, r->peers[i].cap);
		r->peers[i].t = NULL;
		r->peers[i].cap = 0;
		r->peers[i].count = 0;
	}
	r->routes = 0;
}

bool rib_lookup(const struct rib *r, uint32_t peer, uint32_t prefix, uint32_t *origin, uint32_t *since)
{
	if (peer >= r->npeers)
		return false;
	const struct slot *s = find(&r->peers[peer], prefix + 1);
	if (!s)
		return false;
	*origin = s->origin;
	*since = s->since;
	return true;
}

uint64_t rib_nroutes(const struct rib *r) { return r->routes; }

size_t rib_mem(const struct rib *r)
{
	size_t n = sizeof *r + r->peers_cap * sizeof *r->peers + r->peer_index_cap * sizeof *r->peer_index +
		   r->prefixes_cap * sizeof *r->prefixes + r->prefix_index_cap * sizeof *r->prefix_index;
	for (size_t i = 0; i < r->npeers; i++)
		n += (size_t)r->peers[i].cap * sizeof(struct slot);
	return n;
}
