/*
 * Validated ROA Payloads (RFC 6811 section 2: prefix, maximum length, origin
 * AS) in a prefix trie: each prefix maps to a run of (max length, ASN)
 * entries. Loaders for the output formats of relying-party software, which
 * also feed ASPAs into an aspa_table, are declared here and live in vrp_load.c.
 */
#ifndef MANRS_RPKI_VRP_H
#define MANRS_RPKI_VRP_H

#include "net/net.h"
#include "net/trie.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct aspa_table;

/* Caps on VRP input (kept beside the loaders that enforce them; see
 * lib/limits.h for the others): one JSON array element (a ROA or an ASPA
 * with its providers) in bytes and in values, one text line, and the number of VRPs one table
 * holds (an RPKI of today has about 800,000). */
#define VRP_MAX_JSON_ELEMENT (4u * 1024 * 1024)
/* Values (counted as ',', '[' and '{') in one JSON element: jansson spends
 * about 40 bytes on each, so this bounds its memory to some 10 MiB; an
 * ASPA of VRP_MAX_PROVIDERS providers written as objects fits. */
#define VRP_MAX_JSON_VALUES (256u * 1024)
#define VRP_MAX_LINE 4096u
#define VRP_MAX_VRPS (64u * 1024 * 1024)
#define VRP_MAX_PROVIDERS 65536u

/* One VRP. The prefix has no bits set past its length. */
struct vrp {
	struct prefix prefix;
	uint8_t maxlen;
	uint32_t asn;
};

/* The entries of one prefix: consecutive in vrp_table.ents, sorted by ASN
 * then max length, the last one flagged. */
struct vrp_entry {
	uint32_t asn;
	uint8_t maxlen;
	uint8_t last;
};

struct vrp_table {
	struct trie trie;          /* prefix -> index of its first entry */
	struct vrp_entry *ents;
	size_t n_ents;
	struct vrp *pending;       /* added since the last vrp_table_finish */
	size_t n_pending, cap_pending;
	bool finished;
	size_t duplicates;         /* dropped by vrp_table_finish so far */
};

void vrp_table_init(struct vrp_table *t);
void vrp_table_free(struct vrp_table *t);

/* Checks one VRP against RFC 6482 section 3.3 (max length not below the
 * prefix length, not above the family's bits) and for host bits past the
 * prefix length. Returns NULL if it is good, else a static reason. */
const char *vrp_check(const struct vrp *v);

/* Adds a VRP (checked by the caller with vrp_check). Adding to a finished
 * table reopens it; call vrp_table_finish before the next lookup. Returns 0,
 * or -1 if the table holds VRP_MAX_VRPS already. */
int vrp_table_add(struct vrp_table *t, const struct vrp *v);

/* Removes every VRP (added so far) for which pred returns true; returns how
 * many. Reopens a finished table. */
size_t vrp_table_remove_if(struct vrp_table *t, bool (*pred)(const struct vrp *v, void *ctx), void *ctx);

/* Sorts, merges duplicates (same prefix, max length and ASN) and builds the
 * trie. Lookups need a finished table. */
void vrp_table_finish(struct vrp_table *t);

/* Distinct VRPs in a finished table. */
static inline size_t vrp_table_count(const struct vrp_table *t) { return t->n_ents; }

/* Calls cb for every VRP of a finished table: IPv4 then IPv6, by prefix,
 * then ASN, then max length. A non-zero return stops the walk and is
 * returned. */
typedef int (*vrp_cb)(const struct vrp *v, void *ctx);
int vrp_table_walk(const struct vrp_table *t, vrp_cb cb, void *ctx);

/* Bytes held by a finished table (trie nodes and entries). */
size_t vrp_table_memory(const struct vrp_table *t);

/* ---- Loading ------------------------------------------------------- */

enum vrp_format {
	VRP_FMT_AUTO = 0,
	VRP_FMT_JSON,       /* rpki-client (2021 .. today), Routinator json/jsonext, StayRTR */
	VRP_FMT_CSV,        /* rpki-client, Routinator csv/csvcompat/csvext, RIPE NCC validator */
	VRP_FMT_OPENBGPD,   /* roa-set { } and aspa-set { } */
	VRP_FMT_BIRD,       /* BIRD 1 "roa P max N as A;", BIRD 2 "route P max N as A;" */
};

/* Bytes of the head of an input that vrp_format_sniff looks at. */
#define VRP_SNIFF_HEAD 65536u

/* Which VRP format the first bytes of an input (decompressed) hold, from
 * their content alone; at most VRP_SNIFF_HEAD bytes of head are looked at,
 * and no I/O is done, so a caller reading a pipe sniffs its own buffer.
 * Blank lines, '#' comment lines and a UTF-8 byte order mark are passed
 * over. JSON: an object with a member "roas" or "aspas" (an array) or
 * "provider_authorizations" (an object) before any "slurmVersion" (RFC
 * 8416: SLURM, not VRPs), within the head. CSV: a header line naming ASN
 * and IP Prefix (or Prefix; Max Length is optional). OpenBGPD: a first statement naming roa-set or
 * aspa-set. BIRD: a first statement starting roa, route, roa4, roa6,
 * define, protocol or table, and a "roa|route P max N as A;" statement in
 * the head. Returns VRP_FMT_AUTO when the head is not VRP data (or does
 * not show it). */
enum vrp_format vrp_format_sniff(const char *head, size_t len);

/* "json", "csv", "openbgpd", "bird"; NULL for an unknown value. */
const char *vrp_format_name(enum vrp_format f);
/* The format named s (the names above, "auto"), or -1. */
int vrp_format_parse(const char *s);

/* Called for each entry that is skipped: `where` is e.g. "line 12" or
 * "roas[3] (line 40)", `reason` a static string. */
typedef void (*vrp_bad_cb)(const char *where, const char *reason, void *ctx);

struct vrp_load_report {
	enum vrp_format format;      /* the one detected (or given) */
	const char *flavour;         /* e.g. "rpki-client JSON", "Routinator csvext" */
	size_t vrps;                 /* VRP entries read and added */
	size_t aspas;                /* ASPA records read and added */
	size_t other;                /* router keys and other records seen and ignored */
	size_t skipped;              /* malformed entries skipped */
	size_t first_bad_line;       /* of the first skipped entry, 0 if none */
	const char *first_reason;    /* static; NULL if nothing was skipped */
	char error[256];             /* why the load failed, when it returns -1 */
};

struct vrp_load_opts {
	enum vrp_format format;      /* VRP_FMT_AUTO: detect from the content */
	struct aspa_table *aspa;     /* ASPAs go here; NULL: counted, not kept */
	vrp_bad_cb bad;              /* optional */
	void *ctx;
	size_t chunk;                /* bytes read at a time; 0 for the default */
};

/* Reads VRPs (and ASPAs) from a file ("-" for stdin; plain, gzip, bzip2, xz
 * or zstd), opened once and sniffed from its own buffer, so a pipe works.
 * Returns 0 when the file was read (entries may have been skipped:
 * rep->skipped), -1 if it could not be read or is not VRP data at all
 * (rep->error, which does not name the file: the caller does). Entries
 * added before a failure stay in the tables. */
int vrp_load_file(struct vrp_table *t, const char *path, const struct vrp_load_opts *o, struct vrp_load_report *rep);

/* The same from memory. */
int vrp_load_mem(struct vrp_table *t, const void *p, size_t len, const struct vrp_load_opts *o,
		 struct vrp_load_report *rep);

#endif
