/*
 * libFuzzer target for the PeeringDB loader (refdata/peeringdb.c): the
 * input is one JSON document (a page or a dump). Whatever is kept must be
 * consistent: a network is found by its ASN, its contacts carry its id,
 * memberships found for an ASN carry that ASN.
 */
#include "refdata/peeringdb.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_peeringdb: %s\n", why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct peeringdb *db = pdb_new();
	/* The first byte picks the name, so name-based typing is reached too. */
	static const char *names[] = { "fuzz.json", "net_page-1.json", "poc.json", "netixlan_page-2.json",
				       "ixpfx.json", "org.json", "ix.json", "ixlan.json" };
	const char *name = size ? names[data[0] % 8] : names[0];
	if (pdb_parse(db, name, (const char *)data, size, NULL, NULL) != 0)
		fail("first file did not get index 0");
	pdb_finish(db);
	for (size_t i = 0; i < db->n_net; i++) {
		struct pdb_asn a;
		pdb_lookup_asn(db, db->net[i].asn, &a);
		if (!a.net || a.net->asn != db->net[i].asn)
			fail("a network is not found by its ASN");
		for (size_t k = 0; k < a.n_poc; k++)
			if (a.poc[k].net_id != a.net->id)
				fail("a contact of another network");
		for (size_t k = 0; k < a.n_nix; k++)
			if (a.nix[k].asn != a.net->asn)
				fail("a membership of another ASN");
	}
	for (size_t i = 0; i < db->n_nix; i++) {
		struct pdb_asn a;
		pdb_lookup_asn(db, db->nix[i].asn, &a);
		if (!a.n_nix)
			fail("a membership is not found by its ASN");
		(void)pdb_ix_by_id(db, db->nix[i].ix_id);
		(void)pdb_ixlan_by_id(db, db->nix[i].ixlan_id);
	}
	for (size_t i = 0; i < db->n_poc; i++)
		if (!pdb_str(db, db->poc[i].role)[0])
			fail("a contact without a role was kept");
	pdb_free(db);
	return 0;
}
