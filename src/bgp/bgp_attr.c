/*
 * BGP path attribute decoding with RFC 7606 revised error handling.
 * Each attribute is read through its own length-delimited view; a value of
 * the wrong length is classified (attribute-discard or treat-as-withdraw)
 * and never read past. Only broken attribute framing fails the decode.
 */
#include "bgp/bgp.h"
#include "lib/xmalloc.h"

#include <stdatomic.h>
#include <string.h>

/* Source of bgp_attrs.gen: unique across every attribute set in the
 * process, so a cache keyed on it (mrt_fmt_line) cannot take the first set
 * of a new decoder for the last one of an old decoder. */
static _Atomic uint64_t attrs_gen;

void bgp_attrs_init(struct bgp_attrs *a)
{
	memset(a, 0, sizeof *a);
}

static void path_free(struct bgp_path *p)
{
	free(p->seg);
	free(p->asn);
	memset(p, 0, sizeof *p);
}

void bgp_attrs_free(struct bgp_attrs *a)
{
	path_free(&a->as_path);
	path_free(&a->as4_path);
	path_free(&a->path);
}

/* Room for nseg segments and nasn ASNs; xgrow checks the sizes. */
static void path_reserve(struct bgp_path *p, uint32_t nseg, uint32_t nasn)
{
	if (p->cap_seg < nseg) {
		size_t c = p->cap_seg;
		p->seg = xgrow(p->seg, &c, nseg, sizeof *p->seg);
		p->cap_seg = (uint32_t)c;
	}
	if (p->cap_asn < nasn) {
		size_t c = p->cap_asn;
		p->asn = xgrow(p->asn, &c, nasn, sizeof *p->asn);
		p->cap_asn = (uint32_t)c;
	}
}

/*
 * Parses AS_PATH / AS4_PATH segments (RFC 4271 section 4.3, RFC 6793).
 * The value length bounds everything: at most len/2 segments and len/2 ASNs,
 * so the arrays are sized from the checked length, never from a count.
 */
static int path_parse(struct bgp_path *p, struct rbuf v, int asn_size, const char **reason)
{
	p->nseg = p->nasn = 0;
	path_reserve(p, (uint32_t)(v.len / 2 + 1), (uint32_t)(v.len / 2 + 1));
	while (rbuf_left(&v)) {
		uint8_t type, n;
		if (rbuf_get_u8(&v, &type) < 0 || rbuf_get_u8(&v, &n) < 0) {
			*reason = "RFC 7606 section 7.2: AS_PATH segment header truncated";
			return -1;
		}
		if (type < BGP_AS_SET || type > BGP_AS_CONFED_SET) {
			*reason = "RFC 7606 section 7.2: AS_PATH segment type unknown";
			return -1;
		}
		if (rbuf_left(&v) < (size_t)n * (size_t)asn_size) {
			*reason = "RFC 7606 section 7.2: AS_PATH segment overruns the attribute";
			return -1;
		}
		struct bgp_seg *s = &p->seg[p->nseg++];
		s->type = type;
		s->n = n;
		s->first = p->nasn;
		const uint8_t *q = rbuf_cur(&v);
		for (unsigned i = 0; i < n; i++)
			p->asn[p->nasn++] = asn_size == 4 ? be32(q + 4 * i) : be16(q + 2 * i);
		rbuf_skip(&v, (size_t)n * (size_t)asn_size);
	}
	return 0;
}

uint32_t bgp_path_count(const struct bgp_path *p)
{
	uint32_t c = 0;
	for (uint32_t i = 0; i < p->nseg; i++) {
		if (p->seg[i].type == BGP_AS_SEQUENCE)
			c += p->seg[i].n;
		else if (p->seg[i].type == BGP_AS_SET)
			c += 1;
	}
	return c;
}

uint32_t bgp_path_origin(const struct bgp_path *p)
{
	if (!p->nseg)
		return 0;
	const struct bgp_seg *s = &p->seg[p->nseg - 1];
	if (s->type != BGP_AS_SEQUENCE || s->n == 0)
		return 0;
	return p->asn[s->first + s->n - 1];
}

static void path_copy(struct bgp_path *dst, const struct bgp_path *src)
{
	path_reserve(dst, src->nseg + 1, src->nasn + 1);
	if (src->nseg)
		memcpy(dst->seg, src->seg, src->nseg * sizeof *src->seg);
	if (src->nasn)
		memcpy(dst->asn, src->asn, src->nasn * sizeof *src->asn);
	dst->nseg = src->nseg;
	dst->nasn = src->nasn;
}

static void path_append_seg(struct bgp_path *dst, uint8_t type, const uint32_t *asn, uint32_t n)
{
	path_reserve(dst, dst->nseg + 1, dst->nasn + n + 1);
	struct bgp_seg *s = &dst->seg[dst->nseg++];
	s->type = type;
	s->n = n;
	s->first = dst->nasn;
	if (n)
		memcpy(dst->asn + dst->nasn, asn, n * sizeof *asn);
	dst->nasn += n;
}

/*
 * RFC 6793 section 4.2.3: rebuild the path of a 2-byte session from AS_PATH
 * and AS4_PATH. If AS_PATH holds fewer ASes than AS4_PATH, AS4_PATH is
 * ignored; otherwise the leading ASes of AS_PATH (as many as the difference)
 * are followed by AS4_PATH. Confederation segments are not counted.
 */
static void merge_as4(struct bgp_attrs *a)
{
	uint32_t n_as = bgp_path_count(&a->as_path), n_as4 = bgp_path_count(&a->as4_path);
	if (n_as < n_as4) {
		path_copy(&a->path, &a->as_path);
		return;
	}
	uint32_t need = n_as - n_as4;
	a->path.nseg = a->path.nasn = 0;
	for (uint32_t i = 0; i < a->as_path.nseg && need; i++) {
		const struct bgp_seg *s = &a->as_path.seg[i];
		const uint32_t *asn = a->as_path.asn + s->first;
		if (s->type == BGP_AS_SEQUENCE) {
			uint32_t take = s->n < need ? s->n : need;
			path_append_seg(&a->path, s->type, asn, take);
			need -= take;
		} else {
			path_append_seg(&a->path, s->type, asn, s->n);
			if (s->type == BGP_AS_SET)
				need--;
		}
	}
	for (uint32_t i = 0; i < a->as4_path.nseg; i++) {
		const struct bgp_seg *s = &a->as4_path.seg[i];
		path_append_seg(&a->path, s->type, a->as4_path.asn + s->first, s->n);
	}
	a->as4_merged = true;
}

static void set_seen(struct bgp_attrs *a, unsigned type)
{
	a->seen[type >> 6] |= (uint64_t)1 << (type & 63);
}

static void attr_error(struct bgp_attrs *a, uint8_t type, enum bgp_action act, const char *why)
{
	a->n_errors++;
	if (act > a->action)
		a->action = act;
	if (!a->error) {
		a->error = why;
		a->error_attr = type;
	}
}

/* RFC 4760 section 3 (MP_REACH_NLRI). */
static int decode_mp_reach(struct bgp_attrs *a, struct rbuf v, int opts, const char **reason)
{
	struct bgp_mp_reach *m = &a->mp_reach;
	memset(m, 0, sizeof *m);
	uint8_t first = rbuf_left(&v) ? v.p[v.off] : 0;
	if ((opts & BGP_DEC_RIB) && first != 0) {
		/* RFC 6396 section 4.3.4: RIB entries carry only the next hop
		 * length and next hop; AFI/SAFI come from the RIB subtype. */
		m->abbreviated = true;
		rbuf_get_u8(&v, &m->nh_len);
		if (rbuf_left(&v) < m->nh_len) {
			*reason = "RFC 6396 section 4.3.4: MP_REACH_NLRI next hop overruns the attribute";
			return -1;
		}
		rbuf_get_bytes(&v, m->nh, m->nh_len > 32 ? 32 : m->nh_len);
		return 0;
	}
	uint8_t snpa;
	if (rbuf_get_u16(&v, &m->afi) < 0 || rbuf_get_u8(&v, &m->safi) < 0 || rbuf_get_u8(&v, &m->nh_len) < 0) {
		*reason = "RFC 7606 section 7.11: MP_REACH_NLRI shorter than its fixed fields";
		return -1;
	}
	if (rbuf_left(&v) < m->nh_len) {
		*reason = "RFC 7606 section 7.11: MP_REACH_NLRI next hop overruns the attribute";
		return -1;
	}
	memcpy(m->nh, rbuf_cur(&v), m->nh_len > 32 ? 32 : m->nh_len);
	rbuf_skip(&v, m->nh_len);
	if (rbuf_get_u8(&v, &snpa) < 0) {
		*reason = "RFC 7606 section 7.11: MP_REACH_NLRI reserved octet missing";
		return -1;
	}
	/* RFC 4760 section 3: the former SNPA count is reserved and must be
	 * ignored; RFC 2858 encoders put SNPAs there, so skip them if any. */
	for (unsigned i = 0; i < snpa; i++) {
		uint8_t l;
		if (rbuf_get_u8(&v, &l) < 0 || rbuf_skip(&v, (l + 1u) / 2) < 0) {
			*reason = "RFC 2858 section 3: SNPA overruns MP_REACH_NLRI";
			return -1;
		}
	}
	m->nlri = rbuf_cur(&v);
	m->nlri_len = (uint32_t)rbuf_left(&v);
	return 0;
}

/* RFC 4760 section 4 (MP_UNREACH_NLRI). */
static int decode_mp_unreach(struct bgp_attrs *a, struct rbuf v, const char **reason)
{
	struct bgp_mp_unreach *m = &a->mp_unreach;
	if (rbuf_get_u16(&v, &m->afi) < 0 || rbuf_get_u8(&v, &m->safi) < 0) {
		*reason = "RFC 7606 section 7.11: MP_UNREACH_NLRI shorter than AFI and SAFI";
		return -1;
	}
	m->nlri = rbuf_cur(&v);
	m->nlri_len = (uint32_t)rbuf_left(&v);
	return 0;
}

/* ---- Storing well-formed values: one function per attribute type ---- */

/* Each stores the value of an attribute whose flags and length its row
 * has already checked. Returns 0, or -1 with *why when the value itself is
 * malformed (the row's class then applies). */
typedef int (*attr_store_fn)(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why);

static int store_origin(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts;
	if (v.p[0] > 2) {
		*why = "RFC 7606 section 7.1: ORIGIN value undefined";
		return -1;
	}
	a->origin = v.p[0];
	return 0;
}

static int store_as_path(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)opts;
	if (path_parse(&a->as_path, v, asn_size, why) < 0) {
		a->as_path.nseg = a->as_path.nasn = 0;
		return -1;
	}
	return 0;
}

static int store_next_hop(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	memcpy(a->next_hop, v.p, 4);
	return 0;
}

static int store_med(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->med = be32(v.p);
	return 0;
}

static int store_local_pref(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->local_pref = be32(v.p);
	return 0;
}

static int store_nothing(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)a, (void)v, (void)asn_size, (void)opts, (void)why;
	return 0;
}

static int store_aggregator(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)opts, (void)why;
	a->aggr_as = asn_size == 4 ? be32(v.p) : be16(v.p);
	memcpy(a->aggr_ip, v.p + asn_size, 4);
	return 0;
}

static int store_communities(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->comm = v.p;
	a->comm_len = (uint32_t)v.len;
	return 0;
}

static int store_originator_id(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	memcpy(a->originator_id, v.p, 4);
	return 0;
}

static int store_cluster_list(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->cluster = v.p;
	a->cluster_len = (uint32_t)v.len;
	return 0;
}

static int store_mp_reach(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size;
	return decode_mp_reach(a, v, opts, why);
}

static int store_mp_unreach(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts;
	return decode_mp_unreach(a, v, why);
}

static int store_ext_communities(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->ecomm = v.p;
	a->ecomm_len = (uint32_t)v.len;
	return 0;
}

static int store_as4_path(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts;
	const char *ignored;
	if (path_parse(&a->as4_path, v, 4, &ignored) < 0) {
		a->as4_path.nseg = a->as4_path.nasn = 0;
		*why = "RFC 6793 section 6: malformed AS4_PATH discarded";
		return -1;
	}
	return 0;
}

static int store_as4_aggregator(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->as4_aggr_as = be32(v.p);
	memcpy(a->as4_aggr_ip, v.p + 4, 4);
	return 0;
}

static int store_large_communities(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->lcomm = v.p;
	a->lcomm_len = (uint32_t)v.len;
	return 0;
}

static int store_otc(struct bgp_attrs *a, struct rbuf v, int asn_size, int opts, const char **why)
{
	(void)asn_size, (void)opts, (void)why;
	a->otc = be32(v.p);
	return 0;
}

/* ---- The rules: one row per known attribute type ---- */

/* Required values of the Optional and Transitive bits (RFC 4271 section
 * 4.3); the Partial and Extended Length bits are not part of the check. */
#define F_MASK (BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE)
#define F_WELL_KNOWN BGP_ATTR_FLAG_TRANSITIVE
#define F_OPT_TRANS (BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE)
#define F_OPT_NONTRANS BGP_ATTR_FLAG_OPTIONAL

enum len_rule {
	LEN_ANY,          /* the store function checks the value */
	LEN_EQ,           /* exactly n */
	LEN_MULT,         /* a multiple of n, zero allowed */
	LEN_MULT_NZ,      /* a non-zero multiple of n */
};

struct attr_rule {
	uint8_t type;
	uint8_t flags;            /* required Optional and Transitive bits */
	uint8_t asn_size;         /* 0: any session; 2 or 4: the row applies only there */
	enum len_rule len_rule;
	uint8_t len;
	/* Class of a malformed one (RFC 7606 section 7): attribute-discard,
	 * treat-as-withdraw, or session-reset (the UPDATE is unusable). */
	enum bgp_action act;
	const char *why;          /* the rule a wrong length breaks */
	const char *why_flags;    /* the rule wrong flags break */
	attr_store_fn store;
};

/* RULE(type, name, flags, session, length rule, n, class, length reason,
 * store): the flags reason names the attribute. */
#define RULE(type, name, flags, asn, lrule, n, act, why, store)                                         \
	{ type, flags, asn, lrule, n, act, why,                                                            \
	  "RFC 7606 section 3 (c): " name " has Optional or Transitive flags that conflict with its type", \
	  store }

/* One row per rule, sorted by type: required flags, the length rule and
 * the error class are those of RFC 7606 section 7 (and the RFCs it
 * points to) for the type. */
static const struct attr_rule attr_rules[] = {
	RULE(BGP_ATTR_ORIGIN, "ORIGIN", F_WELL_KNOWN, 0, LEN_EQ, 1, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.1: ORIGIN length is not 1", store_origin),
	RULE(BGP_ATTR_AS_PATH, "AS_PATH", F_WELL_KNOWN, 0, LEN_ANY, 0, BGP_ACT_TREAT_AS_WITHDRAW,
	     NULL, store_as_path),
	RULE(BGP_ATTR_NEXT_HOP, "NEXT_HOP", F_WELL_KNOWN, 0, LEN_EQ, 4, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.3: NEXT_HOP length is not 4", store_next_hop),
	RULE(BGP_ATTR_MED, "MULTI_EXIT_DISC", F_OPT_NONTRANS, 0, LEN_EQ, 4, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.4: MULTI_EXIT_DISC length is not 4", store_med),
	RULE(BGP_ATTR_LOCAL_PREF, "LOCAL_PREF", F_WELL_KNOWN, 0, LEN_EQ, 4, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.5: LOCAL_PREF length is not 4", store_local_pref),
	RULE(BGP_ATTR_ATOMIC_AGGREGATE, "ATOMIC_AGGREGATE", F_WELL_KNOWN, 0, LEN_EQ, 0, BGP_ACT_ATTR_DISCARD,
	     "RFC 7606 section 7.6: ATOMIC_AGGREGATE length is not 0", store_nothing),
	RULE(BGP_ATTR_AGGREGATOR, "AGGREGATOR", F_OPT_TRANS, 2, LEN_EQ, 6, BGP_ACT_ATTR_DISCARD,
	     "RFC 7606 section 7.7: AGGREGATOR length is not 6 on a 2-octet AS session", store_aggregator),
	RULE(BGP_ATTR_AGGREGATOR, "AGGREGATOR", F_OPT_TRANS, 4, LEN_EQ, 8, BGP_ACT_ATTR_DISCARD,
	     "RFC 7606 section 7.7: AGGREGATOR length is not 8 on a 4-octet AS session", store_aggregator),
	RULE(BGP_ATTR_COMMUNITIES, "COMMUNITIES", F_OPT_TRANS, 0, LEN_MULT_NZ, 4, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.8: COMMUNITIES length not a non-zero multiple of 4", store_communities),
	RULE(BGP_ATTR_ORIGINATOR_ID, "ORIGINATOR_ID", F_OPT_NONTRANS, 0, LEN_EQ, 4, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.9: ORIGINATOR_ID length is not 4", store_originator_id),
	RULE(BGP_ATTR_CLUSTER_LIST, "CLUSTER_LIST", F_OPT_NONTRANS, 0, LEN_MULT_NZ, 4, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.10: CLUSTER_LIST length not a non-zero multiple of 4", store_cluster_list),
	/* RFC 7606 section 7.11: a malformed MP_REACH_NLRI or MP_UNREACH_NLRI
	 * makes the whole UPDATE unusable (session reset). */
	RULE(BGP_ATTR_MP_REACH_NLRI, "MP_REACH_NLRI", F_OPT_NONTRANS, 0, LEN_ANY, 0, BGP_ACT_SESSION_RESET,
	     NULL, store_mp_reach),
	RULE(BGP_ATTR_MP_UNREACH_NLRI, "MP_UNREACH_NLRI", F_OPT_NONTRANS, 0, LEN_ANY, 0, BGP_ACT_SESSION_RESET,
	     NULL, store_mp_unreach),
	RULE(BGP_ATTR_EXT_COMMUNITIES, "EXTENDED_COMMUNITIES", F_OPT_TRANS, 0, LEN_MULT, 8, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 7606 section 7.14: EXTENDED_COMMUNITIES length not a multiple of 8", store_ext_communities),
	/* RFC 6793 section 6: a malformed AS4_PATH or AS4_AGGREGATOR is
	 * discarded, not withdrawn. */
	RULE(BGP_ATTR_AS4_PATH, "AS4_PATH", F_OPT_TRANS, 0, LEN_ANY, 0, BGP_ACT_ATTR_DISCARD,
	     NULL, store_as4_path),
	RULE(BGP_ATTR_AS4_AGGREGATOR, "AS4_AGGREGATOR", F_OPT_TRANS, 0, LEN_EQ, 8, BGP_ACT_ATTR_DISCARD,
	     "RFC 6793 section 6: AS4_AGGREGATOR length is not 8", store_as4_aggregator),
	RULE(BGP_ATTR_LARGE_COMMUNITIES, "LARGE_COMMUNITIES", F_OPT_TRANS, 0, LEN_MULT_NZ, 12, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 8092 section 6: LARGE_COMMUNITIES length not a non-zero multiple of 12", store_large_communities),
	RULE(BGP_ATTR_OTC, "OTC", F_OPT_TRANS, 0, LEN_EQ, 4, BGP_ACT_TREAT_AS_WITHDRAW,
	     "RFC 9234 section 5: OTC length is not 4", store_otc),
};
#undef RULE

/* The row for a type on this session, or NULL for a type we do not know. */
static const struct attr_rule *attr_rule_find(uint8_t type, int asn_size)
{
	for (size_t i = 0; i < sizeof attr_rules / sizeof attr_rules[0]; i++) {
		const struct attr_rule *r = &attr_rules[i];
		if (r->type > type)
			break;
		if (r->type == type && (r->asn_size == 0 || r->asn_size == asn_size))
			return r;
	}
	return NULL;
}

static bool len_ok(const struct attr_rule *r, size_t len)
{
	switch (r->len_rule) {
	case LEN_ANY: return true;
	case LEN_EQ: return len == r->len;
	case LEN_MULT: return len % r->len == 0;
	case LEN_MULT_NZ: return len != 0 && len % r->len == 0;
	}
	return false;
}

static void keep_unknown(struct bgp_attrs *a, uint8_t flags, uint8_t type, struct rbuf v)
{
	if (a->n_unknown < BGP_MAX_UNKNOWN_ATTRS) {
		struct bgp_unknown_attr *u = &a->unknown[a->n_unknown++];
		u->flags = flags;
		u->type = type;
		u->len = (uint16_t)v.len;
		u->val = v.p;
	}
	a->n_unknown_total++;
}

enum bgp_status bgp_attrs_decode(struct bgp_attrs *a, struct rbuf b, int asn_size, int opts,
				 const char **reason)
{
	a->gen = atomic_fetch_add_explicit(&attrs_gen, 1, memory_order_relaxed) + 1;
	memset(a->seen, 0, sizeof a->seen);
	a->asn_size = asn_size;
	a->origin = 0;
	a->as_path.nseg = a->as_path.nasn = 0;
	a->as4_path.nseg = a->as4_path.nasn = 0;
	a->path.nseg = a->path.nasn = 0;
	a->as4_merged = false;
	a->med = a->local_pref = 0;
	a->aggr_as = a->as4_aggr_as = 0;
	a->comm = a->ecomm = a->lcomm = a->cluster = NULL;
	a->comm_len = a->ecomm_len = a->lcomm_len = a->cluster_len = 0;
	a->otc = 0;
	a->n_unknown = a->n_unknown_total = 0;
	a->action = BGP_ACT_NONE;
	a->error = NULL;
	a->error_attr = 0;
	a->n_errors = 0;
	/* Types met so far, well-formed or not: RFC 7606 section 3 (g) keeps
	 * the first occurrence even when that one was malformed. */
	uint64_t occurred[4] = { 0, 0, 0, 0 };

	while (rbuf_left(&b)) {
		uint8_t flags, type;
		uint16_t len;
		struct rbuf v;
		if (rbuf_get_u8(&b, &flags) < 0 || rbuf_get_u8(&b, &type) < 0) {
			*reason = "RFC 7606 section 4: attribute header truncated";
			return BGP_MALFORMED;
		}
		if (flags & BGP_ATTR_FLAG_EXTLEN) {
			if (rbuf_get_u16(&b, &len) < 0) {
				*reason = "RFC 7606 section 4: attribute length truncated";
				return BGP_MALFORMED;
			}
		} else {
			uint8_t l8;
			if (rbuf_get_u8(&b, &l8) < 0) {
				*reason = "RFC 7606 section 4: attribute length truncated";
				return BGP_MALFORMED;
			}
			len = l8;
		}
		if (rbuf_get_sub(&b, len, &v) < 0) {
			*reason = "RFC 7606 section 4: attribute length overruns the path attributes";
			return BGP_MALFORMED;
		}
		/* RFC 7606 section 3 (g): a repeated MP_REACH_NLRI or
		 * MP_UNREACH_NLRI makes the UPDATE unusable; any other repeated
		 * attribute is discarded in all but its first occurrence. */
		uint64_t bit = (uint64_t)1 << (type & 63);
		if (occurred[type >> 6] & bit) {
			if (type == BGP_ATTR_MP_REACH_NLRI || type == BGP_ATTR_MP_UNREACH_NLRI) {
				*reason = "RFC 7606 section 3 (g): MP_REACH_NLRI or MP_UNREACH_NLRI repeated";
				return BGP_MALFORMED;
			}
			attr_error(a, type, BGP_ACT_ATTR_DISCARD, "RFC 7606 section 3 (g): attribute repeated; later copies discarded");
			continue;
		}
		occurred[type >> 6] |= bit;
		const struct attr_rule *r = attr_rule_find(type, asn_size);
		if (!r) {
			keep_unknown(a, flags, type, v);
			set_seen(a, type);
			continue;
		}
		/* RFC 7606 section 3 (c): Optional and Transitive bits that
		 * conflict with the type make the attribute malformed; the
		 * type's own error class applies. */
		const char *why = NULL;
		if ((flags & F_MASK) != r->flags)
			why = r->why_flags;
		else if (!len_ok(r, len))
			why = r->why;
		else if (r->store(a, v, asn_size, opts, &why) == 0)
			why = NULL;
		if (!why) {
			set_seen(a, type);
			continue;
		}
		if (r->act == BGP_ACT_SESSION_RESET) {
			*reason = why;
			return BGP_MALFORMED;
		}
		attr_error(a, type, r->act, why);
	}

	/* RFC 6793 section 4.2.3: only a 2-octet session carries AS4_*; a
	 * 4-octet speaker ignores them. An AGGREGATOR that is not AS_TRANS
	 * means AS4_AGGREGATOR and AS4_PATH are both stale and ignored. */
	bool use_as4 = asn_size == 2;
	if (use_as4 && bgp_attr_has(a, BGP_ATTR_AGGREGATOR) && bgp_attr_has(a, BGP_ATTR_AS4_AGGREGATOR)) {
		if (a->aggr_as != BGP_AS_TRANS) {
			use_as4 = false;
		} else {
			a->aggr_as = a->as4_aggr_as;
			memcpy(a->aggr_ip, a->as4_aggr_ip, 4);
		}
	}
	if (use_as4 && bgp_attr_has(a, BGP_ATTR_AS4_PATH) && bgp_attr_has(a, BGP_ATTR_AS_PATH))
		merge_as4(a);
	else
		path_copy(&a->path, &a->as_path);
	return BGP_OK;
}
