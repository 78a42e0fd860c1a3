/*
 * Pure helpers of the web server (web_int.h): escaping for HTML and CSV,
 * percent-decoding that never yields a NUL or control byte, path checks,
 * ETags and If-None-Match (RFC 9110), the token bucket of the rate
 * limiter, and the parsers of query values and --listen.
 */
#include "web/web_int.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

void web_html_escape(struct wbuf *w, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': wbuf_puts(w, "&amp;"); break;
		case '<': wbuf_puts(w, "&lt;"); break;
		case '>': wbuf_puts(w, "&gt;"); break;
		case '"': wbuf_puts(w, "&quot;"); break;
		case '\'': wbuf_puts(w, "&#39;"); break;
		default: wbuf_putc(w, *s);
		}
	}
}

void web_csv_field(struct wbuf *w, const char *s, bool text)
{
	bool formula = text && (*s == '=' || *s == '+' || *s == '-' || *s == '@');
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		wbuf_putc(w, '"');
	if (formula)
		wbuf_putc(w, '\'');
	for (; *s; s++) {
		if (*s == '"')
			wbuf_putc(w, '"');
		wbuf_putc(w, *s);
	}
	if (quote)
		wbuf_putc(w, '"');
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t web_unescape(char *s)
{
	char *out = s;
	for (const char *p = s; *p;) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			int v = hexval(p[1]) * 16 + hexval(p[2]);
			if (v >= 0x20 && v != 0x7f) {
				*out++ = (char)v;
				p += 3;
				continue;
			}
		}
		/* '+' is a space only in form data; our parameters never need
		 * one, so it stays as it is. */
		*out++ = *p++;
	}
	*out = 0;
	return (size_t)(out - s);
}

bool web_path_ok(const char *path)
{
	if (path[0] != '/')
		return false;
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '\\' || *p == '%')
			return false;
	/* Segments: none empty (except a trailing slash of "/"), "." or "..". */
	const char *seg = path + 1;
	while (*seg) {
		const char *e = strchr(seg, '/');
		size_t n = e ? (size_t)(e - seg) : strlen(seg);
		if ((n == 0 && e) || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (!e)
			break;
		seg = e + 1;
	}
	return true;
}

void web_etag(const void *body, size_t len, char out[20])
{
	uint64_t h = 0xcbf29ce484222325ull;
	const unsigned char *p = body;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	snprintf(out, 20, "\"%016llx\"", (unsigned long long)h);
}

bool web_etag_match(const char *header, const char *etag)
{
	size_t el = strlen(etag);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		if (*p == '*')
			return true;
		/* Weak comparison (RFC 9110 section 8.8.3.2): W/ is ignored. */
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		const char *e = p;
		if (*e == '"') {
			e = strchr(e + 1, '"');
			if (!e)
				return false;
			e++;
		} else {
			while (*e && *e != ',' && *e != ' ')
				e++;
		}
		if ((size_t)(e - p) == el && !memcmp(p, etag, el))
			return true;
		p = e;
	}
	return false;
}

bool web_bucket_take(struct web_bucket *b, uint64_t now_us, double rate, double burst)
{
	if (b->last_us == 0) {
		b->tokens = burst;
		b->last_us = now_us;
	} else if (now_us > b->last_us) {
		b->tokens += (double)(now_us - b->last_us) * rate / 1e6;
		if (b->tokens > burst)
			b->tokens = burst;
		b->last_us = now_us;
	}
	if (b->tokens < 1)
		return false;
	b->tokens -= 1;
	return true;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

uint32_t web_parse_month(const char *s)
{
	size_t n = strlen(s);
	if (n != 7 && n != 20)
		return 0;
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2))
		return 0;
	unsigned y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
	unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	if (y < 1970 || m < 1 || m > 12)
		return 0;
	if (n == 20) {
		/* YYYY-MM-DDTHH:MM:SSZ with sane fields (RFC 3339 section 5.6). */
		if (s[7] != '-' || !digits(s + 8, 2) || s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' ||
		    !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2) || s[19] != 'Z')
			return 0;
		int d = (s[8] - '0') * 10 + (s[9] - '0'), h = (s[11] - '0') * 10 + (s[12] - '0');
		int mi = (s[14] - '0') * 10 + (s[15] - '0'), se = (s[17] - '0') * 10 + (s[18] - '0');
		if (d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
			return 0;
	}
	return y * 100 + m;
}

int64_t web_parse_uint(const char *s, int64_t min, int64_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > 10 || !digits(s, n))
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v < min || v > max ? -1 : v;
}

int web_parse_listen(const char *s, struct sockaddr_storage *ss, unsigned *len)
{
	char host[64];
	const char *colon;
	if (s[0] == '[') {
		const char *e = strchr(s, ']');
		if (!e || e[1] != ':' || (size_t)(e - s - 1) >= sizeof host)
			return -1;
		memcpy(host, s + 1, (size_t)(e - s - 1));
		host[e - s - 1] = 0;
		colon = e + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof host || colon == s)
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = 0;
	}
	int64_t port = web_parse_uint(colon + 1, 0, 65535);
	if (port < 0)
		return -1;
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (s[0] != '[' && inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof *a4;
		return 0;
	}
	if (s[0] == '[' && inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof *a6;
		return 0;
	}
	return -1;
}
