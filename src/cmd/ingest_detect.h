/*
 * Wiring of the incident detector into `manrs ingest`: reference data from
 * the store's newest snapshots, prefix-origin history from its
 * observations, one call per route element, incidents saved with each
 * file. Kept apart so cmd_ingest.c only calls in.
 */
#ifndef MANRS_CMD_INGEST_DETECT_H
#define MANRS_CMD_INGEST_DETECT_H

#include "detect/detect.h"
#include "mrt/mrt.h"
#include "store/store.h"

struct ingest_detect;

/* Loads the snapshots for the month of first_ts and the history before it
 * (cfg's look-back); NULL with err on a store error. */
struct ingest_detect *ingest_detect_open(struct store *db, uint32_t first_ts, const struct detect_config *cfg,
					 char *err, size_t errlen);
void ingest_detect_elem(struct ingest_detect *x, const struct mrt_elem *e, uint32_t collector, const char *name);
/* A file was read (rib: it was a RIB dump). */
void ingest_detect_file_end(struct ingest_detect *x, bool rib, uint32_t collector, uint32_t last);
/* Writes the incidents changed since the last call (inside the caller's
 * transaction). 0 or -1. */
int ingest_detect_save(struct ingest_detect *x);
/* The end of the run: resolves what has ended and saves, in its own
 * transaction. 0 or -1. */
int ingest_detect_close(struct ingest_detect *x, uint32_t last);
/* Counts for the summary. */
void ingest_detect_stats(const struct ingest_detect *x, struct detect_stats *st, uint64_t *history);
void ingest_detect_free(struct ingest_detect *x);

#endif
