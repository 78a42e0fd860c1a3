/*
 * What to do about each finding of a network report, in words an operator
 * can act on: the ROA to create (RFC 6482, with the minimal max length RFC
 * 9319 recommends), the route object to register (RPSL, RFC 2622 / RFC
 * 4012), the contact to publish. Pure text builders; the report decides
 * when to call them.
 */
#ifndef MANRS_OBSERVATORY_ADVICE_H
#define MANRS_OBSERVATORY_ADVICE_H

#include "net/net.h"
#include "rpki/rov.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The fix for route (p, origin) whose ROV outcome is d (rov_validate_detail
 * with its covering VRPs): nothing for a valid route (returns 0, out ""),
 * otherwise one or two sentences. Returns the length written (truncated
 * at n - 1).
 */
size_t obs_advice_rpki(const struct prefix *p, uint32_t origin, const struct rov_detail *d, char *out, size_t n);

/*
 * An RPSL route (IPv4) or route6 (IPv6) object to register for (p, origin)
 * in `source` (e.g. "RIPE", "ARIN"; the registry of the address space), with
 * placeholders for the maintainer: lines "attr: value" ending in "\n".
 */
size_t obs_advice_route_object(const struct prefix *p, uint32_t origin, const char *source, char *out, size_t n);

/* The fix for a network with no registered contact. */
size_t obs_advice_contact(uint32_t asn, char *out, size_t n);

#endif
