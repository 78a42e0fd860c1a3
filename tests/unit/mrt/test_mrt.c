/* Unit tests for src/mrt: record decoding on crafted records, compressed input, formatting. */
#include "test.h"
#include "lib/wbuf.h"
#include "mrt/mrt.h"
#include "mrt/mrt_format.h"

#include <stdlib.h>
#include <unistd.h>

struct collect {
	struct wbuf out;
	enum mrt_fmt_style style;
	int n;
};

static void collect_cb(const struct mrt_elem *e, void *ctx)
{
	struct collect *c = ctx;
	c->n++;
	mrt_fmt_elem(&c->out, c->style, e);
}

static struct mrt_record rec_of(uint16_t type, uint16_t subtype, const uint8_t *body, size_t len)
{
	struct mrt_record r;
	memset(&r, 0, sizeof r);
	r.ts = 1000000000;
	r.type = type;
	r.subtype = subtype;
	r.body = body;
	r.len = (uint32_t)len;
	return r;
}

static const char *decode_all(struct mrt_decoder *d, struct collect *c, const struct mrt_record *r,
			      enum mrt_status *st)
{
	const char *why = NULL;
	c->out.len = 0;
	c->n = 0;
	*st = mrt_decode(d, r, collect_cb, c, &why);
	wbuf_putc(&c->out, 0);
	return why;
}

void test_mrt_bgp4mp_update(void)
{
	/* BGP4MP_MESSAGE_AS4 from 10.0.0.1 AS 65001: withdraw 192.0.2.0/24,
	 * announce 198.51.100.0/24 and (MP_REACH) 2001:db8::/32. */
	const uint8_t body[] = {
		0, 0, 0xfd, 0xe9, 0, 0, 0x31, 0x38, 0, 0, 0, 1, 10, 0, 0, 1, 10, 0, 0, 2,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0, 87, 2,
		0, 4, 24, 192, 0, 2,
		0, 56,
		0x40, 1, 1, 2,
		0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe9,
		0x40, 3, 4, 10, 0, 0, 1,
		0x40, 5, 4, 0, 0, 0, 100,
		0x80, 14, 26, 0, 2, 1, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
		32, 0x20, 0x01, 0x0d, 0xb8,
		24, 198, 51, 100,
	};
	struct mrt_decoder d;
	struct collect c = { .style = MRT_FMT_BGPDUMP_M };
	enum mrt_status st;
	mrt_decoder_init(&d);
	wbuf_init(&c.out, 256);
	struct mrt_record r = rec_of(MRT_BGP4MP, MRT_BGP4MP_MESSAGE_AS4, body, sizeof body);
	const char *why = decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_OK);
	if (st != MRT_OK)
		fprintf(stderr, "  reason: %s\n", why);
	CHECK_EQ_U(c.n, 3);
	CHECK_STR(c.out.p,
		  "BGP4MP|1000000000|W|10.0.0.1|65001|192.0.2.0/24\n"
		  "BGP4MP|1000000000|A|10.0.0.1|65001|198.51.100.0/24|65001|INCOMPLETE|10.0.0.1|100|0||NAG||\n"
		  "BGP4MP|1000000000|A|10.0.0.1|65001|2001:db8::/32|65001|INCOMPLETE|2001:db8::1|100|0||NAG||\n");
	/* The same record with the UPDATE cut one byte short inside the NLRI:
	 * nothing may be emitted (RFC 4271 section 4.3). */
	uint8_t cut[sizeof body];
	memcpy(cut, body, sizeof body);
	cut[37] = 86; /* BGP length one less than the record holds: last prefix loses a byte */
	r = rec_of(MRT_BGP4MP, MRT_BGP4MP_MESSAGE_AS4, cut, sizeof cut - 1);
	why = decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_MALFORMED);
	CHECK_EQ_U(c.n, 0);
	CHECK_STR(why, "RFC 4271 section 4.3: malformed prefix in NLRI");
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
}

static const uint8_t PEER_INDEX[] = {
	192, 0, 2, 1, 0, 4, 't', 'e', 's', 't', 0, 2,
	0, 10, 0, 0, 1, 10, 0, 0, 1, 0xfd, 0xe9,                  /* IPv4 peer, AS2 */
	3, 10, 0, 0, 2, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x03, 0x0d, 0x40, /* IPv6, AS4 200000 */
};

void test_mrt_td2_rib(void)
{
	const uint8_t rib[] = {
		0, 0, 0, 7, 16, 10, 1, 0, 2,
		0, 0, 0x3b, 0x9a, 0xca, 0x00, 0, 20,                     /* peer 0 */
		0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe9, 0x40, 3, 4, 10, 0, 0, 1,
		0, 1, 0x3b, 0x9a, 0xca, 0x00, 0, 33,                     /* peer 1, abbreviated MP_REACH */
		0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 3, 0x0d, 0x40, 0x80, 14, 17, 16,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	};
	struct mrt_decoder d;
	struct collect c = { .style = MRT_FMT_BGPDUMP_M };
	enum mrt_status st;
	mrt_decoder_init(&d);
	wbuf_init(&c.out, 256);
	struct mrt_record r = rec_of(MRT_TABLE_DUMP_V2, MRT_TD2_RIB_IPV4_UNICAST, rib, sizeof rib);
	const char *why = decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_MALFORMED); /* no peer index yet */
	CHECK_STR(why, "RFC 6396 section 4.3: RIB record before any PEER_INDEX_TABLE");
	r = rec_of(MRT_TABLE_DUMP_V2, MRT_TD2_PEER_INDEX_TABLE, PEER_INDEX, sizeof PEER_INDEX);
	decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_NO_ELEMS);
	CHECK_EQ_U(d.npeers, 2);
	CHECK_STR(d.view, "test");
	r = rec_of(MRT_TABLE_DUMP_V2, MRT_TD2_RIB_IPV4_UNICAST, rib, sizeof rib);
	decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_OK);
	CHECK_STR(c.out.p,
		  "TABLE_DUMP2|1000000000|B|10.0.0.1|65001|10.1.0.0/16|65001|IGP|10.0.0.1|0|0||NAG||\n"
		  "TABLE_DUMP2|1000000000|B|2001:db8::2|200000|10.1.0.0/16|200000|IGP|2001:db8::2|0|0||NAG||\n");
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
}

void test_mrt_rib_generic(void)
{
	/* RFC 6396 section 4.3.3: AFI 1, SAFI 2 (multicast) with one entry. */
	const uint8_t gen[] = {
		0, 0, 0, 1, 0, 1, 2, 24, 192, 0, 2,
		0, 1, 0, 0, 0x3b, 0x9a, 0xca, 0x00, 0, 4, 0x40, 1, 1, 1,
	};
	struct mrt_decoder d;
	struct collect c = { .style = MRT_FMT_JSON };
	enum mrt_status st;
	mrt_decoder_init(&d);
	wbuf_init(&c.out, 256);
	struct mrt_record r = rec_of(MRT_TABLE_DUMP_V2, MRT_TD2_PEER_INDEX_TABLE, PEER_INDEX, sizeof PEER_INDEX);
	decode_all(&d, &c, &r, &st);
	r = rec_of(MRT_TABLE_DUMP_V2, MRT_TD2_RIB_GENERIC, gen, sizeof gen);
	decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_OK);
	CHECK_STR(c.out.p,
		  "{\"type\":\"rib\",\"time\":1000000000,\"mrt_type\":\"TABLE_DUMP_V2\",\"mrt_subtype\":\"RIB_GENERIC\","
		  "\"offset\":0,\"peer_ip\":\"10.0.0.1\",\"peer_as\":65001,\"prefix\":\"192.0.2.0/24\",\"safi\":2,"
		  "\"originated\":1000000000,\"as_path\":\"\",\"as_path_segments\":[],\"origin_as\":0,\"origin\":\"EGP\","
		  "\"atomic_aggregate\":false}\n");
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
}

void test_mrt_peer_index_out_of_range(void)
{
	const uint8_t rib[] = { 0, 0, 0, 1, 8, 10, 0, 1, 0, 5, 0, 0, 0, 0, 0, 0 };
	struct mrt_decoder d;
	struct collect c = { .style = MRT_FMT_BGPDUMP_M };
	enum mrt_status st;
	mrt_decoder_init(&d);
	wbuf_init(&c.out, 256);
	struct mrt_record r = rec_of(MRT_TABLE_DUMP_V2, MRT_TD2_PEER_INDEX_TABLE, PEER_INDEX, sizeof PEER_INDEX);
	decode_all(&d, &c, &r, &st);
	r = rec_of(MRT_TABLE_DUMP_V2, MRT_TD2_RIB_IPV4_UNICAST, rib, sizeof rib);
	const char *why = decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_MALFORMED);
	CHECK_STR(why, "RFC 6396 section 4.3.4: peer index out of range of the PEER_INDEX_TABLE");
	CHECK_EQ_U(c.n, 0);
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
}

/* Counts records and elements of one bundled sample. */
static int count_file(const char *name, uint64_t *records, uint64_t *elems, const char **ierr)
{
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/../data/mrt/%s", test_srcdir, name);
	struct input *in = input_open(path, err, sizeof err);
	if (!in) {
		fprintf(stderr, "  %s\n", err);
		return -1;
	}
	struct mrt_reader rd;
	struct mrt_decoder d;
	struct collect c = { .style = MRT_FMT_BGPDUMP_M };
	wbuf_init(&c.out, 1024);
	mrt_reader_init(&rd, in);
	mrt_decoder_init(&d);
	struct mrt_record rec;
	const char *why;
	int rs;
	*records = *elems = 0;
	while ((rs = mrt_reader_next(&rd, &rec, &why)) == MRT_READ_OK) {
		(*records)++;
		c.out.len = 0;
		mrt_decode(&d, &rec, collect_cb, &c, &why);
	}
	*elems = (uint64_t)c.n;
	*ierr = input_error(in) ? "error" : NULL;
	int ret = rs == MRT_READ_TRUNCATED ? 1 : 0;
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
	mrt_reader_free(&rd);
	input_close(in);
	return ret;
}

void test_mrt_input_formats(void)
{
	static const char *names[] = { "bgpdump-updates.20020722.2238.gz", "bgpdump-updates.20020722.2238.xz",
				       "bgpdump-updates.20020722.2238.zst" };
	for (int i = 0; i < 3; i++) {
		uint64_t rec, el;
		const char *ierr;
		CHECK(count_file(names[i], &rec, &el, &ierr) == 0);
		CHECK_EQ_U(rec, 1121);
		CHECK_EQ_U(el, 3337); /* bgpdump -m prints 3,337 lines for this file */
		CHECK(ierr == NULL);
	}
	uint64_t rec, el;
	const char *ierr;
	CHECK(count_file("bgpkit-local_only-updates.bz2", &rec, &el, &ierr) == 0);
	CHECK_EQ_U(rec, 85);
	CHECK_EQ_U(el, 268);
	CHECK(count_file("lab/quagga_rib", &rec, &el, &ierr) == 0);
	CHECK_EQ_U(rec, 7);
	CHECK_EQ_U(el, 9);
	/* OpenBGPD's BGP4MP_ENTRY RIB: one entry per record. */
	CHECK(count_file("lab/openbgpd_rib_table-mp", &rec, &el, &ierr) == 0);
	CHECK_EQ_U(rec, 31);
	CHECK_EQ_U(el, 31);
	/* OpenBGPD updates with six VPNv4 (SAFI 128) MP attributes: kept raw,
	 * the rest decoded: bgpdump -m prints 109 lines for this file. */
	CHECK(count_file("lab/openbgpd_bgp", &rec, &el, &ierr) == 0);
	CHECK_EQ_U(rec, 87);
	CHECK_EQ_U(el, 109);
}

void test_mrt_truncated(void)
{
	/* A gzip file cut short: every whole record before the cut is read,
	 * then the input reports the missing end of the member. */
	uint64_t rec, el;
	const char *ierr;
	CHECK(count_file("truncated/bgpdump-updates.20020722.2238.first6000.gz", &rec, &el, &ierr) >= 0);
	CHECK(ierr != NULL);
	CHECK_EQ_U(rec, 383); /* whole records in the first 6,000 compressed bytes */
	/* A plain file cut inside a record: the reader says so. */
	CHECK(count_file("truncated/openbgpd_bgp.first1000", &rec, &el, &ierr) == 1);
	CHECK_EQ_U(rec, 12);
	CHECK(ierr == NULL);
}

void test_fmt_aspath(void)
{
	struct bgp_seg seg[4] = {
		{ BGP_AS_CONFED_SEQUENCE, 2, 0 }, { BGP_AS_SEQUENCE, 2, 2 }, { BGP_AS_SET, 2, 4 }, { BGP_AS_CONFED_SET, 1, 6 },
	};
	uint32_t asn[7] = { 65001, 65002, 3333, 1103, 12, 13, 64512 };
	struct bgp_path p = { seg, 4, 4, asn, 7, 7 };
	struct wbuf w;
	wbuf_init(&w, 16);
	mrt_fmt_aspath(&w, &p, true);
	wbuf_putc(&w, 0);
	CHECK_STR(w.p, "(65001 65002) 3333 1103 {12,13} [64512]");
	wbuf_free(&w);
}

void test_mrt_zebra_state8(void)
{
	/* Early Zebra's BGP4MP STATE_CHANGE: AS 3333 to AS 12654, OpenSent (4)
	 * to Established (6), 8 bytes, no addresses. bgpdump 1.6.2 prints
	 * exactly the -m line checked here. */
	const uint8_t body[] = { 0x0d, 0x05, 0x31, 0x6e, 0, 4, 0, 6, 0 };
	struct mrt_decoder d;
	struct collect c = { .style = MRT_FMT_BGPDUMP_M };
	enum mrt_status st;
	mrt_decoder_init(&d);
	wbuf_init(&c.out, 256);
	struct mrt_record r = rec_of(MRT_BGP4MP, MRT_BGP4MP_STATE_CHANGE, body, 8);
	decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_OK);
	CHECK_EQ_U(c.n, 1);
	CHECK(d.zebra_state8);
	CHECK_STR(c.out.p, "BGP4MP|1000000000|STATE|0.0.0.0|3333|4|6\n");
	c.style = MRT_FMT_JSON;
	decode_all(&d, &c, &r, &st);
	CHECK_STR(c.out.p, "{\"type\":\"state\",\"time\":1000000000,\"mrt_type\":\"BGP4MP\",\"mrt_subtype\":\"STATE_CHANGE\","
			   "\"offset\":0,\"peer_ip\":null,\"peer_as\":3333,\"local_ip\":null,\"local_as\":12654,"
			   "\"old_state\":4,\"new_state\":6}\n");
	/* One byte more or less is not that form: the RFC 6396 header is
	 * read and its AFI (bytes 6-7) is not IPv4 or IPv6. */
	const char *why;
	for (size_t len = 7; len <= 9; len += 2) {
		r = rec_of(MRT_BGP4MP, MRT_BGP4MP_STATE_CHANGE, body, len);
		why = decode_all(&d, &c, &r, &st);
		CHECK_EQ_U(st, MRT_MALFORMED);
		CHECK_EQ_U(c.n, 0);
		CHECK(!d.zebra_state8);
		CHECK_STR(why, len == 7 ? "RFC 6396 section 4.4: BGP4MP header truncated"
					: "RFC 6396 section 4.4: BGP4MP Address Family is not IPv4 or IPv6");
	}
	/* The AS4 subtype has no such short form. */
	r = rec_of(MRT_BGP4MP, MRT_BGP4MP_STATE_CHANGE_AS4, body, 8);
	why = decode_all(&d, &c, &r, &st);
	CHECK_EQ_U(st, MRT_MALFORMED);
	CHECK_STR(why, "RFC 6396 section 4.4: BGP4MP header truncated");
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
}

void test_mrt_resync_long_gap(void)
{
	/* A real file, 17,000,000 zero bytes, the file again: the reader
	 * scans the whole gap (it used to give up after 16 MiB and lose the
	 * second copy's 1,121 records) without growing its window. The file
	 * is made here, not committed. */
	char path[512], err[256], tmpl[] = "/tmp/manrs-gap-XXXXXX";
	snprintf(path, sizeof path, "%s/../data/mrt/bgpdump-updates.20020722.2238.gz", test_srcdir);
	struct input *in = input_open(path, err, sizeof err);
	CHECK(in != NULL);
	if (!in)
		return;
	size_t cap = 1u << 20, len = 0, got;
	uint8_t *raw = malloc(cap);
	while ((got = input_read(in, raw + len, cap - len)) > 0) {
		len += got;
		if (len == cap)
			raw = realloc(raw, cap *= 2);
	}
	input_close(in);
	int fd = mkstemp(tmpl);
	CHECK(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	fwrite(raw, 1, len, f);
	uint8_t *zeros = calloc(1, 17000000);
	fwrite(zeros, 1, 17000000, f);
	fwrite(raw, 1, len, f);
	fclose(f);
	free(zeros);
	free(raw);

	in = input_open(tmpl, err, sizeof err);
	struct mrt_reader rd;
	struct mrt_decoder d;
	struct collect c = { .style = MRT_FMT_BGPDUMP_M };
	wbuf_init(&c.out, 1024);
	mrt_reader_init(&rd, in);
	mrt_decoder_init(&d);
	struct mrt_record rec;
	const char *why;
	int rs, resyncs = 0;
	uint64_t records = 0;
	while ((rs = mrt_reader_next(&rd, &rec, &why)) == MRT_READ_OK || rs == MRT_READ_RESYNC) {
		if (rs == MRT_READ_RESYNC) {
			resyncs++;
			CHECK_EQ_U(rd.bad_header, len);
			CHECK_EQ_U(rec.offset, len + 17000000);
			CHECK_EQ_U(rd.skipped_bytes, 17000000);
		}
		records++;
		c.out.len = 0;
		mrt_decode(&d, &rec, collect_cb, &c, &why);
	}
	CHECK_EQ_U(rs, MRT_READ_EOF);
	CHECK_EQ_U(resyncs, 1);
	CHECK_EQ_U(records, 2242);
	CHECK_EQ_U(c.n, 6674);
	CHECK_EQ_U(rd.skipped_total, 17000000);
	CHECK_EQ_U(rd.cap, 256 * 1024); /* the window never grew */
	wbuf_free(&c.out);
	mrt_decoder_free(&d);
	mrt_reader_free(&rd);
	input_close(in);
	unlink(tmpl);
}
