/*
 * Unit tests for src/rpki/slurm.c: the real SLURM samples of data/rpki/slurm, their
 * effect (RFC 8416 section 4), refused files, the overlap check between files.
 */
#include "test.h"
#include "lib/wbuf.h"
#include "rpki/aspa.h"
#include "rpki/rov.h"
#include "rpki/slurm.h"
#include "rpki/vrp.h"

#include <stdlib.h>

static int load(struct slurm *s, const char *name, char *err, size_t errlen)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/../data/rpki/%s", test_srcdir, name);
	return slurm_load_file(s, path, err, errlen);
}

static int parse(struct slurm *s, const char *text, char *err, size_t errlen)
{
	return slurm_parse(s, text, strlen(text), err, errlen);
}

void test_slurm_parse_samples(void)
{
	char err[512] = "";
	struct slurm s;
	CHECK_EQ_U(load(&s, "slurm/routinator_slurm_full.json", err, sizeof err), 0);
	CHECK_EQ_U(s.version, 1);
	CHECK_EQ_U(s.n_pf, 3);
	CHECK_EQ_U(s.n_bf, 3);
	CHECK_EQ_U(s.n_pa, 2);
	CHECK_EQ_U(s.n_ba, 1);
	CHECK(s.pf[0].has_prefix && !s.pf[0].has_asn);
	CHECK(!s.pf[1].has_prefix && s.pf[1].has_asn && s.pf[1].asn == 64496);
	CHECK(s.pf[2].has_prefix && s.pf[2].has_asn && s.pf[2].asn == 64497);
	CHECK_STR(s.bf[2].ski, "YmFy");
	CHECK_EQ_U(s.pa[0].maxlen, 24);   /* no maxPrefixLength: the prefix length */
	CHECK_EQ_U(s.pa[1].maxlen, 48);
	CHECK_EQ_U(s.pa[1].prefix.afi, AFI_IPV6);
	slurm_free(&s);

	CHECK_EQ_U(load(&s, "slurm/rpki-rs_full.json", err, sizeof err), 0);
	CHECK_EQ_U(s.n_pf + s.n_bf + s.n_pa + s.n_ba, 9);
	slurm_free(&s);

	/* ASPA, camelCase: aspaFilters customerAsid, aspaAssertions customerAsn/providerAsns. */
	CHECK_EQ_U(load(&s, "slurm/rpki-rs_full_v2.json", err, sizeof err), 0);
	CHECK_EQ_U(s.version, 2);
	CHECK_EQ_U(s.n_af, 1);
	CHECK_EQ_U(s.aspa_filters[0], 64496);
	CHECK_EQ_U(s.n_aa, 1);
	CHECK_EQ_U(s.aa[0].customer, 64496);
	CHECK_EQ_U(s.aa[0].n, 2);
	CHECK_EQ_U(s.providers[s.aa[0].first + 1], 64498);
	slurm_free(&s);

	/* ASPA, StayRTR's snake_case: customer_asid/provider_set. */
	CHECK_EQ_U(load(&s, "slurm/stayrtr_slurm_v2.json", err, sizeof err), 0);
	CHECK_EQ_U(s.n_af, 1);
	CHECK_EQ_U(s.aspa_filters[0], 64496);
	CHECK_EQ_U(s.n_aa, 1);
	CHECK_EQ_U(s.aa[0].customer, 64499);
	CHECK_EQ_U(s.aa[0].n, 2);
	slurm_free(&s);

	/* Routinator's slurm and slurm2 output formats. */
	CHECK_EQ_U(load(&s, "routinator_formats/111.slurm", err, sizeof err), 0);
	CHECK_EQ_U(s.n_pa, 2);
	CHECK_EQ_U(s.n_ba, 2);
	slurm_free(&s);
	CHECK_EQ_U(load(&s, "routinator_formats/111.slurm2", err, sizeof err), 0);
	CHECK_EQ_U(s.n_aa, 2);
	slurm_free(&s);
}

static int dump_cb(const struct vrp *v, void *ctx)
{
	char buf[PREFIX_STRLEN];
	prefix_fmt(&v->prefix, buf);
	wbuf_printf(ctx, "%s-%u AS%u\n", buf, v->maxlen, v->asn);
	return 0;
}

static void add(struct vrp_table *t, const char *pfx, uint8_t maxlen, uint32_t asn)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	prefix_parse(pfx, &v.prefix);
	v.maxlen = maxlen;
	v.asn = asn;
	vrp_table_add(t, &v);
}

static enum rov_state rov(const struct vrp_table *t, const char *pfx, uint32_t origin)
{
	struct prefix p;
	prefix_parse(pfx, &p);
	return rov_validate(t, &p, origin);
}

/* RFC 8416 sections 3.3.1, 3.4.1 and 4 with the RFC's own example file:
 * a filter by prefix removes the VRPs it covers (not those covering it), by
 * ASN all of that AS, by both only those matching both; assertions come
 * after the filters, so the ASN filter for 64496 leaves its assertions. */
void test_slurm_apply_rfc8416_example(void)
{
	char err[512] = "";
	struct slurm s;
	CHECK_EQ_U(load(&s, "slurm/routinator_slurm_full.json", err, sizeof err), 0);
	struct vrp_table t;
	vrp_table_init(&t);
	add(&t, "192.0.2.0/24", 24, 1);       /* equal to the prefix filter: out */
	add(&t, "192.0.2.128/25", 25, 2);     /* covered by it: out */
	add(&t, "192.0.0.0/16", 24, 3);       /* covers it: stays */
	add(&t, "10.0.0.0/8", 8, 64496);      /* ASN filter: out */
	add(&t, "198.51.100.0/24", 24, 64497); /* prefix and ASN filter: out */
	add(&t, "198.51.100.0/25", 25, 64497); /* covered, same ASN: out */
	add(&t, "198.51.100.0/24", 24, 64498); /* other ASN: stays */
	add(&t, "203.0.113.0/24", 24, 64497);  /* ASN but not prefix: stays */
	const struct slurm *files[] = { &s };
	struct slurm_stats st;
	slurm_apply(files, 1, &t, NULL, &st);
	vrp_table_finish(&t);
	CHECK_EQ_U(st.vrps_removed, 5);
	CHECK_EQ_U(st.vrps_added, 2);
	struct wbuf w;
	wbuf_init(&w, 256);
	vrp_table_walk(&t, dump_cb, &w);
	wbuf_putc(&w, 0);
	CHECK_STR(w.p, "192.0.0.0/16-24 AS3\n"
		       "198.51.100.0/24-24 AS64496\n"
		       "198.51.100.0/24-24 AS64498\n"
		       "203.0.113.0/24-24 AS64497\n"
		       "2001:db8::/32-48 AS64496\n");
	CHECK_EQ_U(rov(&t, "198.51.100.0/24", 64496), ROV_VALID);
	CHECK_EQ_U(rov(&t, "198.51.100.0/24", 64497), ROV_INVALID_ORIGIN);
	CHECK_EQ_U(rov(&t, "2001:db8:ff00::/40", 64496), ROV_VALID);
	CHECK_EQ_U(rov(&t, "2001:db8:ff00::/49", 64496), ROV_INVALID_LENGTH);
	CHECK_EQ_U(rov(&t, "10.0.0.0/8", 64496), ROV_NOT_FOUND);
	CHECK_EQ_U(rov(&t, "192.0.2.0/24", 1), ROV_INVALID_ORIGIN);  /* still covered by 192.0.0.0/16 */
	wbuf_free(&w);
	vrp_table_free(&t);
	slurm_free(&s);
}

/* ASPA members: the filter takes the RPKI's ASPA of the customer away, the
 * assertion adds its own (draft-ietf-sidrops-aspa-slurm), in both spellings. */
void test_slurm_apply_aspa(void)
{
	char err[512] = "";
	struct slurm s;
	struct vrp_table t;
	struct aspa_table a;
	struct slurm_stats st;
	const struct slurm *files[] = { &s };
	uint32_t rpki[] = { 1, 2 }, other[] = { 7 };

	CHECK_EQ_U(load(&s, "slurm/rpki-rs_full_v2.json", err, sizeof err), 0);
	vrp_table_init(&t);
	aspa_table_init(&a);
	aspa_table_add(&a, 64496, rpki, 2);
	aspa_table_add(&a, 64499, other, 1);
	slurm_apply(files, 1, &t, &a, &st);
	aspa_table_finish(&a);
	CHECK_EQ_U(st.aspa_filters_applied, 1);
	CHECK_EQ_U(st.aspas_added, 1);
	const struct aspa_entry *e = aspa_lookup(&a, 64496);
	CHECK(e != NULL);
	if (e) {
		CHECK_EQ_U(e->n, 2);
		CHECK(aspa_entry_has(&a, e, 64497) && aspa_entry_has(&a, e, 64498) && !aspa_entry_has(&a, e, 1));
	}
	CHECK(aspa_lookup(&a, 64499) != NULL);
	aspa_table_free(&a);
	vrp_table_free(&t);
	slurm_free(&s);

	CHECK_EQ_U(load(&s, "slurm/stayrtr_slurm_v2.json", err, sizeof err), 0);
	vrp_table_init(&t);
	aspa_table_init(&a);
	aspa_table_add(&a, 64496, rpki, 2);
	slurm_apply(files, 1, &t, &a, &st);
	aspa_table_finish(&a);
	CHECK(aspa_lookup(&a, 64496) == NULL);
	e = aspa_lookup(&a, 64499);
	CHECK(e && e->n == 2 && aspa_entry_has(&a, e, 64497));
	aspa_table_free(&a);
	vrp_table_free(&t);
	slurm_free(&s);
}

/* A file is used whole or not at all (RFC 8416 section 4.1): one bad
 * member rejects it, with the JSON path of the member. */
void test_slurm_reject_malformed(void)
{
	char err[512];
	struct slurm s;
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [], \"bgpsecFilters\": []},"
		  " \"locallyAddedAssertions\": {\"prefixAssertions\": [{\"asn\": 64496, \"prefix\": \"198.51.100.0/24\","
		  " \"maxPrefixLength\": 23}], \"bgpsecAssertions\": []}}",
		  "RFC 8416 section 3.4.1: locallyAddedAssertions.prefixAssertions[0].maxPrefixLength is not between the "
		  "prefix length and the address length" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [{\"asn\": 1}, {\"comment\": \"x\"}],"
		  " \"bgpsecFilters\": []}, \"locallyAddedAssertions\": {\"prefixAssertions\": [], \"bgpsecAssertions\": []}}",
		  "RFC 8416 section 3.3.1: validationOutputFilters.prefixFilters[1] has neither prefix nor asn" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [{\"prefix\": \"198.51.100.1/24\"}]},"
		  " \"locallyAddedAssertions\": {}}",
		  "RFC 8416 section 3.3.1: validationOutputFilters.prefixFilters[0].prefix is not an IP prefix" },
		{ "{\"slurmVersion\": 3, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": {}}",
		  "RFC 8416 section 3.2: slurmVersion missing or not 1 (2 with ASPA)" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"aspaFilters\": [{\"customerAsid\": 1}]},"
		  " \"locallyAddedAssertions\": {}}",
		  "RFC 8416 section 3.2: ASPA members need slurmVersion 2 (draft-ietf-sidrops-aspa-slurm)" },
		{ "{\"slurmVersion\": 2, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": {\"aspaAssertions\":"
		  " [{\"customer_asid\": 1, \"provider_set\": [2, \"x\"]}]}}",
		  "draft-ietf-sidrops-aspa-slurm: locallyAddedAssertions.aspaAssertions[0] provider 1 is not an AS number" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": {}}, \"locallyAddedAssertions\": {}}",
		  "RFC 8416 section 3.2: validationOutputFilters.prefixFilters is not an array" },
		{ "{\"slurmVersion\": 1}",
		  "RFC 8416 section 3.2: validationOutputFilters or locallyAddedAssertions missing or not an object" },
		{ "{\"slurmVersion\": 1, \"slurmVersion\": 1}",
		  "RFC 8416 section 3.1: not JSON: line 1: duplicate object key \"slurmVersion\"" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [], \"prefixFilters\": []},"
		  " \"locallyAddedAssertions\": {}}",
		  "RFC 8416 section 3.1: not JSON: line 1: duplicate object key \"prefixFilters\"" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": {\"prefixAssertions\":"
		  " [{\"asn\": 1, \"asn\": 2, \"prefix\": \"192.0.2.0/24\"}]}}",
		  "RFC 8416 section 3.1: not JSON: line 1: duplicate object key near '\"asn\"'" },
		/* Members the parser does not use are JSON all the same. */
		{ "{\"slurmVersion\": 1, \"comment\": tru, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": {}}",
		  "RFC 8416 section 3.1: not JSON: line 1: invalid token near 'tru'" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": {}} x",
		  "RFC 8416 section 3.1: not JSON: text after the end of the object (line 1)" },
		{ "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [{\"asn\": 1}",
		  "RFC 8416 section 3.1: not JSON: expected ',' or ']' in validationOutputFilters.prefixFilters (line 1)" },
		{ "", "RFC 8416 section 3.1: empty input, not JSON" },
		{ "[]", "RFC 8416 section 3.2: not a JSON object" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err[0] = 0;
		CHECK_EQ_U(parse(&s, cases[i].text, err, sizeof err), -1);
		CHECK_STR(err, cases[i].err);
	}
}

/* RFC 8416 section 4.2: files whose members overlap are refused together. */
void test_slurm_overlap(void)
{
	char err[512] = "";
	struct slurm a, b, c, d;
	CHECK_EQ_U(load(&a, "slurm/routinator_slurm_full.json", err, sizeof err), 0);
	CHECK_EQ_U(load(&b, "slurm/rpki-rs_full.json", err, sizeof err), 0);
	CHECK_EQ_U(parse(&c, "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [{\"prefix\": "
			     "\"10.0.0.0/8\"}]}, \"locallyAddedAssertions\": {\"prefixAssertions\": [{\"asn\": 1, \"prefix\": "
			     "\"172.16.0.0/12\"}]}}", err, sizeof err), 0);
	CHECK_EQ_U(parse(&d, "{\"slurmVersion\": 1, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": "
			     "{\"prefixAssertions\": [{\"asn\": 2, \"prefix\": \"172.16.4.0/24\"}]}}", err, sizeof err), 0);
	const struct slurm *ab[] = { &a, &b }, *ac[] = { &a, &c }, *acd[] = { &a, &c, &d };
	CHECK_EQ_U(slurm_check_overlap(ab, 2, err, sizeof err), -1);
	CHECK_STR(err, "RFC 8416 section 4.2: files 1 and 2 overlap (192.0.2.0/24 and 192.0.2.0/24)");
	CHECK_EQ_U(slurm_check_overlap(ac, 2, err, sizeof err), 0);
	CHECK_EQ_U(slurm_check_overlap(acd, 3, err, sizeof err), -1);
	CHECK_STR(err, "RFC 8416 section 4.2: files 2 and 3 overlap (172.16.0.0/12 and 172.16.4.0/24)");
	slurm_free(&a);
	slurm_free(&b);
	slurm_free(&c);
	slurm_free(&d);
}

/* Several files: every file's filters run before any file's assertions. */
void test_slurm_apply_two_files(void)
{
	char err[512] = "";
	struct slurm a, b;
	CHECK_EQ_U(parse(&a, "{\"slurmVersion\": 1, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": "
			     "{\"prefixAssertions\": [{\"asn\": 65001, \"prefix\": \"192.0.2.0/24\"}]}}", err, sizeof err), 0);
	CHECK_EQ_U(parse(&b, "{\"slurmVersion\": 1, \"validationOutputFilters\": {\"prefixFilters\": [{\"asn\": 65001}]},"
			     " \"locallyAddedAssertions\": {}}", err, sizeof err), 0);
	struct vrp_table t;
	vrp_table_init(&t);
	add(&t, "198.51.100.0/24", 24, 65001);
	const struct slurm *files[] = { &a, &b };
	struct slurm_stats st;
	slurm_apply(files, 2, &t, NULL, &st);
	vrp_table_finish(&t);
	CHECK_EQ_U(vrp_table_count(&t), 1);
	CHECK_EQ_U(rov(&t, "192.0.2.0/24", 65001), ROV_VALID);
	CHECK_EQ_U(rov(&t, "198.51.100.0/24", 65001), ROV_NOT_FOUND);
	vrp_table_free(&t);
	slurm_free(&a);
	slurm_free(&b);
}

/* The parse streams: members in any order, each element alone under the
 * caps of slurm.h, which are applied while scanning. */
void test_slurm_stream_caps(void)
{
	char err[512] = "";
	struct slurm s;
	CHECK_EQ_U(parse(&s, "{\"locallyAddedAssertions\": {\"prefixAssertions\": [{\"asn\": 64496, \"prefix\":"
			     " \"192.0.2.0/24\", \"comment\": \"x\"}]}, \"validationOutputFilters\": {\"prefixFilters\":"
			     " [{\"asn\": 64497}, {\"prefix\": \"10.0.0.0/8\"}]}, \"slurmVersion\": 1}", err, sizeof err), 0);
	CHECK_EQ_U(s.version, 1);
	CHECK_EQ_U(s.n_pa, 1);
	CHECK_EQ_U(s.pa[0].asn, 64496);
	CHECK_EQ_U(s.pa[0].maxlen, 24);
	CHECK_EQ_U(s.n_pf, 2);
	CHECK(s.pf[1].has_prefix && !s.pf[1].has_asn);
	slurm_free(&s);

	/* One element past SLURM_MAX_ELEMENT bytes: a bare number. */
	struct wbuf w;
	wbuf_init(&w, 1024);
	wbuf_puts(&w, "{\"slurmVersion\": 1, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": "
		      "{\"prefixAssertions\": [{\"asn\": 1, \"prefix\": \"192.0.2.0/24\"},\n");
	for (size_t i = 0; i <= SLURM_MAX_ELEMENT; i++)
		wbuf_putc(&w, '1');
	wbuf_puts(&w, "]}}");
	CHECK_EQ_U(slurm_parse(&s, w.p, w.len, err, sizeof err), -1);
	CHECK_STR(err, "locallyAddedAssertions.prefixAssertions[1] (line 2): element larger than SLURM_MAX_ELEMENT");
	CHECK_EQ_U(s.n_pa, 0);
	wbuf_free(&w);

	/* One element of more than SLURM_MAX_ELEMENT_VALUES values. */
	wbuf_init(&w, 1024);
	wbuf_puts(&w, "{\"slurmVersion\": 2, \"validationOutputFilters\": {\"aspaFilters\": [{\"customerAsid\": [");
	for (size_t i = 0; i < SLURM_MAX_ELEMENT_VALUES; i++)
		wbuf_puts(&w, "1,");
	wbuf_puts(&w, "1]}]}, \"locallyAddedAssertions\": {}}");
	CHECK_EQ_U(slurm_parse(&s, w.p, w.len, err, sizeof err), -1);
	CHECK_STR(err, "validationOutputFilters.aspaFilters[0] (line 1): element of more than "
		       "SLURM_MAX_ELEMENT_VALUES values");
	wbuf_free(&w);

	/* An unused member is capped too. */
	wbuf_init(&w, 1024);
	wbuf_puts(&w, "{\"comment\": \"");
	for (size_t i = 0; i <= SLURM_MAX_ELEMENT; i++)
		wbuf_putc(&w, 'x');
	wbuf_puts(&w, "\", \"slurmVersion\": 1, \"validationOutputFilters\": {}, \"locallyAddedAssertions\": {}}");
	CHECK_EQ_U(slurm_parse(&s, w.p, w.len, err, sizeof err), -1);
	CHECK_STR(err, "comment (line 1): value larger than SLURM_MAX_ELEMENT");
	wbuf_free(&w);
}

/* RFC 8416 section 4 for a set of files: all or none (4.1), no overlap
 * (4.2), the files named in the reason. */
void test_slurm_set_load(void)
{
	char err[1024] = "", a[1024], b[1024], c[1024];
	snprintf(a, sizeof a, "%s/../data/rpki/slurm/rpki-rs_full.json", test_srcdir);
	snprintf(b, sizeof b, "%s/../data/rpki/slurm/routinator_slurm_full.json", test_srcdir);
	snprintf(c, sizeof c, "%s/../data/rpki/no-such-slurm.json", test_srcdir);
	struct slurm_set set;
	const char *one[] = { a }, *overlap[] = { a, b }, *missing[] = { a, c };
	CHECK_EQ_U(slurm_set_load(&set, one, 1, err, sizeof err), 0);
	CHECK_EQ_U(set.n, 1);
	CHECK_EQ_U(set.files[0].n_pf + set.files[0].n_bf + set.files[0].n_pa + set.files[0].n_ba, 9);
	struct vrp_table t;
	vrp_table_init(&t);
	struct slurm_stats st;
	slurm_set_apply(&set, &t, NULL, &st);
	vrp_table_finish(&t);
	CHECK_EQ_U(st.vrps_added, set.files[0].n_pa);
	CHECK_EQ_U(vrp_table_count(&t), set.files[0].n_pa);
	vrp_table_free(&t);
	slurm_set_free(&set);
	CHECK_EQ_U(set.n, 0);

	char want[2400];
	CHECK_EQ_U(slurm_set_load(&set, overlap, 2, err, sizeof err), -1);
	CHECK_EQ_U(set.n, 0);
	snprintf(want, sizeof want, "RFC 8416 section 4.2: %.150s and %.150s overlap (192.0.2.0/24 and 192.0.2.0/24); "
		 "none of them is used", a, b);
	CHECK_STR(err, want);
	slurm_set_free(&set);

	CHECK_EQ_U(slurm_set_load(&set, missing, 2, err, sizeof err), -1);
	CHECK_EQ_U(set.n, 0);
	snprintf(want, sizeof want, "%s: No such file or directory; no SLURM file is used (RFC 8416 section 4.1)", c);
	CHECK_STR(err, want);
	slurm_set_free(&set);
}

/* The sorted sweep of slurm_check_overlap against the pairwise definition
 * of RFC 8416 section 4.2 (a prefix of one file equal to, covering or
 * covered by one of another), on random small files. */
void test_slurm_overlap_sweep(void)
{
	static const char *const universe[] = {
		"10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/16", "10.0.0.128/25",
		"11.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", "2001:db8::/48", "2001:db8:1::/48", "::/0",
	};
	const size_t nu = sizeof universe / sizeof universe[0];
	struct prefix u[sizeof universe / sizeof universe[0]];
	for (size_t i = 0; i < nu; i++)
		CHECK_EQ_U(prefix_parse(universe[i], &u[i]), 0);
	uint32_t rnd = 12345;
	size_t overlapping = 0;
	for (int round = 0; round < 500; round++) {
		struct slurm f[3];
		const struct slurm *ptrs[3];
		for (int i = 0; i < 3; i++) {
			slurm_init(&f[i]);
			ptrs[i] = &f[i];
			rnd = rnd * 1103515245u + 12345u;
			f[i].n_pa = (rnd >> 16) % 4;
			f[i].pa = calloc(f[i].n_pa + 1, sizeof *f[i].pa);
			for (size_t k = 0; k < f[i].n_pa; k++) {
				rnd = rnd * 1103515245u + 12345u;
				f[i].pa[k].prefix = u[(rnd >> 16) % nu];
			}
		}
		bool want = false;
		for (int i = 0; i < 3; i++)
			for (int j = i + 1; j < 3; j++)
				for (size_t x = 0; x < f[i].n_pa; x++)
					for (size_t y = 0; y < f[j].n_pa; y++)
						want |= prefix_covers(&f[i].pa[x].prefix, &f[j].pa[y].prefix) ||
							prefix_covers(&f[j].pa[y].prefix, &f[i].pa[x].prefix);
		char err[256] = "";
		int rc = slurm_check_overlap(ptrs, 3, err, sizeof err);
		CHECK_EQ_U(rc, want ? -1 : 0);
		overlapping += want;
		for (int i = 0; i < 3; i++)
			slurm_free(&f[i]);
	}
	/* Both outcomes were exercised. */
	CHECK(overlapping > 50 && overlapping < 450);
}
