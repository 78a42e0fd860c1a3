/*
 * wbuf: a growable output buffer with cheap appends, flushed to a FILE in
 * large writes. Formatting code appends into it; it never formats with
 * printf on the hot path.
 */
#ifndef MANRS_LIB_WBUF_H
#define MANRS_LIB_WBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct wbuf {
	char *p;
	size_t len;
	size_t cap;
};

void wbuf_init(struct wbuf *w, size_t cap);
void wbuf_free(struct wbuf *w);
void wbuf_grow(struct wbuf *w, size_t need);
/* Writes everything out and empties the buffer; returns -1 on write error. */
int wbuf_flush(struct wbuf *w, FILE *f);

static inline void wbuf_reserve(struct wbuf *w, size_t n)
{
	if (w->cap - w->len < n)
		wbuf_grow(w, n);
}

static inline void wbuf_putc(struct wbuf *w, char c)
{
	wbuf_reserve(w, 1);
	w->p[w->len++] = c;
}

static inline void wbuf_put(struct wbuf *w, const void *s, size_t n)
{
	wbuf_reserve(w, n);
	if (n <= 16) {
		/* Most pieces of a line are short: a byte loop beats a call. */
		const char *c = s;
		for (size_t i = 0; i < n; i++)
			w->p[w->len + i] = c[i];
	} else {
		memcpy(w->p + w->len, s, n);
	}
	w->len += n;
}

static inline void wbuf_puts(struct wbuf *w, const char *s) { wbuf_put(w, s, strlen(s)); }

/* Decimal formatting of unsigned and signed integers. */
void wbuf_put_u32(struct wbuf *w, uint32_t v);
void wbuf_put_u64(struct wbuf *w, uint64_t v);
void wbuf_put_i32(struct wbuf *w, int32_t v);
/* Zero-padded to `width` digits. */
void wbuf_put_u32_pad(struct wbuf *w, uint32_t v, int width);
/* Lower-case hex of n bytes. */
void wbuf_put_hex(struct wbuf *w, const uint8_t *p, size_t n);
void wbuf_printf(struct wbuf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
