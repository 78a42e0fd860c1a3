/* Unit tests for src/detect/alert.c: the monitor configuration (every
 * directive, every error with its line), matching of prefixes and ASNs,
 * and the one-alert-per-incident rules through the file sink with a test
 * clock (exact JSON lines). */
#include "test.h"
#include "detect/alert.h"

#include <stdlib.h>
#include <unistd.h>

static struct alert_set *parse(const char *text, char *err, size_t n)
{
	err[0] = '\0';
	return alert_parse("mon.conf", text, strlen(text), err, n);
}

void test_alert_config(void)
{
	char err[256];
	struct alert_set *s = parse("# monitor of AS64500\n"
				    "prefix 203.0.113.0/24 include-more-specifics description web servers\n"
				    "prefix 2001:db8::/32\n"
				    "asn AS64500 description us\n"
				    "  min-suspicion 60  \n"
				    "update-interval 0\n"
				    "webhook https://example.net/hook timeout 2 retries 0\n"
				    "syslog local3\n"
				    "syslog\n"
				    "file /tmp/x y.jsonl\n",
				    err, sizeof err);
	CHECK(s != NULL);
	CHECK_STR(err, "");
	if (!s)
		return;
	struct alert_summary sum;
	alert_get_summary(s, &sum);
	CHECK_EQ_U(sum.prefixes, 2);
	CHECK_EQ_U(sum.asns, 1);
	CHECK_EQ_U(sum.webhooks, 1);
	CHECK_EQ_U(sum.syslogs, 2);
	CHECK_EQ_U(sum.files, 1);
	CHECK_EQ_U(sum.min_suspicion, 60);
	CHECK_EQ_U(sum.update_interval, 0);
	alert_free(s);

	static const struct {
		const char *text, *err;
	} bad[] = {
		{ "asn 1\nfile x\nfrobnicate 3\n", "mon.conf: line 3: unknown directive (prefix, asn, min-suspicion, "
						  "update-interval, webhook, syslog, file)" },
		{ "prefix 203.0.113.1/24\nfile x\n", "mon.conf: line 1: prefix has bits set past its length" },
		{ "prefix 203.0.113.0\nfile x\n", "mon.conf: line 1: prefix needs ADDRESS/LENGTH" },
		{ "prefix 203.0.113.0/24 more\nfile x\n",
		  "mon.conf: line 1: unexpected word (only include-more-specifics and description TEXT may follow)" },
		{ "asn 1\nasn x\nfile x\n", "mon.conf: line 2: asn needs an AS number" },
		{ "asn 1\nmin-suspicion 101\nfile x\n", "mon.conf: line 2: min-suspicion is 0 to 100" },
		{ "asn 1\nmin-suspicion 5 6\nfile x\n", "mon.conf: line 2: needs one number" },
		{ "asn 1\nwebhook ftp://x\n", "mon.conf: line 2: webhook needs an http:// or https:// URL" },
		{ "asn 1\nwebhook http://x timeout 0\n", "mon.conf: line 2: webhook timeout is 1 to 300 seconds, retries 0 to 10" },
		{ "asn 1\nsyslog kern\n", "mon.conf: line 2: syslog facility is daemon, user or local0 to local7" },
		{ "asn 1\nfile\n", "mon.conf: line 2: file needs a path" },
		{ "asn 1\n", "mon.conf: no sink (webhook, syslog or file line)" },
		{ "# nothing\nfile x\n", "mon.conf: nothing to monitor (no prefix or asn line)" },
		{ "", "mon.conf: nothing to monitor (no prefix or asn line)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = parse(bad[i].text, err, sizeof err);
		CHECK(s == NULL);
		CHECK_STR(err, bad[i].err);
		alert_free(s);
	}
}

static struct alert_incident inc_of(const char *id, struct prefix *p, size_t np, uint32_t culprit,
				    const uint32_t *victims, size_t nv, int susp)
{
	struct alert_incident inc = { id, "submoas", p, np, culprit, victims, nv, susp, NULL };
	return inc;
}

void test_alert_match(void)
{
	char err[256];
	struct alert_set *s = parse("prefix 203.0.113.0/24 include-more-specifics\nprefix 198.51.100.0/24\n"
				    "prefix 2001:db8::/32 include-more-specifics\nasn 64500\nfile /dev/null\n",
				    err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	struct prefix p[2];
	uint32_t v[1] = { 64500 };
	prefix_parse("203.0.113.128/25", &p[0]);
	struct alert_incident inc = inc_of("a", p, 1, 64511, NULL, 0, 90);
	CHECK(alert_match(s, &inc));                   /* more-specific, allowed */
	prefix_parse("198.51.100.128/25", &p[0]);
	CHECK(!alert_match(s, &inc));                  /* more-specific, exact rule */
	prefix_parse("198.51.100.0/24", &p[0]);
	CHECK(alert_match(s, &inc));
	prefix_parse("203.0.112.0/23", &p[0]);
	CHECK(!alert_match(s, &inc));                  /* less-specific */
	prefix_parse("2001:db8:1::/48", &p[0]);
	CHECK(alert_match(s, &inc));
	prefix_parse("192.0.2.0/24", &p[0]);
	prefix_parse("198.51.100.0/24", &p[1]);
	inc.nprefixes = 2;
	CHECK(alert_match(s, &inc));                   /* any prefix of the incident */
	inc.nprefixes = 1;
	CHECK(!alert_match(s, &inc));
	inc.victim_asns = v;
	inc.nvictims = 1;
	CHECK(alert_match(s, &inc));                   /* a victim */
	inc.nvictims = 0;
	inc.culprit_asn = 64500;
	CHECK(alert_match(s, &inc));                   /* the culprit */
	alert_free(s);
}

static int64_t test_now;
static int64_t clock_fn(void *ctx)
{
	(void)ctx;
	return test_now;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[16384];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* One open, rate-limited material updates, one resolved, through the file
 * sink. */
void test_alert_lifecycle(void)
{
	char path[] = "/tmp/manrs-alert-test-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	char conf[512], err[256];
	snprintf(conf, sizeof conf, "prefix 203.0.113.0/24 include-more-specifics description web\nmin-suspicion 50\n"
		 "update-interval 300\nfile %s\n", path);
	struct alert_set *s = parse(conf, err, sizeof err);
	CHECK(s != NULL);
	if (!s) {
		unlink(path);
		return;
	}
	alert_set_clock(s, clock_fn, NULL);
	struct prefix p[2];
	prefix_parse("203.0.113.0/25", &p[0]);
	prefix_parse("203.0.113.128/25", &p[1]);
	uint32_t v[1] = { 64500 };
	struct alert_incident inc = inc_of("submoas-1", p, 1, 64511, v, 1, 40);
	inc.json = "{\"id\":\"submoas-1\",\"peak_peers\":3}";
	test_now = 1000;
	alert_notify(s, ALERT_OPEN, &inc);             /* below min-suspicion: nothing */
	inc.suspicion = 90;
	test_now = 1010;
	alert_notify(s, ALERT_UPDATE, &inc);           /* now it deserves an alert: open */
	alert_notify(s, ALERT_UPDATE, &inc);           /* no change */
	inc.suspicion = 95;
	alert_notify(s, ALERT_UPDATE, &inc);           /* a change under 10 points */
	inc.nprefixes = 2;
	test_now = 1100;
	alert_notify(s, ALERT_UPDATE, &inc);           /* material, but within 300 s */
	test_now = 1310;
	inc.json = "{\"id\":\"submoas-1\",\"peak_peers\": 12}";
	alert_notify(s, ALERT_UPDATE, &inc);           /* sent, with both changes */
	test_now = 1400;
	alert_notify(s, ALERT_RESOLVED, &inc);
	alert_notify(s, ALERT_RESOLVED, &inc);         /* once */
	alert_notify(s, ALERT_OPEN, &inc);             /* an ended incident stays ended */
	/* Another incident outside the monitored space. */
	prefix_parse("192.0.2.0/24", &p[0]);
	struct alert_incident other = inc_of("moas-2", p, 1, 64511, NULL, 0, 100);
	alert_notify(s, ALERT_OPEN, &other);

	struct alert_stats st;
	alert_get_stats(s, &st);
	CHECK_EQ_U(st.events, 10);
	CHECK_EQ_U(st.open, 1);
	CHECK_EQ_U(st.update, 1);
	CHECK_EQ_U(st.resolved, 1);
	CHECK_EQ_U(st.below, 1);
	CHECK_EQ_U(st.rate_limited, 1);
	CHECK_EQ_U(st.ignored, 4);
	CHECK_EQ_U(st.unmatched, 1);
	CHECK_EQ_U(st.delivered, 3);
	CHECK_EQ_U(st.failed, 0);
	const char *got = slurp(path);
	CHECK_STR(got,
		  "{\"event\":\"open\",\"id\":\"submoas-1\",\"type\":\"submoas\",\"suspicion\":90,\"culprit_asn\":64511,"
		  "\"victim_asns\":[64500],\"prefixes\":[\"203.0.113.0/25\"],\"matched\":[{\"prefix\":\"203.0.113.0/24\","
		  "\"description\":\"web\"}],\"incident\":{\"id\":\"submoas-1\",\"peak_peers\":3}}\n"
		  "{\"event\":\"update\",\"id\":\"submoas-1\",\"type\":\"submoas\",\"suspicion\":95,\"culprit_asn\":64511,"
		  "\"victim_asns\":[64500],\"prefixes\":[\"203.0.113.0/25\",\"203.0.113.128/25\"],\"changed\":[\"prefixes\","
		  "\"visibility\"],\"matched\":[{\"prefix\":\"203.0.113.0/24\",\"description\":\"web\"}],\"incident\":{\"id\":"
		  "\"submoas-1\",\"peak_peers\": 12}}\n"
		  "{\"event\":\"resolved\",\"id\":\"submoas-1\",\"type\":\"submoas\",\"suspicion\":95,\"culprit_asn\":64511,"
		  "\"victim_asns\":[64500],\"prefixes\":[\"203.0.113.0/25\",\"203.0.113.128/25\"],\"matched\":[{\"prefix\":"
		  "\"203.0.113.0/24\",\"description\":\"web\"}],\"incident\":{\"id\":\"submoas-1\",\"peak_peers\": 12}}\n");
	alert_free(s);
	unlink(path);
}

/* A file sink that cannot be written counts a failure and does not stop
 * the others. */
void test_alert_sink_failure(void)
{
	char err[256];
	struct alert_set *s = parse("asn 64500\nfile /nonexistent-dir/alerts.jsonl\nfile /dev/null\n", err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	struct prefix p;
	prefix_parse("192.0.2.0/24", &p);
	struct alert_incident inc = inc_of("x", &p, 1, 64500, NULL, 0, 10);
	alert_notify(s, ALERT_OPEN, &inc);
	struct alert_stats st;
	alert_get_stats(s, &st);
	CHECK_EQ_U(st.open, 1);
	CHECK_EQ_U(st.failed, 1);
	CHECK_EQ_U(st.delivered, 1);
	alert_free(s);
}
