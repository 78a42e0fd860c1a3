/*
 * Feedback on incidents over the web (web_feedback.h, docs/feedback.md):
 * the bounded form parser, the POST handler with its own per-client rate
 * limit and CSRF check (web_csrf.c), the section of the incident page
 * (trail and form, rendered from the incident JSON like the rest of the
 * page), and the feedback array shared by the API and `manrs incident`.
 */
#include "web/web_feedback.h"

#include "lib/json.h"
#include "net/net.h"
#include "store/store_feedback.h"
#include "store/store_incident.h"
#include "web/web_csrf.h"
#include "web/web_int.h"
#include "web/web_pages.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void fmt_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- The feedback array of the incident JSON --------------------------- */

void web_json_text(struct json *j, const char *s)
{
	/* lib/json.c escapes every byte past ASCII on its own (it cannot
	 * trust its input to be UTF-8), which would turn "é" into two
	 * Latin-1 characters. Text checked as UTF-8 keeps its characters
	 * (RFC 8259 section 7: only '"', '\\' and controls need escaping). */
	if (!web_text_ok(s, true)) {
		json_str(j, s);
		return;
	}
	struct wbuf w;
	wbuf_init(&w, strlen(s) + 16);
	wbuf_putc(&w, '"');
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			wbuf_putc(&w, '\\');
			wbuf_putc(&w, (char)c);
		} else if (c < 0x20)
			wbuf_printf(&w, "\\u%04x", c);
		else
			wbuf_putc(&w, (char)c);
	}
	wbuf_putc(&w, '"');
	wbuf_putc(&w, 0);
	json_raw(j, w.p);
	wbuf_free(&w);
}

struct fb_json {
	struct store *s;
	struct json *j;
	bool failed;
};

static void str_or_null(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (v && *v)
		web_json_text(j, v);
	else
		json_null(j);
}

static void time_or_null(struct json *j, const char *key, int64_t t)
{
	char b[32];
	json_key(j, key);
	if (t > 0) {
		fmt_time(t, b);
		json_str(j, b);
	} else
		json_null(j);
}

static int trail_json(const struct store_feedback_event *e, void *ctx)
{
	struct json *j = ctx;
	json_obj_open(j);
	time_or_null(j, "time", e->time);
	json_key(j, "status");
	json_str(j, e->status);
	json_key(j, "by");
	web_json_text(j, e->actor);
	str_or_null(j, "note", e->note);
	json_obj_close(j);
	return 0;
}

static int fb_json_row(const struct store_feedback *f, void *ctx)
{
	struct fb_json *c = ctx;
	struct json *j = c->j;
	json_obj_open(j);
	json_key(j, "id");
	json_u64(j, (uint64_t)f->id);
	json_key(j, "asn");
	json_u64(j, f->asn);
	json_key(j, "verdict");
	json_str(j, f->verdict);
	json_key(j, "comment");
	web_json_text(j, f->comment);
	time_or_null(j, "created", f->created);
	json_key(j, "status");
	json_str(j, f->status);
	str_or_null(j, "reviewer", f->reviewer);
	time_or_null(j, "reviewed", f->reviewed);
	str_or_null(j, "review_note", f->review_note);
	json_key(j, "trail");
	json_arr_open(j);
	if (store_feedback_trail(c->s, f->id, trail_json, j) < 0)
		c->failed = true;
	json_arr_close(j);
	json_obj_close(j);
	return c->failed;
}

int web_feedback_json(struct store *s, const char *incident_id, struct json *j)
{
	struct fb_json c = { .s = s, .j = j };
	json_key(j, "feedback");
	json_arr_open(j);
	int r = store_feedback_list(s, NULL, incident_id, fb_json_row, &c);
	json_arr_close(j);
	return r < 0 || c.failed ? -1 : 0;
}

struct fb_text {
	struct wbuf *w;
	size_t n;
};

static int fb_text_row(const struct store_feedback *f, void *ctx)
{
	struct fb_text *c = ctx;
	char t[32];
	if (!c->n++)
		wbuf_puts(c->w, "feedback:\n");
	fmt_time(f->created, t);
	wbuf_printf(c->w, "  #%lld AS%u says %s (%s), %s", (long long)f->id, f->asn,
		    strcmp(f->verdict, "valid") ? "incident" : "valid routing change", t, f->status);
	if (f->reviewed) {
		fmt_time(f->reviewed, t);
		wbuf_printf(c->w, " by %s at %s", f->reviewer, t);
	}
	wbuf_putc(c->w, '\n');
	return 0;
}

int web_feedback_text(struct store *s, const char *incident_id, struct wbuf *w)
{
	struct fb_text c = { .w = w };
	return store_feedback_list(s, NULL, incident_id, fb_text_row, &c);
}

/* ---- Parsing the form --------------------------------------------------- */

bool web_feedback_path(const char *path)
{
	static const char PRE[] = "/incidents/", SUF[] = "/feedback";
	size_t n = strlen(path), a = sizeof PRE - 1, b = sizeof SUF - 1;
	if (n <= a + b || strncmp(path, PRE, a) || strcmp(path + n - b, SUF))
		return false;
	return memchr(path + a, '/', n - a - b) == NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one name or value in place: '+' is a space, %XX a byte. -1 on a
 * malformed escape or a %00. */
static int form_decode(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == '+')
			*o++ = ' ';
		else if (*p == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			*o++ = (char)(hi << 4 | lo);
			p += 2;
		} else
			*o++ = *p;
	}
	*o = 0;
	return 0;
}

/* A name safe to echo in an error: 1 to 32 of [a-z0-9_-]. */
static bool name_safe(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

int web_form_parse(char *buf, size_t len, const char *const *names, size_t n, char **vals, const char **field,
		   const char **why)
{
	for (size_t i = 0; i < n; i++)
		vals[i] = NULL;
	*field = "body";
	if (memchr(buf, 0, len)) {
		*why = "body: a NUL byte";
		return -1;
	}
	buf[len] = 0;
	size_t pairs = 0;
	for (char *p = buf; p;) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp = 0;
		if (*p) {
			if (++pairs > WEB_FB_MAX_FIELDS) {
				*why = "body: too many fields";
				return -1;
			}
			char *eq = strchr(p, '=');
			char *val = eq ? eq + 1 : p + strlen(p);
			if (eq)
				*eq = 0;
			if (form_decode(p) < 0 || form_decode(val) < 0) {
				*why = "body: malformed %-escape or %00";
				return -1;
			}
			size_t k = 0;
			while (k < n && strcmp(p, names[k]))
				k++;
			if (k == n) {
				*field = name_safe(p) ? p : "body";
				*why = "unknown field";
				return -1;
			}
			if (vals[k]) {
				*field = names[k];
				*why = "given twice";
				return -1;
			}
			vals[k] = val;
		}
		p = amp ? amp + 1 : NULL;
	}
	return 0;
}

bool web_text_ok(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c < 0x80) {
			if ((c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) || c == 0x7f)
				return false;
			p++;
			continue;
		}
		size_t n;
		unsigned cp, min;
		if ((c & 0xe0) == 0xc0)
			n = 1, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			n = 2, cp = c & 0x0f, min = 0x800;
		else if ((c & 0xf8) == 0xf0)
			n = 3, cp = c & 0x07, min = 0x10000;
		else
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;   /* also stops at the NUL */
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return false;
		p += n + 1;
	}
	return true;
}

/* ---- POST /incidents/{id}/feedback ---------------------------------------- */

/* POSTs are costly (a write to the store) and what an abuser would repeat:
 * a token bucket per client apart from the server's request limit, the
 * same probing scheme as web_server.c's. */
#define FB_RATE_SLOTS 1024

struct fb_rate_slot {
	uint8_t addr[17];
	bool used;
	struct web_bucket b;
};

static pthread_mutex_t g_fb_rate_mu = PTHREAD_MUTEX_INITIALIZER;
static struct fb_rate_slot g_fb_rate[FB_RATE_SLOTS];

static bool post_rate_ok(const uint8_t key[17], unsigned per_minute)
{
	if (!per_minute)
		return true;
	uint64_t h = 0xcbf29ce484222325ull;
	for (int i = 0; i < 17; i++)
		h = (h ^ key[i]) * 0x100000001b3ull;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t now = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
	pthread_mutex_lock(&g_fb_rate_mu);
	struct fb_rate_slot *found = NULL, *victim = NULL;
	for (unsigned k = 0; k < 8 && !found; k++) {
		struct fb_rate_slot *s = &g_fb_rate[(h + k) % FB_RATE_SLOTS];
		if (s->used && !memcmp(s->addr, key, 17))
			found = s;
		else if (!victim || !s->used || (victim->used && s->b.last_us < victim->b.last_us))
			victim = s;
	}
	if (!found) {
		found = victim;
		memset(found, 0, sizeof *found);
		found->used = true;
		memcpy(found->addr, key, 17);
	}
	bool ok = web_bucket_take(&found->b, now, per_minute / 60.0, per_minute);
	pthread_mutex_unlock(&g_fb_rate_mu);
	return ok;
}

static bool id_ok(const char *id, size_t n)
{
	if (n == 0 || n >= STORE_INC_ID)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9') ||
		      id[i] == '-'))
			return false;
	return true;
}

static unsigned csrf_ttl(const struct web_state *st)
{
	return st->o->csrf_ttl ? st->o->csrf_ttl : 3600;
}

enum { F_CSRF, F_VERDICT, F_ASN, F_COMMENT, F_CONTACT, F_LANG, F_COUNT };
static const char *const FIELDS[F_COUNT] = { "csrf", "verdict", "asn", "comment", "contact", "lang" };

void web_feedback_post(struct web_state *st, const struct web_req *rq, const char *content_type, const char *body,
		       size_t len, const uint8_t client[17], struct web_resp *rs)
{
	const char *id = rq->path + strlen("/incidents/");
	size_t idlen = strlen(id) - strlen("/feedback");
	if (!id_ok(id, idlen)) {
		web_error(rs, 400, "id: letters, digits and '-'", "id");
		return;
	}
	char incident[STORE_INC_ID];
	memcpy(incident, id, idlen);
	incident[idlen] = 0;
	if (!post_rate_ok(client, st->o->post_rate)) {
		web_error(rs, 429, "too many form submissions", NULL);
		rs->retry_after = 60 / st->o->post_rate + 1;
		return;
	}
	/* RFC 9110 section 8.3: the media type, parameters (charset) after
	 * ';' allowed; anything else (multipart, JSON, none) is refused. */
	static const char FORM[] = "application/x-www-form-urlencoded";
	if (!content_type || strncasecmp(content_type, FORM, sizeof FORM - 1) ||
	    (content_type[sizeof FORM - 1] && content_type[sizeof FORM - 1] != ';' &&
	     content_type[sizeof FORM - 1] != ' ')) {
		web_error(rs, 415, "Content-Type must be application/x-www-form-urlencoded", NULL);
		return;
	}
	if (len > WEB_FB_MAX_BODY) {
		web_error(rs, 413, "request body too large", NULL);
		return;
	}
	char buf[WEB_FB_MAX_BODY + 1];
	memcpy(buf, body, len);
	char *v[F_COUNT];
	const char *field, *why;
	if (web_form_parse(buf, len, FIELDS, F_COUNT, v, &field, &why) < 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s: %s", field, why);
		web_error(rs, 400, strncmp(why, "body:", 5) ? msg : why, field);
		return;
	}
	enum web_csrf_verdict cv =
		web_csrf_check(web_csrf_secret(), rq->cookie, rq->path, v[F_CSRF], (int64_t)time(NULL), csrf_ttl(st));
	if (cv != WEB_CSRF_OK) {
		web_error(rs, 403, web_csrf_reason(cv), "csrf");
		return;
	}
	struct store_feedback f;
	memset(&f, 0, sizeof f);
	if (!v[F_VERDICT] || (strcmp(v[F_VERDICT], "incident") && strcmp(v[F_VERDICT], "valid"))) {
		web_error(rs, 400, "verdict: incident or valid", "verdict");
		return;
	}
	if (!v[F_ASN] || strlen(v[F_ASN]) > 16 || asn_parse(v[F_ASN], &f.asn) != 0 || f.asn == 0) {
		web_error(rs, 400, "asn: not an AS number", "asn");
		return;
	}
	const char *comment = v[F_COMMENT] ? v[F_COMMENT] : "";
	if (strlen(comment) > STORE_FB_COMMENT_MAX) {
		web_error(rs, 400, "comment: longer than 2000 bytes", "comment");
		return;
	}
	if (!web_text_ok(comment, true)) {
		web_error(rs, 400, "comment: not UTF-8 text", "comment");
		return;
	}
	const char *contact = v[F_CONTACT] ? v[F_CONTACT] : "";
	if (strlen(contact) > STORE_FB_CONTACT_MAX) {
		web_error(rs, 400, "contact: longer than 256 bytes", "contact");
		return;
	}
	if (!web_text_ok(contact, false)) {
		web_error(rs, 400, "contact: not one line of UTF-8 text", "contact");
		return;
	}
	int lang = WEB_LANG_EN;
	if (v[F_LANG] && (lang = web_lang_pick(v[F_LANG], NULL)) < 0) {
		web_error(rs, 400, "lang: en, es or fr", "lang");
		return;
	}
	char err[1024];
	struct store *s = web_store(err, sizeof err);
	if (!s) {
		web_error(rs, 503, "the database cannot be opened", NULL);
		return;
	}
	struct store_incident inc;
	int r = store_incident_get(s, incident, &inc);
	if (r < 0) {
		web_error(rs, 500, "cannot read the incidents", NULL);
		return;
	}
	if (r == 0) {
		web_error(rs, 404, "no such incident", NULL);
		return;
	}
	bool involved = store_incident_involves(&inc, f.asn);
	store_incident_free(&inc);
	if (!involved) {
		char msg[128];
		snprintf(msg, sizeof msg, "asn: AS%u is not involved in this incident (culprit, victim or accomplice)", f.asn);
		web_error(rs, 400, msg, "asn");
		return;
	}
	snprintf(f.incident_id, sizeof f.incident_id, "%s", incident);
	snprintf(f.verdict, sizeof f.verdict, "%s", v[F_VERDICT]);
	snprintf(f.comment, sizeof f.comment, "%s", comment);
	snprintf(f.contact, sizeof f.contact, "%s", contact);
	f.created = (int64_t)time(NULL);
	/* The server's handles are read-only: one write handle per
	 * submission (rate-limited above), closed at once. */
	struct store *w = store_open(st->o->db, STORE_WRITE, err, sizeof err);
	int64_t fid = w ? store_feedback_add(w, &f) : -1;
	store_close(w);
	if (fid < 0) {
		web_error(rs, 503, "cannot record the feedback", NULL);
		return;
	}
	snprintf(rs->location, sizeof rs->location, "/incidents/%s?lang=%s&feedback=%lld#feedback", incident,
		 web_lang_code((enum web_lang)lang), (long long)fid);
	struct json j;
	rs->status = 303;
	rs->ctype = "application/json";
	rs->no_etag = true;
	json_begin(&j, &rs->body);
	json_obj_open(&j);
	json_key(&j, "id");
	json_u64(&j, (uint64_t)fid);
	json_key(&j, "status");
	json_str(&j, "pending");
	json_obj_close(&j);
	wbuf_putc(&rs->body, '\n');
}

void web_feedback_page(const struct web_state *st, const struct web_req *rq, struct web_resp *rs, int lang,
		       const char *id, const char *json, size_t len)
{
	char cookie[WEB_CSRF_COOKIE_HEX + 1];
	if (web_csrf_cookie_ok(rq->cookie))
		snprintf(cookie, sizeof cookie, "%s", rq->cookie);
	else {
		web_csrf_new_cookie(cookie);
		snprintf(rs->set_cookie, sizeof rs->set_cookie, "%s=%s; Path=/; SameSite=Strict; HttpOnly",
			 WEB_CSRF_COOKIE, cookie);
	}
	char action[WEB_CSRF_ACTION_MAX], token[WEB_CSRF_TOKEN_MAX];
	snprintf(action, sizeof action, "/incidents/%s/feedback", id);
	web_csrf_token(web_csrf_secret(), cookie, action, (int64_t)time(NULL), token);
	rs->no_etag = true;
	(void)st;

	const char *n = rq->arg(rq->conn, "feedback");
	int64_t notice = n && strlen(n) <= 19 ? web_parse_uint(n, 1, INT64_MAX) : -1;
	struct wbuf sec;
	wbuf_init(&sec, 4096);
	web_feedback_section(&sec, lang, id, json, len, notice, token);
	/* Before the page's closing "</main>" (web_pages.c's foot). */
	static const char END[] = "</main>";
	size_t at = rs->body.len;
	for (size_t i = rs->body.len; i >= sizeof END - 1; i--)
		if (!memcmp(rs->body.p + i - (sizeof END - 1), END, sizeof END - 1)) {
			at = i - (sizeof END - 1);
			break;
		}
	struct wbuf tail;
	wbuf_init(&tail, 64);
	wbuf_put(&tail, rs->body.p + at, rs->body.len - at);
	rs->body.len = at;
	wbuf_put(&rs->body, sec.p, sec.len);
	wbuf_put(&rs->body, tail.p, tail.len);
	wbuf_free(&tail);
	wbuf_free(&sec);
}
