/*
 * `manrs incidents`: the incidents the detectors raised during `manrs
 * ingest`, filtered by start time, AS, type and suspicion; and `manrs
 * incident ID`: one incident's deep dive (visibility per peer and collector,
 * paths, prefixes, culprit and accomplices, evidence tags, why the score is
 * what it is). Text or JSON (docs/incidents.md).
 */
#include "cmd/cmd.h"
#include "detect/detect.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "net/net.h"
#include "observatory/snapshot.h"
#include "store/store.h"
#include "store/store_incident.h"
#include "web/web_feedback.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE_LIST[] =
	"usage: manrs incidents [--db FILE] [--since T] [--until T] [--asn N] [--type T]\n"
	"                       [--min-suspicion S] [--json]\n"
	"\n"
	"Lists the incidents the detectors raised while 'manrs ingest' read MRT\n"
	"files: hijacks (moas, submoas, defcon, edge, squat), route leaks, bogon\n"
	"prefixes and bogon ASNs, each with its suspicion 0-100 and label.\n"
	"\n"
	"  --db FILE          database (default $MANRS_DB, else ./manrs.db)\n"
	"  --since T          incidents that started at or after T (YYYY-MM-DD,\n"
	"                     YYYY-MM-DDTHH:MM:SSZ or Unix seconds)\n"
	"  --until T          incidents that started before T\n"
	"  --asn N            incidents where AS N is culprit, victim or accomplice\n"
	"  --type T           moas, submoas, defcon, edge, squat, leak, bogon-prefix\n"
	"                     or bogon-asn\n"
	"  --min-suspicion S  suspicion at least S (0-100)\n"
	"  --json             a JSON array, one object per incident\n"
	"\n"
	"Exit status: 0 ok, 1 the database could not be read, 2 usage.\n";

static const char USAGE_ONE[] =
	"usage: manrs incident [--db FILE] [--json] ID\n"
	"\n"
	"One incident in depth: visibility per peer and collector over time, the\n"
	"paths seen, affected prefixes, culprit and accomplices, every evidence\n"
	"tag, and the rules that set its suspicion.\n"
	"\n"
	"  --db FILE   database (default $MANRS_DB, else ./manrs.db)\n"
	"  --json      the incident as one JSON object\n"
	"\n"
	"Exit status: 0 ok, 1 the database could not be read or has no such\n"
	"incident, 2 usage.\n";

struct list_ctx {
	struct store *db;
	uint32_t asn;
	bool has_asn, json, failed;
	struct json j;
	struct wbuf *w;
	size_t n;
};

static int on_id(const char *id, void *vctx)
{
	struct list_ctx *c = vctx;
	struct store_incident inc;
	int r = store_incident_get(c->db, id, &inc);
	if (r < 0) {
		c->failed = true;
		return 1;
	}
	if (r == 0)
		return 0;
	if (!c->has_asn || store_incident_involves(&inc, c->asn)) {
		if (c->json)
			detect_incident_json(&inc, &c->j);
		else
			detect_incident_line(&inc, c->w);
		c->n++;
	}
	store_incident_free(&inc);
	return 0;
}

static int parse_time_opt(const char *opt, const char *v, int64_t *out)
{
	*out = obs_parse_time(v, strlen(v));
	if (*out < 0) {
		fprintf(stderr, "manrs incidents: %s: '%s' is not a time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix seconds)\n",
			opt, v);
		return -1;
	}
	return 0;
}

static int finish(struct wbuf *w)
{
	int rc = EXIT_OK;
	if (wbuf_flush(w, stdout) < 0 || fflush(stdout) != 0) {
		log_error("write error on standard output");
		rc = EXIT_FAIL;
	}
	wbuf_free(w);
	return rc;
}

int cmd_incidents(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },       { "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },    { "asn", required_argument, NULL, 'a' },
		{ "type", required_argument, NULL, 't' },     { "min-suspicion", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },           { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL;
	struct store_incident_filter f = { .since = -1, .until = -1, .type = NULL, .min_suspicion = -1 };
	struct list_ctx c;
	memset(&c, 0, sizeof c);
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': db_opt = optarg; break;
		case 's':
			if (parse_time_opt("--since", optarg, &f.since) < 0)
				return EXIT_USAGE;
			break;
		case 'u':
			if (parse_time_opt("--until", optarg, &f.until) < 0)
				return EXIT_USAGE;
			break;
		case 'a':
			if (asn_parse(optarg, &c.asn) != 0) {
				fprintf(stderr, "manrs incidents: --asn: '%s' is not an AS number\n", optarg);
				return EXIT_USAGE;
			}
			c.has_asn = true;
			break;
		case 't':
			if (detect_type_parse(optarg) < 0) {
				fprintf(stderr, "manrs incidents: --type: '%s' is not one of moas, submoas, defcon, edge, "
						"squat, leak, bogon-prefix, bogon-asn\n", optarg);
				return EXIT_USAGE;
			}
			f.type = optarg;
			break;
		case 'm': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 0 || v > 100) {
				fprintf(stderr, "manrs incidents: --min-suspicion: '%s' is not a number from 0 to 100\n",
					optarg);
				return EXIT_USAGE;
			}
			f.min_suspicion = (int)v;
			break;
		}
		case 'j': c.json = true; break;
		case 'h': fputs(USAGE_LIST, stdout); return EXIT_OK;
		default: fputs(USAGE_LIST, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "manrs incidents: unexpected argument '%s'\n", argv[optind]);
		fputs(USAGE_LIST, stderr);
		return EXIT_USAGE;
	}
	const char *path = store_path(db_opt);
	char err[1024];
	struct store *db = store_open(path, STORE_READ, err, sizeof err);
	if (!db) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	struct wbuf w;
	wbuf_init(&w, 1 << 16);
	c.db = db;
	c.w = &w;
	if (c.json) {
		json_begin(&c.j, &w);
		json_arr_open(&c.j);
	}
	int r = store_incident_ids(db, &f, on_id, &c);
	if (r < 0 || c.failed) {
		log_error("%s: cannot read the incidents: %s", path, store_errmsg(db));
		wbuf_free(&w);
		store_close(db);
		return EXIT_FAIL;
	}
	if (c.json) {
		json_arr_close(&c.j);
		wbuf_putc(&w, '\n');
	}
	store_close(db);
	return finish(&w);
}

int cmd_incident(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL;
	bool json = false;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': db_opt = optarg; break;
		case 'j': json = true; break;
		case 'h': fputs(USAGE_ONE, stdout); return EXIT_OK;
		default: fputs(USAGE_ONE, stderr); return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(USAGE_ONE, stderr);
		return EXIT_USAGE;
	}
	const char *id = argv[optind];
	const char *path = store_path(db_opt);
	char err[1024];
	struct store *db = store_open(path, STORE_READ, err, sizeof err);
	if (!db) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	struct store_incident inc;
	int r = store_incident_get(db, id, &inc);
	if (r <= 0) {
		if (r < 0)
			log_error("%s: cannot read the incidents: %s", path, store_errmsg(db));
		else
			log_error("%s: no incident %s", path, id);
		store_close(db);
		return EXIT_FAIL;
	}
	struct wbuf w;
	wbuf_init(&w, 1 << 16);
	int fr;
	if (json) {
		struct json j;
		json_begin(&j, &w);
		json_obj_open(&j);
		detect_incident_json_keys(&inc, &j);
		fr = web_feedback_json(db, id, &j);
		json_obj_close(&j);
		wbuf_putc(&w, '\n');
	} else {
		detect_incident_text(&inc, &w);
		fr = web_feedback_text(db, id, &w);
	}
	store_incident_free(&inc);
	if (fr < 0) {
		log_error("%s: cannot read the feedback: %s", path, store_errmsg(db));
		store_close(db);
		wbuf_free(&w);
		return EXIT_FAIL;
	}
	store_close(db);
	return finish(&w);
}
