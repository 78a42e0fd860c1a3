/*
 * Route-leak classifier (leak.h): one AS path, its receiver and context in,
 * one verdict with the leaker, the accomplices and the rule out. The walk
 * goes from the origin towards the receiver, as the route travelled; each
 * hop gets a direction from the relationships (up to a provider, down to a
 * customer, across to a peer, inside an organisation, or unknown).
 */
#include "detect/leak.h"

#include <stdio.h>
#include <string.h>

enum dir { DIR_UNKNOWN = 0, DIR_UP, DIR_DOWN, DIR_FLAT, DIR_SIB, DIR_NONE };

/* One AS of the path; `set` marks an AS_SET (asn 0, members unordered). */
struct node {
	uint32_t asn;
	bool set;
};

/* The path as walked: chain[0] the origin, chain[m-1] the AS nearest the
 * receiver (or the receiver itself if added). dir[i] is the hop from
 * chain[i] to chain[i+1]; rs[i] the route server dropped on that hop (0 if
 * none). */
struct walk {
	struct node chain[LEAK_MAX_PATH];
	enum dir dir[LEAK_MAX_PATH];
	uint32_t rs[LEAK_MAX_PATH];
	size_t m;
	bool receiver_added;
	bool too_long, loop;
	uint32_t loop_asn;
};

static bool is_rs(const struct leak_input *in, uint32_t asn)
{
	size_t lo = 0, hi = in->n_rs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (in->rs_asns[mid] == asn)
			return true;
		if (in->rs_asns[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static enum dir dir_of(const struct leak_input *in, const struct node *a, const struct node *b, uint32_t rs)
{
	if (a->set || b->set)
		return DIR_UNKNOWN;
	if (in->sibling && in->sibling(a->asn, b->asn, in->sibling_arg))
		return DIR_SIB;
	if (in->rel) {
		switch (asrel_get(in->rel, a->asn, b->asn)) {
		case ASREL_C2P: return DIR_UP;    /* a customer exports to its provider */
		case ASREL_P2C: return DIR_DOWN;
		case ASREL_P2P: return DIR_FLAT;
		case ASREL_NONE: break;
		}
	}
	/* Across a route server with no relationship known: RFC 9234 section
	 * 5 handles routes from an RS as routes from a peer. */
	return rs ? DIR_FLAT : DIR_UNKNOWN;
}

/* Compressed path in AS_PATH order (receiver side first): prepends once,
 * confederation segments dropped. Returns the count, or LEAK_MAX_PATH + 1
 * if longer than the cap. */
static size_t flatten(const struct bgp_path *p, struct node *out)
{
	size_t n = 0;
	for (uint32_t s = 0; s < p->nseg; s++) {
		const struct bgp_seg *g = &p->seg[s];
		if (g->type == BGP_AS_CONFED_SEQUENCE || g->type == BGP_AS_CONFED_SET)
			continue;
		if (g->first > p->nasn || g->n > p->nasn - g->first)
			continue;
		if (g->type == BGP_AS_SET) {
			if (n == LEAK_MAX_PATH)
				return LEAK_MAX_PATH + 1;
			out[n++] = (struct node){ 0, true };
			continue;
		}
		if (g->type != BGP_AS_SEQUENCE)
			continue;
		for (uint32_t i = 0; i < g->n; i++) {
			uint32_t a = p->asn[g->first + i];
			if (n && !out[n - 1].set && out[n - 1].asn == a)
				continue;
			if (n == LEAK_MAX_PATH)
				return LEAK_MAX_PATH + 1;
			out[n++] = (struct node){ a, false };
		}
	}
	return n;
}

/* Builds the walk from the compressed path `seq` (receiver side first). */
static void build_walk(const struct leak_input *in, const struct node *seq, size_t n, struct walk *w)
{
	w->m = 0;
	uint32_t pending_rs = 0;
	for (size_t k = n; k-- > 0;) {
		/* An AS_SET at the origin end is an aggregate: the AS that
		 * aggregated originates the route (RFC 4271 section 9.2.2.2),
		 * and the links into the set cannot be known. */
		if (seq[k].set && w->m == 0)
			continue;
		if (!seq[k].set && in->n_rs && is_rs(in, seq[k].asn) && w->m) {
			pending_rs = seq[k].asn;
			continue;
		}
		/* An RS between two copies of the same AS leaves a prepend. */
		if (w->m && !seq[k].set && !w->chain[w->m - 1].set && w->chain[w->m - 1].asn == seq[k].asn)
			continue;
		if (w->m)
			w->rs[w->m - 1] = pending_rs;
		pending_rs = 0;
		w->chain[w->m++] = seq[k];
	}
	if (in->receiver && w->m && (w->chain[w->m - 1].set || w->chain[w->m - 1].asn != in->receiver)) {
		if (w->m == LEAK_MAX_PATH) {
			w->too_long = true;
			return;
		}
		w->rs[w->m - 1] = pending_rs;
		w->chain[w->m++] = (struct node){ in->receiver, false };
		w->receiver_added = true;
	}
	/* Loops: an AS twice, apart (RFC 4271 section 9.1.2 loop detection
	 * would have dropped it; seen with path poisoning). */
	for (size_t i = 0; i < w->m && !w->loop; i++)
		for (size_t j = i + 1; j < w->m; j++)
			if (!w->chain[i].set && !w->chain[j].set && w->chain[i].asn == w->chain[j].asn) {
				w->loop = true;
				w->loop_asn = w->chain[i].asn;
				break;
			}
	for (size_t i = 0; i + 1 < w->m; i++)
		w->dir[i] = dir_of(in, &w->chain[i], &w->chain[i + 1], w->rs[i]);
}

static int type_of(enum dir in, enum dir out)
{
	if (in == DIR_DOWN)
		return out == DIR_UP ? 1 : out == DIR_FLAT ? 3 : 0;
	if (in == DIR_FLAT)
		return out == DIR_FLAT ? 2 : out == DIR_UP ? 4 : 0;
	return 0;
}

static const char *dir_from_name(enum dir d)
{
	switch (d) {
	case DIR_DOWN: return "its provider";
	case DIR_FLAT: return "its peer";
	case DIR_UP: return "its customer";
	default: return "";
	}
}

static const char *dir_to_name(enum dir d)
{
	switch (d) {
	case DIR_UP: return "its provider";
	case DIR_FLAT: return "its peer";
	case DIR_DOWN: return "its customer";
	default: return "";
	}
}

static void set_accomplices(const struct walk *w, size_t culprit_idx, struct leak_verdict *v)
{
	size_t end = w->receiver_added ? w->m - 1 : w->m;
	v->n_accomplices = 0;
	for (size_t i = culprit_idx + 1; i < end; i++)
		if (!w->chain[i].set)
			v->accomplices[v->n_accomplices++] = w->chain[i].asn;
}

/* The direction in which chain[i] received the route, looking through
 * sibling hops; *from_idx gets the AS it came from (outside the sibling
 * group). DIR_NONE for the origin's organisation. */
static enum dir in_dir(const struct walk *w, size_t i, size_t *from_idx)
{
	while (i > 0 && w->dir[i - 1] == DIR_SIB)
		i--;
	if (i == 0) {
		*from_idx = 0;
		return DIR_NONE;
	}
	*from_idx = i - 1;
	return w->dir[i - 1];
}

/* Valley-free walk (RFC 7908 section 3, types 1-4). Returns the index of
 * the first leaker from the origin, or (size_t)-1. */
static size_t valley(const struct walk *w, struct leak_verdict *v, size_t *from_idx)
{
	size_t first = (size_t)-1;
	bool have_unknown = false;
	for (size_t i = 0; i + 1 < w->m; i++)
		if (w->dir[i] == DIR_UNKNOWN && !have_unknown) {
			have_unknown = true;
			v->unknown_a = w->chain[i].set ? 0 : w->chain[i].asn;
			v->unknown_b = w->chain[i + 1].set ? 0 : w->chain[i + 1].asn;
		}
	for (size_t i = 1; i + 1 < w->m; i++) {
		enum dir out = w->dir[i];
		if (out == DIR_SIB)
			continue;
		size_t f;
		enum dir din = in_dir(w, i, &f);
		if (din == DIR_NONE)
			continue;
		bool could_in = din != DIR_UP;        /* down, across, or unknown */
		bool could_out = out != DIR_DOWN;     /* up, across, or unknown */
		if (!could_in || !could_out)
			continue;
		if (din == DIR_UNKNOWN || out == DIR_UNKNOWN) {
			v->unjudged++;
			continue;
		}
		v->violations++;
		if (first == (size_t)-1) {
			first = i;
			*from_idx = f;
		}
	}
	return first;
}

/* RFC 9234 section 5 over the walk. */
static void otc_check(const struct leak_input *in, const struct walk *w, struct leak_verdict *v, size_t *culprit_idx)
{
	*culprit_idx = (size_t)-1;
	if (!in->has_otc) {
		v->otc = LEAK_OTC_ABSENT;
		return;
	}
	uint32_t V = in->otc;
	size_t start = (size_t)-1;
	for (size_t i = 0; i < w->m; i++) {
		if (!w->chain[i].set && w->chain[i].asn == V) {
			/* V's organisation set it; the next AS outside it holds it. */
			size_t k = i;
			while (k + 1 < w->m && w->dir[k] == DIR_SIB)
				k++;
			if (k + 1 >= w->m) {
				v->otc = LEAK_OTC_OK;
				snprintf(v->otc_reason, sizeof v->otc_reason,
					 "OTC AS%u is the last AS of the path: nothing after it to check (RFC 9234 section 5)", V);
				return;
			}
			if (w->dir[k] == DIR_UP) {
				v->otc = LEAK_OTC_MISMATCH;
				snprintf(v->otc_reason, sizeof v->otc_reason,
					 "OTC AS%u sent the route to AS%u, its provider per the relationships: RFC 9234 section 5 "
					 "sets OTC only towards customers and peers, so the relationship data and the OTC disagree",
					 V, w->chain[k + 1].asn);
				return;
			}
			start = k + 1;
			break;
		}
		if (i + 1 < w->m && w->rs[i] == V) {
			start = i + 1;   /* set by a route server on the hop into chain[i+1] */
			break;
		}
	}
	if (start == (size_t)-1) {
		v->otc = in->n_rs && is_rs(in, V) ? LEAK_OTC_RS : LEAK_OTC_FOREIGN;
		snprintf(v->otc_reason, sizeof v->otc_reason,
			 v->otc == LEAK_OTC_RS ? "OTC AS%u is a route server not in the path: where it was set is unknown"
					       : "OTC AS%u is not in the AS path: where it was set is unknown",
			 V);
		return;
	}
	bool unknown = false;
	for (size_t j = start; j + 1 < w->m; j++) {
		enum dir out = w->dir[j];
		if (out == DIR_DOWN || out == DIR_SIB)
			continue;
		if (out == DIR_UNKNOWN) {
			unknown = true;
			continue;
		}
		v->otc = LEAK_OTC_VIOLATION;
		v->otc_culprit = w->chain[j].asn;
		*culprit_idx = j;
		snprintf(v->otc_reason, sizeof v->otc_reason,
			 "AS%u sent a route carrying OTC AS%u to AS%u, %s: RFC 9234 section 5 says a route with OTC "
			 "MUST NOT be propagated to providers, peers or route servers",
			 w->chain[j].asn, V, w->chain[j + 1].asn, dir_to_name(out));
		return;
	}
	v->otc = unknown ? LEAK_OTC_UNKNOWN : LEAK_OTC_OK;
	snprintf(v->otc_reason, sizeof v->otc_reason,
		 unknown ? "after OTC AS%u a relationship is unknown: no OTC verdict"
			 : "after OTC AS%u the route only went down to customers (RFC 9234 section 5)",
		 V);
}

/* ASPA verification (draft-ietf-sidrops-aspa-verification-27 sections 5.4,
 * 5.5) by the receiver, and an attestation-proven valley. */
static void aspa_check(const struct leak_input *in, const struct node *seq, size_t n, struct leak_verdict *v)
{
	if (!in->aspa || n == 0)
		return;
	const struct aspa_table *t = in->aspa;
	uint32_t flat[LEAK_MAX_PATH];
	bool has_set = false;
	for (size_t i = 0; i < n; i++) {
		if (seq[i].set)
			has_set = true;
		flat[i] = seq[i].asn;
	}
	size_t skip = 0;
	uint32_t verifier = in->receiver, neighbor = 0;
	if (verifier && !seq[0].set && seq[0].asn == verifier)
		skip = 1;   /* the receiver put itself first: it verified the rest */
	if (skip == n)
		return;     /* the receiver's own route */
	v->aspa_checked = true;
	v->aspa_dir = -1;
	if (verifier) {
		neighbor = seq[skip].set ? 0 : seq[skip].asn;
		enum asrel_rel r = in->rel && neighbor ? asrel_get(in->rel, verifier, neighbor) : ASREL_NONE;
		if (r == ASREL_P2C || r == ASREL_P2P || (neighbor && in->n_rs && is_rs(in, neighbor)))
			v->aspa_dir = ASPA_UPSTREAM;
		else if (r == ASREL_C2P)
			v->aspa_dir = ASPA_DOWNSTREAM;
	}
	if (has_set) {
		v->aspa_up = v->aspa_down = ASPA_INVALID;
		snprintf(v->aspa_reason, sizeof v->aspa_reason,
			 "%s sections 5.4 and 5.5 step 3: the path holds an AS_SET: Invalid", ASPA_DRAFT);
	} else {
		struct aspa_result r;
		aspa_verify_path(t, flat + skip, n - skip, verifier ? neighbor : 0, &r);
		v->aspa_up = r.upstream;
		v->aspa_down = r.downstream;
		if (r.reason)
			snprintf(v->aspa_reason, sizeof v->aspa_reason, "%s", r.reason);
	}
	v->aspa = v->aspa_dir == ASPA_UPSTREAM ? v->aspa_up : v->aspa_down;
	/* A proven valley: b sent to c a route it got from a, where a attests
	 * b is not its provider (so b got it from a peer or provider) and c
	 * attests b is not its provider (so b sent it to a peer or provider). */
	uint32_t b[LEAK_MAX_PATH + 1];
	size_t m = 0;
	for (size_t i = n; i-- > 0;)
		b[m++] = flat[i];
	if (verifier && skip == 0)
		b[m++] = verifier;
	if (!has_set)
		for (size_t i = 0; i + 2 < m; i++) {
			if (in->n_rs && is_rs(in, b[i + 1]))
				continue;
			if (aspa_authorized(t, b[i], b[i + 1]) == ASPA_AUTH_NOT_PROVIDER &&
			    aspa_authorized(t, b[i + 2], b[i + 1]) == ASPA_AUTH_NOT_PROVIDER) {
				v->aspa_culprit = b[i + 1];
				break;
			}
		}
	const char *dn = v->aspa_dir == ASPA_UPSTREAM ? "upstream" : v->aspa_dir == ASPA_DOWNSTREAM ? "downstream" : "downstream (receiver relation unknown)";
	if (!v->aspa_reason[0]) {
		if (v->aspa_culprit)
			snprintf(v->aspa_reason, sizeof v->aspa_reason,
				 "%s %s verification: %s; AS%u got the route from an AS that does not attest it as "
				 "provider and sent it to one that does not either",
				 ASPA_DRAFT, dn, aspa_verdict_name(v->aspa), v->aspa_culprit);
		else
			snprintf(v->aspa_reason, sizeof v->aspa_reason, "%s %s verification: %s", ASPA_DRAFT, dn,
				 aspa_verdict_name(v->aspa));
	}
}

static size_t index_of(const struct walk *w, uint32_t asn)
{
	for (size_t i = 0; i < w->m; i++)
		if (!w->chain[i].set && w->chain[i].asn == asn)
			return i;
	return (size_t)-1;
}

static bool internal_length(const struct prefix *p)
{
	return p && ((p->afi == AFI_IPV4 && p->len > 24) || (p->afi == AFI_IPV6 && p->len > 48));
}

static void classify(const struct node *seq, size_t n, const struct leak_input *in, struct leak_verdict *v)
{
	memset(v, 0, sizeof *v);
	v->aspa_dir = -1;
	if (n > LEAK_MAX_PATH) {
		v->status = LEAK_UNKNOWN;
		snprintf(v->reason, sizeof v->reason, "path longer than %d distinct ASes: not judged", LEAK_MAX_PATH);
		return;
	}
	if (n == 0) {
		v->status = LEAK_UNKNOWN;
		snprintf(v->reason, sizeof v->reason, "empty AS path: not judged");
		return;
	}
	struct walk w;   /* 2 KiB: on the stack, so the classifier stays reentrant */
	memset(&w, 0, sizeof w);
	build_walk(in, seq, n, &w);
	v->ases = w.m;
	aspa_check(in, seq, n, v);
	if (w.too_long) {
		v->status = LEAK_UNKNOWN;
		snprintf(v->reason, sizeof v->reason, "path longer than %d distinct ASes: not judged", LEAK_MAX_PATH);
		return;
	}
	if (w.loop) {
		v->status = LEAK_UNKNOWN;
		snprintf(v->reason, sizeof v->reason,
			 "AS%u appears twice apart in the path (a loop or path poisoning, which RFC 4271 section 9.1.2 "
			 "loop detection drops): not judged",
			 w.loop_asn);
		return;
	}
	size_t from_idx = 0, otc_idx;
	size_t leak_idx = valley(&w, v, &from_idx);
	otc_check(in, &w, v, &otc_idx);
	bool aspa_bad = v->aspa_checked && v->aspa == ASPA_INVALID;
	bool aspa_good = v->aspa_checked && v->aspa == ASPA_VALID;

	if (leak_idx != (size_t)-1) {
		size_t f;
		enum dir din = in_dir(&w, leak_idx, &f);
		enum dir out = w.dir[leak_idx];
		v->type = type_of(din, out);
		v->culprit = w.chain[leak_idx].asn;
		v->from = w.chain[from_idx].set ? 0 : w.chain[from_idx].asn;
		v->to = w.chain[leak_idx + 1].asn;
		if (aspa_good) {
			v->status = LEAK_NO;
			v->weak = true;
			snprintf(v->reason, sizeof v->reason,
				 "the inferred relationships make AS%u send a route from %s AS%u to %s AS%u (%s), but ASPA "
				 "verification is Valid: the attestations win over the inference",
				 v->culprit, dir_from_name(din), v->from, dir_to_name(out), v->to, leak_type_name(v->type));
			v->type = 0;
			v->culprit = v->from = v->to = 0;
			return;
		}
		v->status = LEAK_YES;
		v->basis = LEAK_BY_VALLEY;
		set_accomplices(&w, leak_idx, v);
		snprintf(v->reason, sizeof v->reason,
			 "AS%u received the route from %s AS%u and sent it to %s AS%u: %s (valley-free rule)",
			 v->culprit, dir_from_name(din), v->from, dir_to_name(out), v->to, leak_type_name(v->type));
		return;
	}
	if (v->otc == LEAK_OTC_VIOLATION) {
		size_t f;
		enum dir din = in_dir(&w, otc_idx, &f);
		enum dir out = w.dir[otc_idx];
		v->status = LEAK_YES;
		v->basis = LEAK_BY_OTC;
		v->culprit = v->otc_culprit;
		v->from = w.chain[f].set ? 0 : w.chain[f].asn;
		v->to = w.chain[otc_idx + 1].asn;
		v->type = type_of(din, out);
		set_accomplices(&w, otc_idx, v);
		snprintf(v->reason, sizeof v->reason, "%s", v->otc_reason);
		return;
	}
	if (aspa_bad) {
		v->status = LEAK_YES;
		v->basis = LEAK_BY_ASPA;
		size_t ci = v->aspa_culprit ? index_of(&w, v->aspa_culprit) : (size_t)-1;
		if (ci != (size_t)-1 && ci > 0 && ci + 1 < w.m) {
			size_t f;
			enum dir din = in_dir(&w, ci, &f);
			v->culprit = v->aspa_culprit;
			v->from = w.chain[f].set ? 0 : w.chain[f].asn;
			v->to = w.chain[ci + 1].asn;
			v->type = type_of(din, w.dir[ci]);
			set_accomplices(&w, ci, v);
		} else {
			/* Invalid without a proven valley: a leak or a forged
			 * path; ASPA cannot tell which AS did it. */
			v->weak = true;
		}
		snprintf(v->reason, sizeof v->reason, "%s", v->aspa_reason);
		return;
	}
	/* Type 5: re-origination (RFC 7908 section 3.5). */
	const struct node *o = &w.chain[0];
	uint32_t lo = in->legit_origin;
	if (lo && !o->set && o->asn != lo) {
		enum asrel_rel r = in->rel ? asrel_get(in->rel, o->asn, lo) : ASREL_NONE;
		bool sib = in->sibling && in->sibling(o->asn, lo, in->sibling_arg);
		bool customer = r == ASREL_P2C || (r == ASREL_NONE && in->rel && asrel_in_cone(in->rel, o->asn, lo));
		enum dir out = w.m > 1 ? w.dir[0] : DIR_NONE;
		if (!sib && (r == ASREL_C2P || r == ASREL_P2P || customer) && (out == DIR_UP || out == DIR_FLAT)) {
			v->status = LEAK_YES;
			v->basis = LEAK_BY_REORIGIN;
			v->type = 5;
			v->weak = customer;
			v->culprit = o->asn;
			v->to = w.chain[1].asn;
			set_accomplices(&w, 0, v);
			snprintf(v->reason, sizeof v->reason,
				 "AS%u originates a prefix whose legitimate origin is AS%u, %s of AS%u, and sends it to "
				 "%s AS%u: %s%s",
				 o->asn, lo, r == ASREL_C2P ? "a provider" : r == ASREL_P2P ? "a peer" : "a customer", o->asn,
				 dir_to_name(out), v->to, leak_type_name(5),
				 customer ? " (weak: a provider may originate its customer's space by agreement)" : "");
			return;
		}
	}
	/* Type 6: internal more-specifics (RFC 7908 section 3.6). */
	if (in->covering_same_origin && !o->set && w.m > 1 && w.dir[0] != DIR_DOWN && w.dir[0] != DIR_SIB) {
		v->status = LEAK_YES;
		v->basis = LEAK_BY_MORESPECIFIC;
		v->type = 6;
		v->weak = !internal_length(in->prefix) || w.dir[0] == DIR_UNKNOWN;
		v->culprit = o->asn;
		v->to = w.chain[1].asn;
		set_accomplices(&w, 0, v);
		char pfx[PREFIX_STRLEN] = "the prefix";
		if (in->prefix)
			prefix_fmt(in->prefix, pfx);
		snprintf(v->reason, sizeof v->reason,
			 "AS%u sends %s, a more-specific it does not normally announce inside a covering prefix it "
			 "announces, to %s AS%u: %s%s",
			 o->asn, pfx, w.dir[0] == DIR_UNKNOWN ? "its neighbour" : dir_to_name(w.dir[0]), v->to,
			 leak_type_name(6), v->weak ? " (weak: could be traffic engineering)" : "");
		return;
	}
	if (v->unjudged) {
		v->status = LEAK_UNKNOWN;
		snprintf(v->reason, sizeof v->reason,
			 "no valley among the known relationships, but %zu AS%s could not be judged (first unknown link "
			 "AS%u-AS%u)",
			 v->unjudged, v->unjudged == 1 ? "" : "es", v->unknown_a, v->unknown_b);
		return;
	}
	v->status = LEAK_NO;
	snprintf(v->reason, sizeof v->reason, "valley-free: every AS sent the route only up, or down, or across once at the top");
}

void leak_classify(const struct bgp_path *p, const struct leak_input *in, struct leak_verdict *v)
{
	struct node seq[LEAK_MAX_PATH];
	size_t n = flatten(p, seq);
	classify(seq, n, in, v);
}

void leak_classify_asns(const uint32_t *path, size_t n, const struct leak_input *in, struct leak_verdict *v)
{
	struct node seq[LEAK_MAX_PATH];
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && seq[m - 1].asn == path[i])
			continue;
		if (m == LEAK_MAX_PATH) {
			m = LEAK_MAX_PATH + 1;
			break;
		}
		seq[m++] = (struct node){ path[i], false };
	}
	classify(seq, m, in, v);
}

const char *leak_status_name(enum leak_status s)
{
	switch (s) {
	case LEAK_NO: return "no";
	case LEAK_YES: return "yes";
	case LEAK_UNKNOWN: return "unknown";
	}
	return "?";
}

const char *leak_basis_name(enum leak_basis b)
{
	switch (b) {
	case LEAK_BY_NONE: return "none";
	case LEAK_BY_VALLEY: return "valley";
	case LEAK_BY_OTC: return "otc";
	case LEAK_BY_ASPA: return "aspa";
	case LEAK_BY_REORIGIN: return "re-origination";
	case LEAK_BY_MORESPECIFIC: return "more-specific";
	}
	return "?";
}

const char *leak_otc_name(enum leak_otc o)
{
	switch (o) {
	case LEAK_OTC_ABSENT: return "absent";
	case LEAK_OTC_OK: return "ok";
	case LEAK_OTC_VIOLATION: return "violation";
	case LEAK_OTC_UNKNOWN: return "unknown";
	case LEAK_OTC_FOREIGN: return "foreign";
	case LEAK_OTC_RS: return "route-server";
	case LEAK_OTC_MISMATCH: return "mismatch";
	}
	return "?";
}

const char *leak_type_name(int type)
{
	switch (type) {
	case 1: return "RFC 7908 type 1: hairpin turn (a route from one provider sent to another provider)";
	case 2: return "RFC 7908 type 2: lateral ISP-ISP-ISP leak (a route from one peer sent to another peer)";
	case 3: return "RFC 7908 type 3: route learned from a transit provider leaked to a peer";
	case 4: return "RFC 7908 type 4: route learned from a peer leaked to a transit provider";
	case 5: return "RFC 7908 type 5: prefix re-origination with a data path to the legitimate origin";
	case 6: return "RFC 7908 type 6: accidental leak of internal prefixes and more-specifics";
	}
	return "";
}
