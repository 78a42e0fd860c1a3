/*
 * Aggregates over stored scores (`manrs score`): readiness counts and mean
 * scores per Action over the networks of a country, a UN M49 region or
 * sub-region, or the MANRS participants (with their program conformance).
 */
#ifndef MANRS_OBSERVATORY_AGGREGATE_H
#define MANRS_OBSERVATORY_AGGREGATE_H

#include "observatory/config.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Prints the aggregate for one selection (exactly one of country, region,
 * participants). Returns an exit status (cmd.h). */
int obs_report_aggregate(struct store *s, uint32_t month, const char *country, const char *region, bool participants,
			 const struct obs_config *c, bool json);

#endif
