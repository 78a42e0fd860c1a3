/*
 * `manrs aspa verify`: ASPA AS path verification
 * (draft-ietf-sidrops-aspa-verification-16) of AS paths given as text,
 * against ASPA data from files; with --explain, the hop checks and ramp
 * lengths the verdict comes from. Wiring only: rpki/aspa*.c do the work.
 */
#include "cmd/cmd.h"
#include "lib/log.h"
#include "net/net.h"
#include "rpki/aspa.h"
#include "rpki/aspa_verify.h"
#include "rpki/vrp.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ASPA_USAGE[] =
	"usage: manrs aspa <command> [options]\n"
	"\n"
	"  verify   verify AS paths against ASPA data (" ASPA_DRAFT ")\n"
	"\n"
	"Run 'manrs aspa verify --help' for its options.\n";

static const char VERIFY_USAGE[] =
	"usage: manrs aspa verify (--upstream | --downstream) --aspa FILE [--aspa FILE...]\n"
	"                         [--neighbor ASN] [--explain] [-q] PATH...\n"
	"\n"
	"Verifies each AS PATH against ASPA data as " ASPA_DRAFT "\n"
	"specifies, and prints one verdict per PATH: Valid, Invalid or Unknown.\n"
	"\n"
	"  --upstream       the route was received from a customer or a lateral peer,\n"
	"                   by a route server from its client, or by an RS client\n"
	"                   from the route server\n"
	"  --downstream     the route was received from a provider\n"
	"  --aspa FILE      ASPA data (repeat to merge files): rpki-client or\n"
	"                   Routinator JSON, OpenBGPD aspa-set (plain or compressed;\n"
	"                   '-' for stdin), or text lines \"CUSTOMER: PROVIDER ...\"\n"
	"                   (providers separated by blanks or commas, 0 for none,\n"
	"                   '#' comments); several ASPAs of one customer merge\n"
	"  --neighbor ASN   the AS of the BGP peer the route came from: a path whose\n"
	"                   first AS is another one is Invalid (leave out for MRT\n"
	"                   data and for routes from a transparent route server)\n"
	"  --explain        after each verdict, the path after collapsing prepends\n"
	"                   (A(1) is the origin, A(N) the neighbor), each hop's checks\n"
	"                   up authorized(A(i), A(i+1)) and down authorized(A(i+1), A(i)),\n"
	"                   and the ramp lengths the verdict follows from\n"
	"  -q, --quiet      no warnings about skipped ASPA records\n"
	"\n"
	"PATH is an AS_PATH as text, the neighbor first and the origin last, one\n"
	"shell argument per path: \"65001 65002 65003\". \"{65004,65005}\" is an AS_SET\n"
	"(a path with one is Invalid); \"(...)\" and \"[...]\" are confederation\n"
	"segments, left out. ASNs may be written 65001, AS65001 or asdot 1.10.\n"
	"Details and examples: docs/aspa.md.\n"
	"\n"
	"Exit status: 0 done, 1 an ASPA file could not be read or output failed,\n"
	"2 usage (also a PATH that does not parse), 3 done but some ASPA records\n"
	"were skipped.\n";

/* Prints how `r` came about for the path `path` (n ASNs, as given). */
static void explain(const struct aspa_table *t, const uint32_t *path, size_t n, enum aspa_direction dir,
		    const struct aspa_result *r)
{
	if (r->reason) {
		printf("  %s\n", r->reason);
		return;
	}
	uint32_t *a = malloc(n * sizeof *a);
	if (!a)
		return;
	size_t m = aspa_path_collapse(path, n, a);
	/* A(i) is a[m - i]: the draft counts from the origin. */
	printf("  N = %zu:", m);
	for (size_t i = 1; i <= m; i++)
		printf(" A(%zu)=%u", i, a[m - i]);
	printf("\n");
	for (size_t i = 1; i < m; i++) {
		uint32_t x = a[m - i], y = a[m - i - 1];
		printf("  A(%zu)-A(%zu): up authorized(%u, %u) = %s; down authorized(%u, %u) = %s\n", i, i + 1, x,
		       y, aspa_auth_name(aspa_authorized(t, x, y)), y, x, aspa_auth_name(aspa_authorized(t, y, x)));
	}
	free(a);
	printf("  max_up_ramp = %zu, min_up_ramp = %zu, max_down_ramp = %zu, min_down_ramp = %zu\n",
	       r->max_up_ramp, r->min_up_ramp, r->max_down_ramp, r->min_down_ramp);
	if (dir == ASPA_UPSTREAM) {
		if (r->upstream == ASPA_INVALID)
			printf("  upstream: max_up_ramp %zu < N %zu: Invalid\n", r->max_up_ramp, r->n);
		else if (r->upstream == ASPA_UNKNOWN)
			printf("  upstream: max_up_ramp %zu = N, min_up_ramp %zu < N %zu: Unknown\n", r->max_up_ramp,
			       r->min_up_ramp, r->n);
		else
			printf("  upstream: min_up_ramp %zu = N %zu: Valid\n", r->min_up_ramp, r->n);
	} else {
		size_t mx = r->max_up_ramp + r->max_down_ramp, mn = r->min_up_ramp + r->min_down_ramp;
		if (r->downstream == ASPA_INVALID)
			printf("  downstream: max_up_ramp + max_down_ramp = %zu < N %zu: Invalid\n", mx, r->n);
		else if (r->downstream == ASPA_UNKNOWN)
			printf("  downstream: max_up_ramp + max_down_ramp = %zu >= N, min_up_ramp + min_down_ramp = "
			       "%zu < N %zu: Unknown\n",
			       mx, mn, r->n);
		else
			printf("  downstream: min_up_ramp + min_down_ramp = %zu >= N %zu: Valid\n", mn, r->n);
	}
}

/* 1 if `file` starts like the text format of rpki/aspa.h, 0 if not (or
 * it is stdin), -1 if it cannot be opened (reported). */
static int text_format(const char *file)
{
	if (!strcmp(file, "-"))
		return 0;
	FILE *f = fopen(file, "rb");
	if (!f) {
		log_error("%s: %s", file, strerror(errno));
		return -1;
	}
	static char head[65536];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	return aspa_text_sniff(head, n);
}

/* Loads one --aspa file: the text format here, anything else through the
 * RPKI loaders (rpki/vrp.h: rpki-client or Routinator JSON, OpenBGPD
 * aspa-set; compressed or not), whose VRPs are dropped. Returns -1 if it
 * could not be read, 1 if records were skipped, else 0. */
static int load(struct aspa_table *t, const char *file)
{
	size_t skipped, first_bad, records;
	const char *first_reason;
	int text = text_format(file);
	if (text < 0)
		return -1;
	if (text) {
		struct aspa_load_report rep;
		memset(&rep, 0, sizeof rep);
		if (aspa_table_load_file(t, file, &rep) < 0) {
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
		int rc = vrp_load_file(&vt, file, &o, &rep);
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

static int verify_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "upstream", no_argument, NULL, 'U' },
		{ "downstream", no_argument, NULL, 'D' },
		{ "aspa", required_argument, NULL, 'a' },
		{ "neighbor", required_argument, NULL, 'n' },
		{ "neighbour", required_argument, NULL, 'n' },
		{ "explain", no_argument, NULL, 'x' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int dir = -1, c, rc = EXIT_OK;
	bool do_explain = false;
	uint32_t neighbor = 0;
	const char **files = calloc((size_t)argc, sizeof *files);
	size_t nfiles = 0;
	if (!files)
		return EXIT_FAIL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'U':
		case 'D':
			if (dir >= 0 && dir != (c == 'U' ? ASPA_UPSTREAM : ASPA_DOWNSTREAM)) {
				fprintf(stderr, "manrs aspa verify: give one of --upstream and --downstream\n");
				free(files);
				return EXIT_USAGE;
			}
			dir = c == 'U' ? ASPA_UPSTREAM : ASPA_DOWNSTREAM;
			break;
		case 'a': files[nfiles++] = optarg; break;
		case 'n':
			if (asn_parse(optarg, &neighbor) < 0 || neighbor == 0) {
				fprintf(stderr, "manrs aspa verify: --neighbor '%s' is not an AS number\n", optarg);
				free(files);
				return EXIT_USAGE;
			}
			break;
		case 'x': do_explain = true; break;
		case 'q': log_set_quiet(1); break;
		case 'h': fputs(VERIFY_USAGE, stdout); free(files); return EXIT_OK;
		default: fputs(VERIFY_USAGE, stderr); free(files); return EXIT_USAGE;
		}
	}
	if (dir < 0 || !nfiles || optind >= argc) {
		fprintf(stderr, "manrs aspa verify: %s\n\n%s",
			dir < 0 ? "give --upstream or --downstream" : !nfiles ? "give --aspa FILE" : "give a PATH",
			VERIFY_USAGE);
		free(files);
		return EXIT_USAGE;
	}

	/* Parse every PATH before loading anything, so a typo costs no load. */
	int npaths = argc - optind;
	struct bgp_path *paths = calloc((size_t)npaths, sizeof *paths);
	if (!paths) {
		free(files);
		return EXIT_FAIL;
	}
	struct aspa_table t;
	aspa_table_init(&t);
	for (int i = 0; i < npaths; i++) {
		const char *s = argv[optind + i], *why = NULL;
		if (aspa_path_parse(s, strlen(s), &paths[i], &why) < 0) {
			fprintf(stderr, "manrs aspa verify: PATH '%s': %s\n", s, why);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		int lr = load(&t, files[i]);
		if (lr < 0) {
			rc = EXIT_FAIL;
			goto out;
		}
		if (lr > 0)
			rc = EXIT_SKIPPED;
	}
	aspa_table_finish(&t);

	for (int i = 0; i < npaths; i++) {
		struct aspa_result r;
		enum aspa_verdict v = aspa_verify_bgp_path(&t, &paths[i], (enum aspa_direction)dir, neighbor, &r);
		printf("%s\n", aspa_verdict_name(v));
		if (do_explain) {
			/* The sequences, joined, as aspa_verify_bgp_path read them. */
			const struct bgp_path *p = &paths[i];
			uint32_t *flat = malloc((p->nasn ? p->nasn : 1) * sizeof *flat);
			size_t m = 0;
			if (!flat) {
				rc = EXIT_FAIL;
				goto out;
			}
			for (uint32_t k = 0; k < p->nseg; k++)
				if (p->seg[k].type == BGP_AS_SEQUENCE) {
					memcpy(flat + m, p->asn + p->seg[k].first, p->seg[k].n * sizeof *flat);
					m += p->seg[k].n;
				}
			explain(&t, flat, m, (enum aspa_direction)dir, &r);
			free(flat);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("aspa verify: write error");
		rc = EXIT_FAIL;
	}
	log_input_summary();
out:
	for (int i = 0; i < npaths; i++)
		aspa_path_release(&paths[i]);
	free(paths);
	aspa_table_free(&t);
	free(files);
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
