/*
 * Classic pcap (the libpcap savefile format: a 24-byte file header, then
 * per frame a 16-byte record header and the captured bytes) down to TCP
 * payloads, reassembled per direction by sequence number (RFC 9293 section
 * 3.4) and framed into BMP messages with bmp_frame.
 */
#include "bmp/bmp_pcap.h"
#include "bmp/bmp.h"
#include "lib/rbuf.h"
#include "lib/xmalloc.h"

#include <stdbool.h>
#include <string.h>

struct seg {
	uint32_t seq;
	uint8_t *data;
	size_t len;
};

struct flow {
	struct bmp_flow key;
	bool started, dead;
	bool syn_alt;             /* a SYN carried data: see tcp_payload */
	uint32_t syn_alt_next;
	uint32_t next;            /* next sequence number expected */
	uint8_t *buf;
	size_t len, cap;
	struct seg pending[BMP_PCAP_MAX_PENDING];
	size_t npending;
};

struct reader {
	struct flow *flows;
	size_t nflows, cap;
	bmp_pcap_msg_cb cb;
	bmp_pcap_err_cb err;
	void *ctx;
	struct bmp_pcap_stats *st;
	uint64_t frame;
};

static uint32_t rd32(const uint8_t *q, bool swap)
{
	return swap ? ((uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0]) : be32(q);
}

static struct flow *flow_get(struct reader *r, const struct bmp_flow *k)
{
	for (size_t i = 0; i < r->nflows; i++) {
		struct flow *f = &r->flows[i];
		if (f->key.sport == k->sport && f->key.dport == k->dport && !memcmp(&f->key.src, &k->src, sizeof k->src) &&
		    !memcmp(&f->key.dst, &k->dst, sizeof k->dst))
			return f;
	}
	if (r->nflows >= BMP_PCAP_MAX_FLOWS)
		return NULL;
	r->flows = xgrow(r->flows, &r->cap, r->nflows + 1, sizeof *r->flows);
	struct flow *f = &r->flows[r->nflows++];
	memset(f, 0, sizeof *f);
	f->key = *k;
	return f;
}

/* Frames every whole message at the head of the flow's buffer. */
static void drain(struct reader *r, struct flow *f)
{
	size_t off = 0;
	while (!f->dead) {
		uint32_t mlen;
		const char *why;
		enum bmp_status s = bmp_frame(f->buf + off, f->len - off, &mlen, &why);
		if (s == BMP_NEED_MORE)
			break;
		if (s != BMP_OK) {
			f->dead = true;
			r->st->dropped_flows++;
			if (r->err)
				r->err(r->ctx, r->frame, &f->key, why);
			break;
		}
		r->st->messages++;
		r->cb(r->ctx, r->frame, &f->key, f->buf + off, mlen);
		off += mlen;
	}
	if (f->dead) {
		f->len = 0;
		return;
	}
	memmove(f->buf, f->buf + off, f->len - off);
	f->len -= off;
}

/* Appends the part of a segment past f->next; true if anything was new. */
static bool append(struct flow *f, uint32_t seq, const uint8_t *p, size_t len)
{
	uint32_t skip = f->next - seq;   /* modulo 2^32 */
	if (skip >= len)
		return false;             /* retransmission */
	p += skip;
	len -= skip;
	f->buf = xgrow(f->buf, &f->cap, f->len + len, 1);
	memcpy(f->buf + f->len, p, len);
	f->len += len;
	f->next += (uint32_t)len;
	return true;
}

static void tcp_payload(struct reader *r, const struct bmp_flow *k, uint32_t seq, bool syn, const uint8_t *p,
			size_t len)
{
	struct flow *f = flow_get(r, k);
	if (!f || f->dead)
		return;
	if (syn) {
		/* The SYN takes one sequence number; data may ride on it. */
		f->started = true;
		f->next = seq + 1;
		f->len = 0;
		seq++;
	}
	if (!len)
		return;
	r->st->tcp_segments++;
	/* Data on a SYN starts after the SYN's own sequence number (RFC 9293
	 * section 3.4), but some generated captures number it from the SYN's:
	 * the segment after such a SYN then starts one byte early. */
	if (f->syn_alt && !syn) {
		f->syn_alt = false;
		if (seq == f->syn_alt_next)
			f->next = seq;
	}
	if (syn) {
		f->syn_alt = true;
		f->syn_alt_next = seq - 1 + (uint32_t)len;
	}
	if (!f->started) {
		f->started = true;
		f->next = seq;
	}
	int32_t ahead = (int32_t)(seq - f->next);
	if (ahead > 0) {
		/* Out of order: hold it until the gap fills. */
		if (f->npending < BMP_PCAP_MAX_PENDING) {
			struct seg *s = &f->pending[f->npending++];
			s->seq = seq;
			s->data = xmalloc(len);
			memcpy(s->data, p, len);
			s->len = len;
		} else {
			r->st->gaps++;
		}
		return;
	}
	if (f->len + len > (size_t)BMP_MAX_MSG_LEN * 2)
		return;
	append(f, seq, p, len);
	/* Held segments that now fit. */
	for (bool progress = true; progress && f->npending;) {
		progress = false;
		for (size_t i = 0; i < f->npending; i++) {
			struct seg *s = &f->pending[i];
			if ((int32_t)(s->seq - f->next) > 0)
				continue;
			append(f, s->seq, s->data, s->len);
			free(s->data);
			f->pending[i] = f->pending[--f->npending];
			progress = true;
			break;
		}
	}
	drain(r, f);
}

static bool port_match(uint16_t a, uint16_t b, const uint16_t *ports, size_t n)
{
	static const uint16_t def[] = { 1790, 10000, 10179 };
	if (!n) {
		ports = def;
		n = 3;
	}
	for (size_t i = 0; i < n; i++)
		if (a == ports[i] || b == ports[i])
			return true;
	return false;
}

/* An IP packet (no link header). */
static void ip_packet(struct reader *r, struct rbuf b, const uint16_t *ports, size_t nports)
{
	struct bmp_flow k;
	memset(&k, 0, sizeof k);
	uint8_t vh, proto;
	struct rbuf tcp;
	if (rbuf_left(&b) < 1)
		return;
	vh = rbuf_cur(&b)[0];
	if ((vh >> 4) == 4) {
		/* RFC 791 section 3.1. */
		uint16_t total, frag;
		size_t ihl = (size_t)(vh & 15) * 4;
		const uint8_t *h = rbuf_cur(&b);
		if (ihl < 20 || rbuf_left(&b) < ihl)
			return;
		total = be16(h + 2);
		frag = be16(h + 6);
		proto = h[9];
		if ((frag & 0x3fff) || total < ihl || total > rbuf_left(&b))
			return;   /* fragments are not reassembled */
		k.src.afi = k.dst.afi = AFI_IPV4;
		memcpy(k.src.b, h + 12, 4);
		memcpy(k.dst.b, h + 16, 4);
		rbuf_skip(&b, ihl);
		if (rbuf_get_sub(&b, total - ihl, &tcp) < 0)
			return;
	} else if ((vh >> 4) == 6) {
		/* RFC 8200 section 3; extension headers are not followed. */
		const uint8_t *h = rbuf_cur(&b);
		if (rbuf_left(&b) < 40)
			return;
		uint16_t plen = be16(h + 4);
		proto = h[6];
		k.src.afi = k.dst.afi = AFI_IPV6;
		memcpy(k.src.b, h + 8, 16);
		memcpy(k.dst.b, h + 24, 16);
		rbuf_skip(&b, 40);
		if (rbuf_get_sub(&b, plen, &tcp) < 0)
			return;
	} else {
		return;
	}
	if (proto != 6 || rbuf_left(&tcp) < 20)
		return;
	/* RFC 9293 section 3.1. */
	const uint8_t *t = rbuf_cur(&tcp);
	k.sport = be16(t);
	k.dport = be16(t + 2);
	uint32_t seq = be32(t + 4);
	size_t doff = (size_t)(t[12] >> 4) * 4;
	bool syn = (t[13] & 0x02) != 0;
	if (doff < 20 || doff > rbuf_left(&tcp))
		return;
	if (!port_match(k.sport, k.dport, ports, nports))
		return;
	tcp_payload(r, &k, seq, syn, t + doff, rbuf_left(&tcp) - doff);
}

int bmp_pcap_read(const uint8_t *p, size_t len, const uint16_t *ports, size_t nports, bmp_pcap_msg_cb cb,
		  bmp_pcap_err_cb err, void *ctx, struct bmp_pcap_stats *st, const char **reason)
{
	memset(st, 0, sizeof *st);
	if (len < 24) {
		*reason = "not a pcap file: shorter than the 24-byte file header";
		return -1;
	}
	uint32_t magic = be32(p);
	bool swap;
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		swap = false;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swap = true;
	else {
		*reason = magic == 0x0a0d0d0a ? "pcapng is not read; convert with editcap -F pcap"
					      : "not a pcap file (bad magic number)";
		return -1;
	}
	uint32_t link = rd32(p + 20, swap) & 0x0fffffff;
	if (link != 1 && link != 101 && link != 113 && link != 12 && link != 14) {
		*reason = "pcap link type not handled (Ethernet, Linux cooked or raw IP only)";
		return -1;
	}
	struct reader r = { .cb = cb, .err = err, .ctx = ctx, .st = st };
	size_t off = 24;
	while (len - off >= 16) {
		uint32_t incl = rd32(p + off + 8, swap);
		uint32_t orig = rd32(p + off + 12, swap);
		off += 16;
		if (incl > len - off)
			break;   /* the file ends inside a frame */
		r.frame++;
		st->frames++;
		struct rbuf b = rbuf_make(p + off, incl);
		off += incl;
		if (incl < orig)
			continue;   /* cut short by the snap length */
		uint16_t et = 0;
		if (link == 1) {
			/* Ethernet II, with 802.1Q / 802.1ad tags. */
			if (rbuf_skip(&b, 12) < 0 || rbuf_get_u16(&b, &et) < 0)
				continue;
			while ((et == 0x8100 || et == 0x88a8) && rbuf_skip(&b, 2) == 0 && rbuf_get_u16(&b, &et) == 0)
				;
			if (et != 0x0800 && et != 0x86dd)
				continue;
		} else if (link == 113) {
			if (rbuf_skip(&b, 14) < 0 || rbuf_get_u16(&b, &et) < 0 || (et != 0x0800 && et != 0x86dd))
				continue;
		}
		ip_packet(&r, b, ports, nports);
	}
	for (size_t i = 0; i < r.nflows; i++) {
		for (size_t k = 0; k < r.flows[i].npending; k++)
			free(r.flows[i].pending[k].data);
		st->gaps += r.flows[i].npending;
		free(r.flows[i].buf);
	}
	free(r.flows);
	return 0;
}
