/*
 * The HTML pages of `manrs serve` (web_pages.c): server-side pages in
 * English, Spanish and French from the catalogues web/i18n/{en,es,fr}.tsv
 * (embedded at build time), every number in an HTML table, no script.
 * Apart from web_int.h because it reads the API's JSON with jansson.
 */
#ifndef MANRS_WEB_WEB_PAGES_H
#define MANRS_WEB_WEB_PAGES_H

#include "lib/wbuf.h"

#include <stddef.h>
#include <stdint.h>

enum web_lang { WEB_LANG_EN, WEB_LANG_ES, WEB_LANG_FR, WEB_LANG_COUNT };

/* Parses the embedded catalogues; call once before any thread serves. */
void web_i18n_init(void);
/* The text of key in lang; the key itself if the catalogue lacks it (the
 * test suite fails on that). */
const char *web_t(enum web_lang lang, const char *key);
/* The language of a request: ?lang= (en, es, fr; -1 when it is something
 * else), else the first supported language of Accept-Language with a
 * q-value above 0, else English. */
int web_lang_pick(const char *param, const char *accept_language);
const char *web_lang_code(enum web_lang lang);

/* The overview: one readiness table per region. jsons[i] is the
 * aggregate JSON (`manrs report --region NAME --json`) of regions[i];
 * countries a JSON array of {"country", "networks", "irr", "rpki"} (the
 * world map's table). */
void web_page_overview(struct wbuf *out, enum web_lang lang, const char *path, const char *month,
		       const char *const *regions, const char *const *jsons, size_t n, const char *countries);
/* One network's report from its JSON (`manrs report ASN --json`). */
void web_page_network(struct wbuf *out, enum web_lang lang, const char *path, const char *json, size_t len);

/* The incidents list from its JSON (/api/v2/incidents), and one incident
 * in depth from `manrs incident --json ID`: summary, the rules behind its
 * suspicion, visibility per collector and peer, timeline, paths. */
void web_page_incidents(struct wbuf *out, enum web_lang lang, const char *path, const char *json, size_t len);
void web_page_incident(struct wbuf *out, enum web_lang lang, const char *path, const char *json, size_t len);

/* The page frame, for the pages of web_views.h: head (navigation, and
 * language links to path, which may carry a query) and foot. */
void web_page_head(struct wbuf *out, enum web_lang lang, const char *path, const char *title);
void web_page_foot(struct wbuf *out);

/* An embedded static asset by name ("style.css"), or NULL: only the
 * names in the table exist, so no path reaches the file system. */
const char *web_static(const char *name, size_t *len, const char **ctype);

#endif
