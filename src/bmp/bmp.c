/*
 * BMP message decoding (RFC 7854, RFC 8671, RFC 9069): the common header,
 * the per-peer header and each message type's body, every field through a
 * bounds-checked rbuf and every length a sub-view. Pure: nothing is
 * allocated, nothing logged; a message is decoded or refused with a reason.
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
	if (p[0] != BMP_VERSION) {
		*reason = "RFC 7854 section 4.1: version is not 3";
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
	if (m->version != BMP_VERSION) {
		*reason = "RFC 7854 section 4.1: version is not 3";
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
	case BMP_STATISTICS: return decode_stats(m, b, reason);
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
