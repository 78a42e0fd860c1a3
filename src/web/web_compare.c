/*
 * The Comparison page (web_views.h): two regions, two months (of a region
 * or of a network) or two networks side by side,
 * /compare?kind=region|month|network&a=...&b=..., with the change from a
 * to b per Action, the readiness of each side and, for regions and
 * networks, the twelve months before as line charts with one series per
 * side.
 */
#include "web/web_views_int.h"

#include "observatory/m49.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum kind { K_REGION, K_MONTH, K_NETWORK };

struct side {
	char label[160];    /* column heading, plain text */
	uint32_t month;     /* kind month: the month */
	uint32_t asn;       /* kind network (or month of a network): the AS */
	json_t *agg;        /* a region's summary for the month, or NULL */
	json_t *hist;       /* a network's /api/v2/ases answer, or NULL */
	json_t *row;        /* the network's month (borrowed from hist), or NULL */
	json_t *win[WV_MONTHS];   /* per month of the window: summary (owned) or month (borrowed) */
};

static json_t *act(json_t *o, const char *a, const char *field)
{
	return json_object_get(json_object_get(json_object_get(o, "actions"), a), field);
}

/* The heading of a side's column: a region's name, a month, an AS. */
static void label(struct wbuf *w, enum web_lang l, enum kind k, const struct side *s)
{
	if (k == K_MONTH)
		wv_month_name(w, l, s->month);
	else
		wv_esc(w, s->label);
}

static void change_cell(struct wbuf *w, enum web_lang l, json_t *a, json_t *b)
{
	if (!json_is_number(a) || !json_is_number(b)) {
		wbuf_puts(w, "<td class=\"num\">\xe2\x80\x93</td>");
		return;
	}
	double d = round((json_number_value(b) - json_number_value(a)) * 1e4) / 1e4;
	json_t *x = json_real(d == 0 ? 0 : d);
	wv_cell(w, l, x);
	json_decref(x);
}

static void form(struct wv *v, const char *kind, const char *a, const char *b, const char *month, const char *region,
		 const char *asn)
{
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	static const char *const KINDS[][2] = { { "region", K("cmp_kind_region") }, { "month", K("cmp_kind_month") },
						{ "network", K("cmp_kind_network") } };
	wbuf_puts(w, "<form method=\"get\" action=\"/compare\" class=\"pick\"><label>");
	T(w, l, "cmp_kind");
	wbuf_puts(w, " <select name=\"kind\">");
	for (int i = 0; i < 3; i++) {
		wbuf_printf(w, "<option value=\"%s\"%s>", KINDS[i][0], kind && !strcmp(kind, KINDS[i][0]) ? " selected" : "");
		T(w, l, KINDS[i][1]);
		wbuf_puts(w, "</option>");
	}
	static const struct {
		const char *name, *key;
		size_t size;
	} F[] = { { "a", K("cmp_a"), 24 }, { "b", K("cmp_b"), 24 }, { "month", K("month"), 8 },
		  { "region", K("region"), 16 }, { "asn", K("asn"), 10 } };
	const char *val[] = { a, b, month, region, asn };
	wbuf_puts(w, "</select></label>");
	for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
		wbuf_puts(w, " <label>");
		T(w, l, F[i].key);
		wbuf_printf(w, " <input name=\"%s\" size=\"%zu\" value=\"", F[i].name, F[i].size);
		wv_esc(w, val[i]);
		wbuf_puts(w, "\"></label>");
	}
	wv_lang_field(w, l);
	wbuf_puts(w, " <button>");
	T(w, l, "show");
	wbuf_puts(w, "</button></form>\n<p class=\"hint\">");
	T(w, l, "cmp_hint");
	wbuf_puts(w, "</p>\n");
}

/* Side by side per Action: the value of a and b and the change. */
static void side_by_side(struct wv *v, enum kind k, struct side s[2], bool network)
{
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	wbuf_puts(w, "<section id=\"side-by-side\"><h2><a href=\"#side-by-side\">");
	T(w, l, network ? "cmp_scores_heading" : "hist_mean_heading");
	wbuf_puts(w, "</a></h2>\n");
	wv_table(w, l, NULL, "action");
	for (int i = 0; i < 2; i++) {
		wbuf_puts(w, "<th>");
		label(w, l, k, &s[i]);
		wbuf_puts(w, "</th>");
	}
	wbuf_puts(w, "<th>");
	T(w, l, "cmp_change");
	wbuf_puts(w, "</th>");
	wv_thead_end(w);
	for (int a = 0; a < 5; a++) {
		json_t *x[2];
		for (int i = 0; i < 2; i++)
			x[i] = network ? act(s[i].row, WV_ACTIONS[a], "score") : act(s[i].agg, WV_ACTIONS[a], "mean");
		wbuf_puts(w, "<tr><th scope=\"row\">");
		wv_action(w, l, WV_ACTIONS[a]);
		wbuf_puts(w, "</th>");
		wv_cell(w, l, x[0]);
		wv_cell(w, l, x[1]);
		change_cell(w, l, x[0], x[1]);
		wbuf_puts(w, "</tr>\n");
	}
	if (!network) {
		wbuf_puts(w, "<tr><th scope=\"row\">");
		T(w, l, "networks");
		wbuf_puts(w, "</th>");
		wv_cell(w, l, json_object_get(s[0].agg, "networks"));
		wv_cell(w, l, json_object_get(s[1].agg, "networks"));
		change_cell(w, l, json_object_get(s[0].agg, "networks"), json_object_get(s[1].agg, "networks"));
		wbuf_puts(w, "</tr>\n");
	}
	wbuf_puts(w, "</tbody></table>\n");
	if (network) {
		wbuf_puts(w, "<h3 id=\"levels\">");
		T(w, l, "hist_levels_heading");
		wbuf_puts(w, "</h3>\n");
		wv_table(w, l, NULL, "action");
		for (int i = 0; i < 2; i++) {
			wbuf_puts(w, "<th>");
			label(w, l, k, &s[i]);
			wbuf_puts(w, "</th>");
		}
		wv_thead_end(w);
		for (int a = 0; a < 5; a++) {
			wbuf_puts(w, "<tr><th scope=\"row\">");
			wv_action(w, l, WV_ACTIONS[a]);
			wbuf_puts(w, "</th>");
			for (int i = 0; i < 2; i++)
				wv_level_cell(w, l, json_string_value(act(s[i].row, WV_ACTIONS[a], "level")));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table>\n");
	}
	wbuf_puts(w, "</section>\n");
	if (network)
		return;
	/* Readiness of each side: stacked counts per Action. */
	static const char *const LEVELS[] = { "ready", "aspiring", "lagging", "no-data" };
	for (int i = 0; i < 2; i++) {
		wbuf_printf(w, "<section id=\"readiness-%c\"><h2><a href=\"#readiness-%c\">", 'a' + i, 'a' + i);
		T(w, l, "hist_readiness_heading");
		wbuf_puts(w, ": ");
		label(w, l, k, &s[i]);
		wbuf_puts(w, "</a></h2>\n");
		wv_table(w, l, "bar", "action");
		for (int x = 0; x < 4; x++) {
			wbuf_puts(w, "<th>");
			T(w, l, LEVELS[x]);
			wbuf_puts(w, "</th>");
		}
		wv_thead_end(w);
		for (int a = 0; a < 5; a++) {
			wbuf_puts(w, "<tr><th scope=\"row\">");
			wv_action(w, l, WV_ACTIONS[a]);
			wbuf_puts(w, "</th>");
			for (int x = 0; x < 4; x++)
				wv_cell(w, l, act(s[i].agg, WV_ACTIONS[a], LEVELS[x]));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table></section>\n");
	}
}

/* Two regions over the window: per Action, a line chart of the means. */
static void region_windows(struct wv *v, const uint32_t win[WV_MONTHS], struct side s[2])
{
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	for (int a = 0; a < 5; a++) {
		wbuf_printf(w, "<section id=\"history-%s\"><h2><a href=\"#history-%s\">", WV_ACTIONS[a], WV_ACTIONS[a]);
		T(w, l, "cmp_history_heading");
		wbuf_puts(w, ": ");
		wv_action(w, l, WV_ACTIONS[a]);
		wbuf_puts(w, "</a></h2>\n");
		wv_table(w, l, "line", "month");
		for (int i = 0; i < 2; i++) {
			wbuf_puts(w, "<th>");
			wv_esc(w, s[i].label);
			wbuf_puts(w, "</th>");
		}
		wv_thead_end(w);
		for (int m = 0; m < WV_MONTHS; m++) {
			wbuf_puts(w, "<tr>");
			wv_month_cell(w, l, win[m]);
			for (int i = 0; i < 2; i++)
				wv_cell(w, l, act(s[i].win[m], WV_ACTIONS[a], "mean"));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table></section>\n");
	}
}

static json_t *month_of(json_t *hist, uint32_t month)
{
	char m[8];
	wv_month_text(month, m);
	size_t k;
	json_t *x;
	json_array_foreach(json_object_get(hist, "months"), k, x) {
		const char *s = json_string_value(json_object_get(x, "month"));
		if (s && !strcmp(s, m))
			return x;
	}
	return NULL;
}

static unsigned summary(struct wv *v, const char *region, uint32_t month, json_t **out)
{
	char m[8];
	wv_month_text(month, m);
	const char *kv[] = { "region", region, "month", m, NULL };
	return wv_get(v, "/api/v2/scores/summary", kv, out, false);
}

static void free_sides(struct side s[2], enum kind k)
{
	for (int i = 0; i < 2; i++) {
		json_decref(s[i].agg);
		json_decref(s[i].hist);
		for (int m = 0; k == K_REGION && m < WV_MONTHS; m++)
			json_decref(s[i].win[m]);
	}
}

void wv_compare(struct wv *v)
{
	const char *kind_s, *a, *b, *month_s, *region, *asn_s;
	if (wv_param(v, "kind", &kind_s) < 0 || wv_param(v, "a", &a) < 0 || wv_param(v, "b", &b) < 0 ||
	    wv_param(v, "month", &month_s) < 0 || wv_param(v, "region", &region) < 0 || wv_param(v, "asn", &asn_s) < 0)
		return;
	enum kind k = K_REGION;
	if (kind_s && !strcmp(kind_s, "month"))
		k = K_MONTH;
	else if (kind_s && !strcmp(kind_s, "network"))
		k = K_NETWORK;
	else if (kind_s && strcmp(kind_s, "region")) {
		wv_bad(v, "kind", "kind: region, month or network");
		return;
	}
	struct side s[2];
	memset(s, 0, sizeof s);
	const char *ab[2] = { a, b };
	bool any = a || b;
	if (any && !a) {
		wv_bad(v, "a", "a: required");
		return;
	}
	if (any && !b) {
		wv_bad(v, "b", "b: required");
		return;
	}
	uint32_t month = 0, nasn = 0, win[WV_MONTHS];
	if (any && k == K_REGION) {
		for (int i = 0; i < 2; i++)
			if (!obs_m49_known_region(ab[i])) {
				char msg[96];
				snprintf(msg, sizeof msg, "%s: not a UN M49 region, sub-region or intermediate region", i ? "b" : "a");
				wv_bad(v, i ? "b" : "a", msg);
				return;
			}
		if (!(month = wv_month(v, "month")))
			return;
		for (int i = 0; i < 2; i++)
			snprintf(s[i].label, sizeof s[i].label, "%s", ab[i]);
	} else if (any && k == K_MONTH) {
		for (int i = 0; i < 2; i++)
			if (!(s[i].month = web_parse_month(ab[i]))) {
				char msg[96];
				snprintf(msg, sizeof msg, "%s: not YYYY-MM", i ? "b" : "a");
				wv_bad(v, i ? "b" : "a", msg);
				return;
			}
		if (!region == !asn_s) {
			wv_bad(v, "region", "region: give a region or an asn to compare the months of");
			return;
		}
		if (region && !obs_m49_known_region(region)) {
			wv_bad(v, "region", "region: not a UN M49 region, sub-region or intermediate region");
			return;
		}
		if (asn_s && !wv_asn(asn_s, &nasn)) {
			wv_bad(v, "asn", "asn: not an AS number");
			return;
		}
	} else if (any) {
		for (int i = 0; i < 2; i++)
			if (!wv_asn(ab[i], &s[i].asn)) {
				char msg[64];
				snprintf(msg, sizeof msg, "%s: not an AS number", i ? "b" : "a");
				wv_bad(v, i ? "b" : "a", msg);
				return;
			}
		if (!(month = wv_month(v, "month")))
			return;
		for (int i = 0; i < 2; i++)
			snprintf(s[i].label, sizeof s[i].label, "AS%u", s[i].asn);
	}

	/* The data. */
	bool network = k == K_NETWORK || (k == K_MONTH && nasn);
	if (any) {
		wv_window(month, win);
		for (int i = 0; i < 2; i++) {
			unsigned st = 200;
			if (k == K_REGION) {
				st = summary(v, ab[i], month, &s[i].agg);
				if (st == 200 && wv_region_window(v, ab[i], win, s[i].win) < 0)
					st = 500;
			} else if (k == K_MONTH && region)
				st = summary(v, region, s[i].month, &s[i].agg);
			else {
				char path[40];
				snprintf(path, sizeof path, "/api/v2/ases/%u", k == K_MONTH ? nasn : s[i].asn);
				if (i == 1 && k == K_MONTH)
					s[1].hist = json_incref(s[0].hist);
				else
					st = wv_get(v, path, NULL, &s[i].hist, k == K_NETWORK);
				if (st == 200 || st == 404) {
					s[i].row = month_of(s[i].hist, k == K_MONTH ? s[i].month : month);
					wv_network_window(s[i].hist, win, s[i].win);
					st = 200;
				}
			}
			if (st != 200) {
				free_sides(s, k);
				return;
			}
		}
		if (k == K_NETWORK && !s[0].hist && !s[1].hist) {
			web_error(v->rs, 404, "neither network has stored scores", NULL);
			return;
		}
	}

	struct wbuf self, title;
	wbuf_init(&self, 128);
	wbuf_init(&title, 128);
	wbuf_puts(&self, "/compare");
	const char *names[] = { "kind", "a", "b", "month", "region", "asn" };
	const char *vals[] = { kind_s, a, b, month_s, region, asn_s };
	for (int i = 0, first = 1; i < 6; i++)
		if (vals[i]) {
			wbuf_printf(&self, "%c%s=", first ? '?' : '&', names[i]);
			wv_urlenc(&self, vals[i]);
			first = 0;
		}
	wbuf_putc(&self, 0);
	wbuf_puts(&title, web_t(v->l, "nav_compare"));
	if (any) {
		wbuf_puts(&title, ": ");
		wbuf_puts(&title, a);
		wbuf_puts(&title, " \xe2\x80\x94 ");
		wbuf_puts(&title, b);
	}
	wbuf_putc(&title, 0);

	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	web_page_head(w, l, self.p, title.p);
	wbuf_puts(w, "<h1>");
	wv_esc(w, title.p);
	wbuf_puts(w, "</h1>\n<p>");
	T(w, l, "cmp_intro");
	wbuf_puts(w, "</p>\n");
	form(v, kind_s ? kind_s : "region", a, b, month_s, region, asn_s);
	if (any) {
		wbuf_puts(w, "<p>");
		if (k == K_MONTH) {
			T(w, l, region ? "region" : "asn");
			wbuf_puts(w, ": ");
			if (region)
				wv_esc(w, region);
			else
				wbuf_printf(w, "<a href=\"/networks/%u?lang=%s\">AS%u</a>", nasn, web_lang_code(l), nasn);
		} else {
			T(w, l, "month");
			wbuf_puts(w, ": ");
			wv_month_name(w, l, month);
		}
		wbuf_puts(w, "</p>\n");
		for (int i = 0; network && k == K_NETWORK && i < 2; i++)
			if (!s[i].hist) {
				wbuf_printf(w, "<p>AS%u: ", s[i].asn);
				T(w, l, "hist_no_scores");
				wbuf_puts(w, "</p>\n");
			}
		side_by_side(v, k, s, network);
		if (k == K_REGION)
			region_windows(v, win, s);
		else if (k == K_NETWORK) {
			uint32_t asns[2] = { s[0].asn, s[1].asn };
			json_t *rows[2][WV_MONTHS];
			memcpy(rows[0], s[0].win, sizeof rows[0]);
			memcpy(rows[1], s[1].win, sizeof rows[1]);
			wbuf_puts(w, "<h2 id=\"history\">");
			T(w, l, "cmp_history_heading");
			wbuf_puts(w, "</h2>\n");
			wv_network_tables(v, win, asns, 2, rows);
		}
	}
	web_page_foot(w);
	free_sides(s, k);
	wbuf_free(&self);
	wbuf_free(&title);
}
