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
#include <string.h>

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
	/* The same bytes fed in pieces must give the same file. */
	struct spoofer *p = spoofer_new();
	struct spoofer_reader *r = spoofer_reader_new(p, "fuzz", NULL, NULL);
	size_t step = size ? 1 + data[size - 1] % 13 : 1;
	for (size_t off = 0; off < size; off += step)
		spoofer_reader_feed(r, (const char *)data + off, size - off < step ? size - off : step);
	spoofer_reader_end(r);
	spoofer_finish(p);
	const struct spoofer_file *a = &sp->files[0], *b = &p->files[0];
	if ((a->error == NULL) != (b->error == NULL) || a->records != b->records || a->tests != b->tests ||
	    a->skipped != b->skipped || p->n != sp->n || strcmp(a->format ? a->format : "", b->format ? b->format : ""))
		fail("a read in pieces differs from a whole read");
	(void)spoofer_sniff((const char *)data, size);
	spoofer_free(p);
	spoofer_free(sp);
	return 0;
}
