/*
 * The Participants page (web_views.h): the MANRS participants by program
 * (network operators, IXPs, CDN and cloud providers, equipment vendors)
 * with each one's readiness per Action and program conformance, from
 * /api/v2/participants (the participants snapshot of `refdata load --kind
 * participants`, else `participants load`); ?asn= keeps the participants
 * holding that network, ?program= one program.
 */
#include "web/web_views_int.h"

#include <stdio.h>
#include <string.h>

static const char *const PROGRAMS[] = { "netops", "ixp", "cdn", "vendor" };
/* Catalogue keys of the programs and conformance values, in the order above. */
static const char *const PROG_KEY[] = { K("prog_netops"), K("prog_ixp"), K("prog_cdn"), K("prog_vendor") };
static const char *const CONF_KEY[] = { K("conf_met"), K("conf_not-met"), K("conf_no-data") };

static bool has_asn(json_t *p, uint32_t asn)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(p, "asns"), i, x) {
		if (json_integer_value(x) == (json_int_t)asn)
			return true;
	}
	return false;
}

static bool keep(json_t *p, uint32_t asn, const char *program)
{
	const char *pg = json_string_value(json_object_get(p, "program"));
	return (!asn || has_asn(p, asn)) && (!program || (pg && !strcmp(pg, program)));
}

static void conformance_cell(struct wbuf *w, enum web_lang l, const char *c)
{
	const char *key = CONF_KEY[2], *cls = "no-data";
	if (c && !strcmp(c, "met"))
		key = CONF_KEY[0], cls = "ready";
	else if (c && !strcmp(c, "not-met"))
		key = CONF_KEY[1], cls = "lagging";
	wbuf_printf(w, "<td class=\"%s\">", cls);
	T(w, l, key);
	wbuf_puts(w, "</td>");
}

static void actions_list(struct wbuf *w, enum web_lang l, json_t *arr)
{
	size_t i;
	json_t *x;
	if (!json_array_size(arr)) {
		wbuf_puts(w, "\xe2\x80\x93");
		return;
	}
	json_array_foreach(arr, i, x) {
		if (i)
			wbuf_puts(w, ", ");
		wv_action(w, l, json_string_value(x));
	}
}

void wv_participants(struct wv *v)
{
	const char *asn_s, *program, *month_s;
	if (wv_param(v, "asn", &asn_s) < 0 || wv_param(v, "program", &program) < 0 || wv_param(v, "month", &month_s) < 0)
		return;
	uint32_t asn = 0;
	if (asn_s && !wv_asn(asn_s, &asn)) {
		wv_bad(v, "asn", "asn: not an AS number");
		return;
	}
	bool ok = !program;
	for (int i = 0; program && i < 4; i++)
		ok |= !strcmp(program, PROGRAMS[i]);
	if (!ok) {
		wv_bad(v, "program", "program: netops, ixp, cdn or vendor");
		return;
	}
	const char *kv[] = { "month", month_s, NULL };
	json_t *r;
	if (wv_get(v, "/api/v2/participants", month_s ? kv : NULL, &r, false) != 200)
		return;

	struct wbuf self;
	wbuf_init(&self, 128);
	wbuf_puts(&self, "/participants");
	const char *names[] = { "asn", "program", "month" };
	const char *vals[] = { asn_s, program, month_s };
	for (int i = 0, first = 1; i < 3; i++)
		if (vals[i]) {
			wbuf_printf(&self, "%c%s=", first ? '?' : '&', names[i]);
			wv_urlenc(&self, vals[i]);
			first = 0;
		}
	wbuf_putc(&self, 0);
	struct wbuf *w = v->w;
	enum web_lang l = v->l;
	web_page_head(w, l, self.p, web_t(l, "nav_participants"));
	wbuf_free(&self);
	wbuf_puts(w, "<h1>");
	T(w, l, "part_heading");
	wbuf_puts(w, "</h1>\n<p>");
	T(w, l, "part_intro");
	wbuf_puts(w, "</p>\n<form method=\"get\" action=\"/participants\" class=\"pick\"><label>");
	T(w, l, "asn");
	wbuf_puts(w, " <input name=\"asn\" size=\"10\" value=\"");
	wv_esc(w, asn_s);
	wbuf_puts(w, "\"></label> <label>");
	T(w, l, "part_program");
	wbuf_puts(w, " <select name=\"program\"><option value=\"\">\xe2\x80\x93</option>");
	for (int i = 0; i < 4; i++) {
		wbuf_printf(w, "<option value=\"%s\"%s>", PROGRAMS[i], program && !strcmp(program, PROGRAMS[i]) ? " selected" : "");
		T(w, l, PROG_KEY[i]);
		wbuf_puts(w, "</option>");
	}
	wbuf_puts(w, "</select></label>");
	if (month_s) {
		wbuf_puts(w, "<input type=\"hidden\" name=\"month\" value=\"");
		wv_esc(w, month_s);
		wbuf_puts(w, "\">");
	}
	wv_lang_field(w, l);
	wbuf_puts(w, " <button>");
	T(w, l, "show");
	wbuf_puts(w, "</button></form>\n<p>");
	T(w, l, "month");
	wbuf_puts(w, ": ");
	const char *ms = json_string_value(json_object_get(r, "month"));
	wv_month_name(w, l, ms ? web_parse_month(ms) : 0);
	wbuf_puts(w, ". ");
	T(w, l, "part_from");
	wbuf_puts(w, ": ");
	json_t *from = json_object_get(r, "participants_from");
	if (json_object_get(from, "snapshot")) {
		wv_esc(w, json_string_value(json_object_get(from, "source")));
		wbuf_puts(w, " (");
		const char *t = json_string_value(json_object_get(from, "time"));
		char day[16] = "";
		if (t)
			snprintf(day, sizeof day, "%.10s", t);
		wv_date(w, l, day);
		wbuf_puts(w, ")");
	} else
		T(w, l, "part_from_table");
	wbuf_puts(w, "</p>\n");

	json_t *parts = json_object_get(r, "participants");
	/* Conformance per program: stacked counts. */
	wbuf_puts(w, "<section id=\"conformance\"><h2><a href=\"#conformance\">");
	T(w, l, "part_conformance_heading");
	wbuf_puts(w, "</a></h2>\n");
	wv_table(w, l, "bar", "part_program");
	for (int c = 0; c < 3; c++) {
		wbuf_puts(w, "<th>");
		T(w, l, CONF_KEY[c]);
		wbuf_puts(w, "</th>");
	}
	wv_thead_end(w);
	size_t shown = 0;
	for (int pi = 0; pi < 4; pi++) {
		if (program && strcmp(program, PROGRAMS[pi]))
			continue;
		long long count[3] = { 0, 0, 0 };
		size_t i;
		json_t *p;
		json_array_foreach(parts, i, p) {
			const char *pg = json_string_value(json_object_get(p, "program"));
			if (!pg || strcmp(pg, PROGRAMS[pi]) || !keep(p, asn, program))
				continue;
			const char *c = json_string_value(json_object_get(p, "conformance"));
			count[c && !strcmp(c, "met") ? 0 : c && !strcmp(c, "not-met") ? 1 : 2]++;
		}
		wbuf_puts(w, "<tr><th scope=\"row\">");
		T(w, l, PROG_KEY[pi]);
		wbuf_puts(w, "</th>");
		for (int c = 0; c < 3; c++)
			wv_cell_int(w, l, count[c]);
		wbuf_puts(w, "</tr>\n");
	}
	wbuf_puts(w, "</tbody></table></section>\n");

	for (int pi = 0; pi < 4; pi++) {
		if (program && strcmp(program, PROGRAMS[pi]))
			continue;
		wbuf_printf(w, "<section id=\"program-%s\"><h2><a href=\"#program-%s\">", PROGRAMS[pi], PROGRAMS[pi]);
		T(w, l, PROG_KEY[pi]);
		wbuf_puts(w, "</a></h2>\n");
		size_t i, n = 0;
		json_t *p;
		json_array_foreach(parts, i, p) {
			const char *pg = json_string_value(json_object_get(p, "program"));
			if (!pg || strcmp(pg, PROGRAMS[pi]) || !keep(p, asn, program))
				continue;
			if (n++ == 0) {
				wv_table(w, l, NULL, "part_organisation");
				static const char *const H[] = { K("part_joined"), K("part_asns") };
				for (int h = 0; h < 2; h++) {
					wbuf_puts(w, "<th>");
					T(w, l, H[h]);
					wbuf_puts(w, "</th>");
				}
				for (int a = 0; a < 5; a++) {
					wbuf_puts(w, "<th>");
					wv_action(w, l, WV_ACTIONS[a]);
					wbuf_puts(w, "</th>");
				}
				static const char *const H2[] = { K("part_conformance"), K("part_required"), K("part_recommended") };
				for (int h = 0; h < 3; h++) {
					wbuf_puts(w, "<th>");
					T(w, l, H2[h]);
					wbuf_puts(w, "</th>");
				}
				wv_thead_end(w);
			}
			shown++;
			wbuf_puts(w, "<tr><th scope=\"row\">");
			wv_esc(w, json_string_value(json_object_get(p, "organisation")));
			wbuf_puts(w, "</th><td>");
			wv_date(w, l, json_string_value(json_object_get(p, "joined")));
			wbuf_puts(w, "</td><td>");
			size_t k;
			json_t *x;
			json_array_foreach(json_object_get(p, "asns"), k, x) {
				long long a = (long long)json_integer_value(x);
				wbuf_printf(w, "%s<a href=\"/networks/%lld?lang=%s\">AS%lld</a>", k ? ", " : "", a, web_lang_code(l), a);
			}
			wbuf_puts(w, "</td>");
			for (int a = 0; a < 5; a++)
				wv_level_cell(w, l, json_string_value(json_object_get(json_object_get(p, "levels"), WV_ACTIONS[a])));
			conformance_cell(w, l, json_string_value(json_object_get(p, "conformance")));
			wbuf_puts(w, "<td>");
			actions_list(w, l, json_object_get(p, "required_not_ready"));
			wbuf_puts(w, "</td><td>");
			actions_list(w, l, json_object_get(p, "recommended_not_ready"));
			wbuf_puts(w, "</td></tr>\n");
		}
		if (n)
			wbuf_puts(w, "</tbody></table>\n");
		else {
			wbuf_puts(w, "<p>");
			T(w, l, "part_none");
			wbuf_puts(w, "</p>\n");
		}
		wbuf_puts(w, "</section>\n");
	}
	if (asn && !shown) {
		wbuf_printf(w, "<p class=\"notice\">AS%u: ", asn);
		T(w, l, "part_not_participant");
		wbuf_puts(w, "</p>\n");
	}

	/* Readiness over the participants' networks (the aggregate). */
	if (!asn && !program) {
		static const char *const LEVELS[] = { "ready", "aspiring", "lagging", "no-data" };
		json_t *acts = json_object_get(r, "actions");
		wbuf_puts(w, "<section id=\"readiness\"><h2><a href=\"#readiness\">");
		T(w, l, "part_readiness_heading");
		wbuf_puts(w, "</a></h2>\n<p>");
		T(w, l, "networks");
		wbuf_puts(w, ": ");
		wv_num(w, l, json_object_get(r, "networks"));
		wbuf_puts(w, "</p>\n");
		wv_table(w, l, "bar", "action");
		for (int k = 0; k < 4; k++) {
			wbuf_puts(w, "<th>");
			T(w, l, LEVELS[k]);
			wbuf_puts(w, "</th>");
		}
		wbuf_puts(w, "<th data-skip>");
		T(w, l, "mean");
		wbuf_puts(w, "</th>");
		wv_thead_end(w);
		for (int a = 0; a < 5; a++) {
			json_t *x = json_object_get(acts, WV_ACTIONS[a]);
			wbuf_puts(w, "<tr><th scope=\"row\">");
			wv_action(w, l, WV_ACTIONS[a]);
			wbuf_puts(w, "</th>");
			for (int k = 0; k < 4; k++)
				wv_cell(w, l, json_object_get(x, LEVELS[k]));
			wv_cell(w, l, json_object_get(x, "mean"));
			wbuf_puts(w, "</tr>\n");
		}
		wbuf_puts(w, "</tbody></table></section>\n");
	}
	wbuf_puts(w, "<p>");
	T(w, l, "export");
	wbuf_puts(w, ": <a href=\"/api/v2/participants");
	if (month_s) {
		wbuf_puts(w, "?month=");
		wv_urlenc(w, month_s);
	}
	wbuf_printf(w, "\">JSON</a> <a href=\"/api/v2/participants?%s", month_s ? "month=" : "");
	if (month_s) {
		wv_urlenc(w, month_s);
		wbuf_puts(w, "&amp;");
	}
	wbuf_puts(w, "format=csv\">CSV</a></p>\n");
	web_page_foot(w);
	json_decref(r);
}
