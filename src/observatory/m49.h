/*
 * UN M49 regions and sub-regions per country (ISO 3166 alpha-2), from
 * data/refdata/m49/m49.tsv (see data/README.md for its provenance),
 * embedded in the binary at build time.
 */
#ifndef MANRS_OBSERVATORY_M49_H
#define MANRS_OBSERVATORY_M49_H

#include <stdbool.h>

struct obs_m49 {
	char alpha2[3];
	char name[64];
	char region[32];
	char subregion[48];
	char intermediate[48];
};

/* The entry of a country (alpha-2, any case), or NULL. */
const struct obs_m49 *obs_m49_country(const char *alpha2);
/* True if the country is in the region, sub-region or intermediate
 * region called name (any case). */
bool obs_m49_in(const char *alpha2, const char *name);
/* True if name is a region, sub-region or intermediate region. */
bool obs_m49_known_region(const char *name);

#endif
