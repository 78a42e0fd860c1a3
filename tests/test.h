/*
 * A tiny test harness. Each test is a `void name(void)` function listed as
 * TEST(name) in its module's tests/unit/<module>/list.h (tests/list.h
 * includes them all); run.c runs the list and prints "N passed, N failed".
 *
 * Registration cannot be forgotten: this header declares every listed test
 * (TEST(name) expands to a prototype here), and the unit tests are built
 * with -Werror=missing-prototypes, so a non-static function in a test file
 * that is not in a list.h is a compile error ("no previous prototype"). A
 * listed test that does not exist is a link error. Helpers in test files
 * must therefore be static (or declared in a header).
 *
 * CHECK macros count the checks each test executes and the failures; a test
 * that executes no check at all fails, since it cannot fail otherwise.
 */
#ifndef MANRS_TESTS_TEST_H
#define MANRS_TESTS_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

extern int test_failures;  /* failures in the current test */
extern int test_checks;    /* checks executed by the current test */

#define CHECK(cond)                                                                     \
	do {                                                                            \
		test_checks++;                                                          \
		if (!(cond)) {                                                          \
			fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

#define CHECK_EQ_U(a, b)                                                                \
	do {                                                                            \
		test_checks++;                                                          \
		unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b); \
		if (va_ != vb_) {                                                       \
			fprintf(stderr, "  %s:%d: %s == %llu, expected %llu\n", __FILE__, __LINE__, #a, va_, vb_); \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

#define CHECK_STR(a, b)                                                                 \
	do {                                                                            \
		test_checks++;                                                          \
		const char *sa_ = (a), *sb_ = (b);                                      \
		if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                            \
			fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
				sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");            \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

/* Directory of test data (tests/), set by run.c from the environment. */
extern const char *test_srcdir;

/* Every listed test, declared (see above). */
#define TEST(name) void name(void);
#include "list.h"
#undef TEST

#endif
