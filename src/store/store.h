/*
 * The Observatory's database: one SQLite file in WAL mode, the only code in
 * manrs that includes sqlite3.h. It keeps which MRT files were ingested
 * (by checksum, so a file counts once), collectors, peers, interned
 * prefixes, per-day and per-month prefix-origin observations with their
 * exact peer and collector sets, and reference-data provenance. Every
 * statement is prepared from constant text; input only ever binds values.
 * The schema is in docs/store.md.
 */
#ifndef MANRS_STORE_STORE_H
#define MANRS_STORE_STORE_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PRAGMA application_id of a manrs database: "MNRS". */
#define STORE_APP_ID 0x4d4e5253
/* PRAGMA user_version this build writes; older files are migrated. */
#define STORE_SCHEMA_VERSION 6
/* Default file when neither --db nor $MANRS_DB says otherwise. */
#define STORE_DEFAULT_PATH "./manrs.db"
/* Peer and collector ids in one observation set (a sanity cap on what a
 * damaged row could make us decode). */
#define STORE_IDSET_MAX 1000000u
/* Longest hex SHA-256 plus NUL. */
#define STORE_SHA256_HEX 65

struct store;

enum store_mode {
	STORE_READ,    /* the file must exist and be a current manrs database */
	STORE_WRITE,   /* created if missing; older schemas are migrated */
};

enum store_period { STORE_DAY, STORE_MONTH };

/* The database path a command uses: `opt` (its --db) if given, else
 * $MANRS_DB if set and not empty, else STORE_DEFAULT_PATH. Every command
 * that touches the store resolves its path here. */
const char *store_path(const char *opt);

/* Opens the database at path. Refuses a file that is not SQLite, an SQLite
 * file of another application (PRAGMA application_id), and a schema newer
 * than STORE_SCHEMA_VERSION; err then holds "PATH: reason" and NULL is
 * returned. The caller owns the result (store_close). */
struct store *store_open(const char *path, enum store_mode mode, char *err, size_t errlen);
void store_close(struct store *s);
/* The schema version of the open file (PRAGMA user_version). */
int store_schema_version(struct store *s);
/* The last SQLite error, for messages. */
const char *store_errmsg(struct store *s);

/* One write transaction (BEGIN IMMEDIATE ... COMMIT). 0 or -1. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* ---- Ingested files ------------------------------------------------ */

enum store_file_status { STORE_FILE_OK = 0, STORE_FILE_SKIPPED, STORE_FILE_TRUNCATED };

struct store_file {
	int64_t id;
	char path[1024];
	char sha256[STORE_SHA256_HEX];
	uint64_t size;
	int64_t collector_id;
	bool rib;                 /* kind: a RIB dump, else updates */
	uint32_t first_ts, last_ts;
	uint64_t records, elements, skipped;
	enum store_file_status status;
	bool closed;              /* this file ended its run: open routes were */
	uint32_t closed_at;       /* counted up to closed_at */
	int64_t ingested_at;
};

/* Looks a file up by checksum. 1 found (*out filled), 0 not, -1 error. */
int store_file_find(struct store *s, const char *sha256, struct store_file *out);
/* Records an ingested file; returns its id, or -1. */
int64_t store_file_add(struct store *s, const struct store_file *f);
/* Files ingested so far. -1 on error. */
int64_t store_file_count(struct store *s);

/* ---- Collectors, peers, prefixes (get or create) ------------------- */

/* Each returns the row id (>= 1), creating the row if needed, or -1. */
int64_t store_collector_id(struct store *s, const char *name);
int64_t store_peer_id(struct store *s, int64_t collector_id, const struct ip_addr *ip, uint32_t asn);
/* The prefix is masked first (bits past its length are zero). */
int64_t store_prefix_id(struct store *s, const struct prefix *p);

/* ---- Observations --------------------------------------------------- */

/* What one batch saw of a (prefix, origin) pair in one period; merged into
 * the row: first_seen min, last_seen max, seconds added, id sets united. */
struct store_obs {
	uint32_t period;           /* YYYYMMDD (day) or YYYYMM (month), UTC */
	int64_t prefix_id;
	uint32_t origin;
	uint32_t first_seen, last_seen;
	uint64_t seconds;          /* summed over peers (route-seconds) */
	const uint32_t *peers;     /* store peer ids, sorted, distinct */
	size_t npeers;
	const uint32_t *collectors; /* store collector ids, sorted, distinct */
	size_t ncollectors;
};

/* Merges o into obs_day or obs_month. 0 or -1. */
int store_obs_merge(struct store *s, enum store_period kind, const struct store_obs *o);

/* One row of an announced-pairs query. Strings valid during the callback. */
struct store_pair {
	const char *prefix;
	uint32_t origin;
	uint32_t n_peers, n_collectors;
	uint32_t first_seen, last_seen;
	uint64_t seconds;
};

/* Return nonzero to stop the walk. */
typedef int (*store_pair_cb)(const struct store_pair *p, void *ctx);

/* The (prefix, origin) pairs announced in month (YYYYMM): seen by at least
 * min_peers distinct peers. origin 0 means every origin; else only that AS's
 * pairs. Ordered by prefix text, then origin. Returns the number of pairs
 * (all of them, even if cb stopped early; cb may be NULL), or -1. */
int64_t store_announced_pairs(struct store *s, uint32_t month, uint32_t origin, unsigned min_peers,
			      store_pair_cb cb, void *ctx);

/* ---- Reference data provenance -------------------------------------- */

/* Records a loaded reference-data snapshot (kind such as "vrp", "irr");
 * the same kind and checksum twice is one row. Returns its id or -1. */
int64_t store_refdata_add(struct store *s, const char *kind, const char *source, const char *sha256,
			  int64_t snapshot_time, int64_t loaded_at);

/* ---- Reference-data snapshots with their bytes (schema 2) ----------- */

/* Bytes per refdata_chunks row. */
#define STORE_CHUNK (8u * 1024 * 1024)

struct store_snapshot {
	int64_t id;
	char kind[16];            /* "vrp", "irr", "delegated", ... */
	char source[1024];        /* the file name it was loaded from */
	char sha256[STORE_SHA256_HEX];  /* of the bytes as stored */
	int64_t time;             /* snapshot time, Unix seconds */
	char time_from[16];       /* "metadata", "option" or "mtime" */
	int64_t loaded_at;
	uint64_t size;            /* bytes stored */
};

/* Stores a snapshot (m: kind, source, sha256, time, time_from, loaded_at)
 * and its bytes in STORE_CHUNK rows; the caller wraps it in a transaction.
 * The same kind and checksum twice is one snapshot: *added says whether
 * this call stored it. Files loaded together (one `refdata load`, e.g. the
 * five RIRs' delegated files) form a set: each call passes the set_id
 * store_snapshot_new_set gave. Returns the snapshot id, or -1. */
int64_t store_snapshot_put(struct store *s, const struct store_snapshot *m, int64_t set_id, const void *bytes,
			   size_t len, bool *added);

/* A new set id (one more than any so far), or -1. */
int64_t store_snapshot_new_set(struct store *s);

/* The snapshots of the newest set that holds snapshot id (the files that
 * were loaded with it), by id; cb returns nonzero to stop. 0 or -1. */
int store_snapshot_set(struct store *s, int64_t id, int (*cb)(const struct store_snapshot *m, void *ctx), void *ctx);

/* The snapshot of kind to use for a period ending at period_end
 * (exclusive, Unix seconds): the newest taken before period_end; if none
 * is that old, the oldest (*fallback true). 1 found, 0 none of that kind,
 * -1 error. */
int store_snapshot_select(struct store *s, const char *kind, int64_t period_end, struct store_snapshot *out,
			  bool *fallback);

/* Every snapshot, by kind then time; cb returns nonzero to stop. 0 or -1. */
int store_snapshot_list(struct store *s, int (*cb)(const struct store_snapshot *m, void *ctx), void *ctx);

/* The stored bytes of snapshot id, as loaded (maybe compressed), in a
 * newly allocated buffer (NUL after the end). 0 or -1. */
int store_snapshot_bytes(struct store *s, int64_t id, uint8_t **buf, size_t *len);

/* The day observations of (prefix, origin) in month (YYYYMM), by day:
 * first and last seen that day. cb returns nonzero to stop. 0 or -1. */
int store_day_spans(struct store *s, uint32_t month, const char *prefix, uint32_t origin,
		    int (*cb)(uint32_t day, uint32_t first_seen, uint32_t last_seen, void *ctx), void *ctx);

/* 1 if origin has any monthly observation, 0 if not, -1 on error. */
int store_origin_seen(struct store *s, uint32_t origin);

/* The newest month (YYYYMM) with observations, 0 if none. */
uint32_t store_newest_month(struct store *s);

/* ---- Scores and participants (schema 2) ----------------------------- */

/* The distinct origins announced in month (seen by >= min_peers peers),
 * ascending; cb returns nonzero to stop. 0 or -1. */
int store_month_origins(struct store *s, uint32_t month, unsigned min_peers, int (*cb)(uint32_t asn, void *ctx),
			void *ctx);

/* Actions in the order of enum obs_action (filtering, anti_spoofing,
 * coordination, irr, rpki). */
#define STORE_ACTIONS 5

/* One AS's stored month. score -1: no data (NULL). */
struct store_score {
	uint32_t month, asn;
	char country[3];
	double score[STORE_ACTIONS];
	char level[STORE_ACTIONS][12];
	char inputs[256];          /* "kind=snapshot id,...": the snapshots used */
	int64_t computed_at;
};

/* Stores (replaces) one AS's month. 0 or -1. */
int store_score_put(struct store *s, const struct store_score *sc);
/* The stored scores of month, by AS; cb returns nonzero to stop. 0 or -1. */
int store_scores(struct store *s, uint32_t month, int (*cb)(const struct store_score *sc, void *ctx), void *ctx);

/* A participant (organisation, program) is one row; loading it again
 * updates its join date. Returns its id, or -1. */
int64_t store_participant_add(struct store *s, const char *organisation, const char *program, const char *joined);
int store_participant_asn(struct store *s, int64_t participant, uint32_t asn);

/* One row per participant and ASN (asn 0: a participant without ASNs). */
struct store_participant {
	int64_t id;
	char organisation[256];
	char program[16];
	char joined[16];
	uint32_t asn;
};
/* Participants by organisation, program, ASN. 0 or -1. */
int store_participants(struct store *s, int (*cb)(const struct store_participant *p, void *ctx), void *ctx);

/* ---- Id sets (the peers and collectors BLOBs) ----------------------- */

/* A sorted set of distinct ids is stored in the shorter of two forms, both
 * starting with a LEB128 varint "head" = first id << 1 | form:
 *   form 0, gaps: then a varint for each gap to the next id (30 sparse
 *           ids in 30-60 bytes);
 *   form 1, bitmap: then bytes whose bit k (least significant first) says
 *           whether first id + k is in the set (600 of 1,500 peers in 190
 *           bytes).
 * The empty set is the empty BLOB. */

/* Bytes store_idset_encode writes at most for n ids. */
#define STORE_IDSET_BOUND(n) ((n) * 5 + 1)
/* Encodes ids (sorted ascending, distinct) into out; returns the length. */
size_t store_idset_encode(const uint32_t *ids, size_t n, uint8_t *out);
/* Decodes a set into a newly allocated array (*ids, owned by the caller,
 * NULL when empty) of *n ids. -1 if the bytes are not a well-formed set
 * (truncated varint, id overflow, gap of 0, a bitmap not starting with its
 * first id or ending in a zero byte, over STORE_IDSET_MAX ids). */
int store_idset_decode(const uint8_t *p, size_t len, uint32_t **ids, size_t *n);

/* ---- File checksums -------------------------------------------------- */

/* SHA-256 (FIPS 180-4) of a file's bytes as stored (compressed or not) and
 * its size. 0, or -1 with "PATH: reason" in err. */
int store_sha256_file(const char *path, char hex[STORE_SHA256_HEX], uint64_t *size, char *err, size_t errlen);
/* SHA-256 of a buffer, as hex. */
void store_sha256_hex(const void *p, size_t n, char hex[STORE_SHA256_HEX]);

#endif
