/* Unit tests for src/lib: the bounded reader, number formatting, JSON escaping. */
#include "test.h"
#include "lib/json.h"
#include "lib/rbuf.h"
#include "lib/wbuf.h"

void test_rbuf_bounds(void)
{
	const uint8_t d[] = { 0x12, 0x34, 0x56, 0x78, 0x9a };
	struct rbuf b = rbuf_make(d, sizeof d);
	uint32_t v32;
	uint16_t v16;
	uint8_t v8;
	CHECK(rbuf_get_u32(&b, &v32) == 0);
	CHECK_EQ_U(v32, 0x12345678);
	/* one byte left: a u16 read fails and leaves the cursor where it was */
	CHECK(rbuf_get_u16(&b, &v16) == -1);
	CHECK_EQ_U(b.off, 4);
	CHECK(rbuf_get_u8(&b, &v8) == 0);
	CHECK_EQ_U(v8, 0x9a);
	CHECK(rbuf_get_u8(&b, &v8) == -1);
	struct rbuf c = rbuf_make(d, sizeof d), sub;
	CHECK(rbuf_get_sub(&c, 6, &sub) == -1);
	CHECK_EQ_U(c.off, 0);
	CHECK(rbuf_get_sub(&c, 2, &sub) == 0);
	CHECK_EQ_U(sub.len, 2);
	CHECK_EQ_U(rbuf_left(&c), 3);
	CHECK(rbuf_get_u32(&sub, &v32) == -1);
}

void test_wbuf_numbers(void)
{
	struct wbuf w;
	wbuf_init(&w, 4); /* small on purpose: appends must grow it */
	wbuf_put_u32(&w, 0);
	wbuf_putc(&w, ' ');
	wbuf_put_u32(&w, 4294967295u);
	wbuf_putc(&w, ' ');
	wbuf_put_i32(&w, -2147483647 - 1);
	wbuf_putc(&w, ' ');
	wbuf_put_u32_pad(&w, 7, 6);
	wbuf_putc(&w, ' ');
	const uint8_t h[] = { 0x0a, 0xff };
	wbuf_put_hex(&w, h, 2);
	wbuf_putc(&w, 0);
	CHECK_STR(w.p, "0 4294967295 -2147483648 000007 0aff");
	wbuf_free(&w);
}

void test_json_escape(void)
{
	struct wbuf w;
	struct json j;
	wbuf_init(&w, 16);
	json_begin(&j, &w);
	json_obj_open(&j);
	json_key(&j, "a");
	json_str(&j, "q\"b\\\x01\xc3");
	json_key(&j, "n");
	json_arr_open(&j);
	json_u64(&j, 1);
	json_u64(&j, 18446744073709551615ull);
	json_arr_close(&j);
	json_key(&j, "t");
	json_bool(&j, true);
	json_obj_close(&j);
	wbuf_putc(&w, 0);
	CHECK_STR(w.p, "{\"a\":\"q\\\"b\\\\\\u0001\\u00c3\",\"n\":[1,18446744073709551615],\"t\":true}");
	wbuf_free(&w);
}

/* ---- lib/input and lib/log --------------------------------------------- */

#include "lib/input.h"
#include "lib/log.h"

#include <bzlib.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

/* Writes buf to a new temporary file; its path goes to path[64]. */
static int write_tmp(char *path, const void *buf, size_t len)
{
	snprintf(path, 64, "/tmp/manrs-test-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	int ok = write(fd, buf, len) == (ssize_t)len;
	close(fd);
	return ok ? 0 : -1;
}

/* One gzip member (RFC 1952) holding text; returns its length in out. */
static size_t gzip_member(const char *text, uint8_t *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (Bytef *)(uintptr_t)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t n = cap - z.avail_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? n : 0;
}

/* Reads a whole file through input: text in out (NUL-terminated), the
 * error (or "") in err. Returns the length, or -1 if it cannot be opened. */
static long read_all(const char *path, char *out, size_t cap, char *err, size_t errlen)
{
	struct input *in = input_open(path, err, errlen);
	if (!in)
		return -1;
	size_t n = input_read(in, out, cap - 1);
	out[n] = 0;
	snprintf(err, errlen, "%s", input_error(in) ? input_error(in) : "");
	input_close(in);
	return (long)n;
}

void test_input_gzip_padding(void)
{
	uint8_t buf[4096];
	size_t a = gzip_member("first member\n", buf, sizeof buf);
	size_t b = gzip_member("second member\n", buf + a, sizeof buf - a);
	CHECK(a > 0 && b > 0);
	char path[64], out[256], err[160];
	/* Two members, then 1000 zero bytes of padding: both members, no error. */
	memset(buf + a + b, 0, 1000);
	CHECK(write_tmp(path, buf, a + b + 1000) == 0);
	CHECK_EQ_U(read_all(path, out, sizeof out, err, sizeof err), 27);
	CHECK_STR(out, "first member\nsecond member\n");
	CHECK_STR(err, "");
	unlink(path);
	/* One member, a single zero byte. */
	buf[a] = 0;
	CHECK(write_tmp(path, buf, a + 1) == 0);
	CHECK_EQ_U(read_all(path, out, sizeof out, err, sizeof err), 13);
	CHECK_STR(out, "first member\n");
	CHECK_STR(err, "");
	unlink(path);
	/* Padding, then something else: an error after the data. */
	memset(buf + a, 0, 10);
	buf[a + 10] = 'x';
	CHECK(write_tmp(path, buf, a + 11) == 0);
	CHECK_EQ_U(read_all(path, out, sizeof out, err, sizeof err), 13);
	CHECK_STR(err, "gzip: data after the zero padding that follows the last member");
	unlink(path);
	/* A member cut short is still an error. */
	CHECK(write_tmp(path, buf, a - 4) == 0);
	read_all(path, out, sizeof out, err, sizeof err);
	CHECK_STR(err, "gzip: compressed stream truncated (no end-of-member marker)");
	unlink(path);
}

void test_input_open_errors(void)
{
	char out[16], err[160];
	/* The reason only: the caller names the file, once. */
	CHECK(read_all("/", out, sizeof out, err, sizeof err) == -1);
	CHECK_STR(err, "Is a directory");
	CHECK(read_all("/nonexistent/manrs-test", out, sizeof out, err, sizeof err) == -1);
	CHECK_STR(err, "No such file or directory");
}

/*
 * The logger keeps its own copy of a reason. Regression: `manrs mrt stats`
 * over a file whose compressed stream is damaged, then any file that logs
 * a warning, read the closed input's freed error buffer (AddressSanitizer:
 * heap-use-after-free in the reason lookup).
 */
void test_log_reason_outlives_input(void)
{
	/* A bzip2 stream with a damaged block. */
	char text[4096];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i % 23);
	char bz[8192];
	unsigned bzlen = sizeof bz;
	CHECK(BZ2_bzBuffToBuffCompress(bz, &bzlen, text, sizeof text, 9, 0, 0) == BZ_OK);
	for (unsigned i = 20; i < 40 && i < bzlen; i++)
		bz[i] ^= 0x55;
	char path[64], out[8192], err[160];
	CHECK(write_tmp(path, bz, bzlen) == 0);
	struct input *in = input_open(path, err, sizeof err);
	CHECK(in != NULL);
	if (!in)
		return;
	while (input_read(in, out, sizeof out) > 0)
		;
	const char *ierr = input_error(in);
	CHECK_STR(ierr, "bzip2: corrupt data");
	/* Quiet first, so that a sanitizer report stays visible on stderr:
	 * the lookups still run. */
	log_set_quiet(1);
	log_input(ierr, "%s: %s", path, ierr);
	input_close(in);
	log_input("another reason", "x");
	log_input_summary();
	log_set_quiet(0);
	/* Then the exact rate limit with reasons freed after each call,
	 * stderr caught in a file. */
	char logpath[64];
	CHECK(write_tmp(logpath, "", 0) == 0);
	fflush(stderr);
	int saved = dup(2), fd = open(logpath, O_WRONLY);
	dup2(fd, 2);
	for (int i = 0; i < 11; i++) {
		char *r = strdup("bzip2: corrupt data");
		CHECK_EQ_U(log_input(r, "%s: %d", r, i), i < 10);   /* the 11th is over the limit of 10 */
		free(r);
		CHECK_EQ_U(log_input("another reason", "x"), i < 10);
	}
	log_input_summary();
	char *r = strdup("bzip2: corrupt data");
	CHECK_EQ_U(log_input(r, "after the summary"), 1);   /* counts start again */
	free(r);
	log_set_quiet(1);
	log_input_summary();
	log_set_quiet(0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	long n = read_all(logpath, out, sizeof out, err, sizeof err);
	CHECK_EQ_U(n, 520);   /* 10 x 2 lines, 2 summary lines, the last */
	CHECK(strstr(out, "manrs: bzip2: corrupt data: 9\nmanrs: x\nmanrs: 1 more messages suppressed: "
			  "bzip2: corrupt data\nmanrs: 1 more messages suppressed: another reason\n"
			  "manrs: after the summary\n") != NULL);
	unlink(logpath);
	unlink(path);
}
