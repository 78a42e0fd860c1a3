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

/* Prints the aggregate for one selection (exactly one of country, region,
 * participants). Returns an exit status (cmd.h). */
int obs_report_aggregate(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			 const struct obs_config *c, bool json);

/* The same aggregate appended to out (text or JSON with its final
 * newline), for callers that do not print it (the web server). Returns 0,
 * 1 (store error) or 2 (unknown region), with the reason in err. */
int obs_aggregate_write(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			const struct obs_config *c, bool json, struct wbuf *out, char *err, size_t errlen);

#endif
