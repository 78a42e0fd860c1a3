/*
 * ASPA AS path verification, written from the definitions of
 * draft-ietf-sidrops-aspa-verification-16 (hop check, ramps, upstream and
 * downstream procedures). One pass from the origin to the neighbour looks up
 * each AS once and checks each hop both ways, which yields the four ramp
 * lengths and so both verdicts together.
 *
 * Notation of the draft: after collapsing prepends the path is
 * A(1) .. A(N), A(1) the origin and A(N) the neighbour. The up-ramp hop I
 * asks authorized(A(I), A(I+1)) ("is A(I+1) a provider of A(I)?"), the
 * down-ramp hop J asks authorized(A(J), A(J-1)).
 *
 *   max_up_ramp   = least I with authorized(A(I), A(I+1)) = Not Provider+, else N
 *   min_up_ramp   = least I with authorized(A(I), A(I+1)) != Provider+, else N
 *   max_down_ramp = N - J + 1 for the greatest J with
 *                   authorized(A(J), A(J-1)) = Not Provider+, else N
 *   min_down_ramp = N - J + 1 for the greatest J with
 *                   authorized(A(J), A(J-1)) != Provider+, else N
 *
 *   upstream:   max_up_ramp < N -> Invalid; min_up_ramp < N -> Unknown; else Valid
 *   downstream: max_up_ramp + max_down_ramp < N -> Invalid;
 *               min_up_ramp + min_down_ramp < N -> Unknown; else Valid
 *
 * Both procedures first make an empty AS_PATH, an AS_PATH whose first AS is
 * not the neighbour AS, and an AS_PATH with an AS_SET Invalid.
 */
#include "rpki/aspa_verify.h"

#include "lib/xmalloc.h"
#include "net/net.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char WHY_EMPTY[] = ASPA_DRAFT ": the AS_PATH is empty";
static const char WHY_NEIGHBOR[] = ASPA_DRAFT ": the most recently added AS is not the neighbor AS";
static const char WHY_SET[] = ASPA_DRAFT ": the AS_PATH has an AS_SET";

/* authorized(x, y) given x's entry (NULL: no ASPA for x). */
static inline enum aspa_auth auth_entry(const struct aspa_table *t, const struct aspa_entry *ex, uint32_t y)
{
	if (!ex)
		return ASPA_AUTH_NO_ATTESTATION;
	return aspa_entry_has(t, ex, y) ? ASPA_AUTH_PROVIDER : ASPA_AUTH_NOT_PROVIDER;
}

enum aspa_auth aspa_authorized(const struct aspa_table *t, uint32_t x, uint32_t y)
{
	return auth_entry(t, aspa_lookup(t, x), y);
}

size_t aspa_path_collapse(const uint32_t *path, size_t n, uint32_t *out)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || out[m - 1] != path[i])
			out[m++] = path[i];
	return m;
}

/*
 * The pass. Walks path[] from the origin (path[n-1]) to the neighbour
 * (path[0]), skipping prepends; `i` counts the ASes seen, so at a new AS
 * A(i+1) the hop between A(i) and A(i+1) is up-ramp hop I = i and down-ramp
 * hop J = i + 1. Fills r->n and the four ramps; with `down` false the
 * down-ramp hops are not checked (both down ramps are then left as N). With
 * `stop`, returns false at the first Not Provider+ up-ramp hop, when the
 * upstream verdict is known to be Invalid; otherwise returns true.
 */
static bool ramps(const struct aspa_table *t, const uint32_t *path, size_t n, bool down, bool stop,
		  struct aspa_result *r)
{
	size_t i = 0;
	size_t up_np = 0, up_nv = 0;      /* least I: Not Provider+; not Provider+ (0: none) */
	size_t down_np = 0, down_nv = 0;  /* greatest J: the same */
	const struct aspa_entry *prev_e = NULL;
	uint32_t prev = 0;
	for (size_t k = n; k-- > 0;) {
		uint32_t as = path[k];
		if (i && as == prev)
			continue;
		const struct aspa_entry *e = aspa_lookup(t, as);
		if (i) {
			enum aspa_auth up = auth_entry(t, prev_e, as);    /* authorized(A(i), A(i+1)) */
			if (up != ASPA_AUTH_PROVIDER && !up_nv)
				up_nv = i;
			if (up == ASPA_AUTH_NOT_PROVIDER && !up_np) {
				up_np = i;
				if (stop)
					return false;
			}
			if (down) {
				enum aspa_auth dn = auth_entry(t, e, prev);  /* authorized(A(i+1), A(i)) */
				if (dn != ASPA_AUTH_PROVIDER)
					down_nv = i + 1;
				if (dn == ASPA_AUTH_NOT_PROVIDER)
					down_np = i + 1;
			}
		}
		prev = as;
		prev_e = e;
		i++;
	}
	r->n = i;
	r->max_up_ramp = up_np ? up_np : i;
	r->min_up_ramp = up_nv ? up_nv : i;
	r->max_down_ramp = down_np ? i - down_np + 1 : i;
	r->min_down_ramp = down_nv ? i - down_nv + 1 : i;
	return true;
}

static enum aspa_verdict upstream_verdict(const struct aspa_result *r)
{
	if (r->max_up_ramp < r->n)
		return ASPA_INVALID;
	if (r->min_up_ramp < r->n)
		return ASPA_UNKNOWN;
	return ASPA_VALID;
}

static enum aspa_verdict downstream_verdict(const struct aspa_result *r)
{
	if (r->max_up_ramp + r->max_down_ramp < r->n)
		return ASPA_INVALID;
	if (r->min_up_ramp + r->min_down_ramp < r->n)
		return ASPA_UNKNOWN;
	return ASPA_VALID;
}

static void invalid(struct aspa_result *r, const char *why)
{
	memset(r, 0, sizeof *r);
	r->upstream = r->downstream = ASPA_INVALID;
	r->reason = why;
}

void aspa_verify_path(const struct aspa_table *t, const uint32_t *path, size_t n, uint32_t neighbor,
		      struct aspa_result *r)
{
	if (n == 0) {
		invalid(r, WHY_EMPTY);
		return;
	}
	if (neighbor != 0 && path[0] != neighbor) {
		invalid(r, WHY_NEIGHBOR);
		return;
	}
	r->reason = NULL;
	ramps(t, path, n, true, false, r);
	r->upstream = upstream_verdict(r);
	r->downstream = downstream_verdict(r);
}

enum aspa_verdict aspa_verify_upstream(const struct aspa_table *t, const uint32_t *path, size_t n)
{
	struct aspa_result r;
	if (n == 0)
		return ASPA_INVALID;
	if (!ramps(t, path, n, false, true, &r))
		return ASPA_INVALID;
	return upstream_verdict(&r);
}

enum aspa_verdict aspa_verify_downstream(const struct aspa_table *t, const uint32_t *path, size_t n)
{
	struct aspa_result r;
	if (n == 0)
		return ASPA_INVALID;
	ramps(t, path, n, true, false, &r);
	return downstream_verdict(&r);
}

enum aspa_verdict aspa_verify_bgp_path(const struct aspa_table *t, const struct bgp_path *p,
				       enum aspa_direction dir, uint32_t neighbor, struct aspa_result *r)
{
	struct aspa_result local;
	if (!r)
		r = &local;
	/* What the sequences hold, whether they lie in p->asn back to back,
	 * whether there is a set, and the first AS of the first segment that is
	 * not a confederation segment (if that segment is a set, the AS_SET
	 * rule decides). */
	size_t total = 0;
	bool contiguous = true, has_set = false, first_seen = false, first_is_set = false;
	uint32_t first_as = 0, next = 0;
	for (uint32_t i = 0; i < p->nseg; i++) {
		const struct bgp_seg *s = &p->seg[i];
		if (s->type == BGP_AS_CONFED_SEQUENCE || s->type == BGP_AS_CONFED_SET) {
			contiguous = false;
			continue;
		}
		if (s->type != BGP_AS_SEQUENCE) {
			/* AS_SET, and any type RFC 4271 does not define: neither
			 * is a sequence of ASes a hop check could read. */
			has_set = true;
			if (!first_seen)
				first_seen = first_is_set = true;
			continue;
		}
		if (!s->n)
			continue;
		if (!first_seen) {
			first_seen = true;
			first_as = p->asn[s->first];
		}
		if (total && s->first != next)
			contiguous = false;
		next = s->first + s->n;
		total += s->n;
	}
	if (!total && !has_set) {
		invalid(r, WHY_EMPTY);
	} else if (neighbor != 0 && !first_is_set && first_as != neighbor) {
		invalid(r, WHY_NEIGHBOR);
	} else if (has_set) {
		invalid(r, WHY_SET);
	} else {
		const uint32_t *path = NULL;
		uint32_t *copy = NULL;
		if (contiguous) {
			for (uint32_t i = 0; i < p->nseg && !path; i++)
				if (p->seg[i].n)
					path = p->asn + p->seg[i].first;
		} else {
			copy = xmalloc(total * sizeof *copy);
			size_t m = 0;
			for (uint32_t i = 0; i < p->nseg; i++)
				if (p->seg[i].type == BGP_AS_SEQUENCE && p->seg[i].n) {
					memcpy(copy + m, p->asn + p->seg[i].first, p->seg[i].n * sizeof *copy);
					m += p->seg[i].n;
				}
			path = copy;
		}
		aspa_verify_path(t, path, total, 0, r);
		free(copy);
	}
	return dir == ASPA_UPSTREAM ? r->upstream : r->downstream;
}

const char *aspa_verdict_name(enum aspa_verdict v)
{
	switch (v) {
	case ASPA_VALID: return "Valid";
	case ASPA_UNKNOWN: return "Unknown";
	case ASPA_INVALID: return "Invalid";
	}
	return "?";
}

const char *aspa_auth_name(enum aspa_auth a)
{
	switch (a) {
	case ASPA_AUTH_NO_ATTESTATION: return "No Attestation";
	case ASPA_AUTH_PROVIDER: return "Provider+";
	case ASPA_AUTH_NOT_PROVIDER: return "Not Provider+";
	}
	return "?";
}

/* ---- AS paths as text ---- */

static void seg_open(struct bgp_path *p, uint8_t type)
{
	if (p->nseg == p->cap_seg) {
		p->cap_seg = p->cap_seg ? 2 * p->cap_seg : 4;
		p->seg = xrealloc(p->seg, p->cap_seg * sizeof *p->seg);
	}
	struct bgp_seg *s = &p->seg[p->nseg++];
	s->type = type;
	s->n = 0;
	s->first = p->nasn;
}

static void seg_push(struct bgp_path *p, uint32_t asn)
{
	if (p->nasn == p->cap_asn) {
		p->cap_asn = p->cap_asn ? 2 * p->cap_asn : 16;
		p->asn = xrealloc(p->asn, p->cap_asn * sizeof *p->asn);
	}
	p->asn[p->nasn++] = asn;
	p->seg[p->nseg - 1].n++;
}

int aspa_path_parse(const char *s, size_t len, struct bgp_path *p, const char **reason)
{
	static const char OPEN[] = "{([", CLOSE[] = "})]";
	static const uint8_t TYPE[] = { BGP_AS_SET, BGP_AS_CONFED_SEQUENCE, BGP_AS_CONFED_SET };
	int group = -1;            /* index into OPEN of the open bracket, or -1 */
	bool in_seq = false;       /* the last segment is an AS_SEQUENCE we may extend */
	p->nseg = p->nasn = 0;
	for (size_t i = 0; i < len;) {
		char c = s[i];
		const char *o = c ? strchr(OPEN, c) : NULL, *cl = c ? strchr(CLOSE, c) : NULL;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
		} else if (c == ',') {
			if (group != 0 && group != 2) {
				*reason = "',' outside a set";
				return -1;
			}
			i++;
		} else if (o) {
			if (group >= 0) {
				*reason = "a bracket inside a set or confederation segment";
				return -1;
			}
			group = (int)(o - OPEN);
			seg_open(p, TYPE[group]);
			in_seq = false;
			i++;
		} else if (cl) {
			if (group != (int)(cl - CLOSE)) {
				*reason = "a closing bracket without its opening one";
				return -1;
			}
			if (p->seg[p->nseg - 1].n == 0) {
				*reason = "an empty set or confederation segment";
				return -1;
			}
			group = -1;
			i++;
		} else {
			size_t j = i;
			while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != ',' &&
			       !(s[j] && (strchr(OPEN, s[j]) || strchr(CLOSE, s[j]))))
				j++;
			char buf[24];
			uint32_t asn;
			if (j - i >= sizeof buf || memchr(s + i, 0, j - i)) {
				*reason = "not an AS number";
				return -1;
			}
			memcpy(buf, s + i, j - i);
			buf[j - i] = 0;
			if (asn_parse(buf, &asn) < 0) {
				*reason = "not an AS number";
				return -1;
			}
			if (p->nasn == UINT32_MAX) {
				*reason = "too many ASes";
				return -1;
			}
			if (group < 0 && !in_seq) {
				seg_open(p, BGP_AS_SEQUENCE);
				in_seq = true;
			}
			seg_push(p, asn);
			i = j;
		}
	}
	if (group >= 0) {
		*reason = "a set or confederation segment is not closed";
		return -1;
	}
	return 0;
}

void aspa_path_release(struct bgp_path *p)
{
	free(p->seg);
	free(p->asn);
	memset(p, 0, sizeof *p);
}
