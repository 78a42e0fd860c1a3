/*
 * libFuzzer target for the Spoofer results loader (refdata/spoofer.c): the
 * input is Spoofer Data API JSON(L) or a Shadowserver CSV. Every kept test
 * must be found by its AS and by its client prefix, and summaries must
 * count what the per-AS list holds.
 */
#include "refdata/spoofer.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_spoofer: %s\n", why);
	abort();
}

static int count_cb(const struct spoofer_test *t, void *ctx)
{
	(void)t;
	(*(size_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spoofer *sp = spoofer_new();
	if (spoofer_parse(sp, "fuzz", (const char *)data, size, NULL, NULL) != 0)
		fail("first file did not get index 0");
	spoofer_finish(sp);
	for (size_t i = 0; i < sp->n && i < 64; i++) {
		const struct spoofer_test *t = &sp->t[i];
		size_t n;
		const struct spoofer_test *l = spoofer_by_asn(sp, t->asn, &n);
		if (!n || t < l || t >= l + n)
			fail("a test is not in its AS's list");
		struct spoofer_summary s;
		spoofer_summarise(sp, t->asn, 0, 0, &s);
		if (s.tests != n || s.received_prefixes > s.routed[SPOOF_RECEIVED])
			fail("a summary does not match the list");
		if (t->client.afi) {
			size_t k = 0;
			spoofer_by_prefix(sp, &t->client, count_cb, &k);
			if (!k)
				fail("a test is not found by its prefix");
		}
	}
	spoofer_free(sp);
	return 0;
}
