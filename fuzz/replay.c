/*
 * Corpus replay without libFuzzer: runs LLVMFuzzerTestOneInput on every file
 * named, or on every regular file of each directory named (sorted by name),
 * so that CI can replay the corpora under any compiler's sanitizers.
 *
 * Each argument is one test: a corpus passes when every one of its inputs
 * was read and run (a sanitizer report aborts the process), and fails if
 * it cannot be read or holds no input. The closing "N passed, N failed"
 * counts arguments, not inputs; the PASS line gives the number of inputs.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
	unsigned long passed, failed;
};

/* Reads the whole file into a block of exactly its size, so that the
 * sanitizers see a read past the input's end. */
static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? 2 * cap : 65536;
			uint8_t *nbuf = realloc(buf, ncap);
			if (!nbuf)
				goto fail;
			buf = nbuf;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return NULL;
	}
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	*size = len;
	return exact;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

static void run_file(const char *path, struct tally *t)
{
	size_t size = 0;
	uint8_t *data = read_file(path, &size);
	if (!data) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno ? errno : EIO));
		t->failed++;
		return;
	}
	/* Named before it runs: a sanitizer report ends the process. */
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	t->passed++;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *dir, struct tally *t)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		t->failed++;
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t plen = strlen(dir) + 1 + strlen(de->d_name) + 1;
		char *path = malloc(plen);
		if (!path)
			abort();
		snprintf(path, plen, "%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = path;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		run_file(names[i], t);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	unsigned long passed = 0, failed = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct tally t = { 0, 0 };
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			t.failed++;
		} else if (S_ISDIR(st.st_mode)) {
			run_dir(argv[i], &t);
		} else {
			run_file(argv[i], &t);
		}
		if (t.failed || t.passed == 0) {
			printf("FAIL corpus %s: %lu inputs run, %lu unreadable\n", argv[i], t.passed, t.failed);
			failed++;
		} else {
			printf("PASS corpus %s: %lu inputs\n", argv[i], t.passed);
			passed++;
		}
	}
	printf("%lu passed, %lu failed\n", passed, failed);
	return failed ? 1 : 0;
}
