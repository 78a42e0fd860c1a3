/* Unit tests for src/irr/irr_db.c and irr_expand.c: the bundled RIPE slice
 * and IRRd samples loaded, route lookups, real set expansions (cycles,
 * the 300-level chain, mbrs-by-ref), sources, range operators. */
#include "test.h"
#include "irr/irr.h"

#include <stdlib.h>

static const char *const SLICE[] = {
	"ripe-nonauth.db.aut-num.gz", "ripe-nonauth.db.route.gz", "ripe-nonauth.db.route6.gz",
	"ripe.db.as-block.gz", "ripe.db.as-set.gz", "ripe.db.filter-set.gz",
};

struct reports {
	unsigned n;
	char last[512];
};

static void on_report(void *ctx, const char *file, const struct rpsl_object *o)
{
	struct reports *r = ctx;
	r->n++;
	const char *base = strrchr(file, '/');
	snprintf(r->last, sizeof r->last, "%s:%" PRIu64 ": %s \"%s\"", base ? base + 1 : file,
		 o->reason ? o->err_line : o->warn_line, o->reason ? o->reason : o->warn_reason,
		 o->reason ? o->detail : o->warn_detail);
}

static void load_slice(struct irr_db *db, struct irr_load_stats *st, struct reports *rep)
{
	irr_db_init(db);
	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < sizeof SLICE / sizeof SLICE[0]; i++) {
		char path[1024], err[256];
		snprintf(path, sizeof path, "%s/../data/irr/ripe-slice/%s", test_srcdir, SLICE[i]);
		int rc = irr_db_load(db, path, on_report, rep, st, err, sizeof err);
		CHECK_EQ_U(rc, 0);
		if (rc)
			fprintf(stderr, "  %s: %s\n", path, err);
	}
}

static void load_file(struct irr_db *db, const char *rel, struct irr_load_stats *st, struct reports *rep)
{
	char path[1024], err[256];
	snprintf(path, sizeof path, "%s/../data/irr/%s", test_srcdir, rel);
	int rc = irr_db_load(db, path, on_report, rep, st, err, sizeof err);
	CHECK_EQ_U(rc, 0);
}

static void load_text(struct irr_db *db, const char *text)
{
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	irr_db_load_mem(db, text, strlen(text), NULL, NULL, &st);
}

static int src(const struct irr_db *db, const char *name) { return irr_db_source_find(db, name, strlen(name)); }

/* Counts per class and source of the bundled slice (checked against
 * tests/cli-irr/oracle.py, an independent reader, by the CLI tests). */
void test_irr_load_slice(void)
{
	struct irr_db db;
	struct irr_load_stats st;
	struct reports rep = { 0, "" };
	load_slice(&db, &st, &rep);
	CHECK_EQ_U(st.objects, 4059);
	CHECK_EQ_U(st.added, 3949);
	CHECK_EQ_U(st.malformed, 0);
	CHECK_EQ_U(st.warnings, 0);
	CHECK_EQ_U(st.duplicates, 0);
	CHECK_EQ_U(rep.n, 0);
	CHECK_EQ_U(db.nsources, 2);
	int na = src(&db, "ripe-nonauth"), r = src(&db, "RIPE");
	CHECK(na >= 0 && r >= 0);
	if (na >= 0 && r >= 0) {
		CHECK_EQ_U(db.counts[na][RPSL_ROUTE], 2104);
		CHECK_EQ_U(db.counts[na][RPSL_ROUTE6], 296);
		CHECK_EQ_U(db.counts[na][RPSL_AUT_NUM], 216);
		CHECK_EQ_U(db.counts[r][RPSL_AS_SET], 1333);
		CHECK_EQ_U(db.counts[r][RPSL_ROUTE], 0);
	}
	CHECK_EQ_U(st.nskipped, 2);
	CHECK_STR(st.skipped[0].name, "as-block");
	CHECK_EQ_U(st.skipped[0].n, 100);
	CHECK_STR(st.skipped[1].name, "filter-set");
	CHECK_EQ_U(st.skipped[1].n, 10);
	/* Loading a file twice adds nothing. */
	struct irr_load_stats st2;
	memset(&st2, 0, sizeof st2);
	load_file(&db, "ripe-slice/ripe-nonauth.db.route6.gz", &st2, &rep);
	CHECK_EQ_U(st2.duplicates, 296);
	CHECK_EQ_U(st2.added, 0);
	irr_db_free(&db);
}

/* Route lookups: exact, covering less-specific, none; other origins. */
void test_irr_route_lookup(void)
{
	struct irr_db db;
	struct irr_load_stats st;
	struct reports rep = { 0, "" };
	load_slice(&db, &st, &rep);
	struct irr_verdict v[IRR_MAX_SOURCES];
	struct prefix p;
	char buf[PREFIX_STRLEN];
	/* The first route object of the dump: 63.105.192.0/20 AS4663. */
	prefix_parse("63.105.192.0/20", &p);
	unsigned n = irr_db_check_route(&db, &p, true, 4663, v);
	CHECK_EQ_U(n, 2);   /* RIPE-NONAUTH (routes), RIPE (sets only) */
	CHECK_STR(irr_db_source_name(&db, v[0].source), "RIPE-NONAUTH");
	CHECK_EQ_U(v[0].match, IRR_MATCH_EXACT);
	CHECK(v[0].route && v[0].route->origin == 4663);
	CHECK_EQ_U(v[1].match, IRR_MATCH_NONE);
	/* A /24 inside it: covered by the /20. */
	prefix_parse("63.105.200.0/24", &p);
	irr_db_check_route(&db, &p, true, 4663, v);
	CHECK_EQ_U(v[0].match, IRR_MATCH_LESS_SPECIFIC);
	if (v[0].route) {
		prefix_fmt(&v[0].route->prefix, buf);
		CHECK_STR(buf, "63.105.192.0/20");
	}
	/* The right prefix, the wrong origin. */
	prefix_parse("63.105.192.0/20", &p);
	irr_db_check_route(&db, &p, true, 64496, v);
	CHECK_EQ_U(v[0].match, IRR_MATCH_NONE);
	CHECK_EQ_U(v[0].other_origin, 1);
	/* Any origin. */
	irr_db_check_route(&db, &p, false, 0, v);
	CHECK_EQ_U(v[0].match, IRR_MATCH_EXACT);
	/* 2002::/16 (6to4 relays, RFC 3068) has 17 route6 objects in the
	 * slice: AS559's and 16 with other origins. */
	prefix_parse("2002::/16", &p);
	irr_db_check_route(&db, &p, true, 559, v);
	CHECK_EQ_U(v[0].match, IRR_MATCH_EXACT);
	CHECK_EQ_U(v[0].other_origin, 16);
	/* Only RIPE active: no route objects at all. */
	const char *why;
	CHECK_EQ_U(irr_db_set_sources(&db, "RIPE", NULL, &why), 0);
	n = irr_db_check_route(&db, &p, true, 559, v);
	CHECK_EQ_U(n, 1);
	CHECK_EQ_U(v[0].match, IRR_MATCH_NONE);
	irr_db_free(&db);
}

void test_irr_origin(void)
{
	struct irr_db db;
	struct irr_load_stats st;
	struct reports rep = { 0, "" };
	load_slice(&db, &st, &rep);
	const struct irr_route **v;
	size_t n = irr_db_routes_of_origin(&db, 29259, &v);
	CHECK_EQ_U(n, 3);
	static const char *const want[] = { "41.207.107.0/24", "196.45.38.0/24", "2002::/16" };
	for (size_t i = 0; i < n && i < 3; i++) {
		char buf[PREFIX_STRLEN];
		prefix_fmt(&v[i]->prefix, buf);
		CHECK_STR(buf, want[i]);
		CHECK_EQ_U(v[i]->nmnt, i < 2 ? 2 : 1);
	}
	free(v);
	const struct irr_autnum *a[4];
	CHECK_EQ_U(irr_db_autnums(&db, 55064, a, 4), 1);
	CHECK_STR(irr_db_str(&db, a[0]->as_name), "ARISTANETWORKS");
	irr_db_free(&db);
}

static void check_asns(const struct irr_expansion *e, const uint32_t *want, size_t n)
{
	CHECK_EQ_U(e->nasns, n);
	for (size_t i = 0; i < n && i < e->nasns; i++)
		CHECK_EQ_U(e->asns[i], want[i]);
}

/* Real sets: full expansions checked by hand against the objects. */
void test_irr_expand_real(void)
{
	struct irr_db db;
	struct irr_load_stats st;
	struct reports rep = { 0, "" };
	load_slice(&db, &st, &rep);
	struct irr_expand_opts o = { IRR_DEFAULT_DEPTH, false };
	struct irr_expansion e;
	const char *why = NULL;
	/* AS-STNB -> AS200119:AS-BBK-OUT -> AS202245:AS-AIG-OUT, which lists
	 * both and AS-oneneo-out, which lists both again (in lower case). */
	CHECK_EQ_U(irr_expand(&db, "as-stnb", &o, &e, &why), 0);
	static const uint32_t stnb[] = { 198570, 198726, 200119, 202245, 202810, 205931, 212509 };
	check_asns(&e, stnb, 7);
	CHECK_EQ_U(e.nsets, 4);
	CHECK_EQ_U(e.depth, 3);
	CHECK_EQ_U(e.missing.n, 0);
	CHECK_EQ_U(e.ncycles, 3);
	CHECK_EQ_U(e.cycles.n, 3);
	if (e.cycles.n == 3) {
		CHECK_STR(e.cycles.v[0], "AS200119:AS-BBK-OUT -> AS202245:AS-AIG-OUT -> AS200119:AS-BBK-OUT");
		CHECK_STR(e.cycles.v[1], "AS202245:AS-AIG-OUT -> AS-ONENEO-OUT -> AS202245:AS-AIG-OUT");
		CHECK_STR(e.cycles.v[2],
			  "AS200119:AS-BBK-OUT -> AS202245:AS-AIG-OUT -> AS-ONENEO-OUT -> AS200119:AS-BBK-OUT");
	}
	irr_expansion_free(&e);

	CHECK_EQ_U(irr_expand(&db, "AS-ROCKENSTEIN", &o, &e, &why), 0);
	static const uint32_t rock[] = { 8823, 12610, 12657, 12817, 13201, 20653,
					 29317, 35003, 44973, 44974, 212181, 213140 };
	check_asns(&e, rock, 12);
	CHECK_EQ_U(e.ncycles, 2);
	irr_expansion_free(&e);

	/* A larger one: 37 sets, 5 cycles; with --prefixes its ASes' route
	 * and route6 objects (the oracle in tests/cli-irr checks the lists). */
	o.prefixes = true;
	CHECK_EQ_U(irr_expand(&db, "AS-MNETDE", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 177);
	uint64_t sum = 0;
	for (size_t i = 0; i < e.nasns; i++)
		sum += e.asns[i];
	CHECK_EQ_U(sum, 17546573);
	CHECK_EQ_U(e.npfx, 202);
	CHECK_EQ_U(e.nsets, 37);
	CHECK_EQ_U(e.depth, 5);
	CHECK_EQ_U(e.ncycles, 5);
	CHECK_EQ_U(e.missing.n, 0);
	irr_expansion_free(&e);

	/* Sets referenced but not in the slice are listed as missing. */
	o.prefixes = false;
	CHECK_EQ_U(irr_expand(&db, "AS-RESTENA", &o, &e, &why), 0);
	CHECK_EQ_U(e.missing.n, 2);
	if (e.missing.n == 2) {
		CHECK_STR(e.missing.v[0], "AS-LXP");
		CHECK_STR(e.missing.v[1], "AS-VDL");
	}
	static const uint32_t restena[] = { 2602, 42909, 51966 };
	check_asns(&e, restena, 3);
	irr_expansion_free(&e);

	CHECK(irr_expand(&db, "AS-NO-SUCH-SET", &o, &e, &why) < 0);
	CHECK_STR(why, "no such set in the active sources");
	CHECK(irr_expand(&db, "AS65000", &o, &e, &why) < 0);
	CHECK_STR(why, "not an as-set or route-set name (RFC 2622 section 5)");
	CHECK(irr_expand(&db, "RADB::AS-STNB", &o, &e, &why) < 0);
	CHECK_STR(why, "no such source loaded");
	irr_db_free(&db);
}

/* AS15562:AS-LEVEL300 -> AS-LEVEL299 -> ... -> AS-LEVEL1 -> AS15562: a
 * real 300-level chain in the RIPE database. */
void test_irr_depth_limit(void)
{
	struct irr_db db;
	struct irr_load_stats st;
	struct reports rep = { 0, "" };
	load_slice(&db, &st, &rep);
	struct irr_expand_opts o = { IRR_DEFAULT_DEPTH, false };
	struct irr_expansion e;
	const char *why;
	CHECK_EQ_U(irr_expand(&db, "AS15562:AS-LEVEL300", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 0);
	CHECK_EQ_U(e.depth, 64);
	CHECK_EQ_U(e.nsets, 64);
	CHECK_EQ_U(e.limited.n, 1);
	if (e.limited.n)
		CHECK_STR(e.limited.v[0], "AS15562:AS-LEVEL236");
	irr_expansion_free(&e);
	o.depth = 300;
	CHECK_EQ_U(irr_expand(&db, "AS15562:AS-LEVEL300", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 1);
	if (e.nasns)
		CHECK_EQ_U(e.asns[0], 15562);
	CHECK_EQ_U(e.limited.n, 0);
	CHECK_EQ_U(e.depth, 300);
	irr_expansion_free(&e);
	o.depth = 1;
	CHECK_EQ_U(irr_expand(&db, "AS15562:AS-LEVEL1", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 1);
	CHECK_EQ_U(e.limited.n, 0);
	irr_expansion_free(&e);
	o.depth = 0;
	CHECK(irr_expand(&db, "AS15562:AS-LEVEL1", &o, &e, &why) < 0);
	CHECK_STR(why, "depth limit out of range");
	irr_db_free(&db);
}

/* mbrs-by-ref (RFC 2622 section 5.1): AS-ARISTANETWORKS has no members
 * but mbrs-by-ref ARISTANETWORKS-MNT; aut-num AS55064 (RIPE-NONAUTH,
 * mnt-by ARISTANETWORKS-MNT) says member-of AS-ARISTANETWORKS. */
void test_irr_mbrs_by_ref(void)
{
	struct irr_db db;
	struct irr_load_stats st;
	struct reports rep = { 0, "" };
	load_slice(&db, &st, &rep);
	struct irr_expand_opts o = { IRR_DEFAULT_DEPTH, false };
	struct irr_expansion e;
	const char *why;
	CHECK_EQ_U(irr_expand(&db, "AS-ARISTANETWORKS", &o, &e, &why), 0);
	static const uint32_t arista[] = { 55064 };
	check_asns(&e, arista, 1);
	irr_expansion_free(&e);
	/* Without RIPE-NONAUTH active the aut-num does not count. */
	unsigned unknown = 9;
	CHECK_EQ_U(irr_db_set_sources(&db, "RIPE", &unknown, &why), 0);
	CHECK_EQ_U(unknown, 0);
	CHECK_EQ_U(irr_expand(&db, "AS-ARISTANETWORKS", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 0);
	irr_expansion_free(&e);
	irr_db_free(&db);

	/* The IRRd sample: RS-TEST has mp-members 2001:0dB8::/48 and
	 * mbrs-by-ref TEST-MNT; route 192.0.02.0/24 (mnt-by TEST-MNT) is
	 * member-of RS-TEST; RS-OTHER-SET does not exist. */
	irr_db_init(&db);
	memset(&st, 0, sizeof st);
	load_file(&db, "irrd_rpsl_samples/irrd_samples_valid.rpsl", &st, &rep);
	CHECK_EQ_U(st.objects, 19);
	CHECK_EQ_U(st.added, 5);
	CHECK_EQ_U(st.nskipped, 14);
	CHECK_EQ_U(irr_expand(&db, "rs-test", &o, &e, &why), 0);
	CHECK_EQ_U(e.npfx, 2);
	char buf[PREFIX_STRLEN + 16];
	if (e.npfx == 2) {
		irr_range_fmt(&e.pfx[0], buf);
		CHECK_STR(buf, "192.0.2.0/24");
		irr_range_fmt(&e.pfx[1], buf);
		CHECK_STR(buf, "2001:db8::/48");
	}
	CHECK_EQ_U(e.missing.n, 1);
	if (e.missing.n)
		CHECK_STR(e.missing.v[0], "RS-OTHER-SET");
	irr_expansion_free(&e);
	CHECK_EQ_U(irr_expand(&db, "AS65537:AS-SETTEST", &o, &e, &why), 0);
	static const uint32_t settest[] = { 65537, 65538, 65539 };
	check_asns(&e, settest, 3);
	CHECK_EQ_U(e.missing.n, 1);
	irr_expansion_free(&e);
	irr_db_free(&db);
}

/* Sources: preference order, SOURCE::NAME for the root and for members.
 * Crafted objects (two registries with a set of the same name). */
void test_irr_sources(void)
{
	struct irr_db db;
	irr_db_init(&db);
	load_text(&db, "as-set: AS-X\nmembers: AS1, AS-Y\nmnt-by: M\nsource: ALPHA\n\n"
		       "as-set: AS-Y\nmembers: AS2\nmnt-by: M\nsource: ALPHA\n\n"
		       "as-set: as-x\nmembers: AS10, BETA::AS-Y, ALPHA::AS-Y\nmnt-by: M\nsource: BETA\n\n"
		       "as-set: AS-Y\nmembers: AS20\nmnt-by: M\nsource: BETA\n\n"
		       "as-set: AS-Z\nmembers: GAMMA::AS-Y\nmnt-by: M\nsource: BETA\n");
	struct irr_expand_opts o = { IRR_DEFAULT_DEPTH, false };
	struct irr_expansion e;
	const char *why;
	/* Load order: ALPHA first. */
	CHECK_EQ_U(irr_expand(&db, "AS-X", &o, &e, &why), 0);
	static const uint32_t alpha[] = { 1, 2 };
	check_asns(&e, alpha, 2);
	CHECK_STR(irr_db_source_name(&db, e.root->source), "ALPHA");
	irr_expansion_free(&e);
	/* SOURCE:: picks the set; its members say where theirs come from. */
	CHECK_EQ_U(irr_expand(&db, "beta::AS-X", &o, &e, &why), 0);
	static const uint32_t beta[] = { 2, 10, 20 };
	check_asns(&e, beta, 3);
	irr_expansion_free(&e);
	/* A preference puts BETA first: its AS-X, and AS-Y from BETA. */
	CHECK_EQ_U(irr_db_set_sources(&db, "BETA,ALPHA", NULL, &why), 0);
	CHECK_EQ_U(irr_expand(&db, "AS-X", &o, &e, &why), 0);
	check_asns(&e, beta, 3);
	CHECK_STR(irr_db_source_name(&db, e.root->source), "BETA");
	irr_expansion_free(&e);
	/* GAMMA::AS-Y: a source nobody loaded. */
	CHECK_EQ_U(irr_expand(&db, "AS-Z", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 0);
	CHECK_EQ_U(e.missing.n, 1);
	if (e.missing.n)
		CHECK_STR(e.missing.v[0], "GAMMA::AS-Y");
	irr_expansion_free(&e);
	/* Only ALPHA: BETA's sets are not seen without SOURCE::. */
	unsigned unknown;
	CHECK_EQ_U(irr_db_set_sources(&db, "alpha,NOSUCH", &unknown, &why), 0);
	CHECK_EQ_U(unknown, 1);
	CHECK(irr_expand(&db, "AS-Z", &o, &e, &why) < 0);
	CHECK_EQ_U(irr_expand(&db, "BETA::AS-Z", &o, &e, &why), 0);
	irr_expansion_free(&e);
	CHECK(irr_db_set_sources(&db, "ALPHA,+X", NULL, &why) < 0);
	irr_db_free(&db);
}

static void fmt_all(const struct irr_expansion *e, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < e->npfx && n + PREFIX_STRLEN + 16 < cap; i++) {
		if (i)
			out[n++] = ' ';
		n += irr_range_fmt(&e->pfx[i], out + n);
	}
}

/* Range operators (RFC 2622 section 2) on prefixes, on route-set and
 * as-set references, and composed through nested references. */
void test_irr_range_ops(void)
{
	struct irr_db db;
	irr_db_init(&db);
	load_text(&db, "route-set: RS-A\n"
		       "members: 192.0.2.0/24, 198.51.100.0/24^-, 203.0.113.0/24^+, 10.0.0.0/8^16, 172.16.0.0/12^20-24\n"
		       "mp-members: 2001:db8::/32^48-64\nmnt-by: M\nsource: T\n\n"
		       "route-set: RS-B\nmembers: RS-A^+\nmnt-by: M\nsource: T\n\n"
		       "route-set: RS-C\nmembers: RS-A^26\nmnt-by: M\nsource: T\n\n"
		       "route-set: RS-D\nmembers: RS-B^-\nmnt-by: M\nsource: T\n\n"
		       "route-set: RS-E\nmembers: AS64500^+, AS-F^24\nmnt-by: M\nsource: T\n\n"
		       "as-set: AS-F\nmembers: AS64501\nmnt-by: M\nsource: T\n\n"
		       "route: 192.0.2.0/24\norigin: AS64500\nmnt-by: M\nsource: T\n\n"
		       "route: 198.18.0.0/15\norigin: AS64501\nmnt-by: M\nsource: T\n\n"
		       "route: 198.51.100.128/25\norigin: AS64501\nmnt-by: M\nsource: T\n\n"
		       "route-set: RS-LOOP\nmembers: 192.0.2.0/24, RS-LOOP^-\nmnt-by: M\nsource: T\n");
	struct irr_expand_opts o = { IRR_DEFAULT_DEPTH, false };
	struct irr_expansion e;
	const char *why;
	char out[1024];
	CHECK_EQ_U(irr_expand(&db, "RS-A", &o, &e, &why), 0);
	fmt_all(&e, out, sizeof out);
	CHECK_STR(out, "10.0.0.0/8^16 172.16.0.0/12^20-24 192.0.2.0/24 198.51.100.0/24^- 203.0.113.0/24^+ "
		       "2001:db8::/32^48-64");
	irr_expansion_free(&e);
	/* ^+ on the set: each member's range extends to the maximum from its
	 * own lower bound. */
	CHECK_EQ_U(irr_expand(&db, "RS-B", &o, &e, &why), 0);
	fmt_all(&e, out, sizeof out);
	CHECK_STR(out, "10.0.0.0/8^16-32 172.16.0.0/12^20-32 192.0.2.0/24^+ 198.51.100.0/24^- 203.0.113.0/24^+ "
		       "2001:db8::/32^48-128");
	irr_expansion_free(&e);
	/* ^26 on the set: every IPv4 member becomes its length-26 more
	 * specifics; 2001:db8::/32^48-64 admits nothing of length 26 and is
	 * dropped. */
	CHECK_EQ_U(irr_expand(&db, "RS-C", &o, &e, &why), 0);
	fmt_all(&e, out, sizeof out);
	CHECK_STR(out, "10.0.0.0/8^26 172.16.0.0/12^26 192.0.2.0/24^26 198.51.100.0/24^26 203.0.113.0/24^26");
	irr_expansion_free(&e);
	/* RS-B^-: ^+ then ^- composed. */
	CHECK_EQ_U(irr_expand(&db, "RS-D", &o, &e, &why), 0);
	fmt_all(&e, out, sizeof out);
	CHECK_STR(out, "10.0.0.0/8^17-32 172.16.0.0/12^21-32 192.0.2.0/24^- 198.51.100.0/24^26-32 "
		       "203.0.113.0/24^- 2001:db8::/32^49-128");
	irr_expansion_free(&e);
	/* AS numbers and as-sets in a route-set: their route objects, with the
	 * operator; 198.18.0.0/15^24 and 198.51.100.128/25^24 (empty: 25 > 24). */
	CHECK_EQ_U(irr_expand(&db, "RS-E", &o, &e, &why), 0);
	fmt_all(&e, out, sizeof out);
	CHECK_STR(out, "192.0.2.0/24^+ 198.18.0.0/15^24");
	static const uint32_t e_asns[] = { 64500, 64501 };
	check_asns(&e, e_asns, 2);
	irr_expansion_free(&e);
	/* A set containing itself with ^-: every round narrows the range until
	 * nothing is admitted; the cycle is reported once. The set is
	 * expanded once, and a cycle is not a depth problem: the default
	 * limit does not cut the rounds. */
	CHECK_EQ_U(irr_expand(&db, "RS-LOOP", &o, &e, &why), 0);
	fmt_all(&e, out, sizeof out);
	CHECK_STR(out, "192.0.2.0/24 192.0.2.0/24^- 192.0.2.0/24^26-32 192.0.2.0/24^27-32 192.0.2.0/24^28-32 "
		       "192.0.2.0/24^29-32 192.0.2.0/24^30-32 192.0.2.0/24^31-32 192.0.2.0/24^32");
	CHECK_EQ_U(e.ncycles, 1);
	CHECK_EQ_U(e.nsets, 1);
	CHECK_EQ_U(e.depth, 1);
	CHECK_EQ_U(e.limited.n, 0);
	if (e.cycles.n)
		CHECK_STR(e.cycles.v[0], "RS-LOOP -> RS-LOOP");
	irr_expansion_free(&e);
	irr_db_free(&db);
}

/* Cycles that do not loop: a set containing itself, two sets containing
 * each other, and a diamond (not a cycle). */
void test_irr_cycles(void)
{
	struct irr_db db;
	irr_db_init(&db);
	load_text(&db, "as-set: AS-SELF\nmembers: AS1, AS-SELF\nmnt-by: M\nsource: T\n\n"
		       "as-set: AS-P\nmembers: AS2, AS-Q\nmnt-by: M\nsource: T\n\n"
		       "as-set: AS-Q\nmembers: AS3, AS-P\nmnt-by: M\nsource: T\n\n"
		       "as-set: AS-TOP\nmembers: AS-L, AS-R\nmnt-by: M\nsource: T\n\n"
		       "as-set: AS-L\nmembers: AS-BOTTOM\nmnt-by: M\nsource: T\n\n"
		       "as-set: AS-R\nmembers: AS-BOTTOM\nmnt-by: M\nsource: T\n\n"
		       "as-set: AS-BOTTOM\nmembers: AS4\nmnt-by: M\nsource: T\n");
	struct irr_expand_opts o = { IRR_DEFAULT_DEPTH, false };
	struct irr_expansion e;
	const char *why;
	CHECK_EQ_U(irr_expand(&db, "AS-SELF", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 1);
	CHECK_EQ_U(e.ncycles, 1);
	if (e.cycles.n)
		CHECK_STR(e.cycles.v[0], "AS-SELF -> AS-SELF");
	irr_expansion_free(&e);
	CHECK_EQ_U(irr_expand(&db, "AS-Q", &o, &e, &why), 0);
	static const uint32_t pq[] = { 2, 3 };
	check_asns(&e, pq, 2);
	CHECK_EQ_U(e.ncycles, 1);
	if (e.cycles.n)
		CHECK_STR(e.cycles.v[0], "AS-Q -> AS-P -> AS-Q");
	irr_expansion_free(&e);
	CHECK_EQ_U(irr_expand(&db, "AS-TOP", &o, &e, &why), 0);
	CHECK_EQ_U(e.nasns, 1);
	CHECK_EQ_U(e.ncycles, 0);
	CHECK_EQ_U(e.nsets, 4);
	irr_expansion_free(&e);
	/* Regression: a two-set cycle within --depth 2 is complete. AS-P
	 * (level 2) names AS-Q, already expanded at level 1: following it
	 * is not a set past the limit (this used to report "depth limit
	 * reached" and exit 3). */
	o.depth = 2;
	CHECK_EQ_U(irr_expand(&db, "AS-Q", &o, &e, &why), 0);
	check_asns(&e, pq, 2);
	CHECK_EQ_U(e.limited.n, 0);
	CHECK_EQ_U(e.nsets, 2);
	CHECK_EQ_U(e.depth, 2);
	CHECK_EQ_U(e.ncycles, 1);
	irr_expansion_free(&e);
	/* With --depth 1 AS-P is past the limit. */
	o.depth = 1;
	CHECK_EQ_U(irr_expand(&db, "AS-Q", &o, &e, &why), 0);
	static const uint32_t q_only[] = { 3 };
	check_asns(&e, q_only, 1);
	CHECK_EQ_U(e.limited.n, 1);
	if (e.limited.n)
		CHECK_STR(e.limited.v[0], "AS-P");
	CHECK_EQ_U(e.nsets, 1);
	irr_expansion_free(&e);
	irr_db_free(&db);
}
