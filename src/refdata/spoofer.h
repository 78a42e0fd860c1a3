/*
 * CAIDA Spoofer public results, from the Spoofer Data API (JSON-LD Session
 * objects: one per line, an array, or a hydra:Collection page) or from
 * Shadowserver's CAIDA IP Spoofer CSV report. Each session gives one test
 * per address family: AS, client prefix, time, and whether spoofed packets
 * from routed (and private) source addresses were received, blocked or
 * rewritten. "received" means source address validation is missing (MANRS
 * Action 2, metric M5).
 */
#ifndef MANRS_REFDATA_SPOOFER_H
#define MANRS_REFDATA_SPOOFER_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tests kept from all files together (the public archive holds about a
 * million sessions). */
#define SPOOFER_MAX_TESTS (8u * 1024 * 1024)
#define SPOOFER_MAX_LINE 16384
/* Longest Session object in a JSON array (real ones are under 1 KiB). */
#define SPOOFER_MAX_ELEMENT (64u * 1024)
#define SPOOFER_MAX_COLUMNS 64
#define SPOOFER_MAX_FILES 256

enum spoofer_outcome {
	SPOOF_NONE = 0,     /* not tested (null) */
	SPOOF_RECEIVED,     /* spoofed packets reached CAIDA: no SAV */
	SPOOF_BLOCKED,
	SPOOF_REWRITTEN,    /* a NAT rewrote the spoofed source */
	SPOOF_UNKNOWN,
};

enum spoofer_source { SPOOF_SRC_API = 1, SPOOF_SRC_SHADOWSERVER };

struct spoofer_test {
	uint32_t session;
	uint32_t asn;
	int64_t time;               /* Unix seconds, UTC */
	struct prefix client;       /* as published (/24, /64); afi 0 if none */
	uint8_t afi;
	uint8_t routed, privat;     /* enum spoofer_outcome */
	int8_t nat;                 /* 1, 0, or -1 unknown */
	char cc[4];                 /* as given: "usa" (API), "US" (Shadowserver) */
	uint8_t source;             /* enum spoofer_source */
	uint16_t file;
	uint32_t line;              /* line (CSV, JSON lines) or array index + 1 */
};

struct spoofer_file {
	char *name;
	const char *format;         /* "spoofer-api-jsonl", "spoofer-api-json", "shadowserver-csv" */
	uint64_t records, tests, skipped, duplicates;
	int64_t min_time, max_time; /* over kept tests; 0 if none */
	uint64_t first_bad_line;
	const char *first_bad_reason;
	const char *error;          /* the whole file was unusable, or NULL */
	char errbuf[160];
};

struct spoofer {
	struct spoofer_test *t;
	size_t n, cap;
	bool sorted;
	struct spoofer_file *files;
	size_t n_files;
};

struct spoofer *spoofer_new(void);
void spoofer_free(struct spoofer *sp);

/* Reports one skipped record; lineno is the CSV/JSONL line or the array
 * index + 1; reason is a static string. */
typedef void (*spoofer_bad_cb)(const char *file, uint64_t lineno, const char *reason, void *ctx);

/* Reads one file in pieces: new, feeds of any size, end (the file index,
 * spoofer_file.error set if it is unusable). The form is told from the
 * first line; memory stays bounded by SPOOFER_MAX_LINE and
 * SPOOFER_MAX_ELEMENT whatever the file size. new returns NULL past
 * SPOOFER_MAX_FILES; no other file may be added while a reader is open. */
struct spoofer_reader;
struct spoofer_reader *spoofer_reader_new(struct spoofer *sp, const char *name, spoofer_bad_cb cb, void *ctx);
void spoofer_reader_feed(struct spoofer_reader *r, const char *p, size_t n);
int spoofer_reader_end(struct spoofer_reader *r);

/* Parses one file from memory (a reader fed once), told apart by content: JSON (API) or CSV
 * with a routedspoof column (Shadowserver). Returns the file index (with
 * spoofer_file.error set if nothing in it was usable), -1 past
 * SPOOFER_MAX_FILES. Pure. */
int spoofer_parse(struct spoofer *sp, const char *name, const char *text, size_t len, spoofer_bad_cb cb,
		  void *ctx);

/* Whether the first bytes of a file look like Spoofer results: JSON
 * naming "routedspoof" or "hydra:member", or a CSV whose first line names a
 * routedspoof column. Pure. */
bool spoofer_sniff(const char *head, size_t len);

/* Sorts by AS then time and drops a test already read from another file
 * (same session and family: the first file read wins). Lookups call it. */
void spoofer_finish(struct spoofer *sp);

/* The tests of one AS in time order, valid until the next parse. */
const struct spoofer_test *spoofer_by_asn(struct spoofer *sp, uint32_t asn, size_t *n);

struct spoofer_summary {
	uint64_t tests;
	uint64_t routed[5];            /* by enum spoofer_outcome of routed-source tests */
	uint64_t received_prefixes;    /* distinct client prefixes with a "received" routed test */
	int64_t first, last;           /* times of the first and last test, 0 if none */
};

/* Summarises asn's tests with from <= time < to (to = 0: no upper bound). */
void spoofer_summarise(struct spoofer *sp, uint32_t asn, int64_t from, int64_t to, struct spoofer_summary *s);

/* Calls cb for each test whose client prefix covers or is covered by p, in
 * AS and time order; stops when cb returns non-zero. */
void spoofer_by_prefix(struct spoofer *sp, const struct prefix *p,
		       int (*cb)(const struct spoofer_test *t, void *ctx), void *ctx);

const char *spoofer_outcome_name(uint8_t o);

#endif
