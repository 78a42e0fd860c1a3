/* Unit tests for src/irr/rpsl.c: framing and decoding of the IRRd samples
 * (valid and the 11 malformed), token parsers, and hostile framing. */
#include "test.h"
#include "irr/rpsl.h"
#include "mrt/mrt.h"

#include <stdlib.h>

/* Reads data/irr/<rel> whole (test data is small); NULL on failure. */
static char *slurp(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/../data/irr/%s", test_srcdir, rel);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "  cannot open %s\n", path);
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	size_t k;
	while ((k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

static int view_is(struct rpsl_view v, const char *s) { return v.len == strlen(s) && !memcmp(v.p, s, v.len); }

#define CHECK_VIEW(v, s)                                                                             \
	do {                                                                                         \
		if (!view_is((v), (s))) {                                                           \
			fprintf(stderr, "  %s:%d: %s == \"%.*s\", expected \"%s\"\n", __FILE__, __LINE__, #v, \
				(int)(v).len, (v).p, (s));                                           \
			test_failures++;                                                            \
		}                                                                                    \
	} while (0)

struct want_bad {
	const char *file;
	uint64_t err_line;
	const char *reason;
	const char *detail;
};

/* Every malformed IRRd sample: the exact reason, line and quoted text. */
void test_rpsl_malformed_samples(void)
{
	static const struct want_bad want[] = {
		{ "sample_invalid_multiple_attribute.rpsl", 6, "single-valued attribute repeated", "source" },
		{ "sample_legacy_irrd_artifact.rpsl", 1,
		  "RFC 2622 section 2: attribute name is not letters, digits, '-' and '_' starting with a letter", "*xxte" },
		{ "sample_line_neither_continuation_nor_attr.rpsl", 4,
		  "RFC 2622 section 2: line is neither an attribute nor a continuation", "or" },
		{ "sample_malformed_attribute_name.rpsl", 3,
		  "RFC 2622 section 2: attribute name is not letters, digits, '-' and '_' starting with a letter", "$$$-by" },
		{ "sample_malformed_pk.rpsl", 1, "route: not an IPv4 prefix with zero host bits", "not-a-prefix" },
		{ "sample_malformed_source.rpsl", 5, "source: not a registry name (letters, digits, '-', '_')", "+TEST$$$" },
		{ "sample_missing_mandatory_attribute.rpsl", 1, "mandatory attribute missing", "mnt-by" },
		{ "sample_missing_source.rpsl", 1, "mandatory attribute missing", "source" },
		{ "sample_unknown_attribute.rpsl", 4, "attribute not defined for this class", "foo" },
		{ "sample_unknown_class.rpsl", 1, "RFC 2622 section 2: unknown object class", "foo-block" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char rel[256];
		snprintf(rel, sizeof rel, "irrd_rpsl_samples/malformed/%s", want[i].file);
		size_t len;
		char *buf = slurp(rel, &len);
		CHECK(buf != NULL);
		if (!buf)
			continue;
		struct rpsl_reader r;
		struct rpsl_object o;
		rpsl_reader_init_mem(&r, buf, len);
		enum rpsl_status s = rpsl_next(&r, &o);
		CHECK_EQ_U(s, RPSL_MALFORMED);
		if (s == RPSL_MALFORMED) {
			CHECK_STR(o.reason, want[i].reason);
			CHECK_EQ_U(o.err_line, want[i].err_line);
			CHECK_STR(o.detail, want[i].detail);
			CHECK_EQ_U(o.line, 1);
		}
		CHECK_EQ_U(rpsl_next(&r, &o), RPSL_EOF);
		rpsl_reader_free(&r);
		free(buf);
	}
	/* The empty line inside the object splits it in two: a route object
	 * without source, then an object whose class would be "changed". */
	size_t len;
	char *buf = slurp("irrd_rpsl_samples/malformed/sample_malformed_empty_line.rpsl", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	struct rpsl_reader r;
	struct rpsl_object o;
	rpsl_reader_init_mem(&r, buf, len);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_MALFORMED);
	CHECK_STR(o.reason, "mandatory attribute missing");
	CHECK_STR(o.detail, "source");
	CHECK_EQ_U(o.err_line, 1);
	CHECK_EQ_U(o.cls, RPSL_ROUTE);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_MALFORMED);
	CHECK_STR(o.reason, "RFC 2622 section 2: unknown object class");
	CHECK_STR(o.detail, "changed");
	CHECK_EQ_U(o.err_line, 5);
	CHECK_EQ_U(o.line, 5);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_EOF);
	rpsl_reader_free(&r);
	free(buf);
}

/* The valid IRRd sample: one object per class with odd but legal syntax
 * (leading zeros, '+' and whitespace-only continuation lines, comments). */
void test_rpsl_valid_samples(void)
{
	static const struct {
		enum rpsl_status st;
		const char *cls;
		uint64_t line;
	} want[] = {
		{ RPSL_SKIPPED, "as-block", 1 }, { RPSL_OK, "as-set", 11 }, { RPSL_OK, "aut-num", 24 },
		{ RPSL_SKIPPED, "domain", 67 }, { RPSL_SKIPPED, "filter-set", 77 }, { RPSL_SKIPPED, "inet-rtr", 173 },
		{ RPSL_SKIPPED, "inet6num", 184 }, { RPSL_SKIPPED, "inetnum", 195 }, { RPSL_SKIPPED, "irt", 209 },
		{ RPSL_SKIPPED, "key-cert", 220 }, { RPSL_SKIPPED, "mntner", 496 },
		{ RPSL_SKIPPED, "organisation", 514 }, { RPSL_SKIPPED, "peering-set", 526 },
		{ RPSL_SKIPPED, "person", 539 }, { RPSL_SKIPPED, "role", 551 }, { RPSL_OK, "route", 565 },
		{ RPSL_OK, "route-set", 577 }, { RPSL_OK, "route6", 589 }, { RPSL_SKIPPED, "rtr-set", 597 },
	};
	size_t len;
	char *buf = slurp("irrd_rpsl_samples/irrd_samples_valid.rpsl", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	struct rpsl_reader r;
	struct rpsl_object o;
	rpsl_reader_init_mem(&r, buf, len);
	char pfx[PREFIX_STRLEN];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		enum rpsl_status s = rpsl_next(&r, &o);
		CHECK_EQ_U(s, want[i].st);
		CHECK_VIEW(o.class_name, want[i].cls);
		CHECK_EQ_U(o.line, want[i].line);
		if (s == RPSL_MALFORMED)
			fprintf(stderr, "  line %" PRIu64 ": %s \"%s\"\n", o.err_line, o.reason, o.detail);
		if (s != RPSL_OK)
			continue;
		CHECK_VIEW(o.source, "TEST");
		CHECK_EQ_U(o.nwarn, 0);
		CHECK_EQ_U(o.nmnt_by, 1);
		switch (o.cls) {
		case RPSL_AS_SET:
			CHECK_VIEW(o.key, "AS65537:AS-SETTEST");
			CHECK_EQ_U(o.nmembers, 4);
			if (o.nmembers == 4) {
				CHECK_EQ_U(o.members[0].type, RPSL_MEMBER_ASN);
				CHECK_EQ_U(o.members[0].asn, 65538);
				CHECK_EQ_U(o.members[1].asn, 65539);
				CHECK_EQ_U(o.members[2].asn, 65537);
				CHECK_EQ_U(o.members[3].type, RPSL_MEMBER_AS_SET);
				CHECK_VIEW(o.members[3].name, "AS-OTHERSET");
			}
			break;
		case RPSL_AUT_NUM:
			CHECK_VIEW(o.key, "as065537");
			CHECK_EQ_U(o.asn, 65537);
			CHECK_VIEW(o.as_name, "TEST-AS");
			CHECK_EQ_U(o.n_import, 13);
			CHECK_EQ_U(o.n_export, 13);
			CHECK_EQ_U(o.n_mp_import, 2);
			CHECK_EQ_U(o.n_mp_export, 2);
			break;
		case RPSL_ROUTE:
			/* 192.0.02.0/24: the leading zero is read as decimal. */
			prefix_fmt(&o.prefix, pfx);
			CHECK_STR(pfx, "192.0.2.0/24");
			CHECK_EQ_U(o.asn, 65537);
			CHECK_VIEW(o.mnt_by[0], "TEST-MNT");
			CHECK_EQ_U(o.nmember_of, 1);
			if (o.nmember_of)
				CHECK_VIEW(o.member_of[0], "RS-TEST");
			break;
		case RPSL_ROUTE_SET:
			CHECK_VIEW(o.key, "RS-TEST");
			CHECK_EQ_U(o.nmembers, 2);
			if (o.nmembers == 2) {
				CHECK_EQ_U(o.members[0].type, RPSL_MEMBER_ROUTE_SET);
				CHECK_VIEW(o.members[0].name, "RS-OTHER-SET");
				CHECK_EQ_U(o.members[1].type, RPSL_MEMBER_PREFIX);
				prefix_fmt(&o.members[1].prefix, pfx);
				CHECK_STR(pfx, "2001:db8::/48");
				CHECK_EQ_U(o.members[1].lo, 48);
				CHECK_EQ_U(o.members[1].hi, 48);
			}
			CHECK_EQ_U(o.nmbrs_by_ref, 1);
			if (o.nmbrs_by_ref)
				CHECK_VIEW(o.mbrs_by_ref[0], "TEST-MNT");
			break;
		case RPSL_ROUTE6:
			prefix_fmt(&o.prefix, pfx);
			CHECK_STR(pfx, "2001:db8::/48");
			CHECK_VIEW(o.mnt_by[0], "test-MNT");
			break;
		default:
			CHECK(0);
		}
	}
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_EOF);
	CHECK_EQ_U(r.objects, 19);
	CHECK_EQ_U(r.bytes, len);
	rpsl_reader_free(&r);
	free(buf);
}

static enum rpsl_status one(const char *text, struct rpsl_reader *r, struct rpsl_object *o)
{
	rpsl_reader_init_mem(r, text, strlen(text));
	return rpsl_next(r, o);
}

/* Framing rules on small crafted inputs. */
void test_rpsl_framing(void)
{
	struct rpsl_reader r;
	struct rpsl_object o;
	/* CRLF lines, a '%' comment, '#' comment lines, mixed-case names,
	 * an end-of-line comment and a '+' continuation of members. */
	const char *t1 = "% RIPE-style header\r\n#comment\r\n\r\nAS-SET: AS-A\r\nMembers: AS1, # one\r\n"
			 "+ AS2\r\n\tAS-B # tab continuation\r\nmnt-by: M\r\nSource: X # src\r\n";
	CHECK_EQ_U(one(t1, &r, &o), RPSL_OK);
	CHECK_EQ_U(o.line, 4);
	CHECK_VIEW(o.source, "X");
	CHECK_EQ_U(o.nmembers, 3);
	if (o.nmembers == 3) {
		CHECK_EQ_U(o.members[1].asn, 2);
		CHECK_VIEW(o.members[2].name, "AS-B");
	}
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_EOF);
	CHECK_EQ_U(r.lineno, 9);
	rpsl_reader_free(&r);

	/* A whitespace-only line continues the object unless a class
	 * attribute follows it; the last object has no final newline. */
	const char *t2 = "as-set: AS-A\nmembers: AS1\n   \nmembers: AS2\nmnt-by: M\nsource: X\n \t\n"
			 "as-set: AS-B\nmnt-by: M\nsource: X";
	CHECK_EQ_U(one(t2, &r, &o), RPSL_OK);
	CHECK_VIEW(o.key, "AS-A");
	CHECK_EQ_U(o.nmembers, 2);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_OK);
	CHECK_VIEW(o.key, "AS-B");
	CHECK_EQ_U(o.line, 8);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_EOF);
	rpsl_reader_free(&r);

	/* Continuation lines after an empty line have nothing to continue;
	 * the next object is still read. */
	const char *t3 = "\n  stray\n+more\n\nroute: 10.0.0.0/8\norigin: AS1\nmnt-by: M\nsource: X\n";
	CHECK_EQ_U(one(t3, &r, &o), RPSL_MALFORMED);
	CHECK_STR(o.reason, "RFC 2622 section 2: continuation line with no attribute to continue");
	CHECK_EQ_U(o.err_line, 2);
	CHECK_STR(o.detail, "  stray");
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_OK);
	CHECK_EQ_U(o.line, 5);
	rpsl_reader_free(&r);

	/* Host bits, two origins, a bad origin, a route6 key in route. */
	static const struct {
		const char *text, *reason, *detail;
	} bad[] = {
		{ "route: 10.0.0.1/8\norigin: AS1\nmnt-by: M\nsource: X\n", "route: not an IPv4 prefix with zero host bits",
		  "10.0.0.1/8" },
		{ "route: 10.0.0.0/8\norigin: AS1 AS2\nmnt-by: M\nsource: X\n", "origin: not an AS number", "AS1 AS2" },
		{ "route: 10.0.0.0/8\norigin: 65000\nmnt-by: M\nsource: X\n", "origin: not an AS number", "65000" },
		{ "route: 2001:db8::/32\norigin: AS1\nmnt-by: M\nsource: X\n",
		  "route: not an IPv4 prefix with zero host bits", "2001:db8::/32" },
		{ "route6: 10.0.0.0/8\norigin: AS1\nmnt-by: M\nsource: X\n",
		  "route6: not an IPv6 prefix with zero host bits", "10.0.0.0/8" },
		{ "as-set: AS1\nmnt-by: M\nsource: X\n", "RFC 2622 section 5.1: not an as-set name", "AS1" },
		{ "route-set: AS-FOO\nmnt-by: M\nsource: X\n", "RFC 2622 section 5.2: not a route-set name", "AS-FOO" },
		{ "aut-num: AS4294967296\nas-name: N\nmnt-by: M\nsource: X\n", "aut-num: not an AS number",
		  "AS4294967296" },
		{ "aut-num: AS1\nas-name: N\naut-num: AS2\nmnt-by: M\nsource: X\n", "single-valued attribute repeated",
		  "aut-num" },
		/* Found by fuzzing: mnt-by present but empty. */
		{ "route: 10.0.0.0/8\norigin: AS1\nmnt-by: # none\nsource: X\n", "mandatory attribute missing", "mnt-by" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_EQ_U(one(bad[i].text, &r, &o), RPSL_MALFORMED);
		CHECK_STR(o.reason, bad[i].reason);
		CHECK_STR(o.detail, bad[i].detail);
		rpsl_reader_free(&r);
	}
}

void test_rpsl_tokens(void)
{
	uint32_t asn = 0;
	CHECK_EQ_U(rpsl_parse_asn("AS4294967295", 12, &asn), 0);
	CHECK_EQ_U(asn, 4294967295u);
	CHECK_EQ_U(rpsl_parse_asn("as065537", 8, &asn), 0);
	CHECK_EQ_U(asn, 65537);
	CHECK(rpsl_parse_asn("AS4294967296", 12, &asn) < 0);
	CHECK(rpsl_parse_asn("AS", 2, &asn) < 0);
	CHECK(rpsl_parse_asn("AS1.5", 5, &asn) < 0);
	CHECK(rpsl_parse_asn("AS-1", 4, &asn) < 0);

	struct prefix p;
	char buf[PREFIX_STRLEN];
	CHECK_EQ_U(rpsl_parse_prefix("010.001.0.0/16", 14, &p), 0);
	prefix_fmt(&p, buf);
	CHECK_STR(buf, "10.1.0.0/16");
	CHECK(rpsl_parse_prefix("10.1.0.0/33", 11, &p) < 0);
	CHECK(rpsl_parse_prefix("256.1.0.0/16", 12, &p) < 0);
	CHECK(rpsl_parse_prefix("10.1.0/16", 9, &p) < 0);
	CHECK(rpsl_parse_prefix("10.1.0.0", 8, &p) < 0);
	CHECK(rpsl_parse_prefix("10.1.0.0/", 9, &p) < 0);
	CHECK(rpsl_parse_prefix("2001:db8::1/64", 14, &p) < 0);
	CHECK_EQ_U(rpsl_parse_prefix("2001:0dB8::/48", 14, &p), 0);
	prefix_fmt(&p, buf);
	CHECK_STR(buf, "2001:db8::/48");

	struct rpsl_op op;
	uint8_t lo, hi;
	CHECK_EQ_U(rpsl_parse_op("-", 1, &op), 0);
	CHECK_EQ_U(rpsl_op_range(op, 16, 32, &lo, &hi), 0);
	CHECK_EQ_U(lo, 17);
	CHECK_EQ_U(hi, 32);
	CHECK_EQ_U(rpsl_parse_op("+", 1, &op), 0);
	CHECK_EQ_U(rpsl_op_range(op, 16, 32, &lo, &hi), 0);
	CHECK_EQ_U(lo, 16);
	CHECK_EQ_U(hi, 32);
	CHECK_EQ_U(rpsl_parse_op("24", 2, &op), 0);
	CHECK_EQ_U(rpsl_op_range(op, 16, 32, &lo, &hi), 0);
	CHECK_EQ_U(lo, 24);
	CHECK_EQ_U(hi, 24);
	CHECK_EQ_U(rpsl_parse_op("20-24", 5, &op), 0);
	CHECK_EQ_U(rpsl_op_range(op, 16, 32, &lo, &hi), 0);
	CHECK_EQ_U(lo, 20);
	CHECK_EQ_U(hi, 24);
	CHECK(rpsl_op_range(op, 22, 32, &lo, &hi) < 0);        /* n below the length */
	CHECK_EQ_U(rpsl_parse_op("24-20", 5, &op), 0);
	CHECK(rpsl_op_range(op, 16, 32, &lo, &hi) < 0);        /* n > m */
	CHECK_EQ_U(rpsl_parse_op("33", 2, &op), 0);
	CHECK(rpsl_op_range(op, 16, 32, &lo, &hi) < 0);        /* past the maximum */
	CHECK_EQ_U(rpsl_parse_op("-", 1, &op), 0);
	CHECK(rpsl_op_range(op, 32, 32, &lo, &hi) < 0);        /* /32^- is empty */
	CHECK(rpsl_parse_op("", 0, &op) < 0);
	CHECK(rpsl_parse_op("1000", 4, &op) < 0);
	CHECK(rpsl_parse_op("+-", 2, &op) < 0);

	CHECK(rpsl_set_name_ok("AS-FOO", 6, "AS-"));
	CHECK(rpsl_set_name_ok("as1:as-foo:AS2", 14, "AS-"));
	CHECK(rpsl_set_name_ok("AS1:RS-X", 8, "RS-"));
	CHECK(!rpsl_set_name_ok("AS1:RS-X", 8, "AS-"));
	CHECK(!rpsl_set_name_ok("AS1:AS2", 7, "AS-"));
	CHECK(!rpsl_set_name_ok("AS-", 3, "AS-"));
	CHECK(!rpsl_set_name_ok("AS-FOO:", 7, "AS-"));
	CHECK(!rpsl_set_name_ok("AS-FO.O", 7, "AS-"));
	CHECK(rpsl_source_ok("RIPE-NONAUTH", 12));
	CHECK(!rpsl_source_ok("+TEST", 5));
	CHECK(!rpsl_source_ok("1TEST", 5));
}

/* Members: operators, SOURCE::, and the ones ignored with a warning. */
void test_rpsl_members(void)
{
	struct rpsl_reader r;
	struct rpsl_object o;
	const char *t = "route-set: AS1:RS-A\n"
			"members: 192.0.2.0/24^+, 10.0.0.0/8^16-24, RS-B^-, RADB::RS-C, AS2^24, AS-D\n"
			"mp-members: 2001:db8::/32^48, RIPE::AS-E\n"
			"members: 10.0.0.0/8^4, banana, 10.0.0.1/8\n"
			"mnt-by: M\nsource: X\n";
	CHECK_EQ_U(one(t, &r, &o), RPSL_OK);
	CHECK_EQ_U(o.nmembers, 8);
	if (o.nmembers == 8) {
		CHECK_EQ_U(o.members[0].lo, 24);
		CHECK_EQ_U(o.members[0].hi, 32);
		CHECK_EQ_U(o.members[1].lo, 16);
		CHECK_EQ_U(o.members[1].hi, 24);
		CHECK_EQ_U(o.members[2].type, RPSL_MEMBER_ROUTE_SET);
		CHECK_EQ_U(o.members[2].op.kind, RPSL_OP_MINUS);
		CHECK_VIEW(o.members[3].source, "RADB");
		CHECK_VIEW(o.members[3].name, "RS-C");
		CHECK_EQ_U(o.members[4].type, RPSL_MEMBER_ASN);
		CHECK_EQ_U(o.members[4].op.kind, RPSL_OP_N);
		CHECK_EQ_U(o.members[4].op.n, 24);
		CHECK_EQ_U(o.members[5].type, RPSL_MEMBER_AS_SET);
		CHECK_EQ_U(o.members[6].lo, 48);
		CHECK_EQ_U(o.members[7].type, RPSL_MEMBER_AS_SET);
		CHECK_VIEW(o.members[7].source, "RIPE");
	}
	CHECK_EQ_U(o.nwarn, 3);
	CHECK_STR(o.warn_reason, "RFC 2622 section 2: range operator out of bounds for the prefix; member ignored");
	CHECK_STR(o.warn_detail, "10.0.0.0/8^4");
	CHECK_EQ_U(o.warn_line, 4);
	rpsl_reader_free(&r);

	/* In an as-set only AS numbers and as-sets are members. */
	t = "as-set: AS-X\nmembers: AS1, RS-Y, 10.0.0.0/8, AS2^+, AS3\nmnt-by: M\nsource: X\n";
	CHECK_EQ_U(one(t, &r, &o), RPSL_OK);
	CHECK_EQ_U(o.nmembers, 2);
	CHECK_EQ_U(o.nwarn, 3);
	CHECK_STR(o.warn_reason, "RFC 2622 section 5.1: as-set member is not an AS number or as-set name; ignored");
	CHECK_STR(o.warn_detail, "RS-Y");
	rpsl_reader_free(&r);
}

struct chunks {
	const char *p;
	size_t len, off;
};

static size_t read_chunks(void *ctx, void *dst, size_t n)
{
	struct chunks *c = ctx;
	size_t k = c->len - c->off < n ? c->len - c->off : n;
	memcpy(dst, c->p + c->off, k);
	c->off += k;
	return k;
}

/* Caps: an object past 16 MiB is skipped whole and the next one read; a
 * 2 MiB line in a class we skip costs nothing; the callback input gives
 * the same objects as memory. */
void test_rpsl_limits(void)
{
	size_t big = RPSL_MAX_OBJECT + 4096;
	char *t = malloc(big + (2u << 20) + 4096);
	size_t n = 0;
	n += (size_t)sprintf(t + n, "as-set: AS-BIG\nmnt-by: M\nsource: X\nremarks: ");
	memset(t + n, 'x', big);
	n += big;
	n += (size_t)sprintf(t + n, "\n\nfilter-set: fltr-x\nfilter: ");
	memset(t + n, 'y', 2u << 20);
	n += 2u << 20;
	n += (size_t)sprintf(t + n, "\n\nas-set: AS-SMALL\nmnt-by: M\nsource: X\n");
	struct rpsl_reader r;
	struct rpsl_object o;
	struct chunks c = { t, n, 0 };
	rpsl_reader_init(&r, read_chunks, &c);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_MALFORMED);
	CHECK_STR(o.reason, "object larger than 16 MiB");
	CHECK_EQ_U(o.err_line, 4);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_SKIPPED);
	CHECK_VIEW(o.class_name, "filter-set");
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_OK);
	CHECK_VIEW(o.key, "AS-SMALL");
	CHECK_EQ_U(o.line, 9);
	CHECK_EQ_U(rpsl_next(&r, &o), RPSL_EOF);
	CHECK_EQ_U(r.bytes, n);
	rpsl_reader_free(&r);
	free(t);
}

static size_t read_input(void *ctx, void *dst, size_t n) { return input_read(ctx, dst, n); }

/* The bundled RIPE slice through gzip: every object decodes. */
void test_rpsl_ripe_slice(void)
{
	static const struct {
		const char *file;
		uint64_t ok, skipped;
	} want[] = {
		{ "ripe-nonauth.db.route.gz", 2104, 0 }, { "ripe-nonauth.db.route6.gz", 296, 0 },
		{ "ripe-nonauth.db.aut-num.gz", 216, 0 }, { "ripe.db.as-set.gz", 1333, 0 },
		{ "ripe.db.as-block.gz", 0, 100 }, { "ripe.db.filter-set.gz", 0, 10 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char path[1024], err[256];
		snprintf(path, sizeof path, "%s/../data/irr/ripe-slice/%s", test_srcdir, want[i].file);
		struct input *in = input_open(path, err, sizeof err);
		CHECK(in != NULL);
		if (!in)
			continue;
		struct rpsl_reader r;
		struct rpsl_object o;
		rpsl_reader_init(&r, read_input, in);
		uint64_t ok = 0, skipped = 0, bad = 0, warn = 0;
		enum rpsl_status s;
		bool first = true;
		while ((s = rpsl_next(&r, &o)) != RPSL_EOF) {
			ok += s == RPSL_OK;
			skipped += s == RPSL_SKIPPED;
			bad += s == RPSL_MALFORMED;
			warn += o.nwarn;
			if (first && i == 0) {
				/* The first route object of the dump. */
				char buf[PREFIX_STRLEN];
				prefix_fmt(&o.prefix, buf);
				CHECK_STR(buf, "63.105.192.0/20");
				CHECK_EQ_U(o.asn, 4663);
				CHECK_VIEW(o.mnt_by[0], "AS4663-RIPE-MNT");
				CHECK_VIEW(o.source, "RIPE-NONAUTH");
				CHECK_EQ_U(o.line, 8);
			}
			first = false;
		}
		CHECK_EQ_U(ok, want[i].ok);
		CHECK_EQ_U(skipped, want[i].skipped);
		CHECK_EQ_U(bad, 0);
		CHECK_EQ_U(warn, 0);
		CHECK(input_error(in) == NULL);
		rpsl_reader_free(&r);
		input_close(in);
	}
}
