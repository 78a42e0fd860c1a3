/*
 * libFuzzer target for the VRP loaders (rpki/vrp_load.c): the first byte
 * picks the format (detected or forced) and the read size, the rest is the
 * file. Checks that every VRP kept is well formed, that counts add up, that
 * every skip and every failure has a reason, and validates a few routes.
 */
#include "rpki/aspa.h"
#include "rpki/rov.h"
#include "rpki/vrp.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_vrp: %s\n", why);
	abort();
}

static void on_bad(const char *where, const char *reason, void *ctx)
{
	(*(size_t *)ctx)++;
	if (!where || !*where || !reason || !*reason)
		fail("an entry was skipped without a position or a reason");
}

struct walk {
	size_t n;
	const struct vrp_table *t;
};

static int check_vrp(const struct vrp *v, void *ctx)
{
	struct walk *w = ctx;
	w->n++;
	if (vrp_check(v))
		fail("the table holds a VRP that vrp_check refuses");
	/* A route equal to a VRP with its ASN is valid, unless the ASN is 0. */
	enum rov_state st = rov_validate(w->t, &v->prefix, v->asn);
	if (v->asn != 0 && st != ROV_VALID)
		fail("a VRP's own route is not valid");
	if (st == ROV_NOT_FOUND)
		fail("a VRP's own route is not covered");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const size_t chunks[] = { 1, 3, 7, 64, 4096, 0 };
	struct vrp_table t;
	struct aspa_table a;
	struct vrp_load_report rep;
	size_t bad = 0;
	vrp_table_init(&t);
	aspa_table_init(&a);
	struct vrp_load_opts o = {
		.format = (enum vrp_format)(data[0] % 5),
		.aspa = &a,
		.bad = on_bad,
		.ctx = &bad,
		.chunk = chunks[(data[0] >> 3) % 6],
	};
	int rc = vrp_load_mem(&t, data + 1, size - 1, &o, &rep);
	if (rc < 0 && !rep.error[0])
		fail("a failed load has no error message");
	if (bad != rep.skipped)
		fail("skipped entries and reports differ");
	if (rep.skipped && !rep.first_reason)
		fail("skipped entries without a first reason");
	vrp_table_finish(&t);
	aspa_table_finish(&a);
	if (vrp_table_count(&t) + t.duplicates != rep.vrps)
		fail("VRPs read != distinct VRPs + duplicates");
	struct walk w = { 0, &t };
	vrp_table_walk(&t, check_vrp, &w);
	if (w.n != vrp_table_count(&t))
		fail("the walk does not visit every VRP");
	vrp_table_free(&t);
	aspa_table_free(&a);
	return 0;
}
