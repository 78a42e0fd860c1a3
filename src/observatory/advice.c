/*
 * Advice texts for the network report (advice.h).
 */
#include "observatory/advice.h"

#include "net/text.h"

#include <stdio.h>

size_t obs_advice_rpki(const struct prefix *p, uint32_t origin, const struct rov_detail *d, char *out, size_t n)
{
	char pfx[PREFIX_STRLEN];
	prefix_fmt(p, pfx);
	size_t at = 0;
	if (n)
		out[0] = 0;
	switch (d->state) {
	case ROV_VALID:
		return 0;
	case ROV_NOT_FOUND:
		return text_appendf(out, n, at,
			   "Create a ROA for %s with origin AS%u and max length %u, at the registry that "
			   "delegated the space (no ROA covers it yet).",
			   pfx, origin, p->len);
	case ROV_INVALID_LENGTH: {
		/* The longest max length among the VRPs of this origin. */
		const struct vrp *best = NULL;
		size_t shown = d->n_cover < d->max ? d->n_cover : d->max;
		for (size_t i = 0; i < shown; i++)
			if (d->cover[i].asn == origin && (!best || d->cover[i].maxlen > best->maxlen))
				best = &d->cover[i];
		at = text_appendf(out, n, at, "%s is longer than its ROAs allow", pfx);
		if (best) {
			char vp[PREFIX_STRLEN];
			prefix_fmt(&best->prefix, vp);
			at = text_appendf(out, n, at, " (%s max length %u for AS%u)", vp, best->maxlen, origin);
		}
		return text_appendf(out, n, at,
			   ": if the more-specific is intended, create a ROA for %s with origin AS%u and max length "
			   "%u; otherwise stop announcing it.",
			   pfx, origin, p->len);
	}
	case ROV_INVALID_ORIGIN:
		at = text_appendf(out, n, at, "The ROAs covering %s authorise ", pfx);
		size_t shown = d->n_cover < d->max ? d->n_cover : d->max;
		if (!shown)
			at = text_appendf(out, n, at, "other ASes");
		for (size_t i = 0; i < shown && i < 4; i++)
			at = text_appendf(out, n, at, "%sAS%u", i ? ", " : "", d->cover[i].asn);
		if (shown > 4)
			at = text_appendf(out, n, at, " and %zu more", d->n_cover - 4);
		return text_appendf(out, n, at,
			   ", not AS%u: if AS%u may originate it, the holder creates a ROA for %s with origin AS%u "
			   "and max length %u; if not, stop announcing it (to others it looks like a hijack).",
			   origin, origin, pfx, origin, p->len);
	}
	return at;
}

size_t obs_advice_route_object(const struct prefix *p, uint32_t origin, const char *source, char *out, size_t n)
{
	char pfx[PREFIX_STRLEN];
	prefix_fmt(p, pfx);
	if (n)
		out[0] = 0;
	return text_appendf(out, n, 0,
		   "%-15s %s\n"
		   "origin:         AS%u\n"
		   "descr:          <what the prefix is for>\n"
		   "mnt-by:         <your maintainer>\n"
		   "source:         %s\n",
		   p->afi == AFI_IPV6 ? "route6:" : "route:", pfx, origin, source && *source ? source : "<registry>");
}

size_t obs_advice_contact(uint32_t asn, char *out, size_t n)
{
	if (n)
		out[0] = 0;
	return text_appendf(out, n, 0,
		   "Publish a reachable contact for AS%u: a PeeringDB network record with a NOC or technical "
		   "point of contact, and admin-c/tech-c (or the RIR's equivalent) on its aut-num object.",
		   asn);
}
