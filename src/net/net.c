/*
 * Address and prefix formatting and parsing. Formatting is hand-written
 * because it runs once or twice per output line; the IPv6 text is exactly
 * what glibc's inet_ntop prints (a unit test compares the two).
 */
#include "net/net.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

size_t ipv4_fmt(const uint8_t b[4], char *out)
{
	char *o = out;
	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];
		if (v >= 100)
			*o++ = (char)('0' + v / 100);
		if (v >= 10)
			*o++ = (char)('0' + v / 10 % 10);
		*o++ = (char)('0' + v % 10);
		if (i < 3)
			*o++ = '.';
	}
	*o = 0;
	return (size_t)(o - out);
}

/*
 * RFC 5952 text, exactly as glibc's inet_ntop prints it: lower-case hex
 * without leading zeros, the longest run of two or more zero fields (the
 * first of equal runs) as "::", and the last 32 bits as dotted IPv4 for
 * IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) addresses.
 * Written out because inet_ntop goes through sprintf and runs once per line.
 */
size_t ipv6_fmt(const uint8_t b[16], char *out)
{
	static const char hx[] = "0123456789abcdef";
	unsigned words[8];
	for (int i = 0; i < 8; i++)
		words[i] = (unsigned)(b[2 * i] << 8 | b[2 * i + 1]);
	int best = -1, best_len = 0, cur = -1, cur_len = 0;
	for (int i = 0; i < 8; i++) {
		if (words[i] == 0) {
			if (cur < 0) {
				cur = i;
				cur_len = 1;
			} else {
				cur_len++;
			}
			if (cur_len > best_len) {
				best = cur;
				best_len = cur_len;
			}
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	char *o = out;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*o++ = ':';
			continue;
		}
		if (i)
			*o++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
			o += ipv4_fmt(b + 12, o);
			return (size_t)(o - out);
		}
		unsigned v = words[i];
		int started = 0;
		for (int sh = 12; sh >= 0; sh -= 4) {
			unsigned d = (v >> sh) & 15;
			if (d || started || sh == 0) {
				*o++ = hx[d];
				started = 1;
			}
		}
	}
	if (best >= 0 && best + best_len == 8)
		*o++ = ':';
	*o = 0;
	return (size_t)(o - out);
}

size_t ip_fmt(const struct ip_addr *a, char *out)
{
	if (a->afi == AFI_IPV6)
		return ipv6_fmt(a->b, out);
	return ipv4_fmt(a->b, out);
}

size_t prefix_fmt(const struct prefix *p, char *out)
{
	size_t n = p->afi == AFI_IPV6 ? ipv6_fmt(p->b, out) : ipv4_fmt(p->b, out);
	out[n++] = '/';
	unsigned l = p->len;
	if (l >= 100) {
		out[n++] = (char)('0' + l / 100);
		out[n++] = (char)('0' + l / 10 % 10);
	} else if (l >= 10) {
		out[n++] = (char)('0' + l / 10);
	}
	out[n++] = (char)('0' + l % 10);
	out[n] = 0;
	return n;
}

int ip_parse(const char *s, struct ip_addr *a)
{
	memset(a, 0, sizeof *a);
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, a->b) != 1)
			return -1;
		a->afi = AFI_IPV6;
		return 0;
	}
	/* inet_pton accepts only the strict dotted-quad form, as we want. */
	if (inet_pton(AF_INET, s, a->b) != 1)
		return -1;
	a->afi = AFI_IPV4;
	return 0;
}

int prefix_parse(const char *s, struct prefix *p)
{
	char buf[IP_STRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= IP_STRLEN)
		return -1;
	memcpy(buf, s, alen);
	buf[alen] = 0;
	struct ip_addr a;
	if (ip_parse(buf, &a) < 0)
		return -1;
	unsigned max = a.afi == AFI_IPV6 ? 128 : 32, len = max;
	if (slash) {
		const char *q = slash + 1;
		if (*q == 0 || strlen(q) > 3)
			return -1;
		len = 0;
		for (; *q; q++) {
			if (*q < '0' || *q > '9')
				return -1;
			len = len * 10 + (unsigned)(*q - '0');
		}
		if (len > max)
			return -1;
	}
	p->afi = a.afi;
	p->len = (uint8_t)len;
	memcpy(p->b, a.b, 16);
	prefix_mask(p);
	return 0;
}

int asn_parse(const char *s, uint32_t *asn)
{
	if ((s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's'))
		s += 2;
	if (*s == 0)
		return -1;
	uint64_t hi = 0, v = 0;
	int dot = 0, digits = 0;
	for (; *s; s++) {
		if (*s == '.' && !dot && digits) {
			dot = 1;
			hi = v;
			v = 0;
			digits = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || ++digits > 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (!digits)
		return -1;
	if (dot) {
		if (hi > 65535 || v > 65535)
			return -1;
		v = hi << 16 | v;
	}
	if (v > UINT32_MAX)
		return -1;
	*asn = (uint32_t)v;
	return 0;
}

void prefix_mask(struct prefix *p)
{
	unsigned max = p->afi == AFI_IPV6 ? 128 : 32;
	unsigned len = p->len > max ? max : p->len;
	unsigned full = len / 8, rem = len % 8;
	if (full < 16) {
		if (rem)
			p->b[full++] &= (uint8_t)(0xff << (8 - rem));
		memset(p->b + full, 0, 16 - full);
	}
}

bool prefix_covers(const struct prefix *outer, const struct prefix *inner)
{
	if (outer->afi != inner->afi || outer->len > inner->len)
		return false;
	unsigned full = outer->len / 8, rem = outer->len % 8;
	if (memcmp(outer->b, inner->b, full) != 0)
		return false;
	if (rem) {
		uint8_t m = (uint8_t)(0xff << (8 - rem));
		if ((outer->b[full] & m) != (inner->b[full] & m))
			return false;
	}
	return true;
}

bool prefix_equal(const struct prefix *a, const struct prefix *b)
{
	return a->afi == b->afi && a->len == b->len && prefix_covers(a, b);
}

int prefix_cmp(const struct prefix *a, const struct prefix *b)
{
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	int c = memcmp(a->b, b->b, 16);
	if (c)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}
