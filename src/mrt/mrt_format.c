/*
 * bgpdump -m/-M and JSON renderings of route elements. The bgpdump rules
 * (column order, which next hop, signed MP counters, the type-5 line with
 * one column fewer) follow bgpdump 1.6.2's observable output; each quirk is
 * noted where it is reproduced.
 */
#include "mrt/mrt_format.h"
#include "lib/json.h"

#include <string.h>
#include <time.h>

static const uint8_t ADDR_NONE[4] = { 255, 255, 255, 255 };

static void put_ipv4(struct wbuf *w, const uint8_t *b)
{
	wbuf_reserve(w, 16);
	w->len += ipv4_fmt(b, w->p + w->len);
}

static void put_ipv6(struct wbuf *w, const uint8_t *b)
{
	wbuf_reserve(w, IP_STRLEN);
	w->len += ipv6_fmt(b, w->p + w->len);
}

static void put_ip(struct wbuf *w, const struct ip_addr *a)
{
	if (a->afi == AFI_IPV6)
		put_ipv6(w, a->b);
	else
		put_ipv4(w, a->b);
}

static void put_prefix(struct wbuf *w, const struct prefix *p)
{
	wbuf_reserve(w, PREFIX_STRLEN);
	w->len += prefix_fmt(p, w->p + w->len);
}

bool mrt_fmt_bgpdump_hidden(const struct mrt_elem *e)
{
	const struct mrt_record *r = e->rec;
	switch (r->type) {
	case MRT_TABLE_DUMP_V2:
		return !(r->subtype == MRT_TD2_RIB_IPV4_UNICAST || r->subtype == MRT_TD2_RIB_IPV6_UNICAST ||
			 r->subtype == MRT_TD2_RIB_IPV4_UNICAST_ADDPATH ||
			 r->subtype == MRT_TD2_RIB_IPV6_UNICAST_ADDPATH);
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET:
		if (r->subtype == MRT_BGP4MP_ENTRY)
			return true;
		return e->src == MRT_NLRI_MP && (e->safi < 1 || e->safi > 3);
	case MRT_TABLE_DUMP:
		return r->subtype != MRT_TD_IPV4 && r->subtype != MRT_TD_IPV6 && r->subtype != MRT_TD_IPV4_AS4 &&
		       r->subtype != MRT_TD_IPV6_AS4;
	default:
		return false;
	}
}

void mrt_fmt_aspath(struct wbuf *w, const struct bgp_path *p, bool cut)
{
	static const char open_c[5] = { ' ', '{', ' ', '(', '[' };
	static const char close_c[5] = { ' ', '}', ' ', ')', ']' };
	size_t start = w->len;
	uint8_t prev = BGP_AS_SEQUENCE;
	bool space = false;
	for (uint32_t i = 0; i < p->nseg; i++) {
		const struct bgp_seg *s = &p->seg[i];
		/* Between segments: close the previous set/confed, a space,
		 * then open the next one. */
		if (prev != BGP_AS_SEQUENCE)
			wbuf_putc(w, close_c[prev]);
		if (space)
			wbuf_putc(w, ' ');
		if (s->type != BGP_AS_SEQUENCE)
			wbuf_putc(w, open_c[s->type]);
		space = false;
		bool is_set = s->type == BGP_AS_SET || s->type == BGP_AS_CONFED_SET;
		for (uint32_t k = 0; k < s->n; k++) {
			if (space)
				wbuf_putc(w, is_set ? ',' : ' ');
			space = true;
			wbuf_put_u32(w, p->asn[s->first + k]);
			/* bgpdump keeps 8000 bytes for the text and stops with
			 * "..." once past 7900. */
			if (cut && w->len - start > 7900) {
				wbuf_puts(w, "...");
				return;
			}
		}
		prev = s->type;
	}
	if (p->nseg && prev != BGP_AS_SEQUENCE)
		wbuf_putc(w, close_c[prev]);
}

static void put_communities(struct wbuf *w, const struct bgp_attrs *a)
{
	for (uint32_t i = 0; i + 4 <= a->comm_len; i += 4) {
		uint32_t c = be32(a->comm + i);
		if (i)
			wbuf_putc(w, ' ');
		/* RFC 1997 well-known communities, named as bgpdump names them. */
		if (c == 0xFFFFFF01)
			wbuf_puts(w, "no-export");
		else if (c == 0xFFFFFF02)
			wbuf_puts(w, "no-advertise");
		else if (c == 0xFFFFFF03)
			wbuf_puts(w, "local-AS");
		else {
			wbuf_put_u32(w, c >> 16);
			wbuf_putc(w, ':');
			wbuf_put_u32(w, c & 0xffff);
		}
	}
}

static const char *origin_name(const struct bgp_attrs *a)
{
	/* bgpdump prints INCOMPLETE for an absent ORIGIN as well. */
	if (!bgp_attr_has(a, BGP_ATTR_ORIGIN))
		return "INCOMPLETE";
	return a->origin == 0 ? "IGP" : a->origin == 1 ? "EGP" : "INCOMPLETE";
}

static void put_time(struct wbuf *w, enum mrt_fmt_style style, uint32_t ts)
{
	if (style == MRT_FMT_BGPDUMP_M) {
		wbuf_put_u32(w, ts);
		return;
	}
	time_t t = (time_t)ts;
	struct tm tm;
	gmtime_r(&t, &tm);
	wbuf_put_u32_pad(w, (uint32_t)tm.tm_mon + 1, 2);
	wbuf_putc(w, '/');
	wbuf_put_u32_pad(w, (uint32_t)tm.tm_mday, 2);
	wbuf_putc(w, '/');
	wbuf_put_u32_pad(w, (uint32_t)(tm.tm_year % 100), 2);
	wbuf_putc(w, ' ');
	wbuf_put_u32_pad(w, (uint32_t)tm.tm_hour, 2);
	wbuf_putc(w, ':');
	wbuf_put_u32_pad(w, (uint32_t)tm.tm_min, 2);
	wbuf_putc(w, ':');
	wbuf_put_u32_pad(w, (uint32_t)tm.tm_sec, 2);
}

static bool subtype_addpath(const struct mrt_record *r)
{
	if (r->type == MRT_TABLE_DUMP_V2)
		return r->subtype >= MRT_TD2_RIB_IPV4_UNICAST_ADDPATH && r->subtype <= MRT_TD2_RIB_GENERIC_ADDPATH;
	if (r->type == MRT_BGP4MP || r->type == MRT_BGP4MP_ET)
		return r->subtype >= MRT_BGP4MP_MESSAGE_ADDPATH && r->subtype <= MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
	return false;
}

static const char *line_type(const struct mrt_elem *e)
{
	const struct mrt_record *r = e->rec;
	bool ap = subtype_addpath(r);
	switch (r->type) {
	case MRT_TABLE_DUMP: return "TABLE_DUMP";
	case MRT_TABLE_DUMP_V2: return ap ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
	case MRT_BGP: return "BGP";
	default: break;
	}
	bool et = r->type == MRT_BGP4MP_ET;
	if (e->type == MRT_ELEM_STATE)
		return et ? "BGP4MP_ET" : "BGP4MP";
	if (e->local)
		return et ? (ap ? "BGP4MP_ET_LOCAL_AP" : "BGP4MP_ET_LOCAL") : (ap ? "BGP4MP_LOCAL_AP" : "BGP4MP_LOCAL");
	return et ? (ap ? "BGP4MP_ET_AP" : "BGP4MP_ET") : (ap ? "BGP4MP_AP" : "BGP4MP");
}

/* The tail shared by every full (-m) route line: communities, AG/NAG and
 * aggregator, each closed by '|'. */
static void put_tail(struct wbuf *w, const struct bgp_attrs *a)
{
	if (bgp_attr_has(a, BGP_ATTR_COMMUNITIES))
		put_communities(w, a);
	wbuf_putc(w, '|');
	wbuf_puts(w, bgp_attr_has(a, BGP_ATTR_ATOMIC_AGGREGATE) ? "AG|" : "NAG|");
	/* bgpdump treats an aggregator address of 255.255.255.255 as absent. */
	if (bgp_attr_has(a, BGP_ATTR_AGGREGATOR) && memcmp(a->aggr_ip, ADDR_NONE, 4) != 0) {
		wbuf_put_u32(w, a->aggr_as);
		wbuf_putc(w, ' ');
		put_ipv4(w, a->aggr_ip);
	}
	wbuf_putc(w, '|');
}

static void put_next_hop_attr(struct wbuf *w, const struct bgp_attrs *a)
{
	put_ipv4(w, bgp_attr_has(a, BGP_ATTR_NEXT_HOP) ? a->next_hop : ADDR_NONE);
}

/* The MP next hop as bgpdump prints it: 4 bytes as IPv4, 16 or 32 as the
 * global IPv6 address (the link-local half is dropped). Returns false for
 * any other length, where bgpdump prints nothing. */
static bool put_mp_next_hop(struct wbuf *w, const struct bgp_mp_reach *m)
{
	if (m->nh_len == 4)
		put_ipv4(w, m->nh);
	else if (m->nh_len == 16 || m->nh_len == 32)
		put_ipv6(w, m->nh);
	else
		return false;
	return true;
}

static void put_lp_med(struct wbuf *w, const struct bgp_attrs *a, bool is_signed)
{
	uint32_t lp = bgp_attr_has(a, BGP_ATTR_LOCAL_PREF) ? a->local_pref : 0;
	uint32_t med = bgp_attr_has(a, BGP_ATTR_MED) ? a->med : 0;
	/* bgpdump prints the counters of MP IPv4 routes with %d. */
	if (is_signed) {
		wbuf_put_i32(w, (int32_t)lp);
		wbuf_putc(w, '|');
		wbuf_put_i32(w, (int32_t)med);
	} else {
		wbuf_put_u32(w, lp);
		wbuf_putc(w, '|');
		wbuf_put_u32(w, med);
	}
	wbuf_putc(w, '|');
}

/* Next hop of a RIB entry: the MP_REACH_NLRI one when its AFI/SAFI is
 * IPv6 or IPv4 unicast (or abbreviated), else NEXT_HOP. */
static void put_rib_next_hop(struct wbuf *w, const struct mrt_elem *e)
{
	const struct bgp_attrs *a = e->attrs;
	if (bgp_attr_has(a, BGP_ATTR_MP_REACH_NLRI)) {
		const struct bgp_mp_reach *m = &a->mp_reach;
		bool v6u = m->abbreviated || (m->afi == AFI_IPV6 && m->safi == SAFI_UNICAST);
		bool v4u = !m->abbreviated && m->afi == AFI_IPV4 && m->safi == SAFI_UNICAST;
		if (e->rec->type == MRT_TABLE_DUMP) {
			if (v6u) {
				put_ipv6(w, m->nh);
				return;
			}
		} else if (v6u || v4u) {
			put_mp_next_hop(w, m);
			return;
		}
	}
	put_next_hop_attr(w, a);
}

/* The attribute part of an A or B line, after "prefix|[path_id|]". */
static void fmt_bgpdump_tail(struct wbuf *w, enum mrt_fmt_style style, const struct mrt_elem *e)
{
	const struct mrt_record *r = e->rec;
	const struct bgp_attrs *a = e->attrs;
	if (style != MRT_FMT_BGPDUMP_M) {
		mrt_fmt_aspath(w, &a->path, true);
		wbuf_putc(w, '|');
		wbuf_puts(w, origin_name(a));
		wbuf_putc(w, '\n');
		return;
	}
	bool mp6 = e->type == MRT_ELEM_ANNOUNCE && e->src == MRT_NLRI_MP && e->prefix.afi == AFI_IPV6;
	/* bgpdump drops the path, origin, next hop and counters of an MP IPv6
	 * route whose next hop length is not 4, 16 or 32. */
	if (!mp6 || a->mp_reach.nh_len == 4 || a->mp_reach.nh_len == 16 || a->mp_reach.nh_len == 32) {
		mrt_fmt_aspath(w, &a->path, true);
		wbuf_putc(w, '|');
		wbuf_puts(w, origin_name(a));
		wbuf_putc(w, '|');
	}
	if (r->type == MRT_BGP) {
		/* bgpdump's type-5 line: next hop, counters, then the
		 * communities glued to MED with no separator. */
		put_next_hop_attr(w, a);
		wbuf_putc(w, '|');
		wbuf_put_u32(w, bgp_attr_has(a, BGP_ATTR_LOCAL_PREF) ? a->local_pref : 0);
		wbuf_putc(w, '|');
		wbuf_put_u32(w, bgp_attr_has(a, BGP_ATTR_MED) ? a->med : 0);
		put_tail(w, a);
		wbuf_putc(w, '\n');
		return;
	}
	if (e->type == MRT_ELEM_RIB) {
		put_rib_next_hop(w, e);
		wbuf_putc(w, '|');
		put_lp_med(w, a, false);
	} else if (e->src == MRT_NLRI_BGP) {
		put_next_hop_attr(w, a);
		wbuf_putc(w, '|');
		put_lp_med(w, a, false);
	} else {
		if (put_mp_next_hop(w, &a->mp_reach)) {
			wbuf_putc(w, '|');
			put_lp_med(w, a, !mp6);
		}
	}
	put_tail(w, a);
	wbuf_putc(w, '\n');
}

/* Everything up to the attribute part; returns true if a tail follows. */
static bool fmt_bgpdump_head(struct wbuf *w, enum mrt_fmt_style style, const struct mrt_elem *e)
{
	const struct mrt_record *r = e->rec;
	bool ap = subtype_addpath(r);
	wbuf_puts(w, line_type(e));
	wbuf_putc(w, '|');
	put_time(w, style, r->ts);
	if (r->type == MRT_BGP4MP_ET) {
		wbuf_putc(w, '.');
		wbuf_put_u32_pad(w, r->usec, 6);
	}
	switch (e->type) {
	case MRT_ELEM_STATE:
		wbuf_puts(w, "|STATE|");
		put_ip(w, &e->peer_ip);
		wbuf_putc(w, '|');
		wbuf_put_u32(w, e->peer_as);
		wbuf_putc(w, '|');
		wbuf_put_u32(w, e->old_state);
		wbuf_putc(w, '|');
		wbuf_put_u32(w, e->new_state);
		wbuf_putc(w, '\n');
		return false;
	case MRT_ELEM_WITHDRAW:
		wbuf_puts(w, "|W|");
		put_ip(w, &e->peer_ip);
		wbuf_putc(w, '|');
		wbuf_put_u32(w, e->peer_as);
		wbuf_putc(w, '|');
		put_prefix(w, &e->prefix);
		if (ap) {
			wbuf_putc(w, '|');
			wbuf_put_u32(w, e->path_id);
		}
		wbuf_putc(w, '\n');
		return false;
	case MRT_ELEM_RIB:
		wbuf_puts(w, "|B|");
		break;
	case MRT_ELEM_ANNOUNCE:
		wbuf_puts(w, "|A|");
		break;
	}
	put_ip(w, &e->peer_ip);
	wbuf_putc(w, '|');
	wbuf_put_u32(w, e->peer_as);
	wbuf_putc(w, '|');
	put_prefix(w, &e->prefix);
	wbuf_putc(w, '|');
	if (ap) {
		wbuf_put_u32(w, e->path_id);
		wbuf_putc(w, '|');
	}
	return true;
}

static void fmt_bgpdump(struct wbuf *w, enum mrt_fmt_style style, const struct mrt_elem *e)
{
	if (fmt_bgpdump_head(w, style, e))
		fmt_bgpdump_tail(w, style, e);
}

/* ---- JSON (docs/json.md) ---- */

static void json_ip(struct json *j, const char *key, const struct ip_addr *a)
{
	char buf[IP_STRLEN];
	ip_fmt(a, buf);
	json_key(j, key);
	json_str(j, buf);
}

static void json_ipv4(struct json *j, const char *key, const uint8_t *b)
{
	char buf[IP_STRLEN];
	ipv4_fmt(b, buf);
	json_key(j, key);
	json_str(j, buf);
}

static void json_path_segments(struct json *j, const struct bgp_path *p)
{
	static const char *names[5] = { "?", "set", "sequence", "confed_sequence", "confed_set" };
	json_arr_open(j);
	for (uint32_t i = 0; i < p->nseg; i++) {
		json_obj_open(j);
		json_key(j, "type");
		json_str(j, names[p->seg[i].type]);
		json_key(j, "asns");
		json_arr_open(j);
		for (uint32_t k = 0; k < p->seg[i].n; k++)
			json_u64(j, p->asn[p->seg[i].first + k]);
		json_arr_close(j);
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void json_path_text(struct json *j, const char *key, const struct bgp_path *p)
{
	struct wbuf tmp;
	wbuf_init(&tmp, 256);
	mrt_fmt_aspath(&tmp, p, false);
	json_key(j, key);
	json_strn(j, tmp.p, tmp.len);
	wbuf_free(&tmp);
}

static void json_next_hop(struct json *j, const struct mrt_elem *e)
{
	const struct bgp_attrs *a = e->attrs;
	if (e->entry_nh.afi) {
		json_ip(j, "next_hop", &e->entry_nh);
		return;
	}
	bool use_mp = e->src == MRT_NLRI_MP ||
		      (e->type == MRT_ELEM_RIB && bgp_attr_has(a, BGP_ATTR_MP_REACH_NLRI));
	if (use_mp && bgp_attr_has(a, BGP_ATTR_MP_REACH_NLRI)) {
		const struct bgp_mp_reach *m = &a->mp_reach;
		char buf[IP_STRLEN];
		if (m->nh_len == 4 || m->nh_len == 16 || m->nh_len == 32) {
			if (m->nh_len == 4)
				ipv4_fmt(m->nh, buf);
			else
				ipv6_fmt(m->nh, buf);
			json_key(j, "next_hop");
			json_str(j, buf);
			if (m->nh_len == 32) {
				ipv6_fmt(m->nh + 16, buf);
				json_key(j, "next_hop_link_local");
				json_str(j, buf);
			}
		} else if (m->nh_len == 24 || m->nh_len == 12) {
			/* RFC 4659 / RFC 5549 VPN forms: a route distinguisher
			 * of 8 zero bytes, then the address. */
			if (m->nh_len == 12)
				ipv4_fmt(m->nh + 8, buf);
			else
				ipv6_fmt(m->nh + 8, buf);
			json_key(j, "next_hop");
			json_str(j, buf);
		}
		return;
	}
	if (bgp_attr_has(a, BGP_ATTR_NEXT_HOP))
		json_ipv4(j, "next_hop", a->next_hop);
}

static void json_attrs(struct json *j, const struct mrt_elem *e)
{
	const struct bgp_attrs *a = e->attrs;
	json_path_text(j, "as_path", &a->path);
	json_key(j, "as_path_segments");
	json_path_segments(j, &a->path);
	json_key(j, "origin_as");
	json_u64(j, bgp_path_origin(&a->path));
	if (bgp_attr_has(a, BGP_ATTR_AS4_PATH)) {
		json_key(j, "as4");
		json_obj_open(j);
		json_path_text(j, "as_path", &a->as_path);
		json_path_text(j, "as4_path", &a->as4_path);
		json_key(j, "merged");
		json_bool(j, a->as4_merged);
		json_obj_close(j);
	}
	if (bgp_attr_has(a, BGP_ATTR_ORIGIN)) {
		json_key(j, "origin");
		json_str(j, a->origin == 0 ? "IGP" : a->origin == 1 ? "EGP" : "INCOMPLETE");
	}
	json_next_hop(j, e);
	if (bgp_attr_has(a, BGP_ATTR_LOCAL_PREF)) {
		json_key(j, "local_pref");
		json_u64(j, a->local_pref);
	}
	if (bgp_attr_has(a, BGP_ATTR_MED)) {
		json_key(j, "med");
		json_u64(j, a->med);
	}
	if (bgp_attr_has(a, BGP_ATTR_COMMUNITIES)) {
		json_key(j, "communities");
		json_arr_open(j);
		for (uint32_t i = 0; i + 4 <= a->comm_len; i += 4) {
			char buf[24];
			uint32_t c = be32(a->comm + i);
			int n = snprintf(buf, sizeof buf, "%u:%u", c >> 16, c & 0xffff);
			json_strn(j, buf, (size_t)n);
		}
		json_arr_close(j);
	}
	if (bgp_attr_has(a, BGP_ATTR_LARGE_COMMUNITIES)) {
		json_key(j, "large_communities");
		json_arr_open(j);
		for (uint32_t i = 0; i + 12 <= a->lcomm_len; i += 12) {
			char buf[40];
			int n = snprintf(buf, sizeof buf, "%u:%u:%u", be32(a->lcomm + i), be32(a->lcomm + i + 4),
					 be32(a->lcomm + i + 8));
			json_strn(j, buf, (size_t)n);
		}
		json_arr_close(j);
	}
	if (bgp_attr_has(a, BGP_ATTR_EXT_COMMUNITIES)) {
		json_key(j, "ext_communities");
		json_arr_open(j);
		for (uint32_t i = 0; i + 8 <= a->ecomm_len; i += 8) {
			struct wbuf tmp;
			wbuf_init(&tmp, 20);
			wbuf_put_hex(&tmp, a->ecomm + i, 8);
			json_strn(j, tmp.p, tmp.len);
			wbuf_free(&tmp);
		}
		json_arr_close(j);
	}
	json_key(j, "atomic_aggregate");
	json_bool(j, bgp_attr_has(a, BGP_ATTR_ATOMIC_AGGREGATE));
	if (bgp_attr_has(a, BGP_ATTR_AGGREGATOR)) {
		json_key(j, "aggregator");
		json_obj_open(j);
		json_key(j, "as");
		json_u64(j, a->aggr_as);
		json_ipv4(j, "ip", a->aggr_ip);
		json_obj_close(j);
	}
	if (bgp_attr_has(a, BGP_ATTR_ORIGINATOR_ID))
		json_ipv4(j, "originator_id", a->originator_id);
	if (bgp_attr_has(a, BGP_ATTR_CLUSTER_LIST)) {
		json_key(j, "cluster_list");
		json_arr_open(j);
		for (uint32_t i = 0; i + 4 <= a->cluster_len; i += 4) {
			char buf[IP_STRLEN];
			ipv4_fmt(a->cluster + i, buf);
			json_str(j, buf);
		}
		json_arr_close(j);
	}
	if (bgp_attr_has(a, BGP_ATTR_OTC)) {
		json_key(j, "otc");
		json_u64(j, a->otc);
	}
	if (a->n_unknown) {
		json_key(j, "unknown_attrs");
		json_arr_open(j);
		for (unsigned i = 0; i < a->n_unknown; i++) {
			const struct bgp_unknown_attr *u = &a->unknown[i];
			json_obj_open(j);
			json_key(j, "type");
			json_u64(j, u->type);
			json_key(j, "flags");
			json_u64(j, u->flags);
			struct wbuf tmp;
			wbuf_init(&tmp, 2u * u->len + 2);
			wbuf_put_hex(&tmp, u->val, u->len);
			json_key(j, "value");
			json_strn(j, tmp.p, tmp.len);
			wbuf_free(&tmp);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	if (a->action != BGP_ACT_NONE) {
		static const char *acts[] = { "none", "attribute-discard", "treat-as-withdraw", "session-reset" };
		json_key(j, "rfc7606");
		json_obj_open(j);
		json_key(j, "action");
		json_str(j, acts[a->action]);
		json_key(j, "reason");
		json_str(j, a->error);
		json_key(j, "errors");
		json_u64(j, a->n_errors);
		json_obj_close(j);
	}
}

static void fmt_json(struct wbuf *w, const struct mrt_elem *e)
{
	static const char *types[] = { "rib", "announce", "withdraw", "state" };
	const struct mrt_record *r = e->rec;
	struct json j;
	json_begin(&j, w);
	json_obj_open(&j);
	json_key(&j, "type");
	json_str(&j, types[e->type]);
	json_key(&j, "time");
	json_u64(&j, r->ts);
	if (r->type == MRT_BGP4MP_ET) {
		json_key(&j, "usec");
		json_u64(&j, r->usec);
	}
	json_key(&j, "mrt_type");
	json_str(&j, mrt_type_name(r->type));
	json_key(&j, "mrt_subtype");
	json_str(&j, mrt_subtype_name(r->type, r->subtype));
	json_key(&j, "offset");
	json_u64(&j, r->offset);
	if (e->no_addrs) {
		/* Zebra's 8-byte STATE_CHANGE recorded no addresses. */
		json_key(&j, "peer_ip");
		json_null(&j);
	} else {
		json_ip(&j, "peer_ip", &e->peer_ip);
	}
	json_key(&j, "peer_as");
	json_u64(&j, e->peer_as);
	if (e->no_addrs) {
		json_key(&j, "local_ip");
		json_null(&j);
		json_key(&j, "local_as");
		json_u64(&j, e->local_as);
	} else if (e->local_ip.afi) {
		json_ip(&j, "local_ip", &e->local_ip);
		json_key(&j, "local_as");
		json_u64(&j, e->local_as);
	}
	if (e->local) {
		json_key(&j, "sent_by_collector");
		json_bool(&j, true);
	}
	if (e->type == MRT_ELEM_STATE) {
		json_key(&j, "old_state");
		json_u64(&j, e->old_state);
		json_key(&j, "new_state");
		json_u64(&j, e->new_state);
		json_obj_close(&j);
		wbuf_putc(w, '\n');
		return;
	}
	char pbuf[PREFIX_STRLEN];
	prefix_fmt(&e->prefix, pbuf);
	json_key(&j, "prefix");
	json_str(&j, pbuf);
	if (e->safi != SAFI_UNICAST) {
		json_key(&j, "safi");
		json_u64(&j, e->safi);
	}
	if (e->addpath) {
		json_key(&j, "path_id");
		json_u64(&j, e->path_id);
		if (e->addpath_guessed) {
			json_key(&j, "addpath_guessed");
			json_bool(&j, true);
		}
	}
	if (e->type == MRT_ELEM_RIB) {
		json_key(&j, "originated");
		json_u64(&j, e->orig_time);
	}
	if (e->attrs)
		json_attrs(&j, e);
	json_obj_close(&j);
	wbuf_putc(w, '\n');
}

void mrt_fmt_elem(struct wbuf *w, enum mrt_fmt_style style, const struct mrt_elem *e)
{
	if (style == MRT_FMT_JSON)
		fmt_json(w, e);
	else
		fmt_bgpdump(w, style, e);
}

void mrt_fmt_init(struct mrt_fmt *f, enum mrt_fmt_style style)
{
	memset(f, 0, sizeof *f);
	f->style = style;
	wbuf_init(&f->tail, 256);
}

void mrt_fmt_free(struct mrt_fmt *f)
{
	wbuf_free(&f->tail);
}

void mrt_fmt_line(struct mrt_fmt *f, struct wbuf *w, const struct mrt_elem *e)
{
	if (f->style == MRT_FMT_JSON) {
		fmt_json(w, e);
		return;
	}
	if (!fmt_bgpdump_head(w, f->style, e))
		return;
	/* Within one attribute set the tail depends only on these. */
	unsigned key = (unsigned)e->type | (unsigned)e->src << 2 | (unsigned)e->prefix.afi << 4;
	if (!f->tail_valid || f->tail_gen != e->attrs->gen || f->tail_key != key) {
		f->tail.len = 0;
		fmt_bgpdump_tail(&f->tail, f->style, e);
		f->tail_gen = e->attrs->gen;
		f->tail_key = key;
		f->tail_valid = true;
	}
	wbuf_put(w, f->tail.p, f->tail.len);
}
