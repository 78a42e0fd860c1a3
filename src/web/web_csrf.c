/*
 * CSRF tokens (web_csrf.h): HMAC-SHA256 over the store's SHA-256, the
 * server secret, the double-submit cookie and the signed tokens. Pure but
 * for the secret and the cookie, which come from getrandom(2).
 */
#include "web/web_csrf.h"

#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* SHA-256 of a buffer as 32 bytes (store_sha256_hex gives hex). */
static void sha256_raw(const void *p, size_t n, uint8_t out[32])
{
	char hex[STORE_SHA256_HEX];
	store_sha256_hex(p, n, hex);
	for (int i = 0; i < 32; i++)
		out[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
}

#define HMAC_MSG_MAX 1024

void web_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen, uint8_t out[32])
{
	/* RFC 2104 section 2: K0 is the key padded to B = 64 bytes, or its
	 * hash when longer; H((K0 ^ opad) || H((K0 ^ ipad) || text)). */
	uint8_t k0[64] = { 0 };
	if (klen > 64)
		sha256_raw(key, klen, k0);
	else
		memcpy(k0, key, klen);
	uint8_t *buf = malloc(64 + (mlen > 32 ? mlen : 32));
	if (!buf)
		abort();
	for (int i = 0; i < 64; i++)
		buf[i] = k0[i] ^ 0x36;
	memcpy(buf + 64, msg, mlen);
	uint8_t inner[32];
	sha256_raw(buf, 64 + mlen, inner);
	for (int i = 0; i < 64; i++)
		buf[i] = k0[i] ^ 0x5c;
	memcpy(buf + 64, inner, 32);
	sha256_raw(buf, 64 + 32, out);
	free(buf);
}

static uint8_t g_secret[32];
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void fill_random(void *p, size_t n)
{
	uint8_t *b = p;
	while (n) {
		ssize_t r = getrandom(b, n, 0);
		if (r <= 0) {
			/* Without randomness the tokens would be guessable:
			 * refuse to run rather than serve weak forms. */
			fprintf(stderr, "manrs: getrandom failed: no CSRF secret\n");
			abort();
		}
		b += r;
		n -= (size_t)r;
	}
}

static void draw_secret(void)
{
	fill_random(g_secret, sizeof g_secret);
}

const uint8_t *web_csrf_secret(void)
{
	pthread_once(&g_once, draw_secret);
	return g_secret;
}

static void to_hex(const uint8_t *p, size_t n, char *out)
{
	static const char H[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = H[p[i] >> 4];
		out[2 * i + 1] = H[p[i] & 15];
	}
	out[2 * n] = 0;
}

void web_csrf_new_cookie(char out[WEB_CSRF_COOKIE_HEX + 1])
{
	uint8_t r[WEB_CSRF_COOKIE_HEX / 2];
	fill_random(r, sizeof r);
	to_hex(r, sizeof r, out);
}

bool web_csrf_cookie_ok(const char *v)
{
	if (!v || strlen(v) != WEB_CSRF_COOKIE_HEX)
		return false;
	for (const char *p = v; *p; p++)
		if (hexval(*p) < 0)
			return false;
	return true;
}

/* The signed text: cookie "|" time "|" action. false if too long. */
static bool signed_text(const char *cookie, const char *action, int64_t t, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s|%lld|%s", cookie, (long long)t, action);
	return n > 0 && (size_t)n < cap && strlen(action) < WEB_CSRF_ACTION_MAX;
}

void web_csrf_token(const uint8_t secret[32], const char *cookie, const char *action, int64_t now,
		    char out[WEB_CSRF_TOKEN_MAX])
{
	char text[HMAC_MSG_MAX];
	uint8_t mac[32];
	char hex[65];
	if (!signed_text(cookie, action, now, text, sizeof text)) {
		out[0] = 0;   /* never valid: web_csrf_check refuses it */
		return;
	}
	web_hmac_sha256(secret, 32, text, strlen(text), mac);
	to_hex(mac, 32, hex);
	snprintf(out, WEB_CSRF_TOKEN_MAX, "%lld-%s", (long long)now, hex);
}

enum web_csrf_verdict web_csrf_check(const uint8_t secret[32], const char *cookie, const char *action,
				     const char *token, int64_t now, int64_t ttl)
{
	if (!token || !*token)
		return WEB_CSRF_NO_TOKEN;
	if (!web_csrf_cookie_ok(cookie))
		return WEB_CSRF_NO_COOKIE;
	/* TIME: 1 to 18 digits (no int64_t overflow); then '-' and 64
	 * lowercase hex digits. */
	int64_t t = 0;
	size_t i = 0;
	for (; token[i] >= '0' && token[i] <= '9' && i < 18; i++)
		t = t * 10 + (token[i] - '0');
	if (i == 0 || token[i] != '-' || strlen(token + i + 1) != 64)
		return WEB_CSRF_MALFORMED;
	uint8_t got[32];
	for (int k = 0; k < 32; k++) {
		int hi = hexval(token[i + 1 + 2 * k]), lo = hexval(token[i + 2 + 2 * k]);
		if (hi < 0 || lo < 0)
			return WEB_CSRF_MALFORMED;
		got[k] = (uint8_t)(hi << 4 | lo);
	}
	char text[HMAC_MSG_MAX];
	if (!signed_text(cookie, action, t, text, sizeof text))
		return WEB_CSRF_MISMATCH;
	uint8_t want[32];
	web_hmac_sha256(secret, 32, text, strlen(text), want);
	uint8_t diff = 0;
	for (int k = 0; k < 32; k++)
		diff |= got[k] ^ want[k];
	if (diff)
		return WEB_CSRF_MISMATCH;
	/* Only a genuine token's time is worth judging. */
	if (t > now + WEB_CSRF_SKEW || now - t > ttl)
		return WEB_CSRF_EXPIRED;
	return WEB_CSRF_OK;
}

const char *web_csrf_reason(enum web_csrf_verdict v)
{
	switch (v) {
	case WEB_CSRF_OK: return "ok";
	case WEB_CSRF_NO_COOKIE: return "csrf: no form cookie (manrs_csrf): reload the page";
	case WEB_CSRF_NO_TOKEN: return "csrf: no token in the form";
	case WEB_CSRF_MALFORMED: return "csrf: malformed token";
	case WEB_CSRF_EXPIRED: return "csrf: expired token: reload the page";
	case WEB_CSRF_MISMATCH: return "csrf: token not valid for this form";
	}
	return "csrf: invalid";
}
