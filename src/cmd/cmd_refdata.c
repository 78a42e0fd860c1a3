/*
 * `manrs refdata`: load and check reference data (bogons, RIR delegation
 * stats, CAIDA AS relationships, PeeringDB, Spoofer results) and answer
 * single questions about them: is this a bogon, which RIR delegated this,
 * how do these two ASes relate, is this AS path valley-free.
 */
#include "cmd/cmd.h"
#include "irr/irr.h"
#include "irr/rpsl_sniff.h"
#include "lib/input.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "mrt/mrt_sniff.h"
#include "refdata/bogons.h"
#include "refdata/peeringdb.h"
#include "net/text.h"
#include "refdata/rirstats.h"
#include "refdata/spoofer.h"
#include "rpki/aspa_verify.h"
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
#include <unistd.h>

static const char USAGE[] =
	"usage: manrs refdata <command> [options] ARG...\n"
	"\n"
	"Reference data: bogons, RIR delegation stats, AS relationships, PeeringDB,\n"
	"CAIDA Spoofer results. Files may be plain, gzip, bzip2, xz or zstd.\n"
	"\n"
	"  load --kind KIND FILE... keep dated snapshots of reference data in the\n"
	"                           Observatory's database (--db FILE); see\n"
	"                           'manrs refdata load --help'\n"
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

/* ---- input: a bounded head first, the rest only for a known kind ---- */

/* Bytes (decompressed) read from the start of a file to decide what it is,
 * before anything else is read. Every sniffer decides on its first lines. */
#define HEAD_MAX (64u * 1024)
_Static_assert(HEAD_MAX >= VRP_SNIFF_HEAD, "the head holds what vrp_format_sniff looks at");

/* One file being read: lib/input (plain or compressed) and its head. */
struct src {
	const char *path;
	struct input *in;
	char *head;       /* HEAD_MAX + 1 bytes, NUL-terminated */
	size_t len;       /* bytes in head */
	const char *fmt;  /* "plain", "gzip", ... */
};

static void src_close(struct src *s)
{
	if (s->in)
		input_close(s->in);
	free(s->head);
	memset(s, 0, sizeof *s);
}

/* Says why a file cannot be used ("manrs: FILE: reason", the path once)
 * and marks the run failed. */
static void fail(struct run *r, const char *path, const char *why)
{
	log_error("%s: %s", path, why);
	r->failed = true;
}

/* Opens path and peeks at its head (not consumed: the loaders read the
 * whole stream from its start). A directory is refused before it is
 * opened. Returns 0, or -1 after saying why (the run is marked failed). */
static int src_open(struct run *r, struct src *s, const char *path)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fail(r, path, strerror(EISDIR));
		return -1;
	}
	char err[512];
	s->in = input_open(path, err, sizeof err);
	if (!s->in) {
		log_error("%s: %s", path, err);
		r->failed = true;
		return -1;
	}
	s->head = xmalloc(HEAD_MAX + 1);
	s->len = input_peek(s->in, s->head, HEAD_MAX);
	s->head[s->len] = 0;
	s->fmt = input_format(s->in);
	if (s->len < HEAD_MAX && input_error(s->in)) {
		fail(r, path, input_error(s->in));
		src_close(s);
		return -1;
	}
	return 0;
}

/* The whole file in one NUL-terminated buffer the caller frees, at most
 * TEXT_MAX_FILE bytes (net's text_read_input); closes s. NULL after
 * saying why. */
static char *src_read_all(struct run *r, struct src *s, size_t *len)
{
	char *b, why[256];
	if (text_read_input(s->in, TEXT_MAX_FILE, &b, len, why, sizeof why) < 0) {
		fail(r, s->path, why);
		b = NULL;
	}
	src_close(s);
	return b;
}

/* Hands the whole file to feed in pieces of HEAD_MAX bytes (memory stays
 * that of the head buffer); closes s. Returns 0,
 * or -1 after saying why (a read error, a damaged compressed stream). */
static int src_stream(struct run *r, struct src *s, void (*feed)(void *ctx, const char *p, size_t n), void *ctx)
{
	size_t n;
	while ((n = input_read(s->in, s->head, HEAD_MAX)) > 0)
		feed(ctx, s->head, n);
	int rc = 0;
	if (input_error(s->in)) {
		fail(r, s->path, input_error(s->in));
		rc = -1;
	}
	src_close(s);
	return rc;
}

static void feed_pdb(void *ctx, const char *p, size_t n) { pdb_reader_feed(ctx, p, n); }
static void feed_spoofer(void *ctx, const char *p, size_t n) { spoofer_reader_feed(ctx, p, n); }

/* Refuses a file whose head says it is not of the kind an option wants:
 * a load that fails is an error (exit 1) and no answer is given. */
static bool src_is(struct run *r, struct src *s, bool ok, const char *not_what)
{
	if (ok)
		return true;
	fail(r, s->path, s->len ? not_what : "empty file");
	src_close(s);
	return false;
}

/* ---- loaders shared by the lookups ---- */

static void load_bogon_lists(struct run *r, struct bogons *b)
{
	for (size_t i = 0; i < r->n_bogons; i++) {
		struct src s;
		size_t len;
		if (src_open(r, &s, r->bogons[i]) < 0)
			continue;
		enum bogons_sniff_kind k = bogons_sniff(s.path, s.head, s.len);
		if (!src_is(r, &s, k != BOGONS_SNIFF_DROP,
			    "a Spamhaus DROP list (hijacked space, not bogons): not loaded") ||
		    !src_is(r, &s, k != BOGONS_SNIFF_NO, "not a bogon list: its first line is not a prefix"))
			continue;
		char *buf = src_read_all(r, &s, &len);
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
		struct src s;
		size_t len;
		if (src_open(r, &s, r->stats[i]) < 0 ||
		    !src_is(r, &s, rirstats_sniff(s.head, s.len), "not RIR delegation stats (no version or record line)"))
			continue;
		char *buf = src_read_all(r, &s, &len);
		if (!buf)
			continue;
		int idx = rirstats_parse(rs, r->stats[i], buf, len, bad_line, r);
		free(buf);
		if (idx < 0) {
			char why[64];
			snprintf(why, sizeof why, "more than %u stats files", RIRSTATS_MAX_FILES);
			fail(r, r->stats[i], why);
			continue;
		}
		warn_inconsistent(r, &rs->files[idx]);
	}
	rirstats_finish(rs);
}

static void load_asrel(struct run *r, struct asrel *as)
{
	for (size_t i = 0; i < r->n_asrel; i++) {
		struct src s;
		size_t len;
		if (src_open(r, &s, r->asrel[i]) < 0 ||
		    !src_is(r, &s, asrel_sniff(s.head, s.len), "not CAIDA AS relationships (no a|b|rel line)"))
			continue;
		char *buf = src_read_all(r, &s, &len);
		if (!buf)
			continue;
		int idx = asrel_parse(as, r->asrel[i], buf, len, bad_line, r);
		free(buf);
		if (idx < 0) {
			char why[64];
			snprintf(why, sizeof why, "more than %u relationship files", ASREL_MAX_FILES);
			fail(r, r->asrel[i], why);
		}
	}
	asrel_finish(as);
	for (size_t i = 0; i < as->n_files; i++)
		if (as->files[i].conflicts)
			log_info("%s: %" PRIu64 " links listed again with another relationship (first at line %" PRIu64
				 "); the first listing is kept",
				 as->files[i].name, as->files[i].conflicts, as->files[i].first_conflict_line);
}

/* Loads one Spoofer file whose head was read, streaming; false if it
 * failed (*idx_out is its index, or -1 past SPOOFER_MAX_FILES). */
static bool load_spoofer_src(struct run *r, struct spoofer *sp, struct src *s, int *idx_out)
{
	const char *path = s->path;
	*idx_out = -1;
	struct spoofer_reader *rd = spoofer_reader_new(sp, path, bad_line, r);
	if (!rd) {
		char why[64];
		snprintf(why, sizeof why, "more than %u Spoofer files", SPOOFER_MAX_FILES);
		fail(r, path, why);
		src_close(s);
		return false;
	}
	int st = src_stream(r, s, feed_spoofer, rd);
	int idx = spoofer_reader_end(rd);
	*idx_out = idx;
	if (st < 0)
		return false;
	if (sp->files[idx].error) {
		fail(r, path, sp->files[idx].error);
		return false;
	}
	return true;
}

static void load_spoofer(struct run *r, struct spoofer *sp)
{
	for (size_t i = 0; i < r->n_spoofer; i++) {
		struct src s;
		int idx;
		if (src_open(r, &s, r->spoofer[i]) < 0 ||
		    !src_is(r, &s, spoofer_sniff(s.head, s.len),
			    "not Spoofer results (neither Spoofer API JSON nor a CSV with a routedspoof column)"))
			continue;
		load_spoofer_src(r, sp, &s, &idx);
	}
	spoofer_finish(sp);
}

/* Loads one PeeringDB file whose head was read, streaming; false if it
 * failed (*idx_out is its index, or -1 past PDB_MAX_FILES). */
static bool load_pdb_src(struct run *r, struct peeringdb *db, struct src *s, int *idx_out)
{
	const char *path = s->path;
	*idx_out = -1;
	struct pdb_reader *rd = pdb_reader_new(db, path, bad_pdb, r);
	if (!rd) {
		char why[64];
		snprintf(why, sizeof why, "more than %u PeeringDB files", PDB_MAX_FILES);
		fail(r, path, why);
		src_close(s);
		return false;
	}
	int st = src_stream(r, s, feed_pdb, rd);
	int idx = pdb_reader_end(rd);
	*idx_out = idx;
	if (st < 0)
		return false;
	if (db->files[idx].error) {
		fail(r, path, db->files[idx].error);
		return false;
	}
	return true;
}

/* ---- directory walk ---- */

/* Directories below a named one that are walked; deeper ones are reported
 * and skipped (a hand-made tree never needs more). */
#define WALK_MAX_DEPTH 16

/* A file found by the walk, or an entry skipped with the reason. */
struct entry {
	char *path;
	const char *skip;  /* static; NULL for a regular file to read */
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static void add_entry(struct entries *e, const char *path, const char *skip)
{
	e->v = xgrow(e->v, &e->cap, e->n + 1, sizeof *e->v);
	e->v[e->n].path = xstrdup(path);
	e->v[e->n].skip = skip;
	e->n++;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *not_regular(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO, not a regular file";
	if (S_ISSOCK(m))
		return "a socket, not a regular file";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device, not a regular file";
	return "not a regular file";
}

/* Lists dir's entries (dot-files left out), sorted, and walks each:
 * regular files (or symbolic links to them) are kept; directories are
 * entered up to WALK_MAX_DEPTH; symbolic links to directories are not
 * followed (a link to "." would never end); FIFOs, sockets and devices are
 * skipped, never opened (opening a FIFO blocks). */
static void walk_dir(struct run *r, const char *dir, int depth, struct entries *out)
{
	DIR *d = opendir(dir);
	if (!d) {
		fail(r, dir, strerror(errno));
		return;
	}
	char **names = NULL;
	size_t nn = 0, nc = 0, dl = strlen(dir);
	bool slash = dl && dir[dl - 1] == '/';
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xgrow(names, &nc, nn + 1, sizeof *names);
		size_t len = dl + strlen(de->d_name) + 2;
		names[nn] = xmalloc(len);
		snprintf(names[nn], len, "%s%s%s", dir, slash ? "" : "/", de->d_name);
		nn++;
	}
	closedir(d);
	if (nn)
		qsort(names, nn, sizeof *names, cmp_str);
	for (size_t i = 0; i < nn; i++) {
		struct stat st;
		const char *p = names[i];
		if (lstat(p, &st) != 0) {
			fail(r, p, strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			if (stat(p, &st) != 0)
				add_entry(out, p, "symbolic link to nothing");
			else if (S_ISDIR(st.st_mode))
				add_entry(out, p, "symbolic link to a directory, not followed");
			else
				add_entry(out, p, S_ISREG(st.st_mode) ? NULL : not_regular(st.st_mode));
		} else if (S_ISDIR(st.st_mode)) {
			if (depth + 1 > WALK_MAX_DEPTH)
				add_entry(out, p, "directory more than 16 levels down, not walked");
			else
				walk_dir(r, p, depth + 1, out);
		} else {
			add_entry(out, p, S_ISREG(st.st_mode) ? NULL : not_regular(st.st_mode));
		}
		free(names[i]);
	}
	free(names);
}

/* A path named on the command line: a directory is walked; a regular file
 * is taken; anything else (a FIFO, /dev/stdin) is taken if `named_ok`, as
 * the user named it (--peeringdb <(zcat dump.gz)), else skipped as in a
 * directory (check reads a file's head, then may open it again). */
static void walk(struct run *r, const char *path, struct entries *out, bool named_ok)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fail(r, path, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk_dir(r, path, 0, out);
	else
		add_entry(out, path, S_ISREG(st.st_mode) || named_ok ? NULL : not_regular(st.st_mode));
}

static void free_entries(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].path);
	free(e->v);
}

static void load_pdb(struct run *r, struct peeringdb *db)
{
	struct entries e = { 0 };
	for (size_t i = 0; i < r->n_pdb; i++) {
		size_t before = e.n;
		struct stat st;
		walk(r, r->pdb[i], &e, true);
		if (e.n == before && stat(r->pdb[i], &st) == 0 && S_ISDIR(st.st_mode))
			fail(r, r->pdb[i], "no files in this directory");
	}
	for (size_t i = 0; i < e.n; i++) {
		struct src s;
		int idx;
		if (e.v[i].skip) {
			log_info("%s: skipped: %s", e.v[i].path, e.v[i].skip);
			r->skipped++;
			continue;
		}
		if (src_open(r, &s, e.v[i].path) < 0 ||
		    !src_is(r, &s, pdb_sniff(s.head, s.len), "not PeeringDB JSON (no object with a \"data\" key)"))
			continue;
		load_pdb_src(r, db, &s, &idx);
	}
	free_entries(&e);
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
	if (r->failed) {
		bogons_free(b);
		return finish_rc(r);
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
	if (r->failed) {
		rirstats_free(rs);
		return finish_rc(r);
	}
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
	if (r->failed) {
		asrel_free(as);
		return finish_rc(r);
	}
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

/* The path of `valley`: the arguments joined, commas between ASNs read as
 * blanks ("3356,174,65001"), parsed by aspa_path_parse (the one AS-path
 * text parser). Only AS_SEQUENCE segments have a valley-free meaning.
 * Returns 0, or -1 with *why. */
static int parse_path(int argc, char **argv, struct bgp_path *p, const char **why)
{
	size_t len = 0;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *s = xmalloc(len + 1), *o = s;
	for (int i = 0; i < argc; i++) {
		for (const char *c = argv[i]; *c; c++)
			*o++ = *c == ',' ? ' ' : *c;
		*o++ = ' ';
	}
	*o = 0;
	int rc = aspa_path_parse(s, (size_t)(o - s), p, why);
	free(s);
	if (rc < 0)
		return -1;
	for (uint32_t i = 0; i < p->nseg; i++) {
		if (p->seg[i].type != BGP_AS_SEQUENCE) {
			*why = "a set or confederation segment has no valley-free meaning";
			return -1;
		}
	}
	if (!p->nasn) {
		*why = "no AS number";
		return -1;
	}
	return 0;
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
	struct bgp_path bp;
	const char *why;
	memset(&bp, 0, sizeof bp);
	if (argc < 1 || !r->n_asrel) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	if (parse_path(argc, argv, &bp, &why) < 0) {
		aspa_path_release(&bp);
		log_error("valley: the path must be AS numbers separated by spaces or commas: %s", why);
		return EXIT_USAGE;
	}
	const uint32_t *path = bp.asn;
	size_t n = bp.nasn;
	struct asrel *as = asrel_new();
	load_asrel(r, as);
	if (r->failed) {
		aspa_path_release(&bp);
		asrel_free(as);
		return finish_rc(r);
	}
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
	aspa_path_release(&bp);
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
	if (r->failed) {
		pdb_free(db);
		return finish_rc(r);
	}
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
	if (r->failed) {
		spoofer_free(sp);
		return finish_rc(r);
	}
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

/* What a file is, from its name (documentation) and its head. The order
 * matters where rules overlap: PeeringDB's ("data") is the weakest. Each
 * rule belongs to the module that loads the kind. */
static enum kind sniff(const char *name, const char *buf, size_t len)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t bl = strlen(base);
	if (!strncmp(base, "README", 6) || !strncmp(base, "LICENSE", 7) || (bl > 3 && !strcmp(base + bl - 3, ".md")))
		return K_DOC;
	if (len == 0)
		return K_EMPTY;
	if (memchr(buf, 0, len < 4096 ? len : 4096))
		return mrt_sniff((const uint8_t *)buf, len) ? K_MRT : K_BINARY;
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i < len && (buf[i] == '{' || buf[i] == '[')) {
		if (spoofer_sniff(buf, len))
			return K_SPOOFER;
		if (vrp_format_sniff(buf, len) != VRP_FMT_AUTO)
			return K_VRP;
		/* RFC 8416 section 3.2: every SLURM file has slurmVersion. */
		if (memmem(buf, len, "\"slurmVersion\"", 14))
			return K_SLURM;
		if (pdb_sniff(buf, len))
			return K_PDB;
		return K_JSON;
	}
	if (i < len && buf[i] == '<')
		return K_XML;
	if (rirstats_sniff(buf, len))
		return K_RIR;
	if (asrel_sniff(buf, len))
		return K_ASREL;
	if (spoofer_sniff(buf, len))
		return K_SPOOFER;
	if (rpsl_sniff(buf, len))
		return K_IRR;
	if (vrp_format_sniff(buf, len) != VRP_FMT_AUTO)
		return K_VRP;
	switch (bogons_sniff(name, buf, len)) {
	case BOGONS_SNIFF_LIST: return K_BOGONS;
	case BOGONS_SNIFF_DROP: return K_SPAMHAUS;
	case BOGONS_SNIFF_PREFIXES: return K_PREFIXES;
	case BOGONS_SNIFF_NO: break;
	}
	return K_UNKNOWN;
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

static bool check_pdb(struct check *c, struct src *s)
{
	const char *name = s->path, *fmt = s->fmt;
	struct pdb_reader *rd = pdb_reader_new(c->db, name, bad_pdb, c->r);
	if (!rd) {
		printf("%s: PeeringDB, not loaded: more than %u files\n", name, PDB_MAX_FILES);
		c->r->failed = true;
		src_close(s);
		return false;
	}
	if (src_stream(c->r, s, feed_pdb, rd) < 0) {
		pdb_reader_end(rd);
		printf("%s: unreadable\n", name);
		return false;
	}
	int idx = pdb_reader_end(rd);
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

static bool check_spoofer(struct check *c, struct src *s)
{
	const char *name = s->path, *fmt = s->fmt;
	struct spoofer_reader *rd = spoofer_reader_new(c->sp, name, bad_line, c->r);
	if (!rd) {
		printf("%s: Spoofer results, not loaded: more than %u files\n", name, SPOOFER_MAX_FILES);
		c->r->failed = true;
		src_close(s);
		return false;
	}
	if (src_stream(c->r, s, feed_spoofer, rd) < 0) {
		spoofer_reader_end(rd);
		printf("%s: unreadable\n", name);
		return false;
	}
	int idx = spoofer_reader_end(rd);
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

/* Loaded by the rpki module (src/rpki/vrp.h), streaming from the file. */
static bool check_vrp(struct check *c, const char *name, const char *fmt)
{
	struct vrp_load_opts o = { .format = VRP_FMT_AUTO, .bad = bad_vrp, .ctx = c->r };
	struct vrp_load_report rep;
	memset(&rep, 0, sizeof rep);
	if (vrp_load_file(&c->vrps, name, &o, &rep) < 0) {
		printf("%s: skipped: RPKI VRPs, not loaded: %s\n", name, rep.error);
		return false;
	}
	c->vrp_files++;
	printf("%s: RPKI VRPs (%s, %s)\n", name, rep.flavour ? rep.flavour : vrp_format_name(rep.format), fmt);
	printf("  VRPs: %zu, ASPAs: %zu, other records: %zu\n", rep.vrps, rep.aspas, rep.other);
	return true;
}

/* RPSL dumps are loaded by the irr module (src/irr/irr.h), streaming from
 * the file (a whole RIPE dump is several GB). */
static void irr_report(void *ctx, const char *file, const struct rpsl_object *obj)
{
	struct run *r = ctx;
	if (!obj->reason)
		return; /* kept with ignored members: not a skip */
	r->skipped++;
	tally_add(&r->cur, obj->reason, obj->err_line, false);
	log_input(obj->reason, "%s: line %" PRIu64 ": %s", file, obj->err_line, obj->reason);
}

static bool check_irr(struct check *c, const char *name, const char *fmt)
{
	struct irr_load_stats st;
	char err[512];
	memset(&st, 0, sizeof st);
	int rc = irr_db_load(&c->irr, name, irr_report, c->r, &st, err, sizeof err);
	if (rc == -1) {
		log_error("%s: %s", name, err);
		c->r->failed = true;
		printf("%s: unreadable\n", name);
		return false;
	}
	if (rc == -2)
		fail(c->r, name, err); /* objects before the damage are kept and counted */
	c->irr_files++;
	printf("%s: IRR (RPSL) data (%s)\n", name, fmt);
	printf("  objects: %" PRIu64 ", stored %" PRIu64 ", duplicates %" PRIu64 ", of other classes %" PRIu64 "\n",
	       st.objects, st.added, st.duplicates,
	       st.objects >= st.added + st.duplicates + st.malformed ? st.objects - st.added - st.duplicates - st.malformed
								       : 0);
	return true;
}

static void check_file(struct check *c, const struct entry *e)
{
	struct run *r = c->r;
	const char *path = e->path;
	memset(&r->cur, 0, sizeof r->cur);
	double t0 = now_ms();
	c->files++;
	if (e->skip) {
		printf("%s: skipped: %s\n", path, e->skip);
		c->unrecognised++;
		return;
	}
	struct src s = { 0 };
	enum kind k = sniff(path, "", 0) == K_DOC ? K_DOC : K_UNKNOWN;
	/* Documentation is known by its name: it is not even opened. */
	if (k != K_DOC) {
		if (src_open(r, &s, path) < 0) {
			printf("%s: unreadable\n", path);
			c->unrecognised++;
			return;
		}
		k = sniff(path, s.head, s.len);
	}
	bool loaded = false, hooked = false;
	char *buf = NULL;
	size_t len = 0;
	const char *fmt = k == K_DOC ? "plain" : s.fmt;
	switch (k) {
	case K_RIR: case K_ASREL: case K_BOGONS:
		/* Only a kind we load is read past its head. */
		buf = src_read_all(r, &s, &len);
		if (!buf) {
			printf("%s: unreadable\n", path);
			c->unrecognised++;
			return;
		}
		break;
	case K_DOC: case K_PDB: case K_SPOOFER: break; /* streamed from s */
	default: src_close(&s); break;
	}
	switch (k) {
	case K_RIR: loaded = check_rir(c, path, buf, len, fmt); break;
	case K_ASREL: loaded = check_asrel(c, path, buf, len, fmt); break;
	case K_BOGONS: loaded = check_bogons(c, path, buf, len, fmt); break;
	case K_PDB: loaded = check_pdb(c, &s); break;
	case K_SPOOFER: loaded = check_spoofer(c, &s); break;
	case K_VRP: loaded = check_vrp(c, path, fmt); break;  /* their modules */
	case K_IRR: loaded = check_irr(c, path, fmt); break;  /* read the file */
	case K_SLURM:
		printf("%s: RPKI SLURM file (%s): used by 'manrs rov', not checked here\n", path, fmt);
		hooked = true;
		break;
	case K_MRT:
		printf("%s: MRT routing data (%s): used by 'manrs mrt', not checked here\n", path, fmt);
		hooked = true;
		break;
	default: {
		static const char *const why[] = {
			[K_UNKNOWN] = "not recognised", [K_EMPTY] = "empty", [K_DOC] = "documentation",
			[K_BINARY] = "binary, not recognised",
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
	/* Every path named must exist and hold something: otherwise the run
	 * fails before it prints anything. */
	struct entries e = { 0 };
	for (int i = 0; i < argc; i++) {
		size_t before = e.n;
		walk(r, argv[i], &e, false);
		struct stat st;
		if (stat(argv[i], &st) != 0)
			continue; /* walk said why */
		if (S_ISDIR(st.st_mode) && e.n == before)
			fail(r, argv[i], "no files in this directory");
		else if (S_ISREG(st.st_mode) && st.st_size == 0)
			fail(r, argv[i], "empty file");
		else if (S_ISREG(st.st_mode) && access(argv[i], R_OK) != 0)
			fail(r, argv[i], strerror(errno));
	}
	if (r->failed) {
		free_entries(&e);
		return EXIT_FAIL;
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
	for (size_t i = 0; i < e.n; i++)
		check_file(&c, &e.v[i]);
	free_entries(&e);
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
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
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
