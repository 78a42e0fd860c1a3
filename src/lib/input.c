/*
 * Compressed input (lib/input.h). A producer thread reads the file and decompresses it
 * into a small ring of fixed-size chunks; the parser consumes them, so
 * decompression (bzip2 above all) overlaps parsing. Memory is constant:
 * RING_SLOTS x CHUNK bytes whatever the file size.
 */
#include "lib/input.h"
#include "lib/xmalloc.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define CHUNK (1u << 20)
#define RING_SLOTS 4
#define INBUF (256u * 1024)

enum fmt { FMT_PLAIN, FMT_GZIP, FMT_BZIP2, FMT_XZ, FMT_ZSTD };

struct slot {
	uint8_t *data;
	size_t len;
};

struct input {
	int fd;
	enum fmt fmt;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot ring[RING_SLOTS];
	unsigned head, tail, count;  /* producer fills head, consumer takes tail */
	bool done;                   /* producer finished (after its last slot) */
	bool stop;                   /* consumer closing early */
	const char *error;           /* set by the producer before done */
	char errbuf[160];
	uint64_t raw_bytes;
	/* consumer state */
	struct slot cur;
	size_t cur_off;
	bool have_cur;
	/* producer input buffer, primed with the magic bytes */
	uint8_t *in;
	size_t in_len, in_off;
	bool in_eof;
};

/* ---- producer side ---- */

static int fill_input(struct input *m)
{
	if (m->in_off < m->in_len)
		return 0;
	if (m->in_eof)
		return -1;
	ssize_t n;
	do
		n = read(m->fd, m->in, INBUF);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(m->errbuf, sizeof m->errbuf, "read error: %s", strerror(errno));
		m->error = m->errbuf;
		m->in_eof = true;
		return -1;
	}
	if (n == 0) {
		m->in_eof = true;
		return -1;
	}
	m->in_len = (size_t)n;
	m->in_off = 0;
	__atomic_add_fetch(&m->raw_bytes, (uint64_t)n, __ATOMIC_RELAXED);
	return 0;
}

/* Takes an empty slot to fill; NULL if the consumer is gone. */
static uint8_t *slot_acquire(struct input *m)
{
	pthread_mutex_lock(&m->mu);
	while (m->count == RING_SLOTS && !m->stop)
		pthread_cond_wait(&m->cv, &m->mu);
	uint8_t *p = m->stop ? NULL : m->ring[m->head].data;
	pthread_mutex_unlock(&m->mu);
	return p;
}

static void slot_publish(struct input *m, size_t len)
{
	pthread_mutex_lock(&m->mu);
	m->ring[m->head].len = len;
	m->head = (m->head + 1) % RING_SLOTS;
	m->count++;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
}

static void set_error(struct input *m, const char *msg)
{
	if (!m->error) {
		snprintf(m->errbuf, sizeof m->errbuf, "%s", msg);
		m->error = m->errbuf;
	}
}

/* Plain input: the bytes already read for the magic check go first, then
 * read() fills the ring slot directly (no copy through the input buffer). */
static void produce_plain(struct input *m)
{
	for (;;) {
		uint8_t *out = slot_acquire(m);
		if (!out)
			return;
		size_t len = 0;
		if (m->in_off < m->in_len) {
			size_t n = m->in_len - m->in_off;
			if (n > CHUNK)
				n = CHUNK;
			memcpy(out, m->in + m->in_off, n);
			m->in_off += n;
			len = n;
		}
		while (len < CHUNK && !m->in_eof) {
			ssize_t n;
			do
				n = read(m->fd, out + len, CHUNK - len);
			while (n < 0 && errno == EINTR);
			if (n < 0) {
				snprintf(m->errbuf, sizeof m->errbuf, "read error: %s", strerror(errno));
				m->error = m->errbuf;
				m->in_eof = true;
			} else if (n == 0) {
				m->in_eof = true;
			} else {
				len += (size_t)n;
				__atomic_add_fetch(&m->raw_bytes, (uint64_t)n, __ATOMIC_RELAXED);
			}
		}
		if (len)
			slot_publish(m, len);
		if (len < CHUNK)
			return;
	}
}

static void produce_gzip(struct input *m)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK) {
		set_error(m, "gzip: cannot initialise zlib");
		return;
	}
	bool in_member = true;
	for (;;) {
		uint8_t *out = slot_acquire(m);
		if (!out)
			break;
		z.next_out = out;
		z.avail_out = CHUNK;
		bool finished = false;
		while (z.avail_out) {
			if (fill_input(m) < 0) {
				finished = true;
				break;
			}
			z.next_in = m->in + m->in_off;
			z.avail_in = (uInt)(m->in_len - m->in_off);
			in_member = true;
			int rc = inflate(&z, Z_NO_FLUSH);
			m->in_off = m->in_len - z.avail_in;
			if (rc == Z_STREAM_END) {
				/* RFC 1952 section 2.2: a file may hold several members. */
				in_member = false;
				inflateReset(&z);
			} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
				set_error(m, z.msg ? z.msg : "gzip: corrupt data");
				finished = true;
				in_member = false;
				break;
			}
		}
		size_t len = CHUNK - z.avail_out;
		if (len)
			slot_publish(m, len);
		if (finished)
			break;
	}
	if (in_member && !m->error && m->in_eof)
		set_error(m, "gzip: compressed stream truncated (no end-of-member marker)");
	inflateEnd(&z);
}

static void produce_bzip2(struct input *m)
{
	bz_stream z;
	memset(&z, 0, sizeof z);
	if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK) {
		set_error(m, "bzip2: cannot initialise libbz2");
		return;
	}
	bool in_stream = false;
	for (;;) {
		uint8_t *out = slot_acquire(m);
		if (!out)
			break;
		z.next_out = (char *)out;
		z.avail_out = CHUNK;
		bool finished = false;
		while (z.avail_out) {
			if (fill_input(m) < 0) {
				finished = true;
				break;
			}
			z.next_in = (char *)(m->in + m->in_off);
			z.avail_in = (unsigned)(m->in_len - m->in_off);
			in_stream = true;
			int rc = BZ2_bzDecompress(&z);
			m->in_off = m->in_len - z.avail_in;
			if (rc == BZ_STREAM_END) {
				/* pbzip2 and concatenated files hold several streams. */
				in_stream = false;
				char *next_out = z.next_out;
				unsigned avail_out = z.avail_out;
				BZ2_bzDecompressEnd(&z);
				memset(&z, 0, sizeof z);
				BZ2_bzDecompressInit(&z, 0, 0);
				z.next_out = next_out;
				z.avail_out = avail_out;
			} else if (rc != BZ_OK) {
				set_error(m, "bzip2: corrupt data");
				finished = true;
				in_stream = false;
				break;
			}
		}
		size_t len = CHUNK - z.avail_out;
		if (len)
			slot_publish(m, len);
		if (finished)
			break;
	}
	if (in_stream && !m->error && m->in_eof)
		set_error(m, "bzip2: compressed stream truncated (no end-of-stream marker)");
	BZ2_bzDecompressEnd(&z);
}

static void produce_xz(struct input *m)
{
	lzma_stream z = LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&z, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		set_error(m, "xz: cannot initialise liblzma");
		return;
	}
	for (;;) {
		uint8_t *out = slot_acquire(m);
		if (!out)
			break;
		z.next_out = out;
		z.avail_out = CHUNK;
		bool finished = false;
		while (z.avail_out) {
			lzma_action act = LZMA_RUN;
			if (fill_input(m) < 0)
				act = LZMA_FINISH;
			z.next_in = m->in + m->in_off;
			z.avail_in = m->in_len - m->in_off;
			lzma_ret rc = lzma_code(&z, act);
			m->in_off = m->in_len - z.avail_in;
			if (rc == LZMA_STREAM_END) {
				finished = true;
				break;
			}
			if (rc == LZMA_BUF_ERROR && act == LZMA_FINISH) {
				set_error(m, "xz: compressed stream truncated");
				finished = true;
				break;
			}
			if (rc != LZMA_OK) {
				set_error(m, "xz: corrupt data");
				finished = true;
				break;
			}
		}
		size_t len = CHUNK - z.avail_out;
		if (len)
			slot_publish(m, len);
		if (finished)
			break;
	}
	lzma_end(&z);
}

static void produce_zstd(struct input *m)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	if (!z) {
		set_error(m, "zstd: cannot initialise libzstd");
		return;
	}
	size_t last = 0;
	for (;;) {
		uint8_t *out = slot_acquire(m);
		if (!out)
			break;
		ZSTD_outBuffer ob = { out, CHUNK, 0 };
		bool finished = false;
		while (ob.pos < ob.size) {
			if (fill_input(m) < 0) {
				finished = true;
				break;
			}
			ZSTD_inBuffer ib = { m->in, m->in_len, m->in_off };
			last = ZSTD_decompressStream(z, &ob, &ib);
			m->in_off = ib.pos;
			if (ZSTD_isError(last)) {
				set_error(m, ZSTD_getErrorName(last));
				finished = true;
				last = 0;
				break;
			}
		}
		if (ob.pos)
			slot_publish(m, ob.pos);
		if (finished)
			break;
	}
	if (last != 0 && !m->error)
		set_error(m, "zstd: compressed stream truncated (frame incomplete)");
	ZSTD_freeDStream(z);
}

static void *producer(void *arg)
{
	struct input *m = arg;
	switch (m->fmt) {
	case FMT_PLAIN: produce_plain(m); break;
	case FMT_GZIP: produce_gzip(m); break;
	case FMT_BZIP2: produce_bzip2(m); break;
	case FMT_XZ: produce_xz(m); break;
	case FMT_ZSTD: produce_zstd(m); break;
	}
	pthread_mutex_lock(&m->mu);
	m->done = true;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

/* ---- consumer side ---- */

struct input *input_open(const char *path, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct input *m = xcalloc(1, sizeof *m);
	m->fd = fd;
	m->in = xmalloc(INBUF);
	/* Magic bytes decide the format, never the file name. */
	size_t got = 0;
	while (got < 6) {
		ssize_t n = read(fd, m->in + got, 6 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			if (fd)
				close(fd);
			free(m->in);
			free(m);
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	m->in_len = got;
	m->raw_bytes = got;
	const uint8_t *b = m->in;
	if (got >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		m->fmt = FMT_GZIP;
	else if (got >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h')
		m->fmt = FMT_BZIP2;
	else if (got >= 6 && memcmp(b, "\xfd" "7zXZ\0", 6) == 0)
		m->fmt = FMT_XZ;
	else if (got >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
		m->fmt = FMT_ZSTD;
	else
		m->fmt = FMT_PLAIN;
	if (got < 6)
		m->in_eof = true; /* the loop above reads until 6 bytes or the end */
	for (int i = 0; i < RING_SLOTS; i++)
		m->ring[i].data = xmalloc(CHUNK);
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (pthread_create(&m->thread, NULL, producer, m) != 0) {
		snprintf(err, errlen, "cannot start the decompression thread");
		for (int i = 0; i < RING_SLOTS; i++)
			free(m->ring[i].data);
		free(m->in);
		if (fd)
			close(fd);
		free(m);
		return NULL;
	}
	return m;
}

/* Returns the consumed slot to the producer and waits for the next one. */
static bool next_slot(struct input *m)
{
	pthread_mutex_lock(&m->mu);
	if (m->have_cur) {
		m->tail = (m->tail + 1) % RING_SLOTS;
		m->count--;
		m->have_cur = false;
		pthread_cond_broadcast(&m->cv);
	}
	while (m->count == 0 && !m->done)
		pthread_cond_wait(&m->cv, &m->mu);
	bool ok = m->count > 0;
	if (ok) {
		m->cur = m->ring[m->tail];
		m->cur_off = 0;
		m->have_cur = true;
	}
	pthread_mutex_unlock(&m->mu);
	return ok;
}

size_t input_read(struct input *m, void *dst, size_t n)
{
	uint8_t *d = dst;
	size_t got = 0;
	while (got < n) {
		if (!m->have_cur || m->cur_off == m->cur.len) {
			if (!next_slot(m))
				break;
			continue;
		}
		size_t k = m->cur.len - m->cur_off;
		if (k > n - got)
			k = n - got;
		memcpy(d + got, m->cur.data + m->cur_off, k);
		m->cur_off += k;
		got += k;
	}
	return got;
}

size_t input_peek(struct input *m, void *dst, size_t n)
{
	/* Every producer fills a chunk before publishing it (only the last
	 * one is short), so the current chunk holds n bytes if the rest of
	 * the stream does. */
	if ((!m->have_cur || m->cur_off == m->cur.len) && !next_slot(m))
		return 0;
	size_t k = m->cur.len - m->cur_off;
	if (k > n)
		k = n;
	memcpy(dst, m->cur.data + m->cur_off, k);
	return k;
}

const char *input_error(const struct input *m) { return m->error; }

const char *input_format(const struct input *m)
{
	static const char *names[] = { "plain", "gzip", "bzip2", "xz", "zstd" };
	return names[m->fmt];
}

uint64_t input_raw_bytes(const struct input *m)
{
	return __atomic_load_n(&m->raw_bytes, __ATOMIC_RELAXED);
}

void input_close(struct input *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	m->stop = true;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
	for (int i = 0; i < RING_SLOTS; i++)
		free(m->ring[i].data);
	free(m->in);
	if (m->fd > 0)
		close(m->fd);
	free(m);
}
