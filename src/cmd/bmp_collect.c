/*
 * `manrs bmp`: the BMP collector. Routers' route events (bmp/bmp_server.c)
 * go into the route state and the store (route_sink.c, the rules of
 * `manrs ingest`), and optionally into an MRT archive (mrt/mrt_write.c).
 * One event loop; SIGTERM or SIGINT flushes everything and exits 0.
 * bmp_sink_elem below is the one place every route event passes: it also
 * feeds the incident detectors, through the same driver as `manrs ingest`
 * (ingest_detect.c: one detector, per-peer header times as event time,
 * incidents saved with each flush, alerts for --monitor), and a change
 * reaches the alerts as soon as the messages read with it are decoded.
 */
#include "bmp/bmp_server.h"
#include "cmd/cmd.h"
#include "cmd/cmd_bmp.h"
#include "cmd/ingest_detect.h"
#include "detect/alert.h"
#include "cmd/route_sink.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "mrt/mrt_write.h"
#include "observatory/config.h"
#include "store/store.h"

#include <event2/event.h>

#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
	"usage: manrs bmp [--db FILE] --listen ADDR:PORT... [--connect ADDR:PORT...]\n"
	"                 [--archive DIR [--update-interval 5m|15m] [--rib-interval Nh]]\n"
	"                 [--flush-interval SECONDS] [--no-detect] [--monitor FILE]\n"
	"                 [--json] [-q]\n"
	"       manrs bmp decode [--json] [--port N]... FILE\n"
	"\n"
	"A BMP collector (RFC 7854; Adj-RIB-Out RFC 8671, Loc-RIB RFC 9069): routers\n"
	"connect to --listen (passive), or the collector connects to routers listening\n"
	"at --connect (active; retried every 5 s). Pre-policy Adj-RIB-In and Loc-RIB\n"
	"routes go into the route state and, as in 'manrs ingest', into per-day and\n"
	"per-month prefix-origin observations in the store (each router is a collector\n"
	"named bmp-ADDR); event times are the per-peer headers' timestamps. A malformed\n"
	"message closes that router's session only. SIGTERM or SIGINT flushes\n"
	"everything to the store (and the archive) and exits 0.\n"
	"The incident detectors run on the same routes as in 'manrs ingest' (settings\n"
	"from $MANRS_CONFIG; incidents written at each flush, 'manrs incidents'), and\n"
	"with --monitor an incident touching a monitored prefix or ASN is alerted as\n"
	"soon as the message that caused it is decoded.\n"
	"\n"
	"  --db FILE              database (default $MANRS_DB, else ./manrs.db)\n"
	"  --listen ADDR:PORT     accept routers here ([ADDR]:PORT for IPv6; repeatable)\n"
	"  --connect ADDR:PORT    connect to a router listening here (repeatable)\n"
	"  --archive DIR          write the feed as MRT: BGP4MP_ET update files and\n"
	"                         TABLE_DUMP_V2 RIB dumps (updates.YYYYMMDD.HHMM,\n"
	"                         bview.YYYYMMDD.HHMM; one more dump at exit)\n"
	"  --update-interval 5m|15m  length of each update file (default 5m)\n"
	"  --rib-interval Nh      a RIB dump every N hours, 1 to 24 (default 8h)\n"
	"  --flush-interval SECONDS  commit observations and incidents this often\n"
	"                         (default 60)\n"
	"  --no-detect            do not run the incident detectors\n"
	"  --monitor FILE         alert on incidents touching the prefixes and ASNs of\n"
	"                         this monitor configuration (docs/alerts.md)\n"
	"  --json                 print the exit summary as JSON\n"
	"  -q, --quiet            no messages on stderr but errors\n"
	"\n"
	"Exit status: 0 ok (stopped by a signal), 1 the database or archive could not\n"
	"be written or an address could not be bound, 2 usage.\n";

struct collect {
	struct event_base *base;
	struct store *db;
	const char *db_path;
	struct route_sink *sink;
	struct mrt_archive *arch;
	bool failed;
	uint64_t views_skipped;    /* post-policy and Adj-RIB-Out elements */
	uint64_t archived;
	bool arch_dirty;           /* records written since the last fflush */
	/* The incident detectors (NULL det until the first route event,
	 * whose time picks the reference data and history, as in ingest). */
	bool detect;
	const struct detect_config *dcfg;
	const char *monitor;
	struct ingest_detect *det;
	struct event *notify;      /* active while changes wait for the alerts */
	bool notify_pending;
	uint32_t det_ts;           /* the latest event time the detector got */
	int64_t det_wall;          /* the system clock when it came */
};

/* A router's clock this close to ours makes a feed live (not a replay of
 * old data): then idle seconds move the detector's clock too. */
#define BMP_LIVE_SKEW 3600

/* The views that feed the route state and the archive: pre-policy
 * Adj-RIB-In of peer types 0-2 (RFC 7854 section 4.2: L and O clear), and
 * Loc-RIB (RFC 9069). Post-policy and Adj-RIB-Out (RFC 8671) are other
 * views of the same peers and would double their routes. */
static bool wanted_view(const struct bmp_peer_hdr *ph)
{
	if (ph->type == BMP_PEER_LOC_RIB)
		return true;
	return !(ph->flags & (BMP_FLAG_L | BMP_FLAG_O));
}

static void on_router_up(void *ctx, struct bmp_router *r)
{
	struct collect *c = ctx;
	if (c->failed)
		return;
	int64_t id = -1;
	if (store_begin(c->db) == 0) {
		id = store_collector_id(c->db, r->name);
		if (id < 0 || store_commit(c->db) < 0) {
			id = -1;
			store_rollback(c->db);
		}
	}
	if (id < 0) {
		log_error("%s: %s", c->db_path, store_errmsg(c->db));
		c->failed = true;
		event_base_loopbreak(c->base);
		return;
	}
	r->collector = (uint32_t)id;
}

/* The first route event opens the detector with its time; a failure
 * stops the collector (exit 1), as it stops ingest. */
static void detect_elem_bmp(struct collect *c, struct bmp_router *r, const struct mrt_elem *e)
{
	if (e->local || !e->rec)
		return;
	uint32_t t = e->rec->ts;
	if (!c->det) {
		char err[1400];
		if (!(c->det = ingest_detect_open(c->db, c->db_path, t, c->dcfg, c->monitor, err, sizeof err))) {
			log_error("%s", err);
			c->detect = false;
			c->failed = true;
			event_base_loopbreak(c->base);
			return;
		}
	}
	ingest_detect_elem(c->det, e, r->collector, r->name);
	if (t >= c->det_ts) {
		c->det_ts = t;
		c->det_wall = (int64_t)time(NULL);
	}
	if (!c->notify_pending) {
		c->notify_pending = true;
		event_active(c->notify, EV_TIMEOUT, 0);
	}
}

/* Runs once the messages read together are decoded: incident changes go
 * to the alerts now. */
static void on_notify(evutil_socket_t fd, short what, void *ctx)
{
	struct collect *c = ctx;
	(void)fd;
	(void)what;
	c->notify_pending = false;
	if (c->det)
		ingest_detect_notify(c->det);
}

/* Once a second, a live feed's detector clock moves on by the seconds
 * since its latest event: withdrawn incidents resolve merge_gap later
 * even if the routers say nothing more. A replay of old data keeps event
 * time alone, so it raises what ingesting its files raises. */
static void detect_idle(struct collect *c)
{
	if (!c->det || !c->det_ts)
		return;
	int64_t wall = (int64_t)time(NULL);
	int64_t skew = (int64_t)c->det_ts - c->det_wall;
	if (skew > BMP_LIVE_SKEW || skew < -BMP_LIVE_SKEW || wall <= c->det_wall)
		return;
	ingest_detect_advance(c->det, (uint32_t)((int64_t)c->det_ts + (wall - c->det_wall)));
}

/* The incidents changed since the last save, in their own transaction.
 * 0, or -1 after logging. */
static int detect_save(struct collect *c)
{
	if (!c->det)
		return 0;
	if (store_begin(c->db) < 0 || ingest_detect_save(c->det) < 0 || store_commit(c->db) < 0) {
		log_error("%s: cannot record the incidents: %s", c->db_path, store_errmsg(c->db));
		store_rollback(c->db);
		return -1;
	}
	return 0;
}

/*
 * Every route event of every router passes here, in arrival order, with
 * its BMP context (ph: peer type, flags, distinguisher): the route state,
 * the detectors (the same mrt_elem they get from the archive path) and
 * the archive's RIB.
 */
static void bmp_sink_elem(void *ctx, struct bmp_router *r, const struct mrt_elem *e, const struct bmp_peer_hdr *ph)
{
	struct collect *c = ctx;
	if (e->type != MRT_ELEM_STATE && !wanted_view(ph)) {
		c->views_skipped++;
		return;
	}
	route_sink_elem(c->sink, r->collector, e, e->rec->ts);
	if (c->detect)
		detect_elem_bmp(c, r, e);
	if (c->arch)
		mrt_ribtab_elem(mrt_archive_ribtab(c->arch), e);
}

static void on_record(void *ctx, struct bmp_router *r, const struct mrt_record *rec)
{
	struct collect *c = ctx;
	(void)r;
	if (!c->arch || c->failed)
		return;
	char err[1400];
	if (mrt_archive_record(c->arch, rec, err, sizeof err) < 0) {
		log_error("%s", err);
		c->failed = true;
		event_base_loopbreak(c->base);
		return;
	}
	c->archived++;
	c->arch_dirty = true;
}

/* Once a second: what the archive got reaches its .part file. */
static void on_tick(evutil_socket_t fd, short what, void *ctx)
{
	struct collect *c = ctx;
	(void)fd;
	(void)what;
	char err[1400];
	if (c->failed)
		return;
	detect_idle(c);
	if (!c->arch || !c->arch_dirty)
		return;
	c->arch_dirty = false;
	if (mrt_archive_flush(c->arch, err, sizeof err) < 0) {
		log_error("%s", err);
		c->failed = true;
		event_base_loopbreak(c->base);
	}
}

static void on_router_down(void *ctx, struct bmp_router *r, const char *reason)
{
	(void)ctx;
	log_info("bmp: %s: session ended after %" PRIu64 " messages%s%s", r->name, r->msgs, reason ? ": " : "",
		 reason ? reason : "");
}

static void on_signal(evutil_socket_t sig, short what, void *ctx)
{
	struct collect *c = ctx;
	(void)what;
	log_info("bmp: signal %d: flushing and exiting", (int)sig);
	event_base_loopbreak(c->base);
}

static void on_flush(evutil_socket_t fd, short what, void *ctx)
{
	struct collect *c = ctx;
	(void)fd;
	(void)what;
	if (route_sink_flush(c->sink, route_sink_last_time(c->sink)) < 0 || detect_save(c) < 0) {
		c->failed = true;
		event_base_loopbreak(c->base);
	}
}

/* "5m", "15m" -> seconds; "Nh" -> seconds. 0 if malformed. */
static uint32_t parse_interval(const char *s, char unit, uint32_t lo, uint32_t hi)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || end[0] != unit || end[1] || v < lo || v > hi)
		return 0;
	return (uint32_t)v * (unit == 'm' ? 60u : 3600u);
}

int cmd_bmp_collect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "connect", required_argument, NULL, 'c' },
		{ "archive", required_argument, NULL, 'a' },
		{ "update-interval", required_argument, NULL, 'u' },
		{ "rib-interval", required_argument, NULL, 'r' },
		{ "flush-interval", required_argument, NULL, 'f' },
		{ "no-detect", no_argument, NULL, 'D' },
		{ "monitor", required_argument, NULL, 'M' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *archive = NULL, *monitor = NULL;
	const char *listen[16], *connect[16];
	size_t nlisten = 0, nconnect = 0;
	uint32_t upd_secs = 300, rib_secs = 8 * 3600, flush_secs = 60;
	bool json = false, have_upd = false, have_rib = false, detect = true;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': db_opt = optarg; break;
		case 'l':
			if (nlisten >= 8) {
				fprintf(stderr, "manrs bmp: --listen: at most 8 addresses\n");
				return EXIT_USAGE;
			}
			listen[nlisten++] = optarg;
			break;
		case 'c':
			if (nconnect >= 16) {
				fprintf(stderr, "manrs bmp: --connect: at most 16 routers\n");
				return EXIT_USAGE;
			}
			connect[nconnect++] = optarg;
			break;
		case 'a': archive = optarg; break;
		case 'u':
			upd_secs = parse_interval(optarg, 'm', 5, 15);
			if (upd_secs != 300 && upd_secs != 900) {
				fprintf(stderr, "manrs bmp: --update-interval: '%s' is not 5m or 15m\n", optarg);
				return EXIT_USAGE;
			}
			have_upd = true;
			break;
		case 'r':
			rib_secs = parse_interval(optarg, 'h', 1, 24);
			if (!rib_secs) {
				fprintf(stderr, "manrs bmp: --rib-interval: '%s' is not 1h to 24h\n", optarg);
				return EXIT_USAGE;
			}
			have_rib = true;
			break;
		case 'f': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' || *end || v < 1 || v > 86400) {
				fprintf(stderr, "manrs bmp: --flush-interval: '%s' is not 1 to 86400 seconds\n", optarg);
				return EXIT_USAGE;
			}
			flush_secs = (uint32_t)v;
			break;
		}
		case 'D': detect = false; break;
		case 'M': monitor = optarg; break;
		case 'j': json = true; break;
		case 'q': log_set_quiet(1); break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc || (!nlisten && !nconnect)) {
		if (optind != argc)
			fprintf(stderr, "manrs bmp: unexpected argument '%s'\n", argv[optind]);
		else
			fprintf(stderr, "manrs bmp: --listen or --connect is required\n");
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < nlisten + nconnect; i++) {
		const char *a = i < nlisten ? listen[i] : connect[i - nlisten];
		if (!bmp_server_addr_ok(a)) {
			fprintf(stderr, "manrs bmp: %s: '%s' is not ADDR:PORT (or [ADDR]:PORT for IPv6)\n",
				i < nlisten ? "--listen" : "--connect", a);
			return EXIT_USAGE;
		}
	}
	if ((have_upd || have_rib) && !archive) {
		fprintf(stderr, "manrs bmp: --update-interval and --rib-interval need --archive\n");
		return EXIT_USAGE;
	}
	if (monitor && !detect) {
		fprintf(stderr, "manrs bmp: --monitor needs the detectors (drop --no-detect)\n");
		return EXIT_USAGE;
	}
	struct obs_config cfg;
	char err[1400];
	if (detect && obs_config_resolve(&cfg, NULL, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	/* The monitor configuration is read now, so a bad one stops the
	 * collector before any router connects; the detector reads it again
	 * when the first route arrives. */
	if (monitor) {
		struct alert_set *as = alert_load(monitor, err, sizeof err);
		if (!as) {
			log_error("%s", err);
			return EXIT_FAIL;
		}
		alert_free(as);
	}
	const char *path = store_path(db_opt);
	struct store *db = store_open(path, STORE_WRITE, err, sizeof err);
	if (!db) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	struct collect c;
	memset(&c, 0, sizeof c);
	c.db = db;
	c.db_path = path;
	c.sink = route_sink_new(db, path);
	c.detect = detect;
	c.dcfg = detect ? &cfg.detect : NULL;
	c.monitor = monitor;
	int rc = EXIT_OK;
	if (archive && !(c.arch = mrt_archive_new(archive, upd_secs, rib_secs, err, sizeof err))) {
		log_error("%s", err);
		route_sink_free(c.sink);
		store_close(db);
		return EXIT_FAIL;
	}
	c.base = event_base_new();
	c.notify = event_new(c.base, -1, 0, on_notify, &c);
	const struct bmp_sink sink = { on_router_up, bmp_sink_elem, on_record, on_router_down, &c };
	struct bmp_server *srv = bmp_server_new(c.base, &sink);
	for (size_t i = 0; i < nlisten; i++) {
		uint16_t port;
		if (bmp_server_listen(srv, listen[i], &port, err, sizeof err) < 0) {
			log_error("--listen: %s", err);
			rc = EXIT_FAIL;
			goto out;
		}
		log_info("bmp: listening on %s (port %u)", listen[i], port);
	}
	for (size_t i = 0; i < nconnect; i++)
		if (bmp_server_connect(srv, connect[i], err, sizeof err) < 0) {
			fprintf(stderr, "manrs bmp: --connect: %s\n", err);
			rc = EXIT_USAGE;
			goto out;
		}
	struct event *sigterm = evsignal_new(c.base, SIGTERM, on_signal, &c);
	struct event *sigint = evsignal_new(c.base, SIGINT, on_signal, &c);
	struct event *flush = event_new(c.base, -1, EV_PERSIST, on_flush, &c);
	struct event *tick = event_new(c.base, -1, EV_PERSIST, on_tick, &c);
	struct timeval tv = { (time_t)flush_secs, 0 }, one = { 1, 0 };
	evsignal_add(sigterm, NULL);
	evsignal_add(sigint, NULL);
	evtimer_add(flush, &tv);
	evtimer_add(tick, &one);
	signal(SIGPIPE, SIG_IGN);
	event_base_dispatch(c.base);
	event_free(sigterm);
	event_free(sigint);
	event_free(flush);
	event_free(tick);
out:;
	struct bmp_server_stats ss;
	bmp_server_stats(srv, &ss);
	/* The detector ends first, as ingest ends at the end of its files:
	 * incidents still up stay open (the collector stopping is not a
	 * withdrawal), those that ended are resolved and saved. */
	struct detect_stats ds;
	uint64_t history = 0;
	memset(&ds, 0, sizeof ds);
	if (c.det) {
		if (!c.failed && ingest_detect_close(c.det, c.det_ts) < 0) {
			log_error("%s: cannot record the incidents: %s", path, store_errmsg(db));
			c.failed = true;
		}
		ingest_detect_stats(c.det, &ds, &history);
		ingest_detect_free(c.det);
		c.det = NULL;
	}
	c.detect = false;
	/* The archive's last RIB dump holds the table as the routers left
	 * it; then sessions still open end (their peers' routes end at the
	 * routers' latest times) and everything is committed. */
	uint32_t last = route_sink_last_time(c.sink);
	if (c.arch && !c.failed && last && mrt_archive_dump(c.arch, last, err, sizeof err) < 0) {
		log_error("%s", err);
		c.failed = true;
	}
	bmp_server_free(srv);
	last = route_sink_last_time(c.sink);
	if (!c.failed && route_sink_flush(c.sink, last) < 0)
		c.failed = true;
	if (c.arch) {
		if (mrt_archive_free(c.arch, err, sizeof err) < 0) {
			log_error("%s", err);
			c.failed = true;
		}
	}
	if (c.failed)
		rc = EXIT_FAIL;
	struct route_sink_stats rs;
	route_sink_stats(c.sink, &rs);
	if (rc == EXIT_OK) {
		struct wbuf w;
		wbuf_init(&w, 1024);
		if (json) {
			struct json j;
			json_begin(&j, &w);
			json_obj_open(&j);
			json_key(&j, "routers");
			json_u64(&j, ss.routers_total);
			json_key(&j, "messages");
			json_u64(&j, ss.msgs);
			json_key(&j, "bytes");
			json_u64(&j, ss.bytes);
			json_key(&j, "bad_messages");
			json_u64(&j, ss.bad_msgs);
			json_key(&j, "sessions_closed_malformed");
			json_u64(&j, ss.closed_malformed);
			json_key(&j, "elements");
			json_u64(&j, ss.elems);
			json_key(&j, "announcements");
			json_u64(&j, rs.announce);
			json_key(&j, "withdrawals");
			json_u64(&j, rs.withdraw);
			json_key(&j, "other_views_skipped");
			json_u64(&j, c.views_skipped);
			json_key(&j, "day_rows");
			json_u64(&j, rs.day_rows);
			json_key(&j, "month_rows");
			json_u64(&j, rs.month_rows);
			json_key(&j, "archived_records");
			json_u64(&j, c.archived);
			json_key(&j, "incidents_opened");
			json_u64(&j, ds.opened);
			json_key(&j, "incidents_resolved");
			json_u64(&j, ds.resolved);
			json_obj_close(&j);
			wbuf_putc(&w, '\n');
		} else {
			wbuf_printf(&w, "bmp: %" PRIu64 " routers, %" PRIu64 " messages, %" PRIu64 " elements (%" PRIu64
					" announcements, %" PRIu64 " withdrawals); %" PRIu64 " day and %" PRIu64
					" month observations written\n",
				    ss.routers_total, ss.msgs, ss.elems, rs.announce, rs.withdraw, rs.day_rows,
				    rs.month_rows);
			if (detect)
				wbuf_printf(&w, "bmp: %" PRIu64 " incidents opened, %" PRIu64 " resolved\n", ds.opened,
					    ds.resolved);
		}
		if (wbuf_flush(&w, stdout) < 0 || fflush(stdout) != 0) {
			log_error("write error on standard output");
			rc = EXIT_FAIL;
		}
		wbuf_free(&w);
	}
	log_input_summary();
	route_sink_free(c.sink);
	event_free(c.notify);
	event_base_free(c.base);
	store_close(db);
	return rc;
}
