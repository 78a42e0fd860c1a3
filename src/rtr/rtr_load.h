/*
 * Loading what the RTR server serves: VRPs and ASPAs through the rpki
 * loaders (any relying-party format, SLURM applied as RFC 8416 section 4
 * orders), and BGPsec Router Keys from the "bgpsec_keys" (rpki-client) or
 * "routerKeys" member of a JSON file, with SLURM's BGPsec filters and
 * assertions (RFC 8416 sections 3.3.2 and 3.4.2).
 */
#ifndef MANRS_RTR_LOAD_H
#define MANRS_RTR_LOAD_H

#include "rpki/slurm.h"
#include "rpki/vrp.h"
#include "rtr/rtr_cache.h"

/* Cap on a JSON file read whole for its Router Keys (only files that
 * have any are read a second time). */
#define RTR_MAX_KEYS_FILE (1024u * 1024 * 1024)

struct rtr_load_report {
	struct vrp_load_report vrp;   /* of the VRP loader */
	size_t vrps, aspas, keys;     /* in the set after SLURM */
	size_t keys_skipped;          /* malformed Router Keys */
	size_t aspas_skipped;         /* ASPAs RTR cannot carry */
	struct slurm_stats slurm;
	size_t keys_filtered, keys_asserted;
	char error[320];              /* why the load failed; names no file */
};

/* Loads `path` into `out` (initialised by the caller; finished here),
 * applying `slurm` (NULL or empty for none). Malformed entries are skipped
 * (bad() is called for VRP entries, as vrp_load_file does). Returns 0, or
 * -1 if the file cannot be read or is not VRP data (rep->error; out is
 * left empty). */
int rtr_load(struct rtr_set *out, const char *path, const struct slurm_set *slurm, vrp_bad_cb bad, void *ctx,
	     struct rtr_load_report *rep);

/* Decodes base64 or base64url text (padding optional) into out (cap
 * bytes). Returns the length, or -1 if it is not base64 or too long. */
long rtr_base64_decode(const char *s, size_t len, uint8_t *out, size_t cap);

#endif
