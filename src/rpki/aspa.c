/*
 * The ASPA table: customer ASes in one sorted array, their provider sets as
 * sorted slices of one provider array, so a lookup is a binary search and
 * a provider authorization check a second one. Built by appending, then
 * aspa_table_finish sorts, applies removals and merges duplicate customers
 * (union of providers).
 * Also a small loader for a text format (the RPKI formats are vrp_load.c's).
 *
 * Path verification is in aspa_verify.c: draft-ietf-sidrops-aspa-verification-27.
 */
#include "rpki/aspa.h"

#include "lib/xmalloc.h"
#include "net/net.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aspa_table_init(struct aspa_table *t)
{
	memset(t, 0, sizeof *t);
}

void aspa_table_free(struct aspa_table *t)
{
	if (!t)
		return;
	free(t->entries);
	free(t->providers);
	free(t->removals);
	memset(t, 0, sizeof *t);
}

int aspa_table_add(struct aspa_table *t, uint32_t customer, const uint32_t *providers, size_t n)
{
	/* ASPA profile (ProviderASSet is SIZE(1..MAX)): no ASPA has an empty
	 * provider list; "no providers" is written AS 0. */
	if (n == 0)
		return -1;
	/* Entry fields are 32 bits: the provider array must stay below 2^32
	 * (input files are capped far below that, see ASPA_MAX_FILE_BYTES). */
	if (n > UINT32_MAX - t->n_providers) {
		fprintf(stderr, "manrs: ASPA table too large\n");
		abort();
	}
	t->entries = xgrow(t->entries, &t->cap_entries, t->n_entries + 1, sizeof *t->entries);
	t->providers = xgrow(t->providers, &t->cap_providers, t->n_providers + n, sizeof *t->providers);
	struct aspa_entry *e = &t->entries[t->n_entries++];
	e->customer = customer;
	e->first = (uint32_t)t->n_providers;
	/* AS 0 says "no providers": the entry stays (attested), AS 0 does not. */
	for (size_t i = 0; i < n; i++)
		if (providers[i] != 0)
			t->providers[t->n_providers++] = providers[i];
	e->n = (uint32_t)(t->n_providers - e->first);
	t->finished = false;
	return 0;
}

/* Index of the entry of `customer` in a finished table, or -1. */
static ptrdiff_t find(const struct aspa_table *t, uint32_t customer)
{
	size_t lo = 0, hi = t->n_entries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t c = t->entries[mid].customer;
		if (c < customer)
			lo = mid + 1;
		else if (c > customer)
			hi = mid;
		else
			return (ptrdiff_t)mid;
	}
	return -1;
}

void aspa_table_remove(struct aspa_table *t, uint32_t customer)
{
	if (t->finished) {
		ptrdiff_t i = find(t, customer);
		if (i >= 0) {
			/* Its providers stay in the array, unreferenced, until the
			 * next finish compacts it. */
			memmove(&t->entries[i], &t->entries[i + 1], (t->n_entries - (size_t)i - 1) * sizeof *t->entries);
			t->n_entries--;
		}
		return;
	}
	t->removals = xgrow(t->removals, &t->cap_removals, t->n_removals + 1, sizeof *t->removals);
	t->removals[t->n_removals].customer = customer;
	t->removals[t->n_removals].before = t->n_entries;
	t->n_removals++;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Customer ascending, then the latest removal first. */
static int cmp_removal(const void *a, const void *b)
{
	const struct aspa_removal *x = a, *y = b;
	if (x->customer != y->customer)
		return (x->customer > y->customer) - (x->customer < y->customer);
	return (x->before < y->before) - (x->before > y->before);
}

/* Customer ascending, then add order (first is monotonic in it), so the
 * result does not depend on qsort's handling of equal keys. */
static int cmp_entry(const void *a, const void *b)
{
	const struct aspa_entry *x = a, *y = b;
	if (x->customer != y->customer)
		return (x->customer > y->customer) - (x->customer < y->customer);
	return (x->first > y->first) - (x->first < y->first);
}

/* Drops the entries that a pending removal covers: those of its customer
 * added before it. The latest removal of a customer covers the earlier. */
static void apply_removals(struct aspa_table *t)
{
	if (!t->n_removals)
		return;
	qsort(t->removals, t->n_removals, sizeof *t->removals, cmp_removal);
	size_t nr = 0;
	for (size_t i = 0; i < t->n_removals; i++)
		if (nr == 0 || t->removals[nr - 1].customer != t->removals[i].customer)
			t->removals[nr++] = t->removals[i];
	size_t out = 0;
	for (size_t i = 0; i < t->n_entries; i++) {
		uint32_t c = t->entries[i].customer;
		size_t lo = 0, hi = nr;
		bool drop = false;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (t->removals[mid].customer < c) {
				lo = mid + 1;
			} else if (t->removals[mid].customer > c) {
				hi = mid;
			} else {
				drop = i < t->removals[mid].before;
				break;
			}
		}
		if (!drop)
			t->entries[out++] = t->entries[i];
	}
	t->n_entries = out;
	t->n_removals = 0;
}

void aspa_table_finish(struct aspa_table *t)
{
	apply_removals(t);
	if (t->n_entries)
		qsort(t->entries, t->n_entries, sizeof *t->entries, cmp_entry);

	/* Rebuild the provider array: each customer's providers (the union of
	 * its entries) together, sorted, without duplicates. */
	size_t total = 0;
	for (size_t i = 0; i < t->n_entries; i++)
		total += t->entries[i].n;
	uint32_t *prov = xreallocarray(NULL, total ? total : 1, sizeof *prov);
	size_t np = 0, out = 0;
	for (size_t i = 0; i < t->n_entries;) {
		uint32_t c = t->entries[i].customer;
		size_t start = np;
		for (; i < t->n_entries && t->entries[i].customer == c; i++) {
			const struct aspa_entry *e = &t->entries[i];
			if (e->n)
				memcpy(prov + np, t->providers + e->first, e->n * sizeof *prov);
			np += e->n;
		}
		qsort(prov + start, np - start, sizeof *prov, cmp_u32);
		size_t u = start;
		for (size_t k = start; k < np; k++)
			if (u == start || prov[u - 1] != prov[k])
				prov[u++] = prov[k];
		np = u;
		t->entries[out].customer = c;
		t->entries[out].first = (uint32_t)start;
		t->entries[out].n = (uint32_t)(np - start);
		out++;
	}
	free(t->providers);
	t->providers = prov;
	t->n_providers = np;
	t->cap_providers = total ? total : 1;
	t->n_entries = out;
	t->finished = true;
}

const struct aspa_entry *aspa_lookup(const struct aspa_table *t, uint32_t customer)
{
	assert(t->finished);
	if (!t->finished)
		return NULL;
	ptrdiff_t i = find(t, customer);
	return i < 0 ? NULL : &t->entries[i];
}

bool aspa_entry_has(const struct aspa_table *t, const struct aspa_entry *e, uint32_t provider)
{
	const uint32_t *p = t->providers + e->first;
	size_t lo = 0, hi = e->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p[mid] < provider)
			lo = mid + 1;
		else if (p[mid] > provider)
			hi = mid;
		else
			return true;
	}
	return false;
}

/* ---- loading ---- */

static void report_skip(struct aspa_load_report *rep, size_t where, const char *reason)
{
	if (!rep->skipped) {
		rep->first_bad = where;
		rep->first_reason = reason;
	}
	rep->skipped++;
}

/* Parses one ASN token of `len` bytes. Returns 0 or -1. */
static int asn_token(const char *s, size_t len, uint32_t *asn)
{
	char buf[24];
	if (len == 0 || len >= sizeof buf || memchr(s, 0, len))
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	return asn_parse(buf, asn);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* One line of the text format, comment already cut. Returns NULL if the
 * line was loaded (or is empty: *empty set), else why not. */
static const char *text_line(struct aspa_table *t, const char *s, size_t len, uint32_t **buf, size_t *cap,
			     bool *empty)
{
	while (len && is_blank(s[len - 1]))
		len--;
	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	*empty = len == 0;
	if (!len)
		return NULL;
	const char *colon = memchr(s, ':', len);
	if (!colon)
		return "no ':' after the customer AS";
	size_t clen = (size_t)(colon - s);
	while (clen && is_blank(s[clen - 1]))
		clen--;
	uint32_t customer;
	if (asn_token(s, clen, &customer) < 0)
		return "customer is not an AS number";
	const char *p = colon + 1, *end = s + len;
	size_t n = 0;
	while (p < end) {
		if (is_blank(*p) || *p == ',') {
			p++;
			continue;
		}
		const char *tok = p;
		while (p < end && !is_blank(*p) && *p != ',')
			p++;
		uint32_t asn;
		if (asn_token(tok, (size_t)(p - tok), &asn) < 0)
			return "provider is not an AS number";
		if (n == ASPA_MAX_PROVIDERS)
			return "more providers than ASPA_MAX_PROVIDERS";
		*buf = xgrow(*buf, cap, n + 1, sizeof **buf);
		(*buf)[n++] = asn;
	}
	if (!n)
		return "no providers (write 0 for an AS without providers)";
	aspa_table_add(t, customer, *buf, n);
	return NULL;
}

int aspa_table_load_text(struct aspa_table *t, const char *text, size_t len, struct aspa_load_report *rep)
{
	uint32_t *buf = NULL;
	size_t cap = 0, line = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		line++;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *hash = memchr(p, '#', (size_t)(eol - p));
		bool empty;
		const char *why = text_line(t, p, (size_t)((hash ? hash : eol) - p), &buf, &cap, &empty);
		if (!empty)
			rep->records++;
		if (why)
			report_skip(rep, line, why);
		p = nl ? nl + 1 : end;
	}
	free(buf);
	return 0;
}

bool aspa_text_sniff(const char *p, size_t len)
{
	const char *end = p + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		while (p < eol && is_blank(*p))
			p++;
		if (p == eol || *p == '#') {
			p = nl ? nl + 1 : end;
			continue;
		}
		/* "AS"? then digits and dots, blanks, ':'. */
		if (eol - p >= 2 && (p[0] == 'A' || p[0] == 'a') && (p[1] == 'S' || p[1] == 's'))
			p += 2;
		const char *d = p;
		while (p < eol && ((*p >= '0' && *p <= '9') || *p == '.'))
			p++;
		if (p == d)
			return false;
		while (p < eol && is_blank(*p))
			p++;
		return p < eol && *p == ':';
	}
	return false;
}

int aspa_table_load_file(struct aspa_table *t, const char *path, struct aspa_load_report *rep)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(rep->error, sizeof rep->error, "%s", strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = -1;
	for (;;) {
		if (len == cap) {
			if (cap >= ASPA_MAX_FILE_BYTES) {
				if (fgetc(f) == EOF && !ferror(f))
					break;
				snprintf(rep->error, sizeof rep->error, "larger than %u bytes (ASPA_MAX_FILE_BYTES)",
					 ASPA_MAX_FILE_BYTES);
				goto out;
			}
			size_t want = cap ? 2 * cap : 65536;   /* cap < 1 GiB: no overflow */
			if (want > ASPA_MAX_FILE_BYTES)
				want = ASPA_MAX_FILE_BYTES;
			buf = xreallocarray(buf, want, 1);
			cap = want;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0) {
			if (ferror(f)) {
				snprintf(rep->error, sizeof rep->error, "read error");
				goto out;
			}
			break;
		}
	}
	rc = aspa_table_load_text(t, buf, len, rep);
out:
	free(buf);
	fclose(f);
	return rc;
}
