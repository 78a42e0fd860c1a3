/*
 * libFuzzer target for ASPA: builds a table and an AS path (with sets and
 * confederation segments) from the input, runs both verifications, and
 * checks them against a brute-force reading of
 * draft-ietf-sidrops-aspa-verification-27 (with RFC 7607 for AS 0 and
 * RFC 5065 for confederation segments) and a scan of the records added;
 * then feeds the whole input to the text loader and to the AS path text
 * parser.
 *
 * Input layout: byte 0 flags, byte 1 the neighbour AS (if FL_NEIGHBOR),
 * byte 2 the record count (low 4 bits); each record is a customer byte, a
 * count byte (low 3 bits) and that many provider bytes; with FL_REMOVE one
 * more byte names a customer to remove; every byte after that is the path,
 * neighbour first: 0xf0..0xf3 open a segment (AS_SEQUENCE, AS_SET,
 * AS_CONFED_SEQUENCE, AS_CONFED_SET), other bytes are ASes. An AS byte b
 * stands for b & 15, plus 4200000000 if b & 0x80: 32 ASes with AS 0, so
 * that hops hit the table often.
 */
#include "bgp/bgp.h"
#include "rpki/aspa.h"
#include "rpki/aspa_verify.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FL_NEIGHBOR 0x1       /* check the neighbour AS */
#define FL_REMOVE 0x2         /* one removal, before finish */
#define FL_REMOVE_LATE 0x4    /* ...or after finish */

#define MAX_REC 16
#define MAX_PATH 256

struct rec {
	uint32_t c, p[7];
	unsigned n;
	bool gone;
};

static uint32_t asn_of(uint8_t b)
{
	return (b & 0x0f) + ((b & 0x80) ? 4200000000u : 0);
}

static enum aspa_auth naive_auth(const struct rec *r, size_t nr, uint32_t x, uint32_t y)
{
	bool att = false, prov = false;
	for (size_t i = 0; i < nr; i++) {
		if (r[i].gone || r[i].c != x || r[i].n == 0)   /* an empty list is no ASPA */
			continue;
		att = true;
		for (unsigned k = 0; k < r[i].n; k++)
			prov |= y != 0 && r[i].p[k] == y;
	}
	return !att ? ASPA_AUTH_NO_ATTESTATION : prov ? ASPA_AUTH_PROVIDER : ASPA_AUTH_NOT_PROVIDER;
}

/* Is there an up-ramp of u ASes and a down-ramp of d with u + d >= N whose
 * hops are all Provider+ (strict) or all not Not Provider+? */
static bool split_ok(const enum aspa_auth *up, const enum aspa_auth *dn, size_t n, bool strict)
{
	for (size_t u = 1; u <= n; u++) {
		bool ok_u = true;
		for (size_t i = 1; i < u && ok_u; i++)
			ok_u = strict ? up[i] == ASPA_AUTH_PROVIDER : up[i] != ASPA_AUTH_NOT_PROVIDER;
		if (!ok_u)
			break;
		size_t d = n - u > 0 ? n - u : 1;
		bool ok_d = true;
		for (size_t j = n - d + 2; j <= n && ok_d; j++)
			ok_d = strict ? dn[j] == ASPA_AUTH_PROVIDER : dn[j] != ASPA_AUTH_NOT_PROVIDER;
		if (ok_d)
			return true;
	}
	return false;
}

static void check_path(const struct aspa_table *t, const struct rec *rec, size_t nr, const uint32_t *path, size_t n,
		       const struct aspa_result *r)
{
	static uint32_t a[MAX_PATH];
	static enum aspa_auth up[MAX_PATH + 2], dn[MAX_PATH + 2];
	size_t m = aspa_path_collapse(path, n, a);
	if (m == 0) {
		if (r->upstream != ASPA_INVALID || r->downstream != ASPA_INVALID || !r->reason)
			abort();
		return;
	}
	for (size_t i = 1; i < m; i++) {
		up[i] = naive_auth(rec, nr, a[m - i], a[m - i - 1]);
		dn[i + 1] = naive_auth(rec, nr, a[m - i - 1], a[m - i]);
	}
	enum aspa_verdict want_up = ASPA_VALID, want_down;
	for (size_t i = 1; i < m; i++)
		if (up[i] == ASPA_AUTH_NOT_PROVIDER)
			want_up = ASPA_INVALID;
		else if (up[i] == ASPA_AUTH_NO_ATTESTATION && want_up == ASPA_VALID)
			want_up = ASPA_UNKNOWN;
	if (split_ok(up, dn, m, true))
		want_down = ASPA_VALID;
	else if (!split_ok(up, dn, m, false))
		want_down = ASPA_INVALID;
	else
		want_down = ASPA_UNKNOWN;
	if (r->reason || r->n != m || r->upstream != want_up || r->downstream != want_down)
		abort();
	if (r->min_up_ramp < 1 || r->min_up_ramp > r->max_up_ramp || r->max_up_ramp > m || r->min_down_ramp < 1 ||
	    r->min_down_ramp > r->max_down_ramp || r->max_down_ramp > m)
		abort();
	if (aspa_verify_upstream(t, path, n) != want_up || aspa_verify_downstream(t, path, n) != want_down)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	uint8_t flags = data[0];
	uint32_t neighbor = (flags & FL_NEIGHBOR) ? asn_of(data[1]) : 0;
	size_t nr = data[2] & 15, off = 3;
	struct rec rec[MAX_REC];
	struct aspa_table t;
	aspa_table_init(&t);

	size_t got = 0;
	for (; got < nr && off + 2 <= size; got++) {
		struct rec *r = &rec[got];
		r->c = asn_of(data[off]);
		r->n = data[off + 1] & 7;
		r->gone = false;
		off += 2;
		if (off + r->n > size)
			r->n = (unsigned)(size - off);
		for (unsigned k = 0; k < r->n; k++)
			r->p[k] = asn_of(data[off + k]);
		off += r->n;
		aspa_table_add(&t, r->c, r->p, r->n);
	}
	nr = got;
	uint32_t removed = 0;
	bool remove = (flags & (FL_REMOVE | FL_REMOVE_LATE)) && off < size;
	if (remove) {
		removed = asn_of(data[off++]);
		for (size_t i = 0; i < nr; i++)
			if (rec[i].c == removed)
				rec[i].gone = true;
		if (!(flags & FL_REMOVE_LATE))
			aspa_table_remove(&t, removed);
	}
	aspa_table_finish(&t);
	if (remove && (flags & FL_REMOVE_LATE))
		aspa_table_remove(&t, removed);

	/* The table against the records, over the whole AS alphabet. */
	for (unsigned i = 0; i < 32; i++)
		for (unsigned k = 0; k < 32; k++) {
			uint32_t x = asn_of((uint8_t)((i & 15) | (i & 16) << 3));
			uint32_t y = asn_of((uint8_t)((k & 15) | (k & 16) << 3));
			if (aspa_authorized(&t, x, y) != naive_auth(rec, nr, x, y))
				abort();
		}

	/* The path. */
	struct bgp_path p;
	static struct bgp_seg seg[MAX_PATH];
	static uint32_t asn[MAX_PATH], flat[MAX_PATH + 1];
	memset(&p, 0, sizeof p);
	p.seg = seg;
	p.asn = asn;
	p.cap_seg = p.cap_asn = MAX_PATH;
	static const uint8_t TYPES[4] = { BGP_AS_SEQUENCE, BGP_AS_SET, BGP_AS_CONFED_SEQUENCE, BGP_AS_CONFED_SET };
	size_t nflat = 0;
	for (; off < size && p.nasn < MAX_PATH; off++) {
		uint8_t b = data[off];
		if (b >= 0xf0 && b <= 0xf3) {
			if (p.nseg < MAX_PATH) {
				seg[p.nseg].type = TYPES[b - 0xf0];
				seg[p.nseg].first = p.nasn;
				seg[p.nseg].n = 0;
				p.nseg++;
			}
			continue;
		}
		if (p.nseg == 0) {
			seg[0].type = BGP_AS_SEQUENCE;
			seg[0].first = 0;
			seg[0].n = 0;
			p.nseg = 1;
		}
		asn[p.nasn++] = asn_of(b);
		seg[p.nseg - 1].n++;
		if (seg[p.nseg - 1].type == BGP_AS_SEQUENCE)
			flat[nflat++] = asn_of(b);
	}
	struct aspa_result ru, rd;
	enum aspa_verdict vu = aspa_verify_bgp_path(&t, &p, ASPA_UPSTREAM, neighbor, &ru);
	enum aspa_verdict vd = aspa_verify_bgp_path(&t, &p, ASPA_DOWNSTREAM, neighbor, &rd);
	if (vu != ru.upstream || vd != rd.downstream || ru.upstream != rd.upstream || ru.downstream != rd.downstream)
		abort();
	if (ru.downstream > ru.upstream)
		abort();
	/* Over the non-empty segments: a set; AS 0; a confederation segment
	 * after another kind; the most recently added AS, if the first is a
	 * sequence of either kind. */
	bool set_seg = false, as0 = false, bad_confed = false, lead = true, first = true, first_known = false;
	uint32_t first_as = 0;
	for (uint32_t i = 0; i < p.nseg; i++) {
		if (!seg[i].n)
			continue;
		bool confed = seg[i].type == BGP_AS_CONFED_SEQUENCE || seg[i].type == BGP_AS_CONFED_SET;
		for (uint32_t k = 0; k < seg[i].n; k++)
			as0 |= asn[seg[i].first + k] == 0;
		if (first) {
			first = false;
			first_known = seg[i].type == BGP_AS_SEQUENCE || seg[i].type == BGP_AS_CONFED_SEQUENCE;
			first_as = asn[seg[i].first];
		}
		bad_confed |= confed && !lead;
		lead &= confed;
		set_seg |= seg[i].type == BGP_AS_SET;
	}
	if (set_seg || as0 || bad_confed || (neighbor && first_known && first_as != neighbor) || !nflat) {
		if (vu != ASPA_INVALID || vd != ASPA_INVALID || !ru.reason)
			abort();
		if (as0 != !strncmp(ru.reason, "RFC 7607", 8))
			abort();
	} else {
		struct aspa_result r;
		aspa_verify_path(&t, flat, nflat, 0, &r);
		if (r.upstream != vu || r.downstream != vd || r.n != ru.n || r.max_down_ramp != ru.max_down_ramp)
			abort();
		check_path(&t, rec, nr, flat, nflat, &r);
		/* One more prepend of the neighbour changes nothing. */
		memmove(flat + 1, flat, nflat * sizeof *flat);
		struct aspa_result r2;
		aspa_verify_path(&t, flat, nflat + 1, 0, &r2);
		if (r2.upstream != r.upstream || r2.downstream != r.downstream || r2.n != r.n)
			abort();
	}
	aspa_table_free(&t);

	/* The whole input through the loaders and the path text parser. */
	struct aspa_load_report rep;
	memset(&rep, 0, sizeof rep);
	aspa_table_init(&t);
	aspa_table_load_text(&t, (const char *)data, size, &rep);
	if (rep.skipped > rep.records || (rep.skipped && !rep.first_reason))
		abort();
	if (aspa_text_sniff((const char *)data, size) && rep.records == 0)
		abort();
	aspa_table_finish(&t);
	for (size_t i = 1; i < t.n_entries; i++)
		if (t.entries[i - 1].customer >= t.entries[i].customer)
			abort();
	aspa_table_free(&t);
	struct bgp_path tp;
	const char *why = NULL;
	memset(&tp, 0, sizeof tp);
	if (aspa_path_parse((const char *)data, size, &tp, &why) < 0 && !why)
		abort();
	aspa_path_release(&tp);
	return 0;
}
