/*
 * ASPA (Autonomous System Provider Authorization) table: for each customer
 * AS, the set of its provider ASes, as validated ASPA objects (or SLURM
 * assertions) state them. AS_PATH verification against it
 * (draft-ietf-sidrops-aspa-verification-27) is in rpki/aspa_verify.h.
 */
#ifndef MANRS_RPKI_ASPA_H
#define MANRS_RPKI_ASPA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct aspa_entry {
	uint32_t customer;
	uint32_t first;     /* index of its first provider in aspa_table.providers */
	uint32_t n;         /* providers, sorted ascending, no duplicates */
};

/* A removal recorded before aspa_table_finish: it takes away the entries of
 * `customer` added before it (the first `before` of entries[]), not those
 * added after, so SLURM filters then assertions work in either file order. */
struct aspa_removal {
	uint32_t customer;
	size_t before;
};

struct aspa_table {
	struct aspa_entry *entries;   /* sorted by customer after aspa_table_finish */
	size_t n_entries, cap_entries;
	uint32_t *providers;
	size_t n_providers, cap_providers;
	bool finished;
	struct aspa_removal *removals;  /* pending until aspa_table_finish */
	size_t n_removals, cap_removals;
};

void aspa_table_init(struct aspa_table *t);
void aspa_table_free(struct aspa_table *t);

/* Adds (or merges into) the provider set of `customer`. Returns 0, or -1
 * (nothing added) if n == 0.
 *
 * Several ASPAs (or SLURM assertions) for one customer merge into the union
 * of their provider sets (the U-SPAS of draft-ietf-sidrops-aspa-verification
 * section 5.2). AS 0 as the only provider means "this AS has no providers"
 * (an AS0 ASPA, draft-ietf-sidrops-aspa-profile): it is not stored as a
 * provider, but the customer keeps an entry with n == 0, so verification
 * treats it as attested with an empty provider set ("Not Provider+" for
 * every AS). AS 0 next to other providers has no influence (the
 * verification draft, section 4): it is dropped, the others stay. An empty
 * list is no ASPA at all (the profile's ProviderASSet has SIZE(1..MAX)):
 * it attests nothing, and the caller should count it as a bad record.
 * Adding to a finished table reopens it: call aspa_table_finish again before
 * the next lookup. */
int aspa_table_add(struct aspa_table *t, uint32_t customer, const uint32_t *providers, size_t n);

/* Removes the provider set of `customer` (SLURM aspaFilters: RFC 8416 as
 * extended by draft-ietf-sidrops-aspa-slurm). Before aspa_table_finish it removes
 * what was added for `customer` so far, not what is added after; on a
 * finished table it removes the entry at once. */
void aspa_table_remove(struct aspa_table *t, uint32_t customer);

/* Sorts and merges; after this, lookups work and adds are not allowed. */
void aspa_table_finish(struct aspa_table *t);

/* The entry of `customer`, or NULL if it has no ASPA. The table must be
 * finished. The pointer is valid until the table is next changed. */
const struct aspa_entry *aspa_lookup(const struct aspa_table *t, uint32_t customer);

/* True if `provider` is in the provider set of entry `e` (binary search over
 * the entry's sorted providers). */
bool aspa_entry_has(const struct aspa_table *t, const struct aspa_entry *e, uint32_t provider);

/* Number of customers with an entry (after aspa_table_finish). */
static inline size_t aspa_table_count(const struct aspa_table *t) { return t->n_entries; }

/*
 * Loading ASPA data. The RPKI formats (rpki-client and Routinator JSON,
 * OpenBGPD aspa-set) are read by vrp_load_file() in rpki/vrp.h, which adds
 * the ASPAs it finds to the aspa_table given in its options. Here is only a
 * small text format for tests and hand-written data:
 *
 *   one customer per line, "CUSTOMER: PROVIDER PROVIDER ..." (ASNs as
 *   asn_parse() reads them: 65000, AS65000, asdot 1.10; providers separated
 *   by blanks or commas; at least one, "0" alone meaning none: a line with
 *   no provider is skipped, as the ASPA profile has no empty provider set);
 *   '#' starts a comment; blank lines are ignored.
 *
 * A line that cannot be read is skipped and counted; the rest load. The
 * loader does not call aspa_table_finish (several files and SLURM may
 * follow).
 */

/* Caps on text input: the size of one file, and the providers of one
 * customer on one line (real ASPAs list a handful; the cap only bounds the
 * work one hostile line can cause). */
#define ASPA_MAX_FILE_BYTES (1024u * 1024 * 1024)
#define ASPA_MAX_PROVIDERS 65536u

struct aspa_load_report {
	size_t records;              /* customer lines read */
	size_t skipped;              /* of those, not loaded */
	size_t first_bad;            /* line number of the first skipped one */
	const char *first_reason;    /* static; NULL when nothing was skipped */
	char error[200];             /* why the load failed, when it returns -1 */
};

/* True if the first line of `p` that is neither blank nor a comment starts
 * like a line of the text format ("CUSTOMER:"), so a caller can choose
 * between aspa_table_load_text and the RPKI loaders. */
bool aspa_text_sniff(const char *p, size_t len);

/* The text format from (text, len). Returns 0 (see rep->skipped). */
int aspa_table_load_text(struct aspa_table *t, const char *text, size_t len, struct aspa_load_report *rep);

/* The text format from a file. Returns 0, or -1 if the file cannot be read
 * (rep->error). */
int aspa_table_load_file(struct aspa_table *t, const char *path, struct aspa_load_report *rep);

#endif
