/*
 * A map from 32-bit keys to 32-bit values (open addressing, linear probing):
 * ASN -> node, id -> index. Used wherever a dense index is needed for
 * sparse numbers (IRR origins, AS relationships, PeeringDB ids).
 */
#ifndef MANRS_LIB_U32MAP_H
#define MANRS_LIB_U32MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u32map {
	uint32_t *keys, *vals;
	uint8_t *used;
	size_t cap, count;
};

void u32map_init(struct u32map *m);
void u32map_free(struct u32map *m);
/* Slot of key's value, created with `dflt` if new; valid until the next put. */
uint32_t *u32map_put(struct u32map *m, uint32_t key, uint32_t dflt, bool *created);
/* The value, or `dflt` if key is absent. */
uint32_t u32map_get(const struct u32map *m, uint32_t key, uint32_t dflt);

#endif
