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

#endif
