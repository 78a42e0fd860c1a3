/*
 * Spoofer results loader: Spoofer Data API sessions (JSON via jansson) and
 * Shadowserver's CSV report (a small quoted-CSV reader over line views).
 * Both become per-family tests; lookups are by AS (sorted array) or by
 * client prefix (a scan: the public data set is small).
 */
#include "refdata/spoofer.h"
#include "lib/xmalloc.h"
#include "net/text.h"
#include "refdata/jsonscan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const OUTCOMES[] = { "none", "received", "blocked", "rewritten", "unknown" };

const char *spoofer_outcome_name(uint8_t o) { return o < 5 ? OUTCOMES[o] : "?"; }

struct spoofer *spoofer_new(void) { return xcalloc(1, sizeof(struct spoofer)); }

void spoofer_free(struct spoofer *sp)
{
	if (!sp)
		return;
	free(sp->t);
	for (size_t i = 0; i < sp->n_files; i++)
		free(sp->files[i].name);
	free(sp->files);
	free(sp);
}

/* "received" etc.; -1 if not an outcome word. Empty is SPOOF_NONE. */
static int outcome_of(struct text_view v)
{
	if (v.len == 0)
		return SPOOF_NONE;
	for (int i = 1; i < 5; i++)
		if (text_eq(v, OUTCOMES[i]))
			return i;
	return -1;
}

static const char *push_test(struct spoofer *sp, struct spoofer_file *f, const struct spoofer_test *t)
{
	if (sp->n >= SPOOFER_MAX_TESTS)
		return "too many tests (SPOOFER_MAX_TESTS)";
	sp->t = xgrow(sp->t, &sp->cap, sp->n + 1, sizeof *sp->t);
	sp->t[sp->n++] = *t;
	f->tests++;
	if (!f->min_time || t->time < f->min_time)
		f->min_time = t->time;
	if (t->time > f->max_time)
		f->max_time = t->time;
	sp->sorted = false;
	return NULL;
}

/* ---- Spoofer Data API (JSON-LD) ---- */

static const char *json_view(const json_t *v, struct text_view *out)
{
	out->p = json_string_value(v);
	out->len = out->p ? json_string_length(v) : 0;
	return out->p ? NULL : "not a string";
}

/* asn4/asn6: a string of digits, an integer, or null (0 returned as none). */
static const char *api_asn(const json_t *v, uint32_t *asn)
{
	*asn = 0;
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_integer(v)) {
		json_int_t x = json_integer_value(v);
		if (x < 0 || x > (json_int_t)UINT32_MAX)
			return "asn is out of range";
		*asn = (uint32_t)x;
		return NULL;
	}
	struct text_view s;
	if (json_view(v, &s) || text_u32(s, asn) < 0)
		return "asn is not a number";
	return NULL;
}

static const char *api_family(const json_t *o, bool v6, struct spoofer_test *t, bool *present)
{
	const json_t *asn = json_object_get(o, v6 ? "asn6" : "asn4");
	const json_t *client = json_object_get(o, v6 ? "client6" : "client4");
	const json_t *routed = json_object_get(o, v6 ? "routedspoof6" : "routedspoof");
	const json_t *priv = json_object_get(o, v6 ? "privatespoof6" : "privatespoof");
	const json_t *nat = json_object_get(o, v6 ? "nat6" : "nat4");
	*present = false;
	if ((!routed || json_is_null(routed)) && (!priv || json_is_null(priv)))
		return NULL; /* this family was not tested */
	*present = true;
	const char *why = api_asn(asn, &t->asn);
	if (why)
		return why;
	memset(&t->client, 0, sizeof t->client);
	if (client && !json_is_null(client)) {
		struct text_view s;
		if (json_view(client, &s) || text_prefix(s, &t->client, false) < 0)
			return v6 ? "client6 is not a prefix" : "client4 is not a prefix";
		if (t->client.afi != (v6 ? AFI_IPV6 : AFI_IPV4))
			return v6 ? "client6 is not an IPv6 prefix" : "client4 is not an IPv4 prefix";
	}
	t->afi = v6 ? AFI_IPV6 : AFI_IPV4;
	struct text_view s;
	int oc;
	t->routed = SPOOF_NONE;
	if (routed && !json_is_null(routed)) {
		if (json_view(routed, &s) || (oc = outcome_of(s)) <= 0)
			return "routedspoof is not received, blocked, rewritten or unknown";
		t->routed = (uint8_t)oc;
	}
	t->privat = SPOOF_NONE;
	if (priv && !json_is_null(priv)) {
		if (json_view(priv, &s) || (oc = outcome_of(s)) <= 0)
			return "privatespoof is not received, blocked, rewritten or unknown";
		t->privat = (uint8_t)oc;
	}
	t->nat = json_is_true(nat) ? 1 : json_is_false(nat) ? 0 : -1;
	return NULL;
}

static const char *api_session(struct spoofer *sp, struct spoofer_file *f, uint16_t fidx, const json_t *o,
			       uint64_t lineno)
{
	if (!json_is_object(o))
		return "not a JSON object";
	struct spoofer_test t;
	memset(&t, 0, sizeof t);
	const json_t *sess = json_object_get(o, "session");
	if (!json_is_integer(sess) || json_integer_value(sess) < 0 || json_integer_value(sess) > (json_int_t)UINT32_MAX)
		return "session is not an integer";
	t.session = (uint32_t)json_integer_value(sess);
	struct text_view ts;
	if (json_view(json_object_get(o, "timestamp"), &ts) || text_timestamp(ts, &t.time) < 0)
		return "timestamp is not an ISO 8601 date and time";
	struct text_view cc = { "", 0 };
	const json_t *country = json_object_get(o, "country");
	if (country && !json_is_null(country) && (json_view(country, &cc) || cc.len > 3))
		return "country is not a 2- or 3-letter code";
	memcpy(t.cc, cc.p, cc.len);
	t.source = SPOOF_SRC_API;
	t.file = fidx;
	t.line = lineno > UINT32_MAX ? UINT32_MAX : (uint32_t)lineno;
	bool any = false;
	for (int v6 = 0; v6 < 2; v6++) {
		struct spoofer_test ft = t;
		bool present;
		const char *why = api_family(o, v6, &ft, &present);
		if (why)
			return why;
		if (!present)
			continue;
		if ((why = push_test(sp, f, &ft)) != NULL)
			return why;
		any = true;
	}
	f->records++;
	return any ? NULL : "session has no IPv4 or IPv6 result";
}


/* Counts a skipped line and reports it; the first one's position is kept. */
static void note_bad(struct spoofer_file *f, uint64_t line, const char *why, spoofer_bad_cb cb, void *ctx)
{
	f->skipped++;
	if (!f->first_bad_line) {
		f->first_bad_line = line;
		f->first_bad_reason = why;
	}
	if (cb)
		cb(f->name, line, why, ctx);
}

/* ---- Shadowserver CSV ---- */

/* Splits one CSV line into fields; quoted fields may hold commas and "".
 * Unquoted fields are views into the line; quoted ones are unescaped into
 * scratch (at least line.len bytes). Returns the count, -1 if malformed,
 * max + 1 if more than max fields. */
static int csv_split(struct text_view line, struct text_view *f, int max, char *scratch)
{
	int n = 0;
	size_t i = 0, sp = 0;
	for (;;) {
		if (n == max)
			return max + 1;
		if (i < line.len && line.p[i] == '"') {
			i++;
			size_t start = sp;
			for (;;) {
				if (i >= line.len)
					return -1; /* unterminated quote */
				if (line.p[i] == '"') {
					if (i + 1 < line.len && line.p[i + 1] == '"') {
						scratch[sp++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				scratch[sp++] = line.p[i++];
			}
			f[n].p = scratch + start;
			f[n].len = sp - start;
			n++;
			if (i == line.len)
				return n;
			if (line.p[i] != ',')
				return -1; /* text after a closing quote */
			i++;
		} else {
			size_t start = i;
			while (i < line.len && line.p[i] != ',')
				i++;
			f[n].p = line.p + start;
			f[n].len = i - start;
			n++;
			if (i == line.len)
				return n;
			i++;
		}
	}
}

enum { C_TIME, C_ASN, C_NET, C_IP, C_ROUTED, C_SESSION, C_NAT, C_GEO, C_N };

/* A file being read (spoofer_reader_*): its form is decided from its first
 * line, then JSON documents go through the push scanner (jsonscan.h) one
 * Session at a time, and JSON lines and CSV one line at a time. */
enum sr_mode { SR_START, SR_JSON, SR_JSONL, SR_CSV };

struct spoofer_reader {
	struct spoofer *sp;
	uint16_t idx;
	spoofer_bad_cb cb;
	void *ctx;
	enum sr_mode mode;
	bool dead;                  /* the file is unusable: the rest is ignored */
	/* SR_START: bytes held until the first line is whole. */
	char *pending;
	size_t n_pending;
	/* Line modes: the line being assembled (at most SPOOFER_MAX_LINE). */
	char *line;
	size_t line_len;
	bool line_long;
	uint64_t lineno;
	/* CSV */
	char *scratch;
	int col[C_N];
	bool header;
	/* JSON */
	struct jscan *js;
};

/* One Session object (JSON text of a line or an array element). */
static void api_text(struct spoofer_reader *r, const char *p, size_t len, uint64_t where, const char *too_long)
{
	struct spoofer_file *f = &r->sp->files[r->idx];
	const char *why;
	json_t *o = NULL;
	json_error_t err;
	if (!p)
		why = too_long;
	else if (!(o = json_loadb(p, len, 0, &err)))
		why = "not JSON";
	else
		why = api_session(r->sp, f, r->idx, o, where);
	json_decref(o);
	if (why)
		note_bad(f, where, why, r->cb, r->ctx);
}

/* One line of JSON lines. */
static void jsonl_line(struct spoofer_reader *r, struct text_view line, bool long_line, uint64_t lineno)
{
	struct text_view t = text_trim(line);
	if (t.len == 0 && !long_line)
		return;
	api_text(r, long_line ? NULL : t.p, t.len, lineno, "line longer than 16384 bytes");
}


/* One line of Shadowserver's CSV report: the first one not blank is the
 * header naming the columns. */
static void csv_line(struct spoofer_reader *r, struct text_view line, bool long_line, uint64_t lineno)
{
	struct spoofer_file *f = &r->sp->files[r->idx];
	struct text_view fl[SPOOFER_MAX_COLUMNS];
	f->format = "shadowserver-csv";
	const char *why = NULL;
	if (text_trim(line).len == 0)
		return;
	if (long_line) {
		why = "line longer than 16384 bytes";
		goto bad;
	}
	int nf = csv_split(line, fl, SPOOFER_MAX_COLUMNS, r->scratch);
	if (nf < 0) {
		why = "malformed CSV quoting";
		goto bad;
	}
	if (nf > SPOOFER_MAX_COLUMNS) {
		why = "more than 64 columns";
		goto bad;
	}
	if (!r->header) {
		static const char *const names[C_N][2] = {
			{ "timestamp", NULL }, { "asn", "src_asn" }, { "network", NULL }, { "ip", "src_ip" },
			{ "routedspoof", NULL }, { "session", NULL }, { "nat", NULL }, { "geo", "src_geo" },
		};
		/* The first column with a name wins (the 2019 report has
		 * "type" twice; we use neither). */
		for (int i = 0; i < nf; i++)
			for (int c = 0; c < C_N; c++)
				if (r->col[c] < 0 && (text_eq(fl[i], names[c][0]) ||
						   (names[c][1] && text_eq(fl[i], names[c][1]))))
					r->col[c] = i;
		r->header = true;
		if (r->col[C_ROUTED] < 0 || r->col[C_ASN] < 0 || r->col[C_TIME] < 0 || r->col[C_SESSION] < 0) {
			f->error = "CSV without timestamp, asn, session and routedspoof columns";
			r->dead = true;
		}
		return;
	}
	f->records++;
	struct spoofer_test t;
	memset(&t, 0, sizeof t);
	t.source = SPOOF_SRC_SHADOWSERVER;
	t.file = r->idx;
	t.line = lineno > UINT32_MAX ? UINT32_MAX : (uint32_t)lineno;
	t.nat = -1;
#define FIELD(c) (r->col[c] >= 0 && r->col[c] < nf ? fl[r->col[c]] : (struct text_view){ "", 0 })
	if (text_timestamp(FIELD(C_TIME), &t.time) < 0) {
		why = "timestamp is not YYYY-MM-DD HH:MM:SS";
		goto bad;
	}
	if (text_u32(FIELD(C_ASN), &t.asn) < 0) {
		why = "asn is not a number";
		goto bad;
	}
	if (text_u32(FIELD(C_SESSION), &t.session) < 0) {
		why = "session is not a number";
		goto bad;
	}
	int oc = outcome_of(FIELD(C_ROUTED));
	if (oc <= 0) {
		why = "routedspoof is not received, blocked, rewritten or unknown";
		goto bad;
	}
	t.routed = (uint8_t)oc;
	struct text_view net = FIELD(C_NET);
	if (net.len) {
		if (text_prefix(net, &t.client, false) < 0) {
			why = "network is not a prefix";
			goto bad;
		}
	} else {
		struct ip_addr a;
		if (text_ip(FIELD(C_IP), &a) < 0) {
			why = "neither network nor ip is an address";
			goto bad;
		}
		/* Shadowserver publishes the /24 (or /64) address only. */
		t.client.afi = a.afi;
		t.client.len = a.afi == AFI_IPV4 ? 24 : 64;
		memcpy(t.client.b, a.b, 16);
		prefix_mask(&t.client);
	}
	t.afi = t.client.afi;
	struct text_view nat = FIELD(C_NAT);
	t.nat = text_eq(nat, "True") || text_eq(nat, "true") ? 1 : text_eq(nat, "False") || text_eq(nat, "false") ? 0 : -1;
	struct text_view geo = FIELD(C_GEO);
	if (geo.len <= 3)
		memcpy(t.cc, geo.p, geo.len);
#undef FIELD
	why = push_test(r->sp, f, &t);
	if (!why)
		return;
bad:
	note_bad(f, lineno, why, r->cb, r->ctx);
}


/* The array of Sessions: the root array, or a collection's "hydra:member"
 * (or "member"). */
static bool sr_pick(void *ctx, int depth, const char *const *keys)
{
	return depth == 1 || (depth == 2 && keys[0] && (!strcmp(keys[0], "hydra:member") || !strcmp(keys[0], "member")));
}

static void sr_elem(void *ctx, const char *p, size_t len, uint64_t index)
{
	struct spoofer_reader *r = ctx;
	api_text(r, p, len, index + 1, "session longer than SPOOFER_MAX_ELEMENT bytes");
}

static void sr_line(struct spoofer_reader *r)
{
	r->lineno++;
	size_t n = r->line_len;
	if (n && r->line[n - 1] == '\r')
		n--;
	struct text_view v = { r->line, n };
	if (!r->dead) {
		if (r->mode == SR_CSV)
			csv_line(r, v, r->line_long, r->lineno);
		else
			jsonl_line(r, v, r->line_long, r->lineno);
	}
	r->line_len = 0;
	r->line_long = false;
}

static void sr_lines(struct spoofer_reader *r, const char *p, size_t n)
{
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t k = nl ? (size_t)(nl - p) : n;
		size_t room = SPOOFER_MAX_LINE + 1 - r->line_len;
		if (k > room) {
			memcpy(r->line + r->line_len, p, room);
			r->line_len += room;
			r->line_long = true;
		} else {
			memcpy(r->line + r->line_len, p, k);
			r->line_len += k;
		}
		if (r->line_len > SPOOFER_MAX_LINE) {
			r->line_long = true;
			r->line_len = SPOOFER_MAX_LINE;
		}
		if (!nl)
			return;
		sr_line(r);
		p += k + 1;
		n -= k + 1;
	}
}

/* Decides the form from the held bytes: '[' or '{' starts JSON; a first
 * line that is a whole JSON object on its own, not a collection, starts
 * JSON lines; anything else is CSV. `all`: no more input will come. */
static bool sr_decide(struct spoofer_reader *r, bool all)
{
	const char *p = r->pending;
	size_t n = r->n_pending, i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i == n && !all)
		return false;
	if (i < n && p[i] == '[') {
		r->mode = SR_JSON;
	} else if (i < n && p[i] == '{') {
		const char *nl = memchr(p + i, '\n', n - i);
		if (!nl && !all && n - i <= SPOOFER_MAX_LINE)
			return false;
		size_t k = nl ? (size_t)(nl - (p + i)) : n - i;
		r->mode = SR_JSON;
		if (k <= SPOOFER_MAX_LINE && nl) {
			json_error_t err;
			json_t *o = json_loadb(p + i, k, 0, &err);
			if (json_is_object(o) && !json_object_get(o, "hydra:member") && !json_object_get(o, "member"))
				r->mode = SR_JSONL;
			json_decref(o);
		}
	} else {
		r->mode = SR_CSV;
	}
	struct spoofer_file *f = &r->sp->files[r->idx];
	if (r->mode == SR_JSON) {
		f->format = "spoofer-api-json";
		struct jscan_opts o = { .pick = sr_pick, .elem = sr_elem, .ctx = r, .max_elem = SPOOFER_MAX_ELEMENT,
					.root_object_is_elem = true };
		r->js = jscan_new(&o);
	} else {
		f->format = r->mode == SR_CSV ? "shadowserver-csv" : "spoofer-api-jsonl";
		r->line = xmalloc(SPOOFER_MAX_LINE + 2);
		if (r->mode == SR_CSV) {
			r->scratch = xmalloc(SPOOFER_MAX_LINE + 1);
			for (int c = 0; c < C_N; c++)
				r->col[c] = -1;
		}
	}
	return true;
}

static void sr_feed(struct spoofer_reader *r, const char *p, size_t n)
{
	if (r->mode == SR_JSON)
		jscan_feed(r->js, p, n);
	else
		sr_lines(r, p, n);
}

struct spoofer_reader *spoofer_reader_new(struct spoofer *sp, const char *name, spoofer_bad_cb cb, void *ctx)
{
	if (sp->n_files >= SPOOFER_MAX_FILES)
		return NULL;
	sp->files = xreallocarray(sp->files, sp->n_files + 1, sizeof *sp->files);
	uint16_t idx = (uint16_t)sp->n_files++;
	struct spoofer_file *f = &sp->files[idx];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	struct spoofer_reader *r = xcalloc(1, sizeof *r);
	r->sp = sp;
	r->idx = idx;
	r->cb = cb;
	r->ctx = ctx;
	r->pending = xmalloc(SPOOFER_MAX_LINE + 2);
	return r;
}

void spoofer_reader_feed(struct spoofer_reader *r, const char *p, size_t n)
{
	while (r->mode == SR_START && n) {
		size_t k = SPOOFER_MAX_LINE + 2 - r->n_pending;
		if (k > n)
			k = n;
		memcpy(r->pending + r->n_pending, p, k);
		r->n_pending += k;
		p += k;
		n -= k;
		if (!sr_decide(r, false)) {
			if (r->n_pending < SPOOFER_MAX_LINE + 2)
				return;
			sr_decide(r, true);
		}
		sr_feed(r, r->pending, r->n_pending);
	}
	if (n)
		sr_feed(r, p, n);
}

int spoofer_reader_end(struct spoofer_reader *r)
{
	struct spoofer_file *f = &r->sp->files[r->idx];
	if (r->mode == SR_START) {
		sr_decide(r, true);
		sr_feed(r, r->pending, r->n_pending);
	}
	if (r->mode == SR_JSON) {
		if (jscan_end(r->js) < 0 && !f->error) {
			snprintf(f->errbuf, sizeof f->errbuf, "%s", jscan_error(r->js));
			f->error = f->errbuf;
		}
	} else {
		if (r->line_len || r->line_long)
			sr_line(r);
		if (r->mode == SR_CSV && !r->header && !f->error)
			f->error = "empty CSV";
		if (r->mode == SR_JSONL && !f->records && !f->skipped && !f->error)
			f->error = "no Spoofer sessions";
	}
	int idx = r->idx;
	jscan_free(r->js);
	free(r->pending);
	free(r->line);
	free(r->scratch);
	free(r);
	return idx;
}

int spoofer_parse(struct spoofer *sp, const char *name, const char *text, size_t len, spoofer_bad_cb cb, void *ctx)
{
	struct spoofer_reader *r = spoofer_reader_new(sp, name, cb, ctx);
	if (!r)
		return -1;
	spoofer_reader_feed(r, text, len);
	return spoofer_reader_end(r);
}


static int cmp_session(const void *a, const void *b)
{
	const struct spoofer_test *x = a, *y = b;
	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	if (x->afi != y->afi)
		return x->afi < y->afi ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int cmp_asn_time(const void *a, const void *b)
{
	const struct spoofer_test *x = a, *y = b;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->session < y->session ? -1 : x->session > y->session;
}

void spoofer_finish(struct spoofer *sp)
{
	if (sp->sorted)
		return;
	for (size_t i = 0; i < sp->n_files; i++)
		sp->files[i].duplicates = 0;
	if (sp->n)
		qsort(sp->t, sp->n, sizeof *sp->t, cmp_session);
	size_t k = 0;
	for (size_t i = 0; i < sp->n; i++) {
		if (k && sp->t[k - 1].session == sp->t[i].session && sp->t[k - 1].afi == sp->t[i].afi) {
			sp->files[sp->t[i].file].duplicates++;
			continue;
		}
		sp->t[k++] = sp->t[i];
	}
	sp->n = k;
	if (sp->n)
		qsort(sp->t, sp->n, sizeof *sp->t, cmp_asn_time);
	sp->sorted = true;
}

const struct spoofer_test *spoofer_by_asn(struct spoofer *sp, uint32_t asn, size_t *n)
{
	spoofer_finish(sp);
	size_t lo = 0, hi = sp->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sp->t[mid].asn < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t e = lo;
	while (e < sp->n && sp->t[e].asn == asn)
		e++;
	*n = e - lo;
	return sp->t ? sp->t + lo : NULL;
}

static int cmp_prefix(const void *a, const void *b)
{
	const struct prefix *x = a, *y = b;
	if (x->afi != y->afi)
		return x->afi < y->afi ? -1 : 1;
	int c = memcmp(x->b, y->b, 16);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

void spoofer_summarise(struct spoofer *sp, uint32_t asn, int64_t from, int64_t to, struct spoofer_summary *s)
{
	memset(s, 0, sizeof *s);
	size_t n;
	const struct spoofer_test *t = spoofer_by_asn(sp, asn, &n);
	struct prefix *recv = xreallocarray(NULL, n + 1, sizeof *recv);
	size_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].time < from || (to && t[i].time >= to))
			continue;
		s->tests++;
		s->routed[t[i].routed < 5 ? t[i].routed : SPOOF_UNKNOWN]++;
		if (!s->first || t[i].time < s->first)
			s->first = t[i].time;
		if (t[i].time > s->last)
			s->last = t[i].time;
		if (t[i].routed == SPOOF_RECEIVED)
			recv[nr++] = t[i].client;
	}
	if (nr)
		qsort(recv, nr, sizeof *recv, cmp_prefix);
	for (size_t i = 0; i < nr; i++)
		if (i == 0 || cmp_prefix(&recv[i - 1], &recv[i]) != 0)
			s->received_prefixes++;
	free(recv);
}

void spoofer_by_prefix(struct spoofer *sp, const struct prefix *p,
		       int (*cb)(const struct spoofer_test *t, void *ctx), void *ctx)
{
	spoofer_finish(sp);
	for (size_t i = 0; i < sp->n; i++) {
		const struct prefix *c = &sp->t[i].client;
		if (!c->afi || (!prefix_covers(p, c) && !prefix_covers(c, p)))
			continue;
		if (cb(&sp->t[i], ctx))
			return;
	}
}

bool spoofer_sniff(const char *head, size_t len)
{
	size_t i = 0;
	while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i == len)
		return false;
	if (head[i] == '{' || head[i] == '[')
		return memmem(head + i, len - i, "\"routedspoof\"", 13) || memmem(head + i, len - i, "\"hydra:member\"", 14);
	/* Shadowserver's CSV: the header line names the column. */
	const char *nl = memchr(head + i, '\n', len - i);
	size_t n = nl ? (size_t)(nl - (head + i)) : len - i;
	return memmem(head + i, n, "routedspoof", 11) != NULL;
}
