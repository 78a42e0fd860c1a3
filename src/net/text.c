/*
 * Text helpers for the reference-data loaders: whole-file input through
 * input, line and field views, bounded numbers, dates and timestamps,
 * a deduplicating string pool and a 32-bit integer map.
 */
#include "net/text.h"
#include "lib/hashset.h"
#include "lib/xmalloc.h"
#include "lib/input.h"

#include <stdio.h>
#include <stdarg.h>
#include <string.h>

int text_read_input(struct input *in, size_t max, char **buf, size_t *len, char *err, size_t errlen)
{
	*buf = NULL;
	*len = 0;
	size_t cap = 1u << 16, n = 0;
	char *b = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				snprintf(err, errlen, "larger than %zu bytes (decompressed)", max);
				free(b);
				return -1;
			}
			cap = cap > max / 2 ? max : cap * 2;   /* max is a bounded size: no overflow */
			b = xrealloc(b, cap + 1);
		}
		size_t got = input_read(in, b + n, cap - n);
		n += got;
		if (got == 0)
			break;
	}
	if (input_error(in)) {
		snprintf(err, errlen, "%s", input_error(in));
		free(b);
		return -1;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

int text_read_file(const char *path, size_t max, char **buf, size_t *len, const char **format, char *err,
		   size_t errlen)
{
	*buf = NULL;
	*len = 0;
	char why[256];
	struct input *in = input_open(path, why, sizeof why);
	if (!in) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	int rc = text_read_input(in, max, buf, len, why, sizeof why);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, why);
	else if (format)
		*format = input_format(in);
	input_close(in);
	return rc;
}

size_t text_appendf(char *out, size_t n, size_t at, const char *fmt, ...)
{
	if (!n || at >= n)
		return at;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(out + at, n - at, fmt, ap);
	va_end(ap);
	if (k < 0)
		return at;
	return at + (size_t)k < n ? at + (size_t)k : n - 1;
}

void text_lines_init(struct text_lines *l, const char *p, size_t len)
{
	l->p = p;
	l->len = len;
	l->off = 0;
	l->lineno = 0;
}

bool text_lines_next(struct text_lines *l, struct text_view *line)
{
	if (l->off >= l->len)
		return false;
	const char *s = l->p + l->off;
	size_t left = l->len - l->off;
	const char *nl = memchr(s, '\n', left);
	size_t n = nl ? (size_t)(nl - s) : left;
	l->off += nl ? n + 1 : n;
	if (n && s[n - 1] == '\r')
		n--;
	l->lineno++;
	line->p = s;
	line->len = n;
	return true;
}

int text_split(struct text_view v, char sep, struct text_view *f, int max)
{
	int n = 0;
	size_t start = 0;
	for (size_t i = 0; i <= v.len; i++) {
		if (i < v.len && v.p[i] != sep)
			continue;
		if (n == max)
			return max + 1;
		f[n].p = v.p + start;
		f[n].len = i - start;
		n++;
		start = i + 1;
	}
	return n;
}

struct text_view text_trim(struct text_view v)
{
	while (v.len && (v.p[0] == ' ' || v.p[0] == '\t' || v.p[0] == '\r' || v.p[0] == '\n')) {
		v.p++;
		v.len--;
	}
	while (v.len && (v.p[v.len - 1] == ' ' || v.p[v.len - 1] == '\t' || v.p[v.len - 1] == '\r' ||
			 v.p[v.len - 1] == '\n'))
		v.len--;
	return v;
}

bool text_eq(struct text_view v, const char *s)
{
	size_t n = strlen(s);
	return v.len == n && memcmp(v.p, s, n) == 0;
}

bool text_starts(struct text_view v, const char *s)
{
	size_t n = strlen(s);
	return v.len >= n && memcmp(v.p, s, n) == 0;
}

bool text_copy(struct text_view v, char *out, size_t n)
{
	if (v.len >= n)
		return false;
	if (v.len)
		memcpy(out, v.p, v.len);
	out[v.len] = 0;
	return true;
}

int text_u64(struct text_view v, uint64_t *out)
{
	if (v.len == 0 || v.len > 20)
		return -1;
	uint64_t x = 0;
	for (size_t i = 0; i < v.len; i++) {
		unsigned d = (unsigned char)v.p[i] - '0';
		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*out = x;
	return 0;
}

int text_u32(struct text_view v, uint32_t *out)
{
	uint64_t x;
	if (v.len > 10 || text_u64(v, &x) < 0 || x > UINT32_MAX)
		return -1;
	*out = (uint32_t)x;
	return 0;
}

static bool leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned days_in_month(unsigned y, unsigned m)
{
	static const unsigned char dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

int text_date8(struct text_view v, uint32_t *ymd)
{
	uint32_t x;
	if (v.len != 8 || text_u32(v, &x) < 0)
		return -1;
	if (x == 0) {
		*ymd = 0;
		return 0;
	}
	unsigned y = x / 10000, m = x / 100 % 100, d = x % 100;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*ymd = x;
	return 0;
}

int text_ip(struct text_view v, struct ip_addr *a)
{
	char buf[IP_STRLEN];
	if (!text_copy(v, buf, sizeof buf))
		return -1;
	return ip_parse(buf, a);
}

int text_prefix(struct text_view v, struct prefix *p, bool allow_host)
{
	char buf[PREFIX_STRLEN];
	if (!text_copy(v, buf, sizeof buf))
		return TEXT_PFX_INVALID;
	const char *slash = strchr(buf, '/');
	if (!slash)
		return TEXT_PFX_NO_LENGTH;
	/* prefix_parse masks the host bits; parse the address alone to see them. */
	char abuf[IP_STRLEN];
	size_t alen = (size_t)(slash - buf);
	if (alen >= sizeof abuf)
		return TEXT_PFX_INVALID;
	memcpy(abuf, buf, alen);
	abuf[alen] = 0;
	struct ip_addr a;
	if (ip_parse(abuf, &a) < 0 || prefix_parse(buf, p) < 0)
		return TEXT_PFX_INVALID;
	if (!allow_host && memcmp(a.b, p->b, 16) != 0)
		return TEXT_PFX_HOST_BITS;
	return 0;
}

int text_asn(struct text_view v, uint32_t *asn)
{
	char buf[24];
	if (!text_copy(v, buf, sizeof buf))
		return -1;
	return asn_parse(buf, asn);
}

int64_t text_days_from_civil(int y, unsigned m, unsigned d)
{
	/* Howard Hinnant's algorithm, written out from its description. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

/* n digits at v.p[off..] as an unsigned number; -1 if not all digits. */
static int digits(struct text_view v, size_t off, size_t n, unsigned *out)
{
	if (off + n > v.len)
		return -1;
	unsigned x = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)v.p[off + i] - '0';
		if (d > 9)
			return -1;
		x = x * 10 + d;
	}
	*out = x;
	return 0;
}

int text_timestamp(struct text_view v, int64_t *unix_s)
{
	unsigned y, mo, d, h, mi, s;
	if (v.len < 19 || digits(v, 0, 4, &y) || v.p[4] != '-' || digits(v, 5, 2, &mo) || v.p[7] != '-' ||
	    digits(v, 8, 2, &d) || (v.p[10] != 'T' && v.p[10] != ' ') || digits(v, 11, 2, &h) ||
	    v.p[13] != ':' || digits(v, 14, 2, &mi) || v.p[16] != ':' || digits(v, 17, 2, &s))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60)
		return -1;
	size_t off = 19;
	if (off < v.len && v.p[off] == '.') {
		off++;
		size_t start = off;
		while (off < v.len && off - start < 9 && v.p[off] >= '0' && v.p[off] <= '9')
			off++;
		if (off == start)
			return -1;
	}
	int64_t tz = 0;
	if (off < v.len) {
		if (v.p[off] == 'Z' && off + 1 == v.len) {
			off++;
		} else if ((v.p[off] == '+' || v.p[off] == '-') && off + 6 == v.len && v.p[off + 3] == ':') {
			unsigned th, tm;
			if (digits(v, off + 1, 2, &th) || digits(v, off + 4, 2, &tm) || th > 23 || tm > 59)
				return -1;
			tz = (int64_t)(th * 3600 + tm * 60);
			if (v.p[off] == '-')
				tz = -tz;
			off = v.len;
		} else {
			return -1;
		}
	}
	*unix_s = text_days_from_civil((int)y, mo, d) * 86400 + h * 3600 + mi * 60 + s - tz;
	return 0;
}

void text_fmt_date8(uint32_t ymd, char *out)
{
	if (!ymd) {
		strcpy(out, "-");
		return;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(ymd / 10000 % 10000), (unsigned)(ymd / 100 % 100),
		 (unsigned)(ymd % 100));
}

void text_fmt_time(int64_t t, char *out)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400;
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999; /* outside what any input here can hold */
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000, m % 100, d % 100,
		 (unsigned)(secs / 3600 % 24), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

/* ---- string pool ---- */

void text_strpool_init(struct text_strpool *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->cap = 4096;
	sp->buf = xmalloc(sp->cap);
	sp->buf[0] = 0;
	sp->len = 1;
	sp->nslots = 1024;
	sp->slots = xcalloc(sp->nslots, sizeof *sp->slots);
}

void text_strpool_free(struct text_strpool *sp)
{
	free(sp->buf);
	free(sp->slots);
	memset(sp, 0, sizeof *sp);
}

static void strpool_rehash(struct text_strpool *sp)
{
	size_t n = sp->nslots * 2;
	uint32_t *s = xcalloc(n, sizeof *s);
	for (size_t i = 0; i < sp->nslots; i++) {
		uint32_t off = sp->slots[i];
		if (!off)
			continue;
		const char *str = sp->buf + off;
		size_t k = hash_bytes(str, strlen(str)) & (n - 1);
		while (s[k])
			k = (k + 1) & (n - 1);
		s[k] = off;
	}
	free(sp->slots);
	sp->slots = s;
	sp->nslots = n;
}

uint32_t text_strpool_add(struct text_strpool *sp, const char *str, size_t n)
{
	if (n == 0)
		return 0;
	/* A string with a NUL inside would read back shorter: cut it there. */
	const char *nul = memchr(str, 0, n);
	if (nul)
		n = (size_t)(nul - str);
	if (n == 0)
		return 0;
	if ((sp->count + 1) * 2 > sp->nslots)
		strpool_rehash(sp);
	size_t k = hash_bytes(str, n) & (sp->nslots - 1);
	while (sp->slots[k]) {
		const char *s = sp->buf + sp->slots[k];
		if (strncmp(s, str, n) == 0 && s[n] == 0)
			return sp->slots[k];
		k = (k + 1) & (sp->nslots - 1);
	}
	if (sp->len + n + 1 > UINT32_MAX) {
		/* Offsets are 32-bit; the loaders' caps keep pools far below this. */
		fprintf(stderr, "manrs: string pool over 4 GiB\n");
		abort();
	}
	sp->buf = xgrow(sp->buf, &sp->cap, sp->len + n + 1, 1);
	uint32_t off = (uint32_t)sp->len;
	memcpy(sp->buf + off, str, n);
	sp->buf[off + n] = 0;
	sp->len += n + 1;
	sp->slots[k] = off;
	sp->count++;
	return off;
}
