/*
 * `manrs ingest`: MRT RIB dumps and update files -> route state (rib/) ->
 * per-day and per-month prefix-origin observations in the store. Files run
 * in time order; each file's observations commit in one transaction with
 * its file row, so a killed run leaves a consistent database and a rerun
 * with the same files finishes the work (files already in the database are
 * read again only to rebuild the route state). docs/store.md has the rules.
 */
#include "cmd/cmd.h"
#include "cmd/ingest_detect.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "observatory/config.h"
#include "mrt/mrt.h"
#include "rib/rib.h"
#include "rib/rib_obs.h"
#include "store/store.h"
#include "store/store_ingest.h"
#include "store/store_metrics.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The collector name a file gets from its path; longer names are refused. */
#define INGEST_MAX_COLLECTOR 64
/* A file whose first record is more than this after the run's last time
 * starts afresh: routes are not assumed to stay up across a hole in the
 * data (so two files years apart cannot make a row for every day between). */
#define INGEST_MAX_GAP (2u * 86400)
/* Records dated more than this before a file's first record, or more than
 * INGEST_MAX_AHEAD after it, are skipped: an archive file covers minutes
 * to hours, and a wild time would make a row for every day in between. */
#define INGEST_MAX_BEHIND 86400u
#define INGEST_MAX_AHEAD (7u * 86400)
/* BGP FSM state Established (RFC 4271 section 8.2.2, MRT numbering). */
#define BGP_STATE_ESTABLISHED 6

enum file_action { F_INGEST, F_REPLAY, F_ALREADY, F_DUP, F_BAD };

struct file {
	const char *path;
	char collector[INGEST_MAX_COLLECTOR + 1];
	int64_t collector_id;
	char sha256[STORE_SHA256_HEX];
	uint64_t size;
	uint32_t first_ts;          /* of its first record: the order of the run */
	enum file_action action;
	struct store_file known;    /* when already ingested */
	/* what reading it found */
	uint64_t records, elements, skipped, repaired;
	uint32_t ts_min, ts_max;
	bool rib, truncated;
	size_t order;               /* position on the command line */
};

struct ingest {
	struct store *db;
	const char *db_path;
	struct rib *rib;
	struct rib_obs obs;
	bool recording;             /* false while replaying a known file */
	struct file *cur;
	/* store ids of rib prefixes and peers (0 = not looked up yet) */
	int64_t *prefix_db;
	size_t prefix_db_cap;
	int64_t *peer_db;
	size_t peer_db_cap;
	bool *peer_seen;            /* peers seen in the current file */
	size_t peer_seen_cap;
	uint32_t run_last;          /* the last time the run saw */
	bool have_run_last;
	uint64_t day_rows, month_rows;
	/* progress */
	bool progress;
	struct timespec t0, last_print;
	uint64_t bytes_total, bytes_done, elems_total, records_total;
	size_t nfiles, file_no;
	struct input *in;
	struct ingest_detect *det;  /* NULL with --no-detect */
};

static const char USAGE[] =
	"usage: manrs ingest [--db FILE] [--collector NAME] [--min-peers N] [--no-detect]\n"
	"                    [--monitor FILE] [--json] [-q] FILE...\n"
	"\n"
	"Reads MRT RIB dumps and update files (RFC 6396; plain, gzip, bzip2, xz or\n"
	"zstd) in time order, keeps the route state of every peer, and records per\n"
	"UTC day and calendar month each prefix-origin pair seen: first and last\n"
	"seen, route-seconds, and the exact set of peers and collectors that saw it.\n"
	"A file already in the database (same SHA-256) counts once. The incident\n"
	"detectors run as the files are read (docs/incidents.md; 'manrs incidents').\n"
	"\n"
	"  --db FILE          database (default $MANRS_DB, else ./manrs.db)\n"
	"  --collector NAME   collector of every FILE (default: from the path, as\n"
	"                     .../rrc00/..., .../route-views2/bgpdata/..., or the file\n"
	"                     name as in rv2-updates.20241028.0000.bz2)\n"
	"  --min-peers N      a pair counts as announced in a month when at least N\n"
	"                     distinct peers saw it (summary only; default: the\n"
	"                     setting ingest.min_peers, 5, from $MANRS_CONFIG or\n"
	"                     etc/manrs.conf's built-in defaults)\n"
	"  --no-detect        do not run the incident detectors\n"
	"  --monitor FILE     alert on incidents touching the prefixes and ASNs of\n"
	"                     this monitor configuration (docs/alerts.md)\n"
	"  --json             print the summary as JSON\n"
	"  -q, --quiet        no warnings or progress on stderr\n"
	"\n"
	"Exit status: 0 ok, 1 a file or the database could not be read or written,\n"
	"2 usage, 3 some records were skipped, truncated or repaired.\n";

/* ---- Collector names ---------------------------------------------------- */

static bool is_rrc(const char *s, size_t n)
{
	return n == 5 && !strncmp(s, "rrc", 3) && s[3] >= '0' && s[3] <= '9' && s[4] >= '0' && s[4] <= '9';
}

static bool valid_name(const char *s, size_t n)
{
	if (n == 0 || n > INGEST_MAX_COLLECTOR)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		      c == '.' || c == '_'))
			return false;
	}
	return true;
}

/* The collector of an archive path, as docs/store.md says: a directory
 * named rrcNN (RIPE RIS), the directory above "bgpdata" (RouteViews; the
 * archive's own host name means route-views2), an rrcNN inside the file
 * name, or what the file name has before "updates", "bview" or "rib".
 * 0, or -1 if none of these applies. */
static int collector_from_path(const char *path, char *out)
{
	const char *comp[64];
	size_t len[64], n = 0;
	for (const char *p = path; *p && n < 64;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		comp[n] = p;
		len[n++] = l;
		p += l;
	}
	if (!n)
		return -1;
	for (size_t i = 0; i + 1 < n; i++)
		if (is_rrc(comp[i], len[i])) {
			memcpy(out, comp[i], 5);
			out[5] = 0;
			return 0;
		}
	for (size_t i = 1; i + 1 < n; i++)
		if (len[i] == 7 && !strncmp(comp[i], "bgpdata", 7)) {
			const char *c = comp[i - 1];
			size_t l = len[i - 1];
			if ((l == 22 && !strncmp(c, "archive.routeviews.org", 22)) ||
			    (l == 14 && !strncmp(c, "routeviews.org", 14))) {
				strcpy(out, "route-views2");
				return 0;
			}
			if (valid_name(c, l)) {
				memcpy(out, c, l);
				out[l] = 0;
				return 0;
			}
		}
	const char *name = comp[n - 1];
	size_t nl = len[n - 1];
	for (size_t i = 0; i + 5 <= nl; i++)
		if (is_rrc(name + i, 5) && (i == 0 || !(name[i - 1] >= 'a' && name[i - 1] <= 'z')) &&
		    (i + 5 == nl || !(name[i + 5] >= '0' && name[i + 5] <= '9'))) {
			memcpy(out, name + i, 5);
			out[5] = 0;
			return 0;
		}
	static const char *const kinds[] = { "updates", "bview", "rib" };
	for (size_t i = 1; i < nl; i++) {
		if (name[i - 1] != '-' && name[i - 1] != '.' && name[i - 1] != '_')
			continue;
		for (int k = 0; k < 3; k++)
			if (!strncmp(name + i, kinds[k], strlen(kinds[k])) && valid_name(name, i - 1)) {
				memcpy(out, name, i - 1);
				out[i - 1] = 0;
				return 0;
			}
	}
	return -1;
}

/* ---- Route events ------------------------------------------------------- */

static void on_interval(void *ctx, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t start, uint32_t end)
{
	struct ingest *g = ctx;
	/* A path without a final AS_SEQUENCE has no origin (RFC 4271 section
	 * 5.1.2 leaves an AS_SET origin ambiguous): such routes are tracked
	 * (they replace the peer's previous route) but not recorded. */
	if (!g->recording || origin == 0)
		return;
	rib_obs_add(&g->obs, peer, prefix, origin, start, end);
}

static void progress(struct ingest *g, bool force);

static void on_elem(const struct mrt_elem *e, void *ctx)
{
	struct ingest *g = ctx;
	struct file *f = g->cur;
	f->elements++;
	if (e->local)
		return;    /* a message the collector sent, not a route it learned */
	uint32_t t = e->rec->ts;
	if (g->det)
		ingest_detect_elem(g->det, e, (uint32_t)f->collector_id, f->collector);
	uint32_t peer = rib_peer_id(g->rib, (uint32_t)f->collector_id, &e->peer_ip, e->peer_as);
	if (peer >= g->peer_seen_cap) {
		size_t old = g->peer_seen_cap;
		g->peer_seen = xgrow(g->peer_seen, &g->peer_seen_cap, (size_t)peer + 1, sizeof *g->peer_seen);
		memset(g->peer_seen + old, 0, (g->peer_seen_cap - old) * sizeof *g->peer_seen);
	}
	g->peer_seen[peer] = true;
	if (e->type == MRT_ELEM_STATE) {
		if (e->new_state != BGP_STATE_ESTABLISHED)
			rib_peer_down(g->rib, peer, t);
		return;
	}
	if (e->safi != SAFI_UNICAST)
		return;
	uint32_t prefix = rib_prefix_id(g->rib, &e->prefix);
	switch (e->type) {
	case MRT_ELEM_RIB:
		f->rib = true;
		rib_entry(g->rib, peer, prefix, e->attrs ? bgp_path_origin(&e->attrs->path) : 0, t);
		break;
	case MRT_ELEM_ANNOUNCE:
		rib_announce(g->rib, peer, prefix, e->attrs ? bgp_path_origin(&e->attrs->path) : 0, t);
		break;
	case MRT_ELEM_WITHDRAW:
		rib_withdraw(g->rib, peer, prefix, t);
		break;
	default:
		break;
	}
}

/* ---- Reading a file ------------------------------------------------------ */

static void report(struct file *f, const struct mrt_record *rec, const char *what, const char *reason)
{
	log_input(reason, "%s: offset %" PRIu64 ": %s/%s: %s; %s", f->path, rec->offset, mrt_type_name(rec->type),
		  mrt_subtype_name(rec->type, rec->subtype), reason, what);
}

/* Reads every record of f into the route state. -1 if it cannot be opened. */
static int read_file(struct ingest *g, struct file *f)
{
	char err[512];
	struct input *in = input_open(f->path, err, sizeof err);
	if (!in) {
		log_error("%s", err);
		return -1;
	}
	g->in = in;
	g->cur = f;
	f->records = f->elements = f->skipped = f->repaired = 0;
	f->ts_min = f->ts_max = 0;
	f->rib = f->truncated = false;
	struct mrt_reader rd;
	struct mrt_decoder dec;
	mrt_reader_init(&rd, in);
	mrt_decoder_init(&dec);
	struct mrt_record rec;
	const char *reason = NULL;
	enum mrt_read_status rs;
	while ((rs = mrt_reader_next(&rd, &rec, &reason)) != MRT_READ_EOF) {
		if (rs == MRT_READ_TRUNCATED) {
			log_input(reason, "%s: offset %" PRIu64 ": %s; the file ends here", f->path, rec.offset, reason);
			f->skipped++;
			f->truncated = true;
			break;
		}
		if (rs == MRT_READ_RESYNC) {
			log_input(reason, "%s: offset %" PRIu64 ": %s; resynchronised at offset %" PRIu64, f->path,
				  rd.bad_header, reason, rec.offset);
			f->skipped++;
		}
		if (rs == MRT_READ_SKIP) {
			report(f, &rec, "record skipped", reason);
			f->skipped++;
			continue;
		}
		if ((uint64_t)rec.ts + INGEST_MAX_BEHIND < f->first_ts ||
		    rec.ts > (uint64_t)f->first_ts + INGEST_MAX_AHEAD) {
			static const char wild[] = "record time more than a day before the file's first record or "
						   "a week after it";
			report(f, &rec, "record skipped", wild);
			f->skipped++;
			continue;
		}
		f->records++;
		if (f->records == 1 || rec.ts < f->ts_min)
			f->ts_min = rec.ts;
		if (rec.ts > f->ts_max)
			f->ts_max = rec.ts;
		enum mrt_status st = mrt_decode(&dec, &rec, on_elem, g, &reason);
		if (st == MRT_MALFORMED) {
			report(f, &rec, "record skipped", reason);
			f->skipped++;
		}
		if (dec.entries_skipped && st == MRT_OK) {
			report(f, &rec, "RIB entries skipped", dec.entry_reason);
			f->skipped += dec.entries_skipped;
		}
		if (dec.treat_as_withdraw || dec.attrs_discarded || dec.cut_msgs)
			f->repaired++;
		if ((f->records & 0x3fff) == 0)
			progress(g, false);
	}
	const char *ierr = input_error(in);
	if (ierr) {
		log_input(ierr, "%s: %s (%s input)", f->path, ierr, input_format(in));
		if (!f->truncated)
			f->skipped++;
		f->truncated = true;
	}
	g->bytes_done += f->size;
	g->elems_total += f->elements;
	g->records_total += f->records;
	g->in = NULL;
	g->cur = NULL;
	mrt_decoder_free(&dec);
	mrt_reader_free(&rd);
	input_close(in);
	if (f->records) {
		if (!g->have_run_last || f->ts_max > g->run_last)
			g->run_last = f->ts_max;
		g->have_run_last = true;
	}
	return 0;
}

/* The time of a file's first record, without reading further. -1 if the
 * file cannot be opened or holds no MRT record. */
static int first_time(struct file *f)
{
	char err[512];
	struct input *in = input_open(f->path, err, sizeof err);
	if (!in) {
		log_error("%s", err);
		return -1;
	}
	struct mrt_reader rd;
	mrt_reader_init(&rd, in);
	struct mrt_record rec;
	const char *reason;
	enum mrt_read_status rs;
	int rc = -1;
	while ((rs = mrt_reader_next(&rd, &rec, &reason)) != MRT_READ_EOF && rs != MRT_READ_TRUNCATED) {
		if (rs == MRT_READ_OK || rs == MRT_READ_RESYNC) {
			f->first_ts = rec.ts;
			rc = 0;
			break;
		}
	}
	if (rc < 0)
		log_error("%s: no MRT record in the file", f->path);
	mrt_reader_free(&rd);
	input_close(in);
	return rc;
}

/* ---- Writing a file's results ---------------------------------------------- */

static int64_t peer_db(struct ingest *g, uint32_t peer)
{
	if (peer >= g->peer_db_cap) {
		size_t old = g->peer_db_cap;
		g->peer_db = xgrow(g->peer_db, &g->peer_db_cap, (size_t)peer + 1, sizeof *g->peer_db);
		memset(g->peer_db + old, 0, (g->peer_db_cap - old) * sizeof *g->peer_db);
	}
	if (!g->peer_db[peer]) {
		uint32_t collector, asn;
		struct ip_addr ip;
		rib_peer_info(g->rib, peer, &collector, &ip, &asn);
		g->peer_db[peer] = store_peer_id(g->db, collector, &ip, asn);
	}
	return g->peer_db[peer];
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates; returns the new count. */
static size_t sort_unique(uint32_t *v, size_t n)
{
	bool sorted = true;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = v[i - 1] <= v[i];
	if (!sorted)
		qsort(v, n, sizeof *v, cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* A batch row's place in the write order. */
struct wrow {
	uint32_t kind, period;
	int64_t prefix_id;
	uint32_t origin, row;
};

static int cmp_wrow(const void *a, const void *b)
{
	const struct wrow *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->period != y->period)
		return x->period < y->period ? -1 : 1;
	if (x->prefix_id != y->prefix_id)
		return x->prefix_id < y->prefix_id ? -1 : 1;
	return x->origin < y->origin ? -1 : x->origin > y->origin;
}

/* A prefix new to the store, by its text (the order of the prefix index).
 * key: the text's first 8 bytes, big-endian, so most comparisons are one
 * integer comparison (a text is at least 9 bytes, "0.0.0.0/0"). */
struct newpfx {
	uint64_t key;
	char text[PREFIX_STRLEN];
	uint32_t prefix;
};

static int cmp_newpfx(const void *a, const void *b)
{
	const struct newpfx *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* Store ids for the prefixes of the batch: those the store has are looked
 * up (unless it has none), the others are inserted together in text
 * order, so the prefix index grows at its end instead of at random
 * places. Ids thus depend only on the files, not on where an earlier run
 * was killed. 0 or -1. */
static int batch_prefixes(struct ingest *g)
{
	uint32_t n = rib_nprefixes(g->rib);
	if (n > g->prefix_db_cap) {
		size_t old = g->prefix_db_cap;
		g->prefix_db = xgrow(g->prefix_db, &g->prefix_db_cap, n, sizeof *g->prefix_db);
		memset(g->prefix_db + old, 0, (g->prefix_db_cap - old) * sizeof *g->prefix_db);
	}
	int empty = store_prefixes_empty(g->db);
	if (empty < 0)
		return -1;
	struct newpfx *np = NULL;
	size_t nnew = 0, cap = 0;
	for (size_t i = 0; i < g->obs.nrows; i++) {
		uint32_t p = g->obs.rows[i].prefix;
		if (g->prefix_db[p])
			continue;
		if (!empty) {
			int64_t id = store_prefix_find(g->db, rib_prefix(g->rib, p));
			if (id < 0) {
				free(np);
				return -1;
			}
			if (id > 0) {
				g->prefix_db[p] = id;
				continue;
			}
		}
		g->prefix_db[p] = -1;   /* new: inserted below */
		np = xgrow(np, &cap, nnew + 1, sizeof *np);
		struct newpfx *e = &np[nnew++];
		memset(e->text, 0, 8);
		prefix_fmt(rib_prefix(g->rib, p), e->text);
		e->key = 0;
		for (int k = 0; k < 8; k++)
			e->key = e->key << 8 | (uint8_t)e->text[k];
		e->prefix = p;
	}
	if (nnew)
		qsort(np, nnew, sizeof *np, cmp_newpfx);
	struct store_prefix_row *rows = xreallocarray(NULL, nnew ? nnew : 1, sizeof *rows);
	int64_t *ids = xreallocarray(NULL, nnew ? nnew : 1, sizeof *ids);
	for (size_t i = 0; i < nnew; i++)
		rows[i] = (struct store_prefix_row){ rib_prefix(g->rib, np[i].prefix), np[i].text };
	int rc = store_prefix_insert_many(g->db, rows, nnew, ids);
	/* On failure the transaction is rolled back: forget the new ids. */
	for (size_t i = 0; i < nnew; i++)
		g->prefix_db[np[i].prefix] = rc < 0 ? 0 : ids[i];
	free(rows);
	free(ids);
	free(np);
	return rc;
}

/* Peers seen, prefixes, observations, then the file row, in one
 * transaction. The observations go in key order (period, prefix, origin):
 * the table's B-tree is then filled front to back, and a period that has
 * no row yet takes plain inserts instead of upserts (docs/store.md). */
static int commit_file(struct ingest *g, struct file *f)
{
	struct wrow *order = NULL;
	uint32_t *peers = NULL, *colls = NULL, *pid = NULL, *pcoll = NULL;
	size_t cap = 0, ccap = 0;
	if (store_begin(g->db) < 0)
		goto fail;
	uint32_t npeers = rib_npeers(g->rib);
	for (uint32_t p = 0; p < g->peer_seen_cap && p < npeers; p++)
		if (g->peer_seen[p] && peer_db(g, p) < 0)
			goto fail;
	/* Each rib peer's store id and collector, looked up once. */
	pid = xcalloc(npeers ? npeers : 1, sizeof *pid);
	pcoll = xcalloc(npeers ? npeers : 1, sizeof *pcoll);
	if (batch_prefixes(g) < 0)
		goto fail;
	order = xreallocarray(NULL, g->obs.nrows ? g->obs.nrows : 1, sizeof *order);
	for (size_t i = 0; i < g->obs.nrows; i++) {
		const struct rib_obs_row *r = &g->obs.rows[i];
		order[i] = (struct wrow){ r->kind, r->period, g->prefix_db[r->prefix], r->origin, (uint32_t)i };
		for (uint32_t k = 0; k < r->npeers; k++)
			if (!pid[r->peers[k]]) {
				int64_t id = peer_db(g, r->peers[k]);
				uint32_t collector, asn;
				struct ip_addr ip;
				rib_peer_info(g->rib, r->peers[k], &collector, &ip, &asn);
				if (id < 0)
					goto fail;
				pid[r->peers[k]] = (uint32_t)id;
				pcoll[r->peers[k]] = collector;
			}
	}
	qsort(order, g->obs.nrows, sizeof *order, cmp_wrow);
	/* Rows for a period without rows wait here to go in STORE_OBS_BATCH
	 * at a time; each has its own slice of peers[] and colls[]. */
	struct store_obs pend[STORE_OBS_BATCH];
	size_t npend = 0;
	int used = -1;
	for (size_t i = 0; i <= g->obs.nrows; i++) {
		bool end = i == g->obs.nrows;
		bool group = end || i == 0 || order[i].kind != order[i - 1].kind || order[i].period != order[i - 1].period;
		if (npend && (group || npend == STORE_OBS_BATCH)) {
			if (store_obs_insert(g->db, order[i - 1].kind == RIB_DAY ? STORE_DAY : STORE_MONTH, pend, npend) < 0)
				goto fail;
			npend = 0;
		}
		if (end)
			break;
		const struct rib_obs_row *r = &g->obs.rows[order[i].row];
		enum store_period kind = r->kind == RIB_DAY ? STORE_DAY : STORE_MONTH;
		if (group && (used = store_obs_period_used(g->db, kind, r->period)) < 0)
			goto fail;
		size_t need = (size_t)r->npeers * STORE_OBS_BATCH;
		if (need > cap) {
			/* pend[] points into the buffers: grow them only between
			 * batches (npend is 0 here unless they are big enough). */
			if (npend) {
				if (store_obs_insert(g->db, kind, pend, npend) < 0)
					goto fail;
				npend = 0;
			}
			peers = xgrow(peers, &cap, need, sizeof *peers);
			colls = xgrow(colls, &ccap, need, sizeof *colls);
		}
		uint32_t *pp = peers + npend * (cap / STORE_OBS_BATCH), *cc = colls + npend * (ccap / STORE_OBS_BATCH);
		for (uint32_t k = 0; k < r->npeers; k++) {
			pp[k] = pid[r->peers[k]];
			cc[k] = pcoll[r->peers[k]];
		}
		size_t np = sort_unique(pp, r->npeers), nc = sort_unique(cc, r->npeers);
		struct store_obs o = { .period = r->period, .prefix_id = order[i].prefix_id, .origin = r->origin,
				       .first_seen = r->first_seen, .last_seen = r->last_seen, .seconds = r->seconds,
				       .peers = pp, .npeers = np, .collectors = cc, .ncollectors = nc };
		if (!used)
			pend[npend++] = o;
		else if (store_obs_merge(g->db, kind, &o) < 0)
			goto fail;
		if (r->kind == RIB_DAY)
			g->day_rows++;
		else
			g->month_rows++;
	}
	free(pid);
	free(pcoll);
	free(order);
	free(peers);
	free(colls);
	order = NULL;
	peers = colls = pid = pcoll = NULL;
	struct store_file row = { 0 };
	snprintf(row.path, sizeof row.path, "%s", f->path);
	memcpy(row.sha256, f->sha256, sizeof row.sha256);
	row.size = f->size;
	row.collector_id = f->collector_id;
	row.rib = f->rib;
	row.first_ts = f->ts_min;
	row.last_ts = f->ts_max;
	row.records = f->records;
	row.elements = f->elements;
	row.skipped = f->skipped;
	row.status = f->truncated ? STORE_FILE_TRUNCATED : f->skipped ? STORE_FILE_SKIPPED : STORE_FILE_OK;
	row.closed = f->known.closed;
	row.closed_at = f->known.closed_at;
	row.ingested_at = (int64_t)time(NULL);
	int64_t fid;
	if ((g->det && ingest_detect_save(g->det) < 0) || (fid = store_file_add(g->db, &row)) < 0 ||
	    (g->det && store_file_mark_detected(g->db, fid) < 0) || store_commit(g->db) < 0)
		goto fail;
	return 0;
fail:
	log_error("%s: cannot record %s: %s", g->db_path, f->path, store_errmsg(g->db));
	store_rollback(g->db);
	free(order);
	free(peers);
	free(colls);
	free(pid);
	free(pcoll);
	return -1;
}

/* ---- Progress -------------------------------------------------------------- */

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(struct ingest *g, bool force)
{
	if (!g->progress)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && since(&g->last_print, &now) < 0.5)
		return;
	g->last_print = now;
	double el = since(&g->t0, &now);
	uint64_t done = g->bytes_done + (g->in ? input_raw_bytes(g->in) : 0);
	uint64_t elems = g->elems_total + (g->cur ? g->cur->elements : 0);
	uint64_t recs = g->records_total + (g->cur ? g->cur->records : 0);
	double rate = el > 0 ? (double)recs / el : 0;
	double eta = done > 0 && g->bytes_total > done ? el * (double)(g->bytes_total - done) / (double)done : 0;
	fprintf(stderr, "\rmanrs ingest: file %zu/%zu, %.2f M records (%.2f M/s), %.2f M elements, ETA %.0f s   ",
		g->file_no, g->nfiles, (double)recs / 1e6, rate / 1e6, (double)elems / 1e6, eta);
}

/* ---- The command ------------------------------------------------------------- */

static int cmp_file(const void *a, const void *b)
{
	const struct file *x = a, *y = b;
	if (x->first_ts != y->first_ts)
		return x->first_ts < y->first_ts ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "collector", required_argument, NULL, 'c' },
		{ "min-peers", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-detect", no_argument, NULL, 'D' },
		{ "monitor", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *collector = NULL, *monitor = NULL;
	unsigned min_peers = 0;   /* 0: ingest.min_peers of the settings */
	bool json = false, quiet = false, detect = true;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'c':
			if (!valid_name(optarg, strlen(optarg))) {
				fprintf(stderr, "manrs ingest: --collector: '%s' is not a collector name "
						"(letters, digits, '-', '.', '_'; at most %d)\n",
					optarg, INGEST_MAX_COLLECTOR);
				return EXIT_USAGE;
			}
			collector = optarg;
			break;
		case 'p': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || v < 1 || v > 100000 || optarg[0] == '-') {
				fprintf(stderr, "manrs ingest: --min-peers: '%s' is not a number from 1 to 100000\n",
					optarg);
				return EXIT_USAGE;
			}
			min_peers = (unsigned)v;
			break;
		}
		case 'j': json = true; break;
		case 'D': detect = false; break;
		case 'M': monitor = optarg; break;
		case 'q': quiet = true; log_set_quiet(1); break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	struct obs_config cfg;
	char cerr[512];
	if (obs_config_resolve(&cfg, NULL, cerr, sizeof cerr) < 0) {
		log_error("%s", cerr);
		return EXIT_FAIL;
	}
	if (min_peers == 0)
		min_peers = cfg.min_peers;
	size_t nfiles = (size_t)(argc - optind);
	struct file *files = xcalloc(nfiles, sizeof *files);
	for (size_t i = 0; i < nfiles; i++) {
		struct file *f = &files[i];
		f->path = argv[optind + (int)i];
		f->order = i;
		if (collector) {
			snprintf(f->collector, sizeof f->collector, "%s", collector);
		} else if (collector_from_path(f->path, f->collector) < 0) {
			fprintf(stderr, "manrs ingest: %s: cannot tell the collector from the path; use --collector\n",
				f->path);
			free(files);
			return EXIT_USAGE;
		}
	}
	int rc = EXIT_OK;
	const char *path = store_path(db_opt);
	char err[1024];
	struct store *db = store_open(path, STORE_WRITE, err, sizeof err);
	if (!db) {
		log_error("%s", err);
		free(files);
		return EXIT_FAIL;
	}

	/* Checksums and first record times, then time order. */
	for (size_t i = 0; i < nfiles; i++) {
		struct file *f = &files[i];
		if (store_sha256_file(f->path, f->sha256, &f->size, err, sizeof err) < 0) {
			log_error("%s", err);
			f->action = F_BAD;
			rc = EXIT_FAIL;
			continue;
		}
		if (first_time(f) < 0) {
			f->action = F_BAD;
			rc = EXIT_FAIL;
			continue;
		}
		int found = store_file_find(db, f->sha256, &f->known);
		if (found < 0) {
			log_error("%s: %s", path, store_errmsg(db));
			rc = EXIT_FAIL;
			goto done;
		}
		f->action = found ? F_ALREADY : F_INGEST;
	}
	/* The same file twice on one command line counts once. */
	for (size_t i = 0; i < nfiles; i++)
		for (size_t k = 0; k < i; k++)
			if (files[i].action != F_BAD && files[k].action != F_BAD &&
			    !strcmp(files[i].sha256, files[k].sha256)) {
				files[i].action = F_DUP;
				log_info("%s: the same content as %s; read once", files[i].path, files[k].path);
				break;
			}
	qsort(files, nfiles, sizeof *files, cmp_file);
	/* Known files before the last new one are read again (not recorded)
	 * so the route state is what it was when the new ones follow. */
	size_t last_new = nfiles;
	for (size_t i = 0; i < nfiles; i++)
		if (files[i].action == F_INGEST)
			last_new = i;
	for (size_t i = 0; i < nfiles && last_new < nfiles; i++)
		if (files[i].action == F_ALREADY && i < last_new)
			files[i].action = F_REPLAY;

	struct ingest g;
	memset(&g, 0, sizeof g);
	g.db = db;
	g.db_path = path;
	g.rib = rib_new(on_interval, &g);
	rib_obs_init(&g.obs);
	for (size_t i = 0; i < nfiles && detect && !g.det; i++)
		if (files[i].action == F_INGEST || files[i].action == F_REPLAY) {
			if (!(g.det = ingest_detect_open(db, path, files[i].first_ts, &cfg.detect, monitor, err, sizeof err))) {
				log_error("%s", err);
				rib_obs_free(&g.obs);
				rib_free(g.rib);
				store_close(db);
				free(files);
				return EXIT_FAIL;
			}
		}
	g.progress = !quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &g.t0);
	g.last_print = g.t0;
	for (size_t i = 0; i < nfiles; i++)
		if (files[i].action == F_INGEST || files[i].action == F_REPLAY) {
			g.bytes_total += files[i].size;
			g.nfiles++;
		}
	/* Collectors first, in time order, so their ids do not depend on where
	 * an earlier run stopped. */
	if (store_begin(db) < 0)
		goto dberr;
	for (size_t i = 0; i < nfiles; i++)
		if (files[i].action != F_BAD && files[i].action != F_DUP &&
		    (files[i].collector_id = store_collector_id(db, files[i].collector)) < 0)
			goto dberr;
	if (store_commit(db) < 0)
		goto dberr;

	for (size_t i = 0; i < nfiles; i++) {
		struct file *f = &files[i];
		if (f->action == F_ALREADY)
			log_info("%s: already ingested", f->path);
		if (f->action != F_INGEST && f->action != F_REPLAY)
			continue;
		if (f->action == F_REPLAY)
			log_info("%s: already ingested; read again for the route state only", f->path);
		g.file_no++;
		g.recording = f->action == F_INGEST;
		if (g.peer_seen)
			memset(g.peer_seen, 0, g.peer_seen_cap * sizeof *g.peer_seen);
		rib_obs_clear(&g.obs);
		if (read_file(&g, f) < 0) {
			f->action = F_BAD;
			rc = EXIT_FAIL;
			continue;
		}
		if (f->rib)
			rib_dump_end(g.rib, (uint32_t)f->collector_id, f->ts_max);
		if (g.det)
			ingest_detect_file_end(g.det, f->rib, (uint32_t)f->collector_id, f->ts_max);
		/* What comes next decides how far open routes are counted now
		 * (docs/store.md, "End of a run, gaps and days"): to the run's
		 * last time at its end or before a gap in the data (then the
		 * state is dropped), to midnight when the next file starts on a
		 * later day. The file row keeps that time (closed_at), so a run
		 * that reads this file again goes on from there. */
		const struct file *next = NULL;
		for (size_t k = i + 1; k < nfiles && !next; k++)
			if (files[k].action == F_INGEST || files[k].action == F_REPLAY)
				next = &files[k];
		bool gap = next && g.have_run_last && next->first_ts > g.run_last &&
			   next->first_ts - g.run_last > INGEST_MAX_GAP;
		if (f->action == F_REPLAY) {
			if (gap)
				rib_clear(g.rib);
			else if (f->known.closed)
				rib_advance(g.rib, f->known.closed_at);
			continue;
		}
		if (g.have_run_last && (!next || gap || i == last_new)) {
			rib_close_all(g.rib, g.run_last);
			f->known.closed = true;
			f->known.closed_at = g.run_last;
		} else if (g.have_run_last && next->first_ts / 86400 > g.run_last / 86400) {
			uint32_t midnight = next->first_ts / 86400 * 86400;
			rib_close_all(g.rib, midnight);
			f->known.closed = true;
			f->known.closed_at = midnight;
		}
		if (f->skipped || f->repaired || f->truncated)
			if (rc == EXIT_OK)
				rc = EXIT_SKIPPED;
		rib_obs_finish(&g.obs);
		if (commit_file(&g, f) < 0) {
			rc = EXIT_FAIL;
			break;
		}
		if (gap)
			rib_clear(g.rib);
	}
	if (g.det && g.have_run_last && ingest_detect_close(g.det, g.run_last) < 0) {
		log_error("%s: cannot record the incidents: %s", path, store_errmsg(db));
		rc = EXIT_FAIL;
	}
	progress(&g, true);
	if (g.progress)
		fputc('\n', stderr);
	log_input_summary();

	/* The summary. */
	uint64_t records = 0, elements = 0, skipped = 0;
	size_t n_ingested = 0;
	for (size_t i = 0; i < nfiles; i++)
		if (files[i].action == F_INGEST) {
			records += files[i].records;
			elements += files[i].elements;
			skipped += files[i].skipped;
			n_ingested++;
		}
	/* Months the new files touched, with their announced pairs. */
	uint32_t months[64];
	size_t nmonths = 0;
	for (size_t i = 0; i < nfiles; i++) {
		if (files[i].action != F_INGEST || !files[i].records)
			continue;
		for (uint32_t m = rib_month_of(files[i].ts_min);;) {
			bool have = false;
			for (size_t k = 0; k < nmonths; k++)
				have |= months[k] == m;
			if (!have && nmonths < 64)
				months[nmonths++] = m;
			uint32_t last = rib_month_of(files[i].known.closed ? files[i].known.closed_at : files[i].ts_max);
			if (m >= last)
				break;
			m = m % 100 == 12 ? (m / 100 + 1) * 100 + 1 : m + 1;
		}
	}
	qsort(months, nmonths, sizeof *months, cmp_u32);
	int64_t announced[64];
	for (size_t k = 0; k < nmonths; k++)
		announced[k] = store_announced_count(db, months[k], min_peers);
	struct wbuf w;
	wbuf_init(&w, 4096);
	if (rc == EXIT_FAIL) {
		/* No answer when an input could not be read: the messages
		 * said which; the files that could be read are committed. */
	} else if (json) {
		struct json j;
		json_begin(&j, &w);
		json_obj_open(&j);
		json_key(&j, "db");
		json_str(&j, path);
		json_key(&j, "files");
		json_arr_open(&j);
		for (size_t i = 0; i < nfiles; i++) {
			const struct file *f = &files[i];
			json_obj_open(&j);
			json_key(&j, "path");
			json_str(&j, f->path);
			json_key(&j, "status");
			json_str(&j, f->action == F_INGEST ? "ingested" : f->action == F_REPLAY ? "replayed"
							: f->action == F_ALREADY ? "already ingested"
							: f->action == F_DUP ? "duplicate" : "not read");
			if (f->action != F_BAD) {
				json_key(&j, "sha256");
				json_str(&j, f->sha256);
				json_key(&j, "collector");
				json_str(&j, f->collector);
			}
			if (f->action == F_INGEST) {
				json_key(&j, "kind");
				json_str(&j, f->rib ? "rib" : "updates");
				json_key(&j, "first");
				json_u64(&j, f->ts_min);
				json_key(&j, "last");
				json_u64(&j, f->ts_max);
				json_key(&j, "records");
				json_u64(&j, f->records);
				json_key(&j, "elements");
				json_u64(&j, f->elements);
				json_key(&j, "skipped");
				json_u64(&j, f->skipped);
			}
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_key(&j, "ingested");
		json_u64(&j, n_ingested);
		json_key(&j, "records");
		json_u64(&j, records);
		json_key(&j, "elements");
		json_u64(&j, elements);
		json_key(&j, "skipped");
		json_u64(&j, skipped);
		json_key(&j, "day_rows");
		json_u64(&j, g.day_rows);
		json_key(&j, "month_rows");
		json_u64(&j, g.month_rows);
		json_key(&j, "open_routes");
		json_u64(&j, rib_nroutes(g.rib));
		json_key(&j, "min_peers");
		json_u64(&j, min_peers);
		json_key(&j, "months");
		json_arr_open(&j);
		for (size_t k = 0; k < nmonths; k++) {
			json_obj_open(&j);
			json_key(&j, "month");
			json_u64(&j, months[k]);
			json_key(&j, "announced_pairs");
			json_u64(&j, announced[k] < 0 ? 0 : (uint64_t)announced[k]);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
		wbuf_putc(&w, '\n');
	} else if (n_ingested) {
		wbuf_printf(&w, "ingested %zu file%s: %" PRIu64 " records, %" PRIu64 " elements, %" PRIu64
				" skipped; %" PRIu64 " day and %" PRIu64 " month observations written\n",
			    n_ingested, n_ingested == 1 ? "" : "s", records, elements, skipped, g.day_rows,
			    g.month_rows);
		for (size_t k = 0; k < nmonths; k++)
			wbuf_printf(&w, "%04u-%02u: %" PRId64 " prefix-origin pairs announced (seen by >= %u peer%s)\n",
				    months[k] / 100, months[k] % 100, announced[k], min_peers, min_peers == 1 ? "" : "s");
	}
	if (wbuf_flush(&w, stdout) < 0 || fflush(stdout) != 0) {
		log_error("write error on standard output");
		rc = EXIT_FAIL;
	}
	wbuf_free(&w);
	ingest_detect_free(g.det);
	rib_obs_free(&g.obs);
	rib_free(g.rib);
	free(g.prefix_db);
	free(g.peer_db);
	free(g.peer_seen);
done:
	store_close(db);
	free(files);
	return rc;
dberr:
	log_error("%s: %s", path, store_errmsg(db));
	store_rollback(db);
	ingest_detect_free(g.det);
	rib_obs_free(&g.obs);
	rib_free(g.rib);
	store_close(db);
	free(files);
	return EXIT_FAIL;
}
