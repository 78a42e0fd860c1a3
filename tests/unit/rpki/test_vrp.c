/*
 * Unit tests for src/rpki/vrp.c and vrp_load.c: the table, and every loader on the
 * real samples of data/rpki/ and on malformed input.
 */
#include "test.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "rpki/aspa.h"
#include "rpki/vrp.h"

#include <stdlib.h>

static const char *data_path(const char *name)
{
	static char path[1024];
	snprintf(path, sizeof path, "%s/../data/rpki/%s", test_srcdir, name);
	return path;
}

/* Records the skipped entries as "where: reason\n" lines. */
static void collect_bad(const char *where, const char *reason, void *ctx)
{
	struct wbuf *w = ctx;
	wbuf_puts(w, where);
	wbuf_puts(w, ": ");
	wbuf_puts(w, reason);
	wbuf_putc(w, '\n');
}

struct loaded {
	struct vrp_table t;
	struct aspa_table a;
	struct vrp_load_report rep;
	struct wbuf bad;
	int rc;
};

static void load_file(struct loaded *l, const char *name, size_t chunk)
{
	vrp_table_init(&l->t);
	aspa_table_init(&l->a);
	wbuf_init(&l->bad, 256);
	struct vrp_load_opts o = { .aspa = &l->a, .bad = collect_bad, .ctx = &l->bad, .chunk = chunk };
	l->rc = vrp_load_file(&l->t, data_path(name), &o, &l->rep);
	vrp_table_finish(&l->t);
	aspa_table_finish(&l->a);
	wbuf_putc(&l->bad, 0);
}

static void load_text(struct loaded *l, const char *text, enum vrp_format f)
{
	vrp_table_init(&l->t);
	aspa_table_init(&l->a);
	wbuf_init(&l->bad, 256);
	struct vrp_load_opts o = { .format = f, .aspa = &l->a, .bad = collect_bad, .ctx = &l->bad, .chunk = 5 };
	l->rc = vrp_load_mem(&l->t, text, strlen(text), &o, &l->rep);
	vrp_table_finish(&l->t);
	aspa_table_finish(&l->a);
	wbuf_putc(&l->bad, 0);
}

static void unload(struct loaded *l)
{
	vrp_table_free(&l->t);
	aspa_table_free(&l->a);
	wbuf_free(&l->bad);
}

/* The table as text, one "prefix maxlen asn" line per VRP, in walk order. */
static int dump_cb(const struct vrp *v, void *ctx)
{
	struct wbuf *w = ctx;
	char buf[PREFIX_STRLEN];
	prefix_fmt(&v->prefix, buf);
	wbuf_printf(w, "%s %u %u\n", buf, v->maxlen, v->asn);
	return 0;
}

static char *dump(const struct vrp_table *t)
{
	struct wbuf w;
	wbuf_init(&w, 1024);
	vrp_table_walk(t, dump_cb, &w);
	wbuf_putc(&w, 0);
	return w.p;
}

static size_t providers_of(const struct aspa_table *a, uint32_t customer)
{
	const struct aspa_entry *e = aspa_lookup(a, customer);
	return e ? e->n : (size_t)-1;
}

void test_vrp_table_merge_and_walk(void)
{
	struct vrp_table t;
	vrp_table_init(&t);
	struct vrp v[5];
	memset(v, 0, sizeof v);
	const char *pfx[] = { "10.0.0.0/8", "10.0.0.0/8", "10.0.0.0/8", "2001:db8::/32", "10.1.0.0/16" };
	const uint8_t ml[] = { 8, 16, 8, 48, 24 };
	const uint32_t as[] = { 65001, 65001, 65001, 65002, 0 };
	for (int i = 0; i < 5; i++) {
		CHECK(prefix_parse(pfx[i], &v[i].prefix) == 0);
		v[i].maxlen = ml[i];
		v[i].asn = as[i];
		CHECK(vrp_check(&v[i]) == NULL);
		CHECK(vrp_table_add(&t, &v[i]) == 0);
	}
	vrp_table_finish(&t);
	CHECK_EQ_U(vrp_table_count(&t), 4);
	CHECK_EQ_U(t.duplicates, 1);
	char *d = dump(&t);
	CHECK_STR(d, "10.0.0.0/8 8 65001\n10.0.0.0/8 16 65001\n10.1.0.0/16 24 0\n2001:db8::/32 48 65002\n");
	free(d);
	/* Adding after finish reopens; the old VRPs stay. */
	struct vrp w = v[3];
	w.asn = 65003;
	vrp_table_add(&t, &w);
	vrp_table_finish(&t);
	CHECK_EQ_U(vrp_table_count(&t), 5);
	vrp_table_free(&t);
}

void test_vrp_check_rfc6482(void)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	prefix_parse("192.0.2.0/24", &v.prefix);
	v.maxlen = 23;
	CHECK_STR(vrp_check(&v), "RFC 6482 section 3.3: maxLength shorter than the prefix length");
	v.maxlen = 33;
	CHECK_STR(vrp_check(&v), "RFC 6482 section 3.3: maxLength longer than the address");
	v.maxlen = 32;
	CHECK(vrp_check(&v) == NULL);
	v.prefix.b[3] = 1; /* 192.0.2.1/24 */
	CHECK_STR(vrp_check(&v), "RFC 6482 section 3.3: prefix has bits set past its length");
}

/* rpki-client 2021 JSON: 70 VRPs, string "elapsedtime" metadata, no ASPAs. */
void test_vrp_load_rpkiclient_2021(void)
{
	struct loaded l;
	load_file(&l, "rpkilog_roa_test.rpkiclient2021_json.json", 0);
	CHECK_EQ_U(l.rc, 0);
	CHECK_EQ_U(l.rep.format, VRP_FMT_JSON);
	CHECK_STR(l.rep.flavour, "rpki-client JSON");
	CHECK_EQ_U(l.rep.vrps, 70);
	CHECK_EQ_U(l.rep.aspas, 0);
	CHECK_EQ_U(l.rep.skipped, 0);
	CHECK_EQ_U(vrp_table_count(&l.t), 70);
	unload(&l);
}

/* rpki-client 2023 JSON: 379 VRPs, 3 BGPsec keys, top-level "aspas" of 2. */
void test_vrp_load_rpkiclient_2023(void)
{
	struct loaded l;
	load_file(&l, "rpkilog_roa_test.rpkiclient2023_json.json", 0);
	CHECK_EQ_U(l.rc, 0);
	CHECK_EQ_U(l.rep.vrps, 379);
	CHECK_EQ_U(l.rep.other, 3);
	CHECK_EQ_U(l.rep.aspas, 2);
	CHECK_EQ_U(aspa_table_count(&l.a), 2);
	CHECK_EQ_U(providers_of(&l.a, 945), 6);
	CHECK_EQ_U(providers_of(&l.a, 15562), 4);
	const struct aspa_entry *e = aspa_lookup(&l.a, 945);
	CHECK(e && aspa_entry_has(&l.a, e, 59105) && !aspa_entry_has(&l.a, e, 59106));
	unload(&l);
}

/* rpki-client 8.4 (provider_authorizations per AFI), cut to three /8s and
 * 2001:67c:2xxx: 2,293 IPv4 + 1,552 IPv6 VRPs, 40 + 40 ASPA records. Read
 * from gzip, through a 7-byte window (every token crosses a refill). */
void test_vrp_load_rpkiclient_84_gzip(void)
{
	struct loaded l, s;
	load_file(&l, "rpki-client_ripe-prepdev_20230504.cut.json.gz", 0);
	load_file(&s, "rpki-client_ripe-prepdev_20230504.cut.json.gz", 7);
	CHECK_EQ_U(l.rc, 0);
	CHECK_STR(l.rep.flavour, "rpki-client 8.x JSON (provider_authorizations)");
	CHECK_EQ_U(l.rep.vrps, 3845);
	CHECK_EQ_U(vrp_table_count(&l.t), 3845);
	CHECK_EQ_U(l.rep.aspas, 80);
	/* The same customers are in both AFI lists: 40 entries after merging. */
	CHECK_EQ_U(aspa_table_count(&l.a), 40);
	CHECK_EQ_U(s.rc, 0);
	CHECK_EQ_U(s.rep.vrps, 3845);
	char *a = dump(&l.t), *b = dump(&s.t);
	CHECK(strcmp(a, b) == 0);
	CHECK(strncmp(a, "2.0.0.0/12 17 3215\n", 19) == 0);
	free(a);
	free(b);
	unload(&l);
	unload(&s);
}

/* StayRTR's test files: "asn" as integer and as "AS..." string. */
void test_vrp_load_stayrtr(void)
{
	struct loaded l;
	load_file(&l, "stayrtr_smalltest.rpki.json", 0);
	CHECK_EQ_U(l.rep.vrps, 2);
	char *d = dump(&l.t);
	CHECK_STR(d, "1.0.0.0/24 24 13335\n2001:200:136::/48 48 9367\n");
	free(d);
	unload(&l);
	load_file(&l, "stayrtr_test.rpki.json", 0);
	CHECK_EQ_U(l.rep.vrps, 19);
	CHECK_EQ_U(l.rep.other, 3);
	CHECK_EQ_U(l.rep.aspas, 4);
	CHECK_EQ_U(aspa_table_count(&l.a), 2);
	CHECK_EQ_U(providers_of(&l.a, 64496), 6);
	unload(&l);
}

void test_vrp_load_routinator_jsonext(void)
{
	struct loaded l;
	load_file(&l, "rpkilog_roa_test.routinator_jsonext.json", 0);
	CHECK_STR(l.rep.flavour, "Routinator jsonext");
	char *d = dump(&l.t);
	CHECK_STR(d, "1.0.0.0/24 24 13335\n2c0f:fff0::/32 128 37125\n");
	free(d);
	unload(&l);
}

/* Routinator's one payload (AS1234 12.34.56.0/24-24, twice; ASPA AS1234 ->
 * AS1-4, twice) in every format that carries VRPs: each gives the same table. */
void test_vrp_load_routinator_formats(void)
{
	static const struct {
		const char *file;
		enum vrp_format format;
		size_t aspas;
	} f[] = {
		{ "routinator_formats/111.csv", VRP_FMT_CSV, 0 },
		{ "routinator_formats/111.csvcompat", VRP_FMT_CSV, 0 },
		{ "routinator_formats/111.csvext", VRP_FMT_CSV, 0 },
		{ "routinator_formats/111.json", VRP_FMT_JSON, 2 },
		{ "routinator_formats/111.jsonext", VRP_FMT_JSON, 2 },
		{ "routinator_formats/111.openbgpd", VRP_FMT_OPENBGPD, 0 },
		{ "routinator_formats/111.bird1", VRP_FMT_BIRD, 0 },
		{ "routinator_formats/111.bird2", VRP_FMT_BIRD, 0 },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		struct loaded l;
		load_file(&l, f[i].file, 0);
		if (l.rc != 0 || l.rep.format != f[i].format)
			fprintf(stderr, "  %s: rc %d format %d\n", f[i].file, l.rc, l.rep.format);
		CHECK_EQ_U(l.rc, 0);
		CHECK_EQ_U(l.rep.format, f[i].format);
		CHECK_EQ_U(l.rep.vrps, 2);
		CHECK_EQ_U(l.rep.skipped, 0);
		CHECK_EQ_U(l.t.duplicates, 1);
		CHECK_EQ_U(l.rep.aspas, f[i].aspas);
		if (f[i].aspas)
			CHECK_EQ_U(providers_of(&l.a, 1234), 4);
		char *d = dump(&l.t);
		CHECK_STR(d, "12.34.56.0/24 24 1234\n");
		free(d);
		unload(&l);
	}
}

/* Files that are not VRP data at all are errors, not empty tables. */
void test_vrp_load_not_vrp_data(void)
{
	struct loaded l;
	load_file(&l, "routinator_validate_beacons.json", 0);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "JSON: not VRP data: no \"roas\", \"aspas\" or \"provider_authorizations\"");
	unload(&l);
	load_file(&l, "routinator_formats/111.summary", 0);
	CHECK_EQ_U(l.rc, -1);
	CHECK(strncmp(l.rep.error, "not VRP data", 12) == 0);
	unload(&l);
	load_file(&l, "routinator_formats/111.slurm2", 0);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "JSON: this is a SLURM file (RFC 8416), not VRPs: give it with --slurm");
	unload(&l);
	load_file(&l, "no-such-file.json", 0);
	CHECK_EQ_U(l.rc, -1);
	unload(&l);
	load_text(&l, "", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "empty input: no VRP data");
	unload(&l);
}

/* A bad element is reported with its array index and line, and skipped;
 * the elements after it load. */
void test_vrp_load_json_malformed_entries(void)
{
	struct loaded l;
	load_text(&l,
		  "{ \"roas\": [\n"
		  "  { \"asn\": 64496, \"prefix\": \"192.0.2.0/24\", \"maxLength\": 24 },\n"
		  "  { \"asn\": \"ASX\", \"prefix\": \"192.0.2.0/24\", \"maxLength\": 24 },\n"
		  "  { \"asn\": 64496, \"prefix\": \"192.0.2.1/24\", \"maxLength\": 24 },\n"
		  "  { \"asn\": 64496, \"prefix\": \"192.0.2.0/24\", \"maxLength\": 23 },\n"
		  "  { \"asn\": 64496, \"prefix\": \"192.0.2.0/24\" },\n"
		  "  { \"asn\": 64496, \"prefix\": \"192.0.2.0/24\" \"maxLength\": 25 },\n"
		  "  [1, 2],\n"
		  "  { \"asn\": 4294967296, \"prefix\": \"2001:db8::/32\", \"maxLength\": 48 },\n"
		  "  { \"asn\": \"AS64497\", \"prefix\": \"2001:db8::/32\", \"maxLength\": 129 },\n"
		  "  { \"asn\": \"AS64497\", \"prefix\": \"2001:db8::/32\", \"maxLength\": 48 }\n"
		  "], \"aspas\": [ { \"customer_asid\": 64496, \"providers\": [ 64497, \"x\" ] },\n"
		  "  { \"customer_asid\": 64498, \"providers\": [ 64497, \"AS64499\", {\"asid\": 0} ] } ] }\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	/* roas[4] has no maxLength: RFC 6482 makes it the prefix length, and
	 * it merges with roas[0]. */
	CHECK_EQ_U(l.rep.vrps, 3);
	CHECK_EQ_U(l.rep.skipped, 8);
	CHECK_EQ_U(l.rep.first_bad_line, 3);
	CHECK_STR(l.bad.p,
		  "roas[1] (line 3): \"asn\" is not an AS number\n"
		  "roas[2] (line 4): RFC 6482 section 3.3: prefix has bits set past its length\n"
		  "roas[3] (line 5): RFC 6482 section 3.3: maxLength shorter than the prefix length\n"
		  "roas[5] (line 7): JSON syntax error in the element\n"
		  "roas[6] (line 8): element is not an object\n"
		  "roas[7] (line 9): \"asn\" is not an AS number\n"
		  "roas[8] (line 10): RFC 6482 section 3.3: maxLength longer than the address\n"
		  "aspas[0] (line 12): a provider is not an AS number\n");
	CHECK_EQ_U(l.rep.aspas, 1);
	CHECK_EQ_U(providers_of(&l.a, 64498), 2);
	char *d = dump(&l.t);
	CHECK_STR(d, "192.0.2.0/24 24 64496\n2001:db8::/32 48 64497\n");
	free(d);
	unload(&l);
}

/* Broken JSON framing is fatal (the rest cannot be found), with the line. */
void test_vrp_load_json_broken_framing(void)
{
	struct loaded l;
	load_text(&l, "{ \"roas\": [\n { \"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"maxLength\": 8 }\n", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_EQ_U(l.rep.vrps, 1);
	CHECK_STR(l.rep.error, "JSON: the input ends inside \"roas\" at line 3");
	unload(&l);
	load_text(&l, "{ \"roas\": [ { \"asn\": 1,\n \"prefix\": \"10.0.0.0/8\"", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "JSON: the input ends inside the element at line 1");
	unload(&l);
	load_text(&l, "{ \"roas\": [ { \"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"maxLength\": 8 } }\n", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "JSON: expected ',' or ']' after an array element at line 1");
	unload(&l);
	load_text(&l, "{ \"roas\": 5 }", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "JSON: \"roas\" is not an array (line 1)");
	unload(&l);
	load_text(&l, "{ \"roas\": [] } x", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "JSON: text after the end of the document at line 1");
	unload(&l);
}

void test_vrp_load_csv(void)
{
	struct loaded l;
	load_text(&l,
		  "ASN,IP Prefix,Max Length,Trust Anchor,Expires\n"
		  "AS13335,1.0.0.0/24,24,apnic,1696688258\n"
		  "AS38803,1.0.4.0/22,22,apnic,1696706619\r\n"
		  "\n"
		  "AS38803,1.0.4.0/22,21,apnic,1696706619\n"
		  "AS38803,1.0.4.0/22,22,apnic\n"
		  "13335,2606:4700::/32,48,arin,1696706619\n"
		  "AS1,1.0.4.0/22,x,apnic,1\n"
		  "ASN,IP Prefix,Max Length,Trust Anchor,Expires\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	CHECK_EQ_U(l.rep.format, VRP_FMT_CSV);
	CHECK_STR(l.rep.flavour, "rpki-client CSV");
	CHECK_EQ_U(l.rep.vrps, 3);
	CHECK_STR(l.bad.p,
		  "line 5: RFC 6482 section 3.3: maxLength shorter than the prefix length\n"
		  "line 6: CSV: the line has not as many fields as the header\n"
		  "line 8: max length is not a number from 0 to 128\n"
		  "line 9: not an AS number\n");
	char *d = dump(&l.t);
	CHECK_STR(d, "1.0.0.0/24 24 13335\n1.0.4.0/22 22 38803\n2606:4700::/32 48 13335\n");
	free(d);
	unload(&l);
	/* A CSV without the three columns is not VRP data. */
	load_text(&l, "prefix,origin\n1.0.0.0/24,13335\n", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	unload(&l);
	load_text(&l, "prefix,origin\n1.0.0.0/24,13335\n", VRP_FMT_CSV);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "not VRP data: line 1 is not a CSV header naming ASN and IP Prefix");
	unload(&l);
}

/* rpki-client -o output: roa-set with maxlen and expires, aspa-set in the
 * current and the older ("allow inet6") provider syntax. */
void test_vrp_load_openbgpd(void)
{
	struct loaded l;
	load_text(&l,
		  "# generated\n"
		  "roa-set {\n"
		  "\t1.0.0.0/24 source-as 13335 expires 1696688258\n"
		  "\t1.0.4.0/22 maxlen 24 source-as 38803 expires 1696706619\n"
		  "\t2001:db8::/32 maxlen 48 source-as 64496, 2001:db8::/33 source-as 64497\n"
		  "\t1.0.4.0/22 maxlen 20 source-as 38803\n"
		  "\t1.0.4.0/22 source-as\n"
		  "\t1.0.4.0/22 origin 5\n"
		  "}\n"
		  "\n"
		  "aspa-set {\n"
		  "\tcustomer-as 945 expires 1696173179 provider-as { 1299, 6939, 8849 }\n"
		  "\tcustomer-as 15562 provider-as { 2914 allow inet6, 8283 allow inet }\n"
		  "\tcustomer-as 1 provider-as 2\n"
		  "}\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	CHECK_EQ_U(l.rep.format, VRP_FMT_OPENBGPD);
	CHECK_EQ_U(l.rep.vrps, 4);
	CHECK_EQ_U(l.rep.aspas, 2);
	CHECK_STR(l.bad.p,
		  "line 6: RFC 6482 section 3.3: maxLength shorter than the prefix length\n"
		  "line 7: roa-set: expected PREFIX [maxlen N] source-as ASN\n"
		  "line 8: roa-set: unknown keyword (expected maxlen, source-as or expires)\n"
		  "line 14: aspa-set: expected provider-as { ... }\n");
	char *d = dump(&l.t);
	CHECK_STR(d, "1.0.0.0/24 24 13335\n1.0.4.0/22 24 38803\n2001:db8::/32 48 64496\n2001:db8::/33 33 64497\n");
	free(d);
	CHECK_EQ_U(providers_of(&l.a, 945), 3);
	CHECK_EQ_U(providers_of(&l.a, 15562), 2);
	unload(&l);
	load_text(&l, "roa-set {\n1.0.0.0/24 source-as 1\n", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "OpenBGPD: the input ends inside a set (no closing '}') at line 3");
	unload(&l);
}

/* BIRD 1 (roa table) and BIRD 2 (protocol static with route) as rpki-client
 * -B and Routinator bird1/bird2 write them. */
void test_vrp_load_bird(void)
{
	struct loaded l;
	load_text(&l,
		  "roa table ROAS {\n"
		  "\troa 1.0.0.0/24 max 24 as 13335;\n"
		  "\troa 1.0.4.0/22 max 24 as 38803 ;\n"
		  "\troa 1.0.4.0/22 max 24 as 38803\n"
		  "\troa 1.0.4.0/22 max 33 as 38803;\n"
		  "}\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	CHECK_STR(l.rep.flavour, "BIRD 1 roa table");
	CHECK_EQ_U(l.rep.vrps, 2);
	CHECK_STR(l.bad.p,
		  "line 4: BIRD: expected \"roa|route PREFIX max N as ASN;\"\n"
		  "line 5: RFC 6482 section 3.3: maxLength longer than the address\n");
	unload(&l);
	load_text(&l,
		  "define force_roa_table_update = 1696688258;\n"
		  "roa4 table ROAS4;\nroa6 table ROAS6;\n"
		  "protocol static {\n\troa4 { table ROAS4; };\n"
		  "\troute 1.0.0.0/24 max 24 as 13335;\n}\n"
		  "protocol static {\n\troa6 { table ROAS6; };\n"
		  "\troute 2001:db8::/32 max 48 as 64496;\n}\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	CHECK_STR(l.rep.flavour, "BIRD 2 roa table");
	char *d = dump(&l.t);
	CHECK_STR(d, "1.0.0.0/24 24 13335\n2001:db8::/32 48 64496\n");
	free(d);
	unload(&l);
	load_text(&l, "protocol static {\n}\n", VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, -1);
	CHECK_STR(l.rep.error, "BIRD: not VRP data: no roa or route statement");
	unload(&l);
}

struct conv {
	struct wbuf csv, obgpd, bird;
};

static int conv_cb(const struct vrp *v, void *ctx)
{
	struct conv *c = ctx;
	char p[PREFIX_STRLEN];
	prefix_fmt(&v->prefix, p);
	wbuf_printf(&c->csv, "AS%u,%s,%u,ripe,1683277596\n", v->asn, p, v->maxlen);
	wbuf_printf(&c->obgpd, "\t%s maxlen %u source-as %u expires 1683277596\n", p, v->maxlen, v->asn);
	wbuf_printf(&c->bird, "\troute %s max %u as %u;\n", p, v->maxlen, v->asn);
	return 0;
}

/* The real cut set written out in rpki-client's CSV, OpenBGPD and BIRD 2
 * syntax loads back into the very same table. */
void test_vrp_load_formats_roundtrip(void)
{
	struct loaded j;
	load_file(&j, "rpki-client_ripe-prepdev_20230504.cut.json.gz", 0);
	struct conv c;
	wbuf_init(&c.csv, 1 << 16);
	wbuf_init(&c.obgpd, 1 << 16);
	wbuf_init(&c.bird, 1 << 16);
	wbuf_puts(&c.csv, "ASN,IP Prefix,Max Length,Trust Anchor,Expires\n");
	wbuf_puts(&c.obgpd, "roa-set {\n");
	wbuf_puts(&c.bird, "roa4 table ROAS4;\nprotocol static {\n");
	vrp_table_walk(&j.t, conv_cb, &c);
	wbuf_puts(&c.obgpd, "}\n");
	wbuf_puts(&c.bird, "}\n");
	wbuf_putc(&c.csv, 0);
	wbuf_putc(&c.obgpd, 0);
	wbuf_putc(&c.bird, 0);
	char *want = dump(&j.t);
	const char *texts[] = { c.csv.p, c.obgpd.p, c.bird.p };
	for (int i = 0; i < 3; i++) {
		struct loaded l;
		load_text(&l, texts[i], VRP_FMT_AUTO);
		CHECK_EQ_U(l.rc, 0);
		CHECK_EQ_U(l.rep.vrps, 3845);
		char *got = dump(&l.t);
		CHECK(strcmp(want, got) == 0);
		free(got);
		unload(&l);
	}
	free(want);
	wbuf_free(&c.csv);
	wbuf_free(&c.obgpd);
	wbuf_free(&c.bird);
	unload(&j);
}

void test_vrp_format_names(void)
{
	CHECK_EQ_U(vrp_format_parse("bird"), VRP_FMT_BIRD);
	CHECK_EQ_U(vrp_format_parse("auto"), VRP_FMT_AUTO);
	CHECK(vrp_format_parse("yaml") == -1);
	CHECK_STR(vrp_format_name(VRP_FMT_OPENBGPD), "openbgpd");
}

/* The first bytes of a real file, as a caller reading a head would have them. */
static enum vrp_format sniff_file(const char *name)
{
	static char head[VRP_SNIFF_HEAD];
	FILE *f = fopen(data_path(name), "rb");
	if (!f)
		return (enum vrp_format)-1;
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	return vrp_format_sniff(head, n);
}

static enum vrp_format sniff_str(const char *s) { return vrp_format_sniff(s, strlen(s)); }

/* vrp_format_sniff: every sample format is recognised from its head; SLURM,
 * other JSON, summaries, BIRD configuration without roa statements and heads
 * that end before a VRP member are not VRP data. */
void test_vrp_format_sniff(void)
{
	CHECK_EQ_U(sniff_file("rpkilog_roa_test.rpkiclient2021_json.json"), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_file("rpkilog_roa_test.rpkiclient2023_json.json"), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_file("rpkilog_roa_test.routinator_jsonext.json"), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_file("stayrtr_test.rpki.json"), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_file("routinator_formats/111.json"), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_file("routinator_formats/111.csv"), VRP_FMT_CSV);
	CHECK_EQ_U(sniff_file("routinator_formats/111.csvcompat"), VRP_FMT_CSV);
	CHECK_EQ_U(sniff_file("routinator_formats/111.csvext"), VRP_FMT_CSV);
	CHECK_EQ_U(sniff_file("routinator_formats/111.openbgpd"), VRP_FMT_OPENBGPD);
	CHECK_EQ_U(sniff_file("routinator_formats/111.bird1"), VRP_FMT_BIRD);
	CHECK_EQ_U(sniff_file("routinator_formats/111.bird2"), VRP_FMT_BIRD);
	CHECK_EQ_U(sniff_file("routinator_formats/111.slurm"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_file("routinator_formats/111.slurm2"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_file("routinator_formats/111.summary"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_file("routinator_validate_beacons.json"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_file("slurm/rpki-rs_full.json"), VRP_FMT_AUTO);

	CHECK_EQ_U(sniff_str("{\"metadata\": {\"roas\": 1, \"s\": \"}\\\"]\"}, \"roas\": []}"), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_str("\xef\xbb\xbf# c\n\n{\"aspas\":["), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_str("{\"provider_authorizations\": {\"ipv4\": []}}"), VRP_FMT_JSON);
	CHECK_EQ_U(sniff_str("{\"metadata\": {\"generated\": 1"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str("{\"roas\": 5}"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str("{\"slurmVersion\": 1, \"roas\": []}"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str("{\"data\": [{\"roas\": []}]}"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str("[{\"roas\": []}]"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str("protocol device { }\n"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str("table r4 roa;\nroa 192.0.2.0/24 max 24 as 64496;\n"), VRP_FMT_BIRD);
	CHECK_EQ_U(sniff_str("\xef\xbb\xbf\"ASN\",\"IP Prefix\",\"Max Length\"\n"), VRP_FMT_CSV);
	CHECK_EQ_U(sniff_str("ASN,IP Prefix\n"), VRP_FMT_CSV);
	CHECK_EQ_U(sniff_str("ASN,Trust Anchor\n"), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str(""), VRP_FMT_AUTO);
	CHECK_EQ_U(sniff_str("\n# only a comment\n"), VRP_FMT_AUTO);
	/* Only the first VRP_SNIFF_HEAD bytes count. */
	size_t n = VRP_SNIFF_HEAD + 16;
	char *big = xmalloc(n);
	memset(big, ' ', n);
	memcpy(big, "{\"a\": 1,", 8);
	memcpy(big + VRP_SNIFF_HEAD - 4, "\"roas\": []}", 11);
	CHECK_EQ_U(vrp_format_sniff(big, n), VRP_FMT_AUTO);
	memcpy(big + 100, "\"roas\": []}", 11);
	CHECK_EQ_U(vrp_format_sniff(big, n), VRP_FMT_JSON);
	free(big);
}

/* RFC 6482 section 3.3: a VRP without a max length has its prefix length as
 * max length, in JSON (no maxLength member) and in CSV (no Max Length
 * column, or an empty field); a maxLength that is there but bad is still
 * skipped. */
void test_vrp_load_no_maxlength(void)
{
	struct loaded l;
	load_text(&l,
		  "{\"roas\": [\n"
		  "  {\"asn\": 64496, \"prefix\": \"192.0.2.0/24\"},\n"
		  "  {\"asn\": \"AS64497\", \"prefix\": \"2001:db8::/32\", \"ta\": \"x\"},\n"
		  "  {\"asn\": 64498, \"prefix\": \"198.51.100.0/22\", \"maxLength\": 23},\n"
		  "  {\"asn\": 64499, \"prefix\": \"203.0.113.0/24\", \"maxLength\": \"24\"}\n"
		  "]}\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	CHECK_EQ_U(l.rep.vrps, 3);
	CHECK_EQ_U(l.rep.skipped, 1);
	char *d = dump(&l.t);
	CHECK_STR(d, "192.0.2.0/24 24 64496\n198.51.100.0/22 23 64498\n2001:db8::/32 32 64497\n");
	CHECK_STR(l.bad.p, "roas[3] (line 5): \"maxLength\" is not a small integer\n");
	free(d);
	unload(&l);

	load_text(&l, "ASN,IP Prefix,Trust Anchor\nAS64496,192.0.2.0/24,ripe\n64497,2001:db8::/48,arin\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	CHECK_EQ_U(l.rep.format, VRP_FMT_CSV);
	CHECK_STR(l.rep.flavour, "CSV without Max Length (max length = prefix length)");
	d = dump(&l.t);
	CHECK_STR(d, "192.0.2.0/24 24 64496\n2001:db8::/48 48 64497\n");
	free(d);
	unload(&l);

	load_text(&l, "ASN,Prefix,Max prefix length\nAS64496,192.0.2.0/24,\nAS64497,198.51.100.0/22,24\n",
		  VRP_FMT_AUTO);
	CHECK_EQ_U(l.rc, 0);
	CHECK_EQ_U(l.rep.skipped, 0);
	d = dump(&l.t);
	CHECK_STR(d, "192.0.2.0/24 24 64496\n198.51.100.0/22 24 64497\n");
	free(d);
	unload(&l);
}
