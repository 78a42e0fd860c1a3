/*
 * libFuzzer target for the feedback form's body (web/web_feedback.c): the
 * input is an application/x-www-form-urlencoded body of at most
 * WEB_FB_MAX_BODY bytes, as `manrs serve` hands it over. Checked: when it
 * parses, every value re-encoded (every byte as %XX) and parsed again
 * gives the same values (the decoder neither loses nor invents bytes); the
 * CSRF check and the UTF-8 check take any value without fault.
 */
#include "web/web_csrf.h"
#include "web/web_feedback.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const NAMES[] = { "csrf", "verdict", "asn", "comment", "contact", "lang" };
#define N (sizeof NAMES / sizeof NAMES[0])

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_feedback_form: %s\n", why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > WEB_FB_MAX_BODY)
		return 0;
	static char buf[WEB_FB_MAX_BODY + 1], again[3 * WEB_FB_MAX_BODY + 8 * N + 1];
	memcpy(buf, data, size);
	char *v[N], *w[N];
	const char *field, *why;
	if (web_form_parse(buf, size, NAMES, N, v, &field, &why) < 0) {
		if (!field || !why)
			fail("an error without a field or a reason");
		return 0;
	}
	size_t n = 0;
	for (size_t i = 0; i < N; i++) {
		if (!v[i])
			continue;
		if (strlen(v[i]) > size)
			fail("a value longer than the body");
		(void)web_text_ok(v[i], true);
		(void)web_text_ok(v[i], false);
		n += (size_t)snprintf(again + n, sizeof again - n, "%s%s=", n ? "&" : "", NAMES[i]);
		for (const unsigned char *p = (const unsigned char *)v[i]; *p; p++)
			n += (size_t)snprintf(again + n, sizeof again - n, "%%%02X", *p);
	}
	static const uint8_t secret[32] = { 1 };
	(void)web_csrf_check(secret, "00112233445566778899aabbccddeeff", "/incidents/x/feedback", v[0], 1000, 3600);
	static char copy[sizeof again];
	memcpy(copy, again, n + 1);
	if (web_form_parse(copy, n, NAMES, N, w, &field, &why) < 0)
		fail("re-encoded values do not parse");
	for (size_t i = 0; i < N; i++)
		if ((v[i] == NULL) != (w[i] == NULL) || (v[i] && strcmp(v[i], w[i])))
			fail("re-encoded values parse to something else");
	return 0;
}
