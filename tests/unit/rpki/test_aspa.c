/*
 * Unit tests for src/rpki/aspa.c and aspa_verify.c: the ASPA table (merge,
 * AS 0, removal, lookup), its loaders, the AS path text parser, AS_PATH
 * verification as draft-ietf-sidrops-aspa-verification-27 defines it, and
 * the batch mode. Every expected verdict is justified by the provider
 * authorization checks and ramp lengths; a randomised test checks the
 * one-pass implementation against a brute-force reading of the definitions.
 *
 * Notation (the draft's): A(1) is the origin, A(N) the neighbour; a path is
 * written as in AS_PATH, neighbour first: "A(N) ... A(1)". "up hop I" is
 * the up-ramp pair authorized(A(I), A(I+1)), "down hop J" the down-ramp
 * pair authorized(A(J), A(J-1)) (section 5.3);
 * P+ = Provider+, NP+ = Not Provider+, NA = No Attestation.
 */
#include "test.h"
#include "rpki/aspa.h"
#include "rpki/aspa_verify.h"
#include "rpki/vrp.h"
#include "lib/input.h"

#include <stdio.h>
#include <unistd.h>

#include <stdlib.h>

enum { V = ASPA_VALID, U = ASPA_UNKNOWN, I = ASPA_INVALID };

/* A finished table from the text format; every line must load. */
static void table(struct aspa_table *t, const char *text)
{
	struct aspa_load_report rep;
	memset(&rep, 0, sizeof rep);
	aspa_table_init(t);
	CHECK_EQ_U(aspa_table_load_text(t, text, strlen(text), &rep), 0);
	CHECK_EQ_U(rep.skipped, 0);
	aspa_table_finish(t);
}

/*
 * Verifies the text path both ways and compares the verdicts, N and the four
 * ramps with the expected ones (all 0 for a path Invalid before the ramps).
 * Where the path has no set, also checks that the array entry points agree.
 */
static void expect(const struct aspa_table *t, const char *text, uint32_t neighbor, int up, int down, size_t n,
		   size_t max_up, size_t min_up, size_t max_down, size_t min_down, int line)
{
	struct bgp_path p;
	struct aspa_result r;
	const char *why = NULL;
	memset(&p, 0, sizeof p);
	if (aspa_path_parse(text, strlen(text), &p, &why) < 0) {
		fprintf(stderr, "  line %d: path \"%s\" does not parse: %s\n", line, text, why);
		test_failures++;
		return;
	}
	enum aspa_verdict vu = aspa_verify_bgp_path(t, &p, ASPA_UPSTREAM, neighbor, &r);
	enum aspa_verdict vd = aspa_verify_bgp_path(t, &p, ASPA_DOWNSTREAM, neighbor, NULL);
	if ((int)vu != up || (int)vd != down || (int)r.upstream != up || (int)r.downstream != down || r.n != n ||
	    r.max_up_ramp != max_up || r.min_up_ramp != min_up || r.max_down_ramp != max_down ||
	    r.min_down_ramp != min_down) {
		fprintf(stderr,
			"  line %d: path \"%s\": got %s/%s N=%zu ramps %zu %zu %zu %zu, expected %s/%s N=%zu ramps "
			"%zu %zu %zu %zu\n",
			line, text, aspa_verdict_name(vu), aspa_verdict_name(vd), r.n, r.max_up_ramp, r.min_up_ramp,
			r.max_down_ramp, r.min_down_ramp, aspa_verdict_name((enum aspa_verdict)up),
			aspa_verdict_name((enum aspa_verdict)down), n, max_up, min_up, max_down, min_down);
		test_failures++;
	}
	bool plain = true;
	for (uint32_t k = 0; k < p.nseg; k++)
		plain &= p.seg[k].type == BGP_AS_SEQUENCE;
	if (plain && neighbor == 0) {
		if ((int)aspa_verify_upstream(t, p.asn, p.nasn) != up ||
		    (int)aspa_verify_downstream(t, p.asn, p.nasn) != down) {
			fprintf(stderr, "  line %d: path \"%s\": array entry points disagree\n", line, text);
			test_failures++;
		}
	}
	aspa_path_release(&p);
}

#define EXPECT(t, path, up, down, n, a, b, c, d) expect(t, path, 0, up, down, n, a, b, c, d, __LINE__)
#define EXPECT_NB(t, path, nb, up, down, n, a, b, c, d) expect(t, path, nb, up, down, n, a, b, c, d, __LINE__)

/* ---- the table ---- */

void test_aspa_table_merge_union(void)
{
	/* Several ASPAs of one customer: the union of their provider sets,
	 * sorted, each provider once; AS 0 next to real providers adds none. */
	struct aspa_table t;
	aspa_table_init(&t);
	uint32_t a[] = { 30, 10 }, b[] = { 20, 30, 30 }, c[] = { 5 }, d[] = { 0 };
	aspa_table_add(&t, 7, a, 2);
	aspa_table_add(&t, 8, c, 1);
	aspa_table_add(&t, 7, b, 3);
	aspa_table_add(&t, 7, d, 1);
	aspa_table_finish(&t);
	CHECK_EQ_U(aspa_table_count(&t), 2);
	const struct aspa_entry *e = aspa_lookup(&t, 7);
	CHECK(e != NULL);
	if (e) {
		CHECK_EQ_U(e->n, 3);
		CHECK_EQ_U(t.providers[e->first], 10);
		CHECK_EQ_U(t.providers[e->first + 1], 20);
		CHECK_EQ_U(t.providers[e->first + 2], 30);
		CHECK(aspa_entry_has(&t, e, 20));
		CHECK(!aspa_entry_has(&t, e, 0));
		CHECK(!aspa_entry_has(&t, e, 25));
	}
	CHECK(aspa_lookup(&t, 9) == NULL);
	CHECK(aspa_lookup(&t, 6) == NULL);
	/* Finishing again changes nothing. */
	aspa_table_finish(&t);
	CHECK_EQ_U(aspa_table_count(&t), 2);
	CHECK_EQ_U(t.n_providers, 4);
	CHECK(aspa_authorized(&t, 7, 30) == ASPA_AUTH_PROVIDER);
	/* Adding to a finished table reopens it; the next finish merges. */
	uint32_t f[] = { 40 };
	aspa_table_add(&t, 7, f, 1);
	CHECK(!t.finished);
	aspa_table_finish(&t);
	CHECK(aspa_authorized(&t, 7, 40) == ASPA_AUTH_PROVIDER);
	CHECK(aspa_authorized(&t, 7, 10) == ASPA_AUTH_PROVIDER);
	CHECK_EQ_U(aspa_lookup(&t, 7)->n, 4);
	aspa_table_free(&t);
	aspa_table_free(NULL);
}

void test_aspa_table_as0_no_providers(void)
{
	/* ASPA profile: AS 0 as the only provider says "no providers". The
	 * customer is attested with an empty set: Not Provider+ for every AS,
	 * AS 0 included, never No Attestation. */
	struct aspa_table t;
	table(&t, "64500: 0\n64501: AS0\n");
	const struct aspa_entry *e = aspa_lookup(&t, 64500);
	CHECK(e != NULL);
	if (e)
		CHECK_EQ_U(e->n, 0);
	CHECK(aspa_authorized(&t, 64500, 64501) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 64500, 0) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 64501, 64500) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 64502, 64500) == ASPA_AUTH_NO_ATTESTATION);
	aspa_table_free(&t);
}

void test_aspa_table_remove(void)
{
	/* SLURM: aspaFilters remove the RPKI's ASPAs of a customer, then
	 * aspaAssertions add local ones. A removal before finish covers what
	 * was added before it, not what comes after. */
	struct aspa_table t;
	aspa_table_init(&t);
	uint32_t p1[] = { 1 }, p2[] = { 2 }, p3[] = { 3 };
	aspa_table_add(&t, 10, p1, 1);
	aspa_table_add(&t, 11, p1, 1);
	aspa_table_add(&t, 12, p1, 1);
	aspa_table_remove(&t, 10);
	aspa_table_remove(&t, 99);       /* nothing to remove: no effect */
	aspa_table_add(&t, 10, p2, 1);
	aspa_table_add(&t, 11, p2, 1);
	aspa_table_remove(&t, 11);       /* both 11 entries so far */
	aspa_table_remove(&t, 11);       /* twice: same as once */
	aspa_table_add(&t, 12, p3, 1);   /* 12 untouched: union */
	aspa_table_finish(&t);
	CHECK_EQ_U(aspa_table_count(&t), 2);
	CHECK(aspa_authorized(&t, 10, 1) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 10, 2) == ASPA_AUTH_PROVIDER);
	CHECK(aspa_authorized(&t, 11, 1) == ASPA_AUTH_NO_ATTESTATION);
	CHECK(aspa_authorized(&t, 12, 1) == ASPA_AUTH_PROVIDER);
	CHECK(aspa_authorized(&t, 12, 3) == ASPA_AUTH_PROVIDER);
	/* On a finished table a removal is immediate. */
	aspa_table_remove(&t, 10);
	CHECK(t.finished);
	CHECK(aspa_lookup(&t, 10) == NULL);
	CHECK(aspa_authorized(&t, 12, 3) == ASPA_AUTH_PROVIDER);
	CHECK_EQ_U(aspa_table_count(&t), 1);
	aspa_table_remove(&t, 10);
	aspa_table_remove(&t, 12);
	CHECK_EQ_U(aspa_table_count(&t), 0);
	CHECK(aspa_lookup(&t, 12) == NULL);
	aspa_table_free(&t);
}

/* Deterministic PRNG for the randomised tests (xorshift32). */
static uint32_t rnd_state = 2463534242u;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

void test_aspa_table_against_brute_force(void)
{
	/* 4000 adds of up to 5 providers for 1500 customers spread over the
	 * 32-bit space, with removals between; every lookup and membership is
	 * compared with a scan of what was added. */
	enum { ADDS = 4000, CUST = 1500 };
	static uint32_t cust[CUST];
	static struct { uint32_t c, p[5]; unsigned n; bool gone; } rec[ADDS];
	struct aspa_table t;
	aspa_table_init(&t);
	for (unsigned i = 0; i < CUST; i++)
		cust[i] = rnd();
	for (unsigned i = 0; i < ADDS; i++) {
		rec[i].c = cust[rnd() % CUST];
		rec[i].n = rnd() % 6;
		for (unsigned k = 0; k < rec[i].n; k++)
			rec[i].p[k] = rnd() % 8 == 0 ? 0 : cust[rnd() % CUST];
		/* An empty provider list is no ASPA: refused, attests nothing. */
		if (aspa_table_add(&t, rec[i].c, rec[i].p, rec[i].n) != (rec[i].n ? 0 : -1))
			test_failures++;
		rec[i].gone = false;
		if (rnd() % 16 == 0) {
			uint32_t c = cust[rnd() % CUST];
			aspa_table_remove(&t, c);
			for (unsigned k = 0; k <= i; k++)
				if (rec[k].c == c)
					rec[k].gone = true;
		}
	}
	aspa_table_finish(&t);
	unsigned bad = 0;
	for (unsigned q = 0; q < 20000; q++) {
		uint32_t x = q % 3 ? cust[rnd() % CUST] : rnd(), y = q % 5 ? cust[rnd() % CUST] : 0;
		bool attested = false, provider = false;
		for (unsigned i = 0; i < ADDS; i++) {
			if (rec[i].gone || rec[i].c != x || rec[i].n == 0)
				continue;
			attested = true;
			for (unsigned k = 0; k < rec[i].n; k++)
				provider |= y != 0 && rec[i].p[k] == y;
		}
		enum aspa_auth want = !attested ? ASPA_AUTH_NO_ATTESTATION
				      : provider ? ASPA_AUTH_PROVIDER
						 : ASPA_AUTH_NOT_PROVIDER;
		if (aspa_authorized(&t, x, y) != want)
			bad++;
	}
	CHECK_EQ_U(bad, 0);
	for (size_t i = 1; i < t.n_entries; i++)
		CHECK(t.entries[i - 1].customer < t.entries[i].customer);
	aspa_table_free(&t);
}

/* ---- loaders ---- */

void test_aspa_load_text(void)
{
	static const char text[] = "# customer: providers\n"
				   "\n"
				   "1: 2, 3 AS4\n"
				   "AS1.1: 0\n"
				   "bad\n"
				   "5: x\n"
				   "6:\n"
				   " 7 : 8 # trailing comment\r\n"
				   "1: 2";
	struct aspa_table t;
	struct aspa_load_report rep;
	memset(&rep, 0, sizeof rep);
	aspa_table_init(&t);
	CHECK_EQ_U(aspa_table_load_text(&t, text, strlen(text), &rep), 0);
	CHECK_EQ_U(rep.records, 7);
	CHECK_EQ_U(rep.skipped, 3);
	CHECK_EQ_U(rep.first_bad, 5);
	CHECK_STR(rep.first_reason, "no ':' after the customer AS");
	aspa_table_finish(&t);
	CHECK_EQ_U(aspa_table_count(&t), 3);
	CHECK_EQ_U(aspa_lookup(&t, 1)->n, 3);                 /* {2, 3, 4}, the repeat merged */
	CHECK(aspa_authorized(&t, 1, 4) == ASPA_AUTH_PROVIDER);
	CHECK_EQ_U(aspa_lookup(&t, 65537)->n, 0);             /* asdot 1.1, no providers */
	CHECK(aspa_authorized(&t, 7, 8) == ASPA_AUTH_PROVIDER);
	CHECK(aspa_lookup(&t, 5) == NULL);
	CHECK(aspa_lookup(&t, 6) == NULL);
	aspa_table_free(&t);

	/* Each kind of bad line, with its reason. */
	static const struct { const char *line, *why; } bad[] = {
		{ "x: 1", "customer is not an AS number" },
		{ ": 1", "customer is not an AS number" },
		{ "4294967296: 1", "customer is not an AS number" },
		{ "1: 2 -3", "provider is not an AS number" },
		{ "1: 2:3", "provider is not an AS number" },
		{ "1: ,", "no providers (write 0 for an AS without providers)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&rep, 0, sizeof rep);
		aspa_table_init(&t);
		aspa_table_load_text(&t, bad[i].line, strlen(bad[i].line), &rep);
		CHECK_EQ_U(rep.skipped, 1);
		CHECK_EQ_U(t.n_entries, 0);
		CHECK_STR(rep.first_reason, bad[i].why);
		aspa_table_free(&t);
	}
	/* A NUL byte inside a number is not the end of it. */
	static const char nul[] = { '1', ':', ' ', '2', 0, '9', '\n' };
	memset(&rep, 0, sizeof rep);
	aspa_table_init(&t);
	aspa_table_load_text(&t, nul, sizeof nul, &rep);
	CHECK_EQ_U(rep.skipped, 1);
	aspa_table_free(&t);
}

void test_aspa_text_sniff(void)
{
	/* The text format is told from the RPKI formats by its first line. */
	static const struct { const char *s; bool text; } cases[] = {
		{ "64496: 0\n", true },
		{ "# comment\n\n  AS64496 : 64497\n", true },
		{ "1.10:1", true },
		{ "{\"aspas\": []}", false },
		{ "aspa-set {\n", false },
		{ "ASN,IP Prefix,Max Length,Trust Anchor\n", false },
		{ "64496 64497\n", false },
		{ "# only a comment\n", false },
		{ "", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		test_checks++;
		if (aspa_text_sniff(cases[i].s, strlen(cases[i].s)) != cases[i].text) {
			fprintf(stderr, "  sniff \"%s\": expected %d\n", cases[i].s, cases[i].text);
			test_failures++;
		}
	}
}

void test_aspa_from_rpki_loader(void)
{
	/* ASPAs read by the RPKI loader (rpki/vrp.h, rpki-client's "aspas")
	 * land in the table with the same semantics: AS 0 gives an attested
	 * empty set, two ASPAs of one customer merge. */
	static const char doc[] =
		"{\"roas\": [{\"asn\": 64496, \"prefix\": \"192.0.2.0/24\", \"maxLength\": 24, \"ta\": \"test\"}],\n"
		" \"aspas\": [\n"
		"  {\"customer_asid\": 64496, \"expires\": 1735689600, \"providers\": [0]},\n"
		"  {\"customer_asid\": 64498, \"expires\": 1735689600, \"providers\": [64496]},\n"
		"  {\"customer_asid\": 64498, \"expires\": 1735689600, \"providers\": [64497, 64496]}\n"
		" ]}";
	struct vrp_table vt;
	struct aspa_table t;
	struct vrp_load_opts o;
	struct vrp_load_report rep;
	memset(&o, 0, sizeof o);
	vrp_table_init(&vt);
	aspa_table_init(&t);
	o.aspa = &t;
	CHECK_EQ_U(vrp_load_mem(&vt, doc, strlen(doc), &o, &rep), 0);
	CHECK_EQ_U(rep.aspas, 3);
	CHECK_EQ_U(rep.skipped, 0);
	aspa_table_finish(&t);
	CHECK_EQ_U(aspa_table_count(&t), 2);
	CHECK_EQ_U(aspa_lookup(&t, 64496)->n, 0);
	CHECK_EQ_U(aspa_lookup(&t, 64498)->n, 2);
	CHECK(aspa_authorized(&t, 64496, 64497) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 64498, 64497) == ASPA_AUTH_PROVIDER);
	uint32_t path[] = { 64496, 64498 };
	CHECK(aspa_verify_upstream(&t, path, 2) == ASPA_VALID);
	aspa_table_free(&t);
	vrp_table_free(&vt);
}

void test_aspa_load_file(void)
{
	char path[512];
	struct aspa_table t;
	struct aspa_load_report rep;
	snprintf(path, sizeof path, "%s/cli-aspa/aspa.txt", test_srcdir);
	memset(&rep, 0, sizeof rep);
	aspa_table_init(&t);
	CHECK_EQ_U(aspa_table_load_file(&t, path, &rep), 0);
	CHECK_EQ_U(rep.records, 6);
	CHECK_EQ_U(rep.skipped, 0);
	aspa_table_finish(&t);
	CHECK_EQ_U(aspa_table_count(&t), 6);
	CHECK(aspa_authorized(&t, 64499, 64497) == ASPA_AUTH_PROVIDER);
	snprintf(path, sizeof path, "%s/cli-aspa/no-such-file", test_srcdir);
	memset(&rep, 0, sizeof rep);
	CHECK_EQ_U(aspa_table_load_file(&t, path, &rep), (unsigned long long)-1);
	CHECK_STR(rep.error, "No such file or directory");
	aspa_table_free(&t);
}

/* ---- AS paths as text ---- */

void test_aspa_path_parse(void)
{
	struct bgp_path p;
	const char *why = NULL;
	memset(&p, 0, sizeof p);
	CHECK_EQ_U(aspa_path_parse("AS65001 65002\t 1.10", 19, &p, &why), 0);
	CHECK_EQ_U(p.nseg, 1);
	CHECK_EQ_U(p.nasn, 3);
	CHECK_EQ_U(p.asn[2], 65546);
	const char *s = "(64512 64513) 3 {4,5} 6 [7, 8]";
	CHECK_EQ_U(aspa_path_parse(s, strlen(s), &p, &why), 0);
	CHECK_EQ_U(p.nseg, 5);
	CHECK_EQ_U(p.seg[0].type, BGP_AS_CONFED_SEQUENCE);
	CHECK_EQ_U(p.seg[1].type, BGP_AS_SEQUENCE);
	CHECK_EQ_U(p.seg[2].type, BGP_AS_SET);
	CHECK_EQ_U(p.seg[2].n, 2);
	CHECK_EQ_U(p.seg[3].type, BGP_AS_SEQUENCE);
	CHECK_EQ_U(p.seg[4].type, BGP_AS_CONFED_SET);
	CHECK_EQ_U(p.nasn, 8);
	CHECK_EQ_U(aspa_path_parse("", 0, &p, &why), 0);
	CHECK_EQ_U(p.nseg, 0);
	static const struct { const char *s, *why; } bad[] = {
		{ "1,2", "',' outside a set" },
		{ "(1,2)", "',' outside a set" },
		{ "{1 2", "a set or confederation segment is not closed" },
		{ "1 }", "a closing bracket without its opening one" },
		{ "{1)", "a closing bracket without its opening one" },
		{ "{}", "an empty set or confederation segment" },
		{ "{1 (2)}", "a bracket inside a set or confederation segment" },
		{ "x", "not an AS number" },
		{ "4294967296", "not an AS number" },
		{ "1 2-3", "not an AS number" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		CHECK_EQ_U(aspa_path_parse(bad[i].s, strlen(bad[i].s), &p, &why), (unsigned long long)-1);
		CHECK_STR(why, bad[i].why);
	}
	aspa_path_release(&p);
}

/* ---- verification ---- */

void test_aspa_draft_hop_check(void)
{
	/* Draft section 5.2, the provider authorization function:
	 * authorized(x, y) is No Attestation when x has no ASPA, Provider+ when
	 * y is in x's provider set (the union over x's ASPAs), else Not
	 * Provider+. */
	struct aspa_table t;
	table(&t, "1: 2 3\n1: 5\n4: 0\n");
	CHECK(aspa_authorized(&t, 1, 2) == ASPA_AUTH_PROVIDER);
	CHECK(aspa_authorized(&t, 1, 3) == ASPA_AUTH_PROVIDER);
	CHECK(aspa_authorized(&t, 1, 5) == ASPA_AUTH_PROVIDER);   /* from the second ASPA */
	CHECK(aspa_authorized(&t, 1, 4) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 4, 1) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 2, 1) == ASPA_AUTH_NO_ATTESTATION);
	CHECK(aspa_authorized(&t, 9, 9) == ASPA_AUTH_NO_ATTESTATION);
	CHECK_STR(aspa_auth_name(ASPA_AUTH_PROVIDER), "Provider+");
	CHECK_STR(aspa_auth_name(ASPA_AUTH_NOT_PROVIDER), "Not Provider+");
	CHECK_STR(aspa_auth_name(ASPA_AUTH_NO_ATTESTATION), "No Attestation");
	CHECK_STR(aspa_verdict_name(ASPA_VALID), "Valid");
	CHECK_STR(aspa_verdict_name(ASPA_INVALID), "Invalid");
	CHECK_STR(aspa_verdict_name(ASPA_UNKNOWN), "Unknown");
	aspa_table_free(&t);
}

/* The hierarchy most tests use: 1 -> 2 -> 3 customer to provider, 3 with no
 * providers (AS 0), and 5 another customer of 3. */
static const char CHAIN[] = "1: 2\n2: 3\n3: 0\n5: 3\n";

void test_aspa_upstream_chain_valid(void)
{
	/* Draft "Algorithm for Upstream Paths": a route from a customer must
	 * have climbed customer-to-provider only. "3 2 1": up hops
	 * authorized(1,2) = P+ and authorized(2,3) = P+, so max_up_ramp =
	 * min_up_ramp = N = 3: Valid. Down hops: authorized(2,1) = NP+ (J=2),
	 * authorized(3,2) = NP+ (J=3): max_down_ramp = min_down_ramp =
	 * 3 - 3 + 1 = 1. Downstream: 3 + 1 >= 3 both ways: Valid. */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "3 2 1", V, V, 3, 3, 3, 1, 1);
	aspa_table_free(&t);
}

void test_aspa_empty_path(void)
{
	/* Both procedures, first step: an empty AS_PATH is Invalid. */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "(64512 64513)", I, I, 0, 0, 0, 0, 0);   /* confederation segments only */
	CHECK(aspa_verify_upstream(&t, NULL, 0) == ASPA_INVALID);
	CHECK(aspa_verify_downstream(&t, NULL, 0) == ASPA_INVALID);
	struct aspa_result r;
	aspa_verify_path(&t, NULL, 0, 0, &r);
	CHECK_STR(r.reason, ASPA_DRAFT " sections 5.4/5.5 step 1: the AS_PATH is empty");
	aspa_table_free(&t);
}

void test_aspa_single_as(void)
{
	/* N = 1: there is no hop, every ramp is N = 1: Valid both ways, whether
	 * the origin has an ASPA (1), has none (9), or says it has no
	 * providers (3). */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "1", V, V, 1, 1, 1, 1, 1);
	EXPECT(&t, "9", V, V, 1, 1, 1, 1, 1);
	EXPECT(&t, "3", V, V, 1, 1, 1, 1, 1);
	EXPECT(&t, "3 3 3", V, V, 1, 1, 1, 1, 1);
	aspa_table_free(&t);
}

void test_aspa_two_ases(void)
{
	/* N = 2: the single up hop decides upstream; downstream is always
	 * Valid since max_up_ramp and max_down_ramp are each at least 1 (and
	 * min ones too), and 1 + 1 >= 2. */
	struct aspa_table t;
	table(&t, CHAIN);
	/* "2 1": authorized(1,2) = P+: max_up = min_up = 2 = N: Valid.
	 * authorized(2,1) = NP+ (J=2): max_down = min_down = 1. */
	EXPECT(&t, "2 1", V, V, 2, 2, 2, 1, 1);
	/* "1 2": 1 passed on a route of its provider 2: authorized(2,1) = NP+
	 * at I=1: max_up = min_up = 1 < 2: Invalid upstream. From a provider
	 * it is fine: authorized(1,2) = P+, max_down = min_down = 2, and
	 * 1 + 2 >= 2: Valid downstream. */
	EXPECT(&t, "1 2", I, V, 2, 1, 1, 2, 2);
	/* "9 8": neither has an ASPA: authorized(8,9) = NA: max_up = 2,
	 * min_up = 1 < 2: Unknown upstream. authorized(9,8) = NA at J=2:
	 * max_down = 2, min_down = 1; 1 + 1 >= 2: Valid downstream. */
	EXPECT(&t, "9 8", U, V, 2, 2, 1, 2, 1);
	/* "5 2": both attested, neither lists the other (lateral peers):
	 * NP+ both ways: upstream Invalid (max_up 1 < 2), downstream Valid
	 * (1 + 1 >= 2). */
	EXPECT(&t, "5 2", I, V, 2, 1, 1, 1, 1);
	aspa_table_free(&t);
}

void test_aspa_prepending(void)
{
	/* Prepends are collapsed first: "3 3 3 2 2 1 1" is "3 2 1" (N = 3,
	 * ramps as in test_aspa_upstream_chain_valid). */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "3 3 3 2 2 1 1", V, V, 3, 3, 3, 1, 1);
	EXPECT(&t, "1 1 1 1 2", I, V, 2, 1, 1, 2, 2);
	uint32_t in[] = { 3, 3, 3, 2, 2, 1, 1, 2 }, out[8];
	CHECK_EQ_U(aspa_path_collapse(in, 8, out), 4);
	CHECK_EQ_U(out[3], 2);
	CHECK_EQ_U(aspa_path_collapse(in, 8, in), 4);   /* in place */
	CHECK_EQ_U(in[2], 1);
	/* Only repeats in a row collapse: "1 2 1" keeps N = 3. Up hops:
	 * authorized(1,2) = P+, authorized(2,1) = NP+ at I=2: max_up = min_up
	 * = 2 < 3: Invalid upstream. Down hops: authorized(2,1) = NP+ at J=2,
	 * authorized(1,2) = P+ at J=3: max_down = min_down = 3 - 2 + 1 = 2;
	 * 2 + 2 >= 3: Valid downstream (loops are BGP's business). */
	EXPECT(&t, "1 2 1", I, V, 3, 2, 2, 2, 2);
	aspa_table_free(&t);
}

void test_aspa_as0_path(void)
{
	/* AS 0 in the provider set: 3 has no providers. "6 3": authorized(3,6)
	 * = NP+ (attested, empty set): max_up = min_up = 1 < 2: Invalid
	 * upstream (6 is no provider of 3, so 6 sending 3's route upward is a
	 * leak). Downstream N = 2: Valid. Where 3 is the neighbour of a longer
	 * path received from a customer, "3 2 1" stays Valid: 3's own
	 * providers are not asked (test_aspa_upstream_chain_valid). */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "6 3", I, V, 2, 1, 1, 2, 1);
	/* A path through 3 then up: "7 3 2 1": up hops P+, P+, then
	 * authorized(3,7) = NP+ at I=3: max_up = min_up = 3 < 4: Invalid.
	 * Down: authorized(2,1) NP+ (J=2), authorized(3,2) NP+ (J=3),
	 * authorized(7,3) NA (J=4): max_down = 4 - 3 + 1 = 2, min_down = 1;
	 * max 3 + 2 >= 4 but min 3 + 1 >= 4 too: Valid downstream (7, a
	 * customer of 3 without an ASPA, got the route from its provider). */
	EXPECT(&t, "7 3 2 1", I, V, 4, 3, 3, 2, 1);
	aspa_table_free(&t);
}

void test_aspa_unknown_hops(void)
{
	/* Only 1 has an ASPA. "3 2 1": authorized(1,2) = P+, authorized(2,3) =
	 * NA at I=2: max_up = 3, min_up = 2 < 3: Unknown upstream. Down hops
	 * authorized(2,1) and authorized(3,2) are NA (J=2, J=3): max_down = 3,
	 * min_down = 3 - 3 + 1 = 1; 2 + 1 >= 3: Valid downstream. */
	struct aspa_table t;
	table(&t, "1: 2\n");
	EXPECT(&t, "3 2 1", U, V, 3, 3, 2, 3, 1);
	/* No ASPA at all: every hop NA. N = 3: max_up = max_down = 3, min_up =
	 * min_down = 1: 1 + 1 < 3: Unknown both ways. */
	EXPECT(&t, "30 20 10", U, U, 3, 3, 1, 3, 1);
	/* An NA hop before an NP+ hop: the NP+ one still makes it Invalid
	 * upstream. "4 3 2 1" with 3: 0 added: authorized(1,2) = P+,
	 * authorized(2,3) = NA (I=2), authorized(3,4) = NP+ (I=3): max_up = 3,
	 * min_up = 2. */
	aspa_table_free(&t);
	table(&t, "1: 2\n3: 0\n");
	/* Down hops: authorized(2,1) NA (J=2), authorized(3,2) NP+ (J=3),
	 * authorized(4,3) NA (J=4): max_down = 4 - 3 + 1 = 2, min_down = 1.
	 * Downstream: 3 + 2 >= 4, min 2 + 1 < 4: Unknown. */
	EXPECT(&t, "4 3 2 1", I, U, 4, 3, 2, 2, 1);
	aspa_table_free(&t);
}

/*
 * RFC 7908 type 1 ("hairpin turn"): multi-homed 10 learns a route from its
 * provider 30 and sends it to its other provider 20. ASPAs: 10 lists 20
 * and 30; 30 lists its own provider 50; the origin 40 is a customer of 30.
 */
void test_aspa_leak_hairpin_invalid_upstream(void)
{
	struct aspa_table t;
	table(&t, "10: 20 30\n30: 50\n40: 30\n");
	/* At 20, from its customer 10: "10 30 40". Up hops: authorized(40,30)
	 * = P+, authorized(30,10) = NP+ at I=2 (10 is not 30's provider):
	 * max_up = min_up = 2 < 3: Invalid upstream: the leak is caught.
	 * The same path at 10's customer, received from its provider 10, is
	 * what 10 should send there: down hops authorized(30,40) = NP+ (J=2),
	 * authorized(10,30) = P+ (J=3): max_down = min_down = 3 - 2 + 1 = 2;
	 * 2 + 2 >= 3 both ways: Valid downstream. */
	EXPECT(&t, "10 30 40", I, V, 3, 2, 2, 2, 2);
	/* Neighbour check (20 knows it got the route from 10). */
	EXPECT_NB(&t, "10 30 40", 10, I, V, 3, 2, 2, 2, 2);
	aspa_table_free(&t);
	/* If 30 published no ASPA, the leak cannot be proven: authorized(30,10)
	 * = NA: max_up = 3, min_up = 2: Unknown upstream. Down: authorized(30,40)
	 * = NA at J=2: max_down = 3, min_down = 2: Valid downstream. */
	table(&t, "10: 20 30\n40: 30\n");
	EXPECT(&t, "10 30 40", U, V, 3, 3, 2, 3, 2);
	aspa_table_free(&t);
}

void test_aspa_leak_valley_invalid_both(void)
{
	/* A valley: 1 -> 2 up, 2 -> 3 down, 3 -> 4 up (3 leaks its provider 2's
	 * route to its other provider 4), 4 -> its customer, who verifies
	 * downstream. ASPAs: 1: 2; 3: 2 4; 2 and 4 have no providers.
	 * "4 3 2 1": up hops authorized(1,2) = P+, authorized(2,3) = NP+ at I=2:
	 * max_up = min_up = 2. Down hops authorized(2,1) = NP+ (J=2),
	 * authorized(3,2) = P+ (J=3), authorized(4,3) = NP+ (J=4): max_down =
	 * min_down = 4 - 4 + 1 = 1. Downstream: 2 + 1 < 4: Invalid; upstream:
	 * 2 < 4: Invalid. No apex can explain the path. */
	struct aspa_table t;
	table(&t, "1: 2\n3: 2 4\n2: 0\n4: 0\n");
	EXPECT(&t, "4 3 2 1", I, I, 4, 2, 2, 1, 1);
	/* What 3 may do with the route: send it to its customers. At one of
	 * them, from its provider 3, "3 2 1": up hops P+ then authorized(2,3)
	 * = NP+ (I=2): max_up = min_up = 2; down hops authorized(2,1) = NP+
	 * (J=2), authorized(3,2) = P+ (J=3): max_down = min_down = 2; 2 + 2 >=
	 * 3: Valid downstream, and Invalid upstream (2 < 3). */
	EXPECT(&t, "3 2 1", I, V, 3, 2, 2, 2, 2);
	aspa_table_free(&t);
}

void test_aspa_draft_downstream_lateral_peer_at_apex(void)
{
	/* Draft "Algorithm for Downstream Paths": the up-ramp and the
	 * down-ramp may be one hop apart, a lateral peering at the apex.
	 * 1 -> 2 up, 2 -- 3 peers, 3 -> 4 down, 4 -> verifier (from provider).
	 * ASPAs: 1: 2; 4: 3; 2 and 3 have no providers. "4 3 2 1": up hops
	 * P+ (I=1), authorized(2,3) = NP+ (I=2): max_up = min_up = 2. Down hops
	 * authorized(2,1) = NP+ (J=2), authorized(3,2) = NP+ (J=3),
	 * authorized(4,3) = P+ (J=4): max_down = min_down = 4 - 3 + 1 = 2.
	 * 2 + 2 >= 4: Valid downstream; upstream 2 < 4: Invalid. */
	struct aspa_table t;
	table(&t, "1: 2\n4: 3\n2: 0\n3: 0\n");
	EXPECT(&t, "4 3 2 1", I, V, 4, 2, 2, 2, 2);
	aspa_table_free(&t);
	/* Two lateral hops at the top are one too many: 1 -> 2, 2 -- 3 -- 5,
	 * 5 -> 4. "4 5 3 2 1": max_up = 2 (authorized(2,3) = NP+ at I=2);
	 * down hops NP+ at J=2, 3, 4 (authorized(5,3) = NP+), P+ at J=5
	 * (authorized(4,5)): max_down = 5 - 4 + 1 = 2; 2 + 2 < 5: Invalid. */
	table(&t, "1: 2\n4: 5\n2: 0\n3: 0\n5: 0\n");
	EXPECT(&t, "4 5 3 2 1", I, I, 5, 2, 2, 2, 2);
	aspa_table_free(&t);
}

void test_aspa_draft_ramps_figure(void)
{
	/* The draft's illustration of an up-ramp, an apex region and a
	 * down-ramp, with N = 7: A(1) = 1 ... A(7) = 7, path "7 6 5 4 3 2 1".
	 * ASPAs 1: 2, 2: 3 (up-ramp), 6: 5, 7: 6 (down-ramp); 3, 4, 5 none.
	 * Up hops I = 1..6: P+, P+, NA, NA, NA, authorized(6,7) = NP+:
	 * max_up = 6, min_up = 3. Down hops J = 2..7: authorized(2,1) = NP+,
	 * NA, NA, NA, P+, P+: max_down = 7 - 2 + 1 = 6, min_down = 7 - 5 + 1
	 * = 3. Downstream: 6 + 6 >= 7, 3 + 3 < 7: Unknown (the apex region
	 * 3..5 is not attested). Upstream: 6 < 7: Invalid. */
	struct aspa_table t;
	table(&t, "1: 2\n2: 3\n6: 5\n7: 6\n");
	EXPECT(&t, "7 6 5 4 3 2 1", I, U, 7, 6, 3, 6, 3);
	aspa_table_free(&t);
	/* With 3: 4 and 5: 4 the apex is 4 (its own ASPA is not needed).
	 * Up hops: P+, P+, P+ (authorized(3,4)), NA (authorized(4,5)),
	 * authorized(5,6) = NP+: max_up = 5, min_up = 4. Down hops J = 2..7:
	 * NP+, authorized(3,2) = NP+, authorized(4,3) = NA, P+, P+, P+:
	 * max_down = 7 - 3 + 1 = 5, min_down = 7 - 4 + 1 = 4. 4 + 4 >= 7:
	 * Valid downstream. */
	table(&t, "1: 2\n2: 3\n3: 4\n5: 4\n6: 5\n7: 6\n");
	EXPECT(&t, "7 6 5 4 3 2 1", I, V, 7, 5, 4, 5, 4);
	aspa_table_free(&t);
}

void test_aspa_downstream_pure_down_ramp(void)
{
	/* A route that only went down (origin 1 is a provider of 2, 2 of 3):
	 * ASPAs 2: 1, 3: 2, 1: 0. "3 2 1": up hops authorized(1,2) = NP+ at
	 * I=1: max_up = min_up = 1. Down hops authorized(2,1) = P+,
	 * authorized(3,2) = P+: max_down = min_down = 3. 1 + 3 >= 3: Valid
	 * downstream; 1 < 3: Invalid upstream. */
	struct aspa_table t;
	table(&t, "2: 1\n3: 2\n1: 0\n");
	EXPECT(&t, "3 2 1", I, V, 3, 1, 1, 3, 3);
	aspa_table_free(&t);
}

void test_aspa_neighbor_check(void)
{
	/* Both procedures: the most recently added AS must be the neighbour AS.
	 * Optional here: 0 skips it (MRT data; routes an RS client gets from a
	 * transparent route server, whose AS is not in the path). */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT_NB(&t, "3 2 1", 3, V, V, 3, 3, 3, 1, 1);
	EXPECT_NB(&t, "3 2 1", 2, I, I, 0, 0, 0, 0, 0);
	EXPECT_NB(&t, "3 3 2 1", 3, V, V, 3, 3, 3, 1, 1);
	EXPECT_NB(&t, "", 3, I, I, 0, 0, 0, 0, 0);
	/* The RS case: the RS 64700 is transparent, its client gets "3 2 1". */
	EXPECT(&t, "3 2 1", V, V, 3, 3, 3, 1, 1);
	uint32_t path[] = { 3, 2, 1 };
	struct aspa_result r;
	aspa_verify_path(&t, path, 3, 64700, &r);
	CHECK(r.upstream == ASPA_INVALID);
	CHECK_STR(r.reason, ASPA_DRAFT " sections 5.4/5.5 step 2: the most recently added AS is not the neighbor AS");
	aspa_verify_path(&t, path, 3, 3, &r);
	CHECK(r.upstream == ASPA_VALID);
	CHECK(r.reason == NULL);
	aspa_table_free(&t);
}

void test_aspa_as_set_invalid(void)
{
	/* Both procedures: an AS_PATH with an AS_SET is Invalid, wherever the
	 * set is, even when every sequence hop is Provider+. */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "3 2 {1}", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "3 {2,5} 1", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "{1,2}", I, I, 0, 0, 0, 0, 0);
	EXPECT_NB(&t, "{3,2} 1", 3, I, I, 0, 0, 0, 0, 0);
	struct bgp_path p;
	struct aspa_result r;
	const char *why;
	memset(&p, 0, sizeof p);
	aspa_path_parse("3 {2,5} 1", 9, &p, &why);
	aspa_verify_bgp_path(&t, &p, ASPA_DOWNSTREAM, 0, &r);
	CHECK_STR(r.reason, ASPA_DRAFT " sections 5.4/5.5 step 3: the AS_PATH has an AS_SET");
	aspa_path_release(&p);
	aspa_table_free(&t);
}

void test_aspa_confederation_segments(void)
{
	/* Leading RFC 5065 segments are the verifier's own confederation
	 * (RFC 5065 section 4.1 puts them first): removed, the rest verifies as
	 * the boundary router verified it (draft section 6.2): "(64512 64513)
	 * 3 2 1" as "3 2 1", several leading ones too. */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "(64512 64513) 3 2 1", V, V, 3, 3, 3, 1, 1);
	EXPECT(&t, "(64512) [64513,64514] 3 2 1", V, V, 3, 3, 3, 1, 1);
	EXPECT(&t, "(64512) 1 2", I, V, 2, 1, 1, 2, 2);
	/* The neighbour check reads the most recently added AS as received:
	 * the first of the leading AS_CONFED_SEQUENCE (a confederation peer,
	 * RFC 5065 section 5), not the first AS after it; after a leading
	 * AS_CONFED_SET it cannot be told, and is not made. */
	EXPECT_NB(&t, "(64512 64513) 3 2 1", 64512, V, V, 3, 3, 3, 1, 1);
	EXPECT_NB(&t, "(64512 64513) 3 2 1", 3, I, I, 0, 0, 0, 0, 0);
	EXPECT_NB(&t, "[64512,64513] 3 2 1", 3, V, V, 3, 3, 3, 1, 1);
	/* After an AS_SEQUENCE or AS_SET, a confederation segment came from
	 * outside the confederation: RFC 5065 section 5 makes the AS_PATH
	 * malformed, Invalid before any pair is checked. */
	EXPECT(&t, "3 [64512,64513] 2 1", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "3 2 1 (64512)", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "{3} (64512) 1", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "(64512) {1,2}", I, I, 0, 0, 0, 0, 0);   /* AS_SET (step 3) */
	struct bgp_path p;
	struct aspa_result r;
	const char *why;
	memset(&p, 0, sizeof p);
	aspa_path_parse("3 (64512) 2 1", 13, &p, &why);
	aspa_verify_bgp_path(&t, &p, ASPA_UPSTREAM, 0, &r);
	CHECK_STR(r.reason, "RFC 5065 section 5: a confederation segment after an AS_SEQUENCE or AS_SET "
			    "(malformed AS_PATH)");
	aspa_path_parse("(64512) {1,2}", 13, &p, &why);
	aspa_verify_bgp_path(&t, &p, ASPA_UPSTREAM, 0, &r);
	CHECK_STR(r.reason, ASPA_DRAFT " sections 5.4/5.5 step 3: the AS_PATH has an AS_SET");
	aspa_path_release(&p);
	aspa_table_free(&t);
}

void test_aspa_as0_in_path_malformed(void)
{
	/* RFC 7607 section 2: AS 0 in an AS_PATH makes it malformed; the route
	 * is never verified, Invalid both ways, whatever its pairs say. "2 0"
	 * would otherwise be Valid downstream (two ASes always are), and
	 * "3 0 2 1" Unknown (authorized(0, 3) is No Attestation). AS 0 is
	 * checked before the AS_SET, confederation and neighbour steps. */
	struct aspa_table t;
	table(&t, CHAIN);
	EXPECT(&t, "2 0", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "3 0 2 1", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "0", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "3 2 {1,0}", I, I, 0, 0, 0, 0, 0);
	EXPECT(&t, "(0) 3 2 1", I, I, 0, 0, 0, 0, 0);
	EXPECT_NB(&t, "0 3 2 1", 3, I, I, 0, 0, 0, 0, 0);
	const char *why = "RFC 7607 section 2: AS 0 in the AS_PATH (malformed)";
	static const char *const paths[] = { "3 2 {1,0}", "3 (5) 0", "0 3 2 1" };
	for (size_t i = 0; i < 3; i++) {
		struct bgp_path p;
		struct aspa_result r;
		const char *perr;
		memset(&p, 0, sizeof p);
		CHECK_EQ_U(aspa_path_parse(paths[i], strlen(paths[i]), &p, &perr), 0);
		aspa_verify_bgp_path(&t, &p, ASPA_DOWNSTREAM, 64999, &r);
		CHECK_STR(r.reason, why);
		aspa_path_release(&p);
	}
	uint32_t path[] = { 3, 0, 2, 1 };
	struct aspa_result r;
	aspa_verify_path(&t, path, 4, 0, &r);
	CHECK_STR(r.reason, why);
	CHECK(aspa_verify_upstream(&t, path, 4) == ASPA_INVALID);
	CHECK(aspa_verify_downstream(&t, path + 1, 2) == ASPA_INVALID); /* "0 2" */
	CHECK(aspa_verify_downstream(&t, path + 2, 2) == ASPA_VALID);   /* "2 1" */
	aspa_table_free(&t);
}

void test_aspa_table_empty_provider_list(void)
{
	/* ASPA profile: ProviderASSet is SIZE(1..MAX), "no providers" is AS 0
	 * alone. An empty list is refused and attests nothing: 64500 stays
	 * No Attestation; AS 0 alone attests an empty set (Not Provider+). */
	struct aspa_table t;
	uint32_t zero = 0, one = 64501;
	aspa_table_init(&t);
	CHECK(aspa_table_add(&t, 64500, NULL, 0) == -1);
	CHECK(aspa_table_add(&t, 64502, &zero, 1) == 0);
	CHECK(aspa_table_add(&t, 64503, &one, 1) == 0);
	CHECK(aspa_table_add(&t, 64503, NULL, 0) == -1);
	aspa_table_finish(&t);
	CHECK_EQ_U(aspa_table_count(&t), 2);
	CHECK(aspa_authorized(&t, 64500, 64501) == ASPA_AUTH_NO_ATTESTATION);
	CHECK(aspa_authorized(&t, 64502, 64501) == ASPA_AUTH_NOT_PROVIDER);
	CHECK(aspa_authorized(&t, 64503, 64501) == ASPA_AUTH_PROVIDER);
	aspa_table_free(&t);
	/* The text loader skips such a line and says why. */
	struct aspa_load_report rep;
	const char *text = "64500:\n64502: 0\n64504: ,\n";
	memset(&rep, 0, sizeof rep);
	aspa_table_init(&t);
	CHECK_EQ_U(aspa_table_load_text(&t, text, strlen(text), &rep), 0);
	aspa_table_finish(&t);
	CHECK_EQ_U(rep.records, 3);
	CHECK_EQ_U(rep.skipped, 2);
	CHECK_EQ_U(rep.first_bad, 1);
	CHECK_STR(rep.first_reason, "no providers (write 0 for an AS without providers)");
	CHECK_EQ_U(aspa_table_count(&t), 1);
	CHECK(aspa_authorized(&t, 64504, 1) == ASPA_AUTH_NO_ATTESTATION);
	aspa_table_free(&t);
}

/* ---- batch mode ---- */

struct batch_seen {
	unsigned paths, skips;
	enum aspa_verdict last;
	uint64_t last_line;
	const char *last_reason;
	uint64_t last_where;
};

static void seen_path(const struct aspa_batch_item *it, void *ctx)
{
	struct batch_seen *s = ctx;
	s->paths++;
	s->last = it->verdict;
	s->last_line = it->line;
}

static void seen_skip(const char *reason, uint64_t where, void *ctx)
{
	struct batch_seen *s = ctx;
	s->skips++;
	s->last_reason = reason;
	s->last_where = where;
}

/* Parses and counts one path in b. */
static enum aspa_verdict batch_one(struct aspa_batch *b, const char *text, uint32_t neighbor)
{
	struct bgp_path p;
	const char *why;
	memset(&p, 0, sizeof p);
	CHECK_EQ_U(aspa_path_parse(text, strlen(text), &p, &why), 0);
	enum aspa_verdict v = aspa_batch_path(b, &p, neighbor, NULL);
	aspa_path_release(&p);
	return v;
}

void test_aspa_batch_counts(void)
{
	/* CHAIN upstream: "3 2 1" Valid; "5 3" Invalid (authorized(3, 5) is
	 * Not Provider+: 3 has no providers); "9 8" Unknown (8 has no ASPA);
	 * "3 2 1" with neighbour 2 Invalid (step 2). Skips count per reason,
	 * in order of first appearance, with where the first was. */
	struct aspa_table t;
	struct aspa_batch b;
	struct batch_seen s;
	memset(&s, 0, sizeof s);
	table(&t, CHAIN);
	aspa_batch_init(&b, &t, ASPA_UPSTREAM);
	b.on_path = seen_path;
	b.on_skip = seen_skip;
	b.ctx = &s;
	CHECK(batch_one(&b, "3 2 1", 0) == ASPA_VALID);
	CHECK(batch_one(&b, "5 3", 0) == ASPA_INVALID);
	CHECK(batch_one(&b, "9 8", 0) == ASPA_UNKNOWN);
	CHECK(batch_one(&b, "3 2 1", 2) == ASPA_INVALID);
	static const char R1[] = "reason one", R2[] = "reason two";
	aspa_batch_skip(&b, R1, 7);
	aspa_batch_skip(&b, R2, 9);
	aspa_batch_skip(&b, R1, 12);
	CHECK_EQ_U(b.paths, 4);
	CHECK_EQ_U(b.verdicts[ASPA_VALID], 1);
	CHECK_EQ_U(b.verdicts[ASPA_INVALID], 2);
	CHECK_EQ_U(b.verdicts[ASPA_UNKNOWN], 1);
	CHECK_EQ_U(b.skipped, 3);
	CHECK_EQ_U(b.n_reasons, 2);
	CHECK(b.reasons[0].reason == R1);
	CHECK_EQ_U(b.reasons[0].count, 2);
	CHECK_EQ_U(b.reasons[0].first, 7);
	CHECK(b.reasons[1].reason == R2);
	CHECK_EQ_U(b.reasons[1].count, 1);
	CHECK_EQ_U(s.paths, 4);
	CHECK_EQ_U(s.skips, 3);
	CHECK(s.last == ASPA_INVALID);
	CHECK_EQ_U(s.last_where, 12);
	/* Past ASPA_BATCH_MAX_REASONS distinct reasons, the rest count under
	 * the last slot. */
	static const char many[ASPA_BATCH_MAX_REASONS + 2][2];
	for (size_t i = 0; i < ASPA_BATCH_MAX_REASONS + 2; i++)
		aspa_batch_skip(&b, many[i], i);
	CHECK_EQ_U(b.n_reasons, ASPA_BATCH_MAX_REASONS);
	CHECK_EQ_U(b.skipped, 3 + ASPA_BATCH_MAX_REASONS + 2);
	CHECK_EQ_U(b.reasons[ASPA_BATCH_MAX_REASONS - 1].count, 5);
	aspa_batch_free(&b);
	aspa_table_free(&t);
}

/* Writes `len` bytes to a new temporary file; returns its path (static). */
static const char *temp_file(const char *data, size_t len)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/manrs-test-aspa-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

void test_aspa_batch_text(void)
{
	/* Lines: a Valid path (CRLF), a blank line and a comment (not paths),
	 * an Invalid one, a line that does not parse, a line longer than
	 * ASPA_BATCH_MAX_LINE, an Unknown one without a final newline. */
	size_t big = ASPA_BATCH_MAX_LINE + 10;
	char *data = malloc(big + 200);
	size_t n = 0;
	n += (size_t)sprintf(data + n, "3 2 1\r\n\n  # comment\n5 3\n3 {2\n");
	memset(data + n, '7', big);
	n += big;
	n += (size_t)sprintf(data + n, "\n9 8");
	const char *path = temp_file(data, n);
	free(data);
	CHECK(path != NULL);
	if (!path)
		return;
	struct aspa_table t;
	struct aspa_batch b;
	struct batch_seen s;
	char err[256];
	memset(&s, 0, sizeof s);
	table(&t, CHAIN);
	aspa_batch_init(&b, &t, ASPA_UPSTREAM);
	b.on_path = seen_path;
	b.ctx = &s;
	struct input *in = input_open(path, err, sizeof err);
	CHECK(in != NULL);
	if (in) {
		CHECK_EQ_U(aspa_batch_text(&b, in), 0);
		input_close(in);
	}
	remove(path);
	CHECK_EQ_U(b.paths, 3);
	CHECK_EQ_U(b.verdicts[ASPA_VALID], 1);
	CHECK_EQ_U(b.verdicts[ASPA_INVALID], 1);
	CHECK_EQ_U(b.verdicts[ASPA_UNKNOWN], 1);
	CHECK_EQ_U(b.skipped, 2);
	CHECK_EQ_U(b.n_reasons, 2);
	CHECK_STR(b.reasons[0].reason, "not an AS path: a set or confederation segment is not closed");
	CHECK_EQ_U(b.reasons[0].first, 5);
	CHECK_STR(b.reasons[1].reason, "line longer than ASPA_BATCH_MAX_LINE bytes");
	CHECK_EQ_U(b.reasons[1].first, 6);
	CHECK_EQ_U(s.last_line, 7);
	CHECK(s.last == ASPA_UNKNOWN);
	aspa_batch_free(&b);
	aspa_table_free(&t);
}

void test_aspa_batch_mrt(void)
{
	/* RIS rrc00 RIB of 2002-07-22 against a table with none of its ASes,
	 * so every pair is No Attestation. Upstream: a path of one AS is Valid
	 * (N = 1), one with an AS_SET Invalid, every other Unknown (min_up_ramp
	 * 1 < N). Downstream: N <= 2 is Valid (1 + 1 >= 2), longer ones
	 * Unknown. The counts come from `manrs mrt dump` of the same file and
	 * awk: 115521 RIB entries, 160 with an AS_SET, 370 with one distinct
	 * AS, 2840 with two, 112151 with more; no AS 0, no confederation
	 * segment, the peer AS always first, all unicast. */
	char path[512];
	snprintf(path, sizeof path, "%s/../data/mrt/ris-rrc00-bview.20020722.2337.gz", test_srcdir);
	static const uint64_t want[2][3] = { { 370, 114991, 160 }, { 3210, 112151, 160 } };
	for (int dir = 0; dir < 2; dir++) {
		struct aspa_table t;
		struct aspa_batch b;
		char err[256];
		aspa_table_init(&t);
		aspa_table_finish(&t);
		aspa_batch_init(&b, &t, (enum aspa_direction)dir);
		struct input *in = input_open(path, err, sizeof err);
		CHECK(in != NULL);
		if (in) {
			CHECK_EQ_U(aspa_batch_mrt(&b, in), 0);
			input_close(in);
		}
		CHECK_EQ_U(b.paths, 115521);
		CHECK_EQ_U(b.verdicts[ASPA_VALID], want[dir][ASPA_VALID]);
		CHECK_EQ_U(b.verdicts[ASPA_UNKNOWN], want[dir][ASPA_UNKNOWN]);
		CHECK_EQ_U(b.verdicts[ASPA_INVALID], want[dir][ASPA_INVALID]);
		CHECK_EQ_U(b.skipped, 0);
		aspa_batch_free(&b);
		aspa_table_free(&t);
	}
}

/* Brute-force oracle: the draft's principle written as a search over
 * apexes, not with ramps. Upstream: every up hop Provider+ is Valid, any
 * Not Provider+ is Invalid, else Unknown. Downstream: Valid if some split
 * into an up-ramp of u ASes and a down-ramp of d ASes with u + d >= N (at
 * most one unchecked hop between) has every hop Provider+; Invalid if no
 * split has every hop at least "not Not Provider+"; else Unknown. */
static enum aspa_auth naive_auth(uint32_t (*rec)[4], const unsigned *nrec, size_t nr, uint32_t x, uint32_t y)
{
	bool att = false, prov = false;
	for (size_t i = 0; i < nr; i++)
		if (rec[i][0] == x) {
			att = true;
			for (unsigned k = 1; k <= nrec[i]; k++)
				prov |= y != 0 && rec[i][k] == y;
		}
	return !att ? ASPA_AUTH_NO_ATTESTATION : prov ? ASPA_AUTH_PROVIDER : ASPA_AUTH_NOT_PROVIDER;
}

static bool split_ok(const enum aspa_auth *upv, const enum aspa_auth *dnv, size_t n, bool strict)
{
	/* upv[i] = authorized(A(i), A(i+1)), dnv[j] = authorized(A(j), A(j-1)), 1-based. */
	for (size_t u = 1; u <= n; u++)
		for (size_t d = 1; d <= n; d++) {
			if (u + d < n)
				continue;
			bool ok = true;
			for (size_t i = 1; i < u && ok; i++)
				ok = strict ? upv[i] == ASPA_AUTH_PROVIDER : upv[i] != ASPA_AUTH_NOT_PROVIDER;
			for (size_t j = n - d + 2; j <= n && ok; j++)
				ok = strict ? dnv[j] == ASPA_AUTH_PROVIDER : dnv[j] != ASPA_AUTH_NOT_PROVIDER;
			if (ok)
				return true;
		}
	return false;
}

void test_aspa_against_brute_force(void)
{
	/* 30000 random tables and paths over ASes 0..6 (0 included: in a
	 * provider set it has no influence, in a path it makes the AS_PATH
	 * malformed, RFC 7607; prepends likely): verdicts of aspa_verify_path and the array entry points
	 * against the oracle above. */
	unsigned bad = 0;
	for (unsigned round = 0; round < 30000; round++) {
		uint32_t rec[8][4];
		unsigned nrec[8];
		size_t nr = rnd() % 8;
		struct aspa_table t;
		aspa_table_init(&t);
		for (size_t i = 0; i < nr; i++) {
			rec[i][0] = rnd() % 7;
			nrec[i] = 1 + rnd() % 3;
			for (unsigned k = 1; k <= nrec[i]; k++)
				rec[i][k] = rnd() % 7;
			aspa_table_add(&t, rec[i][0], &rec[i][1], nrec[i]);
		}
		aspa_table_finish(&t);
		uint32_t path[10], a[10];
		size_t n = rnd() % 10;
		for (size_t i = 0; i < n; i++)
			path[i] = i && rnd() % 4 == 0 ? path[i - 1] : rnd() % 24 == 0 ? 0 : 1 + rnd() % 6;
		size_t m = aspa_path_collapse(path, n, a);
		enum aspa_auth upv[11], dnv[11];
		for (size_t i = 1; i < m; i++) {
			uint32_t ai = a[m - i], an = a[m - i - 1];   /* A(i), A(i+1) */
			upv[i] = naive_auth(rec, nrec, nr, ai, an);
			dnv[i + 1] = naive_auth(rec, nrec, nr, an, ai);
		}
		bool as0 = false;
		for (size_t i = 0; i < n; i++)
			as0 |= path[i] == 0;
		enum aspa_verdict want_up = ASPA_VALID, want_down;
		for (size_t i = 1; i < m; i++)
			if (upv[i] == ASPA_AUTH_NOT_PROVIDER)
				want_up = ASPA_INVALID;
			else if (upv[i] == ASPA_AUTH_NO_ATTESTATION && want_up == ASPA_VALID)
				want_up = ASPA_UNKNOWN;
		if (m == 0 || as0)   /* step 1; RFC 7607 */
			want_up = want_down = ASPA_INVALID;
		else if (split_ok(upv, dnv, m, true))
			want_down = ASPA_VALID;
		else if (!split_ok(upv, dnv, m, false))
			want_down = ASPA_INVALID;
		else
			want_down = ASPA_UNKNOWN;
		struct aspa_result r;
		aspa_verify_path(&t, path, n, 0, &r);
		if (r.upstream != want_up || r.downstream != want_down || aspa_verify_upstream(&t, path, n) != want_up ||
		    aspa_verify_downstream(&t, path, n) != want_down || (m && !as0 && r.n != m) ||
		    (as0 && (!r.reason || strncmp(r.reason, "RFC 7607", 8)))) {
			if (bad++ < 5)
				fprintf(stderr, "  round %u: got %s/%s, oracle %s/%s\n", round,
					aspa_verdict_name(r.upstream), aspa_verdict_name(r.downstream),
					aspa_verdict_name(want_up), aspa_verdict_name(want_down));
		}
		/* Ramps stay within 1..N, min never above max. */
		if (m && !as0 && (r.min_up_ramp < 1 || r.min_up_ramp > r.max_up_ramp || r.max_up_ramp > m ||
			  r.min_down_ramp < 1 || r.min_down_ramp > r.max_down_ramp || r.max_down_ramp > m))
			bad++;
		/* A path fit to come from a customer is fit to come from a provider. */
		if (r.downstream > r.upstream)
			bad++;
		aspa_table_free(&t);
	}
	CHECK_EQ_U(bad, 0);
}
