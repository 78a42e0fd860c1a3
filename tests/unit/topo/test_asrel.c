/* Unit tests for src/topo/asrel.c: CAIDA's 2014-01-01 serial-1 file and a
 * serial-2 excerpt (counts, relationships, cone sizes checked against an
 * independent Python walk), cones on cycles, the valley-free check with
 * every RFC 7908 leak type on real and on crafted paths, bad lines. */
#include "test.h"
#include "topo/asrel.h"

#include <stdlib.h>

static struct asrel *load(const char *rel)
{
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/../data/refdata/asrel/%s", test_srcdir, rel);
	struct asrel *as = asrel_new();
	if (asrel_load_file(as, path, NULL, NULL, err, sizeof err) < 0)
		fprintf(stderr, "  %s\n", err);
	return as;
}

/* Figures from a separate Python walk over the same file (set-based
 * depth-first search over provider->customer links). */
void test_asrel_caida_2014(void)
{
	struct asrel *as = load("20140101.as-rel.txt.gz");
	CHECK_EQ_U(as->n_files, 1);
	if (as->n_files != 1) {
		asrel_free(as);
		return;
	}
	const struct asrel_file *f = &as->files[0];
	CHECK_EQ_U(f->serial, 1);
	CHECK_EQ_U(f->links, 165364);
	CHECK_EQ_U(f->p2c, 88733);
	CHECK_EQ_U(f->p2p, 76631);
	CHECK_EQ_U(f->skipped, 0);
	CHECK_EQ_U(f->min_date, 20140101);
	CHECK_EQ_U(f->max_date, 20140105);
	CHECK_EQ_U(f->n_clique, 13);
	CHECK_EQ_U(f->clique[0], 174);
	CHECK_EQ_U(f->clique[12], 7018);
	CHECK_EQ_U(asrel_count_ases(as), 46185);
	CHECK_EQ_U(as->n_p2c, 88733);
	CHECK_EQ_U(f->duplicates + f->conflicts, 0);

	CHECK_EQ_U(asrel_get(as, 3356, 3549), ASREL_P2C); /* line 28845: 3356|3549|-1 */
	CHECK_EQ_U(asrel_get(as, 3549, 3356), ASREL_C2P);
	CHECK_EQ_U(asrel_get(as, 3, 4), ASREL_P2P);       /* line 138: 3|4|0 */
	CHECK_EQ_U(asrel_get(as, 4, 3), ASREL_P2P);
	CHECK_EQ_U(asrel_get(as, 3356, 174), ASREL_P2P);
	CHECK_EQ_U(asrel_get(as, 3, 3549), ASREL_NONE);
	CHECK_EQ_U(asrel_get(as, 3, 64496), ASREL_NONE);

	size_t n;
	asrel_neighbours(as, 3356, 0, &n);
	CHECK_EQ_U(n, 0);
	asrel_neighbours(as, 3356, 1, &n);
	CHECK_EQ_U(n, 3891);
	asrel_neighbours(as, 3356, 2, &n);
	CHECK_EQ_U(n, 56);
	const uint32_t *prov = asrel_neighbours(as, 3549, 0, &n);
	CHECK_EQ_U(n, 2);
	if (n == 2) {
		uint32_t a = asrel_node_asn(as, prov[0]), b = asrel_node_asn(as, prov[1]);
		CHECK((a == 701 && b == 3356) || (a == 3356 && b == 701));
	}

	CHECK_EQ_U(asrel_cone_size(as, 3356), 38325);
	CHECK_EQ_U(asrel_cone_size(as, 701), 40530);
	CHECK_EQ_U(asrel_cone_size(as, 174), 33082);
	CHECK_EQ_U(asrel_cone_size(as, 6939), 14707);
	CHECK_EQ_U(asrel_cone_size(as, 15169), 8);
	CHECK_EQ_U(asrel_cone_size(as, 3333), 2);
	CHECK_EQ_U(asrel_cone_size(as, 3356), 38325); /* from the cache */
	CHECK_EQ_U(asrel_cone_size(as, 64496), 0);
	const uint32_t *cone = asrel_cone(as, 15169, &n);
	CHECK_EQ_U(n, 8);
	static const uint32_t want[8] = { 1406, 6432, 15169, 19425, 22244, 26910, 43515, 55023 };
	for (size_t i = 0; i < n && i < 8; i++)
		CHECK_EQ_U(cone[i], want[i]);
	CHECK(asrel_in_cone(as, 3356, 3549));
	CHECK(asrel_in_cone(as, 15169, 15169));
	CHECK(!asrel_in_cone(as, 3549, 3356));
	asrel_free(as);
}

void test_asrel_serial2(void)
{
	struct asrel *as = load("20210901.as-rel2.excerpt.txt.bz2");
	CHECK_EQ_U(as->n_files, 1);
	if (as->n_files != 1) {
		asrel_free(as);
		return;
	}
	const struct asrel_file *f = &as->files[0];
	CHECK_EQ_U(f->serial, 2);
	CHECK_EQ_U(f->links, 22);
	CHECK_EQ_U(f->p2c, 12);
	CHECK_EQ_U(f->p2p, 10);
	CHECK_EQ_U(f->src_bgp, 22);
	CHECK_EQ_U(f->n_clique, 19);
	CHECK_EQ_U(f->min_date, 20210901);
	CHECK_EQ_U(f->max_date, 20210905);
	CHECK_EQ_U(asrel_get(as, 1, 1898), ASREL_P2C);  /* 1|1898|-1|bgp */
	CHECK_EQ_U(asrel_get(as, 1, 8641), ASREL_P2P);  /* 1|8641|0|bgp */
	CHECK_EQ_U(asrel_cone_size(as, 1), 8);          /* itself and its 7 customers */
	asrel_free(as);
}

static struct asrel *from_text(const char *text)
{
	struct asrel *as = asrel_new();
	asrel_parse(as, "t", text, strlen(text), NULL, NULL);
	return as;
}

/* Customer cones on a provider-customer cycle 1 > 2 > 3 > 1 (which real
 * inferences contain) end, and hold each AS once. */
void test_asrel_cone_cycle(void)
{
	struct asrel *as = from_text("1|2|-1\n2|3|-1\n3|1|-1\n3|4|-1\n5|1|-1\n");
	CHECK_EQ_U(asrel_cone_size(as, 1), 4);
	CHECK_EQ_U(asrel_cone_size(as, 3), 4);
	CHECK_EQ_U(asrel_cone_size(as, 4), 1);
	CHECK_EQ_U(asrel_cone_size(as, 5), 5);
	size_t n;
	const uint32_t *c = asrel_cone(as, 2, &n);
	CHECK_EQ_U(n, 4);
	if (n == 4) {
		CHECK_EQ_U(c[0], 1);
		CHECK_EQ_U(c[3], 4);
	}
	CHECK(asrel_in_cone(as, 2, 1));
	CHECK(!asrel_in_cone(as, 4, 1));
	/* More links reopen the graph and clear the cache. */
	asrel_parse(as, "u", "4|6|-1\n", 7, NULL, NULL);
	CHECK_EQ_U(asrel_cone_size(as, 1), 5);
	asrel_free(as);
}

static void expect_leak(struct asrel *as, const uint32_t *path, size_t n, int type, uint32_t from, uint32_t leaker,
			uint32_t to, size_t index)
{
	struct asrel_vf v;
	asrel_valley(as, path, n, &v);
	CHECK_EQ_U(v.status, ASREL_VF_LEAK);
	CHECK_EQ_U(v.leak_type, type);
	CHECK_EQ_U(v.from, from);
	CHECK_EQ_U(v.leaker, leaker);
	CHECK_EQ_U(v.to, to);
	CHECK_EQ_U(v.index, index);
}

/* Real relationships of 2014-01-01: AS3 has providers 174 and 3356 and
 * peers 4 and 291; 3356 and 174 peer; 3356 is a provider of 3549. Paths are
 * written as in AS_PATH: nearest the observer first, origin last. */
void test_asrel_valley_real(void)
{
	struct asrel *as = load("20140101.as-rel.txt.gz");
	struct asrel_vf v;
	const uint32_t ok1[] = { 174, 3356, 3549 };  /* up, then across one peering */
	asrel_valley(as, ok1, 3, &v);
	CHECK_EQ_U(v.status, ASREL_VF_VALID);
	CHECK_EQ_U(v.ases, 3);
	const uint32_t ok2[] = { 3, 3356, 3549 };    /* up, then down */
	asrel_valley(as, ok2, 3, &v);
	CHECK_EQ_U(v.status, ASREL_VF_VALID);
	const uint32_t t1[] = { 174, 3, 3356 };
	expect_leak(as, t1, 3, 1, 3356, 3, 174, 1);
	const uint32_t t2[] = { 291, 3, 4 };
	expect_leak(as, t2, 3, 2, 4, 3, 291, 1);
	const uint32_t t3[] = { 4, 3, 3356 };
	expect_leak(as, t3, 3, 3, 3356, 3, 4, 1);
	const uint32_t t4[] = { 3356, 3, 4 };
	expect_leak(as, t4, 3, 4, 4, 3, 3356, 1);
	CHECK(strstr(asrel_leak_type_name(1), "Type 1: hairpin") != NULL);
	asrel_free(as);
}

/* A crafted graph: 10 and 11 are providers of 20; 20 peers with 30 and 31;
 * 20 is a provider of 40; 40 a provider of 50. */
void test_asrel_valley_crafted(void)
{
	struct asrel *as = from_text("10|20|-1\n11|20|-1\n20|30|0\n20|31|0\n20|40|-1\n40|50|-1\n10|11|0\n");
	struct asrel_vf v;
	const uint32_t up[] = { 10, 20, 40, 50 };
	asrel_valley(as, up, 4, &v);
	CHECK_EQ_U(v.status, ASREL_VF_VALID);
	const uint32_t updown[] = { 50, 40, 20, 10, 11, 20, 30 };
	/* From 30: 30->20 flat, 20->11 up: Type 4 at 20 (the first one from
	 * the origin), though 10->20->40 later is fine. */
	expect_leak(as, updown, 7, 4, 30, 20, 11, 5);
	/* Prepends count once; the leaker's index is its occurrence nearest
	 * the origin. */
	const uint32_t prep[] = { 11, 11, 20, 20, 20, 10, 10 };
	expect_leak(as, prep, 7, 1, 10, 20, 11, 4);
	asrel_valley(as, prep, 7, &v);
	CHECK_EQ_U(v.ases, 3);
	/* Two leaks: the first from the origin is reported (20 sends 30's
	 * route to 31: Type 2). */
	const uint32_t two[] = { 10, 20, 31, 20, 30 };
	expect_leak(as, two, 5, 2, 30, 20, 31, 3);
	/* An unknown link and no leak among the known ones. */
	const uint32_t unk[] = { 10, 20, 99 };
	asrel_valley(as, unk, 3, &v);
	CHECK_EQ_U(v.status, ASREL_VF_UNKNOWN);
	CHECK_EQ_U(v.unknown_a, 99);
	CHECK_EQ_U(v.unknown_b, 20);
	CHECK_EQ_U(v.unknown_links, 1);
	/* An unknown link does not hide a leak elsewhere. */
	const uint32_t unk2[] = { 31, 20, 30, 99 };
	expect_leak(as, unk2, 4, 2, 30, 20, 31, 1);
	asrel_valley(as, unk2, 4, &v);
	CHECK_EQ_U(v.unknown_links, 1);
	/* A single AS (even prepended) and an empty path. */
	const uint32_t one[] = { 20, 20 };
	asrel_valley(as, one, 2, &v);
	CHECK_EQ_U(v.status, ASREL_VF_VALID);
	CHECK_EQ_U(v.ases, 1);
	asrel_valley(as, one, 0, &v);
	CHECK_EQ_U(v.status, ASREL_VF_EMPTY);
	asrel_free(as);
}

struct bad {
	uint64_t line[8];
	const char *why[8];
	int n;
};

static void on_bad(const char *file, uint64_t lineno, const char *reason, void *ctx)
{
	struct bad *b = ctx;
	(void)file;
	if (b->n < 8) {
		b->line[b->n] = lineno;
		b->why[b->n] = reason;
	}
	b->n++;
}

void test_asrel_malformed(void)
{
	static const char text[] = "# source:topology|BGP|20200101|ripe|rrc00\n" /* 1 */
				   "1|2|-1\n"                                       /* 2 good */
				   "1|2\n"                                          /* 3 */
				   "1|2|-1|bgp|x\n"                                 /* 4 */
				   "1|x|0\n"                                        /* 5 */
				   "1|4294967296|0\n"                               /* 6 */
				   "1|3|1\n"                                        /* 7 */
				   "7|7|0\n"                                        /* 8 */
				   "2|1|-1\n"                                       /* 9 conflict */
				   "2|1|0\n"                                        /* 10 conflict */
				   "1|2|-1\n"                                       /* 11 duplicate */
				   "3|4|0|\n"                                       /* 12 */
				   "4|3|0|mlp\n";                                   /* 13 good */
	struct asrel *as = asrel_new();
	struct bad b = { .n = 0 };
	asrel_parse(as, "t", text, sizeof text - 1, on_bad, &b);
	static const struct {
		uint64_t line;
		const char *why;
	} want[] = {
		{ 3, "fewer than 3 fields" },
		{ 4, "more than 4 fields" },
		{ 5, "AS number is not a decimal number up to 4294967295" },
		{ 6, "AS number is not a decimal number up to 4294967295" },
		{ 7, "relationship is not -1 (provider|customer) or 0 (peers)" },
		{ 8, "an AS related to itself" },
		{ 12, "empty source field" },
	};
	CHECK_EQ_U(b.n, 7);
	for (int i = 0; i < 7 && i < b.n; i++) {
		CHECK_EQ_U(b.line[i], want[i].line);
		CHECK_STR(b.why[i], want[i].why);
	}
	asrel_finish(as);
	const struct asrel_file *f = &as->files[0];
	CHECK_EQ_U(f->links, 5);
	CHECK_EQ_U(f->conflicts, 2);
	CHECK_EQ_U(f->first_conflict_line, 9);
	CHECK_EQ_U(f->duplicates, 1);
	CHECK_EQ_U(f->src_mlp, 1);
	CHECK_EQ_U(f->sources, 1);
	CHECK_EQ_U(as->n_links, 2);
	CHECK_EQ_U(asrel_get(as, 1, 2), ASREL_P2C); /* the first listing wins */
	CHECK_EQ_U(asrel_get(as, 3, 4), ASREL_P2P);
	asrel_free(as);
}
