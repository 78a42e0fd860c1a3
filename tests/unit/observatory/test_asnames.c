/* Unit tests for src/observatory/asnames.c: "ASN:NAME, CC" lines, names
 * with colons and commas, no country, comments and blank lines, malformed
 * lines counted, the later line of an AS winning, long names cut at a
 * UTF-8 boundary, and look-ups of unknown ASes. */
#include "test.h"
#include "observatory/asnames.h"

#include <string.h>

void test_asnames_parse(void)
{
	static const char text[] = "# comment\n"
				   "\n"
				   "3333:RIPE-NCC-AS Reseaux IP Europeens, NL\r\n"
				   "46041:WIMAX-AS-ID Mobility:Nomadic:Fixed::Last-Mile, ID\n"
				   "1103:SURFNET-NL SURFnet, The Netherlands, NL\n"
				   "64497:NO COUNTRY\n"
				   "AS64498:WITH PREFIX, de\n"
				   "4294967296:TOO BIG, US\n"
				   "x:NOT A NUMBER, US\n"
				   "12345 no colon\n"
				   "3333:RIPE NCC AGAIN, NL";
	struct obs_asnames a;
	obs_asnames_init(&a);
	CHECK_EQ_U(obs_asnames_parse(&a, text, sizeof text - 1), 6);
	CHECK_EQ_U(a.bad, 3);
	obs_asnames_finish(&a);
	CHECK_EQ_U(a.n, 5);
	const char *cc;
	CHECK_STR(obs_asnames_get(&a, 3333, &cc), "RIPE NCC AGAIN");   /* the later line */
	CHECK_STR(cc, "NL");
	CHECK_STR(obs_asnames_get(&a, 46041, &cc), "WIMAX-AS-ID Mobility:Nomadic:Fixed::Last-Mile");
	CHECK_STR(cc, "ID");
	CHECK_STR(obs_asnames_get(&a, 1103, &cc), "SURFNET-NL SURFnet, The Netherlands");
	CHECK_STR(obs_asnames_get(&a, 64497, &cc), "NO COUNTRY");
	CHECK_STR(cc, "");
	CHECK_STR(obs_asnames_get(&a, 64498, &cc), "WITH PREFIX, de");   /* lower case: not a country */
	CHECK_STR(obs_asnames_get(&a, 1, &cc), "");
	CHECK_STR(cc, "");
	CHECK_STR(obs_asnames_get(&a, 4294967295u, NULL), "");
	obs_asnames_free(&a);

	/* 300 bytes: "1:" then 127 two-byte characters (254 bytes) and "abc...". */
	char line[400];
	size_t n = (size_t)snprintf(line, sizeof line, "1:");
	for (int i = 0; i < 127; i++) {
		line[n++] = (char)0xc3;
		line[n++] = (char)0xa9;
	}
	memcpy(line + n, "xyz, FR\n", 8);
	n += 8;
	obs_asnames_init(&a);
	CHECK_EQ_U(obs_asnames_parse(&a, line, n), 1);
	obs_asnames_finish(&a);
	const char *name = obs_asnames_get(&a, 1, &cc);
	CHECK_EQ_U(strlen(name), 255);     /* 254 bytes of e-acute and the 'x' */
	CHECK_EQ_U((unsigned char)name[254], 'x');
	CHECK_STR(cc, "FR");
	obs_asnames_free(&a);

	/* A cut inside a two-byte character backs off to its start. */
	n = (size_t)snprintf(line, sizeof line, "2:ab");
	for (int i = 0; i < 128; i++) {
		line[n++] = (char)0xc3;
		line[n++] = (char)0xa9;
	}
	obs_asnames_init(&a);
	CHECK_EQ_U(obs_asnames_parse(&a, line, n), 1);
	obs_asnames_finish(&a);
	CHECK_EQ_U(strlen(obs_asnames_get(&a, 2, NULL)), 254);   /* byte 255 continues a character */
	obs_asnames_free(&a);
}
