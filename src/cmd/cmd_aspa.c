/*
 * `manrs aspa verify`: ASPA-based AS_PATH verification
 * (draft-ietf-sidrops-aspa-verification-27) of AS paths given as arguments,
 * read one a line from stdin, or taken from MRT files, against ASPA data
 * from files and SLURM; with --explain, the provider authorization checks
 * and ramp lengths each verdict comes from. Wiring only: rpki/aspa*.c and
 * rpki/slurm.c do the work (the batch mode is aspa_batch_* in
 * rpki/aspa_verify.h).
 */
#include "cmd/cmd.h"
#include "lib/input.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "mrt/mrt.h"
#include "mrt/mrt_format.h"
#include "net/net.h"
#include "net/text.h"
#include "rpki/aspa.h"
#include "rpki/aspa_verify.h"
#include "rpki/slurm.h"
#include "rpki/vrp.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char ASPA_USAGE[] =
	"usage: manrs aspa <command> [options]\n"
	"\n"
	"  verify   verify AS paths against ASPA data (" ASPA_DRAFT ")\n"
	"\n"
	"Run 'manrs aspa verify --help' for its options.\n";

static const char VERIFY_USAGE[] =
	"usage: manrs aspa verify (--upstream | --downstream) --aspa FILE... [--slurm FILE...]\n"
	"                         [--neighbor ASN] [--explain] [--json] [-q] PATH...\n"
	"       manrs aspa verify (--upstream | --downstream) --aspa FILE... [--slurm FILE...]\n"
	"                         [--json] [-v | --explain] [-q] (- | --mrt FILE...)\n"
	"\n"
	"Verifies AS paths against ASPA data as " ASPA_DRAFT "\n"
	"specifies. With PATH arguments, prints one verdict per PATH: Valid, Invalid or\n"
	"Unknown. In bulk mode (paths from stdin with '-', one a line, or every RIB\n"
	"entry and announcement of the MRT files with --mrt), prints the number of paths\n"
	"with each verdict and of those skipped, and why.\n"
	"\n"
	"  --upstream       the route was received from a customer or a lateral peer,\n"
	"                   by a route server from its client, or by an RS client\n"
	"                   from the route server (algorithm for upstream paths)\n"
	"  --downstream     the route was received from a provider (algorithm for\n"
	"                   downstream paths)\n"
	"  --aspa FILE      ASPA data (repeat to merge files): rpki-client or\n"
	"                   Routinator JSON, OpenBGPD aspa-set (plain or compressed;\n"
	"                   '-' for stdin), or text lines \"CUSTOMER: PROVIDER ...\"\n"
	"                   (providers separated by blanks or commas, 0 alone for\n"
	"                   none, '#' comments); several ASPAs of one customer merge\n"
	"  --slurm FILE     RFC 8416 SLURM file (repeatable; slurmVersion 2 for the\n"
	"                   ASPA members of draft-ietf-sidrops-aspa-slurm): its\n"
	"                   aspaFilters remove customers' ASPAs, then its\n"
	"                   aspaAssertions add provider sets; its VRP members are\n"
	"                   read and not used here\n"
	"  --neighbor ASN   the AS of the BGP peer the route came from: a path whose\n"
	"                   most recently added AS is another one is Invalid (leave\n"
	"                   out for routes from a transparent route server); in MRT\n"
	"                   input the peer AS of each route is its neighbor\n"
	"  --mrt FILE       MRT file (RFC 6396; plain or compressed; repeatable):\n"
	"                   IPv4 and IPv6 unicast RIB entries and announcements\n"
	"  -                read paths from stdin, one a line, neighbor first (blank\n"
	"                   lines and '#' comments are not paths; no neighbor check)\n"
	"  --json           the answer as one JSON object\n"
	"  -v, --verbose    in bulk mode, also each path with its verdict\n"
	"  --explain        after each verdict, the COMPRESSED_AS_PATH (AS(1) is the\n"
	"                   origin, AS(N) the neighbor), each pair's provider\n"
	"                   authorization checks, up authorized(AS(i), AS(i+1)) and\n"
	"                   down authorized(AS(i+1), AS(i)), and the ramp lengths\n"
	"                   the verdict follows from (implies -v)\n"
	"  -q, --quiet      no warnings about skipped records or paths\n"
	"\n"
	"PATH is an AS_PATH as text, the neighbor first and the origin last, one\n"
	"shell argument per path: \"65001 65002 65003\". \"{65004,65005}\" is an AS_SET\n"
	"(a path with one is Invalid); \"(...)\" and \"[...]\" are confederation\n"
	"segments: leading ones are removed (the verifier's own confederation), later\n"
	"ones make the AS_PATH malformed (RFC 5065), and so does AS 0 (RFC 7607): both\n"
	"Invalid. ASNs may be written 65001, AS65001 or asdot 1.10.\n"
	"Details and examples: docs/aspa.md.\n"
	"\n"
	"Exit status: 0 done, 1 an input file could not be read (missing, a\n"
	"directory, empty, not of its kind) or output failed: nothing is printed,\n"
	"2 usage (also a PATH that does not parse), 3 done but some ASPA records or\n"
	"paths were skipped.\n";

#define ASPA_MAX_FILES 64

struct run {
	const struct aspa_table *t;
	enum aspa_direction dir;
	bool json, verbose, explain;
	struct wbuf out;
	struct wbuf tmp;           /* one path as text, for JSON */
	struct json js;
	const char *file;          /* input being read, for messages */
	bool write_error;
};

/* Writes how `r` came about for the path `path` (n ASNs, as given). */
static void explain(struct wbuf *w, const struct aspa_table *t, const uint32_t *path, size_t n,
		    enum aspa_direction dir, const struct aspa_result *r)
{
	if (r->reason) {
		wbuf_printf(w, "  %s\n", r->reason);
		return;
	}
	uint32_t *a = xreallocarray(NULL, n ? n : 1, sizeof *a);
	size_t m = aspa_path_collapse(path, n, a);
	/* AS(i) is a[m - i]: the draft counts from the origin. */
	wbuf_printf(w, "  N = %zu:", m);
	for (size_t i = 1; i <= m; i++)
		wbuf_printf(w, " AS(%zu)=%u", i, a[m - i]);
	wbuf_putc(w, '\n');
	for (size_t i = 1; i < m; i++) {
		uint32_t x = a[m - i], y = a[m - i - 1];
		wbuf_printf(w, "  AS(%zu)-AS(%zu): up authorized(%u, %u) = %s; down authorized(%u, %u) = %s\n", i,
			    i + 1, x, y, aspa_auth_name(aspa_authorized(t, x, y)), y, x,
			    aspa_auth_name(aspa_authorized(t, y, x)));
	}
	free(a);
	wbuf_printf(w, "  max_up_ramp = %zu, min_up_ramp = %zu, max_down_ramp = %zu, min_down_ramp = %zu\n",
		    r->max_up_ramp, r->min_up_ramp, r->max_down_ramp, r->min_down_ramp);
	if (dir == ASPA_UPSTREAM) {
		if (r->upstream == ASPA_INVALID)
			wbuf_printf(w, "  upstream (5.4 step 4): max_up_ramp %zu < N %zu: Invalid\n", r->max_up_ramp, r->n);
		else if (r->upstream == ASPA_UNKNOWN)
			wbuf_printf(w, "  upstream (5.4 step 5): max_up_ramp %zu = N, min_up_ramp %zu < N %zu: Unknown\n",
				    r->max_up_ramp, r->min_up_ramp, r->n);
		else
			wbuf_printf(w, "  upstream (5.4 step 6): min_up_ramp %zu = N %zu: Valid\n", r->min_up_ramp, r->n);
	} else {
		size_t mx = r->max_up_ramp + r->max_down_ramp, mn = r->min_up_ramp + r->min_down_ramp;
		if (r->downstream == ASPA_INVALID)
			wbuf_printf(w, "  downstream (5.5 step 4): max_up_ramp + max_down_ramp = %zu < N %zu: Invalid\n",
				    mx, r->n);
		else if (r->downstream == ASPA_UNKNOWN)
			wbuf_printf(w,
				    "  downstream (5.5 step 5): max_up_ramp + max_down_ramp = %zu >= N, "
				    "min_up_ramp + min_down_ramp = %zu < N %zu: Unknown\n",
				    mx, mn, r->n);
		else
			wbuf_printf(w, "  downstream (5.5 step 6): min_up_ramp + min_down_ramp = %zu >= N %zu: Valid\n",
				    mn, r->n);
	}
}

/* The AS_SEQUENCE segments of p joined, as aspa_verify_bgp_path reads them
 * when it gets that far. Returns the count; *out is owned by the caller. */
static size_t flatten(const struct bgp_path *p, uint32_t **out)
{
	uint32_t *flat = xreallocarray(NULL, p->nasn ? p->nasn : 1, sizeof *flat);
	size_t m = 0;
	for (uint32_t k = 0; k < p->nseg; k++)
		if (p->seg[k].type == BGP_AS_SEQUENCE) {
			memcpy(flat + m, p->asn + p->seg[k].first, p->seg[k].n * sizeof *flat);
			m += p->seg[k].n;
		}
	*out = flat;
	return m;
}

/* One verified path: its line (text) or object (JSON) when asked for. */
static void on_path(const struct aspa_batch_item *it, void *ctx)
{
	struct run *r = ctx;
	if (!r->verbose)
		return;
	const char *dirname = r->dir == ASPA_UPSTREAM ? "upstream" : "downstream";
	if (r->json) {
		struct json *j = &r->js;
		json_obj_open(j);
		json_key(j, "path");
		r->tmp.len = 0;
		mrt_fmt_aspath(&r->tmp, it->path, false);
		json_strn(j, r->tmp.p, r->tmp.len);
		if (it->neighbor) {
			json_key(j, "neighbor");
			json_u64(j, it->neighbor);
		}
		if (it->e) {
			char buf[PREFIX_STRLEN];
			json_key(j, "prefix");
			json_strn(j, buf, prefix_fmt(&it->e->prefix, buf));
			json_key(j, "timestamp");
			json_u64(j, it->e->rec->ts);
		} else if (it->line) {
			json_key(j, "line");
			json_u64(j, it->line);
		}
		json_key(j, "verdict");
		json_str(j, aspa_verdict_name(it->verdict));
		json_key(j, "procedure");
		json_str(j, dirname);
		if (it->r->reason) {
			json_key(j, "reason");
			json_str(j, it->r->reason);
		} else {
			json_key(j, "n");
			json_u64(j, it->r->n);
			json_key(j, "max_up_ramp");
			json_u64(j, it->r->max_up_ramp);
			json_key(j, "min_up_ramp");
			json_u64(j, it->r->min_up_ramp);
			if (r->dir == ASPA_DOWNSTREAM) {
				json_key(j, "max_down_ramp");
				json_u64(j, it->r->max_down_ramp);
				json_key(j, "min_down_ramp");
				json_u64(j, it->r->min_down_ramp);
			}
		}
		json_obj_close(j);
	} else {
		wbuf_puts(&r->out, aspa_verdict_name(it->verdict));
		if (it->text || it->e) {
			wbuf_putc(&r->out, '\t');
			mrt_fmt_aspath(&r->out, it->path, false);
		}
		if (it->e) {
			char buf[PREFIX_STRLEN];
			prefix_fmt(&it->e->prefix, buf);
			wbuf_printf(&r->out, "\t%s\tpeer AS%u", buf, it->e->peer_as);
		}
		wbuf_putc(&r->out, '\n');
		if (r->explain) {
			uint32_t *flat;
			size_t m = flatten(it->path, &flat);
			explain(&r->out, r->t, flat, m, r->dir, it->r);
			free(flat);
		}
	}
	if (r->out.len >= (1u << 20)) {
		if (wbuf_flush(&r->out, stdout) < 0)
			r->write_error = true;
	}
}

/* One path or record not verified: a rate-limited warning. */
static void on_skip(const char *reason, uint64_t where, void *ctx)
{
	struct run *r = ctx;
	if (!strcmp(r->file, "(stdin)") || !r->file[0])
		log_input(reason, "%s: line %" PRIu64 ": %s; skipped", r->file, where, reason);
	else
		log_input(reason, "%s: offset %" PRIu64 ": %s; skipped", r->file, where, reason);
}

/* Exit 1 material for a named input file, reported once: it is missing, a
 * directory, or empty. "-" (stdin) passes. Returns 0 or -1. */
static int check_file(const char *file)
{
	struct stat st;
	if (!strcmp(file, "-"))
		return 0;
	if (stat(file, &st) < 0) {
		log_error("%s: %s", file, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		log_error("%s: %s", file, strerror(EISDIR));
		return -1;
	}
	if (S_ISREG(st.st_mode) && st.st_size == 0) {
		log_error("%s: empty file", file);
		return -1;
	}
	return 0;
}

/* Loads one --aspa file: the text format of rpki/aspa.h, anything else
 * through the RPKI loaders (rpki/vrp.h: rpki-client or Routinator JSON,
 * OpenBGPD aspa-set; compressed or not), whose VRPs are dropped. The file
 * is opened once and sniffed from the open stream, so a pipe works.
 * Returns -1 if it could not be read, 1 if records were skipped, else 0. */
static int load(struct aspa_table *t, const char *file)
{
	size_t skipped, first_bad, records;
	const char *first_reason;
	char err[256];
	static char head[65536];
	if (check_file(file) < 0)
		return -1;
	struct input *in = input_open(file, err, sizeof err);
	if (!in) {
		log_error("%s: %s", file, err);
		return -1;
	}
	size_t hn = input_peek(in, head, sizeof head);
	if (aspa_text_sniff(head, hn)) {
		struct aspa_load_report rep;
		size_t len = 0;
		memset(&rep, 0, sizeof rep);
		char *buf = NULL;
		int rc = text_read_input(in, ASPA_MAX_FILE_BYTES, &buf, &len, rep.error, sizeof rep.error);
		input_close(in);
		if (rc == 0)
			rc = aspa_table_load_text(t, buf, len, &rep);
		free(buf);
		if (rc < 0) {
			log_error("%s: %s", file, rep.error);
			return -1;
		}
		skipped = rep.skipped, first_bad = rep.first_bad, first_reason = rep.first_reason;
		records = rep.records;
	} else {
		struct vrp_table vt;
		struct vrp_load_report rep;
		struct vrp_load_opts o;
		memset(&o, 0, sizeof o);
		o.aspa = t;
		vrp_table_init(&vt);
		int rc = vrp_load_input(&vt, in, &o, &rep);
		input_close(in);
		vrp_table_free(&vt);
		if (rc < 0) {
			log_error("%s: %s", file, rep.error);
			return -1;
		}
		if (rep.aspas == 0)
			log_info("%s: no ASPA records in this %s file", file, rep.flavour ? rep.flavour : "VRP");
		skipped = rep.skipped, first_bad = rep.first_bad_line, first_reason = rep.first_reason;
		records = rep.vrps + rep.aspas + rep.other + rep.skipped;
	}
	if (skipped) {
		log_input(first_reason, "%s: line %zu: %s (%zu of %zu records skipped)", file, first_bad, first_reason,
			  skipped, records);
		return 1;
	}
	return 0;
}

/* Prints the SLURM error `err` naming the file once (the loader's messages
 * start with the path already). */
static void slurm_error(const char *file, const char *err)
{
	size_t n = strlen(file);
	if (!strncmp(err, file, n) && err[n] == ':')
		log_error("%s; no SLURM file is used (RFC 8416 section 4.1)", err);
	else
		log_error("%s: %s; no SLURM file is used (RFC 8416 section 4.1)", file, err);
}

/* Applies the SLURM files to the (unfinished) ASPA table: every file's
 * aspaFilters, then every file's aspaAssertions (RFC 8416 section 4 order,
 * slurm_apply). Returns 0, or -1 (reported) if one cannot be used. */
static int apply_slurm(struct aspa_table *t, const char *const *files, size_t n, bool quiet)
{
	struct slurm *s = xcalloc(n, sizeof *s);
	const struct slurm **ptrs = xcalloc(n, sizeof *ptrs);
	char err[512];
	int rc = 0;
	size_t loaded = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		ptrs[i] = &s[i];
		if (check_file(files[i]) < 0) {
			rc = -1;
			break;
		}
		loaded++;
		if (slurm_load_file(&s[i], files[i], err, sizeof err) < 0) {
			slurm_error(files[i], err);
			rc = -1;
		}
	}
	if (rc == 0 && slurm_check_overlap(ptrs, n, err, sizeof err) < 0) {
		log_error("%s; none of them is used", err);
		rc = -1;
	}
	if (rc == 0) {
		struct vrp_table vt;
		struct slurm_stats st;
		vrp_table_init(&vt);
		slurm_apply(ptrs, n, &vt, t, &st);
		vrp_table_free(&vt);
		if (!quiet)
			log_info("SLURM: %zu ASPA filters applied, %zu ASPA assertions added", st.aspa_filters_applied,
				 st.aspas_added);
	}
	for (size_t i = 0; i < loaded; i++)
		slurm_free(&s[i]);
	free(s);
	free(ptrs);
	return rc;
}

/* MRT if the first 12 bytes are a plausible MRT header (RFC 6396 section
 * 2: a known type in bytes 4-5). Exit 1 material otherwise, reported. */
static int check_mrt(const char *file)
{
	char err[256];
	uint8_t h[12];
	if (!strcmp(file, "-"))
		return 0;   /* stdin cannot be read twice: the reader will say */
	if (check_file(file) < 0)
		return -1;
	struct input *in = input_open(file, err, sizeof err);
	if (!in) {
		log_error("%s", err);
		return -1;
	}
	size_t n = input_read(in, h, sizeof h);
	const char *ierr = input_error(in);
	char why[300] = "";
	if (n == 0 && ierr)
		snprintf(why, sizeof why, "%s", ierr);
	input_close(in);
	if (why[0]) {
		log_error("%s: %s", file, why);
		return -1;
	}
	if (n == 0) {
		log_error("%s: empty file", file);
		return -1;
	}
	uint16_t type = n < sizeof h ? 0 : (uint16_t)(h[4] << 8 | h[5]);
	if (type != MRT_BGP && type != MRT_TABLE_DUMP && type != MRT_TABLE_DUMP_V2 && type != MRT_BGP4MP &&
	    type != MRT_BGP4MP_ET) {
		log_error("%s: not an MRT file (RFC 6396: no known record type at the start)", file);
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The counts, as text or as the end of the JSON object. */
static void print_counts(struct run *r, const struct aspa_batch *b)
{
	const char *dirname = r->dir == ASPA_UPSTREAM ? "upstream" : "downstream";
	if (r->json) {
		struct json *j = &r->js;
		if (r->verbose)
			json_arr_close(j);
		json_key(j, "paths");
		json_u64(j, b->paths);
		json_key(j, "valid");
		json_u64(j, b->verdicts[ASPA_VALID]);
		json_key(j, "invalid");
		json_u64(j, b->verdicts[ASPA_INVALID]);
		json_key(j, "unknown");
		json_u64(j, b->verdicts[ASPA_UNKNOWN]);
		json_key(j, "skipped");
		json_u64(j, b->skipped);
		json_key(j, "skipped_reasons");
		json_arr_open(j);
		for (size_t i = 0; i < b->n_reasons; i++) {
			json_obj_open(j);
			json_key(j, "reason");
			json_str(j, b->reasons[i].reason);
			json_key(j, "count");
			json_u64(j, b->reasons[i].count);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_obj_close(j);
		wbuf_putc(&r->out, '\n');
		return;
	}
	wbuf_printf(&r->out, "%s: %" PRIu64 " paths: %" PRIu64 " Valid, %" PRIu64 " Invalid, %" PRIu64 " Unknown; %" PRIu64
			     " skipped\n",
		    dirname, b->paths, b->verdicts[ASPA_VALID], b->verdicts[ASPA_INVALID], b->verdicts[ASPA_UNKNOWN],
		    b->skipped);
	for (size_t i = 0; i < b->n_reasons; i++)
		wbuf_printf(&r->out, "skipped %" PRIu64 ": %s\n", b->reasons[i].count, b->reasons[i].reason);
}

static int verify_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "upstream", no_argument, NULL, 'U' },
		{ "downstream", no_argument, NULL, 'D' },
		{ "aspa", required_argument, NULL, 'a' },
		{ "slurm", required_argument, NULL, 's' },
		{ "mrt", required_argument, NULL, 'm' },
		{ "neighbor", required_argument, NULL, 'n' },
		{ "neighbour", required_argument, NULL, 'n' },
		{ "explain", no_argument, NULL, 'x' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int dir = -1, c, rc = EXIT_OK;
	bool do_explain = false, json = false, verbose = false, quiet = false;
	uint32_t neighbor = 0;
	const char *files[ASPA_MAX_FILES], *slurms[ASPA_MAX_FILES], *mrts[ASPA_MAX_FILES];
	size_t nfiles = 0, nslurm = 0, nmrt = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'U':
		case 'D':
			if (dir >= 0 && dir != (c == 'U' ? ASPA_UPSTREAM : ASPA_DOWNSTREAM)) {
				fprintf(stderr, "manrs aspa verify: give one of --upstream and --downstream\n");
				return EXIT_USAGE;
			}
			dir = c == 'U' ? ASPA_UPSTREAM : ASPA_DOWNSTREAM;
			break;
		case 'a':
		case 's':
		case 'm': {
			const char **list = c == 'a' ? files : c == 's' ? slurms : mrts;
			size_t *n = c == 'a' ? &nfiles : c == 's' ? &nslurm : &nmrt;
			if (*n == ASPA_MAX_FILES) {
				fprintf(stderr, "manrs aspa verify: more than %d files for one option\n", ASPA_MAX_FILES);
				return EXIT_USAGE;
			}
			list[(*n)++] = optarg;
			break;
		}
		case 'n':
			if (asn_parse(optarg, &neighbor) < 0 || neighbor == 0) {
				fprintf(stderr, "manrs aspa verify: --neighbor '%s' is not an AS number\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'x': do_explain = true; break;
		case 'j': json = true; break;
		case 'v': verbose = true; break;
		case 'q': quiet = true; log_set_quiet(1); break;
		case 'h': fputs(VERIFY_USAGE, stdout); return EXIT_OK;
		default: fputs(VERIFY_USAGE, stderr); return EXIT_USAGE;
		}
	}
	int npaths = argc - optind;
	bool from_stdin = npaths == 1 && !strcmp(argv[optind], "-");
	bool bulk = from_stdin || nmrt > 0;
	if (dir < 0 || !nfiles || (!bulk && npaths == 0)) {
		fprintf(stderr, "manrs aspa verify: %s\n\n%s",
			dir < 0 ? "give --upstream or --downstream" : !nfiles ? "give --aspa FILE" : "give a PATH",
			VERIFY_USAGE);
		return EXIT_USAGE;
	}
	if (bulk && npaths > 0 && !from_stdin) {
		fprintf(stderr, "manrs aspa verify: PATH arguments do not go with --mrt (give '-' to read stdin too)\n");
		return EXIT_USAGE;
	}
	if (bulk && neighbor) {
		fprintf(stderr, "manrs aspa verify: --neighbor is for PATH arguments (MRT input has each route's peer AS)\n");
		return EXIT_USAGE;
	}
	for (size_t i = 0; from_stdin && i < nfiles + nslurm + nmrt; i++) {
		const char *f = i < nfiles ? files[i] : i < nfiles + nslurm ? slurms[i - nfiles] : mrts[i - nfiles - nslurm];
		if (!strcmp(f, "-")) {
			fprintf(stderr, "manrs aspa verify: stdin cannot hold both the paths and a file\n");
			return EXIT_USAGE;
		}
	}

	/* Parse every PATH before loading anything, so a typo costs no load. */
	struct bgp_path *paths = bulk ? NULL : xcalloc((size_t)npaths, sizeof *paths);
	struct aspa_table t;
	struct run r;
	struct aspa_batch b;
	memset(&r, 0, sizeof r);
	aspa_table_init(&t);
	aspa_batch_init(&b, &t, (enum aspa_direction)dir);
	wbuf_init(&r.out, 1u << 16);
	wbuf_init(&r.tmp, 256);
	for (int i = 0; !bulk && i < npaths; i++) {
		const char *s = argv[optind + i], *why = NULL;
		if (aspa_path_parse(s, strlen(s), &paths[i], &why) < 0) {
			fprintf(stderr, "manrs aspa verify: PATH '%s': %s\n", s, why);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	/* Every named input is checked before anything is printed. */
	for (size_t i = 0; i < nmrt; i++)
		if (check_mrt(mrts[i]) < 0) {
			rc = EXIT_FAIL;
			goto out;
		}
	double t0 = now();
	for (size_t i = 0; i < nfiles; i++) {
		int lr = load(&t, files[i]);
		if (lr < 0) {
			rc = EXIT_FAIL;
			goto out;
		}
		if (lr > 0)
			rc = EXIT_SKIPPED;
	}
	if (nslurm && apply_slurm(&t, slurms, nslurm, quiet) < 0) {
		rc = EXIT_FAIL;
		goto out;
	}
	aspa_table_finish(&t);
	if (!quiet && bulk)
		log_info("%zu customers with ASPAs loaded in %.3f s", aspa_table_count(&t), now() - t0);

	r.t = &t;
	r.dir = (enum aspa_direction)dir;
	r.json = json;
	r.explain = do_explain && !json;
	r.verbose = !bulk || verbose || do_explain;
	r.file = "";
	b.on_path = on_path;
	b.on_skip = on_skip;
	b.ctx = &r;
	if (json) {
		json_begin(&r.js, &r.out);
		json_obj_open(&r.js);
		json_key(&r.js, "draft");
		json_str(&r.js, ASPA_DRAFT);
		json_key(&r.js, "procedure");
		json_str(&r.js, dir == ASPA_UPSTREAM ? "upstream" : "downstream");
		if (r.verbose) {
			json_key(&r.js, "results");
			json_arr_open(&r.js);
		}
	}
	double t1 = now();
	if (!bulk) {
		/* One verdict per PATH, in order (on_path). */
		for (int i = 0; i < npaths; i++)
			aspa_batch_path(&b, &paths[i], neighbor, NULL);
	}
	if (from_stdin) {
		char err[256];
		struct input *in = input_open("-", err, sizeof err);
		if (!in) {
			log_error("%s", err);
			rc = EXIT_FAIL;
			goto out;
		}
		r.file = "(stdin)";
		if (aspa_batch_text(&b, in) < 0)
			log_error("(stdin): %s (%s input)", input_error(in), input_format(in));
		input_close(in);
	}
	for (size_t i = 0; i < nmrt && !r.write_error; i++) {
		char err[256];
		struct input *in = input_open(mrts[i], err, sizeof err);
		if (!in) {
			log_error("%s", err);
			rc = EXIT_FAIL;
			goto out;
		}
		r.file = mrts[i];
		if (aspa_batch_mrt(&b, in) < 0)
			log_input(input_error(in), "%s: %s (%s input)", mrts[i], input_error(in), input_format(in));
		input_close(in);
	}
	double t_verify = now() - t1;
	if (bulk || json)
		print_counts(&r, &b);
	if (wbuf_flush(&r.out, stdout) < 0 || fflush(stdout) != 0 || ferror(stdout))
		r.write_error = true;
	log_input_summary();
	if (!quiet && bulk)
		log_info("%" PRIu64 " paths verified in %.3f s (%.0f paths/s)", b.paths, t_verify,
			 t_verify > 0 ? b.paths / t_verify : 0.0);
	if (r.write_error) {
		log_error("aspa verify: write error");
		rc = EXIT_FAIL;
	} else if (b.skipped && rc == EXIT_OK) {
		rc = EXIT_SKIPPED;
	}
out:
	for (int i = 0; paths && i < npaths; i++)
		aspa_path_release(&paths[i]);
	free(paths);
	aspa_batch_free(&b);
	aspa_table_free(&t);
	wbuf_free(&r.out);
	wbuf_free(&r.tmp);
	return rc;
}

int cmd_aspa(int argc, char **argv)
{
	if (argc < 2) {
		fputs(ASPA_USAGE, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		printf("%s\n%s", ASPA_USAGE, VERIFY_USAGE);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "verify"))
		return verify_main(argc - 1, argv + 1);
	fprintf(stderr, "manrs aspa: unknown command '%s'\n%s", argv[1], ASPA_USAGE);
	return EXIT_USAGE;
}
