/* Unit tests for src/mrt/mrt_sniff.c: real MRT heads are recognised, text
 * and damaged headers are not (RFC 6396 section 2 common header). */
#include "test.h"
#include "lib/input.h"
#include "mrt/mrt_sniff.h"

#include <stdlib.h>
#include <string.h>

static size_t head_of(const char *rel, uint8_t *buf, size_t n)
{
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/../data/mrt/%s", test_srcdir, rel);
	struct input *in = input_open(path, err, sizeof err);
	if (!in)
		return 0;
	size_t got = input_read(in, buf, n);
	input_close(in);
	return got;
}

void test_mrt_sniff(void)
{
	static uint8_t buf[65536];
	static const char *const files[] = { "ris-rrc00-bview.20020722.2337.gz", "bgpdump-updates.20160811.1600.gz",
					     "rv-jinx-updates.1427846400.bz2", "bgpdump-updates.20020722.2238.zst" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t n = head_of(files[i], buf, sizeof buf);
		CHECK(n > 12);
		CHECK_EQ_U(mrt_sniff(buf, n), true);
		/* The first header alone is enough when the head ends in the
		 * first record. */
		CHECK_EQ_U(mrt_sniff(buf, 12), true);
	}
	size_t n = head_of("ris-rrc00-bview.20020722.2337.gz", buf, sizeof buf);
	/* Type 13 (TABLE_DUMP_V2) subtype 7 is unassigned. */
	buf[6] = 0, buf[7] = 7;
	CHECK_EQ_U(mrt_sniff(buf, n), false);
	buf[7] = 1;
	/* A length past MRT_MAX_RECORD_LEN. */
	uint8_t saved = buf[8];
	buf[8] = 0x7f;
	CHECK_EQ_U(mrt_sniff(buf, n), false);
	buf[8] = saved;
	/* A second header that is not one. */
	uint32_t len = (uint32_t)buf[8] << 24 | (uint32_t)buf[9] << 16 | (uint32_t)buf[10] << 8 | buf[11];
	CHECK(12 + len + 12 <= n);
	buf[12 + len + 4] = 0x99;
	CHECK_EQ_U(mrt_sniff(buf, n), false);
	CHECK_EQ_U(mrt_sniff((const uint8_t *)"1.0.0.0/8\n2.0.0.0/8\n", 20), false);
	CHECK_EQ_U(mrt_sniff(buf, 11), false);
	CHECK_EQ_U(mrt_type_known(16, 4), true);
	CHECK_EQ_U(mrt_type_known(17, 12), false);
	CHECK_EQ_U(mrt_type_known(14, 0), false);
}
