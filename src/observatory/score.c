/*
 * The MANRS score arithmetic (score.h): incident merging and duration
 * weighting, score curves, readiness levels and program conformance.
 */
#include "observatory/score.h"

#include <math.h>
#include <stdlib.h>

#define DAY 86400

static int event_cmp(const void *a, const void *b)
{
	const struct obs_event *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* The score of one merged incident of duration d seconds, before its
 * weight (MANRS-SPEC 2.3). */
static double duration_score(int64_t d, const struct obs_config *c)
{
	if (d <= 0)
		return 0;
	int64_t days = d / DAY;
	if (days == 0)
		return d < (int64_t)c->short_incident_seconds ? c->short_incident_weight : c->day_incident_weight;
	if (c->long_penalty == OBS_PENALTY_EXPONENTIAL)
		return days >= 1023 ? HUGE_VAL : ldexp(1.0, (int)days);
	return (double)days + 1;
}

double obs_incident_penalty(struct obs_event *ev, size_t n, int64_t from, int64_t to, const struct obs_config *c,
			    size_t *incidents)
{
	size_t count = 0;
	double sum = 0;
	/* Clip to the period first: an ongoing event ends with the period. */
	for (size_t i = 0; i < n; i++) {
		if (ev[i].end == 0 || ev[i].end > to)
			ev[i].end = to;
		if (ev[i].start < from)
			ev[i].start = from;
	}
	if (n > 1)
		qsort(ev, n, sizeof *ev, event_cmp);
	size_t i = 0;
	while (i < n) {
		if (ev[i].end <= ev[i].start) { /* outside the period or empty */
			i++;
			continue;
		}
		double w = ev[i].weight;
		int64_t s = ev[i].start, e = ev[i].end;
		size_t j = i + 1;
		/* Sorted by (weight, start): every event that starts at or
		 * before the running end, with the same weight, joins. */
		while (j < n && ev[j].weight == w && ev[j].start <= e) {
			if (ev[j].end > e)
				e = ev[j].end;
			j++;
		}
		double score = duration_score(e - s, c);
		if (score > 0 && w > 0) {
			sum += score * w;
			count++;
		}
		i = j;
	}
	if (incidents)
		*incidents = count;
	return sum;
}

double obs_role_weight(unsigned hops, const struct obs_config *c)
{
	if (hops == 0)
		return c->culprit_weight;
	if (hops == 1)
		return c->accomplice_weight;
	if (c->next_hop_accomplice_only)
		return 0;
	double w = c->accomplice_weight;
	for (unsigned h = 1; h < hops && w > 0.01; h++)
		w /= 2;
	return w < 0.01 ? 0.01 : w;
}

double obs_curve(double raw, double k)
{
	if (!(raw > 0))
		return 1;
	return exp(-k * sqrt(raw));
}

double obs_rpki_score(uint64_t valid, uint64_t invalid, uint64_t not_found, const struct obs_config *c)
{
	uint64_t total = valid + invalid + not_found;
	if (total == 0)
		return -1;
	double s = (double)valid / (double)total - c->rpki_invalid_weight * (double)invalid / (double)total;
	if (s < c->rpki_floor)
		s = c->rpki_floor;
	return s > 1 ? 1 : s;
}

double obs_irr_score(uint64_t registered, uint64_t unregistered)
{
	uint64_t total = registered + unregistered;
	if (total == 0)
		return -1;
	return (double)registered / (double)total;
}

enum obs_level obs_level_of(double score, const struct obs_config *c)
{
	if (!(score >= 0))
		return OBS_LEVEL_NO_DATA;
	if (score >= c->ready)
		return OBS_LEVEL_READY;
	if (score >= c->aspiring)
		return OBS_LEVEL_ASPIRING;
	return OBS_LEVEL_LAGGING;
}

const char *obs_level_name(enum obs_level l)
{
	switch (l) {
	case OBS_LEVEL_LAGGING:
		return "lagging";
	case OBS_LEVEL_ASPIRING:
		return "aspiring";
	case OBS_LEVEL_READY:
		return "ready";
	case OBS_LEVEL_NO_DATA:
		break;
	}
	return "no-data";
}

/* Verdict of one requirement: 2 met, 1 not met, 0 no data. */
static int one(enum obs_level l)
{
	return l == OBS_LEVEL_READY ? 2 : l == OBS_LEVEL_NO_DATA ? 0 : 1;
}

/* The Actions of `want` that are not met, and whether any has no data. */
static uint32_t unmet(uint32_t want, const enum obs_level level[OBS_ACT_COUNT], const struct obs_config *c,
		      bool *no_data, bool *not_met)
{
	const uint32_t pair = (1u << OBS_ACT_IRR) | (1u << OBS_ACT_RPKI);
	uint32_t miss = 0;
	for (int a = 0; a < OBS_ACT_COUNT; a++) {
		if (!(want & (1u << a)))
			continue;
		int v = one(level[a]);
		if (c->action4_either && (want & pair) == pair && ((1u << a) & pair)) {
			int o = one(level[a == OBS_ACT_IRR ? OBS_ACT_RPKI : OBS_ACT_IRR]);
			v = (v == 2 || o == 2) ? 2 : (v == 1 || o == 1) ? 1 : 0;
		}
		if (v == 2)
			continue;
		miss |= 1u << a;
		if (v == 0)
			*no_data = true;
		else
			*not_met = true;
	}
	return miss;
}

enum obs_conformance obs_conformance_of(enum obs_program prog, const enum obs_level level[OBS_ACT_COUNT],
					const struct obs_config *c, uint32_t *missing, uint32_t *recommended_missing)
{
	bool no_data = false, not_met = false, rd = false, rn = false;
	uint32_t miss = unmet(c->required[prog], level, c, &no_data, &not_met);
	uint32_t rmiss = unmet(c->recommended[prog], level, c, &rd, &rn);
	if (missing)
		*missing = miss;
	if (recommended_missing)
		*recommended_missing = rmiss;
	if (not_met)
		return OBS_CONF_NOT_MET;
	if (no_data)
		return OBS_CONF_NO_DATA;
	return OBS_CONF_MET;
}

const char *obs_conformance_name(enum obs_conformance v)
{
	switch (v) {
	case OBS_CONF_NOT_MET:
		return "not-met";
	case OBS_CONF_MET:
		return "met";
	case OBS_CONF_NO_DATA:
		break;
	}
	return "no-data";
}
