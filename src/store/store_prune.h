/*
 * History pruning (`manrs prune`): the observations and scores of months
 * before a cut-off month go; files, collectors, peers, prefixes and
 * reference-data snapshots stay (a pruned file stays known by checksum, so
 * ingesting it again does not bring its months back).
 */
#ifndef MANRS_STORE_STORE_PRUNE_H
#define MANRS_STORE_STORE_PRUNE_H

#include "store/store.h"

struct store_prune_counts {
	int64_t day_rows;     /* obs_day rows of days before the cut-off month */
	int64_t month_rows;   /* obs_month rows of months before it */
	int64_t scores;       /* scores rows of months before it */
};

/* The months keep newest-N+1 .. newest: the first month kept, YYYYMM, for
 * newest (YYYYMM) and n >= 1 months of history. */
uint32_t store_prune_first_kept(uint32_t newest, uint32_t n);

/* Counts what store_prune would delete for months before `before`
 * (YYYYMM). 0 or -1. */
int store_prune_count(struct store *s, uint32_t before, struct store_prune_counts *c);
/* Deletes it, in one transaction; *c gets what was deleted. 0 or -1. */
int store_prune(struct store *s, uint32_t before, struct store_prune_counts *c);

#endif
