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
 * (cfg's look-back), and the alert monitor configuration at monitor (NULL:
 * no alerts; docs/alerts.md); NULL with "FILE: reason" in err on a store
 * or monitor error. */
struct ingest_detect *ingest_detect_open(struct store *db, const char *db_path, uint32_t first_ts, const struct detect_config *cfg,
					 const char *monitor, char *err, size_t errlen);
void ingest_detect_elem(struct ingest_detect *x, const struct mrt_elem *e, uint32_t collector, const char *name);
/* A file was read (rib: it was a RIB dump). */
void ingest_detect_file_end(struct ingest_detect *x, bool rib, uint32_t collector, uint32_t last);
/* A live feed (the BMP collector): time moves to now without a file
 * ending, and incident changes reach the alerts at once (detect_notify). */
void ingest_detect_advance(struct ingest_detect *x, uint32_t now);
void ingest_detect_notify(struct ingest_detect *x);
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
