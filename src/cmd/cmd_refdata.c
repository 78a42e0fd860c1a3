/*
 * `manrs refdata`: load and check reference data (bogons, RIR delegation
 * stats, CAIDA AS relationships, PeeringDB, Spoofer results) and answer
 * single questions about them: is this a bogon, which RIR delegated this,
 * how do these two ASes relate, is this AS path valley-free.
 */
#include "cmd/cmd.h"
#include "irr/irr.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "refdata/bogons.h"
#include "refdata/peeringdb.h"
#include "net/text.h"
#include "refdata/rirstats.h"
#include "refdata/spoofer.h"
#include "rpki/vrp.h"
#include "topo/asrel.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

static const char USAGE[] =
	"usage: manrs refdata <command> [options] ARG...\n"
	"\n"
	"Reference data: bogons, RIR delegation stats, AS relationships, PeeringDB,\n"
	"CAIDA Spoofer results. Files may be plain, gzip, bzip2, xz or zstd.\n"
	"\n"
	"  check DIR|FILE...        load every reference-data file found (directories\n"
	"                           are walked) and report per source: what it is,\n"
	"                           counts, dates covered, what was skipped and why\n"
	"  bogon PREFIX|ASN...      full bogon (IANA special-purpose registries, built\n"
	"                           in, with the RFC) or administrative bogon (space\n"
	"                           or ASNs no RIR delegated: --bogons, --stats)\n"
	"  bogon --list             the built-in tables, tab-separated\n"
	"  rir PREFIX|ASN... --stats FILE...\n"
	"                           registry, country, status and date of the\n"
	"                           delegation (several RIRs' files merge)\n"
	"  asrel A [B] --asrel FILE...\n"
	"                           how A relates to B; without B, A's providers,\n"
	"                           customers, peers and customer-cone size\n"
	"  valley PATH --asrel FILE...\n"
	"                           valley-free check of an AS path written as in\n"
	"                           AS_PATH, nearest AS first, origin last (\"3356 174\n"
	"                           65001\" or 3356,174,65001): the first leak and its\n"
	"                           RFC 7908 type (1 to 4)\n"
	"  peeringdb ASN... --peeringdb FILE|DIR...\n"
	"                           PeeringDB network, contacts, IRR as-set, IXes\n"
	"  spoofer ASN|PREFIX... --spoofer FILE...\n"
	"                           CAIDA Spoofer tests: received (no SAV), blocked,\n"
	"                           rewritten\n"
	"\n"
	"Options:\n"
	"  --bogons FILE     a Team Cymru fullbogons list (repeatable)\n"
	"  --stats FILE      RIR delegated(-extended) stats (repeatable)\n"
	"  --asrel FILE      CAIDA serial-1 or serial-2 relationships (repeatable)\n"
	"  --peeringdb PATH  PeeringDB API page, dump, or a directory of them\n"
	"  --spoofer FILE    Spoofer Data API JSON(L) or Shadowserver CSV\n"
	"  --time            check: print each file's load time\n"
	"  -q, --quiet       no warnings about skipped lines on stderr\n"
	"\n"
	"Exit status: 0 done, 1 a file could not be read, 2 usage, 3 some input\n"
	"was skipped or a file contradicts itself (e.g. its summary counts).\n";

#define MAX_TALLY 16

/* Skipped input of one file, by reason. */
struct tally {
	const char *reason[MAX_TALLY];
	uint64_t n[MAX_TALLY], first[MAX_TALLY];
	bool json[MAX_TALLY];
	unsigned count;
	uint64_t total;
};

struct run {
	const char **bogons, **stats, **asrel, **pdb, **spoofer;
	size_t n_bogons, n_stats, n_asrel, n_pdb, n_spoofer;
	bool list, timing;
	bool failed;           /* a file could not be read */
	uint64_t skipped;      /* lines or objects skipped, all files */
	uint64_t inconsistent; /* self-contradictions (summary counts) */
	struct tally cur;      /* of the file being loaded */
};

static void tally_add(struct tally *t, const char *reason, uint64_t where, bool json)
{
	t->total++;
	for (unsigned i = 0; i < t->count; i++) {
		if (t->reason[i] == reason || !strcmp(t->reason[i], reason)) {
			t->n[i]++;
			return;
		}
	}
	if (t->count == MAX_TALLY)
		return;
	t->reason[t->count] = reason;
	t->n[t->count] = 1;
	t->first[t->count] = where;
	t->json[t->count] = json;
	t->count++;
}

static void print_tally(const struct tally *t)
{
	printf("  skipped: %" PRIu64 "\n", t->total);
	for (unsigned i = 0; i < t->count; i++) {
		if (t->json[i])
			printf("    %" PRIu64 " %s (first: data[%" PRIu64 "])\n", t->n[i], t->reason[i], t->first[i]);
		else
			printf("    %" PRIu64 " %s (first: line %" PRIu64 ")\n", t->n[i], t->reason[i], t->first[i]);
	}
}

/* One callback for every line-oriented loader (their typedefs agree). */
static void bad_line(const char *file, uint64_t lineno, const char *reason, void *ctx)
{
	struct run *r = ctx;
	r->skipped++;
	tally_add(&r->cur, reason, lineno, false);
	log_input(reason, "%s: line %" PRIu64 ": %s", file, lineno, reason);
}

struct bogon_ctx {
	struct run *r;
	const char *file;
};

static void bad_bogon_line(uint64_t lineno, const char *reason, void *ctx)
{
	struct bogon_ctx *c = ctx;
	bad_line(c->file, lineno, reason, c->r);
}

static void bad_pdb(const char *file, enum pdb_type t, size_t index, uint32_t id, const char *reason, void *ctx)
{
	struct run *r = ctx;
	r->skipped++;
	tally_add(&r->cur, reason, index, true);
	log_input(reason, "%s: data[%zu] (%s id %" PRIu32 "): %s", file, index, pdb_type_name(t), id, reason);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Reads a whole file; on failure says why and marks the run failed. */
static char *read_all(struct run *r, const char *path, size_t *len, const char **fmt)
{
	char *buf, err[512];
	if (text_read_file(path, TEXT_MAX_FILE, &buf, len, fmt, err, sizeof err) < 0) {
		log_error("%s", err);
		r->failed = true;
		return NULL;
	}
	return buf;
}

/* ---- loaders shared by the lookups ---- */

static void load_bogon_lists(struct run *r, struct bogons *b)
{
	for (size_t i = 0; i < r->n_bogons; i++) {
		size_t len;
		char *buf = read_all(r, r->bogons[i], &len, NULL);
		if (!buf)
			continue;
		struct bogons_list_report rep;
		struct bogon_ctx c = { r, r->bogons[i] };
		bogons_parse_list(b, buf, len, bogons_add_source(b, r->bogons[i]), &rep, bad_bogon_line, &c);
		free(buf);
	}
	bogons_finish(b);
}

static void warn_inconsistent(struct run *r, const struct rirstats_file *f)
{
	char msgs[4][160];
	int n = rirstats_inconsistencies(f, msgs, 4);
	for (int i = 0; i < n; i++)
		log_info("%s: %s", f->name, msgs[i]);
	r->inconsistent += (uint64_t)n;
}

static void load_stats(struct run *r, struct rirstats *rs)
{
	for (size_t i = 0; i < r->n_stats; i++) {
		size_t len;
		char *buf = read_all(r, r->stats[i], &len, NULL);
		if (!buf)
			continue;
		int idx = rirstats_parse(rs, r->stats[i], buf, len, bad_line, r);
		free(buf);
		if (idx < 0) {
			log_error("%s: more than %u stats files", r->stats[i], RIRSTATS_MAX_FILES);
			r->failed = true;
			continue;
		}
		warn_inconsistent(r, &rs->files[idx]);
	}
	rirstats_finish(rs);
}

static void load_asrel(struct run *r, struct asrel *as)
{
	for (size_t i = 0; i < r->n_asrel; i++) {
		char err[512];
		if (asrel_load_file(as, r->asrel[i], bad_line, r, err, sizeof err) < 0) {
			log_error("%s", err);
			r->failed = true;
		}
	}
	asrel_finish(as);
	for (size_t i = 0; i < as->n_files; i++)
		if (as->files[i].conflicts)
			log_info("%s: %" PRIu64 " links listed again with another relationship (first at line %" PRIu64
				 "); the first listing is kept",
				 as->files[i].name, as->files[i].conflicts, as->files[i].first_conflict_line);
}

static void load_spoofer(struct run *r, struct spoofer *sp)
{
	for (size_t i = 0; i < r->n_spoofer; i++) {
		size_t len;
		char *buf = read_all(r, r->spoofer[i], &len, NULL);
		if (!buf)
			continue;
		int idx = spoofer_parse(sp, r->spoofer[i], buf, len, bad_line, r);
		free(buf);
		if (idx >= 0 && sp->files[idx].error) {
			log_error("%s: %s", r->spoofer[i], sp->files[idx].error);
			r->failed = true;
		}
	}
	spoofer_finish(sp);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every regular file under dir (sorted, dot-files skipped), depth-limited. */
static void walk(const char *path, int depth, char ***out, size_t *n, size_t *cap)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		log_error("%s: %s", path, strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*out = xrealloc(*out, *cap * sizeof **out);
		}
		(*out)[(*n)++] = xstrdup(path);
		return;
	}
	if (depth > 16)
		return;
	DIR *d = opendir(path);
	if (!d) {
		log_error("%s: %s", path, strerror(errno));
		return;
	}
	char **names = NULL;
	size_t nn = 0, nc = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (nn == nc) {
			nc = nc ? 2 * nc : 64;
			names = xrealloc(names, nc * sizeof *names);
		}
		size_t len = strlen(path) + strlen(de->d_name) + 2;
		names[nn] = xmalloc(len);
		snprintf(names[nn], len, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
		nn++;
	}
	closedir(d);
	if (nn)
		qsort(names, nn, sizeof *names, cmp_str);
	for (size_t i = 0; i < nn; i++) {
		walk(names[i], depth + 1, out, n, cap);
		free(names[i]);
	}
	free(names);
}

static void load_pdb(struct run *r, struct peeringdb *db)
{
	char **files = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < r->n_pdb; i++)
		walk(r->pdb[i], 0, &files, &n, &cap);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *buf = read_all(r, files[i], &len, NULL);
		if (buf) {
			int idx = pdb_parse(db, files[i], buf, len, bad_pdb, r);
			free(buf);
			if (idx >= 0 && db->files[idx].error) {
				log_error("%s: %s", files[i], db->files[idx].error);
				r->failed = true;
			}
		}
		free(files[i]);
	}
	free(files);
	pdb_finish(db);
}

static int finish_rc(struct run *r)
{
	log_input_summary();
	if (fflush(stdout) != 0) {
		log_error("write error on standard output");
		return EXIT_FAIL;
	}
	if (r->failed)
		return EXIT_FAIL;
	return r->skipped || r->inconsistent ? EXIT_SKIPPED : EXIT_OK;
}

/* ---- bogon ---- */

static void print_bogon_list(void)
{
	size_t n;
	const struct bogon_entry *e = bogon_entries(&n);
	static const char *tables[] = { "special-purpose", "reserved", "deprecated" };
	printf("prefix\tname\trfc\ttable\tsource\tdestination\tforwardable\tglobally_reachable\t"
	       "reserved_by_protocol\tbogon\twhy\n");
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e[i].prefix, e[i].name, e[i].rfc,
		       tables[e[i].table], bogon_tri_name(e[i].source), bogon_tri_name(e[i].destination),
		       bogon_tri_name(e[i].forwardable), bogon_tri_name(e[i].global), bogon_tri_name(e[i].reserved),
		       e[i].bogon ? "yes" : "no", e[i].why);
	const struct bogon_asn_entry *a = bogon_asn_entries(&n);
	printf("\nasn\tname\trfc\tbogon\twhy\n");
	for (size_t i = 0; i < n; i++) {
		if (a[i].lo == a[i].hi)
			printf("%" PRIu32, a[i].lo);
		else
			printf("%" PRIu32 "-%" PRIu32, a[i].lo, a[i].hi);
		printf("\t%s\t%s\t%s\t%s\n", a[i].name, a[i].rfc, a[i].bogon ? "yes" : "no", a[i].why);
	}
}

static void print_admin(const struct bogons *b, const struct bogon_admin *a)
{
	if (a->rir)
		printf(" (%s %s, %s)", rir_name(a->rir), rir_status_name(a->status), b->sources[a->source]);
	else
		printf(" (%s)", b->sources[a->source]);
}

static void bogon_prefix(const struct bogons *b, const char *arg, const struct prefix *p)
{
	struct bogon_match m;
	char buf[PREFIX_STRLEN];
	bogons_check_prefix(b, p, &m);
	printf("%s: %s", arg, bogon_kind_name(m.kind));
	switch (m.kind) {
	case BOGON_FULL:
		printf(": inside %s %s (%s): %s", m.entry->prefix, m.entry->name, m.entry->rfc, m.entry->why);
		break;
	case BOGON_FULL_SPANS:
		printf(": contains %s %s (%s)", m.spans->prefix, m.spans->name, m.spans->rfc);
		break;
	case BOGON_ADMIN:
	case BOGON_ADMIN_SPANS:
		prefix_fmt(&m.admin_block, buf);
		printf(": %s undelegated block %s", m.kind == BOGON_ADMIN ? "inside" : "contains", buf);
		print_admin(b, m.admin);
		break;
	case BOGON_NOT:
		if (m.entry)
			printf(": special-purpose %s %s (%s): %s", m.entry->prefix, m.entry->name, m.entry->rfc,
			       m.entry->why);
		break;
	}
	putchar('\n');
}

static void bogon_asn(const struct bogons *b, const char *arg, uint32_t asn)
{
	struct bogon_asn_match m;
	bogons_check_asn(b, asn, &m);
	printf("%s: %s", arg, bogon_kind_name(m.kind));
	if (m.entry) {
		printf(": special-purpose ");
		if (m.entry->lo == m.entry->hi)
			printf("AS%" PRIu32, m.entry->lo);
		else
			printf("AS%" PRIu32 "-AS%" PRIu32, m.entry->lo, m.entry->hi);
		printf(" %s (%s): %s", m.entry->name, m.entry->rfc, m.entry->why);
	} else if (m.admin) {
		if (m.admin->lo == m.admin->hi)
			printf(": undelegated AS%" PRIu32, m.admin->lo);
		else
			printf(": undelegated range AS%" PRIu32 "-AS%" PRIu32, m.admin->lo, m.admin->hi);
		struct bogon_admin a = { m.admin->source, m.admin->status, m.admin->rir };
		print_admin(b, &a);
	}
	putchar('\n');
}

/* An argument is an ASN if it parses as one and has no '/' '.' or ':'
 * (asdot "1.10" is taken as an ASN only with an "AS" prefix). */
static bool parse_asn_arg(const char *s, uint32_t *asn)
{
	if (strpbrk(s, "/:") || (strchr(s, '.') && strncasecmp(s, "as", 2) != 0))
		return false;
	return asn_parse(s, asn) == 0;
}

static bool parse_prefix_arg(const char *s, struct prefix *p) { return prefix_parse(s, p) == 0; }

static int run_bogon(struct run *r, int argc, char **argv)
{
	if (r->list) {
		print_bogon_list();
		return finish_rc(r);
	}
	if (argc < 1) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	struct bogons *b = bogons_new();
	load_bogon_lists(r, b);
	if (r->n_stats) {
		struct rirstats *rs = rirstats_new();
		load_stats(r, rs);
		rirstats_add_bogons(rs, b);
		rirstats_free(rs);
	}
	int rc = EXIT_OK;
	for (int i = 0; i < argc; i++) {
		uint32_t asn;
		struct prefix p;
		if (parse_asn_arg(argv[i], &asn))
			bogon_asn(b, argv[i], asn);
		else if (parse_prefix_arg(argv[i], &p))
			bogon_prefix(b, argv[i], &p);
		else {
			log_error("bogon: '%s' is neither a prefix nor an AS number", argv[i]);
			rc = EXIT_USAGE;
		}
	}
	bogons_free(b);
	int frc = finish_rc(r);
	return rc != EXIT_OK ? rc : frc;
}

/* ---- rir ---- */

static void print_record(const struct rirstats *rs, const struct rir_record *rec)
{
	char date[16];
	text_fmt_date8(rec->date, date);
	printf("%s %s %s %s", rir_name(rec->rir), rec->cc[0] ? rec->cc : "--", rir_status_name(rec->status), date);
	if (rec->type == RIR_T_ASN) {
		if (rec->lo != rec->hi)
			printf(" range AS%" PRIu32 "-AS%" PRIu32, rec->lo, rec->hi);
	} else {
		char buf[PREFIX_STRLEN];
		prefix_fmt(&rec->pfx, buf);
		printf(" block %s", buf);
		if (rec->type == RIR_T_IPV4)
			printf(" (record of %" PRIu64 " addresses)", rec->value);
	}
	if (rec->opaque)
		printf(" id %s", text_str(&rs->strings, rec->opaque));
	printf(" (%s line %" PRIu32 ")\n", rs->files[rec->file].name, rec->line);
}

static int run_rir(struct run *r, int argc, char **argv)
{
	if (argc < 1 || !r->n_stats) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	struct rirstats *rs = rirstats_new();
	load_stats(r, rs);
	int rc = EXIT_OK;
	for (int i = 0; i < argc; i++) {
		uint32_t asn;
		struct prefix p;
		const struct rir_record *rec;
		if (parse_asn_arg(argv[i], &asn)) {
			rec = rirstats_asn(rs, asn);
		} else if (parse_prefix_arg(argv[i], &p)) {
			rec = rirstats_prefix(rs, &p);
		} else {
			log_error("rir: '%s' is neither a prefix nor an AS number", argv[i]);
			rc = EXIT_USAGE;
			continue;
		}
		printf("%s: ", argv[i]);
		if (rec)
			print_record(rs, rec);
		else
			printf("not in the stats\n");
	}
	rirstats_free(rs);
	int frc = finish_rc(r);
	return rc != EXIT_OK ? rc : frc;
}

/* ---- asrel, valley ---- */

static int run_asrel(struct run *r, int argc, char **argv)
{
	uint32_t a, b = 0;
	if (argc < 1 || argc > 2 || !r->n_asrel) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	if (!parse_asn_arg(argv[0], &a) || (argc == 2 && !parse_asn_arg(argv[1], &b))) {
		log_error("asrel: AS numbers expected");
		return EXIT_USAGE;
	}
	struct asrel *as = asrel_new();
	load_asrel(r, as);
	if (argc == 2) {
		printf("AS%" PRIu32 " is %s AS%" PRIu32 "\n", a, asrel_rel_name(asrel_get(as, a, b)), b);
	} else {
		size_t np, nc, nq;
		asrel_neighbours(as, a, 0, &np);
		asrel_neighbours(as, a, 1, &nc);
		asrel_neighbours(as, a, 2, &nq);
		uint32_t cone = asrel_cone_size(as, a);
		if (!cone)
			printf("AS%" PRIu32 ": not in the relationship data\n", a);
		else
			printf("AS%" PRIu32 ": %zu providers, %zu customers, %zu peers; customer cone %" PRIu32 " ASes\n", a,
			       np, nc, nq, cone);
	}
	asrel_free(as);
	return finish_rc(r);
}

/* "3356 174 65001", "3356,174,65001" or several arguments. */
static int parse_path(int argc, char **argv, uint32_t **path, size_t *n)
{
	size_t cap = 16;
	*path = xmalloc(cap * sizeof **path);
	*n = 0;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		while (*s) {
			while (*s == ' ' || *s == ',' || *s == '\t')
				s++;
			if (!*s)
				break;
			char word[32];
			size_t k = 0;
			while (*s && *s != ' ' && *s != ',' && *s != '\t') {
				if (k + 1 >= sizeof word)
					return -1;
				word[k++] = *s++;
			}
			word[k] = 0;
			uint32_t asn;
			if (asn_parse(word, &asn) < 0)
				return -1;
			if (*n == cap) {
				cap *= 2;
				*path = xrealloc(*path, cap * sizeof **path);
			}
			(*path)[(*n)++] = asn;
		}
	}
	return *n ? 0 : -1;
}

static const char *hop_word(enum asrel_rel rel)
{
	/* rel is how the leaker relates to the neighbour. */
	switch (rel) {
	case ASREL_C2P: return "provider";
	case ASREL_P2C: return "customer";
	case ASREL_P2P: return "peer";
	case ASREL_NONE: break;
	}
	return "neighbour";
}

static int run_valley(struct run *r, int argc, char **argv)
{
	uint32_t *path;
	size_t n;
	if (argc < 1 || !r->n_asrel) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	if (parse_path(argc, argv, &path, &n) < 0) {
		free(path);
		log_error("valley: the path must be AS numbers separated by spaces or commas");
		return EXIT_USAGE;
	}
	struct asrel *as = asrel_new();
	load_asrel(r, as);
	struct asrel_vf v;
	asrel_valley(as, path, n, &v);
	printf("path:");
	for (size_t i = 0; i < n; i++)
		printf(" %" PRIu32, path[i]);
	printf(" (%zu ASes without prepends)\n", v.ases);
	switch (v.status) {
	case ASREL_VF_VALID:
		printf("valley-free: every link known\n");
		break;
	case ASREL_VF_LEAK:
		printf("leak: AS%" PRIu32 " sent a route from its %s AS%" PRIu32 " to its %s AS%" PRIu32 "\n", v.leaker,
		       hop_word(asrel_get(as, v.leaker, v.from)), v.from, hop_word(asrel_get(as, v.leaker, v.to)), v.to);
		printf("type: %s\n", asrel_leak_type_name(v.leak_type));
		break;
	case ASREL_VF_UNKNOWN:
		printf("unknown: no leak among the known links; no relationship known between AS%" PRIu32
		       " and AS%" PRIu32 " (%zu of %zu links unknown)\n",
		       v.unknown_a, v.unknown_b, v.unknown_links, v.ases ? v.ases - 1 : 0);
		break;
	case ASREL_VF_EMPTY:
		printf("empty path\n");
		break;
	}
	if (v.status == ASREL_VF_LEAK && v.unknown_links)
		printf("unknown links: %zu\n", v.unknown_links);
	free(path);
	asrel_free(as);
	return finish_rc(r);
}

/* ---- peeringdb, spoofer ---- */

static int run_peeringdb(struct run *r, int argc, char **argv)
{
	if (argc < 1 || !r->n_pdb) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	struct peeringdb *db = pdb_new();
	load_pdb(r, db);
	int rc = EXIT_OK;
	for (int i = 0; i < argc; i++) {
		uint32_t asn;
		if (!parse_asn_arg(argv[i], &asn)) {
			log_error("peeringdb: '%s' is not an AS number", argv[i]);
			rc = EXIT_USAGE;
			continue;
		}
		struct pdb_asn a;
		pdb_lookup_asn(db, asn, &a);
		if (!a.net && !a.n_nix) {
			printf("AS%" PRIu32 ": not in PeeringDB data\n", asn);
			continue;
		}
		if (a.net) {
			printf("AS%" PRIu32 ": net %" PRIu32 " \"%s\"", asn, a.net->id, pdb_str(db, a.net->name));
			if (a.org)
				printf(", org \"%s\"", pdb_str(db, a.org->name));
			printf("\n  irr_as_set: %s\n", a.net->irr_as_set ? pdb_str(db, a.net->irr_as_set) : "(none)");
			printf("  contacts: %zu\n", a.n_poc);
			for (size_t k = 0; k < a.n_poc; k++)
				printf("    %s (%s) %s %s %s\n", pdb_str(db, a.poc[k].role), pdb_str(db, a.poc[k].visible),
				       a.poc[k].name ? pdb_str(db, a.poc[k].name) : "-",
				       a.poc[k].email ? pdb_str(db, a.poc[k].email) : "-",
				       a.poc[k].phone ? pdb_str(db, a.poc[k].phone) : "-");
		} else {
			printf("AS%" PRIu32 ": no net object\n", asn);
		}
		printf("  ix memberships: %zu\n", a.n_nix);
		for (size_t k = 0; k < a.n_nix; k++) {
			const struct pdb_netixlan *x = &a.nix[k];
			const struct pdb_ix *ix = pdb_ix_by_id(db, x->ix_id);
			char ip4[IP_STRLEN] = "-", ip6[IP_STRLEN] = "-";
			if (x->ip4.afi)
				ip_fmt(&x->ip4, ip4);
			if (x->ip6.afi)
				ip_fmt(&x->ip6, ip6);
			printf("    %s (ix %" PRIu32 "): %s %s %" PRIu32 " Mbit/s%s\n",
			       ix ? pdb_str(db, ix->name) : pdb_str(db, x->name), x->ix_id, ip4, ip6, x->speed,
			       x->is_rs_peer ? ", route-server peer" : "");
		}
	}
	pdb_free(db);
	int frc = finish_rc(r);
	return rc != EXIT_OK ? rc : frc;
}

static void print_test(const struct spoofer_test *t)
{
	char when[24], pfx[PREFIX_STRLEN] = "-";
	text_fmt_time(t->time, when);
	if (t->client.afi)
		prefix_fmt(&t->client, pfx);
	printf("  %s session %" PRIu32 " AS%" PRIu32 " %s routed %s private %s nat %s%s%s\n", when, t->session, t->asn,
	       pfx, spoofer_outcome_name(t->routed), spoofer_outcome_name(t->privat),
	       t->nat < 0 ? "?" : t->nat ? "yes" : "no", t->cc[0] ? " " : "", t->cc);
}

static int print_test_cb(const struct spoofer_test *t, void *ctx)
{
	(*(size_t *)ctx)++;
	print_test(t);
	return 0;
}

static int run_spoofer(struct run *r, int argc, char **argv)
{
	if (argc < 1 || !r->n_spoofer) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	struct spoofer *sp = spoofer_new();
	load_spoofer(r, sp);
	int rc = EXIT_OK;
	for (int i = 0; i < argc; i++) {
		uint32_t asn;
		struct prefix p;
		if (parse_asn_arg(argv[i], &asn)) {
			struct spoofer_summary s;
			spoofer_summarise(sp, asn, 0, 0, &s);
			printf("AS%" PRIu32 ": %" PRIu64 " tests: received %" PRIu64 ", blocked %" PRIu64
			       ", rewritten %" PRIu64 ", unknown %" PRIu64 "; %" PRIu64
			       " prefixes with spoofed packets received\n",
			       asn, s.tests, s.routed[SPOOF_RECEIVED], s.routed[SPOOF_BLOCKED], s.routed[SPOOF_REWRITTEN],
			       s.routed[SPOOF_UNKNOWN] + s.routed[SPOOF_NONE], s.received_prefixes);
			size_t n;
			const struct spoofer_test *t = spoofer_by_asn(sp, asn, &n);
			for (size_t k = 0; k < n; k++)
				print_test(&t[k]);
		} else if (parse_prefix_arg(argv[i], &p)) {
			printf("%s:\n", argv[i]);
			size_t n = 0;
			spoofer_by_prefix(sp, &p, print_test_cb, &n);
			if (!n)
				printf("  no tests\n");
		} else {
			log_error("spoofer: '%s' is neither a prefix nor an AS number", argv[i]);
			rc = EXIT_USAGE;
		}
	}
	spoofer_free(sp);
	int frc = finish_rc(r);
	return rc != EXIT_OK ? rc : frc;
}

/* ---- check ---- */

enum kind {
	K_UNKNOWN, K_EMPTY, K_DOC, K_MRT, K_BINARY, K_BOGONS, K_RIR, K_ASREL, K_PDB, K_SPOOFER, K_VRP, K_SLURM,
	K_IRR, K_SPAMHAUS, K_PREFIXES, K_JSON, K_XML,
};

static bool is_rir_name(struct text_view v)
{
	static const char *const n[] = { "afrinic", "apnic", "arin", "lacnic", "ripencc", "iana", "nro" };
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
		if (text_eq(v, n[i]))
			return true;
	return false;
}

static bool view_has(struct text_view v, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= v.len; i++)
		if (!memcmp(v.p + i, s, n))
			return true;
	return false;
}

static bool is_digits(struct text_view v)
{
	if (!v.len)
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
	return true;
}

/* RPSL classes that mark an IRR dump. */
static bool is_rpsl_line(struct text_view l)
{
	static const char *const cls[] = { "route:", "route6:", "aut-num:", "as-set:", "route-set:", "mntner:",
					   "as-block:", "filter-set:", "inetnum:", "inet6num:", "person:", "role:",
					   "organisation:", "peering-set:", "rtr-set:", "inet-rtr:", "key-cert:" };
	for (size_t i = 0; i < sizeof cls / sizeof cls[0]; i++)
		if (text_starts(l, cls[i]))
			return true;
	return false;
}

static enum kind sniff(const char *name, const char *buf, size_t len)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t bl = strlen(base);
	if (!strncmp(base, "README", 6) || !strncmp(base, "LICENSE", 7) || (bl > 3 && !strcmp(base + bl - 3, ".md")))
		return K_DOC;
	if (len == 0)
		return K_EMPTY;
	size_t probe = len < 4096 ? len : 4096;
	if (memchr(buf, 0, probe)) {
		/* An MRT common header (RFC 6396 section 2): type at offset 4. */
		if (len >= 12) {
			unsigned type = (unsigned)((unsigned char)buf[4] << 8 | (unsigned char)buf[5]);
			if (type == 12 || type == 13 || type == 16 || type == 17 || type == 5)
				return K_MRT;
		}
		return K_BINARY;
	}
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	struct text_view head = { buf, len < 65536 ? len : 65536 };
	if (i < len && (buf[i] == '{' || buf[i] == '[')) {
		if (view_has(head, "\"routedspoof\"") || view_has(head, "\"hydra:member\""))
			return K_SPOOFER;
		if (view_has(head, "\"slurmVersion\""))
			return K_SLURM;
		if (view_has(head, "\"roas\"") || view_has(head, "\"aspas\"") ||
		    view_has(head, "\"provider_authorizations\""))
			return K_VRP;
		if (view_has(head, "\"data\""))
			return K_PDB;
		return K_JSON;
	}
	if (i < len && buf[i] == '<')
		return K_XML;
	struct text_lines l;
	struct text_view line;
	bool last_updated = false, topology = false;
	int seen = 0;
	text_lines_init(&l, buf, len);
	while (text_lines_next(&l, &line) && seen < 50) {
		struct text_view t = text_trim(line);
		if (!t.len)
			continue;
		if (t.p[0] == ';')
			continue; /* Spamhaus comments */
		if (t.p[0] == '#') {
			if (view_has(t, "last updated"))
				last_updated = true;
			if (view_has(t, "source:topology") || view_has(t, "clique:"))
				topology = true;
			continue;
		}
		seen++;
		struct text_view f[8];
		int nf = text_split(t, '|', f, 7);
		if (nf >= 6 && nf <= 8 && (is_rir_name(f[0]) || is_rir_name(f[1])))
			return K_RIR;
		/* A version line of a registry we do not know: the loader will
		 * say what is wrong with each record. */
		if (nf == 7 && f[0].len && f[0].p[0] >= '0' && f[0].p[0] <= '9' && is_digits(f[2]) && is_digits(f[3]))
			return K_RIR;
		if ((nf == 3 || nf == 4) && is_digits(f[0]) && is_digits(f[1]) && (text_eq(f[2], "-1") || text_eq(f[2], "0")))
			return K_ASREL;
		if (view_has(t, "routedspoof"))
			return K_SPOOFER;
		if (is_rpsl_line(t))
			return K_IRR;
		if (view_has(t, "ASN") && view_has(t, "Prefix"))
			return K_VRP;
		/* OpenBGPD roa-set/aspa-set, BIRD 1 "roa" and BIRD 2 "route" lines. */
		if (text_starts(t, "roa-set") || text_starts(t, "aspa-set") ||
		    ((text_starts(t, "roa ") || text_starts(t, "route ")) && view_has(t, " max ") && view_has(t, " as ")))
			return K_VRP;
		size_t n = 0;
		while (n < t.len && t.p[n] != ' ' && t.p[n] != ';' && t.p[n] != '\t')
			n++;
		struct prefix p;
		struct text_view pv = { t.p, n };
		if (text_prefix(pv, &p, true) == 0) {
			if (view_has(t, "; SBL"))
				return K_SPAMHAUS;
			if (last_updated || strstr(base, "bogon"))
				return K_BOGONS;
			return K_PREFIXES;
		}
		if (topology)
			return K_ASREL;
		return K_UNKNOWN;
	}
	return topology ? K_ASREL : K_UNKNOWN;
}

struct check {
	struct run *r;
	struct bogons *bogons;
	struct rirstats *rs;
	struct asrel *as;
	struct peeringdb *db;
	struct spoofer *sp;
	struct vrp_table vrps;
	struct irr_db irr;
	size_t files, recognised, hooked, unrecognised, vrp_files, irr_files;
	uint64_t admin_from_lists;
};

static void print_dates(const char *label, uint32_t a, uint32_t b)
{
	char x[16], y[16];
	text_fmt_date8(a, x);
	text_fmt_date8(b, y);
	printf("  %s: %s .. %s\n", label, x, y);
}

static bool check_rir(struct check *c, const char *name, const char *buf, size_t len, const char *fmt)
{
	int idx = rirstats_parse(c->rs, name, buf, len, bad_line, c->r);
	if (idx < 0) {
		printf("%s: RIR delegation stats, not loaded: more than %u files\n", name, RIRSTATS_MAX_FILES);
		c->r->failed = true;
		return false;
	}
	const struct rirstats_file *f = &c->rs->files[idx];
	printf("%s: RIR delegation stats (%s, version %s, %s)\n", name,
	       f->rir ? rir_name(f->rir) : f->registry[0] ? f->registry : "?",
	       f->have_header ? f->version : "none", fmt);
	printf("  records: %" PRIu64 " (asn %" PRIu64 ", ipv4 %" PRIu64 ", ipv6 %" PRIu64 ")",
	       f->records[0] + f->records[1] + f->records[2], f->records[0], f->records[1], f->records[2]);
	for (int s = 1; s < 5; s++)
		if (f->by_status[s])
			printf("; %s %" PRIu64, rir_status_name((uint8_t)s), f->by_status[s]);
	printf("\n  CIDR blocks: %" PRIu64 "\n", f->blocks);
	print_dates("record dates", f->min_date, f->max_date);
	if (f->have_header) {
		char x[16], y[16];
		text_fmt_date8(f->start_date, x);
		text_fmt_date8(f->end_date, y);
		printf("  version line: serial %" PRIu64 ", %s .. %s, %" PRIu64 " records declared\n", f->serial, x, y,
		       f->declared_records);
	}
	char msgs[4][160];
	int n = rirstats_inconsistencies(f, msgs, 4);
	for (int i = 0; i < n; i++)
		printf("  inconsistent: %s\n", msgs[i]);
	c->r->inconsistent += (uint64_t)n;
	return true;
}

static bool check_asrel(struct check *c, const char *name, const char *buf, size_t len, const char *fmt)
{
	int idx = asrel_parse(c->as, name, buf, len, bad_line, c->r);
	if (idx < 0) {
		printf("%s: AS relationships, not loaded: more than %u files\n", name, ASREL_MAX_FILES);
		c->r->failed = true;
		return false;
	}
	const struct asrel_file *f = &c->as->files[idx];
	printf("%s: AS relationships (CAIDA serial-%d, %s)\n", name, f->serial ? f->serial : 1, fmt);
	printf("  links: %" PRIu64 " (provider-customer %" PRIu64 ", peer %" PRIu64 ")\n", f->links, f->p2c, f->p2p);
	if (f->serial == 2)
		printf("  sources: bgp %" PRIu64 ", mlp %" PRIu64 ", other %" PRIu64 "\n", f->src_bgp, f->src_mlp,
		       f->src_other);
	if (f->sources)
		print_dates("dates of the source data", f->min_date, f->max_date);
	if (f->n_clique) {
		printf("  clique:");
		for (uint32_t i = 0; i < f->n_clique; i++)
			printf(" %" PRIu32, f->clique[i]);
		putchar('\n');
	}
	return true;
}

static bool check_bogons(struct check *c, const char *name, const char *buf, size_t len, const char *fmt)
{
	struct bogons_list_report rep;
	struct bogon_ctx bc = { c->r, name };
	bogons_parse_list(c->bogons, buf, len, bogons_add_source(c->bogons, name), &rep, bad_bogon_line, &bc);
	printf("%s: bogon prefix list (Team Cymru fullbogons format, %s)\n", name, fmt);
	printf("  prefixes: %" PRIu64 " (IPv4 %" PRIu64 ", IPv6 %" PRIu64 "); %" PRIu64
	       " inside built-in full bogons, the rest administrative\n",
	       rep.prefixes, rep.v4, rep.v6, rep.special);
	if (rep.updated >= 0) {
		char when[24];
		text_fmt_time(rep.updated, when);
		printf("  updated: %s\n", when);
	}
	c->admin_from_lists += rep.prefixes;
	return true;
}

static bool check_pdb(struct check *c, const char *name, const char *buf, size_t len, const char *fmt)
{
	int idx = pdb_parse(c->db, name, buf, len, bad_pdb, c->r);
	if (idx < 0) {
		printf("%s: PeeringDB, not loaded: more than %u files\n", name, PDB_MAX_FILES);
		c->r->failed = true;
		return false;
	}
	const struct pdb_file *f = &c->db->files[idx];
	if (f->error) {
		printf("%s: skipped: JSON, not PeeringDB: %s\n", name, f->error);
		return false;
	}
	printf("%s: PeeringDB (%s)\n", name, fmt);
	printf("  objects:");
	bool any = false;
	for (int t = 0; t <= PDB_NTYPES; t++) {
		if (!f->objects[t])
			continue;
		printf(" %s %" PRIu64 "%s", pdb_type_name((enum pdb_type)t), f->objects[t], t >= PDB_FAC ? " (counted only)" : "");
		any = true;
	}
	printf("%s\n", any ? "" : " none");
	if (f->duplicates)
		printf("  duplicates (same id again, first kept): %" PRIu64 "\n", f->duplicates);
	if (f->updated_min[0])
		printf("  updated: %s .. %s\n", f->updated_min, f->updated_max);
	return true;
}

static bool check_spoofer(struct check *c, const char *name, const char *buf, size_t len, const char *fmt)
{
	int idx = spoofer_parse(c->sp, name, buf, len, bad_line, c->r);
	if (idx < 0) {
		printf("%s: Spoofer results, not loaded: more than %u files\n", name, SPOOFER_MAX_FILES);
		c->r->failed = true;
		return false;
	}
	const struct spoofer_file *f = &c->sp->files[idx];
	if (f->error) {
		printf("%s: skipped: not Spoofer results: %s\n", name, f->error);
		return false;
	}
	printf("%s: CAIDA Spoofer results (%s, %s)\n", name, f->format, fmt);
	printf("  sessions: %" PRIu64 ", tests: %" PRIu64 "\n", f->records, f->tests);
	if (f->tests) {
		char a[24], b[24];
		text_fmt_time(f->min_time, a);
		text_fmt_time(f->max_time, b);
		printf("  dates: %s .. %s\n", a, b);
	}
	return true;
}

static void bad_vrp(const char *where, const char *reason, void *ctx)
{
	struct run *r = ctx;
	r->skipped++;
	tally_add(&r->cur, reason, 0, false);
	log_input(reason, "%s: %s", where, reason);
}

static bool check_vrp(struct check *c, const char *name, const char *buf, size_t len, const char *fmt)
{
	/* Loaded by the rpki module (src/rpki/vrp.h). */
	struct vrp_load_opts o = { .format = VRP_FMT_AUTO, .bad = bad_vrp, .ctx = c->r };
	struct vrp_load_report rep;
	memset(&rep, 0, sizeof rep);
	if (vrp_load_mem(&c->vrps, buf, len, &o, &rep) < 0) {
		printf("%s: skipped: RPKI VRPs, not loaded: %s\n", name, rep.error);
		return false;
	}
	c->vrp_files++;
	printf("%s: RPKI VRPs (%s, %s)\n", name, rep.flavour ? rep.flavour : vrp_format_name(rep.format), fmt);
	printf("  VRPs: %zu, ASPAs: %zu, other records: %zu\n", rep.vrps, rep.aspas, rep.other);
	return true;
}

/* RPSL dumps are loaded by the irr module (src/irr/irr.h). */
static void irr_report(void *ctx, const char *file, const struct rpsl_object *obj)
{
	struct run *r = ctx;
	if (!obj->reason)
		return; /* kept with ignored members: not a skip */
	r->skipped++;
	tally_add(&r->cur, obj->reason, obj->err_line, false);
	log_input(obj->reason, "%s: line %" PRIu64 ": %s", file, obj->err_line, obj->reason);
}

static bool check_irr(struct check *c, const char *name, const char *buf, size_t len, const char *fmt)
{
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	irr_db_load_mem(&c->irr, buf, len, irr_report, c->r, &st);
	c->irr_files++;
	printf("%s: IRR (RPSL) data (%s)\n", name, fmt);
	printf("  objects: %" PRIu64 ", stored %" PRIu64 ", duplicates %" PRIu64 ", of other classes %" PRIu64 "\n",
	       st.objects, st.added, st.duplicates,
	       st.objects >= st.added + st.duplicates + st.malformed ? st.objects - st.added - st.duplicates - st.malformed
								       : 0);
	return true;
}

static void check_file(struct check *c, const char *path)
{
	struct run *r = c->r;
	size_t len;
	const char *fmt = "plain";
	memset(&r->cur, 0, sizeof r->cur);
	double t0 = now_ms();
	char *buf = read_all(r, path, &len, &fmt);
	c->files++;
	if (!buf) {
		printf("%s: unreadable\n", path);
		c->unrecognised++;
		return;
	}
	enum kind k = sniff(path, buf, len);
	bool loaded = false, hooked = false;
	switch (k) {
	case K_RIR: loaded = check_rir(c, path, buf, len, fmt); break;
	case K_ASREL: loaded = check_asrel(c, path, buf, len, fmt); break;
	case K_BOGONS: loaded = check_bogons(c, path, buf, len, fmt); break;
	case K_PDB: loaded = check_pdb(c, path, buf, len, fmt); break;
	case K_SPOOFER: loaded = check_spoofer(c, path, buf, len, fmt); break;
	case K_VRP: loaded = check_vrp(c, path, buf, len, fmt); break;
	case K_IRR: loaded = check_irr(c, path, buf, len, fmt); break;
	case K_SLURM:
		printf("%s: RPKI SLURM file (%s): used by 'manrs rov', not checked here\n", path, fmt);
		hooked = true;
		break;
	default: {
		static const char *const why[] = {
			[K_UNKNOWN] = "not recognised", [K_EMPTY] = "empty", [K_DOC] = "documentation",
			[K_MRT] = "MRT routing data (see 'manrs mrt stats')", [K_BINARY] = "binary, not recognised",
			[K_SPAMHAUS] = "Spamhaus DROP list (hijacked space, not bogons): not loaded",
			[K_PREFIXES] = "a list of prefixes (name it *bogons* to load it as a bogon list)",
			[K_JSON] = "JSON, not recognised", [K_XML] = "XML, not recognised",
		};
		printf("%s: skipped: %s\n", path, why[k] ? why[k] : "not recognised");
		break;
	}
	}
	free(buf);
	if (loaded) {
		c->recognised++;
		print_tally(&r->cur);
	} else if (hooked) {
		c->hooked++;
	} else {
		c->unrecognised++;
	}
	if (r->timing)
		printf("  load time: %.1f ms\n", now_ms() - t0);
}

static void check_totals(struct check *c)
{
	size_t n;
	const struct bogon_entry *e = bogon_entries(&n);
	size_t v4 = 0, v6 = 0, res = 0, dep = 0, bog = 0, na;
	for (size_t i = 0; i < n; i++) {
		if (e[i].table == BOGON_TBL_SPECIAL)
			strchr(e[i].prefix, ':') ? v6++ : v4++;
		else if (e[i].table == BOGON_TBL_RESERVED)
			res++;
		else
			dep++;
		bog += e[i].bogon;
	}
	const struct bogon_asn_entry *ae = bogon_asn_entries(&na);
	size_t abog = 0;
	for (size_t i = 0; i < na; i++)
		abog += ae[i].bogon;
	printf("totals:\n");
	printf("  built-in bogons: %zu special-purpose prefixes (IPv4 %zu, IPv6 %zu), %zu reserved, %zu deprecated; "
	       "%zu of them bogons; %zu special-purpose ASN ranges, %zu of them bogons\n",
	       v4 + v6, v4, v6, res, dep, bog, na, abog);
	if (c->rs->n_files) {
		size_t added = rirstats_add_bogons(c->rs, c->bogons);
		uint64_t dup_blocks = 0, dup_asns = 0;
		rirstats_finish(c->rs);
		for (size_t i = 0; i < c->rs->n_files; i++) {
			dup_blocks += c->rs->files[i].dup_blocks;
			dup_asns += c->rs->files[i].dup_asns;
		}
		printf("  RIR stats: %zu files merged: %zu ASN ranges, %zu CIDR blocks; %" PRIu64
		       " blocks and %" PRIu64 " ASN ranges listed by an earlier record (first kept); "
		       "%zu undelegated (available or reserved) blocks and ranges\n",
		       c->rs->n_files, c->rs->n_asn, c->rs->pfx.count, dup_blocks, dup_asns, added);
	}
	if (c->admin_from_lists || c->rs->n_files)
		printf("  administrative bogons: %zu prefixes, %zu ASN ranges\n", c->bogons->admin.count,
		       c->bogons->n_asn_admin);
	if (c->as->n_files) {
		size_t ases = asrel_count_ases(c->as);
		uint64_t dups = 0, conf = 0;
		for (size_t i = 0; i < c->as->n_files; i++) {
			dups += c->as->files[i].duplicates;
			conf += c->as->files[i].conflicts;
		}
		printf("  AS relationships: %zu files: %zu distinct links (provider-customer %" PRIu64 ", peer %" PRIu64
		       "), %zu ASes; %" PRIu64 " repeated links, %" PRIu64 " conflicting\n",
		       c->as->n_files, c->as->n_links, c->as->n_p2c, c->as->n_p2p, ases, dups, conf);
		c->r->inconsistent += conf;
	}
	if (c->db->n_files) {
		pdb_finish(c->db);
		uint64_t other = 0;
		for (int t = PDB_FAC; t < PDB_NTYPES; t++)
			other += c->db->other[t];
		printf("  PeeringDB: net %zu, org %zu, poc %zu, ix %zu, ixlan %zu, ixpfx %zu, netixlan %zu; "
		       "%" PRIu64 " objects of other types\n",
		       c->db->n_net, c->db->n_org, c->db->n_poc, c->db->n_ix, c->db->n_ixlan, c->db->n_ixpfx,
		       c->db->n_nix, other);
	}
	if (c->sp->n_files) {
		spoofer_finish(c->sp);
		uint64_t recv = 0, dups = 0;
		for (size_t i = 0; i < c->sp->n; i++)
			recv += c->sp->t[i].routed == SPOOF_RECEIVED;
		for (size_t i = 0; i < c->sp->n_files; i++)
			dups += c->sp->files[i].duplicates;
		printf("  Spoofer: %zu tests (%" PRIu64 " received: source address validation missing); %" PRIu64
		       " tests already read from another file\n",
		       c->sp->n, recv, dups);
	}
	if (c->irr_files) {
		uint64_t cls[RPSL_NCLASSES] = { 0 };
		for (unsigned i = 0; i < c->irr.nsources; i++)
			for (int k = 0; k < RPSL_NCLASSES; k++)
				cls[k] += c->irr.counts[i][k];
		printf("  IRR: %zu files, %u sources: route %" PRIu64 ", route6 %" PRIu64 ", aut-num %" PRIu64
		       ", as-set %" PRIu64 ", route-set %" PRIu64 "\n",
		       c->irr_files, c->irr.nsources, cls[RPSL_ROUTE], cls[RPSL_ROUTE6], cls[RPSL_AUT_NUM], cls[RPSL_AS_SET],
		       cls[RPSL_ROUTE_SET]);
	}
	if (c->vrp_files) {
		vrp_table_finish(&c->vrps);
		printf("  RPKI VRPs: %zu files, %zu distinct VRPs\n", c->vrp_files, vrp_table_count(&c->vrps));
	}
	printf("  files: %zu read, %zu loaded, %zu left to other commands, %zu skipped; %" PRIu64
	       " lines or objects skipped; %" PRIu64 " inconsistencies\n",
	       c->files, c->recognised, c->hooked, c->unrecognised, c->r->skipped, c->r->inconsistent);
}

static int run_check(struct run *r, int argc, char **argv)
{
	if (argc < 1) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	struct check c;
	memset(&c, 0, sizeof c);
	c.r = r;
	c.bogons = bogons_new();
	c.rs = rirstats_new();
	c.as = asrel_new();
	c.db = pdb_new();
	c.sp = spoofer_new();
	vrp_table_init(&c.vrps);
	irr_db_init(&c.irr);
	char **files = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < argc; i++) {
		size_t before = n;
		walk(argv[i], 0, &files, &n, &cap);
		if (n == before) {
			struct stat st;
			if (stat(argv[i], &st) != 0)
				r->failed = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		check_file(&c, files[i]);
		free(files[i]);
	}
	free(files);
	check_totals(&c);
	bogons_free(c.bogons);
	rirstats_free(c.rs);
	asrel_free(c.as);
	pdb_free(c.db);
	spoofer_free(c.sp);
	vrp_table_free(&c.vrps);
	irr_db_free(&c.irr);
	return finish_rc(r);
}

/* ---- dispatch ---- */

static void push(const char ***arr, size_t *n, const char *v)
{
	*arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
	(*arr)[(*n)++] = v;
}

int cmd_refdata(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(USAGE, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	static const struct option longopts[] = {
		{ "bogons", required_argument, NULL, 'b' },  { "stats", required_argument, NULL, 's' },
		{ "asrel", required_argument, NULL, 'a' },   { "peeringdb", required_argument, NULL, 'p' },
		{ "spoofer", required_argument, NULL, 'S' }, { "list", no_argument, NULL, 'l' },
		{ "time", no_argument, NULL, 't' },          { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
	};
	const char *sub = argv[1];
	if (!strcmp(sub, "load"))
		return cmd_refdata_load(argc - 1, argv + 1);
	static const char *const subs[] = { "check", "bogon", "rir", "asrel", "valley", "peeringdb", "spoofer" };
	bool known = false;
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		known |= !strcmp(sub, subs[i]);
	if (!known) {
		fprintf(stderr, "manrs refdata: unknown command '%s'\n\n%s", sub, USAGE);
		return EXIT_USAGE;
	}
	struct run r;
	memset(&r, 0, sizeof r);
	int c;
	optind = 1;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': push(&r.bogons, &r.n_bogons, optarg); break;
		case 's': push(&r.stats, &r.n_stats, optarg); break;
		case 'a': push(&r.asrel, &r.n_asrel, optarg); break;
		case 'p': push(&r.pdb, &r.n_pdb, optarg); break;
		case 'S': push(&r.spoofer, &r.n_spoofer, optarg); break;
		case 'l': r.list = true; break;
		case 't': r.timing = true; break;
		case 'q': log_set_quiet(1); break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	int rc;
	if (!strcmp(sub, "check"))
		rc = run_check(&r, argc, argv);
	else if (!strcmp(sub, "bogon"))
		rc = run_bogon(&r, argc, argv);
	else if (!strcmp(sub, "rir"))
		rc = run_rir(&r, argc, argv);
	else if (!strcmp(sub, "asrel"))
		rc = run_asrel(&r, argc, argv);
	else if (!strcmp(sub, "valley"))
		rc = run_valley(&r, argc, argv);
	else if (!strcmp(sub, "peeringdb"))
		rc = run_peeringdb(&r, argc, argv);
	else
		rc = run_spoofer(&r, argc, argv);
	free(r.bogons);
	free(r.stats);
	free(r.asrel);
	free(r.pdb);
	free(r.spoofer);
	return rc;
}
