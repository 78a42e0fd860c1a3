/*
 * Period observations: the intervals route state reports (rib.h), split at
 * UTC day and calendar-month boundaries and summed per (period, prefix,
 * origin): first and last second seen, route-seconds, and the exact set of
 * peers that had the route. A batch of rows is what one file adds to the
 * store. Pure: no I/O.
 */
#ifndef MANRS_RIB_RIB_OBS_H
#define MANRS_RIB_RIB_OBS_H

#include <stddef.h>
#include <stdint.h>

enum rib_period { RIB_DAY = 0, RIB_MONTH = 1 };

struct rib_obs_row {
	uint8_t kind;             /* enum rib_period */
	uint8_t borrowed;         /* peers is a day row's array (a month row
	                           * with one day so far): not freed here,
	                           * copied before it changes */
	uint32_t period;          /* YYYYMMDD or YYYYMM (UTC) */
	uint32_t prefix, origin;  /* rib prefix id, origin AS */
	uint32_t first_seen;      /* first second some peer had the route */
	uint32_t last_seen;       /* last second of the period some peer had it */
	uint64_t seconds;         /* route-seconds: summed over peers */
	uint32_t *peers;          /* rib peer ids, ascending, distinct */
	uint32_t npeers, peers_cap;
};

struct rib_obs {
	struct rib_obs_row *rows;  /* in order of first sight */
	size_t nrows, rows_cap;
	uint32_t *index;           /* row + 1, 0 = empty */
	size_t index_cap;
	size_t hint;               /* the row likely asked for next */
};

void rib_obs_init(struct rib_obs *o);
void rib_obs_free(struct rib_obs *o);
/* Empties the batch (keeps the memory for the next one). */
void rib_obs_clear(struct rib_obs *o);

/* Adds that peer had (prefix, origin) over [start, end): to every day the
 * interval touches, with the seconds inside each. An empty interval
 * (end <= start) is a sighting at start, 0 seconds. */
void rib_obs_add(struct rib_obs *o, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t start,
		 uint32_t end);
/* Appends the month rows, each the merge of its day rows. Call once, after
 * the last rib_obs_add of the batch; rows[] then holds days, then months.
 * A month row may share its peer set with a day row (borrowed): no
 * rib_obs_add after this until rib_obs_clear. */
void rib_obs_finish(struct rib_obs *o);

/* UTC calendar day (YYYYMMDD) and month (YYYYMM) of a Unix time. */
uint32_t rib_day_of(uint32_t t);
uint32_t rib_month_of(uint32_t t);

#endif
