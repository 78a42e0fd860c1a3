/*
 * libFuzzer target for the PeeringDB loader (refdata/peeringdb.c): the
 * input is one JSON document (a page or a dump). Whatever is kept must be
 * consistent: a network is found by its ASN, its contacts carry its id,
 * memberships found for an ASN carry that ASN. Read in pieces, the same
 * bytes give the same file.
 */
#include "refdata/peeringdb.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	/* The same bytes fed in pieces (the reader's chunk boundaries fall
	 * anywhere) must give the same file. */
	struct peeringdb *p = pdb_new();
	struct pdb_reader *r = pdb_reader_new(p, name, NULL, NULL);
	size_t step = size ? 1 + data[size - 1] % 13 : 1;
	for (size_t off = 0; off < size; off += step)
		pdb_reader_feed(r, (const char *)data + off, size - off < step ? size - off : step);
	pdb_reader_end(r);
	const struct pdb_file *a = &db->files[0], *b = &p->files[0];
	if ((a->error == NULL) != (b->error == NULL) || a->skipped != b->skipped || a->duplicates != b->duplicates ||
	    memcmp(a->objects, b->objects, sizeof a->objects) || p->n_net != db->n_net || p->n_nix != db->n_nix)
		fail("a read in pieces differs from a whole read");
	(void)pdb_sniff((const char *)data, size);
	pdb_free(p);
	pdb_free(db);
	return 0;
}
