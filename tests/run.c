/*
 * Test runner: every unit test is listed in tests/list.h (test.h explains
 * why a test cannot be left out); run with no arguments for all, or with
 * names to run some. Prints one line per failure (a test fails if a check
 * fails or if it executed no check) and ends with "N passed, N failed".
 */
#include "test.h"

#include <stdlib.h>

int test_failures;
int test_checks;
const char *test_srcdir = ".";

struct test {
	const char *name;
	void (*fn)(void);
};

static const struct test tests[] = {
#define TEST(name) { #name, name },
#include "list.h"
#undef TEST
};

int main(int argc, char **argv)
{
	const char *d = getenv("MANRS_TEST_SRCDIR");
	if (d)
		test_srcdir = d;
	int passed = 0, failed = 0;
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (argc > 1) {
			int want = 0;
			for (int k = 1; k < argc; k++)
				want |= !strcmp(argv[k], tests[i].name);
			if (!want)
				continue;
		}
		test_failures = 0;
		test_checks = 0;
		tests[i].fn();
		if (test_checks == 0)
			fprintf(stderr, "  %s executed no check: it cannot fail\n", tests[i].name);
		if (test_failures || test_checks == 0) {
			fprintf(stderr, "FAIL %s\n", tests[i].name);
			failed++;
		} else {
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
