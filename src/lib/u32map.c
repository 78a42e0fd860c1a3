/* A map from 32-bit keys to 32-bit values, open addressing (see u32map.h). */
#include "lib/u32map.h"
#include "lib/xmalloc.h"

#include <string.h>

void u32map_init(struct u32map *m) { memset(m, 0, sizeof *m); }

void u32map_free(struct u32map *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	memset(m, 0, sizeof *m);
}

static size_t map_slot(uint32_t key, size_t cap)
{
	uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 32) & (cap - 1);
}

static void map_grow(struct u32map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 256;
	uint32_t *k = xreallocarray(NULL, ncap, sizeof *k), *v = xreallocarray(NULL, ncap, sizeof *v);
	uint8_t *u = xcalloc(ncap, 1);
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->used[i])
			continue;
		size_t s = map_slot(m->keys[i], ncap);
		while (u[s])
			s = (s + 1) & (ncap - 1);
		u[s] = 1;
		k[s] = m->keys[i];
		v[s] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	free(m->used);
	m->keys = k;
	m->vals = v;
	m->used = u;
	m->cap = ncap;
}

uint32_t *u32map_put(struct u32map *m, uint32_t key, uint32_t dflt, bool *created)
{
	if ((m->count + 1) * 2 > m->cap)
		map_grow(m);
	size_t s = map_slot(key, m->cap);
	while (m->used[s]) {
		if (m->keys[s] == key) {
			if (created)
				*created = false;
			return &m->vals[s];
		}
		s = (s + 1) & (m->cap - 1);
	}
	m->used[s] = 1;
	m->keys[s] = key;
	m->vals[s] = dflt;
	m->count++;
	if (created)
		*created = true;
	return &m->vals[s];
}

uint32_t u32map_get(const struct u32map *m, uint32_t key, uint32_t dflt)
{
	if (!m->cap)
		return dflt;
	size_t s = map_slot(key, m->cap);
	while (m->used[s]) {
		if (m->keys[s] == key)
			return m->vals[s];
		s = (s + 1) & (m->cap - 1);
	}
	return dflt;
}
