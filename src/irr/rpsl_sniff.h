/*
 * Telling an RPSL file (an IRR dump or an answer of whois) from other text
 * by its first bytes, for `manrs refdata check`.
 */
#ifndef MANRS_IRR_RPSL_SNIFF_H
#define MANRS_IRR_RPSL_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

/* Whether name (n bytes, any case, no colon) is an object class the RPSL
 * reader knows (RFC 2622, RFC 2725, RFC 4012 and the registries' own). */
bool rpsl_class_known(const char *s, size_t n);

/* Whether the first line of head that is not a comment ('#' or '%') or
 * blank starts an object: "class:" with a class the reader knows (RFC 2622
 * section 2: an object begins with its class attribute). Pure. */
bool rpsl_sniff(const char *head, size_t len);

#endif
