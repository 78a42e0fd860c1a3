/*
 * Element filters for `manrs mrt dump`: peer, prefix (exact, more- and
 * less-specific), origin, AS in path, element type and time range. All
 * given filters must match.
 */
#ifndef MANRS_CMD_MRT_FILTER_H
#define MANRS_CMD_MRT_FILTER_H

#include "mrt/mrt.h"

#define MRT_FILTER_MAX 16

enum prefix_match { PFX_EXACT, PFX_MORE, PFX_LESS };

struct mrt_filter {
	uint32_t peer_as[MRT_FILTER_MAX];
	unsigned n_peer_as;
	struct ip_addr peer_ip[MRT_FILTER_MAX];
	unsigned n_peer_ip;
	struct prefix prefix[MRT_FILTER_MAX];
	enum prefix_match prefix_match[MRT_FILTER_MAX];
	unsigned n_prefix;
	uint32_t origin[MRT_FILTER_MAX];
	unsigned n_origin;
	uint32_t path_as[MRT_FILTER_MAX];
	unsigned n_path_as;
	unsigned types;          /* bit per enum mrt_elem_type; 0 = all */
	bool has_start, has_end;
	uint32_t start, end;     /* inclusive start, exclusive end */
	bool active;
};

/* Parses one filter option (name without dashes) and its value.
 * Returns 0, or -1 with a message in err. */
int mrt_filter_option(struct mrt_filter *f, const char *name, const char *value, char *err, size_t errlen);
bool mrt_filter_match(const struct mrt_filter *f, const struct mrt_elem *e);

#endif
