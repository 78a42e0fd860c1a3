/*
 * The feedback section of the incident deep dive (web_feedback.h): the
 * list of feedback with its status, the trail of every status change and
 * the form, rendered from the incident's API JSON in the visitor's
 * language. Apart from web_feedback.c because it reads JSON with jansson
 * (whose names clash with lib/json.h's). Every text goes through
 * web_html_escape; no script, no inline style.
 */
#include "web/web_feedback.h"
#include "web/web_pages.h"
#include "store/store_feedback.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

void web_html_escape(struct wbuf *w, const char *s);

/* ---- The section of the incident page -------------------------------------- */

static void esc(struct wbuf *w, const char *s)
{
	web_html_escape(w, s ? s : "");
}

static void T(struct wbuf *w, enum web_lang l, const char *key)
{
	esc(w, web_t(l, key));
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void cell_text(struct wbuf *w, const char *s)
{
	wbuf_puts(w, "<td>");
	if (s)
		esc(w, s);
	else
		wbuf_puts(w, "\xe2\x80\x93");
	wbuf_puts(w, "</td>");
}

/* A status or verdict in the visitor's language. */
static const char *word(enum web_lang l, const char *v)
{
	if (!v)
		return NULL;
	if (!strcmp(v, "pending"))
		return web_t(l, "feedback_pending");
	if (!strcmp(v, "accepted"))
		return web_t(l, "feedback_accepted");
	if (!strcmp(v, "rejected"))
		return web_t(l, "feedback_rejected");
	if (!strcmp(v, "incident"))
		return web_t(l, "feedback_verdict_incident");
	if (!strcmp(v, "valid"))
		return web_t(l, "feedback_verdict_valid");
	return v;
}

static void th_row(struct wbuf *w, enum web_lang l, const char *const *keys, size_t n)
{
	wbuf_puts(w, "<table><thead><tr>");
	for (size_t i = 0; i < n; i++) {
		wbuf_puts(w, "<th>");
		T(w, l, keys[i]);
		wbuf_puts(w, "</th>");
	}
	wbuf_puts(w, "</tr></thead><tbody>\n");
}

/* Marks catalogue keys given as data, for tests/cli-serve/i18n_check.py. */
#define K(key) key

void web_feedback_section(struct wbuf *w, int lang, const char *id, const char *json, size_t len, int64_t notice,
			  const char *token)
{
	enum web_lang l = (enum web_lang)lang;
	json_error_t je;
	json_t *r = json_loadb(json, len, 0, &je);
	json_t *fb = json_object_get(r, "feedback");
	wbuf_puts(w, "<section id=\"feedback\"><h2><a href=\"#feedback\">");
	T(w, l, "feedback_heading");
	wbuf_puts(w, "</a></h2>\n");
	size_t i;
	json_t *x;
	json_array_foreach(fb, i, x) {
		if (notice > 0 && json_integer_value(json_object_get(x, "id")) == notice &&
		    !strcmp(jstr(x, "status") ? jstr(x, "status") : "", "pending")) {
			wbuf_printf(w, "<p class=\"notice\" id=\"feedback-received\">#%lld: ", (long long)notice);
			T(w, l, "feedback_received");
			wbuf_puts(w, "</p>\n");
		}
	}
	if (json_array_size(fb) == 0) {
		wbuf_puts(w, "<p>");
		T(w, l, "feedback_none");
		wbuf_puts(w, "</p>\n");
	} else {
		static const char *const H[] = { K("feedback_number"), K("asn"), K("feedback_verdict"), K("feedback_comment"),
						 K("feedback_submitted"), K("status"), K("feedback_reviewer"),
						 K("feedback_reviewed"), K("feedback_note") };
		wbuf_puts(w, "<div id=\"feedback-list\">");
		th_row(w, l, H, sizeof H / sizeof H[0]);
		json_array_foreach(fb, i, x) {
			wbuf_printf(w, "<tr><td class=\"num\">%lld</td><td>AS%lld</td>",
				    (long long)json_integer_value(json_object_get(x, "id")),
				    (long long)json_integer_value(json_object_get(x, "asn")));
			cell_text(w, word(l, jstr(x, "verdict")));
			wbuf_puts(w, "<td><pre>");
			esc(w, jstr(x, "comment"));
			wbuf_puts(w, "</pre></td>");
			cell_text(w, jstr(x, "created"));
			cell_text(w, word(l, jstr(x, "status")));
			cell_text(w, jstr(x, "reviewer"));
			cell_text(w, jstr(x, "reviewed"));
			cell_text(w, jstr(x, "review_note"));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table></div>\n<h3>");
		T(w, l, "feedback_trail");
		wbuf_puts(w, "</h3>\n<div id=\"feedback-trail\">");
		static const char *const HT[] = { K("time"), K("feedback_number"), K("status"), K("feedback_by"),
						  K("feedback_note") };
		th_row(w, l, HT, sizeof HT / sizeof HT[0]);
		json_array_foreach(fb, i, x) {
			size_t k;
			json_t *e;
			json_array_foreach(json_object_get(x, "trail"), k, e) {
				wbuf_puts(w, "<tr>");
				cell_text(w, jstr(e, "time"));
				wbuf_printf(w, "<td class=\"num\">%lld</td>",
					    (long long)json_integer_value(json_object_get(x, "id")));
				cell_text(w, word(l, jstr(e, "status")));
				cell_text(w, jstr(e, "by"));
				cell_text(w, jstr(e, "note"));
				wbuf_puts(w, "</tr>\n");
			}
		}
		wbuf_puts(w, "</tbody></table></div>\n");
	}
	/* The form: no script; the browser sends the SameSite=Strict cookie
	 * and this token back (web_csrf.h). */
	wbuf_puts(w, "<p>");
	T(w, l, "feedback_intro");
	wbuf_puts(w, "</p>\n<form method=\"post\" action=\"/incidents/");
	esc(w, id);
	wbuf_puts(w, "/feedback\"><input type=\"hidden\" name=\"csrf\" value=\"");
	esc(w, token);
	wbuf_puts(w, "\"><input type=\"hidden\" name=\"lang\" value=\"");
	wbuf_puts(w, web_lang_code(l));
	wbuf_puts(w, "\">\n<fieldset><legend>");
	T(w, l, "feedback_this_event");
	wbuf_puts(w, "</legend><label><input type=\"radio\" name=\"verdict\" value=\"incident\" required> ");
	T(w, l, "feedback_verdict_incident");
	wbuf_puts(w, "</label> <label><input type=\"radio\" name=\"verdict\" value=\"valid\"> ");
	T(w, l, "feedback_verdict_valid");
	wbuf_puts(w, "</label></fieldset>\n<p><label>");
	T(w, l, "feedback_your_asn");
	wbuf_puts(w, " <input name=\"asn\" size=\"12\" maxlength=\"16\" inputmode=\"numeric\" required></label></p>\n<p><label>");
	T(w, l, "feedback_comment");
	wbuf_printf(w, " <textarea name=\"comment\" rows=\"4\" cols=\"60\" maxlength=\"%d\"></textarea></label></p>\n<p><label>",
		    STORE_FB_COMMENT_MAX);
	T(w, l, "feedback_contact");
	wbuf_printf(w, " <input name=\"contact\" size=\"40\" maxlength=\"%d\"></label></p>\n<p><button>", STORE_FB_CONTACT_MAX);
	T(w, l, "feedback_send");
	wbuf_puts(w, "</button></p></form></section>\n");
	json_decref(r);
}

