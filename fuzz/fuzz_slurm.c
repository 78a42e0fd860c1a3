/*
 * libFuzzer target for the SLURM parser (rpki/slurm.c): parses the input;
 * if it is accepted, applies it to a small VRP and ASPA table and checks
 * RFC 8416 section 4: every prefix assertion is in the result, no VRP left
 * from before matches a prefix filter; and a file overlaps itself exactly
 * when it has a prefix, BGPsec or ASPA member.
 */
#include "rpki/aspa.h"
#include "rpki/rov.h"
#include "rpki/slurm.h"
#include "rpki/vrp.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_slurm: %s\n", why);
	abort();
}

static const char *const seed_vrps[][3] = {
	{ "192.0.2.0/24", "24", "64496" },   { "198.51.100.0/24", "25", "64497" },
	{ "10.0.0.0/8", "16", "0" },         { "2001:db8::/32", "48", "64496" },
	{ "2001:db8:1::/48", "48", "64511" },
};

struct ctx {
	const struct slurm *s;
	size_t left;
};

/* A VRP of the result that was not asserted must not match any filter. */
static int check_vrp(const struct vrp *v, void *arg)
{
	struct ctx *c = arg;
	bool asserted = false;
	for (size_t i = 0; i < c->s->n_pa; i++)
		if (prefix_equal(&c->s->pa[i].prefix, &v->prefix) && c->s->pa[i].asn == v->asn &&
		    c->s->pa[i].maxlen == v->maxlen)
			asserted = true;
	if (!asserted)
		for (size_t i = 0; i < c->s->n_pf; i++)
			if (slurm_filter_matches(&c->s->pf[i], &v->prefix, v->asn))
				fail("a filtered VRP survived");
	c->left++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slurm s;
	char err[512] = "";
	if (slurm_parse(&s, (const char *)data, size, err, sizeof err) < 0) {
		if (!err[0])
			fail("a refused file has no reason");
		return 0;
	}
	struct vrp_table t;
	struct aspa_table a;
	vrp_table_init(&t);
	aspa_table_init(&a);
	for (size_t i = 0; i < sizeof seed_vrps / sizeof seed_vrps[0]; i++) {
		struct vrp v;
		memset(&v, 0, sizeof v);
		prefix_parse(seed_vrps[i][0], &v.prefix);
		v.maxlen = (uint8_t)atoi(seed_vrps[i][1]);
		v.asn = (uint32_t)strtoul(seed_vrps[i][2], NULL, 10);
		vrp_table_add(&t, &v);
	}
	uint32_t prov[] = { 64500, 64501 };
	aspa_table_add(&a, 64496, prov, 2);
	const struct slurm *files[] = { &s, &s };
	struct slurm_stats st;
	slurm_apply(files, 1, &t, &a, &st);
	vrp_table_finish(&t);
	aspa_table_finish(&a);
	if (st.vrps_added != s.n_pa)
		fail("not every prefix assertion was added");
	for (size_t i = 0; i < s.n_pa; i++) {
		enum rov_state r = rov_validate(&t, &s.pa[i].prefix, s.pa[i].asn);
		if (s.pa[i].asn != 0 && r != ROV_VALID)
			fail("an asserted route is not valid");
	}
	struct ctx c = { &s, 0 };
	vrp_table_walk(&t, check_vrp, &c);
	bool members = false;
	for (size_t i = 0; i < s.n_pf; i++)
		members |= s.pf[i].has_prefix;
	members |= s.n_pa || s.n_ba || s.n_aa || s.n_af;
	for (size_t i = 0; i < s.n_bf; i++)
		members |= s.bf[i].has_asn || s.bf[i].ski;
	int ov = slurm_check_overlap(files, 2, err, sizeof err);
	if ((ov < 0) != members)
		fail("a file must overlap itself exactly when it has members that can overlap");
	vrp_table_free(&t);
	aspa_table_free(&a);
	slurm_free(&s);
	return 0;
}
