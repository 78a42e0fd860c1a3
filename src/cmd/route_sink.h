/*
 * A route-event sink: route elements (struct mrt_elem) into the route state
 * (rib/) and, at each flush, the intervals it reported into per-day and
 * per-month prefix-origin observations in the store, one transaction per
 * flush. The same rules as `manrs ingest` (cmd_ingest.c): messages a
 * collector sent are ignored, a state change out of Established ends the
 * peer's routes, unicast routes only, routes without an origin are tracked
 * but not recorded. Used by the BMP collector; ingest keeps its own copy
 * of these rules for now.
 */
#ifndef MANRS_CMD_ROUTE_SINK_H
#define MANRS_CMD_ROUTE_SINK_H

#include "mrt/mrt.h"

#include <stdbool.h>
#include <stdint.h>

struct store;
struct route_sink;

/* A sink writing to db (borrowed; db_path for messages). */
struct route_sink *route_sink_new(struct store *db, const char *db_path);
void route_sink_free(struct route_sink *rs);

/* One route event of collector (a store collector id) at time t. */
void route_sink_elem(struct route_sink *rs, uint32_t collector, const struct mrt_elem *e, uint32_t t);

/* Every route of collector's peers ends at t (the BMP session ended). */
void route_sink_collector_down(struct route_sink *rs, uint32_t collector, uint32_t t);

/* Counts routes up to t (they go on from t) and commits the observations
 * so far in one transaction. 0, or -1 after logging the store's error. */
int route_sink_flush(struct route_sink *rs, uint32_t t);

/* The latest event time seen (0 before any). */
uint32_t route_sink_last_time(const struct route_sink *rs);

struct route_sink_stats {
	uint64_t elems, announce, withdraw, state, day_rows, month_rows, flushes;
	uint64_t routes;      /* open routes now */
	uint64_t rib_bytes;   /* memory of the route state */
};
void route_sink_stats(const struct route_sink *rs, struct route_sink_stats *out);

#endif
