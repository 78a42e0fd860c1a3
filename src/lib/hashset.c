/* Open-addressing set of fixed-size keys (see hashset.h). */
#include "lib/hashset.h"
#include "lib/xmalloc.h"

#include <string.h>

uint64_t hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

void hashset_init(struct hashset *h, size_t ksize)
{
	h->ksize = ksize;
	h->cap = 1024;
	h->count = 0;
	h->keys = xreallocarray(NULL, h->cap, ksize);
	h->used = xcalloc(h->cap, 1);
}

void hashset_free(struct hashset *h)
{
	free(h->keys);
	free(h->used);
	memset(h, 0, sizeof *h);
}

static size_t find(const struct hashset *h, const void *key, bool *found)
{
	size_t mask = h->cap - 1, i = (size_t)hash_bytes(key, h->ksize) & mask;
	while (h->used[i]) {
		if (memcmp(h->keys + i * h->ksize, key, h->ksize) == 0) {
			*found = true;
			return i;
		}
		i = (i + 1) & mask;
	}
	*found = false;
	return i;
}

static void grow(struct hashset *h)
{
	struct hashset n;
	n.ksize = h->ksize;
	n.cap = h->cap * 2;
	n.count = 0;
	n.keys = xreallocarray(NULL, n.cap, n.ksize);
	n.used = xcalloc(n.cap, 1);
	for (size_t i = 0; i < h->cap; i++)
		if (h->used[i])
			hashset_add(&n, h->keys + i * h->ksize);
	hashset_free(h);
	*h = n;
}

bool hashset_add(struct hashset *h, const void *key)
{
	if ((h->count + 1) * 4 > h->cap * 3)
		grow(h);
	bool found;
	size_t i = find(h, key, &found);
	if (found)
		return false;
	memcpy(h->keys + i * h->ksize, key, h->ksize);
	h->used[i] = 1;
	h->count++;
	return true;
}
