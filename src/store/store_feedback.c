/*
 * Queries of incident feedback (store_feedback.h): submissions, reviews,
 * listings, the trail and whether an incident is dismissed. The trail
 * itself is written by the schema's triggers (store.c, step 5 -> 6), so
 * these functions only insert and update; statements are constant text
 * run through store_prep(), values from users are only ever bound.
 */
#include "store/store_feedback.h"
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static void text_col(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

static const char SQL_ADD[] =
	"INSERT INTO incident_feedback (incident_id, asn, verdict, comment, contact, created)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int64_t store_feedback_add(struct store *s, const struct store_feedback *f)
{
	sqlite3_stmt *st = store_prep(s, SQL_ADD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, f->incident_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->asn);
	sqlite3_bind_text(st, 3, f->verdict, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->comment, -1, SQLITE_STATIC);
	if (*f->contact)
		sqlite3_bind_text(st, 5, f->contact, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, f->created);
	/* The insert and its trigger's log entry are one statement: both or
	 * neither. */
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_DONE ? (int64_t)sqlite3_last_insert_rowid(s->db) : -1;
	sqlite3_reset(st);
	return id;
}

#define FB_COLS "id, incident_id, asn, verdict, comment, contact, created, status, reviewer, reviewed, review_note"

static void fb_row(sqlite3_stmt *st, struct store_feedback *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	text_col(f->incident_id, sizeof f->incident_id, st, 1);
	f->asn = (uint32_t)sqlite3_column_int64(st, 2);
	text_col(f->verdict, sizeof f->verdict, st, 3);
	text_col(f->comment, sizeof f->comment, st, 4);
	text_col(f->contact, sizeof f->contact, st, 5);
	f->created = sqlite3_column_int64(st, 6);
	text_col(f->status, sizeof f->status, st, 7);
	text_col(f->reviewer, sizeof f->reviewer, st, 8);
	f->reviewed = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 9);
	text_col(f->review_note, sizeof f->review_note, st, 10);
}

static const char SQL_GET[] = "SELECT " FB_COLS " FROM incident_feedback WHERE id = ?1";

int store_feedback_get(struct store *s, int64_t id, struct store_feedback *out)
{
	sqlite3_stmt *st = store_prep(s, SQL_GET);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st), r = -1;
	if (rc == SQLITE_ROW) {
		fb_row(st, out);
		r = 1;
	} else if (rc == SQLITE_DONE)
		r = 0;
	sqlite3_reset(st);
	return r;
}

/* Only a change of status is written (the trigger logs it); the same
 * status again matches no row. */
static const char SQL_REVIEW[] =
	"UPDATE incident_feedback SET status = ?2, reviewer = ?3, reviewed = ?4, review_note = ?5"
	" WHERE id = ?1 AND status <> ?2";

int store_feedback_review(struct store *s, int64_t id, const char *status, const char *reviewer, const char *note,
			  int64_t when)
{
	if (strcmp(status, "accepted") && strcmp(status, "rejected"))
		return -1;
	sqlite3_stmt *st = store_prep(s, SQL_REVIEW);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reviewer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, when);
	if (note && *note)
		sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	return sqlite3_changes(s->db) == 1 ? 1 : 0;
}

static const char SQL_LIST[] = "SELECT " FB_COLS " FROM incident_feedback"
			       " WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR incident_id = ?2) ORDER BY id";

int store_feedback_list(struct store *s, const char *status, const char *incident_id,
			int (*cb)(const struct store_feedback *f, void *ctx), void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_LIST);
	if (!st)
		return -1;
	if (status)
		sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	if (incident_id)
		sqlite3_bind_text(st, 2, incident_id, -1, SQLITE_STATIC);
	struct store_feedback f;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fb_row(st, &f);
		if (cb(&f, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_TRAIL[] = "SELECT id, feedback_id, time, status, actor, note FROM incident_feedback_log"
				" WHERE feedback_id = ?1 ORDER BY id";

int store_feedback_trail(struct store *s, int64_t id, int (*cb)(const struct store_feedback_event *e, void *ctx),
			 void *ctx)
{
	sqlite3_stmt *st = store_prep(s, SQL_TRAIL);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	struct store_feedback_event e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&e, 0, sizeof e);
		e.id = sqlite3_column_int64(st, 0);
		e.feedback_id = sqlite3_column_int64(st, 1);
		e.time = sqlite3_column_int64(st, 2);
		text_col(e.status, sizeof e.status, st, 3);
		text_col(e.actor, sizeof e.actor, st, 4);
		text_col(e.note, sizeof e.note, st, 5);
		if (cb(&e, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The documented condition itself, over a one-row stand-in for the
 * incidents table, so what this answers and what the metrics use cannot
 * drift apart. */
static const char SQL_DISMISSED[] =
	"SELECT NOT (" STORE_FEEDBACK_NOT_DISMISSED_SQL ") FROM (SELECT ?1 AS id) AS incidents";

int store_feedback_dismissed(struct store *s, const char *incident_id)
{
	sqlite3_stmt *st = store_prep(s, SQL_DISMISSED);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, incident_id, -1, SQLITE_STATIC);
	int r = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		r = sqlite3_column_int(st, 0) ? 1 : 0;
	sqlite3_reset(st);
	return r;
}
