/*
 * Ingest's bulk statements (store_ingest.h): prefix find and insert apart,
 * plain observation inserts for periods without rows, and a count of a
 * month's announced pairs. Same rules as store.c: constant SQL, values
 * only bound.
 */
#include "store/store_ingest.h"
#include "store/store_int.h"

#include "lib/xmalloc.h"

static int64_t one_int(sqlite3_stmt *st, int64_t none)
{
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? none : -1;
	sqlite3_reset(st);
	return v;
}

int64_t store_prefix_find(struct store *s, const struct prefix *in)
{
	struct prefix p = *in;
	prefix_mask(&p);
	char text[PREFIX_STRLEN];
	prefix_fmt(&p, text);
	sqlite3_stmt *st = store_prep(s, "SELECT id FROM prefixes WHERE prefix = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	return one_int(st, 0);
}

int64_t store_prefix_insert(struct store *s, const struct prefix *in)
{
	struct prefix p = *in;
	prefix_mask(&p);
	char text[PREFIX_STRLEN];
	prefix_fmt(&p, text);
	sqlite3_stmt *st = store_prep(s, "INSERT INTO prefixes (prefix, afi, len, addr) VALUES (?1, ?2, ?3, ?4)");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, p.afi);
	sqlite3_bind_int(st, 3, p.len);
	sqlite3_bind_blob(st, 4, p.b, p.afi == AFI_IPV4 ? 4 : 16, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(s->db) : -1;
}

int store_prefixes_empty(struct store *s)
{
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM prefixes LIMIT 1");
	if (!st)
		return -1;
	int64_t v = one_int(st, 0);
	return v < 0 ? -1 : v == 0;
}

#define P1 "(?,?,?,?)"
#define P4 P1 "," P1 "," P1 "," P1
#define P16 P4 "," P4 "," P4 "," P4
/* OR FAIL: no statement journal (see the observation inserts below). */
static const char PREFIX1[] = "INSERT OR FAIL INTO prefixes (prefix, afi, len, addr) VALUES " P1;
static const char PREFIX16[] = "INSERT OR FAIL INTO prefixes (prefix, afi, len, addr) VALUES " P16;
#define PREFIX_BATCH 16

int store_prefix_insert_many(struct store *s, const struct store_prefix_row *rows, size_t n, int64_t *ids)
{
	while (n > 0) {
		size_t k = n >= PREFIX_BATCH ? PREFIX_BATCH : 1;
		sqlite3_stmt *st = store_prep(s, k > 1 ? PREFIX16 : PREFIX1);
		if (!st)
			return -1;
		for (size_t i = 0; i < k; i++) {
			const struct prefix *p = rows[i].prefix;
			int c = (int)i * 4;
			sqlite3_bind_text(st, c + 1, rows[i].text, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, c + 2, p->afi);
			sqlite3_bind_int(st, c + 3, p->len);
			sqlite3_bind_blob(st, c + 4, p->b, p->afi == AFI_IPV4 ? 4 : 16, SQLITE_STATIC);
		}
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
		/* The rows of one statement went in one after the other, each
		 * with the largest id so far plus one. */
		int64_t last = sqlite3_last_insert_rowid(s->db);
		for (size_t i = 0; i < k; i++)
			ids[i] = last - (int64_t)(k - 1 - i);
		rows += k;
		ids += k;
		n -= k;
	}
	return 0;
}

int store_obs_period_used(struct store *s, enum store_period kind, uint32_t period)
{
	sqlite3_stmt *st = store_prep(s, kind == STORE_DAY ? "SELECT 1 FROM obs_day WHERE day = ?1 LIMIT 1"
							   : "SELECT 1 FROM obs_month WHERE month = ?1 LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, period);
	return (int)one_int(st, 0);
}

/* Multi-row INSERTs of STORE_OBS_BATCH rows: one statement step for many
 * rows saves the per-statement work (step, halt, reset). OR FAIL instead
 * of the default ABORT: a statement that writes several rows and may
 * abort makes SQLite keep a statement journal (a copy of every page the
 * statement touches, in a temporary file: 300,000 page writes for a full
 * table). A failed statement is an error here and the caller rolls the
 * whole transaction back, so undoing only the statement buys nothing. */
#define V1 "(?,?,?,?,?,?,?,?,?,?)"
#define V4 V1 "," V1 "," V1 "," V1
#define V16 V4 "," V4 "," V4 "," V4

static const char OBS_DAY1[] = "INSERT OR FAIL INTO obs_day (day, prefix_id, origin, first_seen, last_seen, seconds,"
			       " n_peers, n_collectors, peers, collectors) VALUES " V1;
static const char OBS_DAY16[] = "INSERT OR FAIL INTO obs_day (day, prefix_id, origin, first_seen, last_seen, seconds,"
				" n_peers, n_collectors, peers, collectors) VALUES " V16;
static const char OBS_MONTH1[] = "INSERT OR FAIL INTO obs_month (month, prefix_id, origin, first_seen, last_seen, seconds,"
				 " n_peers, n_collectors, peers, collectors) VALUES " V1;
static const char OBS_MONTH16[] = "INSERT OR FAIL INTO obs_month (month, prefix_id, origin, first_seen, last_seen, seconds,"
				  " n_peers, n_collectors, peers, collectors) VALUES " V16;

int store_obs_insert(struct store *s, enum store_period kind, const struct store_obs *o, size_t n)
{
	while (n > 0) {
		size_t k = n >= STORE_OBS_BATCH ? STORE_OBS_BATCH : 1;
		sqlite3_stmt *st = store_prep(s, kind == STORE_DAY ? (k > 1 ? OBS_DAY16 : OBS_DAY1)
								   : (k > 1 ? OBS_MONTH16 : OBS_MONTH1));
		if (!st)
			return -1;
		size_t need = 0;
		for (size_t i = 0; i < k; i++)
			need += STORE_IDSET_BOUND(o[i].npeers) + STORE_IDSET_BOUND(o[i].ncollectors);
		if (s->scratch_cap < need + 1)
			s->scratch = xgrow(s->scratch, &s->scratch_cap, need + 1, 1);
		size_t off = 0;
		for (size_t i = 0; i < k; i++) {
			int c = (int)i * 10;
			size_t plen = store_idset_encode(o[i].peers, o[i].npeers, s->scratch + off);
			size_t clen = store_idset_encode(o[i].collectors, o[i].ncollectors, s->scratch + off + plen);
			sqlite3_bind_int64(st, c + 1, o[i].period);
			sqlite3_bind_int64(st, c + 2, o[i].prefix_id);
			sqlite3_bind_int64(st, c + 3, o[i].origin);
			sqlite3_bind_int64(st, c + 4, o[i].first_seen);
			sqlite3_bind_int64(st, c + 5, o[i].last_seen);
			sqlite3_bind_int64(st, c + 6, (sqlite3_int64)o[i].seconds);
			sqlite3_bind_int64(st, c + 7, (sqlite3_int64)o[i].npeers);
			sqlite3_bind_int64(st, c + 8, (sqlite3_int64)o[i].ncollectors);
			sqlite3_bind_blob(st, c + 9, s->scratch + off, (int)plen, SQLITE_STATIC);
			sqlite3_bind_blob(st, c + 10, s->scratch + off + plen, (int)clen, SQLITE_STATIC);
			off += plen + clen;
		}
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
		o += k;
		n -= k;
	}
	return 0;
}

int64_t store_announced_count(struct store *s, uint32_t month, unsigned min_peers)
{
	sqlite3_stmt *st = store_prep(s, "SELECT count(*) FROM obs_month WHERE month = ?1 AND n_peers >= ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, month);
	sqlite3_bind_int64(st, 2, min_peers);
	return one_int(st, -1);
}
