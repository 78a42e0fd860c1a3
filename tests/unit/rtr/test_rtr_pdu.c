/*
 * RTR PDU codec (src/rtr/rtr_pdu.c): every encoder against bytes written
 * out by hand from RFC 6810, RFC 8210 and draft-ietf-sidrops-8210bis, the
 * decoder on them, and every way a PDU can be refused.
 */
#include "test.h"

#include "rtr/rtr_pdu.h"

static int bytes_eq(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	return na == nb && !memcmp(a, b, na);
}

void test_rtr_pdu_encode_bytes(void)
{
	uint8_t b[128];
	static const uint8_t notify[] = { 1, 0, 0x12, 0x34, 0, 0, 0, 12, 0xde, 0xad, 0xbe, 0xef };
	CHECK(bytes_eq(b, rtr_enc_serial_notify(b, sizeof b, 1, 0x1234, 0xdeadbeef), notify, sizeof notify));
	static const uint8_t query[] = { 0, 1, 0, 7, 0, 0, 0, 12, 0, 0, 0, 42 };
	CHECK(bytes_eq(b, rtr_enc_serial_query(b, sizeof b, 0, 7, 42), query, sizeof query));
	static const uint8_t reset[] = { 1, 2, 0, 0, 0, 0, 0, 8 };
	CHECK(bytes_eq(b, rtr_enc_reset_query(b, sizeof b, 1), reset, sizeof reset));
	static const uint8_t resp[] = { 0, 3, 0xab, 0xcd, 0, 0, 0, 8 };
	CHECK(bytes_eq(b, rtr_enc_cache_response(b, sizeof b, 0, 0xabcd), resp, sizeof resp));
	static const uint8_t creset[] = { 2, 8, 0, 0, 0, 0, 0, 8 };
	CHECK(bytes_eq(b, rtr_enc_cache_reset(b, sizeof b, 2), creset, sizeof creset));
	/* 192.0.2.0/24-24 AS64496, announced, version 0 (RFC 6810 5.6). */
	static const uint8_t a4[] = { 192, 0, 2, 0 };
	static const uint8_t v4[] = { 0, 4, 0, 0, 0, 0, 0, 20, 1, 24, 24, 0, 192, 0, 2, 0, 0, 0, 0xfb, 0xf0 };
	CHECK(bytes_eq(b, rtr_enc_prefix(b, sizeof b, 0, 0, RTR_FLAG_ANNOUNCE, a4, 24, 24, 64496), v4, sizeof v4));
	/* 2001:db8::/32-48 AS 65551 withdrawn, version 1 (RFC 8210 5.7). */
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const uint8_t v6[] = { 1, 6, 0, 0, 0, 0, 0, 32, 0, 32, 48, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				      0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0x0f };
	CHECK(bytes_eq(b, rtr_enc_prefix(b, sizeof b, 1, 1, 0, a6, 32, 48, 65551), v6, sizeof v6));
	CHECK_EQ_U(rtr_enc_prefix(b, sizeof b, 1, 0, 1, a4, 25, 24, 1), 0);   /* max length below length */
	CHECK_EQ_U(rtr_enc_prefix(b, sizeof b, 1, 0, 1, a4, 24, 33, 1), 0);   /* above 32 */
	CHECK_EQ_U(rtr_enc_prefix(b, 19, 1, 0, 1, a4, 24, 24, 1), 0);         /* no room */
	/* End of Data: 12 bytes in version 0, 24 with the intervals after. */
	static const uint8_t eod0[] = { 0, 7, 0, 9, 0, 0, 0, 12, 0, 0, 0, 5 };
	CHECK(bytes_eq(b, rtr_enc_end_of_data(b, sizeof b, 0, 9, 5, 3600, 600, 7200), eod0, sizeof eod0));
	static const uint8_t eod1[] = { 1, 7, 0, 9, 0, 0, 0, 24, 0, 0, 0, 5, 0, 0, 0x0e, 0x10, 0, 0, 0x02, 0x58,
					0, 0, 0x1c, 0x20 };
	CHECK(bytes_eq(b, rtr_enc_end_of_data(b, sizeof b, 1, 9, 5, 3600, 600, 7200), eod1, sizeof eod1));
	/* Router Key: flags in the high byte of the session field. */
	uint8_t ski[20];
	for (int i = 0; i < 20; i++)
		ski[i] = (uint8_t)(i + 1);
	static const uint8_t spki[] = { 0x30, 0x59, 0x30 };
	static const uint8_t rk[] = { 1, 9, 1, 0, 0, 0, 0, 35, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
				      13, 14, 15, 16, 17, 18, 19, 20, 0, 0, 0xfb, 0xf0, 0x30, 0x59, 0x30 };
	CHECK(bytes_eq(b, rtr_enc_router_key(b, sizeof b, 1, 1, ski, 64496, spki, 3), rk, sizeof rk));
	CHECK_EQ_U(rtr_enc_router_key(b, sizeof b, 0, 1, ski, 64496, spki, 3), 0);   /* not in version 0 */
	/* ASPA (8210bis): customer 64496, providers 64497 and 64498. */
	static const uint32_t prov[] = { 64497, 64498 };
	static const uint8_t aspa[] = { 2, 11, 1, 0, 0, 0, 0, 20, 0, 0, 0xfb, 0xf0, 0, 0, 0xfb, 0xf1, 0, 0, 0xfb, 0xf2 };
	CHECK(bytes_eq(b, rtr_enc_aspa(b, sizeof b, 2, 1, 64496, prov, 2), aspa, sizeof aspa));
	static const uint8_t aspa_wd[] = { 2, 11, 0, 0, 0, 0, 0, 12, 0, 0, 0xfb, 0xf0 };
	CHECK(bytes_eq(b, rtr_enc_aspa(b, sizeof b, 2, 0, 64496, NULL, 0), aspa_wd, sizeof aspa_wd));
	CHECK_EQ_U(rtr_enc_aspa(b, sizeof b, 1, 1, 64496, prov, 2), 0);   /* not before version 2 */
	CHECK_EQ_U(rtr_enc_reset_query(b, sizeof b, 3), 0);               /* no version 3 */
}

void test_rtr_pdu_decode_roundtrip(void)
{
	uint8_t b[128];
	struct rtr_pdu p;
	size_t used;
	const char *why;
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff };
	size_t n = rtr_enc_prefix(b, sizeof b, 1, 1, RTR_FLAG_ANNOUNCE, a6, 40, 48, 4200000000u);
	CHECK_EQ_U(rtr_pdu_decode(b, n, &p, &used, &why), RTR_OK);
	CHECK_EQ_U(used, 32);
	CHECK_EQ_U(p.type, RTR_IPV6_PREFIX);
	CHECK_EQ_U(p.flags, 1);
	CHECK_EQ_U(p.plen, 40);
	CHECK_EQ_U(p.maxlen, 48);
	CHECK_EQ_U(p.asn, 4200000000u);
	CHECK(!memcmp(p.addr, a6, 16));
	/* Two PDUs back to back: the first is decoded alone. */
	n = rtr_enc_end_of_data(b, sizeof b, 1, 77, 1000, 1, 2, 3);
	n += rtr_enc_reset_query(b + n, sizeof b - n, 1);
	CHECK_EQ_U(rtr_pdu_decode(b, n, &p, &used, &why), RTR_OK);
	CHECK_EQ_U(used, 24);
	CHECK_EQ_U(p.session, 77);
	CHECK_EQ_U(p.serial, 1000);
	CHECK_EQ_U(p.refresh, 1);
	CHECK_EQ_U(p.retry, 2);
	CHECK_EQ_U(p.expire, 3);
	CHECK_EQ_U(rtr_pdu_decode(b + used, n - used, &p, &used, &why), RTR_OK);
	CHECK_EQ_U(p.type, RTR_RESET_QUERY);
	CHECK_EQ_U(used, 8);
	/* Router Key and ASPA carry their variable parts as views. */
	uint8_t ski[20] = { 9 };
	static const uint8_t spki[] = { 1, 2, 3, 4, 5 };
	n = rtr_enc_router_key(b, sizeof b, 2, 0, ski, 65000, spki, 5);
	CHECK_EQ_U(rtr_pdu_decode(b, n, &p, &used, &why), RTR_OK);
	CHECK_EQ_U(p.flags, 0);
	CHECK_EQ_U(p.asn, 65000);
	CHECK_EQ_U(p.spki_len, 5);
	CHECK(p.spki && !memcmp(p.spki, spki, 5));
	CHECK_EQ_U(p.ski[0], 9);
	static const uint32_t prov[] = { 1, 2, 3 };
	n = rtr_enc_aspa(b, sizeof b, 2, 1, 65001, prov, 3);
	CHECK_EQ_U(rtr_pdu_decode(b, n, &p, &used, &why), RTR_OK);
	CHECK_EQ_U(p.flags, 1);
	CHECK_EQ_U(p.asn, 65001);
	CHECK_EQ_U(p.n_providers, 3);
	CHECK_EQ_U(p.providers[11], 3);
}

void test_rtr_pdu_decode_errors(void)
{
	struct rtr_pdu p;
	size_t used;
	const char *why;
	/* A short header waits for more. */
	static const uint8_t hdr7[] = { 1, 2, 0, 0, 0, 0, 0 };
	CHECK_EQ_U(rtr_pdu_decode(hdr7, sizeof hdr7, &p, &used, &why), RTR_NEED_MORE);
	/* A length below the header. */
	static const uint8_t len4[] = { 1, 2, 0, 0, 0, 0, 0, 4 };
	CHECK_EQ_U(rtr_pdu_decode(len4, 8, &p, &used, &why), RTR_MALFORMED);
	CHECK(why && strstr(why, "below the 8-byte header"));
	/* A header announcing 4 GB is refused from its 8 bytes. */
	static const uint8_t huge[] = { 1, 2, 0, 0, 0xff, 0xff, 0xff, 0xff };
	CHECK_EQ_U(rtr_pdu_decode(huge, 8, &p, &used, &why), RTR_TOO_BIG);
	CHECK_EQ_U(p.length, 0xffffffffu);
	CHECK_EQ_U(used, 0);
	/* Just above the cap, and at it (waits for the body). */
	static const uint8_t over[] = { 1, 10, 0, 0, 0, 1, 0, 1 };
	CHECK_EQ_U(rtr_pdu_decode(over, 8, &p, &used, &why), RTR_TOO_BIG);
	static const uint8_t at[] = { 1, 10, 0, 0, 0, 1, 0, 0 };
	CHECK_EQ_U(rtr_pdu_decode(at, 8, &p, &used, &why), RTR_NEED_MORE);
	/* Versions above 2: "GET / HTTP" is version 71. */
	static const uint8_t http[] = { 'G', 'E', 'T', ' ', '/', ' ', 'H', 'T' };
	CHECK_EQ_U(rtr_pdu_decode(http, 8, &p, &used, &why), RTR_BAD_VERSION);
	CHECK_EQ_U(p.version, 'G');
	static const uint8_t v3[] = { 3, 2, 0, 0, 0, 0, 0, 8 };
	CHECK_EQ_U(rtr_pdu_decode(v3, 8, &p, &used, &why), RTR_BAD_VERSION);
	CHECK_EQ_U(used, 8);
	/* Unknown types; types not in the PDU's version. */
	static const uint8_t t5[] = { 1, 5, 0, 0, 0, 0, 0, 8 };
	CHECK_EQ_U(rtr_pdu_decode(t5, 8, &p, &used, &why), RTR_BAD_TYPE);
	static const uint8_t t12[] = { 1, 12, 0, 0, 0, 0, 0, 8 };
	CHECK_EQ_U(rtr_pdu_decode(t12, 8, &p, &used, &why), RTR_BAD_TYPE);
	static const uint8_t rk0[] = { 0, 9, 0, 0, 0, 0, 0, 8 };
	CHECK_EQ_U(rtr_pdu_decode(rk0, 8, &p, &used, &why), RTR_BAD_TYPE);
	static const uint8_t aspa1[] = { 1, 11, 0, 0, 0, 0, 0, 12, 0, 0, 0, 1 };
	CHECK_EQ_U(rtr_pdu_decode(aspa1, 12, &p, &used, &why), RTR_BAD_TYPE);
	CHECK_EQ_U(used, 12);
	/* Wrong lengths for fixed-size types. */
	static const uint8_t rq12[] = { 1, 2, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0 };
	CHECK_EQ_U(rtr_pdu_decode(rq12, 12, &p, &used, &why), RTR_MALFORMED);
	CHECK(why && strstr(why, "wrong length"));
	static const uint8_t sq8[] = { 1, 1, 0, 0, 0, 0, 0, 8 };
	CHECK_EQ_U(rtr_pdu_decode(sq8, 8, &p, &used, &why), RTR_MALFORMED);
	static const uint8_t eod0_24[] = { 0, 7, 0, 0, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	CHECK_EQ_U(rtr_pdu_decode(eod0_24, 24, &p, &used, &why), RTR_MALFORMED);
	/* A partial body waits. */
	CHECK_EQ_U(rtr_pdu_decode(eod0_24, 20, &p, &used, &why), RTR_NEED_MORE);
	/* Prefix fields out of range. */
	static const uint8_t p33[] = { 1, 4, 0, 0, 0, 0, 0, 20, 1, 33, 33, 0, 10, 0, 0, 0, 0, 0, 0, 1 };
	CHECK_EQ_U(rtr_pdu_decode(p33, 20, &p, &used, &why), RTR_MALFORMED);
	CHECK(why && strstr(why, "prefix length"));
	static const uint8_t pmax[] = { 1, 4, 0, 0, 0, 0, 0, 20, 1, 24, 16, 0, 10, 0, 0, 0, 0, 0, 0, 1 };
	CHECK_EQ_U(rtr_pdu_decode(pmax, 20, &p, &used, &why), RTR_MALFORMED);
	CHECK(why && strstr(why, "max length"));
	/* Router Key too short for SKI and ASN; ASPA not a multiple of 4. */
	static const uint8_t rks[] = { 1, 9, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0 };
	CHECK_EQ_U(rtr_pdu_decode(rks, 12, &p, &used, &why), RTR_MALFORMED);
	static const uint8_t aspa_odd[] = { 2, 11, 1, 0, 0, 0, 0, 14, 0, 0, 0, 1, 0, 2 };
	CHECK_EQ_U(rtr_pdu_decode(aspa_odd, 14, &p, &used, &why), RTR_MALFORMED);
}

void test_rtr_pdu_error_report(void)
{
	uint8_t b[600];
	static const uint8_t bad[] = { 3, 2, 0, 0, 0, 0, 0, 8 };
	size_t n = rtr_enc_error(b, sizeof b, 1, RTR_ERR_UNSUPPORTED_VERSION, bad, 8, "v3?");
	static const uint8_t want[] = { 1, 10, 0, 4, 0, 0, 0, 27, 0, 0, 0, 8, 3, 2, 0, 0, 0, 0, 0, 8,
					0, 0, 0, 3, 'v', '3', '?' };
	CHECK(n == sizeof want && !memcmp(b, want, n));
	struct rtr_pdu p;
	size_t used;
	const char *why;
	CHECK_EQ_U(rtr_pdu_decode(b, n, &p, &used, &why), RTR_OK);
	CHECK_EQ_U(p.session, RTR_ERR_UNSUPPORTED_VERSION);
	CHECK_EQ_U(p.err_pdu_len, 8);
	CHECK_EQ_U(p.err_text_len, 3);
	CHECK(p.err_text && !memcmp(p.err_text, "v3?", 3));
	/* The copy of a huge PDU and a long text are cut to 256 bytes. */
	uint8_t big[1000];
	char text[400];
	memset(big, 7, sizeof big);
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = 0;
	CHECK_EQ_U(rtr_enc_error(b, sizeof b, 0, 0, big, sizeof big, text), 8 + 4 + 256 + 4 + 256);
	/* The encapsulated length overruns the PDU. */
	static const uint8_t over[] = { 1, 10, 0, 0, 0, 0, 0, 16, 0, 0, 0, 9, 0, 0, 0, 0 };
	CHECK_EQ_U(rtr_pdu_decode(over, 16, &p, &used, &why), RTR_MALFORMED);
	CHECK(why && strstr(why, "encapsulated PDU"));
	/* The text length overruns; bytes after the text. */
	static const uint8_t tover[] = { 1, 10, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 1 };
	CHECK_EQ_U(rtr_pdu_decode(tover, 16, &p, &used, &why), RTR_MALFORMED);
	CHECK(why && strstr(why, "error text overruns"));
	static const uint8_t tail[] = { 1, 10, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0, 'z' };
	CHECK_EQ_U(rtr_pdu_decode(tail, 17, &p, &used, &why), RTR_MALFORMED);
	CHECK(why && strstr(why, "after the error text"));
	static const uint8_t short12[] = { 1, 10, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0 };
	CHECK_EQ_U(rtr_pdu_decode(short12, 12, &p, &used, &why), RTR_MALFORMED);
	CHECK_STR(rtr_error_name(RTR_ERR_NO_DATA), "No Data Available");
	CHECK_STR(rtr_error_name(99), "unknown");
	CHECK_STR(rtr_pdu_type_name(RTR_ASPA), "ASPA");
	CHECK_STR(rtr_pdu_type_name(5), "unknown");
}

void test_rtr_serial_arithmetic(void)
{
	/* RFC 1982 with 32 bits: 0 follows 0xffffffff. */
	CHECK(rtr_serial_gt(1, 0));
	CHECK(!rtr_serial_gt(0, 1));
	CHECK(rtr_serial_gt(0, 0xffffffffu));
	CHECK(rtr_serial_gt(5, 0xfffffff0u));
	CHECK(!rtr_serial_gt(7, 7));
	CHECK(!rtr_serial_gt(0x80000000u, 0));   /* undefined in RFC 1982: not greater */
}
