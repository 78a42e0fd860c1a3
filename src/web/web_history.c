/*
 * The History page (web_views.h): twelve months of mean scores and
 * readiness per Action for a region (/history?region=), or of one or more
 * networks' scores and levels overlaid (/history?asn=1,2,3 and
 * /networks/{asn}/history), from /api/v2/scores/summary and
 * /api/v2/ases/{asn}. Months without stored scores show a dash.
 */
#include "web/web_views_int.h"

#include "observatory/m49.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The months that have stored scores (at most this many looked at). */
#define SCORED_MAX 1200

static bool scored(const uint32_t *m, int n, uint32_t month)
{
	for (int i = 0; i < n; i++)
		if (m[i] == month)
			return true;
	return false;
}

/* The summary of region for each month of the window that has scores;
 * NULL for the others. -1 with the answer written. */
int wv_region_window(struct wv *v, const char *region, const uint32_t win[WV_MONTHS], json_t *out[WV_MONTHS])
{
	uint32_t *sm = malloc(SCORED_MAX * sizeof *sm);
	if (!sm)
		abort();
	int ns = wv_scored_months(v, sm, SCORED_MAX);
	for (int i = 0; i < WV_MONTHS; i++)
		out[i] = NULL;
	for (int i = 0; ns >= 0 && i < WV_MONTHS; i++) {
		if (!scored(sm, ns, win[i]))
			continue;
		char m[8];
		wv_month_text(win[i], m);
		const char *kv[] = { "region", region, "month", m, NULL };
		if (wv_get(v, "/api/v2/scores/summary", kv, &out[i], false) != 200) {
			ns = -1;
			break;
		}
	}
	free(sm);
	if (ns < 0) {
		for (int i = 0; i < WV_MONTHS; i++)
			json_decref(out[i]);
		return -1;
	}
	return 0;
}

/* The month objects of /api/v2/ases/{asn} for the window (borrowed from
 * h; NULL where none). */
void wv_network_window(json_t *h, const uint32_t win[WV_MONTHS], json_t *out[WV_MONTHS])
{
	for (int i = 0; i < WV_MONTHS; i++) {
		char m[8];
		wv_month_text(win[i], m);
		out[i] = NULL;
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(h, "months"), k, x) {
			const char *s = json_string_value(json_object_get(x, "month"));
			if (s && !strcmp(s, m))
				out[i] = x;
		}
	}
}

static json_t *act(json_t *o, const char *a, const char *field)
{
	return json_object_get(json_object_get(json_object_get(o, "actions"), a), field);
}

/* Mean score per Action over the window: a line chart. */
void wv_region_tables(struct wv *v, const uint32_t win[WV_MONTHS], json_t *agg[WV_MONTHS])
{
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	wbuf_puts(w, "<section id=\"mean\"><h2><a href=\"#mean\">");
	T(w, l, "hist_mean_heading");
	wbuf_puts(w, "</a></h2>\n");
	wv_table(w, l, "line", "month");
	for (int a = 0; a < 5; a++) {
		wbuf_puts(w, "<th>");
		wv_action(w, l, WV_ACTIONS[a]);
		wbuf_puts(w, "</th>");
	}
	wv_thead_end(w);
	for (int i = 0; i < WV_MONTHS; i++) {
		wbuf_puts(w, "<tr>");
		wv_month_cell(w, l, win[i]);
		for (int a = 0; a < 5; a++)
			wv_cell(w, l, act(agg[i], WV_ACTIONS[a], "mean"));
		wbuf_puts(w, "</tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n<section id=\"networks\"><h2><a href=\"#networks\">");
	T(w, l, "hist_networks_heading");
	wbuf_puts(w, "</a></h2>\n");
	wv_table(w, l, "line", "month");
	wbuf_puts(w, "<th>");
	T(w, l, "networks");
	wbuf_puts(w, "</th>");
	wv_thead_end(w);
	for (int i = 0; i < WV_MONTHS; i++) {
		wbuf_puts(w, "<tr>");
		wv_month_cell(w, l, win[i]);
		wv_cell(w, l, json_object_get(agg[i], "networks"));
		wbuf_puts(w, "</tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");
	/* Readiness per Action: stacked counts. */
	static const char *const LEVELS[] = { "ready", "aspiring", "lagging", "no-data" };
	for (int a = 0; a < 5; a++) {
		wbuf_printf(w, "<section id=\"readiness-%s\"><h2><a href=\"#readiness-%s\">", WV_ACTIONS[a], WV_ACTIONS[a]);
		T(w, l, "hist_readiness_heading");
		wbuf_puts(w, ": ");
		wv_action(w, l, WV_ACTIONS[a]);
		wbuf_puts(w, "</a></h2>\n");
		wv_table(w, l, "bar", "month");
		for (int k = 0; k < 4; k++) {
			wbuf_puts(w, "<th>");
			T(w, l, LEVELS[k]);
			wbuf_puts(w, "</th>");
		}
		wv_thead_end(w);
		for (int i = 0; i < WV_MONTHS; i++) {
			wbuf_puts(w, "<tr>");
			wv_month_cell(w, l, win[i]);
			for (int k = 0; k < 4; k++)
				wv_cell(w, l, act(agg[i], WV_ACTIONS[a], LEVELS[k]));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table></section>\n");
	}
}

/* Per Action, the networks' scores over the window (a line chart, one
 * series per network) and their levels. rows[n][i]: network n, month i. */
void wv_network_tables(struct wv *v, const uint32_t win[WV_MONTHS], const uint32_t *asns, size_t n,
		       json_t *rows[][WV_MONTHS])
{
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	if (n == 1) {
		wbuf_puts(w, "<section id=\"scores\"><h2><a href=\"#scores\">");
		T(w, l, "hist_scores_heading");
		wbuf_puts(w, "</a></h2>\n");
		for (int t = 0; t < 2; t++) {
			if (t == 1) {
				wbuf_puts(w, "<h3 id=\"levels\">");
				T(w, l, "hist_levels_heading");
				wbuf_puts(w, "</h3>\n");
			}
			wv_table(w, l, t == 0 ? "line" : NULL, "month");
			for (int a = 0; a < 5; a++) {
				wbuf_puts(w, "<th>");
				wv_action(w, l, WV_ACTIONS[a]);
				wbuf_puts(w, "</th>");
			}
			wv_thead_end(w);
			for (int i = 0; i < WV_MONTHS; i++) {
				wbuf_puts(w, "<tr>");
				wv_month_cell(w, l, win[i]);
				for (int a = 0; a < 5; a++) {
					if (t == 0)
						wv_cell(w, l, act(rows[0][i], WV_ACTIONS[a], "score"));
					else
						wv_level_cell(w, l, json_string_value(act(rows[0][i], WV_ACTIONS[a], "level")));
				}
				wbuf_puts(w, "</tr>\n");
			}
			wbuf_puts(w, "</tbody></table>\n");
		}
		wbuf_puts(w, "</section>\n");
		return;
	}
	for (int a = 0; a < 5; a++) {
		wbuf_printf(w, "<section id=\"%s\"><h2><a href=\"#%s\">", WV_ACTIONS[a], WV_ACTIONS[a]);
		wv_action(w, l, WV_ACTIONS[a]);
		wbuf_puts(w, "</a></h2>\n");
		for (int t = 0; t < 2; t++) {
			if (t == 1) {
				wbuf_puts(w, "<h3>");
				T(w, l, "hist_levels_heading");
				wbuf_puts(w, "</h3>\n");
			}
			wv_table(w, l, t == 0 ? "line" : NULL, "month");
			for (size_t k = 0; k < n; k++)
				wbuf_printf(w, "<th>AS%u</th>", asns[k]);
			wv_thead_end(w);
			for (int i = 0; i < WV_MONTHS; i++) {
				wbuf_puts(w, "<tr>");
				wv_month_cell(w, l, win[i]);
				for (size_t k = 0; k < n; k++) {
					if (t == 0)
						wv_cell(w, l, act(rows[k][i], WV_ACTIONS[a], "score"));
					else
						wv_level_cell(w, l, json_string_value(act(rows[k][i], WV_ACTIONS[a], "level")));
				}
				wbuf_puts(w, "</tr>\n");
			}
			wbuf_puts(w, "</tbody></table>\n");
		}
		wbuf_puts(w, "</section>\n");
	}
}

int wv_asn_list(struct wv *v, const char *name, const char *s, uint32_t out[WV_MAX_ASNS], size_t *n)
{
	*n = 0;
	char msg[96];
	for (const char *p = s; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char one[24];
		uint32_t asn;
		if (len == 0 || len >= sizeof one) {
			snprintf(msg, sizeof msg, "%s: a comma-separated list of AS numbers", name);
			return wv_bad(v, name, msg);
		}
		memcpy(one, p, len);
		one[len] = 0;
		if (!wv_asn(one, &asn)) {
			snprintf(msg, sizeof msg, "%s: not an AS number", name);
			return wv_bad(v, name, msg);
		}
		bool dup = false;
		for (size_t k = 0; k < *n; k++)
			dup |= out[k] == asn;
		if (!dup) {
			if (*n == WV_MAX_ASNS) {
				snprintf(msg, sizeof msg, "%s: at most %d AS numbers", name, WV_MAX_ASNS);
				return wv_bad(v, name, msg);
			}
			out[(*n)++] = asn;
		}
		if (!e)
			break;
		p = e + 1;
		if (!*p) {
			snprintf(msg, sizeof msg, "%s: a comma-separated list of AS numbers", name);
			return wv_bad(v, name, msg);
		}
	}
	return 0;
}

static void form(struct wv *v, const char *region, const char *asns, const char *month)
{
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	wbuf_puts(w, "<form method=\"get\" action=\"/history\" class=\"pick\"><label>");
	T(w, l, "region");
	wbuf_puts(w, " <select name=\"region\"><option value=\"\">\xe2\x80\x93</option>");
	bool listed = false;
	for (int i = 0; i < 5; i++) {
		bool sel = region && !strcasecmp(region, WV_REGIONS[i]);
		listed |= sel;
		wbuf_printf(w, "<option%s>%s</option>", sel ? " selected" : "", WV_REGIONS[i]);
	}
	if (region && !listed) {
		wbuf_puts(w, "<option selected>");
		wv_esc(w, region);
		wbuf_puts(w, "</option>");
	}
	wbuf_puts(w, "</select></label> <label>");
	T(w, l, "hist_networks_field");
	wbuf_puts(w, " <input name=\"asn\" size=\"24\" value=\"");
	wv_esc(w, asns);
	wbuf_puts(w, "\"></label> <label>");
	T(w, l, "hist_last_month");
	wbuf_puts(w, " <input name=\"month\" size=\"8\" placeholder=\"YYYY-MM\" value=\"");
	wv_esc(w, month);
	wbuf_puts(w, "\"></label>");
	wv_lang_field(w, l);
	wbuf_puts(w, " <button>");
	T(w, l, "show");
	wbuf_puts(w, "</button></form>\n");
}

void wv_history(struct wv *v, const char *asn_in_path)
{
	const char *region, *asns, *month_s;
	if (wv_param(v, "region", &region) < 0 || wv_param(v, "asn", &asns) < 0 || wv_param(v, "month", &month_s) < 0)
		return;
	if (asn_in_path) {
		if (asns) {
			wv_bad(v, "asn", "asn: the network is in the path already");
			return;
		}
		asns = asn_in_path;
	}
	if (region && asns) {
		wv_bad(v, "region", "region: give region or asn, not both");
		return;
	}
	if (region && !obs_m49_known_region(region)) {
		wv_bad(v, "region", "region: not a UN M49 region, sub-region or intermediate region");
		return;
	}
	uint32_t list[WV_MAX_ASNS];
	size_t n = 0;
	if (asns && wv_asn_list(v, "asn", asns, list, &n) < 0)
		return;
	if (month_s && !web_parse_month(month_s)) {
		wv_bad(v, "month", "month: not YYYY-MM or YYYY-MM-DDTHH:MM:SSZ");
		return;
	}
	uint32_t end = 0;
	if ((region || asns) && !(end = wv_month(v, "month")))
		return;
	uint32_t win[WV_MONTHS];
	wv_window(end, win);

	/* The data first: an error answers instead of the page. */
	json_t *agg[WV_MONTHS] = { 0 };
	json_t *hist[WV_MAX_ASNS] = { 0 };
	json_t *rows[WV_MAX_ASNS][WV_MONTHS];
	size_t found = 0;
	if (region && wv_region_window(v, region, win, agg) < 0)
		return;
	for (size_t k = 0; k < n; k++) {
		char path[40];
		snprintf(path, sizeof path, "/api/v2/ases/%u", list[k]);
		unsigned st = wv_get(v, path, NULL, &hist[k], true);
		if (st != 200 && st != 404) {
			for (size_t x = 0; x < k; x++)
				json_decref(hist[x]);
			return;
		}
		found += st == 200;
		wv_network_window(hist[k], win, rows[k]);
	}
	if (n && !found) {
		char msg[96];
		snprintf(msg, sizeof msg, n == 1 ? "AS%u: no stored scores" : "none of these networks has stored scores",
			 list[0]);
		web_error(v->rs, 404, msg, NULL);
		return;
	}

	struct wbuf self;
	wbuf_init(&self, 128);
	struct wbuf title;
	wbuf_init(&title, 128);
	wbuf_puts(&title, web_t(v->l, "nav_history"));
	if (asn_in_path) {
		wbuf_printf(&self, "/networks/%u/history", list[0]);
	} else {
		wbuf_puts(&self, "/history");
		if (region || asns) {
			wbuf_puts(&self, region ? "?region=" : "?asn=");
			wv_urlenc(&self, region ? region : asns);
		}
	}
	if (month_s) {
		wbuf_puts(&self, strchr(self.p ? self.p : "", '?') ? "&month=" : "?month=");
		wv_urlenc(&self, month_s);
	}
	wbuf_putc(&self, 0);
	if (region) {
		wbuf_puts(&title, ": ");
		wbuf_puts(&title, region);
	}
	for (size_t k = 0; k < n; k++)
		wbuf_printf(&title, "%sAS%u", k ? ", " : ": ", list[k]);
	wbuf_putc(&title, 0);

	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	web_page_head(w, l, self.p, title.p);
	wbuf_puts(w, "<h1>");
	wv_esc(w, title.p);
	wbuf_puts(w, "</h1>\n<p>");
	T(w, l, "hist_intro");
	wbuf_puts(w, "</p>\n");
	form(v, region, asns, month_s);
	if (region || n) {
		wbuf_puts(w, "<p>");
		T(w, l, "hist_window");
		wbuf_puts(w, ": ");
		wv_month_name(w, l, win[0]);
		wbuf_puts(w, " \xe2\x80\x93 ");
		wv_month_name(w, l, win[WV_MONTHS - 1]);
		wbuf_puts(w, "</p>\n");
	}
	if (region)
		wv_region_tables(v, win, agg);
	if (n) {
		wbuf_puts(w, "<ul class=\"networks\">");
		for (size_t k = 0; k < n; k++) {
			wbuf_printf(w, "<li><a href=\"/networks/%u?lang=%s\">AS%u</a>", list[k], web_lang_code(l), list[k]);
			if (!hist[k]) {
				wbuf_puts(w, ": ");
				T(w, l, "hist_no_scores");
			}
			wbuf_puts(w, "</li>");
		}
		wbuf_puts(w, "</ul>\n");
		wv_network_tables(v, win, list, n, rows);
	}
	web_page_foot(w);
	for (int i = 0; i < WV_MONTHS; i++)
		json_decref(agg[i]);
	for (size_t k = 0; k < n; k++)
		json_decref(hist[k]);
	wbuf_free(&self);
	wbuf_free(&title);
}
