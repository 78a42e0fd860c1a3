/* Unit tests for src/refdata/bogons.c: every built-in entry against an
 * independent copy of the IANA registries, verdicts, the special-purpose
 * ASNs, Team Cymru lists and administrative bogons from RIR stats. */
#include "test.h"
#include "refdata/bogons.h"
#include "net/text.h"
#include "refdata/rirstats.h"

#include <stdlib.h>

static char *read_data(const char *rel, size_t *len)
{
	char path[512], err[256], *buf;
	snprintf(path, sizeof path, "%s/../data/refdata/%s", test_srcdir, rel);
	if (text_read_file(path, TEXT_MAX_FILE, &buf, len, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "  %s\n", err);
		return NULL;
	}
	return buf;
}

static const struct bogon_entry *find_entry(const char *prefix)
{
	size_t n;
	const struct bogon_entry *e = bogon_entries(&n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e[i].prefix, prefix))
			return &e[i];
	return NULL;
}

static uint8_t tri_of(struct text_view v)
{
	return text_eq(v, "True") ? BT_TRUE : text_eq(v, "False") ? BT_FALSE : BT_NA;
}

/* Where IANA writes "False [n]" (a footnote), the Wireshark-derived table
 * has N/A and ours keeps False: these, and only these, may differ. */
static bool footnoted(const char *prefix, int col)
{
	if (!strcmp(prefix, "127.0.0.0/8") || !strcmp(prefix, "2001::/23"))
		return col <= 3;
	if (!strcmp(prefix, "fc00::/7"))
		return col == 3;
	return false;
}

/* data/refdata/bogons/iana-special-purpose_derived-from-wireshark.csv: 47
 * rows "prefix,name,source,destination,forwardable,global,reserved". */
void test_bogons_vs_iana_table(void)
{
	size_t len, n;
	char *buf = read_data("bogons/iana-special-purpose_derived-from-wireshark.csv", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	const struct bogon_entry *e = bogon_entries(&n);
	size_t special = 0;
	for (size_t i = 0; i < n; i++)
		special += e[i].table == BOGON_TBL_SPECIAL;
	CHECK_EQ_U(special, 47);

	struct text_lines l;
	struct text_view line;
	size_t rows = 0, deviations = 0;
	text_lines_init(&l, buf, len);
	text_lines_next(&l, &line); /* header */
	while (text_lines_next(&l, &line)) {
		if (!line.len)
			continue;
		/* The name column may be quoted with doubled quotes. */
		char name[128] = "", prefix[64];
		struct text_view f[8];
		size_t q = 0;
		if (!text_copy((struct text_view){ line.p, (size_t)((const char *)memchr(line.p, ',', line.len) - line.p) },
			     prefix, sizeof prefix)) {
			CHECK(0);
			continue;
		}
		const char *rest = line.p + strlen(prefix) + 1;
		size_t rlen = line.len - strlen(prefix) - 1;
		if (rest[0] == '"') {
			size_t k = 1, o = 0;
			while (k < rlen) {
				if (rest[k] == '"' && k + 1 < rlen && rest[k + 1] == '"') {
					name[o++] = '"';
					k += 2;
				} else if (rest[k] == '"') {
					k++;
					break;
				} else {
					name[o++] = rest[k++];
				}
			}
			name[o] = 0;
			q = k + 1;
		} else {
			const char *c = memchr(rest, ',', rlen);
			q = (size_t)(c - rest);
			memcpy(name, rest, q);
			name[q] = 0;
			q++;
		}
		int nf = text_split((struct text_view){ rest + q, rlen - q }, ',', f, 8);
		CHECK_EQ_U(nf, 5);
		rows++;
		const struct bogon_entry *b = find_entry(prefix);
		if (!b) {
			fprintf(stderr, "  %s (%s) missing from the built-in table\n", prefix, name);
			test_failures++;
			continue;
		}
		CHECK_EQ_U(b->table, BOGON_TBL_SPECIAL);
		CHECK_STR(b->name, name);
		const uint8_t mine[5] = { b->source, b->destination, b->forwardable, b->global, b->reserved };
		for (int col = 0; col < 5 && nf == 5; col++) {
			uint8_t theirs = tri_of(f[col]);
			if (mine[col] == theirs)
				continue;
			if (theirs == BT_NA && mine[col] == BT_FALSE && footnoted(prefix, col)) {
				deviations++;
				continue;
			}
			fprintf(stderr, "  %s column %d: %s, IANA table says %s\n", prefix, col, bogon_tri_name(mine[col]),
				bogon_tri_name(theirs));
			test_failures++;
		}
		/* Our verdict follows Globally Reachable: False is a bogon. */
		CHECK_EQ_U(b->bogon, b->global == BT_FALSE);
	}
	CHECK_EQ_U(rows, 47);
	CHECK_EQ_U(deviations, 9); /* 127/8 and 2001::/23 four columns each, fc00::/7 one */
	free(buf);
}

/* Every entry: its RFC is named, its prefix parses without host bits and
 * nothing is listed twice. */
void test_bogons_table_sane(void)
{
	size_t n;
	const struct bogon_entry *e = bogon_entries(&n);
	CHECK_EQ_U(n, 67);
	for (size_t i = 0; i < n; i++) {
		struct prefix p, q;
		CHECK(prefix_parse(e[i].prefix, &p) == 0);
		q = p;
		prefix_mask(&q);
		CHECK(memcmp(p.b, q.b, 16) == 0);
		CHECK(!strncmp(e[i].rfc, "RFC ", 4));
		CHECK(e[i].why && e[i].why[0]);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(e[i].prefix, e[j].prefix) != 0);
		if (e[i].table != BOGON_TBL_SPECIAL)
			CHECK(e[i].bogon);
	}
}

static void expect_prefix(const struct bogons *b, const char *q, enum bogon_kind kind, const char *entry,
			  const char *rfc)
{
	struct prefix p;
	struct bogon_match m;
	CHECK(prefix_parse(q, &p) == 0);
	bogons_check_prefix(b, &p, &m);
	if (m.kind != kind) {
		fprintf(stderr, "  %s: %s, expected %s\n", q, bogon_kind_name(m.kind), bogon_kind_name(kind));
		test_failures++;
	}
	const struct bogon_entry *got = kind == BOGON_FULL_SPANS ? m.spans : m.entry;
	if (entry) {
		CHECK(got != NULL);
		if (got) {
			CHECK_STR(got->prefix, entry);
			CHECK_STR(got->rfc, rfc);
		}
	} else {
		CHECK(got == NULL);
	}
}

void test_bogons_prefix_verdicts(void)
{
	struct bogons *b = bogons_new();
	expect_prefix(b, "192.168.1.0/24", BOGON_FULL, "192.168.0.0/16", "RFC 1918");
	expect_prefix(b, "10.1.2.3/8", BOGON_FULL, "10.0.0.0/8", "RFC 1918"); /* host bits ignored */
	expect_prefix(b, "100.64.0.0/10", BOGON_FULL, "100.64.0.0/10", "RFC 6598");
	expect_prefix(b, "8.8.8.0/24", BOGON_NOT, NULL, NULL);
	/* The most specific entry decides: PCP anycast inside 192.0.0.0/24. */
	expect_prefix(b, "192.0.0.9/32", BOGON_NOT, "192.0.0.9/32", "RFC 7723");
	expect_prefix(b, "192.0.0.8/32", BOGON_FULL, "192.0.0.8/32", "RFC 7600");
	expect_prefix(b, "192.0.0.128/25", BOGON_FULL, "192.0.0.0/24", "RFC 6890, Section 2.1");
	expect_prefix(b, "192.0.0.0/16", BOGON_FULL_SPANS, "192.0.0.0/24", "RFC 6890, Section 2.1");
	expect_prefix(b, "0.0.0.0/0", BOGON_FULL_SPANS, "0.0.0.0/8", "RFC 791, Section 3.2");
	expect_prefix(b, "192.175.48.0/24", BOGON_NOT, "192.175.48.0/24", "RFC 7534");
	expect_prefix(b, "224.0.0.0/24", BOGON_FULL, "224.0.0.0/4", "RFC 5771");
	expect_prefix(b, "240.1.0.0/16", BOGON_FULL, "240.0.0.0/4", "RFC 1112, Section 4");
	expect_prefix(b, "255.255.255.255/32", BOGON_FULL, "255.255.255.255/32", "RFC 8190, RFC 919, Section 7");
	expect_prefix(b, "192.88.99.0/24", BOGON_FULL, "192.88.99.0/24", "RFC 7526");
	expect_prefix(b, "2001:db8:1::/48", BOGON_FULL, "2001:db8::/32", "RFC 3849");
	expect_prefix(b, "3fff:100::/24", BOGON_FULL, "3fff::/20", "RFC 9637");
	expect_prefix(b, "2001:4:112::/48", BOGON_NOT, "2001:4:112::/48", "RFC 7535");
	expect_prefix(b, "2002:c000:200::/40", BOGON_NOT, "2002::/16", "RFC 3056");
	expect_prefix(b, "2001::/32", BOGON_NOT, "2001::/32", "RFC 4380, RFC 8190");
	expect_prefix(b, "2001:5::/32", BOGON_FULL, "2001::/23", "RFC 2928");
	expect_prefix(b, "2001:10::/28", BOGON_FULL, "2001:10::/28", "RFC 4843");
	expect_prefix(b, "64:ff9b::/96", BOGON_NOT, "64:ff9b::/96", "RFC 6052");
	expect_prefix(b, "64:ff9b::/95", BOGON_FULL, "::/8", "RFC 4291");
	expect_prefix(b, "5f00:1::/32", BOGON_FULL, "5f00::/16", "RFC 9602");
	expect_prefix(b, "fd12:3456::/32", BOGON_FULL, "fc00::/7", "RFC 4193, RFC 8190");
	expect_prefix(b, "fec0::/10", BOGON_FULL, "fec0::/10", "RFC 3879");
	expect_prefix(b, "ff02::/16", BOGON_FULL, "ff00::/8", "RFC 4291");
	expect_prefix(b, "4000::/3", BOGON_FULL, "4000::/3", "RFC 4291");
	expect_prefix(b, "2a00:1450::/32", BOGON_NOT, NULL, NULL);
	expect_prefix(b, "2000::/3", BOGON_FULL_SPANS, "2001::/23", "RFC 2928");
	bogons_free(b);
}

static void expect_asn(const struct bogons *b, uint32_t asn, enum bogon_kind kind, const char *rfc)
{
	struct bogon_asn_match m;
	bogons_check_asn(b, asn, &m);
	if (m.kind != kind) {
		fprintf(stderr, "  AS%u: %s, expected %s\n", asn, bogon_kind_name(m.kind), bogon_kind_name(kind));
		test_failures++;
	}
	if (rfc) {
		CHECK(m.entry != NULL);
		if (m.entry)
			CHECK_STR(m.entry->rfc, rfc);
	} else {
		CHECK(m.entry == NULL);
	}
}

/* The IANA Special-Purpose AS Numbers registry, typed in from the registry
 * independently of the table: 0 (RFC 7607), 112 (RFC 7534), 23456 (RFC
 * 6793), 64496-64511 and 65536-65551 (RFC 5398), 64512-65534 and
 * 4200000000-4294967294 (RFC 6996), 65535 and 4294967295 (RFC 7300); plus
 * the reserved 65552-131071. Both ends of every range and the ASNs just
 * outside it. */
void test_bogons_asn(void)
{
	struct bogons *b = bogons_new();
	expect_asn(b, 0, BOGON_FULL, "RFC 7607");
	expect_asn(b, 1, BOGON_NOT, NULL);
	expect_asn(b, 111, BOGON_NOT, NULL);
	expect_asn(b, 112, BOGON_NOT, "RFC 7534"); /* special, but a legitimate origin */
	expect_asn(b, 113, BOGON_NOT, NULL);
	expect_asn(b, 23455, BOGON_NOT, NULL);
	expect_asn(b, 23456, BOGON_FULL, "RFC 6793");
	expect_asn(b, 23457, BOGON_NOT, NULL);
	expect_asn(b, 64495, BOGON_NOT, NULL);
	expect_asn(b, 64496, BOGON_FULL, "RFC 5398");
	expect_asn(b, 64511, BOGON_FULL, "RFC 5398");
	expect_asn(b, 64512, BOGON_FULL, "RFC 6996");
	expect_asn(b, 65534, BOGON_FULL, "RFC 6996");
	expect_asn(b, 65535, BOGON_FULL, "RFC 7300");
	expect_asn(b, 65536, BOGON_FULL, "RFC 5398");
	expect_asn(b, 65551, BOGON_FULL, "RFC 5398");
	expect_asn(b, 65552, BOGON_FULL, "IANA AS Numbers registry (no RFC)");
	expect_asn(b, 131071, BOGON_FULL, "IANA AS Numbers registry (no RFC)");
	expect_asn(b, 131072, BOGON_NOT, NULL);
	expect_asn(b, 4199999999u, BOGON_NOT, NULL);
	expect_asn(b, 4200000000u, BOGON_FULL, "RFC 6996");
	expect_asn(b, 4294967294u, BOGON_FULL, "RFC 6996");
	expect_asn(b, 4294967295u, BOGON_FULL, "RFC 7300");
	size_t n;
	bogon_asn_entries(&n);
	CHECK_EQ_U(n, 10);
	bogons_free(b);
}

void test_bogons_cymru(void)
{
	size_t len;
	char *buf = read_data("bogons/fullbogons-ipv4_20240310.txt", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	struct bogons *b = bogons_new();
	struct bogons_list_report rep;
	bogons_parse_list(b, buf, len, bogons_add_source(b, "cymru-v4"), &rep, NULL, NULL);
	free(buf);
	CHECK_EQ_U(rep.prefixes, 703);
	CHECK_EQ_U(rep.v4, 703);
	CHECK_EQ_U(rep.comments, 2);
	CHECK_EQ_U(rep.skipped, 0);
	CHECK_EQ_U(rep.special, 14); /* e.g. 0/8, 10/8, 127/8: full bogons the list repeats */
	CHECK_EQ_U((uint64_t)rep.updated, 1710089701);
	bogons_finish(b);

	struct prefix p;
	struct bogon_match m;
	char s[PREFIX_STRLEN];
	prefix_parse("23.135.225.0/25", &p);
	bogons_check_prefix(b, &p, &m);
	CHECK_EQ_U(m.kind, BOGON_ADMIN);
	prefix_fmt(&m.admin_block, s);
	CHECK_STR(s, "23.135.225.0/24");
	CHECK_STR(b->sources[m.admin->source], "cymru-v4");
	prefix_parse("23.135.224.0/22", &p);
	bogons_check_prefix(b, &p, &m);
	CHECK_EQ_U(m.kind, BOGON_ADMIN_SPANS);
	prefix_fmt(&m.admin_block, s);
	CHECK_STR(s, "23.135.225.0/24");
	prefix_parse("10.0.0.0/8", &p); /* in the list too, but full wins */
	bogons_check_prefix(b, &p, &m);
	CHECK_EQ_U(m.kind, BOGON_FULL);
	CHECK(m.admin_within);
	prefix_parse("8.8.8.0/24", &p);
	bogons_check_prefix(b, &p, &m);
	CHECK_EQ_U(m.kind, BOGON_NOT);
	bogons_free(b);
}

struct bad_lines {
	uint64_t line[8];
	const char *why[8];
	int n;
};

static void on_bad(uint64_t lineno, const char *reason, void *ctx)
{
	struct bad_lines *b = ctx;
	if (b->n < 8) {
		b->line[b->n] = lineno;
		b->why[b->n] = reason;
	}
	b->n++;
}

void test_bogons_list_malformed(void)
{
	static const char text[] = "# last updated 1700000000 (x)\n"
				   "10.0.0.0/8\n"
				   "not-a-prefix\n"
				   "10.0.0.1/8\n"
				   "192.0.2.0/33\n"
				   "\n"
				   "2001:db8::/32 # documentation\n"
				   "198.51.100.0/24 ; comment\r\n";
	struct bogons *b = bogons_new();
	struct bogons_list_report rep;
	struct bad_lines bad = { .n = 0 };
	bogons_parse_list(b, text, sizeof text - 1, bogons_add_source(b, "t"), &rep, on_bad, &bad);
	CHECK_EQ_U(rep.prefixes, 3);
	CHECK_EQ_U(rep.v6, 1);
	CHECK_EQ_U(rep.skipped, 3);
	CHECK_EQ_U(rep.updated, 1700000000);
	CHECK_EQ_U(bad.n, 3);
	CHECK_EQ_U(bad.line[0], 3);
	CHECK_STR(bad.why[0], "not a prefix");
	CHECK_EQ_U(bad.line[1], 4);
	CHECK_STR(bad.why[1], "address has bits set past the prefix length");
	CHECK_EQ_U(bad.line[2], 5);
	CHECK_STR(bad.why[2], "not a prefix");
	CHECK_EQ_U(rep.first_bad_line, 3);
	bogons_free(b);
}

/* Administrative bogons from AFRINIC's extended stats of 2023-03-23:
 * available and reserved records. */
void test_bogons_from_rir_stats(void)
{
	size_t len;
	char *buf = read_data("rir/delegated-afrinic-extended-20230323.gz", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	struct rirstats *rs = rirstats_new();
	rirstats_parse(rs, "afrinic-2023", buf, len, NULL, NULL);
	free(buf);
	struct bogons *b = bogons_new();
	/* 3076 available + 3782 reserved records; IPv4 ones split into blocks. */
	size_t added = rirstats_add_bogons(rs, b);
	CHECK(added >= 3076 + 3782);
	struct bogon_asn_match am;
	bogons_check_asn(b, 5536, &am); /* afrinic|ZZ|asn|5536|1||available| */
	CHECK_EQ_U(am.kind, BOGON_ADMIN);
	CHECK(am.admin != NULL);
	if (am.admin) {
		CHECK_EQ_U(am.admin->status, RIR_ST_AVAILABLE);
		CHECK_EQ_U(am.admin->rir, RIR_AFRINIC);
		CHECK_STR(b->sources[am.admin->source], "afrinic-2023");
	}
	bogons_check_asn(b, 1228, &am); /* allocated to ZA */
	CHECK_EQ_U(am.kind, BOGON_NOT);
	bogons_check_asn(b, 64512, &am); /* full wins over anything listed */
	CHECK_EQ_U(am.kind, BOGON_FULL);
	rirstats_free(rs);
	bogons_free(b);
}
