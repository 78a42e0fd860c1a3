/*
 * Text helpers for the reference-data loaders (refdata/, topo/): a whole
 * file read through lib/input.h (plain, gzip, bzip2, xz or zstd), lines
 * and fields as (pointer, length) views, bounded number and date parsing,
 * and a string pool that stores each distinct string once.
 */
#ifndef MANRS_NET_TEXT_H
#define MANRS_NET_TEXT_H

#include "lib/u32map.h"
#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest decompressed reference-data file read into memory. The largest real
 * inputs (a full PeeringDB netixlan dump, the five RIRs' extended stats
 * merged, a CAIDA serial-2 file) are a few tens of MiB. */
#define TEXT_MAX_FILE (512u * 1024 * 1024)

/* A read-only view of text; not NUL-terminated. */
struct text_view {
	const char *p;
	size_t len;
};

/* Reads the whole of `path` ("-" for stdin), decompressing by magic bytes,
 * into a NUL-terminated buffer the caller frees. Returns 0, or -1 with a
 * message in err (unreadable, larger than max, damaged compressed stream).
 * *format gets "plain", "gzip", ... if not NULL. */
int text_read_file(const char *path, size_t max, char **buf, size_t *len, const char **format, char *err,
		   size_t errlen);

/* The same from an input already open (which stays open), for callers
 * that sniffed it first with input_peek; err says why without a path. */
struct input;
int text_read_input(struct input *in, size_t max, char **buf, size_t *len, char *err, size_t errlen);

/* Appends printf output at out[at] within n bytes (NUL-terminated,
 * truncated at n - 1); returns the new length. For building bounded
 * texts in pieces. */
size_t text_appendf(char *out, size_t n, size_t at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Lines of a buffer: "\n" or "\r\n" ends a line; the last line may lack it. */
struct text_lines {
	const char *p;
	size_t len, off;
	uint64_t lineno;  /* of the line last returned, from 1 */
};

void text_lines_init(struct text_lines *l, const char *p, size_t len);
/* Returns true and the next line (without its end), false at the end. */
bool text_lines_next(struct text_lines *l, struct text_view *line);

/* Splits v at every `sep` into at most max fields; returns the number of
 * fields, or max + 1 if there were more (the first max are filled). */
int text_split(struct text_view v, char sep, struct text_view *f, int max);
struct text_view text_trim(struct text_view v);
bool text_eq(struct text_view v, const char *s);
bool text_starts(struct text_view v, const char *s);
/* Copies v into out (size n, NUL-terminated); false if it does not fit. */
bool text_copy(struct text_view v, char *out, size_t n);

/* Decimal without sign, at most 10 (u32) or 20 (u64) digits, no overflow. */
int text_u32(struct text_view v, uint32_t *out);
int text_u64(struct text_view v, uint64_t *out);
/* "YYYYMMDD" with a real month and day; "00000000" gives 0 (unknown). */
int text_date8(struct text_view v, uint32_t *ymd);
/* An address, a prefix or an AS number ("65000", "AS65000") from a view.
 * text_prefix wants "addr/len" and returns 0, TEXT_PFX_INVALID (not a
 * prefix), TEXT_PFX_NO_LENGTH, or TEXT_PFX_HOST_BITS (bits set past the
 * length, unless allow_host). */
int text_ip(struct text_view v, struct ip_addr *a);
#define TEXT_PFX_INVALID (-1)
#define TEXT_PFX_NO_LENGTH (-2)
#define TEXT_PFX_HOST_BITS (-3)
int text_prefix(struct text_view v, struct prefix *p, bool allow_host);
int text_asn(struct text_view v, uint32_t *asn);

/* Civil date to days since 1970-01-01 and back (proleptic Gregorian). */
int64_t text_days_from_civil(int y, unsigned m, unsigned d);
/* "YYYY-MM-DD[T ]HH:MM:SS" then "Z", "+HH:MM", "-HH:MM" or nothing (UTC),
 * optionally with ".fraction" after the seconds; to Unix seconds. */
int text_timestamp(struct text_view v, int64_t *unix_s);
/* Formats YYYYMMDD as "YYYY-MM-DD" (out >= 11 bytes); "-" for 0. */
void text_fmt_date8(uint32_t ymd, char *out);
/* Formats Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (out >= 21 bytes). */
void text_fmt_time(int64_t t, char *out);

/* A pool of NUL-terminated strings, each stored once; strings are named by
 * their offset, which stays valid as the pool grows. Offset 0 is "". */
struct text_strpool {
	char *buf;
	size_t len, cap;
	uint32_t *slots;   /* open addressing over offsets; 0 = empty */
	size_t nslots, count;
};

void text_strpool_init(struct text_strpool *sp);
void text_strpool_free(struct text_strpool *sp);
/* Returns the offset of a copy of v (the existing one if already there). */
uint32_t text_strpool_add(struct text_strpool *sp, const char *s, size_t n);
static inline const char *text_str(const struct text_strpool *sp, uint32_t off) { return sp->buf + off; }



#endif
