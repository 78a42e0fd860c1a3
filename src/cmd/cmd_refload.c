/*
 * `manrs refdata load`: keeps dated reference-data snapshots in the store,
 * bytes and all, so the database alone answers a report for any month.
 * Each file is checked with its module's loader first; a file that does
 * not load stores nothing.
 */
#include "cmd/cmd.h"
#include "lib/log.h"
#include "net/text.h"
#include "observatory/snapshot.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char USAGE[] =
	"usage: manrs refdata load [--db FILE] --kind KIND [--time T] FILE...\n"
	"\n"
	"Stores each FILE (plain or compressed, kept as it is) as a dated snapshot\n"
	"in the database, after checking that it loads. The same content twice is\n"
	"one snapshot. KIND: vrp, aspa, irr, asrel, peeringdb, delegated, bogons,\n"
	"spoofer, asnames (CAIDA 'ASN:NAME, CC' lines), participants (the CSV or\n"
	"JSON of 'manrs participants load'). The snapshot time is the file's own\n"
	"(rpki-client buildtime, Routinator generatedTime, delegated serial date,\n"
	"fullbogons 'last updated', PeeringDB newest 'updated', Spoofer newest\n"
	"test), else --time, else the file's modification time. The files of one call form a set that reports\n"
	"use together (e.g. the five RIRs' delegated files, PeeringDB pages).\n"
	"\n"
	"  --db FILE    the database (default $MANRS_DB or ./manrs.db)\n"
	"  --kind KIND  what the files hold\n"
	"  --time T     snapshot time for files without one: YYYY-MM-DD,\n"
	"               YYYY-MM-DDTHH:MM:SSZ or Unix seconds\n"
	"  -q, --quiet  no summary lines\n";

/* Reads the raw bytes of a file (as stored: maybe compressed). */
static int read_raw(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		fclose(f);
		return -1;
	}
	if ((uint64_t)st.st_size > TEXT_MAX_FILE) {
		snprintf(err, errlen, "%s: larger than %u bytes", path, TEXT_MAX_FILE);
		fclose(f);
		return -1;
	}
	*len = (size_t)st.st_size;
	*buf = malloc(*len + 1);
	if (!*buf)
		abort();
	size_t n = fread(*buf, 1, *len, f);
	bool bad = ferror(f) || n != *len;
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "%s: read error", path);
		free(*buf);
		return -1;
	}
	return 0;
}

int cmd_refdata_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' }, { "kind", required_argument, NULL, 'k' },
		{ "time", required_argument, NULL, 't' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *time_opt = NULL;
	int kind = -1;
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'k':
			if ((kind = obs_kind_parse(optarg)) < 0) {
				fprintf(stderr, "manrs refdata load: unknown --kind '%s'\n\n%s", optarg, USAGE);
				return EXIT_USAGE;
			}
			break;
		case 't': time_opt = optarg; break;
		case 'q': quiet = true; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	int64_t opt_time = -1;
	if (time_opt && (opt_time = obs_parse_time(time_opt, strlen(time_opt))) < 0) {
		fprintf(stderr, "manrs refdata load: --time '%s': not a date or time\n", time_opt);
		return EXIT_USAGE;
	}
	if (kind < 0 || optind >= argc) {
		fprintf(stderr, "manrs refdata load: %s\n\n%s", kind < 0 ? "--kind is required" : "no FILE given", USAGE);
		return EXIT_USAGE;
	}
	/* Check every file before storing any: one transaction, all or none. */
	size_t nf = (size_t)(argc - optind);
	struct item {
		uint8_t *raw;
		size_t len;
		struct store_snapshot m;
		uint64_t records;
	} *it = calloc(nf, sizeof *it);
	if (!it)
		abort();
	int rc = EXIT_OK;
	char err[1024];
	for (size_t i = 0; i < nf && rc == EXIT_OK; i++) {
		const char *path = argv[optind + (int)i];
		struct item *x = &it[i];
		char *text;
		size_t tlen;
		const char *fmt;
		struct stat st;
		if (read_raw(path, &x->raw, &x->len, err, sizeof err) < 0 ||
		    text_read_file(path, TEXT_MAX_FILE, &text, &tlen, &fmt, err, sizeof err) < 0) {
			log_error("%s", err);
			rc = EXIT_FAIL;
			break;
		}
		int64_t meta;
		char why[512];
		if (obs_snapshot_check((enum obs_kind)kind, path, text, tlen, &x->records, &meta, why, sizeof why) < 0) {
			log_error("%s: not loadable as %s: %s", path, obs_kind_name((enum obs_kind)kind), why);
			free(text);
			rc = EXIT_FAIL;
			break;
		}
		free(text);
		snprintf(x->m.kind, sizeof x->m.kind, "%s", obs_kind_name((enum obs_kind)kind));
		const char *base = strrchr(path, '/');
		snprintf(x->m.source, sizeof x->m.source, "%s", base ? base + 1 : path);
		store_sha256_hex(x->raw, x->len, x->m.sha256);
		if (meta >= 0) {
			x->m.time = meta;
			snprintf(x->m.time_from, sizeof x->m.time_from, "metadata");
		} else if (opt_time >= 0) {
			x->m.time = opt_time;
			snprintf(x->m.time_from, sizeof x->m.time_from, "option");
		} else {
			x->m.time = stat(path, &st) == 0 ? (int64_t)st.st_mtime : 0;
			snprintf(x->m.time_from, sizeof x->m.time_from, "mtime");
		}
		x->m.loaded_at = (int64_t)time(NULL);
	}
	struct store *s = NULL;
	if (rc == EXIT_OK) {
		const char *path = store_path(db_opt);
		if (!(s = store_open(path, STORE_WRITE, err, sizeof err))) {
			log_error("%s", err);
			rc = EXIT_FAIL;
		}
	}
	if (rc == EXIT_OK) {
		bool ok = store_begin(s) == 0;
		int64_t set_id = ok ? store_snapshot_new_set(s) : -1;
		ok = ok && set_id > 0;
		for (size_t i = 0; i < nf && ok; i++) {
			bool added;
			it[i].m.id = store_snapshot_put(s, &it[i].m, set_id, it[i].raw, it[i].len, &added);
			ok = it[i].m.id > 0;
			if (ok && !quiet) {
				char t[32];
				obs_format_time(it[i].m.time, t);
				printf("%s\t%s\tsnapshot %lld\t%s (%s)\t%llu records\t%s\n", it[i].m.kind, it[i].m.source,
				       (long long)it[i].m.id, t, it[i].m.time_from, (unsigned long long)it[i].records,
				       added ? "stored" : "already stored");
			}
		}
		if (!ok || store_commit(s) < 0) {
			log_error("%s: cannot store the snapshots: %s", store_path(db_opt), store_errmsg(s));
			store_rollback(s);
			rc = EXIT_FAIL;
		}
	}
	store_close(s);
	for (size_t i = 0; i < nf; i++)
		free(it[i].raw);
	free(it);
	return rc;
}
