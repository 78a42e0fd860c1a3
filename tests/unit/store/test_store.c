/* Unit tests for src/store/: SHA-256 against the FIPS 180-4 examples, id
 * sets, creating and migrating a database, refusing files that are not
 * ours (not SQLite, another application's SQLite, a newer schema), file
 * idempotency, observation merges and the announced-pairs queries. The
 * test builds the foreign databases with SQLite directly. */
#include "test.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Removes a database and its WAL side files. */
static void rm_db(const char *path)
{
	char side[700];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* A fresh path in the temporary directory. */
static void tmp_db(char *path, size_t n, const char *name)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, n, "%s/manrs-test-%d-%s", dir && *dir ? dir : "/tmp", (int)getpid(), name);
	rm_db(path);
}

void test_store_sha256(void)
{
	char hex[STORE_SHA256_HEX];
	store_sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	store_sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	store_sha256_hex(two, strlen(two), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* A file: the same bytes give the same digest, whatever the name. */
	char path[600], err[256];
	tmp_db(path, sizeof path, "sha.txt");
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	for (int i = 0; i < 1000; i++)
		fputs(two, f);
	fclose(f);
	uint64_t size = 0;
	CHECK_EQ_U(store_sha256_file(path, hex, &size, err, sizeof err), 0);
	CHECK_EQ_U(size, 56000);
	/* python3 -c 'import hashlib; print(hashlib.sha256(b"abcdbcdecdef..." * 1000).hexdigest())' */
	CHECK_STR(hex, "4f2f4635c06347ef024a1f3c656fdbb5078c6cedb8f57d64cdca3cf22662d7bc");
	unlink(path);
	CHECK_EQ_U(store_sha256_file(path, hex, &size, err, sizeof err), (unsigned long long)-1);
}

void test_store_idset(void)
{
	uint32_t ids[] = { 0, 1, 127, 128, 300, 16384, 4000000000u };
	uint8_t buf[STORE_IDSET_BOUND(7)];
	size_t len = store_idset_encode(ids, 7, buf);
	/* 0 | 1 | 126 | 1 | 172 (2 bytes) | 16084 (2 bytes) | 3999983616 (5 bytes) */
	CHECK_EQ_U(len, 13);
	CHECK_EQ_U(buf[0], 0);
	CHECK_EQ_U(buf[1], 1);
	CHECK_EQ_U(buf[2], 126);
	CHECK_EQ_U(buf[3], 1);
	CHECK_EQ_U(buf[4], 0x80 | (172 & 0x7f));
	CHECK_EQ_U(buf[5], 1);
	uint32_t *out;
	size_t n;
	CHECK_EQ_U(store_idset_decode(buf, len, &out, &n), 0);
	CHECK_EQ_U(n, 7);
	for (size_t i = 0; i < n && i < 7; i++)
		CHECK_EQ_U(out[i], ids[i]);
	free(out);
	/* Truncated varint, a zero gap, an id past 2^32. */
	CHECK_EQ_U(store_idset_decode(buf, 5, &out, &n), (unsigned long long)-1);
	uint8_t zero_gap[] = { 5, 0 };
	CHECK_EQ_U(store_idset_decode(zero_gap, 2, &out, &n), (unsigned long long)-1);
	uint8_t big[] = { 0xfe, 0xff, 0xff, 0xff, 0x1f, 1 };   /* 2^32 - 1, then + 1 */
	CHECK_EQ_U(store_idset_decode(big, 6, &out, &n), (unsigned long long)-1);
	/* A dense run: the bitmap form, head (3 << 1 | 1) then 9 bits. */
	uint32_t dense[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	len = store_idset_encode(dense, 9, buf);
	CHECK_EQ_U(len, 3);
	CHECK_EQ_U(buf[0], 7);
	CHECK_EQ_U(buf[1], 0xff);
	CHECK_EQ_U(buf[2], 0x01);
	CHECK_EQ_U(store_idset_decode(buf, len, &out, &n), 0);
	CHECK_EQ_U(n, 9);
	for (size_t i = 0; i < n && i < 9; i++)
		CHECK_EQ_U(out[i], dense[i]);
	free(out);
	uint8_t no_first[] = { 7, 0xfe }, zero_tail[] = { 7, 0x01, 0x00 }, head_only[] = { 7 };
	CHECK_EQ_U(store_idset_decode(no_first, 2, &out, &n), (unsigned long long)-1);
	CHECK_EQ_U(store_idset_decode(zero_tail, 3, &out, &n), (unsigned long long)-1);
	CHECK_EQ_U(store_idset_decode(head_only, 1, &out, &n), (unsigned long long)-1);
	CHECK_EQ_U(store_idset_decode(NULL, 0, &out, &n), 0);
	CHECK_EQ_U(n, 0);
	CHECK(out == NULL);
}

void test_store_path(void)
{
	unsetenv("MANRS_DB");
	CHECK_STR(store_path(NULL), "./manrs.db");
	CHECK_STR(store_path("x.db"), "x.db");
	setenv("MANRS_DB", "/tmp/env.db", 1);
	CHECK_STR(store_path(NULL), "/tmp/env.db");
	CHECK_STR(store_path("x.db"), "x.db");
	setenv("MANRS_DB", "", 1);
	CHECK_STR(store_path(NULL), "./manrs.db");
	unsetenv("MANRS_DB");
}

/* Runs constant SQL on a raw SQLite file (the foreign databases). */
static int raw_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static int64_t raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

void test_store_open_refuse(void)
{
	char path[600], err[512], want[800];
	tmp_db(path, sizeof path, "open.db");
	/* Reading a missing database is an error; writing creates it. */
	CHECK(store_open(path, STORE_READ, err, sizeof err) == NULL);
	snprintf(want, sizeof want, "%s: no such database (run 'manrs ingest' first)", path);
	CHECK_STR(err, want);
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_U(store_schema_version(s), STORE_SCHEMA_VERSION);
	store_close(s);
	CHECK_EQ_U(raw_int(path, "PRAGMA application_id"), STORE_APP_ID);
	CHECK_EQ_U(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	CHECK_EQ_U(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"), 22);
	/* Reopening migrates nothing and reads. */
	s = store_open(path, STORE_READ, err, sizeof err);
	CHECK(s != NULL);
	store_close(s);

	/* A newer schema is refused, for reading and for writing. */
	CHECK_EQ_U(raw_sql(path, "PRAGMA user_version = 99"), 0);
	CHECK(store_open(path, STORE_WRITE, err, sizeof err) == NULL);
	snprintf(want, sizeof want, "%s: database schema version 99 is newer than this manrs supports (%d); "
		 "use a newer manrs", path, STORE_SCHEMA_VERSION);
	CHECK_STR(err, want);
	CHECK(store_open(path, STORE_READ, err, sizeof err) == NULL);
	CHECK_STR(err, want);
	rm_db(path);

	/* Another application's SQLite database. */
	tmp_db(path, sizeof path, "foreign.db");
	CHECK_EQ_U(raw_sql(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1)"), 0);
	CHECK(store_open(path, STORE_WRITE, err, sizeof err) == NULL);
	snprintf(want, sizeof want, "%s: not a manrs database (an SQLite database of another application, "
		 "application_id 0)", path);
	CHECK_STR(err, want);
	CHECK_EQ_U(raw_int(path, "SELECT count(*) FROM t"), 1);   /* untouched */
	CHECK_EQ_U(raw_int(path, "PRAGMA user_version"), 0);
	rm_db(path);
	tmp_db(path, sizeof path, "otherapp.db");
	CHECK_EQ_U(raw_sql(path, "PRAGMA application_id = 42"), 0);
	CHECK(store_open(path, STORE_WRITE, err, sizeof err) == NULL);
	snprintf(want, sizeof want, "%s: not a manrs database (an SQLite database of another application, "
		 "application_id 42)", path);
	CHECK_STR(err, want);
	rm_db(path);

	/* Not SQLite at all; and an empty file becomes a database. */
	tmp_db(path, sizeof path, "text.db");
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("prefix,origin\n10.0.0.0/8,64500\n", f);
		fclose(f);
	}
	CHECK(store_open(path, STORE_WRITE, err, sizeof err) == NULL);
	snprintf(want, sizeof want, "%s: not a manrs database (not an SQLite file)", path);
	CHECK_STR(err, want);
	rm_db(path);
	tmp_db(path, sizeof path, "empty.db");
	f = fopen(path, "w");
	if (f)
		fclose(f);
	s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	store_close(s);
	CHECK_EQ_U(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	rm_db(path);
}

static int collect(const struct store_pair *p, void *ctx)
{
	char *out = ctx;
	size_t len = strlen(out);
	snprintf(out + len, 1024 - len, "%s %u %u %u %u %llu;", p->prefix, p->origin, p->n_peers, p->first_seen,
		 p->last_seen, (unsigned long long)p->seconds);
	return 0;
}

void test_store_files_obs(void)
{
	char path[600], err[512];
	tmp_db(path, sizeof path, "obs.db");
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_U(store_begin(s), 0);
	int64_t c1 = store_collector_id(s, "rrc00");
	int64_t c2 = store_collector_id(s, "route-views2");
	CHECK_EQ_U(c1, 1);
	CHECK_EQ_U(c2, 2);
	CHECK_EQ_U(store_collector_id(s, "rrc00"), 1);
	struct ip_addr a = { 0 };
	CHECK_EQ_U(ip_parse("192.0.2.1", &a), 0);
	CHECK_EQ_U(store_peer_id(s, c1, &a, 64500), 1);
	CHECK_EQ_U(store_peer_id(s, c2, &a, 64500), 2);
	CHECK_EQ_U(store_peer_id(s, c1, &a, 64501), 3);
	CHECK_EQ_U(store_peer_id(s, c1, &a, 64500), 1);
	struct prefix p, q;
	CHECK_EQ_U(prefix_parse("10.1.2.3/8", &p), 0);  /* stored masked */
	CHECK_EQ_U(prefix_parse("2001:db8::/32", &q), 0);
	CHECK_EQ_U(store_prefix_id(s, &p), 1);
	CHECK_EQ_U(store_prefix_id(s, &q), 2);
	CHECK_EQ_U(prefix_parse("10.0.0.0/8", &p), 0);
	CHECK_EQ_U(store_prefix_id(s, &p), 1);

	struct store_file f = { 0 };
	snprintf(f.path, sizeof f.path, "a/updates.gz");
	store_sha256_hex("file one", 8, f.sha256);
	f.size = 8;
	f.collector_id = c1;
	f.first_ts = 100;
	f.last_ts = 200;
	f.records = 3;
	f.elements = 5;
	f.ingested_at = 1;
	CHECK_EQ_U(store_file_add(s, &f), 1);
	CHECK(store_file_add(s, &f) < 0);      /* the same checksum twice */

	/* Two batches for 10.0.0.0/8 AS64500 in 2024-03: peers united. */
	uint32_t pa[] = { 1, 3 }, pb[] = { 2, 3 }, ca[] = { 1 }, cb[] = { 1, 2 };
	struct store_obs o = { .period = 202403, .prefix_id = 1, .origin = 64500, .first_seen = 1709300000,
			       .last_seen = 1709300100, .seconds = 150, .peers = pa, .npeers = 2,
			       .collectors = ca, .ncollectors = 1 };
	CHECK_EQ_U(store_obs_merge(s, STORE_MONTH, &o), 0);
	o.first_seen = 1709200000;
	o.last_seen = 1709250000;
	o.seconds = 50;
	o.peers = pb;
	o.collectors = cb;
	o.ncollectors = 2;
	CHECK_EQ_U(store_obs_merge(s, STORE_MONTH, &o), 0);
	/* Another origin of the same prefix, one peer; and the v6 prefix. */
	struct store_obs o2 = { .period = 202403, .prefix_id = 1, .origin = 64501, .first_seen = 1709300000,
				.last_seen = 1709300000, .peers = pa, .npeers = 1, .collectors = ca,
				.ncollectors = 1 };
	CHECK_EQ_U(store_obs_merge(s, STORE_MONTH, &o2), 0);
	o2.prefix_id = 2;
	o2.origin = 64500;
	o2.peers = pa;
	o2.npeers = 2;
	CHECK_EQ_U(store_obs_merge(s, STORE_MONTH, &o2), 0);
	o2.period = 20240301;
	CHECK_EQ_U(store_obs_merge(s, STORE_DAY, &o2), 0);
	CHECK_EQ_U(store_commit(s), 0);

	char out[1024] = "";
	CHECK_EQ_U(store_announced_pairs(s, 202403, 0, 1, collect, out), 3);
	CHECK_STR(out, "10.0.0.0/8 64500 3 1709200000 1709300100 200;10.0.0.0/8 64501 1 1709300000 1709300000 0;"
		       "2001:db8::/32 64500 2 1709300000 1709300000 0;");
	out[0] = 0;
	CHECK_EQ_U(store_announced_pairs(s, 202403, 0, 2, collect, out), 2);
	CHECK_STR(out, "10.0.0.0/8 64500 3 1709200000 1709300100 200;2001:db8::/32 64500 2 1709300000 1709300000 0;");
	out[0] = 0;
	CHECK_EQ_U(store_announced_pairs(s, 202403, 64501, 1, collect, out), 1);
	CHECK_STR(out, "10.0.0.0/8 64501 1 1709300000 1709300000 0;");
	CHECK_EQ_U(store_announced_pairs(s, 202403, 64500, 3, NULL, NULL), 1);
	CHECK_EQ_U(store_announced_pairs(s, 202402, 0, 1, NULL, NULL), 0);
	CHECK_EQ_U(store_refdata_add(s, "vrp", "vrps.json", "ab", 1700000000, 1700000100), 1);
	CHECK_EQ_U(store_refdata_add(s, "vrp", "elsewhere/vrps.json", "ab", 1700000000, 1700000200), 1);
	CHECK_EQ_U(store_refdata_add(s, "irr", "ripe.db", "ab", 0, 1700000200), 2);
	store_close(s);

	/* Idempotency survives reopening: the file is known by checksum. */
	s = store_open(path, STORE_READ, err, sizeof err);
	CHECK(s != NULL);
	if (s) {
		struct store_file g;
		CHECK_EQ_U(store_file_find(s, f.sha256, &g), 1);
		CHECK_STR(g.path, "a/updates.gz");
		CHECK_EQ_U(g.last_ts, 200);
		CHECK_EQ_U(g.elements, 5);
		CHECK(!g.closed);
		char other[STORE_SHA256_HEX];
		store_sha256_hex("file two", 8, other);
		CHECK_EQ_U(store_file_find(s, other, &g), 0);
		CHECK_EQ_U(store_file_count(s), 1);
		store_close(s);
	}
	CHECK_EQ_U(raw_int(path, "SELECT n_collectors FROM obs_month WHERE origin = 64500 AND prefix_id = 1"), 2);
	/* {1, 2, 3}: head 3 and one bitmap byte beat head 2 and two gaps. */
	CHECK_EQ_U(raw_int(path, "SELECT hex(peers) = '0307' FROM obs_month WHERE origin = 64500 AND prefix_id = 1"), 1);
	rm_db(path);
}

static int count_cb(const struct store_snapshot *m, void *ctx)
{
	(void)m;
	(*(int *)ctx)++;
	return 0;
}

/* Snapshots: bytes kept across chunks, one row per content, the
 * selection rule (newest before the period's end, else the oldest), sets. */
void test_store_snapshots(void)
{
	char path[512], err[512];
	tmp_db(path, sizeof path, "snap.db");
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	size_t big = STORE_CHUNK + 10;
	uint8_t *bytes = malloc(big);
	for (size_t i = 0; i < big; i++)
		bytes[i] = (uint8_t)(i * 7);
	struct store_snapshot a = { .kind = "vrp", .source = "a.json", .time = 1000, .time_from = "option" };
	struct store_snapshot b = { .kind = "vrp", .source = "b.json", .time = 3000, .time_from = "metadata" };
	store_sha256_hex(bytes, big, a.sha256);
	store_sha256_hex("b", 1, b.sha256);
	bool added;
	CHECK_EQ_U(store_begin(s), 0);
	int64_t set1 = store_snapshot_new_set(s);
	CHECK_EQ_U(set1, 1);
	CHECK_EQ_U(store_snapshot_put(s, &a, set1, bytes, big, &added), 1);
	CHECK(added);
	int64_t set2 = store_snapshot_new_set(s);
	CHECK_EQ_U(set2, 2);
	CHECK_EQ_U(store_snapshot_put(s, &b, set2, "b", 1, &added), 2);
	CHECK_EQ_U(store_snapshot_put(s, &a, set2, bytes, big, &added), 1);
	CHECK(!added);
	CHECK_EQ_U(store_commit(s), 0);

	uint8_t *got;
	size_t len;
	CHECK_EQ_U(store_snapshot_bytes(s, 1, &got, &len), 0);
	CHECK_EQ_U(len, big);
	CHECK(got && memcmp(got, bytes, big) == 0);
	free(got);
	free(bytes);

	struct store_snapshot m;
	bool fb;
	CHECK_EQ_U(store_snapshot_select(s, "vrp", 2000, &m, &fb), 1);
	CHECK_EQ_U(m.id, 1);
	CHECK(!fb);
	CHECK_STR(m.time_from, "option");
	CHECK_EQ_U(store_snapshot_select(s, "vrp", 5000, &m, &fb), 1);
	CHECK_EQ_U(m.id, 2);
	CHECK(!fb);
	CHECK_EQ_U(store_snapshot_select(s, "vrp", 1000, &m, &fb), 1);   /* taken at the end: not before it */
	CHECK_EQ_U(m.id, 1);
	CHECK(fb);
	CHECK_EQ_U(store_snapshot_select(s, "irr", 5000, &m, &fb), 0);
	int n = 0;
	CHECK_EQ_U(store_snapshot_set(s, 2, count_cb, &n), 0);
	CHECK_EQ_U(n, 2);      /* a and b were loaded together the second time */
	n = 0;
	CHECK_EQ_U(store_snapshot_set(s, 1, count_cb, &n), 0);
	CHECK_EQ_U(n, 2);      /* a's newest set */
	store_close(s);
	CHECK_EQ_U(raw_int(path, "SELECT count(*) FROM refdata_chunks WHERE snapshot_id = 1"), 2);
	rm_db(path);
}

/* A schema 1 file (as the previous release wrote it) migrates to 2 and
 * keeps its rows. */
void test_store_migrate_v1(void)
{
	char path[512], err[512];
	tmp_db(path, sizeof path, "v1.db");
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(store_refdata_add(s, "vrp", "x.json", "abc", 5, 6) > 0);
	store_close(s);
	CHECK_EQ_U(raw_sql(path, "DROP TABLE incident_feedback_log; DROP TABLE incident_feedback; DROP TABLE api_keys; DROP TABLE refdata_chunks; DROP TABLE refdata_sets; DROP TABLE scores;"
				 " DROP TABLE participant_asns; DROP TABLE participants; DROP INDEX refdata_kind_time;"
				 " ALTER TABLE refdata_snapshots DROP COLUMN size;"
				 " ALTER TABLE refdata_snapshots DROP COLUMN time_from; DROP TABLE incidents; DROP TABLE incident_prefixes;"
				 " DROP TABLE incident_tags; DROP TABLE incident_rules; DROP TABLE incident_peers;"
				 " DROP TABLE incident_events; DROP TABLE incident_paths;"
				 " ALTER TABLE files DROP COLUMN detected; PRAGMA user_version = 1"), 0);
	CHECK(store_open(path, STORE_READ, err, sizeof err) == NULL);
	s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_U(store_schema_version(s), STORE_SCHEMA_VERSION);
	struct store_snapshot m;
	bool fb;
	CHECK_EQ_U(store_snapshot_select(s, "vrp", 100, &m, &fb), 1);
	CHECK_STR(m.source, "x.json");
	CHECK_STR(m.time_from, "unknown");
	store_close(s);
	CHECK_EQ_U(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'scores'"), 1);
	rm_db(path);
}
