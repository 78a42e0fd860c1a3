/*
 * The MANRS score arithmetic, pure and separate from where the numbers
 * come from: incident consolidation and duration weighting (Action 1),
 * the M5 and Filtering curves, M7IRR and M7RPKI from counts, readiness
 * levels and program conformance. Every constant comes from struct
 * obs_config (config.h); MANRS-SPEC sections 2.3-2.5 give the rules.
 */
#ifndef MANRS_OBSERVATORY_SCORE_H
#define MANRS_OBSERVATORY_SCORE_H

#include "observatory/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One event of one metric for one AS: [start, end) in Unix seconds (end 0:
 * still going on) and the weight of the AS's role (culprit, accomplice). */
struct obs_event {
	int64_t start, end;
	double weight;
};

/*
 * The raw penalty of a metric over the period [from, to): events are
 * clipped to the period (an ongoing one ends at `to`); events of equal
 * weight whose intervals overlap or touch merge into one incident (the
 * union of their intervals); each incident of duration d scores
 *   d < short_incident_seconds: short_incident_weight
 *   d < 1 day: day_incident_weight
 *   n = floor(d / 1 day) >= 1: n + 1 (linear) or 2^n (exponential)
 * times its weight; an incident of duration 0 scores nothing. Sorts ev in
 * place. Returns the sum; *incidents gets the number of merged incidents.
 */
double obs_incident_penalty(struct obs_event *ev, size_t n, int64_t from, int64_t to, const struct obs_config *c,
			    size_t *incidents);

/* The weight of the AS at position `hops` after the culprit on the path
 * (0: the culprit itself, 1: the accomplice next to it, ...): culprit and
 * accomplice weights, then 0 or halving down to 0.01 (MANRS-SPEC 2.3). */
double obs_role_weight(unsigned hops, const struct obs_config *c);

/* Score in [0, 1] from a raw penalty: exp(-k * sqrt(raw)); raw 0 gives 1. */
double obs_curve(double raw, double k);

/* M7RPKI: valid share - invalid_weight x invalid share over all announced
 * (prefix, origin) pairs, floored at rpki_floor and capped at 1. Returns
 * -1 (no data) when there are no announced pairs. */
double obs_rpki_score(uint64_t valid, uint64_t invalid, uint64_t not_found, const struct obs_config *c);

/* M7IRR: registered / announced. With nothing announced: -1 (no data). */
double obs_irr_score(uint64_t registered, uint64_t unregistered);

enum obs_level {
	OBS_LEVEL_NO_DATA = 0,
	OBS_LEVEL_LAGGING,
	OBS_LEVEL_ASPIRING,
	OBS_LEVEL_READY,
};

/* The readiness level of a score (negative: no data). */
enum obs_level obs_level_of(double score, const struct obs_config *c);
/* "no-data", "lagging", "aspiring", "ready". */
const char *obs_level_name(enum obs_level l);

enum obs_conformance {
	OBS_CONF_NO_DATA = 0,   /* a required Action has no data */
	OBS_CONF_NOT_MET,       /* a required Action is not Ready */
	OBS_CONF_MET,           /* every required Action is Ready */
};

/*
 * Conformance of a participant of `prog` given the level of each Action
 * (indexed by enum obs_action): every required Action must be Ready. With
 * action4_either, a requirement that names both irr and rpki is met when
 * either is Ready. *missing gets a bit per required Action not met (for
 * the report's "what to fix"); *recommended_missing the same for the
 * recommended ones. Either may be NULL.
 */
enum obs_conformance obs_conformance_of(enum obs_program prog, const enum obs_level level[OBS_ACT_COUNT],
					const struct obs_config *c, uint32_t *missing, uint32_t *recommended_missing);
/* "no-data", "not-met", "met". */
const char *obs_conformance_name(enum obs_conformance v);

#endif
