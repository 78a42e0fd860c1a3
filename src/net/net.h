/*
 * Addresses, prefixes and AS numbers: the value types every other module
 * shares, with formatting that matches inet_ntop/inet_ntoa exactly and
 * parsing from (pointer, length) text.
 */
#ifndef MANRS_NET_NET_H
#define MANRS_NET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Address family identifiers as on the wire (RFC 4760, IANA AFI registry). */
#define AFI_IPV4 1
#define AFI_IPV6 2

/* SAFI values (RFC 4760). */
#define SAFI_UNICAST 1
#define SAFI_MULTICAST 2

/* Longest text form of an address: IPv6 with embedded IPv4 plus NUL. */
#define IP_STRLEN 46
/* ...and of a prefix, "/128" added. */
#define PREFIX_STRLEN 50

struct ip_addr {
	uint8_t afi;     /* AFI_IPV4 or AFI_IPV6; 0 = none */
	uint8_t b[16];   /* network order; IPv4 in b[0..3], rest zero */
};

struct prefix {
	uint8_t afi;
	uint8_t len;     /* bits */
	uint8_t b[16];   /* network order; bits past len are as received */
};

/* Formats into out (at least IP_STRLEN bytes); returns the length written. */
size_t ipv4_fmt(const uint8_t b[4], char *out);
size_t ipv6_fmt(const uint8_t b[16], char *out);
size_t ip_fmt(const struct ip_addr *a, char *out);
/* "addr/len"; out at least PREFIX_STRLEN bytes. */
size_t prefix_fmt(const struct prefix *p, char *out);

/* Parses "a.b.c.d" or an IPv6 address. Returns 0, or -1 if not an address. */
int ip_parse(const char *s, struct ip_addr *a);
/* Parses "addr/len" (a bare address is a host prefix). Returns 0 or -1. */
int prefix_parse(const char *s, struct prefix *p);
/* Parses "65000", "AS65000" or asdot "1.10". Returns 0 or -1. */
int asn_parse(const char *s, uint32_t *asn);

/* Sets every bit past p->len to zero. */
void prefix_mask(struct prefix *p);
/* True if `outer` covers `inner` (same family, outer->len <= inner->len and
 * the first outer->len bits equal). A prefix covers itself. */
bool prefix_covers(const struct prefix *outer, const struct prefix *inner);
bool prefix_equal(const struct prefix *a, const struct prefix *b);
/* Total order: IPv4 before IPv6, then by address bytes, then shorter first
 * (the order of trie_walk). Returns <0, 0 or >0. */
int prefix_cmp(const struct prefix *a, const struct prefix *b);

#endif
