/*
 * MRT record decoding (RFC 6396, RFC 8050). Every field is read through
 * rbuf views; every length becomes a sub-view. The decoder keeps the
 * TABLE_DUMP_V2 peer index between records and nothing else.
 */
#include "mrt/mrt.h"
#include "lib/limits.h"
#include "lib/xmalloc.h"

#include <string.h>

/* ---- names ---- */

const char *mrt_type_name(uint16_t type)
{
	switch (type) {
	case MRT_BGP: return "BGP";
	case MRT_TABLE_DUMP: return "TABLE_DUMP";
	case MRT_TABLE_DUMP_V2: return "TABLE_DUMP_V2";
	case MRT_BGP4MP: return "BGP4MP";
	case MRT_BGP4MP_ET: return "BGP4MP_ET";
	default: return "unknown";
	}
}

const char *mrt_subtype_name(uint16_t type, uint16_t st)
{
	static const char *td2[] = { "?", "PEER_INDEX_TABLE", "RIB_IPV4_UNICAST", "RIB_IPV4_MULTICAST",
				     "RIB_IPV6_UNICAST", "RIB_IPV6_MULTICAST", "RIB_GENERIC", "?",
				     "RIB_IPV4_UNICAST_ADDPATH", "RIB_IPV4_MULTICAST_ADDPATH",
				     "RIB_IPV6_UNICAST_ADDPATH", "RIB_IPV6_MULTICAST_ADDPATH",
				     "RIB_GENERIC_ADDPATH" };
	static const char *b4[] = { "STATE_CHANGE", "MESSAGE", "ENTRY", "SNAPSHOT", "MESSAGE_AS4",
				    "STATE_CHANGE_AS4", "MESSAGE_LOCAL", "MESSAGE_AS4_LOCAL",
				    "MESSAGE_ADDPATH", "MESSAGE_AS4_ADDPATH", "MESSAGE_LOCAL_ADDPATH",
				    "MESSAGE_AS4_LOCAL_ADDPATH" };
	static const char *bgp[] = { "NULL", "UPDATE", "PREF_UPDATE", "STATE_CHANGE", "SYNC", "OPEN",
				     "NOTIFY", "KEEPALIVE" };
	static const char *td[] = { "?", "AFI_IPV4", "AFI_IPV6", "AFI_IPV4_AS4", "AFI_IPV6_AS4" };
	switch (type) {
	case MRT_TABLE_DUMP_V2: return st < 13 ? td2[st] : "?";
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET: return st < 12 ? b4[st] : "?";
	case MRT_BGP: return st < 8 ? bgp[st] : "?";
	case MRT_TABLE_DUMP: return st < 5 ? td[st] : "?";
	default: return "?";
	}
}

/* ---- decoder ---- */

void mrt_decoder_init(struct mrt_decoder *d)
{
	memset(d, 0, sizeof *d);
	bgp_attrs_init(&d->attrs);
}

void mrt_decoder_free(struct mrt_decoder *d)
{
	free(d->peers);
	bgp_attrs_free(&d->attrs);
	memset(d, 0, sizeof *d);
}

/* Notes the RFC 7606 outcome of one attribute block. */
static void note_attr_errors(struct mrt_decoder *d, const struct bgp_attrs *a)
{
	if (a->action == BGP_ACT_NONE)
		return;
	if (a->action == BGP_ACT_TREAT_AS_WITHDRAW)
		d->treat_as_withdraw++;
	else
		d->attrs_discarded++;
	if (!d->attr_reason)
		d->attr_reason = a->error;
}

static int get_addr(struct rbuf *b, uint8_t afi, struct ip_addr *a)
{
	memset(a, 0, sizeof *a);
	a->afi = afi;
	return rbuf_get_bytes(b, a->b, afi == AFI_IPV6 ? 16 : 4);
}

static int get_asn(struct rbuf *b, int size, uint32_t *as)
{
	if (size == 4)
		return rbuf_get_u32(b, as);
	uint16_t v;
	if (rbuf_get_u16(b, &v) < 0)
		return -1;
	*as = v;
	return 0;
}

/* RFC 6396 section 4.3.1. */
static enum mrt_status decode_peer_index(struct mrt_decoder *d, struct rbuf b, const char **reason)
{
	uint16_t vlen, count;
	uint8_t id[4];
	if (rbuf_get_bytes(&b, id, 4) < 0 || rbuf_get_u16(&b, &vlen) < 0 || rbuf_left(&b) < vlen) {
		*reason = "RFC 6396 section 4.3.1: PEER_INDEX_TABLE header truncated";
		return MRT_MALFORMED;
	}
	size_t vn = vlen < sizeof d->view ? vlen : sizeof d->view - 1;
	char view[256];
	memcpy(view, rbuf_cur(&b), vn);
	view[vn] = 0;
	rbuf_skip(&b, vlen);
	if (rbuf_get_u16(&b, &count) < 0) {
		*reason = "RFC 6396 section 4.3.1: PEER_INDEX_TABLE peer count missing";
		return MRT_MALFORMED;
	}
	/* Each entry is at least 1+4+4+2 bytes: bound the count by the data. */
	if ((size_t)count * 11 > rbuf_left(&b)) {
		*reason = "RFC 6396 section 4.3.1: peer count exceeds the record";
		return MRT_MALFORMED;
	}
	struct mrt_peer *peers = xcalloc(count ? count : 1, sizeof *peers);
	for (unsigned i = 0; i < count; i++) {
		uint8_t type;
		struct mrt_peer *p = &peers[i];
		if (rbuf_get_u8(&b, &type) < 0 || rbuf_get_bytes(&b, p->bgp_id, 4) < 0 ||
		    get_addr(&b, (type & 1) ? AFI_IPV6 : AFI_IPV4, &p->ip) < 0 ||
		    get_asn(&b, (type & 2) ? 4 : 2, &p->as) < 0) {
			free(peers);
			*reason = "RFC 6396 section 4.3.1: peer entry overruns the record";
			return MRT_MALFORMED;
		}
	}
	free(d->peers);
	d->peers = peers;
	d->npeers = count;
	d->have_peer_index = true;
	memcpy(d->collector_id, id, 4);
	memcpy(d->view, view, vn + 1);
	return MRT_NO_ELEMS;
}

/*
 * The tail every RIB entry shares (TABLE_DUMP, TABLE_DUMP_V2, BGP4MP_ENTRY):
 * decodes the entry's attributes and emits it. Returns -1 with *why if the
 * attribute framing is broken (RFC 7606 section 4; nothing emitted). An
 * entry whose attributes call for treat-as-withdraw is noted and not
 * emitted: a RIB entry has nothing to withdraw (RFC 7606 section 2).
 */
static int emit_rib_entry(struct mrt_decoder *d, struct rbuf attrs, int asn_size, struct mrt_elem *e,
			  mrt_elem_cb cb, void *ctx, const char **why)
{
	if (bgp_attrs_decode(&d->attrs, attrs, asn_size, BGP_DEC_RIB, why) != BGP_OK)
		return -1;
	note_attr_errors(d, &d->attrs);
	if (d->attrs.action == BGP_ACT_TREAT_AS_WITHDRAW)
		return 0;
	e->attrs = &d->attrs;
	cb(e, ctx);
	return 0;
}

/* Reads a prefix as in NLRI: length in bits, then the minimal bytes. */
static int get_prefix(struct rbuf *b, uint8_t afi, struct prefix *p, const char **reason)
{
	uint32_t id;
	int rc = bgp_nlri_next(b, afi, false, p, &id, reason);
	if (rc == 0) {
		*reason = "RFC 6396 section 4.3.2: prefix missing";
		return -1;
	}
	return rc < 0 ? -1 : 0;
}

/*
 * RIB entries (RFC 6396 sections 4.3.2-4.3.4, RFC 8050 section 4): the
 * entries are framed by their own attribute length, so one bad attribute
 * block costs that entry only.
 */
static enum mrt_status decode_rib_entries(struct mrt_decoder *d, struct rbuf *b, struct mrt_elem *e, mrt_elem_cb cb,
					  void *ctx, const char **reason)
{
	uint16_t count;
	if (rbuf_get_u16(b, &count) < 0) {
		*reason = "RFC 6396 section 4.3.2: entry count missing";
		return MRT_MALFORMED;
	}
	if (count && !d->have_peer_index) {
		*reason = "RFC 6396 section 4.3: RIB record before any PEER_INDEX_TABLE";
		return MRT_MALFORMED;
	}
	/* First pass: framing only, so a broken record emits nothing. */
	struct rbuf scan = *b;
	for (unsigned i = 0; i < count; i++) {
		uint16_t idx, alen;
		if (rbuf_get_u16(&scan, &idx) < 0 || rbuf_skip(&scan, e->addpath ? 8 : 4) < 0 ||
		    rbuf_get_u16(&scan, &alen) < 0 || rbuf_skip(&scan, alen) < 0) {
			*reason = "RFC 6396 section 4.3.4: RIB entry overruns the record";
			return MRT_MALFORMED;
		}
		if (idx >= d->npeers) {
			*reason = "RFC 6396 section 4.3.4: peer index out of range of the PEER_INDEX_TABLE";
			return MRT_MALFORMED;
		}
	}
	for (unsigned i = 0; i < count; i++) {
		uint16_t idx = 0, alen = 0;
		struct rbuf attrs;
		rbuf_get_u16(b, &idx);
		rbuf_get_u32(b, &e->orig_time);
		e->path_id = 0;
		if (e->addpath)
			rbuf_get_u32(b, &e->path_id);
		rbuf_get_u16(b, &alen);
		rbuf_get_sub(b, alen, &attrs);
		const char *why;
		e->peer_ip = d->peers[idx].ip;
		e->peer_as = d->peers[idx].as;
		if (emit_rib_entry(d, attrs, 4, e, cb, ctx, &why) < 0) {
			d->entries_skipped++;
			if (!d->entry_reason)
				d->entry_reason = why;
		}
	}
	return MRT_OK;
}

static enum mrt_status decode_td2(struct mrt_decoder *d, const struct mrt_record *rec, mrt_elem_cb cb, void *ctx,
				  const char **reason)
{
	struct rbuf b = rbuf_make(rec->body, rec->len);
	struct mrt_elem e;
	memset(&e, 0, sizeof e);
	e.rec = rec;
	e.type = MRT_ELEM_RIB;
	uint32_t seq;
	uint8_t afi = AFI_IPV4;
	switch (rec->subtype) {
	case MRT_TD2_PEER_INDEX_TABLE:
		return decode_peer_index(d, b, reason);
	case MRT_TD2_RIB_IPV4_UNICAST_ADDPATH:
	case MRT_TD2_RIB_IPV4_MULTICAST_ADDPATH:
	case MRT_TD2_RIB_IPV6_UNICAST_ADDPATH:
	case MRT_TD2_RIB_IPV6_MULTICAST_ADDPATH:
		e.addpath = true;
		/* fall through */
	case MRT_TD2_RIB_IPV4_UNICAST:
	case MRT_TD2_RIB_IPV4_MULTICAST:
	case MRT_TD2_RIB_IPV6_UNICAST:
	case MRT_TD2_RIB_IPV6_MULTICAST: {
		unsigned base = e.addpath ? rec->subtype - 6 : rec->subtype;
		afi = base >= MRT_TD2_RIB_IPV6_UNICAST ? AFI_IPV6 : AFI_IPV4;
		e.safi = (base == MRT_TD2_RIB_IPV4_MULTICAST || base == MRT_TD2_RIB_IPV6_MULTICAST) ? SAFI_MULTICAST
												     : SAFI_UNICAST;
		if (rbuf_get_u32(&b, &seq) < 0) {
			*reason = "RFC 6396 section 4.3.2: sequence number truncated";
			return MRT_MALFORMED;
		}
		if (get_prefix(&b, afi, &e.prefix, reason) < 0)
			return MRT_MALFORMED;
		break;
	}
	case MRT_TD2_RIB_GENERIC_ADDPATH:
		e.addpath = true;
		/* fall through */
	case MRT_TD2_RIB_GENERIC: {
		/* RFC 6396 section 4.3.3: AFI, SAFI and one NLRI entry. */
		uint16_t gafi;
		uint8_t safi;
		if (rbuf_get_u32(&b, &seq) < 0 || rbuf_get_u16(&b, &gafi) < 0 || rbuf_get_u8(&b, &safi) < 0) {
			*reason = "RFC 6396 section 4.3.3: RIB_GENERIC header truncated";
			return MRT_MALFORMED;
		}
		if (gafi != AFI_IPV4 && gafi != AFI_IPV6) {
			*reason = "RFC 6396 section 4.3.3: RIB_GENERIC AFI not IPv4 or IPv6";
			return MRT_UNSUPPORTED;
		}
		afi = (uint8_t)gafi;
		e.safi = safi;
		if (get_prefix(&b, afi, &e.prefix, reason) < 0)
			return MRT_MALFORMED;
		break;
	}
	default:
		*reason = "TABLE_DUMP_V2 subtype not defined by RFC 6396 or RFC 8050";
		return MRT_UNSUPPORTED;
	}
	return decode_rib_entries(d, &b, &e, cb, ctx, reason);
}

/* RFC 6396 section 4.2 (TABLE_DUMP), one entry per record. */
static enum mrt_status decode_td1(struct mrt_decoder *d, const struct mrt_record *rec, mrt_elem_cb cb, void *ctx,
				  const char **reason)
{
	struct rbuf b = rbuf_make(rec->body, rec->len);
	struct mrt_elem e;
	memset(&e, 0, sizeof e);
	e.rec = rec;
	e.type = MRT_ELEM_RIB;
	e.safi = SAFI_UNICAST;
	uint8_t afi;
	int asn_size;
	switch (rec->subtype) {
	case MRT_TD_IPV4: afi = AFI_IPV4; asn_size = 2; break;
	case MRT_TD_IPV6: afi = AFI_IPV6; asn_size = 2; break;
	case MRT_TD_IPV4_AS4: afi = AFI_IPV4; asn_size = 4; break;
	case MRT_TD_IPV6_AS4: afi = AFI_IPV6; asn_size = 4; break;
	default:
		*reason = "RFC 6396 section 4.2: TABLE_DUMP subtype is not an AFI";
		return MRT_UNSUPPORTED;
	}
	uint16_t view, seq, alen;
	uint8_t plen, status;
	struct ip_addr pfx;
	struct rbuf attrs;
	if (rbuf_get_u16(&b, &view) < 0 || rbuf_get_u16(&b, &seq) < 0 || get_addr(&b, afi, &pfx) < 0 ||
	    rbuf_get_u8(&b, &plen) < 0 || rbuf_get_u8(&b, &status) < 0 || rbuf_get_u32(&b, &e.orig_time) < 0 ||
	    get_addr(&b, afi, &e.peer_ip) < 0 || get_asn(&b, asn_size, &e.peer_as) < 0 ||
	    rbuf_get_u16(&b, &alen) < 0) {
		*reason = "RFC 6396 section 4.2: TABLE_DUMP entry truncated";
		return MRT_MALFORMED;
	}
	if (plen > (afi == AFI_IPV6 ? 128 : 32)) {
		*reason = "RFC 6396 section 4.2: prefix length over the address size";
		return MRT_MALFORMED;
	}
	if (rbuf_get_sub(&b, alen, &attrs) < 0) {
		*reason = "RFC 6396 section 4.2: attribute length overruns the record";
		return MRT_MALFORMED;
	}
	e.prefix.afi = afi;
	e.prefix.len = plen;
	memcpy(e.prefix.b, pfx.b, 16);
	return emit_rib_entry(d, attrs, asn_size, &e, cb, ctx, reason) < 0 ? MRT_MALFORMED : MRT_OK;
}

/* Emits every prefix of an NLRI field already validated by the caller. */
static void emit_nlri(const uint8_t *p, uint32_t len, uint8_t afi, struct mrt_elem *e, mrt_elem_cb cb, void *ctx)
{
	struct rbuf b = rbuf_make(p, len);
	const char *why;
	while (bgp_nlri_next(&b, afi, e->addpath, &e->prefix, &e->path_id, &why) == 1)
		cb(e, ctx);
}

/* One NLRI field of an UPDATE, validated, to be emitted as elements. */
struct nlri_block {
	enum mrt_elem_type type;        /* WITHDRAW, or ANNOUNCE (WITHDRAW under treat-as-withdraw) */
	const struct bgp_attrs *attrs;  /* NULL for withdrawals */
	enum mrt_nlri_src src;          /* Withdrawn Routes / NLRI, or MP_(UN)REACH_NLRI */
	uint16_t safi;
	uint8_t afi;
	bool addpath;                   /* the framing the field parses with */
	bool declared;                  /* the framing the MRT subtype says */
	const uint8_t *p;
	uint32_t len;
};

/* Emits every prefix of one validated NLRI block (Withdrawn Routes, NLRI,
 * MP_UNREACH or MP_REACH). */
static void emit_block(struct mrt_elem *e, const struct nlri_block *blk, mrt_elem_cb cb, void *ctx)
{
	e->type = blk->type;
	e->attrs = blk->attrs;
	e->src = blk->src;
	e->safi = blk->safi;
	e->addpath = blk->addpath;
	e->addpath_guessed = blk->addpath != blk->declared;
	emit_nlri(blk->p, blk->len, blk->afi, e, cb, ctx);
}

/* The address family of MP NLRI we decode into prefixes: IPv4 or IPv6 with
 * SAFI unicast, multicast or the deprecated unicast+multicast 3 (RFC 4760).
 * Others (VPN, labelled, flowspec, EVPN...) are kept raw and counted. */
static uint8_t mp_afi(uint16_t afi, uint8_t safi)
{
	if (safi < SAFI_UNICAST || safi > 3)
		return 0;
	return afi == AFI_IPV4 ? AFI_IPV4 : afi == AFI_IPV6 ? AFI_IPV6 : 0;
}

/*
 * A BGP UPDATE body (after the 19-byte header): RFC 4271 section 4.3.
 * Checked whole first; then withdrawals and announcements are emitted.
 */
static enum mrt_status decode_update(struct mrt_decoder *d, struct rbuf b, int asn_size, bool cut,
				     struct mrt_elem *e, mrt_elem_cb cb, void *ctx, const char **reason)
{
	uint16_t wlen, alen;
	struct rbuf wd, attrs;
	bool declared = e->addpath;
	if (rbuf_get_u16(&b, &wlen) < 0) {
		*reason = "RFC 4271 section 4.3: UPDATE shorter than its Withdrawn Routes Length";
		return MRT_MALFORMED;
	}
	if (rbuf_get_sub(&b, wlen, &wd) < 0) {
		if (!cut) {
			*reason = "RFC 4271 section 4.3: Withdrawn Routes Length overruns the UPDATE";
			return MRT_MALFORMED;
		}
		/* Cut inside the withdrawn routes: keep the whole ones. */
		rbuf_get_sub(&b, rbuf_left(&b), &wd);
		wd.len = bgp_nlri_valid_len(wd.p, wd.len, AFI_IPV4, declared);
		d->cut_msgs++;
		emit_block(e, &(struct nlri_block){ .type = MRT_ELEM_WITHDRAW, .src = MRT_NLRI_BGP,
						    .safi = SAFI_UNICAST, .afi = AFI_IPV4, .addpath = declared,
						    .declared = declared, .p = wd.p, .len = (uint32_t)wd.len },
			   cb, ctx);
		return MRT_OK;
	}
	if (rbuf_get_u16(&b, &alen) < 0 || rbuf_get_sub(&b, alen, &attrs) < 0) {
		if (!cut) {
			*reason = "RFC 4271 section 4.3: Total Path Attribute Length overruns the UPDATE";
			return MRT_MALFORMED;
		}
		/* Cut inside the attributes: the withdrawals are whole, the
		 * announcements cannot be trusted. */
		if (!bgp_nlri_valid(wd.p, wd.len, AFI_IPV4, declared)) {
			*reason = "RFC 4271 section 4.3: malformed prefix in Withdrawn Routes";
			return MRT_MALFORMED;
		}
		d->cut_msgs++;
		emit_block(e, &(struct nlri_block){ .type = MRT_ELEM_WITHDRAW, .src = MRT_NLRI_BGP,
						    .safi = SAFI_UNICAST, .afi = AFI_IPV4, .addpath = declared,
						    .declared = declared, .p = wd.p, .len = (uint32_t)wd.len },
			   cb, ctx);
		return MRT_OK;
	}
	struct bgp_attrs *a = &d->attrs;
	if (bgp_attrs_decode(a, attrs, asn_size, 0, reason) != BGP_OK)
		return MRT_MALFORMED;
	const uint8_t *nlri = rbuf_cur(&b);
	uint32_t nlri_len = (uint32_t)rbuf_left(&b);
	if (cut) {
		/* The collector cut the message short (old Quagga wrote at most
		 * 4,096 bytes per record): keep the whole prefixes before the
		 * cut. */
		nlri_len = (uint32_t)bgp_nlri_valid_len(nlri, nlri_len, AFI_IPV4, declared);
		d->cut_msgs++;
	}
	bool ap_wd = bgp_nlri_guess_addpath(wd.p, wd.len, AFI_IPV4, declared);
	bool ap_nlri = cut ? declared : bgp_nlri_guess_addpath(nlri, nlri_len, AFI_IPV4, declared);
	if (!bgp_nlri_valid(wd.p, wd.len, AFI_IPV4, ap_wd)) {
		*reason = "RFC 4271 section 4.3: malformed prefix in Withdrawn Routes";
		return MRT_MALFORMED;
	}
	if (!bgp_nlri_valid(nlri, nlri_len, AFI_IPV4, ap_nlri)) {
		*reason = "RFC 4271 section 4.3: malformed prefix in NLRI";
		return MRT_MALFORMED;
	}
	bool has_reach = bgp_attr_has(a, BGP_ATTR_MP_REACH_NLRI);
	bool has_unreach = bgp_attr_has(a, BGP_ATTR_MP_UNREACH_NLRI);
	uint8_t reach_afi = has_reach ? mp_afi(a->mp_reach.afi, a->mp_reach.safi) : 0;
	uint8_t unreach_afi = has_unreach ? mp_afi(a->mp_unreach.afi, a->mp_unreach.safi) : 0;
	d->mp_raw += (has_reach && !reach_afi) + (has_unreach && !unreach_afi);
	bool ap_reach = declared, ap_unreach = declared;
	if (reach_afi) {
		ap_reach = bgp_nlri_guess_addpath(a->mp_reach.nlri, a->mp_reach.nlri_len, reach_afi, declared);
		if (!bgp_nlri_valid(a->mp_reach.nlri, a->mp_reach.nlri_len, reach_afi, ap_reach)) {
			*reason = "RFC 7606 section 7.11: malformed prefix in MP_REACH_NLRI";
			return MRT_MALFORMED;
		}
	}
	if (unreach_afi) {
		ap_unreach = bgp_nlri_guess_addpath(a->mp_unreach.nlri, a->mp_unreach.nlri_len, unreach_afi, declared);
		if (!bgp_nlri_valid(a->mp_unreach.nlri, a->mp_unreach.nlri_len, unreach_afi, ap_unreach)) {
			*reason = "RFC 7606 section 7.11: malformed prefix in MP_UNREACH_NLRI";
			return MRT_MALFORMED;
		}
	}
	if (ap_wd != declared || ap_nlri != declared || ap_reach != declared || ap_unreach != declared)
		d->addpath_guesses++;

	emit_block(e, &(struct nlri_block){ .type = MRT_ELEM_WITHDRAW, .src = MRT_NLRI_BGP,
					    .safi = SAFI_UNICAST, .afi = AFI_IPV4, .addpath = ap_wd,
					    .declared = declared, .p = wd.p, .len = (uint32_t)wd.len },
		   cb, ctx);
	if (unreach_afi)
		emit_block(e, &(struct nlri_block){ .type = MRT_ELEM_WITHDRAW, .src = MRT_NLRI_MP,
						    .safi = a->mp_unreach.safi, .afi = unreach_afi,
						    .addpath = ap_unreach, .declared = declared,
						    .p = a->mp_unreach.nlri, .len = a->mp_unreach.nlri_len },
			   cb, ctx);
	note_attr_errors(d, a);
	/* RFC 7606 section 2: treat-as-withdraw turns the announcements into
	 * withdrawals (attrs stay attached so JSON can say why). */
	enum mrt_elem_type ann = a->action == BGP_ACT_TREAT_AS_WITHDRAW ? MRT_ELEM_WITHDRAW : MRT_ELEM_ANNOUNCE;
	emit_block(e, &(struct nlri_block){ .type = ann, .attrs = a, .src = MRT_NLRI_BGP, .safi = SAFI_UNICAST,
					    .afi = AFI_IPV4, .addpath = ap_nlri, .declared = declared,
					    .p = nlri, .len = nlri_len },
		   cb, ctx);
	if (reach_afi)
		emit_block(e, &(struct nlri_block){ .type = ann, .attrs = a, .src = MRT_NLRI_MP,
						    .safi = a->mp_reach.safi, .afi = reach_afi,
						    .addpath = ap_reach, .declared = declared,
						    .p = a->mp_reach.nlri, .len = a->mp_reach.nlri_len },
			   cb, ctx);
	return MRT_OK;
}

/* A BGP message with its 19-byte header (RFC 4271 section 4.1). */
static enum mrt_status decode_bgp_message(struct mrt_decoder *d, struct rbuf b, int asn_size, struct mrt_elem *e,
					  mrt_elem_cb cb, void *ctx, const char **reason)
{
	static const uint8_t marker[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint16_t len = 0;
	uint8_t type = 0;
	if (rbuf_left(&b) < 19) {
		*reason = "RFC 4271 section 4.1: BGP message shorter than its header";
		return MRT_MALFORMED;
	}
	if (memcmp(rbuf_cur(&b), marker, 16) != 0) {
		*reason = "RFC 4271 section 4.1: BGP marker is not all ones";
		return MRT_MALFORMED;
	}
	rbuf_skip(&b, 16);
	rbuf_get_u16(&b, &len);
	rbuf_get_u8(&b, &type);
	/* RFC 8654 raises the maximum to 65535; the minimum stays 19. */
	if (len < 19) {
		*reason = "RFC 4271 section 4.1: BGP message length under 19";
		return MRT_MALFORMED;
	}
	struct rbuf body;
	bool cut = (size_t)len - 19 > rbuf_left(&b);
	rbuf_get_sub(&b, cut ? rbuf_left(&b) : (size_t)len - 19, &body);
	if (type != 2)
		return MRT_NO_ELEMS; /* OPEN, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH */
	return decode_update(d, body, asn_size, cut, e, cb, ctx, reason);
}

/*
 * BGP4MP_ENTRY, from the MRT drafts before RFC 6396 (draft-ietf-grow-mrt-03
 * section 5.4; written by Zebra and OpenBGPD): after the BGP4MP peer header,
 * view, status, time last changed, AFI, SAFI, next hop, prefix, attributes.
 */
static enum mrt_status decode_bgp4mp_entry(struct mrt_decoder *d, struct rbuf *b, struct mrt_elem *e,
					   mrt_elem_cb cb, void *ctx, const char **reason)
{
	uint16_t view, status, afi, alen;
	uint8_t safi, nhlen;
	struct rbuf attrs;
	e->type = MRT_ELEM_RIB;
	const uint8_t *nh;
	if (rbuf_get_u16(b, &view) < 0 || rbuf_get_u16(b, &status) < 0 || rbuf_get_u32(b, &e->orig_time) < 0 ||
	    rbuf_get_u16(b, &afi) < 0 || rbuf_get_u8(b, &safi) < 0 || rbuf_get_u8(b, &nhlen) < 0 ||
	    (nh = rbuf_cur(b), rbuf_skip(b, nhlen) < 0)) {
		*reason = "BGP4MP_ENTRY (draft-ietf-grow-mrt-03 section 5.4): entry header truncated";
		return MRT_MALFORMED;
	}
	if (afi != AFI_IPV4 && afi != AFI_IPV6) {
		*reason = "BGP4MP_ENTRY (draft-ietf-grow-mrt-03 section 5.4): AFI not IPv4 or IPv6";
		return MRT_UNSUPPORTED;
	}
	if (nhlen == 4 || nhlen == 16 || nhlen == 32) {
		e->entry_nh.afi = nhlen == 4 ? AFI_IPV4 : AFI_IPV6;
		memcpy(e->entry_nh.b, nh, nhlen == 4 ? 4 : 16);
	}
	if (get_prefix(b, (uint8_t)afi, &e->prefix, reason) < 0)
		return MRT_MALFORMED;
	if (rbuf_get_u16(b, &alen) < 0 || rbuf_get_sub(b, alen, &attrs) < 0) {
		*reason = "BGP4MP_ENTRY (draft-ietf-grow-mrt-03 section 5.4): attribute length overruns the record";
		return MRT_MALFORMED;
	}
	e->safi = safi;
	return emit_rib_entry(d, attrs, 2, e, cb, ctx, reason) < 0 ? MRT_MALFORMED : MRT_OK;
}

/* RFC 6396 sections 4.4.1-4.4.3, RFC 8050 section 3. */
static enum mrt_status decode_bgp4mp(struct mrt_decoder *d, const struct mrt_record *rec, mrt_elem_cb cb, void *ctx,
				     const char **reason)
{
	struct rbuf b = rbuf_make(rec->body, rec->len);
	struct mrt_elem e;
	memset(&e, 0, sizeof e);
	e.rec = rec;
	int asn_size = 2;
	bool state = false, entry = false;
	switch (rec->subtype) {
	case MRT_BGP4MP_STATE_CHANGE: state = true; break;
	case MRT_BGP4MP_STATE_CHANGE_AS4: state = true; asn_size = 4; break;
	case MRT_BGP4MP_MESSAGE: break;
	case MRT_BGP4MP_MESSAGE_AS4: asn_size = 4; break;
	case MRT_BGP4MP_MESSAGE_LOCAL: e.local = true; break;
	case MRT_BGP4MP_MESSAGE_AS4_LOCAL: e.local = true; asn_size = 4; break;
	case MRT_BGP4MP_MESSAGE_ADDPATH: e.addpath = true; break;
	case MRT_BGP4MP_MESSAGE_AS4_ADDPATH: e.addpath = true; asn_size = 4; break;
	case MRT_BGP4MP_MESSAGE_LOCAL_ADDPATH: e.addpath = true; e.local = true; break;
	case MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH: e.addpath = true; e.local = true; asn_size = 4; break;
	case MRT_BGP4MP_ENTRY: entry = true; break;
	default:
		*reason = "BGP4MP subtype not decoded (SNAPSHOT or undefined)";
		return MRT_UNSUPPORTED;
	}
	uint16_t ifindex, afi;
	uint32_t as1, as2;
	if (rec->subtype == MRT_BGP4MP_STATE_CHANGE && rec->len == 8) {
		/* Early Zebra (e.g. RIS rrc01 in 2000) wrote STATE_CHANGE as the
		 * two 2-byte ASes and the two states, without the interface,
		 * AFI and addresses of RFC 6396 section 4.4.1. The length says
		 * which form it is; bgpdump reads it the same way. */
		uint16_t s_as = 0, d_as = 0, o = 0, n = 0;
		rbuf_get_u16(&b, &s_as);
		rbuf_get_u16(&b, &d_as);
		rbuf_get_u16(&b, &o);
		rbuf_get_u16(&b, &n);
		e.type = MRT_ELEM_STATE;
		e.peer_as = s_as;
		e.local_as = d_as;
		e.old_state = o;
		e.new_state = n;
		e.no_addrs = true;
		d->zebra_state8 = true;
		cb(&e, ctx);
		return MRT_OK;
	}
	if (get_asn(&b, asn_size, &as1) < 0 || get_asn(&b, asn_size, &as2) < 0 || rbuf_get_u16(&b, &ifindex) < 0 ||
	    rbuf_get_u16(&b, &afi) < 0) {
		*reason = "RFC 6396 section 4.4: BGP4MP header truncated";
		return MRT_MALFORMED;
	}
	if (afi != AFI_IPV4 && afi != AFI_IPV6) {
		*reason = "RFC 6396 section 4.4: BGP4MP Address Family is not IPv4 or IPv6";
		return MRT_MALFORMED;
	}
	struct ip_addr ip1, ip2;
	if (get_addr(&b, (uint8_t)afi, &ip1) < 0 || get_addr(&b, (uint8_t)afi, &ip2) < 0) {
		*reason = "RFC 6396 section 4.4: BGP4MP addresses truncated";
		return MRT_MALFORMED;
	}
	/* The record always lists the peer first, then the collector; for
	 * *_LOCAL messages the collector is the sender (RFC 6396 4.4.6). */
	e.peer_as = as1;
	e.peer_ip = ip1;
	e.local_as = as2;
	e.local_ip = ip2;
	if (entry)
		return decode_bgp4mp_entry(d, &b, &e, cb, ctx, reason);
	if (state) {
		uint16_t o, n;
		if (rbuf_get_u16(&b, &o) < 0 || rbuf_get_u16(&b, &n) < 0) {
			*reason = "RFC 6396 section 4.4.1: state values truncated";
			return MRT_MALFORMED;
		}
		e.type = MRT_ELEM_STATE;
		e.old_state = o;
		e.new_state = n;
		cb(&e, ctx);
		return MRT_OK;
	}
	return decode_bgp_message(d, b, asn_size, &e, cb, ctx, reason);
}

/* The deprecated BGP type (RFC 6396 appendix B: MRT's original format). */
static enum mrt_status decode_legacy_bgp(struct mrt_decoder *d, const struct mrt_record *rec, mrt_elem_cb cb,
					 void *ctx, const char **reason)
{
	struct rbuf b = rbuf_make(rec->body, rec->len);
	struct mrt_elem e;
	memset(&e, 0, sizeof e);
	e.rec = rec;
	uint32_t as;
	struct ip_addr ip;
	if (get_asn(&b, 2, &as) < 0 || get_addr(&b, AFI_IPV4, &ip) < 0) {
		*reason = "RFC 6396 appendix B: BGP record header truncated";
		return MRT_MALFORMED;
	}
	e.peer_as = as;
	e.peer_ip = ip;
	switch (rec->subtype) {
	case MRT_BGP_STATE_CHANGE: {
		uint16_t o, n;
		if (rbuf_get_u16(&b, &o) < 0 || rbuf_get_u16(&b, &n) < 0) {
			*reason = "RFC 6396 appendix B: BGP_STATE_CHANGE truncated";
			return MRT_MALFORMED;
		}
		e.type = MRT_ELEM_STATE;
		e.old_state = o;
		e.new_state = n;
		cb(&e, ctx);
		return MRT_OK;
	}
	case MRT_BGP_UPDATE:
		if (get_asn(&b, 2, &e.local_as) < 0 || get_addr(&b, AFI_IPV4, &e.local_ip) < 0) {
			*reason = "RFC 6396 appendix B: BGP_UPDATE header truncated";
			return MRT_MALFORMED;
		}
		/* The UPDATE follows without the 19-byte BGP header. */
		return decode_update(d, b, 2, false, &e, cb, ctx, reason);
	case MRT_BGP_OPEN:
	case MRT_BGP_NOTIFY:
	case MRT_BGP_KEEPALIVE:
	case MRT_BGP_SYNC:
	case MRT_BGP_NULL:
		return MRT_NO_ELEMS;
	default:
		*reason = "RFC 6396 appendix B: BGP subtype not decoded";
		return MRT_UNSUPPORTED;
	}
}

enum mrt_status mrt_decode(struct mrt_decoder *d, const struct mrt_record *rec, mrt_elem_cb cb, void *ctx,
			   const char **reason)
{
	d->treat_as_withdraw = d->attrs_discarded = d->mp_raw = d->cut_msgs = 0;
	d->zebra_state8 = false;
	d->attr_reason = NULL;
	d->entries_skipped = 0;
	d->entry_reason = NULL;
	switch (rec->type) {
	case MRT_TABLE_DUMP_V2: return decode_td2(d, rec, cb, ctx, reason);
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET: return decode_bgp4mp(d, rec, cb, ctx, reason);
	case MRT_TABLE_DUMP: return decode_td1(d, rec, cb, ctx, reason);
	case MRT_BGP: return decode_legacy_bgp(d, rec, cb, ctx, reason);
	default:
		*reason = "MRT type not decoded (OSPF, IS-IS or undefined)";
		return MRT_UNSUPPORTED;
	}
}
