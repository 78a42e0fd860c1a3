/*
 * libFuzzer target for BMP: a classic pcap capture (the pcap reader,
 * TCP reassembly and framing) when the input starts with a pcap magic
 * number, else a stream of BMP messages back to back. Every message is
 * decoded, applied to one session (Peer Up capabilities, Route Monitoring
 * into route elements) and its elements formatted as bgpdump lines and
 * JSON; the session is then ended. Checks the framer's and decoder's
 * contracts on the way.
 */
#include "bmp/bmp.h"
#include "bmp/bmp_pcap.h"
#include "lib/wbuf.h"
#include "mrt/mrt_format.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	struct bmp_session s;
	struct wbuf w;
	struct bmp_msg m;
};

static void on_elem(const struct mrt_elem *e, const struct bmp_peer_hdr *ph, void *ctx)
{
	struct fz *f = ctx;
	if (!e->rec || !ph)
		abort();
	mrt_fmt_elem(&f->w, MRT_FMT_BGPDUMP_M, e);
	mrt_fmt_elem(&f->w, MRT_FMT_JSON, e);
	f->w.len = 0;
}

static void one(struct fz *f, const uint8_t *p, size_t len)
{
	const char *why = NULL;
	enum bmp_status st = bmp_decode(&f->m, p, len, &why);
	if (st != BMP_OK) {
		if (!why)
			abort();
		return;
	}
	if (f->m.len != len || f->m.ntlv > BMP_MAX_TLVS || f->m.nstats > BMP_MAX_STATS)
		abort();
	for (unsigned i = 0; i < f->m.ntlv; i++)
		if (f->m.tlv[i].val < p || f->m.tlv[i].val + f->m.tlv[i].len > p + len)
			abort();
	why = NULL;
	st = bmp_session_apply(&f->s, &f->m, 1, on_elem, f, &why);
	if (st != BMP_OK && !why)
		abort();
	if (f->s.rec_valid && (f->s.rec.type != 17 || !f->s.rec.body))
		abort();
}

static void on_pcap_msg(void *ctx, uint64_t frame, const struct bmp_flow *fl, const uint8_t *msg, size_t len)
{
	(void)frame;
	(void)fl;
	uint32_t mlen = 0;
	const char *why;
	if (bmp_frame(msg, len, &mlen, &why) != BMP_OK || mlen != len)
		abort();
	one(ctx, msg, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz f;
	bmp_session_init(&f.s);
	wbuf_init(&f.w, 1024);
	uint32_t magic = size >= 4 ? be32(data) : 0;
	if (magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1) {
		struct bmp_pcap_stats st;
		const char *why = NULL;
		if (bmp_pcap_read(data, size, NULL, 0, on_pcap_msg, NULL, &f, &st, &why) < 0 && !why)
			abort();
	} else {
		size_t off = 0;
		while (off < size) {
			uint32_t mlen = 0;
			const char *why = NULL;
			enum bmp_status st = bmp_frame(data + off, size - off, &mlen, &why);
			if (st == BMP_NEED_MORE)
				break;
			if (st != BMP_OK) {
				if (!why)
					abort();
				break;
			}
			if (mlen < BMP_COMMON_LEN || mlen > size - off)
				abort();
			one(&f, data + off, mlen);
			off += mlen;
		}
	}
	bmp_session_end(&f.s, 2, on_elem, &f);
	if (bmp_session_peers_up(&f.s) != 0)
		abort();
	bmp_session_free(&f.s);
	wbuf_free(&f.w);
	return 0;
}
