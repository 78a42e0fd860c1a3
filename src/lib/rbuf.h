/*
 * rbuf: a read-only, bounds-checked view over untrusted bytes.
 * Every integer is read through a getter that checks the remaining length
 * first and leaves the cursor unmoved on failure; length fields become
 * sub-views so a field can never read past its own end.
 */
#ifndef MANRS_LIB_RBUF_H
#define MANRS_LIB_RBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rbuf {
	const uint8_t *p;
	size_t len;
	size_t off;
};

static inline struct rbuf rbuf_make(const void *p, size_t len)
{
	struct rbuf b = { (const uint8_t *)p, len, 0 };
	return b;
}

/* Bytes left to read. */
static inline size_t rbuf_left(const struct rbuf *b) { return b->len - b->off; }

/* Pointer to the unread bytes; valid while the underlying buffer is. */
static inline const uint8_t *rbuf_cur(const struct rbuf *b) { return b->p + b->off; }

static inline int rbuf_get_u8(struct rbuf *b, uint8_t *v)
{
	if (rbuf_left(b) < 1)
		return -1;
	*v = b->p[b->off++];
	return 0;
}

/* Network byte order in, host order out. */
static inline int rbuf_get_u16(struct rbuf *b, uint16_t *v)
{
	if (rbuf_left(b) < 2)
		return -1;
	const uint8_t *q = b->p + b->off;
	*v = (uint16_t)((q[0] << 8) | q[1]);
	b->off += 2;
	return 0;
}

static inline int rbuf_get_u32(struct rbuf *b, uint32_t *v)
{
	if (rbuf_left(b) < 4)
		return -1;
	const uint8_t *q = b->p + b->off;
	*v = ((uint32_t)q[0] << 24) | ((uint32_t)q[1] << 16) | ((uint32_t)q[2] << 8) | q[3];
	b->off += 4;
	return 0;
}

/* Copies n bytes out; fails (cursor unmoved) if fewer remain. */
static inline int rbuf_get_bytes(struct rbuf *b, void *dst, size_t n)
{
	if (rbuf_left(b) < n)
		return -1;
	if (n)
		memcpy(dst, b->p + b->off, n);
	b->off += n;
	return 0;
}

static inline int rbuf_skip(struct rbuf *b, size_t n)
{
	if (rbuf_left(b) < n)
		return -1;
	b->off += n;
	return 0;
}

/* Splits the next n bytes off as their own view; the parent skips them. */
static inline int rbuf_get_sub(struct rbuf *b, size_t n, struct rbuf *sub)
{
	if (rbuf_left(b) < n)
		return -1;
	sub->p = b->p + b->off;
	sub->len = n;
	sub->off = 0;
	b->off += n;
	return 0;
}

/* Big-endian loads from a pointer the caller has already bounds-checked. */
static inline uint16_t be16(const uint8_t *q) { return (uint16_t)((q[0] << 8) | q[1]); }
static inline uint32_t be32(const uint8_t *q)
{
	return ((uint32_t)q[0] << 24) | ((uint32_t)q[1] << 16) | ((uint32_t)q[2] << 8) | q[3];
}

#endif
