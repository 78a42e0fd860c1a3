/* Unit tests for src/store/store_ingest.c: prefix find and insert apart,
 * multi-row prefix inserts and their ids, multi-row observation inserts (a full batch of STORE_OBS_BATCH, then
 * single rows), a duplicate key refused, whether
 * a period has rows, and the announced-pair count. */
#include "test.h"
#include "store/store_ingest.h"
#include "store/store_prune.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int collect(const struct store_pair *p, void *ctx)
{
	char *out = ctx;
	size_t n = strlen(out);
	snprintf(out + n, 4096 - n, "%s %u %u %u %u %u %u;", p->prefix, p->origin, p->n_peers, p->n_collectors,
		 p->first_seen, p->last_seen, (unsigned)p->seconds);
	return 0;
}

void test_store_ingest_bulk(void)
{
	char path[600], err[512];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/manrs-test-%d-bulk.db", dir && *dir ? dir : "/tmp", (int)getpid());
	unlink(path);
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_U(store_begin(s), 0);
	struct prefix p;
	CHECK_EQ_U(prefix_parse("10.1.2.3/8", &p), 0);
	CHECK_EQ_U(store_prefix_find(s, &p), 0);        /* absent: 0, nothing created */
	CHECK_EQ_U(store_prefix_insert(s, &p), 1);      /* stored masked */
	CHECK_EQ_U(prefix_parse("10.0.0.0/8", &p), 0);
	CHECK_EQ_U(store_prefix_find(s, &p), 1);
	CHECK(store_prefix_insert(s, &p) < 0);          /* the same prefix twice */
	CHECK_EQ_U(store_prefix_id(s, &p), 1);
	/* 17 prefixes 10.0.0.0/8 (id 1), 11.0.0.0/8 .. 26.0.0.0/8 (ids 2..17). */
	for (int i = 1; i < 17; i++) {
		char t[32];
		snprintf(t, sizeof t, "%d.0.0.0/8", 10 + i);
		CHECK_EQ_U(prefix_parse(t, &p), 0);
		CHECK_EQ_U(store_prefix_insert(s, &p), (unsigned)i + 1);
	}
	CHECK_EQ_U(store_obs_period_used(s, STORE_MONTH, 202403), 0);
	CHECK_EQ_U(store_obs_period_used(s, STORE_DAY, 20240301), 0);
	/* 17 rows: one statement of 16, then one of 1. Row i has i % 3 + 1 peers. */
	uint32_t peers[] = { 1, 2, 3 }, colls[] = { 1 };
	struct store_obs o[17];
	for (int i = 0; i < 17; i++)
		o[i] = (struct store_obs){ .period = 202403, .prefix_id = i + 1, .origin = 64500 + (uint32_t)i,
					   .first_seen = 1709300000 + (uint32_t)i, .last_seen = 1709300100,
					   .seconds = 10 * (uint64_t)i, .peers = peers, .npeers = (size_t)(i % 3) + 1,
					   .collectors = colls, .ncollectors = 1 };
	CHECK_EQ_U(store_obs_insert(s, STORE_MONTH, o, 17), 0);
	CHECK_EQ_U(store_obs_period_used(s, STORE_MONTH, 202403), 1);
	CHECK_EQ_U(store_obs_period_used(s, STORE_MONTH, 202404), 0);
	CHECK_EQ_U(store_obs_period_used(s, STORE_DAY, 20240301), 0);
	CHECK_EQ_U(store_obs_insert(s, STORE_DAY, o, 1), 0);
	CHECK_EQ_U(store_obs_period_used(s, STORE_DAY, 20240301), 0);  /* the day row's period is 202403 */
	CHECK_EQ_U(store_obs_period_used(s, STORE_DAY, 202403), 1);
	/* A key already stored is an error; rows before it (here the first,
	 * alone in its statement) are in: the caller rolls the transaction
	 * back. */
	struct store_obs dup[2] = { o[0], o[0] };
	dup[0].period = 202405;
	dup[1].period = 202405;
	CHECK(store_obs_insert(s, STORE_MONTH, dup, 2) < 0);
	CHECK_EQ_U(store_obs_period_used(s, STORE_MONTH, 202405), 1);
	/* In a statement of 16 rows (OR FAIL: no statement journal), the
	 * rows before the duplicate are in as well. */
	struct store_obs dup16[16];
	for (int i = 0; i < 16; i++) {
		dup16[i] = o[i];
		dup16[i].period = 202406;
	}
	dup16[15] = dup16[0];
	CHECK(store_obs_insert(s, STORE_MONTH, dup16, 16) < 0);
	CHECK_EQ_U(store_obs_period_used(s, STORE_MONTH, 202406), 1);
	/* Merging onto an inserted row works as on a merged one. */
	uint32_t more[] = { 4 };
	struct store_obs m = o[16];
	m.peers = more;
	m.npeers = 1;
	m.first_seen = 1709200000;
	m.seconds = 5;
	CHECK_EQ_U(store_obs_merge(s, STORE_MONTH, &m), 0);
	CHECK_EQ_U(store_commit(s), 0);

	/* Rows 2, 5, 8, 11, 14 have 3 peers; row 16 had 2 and got a third. */
	CHECK_EQ_U(store_announced_count(s, 202403, 3), 6);
	CHECK_EQ_U(store_announced_count(s, 202403, 1), 17);
	CHECK_EQ_U(store_announced_count(s, 202403, 4), 0);
	CHECK_EQ_U(store_announced_count(s, 202402, 1), 0);
	char out[4096] = "";
	CHECK_EQ_U(store_announced_pairs(s, 202403, 64516, 1, collect, out), 1);
	CHECK_STR(out, "26.0.0.0/8 64516 3 1 1709200000 1709300100 165;");
	out[0] = 0;
	CHECK_EQ_U(store_announced_pairs(s, 202403, 64502, 1, collect, out), 1);
	CHECK_STR(out, "12.0.0.0/8 64502 3 1 1709300002 1709300100 20;");
	store_close(s);
	unlink(path);
	char side[700];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

void test_store_prefix_insert_many(void)
{
	char path[600], err[512];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/manrs-test-%d-pfxmany.db", dir && *dir ? dir : "/tmp", (int)getpid());
	unlink(path);
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_U(store_begin(s), 0);
	CHECK_EQ_U(store_prefixes_empty(s), 1);
	struct prefix p;
	CHECK_EQ_U(prefix_parse("192.0.2.0/24", &p), 0);
	CHECK_EQ_U(store_prefix_insert(s, &p), 1);
	CHECK_EQ_U(store_prefixes_empty(s), 0);
	/* 18 rows: one statement of 16, then two of 1; ids 2..19 in order. */
	struct prefix pf[18];
	char text[18][PREFIX_STRLEN];
	struct store_prefix_row rows[18];
	int64_t ids[18];
	for (int i = 0; i < 18; i++) {
		char t[32];
		snprintf(t, sizeof t, "10.%d.0.0/16", 17 - i);
		CHECK_EQ_U(prefix_parse(t, &pf[i]), 0);
		prefix_fmt(&pf[i], text[i]);
		rows[i] = (struct store_prefix_row){ &pf[i], text[i] };
		ids[i] = -7;
	}
	CHECK_EQ_U(store_prefix_insert_many(s, rows, 18, ids), 0);
	for (int i = 0; i < 18; i++) {
		CHECK_EQ_U(ids[i], (unsigned)i + 2);
		CHECK_EQ_U(store_prefix_find(s, &pf[i]), (unsigned)i + 2);
	}
	CHECK_EQ_U(prefix_parse("10.9.0.0/16", &p), 0);
	CHECK_EQ_U(store_prefix_find(s, &p), 10);    /* the 9th row, 10.(17-8).0.0/16 */
	/* None is nothing; a prefix already stored is an error. */
	CHECK_EQ_U(store_prefix_insert_many(s, rows, 0, ids), 0);
	CHECK(store_prefix_insert_many(s, rows + 3, 1, ids) < 0);
	CHECK_EQ_U(store_commit(s), 0);
	store_close(s);
	unlink(path);
	char side[700];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

void test_store_prune_months(void)
{
	CHECK_EQ_U(store_prune_first_kept(201002, 12), 200903);
	CHECK_EQ_U(store_prune_first_kept(201002, 24), 200803);
	CHECK_EQ_U(store_prune_first_kept(202412, 12), 202401);
	CHECK_EQ_U(store_prune_first_kept(202401, 13), 202301);
	CHECK_EQ_U(store_prune_first_kept(202401, 1), 202401);
	CHECK_EQ_U(store_prune_first_kept(1, 1200), 1);       /* never before year 0, month 1 */
}
