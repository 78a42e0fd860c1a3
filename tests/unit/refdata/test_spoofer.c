/* Unit tests for src/refdata/spoofer.c: the native Spoofer Data API records
 * and Shadowserver's CSV reports (real samples), per-AS summaries and
 * per-prefix lookups, both address families, malformed input. */
#include "test.h"
#include "net/text.h"
#include "refdata/spoofer.h"

#include <stdlib.h>

static int load(struct spoofer *sp, const char *rel)
{
	char path[512], err[256], *buf;
	size_t len;
	snprintf(path, sizeof path, "%s/../data/refdata/spoofer/%s", test_srcdir, rel);
	if (text_read_file(path, TEXT_MAX_FILE, &buf, &len, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "  %s\n", err);
		return -1;
	}
	int idx = spoofer_parse(sp, rel, buf, len, NULL, NULL);
	free(buf);
	return idx;
}

void test_spoofer_api(void)
{
	struct spoofer *sp = spoofer_new();
	int idx = load(sp, "caida_spoofer_api_sessions_AS3356_202005.jsonl");
	CHECK_EQ_U(idx, 0);
	CHECK_STR(sp->files[0].format, "spoofer-api-jsonl");
	CHECK_EQ_U(sp->files[0].records, 2);
	CHECK_EQ_U(sp->files[0].tests, 2); /* IPv4 only: the IPv6 fields are null */
	size_t n;
	const struct spoofer_test *t = spoofer_by_asn(sp, 3356, &n);
	CHECK_EQ_U(n, 2);
	if (n == 2) {
		char s[PREFIX_STRLEN];
		CHECK_EQ_U(t[0].session, 891176);
		CHECK_EQ_U(t[0].time, 1588862099); /* 2020-05-07T14:34:59+00:00 */
		prefix_fmt(&t[0].client, s);
		CHECK_STR(s, "4.30.179.0/24");
		CHECK_EQ_U(t[0].routed, SPOOF_BLOCKED);
		CHECK_EQ_U(t[0].privat, SPOOF_BLOCKED);
		CHECK_EQ_U(t[0].nat, 1);
		CHECK_STR(t[0].cc, "usa");
		CHECK_EQ_U(t[1].session, 894351);
	}
	struct spoofer_summary s;
	spoofer_summarise(sp, 3356, 0, 0, &s);
	CHECK_EQ_U(s.tests, 2);
	CHECK_EQ_U(s.routed[SPOOF_BLOCKED], 2);
	CHECK_EQ_U(s.routed[SPOOF_RECEIVED], 0);
	CHECK_EQ_U(s.received_prefixes, 0);
	CHECK_EQ_U(s.first, 1588862099);
	/* A window holding only the second session. */
	spoofer_summarise(sp, 3356, 1588900000, 1590969600, &s);
	CHECK_EQ_U(s.tests, 1);
	spoofer_free(sp);
}

static int count_cb(const struct spoofer_test *t, void *ctx)
{
	const struct spoofer_test **last = ctx;
	*last = t;
	return 0;
}

void test_spoofer_shadowserver(void)
{
	struct spoofer *sp = spoofer_new();
	CHECK_EQ_U(load(sp, "shadowserver_caida_ip_spoofer_20190827.csv"), 0);
	CHECK_EQ_U(load(sp, "shadowserver_event4_ip_spoofer_20210328.csv"), 1);
	CHECK_STR(sp->files[0].format, "shadowserver-csv");
	CHECK_EQ_U(sp->files[0].tests, 5);
	CHECK_EQ_U(sp->files[1].tests, 6);
	CHECK_EQ_U(sp->files[0].skipped + sp->files[1].skipped, 0);
	CHECK_EQ_U(sp->files[0].min_time, 1566864384); /* 2019-08-27 00:06:24 */

	size_t n;
	const struct spoofer_test *t = spoofer_by_asn(sp, 55836, &n);
	CHECK_EQ_U(n, 1);
	if (n) {
		char s[PREFIX_STRLEN];
		prefix_fmt(&t->client, s);
		CHECK_STR(s, "137.97.71.0/24");
		CHECK_EQ_U(t->routed, SPOOF_RECEIVED);
		CHECK_EQ_U(t->session, 739969);
		CHECK_EQ_U(t->nat, 1);
		CHECK_STR(t->cc, "IN");
	}
	t = spoofer_by_asn(sp, 7552, &n); /* a NAT rewrote the spoofed source */
	CHECK_EQ_U(n, 1);
	if (n) {
		CHECK_EQ_U(t->routed, SPOOF_REWRITTEN);
		CHECK_EQ_U(t->time, 1566873132);
	}
	struct spoofer_summary s;
	spoofer_summarise(sp, 22898, 0, 0, &s); /* the 2021 report (src_asn column) */
	CHECK_EQ_U(s.tests, 1);
	CHECK_EQ_U(s.routed[SPOOF_RECEIVED], 1);
	CHECK_EQ_U(s.received_prefixes, 1);
	CHECK_EQ_U(s.first, 1616892179);

	struct prefix p;
	const struct spoofer_test *last = NULL;
	prefix_parse("98.191.0.0/16", &p);
	spoofer_by_prefix(sp, &p, count_cb, &last);
	CHECK(last != NULL);
	if (last)
		CHECK_EQ_U(last->session, 1112907);
	last = NULL;
	prefix_parse("98.192.0.0/16", &p);
	spoofer_by_prefix(sp, &p, count_cb, &last);
	CHECK(last == NULL);

	/* The same report again: every test is a duplicate of the first read. */
	CHECK_EQ_U(load(sp, "shadowserver_caida_ip_spoofer_20190827.csv"), 2);
	spoofer_finish(sp);
	CHECK_EQ_U(sp->files[2].duplicates, 5);
	CHECK_EQ_U(sp->n, 11);
	spoofer_free(sp);
}

struct bad {
	uint64_t line[8];
	const char *why[8];
	int n;
};

static void on_bad(const char *file, uint64_t lineno, const char *reason, void *ctx)
{
	struct bad *b = ctx;
	(void)file;
	if (b->n < 8) {
		b->line[b->n] = lineno;
		b->why[b->n] = reason;
	}
	b->n++;
}

void test_spoofer_malformed(void)
{
	static const char csv[] =
		"\"timestamp\",\"asn\",\"network\",\"routedspoof\",\"session\",\"nat\"\n"      /* 1 */
		"\"2019-08-27 00:06:24\",64500,\"192.0.2.0/24\",\"received\",1,\"True\"\n"    /* 2 good */
		"\"2019-08-27 25:00:00\",64500,\"192.0.2.0/24\",\"received\",2,\"True\"\n"    /* 3 */
		"\"2019-08-27 00:06:24\",AS1,\"192.0.2.0/24\",\"received\",3,\"True\"\n"      /* 4 */
		"\"2019-08-27 00:06:24\",64500,\"192.0.2.0/24\",\"maybe\",4,\"True\"\n"       /* 5 */
		"\"2019-08-27 00:06:24\",64500,\"192.0.2.1/24\",\"blocked\",5,\"True\"\n"     /* 6 */
		"\"2019-08-27 00:06:24\",64500,\"192.0.2.0/24,\"blocked\",6,\"True\"\n"       /* 7 */
		"\"2019-08-27 00:06:24\",64500,\"198.51.100.0/24\",\"received\",7,False\n";   /* 8 good */
	struct spoofer *sp = spoofer_new();
	struct bad b = { .n = 0 };
	spoofer_parse(sp, "t.csv", csv, sizeof csv - 1, on_bad, &b);
	CHECK_EQ_U(sp->files[0].tests, 2);
	CHECK_EQ_U(b.n, 5);
	static const struct {
		uint64_t line;
		const char *why;
	} want[] = {
		{ 3, "timestamp is not YYYY-MM-DD HH:MM:SS" },
		{ 4, "asn is not a number" },
		{ 5, "routedspoof is not received, blocked, rewritten or unknown" },
		{ 6, "network is not a prefix" },
		{ 7, "malformed CSV quoting" },
	};
	for (int i = 0; i < 5 && i < b.n; i++) {
		CHECK_EQ_U(b.line[i], want[i].line);
		CHECK_STR(b.why[i], want[i].why);
	}
	struct spoofer_summary s;
	spoofer_summarise(sp, 64500, 0, 0, &s);
	CHECK_EQ_U(s.routed[SPOOF_RECEIVED], 2);
	CHECK_EQ_U(s.received_prefixes, 2);
	spoofer_free(sp);

	/* A CSV that is not a Spoofer report at all. */
	sp = spoofer_new();
	spoofer_parse(sp, "x.csv", "a,b,c\n1,2,3\n", 12, NULL, NULL);
	CHECK_STR(sp->files[0].error, "CSV without timestamp, asn, session and routedspoof columns");
	spoofer_free(sp);
}

/* A hydra:Collection page as the API returns it, with a dual-stack session
 * (two tests), a session without results, and bad fields. */
void test_spoofer_api_collection(void)
{
	static const char json[] =
		"{\"@context\": \"/contexts/Session\", \"@type\": \"hydra:Collection\", \"hydra:member\": ["
		"{\"session\": 10, \"timestamp\": \"2021-01-02T03:04:05-02:00\", \"asn4\": \"64500\", \"asn6\": 64501,"
		" \"client4\": \"192.0.2.0/24\", \"client6\": \"2001:db8:1::/64\", \"routedspoof\": \"received\","
		" \"routedspoof6\": \"blocked\", \"privatespoof\": null, \"privatespoof6\": \"received\","
		" \"nat4\": false, \"nat6\": null, \"country\": \"nld\"},"
		"{\"session\": 11, \"timestamp\": \"2021-01-02T03:04:05Z\", \"asn4\": null, \"routedspoof\": null},"
		"{\"session\": 12, \"timestamp\": \"yesterday\", \"routedspoof\": \"received\"},"
		"{\"session\": 13, \"timestamp\": \"2021-01-02T03:04:05Z\", \"asn4\": \"x\", \"routedspoof\": \"received\"},"
		"{\"session\": 14, \"timestamp\": \"2021-01-02T03:04:05Z\", \"asn4\": 1, \"client4\": \"2001:db8::/64\","
		" \"routedspoof\": \"received\"}"
		"], \"hydra:totalItems\": 5}";
	struct spoofer *sp = spoofer_new();
	struct bad b = { .n = 0 };
	spoofer_parse(sp, "page.json", json, sizeof json - 1, on_bad, &b);
	CHECK_STR(sp->files[0].format, "spoofer-api-json");
	CHECK_EQ_U(sp->files[0].tests, 2);
	CHECK_EQ_U(b.n, 4);
	CHECK_EQ_U(b.line[0], 2);
	CHECK_STR(b.why[0], "session has no IPv4 or IPv6 result");
	CHECK_EQ_U(b.line[1], 3);
	CHECK_STR(b.why[1], "timestamp is not an ISO 8601 date and time");
	CHECK_STR(b.why[2], "asn is not a number");
	CHECK_STR(b.why[3], "client4 is not an IPv4 prefix");
	size_t n;
	const struct spoofer_test *t = spoofer_by_asn(sp, 64501, &n);
	CHECK_EQ_U(n, 1);
	if (n) {
		CHECK_EQ_U(t->afi, AFI_IPV6);
		CHECK_EQ_U(t->routed, SPOOF_BLOCKED);
		CHECK_EQ_U(t->privat, SPOOF_RECEIVED);
		CHECK_EQ_U(t->nat, -1);
		CHECK_EQ_U(t->time, 1609563845); /* 03:04:05-02:00 is 05:04:05Z */
	}
	t = spoofer_by_asn(sp, 64500, &n);
	CHECK_EQ_U(n, 1);
	if (n) {
		CHECK_EQ_U(t->routed, SPOOF_RECEIVED);
		CHECK_EQ_U(t->nat, 0);
	}
	spoofer_free(sp);
}
