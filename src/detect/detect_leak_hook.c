/*
 * The hook where the detector asks for a path's route-leak verdict.
 * INTERIM: until the route-leak classifier (src/detect/leak.h: RFC 7908
 * typing, ASPA, RFC 9234 OTC, culprit and accomplices) is merged, this asks
 * topo's valley-free check alone. The classifier replaces the body of
 * detect_leak_verdict(); nothing else in the detector changes.
 */
#include "detect/detect_int.h"

#include "topo/asrel.h"

#include <string.h>

void detect_leak_verdict(struct detector *d, const uint32_t *path, size_t n, uint32_t otc, struct detect_leak *out)
{
	(void)otc;
	memset(out, 0, sizeof *out);
	if (!d->refs.asrel || n < 3)
		return;
	struct asrel_vf vf;
	asrel_valley(d->refs.asrel, path, n, &vf);
	if (vf.status != ASREL_VF_LEAK)
		return;
	out->leak = true;
	out->valley = true;
	out->type = vf.leak_type;
	out->leaker = vf.leaker;
	out->from = vf.from;
	out->to = vf.to;
	/* The ASes that passed the leaked route on toward the observer. */
	for (size_t i = 0; i < vf.index && out->naccomplices < 8; i++)
		if (path[i] != vf.leaker)
			out->accomplices[out->naccomplices++] = path[i];
}
