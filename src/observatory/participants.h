/*
 * MANRS participants files (organisation, program, ASNs, date joined), as
 * CSV or JSON: the parser `manrs participants load` and `manrs refdata load
 * --kind participants` share. Pure: parsing from memory, no I/O.
 */
#ifndef MANRS_OBSERVATORY_PARTICIPANTS_H
#define MANRS_OBSERVATORY_PARTICIPANTS_H

#include <stddef.h>
#include <stdint.h>

/* Cap on participants per file and ASNs per participant. */
#define OBS_PART_MAX 100000
#define OBS_PART_ASNS_MAX 4096

struct obs_part {
	char org[256];
	char program[256];
	char joined[256];
	uint32_t *asns;
	size_t nasns, cap;
};

/*
 * Parses a participants file: a JSON array of {"organisation", "program",
 * "asns": [...], "joined": "YYYY-MM-DD"} when the text starts with '[',
 * else CSV with the header organisation,program,asns,joined (fields may be
 * double-quoted; ASNs separated by spaces or ';', "AS" optional). program:
 * netops, ixp, cdn or vendor. Any bad record fails the whole file: -1 with
 * the line (CSV) or index (JSON) in why. An empty file is an error too.
 * 0 on success; *out (n records) is the caller's (obs_participants_free).
 */
int obs_participants_parse(const char *text, size_t len, struct obs_part **out, size_t *n, char *why, size_t wn);
void obs_participants_free(struct obs_part *p, size_t n);

#endif
