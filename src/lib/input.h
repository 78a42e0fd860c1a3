/*
 * Input from files or stdin, plain or compressed (gzip, bzip2, xz, zstd:
 * detected by magic bytes, never by name). A thread reads and decompresses
 * into a small ring of chunks so the caller's parsing overlaps it; memory
 * is constant whatever the size of the input.
 */
#ifndef MANRS_LIB_INPUT_H
#define MANRS_LIB_INPUT_H

#include <stddef.h>
#include <stdint.h>


struct input;

/* Opens `path` ("-" for stdin), detects gzip, bzip2, xz or zstd by magic
 * bytes and starts the decompression thread. Returns NULL with a message
 * in err on failure. */
struct input *input_open(const char *path, char *err, size_t errlen);
/* Reads up to n decompressed bytes; fewer only at the end of the stream. */
size_t input_read(struct input *in, void *dst, size_t n);
/* Copies up to n of the next decompressed bytes into dst without
 * consuming them, so a caller can sniff a pipe and then read it whole.
 * Returns how many: n unless the stream is shorter (at most 1 MiB). */
size_t input_peek(struct input *in, void *dst, size_t n);
/* After the end: NULL if the stream ended cleanly, else why it did not
 * (a truncated compressed stream, a read error). */
const char *input_error(const struct input *in);
/* "plain", "gzip", "bzip2", "xz" or "zstd". */
const char *input_format(const struct input *in);
/* Compressed bytes read from the file so far. */
uint64_t input_raw_bytes(const struct input *in);
void input_close(struct input *in);

#endif
