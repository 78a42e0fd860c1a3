/*
 * BMP message decoding (RFC 7854, RFC 8671, RFC 9069, and version 4 of
 * draft-ietf-grow-bmp-tlv-20): the common header, the per-peer header and
 * each message type's body, every field through a bounds-checked rbuf and
 * every length a sub-view. Pure: nothing is allocated, nothing logged; a
 * message is decoded or refused with a reason.
 */
#include "bmp/bmp.h"

#include <string.h>

static const uint8_t MARKER[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

const char *bmp_type_name(uint8_t type)
{
	static const char *const names[] = { "route-monitoring", "statistics", "peer-down", "peer-up",
					     "initiation", "termination", "route-mirroring" };
	return type < 7 ? names[type] : "unknown";
}

const char *bmp_down_reason_name(uint8_t r)
{
	static const char *const names[] = { "reserved", "local-notification", "local-no-notification",
					     "remote-notification", "remote-no-data", "peer-deconfigured",
					     "local-system-closed" };
	return r < 7 ? names[r] : "unknown";
}

const char *bmp_stat_name(uint16_t t)
{
	static const char *const names[] = {
		"prefixes-rejected", "duplicate-prefix", "duplicate-withdraw", "cluster-list-loop",
		"as-path-loop", "originator-id-loop", "confed-loop", "adj-rib-in-routes", "loc-rib-routes",
		"adj-rib-in-routes-af", "loc-rib-routes-af", "updates-treat-as-withdraw",
		"prefixes-treat-as-withdraw", "duplicate-updates", "adj-rib-out-pre-routes",
		"adj-rib-out-post-routes", "adj-rib-out-pre-routes-af", "adj-rib-out-post-routes-af",
	};
	return t < sizeof names / sizeof names[0] ? names[t] : "unknown";
}

enum bmp_status bmp_frame(const uint8_t *p, size_t len, uint32_t *msg_len, const char **reason)
{
	if (len < BMP_COMMON_LEN)
		return BMP_NEED_MORE;
	if (p[0] != BMP_VERSION && p[0] != BMP_VERSION_TLV) {
		*reason = "RFC 7854 section 4.1: version is neither 3 nor 4 (draft-ietf-grow-bmp-tlv)";
		return BMP_MALFORMED;
	}
	uint32_t l = be32(p + 1);
	if (l < BMP_COMMON_LEN) {
		*reason = "RFC 7854 section 4.1: message length under the common header's 6 bytes";
		return BMP_MALFORMED;
	}
	if (l > BMP_MAX_MSG_LEN) {
		*reason = "RFC 7854 section 4.1: message length over the 1 MiB cap (BMP_MAX_MSG_LEN)";
		return BMP_MALFORMED;
	}
	if (len < l)
		return BMP_NEED_MORE;
	*msg_len = l;
	return BMP_OK;
}

/* RFC 7854 section 4.2. */
static int decode_peer_hdr(struct rbuf *b, struct bmp_peer_hdr *h)
{
	uint8_t addr[16];
	if (rbuf_get_u8(b, &h->type) < 0 || rbuf_get_u8(b, &h->flags) < 0 ||
	    rbuf_get_bytes(b, h->distinguisher, 8) < 0 || rbuf_get_bytes(b, addr, 16) < 0 ||
	    rbuf_get_u32(b, &h->as) < 0 || rbuf_get_bytes(b, h->bgp_id, 4) < 0 || rbuf_get_u32(b, &h->ts_sec) < 0 ||
	    rbuf_get_u32(b, &h->ts_usec) < 0)
		return -1;
	memset(&h->addr, 0, sizeof h->addr);
	/* V means IPv6 for peer types 0-2 only; a Loc-RIB peer's flag 0x80
	 * is F (RFC 9069 section 4.2) and its address is zero. An IPv4
	 * address sits in the last 4 bytes. */
	if (h->type != BMP_PEER_LOC_RIB && (h->flags & BMP_FLAG_V)) {
		h->addr.afi = AFI_IPV6;
		memcpy(h->addr.b, addr, 16);
	} else {
		h->addr.afi = AFI_IPV4;
		memcpy(h->addr.b, addr + 12, 4);
	}
	return 0;
}

/* Information TLVs to the end of b (RFC 7854 sections 4.3, 4.4, 4.10;
 * RFC 9069 section 5.4 for Peer Down). */
static int decode_tlvs(struct bmp_msg *m, struct rbuf b, const char **reason, const char *why)
{
	while (rbuf_left(&b)) {
		uint16_t type, len;
		if (rbuf_get_u16(&b, &type) < 0 || rbuf_get_u16(&b, &len) < 0 || rbuf_left(&b) < len) {
			*reason = why;
			return -1;
		}
		if (m->ntlv < BMP_MAX_TLVS)
			m->tlv[m->ntlv++] = (struct bmp_tlv){ .type = type, .len = len, .val = rbuf_cur(&b) };
		m->ntlv_total++;
		rbuf_skip(&b, len);
	}
	return 0;
}

/* A whole BGP message at the start of b, its length from its header
 * (RFC 4271 section 4.1); the view *msg covers it. */
static int get_bgp_msg(struct rbuf *b, struct rbuf *msg, uint8_t *type)
{
	if (rbuf_left(b) < 19 || memcmp(rbuf_cur(b), MARKER, 16) != 0)
		return -1;
	uint16_t len = be16(rbuf_cur(b) + 16);
	*type = rbuf_cur(b)[18];
	if (len < 19)
		return -1;
	return rbuf_get_sub(b, len, msg);
}

/* ---- Version 4 TLVs (draft-ietf-grow-bmp-tlv-20) ------------------------ */

static enum bmp_status decode_stats(struct bmp_msg *m, struct rbuf b, const char **reason);

/* What a known TLV of message type `mtype` says; a value of the wrong
 * form is ignored (section 6: the station ignores what it cannot use).
 * Returns -1 with *reason only for the BGP Message TLV, which the Route
 * Monitoring cannot do without. */
static int v4_known(struct bmp_msg *m, const struct bmp_v4_tlv *t, bool *stats_seen, const char **reason)
{
	struct rbuf v = rbuf_make(t->val, t->len);
	if (m->type == BMP_ROUTE_MONITORING && t->type == BMP_V4_BGP_MESSAGE) {
		uint8_t bt;
		if (m->bgp.p) {
			*reason = "draft-ietf-grow-bmp-tlv section 5.2: more than one BGP Message TLV";
			return -1;
		}
		if (t->index != 0) {
			*reason = "draft-ietf-grow-bmp-tlv section 5.2: BGP Message TLV index is not 0";
			return -1;
		}
		if (get_bgp_msg(&v, &m->bgp, &bt) < 0 || rbuf_left(&v)) {
			*reason = "draft-ietf-grow-bmp-tlv section 5.2: BGP Message TLV is not one whole BGP message";
			return -1;
		}
		if (bt != 2) {
			*reason = "draft-ietf-grow-bmp-tlv section 5.2: BGP Message TLV carries a message that is not an UPDATE";
			return -1;
		}
		return 0;
	}
	if (m->type == BMP_STATISTICS && t->type == BMP_V4_STATS && !*stats_seen) {
		/* Type 1 is both the Stats TLV and the Sequence Number TLV in
		 * the draft's Stats registry (section 9): the first is taken as
		 * the Stats TLV, later ones as sequence numbers. */
		*stats_seen = true;
		enum bmp_status st = decode_stats(m, v, reason);
		return st == BMP_OK ? 0 : -1;
	}
	bool ok = true;
	switch (t->type) {
	case BMP_V4_SEQUENCE:
		if ((ok = t->len == 8 && !m->has_seq)) {
			uint32_t hi = 0, lo = 0;
			rbuf_get_u32(&v, &hi);
			rbuf_get_u32(&v, &lo);
			m->seq = (uint64_t)hi << 32 | lo;
			m->has_seq = true;
		}
		break;
	case BMP_V4_EXT_FLAGS:
		if ((ok = t->len >= 1 && !m->has_ext_flags)) {
			m->ext_flags = t->val[0];
			m->has_ext_flags = true;
		}
		break;
	case BMP_V4_TIMESTAMP:
		/* Zero is not allowed (section 5.6.1); the first kept. */
		if ((ok = t->len == 9 && be32(t->val + 1) != 0)) {
			if (!m->has_tstamp) {
				m->tstamp_type = t->val[0];
				m->tstamp_sec = be32(t->val + 1);
				m->tstamp_usec = be32(t->val + 5);
				m->has_tstamp = true;
			}
		}
		break;
	case BMP_V4_GROUP:
		if (m->type != BMP_ROUTE_MONITORING)
			break;
		/* A G-bit index; two or more NLRI indexes, none 0, none a
		 * group (section 5.2.1). */
		ok = (t->index & BMP_V4_G_BIT) && t->len >= 4 && t->len % 2 == 0;
		for (uint16_t i = 0; ok && i < t->len; i += 2) {
			uint16_t x = be16(t->val + i);
			ok = x != 0 && !(x & BMP_V4_G_BIT);
		}
		if (ok)
			m->ngroups++;
		break;
	case BMP_V4_VRF_NAME:
		if (m->type != BMP_ROUTE_MONITORING)
			break;
		if ((ok = t->len >= 1 && t->len <= 255 && !m->has_vrf_name)) {
			m->vrf_name = rbuf_make(t->val, t->len);
			m->has_vrf_name = true;
		}
		break;
	case BMP_V4_STATELESS:
		if (m->type != BMP_ROUTE_MONITORING)
			break;
		/* One capability: code, length, value (RFC 5492 section 4). */
		if ((ok = t->index == 0 && t->len >= 2 && t->val[1] == t->len - 2))
			m->nstateless++;
		break;
	default:
		break;
	}
	if (!ok)
		m->v4_ignored++;
	return 0;
}

/* The TLVs of a version 4 message to the end of b (section 4): indexed
 * ones (Route Monitoring, section 4.3) carry a 2-byte index after the
 * length, which the length does not count. */
static enum bmp_status decode_v4_tlvs(struct bmp_msg *m, struct rbuf b, bool indexed, const char **reason)
{
	bool stats_seen = false;
	while (rbuf_left(&b)) {
		struct bmp_v4_tlv t;
		uint16_t type;
		struct rbuf v;
		memset(&t, 0, sizeof t);
		if (rbuf_get_u16(&b, &type) < 0 || rbuf_get_u16(&b, &t.len) < 0 ||
		    (indexed && rbuf_get_u16(&b, &t.index) < 0) || rbuf_get_sub(&b, t.len, &v) < 0) {
			*reason = "draft-ietf-grow-bmp-tlv section 4: TLV overruns the message";
			return BMP_MALFORMED;
		}
		t.type = type & 0x7fff;
		t.enterprise = type & 0x8000;
		t.indexed = indexed;
		if (t.enterprise && rbuf_get_u32(&v, &t.pen) < 0) {
			*reason = "draft-ietf-grow-bmp-tlv section 4.2: enterprise TLV shorter than its Enterprise number";
			return BMP_MALFORMED;
		}
		t.len = (uint16_t)rbuf_left(&v);
		t.val = rbuf_cur(&v);
		if (t.enterprise)
			m->v4_ignored++;
		else if (v4_known(m, &t, &stats_seen, reason) < 0)
			return BMP_MALFORMED;
		if (m->nv4 < BMP_MAX_TLVS)
			m->v4[m->nv4++] = t;
		m->nv4_total++;
	}
	if (m->type == BMP_ROUTE_MONITORING && !m->bgp.p) {
		*reason = "draft-ietf-grow-bmp-tlv section 5.2: Route Monitoring without its BGP Message TLV";
		return BMP_MALFORMED;
	}
	if (m->type == BMP_STATISTICS && !stats_seen) {
		*reason = "draft-ietf-grow-bmp-tlv section 5.4: Statistics Report without its Stats TLV";
		return BMP_MALFORMED;
	}
	return BMP_OK;
}

int bmp_v4_addpath(const struct bmp_msg *m, uint16_t afi, uint8_t safi, bool *as4)
{
	int r = -1;
	*as4 = false;
	for (unsigned i = 0; i < m->nv4; i++) {
		const struct bmp_v4_tlv *t = &m->v4[i];
		if (t->enterprise || t->type != BMP_V4_STATELESS || t->index != 0 || t->len < 2 ||
		    t->val[1] != t->len - 2)
			continue;
		if (r < 0)
			r = 0;
		if (t->val[0] == 65 && t->len == 6)
			*as4 = true;
		/* ADD-PATH (RFC 7911 section 4): AFI, SAFI, Send/Receive. */
		if (t->val[0] == 69)
			for (uint16_t k = 2; k + 4 <= t->len; k += 4)
				if (be16(t->val + k) == afi && t->val[k + 2] == safi && t->val[k + 3] != 0)
					r = 1;
	}
	return r;
}

static enum bmp_status decode_peer_up(struct bmp_msg *m, struct rbuf b, const char **reason)
{
	uint8_t addr[16], t1, t2;
	if (rbuf_get_bytes(&b, addr, 16) < 0 || rbuf_get_u16(&b, &m->local_port) < 0 ||
	    rbuf_get_u16(&b, &m->remote_port) < 0) {
		*reason = "RFC 7854 section 4.10: Peer Up shorter than its local address and ports";
		return BMP_MALFORMED;
	}
	memset(&m->local_addr, 0, sizeof m->local_addr);
	/* The local address has the peer address's family (section 4.10);
	 * Loc-RIB peers send zero (RFC 9069 section 5.3). */
	if (m->peer.addr.afi == AFI_IPV6) {
		m->local_addr.afi = AFI_IPV6;
		memcpy(m->local_addr.b, addr, 16);
	} else {
		m->local_addr.afi = AFI_IPV4;
		memcpy(m->local_addr.b, addr + 12, 4);
	}
	if (get_bgp_msg(&b, &m->sent_open, &t1) < 0 || t1 != 1) {
		*reason = "RFC 7854 section 4.10: Sent OPEN Message missing or overruns the Peer Up";
		return BMP_MALFORMED;
	}
	if (get_bgp_msg(&b, &m->recv_open, &t2) < 0 || t2 != 1) {
		*reason = "RFC 7854 section 4.10: Received OPEN Message missing or overruns the Peer Up";
		return BMP_MALFORMED;
	}
	if (bgp_open_decode(&m->sent, m->sent_open, reason) != BGP_OK ||
	    bgp_open_decode(&m->recv, m->recv_open, reason) != BGP_OK)
		return BMP_MALFORMED;
	if (decode_tlvs(m, b, reason, "RFC 7854 section 4.10: Peer Up Information TLV overruns the message") < 0)
		return BMP_MALFORMED;
	return BMP_OK;
}

static enum bmp_status decode_peer_down(struct bmp_msg *m, struct rbuf b, const char **reason)
{
	uint8_t t;
	if (rbuf_get_u8(&b, &m->down_reason) < 0) {
		*reason = "RFC 7854 section 4.9: Peer Down without a reason";
		return BMP_MALFORMED;
	}
	/* Version 4: TLVs may follow whatever the reason carries
	 * (draft-ietf-grow-bmp-tlv section 5.3). */
	if (m->version == BMP_VERSION_TLV) {
		switch (m->down_reason) {
		case BMP_DOWN_LOCAL_NOTIFY:
		case BMP_DOWN_REMOTE_NOTIFY:
			if (get_bgp_msg(&b, &m->down_data, &t) < 0 || t != 3) {
				*reason = "RFC 7854 section 4.9: Peer Down data is not one BGP NOTIFICATION";
				return BMP_MALFORMED;
			}
			break;
		case BMP_DOWN_LOCAL_NO_NOTIFY:
			if (rbuf_get_u16(&b, &m->down_fsm_event) < 0) {
				*reason = "RFC 7854 section 4.9: reason 2 without its 2-byte FSM event code";
				return BMP_MALFORMED;
			}
			break;
		default:
			break;
		}
		if (m->down_reason == BMP_DOWN_LOCAL_TLV) {
			if (decode_tlvs(m, b, reason, "RFC 9069 section 5.4: Peer Down TLV overruns the message") < 0)
				return BMP_MALFORMED;
			return BMP_OK;
		}
		return decode_v4_tlvs(m, b, false, reason);
	}
	switch (m->down_reason) {
	case BMP_DOWN_LOCAL_NOTIFY:
	case BMP_DOWN_REMOTE_NOTIFY:
		if (get_bgp_msg(&b, &m->down_data, &t) < 0 || t != 3 || rbuf_left(&b)) {
			*reason = "RFC 7854 section 4.9: Peer Down data is not one BGP NOTIFICATION";
			return BMP_MALFORMED;
		}
		return BMP_OK;
	case BMP_DOWN_LOCAL_NO_NOTIFY:
		if (rbuf_get_u16(&b, &m->down_fsm_event) < 0 || rbuf_left(&b)) {
			*reason = "RFC 7854 section 4.9: reason 2 takes exactly a 2-byte FSM event code";
			return BMP_MALFORMED;
		}
		return BMP_OK;
	case BMP_DOWN_REMOTE_NO_DATA:
	case BMP_DOWN_DECONFIGURED:
		if (rbuf_left(&b)) {
			*reason = "RFC 7854 section 4.9: data after a reason that carries none";
			return BMP_MALFORMED;
		}
		return BMP_OK;
	case BMP_DOWN_LOCAL_TLV:
		if (decode_tlvs(m, b, reason, "RFC 9069 section 5.4: Peer Down TLV overruns the message") < 0)
			return BMP_MALFORMED;
		return BMP_OK;
	default:
		/* Reasons not yet defined: the peer is down all the same; the
		 * data cannot be interpreted (RFC 7854 section 10.7 registry). */
		m->down_data = b;
		return BMP_OK;
	}
}

/* RFC 7854 section 4.8, RFC 8671 section 5: which types carry what. */
static void decode_stat_value(struct bmp_stat *s, struct rbuf v)
{
	switch (s->type) {
	case 9: case 10: case 16: case 17: {
		uint32_t hi, lo;
		if (s->len == 11 && rbuf_get_u16(&v, &s->afi) == 0 && rbuf_get_u8(&v, &s->safi) == 0 &&
		    rbuf_get_u32(&v, &hi) == 0 && rbuf_get_u32(&v, &lo) == 0) {
			s->has_af = true;
			s->has_value = true;
			s->value = (uint64_t)hi << 32 | lo;
		}
		return;
	}
	default:
		if (s->len == 4) {
			uint32_t x = 0;
			rbuf_get_u32(&v, &x);
			s->value = x;
			s->has_value = true;
		} else if (s->len == 8) {
			uint32_t hi = 0, lo = 0;
			rbuf_get_u32(&v, &hi);
			rbuf_get_u32(&v, &lo);
			s->value = (uint64_t)hi << 32 | lo;
			s->has_value = true;
		}
	}
}

static enum bmp_status decode_stats(struct bmp_msg *m, struct rbuf b, const char **reason)
{
	if (rbuf_get_u32(&b, &m->stats_count) < 0) {
		*reason = "RFC 7854 section 4.8: Statistics Report without its count";
		return BMP_MALFORMED;
	}
	/* The count is not trusted to size anything; the TLVs must be all
	 * there and nothing may follow them. */
	for (uint32_t i = 0; i < m->stats_count; i++) {
		struct bmp_stat s;
		struct rbuf v;
		memset(&s, 0, sizeof s);
		if (rbuf_get_u16(&b, &s.type) < 0 || rbuf_get_u16(&b, &s.len) < 0 || rbuf_get_sub(&b, s.len, &v) < 0) {
			*reason = "RFC 7854 section 4.8: statistics TLV overruns the message";
			return BMP_MALFORMED;
		}
		decode_stat_value(&s, v);
		if (m->nstats < BMP_MAX_STATS)
			m->stats[m->nstats++] = s;
	}
	if (rbuf_left(&b)) {
		*reason = "RFC 7854 section 4.8: bytes after the counted statistics";
		return BMP_MALFORMED;
	}
	return BMP_OK;
}

static enum bmp_status decode_mirroring(struct bmp_msg *m, struct rbuf b, const char **reason)
{
	if (decode_tlvs(m, b, reason, "RFC 7854 section 4.7: Route Mirroring TLV overruns the message") < 0)
		return BMP_MALFORMED;
	for (unsigned i = 0; i < m->ntlv; i++) {
		const struct bmp_tlv *t = &m->tlv[i];
		if (t->type == 0 && !m->has_mirror_msg) {
			m->has_mirror_msg = true;
			m->mirror_msg = rbuf_make(t->val, t->len);
		} else if (t->type == 1 && !m->has_mirror_info) {
			if (t->len != 2) {
				*reason = "RFC 7854 section 4.7.2: Information TLV value is not 2 bytes";
				return BMP_MALFORMED;
			}
			m->has_mirror_info = true;
			m->mirror_info = be16(t->val);
		}
	}
	return BMP_OK;
}

enum bmp_status bmp_decode(struct bmp_msg *m, const uint8_t *p, size_t len, const char **reason)
{
	/* ~3 KiB: cheap next to decoding, and no field can leak from the
	 * previous message. */
	memset(m, 0, sizeof *m);
	struct rbuf b = rbuf_make(p, len);
	if (rbuf_get_u8(&b, &m->version) < 0 || rbuf_get_u32(&b, &m->len) < 0 || rbuf_get_u8(&b, &m->type) < 0) {
		*reason = "RFC 7854 section 4.1: message shorter than the common header";
		return BMP_MALFORMED;
	}
	if (m->version != BMP_VERSION && m->version != BMP_VERSION_TLV) {
		*reason = "RFC 7854 section 4.1: version is neither 3 nor 4 (draft-ietf-grow-bmp-tlv)";
		return BMP_UNSUPPORTED;
	}
	if (m->len != len) {
		*reason = "RFC 7854 section 4.1: message length differs from the bytes framed";
		return BMP_MALFORMED;
	}
	switch (m->type) {
	case BMP_ROUTE_MONITORING:
	case BMP_STATISTICS:
	case BMP_PEER_DOWN:
	case BMP_PEER_UP:
	case BMP_ROUTE_MIRRORING:
		if (decode_peer_hdr(&b, &m->peer) < 0) {
			*reason = "RFC 7854 section 4.2: message shorter than its per-peer header";
			return BMP_MALFORMED;
		}
		m->has_peer = true;
		break;
	case BMP_INITIATION:
	case BMP_TERMINATION:
		break;
	default:
		*reason = "RFC 7854 section 4.1: message type not defined";
		return BMP_UNSUPPORTED;
	}
	switch (m->type) {
	case BMP_ROUTE_MONITORING: {
		uint8_t t;
		/* Version 4: the UPDATE inside a BGP Message TLV among
		 * indexed TLVs (draft-ietf-grow-bmp-tlv section 5.2). */
		if (m->version == BMP_VERSION_TLV)
			return decode_v4_tlvs(m, b, true, reason);
		if (get_bgp_msg(&b, &m->bgp, &t) < 0) {
			*reason = "RFC 7854 section 4.6: the BGP message is missing, has a bad marker or overruns";
			return BMP_MALFORMED;
		}
		if (t != 2) {
			*reason = "RFC 7854 section 4.6: Route Monitoring carries a BGP message that is not an UPDATE";
			return BMP_MALFORMED;
		}
		if (rbuf_left(&b)) {
			*reason = "RFC 7854 section 4.6: bytes after the BGP UPDATE";
			return BMP_MALFORMED;
		}
		return BMP_OK;
	}
	case BMP_STATISTICS:
		/* Version 4: the count and stats inside a Stats TLV (section 5.4). */
		if (m->version == BMP_VERSION_TLV)
			return decode_v4_tlvs(m, b, false, reason);
		return decode_stats(m, b, reason);
	case BMP_PEER_DOWN: return decode_peer_down(m, b, reason);
	case BMP_PEER_UP: return decode_peer_up(m, b, reason);
	case BMP_ROUTE_MIRRORING: return decode_mirroring(m, b, reason);
	case BMP_INITIATION:
		if (decode_tlvs(m, b, reason, "RFC 7854 section 4.3: Information TLV overruns the message") < 0)
			return BMP_MALFORMED;
		return BMP_OK;
	default: /* BMP_TERMINATION */
		if (decode_tlvs(m, b, reason, "RFC 7854 section 4.5: Termination TLV overruns the message") < 0)
			return BMP_MALFORMED;
		for (unsigned i = 0; i < m->ntlv; i++)
			if (m->tlv[i].type == 1 && !m->has_term_reason) {
				if (m->tlv[i].len != 2) {
					*reason = "RFC 7854 section 4.5: Reason TLV value is not 2 bytes";
					return BMP_MALFORMED;
				}
				m->has_term_reason = true;
				m->term_reason = be16(m->tlv[i].val);
			}
		return BMP_OK;
	}
}
