/*
 * `manrs serve`: the web Observatory over a store (src/web/): options
 * only; the server, its limits and the API are in web/. --rtr-vrps and
 * --bmp run `manrs rtr` and `manrs bmp` as child processes.
 */
#include "bmp/bmp_server.h"
#include "cmd/cmd.h"
#include "lib/log.h"
#include "web/web.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char USAGE[] =
	"usage: manrs serve [--db FILE] [--listen ADDR:PORT] [--threads N] [--access-log FILE]\n"
	"                   [--members-only] [--rate-limit N] [--per-ip N] [--timeout S] [--config FILE]\n"
	"                   [--rtr-vrps FILE [--rtr-listen ADDR:PORT]]\n"
	"                   [--bmp ADDR:PORT [--bmp-monitor FILE]]\n"
	"                   [--post-rate N] [--csrf-ttl S]\n"
	"\n"
	"Serves the Observatory's JSON API (MANRS Observatory API v2 shapes; the\n"
	"OpenAPI document is at /api/v2/openapi.json) from the database, read only\n"
	"but for the incident feedback form, until SIGTERM or SIGINT. Prints the URL\n"
	"once listening.\n"
	"\n"
	"  --db FILE          the database (default $MANRS_DB or ./manrs.db)\n"
	"  --listen ADDR:PORT address and port (default 127.0.0.1:8080; [::1]:PORT for\n"
	"                     IPv6; port 0 takes any free port)\n"
	"  --threads N        worker threads (default 2, at most 64)\n"
	"  --access-log FILE  one line per request appended to FILE ('-': stdout)\n"
	"  --members-only     per-network detail (/ases, /ases/{asn}, /scores/details)\n"
	"                     needs an API key (Authorization: Bearer, see 'manrs keys')\n"
	"  --rate-limit N     requests per second per client address, in bursts of up\n"
	"                     to N (default 100; 0: no limit)\n"
	"  --per-ip N         concurrent connections per client address (default 64)\n"
	"  --timeout S        seconds before an idle connection is closed (default 30)\n"
	"  --config FILE      settings (default: built-in; or $MANRS_CONFIG)\n"
	"  --rtr-vrps FILE    also serve these VRPs to routers over RTR: 'manrs rtr\n"
	"                     --vrps FILE --listen ADDR:PORT' runs as a child process\n"
	"                     and stops with the server (see manrs-rtr(1))\n"
	"  --rtr-listen ADDR:PORT  the RTR address (default 127.0.0.1:8282)\n"
	"  --bmp ADDR:PORT    also collect BMP from routers into the same database:\n"
	"                     'manrs bmp --db FILE --listen ADDR:PORT' runs as a child\n"
	"                     process with the same settings and stops with the\n"
	"                     server (see manrs-bmp(1))\n"
	"  --bmp-monitor FILE alert on the incidents the BMP feed raises that touch\n"
	"                     this monitor configuration (docs/alerts.md)\n"
	"  --post-rate N      feedback form submissions per minute per client address,\n"
	"                     in bursts of up to N (default 10; 0: no limit)\n"
	"  --csrf-ttl S       seconds a form's CSRF token stays valid (default 3600)\n"
	"\n"
	"Exit status: 0 stopped by a signal, 1 database unreadable or address in use,\n"
	"2 usage.\n";

static int number(const char *opt, const char *v, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	if (!*v || *end || v[0] == '-' || n < min || n > max) {
		fprintf(stderr, "manrs serve: %s '%s': not a number from %u to %u\n", opt, v, min, max);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

/* Starts `manrs ARGS...` (the RTR server, the BMP collector) as a child
 * process (its own event loop and signals; a fault in one server cannot
 * take the other down), with config as its $MANRS_CONFIG if given. The
 * child gets SIGTERM if this process dies. The child's pid, or -1. */
static pid_t child_start(const char *what, char *const args[], const char *config)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		log_error("cannot start the %s: %s", what, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (config)
			setenv("MANRS_CONFIG", config, 1);
		execv("/proc/self/exe", args);
		fprintf(stderr, "manrs serve: cannot run the %s: %s\n", what, strerror(errno));
		_exit(EXIT_FAIL);
	}
	return pid;
}

/* Stops a child and reaps it: 0 if it ended by our SIGTERM or with status
 * 0, else -1 (it had failed: the reason is in its own message). The BMP
 * collector flushes its routes and incidents to the store on SIGTERM. */
static int child_stop(pid_t pid, const char *what)
{
	int st;
	kill(pid, SIGTERM);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != EXIT_SKIPPED) {
		log_error("the %s exited with status %d", what, WEXITSTATUS(st));
		return -1;
	}
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },         { "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },    { "access-log", required_argument, NULL, 'a' },
		{ "members-only", no_argument, NULL, 'M' },     { "rate-limit", required_argument, NULL, 'r' },
		{ "per-ip", required_argument, NULL, 'p' },     { "timeout", required_argument, NULL, 'T' },
		{ "config", required_argument, NULL, 'c' },     { "help", no_argument, NULL, 'h' },
		{ "rtr-vrps", required_argument, NULL, 'R' },   { "rtr-listen", required_argument, NULL, 'L' },
		{ "bmp", required_argument, NULL, 'B' },        { "bmp-monitor", required_argument, NULL, 'm' },
		{ "post-rate", required_argument, NULL, 'P' },  { "csrf-ttl", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct web_opts o;
	memset(&o, 0, sizeof o);
	o.listen = "127.0.0.1:8080";
	o.threads = 2;
	o.rate_limit = 100;
	o.per_ip = 64;
	o.timeout = 30;
	o.post_rate = 10;
	o.csrf_ttl = 3600;
	const char *db_opt = NULL, *config = NULL, *log_path = NULL;
	const char *rtr_vrps = NULL, *rtr_listen = "127.0.0.1:8282";
	const char *bmp_listen = NULL, *bmp_monitor = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'l': o.listen = optarg; break;
		case 't': if (number("--threads", optarg, 1, 64, &o.threads) < 0) return EXIT_USAGE; break;
		case 'a': log_path = optarg; break;
		case 'M': o.members_only = true; break;
		case 'r': if (number("--rate-limit", optarg, 0, 1000000, &o.rate_limit) < 0) return EXIT_USAGE; break;
		case 'p': if (number("--per-ip", optarg, 1, 1024, &o.per_ip) < 0) return EXIT_USAGE; break;
		case 'T': if (number("--timeout", optarg, 1, 3600, &o.timeout) < 0) return EXIT_USAGE; break;
		case 'c': config = optarg; break;
		case 'R': rtr_vrps = optarg; break;
		case 'L': rtr_listen = optarg; break;
		case 'B': bmp_listen = optarg; break;
		case 'm': bmp_monitor = optarg; break;
		case 'P': if (number("--post-rate", optarg, 0, 1000000, &o.post_rate) < 0) return EXIT_USAGE; break;
		case 'C': if (number("--csrf-ttl", optarg, 1, 86400 * 7, &o.csrf_ttl) < 0) return EXIT_USAGE; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "manrs serve: unexpected argument '%s'\n\n%s", argv[optind], USAGE);
		return EXIT_USAGE;
	}
	if (bmp_listen && !bmp_server_addr_ok(bmp_listen)) {
		fprintf(stderr, "manrs serve: --bmp: '%s' is not ADDR:PORT (or [ADDR]:PORT for IPv6)\n", bmp_listen);
		return EXIT_USAGE;
	}
	if (bmp_monitor && !bmp_listen) {
		fprintf(stderr, "manrs serve: --bmp-monitor needs --bmp\n");
		return EXIT_USAGE;
	}
	char err[1024];
	if (obs_config_resolve(&o.cfg, config, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	o.db = store_path(db_opt);
	if (log_path) {
		o.access_log = strcmp(log_path, "-") ? fopen(log_path, "a") : stdout;
		if (!o.access_log) {
			log_error("%s: %s", log_path, strerror(errno));
			return EXIT_FAIL;
		}
	}
	char *rtr_args[] = { "manrs", "rtr", "--vrps", (char *)rtr_vrps, "--listen", (char *)rtr_listen, NULL };
	pid_t rtr = rtr_vrps ? child_start("RTR server", rtr_args, NULL) : 0;
	if (rtr < 0)
		return EXIT_FAIL;
	char *bmp_args[] = { "manrs", "bmp", "--db", (char *)o.db, "--listen", (char *)bmp_listen,
			     bmp_monitor ? "--monitor" : NULL, (char *)bmp_monitor, NULL };
	pid_t bmp = bmp_listen ? child_start("BMP collector", bmp_args, config) : 0;
	if (bmp < 0) {
		if (rtr > 0)
			child_stop(rtr, "RTR server (--rtr-vrps)");
		return EXIT_FAIL;
	}
	int rc = web_serve(&o, err, sizeof err);
	if (bmp > 0 && child_stop(bmp, "BMP collector (--bmp)") != 0 && rc == EXIT_OK)
		rc = EXIT_FAIL;
	if (rtr > 0 && child_stop(rtr, "RTR server (--rtr-vrps)") != 0 && rc == EXIT_OK)
		rc = EXIT_FAIL;
	if (rc == EXIT_USAGE)
		fprintf(stderr, "manrs serve: %s\n", err);
	else if (rc != EXIT_OK)
		log_error("%s", err);
	if (o.access_log && o.access_log != stdout)
		fclose(o.access_log);
	return rc;
}
