/*
 * Feedback on incidents (docs/feedback.md): a network involved in an
 * incident says whether it was one ("incident") or a valid routing change
 * ("valid"); an auditor accepts or rejects that. Tables incident_feedback
 * and incident_feedback_log (docs/store.md): nothing is ever deleted or
 * edited, and every status a feedback takes is logged with who and when,
 * by triggers, so the trail holds even for writes outside manrs.
 */
#ifndef MANRS_STORE_STORE_FEEDBACK_H
#define MANRS_STORE_STORE_FEEDBACK_H

#include "store/store.h"
#include "store/store_incident.h"

#include <stdbool.h>
#include <stdint.h>

/* Caps on what a feedback holds, in bytes (the table CHECKs the first two). */
#define STORE_FB_COMMENT_MAX 2000
#define STORE_FB_CONTACT_MAX 256
#define STORE_FB_REVIEWER_MAX 128
#define STORE_FB_NOTE_MAX 1000

/*
 * The condition, on a row of `incidents`, that no accepted feedback calls
 * it a valid routing change: incidents that fail it are dismissed and
 * must not count in the metrics (M1/M1C, M2/M2C). Text for a WHERE clause
 * over a table named `incidents` (docs/store.md).
 */
#define STORE_FEEDBACK_NOT_DISMISSED_SQL                                                       \
	"NOT EXISTS (SELECT 1 FROM incident_feedback f WHERE f.incident_id = incidents.id"      \
	" AND f.status = 'accepted' AND f.verdict = 'valid')"

struct store_feedback {
	int64_t id;
	char incident_id[STORE_INC_ID];
	uint32_t asn;                               /* the network giving it */
	char verdict[12];                           /* "incident" or "valid" */
	char comment[STORE_FB_COMMENT_MAX + 1];
	char contact[STORE_FB_CONTACT_MAX + 1];     /* "" when not given */
	int64_t created;                            /* Unix seconds, UTC */
	char status[12];                            /* "pending", "accepted", "rejected" */
	char reviewer[STORE_FB_REVIEWER_MAX + 1];   /* "" until reviewed */
	int64_t reviewed;                           /* Unix seconds; 0 until reviewed */
	char review_note[STORE_FB_NOTE_MAX + 1];
};

/* One entry of the trail: a status a feedback took, when and by whom
 * ("AS64500" for the submission, the reviewer's name after). */
struct store_feedback_event {
	int64_t id, feedback_id;
	int64_t time;
	char status[12];
	char actor[STORE_FB_REVIEWER_MAX + 1];
	char note[STORE_FB_NOTE_MAX + 1];
};

/* Records a pending feedback (every field of f but id, status and the
 * review ones; contact "" is stored as NULL) and the trail's first entry,
 * in one transaction. Returns the new id, or -1 (a value the table's
 * CHECKs refuse included). */
int64_t store_feedback_add(struct store *s, const struct store_feedback *f);

/* Feedback id. 1 found (*out filled), 0 no such id, -1 error. */
int store_feedback_get(struct store *s, int64_t id, struct store_feedback *out);

/* Sets feedback id's status to "accepted" or "rejected" by reviewer at
 * `when` with an optional note (NULL or ""), logging it. 1 changed, 0 no
 * such feedback or already in that status (nothing written), -1 error. */
int store_feedback_review(struct store *s, int64_t id, const char *status, const char *reviewer, const char *note,
			  int64_t when);

/* Feedback by id, only of status and of incident_id when those are not
 * NULL; cb returns nonzero to stop. 0 or -1. */
int store_feedback_list(struct store *s, const char *status, const char *incident_id,
			int (*cb)(const struct store_feedback *f, void *ctx), void *ctx);

/* The trail of feedback id, oldest first; cb returns nonzero to stop.
 * 0 or -1. */
int store_feedback_trail(struct store *s, int64_t id, int (*cb)(const struct store_feedback_event *e, void *ctx),
			 void *ctx);

/* 1 if incident_id is dismissed (some accepted feedback calls it a valid
 * routing change: STORE_FEEDBACK_NOT_DISMISSED_SQL is false for it), 0 if
 * not, -1 error. */
int store_feedback_dismissed(struct store *s, const char *incident_id);

#endif
