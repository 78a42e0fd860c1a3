/*
 * `manrs rtr`: an RPKI-to-Router cache (RFC 6810, RFC 8210; ASPA of
 * draft-ietf-sidrops-8210bis behind --aspa) serving a VRP file. The file
 * (and SLURM files) are polled and reloaded when they change, or on
 * SIGHUP, without dropping sessions; data older than --max-age is refused
 * loudly (No Data Available) until a fresh file arrives.
 */
#include "cmd/cmd.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "rtr/rtr_load.h"
#include "rtr/rtr_server.h"

#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define RTR_MAX_SLURM 16
#define RTR_MAX_LISTEN 8

static const char USAGE[] =
	"usage: manrs rtr --vrps FILE [--slurm FILE] [--listen ADDR:PORT] [--refresh S]\n"
	"                 [--retry S] [--expire S] [--max-age DURATION] [--aspa] [--json]\n"
	"\n"
	"An RPKI-to-Router cache: serves the VRPs (and BGPsec Router Keys, and with\n"
	"--aspa the ASPAs) of FILE to routers over RTR, RFC 6810 (version 0) and\n"
	"RFC 8210 (version 1), the version each router asks for; with --aspa also\n"
	"version 2 of draft-ietf-sidrops-8210bis. Serial Queries are answered with\n"
	"the difference since the router's serial while it is in the history, else\n"
	"with a Cache Reset. FILE and the SLURM files are checked every --poll\n"
	"seconds and reloaded when they change (and on SIGHUP); a changed set makes\n"
	"a new serial and a Serial Notify to every router. Sessions stay up across\n"
	"reloads. SIGTERM or SIGINT stops the server.\n"
	"\n"
	"  --vrps FILE        VRPs as rpki-client, Routinator, StayRTR or the RIPE NCC\n"
	"                     validator write them (JSON, CSV, OpenBGPD, BIRD; plain or\n"
	"                     compressed); Router Keys from \"bgpsec_keys\" of JSON\n"
	"  --slurm FILE       RFC 8416 local exceptions, applied to every load; repeat\n"
	"                     for several files\n"
	"  --listen ADDR:PORT where to listen ([ADDR]:PORT for IPv6; PORT 0 picks a\n"
	"                     free one, printed at start); repeat for several;\n"
	"                     default 127.0.0.1:8282\n"
	"  --refresh S        Refresh Interval sent in End of Data (RFC 8210 section 6;\n"
	"                     1..86400, default 3600)\n"
	"  --retry S          Retry Interval (1..7200, default 600)\n"
	"  --expire S         Expire Interval (600..172800, above refresh and retry;\n"
	"                     default 7200)\n"
	"  --max-age DURATION refuse to serve data whose file is older than this\n"
	"                     (N, Ns, Nm, Nh or Nd; by the file's modification time):\n"
	"                     every query then gets Error Report \"No Data Available\"\n"
	"                     (code 2), said loudly on stderr; default: no limit\n"
	"  --aspa             serve ASPA PDUs to routers speaking version 2\n"
	"  --json             events (listen, load, reload failures, stale, exit\n"
	"                     with session counts) as JSON lines on stdout\n"
	"  --poll S           how often the files are checked (default 2)\n"
	"  --timeout S        close a session that owes its first query, leaves a\n"
	"                     PDU half-sent, or reads nothing of its answer for S\n"
	"                     seconds (default 60)\n"
	"  --history N        serials kept for Serial Queries (default 16)\n"
	"  --notify-interval S  least time between Serial Notifies (default 60, as\n"
	"                     RFC 8210 section 8.2 asks)\n"
	"  --session-id N     Session ID of version 0 (version V uses N + V);\n"
	"                     default random\n"
	"  -v, --verbose      log every session's start, version and end\n"
	"  -q, --quiet        no warnings about skipped entries\n"
	"\n"
	"Exit status: 0 stopped by a signal, 1 FILE or a SLURM file could not be\n"
	"loaded at start (nothing is served) or the address cannot be listened on,\n"
	"2 usage, 3 stopped by a signal after some load skipped entries.\n";

struct file_sig {
	bool ok;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct rtr_run {
	const char *vrps;
	const char *slurm_files[RTR_MAX_SLURM];
	size_t n_slurm;
	struct rtr_cache cache;
	struct rtr_server *srv[RTR_MAX_LISTEN];
	size_t n_srv;
	struct event_base *base;
	bool json, quiet;
	uint64_t max_age;
	bool stale;
	time_t loaded_mtime;
	struct file_sig loaded[1 + RTR_MAX_SLURM], seen[1 + RTR_MAX_SLURM];
	bool skipped_any;
	bool failing;       /* the last reload failed */
	struct wbuf out;
	struct json js;
};

static void emit(struct rtr_run *r)
{
	wbuf_putc(&r->out, '\n');
	wbuf_flush(&r->out, stdout);
	fflush(stdout);
}

static void on_bad_vrp(const char *where, const char *reason, void *ctx)
{
	struct rtr_run *r = ctx;
	if (!r->quiet)
		log_input(reason, "%s: %s: %s; skipped", r->vrps, where, reason);
}

static void sig_of(const char *path, struct file_sig *s)
{
	struct stat st;
	memset(s, 0, sizeof *s);
	if (stat(path, &st) == 0) {
		s->ok = true;
		s->dev = st.st_dev;
		s->ino = st.st_ino;
		s->size = st.st_size;
		s->mtime = st.st_mtim;
	}
}

static bool sig_eq(const struct file_sig *a, const struct file_sig *b)
{
	return a->ok == b->ok && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void sigs_now(struct rtr_run *r, struct file_sig *sig)
{
	sig_of(r->vrps, &sig[0]);
	for (size_t i = 0; i < r->n_slurm; i++)
		sig_of(r->slurm_files[i], &sig[1 + i]);
}

/* Loads the files into the cache. Returns 0, or -1 (logged; the cache
 * keeps what it had). */
static int load(struct rtr_run *r, bool first)
{
	struct file_sig sig[1 + RTR_MAX_SLURM];
	sigs_now(r, sig);
	struct slurm_set slurms = { NULL, 0 };
	char err[512];
	if (r->n_slurm && slurm_set_load(&slurms, r->slurm_files, r->n_slurm, err, sizeof err) < 0) {
		log_error("%s%s", err, first ? "" : "; the served data stays as it was");
		if (r->json) {
			json_begin(&r->js, &r->out);
			json_obj_open(&r->js);
			json_key(&r->js, "event");
			json_str(&r->js, "load_failed");
			json_key(&r->js, "error");
			json_str(&r->js, err);
			json_obj_close(&r->js);
			emit(r);
		}
		slurm_set_free(&slurms);
		memcpy(r->loaded, sig, sizeof sig);
		return -1;
	}
	struct rtr_set set;
	rtr_set_init(&set);
	struct rtr_load_report rep;
	int rc = rtr_load(&set, r->vrps, &slurms, on_bad_vrp, r, &rep);
	slurm_set_free(&slurms);
	memcpy(r->loaded, sig, sizeof sig);
	if (rc < 0) {
		log_error("%s: %s%s", r->vrps, rep.error, first ? "" : "; the served data stays as it was");
		if (r->json) {
			json_begin(&r->js, &r->out);
			json_obj_open(&r->js);
			json_key(&r->js, "event");
			json_str(&r->js, "load_failed");
			json_key(&r->js, "error");
			json_str(&r->js, rep.error);
			json_obj_close(&r->js);
			emit(r);
		}
		rtr_set_free(&set);
		return -1;
	}
	size_t skipped = rep.vrp.skipped + rep.keys_skipped + rep.aspas_skipped;
	if (skipped)
		r->skipped_any = true;
	r->loaded_mtime = sig[0].mtime.tv_sec;
	struct rtr_update u;
	rtr_cache_update(&r->cache, &set, &u);
	if (!r->quiet || r->json == false)
		fprintf(stderr,
			"manrs rtr: %s: %zu VRPs, %zu router keys, %zu ASPAs (%zu skipped): %s serial %" PRIu32
			" (+%zu -%zu VRPs, +%zu -%zu keys, +%zu -%zu ASPAs)\n",
			r->vrps, rep.vrps, rep.keys, rep.aspas, skipped,
			first ? "serving" : u.changed ? "new" : "unchanged,", u.serial, u.vrps_announced,
			u.vrps_withdrawn, u.keys_announced, u.keys_withdrawn, u.aspas_announced, u.aspas_withdrawn);
	if (r->json) {
		struct json *j = &r->js;
		json_begin(j, &r->out);
		json_obj_open(j);
		json_key(j, "event");
		json_str(j, "load");
		json_key(j, "serial");
		json_u64(j, u.serial);
		json_key(j, "session_id");
		json_u64(j, r->cache.session);
		json_key(j, "changed");
		json_bool(j, u.changed);
		json_key(j, "vrps");
		json_u64(j, rep.vrps);
		json_key(j, "router_keys");
		json_u64(j, rep.keys);
		json_key(j, "aspas");
		json_u64(j, rep.aspas);
		json_key(j, "skipped");
		json_u64(j, skipped);
		json_key(j, "vrps_announced");
		json_u64(j, u.vrps_announced);
		json_key(j, "vrps_withdrawn");
		json_u64(j, u.vrps_withdrawn);
		json_obj_close(j);
		emit(r);
	}
	if (u.changed && !first)
		for (size_t i = 0; i < r->n_srv; i++)
			rtr_server_notify(r->srv[i]);
	return 0;
}

/* The age rule: stale while the loaded file is older than --max-age. */
static void check_age(struct rtr_run *r)
{
	if (!r->max_age || !r->cache.have_data)
		return;
	time_t now = time(NULL);
	uint64_t age = now > r->loaded_mtime ? (uint64_t)(now - r->loaded_mtime) : 0;
	bool stale = age > r->max_age;
	if (stale == r->stale)
		return;
	r->stale = stale;
	for (size_t i = 0; i < r->n_srv; i++)
		rtr_server_set_stale(r->srv[i], stale);
	if (stale)
		log_error("rtr: %s: the data is %" PRIu64 " s old, more than --max-age %" PRIu64
			  " s: NOT SERVING IT; every query gets Error Report \"No Data Available\" (code 2) "
			  "until a fresher file is loaded",
			  r->vrps, age, r->max_age);
	else
		log_error("rtr: %s: fresh data (%" PRIu64 " s old): serving serial %" PRIu32 " again", r->vrps, age,
			  r->cache.serial);
	if (r->json) {
		json_begin(&r->js, &r->out);
		json_obj_open(&r->js);
		json_key(&r->js, "event");
		json_str(&r->js, stale ? "stale" : "fresh");
		json_key(&r->js, "age");
		json_u64(&r->js, age);
		json_key(&r->js, "max_age");
		json_u64(&r->js, r->max_age);
		json_obj_close(&r->js);
		emit(r);
	}
}

/* Every --poll seconds: reload files whose signature changed and then held
 * still for one tick (a file being written is not read half-way). */
static void on_poll(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct rtr_run *r = arg;
	struct file_sig now[1 + RTR_MAX_SLURM];
	sigs_now(r, now);
	bool changed = false, steady = true;
	for (size_t i = 0; i <= r->n_slurm; i++) {
		if (!sig_eq(&now[i], &r->loaded[i]))
			changed = true;
		if (!sig_eq(&now[i], &r->seen[i]))
			steady = false;
	}
	memcpy(r->seen, now, sizeof now);
	if (changed && steady)
		load(r, false);
	check_age(r);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct rtr_run *r = arg;
	if (sig == SIGHUP) {
		log_info("rtr: SIGHUP: reloading %s", r->vrps);
		load(r, false);
		check_age(r);
		return;
	}
	event_base_loopexit(r->base, NULL);
}

static int parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* A numeric option: its getopt code and name, the range it accepts, the
 * unit its message names after the range, where the value goes. */
struct num_opt {
	int code;
	const char *name;
	uint32_t lo, hi;
	const char *unit;
	uint32_t *dst;
};

/* N, Ns, Nm, Nh, Nd -> seconds; -1 if malformed. */
static int parse_duration(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return -1;
	uint64_t mul = 1;
	if (*end == 's')
		end++;
	else if (*end == 'm')
		mul = 60, end++;
	else if (*end == 'h')
		mul = 3600, end++;
	else if (*end == 'd')
		mul = 86400, end++;
	if (*end || v == 0 || v > UINT64_MAX / mul / 2)
		return -1;
	*out = v * mul;
	return 0;
}

static void raise_nofile(void)
{
	/* Thousands of routers need thousands of descriptors. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int cmd_rtr(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vrps", required_argument, NULL, 'V' },
		{ "slurm", required_argument, NULL, 'S' },
		{ "listen", required_argument, NULL, 'l' },
		{ "refresh", required_argument, NULL, 'r' },
		{ "retry", required_argument, NULL, 'R' },
		{ "expire", required_argument, NULL, 'e' },
		{ "max-age", required_argument, NULL, 'm' },
		{ "aspa", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "poll", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "history", required_argument, NULL, 'H' },
		{ "notify-interval", required_argument, NULL, 'n' },
		{ "session-id", required_argument, NULL, 'i' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rtr_run *r = xcalloc(1, sizeof *r);
	const char *listen[RTR_MAX_LISTEN];
	size_t n_listen = 0;
	uint32_t refresh = 3600, retry = 600, expire = 7200, poll_s = 2, timeout = 60, history = RTR_HISTORY_DEFAULT;
	uint32_t notify = 60, session = 0;
	bool have_session = false, aspa = false, verbose = false;
	/* The numeric options, by getopt code: range and unit, one message. */
	const struct num_opt nums[] = {
		{ 'r', "refresh", 1, 86400, " seconds (RFC 8210 section 6)", &refresh },
		{ 'R', "retry", 1, 7200, " seconds (RFC 8210 section 6)", &retry },
		{ 'e', "expire", 600, 172800, " seconds (RFC 8210 section 6)", &expire },
		{ 'p', "poll", 1, 3600, " seconds", &poll_s },
		{ 't', "timeout", 1, 86400, " seconds", &timeout },
		{ 'H', "history", 1, 100000, " serials", &history },
		{ 'n', "notify-interval", 1, 86400, " seconds", &notify },
		{ 'i', "session-id", 0, 65533, "", &session },
	};
	char msg[96];
	int rc = EXIT_USAGE, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "vqh", opts, NULL)) != -1) {
		const char *bad = NULL;
		switch (c) {
		case 'V':
			r->vrps = optarg;
			break;
		case 'S':
			if (r->n_slurm == RTR_MAX_SLURM)
				bad = "--slurm: at most 16 files";
			else
				r->slurm_files[r->n_slurm++] = optarg;
			break;
		case 'l':
			if (n_listen == RTR_MAX_LISTEN)
				bad = "--listen: at most 8 addresses";
			else
				listen[n_listen++] = optarg;
			break;
		case 'm':
			if (parse_duration(optarg, &r->max_age) < 0)
				bad = "--max-age: a duration such as 3600, 90m, 2h or 1d";
			break;
		case 'a':
			aspa = true;
			break;
		case 'j':
			r->json = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'q':
			r->quiet = true;
			break;
		case 'h':
			fputs(USAGE, stdout);
			free(r);
			return EXIT_OK;
		default: {
			const struct num_opt *num = NULL;
			for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
				if (nums[k].code == c)
					num = &nums[k];
			if (!num) {
				fputs(USAGE, stderr);
				free(r);
				return EXIT_USAGE;
			}
			if (parse_u32(optarg, num->lo, num->hi, num->dst) < 0) {
				snprintf(msg, sizeof msg, "--%s: %u to %u%s", num->name, num->lo, num->hi, num->unit);
				bad = msg;
			}
			have_session |= c == 'i';
			break;
		}
		}
		if (bad) {
			fprintf(stderr, "manrs rtr: %s\n", bad);
			free(r);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "manrs rtr: unexpected argument '%s'\n", argv[optind]);
		free(r);
		return EXIT_USAGE;
	}
	if (!r->vrps) {
		fprintf(stderr, "manrs rtr: --vrps FILE is required\n");
		free(r);
		return EXIT_USAGE;
	}
	if (!strcmp(r->vrps, "-")) {
		fprintf(stderr, "manrs rtr: --vrps: a file is needed (it is reloaded when it changes), not stdin\n");
		free(r);
		return EXIT_USAGE;
	}
	if (expire <= refresh || expire <= retry) {
		fprintf(stderr, "manrs rtr: --expire must be larger than --refresh and --retry (RFC 8210 section 6)\n");
		free(r);
		return EXIT_USAGE;
	}
	if (!n_listen)
		listen[n_listen++] = "127.0.0.1:8282";
	if (!have_session) {
		uint16_t rnd = 0;
		if (getrandom(&rnd, sizeof rnd, 0) != sizeof rnd)
			rnd = (uint16_t)(time(NULL) ^ getpid());
		session = rnd % 65534u;
	}
	log_set_quiet(0);
	wbuf_init(&r->out, 4096);
	rtr_cache_init(&r->cache, (uint16_t)session, 1, history);
	if (load(r, true) < 0) {
		rc = EXIT_FAIL;
		goto out;
	}
	memcpy(r->seen, r->loaded, sizeof r->seen);
	raise_nofile();
	signal(SIGPIPE, SIG_IGN);
	r->base = event_base_new();
	struct rtr_server_opts so = {
		.refresh = refresh, .retry = retry, .expire = expire, .max_version = aspa ? 2 : 1,
		.timeout = timeout, .high_water = 256 * 1024, .notify_interval = notify, .verbose = verbose,
	};
	/* One server (and session list) per address; all share the cache. */
	for (size_t i = 0; i < n_listen; i++) {
		char err[256];
		struct rtr_server *s = r->srv[r->n_srv++] = rtr_server_new(r->base, &r->cache, &so);
		if (rtr_server_listen(s, listen[i], err, sizeof err) < 0) {
			log_error("rtr: %s", err);
			rc = EXIT_FAIL;
			goto out_srv;
		}
		fprintf(stderr, "manrs rtr: listening on %s (port %u), versions 0 to %u, session id %u\n", listen[i],
			rtr_server_port(s), aspa ? 2 : 1, session);
		if (r->json) {
			json_begin(&r->js, &r->out);
			json_obj_open(&r->js);
			json_key(&r->js, "event");
			json_str(&r->js, "listen");
			json_key(&r->js, "address");
			json_str(&r->js, listen[i]);
			json_key(&r->js, "port");
			json_u64(&r->js, rtr_server_port(s));
			json_obj_close(&r->js);
			emit(r);
		}
	}
	check_age(r);
	struct event *poll_ev = event_new(r->base, -1, EV_PERSIST, on_poll, r);
	struct timeval ptv = { (time_t)poll_s, 0 };
	event_add(poll_ev, &ptv);
	struct event *sigs[3];
	int signos[3] = { SIGTERM, SIGINT, SIGHUP };
	for (int i = 0; i < 3; i++) {
		sigs[i] = evsignal_new(r->base, signos[i], on_signal, r);
		event_add(sigs[i], NULL);
	}
	event_base_dispatch(r->base);
	for (int i = 0; i < 3; i++)
		event_free(sigs[i]);
	event_free(poll_ev);
	struct rtr_server_stats st;
	memset(&st, 0, sizeof st);
	for (size_t k = 0; k < r->n_srv; k++) {
		struct rtr_server_stats x;
		rtr_server_get_stats(r->srv[k], &x);
		st.sessions_total += x.sessions_total;
		st.reset_queries += x.reset_queries;
		st.serial_queries += x.serial_queries;
		st.cache_resets += x.cache_resets;
		st.no_data += x.no_data;
		st.errors_sent += x.errors_sent;
		st.errors_received += x.errors_received;
		st.notifies += x.notifies;
	}
	fprintf(stderr,
		"manrs rtr: stopped at serial %" PRIu32 ": %" PRIu64 " sessions, %" PRIu64 " reset queries, %" PRIu64
		" serial queries, %" PRIu64 " cache resets, %" PRIu64 " errors sent, %" PRIu64 " received, %" PRIu64
		" notifies\n",
		r->cache.serial, st.sessions_total, st.reset_queries, st.serial_queries, st.cache_resets, st.errors_sent,
		st.errors_received, st.notifies);
	if (r->json) {
		struct json *j = &r->js;
		json_begin(j, &r->out);
		json_obj_open(j);
		json_key(j, "event");
		json_str(j, "exit");
		json_key(j, "serial");
		json_u64(j, r->cache.serial);
		json_key(j, "sessions");
		json_u64(j, st.sessions_total);
		json_key(j, "reset_queries");
		json_u64(j, st.reset_queries);
		json_key(j, "serial_queries");
		json_u64(j, st.serial_queries);
		json_key(j, "cache_resets");
		json_u64(j, st.cache_resets);
		json_key(j, "no_data");
		json_u64(j, st.no_data);
		json_key(j, "errors_sent");
		json_u64(j, st.errors_sent);
		json_key(j, "errors_received");
		json_u64(j, st.errors_received);
		json_key(j, "notifies");
		json_u64(j, st.notifies);
		json_obj_close(j);
		emit(r);
	}
	rc = r->skipped_any ? EXIT_SKIPPED : EXIT_OK;
out_srv:
	for (size_t k = 0; k < r->n_srv; k++)
		rtr_server_free(r->srv[k]);
	event_base_free(r->base);
out:
	log_input_summary();
	rtr_cache_free(&r->cache);
	wbuf_free(&r->out);
	free(r);
	return rc;
}
