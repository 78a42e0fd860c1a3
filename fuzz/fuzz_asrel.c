/*
 * libFuzzer target for the AS-relationship parser (topo/asrel.c): the input
 * is a serial-1 or serial-2 text. After parsing, every kept link must read
 * back with its relationship from both ends, cones must stay within the
 * graph, and the valley-free check runs over paths made of the input's ASes.
 */
#include "topo/asrel.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_asrel: %s\n", why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct asrel *as = asrel_new();
	(void)asrel_sniff((const char *)data, size);
	int idx = asrel_parse(as, "fuzz", (const char *)data, size, NULL, NULL);
	if (idx != 0)
		fail("first file did not get index 0");
	const struct asrel_file *f = &as->files[0];
	if (f->links != f->p2c + f->p2p)
		fail("links are not provider-customer plus peer");
	size_t ases = asrel_count_ases(as);
	if (as->n_links > f->links || as->n_p2c + as->n_p2p != as->n_links)
		fail("distinct links do not add up");
	if (f->duplicates + f->conflicts + as->n_links != f->links)
		fail("duplicates and conflicts do not account for the dropped links");
	uint32_t path[8];
	size_t np = 0;
	for (size_t i = 0; i < as->n_links; i++) {
		const struct asrel_link *l = &as->links[i];
		enum asrel_rel ab = asrel_get(as, l->a, l->b), ba = asrel_get(as, l->b, l->a);
		if (l->rel < 0 && (ab != ASREL_P2C || ba != ASREL_C2P))
			fail("a provider-customer link does not read back");
		if (l->rel == 0 && (ab != ASREL_P2P || ba != ASREL_P2P))
			fail("a peer link does not read back");
		uint32_t c = asrel_cone_size(as, l->a);
		if (c < 1 || c > ases)
			fail("cone size outside 1..ASes");
		if (l->rel < 0 && !asrel_in_cone(as, l->a, l->b))
			fail("a customer is not in its provider's cone");
		if (np < 8)
			path[np++] = (i & 1) ? l->b : l->a;
	}
	struct asrel_vf v;
	asrel_valley(as, path, np, &v);
	if (v.status == ASREL_VF_LEAK && (v.leak_type < 1 || v.leak_type > 4 || v.index >= np || path[v.index] != v.leaker))
		fail("a leak without a type or at a wrong place");
	if (np && v.ases == 0)
		fail("a non-empty path with no AS");
	asrel_free(as);
	return 0;
}
