/*
 * Text renderings of route elements: bgpdump's one-line formats (-m and -M,
 * byte-identical with bgpdump 1.6.2 except the documented RFC deviations in
 * docs/bgpdump-compat.md) and one JSON object per element (docs/json.md).
 * Pure: formats into a wbuf, never writes to a file.
 */
#ifndef MANRS_MRT_MRT_FORMAT_H
#define MANRS_MRT_MRT_FORMAT_H

#include "lib/wbuf.h"
#include "mrt/mrt.h"

enum mrt_fmt_style {
	MRT_FMT_BGPDUMP_M,   /* bgpdump -m: Unix timestamps, all columns */
	MRT_FMT_BGPDUMP_MM,  /* bgpdump -M: human dates, short lines */
	MRT_FMT_JSON,
};

/* True if bgpdump prints nothing for this element (TABLE_DUMP_V2
 * multicast and RIB_GENERIC, BGP4MP_ENTRY, SAFIs over 3): -m and -M skip
 * them to stay byte-identical; JSON shows them. */
bool mrt_fmt_bgpdump_hidden(const struct mrt_elem *e);

/* Appends one line (with its newline) for e. */
void mrt_fmt_elem(struct wbuf *w, enum mrt_fmt_style style, const struct mrt_elem *e);

/*
 * The same with a cache: the attribute part of a bgpdump line (path, origin,
 * next hop, counters, communities, aggregator) is formatted once per UPDATE
 * and NLRI block and reused for each of its prefixes.
 */
struct mrt_fmt {
	enum mrt_fmt_style style;
	struct wbuf tail;
	uint64_t tail_gen;
	unsigned tail_key;
	bool tail_valid;
};

void mrt_fmt_init(struct mrt_fmt *f, enum mrt_fmt_style style);
void mrt_fmt_free(struct mrt_fmt *f);
void mrt_fmt_line(struct mrt_fmt *f, struct wbuf *w, const struct mrt_elem *e);

/* bgpdump's AS path text: "1 2 {3,4} (5 6) [7,8]", cut with "..." past
 * about 7900 characters as bgpdump does. */
void mrt_fmt_aspath(struct wbuf *w, const struct bgp_path *p, bool bgpdump_cut);

#endif
