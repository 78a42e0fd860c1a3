/*
 * Per-period observations: route intervals cut at UTC day and month
 * boundaries and merged per (period, prefix, origin) in a hash table over
 * a row array, so a batch comes out in the order rows were first seen
 * (deterministic for the same input).
 */
#include "rib/rib_obs.h"

#include "lib/xmalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void rib_obs_init(struct rib_obs *o) { memset(o, 0, sizeof *o); }

void rib_obs_clear(struct rib_obs *o)
{
	for (size_t i = 0; i < o->nrows; i++)
		if (!o->rows[i].borrowed)
			free(o->rows[i].peers);
	o->nrows = 0;
	o->hint = 0;
	if (o->index)
		memset(o->index, 0, o->index_cap * sizeof *o->index);
}

void rib_obs_free(struct rib_obs *o)
{
	rib_obs_clear(o);
	free(o->rows);
	free(o->index);
	memset(o, 0, sizeof *o);
}

/* Days since 1970-01-01 -> civil date (proleptic Gregorian), by 400-year
 * eras of 146097 days starting on March 1st. */
static void civil(uint32_t days, uint32_t *y, uint32_t *m, uint32_t *d)
{
	uint32_t z = days + 719468;
	uint32_t era = z / 146097;
	uint32_t doe = z - era * 146097;
	uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint32_t mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

uint32_t rib_day_of(uint32_t t)
{
	uint32_t y, m, d;
	civil(t / 86400, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

uint32_t rib_month_of(uint32_t t)
{
	uint32_t y, m, d;
	civil(t / 86400, &y, &m, &d);
	return y * 100 + m;
}

/* Two multiply-xorshift rounds over the packed key: cheaper than hashing
 * bytes, and every input bit reaches the low bits used as the slot. */
static uint64_t key_hash(uint8_t kind, uint32_t period, uint32_t prefix, uint32_t origin)
{
	uint64_t h = ((uint64_t)prefix << 32 | origin) * 0x9e3779b97f4a7c15ull;
	h ^= ((uint64_t)period << 1 | kind) * 0xc2b2ae3d27d4eb4full;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}

static void index_put(struct rib_obs *o, size_t row)
{
	const struct rib_obs_row *r = &o->rows[row];
	size_t mask = o->index_cap - 1;
	size_t i = key_hash(r->kind, r->period, r->prefix, r->origin) & mask;
	while (o->index[i])
		i = (i + 1) & mask;
	o->index[i] = (uint32_t)row + 1;
}

static struct rib_obs_row *row_for(struct rib_obs *o, uint8_t kind, uint32_t period, uint32_t prefix,
				   uint32_t origin)
{
	/* Route state reports a peer's routes in the same order for every
	 * peer with the same table layout, so the row after the last one
	 * found is usually the next one asked for: check it before hashing. */
	if (o->hint < o->nrows) {
		struct rib_obs_row *r = &o->rows[o->hint];
		if (r->kind == kind && r->period == period && r->prefix == prefix && r->origin == origin) {
			o->hint++;
			return r;
		}
	}
	if (o->index_cap) {
		size_t mask = o->index_cap - 1;
		for (size_t i = key_hash(kind, period, prefix, origin) & mask; o->index[i]; i = (i + 1) & mask) {
			struct rib_obs_row *r = &o->rows[o->index[i] - 1];
			if (r->kind == kind && r->period == period && r->prefix == prefix && r->origin == origin) {
				o->hint = o->index[i];
				return r;
			}
		}
	}
	if (o->nrows >= UINT32_MAX - 1)
		abort();  /* rows are bounded by prefixes x origins x periods of one file */
	o->rows = xgrow(o->rows, &o->rows_cap, o->nrows + 1, sizeof *o->rows);
	size_t row = o->nrows++;
	struct rib_obs_row *r = &o->rows[row];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->period = period;
	r->prefix = prefix;
	r->origin = origin;
	r->first_seen = UINT32_MAX;
	o->hint = o->nrows;
	if (o->nrows * 2 > o->index_cap) {
		free(o->index);
		o->index_cap = o->index_cap ? o->index_cap * 2 : 1024;
		o->index = xcalloc(o->index_cap, sizeof *o->index);
		for (size_t k = 0; k < o->nrows; k++)
			index_put(o, k);
	} else {
		index_put(o, row);
	}
	return r;
}

static void add_peer(struct rib_obs_row *r, uint32_t peer)
{
	if (r->npeers && r->peers[r->npeers - 1] == peer)
		return;
	size_t lo = 0, hi = r->npeers;
	if (r->npeers && r->peers[r->npeers - 1] < peer) {
		lo = r->npeers;
	} else {
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (r->peers[mid] < peer)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < r->npeers && r->peers[lo] == peer)
			return;
	}
	if (r->borrowed) {
		/* The set is a day row's: this row gets its own copy. */
		uint32_t *own = xreallocarray(NULL, (size_t)r->npeers + 1, sizeof *own);
		memcpy(own, r->peers, r->npeers * sizeof *own);
		r->peers = own;
		r->peers_cap = r->npeers + 1;
		r->borrowed = 0;
	}
	if (r->npeers == r->peers_cap) {
		size_t cap = r->peers_cap;
		r->peers = xgrow(r->peers, &cap, (size_t)r->npeers + 1, sizeof *r->peers);
		r->peers_cap = (uint32_t)cap;
	}
	memmove(r->peers + lo + 1, r->peers + lo, (r->npeers - lo) * sizeof *r->peers);
	r->peers[lo] = peer;
	r->npeers++;
}

/* One piece [s, e] of an interval inside one period; e is its last second
 * (e == s for a sighting), seconds its length. */
static void add_piece(struct rib_obs *o, uint8_t kind, uint32_t period, uint32_t peer, uint32_t prefix,
		      uint32_t origin, uint32_t s, uint32_t e, uint64_t seconds)
{
	struct rib_obs_row *r = row_for(o, kind, period, prefix, origin);
	if (s < r->first_seen)
		r->first_seen = s;
	if (e > r->last_seen)
		r->last_seen = e;
	r->seconds += seconds;
	add_peer(r, peer);
}

void rib_obs_add(struct rib_obs *o, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t start,
		 uint32_t end)
{
	if (end <= start) {
		add_piece(o, RIB_DAY, rib_day_of(start), peer, prefix, origin, start, start, 0);
		return;
	}
	/* Pieces end at the day's last second when the route was still up at
	 * its end; the seconds count [s, e) exactly. */
	for (uint64_t s = start; s < end;) {
		uint64_t stop = (s / 86400 + 1) * 86400;
		uint64_t e = stop < end ? stop : end;
		add_piece(o, RIB_DAY, rib_day_of((uint32_t)s), peer, prefix, origin, (uint32_t)s,
			  (uint32_t)(e == stop ? e - 1 : e), e - s);
		s = e;
	}
}

void rib_obs_finish(struct rib_obs *o)
{
	/* A month's pieces are exactly the union of its days' pieces (month
	 * boundaries are day boundaries), so a month row is the merge of its
	 * day rows: one lookup per day row instead of one per interval. */
	size_t ndays = o->nrows;
	/* At most one month row per day row: room for all of them now, so
	 * the row array and the index grow once instead of doubling (and
	 * rehashing) on the way. */
	if (ndays) {
		o->rows = xgrow(o->rows, &o->rows_cap, 2 * ndays, sizeof *o->rows);
		if (4 * ndays > o->index_cap) {
			size_t cap = o->index_cap ? o->index_cap : 1024;
			while (cap < 4 * ndays)
				cap *= 2;
			free(o->index);
			o->index_cap = cap;
			o->index = xcalloc(cap, sizeof *o->index);
			for (size_t k = 0; k < o->nrows; k++)
				index_put(o, k);
		}
	}
	/* Day rows all of one day (a RIB dump, most update files) and no
	 * month row yet: each day row is its month's only one, so the month
	 * rows are the day rows over again, in the same order, with nothing
	 * to look up. */
	bool one_day = ndays > 0;
	for (size_t i = 0; i < ndays && one_day; i++)
		one_day = o->rows[i].kind == RIB_DAY && o->rows[i].period == o->rows[0].period;
	for (size_t i = 0; i < ndays; i++) {
		if (o->rows[i].kind != RIB_DAY)
			continue;
		struct rib_obs_row d = o->rows[i];   /* rows may move when the array grows */
		struct rib_obs_row *m;
		if (one_day) {
			m = &o->rows[o->nrows];
			memset(m, 0, sizeof *m);
			m->kind = RIB_MONTH;
			m->period = d.period / 100;
			m->prefix = d.prefix;
			m->origin = d.origin;
			m->first_seen = UINT32_MAX;
			index_put(o, o->nrows++);
		} else {
			m = row_for(o, RIB_MONTH, d.period / 100, d.prefix, d.origin);
		}
		if (d.first_seen < m->first_seen)
			m->first_seen = d.first_seen;
		if (d.last_seen > m->last_seen)
			m->last_seen = d.last_seen;
		m->seconds += d.seconds;
		if (m->npeers == 0 && d.npeers > 0) {
			/* A month's first day: its set as it is, shared with the
			 * day row until another day adds to it (add_peer). */
			free(m->peers);
			m->peers = d.peers;
			m->npeers = m->peers_cap = d.npeers;
			m->borrowed = 1;
			continue;
		}
		for (uint32_t k = 0; k < d.npeers; k++)
			add_peer(m, d.peers[k]);
	}
}
