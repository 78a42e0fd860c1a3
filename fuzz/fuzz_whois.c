/*
 * libFuzzer target for the whois query engine (irr/whois.c): the input is
 * split into query lines, each answered by whois_query against a small
 * fixed database (with VRPs, RPKI-invalid routes hidden). Checked: IRRd
 * framing is well formed (A<len> counts the content exactly, then C), an
 * answer is never empty for a query that is not "!!"/"!q"/blank, and a
 * line over the limit closes the session.
 */
#include "irr/whois.h"
#include "rpki/rov.h"
#include "rpki/vrp.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char RPSL[] =
	"route: 192.0.2.0/24\norigin: AS65001\nmember-of: RS-A\nmnt-by: M\nsource: T\n\n"
	"route: 192.0.2.0/25\norigin: AS65001\nmnt-by: M\nsource: T\n\n"
	"route6: 2001:db8::/32\norigin: AS65002\nmnt-by: M\nsource: U\n\n"
	"aut-num: AS65002\nas-name: X\nmember-of: AS-A\nmnt-by: M\nsource: T\n\n"
	"as-set: AS-A\nmembers: AS65001, AS-B, U::AS-C\nmbrs-by-ref: ANY\nmnt-by: M\nsource: T\n\n"
	"as-set: AS-B\nmembers: AS-A, AS65003\nmnt-by: M\nsource: T\n\n"
	"route-set: RS-A\nmembers: 10.0.0.0/8^+, RS-A, AS65001^24\nmbrs-by-ref: M\nmnt-by: M\nsource: T\n";
static const char VRPS[] = "ASN,IP Prefix,Max Length,Trust Anchor\nAS65001,192.0.2.0/24,24,t\n";

/* RFC 6811 origin validation against a finished VRP table. */
static enum whois_rpki rpki_state(void *ctx, const struct prefix *p, uint32_t origin)
{
	enum rov_state st = rov_validate(ctx, p, origin);
	if (st == ROV_VALID)
		return WHOIS_RPKI_VALID;
	return st == ROV_NOT_FOUND ? WHOIS_RPKI_NOT_FOUND : WHOIS_RPKI_INVALID;
}

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_whois: %s\n", why);
	abort();
}

/* Checks one IRRd-style answer. */
static void check_irrd(const char *p, size_t n)
{
	if (n == 0)
		return;
	if (p[n - 1] != '\n')
		fail("answer not ending in a newline");
	if (p[0] == 'C' || p[0] == 'D') {
		if (n != 2)
			fail("C/D answer with more");
		return;
	}
	if (p[0] == 'F') {
		if (n < 3 || p[1] != ' ' || memchr(p, '\n', n) != p + n - 1)
			fail("F answer malformed");
		return;
	}
	if (p[0] != 'A')
		fail("IRRd answer with an unknown code");
	size_t i = 1, len = 0;
	while (i < n && p[i] >= '0' && p[i] <= '9')
		len = len * 10 + (size_t)(p[i++] - '0');
	if (i == 1 || i >= n || p[i] != '\n')
		fail("A line malformed");
	i++;
	if (len == 0 || n - i != len + 2 || memcmp(p + i + len, "C\n", 2) || p[i + len - 1] != '\n')
		fail("A length does not match the content");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct irr_db db;
	static struct vrp_table vrps;
	static struct whois_server srv;
	static int ready;
	if (!ready) {
		struct irr_load_stats st;
		memset(&st, 0, sizeof st);
		irr_db_init(&db);
		irr_db_load_mem(&db, RPSL, sizeof RPSL - 1, NULL, NULL, &st);
		vrp_table_init(&vrps);
		struct vrp_load_opts o = { .format = VRP_FMT_AUTO };
		struct vrp_load_report rep;
		if (vrp_load_mem(&vrps, VRPS, sizeof VRPS - 1, &o, &rep) < 0)
			fail("VRPs");
		vrp_table_finish(&vrps);
		whois_server_init(&srv, &db);
		srv.rpki = rpki_state;
		srv.rpki_ctx = &vrps;
		srv.hide_invalid = true;
		srv.version = "fuzz";
		ready = 1;
	}
	struct whois_session s;
	whois_session_init(&s);
	s.persistent = true;
	struct wbuf out;
	wbuf_init(&out, 1024);
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		out.len = 0;
		enum whois_next next = whois_query(&srv, &s, p, n, &out);
		if (n > WHOIS_MAX_LINE && next != WHOIS_CLOSE)
			fail("an over-long line did not close");
		if (out.len && out.p[0] != '%' && out.p[0] != 'r' && out.p[0] != 'a' && out.p[0] != 'm')
			check_irrd(out.p, out.len);
		if (next == WHOIS_CLOSE)
			break;
		p += n + 1;
	}
	wbuf_free(&out);
	return 0;
}
