/* Unit tests for src/net/trie.c: fixed cases, then every lookup against a
 * brute-force scan of the same random prefixes. */
#include "test.h"
#include "net/trie.h"

#include <stdlib.h>

struct collected {
	struct prefix p[4096];
	uint32_t v[4096];
	int n;
};

static int collect(const struct prefix *p, uint32_t value, void *ctx)
{
	struct collected *c = ctx;
	if (c->n < 4096) {
		c->p[c->n] = *p;
		c->v[c->n++] = value;
	}
	return 0;
}

static struct prefix pfx(const char *s)
{
	struct prefix p;
	if (prefix_parse(s, &p) < 0)
		memset(&p, 0, sizeof p);
	return p;
}

void test_trie_basic(void)
{
	struct trie t;
	trie_init(&t);
	const char *v[] = { "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.128.0.0/9", "0.0.0.0/0",
			    "2001:db8::/32", "2001:db8:1::/48" };
	for (uint32_t i = 0; i < 7; i++) {
		struct prefix p = pfx(v[i]);
		*trie_insert(&t, &p) = i;
	}
	CHECK_EQ_U(t.count, 7);
	struct prefix q = pfx("10.1.0.0/16");
	CHECK_EQ_U(trie_get(&t, &q), 1);
	q = pfx("10.1.0.0/17");
	CHECK_EQ_U(trie_get(&t, &q), TRIE_NONE);
	q = pfx("10.1.2.128/25");
	struct collected c = { .n = 0 };
	trie_covering(&t, &q, collect, &c);
	CHECK_EQ_U(c.n, 4); /* 0/0, 10/8, 10.1/16, 10.1.2/24, shortest first */
	CHECK_EQ_U(c.v[0], 4);
	CHECK_EQ_U(c.v[3], 2);
	struct prefix m;
	CHECK_EQ_U(trie_longest(&t, &q, &m), 2);
	char buf[PREFIX_STRLEN];
	prefix_fmt(&m, buf);
	CHECK_STR(buf, "10.1.2.0/24");
	q = pfx("10.0.0.0/8");
	c.n = 0;
	trie_covered(&t, &q, collect, &c);
	CHECK_EQ_U(c.n, 4); /* 10/8, 10.1/16, 10.1.2/24, 10.128/9 in order */
	CHECK_EQ_U(c.v[0], 0);
	CHECK_EQ_U(c.v[1], 1);
	CHECK_EQ_U(c.v[2], 2);
	CHECK_EQ_U(c.v[3], 3);
	q = pfx("2001:db8::/31");
	c.n = 0;
	trie_covered(&t, &q, collect, &c);
	CHECK_EQ_U(c.n, 2);
	c.n = 0;
	trie_walk(&t, AFI_IPV6, collect, &c);
	CHECK_EQ_U(c.n, 2);
	prefix_fmt(&c.p[1], buf);
	CHECK_STR(buf, "2001:db8:1::/48");
	/* inserting again returns the same slot */
	q = pfx("10.1.2.0/24");
	CHECK_EQ_U(*trie_insert(&t, &q), 2);
	CHECK_EQ_U(t.count, 7);
	trie_free(&t);
}

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Random prefixes drawn from a small space so that nesting is common. */
static void random_prefix(uint32_t *s, uint8_t afi, struct prefix *p)
{
	memset(p, 0, sizeof *p);
	p->afi = afi;
	unsigned max = afi == AFI_IPV6 ? 128 : 32;
	p->len = (uint8_t)(rnd(s) % (max + 1));
	for (int i = 0; i < (afi == AFI_IPV6 ? 16 : 4); i++)
		p->b[i] = (uint8_t)(i < 2 ? rnd(s) % 4 : rnd(s));
	prefix_mask(p);
}

void test_trie_against_brute_force(void)
{
	for (int f = 0; f < 2; f++) {
		uint8_t afi = f ? AFI_IPV6 : AFI_IPV4;
		static struct prefix set[3000];
		int n = 0;
		uint32_t s = 42 + (uint32_t)f;
		struct trie t;
		trie_init(&t);
		for (int i = 0; i < 3000; i++) {
			struct prefix p;
			random_prefix(&s, afi, &p);
			uint32_t *slot = trie_insert(&t, &p);
			if (*slot == TRIE_NONE) {
				*slot = (uint32_t)n;
				set[n++] = p;
			}
		}
		CHECK_EQ_U(t.count, (size_t)n);
		int bad = 0;
		for (int qi = 0; qi < 2000 && bad < 5; qi++) {
			struct prefix q;
			random_prefix(&s, afi, &q);
			/* brute force */
			int exact = -1, n_cov = 0, n_in = 0, longest = -1;
			for (int i = 0; i < n; i++) {
				if (prefix_equal(&set[i], &q))
					exact = i;
				if (prefix_covers(&set[i], &q)) {
					n_cov++;
					if (longest < 0 || set[i].len > set[longest].len)
						longest = i;
				}
				if (prefix_covers(&q, &set[i]))
					n_in++;
			}
			struct collected cov = { .n = 0 }, in = { .n = 0 };
			trie_covering(&t, &q, collect, &cov);
			trie_covered(&t, &q, collect, &in);
			uint32_t got_exact = trie_get(&t, &q);
			uint32_t got_longest = trie_longest(&t, &q, NULL);
			bool ok = got_exact == (exact < 0 ? TRIE_NONE : (uint32_t)exact) && cov.n == n_cov &&
				  in.n == n_in && got_longest == (longest < 0 ? TRIE_NONE : (uint32_t)longest);
			for (int i = 0; i < cov.n && ok; i++)
				ok = prefix_equal(&cov.p[i], &set[cov.v[i]]) && prefix_covers(&cov.p[i], &q) &&
				     (i == 0 || cov.p[i - 1].len < cov.p[i].len);
			for (int i = 0; i < in.n && ok; i++)
				ok = prefix_equal(&in.p[i], &set[in.v[i]]) && prefix_covers(&q, &in.p[i]) &&
				     (i == 0 || prefix_cmp(&in.p[i - 1], &in.p[i]) < 0);
			if (!ok) {
				char buf[PREFIX_STRLEN];
				prefix_fmt(&q, buf);
				fprintf(stderr, "  mismatch for %s: covering %d/%d covered %d/%d\n", buf, cov.n, n_cov,
					in.n, n_in);
				bad++;
			}
		}
		CHECK_EQ_U(bad, 0);
		struct collected all = { .n = 0 };
		trie_walk(&t, afi, collect, &all);
		CHECK_EQ_U(all.n, n < 4096 ? n : 4096);
		int order_ok = 1;
		for (int i = 1; i < all.n; i++)
			order_ok &= prefix_cmp(&all.p[i - 1], &all.p[i]) < 0;
		CHECK(order_ok);
		trie_free(&t);
	}
}
