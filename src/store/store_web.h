/*
 * The store's queries for the web server (src/web/) and `manrs keys`: API
 * keys (kept as a salted SHA-256, never the secret), one network's stored
 * scores over every month, and the origins seen for one prefix in a
 * month. Every statement is constant text run through store_prep().
 */
#ifndef MANRS_STORE_STORE_WEB_H
#define MANRS_STORE_STORE_WEB_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Longest key id, salt and name kept (with the NUL). */
#define STORE_KEY_ID_MAX 32
#define STORE_KEY_SALT_MAX 65
#define STORE_KEY_NAME_MAX 128

struct store_key {
	int64_t id;
	char key_id[STORE_KEY_ID_MAX];      /* the public part of the key */
	char name[STORE_KEY_NAME_MAX];
	char salt[STORE_KEY_SALT_MAX];      /* hex */
	char hash[STORE_SHA256_HEX];        /* SHA-256(salt ":" secret), hex */
	int64_t created_at;
	int64_t revoked_at;                 /* 0: valid */
};

/* Adds a key (every field of k but id and revoked_at). Returns the row
 * id, or -1 (a duplicate key_id included). */
int64_t store_key_add(struct store *s, const struct store_key *k);
/* The key whose public id is key_id. 1 found, 0 not, -1 error. */
int store_key_find(struct store *s, const char *key_id, struct store_key *out);
/* Every key by id; cb returns nonzero to stop. 0 or -1. */
int store_keys(struct store *s, int (*cb)(const struct store_key *k, void *ctx), void *ctx);
/* Marks key id revoked at `when`. 1 revoked, 0 no such key or already
 * revoked, -1 error. */
int store_key_revoke(struct store *s, int64_t id, int64_t when);

/* One AS's stored scores, oldest month first. 0 or -1. */
int store_score_history(struct store *s, uint32_t asn, int (*cb)(const struct store_score *sc, void *ctx),
			void *ctx);

/* One origin of a prefix in a month (obs_month). */
struct store_prefix_origin {
	uint32_t origin;
	uint32_t n_peers, n_collectors;
	uint32_t first_seen, last_seen;
	uint64_t seconds;
};

/* The origins seen announcing exactly `prefix` (masked text as in the
 * prefixes table) in month, by origin. Returns the number, or -1. */
int64_t store_prefix_origins(struct store *s, uint32_t month, const char *prefix,
			     int (*cb)(const struct store_prefix_origin *o, void *ctx), void *ctx);

/* 1 if month (YYYYMM) has any monthly observation, 0 if not, -1 error. */
int store_month_seen(struct store *s, uint32_t month);

/* The months (YYYYMM) with stored scores, newest first. 0 or -1. */
int store_score_months(struct store *s, int (*cb)(uint32_t month, void *ctx), void *ctx);

#endif
