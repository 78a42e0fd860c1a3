/*
 * What the History, Comparison, Participants and Learn pages share
 * (web_views.h): their routes, query parameters, internal requests to
 * the JSON API, and numbers, months and dates written as each locale
 * writes them.
 */
#include "web/web_views_int.h"

#include "net/net.h"
#include "store/store_web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const WV_ACTIONS[5] = { "filtering", "anti_spoofing", "coordination", "irr", "rpki" };
const char *const WV_REGIONS[5] = { "Africa", "Americas", "Asia", "Europe", "Oceania" };

static const char CT_HTML[] = "text/html; charset=utf-8";

void wv_esc(struct wbuf *w, const char *s)
{
	web_html_escape(w, s ? s : "");
}

int wv_bad(struct wv *v, const char *param, const char *msg)
{
	web_error(v->rs, 400, msg, param);
	return -1;
}

int wv_param(struct wv *v, const char *name, const char **out)
{
	const char *x = v->rq->arg(v->rq->conn, name);
	*out = NULL;
	if (x && (!*x || strlen(x) > WEB_MAX_PARAM)) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s: empty or longer than %d bytes", name, WEB_MAX_PARAM);
		return wv_bad(v, name, msg);
	}
	*out = x;
	return 0;
}

/* The query of an internal request: pairs name, value. */
struct sub_query {
	const char *const *kv;
};

static const char *sub_arg(void *conn, const char *name)
{
	const struct sub_query *q = conn;
	for (size_t i = 0; q->kv && q->kv[i]; i += 2)
		if (!strcmp(q->kv[i], name))
			return q->kv[i + 1];
	return NULL;
}

unsigned wv_get(struct wv *v, const char *path, const char *const *kv, json_t **out, bool soft)
{
	struct sub_query q = { kv };
	struct web_req rq = {
		.method = "GET", .path = path, .arg = sub_arg, .conn = &q,
		.accept_language = NULL, .csv = false, .authorized = v->rq->authorized,
	};
	struct web_resp rs;
	memset(&rs, 0, sizeof rs);
	wbuf_init(&rs.body, 4096);
	*out = NULL;
	web_api(v->st, &rq, &rs);
	if (rs.status == 200) {
		json_error_t je;
		*out = json_loadb(rs.body.p, rs.body.len, 0, &je);
		wbuf_free(&rs.body);
		if (*out)
			return 200;
		wbuf_init(&rs.body, 256);
		web_error(&rs, 500, "cannot read the API's answer", NULL);
	}
	if (soft && rs.status == 404) {
		wbuf_free(&rs.body);
		return 404;
	}
	/* The API's error is the page's answer. */
	wbuf_free(&v->rs->body);
	*v->rs = rs;
	return rs.status;
}

struct months {
	uint32_t *m;
	size_t n, cap;
};

static int keep_month(uint32_t month, void *ctx)
{
	struct months *x = ctx;
	if (x->n >= x->cap)
		return 1;
	x->m[x->n++] = month;
	return 0;
}

int wv_scored_months(struct wv *v, uint32_t *m, size_t n)
{
	char err[256];
	struct store *s = web_store(err, sizeof err);
	struct months x = { m, 0, n };
	if (!s || store_score_months(s, keep_month, &x) < 0) {
		web_error(v->rs, 500, "cannot read the scores", NULL);
		return -1;
	}
	return (int)x.n;
}

uint32_t wv_month(struct wv *v, const char *name)
{
	const char *s;
	if (wv_param(v, name, &s) < 0)
		return 0;
	if (s) {
		uint32_t m = web_parse_month(s);
		if (!m) {
			char msg[96];
			snprintf(msg, sizeof msg, "%s: not YYYY-MM or YYYY-MM-DDTHH:MM:SSZ", name);
			wv_bad(v, name, msg);
		}
		return m;
	}
	uint32_t newest;
	int n = wv_scored_months(v, &newest, 1);
	if (n < 0)
		return 0;
	if (n == 0) {
		web_error(v->rs, 404, "no scores in the database (run manrs score)", NULL);
		return 0;
	}
	return newest;
}

void wv_window(uint32_t end, uint32_t out[WV_MONTHS])
{
	unsigned y = end / 100, m = end % 100;
	for (int i = WV_MONTHS - 1; i >= 0; i--) {
		out[i] = y * 100 + m;
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
}

void wv_month_text(uint32_t m, char out[8])
{
	snprintf(out, 8, "%04u-%02u", (m / 100) % 10000, m % 100);
}

void wv_urlenc(struct wbuf *w, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == ',')
			wbuf_putc(w, (char)c);
		else
			wbuf_printf(w, "%%%02X", c);
	}
}

bool wv_asn(const char *s, uint32_t *asn)
{
	return strlen(s) <= 16 && asn_parse(s, asn) == 0 && *asn != 0;
}

/* ---- Locale ------------------------------------------------------------ */

void wv_num(struct wbuf *w, enum web_lang l, json_t *x)
{
	char b[64];
	if (json_is_integer(x)) {
		wv_int(w, l, (long long)json_integer_value(x));
		return;
	}
	if (!json_is_real(x)) {
		wbuf_puts(w, "\xe2\x80\x93");
		return;
	}
	snprintf(b, sizeof b, "%.15g", json_real_value(x));
	if (l != WEB_LANG_EN)
		for (char *p = b; *p; p++)
			if (*p == '.')
				*p = ',';
	wbuf_puts(w, b);
}

void wv_int(struct wbuf *w, enum web_lang l, long long x)
{
	/* Groups of three: "," in English, "." in Spanish, a narrow
	 * no-break space in French (CLDR). Spanish leaves four-digit numbers
	 * ungrouped. */
	char b[32], out[64];
	snprintf(b, sizeof b, "%lld", x < 0 ? -x : x);
	size_t n = strlen(b), o = 0;
	const char *sep = l == WEB_LANG_EN ? "," : l == WEB_LANG_ES ? "." : "\xe2\x80\xaf";
	bool group = n > 3 && !(l == WEB_LANG_ES && n == 4);
	if (x < 0)
		out[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (group && i && (n - i) % 3 == 0)
			for (const char *p = sep; *p; p++)
				out[o++] = *p;
		out[o++] = b[i];
	}
	out[o] = 0;
	wbuf_puts(w, out);
}

static const char *const MONTHS[12] = { K("month_01"), K("month_02"), K("month_03"), K("month_04"),
					 K("month_05"), K("month_06"), K("month_07"), K("month_08"),
					 K("month_09"), K("month_10"), K("month_11"), K("month_12") };

/* Fills a pattern of the catalogue: {d}, {m} (month name), {y}. */
static void pattern(struct wbuf *w, enum web_lang l, const char *key, unsigned d, unsigned m, unsigned y)
{
	const char *mk = MONTHS[(m - 1) % 12];
	for (const char *p = web_t(l, key); *p; p++) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			if (p[1] == 'd')
				wbuf_printf(w, "%u", d);
			else if (p[1] == 'm')
				wv_esc(w, web_t(l, mk));
			else if (p[1] == 'y')
				wbuf_printf(w, "%u", y);
			p += 2;
			continue;
		}
		char c[2] = { *p, 0 };
		wv_esc(w, c);
	}
}

void wv_month_name(struct wbuf *w, enum web_lang l, uint32_t month)
{
	unsigned m = month % 100;
	if (m < 1 || m > 12) {
		wbuf_puts(w, "\xe2\x80\x93");
		return;
	}
	pattern(w, l, K("fmt_month"), 0, m, month / 100);
}

void wv_date(struct wbuf *w, enum web_lang l, const char *s)
{
	unsigned y, m, d;
	char tail;
	if (!s || sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
		wv_esc(w, s ? s : "\xe2\x80\x93");
		return;
	}
	pattern(w, l, K("fmt_date"), d, m, y);
}

void wv_cell(struct wbuf *w, enum web_lang l, json_t *x)
{
	if (json_is_integer(x)) {
		wv_cell_int(w, l, (long long)json_integer_value(x));
		return;
	}
	if (!json_is_real(x)) {
		wbuf_puts(w, "<td class=\"num\">\xe2\x80\x93</td>");
		return;
	}
	wbuf_printf(w, "<td class=\"num\" data-value=\"%.15g\">", json_real_value(x));
	wv_num(w, l, x);
	wbuf_puts(w, "</td>");
}

void wv_cell_int(struct wbuf *w, enum web_lang l, long long x)
{
	wbuf_printf(w, "<td class=\"num\" data-value=\"%lld\">", x);
	wv_int(w, l, x);
	wbuf_puts(w, "</td>");
}

void wv_month_cell(struct wbuf *w, enum web_lang l, uint32_t month)
{
	char m[8];
	wv_month_text(month, m);
	wbuf_printf(w, "<th scope=\"row\" data-value=\"%s\">", m);
	wv_month_name(w, l, month);
	wbuf_puts(w, "</th>");
}

void wv_level_cell(struct wbuf *w, enum web_lang l, const char *level)
{
	static const char *const LEVELS[] = { "ready", "aspiring", "lagging", "no-data" };
	const char *cls = "no-data";
	for (size_t i = 0; i < 4; i++)
		if (level && !strcmp(level, LEVELS[i]))
			cls = LEVELS[i];
	wbuf_printf(w, "<td class=\"%s\">", cls);
	T(w, l, cls);
	wbuf_puts(w, "</td>");
}

void wv_action(struct wbuf *w, enum web_lang l, const char *a)
{
	char key[48];
	snprintf(key, sizeof key, "act_%s", a);
	T(w, l, key);
}

void wv_table(struct wbuf *w, enum web_lang l, const char *chart, const char *first_key)
{
	wbuf_puts(w, "<table");
	if (chart)
		wbuf_printf(w, " data-chart=\"%s\"", chart);
	wbuf_puts(w, "><thead><tr><th>");
	T(w, l, first_key);
	wbuf_puts(w, "</th>");
}

void wv_thead_end(struct wbuf *w)
{
	wbuf_puts(w, "</tr></thead><tbody>\n");
}

void wv_lang_field(struct wbuf *w, enum web_lang l)
{
	wbuf_printf(w, "<input type=\"hidden\" name=\"lang\" value=\"%s\">", web_lang_code(l));
}

/* ---- Routes ------------------------------------------------------------ */

static const char *const TOPICS[] = { "filtering", "anti-spoofing", "coordination", "validation" };

bool web_views_route(const char *p)
{
	if (!strcmp(p, "/history") || !strcmp(p, "/compare") || !strcmp(p, "/participants") || !strcmp(p, "/learn"))
		return true;
	if (!strncmp(p, "/learn/", 7))
		return true;
	if (!strncmp(p, "/networks/", 10)) {
		const char *s = strchr(p + 10, '/');
		return s && !strcmp(s, "/history");
	}
	return false;
}

void web_views(struct web_state *st, const struct web_req *rq, struct web_resp *rs)
{
	struct wv v = { .st = st, .rq = rq, .rs = rs, .w = &rs->body };
	const char *lang;
	if (wv_param(&v, "lang", &lang) < 0)
		return;
	int l = web_lang_pick(lang, rq->accept_language);
	if (l < 0) {
		wv_bad(&v, "lang", "lang: en, es or fr");
		return;
	}
	v.l = (enum web_lang)l;
	rs->status = 200;
	rs->ctype = CT_HTML;
	const char *p = rq->path;
	if (!strcmp(p, "/history"))
		wv_history(&v, NULL);
	else if (!strncmp(p, "/networks/", 10)) {
		char asn[32];
		size_t n = (size_t)(strchr(p + 10, '/') - (p + 10));
		snprintf(asn, sizeof asn, "%.*s", (int)(n < sizeof asn - 1 ? n : sizeof asn - 1), p + 10);
		if (n >= sizeof asn - 1 || !n)
			wv_bad(&v, "asn", "asn: not an AS number");
		else
			wv_history(&v, asn);
	} else if (!strcmp(p, "/compare"))
		wv_compare(&v);
	else if (!strcmp(p, "/participants"))
		wv_participants(&v);
	else if (!strcmp(p, "/learn"))
		wv_learn(&v, NULL);
	else {
		const char *topic = p + 7;
		bool ok = false;
		for (size_t i = 0; i < sizeof TOPICS / sizeof TOPICS[0]; i++)
			ok |= !strcmp(topic, TOPICS[i]);
		if (ok)
			wv_learn(&v, topic);
		else
			web_error(rs, 404, "no such resource", NULL);
	}
}
