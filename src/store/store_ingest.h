/*
 * The store's bulk path for `manrs ingest`: prefix look-ups that do not
 * create rows (so a file's new prefixes can be inserted together, in text
 * order, which keeps the prefix index's inserts sequential), plain inserts
 * of observations into a period that has no row yet (no conflict check to
 * pay), and the announced-pair count of a month without listing the pairs.
 */
#ifndef MANRS_STORE_STORE_INGEST_H
#define MANRS_STORE_STORE_INGEST_H

#include "store/store.h"

/* The id of a prefix (masked first), 0 if it has no row yet, -1 on error. */
int64_t store_prefix_find(struct store *s, const struct prefix *p);
/* Adds a prefix known to have no row (masked first); its id or -1. */
int64_t store_prefix_insert(struct store *s, const struct prefix *p);

/* 1 if the prefixes table has no row (then every prefix is new and
 * nothing needs looking up), 0 if it has some, -1 on error. */
int store_prefixes_empty(struct store *s);

/* A prefix known to have no row: masked, and its text as prefix_fmt
 * writes it. */
struct store_prefix_row {
	const struct prefix *prefix;
	const char *text;
};
/* Adds rows[0..n) in this order, several per statement, and sets ids[i]
 * to the id of rows[i]: the ids single inserts in the same order would
 * give (each new row takes the largest id plus one). 0 or -1 (a duplicate
 * is an error; the caller rolls its transaction back). */
int store_prefix_insert_many(struct store *s, const struct store_prefix_row *rows, size_t n, int64_t *ids);

/* 1 if obs_day (STORE_DAY) or obs_month holds some row of the period, 0 if
 * none, -1 on error. */
int store_obs_period_used(struct store *s, enum store_period kind, uint32_t period);
/* Rows store_obs_insert puts in one statement. */
#define STORE_OBS_BATCH 16

/* Inserts o[0..n) as new rows, several per statement: only for keys known
 * to have no row (a period without rows, each key once). The id sets of all n
 * rows must stay valid through the call. 0 or -1: a duplicate
 * key is an error, and rows before it (of its statement too) are then in,
 * so the caller rolls its transaction back. */
int store_obs_insert(struct store *s, enum store_period kind, const struct store_obs *o, size_t n);

/* The number of (prefix, origin) pairs of month seen by at least
 * min_peers peers (what store_announced_pairs returns, without the rows). */
int64_t store_announced_count(struct store *s, uint32_t month, unsigned min_peers);

#endif
