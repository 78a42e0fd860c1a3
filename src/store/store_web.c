/*
 * Queries of the web server and `manrs keys` (store_web.h): API keys,
 * score history, origins per prefix. Statements are constant text run
 * through store_prep(), so each is prepared once per handle; values from
 * requests are only ever bound.
 */
#include "store/store_web.h"
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static void text_col(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

static const char SQL_KEY_ADD[] =
	"INSERT INTO api_keys (key_id, name, salt, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";

int64_t store_key_add(struct store *s, const struct store_key *k)
{
	sqlite3_stmt *st = store_prep(s, SQL_KEY_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, k->key_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, k->salt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, k->created_at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? (int64_t)sqlite3_last_insert_rowid(s->db) : -1;
}

static void key_row(sqlite3_stmt *st, struct store_key *k)
{
	memset(k, 0, sizeof *k);
	k->id = sqlite3_column_int64(st, 0);
	text_col(k->key_id, sizeof k->key_id, st, 1);
	text_col(k->name, sizeof k->name, st, 2);
	text_col(k->salt, sizeof k->salt, st, 3);
	text_col(k->hash, sizeof k->hash, st, 4);
	k->created_at = sqlite3_column_int64(st, 5);
	k->revoked_at = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 6);
}

static const char SQL_KEY_FIND[] =
	"SELECT id, key_id, name, salt, hash, created_at, revoked_at FROM api_keys WHERE key_id = ?1";

int store_key_find(struct store *s, const char *key_id, struct store_key *out)
{
	sqlite3_stmt *st = store_prep(s, SQL_KEY_FIND);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		key_row(st, out);
		found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

static const char SQL_KEYS[] =
	"SELECT id, key_id, name, salt, hash, created_at, revoked_at FROM api_keys ORDER BY id";

int store_keys(struct store *s, int (*cb)(const struct store_key *k, void *ctx), void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_KEYS);
	if (!st)
		return -1;
	int rc;
	struct store_key k;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key_row(st, &k);
		if (cb(&k, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_KEY_REVOKE[] = "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";

int store_key_revoke(struct store *s, int64_t id, int64_t when)
{
	sqlite3_stmt *st = store_prep(s, SQL_KEY_REVOKE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, when);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

static const char SQL_HISTORY[] =
	"SELECT month, country, filtering, anti_spoofing, coordination, irr, rpki,"
	" filtering_level, anti_spoofing_level, coordination_level, irr_level, rpki_level,"
	" inputs, computed_at FROM scores WHERE asn = ?1 ORDER BY month";

int store_score_history(struct store *s, uint32_t asn, int (*cb)(const struct store_score *sc, void *ctx),
			void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_HISTORY);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, asn);
	int rc;
	struct store_score sc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&sc, 0, sizeof sc);
		sc.asn = asn;
		sc.month = (uint32_t)sqlite3_column_int64(st, 0);
		text_col(sc.country, sizeof sc.country, st, 1);
		for (int i = 0; i < STORE_ACTIONS; i++) {
			sc.score[i] = sqlite3_column_type(st, 2 + i) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 2 + i);
			text_col(sc.level[i], sizeof sc.level[i], st, 7 + i);
		}
		text_col(sc.inputs, sizeof sc.inputs, st, 12);
		sc.computed_at = sqlite3_column_int64(st, 13);
		if (cb(&sc, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_PREFIX_ORIGINS[] =
	"SELECT o.origin, o.n_peers, o.n_collectors, o.first_seen, o.last_seen, o.seconds"
	" FROM prefixes p JOIN obs_month o ON o.prefix_id = p.id"
	" WHERE p.prefix = ?1 AND o.month = ?2 ORDER BY o.origin";

int64_t store_prefix_origins(struct store *s, uint32_t month, const char *prefix,
			     int (*cb)(const struct store_prefix_origin *o, void *ctx), void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_PREFIX_ORIGINS);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, month);
	int rc;
	int64_t n = 0;
	bool stop = false;
	struct store_prefix_origin o;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (stop)
			continue;
		o.origin = (uint32_t)sqlite3_column_int64(st, 0);
		o.n_peers = (uint32_t)sqlite3_column_int64(st, 1);
		o.n_collectors = (uint32_t)sqlite3_column_int64(st, 2);
		o.first_seen = (uint32_t)sqlite3_column_int64(st, 3);
		o.last_seen = (uint32_t)sqlite3_column_int64(st, 4);
		o.seconds = (uint64_t)sqlite3_column_int64(st, 5);
		if (cb && cb(&o, ctx))
			stop = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

static const char SQL_SCORE_MONTHS[] = "SELECT DISTINCT month FROM scores ORDER BY month DESC";

int store_score_months(struct store *s, int (*cb)(uint32_t month, void *ctx), void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_SCORE_MONTHS);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb((uint32_t)sqlite3_column_int64(st, 0), ctx))
			break;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_MONTH_SEEN[] = "SELECT 1 FROM obs_month WHERE month = ?1 LIMIT 1";

int store_month_seen(struct store *s, uint32_t month)
{
	sqlite3_stmt *st = store_prep(s, SQL_MONTH_SEEN);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, month);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
