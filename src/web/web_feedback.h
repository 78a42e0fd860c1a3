/*
 * Feedback on incidents over the web (docs/feedback.md): the form on the
 * incident deep dive, the POST that records a network's verdict as
 * pending, and the feedback array of the incident JSON that the API, the
 * page and `manrs incident` share. The reviews are `manrs feedback`'s.
 */
#ifndef MANRS_WEB_WEB_FEEDBACK_H
#define MANRS_WEB_WEB_FEEDBACK_H

#include "lib/wbuf.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps on a feedback POST: the whole body (else 413) and the form fields. */
#define WEB_FB_MAX_BODY 8192
#define WEB_FB_MAX_FIELDS 16

struct json;

/* The feedback of incident_id as a "feedback" key and array, oldest
 * first, each with its trail (the contact is never published). 0 or -1. */
int web_feedback_json(struct store *s, const char *incident_id, struct json *j);
/* The same as text lines after `manrs incident ID`'s deep dive; nothing
 * when there is none. 0 or -1. */
int web_feedback_text(struct store *s, const char *incident_id, struct wbuf *w);

/* A JSON string of s keeping its UTF-8 characters as they are when s is
 * UTF-8 text (else json_str's byte escapes): for what people type. */
void web_json_text(struct json *j, const char *s);

/* True if a decoded path is a feedback form's action,
 * "/incidents/{id}/feedback" ({id} not checked here). */
bool web_feedback_path(const char *path);

/*
 * Parses an application/x-www-form-urlencoded body (the WHATWG URL
 * standard's urlencoded parser, stricter: a malformed %-escape, a NUL, an
 * unknown or repeated name is an error) in place: buf holds len bytes and
 * room for a NUL after them. vals[i] is set to the decoded value of
 * names[i] (pointing into buf) or NULL when absent. 0, or -1 with *field
 * the name to blame ("body" when there is none to name safely) and *why.
 */
int web_form_parse(char *buf, size_t len, const char *const *names, size_t n, char **vals, const char **field,
		   const char **why);

/* True if s is UTF-8 without control characters (tab, CR and LF allowed
 * when multiline): RFC 3629 section 4, no overlong forms, no surrogates. */
bool web_text_ok(const char *s, bool multiline);

/* The feedback section of the incident page (web_feedback_page.c) from
 * the incident's JSON: the feedback and their trail, a "received,
 * pending review" notice when notice is the id of a pending one, and the
 * form carrying token. lang is an enum web_lang. */
void web_feedback_section(struct wbuf *w, int lang, const char *id, const char *json, size_t len, int64_t notice,
			  const char *token);

/* ---- Inside the server (web_int.h types) ------------------------------ */

struct web_state;
struct web_req;
struct web_resp;

/*
 * Answers POST /incidents/{id}/feedback: per-client POST rate limit (429),
 * Content-Type (415), the form (400 naming the field), the CSRF token
 * against the cookie (403), the incident and the network being involved
 * in it (404, 400), then records it pending (503 if the store cannot be
 * written) and redirects to the incident page (303). client is the
 * 17-byte address key of the rate limiters.
 */
void web_feedback_post(struct web_state *st, const struct web_req *rq, const char *content_type, const char *body,
		       size_t len, const uint8_t client[17], struct web_resp *rs);

/*
 * Adds the feedback section (the trail, a "received, pending review"
 * notice for ?feedback=N, the form with a fresh CSRF token) to the
 * incident page in rs->body, before its </main>; sets the form cookie
 * when the request had none of ours, and no ETag (the page holds a
 * token). json is the incident's API JSON.
 */
void web_feedback_page(const struct web_state *st, const struct web_req *rq, struct web_resp *rs, int lang,
		       const char *id, const char *json, size_t len);

#endif
