/*
 * The RTR cache's data: a set of VRPs, Router Keys and ASPAs (struct
 * rtr_set, sorted and deduplicated), the current serial with a history of
 * older serials (RFC 8210 section 5.1), and the PDU streams a server sends:
 * the full set for a Reset Query and the difference since a serial for a
 * Serial Query, encoded once per version and shared by every session that
 * asks (refcounted blobs). Pure: no I/O.
 */
#ifndef MANRS_RTR_CACHE_H
#define MANRS_RTR_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One VRP as RTR carries it (RFC 8210 sections 5.6, 5.7). */
struct rtr_vrp {
	uint8_t addr[16];        /* IPv4 in addr[0..3]; bits past plen zero */
	uint32_t asn;
	uint8_t v6, plen, maxlen, pad;
};

/* One Router Key (RFC 8210 section 5.10); its SPKI is spki_len bytes at
 * spki_off in the set's spki pool. */
struct rtr_rkey {
	uint8_t ski[20];
	uint32_t asn;
	uint32_t spki_off;
	uint32_t spki_len;
};

/* One ASPA: a customer and n providers (sorted, distinct) at first in
 * the set's provider pool. */
struct rtr_aspa {
	uint32_t customer;
	uint32_t first, n;
};

struct rtr_set {
	struct rtr_vrp *vrps;
	size_t n_vrps, cap_vrps;
	struct rtr_rkey *keys;
	size_t n_keys, cap_keys;
	uint8_t *spki;
	size_t spki_len, cap_spki;
	struct rtr_aspa *aspas;
	size_t n_aspas, cap_aspas;
	uint32_t *prov;
	size_t n_prov, cap_prov;
};

void rtr_set_init(struct rtr_set *s);
void rtr_set_free(struct rtr_set *s);
/* Adders; rtr_set_finish sorts and drops duplicates. The VRP's bits past
 * plen are cleared here. Returns 0, or -1 if the record is malformed
 * (prefix or max length out of range, SPKI above RTR_MAX_SPKI, no
 * providers or more than RTR_MAX_PROVIDERS). */
int rtr_set_add_vrp(struct rtr_set *s, int v6, const uint8_t *addr, uint8_t plen, uint8_t maxlen, uint32_t asn);
int rtr_set_add_key(struct rtr_set *s, const uint8_t ski[20], uint32_t asn, const uint8_t *spki, size_t len);
/* Providers of one customer; several adds for a customer merge (union). */
int rtr_set_add_aspa(struct rtr_set *s, uint32_t customer, const uint32_t *providers, size_t n);
/* Sorts VRPs (IPv4 first, by address, prefix length, max length, ASN),
 * keys (SKI, ASN, SPKI) and ASPAs (customer), merging duplicates. */
void rtr_set_finish(struct rtr_set *s);

/* An encoded PDU stream, shared: rtr_blob_ref / rtr_blob_unref. */
struct rtr_blob {
	unsigned refs;
	size_t len;
	uint8_t *p;
	size_t announced, withdrawn;   /* records in it */
};
void rtr_blob_ref(struct rtr_blob *b);
void rtr_blob_unref(struct rtr_blob *b);

/* Serials kept in the history (older ones get a Cache Reset). */
#define RTR_HISTORY_DEFAULT 16u

struct rtr_hist;

struct rtr_cache {
	uint16_t session;        /* session id of version 0; version v uses session + v */
	uint32_t serial;         /* of cur */
	bool have_data;
	struct rtr_set cur;
	struct rtr_hist *hist;   /* oldest first; each an older serial */
	size_t n_hist, max_hist;
	struct rtr_blob *full[3];   /* per version, encoded on first use */
	struct rtr_blob *empty[3];  /* the answer to a query for the current serial */
};

/* An empty cache (no data: queries get "No Data Available") with the given
 * session id and first serial; max_hist older serials are kept (0 for
 * the default). */
void rtr_cache_init(struct rtr_cache *c, uint16_t session, uint32_t serial, size_t max_hist);
void rtr_cache_free(struct rtr_cache *c);

struct rtr_update {
	bool changed;
	uint32_t serial;         /* the current serial after the update */
	size_t vrps_announced, vrps_withdrawn;
	size_t keys_announced, keys_withdrawn;
	size_t aspas_announced, aspas_withdrawn;   /* a changed ASPA counts as announced */
};

/* Makes `s` (finished; ownership passes to the cache, s is left empty) the
 * current data. The first set gives the current serial its data; after
 * that, a set that differs makes a new serial (serial + 1, wrapping as
 * RFC 1982 allows) and the previous one goes into the history; an equal
 * set changes nothing (u->changed false). */
void rtr_cache_update(struct rtr_cache *c, struct rtr_set *s, struct rtr_update *u);

/* The session id of a version. */
static inline uint16_t rtr_cache_session(const struct rtr_cache *c, uint8_t version)
{
	return (uint16_t)(c->session + version);
}

/* The PDUs of the whole current set in `version` (prefixes, and Router
 * Keys from version 1, ASPAs from version 2), all announcements, without
 * the Cache Response and End of Data around them. Borrowed: take a
 * reference to keep it past the next update. NULL without data. */
struct rtr_blob *rtr_cache_full(struct rtr_cache *c, uint8_t version);

/* The PDUs that bring a router from `serial` to the current serial, in
 * `version` (RFC 8210 section 6.2): VRP withdrawals, VRP announcements,
 * then Router Key and ASPA changes; an ASPA whose providers changed is announced again (8210bis: the new
 * announcement replaces the old). Empty when serial is the current one.
 * Borrowed as above. NULL if serial is not the current one or in the
 * history (too old, or never ours): the answer is a Cache Reset (RFC
 * 8210 section 6.3). */
struct rtr_blob *rtr_cache_diff(struct rtr_cache *c, uint32_t serial, uint8_t version);

#endif
