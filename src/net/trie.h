/*
 * A path-compressed binary trie of IPv4 and IPv6 prefixes (one tree per
 * family) mapping each prefix to a 32-bit value chosen by the caller
 * (usually an index into the caller's own array). Nodes live in one array
 * and refer to each other by index: about 32 bytes per node, at most two
 * nodes per prefix. Lookups: exact, covering (less-specific and equal),
 * covered (more-specific and equal), and in-order iteration.
 */
#ifndef MANRS_NET_TRIE_H
#define MANRS_NET_TRIE_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRIE_NONE UINT32_MAX  /* "no value" */

struct trie_node;

struct trie {
	struct trie_node *nodes;  /* nodes[0] is unused: index 0 means "none" */
	uint32_t n, cap;
	uint32_t root[2];         /* IPv4, IPv6 */
	size_t count;             /* prefixes with a value */
};

/* Called for each match; return non-zero to stop the walk (that value is
 * then returned by the lookup). The prefix is valid during the call. */
typedef int (*trie_cb)(const struct prefix *p, uint32_t value, void *ctx);

void trie_init(struct trie *t);
void trie_free(struct trie *t);

/* Inserts p (bits past p->len are ignored) and returns a pointer to its
 * value slot, TRIE_NONE if it is new; the pointer is valid until the next
 * insert. */
uint32_t *trie_insert(struct trie *t, const struct prefix *p);

/* The value stored for exactly p, or TRIE_NONE. */
uint32_t trie_get(const struct trie *t, const struct prefix *p);

/* Every stored prefix covering p (p itself included), shortest first. */
int trie_covering(const struct trie *t, const struct prefix *p, trie_cb cb, void *ctx);

/* The longest stored prefix covering p, or TRIE_NONE; *match gets it. */
uint32_t trie_longest(const struct trie *t, const struct prefix *p, struct prefix *match);

/* Every stored prefix covered by p (p itself included), in order. */
int trie_covered(const struct trie *t, const struct prefix *p, trie_cb cb, void *ctx);

/* Every stored prefix of one family (AFI_IPV4 or AFI_IPV6), in order:
 * by address, then shorter before longer. */
int trie_walk(const struct trie *t, uint8_t afi, trie_cb cb, void *ctx);

/* Bytes used by the node array. */
size_t trie_memory(const struct trie *t);

#endif
