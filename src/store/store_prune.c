/*
 * History pruning (store_prune.h): counts and deletes, by month, in one
 * transaction. Day rows are keyed YYYYMMDD, so "before month M" is
 * day < M * 100 + 1.
 */
#include "store/store_prune.h"
#include "store/store_int.h"

uint32_t store_prune_first_kept(uint32_t newest, uint32_t n)
{
	uint32_t idx = (newest / 100) * 12 + (newest % 100 - 1);   /* months since year 0 */
	idx = n - 1 > idx ? 0 : idx - (n - 1);
	return (idx / 12) * 100 + idx % 12 + 1;
}

static int64_t count(struct store *s, const char *sql, int64_t v)
{
	sqlite3_stmt *st = store_prep(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, v);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_prune_count(struct store *s, uint32_t before, struct store_prune_counts *c)
{
	c->day_rows = count(s, "SELECT count(*) FROM obs_day WHERE day < ?1", (int64_t)before * 100 + 1);
	c->month_rows = count(s, "SELECT count(*) FROM obs_month WHERE month < ?1", before);
	c->scores = count(s, "SELECT count(*) FROM scores WHERE month < ?1", before);
	return c->day_rows < 0 || c->month_rows < 0 || c->scores < 0 ? -1 : 0;
}

static int run(struct store *s, const char *sql, int64_t v)
{
	sqlite3_stmt *st = store_prep(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, v);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_prune(struct store *s, uint32_t before, struct store_prune_counts *c)
{
	if (store_begin(s) < 0)
		return -1;
	if (store_prune_count(s, before, c) < 0 || run(s, "DELETE FROM obs_day WHERE day < ?1", (int64_t)before * 100 + 1) < 0 ||
	    run(s, "DELETE FROM obs_month WHERE month < ?1", before) < 0 ||
	    run(s, "DELETE FROM scores WHERE month < ?1", before) < 0 || store_commit(s) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}
