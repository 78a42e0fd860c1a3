/*
 * libFuzzer target for MRT record framing (mrt_reader): the input is a whole
 * stream, handed to lib/input through a memory file, and read to the end.
 * Checks what the callers rely on: records lie inside the stream, headers
 * move forward, skipped bytes are accounted for, and the window stays
 * bounded however long a run of garbage is (resynchronisation streams).
 */
#include "lib/input.h"
#include "mrt/mrt.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The window may hold the previous record, one record and a candidate of
 * at most 1 MiB found while resynchronising, each under the record cap. */
#define WINDOW_BOUND (4 * ((size_t)MRT_MAX_RECORD_LEN + 12) + (1u << 21))

/* Read so that the compiler keeps the reads of each body's ends. */
static volatile unsigned touched;

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_mrt_reader: %s\n", why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz_mrt_reader", 0);
	if (fd < 0)
		fail("memfd_create failed");
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0)
			fail("write to the memory file failed");
		off += (size_t)n;
	}
	char path[64], err[256];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct input *in = input_open(path, err, sizeof err);
	if (!in)
		fail("input_open failed on a regular file");
	struct mrt_reader rd;
	mrt_reader_init(&rd, in);
	struct mrt_record rec;
	const char *reason = NULL;
	enum mrt_read_status rs;
	uint64_t last = 0;
	bool any = false;
	while ((rs = mrt_reader_next(&rd, &rec, &reason)) != MRT_READ_EOF) {
		if (rs != MRT_READ_OK && !reason)
			fail("a skip, resync or truncation without a reason");
		if (rs == MRT_READ_TRUNCATED)
			break;
		if (rs == MRT_READ_RESYNC && rd.bad_header + rd.skipped_bytes != rec.offset &&
		    rd.skipped_bytes != 0)
			fail("skipped bytes do not lead from the damaged header to the record found");
		if (any && rec.offset <= last)
			fail("record headers went backwards");
		any = true;
		last = rec.offset;
		if (rs == MRT_READ_SKIP)
			continue;
		if (rec.offset + 12 + rec.len + (rec.type == MRT_BGP4MP_ET ? 4 : 0) > rd.end)
			fail("a record ends past the data read");
		if (rec.len)
			touched += rec.body[0] + rec.body[rec.len - 1]; /* both ends, for ASan */
	}
	if (rd.skipped_total > rd.end)
		fail("more bytes skipped than read");
	if (rd.cap > WINDOW_BOUND)
		fail("the window grew past its bound");
	mrt_reader_free(&rd);
	input_close(in);
	close(fd);
	return 0;
}
