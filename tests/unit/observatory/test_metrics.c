/* Unit tests for the incident metrics of src/observatory/metrics.c with
 * src/store/store_metrics.c: a store with hand-written incidents of March
 * 2024 (store_incident_put) and a file read with the detectors on; exact
 * M1, M1C, M2, M2C, M3C, M4, M4C values, weights, merging, evidence,
 * clipping of open incidents to the period, the minimum suspicion, the
 * hijack types and full bogons from the configuration, "no data" when no
 * detection ran, the Filtering score, the month-to-date daily report and
 * the day-range pairs. */
#include "test.h"
#include "observatory/metrics.h"
#include "store/store_incident.h"
#include "store/store_metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLOSE(a, b) CHECK(fabs((a) - (b)) < 1e-9)

static const int64_t T0 = 1709251200; /* 2024-03-01T00:00:00Z */
static const int64_t MIN = 60, H = 3600, D = 86400;

static void rm_db(const char *path)
{
	char side[700];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static void tmp_db(char *path, size_t n, const char *name)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, n, "%s/manrs-test-%d-%s", dir && *dir ? dir : "/tmp", (int)getpid(), name);
	rm_db(path);
}

/* One incident: culprit 0 means none; end -1 open. */
static int put(struct store *s, const char *id, const char *type, uint32_t culprit, uint32_t acc, int64_t start,
	       int64_t end, int suspicion, const char *path, const char *tag)
{
	struct store_incident in;
	memset(&in, 0, sizeof in);
	snprintf(in.id, sizeof in.id, "%s", id);
	snprintf(in.type, sizeof in.type, "%s", type);
	in.has_culprit = culprit != 0;
	in.culprit = culprit;
	uint32_t accs[1] = { acc };
	in.accomplices = accs;
	in.naccomplices = acc ? 1 : 0;
	in.start = start;
	in.end = end;
	in.suspicion = suspicion;
	snprintf(in.label, sizeof in.label, "-");
	char *paths[1] = { (char *)path };
	in.paths = paths;
	in.npaths = path ? 1 : 0;
	char *tags[1] = { (char *)tag };
	in.tags = tags;
	in.ntags = tag ? 1 : 0;
	return store_incident_put(s, &in);
}

/* The store of the tests; detected: the file counts as read with the
 * detectors on. NULL on failure. */
static struct store *build(const char *path, bool detected)
{
	char err[512];
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return NULL;
	CHECK_EQ_U(store_begin(s), 0);
	struct store_file f;
	memset(&f, 0, sizeof f);
	snprintf(f.path, sizeof f.path, "updates.20240301.0000");
	snprintf(f.sha256, sizeof f.sha256, "%064d", 1);
	f.collector_id = store_collector_id(s, "rrc00");
	f.first_ts = (uint32_t)T0;
	f.last_ts = (uint32_t)(T0 + 900);
	int64_t fid = store_file_add(s, &f);
	CHECK(fid > 0);
	if (detected)
		CHECK_EQ_U(store_file_mark_detected(s, fid), 0);
	/* A leak by 64500 (29 min: 0.5): 64501 took it from the leaker, 64502
	 * passed it on to the collector. */
	CHECK_EQ_U(put(s, "leak-a", "leak", 64500, 64501, T0 + H, T0 + H + 29 * MIN, 90, "64502 64501 64500 64510",
		       "leak-valley"), 0);
	/* Two overlapping hijacks by 64520 through 64521 (13 h and 13 h,
	 * together 25 h: one incident of 2). */
	CHECK_EQ_U(put(s, "moas-b", "moas", 64520, 64521, T0 + 2 * D, T0 + 2 * D + 13 * H, 85, "64599 64521 64520", NULL), 0);
	CHECK_EQ_U(put(s, "moas-c", "submoas", 64520, 64521, T0 + 2 * D + 12 * H, T0 + 2 * D + 25 * H, 80,
		       "64599 64521 64521 64520", NULL), 0);
	/* Below the minimum suspicion (80): not counted by default. */
	CHECK_EQ_U(put(s, "moas-d", "moas", 64520, 64521, T0 + 10 * D, T0 + 10 * D + H, 79, "64599 64521 64520", NULL), 0);
	/* A squat is not a hijack type by default. */
	CHECK_EQ_U(put(s, "squat-e", "squat", 64520, 0, T0 + 12 * D, T0 + 12 * D + H, 90, "64599 64521 64520", NULL), 0);
	/* A full bogon ASN passed on by 64530 since February, still open:
	 * counted from the month's start to its end (31 days: 32). */
	CHECK_EQ_U(put(s, "bogon-asn-f", "bogon-asn", 64530, 0, T0 - 3 * D, -1, 80, "64599 64531 64530 65000",
		       "bogon-asn-65000-full"), 0);
	/* Bogon prefixes of 64540 through 64541: administrative (not
	 * counted with full_bogons_only), then full (10 min: 0.5). */
	CHECK_EQ_U(put(s, "bogon-prefix-g", "bogon-prefix", 64540, 64541, T0 + 4 * D, T0 + 4 * D + 5 * H, 90,
		       "64541 64540", "bogon-administrative"), 0);
	CHECK_EQ_U(put(s, "bogon-prefix-h", "bogon-prefix", 64540, 64541, T0 + 5 * D, T0 + 5 * D + 10 * MIN, 90,
		       "64541 64540", "bogon-full"), 0);
	/* No culprit (defcon); ended before the month. */
	CHECK_EQ_U(put(s, "defcon-i", "defcon", 0, 0, T0 + D, T0 + D + H, 90, "64599 64521 64520", NULL), 0);
	CHECK_EQ_U(put(s, "moas-j", "moas", 64520, 64521, T0 - 2 * D, T0 - D, 90, "64599 64521 64520", NULL), 0);
	CHECK_EQ_U(store_commit(s), 0);
	return s;
}

/* Computes asn's month (day 0) or month to date (day YYYYMMDD). */
static int net(struct store *s, const struct obs_config *c, uint32_t asn, uint32_t day, struct obs_data *d,
	       struct obs_net *n)
{
	char err[512];
	int rc = day ? obs_data_load_day(d, s, day, 0, err, sizeof err) : obs_data_load(d, s, 202403, 0, err, sizeof err);
	CHECK_EQ_U(rc, 0);
	rc = obs_net_compute(n, s, d, asn, c, err, sizeof err);
	CHECK_EQ_U(rc, 0);
	return rc;
}

static void done(struct obs_data *d, struct obs_net *n)
{
	obs_net_free(n);
	obs_data_free(d);
}

void test_metrics_incidents(void)
{
	char path[512];
	tmp_db(path, sizeof path, "metrics.db");
	struct store *s = build(path, true);
	if (!s)
		return;
	struct obs_config c;
	obs_config_defaults(&c);
	struct obs_data d;
	struct obs_net n;

	/* The leaker: M1 0.5, not in the Filtering score (count_leaks). */
	net(s, &c, 64500, 0, &d, &n);
	CLOSE(n.im[OBS_M1].raw, 0.5);
	CLOSE(n.im[OBS_M1].score, exp(-0.72242 * sqrt(0.5)));
	CHECK_EQ_U(n.im[OBS_M1].incidents, 1);
	CHECK_EQ_U(n.im[OBS_M1].nev, 1);
	CHECK_STR(d.inc.v[n.im[OBS_M1].ev[0].inc].id, "leak-a");
	CHECK_EQ_U(n.im[OBS_M1].ev[0].hops, 0);
	CLOSE(n.im[OBS_M1].ev[0].weight, 1);
	CHECK_EQ_U(n.im[OBS_M1].ev[0].from, T0 + H);
	CHECK_EQ_U(n.im[OBS_M1].ev[0].to, T0 + H + 29 * MIN);
	CHECK(!n.counted[OBS_M1]);
	CLOSE(n.filtering_raw, 0);
	CLOSE(n.action[OBS_ACT_FILTERING], 1);
	CHECK(!n.filtering_partial);
	CHECK_EQ_U(n.level[OBS_ACT_FILTERING], OBS_LEVEL_READY);
	done(&d, &n);
	/* The AS next to the leaker: M1C 0.5; the one after it: nothing
	 * (next_hop_accomplice_only). */
	net(s, &c, 64501, 0, &d, &n);
	CLOSE(n.im[OBS_M1C].raw, 0.5);
	CHECK_EQ_U(n.im[OBS_M1C].ev[0].hops, 1);
	done(&d, &n);
	net(s, &c, 64502, 0, &d, &n);
	CLOSE(n.im[OBS_M1C].raw, 0);
	CHECK_EQ_U(n.im[OBS_M1C].nev, 0);
	CLOSE(n.im[OBS_M1C].score, 1);
	done(&d, &n);

	/* The hijacker: two overlapping events merge into one of 25 h = 2;
	 * the one below 80, the squat and the one of February do not count. */
	net(s, &c, 64520, 0, &d, &n);
	CLOSE(n.im[OBS_M2].raw, 2);
	CHECK_EQ_U(n.im[OBS_M2].incidents, 1);
	CHECK_EQ_U(n.im[OBS_M2].nev, 2);
	CHECK_STR(d.inc.v[n.im[OBS_M2].ev[0].inc].id, "moas-b");
	CHECK_STR(d.inc.v[n.im[OBS_M2].ev[1].inc].id, "moas-c");
	CLOSE(n.im[OBS_M2].ev[0].penalty, 1);
	CLOSE(n.im[OBS_M2].ev[1].penalty, 1);
	CLOSE(n.filtering_raw, 2);
	CLOSE(n.action[OBS_ACT_FILTERING], exp(-0.72242 * sqrt(2.0)));
	CHECK_EQ_U(n.level[OBS_ACT_FILTERING], OBS_LEVEL_LAGGING);
	CHECK_EQ_U(n.roles, 2);
	done(&d, &n);
	net(s, &c, 64521, 0, &d, &n);
	CLOSE(n.im[OBS_M2C].raw, 2);
	CHECK_EQ_U(n.im[OBS_M2C].ev[1].hops, 1);   /* prepends collapsed */
	CLOSE(n.im[OBS_M2].raw, 0);
	done(&d, &n);

	/* Open bogon ASN: 31 days to the month's end = 32, for the AS that
	 * passed it on and the one after it. */
	net(s, &c, 64530, 0, &d, &n);
	CLOSE(n.im[OBS_M4].raw, 32);
	CHECK_EQ_U(n.im[OBS_M4].ev[0].from, T0);
	CHECK_EQ_U(n.im[OBS_M4].ev[0].to, T0 + 31 * D);
	done(&d, &n);
	net(s, &c, 64531, 0, &d, &n);
	CLOSE(n.im[OBS_M4C].raw, 32);
	CLOSE(n.im[OBS_M4].raw, 0);
	CLOSE(n.filtering_raw, 32);
	done(&d, &n);
	net(s, &c, 64599, 0, &d, &n);     /* two hops away: no weight */
	CLOSE(n.filtering_raw, 0);
	CHECK_EQ_U(n.roles, 0);
	done(&d, &n);

	/* Bogon prefixes: only the full one counts; the originator's M3
	 * comes from the observations, not from incidents. */
	net(s, &c, 64541, 0, &d, &n);
	CLOSE(n.im[OBS_M3C].raw, 0.5);
	CHECK_EQ_U(n.im[OBS_M3C].nev, 1);
	CHECK_STR(d.inc.v[n.im[OBS_M3C].ev[0].inc].id, "bogon-prefix-h");
	done(&d, &n);
	net(s, &c, 64540, 0, &d, &n);
	CLOSE(n.filtering_raw, 0);
	done(&d, &n);

	/* The JSON evidence of one metric. */
	net(s, &c, 64520, 0, &d, &n);
	struct wbuf w;
	wbuf_init(&w, 1 << 12);
	struct json j;
	json_begin(&j, &w);
	obs_net_json(&n, &d, &j);
	wbuf_putc(&w, 0);
	const char *want = "\"M2\":{\"raw\":2,\"score\":0.36,\"incidents\":1,\"in_filtering\":true,\"evidence\":["
			   "{\"id\":\"moas-b\",\"type\":\"moas\",\"role\":\"culprit\",\"hops\":0,\"weight\":1,"
			   "\"suspicion\":85,\"start\":\"2024-03-03T00:00:00Z\",\"end\":\"2024-03-03T13:00:00Z\","
			   "\"counted_from\":\"2024-03-03T00:00:00Z\",\"counted_to\":\"2024-03-03T13:00:00Z\",\"penalty\":1},";
	CHECK(strstr(w.p, want) != NULL);
	CHECK(strstr(w.p, "\"filtering\":{\"score\":0.36,\"level\":\"lagging\",\"raw\":2,"
					  "\"partial\":false,\"from\":[\"M2\",\"M2C\",\"M3\",\"M3C\",\"M4\",\"M4C\"]}") != NULL);
	wbuf_free(&w);
	done(&d, &n);

	/* The configuration: leaks counted, every accomplice, no minimum
	 * suspicion, squats as hijacks, administrative bogons. */
	c.count_leaks = true;
	c.next_hop_accomplice_only = false;
	c.min_suspicion = 0;
	c.hijack_types |= 1u << DT_SQUAT;
	c.full_bogons_only = false;
	net(s, &c, 64500, 0, &d, &n);
	CLOSE(n.filtering_raw, 0.5);
	CLOSE(n.action[OBS_ACT_FILTERING], exp(-0.72242 * sqrt(0.5)));
	done(&d, &n);
	net(s, &c, 64502, 0, &d, &n);
	CLOSE(n.im[OBS_M1C].raw, 0.25);          /* two hops: weight 0.5 */
	CLOSE(n.im[OBS_M1C].ev[0].weight, 0.5);
	done(&d, &n);
	net(s, &c, 64520, 0, &d, &n);
	CLOSE(n.im[OBS_M2].raw, 2 + 1 + 1);      /* + moas-d (1 h) + squat-e (1 h) */
	CHECK_EQ_U(n.im[OBS_M2].incidents, 3);
	done(&d, &n);
	net(s, &c, 64541, 0, &d, &n);
	CLOSE(n.im[OBS_M3C].raw, 1 + 0.5);       /* + the administrative one (5 h) */
	done(&d, &n);
	net(s, &c, 64599, 0, &d, &n);            /* two hops: weight 0.5 */
	CLOSE(n.im[OBS_M4C].raw, 16);
	CLOSE(n.im[OBS_M2C].raw, 0.5 * 2 + 0.5 * 1 + 0.5 * 1);
	done(&d, &n);

	/* The daily report of 2024-03-03: the month to date, open
	 * incidents up to the end of that day. */
	obs_config_defaults(&c);
	net(s, &c, 64530, 20240303, &d, &n);
	CHECK_EQ_U(d.to, T0 + 3 * D);
	CLOSE(n.im[OBS_M4].raw, 4);              /* 3 days */
	done(&d, &n);
	net(s, &c, 64520, 20240303, &d, &n);
	CLOSE(n.im[OBS_M2].raw, 2);              /* 25 h clipped to 24 h: still a day */
	CHECK_EQ_U(n.im[OBS_M2].ev[1].to, T0 + 3 * D);
	done(&d, &n);
	net(s, &c, 64520, 20240302, &d, &n);
	CLOSE(n.im[OBS_M2].raw, 0);
	done(&d, &n);
	store_close(s);
	rm_db(path);

	/* The same incidents without the detectors having run: no data. */
	s = build(path, false);
	if (!s)
		return;
	net(s, &c, 64520, 0, &d, &n);
	for (int m = 0; m < OBS_IMETRIC_COUNT; m++)
		CHECK(n.im[m].score < 0);
	CHECK(n.filtering_partial);
	CLOSE(n.action[OBS_ACT_FILTERING], 1);   /* M3 alone */
	done(&d, &n);
	store_close(s);
	rm_db(path);
}

static int count_pair(const struct store_pair *p, void *ctx)
{
	char *out = ctx;
	size_t at = strlen(out);
	snprintf(out + at, 256 - at, "%s %u %u %u %u;", p->prefix, p->origin, p->n_peers, p->first_seen, p->last_seen);
	return 0;
}

void test_metrics_day_pairs(void)
{
	char path[512], err[512];
	tmp_db(path, sizeof path, "daypairs.db");
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_U(store_begin(s), 0);
	struct prefix p;
	prefix_parse("192.0.2.0/24", &p);
	int64_t pid = store_prefix_id(s, &p);
	/* Day 1 seen by peers 1, 2, 3; day 2 by 3, 4; day 5 by 9. */
	uint32_t a[] = { 1, 2, 3 }, b[] = { 3, 4 }, e[] = { 9 };
	struct store_obs o = { .period = 20240301, .prefix_id = pid, .origin = 64500, .first_seen = 100,
			       .last_seen = 200, .seconds = 300, .peers = a, .npeers = 3 };
	CHECK_EQ_U(store_obs_merge(s, STORE_DAY, &o), 0);
	o = (struct store_obs){ .period = 20240302, .prefix_id = pid, .origin = 64500, .first_seen = 90000,
				.last_seen = 90500, .seconds = 1000, .peers = b, .npeers = 2 };
	CHECK_EQ_U(store_obs_merge(s, STORE_DAY, &o), 0);
	o = (struct store_obs){ .period = 20240305, .prefix_id = pid, .origin = 64500, .first_seen = 400000,
				.last_seen = 400001, .seconds = 1, .peers = e, .npeers = 1 };
	CHECK_EQ_U(store_obs_merge(s, STORE_DAY, &o), 0);
	CHECK_EQ_U(store_commit(s), 0);
	char out[256] = "";
	/* Days 1-2: peers {1,2,3,4}, 4 distinct (not 5). */
	CHECK_EQ_U(store_day_pairs(s, 20240301, 20240302, 64500, 4, count_pair, out), 1);
	CHECK_STR(out, "192.0.2.0/24 64500 4 100 90500;");
	out[0] = 0;
	CHECK_EQ_U(store_day_pairs(s, 20240301, 20240302, 64500, 5, count_pair, out), 0);
	CHECK_STR(out, "");
	CHECK_EQ_U(store_day_pairs(s, 20240301, 20240305, 0, 5, count_pair, out), 1);
	CHECK_STR(out, "192.0.2.0/24 64500 5 100 400001;");
	out[0] = 0;
	CHECK_EQ_U(store_day_pairs(s, 20240301, 20240305, 64501, 1, count_pair, out), 0);
	store_close(s);
	rm_db(path);
}
