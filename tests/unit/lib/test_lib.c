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
