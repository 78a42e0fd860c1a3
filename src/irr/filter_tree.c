/*
 * The prefix tree behind every prefix filter: a path-compressed binary
 * radix tree whose inner branching points are "glue" nodes, as bgpq4 keeps
 * it. Output order, aggregation (-A) and more-specific ranges (-r/-R) are
 * defined on this shape, so they follow the same rules as bgpq4 for
 * byte-identical output: aggregation merges two sibling entries one bit
 * longer than their parent into a range on the parent, and when the
 * parent is itself an entry the range goes to an extra "son" entry.
 */
#include "irr/filter.h"
#include "lib/xmalloc.h"

#include <string.h>

#define NODE(t, i) (&(t)->n[(i)])

static unsigned afi_bits(uint8_t afi)
{
	return afi == AFI_IPV6 ? 128 : 32;
}

/* Bit i (0 = most significant) of p's address. */
static bool bit_at(const struct prefix *p, unsigned i)
{
	if (i >= afi_bits(p->afi))
		return false;
	return (p->b[i / 8] >> (7 - i % 8)) & 1;
}

/* Leading bits a and b share, at most the shorter length. */
static unsigned common_bits(const struct prefix *a, const struct prefix *b)
{
	unsigned lim = a->len < b->len ? a->len : b->len;
	unsigned i = 0;
	while (i < lim && a->b[i / 8] == b->b[i / 8] && i % 8 == 0 && i + 8 <= lim)
		i += 8;
	while (i < lim && bit_at(a, i) == bit_at(b, i))
		i++;
	return i;
}

void filter_tree_init(struct filter_tree *t, uint8_t afi)
{
	memset(t, 0, sizeof *t);
	t->afi = afi;
	t->head = FILTER_NIL;
}

void filter_tree_free(struct filter_tree *t)
{
	free(t->n);
	filter_tree_init(t, t->afi);
}

bool filter_tree_empty(const struct filter_tree *t)
{
	return t->head == FILTER_NIL;
}

static uint32_t node_new(struct filter_tree *t, const struct prefix *p)
{
	if (t->nn >= FILTER_MAX_NODES) {
		t->full = true;
		return FILTER_NIL;
	}
	t->n = xgrow(t->n, &t->cap, t->nn + 1, sizeof *t->n);
	struct filter_node *n = &t->n[t->nn];
	memset(n, 0, sizeof *n);
	n->prefix = *p;
	n->parent = n->l = n->r = n->son = FILTER_NIL;
	return (uint32_t)t->nn++;
}

/* Points whatever pointed at `old` (its parent's child slot or the head)
 * at `repl`. */
static void relink(struct filter_tree *t, uint32_t parent, uint32_t old, uint32_t repl)
{
	if (parent == FILTER_NIL)
		t->head = repl;
	else if (NODE(t, parent)->l == old)
		NODE(t, parent)->l = repl;
	else
		NODE(t, parent)->r = repl;
}

uint32_t filter_tree_insert(struct filter_tree *t, const struct prefix *in)
{
	if (in->afi != t->afi || in->len > afi_bits(in->afi))
		return FILTER_NIL;
	struct prefix p = *in;
	prefix_mask(&p);
	if (t->head == FILTER_NIL)
		return t->head = node_new(t, &p);

	uint32_t cur = t->head;
	for (;;) {
		struct filter_node *c = NODE(t, cur);
		unsigned eb = common_bits(&p, &c->prefix);
		unsigned clen = c->prefix.len;
		if (eb < p.len && eb < clen) {
			/* They part at bit eb: a glue node there holds both. */
			struct prefix g = p;
			g.len = (uint8_t)eb;
			prefix_mask(&g);
			uint32_t leaf = node_new(t, &p);
			if (leaf == FILTER_NIL)
				return FILTER_NIL;
			uint32_t glue = node_new(t, &g);
			if (glue == FILTER_NIL)
				return FILTER_NIL;
			struct filter_node *gn = NODE(t, glue);
			c = NODE(t, cur);
			gn->glue = true;
			if (bit_at(&p, eb)) {
				gn->l = cur;
				gn->r = leaf;
			} else {
				gn->l = leaf;
				gn->r = cur;
			}
			gn->parent = c->parent;
			relink(t, c->parent, cur, glue);
			c->parent = glue;
			NODE(t, leaf)->parent = glue;
			return leaf;
		}
		if (eb == p.len && eb < clen) {
			/* p covers cur: it goes above it. */
			uint32_t nw = node_new(t, &p);
			if (nw == FILTER_NIL)
				return FILTER_NIL;
			c = NODE(t, cur);
			struct filter_node *nn = NODE(t, nw);
			if (bit_at(&c->prefix, eb))
				nn->r = cur;
			else
				nn->l = cur;
			nn->parent = c->parent;
			relink(t, c->parent, cur, nw);
			c->parent = nw;
			return nw;
		}
		if (eb == clen && eb < p.len) {
			bool right = bit_at(&p, eb);
			uint32_t next = right ? c->r : c->l;
			if (next != FILTER_NIL) {
				cur = next;
				continue;
			}
			uint32_t leaf = node_new(t, &p);
			if (leaf == FILTER_NIL)
				return FILTER_NIL;
			c = NODE(t, cur);
			if (right)
				c->r = leaf;
			else
				c->l = leaf;
			NODE(t, leaf)->parent = cur;
			return leaf;
		}
		/* The same prefix: a glue node becomes an entry. */
		c->glue = false;
		return cur;
	}
}

static int insert_specifics(struct filter_tree *t, struct prefix p, unsigned min, unsigned max)
{
	if (p.len >= min && filter_tree_insert(t, &p) == FILTER_NIL)
		return -1;
	if (p.len + 1u > max || p.len >= afi_bits(p.afi))
		return 0;
	unsigned bitno = p.len;
	p.len++;
	if (insert_specifics(t, p, min, max) < 0)
		return -1;
	p.b[bitno / 8] |= (uint8_t)(0x80 >> (bitno % 8));
	return insert_specifics(t, p, min, max);
}

int filter_tree_insert_range(struct filter_tree *t, const struct prefix *p, unsigned min, unsigned max)
{
	if (p->afi != t->afi)
		return 0;
	struct prefix q = *p;
	prefix_mask(&q);
	return insert_specifics(t, q, min, max);
}

/* ---- Ranges -------------------------------------------------------------- */

/* Every tree node under (and including) i of length at most len becomes glue. */
static void glue_upto(struct filter_tree *t, uint32_t i, unsigned len)
{
	if (i == FILTER_NIL)
		return;
	struct filter_node *n = NODE(t, i);
	if (n->prefix.len <= len)
		n->glue = true;
	uint32_t l = n->l, r = n->r;
	glue_upto(t, l, len);
	glue_upto(t, r, len);
}

static void refine(struct filter_tree *t, uint32_t i, unsigned len)
{
	if (i == FILTER_NIL)
		return;
	struct filter_node *n = NODE(t, i);
	uint32_t l = n->l, r = n->r;
	if (!n->glue && n->prefix.len < len) {
		/* An entry shorter than len absorbs what lies under it up to len. */
		n->aggregate = true;
		n->agg_lo = n->prefix.len;
		n->agg_hi = (uint8_t)len;
		if (l != FILTER_NIL) {
			glue_upto(t, l, len);
			refine(t, l, len);
		}
		if (r != FILTER_NIL) {
			glue_upto(t, r, len);
			refine(t, r, len);
		}
	} else if (!n->glue && n->prefix.len == len) {
		refine(t, l, len);
		refine(t, r, len);
	} else if (n->glue) {
		refine(t, r, len);
		refine(t, l, len);
	}
	/* Longer entries pass as they are, and so does all under them. */
}

void filter_tree_refine(struct filter_tree *t, unsigned len)
{
	refine(t, t->head, len);
}

static void refine_low(struct filter_tree *t, uint32_t i, unsigned len)
{
	if (i == FILTER_NIL)
		return;
	struct filter_node *n = NODE(t, i);
	uint32_t l = n->l, r = n->r;
	if (!n->glue && n->prefix.len <= len) {
		if (!n->aggregate) {
			n->aggregate = true;
			n->agg_hi = (uint8_t)afi_bits(n->prefix.afi);
		}
		n->agg_lo = (uint8_t)len;
		if (l != FILTER_NIL) {
			glue_upto(t, l, len);
			refine_low(t, l, len);
		}
		if (r != FILTER_NIL) {
			glue_upto(t, r, len);
			refine_low(t, r, len);
		}
	} else if (n->glue) {
		refine_low(t, r, len);
		refine_low(t, l, len);
	}
}

void filter_tree_refine_low(struct filter_tree *t, unsigned len)
{
	refine_low(t, t->head, len);
}

/* ---- Aggregation --------------------------------------------------------- */

/* A new son entry of node i standing for lengths lo..hi (FILTER_NIL if the
 * tree is full). */
static uint32_t son_new(struct filter_tree *t, uint32_t i, uint8_t lo, uint8_t hi)
{
	struct prefix p = NODE(t, i)->prefix;
	uint32_t s = node_new(t, &p);
	if (s == FILTER_NIL)
		return FILTER_NIL;
	NODE(t, s)->aggregate = true;
	NODE(t, s)->agg_lo = lo;
	NODE(t, s)->agg_hi = hi;
	return s;
}

static bool same_range(const struct filter_node *a, const struct filter_node *b)
{
	return a->agg_lo == b->agg_lo && a->agg_hi == b->agg_hi;
}

/* Takes over range `from` (lo..hi) on node i: a glue node becomes the
 * aggregate itself; an entry keeps its own meaning and gets a son. */
static void take_range(struct filter_tree *t, uint32_t i, uint8_t lo, uint8_t hi)
{
	struct filter_node *n = NODE(t, i);
	if (n->glue) {
		n->glue = false;
		n->aggregate = true;
		n->agg_lo = lo;
		n->agg_hi = hi;
	} else {
		uint32_t s = son_new(t, i, lo, hi);
		if (s != FILTER_NIL)
			NODE(t, i)->son = s;
	}
}

static void aggregate(struct filter_tree *t, uint32_t i)
{
	struct filter_node *n = NODE(t, i);
	if (n->l != FILTER_NIL)
		aggregate(t, n->l);
	n = NODE(t, i);
	if (n->r != FILTER_NIL)
		aggregate(t, n->r);
	n = NODE(t, i);
	if (n->l == FILTER_NIL || n->r == FILTER_NIL)
		return;

	uint32_t li = n->l, ri = n->r;
	struct filter_node *L = NODE(t, li), *R = NODE(t, ri);
	unsigned len = n->prefix.len;
	bool halves = L->prefix.len == len + 1 && R->prefix.len == len + 1;

	if (!L->aggregate && !R->aggregate && !L->glue && !R->glue && L->prefix.len == R->prefix.len) {
		/* Two plain entries: their parent admits both lengths. */
		if (R->prefix.len == len + 1) {
			n->aggregate = true;
			L->glue = R->glue = true;
			n->agg_hi = R->prefix.len;
			if (n->glue) {
				n->glue = false;
				n->agg_lo = R->prefix.len;
			} else {
				n->agg_lo = (uint8_t)len;
			}
		}
		/* Their sons, when equal ranges, move up as one son. */
		if (L->son != FILTER_NIL && R->son != FILTER_NIL && halves) {
			struct filter_node *ls = NODE(t, L->son), *rs = NODE(t, R->son);
			if (ls->aggregate && rs->aggregate && same_range(ls, rs)) {
				uint8_t lo = rs->agg_lo, hi = rs->agg_hi;
				ls->glue = rs->glue = true;
				uint32_t s = son_new(t, i, lo, hi);
				if (s != FILTER_NIL)
					NODE(t, i)->son = s;
			}
		}
		return;
	}
	if (L->aggregate && R->aggregate && same_range(L, R)) {
		if (!halves)
			return;
		uint8_t lo = R->agg_lo, hi = R->agg_hi;
		if (n->glue) {
			L->glue = R->glue = true;
			take_range(t, i, lo, hi);
		} else if (R->prefix.len == R->agg_lo) {
			/* The halves start at their own length: the entry extends down. */
			L->glue = R->glue = true;
			n->aggregate = true;
			n->agg_hi = hi;
			n->agg_lo = (uint8_t)len;
		} else {
			uint32_t lson = L->son, rson = R->son;
			L->glue = R->glue = true;
			uint32_t s = son_new(t, i, lo, hi);
			if (s == FILTER_NIL)
				return;
			NODE(t, i)->son = s;
			if (lson != FILTER_NIL && rson != FILTER_NIL && same_range(NODE(t, lson), NODE(t, rson))) {
				uint8_t slo = NODE(t, rson)->agg_lo, shi = NODE(t, rson)->agg_hi;
				uint32_t ss = son_new(t, s, slo, shi);
				if (ss == FILTER_NIL)
					return;
				NODE(t, s)->son = ss;
				NODE(t, lson)->glue = NODE(t, rson)->glue = true;
			}
		}
		return;
	}
	if (L->son != FILTER_NIL && R->aggregate && NODE(t, L->son)->aggregate && same_range(R, NODE(t, L->son))) {
		/* The right half's range equals the left half's son. */
		if (!halves)
			return;
		uint8_t lo = R->agg_lo, hi = R->agg_hi;
		R->glue = true;
		NODE(t, L->son)->glue = true;
		take_range(t, i, lo, hi);
		return;
	}
	if (R->son != FILTER_NIL && L->aggregate && NODE(t, R->son)->aggregate && same_range(L, NODE(t, R->son))) {
		if (!halves)
			return;
		uint8_t lo = L->agg_lo, hi = L->agg_hi;
		L->glue = true;
		NODE(t, R->son)->glue = true;
		take_range(t, i, lo, hi);
	}
}

void filter_tree_aggregate(struct filter_tree *t)
{
	if (t->head != FILTER_NIL)
		aggregate(t, t->head);
}

/* ---- Walking ------------------------------------------------------------- */

static void walk(const struct filter_tree *t, uint32_t i, filter_node_fn fn, void *ctx)
{
	const struct filter_node *n = NODE(t, i);
	for (uint32_t s = i; s != FILTER_NIL; s = NODE(t, s)->son)
		fn(t, NODE(t, s), ctx);
	if (n->l != FILTER_NIL)
		walk(t, n->l, fn, ctx);
	if (n->r != FILTER_NIL)
		walk(t, n->r, fn, ctx);
}

void filter_tree_walk(const struct filter_tree *t, filter_node_fn fn, void *ctx)
{
	if (t->head != FILTER_NIL)
		walk(t, t->head, fn, ctx);
}

static void count_fn(const struct filter_tree *t, const struct filter_node *n, void *ctx)
{
	(void)t;
	if (!n->glue)
		(*(size_t *)ctx)++;
}

size_t filter_tree_count(const struct filter_tree *t)
{
	size_t c = 0;
	filter_tree_walk(t, count_fn, &c);
	return c;
}
