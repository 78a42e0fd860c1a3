/*
 * The SQLite store: opening (and refusing what is not ours), migrations,
 * and the prepared statements behind every store_* call. Statements are
 * prepared once from the constant text below and reused; values from input
 * are only ever bound, never pasted into SQL.
 */
#include "store/store.h"
#include "store/store_int.h"

#include "lib/xmalloc.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Schema migrations: MIGRATIONS[k] takes a database from user_version k to
 * k + 1. Each runs in its own transaction together with the new
 * user_version, so a crash leaves the file at one version or the next.
 * Never edit a shipped step; append a new one.
 */
static const char *const MIGRATIONS[STORE_SCHEMA_VERSION] = {
	/* 0 -> 1 */
	"CREATE TABLE collectors ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE peers ("
	"  id INTEGER PRIMARY KEY,"
	"  collector_id INTEGER NOT NULL REFERENCES collectors(id),"
	"  ip TEXT NOT NULL,"
	"  asn INTEGER NOT NULL,"
	"  UNIQUE (collector_id, ip, asn));"
	"CREATE TABLE prefixes ("
	"  id INTEGER PRIMARY KEY,"
	"  prefix TEXT NOT NULL UNIQUE,"
	"  afi INTEGER NOT NULL,"
	"  len INTEGER NOT NULL,"
	"  addr BLOB NOT NULL);"
	"CREATE TABLE files ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  size INTEGER NOT NULL,"
	"  collector_id INTEGER NOT NULL REFERENCES collectors(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('rib', 'updates')),"
	"  first_ts INTEGER NOT NULL,"
	"  last_ts INTEGER NOT NULL,"
	"  records INTEGER NOT NULL,"
	"  elements INTEGER NOT NULL,"
	"  skipped INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'truncated')),"
	"  closed_at INTEGER,"
	"  ingested_at INTEGER NOT NULL);"
	"CREATE TABLE obs_day ("
	"  day INTEGER NOT NULL,"
	"  prefix_id INTEGER NOT NULL REFERENCES prefixes(id),"
	"  origin INTEGER NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  seconds INTEGER NOT NULL,"
	"  n_peers INTEGER NOT NULL,"
	"  n_collectors INTEGER NOT NULL,"
	"  peers BLOB NOT NULL,"
	"  collectors BLOB NOT NULL,"
	"  PRIMARY KEY (day, prefix_id, origin)) WITHOUT ROWID;"
	"CREATE TABLE obs_month ("
	"  month INTEGER NOT NULL,"
	"  prefix_id INTEGER NOT NULL REFERENCES prefixes(id),"
	"  origin INTEGER NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  seconds INTEGER NOT NULL,"
	"  n_peers INTEGER NOT NULL,"
	"  n_collectors INTEGER NOT NULL,"
	"  peers BLOB NOT NULL,"
	"  collectors BLOB NOT NULL,"
	"  PRIMARY KEY (month, prefix_id, origin)) WITHOUT ROWID;"
	"CREATE INDEX obs_month_origin ON obs_month (month, origin);"
	"CREATE TABLE refdata_snapshots ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  snapshot_time INTEGER,"
	"  loaded_at INTEGER NOT NULL,"
	"  UNIQUE (kind, sha256));",
	/* 1 -> 2: reference-data snapshots keep their bytes (chunked, as
	 * loaded, compressed or not) so the database is self-contained;
	 * monthly scores per AS; MANRS participants. */
	"ALTER TABLE refdata_snapshots ADD COLUMN size INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE refdata_snapshots ADD COLUMN time_from TEXT NOT NULL DEFAULT 'unknown';"
	"CREATE INDEX refdata_kind_time ON refdata_snapshots (kind, snapshot_time);"
	"CREATE TABLE refdata_chunks ("
	"  snapshot_id INTEGER NOT NULL REFERENCES refdata_snapshots(id),"
	"  seq INTEGER NOT NULL,"
	"  data BLOB NOT NULL,"
	"  PRIMARY KEY (snapshot_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE refdata_sets ("
	"  set_id INTEGER NOT NULL,"
	"  snapshot_id INTEGER NOT NULL REFERENCES refdata_snapshots(id),"
	"  PRIMARY KEY (set_id, snapshot_id)) WITHOUT ROWID;"
	"CREATE TABLE scores ("
	"  month INTEGER NOT NULL,"
	"  asn INTEGER NOT NULL,"
	"  country TEXT NOT NULL,"
	"  filtering REAL, anti_spoofing REAL, coordination REAL, irr REAL, rpki REAL,"
	"  filtering_level TEXT NOT NULL, anti_spoofing_level TEXT NOT NULL,"
	"  coordination_level TEXT NOT NULL, irr_level TEXT NOT NULL, rpki_level TEXT NOT NULL,"
	"  inputs TEXT NOT NULL,"
	"  computed_at INTEGER NOT NULL,"
	"  PRIMARY KEY (month, asn)) WITHOUT ROWID;"
	"CREATE TABLE participants ("
	"  id INTEGER PRIMARY KEY,"
	"  organisation TEXT NOT NULL,"
	"  program TEXT NOT NULL,"
	"  joined TEXT NOT NULL,"
	"  UNIQUE (organisation, program));"
	"CREATE TABLE participant_asns ("
	"  participant_id INTEGER NOT NULL REFERENCES participants(id),"
	"  asn INTEGER NOT NULL,"
	"  PRIMARY KEY (participant_id, asn)) WITHOUT ROWID;",
	/* 2 -> 3: incidents the detector raised (store_incident.c), with
	 * their prefixes, evidence tags, score rules, visibility per peer,
	 * timeline of offending routes and the paths seen. */
	"CREATE TABLE incidents ("
	"  id TEXT PRIMARY KEY,"
	"  type TEXT NOT NULL,"
	"  covering_prefix TEXT,"
	"  culprit_asn INTEGER,"
	"  victims TEXT NOT NULL,"
	"  accomplices TEXT NOT NULL,"
	"  leak_type INTEGER,"
	"  start INTEGER NOT NULL,"
	"  end INTEGER,"
	"  peak_peers INTEGER NOT NULL,"
	"  peak_collectors INTEGER NOT NULL,"
	"  peers_total INTEGER NOT NULL,"
	"  collectors_total INTEGER NOT NULL,"
	"  nprefixes INTEGER NOT NULL,"
	"  nevents INTEGER NOT NULL,"
	"  suspicion INTEGER NOT NULL,"
	"  label TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX incidents_start ON incidents (start);"
	"CREATE TABLE incident_prefixes ("
	"  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, prefix TEXT NOT NULL,"
	"  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE incident_tags ("
	"  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, tag TEXT NOT NULL,"
	"  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE incident_rules ("
	"  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, rule TEXT NOT NULL,"
	"  delta INTEGER NOT NULL, cap INTEGER, reason TEXT NOT NULL,"
	"  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE incident_peers ("
	"  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, collector TEXT NOT NULL,"
	"  peer_ip TEXT NOT NULL, peer_asn INTEGER NOT NULL, first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER, routes INTEGER NOT NULL,"
	"  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE incident_events ("
	"  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL,"
	"  collector TEXT NOT NULL, peer_ip TEXT NOT NULL, peer_asn INTEGER NOT NULL,"
	"  prefix TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL,"
	"  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE incident_paths ("
	"  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, path TEXT NOT NULL,"
	"  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;",
	/* 3 -> 4: API keys of the web server (store_web.c): the public key id,
	 * a random salt and SHA-256(salt ":" secret), never the secret. */
	"CREATE TABLE api_keys ("
	"  id INTEGER PRIMARY KEY,"
	"  key_id TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  salt TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER);",
	/* 4 -> 5: files read with the incident detectors on (store_metrics.c),
	 * so the incident metrics know "no incident" from "not looked". Files
	 * of older stores count as detected when the store holds incidents
	 * (the detectors were on by default since incidents were stored). */
	"ALTER TABLE files ADD COLUMN detected INTEGER NOT NULL DEFAULT 0;"
	"UPDATE files SET detected = 1 WHERE EXISTS (SELECT 1 FROM incidents);",
	/* 5 -> 6: feedback on incidents from the networks involved and its
	 * review by an auditor (store_feedback.c, docs/feedback.md). Nothing
	 * is deleted: the triggers refuse deletes and edits of what the
	 * network sent, and log every status into incident_feedback_log. */
	"CREATE TABLE incident_feedback ("
	"  id INTEGER PRIMARY KEY,"
	"  incident_id TEXT NOT NULL,"
	"  asn INTEGER NOT NULL CHECK (asn BETWEEN 1 AND 4294967295),"
	"  verdict TEXT NOT NULL CHECK (verdict IN ('incident', 'valid')),"
	"  comment TEXT NOT NULL DEFAULT '' CHECK (length(CAST(comment AS BLOB)) <= 2000),"
	"  contact TEXT CHECK (contact IS NULL OR length(CAST(contact AS BLOB)) <= 256),"
	"  created INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),"
	"  reviewer TEXT,"
	"  reviewed INTEGER,"
	"  review_note TEXT);"
	"CREATE INDEX incident_feedback_incident ON incident_feedback (incident_id, status);"
	"CREATE TABLE incident_feedback_log ("
	"  id INTEGER PRIMARY KEY,"
	"  feedback_id INTEGER NOT NULL REFERENCES incident_feedback (id),"
	"  time INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  note TEXT);"
	"CREATE INDEX incident_feedback_log_feedback ON incident_feedback_log (feedback_id, id);"
	"CREATE TRIGGER incident_feedback_submitted AFTER INSERT ON incident_feedback BEGIN"
	"  INSERT INTO incident_feedback_log (feedback_id, time, status, actor, note)"
	"  VALUES (NEW.id, NEW.created, NEW.status, 'AS' || NEW.asn, NULL); END;"
	"CREATE TRIGGER incident_feedback_reviewed AFTER UPDATE OF status ON incident_feedback BEGIN"
	"  INSERT INTO incident_feedback_log (feedback_id, time, status, actor, note)"
	"  VALUES (NEW.id, coalesce(NEW.reviewed, 0), NEW.status, coalesce(NEW.reviewer, ''), NEW.review_note); END;"
	"CREATE TRIGGER incident_feedback_kept BEFORE DELETE ON incident_feedback BEGIN"
	"  SELECT RAISE(ABORT, 'incident feedback is never deleted'); END;"
	"CREATE TRIGGER incident_feedback_as_sent BEFORE UPDATE OF incident_id, asn, verdict, comment, contact, created"
	"  ON incident_feedback BEGIN SELECT RAISE(ABORT, 'what the network sent is never edited'); END;"
	"CREATE TRIGGER incident_feedback_log_kept BEFORE DELETE ON incident_feedback_log BEGIN"
	"  SELECT RAISE(ABORT, 'the feedback trail is append-only'); END;"
	"CREATE TRIGGER incident_feedback_log_as_written BEFORE UPDATE ON incident_feedback_log BEGIN"
	"  SELECT RAISE(ABORT, 'the feedback trail is append-only'); END;",
};

/* Every statement, prepared on first use. */
enum {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK,
	Q_FILE_FIND, Q_FILE_ADD, Q_FILE_COUNT,
	Q_COLLECTOR_GET, Q_COLLECTOR_ADD,
	Q_PEER_GET, Q_PEER_ADD,
	Q_PREFIX_GET, Q_PREFIX_ADD,
	Q_OBS_DAY, Q_OBS_MONTH,
	Q_PAIRS_ALL, Q_PAIRS_AS,
	Q_REFDATA_ADD, Q_REFDATA_GET,
	Q_COUNT
};

_Static_assert(Q_COUNT <= 64, "store_int.h: struct store st[] is too small");

static const char *const SQL[Q_COUNT] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_FILE_FIND] = "SELECT id, path, size, collector_id, kind, first_ts, last_ts, records, elements, skipped,"
			" status, closed_at, ingested_at FROM files WHERE sha256 = ?1",
	[Q_FILE_ADD] = "INSERT INTO files (path, sha256, size, collector_id, kind, first_ts, last_ts, records, elements,"
		       " skipped, status, closed_at, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
		       " ?12, ?13)",
	[Q_FILE_COUNT] = "SELECT count(*) FROM files",
	[Q_COLLECTOR_GET] = "SELECT id FROM collectors WHERE name = ?1",
	[Q_COLLECTOR_ADD] = "INSERT INTO collectors (name) VALUES (?1)",
	[Q_PEER_GET] = "SELECT id FROM peers WHERE collector_id = ?1 AND ip = ?2 AND asn = ?3",
	[Q_PEER_ADD] = "INSERT INTO peers (collector_id, ip, asn) VALUES (?1, ?2, ?3)",
	[Q_PREFIX_GET] = "SELECT id FROM prefixes WHERE prefix = ?1",
	[Q_PREFIX_ADD] = "INSERT INTO prefixes (prefix, afi, len, addr) VALUES (?1, ?2, ?3, ?4)",
	/* The id sets are united by manrs_idset_union, registered on open. */
	[Q_OBS_DAY] = "INSERT INTO obs_day (day, prefix_id, origin, first_seen, last_seen, seconds, n_peers,"
		      " n_collectors, peers, collectors) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		      " ON CONFLICT (day, prefix_id, origin) DO UPDATE SET"
		      " first_seen = min(first_seen, excluded.first_seen),"
		      " last_seen = max(last_seen, excluded.last_seen),"
		      " seconds = seconds + excluded.seconds,"
		      " n_peers = manrs_idset_count(manrs_idset_union(peers, excluded.peers)),"
		      " n_collectors = manrs_idset_count(manrs_idset_union(collectors, excluded.collectors)),"
		      " peers = manrs_idset_union(peers, excluded.peers),"
		      " collectors = manrs_idset_union(collectors, excluded.collectors)",
	[Q_OBS_MONTH] = "INSERT INTO obs_month (month, prefix_id, origin, first_seen, last_seen, seconds, n_peers,"
			" n_collectors, peers, collectors) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
			" ON CONFLICT (month, prefix_id, origin) DO UPDATE SET"
			" first_seen = min(first_seen, excluded.first_seen),"
			" last_seen = max(last_seen, excluded.last_seen),"
			" seconds = seconds + excluded.seconds,"
			" n_peers = manrs_idset_count(manrs_idset_union(peers, excluded.peers)),"
			" n_collectors = manrs_idset_count(manrs_idset_union(collectors, excluded.collectors)),"
			" peers = manrs_idset_union(peers, excluded.peers),"
			" collectors = manrs_idset_union(collectors, excluded.collectors)",
	[Q_PAIRS_ALL] = "SELECT p.prefix, o.origin, o.n_peers, o.n_collectors, o.first_seen, o.last_seen, o.seconds"
			" FROM obs_month o JOIN prefixes p ON p.id = o.prefix_id"
			" WHERE o.month = ?1 AND o.n_peers >= ?2 ORDER BY p.prefix, o.origin",
	[Q_PAIRS_AS] = "SELECT p.prefix, o.origin, o.n_peers, o.n_collectors, o.first_seen, o.last_seen, o.seconds"
		       " FROM obs_month o INDEXED BY obs_month_origin JOIN prefixes p ON p.id = o.prefix_id"
		       " WHERE o.month = ?1 AND o.origin = ?3 AND o.n_peers >= ?2 ORDER BY p.prefix, o.origin",
	[Q_REFDATA_ADD] = "INSERT INTO refdata_snapshots (kind, source, sha256, snapshot_time, loaded_at)"
			  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (kind, sha256) DO NOTHING",
	[Q_REFDATA_GET] = "SELECT id FROM refdata_snapshots WHERE kind = ?1 AND sha256 = ?2",
};


const char *store_path(const char *opt)
{
	if (opt && *opt)
		return opt;
	const char *env = getenv("MANRS_DB");
	if (env && *env)
		return env;
	return STORE_DEFAULT_PATH;
}

const char *store_errmsg(struct store *s) { return sqlite3_errmsg(s->db); }

int store_schema_version(struct store *s) { return s->version; }

/* The prepared statement for q, reset and unbound; NULL on error. */
static sqlite3_stmt *stmt(struct store *s, int q)
{
	if (!s->st[q]) {
		if (sqlite3_prepare_v3(s->db, SQL[q], -1, SQLITE_PREPARE_PERSISTENT, &s->st[q], NULL) != SQLITE_OK)
			return NULL;
	} else {
		sqlite3_reset(s->st[q]);
		sqlite3_clear_bindings(s->st[q]);
	}
	return s->st[q];
}

/* Runs a statement that returns no rows. 0 or -1. */
static int run(struct store *s, int q)
{
	sqlite3_stmt *st = stmt(s, q);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_begin(struct store *s) { return run(s, Q_BEGIN); }
int store_commit(struct store *s) { return run(s, Q_COMMIT); }

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		run(s, Q_ROLLBACK);
}

/* ---- Id sets --------------------------------------------------------- */

static size_t put_varint(uint8_t *out, uint64_t v)
{
	size_t len = 0;
	while (v >= 0x80) {
		out[len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[len++] = (uint8_t)v;
	return len;
}

static size_t varint_len(uint64_t v)
{
	size_t len = 1;
	while (v >= 0x80) {
		v >>= 7;
		len++;
	}
	return len;
}

/* A varint of at most 35 bits at p[*off]; -1 if truncated or longer. */
static int get_varint(const uint8_t *p, size_t len, size_t *off, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift <= 28; shift += 7) {
		if (*off >= len)
			return -1;
		uint8_t b = p[(*off)++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

size_t store_idset_encode(const uint32_t *ids, size_t n, uint8_t *out)
{
	if (n == 0)
		return 0;
	/* Whichever form is shorter: gaps, or a bitmap from the first id. */
	size_t gaps = varint_len((uint64_t)ids[0] << 1);
	for (size_t i = 1; i < n; i++)
		gaps += varint_len(ids[i] - ids[i - 1]);
	size_t bytes = (size_t)(ids[n - 1] - ids[0]) / 8 + 1;
	size_t len = put_varint(out, (uint64_t)ids[0] << 1 | (bytes + varint_len((uint64_t)ids[0] << 1 | 1) < gaps));
	if (out[0] & 1) {
		memset(out + len, 0, bytes);
		for (size_t i = 0; i < n; i++) {
			uint32_t bit = ids[i] - ids[0];
			out[len + bit / 8] |= (uint8_t)(1u << (bit % 8));
		}
		return len + bytes;
	}
	for (size_t i = 1; i < n; i++)
		len += put_varint(out + len, ids[i] - ids[i - 1]);
	return len;
}

/* Walks a set: returns the count, or -1 if malformed. With out non-NULL,
 * also stores the ids (out has room for the count). */
static int64_t idset_walk(const uint8_t *p, size_t len, uint32_t *out)
{
	if (len == 0)
		return 0;
	size_t off = 0;
	uint64_t head;
	if (get_varint(p, len, &off, &head) < 0 || (head >> 1) > UINT32_MAX)
		return -1;
	uint64_t id = head >> 1;
	int64_t n = 0;
	if (head & 1) {
		/* Bitmap: bit k of the bytes after the head is id + k; the
		 * first bit and the last byte are set (one encoding per set). */
		if (off >= len || !(p[off] & 1) || p[len - 1] == 0 || (len - off) * 8 > STORE_IDSET_MAX * 8ull ||
		    id + (uint64_t)(len - off) * 8 - 1 > UINT32_MAX + 7ull)
			return -1;
		for (size_t k = 0; k < (len - off) * 8; k++)
			if (p[off + k / 8] & (1u << (k % 8))) {
				if (id + k > UINT32_MAX || (uint64_t)n >= STORE_IDSET_MAX)
					return -1;
				if (out)
					out[n] = (uint32_t)(id + k);
				n++;
			}
		return n;
	}
	if (out)
		out[0] = (uint32_t)id;
	n = 1;
	while (off < len) {
		uint64_t gap;
		if (get_varint(p, len, &off, &gap) < 0 || gap == 0)
			return -1;
		id += gap;
		if (id > UINT32_MAX || (uint64_t)n >= STORE_IDSET_MAX)
			return -1;
		if (out)
			out[n] = (uint32_t)id;
		n++;
	}
	return n;
}

int store_idset_decode(const uint8_t *p, size_t len, uint32_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	int64_t count = idset_walk(p, len, NULL);
	if (count < 0)
		return -1;
	if (count == 0)
		return 0;
	*ids = xreallocarray(NULL, (size_t)count, sizeof **ids);
	idset_walk(p, len, *ids);
	*n = (size_t)count;
	return 0;
}

/* SQL function manrs_idset_union(a, b): the encoded union of two sets. */
static void sql_idset_union(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const uint8_t *a = sqlite3_value_blob(argv[0]);
	size_t alen = (size_t)sqlite3_value_bytes(argv[0]);
	const uint8_t *b = sqlite3_value_blob(argv[1]);
	size_t blen = (size_t)sqlite3_value_bytes(argv[1]);
	uint32_t *x, *y;
	size_t nx, ny;
	if (store_idset_decode(a, alen, &x, &nx) < 0) {
		sqlite3_result_error(ctx, "manrs_idset_union: malformed id set", -1);
		return;
	}
	if (store_idset_decode(b, blen, &y, &ny) < 0) {
		free(x);
		sqlite3_result_error(ctx, "manrs_idset_union: malformed id set", -1);
		return;
	}
	uint32_t *u = xreallocarray(NULL, nx + ny + 1, sizeof *u);
	size_t i = 0, k = 0, n = 0;
	while (i < nx || k < ny) {
		if (k >= ny || (i < nx && x[i] < y[k]))
			u[n++] = x[i++];
		else if (i >= nx || y[k] < x[i])
			u[n++] = y[k++];
		else {
			u[n++] = x[i++];
			k++;
		}
	}
	uint8_t *out = xmalloc(STORE_IDSET_BOUND(n) + 1);
	size_t len = store_idset_encode(u, n, out);
	sqlite3_result_blob(ctx, out, (int)len, free);
	free(x);
	free(y);
	free(u);
}

/* SQL function manrs_idset_count(a): the number of ids in a set. */
static void sql_idset_count(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int64_t n = idset_walk(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]), NULL);
	if (n < 0)
		sqlite3_result_error(ctx, "manrs_idset_count: malformed id set", -1);
	else
		sqlite3_result_int64(ctx, n);
}

/* ---- Opening --------------------------------------------------------- */

/* One integer from a PRAGMA read with constant text. -1 on error. */
static int64_t pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int64_t v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Applies MIGRATIONS[from..] up to STORE_SCHEMA_VERSION. 0 or -1. */
static int migrate(struct store *s, int from, char *err, size_t errlen)
{
	/* PRAGMA takes no bound parameters; these texts are built from our
	 * own constants only. */
	char pragma[96];
	for (int v = from; v < STORE_SCHEMA_VERSION; v++) {
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
		if (sqlite3_exec(s->db, MIGRATIONS[v], NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 STORE_APP_ID, v + 1);
		if (sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
		s->version = v + 1;
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: cannot migrate the schema to version %d: %s", s->path, s->version + 1,
		 sqlite3_errmsg(s->db));
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Checks the first bytes: an existing non-empty file must be SQLite. */
static int check_header(const char *path, bool *exists, char *err, size_t errlen)
{
	struct stat st;
	*exists = false;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	*exists = true;
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a manrs database (not a regular file)", path);
		return -1;
	}
	if (st.st_size == 0)
		return 0;
	static const char magic[16] = "SQLite format 3";
	char head[16];
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n != sizeof head || memcmp(head, magic, sizeof head) != 0) {
		snprintf(err, errlen, "%s: not a manrs database (not an SQLite file)", path);
		return -1;
	}
	return 0;
}

struct store *store_open(const char *path, enum store_mode mode, char *err, size_t errlen)
{
	bool exists;
	if (check_header(path, &exists, err, errlen) < 0)
		return NULL;
	if (!exists && mode == STORE_READ) {
		snprintf(err, errlen, "%s: no such database (run 'manrs ingest' first)", path);
		return NULL;
	}
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	/* One connection, one thread: no SQLite mutexes. */
	int flags = SQLITE_OPEN_NOMUTEX |
		    (mode == STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	int64_t app = pragma_int(s->db, "PRAGMA application_id");
	int64_t ver = pragma_int(s->db, "PRAGMA user_version");
	int64_t objects = pragma_int(s->db, "SELECT count(*) FROM sqlite_schema");
	if (app < 0 || ver < 0 || objects < 0) {
		snprintf(err, errlen, "%s: not a manrs database (%s)", path, sqlite3_errmsg(s->db));
		goto fail;
	}
	bool fresh = app == 0 && ver == 0 && objects == 0;
	if (!fresh && app != STORE_APP_ID) {
		snprintf(err, errlen, "%s: not a manrs database (an SQLite database of another application, "
			 "application_id %lld)", path, (long long)app);
		goto fail;
	}
	if (ver > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: database schema version %lld is newer than this manrs supports (%d); "
			 "use a newer manrs", path, (long long)ver, STORE_SCHEMA_VERSION);
		goto fail;
	}
	s->version = (int)ver;
	if (mode == STORE_READ && (fresh || ver < STORE_SCHEMA_VERSION)) {
		snprintf(err, errlen, fresh ? "%s: empty database (run 'manrs ingest' first)"
					    : "%s: database schema is older than this manrs; run 'manrs ingest' to migrate it",
			 path);
		goto fail;
	}
	if (mode == STORE_WRITE) {
		/* WAL: readers never block the writer; synchronous=NORMAL is
		 * safe against a killed process (a power cut may lose the last
		 * transactions, never consistency). A 128 MiB page cache keeps
		 * a file's upserts off the disk until commit. */
		if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, "PRAGMA cache_size = -131072", NULL, NULL, NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
			goto fail;
		}
		if (migrate(s, s->version, err, errlen) < 0)
			goto fail;
	}
	int fl = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	if (sqlite3_create_function(s->db, "manrs_idset_union", 2, fl, NULL, sql_idset_union, NULL, NULL) !=
		    SQLITE_OK ||
	    sqlite3_create_function(s->db, "manrs_idset_count", 1, fl, NULL, sql_idset_count, NULL, NULL) !=
		    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
		goto fail;
	}
	return s;
fail:
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (size_t i = 0; i < s->nxst; i++)
		sqlite3_finalize(s->xst[i].st);
	sqlite3_close(s->db);
	free(s->path);
	free(s->scratch);
	free(s);
}

/* ---- Files ----------------------------------------------------------- */

static const char *const STATUS[] = { "ok", "skipped", "truncated" };

static void copy_text(char *dst, size_t cap, const unsigned char *src)
{
	snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

int store_file_find(struct store *s, const char *sha256, struct store_file *out)
{
	sqlite3_stmt *st = stmt(s, Q_FILE_FIND);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	copy_text(out->path, sizeof out->path, sqlite3_column_text(st, 1));
	snprintf(out->sha256, sizeof out->sha256, "%s", sha256);
	out->size = (uint64_t)sqlite3_column_int64(st, 2);
	out->collector_id = sqlite3_column_int64(st, 3);
	const unsigned char *kind = sqlite3_column_text(st, 4);
	out->rib = kind && !strcmp((const char *)kind, "rib");
	out->first_ts = (uint32_t)sqlite3_column_int64(st, 5);
	out->last_ts = (uint32_t)sqlite3_column_int64(st, 6);
	out->records = (uint64_t)sqlite3_column_int64(st, 7);
	out->elements = (uint64_t)sqlite3_column_int64(st, 8);
	out->skipped = (uint64_t)sqlite3_column_int64(st, 9);
	const unsigned char *status = sqlite3_column_text(st, 10);
	for (int i = 0; i < 3; i++)
		if (status && !strcmp((const char *)status, STATUS[i]))
			out->status = (enum store_file_status)i;
	out->closed = sqlite3_column_type(st, 11) != SQLITE_NULL;
	out->closed_at = (uint32_t)sqlite3_column_int64(st, 11);
	out->ingested_at = sqlite3_column_int64(st, 12);
	sqlite3_reset(st);
	return 1;
}

int64_t store_file_add(struct store *s, const struct store_file *f)
{
	sqlite3_stmt *st = stmt(s, Q_FILE_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)f->size);
	sqlite3_bind_int64(st, 4, f->collector_id);
	sqlite3_bind_text(st, 5, f->rib ? "rib" : "updates", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, f->first_ts);
	sqlite3_bind_int64(st, 7, f->last_ts);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)f->records);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)f->elements);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)f->skipped);
	sqlite3_bind_text(st, 11, STATUS[f->status], -1, SQLITE_STATIC);
	if (f->closed)
		sqlite3_bind_int64(st, 12, f->closed_at);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_int64(st, 13, f->ingested_at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(s->db) : -1;
}

/* A statement whose first column is one integer: the value, 0 if no row,
 * -1 on error. */
static int64_t one_int(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	return v;
}

int64_t store_file_count(struct store *s)
{
	sqlite3_stmt *st = stmt(s, Q_FILE_COUNT);
	return st ? one_int(st) : -1;
}

/* ---- Collectors, peers, prefixes ------------------------------------- */

/* Runs an INSERT prepared as q; returns the new rowid or -1. */
static int64_t insert(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(s->db) : -1;
}

int64_t store_collector_id(struct store *s, const char *name)
{
	sqlite3_stmt *st = stmt(s, Q_COLLECTOR_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int64_t id = one_int(st);
	if (id != 0)
		return id;
	if (!(st = stmt(s, Q_COLLECTOR_ADD)))
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return insert(s, st);
}

int64_t store_peer_id(struct store *s, int64_t collector_id, const struct ip_addr *ip, uint32_t asn)
{
	char text[IP_STRLEN];
	ip_fmt(ip, text);
	sqlite3_stmt *st = stmt(s, Q_PEER_GET);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, collector_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, asn);
	int64_t id = one_int(st);
	if (id != 0)
		return id;
	if (!(st = stmt(s, Q_PEER_ADD)))
		return -1;
	sqlite3_bind_int64(st, 1, collector_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, asn);
	return insert(s, st);
}

int64_t store_prefix_id(struct store *s, const struct prefix *in)
{
	struct prefix p = *in;
	prefix_mask(&p);
	char text[PREFIX_STRLEN];
	prefix_fmt(&p, text);
	sqlite3_stmt *st = stmt(s, Q_PREFIX_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	int64_t id = one_int(st);
	if (id != 0)
		return id;
	if (!(st = stmt(s, Q_PREFIX_ADD)))
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, p.afi);
	sqlite3_bind_int(st, 3, p.len);
	sqlite3_bind_blob(st, 4, p.b, p.afi == AFI_IPV4 ? 4 : 16, SQLITE_STATIC);
	return insert(s, st);
}

/* ---- Observations ------------------------------------------------------ */

int store_obs_merge(struct store *s, enum store_period kind, const struct store_obs *o)
{
	sqlite3_stmt *st = stmt(s, kind == STORE_DAY ? Q_OBS_DAY : Q_OBS_MONTH);
	if (!st)
		return -1;
	size_t need = STORE_IDSET_BOUND(o->npeers + o->ncollectors) + 1;
	if (s->scratch_cap < need)
		s->scratch = xgrow(s->scratch, &s->scratch_cap, need, 1);
	size_t plen = store_idset_encode(o->peers, o->npeers, s->scratch);
	size_t clen = store_idset_encode(o->collectors, o->ncollectors, s->scratch + plen);
	sqlite3_bind_int64(st, 1, o->period);
	sqlite3_bind_int64(st, 2, o->prefix_id);
	sqlite3_bind_int64(st, 3, o->origin);
	sqlite3_bind_int64(st, 4, o->first_seen);
	sqlite3_bind_int64(st, 5, o->last_seen);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)o->seconds);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)o->npeers);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)o->ncollectors);
	sqlite3_bind_blob(st, 9, s->scratch, (int)plen, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, s->scratch + plen, (int)clen, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t store_announced_pairs(struct store *s, uint32_t month, uint32_t origin, unsigned min_peers,
			      store_pair_cb cb, void *ctx)
{
	sqlite3_stmt *st = stmt(s, origin ? Q_PAIRS_AS : Q_PAIRS_ALL);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, month);
	sqlite3_bind_int64(st, 2, min_peers);
	if (origin)
		sqlite3_bind_int64(st, 3, origin);
	int64_t n = 0;
	bool stop = false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (!cb || stop)
			continue;
		struct store_pair p = {
			.prefix = (const char *)sqlite3_column_text(st, 0),
			.origin = (uint32_t)sqlite3_column_int64(st, 1),
			.n_peers = (uint32_t)sqlite3_column_int64(st, 2),
			.n_collectors = (uint32_t)sqlite3_column_int64(st, 3),
			.first_seen = (uint32_t)sqlite3_column_int64(st, 4),
			.last_seen = (uint32_t)sqlite3_column_int64(st, 5),
			.seconds = (uint64_t)sqlite3_column_int64(st, 6),
		};
		if (!p.prefix)
			p.prefix = "";
		stop = cb(&p, ctx) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

/* ---- Reference data ---------------------------------------------------- */

int64_t store_refdata_add(struct store *s, const char *kind, const char *source, const char *sha256,
			  int64_t snapshot_time, int64_t loaded_at)
{
	sqlite3_stmt *st = stmt(s, Q_REFDATA_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, snapshot_time);
	sqlite3_bind_int64(st, 5, loaded_at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (!(st = stmt(s, Q_REFDATA_GET)))
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	return one_int(st);
}

/* ---- Snapshots with their bytes (schema 2) ------------------------------ */

/* Prepares one of the constant statements below; NULL on error. */
static sqlite3_stmt *prep(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	return st;
}

static void snapshot_row(sqlite3_stmt *st, struct store_snapshot *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	copy_text(o->kind, sizeof o->kind, sqlite3_column_text(st, 1));
	copy_text(o->source, sizeof o->source, sqlite3_column_text(st, 2));
	copy_text(o->sha256, sizeof o->sha256, sqlite3_column_text(st, 3));
	o->time = sqlite3_column_int64(st, 4);
	copy_text(o->time_from, sizeof o->time_from, sqlite3_column_text(st, 5));
	o->loaded_at = sqlite3_column_int64(st, 6);
	o->size = (uint64_t)sqlite3_column_int64(st, 7);
}

#define SNAP_COLS "id, kind, source, sha256, snapshot_time, time_from, loaded_at, size"

static int add_to_set(struct store *s, int64_t set_id, int64_t id)
{
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO refdata_sets (set_id, snapshot_id) VALUES (?1, ?2)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t store_snapshot_put(struct store *s, const struct store_snapshot *m, int64_t set_id, const void *bytes,
			   size_t len, bool *added)
{
	*added = false;
	sqlite3_stmt *st = prep(s, "SELECT id FROM refdata_snapshots WHERE kind = ?1 AND sha256 = ?2");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->sha256, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (id > 0)
		return add_to_set(s, set_id, id) < 0 ? -1 : id;
	st = prep(s, "INSERT INTO refdata_snapshots (kind, source, sha256, snapshot_time, loaded_at, size, time_from)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, m->time);
	sqlite3_bind_int64(st, 5, m->loaded_at);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)len);
	sqlite3_bind_text(st, 7, m->time_from, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	id = sqlite3_last_insert_rowid(s->db);
	st = prep(s, "INSERT INTO refdata_chunks (snapshot_id, seq, data) VALUES (?1, ?2, ?3)");
	if (!st)
		return -1;
	const uint8_t *p = bytes;
	for (size_t off = 0, seq = 0; off < len || (len == 0 && seq == 0); seq++) {
		size_t n = len - off < STORE_CHUNK ? len - off : STORE_CHUNK;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)seq);
		sqlite3_bind_blob(st, 3, n ? p + off : (const void *)"", (int)n, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return -1;
		}
		off += n;
		if (len == 0)
			break;
	}
	sqlite3_finalize(st);
	if (add_to_set(s, set_id, id) < 0)
		return -1;
	*added = true;
	return id;
}

int store_snapshot_select(struct store *s, const char *kind, int64_t period_end, struct store_snapshot *out,
			  bool *fallback)
{
	*fallback = false;
	for (int pass = 0; pass < 2; pass++) {
		sqlite3_stmt *st = prep(s, pass == 0 ? "SELECT " SNAP_COLS " FROM refdata_snapshots WHERE kind = ?1"
							" AND snapshot_time < ?2 ORDER BY snapshot_time DESC, id DESC LIMIT 1"
						      : "SELECT " SNAP_COLS " FROM refdata_snapshots WHERE kind = ?1"
							" ORDER BY snapshot_time ASC, id ASC LIMIT 1");
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		if (pass == 0)
			sqlite3_bind_int64(st, 2, period_end);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			snapshot_row(st, out);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW) {
			*fallback = pass == 1;
			return 1;
		}
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int store_snapshot_list(struct store *s, int (*cb)(const struct store_snapshot *m, void *ctx), void *ctx)
{
	sqlite3_stmt *st = prep(s, "SELECT " SNAP_COLS " FROM refdata_snapshots ORDER BY kind, snapshot_time, id");
	if (!st)
		return -1;
	int rc;
	struct store_snapshot m;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snapshot_row(st, &m);
		if (cb(&m, ctx))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_snapshot_bytes(struct store *s, int64_t id, uint8_t **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	sqlite3_stmt *st = prep(s, "SELECT data FROM refdata_chunks WHERE snapshot_id = ?1 ORDER BY seq");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		if (*len + n + 1 > cap)
			*buf = xgrow(*buf, &cap, *len + n + 1, 1);
		if (n)
			memcpy(*buf + *len, p, n);
		*len += n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*buf);
		*buf = NULL;
		*len = 0;
		return -1;
	}
	return 0;
}

uint32_t store_newest_month(struct store *s)
{
	sqlite3_stmt *st = prep(s, "SELECT max(month) FROM obs_month");
	if (!st)
		return 0;
	uint32_t m = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		m = (uint32_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return m;
}

int store_snapshot_set(struct store *s, int64_t id, int (*cb)(const struct store_snapshot *m, void *ctx), void *ctx)
{
	sqlite3_stmt *st = prep(s, "SELECT " SNAP_COLS " FROM refdata_snapshots WHERE id IN (SELECT snapshot_id FROM"
				   " refdata_sets WHERE set_id = (SELECT max(set_id) FROM refdata_sets WHERE snapshot_id"
				   " = ?1)) ORDER BY id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	struct store_snapshot m;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snapshot_row(st, &m);
		if (cb(&m, ctx))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int64_t store_snapshot_new_set(struct store *s)
{
	sqlite3_stmt *st = prep(s, "SELECT coalesce(max(set_id), 0) + 1 FROM refdata_sets");
	if (!st)
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

int store_day_spans(struct store *s, uint32_t month, const char *prefix, uint32_t origin,
		    int (*cb)(uint32_t day, uint32_t first_seen, uint32_t last_seen, void *ctx), void *ctx)
{
	sqlite3_stmt *st = prep(s, "SELECT d.day, d.first_seen, d.last_seen FROM obs_day d JOIN prefixes p ON p.id ="
				   " d.prefix_id WHERE p.prefix = ?1 AND d.origin = ?2 AND d.day >= ?3 AND d.day <= ?4"
				   " ORDER BY d.day");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, origin);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)month * 100 + 1);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)month * 100 + 31);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb((uint32_t)sqlite3_column_int64(st, 0), (uint32_t)sqlite3_column_int64(st, 1),
		       (uint32_t)sqlite3_column_int64(st, 2), ctx))
			break;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_origin_seen(struct store *s, uint32_t origin)
{
	sqlite3_stmt *st = prep(s, "SELECT 1 FROM obs_month WHERE month IN (SELECT DISTINCT month FROM obs_month)"
				   " AND origin = ?1 LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, origin);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- Scores and participants (schema 2) -------------------------------- */

int store_month_origins(struct store *s, uint32_t month, unsigned min_peers, int (*cb)(uint32_t asn, void *ctx),
			void *ctx)
{
	sqlite3_stmt *st = prep(s, "SELECT DISTINCT origin FROM obs_month WHERE month = ?1 AND n_peers >= ?2"
				   " AND origin <> 0 ORDER BY origin");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, month);
	sqlite3_bind_int64(st, 2, min_peers);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb((uint32_t)sqlite3_column_int64(st, 0), ctx))
			break;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_score_put(struct store *s, const struct store_score *sc)
{
	sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO scores (month, asn, country, filtering, anti_spoofing,"
				   " coordination, irr, rpki, filtering_level, anti_spoofing_level, coordination_level,"
				   " irr_level, rpki_level, inputs, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
				   " ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, sc->month);
	sqlite3_bind_int64(st, 2, sc->asn);
	sqlite3_bind_text(st, 3, sc->country, -1, SQLITE_STATIC);
	for (int i = 0; i < STORE_ACTIONS; i++) {
		if (sc->score[i] < 0)
			sqlite3_bind_null(st, 4 + i);
		else
			sqlite3_bind_double(st, 4 + i, sc->score[i]);
		sqlite3_bind_text(st, 9 + i, sc->level[i], -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 14, sc->inputs, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, sc->computed_at);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_scores(struct store *s, uint32_t month, int (*cb)(const struct store_score *sc, void *ctx), void *ctx)
{
	sqlite3_stmt *st = prep(s, "SELECT asn, country, filtering, anti_spoofing, coordination, irr, rpki,"
				   " filtering_level, anti_spoofing_level, coordination_level, irr_level, rpki_level,"
				   " inputs, computed_at FROM scores WHERE month = ?1 ORDER BY asn");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, month);
	int rc;
	struct store_score sc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&sc, 0, sizeof sc);
		sc.month = month;
		sc.asn = (uint32_t)sqlite3_column_int64(st, 0);
		copy_text(sc.country, sizeof sc.country, sqlite3_column_text(st, 1));
		for (int i = 0; i < STORE_ACTIONS; i++) {
			sc.score[i] = sqlite3_column_type(st, 2 + i) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 2 + i);
			copy_text(sc.level[i], sizeof sc.level[i], sqlite3_column_text(st, 7 + i));
		}
		copy_text(sc.inputs, sizeof sc.inputs, sqlite3_column_text(st, 12));
		sc.computed_at = sqlite3_column_int64(st, 13);
		if (cb(&sc, ctx))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int64_t store_participant_add(struct store *s, const char *organisation, const char *program, const char *joined)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO participants (organisation, program, joined) VALUES (?1, ?2, ?3)"
				   " ON CONFLICT (organisation, program) DO UPDATE SET joined = excluded.joined");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, organisation, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, program, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, joined, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	st = prep(s, "SELECT id FROM participants WHERE organisation = ?1 AND program = ?2");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, organisation, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, program, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return id;
}

int store_participant_asn(struct store *s, int64_t participant, uint32_t asn)
{
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO participant_asns (participant_id, asn) VALUES (?1, ?2)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, participant);
	sqlite3_bind_int64(st, 2, asn);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_participants(struct store *s, int (*cb)(const struct store_participant *p, void *ctx), void *ctx)
{
	sqlite3_stmt *st = prep(s, "SELECT p.id, p.organisation, p.program, p.joined, a.asn FROM participants p"
				   " LEFT JOIN participant_asns a ON a.participant_id = p.id ORDER BY p.organisation,"
				   " p.program, a.asn");
	if (!st)
		return -1;
	int rc;
	struct store_participant p;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&p, 0, sizeof p);
		p.id = sqlite3_column_int64(st, 0);
		copy_text(p.organisation, sizeof p.organisation, sqlite3_column_text(st, 1));
		copy_text(p.program, sizeof p.program, sqlite3_column_text(st, 2));
		copy_text(p.joined, sizeof p.joined, sqlite3_column_text(st, 3));
		p.asn = (uint32_t)sqlite3_column_int64(st, 4);
		if (cb(&p, ctx))
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

sqlite3_stmt *store_prep(struct store *s, const char *sql)
{
	for (size_t i = 0; i < s->nxst; i++)
		if (s->xst[i].sql == sql) {
			sqlite3_reset(s->xst[i].st);
			sqlite3_clear_bindings(s->xst[i].st);
			return s->xst[i].st;
		}
	if (s->nxst == STORE_XST_MAX)
		return NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	s->xst[s->nxst].sql = sql;
	s->xst[s->nxst].st = st;
	s->nxst++;
	return st;
}
