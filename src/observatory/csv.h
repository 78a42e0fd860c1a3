/*
 * CSV output for the Observatory's tables (`--csv` on report, score):
 * RFC 4180 records, CRLF line ends, a field in double quotes when it holds
 * a comma, a double quote, CR or LF (quotes inside doubled); scores with
 * at most 4 decimals, an empty field for no data.
 */
#ifndef MANRS_OBSERVATORY_CSV_H
#define MANRS_OBSERVATORY_CSV_H

#include "lib/wbuf.h"

#include <stdbool.h>
#include <stdint.h>

/* One field; a comma before it unless it starts the record (first). */
void obs_csv_str(struct wbuf *w, bool first, const char *s);
void obs_csv_u64(struct wbuf *w, bool first, uint64_t v);
/* A score or other number: up to 4 decimals, trailing zeros dropped;
 * negative (no data) gives an empty field. */
void obs_csv_num(struct wbuf *w, bool first, double v);
/* Ends the record (CRLF, RFC 4180 section 2). */
void obs_csv_end(struct wbuf *w);
/* A whole header record from a comma-separated list of plain names. */
void obs_csv_header(struct wbuf *w, const char *names);

#endif
