/* Unit tests for src/bgp: attributes, RFC 6793 AS4 merge, RFC 7606 classes, NLRI. */
#include "test.h"
#include "bgp/bgp.h"
#include "mrt/mrt_format.h"

static void path_text(const struct bgp_path *p, char *out, size_t n)
{
	struct wbuf w;
	wbuf_init(&w, 64);
	mrt_fmt_aspath(&w, p, false);
	wbuf_putc(&w, 0);
	snprintf(out, n, "%s", w.p);
	wbuf_free(&w);
}

void test_attrs_basic(void)
{
	const uint8_t attrs[] = {
		0x40, 1, 1, 0,                                      /* ORIGIN IGP */
		0x40, 2, 10, 2, 2, 0, 0, 0x0d, 0x05, 0, 0, 0x0c, 0xb9, /* AS_PATH seq 3333 3257 (4-byte) */
		0x40, 3, 4, 193, 0, 0, 56,                           /* NEXT_HOP */
		0x80, 4, 4, 0, 0, 0, 7,                              /* MED 7 */
		0xc0, 8, 8, 0x0d, 0x05, 0x00, 0x01, 0xff, 0xff, 0xff, 0x01, /* 3333:1 no-export */
		0xc0, 32, 12, 0, 0, 0x0d, 0x05, 0, 0, 0, 1, 0, 0, 0, 2,  /* 3333:1:2 */
		0xc0, 35, 4, 0, 0, 0x0d, 0x05,                       /* OTC 3333 */
		0xc0, 99, 2, 0xab, 0xcd,                             /* unknown */
	};
	struct bgp_attrs a;
	const char *why = NULL;
	char txt[64];
	bgp_attrs_init(&a);
	CHECK(bgp_attrs_decode(&a, rbuf_make(attrs, sizeof attrs), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_NONE);
	CHECK(bgp_attr_has(&a, BGP_ATTR_ORIGIN));
	CHECK(!bgp_attr_has(&a, BGP_ATTR_LOCAL_PREF));
	CHECK_EQ_U(a.origin, 0);
	path_text(&a.path, txt, sizeof txt);
	CHECK_STR(txt, "3333 3257");
	CHECK_EQ_U(bgp_path_origin(&a.path), 3257);
	CHECK_EQ_U(a.med, 7);
	CHECK_EQ_U(a.comm_len, 8);
	CHECK_EQ_U(a.lcomm_len, 12);
	CHECK_EQ_U(a.otc, 3333);
	CHECK_EQ_U(a.n_unknown, 1);
	CHECK_EQ_U(a.unknown[0].type, 99);
	CHECK_EQ_U(a.unknown[0].len, 2);
	bgp_attrs_free(&a);
}

void test_attrs_as4_merge(void)
{
	/* RFC 6793 section 4.2.3: a 2-octet session with AS_PATH
	 * "1 23456 23456 2" and AS4_PATH "70000 80000 2": the leading
	 * 4 - 3 = 1 AS of AS_PATH, then AS4_PATH. */
	const uint8_t attrs[] = {
		0x40, 2, 10, 2, 4, 0, 1, 0x5b, 0xa0, 0x5b, 0xa0, 0, 2,
		0xc0, 17, 14, 2, 3, 0, 1, 0x11, 0x70, 0, 1, 0x38, 0x80, 0, 0, 0, 2,
		0xc0, 7, 6, 0x5b, 0xa0, 10, 0, 0, 1,          /* AGGREGATOR AS_TRANS */
		0xc0, 18, 8, 0, 1, 0x38, 0x80, 10, 0, 0, 2,    /* AS4_AGGREGATOR 80000 */
	};
	struct bgp_attrs a;
	const char *why = NULL;
	char txt[64];
	bgp_attrs_init(&a);
	CHECK(bgp_attrs_decode(&a, rbuf_make(attrs, sizeof attrs), 2, 0, &why) == BGP_OK);
	path_text(&a.path, txt, sizeof txt);
	CHECK_STR(txt, "1 70000 80000 2");
	CHECK(a.as4_merged);
	CHECK_EQ_U(a.aggr_as, 80000);
	CHECK_EQ_U(a.aggr_ip[3], 2);
	path_text(&a.as_path, txt, sizeof txt);
	CHECK_STR(txt, "1 23456 23456 2");
	bgp_attrs_free(&a);
}

void test_attrs_as4_ignored_on_as4_session(void)
{
	/* On a 4-octet session AS4_PATH is ignored (RFC 6793 section 4.1). */
	const uint8_t attrs[] = {
		0x40, 2, 6, 2, 1, 0, 0, 0, 5,
		0xc0, 17, 6, 2, 1, 0, 0, 0, 9,
	};
	struct bgp_attrs a;
	const char *why = NULL;
	bgp_attrs_init(&a);
	CHECK(bgp_attrs_decode(&a, rbuf_make(attrs, sizeof attrs), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(bgp_path_origin(&a.path), 5);
	CHECK(!a.as4_merged);
	/* AS4_PATH longer than AS_PATH on a 2-octet session: ignored too. */
	const uint8_t longer[] = {
		0x40, 2, 4, 2, 1, 0, 5,
		0xc0, 17, 10, 2, 2, 0, 0, 0, 8, 0, 0, 0, 9,
	};
	CHECK(bgp_attrs_decode(&a, rbuf_make(longer, sizeof longer), 2, 0, &why) == BGP_OK);
	CHECK_EQ_U(bgp_path_origin(&a.path), 5);
	CHECK(!a.as4_merged);
	bgp_attrs_free(&a);
}

void test_attrs_rfc7606_classes(void)
{
	struct bgp_attrs a;
	const char *why = NULL;
	bgp_attrs_init(&a);
	/* AGGREGATOR of 8 bytes on a 2-octet session: attribute discard. */
	const uint8_t aggr[] = { 0xc0, 7, 8, 0, 0, 0xfd, 0xe8, 192, 168, 0, 1 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(aggr, sizeof aggr), 2, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_ATTR_DISCARD);
	CHECK(!bgp_attr_has(&a, BGP_ATTR_AGGREGATOR));
	CHECK_STR(a.error, "RFC 7606 section 7.7: AGGREGATOR length is not 6 on a 2-octet AS session");
	/* ORIGIN of length 2: treat-as-withdraw. */
	const uint8_t origin[] = { 0x40, 1, 2, 0, 0 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(origin, sizeof origin), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_TREAT_AS_WITHDRAW);
	/* An AS_PATH segment that claims more ASNs than it holds. */
	const uint8_t path[] = { 0x40, 2, 6, 2, 9, 0, 0, 0, 1 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(path, sizeof path), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_TREAT_AS_WITHDRAW);
	CHECK_STR(a.error, "RFC 7606 section 7.2: AS_PATH segment overruns the attribute");
	CHECK_EQ_U(a.path.nseg, 0);
	/* A repeated attribute: the first copy stays (section 3 g). */
	const uint8_t dup[] = { 0x80, 4, 4, 0, 0, 0, 1, 0x80, 4, 4, 0, 0, 0, 2 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(dup, sizeof dup), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.med, 1);
	CHECK_EQ_U(a.action, BGP_ACT_ATTR_DISCARD);
	bgp_attrs_free(&a);
}

void test_attrs_overrun(void)
{
	struct bgp_attrs a;
	const char *why = NULL;
	bgp_attrs_init(&a);
	const uint8_t over[] = { 0x40, 1, 5, 0 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(over, sizeof over), 4, 0, &why) == BGP_MALFORMED);
	CHECK_STR(why, "RFC 7606 section 4: attribute length overruns the path attributes");
	const uint8_t ext[] = { 0x50, 8, 0 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(ext, sizeof ext), 4, 0, &why) == BGP_MALFORMED);
	CHECK_STR(why, "RFC 7606 section 4: attribute length truncated");
	bgp_attrs_free(&a);
}

void test_nlri_addpath_guess(void)
{
	/* ADD-PATH framed: path id 1, 10.0.0.0/8; path id 2, 10.1.0.0/16 */
	const uint8_t ap[] = { 0, 0, 0, 1, 8, 10, 0, 0, 0, 2, 16, 10, 1 };
	CHECK(!bgp_nlri_valid(ap, sizeof ap, AFI_IPV4, false));
	CHECK(bgp_nlri_valid(ap, sizeof ap, AFI_IPV4, true));
	CHECK(bgp_nlri_guess_addpath(ap, sizeof ap, AFI_IPV4, false) == true);
	const uint8_t plain[] = { 8, 10, 16, 10, 1 };
	CHECK(bgp_nlri_guess_addpath(plain, sizeof plain, AFI_IPV4, false) == false);
	struct rbuf b = rbuf_make(ap, sizeof ap);
	struct prefix p;
	uint32_t id;
	const char *why;
	CHECK(bgp_nlri_next(&b, AFI_IPV4, true, &p, &id, &why) == 1);
	CHECK_EQ_U(id, 1);
	CHECK_EQ_U(p.len, 8);
	CHECK(bgp_nlri_next(&b, AFI_IPV4, true, &p, &id, &why) == 1);
	CHECK_EQ_U(id, 2);
	CHECK_EQ_U(p.b[1], 1);
	CHECK(bgp_nlri_next(&b, AFI_IPV4, true, &p, &id, &why) == 0);
}

void test_nlri_bad_length(void)
{
	const uint8_t v4[] = { 33, 1, 2, 3, 4, 5 };
	struct rbuf b = rbuf_make(v4, sizeof v4);
	struct prefix p;
	uint32_t id;
	const char *why = NULL;
	CHECK(bgp_nlri_next(&b, AFI_IPV4, false, &p, &id, &why) == -1);
	CHECK_STR(why, "RFC 4271 section 4.3: IPv4 prefix length over 32");
	const uint8_t v6[] = { 129 };
	b = rbuf_make(v6, sizeof v6);
	CHECK(bgp_nlri_next(&b, AFI_IPV6, false, &p, &id, &why) == -1);
	CHECK_STR(why, "RFC 4760 section 5: IPv6 prefix length over 128");
	const uint8_t shortp[] = { 24, 10, 0 };
	b = rbuf_make(shortp, sizeof shortp);
	CHECK(bgp_nlri_next(&b, AFI_IPV4, false, &p, &id, &why) == -1);
	CHECK_STR(why, "RFC 4271 section 4.3: prefix overruns the NLRI field");
}

void test_attrs_rfc7606_first_occurrence(void)
{
	struct bgp_attrs a;
	const char *why = NULL;
	bgp_attrs_init(&a);
	/* RFC 7606 section 3 (g): a 7-byte AGGREGATOR (malformed on a
	 * 2-octet session), then a good one for AS 65002: the first
	 * occurrence is the one that counts, so there is no aggregator. */
	const uint8_t aggr[] = { 0xc0, 7, 7, 0xfd, 0xe9, 10, 0, 0, 1, 0,
				 0xc0, 7, 6, 0xfd, 0xea, 10, 0, 0, 2 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(aggr, sizeof aggr), 2, 0, &why) == BGP_OK);
	CHECK(!bgp_attr_has(&a, BGP_ATTR_AGGREGATOR));
	CHECK_EQ_U(a.aggr_as, 0);
	CHECK_EQ_U(a.action, BGP_ACT_ATTR_DISCARD);
	CHECK_EQ_U(a.n_errors, 2);
	CHECK_EQ_U(a.error_attr, BGP_ATTR_AGGREGATOR);
	CHECK_STR(a.error, "RFC 7606 section 7.7: AGGREGATOR length is not 6 on a 2-octet AS session");
	/* The same with the good one first: AS 65002 stays, the bad copy is
	 * discarded as a repeat. */
	const uint8_t aggr2[] = { 0xc0, 7, 6, 0xfd, 0xea, 10, 0, 0, 2,
				  0xc0, 7, 7, 0xfd, 0xe9, 10, 0, 0, 1, 0 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(aggr2, sizeof aggr2), 2, 0, &why) == BGP_OK);
	CHECK(bgp_attr_has(&a, BGP_ATTR_AGGREGATOR));
	CHECK_EQ_U(a.aggr_as, 65002);
	CHECK_EQ_U(a.n_errors, 1);
	CHECK_STR(a.error, "RFC 7606 section 3 (g): attribute repeated; later copies discarded");
	/* A malformed ORIGIN (length 2) followed by a good one: still
	 * treat-as-withdraw, and no ORIGIN. */
	const uint8_t origin[] = { 0x40, 1, 2, 0, 0, 0x40, 1, 1, 1 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(origin, sizeof origin), 4, 0, &why) == BGP_OK);
	CHECK(!bgp_attr_has(&a, BGP_ATTR_ORIGIN));
	CHECK_EQ_U(a.action, BGP_ACT_TREAT_AS_WITHDRAW);
	CHECK_STR(a.error, "RFC 7606 section 7.1: ORIGIN length is not 1");
	/* An unknown attribute twice: the first kept, the second discarded. */
	const uint8_t unk[] = { 0xc0, 99, 1, 0xaa, 0xc0, 99, 1, 0xbb };
	CHECK(bgp_attrs_decode(&a, rbuf_make(unk, sizeof unk), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.n_unknown, 1);
	CHECK_EQ_U(a.unknown[0].val[0], 0xaa);
	CHECK_EQ_U(a.action, BGP_ACT_ATTR_DISCARD);
	/* MP_UNREACH_NLRI twice: the UPDATE is unusable (section 3 g). */
	const uint8_t mp[] = { 0x80, 15, 3, 0, 2, 1, 0x80, 15, 3, 0, 2, 1 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(mp, sizeof mp), 4, 0, &why) == BGP_MALFORMED);
	CHECK_STR(why, "RFC 7606 section 3 (g): MP_REACH_NLRI or MP_UNREACH_NLRI repeated");
	bgp_attrs_free(&a);
}

void test_attrs_rfc7606_flags(void)
{
	struct bgp_attrs a;
	const char *why = NULL;
	bgp_attrs_init(&a);
	/* RFC 7606 section 3 (c): ORIGIN flagged optional: ORIGIN's class,
	 * treat-as-withdraw. */
	const uint8_t origin[] = { 0xc0, 1, 1, 0 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(origin, sizeof origin), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_TREAT_AS_WITHDRAW);
	CHECK(!bgp_attr_has(&a, BGP_ATTR_ORIGIN));
	CHECK_STR(a.error, "RFC 7606 section 3 (c): ORIGIN has Optional or Transitive flags that conflict with its type");
	/* AGGREGATOR flagged well-known: AGGREGATOR's class, discard. */
	const uint8_t aggr[] = { 0x40, 7, 8, 0, 0, 0xfd, 0xe9, 10, 0, 0, 1 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(aggr, sizeof aggr), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_ATTR_DISCARD);
	CHECK(!bgp_attr_has(&a, BGP_ATTR_AGGREGATOR));
	CHECK_STR(a.error, "RFC 7606 section 3 (c): AGGREGATOR has Optional or Transitive flags that conflict with its type");
	/* MED flagged transitive (it is optional non-transitive). */
	const uint8_t med[] = { 0xc0, 4, 4, 0, 0, 0, 7 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(med, sizeof med), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_TREAT_AS_WITHDRAW);
	CHECK_EQ_U(a.med, 0);
	/* ATOMIC_AGGREGATE flagged optional: discard. */
	const uint8_t atomic[] = { 0x80, 6, 0 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(atomic, sizeof atomic), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_ATTR_DISCARD);
	CHECK(!bgp_attr_has(&a, BGP_ATTR_ATOMIC_AGGREGATE));
	/* MP_UNREACH_NLRI flagged transitive: the UPDATE is unusable. */
	const uint8_t mp[] = { 0xc0, 15, 3, 0, 2, 1 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(mp, sizeof mp), 4, 0, &why) == BGP_MALFORMED);
	CHECK_STR(why, "RFC 7606 section 3 (c): MP_UNREACH_NLRI has Optional or Transitive flags that conflict with its type");
	/* Partial and Extended Length bits are not part of the check. */
	const uint8_t ok[] = { 0x50, 1, 0, 1, 2, 0xe0, 8, 4, 0, 1, 0, 2 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(ok, sizeof ok), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_NONE);
	CHECK_EQ_U(a.origin, 2);
	CHECK_EQ_U(a.comm_len, 4);
	/* Unknown types are not checked. */
	const uint8_t unk[] = { 0x00, 200, 0 };
	CHECK(bgp_attrs_decode(&a, rbuf_make(unk, sizeof unk), 4, 0, &why) == BGP_OK);
	CHECK_EQ_U(a.action, BGP_ACT_NONE);
	CHECK_EQ_U(a.n_unknown, 1);
	bgp_attrs_free(&a);
}
