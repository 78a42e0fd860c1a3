/*
 * AS names: CAIDA/potaroo-style "ASN:NAME, CC" lines (one AS a line; the
 * name is the registry handle, often followed by the holder's name; CC the
 * ISO 3166 country, ZZ for none). `manrs refdata load --kind asnames`
 * keeps them as dated snapshots; reports show the name of the AS. Pure:
 * parsing from memory, no I/O.
 */
#ifndef MANRS_OBSERVATORY_ASNAMES_H
#define MANRS_OBSERVATORY_ASNAMES_H

#include <stddef.h>
#include <stdint.h>

/* Longest name kept (bytes; longer names are cut at a UTF-8 boundary). */
#define OBS_ASNAME_MAX 255
/* Lines kept per table: a sanity cap far above the ~110,000 ASes named. */
#define OBS_ASNAMES_MAX 8000000u

struct obs_asname {
	uint32_t asn;
	uint32_t name;      /* offset into pool */
	char cc[3];         /* "" when the line has none */
};

struct obs_asnames {
	struct obs_asname *v;
	size_t n, cap;
	char *pool;
	size_t pool_len, pool_cap;
	uint64_t bad;       /* lines that are not "ASN:NAME[, CC]" */
	int sorted;
};

void obs_asnames_init(struct obs_asnames *a);
void obs_asnames_free(struct obs_asnames *a);
/* Adds the lines of text (blank lines and '#' comments skipped). Returns
 * the names added; malformed lines are counted in a->bad. */
uint64_t obs_asnames_parse(struct obs_asnames *a, const char *text, size_t len);
/* Sorts for look-ups; of two lines for one AS, the later one wins. */
void obs_asnames_finish(struct obs_asnames *a);
/* The name of asn ("" if unknown); *cc (may be NULL) its country or "". */
const char *obs_asnames_get(const struct obs_asnames *a, uint32_t asn, const char **cc);

#endif
