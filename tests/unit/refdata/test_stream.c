/* Unit tests for reading PeeringDB and Spoofer files in pieces
 * (pdb_reader_*, spoofer_reader_*, refdata/jsonscan.c): any split of the
 * input gives what one whole read gives; elements past their cap are
 * skipped; broken framing is an error naming its line; and the sniffers of
 * each reference-data kind on real samples. */
#include "test.h"
#include "net/text.h"
#include "refdata/bogons.h"
#include "refdata/peeringdb.h"
#include "refdata/rirstats.h"
#include "refdata/spoofer.h"
#include "topo/asrel.h"

#include <stdlib.h>
#include <string.h>

static char *read_sample(const char *rel, size_t *len)
{
	char path[512], err[256], *buf;
	snprintf(path, sizeof path, "%s/../data/refdata/%s", test_srcdir, rel);
	if (text_read_file(path, TEXT_MAX_FILE, &buf, len, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "  %s\n", err);
		return NULL;
	}
	return buf;
}

/* Feeds text in pieces of `step` bytes. */
static int pdb_in_pieces(struct peeringdb *db, const char *name, const char *text, size_t len, size_t step)
{
	struct pdb_reader *r = pdb_reader_new(db, name, NULL, NULL);
	for (size_t off = 0; off < len; off += step)
		pdb_reader_feed(r, text + off, len - off < step ? len - off : step);
	return pdb_reader_end(r);
}

void test_pdb_pieces(void)
{
	size_t len;
	char *buf = read_sample("peeringdb/netixlan_page-1.json.gz", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	static const size_t steps[] = { 1, 7, 4096, 1u << 30 };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct peeringdb *db = pdb_new();
		int idx = pdb_in_pieces(db, "netixlan_page-1.json.gz", buf, len, steps[i]);
		CHECK_EQ_U(idx, 0);
		CHECK(db->files[0].error == NULL);
		CHECK_EQ_U(db->files[0].objects[PDB_NETIXLAN], 250);
		CHECK_EQ_U(db->n_nix, 250);
		CHECK_STR(db->files[0].updated_max, "2026-03-26T15:41:40Z");
		pdb_free(db);
	}
	free(buf);
}

struct bad {
	int n;
	size_t index[8];
	const char *why[8];
};

static void on_bad(const char *file, enum pdb_type t, size_t index, uint32_t id, const char *reason, void *ctx)
{
	struct bad *b = ctx;
	(void)file, (void)t, (void)id;
	if (b->n < 8) {
		b->index[b->n] = index;
		b->why[b->n] = reason;
	}
	b->n++;
}

void test_pdb_stream_framing(void)
{
	/* A dump: one "data" array per type, other members passed over. */
	static const char dump[] =
		"{\"meta\": {\"data\": [1, 2]},\n"
		" \"net\": {\"data\": [{\"id\": 1, \"asn\": 64496, \"irr_as_set\": \"AS-A\", \"name\": \"A \\\"]}\"}]},\n"
		" \"org\": {\"data\": [{\"id\": 7, \"name\": \"O\", \"address1\": \"x\"}, {\"id\": 8, \"name\": \"P\"}]}}";
	struct peeringdb *db = pdb_new();
	int idx = pdb_parse(db, "dump.json", dump, sizeof dump - 1, NULL, NULL);
	CHECK(db->files[idx].error == NULL);
	CHECK_EQ_U(db->n_net, 1);
	CHECK_EQ_U(db->n_org, 2);
	struct pdb_asn a;
	pdb_lookup_asn(db, 64496, &a);
	CHECK(a.net != NULL);
	if (a.net)
		CHECK_STR(pdb_str(db, a.net->name), "A \"]}");
	pdb_free(db);

	/* An element past PDB_MAX_ELEMENT is skipped unparsed; the next one
	 * is read. */
	size_t big = PDB_MAX_ELEMENT + 100, n = 0;
	char *s = malloc(big + 200);
	n += (size_t)sprintf(s, "{\"data\": [{\"id\": 1, \"asn\": 1, \"irr_as_set\": \"");
	memset(s + n, 'x', big);
	n += big;
	n += (size_t)sprintf(s + n, "\"}, {\"id\": 2, \"asn\": 2, \"irr_as_set\": \"\"}]}");
	db = pdb_new();
	struct bad b = { 0 };
	idx = pdb_parse(db, "net.json", s, n, on_bad, &b);
	CHECK(db->files[idx].error == NULL);
	CHECK_EQ_U(b.n, 1);
	CHECK_EQ_U(b.index[0], 0);
	CHECK_STR(b.why[0], "object longer than PDB_MAX_ELEMENT bytes");
	CHECK_EQ_U(db->n_net, 1);
	pdb_free(db);
	free(s);

	/* Broken framing: the file is an error naming the line. */
	static const struct {
		const char *json, *error;
	} broken[] = {
		{ "{\"data\": [{\"id\": 1, \"asn\": 1, \"irr_as_set\": \"\"}]}\n{}", "not JSON: line 2: text after the end of the document" },
		{ "{\"data\": [}\n", "not JSON: line 1: a closing bracket that does not match" },
		{ "{\"data\": [\"abc\n", "not JSON: line 1: control character in a string" },
		{ "\"data\"", "not JSON: line 1: the document is neither an object nor an array" },
		{ "", "not JSON: line 1: no document" },
		{ "[1, 2]", "no \"data\" array: not a PeeringDB API page or dump" },
	};
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		db = pdb_new();
		idx = pdb_parse(db, "x.json", broken[i].json, strlen(broken[i].json), NULL, NULL);
		CHECK_STR(db->files[idx].error, broken[i].error);
		pdb_free(db);
	}
}

static int spoofer_in_pieces(struct spoofer *sp, const char *name, const char *text, size_t len, size_t step)
{
	struct spoofer_reader *r = spoofer_reader_new(sp, name, NULL, NULL);
	for (size_t off = 0; off < len; off += step)
		spoofer_reader_feed(r, text + off, len - off < step ? len - off : step);
	return spoofer_reader_end(r);
}

void test_spoofer_pieces(void)
{
	static const struct {
		const char *file, *format;
		uint64_t tests;
	} files[] = {
		{ "spoofer/caida_spoofer_api_sessions_AS3356_202005.jsonl", "spoofer-api-jsonl", 2 },
		{ "spoofer/shadowserver_caida_ip_spoofer_20190827.csv", "shadowserver-csv", 0 },
	};
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		size_t len;
		char *buf = read_sample(files[f].file, &len);
		CHECK(buf != NULL);
		if (!buf)
			continue;
		struct spoofer *whole = spoofer_new();
		spoofer_parse(whole, "whole", buf, len, NULL, NULL);
		CHECK(whole->files[0].error == NULL);
		CHECK_STR(whole->files[0].format, files[f].format);
		if (files[f].tests)
			CHECK_EQ_U(whole->files[0].tests, files[f].tests);
		CHECK(whole->files[0].tests > 0);
		static const size_t steps[] = { 1, 3, 100 };
		for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			struct spoofer *sp = spoofer_new();
			spoofer_in_pieces(sp, "pieces", buf, len, steps[i]);
			CHECK_STR(sp->files[0].format, files[f].format);
			CHECK_EQ_U(sp->files[0].tests, whole->files[0].tests);
			CHECK_EQ_U(sp->files[0].records, whole->files[0].records);
			CHECK_EQ_U(sp->files[0].skipped, whole->files[0].skipped);
			CHECK_EQ_U(sp->n, whole->n);
			if (sp->n == whole->n)
				CHECK(!memcmp(sp->t, whole->t, sp->n * sizeof *sp->t));
			spoofer_free(sp);
		}
		spoofer_free(whole);
		free(buf);
	}
	/* A JSON array of Sessions, one pretty-printed over several lines. */
	static const char arr[] = "[\n {\"session\": 5, \"timestamp\": \"2021-01-02T03:04:05Z\",\n"
				  "  \"asn4\": 64500, \"routedspoof\": \"received\"}\n]\n";
	struct spoofer *sp = spoofer_new();
	spoofer_in_pieces(sp, "a.json", arr, sizeof arr - 1, 2);
	CHECK_STR(sp->files[0].format, "spoofer-api-json");
	CHECK(sp->files[0].error == NULL);
	CHECK_EQ_U(sp->files[0].tests, 1);
	spoofer_free(sp);
}

void test_refdata_sniffers(void)
{
	static const struct {
		const char *file;
		bool rir, asrel, pdb, spoofer;
		enum bogons_sniff_kind bogons;
	} s[] = {
		{ "rir/delegated-lacnic-latest-20260213.txt.gz", true, false, false, false, BOGONS_SNIFF_NO },
		{ "rir/nro-testdata-2019-09-apnic.txt", true, false, false, false, BOGONS_SNIFF_NO },
		{ "asrel/20140101.as-rel.txt.gz", false, true, false, false, BOGONS_SNIFF_NO },
		{ "asrel/20210901.as-rel2.excerpt.txt.bz2", false, true, false, false, BOGONS_SNIFF_NO },
		{ "bogons/fullbogons-ipv4_20240310.txt", false, false, false, false, BOGONS_SNIFF_LIST },
		{ "peeringdb/ix_page-1.json.gz", false, false, true, false, BOGONS_SNIFF_NO },
		{ "spoofer/shadowserver_caida_ip_spoofer_20190827.csv", false, false, false, true, BOGONS_SNIFF_NO },
		{ "spoofer/caida_spoofer_api_sessions_AS3356_202005.jsonl", false, false, false, true, BOGONS_SNIFF_NO },
	};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		size_t len;
		char *buf = read_sample(s[i].file, &len);
		CHECK(buf != NULL);
		if (!buf)
			continue;
		if (len > 65536)
			len = 65536; /* what refdata check reads */
		CHECK_EQ_U(rirstats_sniff(buf, len), s[i].rir);
		CHECK_EQ_U(asrel_sniff(buf, len), s[i].asrel);
		CHECK_EQ_U(pdb_sniff(buf, len), s[i].pdb);
		CHECK_EQ_U(spoofer_sniff(buf, len), s[i].spoofer);
		CHECK_EQ_U(bogons_sniff(s[i].file, buf, len), s[i].bogons);
		free(buf);
	}
	CHECK_EQ_U(bogons_sniff("x.txt", "1.10.16.0/20 ; SBL256894\n", 25), BOGONS_SNIFF_DROP);
	CHECK_EQ_U(bogons_sniff("x.txt", "# a list\n192.0.2.0/24\n", 22), BOGONS_SNIFF_PREFIXES);
	CHECK_EQ_U(bogons_sniff("my-bogons.txt", "192.0.2.0/24\n", 13), BOGONS_SNIFF_LIST);
	CHECK_EQ_U(asrel_sniff("# only a header\n# source:topology|BGP|20140101|x\n", 47), true);
	CHECK_EQ_U(asrel_sniff("", 0), false);
	CHECK_EQ_U(rirstats_sniff("", 0), false);
}
