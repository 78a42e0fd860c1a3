/*
 * Allocation that never returns NULL: out of memory aborts with a message.
 * Input cannot cause it because every input-driven size is capped first
 * (lib/limits.h).
 */
#ifndef MANRS_LIB_XMALLOC_H
#define MANRS_LIB_XMALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/*
 * Resizes p to n elements of size bytes each; aborts when n * size overflows
 * size_t instead of allocating a short block (reallocarray semantics).
 */
void *xreallocarray(void *p, size_t n, size_t size);

/*
 * Grows an array so that it can hold at least need elements: *cap doubles
 * (at least 16) until it does, with overflow checked. Returns the new array.
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

#endif
