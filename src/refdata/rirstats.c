/*
 * Parser and lookup table for RIR delegated(-extended) statistics. IPv4
 * records give a start address and a count of addresses, which need not be
 * a power of two: they are split into CIDR blocks for the prefix trie.
 * IPv6 records give a prefix length; ASN records a first ASN and a count.
 */
#include "refdata/rirstats.h"
#include "lib/rbuf.h"
#include "lib/xmalloc.h"
#include "refdata/bogons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const RIR_NAMES[] = { "", "afrinic", "apnic", "arin", "lacnic", "ripencc", "iana" };
static const char *const STATUS_NAMES[] = { "", "allocated", "assigned", "available", "reserved" };
static const char *const TYPE_NAMES[] = { "asn", "ipv4", "ipv6" };

/* RIR_T_* of a type field, or -1. */
static int lookup_type(struct text_view v)
{
	for (int i = 0; i < RIR_T_COUNT; i++)
		if (text_eq(v, TYPE_NAMES[i]))
			return i;
	return -1;
}

const char *rir_name(uint8_t rir) { return rir < 7 ? RIR_NAMES[rir] : "?"; }
const char *rir_status_name(uint8_t st) { return st < 5 ? STATUS_NAMES[st] : "?"; }

/* Index of v in names[1..n-1], or 0. */
static uint8_t lookup_name(struct text_view v, const char *const *names, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (text_eq(v, names[i]))
			return (uint8_t)i;
	return 0;
}

struct rirstats *rirstats_new(void)
{
	struct rirstats *rs = xcalloc(1, sizeof *rs);
	trie_init(&rs->pfx);
	text_strpool_init(&rs->strings);
	return rs;
}

void rirstats_free(struct rirstats *rs)
{
	if (!rs)
		return;
	free(rs->rec);
	free(rs->asn_order);
	trie_free(&rs->pfx);
	for (size_t i = 0; i < rs->n_files; i++)
		free(rs->files[i].name);
	free(rs->files);
	text_strpool_free(&rs->strings);
	free(rs);
}

int rirstats_ipv4_blocks(uint32_t start, uint64_t count, void (*cb)(uint32_t addr, uint8_t len, void *ctx),
			 void *ctx)
{
	if (count == 0 || (uint64_t)start + count > (1ull << 32))
		return -1;
	uint64_t a = start;
	int n = 0;
	while (count) {
		/* The largest block aligned at a that fits in what is left. */
		unsigned bits = 32;
		if (a)
			bits = (unsigned)__builtin_ctzll(a);
		if (bits > 32)
			bits = 32;
		while ((1ull << bits) > count)
			bits--;
		cb((uint32_t)a, (uint8_t)(32 - bits), ctx);
		n++;
		a += 1ull << bits;
		count -= 1ull << bits;
	}
	return n;
}

struct block_ctx {
	struct rirstats *rs;
	struct rir_record tmpl;
	struct rirstats_file *f;
	bool full;
};

static struct rir_record *push_record(struct rirstats *rs, const struct rir_record *r)
{
	if (rs->n >= RIRSTATS_MAX_RECORDS)
		return NULL;
	rs->rec = xgrow(rs->rec, &rs->cap, rs->n + 1, sizeof *rs->rec);
	rs->rec[rs->n] = *r;
	return &rs->rec[rs->n++];
}

static void add_block(struct block_ctx *c, const struct prefix *p)
{
	uint32_t *slot = trie_insert(&c->rs->pfx, p);
	if (*slot != TRIE_NONE) {
		c->f->dup_blocks++;
		return;
	}
	struct rir_record r = c->tmpl;
	r.pfx = *p;
	if (!push_record(c->rs, &r)) {
		c->full = true;
		/* Leave no dangling slot: point at nothing usable. The trie has no
		 * delete, so the slot keeps a sentinel the lookups skip. */
		*slot = UINT32_MAX - 1;
		return;
	}
	*slot = (uint32_t)(c->rs->n - 1);
	c->f->blocks++;
}

static void v4_block_cb(uint32_t addr, uint8_t len, void *ctx)
{
	struct block_ctx *c = ctx;
	struct prefix p;
	memset(&p, 0, sizeof p);
	p.afi = AFI_IPV4;
	p.len = len;
	p.b[0] = (uint8_t)(addr >> 24);
	p.b[1] = (uint8_t)(addr >> 16);
	p.b[2] = (uint8_t)(addr >> 8);
	p.b[3] = (uint8_t)addr;
	add_block(c, &p);
}

static bool cc_ok(struct text_view v)
{
	if (v.len == 0)
		return true;
	return v.len == 2 && v.p[0] >= 'A' && v.p[0] <= 'Z' && v.p[1] >= 'A' && v.p[1] <= 'Z';
}

/* A version string: digits with at most one dot ("2", "2.3"). */
static bool is_version(struct text_view v)
{
	if (v.len == 0 || v.len > 7 || v.p[0] < '0' || v.p[0] > '9')
		return false;
	int dots = 0;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] == '.')
			dots++;
		else if (v.p[i] < '0' || v.p[i] > '9')
			return false;
	}
	return dots <= 1 && v.p[v.len - 1] != '.';
}

static const char *parse_header(struct rirstats_file *f, const struct text_view *fl, int nf)
{
	if (nf < 6)
		return "version line has fewer than 6 fields";
	uint32_t sd, ed;
	uint64_t recs, serial;
	if (text_u64(fl[2], &serial) < 0)
		return "version line: serial is not a number";
	if (text_u64(fl[3], &recs) < 0)
		return "version line: record count is not a number";
	/* An empty date occurs in real files (RIPE NCC's 2019 test data). */
	sd = ed = 0;
	if ((fl[4].len && text_date8(fl[4], &sd) < 0) || (fl[5].len && text_date8(fl[5], &ed) < 0))
		return "version line: start or end date is not YYYYMMDD";
	text_copy(fl[0], f->version, sizeof f->version);
	f->rir = lookup_name(fl[1], RIR_NAMES, 7);
	if (!text_copy(fl[1], f->registry, sizeof f->registry))
		f->registry[0] = 0;
	f->serial = serial;
	f->declared_records = recs;
	f->start_date = sd;
	f->end_date = ed;
	f->have_header = true;
	return NULL;
}

static const char *parse_summary(struct rirstats_file *f, const struct text_view *fl)
{
	int t = lookup_type(fl[2]);
	if (t < 0)
		return "summary line: unknown type";
	uint64_t n;
	if (text_u64(fl[4], &n) < 0)
		return "summary line: count is not a number";
	if (f->have_summary[t])
		return "summary line repeated for this type";
	f->have_summary[t] = true;
	f->declared[t] = n;
	return NULL;
}

static const char *parse_record(struct rirstats *rs, struct rirstats_file *f, uint32_t file_idx,
				const struct text_view *fl, int nf, uint64_t lineno)
{
	struct rir_record r;
	memset(&r, 0, sizeof r);
	r.rir = lookup_name(fl[0], RIR_NAMES, 7);
	if (!r.rir)
		return "unknown registry";
	if (!cc_ok(fl[1]))
		return "country code is not two capital letters";
	memcpy(r.cc, fl[1].p, fl[1].len);
	int t = lookup_type(fl[2]);
	if (t < 0)
		return "unknown type (not asn, ipv4 or ipv6)";
	r.type = (uint8_t)t;
	if (fl[5].len == 0)
		r.date = 0;
	else if (text_date8(fl[5], &r.date) < 0)
		return "date is not YYYYMMDD";
	r.status = lookup_name(fl[6], STATUS_NAMES, 5);
	if (!r.status)
		return "unknown status (not allocated, assigned, available or reserved)";
	if (nf > 7 && fl[7].len)
		r.opaque = text_strpool_add(&rs->strings, fl[7].p, fl[7].len);
	r.file = file_idx;
	r.line = lineno > UINT32_MAX ? UINT32_MAX : (uint32_t)lineno;
	if (text_u64(fl[4], &r.value) < 0)
		return "value is not a number";

	struct block_ctx c = { rs, r, f, false };
	switch (r.type) {
	case RIR_T_ASN: {
		uint32_t lo;
		if (text_u32(fl[3], &lo) < 0)
			return "ASN start is not a number";
		if (r.value == 0 || (uint64_t)lo + r.value - 1 > UINT32_MAX)
			return "ASN count is 0 or runs past 4294967295";
		r.lo = lo;
		r.hi = (uint32_t)(lo + r.value - 1);
		if (!push_record(rs, &r))
			return "too many records (RIRSTATS_MAX_RECORDS)";
		break;
	}
	case RIR_T_IPV4: {
		struct ip_addr a;
		if (text_ip(fl[3], &a) < 0 || a.afi != AFI_IPV4)
			return "IPv4 start is not an IPv4 address";
		uint32_t s = be32(a.b);
		if (rirstats_ipv4_blocks(s, r.value, v4_block_cb, &c) < 0)
			return "IPv4 count is 0 or runs past 255.255.255.255";
		break;
	}
	case RIR_T_IPV6: {
		struct ip_addr a;
		if (text_ip(fl[3], &a) < 0 || a.afi != AFI_IPV6)
			return "IPv6 start is not an IPv6 address";
		if (r.value > 128)
			return "IPv6 prefix length over 128";
		struct prefix p;
		memset(&p, 0, sizeof p);
		p.afi = AFI_IPV6;
		p.len = (uint8_t)r.value;
		memcpy(p.b, a.b, 16);
		prefix_mask(&p);
		if (memcmp(p.b, a.b, 16) != 0)
			return "IPv6 start has bits set past the prefix length";
		add_block(&c, &p);
		break;
	}
	}
	if (c.full)
		return "too many records (RIRSTATS_MAX_RECORDS)";
	f->records[r.type]++;
	f->by_status[r.status]++;
	if (r.date) {
		if (!f->min_date || r.date < f->min_date)
			f->min_date = r.date;
		if (r.date > f->max_date)
			f->max_date = r.date;
	}
	if (!f->rir)
		f->rir = r.rir;
	rs->sorted = false;
	return NULL;
}

int rirstats_parse(struct rirstats *rs, const char *name, const char *text, size_t len, rirstats_bad_cb cb,
		   void *ctx)
{
	if (rs->n_files >= RIRSTATS_MAX_FILES)
		return -1;
	rs->files = xreallocarray(rs->files, rs->n_files + 1, sizeof *rs->files);
	uint32_t idx = (uint32_t)rs->n_files++;
	struct rirstats_file *f = &rs->files[idx];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);

	struct text_lines l;
	struct text_view line, fl[RIRSTATS_MAX_FIELDS];
	bool seen_data = false;
	text_lines_init(&l, text, len);
	while (text_lines_next(&l, &line)) {
		f->lines++;
		const char *why = NULL;
		if (line.len == 0)
			continue;
		if (line.p[0] == '#') {
			f->comments++;
			continue;
		}
		if (line.len > RIRSTATS_MAX_LINE) {
			why = "line longer than 1024 bytes";
			goto bad;
		}
		int nf = text_split(line, '|', fl, RIRSTATS_MAX_FIELDS);
		if (nf > RIRSTATS_MAX_FIELDS) {
			why = "more than 16 fields";
			goto bad;
		}
		if (is_version(fl[0])) {
			if (seen_data || f->have_header)
				why = "version line after the first data line";
			else
				why = parse_header(f, fl, nf);
			seen_data = true;
			if (why)
				goto bad;
			continue;
		}
		seen_data = true;
		if (nf >= 6 && text_eq(fl[5], "summary")) {
			why = parse_summary(f, fl);
			if (why)
				goto bad;
			continue;
		}
		if (nf < 7) {
			why = "fewer than 7 fields";
			goto bad;
		}
		why = parse_record(rs, f, idx, fl, nf, l.lineno);
		if (!why)
			continue;
bad:
		f->skipped++;
		if (!f->first_bad_line) {
			f->first_bad_line = l.lineno;
			f->first_bad_reason = why;
		}
		if (cb)
			cb(name, l.lineno, why, ctx);
	}
	return (int)idx;
}

int rirstats_inconsistencies(const struct rirstats_file *f, char (*msgs)[160], int max)
{
	int n = 0;
	uint64_t total = f->records[0] + f->records[1] + f->records[2];
	if (f->have_header && f->declared_records != total && n < max) {
		uint64_t d = f->declared_records > total ? f->declared_records - total : total - f->declared_records;
		snprintf(msgs[n++], 160, "version line declares %llu records, %llu read (%llu %s)",
			 (unsigned long long)f->declared_records, (unsigned long long)total, (unsigned long long)d,
			 f->declared_records > total ? "missing" : "extra");
	}
	for (int t = 0; t < RIR_T_COUNT; t++) {
		if (!f->have_summary[t] || f->declared[t] == f->records[t] || n >= max)
			continue;
		uint64_t a = f->declared[t], b = f->records[t], d = a > b ? a - b : b - a;
		snprintf(msgs[n++], 160, "summary declares %llu %s records, %llu read (%llu %s)",
			 (unsigned long long)a, TYPE_NAMES[t], (unsigned long long)b, (unsigned long long)d,
			 a > b ? "missing" : "extra");
	}
	return n;
}

static const struct rirstats *sort_rs;

static int cmp_asn(const void *a, const void *b)
{
	const struct rir_record *x = &sort_rs->rec[*(const uint32_t *)a], *y = &sort_rs->rec[*(const uint32_t *)b];
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	/* Same start: the earlier file, then the earlier line, wins. */
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

void rirstats_finish(struct rirstats *rs)
{
	if (rs->sorted)
		return;
	free(rs->asn_order);
	rs->asn_order = xreallocarray(NULL, rs->n + 1, sizeof *rs->asn_order);
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (rs->rec[i].type == RIR_T_ASN)
			rs->asn_order[n++] = (uint32_t)i;
	sort_rs = rs;
	if (n)
		qsort(rs->asn_order, n, sizeof *rs->asn_order, cmp_asn);
	sort_rs = NULL;
	/* Drop ranges that overlap one already kept: the first listed wins,
	 * the overlap counts as a duplicate of the later file (recounted on
	 * every call). */
	for (size_t i = 0; i < rs->n_files; i++)
		rs->files[i].dup_asns = 0;
	size_t k = 0;
	uint64_t max_hi = 0;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const struct rir_record *r = &rs->rec[rs->asn_order[i]];
		if (any && r->lo <= max_hi) {
			rs->files[r->file].dup_asns++;
			continue;
		}
		rs->asn_order[k++] = rs->asn_order[i];
		max_hi = r->hi;
		any = true;
	}
	rs->n_asn = k;
	rs->sorted = true;
}

const struct rir_record *rirstats_asn(struct rirstats *rs, uint32_t asn)
{
	rirstats_finish(rs);
	size_t lo = 0, hi = rs->n_asn;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rs->rec[rs->asn_order[mid]].lo <= asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct rir_record *r = &rs->rec[rs->asn_order[lo - 1]];
	return r->hi >= asn ? r : NULL;
}

const struct rir_record *rirstats_prefix(const struct rirstats *rs, const struct prefix *p)
{
	struct prefix m;
	uint32_t v = trie_longest(&rs->pfx, p, &m);
	if (v == TRIE_NONE || v >= rs->n)
		return NULL;
	return &rs->rec[v];
}

size_t rirstats_add_bogons(const struct rirstats *rs, struct bogons *b)
{
	uint32_t *src = xreallocarray(NULL, rs->n_files + 1, sizeof *src);
	for (size_t i = 0; i < rs->n_files; i++)
		src[i] = UINT32_MAX;
	size_t added = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rir_record *r = &rs->rec[i];
		if (r->status != RIR_ST_AVAILABLE && r->status != RIR_ST_RESERVED)
			continue;
		if (src[r->file] == UINT32_MAX)
			src[r->file] = bogons_add_source(b, rs->files[r->file].name);
		int rc = r->type == RIR_T_ASN ? bogons_add_admin_asn(b, r->lo, r->hi, src[r->file], r->status, r->rir)
					      : bogons_add_admin_prefix(b, &r->pfx, src[r->file], r->status, r->rir);
		if (rc == 0)
			added++;
	}
	free(src);
	bogons_finish(b);
	return added;
}

bool rirstats_sniff(const char *head, size_t len)
{
	struct text_lines l;
	struct text_view line;
	text_lines_init(&l, head, len);
	while (text_lines_next(&l, &line)) {
		struct text_view t = text_trim(line);
		if (!t.len || t.p[0] == '#')
			continue;
		struct text_view f[8];
		int nf = text_split(t, '|', f, 7);
		/* A record or summary line names its registry first; the
		 * version line second. "nro" is the combined NRO file. */
		if (nf >= 6 && (lookup_name(f[0], RIR_NAMES, 7) || lookup_name(f[1], RIR_NAMES, 7) ||
				text_eq(f[0], "nro") || text_eq(f[1], "nro")))
			return true;
		/* The version line of a registry we do not know: the parser
		 * will say what is wrong with each record. */
		uint64_t serial, records;
		return nf == 7 && f[0].len && f[0].p[0] >= '0' && f[0].p[0] <= '9' && text_u64(f[2], &serial) == 0 &&
		       text_u64(f[3], &records) == 0;
	}
	return false;
}
