/*
 * Serials and differences for the RTR server (RFC 8210 sections 5.1, 6.1
 * and 6.2). The current set is kept whole; each older serial keeps only the
 * VRP delta to the next serial (announced and withdrawn, sorted) and its
 * Router Keys and ASPAs whole (a few thousand at most). The difference from
 * an old serial to now composes the VRP deltas: a VRP whose first change
 * since then is a withdrawal was there at the old serial, one whose last
 * change is an announcement is there now; only a VRP whose two states
 * differ is sent.
 */
#include "rtr/rtr_cache.h"

#include "lib/xmalloc.h"
#include "rtr/rtr_pdu.h"

#include <stdlib.h>
#include <string.h>

struct rtr_hist {
	uint32_t serial;
	struct rtr_vrp *ann, *wd;       /* from this serial to the next */
	size_t n_ann, n_wd;
	struct rtr_set side;            /* keys and ASPAs at this serial */
	struct rtr_blob *diff[RTR_VERSION_MAX + 1];   /* to the current serial */
};

/* ---- Sets ----------------------------------------------------------- */

void rtr_set_init(struct rtr_set *s)
{
	memset(s, 0, sizeof *s);
}

void rtr_set_free(struct rtr_set *s)
{
	free(s->vrps);
	free(s->keys);
	free(s->spki);
	free(s->aspas);
	free(s->prov);
	rtr_set_init(s);
}

int rtr_set_add_vrp(struct rtr_set *s, int v6, const uint8_t *addr, uint8_t plen, uint8_t maxlen, uint32_t asn)
{
	unsigned bits = v6 ? 128 : 32;
	if (plen > bits || maxlen > bits || maxlen < plen)
		return -1;
	s->vrps = xgrow(s->vrps, &s->cap_vrps, s->n_vrps + 1, sizeof *s->vrps);
	struct rtr_vrp *v = &s->vrps[s->n_vrps++];
	memset(v, 0, sizeof *v);
	memcpy(v->addr, addr, v6 ? 16 : 4);
	/* Clear the bits past the prefix length. */
	for (unsigned i = plen; i < bits; i++)
		v->addr[i / 8] &= (uint8_t) ~(0x80u >> (i % 8));
	v->v6 = v6 ? 1 : 0;
	v->plen = plen;
	v->maxlen = maxlen;
	v->asn = asn;
	return 0;
}

int rtr_set_add_key(struct rtr_set *s, const uint8_t ski[20], uint32_t asn, const uint8_t *spki, size_t len)
{
	if (len > RTR_MAX_SPKI)
		return -1;
	s->keys = xgrow(s->keys, &s->cap_keys, s->n_keys + 1, sizeof *s->keys);
	s->spki = xgrow(s->spki, &s->cap_spki, s->spki_len + len + 1, 1);
	struct rtr_rkey *k = &s->keys[s->n_keys++];
	memcpy(k->ski, ski, 20);
	k->asn = asn;
	k->spki_off = (uint32_t)s->spki_len;
	k->spki_len = (uint32_t)len;
	if (len)
		memcpy(s->spki + s->spki_len, spki, len);
	s->spki_len += len;
	return 0;
}

int rtr_set_add_aspa(struct rtr_set *s, uint32_t customer, const uint32_t *providers, size_t n)
{
	if (n == 0 || n > RTR_MAX_PROVIDERS)
		return -1;
	s->aspas = xgrow(s->aspas, &s->cap_aspas, s->n_aspas + 1, sizeof *s->aspas);
	s->prov = xgrow(s->prov, &s->cap_prov, s->n_prov + n, sizeof *s->prov);
	struct rtr_aspa *a = &s->aspas[s->n_aspas++];
	a->customer = customer;
	a->first = (uint32_t)s->n_prov;
	a->n = (uint32_t)n;
	memcpy(s->prov + s->n_prov, providers, n * sizeof *providers);
	s->n_prov += n;
	return 0;
}

static int vrp_cmp(const struct rtr_vrp *a, const struct rtr_vrp *b)
{
	if (a->v6 != b->v6)
		return a->v6 - b->v6;
	int c = memcmp(a->addr, b->addr, a->v6 ? 16 : 4);
	if (c)
		return c;
	if (a->plen != b->plen)
		return a->plen - b->plen;
	if (a->maxlen != b->maxlen)
		return a->maxlen - b->maxlen;
	return a->asn < b->asn ? -1 : a->asn > b->asn;
}

static int vrp_qcmp(const void *a, const void *b)
{
	return vrp_cmp(a, b);
}

/* Keys compare with their SPKI, which lives in the set's pool: qsort has
 * no context argument, so the pool is passed through this variable
 * (the cache is used from one thread). */
static const uint8_t *key_pool;

static int key_cmp2(const struct rtr_rkey *a, const uint8_t *pa, const struct rtr_rkey *b, const uint8_t *pb)
{
	int c = memcmp(a->ski, b->ski, 20);
	if (c)
		return c;
	if (a->asn != b->asn)
		return a->asn < b->asn ? -1 : 1;
	if (a->spki_len != b->spki_len)
		return a->spki_len < b->spki_len ? -1 : 1;
	return a->spki_len ? memcmp(pa + a->spki_off, pb + b->spki_off, a->spki_len) : 0;
}

static int key_qcmp(const void *a, const void *b)
{
	return key_cmp2(a, key_pool, b, key_pool);
}

static int aspa_qcmp(const void *a, const void *b)
{
	const struct rtr_aspa *x = a, *y = b;
	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static int u32_qcmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

void rtr_set_finish(struct rtr_set *s)
{
	if (s->n_vrps > 1) {
		qsort(s->vrps, s->n_vrps, sizeof *s->vrps, vrp_qcmp);
		size_t o = 1;
		for (size_t i = 1; i < s->n_vrps; i++)
			if (vrp_cmp(&s->vrps[i], &s->vrps[o - 1]))
				s->vrps[o++] = s->vrps[i];
		s->n_vrps = o;
	}
	if (s->n_keys > 1) {
		key_pool = s->spki;
		qsort(s->keys, s->n_keys, sizeof *s->keys, key_qcmp);
		size_t o = 1;
		for (size_t i = 1; i < s->n_keys; i++)
			if (key_cmp2(&s->keys[i], s->spki, &s->keys[o - 1], s->spki))
				s->keys[o++] = s->keys[i];
		s->n_keys = o;
	}
	if (s->n_aspas) {
		/* Sort by customer, then rebuild the provider pool with each
		 * customer's providers merged, sorted and distinct. */
		qsort(s->aspas, s->n_aspas, sizeof *s->aspas, aspa_qcmp);
		uint32_t *np = xreallocarray(NULL, s->n_prov ? s->n_prov : 1, sizeof *np);
		size_t nn = 0, o = 0;
		for (size_t i = 0; i < s->n_aspas;) {
			size_t j = i, start = nn;
			for (; j < s->n_aspas && s->aspas[j].customer == s->aspas[i].customer; j++) {
				memcpy(np + nn, s->prov + s->aspas[j].first, s->aspas[j].n * sizeof *np);
				nn += s->aspas[j].n;
			}
			qsort(np + start, nn - start, sizeof *np, u32_qcmp);
			size_t w = start + 1;
			for (size_t k = start + 1; k < nn; k++)
				if (np[k] != np[w - 1])
					np[w++] = np[k];
			nn = w;
			if (nn - start > RTR_MAX_PROVIDERS)
				nn = start + RTR_MAX_PROVIDERS;
			s->aspas[o].customer = s->aspas[i].customer;
			s->aspas[o].first = (uint32_t)start;
			s->aspas[o].n = (uint32_t)(nn - start);
			o++;
			i = j;
		}
		free(s->prov);
		s->prov = np;
		s->n_prov = s->cap_prov = nn ? nn : 1;
		s->n_prov = nn;
		s->n_aspas = o;
	}
}

/* ---- Blobs ------------------------------------------------------------ */

void rtr_blob_ref(struct rtr_blob *b)
{
	b->refs++;
}

void rtr_blob_unref(struct rtr_blob *b)
{
	if (b && --b->refs == 0) {
		free(b->p);
		free(b);
	}
}

struct enc {
	struct rtr_blob *b;
	size_t cap;
	uint8_t version;
};

static void enc_init(struct enc *e, uint8_t version)
{
	e->b = xcalloc(1, sizeof *e->b);
	e->b->refs = 1;
	e->cap = 0;
	e->version = version;
}

static uint8_t *enc_room(struct enc *e, size_t n)
{
	e->b->p = xgrow(e->b->p, &e->cap, e->b->len + n, 1);
	return e->b->p + e->b->len;
}

static void enc_vrp(struct enc *e, const struct rtr_vrp *v, uint8_t flags)
{
	uint8_t *q = enc_room(e, 32);
	e->b->len += rtr_enc_prefix(q, 32, e->version, v->v6, flags, v->addr, v->plen, v->maxlen, v->asn);
	if (flags & RTR_FLAG_ANNOUNCE)
		e->b->announced++;
	else
		e->b->withdrawn++;
}

static void enc_key(struct enc *e, const struct rtr_set *s, const struct rtr_rkey *k, uint8_t flags)
{
	if (e->version < 1)
		return;
	size_t n = 32 + k->spki_len;
	uint8_t *q = enc_room(e, n);
	e->b->len += rtr_enc_router_key(q, n, e->version, flags, k->ski, k->asn, s->spki + k->spki_off, k->spki_len);
	if (flags & RTR_FLAG_ANNOUNCE)
		e->b->announced++;
	else
		e->b->withdrawn++;
}

static void enc_aspa(struct enc *e, const struct rtr_set *s, const struct rtr_aspa *a, uint8_t flags)
{
	if (e->version < 2)
		return;
	size_t np = (flags & RTR_FLAG_ANNOUNCE) ? a->n : 0, n = 12 + 4 * np;
	uint8_t *q = enc_room(e, n);
	e->b->len += rtr_enc_aspa(q, n, e->version, flags, a->customer, s->prov + a->first, np);
	if (flags & RTR_FLAG_ANNOUNCE)
		e->b->announced++;
	else
		e->b->withdrawn++;
}

/* ---- The cache -------------------------------------------------------- */

void rtr_cache_init(struct rtr_cache *c, uint16_t session, uint32_t serial, size_t max_hist)
{
	memset(c, 0, sizeof *c);
	c->session = session;
	c->serial = serial;
	c->max_hist = max_hist ? max_hist : RTR_HISTORY_DEFAULT;
	rtr_set_init(&c->cur);
}

static void hist_free(struct rtr_hist *h)
{
	free(h->ann);
	free(h->wd);
	rtr_set_free(&h->side);
	for (int v = 0; v <= RTR_VERSION_MAX; v++)
		rtr_blob_unref(h->diff[v]);
}

static void drop_blobs(struct rtr_cache *c)
{
	for (int v = 0; v <= RTR_VERSION_MAX; v++) {
		rtr_blob_unref(c->full[v]);
		c->full[v] = NULL;
		rtr_blob_unref(c->empty[v]);
		c->empty[v] = NULL;
		for (size_t i = 0; i < c->n_hist; i++) {
			rtr_blob_unref(c->hist[i].diff[v]);
			c->hist[i].diff[v] = NULL;
		}
	}
}

void rtr_cache_free(struct rtr_cache *c)
{
	drop_blobs(c);
	for (size_t i = 0; i < c->n_hist; i++)
		hist_free(&c->hist[i]);
	free(c->hist);
	rtr_set_free(&c->cur);
	memset(c, 0, sizeof *c);
}

static bool aspa_equal(const struct rtr_set *s, const struct rtr_aspa *a, const struct rtr_set *t,
		       const struct rtr_aspa *b)
{
	return a->n == b->n && !memcmp(s->prov + a->first, t->prov + b->first, a->n * sizeof *s->prov);
}

/* Walks old and new keys: calls fn for keys only in old (withdraw) and only
 * in new (announce). Returns how many there were. */
typedef void (*key_fn)(void *ctx, const struct rtr_set *s, const struct rtr_rkey *k, uint8_t flags);
static size_t keys_walk(const struct rtr_set *o, const struct rtr_set *n, key_fn fn, void *ctx, size_t *ann)
{
	size_t i = 0, j = 0, changes = 0;
	while (i < o->n_keys || j < n->n_keys) {
		int c = i == o->n_keys ? 1 : j == n->n_keys ? -1 : key_cmp2(&o->keys[i], o->spki, &n->keys[j], n->spki);
		if (c < 0) {
			if (fn)
				fn(ctx, o, &o->keys[i], 0);
			i++;
			changes++;
		} else if (c > 0) {
			if (fn)
				fn(ctx, n, &n->keys[j], RTR_FLAG_ANNOUNCE);
			j++;
			changes++;
			(*ann)++;
		} else {
			i++;
			j++;
		}
	}
	return changes;
}

typedef void (*aspa_fn)(void *ctx, const struct rtr_set *s, const struct rtr_aspa *a, uint8_t flags);
static size_t aspas_walk(const struct rtr_set *o, const struct rtr_set *n, aspa_fn fn, void *ctx, size_t *ann)
{
	size_t i = 0, j = 0, changes = 0;
	while (i < o->n_aspas || j < n->n_aspas) {
		int c = i == o->n_aspas ? 1
			: j == n->n_aspas ? -1
			: o->aspas[i].customer < n->aspas[j].customer ? -1
			: o->aspas[i].customer > n->aspas[j].customer;
		if (c < 0) {
			if (fn)
				fn(ctx, o, &o->aspas[i], 0);
			i++;
			changes++;
		} else if (c > 0 || !aspa_equal(o, &o->aspas[i], n, &n->aspas[j])) {
			if (fn)
				fn(ctx, n, &n->aspas[j], RTR_FLAG_ANNOUNCE);
			if (c == 0)
				i++;
			j++;
			changes++;
			(*ann)++;
		} else {
			i++;
			j++;
		}
	}
	return changes;
}

void rtr_cache_update(struct rtr_cache *c, struct rtr_set *s, struct rtr_update *u)
{
	memset(u, 0, sizeof *u);
	if (!c->have_data) {
		c->cur = *s;
		rtr_set_init(s);
		c->have_data = true;
		u->changed = true;
		u->serial = c->serial;
		u->vrps_announced = c->cur.n_vrps;
		u->keys_announced = c->cur.n_keys;
		u->aspas_announced = c->cur.n_aspas;
		drop_blobs(c);
		return;
	}
	/* The VRP delta: a merge walk over both sorted arrays. */
	struct rtr_hist h;
	memset(&h, 0, sizeof h);
	size_t cap_ann = 0, cap_wd = 0, i = 0, j = 0;
	const struct rtr_set *o = &c->cur;
	while (i < o->n_vrps || j < s->n_vrps) {
		int cmp = i == o->n_vrps ? 1 : j == s->n_vrps ? -1 : vrp_cmp(&o->vrps[i], &s->vrps[j]);
		if (cmp < 0) {
			h.wd = xgrow(h.wd, &cap_wd, h.n_wd + 1, sizeof *h.wd);
			h.wd[h.n_wd++] = o->vrps[i++];
		} else if (cmp > 0) {
			h.ann = xgrow(h.ann, &cap_ann, h.n_ann + 1, sizeof *h.ann);
			h.ann[h.n_ann++] = s->vrps[j++];
		} else {
			i++;
			j++;
		}
	}
	size_t kann = 0, aann = 0;
	size_t kch = keys_walk(o, s, NULL, NULL, &kann), ach = aspas_walk(o, s, NULL, NULL, &aann);
	u->serial = c->serial;
	if (!h.n_ann && !h.n_wd && !kch && !ach) {
		rtr_set_free(s);
		return;
	}
	u->changed = true;
	u->vrps_announced = h.n_ann;
	u->vrps_withdrawn = h.n_wd;
	u->keys_announced = kann;
	u->keys_withdrawn = kch - kann;
	u->aspas_announced = aann;
	u->aspas_withdrawn = ach - aann;
	drop_blobs(c);
	/* The old set's keys and ASPAs stay with its serial. */
	h.serial = c->serial;
	h.side.keys = c->cur.keys;
	h.side.n_keys = c->cur.n_keys;
	h.side.cap_keys = c->cur.cap_keys;
	h.side.spki = c->cur.spki;
	h.side.spki_len = c->cur.spki_len;
	h.side.cap_spki = c->cur.cap_spki;
	h.side.aspas = c->cur.aspas;
	h.side.n_aspas = c->cur.n_aspas;
	h.side.cap_aspas = c->cur.cap_aspas;
	h.side.prov = c->cur.prov;
	h.side.n_prov = c->cur.n_prov;
	h.side.cap_prov = c->cur.cap_prov;
	free(c->cur.vrps);
	if (c->n_hist == c->max_hist) {
		hist_free(&c->hist[0]);
		memmove(c->hist, c->hist + 1, (c->n_hist - 1) * sizeof *c->hist);
		c->n_hist--;
	}
	c->hist = xreallocarray(c->hist, c->n_hist + 1, sizeof *c->hist);
	c->hist[c->n_hist++] = h;
	c->cur = *s;
	rtr_set_init(s);
	c->serial++;
	u->serial = c->serial;
}

struct rtr_blob *rtr_cache_full(struct rtr_cache *c, uint8_t version)
{
	if (!c->have_data || version > RTR_VERSION_MAX)
		return NULL;
	if (c->full[version])
		return c->full[version];
	struct enc e;
	enc_init(&e, version);
	const struct rtr_set *s = &c->cur;
	for (size_t i = 0; i < s->n_vrps; i++)
		enc_vrp(&e, &s->vrps[i], RTR_FLAG_ANNOUNCE);
	for (size_t i = 0; i < s->n_keys; i++)
		enc_key(&e, s, &s->keys[i], RTR_FLAG_ANNOUNCE);
	for (size_t i = 0; i < s->n_aspas; i++)
		enc_aspa(&e, s, &s->aspas[i], RTR_FLAG_ANNOUNCE);
	c->full[version] = e.b;
	return e.b;
}

/* One VRP change in the composition: which delta (seq) and what it did. */
struct change {
	const struct rtr_vrp *v;
	uint32_t seq;
	uint8_t announce;
};

static int change_qcmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int c = vrp_cmp(x->v, y->v);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void enc_key_cb(void *ctx, const struct rtr_set *s, const struct rtr_rkey *k, uint8_t flags)
{
	enc_key(ctx, s, k, flags);
}

static void enc_aspa_cb(void *ctx, const struct rtr_set *s, const struct rtr_aspa *a, uint8_t flags)
{
	enc_aspa(ctx, s, a, flags);
}

struct rtr_blob *rtr_cache_diff(struct rtr_cache *c, uint32_t serial, uint8_t version)
{
	if (!c->have_data || version > RTR_VERSION_MAX)
		return NULL;
	size_t at = c->n_hist;
	for (size_t i = 0; i < c->n_hist; i++)
		if (c->hist[i].serial == serial)
			at = i;
	if (at == c->n_hist && serial != c->serial)
		return NULL;
	if (serial == c->serial) {
		/* Nothing changed since: an empty stream. */
		if (!c->empty[version]) {
			struct enc e;
			enc_init(&e, version);
			c->empty[version] = e.b;
		}
		return c->empty[version];
	}
	struct rtr_hist *h = &c->hist[at];
	if (h->diff[version])
		return h->diff[version];
	/* Compose the VRP deltas from `at` to now. */
	size_t n = 0;
	for (size_t i = at; i < c->n_hist; i++)
		n += c->hist[i].n_ann + c->hist[i].n_wd;
	struct change *ch = xreallocarray(NULL, n ? n : 1, sizeof *ch);
	size_t k = 0;
	for (size_t i = at; i < c->n_hist; i++) {
		for (size_t x = 0; x < c->hist[i].n_wd; x++)
			ch[k++] = (struct change){ &c->hist[i].wd[x], (uint32_t)i, 0 };
		for (size_t x = 0; x < c->hist[i].n_ann; x++)
			ch[k++] = (struct change){ &c->hist[i].ann[x], (uint32_t)i, 1 };
	}
	qsort(ch, n, sizeof *ch, change_qcmp);
	struct enc e;
	enc_init(&e, version);
	/* Withdrawals first, then announcements: two passes over the groups. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n;) {
			size_t j = i + 1;
			while (j < n && !vrp_cmp(ch[j].v, ch[i].v))
				j++;
			bool before = !ch[i].announce, after = ch[j - 1].announce;
			if (before != after && after == (pass == 1))
				enc_vrp(&e, ch[i].v, after ? RTR_FLAG_ANNOUNCE : 0);
			i = j;
		}
	}
	free(ch);
	/* Keys and ASPAs: a merge walk between the old serial's and now. */
	size_t dummy = 0;
	keys_walk(&h->side, &c->cur, enc_key_cb, &e, &dummy);
	aspas_walk(&h->side, &c->cur, enc_aspa_cb, &e, &dummy);
	h->diff[version] = e.b;
	return e.b;
}
