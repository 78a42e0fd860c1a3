/*
 * Inside the pages of web_views.h (web_views.c, web_history.c,
 * web_compare.c, web_participants.c, web_learn.c): the caps, one page
 * request, and the helpers they share. Apart from web_views.h because it
 * reads the API's JSON with jansson, which web_api.c cannot include.
 */
#ifndef MANRS_WEB_WEB_VIEWS_INT_H
#define MANRS_WEB_WEB_VIEWS_INT_H

#include "web/web_int.h"
#include "web/web_pages.h"
#include "web/web_views.h"

/* lib/json.h (through web_int.h) and jansson both name a function
 * json_null; these files only read JSON, so jansson's is renamed away. */
#define json_null wv_jansson_json_null_unused
#include <jansson.h>
#undef json_null
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps on what a page request can ask for. */
#define WV_MONTHS 12        /* months of history */
#define WV_MAX_ASNS 8       /* networks overlaid in one history */
#define WV_MAX_ROWS 200     /* rows of a finding table on Learn (the rest: the report's CSV) */

/* ---- Shared by the page files (web_views.c) --------------------------- */

/* One page request. */
struct wv {
	struct web_state *st;
	const struct web_req *rq;
	struct web_resp *rs;
	enum web_lang l;
	struct wbuf *w;       /* = &rs->body */
};

/* Escaped text, and the catalogue's text for key (tests/cli-serve/i18n_check.py
 * finds the keys of T(w, l, "key") and K("key")). */
void wv_esc(struct wbuf *w, const char *s);
#define T(w, l, key) wv_esc((w), web_t((l), (key)))
#define K(key) key

/* A query parameter: 0 and *out (NULL when absent), or -1 with the 400
 * written (empty or longer than WEB_MAX_PARAM). */
int wv_param(struct wv *v, const char *name, const char **out);
/* A 400 naming the parameter. Returns -1. */
int wv_bad(struct wv *v, const char *param, const char *msg);

/* Asks the API for path with the query pairs kv (name, value, ..., NULL).
 * 200 with the parsed answer in *out (json_decref it); else the API's
 * status with its answer copied into the page's response (unless soft and
 * the status is 404: then the page goes on without it). */
unsigned wv_get(struct wv *v, const char *path, const char *const *kv, json_t **out, bool soft);

/* The months with stored scores, newest first, into m (at most n). The
 * count, or -1 (500 written). */
int wv_scored_months(struct wv *v, uint32_t *m, size_t n);
/* The month parameter: its value, else the newest scored month. 0 with
 * the answer written (400 bad, 404 no scores at all). */
uint32_t wv_month(struct wv *v, const char *name);
/* The WV_MONTHS months ending at end, oldest first. */
void wv_window(uint32_t end, uint32_t out[WV_MONTHS]);
/* "YYYY-MM" of a YYYYMM. */
void wv_month_text(uint32_t m, char out[8]);
/* Appends s percent-encoded for a query value (RFC 3986 section 2.1). */
void wv_urlenc(struct wbuf *w, const char *s);
/* An AS number ("AS" optional, asplain or asdot); false if not. */
bool wv_asn(const char *s, uint32_t *asn);
/* The region names the forms offer. */
extern const char *const WV_REGIONS[5];

/* Numbers and dates as the locale writes them: 0.5 / 0,5; 12,345 /
 * 12.345 / 12 345; "October 2024" / "octubre de 2024" / "octobre 2024";
 * "March 1, 2020" / "1 de marzo de 2020" / "1 mars 2020". */
void wv_num(struct wbuf *w, enum web_lang l, json_t *x);
void wv_int(struct wbuf *w, enum web_lang l, long long x);
void wv_month_name(struct wbuf *w, enum web_lang l, uint32_t month);
void wv_date(struct wbuf *w, enum web_lang l, const char *yyyy_mm_dd);

/* A number cell: <td class="num" data-value="0.93">0,93</td>, or a dash
 * without data-value when x is not a number. */
void wv_cell(struct wbuf *w, enum web_lang l, json_t *x);
void wv_cell_int(struct wbuf *w, enum web_lang l, long long x);
/* The first cell of a chart row: the month, localised, with "YYYY-MM" in
 * data-value. */
void wv_month_cell(struct wbuf *w, enum web_lang l, uint32_t month);
/* A readiness level cell (class and catalogue text). */
void wv_level_cell(struct wbuf *w, enum web_lang l, const char *level);
/* The catalogue name of an Action ("filtering" -> act_filtering). */
void wv_action(struct wbuf *w, enum web_lang l, const char *action);
/* <table ...><thead><tr> with the first heading key, for a chart when
 * chart is "line" or "bar" (NULL: none); the caller adds the other <th>
 * and calls wv_thead_end. */
void wv_table(struct wbuf *w, enum web_lang l, const char *chart, const char *first_key);
void wv_thead_end(struct wbuf *w);
/* A hidden lang field for the forms. */
void wv_lang_field(struct wbuf *w, enum web_lang l);

/* The five Action keys of the API, in order. */
extern const char *const WV_ACTIONS[5];

/* History pieces the Comparison reuses (web_history.c). The summaries of
 * region for the window's months with scores (NULL for the others); -1
 * with the answer written. */
int wv_region_window(struct wv *v, const char *region, const uint32_t win[WV_MONTHS], json_t *out[WV_MONTHS]);
/* The month objects of an /api/v2/ases/{asn} answer for the window,
 * borrowed (NULL where none). */
void wv_network_window(json_t *h, const uint32_t win[WV_MONTHS], json_t *out[WV_MONTHS]);
/* The tables of a region's window: mean per Action (line), networks
 * (line), readiness per Action (bar). */
void wv_region_tables(struct wv *v, const uint32_t win[WV_MONTHS], json_t *agg[WV_MONTHS]);
/* The tables of n networks' windows (rows[k][i]: network k, month i). */
void wv_network_tables(struct wv *v, const uint32_t win[WV_MONTHS], const uint32_t *asns, size_t n,
		       json_t *rows[][WV_MONTHS]);
/* A comma-separated list of AS numbers (duplicates dropped, at most
 * WV_MAX_ASNS). 0, or -1 with the 400 naming name written. */
int wv_asn_list(struct wv *v, const char *name, const char *s, uint32_t out[WV_MAX_ASNS], size_t *n);

/* The pages. */
void wv_history(struct wv *v, const char *asn_in_path);
void wv_compare(struct wv *v);
void wv_participants(struct wv *v);
void wv_learn(struct wv *v, const char *topic);

#endif
