/*
 * The pages beyond the overview, reports and incidents (docs/web.md):
 * History, Comparison, Participants and Learn, in web_history.c,
 * web_compare.c, web_participants.c and web_learn.c, with the helpers they
 * share in web_views.c. Each page gets its data from the JSON API by an
 * internal request (so it is the API's answer, cached, with the API's
 * errors) and renders it server-side: every number in an HTML table,
 * every text from the catalogues, no script. Tables a chart can draw carry
 * data-chart="line" (first column the x axis, a month; the others series)
 * or data-chart="bar" (stacked counts), and every number cell its value,
 * locale-free, in data-value.
 */
#ifndef MANRS_WEB_WEB_VIEWS_H
#define MANRS_WEB_WEB_VIEWS_H

#include "web/web_int.h"

#include <stdbool.h>

/* True if path is one of these pages (for the API's dispatch). */
bool web_views_route(const char *path);
/* Answers a request for one of these pages. */
void web_views(struct web_state *st, const struct web_req *rq, struct web_resp *rs);

#endif
