/*
 * The input window and streaming JSON scanner of src/rpki (rpki_int.h),
 * shared by the VRP loaders and the SLURM parser.
 */
#include "rpki/rpki_int.h"

#include "lib/xmalloc.h"

#include <stdlib.h>
#include <string.h>

void rpki_src_init(struct rpki_src *s, rpki_read_fn fn, void *ctx, size_t chunk)
{
	memset(s, 0, sizeof *s);
	s->chunk = chunk ? chunk : 1u << 20;
	s->cap = s->chunk * 2;
	s->buf = xmalloc(s->cap);
	s->read = fn;
	s->rctx = ctx;
	s->line = 1;
}

void rpki_src_free(struct rpki_src *s) { free(s->buf); }

size_t rpki_mem_read(void *ctx, void *dst, size_t n)
{
	struct rpki_mem *m = ctx;
	if (n > m->len - m->off)
		n = m->len - m->off;
	memcpy(dst, m->p + m->off, n);
	m->off += n;
	return n;
}

/* Reads one more chunk (compacting or growing the buffer); false at the end. */
bool rpki_src_more(struct rpki_src *s)
{
	if (s->eof)
		return false;
	size_t from = s->keeping ? s->keep : s->off;
	if (from > 0 && s->cap - s->end < s->chunk) {
		memmove(s->buf, s->buf + from, s->end - from);
		s->end -= from;
		s->off -= from;
		s->keep = s->keeping ? s->keep - from : 0;
	}
	if (s->cap - s->end < s->chunk)
		s->buf = xgrow(s->buf, &s->cap, s->end + s->chunk, 1);
	size_t n = s->read(s->rctx, s->buf + s->end, s->chunk);
	if (n == 0) {
		s->eof = true;
		return false;
	}
	s->end += n;
	return true;
}

/* Makes n bytes visible past off if the input has them; returns how many are. */
size_t rpki_src_avail(struct rpki_src *s, size_t n)
{
	while (s->end - s->off < n && rpki_src_more(s))
		;
	return s->end - s->off;
}

int rpki_json_ws(struct rpki_src *s)
{
	int c;
	while ((c = rpki_src_peek(s)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		rpki_src_get(s);
	return c;
}

/* Past max_keep kept bytes, stops keeping (the window then
 * slides, so memory stays bounded whatever one element's size: a 1 GB
 * number costs no more than a small one) and flags the element. */
static inline void check_cap(struct rpki_src *s)
{
	if (s->keeping && s->off - s->keep > s->max_keep) {
		s->keeping = false;
		s->too_big = s->e_big;
	}
}

/* Counts the values of a kept element: jansson spends tens of bytes on
 * each, so their number is capped as well as the element's bytes. */
static inline void count_value(struct rpki_src *s)
{
	if (s->keeping && ++s->values > s->max_values) {
		s->keeping = false;
		s->too_big = s->e_values;
	}
}

/* Skips a JSON string whose opening quote is next. Returns 0, or -1 at
 * the end of input. */
int rpki_json_skip_string(struct rpki_src *s)
{
	rpki_src_get(s);
	for (;;) {
		check_cap(s);
		int c = rpki_src_get(s);
		if (c < 0)
			return -1;
		if (c == '\\') {
			if (rpki_src_get(s) < 0)
				return -1;
		} else if (c == '"') {
			return 0;
		}
	}
}

/* Skips one JSON value, tracking only strings and nesting (the element is
 * checked by jansson afterwards). Returns 0, or -1 at the end of input. A
 * kept element past the caps (max_keep bytes, max_values values) is skipped to its end
 * all the same, with s->too_big set. */
int rpki_json_skip_value(struct rpki_src *s)
{
	int c = rpki_json_ws(s);
	if (c == '"')
		return rpki_json_skip_string(s);
	if (c != '{' && c != '[') {
		/* A scalar: up to the next delimiter. */
		while ((c = rpki_src_peek(s)) >= 0 && c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' &&
		       c != '\t' && c != '\r') {
			check_cap(s);
			rpki_src_get(s);
		}
		return 0;
	}
	size_t depth = 0;
	for (;;) {
		c = rpki_src_peek(s);
		if (c < 0)
			return -1;
		check_cap(s);
		if (c == '"') {
			if (rpki_json_skip_string(s) < 0)
				return -1;
			continue;
		}
		rpki_src_get(s);
		if (c == '{' || c == '[') {
			count_value(s);
			depth++;
		} else if (c == ',') {
			count_value(s);
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return 0;
		}
	}
}

/* Reads a member name (at most cap - 1 bytes kept). Returns 0 or -1. */
int rpki_json_key(struct rpki_src *s, char *key, size_t cap)
{
	if (rpki_src_peek(s) != '"')
		return -1;
	rpki_src_get(s);
	size_t n = 0;
	for (;;) {
		int c = rpki_src_get(s);
		if (c < 0)
			return -1;
		if (c == '"')
			break;
		if (c == '\\') {
			if (rpki_src_get(s) < 0)
				return -1;
			c = '?';
		}
		if (n + 1 < cap)
			key[n++] = (char)c;
	}
	key[n] = 0;
	return 0;
}


void rpki_json_keep_begin(struct rpki_src *s)
{
	s->keeping = true;
	s->too_big = NULL;
	s->values = 0;
	s->keep = s->off;
}

const char *rpki_json_keep_end(struct rpki_src *s, size_t *n)
{
	check_cap(s);
	bool kept = s->keeping;
	s->keeping = false;
	if (!kept || s->too_big)
		return NULL;
	*n = s->off - s->keep;
	return s->buf + s->keep;
}
