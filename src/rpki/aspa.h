/*
 * ASPA (Autonomous System Provider Authorization) table: for each customer
 * AS, the set of its provider ASes, as validated ASPA objects (or SLURM
 * assertions) state them; and AS path verification against it
 * (draft-ietf-sidrops-aspa-verification; the revision implemented is named
 * in aspa.c).
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

struct aspa_table {
	struct aspa_entry *entries;   /* sorted by customer after aspa_table_finish */
	size_t n_entries, cap_entries;
	uint32_t *providers;
	size_t n_providers, cap_providers;
	bool finished;
};

void aspa_table_init(struct aspa_table *t);
void aspa_table_free(struct aspa_table *t);

/* Adds (or merges into) the provider set of `customer`. Call before
 * aspa_table_finish. */
void aspa_table_add(struct aspa_table *t, uint32_t customer, const uint32_t *providers, size_t n);

/* Removes the provider set of `customer` (SLURM aspaFilters). */
void aspa_table_remove(struct aspa_table *t, uint32_t customer);

/* Sorts and merges; after this, lookups work and adds are not allowed. */
void aspa_table_finish(struct aspa_table *t);

/* The entry of `customer`, or NULL if it has no ASPA. */
const struct aspa_entry *aspa_lookup(const struct aspa_table *t, uint32_t customer);

#endif
