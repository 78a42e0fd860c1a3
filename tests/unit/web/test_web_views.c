/*
 * Unit tests of the pages' locale helpers (src/web/web_views.c): digit
 * grouping, month and date forms from the catalogues, the twelve-month
 * window, query-value encoding and the routes the pages answer.
 */
#include "test.h"

#include "web/web_views_int.h"

#include <stdio.h>

static const char *out(struct wbuf *w)
{
	static char b[256];
	snprintf(b, sizeof b, "%.*s", (int)w->len, w->p);
	w->len = 0;
	return b;
}

void test_web_views_locale(void)
{
	struct wbuf w;
	wbuf_init(&w, 64);
	web_i18n_init();
	wv_int(&w, WEB_LANG_EN, 1234567);
	CHECK_STR(out(&w), "1,234,567");
	wv_int(&w, WEB_LANG_ES, 1234567);
	CHECK_STR(out(&w), "1.234.567");
	wv_int(&w, WEB_LANG_ES, 4096);   /* CLDR: Spanish leaves four digits ungrouped */
	CHECK_STR(out(&w), "4096");
	wv_int(&w, WEB_LANG_FR, 4096);
	CHECK_STR(out(&w), "4\xe2\x80\xaf" "096");
	wv_int(&w, WEB_LANG_EN, -94);
	CHECK_STR(out(&w), "-94");
	wv_int(&w, WEB_LANG_EN, 999);
	CHECK_STR(out(&w), "999");
	wv_month_name(&w, WEB_LANG_EN, 202410);
	CHECK_STR(out(&w), "October 2024");
	wv_month_name(&w, WEB_LANG_ES, 202401);
	CHECK_STR(out(&w), "enero de 2024");
	wv_month_name(&w, WEB_LANG_FR, 202408);
	CHECK_STR(out(&w), "ao\xc3\xbbt 2024");
	wv_month_name(&w, WEB_LANG_FR, 202413);
	CHECK_STR(out(&w), "\xe2\x80\x93");
	wv_date(&w, WEB_LANG_EN, "2020-03-01");
	CHECK_STR(out(&w), "March 1, 2020");
	wv_date(&w, WEB_LANG_ES, "2021-06-15");
	CHECK_STR(out(&w), "15 de junio de 2021");
	wv_date(&w, WEB_LANG_FR, "2022-12-31");
	CHECK_STR(out(&w), "31 d\xc3\xa9" "cembre 2022");
	wv_date(&w, WEB_LANG_EN, "2022-12-31x");   /* not a date: as it is, escaped */
	CHECK_STR(out(&w), "2022-12-31x");
	wv_date(&w, WEB_LANG_EN, "<b>");
	CHECK_STR(out(&w), "&lt;b&gt;");
	json_t *x = json_real(0.1096);
	wv_cell(&w, WEB_LANG_FR, x);
	CHECK_STR(out(&w), "<td class=\"num\" data-value=\"0.1096\">0,1096</td>");
	json_decref(x);
	wv_cell(&w, WEB_LANG_FR, NULL);
	CHECK_STR(out(&w), "<td class=\"num\">\xe2\x80\x93</td>");
	wv_month_cell(&w, WEB_LANG_ES, 202409);
	CHECK_STR(out(&w), "<th scope=\"row\" data-value=\"2024-09\">septiembre de 2024</th>");
	wbuf_free(&w);
}

void test_web_views_window(void)
{
	uint32_t m[WV_MONTHS];
	wv_window(202410, m);
	CHECK_EQ_U(m[0], 202311);
	CHECK_EQ_U(m[10], 202409);
	CHECK_EQ_U(m[11], 202410);
	wv_window(202412, m);
	CHECK_EQ_U(m[0], 202401);
	wv_window(202501, m);
	CHECK_EQ_U(m[0], 202402);
	CHECK_EQ_U(m[10], 202412);
	struct wbuf w;
	wbuf_init(&w, 64);
	wv_urlenc(&w, "Latin America & the <Caribbean>");
	CHECK_STR(out(&w), "Latin%20America%20%26%20the%20%3CCaribbean%3E");
	wv_urlenc(&w, "1,2,3");
	CHECK_STR(out(&w), "1,2,3");
	wbuf_free(&w);
	uint32_t asn;
	CHECK(wv_asn("AS58224", &asn) && asn == 58224);
	CHECK(!wv_asn("0", &asn));
	CHECK(!wv_asn("4294967296", &asn));
	CHECK(web_views_route("/history"));
	CHECK(web_views_route("/networks/3333/history"));
	CHECK(!web_views_route("/networks/3333"));
	CHECK(!web_views_route("/networks/3333/history/x"));
	CHECK(web_views_route("/learn/anything"));   /* answered 404 by the page */
	CHECK(!web_views_route("/historyx"));
}
