/*
 * What the Action 1 incident metrics (M1, M1C, M2, M2C, M3C, M4, M4C;
 * observatory/metrics.c) read from the store: the incidents of a period
 * (one selection statement), whether the detectors ran over the period's
 * files (files.detected, schema 5), and the announced pairs of a range of
 * days (obs_day) for the daily report of the running month.
 */
#ifndef MANRS_STORE_STORE_METRICS_H
#define MANRS_STORE_STORE_METRICS_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One incident as the metrics see it. Strings valid during the callback. */
struct store_metric_incident {
	const char *id;
	const char *type;            /* "moas", "leak", "bogon-asn", ... */
	bool has_culprit;
	uint32_t culprit;
	const char *accomplices;     /* space-separated ASNs, "" none */
	const char *paths;           /* the stored paths, ';'-separated, "" none */
	int64_t start, end;          /* end -1: still open */
	int suspicion;
	bool full_bogon;             /* tagged bogon-full or bogon-asn-N-full */
};

/*
 * The incidents that may count toward the metrics of [from, to): those
 * overlapping the period (start before `to`, and still open or ended after
 * `from`) with suspicion at least min_suspicion, by start then id. cb
 * returns nonzero to stop. 0 or -1.
 */
int store_metric_incidents(struct store *s, int64_t from, int64_t to, int min_suspicion,
			   int (*cb)(const struct store_metric_incident *inc, void *ctx), void *ctx);

/* Marks file id (store_file_add's) as read with the incident detectors on,
 * inside the caller's transaction. 0 or -1. */
int store_file_mark_detected(struct store *s, int64_t file_id);

/* 1 if some file read with the detectors on has records in [from, to),
 * 0 if none, -1 on error. */
int store_detect_ran(struct store *s, int64_t from, int64_t to);

/*
 * The (prefix, origin) pairs seen on the days [from_day, to_day] (YYYYMMDD)
 * by at least min_peers distinct peers over those days (the day rows' peer
 * sets united), of origin (0: every origin); first_seen the earliest,
 * last_seen the latest, seconds summed. Ordered by prefix text, then
 * origin. Returns the number of pairs, or -1.
 */
int64_t store_day_pairs(struct store *s, uint32_t from_day, uint32_t to_day, uint32_t origin, unsigned min_peers,
			store_pair_cb cb, void *ctx);

#endif
