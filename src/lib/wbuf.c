/* Growable output buffer (see wbuf.h). */
#include "lib/wbuf.h"
#include "lib/xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

void wbuf_init(struct wbuf *w, size_t cap)
{
	w->p = xmalloc(cap ? cap : 64);
	w->len = 0;
	w->cap = cap ? cap : 64;
}

void wbuf_free(struct wbuf *w)
{
	free(w->p);
	w->p = NULL;
	w->len = w->cap = 0;
}

void wbuf_grow(struct wbuf *w, size_t need)
{
	if (need > SIZE_MAX - w->len) {
		fprintf(stderr, "manrs: output buffer size overflows\n");
		abort();
	}
	w->p = xgrow(w->p, &w->cap, w->len + need, 1);
}

int wbuf_flush(struct wbuf *w, FILE *f)
{
	int rc = 0;
	if (w->len && fwrite(w->p, 1, w->len, f) != w->len)
		rc = -1;
	w->len = 0;
	return rc;
}

static const char DIGITS2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* Writes v right-aligned ending at `end`; returns the first character. */
static char *fmt_u64(uint64_t v, char *end)
{
	char *p = end;
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		p -= 2;
		memcpy(p, DIGITS2 + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, DIGITS2 + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	return p;
}

static unsigned digits10(uint64_t v)
{
	unsigned n = 1;
	while (v >= 100) {
		v /= 100;
		n += 2;
	}
	return n + (v >= 10);
}

/* Digits go straight into the buffer: this runs several times per line. */
void wbuf_put_u64(struct wbuf *w, uint64_t v)
{
	unsigned n = digits10(v);
	wbuf_reserve(w, n);
	fmt_u64(v, w->p + w->len + n);
	w->len += n;
}

void wbuf_put_u32(struct wbuf *w, uint32_t v)
{
	unsigned n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : digits10(v);
	wbuf_reserve(w, n);
	fmt_u64(v, w->p + w->len + n);
	w->len += n;
}

void wbuf_put_i32(struct wbuf *w, int32_t v)
{
	if (v < 0) {
		wbuf_putc(w, '-');
		wbuf_put_u32(w, (uint32_t)0 - (uint32_t)v);
	} else {
		wbuf_put_u32(w, (uint32_t)v);
	}
}

void wbuf_put_u32_pad(struct wbuf *w, uint32_t v, int width)
{
	char tmp[10];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width && n < 10)
		tmp[n++] = '0';
	wbuf_reserve(w, (size_t)n);
	while (n)
		w->p[w->len++] = tmp[--n];
}

void wbuf_put_hex(struct wbuf *w, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	wbuf_reserve(w, 2 * n);
	for (size_t i = 0; i < n; i++) {
		w->p[w->len++] = hx[p[i] >> 4];
		w->p[w->len++] = hx[p[i] & 15];
	}
}

void wbuf_printf(struct wbuf *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	wbuf_reserve(w, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(w->p + w->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	w->len += (size_t)n;
}
