/*
 * Route-leak classifier over one AS path: valley-free violations against AS
 * relationships typed by RFC 7908 section 3 (types 1-4), types 5 and 6 by
 * heuristics that need context from the caller, ASPA verification
 * (draft-ietf-sidrops-aspa-verification-27) and RFC 9234 Only-to-Customer
 * checks; the leaker (culprit) and the ASes that propagated the leak
 * (accomplices), with a reason citing the rule. Pure: no I/O, no logging,
 * no allocation. docs/leaks.md explains every rule with examples.
 */
#ifndef MANRS_DETECT_LEAK_H
#define MANRS_DETECT_LEAK_H

#include "bgp/bgp.h"
#include "net/net.h"
#include "rpki/aspa.h"
#include "rpki/aspa_verify.h"
#include "topo/asrel.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Distinct ASes of one path considered (prepends and confederation
 * segments removed, route servers dropped, the receiver added). Real paths
 * hold a few tens; a longer one gets no verdict (LEAK_UNKNOWN). */
#define LEAK_MAX_PATH 128
#define LEAK_REASON_MAX 320

enum leak_status {
	LEAK_NO = 0,     /* valley-free (and ASPA, OTC agree): not a leak */
	LEAK_YES,        /* a leak: see type, basis, culprit */
	LEAK_UNKNOWN,    /* no violation among what is known, but a relationship is unknown */
};

/* What decided a LEAK_YES. */
enum leak_basis {
	LEAK_BY_NONE = 0,
	LEAK_BY_VALLEY,        /* inferred relationships: an AS sent a provider or peer route up or across */
	LEAK_BY_OTC,           /* RFC 9234 OTC: the route went up or across after it had gone down */
	LEAK_BY_ASPA,          /* ASPA attestations: the path is Invalid */
	LEAK_BY_REORIGIN,      /* type 5 heuristic */
	LEAK_BY_MORESPECIFIC,  /* type 6 heuristic */
};

/* The RFC 9234 Only-to-Customer check. */
enum leak_otc {
	LEAK_OTC_ABSENT = 0,   /* no OTC attribute: nothing to check */
	LEAK_OTC_OK,           /* after the AS that set it, the route only went down */
	LEAK_OTC_VIOLATION,    /* an AS sent an OTC route to a provider or peer (section 5) */
	LEAK_OTC_UNKNOWN,      /* a relationship after the OTC AS is unknown */
	LEAK_OTC_FOREIGN,      /* the OTC AS is not in the path (and not a known route server) */
	LEAK_OTC_RS,           /* set by a route server (its ASN is in the route-server list) */
	LEAK_OTC_MISMATCH,     /* the OTC AS sent the route to its provider: relationships disagree with OTC */
};

/* Context for one path. Everything but `rel` may be zero/NULL. */
struct leak_input {
	struct asrel *rel;              /* AS relationships (NULL: all unknown); queries may fill its caches */
	const struct aspa_table *aspa;  /* finished ASPA table, or NULL: ASPA not checked */
	/* The AS that received the path: for a collector the peer AS (normally
	 * the first AS of the path), for a monitored network itself. 0 if
	 * unknown. If it differs from the path's first AS, the hop from that AS
	 * to the receiver is judged too. */
	uint32_t receiver;
	bool has_otc;                   /* the RFC 9234 OTC attribute as received */
	uint32_t otc;
	/* Route-server ASNs (IXP RS), sorted ascending: dropped from the path
	 * as if the RS were transparent; two ASes that meet across a dropped RS
	 * with no known relationship are taken as peers (RFC 9234 section 5
	 * treats routes from an RS as from a peer). */
	const uint32_t *rs_asns;
	size_t n_rs;
	/* Sibling test (same organisation), or NULL: a hop between siblings
	 * keeps the direction the route entered the organisation with. */
	bool (*sibling)(uint32_t a, uint32_t b, void *arg);
	void *sibling_arg;
	/* Type 5 context: the prefix's known legitimate origin (from the
	 * history baseline or a ROA), or 0. */
	uint32_t legit_origin;
	/* Type 6 context: the prefix is a more-specific that its origin does
	 * not normally announce, inside a covering prefix the same origin
	 * legitimately announces. */
	bool covering_same_origin;
	const struct prefix *prefix;    /* the route's prefix, or NULL (type 6 strength) */
};

struct leak_verdict {
	enum leak_status status;
	int type;                 /* RFC 7908 section 3 type 1..6; 0 if none or not determinable */
	bool weak;                /* a benign explanation exists (heuristic or conflicting data) */
	enum leak_basis basis;
	/* The leaker received the route from `from` and sent it to `to` (0 when
	 * not known, e.g. type 5/6 have no `from`). */
	uint32_t culprit, from, to;
	/* ASes that propagated the leak after the culprit, in propagation
	 * order (the first one accepted it from the culprit); the receiver is
	 * one only if it is the path's first AS (it passed the route on). */
	uint32_t accomplices[LEAK_MAX_PATH];
	size_t n_accomplices;
	size_t ases;              /* distinct ASes walked (the receiver included if added) */
	size_t violations;        /* valley-free violations along the path */
	size_t unjudged;          /* ASes whose in or out relationship is unknown */
	uint32_t unknown_a, unknown_b;  /* the first unknown link from the origin */
	/* ASPA (only if aspa_checked). */
	bool aspa_checked;
	int aspa_dir;             /* ASPA_UPSTREAM, ASPA_DOWNSTREAM, or -1: receiver relation unknown */
	enum aspa_verdict aspa;   /* for aspa_dir; the downstream verdict when the direction is unknown */
	enum aspa_verdict aspa_up, aspa_down;
	uint32_t aspa_culprit;    /* an AS proven by attestations to have sent a non-customer route to a non-customer */
	/* RFC 9234 OTC. */
	enum leak_otc otc;
	uint32_t otc_culprit;
	char reason[LEAK_REASON_MAX];      /* the verdict, with the rule */
	char aspa_reason[LEAK_REASON_MAX];
	char otc_reason[LEAK_REASON_MAX];
};

/*
 * Classifies the path `p` (AS_PATH order: p's first AS nearest the
 * receiver, the last the origin). Prepends count once; confederation
 * segments are dropped (internal to a confederation); an AS_SET is one
 * node whose links are unknown (its members are unordered), so an
 * aggregated path is judged only above the aggregator. A path in which an
 * AS appears twice apart (a loop or poisoning) gets LEAK_UNKNOWN. Never
 * reports a leak from an unknown relationship: a valley needs both links
 * of the leaker known (or attested by ASPA or implied by OTC). Fills *v.
 */
void leak_classify(const struct bgp_path *p, const struct leak_input *in, struct leak_verdict *v);

/* The same over a plain AS_SEQUENCE (path[0] nearest the receiver). */
void leak_classify_asns(const uint32_t *path, size_t n, const struct leak_input *in, struct leak_verdict *v);

/* "no", "yes", "unknown"; "valley", "otc", "aspa", "re-origination",
 * "more-specific", "none"; the OTC status in a word ("absent", "ok",
 * "violation", "unknown", "foreign", "route-server", "mismatch"). */
const char *leak_status_name(enum leak_status s);
const char *leak_basis_name(enum leak_basis b);
const char *leak_otc_name(enum leak_otc o);

/* "RFC 7908 type 1: hairpin turn ..." for 1..6; "" otherwise. */
const char *leak_type_name(int type);

#endif
