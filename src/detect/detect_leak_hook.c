/*
 * The hook where the detector asks for a path's route-leak verdict: the
 * route-leak classifier (leak.h: RFC 7908 typing, ASPA, RFC 9234 OTC,
 * culprit and accomplices) over the path as the peer received it. Types 5
 * and 6 are not asked for here: a re-origination is the MOAS detector's and
 * a new more-specific of the same origin the defcon detector's.
 */
#include "detect/detect_int.h"

#include "detect/leak.h"

#include <string.h>

void detect_leak_verdict(struct detector *d, const uint32_t *path, size_t n, uint32_t receiver, uint32_t otc,
			 struct detect_leak *out)
{
	memset(out, 0, sizeof *out);
	if ((!d->refs.asrel && !d->refs.aspa && !otc) || n < 2)
		return;
	struct leak_input in;
	memset(&in, 0, sizeof in);
	in.rel = d->refs.asrel;
	in.aspa = d->refs.aspa;
	in.receiver = receiver;
	in.has_otc = otc != 0;
	in.otc = otc;
	struct leak_verdict v;
	leak_classify_asns(path, n, &in, &v);
	if (v.status != LEAK_YES || !v.culprit)
		return;
	out->leak = true;
	out->weak = v.weak;
	out->type = v.type;
	out->leaker = v.culprit;
	out->from = v.from;
	out->to = v.to;
	for (size_t i = 0; i < v.n_accomplices && out->naccomplices < 8; i++)
		out->accomplices[out->naccomplices++] = v.accomplices[i];
	out->valley = v.basis == LEAK_BY_VALLEY;
	out->aspa_invalid = v.aspa_checked && v.aspa == ASPA_INVALID;
	out->otc_violation = v.otc == LEAK_OTC_VIOLATION;
}
