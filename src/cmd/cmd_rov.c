/*
 * `manrs rov`: route origin validation (RFC 6811) of one route or of a
 * routes file (text `prefix origin` lines, pyasn lines, or MRT) against VRPs
 * loaded from relying-party output, with SLURM (RFC 8416) applied.
 */
#include "cmd/cmd.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "mrt/mrt.h"
#include "rpki/rov.h"
#include "rpki/slurm.h"
#include "rpki/vrp.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define ROV_MAX_FILES 64
/* Covering VRPs listed per route in JSON output (all are counted). */
#define ROV_MAX_LISTED 256

static const char USAGE[] =
	"usage: manrs rov PREFIX ASN --vrps FILE [--slurm FILE] [--json]\n"
	"       manrs rov --vrps FILE --routes FILE [--slurm FILE] [--json | --bench]\n"
	"\n"
	"Route origin validation (RFC 6811 section 2) against RPKI VRPs. Prints one\n"
	"line per route on stdout, `PREFIX ORIGIN VERDICT`, VERDICT being one of\n"
	"  valid           a covering VRP has the origin AS and a max length >= the\n"
	"                  prefix length\n"
	"  invalid-origin  covered by VRPs, none of them for the origin AS\n"
	"  invalid-length  a covering VRP has the origin AS, but the prefix is longer\n"
	"                  than its max length (and no other VRP matches)\n"
	"  not-found       no VRP covers the prefix\n"
	"ORIGIN is NONE for a route whose AS_PATH ends in an AS_SET (RFC 6472): it is\n"
	"never valid. VRPs for AS 0 (RFC 6483 section 4) cover but never match.\n"
	"A summary (counts per verdict, VRPs loaded, times) goes to stderr.\n"
	"\n"
	"  --vrps FILE     VRPs (and ASPAs) as written by rpki-client (JSON, CSV,\n"
	"                  OpenBGPD, BIRD), Routinator (json, jsonext, csv, csvcompat,\n"
	"                  csvext, openbgpd, bird1, bird2), StayRTR JSON or the RIPE\n"
	"                  NCC validator CSV; detected from the content; plain, gzip,\n"
	"                  bzip2, xz or zstd. Repeat to merge several files.\n"
	"  --format F      json, csv, openbgpd or bird instead of detecting it\n"
	"  --slurm FILE    RFC 8416 local exceptions (filters, then assertions);\n"
	"                  slurmVersion 2 ASPA members are read too. Repeat for\n"
	"                  several files; overlapping files are refused (RFC 8416\n"
	"                  section 4.2).\n"
	"  Standard input ('-') can be given to one of --vrps, --slurm and --routes.\n"
	"  --routes FILE   routes to validate: lines `PREFIX ORIGIN` (blanks or a tab\n"
	"                  between; ORIGIN 65000, AS65000, or NONE; '#' and ';'\n"
	"                  start comments: pyasn's ipasn files read as they are), or\n"
	"                  an MRT file (RIB entries and announcements; detected from\n"
	"                  the content). '-' reads stdin.\n"
	"  --json          one JSON object per route with the matching and covering\n"
	"                  VRPs (docs/rpki.md)\n"
	"  --bench         read all routes first, then time validation alone; prints\n"
	"                  no routes, only counts and validations per second\n"
	"  -q, --quiet     no warnings about skipped entries, no summary\n"
	"\n"
	"Exit status: 0 done, 1 a file could not be read (or is not VRP data, or a\n"
	"SLURM file was refused), 2 usage, 3 some VRPs or routes were skipped.\n";

struct route {
	struct prefix prefix;
	uint32_t origin;
};

struct rov_run {
	struct vrp_table vrps;
	bool json, bench, quiet;
	struct wbuf out;
	struct json js;
	bool write_error;
	const char *file;
	uint64_t counts[4];
	uint64_t routes, skipped;
	struct vrp cover[ROV_MAX_LISTED];
	/* --bench keeps the routes */
	struct route *keep;
	size_t n_keep, cap_keep;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_bad_vrp(const char *where, const char *reason, void *ctx)
{
	log_input(reason, "%s: %s: %s; skipped", (const char *)ctx, where, reason);
}

static void json_vrp(struct json *j, const struct vrp *v)
{
	char buf[PREFIX_STRLEN];
	json_obj_open(j);
	json_key(j, "prefix");
	prefix_fmt(&v->prefix, buf);
	json_str(j, buf);
	json_key(j, "maxLength");
	json_u64(j, v->maxlen);
	json_key(j, "asn");
	json_u64(j, v->asn);
	json_obj_close(j);
}

/* Validates one route and writes its line; `e` is the MRT element, if any. */
static void validate(struct rov_run *r, const struct prefix *p, uint32_t origin, const struct mrt_elem *e)
{
	r->routes++;
	if (r->bench) {
		if (r->n_keep == r->cap_keep)
			r->keep = xgrow(r->keep, &r->cap_keep, r->n_keep + 1, sizeof *r->keep);
		r->keep[r->n_keep].prefix = *p;
		r->keep[r->n_keep++].origin = origin;
		return;
	}
	char buf[PREFIX_STRLEN];
	size_t n = prefix_fmt(p, buf);
	if (!r->json) {
		enum rov_state st = rov_validate(&r->vrps, p, origin);
		r->counts[st]++;
		wbuf_put(&r->out, buf, n);
		wbuf_putc(&r->out, ' ');
		if (origin == ROV_ORIGIN_NONE)
			wbuf_puts(&r->out, "NONE");
		else
			wbuf_put_u32(&r->out, origin);
		wbuf_putc(&r->out, ' ');
		wbuf_puts(&r->out, rov_state_name(st));
		wbuf_putc(&r->out, '\n');
	} else {
		struct rov_detail d = { .cover = r->cover, .max = ROV_MAX_LISTED };
		enum rov_state st = rov_validate_detail(&r->vrps, p, origin, &d);
		r->counts[st]++;
		struct json *j = &r->js;
		json_begin(j, &r->out);
		json_obj_open(j);
		json_key(j, "prefix");
		json_strn(j, buf, n);
		json_key(j, "origin");
		if (origin == ROV_ORIGIN_NONE)
			json_null(j);
		else
			json_u64(j, origin);
		json_key(j, "verdict");
		json_str(j, rov_state_name(st));
		if (e) {
			char ip[IP_STRLEN];
			json_key(j, "type");
			json_str(j, e->type == MRT_ELEM_RIB ? "rib" : "announce");
			json_key(j, "timestamp");
			json_u64(j, e->rec->ts);
			json_key(j, "peer_as");
			json_u64(j, e->peer_as);
			json_key(j, "peer_ip");
			ip_fmt(&e->peer_ip, ip);
			json_str(j, ip);
		}
		size_t listed = d.n_cover < d.max ? d.n_cover : d.max;
		json_key(j, "matching");
		json_arr_open(j);
		for (size_t i = 0; i < listed; i++)
			if (rov_vrp_matches(&r->cover[i], p, origin))
				json_vrp(j, &r->cover[i]);
		json_arr_close(j);
		json_key(j, "covering");
		json_arr_open(j);
		for (size_t i = 0; i < listed; i++)
			json_vrp(j, &r->cover[i]);
		json_arr_close(j);
		if (d.n_cover > listed) {
			json_key(j, "covering_total");
			json_u64(j, d.n_cover);
		}
		json_obj_close(j);
		wbuf_putc(&r->out, '\n');
	}
	if (r->out.len >= (1u << 20) && wbuf_flush(&r->out, stdout) < 0)
		r->write_error = true;
}

/* ---- Routes from text ----------------------------------------------------- */

static const char R_LINE[] = "routes: expected PREFIX ORIGIN";
static const char R_PREFIX[] = "routes: not an IP prefix";
static const char R_ORIGIN[] = "routes: origin is not an AS number (or NONE)";
static const char R_LONG[] = "routes: line longer than 4096 bytes";

static void route_line(struct rov_run *r, char *p, size_t n, uint64_t line)
{
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == n || p[i] == '#' || p[i] == ';')
		return;
	char *a = p + i;
	while (i < n && p[i] != ' ' && p[i] != '\t')
		i++;
	size_t alen = (size_t)(p + i - a);
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	char *b = p + i;
	while (i < n && p[i] != ' ' && p[i] != '\t')
		i++;
	size_t blen = (size_t)(p + i - b);
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	const char *why = NULL;
	struct prefix pfx;
	uint32_t origin = 0;
	if (!blen || i != n) {
		why = R_LINE;
	} else {
		a[alen] = 0;
		b[blen] = 0;
		if (!strchr(a, '/') || prefix_parse(a, &pfx) < 0)
			why = R_PREFIX;
		else if (strcmp(b, "NONE") && (asn_parse(b, &origin) < 0))
			why = R_ORIGIN;
	}
	if (why) {
		log_input(why, "%s: line %" PRIu64 ": %s; skipped", r->file, line, why);
		r->skipped++;
		return;
	}
	validate(r, &pfx, origin, NULL);
}

/* Reads text routes. Returns 0, or -1 on a read error (logged). */
static int routes_text(struct rov_run *r, struct input *in)
{
	size_t cap = 1u << 20, len = 0;
	char *buf = xmalloc(cap);
	uint64_t line = 1;
	bool skipping = false;   /* inside an over-long line */
	for (;;) {
		size_t got = input_read(in, buf + len, cap - len);
		len += got;
		size_t start = 0;
		char *nl;
		while ((nl = memchr(buf + start, '\n', len - start)) != NULL) {
			size_t end = (size_t)(nl - buf);
			if (!skipping)
				route_line(r, buf + start, end - start, line);
			skipping = false;
			line++;
			start = end + 1;
		}
		memmove(buf, buf + start, len - start);
		len -= start;
		if (got == 0) {
			if (len && !skipping)
				route_line(r, buf, len, line);
			break;
		}
		if (len > 4096) {
			if (!skipping) {
				log_input(R_LONG, "%s: line %" PRIu64 ": %s; skipped", r->file, line, R_LONG);
				r->skipped++;
			}
			skipping = true;
			len = 0;
		}
		if (r->write_error)
			break;
	}
	free(buf);
	const char *err = input_error(in);
	if (err) {
		log_error("%s: %s (%s input)", r->file, err, input_format(in));
		return -1;
	}
	return 0;
}

/* ---- Routes from MRT ------------------------------------------------------ */

static void on_elem(const struct mrt_elem *e, void *ctx)
{
	struct rov_run *r = ctx;
	if ((e->type != MRT_ELEM_RIB && e->type != MRT_ELEM_ANNOUNCE) || !e->attrs)
		return;
	struct prefix p = e->prefix;
	prefix_mask(&p);
	/* RFC 6811 section 2: an empty AS_PATH means the route was originated
	 * by the speaker itself, here the peer that gave it to the collector;
	 * an AS_SET at the end means no origin (bgp_path_origin gives 0). */
	uint32_t origin = e->attrs->path.nasn == 0 ? e->peer_as : bgp_path_origin(&e->attrs->path);
	validate(r, &p, origin, e);
}

static int routes_mrt(struct rov_run *r, struct input *in)
{
	struct mrt_reader rd;
	struct mrt_decoder dec;
	struct mrt_record rec;
	const char *reason = NULL;
	enum mrt_read_status rs;
	mrt_reader_init(&rd, in);
	mrt_decoder_init(&dec);
	while ((rs = mrt_reader_next(&rd, &rec, &reason)) != MRT_READ_EOF) {
		if (rs == MRT_READ_TRUNCATED) {
			log_input(reason, "%s: offset %" PRIu64 ": %s; the file ends here", r->file, rec.offset, reason);
			r->skipped++;
			break;
		}
		if (rs == MRT_READ_SKIP || rs == MRT_READ_RESYNC) {
			log_input(reason, "%s: offset %" PRIu64 ": %s; skipped", r->file, rec.offset, reason);
			r->skipped++;
			if (rs == MRT_READ_SKIP)
				continue;
		}
		enum mrt_status st = mrt_decode(&dec, &rec, on_elem, r, &reason);
		if (st == MRT_MALFORMED) {
			log_input(reason, "%s: offset %" PRIu64 ": %s/%s: %s; record skipped", r->file, rec.offset,
				  mrt_type_name(rec.type), mrt_subtype_name(rec.type, rec.subtype), reason);
			r->skipped++;
		}
		if (dec.entries_skipped && st == MRT_OK) {
			log_input(dec.entry_reason, "%s: offset %" PRIu64 ": %s; RIB entries skipped", r->file,
				  rec.offset, dec.entry_reason);
			r->skipped += dec.entries_skipped;
		}
		if (r->write_error)
			break;
	}
	const char *err = input_error(in);
	if (err && rs != MRT_READ_TRUNCATED) {
		log_input(err, "%s: %s (%s input)", r->file, err, input_format(in));
		r->skipped++;
	}
	mrt_decoder_free(&dec);
	mrt_reader_free(&rd);
	return 0;
}

/* MRT if the first 12 bytes are a plausible MRT header: a known type
 * (RFC 6396 section 4) in bytes 4-5, which no text line has there. */
static bool looks_like_mrt(const uint8_t *h, size_t n)
{
	if (n < 12)
		return false;
	uint16_t type = (uint16_t)(h[4] << 8 | h[5]);
	return type == MRT_BGP || type == MRT_TABLE_DUMP || type == MRT_TABLE_DUMP_V2 || type == MRT_BGP4MP ||
	       type == MRT_BGP4MP_ET;
}

/* Opens the routes file and sniffs it from the opened stream (peeked, not
 * consumed: a pipe cannot be read twice). Returns the input, or NULL after
 * logging why (missing, a directory, empty). */
static struct input *open_routes(const char *path, bool *mrt)
{
	char err[256];
	uint8_t h[12];
	struct input *in = input_open(path, err, sizeof err);
	if (!in) {
		log_error("%s", err);
		return NULL;
	}
	size_t n = input_peek(in, h, sizeof h);
	if (n == 0) {
		const char *ierr = input_error(in);
		log_error("%s: %s", strcmp(path, "-") ? path : "(stdin)", ierr ? ierr : "empty input: no routes");
		input_close(in);
		return NULL;
	}
	*mrt = looks_like_mrt(h, n);
	return in;
}

static void bench(struct rov_run *r)
{
	/* Repeat the whole list until at least half a second has passed, so
	 * the rate does not hinge on the clock's resolution. */
	uint64_t done = 0, counts[4] = { 0 };
	double t0 = now(), t;
	do {
		for (size_t i = 0; i < r->n_keep; i++)
			counts[rov_validate(&r->vrps, &r->keep[i].prefix, r->keep[i].origin)]++;
		done += r->n_keep;
		t = now() - t0;
	} while (t < 0.5 && r->n_keep);
	size_t rounds = r->n_keep ? done / r->n_keep : 0;
	for (int i = 0; i < 4; i++)
		r->counts[i] = rounds ? counts[i] / rounds : 0;
	fprintf(stderr, "manrs rov: bench: %" PRIu64 " validations (%zu rounds of %zu routes) in %.3f s: %.0f validations/s\n",
		done, rounds, r->n_keep, t, t > 0 ? done / t : 0.0);
}

static void print_summary(struct rov_run *r, double t)
{
	fprintf(stderr,
		"manrs rov: %" PRIu64 " routes: %" PRIu64 " valid, %" PRIu64 " invalid-origin, %" PRIu64
		" invalid-length, %" PRIu64 " not-found",
		r->routes, r->counts[ROV_VALID], r->counts[ROV_INVALID_ORIGIN], r->counts[ROV_INVALID_LENGTH],
		r->counts[ROV_NOT_FOUND]);
	if (r->skipped)
		fprintf(stderr, "; %" PRIu64 " skipped", r->skipped);
	if (!r->bench)
		fprintf(stderr, " (%.3f s)", t);
	fputc('\n', stderr);
}

int cmd_rov(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vrps", required_argument, NULL, 'v' },
		{ "format", required_argument, NULL, 'f' },
		{ "slurm", required_argument, NULL, 's' },
		{ "routes", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "bench", no_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *vrp_files[ROV_MAX_FILES], *slurm_files[ROV_MAX_FILES], *routes = NULL;
	size_t n_vrp = 0, n_slurm = 0;
	int format = VRP_FMT_AUTO;
	bool json = false, bench_mode = false, quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
		case 's':
			if ((c == 'v' ? n_vrp : n_slurm) == ROV_MAX_FILES) {
				fprintf(stderr, "manrs rov: at most %d files per option\n", ROV_MAX_FILES);
				return EXIT_USAGE;
			}
			if (c == 'v')
				vrp_files[n_vrp++] = optarg;
			else
				slurm_files[n_slurm++] = optarg;
			break;
		case 'f':
			format = vrp_format_parse(optarg);
			if (format < 0) {
				fprintf(stderr, "manrs rov: unknown --format '%s' (json, csv, openbgpd, bird)\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r': routes = optarg; break;
		case 'j': json = true; break;
		case 'b': bench_mode = true; break;
		case 'q': quiet = true; log_set_quiet(1); break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	int npos = argc - optind;
	struct prefix one_prefix;
	uint32_t one_origin = 0;
	if (routes ? npos != 0 : npos != 2) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	if (!routes) {
		const char *p = argv[optind], *o = argv[optind + 1];
		if (!strchr(p, '/') || prefix_parse(p, &one_prefix) < 0) {
			fprintf(stderr, "manrs rov: '%s' is not an IP prefix (ADDRESS/LENGTH)\n", p);
			return EXIT_USAGE;
		}
		if (strcmp(o, "NONE") && asn_parse(o, &one_origin) < 0) {
			fprintf(stderr, "manrs rov: '%s' is not an AS number (or NONE)\n", o);
			return EXIT_USAGE;
		}
	}
	if (!n_vrp) {
		fprintf(stderr, "manrs rov: --vrps FILE is required (no VRP set is built in)\n");
		return EXIT_USAGE;
	}
	if (json && bench_mode) {
		fprintf(stderr, "manrs rov: --bench prints no routes: it does not go with --json\n");
		return EXIT_USAGE;
	}

	size_t n_stdin = routes && !strcmp(routes, "-");
	for (size_t i = 0; i < n_vrp; i++)
		n_stdin += !strcmp(vrp_files[i], "-");
	for (size_t i = 0; i < n_slurm; i++)
		n_stdin += !strcmp(slurm_files[i], "-");
	if (n_stdin > 1) {
		fprintf(stderr, "manrs rov: standard input ('-') can be read once: give it to one option only\n");
		return EXIT_USAGE;
	}

	/* Every input is opened (routes) or read (SLURM, VRPs) before any
	 * answer is printed: one that cannot be read stops the run with one
	 * message and no verdicts. */
	struct rov_run *r = xcalloc(1, sizeof *r);
	r->json = json;
	r->bench = bench_mode;
	r->quiet = quiet;
	vrp_table_init(&r->vrps);
	int rc = EXIT_OK;
	uint64_t vrp_skipped = 0, vrps_read = 0;
	struct input *routes_in = NULL;
	bool routes_mrt_fmt = false;
	struct slurm_set slurms = { NULL, 0 };
	struct vrp_load_report *reps = xcalloc(n_vrp, sizeof *reps);
	if (routes && !(routes_in = open_routes(routes, &routes_mrt_fmt))) {
		rc = EXIT_FAIL;
		goto out;
	}
	double t0 = now();
	if (n_slurm) {
		char err[512];
		if (slurm_set_load(&slurms, slurm_files, n_slurm, err, sizeof err) < 0) {
			log_error("%s", err);
			rc = EXIT_FAIL;
			goto out;
		}
	}
	for (size_t i = 0; i < n_vrp; i++) {
		struct vrp_load_opts o = { .format = (enum vrp_format)format, .bad = on_bad_vrp,
					   .ctx = (void *)vrp_files[i] };
		if (vrp_load_file(&r->vrps, vrp_files[i], &o, &reps[i]) < 0) {
			log_error("%s: %s", strcmp(vrp_files[i], "-") ? vrp_files[i] : "(stdin)", reps[i].error);
			rc = EXIT_FAIL;
			goto out;
		}
		vrp_skipped += reps[i].skipped;
		vrps_read += reps[i].vrps;
	}
	for (size_t i = 0; i < n_vrp && !quiet; i++)
		fprintf(stderr, "manrs rov: %s: %s, %zu VRPs, %zu ASPAs, %zu skipped\n", vrp_files[i],
			reps[i].flavour ? reps[i].flavour : vrp_format_name(reps[i].format), reps[i].vrps,
			reps[i].aspas, reps[i].skipped);
	if (n_slurm) {
		struct slurm_stats st;
		slurm_set_apply(&slurms, &r->vrps, NULL, &st);
		if (!quiet)
			fprintf(stderr, "manrs rov: SLURM: %zu VRPs filtered out, %zu asserted\n", st.vrps_removed,
				st.vrps_added);
	}
	vrp_table_finish(&r->vrps);
	double t_load = now() - t0;
	if (!quiet) {
		size_t mem = vrp_table_memory(&r->vrps), n = vrp_table_count(&r->vrps);
		fprintf(stderr,
			"manrs rov: %zu VRPs (%" PRIu64 " read, %zu duplicates merged, %" PRIu64
			" skipped) loaded in %.3f s; table %.1f MiB, %.1f bytes/VRP\n",
			n, vrps_read, r->vrps.duplicates, vrp_skipped, t_load, mem / 1048576.0, n ? (double)mem / n : 0.0);
	}

	wbuf_init(&r->out, 1u << 21);
	double t1 = now();
	if (!routes) {
		validate(r, &one_prefix, one_origin, NULL);
	} else {
		r->file = strcmp(routes, "-") ? routes : "(stdin)";
		if ((routes_mrt_fmt ? routes_mrt(r, routes_in) : routes_text(r, routes_in)) < 0)
			rc = EXIT_FAIL;
	}
	if (bench_mode)
		bench(r);
	double t_val = now() - t1;
	if (wbuf_flush(&r->out, stdout) < 0 || fflush(stdout) != 0)
		r->write_error = true;
	log_input_summary();
	if (!quiet) {
		print_summary(r, t_val);
		struct rusage ru;
		if (getrusage(RUSAGE_SELF, &ru) == 0)
			fprintf(stderr, "manrs rov: peak RSS %.1f MiB\n", ru.ru_maxrss / 1024.0);
	}
	if (r->write_error) {
		log_error("write error on standard output");
		rc = EXIT_FAIL;
	}
	if (rc == EXIT_OK && (vrp_skipped || r->skipped))
		rc = EXIT_SKIPPED;
	wbuf_free(&r->out);
out:
	input_close(routes_in);
	slurm_set_free(&slurms);
	free(reps);
	free(r->keep);
	vrp_table_free(&r->vrps);
	free(r);
	return rc;
}
