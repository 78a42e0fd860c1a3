/*
 * `manrs monitor`: monitor configurations for alerting (detect/alert.h).
 * `generate` writes one from the prefixes an AS originated in the store's
 * newest month (as BGPalerter's generate does from RIPEstat), `check`
 * validates one, and `test-fire` replays incident events from a JSON-lines
 * file through the real sinks (for tests and for trying a configuration).
 */
#include "cmd/cmd.h"
#include "detect/alert.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "net/text.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
	"usage: manrs monitor <subcommand> [options]\n"
	"\n"
	"Alert configurations for monitored prefixes and ASNs (docs/alerts.md).\n"
	"\n"
	"Subcommands:\n"
	"  generate    write a configuration from the prefixes an AS originated\n"
	"  check       validate a configuration and summarise it\n"
	"  test-fire   send incident events from a JSON-lines file through its sinks\n";

static const char USAGE_GENERATE[] =
	"usage: manrs monitor generate --asn N [--db FILE] [--month YYYY-MM] [--min-peers N]\n"
	"                              [--output FILE] [--webhook URL] [--syslog FACILITY] [--file PATH]\n"
	"\n"
	"Writes a monitor configuration for AS N: an asn line, and one prefix line\n"
	"(with include-more-specifics) for every prefix the AS originated in the\n"
	"month, as the store's observations say. Sinks from the options (any\n"
	"number); with none, 'file manrs-alerts.jsonl'.\n"
	"\n"
	"  --asn N           the AS to monitor (65000, AS65000 or asdot)\n"
	"  --db FILE         the database (default $MANRS_DB or ./manrs.db)\n"
	"  --month YYYY-MM   the month (default: the newest with observations)\n"
	"  --min-peers N     prefixes seen by at least N peers (default 1)\n"
	"  --output FILE     write there instead of standard output\n"
	"  --webhook URL     add a webhook sink\n"
	"  --syslog FACILITY add a syslog sink (daemon, user, local0..local7)\n"
	"  --file PATH       add a JSON-lines file sink\n";

static const char USAGE_CHECK[] =
	"usage: manrs monitor check CONFIG\n"
	"\n"
	"Reads a monitor configuration and prints what it monitors and where\n"
	"alerts go; exit 1 with the line and the reason if it is not valid.\n";

static const char USAGE_FIRE[] =
	"usage: manrs monitor test-fire [--syslog-socket PATH] CONFIG EVENTS\n"
	"\n"
	"Sends incident events through the configuration's sinks as the\n"
	"detectors would: EVENTS holds one JSON object a line,\n"
	"  {\"event\": \"open\"|\"update\"|\"resolved\", \"time\": UNIX_SECONDS,\n"
	"   \"incident\": {\"id\": ..., \"type\": ..., \"prefixes\": [...],\n"
	"                \"culprit_asn\": N, \"victim_asns\": [...], \"suspicion\": N, ...}}\n"
	"(\"time\", optional, drives the update rate limit instead of the clock).\n"
	"Waits for every webhook delivery, then prints the counts.\n"
	"\n"
	"  --syslog-socket PATH  syslog datagrams to this unix socket instead of\n"
	"                        syslog(3) (default $MANRS_SYSLOG_SOCKET)\n";

/* Caps on test-fire input. */
#define FIRE_MAX_FILE (64u * 1024 * 1024)
#define FIRE_MAX_LIST 100000u

/* ---- generate ----------------------------------------------------------- */

struct gen {
	FILE *out;
	uint32_t month;
	uint64_t n;
};

static int gen_pair(const struct store_pair *p, void *ctx)
{
	struct gen *g = ctx;
	fprintf(g->out, "prefix %s include-more-specifics description seen by %u peers in %04u-%02u\n", p->prefix,
		p->n_peers, g->month / 100, g->month % 100);
	g->n++;
	return 0;
}

static bool facility_ok(const char *f)
{
	static const char *const names[] = { "daemon", "user",   "local0", "local1", "local2",
					     "local3", "local4", "local5", "local6", "local7" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(f, names[i]))
			return true;
	return false;
}

static int monitor_generate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "asn", required_argument, NULL, 'a' },     { "db", required_argument, NULL, 'd' },
		{ "month", required_argument, NULL, 'm' },   { "min-peers", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },  { "webhook", required_argument, NULL, 'w' },
		{ "syslog", required_argument, NULL, 's' },  { "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *month_opt = NULL, *output = NULL;
	const char *sinks[3 * 16];
	size_t nsinks = 0;
	uint32_t asn = 0, min_peers = 1;
	bool have_asn = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (asn_parse(optarg, &asn) != 0 || asn == 0) {
				fprintf(stderr, "manrs monitor generate: --asn '%s': not an AS number\n", optarg);
				return EXIT_USAGE;
			}
			have_asn = true;
			break;
		case 'd': db_opt = optarg; break;
		case 'm': month_opt = optarg; break;
		case 'p': {
			struct text_view v = { optarg, strlen(optarg) };
			if (text_u32(v, &min_peers) != 0 || min_peers == 0) {
				fprintf(stderr, "manrs monitor generate: --min-peers '%s': not a positive number\n", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'o': output = optarg; break;
		case 'w':
		case 's':
		case 'f':
			if (nsinks + 2 > sizeof sinks / sizeof sinks[0]) {
				fprintf(stderr, "manrs monitor generate: too many sinks\n");
				return EXIT_USAGE;
			}
			if (c == 's' && !facility_ok(optarg)) {
				fprintf(stderr, "manrs monitor generate: --syslog '%s': not daemon, user or local0..local7\n", optarg);
				return EXIT_USAGE;
			}
			if (c == 'w' && strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8)) {
				fprintf(stderr, "manrs monitor generate: --webhook '%s': not an http:// or https:// URL\n", optarg);
				return EXIT_USAGE;
			}
			if (strchr(optarg, '\n') || strchr(optarg, '\r')) {
				fprintf(stderr, "manrs monitor generate: a sink may not hold a line break\n");
				return EXIT_USAGE;
			}
			sinks[nsinks++] = c == 'w' ? "webhook" : c == 's' ? "syslog" : "file";
			sinks[nsinks++] = optarg;
			break;
		case 'h': fputs(USAGE_GENERATE, stdout); return EXIT_OK;
		default: fputs(USAGE_GENERATE, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "manrs monitor generate: unexpected argument '%s'\n\n%s", argv[optind], USAGE_GENERATE);
		return EXIT_USAGE;
	}
	if (!have_asn) {
		fprintf(stderr, "manrs monitor generate: --asn is required\n\n%s", USAGE_GENERATE);
		return EXIT_USAGE;
	}
	uint32_t month = 0;
	if (month_opt && !(month = obs_parse_month(month_opt))) {
		fprintf(stderr, "manrs monitor generate: --month '%s': not YYYY-MM\n", month_opt);
		return EXIT_USAGE;
	}
	char err[1024];
	const char *dbp = store_path(db_opt);
	struct store *s = store_open(dbp, STORE_READ, err, sizeof err);
	if (!s) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	if (!month)
		month = store_newest_month(s);
	if (!month) {
		log_error("%s: no observations (run 'manrs ingest' first)", dbp);
		store_close(s);
		return EXIT_FAIL;
	}
	/* Into memory first: nothing is written if the query fails. */
	char *text = NULL;
	size_t tlen = 0;
	FILE *mem = open_memstream(&text, &tlen);
	if (!mem) {
		log_error("out of memory");
		store_close(s);
		return EXIT_FAIL;
	}
	fprintf(mem, "# manrs monitor configuration for AS%u, generated from the prefixes it originated\n"
		     "# in %04u-%02u (seen by at least %u peers). 'manrs monitor check FILE' validates it;\n"
		     "# docs/alerts.md describes every line.\n",
		asn, month / 100, month % 100, min_peers);
	fprintf(mem, "asn %u\n", asn);
	struct gen g = { mem, month, 0 };
	int64_t n = store_announced_pairs(s, month, asn, min_peers, gen_pair, &g);
	fprintf(mem, "# GRIP's benign class is 0-20: alert from 21 up.\nmin-suspicion 21\nupdate-interval 300\n");
	if (nsinks == 0)
		fprintf(mem, "file manrs-alerts.jsonl\n");
	for (size_t i = 0; i < nsinks; i += 2)
		fprintf(mem, "%s %s\n", sinks[i], sinks[i + 1]);
	fclose(mem);
	if (n < 0) {
		log_error("%s: %s", dbp, store_errmsg(s));
		store_close(s);
		free(text);
		return EXIT_FAIL;
	}
	store_close(s);
	FILE *out = output ? fopen(output, "w") : stdout;
	if (!out) {
		log_error("%s: %s", output, strerror(errno));
		free(text);
		return EXIT_FAIL;
	}
	bool ok = fwrite(text, 1, tlen, out) == tlen;
	ok = (output ? fclose(out) == 0 : fflush(out) == 0) && ok;
	free(text);
	if (!ok) {
		log_error("%s: write failed", output ? output : "standard output");
		return EXIT_FAIL;
	}
	if (g.n == 0)
		log_info("AS%u originated no prefix in %04u-%02u: the configuration monitors the ASN only", asn,
			 month / 100, month % 100);
	return EXIT_OK;
}

/* ---- check -------------------------------------------------------------- */

static int monitor_check(int argc, char **argv)
{
	static const struct option longopts[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(USAGE_CHECK, stdout); return EXIT_OK;
		default: fputs(USAGE_CHECK, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fputs(USAGE_CHECK, stderr);
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	char err[1024];
	struct alert_set *set = alert_load(path, err, sizeof err);
	if (!set) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	struct alert_summary s;
	alert_get_summary(set, &s);
	printf("%s: %zu prefixes, %zu ASNs; sinks: %zu webhook, %zu syslog, %zu file; min-suspicion %d; "
	       "update-interval %u s\n",
	       path, s.prefixes, s.asns, s.webhooks, s.syslogs, s.files, s.min_suspicion, s.update_interval);
	alert_free(set);
	return EXIT_OK;
}

/* ---- test-fire ---------------------------------------------------------- */

struct fire_clock {
	bool have;
	int64_t t;
};

static int64_t fire_now(void *ctx)
{
	struct fire_clock *k = ctx;
	return k->have ? k->t : (int64_t)time(NULL);
}

/* One event line; returns NULL on success or a static reason. */
static const char *fire_line(struct alert_set *set, struct fire_clock *clk, const char *p, size_t len)
{
	json_error_t je;
	json_t *o = json_loadb(p, len, JSON_REJECT_DUPLICATES, &je);
	const char *why = NULL;
	struct prefix *pfx = NULL;
	uint32_t *vic = NULL;
	char *ijson = NULL;
	if (!o || !json_is_object(o)) {
		why = "not a JSON object";
		goto out;
	}
	const char *evs = json_string_value(json_object_get(o, "event"));
	enum alert_event ev;
	if (evs && !strcmp(evs, "open"))
		ev = ALERT_OPEN;
	else if (evs && !strcmp(evs, "update"))
		ev = ALERT_UPDATE;
	else if (evs && !strcmp(evs, "resolved"))
		ev = ALERT_RESOLVED;
	else {
		why = "\"event\" is not open, update or resolved";
		goto out;
	}
	json_t *t = json_object_get(o, "time");
	if (t) {
		if (!json_is_integer(t) || json_integer_value(t) < 0) {
			why = "\"time\" is not Unix seconds";
			goto out;
		}
		clk->have = true;
		clk->t = json_integer_value(t);
	}
	json_t *inc = json_object_get(o, "incident");
	const char *id = json_string_value(json_object_get(inc, "id"));
	if (!json_is_object(inc) || !id || !*id) {
		why = "\"incident\" is not an object with an \"id\"";
		goto out;
	}
	struct alert_incident ai = { 0 };
	ai.id = id;
	ai.type = json_string_value(json_object_get(inc, "type"));
	json_t *pa = json_object_get(inc, "prefixes");
	if (pa && (!json_is_array(pa) || json_array_size(pa) > FIRE_MAX_LIST)) {
		why = "\"prefixes\" is not an array (of at most 100000)";
		goto out;
	}
	pfx = xreallocarray(NULL, json_array_size(pa) + 1, sizeof *pfx);
	for (size_t i = 0; i < json_array_size(pa); i++) {
		const char *ps = json_string_value(json_array_get(pa, i));
		if (!ps || prefix_parse(ps, &pfx[i]) != 0) {
			why = "a prefix is not ADDRESS/LENGTH";
			goto out;
		}
	}
	ai.prefixes = pfx;
	ai.nprefixes = json_array_size(pa);
	json_t *va = json_object_get(inc, "victim_asns");
	if (va && (!json_is_array(va) || json_array_size(va) > FIRE_MAX_LIST)) {
		why = "\"victim_asns\" is not an array (of at most 100000)";
		goto out;
	}
	vic = xreallocarray(NULL, json_array_size(va) + 1, sizeof *vic);
	for (size_t i = 0; i < json_array_size(va); i++) {
		json_t *x = json_array_get(va, i);
		if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > UINT32_MAX) {
			why = "a victim ASN is not an AS number";
			goto out;
		}
		vic[i] = (uint32_t)json_integer_value(x);
	}
	ai.victim_asns = vic;
	ai.nvictims = json_array_size(va);
	json_t *ca = json_object_get(inc, "culprit_asn");
	if (json_is_integer(ca) && json_integer_value(ca) >= 0 && json_integer_value(ca) <= UINT32_MAX)
		ai.culprit_asn = (uint32_t)json_integer_value(ca);
	json_t *su = json_object_get(inc, "suspicion");
	if (json_is_integer(su))
		ai.suspicion = (int)(json_integer_value(su) < 0 ? 0 : json_integer_value(su) > 100 ? 100 : json_integer_value(su));
	ijson = json_dumps(inc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ai.json = ijson;
	alert_notify(set, ev, &ai);
out:
	free(ijson);
	free(pfx);
	free(vic);
	json_decref(o);
	return why;
}

static int monitor_test_fire(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "syslog-socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': sock = optarg; break;
		case 'h': fputs(USAGE_FIRE, stdout); return EXIT_OK;
		default: fputs(USAGE_FIRE, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fputs(USAGE_FIRE, stderr);
		return EXIT_USAGE;
	}
	const char *conf = argv[optind], *events = argv[optind + 1];
	char err[1024];
	char *buf;
	size_t len;
	if (text_read_file(events, FIRE_MAX_FILE, &buf, &len, NULL, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	struct alert_set *set = alert_load(conf, err, sizeof err);
	if (!set) {
		log_error("%s", err);
		free(buf);
		return EXIT_FAIL;
	}
	if (sock)
		alert_set_syslog_socket(set, sock);
	struct fire_clock clk = { false, 0 };
	alert_set_clock(set, fire_now, &clk);
	struct text_lines l;
	struct text_view line;
	uint64_t skipped = 0;
	text_lines_init(&l, buf, len);
	while (text_lines_next(&l, &line)) {
		struct text_view t = text_trim(line);
		if (!t.len || t.p[0] == '#')
			continue;
		const char *why = fire_line(set, &clk, t.p, t.len);
		if (why) {
			log_input(why, "%s: line %llu: %s", events, (unsigned long long)l.lineno, why);
			skipped++;
		}
	}
	free(buf);
	alert_flush(set);
	struct alert_stats st;
	alert_get_stats(set, &st);
	alert_free(set);
	log_input_summary();
	printf("events %llu: open %llu, update %llu, resolved %llu; held back: unmatched %llu, below min-suspicion "
	       "%llu, rate-limited %llu, repeats %llu; deliveries: %llu ok, %llu failed, %llu dropped; lines skipped %llu\n",
	       (unsigned long long)st.events, (unsigned long long)st.open, (unsigned long long)st.update,
	       (unsigned long long)st.resolved, (unsigned long long)st.unmatched, (unsigned long long)st.below,
	       (unsigned long long)st.rate_limited, (unsigned long long)st.ignored, (unsigned long long)st.delivered,
	       (unsigned long long)st.failed, (unsigned long long)st.dropped, (unsigned long long)skipped);
	return skipped || st.failed || st.dropped ? EXIT_SKIPPED : EXIT_OK;
}

int cmd_monitor(int argc, char **argv)
{
	if (argc < 2) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
		fputs(USAGE, stdout);
		return EXIT_OK;
	}
	if (!strcmp(sub, "generate"))
		return monitor_generate(argc - 1, argv + 1);
	if (!strcmp(sub, "check"))
		return monitor_check(argc - 1, argv + 1);
	if (!strcmp(sub, "test-fire"))
		return monitor_test_fire(argc - 1, argv + 1);
	fprintf(stderr, "manrs monitor: unknown subcommand '%s'\n\n%s", sub, USAGE);
	return EXIT_USAGE;
}
