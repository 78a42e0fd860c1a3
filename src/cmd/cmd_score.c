/*
 * `manrs score`: computes every network's Action scores and readiness for
 * one month (observatory/metrics.h) and stores them with the snapshots
 * used, for the aggregates of `manrs report --country/--region/--participants`.
 */
#include "cmd/cmd.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "observatory/csv.h"
#include "observatory/metrics.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
	"usage: manrs score [--db FILE] [--month YYYY-MM] [--config FILE] [--csv]\n"
	"\n"
	"Computes and stores the Action scores and readiness levels of every\n"
	"network announcing routes in the month (seen by at least min_peers peers),\n"
	"and of every network with a part in one of the month's counted incidents,\n"
	"with the reference-data snapshots used. Replaces that month's scores.\n"
	"\n"
	"  --db FILE        the database (default $MANRS_DB or ./manrs.db)\n"
	"  --month YYYY-MM  the month (default: the newest with observations)\n"
	"  --config FILE    settings (default: built-in; or $MANRS_CONFIG)\n"
	"  --csv            print the month's scores as a CSV table (RFC 4180,\n"
	"                   CRLF; one record per network) instead of the summary\n";


struct run {
	struct store *s;
	struct obs_data *d;
	const struct obs_config *c;
	char inputs[256];
	uint64_t n;
	uint32_t *origins;          /* scored in the first pass, ascending */
	size_t norigins, cap;
	bool failed;
	char err[1024];
};

static int score_one(uint32_t asn, void *ctx)
{
	struct run *r = ctx;
	struct obs_net n;
	if (obs_net_compute(&n, r->s, r->d, asn, r->c, r->err, sizeof r->err) < 0) {
		obs_net_free(&n);
		r->failed = true;
		return 1;
	}
	struct store_score sc;
	memset(&sc, 0, sizeof sc);
	sc.month = r->d->month;
	sc.asn = asn;
	snprintf(sc.country, sizeof sc.country, "%s", n.country);
	for (int a = 0; a < OBS_ACT_COUNT; a++) {
		sc.score[a] = n.action[a];
		snprintf(sc.level[a], sizeof sc.level[a], "%s", obs_level_name(n.level[a]));
	}
	snprintf(sc.inputs, sizeof sc.inputs, "%s", r->inputs);
	sc.computed_at = (int64_t)time(NULL);
	obs_net_free(&n);
	if (store_score_put(r->s, &sc) < 0) {
		snprintf(r->err, sizeof r->err, "cannot store the scores: %s", store_errmsg(r->s));
		r->failed = true;
		return 1;
	}
	r->n++;
	return 0;
}

/* First pass: the month's origins, remembered. */
static int score_origin(uint32_t asn, void *ctx)
{
	struct run *r = ctx;
	r->origins = xgrow(r->origins, &r->cap, r->norigins + 1, sizeof *r->origins);
	r->origins[r->norigins++] = asn;
	return score_one(asn, ctx);
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Second pass: networks in the month's incidents that announced nothing. */
static int score_involved(uint32_t asn, void *ctx)
{
	struct run *r = ctx;
	if (bsearch(&asn, r->origins, r->norigins, sizeof *r->origins, u32_cmp))
		return 0;
	return score_one(asn, ctx);
}

/* One CSV record of a stored score. */
static int csv_score(const struct store_score *sc, void *ctx)
{
	struct wbuf *w = ctx;
	char m[16];
	snprintf(m, sizeof m, "%04u-%02u", sc->month / 100, sc->month % 100);
	obs_csv_str(w, true, m);
	obs_csv_u64(w, false, sc->asn);
	obs_csv_str(w, false, sc->country);
	for (int a = 0; a < OBS_ACT_COUNT; a++) {
		obs_csv_num(w, false, sc->score[a]);
		obs_csv_str(w, false, sc->level[a]);
	}
	obs_csv_str(w, false, sc->inputs);
	obs_csv_end(w);
	return 0;
}

int cmd_score(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },     { "month", required_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' }, { "csv", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *month_opt = NULL, *config = NULL;
	bool csv = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'm': month_opt = optarg; break;
		case 'c': config = optarg; break;
		case 'V': csv = true; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "manrs score: unexpected argument '%s'\n\n%s", argv[optind], USAGE);
		return EXIT_USAGE;
	}
	uint32_t month = 0;
	if (month_opt && !(month = obs_parse_month(month_opt))) {
		fprintf(stderr, "manrs score: --month '%s': not YYYY-MM\n", month_opt);
		return EXIT_USAGE;
	}
	struct obs_config cfg;
	char cerr[512];
	if (obs_config_resolve(&cfg, config, cerr, sizeof cerr) < 0) {
		log_error("%s", cerr);
		return EXIT_FAIL;
	}
	struct run r;
	memset(&r, 0, sizeof r);
	r.s = store_open(store_path(db_opt), STORE_WRITE, r.err, sizeof r.err);
	if (!r.s) {
		log_error("%s", r.err);
		return EXIT_FAIL;
	}
	if (!month)
		month = store_newest_month(r.s);
	if (!month) {
		log_error("%s: no observations (run 'manrs ingest' first)", store_path(db_opt));
		store_close(r.s);
		return EXIT_FAIL;
	}
	struct obs_data d;
	uint32_t kinds = (1u << OBS_KIND_VRP) | (1u << OBS_KIND_IRR) | (1u << OBS_KIND_DELEGATED) |
			 (1u << OBS_KIND_PEERINGDB) | (1u << OBS_KIND_BOGONS) | (1u << OBS_KIND_SPOOFER);
	int rc = EXIT_OK;
	if (obs_data_load(&d, r.s, month, kinds, r.err, sizeof r.err) < 0) {
		log_error("%s", r.err);
		rc = EXIT_FAIL;
	} else {
		size_t used = 0;
		for (int k = 0; k < OBS_KIND_COUNT; k++)
			if (d.have[k] && used < sizeof r.inputs)
				used += (size_t)snprintf(r.inputs + used, sizeof r.inputs - used, "%s%s=%lld", used ? "," : "",
							 obs_kind_name((enum obs_kind)k), (long long)d.snap[k].id);
		r.d = &d;
		r.c = &cfg;
		if (store_begin(r.s) < 0 || store_month_origins(r.s, month, cfg.min_peers, score_origin, &r) < 0 || r.failed ||
		    obs_incident_asns(&d, r.s, &cfg, score_involved, &r) < 0 || r.failed || store_commit(r.s) < 0) {
			log_error("%s: %s", store_path(db_opt), r.failed ? r.err : store_errmsg(r.s));
			store_rollback(r.s);
			rc = EXIT_FAIL;
		} else if (!csv)
			printf("%04u-%02u: %llu networks scored\n", month / 100, month % 100, (unsigned long long)r.n);
		else {
			struct wbuf w;
			wbuf_init(&w, 1 << 16);
			obs_csv_header(&w, "month,asn,country,filtering,filtering_level,anti_spoofing,anti_spoofing_level,"
					   "coordination,coordination_level,irr,irr_level,rpki,rpki_level,inputs");
			if (store_scores(r.s, month, csv_score, &w) < 0) {
				log_error("%s: %s", store_path(db_opt), store_errmsg(r.s));
				rc = EXIT_FAIL;
			} else if (wbuf_flush(&w, stdout) < 0 || fflush(stdout) != 0) {
				log_error("write error on standard output");
				rc = EXIT_FAIL;
			}
			wbuf_free(&w);
		}
	}
	obs_data_free(&d);
	free(r.origins);
	store_close(r.s);
	return rc;
}
