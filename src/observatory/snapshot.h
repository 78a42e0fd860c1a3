/*
 * Reference-data snapshots kept in the store: the kinds `manrs refdata
 * load` accepts, checking a file with its module's loader before it is
 * stored, the snapshot time a file carries in its own metadata, and
 * getting a stored snapshot's text back (decompressed through lib/input,
 * from memory: no temporary file).
 */
#ifndef MANRS_OBSERVATORY_SNAPSHOT_H
#define MANRS_OBSERVATORY_SNAPSHOT_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum obs_kind {
	OBS_KIND_VRP = 0,
	OBS_KIND_ASPA,
	OBS_KIND_IRR,
	OBS_KIND_ASREL,
	OBS_KIND_PEERINGDB,
	OBS_KIND_DELEGATED,
	OBS_KIND_BOGONS,
	OBS_KIND_SPOOFER,
	OBS_KIND_ASNAMES,
	OBS_KIND_PARTICIPANTS,
	OBS_KIND_COUNT
};

/* "vrp", "aspa", "irr", "asrel", "peeringdb", "delegated", "bogons", "spoofer", "asnames",
 * "participants". */
const char *obs_kind_name(enum obs_kind k);
/* The kind named s, or -1. */
int obs_kind_parse(const char *s);

/*
 * Loads text (decompressed) with the kind's own loader. Returns 0 when it
 * loads and holds at least one record of the kind, else -1 with the reason
 * in err (not naming the file). *records gets what was loaded (VRPs, route
 * objects, ...); *meta_time the snapshot time from the file's own metadata
 * (rpki-client/StayRTR "buildtime", Routinator "generatedTime", a delegated
 * file's version-line serial date, a fullbogons "last updated" line,
 * PeeringDB's newest "updated", Spoofer's newest test), or -1 if it has
 * none. Pure apart from memory.
 */
int obs_snapshot_check(enum obs_kind k, const char *name, const char *text, size_t len, uint64_t *records,
		       int64_t *meta_time, char *err, size_t errlen);

/*
 * The decompressed text of stored snapshot m (NUL-terminated, owned by the
 * caller). The stored bytes go through lib/input from an in-memory file
 * (memfd_create), so compressed snapshots need no temporary file. 0, or -1
 * with a reason in err.
 */
int obs_snapshot_text(struct store *s, const struct store_snapshot *m, char **text, size_t *len, char *err,
		      size_t errlen);

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" (or with a space) or Unix
 * seconds into Unix seconds (UTC). -1 if malformed. */
int64_t obs_parse_time(const char *s, size_t n);
/* Formats Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). */
void obs_format_time(int64_t t, char out[32]);

#endif
