/*
 * libFuzzer target for BGP UPDATE decoding: path attributes, NLRI with and
 * without ADD-PATH, MP_REACH/MP_UNREACH, and the AS path text. The first
 * input byte picks the session options, the rest is the UPDATE body.
 */
#include "bgp/bgp.h"
#include "lib/rbuf.h"
#include "lib/wbuf.h"
#include "mrt/mrt_format.h"
#include "net/net.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Selector byte. */
#define SEL_AS4 0x1       /* 4-octet AS numbers, else 2 */
#define SEL_ADDPATH 0x2   /* ADD-PATH declared by the container */
#define SEL_RIB 0x4       /* decode with BGP_DEC_RIB */
#define SEL_CUT 0x8       /* the collector cut the message short (decode_update's cut) */

/* The AFI of MP NLRI that decode_update turns into prefixes, else 0. */
static uint8_t mp_afi(uint16_t afi, uint8_t safi)
{
	if (safi < SAFI_UNICAST || safi > 3)
		return 0;
	return afi == AFI_IPV4 ? AFI_IPV4 : afi == AFI_IPV6 ? AFI_IPV6 : 0;
}

/* Reads every prefix of an NLRI field with the framing the decoder would
 * pick (guessed, or as declared), formats each one, and checks that
 * bgp_nlri_valid and bgp_nlri_valid_len agree with a walk to the end. */
static void walk_nlri(const uint8_t *p, size_t len, uint8_t afi, bool declared, bool guess, struct wbuf *w)
{
	bool addpath = guess ? bgp_nlri_guess_addpath(p, len, afi, declared) : declared;
	bool valid = bgp_nlri_valid(p, len, afi, addpath);
	size_t vlen = bgp_nlri_valid_len(p, len, afi, addpath);
	if (vlen > len || (vlen == len) != valid || !bgp_nlri_valid(p, vlen, afi, addpath))
		abort();
	struct rbuf b = rbuf_make(p, len);
	struct prefix pfx;
	uint32_t path_id;
	const char *why = NULL;
	int rc;
	while ((rc = bgp_nlri_next(&b, afi, addpath, &pfx, &path_id, &why)) == 1) {
		char text[PREFIX_STRLEN];
		size_t n = prefix_fmt(&pfx, text);
		if (n >= sizeof text || pfx.len > (afi == AFI_IPV6 ? 128 : 32))
			abort();
		wbuf_put(w, text, n);
		wbuf_put_u32(w, path_id);
	}
	if ((rc == 0) != valid || (rc < 0 && !why) || b.off != vlen)
		abort();
}

static void put_path(struct wbuf *w, const struct bgp_path *p)
{
	mrt_fmt_aspath(w, p, true);
	mrt_fmt_aspath(w, p, false);
	wbuf_put_u32(w, bgp_path_count(p));
	wbuf_put_u32(w, bgp_path_origin(p));
	if (p->nasn > p->cap_asn || p->nseg > p->cap_seg)
		abort();
	for (uint32_t i = 0; i < p->nseg; i++)
		if ((uint64_t)p->seg[i].first + p->seg[i].n > p->nasn)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t sel = data[0];
	int asn_size = (sel & SEL_AS4) ? 4 : 2;
	bool declared = (sel & SEL_ADDPATH) != 0;
	int opts = (sel & SEL_RIB) ? BGP_DEC_RIB : 0;
	bool cut = (sel & SEL_CUT) != 0;
	struct rbuf b = rbuf_make(data + 1, size - 1);
	struct bgp_attrs a;
	struct wbuf w;
	const char *reason = NULL;
	bgp_attrs_init(&a);
	wbuf_init(&w, 256);

	/* RFC 4271 section 4.3, framed as decode_update does; a cut message
	 * keeps the whole withdrawals before the cut. */
	uint16_t wlen, alen;
	struct rbuf wd, attrs;
	if (rbuf_get_u16(&b, &wlen) < 0)
		goto out;
	if (rbuf_get_sub(&b, wlen, &wd) < 0) {
		if (cut) {
			rbuf_get_sub(&b, rbuf_left(&b), &wd);
			wd.len = bgp_nlri_valid_len(wd.p, wd.len, AFI_IPV4, declared);
			walk_nlri(wd.p, wd.len, AFI_IPV4, declared, false, &w);
		}
		goto out;
	}
	if (rbuf_get_u16(&b, &alen) < 0 || rbuf_get_sub(&b, alen, &attrs) < 0) {
		if (cut)
			walk_nlri(wd.p, wd.len, AFI_IPV4, declared, false, &w);
		goto out;
	}
	if (bgp_attrs_decode(&a, attrs, asn_size, opts, &reason) != BGP_OK) {
		if (!reason)
			abort();
		goto out;
	}
	if (a.action != BGP_ACT_NONE && !a.error)
		abort();

	size_t nlri_len = cut ? bgp_nlri_valid_len(rbuf_cur(&b), rbuf_left(&b), AFI_IPV4, declared) : rbuf_left(&b);
	walk_nlri(wd.p, wd.len, AFI_IPV4, declared, true, &w);
	walk_nlri(rbuf_cur(&b), nlri_len, AFI_IPV4, declared, !cut, &w);
	if (bgp_attr_has(&a, BGP_ATTR_MP_UNREACH_NLRI)) {
		uint8_t afi = mp_afi(a.mp_unreach.afi, a.mp_unreach.safi);
		if (afi)
			walk_nlri(a.mp_unreach.nlri, a.mp_unreach.nlri_len, afi, declared, true, &w);
	}
	if (bgp_attr_has(&a, BGP_ATTR_MP_REACH_NLRI)) {
		uint8_t afi = mp_afi(a.mp_reach.afi, a.mp_reach.safi);
		if (afi)
			walk_nlri(a.mp_reach.nlri, a.mp_reach.nlri_len, afi, declared, true, &w);
		wbuf_put_hex(&w, a.mp_reach.nh, a.mp_reach.nh_len > 32 ? 32 : a.mp_reach.nh_len);
	}
	put_path(&w, &a.path);
	put_path(&w, &a.as_path);
	put_path(&w, &a.as4_path);
	for (unsigned i = 0; i < a.n_unknown; i++)
		wbuf_put_hex(&w, a.unknown[i].val, a.unknown[i].len);
	wbuf_put_hex(&w, a.comm, a.comm_len);
	wbuf_put_hex(&w, a.ecomm, a.ecomm_len);
	wbuf_put_hex(&w, a.lcomm, a.lcomm_len);
	wbuf_put_hex(&w, a.cluster, a.cluster_len);
out:
	wbuf_free(&w);
	bgp_attrs_free(&a);
	return 0;
}
