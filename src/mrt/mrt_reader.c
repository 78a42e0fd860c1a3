/*
 * MRT record framing (RFC 6396 section 2) over a sliding window of the
 * decompressed stream: records are returned in place (no copy), and the
 * window keeps the previous record so that after a damaged header the
 * reader can look for the next good one starting inside it.
 */
#include "mrt/mrt.h"
#include "lib/limits.h"
#include "lib/xmalloc.h"

#include <string.h>

/* Records found while resynchronising must lie within a day of the last
 * good one, and be shorter than this. */
#define RESYNC_MAX_TS_GAP 86400u
#define RESYNC_MAX_LEN (1u << 20)

void mrt_reader_init(struct mrt_reader *r, struct input *in)
{
	memset(r, 0, sizeof *r);
	r->in = in;
	r->cap = 256 * 1024;
	r->buf = xmalloc(r->cap);
}

void mrt_reader_free(struct mrt_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Makes stream bytes [pos, pos + n) available in the window; pos must not
 * be before the keep point (the previous header, or the next one). Returns
 * a pointer to them, valid until the next call, or NULL at the end of the
 * stream. Offsets are absolute, so moving the window never invalidates
 * them. */
static const uint8_t *ensure(struct mrt_reader *r, uint64_t pos, size_t n)
{
	if (r->end >= pos + n)
		return r->buf + (pos - r->base);
	uint64_t keep = r->have_prev && r->prev < r->start ? r->prev : r->start;
	if (pos < keep)
		keep = pos;
	size_t shift = (size_t)(keep - r->base);
	if (shift) {
		memmove(r->buf, r->buf + shift, (size_t)(r->end - keep));
		r->base = keep;
	}
	size_t need = (size_t)(pos + n - r->base);
	if (need > r->cap)
		r->buf = xgrow(r->buf, &r->cap, need, 1);
	while (r->end < pos + n && !r->eof) {
		size_t have = (size_t)(r->end - r->base);
		size_t want = r->cap - have;
		size_t got = input_read(r->in, r->buf + have, want);
		r->end += got;
		if (got < want)
			r->eof = true;
	}
	return r->end >= pos + n ? r->buf + (pos - r->base) : NULL;
}

static bool known_type(uint16_t type, uint16_t subtype)
{
	switch (type) {
	case MRT_BGP: return subtype <= MRT_BGP_KEEPALIVE;
	case MRT_TABLE_DUMP: return subtype >= 1 && subtype <= 4;
	case MRT_TABLE_DUMP_V2: return subtype >= 1 && subtype <= 12 && subtype != 7;
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET: return subtype <= MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
	/* OSPFv2, IS-IS, IS-IS_ET, OSPFv3, OSPFv3_ET (RFC 6396 section 4) */
	case 11: case 32: case 33: case 48: case 49: return true;
	default: return false;
	}
}

/* A header that could start a real record, judged more strictly than in
 * normal reading because it is a guess. */
static bool plausible_at(struct mrt_reader *r, uint64_t pos)
{
	const uint8_t *h = ensure(r, pos, 12);
	if (!h)
		return false;
	uint32_t ts = be32(h), len = be32(h + 8);
	if (!known_type(be16(h + 4), be16(h + 6)) || len > RESYNC_MAX_LEN)
		return false;
	if (r->have_ts && (ts > r->last_ts ? ts - r->last_ts : r->last_ts - ts) > RESYNC_MAX_TS_GAP)
		return false;
	return true;
}

/* Looks for the next offset from `from` where a plausible header is
 * followed by another plausible header or by the exact end of the stream,
 * however far that is. The scan streams: the window keeps only the bytes
 * from the offset being tried (plus one candidate record of at most
 * RESYNC_MAX_LEN), so a long run of garbage costs time, never memory. */
static bool resync(struct mrt_reader *r, uint64_t from, uint64_t *found)
{
	/* Nothing before the scan position is needed any more. */
	r->have_prev = false;
	for (uint64_t pos = from;; pos++) {
		r->start = pos;
		const uint8_t *h = ensure(r, pos, 12);
		if (!h)
			return false;
		if (!plausible_at(r, pos))
			continue;
		h = ensure(r, pos, 12);
		uint64_t next = pos + 12 + be32(h + 8);
		if (plausible_at(r, next) || (!ensure(r, next, 1) && r->end == next)) {
			*found = pos;
			return true;
		}
	}
}

enum mrt_read_status mrt_reader_next(struct mrt_reader *r, struct mrt_record *rec, const char **reason)
{
	enum mrt_read_status ok = MRT_READ_OK;
	memset(rec, 0, sizeof *rec);
	rec->offset = r->start;
	const uint8_t *h = ensure(r, r->start, 12);
	if (!h) {
		if (r->end == r->start)
			return MRT_READ_EOF;
		*reason = "RFC 6396 section 2: the file ends inside an MRT header";
		r->start = r->end;
		return MRT_READ_TRUNCATED;
	}
	uint16_t type = be16(h + 4), subtype = be16(h + 6);
	uint32_t len = be32(h + 8);
	if (!known_type(type, subtype) || len > MRT_MAX_RECORD_LEN) {
		/* A damaged header: most often the previous record's length
		 * was wrong, so look again from just after its header. */
		uint64_t bad = r->start, at;
		r->bad_header = bad;
		uint64_t from = r->have_prev ? r->prev + 12 : r->start + 1;
		if (!resync(r, from, &at)) {
			r->skipped_bytes = r->end - bad;
			r->skipped_total += r->skipped_bytes;
			r->start = r->end;
			r->have_prev = false;
			*reason = "RFC 6396 section 2: MRT header damaged and no valid record follows";
			return MRT_READ_TRUNCATED;
		}
		*reason = "RFC 6396 section 2: MRT header with an unknown type or impossible length";
		/* A record found inside the previous one re-reads bytes
		 * rather than skipping any. */
		r->skipped_bytes = at > bad ? at - bad : 0;
		r->skipped_total += r->skipped_bytes;
		r->start = at;
		h = ensure(r, at, 12);
		type = be16(h + 4);
		subtype = be16(h + 6);
		len = be32(h + 8);
		rec->offset = at;
		ok = MRT_READ_RESYNC;
	}
	rec->ts = be32(h);
	rec->type = type;
	rec->subtype = subtype;
	rec->len = len;
	uint64_t hdr = r->start;
	const uint8_t *p = ensure(r, hdr, 12 + (size_t)len);
	if (!p) {
		*reason = "RFC 6396 section 2: the file ends inside an MRT record";
		r->start = r->end;
		r->have_prev = false;
		return MRT_READ_TRUNCATED;
	}
	rec->body = p + 12;
	r->prev = hdr;
	r->have_prev = true;
	r->start = hdr + 12 + len;
	r->last_ts = rec->ts;
	r->have_ts = true;
	if (rec->type == MRT_BGP4MP_ET) {
		/* RFC 6396 section 3: the microsecond field counts in Length. */
		if (rec->len < 4) {
			*reason = "RFC 6396 section 3: BGP4MP_ET record shorter than its microsecond field";
			return MRT_READ_SKIP;
		}
		rec->usec = be32(rec->body);
		rec->body += 4;
		rec->len -= 4;
	}
	return ok;
}
