/*
 * Unit tests of incident feedback: HMAC-SHA256 against RFC 4231's
 * vectors, CSRF tokens (web_csrf.c), the form parser and text checks
 * (web_feedback.c), and the store's feedback tables with their trail and
 * the "dismissed" condition (store_feedback.c) on a real database.
 */
#include "test.h"

#include "store/store_feedback.h"
#include "web/web_csrf.h"
#include "web/web_feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *hex32(const uint8_t *p)
{
	static char out[65];
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
	return out;
}

void test_web_hmac_sha256(void)
{
	uint8_t mac[32], key[131];
	/* RFC 4231 section 4.2, 4.3 and 4.7 (test cases 1, 2 and 6). */
	memset(key, 0x0b, 20);
	web_hmac_sha256(key, 20, "Hi There", 8, mac);
	CHECK_STR(hex32(mac), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	web_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
	CHECK_STR(hex32(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, 131);
	const char *m = "Test Using Larger Than Block-Size Key - Hash Key First";
	web_hmac_sha256(key, 131, m, strlen(m), mac);
	CHECK_STR(hex32(mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

void test_web_csrf(void)
{
	uint8_t secret[32], other[32];
	memset(secret, 7, sizeof secret);
	memset(other, 8, sizeof other);
	const char *cookie = "00112233445566778899aabbccddeeff";
	const char *cookie2 = "ffeeddccbbaa99887766554433221100";
	const char *act = "/incidents/moas-1-2-3/feedback";
	char tok[WEB_CSRF_TOKEN_MAX], bad[WEB_CSRF_TOKEN_MAX];
	web_csrf_token(secret, cookie, act, 1000, tok);
	CHECK_EQ_U(strlen(tok), 4 + 1 + 64);
	CHECK(!strncmp(tok, "1000-", 5));
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, tok, 1000, 3600), WEB_CSRF_OK);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, tok, 4600, 3600), WEB_CSRF_OK);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, tok, 4601, 3600), WEB_CSRF_EXPIRED);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, tok, 1000 - WEB_CSRF_SKEW, 3600), WEB_CSRF_OK);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, tok, 1000 - WEB_CSRF_SKEW - 1, 3600), WEB_CSRF_EXPIRED);
	CHECK_EQ_U(web_csrf_check(secret, cookie, "/incidents/moas-1-2-4/feedback", tok, 1000, 3600), WEB_CSRF_MISMATCH);
	CHECK_EQ_U(web_csrf_check(secret, cookie2, act, tok, 1000, 3600), WEB_CSRF_MISMATCH);
	CHECK_EQ_U(web_csrf_check(other, cookie, act, tok, 1000, 3600), WEB_CSRF_MISMATCH);
	CHECK_EQ_U(web_csrf_check(secret, NULL, act, tok, 1000, 3600), WEB_CSRF_NO_COOKIE);
	CHECK_EQ_U(web_csrf_check(secret, "0011", act, tok, 1000, 3600), WEB_CSRF_NO_COOKIE);
	CHECK_EQ_U(web_csrf_check(secret, "00112233445566778899AABBCCDDEEFF", act, tok, 1000, 3600), WEB_CSRF_NO_COOKIE);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, NULL, 1000, 3600), WEB_CSRF_NO_TOKEN);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, "", 1000, 3600), WEB_CSRF_NO_TOKEN);
	/* Re-dated: the time is signed. */
	snprintf(bad, sizeof bad, "1001%s", tok + 4);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, bad, 1001, 3600), WEB_CSRF_MISMATCH);
	/* One digest digit changed. */
	snprintf(bad, sizeof bad, "%s", tok);
	bad[10] = bad[10] == '0' ? '1' : '0';
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, bad, 1000, 3600), WEB_CSRF_MISMATCH);
	/* Malformed: no time, short digest, non-hex, uppercase hex, a sign. */
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, tok + 4, 1000, 3600), WEB_CSRF_MALFORMED);
	snprintf(bad, sizeof bad, "%.*s", (int)strlen(tok) - 1, tok);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, bad, 1000, 3600), WEB_CSRF_MALFORMED);
	snprintf(bad, sizeof bad, "%s", tok);
	bad[20] = 'g';
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, bad, 1000, 3600), WEB_CSRF_MALFORMED);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, "-1000-00", 1000, 3600), WEB_CSRF_MALFORMED);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, "99999999999999999999999-00", 1000, 3600), WEB_CSRF_MALFORMED);
	CHECK_EQ_U(web_csrf_check(secret, cookie, act, "9999999999999999999-00", 1000, 3600), WEB_CSRF_MALFORMED);
	/* Cookies: the right shape, and two draws differ. */
	char c1[WEB_CSRF_COOKIE_HEX + 1], c2[WEB_CSRF_COOKIE_HEX + 1];
	web_csrf_new_cookie(c1);
	web_csrf_new_cookie(c2);
	CHECK(web_csrf_cookie_ok(c1) && web_csrf_cookie_ok(c2));
	CHECK(strcmp(c1, c2) != 0);
	CHECK(web_csrf_secret() == web_csrf_secret());
}

static int parse(const char *body, char **vals, const char **field, const char **why, char *buf)
{
	static const char *const names[] = { "csrf", "verdict", "asn", "comment" };
	size_t n = strlen(body);
	memcpy(buf, body, n);
	return web_form_parse(buf, n, names, 4, vals, field, why);
}

void test_web_form_parse(void)
{
	char buf[256];
	char *v[4];
	const char *field, *why;
	CHECK_EQ_U(parse("csrf=a%2Bb&verdict=valid&comment=hello+world%0A%3Cb%3E", v, &field, &why, buf), 0);
	CHECK_STR(v[0], "a+b");
	CHECK_STR(v[1], "valid");
	CHECK(v[2] == NULL);
	CHECK_STR(v[3], "hello world\n<b>");
	CHECK_EQ_U(parse("&&asn=1&&comment&", v, &field, &why, buf), 0);
	CHECK_STR(v[2], "1");
	CHECK_STR(v[3], "");
	CHECK(v[0] == NULL && v[1] == NULL);
	CHECK_EQ_U(parse("", v, &field, &why, buf), 0);
	CHECK_EQ_U(parse("x_y=1", v, &field, &why, buf), -1);
	CHECK_STR(field, "x_y");
	CHECK_STR(why, "unknown field");
	CHECK_EQ_U(parse("ev%3Cil=1", v, &field, &why, buf), -1);
	CHECK_STR(field, "body");
	CHECK_EQ_U(parse("asn=1&asn=2", v, &field, &why, buf), -1);
	CHECK_STR(field, "asn");
	CHECK_STR(why, "given twice");
	CHECK_EQ_U(parse("asn=%zz", v, &field, &why, buf), -1);
	CHECK_STR(field, "body");
	CHECK_STR(why, "body: malformed %-escape or %00");
	CHECK_EQ_U(parse("asn=1%", v, &field, &why, buf), -1);
	CHECK_EQ_U(parse("asn=%00", v, &field, &why, buf), -1);
	memcpy(buf, "asn=1\0x", 7);
	static const char *const names[] = { "asn" };
	CHECK_EQ_U(web_form_parse(buf, 7, names, 1, v, &field, &why), -1);
	CHECK_STR(why, "body: a NUL byte");
}

void test_web_text_ok(void)
{
	CHECK(web_text_ok("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", false));
	CHECK(web_text_ok("a\nb\tc\r\n", true));
	CHECK(!web_text_ok("a\nb", false));
	CHECK(!web_text_ok("\x01", true));
	CHECK(!web_text_ok("\x7f", true));
	CHECK(!web_text_ok("\xc0\xaf", true));          /* overlong '/' */
	CHECK(!web_text_ok("\xe0\x80\xaf", true));      /* overlong */
	CHECK(!web_text_ok("\xed\xa0\x80", true));      /* a surrogate */
	CHECK(!web_text_ok("\xf4\x90\x80\x80", true));  /* past U+10FFFF */
	CHECK(!web_text_ok("\xe2\x82", true));          /* cut short */
	CHECK(!web_text_ok("\xc2\x85", true));          /* C1 control (NEL) */
	CHECK(!web_text_ok("\xff", true));
	CHECK(web_feedback_path("/incidents/moas-1/feedback"));
	CHECK(!web_feedback_path("/incidents//feedback"));
	CHECK(!web_feedback_path("/incidents/a/b/feedback"));
	CHECK(!web_feedback_path("/incidents/a/feedbackx"));
	CHECK(!web_feedback_path("/api/v2/incidents/a/feedback"));
}

struct trail {
	char text[512];
};

static int on_event(const struct store_feedback_event *e, void *ctx)
{
	struct trail *t = ctx;
	size_t n = strlen(t->text);
	snprintf(t->text + n, sizeof t->text - n, "%lld %s %s %s;", (long long)e->time, e->status, e->actor, e->note);
	return 0;
}

static int count(const struct store_feedback *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
	return 0;
}

void test_store_feedback(void)
{
	char path[] = "/tmp/manrs-test-feedback-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	char err[512];
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s) {
		unlink(path);
		return;
	}
	struct store_feedback f = { .asn = 64500, .created = 1000 };
	snprintf(f.incident_id, sizeof f.incident_id, "moas-1-2-3");
	snprintf(f.verdict, sizeof f.verdict, "valid");
	snprintf(f.comment, sizeof f.comment, "a planned move");
	CHECK_EQ_U(store_feedback_add(s, &f), 1);
	snprintf(f.verdict, sizeof f.verdict, "incident");
	snprintf(f.contact, sizeof f.contact, "noc@example.net");
	f.asn = 64501;
	CHECK_EQ_U(store_feedback_add(s, &f), 2);
	/* The table's CHECKs: a third verdict, AS 0, a 2,001-byte comment. */
	snprintf(f.verdict, sizeof f.verdict, "maybe");
	CHECK(store_feedback_add(s, &f) < 0);
	snprintf(f.verdict, sizeof f.verdict, "valid");
	f.asn = 0;
	CHECK(store_feedback_add(s, &f) < 0);
	f.asn = 64502;
	memset(f.comment, 'x', STORE_FB_COMMENT_MAX);
	f.comment[STORE_FB_COMMENT_MAX] = 0;
	CHECK_EQ_U(store_feedback_add(s, &f), 3);

	struct store_feedback g;
	CHECK_EQ_U(store_feedback_get(s, 2, &g), 1);
	CHECK_STR(g.contact, "noc@example.net");
	CHECK_STR(g.status, "pending");
	CHECK_EQ_U(g.reviewed, 0);
	CHECK_EQ_U(store_feedback_get(s, 9, &g), 0);

	CHECK_EQ_U(store_feedback_dismissed(s, "moas-1-2-3"), 0);
	CHECK_EQ_U(store_feedback_review(s, 2, "accepted", "ann", NULL, 2000), 1);
	CHECK_EQ_U(store_feedback_dismissed(s, "moas-1-2-3"), 0);    /* 'incident' accepted */
	CHECK_EQ_U(store_feedback_review(s, 1, "accepted", "ann", "checked", 3000), 1);
	CHECK_EQ_U(store_feedback_dismissed(s, "moas-1-2-3"), 1);
	CHECK_EQ_U(store_feedback_dismissed(s, "moas-9-9-9"), 0);
	CHECK_EQ_U(store_feedback_review(s, 1, "accepted", "bob", NULL, 4000), 0);   /* already */
	CHECK_EQ_U(store_feedback_review(s, 7, "accepted", "bob", NULL, 4000), 0);   /* no such */
	CHECK(store_feedback_review(s, 1, "deleted", "bob", NULL, 4000) < 0);
	CHECK_EQ_U(store_feedback_review(s, 1, "rejected", "bob", NULL, 5000), 1);
	CHECK_EQ_U(store_feedback_dismissed(s, "moas-1-2-3"), 0);

	CHECK_EQ_U(store_feedback_get(s, 1, &g), 1);
	CHECK_STR(g.status, "rejected");
	CHECK_STR(g.reviewer, "bob");
	CHECK_EQ_U(g.reviewed, 5000);
	CHECK_STR(g.review_note, "");
	struct trail t = { "" };
	CHECK_EQ_U(store_feedback_trail(s, 1, on_event, &t), 0);
	CHECK_STR(t.text, "1000 pending AS64500 ;3000 accepted ann checked;5000 rejected bob ;");

	int n = 0;
	CHECK_EQ_U(store_feedback_list(s, "pending", NULL, count, &n), 0);
	CHECK_EQ_U(n, 1);
	n = 0;
	CHECK_EQ_U(store_feedback_list(s, NULL, "moas-1-2-3", count, &n), 0);
	CHECK_EQ_U(n, 3);
	n = 0;
	CHECK_EQ_U(store_feedback_list(s, "accepted", "moas-9-9-9", count, &n), 0);
	CHECK_EQ_U(n, 0);
	store_close(s);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
}
