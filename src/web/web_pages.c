/*
 * Server-side HTML pages (web_pages.h): the overview (readiness per
 * region) and a network's report (Actions, metrics, evidence with the
 * fixes, inputs), rendered from the same JSON the API serves, in the
 * visitor's language. Every text from the catalogues or the data goes
 * through web_html_escape; there is no inline script or style, so the
 * Content-Security-Policy can forbid both.
 */
#include "web/web_pages.h"
#include "web/web_csv.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const char web_i18n_en[], web_i18n_es[], web_i18n_fr[];
extern const unsigned long web_i18n_en_len, web_i18n_es_len, web_i18n_fr_len;
extern const char web_style_css[];
extern const unsigned long web_style_css_len;
/* The bundled script and stylesheet of the charts, map and path graph
 * (web/src/app.js through esbuild); empty when built without node/npm. */
extern const char web_app_js[], web_app_css[];
extern const unsigned long web_app_js_len, web_app_css_len;
extern const char web_favicon_svg[];
extern const unsigned long web_favicon_svg_len;

void web_html_escape(struct wbuf *w, const char *s);

/* Marks a catalogue key given as data (table headings), so
 * tests/cli-serve/i18n_check.py finds it as it finds the T() calls. */
#define K(key) key

/* Entries per catalogue (a cap on the embedded files, not on input). */
#define I18N_MAX 1024

struct entry {
	const char *key, *text;
	size_t klen, tlen;
};

static struct entry cat[WEB_LANG_COUNT][I18N_MAX];
static size_t ncat[WEB_LANG_COUNT];
static char *texts[WEB_LANG_COUNT];

static const char *const CODES[WEB_LANG_COUNT] = { "en", "es", "fr" };

static void parse(enum web_lang l, const char *src, unsigned long len)
{
	/* A private NUL-terminated copy: keys and texts point into it. */
	char *t = malloc(len + 1);
	if (!t)
		abort();
	memcpy(t, src, len);
	t[len] = 0;
	texts[l] = t;
	for (char *p = t; *p && ncat[l] < I18N_MAX;) {
		char *e = strchr(p, '\n');
		if (e)
			*e = 0;
		char *tab = strchr(p, '\t');
		if (*p != '#' && tab) {
			*tab = 0;
			cat[l][ncat[l]++] = (struct entry){ p, tab + 1, strlen(p), strlen(tab + 1) };
		}
		if (!e)
			break;
		p = e + 1;
	}
}

void web_i18n_init(void)
{
	if (texts[0])
		return;
	parse(WEB_LANG_EN, web_i18n_en, web_i18n_en_len);
	parse(WEB_LANG_ES, web_i18n_es, web_i18n_es_len);
	parse(WEB_LANG_FR, web_i18n_fr, web_i18n_fr_len);
}

const char *web_t(enum web_lang lang, const char *key)
{
	for (size_t i = 0; i < ncat[lang]; i++)
		if (!strcmp(cat[lang][i].key, key))
			return cat[lang][i].text;
	return key;
}

const char *web_lang_code(enum web_lang lang)
{
	return CODES[lang];
}

int web_lang_pick(const char *param, const char *al)
{
	if (param) {
		for (int l = 0; l < WEB_LANG_COUNT; l++)
			if (!strcmp(param, CODES[l]))
				return l;
		return -1;
	}
	/* RFC 9110 section 12.5.4, simplified: the first listed range whose
	 * primary tag we have and whose q is not 0. */
	for (const char *p = al; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		size_t n = 0;
		while (p + n < e && ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z')))
			n++;
		const char *q = p;
		bool zero = false;
		while (q < e) {
			if (q[0] == ';' && (size_t)(e - q) >= 4 && (q[1] == 'q' || (q[1] == ' ' && q[2] == 'q'))) {
				const char *v = strchr(q, '=');
				zero = v && v < e && strtod(v + 1, NULL) <= 0;
			}
			q++;
		}
		for (int l = 0; n == 2 && !zero && l < WEB_LANG_COUNT; l++)
			if (!strncasecmp(p, CODES[l], 2))
				return l;
		p = e;
	}
	return WEB_LANG_EN;
}

static void esc(struct wbuf *w, const char *s)
{
	web_html_escape(w, s ? s : "");
}

static void T(struct wbuf *w, enum web_lang l, const char *key)
{
	esc(w, web_t(l, key));
}

/* A score as the locale writes it: 0.5 in English, 0,5 in Spanish and
 * French; a dash for no data. */
static void num(struct wbuf *w, enum web_lang l, json_t *v)
{
	char b[64];
	if (json_is_integer(v))
		snprintf(b, sizeof b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(b, sizeof b, "%.15g", json_real_value(v));
	else {
		wbuf_puts(w, "\xe2\x80\x93");
		return;
	}
	if (l != WEB_LANG_EN)
		for (char *p = b; *p; p++)
			if (*p == '.')
				*p = ',';
	wbuf_puts(w, b);
}

/* A numeric cell: the locale's text, and the value as data-value (dot
 * decimal) for app.js's charts; no data-value when there is no number. */
static void num_td(struct wbuf *w, enum web_lang l, json_t *v)
{
	wbuf_puts(w, "<td class=\"num\"");
	if (json_is_integer(v))
		wbuf_printf(w, " data-value=\"%lld\"", (long long)json_integer_value(v));
	else if (json_is_real(v))
		wbuf_printf(w, " data-value=\"%.15g\"", json_real_value(v));
	wbuf_puts(w, ">");
	num(w, l, v);
	wbuf_puts(w, "</td>");
}

static const char *const ACTIONS[] = { "filtering", "anti_spoofing", "coordination", "irr", "rpki" };
static const char *const LEVELS[] = { "ready", "aspiring", "lagging", "no-data" };

static void head(struct wbuf *w, enum web_lang l, const char *path, const char *title)
{
	wbuf_puts(w, "<!doctype html>\n<html lang=\"");
	wbuf_puts(w, CODES[l]);
	wbuf_puts(w, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
		     "<title>");
	esc(w, title);
	wbuf_puts(w, " \xe2\x80\x94 ");
	T(w, l, "title");
	wbuf_puts(w, "</title><link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
		     "<link rel=\"stylesheet\" href=\"/static/style.css\">");
	if (web_app_js_len)
		wbuf_puts(w, "<link rel=\"stylesheet\" href=\"/static/app.css\"><script src=\"/static/app.js\" defer></script>");
	wbuf_puts(w, "</head>\n<body><header><nav><a href=\"/?lang=");
	wbuf_puts(w, CODES[l]);
	wbuf_puts(w, "\">");
	T(w, l, "nav_overview");
	wbuf_puts(w, "</a><a href=\"/incidents?lang=");
	wbuf_puts(w, CODES[l]);
	wbuf_puts(w, "\">");
	T(w, l, "nav_incidents");
	/* The pages of web_views.c: history, comparison, participants, learn. */
	static const char *const MORE[][2] = { { "/history", K("nav_history") }, { "/compare", K("nav_compare") },
					       { "/participants", K("nav_participants") }, { "/learn", K("nav_learn") } };
	for (size_t i = 0; i < sizeof MORE / sizeof MORE[0]; i++) {
		wbuf_printf(w, "</a><a href=\"%s?lang=%s\">", MORE[i][0], CODES[l]);
		T(w, l, MORE[i][1]);
	}
	wbuf_puts(w, "</a><a href=\"/api/v2/openapi.json\">");
	T(w, l, "nav_api");
	wbuf_puts(w, "</a><span>");
	T(w, l, "language");
	wbuf_puts(w, ":</span>");
	for (int k = 0; k < WEB_LANG_COUNT; k++) {
		wbuf_puts(w, "<a hreflang=\"");
		wbuf_puts(w, CODES[k]);
		wbuf_puts(w, "\" href=\"");
		esc(w, path);
		wbuf_puts(w, strchr(path, '?') ? "&amp;lang=" : "?lang=");
		wbuf_puts(w, CODES[k]);
		wbuf_puts(w, "\">");
		T(w, (enum web_lang)k, "lang_name");
		wbuf_puts(w, "</a>");
	}
	wbuf_puts(w, "</nav></header>\n<main>\n");
}

static void foot(struct wbuf *w)
{
	wbuf_puts(w, "</main>\n</body></html>\n");
}

static void level_cell(struct wbuf *w, enum web_lang l, const char *level)
{
	const char *cls = "no-data";
	for (size_t i = 0; i < sizeof LEVELS / sizeof LEVELS[0]; i++)
		if (level && !strcmp(level, LEVELS[i]))
			cls = LEVELS[i];
	wbuf_puts(w, "<td class=\"");
	wbuf_puts(w, cls);
	wbuf_puts(w, "\">");
	T(w, l, cls);
	wbuf_puts(w, "</td>");
}

/* The page frame for the other page files (web_views.h). */
void web_page_head(struct wbuf *w, enum web_lang l, const char *path, const char *title)
{
	head(w, l, path, title);
}

void web_page_foot(struct wbuf *w)
{
	foot(w);
}

static void action_name(struct wbuf *w, enum web_lang l, const char *a)
{
	char key[48];
	snprintf(key, sizeof key, "act_%s", a);
	T(w, l, key);
}

/* The overview's per-country table, drawn by app.js as a world map. */
static void countries_table(struct wbuf *w, enum web_lang l, const char *countries)
{
	json_error_t je;
	json_t *a = json_loads(countries ? countries : "[]", 0, &je);
	wbuf_puts(w, "<section id=\"countries\"><h2><a href=\"#countries\">");
	T(w, l, "countries_heading");
	wbuf_puts(w, "</a></h2>\n<table data-map=\"country\" data-map-label=\"");
	T(w, l, "map_value");
	wbuf_puts(w, "\"><thead><tr><th>");
	T(w, l, "country");
	wbuf_puts(w, "</th><th>");
	T(w, l, "networks");
	wbuf_puts(w, "</th><th>");
	T(w, l, "act_irr");
	wbuf_puts(w, "</th><th>");
	T(w, l, "act_rpki");
	wbuf_puts(w, "</th></tr></thead><tbody>\n");
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) {
		const char *cc = json_string_value(json_object_get(x, "country"));
		json_t *v = json_object_get(x, "rpki");
		wbuf_puts(w, "<tr data-cc=\"");
		esc(w, cc);
		wbuf_puts(w, "\"");
		if (json_is_number(v))
			wbuf_printf(w, " data-value=\"%.15g\"", json_number_value(v));
		wbuf_puts(w, "><th scope=\"row\">");
		esc(w, cc);
		wbuf_puts(w, "</th><td class=\"num\">");
		num(w, l, json_object_get(x, "networks"));
		wbuf_puts(w, "</td><td class=\"num\">");
		num(w, l, json_object_get(x, "irr"));
		wbuf_puts(w, "</td>");
		num_td(w, l, v);
		wbuf_puts(w, "</tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");
	json_decref(a);
}

void web_page_overview(struct wbuf *w, enum web_lang l, const char *path, const char *month,
		       const char *const *regions, const char *const *jsons, size_t n, const char *countries)
{
	head(w, l, path, web_t(l, "nav_overview"));
	wbuf_puts(w, "<h1>");
	T(w, l, "overview_heading");
	wbuf_puts(w, "</h1>\n<p>");
	T(w, l, "overview_intro");
	wbuf_puts(w, "</p>\n<form method=\"get\" action=\"/networks\"><label>");
	T(w, l, "lookup");
	wbuf_puts(w, " <input name=\"asn\" size=\"12\" required></label><input type=\"hidden\" name=\"lang\" value=\"");
	wbuf_puts(w, CODES[l]);
	wbuf_puts(w, "\"> <button>");
	T(w, l, "show");
	wbuf_puts(w, "</button></form>\n<p>");
	T(w, l, "month");
	wbuf_puts(w, ": ");
	esc(w, month);
	wbuf_puts(w, "</p>\n");
	for (size_t r = 0; r < n; r++) {
		json_error_t je;
		json_t *root = json_loads(jsons[r], 0, &je);
		json_t *acts = json_object_get(root, "actions");
		wbuf_puts(w, "<section id=\"region-");
		esc(w, regions[r]);
		wbuf_puts(w, "\"><h2>");
		esc(w, regions[r]);
		wbuf_puts(w, "</h2>\n<p>");
		T(w, l, "networks");
		wbuf_puts(w, ": ");
		num(w, l, json_object_get(root, "networks"));
		wbuf_puts(w, "</p>\n<table data-chart=\"bar\"><thead><tr><th>");
		T(w, l, "action");
		wbuf_puts(w, "</th><th data-skip>");
		T(w, l, "mean");
		wbuf_puts(w, "</th>");
		for (size_t k = 0; k < 4; k++) {
			wbuf_puts(w, "<th>");
			T(w, l, LEVELS[k]);
			wbuf_puts(w, "</th>");
		}
		wbuf_puts(w, "</tr></thead><tbody>\n");
		for (size_t a = 0; a < sizeof ACTIONS / sizeof ACTIONS[0]; a++) {
			json_t *x = json_object_get(acts, ACTIONS[a]);
			wbuf_puts(w, "<tr><th scope=\"row\">");
			action_name(w, l, ACTIONS[a]);
			wbuf_puts(w, "</th>");
			num_td(w, l, json_object_get(x, "mean"));
			for (size_t k = 0; k < 4; k++)
				num_td(w, l, json_object_get(x, LEVELS[k]));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table></section>\n");
		json_decref(root);
	}
	countries_table(w, l, countries);
	foot(w);
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

void web_page_network(struct wbuf *w, enum web_lang l, const char *path, const char *json, size_t len)
{
	json_error_t je;
	json_t *r = json_loadb(json, len, 0, &je);
	char title[96];
	long long asn = (long long)json_integer_value(json_object_get(r, "asn"));
	snprintf(title, sizeof title, "AS%lld", asn);
	head(w, l, path, title);
	wbuf_puts(w, "<h1>");
	T(w, l, "network_report");
	wbuf_puts(w, ": ");
	esc(w, title);
	wbuf_puts(w, "</h1>\n<table id=\"network\"><tbody>\n<tr><th scope=\"row\">");
	T(w, l, "asn");
	wbuf_printf(w, "</th><td class=\"num\">%lld</td></tr>\n<tr><th scope=\"row\">", asn);
	T(w, l, "month");
	wbuf_puts(w, "</th><td>");
	esc(w, str(r, "month"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "holder");
	wbuf_puts(w, "</th><td>");
	esc(w, str(r, "holder") ? str(r, "holder") : web_t(l, "unknown"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "country");
	wbuf_puts(w, "</th><td>");
	esc(w, str(r, "country") ? str(r, "country") : web_t(l, "unknown"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "announced");
	wbuf_puts(w, "</th><td class=\"num\">");
	num(w, l, json_object_get(r, "announced"));
	wbuf_puts(w, "</td></tr>\n</tbody></table>\n<p>");
	T(w, l, "export");
	wbuf_printf(w, ": <a href=\"/api/v2/scores/details?asn=%lld&amp;month=", asn);
	esc(w, str(r, "month"));
	wbuf_printf(w, "\">JSON</a> <a href=\"/api/v2/scores/details?asn=%lld&amp;month=", asn);
	esc(w, str(r, "month"));
	wbuf_puts(w, "&amp;format=csv\">CSV</a></p>\n");
	/* Twelve months of this network, overlayable (web_history.c). */
	wbuf_printf(w, "<p><a href=\"/networks/%lld/history?lang=%s\">", asn, CODES[l]);
	T(w, l, "nav_history");
	wbuf_puts(w, "</a></p>\n");

	/* Actions */
	json_t *acts = json_object_get(r, "actions");
	wbuf_puts(w, "<section id=\"actions\"><h2><a href=\"#actions\">");
	T(w, l, "actions_heading");
	wbuf_puts(w, "</a></h2>\n<table><thead><tr><th>");
	T(w, l, "action");
	wbuf_puts(w, "</th><th>");
	T(w, l, "score");
	wbuf_puts(w, "</th><th>");
	T(w, l, "level");
	wbuf_puts(w, "</th></tr></thead><tbody>\n");
	for (size_t a = 0; a < sizeof ACTIONS / sizeof ACTIONS[0]; a++) {
		json_t *x = json_object_get(acts, ACTIONS[a]);
		wbuf_puts(w, "<tr><th scope=\"row\">");
		action_name(w, l, ACTIONS[a]);
		if (json_is_true(json_object_get(x, "partial"))) {
			wbuf_puts(w, " (");
			T(w, l, "partial");
			wbuf_puts(w, ")");
		}
		wbuf_puts(w, "</th><td class=\"num\">");
		num(w, l, json_object_get(x, "score"));
		wbuf_puts(w, "</td>");
		level_cell(w, l, str(x, "level"));
		wbuf_puts(w, "</tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");

	/* Metrics */
	json_t *ms = json_object_get(r, "metrics");
	const char *key;
	json_t *m;
	wbuf_puts(w, "<section id=\"metrics\"><h2><a href=\"#metrics\">");
	T(w, l, "metrics_heading");
	wbuf_puts(w, "</a></h2>\n<table><thead><tr><th>");
	T(w, l, "metric");
	wbuf_puts(w, "</th><th>");
	T(w, l, "score");
	wbuf_puts(w, "</th><th>");
	T(w, l, "status");
	wbuf_puts(w, "</th></tr></thead><tbody>\n");
	json_object_foreach(ms, key, m) {
		wbuf_puts(w, "<tr id=\"");
		esc(w, key);
		wbuf_puts(w, "\"><th scope=\"row\"><a href=\"#");
		esc(w, key);
		wbuf_puts(w, "\">");
		esc(w, key);
		wbuf_puts(w, "</a></th><td class=\"num\">");
		num(w, l, json_object_get(m, "score"));
		wbuf_puts(w, "</td><td>");
		if (str(m, "status")) {
			T(w, l, "no-data");
			if (str(m, "reason")) {
				wbuf_puts(w, ": ");
				esc(w, str(m, "reason"));
			}
		}
		wbuf_puts(w, "</td></tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");

	/* Evidence, per metric that has some */
	json_object_foreach(ms, key, m) {
		json_t *ev = json_object_get(m, "evidence");
		if (!json_is_array(ev))
			continue;
		wbuf_puts(w, "<section id=\"evidence-");
		esc(w, key);
		wbuf_puts(w, "\"><h2><a href=\"#evidence-");
		esc(w, key);
		wbuf_puts(w, "\">");
		T(w, l, "evidence");
		wbuf_puts(w, ": ");
		esc(w, key);
		wbuf_puts(w, "</a></h2>\n");
		if (json_array_size(ev) == 0) {
			wbuf_puts(w, "<p>");
			T(w, l, "no_evidence");
			wbuf_puts(w, "</p></section>\n");
			continue;
		}
		wbuf_puts(w, "<table><thead><tr><th>");
		T(w, l, "prefix");
		wbuf_puts(w, "</th><th>");
		T(w, l, "origin");
		wbuf_puts(w, "</th><th>");
		T(w, l, "status");
		wbuf_puts(w, "</th><th>");
		T(w, l, "fix");
		wbuf_puts(w, "</th></tr></thead><tbody>\n");
		size_t i;
		json_t *e;
		json_array_foreach(ev, i, e) {
			wbuf_puts(w, "<tr><td>");
			esc(w, str(e, "prefix"));
			wbuf_puts(w, "</td><td class=\"num\">");
			num(w, l, json_object_get(e, "origin"));
			wbuf_puts(w, "</td><td>");
			esc(w, str(e, "status") ? str(e, "status") : str(e, "what"));
			wbuf_puts(w, "</td><td><pre>");
			esc(w, str(e, "fix"));
			wbuf_puts(w, "</pre></td></tr>\n");
		}
		wbuf_puts(w, "</tbody></table></section>\n");
	}

	/* Inputs */
	json_t *in = json_object_get(r, "inputs");
	wbuf_puts(w, "<section id=\"inputs\"><h2><a href=\"#inputs\">");
	T(w, l, "inputs_heading");
	wbuf_puts(w, "</a></h2>\n<table><thead><tr><th>");
	T(w, l, "kind");
	wbuf_puts(w, "</th><th>");
	T(w, l, "source");
	wbuf_puts(w, "</th><th>");
	T(w, l, "snapshot_time");
	wbuf_puts(w, "</th></tr></thead><tbody>\n");
	json_object_foreach(in, key, m) {
		wbuf_puts(w, "<tr><th scope=\"row\">");
		esc(w, key);
		wbuf_puts(w, "</th><td>");
		esc(w, str(m, "source"));
		wbuf_puts(w, "</td><td>");
		esc(w, str(m, "time"));
		wbuf_puts(w, "</td></tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");
	json_decref(r);
	foot(w);
}

/* ---- Incidents ---------------------------------------------------------- */

/* An AS list cell: "AS1, AS2" or a dash. */
static void asns(struct wbuf *w, json_t *v)
{
	size_t i;
	json_t *x;
	if (json_is_integer(v)) {
		wbuf_printf(w, "AS%lld", (long long)json_integer_value(v));
		return;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		wbuf_puts(w, "\xe2\x80\x93");
		return;
	}
	json_array_foreach(v, i, x) {
		wbuf_printf(w, "%sAS%lld", i ? ", " : "", (long long)json_integer_value(x));
	}
}

/* ASNs separated by spaces ("64500 64501"), for data-culprit. */
static void asn_list(struct wbuf *w, json_t *v)
{
	size_t i;
	json_t *x;
	if (json_is_integer(v))
		wbuf_printf(w, "%lld", (long long)json_integer_value(v));
	json_array_foreach(v, i, x) {
		wbuf_printf(w, "%s%lld", i ? " " : "", (long long)json_integer_value(x));
	}
}

static void text_or_dash(struct wbuf *w, json_t *v)
{
	if (json_is_string(v))
		esc(w, json_string_value(v));
	else if (json_is_integer(v))
		wbuf_printf(w, "%lld", (long long)json_integer_value(v));
	else
		wbuf_puts(w, "\xe2\x80\x93");
}

static void strs(struct wbuf *w, json_t *v)
{
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (i)
			wbuf_puts(w, ", ");
		esc(w, json_string_value(x));
	}
}

/* A header row of a table from catalogue keys. */
static void thead(struct wbuf *w, enum web_lang l, const char *const *keys, size_t n)
{
	wbuf_puts(w, "<table><thead><tr>");
	for (size_t i = 0; i < n; i++) {
		wbuf_puts(w, "<th>");
		T(w, l, keys[i]);
		wbuf_puts(w, "</th>");
	}
	wbuf_puts(w, "</tr></thead><tbody>\n");
}

static void cells(struct wbuf *w, json_t *row, const char *const *fields, size_t n)
{
	wbuf_puts(w, "<tr>");
	for (size_t i = 0; i < n; i++) {
		wbuf_puts(w, "<td>");
		text_or_dash(w, json_object_get(row, fields[i]));
		wbuf_puts(w, "</td>");
	}
	wbuf_puts(w, "</tr>\n");
}

void web_page_incidents(struct wbuf *w, enum web_lang l, const char *path, const char *json, size_t len)
{
	json_error_t je;
	json_t *r = json_loadb(json, len, 0, &je);
	head(w, l, path, web_t(l, "nav_incidents"));
	wbuf_puts(w, "<h1>");
	T(w, l, "nav_incidents");
	wbuf_puts(w, "</h1>\n<section id=\"incidents\">");
	static const char *const H[] = { K("incident"), K("type"), K("start"), K("end"), K("culprit"), K("victims"),
					 K("suspicion"), K("prefix") };
	thead(w, l, H, sizeof H / sizeof H[0]);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "incidents"), i, x) {
		wbuf_puts(w, "<tr><td><a href=\"/incidents/");
		esc(w, json_string_value(json_object_get(x, "id")));
		wbuf_puts(w, "?lang=");
		wbuf_puts(w, CODES[l]);
		wbuf_puts(w, "\">");
		esc(w, json_string_value(json_object_get(x, "id")));
		wbuf_puts(w, "</a></td><td>");
		text_or_dash(w, json_object_get(x, "type"));
		wbuf_puts(w, "</td><td>");
		text_or_dash(w, json_object_get(x, "start"));
		wbuf_puts(w, "</td><td>");
		if (json_is_null(json_object_get(x, "end")))
			T(w, l, "ongoing");
		else
			text_or_dash(w, json_object_get(x, "end"));
		wbuf_puts(w, "</td><td>");
		asns(w, json_object_get(x, "culprit_asn"));
		wbuf_puts(w, "</td><td>");
		asns(w, json_object_get(x, "victim_asns"));
		wbuf_puts(w, "</td><td class=\"num\">");
		num(w, l, json_object_get(x, "suspicion"));
		wbuf_puts(w, "</td><td>");
		strs(w, json_object_get(x, "prefixes"));
		wbuf_puts(w, "</td></tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");
	json_decref(r);
	foot(w);
}

void web_page_incident(struct wbuf *w, enum web_lang l, const char *path, const char *json, size_t len)
{
	json_error_t je;
	json_t *r = json_loadb(json, len, 0, &je);
	const char *id = json_string_value(json_object_get(r, "id"));
	head(w, l, path, id ? id : "");
	wbuf_puts(w, "<h1>");
	T(w, l, "incident");
	wbuf_puts(w, ": ");
	esc(w, id);
	wbuf_puts(w, "</h1>\n<section id=\"summary\"><table><tbody>\n");
	static const char *const F[][2] = {
		{ K("type"), "type" }, { K("label"), "label" }, { K("start"), "start" }, { K("end"), "end" },
		{ K("duration"), "duration" }, { K("covering"), "covering_prefix" },
	};
	for (size_t k = 0; k < sizeof F / sizeof F[0]; k++) {
		wbuf_puts(w, "<tr><th scope=\"row\">");
		T(w, l, F[k][0]);
		wbuf_puts(w, "</th><td>");
		json_t *v = json_object_get(r, F[k][1]);
		if (!strcmp(F[k][1], "end") && json_is_null(v))
			T(w, l, "ongoing");
		else
			text_or_dash(w, v);
		wbuf_puts(w, "</td></tr>\n");
	}
	wbuf_puts(w, "<tr><th scope=\"row\">");
	T(w, l, "suspicion");
	wbuf_puts(w, "</th><td class=\"num\">");
	num(w, l, json_object_get(r, "suspicion"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "culprit");
	wbuf_puts(w, "</th><td>");
	asns(w, json_object_get(r, "culprit_asn"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "victims");
	wbuf_puts(w, "</th><td>");
	asns(w, json_object_get(r, "victim_asns"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "accomplices");
	wbuf_puts(w, "</th><td>");
	asns(w, json_object_get(r, "accomplice_asns"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "prefix");
	wbuf_puts(w, "</th><td>");
	strs(w, json_object_get(r, "prefixes"));
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "tags_heading");
	wbuf_puts(w, "</th><td>");
	strs(w, json_object_get(r, "tags"));
	wbuf_puts(w, "</td></tr>\n</tbody></table>\n<p>");
	T(w, l, "export");
	wbuf_puts(w, ": <a href=\"/api/v2/incidents/");
	esc(w, id);
	wbuf_puts(w, "\">JSON</a> <a href=\"/api/v2/incidents/");
	esc(w, id);
	wbuf_puts(w, "?format=csv\">CSV</a></p></section>\n");

	static const struct {
		const char *id, *heading, *array;
		const char *const keys[7];
		const char *const fields[7];
		size_t n;
	} TABLES[] = {
		{ "rules", K("rules_heading"), "rules", { K("rule"), K("delta"), K("cap"), K("reason") },
		  { "rule", "delta", "cap", "reason" }, 4 },
		{ "visibility", K("visibility_heading"), "visibility",
		  { K("collector"), K("peer"), K("asn"), K("first_seen"), K("last_seen"), K("routes") },
		  { "collector", "peer_ip", "peer_asn", "first_seen", "last_seen", "routes" }, 6 },
		{ "timeline", K("timeline_heading"), "timeline",
		  { K("time"), K("collector"), K("peer"), K("asn"), K("prefix"), K("event"), K("path") },
		  { "time", "collector", "peer_ip", "peer_asn", "prefix", "event", "path" }, 7 },
	};
	for (size_t t = 0; t < sizeof TABLES / sizeof TABLES[0]; t++) {
		wbuf_puts(w, "<section id=\"");
		wbuf_puts(w, TABLES[t].id);
		wbuf_puts(w, "\"><h2><a href=\"#");
		wbuf_puts(w, TABLES[t].id);
		wbuf_puts(w, "\">");
		T(w, l, TABLES[t].heading);
		wbuf_puts(w, "</a></h2>\n");
		thead(w, l, TABLES[t].keys, TABLES[t].n);
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(r, TABLES[t].array), i, x)
			cells(w, x, TABLES[t].fields, TABLES[t].n);
		wbuf_puts(w, "</tbody></table></section>\n");
	}
	wbuf_puts(w, "<section id=\"paths\"><h2><a href=\"#paths\">");
	T(w, l, "paths_heading");
	wbuf_puts(w, "</a></h2>\n<table data-graph=\"paths\" data-culprit=\"");
	asn_list(w, json_object_get(r, "culprit_asn"));
	wbuf_puts(w, "\" data-victims=\"");
	asn_list(w, json_object_get(r, "victim_asns"));
	wbuf_puts(w, "\" data-accomplices=\"");
	asn_list(w, json_object_get(r, "accomplice_asns"));
	wbuf_puts(w, "\"><thead><tr><th>");
	T(w, l, "path");
	wbuf_puts(w, "</th></tr></thead><tbody>\n");
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "paths"), i, x) {
		wbuf_puts(w, "<tr data-path=\"");
		esc(w, json_string_value(x));
		wbuf_puts(w, "\"><td>");
		esc(w, json_string_value(x));
		wbuf_puts(w, "</td></tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");
	json_decref(r);
	foot(w);
}

const char *web_static(const char *name, size_t *len, const char **ctype)
{
	if (!strcmp(name, "style.css")) {
		*len = web_style_css_len;
		*ctype = "text/css; charset=utf-8";
		return web_style_css;
	}
	if (!strcmp(name, "favicon.svg")) {
		*len = web_favicon_svg_len;
		*ctype = "image/svg+xml";
		return web_favicon_svg;
	}
	if (!strcmp(name, "app.js") && web_app_js_len) {
		*len = web_app_js_len;
		*ctype = "text/javascript; charset=utf-8";
		return web_app_js;
	}
	if (!strcmp(name, "app.css") && web_app_css_len) {
		*len = web_app_css_len;
		*ctype = "text/css; charset=utf-8";
		return web_app_css;
	}
	return NULL;
}
