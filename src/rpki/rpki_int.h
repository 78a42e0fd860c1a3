/*
 * Private to src/rpki: the input window and the streaming JSON scanner that
 * the VRP loaders (vrp_load.c) and the SLURM parser (slurm.c) share. Input
 * goes through a window that slides (never whole in memory); a JSON array
 * element is kept in the window while it is scanned, under caps on its
 * bytes and values, and only then handed to jansson alone.
 */
#ifndef MANRS_RPKI_INT_H
#define MANRS_RPKI_INT_H

#include <stdbool.h>
#include <stddef.h>

typedef size_t (*rpki_read_fn)(void *ctx, void *dst, size_t n);

struct rpki_src {
	char *buf;
	size_t cap, off, end;
	size_t keep;              /* with keeping: bytes from here stay */
	bool keeping, eof;
	size_t max_keep;          /* caps on a kept element: bytes, */
	size_t max_values;        /* and values (',', '[' and '{') */
	const char *e_big;        /* static reasons for passing them */
	const char *e_values;
	const char *too_big;      /* why the kept element is too big, or NULL */
	size_t values;            /* in the kept element so far */
	size_t line;              /* 1-based line of buf[off] */
	size_t chunk;
	rpki_read_fn read;
	void *rctx;
};

/* Starts a window reading chunk bytes at a time (0: 1 MiB) through fn.
 * The caps on kept elements are set by the caller (max_keep, max_values,
 * e_big, e_values) before the first rpki_json_keep_begin. */
void rpki_src_init(struct rpki_src *s, rpki_read_fn fn, void *ctx, size_t chunk);
void rpki_src_free(struct rpki_src *s);

/* A memory buffer as an rpki_read_fn source (the *_load_mem / *_parse
 * entry points): rpki_mem_read(&m, ...) hands out p[off..len) in pieces. */
struct rpki_mem {
	const char *p;
	size_t len, off;
};
size_t rpki_mem_read(void *ctx, void *dst, size_t n);
/* Reads one more chunk (compacting or growing the buffer); false at the end. */
bool rpki_src_more(struct rpki_src *s);
/* Makes n bytes visible past off if the input has them; returns how many are. */
size_t rpki_src_avail(struct rpki_src *s, size_t n);

/* The next byte, or -1 at the end. */
static inline int rpki_src_peek(struct rpki_src *s)
{
	if (s->off == s->end && !rpki_src_more(s))
		return -1;
	return (unsigned char)s->buf[s->off];
}

static inline int rpki_src_get(struct rpki_src *s)
{
	int c = rpki_src_peek(s);
	if (c >= 0) {
		s->off++;
		if (c == '\n')
			s->line++;
	}
	return c;
}

/* Skips blanks; returns the next byte (not consumed) or -1. */
int rpki_json_ws(struct rpki_src *s);
/* Skips a JSON string whose opening quote is next. 0, or -1 at the end. */
int rpki_json_skip_string(struct rpki_src *s);
/* Skips one JSON value, tracking only strings and nesting (jansson checks
 * a kept element afterwards). Returns 0, or -1 at the end of input. A kept
 * element past the caps is skipped to its end all the same, keeping
 * stopped (so the window slides on) and s->too_big set. */
int rpki_json_skip_value(struct rpki_src *s);
/* Reads a member name (at most cap - 1 bytes kept, escapes as '?'); 0 or -1. */
int rpki_json_key(struct rpki_src *s, char *key, size_t cap);

/* Starts keeping the value next in the input; after rpki_json_skip_value,
 * rpki_json_keep_end returns it as (p, n), valid until the next read, or
 * NULL if it passed a cap (s->too_big says which). */
void rpki_json_keep_begin(struct rpki_src *s);
const char *rpki_json_keep_end(struct rpki_src *s, size_t *n);

#endif
