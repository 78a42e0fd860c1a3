/*
 * libFuzzer target for the MRT decoder and formatters: the input is an MRT
 * stream in memory, framed here record by record, decoded with one decoder
 * kept across records, and every element rendered in all three styles.
 * A record of MRT type 0 (NULL, never decoded) ends one "file": the decoder
 * is made anew, the mrt_fmt caches are kept, as `manrs mrt dump a b` does.
 */
#include "lib/rbuf.h"
#include "lib/wbuf.h"
#include "mrt/mrt.h"
#include "mrt/mrt_format.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MRT_HEADER_LEN 12
#define MRT_NULL_TYPE 0

static const enum mrt_fmt_style styles[] = { MRT_FMT_BGPDUMP_M, MRT_FMT_BGPDUMP_MM, MRT_FMT_JSON };
#define NSTYLES (sizeof styles / sizeof styles[0])

struct fuzz_ctx {
	struct wbuf out;           /* uncached rendering, reset after each element */
	struct wbuf cached;        /* the same through mrt_fmt_line's tail cache */
	struct mrt_fmt fmt[NSTYLES];
};

/* A broken invariant: said on stderr, then a crash the fuzzer records. */
static void fail(const char *why)
{
	fprintf(stderr, "fuzz_mrt: %s\n", why);
	abort();
}

/* One element is one line; a JSON line is one valid object without repeated
 * keys (docs/json.md). */
static void check_line(const char *p, size_t n, enum mrt_fmt_style style)
{
	if (n == 0)
		return; /* nothing at all is allowed, e.g. none yet for a style */
	if (p[n - 1] != '\n' || memchr(p, '\n', n - 1) || memchr(p, 0, n))
		fail("an element is not exactly one line");
	if (style != MRT_FMT_JSON)
		return;
	json_error_t err;
	json_t *v = json_loadb(p, n, JSON_REJECT_DUPLICATES, &err);
	if (!v || !json_is_object(v)) {
		fprintf(stderr, "%.*s%s\n", (int)n, p, err.text);
		fail("JSON line does not parse as one object");
	}
	json_decref(v);
}

/* Renders e in every style; the cached path must print what the uncached
 * one does, or the tail cache is keyed on too little. */
static void on_elem(const struct mrt_elem *e, void *arg)
{
	struct fuzz_ctx *c = arg;
	(void)mrt_fmt_bgpdump_hidden(e);
	for (size_t i = 0; i < NSTYLES; i++) {
		size_t start = c->out.len;
		mrt_fmt_elem(&c->out, styles[i], e);
		check_line(c->out.p + start, c->out.len - start, styles[i]);
		c->cached.len = 0;
		mrt_fmt_line(&c->fmt[i], &c->cached, e);
		if (c->cached.len != c->out.len - start || memcmp(c->cached.p, c->out.p + start, c->cached.len) != 0) {
			fprintf(stderr, "mrt_fmt_elem: %.*sfmt_line:     %.*s", (int)(c->out.len - start),
				c->out.p + start, (int)c->cached.len, c->cached.p);
			fail("mrt_fmt_line (cached) and mrt_fmt_elem print different lines");
		}
	}
	c->out.len = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mrt_decoder d;
	struct fuzz_ctx c;
	mrt_decoder_init(&d);
	wbuf_init(&c.out, 1024);
	wbuf_init(&c.cached, 1024);
	for (size_t i = 0; i < NSTYLES; i++)
		mrt_fmt_init(&c.fmt[i], styles[i]);

	size_t off = 0;
	while (size - off >= MRT_HEADER_LEN) {
		const uint8_t *h = data + off;
		struct mrt_record rec;
		memset(&rec, 0, sizeof rec);
		rec.offset = off;
		rec.ts = be32(h);
		rec.type = be16(h + 4);
		rec.subtype = be16(h + 6);
		rec.len = be32(h + 8);
		if (rec.len > size - off - MRT_HEADER_LEN)
			break; /* a short record ends the stream */
		const uint8_t *body = h + MRT_HEADER_LEN;
		off += MRT_HEADER_LEN + (size_t)rec.len;
		if (rec.type == MRT_BGP4MP_ET) {
			/* As mrt_reader_next: the microseconds count in Length. */
			if (rec.len < 4)
				continue;
			rec.usec = be32(body);
			body += 4;
			rec.len -= 4;
		}
		/* The body gets a heap block of exactly its size, freed after
		 * decoding, so that ASan sees a read past the record (which in
		 * the input would land in the next header) and any view kept
		 * into a previous record. */
		uint8_t *copy = malloc(rec.len);
		if (!copy)
			fail("out of memory");
		memcpy(copy, body, rec.len);
		rec.body = copy;
		const char *reason = NULL;
		enum mrt_status st = mrt_decode(&d, &rec, on_elem, &c, &reason);
		/* The caller prints and tallies these strings: a skip or a
		 * repair must always say why. */
		if ((st == MRT_MALFORMED || st == MRT_UNSUPPORTED) && !reason)
			fail("mrt_decode skipped a record without a reason");
		if ((d.entries_skipped && !d.entry_reason) ||
		    ((d.treat_as_withdraw || d.attrs_discarded) && !d.attr_reason))
			fail("mrt_decode repaired or skipped entries without a reason");
		free(copy);
		if (rec.type == MRT_NULL_TYPE) {
			mrt_decoder_free(&d);
			mrt_decoder_init(&d);
		}
	}

	for (size_t i = 0; i < NSTYLES; i++)
		mrt_fmt_free(&c.fmt[i]);
	wbuf_free(&c.cached);
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
	return 0;
}
