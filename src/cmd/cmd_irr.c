/*
 * `manrs irr route|origin|expand`: loads RPSL dumps into an IRR database,
 * reports what loading saw on stderr (per class, per source, malformed
 * objects with file and line), then answers one query in text or JSON.
 */
#include "cmd/cmd.h"
#include "irr/irr.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char IRR_USAGE[] =
	"usage: manrs irr route PREFIX [--origin ASN] --rpsl FILE [FILE...] [options]\n"
	"       manrs irr origin ASN --rpsl FILE [FILE...] [options]\n"
	"       manrs irr expand SET [--prefixes] [--depth N] --rpsl FILE [FILE...] [options]\n"
	"       manrs irr serve --rpsl FILE [FILE...] [--listen ADDR:PORT] (see manrs irr serve --help)\n"
	"\n"
	"Queries an IRR database loaded from RPSL files (RFC 2622, RFC 4012): whole\n"
	"dumps or RIPE-style split dumps (one file per class), plain or compressed\n"
	"(gzip, bzip2, xz, zstd; detected from the content; '-' is stdin).\n"
	"\n"
	"Commands:\n"
	"  route PREFIX     for each source: is there a route/route6 object for PREFIX\n"
	"                   (exact), or for a covering less-specific prefix, or none?\n"
	"                   With --origin ASN only objects with that origin match; the\n"
	"                   objects for PREFIX with another origin are counted. Then\n"
	"                   lists every route object covering PREFIX.\n"
	"  origin ASN       route and route6 objects with origin ASN, and its aut-num\n"
	"  expand SET       recursive expansion of an as-set (its AS numbers) or a\n"
	"                   route-set (its prefixes, range operators applied). SET may\n"
	"                   be SOURCE::NAME to take it from that source only.\n"
	"\n"
	"Options:\n"
	"  --rpsl FILE      RPSL file to load; repeat it or list more files after the\n"
	"                   query argument. Objects keep the source their 'source:'\n"
	"                   attribute names.\n"
	"  --sources LIST   comma-separated source preference, e.g. RIPE,RADB: only\n"
	"                   these sources answer, and a set is taken from the first\n"
	"                   that has it (unless SOURCE:: is given). Default: every\n"
	"                   source loaded, in the order first seen.\n"
	"  --origin ASN     route: the origin to check (AS3333 or 3333)\n"
	"  --prefixes       expand: as-sets also give the route/route6 prefixes their\n"
	"                   ASes originate\n"
	"  --depth N        expand: expand sets nested at most N levels deep, the named\n"
	"                   set being level 1 (default 64, at most 1000). Sets past the\n"
	"                   limit are not expanded and are reported; the exit status\n"
	"                   is then 3.\n"
	"  --json           JSON output\n"
	"  -q, --quiet      no loading summary on stderr\n"
	"  -h, --help       this text\n"
	"\n"
	"Malformed objects are skipped and reported (file, line, reason); members\n"
	"that are not valid are ignored and reported. Cycles between sets are\n"
	"reported and never followed twice. Sets named in members but found in no\n"
	"active source are reported as missing.\n"
	"\n"
	"Every argument is checked before any file is loaded. If a file cannot be\n"
	"read, nothing is answered.\n"
	"\n"
	"Exit status: 0 done; 1 a file could not be read, or the set or source is\n"
	"unknown; 2 usage; 3 done, but objects were skipped, members ignored, a\n"
	"file was truncated, or an expansion is incomplete (missing sets, depth\n"
	"limit).\n";

enum query { Q_ROUTE, Q_ORIGIN, Q_EXPAND };

struct opts {
	enum query q;
	const char *arg;
	const char **files;
	int nfiles;
	const char *sources;
	bool json, prefixes, has_origin;
	uint32_t origin;
	unsigned depth;
	struct prefix prefix;   /* route: the argument, parsed */
	uint32_t asn;           /* origin: the argument, parsed */
};

/* ---- Loading ------------------------------------------------------- */

static void report(void *ctx, const char *file, const struct rpsl_object *o)
{
	(void)ctx;   /* irr_report_fn's context: unused here */
	const char *cls = o->class_name.len ? rpsl_class_name(o->cls) : "";
	if (o->reason) {
		char name[RPSL_MAX_ATTR_NAME + 1];
		size_t n = o->class_name.len < RPSL_MAX_ATTR_NAME ? o->class_name.len : RPSL_MAX_ATTR_NAME;
		memcpy(name, o->class_name.p ? o->class_name.p : "", n);
		name[n] = 0;
		cls = n ? name : "";
		log_input(o->reason, "%s:%" PRIu64 ": %s%sobject at line %" PRIu64 " skipped: %s: \"%s\"", file,
			  o->err_line, cls, *cls ? " " : "", o->line, o->reason, o->detail);
		return;
	}
	log_input(o->warn_reason, "%s:%" PRIu64 ": %s %.*s: %s: \"%s\"%s", file, o->warn_line, cls,
		  (int)(o->key.len > 80 ? 80 : o->key.len), o->key.p, o->warn_reason, o->warn_detail,
		  o->nwarn > 1 ? " (and more in this object)" : "");
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Loads every file; returns EXIT_OK, EXIT_SKIPPED or EXIT_FAIL. */
static int load(struct irr_db *db, const struct opts *o)
{
	int rc = EXIT_OK;
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	double t0 = now();
	for (int i = 0; i < o->nfiles; i++) {
		char err[256];
		uint64_t objects0 = st.objects, bytes0 = st.bytes;
		int r = irr_db_load(db, o->files[i], report, NULL, &st, err, sizeof err);
		if (r == 0 && st.objects == objects0) {
			/* Nothing of RPSL in it: an empty or wrong file answers no
			 * query, so it is unreadable input, not an empty IRR. */
			log_error("%s: %s", o->files[i], st.bytes == bytes0 ? "empty file" : "no RPSL objects in it");
			rc = EXIT_FAIL;
		} else if (r == -1) {
			log_error("%s: %s", o->files[i], err);
			rc = EXIT_FAIL;
		} else if (r == -2) {
			log_error("%s: %s (objects before it are kept)", o->files[i], err);
			if (rc == EXIT_OK)
				rc = EXIT_SKIPPED;
		}
	}
	log_input_summary();
	double dt = now() - t0;
	log_info("loaded %d file%s: %" PRIu64 " objects, %" PRIu64 " bytes in %.2f s", o->nfiles,
		 o->nfiles == 1 ? "" : "s", st.objects, st.bytes, dt);
	for (unsigned s = 0; s < db->nsources; s++) {
		char line[512];
		size_t n = 0;
		for (int c = 0; c < RPSL_OTHER; c++)
			if (db->counts[s][c])
				n += (size_t)snprintf(line + n, sizeof line - n, "%s %s %" PRIu64, n ? "," : "",
						      rpsl_class_name((enum rpsl_class)c), db->counts[s][c]);
		if (n)
			log_info("source %s:%s", irr_db_source_name(db, s), line);
	}
	if (st.nskipped || st.skipped_other) {
		char line[1024];
		size_t n = 0;
		for (unsigned i = 0; i < st.nskipped && n < sizeof line - 80; i++)
			n += (size_t)snprintf(line + n, sizeof line - n, "%s %s %" PRIu64, n ? "," : "",
					      st.skipped[i].name, st.skipped[i].n);
		if (st.skipped_other && n < sizeof line - 80)
			snprintf(line + n, sizeof line - n, "%s other %" PRIu64, n ? "," : "", st.skipped_other);
		log_info("other classes (not used):%s", line);
	}
	if (st.duplicates)
		log_info("%" PRIu64 " duplicate objects (same key and source): kept the first", st.duplicates);
	if (st.malformed || st.warnings) {
		char line[512];
		size_t n = 0;
		for (int c = 0; c < RPSL_NCLASSES; c++)
			if (st.malformed_by_class[c])
				n += (size_t)snprintf(line + n, sizeof line - n, "%s%s %" PRIu64, n ? ", " : " (",
						      rpsl_class_name((enum rpsl_class)c), st.malformed_by_class[c]);
		if (n)
			snprintf(line + n, sizeof line - n, ")");
		else
			line[0] = 0;
		log_info("%" PRIu64 " malformed objects skipped%s, %" PRIu64 " members ignored", st.malformed, line,
			 st.warnings);
		if (rc == EXIT_OK)
			rc = EXIT_SKIPPED;
	}
	return rc;
}

/* ---- Output helpers ------------------------------------------------ */

static void put_asn(struct wbuf *w, uint32_t asn)
{
	wbuf_puts(w, "AS");
	wbuf_put_u32(w, asn);
}

static void put_prefix(struct wbuf *w, const struct prefix *p)
{
	char buf[PREFIX_STRLEN];
	wbuf_put(w, buf, prefix_fmt(p, buf));
}

static void json_prefix(struct json *j, const struct prefix *p)
{
	char buf[PREFIX_STRLEN];
	json_strn(j, buf, prefix_fmt(p, buf));
}

static void json_route(struct json *j, const struct irr_db *db, const struct irr_route *r)
{
	json_obj_open(j);
	json_key(j, "prefix");
	json_prefix(j, &r->prefix);
	json_key(j, "origin");
	json_u64(j, r->origin);
	json_key(j, "source");
	json_str(j, irr_db_source_name(db, r->source));
	json_key(j, "mnt_by");
	json_arr_open(j);
	for (uint16_t i = 0; i < r->nmnt; i++)
		json_str(j, irr_db_str(db, irr_db_id(db, r->mnt + i)));
	json_arr_close(j);
	json_obj_close(j);
}

static void text_route(struct wbuf *w, const struct irr_db *db, const struct irr_route *r)
{
	put_prefix(w, &r->prefix);
	wbuf_putc(w, ' ');
	put_asn(w, r->origin);
	wbuf_putc(w, ' ');
	wbuf_puts(w, irr_db_source_name(db, r->source));
	for (uint16_t i = 0; i < r->nmnt; i++) {
		wbuf_puts(w, i ? "," : " mnt-by ");
		wbuf_puts(w, irr_db_str(db, irr_db_id(db, r->mnt + i)));
	}
}

static const char *match_name(enum irr_match m)
{
	return m == IRR_MATCH_EXACT ? "exact" : m == IRR_MATCH_LESS_SPECIFIC ? "less-specific" : "none";
}

/* ---- Queries ------------------------------------------------------- */

struct route_list {
	const struct irr_route **v;
	size_t n, cap;
};

static int collect_route(const struct irr_route *r, void *ctx)
{
	struct route_list *l = ctx;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = r;
	return 0;
}

/* Covering objects: shortest prefix first, then origin, then source. */
static int cmp_covering(const void *a, const void *b)
{
	const struct irr_route *x = *(const struct irr_route *const *)a, *y = *(const struct irr_route *const *)b;
	if (x->prefix.len != y->prefix.len)
		return x->prefix.len < y->prefix.len ? -1 : 1;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	return (x->source > y->source) - (x->source < y->source);
}

static int q_route(const struct irr_db *db, const struct opts *o, struct wbuf *w)
{
	const struct prefix p = o->prefix;
	struct irr_verdict *v = xcalloc(IRR_MAX_SOURCES, sizeof *v);
	unsigned n = irr_db_check_route(db, &p, o->has_origin, o->origin, v);
	struct route_list l = { NULL, 0, 0 };
	irr_db_routes_covering(db, &p, collect_route, &l);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, cmp_covering);
	if (o->json) {
		struct json j;
		json_begin(&j, w);
		json_obj_open(&j);
		json_key(&j, "prefix");
		json_prefix(&j, &p);
		json_key(&j, "origin");
		if (o->has_origin)
			json_u64(&j, o->origin);
		else
			json_null(&j);
		json_key(&j, "sources");
		json_arr_open(&j);
		for (unsigned i = 0; i < n; i++) {
			json_obj_open(&j);
			json_key(&j, "source");
			json_str(&j, irr_db_source_name(db, v[i].source));
			json_key(&j, "match");
			json_str(&j, match_name(v[i].match));
			json_key(&j, "route");
			if (v[i].route)
				json_route(&j, db, v[i].route);
			else
				json_null(&j);
			json_key(&j, "other_origin_exact");
			json_u64(&j, v[i].other_origin);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_key(&j, "covering");
		json_arr_open(&j);
		for (size_t i = 0; i < l.n; i++)
			json_route(&j, db, l.v[i]);
		json_arr_close(&j);
		json_obj_close(&j);
		wbuf_putc(w, '\n');
	} else {
		for (unsigned i = 0; i < n; i++) {
			wbuf_puts(w, irr_db_source_name(db, v[i].source));
			wbuf_puts(w, ": ");
			wbuf_puts(w, match_name(v[i].match));
			if (v[i].route) {
				wbuf_puts(w, ": ");
				text_route(w, db, v[i].route);
			}
			if (v[i].other_origin) {
				wbuf_puts(w, " (");
				wbuf_put_u32(w, v[i].other_origin);
				wbuf_puts(w, v[i].other_origin == 1 ? " object" : " objects");
				wbuf_puts(w, " for this prefix with another origin)");
			}
			wbuf_putc(w, '\n');
		}
		if (n == 0)
			wbuf_puts(w, "no active source\n");
		for (size_t i = 0; i < l.n; i++) {
			wbuf_puts(w, "covering: ");
			text_route(w, db, l.v[i]);
			wbuf_putc(w, '\n');
		}
	}
	free(l.v);
	free(v);
	return EXIT_OK;
}

static int q_origin(const struct irr_db *db, const struct opts *o, struct wbuf *w)
{
	uint32_t asn = o->asn;
	const struct irr_route **v;
	size_t n = irr_db_routes_of_origin(db, asn, &v);
	const struct irr_autnum *an[IRR_MAX_SOURCES];
	size_t nan = irr_db_autnums(db, asn, an, IRR_MAX_SOURCES);
	size_t n4 = 0;
	for (size_t i = 0; i < n; i++)
		n4 += v[i]->prefix.afi == AFI_IPV4;
	if (o->json) {
		struct json j;
		json_begin(&j, w);
		json_obj_open(&j);
		json_key(&j, "origin");
		json_u64(&j, asn);
		json_key(&j, "aut_num");
		json_arr_open(&j);
		for (size_t i = 0; i < nan; i++) {
			json_obj_open(&j);
			json_key(&j, "source");
			json_str(&j, irr_db_source_name(db, an[i]->source));
			json_key(&j, "as_name");
			json_str(&j, irr_db_str(db, an[i]->as_name));
			json_key(&j, "import");
			json_u64(&j, an[i]->n_import);
			json_key(&j, "export");
			json_u64(&j, an[i]->n_export);
			json_key(&j, "mp_import");
			json_u64(&j, an[i]->n_mp_import);
			json_key(&j, "mp_export");
			json_u64(&j, an[i]->n_mp_export);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		for (int fam = 0; fam < 2; fam++) {
			json_key(&j, fam ? "route6" : "route");
			json_arr_open(&j);
			for (size_t i = 0; i < n; i++)
				if ((v[i]->prefix.afi == AFI_IPV6) == (fam == 1))
					json_route(&j, db, v[i]);
			json_arr_close(&j);
		}
		json_obj_close(&j);
		wbuf_putc(w, '\n');
	} else {
		for (size_t i = 0; i < nan; i++) {
			wbuf_puts(w, "aut-num ");
			put_asn(w, asn);
			wbuf_putc(w, ' ');
			wbuf_puts(w, irr_db_source_name(db, an[i]->source));
			wbuf_puts(w, " as-name ");
			wbuf_puts(w, irr_db_str(db, an[i]->as_name));
			wbuf_printf(w, " import %u export %u mp-import %u mp-export %u\n", an[i]->n_import,
				    an[i]->n_export, an[i]->n_mp_import, an[i]->n_mp_export);
		}
		for (size_t i = 0; i < n; i++) {
			wbuf_puts(w, v[i]->prefix.afi == AFI_IPV6 ? "route6 " : "route ");
			text_route(w, db, v[i]);
			wbuf_putc(w, '\n');
		}
	}
	log_info("AS%" PRIu32 ": %zu route, %zu route6 objects, %zu aut-num", asn, n4, n - n4, nan);
	free(v);
	return EXIT_OK;
}

static void json_strs(struct json *j, const char *key, const struct irr_strs *s)
{
	json_key(j, key);
	json_arr_open(j);
	for (size_t i = 0; i < s->n; i++)
		json_str(j, s->v[i]);
	json_arr_close(j);
}

static int q_expand(const struct irr_db *db, const struct opts *o, struct wbuf *w)
{
	struct irr_expand_opts eo = { o->depth, o->prefixes };
	struct irr_expansion e;
	const char *why;
	double t0 = now();
	if (irr_expand(db, o->arg, &eo, &e, &why) < 0) {
		log_error("irr expand: %s: %s", o->arg, why);
		return EXIT_FAIL;
	}
	double dt = now() - t0;
	const char *name = irr_db_str(db, e.root->name), *src = irr_db_source_name(db, e.root->source);
	bool rs = e.root->cls == RPSL_ROUTE_SET;
	bool show_pfx = rs || o->prefixes;
	char buf[PREFIX_STRLEN + 16];
	if (o->json) {
		struct json j;
		json_begin(&j, w);
		json_obj_open(&j);
		json_key(&j, "set");
		json_str(&j, name);
		json_key(&j, "source");
		json_str(&j, src);
		json_key(&j, "class");
		json_str(&j, rs ? "route-set" : "as-set");
		json_key(&j, "depth_limit");
		json_u64(&j, o->depth);
		json_key(&j, "depth");
		json_u64(&j, e.depth);
		json_key(&j, "sets_expanded");
		json_u64(&j, e.nsets);
		json_key(&j, "asns");
		json_arr_open(&j);
		for (size_t i = 0; i < e.nasns; i++)
			json_u64(&j, e.asns[i]);
		json_arr_close(&j);
		if (show_pfx) {
			json_key(&j, "prefixes");
			json_arr_open(&j);
			for (size_t i = 0; i < e.npfx; i++)
				json_strn(&j, buf, irr_range_fmt(&e.pfx[i], buf));
			json_arr_close(&j);
		}
		json_strs(&j, "missing", &e.missing);
		json_strs(&j, "depth_limited", &e.limited);
		json_strs(&j, "reserved", &e.reserved);
		json_strs(&j, "cycles", &e.cycles);
		json_key(&j, "cycles_total");
		json_u64(&j, e.ncycles);
		json_obj_close(&j);
		wbuf_putc(w, '\n');
	} else if (show_pfx) {
		for (size_t i = 0; i < e.npfx; i++) {
			wbuf_put(w, buf, irr_range_fmt(&e.pfx[i], buf));
			wbuf_putc(w, '\n');
		}
	} else {
		for (size_t i = 0; i < e.nasns; i++) {
			put_asn(w, e.asns[i]);
			wbuf_putc(w, '\n');
		}
	}
	for (size_t i = 0; i < e.missing.n; i++)
		log_input("set not found", "%s: %s not found in the active sources: not expanded", name,
			  e.missing.v[i]);
	for (size_t i = 0; i < e.limited.n; i++)
		log_input("depth limit", "%s: depth limit %u reached: %s not expanded", name, o->depth, e.limited.v[i]);
	for (size_t i = 0; i < e.reserved.n; i++)
		log_input("reserved set", "%s: %s is reserved (RFC 2622 section 5: all ASes or routes): not expanded",
			  name, e.reserved.v[i]);
	for (size_t i = 0; i < e.cycles.n; i++)
		log_input("cycle", "%s: cycle %s (followed once)", name, e.cycles.v[i]);
	log_input_summary();
	if (e.ncycles > 1)
		log_info("%s: %" PRIu64 " cycles in all%s", name, e.ncycles,
			 e.ncycles > IRR_MAX_CYCLES ? " (--json lists the first 100)" : "");
	log_info("%s from %s: %u sets expanded, depth %u, %zu ASNs, %zu prefixes in %.3f s", name, src, e.nsets,
		 e.depth, e.nasns, e.npfx, dt);
	int rc = e.missing.n || e.limited.n ? EXIT_SKIPPED : EXIT_OK;
	irr_expansion_free(&e);
	return rc;
}

/* ---- Arguments ----------------------------------------------------- */

static int parse_depth(const char *s, unsigned *out)
{
	unsigned v = 0;
	size_t n = strlen(s);
	if (n == 0 || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v < 1 || v > IRR_MAX_DEPTH)
		return -1;
	*out = v;
	return 0;
}

/* Checks the query argument and --sources before anything is loaded;
 * -1 after saying why (a usage error). */
static int check_args(struct opts *o)
{
	if (o->q == Q_ROUTE && prefix_parse(o->arg, &o->prefix) < 0) {
		log_error("irr route: '%s' is not a prefix", o->arg);
		return -1;
	}
	if (o->q == Q_ORIGIN && asn_parse(o->arg, &o->asn) < 0) {
		log_error("irr origin: '%s' is not an AS number", o->arg);
		return -1;
	}
	if (o->q == Q_EXPAND) {
		const char *name = o->arg, *dc = strstr(name, "::");
		if (dc && !rpsl_source_ok(name, (size_t)(dc - name))) {
			log_error("irr expand: '%s': the source is not a registry name", o->arg);
			return -1;
		}
		if (dc)
			name = dc + 2;
		size_t n = strlen(name);
		if (!rpsl_set_name_ok(name, n, "AS-") && !rpsl_set_name_ok(name, n, "RS-")) {
			log_error("irr expand: '%s': not an as-set or route-set name (RFC 2622 section 5)", o->arg);
			return -1;
		}
	}
	if (o->sources) {
		/* The syntax only: which names are loaded is known after loading. */
		struct irr_db empty;
		irr_db_init(&empty);
		unsigned unknown;
		const char *why;
		int r = irr_db_set_sources(&empty, o->sources, &unknown, &why);
		irr_db_free(&empty);
		if (r < 0) {
			log_error("irr: --sources %s: %s", o->sources, why);
			return -1;
		}
	}
	return 0;
}

int cmd_irr(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "serve"))
		return cmd_irr_serve(argc - 1, argv + 1);   /* cmd_irr_serve.c */
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(IRR_USAGE, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	struct opts o;
	memset(&o, 0, sizeof o);
	o.depth = IRR_DEFAULT_DEPTH;
	if (!strcmp(argv[1], "route"))
		o.q = Q_ROUTE;
	else if (!strcmp(argv[1], "origin"))
		o.q = Q_ORIGIN;
	else if (!strcmp(argv[1], "expand"))
		o.q = Q_EXPAND;
	else {
		fprintf(stderr, "manrs irr: unknown command '%s'\n%s", argv[1], IRR_USAGE);
		return EXIT_USAGE;
	}
	static const struct option longopts[] = {
		{ "rpsl", required_argument, NULL, 'd' },
		{ "sources", required_argument, NULL, 's' },
		{ "origin", required_argument, NULL, 'o' },
		{ "prefixes", no_argument, NULL, 'p' },
		{ "depth", required_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	argc--;
	argv++;
	o.files = xcalloc((size_t)argc + 1, sizeof *o.files);
	int c, rc = EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.files[o.nfiles++] = optarg; break;
		case 's': o.sources = optarg; break;
		case 'o':
			if (o.q != Q_ROUTE || asn_parse(optarg, &o.origin) < 0) {
				log_error("irr: --origin takes an AS number and belongs to 'irr route'");
				goto out;
			}
			o.has_origin = true;
			break;
		case 'p':
			if (o.q != Q_EXPAND) {
				log_error("irr: --prefixes belongs to 'irr expand'");
				goto out;
			}
			o.prefixes = true;
			break;
		case 'D':
			if (o.q != Q_EXPAND || parse_depth(optarg, &o.depth) < 0) {
				log_error("irr: --depth takes 1 to %d and belongs to 'irr expand'", IRR_MAX_DEPTH);
				goto out;
			}
			break;
		case 'j': o.json = true; break;
		case 'q': log_set_quiet(1); break;
		case 'h': fputs(IRR_USAGE, stdout); rc = EXIT_OK; goto out;
		default: fputs(IRR_USAGE, stderr); goto out;
		}
	}
	if (optind >= argc) {
		log_error("irr %s: missing its argument", argv[0]);
		fputs(IRR_USAGE, stderr);
		goto out;
	}
	o.arg = argv[optind++];
	while (optind < argc)
		o.files[o.nfiles++] = argv[optind++];
	if (o.nfiles == 0) {
		log_error("irr %s: no --rpsl FILE given", argv[0]);
		goto out;
	}
	/* Every argument is checked before loading, which can take minutes. */
	if (check_args(&o) < 0)
		goto out;

	struct irr_db db;
	irr_db_init(&db);
	rc = load(&db, &o);
	if (rc == EXIT_FAIL) {
		/* An unreadable file: an answer without it would be wrong. */
		irr_db_free(&db);
		goto out;
	}
	if (o.sources) {
		unsigned unknown;
		const char *why;
		if (irr_db_set_sources(&db, o.sources, &unknown, &why) < 0) {
			log_error("irr: --sources %s: %s", o.sources, why);
			irr_db_free(&db);
			rc = EXIT_USAGE;
			goto out;
		}
		if (unknown)
			log_info("--sources: %u of the sources named have no objects loaded", unknown);
	}
	struct wbuf w;
	wbuf_init(&w, 1u << 16);
	int qrc = o.q == Q_ROUTE ? q_route(&db, &o, &w) : o.q == Q_ORIGIN ? q_origin(&db, &o, &w) : q_expand(&db, &o, &w);
	if (wbuf_flush(&w, stdout) < 0 || fflush(stdout) != 0) {
		log_error("write error on standard output");
		qrc = EXIT_FAIL;
	}
	wbuf_free(&w);
	irr_db_free(&db);
	/* The most serious outcome wins: usage, failure, then skipped. */
	if (qrc == EXIT_USAGE || rc == EXIT_USAGE)
		rc = EXIT_USAGE;
	else if (qrc == EXIT_FAIL || rc == EXIT_FAIL)
		rc = EXIT_FAIL;
	else if (qrc == EXIT_SKIPPED || rc == EXIT_SKIPPED)
		rc = EXIT_SKIPPED;
	else
		rc = EXIT_OK;
out:
	free(o.files);
	return rc;
}
