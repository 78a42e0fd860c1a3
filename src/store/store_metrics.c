/*
 * The store's side of the Action 1 incident metrics (store_metrics.h): the
 * one statement that selects the incidents a period's metrics count, the
 * files.detected flag that says the detectors ran, and day-range pairs.
 */
#include "store/store_metrics.h"
#include "store/store_feedback.h"
#include "store/store_int.h"

#include "lib/xmalloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * The selection of incidents for the metrics: every rule about which
 * incidents count lives in this one statement: the period, the minimum
 * suspicion, and no accepted feedback calling the incident a valid routing
 * change (store_feedback.h). ?1 period start, ?2 period end (exclusive),
 * ?3 minimum suspicion. The full-bogon flag and the paths ride along so a
 * caller needs no second query per incident.
 */
static const char SQL_SELECT[] =
	"SELECT incidents.id, type, culprit_asn, accomplices, start, end, suspicion,"
	" EXISTS (SELECT 1 FROM incident_tags t WHERE t.incident_id = incidents.id"
	"         AND (t.tag = 'bogon-full' OR t.tag GLOB 'bogon-asn-*-full')),"
	" COALESCE((SELECT group_concat(q.path, ';') FROM (SELECT path FROM incident_paths"
	"           WHERE incident_id = incidents.id ORDER BY seq) q), '')"
	" FROM incidents"
	" WHERE start < ?2 AND (end IS NULL OR end > ?1) AND suspicion >= ?3"
	" AND " STORE_FEEDBACK_NOT_DISMISSED_SQL
	" ORDER BY start, incidents.id";

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

int store_metric_incidents(struct store *s, int64_t from, int64_t to, int min_suspicion,
			   int (*cb)(const struct store_metric_incident *inc, void *ctx), void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_SELECT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, min_suspicion);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_metric_incident inc = {
			.id = col_text(st, 0),
			.type = col_text(st, 1),
			.has_culprit = sqlite3_column_type(st, 2) != SQLITE_NULL,
			.culprit = (uint32_t)sqlite3_column_int64(st, 2),
			.accomplices = col_text(st, 3),
			.start = sqlite3_column_int64(st, 4),
			.end = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5),
			.suspicion = sqlite3_column_int(st, 6),
			.full_bogon = sqlite3_column_int(st, 7) != 0,
			.paths = col_text(st, 8),
		};
		if (cb(&inc, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_MARK[] = "UPDATE files SET detected = 1 WHERE id = ?1";

int store_file_mark_detected(struct store *s, int64_t file_id)
{
	sqlite3_stmt *st = store_prep(s, SQL_MARK);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, file_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_RAN[] =
	"SELECT EXISTS (SELECT 1 FROM files WHERE detected = 1 AND first_ts < ?2 AND last_ts >= ?1)";

int store_detect_ran(struct store *s, int64_t from, int64_t to)
{
	sqlite3_stmt *st = store_prep(s, SQL_RAN);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	int rc = sqlite3_step(st);
	int v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : -1;
	sqlite3_reset(st);
	return v;
}

static const char SQL_DAY_PAIRS[] =
	"SELECT p.prefix, d.origin, d.peers, d.first_seen, d.last_seen, d.seconds, d.n_collectors"
	" FROM obs_day d JOIN prefixes p ON p.id = d.prefix_id"
	" WHERE d.day >= ?1 AND d.day <= ?2 AND (?3 = 0 OR d.origin = ?3)"
	" ORDER BY p.prefix, d.origin";

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* The pair gathered so far: peers of all its day rows (sorted and made
 * distinct when it is passed on). */
struct day_acc {
	char *prefix;
	uint32_t origin;
	uint32_t *peers;
	size_t npeers, cap;
	uint32_t first, last, collectors;
	uint64_t seconds;
	bool open;
};

/* Passes the gathered pair on if enough peers saw it. 1: cb said stop. */
static int day_flush(struct day_acc *a, unsigned min_peers, store_pair_cb cb, void *ctx, int64_t *count)
{
	if (!a->open)
		return 0;
	a->open = false;
	size_t n = 0;
	if (a->npeers) {
		qsort(a->peers, a->npeers, sizeof *a->peers, u32_cmp);
		n = 1;
		for (size_t i = 1; i < a->npeers; i++)
			if (a->peers[i] != a->peers[n - 1])
				a->peers[n++] = a->peers[i];
	}
	if (n < min_peers)
		return 0;
	(*count)++;
	struct store_pair p = { .prefix = a->prefix, .origin = a->origin, .n_peers = (uint32_t)n,
				.n_collectors = a->collectors, .first_seen = a->first, .last_seen = a->last,
				.seconds = a->seconds };
	return cb && cb(&p, ctx) ? 1 : 0;
}

int64_t store_day_pairs(struct store *s, uint32_t from_day, uint32_t to_day, uint32_t origin, unsigned min_peers,
			store_pair_cb cb, void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_DAY_PAIRS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from_day);
	sqlite3_bind_int64(st, 2, to_day);
	sqlite3_bind_int64(st, 3, origin);
	struct day_acc a;
	memset(&a, 0, sizeof a);
	int64_t count = 0;
	int rc;
	bool stop = false, bad = false;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *prefix = col_text(st, 0);
		uint32_t o = (uint32_t)sqlite3_column_int64(st, 1);
		if (a.open && (o != a.origin || strcmp(prefix, a.prefix))) {
			stop = day_flush(&a, min_peers, cb, ctx, &count) != 0;
			if (stop)
				break;
		}
		if (!a.open) {
			free(a.prefix);
			a.prefix = xstrdup(prefix);
			a.origin = o;
			a.npeers = 0;
			a.first = UINT32_MAX;
			a.last = 0;
			a.seconds = 0;
			a.collectors = 0;
			a.open = true;
		}
		uint32_t *ids;
		size_t nids;
		if (store_idset_decode(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2), &ids, &nids) < 0) {
			bad = true;
			break;
		}
		a.peers = xgrow(a.peers, &a.cap, a.npeers + nids, sizeof *a.peers);
		if (nids)
			memcpy(a.peers + a.npeers, ids, nids * sizeof *ids);
		a.npeers += nids;
		free(ids);
		uint32_t f = (uint32_t)sqlite3_column_int64(st, 3), l = (uint32_t)sqlite3_column_int64(st, 4);
		if (f < a.first)
			a.first = f;
		if (l > a.last)
			a.last = l;
		a.seconds += (uint64_t)sqlite3_column_int64(st, 5);
		uint32_t nc = (uint32_t)sqlite3_column_int64(st, 6);
		if (nc > a.collectors)
			a.collectors = nc;   /* a lower bound: the sets are not united */
	}
	if (!stop && !bad && rc == SQLITE_DONE)
		day_flush(&a, min_peers, cb, ctx, &count);
	sqlite3_reset(st);
	free(a.prefix);
	free(a.peers);
	if (bad || (!stop && rc != SQLITE_DONE))
		return -1;
	return count;
}
