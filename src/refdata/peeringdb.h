/*
 * PeeringDB API v2 JSON: pages of one object type (`{"data": [...]}`) or a
 * whole dump (`{"net": {"data": [...]}, "ix": ...}`). Keeps what MANRS
 * Coordination and the IX checks need: networks (ASN, name, IRR as-set),
 * organisations, points of contact (role, visibility), IXes, IX LANs, IX
 * prefixes and IX memberships (netixlan: IPs, speed); other types are counted.
 */
#ifndef MANRS_REFDATA_PEERINGDB_H
#define MANRS_REFDATA_PEERINGDB_H

#include "net/net.h"
#include "net/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Objects kept per type from all files together (PeeringDB had about
 * 120,000 netixlan and 35,000 net objects in 2026). */
#define PDB_MAX_OBJECTS (1u * 1024 * 1024)
/* Longest data[] element parsed (real objects are under 10 KiB); longer
 * ones are skipped without being parsed. */
#define PDB_MAX_ELEMENT (1u * 1024 * 1024)
/* Longest string kept; longer ones are cut at a UTF-8 boundary. */
#define PDB_MAX_STRING 1024
#define PDB_MAX_FILES 256

enum pdb_type {
	PDB_NET, PDB_ORG, PDB_POC, PDB_IX, PDB_IXLAN, PDB_IXPFX, PDB_NETIXLAN,
	PDB_FAC, PDB_NETFAC, PDB_IXFAC, PDB_CARRIER, PDB_CARRIERFAC, PDB_CAMPUS,
	PDB_NTYPES, PDB_UNKNOWN = PDB_NTYPES,
};

/* Strings are offsets into peeringdb.strings (0 = empty or null). */
struct pdb_net {
	uint32_t id, org_id, asn;
	uint32_t name, aka, irr_as_set, info_type, policy_general, website, status, updated;
	uint32_t info_prefixes4, info_prefixes6;
};

struct pdb_org {
	uint32_t id, name, country, status;
};

struct pdb_poc {
	uint32_t id, net_id;
	uint32_t role, visible, name, email, phone, url, status, updated;
};

struct pdb_ix {
	uint32_t id, org_id, name, name_long, city, country, status;
};

struct pdb_ixlan {
	uint32_t id, ix_id, name, status;
	uint32_t rs_asn;
};

struct pdb_ixpfx {
	uint32_t id, ixlan_id, status;
	struct prefix pfx;
	bool in_dfz;
};

struct pdb_netixlan {
	uint32_t id, net_id, ix_id, ixlan_id, asn;
	uint32_t name, status;   /* the IX name as PeeringDB copies it in */
	uint32_t speed;          /* Mbit/s */
	struct ip_addr ip4, ip6; /* afi 0 when null */
	bool is_rs_peer, operational;
};

/* Per file: what it held and what was skipped. */
struct pdb_file {
	char *name;
	uint64_t objects[PDB_NTYPES + 1];   /* kept (or counted, for unused types) per type */
	uint64_t skipped, duplicates;
	uint64_t first_bad_index;            /* data[] index of the first skipped object, +1 */
	const char *first_bad_reason;
	char updated_max[24];                /* latest "updated" seen, ISO 8601 */
	char updated_min[24];
	const char *error;                   /* the whole file was unusable (static), or NULL */
	char errbuf[160];
};

struct peeringdb {
	struct pdb_net *net;       size_t n_net, cap_net;
	struct pdb_org *org;       size_t n_org, cap_org;
	struct pdb_poc *poc;       size_t n_poc, cap_poc;
	struct pdb_ix *ix;         size_t n_ix, cap_ix;
	struct pdb_ixlan *ixlan;   size_t n_ixlan, cap_ixlan;
	struct pdb_ixpfx *ixpfx;   size_t n_ixpfx, cap_ixpfx;
	struct pdb_netixlan *nix;  size_t n_nix, cap_nix;
	uint64_t other[PDB_NTYPES];  /* objects of types not kept */
	struct u32map ids[PDB_NTYPES];  /* id -> index, for the kept types */
	struct u32map net_by_asn;
	bool sorted;
	struct pdb_file *files;
	size_t n_files;
	struct text_strpool strings;
};

struct peeringdb *pdb_new(void);
void pdb_free(struct peeringdb *db);

/* Reports one skipped object: index in its data[] array, its id (0 if
 * none) and a static reason. */
typedef void (*pdb_bad_cb)(const char *file, enum pdb_type t, size_t index, uint32_t id, const char *reason,
			   void *ctx);

/* Reads one file in pieces, in order: new, any number of feeds (chunks of
 * any size), end. Memory does not grow with the file: each data[] object
 * is parsed alone, and the caps apply as objects are stored. new returns
 * NULL past PDB_MAX_FILES; end returns the file index, with
 * pdb_file.error set if the document is broken or not PeeringDB (objects
 * stored before the damage stay). No other file may be added to db while a
 * reader is open. Pure. */
struct pdb_reader;
struct pdb_reader *pdb_reader_new(struct peeringdb *db, const char *name, pdb_bad_cb cb, void *ctx);
void pdb_reader_feed(struct pdb_reader *r, const char *p, size_t n);
int pdb_reader_end(struct pdb_reader *r);

/* Parses one JSON document from memory (a reader fed once). The type of a page comes from its
 * objects' keys, else from the file name ("net_page-1.json", "poc.json").
 * Returns the file index; a document that is not PeeringDB JSON still gets
 * one, with pdb_file.error set. -1 only past PDB_MAX_FILES. Pure. */
int pdb_parse(struct peeringdb *db, const char *name, const char *text, size_t len, pdb_bad_cb cb, void *ctx);

/* Whether the first bytes of a file look like PeeringDB JSON: a JSON
 * object with a "data" key in the head. Test other JSON kinds first (it is
 * the weakest rule). Pure. */
bool pdb_sniff(const char *head, size_t len);

/* Sorts contacts by network and memberships by ASN; lookups call it. */
void pdb_finish(struct peeringdb *db);

/* Everything known about one ASN; pointers valid until the next parse. */
struct pdb_asn {
	const struct pdb_net *net;        /* NULL if no net object has this ASN */
	const struct pdb_org *org;
	const struct pdb_poc *poc;        /* the net's contacts, consecutive */
	size_t n_poc;
	const struct pdb_netixlan *nix;   /* memberships with this ASN, consecutive */
	size_t n_nix;
};

void pdb_lookup_asn(struct peeringdb *db, uint32_t asn, struct pdb_asn *out);
const struct pdb_ix *pdb_ix_by_id(struct peeringdb *db, uint32_t id);
const struct pdb_ixlan *pdb_ixlan_by_id(struct peeringdb *db, uint32_t id);
static inline const char *pdb_str(const struct peeringdb *db, uint32_t off) { return text_str(&db->strings, off); }

const char *pdb_type_name(enum pdb_type t);
/* Type of an object from its keys (PDB_UNKNOWN if none fits). Takes a
 * jansson object as void * so this header needs no jansson.h. */
enum pdb_type pdb_type_of_object(const void *json_object);
/* Type from a file name's last component ("ixpfx_page-2.json.gz" -> PDB_IXPFX). */
enum pdb_type pdb_type_of_name(const char *name);

#endif
