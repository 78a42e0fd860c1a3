/*
 * Trie benchmark (run by bench/trie.sh): loads the pyasn table (prefix TAB
 * asn lines) twice over, the second time one bit longer, so about a million
 * nested prefixes; prints load time, bytes per prefix and longest-match
 * lookups per second.
 */
#include "lib/input.h"
#include "net/trie.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: trie_bench PYASN-FILE\n");
		return 2;
	}
	char err[256];
	struct input *in = input_open(argv[1], err, sizeof err);
	if (!in) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	size_t cap = 1 << 20, len = 0, got;
	char *buf = malloc(cap);
	while ((got = input_read(in, buf + len, cap - len)) > 0) {
		len += got;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	input_close(in);
	size_t n = 0, pcap = 1 << 16;
	struct prefix *ps = malloc(pcap * sizeof *ps);
	for (char *line = buf, *end = buf + len; line < end;) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		*nl = 0;
		char *tab = strchr(line, '\t');
		if (line[0] != ';' && tab) {
			*tab = 0;
			if (n == pcap)
				ps = realloc(ps, (pcap *= 2) * sizeof *ps);
			if (prefix_parse(line, &ps[n]) == 0)
				n++;
		}
		line = nl + 1;
	}
	struct trie t;
	trie_init(&t);
	double t0 = now();
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < n; i++) {
			struct prefix p = ps[i];
			if (round && p.len < 32)
				p.len++;
			*trie_insert(&t, &p) = (uint32_t)i;
		}
	double t1 = now();
	unsigned long hits = 0;
	for (int r = 0; r < 4; r++)
		for (size_t i = 0; i < n; i++)
			hits += trie_longest(&t, &ps[i], NULL) != TRIE_NONE;
	double t2 = now();
	printf("prefixes read:        %zu\n", n);
	printf("prefixes in the trie: %zu (inserted twice over, the second time one bit longer)\n", t.count);
	printf("load:                 %.3f s\n", t1 - t0);
	printf("node array:           %zu bytes (%.1f bytes per prefix, capacity included)\n", trie_memory(&t),
	       (double)trie_memory(&t) / (double)t.count);
	printf("longest match:        %lu lookups in %.3f s (%.1f M/s), %lu hits\n", 4ul * n, t2 - t1,
	       4.0 * (double)n / (t2 - t1) / 1e6, hits);
	trie_free(&t);
	free(ps);
	free(buf);
	return 0;
}
