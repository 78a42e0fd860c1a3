/*
 * RIR delegation statistics (the NRO "RIR Statistics Exchange Format"):
 * `registry|cc|type|start|value|date|status[|opaque-id[|extensions]]` after a
 * version line and per-type summary lines. Several RIRs' files merge into one
 * table answering: which RIR, country, status and date for an ASN or prefix.
 */
#ifndef MANRS_REFDATA_RIRSTATS_H
#define MANRS_REFDATA_RIRSTATS_H

#include "net/net.h"
#include "net/trie.h"
#include "net/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line accepted (real lines are under 120 bytes). */
#define RIRSTATS_MAX_LINE 1024
/* Records kept from all files together (the five RIRs' extended files
 * hold about 400,000; IPv4 counts split into several CIDR blocks). */
#define RIRSTATS_MAX_RECORDS (8u * 1024 * 1024)
/* Files merged into one table. */
#define RIRSTATS_MAX_FILES 64
/* Fields per line: 7, 8 with the opaque id, more with extensions. */
#define RIRSTATS_MAX_FIELDS 16

enum rir {
	RIR_NONE = 0, RIR_AFRINIC, RIR_APNIC, RIR_ARIN, RIR_LACNIC, RIR_RIPENCC, RIR_IANA,
};

enum rir_status {
	RIR_ST_NONE = 0, RIR_ST_ALLOCATED, RIR_ST_ASSIGNED, RIR_ST_AVAILABLE, RIR_ST_RESERVED,
};

enum rir_type { RIR_T_ASN = 0, RIR_T_IPV4, RIR_T_IPV6, RIR_T_COUNT };

/* One delegation (an IPv4 record split into CIDR blocks gives several). */
struct rir_record {
	uint8_t rir, status, type;
	char cc[3];           /* "" when the file leaves it empty, "ZZ" as written */
	uint32_t date;        /* YYYYMMDD, 0 = none */
	uint32_t file;        /* index into rirstats.files */
	uint32_t opaque;      /* string pool offset, 0 = none */
	uint32_t lo, hi;      /* ASN range (type ASN) */
	struct prefix pfx;    /* CIDR block (IPv4/IPv6) */
	uint32_t line;        /* line number in its file */
	uint64_t value;       /* the record's value field as written */
};

/* What one file held, and what was wrong with it. */
struct rirstats_file {
	char *name;
	uint8_t rir;                 /* from the version line, else the first record */
	char registry[16];           /* the version line's registry as written ("" if none) */
	char version[8];             /* "2", "2.3" */
	uint64_t serial;             /* as written (a date, Unix seconds or milliseconds) */
	uint32_t start_date, end_date;
	bool have_header;
	uint64_t declared_records;   /* version line's count */
	uint64_t declared[RIR_T_COUNT];  /* summary lines' counts */
	bool have_summary[RIR_T_COUNT];
	uint64_t records[RIR_T_COUNT];   /* record lines read per type (good ones) */
	uint64_t by_status[5];
	uint64_t blocks;             /* CIDR blocks (IPv4/IPv6) inserted */
	uint64_t lines, comments, skipped;
	uint64_t dup_blocks;         /* blocks an earlier record or file holds already */
	uint64_t dup_asns;           /* ASN ranges overlapping earlier ones (set by rirstats_finish) */
	uint32_t min_date, max_date; /* over records with a date */
	uint64_t first_bad_line;
	const char *first_bad_reason;
};

struct rirstats {
	struct rir_record *rec;
	size_t n, cap;
	struct trie pfx;             /* block -> record index */
	uint32_t *asn_order;         /* record indices of ASN ranges sorted by lo */
	size_t n_asn;
	bool sorted;
	struct rirstats_file *files;
	size_t n_files;
	struct text_strpool strings;
};

struct rirstats *rirstats_new(void);
void rirstats_free(struct rirstats *rs);

/* Reports one malformed or inconsistent line; reason is a static string. */
typedef void (*rirstats_bad_cb)(const char *file, uint64_t lineno, const char *reason, void *ctx);

/*
 * Parses one file's text (from memory) into the table under `name`. Lines
 * that break the format are skipped, counted and passed to cb (may be
 * NULL); parsing never stops early. Returns the file's index, or -1 if
 * RIRSTATS_MAX_FILES files are loaded already. Pure: no I/O, no logging.
 */
int rirstats_parse(struct rirstats *rs, const char *name, const char *text, size_t len, rirstats_bad_cb cb,
		   void *ctx);

/* Declared-versus-read differences of a file: the version line's record
 * count and each summary line against the records read. Writes up to max
 * messages into msgs (static format filled into caller buffers of 160
 * bytes each); returns how many. */
int rirstats_inconsistencies(const struct rirstats_file *f, char (*msgs)[160], int max);

/* Sorts the ASN index; lookups call it when needed. */
void rirstats_finish(struct rirstats *rs);

/* The record whose ASN range holds asn, or NULL. */
const struct rir_record *rirstats_asn(struct rirstats *rs, uint32_t asn);
/* The most specific block covering p, or NULL. */
const struct rir_record *rirstats_prefix(const struct rirstats *rs, const struct prefix *p);

struct bogons;
/* Adds every available and reserved record (space and ASNs no RIR has
 * delegated) to b as an administrative bogon named after its file.
 * Returns the number of blocks and ranges added. */
size_t rirstats_add_bogons(const struct rirstats *rs, struct bogons *b);

/* Whether the first bytes of a file (head, len) look like RIR stats: the
 * first line that is not a comment is a version line (7 fields, a version
 * number, then two numbers) or a record or summary line naming a registry.
 * Pure; decides `refdata check` and the --stats gate. */
bool rirstats_sniff(const char *head, size_t len);

const char *rir_name(uint8_t rir);
const char *rir_status_name(uint8_t st);

/* Splits the IPv4 range [start, start + count) into CIDR blocks: calls cb
 * for each, in address order; returns the number of blocks, or -1 if the
 * range is empty or runs past 255.255.255.255. */
int rirstats_ipv4_blocks(uint32_t start, uint64_t count, void (*cb)(uint32_t addr, uint8_t len, void *ctx),
			 void *ctx);

#endif
