/*
 * SLURM, Simplified Local Internet Number Resource Management with the RPKI
 * (RFC 8416): local filters and assertions over a relying party's output,
 * with the ASPA members of draft-ietf-sidrops-aspa-slurm (slurmVersion 2) in
 * both spellings seen in the wild (customerAsn/providerAsns and
 * customer_asid/provider_set).
 */
#ifndef MANRS_RPKI_SLURM_H
#define MANRS_RPKI_SLURM_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vrp_table;
struct aspa_table;

/* Caps: the size of one SLURM file (a full VRP set written as assertions,
 * as Routinator's slurm output is, stays far below), and the providers of
 * one ASPA assertion. */
#define SLURM_MAX_FILE_BYTES (256u * 1024 * 1024)
#define SLURM_MAX_PROVIDERS 65536u

/* RFC 8416 section 3.3.1: a prefix, an ASN, or both. */
struct slurm_prefix_filter {
	struct prefix prefix;
	uint32_t asn;
	bool has_prefix, has_asn;
};

/* RFC 8416 section 3.3.2: an ASN, an SKI, or both (kept, unused by ROV). */
struct slurm_bgpsec_filter {
	uint32_t asn;
	bool has_asn;
	char *ski;             /* base64url as in the file, or NULL */
};

/* RFC 8416 section 3.4.1; maxlen is the prefix length when absent. */
struct slurm_prefix_assertion {
	struct prefix prefix;
	uint32_t asn;
	uint8_t maxlen;
};

/* RFC 8416 section 3.4.2 (kept, unused by ROV). */
struct slurm_bgpsec_assertion {
	uint32_t asn;
	char *ski, *pubkey;
};

struct slurm_aspa_assertion {
	uint32_t customer;
	size_t first, n;       /* in slurm.providers */
};

struct slurm {
	int version;           /* 1 (RFC 8416) or 2 (with ASPA) */
	struct slurm_prefix_filter *pf;
	size_t n_pf;
	struct slurm_bgpsec_filter *bf;
	size_t n_bf;
	uint32_t *aspa_filters; /* customer ASNs */
	size_t n_af;
	struct slurm_prefix_assertion *pa;
	size_t n_pa;
	struct slurm_bgpsec_assertion *ba;
	size_t n_ba;
	struct slurm_aspa_assertion *aa;
	size_t n_aa;
	uint32_t *providers;
	size_t n_providers;
};

void slurm_init(struct slurm *s);
void slurm_free(struct slurm *s);

/* Parses a SLURM file. RFC 8416 section 4.1 makes a SLURM file apply whole
 * or not at all, so any malformed member fails the whole parse: returns 0,
 * or -1 with err saying where (JSON path) and why. */
int slurm_parse(struct slurm *s, const char *text, size_t len, char *err, size_t errlen);

/* Reads and parses a file (plain or compressed; "-" is stdin). Returns 0,
 * or -1 with err "FILE: reason", naming the file once. */
int slurm_load_file(struct slurm *s, const char *path, char *err, size_t errlen);

/* RFC 8416 section 4.2: several SLURM files are used together only if no
 * two of them overlap (a prefix of a prefix filter or assertion covering or
 * equal to one in another file; the same ASN or SKI in BGPsec members; the
 * same customer in ASPA members). Returns 0, or -1 with err naming the
 * first overlap; then none of the files may be used. */
int slurm_check_overlap(const struct slurm *const *files, size_t n, char *err, size_t errlen);

/* The SLURM files a run uses together (RFC 8416 section 4). */
struct slurm_set {
	struct slurm *files;
	size_t n;
};

/* Loads the n files of paths as one set, under RFC 8416 section 4: a file
 * with any malformed member is not used at all (section 4.1), and files
 * that overlap are not used together (section 4.2); either way no file is
 * used: returns -1 with an empty set and err naming the file once ("FILE:
 * reason; no SLURM file is used ...", or "... A and B overlap (...); none
 * of them is used"). Returns 0 with every file in the set otherwise.
 * Free the set with slurm_set_free in both cases. */
int slurm_set_load(struct slurm_set *set, const char *const *paths, size_t n, char *err, size_t errlen);
void slurm_set_free(struct slurm_set *set);

/* True if a VRP (prefix, asn) matches a prefix filter (RFC 8416 section
 * 3.3.1: covered by its prefix and/or equal to its ASN). */
bool slurm_filter_matches(const struct slurm_prefix_filter *f, const struct prefix *p, uint32_t asn);

struct slurm_stats {
	size_t vrps_removed, vrps_added;
	size_t aspa_filters_applied, aspas_added;
};

/* Applies the files to the tables as RFC 8416 section 4 orders: first
 * every file's filters remove what the RPKI gave (VRPs and ASPAs), then
 * every file's assertions add to the result, so an assertion is never
 * filtered. aspa may be NULL (ASPA members are then ignored). The VRP table
 * is left unfinished (call vrp_table_finish). */
void slurm_apply(const struct slurm *const *files, size_t n, struct vrp_table *t, struct aspa_table *aspa,
		 struct slurm_stats *st);

/* slurm_apply with the files of a set. */
void slurm_set_apply(const struct slurm_set *set, struct vrp_table *t, struct aspa_table *aspa,
		     struct slurm_stats *st);

#endif
