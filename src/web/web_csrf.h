/*
 * CSRF tokens for the forms of `manrs serve` (docs/feedback.md): a signed
 * double-submit cookie. The page sets a random cookie (SameSite=Strict,
 * HttpOnly) and puts in the form a token "TIME-HMAC" where HMAC is
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) under a per-server random secret of
 * cookie "|" TIME "|" the form's action. A POST passes only if its token
 * was made for that cookie, that action, and not longer than the TTL ago;
 * another site can neither read the token nor make the browser send the
 * cookie with its own request.
 */
#ifndef MANRS_WEB_WEB_CSRF_H
#define MANRS_WEB_WEB_CSRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WEB_CSRF_COOKIE "manrs_csrf"
#define WEB_CSRF_COOKIE_HEX 32          /* the cookie value: 16 random bytes as hex */
#define WEB_CSRF_TOKEN_MAX 96           /* a token's text with its NUL (20 digits, '-', 64 hex) */
#define WEB_CSRF_ACTION_MAX 256         /* longest action signed */
#define WEB_CSRF_SKEW 60                /* seconds a token may be dated in the future */

/* HMAC-SHA256 of msg under key (RFC 2104 section 2, B = 64, L = 32). */
void web_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen, uint8_t out[32]);

/* The server's secret: 32 random bytes drawn once (getrandom) per process. */
const uint8_t *web_csrf_secret(void);

/* A fresh random cookie value (WEB_CSRF_COOKIE_HEX lowercase hex). */
void web_csrf_new_cookie(char out[WEB_CSRF_COOKIE_HEX + 1]);
/* True if v has the form of a cookie value we set. */
bool web_csrf_cookie_ok(const char *v);

/* The token for (cookie, action) at time now under secret. */
void web_csrf_token(const uint8_t secret[32], const char *cookie, const char *action, int64_t now,
		    char out[WEB_CSRF_TOKEN_MAX]);

enum web_csrf_verdict {
	WEB_CSRF_OK = 0,
	WEB_CSRF_NO_COOKIE,   /* no cookie, or not one of ours */
	WEB_CSRF_NO_TOKEN,    /* no token field */
	WEB_CSRF_MALFORMED,   /* not TIME-HEX */
	WEB_CSRF_EXPIRED,     /* older than ttl seconds, or dated in the future */
	WEB_CSRF_MISMATCH,    /* not made for this cookie and action by this server */
};

/* Checks token (NULL: absent) against cookie (NULL: absent) and action at
 * time now; the HMACs are compared in constant time. */
enum web_csrf_verdict web_csrf_check(const uint8_t secret[32], const char *cookie, const char *action,
				     const char *token, int64_t now, int64_t ttl);
/* A short English reason for a verdict ("expired token", ...). */
const char *web_csrf_reason(enum web_csrf_verdict v);

#endif
