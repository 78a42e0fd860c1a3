/* Unit tests of observatory/snapshot.c and m49.c: times, file checks, M49. */
#include "test.h"
#include "observatory/m49.h"
#include "observatory/snapshot.h"

#include <string.h>

void test_snapshot_times(void)
{
	CHECK_EQ_U(obs_parse_time("2002-07-01", 10), 1025481600);
	CHECK_EQ_U(obs_parse_time("2023-05-04T14:52:07Z", 20), 1683211927);
	CHECK_EQ_U(obs_parse_time("2023-05-04 14:52:07", 19), 1683211927);
	CHECK_EQ_U(obs_parse_time("20240310", 8), 1710028800);
	CHECK_EQ_U(obs_parse_time("1700000000", 10), 1700000000);
	CHECK(obs_parse_time("2024-13-01", 10) == -1);
	CHECK(obs_parse_time("2024-01-01T25:00:00Z", 20) == -1);
	CHECK(obs_parse_time("", 0) == -1);
	char t[32];
	obs_format_time(1683211927, t);
	CHECK_STR(t, "2023-05-04T14:52:07Z");
	CHECK_EQ_U(obs_kind_parse("delegated"), OBS_KIND_DELEGATED);
	CHECK(obs_kind_parse("roa") == -1);
}

void test_snapshot_check(void)
{
	uint64_t n;
	int64_t t;
	char err[256];
	const char *csv = "ASN,IP Prefix,Max Length,Trust Anchor\nAS3333,193.0.0.0/21,21,ripe\n";
	CHECK_EQ_U(obs_snapshot_check(OBS_KIND_VRP, "v.csv", csv, strlen(csv), &n, &t, err, sizeof err), 0);
	CHECK_EQ_U(n, 1);
	CHECK(t == -1);
	const char *js = "{\"metadata\": {\"buildtime\": \"2021-07-27T18:56:02Z\"}, \"roas\": [{\"asn\": 13335, "
			 "\"prefix\": \"1.0.0.0/24\", \"maxLength\": 24, \"ta\": \"apnic\"}]}";
	CHECK_EQ_U(obs_snapshot_check(OBS_KIND_VRP, "v.json", js, strlen(js), &n, &t, err, sizeof err), 0);
	CHECK_EQ_U(t, 1627412162);
	CHECK(obs_snapshot_check(OBS_KIND_ASPA, "v.json", js, strlen(js), &n, &t, err, sizeof err) == -1);
	CHECK_STR(err, "no ASPA records in it");
	const char *bog = "# last updated 1710089701\n0.0.0.0/8\n10.0.0.0/8\n";
	CHECK_EQ_U(obs_snapshot_check(OBS_KIND_BOGONS, "b.txt", bog, strlen(bog), &n, &t, err, sizeof err), 0);
	CHECK_EQ_U(n, 2);
	CHECK_EQ_U(t, 1710089701);
	const char *del = "2|ripencc|20240301|2|19830705|20240229|+0100\nripencc|NL|asn|3333|1|19930901|allocated\n"
			  "ripencc|NL|ipv4|193.0.0.0|2048|19930901|allocated\n";
	CHECK_EQ_U(obs_snapshot_check(OBS_KIND_DELEGATED, "d", del, strlen(del), &n, &t, err, sizeof err), 0);
	CHECK_EQ_U(n, 2);
	CHECK_EQ_U(t, 1709251200);
	CHECK(obs_snapshot_check(OBS_KIND_IRR, "x", csv, strlen(csv), &n, &t, err, sizeof err) == -1);
	CHECK(obs_snapshot_check(OBS_KIND_SPOOFER, "x", "", 0, &n, &t, err, sizeof err) == -1);
}

void test_m49(void)
{
	const struct obs_m49 *m = obs_m49_country("nl");
	CHECK(m != NULL);
	if (m) {
		CHECK_STR(m->region, "Europe");
		CHECK_STR(m->subregion, "Western Europe");
	}
	CHECK(obs_m49_in("US", "Northern America"));
	CHECK(obs_m49_in("US", "americas"));
	CHECK(!obs_m49_in("US", "Europe"));
	CHECK(obs_m49_in("KE", "Eastern Africa"));
	CHECK(obs_m49_in("KE", "Sub-Saharan Africa"));
	CHECK(obs_m49_country("ZZ") == NULL);
	CHECK(obs_m49_known_region("Western Asia"));
	CHECK(!obs_m49_known_region("Atlantis"));
}
