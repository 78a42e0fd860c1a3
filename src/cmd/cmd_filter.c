/*
 * `manrs filter`: prefix lists and AS-path filters from RPSL dumps, with
 * bgpq4's options and output (the same bytes bgpq4 prints when it asks an
 * IRRd server holding the same data). Options are parsed and checked
 * first, then the files are loaded, expanded, and printed.
 */
#include "cmd/cmd.h"
#include "irr/filter.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char FILTER_USAGE[] =
	"usage: manrs filter --rpsl FILE [--rpsl FILE...] [options] OBJECT... [EXCEPT OBJECT...]\n"
	"\n"
	"Generates a prefix list or AS-path filter from RPSL dumps (RFC 2622, RFC 4012;\n"
	"plain or compressed), with the options and output of bgpq4: the same bytes\n"
	"bgpq4 prints when it asks an IRRd server holding the same objects.\n"
	"\n"
	"OBJECTs: AS numbers (AS65000), as-sets (AS-FOO, AS1:AS-FOO), route-sets\n"
	"(RS-FOO), SOURCE::SET (the set from that source only), prefixes and prefix\n"
	"ranges (192.0.2.0/24, 192.0.2.0/24^+, ^-, ^n, ^n-m). Objects after EXCEPT are\n"
	"left out of the as-set expansion.\n"
	"\n"
	"Output syntax (one of):\n"
	"  (none) Cisco IOS      -X Cisco IOS XR      -J Juniper Junos     -e Arista EOS\n"
	"  -b BIRD               -B OpenBGPD          -N Nokia SR OS classic CLI\n"
	"  -n Nokia SR OS MD-CLI -n2 Nokia SR Linux (with --compat 1.16)\n"
	"  -K MikroTik RouterOS v6   -K7 MikroTik RouterOS v7\n"
	"  -U Huawei             -u Huawei XPL        -j JSON (also --json)\n"
	"  -F FMT  user format: %n network, %l length, %a/%A range, %N name, %m mask,\n"
	"          %i inverse mask, \\n, \\t\n"
	"\n"
	"What to generate:\n"
	"  (none)     prefix list\n"
	"  -E         extended access-list (Cisco), route-filter (Junos),\n"
	"             ip-prefix-list (Nokia), prefix-set (OpenBGPD), ACL (SR Linux)\n"
	"  -z         route-filter-list (Junos)\n"
	"  -f ASN     input AS-path filter: paths from neighbour ASN ending in a member\n"
	"  -G ASN     output AS-path filter: paths ending in a member\n"
	"  -H ASN     as-list-group (Junos)\n"
	"  -t         the AS numbers as an as-set (BIRD, OpenBGPD, JSON)\n"
	"\n"
	"Options:\n"
	"  --rpsl FILE  RPSL file or dump to load ('-' is stdin); repeat for more\n"
	"  -4 / -6      IPv4 (default) or IPv6 prefixes\n"
	"  -A           aggregate the prefix list\n"
	"  -m LEN       longest prefix length accepted\n"
	"  -r LEN       also admit more-specifics from LEN on\n"
	"  -R LEN       also admit more-specifics up to LEN\n"
	"  -l NAME      name of the list (default NN)\n"
	"  -L DEPTH     expand nested sets at most DEPTH levels deep\n"
	"  -S LIST      sources to use, in preference order (comma-separated)\n"
	"  -p           keep private and documentation AS numbers (refused by default)\n"
	"  -a ASN       OpenBGPD: deny from ASN when the list is empty\n"
	"  -M MATCH     extra match conditions for Junos route-filters (-E)\n"
	"  -s           sequence numbers in IOS prefix lists\n"
	"  -W LEN       AS numbers per line in AS-path filters (0: no limit)\n"
	"  --compat VER bgpq4 release to match: 1.9 (Debian 12, default) or 1.16\n"
	"  -q, --quiet  no loading summary on stderr\n"
	"  --help       this text\n"
	"\n"
	"Exit status: 0 done; 1 a file could not be read (nothing printed); 2 usage\n"
	"(bad option, bad object name, options that do not go together); 3 done, but\n"
	"something was left out: a set or source not found, AS numbers refused,\n"
	"objects in the files skipped. A filter of more than 2097152 prefixes is not\n"
	"printed (exit 1).\n";

struct fopts {
	struct filter_opts f;
	struct filter_expand_opts x;
	const char **files;
	int nfiles;
	bool aggregate, quiet, aswidth_set;
	unsigned refine, refine_low, maxlen;
	bool maxlen_set;
	char **objs;
	size_t nobjs;
};

static void report(void *ctx, const char *file, const struct rpsl_object *o)
{
	(void)ctx;
	if (o->reason)
		log_input(o->reason, "%s:%" PRIu64 ": object at line %" PRIu64 " skipped: %s", file, o->err_line, o->line,
			  o->reason);
	else
		log_input(o->warn_reason, "%s:%" PRIu64 ": %.*s: %s", file, o->warn_line,
			  (int)(o->key.len > 80 ? 80 : o->key.len), o->key.p, o->warn_reason);
}

/* Loads every file; EXIT_OK, EXIT_SKIPPED or EXIT_FAIL. */
static int load(struct irr_db *db, const struct fopts *o)
{
	int rc = EXIT_OK;
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	for (int i = 0; i < o->nfiles; i++) {
		char err[256];
		uint64_t added0 = st.added + st.duplicates, bytes0 = st.bytes;
		int r = irr_db_load(db, o->files[i], report, NULL, &st, err, sizeof err);
		if (r == -1) {
			log_error("%s: %s", o->files[i], err);
			rc = EXIT_FAIL;
		} else if (r == 0 && st.added + st.duplicates == added0) {
			/* Nothing usable in it (empty, not RPSL, every object
			 * malformed): unreadable input, not an empty IRR. */
			log_error("%s: %s", o->files[i], st.bytes == bytes0 ? "empty file" : "no usable RPSL objects in it (route, route6, as-set, route-set, aut-num)");
			rc = EXIT_FAIL;
		} else if (r == -2) {
			log_error("%s: %s (objects before it are kept)", o->files[i], err);
			if (rc == EXIT_OK)
				rc = EXIT_SKIPPED;
		}
	}
	log_input_summary();
	if (!o->quiet)
		log_info("loaded %d file%s: %" PRIu64 " objects", o->nfiles, o->nfiles == 1 ? "" : "s", st.objects);
	if ((st.malformed || st.warnings) && rc == EXIT_OK) {
		log_info("%" PRIu64 " malformed objects skipped, %" PRIu64 " members ignored", st.malformed, st.warnings);
		rc = EXIT_SKIPPED;
	}
	return rc;
}

/* A length or ASN option: digits only, within [lo, hi]. */
static int parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	unsigned long v = 0;
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > hi)
			return -1;
	}
	if (v < lo)
		return -1;
	*out = v;
	return 0;
}

/* bgpq4's -f/-G/-H/-a argument: "65000" or asdot "1.10". */
static int parse_asn_arg(const char *s, uint32_t *asn)
{
	const char *dot = strchr(s, '.');
	unsigned long hi, lo;
	if (!dot)
		return parse_uint(s, 1, UINT32_MAX, &hi) < 0 ? -1 : (*asn = (uint32_t)hi, 0);
	char buf[16];
	if ((size_t)(dot - s) >= sizeof buf)
		return -1;
	memcpy(buf, s, (size_t)(dot - s));
	buf[dot - s] = 0;
	if (parse_uint(buf, 0, 65535, &hi) < 0 || parse_uint(dot + 1, 1, 65535, &lo) < 0)
		return -1;
	*asn = (uint32_t)(hi << 16 | lo);
	return 0;
}

/* -M: \n, \r, \t and \\ escapes, resolved as bgpq4 does. */
static char *unescape_match(const char *s, const char **why)
{
	char *out = xmalloc(strlen(s) + 1), *d = out;
	for (const char *c = s; *c; c++) {
		if (*c != '\\') {
			*d++ = *c;
			continue;
		}
		switch (c[1]) {
		case 'n': *d++ = '\n'; break;
		case 'r': *d++ = '\r'; break;
		case 't': *d++ = '\t'; break;
		case '\\': *d++ = '\\'; break;
		default:
			free(out);
			*why = "-M: unsupported escape (\\n, \\r, \\t and \\\\ only)";
			return NULL;
		}
		c++;
	}
	*d = 0;
	return out;
}

enum { OPT_RPSL = 256, OPT_COMPAT, OPT_JSON, OPT_HELP };

static int set_vendor(struct fopts *o, enum filter_vendor v, bool *vendor_set)
{
	if (*vendor_set) {
		log_error("-b, -B, -F, -J, -j, -K, -N, -n, -U, -u, -e and -X are mutually exclusive");
		return -1;
	}
	*vendor_set = true;
	o->f.vendor = v;
	return 0;
}

static int set_gen(struct fopts *o, enum filter_gen g)
{
	if (o->f.gen != FILTER_GEN_NONE) {
		log_error("-E, -f, -G, -H, -t and -z are mutually exclusive");
		return -1;
	}
	o->f.gen = g;
	return 0;
}

/* Parses and checks everything; EXIT_OK, or EXIT_USAGE (said why). */
static int parse(int argc, char **argv, struct fopts *o, char **match_buf)
{
	static const struct option longopts[] = {
		{ "rpsl", required_argument, NULL, OPT_RPSL },
		{ "compat", required_argument, NULL, OPT_COMPAT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	bool vendor_set = false, v6 = false, v4 = false;
	unsigned long v;
	int c;
	const char *why;

	o->files = xcalloc((size_t)argc + 1, sizeof *o->files);
	o->f.afi = AFI_IPV4;
	optind = 1;
	while ((c = getopt_long(argc, argv, "4627a:AbBeEF:f:G:H:hjJKl:L:m:M:nNpqr:R:sS:tuUW:Xz", longopts, NULL)) != -1) {
		switch (c) {
		case '4':
			if (v6) {
				log_error("-4 and -6 are mutually exclusive");
				return EXIT_USAGE;
			}
			v4 = true;
			break;
		case '6':
			if (v4) {
				log_error("-4 and -6 are mutually exclusive");
				return EXIT_USAGE;
			}
			v6 = true;
			o->f.afi = AFI_IPV6;
			break;
		case '7':
			if (!vendor_set || o->f.vendor != FILTER_MIKROTIK6) {
				log_error("'7' can only be used after -K");
				return EXIT_USAGE;
			}
			o->f.vendor = FILTER_MIKROTIK7;
			break;
		case '2':
			if (!vendor_set || o->f.vendor != FILTER_NOKIA_MD) {
				log_error("'2' can only be used after -n");
				return EXIT_USAGE;
			}
			o->f.vendor = FILTER_NOKIA_SRL;
			break;
		case 'a':
			if (parse_asn_arg(optarg, &o->f.asnumber) < 0) {
				log_error("-a: invalid AS number: %s", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'A': o->aggregate = true; break;
		case 'b': if (set_vendor(o, FILTER_BIRD, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'B': if (set_vendor(o, FILTER_OPENBGPD, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'e':
			if (set_vendor(o, FILTER_ARISTA, &vendor_set) < 0)
				return EXIT_USAGE;
			o->f.sequence = true;
			break;
		case 'E': if (set_gen(o, FILTER_GEN_EACL) < 0) return EXIT_USAGE; break;
		case 'F':
			if (set_vendor(o, FILTER_FORMAT, &vendor_set) < 0)
				return EXIT_USAGE;
			o->f.format = optarg;
			if (filter_format_ok(optarg, &why) < 0) {
				log_error("%s", why);
				return EXIT_USAGE;
			}
			break;
		case 'f':
		case 'G':
		case 'H':
			if (set_gen(o, c == 'f' ? FILTER_GEN_ASPATH : c == 'G' ? FILTER_GEN_OASPATH : FILTER_GEN_ASLIST) < 0)
				return EXIT_USAGE;
			if (parse_asn_arg(optarg, &o->f.asnumber) < 0) {
				log_error("-%c: invalid AS number: %s", c, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
		case OPT_JSON:
			if (set_vendor(o, FILTER_JSON, &vendor_set) < 0)
				return EXIT_USAGE;
			break;
		case 'J': if (set_vendor(o, FILTER_JUNIPER, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'K': if (set_vendor(o, FILTER_MIKROTIK6, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'l':
			if (!*optarg || strlen(optarg) > FILTER_MAX_NAME) {
				log_error("-l: a name of 1 to %d characters", FILTER_MAX_NAME);
				return EXIT_USAGE;
			}
			o->f.name = optarg;
			break;
		case 'L':
			if (parse_uint(optarg, 1, IRR_MAX_DEPTH, &v) < 0) {
				log_error("-L: invalid maximum recursion: %s (1 to %d)", optarg, IRR_MAX_DEPTH);
				return EXIT_USAGE;
			}
			o->x.depth = (unsigned)v;
			break;
		case 'm':
			if (parse_uint(optarg, 1, 128, &v) < 0) {
				log_error("-m: invalid maxlen: %s", optarg);
				return EXIT_USAGE;
			}
			o->maxlen = (unsigned)v;
			o->maxlen_set = true;
			break;
		case 'M':
			free(*match_buf);
			if (!(*match_buf = unescape_match(optarg, &why))) {
				log_error("%s", why);
				return EXIT_USAGE;
			}
			o->f.match = *match_buf;
			break;
		case 'n': if (set_vendor(o, FILTER_NOKIA_MD, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'N': if (set_vendor(o, FILTER_NOKIA, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'p': o->x.special_asns = true; break;
		case 'q': o->quiet = true; break;
		case 'r':
		case 'R':
			if (parse_uint(optarg, 1, 128, &v) < 0) {
				log_error("-%c: invalid length: %s", c, optarg);
				return EXIT_USAGE;
			}
			if (c == 'r')
				o->refine_low = (unsigned)v;
			else
				o->refine = (unsigned)v;
			break;
		case 's': o->f.sequence = true; break;
		case 'S': o->x.sources = optarg; break;
		case 't': if (set_gen(o, FILTER_GEN_ASSET) < 0) return EXIT_USAGE; break;
		case 'u': if (set_vendor(o, FILTER_HUAWEI_XPL, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'U': if (set_vendor(o, FILTER_HUAWEI, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'W':
			if (parse_uint(optarg, 0, 100000, &v) < 0) {
				log_error("-W: invalid as-width: %s", optarg);
				return EXIT_USAGE;
			}
			o->f.aswidth = (unsigned)v;
			o->aswidth_set = true;
			break;
		case 'X': if (set_vendor(o, FILTER_CISCO_XR, &vendor_set) < 0) return EXIT_USAGE; break;
		case 'z': if (set_gen(o, FILTER_GEN_RFLIST) < 0) return EXIT_USAGE; break;
		case OPT_RPSL: o->files[o->nfiles++] = optarg; break;
		case OPT_COMPAT:
			if (!strcmp(optarg, "1.9"))
				o->f.compat = FILTER_COMPAT_1_9;
			else if (!strcmp(optarg, "1.16"))
				o->f.compat = FILTER_COMPAT_1_16;
			else {
				log_error("--compat: 1.9 or 1.16, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
		case OPT_HELP:
			fputs(FILTER_USAGE, stdout);
			return -1;
		default:
			fputs(FILTER_USAGE, stderr);
			return EXIT_USAGE;
		}
	}
	o->objs = argv + optind;
	o->nobjs = (size_t)(argc - optind);
	if (!o->nobjs) {
		log_error("no OBJECT given");
		fputs(FILTER_USAGE, stderr);
		return EXIT_USAGE;
	}
	if (o->nobjs > FILTER_MAX_OBJECTS) {
		log_error("more than %d OBJECTs", FILTER_MAX_OBJECTS);
		return EXIT_USAGE;
	}
	if (!o->nfiles) {
		log_error("no --rpsl FILE given");
		return EXIT_USAGE;
	}
	if (o->x.sources) {
		struct irr_db tmp;
		unsigned unknown;
		irr_db_init(&tmp);
		int r = irr_db_set_sources(&tmp, o->x.sources, &unknown, &why);
		irr_db_free(&tmp);
		if (r < 0) {
			log_error("-S: %s", why);
			return EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < o->nobjs; i++) {
		if (!strcmp(o->objs[i], "EXCEPT"))
			continue;
		if (filter_object_ok(o->objs[i], &why) < 0) {
			log_error("%s: %s", o->objs[i], why);
			return EXIT_USAGE;
		}
	}

	if (o->f.gen == FILTER_GEN_NONE)
		o->f.gen = FILTER_GEN_PREFIXLIST;
	if (!o->aswidth_set)
		o->f.aswidth = filter_default_aswidth(o->f.vendor, o->f.gen);
	unsigned fmax = o->f.afi == AFI_IPV6 ? 128 : 32;
	if ((why = filter_check_opts(&o->f, o->aggregate, o->refine, o->refine_low))) {
		log_error("%s", why);
		return EXIT_USAGE;
	}
	if (o->refine_low && !o->refine)
		o->refine = fmax;
	if (o->refine > fmax || o->refine_low > fmax || (o->refine_low && o->refine_low > o->refine)) {
		log_error("-r/-R: lengths 1 to %u, -r not above -R", fmax);
		return EXIT_USAGE;
	}
	if (o->maxlen_set && o->maxlen > fmax) {
		log_error("-m: invalid value for max-prefixlen: %u (1-%u)", o->maxlen, fmax);
		return EXIT_USAGE;
	}
	/* bgpq4 keeps no limit at all when -m names the family's longest
	 * length, and its ranges then admit nothing past the prefix itself:
	 * 0 carries that through. */
	o->x.maxlen = !o->maxlen_set ? fmax : o->maxlen < fmax ? o->maxlen : 0;
	o->x.afi = o->f.afi;
	o->x.prefixes = o->f.gen >= FILTER_GEN_PREFIXLIST;
	o->x.as_trans_special = o->f.compat != FILTER_COMPAT_1_9;
	return EXIT_OK;
}

static void list_report(const char *what, const struct irr_strs *s, size_t total)
{
	if (!s->n)
		return;
	char line[600];
	size_t n = 0;
	for (size_t i = 0; i < s->n && i < 20 && n < sizeof line - 100; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", i ? " " : "", s->v[i]);
	if (total > 20)
		snprintf(line + n, sizeof line - n, " ...");
	log_error("%s (%zu): %s", what, total, line);
}

int cmd_filter(int argc, char **argv)
{
	struct fopts o;
	memset(&o, 0, sizeof o);
	char *match = NULL;
	int rc = parse(argc, argv, &o, &match);
	if (rc != EXIT_OK) {
		free(o.files);
		free(match);
		return rc < 0 ? EXIT_OK : rc;
	}
	log_set_quiet(o.quiet);

	struct irr_db db;
	irr_db_init(&db);
	rc = load(&db, &o);
	if (rc == EXIT_FAIL) {
		irr_db_free(&db);
		free(o.files);
		free(match);
		return EXIT_FAIL;
	}

	struct filter_tree t;
	struct filter_asns asns = { 0 };
	struct filter_report rep;
	memset(&rep, 0, sizeof rep);
	filter_tree_init(&t, o.f.afi);
	const char *why;
	if (filter_expand(&db, o.objs, o.nobjs, &o.x, &t, &asns, &rep, &why) < 0) {
		log_error("%s", why);
		rc = EXIT_USAGE;
		goto out;
	}
	if (rep.truncated) {
		/* A filter missing prefixes would drop routes once deployed. */
		log_error("more than %u prefixes: no filter printed", FILTER_MAX_NODES);
		rc = EXIT_FAIL;
		goto out;
	}
	if (o.refine)
		filter_tree_refine(&t, o.refine);
	if (o.refine_low)
		filter_tree_refine_low(&t, o.refine_low);
	if (o.aggregate)
		filter_tree_aggregate(&t);

	if (o.f.compat == FILTER_COMPAT_1_9)
		for (size_t i = 0; i < rep.checking.n; i++)
			printf("Checking %s\n", rep.checking.v[i]);
	int pr = o.f.gen >= FILTER_GEN_PREFIXLIST ? filter_print_prefixes(stdout, &t, &o.f)
						   : filter_print_asns(stdout, &asns, &o.f);
	if (pr < 0) {
		log_error("this output syntax cannot print this kind of filter");
		rc = EXIT_USAGE;
		goto out;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("write error on standard output");
		rc = EXIT_FAIL;
		goto out;
	}
	list_report("sets not found", &rep.missing, rep.missing.n);
	list_report("AS numbers refused (private, documentation or reserved; -p keeps them)", &rep.rejected,
		    rep.rejected.n);
	if (rep.cycles && !o.quiet)
		log_info("%" PRIu64 " loops between sets found (each followed once)", rep.cycles);
	if ((rep.missing.n || rep.rejected.n) && rc == EXIT_OK)
		rc = EXIT_SKIPPED;
out:
	filter_report_free(&rep);
	filter_asns_free(&asns);
	filter_tree_free(&t);
	irr_db_free(&db);
	free(o.files);
	free(match);
	return rc;
}
