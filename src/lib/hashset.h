/*
 * A set of fixed-size byte keys (open addressing, linear probing), for
 * counting distinct peers, prefixes and origins. Keys are copied in.
 */
#ifndef MANRS_LIB_HASHSET_H
#define MANRS_LIB_HASHSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hashset {
	uint8_t *keys;     /* cap * ksize bytes */
	uint8_t *used;     /* cap flags */
	size_t ksize, cap, count;
};

void hashset_init(struct hashset *h, size_t key_size);
void hashset_free(struct hashset *h);
/* Adds the key; returns true if it was not there yet. */
bool hashset_add(struct hashset *h, const void *key);

/* 64-bit FNV-1a then a final mix: fine for short binary keys. */
uint64_t hash_bytes(const void *p, size_t n);

#endif
