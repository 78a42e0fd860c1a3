/*
 * libFuzzer target for the RIR delegation-stats parser (refdata/rirstats.c)
 * and its use as administrative bogons: every record kept must be found
 * again by the lookups, and the counts must agree with what was kept.
 */
#include "refdata/bogons.h"
#include "refdata/rirstats.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_rirstats: %s\n", why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rirstats *rs = rirstats_new();
	(void)rirstats_sniff((const char *)data, size);
	if (rirstats_parse(rs, "fuzz", (const char *)data, size, NULL, NULL) != 0)
		fail("first file did not get index 0");
	const struct rirstats_file *f = &rs->files[0];
	char msgs[4][160];
	int n = rirstats_inconsistencies(f, msgs, 4);
	if (n < 0 || n > 4)
		fail("inconsistency count out of range");
	if (f->blocks + f->records[RIR_T_ASN] != rs->n)
		fail("kept records do not add up");
	rirstats_finish(rs);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rir_record *r = &rs->rec[i];
		if (r->type == RIR_T_ASN) {
			const struct rir_record *g = rirstats_asn(rs, r->lo);
			if (!g || g->lo > r->lo || g->hi < r->lo)
				fail("an ASN record is not found by its first ASN");
		} else {
			const struct rir_record *g = rirstats_prefix(rs, &r->pfx);
			if (!g || !prefix_covers(&g->pfx, &r->pfx))
				fail("a block is not found by its own prefix");
		}
	}
	struct bogons *b = bogons_new();
	rirstats_add_bogons(rs, b);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rir_record *r = &rs->rec[i];
		if (r->status != RIR_ST_AVAILABLE && r->status != RIR_ST_RESERVED)
			continue;
		if (r->type == RIR_T_ASN) {
			struct bogon_asn_match m;
			bogons_check_asn(b, r->lo, &m);
			if (!m.admin && !(m.entry))
				fail("an available ASN is not an administrative bogon");
		} else {
			struct bogon_match m;
			bogons_check_prefix(b, &r->pfx, &m);
			if (!m.admin_within)
				fail("an available block is not an administrative bogon");
		}
	}
	bogons_free(b);
	rirstats_free(rs);
	return 0;
}
