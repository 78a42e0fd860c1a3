/*
 * Unit tests of src/web/'s pure helpers (escaping, percent-decoding, path
 * checks, ETags, the token bucket, parsers) and of API keys against a
 * real store.
 */
#include "test.h"

#include "store/store_web.h"
#include "web/web_int.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *esc(const char *s)
{
	static char out[256];
	struct wbuf w;
	wbuf_init(&w, 16);
	web_html_escape(&w, s);
	snprintf(out, sizeof out, "%.*s", (int)w.len, w.p);
	wbuf_free(&w);
	return out;
}

void test_web_html_escape(void)
{
	CHECK_STR(esc("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	CHECK_STR(esc("a & \"b\""), "a &amp; &quot;b&quot;");
	CHECK_STR(esc("plain AS3333"), "plain AS3333");
	CHECK_STR(esc(""), "");
}

static const char *csvf(const char *s, bool text)
{
	static char out[256];
	struct wbuf w;
	wbuf_init(&w, 16);
	web_csv_field(&w, s, text);
	snprintf(out, sizeof out, "%.*s", (int)w.len, w.p);
	wbuf_free(&w);
	return out;
}

void test_web_csv(void)
{
	CHECK_STR(csvf("Example, Inc.", true), "\"Example, Inc.\"");
	CHECK_STR(csvf("say \"hi\"", true), "\"say \"\"hi\"\"\"");
	CHECK_STR(csvf("two\nlines", true), "\"two\nlines\"");
	CHECK_STR(csvf("=1+1", true), "\"'=1+1\"");
	CHECK_STR(csvf("@SUM(A1)", true), "\"'@SUM(A1)\"");
	CHECK_STR(csvf("-0.5", false), "-0.5");
	CHECK_STR(csvf("plain", true), "plain");
	/* The whole conversion: an array of objects, a null, an array value. */
	struct wbuf w;
	wbuf_init(&w, 64);
	const char *js = "{\"rows\":[{\"a\":1,\"b\":{\"c\":\"x,y\"},\"l\":[1,2]},{\"a\":0.25,\"b\":null,\"l\":[]}]}";
	wbuf_puts(&w, js);
	static const struct web_csv_col cols[] = { { "a", "a" }, { "c", "b.c" }, { "l", "l" } };
	web_to_csv(&w, "rows", cols, 3);
	wbuf_putc(&w, 0);
	CHECK_STR(w.p, "a,c,l\r\n1,\"x,y\",1 2\r\n0.25,,\r\n");
	wbuf_free(&w);
	wbuf_init(&w, 64);
	wbuf_puts(&w, "{\"m\":{\"M1\":{\"score\":null},\"M3\":{\"score\":0.6}}}");
	static const struct web_csv_col mcols[] = { { "metric", "" }, { "score", "score" } };
	web_to_csv(&w, "m", mcols, 2);
	wbuf_putc(&w, 0);
	CHECK_STR(w.p, "metric,score\r\nM1,\r\nM3,0.6\r\n");
	wbuf_free(&w);
}

static const char *unesc(const char *s)
{
	static char b[256];
	snprintf(b, sizeof b, "%s", s);
	web_unescape(b);
	return b;
}

void test_web_unescape_path(void)
{
	CHECK_STR(unesc("/a%20b"), "/a b");
	CHECK_STR(unesc("/%2e%2E/x"), "/../x");
	CHECK_STR(unesc("/x%00y"), "/x%00y");          /* NUL never decoded */
	CHECK_STR(unesc("/x%0ay%7f"), "/x%0ay%7f");    /* nor control bytes */
	CHECK_STR(unesc("/x%zz%4"), "/x%zz%4");        /* malformed escapes stay */
	CHECK_STR(unesc("a+b"), "a+b");
	CHECK_EQ_U(web_unescape((char[]){ "%41%42" }), 2);
	CHECK(web_path_ok("/"));
	CHECK(web_path_ok("/api/v2/prefixes/2001:db8::/32"));
	CHECK(!web_path_ok("/api/../x"));
	CHECK(!web_path_ok("/api/.."));
	CHECK(!web_path_ok("/./x"));
	CHECK(!web_path_ok("//x"));
	CHECK(!web_path_ok("/a\\b"));
	CHECK(!web_path_ok("/a%00"));
	CHECK(!web_path_ok("/a b"));
	CHECK(!web_path_ok("/\xc3\xa9"));
	CHECK(!web_path_ok("relative"));
	CHECK(web_path_ok("/a/..b/c."));             /* only whole segments count */
}

void test_web_etag(void)
{
	char e[20];
	web_etag("", 0, e);
	CHECK_STR(e, "\"cbf29ce484222325\"");        /* FNV-1a 64 offset basis */
	web_etag("a", 1, e);
	CHECK_STR(e, "\"af63dc4c8601ec8c\"");        /* FNV-1a 64 of "a" */
	CHECK(web_etag_match("\"af63dc4c8601ec8c\"", e));
	CHECK(web_etag_match("W/\"af63dc4c8601ec8c\"", e));
	CHECK(web_etag_match("\"x\", W/\"af63dc4c8601ec8c\"", e));
	CHECK(web_etag_match("*", e));
	CHECK(!web_etag_match("\"af63dc4c8601ec8d\"", e));
	CHECK(!web_etag_match("\"af63dc4c8601ec8c", e));   /* unterminated */
	CHECK(!web_etag_match("", e));
	CHECK(!web_etag_match(",,, ", e));
}

void test_web_bucket(void)
{
	struct web_bucket b = { 0 };
	/* A new bucket is full: 3 at once, then none. */
	CHECK(web_bucket_take(&b, 1000000, 3, 3));
	CHECK(web_bucket_take(&b, 1000000, 3, 3));
	CHECK(web_bucket_take(&b, 1000000, 3, 3));
	CHECK(!web_bucket_take(&b, 1000000, 3, 3));
	/* A third of a second gives one token back. */
	CHECK(!web_bucket_take(&b, 1300000, 3, 3));
	CHECK(web_bucket_take(&b, 1340000, 3, 3));
	/* Never more than the burst, however long the pause. */
	int n = 0;
	while (web_bucket_take(&b, 100000000, 3, 3))
		n++;
	CHECK_EQ_U(n, 3);
	/* A clock going back takes nothing and gives nothing. */
	CHECK(!web_bucket_take(&b, 50000000, 3, 3));
}

void test_web_parse(void)
{
	CHECK_EQ_U(web_parse_month("2024-10"), 202410);
	CHECK_EQ_U(web_parse_month("2025-01-01T00:00:00Z"), 202501);
	CHECK_EQ_U(web_parse_month("2024-13"), 0);
	CHECK_EQ_U(web_parse_month("1969-12"), 0);
	CHECK_EQ_U(web_parse_month("2024-1"), 0);
	CHECK_EQ_U(web_parse_month("2024-10-01T24:00:00Z"), 0);
	CHECK_EQ_U(web_parse_month("2024-10-01 00:00:00Z"), 0);
	CHECK_EQ_U(web_parse_month("2024-10-01T00:00:00+01:00"), 0);
	CHECK_EQ_U(web_parse_month(""), 0);
	CHECK_EQ_U(web_parse_uint("100", 1, 1000), 100);
	CHECK(web_parse_uint("0", 1, 1000) < 0);
	CHECK(web_parse_uint("1001", 1, 1000) < 0);
	CHECK(web_parse_uint("-1", 0, 10) < 0);
	CHECK(web_parse_uint("1e3", 0, 10000) < 0);
	CHECK(web_parse_uint("99999999999", 0, 1000000) < 0);
	CHECK(web_parse_uint("", 0, 10) < 0);
	struct sockaddr_storage ss;
	unsigned len;
	CHECK_EQ_U(web_parse_listen("127.0.0.1:8080", &ss, &len), 0);
	CHECK_EQ_U(ss.ss_family, AF_INET);
	CHECK_EQ_U(ntohs(((struct sockaddr_in *)&ss)->sin_port), 8080);
	CHECK_EQ_U(web_parse_listen("[::1]:0", &ss, &len), 0);
	CHECK_EQ_U(ss.ss_family, AF_INET6);
	CHECK(web_parse_listen("::1:80", &ss, &len) < 0);
	CHECK(web_parse_listen("127.0.0.1", &ss, &len) < 0);
	CHECK(web_parse_listen("127.0.0.1:65536", &ss, &len) < 0);
	CHECK(web_parse_listen("localhost:80", &ss, &len) < 0);
	CHECK(web_parse_listen(":80", &ss, &len) < 0);
}

void test_web_keys(void)
{
	char path[] = "/tmp/manrs-test-web-XXXXXX";
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
	char key[WEB_KEY_LEN], key2[WEB_KEY_LEN];
	CHECK_EQ_U(web_key_create(s, "one", key), 1);
	CHECK_EQ_U(web_key_create(s, "two", key2), 2);
	CHECK_EQ_U(strlen(key), WEB_KEY_LEN - 1);
	CHECK(strncmp(key, "mk_", 3) == 0 && key[15] == '_');
	CHECK(strcmp(key, key2) != 0);
	CHECK_EQ_U(web_key_check(s, key, strlen(key)), 1);
	CHECK_EQ_U(web_key_check(s, key2, strlen(key2)), 1);
	/* One changed secret digit, a truncated key, another key's id with
	 * this secret: all refused. */
	char bad[WEB_KEY_LEN];
	memcpy(bad, key, sizeof bad);
	bad[WEB_KEY_LEN - 2] = bad[WEB_KEY_LEN - 2] == '0' ? '1' : '0';
	CHECK_EQ_U(web_key_check(s, bad, strlen(bad)), 0);
	CHECK_EQ_U(web_key_check(s, key, strlen(key) - 1), 0);
	memcpy(bad, key2, 16);
	memcpy(bad + 16, key + 16, WEB_KEY_LEN - 16);
	CHECK_EQ_U(web_key_check(s, bad, strlen(bad)), 0);
	CHECK_EQ_U(web_key_check(s, "mk_", 3), 0);
	/* The secret is nowhere in the row. */
	struct store_key k;
	char id[13];
	memcpy(id, key + 3, 12);
	id[12] = 0;
	CHECK_EQ_U(store_key_find(s, id, &k), 1);
	CHECK(strstr(k.hash, key + 16) == NULL && strstr(k.salt, key + 16) == NULL);
	CHECK_EQ_U(strlen(k.hash), 64);
	CHECK_STR(k.name, "one");
	/* Revoked: refused; revoking again or an unknown id: 0. */
	CHECK_EQ_U(store_key_revoke(s, 1, 12345), 1);
	CHECK_EQ_U(web_key_check(s, key, strlen(key)), 0);
	CHECK_EQ_U(web_key_check(s, key2, strlen(key2)), 1);
	CHECK_EQ_U(store_key_revoke(s, 1, 12346), 0);
	CHECK_EQ_U(store_key_revoke(s, 99, 12346), 0);
	CHECK_EQ_U(store_key_find(s, id, &k), 1);
	CHECK_EQ_U(k.revoked_at, 12345);
	store_close(s);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
}
