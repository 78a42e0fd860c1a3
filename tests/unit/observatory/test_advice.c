/* Unit tests for src/observatory/advice.c: the exact advice for each ROV
 * outcome, the RPSL route/route6 templates and the contact advice. */
#include "test.h"
#include "net/text.h"
#include "observatory/advice.h"

#include <string.h>

static struct prefix pfx(const char *s)
{
	struct prefix p;
	memset(&p, 0, sizeof p);
	struct text_view v = { s, strlen(s) };
	CHECK_EQ_U(text_prefix(v, &p, false), 0);
	return p;
}

static struct vrp vrp(const char *p, unsigned maxlen, uint32_t asn)
{
	struct vrp v = { pfx(p), (uint8_t)maxlen, asn };
	return v;
}

void test_advice_rpki(void)
{
	char out[512];
	struct prefix p = pfx("193.0.0.0/21");
	struct vrp cover[5];
	struct rov_detail d = { ROV_VALID, cover, 5, 0, 0 };
	CHECK_EQ_U(obs_advice_rpki(&p, 3333, &d, out, sizeof out), 0);
	CHECK_STR(out, "");

	d.state = ROV_NOT_FOUND;
	obs_advice_rpki(&p, 3333, &d, out, sizeof out);
	CHECK_STR(out, "Create a ROA for 193.0.0.0/21 with origin AS3333 and max length 21, at the registry that "
		       "delegated the space (no ROA covers it yet).");

	struct prefix more = pfx("193.0.4.0/24");
	cover[0] = vrp("193.0.0.0/21", 21, 3333);
	cover[1] = vrp("193.0.0.0/21", 22, 3333);
	d = (struct rov_detail){ ROV_INVALID_LENGTH, cover, 5, 2, 0 };
	obs_advice_rpki(&more, 3333, &d, out, sizeof out);
	CHECK_STR(out, "193.0.4.0/24 is longer than its ROAs allow (193.0.0.0/21 max length 22 for AS3333): if the "
		       "more-specific is intended, create a ROA for 193.0.4.0/24 with origin AS3333 and max length 24; "
		       "otherwise stop announcing it.");

	for (int i = 0; i < 5; i++)
		cover[i] = vrp("193.0.0.0/16", 24, 64500u + (uint32_t)i);
	d = (struct rov_detail){ ROV_INVALID_ORIGIN, cover, 5, 6, 0 };
	obs_advice_rpki(&p, 65001, &d, out, sizeof out);
	CHECK_STR(out, "The ROAs covering 193.0.0.0/21 authorise AS64500, AS64501, AS64502, AS64503 and 2 more, not "
		       "AS65001: if AS65001 may originate it, the holder creates a ROA for 193.0.0.0/21 with origin "
		       "AS65001 and max length 21; if not, stop announcing it (to others it looks like a hijack).");

	/* Truncation keeps a terminated string. */
	char small[16];
	size_t n = obs_advice_rpki(&p, 65001, &d, small, sizeof small);
	CHECK_EQ_U(n, 15);
	CHECK_STR(small, "The ROAs coveri");
}

void test_advice_route_object_and_contact(void)
{
	char out[512];
	struct prefix p4 = pfx("193.0.0.0/21"), p6 = pfx("2001:db8::/32");
	obs_advice_route_object(&p4, 3333, "RIPE", out, sizeof out);
	CHECK_STR(out, "route:          193.0.0.0/21\n"
		       "origin:         AS3333\n"
		       "descr:          <what the prefix is for>\n"
		       "mnt-by:         <your maintainer>\n"
		       "source:         RIPE\n");
	obs_advice_route_object(&p6, 64496, NULL, out, sizeof out);
	CHECK_STR(out, "route6:         2001:db8::/32\n"
		       "origin:         AS64496\n"
		       "descr:          <what the prefix is for>\n"
		       "mnt-by:         <your maintainer>\n"
		       "source:         <registry>\n");
	obs_advice_contact(64496, out, sizeof out);
	CHECK_STR(out, "Publish a reachable contact for AS64496: a PeeringDB network record with a NOC or technical "
		       "point of contact, and admin-c/tech-c (or the RIR's equivalent) on its aut-num object.");
}
