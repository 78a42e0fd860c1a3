/*
 * Path-compressed binary trie over IPv4 and IPv6 prefixes. A node holds a
 * key and its length in bits; a child hangs off the bit just past its
 * parent's length. Nodes that are only branch points (created by a split)
 * hold no prefix. Keys are two 64-bit words, IPv4 in the top 32 bits.
 */
#include "net/trie.h"
#include "lib/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trie_node {
	uint64_t hi, lo;
	uint32_t child[2];
	uint32_t value;
	uint8_t len;
	uint8_t is_prefix;
};

struct key {
	uint64_t hi, lo;
};

static int fam(uint8_t afi) { return afi == AFI_IPV6 ? 1 : 0; }
static unsigned maxlen(uint8_t afi) { return afi == AFI_IPV6 ? 128 : 32; }

static uint64_t load64(const uint8_t *b)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static void mask_key(struct key *k, unsigned len)
{
	if (len == 0) {
		k->hi = k->lo = 0;
	} else if (len < 64) {
		k->hi &= ~0ull << (64 - len);
		k->lo = 0;
	} else if (len == 64) {
		k->lo = 0;
	} else if (len < 128) {
		k->lo &= ~0ull << (128 - len);
	}
}

static struct key key_of(const struct prefix *p, unsigned len)
{
	struct key k;
	if (p->afi == AFI_IPV6) {
		k.hi = load64(p->b);
		k.lo = load64(p->b + 8);
	} else {
		k.hi = (uint64_t)p->b[0] << 56 | (uint64_t)p->b[1] << 48 | (uint64_t)p->b[2] << 40 |
		       (uint64_t)p->b[3] << 32;
		k.lo = 0;
	}
	mask_key(&k, len);
	return k;
}

static unsigned bit(uint64_t hi, uint64_t lo, unsigned i)
{
	return i < 64 ? (unsigned)(hi >> (63 - i)) & 1 : (unsigned)(lo >> (127 - i)) & 1;
}

/* Leading bits a and b share, at most max. */
static unsigned common(uint64_t ahi, uint64_t alo, uint64_t bhi, uint64_t blo, unsigned max)
{
	unsigned c;
	uint64_t x = ahi ^ bhi;
	if (x)
		c = (unsigned)__builtin_clzll(x);
	else if ((x = alo ^ blo) != 0)
		c = 64 + (unsigned)__builtin_clzll(x);
	else
		c = 128;
	return c < max ? c : max;
}

/* The key of a query prefix and its length, capped at the family's size. */
static unsigned query_key(const struct prefix *p, struct key *k)
{
	unsigned len = p->len > maxlen(p->afi) ? maxlen(p->afi) : p->len;
	*k = key_of(p, len);
	return len;
}

/* True if node n is the query (k, len) or one of its less-specifics. */
static bool on_path(const struct trie_node *n, struct key k, unsigned len)
{
	return n->len <= len && common(k.hi, k.lo, n->hi, n->lo, n->len) == n->len;
}

static void node_prefix(const struct trie_node *n, uint8_t afi, struct prefix *p)
{
	memset(p, 0, sizeof *p);
	p->afi = afi;
	p->len = n->len;
	for (int i = 0; i < 8; i++) {
		p->b[i] = (uint8_t)(n->hi >> (56 - 8 * i));
		if (afi == AFI_IPV6)
			p->b[8 + i] = (uint8_t)(n->lo >> (56 - 8 * i));
	}
	if (afi == AFI_IPV4)
		memset(p->b + 4, 0, 12);
}

void trie_init(struct trie *t)
{
	memset(t, 0, sizeof *t);
	t->cap = 64;
	t->nodes = xreallocarray(NULL, t->cap, sizeof *t->nodes);
	t->n = 1; /* index 0 means "none" */
}

void trie_free(struct trie *t)
{
	free(t->nodes);
	memset(t, 0, sizeof *t);
}

static uint32_t new_node(struct trie *t, uint64_t hi, uint64_t lo, unsigned len, bool is_prefix)
{
	/* The caller reserved room: no reallocation here, so pointers into
	 * the array stay valid during one insert. */
	uint32_t i = t->n++;
	struct trie_node *n = &t->nodes[i];
	n->hi = hi;
	n->lo = lo;
	n->len = (uint8_t)len;
	n->child[0] = n->child[1] = 0;
	n->value = TRIE_NONE;
	n->is_prefix = is_prefix;
	return i;
}

uint32_t *trie_insert(struct trie *t, const struct prefix *p)
{
	if (t->cap - t->n < 2) {
		if (t->cap > UINT32_MAX / 2) {
			/* Node indexes are 32-bit; the loaders' caps keep tries far below. */
			fprintf(stderr, "manrs: prefix trie over 2^31 nodes\n");
			abort();
		}
		t->cap *= 2;
		t->nodes = xreallocarray(t->nodes, t->cap, sizeof *t->nodes);
	}
	struct key k;
	unsigned len = query_key(p, &k);
	uint32_t *link = &t->root[fam(p->afi)];
	while (*link) {
		struct trie_node *n = &t->nodes[*link];
		unsigned lim = len < n->len ? len : n->len;
		unsigned c = common(k.hi, k.lo, n->hi, n->lo, lim);
		if (c < n->len) {
			uint32_t old = *link;
			unsigned old_bit = bit(n->hi, n->lo, c);
			if (c == len) {
				/* p is a prefix of n: p becomes n's parent. */
				uint32_t m = new_node(t, k.hi, k.lo, len, true);
				t->nodes[m].child[old_bit] = old;
				*link = m;
				t->count++;
				return &t->nodes[m].value;
			}
			/* They diverge at bit c: a branch node holds both. */
			struct key bk = k;
			mask_key(&bk, c);
			uint32_t x = new_node(t, bk.hi, bk.lo, c, false);
			uint32_t leaf = new_node(t, k.hi, k.lo, len, true);
			t->nodes[x].child[old_bit] = old;
			t->nodes[x].child[!old_bit] = leaf;
			*link = x;
			t->count++;
			return &t->nodes[leaf].value;
		}
		if (n->len == len) {
			if (!n->is_prefix) {
				n->is_prefix = 1;
				t->count++;
			}
			return &n->value;
		}
		link = &n->child[bit(k.hi, k.lo, n->len)];
	}
	uint32_t leaf = new_node(t, k.hi, k.lo, len, true);
	*link = leaf;
	t->count++;
	return &t->nodes[leaf].value;
}

uint32_t trie_get(const struct trie *t, const struct prefix *p)
{
	struct key k;
	unsigned len = query_key(p, &k);
	uint32_t i = t->root[fam(p->afi)];
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (!on_path(n, k, len))
			return TRIE_NONE;
		if (n->len == len)
			return n->is_prefix ? n->value : TRIE_NONE;
		i = n->child[bit(k.hi, k.lo, n->len)];
	}
	return TRIE_NONE;
}

int trie_covering(const struct trie *t, const struct prefix *p, trie_cb cb, void *ctx)
{
	struct key k;
	unsigned len = query_key(p, &k);
	uint32_t i = t->root[fam(p->afi)];
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (!on_path(n, k, len))
			break;
		if (n->is_prefix) {
			struct prefix q;
			node_prefix(n, p->afi, &q);
			int rc = cb(&q, n->value, ctx);
			if (rc)
				return rc;
		}
		if (n->len == len)
			break;
		i = n->child[bit(k.hi, k.lo, n->len)];
	}
	return 0;
}

uint32_t trie_longest(const struct trie *t, const struct prefix *p, struct prefix *match)
{
	struct key k;
	unsigned len = query_key(p, &k);
	uint32_t i = t->root[fam(p->afi)], best = 0;
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (!on_path(n, k, len))
			break;
		if (n->is_prefix)
			best = i;
		if (n->len == len)
			break;
		i = n->child[bit(k.hi, k.lo, n->len)];
	}
	if (!best)
		return TRIE_NONE;
	if (match)
		node_prefix(&t->nodes[best], p->afi, match);
	return t->nodes[best].value;
}

/* Pre-order walk of the subtree at `root`: a node before its children,
 * child 0 before child 1, which is address order, shorter first. */
static int walk_from(const struct trie *t, uint32_t root, uint8_t afi, trie_cb cb, void *ctx)
{
	uint32_t stack[130];
	int sp = 0;
	if (root)
		stack[sp++] = root;
	while (sp) {
		const struct trie_node *n = &t->nodes[stack[--sp]];
		if (n->is_prefix) {
			struct prefix q;
			node_prefix(n, afi, &q);
			int rc = cb(&q, n->value, ctx);
			if (rc)
				return rc;
		}
		/* Depth is bounded by the key length, so the stack is too. */
		if (n->child[1])
			stack[sp++] = n->child[1];
		if (n->child[0])
			stack[sp++] = n->child[0];
	}
	return 0;
}

int trie_covered(const struct trie *t, const struct prefix *p, trie_cb cb, void *ctx)
{
	struct key k;
	unsigned len = query_key(p, &k);
	uint32_t i = t->root[fam(p->afi)];
	while (i) {
		const struct trie_node *n = &t->nodes[i];
		if (n->len >= len) {
			if (common(k.hi, k.lo, n->hi, n->lo, len) == len)
				return walk_from(t, i, p->afi, cb, ctx);
			return 0;
		}
		if (!on_path(n, k, len))
			return 0;
		i = n->child[bit(k.hi, k.lo, n->len)];
	}
	return 0;
}

int trie_walk(const struct trie *t, uint8_t afi, trie_cb cb, void *ctx)
{
	return walk_from(t, t->root[fam(afi)], afi, cb, ctx);
}

size_t trie_memory(const struct trie *t)
{
	return (size_t)t->cap * sizeof *t->nodes;
}
