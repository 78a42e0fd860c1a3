/*
 * A push scanner over one JSON document for the loaders of large JSON files
 * (PeeringDB, Spoofer): it follows the structure byte by byte without
 * building it, and hands each element of the arrays the caller picks, as
 * bytes of at most a fixed size, to a callback (which parses that element
 * alone with jansson). Memory is that cap, whatever the file size.
 * Private to src/refdata/.
 */
#ifndef MANRS_REFDATA_JSONSCAN_H
#define MANRS_REFDATA_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Depth of the structure followed around the picked arrays (element
 * contents may nest deeper: jansson checks them). */
#define JSCAN_MAX_DEPTH 64
/* Longest key remembered on the path to a picked array. */
#define JSCAN_MAX_KEY 64

struct jscan;

/* Asked when an array opens at depth `depth` (1: the root is an array;
 * 2: a member of the root object, ...). keys[i], for i < depth - 1, is the
 * key under which the container at depth i + 2 sits in the one at depth
 * i + 1 (NULL if that one is an array or the key is longer than
 * JSCAN_MAX_KEY). Return true to pick the array's elements. */
typedef bool (*jscan_pick_fn)(void *ctx, int depth, const char *const *keys);
/* One element of a picked array: its bytes (len <= the cap), or NULL if it
 * was longer than the cap; index from 0 in its array. */
typedef void (*jscan_elem_fn)(void *ctx, const char *p, size_t len, uint64_t index);

struct jscan_opts {
	jscan_pick_fn pick;
	jscan_elem_fn elem;
	void *ctx;
	size_t max_elem;     /* cap on one element's bytes */
	/* If set, a root object in which no array was picked is handed to
	 * elem whole (index 0), under the same cap. */
	bool root_object_is_elem;
};

struct jscan *jscan_new(const struct jscan_opts *o);
/* Scans more bytes. Returns 0, or -1 once the document is broken (then
 * jscan_error says why; later calls do nothing). */
int jscan_feed(struct jscan *s, const char *p, size_t n);
/* At the end of the input: 0 if one whole document was read, else -1. */
int jscan_end(struct jscan *s);
/* Why the scan failed (static text with the line in a buffer of s), or NULL. */
const char *jscan_error(const struct jscan *s);
/* Arrays picked so far. */
uint64_t jscan_picked(const struct jscan *s);
void jscan_free(struct jscan *s);

#endif
