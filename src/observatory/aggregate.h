/*
 * Aggregates over stored scores (`manrs score`): readiness counts and mean
 * scores per Action over the networks of a country, a UN M49 region or
 * sub-region, or the MANRS participants (with their program conformance).
 */
#ifndef MANRS_OBSERVATORY_AGGREGATE_H
#define MANRS_OBSERVATORY_AGGREGATE_H

#include "lib/wbuf.h"
#include "observatory/config.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

enum obs_format { OBS_FMT_TEXT, OBS_FMT_JSON, OBS_FMT_CSV };

/* Prints the aggregate for one selection (exactly one of country, region,
 * participants). Returns an exit status (cmd.h). */
int obs_report_aggregate(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			 const struct obs_config *c, bool json);
/* The same in any format. CSV (csv.h): for a country or region one record
 * per Action (month, selection, value, action, networks, mean, ready,
 * aspiring, lagging, no_data); for the participants one record per
 * participant (month, organisation, program, joined, asns, the level per
 * Action, conformance, required_not_ready, recommended_not_ready; lists
 * space-separated). */
int obs_report_aggregate_fmt(struct store *s, uint32_t month, const char *country, const char *region,
			     bool participants, const struct obs_config *c, enum obs_format fmt);

/* The same aggregate appended to out (text, JSON with its final newline,
 * or CSV), for callers that do not print it (the web server). Returns 0,
 * 1 (store error) or 2 (unknown region), with the reason in err. */
int obs_aggregate_write(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			const struct obs_config *c, enum obs_format fmt, struct wbuf *out, char *err, size_t errlen);

#endif
