/*
 * BMP sessions: what a collector must remember between messages of one
 * router to decode its Route Monitoring (RFC 7854 section 4.6 leaves the
 * UPDATE's encoding to the capabilities of the monitored session, which
 * only its Peer Up's OPENs tell). Each UPDATE becomes the BGP4MP_ET record
 * a route collector would have written for it, decoded by mrt_decode, so
 * archive and live paths share one decoder and one route event type.
 */
#include "bmp/bmp.h"
#include "lib/xmalloc.h"

#include <string.h>

/* BGP FSM states as MRT numbers them (RFC 6396 section 4.4.1). */
#define BMP_STATE_IDLE 1
#define BMP_STATE_ESTABLISHED 6

struct bmp_peer_state {
	uint8_t type;
	uint8_t distinguisher[8];
	struct ip_addr addr;
	bool up;
	bool have_opens;
	struct bgp_open sent, recv;    /* sent by the monitored router, received from the peer */
	struct ip_addr local_addr;
	uint32_t local_as;
	struct bmp_peer_hdr last;      /* per-peer header of its last message */
};

void bmp_session_init(struct bmp_session *s)
{
	memset(s, 0, sizeof *s);
	mrt_decoder_init(&s->dec);
}

void bmp_session_free(struct bmp_session *s)
{
	free(s->peers);
	free(s->index);
	free(s->scratch);
	mrt_decoder_free(&s->dec);
	memset(s, 0, sizeof *s);
}

static uint64_t peer_hash(uint8_t type, const uint8_t rd[8], const struct ip_addr *a)
{
	uint64_t h = 1469598103934665603ull ^ type;
	for (int i = 0; i < 8; i++)
		h = (h ^ rd[i]) * 1099511628211ull;
	h = (h ^ a->afi) * 1099511628211ull;
	for (int i = 0; i < 16; i++)
		h = (h ^ a->b[i]) * 1099511628211ull;
	return h;
}

static bool peer_is(const struct bmp_peer_state *p, const struct bmp_peer_hdr *h)
{
	return p->type == h->type && !memcmp(p->distinguisher, h->distinguisher, 8) && p->addr.afi == h->addr.afi &&
	       !memcmp(p->addr.b, h->addr.b, 16);
}

static void reindex(struct bmp_session *s)
{
	size_t cap = s->index_cap ? s->index_cap * 2 : 64;
	free(s->index);
	s->index = xcalloc(cap, sizeof *s->index);
	s->index_cap = cap;
	for (size_t i = 0; i < s->npeers; i++) {
		const struct bmp_peer_state *p = &s->peers[i];
		size_t k = peer_hash(p->type, p->distinguisher, &p->addr) & (cap - 1);
		while (s->index[k])
			k = (k + 1) & (cap - 1);
		s->index[k] = (uint32_t)i + 1;
	}
}

/* The state of the peer a per-peer header names; created if `create`.
 * NULL if absent (or the session is at BMP_MAX_PEERS). */
static struct bmp_peer_state *peer_get(struct bmp_session *s, const struct bmp_peer_hdr *h, bool create)
{
	if (s->index_cap) {
		size_t k = peer_hash(h->type, h->distinguisher, &h->addr) & (s->index_cap - 1);
		for (; s->index[k]; k = (k + 1) & (s->index_cap - 1))
			if (peer_is(&s->peers[s->index[k] - 1], h))
				return &s->peers[s->index[k] - 1];
	}
	if (!create || s->npeers >= BMP_MAX_PEERS)
		return NULL;
	s->peers = xgrow(s->peers, &s->cap, s->npeers + 1, sizeof *s->peers);
	struct bmp_peer_state *p = &s->peers[s->npeers++];
	memset(p, 0, sizeof *p);
	p->type = h->type;
	memcpy(p->distinguisher, h->distinguisher, 8);
	p->addr = h->addr;
	if (s->npeers * 2 > s->index_cap)
		reindex(s);
	else {
		size_t k = peer_hash(h->type, h->distinguisher, &h->addr) & (s->index_cap - 1);
		while (s->index[k])
			k = (k + 1) & (s->index_cap - 1);
		s->index[k] = (uint32_t)s->npeers;
	}
	return p;
}

size_t bmp_session_peers_up(const struct bmp_session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->npeers; i++)
		n += s->peers[i].up;
	return n;
}

/* ---- Synthetic MRT records ------------------------------------------- */

static uint8_t *put16(uint8_t *q, uint16_t v)
{
	q[0] = (uint8_t)(v >> 8);
	q[1] = (uint8_t)v;
	return q + 2;
}

static uint8_t *put32(uint8_t *q, uint32_t v)
{
	q[0] = (uint8_t)(v >> 24);
	q[1] = (uint8_t)(v >> 16);
	q[2] = (uint8_t)(v >> 8);
	q[3] = (uint8_t)v;
	return q + 4;
}

/*
 * The BGP4MP common part (RFC 6396 section 4.4.1): peer AS, local AS (2 or
 * 4 octets), interface index, AFI, peer and local addresses, followed by
 * `tail` bytes the caller fills in. Returns where the tail goes.
 */
static uint8_t *bgp4mp_head(struct bmp_session *s, const struct bmp_peer_hdr *h, const struct bmp_peer_state *p,
			    int asn_size, size_t tail, uint32_t now, uint16_t subtype)
{
	size_t alen = h->addr.afi == AFI_IPV6 ? 16 : 4;
	size_t need = 2 * (size_t)asn_size + 4 + 2 * alen + tail;
	s->scratch = xgrow(s->scratch, &s->scratch_cap, need, 1);
	uint8_t *q = s->scratch;
	uint32_t pas = h->as, las = p ? p->local_as : 0;
	if (asn_size == 2) {
		q = put16(q, pas > 0xffff ? BGP_AS_TRANS : (uint16_t)pas);
		q = put16(q, las > 0xffff ? BGP_AS_TRANS : (uint16_t)las);
	} else {
		q = put32(q, pas);
		q = put32(q, las);
	}
	q = put16(q, 0);
	q = put16(q, h->addr.afi == AFI_IPV6 ? AFI_IPV6 : AFI_IPV4);
	memcpy(q, h->addr.b, alen);
	q += alen;
	/* The local address has the peer's family (RFC 7854 section 4.10);
	 * unknown (no Peer Up seen) is zero. */
	memset(q, 0, alen);
	if (p && p->local_addr.afi == h->addr.afi)
		memcpy(q, p->local_addr.b, alen);
	q += alen;
	memset(&s->rec, 0, sizeof s->rec);
	s->rec.ts = h->ts_sec ? h->ts_sec : now;
	s->rec.usec = h->ts_sec ? h->ts_usec : 0;
	if (s->rec.ts > s->last_ts)
		s->last_ts = s->rec.ts;
	s->rec.type = MRT_BGP4MP_ET;
	s->rec.subtype = subtype;
	s->rec.len = (uint32_t)need;
	s->rec.body = s->scratch;
	s->rec_valid = true;
	return q;
}

struct relay {
	struct bmp_session *s;
	const struct bmp_peer_hdr *h;
	bmp_elem_cb cb;
	void *ctx;
};

/* Elements from mrt_decode, with what the BGP4MP header could not hold:
 * a 4-octet peer AS under a 2-octet record. */
static void relay_elem(const struct mrt_elem *e, void *ctx)
{
	struct relay *r = ctx;
	r->s->elems++;
	if (e->peer_as == r->h->as) {
		r->cb(e, r->h, r->ctx);
		return;
	}
	struct mrt_elem x = *e;
	x.peer_as = r->h->as;
	r->cb(&x, r->h, r->ctx);
}

static void emit_state(struct bmp_session *s, const struct bmp_peer_hdr *h, const struct bmp_peer_state *p,
		       uint16_t old_state, uint16_t new_state, uint32_t now, bmp_elem_cb cb, void *ctx)
{
	uint8_t *q = bgp4mp_head(s, h, p, 4, 4, now, MRT_BGP4MP_STATE_CHANGE_AS4);
	q = put16(q, old_state);
	put16(q, new_state);
	const char *why;
	struct relay r = { s, h, cb, ctx };
	mrt_decode(&s->dec, &s->rec, relay_elem, &r, &why);
}

/*
 * The AFI/SAFI an UPDATE carries, for its ADD-PATH framing: that of
 * MP_REACH_NLRI or MP_UNREACH_NLRI if present (RFC 4760), else IPv4
 * unicast. A quick bounded walk over the attributes; the real decode
 * checks them properly afterwards.
 */
static void update_af(struct rbuf upd, uint16_t *afi, uint8_t *safi)
{
	uint16_t wlen, alen;
	struct rbuf attrs;
	*afi = AFI_IPV4;
	*safi = SAFI_UNICAST;
	if (rbuf_skip(&upd, 19) < 0 || rbuf_get_u16(&upd, &wlen) < 0 || rbuf_skip(&upd, wlen) < 0 ||
	    rbuf_get_u16(&upd, &alen) < 0 || rbuf_get_sub(&upd, alen, &attrs) < 0)
		return;
	while (rbuf_left(&attrs)) {
		uint8_t flags, type;
		uint16_t len;
		uint8_t l8;
		if (rbuf_get_u8(&attrs, &flags) < 0 || rbuf_get_u8(&attrs, &type) < 0)
			return;
		if (flags & BGP_ATTR_FLAG_EXTLEN) {
			if (rbuf_get_u16(&attrs, &len) < 0)
				return;
		} else {
			if (rbuf_get_u8(&attrs, &l8) < 0)
				return;
			len = l8;
		}
		if (rbuf_left(&attrs) < len)
			return;
		if ((type == BGP_ATTR_MP_REACH_NLRI || type == BGP_ATTR_MP_UNREACH_NLRI) && len >= 3) {
			*afi = be16(rbuf_cur(&attrs));
			*safi = rbuf_cur(&attrs)[2];
			return;
		}
		rbuf_skip(&attrs, len);
	}
}

static enum bmp_status route_monitoring(struct bmp_session *s, const struct bmp_msg *m, uint32_t now,
					bmp_elem_cb cb, void *ctx, const char **reason)
{
	const struct bmp_peer_hdr *h = &m->peer;
	struct bmp_peer_state *p = peer_get(s, h, false);
	if (!p)
		s->unknown_peer++;    /* no Peer Up seen: defaults below */
	else
		p->last = *h;
	/* RFC 7854 section 4.2: A set means 2-octet AS_PATH; Loc-RIB has no
	 * A flag and uses 4 octets (RFC 9069 section 4.2). */
	int asn_size = (h->type != BMP_PEER_LOC_RIB && (h->flags & BMP_FLAG_A)) ? 2 : 4;
	/* ADD-PATH: for Adj-RIB-In the UPDATE is as the peer sent it to the
	 * monitored router; for Adj-RIB-Out (RFC 8671) as the router sent it
	 * to the peer. Without OPENs mrt_decode guesses from the framing. */
	bool addpath = false, as4_cap = false;
	uint16_t afi;
	uint8_t safi;
	update_af(m->bgp, &afi, &safi);
	/* Version 4: Stateless Parsing TLVs, when sent, say it for this
	 * message; without them the Peer Up OPENs do
	 * (draft-ietf-grow-bmp-tlv section 5.2.3). */
	int stateless = bmp_v4_addpath(m, afi, safi, &as4_cap);
	if (stateless >= 0) {
		addpath = stateless == 1;
		if (as4_cap)
			asn_size = 4;
	} else if (p && p->have_opens) {
		bool out = h->type != BMP_PEER_LOC_RIB && (h->flags & BMP_FLAG_O);
		addpath = out ? bgp_open_addpath_on(&p->sent, &p->recv, afi, safi)
			      : bgp_open_addpath_on(&p->recv, &p->sent, afi, safi);
	}
	uint16_t subtype = asn_size == 4 ? (addpath ? MRT_BGP4MP_MESSAGE_AS4_ADDPATH : MRT_BGP4MP_MESSAGE_AS4)
					 : (addpath ? MRT_BGP4MP_MESSAGE_ADDPATH : MRT_BGP4MP_MESSAGE);
	uint8_t *q = bgp4mp_head(s, h, p, asn_size, m->bgp.len, now, subtype);
	memcpy(q, m->bgp.p, m->bgp.len);
	struct relay r = { s, h, cb, ctx };
	enum mrt_status st = mrt_decode(&s->dec, &s->rec, relay_elem, &r, reason);
	s->treat_as_withdraw += s->dec.treat_as_withdraw;
	s->addpath_guesses += s->dec.addpath_guesses;
	s->dec.addpath_guesses = 0;
	s->mp_raw += s->dec.mp_raw;
	if (s->dec.treat_as_withdraw || s->dec.attrs_discarded)
		s->last_warning = s->dec.attr_reason;
	if (m->v4_ignored && !s->last_warning)
		s->last_warning = "draft-ietf-grow-bmp-tlv section 6: TLVs not understood (or enterprise TLVs) ignored";
	if (st == MRT_MALFORMED) {
		s->rec_valid = false;
		return BMP_MALFORMED;
	}
	return BMP_OK;
}

enum bmp_status bmp_session_apply(struct bmp_session *s, const struct bmp_msg *m, uint32_t now, bmp_elem_cb cb,
				  void *ctx, const char **reason)
{
	s->rec_valid = false;
	s->last_warning = NULL;
	/* A version 4 Timestamp TLV stands in for a per-peer header that
	 * says zero (draft-ietf-grow-bmp-tlv section 5.6.1). */
	if (m->has_tstamp)
		now = m->tstamp_sec;
	switch (m->type) {
	case BMP_PEER_UP: {
		struct bmp_peer_state *p = peer_get(s, &m->peer, true);
		if (!p) {
			*reason = "BMP_MAX_PEERS monitored peers in one BMP session already";
			return BMP_MALFORMED;
		}
		p->sent = m->sent;
		p->recv = m->recv;
		p->have_opens = true;
		p->local_addr = m->local_addr;
		p->local_as = bgp_open_asn(&m->sent);
		p->last = m->peer;
		bool was_up = p->up;
		p->up = true;
		emit_state(s, &m->peer, p, was_up ? BMP_STATE_ESTABLISHED : BMP_STATE_IDLE, BMP_STATE_ESTABLISHED, now,
			   cb, ctx);
		return BMP_OK;
	}
	case BMP_PEER_DOWN: {
		struct bmp_peer_state *p = peer_get(s, &m->peer, false);
		emit_state(s, &m->peer, p, BMP_STATE_ESTABLISHED, BMP_STATE_IDLE, now, cb, ctx);
		if (p) {
			p->up = false;
			p->have_opens = false;
		}
		return BMP_OK;
	}
	case BMP_ROUTE_MONITORING:
		return route_monitoring(s, m, now, cb, ctx, reason);
	default:
		return BMP_OK;
	}
}

void bmp_session_end(struct bmp_session *s, uint32_t now, bmp_elem_cb cb, void *ctx)
{
	if (!now)
		now = s->last_ts;
	for (size_t i = 0; i < s->npeers; i++) {
		struct bmp_peer_state *p = &s->peers[i];
		if (!p->up)
			continue;
		struct bmp_peer_hdr h = p->last;
		h.ts_sec = now;
		h.ts_usec = 0;
		emit_state(s, &h, p, BMP_STATE_ESTABLISHED, BMP_STATE_IDLE, now, cb, ctx);
		p->up = false;
		p->have_opens = false;
	}
	s->rec_valid = false;
}
