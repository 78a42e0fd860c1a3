/*
 * RPSL detection from a file's first bytes (rpsl_sniff.h): the first
 * attribute must name a class, as every RPSL object starts with one.
 */
#include "irr/rpsl_sniff.h"

#include <string.h>

bool rpsl_sniff(const char *head, size_t len)
{
	size_t off = 0;
	while (off < len) {
		const char *s = head + off;
		const char *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off;
		off += nl ? n + 1 : n;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (!n || s[0] == '#' || s[0] == '%')
			continue;
		const char *colon = memchr(s, ':', n);
		return colon && rpsl_class_known(s, (size_t)(colon - s));
	}
	return false;
}
