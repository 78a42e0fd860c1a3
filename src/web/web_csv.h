/*
 * CSV of the API's answers (web_csv.c, web_util.c). Apart from web_int.h
 * because web_csv.c reads JSON with jansson, whose names clash with
 * lib/json.h's writer.
 */
#ifndef MANRS_WEB_WEB_CSV_H
#define MANRS_WEB_WEB_CSV_H

#include "lib/wbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* A CSV column: its header and where its value is in a row of the JSON
 * (dot-separated keys; "" the row's key when rows are an object). */
struct web_csv_col {
	const char *name;
	const char *path;
};

/* Rewrites *body (JSON) as CSV (RFC 4180, CRLF line ends): a header
 * line, then one line per element (or member) of the array (or object)
 * at rows. Nulls are empty fields, arrays their scalars joined by spaces. */
void web_to_csv(struct wbuf *body, const char *rows, const struct web_csv_col *cols, size_t ncols);

/* Appends one CSV field (RFC 4180): quoted when it holds , " CR or LF,
 * quotes doubled; a text field starting with = + - @ gets a leading '
 * so spreadsheets do not run it as a formula. */
void web_csv_field(struct wbuf *w, const char *s, bool text);

#endif
