/* Unit tests for src/refdata/peeringdb.c: the bundled API pages (counts, a
 * network's contacts, as-set and IX memberships), the redacted page, type
 * detection, malformed documents with exact reasons. */
#include "test.h"
#include "refdata/peeringdb.h"
#include "net/text.h"

#include <stdlib.h>

static int load(struct peeringdb *db, const char *rel, pdb_bad_cb cb, void *ctx)
{
	char path[512], err[256], *buf;
	size_t len;
	snprintf(path, sizeof path, "%s/../data/refdata/peeringdb/%s", test_srcdir, rel);
	if (text_read_file(path, TEXT_MAX_FILE, &buf, &len, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "  %s\n", err);
		return -1;
	}
	int idx = pdb_parse(db, rel, buf, len, cb, ctx);
	free(buf);
	return idx;
}

static struct peeringdb *load_all(void)
{
	static const char *types[] = { "net", "org", "poc", "ix", "ixlan", "ixpfx", "netixlan" };
	struct peeringdb *db = pdb_new();
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
		for (int page = 1; page <= 2; page++) {
			char name[64];
			snprintf(name, sizeof name, "%s_page-%d.json.gz", types[t], page);
			int idx = load(db, name, NULL, NULL);
			CHECK(idx >= 0);
			if (idx >= 0) {
				CHECK(db->files[idx].error == NULL);
				CHECK_EQ_U(db->files[idx].skipped, 0);
			}
		}
	}
	return db;
}

void test_pdb_pages(void)
{
	struct peeringdb *db = load_all();
	CHECK_EQ_U(db->n_net, 500);
	CHECK_EQ_U(db->n_org, 500);
	CHECK_EQ_U(db->n_poc, 40); /* the anonymous view: public contacts only */
	CHECK_EQ_U(db->n_ix, 500);
	CHECK_EQ_U(db->n_ixlan, 500);
	CHECK_EQ_U(db->n_ixpfx, 500);
	CHECK_EQ_U(db->n_nix, 500);

	/* Hurricane Electric: net 291, org 396, two public contacts. */
	struct pdb_asn a;
	pdb_lookup_asn(db, 6939, &a);
	CHECK(a.net != NULL);
	if (a.net) {
		CHECK_EQ_U(a.net->id, 291);
		CHECK_STR(pdb_str(db, a.net->name), "Hurricane Electric");
		CHECK_STR(pdb_str(db, a.net->irr_as_set), "RADB::AS-HURRICANE RADB::AS-HURRICANEV6");
	}
	CHECK(a.org != NULL);
	if (a.org)
		CHECK_STR(pdb_str(db, a.org->name), "Hurricane Electric");
	CHECK_EQ_U(a.n_poc, 2);
	if (a.n_poc == 2) {
		CHECK_STR(pdb_str(db, a.poc[0].role), "Technical");
		CHECK_STR(pdb_str(db, a.poc[0].visible), "Public");
		CHECK_STR(pdb_str(db, a.poc[0].email), "peering@he.net");
		CHECK_STR(pdb_str(db, a.poc[0].phone), "+15105804100");
		CHECK_STR(pdb_str(db, a.poc[1].role), "NOC");
		CHECK_STR(pdb_str(db, a.poc[1].email), "noc@he.net");
	}
	CHECK_EQ_U(a.n_nix, 28);

	/* Microsoft: AS-MICROSOFT, 20 memberships, the first at Equinix New York. */
	pdb_lookup_asn(db, 8075, &a);
	CHECK(a.net && a.net->id == 694);
	if (a.net)
		CHECK_STR(pdb_str(db, a.net->irr_as_set), "AS-MICROSOFT");
	CHECK_EQ_U(a.n_poc, 2);
	CHECK_EQ_U(a.n_nix, 20);
	if (a.n_nix) {
		const struct pdb_netixlan *x = &a.nix[0];
		char ip[IP_STRLEN];
		CHECK_EQ_U(x->id, 13);
		CHECK_EQ_U(x->ix_id, 12);
		CHECK_EQ_U(x->speed, 100000);
		CHECK(!x->is_rs_peer);
		ip_fmt(&x->ip4, ip);
		CHECK_STR(ip, "198.32.118.91");
		ip_fmt(&x->ip6, ip);
		CHECK_STR(ip, "2001:504:f::8075:2");
		const struct pdb_ix *ix = pdb_ix_by_id(db, x->ix_id);
		CHECK(ix != NULL);
		if (ix)
			CHECK_STR(pdb_str(db, ix->name), "Equinix New York");
	}
	pdb_lookup_asn(db, 64496, &a);
	CHECK(a.net == NULL);
	CHECK_EQ_U(a.n_nix, 0);

	const struct pdb_ixpfx *px = &db->ixpfx[0];
	char s[PREFIX_STRLEN];
	prefix_fmt(&px->pfx, s);
	CHECK_STR(s, "206.223.115.0/24");
	CHECK_EQ_U(px->ixlan_id, 3814);
	CHECK(px->in_dfz);
	pdb_free(db);
}

struct bad {
	size_t index[4];
	uint32_t id[4];
	const char *why[4];
	uint64_t n;
	uint64_t by_reason[2];
};

static void on_bad(const char *file, enum pdb_type t, size_t index, uint32_t id, const char *reason, void *ctx)
{
	struct bad *b = ctx;
	(void)file;
	(void)t;
	if (b->n < 4) {
		b->index[b->n] = index;
		b->id[b->n] = id;
		b->why[b->n] = reason;
	}
	b->n++;
	if (!strcmp(reason, "net_id is not an integer"))
		b->by_reason[0]++;
	else if (!strcmp(reason, "redacted value (<auth-only:...>)"))
		b->by_reason[1]++;
}

/* An authenticated page with its values redacted: 229 contacts hide their
 * network, 21 public ones keep it but hide the e-mail. None may be kept,
 * and the anonymous copies of those 21 must still load afterwards. */
void test_pdb_redacted(void)
{
	struct peeringdb *db = pdb_new();
	struct bad b = { .n = 0 };
	int idx = load(db, "auth-redacted_poc_page-1.json.gz", on_bad, &b);
	CHECK_EQ_U(idx, 0);
	CHECK_EQ_U(b.n, 250);
	CHECK_EQ_U(b.by_reason[0], 229);
	CHECK_EQ_U(b.by_reason[1], 21);
	CHECK_EQ_U(b.index[0], 0);
	CHECK_EQ_U(b.id[0], 2);
	CHECK_STR(b.why[0], "net_id is not an integer");
	CHECK_EQ_U(db->n_poc, 0);
	CHECK_EQ_U(db->files[0].first_bad_index, 1);
	load(db, "poc_page-1.json.gz", NULL, NULL);
	load(db, "poc_page-2.json.gz", NULL, NULL);
	CHECK_EQ_U(db->n_poc, 40);
	CHECK_EQ_U(db->files[1].duplicates, 0);
	pdb_free(db);
}

static const char *parse_one(const char *json, const char *name, struct bad *b, struct peeringdb **out)
{
	struct peeringdb *db = pdb_new();
	memset(b, 0, sizeof *b);
	int idx = pdb_parse(db, name, json, strlen(json), on_bad, b);
	*out = db;
	return idx >= 0 ? db->files[idx].error : "index";
}

void test_pdb_malformed(void)
{
	struct peeringdb *db;
	struct bad b;
	CHECK_STR(parse_one("{\"data\": [", "x.json", &b, &db),
		  "not JSON: line 1: the input ends inside the document");
	pdb_free(db);
	CHECK_STR(parse_one("{\"meta\": {}}", "x.json", &b, &db),
		  "no \"data\" array: not a PeeringDB API page or dump");
	pdb_free(db);
	CHECK_STR(parse_one("{\"data\": [{\"id\": 1, \"foo\": 2}]}", "x.json", &b, &db),
		  "objects of no known PeeringDB type");
	pdb_free(db);
	/* Objects of a known type with bad fields: each skipped with its reason. */
	CHECK(parse_one("{\"data\": ["
			"{\"id\": 1, \"asn\": \"AS1\", \"irr_as_set\": \"\"},"
			"{\"id\": 2, \"asn\": 4294967296, \"irr_as_set\": \"\"},"
			"{\"asn\": 3, \"irr_as_set\": \"\"},"
			"{\"id\": 4, \"asn\": 4, \"irr_as_set\": 7},"
			"{\"id\": 5, \"asn\": 5, \"irr_as_set\": \"AS-FIVE\", \"name\": \"Five\"},"
			"{\"id\": 5, \"asn\": 55, \"irr_as_set\": \"\"},"
			"17]}",
			"net.json", &b, &db) == NULL);
	CHECK_EQ_U(b.n, 5);
	CHECK_STR(b.why[0], "asn is not an integer up to 4294967295");
	CHECK_STR(b.why[1], "asn is not an integer up to 4294967295");
	CHECK_STR(b.why[2], "id is missing");
	CHECK_STR(b.why[3], "irr_as_set is not a string");
	CHECK_EQ_U(db->n_net, 1);
	CHECK_EQ_U(db->files[0].duplicates, 1);
	struct pdb_asn a;
	pdb_lookup_asn(db, 5, &a);
	CHECK(a.net && !strcmp(pdb_str(db, a.net->irr_as_set), "AS-FIVE"));
	pdb_free(db);
	/* A netixlan with a bad address, a poc with an unknown role. */
	CHECK(parse_one("{\"data\": [{\"id\": 1, \"net_id\": 2, \"asn\": 3, \"ipaddr4\": \"2001:db8::1\"},"
			"{\"id\": 2, \"net_id\": 2, \"asn\": 3, \"ipaddr4\": null, \"ipaddr6\": \"2001:db8::1\"}]}",
			"netixlan.json", &b, &db) == NULL);
	CHECK_EQ_U(b.n, 1);
	CHECK_STR(b.why[0], "ipaddr4 is not an IPv4 address");
	CHECK_EQ_U(db->n_nix, 1);
	pdb_free(db);
	CHECK(parse_one("{\"data\": [{\"id\": 1, \"net_id\": 2, \"role\": \"Boss\", \"visible\": \"Public\"}]}",
			"poc.json", &b, &db) == NULL);
	CHECK_EQ_U(b.n, 1);
	CHECK_STR(b.why[0], "role is not a PeeringDB contact role");
	pdb_free(db);
	/* A whole dump with two sections. */
	CHECK(parse_one("{\"net\": {\"data\": [{\"id\": 9, \"asn\": 65009, \"irr_as_set\": \"AS-X\"}]},"
			" \"poc\": {\"data\": [{\"id\": 3, \"net_id\": 9, \"role\": \"NOC\", \"visible\": \"Users\","
			" \"email\": \"noc@example.net\"}]}}",
			"dump.json", &b, &db) == NULL);
	CHECK_EQ_U(b.n, 0);
	pdb_lookup_asn(db, 65009, &a);
	CHECK_EQ_U(a.n_poc, 1);
	if (a.n_poc)
		CHECK_STR(pdb_str(db, a.poc[0].visible), "Users");
	pdb_free(db);
}

void test_pdb_type_names(void)
{
	CHECK_EQ_U(pdb_type_of_name("data/ixpfx_page-2.json.gz"), PDB_IXPFX);
	CHECK_EQ_U(pdb_type_of_name("netixlan.json"), PDB_NETIXLAN);
	CHECK_EQ_U(pdb_type_of_name("/x/net_page-1.json"), PDB_NET);
	CHECK_EQ_U(pdb_type_of_name("peeringdb_ix.json"), PDB_IX);
	CHECK_EQ_U(pdb_type_of_name("ixlan-2.json"), PDB_IXLAN);
	CHECK_EQ_U(pdb_type_of_name("network.json"), PDB_UNKNOWN);
	/* An empty page of a type only its name tells. */
	struct peeringdb *db = pdb_new();
	int idx = pdb_parse(db, "campus_page-2.json", "{\"data\": [], \"meta\": {}}", 24, NULL, NULL);
	CHECK(db->files[idx].error == NULL);
	pdb_free(db);
}
