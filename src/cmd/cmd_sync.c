/*
 * `manrs sync`: fetches the MRT files of RIPE RIS and RouteViews
 * collectors for a time range into a local tree laid out like the
 * archives. Wiring only: sync/sync_layout.c computes the file list,
 * sync/sync_fetch.c downloads it.
 */
#include "cmd/cmd.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "net/text.h"
#include "sync/sync.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYNC_MAX_COLLECTORS 64

static const char USAGE[] =
	"usage: manrs sync --collector NAME[,NAME...] --from DATE --to DATE --dest DIR\n"
	"                  [--rib-only] [--parallel N] [--retries N] [--retry-delay MS]\n"
	"                  [--timeout SECONDS] [--trust-existing] [--ris-base URL]\n"
	"                  [--routeviews-base URL] [--json] [-q]\n"
	"       manrs sync --list --collector NAME[,NAME...] --from DATE --to DATE [--rib-only]\n"
	"\n"
	"Fetches the MRT files RIPE RIS and RouteViews collectors published from\n"
	"--from (inclusive) to --to (exclusive) into DIR, laid out as in the archives\n"
	"under one directory per collector: DIR/rrc00/2024.01/updates.20240101.0000.gz,\n"
	"DIR/route-views2/bgpdata/2024.01/RIBS/rib.20240101.0000.bz2.\n"
	"\n"
	"  --collector LIST       rrcNN (RIS: RIBs every 8 h, updates every 5 min) or\n"
	"                         route-views2, route-views.NAME... (RouteViews: RIBs\n"
	"                         every 2 h, updates every 15 min); repeatable\n"
	"  --from, --to DATE      YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC\n"
	"  --rib-only             RIB dumps only, no updates files\n"
	"  --dest DIR             where files go (created if needed)\n"
	"  --parallel N           transfers at once (1-64, default 4)\n"
	"  --retries N            retries of a transient error (0-20, default 5); the\n"
	"                         wait doubles from --retry-delay MS (default 1000),\n"
	"                         at most 60 s\n"
	"  --timeout SECONDS      give a transfer up after this long without data\n"
	"                         (default 60)\n"
	"  --trust-existing       a file already in DIR is done; without it, a HEAD\n"
	"                         request checks its size and a differing one is\n"
	"                         fetched again\n"
	"  --ris-base URL         RIS archive root (default " SYNC_RIS_BASE ")\n"
	"  --routeviews-base URL  RouteViews archive root (default " SYNC_ROUTEVIEWS_BASE ")\n"
	"  --list                 print each URL and local path; fetch nothing\n"
	"  --json                 the summary and every file's outcome as JSON\n"
	"  -q, --quiet            no progress line, no message per missing file\n"
	"\n"
	"Files are written to NAME.part, continued with a Range request after an\n"
	"interruption, size-checked, fsync'ed and renamed: a file under its final\n"
	"name is complete. 404 means the archive does not have the file: reported,\n"
	"not retried. Details: docs/sync.md.\n"
	"\n"
	"Exit status: 0 every file fetched or already present, 1 nothing could be\n"
	"fetched or DIR is not writable, 2 usage, 3 some files missing or failed.\n";

/* A whole-string decimal in [lo, hi]; -1 if it is not one. */
static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	if (!*s || strlen(s) > 9)
		return -1;
	unsigned v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Checks an archive root URL and drops its trailing slashes. */
static int parse_base(const char *opt, const char *s, char *out)
{
	size_t n = strlen(s);
	if ((strncmp(s, "http://", 7) && strncmp(s, "https://", 8)) || n >= SYNC_MAX_BASE) {
		fprintf(stderr, "manrs sync: %s: want an http:// or https:// URL shorter than %d bytes\n", opt,
			SYNC_MAX_BASE);
		return -1;
	}
	while (n > 8 && s[n - 1] == '/')
		n--;
	memcpy(out, s, n);
	out[n] = 0;
	return 0;
}

/* Adds the comma-separated collectors of `list`; -1 (reported) on a bad one. */
static int add_collectors(const char *list, struct sync_collector *c, size_t *n)
{
	char *copy = xstrdup(list), *save = NULL;
	int rc = 0;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		struct sync_collector x;
		const char *reason;
		if (sync_collector_parse(t, &x, &reason) < 0) {
			fprintf(stderr, "manrs sync: --collector '%s': %s\n", t, reason);
			rc = -1;
			break;
		}
		bool dup = false;
		for (size_t i = 0; i < *n; i++)
			dup |= !strcmp(c[i].name, x.name);
		if (dup)
			continue;
		if (*n >= SYNC_MAX_COLLECTORS) {
			fprintf(stderr, "manrs sync: at most %d collectors\n", SYNC_MAX_COLLECTORS);
			rc = -1;
			break;
		}
		c[(*n)++] = x;
	}
	free(copy);
	return rc;
}

/* Creates dir and its parents, then proves a file can be made in it.
 * 0, or -1 with the error reported once. */
static int prepare_dest(const char *dir)
{
	char *p = xstrdup(dir);
	size_t n = strlen(p);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != 0)
			continue;
		char c = p[i];
		p[i] = 0;
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			log_error("%s: %s", dir, strerror(errno));
			free(p);
			return -1;
		}
		p[i] = c;
	}
	free(p);
	struct stat sb;
	if (stat(dir, &sb) < 0) {
		log_error("%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		log_error("%s: not a directory", dir);
		return -1;
	}
	size_t len = strlen(dir) + 32;
	char *probe = xmalloc(len);
	snprintf(probe, len, "%s/.manrs-sync-XXXXXX", dir);
	int fd = mkstemp(probe);
	if (fd < 0) {
		log_error("%s: %s", dir, strerror(errno));
		free(probe);
		return -1;
	}
	close(fd);
	unlink(probe);
	free(probe);
	return 0;
}

static void print_json(const struct sync_list *l, const struct sync_stats *st)
{
	struct wbuf w;
	struct json j;
	wbuf_init(&w, 1 << 16);
	json_begin(&j, &w);
	json_obj_open(&j);
	json_key(&j, "files");
	json_u64(&j, l->n);
	json_key(&j, "fetched");
	json_u64(&j, st->fetched);
	json_key(&j, "present");
	json_u64(&j, st->present);
	json_key(&j, "missing");
	json_u64(&j, st->missing);
	json_key(&j, "failed");
	json_u64(&j, st->failed);
	json_key(&j, "bytes");
	json_u64(&j, st->bytes);
	json_key(&j, "retries");
	json_u64(&j, st->retries);
	json_key(&j, "resumed");
	json_u64(&j, st->resumed);
	json_key(&j, "list");
	json_arr_open(&j);
	for (size_t i = 0; i < l->n; i++) {
		const struct sync_file *f = &l->v[i];
		char t[32];
		text_fmt_time(f->time, t);
		json_obj_open(&j);
		json_key(&j, "path");
		json_str(&j, f->rel);
		json_key(&j, "url");
		json_str(&j, f->url);
		json_key(&j, "type");
		json_str(&j, f->kind == SYNC_RIB ? "rib" : "updates");
		json_key(&j, "time");
		json_str(&j, t);
		json_key(&j, "status");
		json_str(&j, sync_status_name(f->status));
		json_key(&j, "size");
		json_u64(&j, f->size);
		json_key(&j, "bytes");
		json_u64(&j, f->bytes);
		json_key(&j, "attempts");
		json_u64(&j, f->attempts);
		json_key(&j, "resumed");
		json_bool(&j, f->resumed);
		json_key(&j, "http");
		json_u64(&j, (uint64_t)(f->http_code < 0 ? 0 : f->http_code));
		if (f->error[0] && (f->status == SYNC_MISSING || f->status == SYNC_FAILED)) {
			json_key(&j, "error");
			json_str(&j, f->error);
		}
		json_obj_close(&j);
		if (w.len > (1 << 15))
			wbuf_flush(&w, stdout);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	wbuf_putc(&w, '\n');
	wbuf_flush(&w, stdout);
	wbuf_free(&w);
}

int cmd_sync(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "collector", required_argument, NULL, 'c' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "rib-only", no_argument, NULL, 'r' },
		{ "dest", required_argument, NULL, 'd' },
		{ "parallel", required_argument, NULL, 'p' },
		{ "retries", required_argument, NULL, 'R' },
		{ "retry-delay", required_argument, NULL, 'D' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "trust-existing", no_argument, NULL, 'E' },
		{ "ris-base", required_argument, NULL, 'B' },
		{ "routeviews-base", required_argument, NULL, 'V' },
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sync_collector colls[SYNC_MAX_COLLECTORS];
	size_t ncolls = 0;
	int64_t from = 0, to = 0;
	bool have_from = false, have_to = false, rib_only = false, list = false, json = false, quiet = false;
	const char *dest = NULL;
	char ris_base[SYNC_MAX_BASE], rv_base[SYNC_MAX_BASE];
	struct sync_opts o;
	sync_opts_default(&o);
	o.user_agent = "manrs/" MANRS_VERSION " (sync)";
	snprintf(ris_base, sizeof ris_base, "%s", SYNC_RIS_BASE);
	snprintf(rv_base, sizeof rv_base, "%s", SYNC_ROUTEVIEWS_BASE);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (add_collectors(optarg, colls, &ncolls) < 0)
				return EXIT_USAGE;
			break;
		case 'f':
		case 't':
			if (sync_parse_date(optarg, c == 'f' ? &from : &to) < 0) {
				fprintf(stderr, "manrs sync: --%s '%s': not a date YYYY-MM-DD[THH:MM] (UTC)\n",
					c == 'f' ? "from" : "to", optarg);
				return EXIT_USAGE;
			}
			*(c == 'f' ? &have_from : &have_to) = true;
			break;
		case 'r':
			rib_only = true;
			break;
		case 'd':
			dest = optarg;
			break;
		case 'p':
		case 'R':
		case 'D':
		case 'T': {
			const char *name = c == 'p' ? "parallel" : c == 'R' ? "retries" : c == 'D' ? "retry-delay" : "timeout";
			unsigned lo = c == 'p' || c == 'T' ? 1 : 0, hi = c == 'p' ? 64 : c == 'R' ? 20 : c == 'D' ? 600000 : 3600;
			unsigned v;
			if (parse_uint(optarg, lo, hi, &v) < 0) {
				fprintf(stderr, "manrs sync: --%s '%s': want a number from %u to %u\n", name, optarg, lo, hi);
				return EXIT_USAGE;
			}
			if (c == 'p')
				o.parallel = v;
			else if (c == 'R')
				o.retries = v;
			else if (c == 'D')
				o.retry_delay_ms = v;
			else
				o.stall_timeout = v;
			break;
		}
		case 'E':
			o.trust_existing = true;
			break;
		case 'B':
			if (parse_base("--ris-base", optarg, ris_base) < 0)
				return EXIT_USAGE;
			break;
		case 'V':
			if (parse_base("--routeviews-base", optarg, rv_base) < 0)
				return EXIT_USAGE;
			break;
		case 'l':
			list = true;
			break;
		case 'j':
			json = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(USAGE, stdout);
			return EXIT_OK;
		default:
			fputs(USAGE, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "manrs sync: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!ncolls || !have_from || !have_to || (!dest && !list)) {
		fprintf(stderr, "manrs sync: --collector, --from, --to and --dest are required\n\n%s", USAGE);
		return EXIT_USAGE;
	}
	if (from >= to) {
		fprintf(stderr, "manrs sync: --from must be before --to (--to is exclusive)\n");
		return EXIT_USAGE;
	}
	struct sync_list l;
	sync_list_init(&l);
	for (size_t i = 0; i < ncolls; i++) {
		const char *base = colls[i].project == SYNC_RIS ? ris_base : rv_base;
		if (sync_layout_files(&colls[i], base, from, to, rib_only, &l) < 0) {
			fprintf(stderr, "manrs sync: the range holds more than %u files; split it\n", SYNC_MAX_FILES);
			sync_list_free(&l);
			return EXIT_USAGE;
		}
	}
	if (list) {
		for (size_t i = 0; i < l.n; i++)
			printf("%s %s\n", l.v[i].url, l.v[i].rel);
		sync_list_free(&l);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
	}
	if (prepare_dest(dest) < 0) {
		sync_list_free(&l);
		return EXIT_FAIL;
	}
	o.progress = !quiet && !json && isatty(STDERR_FILENO);
	struct sync_stats st;
	char err[256];
	if (sync_fetch(&l, dest, &o, &st, err, sizeof err) < 0) {
		log_error("%s", err);
		sync_list_free(&l);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct sync_file *f = &l.v[i];
		if (f->status == SYNC_FAILED)
			log_error("%s: %s (%u attempts)", f->url, f->error, f->attempts);
		else if (f->status == SYNC_MISSING && !quiet)
			log_error("%s: %s", f->url, f->error);
	}
	if (json)
		print_json(&l, &st);
	else
		printf("%zu files: %zu fetched, %zu already present, %zu missing, %zu failed; "
		       "%llu bytes received, %llu retries, %zu resumed\n",
		       l.n, st.fetched, st.present, st.missing, st.failed, (unsigned long long)st.bytes,
		       (unsigned long long)st.retries, st.resumed);
	int rc = EXIT_OK;
	if (st.fetched + st.present < l.n)
		rc = st.fetched + st.present == 0 ? EXIT_FAIL : EXIT_SKIPPED;
	sync_list_free(&l);
	if (fflush(stdout) != 0)
		rc = EXIT_FAIL;
	return rc;
}
