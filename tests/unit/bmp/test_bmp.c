/* Unit tests for src/bmp: messages built byte by byte, decoded fields and route elements checked exactly. */
#include "test.h"
#include "bmp/bmp.h"
#include "bmp/bmp_pcap.h"
#include "lib/wbuf.h"
#include "mrt/mrt_format.h"
#include "mrt/mrt_write.h"

#include <stdlib.h>

/* A message under construction. */
struct msg {
	uint8_t b[2048];
	size_t n;
};

static void put8(struct msg *m, uint8_t v) { m->b[m->n++] = v; }
static void put16(struct msg *m, uint16_t v) { put8(m, (uint8_t)(v >> 8)); put8(m, (uint8_t)v); }
static void put32(struct msg *m, uint32_t v) { put16(m, (uint16_t)(v >> 16)); put16(m, (uint16_t)v); }
static void putn(struct msg *m, const void *p, size_t n) { memcpy(m->b + m->n, p, n); m->n += n; }

/* Common header with the length patched in by finish(). */
static void start(struct msg *m, uint8_t type)
{
	m->n = 0;
	put8(m, 3);
	put32(m, 0);
	put8(m, type);
}

static void finish(struct msg *m)
{
	m->b[1] = (uint8_t)(m->n >> 24);
	m->b[2] = (uint8_t)(m->n >> 16);
	m->b[3] = (uint8_t)(m->n >> 8);
	m->b[4] = (uint8_t)m->n;
}

/* Per-peer header: IPv4 peer 192.0.2.1 unless flags has V (then 2001:db8::1). */
static void peer_hdr(struct msg *m, uint8_t type, uint8_t flags, uint32_t as, uint32_t sec, uint32_t usec)
{
	put8(m, type);
	put8(m, flags);
	for (int i = 0; i < 8; i++)
		put8(m, type == 1 ? (uint8_t)(i + 1) : 0);
	if (flags & 0x80) {
		const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
		putn(m, a, 16);
	} else {
		for (int i = 0; i < 12; i++)
			put8(m, 0);
		put8(m, 192), put8(m, 0), put8(m, 2), put8(m, 1);
	}
	put32(m, as);
	put8(m, 10), put8(m, 0), put8(m, 0), put8(m, 1);
	put32(m, sec);
	put32(m, usec);
}

static void marker(struct msg *m)
{
	for (int i = 0; i < 16; i++)
		put8(m, 0xff);
}

/* An OPEN: my AS, 4-octet AS capability with as4 (0: none), MP IPv4
 * unicast, ADD-PATH IPv4 unicast with mode (0: none). */
static void open_msg(struct msg *m, uint16_t my_as, uint32_t as4, uint8_t addpath)
{
	size_t at = m->n;
	marker(m);
	put16(m, 0);
	put8(m, 1);
	put8(m, 4);
	put16(m, my_as);
	put16(m, 90);
	put8(m, 10), put8(m, 0), put8(m, 0), put8(m, (uint8_t)(my_as & 0xff));
	size_t plen_at = m->n;
	put8(m, 0);
	put8(m, 2);                  /* Capabilities parameter */
	size_t clen_at = m->n;
	put8(m, 0);
	put8(m, 1), put8(m, 4), put16(m, 1), put8(m, 0), put8(m, 1);
	if (as4)
		put8(m, 65), put8(m, 4), put32(m, as4);
	if (addpath)
		put8(m, 69), put8(m, 4), put16(m, 1), put8(m, 1), put8(m, addpath);
	m->b[clen_at] = (uint8_t)(m->n - clen_at - 1);
	m->b[plen_at] = (uint8_t)(m->n - plen_at - 1);
	uint16_t len = (uint16_t)(m->n - at);
	m->b[at + 16] = (uint8_t)(len >> 8);
	m->b[at + 17] = (uint8_t)len;
}

static void peer_up(struct msg *m, uint8_t flags, uint32_t peer_as, uint32_t local_as4, uint8_t local_ap,
		    uint8_t peer_ap)
{
	start(m, BMP_PEER_UP);
	peer_hdr(m, 0, flags, peer_as, 1700000000, 5);
	for (int i = 0; i < 12; i++)
		put8(m, 0);
	put8(m, 192), put8(m, 0), put8(m, 2), put8(m, 254);
	put16(m, 179);
	put16(m, 40000);
	open_msg(m, local_as4 > 0xffff ? 23456 : (uint16_t)local_as4, local_as4, local_ap);
	open_msg(m, peer_as > 0xffff ? 23456 : (uint16_t)peer_as, flags & 0x20 ? 0 : peer_as, peer_ap);
	put16(m, 0), put16(m, 5);
	putn(m, "hello", 5);
	finish(m);
}

struct elems {
	struct wbuf out;
	int n;
	uint32_t path_id[8];
	uint32_t peer_as[8];
	uint32_t origin[8];
};

static void collect(const struct mrt_elem *e, const struct bmp_peer_hdr *ph, void *ctx)
{
	struct elems *c = ctx;
	(void)ph;
	if (c->n < 8) {
		c->path_id[c->n] = e->path_id;
		c->peer_as[c->n] = e->peer_as;
		c->origin[c->n] = e->attrs ? bgp_path_origin(&e->attrs->path) : 0;
	}
	c->n++;
	mrt_fmt_elem(&c->out, MRT_FMT_BGPDUMP_M, e);
}

static const char *text(struct elems *c)
{
	wbuf_putc(&c->out, 0);
	c->out.len--;
	return c->out.p;
}

void test_bmp_frame(void)
{
	const uint8_t ok[] = { 3, 0, 0, 0, 6, 4, 3 };
	uint32_t len = 0;
	const char *why = NULL;
	CHECK_EQ_U(bmp_frame(ok, 5, &len, &why), BMP_NEED_MORE);
	CHECK_EQ_U(bmp_frame(ok, 7, &len, &why), BMP_OK);
	CHECK_EQ_U(len, 6);
	const uint8_t v2[] = { 2, 0, 0, 0, 6, 4 };
	CHECK_EQ_U(bmp_frame(v2, 6, &len, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.1: version is neither 3 nor 4 (draft-ietf-grow-bmp-tlv)");
	const uint8_t v4[] = { 4, 0, 0, 0, 6, 4 };
	CHECK_EQ_U(bmp_frame(v4, 6, &len, &why), BMP_OK);
	const uint8_t v5[] = { 5, 0, 0, 0, 6, 4 };
	CHECK_EQ_U(bmp_frame(v5, 6, &len, &why), BMP_MALFORMED);
	const uint8_t shortlen[] = { 3, 0, 0, 0, 5, 4 };
	CHECK_EQ_U(bmp_frame(shortlen, 6, &len, &why), BMP_MALFORMED);
	const uint8_t huge[] = { 3, 0, 0x10, 0, 1, 0 };
	CHECK_EQ_U(bmp_frame(huge, 6, &len, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.1: message length over the 1 MiB cap (BMP_MAX_MSG_LEN)");
}

void test_bmp_initiation_termination(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	start(&m, BMP_INITIATION);
	put16(&m, 1), put16(&m, 3), putn(&m, "FRR", 3);
	put16(&m, 2), put16(&m, 2), putn(&m, "r1", 2);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.type, BMP_INITIATION);
	CHECK(!d.has_peer);
	CHECK_EQ_U(d.ntlv, 2);
	CHECK_EQ_U(d.tlv[1].type, 2);
	CHECK(d.tlv[1].len == 2 && !memcmp(d.tlv[1].val, "r1", 2));

	start(&m, BMP_TERMINATION);
	put16(&m, 0), put16(&m, 4), putn(&m, "bye!", 4);
	put16(&m, 1), put16(&m, 2), put16(&m, 3);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK(d.has_term_reason);
	CHECK_EQ_U(d.term_reason, 3);
	CHECK_EQ_U(d.ntlv, 2);

	/* A Reason TLV of 3 bytes is malformed. */
	start(&m, BMP_TERMINATION);
	put16(&m, 1), put16(&m, 3), put16(&m, 3), put8(&m, 0);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.5: Reason TLV value is not 2 bytes");
}

void test_bmp_peer_up_caps(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	peer_up(&m, 0, 4200000001u, 65000, 1, 2);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.type, BMP_PEER_UP);
	CHECK_EQ_U(d.peer.as, 4200000001u);
	CHECK_EQ_U(d.peer.ts_sec, 1700000000);
	CHECK_EQ_U(d.peer.ts_usec, 5);
	char ip[IP_STRLEN];
	ip_fmt(&d.peer.addr, ip);
	CHECK_STR(ip, "192.0.2.1");
	ip_fmt(&d.local_addr, ip);
	CHECK_STR(ip, "192.0.2.254");
	CHECK_EQ_U(d.local_port, 179);
	CHECK_EQ_U(d.remote_port, 40000);
	CHECK(d.sent.as4);
	CHECK_EQ_U(bgp_open_asn(&d.sent), 65000);
	CHECK_EQ_U(d.recv.my_as, 23456);
	CHECK_EQ_U(bgp_open_asn(&d.recv), 4200000001u);
	CHECK_EQ_U(d.recv.nmp, 1);
	CHECK_EQ_U(bgp_open_addpath(&d.recv, 1, 1), 2);
	CHECK(bgp_open_addpath_on(&d.recv, &d.sent, 1, 1));
	CHECK(!bgp_open_addpath_on(&d.sent, &d.recv, 1, 1));
	CHECK(!bgp_open_addpath_on(&d.recv, &d.sent, 2, 1));
	CHECK_EQ_U(d.ntlv, 1);
	CHECK_EQ_U(d.tlv[0].len, 5);

	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	bmp_session_init(&s);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, collect, &c, &why), BMP_OK);
	CHECK_STR(text(&c), "BGP4MP_ET|1700000000.000005|STATE|192.0.2.1|4200000001|1|6\n");
	CHECK(s.rec_valid);
	CHECK_EQ_U(s.rec.subtype, MRT_BGP4MP_STATE_CHANGE_AS4);
	CHECK_EQ_U(s.rec.len, 4 + 4 + 2 + 2 + 4 + 4 + 4);
	CHECK_EQ_U(bmp_session_peers_up(&s), 1);
	bmp_session_free(&s);
	wbuf_free(&c.out);
}

/* Route Monitoring from 192.0.2.1 announcing 198.51.100.0/24 (path id
 * pid when addpath) with AS_PATH [asn] in 2- or 4-octet form. */
static void route_mon(struct msg *m, uint8_t flags, uint32_t peer_as, bool addpath, uint32_t pid, int asn_size,
		      uint32_t asn)
{
	start(m, BMP_ROUTE_MONITORING);
	peer_hdr(m, 0, flags, peer_as, 1700000100, 250000);
	size_t at = m->n;
	marker(m);
	put16(m, 0);
	put8(m, 2);
	put16(m, 0);                         /* no withdrawals */
	put16(m, (uint16_t)(4 + 5 + asn_size + 7));
	put8(m, 0x40), put8(m, 1), put8(m, 1), put8(m, 0);
	put8(m, 0x40), put8(m, 2), put8(m, (uint8_t)(2 + asn_size)), put8(m, 2), put8(m, 1);
	if (asn_size == 4)
		put32(m, asn);
	else
		put16(m, (uint16_t)asn);
	put8(m, 0x40), put8(m, 3), put8(m, 4), put8(m, 192), put8(m, 0), put8(m, 2), put8(m, 1);
	if (addpath)
		put32(m, pid);
	put8(m, 24), put8(m, 198), put8(m, 51), put8(m, 100);
	uint16_t len = (uint16_t)(m->n - at);
	m->b[at + 16] = (uint8_t)(len >> 8);
	m->b[at + 17] = (uint8_t)len;
	finish(m);
}

void test_bmp_route_monitoring_addpath_as4(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	bmp_session_init(&s);
	/* The monitored router receives path ids (Receive), the peer sends them. */
	peer_up(&m, 0, 4200000001u, 65000, 1, 2);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	bmp_session_apply(&s, &d, 1, collect, &c, &why);
	c.out.len = 0;
	c.n = 0;
	route_mon(&m, 0, 4200000001u, true, 7, 4, 4200000001u);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.bgp.len, m.n - 6 - 42);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, collect, &c, &why), BMP_OK);
	CHECK_EQ_U(c.n, 1);
	CHECK_EQ_U(c.path_id[0], 7);
	CHECK_EQ_U(c.origin[0], 4200000001u);
	CHECK_STR(text(&c), "BGP4MP_ET_AP|1700000100.250000|A|192.0.2.1|4200000001|198.51.100.0/24|7|4200000001|"
			    "IGP|192.0.2.1|0|0||NAG||\n");
	CHECK_EQ_U(s.rec.subtype, MRT_BGP4MP_MESSAGE_AS4_ADDPATH);
	CHECK_EQ_U(s.rec.ts, 1700000100);
	CHECK_EQ_U(s.rec.usec, 250000);
	CHECK_EQ_U(s.addpath_guesses, 0);
	bmp_session_free(&s);
	wbuf_free(&c.out);
}

void test_bmp_route_monitoring_as2_flag(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	bmp_session_init(&s);
	/* A flag: 2-octet AS_PATH; no Peer Up seen; peer AS over 65535 in the
	 * per-peer header stays the element's peer AS. Timestamp zero: now. */
	route_mon(&m, 0x20, 4200000002u, false, 0, 2, 64500);
	memset(m.b + 6 + 34, 0, 8);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.peer.flags, 0x20);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1800000000, collect, &c, &why), BMP_OK);
	CHECK_EQ_U(c.n, 1);
	CHECK_EQ_U(c.peer_as[0], 4200000002u);
	CHECK_EQ_U(c.origin[0], 64500);
	CHECK_EQ_U(s.rec.subtype, MRT_BGP4MP_MESSAGE);
	CHECK_EQ_U(s.rec.ts, 1800000000);
	CHECK_EQ_U(s.unknown_peer, 1);
	/* The same bytes without the A flag read the path as 4-octet: the
	 * 4-byte segment holds half an ASN, and RFC 7606 applies. */
	c.n = 0;
	route_mon(&m, 0, 65001, false, 0, 2, 64500);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	bmp_session_apply(&s, &d, 1, collect, &c, &why);
	CHECK_EQ_U(s.treat_as_withdraw, 1);
	bmp_session_free(&s);
	wbuf_free(&c.out);
}

void test_bmp_peer_down(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	start(&m, BMP_PEER_DOWN);
	peer_hdr(&m, 1, 0x80, 65010, 1700000200, 0);
	put8(&m, 2);
	put16(&m, 24);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.peer.type, BMP_PEER_RD);
	CHECK_EQ_U(d.peer.distinguisher[7], 8);
	char ip[IP_STRLEN];
	ip_fmt(&d.peer.addr, ip);
	CHECK_STR(ip, "2001:db8::1");
	CHECK_EQ_U(d.down_reason, 2);
	CHECK_EQ_U(d.down_fsm_event, 24);

	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	bmp_session_init(&s);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, collect, &c, &why), BMP_OK);
	CHECK_STR(text(&c), "BGP4MP_ET|1700000200.000000|STATE|2001:db8::1|65010|6|1\n");
	bmp_session_free(&s);
	wbuf_free(&c.out);

	/* Reason 3 with a NOTIFICATION (Cease, administrative shutdown). */
	start(&m, BMP_PEER_DOWN);
	peer_hdr(&m, 0, 0, 65010, 1, 0);
	put8(&m, 3);
	marker(&m);
	put16(&m, 21), put8(&m, 3), put8(&m, 6), put8(&m, 2);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.down_data.len, 21);
	/* Reason 4 carries no data. */
	start(&m, BMP_PEER_DOWN);
	peer_hdr(&m, 0, 0, 65010, 1, 0);
	put8(&m, 4);
	put8(&m, 0);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.9: data after a reason that carries none");
}

void test_bmp_stats(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	start(&m, BMP_STATISTICS);
	peer_hdr(&m, 0, 0, 65020, 1, 0);
	put32(&m, 3);
	put16(&m, 0), put16(&m, 4), put32(&m, 17);
	put16(&m, 7), put16(&m, 8), put32(&m, 1), put32(&m, 2);
	put16(&m, 9), put16(&m, 11), put16(&m, 2), put8(&m, 1), put32(&m, 0), put32(&m, 900000);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.stats_count, 3);
	CHECK_EQ_U(d.nstats, 3);
	CHECK_EQ_U(d.stats[0].value, 17);
	CHECK_EQ_U(d.stats[1].value, (1ull << 32) + 2);
	CHECK(d.stats[2].has_af);
	CHECK_EQ_U(d.stats[2].afi, 2);
	CHECK_EQ_U(d.stats[2].value, 900000);
	CHECK_STR(bmp_stat_name(d.stats[2].type), "adj-rib-in-routes-af");
	/* A count larger than the TLVs present. */
	m.b[6 + 42 + 3] = 4;
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.8: statistics TLV overruns the message");
}

void test_bmp_mirroring(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	start(&m, BMP_ROUTE_MIRRORING);
	peer_hdr(&m, 0, 0, 65030, 1, 0);
	put16(&m, 1), put16(&m, 2), put16(&m, 1);
	put16(&m, 0), put16(&m, 19), marker(&m), put16(&m, 19), put8(&m, 4);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK(d.has_mirror_info);
	CHECK_EQ_U(d.mirror_info, 1);
	CHECK(d.has_mirror_msg);
	CHECK_EQ_U(d.mirror_msg.len, 19);
	CHECK_EQ_U(d.mirror_msg.p[18], 4);
}

void test_bmp_malformed(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	/* Per-peer header cut short. */
	start(&m, BMP_ROUTE_MONITORING);
	for (int i = 0; i < 41; i++)
		put8(&m, 0);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.2: message shorter than its per-peer header");
	/* The UPDATE's length overruns the message. */
	route_mon(&m, 0, 65001, false, 0, 4, 65001);
	m.b[6 + 42 + 17] += 1;
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.6: the BGP message is missing, has a bad marker or overruns");
	/* Length field differs from the bytes given. */
	route_mon(&m, 0, 65001, false, 0, 4, 65001);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n - 1, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.1: message length differs from the bytes framed");
	/* Type 7 is not defined. */
	start(&m, 7);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_UNSUPPORTED);
	/* An UPDATE whose attributes overrun: the session refuses it, nothing emitted. */
	route_mon(&m, 0, 65001, false, 0, 4, 65001);
	m.b[6 + 42 + 19 + 3] = 200;  /* Total Path Attribute Length */
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 64);
	bmp_session_init(&s);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, collect, &c, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 4271 section 4.3: Total Path Attribute Length overruns the UPDATE");
	CHECK_EQ_U(c.n, 0);
	CHECK(!s.rec_valid);
	bmp_session_free(&s);
	wbuf_free(&c.out);
}

void test_bmp_session_end(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	bmp_session_init(&s);
	peer_up(&m, 0, 65001, 65000, 0, 0);
	bmp_decode(&d, m.b, m.n, &why);
	bmp_session_apply(&s, &d, 1, collect, &c, &why);
	peer_up(&m, 0x80, 65002, 65000, 0, 0);
	bmp_decode(&d, m.b, m.n, &why);
	bmp_session_apply(&s, &d, 1, collect, &c, &why);
	CHECK_EQ_U(bmp_session_peers_up(&s), 2);
	c.out.len = 0;
	bmp_session_end(&s, 1750000000, collect, &c);
	CHECK_STR(text(&c), "BGP4MP_ET|1750000000.000000|STATE|192.0.2.1|65001|6|1\n"
			    "BGP4MP_ET|1750000000.000000|STATE|2001:db8::1|65002|6|1\n");
	CHECK_EQ_U(bmp_session_peers_up(&s), 0);
	bmp_session_free(&s);
	wbuf_free(&c.out);
}

void test_bgp_open_extended(void)
{
	/* RFC 9072: Non-Ext OP Len 255, Non-Ext OP Type 255, 2-octet length,
	 * parameters with 2-octet lengths; one 4-octet AS capability. */
	struct msg m;
	m.n = 0;
	marker(&m);
	put16(&m, 0), put8(&m, 1);
	put8(&m, 4), put16(&m, 23456), put16(&m, 180), put32(&m, 0x0a000001);
	put8(&m, 255), put8(&m, 255), put16(&m, 9);
	put8(&m, 2), put16(&m, 6), put8(&m, 65), put8(&m, 4), put32(&m, 400000);
	m.b[17] = (uint8_t)m.n;
	struct bgp_open o;
	const char *why = NULL;
	CHECK_EQ_U(bgp_open_decode(&o, rbuf_make(m.b, m.n), &why), BGP_OK);
	CHECK(o.extended_params);
	CHECK_EQ_U(bgp_open_asn(&o), 400000);
	CHECK_EQ_U(o.hold_time, 180);
	/* A capability overrunning its parameter. */
	m.b[m.n - 5] = 9;
	CHECK_EQ_U(bgp_open_decode(&o, rbuf_make(m.b, m.n), &why), BGP_MALFORMED);
	CHECK_STR(why, "RFC 5492 section 4: capability overruns its optional parameter");
}

struct pcap_seen {
	int n;
	uint64_t frames[4];
	size_t lens[4];
};

static void pcap_cb(void *ctx, uint64_t frame, const struct bmp_flow *f, const uint8_t *msg, size_t len)
{
	struct pcap_seen *s = ctx;
	(void)f;
	(void)msg;
	if (s->n < 4) {
		s->frames[s->n] = frame;
		s->lens[s->n] = len;
	}
	s->n++;
}

/* Appends a frame: Ethernet, IPv4, TCP 10.0.0.1:5000 -> 10.0.0.2:1790. */
static void pcap_frame(struct msg *f, uint32_t seq, const uint8_t *data, size_t len)
{
	size_t caplen = 14 + 20 + 20 + len;
	uint8_t rec[16] = { 0 };
	rec[8] = (uint8_t)caplen, rec[9] = (uint8_t)(caplen >> 8);
	rec[12] = (uint8_t)caplen, rec[13] = (uint8_t)(caplen >> 8);
	putn(f, rec, 16);
	for (int i = 0; i < 12; i++)
		put8(f, 0);
	put16(f, 0x0800);
	put8(f, 0x45), put8(f, 0), put16(f, (uint16_t)(40 + len)), put32(f, 0), put8(f, 64), put8(f, 6),
		put16(f, 0);
	put8(f, 10), put8(f, 0), put8(f, 0), put8(f, 1), put8(f, 10), put8(f, 0), put8(f, 0), put8(f, 2);
	put16(f, 5000), put16(f, 1790), put32(f, seq), put32(f, 0), put8(f, 0x50), put8(f, 0x18), put16(f, 1000),
		put32(f, 0);
	putn(f, data, len);
}

void test_bmp_pcap(void)
{
	/* Two BMP messages (Initiation, 10 and 6 bytes) split across three
	 * segments, the last two out of order. */
	const uint8_t stream[] = { 3, 0, 0, 0, 10, 4, 0, 0, 0, 0, 3, 0, 0, 0, 6, 5 };
	static struct msg f;
	f.n = 0;
	const uint8_t hdr[24] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0 };
	putn(&f, hdr, 24);
	pcap_frame(&f, 100, stream, 4);
	pcap_frame(&f, 112, stream + 12, 4);
	pcap_frame(&f, 104, stream + 4, 8);
	struct pcap_seen s = { 0 };
	struct bmp_pcap_stats st;
	const char *why = NULL;
	CHECK_EQ_U(bmp_pcap_read(f.b, f.n, NULL, 0, pcap_cb, NULL, &s, &st, &why), 0);
	CHECK_EQ_U(s.n, 2);
	CHECK_EQ_U(s.frames[0], 3);
	CHECK_EQ_U(s.lens[0], 10);
	CHECK_EQ_U(s.frames[1], 3);
	CHECK_EQ_U(s.lens[1], 6);
	CHECK_EQ_U(st.frames, 3);
	CHECK_EQ_U(st.gaps, 0);
	f.b[0] = 0x0a;
	CHECK_EQ_U(bmp_pcap_read(f.b, f.n, NULL, 0, pcap_cb, NULL, &s, &st, &why), -1);
	CHECK_STR(why, "not a pcap file (bad magic number)");
}

struct rib_sink {
	struct mrt_ribtab *t;
};

static void to_ribtab(const struct mrt_elem *e, const struct bmp_peer_hdr *ph, void *ctx)
{
	(void)ph;
	mrt_ribtab_elem(((struct rib_sink *)ctx)->t, e);
}

static void fmt_elem(const struct mrt_elem *e, void *ctx)
{
	struct elems *c = ctx;
	c->n++;
	mrt_fmt_elem(&c->out, MRT_FMT_BGPDUMP_M, e);
}

/* Decodes every MRT record in w, formatting elements as bgpdump -m. */
static void decode_records(const struct wbuf *w, struct elems *c)
{
	struct mrt_decoder dec;
	mrt_decoder_init(&dec);
	size_t off = 0;
	while (off + 12 <= w->len) {
		const uint8_t *p = (const uint8_t *)w->p + off;
		struct mrt_record rec;
		memset(&rec, 0, sizeof rec);
		rec.ts = be32(p);
		rec.type = be16(p + 4);
		rec.subtype = be16(p + 6);
		rec.len = be32(p + 8);
		rec.body = p + 12;
		if (rec.type == MRT_BGP4MP_ET) {
			rec.usec = be32(p + 12);
			rec.body += 4;
			rec.len -= 4;
		}
		const char *why;
		mrt_decode(&dec, &rec, fmt_elem, c, &why);
		off += 12 + (size_t)be32(p + 8);
	}
	mrt_decoder_free(&dec);
}

void test_mrt_write_ribtab(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	struct bmp_session s;
	struct rib_sink rs = { mrt_ribtab_new() };
	bmp_session_init(&s);
	/* A 2-octet session (A flag) announcing 198.51.100.0/24 with path
	 * 64500: the dump holds it with a 4-octet AS_PATH. */
	route_mon(&m, 0x20, 65001, false, 0, 2, 64500);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, to_ribtab, &rs, &why), BMP_OK);
	CHECK_EQ_U(mrt_ribtab_routes(rs.t), 1);
	CHECK_EQ_U(mrt_ribtab_attr_sets(rs.t), 1);
	/* The record as written to an update file reads back the same. */
	struct wbuf w;
	wbuf_init(&w, 1024);
	mrt_write_record(&w, &s.rec);
	CHECK_EQ_U(w.len, 12 + 4 + s.rec.len);
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	decode_records(&w, &c);
	CHECK_STR(text(&c), "BGP4MP_ET|1700000100.250000|A|192.0.2.1|65001|198.51.100.0/24|64500|IGP|192.0.2.1|0|0||NAG||\n");
	/* The dump: PEER_INDEX_TABLE and one RIB_IPV4_UNICAST entry. */
	w.len = 0;
	c.out.len = 0;
	c.n = 0;
	const uint8_t id[4] = { 10, 0, 0, 9 };
	mrt_ribtab_dump(rs.t, &w, 1700000200, id);
	decode_records(&w, &c);
	CHECK_EQ_U(c.n, 1);
	CHECK_STR(text(&c), "TABLE_DUMP2|1700000200|B|192.0.2.1|65001|198.51.100.0/24|64500|IGP|192.0.2.1|0|0||NAG||\n");
	/* A withdrawal empties the table; the attribute set goes with it. */
	start(&m, BMP_ROUTE_MONITORING);
	peer_hdr(&m, 0, 0x20, 65001, 1700000300, 0);
	marker(&m);
	put16(&m, 27), put8(&m, 2), put16(&m, 4), put8(&m, 24), put8(&m, 198), put8(&m, 51), put8(&m, 100), put16(&m, 0);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, to_ribtab, &rs, &why), BMP_OK);
	CHECK_EQ_U(mrt_ribtab_routes(rs.t), 0);
	CHECK_EQ_U(mrt_ribtab_attr_sets(rs.t), 0);
	wbuf_free(&c.out);
	wbuf_free(&w);
	mrt_ribtab_free(rs.t);
	bmp_session_free(&s);
}

/* ---- Version 4 (draft-ietf-grow-bmp-tlv-20) ------------------------------ */

/* A TLV: type (with the E bit if pen), length, index if indexed, the
 * enterprise number if pen, the value. */
static void tlv4(struct msg *m, uint16_t type, bool indexed, uint16_t index, uint32_t pen, const void *val, uint16_t n)
{
	put16(m, (uint16_t)(type | (pen ? 0x8000 : 0)));
	put16(m, (uint16_t)(n + (pen ? 4 : 0)));
	if (indexed)
		put16(m, index);
	if (pen)
		put32(m, pen);
	putn(m, val, n);
}

/* The version 4 form of a version 3 Route Monitoring v3 (its per-peer
 * header kept, its UPDATE in a BGP Message TLV after the TLVs of pre,
 * pre_n bytes already encoded). */
static void to_v4(struct msg *out, const struct msg *v3, const struct msg *pre)
{
	out->n = 0;
	put8(out, 4);
	put32(out, 0);
	put8(out, BMP_ROUTE_MONITORING);
	putn(out, v3->b + 6, 42);
	putn(out, pre->b, pre->n);
	tlv4(out, BMP_V4_BGP_MESSAGE, true, 0, 0, v3->b + 48, (uint16_t)(v3->n - 48));
	finish(out);
}

void test_bmp_v4_route_monitoring(void)
{
	struct msg v3, pre, m;
	static struct bmp_msg d;
	const char *why = NULL;
	route_mon(&v3, 0, 65001, false, 0, 4, 64500);
	pre.n = 0;
	const uint8_t group[] = { 0, 1, 0, 1 };
	tlv4(&pre, BMP_V4_GROUP, true, 0x8001, 0, group, 4);
	const uint8_t seq[] = { 0, 0, 0, 0, 0, 0, 0, 42 };
	tlv4(&pre, BMP_V4_SEQUENCE, true, 0, 0, seq, 8);
	const uint8_t ts[] = { 1, 0x65, 0x53, 0xf1, 0x00, 0, 0, 0, 7 };
	tlv4(&pre, BMP_V4_TIMESTAMP, true, 0, 0, ts, 9);
	tlv4(&pre, BMP_V4_VRF_NAME, true, 0, 0, "blue", 4);
	const uint8_t as4cap[] = { 65, 4, 0xfa, 0x56, 0xea, 0x01 };
	tlv4(&pre, BMP_V4_STATELESS, true, 0, 0, as4cap, 6);
	tlv4(&pre, 1, true, 0, 2636, "jj", 2);
	tlv4(&pre, 99, true, 1, 0, "x", 1);
	to_v4(&m, &v3, &pre);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.version, 4);
	CHECK_EQ_U(d.nv4, 8);
	CHECK_EQ_U(d.nv4_total, 8);
	CHECK_EQ_U(d.v4[0].type, BMP_V4_GROUP);
	CHECK_EQ_U(d.v4[0].index, 0x8001);
	CHECK_EQ_U(d.ngroups, 1);
	CHECK(d.has_seq);
	CHECK_EQ_U(d.seq, 42);
	CHECK(d.has_tstamp);
	CHECK_EQ_U(d.tstamp_type, 1);
	CHECK_EQ_U(d.tstamp_sec, 0x6553f100u);
	CHECK_EQ_U(d.tstamp_usec, 7);
	CHECK(d.has_vrf_name && d.vrf_name.len == 4 && !memcmp(d.vrf_name.p, "blue", 4));
	CHECK_EQ_U(d.nstateless, 1);
	CHECK(d.v4[5].enterprise);
	CHECK_EQ_U(d.v4[5].pen, 2636);
	CHECK_EQ_U(d.v4[5].len, 2);
	CHECK_EQ_U(d.v4[6].type, 99);
	CHECK_EQ_U(d.v4[6].index, 1);
	CHECK_EQ_U(d.v4_ignored, 1);
	CHECK_EQ_U(d.bgp.len, v3.n - 48);
	CHECK(!memcmp(d.bgp.p, v3.b + 48, d.bgp.len));

	/* The same route elements as the version 3 message. */
	struct bmp_session s;
	struct elems c3 = { 0 }, c4 = { 0 };
	wbuf_init(&c3.out, 256);
	wbuf_init(&c4.out, 256);
	bmp_session_init(&s);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, collect, &c4, &why), BMP_OK);
	CHECK_STR(s.last_warning, "draft-ietf-grow-bmp-tlv section 6: TLVs not understood (or enterprise TLVs) ignored");
	static struct bmp_msg d3;
	CHECK_EQ_U(bmp_decode(&d3, v3.b, v3.n, &why), BMP_OK);
	CHECK_EQ_U(d3.nv4, 0);
	CHECK_EQ_U(bmp_session_apply(&s, &d3, 1, collect, &c3, &why), BMP_OK);
	CHECK_EQ_U(c4.n, 1);
	CHECK_STR(text(&c4), text(&c3));
	CHECK_STR(text(&c4), "BGP4MP_ET|1700000100.250000|A|192.0.2.1|65001|198.51.100.0/24|64500|IGP|192.0.2.1|0|0||NAG||\n");
	bmp_session_free(&s);
	wbuf_free(&c3.out);
	wbuf_free(&c4.out);
}

void test_bmp_v4_stateless_parsing(void)
{
	struct msg v3, pre, m;
	static struct bmp_msg d;
	const char *why = NULL;
	bool as4 = true;
	/* ADD-PATH Send/Receive for IPv4 unicast in a Stateless Parsing TLV:
	 * the path id decodes without any Peer Up (section 5.2.3). */
	route_mon(&v3, 0, 65001, true, 9, 4, 64500);
	pre.n = 0;
	const uint8_t ap[] = { 69, 4, 0, 1, 1, 3 };
	tlv4(&pre, BMP_V4_STATELESS, true, 0, 0, ap, 6);
	to_v4(&m, &v3, &pre);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(bmp_v4_addpath(&d, 1, 1, &as4), 1);
	CHECK(!as4);
	CHECK_EQ_U(bmp_v4_addpath(&d, 2, 1, &as4), 0);
	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	bmp_session_init(&s);
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1, collect, &c, &why), BMP_OK);
	CHECK_EQ_U(c.n, 1);
	CHECK_EQ_U(c.path_id[0], 9);
	CHECK_EQ_U(s.rec.subtype, MRT_BGP4MP_MESSAGE_AS4_ADDPATH);
	CHECK_EQ_U(s.addpath_guesses, 0);
	CHECK(s.last_warning == NULL);
	/* Version 3: no TLVs, the OPENs decide. */
	static struct bmp_msg d3;
	CHECK_EQ_U(bmp_decode(&d3, v3.b, v3.n, &why), BMP_OK);
	CHECK_EQ_U(bmp_v4_addpath(&d3, 1, 1, &as4), -1);
	/* A malformed capability (its length byte disagrees) is ignored. */
	pre.n = 0;
	const uint8_t bad[] = { 69, 5, 0, 1, 1, 3 };
	tlv4(&pre, BMP_V4_STATELESS, true, 0, 0, bad, 6);
	to_v4(&m, &v3, &pre);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.nstateless, 0);
	CHECK_EQ_U(d.v4_ignored, 1);
	CHECK_EQ_U(bmp_v4_addpath(&d, 1, 1, &as4), -1);
	bmp_session_free(&s);
	wbuf_free(&c.out);
}

void test_bmp_v4_malformed(void)
{
	struct msg v3, pre, m;
	static struct bmp_msg d;
	const char *why = NULL;
	route_mon(&v3, 0, 65001, false, 0, 4, 64500);
	/* No BGP Message TLV. */
	m.n = 0;
	put8(&m, 4), put32(&m, 0), put8(&m, 0);
	putn(&m, v3.b + 6, 42);
	tlv4(&m, BMP_V4_VRF_NAME, true, 0, 0, "red", 3);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 5.2: Route Monitoring without its BGP Message TLV");
	/* Two BGP Message TLVs. */
	pre.n = 0;
	tlv4(&pre, BMP_V4_BGP_MESSAGE, true, 0, 0, v3.b + 48, (uint16_t)(v3.n - 48));
	to_v4(&m, &v3, &pre);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 5.2: more than one BGP Message TLV");
	/* Its index must be 0. */
	pre.n = 0;
	to_v4(&m, &v3, &pre);
	m.b[48 + 5] = 1;
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 5.2: BGP Message TLV index is not 0");
	/* A KEEPALIVE inside. */
	const uint8_t ka[19] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				 0xff, 0xff, 0xff, 0xff, 0, 19, 4 };
	m.n = 0;
	put8(&m, 4), put32(&m, 0), put8(&m, 0);
	putn(&m, v3.b + 6, 42);
	tlv4(&m, BMP_V4_BGP_MESSAGE, true, 0, 0, ka, 19);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 5.2: BGP Message TLV carries a message that is not an UPDATE");
	/* The UPDATE one byte longer than its TLV. */
	m.n = 0;
	put8(&m, 4), put32(&m, 0), put8(&m, 0);
	putn(&m, v3.b + 6, 42);
	tlv4(&m, BMP_V4_BGP_MESSAGE, true, 0, 0, v3.b + 48, (uint16_t)(v3.n - 48 - 1));
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 5.2: BGP Message TLV is not one whole BGP message");
	/* A TLV length past the message's end. */
	pre.n = 0;
	to_v4(&m, &v3, &pre);
	m.b[48 + 3] = (uint8_t)(m.b[48 + 3] + 1);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 4: TLV overruns the message");
	/* An enterprise TLV too short for its Enterprise number. */
	pre.n = 0;
	put16(&pre, 0x8005), put16(&pre, 2), put16(&pre, 0), put16(&pre, 7);
	to_v4(&m, &v3, &pre);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 4.2: enterprise TLV shorter than its Enterprise number");
	/* Known TLVs of the wrong form are ignored, not fatal: a group
	 * without the G bit, a zero timestamp, a sequence of 4 bytes. */
	pre.n = 0;
	const uint8_t group[] = { 0, 1, 0, 2 };
	tlv4(&pre, BMP_V4_GROUP, true, 1, 0, group, 4);
	const uint8_t ts0[9] = { 0 };
	tlv4(&pre, BMP_V4_TIMESTAMP, true, 0, 0, ts0, 9);
	tlv4(&pre, BMP_V4_SEQUENCE, true, 0, 0, "abcd", 4);
	to_v4(&m, &v3, &pre);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.v4_ignored, 3);
	CHECK(!d.has_tstamp && !d.has_seq);
	CHECK_EQ_U(d.ngroups, 0);
	/* Version 5 is not decoded. */
	m.b[0] = 5;
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_UNSUPPORTED);
}

void test_bmp_v4_stats_peer_down(void)
{
	struct msg m;
	static struct bmp_msg d;
	const char *why = NULL;
	/* Statistics: the count and stats in a Stats TLV, then a sequence. */
	m.n = 0;
	put8(&m, 4), put32(&m, 0), put8(&m, BMP_STATISTICS);
	peer_hdr(&m, 0, 0, 65020, 1, 0);
	put16(&m, BMP_V4_STATS), put16(&m, 4 + 8);
	put32(&m, 1);
	put16(&m, 7), put16(&m, 4), put32(&m, 5);
	put16(&m, BMP_V4_SEQUENCE), put16(&m, 8), put32(&m, 0), put32(&m, 9);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.stats_count, 1);
	CHECK_EQ_U(d.nstats, 1);
	CHECK_EQ_U(d.stats[0].type, 7);
	CHECK_EQ_U(d.stats[0].value, 5);
	CHECK(d.has_seq);
	CHECK_EQ_U(d.seq, 9);
	CHECK_EQ_U(d.nv4, 2);
	CHECK(!d.v4[0].indexed);
	/* Without its Stats TLV. */
	m.n = 0;
	put8(&m, 4), put32(&m, 0), put8(&m, BMP_STATISTICS);
	peer_hdr(&m, 0, 0, 65020, 1, 0);
	put16(&m, BMP_V4_TIMESTAMP), put16(&m, 9), put8(&m, 0), put32(&m, 1700000300), put32(&m, 0);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "draft-ietf-grow-bmp-tlv section 5.4: Statistics Report without its Stats TLV");
	/* Peer Down, reason 4, with a Timestamp TLV (version 3 allows no
	 * data after reason 4): the session's STATE element takes its time
	 * when the per-peer header says zero. */
	m.n = 0;
	put8(&m, 4), put32(&m, 0), put8(&m, BMP_PEER_DOWN);
	peer_hdr(&m, 0, 0, 65020, 0, 0);
	put8(&m, 4);
	put16(&m, BMP_V4_TIMESTAMP), put16(&m, 9), put8(&m, 0), put32(&m, 1700000300), put32(&m, 0);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.down_reason, 4);
	CHECK(d.has_tstamp);
	CHECK_EQ_U(d.tstamp_sec, 1700000300);
	struct bmp_session s;
	struct elems c = { 0 };
	wbuf_init(&c.out, 256);
	bmp_session_init(&s);
	struct msg up;
	peer_up(&up, 0, 65020, 65000, 0, 0);
	static struct bmp_msg du;
	CHECK_EQ_U(bmp_decode(&du, up.b, up.n, &why), BMP_OK);
	bmp_session_apply(&s, &du, 1, collect, &c, &why);
	c.out.len = 0;
	CHECK_EQ_U(bmp_session_apply(&s, &d, 1800000000, collect, &c, &why), BMP_OK);
	CHECK_STR(text(&c), "BGP4MP_ET|1700000300.000000|STATE|192.0.2.1|65020|6|1\n");
	bmp_session_free(&s);
	wbuf_free(&c.out);
	m.b[0] = 3;
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_MALFORMED);
	CHECK_STR(why, "RFC 7854 section 4.9: data after a reason that carries none");
	/* Reason 2: the FSM event code, then a sequence. */
	m.n = 0;
	put8(&m, 4), put32(&m, 0), put8(&m, BMP_PEER_DOWN);
	peer_hdr(&m, 0, 0, 65020, 1, 0);
	put8(&m, 2), put16(&m, 24);
	put16(&m, BMP_V4_SEQUENCE), put16(&m, 8), put32(&m, 1), put32(&m, 0);
	finish(&m);
	CHECK_EQ_U(bmp_decode(&d, m.b, m.n, &why), BMP_OK);
	CHECK_EQ_U(d.down_fsm_event, 24);
	CHECK_EQ_U(d.seq, 1ull << 32);
}
