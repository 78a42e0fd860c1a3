/*
 * The VRP table: VRPs are appended to a pending array, then sorted, merged
 * and indexed (a trie from each distinct prefix to its run of packed
 * (ASN, max length) entries). Adding after that reopens the table.
 */
#include "rpki/vrp.h"

#include "lib/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vrp_table_init(struct vrp_table *t)
{
	memset(t, 0, sizeof *t);
	trie_init(&t->trie);
}

void vrp_table_free(struct vrp_table *t)
{
	if (!t)
		return;
	trie_free(&t->trie);
	free(t->ents);
	free(t->pending);
	memset(t, 0, sizeof *t);
}

const char *vrp_check(const struct vrp *v)
{
	unsigned bits = v->prefix.afi == AFI_IPV4 ? 32 : v->prefix.afi == AFI_IPV6 ? 128 : 0;
	if (!bits)
		return "not an IPv4 or IPv6 prefix";
	if (v->prefix.len > bits)
		return "prefix length longer than the address";
	if (v->maxlen < v->prefix.len)
		return "RFC 6482 section 3.3: maxLength shorter than the prefix length";
	if (v->maxlen > bits)
		return "RFC 6482 section 3.3: maxLength longer than the address";
	struct prefix m = v->prefix;
	prefix_mask(&m);
	if (memcmp(m.b, v->prefix.b, sizeof m.b) != 0)
		return "RFC 6482 section 3.3: prefix has bits set past its length";
	return NULL;
}

struct reopen_ctx {
	struct vrp_table *t;
};

static void pending_push(struct vrp_table *t, const struct vrp *v)
{
	if (t->n_pending == t->cap_pending)
		t->pending = xgrow(t->pending, &t->cap_pending, t->n_pending + 1, sizeof *t->pending);
	t->pending[t->n_pending++] = *v;
}

static int reopen_cb(const struct vrp *v, void *ctx)
{
	pending_push(((struct reopen_ctx *)ctx)->t, v);
	return 0;
}

/* Moves the finished table's VRPs back into the pending array. */
static void reopen(struct vrp_table *t)
{
	if (!t->finished)
		return;
	struct reopen_ctx c = { t };
	vrp_table_walk(t, reopen_cb, &c);
	trie_free(&t->trie);
	trie_init(&t->trie);
	free(t->ents);
	t->ents = NULL;
	t->n_ents = 0;
	t->finished = false;
}

int vrp_table_add(struct vrp_table *t, const struct vrp *v)
{
	reopen(t);
	if (t->n_pending >= VRP_MAX_VRPS)
		return -1;
	struct vrp c = *v;
	/* Bytes past the address are not part of the key. */
	if (c.prefix.afi == AFI_IPV4)
		memset(c.prefix.b + 4, 0, 12);
	pending_push(t, &c);
	return 0;
}

size_t vrp_table_remove_if(struct vrp_table *t, bool (*pred)(const struct vrp *v, void *ctx), void *ctx)
{
	reopen(t);
	size_t w = 0;
	for (size_t i = 0; i < t->n_pending; i++)
		if (!pred(&t->pending[i], ctx))
			t->pending[w++] = t->pending[i];
	size_t removed = t->n_pending - w;
	t->n_pending = w;
	return removed;
}

static int cmp_vrp(const void *a, const void *b)
{
	const struct vrp *x = a, *y = b;
	int c = prefix_cmp(&x->prefix, &y->prefix);
	if (c)
		return c;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	if (x->maxlen != y->maxlen)
		return x->maxlen < y->maxlen ? -1 : 1;
	return 0;
}

static bool same_prefix(const struct vrp *x, const struct vrp *y)
{
	return prefix_cmp(&x->prefix, &y->prefix) == 0;
}

void vrp_table_finish(struct vrp_table *t)
{
	if (t->finished)
		return;
	if (t->n_pending)
		qsort(t->pending, t->n_pending, sizeof *t->pending, cmp_vrp);
	t->ents = xreallocarray(NULL, t->n_pending ? t->n_pending : 1, sizeof *t->ents);
	t->n_ents = 0;
	for (size_t i = 0; i < t->n_pending; i++) {
		const struct vrp *v = &t->pending[i];
		if (i && cmp_vrp(v, &t->pending[i - 1]) == 0) {
			t->duplicates++;
			continue;
		}
		if (!i || !same_prefix(v, &t->pending[i - 1])) {
			if (t->n_ents)
				t->ents[t->n_ents - 1].last = 1;
			uint32_t *slot = trie_insert(&t->trie, &v->prefix);
			*slot = (uint32_t)t->n_ents;
		}
		struct vrp_entry *e = &t->ents[t->n_ents++];
		e->asn = v->asn;
		e->maxlen = v->maxlen;
		e->last = 0;
	}
	if (t->n_ents)
		t->ents[t->n_ents - 1].last = 1;
	/* The pending array goes: the table keeps only the packed form. */
	free(t->pending);
	t->pending = NULL;
	t->n_pending = t->cap_pending = 0;
	if (t->n_ents)
		t->ents = xreallocarray(t->ents, t->n_ents, sizeof *t->ents);
	t->finished = true;
}

struct walk_ctx {
	const struct vrp_table *t;
	vrp_cb cb;
	void *ctx;
};

static int walk_prefix(const struct prefix *p, uint32_t value, void *arg)
{
	struct walk_ctx *w = arg;
	struct vrp v;
	v.prefix = *p;
	for (const struct vrp_entry *e = &w->t->ents[value];; e++) {
		v.asn = e->asn;
		v.maxlen = e->maxlen;
		int rc = w->cb(&v, w->ctx);
		if (rc)
			return rc;
		if (e->last)
			break;
	}
	return 0;
}

int vrp_table_walk(const struct vrp_table *t, vrp_cb cb, void *ctx)
{
	struct walk_ctx w = { t, cb, ctx };
	if (!t->finished || !t->n_ents)
		return 0;
	int rc = trie_walk(&t->trie, AFI_IPV4, walk_prefix, &w);
	if (rc)
		return rc;
	return trie_walk(&t->trie, AFI_IPV6, walk_prefix, &w);
}

size_t vrp_table_memory(const struct vrp_table *t)
{
	return trie_memory(&t->trie) + t->n_ents * sizeof *t->ents + t->cap_pending * sizeof *t->pending;
}
