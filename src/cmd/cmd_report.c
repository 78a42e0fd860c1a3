/*
 * `manrs report`: one network's MANRS metrics for a month, with the
 * evidence and the fixes (observatory/metrics.h), from the store and the
 * reference-data snapshots kept in it; or aggregates per country, region
 * or over the participants from the scores `manrs score` stored.
 */
#include "cmd/cmd.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "observatory/aggregate.h"
#include "observatory/metrics.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
	"usage: manrs report ASN [--db FILE] [--month YYYY-MM | --day YYYY-MM-DD] [--config FILE]\n"
	"                    [--json | --csv]\n"
	"       manrs report --country CC | --region NAME | --participants [--db FILE]\n"
	"                    [--month YYYY-MM] [--config FILE] [--json | --csv]\n"
	"\n"
	"One network's MANRS metrics, Action scores and readiness for a month, with\n"
	"the evidence behind each number and what to do about it; or aggregates\n"
	"(readiness counts and mean scores per Action) over the networks of a\n"
	"country (RIR delegation), a UN M49 region or sub-region, or the MANRS\n"
	"participants, from the scores `manrs score` stored.\n"
	"\n"
	"  --db FILE        the database (default $MANRS_DB or ./manrs.db)\n"
	"  --month YYYY-MM  the month (default: the newest with observations)\n"
	"  --day YYYY-MM-DD the daily score of a running month: its month to date\n"
	"                   (the first to the end of the day), routes from the day\n"
	"                   rows; one network only\n"
	"  --config FILE    settings (default: built-in, as etc/manrs.conf;\n"
	"                   or $MANRS_CONFIG)\n"
	"  --json           JSON instead of text\n"
	"  --csv            a CSV table (RFC 4180, CRLF): one record per Action and\n"
	"                   metric; per Action for --country/--region; per\n"
	"                   participant for --participants\n"
	"\n"
	"Exit status: 0 report printed, 1 database unreadable or the AS is unknown\n"
	"(never seen announcing and in no reference data), 2 usage.\n";

/* Parses "YYYY-MM" into YYYYMM; 0 if malformed. */
uint32_t obs_parse_month(const char *s)
{
	unsigned y, m;
	char tail;
	if (strlen(s) != 7 || sscanf(s, "%4u-%2u%c", &y, &m, &tail) != 2 || y < 1970 || m < 1 || m > 12)
		return 0;
	return y * 100 + m;
}

/* An AS number as every command takes it (net's asn_parse: 65000,
 * AS65000, asdot 1.10); AS 0 names no network. */
static bool parse_asn(const char *s, uint32_t *asn)
{
	return asn_parse(s, asn) == 0 && *asn != 0;
}

/* Parses "YYYY-MM-DD" into YYYYMMDD; 0 if malformed or not a date. */
static uint32_t parse_day(const char *s)
{
	unsigned y, m, d;
	char tail;
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-' ||
	    y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return y * 10000 + m * 100 + d;
}

static int report_asn(struct store *s, uint32_t asn, uint32_t month, uint32_t day, const struct obs_config *c,
		      enum obs_format fmt)
{
	struct obs_data d;
	char err[1024];
	uint32_t kinds = (1u << OBS_KIND_VRP) | (1u << OBS_KIND_IRR) | (1u << OBS_KIND_DELEGATED) |
			 (1u << OBS_KIND_PEERINGDB) | (1u << OBS_KIND_BOGONS) | (1u << OBS_KIND_SPOOFER) |
			 (1u << OBS_KIND_ASNAMES);
	if ((day ? obs_data_load_day(&d, s, day, kinds, err, sizeof err)
		 : obs_data_load(&d, s, month, kinds, err, sizeof err)) < 0) {
		log_error("%s", err);
		obs_data_free(&d);
		return EXIT_FAIL;
	}
	struct obs_net n;
	if (obs_net_compute(&n, s, &d, asn, c, err, sizeof err) < 0) {
		log_error("%s", err);
		obs_net_free(&n);
		obs_data_free(&d);
		return EXIT_FAIL;
	}
	if (n.npairs == 0 && n.roles == 0 && !*n.country && !n.pdb_net && store_origin_seen(s, asn) == 0) {
		log_error("AS%u: unknown: never seen announcing in the database, in no delegated stats or PeeringDB"
			  " snapshot", asn);
		obs_net_free(&n);
		obs_data_free(&d);
		return EXIT_FAIL;
	}
	struct wbuf w;
	wbuf_init(&w, 1 << 16);
	if (fmt == OBS_FMT_JSON) {
		struct json j;
		json_begin(&j, &w);
		obs_net_json(&n, &d, &j);
		wbuf_putc(&w, '\n');
	} else if (fmt == OBS_FMT_CSV)
		obs_net_csv(&n, &d, &w);
	else
		obs_net_text(&n, &d, &w);
	int rc = wbuf_flush(&w, stdout) < 0 || fflush(stdout) != 0 ? EXIT_FAIL : EXIT_OK;
	wbuf_free(&w);
	obs_net_free(&n);
	obs_data_free(&d);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },      { "month", required_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' },  { "json", no_argument, NULL, 'j' },
		{ "country", required_argument, NULL, 'C' }, { "region", required_argument, NULL, 'R' },
		{ "participants", no_argument, NULL, 'P' },  { "csv", no_argument, NULL, 'V' },
		{ "day", required_argument, NULL, 'D' },     { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *month_opt = NULL, *config = NULL, *country = NULL, *region = NULL;
	const char *day_opt = NULL;
	bool json = false, csv = false, participants = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'm': month_opt = optarg; break;
		case 'D': day_opt = optarg; break;
		case 'c': config = optarg; break;
		case 'j': json = true; break;
		case 'V': csv = true; break;
		case 'C': country = optarg; break;
		case 'R': region = optarg; break;
		case 'P': participants = true; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	int modes = (country != NULL) + (region != NULL) + participants + (optind < argc);
	if (modes != 1 || argc - optind > 1) {
		fprintf(stderr, "manrs report: give one ASN, --country, --region or --participants\n\n%s", USAGE);
		return EXIT_USAGE;
	}
	if (json && csv) {
		fprintf(stderr, "manrs report: --json and --csv exclude each other\n\n%s", USAGE);
		return EXIT_USAGE;
	}
	enum obs_format fmt = json ? OBS_FMT_JSON : csv ? OBS_FMT_CSV : OBS_FMT_TEXT;
	uint32_t asn = 0, month = 0;
	if (optind < argc && !parse_asn(argv[optind], &asn)) {
		fprintf(stderr, "manrs report: '%s' is not an AS number\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (month_opt && !(month = obs_parse_month(month_opt))) {
		fprintf(stderr, "manrs report: --month '%s': not YYYY-MM\n", month_opt);
		return EXIT_USAGE;
	}
	uint32_t day = 0;
	if (day_opt && (month_opt || !asn)) {
		fprintf(stderr, "manrs report: --day is for one network, without --month\n\n%s", USAGE);
		return EXIT_USAGE;
	}
	if (day_opt && !(day = parse_day(day_opt))) {
		fprintf(stderr, "manrs report: --day '%s': not YYYY-MM-DD\n", day_opt);
		return EXIT_USAGE;
	}
	if (day)
		month = day / 100;
	struct obs_config cfg;
	char cerr[512];
	if (obs_config_resolve(&cfg, config, cerr, sizeof cerr) < 0) {
		log_error("%s", cerr);
		return EXIT_FAIL;
	}
	char err[1024];
	struct store *s = store_open(store_path(db_opt), STORE_READ, err, sizeof err);
	if (!s) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	if (!month)
		month = store_newest_month(s);
	if (!month) {
		log_error("%s: no observations (run 'manrs ingest' first)", store_path(db_opt));
		store_close(s);
		return EXIT_FAIL;
	}
	int rc;
	if (asn)
		rc = report_asn(s, asn, month, day, &cfg, fmt);
	else
		rc = obs_report_aggregate_fmt(s, month, country, region, participants, &cfg, fmt);
	store_close(s);
	return rc;
}
