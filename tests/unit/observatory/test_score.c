/* Unit tests for src/observatory/score.c: the official worked example of
 * incident weighting, merging rules, clipping to the period, the curves
 * against the published anti-spoofing points, M7RPKI/M7IRR, readiness and
 * program conformance. */
#include "test.h"
#include "observatory/score.h"

#include <math.h>

#define CLOSE(a, b) CHECK(fabs((a) - (b)) < 1e-9)

static const int64_t M = 60, H = 3600, D = 86400;

void test_score_official_example(void)
{
	/* "incidents of 29 min, 13 h and 25 h give M = 0.5 + 1 + 2 = 3.5" */
	struct obs_config c;
	obs_config_defaults(&c);
	int64_t t0 = 1709251200; /* 2024-03-01 */
	struct obs_event ev[] = {
		{ t0, t0 + 29 * M, 1 },
		{ t0 + 2 * D, t0 + 2 * D + 13 * H, 1 },
		{ t0 + 5 * D, t0 + 5 * D + 25 * H, 1 },
	};
	size_t n = 0;
	CLOSE(obs_incident_penalty(ev, 3, t0, t0 + 31 * D, &c, &n), 3.5);
	CHECK_EQ_U(n, 3);
}

void test_score_merging(void)
{
	struct obs_config c;
	obs_config_defaults(&c);
	size_t n = 0;
	/* Overlapping events of one weight merge: 2000 s is one incident of
	 * weight 1, not two of 0.5. */
	struct obs_event a[] = { { 500, 2000, 1 }, { 0, 1000, 1 } };
	CLOSE(obs_incident_penalty(a, 2, 0, 100000, &c, &n), 1.0);
	CHECK_EQ_U(n, 1);
	/* Touching intervals merge too: 1700 s, still under 30 min. */
	struct obs_event b[] = { { 0, 1000, 1 }, { 1000, 1700, 1 } };
	CLOSE(obs_incident_penalty(b, 2, 0, 100000, &c, &n), 0.5);
	CHECK_EQ_U(n, 1);
	/* A gap keeps them apart. */
	struct obs_event g[] = { { 0, 1000, 1 }, { 1001, 1700, 1 } };
	CLOSE(obs_incident_penalty(g, 2, 0, 100000, &c, &n), 1.0);
	CHECK_EQ_U(n, 2);
	/* Different weights never merge. */
	struct obs_event w[] = { { 0, 1000, 1 }, { 500, 1500, 0.5 } };
	CLOSE(obs_incident_penalty(w, 2, 0, 100000, &c, &n), 0.5 + 0.25);
	CHECK_EQ_U(n, 2);
	/* Boundaries: 1799 s, 1800 s, exactly a day, 49 h. */
	struct obs_event e1[] = { { 0, 1799, 1 } }, e2[] = { { 0, 1800, 1 } }, e3[] = { { 0, D, 1 } },
			 e4[] = { { 0, 49 * H, 1 } };
	CLOSE(obs_incident_penalty(e1, 1, 0, 10 * D, &c, NULL), 0.5);
	CLOSE(obs_incident_penalty(e2, 1, 0, 10 * D, &c, NULL), 1.0);
	CLOSE(obs_incident_penalty(e3, 1, 0, 10 * D, &c, NULL), 2.0);
	CLOSE(obs_incident_penalty(e4, 1, 0, 10 * D, &c, NULL), 3.0);
	c.long_penalty = OBS_PENALTY_EXPONENTIAL;
	struct obs_event e5[] = { { 0, 49 * H, 1 } };
	CLOSE(obs_incident_penalty(e5, 1, 0, 10 * D, &c, NULL), 4.0);
}

void test_score_clipping(void)
{
	struct obs_config c;
	obs_config_defaults(&c);
	size_t n = 9;
	/* Ongoing (end 0) since 2 days before the period's end: 2 days -> 3.
	 * One before the period and one after it count nothing; one that
	 * straddles the start counts only its part inside (10 min -> 0.5). */
	int64_t from = 1000 * D, to = 1030 * D;
	struct obs_event ev[] = {
		{ to - 2 * D, 0, 1 },
		{ from - 5 * D, from - 4 * D, 1 },
		{ to + H, to + 2 * H, 1 },
		{ from - 3 * D, from + 10 * M, 1 },
	};
	CLOSE(obs_incident_penalty(ev, 4, from, to, &c, &n), 3.5);
	CHECK_EQ_U(n, 2);
	CLOSE(obs_incident_penalty(ev, 0, from, to, &c, &n), 0);
	CHECK_EQ_U(n, 0);
}

void test_score_curves_and_ratios(void)
{
	struct obs_config c;
	obs_config_defaults(&c);
	/* The published anti-spoofing points: 60% at 0.5, about 49% at 1,
	 * about 36% at 2 (MANRS-SPEC 2.4). */
	CHECK(fabs(obs_curve(0.5, c.spoofing_curve_k) - 0.600) < 0.0005);
	CHECK(fabs(obs_curve(1, c.spoofing_curve_k) - 0.486) < 0.0005);
	CHECK(fabs(obs_curve(2, c.spoofing_curve_k) - 0.360) < 0.0005);
	CLOSE(obs_curve(0, c.spoofing_curve_k), 1.0);
	/* M7RPKI: 90 valid, 1 invalid, 9 not found: 0.90 - 10 x 0.01. */
	CLOSE(obs_rpki_score(90, 1, 9, &c), 0.8);
	/* The example counts: 10 valid, 1 invalid, 3 not found is
	 * 10/14 - 10/14 = 0. */
	CLOSE(obs_rpki_score(10, 1, 3, &c), 0.0);
	CLOSE(obs_rpki_score(1, 5, 0, &c), 0.0); /* floored */
	CLOSE(obs_rpki_score(0, 0, 7, &c), 0.0);
	CLOSE(obs_rpki_score(0, 0, 0, &c), -1.0);
	CLOSE(obs_irr_score(9, 1), 0.9);
	CLOSE(obs_irr_score(0, 0), -1.0);
	/* Role weights: culprit, accomplice, then nothing or halving to 0.01. */
	CLOSE(obs_role_weight(0, &c), 1.0);
	CLOSE(obs_role_weight(1, &c), 1.0);
	CLOSE(obs_role_weight(2, &c), 0.0);
	c.next_hop_accomplice_only = false;
	CLOSE(obs_role_weight(2, &c), 0.5);
	CLOSE(obs_role_weight(3, &c), 0.25);
	CLOSE(obs_role_weight(9, &c), 0.01);
}

void test_score_levels_and_conformance(void)
{
	struct obs_config c;
	obs_config_defaults(&c);
	CHECK_STR(obs_level_name(obs_level_of(0.9, &c)), "ready");
	CHECK_STR(obs_level_name(obs_level_of(0.8999, &c)), "aspiring");
	CHECK_STR(obs_level_name(obs_level_of(0.8, &c)), "aspiring");
	CHECK_STR(obs_level_name(obs_level_of(0.5, &c)), "lagging");
	CHECK_STR(obs_level_name(obs_level_of(-1, &c)), "no-data");

	enum obs_level lv[OBS_ACT_COUNT] = { OBS_LEVEL_READY, OBS_LEVEL_NO_DATA, OBS_LEVEL_READY, OBS_LEVEL_LAGGING,
					     OBS_LEVEL_READY };
	uint32_t miss = 99, rmiss = 99;
	/* RPKI ready meets Action 4 alone; anti-spoofing (recommended) has
	 * no data. */
	CHECK_STR(obs_conformance_name(obs_conformance_of(OBS_PROG_NETOPS, lv, &c, &miss, &rmiss)), "met");
	CHECK_EQ_U(miss, 0);
	CHECK_EQ_U(rmiss, 1u << OBS_ACT_ANTI_SPOOFING);
	/* Both halves of Action 4 required. */
	c.action4_either = false;
	CHECK_STR(obs_conformance_name(obs_conformance_of(OBS_PROG_NETOPS, lv, &c, &miss, NULL)), "not-met");
	CHECK_EQ_U(miss, 1u << OBS_ACT_IRR);
	c.action4_either = true;
	/* Filtering without data, the rest ready: no data, not a failure. */
	lv[OBS_ACT_FILTERING] = OBS_LEVEL_NO_DATA;
	CHECK_STR(obs_conformance_name(obs_conformance_of(OBS_PROG_NETOPS, lv, &c, &miss, NULL)), "no-data");
	CHECK_EQ_U(miss, 1u << OBS_ACT_FILTERING);
	/* A lagging requirement outweighs a missing one. */
	lv[OBS_ACT_COORDINATION] = OBS_LEVEL_ASPIRING;
	CHECK_STR(obs_conformance_name(obs_conformance_of(OBS_PROG_NETOPS, lv, &c, &miss, NULL)), "not-met");
	CHECK_EQ_U(miss, (1u << OBS_ACT_FILTERING) | (1u << OBS_ACT_COORDINATION));
	/* CDNs need anti-spoofing; vendors need nothing measurable. */
	CHECK_STR(obs_conformance_name(obs_conformance_of(OBS_PROG_VENDOR, lv, &c, &miss, NULL)), "met");
	CHECK_EQ_U(miss, 0);
	lv[OBS_ACT_FILTERING] = OBS_LEVEL_READY;
	lv[OBS_ACT_COORDINATION] = OBS_LEVEL_READY;
	CHECK_STR(obs_conformance_name(obs_conformance_of(OBS_PROG_CDN, lv, &c, &miss, NULL)), "no-data");
	CHECK_EQ_U(miss, 1u << OBS_ACT_ANTI_SPOOFING);
}
