/*
 * ASPA-based AS_PATH verification, written from the text of
 * draft-ietf-sidrops-aspa-verification-27 (provider authorization function,
 * bounds on the ramp lengths, upstream and downstream algorithms). One pass
 * from the origin to the neighbour looks up each AS once and checks each
 * pair both ways, which yields the four ramp lengths and so both verdicts
 * together. Also the batch mode (text lines, MRT) at the end.
 *
 * The draft's notation (section 5.1): COMPRESSED_AS_PATH is the AS_PATH
 * after removing consecutive duplicate ASNs, AS(1) .. AS(N), AS(1) the origin
 * and AS(N) the neighbour. The up-ramp pair I asks authorized(A(I), A(I+1))
 * ("is A(I+1) a provider of A(I)?"), the down-ramp pair J asks
 * authorized(A(J), A(J-1)). Section 5.3:
 *
 *   max_up_ramp   = least I with authorized(A(I), A(I+1)) = Not Provider+, else N
 *   min_up_ramp   = least I with authorized(A(I), A(I+1)) != Provider+, else N
 *   max_down_ramp = N - J + 1 for the greatest J with
 *                   authorized(A(J), A(J-1)) = Not Provider+, else N
 *   min_down_ramp = N - J + 1 for the greatest J with
 *                   authorized(A(J), A(J-1)) != Provider+, else N
 *
 *   upstream (5.4):   max_up_ramp < N -> Invalid; min_up_ramp < N -> Unknown; else Valid
 *   downstream (5.5): max_up_ramp + max_down_ramp < N -> Invalid;
 *                     min_up_ramp + min_down_ramp < N -> Unknown; else Valid
 *
 * Steps 1-3 of both algorithms first make an empty AS_PATH, an AS_PATH whose
 * most recently added AS is not the neighbor AS, and an AS_PATH with an
 * AS_SET Invalid. Before them, an AS_PATH that BGP itself calls malformed
 * (AS 0, RFC 7607; a confederation segment from outside the confederation,
 * RFC 5065) is Invalid too: a router would treat the route as withdrawn
 * (RFC 7606) and never verify it.
 */
#include "rpki/aspa_verify.h"

#include "lib/input.h"
#include "lib/xmalloc.h"
#include "mrt/mrt.h"
#include "net/net.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char WHY_AS0[] = "RFC 7607 section 2: AS 0 in the AS_PATH (malformed)";
static const char WHY_CONFED[] = "RFC 5065 section 5: a confederation segment after an AS_SEQUENCE or AS_SET "
				 "(malformed AS_PATH)";
static const char WHY_EMPTY[] = ASPA_DRAFT " sections 5.4/5.5 step 1: the AS_PATH is empty";
static const char WHY_NEIGHBOR[] =
	ASPA_DRAFT " sections 5.4/5.5 step 2: the most recently added AS is not the neighbor AS";
static const char WHY_SET[] = ASPA_DRAFT " sections 5.4/5.5 step 3: the AS_PATH has an AS_SET";

/* The provider authorization function authorized(x, y) (section 5.2),
 * given x's entry (NULL: no ASPA for x). */
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

/* RFC 7607 section 2: AS 0 makes an AS_PATH malformed. */
static bool has_as0(const uint32_t *path, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (path[i] == 0)
			return true;
	return false;
}

void aspa_verify_path(const struct aspa_table *t, const uint32_t *path, size_t n, uint32_t neighbor,
		      struct aspa_result *r)
{
	if (has_as0(path, n)) {
		invalid(r, WHY_AS0);
		return;
	}
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
	if (n == 0 || has_as0(path, n))
		return ASPA_INVALID;
	if (!ramps(t, path, n, false, true, &r))
		return ASPA_INVALID;
	return upstream_verdict(&r);
}

enum aspa_verdict aspa_verify_downstream(const struct aspa_table *t, const uint32_t *path, size_t n)
{
	struct aspa_result r;
	if (n == 0 || has_as0(path, n))
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
	/* One pass over the segments: AS 0 anywhere; whether a confederation
	 * segment follows a non-confederation one; what the sequences hold and
	 * whether they lie in p->asn back to back; whether there is a set; and
	 * the most recently added AS, the first of the first segment as
	 * received (unknown if that segment is a set). */
	size_t total = 0;
	bool contiguous = true, has_set = false, lead = true, bad_confed = false, first_seen = false;
	bool first_known = false;
	uint32_t first_as = 0, next = 0;
	const uint32_t *start = NULL;
	for (uint32_t i = 0; i < p->nseg; i++) {
		const struct bgp_seg *s = &p->seg[i];
		if (!s->n)
			continue;
		if (has_as0(p->asn + s->first, s->n)) {
			invalid(r, WHY_AS0);
			goto out;
		}
		if (!first_seen) {
			first_seen = true;
			first_known = s->type == BGP_AS_SEQUENCE || s->type == BGP_AS_CONFED_SEQUENCE;
			first_as = p->asn[s->first];
		}
		if (s->type == BGP_AS_CONFED_SEQUENCE || s->type == BGP_AS_CONFED_SET) {
			/* RFC 5065 section 4.1: the confederation's own segments
			 * lead the path; removed at its boundary (draft section
			 * 6.2), they must not appear after that. */
			if (!lead)
				bad_confed = true;
			continue;
		}
		lead = false;
		if (s->type != BGP_AS_SEQUENCE) {
			/* AS_SET, and any type RFC 4271 does not define: neither
			 * is a sequence of ASes a pair check could read. */
			has_set = true;
			continue;
		}
		if (!start)
			start = p->asn + s->first;
		else if (s->first != next)
			contiguous = false;
		next = s->first + s->n;
		total += s->n;
	}
	if (bad_confed) {
		invalid(r, WHY_CONFED);
	} else if (!total && !has_set) {
		invalid(r, WHY_EMPTY);
	} else if (neighbor != 0 && first_known && first_as != neighbor) {
		invalid(r, WHY_NEIGHBOR);
	} else if (has_set) {
		invalid(r, WHY_SET);
	} else if (contiguous) {
		aspa_verify_path(t, start, total, 0, r);
	} else {
		uint32_t *copy = xreallocarray(NULL, total, sizeof *copy);
		size_t m = 0;
		for (uint32_t i = 0; i < p->nseg; i++)
			if (p->seg[i].type == BGP_AS_SEQUENCE && p->seg[i].n) {
				memcpy(copy + m, p->asn + p->seg[i].first, p->seg[i].n * sizeof *copy);
				m += p->seg[i].n;
			}
		aspa_verify_path(t, copy, total, 0, r);
		free(copy);
	}
out:
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
		size_t cap = p->cap_seg;
		p->seg = xgrow(p->seg, &cap, (size_t)p->nseg + 1, sizeof *p->seg);
		p->cap_seg = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
	}
	struct bgp_seg *s = &p->seg[p->nseg++];
	s->type = type;
	s->n = 0;
	s->first = p->nasn;
}

static void seg_push(struct bgp_path *p, uint32_t asn)
{
	if (p->nasn == p->cap_asn) {
		size_t cap = p->cap_asn;
		p->asn = xgrow(p->asn, &cap, (size_t)p->nasn + 1, sizeof *p->asn);
		p->cap_asn = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
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

/* ---- batch verification ---- */

static const char SKIP_PARSE_PREFIX[] = "not an AS path: ";
static const char SKIP_LONG[] = "line longer than ASPA_BATCH_MAX_LINE bytes";
static const char SKIP_SAFI[] = ASPA_DRAFT " section 6.2: not unicast (SAFI 1), not verified";
static const char SKIP_TRUNCATED[] = "MRT: the file ends inside a record";
static const char SKIP_INPUT[] = "the input stream ends with an error";

void aspa_batch_init(struct aspa_batch *b, const struct aspa_table *t, enum aspa_direction dir)
{
	memset(b, 0, sizeof *b);
	b->t = t;
	b->dir = dir;
}

void aspa_batch_free(struct aspa_batch *b)
{
	if (!b)
		return;
	aspa_path_release(&b->scratch);
}

enum aspa_verdict aspa_batch_path(struct aspa_batch *b, const struct bgp_path *p, uint32_t neighbor,
				  const struct aspa_batch_item *it)
{
	struct aspa_result r;
	enum aspa_verdict v = aspa_verify_bgp_path(b->t, p, b->dir, neighbor, &r);
	b->paths++;
	b->verdicts[v]++;
	if (b->on_path) {
		struct aspa_batch_item item;
		if (it)
			item = *it;
		else
			memset(&item, 0, sizeof item);
		item.path = p;
		item.neighbor = neighbor;
		item.verdict = v;
		item.r = &r;
		b->on_path(&item, b->ctx);
	}
	return v;
}

void aspa_batch_skip(struct aspa_batch *b, const char *reason, uint64_t where)
{
	b->skipped++;
	size_t i = 0;
	while (i < b->n_reasons && b->reasons[i].reason != reason)
		i++;
	if (i == b->n_reasons) {
		if (b->n_reasons < ASPA_BATCH_MAX_REASONS) {
			b->reasons[b->n_reasons].reason = reason;
			b->reasons[b->n_reasons].first = where;
			b->n_reasons++;
		} else {
			i = ASPA_BATCH_MAX_REASONS - 1;
		}
	}
	b->reasons[i].count++;
	if (b->on_skip)
		b->on_skip(reason, where, b->ctx);
}

/* aspa_path_parse's reasons, prefixed once: static strings for the counters. */
static const char *parse_reason(const char *why)
{
	static const char *const known[] = {
		"',' outside a set",
		"a bracket inside a set or confederation segment",
		"a closing bracket without its opening one",
		"an empty set or confederation segment",
		"not an AS number",
		"too many ASes",
		"a set or confederation segment is not closed",
	};
	static const char *const prefixed[] = {
		"not an AS path: ',' outside a set",
		"not an AS path: a bracket inside a set or confederation segment",
		"not an AS path: a closing bracket without its opening one",
		"not an AS path: an empty set or confederation segment",
		"not an AS path: not an AS number",
		"not an AS path: too many ASes",
		"not an AS path: a set or confederation segment is not closed",
	};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (!strcmp(why, known[i]))
			return prefixed[i];
	return SKIP_PARSE_PREFIX;
}

/* One line of text input (without its newline). */
static void batch_line(struct aspa_batch *b, const char *s, size_t len, uint64_t line)
{
	size_t i = 0;
	while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || s[i] == '#')
		return;
	const char *why = NULL;
	if (aspa_path_parse(s + i, len - i, &b->scratch, &why) < 0) {
		aspa_batch_skip(b, parse_reason(why), line);
		return;
	}
	struct aspa_batch_item it = { .line = line, .text = s + i, .len = len - i };
	aspa_batch_path(b, &b->scratch, 0, &it);
}

int aspa_batch_text(struct aspa_batch *b, struct input *in)
{
	size_t cap = ASPA_BATCH_MAX_LINE + 65536, len = 0;
	char *buf = xmalloc(cap);
	uint64_t line = 1;
	bool skipping = false;   /* inside an over-long line */
	for (;;) {
		size_t got = input_read(in, buf + len, cap - len);
		len += got;
		size_t start = 0;
		char *nl;
		while (!b->stop && (nl = memchr(buf + start, '\n', len - start)) != NULL) {
			size_t end = (size_t)(nl - buf);
			if (skipping)
				skipping = false;
			else if (end - start > ASPA_BATCH_MAX_LINE)
				aspa_batch_skip(b, SKIP_LONG, line);
			else
				batch_line(b, buf + start, end - start, line);
			line++;
			start = end + 1;
		}
		if (b->stop)
			break;
		memmove(buf, buf + start, len - start);
		len -= start;
		if (got == 0) {
			if (len && !skipping) {
				if (len > ASPA_BATCH_MAX_LINE)
					aspa_batch_skip(b, SKIP_LONG, line);
				else
					batch_line(b, buf, len, line);
			}
			break;
		}
		if (len > ASPA_BATCH_MAX_LINE) {
			/* No newline within the cap: skip to the next one. */
			if (!skipping)
				aspa_batch_skip(b, SKIP_LONG, line);
			skipping = true;
			len = 0;
		}
	}
	free(buf);
	if (!b->stop && input_error(in)) {
		aspa_batch_skip(b, SKIP_INPUT, line);
		return -1;
	}
	return 0;
}

/* A RIB entry or announcement: its effective AS path (RFC 6793 merge),
 * with the peer as the neighbour. */
static void batch_elem(const struct mrt_elem *e, void *ctx)
{
	struct aspa_batch *b = ctx;
	if ((e->type != MRT_ELEM_RIB && e->type != MRT_ELEM_ANNOUNCE) || !e->attrs || b->stop)
		return;
	if (e->safi != SAFI_UNICAST) {
		aspa_batch_skip(b, SKIP_SAFI, e->rec->offset);
		return;
	}
	struct aspa_batch_item it = { .e = e };
	aspa_batch_path(b, &e->attrs->path, e->peer_as, &it);
}

int aspa_batch_mrt(struct aspa_batch *b, struct input *in)
{
	struct mrt_reader rd;
	struct mrt_decoder dec;
	struct mrt_record rec;
	const char *reason = NULL;
	enum mrt_read_status rs = MRT_READ_EOF;
	int rc = 0;
	mrt_reader_init(&rd, in);
	mrt_decoder_init(&dec);
	while (!b->stop && (rs = mrt_reader_next(&rd, &rec, &reason)) != MRT_READ_EOF) {
		if (rs == MRT_READ_TRUNCATED) {
			aspa_batch_skip(b, SKIP_TRUNCATED, rec.offset);
			break;
		}
		if (rs == MRT_READ_SKIP || rs == MRT_READ_RESYNC) {
			/* The reader's reasons are static strings. */
			aspa_batch_skip(b, reason, rs == MRT_READ_RESYNC ? rd.bad_header : rec.offset);
			if (rs == MRT_READ_SKIP)
				continue;
		}
		enum mrt_status st = mrt_decode(&dec, &rec, batch_elem, b, &reason);
		if (st == MRT_MALFORMED)
			aspa_batch_skip(b, reason, rec.offset);
		if (st == MRT_OK)
			for (unsigned k = 0; k < dec.entries_skipped; k++)
				aspa_batch_skip(b, dec.entry_reason, rec.offset);
	}
	/* A stream cut short is counted once, as the record it cut. */
	if (!b->stop && input_error(in)) {
		if (rs != MRT_READ_TRUNCATED)
			aspa_batch_skip(b, SKIP_INPUT, rd.start);
		rc = -1;
	}
	mrt_decoder_free(&dec);
	mrt_reader_free(&rd);
	return rc;
}
