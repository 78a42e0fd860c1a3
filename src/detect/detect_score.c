/*
 * Evidence and suspicion (docs/incidents.md, "Score"): for each incident,
 * the RPKI state of the new and old origin (RFC 6811), IRR route objects
 * per source, the relationship of the new origin to the old (CAIDA), history,
 * prefix length, visibility and duration become tags; ordered rules turn
 * them into a suspicion score 0-100, each rule that fired kept with its
 * reason; and an ARTEMIS-style label Prefix|Path|DataPlane|Policy.
 */
#include "detect/detect_int.h"

#include "irr/irr.h"
#include "rpki/rov.h"
#include "topo/asrel.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool too_long(const struct prefix *p)
{
	return p->afi == AFI_IPV4 ? p->len > 24 : p->len > 48;
}

/* Whether a and b are registered under the same AS name and country (a
 * name, not a placeholder such as "-Reserved AS-"); the first such name
 * is kept for the rule's reason. */
static bool same_name(const struct detector *d, uint32_t a, uint32_t b, struct inc *in)
{
	if (a == b)
		return false;
	const char *ca = "", *cb = "";
	const char *na = d->refs.as_name(d->refs.as_name_ctx, a, &ca);
	const char *nb = d->refs.as_name(d->refs.as_name_ctx, b, &cb);
	if (!na || !nb || !na[0] || na[0] == '-' || strcmp(na, nb) || strcmp(ca ? ca : "", cb ? cb : ""))
		return false;
	if (!in->sibling_name[0])
		snprintf(in->sibling_name, sizeof in->sibling_name, "%s", na);
	return true;
}

void det_evidence(struct detector *d, struct inc *in, uint32_t pid, uint32_t origin, const uint32_t *old, size_t nold,
		  const struct prefix *old_pfx)
{
	if (in->nev >= DETECT_MAX_EVIDENCE)
		return;
	in->nev++;
	const struct prefix *p = &d->pfx[pid].p;
	if (too_long(p))
		in->n_long++;
	struct orig_node *o = det_hist_find(d, pid, origin);
	if (o && o->from_incident)
		in->seen_before++;
	else
		in->newcomer++;
	if (d->refs.vrp) {
		in->rpki_new[rov_validate(d->refs.vrp, p, origin)]++;
		if (nold && old_pfx && in->type != DT_DEFCON) {
			in->rpki_old[rov_validate(d->refs.vrp, old_pfx, old[0])]++;
			in->have_rpki_old = true;
		}
	}
	if (d->refs.irr) {
		static struct irr_verdict v[IRR_MAX_SOURCES];
		unsigned nv = irr_db_check_route(d->refs.irr, p, true, origin, v);
		for (unsigned i = 0; i < nv; i++) {
			size_t k = 0;
			while (k < in->nirr && in->irr[k].source != v[i].source)
				k++;
			if (k == in->nirr) {
				if (in->nirr == sizeof in->irr / sizeof in->irr[0])
					continue;
				in->irr[in->nirr++] = (struct irr_count){ .source = v[i].source };
			}
			if (v[i].match == IRR_MATCH_EXACT)
				in->irr[k].exact++;
			else if (v[i].match == IRR_MATCH_LESS_SPECIFIC)
				in->irr[k].covering++;
			else
				in->irr[k].none++;
		}
		if (nold && old_pfx && in->type != DT_DEFCON) {
			nv = irr_db_check_route(d->refs.irr, old_pfx, true, old[0], v);
			for (unsigned i = 0; i < nv; i++)
				if (v[i].match == IRR_MATCH_EXACT) {
					in->irr_old_exact++;
					break;
				}
		}
	}
	if (d->refs.as_name && nold && (in->type == DT_MOAS || in->type == DT_SUBMOAS))
		for (size_t i = 0; i < nold; i++)
			if (same_name(d, origin, old[i], in)) {
				in->rel_sibling++;
				break;
			}
	if (d->refs.asrel && nold && in->type != DT_DEFCON && in->type != DT_EDGE) {
		struct asrel *ar = d->refs.asrel;
		int best = 0;   /* 4 customer, 3 provider, 2 peer, 1 cone */
		bool unknown = false;
		for (size_t i = 0; i < nold; i++) {
			if (!asrel_cone_size(ar, origin) || !asrel_cone_size(ar, old[i])) {
				unknown = true;
				continue;
			}
			enum asrel_rel r = asrel_get(ar, origin, old[i]);
			int b = r == ASREL_C2P ? 4 : r == ASREL_P2C ? 3 : r == ASREL_P2P ? 2 : 0;
			if (!b && (asrel_in_cone(ar, origin, old[i]) || asrel_in_cone(ar, old[i], origin)))
				b = 1;
			if (b > best)
				best = b;
		}
		if (best == 4)
			in->rel_customer++;
		else if (best == 3)
			in->rel_provider++;
		else if (best == 2)
			in->rel_peer++;
		else if (best == 1)
			in->rel_cone++;
		else if (unknown)
			in->rel_unknown++;
		else
			in->rel_none++;
	}
}

bool det_high_visibility(const struct detector *d, const struct inc *in)
{
	return in->peak_peers >= 2 && d->npeers_active &&
	       (uint64_t)in->peak_peers * 100 >= (uint64_t)d->cfg.high_visibility * d->npeers_active;
}

static void tag(struct inc *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tag(struct inc *in, const char *fmt, ...)
{
	if (in->ntags >= DETECT_MAX_TAGS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->tags[in->ntags++], sizeof in->tags[0], fmt, ap);
	va_end(ap);
}

static void rule(struct inc *in, const char *name, int delta, int cap, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void rule(struct inc *in, const char *name, int delta, int cap, const char *fmt, ...)
{
	if (in->nrules >= DETECT_MAX_RULES)
		return;
	struct store_incident_rule *r = &in->rules[in->nrules++];
	snprintf(r->name, sizeof r->name, "%s", name);
	r->delta = delta;
	r->cap = cap;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof r->reason, fmt, ap);
	va_end(ap);
}

static const char *const rov_tag[4] = { "not-found", "valid", "invalid-origin", "invalid-length" };

/* "all" when every evaluated pair has it, "some" when one does. */
static const char *allsome(uint32_t k, uint32_t n) { return k == n ? "all" : "some"; }

/* Days the snapshot at ref is older than the event at t, when more than
 * max_days (0 never); else 0. */
static uint32_t stale_days(int64_t ref, uint32_t max_days, uint32_t t)
{
	if (!ref || !max_days || (int64_t)t <= ref)
		return 0;
	int64_t days = ((int64_t)t - ref) / 86400;
	return days > (int64_t)max_days ? (uint32_t)days : 0;
}

/* Rules from index i0 on rest on stale data: their positive deltas do
 * not count. Returns how many were set to 0. */
static size_t discount(struct inc *in, size_t i0)
{
	size_t k = 0;
	for (size_t i = i0; i < in->nrules; i++)
		if (in->rules[i].delta > 0) {
			in->rules[i].delta = 0;
			k++;
		}
	return k;
}

void det_score(struct detector *d, struct inc *in)
{
	in->nrules = 0;
	in->ntags = 0;
	const struct detect_config *c = &d->cfg;
	uint32_t n = in->nev ? in->nev : 1;
	bool origin_type = in->type == DT_MOAS || in->type == DT_SUBMOAS || in->type == DT_SQUAT ||
			   in->type == DT_DEFCON || in->type == DT_EDGE;
	switch (in->type) {
	case DT_MOAS:
		rule(in, "base-moas", 50, -1, "an exact prefix announced by an origin outside its history");
		break;
	case DT_SUBMOAS:
		rule(in, "base-submoas", 60, -1, "a more-specific announced by an origin other than its covering prefix's");
		break;
	case DT_DEFCON:
		rule(in, "base-defcon", 30, -1,
		     "a new more-specific with its covering prefix's origin but another path at the same peer "
		     "(interception pattern; also ordinary traffic engineering)");
		break;
	case DT_EDGE:
		rule(in, "base-edge", 30, -1,
		     "a new AS adjacency next to the origin (Type-1 fake link pattern; also a new upstream)");
		break;
	case DT_SQUAT:
		rule(in, "base-squat", 40, -1, "space no one announced in the history");
		break;
	case DT_LEAK:
		rule(in, "base-leak", 40, -1, "a path that breaks valley-free routing (RFC 7908)");
		break;
	case DT_BOGON_PREFIX:
		if (in->bogon_full)
			rule(in, "base-bogon-full", 90, -1,
			     "special-purpose or reserved space (IANA registries): never routed globally");
		else
			rule(in, "base-bogon-administrative", 60, -1,
			     "space no RIR has delegated (administrative bogon: still routed in some cases)");
		break;
	case DT_BOGON_ASN:
		if (in->bogon_asn == 23456)
			rule(in, "base-as-trans", 40, -1,
			     "AS_TRANS (RFC 6793) in a path: a 4-byte AS path lost on the way, not a routing error");
		else if (in->bogon_full)
			rule(in, "base-bogon-asn-full", 80, -1,
			     "a private, reserved or documentation AS number in the path; the AS next to it passed it on");
		else
			rule(in, "base-bogon-asn-administrative", 50, -1, "an AS number no RIR has delegated in the path");
		break;
	default:
		break;
	}
	/* Tags first. */
	if (origin_type) {
		if (d->refs.vrp) {
			for (int s = 0; s < 4; s++)
				if (in->rpki_new[s])
					tag(in, "rpki-%s-newcomer-%s", allsome(in->rpki_new[s], n), rov_tag[s]);
			for (int s = 0; s < 4 && in->have_rpki_old; s++)
				if (in->rpki_old[s])
					tag(in, "rpki-%s-oldcomer-%s", allsome(in->rpki_old[s], n), rov_tag[s]);
		} else {
			tag(in, "rpki-no-data");
		}
		if (d->refs.irr) {
			for (size_t k = 0; k < in->nirr; k++) {
				const char *src = irr_db_source_name(d->refs.irr, in->irr[k].source);
				if (in->irr[k].exact)
					tag(in, "irr-%s-%s-newcomer-exact-record", src, allsome(in->irr[k].exact, n));
				if (in->irr[k].covering)
					tag(in, "irr-%s-%s-newcomer-covering-record", src, allsome(in->irr[k].covering, n));
				if (in->irr[k].none)
					tag(in, "irr-%s-%s-newcomer-no-record", src, allsome(in->irr[k].none, n));
			}
			if (in->irr_old_exact)
				tag(in, "irr-oldcomer-exact-record");
		} else {
			tag(in, "irr-no-data");
		}
		if (in->type == DT_MOAS || in->type == DT_SUBMOAS) {
			if (!d->refs.asrel)
				tag(in, "rel-no-data");
			if (in->rel_sibling)
				tag(in, "rel-newcomer-same-as-name");
			if (in->rel_customer)
				tag(in, "rel-newcomer-customer-of-oldcomer");
			if (in->rel_provider)
				tag(in, "rel-newcomer-provider-of-oldcomer");
			if (in->rel_peer)
				tag(in, "rel-newcomer-peer-of-oldcomer");
			if (in->rel_cone)
				tag(in, "rel-newcomer-same-cone");
			if (in->rel_none)
				tag(in, "rel-none");
			if (in->rel_unknown)
				tag(in, "rel-unknown-as");
		}
		if (in->type == DT_MOAS && in->contested)
			tag(in, "contested");
		if (in->folded)
			tag(in, in->type == DT_MOAS ? "includes-more-specifics" : "includes-covering-prefix");
		tag(in, in->seen_before && !in->newcomer ? "oldcomer" : "newcomer");
		if (!d->history_complete)
			tag(in, "history-partial");
	}
	if (in->npids)
		tag(in, "prefix-length-%u", d->pfx[in->pids[0]].p.len);
	if (in->n_long)
		tag(in, "more-specific-than-%s", d->pfx[in->pids[0]].p.afi == AFI_IPV4 ? "24" : "48");
	tag(in, "peers-%" PRIu32 "-of-%" PRIu32, in->peak_peers, d->npeers_active);
	tag(in, "collectors-%" PRIu32, in->peak_collectors);
	if (in->ended)
		tag(in, "duration-%" PRIu32 "s", in->end - in->start);
	else
		tag(in, "ongoing");
	if (in->type == DT_BOGON_PREFIX)
		tag(in, in->bogon_full ? "bogon-full" : "bogon-administrative");
	if (in->type == DT_BOGON_ASN)
		tag(in, "bogon-asn-%" PRIu32 "-%s", in->bogon_asn, in->bogon_full ? "full" : "administrative");
	if (in->type == DT_LEAK) {
		tag(in, "leak-valley");
		if (in->leak_type)
			tag(in, "leak-rfc7908-type-%d", in->leak_type);
		if (in->aspa_invalid)
			tag(in, "leak-aspa-invalid");
		if (in->otc)
			tag(in, "leak-otc-violation");
	}

	/* Reference data much older than the event (refdata_max_age): which
	 * inputs this incident's judgement consulted, and their age. */
	bool rel_type = in->type == DT_MOAS || in->type == DT_SUBMOAS || in->type == DT_EDGE;
	bool alloc_type = (in->type == DT_BOGON_PREFIX || (in->type == DT_BOGON_ASN && in->bogon_asn != 23456)) &&
			  !in->bogon_full;
	uint32_t st_vrp = origin_type && in->type != DT_EDGE && d->refs.vrp
				  ? stale_days(d->refs.vrp_time, c->refdata_max_age, in->start) : 0;
	uint32_t st_irr = origin_type && in->type != DT_EDGE && d->refs.irr
				  ? stale_days(d->refs.irr_time, c->refdata_max_age, in->start) : 0;
	uint32_t st_rel = rel_type && d->refs.asrel ? stale_days(d->refs.asrel_time, c->asrel_max_age, in->start) : 0;
	uint32_t st_alloc = alloc_type ? stale_days(d->refs.alloc_time, c->refdata_max_age, in->start) : 0;
	if (st_vrp)
		tag(in, "refdata-stale-vrp-%" PRIu32 "d", st_vrp);
	if (st_irr)
		tag(in, "refdata-stale-irr-%" PRIu32 "d", st_irr);
	if (st_rel)
		tag(in, "refdata-stale-asrel-%" PRIu32 "d", st_rel);
	if (st_alloc)
		tag(in, "refdata-stale-delegated-%" PRIu32 "d", st_alloc);
	size_t n_stale = 0;   /* rules not counted for stale data */

	/* Rules, in order. */
	size_t i0 = in->nrules;
	if (origin_type && d->refs.vrp && in->type != DT_EDGE) {
		if (in->rpki_new[ROV_VALID] == n)
			rule(in, "rpki-newcomer-valid", 0, 10,
			     "a ROA authorises the new origin for every prefix (RPKI-valid): MANRS filters these out");
		else if (in->rpki_new[ROV_VALID])
			rule(in, "rpki-some-newcomer-valid", -20, -1, "a ROA authorises the new origin for some prefixes");
		else if (in->rpki_new[ROV_INVALID_ORIGIN] && in->rpki_old[ROV_VALID])
			rule(in, "rpki-newcomer-invalid-oldcomer-valid", 30, -1,
			     "the new origin is RPKI-invalid and the old one valid: what ROV drops");
		else if (in->rpki_new[ROV_INVALID_LENGTH])
			rule(in, "rpki-newcomer-invalid-length", 20, -1,
			     "a ROA covers the prefix for this origin but not this length (RFC 6811 invalid)");
		else if (in->rpki_new[ROV_INVALID_ORIGIN])
			rule(in, "rpki-newcomer-invalid", 15, -1, "the new origin is RPKI-invalid");
	}
	if (st_vrp)
		n_stale += discount(in, i0);
	i0 = in->nrules;
	if (origin_type && d->refs.irr && in->type != DT_EDGE) {
		bool all_exact = false, some_exact = false, any_record = false;
		for (size_t k = 0; k < in->nirr; k++) {
			all_exact |= in->irr[k].exact == n;
			some_exact |= in->irr[k].exact > 0;
			any_record |= in->irr[k].exact + in->irr[k].covering > 0;
		}
		if (all_exact)
			rule(in, "irr-newcomer-exact", 0, 30,
			     "a route object registers the new origin for every prefix (GRIP: all newcomers have exact IRR records)");
		else if (some_exact)
			rule(in, "irr-some-newcomer-exact", -20, -1, "a route object registers the new origin for some prefixes");
		else if (!any_record && in->irr_old_exact)
			rule(in, "irr-oldcomer-only", 10, -1, "the old origin is registered in the IRR, the new one is not");
	}
	if (st_irr)
		n_stale += discount(in, i0);
	i0 = in->nrules;
	if ((in->type == DT_MOAS || in->type == DT_SUBMOAS) && d->refs.asrel) {
		if (in->rel_customer || in->rel_provider)
			rule(in, "related-origins", 0, 20,
			     "the new origin is a %s of the old one (CAIDA): backup, transfer, aggregation or DDoS scrubbing",
			     in->rel_customer ? "customer" : "provider");
		else if (in->rel_peer)
			rule(in, "peer-origins", -20, -1, "the new origin peers with the old one (CAIDA)");
		else if (in->rel_cone)
			rule(in, "same-cone", -15, -1, "one origin is in the other's customer cone (CAIDA)");
		else if (in->rel_none == n)
			rule(in, "unrelated-origins", 10, -1, "no relationship between the new and old origins (CAIDA)");
	}
	if (st_rel)
		n_stale += discount(in, i0);
	if ((in->type == DT_MOAS || in->type == DT_SUBMOAS) && in->rel_sibling == n)
		rule(in, "sibling-origins", 0, 20,
		     "the new and old origins are registered under one AS name (%s): one holder's ASes, a "
		     "renumbering or migration",
		     in->sibling_name);
	if (in->type == DT_MOAS && in->contested)
		rule(in, "contested", 20, -1,
		     "the old origin kept the prefix at other peers for over %" PRIu32
		     " s while the new one held it: routing split between two origins (a hijack; a handover "
		     "replaces the old origin everywhere)",
		     c->short_seconds);
	if (origin_type && !d->history_complete)
		rule(in, "partial-history", -20, -1,
		     "no RIB dump or full look-back was read first: the route may be older than the data");
	if (origin_type && in->seen_before && !in->newcomer)
		rule(in, "recurring", 0, 30, "the new origin held these prefixes before, in an earlier incident");
	if (in->npids && in->n_long == n && in->type != DT_BOGON_PREFIX)
		rule(in, "too-specific", -30, -1, "longer than /24 (IPv6 /48): most networks filter it, little reach");
	if (in->peak_peers <= 1)
		rule(in, "single-peer", -20, -1, "seen by one peer only");
	else if (det_high_visibility(d, in))
		rule(in, "wide", 20, -1, "seen by %" PRIu32 " of %" PRIu32 " peers (>= %" PRIu32 "%%)", in->peak_peers,
		     d->npeers_active, c->high_visibility);
	if (in->ended && in->end - in->start <= c->short_seconds && in->type != DT_BOGON_PREFIX &&
	    in->type != DT_BOGON_ASN)
		rule(in, "short", -20, -1, "over within %" PRIu32 " s: a potential convergence or a slip fixed at once",
		     c->short_seconds);
	if (in->type == DT_LEAK) {
		if (in->npids_total >= c->leak_min_prefixes)
			rule(in, "leak-wide", 25, -1, "%" PRIu64 " prefixes leaked through the same AS: a table leak",
			     in->npids_total);
		if (in->aspa_invalid)
			rule(in, "leak-aspa", 20, -1, "ASPA verification of the path fails");
		if (in->leak_weak && !in->leak_strong)
			rule(in, "leak-weak", -20, -1, "the classifier sees a benign explanation for every leaked route");
		if (in->otc)
			rule(in, "leak-otc", 30, -1, "the route carries an OTC attribute it should not have been sent with (RFC 9234)");
	}
	if (in->type == DT_EDGE && d->refs.asrel) {
		i0 = in->nrules;
		rule(in, "edge-unknown-link", 10, -1, "CAIDA knows no link between the two ASes");
		if (st_rel)
			n_stale += discount(in, i0);
	}
	if (st_alloc)
		rule(in, "refdata-stale", 0, (int)c->refdata_stale_cap,
		     "the delegated stats or bogon list are %" PRIu32 " days older than the event (limit %" PRIu32
		     "): space delegated since looks unallocated",
		     st_alloc, c->refdata_max_age);
	else if (n_stale) {
		char what[96] = "";
		size_t w = 0;
		if (st_vrp)
			w += (size_t)snprintf(what + w, sizeof what - w, "VRPs %" PRIu32 " d, ", st_vrp);
		if (st_irr && w < sizeof what)
			w += (size_t)snprintf(what + w, sizeof what - w, "IRR %" PRIu32 " d, ", st_irr);
		if (st_rel && w < sizeof what)
			w += (size_t)snprintf(what + w, sizeof what - w, "relationships %" PRIu32 " d, ", st_rel);
		rule(in, "refdata-stale", 0, -1,
		     "reference data older than the event (%slimits %" PRIu32 " d, relationships %" PRIu32
		     " d): %zu rule(s) resting on it not counted",
		     what, c->refdata_max_age, c->asrel_max_age, n_stale);
	}

	int s = 0, cap = 100;
	for (size_t i = 0; i < in->nrules; i++) {
		s += in->rules[i].delta;
		if (in->rules[i].cap >= 0 && in->rules[i].cap < cap)
			cap = in->rules[i].cap;
	}
	if (s < 0)
		s = 0;
	if (s > 100)
		s = 100;
	if (s > cap)
		s = cap;
	in->score = s;

	/* ARTEMIS label Prefix|Path|DataPlane|Policy (ANCHORS.md 2.1): the
	 * data plane is never seen from BGP, so always "-". */
	const char *pf = "E", *pa = "-", *po = "-";
	switch (in->type) {
	case DT_MOAS: pa = "0"; break;
	case DT_SUBMOAS: pf = "S"; pa = "0"; break;
	case DT_DEFCON: pf = "S"; break;
	case DT_EDGE: pa = "1"; break;
	case DT_SQUAT: pf = "Q"; pa = "0"; break;
	case DT_LEAK: po = "L"; break;
	case DT_BOGON_PREFIX: pf = "Q"; pa = "0"; break;
	default: break;
	}
	snprintf(in->label, sizeof in->label, "%s|%s|-|%s", pf, pa, po);
}
