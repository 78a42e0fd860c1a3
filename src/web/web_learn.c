/*
 * The Learn pages (web_views.h): a self-paced tutorial for each MANRS
 * Action (/learn/filtering, /learn/anti-spoofing, /learn/coordination,
 * /learn/validation), the text from the catalogues, tied to the visitor's
 * own network with ?asn=: its scores and findings from the report
 * (/api/v2/scores/details), and what to create to fix them: the ROAs
 * (RFC 6482; the max length equal to the prefix length, as RFC 9319
 * recommends) and route objects (RFC 2622, RFC 4012).
 */
#include "web/web_views_int.h"

#include <stdio.h>
#include <string.h>

struct topic {
	const char *slug;       /* path segment */
	const char *act;        /* the Action's key in the report ("validation": irr and rpki) */
	const char *title, *summary, *intro;   /* catalogue keys */
	const char *steps[4][2];               /* heading and text keys; NULL after the last */
	const char *code;       /* commands or configuration shown after the steps (no prose: */
				/* that is in the catalogues) */
};

static const struct topic TOPICS[] = {
	{ "filtering", "filtering", K("learn_filtering_title"), K("learn_filtering_summary"), K("learn_filtering_intro"),
	  { { K("learn_filtering_s1_h"), K("learn_filtering_s1_p") },
	    { K("learn_filtering_s2_h"), K("learn_filtering_s2_p") },
	    { K("learn_filtering_s3_h"), K("learn_filtering_s3_p") },
	    { K("learn_filtering_s4_h"), K("learn_filtering_s4_p") } },
	  "$ bgpq4 -4 -b -l CUSTOMER_V4 AS-CUSTOMER\n"
	  "$ manrs filter --rpsl ripe.db.gz -4 -b -l CUSTOMER_V4 AS-CUSTOMER\n"
	  "$ bgpq4 -b -f 64500 -l CUSTOMER_PATHS AS-CUSTOMER\n" },
	{ "anti-spoofing", "anti_spoofing", K("learn_anti_spoofing_title"), K("learn_anti_spoofing_summary"), K("learn_anti_spoofing_intro"),
	  { { K("learn_anti_spoofing_s1_h"), K("learn_anti_spoofing_s1_p") },
	    { K("learn_anti_spoofing_s2_h"), K("learn_anti_spoofing_s2_p") },
	    { K("learn_anti_spoofing_s3_h"), K("learn_anti_spoofing_s3_p") },
	    { K("learn_anti_spoofing_s4_h"), K("learn_anti_spoofing_s4_p") } },
	  "! Cisco IOS\n"
	  "interface GigabitEthernet0/1\n"
	  " ip verify unicast source reachable-via rx\n"
	  "# Junos\n"
	  "set interfaces ge-0/0/1 unit 0 family inet rpf-check\n"
	  "# Linux\n"
	  "sysctl -w net.ipv4.conf.eth1.rp_filter=1\n" },
	{ "coordination", "coordination", K("learn_coordination_title"), K("learn_coordination_summary"), K("learn_coordination_intro"),
	  { { K("learn_coordination_s1_h"), K("learn_coordination_s1_p") },
	    { K("learn_coordination_s2_h"), K("learn_coordination_s2_p") },
	    { K("learn_coordination_s3_h"), K("learn_coordination_s3_p") } },
	  "aut-num:        AS64500\n"
	  "as-name:        EXAMPLE-NET\n"
	  "admin-c:        EX123-RIPE\n"
	  "tech-c:         EX123-RIPE\n"
	  "abuse-c:        EXAB1-RIPE\n"
	  "mnt-by:         EXAMPLE-MNT\n"
	  "source:         RIPE\n" },
	{ "validation", "validation", K("learn_validation_title"), K("learn_validation_summary"), K("learn_validation_intro"),
	  { { K("learn_validation_s1_h"), K("learn_validation_s1_p") },
	    { K("learn_validation_s2_h"), K("learn_validation_s2_p") },
	    { K("learn_validation_s3_h"), K("learn_validation_s3_p") },
	    { K("learn_validation_s4_h"), K("learn_validation_s4_p") } },
	  "$ manrs rov 192.0.2.0/24 AS64500 --vrps rpki-client.json\n"
	  "$ curl 'http://127.0.0.1:8080/api/v2/prefixes/192.0.2.0/24'\n" },
};

static const struct topic *find(const char *slug)
{
	for (size_t i = 0; slug && i < sizeof TOPICS / sizeof TOPICS[0]; i++)
		if (!strcmp(slug, TOPICS[i].slug))
			return &TOPICS[i];
	return NULL;
}

/* A catalogue text with {n}, {m}, ... replaced by localised integers
 * (names from `names`, values from `vals`). */
static void fill(struct wbuf *w, enum web_lang l, const char *key, const char *names, const long long *vals)
{
	for (const char *p = web_t(l, key); *p; p++) {
		const char *at;
		if (p[0] == '{' && p[1] && p[2] == '}' && (at = strchr(names, p[1]))) {
			wv_int(w, l, vals[at - names]);
			p += 2;
			continue;
		}
		char c[2] = { *p, 0 };
		wv_esc(w, c);
	}
}

/* An AS number cell: "AS64500", never grouped like a count. */
static void asn_cell(struct wbuf *w, json_t *x)
{
	if (json_is_integer(x))
		wbuf_printf(w, "<td>AS%lld</td>", (long long)json_integer_value(x));
	else
		wbuf_puts(w, "<td>\xe2\x80\x93</td>");
}

static void para(struct wbuf *w, enum web_lang l, const char *key)
{
	wbuf_puts(w, "<p>");
	T(w, l, key);
	wbuf_puts(w, "</p>\n");
}

static json_t *metric(json_t *r, const char *m)
{
	return json_object_get(json_object_get(r, "metrics"), m);
}

static long long ival(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* A metric's row: name, score, status (no data and why). */
static void metric_row(struct wbuf *w, enum web_lang l, json_t *r, const char *m)
{
	json_t *x = metric(r, m);
	wbuf_printf(w, "<tr><th scope=\"row\">%s</th>", m);
	wv_cell(w, l, json_object_get(x, "score"));
	wbuf_puts(w, "<td>");
	if (json_object_get(x, "status")) {
		T(w, l, "no-data");
		const char *why = json_string_value(json_object_get(x, "reason"));
		if (why) {
			wbuf_puts(w, ": ");
			wv_esc(w, why);
		}
	}
	wbuf_puts(w, "</td></tr>\n");
}

static void metric_table(struct wbuf *w, enum web_lang l, json_t *r, const char *const *ms, size_t n)
{
	wv_table(w, l, NULL, "metric");
	wbuf_puts(w, "<th>");
	T(w, l, "score");
	wbuf_puts(w, "</th><th>");
	T(w, l, "status");
	wbuf_puts(w, "</th>");
	wv_thead_end(w);
	for (size_t i = 0; i < n; i++)
		metric_row(w, l, r, ms[i]);
	wbuf_puts(w, "</tbody></table>\n");
}

/* "N more: the whole list is in the report's CSV" under a capped table. */
static void more(struct wbuf *w, enum web_lang l, size_t n, uint32_t asn, const char *month)
{
	if (n <= WV_MAX_ROWS)
		return;
	long long x = (long long)(n - WV_MAX_ROWS);
	wbuf_puts(w, "<p>");
	fill(w, l, K("learn_more_rows"), "n", &x);
	wbuf_printf(w, " <a href=\"/api/v2/scores/details?asn=%u&amp;month=", asn);
	wv_esc(w, month);
	wbuf_puts(w, "\">JSON</a></p>\n");
}

static void you_filtering(struct wbuf *w, enum web_lang l, json_t *r, uint32_t asn, const char *month)
{
	static const char *const MS[] = { "M1", "M1C", "M2", "M2C", "M3", "M3C", "M4", "M4C" };
	metric_table(w, l, r, MS, sizeof MS / sizeof MS[0]);
	json_t *ev = json_object_get(metric(r, "M3"), "evidence");
	long long n = (long long)json_array_size(ev);
	wbuf_puts(w, "<p>");
	fill(w, l, K("learn_you_bogons"), "n", &n);
	wbuf_puts(w, "</p>\n");
	if (n) {
		wv_table(w, l, NULL, "prefix");
		static const char *const H[] = { K("origin"), K("learn_bogon_kind"), K("reason") };
		for (int h = 0; h < 3; h++) {
			wbuf_puts(w, "<th>");
			T(w, l, H[h]);
			wbuf_puts(w, "</th>");
		}
		wv_thead_end(w);
		size_t i;
		json_t *e;
		json_array_foreach(ev, i, e) {
			if (i >= WV_MAX_ROWS)
				break;
			wbuf_puts(w, "<tr><td>");
			wv_esc(w, json_string_value(json_object_get(e, "prefix")));
			wbuf_puts(w, "</td>");
			asn_cell(w, json_object_get(e, "origin"));
			wbuf_puts(w, "<td>");
			wv_esc(w, json_string_value(json_object_get(e, "bogon")));
			wbuf_puts(w, "</td><td>");
			wv_esc(w, json_string_value(json_object_get(e, "what")));
			wbuf_puts(w, "</td></tr>\n");
		}
		wbuf_puts(w, "</tbody></table>\n");
		more(w, l, (size_t)n, asn, month);
	}
	wbuf_printf(w, "<p><a href=\"/incidents?asn=%u&amp;lang=%s\">", asn, web_lang_code(l));
	T(w, l, "learn_you_incidents");
	wbuf_puts(w, "</a></p>\n");
}

static void you_anti_spoofing(struct wbuf *w, enum web_lang l, json_t *r)
{
	static const char *const MS[] = { "M5" };
	metric_table(w, l, r, MS, 1);
	json_t *m5 = metric(r, "M5");
	para(w, l, json_is_number(json_object_get(m5, "score")) ? K("learn_you_spoofer_data") : K("learn_you_spoofer_none"));
}

static void you_coordination(struct wbuf *w, enum web_lang l, json_t *r)
{
	json_t *m8 = metric(r, "M8");
	wv_table(w, l, NULL, "metric");
	wbuf_puts(w, "<th>");
	T(w, l, "learn_value");
	wbuf_puts(w, "</th>");
	wv_thead_end(w);
	wbuf_puts(w, "<tr><th scope=\"row\">");
	T(w, l, "score");
	wbuf_puts(w, " (M8)</th>");
	wv_cell(w, l, json_object_get(m8, "score"));
	wbuf_puts(w, "</tr>\n<tr><th scope=\"row\">");
	T(w, l, "learn_pdb_record");
	wbuf_puts(w, "</th><td>");
	json_t *pdb = json_object_get(m8, "peeringdb_net");
	if (json_is_boolean(pdb))
		T(w, l, json_is_true(pdb) ? K("yes") : K("no"));
	else
		wbuf_puts(w, "\xe2\x80\x93");
	wbuf_puts(w, "</td></tr>\n<tr><th scope=\"row\">");
	T(w, l, "learn_contacts");
	wbuf_puts(w, "</th>");
	wv_cell(w, l, json_object_get(m8, "contacts"));
	wbuf_puts(w, "</tr>\n</tbody></table>\n");
	json_t *sc = json_object_get(m8, "score");
	para(w, l, json_is_number(sc) && json_number_value(sc) >= 1 ? K("learn_you_contact_ok") : K("learn_you_contact_fix"));
}

static void you_validation(struct wbuf *w, enum web_lang l, json_t *r, uint32_t asn, const char *month)
{
	/* IRR: route objects. */
	json_t *irr = metric(r, "M7IRR");
	wbuf_puts(w, "<h3 id=\"your-irr\">");
	T(w, l, "act_irr");
	wbuf_puts(w, "</h3>\n");
	if (!json_is_number(json_object_get(irr, "score"))) {
		metric_table(w, l, r, (const char *const[]){ "M7IRR" }, 1);
	} else {
		long long v[2] = { ival(irr, "registered"), ival(irr, "registered") + ival(irr, "unregistered") };
		wbuf_puts(w, "<p>");
		fill(w, l, K("learn_you_irr"), "nm", v);
		wbuf_puts(w, "</p>\n");
		wv_table(w, l, NULL, "source");
		wbuf_puts(w, "<th>");
		T(w, l, "learn_registered");
		wbuf_puts(w, "</th>");
		wv_thead_end(w);
		const char *src;
		json_t *x;
		json_object_foreach(json_object_get(irr, "by_source"), src, x) {
			wbuf_puts(w, "<tr><th scope=\"row\">");
			wv_esc(w, src);
			wbuf_puts(w, "</th>");
			wv_cell(w, l, x);
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table>\n");
		json_t *ev = json_object_get(irr, "evidence");
		if (json_array_size(ev)) {
			wbuf_puts(w, "<h4 id=\"route-objects\">");
			T(w, l, "learn_route_objects");
			wbuf_puts(w, "</h4>\n");
			wv_table(w, l, NULL, "learn_object");
			static const char *const H[] = { K("prefix"), K("origin"), K("status") };
			for (int h = 0; h < 3; h++) {
				wbuf_puts(w, "<th>");
				T(w, l, H[h]);
				wbuf_puts(w, "</th>");
			}
			wv_thead_end(w);
			size_t i;
			json_t *e;
			json_array_foreach(ev, i, e) {
				if (i >= WV_MAX_ROWS)
					break;
				const char *pfx = json_string_value(json_object_get(e, "prefix"));
				const char *st = json_string_value(json_object_get(e, "status"));
				wbuf_printf(w, "<tr><td>%s</td><td>", pfx && strchr(pfx, ':') ? "route6" : "route");
				wv_esc(w, pfx);
				wbuf_puts(w, "</td>");
				asn_cell(w, json_object_get(e, "origin"));
				wbuf_puts(w, "<td>");
				T(w, l, st && !strcmp(st, "other-origin") ? K("learn_other_origin") : K("learn_no_route_object"));
				wbuf_puts(w, "</td></tr>\n");
			}
			wbuf_puts(w, "</tbody></table>\n");
			more(w, l, json_array_size(ev), asn, month);
			/* The first one written out as RPSL. */
			json_t *e0 = json_array_get(ev, 0);
			const char *pfx = json_string_value(json_object_get(e0, "prefix"));
			para(w, l, K("learn_rpsl_example"));
			wbuf_printf(w, "<pre>%-15s ", pfx && strchr(pfx, ':') ? "route6:" : "route:");
			wv_esc(w, pfx);
			wbuf_printf(w, "\norigin:         AS%lld\ndescr:          ", ival(e0, "origin"));
			T(w, l, "learn_rpsl_descr");
			wbuf_puts(w, "\nmnt-by:         ");
			T(w, l, "learn_rpsl_mnt");
			wbuf_puts(w, "\nsource:         ");
			T(w, l, "learn_rpsl_source");
			wbuf_puts(w, "\n</pre>\n");
		}
	}

	/* RPKI: ROAs. */
	json_t *rp = metric(r, "M7RPKI");
	wbuf_puts(w, "<h3 id=\"your-rpki\">");
	T(w, l, "act_rpki");
	wbuf_puts(w, "</h3>\n");
	if (!json_is_number(json_object_get(rp, "score"))) {
		metric_table(w, l, r, (const char *const[]){ "M7RPKI" }, 1);
		return;
	}
	long long v[3] = { ival(rp, "valid"), ival(rp, "valid") + ival(rp, "invalid") + ival(rp, "not_found"),
			   ival(rp, "invalid") };
	wbuf_puts(w, "<p>");
	fill(w, l, K("learn_you_rpki"), "nmi", v);
	wbuf_puts(w, "</p>\n");
	wv_table(w, l, "bar", "learn_routes");
	static const char *const RH[] = { K("rpki_valid"), K("rpki_invalid"), K("rpki_not_found") };
	for (int h = 0; h < 3; h++) {
		wbuf_puts(w, "<th>");
		T(w, l, RH[h]);
		wbuf_puts(w, "</th>");
	}
	wv_thead_end(w);
	wbuf_printf(w, "<tr><th scope=\"row\">AS%u</th>", asn);
	wv_cell(w, l, json_object_get(rp, "valid"));
	wv_cell(w, l, json_object_get(rp, "invalid"));
	wv_cell(w, l, json_object_get(rp, "not_found"));
	wbuf_puts(w, "</tr>\n</tbody></table>\n");
	json_t *ev = json_object_get(rp, "evidence");
	if (!json_array_size(ev)) {
		para(w, l, K("learn_you_roas_done"));
		return;
	}
	wbuf_puts(w, "<h4 id=\"roas\">");
	T(w, l, "learn_roas_to_create");
	wbuf_puts(w, "</h4>\n");
	para(w, l, K("learn_roas_explain"));
	wv_table(w, l, NULL, "prefix");
	static const char *const H[] = { K("learn_max_length"), K("origin"), K("status"), K("learn_covering_roas") };
	for (int h = 0; h < 4; h++) {
		wbuf_puts(w, "<th>");
		T(w, l, H[h]);
		wbuf_puts(w, "</th>");
	}
	wv_thead_end(w);
	size_t i;
	json_t *e;
	json_array_foreach(ev, i, e) {
		if (i >= WV_MAX_ROWS)
			break;
		const char *pfx = json_string_value(json_object_get(e, "prefix"));
		const char *slash = pfx ? strrchr(pfx, '/') : NULL;
		wbuf_puts(w, "<tr><td>");
		wv_esc(w, pfx);
		wbuf_puts(w, "</td>");
		/* RFC 9319: the max length is the prefix's own length. */
		long long len = -1;
		if (slash && sscanf(slash + 1, "%lld", &len) == 1 && len >= 0 && len <= 128)
			wv_cell_int(w, l, len);
		else
			wbuf_puts(w, "<td class=\"num\">\xe2\x80\x93</td>");
		asn_cell(w, json_object_get(e, "origin"));
		const char *st = json_string_value(json_object_get(e, "status"));
		wbuf_puts(w, "<td>");
		T(w, l, st && !strcmp(st, "invalid-origin")   ? K("rpki_invalid_origin")
			: st && !strcmp(st, "invalid-length") ? K("rpki_invalid_length")
							       : K("rpki_not_found"));
		wbuf_puts(w, "</td><td>");
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(e, "vrps"), k, x) {
			wbuf_puts(w, k ? ", " : "");
			wv_esc(w, json_string_value(json_object_get(x, "prefix")));
			wbuf_printf(w, "-%lld AS%lld", ival(x, "max_length"), ival(x, "asn"));
		}
		if (!k)
			wbuf_puts(w, "\xe2\x80\x93");
		wbuf_puts(w, "</td></tr>\n");
	}
	wbuf_puts(w, "</tbody></table>\n");
	more(w, l, json_array_size(ev), asn, month);
}

static void asn_form(struct wv *v, const char *action, const char *asn)
{
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	wbuf_puts(w, "<form method=\"get\" action=\"");
	wv_esc(w, action);
	wbuf_puts(w, "\" class=\"pick\"><label>");
	T(w, l, "learn_your_asn");
	wbuf_puts(w, " <input name=\"asn\" size=\"12\" value=\"");
	wv_esc(w, asn);
	wbuf_puts(w, "\"></label>");
	wv_lang_field(w, l);
	wbuf_puts(w, " <button>");
	T(w, l, "show");
	wbuf_puts(w, "</button></form>\n");
}

void wv_learn(struct wv *v, const char *slug)
{
	const char *asn_s, *month_s;
	if (wv_param(v, "asn", &asn_s) < 0 || wv_param(v, "month", &month_s) < 0)
		return;
	uint32_t asn = 0;
	if (asn_s && !wv_asn(asn_s, &asn)) {
		wv_bad(v, "asn", "asn: not an AS number");
		return;
	}
	if (month_s && !web_parse_month(month_s)) {
		wv_bad(v, "month", "month: not YYYY-MM or YYYY-MM-DDTHH:MM:SSZ");
		return;
	}
	const struct topic *t = find(slug);
	json_t *r = NULL;
	char asn_txt[16] = "";
	if (asn) {
		snprintf(asn_txt, sizeof asn_txt, "%u", asn);
		const char *kv[] = { "asn", asn_txt, "month", month_s, NULL };
		if (!month_s)
			kv[2] = NULL;
		if (wv_get(v, "/api/v2/scores/details", kv, &r, false) != 200)
			return;
	}
	struct wbuf self;
	wbuf_init(&self, 128);
	wbuf_printf(&self, "/learn%s%s", t ? "/" : "", t ? t->slug : "");
	if (asn)
		wbuf_printf(&self, "?asn=%u", asn);
	if (month_s) {
		wbuf_puts(&self, asn ? "&month=" : "?month=");
		wv_urlenc(&self, month_s);
	}
	wbuf_putc(&self, 0);
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	char key[64];
	web_page_head(w, l, self.p, web_t(l, t ? t->title : "nav_learn"));
	wbuf_free(&self);

	if (!t) {
		wbuf_puts(w, "<h1>");
		T(w, l, "learn_heading");
		wbuf_puts(w, "</h1>\n");
		para(w, l, K("learn_intro"));
		asn_form(v, "/learn", asn_s);
		wbuf_puts(w, "<ol class=\"tutorials\">\n");
		for (size_t i = 0; i < sizeof TOPICS / sizeof TOPICS[0]; i++) {
			wbuf_printf(w, "<li><h2><a href=\"/learn/%s?lang=%s", TOPICS[i].slug, web_lang_code(l));
			if (asn)
				wbuf_printf(w, "&amp;asn=%u", asn);
			wbuf_puts(w, "\">");
			T(w, l, TOPICS[i].title);
			wbuf_puts(w, "</a></h2><p>");
			T(w, l, TOPICS[i].summary);
			wbuf_puts(w, "</p></li>\n");
		}
		wbuf_puts(w, "</ol>\n");
		if (r) {
			/* Where the visitor's network stands: which tutorial first. */
			wbuf_puts(w, "<section id=\"your-network\"><h2><a href=\"#your-network\">");
			T(w, l, "learn_your_network");
			wbuf_printf(w, "</a>: AS%u</h2>\n", asn);
			wv_table(w, l, NULL, "action");
			wbuf_puts(w, "<th>");
			T(w, l, "score");
			wbuf_puts(w, "</th><th>");
			T(w, l, "level");
			wbuf_puts(w, "</th><th>");
			T(w, l, "learn_tutorial");
			wbuf_puts(w, "</th>");
			wv_thead_end(w);
			for (int a = 0; a < 5; a++) {
				const struct topic *tp = &TOPICS[a < 3 ? a : 3];
				json_t *x = json_object_get(json_object_get(r, "actions"), WV_ACTIONS[a]);
				wbuf_puts(w, "<tr><th scope=\"row\">");
				wv_action(w, l, WV_ACTIONS[a]);
				wbuf_puts(w, "</th>");
				wv_cell(w, l, json_object_get(x, "score"));
				wv_level_cell(w, l, json_string_value(json_object_get(x, "level")));
				wbuf_printf(w, "<td><a href=\"/learn/%s?lang=%s&amp;asn=%u#your-network\">", tp->slug,
					    web_lang_code(l), asn);
				T(w, l, tp->title);
				wbuf_puts(w, "</a></td></tr>\n");
			}
			wbuf_puts(w, "</tbody></table></section>\n");
		}
		web_page_foot(w);
		json_decref(r);
		return;
	}

	wbuf_puts(w, "<p class=\"crumbs\"><a href=\"/learn?lang=");
	wbuf_puts(w, web_lang_code(l));
	if (asn)
		wbuf_printf(w, "&amp;asn=%u", asn);
	wbuf_puts(w, "\">");
	T(w, l, "nav_learn");
	wbuf_puts(w, "</a></p>\n<h1>");
	T(w, l, t->title);
	wbuf_puts(w, "</h1>\n");
	para(w, l, t->intro);
	wbuf_puts(w, "<ol class=\"steps\">\n");
	for (int s = 0; s < 4 && t->steps[s][0]; s++) {
		wbuf_printf(w, "<li id=\"step-%d\"><h2><a href=\"#step-%d\">", s + 1, s + 1);
		T(w, l, t->steps[s][0]);
		wbuf_puts(w, "</a></h2><p>");
		T(w, l, t->steps[s][1]);
		wbuf_puts(w, "</p></li>\n");
	}
	wbuf_puts(w, "</ol>\n<section id=\"example\"><h2><a href=\"#example\">");
	T(w, l, "learn_example");
	wbuf_puts(w, "</a></h2>\n<pre>");
	wv_esc(w, t->code);
	wbuf_puts(w, "</pre></section>\n<section id=\"your-network\"><h2><a href=\"#your-network\">");
	T(w, l, "learn_your_network");
	wbuf_puts(w, "</a></h2>\n");
	if (!r) {
		para(w, l, K("learn_give_asn"));
		snprintf(key, sizeof key, "/learn/%s", t->slug);
		asn_form(v, key, asn_s);
	} else {
		const char *month = json_string_value(json_object_get(r, "month"));
		wbuf_printf(w, "<p><a href=\"/networks/%u?lang=%s", asn, web_lang_code(l));
		if (month) {
			wbuf_puts(w, "&amp;month=");
			wv_esc(w, month);
		}
		wbuf_printf(w, "\">AS%u</a>, ", asn);
		wv_month_name(w, l, month ? web_parse_month(month) : 0);
		wbuf_puts(w, ". ");
		T(w, l, "announced");
		wbuf_puts(w, ": ");
		wv_num(w, l, json_object_get(r, "announced"));
		wbuf_puts(w, "</p>\n");
		/* The Action (or both halves of Action 4) as the report scores it. */
		wv_table(w, l, NULL, "action");
		wbuf_puts(w, "<th>");
		T(w, l, "score");
		wbuf_puts(w, "</th><th>");
		T(w, l, "level");
		wbuf_puts(w, "</th>");
		wv_thead_end(w);
		const char *acts[2] = { t->act, NULL };
		if (!strcmp(t->act, "validation"))
			acts[0] = "irr", acts[1] = "rpki";
		for (int i = 0; i < 2 && acts[i]; i++) {
			json_t *x = json_object_get(json_object_get(r, "actions"), acts[i]);
			wbuf_puts(w, "<tr><th scope=\"row\">");
			wv_action(w, l, acts[i]);
			wbuf_puts(w, "</th>");
			wv_cell(w, l, json_object_get(x, "score"));
			wv_level_cell(w, l, json_string_value(json_object_get(x, "level")));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table>\n");
		if (!strcmp(t->slug, "filtering"))
			you_filtering(w, l, r, asn, month);
		else if (!strcmp(t->slug, "anti-spoofing"))
			you_anti_spoofing(w, l, r);
		else if (!strcmp(t->slug, "coordination"))
			you_coordination(w, l, r);
		else
			you_validation(w, l, r, asn, month);
		wbuf_printf(w, "<p><a href=\"/history?asn=%u&amp;lang=%s\">", asn, web_lang_code(l));
		T(w, l, "learn_see_history");
		wbuf_puts(w, "</a></p>\n");
	}
	wbuf_puts(w, "</section>\n");
	web_page_foot(w);
	json_decref(r);
}
