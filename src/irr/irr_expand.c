/*
 * Recursive as-set and route-set expansion (RFC 2622 sections 2, 5.1, 5.2;
 * RFC 4012 mp-members): breadth first under a depth limit, range operators
 * composed along the way and applied to prefixes, mbrs-by-ref/member-of
 * honoured, and cycles found by a separate depth-first pass and reported.
 */
#include "irr/irr.h"
#include "lib/hashset.h"
#include "lib/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A composed range operator. Every RFC 2622 operator maps the admitted
 * lengths [lo, hi] of a prefix to [max(lo + add, floor), H] where H is hi
 * itself (no operator), the family's maximum (^- and ^+) or a constant
 * (^n, ^n-m): ^- is (1, 0, max), ^+ (0, 0, max), ^n (0, n, n), ^n-m
 * (0, n, m). That form is closed under composition, so an operator
 * applied to a set reference, itself inside a set referenced with an
 * operator, stays four small numbers. RFC 2622 leaves the combination of
 * operators loosely specified; this is the reading of IRRToolSet (an
 * outer ^- or ^+ extends the range to the maximum from the member's own
 * lower bound; an outer ^n-m keeps the larger lower bound), documented in
 * docs/irr.md.
 */
struct xop {
	uint8_t add, floor;
	uint8_t hk;     /* 0: keep hi; 1: the family's maximum; 2: the constant hi */
	uint8_t hi;
};

#define XOP_SAT 129     /* past any prefix length: the range is empty */

static struct xop xop_of(struct rpsl_op op)
{
	struct xop x = { 0, 0, 0, 0 };
	switch (op.kind) {
	case RPSL_OP_MINUS: x.add = 1; x.hk = 1; break;
	case RPSL_OP_PLUS: x.hk = 1; break;
	case RPSL_OP_N: x.floor = op.n; x.hk = 2; x.hi = op.n; break;
	case RPSL_OP_NM: x.floor = op.n; x.hk = 2; x.hi = op.m; break;
	default: break;
	}
	return x;
}

static uint8_t sat(unsigned v) { return (uint8_t)(v > XOP_SAT ? XOP_SAT : v); }

/* inner first, then outer. */
static struct xop compose(struct xop inner, struct xop outer)
{
	struct xop x;
	x.add = sat((unsigned)inner.add + outer.add);
	unsigned f = (unsigned)inner.floor + outer.add;
	x.floor = sat(f > outer.floor ? f : outer.floor);
	if (outer.hk) {
		x.hk = outer.hk;
		x.hi = outer.hi;
	} else {
		x.hk = inner.hk;
		x.hi = inner.hi;
	}
	return x;
}

static uint32_t xop_pack(struct xop x)
{
	return (uint32_t)x.add << 24 | (uint32_t)x.floor << 16 | (uint32_t)x.hk << 8 | x.hi;
}

static struct xop xop_unpack(uint32_t v)
{
	struct xop x = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	return x;
}

/* Applies x to the range [*lo, *hi] of a prefix of family maximum max;
 * false if nothing is left. */
static bool xop_apply(struct xop x, unsigned max, uint8_t *lo, uint8_t *hi)
{
	unsigned l = (unsigned)*lo + x.add, h = *hi;
	if (l < x.floor)
		l = x.floor;
	if (x.hk == 1)
		h = max;
	else if (x.hk == 2)
		h = x.hi > max ? max : x.hi;
	if (l > h || l > max)
		return false;
	*lo = (uint8_t)l;
	*hi = (uint8_t)h;
	return true;
}

/* ---- Output helpers ------------------------------------------------ */

static void strs_add(struct irr_strs *s, const char *v)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = xstrdup(v);
}

static void strs_free(struct irr_strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

size_t irr_range_fmt(const struct irr_prefix_range *r, char *out)
{
	size_t n = prefix_fmt(&r->prefix, out);
	unsigned len = r->prefix.len, max = r->prefix.afi == AFI_IPV6 ? 128 : 32;
	if (r->lo == len && r->hi == len)
		return n;
	if (r->lo == len + 1 && r->hi == max)
		return n + (size_t)sprintf(out + n, "^-");
	if (r->lo == len && r->hi == max)
		return n + (size_t)sprintf(out + n, "^+");
	if (r->lo == r->hi)
		return n + (size_t)sprintf(out + n, "^%u", r->lo);
	return n + (size_t)sprintf(out + n, "^%u-%u", r->lo, r->hi);
}

/* ---- Expansion ----------------------------------------------------- */

/*
 * Two passes, so that the work on a set's members is bounded per set and
 * not per (set, operator) pair:
 *
 * 1. Breadth first over (set, composed operator) states, following only
 *    set references: this finds every set the expansion reaches and the
 *    operators it is reached through (a state is four bytes; cycles end
 *    because composed operators saturate at XOP_SAT, and a set is never
 *    visited twice with one operator).
 * 2. Each set's own members (prefixes, AS numbers, objects joining it by
 *    mbrs-by-ref) are read once. A prefix member's result depends only on
 *    its family and range (lo, hi), not on its address: the operators are
 *    applied once per distinct range, and each member then takes the
 *    distinct resulting ranges.
 *
 * The depth limit bounds the sets reached, not the states: a reference to
 * a set already reached is followed whatever its level (a cycle is not a
 * depth problem), and only a set first reached past the limit is left out.
 */

static size_t uniq(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

struct qent {
	uint32_t node;      /* local id of the set */
	uint32_t op;        /* packed xop */
	uint32_t depth;     /* level of this state */
};

struct node {
	uint32_t set;
	uint32_t level;     /* the shallowest level the set is reached at */
};

struct pair {
	uint32_t asn, op;
};

struct ctx {
	const struct irr_db *db;
	const struct irr_expand_opts *opts;
	struct irr_expansion *e;
	bool route_set;             /* the root is a route-set */
	uint16_t act[IRR_MAX_SOURCES];
	unsigned nact;
	uint32_t any_id, as_any_id, rs_any_id;

	struct qent *q;
	size_t qn, qcap;
	struct hashset visited;     /* (node << 32 | op) */
	struct u32map local;        /* set -> local id */
	struct node *nodes;         /* local id -> set, level (root 0) */
	size_t nnodes, nodes_cap;
	struct hashset noted;       /* names already listed as missing/limited/reserved */

	uint32_t *asns;             /* as-set root */
	size_t nasns, asns_cap;
	struct pair *pairs;         /* route-set root: (origin, operator) */
	size_t npairs, pairs_cap;
	struct irr_prefix_range *pfx;
	size_t npfx, pfx_cap;
};

static uint32_t resolve(const struct ctx *c, uint32_t name, uint16_t source)
{
	const struct irr_db *db = c->db;
	if (name >= db->nstr)
		return IRR_NONE;
	if (source != IRR_NO_SOURCE) {
		for (uint32_t i = db->set_head[name]; i != IRR_NONE; i = db->sets[i].next)
			if (db->sets[i].source == source)
				return i;
		return IRR_NONE;
	}
	for (unsigned k = 0; k < c->nact; k++)
		for (uint32_t i = db->set_head[name]; i != IRR_NONE; i = db->sets[i].next)
			if (db->sets[i].source == c->act[k])
				return i;
	return IRR_NONE;
}

static void add_asn(struct ctx *c, uint32_t asn)
{
	c->asns = xgrow(c->asns, &c->asns_cap, c->nasns + 1, sizeof *c->asns);
	c->asns[c->nasns++] = asn;
}

/* An AS number in a route-set: its routes, through op (none if op admits
 * no length). */
static void add_pair(struct ctx *c, uint32_t asn, struct xop op)
{
	if (op.add >= XOP_SAT || op.floor >= XOP_SAT)
		return;
	c->pairs = xgrow(c->pairs, &c->pairs_cap, c->npairs + 1, sizeof *c->pairs);
	c->pairs[c->npairs].asn = asn;
	c->pairs[c->npairs++].op = xop_pack(op);
}

static void push_range(struct ctx *c, const struct prefix *p, uint8_t lo, uint8_t hi)
{
	c->pfx = xgrow(c->pfx, &c->pfx_cap, c->npfx + 1, sizeof *c->pfx);
	struct irr_prefix_range *r = &c->pfx[c->npfx++];
	r->prefix = *p;
	r->lo = lo;
	r->hi = hi;
}

static void add_range(struct ctx *c, const struct prefix *p, uint8_t lo, uint8_t hi, struct xop op)
{
	unsigned max = p->afi == AFI_IPV6 ? 128 : 32;
	if (xop_apply(op, max, &lo, &hi))
		push_range(c, p, lo, hi);
}

/* Lists a name once in one of the diagnostic lists. */
static void note(struct ctx *c, struct irr_strs *list, unsigned kind, uint32_t name, uint16_t source)
{
	uint64_t key = (uint64_t)kind << 48 | (uint64_t)source << 32 | name;
	if (!hashset_add(&c->noted, &key))
		return;
	char buf[RPSL_MAX_SOURCE + RPSL_MAX_SET_NAME + 8];
	if (source != IRR_NO_SOURCE)
		snprintf(buf, sizeof buf, "%s::%s", irr_db_source_name(c->db, source), irr_db_str(c->db, name));
	else
		snprintf(buf, sizeof buf, "%s", irr_db_str(c->db, name));
	strs_add(list, buf);
}

static void enqueue(struct ctx *c, uint32_t node, struct xop op, uint32_t depth)
{
	uint64_t key = (uint64_t)node << 32 | xop_pack(op);
	if (!hashset_add(&c->visited, &key))
		return;
	c->q = xgrow(c->q, &c->qcap, c->qn + 1, sizeof *c->q);
	c->q[c->qn].node = node;
	c->q[c->qn].op = xop_pack(op);
	c->q[c->qn++].depth = depth;
	if (c->nodes[node].level > c->e->depth)
		c->e->depth = c->nodes[node].level;
}

static uint32_t add_node(struct ctx *c, uint32_t set, uint32_t level)
{
	c->nodes = xgrow(c->nodes, &c->nodes_cap, c->nnodes + 1, sizeof *c->nodes);
	c->nodes[c->nnodes].set = set;
	c->nodes[c->nnodes].level = level;
	*u32map_put(&c->local, set, IRR_NONE, NULL) = (uint32_t)c->nnodes;
	return (uint32_t)c->nnodes++;
}

/* RFC 2622 sections 5.1, 5.2: objects that name the set in member-of
 * belong to it if the set's mbrs-by-ref lists one of their maintainers,
 * or ANY. Maintainer names mean something within one registry, so only
 * objects of an active source of the set's registry count (RIPE and
 * RIPE-NONAUTH are one registry). */
static bool mnt_match(const struct ctx *c, const struct irr_set *s, uint32_t mnt, uint16_t nmnt)
{
	const struct irr_db *db = c->db;
	for (uint32_t k = 0; k < s->nref; k++) {
		uint32_t ref = db->ids[s->ref + k];
		if (ref == c->any_id)
			return true;
		for (uint16_t j = 0; j < nmnt; j++)
			if (db->ids[mnt + j] == ref)
				return true;
	}
	return false;
}

static bool active(const struct ctx *c, uint16_t source)
{
	for (unsigned k = 0; k < c->nact; k++)
		if (c->act[k] == source)
			return true;
	return false;
}

static bool same_registry(const struct ctx *c, uint16_t obj_source, uint16_t set_source)
{
	return c->db->registry[obj_source] == c->db->registry[set_source] && active(c, obj_source);
}

/* Pass 1 for one state: the set references of its set. */
static void follow(struct ctx *c, const struct qent *q)
{
	const struct irr_db *db = c->db;
	const struct irr_set *s = &db->sets[c->nodes[q->node].set];
	struct xop op = xop_unpack(q->op);
	for (uint32_t k = 0; k < s->nmem; k++) {
		const struct irr_member *m = &db->members[s->mem + k];
		if (m->type == RPSL_MEMBER_ASN || m->type == RPSL_MEMBER_PREFIX)
			continue;
		if (m->id == c->as_any_id || m->id == c->rs_any_id) {
			note(c, &c->e->reserved, 0, m->id, m->source);
			continue;
		}
		uint32_t t = resolve(c, m->id, m->source);
		if (t == IRR_NONE) {
			note(c, &c->e->missing, 1, m->id, m->source);
			continue;
		}
		struct xop mop = compose(xop_of(m->op), op);
		if (mop.add >= XOP_SAT || mop.floor >= XOP_SAT)
			continue;   /* the operator admits no prefix length */
		uint32_t l = u32map_get(&c->local, t, IRR_NONE);
		if (l == IRR_NONE) {
			if (c->nodes[q->node].level + 1 > c->opts->depth) {
				note(c, &c->e->limited, 2, m->id, m->source);
				continue;
			}
			l = add_node(c, t, c->nodes[q->node].level + 1);
		}
		enqueue(c, l, mop, q->depth + 1);
	}
}

/* A prefix member's range class and the distinct ranges the operators of
 * its set give it. */
struct rclass {
	uint8_t afi, lo, hi;
	uint32_t out, nout;     /* into the outputs array */
};

static int cmp_rclass(const void *a, const void *b)
{
	const struct rclass *x = a, *y = b;
	if (x->afi != y->afi)
		return x->afi < y->afi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->hi > y->hi) - (x->hi < y->hi);
}

static int cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	return (x > y) - (x < y);
}

struct own {
	struct irr_prefix_range *r;     /* prefix members and routes by reference */
	size_t nr, rcap;
	struct pair *p;                 /* AS members and aut-nums by reference, own operator */
	size_t np, pcap;
	struct rclass *cls;
	size_t ncls, clscap;
	uint16_t *outs;                 /* lo << 8 | hi */
	size_t nouts, outscap;
};

static void own_range(struct own *w, const struct prefix *p, uint8_t lo, uint8_t hi)
{
	w->r = xgrow(w->r, &w->rcap, w->nr + 1, sizeof *w->r);
	w->r[w->nr].prefix = *p;
	w->r[w->nr].lo = lo;
	w->r[w->nr++].hi = hi;
}

static void own_pair(struct own *w, uint32_t asn, struct xop op)
{
	w->p = xgrow(w->p, &w->pcap, w->np + 1, sizeof *w->p);
	w->p[w->np].asn = asn;
	w->p[w->np++].op = xop_pack(op);
}

static const struct rclass *find_class(const struct own *w, const struct irr_prefix_range *r)
{
	struct rclass k = { r->prefix.afi, r->lo, r->hi, 0, 0 };
	return bsearch(&k, w->cls, w->ncls, sizeof k, cmp_rclass);
}

/* Pass 2 for one set reached through the operators ops[0..nops). */
static void expand_set(struct ctx *c, struct own *w, uint32_t set, const uint32_t *ops, size_t nops)
{
	const struct irr_db *db = c->db;
	const struct irr_set *s = &db->sets[set];
	struct xop none = { 0, 0, 0, 0 };
	w->nr = w->np = w->ncls = w->nouts = 0;
	for (uint32_t k = 0; k < s->nmem; k++) {
		const struct irr_member *m = &db->members[s->mem + k];
		if (m->type == RPSL_MEMBER_ASN)
			own_pair(w, m->id, xop_of(m->op));
		else if (m->type == RPSL_MEMBER_PREFIX)
			own_range(w, &m->prefix, m->lo, m->hi);   /* the member's own operator applied */
	}
	if (s->nref) {
		for (uint32_t i = db->mof_head[s->name]; i != IRR_NONE; i = db->mof[i].next) {
			const struct irr_memberof *m = &db->mof[i];
			if (s->cls == RPSL_AS_SET && m->cls == RPSL_AUT_NUM) {
				const struct irr_autnum *a = &db->autnums[m->obj];
				if (same_registry(c, a->source, s->source) && mnt_match(c, s, a->mnt, a->nmnt))
					own_pair(w, a->asn, none);
			} else if (s->cls == RPSL_ROUTE_SET && (m->cls == RPSL_ROUTE || m->cls == RPSL_ROUTE6)) {
				const struct irr_route *r = &db->routes[m->obj];
				if (same_registry(c, r->source, s->source) && mnt_match(c, s, r->mnt, r->nmnt))
					own_range(w, &r->prefix, r->prefix.len, r->prefix.len);
			}
		}
	}
	/* AS numbers: an as-set root ignores operators; in a route-set each
	 * operator composes with the member's own. */
	for (size_t i = 0; i < w->np; i++) {
		if (!c->route_set) {
			add_asn(c, w->p[i].asn);
			continue;
		}
		for (size_t k = 0; k < nops; k++)
			add_pair(c, w->p[i].asn, compose(xop_unpack(w->p[i].op), xop_unpack(ops[k])));
	}
	if (!w->nr)
		return;
	/* Prefixes: the distinct classes, then each class through every
	 * operator, then each member takes its class's ranges. */
	for (size_t i = 0; i < w->nr; i++) {
		w->cls = xgrow(w->cls, &w->clscap, w->ncls + 1, sizeof *w->cls);
		struct rclass k = { w->r[i].prefix.afi, w->r[i].lo, w->r[i].hi, 0, 0 };
		w->cls[w->ncls++] = k;
	}
	w->ncls = uniq(w->cls, w->ncls, sizeof *w->cls, cmp_rclass);
	for (size_t i = 0; i < w->ncls; i++) {
		struct rclass *k = &w->cls[i];
		unsigned max = k->afi == AFI_IPV6 ? 128 : 32;
		k->out = (uint32_t)w->nouts;
		for (size_t j = 0; j < nops; j++) {
			uint8_t lo = k->lo, hi = k->hi;
			if (!xop_apply(xop_unpack(ops[j]), max, &lo, &hi))
				continue;
			w->outs = xgrow(w->outs, &w->outscap, w->nouts + 1, sizeof *w->outs);
			w->outs[w->nouts++] = (uint16_t)(lo << 8 | hi);
		}
		k->nout = (uint32_t)uniq(w->outs + k->out, w->nouts - k->out, sizeof *w->outs, cmp_u16);
		w->nouts = k->out + k->nout;
	}
	for (size_t i = 0; i < w->nr; i++) {
		const struct rclass *k = find_class(w, &w->r[i]);
		for (uint32_t j = 0; j < k->nout; j++) {
			uint16_t o = w->outs[k->out + j];
			push_range(c, &w->r[i].prefix, (uint8_t)(o >> 8), (uint8_t)o);
		}
	}
}

static int cmp_qent(const void *a, const void *b)
{
	const struct qent *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return (x->op > y->op) - (x->op < y->op);
}

/* Pass 2 over every set reached, once each. */
static void expand_all(struct ctx *c)
{
	qsort(c->q, c->qn, sizeof *c->q, cmp_qent);
	uint32_t *ops = xreallocarray(NULL, c->qn ? c->qn : 1, sizeof *ops);
	struct own w;
	memset(&w, 0, sizeof w);
	for (size_t i = 0; i < c->qn;) {
		size_t j = i;
		while (j < c->qn && c->q[j].node == c->q[i].node) {
			ops[j - i] = c->q[j].op;
			j++;
		}
		expand_set(c, &w, c->nodes[c->q[i].node].set, ops, j - i);
		i = j;
	}
	free(ops);
	free(w.r);
	free(w.p);
	free(w.cls);
	free(w.outs);
}

/* ---- Cycles -------------------------------------------------------- */

struct frame {
	uint32_t local, cursor;
};

static void describe_cycle(struct ctx *c, const struct frame *st, size_t depth, size_t from, uint32_t back)
{
	struct irr_expansion *e = c->e;
	e->ncycles++;
	if (e->cycles.n >= IRR_MAX_CYCLES)
		return;
	size_t cap = 256, len = 0;
	char *buf = xmalloc(cap);
	buf[0] = 0;
	for (size_t i = from; i <= depth; i++) {
		uint32_t set = i < depth ? c->nodes[st[i].local].set : back;
		const char *name = irr_db_str(c->db, c->db->sets[set].name);
		buf = xgrow(buf, &cap, len + strlen(name) + 5, 1);
		len += (size_t)sprintf(buf + len, "%s%s", i > from ? " -> " : "", name);
	}
	strs_add(&e->cycles, buf);
	free(buf);
}

/* Depth-first over the sets the expansion reached (only those, so the
 * walk is bounded like the expansion); every edge back to a set on the
 * current path closes a cycle. Iterative: nesting depth cannot overflow
 * the C stack. */
static void find_cycles(struct ctx *c)
{
	const struct irr_db *db = c->db;
	size_t n = c->nnodes ? c->nnodes : 1;
	uint8_t *color = xcalloc(n, 1);                          /* 0 new, 1 on the path, 2 done */
	uint32_t *pos = xreallocarray(NULL, n, sizeof *pos);     /* stack position when on path */
	struct frame *st = xreallocarray(NULL, n, sizeof *st);
	size_t sp = 0;
	if (c->nnodes) {
		st[sp].local = 0;
		st[sp].cursor = 0;
		color[0] = 1;
		pos[0] = 0;
		sp = 1;
	}
	while (sp) {
		struct frame *f = &st[sp - 1];
		const struct irr_set *s = &db->sets[c->nodes[f->local].set];
		bool pushed = false;
		while (f->cursor < s->nmem && !pushed) {
			const struct irr_member *m = &db->members[s->mem + f->cursor++];
			if (m->type != RPSL_MEMBER_AS_SET && m->type != RPSL_MEMBER_ROUTE_SET)
				continue;
			uint32_t t = resolve(c, m->id, m->source);
			if (t == IRR_NONE)
				continue;
			uint32_t l = u32map_get(&c->local, t, IRR_NONE);
			if (l == IRR_NONE)
				continue;   /* past the depth limit */
			if (color[l] == 1) {
				describe_cycle(c, st, sp, pos[l], t);
			} else if (color[l] == 0) {
				color[l] = 1;
				pos[l] = (uint32_t)sp;
				st[sp].local = l;
				st[sp].cursor = 0;
				sp++;
				pushed = true;
			}
		}
		if (!pushed) {
			color[f->local] = 2;
			sp--;
		}
	}
	free(color);
	free(pos);
	free(st);
}

/* ---- Results ------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	return (x->op > y->op) - (x->op < y->op);
}

static int cmp_range(const void *a, const void *b)
{
	const struct irr_prefix_range *x = a, *y = b;
	int c = prefix_cmp(&x->prefix, &y->prefix);
	if (c)
		return c;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->hi > y->hi) - (x->hi < y->hi);
}

static size_t uniq(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n < 2)
		return n;
	qsort(base, n, size, cmp);
	char *b = base;
	size_t w = 1;
	for (size_t i = 1; i < n; i++)
		if (cmp(b + (w - 1) * size, b + i * size) != 0)
			memmove(b + w++ * size, b + i * size, size);
	return w;
}

/* Route objects of active sources originated by asn, through op. */
static void routes_of(struct ctx *c, uint32_t asn, struct xop op)
{
	const struct irr_db *db = c->db;
	for (uint32_t i = u32map_get(&db->by_origin, asn, IRR_NONE); i != IRR_NONE; i = db->routes[i].next_origin) {
		const struct irr_route *r = &db->routes[i];
		if (active(c, r->source))
			add_range(c, &r->prefix, r->prefix.len, r->prefix.len, op);
	}
}

static void finish(struct ctx *c)
{
	struct irr_expansion *e = c->e;
	struct xop none = { 0, 0, 0, 0 };
	if (!c->route_set) {
		c->nasns = uniq(c->asns, c->nasns, sizeof *c->asns, cmp_u32);
		if (c->opts->prefixes)
			for (size_t i = 0; i < c->nasns; i++)
				routes_of(c, c->asns[i], none);
	} else {
		c->npairs = uniq(c->pairs, c->npairs, sizeof *c->pairs, cmp_pair);
		for (size_t i = 0; i < c->npairs; i++) {
			routes_of(c, c->pairs[i].asn, xop_unpack(c->pairs[i].op));
			add_asn(c, c->pairs[i].asn);
		}
		c->nasns = uniq(c->asns, c->nasns, sizeof *c->asns, cmp_u32);
	}
	c->npfx = uniq(c->pfx, c->npfx, sizeof *c->pfx, cmp_range);
	e->asns = c->asns;
	e->nasns = c->nasns;
	e->pfx = c->pfx;
	e->npfx = c->npfx;
	c->asns = NULL;
	c->pfx = NULL;
}

int irr_expand(const struct irr_db *db, const char *name, const struct irr_expand_opts *opts,
	       struct irr_expansion *e, const char **why)
{
	memset(e, 0, sizeof *e);
	size_t n = strlen(name);
	uint16_t source = IRR_NO_SOURCE;
	const char *dc = strstr(name, "::");
	if (dc) {
		int s = irr_db_source_find(db, name, (size_t)(dc - name));
		if (s < 0) {
			*why = "no such source loaded";
			return -1;
		}
		source = (uint16_t)s;
		n -= (size_t)(dc + 2 - name);
		name = dc + 2;
	}
	if (!rpsl_set_name_ok(name, n, "AS-") && !rpsl_set_name_ok(name, n, "RS-")) {
		*why = "not an as-set or route-set name (RFC 2622 section 5)";
		return -1;
	}
	if (opts->depth < 1 || opts->depth > IRR_MAX_DEPTH) {
		*why = "depth limit out of range";
		return -1;
	}
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.db = db;
	c.opts = opts;
	c.e = e;
	c.nact = irr_db_active_sources(db, c.act);
	uint32_t id = irr_db_find_str(db, name, n);
	uint32_t root = id == IRR_NONE ? IRR_NONE : resolve(&c, id, source);
	if (root == IRR_NONE) {
		*why = source != IRR_NO_SOURCE ? "no such set in that source" : "no such set in the active sources";
		return -1;
	}
	c.any_id = irr_db_find_str(db, "ANY", 3);
	c.as_any_id = irr_db_find_str(db, "AS-ANY", 6);
	c.rs_any_id = irr_db_find_str(db, "RS-ANY", 6);
	c.route_set = db->sets[root].cls == RPSL_ROUTE_SET;
	e->root = &db->sets[root];
	hashset_init(&c.visited, 8);
	hashset_init(&c.noted, 8);
	u32map_init(&c.local);
	struct xop none = { 0, 0, 0, 0 };
	enqueue(&c, add_node(&c, root, 1), none, 1);
	for (size_t i = 0; i < c.qn; i++) {
		struct qent q = c.q[i];
		follow(&c, &q);
	}
	e->nsets = (uint32_t)c.nnodes;
	expand_all(&c);
	find_cycles(&c);
	finish(&c);
	hashset_free(&c.visited);
	hashset_free(&c.noted);
	u32map_free(&c.local);
	free(c.q);
	free(c.nodes);
	free(c.pairs);
	return 0;
}

void irr_expansion_free(struct irr_expansion *e)
{
	free(e->asns);
	free(e->pfx);
	strs_free(&e->missing);
	strs_free(&e->limited);
	strs_free(&e->reserved);
	strs_free(&e->cycles);
	memset(e, 0, sizeof *e);
}
