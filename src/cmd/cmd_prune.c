/*
 * `manrs prune`: drops the observations and scores older than the history
 * the settings keep (history.months, counted back from the newest month
 * with observations), so the store does not grow without end. Ingest does
 * not prune by itself: archives of past years are often ingested on
 * purpose. docs/store.md, "Pruning".
 */
#include "cmd/cmd.h"
#include "lib/log.h"
#include "observatory/config.h"
#include "store/store.h"
#include "store/store_prune.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
	"usage: manrs prune [--db FILE] [--config FILE] [--months N] [--dry-run]\n"
	"\n"
	"Deletes the day and month observations and the stored scores of months\n"
	"older than the history kept: the newest month with observations and the\n"
	"N - 1 months before it. Files, peers, prefixes and reference-data\n"
	"snapshots stay (a pruned file is still known, so ingesting it again does\n"
	"not bring its months back).\n"
	"\n"
	"  --db FILE      the database (default $MANRS_DB or ./manrs.db)\n"
	"  --config FILE  settings (default: built-in; or $MANRS_CONFIG)\n"
	"  --months N     months kept (default: the setting history.months, 24;\n"
	"                 at least 12)\n"
	"  --dry-run      count what would go, delete nothing\n"
	"\n"
	"Exit status: 0 done, 1 the database cannot be read or written, 2 usage.\n";

int cmd_prune(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },     { "config", required_argument, NULL, 'c' },
		{ "months", required_argument, NULL, 'm' }, { "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *config = NULL;
	uint32_t months = 0;
	bool dry = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'c': config = optarg; break;
		case 'm': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-' || v < 12 || v > 1200) {
				fprintf(stderr, "manrs prune: --months: '%s' is not a number from 12 to 1200\n", optarg);
				return EXIT_USAGE;
			}
			months = (uint32_t)v;
			break;
		}
		case 'n': dry = true; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "manrs prune: unexpected argument '%s'\n\n%s", argv[optind], USAGE);
		return EXIT_USAGE;
	}
	if (!months) {
		struct obs_config cfg;
		char cerr[512];
		if (obs_config_resolve(&cfg, config, cerr, sizeof cerr) < 0) {
			log_error("%s", cerr);
			return EXIT_FAIL;
		}
		months = cfg.history_months;
	}
	const char *path = store_path(db_opt);
	char err[1024];
	struct store *s = store_open(path, dry ? STORE_READ : STORE_WRITE, err, sizeof err);
	if (!s) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	uint32_t newest = store_newest_month(s);
	if (!newest) {
		printf("no observations: nothing to prune\n");
		store_close(s);
		return EXIT_OK;
	}
	uint32_t first = store_prune_first_kept(newest, months);
	struct store_prune_counts n;
	int rc = dry ? store_prune_count(s, first, &n) : store_prune(s, first, &n);
	if (rc < 0) {
		log_error("%s: %s", path, store_errmsg(s));
		store_close(s);
		return EXIT_FAIL;
	}
	printf("%s before %04u-%02u (keeping %u months to %04u-%02u): %lld day rows, %lld month rows, %lld scores\n",
	       dry ? "would prune" : "pruned", first / 100, first % 100, months, newest / 100, newest % 100,
	       (long long)n.day_rows, (long long)n.month_rows, (long long)n.scores);
	store_close(s);
	return EXIT_OK;
}
