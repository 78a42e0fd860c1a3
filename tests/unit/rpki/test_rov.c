/*
 * Unit tests for src/rpki/rov.c: RFC 6811 verdicts of real routes (RouteViews
 * 2014) against real VRPs (RIPE NCC 2023), checked by hand and by brute force.
 */
#include "test.h"
#include "rpki/rov.h"

#include <stdlib.h>

static struct vrp_table cut;
static int cut_loaded;

/* The cut RIPE NCC pre-production VRP set of data/rpki/ (3,845 VRPs). */
static const struct vrp_table *cut_table(void)
{
	if (!cut_loaded) {
		char path[1024];
		snprintf(path, sizeof path, "%s/../data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz", test_srcdir);
		struct vrp_load_opts o = { 0 };
		struct vrp_load_report rep;
		vrp_table_init(&cut);
		if (vrp_load_file(&cut, path, &o, &rep) < 0)
			fprintf(stderr, "  %s: %s\n", path, rep.error);
		vrp_table_finish(&cut);
		cut_loaded = 1;
	}
	return &cut;
}

static enum rov_state check_route(const char *pfx, uint32_t origin)
{
	struct prefix p;
	if (prefix_parse(pfx, &p) < 0)
		return (enum rov_state)-1;
	return rov_validate(cut_table(), &p, origin);
}

/* Detail for one route: the covering VRPs as "prefix-maxlen ASn" words. */
static const char *detail(const char *pfx, uint32_t origin, size_t *n_match)
{
	static char out[4096];
	struct vrp cover[32];
	struct rov_detail d = { .cover = cover, .max = 32 };
	struct prefix p;
	prefix_parse(pfx, &p);
	rov_validate_detail(cut_table(), &p, origin, &d);
	*n_match = d.n_match;
	size_t off = (size_t)snprintf(out, sizeof out, "%s:", rov_state_name(d.state));
	for (size_t i = 0; i < d.n_cover && i < d.max; i++) {
		char b[PREFIX_STRLEN];
		prefix_fmt(&cover[i].prefix, b);
		off += (size_t)snprintf(out + off, sizeof out - off, " %s-%u AS%u", b, cover[i].maxlen, cover[i].asn);
	}
	return out;
}

void test_rov_state_names(void)
{
	CHECK_STR(rov_state_name(ROV_VALID), "valid");
	CHECK_STR(rov_state_name(ROV_INVALID_ORIGIN), "invalid-origin");
	CHECK_STR(rov_state_name(ROV_INVALID_LENGTH), "invalid-length");
	CHECK_STR(rov_state_name(ROV_NOT_FOUND), "not-found");
}

/* Routes of the 2014 RouteViews table (pyasn) against the 2023 VRPs; the
 * expected verdicts were worked out by hand from the VRPs listed. */
void test_rov_real_routes(void)
{
	/* VRP 2.0.0.0/12-17 AS3215 */
	CHECK_EQ_U(check_route("2.0.0.0/16", 3215), ROV_VALID);
	CHECK_EQ_U(check_route("2.2.2.0/30", 286), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(check_route("2.2.2.0/30", 3215), ROV_INVALID_LENGTH);
	CHECK_EQ_U(check_route("2.0.0.0/17", 3215), ROV_VALID);
	CHECK_EQ_U(check_route("2.0.0.0/18", 3215), ROV_INVALID_LENGTH);
	CHECK_EQ_U(check_route("2.0.0.0/11", 3215), ROV_NOT_FOUND);
	/* VRP 2.16.0.0/13-13 AS702 only */
	CHECK_EQ_U(check_route("2.16.0.0/13", 31377), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(check_route("2.32.0.0/16", 30722), ROV_NOT_FOUND);
	/* VRP 2.48.0.0/14-14 AS5384 */
	CHECK_EQ_U(check_route("2.48.0.0/18", 5384), ROV_INVALID_LENGTH);
	CHECK_EQ_U(check_route("2.48.0.0/14", 5384), ROV_VALID);
	/* IPv6: 2001:67c:2ad4::/48-49 AS61430 */
	CHECK_EQ_U(check_route("2001:67c:2ad4::/49", 61430), ROV_VALID);
	CHECK_EQ_U(check_route("2001:67c:2ad4::/50", 61430), ROV_INVALID_LENGTH);
	CHECK_EQ_U(check_route("2001:67c:2ad4::/49", 1), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(check_route("2001:67c:20c8:100::/56", 42836), ROV_VALID);
	CHECK_EQ_U(check_route("2001:db8::/32", 1), ROV_NOT_FOUND);
	/* An IPv4 VRP never covers an IPv6 route of the same bits. */
	CHECK_EQ_U(check_route("200::/16", 3215), ROV_NOT_FOUND);
}

/* The VRPs behind a verdict, shortest prefix first, then by ASN. */
void test_rov_detail_vrps(void)
{
	size_t m;
	CHECK_STR(detail("2.84.0.0/16", 6799, &m),
		  "valid: 2.84.0.0/14-14 AS702 2.84.0.0/14-14 AS6799 2.84.0.0/16-16 AS6799");
	CHECK_EQ_U(m, 1);
	CHECK_STR(detail("2.12.0.0/16", 3215, &m), "valid: 2.0.0.0/12-17 AS3215 2.12.0.0/16-24 AS3215");
	CHECK_EQ_U(m, 2);
	CHECK_STR(detail("2.179.68.0/23", 48159, &m),
		  "invalid-origin: 2.176.0.0/12-12 AS12880 2.179.64.0/20-20 AS58224 2.179.68.0/23-23 AS58224");
	CHECK_EQ_U(m, 0);
	CHECK_STR(detail("2001:67c:20::/51", 702, &m),
		  "invalid-length: 2001:67c:20::/48-48 AS702 2001:67c:20::/48-48 AS198303 2001:67c:20::/49-49 AS702 "
		  "2001:67c:20::/49-49 AS198303 2001:67c:20::/50-50 AS702 2001:67c:20::/50-50 AS198303");
	CHECK_STR(detail("2.32.0.0/16", 30722, &m), "not-found:");
	/* 18 VRPs cover 2.132.0.0/17; AS9198 has three of them, none long enough. */
	struct vrp cover[4];
	struct rov_detail d = { .cover = cover, .max = 4 };
	struct prefix p;
	prefix_parse("2.132.0.0/17", &p);
	CHECK_EQ_U(rov_validate_detail(cut_table(), &p, 9198, &d), ROV_INVALID_LENGTH);
	CHECK_EQ_U(d.n_cover, 18);
	CHECK_EQ_U(d.n_match, 0);
}

/* RFC 6483 section 4: AS 0 VRPs (2.58.144.0/22-22, /23-23, /24-24 AS0)
 * cover and never match; RFC 6811 section 2 / RFC 6472: a route without an
 * origin AS (AS_SET) is never valid. */
void test_rov_as0_and_as_set(void)
{
	CHECK_EQ_U(check_route("2.58.144.0/24", 64500), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(check_route("2.58.144.0/24", ROV_ORIGIN_NONE), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(check_route("2.57.180.0/24", 0), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(check_route("2.0.0.0/16", ROV_ORIGIN_NONE), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(check_route("2.32.0.0/16", ROV_ORIGIN_NONE), ROV_NOT_FOUND);
	size_t m;
	CHECK_STR(detail("2.57.180.0/24", ROV_ORIGIN_NONE, &m), "invalid-origin: 2.57.180.0/22-24 AS0");
	CHECK_EQ_U(m, 0);
}

void test_rov_empty_table(void)
{
	struct vrp_table t;
	vrp_table_init(&t);
	vrp_table_finish(&t);
	struct prefix p;
	prefix_parse("0.0.0.0/0", &p);
	CHECK_EQ_U(rov_validate(&t, &p, 1), ROV_NOT_FOUND);
	vrp_table_free(&t);
}

struct all_vrps {
	struct vrp *v;
	size_t n, cap;
};

static int all_cb(const struct vrp *v, void *ctx)
{
	struct all_vrps *a = ctx;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 4096;
		a->v = realloc(a->v, a->cap * sizeof *a->v);
	}
	a->v[a->n++] = *v;
	return 0;
}

/* RFC 6811 section 2 read literally, over every VRP. */
static enum rov_state brute(const struct all_vrps *a, const struct prefix *p, uint32_t origin)
{
	int covered = 0, matched = 0, origin_seen = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct vrp *v = &a->v[i];
		if (!prefix_covers(&v->prefix, p))
			continue;
		covered = 1;
		if (v->asn != 0 && origin != 0 && v->asn == origin) {
			if (p->len <= v->maxlen)
				matched = 1;
			else
				origin_seen = 1;
		}
	}
	return matched ? ROV_VALID : !covered ? ROV_NOT_FOUND : origin_seen ? ROV_INVALID_LENGTH : ROV_INVALID_ORIGIN;
}

/* 20,000 routes made from the VRPs themselves (same, longer and shorter
 * prefixes; the VRP's ASN, another VRP's, AS 0) against the oracle. */
void test_rov_against_brute_force(void)
{
	struct all_vrps a = { 0 };
	vrp_table_walk(cut_table(), all_cb, &a);
	CHECK_EQ_U(a.n, 3845);
	uint64_t x = 88172645463325252ull;
	unsigned counts[4] = { 0 };
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		const struct vrp *v = &a.v[x % a.n];
		struct prefix p = v->prefix;
		unsigned bits = p.afi == AFI_IPV6 ? 128 : 32;
		int delta = (int)((x >> 20) % 9) - 3;
		int len = p.len + delta;
		p.len = (uint8_t)(len < 0 ? 0 : len > (int)bits ? (int)bits : len);
		for (unsigned k = 0; k < 16; k++)
			p.b[k] ^= (uint8_t)(x >> (24 + k % 5));
		if (p.afi == AFI_IPV4)
			memset(p.b + 4, 0, 12);
		/* Keep the VRP's first bits so most routes stay covered. */
		for (unsigned k = 0; k < v->prefix.len && k < p.len; k++) {
			uint8_t m = (uint8_t)(0x80 >> (k % 8));
			p.b[k / 8] = (uint8_t)((p.b[k / 8] & ~m) | (v->prefix.b[k / 8] & m));
		}
		prefix_mask(&p);
		uint32_t origin = (x >> 40) % 4 == 0 ? a.v[(x >> 8) % a.n].asn : (x >> 40) % 4 == 1 ? 0 : v->asn;
		enum rov_state want = brute(&a, &p, origin), got = rov_validate(cut_table(), &p, origin);
		struct vrp cover[64];
		struct rov_detail d = { .cover = cover, .max = 64 };
		enum rov_state got2 = rov_validate_detail(cut_table(), &p, origin, &d);
		counts[want]++;
		if (want != got || want != got2) {
			char b[PREFIX_STRLEN];
			prefix_fmt(&p, b);
			fprintf(stderr, "  %s AS%u: %s, oracle %s\n", b, origin, rov_state_name(got), rov_state_name(want));
			test_failures++;
			break;
		}
	}
	/* Every verdict was exercised. */
	for (int s = 0; s < 4; s++)
		CHECK(counts[s] > 100);
	free(a.v);
}
