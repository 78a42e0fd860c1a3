/*
 * Bogon tables and lookups. The special-purpose tables below are the IANA
 * registries row by row (names verbatim, RFC as IANA cites it), plus the
 * IETF-reserved and multicast blocks of the address-space registries; the
 * most specific entry covering a prefix decides. Administrative bogons
 * (undelegated space and AS numbers) are added from loaded files.
 */
#include "refdata/bogons.h"
#include "lib/xmalloc.h"
#include "net/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T BT_TRUE
#define F BT_FALSE
#define NA BT_NA

/*
 * Columns: prefix, name, RFC, table, Source, Destination, Forwardable,
 * Globally Reachable, Reserved-by-Protocol, bogon, why.
 * IANA IPv4 Special-Purpose Address Registry (RFC 6890, updated by RFC 8190)
 * and IANA IPv6 Special-Purpose Address Registry, as of 2024. Where IANA
 * qualifies a value with a footnote ("False [1]") the value is kept here
 * and the footnote summarised in `why`. Verdict: a special-purpose block is
 * a bogon when its Globally Reachable value is False; N/A (the registry
 * defers to the RFC: Teredo, 6to4) is not.
 */
static const struct bogon_entry ENTRIES[] = {
	/* IPv4 Special-Purpose Address Registry */
	{ "0.0.0.0/8", "\"This network\"", "RFC 791, Section 3.2", BOGON_TBL_SPECIAL, T, F, F, F, T, true,
	  "source-only address of a host without an address; never routed" },
	{ "0.0.0.0/32", "\"This host on this network\"", "RFC 1122, Section 3.2.1.3", BOGON_TBL_SPECIAL, T, F, F, F, T,
	  true, "source-only address of a host without an address; never routed" },
	{ "10.0.0.0/8", "Private-Use", "RFC 1918", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "private addresses: not globally reachable" },
	{ "100.64.0.0/10", "Shared Address Space", "RFC 6598", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "carrier-grade NAT space: not globally reachable" },
	{ "127.0.0.0/8", "Loopback", "RFC 1122, Section 3.2.1.3", BOGON_TBL_SPECIAL, F, F, F, F, T, true,
	  "loopback; IANA marks its first four columns False with a footnote (exceptions, e.g. RFC 4379)" },
	{ "169.254.0.0/16", "Link Local", "RFC 3927", BOGON_TBL_SPECIAL, T, T, F, F, T, true,
	  "link-local: not forwarded by routers" },
	{ "172.16.0.0/12", "Private-Use", "RFC 1918", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "private addresses: not globally reachable" },
	{ "192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890, Section 2.1", BOGON_TBL_SPECIAL, F, F, F, F, F, true,
	  "not usable except through a more specific registry entry (IANA footnote)" },
	{ "192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "DS-Lite B4/AFTR addressing: not globally reachable" },
	{ "192.0.0.8/32", "IPv4 dummy address", "RFC 7600", BOGON_TBL_SPECIAL, T, F, F, F, F, true,
	  "dummy source for ICMP from hosts without an IPv4 address" },
	{ "192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "globally reachable anycast" },
	{ "192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", BOGON_TBL_SPECIAL, T, T, T, T, F,
	  false, "globally reachable anycast" },
	{ "192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050, Section 2.2", BOGON_TBL_SPECIAL, F, F, F, F,
	  T, true, "well-known name resolution target, never an address on the wire" },
	{ "192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050, Section 2.2", BOGON_TBL_SPECIAL, F, F, F, F,
	  T, true, "well-known name resolution target, never an address on the wire" },
	{ "192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", BOGON_TBL_SPECIAL, F, F, F, F, F, true,
	  "documentation only" },
	{ "192.31.196.0/24", "AS112-v4", "RFC 7535", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "routed by AS112 (DNAME redirection)" },
	{ "192.52.193.0/24", "AMT", "RFC 7450", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "globally reachable AMT relay anycast" },
	{ "192.168.0.0/16", "Private-Use", "RFC 1918", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "private addresses: not globally reachable" },
	{ "192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "routed by AS112" },
	{ "198.18.0.0/15", "Benchmarking", "RFC 2544", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "benchmarking labs only" },
	{ "198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", BOGON_TBL_SPECIAL, F, F, F, F, F, true,
	  "documentation only" },
	{ "203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", BOGON_TBL_SPECIAL, F, F, F, F, F, true,
	  "documentation only" },
	{ "240.0.0.0/4", "Reserved", "RFC 1112, Section 4", BOGON_TBL_SPECIAL, F, F, F, F, T, true,
	  "reserved for future use (class E)" },
	{ "255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919, Section 7", BOGON_TBL_SPECIAL, F, T, F, F, T,
	  true, "limited broadcast: never forwarded" },

	/* IPv6 Special-Purpose Address Registry */
	{ "::1/128", "Loopback Address", "RFC 4291", BOGON_TBL_SPECIAL, F, F, F, F, T, true, "loopback" },
	{ "::/128", "Unspecified Address", "RFC 4291", BOGON_TBL_SPECIAL, T, F, F, F, T, true,
	  "source-only unspecified address" },
	{ "::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", BOGON_TBL_SPECIAL, F, F, F, F, T, true,
	  "host-internal representation of IPv4 addresses" },
	{ "64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "well-known NAT64 prefix: globally reachable" },
	{ "64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "local-use NAT64 prefix: not globally reachable" },
	{ "100::/64", "Discard-Only Address Block", "RFC 6666", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "remote-triggered black-hole sink: not globally reachable" },
	{ "2001::/23", "IETF Protocol Assignments", "RFC 2928", BOGON_TBL_SPECIAL, F, F, F, F, F, true,
	  "IANA marks it False unless a more specific entry allows (footnote)" },
	{ "2001::/32", "TEREDO", "RFC 4380, RFC 8190", BOGON_TBL_SPECIAL, T, T, T, NA, F, false,
	  "Globally Reachable N/A: Teredo relays may announce it (RFC 4380)" },
	{ "2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "globally reachable anycast" },
	{ "2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", BOGON_TBL_SPECIAL, T, T, T, T, F,
	  false, "globally reachable anycast" },
	{ "2001:1::3/128", "DNS-SD Service Registration Protocol Anycast Address", "RFC 9665", BOGON_TBL_SPECIAL, T, T,
	  T, T, F, false, "globally reachable anycast" },
	{ "2001:2::/48", "Benchmarking", "RFC 5180, RFC Errata 1752", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "benchmarking labs only" },
	{ "2001:3::/32", "AMT", "RFC 7450", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "globally reachable AMT relay anycast" },
	{ "2001:4:112::/48", "AS112-v6", "RFC 7535", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "routed by AS112 (DNAME redirection)" },
	{ "2001:20::/28", "ORCHIDv2", "RFC 7343", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "overlay identifiers, globally reachable per the registry" },
	{ "2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", BOGON_TBL_SPECIAL, T, T, T,
	  T, F, false, "globally reachable per the registry" },
	{ "2001:db8::/32", "Documentation", "RFC 3849", BOGON_TBL_SPECIAL, F, F, F, F, F, true, "documentation only" },
	{ "2002::/16", "6to4", "RFC 3056", BOGON_TBL_SPECIAL, T, T, T, NA, F, false,
	  "Globally Reachable N/A: 6to4 relays may announce 2002::/16 (RFC 3056)" },
	{ "2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", BOGON_TBL_SPECIAL, T, T, T, T, F, false,
	  "routed by AS112" },
	{ "3fff::/20", "Documentation", "RFC 9637", BOGON_TBL_SPECIAL, F, F, F, F, F, true, "documentation only" },
	{ "5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "SRv6 SIDs: inside an SR domain only" },
	{ "fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", BOGON_TBL_SPECIAL, T, T, T, F, F, true,
	  "IANA: False, with a footnote that ULAs are not globally routed (RFC 4193)" },
	{ "fe80::/10", "Link-Local Unicast", "RFC 4291", BOGON_TBL_SPECIAL, T, T, F, F, T, true,
	  "link-local: not forwarded by routers" },

	/* Address-space registries: multicast and IETF-reserved space. */
	{ "224.0.0.0/4", "Multicast", "RFC 5771", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "multicast groups are not unicast destinations" },
	{ "::/8", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "100::/8", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "200::/7", "Reserved by IETF", "RFC 4048", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "formerly NSAP mapping, deprecated by RFC 4048" },
	{ "400::/6", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "800::/5", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "1000::/4", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "4000::/3", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "6000::/3", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "8000::/3", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "a000::/3", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "c000::/3", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "e000::/4", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "f000::/5", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "f800::/6", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "fe00::/9", "Reserved by IETF", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "IETF-reserved IPv6 space (IPv6 Address Space registry)" },
	{ "fec0::/10", "Reserved by IETF", "RFC 3879", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "formerly site-local, deprecated by RFC 3879" },
	{ "ff00::/8", "Multicast", "RFC 4291", BOGON_TBL_RESERVED, NA, NA, NA, NA, NA, true,
	  "multicast groups are not unicast destinations" },

	/* Special-purpose blocks since withdrawn (registry rows with a
	 * termination date). */
	{ "192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", BOGON_TBL_DEPRECATED, NA, NA, NA, NA, NA,
	  true, "6to4 relay anycast deprecated by RFC 7526; terminated 2015-03" },
	{ "2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", BOGON_TBL_DEPRECATED, NA, NA, NA, NA, NA, true,
	  "ORCHID (RFC 4843) replaced by ORCHIDv2 (RFC 7343); terminated 2014-03" },
};

#undef T
#undef F
#undef NA

/*
 * IANA Special-Purpose AS Numbers registry, plus the reserved 32-bit block
 * of the AS Numbers registry. AS112 is special-purpose but a legitimate
 * origin, so not a bogon.
 */
static const struct bogon_asn_entry ASN_ENTRIES[] = {
	{ 0, 0, "Reserved", "RFC 7607", true, "AS 0 must not be originated or appear in an AS_PATH (RFC 7607)" },
	{ 112, 112, "Used by the AS112 project to sink misdirected DNS queries", "RFC 7534", false,
	  "legitimate origin of the AS112 prefixes (192.175.48.0/24, 2620:4f:8000::/48, 192.31.196.0/24, "
	  "2001:4:112::/48); not a bogon, though AS112 originating anything else is suspect" },
	{ 23456, 23456, "AS_TRANS", "RFC 6793", true,
	  "placeholder for 4-octet ASNs towards old speakers; never a real AS in a path" },
	{ 64496, 64511, "For documentation and sample code", "RFC 5398", true, "documentation only" },
	{ 64512, 65534, "For private use", "RFC 6996", true, "private use: stripped before the global table" },
	{ 65535, 65535, "Reserved", "RFC 7300", true, "last 16-bit ASN: reserved, not to be used" },
	{ 65536, 65551, "For documentation and sample code", "RFC 5398", true, "documentation only" },
	{ 65552, 131071, "Reserved", "IANA AS Numbers registry (no RFC)", true,
	  "reserved by IANA, never allocated to an RIR" },
	{ 4200000000u, 4294967294u, "For private use", "RFC 6996", true,
	  "private use: stripped before the global table" },
	{ 4294967295u, 4294967295u, "Reserved", "RFC 7300", true, "last 32-bit ASN: reserved, not to be used" },
};

const struct bogon_entry *bogon_entries(size_t *count)
{
	*count = sizeof ENTRIES / sizeof ENTRIES[0];
	return ENTRIES;
}

const struct bogon_asn_entry *bogon_asn_entries(size_t *count)
{
	*count = sizeof ASN_ENTRIES / sizeof ASN_ENTRIES[0];
	return ASN_ENTRIES;
}

const struct bogon_asn_entry *bogon_asn_special(uint32_t asn)
{
	for (size_t i = 0; i < sizeof ASN_ENTRIES / sizeof ASN_ENTRIES[0]; i++)
		if (asn >= ASN_ENTRIES[i].lo && asn <= ASN_ENTRIES[i].hi)
			return &ASN_ENTRIES[i];
	return NULL;
}

const char *bogon_kind_name(enum bogon_kind k)
{
	switch (k) {
	case BOGON_NOT: return "not a bogon";
	case BOGON_FULL: return "full bogon";
	case BOGON_ADMIN: return "administrative bogon";
	case BOGON_FULL_SPANS: return "spans a full bogon";
	case BOGON_ADMIN_SPANS: return "spans an administrative bogon";
	}
	return "?";
}

const char *bogon_tri_name(uint8_t t)
{
	return t == BT_TRUE ? "True" : t == BT_FALSE ? "False" : "N/A";
}

struct bogons *bogons_new(void)
{
	struct bogons *b = xcalloc(1, sizeof *b);
	trie_init(&b->special);
	trie_init(&b->admin);
	for (size_t i = 0; i < sizeof ENTRIES / sizeof ENTRIES[0]; i++) {
		struct prefix p;
		if (prefix_parse(ENTRIES[i].prefix, &p) < 0) {
			/* The table is compiled in and tested: this is a build defect. */
			fprintf(stderr, "bogons: bad built-in prefix %s\n", ENTRIES[i].prefix);
			abort();
		}
		*trie_insert(&b->special, &p) = (uint32_t)i;
	}
	return b;
}

void bogons_free(struct bogons *b)
{
	if (!b)
		return;
	trie_free(&b->special);
	trie_free(&b->admin);
	free(b->admin_info);
	free(b->asn_admin);
	for (size_t i = 0; i < b->n_sources; i++)
		free(b->sources[i]);
	free(b->sources);
	free(b);
}

uint32_t bogons_add_source(struct bogons *b, const char *name)
{
	b->sources = xreallocarray(b->sources, b->n_sources + 1, sizeof *b->sources);
	b->sources[b->n_sources] = xstrdup(name);
	return (uint32_t)b->n_sources++;
}

int bogons_add_admin_prefix(struct bogons *b, const struct prefix *p, uint32_t source, uint8_t status, uint8_t rir)
{
	if (b->n_admin >= BOGONS_MAX_ADMIN)
		return -1;
	uint32_t *slot = trie_insert(&b->admin, p);
	if (*slot != TRIE_NONE)
		return 0; /* the same block from another file: the first one names it */
	b->admin_info = xgrow(b->admin_info, &b->cap_admin, b->n_admin + 1, sizeof *b->admin_info);
	*slot = (uint32_t)b->n_admin;
	b->admin_info[b->n_admin++] = (struct bogon_admin){ source, status, rir };
	return 0;
}

int bogons_add_admin_asn(struct bogons *b, uint32_t lo, uint32_t hi, uint32_t source, uint8_t status, uint8_t rir)
{
	if (b->n_asn_admin >= BOGONS_MAX_ADMIN || lo > hi)
		return -1;
	b->asn_admin = xgrow(b->asn_admin, &b->cap_asn_admin, b->n_asn_admin + 1, sizeof *b->asn_admin);
	b->asn_admin[b->n_asn_admin++] = (struct bogon_asn_range){ lo, hi, source, status, rir };
	b->sorted = false;
	return 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct bogon_asn_range *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi > y->hi ? -1 : 1;
	return x->source < y->source ? -1 : x->source > y->source;
}

void bogons_finish(struct bogons *b)
{
	if (b->sorted)
		return;
	if (b->n_asn_admin)
		qsort(b->asn_admin, b->n_asn_admin, sizeof *b->asn_admin, cmp_range);
	/* Overlaps (two files listing the same range) are cut so lookups can
	 * binary-search: the earlier range keeps the overlapping part. */
	size_t n = 0;
	for (size_t i = 0; i < b->n_asn_admin; i++) {
		struct bogon_asn_range r = b->asn_admin[i];
		if (n && r.lo <= b->asn_admin[n - 1].hi) {
			if (r.hi <= b->asn_admin[n - 1].hi)
				continue;
			r.lo = b->asn_admin[n - 1].hi + 1;
		}
		b->asn_admin[n++] = r;
	}
	b->n_asn_admin = n;
	b->sorted = true;
}

struct spans_ctx {
	const struct prefix *q;
	const struct prefix *found;
	struct prefix block;
	uint32_t value;
};

/* First built-in bogon entry strictly inside the query. */
static int spans_special_cb(const struct prefix *p, uint32_t value, void *ctx)
{
	struct spans_ctx *c = ctx;
	if (p->len == c->q->len || !ENTRIES[value].bogon)
		return 0;
	c->value = value;
	return 1;
}

static int spans_admin_cb(const struct prefix *p, uint32_t value, void *ctx)
{
	struct spans_ctx *c = ctx;
	if (p->len == c->q->len)
		return 0;
	c->block = *p;
	c->value = value;
	return 1;
}

void bogons_check_prefix(const struct bogons *b, const struct prefix *p0, struct bogon_match *m)
{
	memset(m, 0, sizeof *m);
	struct prefix p = *p0;
	prefix_mask(&p);
	struct prefix match;
	uint32_t v = trie_longest(&b->special, &p, &match);
	if (v != TRIE_NONE)
		m->entry = &ENTRIES[v];
	struct spans_ctx sc = { .q = &p, .value = TRIE_NONE };
	if (trie_covered(&b->special, &p, spans_special_cb, &sc))
		m->spans = &ENTRIES[sc.value];

	v = trie_longest(&b->admin, &p, &match);
	if (v != TRIE_NONE) {
		m->admin_within = true;
		m->admin_block = match;
		m->admin = &b->admin_info[v];
	} else {
		struct spans_ctx ac = { .q = &p, .value = TRIE_NONE };
		if (trie_covered(&b->admin, &p, spans_admin_cb, &ac)) {
			m->admin_spans = true;
			m->admin_block = ac.block;
			m->admin = &b->admin_info[ac.value];
		}
	}

	if (m->entry && m->entry->bogon)
		m->kind = BOGON_FULL;
	else if (m->admin_within && !m->entry)
		m->kind = BOGON_ADMIN;
	else if (m->spans)
		m->kind = BOGON_FULL_SPANS;
	else if (m->admin_spans)
		m->kind = BOGON_ADMIN_SPANS;
	else
		m->kind = BOGON_NOT;
}

void bogons_check_asn(const struct bogons *b, uint32_t asn, struct bogon_asn_match *m)
{
	memset(m, 0, sizeof *m);
	m->entry = bogon_asn_special(asn);
	if (b->sorted) {
		size_t lo = 0, hi = b->n_asn_admin;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (b->asn_admin[mid].lo <= asn)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo && b->asn_admin[lo - 1].hi >= asn)
			m->admin = &b->asn_admin[lo - 1];
	} else {
		for (size_t i = 0; i < b->n_asn_admin && !m->admin; i++)
			if (asn >= b->asn_admin[i].lo && asn <= b->asn_admin[i].hi)
				m->admin = &b->asn_admin[i];
	}
	if (m->entry && m->entry->bogon)
		m->kind = BOGON_FULL;
	else if (m->admin && !m->entry)
		m->kind = BOGON_ADMIN;
	else
		m->kind = BOGON_NOT;
}

void bogons_parse_list(struct bogons *b, const char *text, size_t len, uint32_t source,
		       struct bogons_list_report *rep, bogons_bad_line_cb cb, void *ctx)
{
	memset(rep, 0, sizeof *rep);
	rep->updated = -1;
	struct text_lines l;
	struct text_view line;
	text_lines_init(&l, text, len);
	while (text_lines_next(&l, &line)) {
		rep->lines++;
		const char *why = NULL;
		if (line.len > BOGONS_MAX_LINE) {
			why = "line longer than 256 bytes";
			goto bad;
		}
		struct text_view t = text_trim(line);
		if (t.len == 0)
			continue;
		if (t.p[0] == '#') {
			rep->comments++;
			/* "# last updated 1710089701 (Sun Mar 10 16:55:01 2024 GMT)" */
			struct text_view f[4];
			if (text_split(t, ' ', f, 4) >= 4 && text_eq(f[1], "last") && text_eq(f[2], "updated")) {
				struct text_view num = f[3];
				uint64_t u;
				if (text_u64(num, &u) == 0 && u < (1ull << 40))
					rep->updated = (int64_t)u;
			}
			continue;
		}
		/* A prefix, optionally followed by blanks and a comment. */
		size_t n = 0;
		while (n < t.len && t.p[n] != ' ' && t.p[n] != '\t' && t.p[n] != ';' && t.p[n] != '#')
			n++;
		struct text_view pv = { t.p, n };
		struct prefix p;
		if (text_prefix(pv, &p, true) < 0) {
			why = "not a prefix";
			goto bad;
		}
		if (text_prefix(pv, &p, false) < 0) {
			why = "address has bits set past the prefix length";
			goto bad;
		}
		struct prefix match;
		uint32_t v = trie_longest(&b->special, &p, &match);
		if (v != TRIE_NONE && ENTRIES[v].bogon)
			rep->special++;
		if (bogons_add_admin_prefix(b, &p, source, 0, 0) < 0) {
			why = "too many bogon blocks (BOGONS_MAX_ADMIN)";
			goto bad;
		}
		rep->prefixes++;
		if (p.afi == AFI_IPV4)
			rep->v4++;
		else
			rep->v6++;
		continue;
bad:
		rep->skipped++;
		if (!rep->first_bad_line) {
			rep->first_bad_line = l.lineno;
			rep->first_bad_reason = why;
		}
		if (cb)
			cb(l.lineno, why, ctx);
	}
}

enum bogons_sniff_kind bogons_sniff(const char *name, const char *head, size_t len)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	bool updated = false;
	struct text_lines l;
	struct text_view line;
	text_lines_init(&l, head, len);
	while (text_lines_next(&l, &line)) {
		struct text_view t = text_trim(line);
		if (!t.len || t.p[0] == ';')
			continue; /* Spamhaus comments */
		if (t.p[0] == '#') {
			if (memmem(t.p, t.len, "last updated", 12))
				updated = true;
			continue;
		}
		size_t n = 0;
		while (n < t.len && t.p[n] != ' ' && t.p[n] != ';' && t.p[n] != '\t' && t.p[n] != '#')
			n++;
		struct prefix p;
		struct text_view pv = { t.p, n };
		if (text_prefix(pv, &p, true) < 0)
			return BOGONS_SNIFF_NO;
		if (memmem(t.p, t.len, "; SBL", 5))
			return BOGONS_SNIFF_DROP;
		return updated || strstr(base, "bogon") ? BOGONS_SNIFF_LIST : BOGONS_SNIFF_PREFIXES;
	}
	return BOGONS_SNIFF_NO;
}
