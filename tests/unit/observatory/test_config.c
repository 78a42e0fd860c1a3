/* Unit tests for src/observatory/config.c: the shipped etc/manrs.conf is
 * exactly the built-in defaults, settings override, every kind of mistake
 * is refused with its line, and formatting reads back to the same values. */
#include "test.h"
#include "observatory/config.h"

#include <stdio.h>
#include <string.h>

static int parse(struct obs_config *c, const char *text, char *err, size_t errlen)
{
	obs_config_defaults(c);
	return obs_config_parse(c, text, strlen(text), err, errlen);
}

void test_config_shipped_file_is_defaults(void)
{
	struct obs_config def, file;
	char path[512], err[256] = "", a[4096], b[4096];
	obs_config_defaults(&def);
	/* Start from values that differ from every default, so a setting
	 * missing from the file shows up as a difference. */
	memset(&file, 0x5a, sizeof file);
	snprintf(path, sizeof path, "%s/../etc/manrs.conf", test_srcdir);
	int rc = obs_config_load(&file, path, err, sizeof err);
	CHECK_EQ_U(rc, 0);
	CHECK_STR(err, "");
	obs_config_format(&def, a, sizeof a);
	obs_config_format(&file, b, sizeof b);
	CHECK_STR(b, a);
	CHECK_EQ_U(def.min_peers, 5);
	CHECK_EQ_U(def.irr_match, OBS_IRR_COVERING);
	CHECK(def.rpki_invalid_weight == 10.0);
	CHECK(def.short_incident_weight == 0.5);
	CHECK_EQ_U(def.required[OBS_PROG_NETOPS], (1u << OBS_ACT_FILTERING) | (1u << OBS_ACT_COORDINATION) |
							  (1u << OBS_ACT_IRR) | (1u << OBS_ACT_RPKI));
	CHECK_EQ_U(def.recommended[OBS_PROG_NETOPS], 1u << OBS_ACT_ANTI_SPOOFING);
}

void test_config_overrides(void)
{
	struct obs_config c;
	char err[256] = "";
	int rc = parse(&c,
		       "# comment\n"
		       "[ingest]\n  min_peers = 2   # trailing comment\n"
		       "[irr]\nmatch=exact\n"
		       "[readiness]\nready = 0.95\naspiring = 0.5\n"
		       "[filtering]\nlong_penalty = exponential\nfull_bogons_only = no\n"
		       "[programs]\nvendor.required = rpki, irr\ncdn.required = none\n",
		       err, sizeof err);
	CHECK_EQ_U(rc, 0);
	CHECK_STR(err, "");
	CHECK_EQ_U(c.min_peers, 2);
	CHECK_EQ_U(c.irr_match, OBS_IRR_EXACT);
	CHECK(c.ready == 0.95);
	CHECK(c.aspiring == 0.5);
	CHECK_EQ_U(c.long_penalty, OBS_PENALTY_EXPONENTIAL);
	CHECK(!c.full_bogons_only);
	CHECK_EQ_U(c.required[OBS_PROG_VENDOR], (1u << OBS_ACT_IRR) | (1u << OBS_ACT_RPKI));
	CHECK_EQ_U(c.required[OBS_PROG_CDN], 0);
	/* Untouched settings keep their defaults. */
	CHECK(c.culprit_weight == 1.0);
	CHECK_EQ_U(c.history_months, 24);
}

void test_config_errors(void)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "min_peers = 3\n", "line 1: a setting before any [section]" },
		{ "[ingest]\nmin_peer = 3\n", "line 2: unknown setting ingest.min_peer" },
		{ "[ingestion]\n", "line 1: unknown section [ingestion]" },
		{ "[ingest\n", "line 1: a section line is [name]" },
		{ "[ingest]\nmin_peers 3\n", "line 2: expected key = value" },
		{ "[ingest]\nmin_peers = 0\n", "line 2: ingest.min_peers: out of range" },
		{ "[ingest]\nmin_peers = -1\n", "line 2: ingest.min_peers: not a whole number" },
		{ "[ingest]\nmin_peers = 99999999999\n", "line 2: ingest.min_peers: not a whole number" },
		{ "[rpki]\ninvalid_weight = ten\n", "line 2: rpki.invalid_weight: not a number" },
		{ "[rpki]\ninvalid_weight = nan\n", "line 2: rpki.invalid_weight: not a number" },
		{ "[rpki]\ninvalid_weight = 1e999\n", "line 2: rpki.invalid_weight: not a number" },
		{ "[readiness]\nready = 1.5\n", "line 2: readiness.ready: out of range" },
		{ "[readiness]\nready = 0.5\naspiring = 0.6\n", "readiness.aspiring (0.6) is above readiness.ready (0.5)" },
		{ "[irr]\nmatch = fuzzy\n", "line 2: irr.match: not exact or covering" },
		{ "[filtering]\ncount_leaks = maybe\n", "line 2: filtering.count_leaks: not a boolean (true or false)" },
		{ "[programs]\nixp.required = routing\n",
		  "line 2: programs.ixp.required: unknown action (filtering, anti_spoofing, coordination, irr, rpki or none)" },
		{ "[history]\nmonths = 6\n", "line 2: history.months: out of range" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct obs_config c;
		char err[256] = "";
		CHECK_EQ_U(parse(&c, cases[i].text, err, sizeof err), (unsigned long long)-1);
		CHECK_STR(err, cases[i].err);
	}
}

void test_config_format_roundtrip(void)
{
	struct obs_config c, back;
	char err[256] = "", text[4096], again[4096];
	CHECK_EQ_U(parse(&c, "[rpki]\nfloor = -0.25\n[programs]\nixp.recommended = none\n", err, sizeof err), 0);
	size_t n = obs_config_format(&c, text, sizeof text);
	CHECK(n > 100 && n < sizeof text - 1);
	CHECK(strstr(text, "[rpki]\ninvalid_weight = 10\nfloor = -0.25\n") != NULL);
	CHECK(strstr(text, "ixp.recommended = none\n") != NULL);
	memset(&back, 0, sizeof back);
	CHECK_EQ_U(parse(&back, text, err, sizeof err), 0);
	obs_config_format(&back, again, sizeof again);
	CHECK_STR(again, text);
	CHECK(back.rpki_floor == -0.25);
}
