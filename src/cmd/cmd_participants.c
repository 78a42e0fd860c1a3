/*
 * `manrs participants load`: MANRS participants (organisation, program,
 * ASNs, date joined) from CSV or JSON into the store, for conformance in
 * `manrs report --participants`. A file with any bad record stores nothing.
 */
#include "cmd/cmd.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "net/text.h"
#include "observatory/participants.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
	"usage: manrs participants load [--db FILE] FILE\n"
	"\n"
	"Loads MANRS participants into the database (plain or compressed):\n"
	"  CSV   a header line organisation,program,asns,joined, then one line\n"
	"        each; asns separated by spaces or ';' (\"AS\" optional); fields\n"
	"        may be double-quoted\n"
	"  JSON  an array of {\"organisation\": ..., \"program\": ..., \"asns\": [...],\n"
	"        \"joined\": \"YYYY-MM-DD\"}\n"
	"program: netops, ixp, cdn or vendor. Loading a participant again updates\n"
	"it. A file with any bad record stores nothing (exit 1).\n";

int cmd_participants(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "load")) {
		bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
		if (!help && argc >= 2)
			fprintf(stderr, "manrs participants: unknown command '%s'\n\n", argv[1]);
		fputs(USAGE, help ? stdout : stderr);
		return help ? EXIT_OK : EXIT_USAGE;
	}
	argc--;
	argv++;
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "manrs participants load: give one FILE\n\n%s", USAGE);
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	char *text, err[1024], why[512];
	size_t len;
	const char *fmt;
	if (text_read_file(path, TEXT_MAX_FILE, &text, &len, &fmt, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	struct obs_part *parts = NULL;
	size_t n = 0;
	int rc = obs_participants_parse(text, len, &parts, &n, why, sizeof why);
	free(text);
	if (rc < 0) {
		log_error("%s: %s", path, why);
		rc = EXIT_FAIL;
		goto out;
	}
	struct store *s = store_open(store_path(db_opt), STORE_WRITE, err, sizeof err);
	if (!s) {
		log_error("%s", err);
		rc = EXIT_FAIL;
		goto out;
	}
	bool ok = store_begin(s) == 0;
	size_t asns = 0;
	for (size_t k = 0; k < n && ok; k++) {
		int64_t id = store_participant_add(s, parts[k].org, parts[k].program, parts[k].joined);
		ok = id > 0;
		for (size_t x = 0; ok && x < parts[k].nasns; x++, asns++)
			ok = store_participant_asn(s, id, parts[k].asns[x]) == 0;
	}
	if (!ok || store_commit(s) < 0) {
		log_error("%s: cannot store the participants: %s", store_path(db_opt), store_errmsg(s));
		store_rollback(s);
		rc = EXIT_FAIL;
	} else {
		printf("%zu participants, %zu ASNs loaded\n", n, asns);
		rc = EXIT_OK;
	}
	store_close(s);
out:
	obs_participants_free(parts, n);
	return rc;
}
