/*
 * Incidents in the store (store_incident.h): one row in `incidents` and
 * its lists in child tables keyed by (incident_id, seq), replaced whole on
 * each write; and the prefix-origin history the detector starts from.
 */
#include "store/store_incident.h"
#include "store/store.h"
#include "store/store_int.h"

#include "lib/xmalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_incident_free(struct store_incident *inc)
{
	for (size_t i = 0; i < inc->nprefixes; i++)
		free(inc->prefixes[i]);
	free(inc->prefixes);
	for (size_t i = 0; i < inc->ntags; i++)
		free(inc->tags[i]);
	free(inc->tags);
	for (size_t i = 0; i < inc->npaths; i++)
		free(inc->paths[i]);
	free(inc->paths);
	for (size_t i = 0; i < inc->nevents; i++)
		free(inc->events[i].path);
	free(inc->events);
	free(inc->rules);
	free(inc->peers);
	free(inc->victims);
	free(inc->accomplices);
	memset(inc, 0, sizeof *inc);
}

/* "64500 64501" */
static char *asn_list(const uint32_t *v, size_t n)
{
	char *s = xmalloc(n * 11 + 1);
	size_t at = 0;
	s[0] = 0;
	for (size_t i = 0; i < n; i++)
		at += (size_t)sprintf(s + at, "%s%" PRIu32, i ? " " : "", v[i]);
	return s;
}

static size_t asn_parse_list(const char *s, uint32_t **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	while (s && *s) {
		char *end;
		unsigned long v = strtoul(s, &end, 10);
		if (end == s)
			break;
		*out = xgrow(*out, &cap, n + 1, sizeof **out);
		(*out)[n++] = (uint32_t)v;
		s = end;
		while (*s == ' ')
			s++;
	}
	return n;
}

static const char SQL_DEL[7][80] = {
	"DELETE FROM incidents WHERE id = ?1",
	"DELETE FROM incident_prefixes WHERE incident_id = ?1",
	"DELETE FROM incident_tags WHERE incident_id = ?1",
	"DELETE FROM incident_rules WHERE incident_id = ?1",
	"DELETE FROM incident_peers WHERE incident_id = ?1",
	"DELETE FROM incident_events WHERE incident_id = ?1",
	"DELETE FROM incident_paths WHERE incident_id = ?1",
};

static const char SQL_INS[] =
	"INSERT INTO incidents (id, type, covering_prefix, culprit_asn, victims, accomplices, leak_type, start, end,"
	" peak_peers, peak_collectors, peers_total, collectors_total, nprefixes, nevents, suspicion, label, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
static const char SQL_INS_PFX[] = "INSERT INTO incident_prefixes (incident_id, seq, prefix) VALUES (?1, ?2, ?3)";
static const char SQL_INS_TAG[] = "INSERT INTO incident_tags (incident_id, seq, tag) VALUES (?1, ?2, ?3)";
static const char SQL_INS_PATH[] = "INSERT INTO incident_paths (incident_id, seq, path) VALUES (?1, ?2, ?3)";
static const char SQL_INS_RULE[] =
	"INSERT INTO incident_rules (incident_id, seq, rule, delta, cap, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_INS_PEER[] =
	"INSERT INTO incident_peers (incident_id, seq, collector, peer_ip, peer_asn, first_seen, last_seen, routes)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_INS_EV[] =
	"INSERT INTO incident_events (incident_id, seq, time, collector, peer_ip, peer_asn, prefix, kind, path)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Inserts a list of strings into one child table. */
static int put_strings(struct store *s, const char *sql, const char *id, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = store_prep(s, sql);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, v[i], -1, SQLITE_STATIC);
		if (step_done(st) < 0)
			return -1;
	}
	return 0;
}

int store_incident_put(struct store *s, const struct store_incident *inc)
{
	for (size_t k = 0; k < 7; k++) {
		sqlite3_stmt *st = store_prep(s, SQL_DEL[k]);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, inc->id, -1, SQLITE_STATIC);
		if (step_done(st) < 0)
			return -1;
	}
	sqlite3_stmt *st = store_prep(s, SQL_INS);
	if (!st)
		return -1;
	char *vict = asn_list(inc->victims, inc->nvictims), *acc = asn_list(inc->accomplices, inc->naccomplices);
	sqlite3_bind_text(st, 1, inc->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, inc->type, -1, SQLITE_STATIC);
	if (inc->covering[0])
		sqlite3_bind_text(st, 3, inc->covering, -1, SQLITE_STATIC);
	if (inc->has_culprit)
		sqlite3_bind_int64(st, 4, inc->culprit);
	sqlite3_bind_text(st, 5, vict, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, acc, -1, SQLITE_STATIC);
	if (inc->leak_type)
		sqlite3_bind_int64(st, 7, inc->leak_type);
	sqlite3_bind_int64(st, 8, inc->start);
	if (inc->end >= 0)
		sqlite3_bind_int64(st, 9, inc->end);
	sqlite3_bind_int64(st, 10, inc->peak_peers);
	sqlite3_bind_int64(st, 11, inc->peak_collectors);
	sqlite3_bind_int64(st, 12, inc->peers_total);
	sqlite3_bind_int64(st, 13, inc->collectors_total);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)inc->nprefixes_total);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)inc->nevents_total);
	sqlite3_bind_int64(st, 16, inc->suspicion);
	sqlite3_bind_text(st, 17, inc->label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 18, inc->updated_at);
	int rc = step_done(st);
	free(vict);
	free(acc);
	if (rc < 0)
		return -1;
	if (put_strings(s, SQL_INS_PFX, inc->id, inc->prefixes, inc->nprefixes) < 0 ||
	    put_strings(s, SQL_INS_TAG, inc->id, inc->tags, inc->ntags) < 0 ||
	    put_strings(s, SQL_INS_PATH, inc->id, inc->paths, inc->npaths) < 0)
		return -1;
	for (size_t i = 0; i < inc->nrules; i++) {
		const struct store_incident_rule *r = &inc->rules[i];
		if (!(st = store_prep(s, SQL_INS_RULE)))
			return -1;
		sqlite3_bind_text(st, 1, inc->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, r->delta);
		if (r->cap >= 0)
			sqlite3_bind_int64(st, 5, r->cap);
		sqlite3_bind_text(st, 6, r->reason, -1, SQLITE_STATIC);
		if (step_done(st) < 0)
			return -1;
	}
	for (size_t i = 0; i < inc->npeers; i++) {
		const struct store_incident_peer *p = &inc->peers[i];
		if (!(st = store_prep(s, SQL_INS_PEER)))
			return -1;
		sqlite3_bind_text(st, 1, inc->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, p->collector, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, p->ip, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, p->asn);
		sqlite3_bind_int64(st, 6, p->first);
		if (p->last >= 0)
			sqlite3_bind_int64(st, 7, p->last);
		sqlite3_bind_int64(st, 8, p->routes);
		if (step_done(st) < 0)
			return -1;
	}
	for (size_t i = 0; i < inc->nevents; i++) {
		const struct store_incident_event *e = &inc->events[i];
		char kind[2] = { e->kind, 0 };
		if (!(st = store_prep(s, SQL_INS_EV)))
			return -1;
		sqlite3_bind_text(st, 1, inc->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 3, e->t);
		sqlite3_bind_text(st, 4, e->collector, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, e->ip, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, e->peer_asn);
		sqlite3_bind_text(st, 7, e->prefix, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, e->path ? e->path : "", -1, SQLITE_STATIC);
		if (step_done(st) < 0)
			return -1;
	}
	return 0;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static char *dup_col(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return xstrdup(t ? (const char *)t : "");
}

/* Reads one child list of strings (column 0, ordered by seq). */
static int get_strings(struct store *s, const char *sql, const char *id, char ***out, size_t *n)
{
	sqlite3_stmt *st = store_prep(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = dup_col(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_GET[] =
	"SELECT id, type, covering_prefix, culprit_asn, victims, accomplices, leak_type, start, end, peak_peers,"
	" peak_collectors, peers_total, collectors_total, nprefixes, nevents, suspicion, label, updated_at"
	" FROM incidents WHERE id = ?1";
static const char SQL_GET_PFX[] = "SELECT prefix FROM incident_prefixes WHERE incident_id = ?1 ORDER BY seq";
static const char SQL_GET_TAG[] = "SELECT tag FROM incident_tags WHERE incident_id = ?1 ORDER BY seq";
static const char SQL_GET_PATH[] = "SELECT path FROM incident_paths WHERE incident_id = ?1 ORDER BY seq";
static const char SQL_GET_RULE[] =
	"SELECT rule, delta, cap, reason FROM incident_rules WHERE incident_id = ?1 ORDER BY seq";
static const char SQL_GET_PEER[] = "SELECT collector, peer_ip, peer_asn, first_seen, last_seen, routes"
				   " FROM incident_peers WHERE incident_id = ?1 ORDER BY seq";
static const char SQL_GET_EV[] = "SELECT time, collector, peer_ip, peer_asn, prefix, kind, path"
				 " FROM incident_events WHERE incident_id = ?1 ORDER BY seq";

int store_incident_get(struct store *s, const char *id, struct store_incident *o)
{
	memset(o, 0, sizeof *o);
	sqlite3_stmt *st = store_prep(s, SQL_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	copy_col(o->id, sizeof o->id, st, 0);
	copy_col(o->type, sizeof o->type, st, 1);
	copy_col(o->covering, sizeof o->covering, st, 2);
	o->has_culprit = sqlite3_column_type(st, 3) != SQLITE_NULL;
	o->culprit = (uint32_t)sqlite3_column_int64(st, 3);
	o->nvictims = asn_parse_list((const char *)sqlite3_column_text(st, 4), &o->victims);
	o->naccomplices = asn_parse_list((const char *)sqlite3_column_text(st, 5), &o->accomplices);
	o->leak_type = (int)sqlite3_column_int64(st, 6);
	o->start = sqlite3_column_int64(st, 7);
	o->end = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 8);
	o->peak_peers = (uint32_t)sqlite3_column_int64(st, 9);
	o->peak_collectors = (uint32_t)sqlite3_column_int64(st, 10);
	o->peers_total = (uint32_t)sqlite3_column_int64(st, 11);
	o->collectors_total = (uint32_t)sqlite3_column_int64(st, 12);
	o->nprefixes_total = (uint64_t)sqlite3_column_int64(st, 13);
	o->nevents_total = (uint64_t)sqlite3_column_int64(st, 14);
	o->suspicion = (int)sqlite3_column_int64(st, 15);
	copy_col(o->label, sizeof o->label, st, 16);
	o->updated_at = sqlite3_column_int64(st, 17);
	sqlite3_reset(st);
	if (get_strings(s, SQL_GET_PFX, id, &o->prefixes, &o->nprefixes) < 0 ||
	    get_strings(s, SQL_GET_TAG, id, &o->tags, &o->ntags) < 0 ||
	    get_strings(s, SQL_GET_PATH, id, &o->paths, &o->npaths) < 0)
		goto fail;
	size_t cap = 0;
	if (!(st = store_prep(s, SQL_GET_RULE)))
		goto fail;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o->rules = xgrow(o->rules, &cap, o->nrules + 1, sizeof *o->rules);
		struct store_incident_rule *r = &o->rules[o->nrules++];
		copy_col(r->name, sizeof r->name, st, 0);
		r->delta = (int)sqlite3_column_int64(st, 1);
		r->cap = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : (int)sqlite3_column_int64(st, 2);
		copy_col(r->reason, sizeof r->reason, st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	cap = 0;
	if (!(st = store_prep(s, SQL_GET_PEER)))
		goto fail;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o->peers = xgrow(o->peers, &cap, o->npeers + 1, sizeof *o->peers);
		struct store_incident_peer *p = &o->peers[o->npeers++];
		copy_col(p->collector, sizeof p->collector, st, 0);
		copy_col(p->ip, sizeof p->ip, st, 1);
		p->asn = (uint32_t)sqlite3_column_int64(st, 2);
		p->first = sqlite3_column_int64(st, 3);
		p->last = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 4);
		p->routes = (uint32_t)sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	cap = 0;
	if (!(st = store_prep(s, SQL_GET_EV)))
		goto fail;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o->events = xgrow(o->events, &cap, o->nevents + 1, sizeof *o->events);
		struct store_incident_event *e = &o->events[o->nevents++];
		memset(e, 0, sizeof *e);
		e->t = sqlite3_column_int64(st, 0);
		copy_col(e->collector, sizeof e->collector, st, 1);
		copy_col(e->ip, sizeof e->ip, st, 2);
		e->peer_asn = (uint32_t)sqlite3_column_int64(st, 3);
		copy_col(e->prefix, sizeof e->prefix, st, 4);
		const unsigned char *k = sqlite3_column_text(st, 5);
		e->kind = k && k[0] ? (char)k[0] : '?';
		e->path = dup_col(st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return 1;
fail:
	store_incident_free(o);
	return -1;
}

static const char SQL_IDS[] =
	"SELECT id FROM incidents WHERE (?1 IS NULL OR start >= ?1) AND (?2 IS NULL OR start < ?2)"
	" AND (?3 IS NULL OR type = ?3) AND suspicion >= ?4 ORDER BY start, id";

int store_incident_ids(struct store *s, const struct store_incident_filter *f, int (*cb)(const char *id, void *ctx),
		       void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_IDS);
	if (!st)
		return -1;
	if (f->since >= 0)
		sqlite3_bind_int64(st, 1, f->since);
	if (f->until >= 0)
		sqlite3_bind_int64(st, 2, f->until);
	if (f->type)
		sqlite3_bind_text(st, 3, f->type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, f->min_suspicion < 0 ? -1000 : f->min_suspicion);
	/* The ids are copied first: cb may run other statements of the store. */
	char **ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xgrow(ids, &cap, n + 1, sizeof *ids);
		ids[n++] = dup_col(st, 0);
	}
	sqlite3_reset(st);
	int ret = rc == SQLITE_DONE ? 0 : -1;
	for (size_t i = 0; i < n; i++) {
		if (ret == 0 && cb(ids[i], ctx))
			ret = 1;
		free(ids[i]);
	}
	free(ids);
	return ret < 0 ? -1 : 0;
}

static const char SQL_HIST[] =
	"SELECT p.prefix, m.origin, MIN(m.first_seen) FROM obs_month m JOIN prefixes p ON p.id = m.prefix_id"
	" WHERE m.month >= ?1 AND m.month <= ?2 AND m.first_seen < ?3 AND m.n_peers >= ?4"
	" GROUP BY m.prefix_id, m.origin";

int64_t store_history_pairs(struct store *s, uint32_t from_month, uint32_t to_month, int64_t before,
			    unsigned min_peers, int (*cb)(const char *prefix, uint32_t origin, int64_t first_seen, void *ctx),
			    void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_HIST);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from_month);
	sqlite3_bind_int64(st, 2, to_month);
	sqlite3_bind_int64(st, 3, before);
	sqlite3_bind_int64(st, 4, min_peers);
	int64_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (cb((const char *)sqlite3_column_text(st, 0), (uint32_t)sqlite3_column_int64(st, 1),
		       sqlite3_column_int64(st, 2), ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

bool store_incident_involves(const struct store_incident *inc, uint32_t asn)
{
	if (inc->has_culprit && inc->culprit == asn)
		return true;
	for (size_t i = 0; i < inc->nvictims; i++)
		if (inc->victims[i] == asn)
			return true;
	for (size_t i = 0; i < inc->naccomplices; i++)
		if (inc->accomplices[i] == asn)
			return true;
	return false;
}
