/* Unit tests for src/net: address text both ways, prefixes, AS numbers. */
#include "test.h"
#include "net/net.h"

#include <arpa/inet.h>

void test_ipv4_fmt(void)
{
	char buf[IP_STRLEN];
	const uint8_t a[4] = { 0, 10, 100, 255 };
	CHECK_EQ_U(ipv4_fmt(a, buf), 12);
	CHECK_STR(buf, "0.10.100.255");
	struct prefix p;
	CHECK(prefix_parse("193.0.0.0/21", &p) == 0);
	prefix_fmt(&p, buf);
	CHECK_STR(buf, "193.0.0.0/21");
}

void test_ipv6_fmt_rfc5952(void)
{
	char buf[IP_STRLEN];
	struct ip_addr a;
	/* RFC 5952 section 4.2.2: one zero field is not shortened to "::". */
	CHECK(ip_parse("2001:7f8:30:0:2:1:0:8447", &a) == 0);
	ip_fmt(&a, buf);
	CHECK_STR(buf, "2001:7f8:30:0:2:1:0:8447");
	/* section 4.2.3: the longest run is shortened, the first on a tie */
	CHECK(ip_parse("2001:0:0:1:0:0:0:1", &a) == 0);
	ip_fmt(&a, buf);
	CHECK_STR(buf, "2001:0:0:1::1");
	CHECK(ip_parse("::ffff:193.0.0.56", &a) == 0);
	ip_fmt(&a, buf);
	CHECK_STR(buf, "::ffff:193.0.0.56");
}

/* ipv6_fmt must print what inet_ntop prints, on addresses built to hit
 * every zero-run shape and the embedded-IPv4 forms. */
void test_ipv6_fmt_matches_inet_ntop(void)
{
	uint32_t seed = 12345;
	int mismatches = 0;
	for (int n = 0; n < 200000; n++) {
		uint8_t b[16];
		for (int i = 0; i < 8; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned kind = (seed >> 16) % 4, v = (seed >> 8) & 0xffff;
			unsigned w = kind < 2 ? 0 : kind == 2 ? (v & 0xf) : v;
			if (n % 7 == 0 && i == 5)
				w = 0xffff;
			b[2 * i] = (uint8_t)(w >> 8);
			b[2 * i + 1] = (uint8_t)w;
		}
		char ours[IP_STRLEN], libc[INET6_ADDRSTRLEN];
		ipv6_fmt(b, ours);
		inet_ntop(AF_INET6, b, libc, sizeof libc);
		if (strcmp(ours, libc) != 0 && mismatches++ < 5)
			fprintf(stderr, "  ipv6_fmt %s, inet_ntop %s\n", ours, libc);
	}
	CHECK_EQ_U(mismatches, 0);
}

void test_prefix_parse(void)
{
	struct prefix p;
	char buf[PREFIX_STRLEN];
	CHECK(prefix_parse("10.1.2.3/8", &p) == 0); /* host bits are masked off */
	prefix_fmt(&p, buf);
	CHECK_STR(buf, "10.0.0.0/8");
	CHECK(prefix_parse("2001:db8::/129", &p) == -1);
	CHECK(prefix_parse("10.0.0.0/33", &p) == -1);
	CHECK(prefix_parse("10.0.0/8", &p) == -1);
	CHECK(prefix_parse("10.0.0.0/", &p) == -1);
	CHECK(prefix_parse("2001:db8::1", &p) == 0);
	CHECK_EQ_U(p.len, 128);
}

void test_prefix_covers(void)
{
	struct prefix a, b, c;
	prefix_parse("10.0.0.0/8", &a);
	prefix_parse("10.128.0.0/9", &b);
	prefix_parse("11.0.0.0/8", &c);
	CHECK(prefix_covers(&a, &b));
	CHECK(!prefix_covers(&b, &a));
	CHECK(prefix_covers(&a, &a));
	CHECK(!prefix_covers(&a, &c));
	struct prefix v6;
	prefix_parse("::/0", &v6);
	CHECK(!prefix_covers(&v6, &a)); /* families never cover each other */
}

void test_asn_parse(void)
{
	uint32_t as;
	CHECK(asn_parse("AS3333", &as) == 0);
	CHECK_EQ_U(as, 3333);
	CHECK(asn_parse("4294967295", &as) == 0);
	CHECK_EQ_U(as, 4294967295u);
	CHECK(asn_parse("1.10", &as) == 0); /* RFC 5396 asdot */
	CHECK_EQ_U(as, 65546);
	CHECK(asn_parse("4294967296", &as) == -1);
	CHECK(asn_parse("AS", &as) == -1);
	CHECK(asn_parse("12a", &as) == -1);
}
