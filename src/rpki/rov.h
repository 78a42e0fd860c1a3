/*
 * Route origin validation (RFC 6811 section 2) of a route (prefix, origin
 * AS) against a finished VRP table: valid, invalid (split into a wrong
 * origin and a too-long prefix), or not found; with the VRPs that decided.
 */
#ifndef MANRS_RPKI_ROV_H
#define MANRS_RPKI_ROV_H

#include "rpki/vrp.h"

#include <stddef.h>
#include <stdint.h>

/* The origin of a route whose AS_PATH ends in an AS_SET, or has none: it
 * matches no VRP (RFC 6811 section 2, "NONE"; RFC 6472). */
#define ROV_ORIGIN_NONE 0u

enum rov_state {
	ROV_NOT_FOUND = 0,      /* no VRP covers the prefix */
	ROV_VALID,              /* a covering VRP matches origin and length */
	ROV_INVALID_ORIGIN,     /* covered, but no covering VRP has the origin AS */
	ROV_INVALID_LENGTH,     /* a covering VRP has the origin AS, but the prefix
				 * is longer than its max length (and none matches) */
};

/* "not-found", "valid", "invalid-origin", "invalid-length". */
const char *rov_state_name(enum rov_state s);

/* The verdict alone: the fast path. The table must be finished. */
enum rov_state rov_validate(const struct vrp_table *t, const struct prefix *p, uint32_t origin);

/* The verdict with the VRPs behind it: every covering VRP (shortest prefix
 * first) goes to cover[] up to max; n_cover counts them all, n_match those
 * that match the route. */
struct rov_detail {
	enum rov_state state;
	struct vrp *cover;       /* caller's array */
	size_t max;
	size_t n_cover, n_match;
};

enum rov_state rov_validate_detail(const struct vrp_table *t, const struct prefix *p, uint32_t origin,
				   struct rov_detail *d);

/* True if v matches the route (RFC 6811 section 2: covers it, has its
 * origin AS and a max length not below its length). An AS 0 VRP never
 * matches (RFC 6483 section 4), nor does a route without an origin. */
static inline bool rov_vrp_matches(const struct vrp *v, const struct prefix *p, uint32_t origin)
{
	return v->asn != 0 && origin != ROV_ORIGIN_NONE && v->asn == origin && p->len <= v->maxlen;
}

#endif
