/*
 * Unit tests of src/irr/filter*.c: the prefix tree's aggregation and
 * ranges, printers and expansion. Every expected list here is what Debian's
 * bgpq4 1.9 printed for the same prefixes (bgpq4 -A 192.0.2.0/25 ...).
 */
#include "irr/filter.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

/* Builds a tree of the prefixes (NULL-terminated; "p^a-b" inserts a
 * range), runs -R/-r/-A, prints with opts, returns the owned text. */
static char *run(const char *const *pfx, const struct filter_opts *o, unsigned refine, unsigned refine_low, bool agg)
{
	struct filter_tree t;
	filter_tree_init(&t, o->afi);
	for (size_t i = 0; pfx[i]; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", pfx[i]);
		char *c = strchr(buf, '^');
		unsigned lo = 0, hi = 0;
		if (c) {
			*c = 0;
			sscanf(c + 1, "%u-%u", &lo, &hi);
		}
		struct prefix p;
		if (prefix_parse(buf, &p) < 0)
			return NULL;
		if (c)
			filter_tree_insert_range(&t, &p, lo, hi);
		else
			filter_tree_insert(&t, &p);
	}
	if (refine)
		filter_tree_refine(&t, refine);
	if (refine_low)
		filter_tree_refine_low(&t, refine_low);
	if (agg)
		filter_tree_aggregate(&t);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	filter_print_prefixes(f, &t, o);
	fclose(f);
	filter_tree_free(&t);
	return out;
}

static struct filter_opts cisco(void)
{
	struct filter_opts o;
	memset(&o, 0, sizeof o);
	o.afi = AFI_IPV4;
	o.gen = FILTER_GEN_PREFIXLIST;
	return o;
}

void test_filter_aggregate_siblings(void)
{
	static const char *const p[] = { "192.0.2.0/25", "192.0.2.128/25", "198.51.100.0/24", "198.51.100.0/25",
					 "198.51.100.128/25", "203.0.113.0/26", "203.0.113.64/26", "203.0.113.128/26",
					 "203.0.113.192/26", NULL };
	struct filter_opts o = cisco();
	char *s = run(p, &o, 0, 0, true);
	CHECK_STR(s, "no ip prefix-list NN\n"
		     "ip prefix-list NN permit 192.0.2.0/24 ge 25 le 25\n"
		     "ip prefix-list NN permit 198.51.100.0/24 le 25\n"
		     "ip prefix-list NN permit 203.0.113.0/24 ge 26 le 26\n");
	free(s);
	/* Without -A every entry stays, in address then length order. */
	s = run(p, &o, 0, 0, false);
	CHECK_STR(s, "no ip prefix-list NN\n"
		     "ip prefix-list NN permit 192.0.2.0/25\n"
		     "ip prefix-list NN permit 192.0.2.128/25\n"
		     "ip prefix-list NN permit 198.51.100.0/24\n"
		     "ip prefix-list NN permit 198.51.100.0/25\n"
		     "ip prefix-list NN permit 198.51.100.128/25\n"
		     "ip prefix-list NN permit 203.0.113.0/26\n"
		     "ip prefix-list NN permit 203.0.113.64/26\n"
		     "ip prefix-list NN permit 203.0.113.128/26\n"
		     "ip prefix-list NN permit 203.0.113.192/26\n");
	free(s);
}

void test_filter_aggregate_sons(void)
{
	/* Two /16 entries whose halves are all present: the ranges merge
	 * through the extra "son" entries into one line. */
	static const char *const p[] = { "145.2.0.0/16", "145.3.0.0/16", "145.2.0.0/17", "145.2.128.0/17",
					 "145.3.0.0/17", "145.3.128.0/17", "145.4.0.0/17", "145.4.128.0/17",
					 "145.5.0.0/17", "145.5.128.0/17", NULL };
	struct filter_opts o = cisco();
	char *s = run(p, &o, 0, 0, true);
	CHECK_STR(s, "no ip prefix-list NN\n"
		     "ip prefix-list NN permit 145.2.0.0/15 ge 16 le 17\n"
		     "ip prefix-list NN permit 145.4.0.0/15 ge 17 le 17\n");
	free(s);
}

void test_filter_refine(void)
{
	static const char *const p[] = { "10.0.0.0/16", "10.0.0.0/23", "10.1.0.0/24", "10.2.0.0/25", NULL };
	struct filter_opts o = cisco();
	char *s = run(p, &o, 24, 22, false);
	CHECK_STR(s, "no ip prefix-list NN\n"
		     "ip prefix-list NN permit 10.0.0.0/16 ge 22 le 24\n"
		     "ip prefix-list NN permit 10.1.0.0/24\n"
		     "ip prefix-list NN permit 10.2.0.0/25\n");
	free(s);
}

void test_filter_ranges(void)
{
	/* 10.0.0.0/22^23-24: two /23 and four /24, aggregated back. */
	static const char *const p[] = { "10.0.0.0/22^23-24", "10.0.8.0/24", NULL };
	struct filter_opts o = cisco();
	o.vendor = FILTER_BIRD;
	char *s = run(p, &o, 0, 0, true);
	CHECK_STR(s, "NN = [\n    10.0.0.0/22{23,24},\n    10.0.8.0/24\n];\n");
	free(s);

	struct filter_tree t;
	filter_tree_init(&t, AFI_IPV4);
	struct prefix q;
	prefix_parse("10.0.0.0/22", &q);
	CHECK(filter_tree_insert_range(&t, &q, 22, 32) == 0);
	CHECK_EQ_U(filter_tree_count(&t), 2047);   /* 1 + 2 + ... + 1024 */
	filter_tree_aggregate(&t);
	CHECK_EQ_U(filter_tree_count(&t), 1);
	filter_tree_free(&t);
}

void test_filter_acl(void)
{
	static const char *const p[] = { "10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/32", "10.0.4.0/23^24-24", NULL };
	struct filter_opts o = cisco();
	o.gen = FILTER_GEN_EACL;
	char *s = run(p, &o, 0, 0, true);
	/* bgpq4's /32 netmask is 0.0.0.0, kept for identical output. */
	CHECK_STR(s, "no ip access-list extended NN\n"
		     "ip access-list extended NN\n"
		     " permit ip 10.0.0.0 0.0.1.0 host 255.255.255.0\n"
		     " permit ip host 10.0.2.0 host 0.0.0.0\n"
		     " permit ip 10.0.4.0 0.0.1.0 host 255.255.255.0\n");
	free(s);
}

void test_filter_empty_lists(void)
{
	static const char *const none[] = { NULL };
	struct filter_opts o = cisco();
	char *s = run(none, &o, 0, 0, false);
	CHECK_STR(s, "no ip prefix-list NN\n! generated prefix-list NN is empty\nip prefix-list NN deny 0.0.0.0/0\n");
	free(s);
	o.vendor = FILTER_BIRD;
	s = run(none, &o, 0, 0, false);
	CHECK_STR(s, "");
	free(s);
	o.vendor = FILTER_OPENBGPD;
	o.asnumber = 3333;
	s = run(none, &o, 0, 0, false);
	CHECK_STR(s, "# generated prefix-list NN (AS 3333) is empty\ndeny from AS 3333\n");
	free(s);
}

static char *asp(const uint32_t *v, size_t n, const struct filter_opts *o)
{
	struct filter_asns a = { 0 };
	for (size_t i = 0; i < n; i++)
		filter_asns_add(&a, v[i]);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	filter_print_asns(f, &a, o);
	fclose(f);
	filter_asns_free(&a);
	return out;
}

void test_filter_aspath(void)
{
	static const uint32_t v[] = { 3333, 1103, 2121, 12654, 3333, 8283 };
	struct filter_opts o = cisco();
	o.gen = FILTER_GEN_ASPATH;
	o.asnumber = 3333;
	o.aswidth = filter_default_aswidth(o.vendor, o.gen);
	CHECK_EQ_U(o.aswidth, 4);
	char *s = asp(v, 6, &o);
	CHECK_STR(s, "no ip as-path access-list NN\n"
		     "ip as-path access-list NN permit ^3333(_3333)*$\n"
		     "ip as-path access-list NN permit ^3333(_[0-9]+)*_(1103|2121|8283|12654)$\n");
	free(s);
	/* bgpq4 1.9's IOS XR set starts with a comma when 3333 is absent. */
	o.vendor = FILTER_CISCO_XR;
	o.asnumber = 1;
	o.aswidth = 3;
	s = asp(v, 6, &o);
	CHECK_STR(s, "as-path-set NN,\n  ios-regex '^1(_[0-9]+)*_(1103|2121|3333)$',\n"
		     "  ios-regex '^1(_[0-9]+)*_(8283|12654)$'\nend-set\n");
	free(s);
	o.compat = FILTER_COMPAT_1_16;
	s = asp(v, 6, &o);
	CHECK_STR(s, "as-path-set NN\n  ios-regex '^1(_[0-9]+)*_(1103|2121|3333)$',\n"
		     "  ios-regex '^1(_[0-9]+)*_(8283|12654)$'\nend-set\n");
	free(s);
	o.vendor = FILTER_JUNIPER;
	o.gen = FILTER_GEN_ASPATH;
	s = asp(v, 0, &o);
	CHECK_STR(s, "policy-options {\nreplace:\n as-path-group NN {\n  as-path aNone \"!.*\";\n }\n}\n");
	free(s);
}

/* A small IRR: an as-set with a private AS, a nested set and a loop. */
static const char IRR[] =
	"as-set: AS-A\nmembers: AS3333, AS-B, AS65001\nmnt-by: M\nsource: RIPE\n\n"
	"as-set: AS-B\nmembers: AS2121, AS-C, AS-A\nmnt-by: M\nsource: RIPE\n\n"
	"as-set: AS-C\nmembers: AS1103\nmnt-by: M\nsource: RIPE\n\n"
	"route: 193.0.0.0/21\norigin: AS3333\nmnt-by: M\nsource: RIPE\n\n"
	"route: 192.0.2.0/24\norigin: AS2121\nmnt-by: M\nsource: RIPE\n\n"
	"route: 145.0.0.0/16\norigin: AS1103\nmnt-by: M\nsource: RIPE\n\n"
	"route: 100.64.0.0/24\norigin: AS65001\nmnt-by: M\nsource: RIPE\n";

static void expand(char **objs, size_t n, struct filter_expand_opts *xo, struct filter_asns *a, struct filter_tree *t,
		   struct filter_report *r)
{
	struct irr_db db;
	irr_db_init(&db);
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	irr_db_load_mem(&db, IRR, sizeof IRR - 1, NULL, NULL, &st);
	const char *why;
	filter_tree_init(t, AFI_IPV4);
	memset(r, 0, sizeof *r);
	memset(a, 0, sizeof *a);
	filter_expand(&db, objs, n, xo, t, a, r, &why);
	irr_db_free(&db);
}

void test_filter_expand(void)
{
	struct filter_expand_opts xo = { .afi = AFI_IPV4, .maxlen = 32, .prefixes = false };
	struct filter_asns a;
	struct filter_tree t;
	struct filter_report r;
	char *o1[] = { "AS-A" };
	/* !i AS-A,1: the private AS is refused, the loop followed once. */
	expand(o1, 1, &xo, &a, &t, &r);
	CHECK_EQ_U(a.n, 3);
	CHECK(a.n == 3 && a.v[0] == 1103 && a.v[1] == 2121 && a.v[2] == 3333);
	CHECK_EQ_U(r.rejected.n, 1);
	CHECK(r.rejected.n == 1 && !strcmp(r.rejected.v[0], "AS65001"));
	filter_tree_free(&t);
	filter_asns_free(&a);
	filter_report_free(&r);
	/* -L 2: AS-A and AS-B are expanded, AS-C is not. */
	xo.depth = 2;
	expand(o1, 1, &xo, &a, &t, &r);
	CHECK(a.n == 2 && a.v[0] == 2121 && a.v[1] == 3333);
	filter_tree_free(&t);
	filter_asns_free(&a);
	filter_report_free(&r);
	/* EXCEPT AS-B leaves out everything AS-A reaches only through it. */
	xo.depth = 0;
	char *o2[] = { "AS-A", "EXCEPT", "AS-B" };
	expand(o2, 3, &xo, &a, &t, &r);
	CHECK(a.n == 1 && a.v[0] == 3333);
	filter_tree_free(&t);
	filter_asns_free(&a);
	filter_report_free(&r);
	/* Prefix lists: the server-side !a4 expansion keeps the private AS's
	 * route (bgpq4 does not see the AS numbers then). */
	xo.prefixes = true;
	expand(o1, 1, &xo, &a, &t, &r);
	CHECK_EQ_U(filter_tree_count(&t), 4);
	CHECK_EQ_U(a.n, 0);
	filter_tree_free(&t);
	filter_asns_free(&a);
	filter_report_free(&r);
	/* Named directly, the private AS is refused, and its routes with it. */
	char *o3[] = { "AS65001", "AS2121" };
	expand(o3, 2, &xo, &a, &t, &r);
	CHECK_EQ_U(filter_tree_count(&t), 1);
	filter_tree_free(&t);
	filter_asns_free(&a);
	filter_report_free(&r);
}

void test_filter_objects(void)
{
	const char *why;
	CHECK(filter_object_ok("AS3333", &why) == 0);
	CHECK(filter_object_ok("AS-FOO", &why) == 0);
	CHECK(filter_object_ok("RIPE::AS-FOO", &why) == 0);
	CHECK(filter_object_ok("AS3333:RS-BAR", &why) == 0);
	CHECK(filter_object_ok("2001:db8::/32^+", &why) == 0);
	CHECK(filter_object_ok("10.0.0.0/8^16-24", &why) == 0);
	CHECK(filter_object_ok("AS", &why) == -1);
	CHECK(filter_object_ok("AS12x", &why) == -1);
	CHECK(filter_object_ok("AS-", &why) == -1);
	CHECK(filter_object_ok("BAD SRC::AS-FOO", &why) == -1);
	CHECK(filter_object_ok("10.0.0.0/8^x", &why) == -1);
	CHECK(filter_object_ok("hello", &why) == -1);
}
