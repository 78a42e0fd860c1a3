/* Unit tests for src/irr/whois.c: the IRRd query language on a small
 * hand-made RPSL database whose answers are worked out by hand below
 * (framing, !g/!6/!i/!a/!r/!s/!j/!m, RIPE-style -i/-K/-T/-x, RPKI marks
 * and hiding, one-shot and persistent sessions, hostile lines). */
#include "test.h"
#include "irr/whois.h"
#include "rpki/rov.h"
#include "rpki/vrp.h"

#include <stdlib.h>

static const char RPSL[] =
	"route:      192.0.2.0/24\n"
	"origin:     AS65001\n"
	"member-of:  RS-ONE\n"
	"mnt-by:     MNT-A\n"
	"source:     TEST\n"
	"\n"
	"route:      192.0.2.0/25\n"
	"origin:     AS65001\n"
	"mnt-by:     MNT-A\n"
	"source:     TEST\n"
	"\n"
	"route:      198.51.100.0/24\n"
	"origin:     AS65002\n"
	"mnt-by:     MNT-B\n"
	"source:     TEST\n"
	"\n"
	"route:      192.0.2.0/24\n"
	"origin:     AS65002\n"
	"mnt-by:     MNT-B\n"
	"source:     OTHER\n"
	"\n"
	"route6:     2001:db8::/32\n"
	"origin:     AS65001\n"
	"mnt-by:     MNT-A\n"
	"source:     TEST\n"
	"\n"
	"aut-num:    AS65003\n"
	"as-name:    THREE\n"
	"member-of:  AS-REF\n"
	"mnt-by:     MNT-C\n"
	"source:     TEST\n"
	"\n"
	"as-set:     AS-TOP\n"
	"mnt-by:     MNT-S\n"
	"members:    AS65001, AS-SUB\n"
	"source:     TEST\n"
	"\n"
	"as-set:     AS-SUB\n"
	"mnt-by:     MNT-S\n"
	"members:    AS65002, AS-TOP\n"
	"source:     TEST\n"
	"\n"
	"as-set:     AS-REF\n"
	"mnt-by:     MNT-S\n"
	"members:    AS65001\n"
	"mbrs-by-ref: MNT-C\n"
	"source:     TEST\n"
	"\n"
	"route-set:  RS-ONE\n"
	"mnt-by:     MNT-S\n"
	"members:    203.0.113.0/24^+, RS-TWO\n"
	"mp-members: 2001:db8:1::/48\n"
	"mbrs-by-ref: MNT-A\n"
	"source:     TEST\n"
	"\n"
	"route-set:  RS-TWO\n"
	"mnt-by:     MNT-S\n"
	"members:    10.0.0.0/8^16-24\n"
	"source:     TEST\n";

/* 192.0.2.0/24 AS65001 valid, 192.0.2.0/25 AS65001 invalid (length),
 * 192.0.2.0/24 AS65002 invalid (origin), 198.51.100.0/24 AS65002 valid,
 * 2001:db8::/32 not found. */
static const char VRPS[] =
	"ASN,IP Prefix,Max Length,Trust Anchor\n"
	"AS65001,192.0.2.0/24,24,test\n"
	"AS65002,198.51.100.0/24,24,test\n";

/* RFC 6811 origin validation against a finished VRP table. */
static enum whois_rpki rpki_state(void *ctx, const struct prefix *p, uint32_t origin)
{
	enum rov_state st = rov_validate(ctx, p, origin);
	if (st == ROV_VALID)
		return WHOIS_RPKI_VALID;
	return st == ROV_NOT_FOUND ? WHOIS_RPKI_NOT_FOUND : WHOIS_RPKI_INVALID;
}

struct fixture {
	struct irr_db db;
	struct vrp_table vrps;
	struct whois_server srv;
	struct whois_session s;
	struct wbuf out;
	char text[8192];
	enum whois_next next;
};

static void setup(struct fixture *f, bool rpki, bool hide)
{
	memset(f, 0, sizeof *f);
	irr_db_init(&f->db);
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	irr_db_load_mem(&f->db, RPSL, sizeof RPSL - 1, NULL, NULL, &st);
	CHECK_EQ_U(st.added, 11);
	whois_server_init(&f->srv, &f->db);
	f->srv.version = "test";
	vrp_table_init(&f->vrps);
	if (rpki) {
		struct vrp_load_opts o = { .format = VRP_FMT_AUTO };
		struct vrp_load_report rep;
		CHECK_EQ_U(vrp_load_mem(&f->vrps, VRPS, sizeof VRPS - 1, &o, &rep), 0);
		vrp_table_finish(&f->vrps);
		f->srv.rpki = rpki_state;
		f->srv.rpki_ctx = &f->vrps;
		f->srv.hide_invalid = hide;
	}
	whois_session_init(&f->s);
	f->s.persistent = true;
	wbuf_init(&f->out, 4096);
}

static void teardown(struct fixture *f)
{
	wbuf_free(&f->out);
	whois_server_free(&f->srv);
	vrp_table_free(&f->vrps);
	irr_db_free(&f->db);
}

/* The answer to one query, NUL-terminated. */
static const char *ask(struct fixture *f, const char *query)
{
	f->out.len = 0;
	f->next = whois_query(&f->srv, &f->s, query, strlen(query), &f->out);
	size_t n = f->out.len < sizeof f->text - 1 ? f->out.len : sizeof f->text - 1;
	memcpy(f->text, f->out.p, n);
	f->text[n] = 0;
	return f->text;
}

/* IRRd framing of an answer's content, as the documentation gives it:
 * the length counts the content and the newline after it. */
static const char *framed(const char *body)
{
	static char buf[8192];
	snprintf(buf, sizeof buf, "A%zu\n%s\nC\n", strlen(body) + 1, body);
	return buf;
}

void test_whois_framing(void)
{
	struct fixture f;
	setup(&f, false, false);
	CHECK_STR(ask(&f, "!gAS65001"), "A26\n192.0.2.0/24 192.0.2.0/25\nC\n");
	CHECK_STR(ask(&f, "!6as65001"), "A14\n2001:db8::/32\nC\n");
	CHECK_STR(ask(&f, "!g65002"), framed("192.0.2.0/24 198.51.100.0/24"));
	CHECK_STR(ask(&f, "!gAS65009"), "D\n");
	CHECK_STR(ask(&f, "!gAS4294967296"), "F Invalid AS number: AS4294967296\n");
	CHECK_STR(ask(&f, "!g"), "F Missing parameter for g query\n");
	CHECK_STR(ask(&f, "!nbgpq4 1.9"), "C\n");
	CHECK_STR(ask(&f, "!v"), framed("manrs IRR server -- version test"));
	CHECK_STR(ask(&f, "!a"), "F Missing required set name for A query\n");
	CHECK_STR(ask(&f, "!"), "F Missing IRRD command\n");
	CHECK_STR(ask(&f, "!z"), "F Unrecognised command: z\n");
	CHECK_STR(ask(&f, "!t0"), "F Invalid value for timeout: 0\n");
	CHECK_STR(ask(&f, "!t5"), "C\n");
	CHECK_EQ_U(f.s.timeout, 5);
	CHECK_STR(ask(&f, "!gAS65001\r"), "A26\n192.0.2.0/24 192.0.2.0/25\nC\n");
	CHECK_STR(ask(&f, ""), "");
	CHECK_EQ_U(f.next, WHOIS_CONTINUE);
	teardown(&f);
}

void test_whois_sessions(void)
{
	struct fixture f;
	setup(&f, false, false);
	f.s.persistent = false;
	/* One-shot: answered, then closed. */
	CHECK_STR(ask(&f, "!gAS65002"), framed("192.0.2.0/24 198.51.100.0/24"));
	CHECK_EQ_U(f.next, WHOIS_CLOSE);
	whois_session_init(&f.s);
	CHECK_STR(ask(&f, "!!"), "");
	CHECK_EQ_U(f.next, WHOIS_CONTINUE);
	CHECK(f.s.persistent);
	CHECK_STR(ask(&f, "!s-lc"), framed("TEST,OTHER"));
	CHECK_STR(ask(&f, "!sother,test"), "C\n");
	CHECK_STR(ask(&f, "!s-lc"), framed("OTHER,TEST"));
	CHECK_STR(ask(&f, "!sTEST"), "C\n");
	CHECK_STR(ask(&f, "!gAS65002"), framed("198.51.100.0/24"));
	CHECK_STR(ask(&f, "!sNOPE"), "F One or more selected sources are unavailable.\n");
	CHECK_STR(ask(&f, "!s-lc"), framed("TEST"));
	CHECK_STR(ask(&f, "!j-*"), framed("TEST:N:-"));
	CHECK_STR(ask(&f, "!jOTHER,nope"), framed("OTHER:N:-\nNOPE:X:Database unknown"));
	CHECK_STR(ask(&f, "-k -a AS65003"), "aut-num:        AS65003\n"
					    "as-name:        THREE\n"
					    "mnt-by:         MNT-C\n"
					    "source:         TEST\n\n\n");
	CHECK_STR(ask(&f, "!s-lc"), framed("TEST,OTHER"));
	CHECK_STR(ask(&f, "!q"), "");
	CHECK_EQ_U(f.next, WHOIS_CLOSE);
	teardown(&f);
}

void test_whois_sets(void)
{
	struct fixture f;
	setup(&f, false, false);
	CHECK_STR(ask(&f, "!iAS-TOP"), framed("AS65001 AS-SUB"));
	CHECK_STR(ask(&f, "!ias-top,1"), framed("AS65001 AS65002"));
	CHECK_STR(ask(&f, "!iTEST::AS-SUB"), framed("AS65002 AS-TOP"));
	CHECK_STR(ask(&f, "!iOTHER::AS-SUB"), "D\n");
	/* mbrs-by-ref: AS65003 names AS-REF in member-of with maintainer MNT-C. */
	CHECK_STR(ask(&f, "!iAS-REF"), framed("AS65001 AS65003"));
	CHECK_STR(ask(&f, "!iAS-REF,1"), framed("AS65001 AS65003"));
	CHECK_STR(ask(&f, "!iRS-ONE"), framed("203.0.113.0/24^+ RS-TWO 2001:db8:1::/48 192.0.2.0/24"));
	CHECK_STR(ask(&f, "!iRS-ONE,1"), framed("10.0.0.0/8^16-24 192.0.2.0/24 203.0.113.0/24^+ 2001:db8:1::/48"));
	CHECK_STR(ask(&f, "!iAS-NONE"), "D\n");
	CHECK_STR(ask(&f, "!iAS-NONE,1"), "D\n");
	CHECK_STR(ask(&f, "!a4AS-TOP"), framed("192.0.2.0/24 192.0.2.0/25 198.51.100.0/24"));
	CHECK_STR(ask(&f, "!a6AS-TOP"), framed("2001:db8::/32"));
	CHECK_STR(ask(&f, "!aAS-TOP"), framed("192.0.2.0/24 192.0.2.0/25 198.51.100.0/24 2001:db8::/32"));
	CHECK_STR(ask(&f, "!a4AS-NONE"), "D\n");
	CHECK_STR(ask(&f, "!a6AS-REF"), framed("2001:db8::/32"));
	teardown(&f);
}

void test_whois_routes(void)
{
	struct fixture f;
	setup(&f, false, false);
	CHECK_STR(ask(&f, "!r192.0.2.0/24,o"), framed("AS65001 AS65002"));
	CHECK_STR(ask(&f, "!r192.0.2.0/25,l"), framed("route:          192.0.2.0/24\n"
						      "origin:         AS65001\n"
						      "mnt-by:         MNT-A\n"
						      "source:         TEST\n"
						      "\n"
						      "route:          192.0.2.0/24\n"
						      "origin:         AS65002\n"
						      "mnt-by:         MNT-B\n"
						      "source:         OTHER"));
	CHECK_STR(ask(&f, "!r192.0.2.0/24,M"), framed("route:          192.0.2.0/25\n"
						      "origin:         AS65001\n"
						      "mnt-by:         MNT-A\n"
						      "source:         TEST"));
	CHECK_STR(ask(&f, "!r192.0.2.128/25"), "D\n");
	CHECK_STR(ask(&f, "!r192.0.2.0/25,L"), framed("route:          192.0.2.0/24\n"
						      "origin:         AS65001\n"
						      "mnt-by:         MNT-A\n"
						      "source:         TEST\n"
						      "\n"
						      "route:          192.0.2.0/24\n"
						      "origin:         AS65002\n"
						      "mnt-by:         MNT-B\n"
						      "source:         OTHER\n"
						      "\n"
						      "route:          192.0.2.0/25\n"
						      "origin:         AS65001\n"
						      "mnt-by:         MNT-A\n"
						      "source:         TEST"));
	CHECK_STR(ask(&f, "!r192.0.2.0/24,x"), "F Invalid route search option: x\n");
	CHECK_STR(ask(&f, "!rbanana"), "F Invalid input for route search: banana\n");
	CHECK_STR(ask(&f, "!mroute,192.0.2.0/24AS65002"), framed("route:          192.0.2.0/24\n"
								 "origin:         AS65002\n"
								 "mnt-by:         MNT-B\n"
								 "source:         OTHER"));
	CHECK_STR(ask(&f, "!mas-set,AS-REF"), framed("as-set:         AS-REF\n"
						     "members:        AS65001\n"
						     "mbrs-by-ref:    MNT-C\n"
						     "source:         TEST"));
	CHECK_STR(ask(&f, "!mroute-set,RS-ONE"), framed("route-set:      RS-ONE\n"
							"members:        203.0.113.0/24^+, RS-TWO\n"
							"mp-members:     2001:db8:1::/48\n"
							"mbrs-by-ref:    MNT-A\n"
							"source:         TEST"));
	CHECK_STR(ask(&f, "!maut-num,AS65009"), "D\n");
	CHECK_STR(ask(&f, "!oMNT-B"), framed("route:          192.0.2.0/24\n"
					     "origin:         AS65002\n"
					     "mnt-by:         MNT-B\n"
					     "source:         OTHER\n"
					     "\n"
					     "route:          198.51.100.0/24\n"
					     "origin:         AS65002\n"
					     "mnt-by:         MNT-B\n"
					     "source:         TEST"));
	teardown(&f);
}

void test_whois_ripe(void)
{
	struct fixture f;
	setup(&f, false, false);
	CHECK_STR(ask(&f, "-K -i origin AS65001"), "route: 192.0.2.0/24\norigin: AS65001\n\n"
						  "route: 192.0.2.0/25\norigin: AS65001\n\n"
						  "route6: 2001:db8::/32\norigin: AS65001\n\n\n");
	CHECK_STR(ask(&f, "-T route6 -K -i origin AS65001"), "route6: 2001:db8::/32\norigin: AS65001\n\n\n");
	/* -T lasts one query. */
	CHECK_STR(ask(&f, "-K -i origin AS65002"), "route: 192.0.2.0/24\norigin: AS65002\n\n"
						  "route: 198.51.100.0/24\norigin: AS65002\n\n\n");
	/* -K keeps distinct key blocks only. */
	CHECK_STR(ask(&f, "-K -x 192.0.2.0/24"), "route: 192.0.2.0/24\norigin: AS65001\n\n"
						"route: 192.0.2.0/24\norigin: AS65002\n\n\n");
	CHECK_STR(ask(&f, "-s OTHER -x 192.0.2.0/24"), "route:          192.0.2.0/24\n"
						      "origin:         AS65002\n"
						      "mnt-by:         MNT-B\n"
						      "source:         OTHER\n\n\n");
	CHECK_STR(ask(&f, "-K AS-SUB"), "%  No entries found for the selected source(s).\n\n\n");
	CHECK_STR(ask(&f, "-a -K AS-SUB"), "as-set: AS-SUB\nmembers: AS65002\nmembers: AS-TOP\n\n\n");
	CHECK_STR(ask(&f, "-K -i member-of RS-ONE"), "route: 192.0.2.0/24\norigin: AS65001\n\n\n");
	CHECK_STR(ask(&f, "-i mnt-by MNT-C"), "aut-num:        AS65003\n"
					      "as-name:        THREE\n"
					      "mnt-by:         MNT-C\n"
					      "source:         TEST\n\n\n");
	CHECK_STR(ask(&f, "-i remarks x"), "%% ERROR: Inverse search not supported for attribute: remarks\n\n\n");
	CHECK_STR(ask(&f, "-T bogus AS65003"), "%% ERROR: Invalid object class: bogus\n\n\n");
	CHECK_STR(ask(&f, "-T mntner AS65003"), "%  No entries found for the selected source(s).\n\n\n");
	CHECK_STR(ask(&f, "-i origin"), "%% ERROR: Missing argument for flag/search: -i\n\n\n");
	CHECK_STR(ask(&f, "-s NOPE AS65003"), "%% ERROR: One or more selected sources are unavailable.\n\n\n");
	teardown(&f);
}

void test_whois_rpki(void)
{
	struct fixture f;
	setup(&f, true, false);
	/* Marked, not hidden. */
	CHECK_STR(ask(&f, "!gAS65001"), framed("192.0.2.0/24 192.0.2.0/25"));
	CHECK_STR(ask(&f, "!r192.0.2.0/24"), framed("route:          192.0.2.0/24\n"
						    "origin:         AS65001\n"
						    "mnt-by:         MNT-A\n"
						    "source:         TEST\n"
						    "rpki-ov-state:  valid\n"
						    "\n"
						    "route:          192.0.2.0/24\n"
						    "origin:         AS65002\n"
						    "mnt-by:         MNT-B\n"
						    "source:         OTHER\n"
						    "rpki-ov-state:  invalid"));
	CHECK_STR(ask(&f, "-x 2001:db8::/32"), "route6:         2001:db8::/32\n"
					       "origin:         AS65001\n"
					       "mnt-by:         MNT-A\n"
					       "source:         TEST\n"
					       "rpki-ov-state:  not_found # No ROAs found\n\n\n");
	teardown(&f);
	setup(&f, true, true);
	/* Hidden from the filter answers: the /25 (too long) and AS65002's
	 * 192.0.2.0/24 (wrong origin); AS65001's 192.0.2.0/24 stays. */
	CHECK_STR(ask(&f, "!gAS65001"), framed("192.0.2.0/24"));
	CHECK_STR(ask(&f, "!gAS65002"), framed("198.51.100.0/24"));
	CHECK_STR(ask(&f, "!a4AS-TOP"), framed("192.0.2.0/24 198.51.100.0/24"));
	CHECK_STR(ask(&f, "!6AS65001"), framed("2001:db8::/32"));
	/* Still listed (and marked) by the object queries. */
	CHECK_STR(ask(&f, "!r192.0.2.0/24,o"), framed("AS65001 AS65002"));
	teardown(&f);
}

void test_whois_hostile(void)
{
	struct fixture f;
	setup(&f, false, false);
	char *big = malloc(WHOIS_MAX_LINE + 2);
	memset(big, 'A', WHOIS_MAX_LINE + 1);
	big[0] = '!';
	big[1] = 'g';
	big[WHOIS_MAX_LINE + 1] = 0;
	CHECK_STR(ask(&f, big), "F Query too long\n");
	CHECK_EQ_U(f.next, WHOIS_CLOSE);
	free(big);
	static const char garbage[] = "-\x01\xff\xfe";
	f.out.len = 0;
	f.next = whois_query(&f.srv, &f.s, garbage, sizeof garbage - 1, &f.out);
	wbuf_putc(&f.out, 0);
	CHECK_STR(f.out.p, "%% ERROR: Unrecognised flag/search: -??\?\n\n\n");
	CHECK_STR(ask(&f, "\x01\xff"), "%  No entries found for the selected source(s).\n\n\n");
	static const char nul[] = "!g\0AS1";
	f.out.len = 0;
	whois_query(&f.srv, &f.s, nul, sizeof nul - 1, &f.out);
	wbuf_putc(&f.out, 0);
	CHECK_STR(f.out.p, "F Invalid AS number: ?AS1\n");
	CHECK_STR(ask(&f, "!gAS99999999999999999999"), "F Invalid AS number: AS99999999999999999999\n");
	CHECK_STR(ask(&f, "!g-1"), "F Invalid AS number: -1\n");
	CHECK_STR(ask(&f, "!iAS-TOP,1,1,1"), "D\n");
	CHECK_STR(ask(&f, "!r::/0,M"), framed("route6:         2001:db8::/32\n"
					      "origin:         AS65001\n"
					      "mnt-by:         MNT-A\n"
					      "source:         TEST"));
	/* 64 terms at most in a RIPE query. */
	char many[1024] = "";
	for (int i = 0; i < 70; i++)
		strcat(many, "-K ");
	CHECK_STR(ask(&f, many), "%% ERROR: Too many query terms\n\n\n");
	CHECK_EQ_U(f.next, WHOIS_CONTINUE);
	teardown(&f);
}
