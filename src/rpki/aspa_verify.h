/*
 * ASPA-based AS path verification as draft-ietf-sidrops-aspa-verification-16
 * specifies it: the hop check authorized(AS x, AS y), the up-ramp and
 * down-ramp lengths of an AS path, and the procedures for routes received
 * from customers and lateral peers ("upstream") and from providers
 * ("downstream"). docs/aspa.md explains the algorithm with examples.
 */
#ifndef MANRS_RPKI_ASPA_VERIFY_H
#define MANRS_RPKI_ASPA_VERIFY_H

#include "bgp/bgp.h"
#include "rpki/aspa.h"

#include <stddef.h>
#include <stdint.h>

#define ASPA_DRAFT "draft-ietf-sidrops-aspa-verification-16"

/* The hop check's three outcomes (draft section "Hop-Check Function"). */
enum aspa_auth {
	ASPA_AUTH_NO_ATTESTATION = 0,   /* x has no ASPA */
	ASPA_AUTH_PROVIDER,             /* "Provider+": y is in x's provider set */
	ASPA_AUTH_NOT_PROVIDER,         /* "Not Provider+": x has an ASPA without y */
};

/* Verification outcomes, best first: a larger value is a worse verdict. */
enum aspa_verdict {
	ASPA_VALID = 0,
	ASPA_UNKNOWN,
	ASPA_INVALID,
};

/* Which procedure applies, from the relation with the neighbour that sent
 * the route (RFC 9234 roles): upstream for routes from a customer, a
 * lateral peer, an RS client (at the RS) or an RS (at its client);
 * downstream for routes from a provider. */
enum aspa_direction {
	ASPA_UPSTREAM = 0,
	ASPA_DOWNSTREAM,
};

/* Both verdicts of one path and the values they were decided from. */
struct aspa_result {
	enum aspa_verdict upstream, downstream;
	/* Static text when the path is Invalid before any hop is checked (empty
	 * path, AS_SET, neighbour mismatch), citing the draft; NULL otherwise. */
	const char *reason;
	size_t n;                  /* N: ASes in the path once prepends are collapsed */
	size_t max_up_ramp, min_up_ramp, max_down_ramp, min_down_ramp;  /* 0 when reason is set */
};

/* authorized(AS x, AS y): is y a provider of x, as far as the table says.
 * The table must be finished. */
enum aspa_auth aspa_authorized(const struct aspa_table *t, uint32_t x, uint32_t y);

/* Collapses prepends (runs of one ASN) of path[0..n-1] into out, which may
 * be path itself; returns N, the number written. */
size_t aspa_path_collapse(const uint32_t *path, size_t n, uint32_t *out);

/*
 * Verifies an AS path both ways in one pass. path[0] is the neighbour (the
 * AS that added itself last), path[n-1] the origin, as in AS_PATH; repeated
 * ASNs in a row (prepends) count once. `neighbor` is the AS of the BGP peer
 * the route came from: if it is not 0 and differs from path[0], the path is
 * Invalid; pass 0 where the neighbour is unknown (MRT data) or is a
 * transparent route server. Fills *r.
 */
void aspa_verify_path(const struct aspa_table *t, const uint32_t *path, size_t n, uint32_t neighbor,
		      struct aspa_result *r);

/* The upstream and downstream verdicts alone (no neighbour check). The
 * upstream one stops at the first "Not Provider+" up-ramp hop and looks up
 * no down-ramp hop. */
enum aspa_verdict aspa_verify_upstream(const struct aspa_table *t, const uint32_t *path, size_t n);
enum aspa_verdict aspa_verify_downstream(const struct aspa_table *t, const uint32_t *path, size_t n);

/*
 * Verifies a decoded AS path (segments): a path with an AS_SET is Invalid;
 * AS_SEQUENCE segments are joined in order; RFC 5065 confederation segments
 * are left out (they are removed at the confederation boundary, where the
 * verification applies). Returns the verdict for `dir`; fills *r if r is
 * not NULL.
 */
enum aspa_verdict aspa_verify_bgp_path(const struct aspa_table *t, const struct bgp_path *p,
				       enum aspa_direction dir, uint32_t neighbor, struct aspa_result *r);

/* "Valid", "Invalid", "Unknown"; "Provider+", "Not Provider+", "No Attestation". */
const char *aspa_verdict_name(enum aspa_verdict v);
const char *aspa_auth_name(enum aspa_auth a);

/*
 * Parses an AS path written as text, as `manrs mrt dump` prints it: ASNs
 * separated by blanks, "{a,b}" an AS_SET, "(a b)" an AS_CONFED_SEQUENCE,
 * "[a,b]" an AS_CONFED_SET; ASNs as asn_parse() reads them (65000, AS65000,
 * asdot 1.10). `p` must be zeroed or hold a path from an earlier call; its
 * arrays are reused. Returns 0, or -1 with *reason (static).
 */
int aspa_path_parse(const char *s, size_t len, struct bgp_path *p, const char **reason);

/* Frees the arrays of a path filled by aspa_path_parse. */
void aspa_path_release(struct bgp_path *p);

#endif
