/*
 * A tiny test harness: each test is a function registered in tests/run.c;
 * CHECK macros count failures with file and line; run.c prints
 * "N passed, N failed" at the end.
 */
#ifndef MANRS_TESTS_TEST_H
#define MANRS_TESTS_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

extern int test_failures;  /* failures in the current test */

#define CHECK(cond)                                                                     \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

#define CHECK_EQ_U(a, b)                                                                \
	do {                                                                            \
		unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b); \
		if (va_ != vb_) {                                                       \
			fprintf(stderr, "  %s:%d: %s == %llu, expected %llu\n", __FILE__, __LINE__, #a, va_, vb_); \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

#define CHECK_STR(a, b)                                                                 \
	do {                                                                            \
		const char *sa_ = (a), *sb_ = (b);                                      \
		if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                            \
			fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
				sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");            \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

/* Directory of test data (tests/), set by run.c from the environment. */
extern const char *test_srcdir;

#endif
