/*
 * RTR serial history (src/rtr/rtr_cache.c): the encoded full set and the
 * differences between serials, byte for byte; composed deltas over several
 * serials; the history limit that turns an old serial into a Cache Reset;
 * Router Keys and ASPAs per version. Also the loader's base64.
 */
#include "test.h"

#include "rtr/rtr_cache.h"
#include "rtr/rtr_load.h"
#include "rtr/rtr_pdu.h"

/* Adds 10.0.N.0/24-24 for ASN. */
static void add4(struct rtr_set *s, uint8_t n, uint32_t asn)
{
	uint8_t a[4] = { 10, 0, n, 0 };
	rtr_set_add_vrp(s, 0, a, 24, 24, asn);
}

/* The set of the given third octets (all AS 65000), finished. */
static void set_of(struct rtr_set *s, const uint8_t *n, size_t k)
{
	rtr_set_init(s);
	for (size_t i = 0; i < k; i++)
		add4(s, n[i], 65000);
	rtr_set_finish(s);
}

/* Decodes a blob into "+10.0.N.0" / "-10.0.N.0" tokens for IPv4 prefixes,
 * "+K<asn>"/"-K<asn>" for keys, "+A<cust>:<n>"/"-A<cust>:0" for ASPAs. */
static void describe(const struct rtr_blob *b, char *out, size_t cap)
{
	size_t at = 0, off = 0;
	out[0] = 0;
	while (off < b->len) {
		struct rtr_pdu p;
		size_t used;
		const char *why;
		if (rtr_pdu_decode(b->p + off, b->len - off, &p, &used, &why) != RTR_OK) {
			snprintf(out + at, cap - at, "BAD");
			return;
		}
		char c = (p.flags & 1) ? '+' : '-';
		if (p.type == RTR_IPV4_PREFIX)
			at += (size_t)snprintf(out + at, cap - at, "%c%u ", c, p.addr[2]);
		else if (p.type == RTR_ROUTER_KEY)
			at += (size_t)snprintf(out + at, cap - at, "%cK%u ", c, p.asn);
		else if (p.type == RTR_ASPA)
			at += (size_t)snprintf(out + at, cap - at, "%cA%u:%u ", c, p.asn, p.n_providers);
		else
			at += (size_t)snprintf(out + at, cap - at, "?%u ", p.type);
		off += used;
	}
}

void test_rtr_set_sort_dedup(void)
{
	struct rtr_set s;
	rtr_set_init(&s);
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	rtr_set_add_vrp(&s, 1, a6, 32, 48, 1);
	add4(&s, 9, 2);
	add4(&s, 1, 2);
	add4(&s, 9, 2);   /* duplicate */
	uint8_t host[4] = { 10, 0, 1, 77 };
	rtr_set_add_vrp(&s, 0, host, 24, 24, 1);   /* host bits cleared: 10.0.1.0/24 AS1 */
	CHECK_EQ_U(rtr_set_add_vrp(&s, 0, host, 24, 23, 1), (unsigned long long)-1);
	CHECK_EQ_U(rtr_set_add_vrp(&s, 1, a6, 129, 129, 1), (unsigned long long)-1);
	rtr_set_finish(&s);
	CHECK_EQ_U(s.n_vrps, 4);
	CHECK_EQ_U(s.vrps[0].addr[2], 1);
	CHECK_EQ_U(s.vrps[0].addr[3], 0);
	CHECK_EQ_U(s.vrps[0].asn, 1);
	CHECK_EQ_U(s.vrps[1].asn, 2);
	CHECK_EQ_U(s.vrps[2].addr[2], 9);
	CHECK_EQ_U(s.vrps[3].v6, 1);
	/* ASPAs of one customer merge; providers sorted and distinct. */
	static const uint32_t p1[] = { 30, 10 }, p2[] = { 20, 10 };
	rtr_set_add_aspa(&s, 7, p1, 2);
	rtr_set_add_aspa(&s, 5, p2, 1);
	rtr_set_add_aspa(&s, 7, p2, 2);
	CHECK_EQ_U(rtr_set_add_aspa(&s, 8, p1, 0), (unsigned long long)-1);
	rtr_set_finish(&s);
	CHECK_EQ_U(s.n_aspas, 2);
	CHECK_EQ_U(s.aspas[0].customer, 5);
	CHECK_EQ_U(s.aspas[1].customer, 7);
	CHECK_EQ_U(s.aspas[1].n, 3);
	CHECK_EQ_U(s.prov[s.aspas[1].first], 10);
	CHECK_EQ_U(s.prov[s.aspas[1].first + 1], 20);
	CHECK_EQ_U(s.prov[s.aspas[1].first + 2], 30);
	rtr_set_free(&s);
}

void test_rtr_cache_full_bytes(void)
{
	struct rtr_cache c;
	rtr_cache_init(&c, 100, 1, 0);
	CHECK(rtr_cache_full(&c, 1) == NULL);   /* no data yet */
	CHECK(rtr_cache_diff(&c, 1, 1) == NULL);
	struct rtr_set s;
	static const uint8_t n[] = { 2, 1 };
	set_of(&s, n, 2);
	struct rtr_update u;
	rtr_cache_update(&c, &s, &u);
	CHECK(u.changed);
	CHECK_EQ_U(u.serial, 1);
	CHECK_EQ_U(u.vrps_announced, 2);
	struct rtr_blob *b = rtr_cache_full(&c, 0);
	static const uint8_t want[] = {
		0, 4, 0, 0, 0, 0, 0, 20, 1, 24, 24, 0, 10, 0, 1, 0, 0, 0, 0xfd, 0xe8,
		0, 4, 0, 0, 0, 0, 0, 20, 1, 24, 24, 0, 10, 0, 2, 0, 0, 0, 0xfd, 0xe8,
	};
	CHECK(b && b->len == sizeof want && !memcmp(b->p, want, sizeof want));
	CHECK_EQ_U(b->announced, 2);
	CHECK(rtr_cache_full(&c, 0) == b);   /* encoded once */
	struct rtr_blob *b1 = rtr_cache_full(&c, 1);
	CHECK(b1 && b1->len == 40 && b1->p[0] == 1);
	CHECK_EQ_U(rtr_cache_session(&c, 2), 102);
	rtr_cache_free(&c);
}

void test_rtr_cache_diff_and_reset(void)
{
	struct rtr_cache c;
	rtr_cache_init(&c, 1, 0xffffffffu, 0);   /* the serial wraps to 0 */
	struct rtr_set s;
	struct rtr_update u;
	static const uint8_t n1[] = { 1, 2, 3 }, n2[] = { 1, 3, 4 };
	set_of(&s, n1, 3);
	rtr_cache_update(&c, &s, &u);
	/* An equal set: no new serial. */
	set_of(&s, n1, 3);
	rtr_cache_update(&c, &s, &u);
	CHECK(!u.changed);
	CHECK_EQ_U(c.serial, 0xffffffffu);
	set_of(&s, n2, 3);
	rtr_cache_update(&c, &s, &u);
	CHECK(u.changed);
	CHECK_EQ_U(u.serial, 0);
	CHECK_EQ_U(u.vrps_announced, 1);
	CHECK_EQ_U(u.vrps_withdrawn, 1);
	struct rtr_blob *d = rtr_cache_diff(&c, 0xffffffffu, 1);
	char txt[256];
	CHECK(d != NULL);
	describe(d, txt, sizeof txt);
	CHECK_STR(txt, "-2 +4 ");
	/* The withdrawal's exact bytes: flags 0, the rest as announced. */
	static const uint8_t wd[] = { 1, 4, 0, 0, 0, 0, 0, 20, 0, 24, 24, 0, 10, 0, 2, 0, 0, 0, 0xfd, 0xe8 };
	CHECK(d && d->len == 40 && !memcmp(d->p, wd, 20));
	/* The current serial: nothing to send. A serial never given: reset. */
	struct rtr_blob *e = rtr_cache_diff(&c, 0, 1);
	CHECK(e && e->len == 0);
	CHECK(rtr_cache_diff(&c, 12345, 1) == NULL);
	/* A session holding a blob keeps it past an update. */
	rtr_blob_ref(d);
	static const uint8_t n3[] = { 5 };
	set_of(&s, n3, 1);
	rtr_cache_update(&c, &s, &u);
	CHECK_EQ_U(d->refs, 1);
	describe(d, txt, sizeof txt);
	CHECK_STR(txt, "-2 +4 ");
	rtr_blob_unref(d);
	rtr_cache_free(&c);
}

void test_rtr_cache_diff_composed(void)
{
	struct rtr_cache c;
	rtr_cache_init(&c, 1, 1, 0);
	struct rtr_set s;
	struct rtr_update u;
	static const uint8_t n1[] = { 1, 2 }, n2[] = { 1, 3 }, n3[] = { 1, 2, 4 };
	set_of(&s, n1, 2);
	rtr_cache_update(&c, &s, &u);
	set_of(&s, n2, 2);
	rtr_cache_update(&c, &s, &u);
	set_of(&s, n3, 3);
	rtr_cache_update(&c, &s, &u);
	CHECK_EQ_U(c.serial, 3);
	char txt[256];
	/* 2 went and came back, 3 came and went: only 4 is news since 1. */
	struct rtr_blob *d = rtr_cache_diff(&c, 1, 0);
	CHECK(d != NULL);
	describe(d, txt, sizeof txt);
	CHECK_STR(txt, "+4 ");
	d = rtr_cache_diff(&c, 2, 0);
	CHECK(d != NULL);
	describe(d, txt, sizeof txt);
	CHECK_STR(txt, "-3 +2 +4 ");
	rtr_cache_free(&c);
}

void test_rtr_cache_history_limit(void)
{
	struct rtr_cache c;
	rtr_cache_init(&c, 1, 1, 2);
	struct rtr_set s;
	struct rtr_update u;
	for (uint8_t i = 1; i <= 4; i++) {
		set_of(&s, &i, 1);
		rtr_cache_update(&c, &s, &u);
	}
	/* Serials 1 to 4; two older ones kept: 2 and 3. */
	CHECK_EQ_U(c.serial, 4);
	CHECK_EQ_U(c.n_hist, 2);
	CHECK(rtr_cache_diff(&c, 1, 1) == NULL);
	char txt[64];
	struct rtr_blob *d = rtr_cache_diff(&c, 2, 1);
	CHECK(d != NULL);
	describe(d, txt, sizeof txt);
	CHECK_STR(txt, "-2 +4 ");
	rtr_cache_free(&c);
}

void test_rtr_cache_keys_aspas(void)
{
	struct rtr_cache c;
	rtr_cache_init(&c, 1, 1, 0);
	struct rtr_set s;
	struct rtr_update u;
	uint8_t ski[20] = { 1 };
	static const uint8_t spki[] = { 0x30, 0x01, 0x00 };
	static const uint32_t pa[] = { 100, 200 }, pb[] = { 100 };
	rtr_set_init(&s);
	add4(&s, 1, 1);
	rtr_set_add_key(&s, ski, 64496, spki, 3);
	rtr_set_add_aspa(&s, 64500, pa, 2);
	rtr_set_add_aspa(&s, 64501, pb, 1);
	rtr_set_finish(&s);
	rtr_cache_update(&c, &s, &u);
	char txt[256];
	/* Version 0: prefixes only; 1: and keys; 2: and ASPAs. */
	describe(rtr_cache_full(&c, 0), txt, sizeof txt);
	CHECK_STR(txt, "+1 ");
	describe(rtr_cache_full(&c, 1), txt, sizeof txt);
	CHECK_STR(txt, "+1 +K64496 ");
	describe(rtr_cache_full(&c, 2), txt, sizeof txt);
	CHECK_STR(txt, "+1 +K64496 +A64500:2 +A64501:1 ");
	/* Next: the key changes ASN, 64500 loses a provider, 64501 goes, 64502 comes. */
	rtr_set_init(&s);
	add4(&s, 1, 1);
	rtr_set_add_key(&s, ski, 64497, spki, 3);
	rtr_set_add_aspa(&s, 64500, pb, 1);
	rtr_set_add_aspa(&s, 64502, pa, 2);
	rtr_set_finish(&s);
	rtr_cache_update(&c, &s, &u);
	CHECK(u.changed);
	CHECK_EQ_U(u.keys_announced, 1);
	CHECK_EQ_U(u.keys_withdrawn, 1);
	CHECK_EQ_U(u.aspas_announced, 2);
	CHECK_EQ_U(u.aspas_withdrawn, 1);
	describe(rtr_cache_diff(&c, 1, 2), txt, sizeof txt);
	CHECK_STR(txt, "-K64496 +K64497 +A64500:1 -A64501:0 +A64502:2 ");
	describe(rtr_cache_diff(&c, 1, 1), txt, sizeof txt);
	CHECK_STR(txt, "-K64496 +K64497 ");
	describe(rtr_cache_diff(&c, 1, 0), txt, sizeof txt);
	CHECK_STR(txt, "");
	rtr_cache_free(&c);
}

void test_rtr_base64(void)
{
	uint8_t out[32];
	CHECK_EQ_U(rtr_base64_decode("TWFu", 4, out, sizeof out), 3);
	CHECK(!memcmp(out, "Man", 3));
	CHECK_EQ_U(rtr_base64_decode("TWE=", 4, out, sizeof out), 2);
	CHECK_EQ_U(rtr_base64_decode("TWE", 3, out, sizeof out), 2);
	/* base64url: '-' and '_' for '+' and '/'. */
	CHECK_EQ_U(rtr_base64_decode("-_8", 3, out, sizeof out), 2);
	CHECK_EQ_U(out[0], 0xfb);
	CHECK_EQ_U(out[1], 0xff);
	CHECK_EQ_U(rtr_base64_decode("TW=E", 4, out, sizeof out), (unsigned long long)-1);
	CHECK_EQ_U(rtr_base64_decode("T!", 2, out, sizeof out), (unsigned long long)-1);
	CHECK_EQ_U(rtr_base64_decode("TWFuTWFu", 8, out, 5), (unsigned long long)-1);
}
