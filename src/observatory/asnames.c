/*
 * AS names (asnames.h): "ASN:NAME, CC" lines into a sorted array with the
 * names in one pool. The ASN ends at the first ':', so names may hold
 * colons; the country is the last ", XX" when XX is two capital letters.
 */
#include "observatory/asnames.h"

#include "lib/xmalloc.h"

#include <stdlib.h>
#include <string.h>

void obs_asnames_init(struct obs_asnames *a) { memset(a, 0, sizeof *a); }

void obs_asnames_free(struct obs_asnames *a)
{
	free(a->v);
	free(a->pool);
	memset(a, 0, sizeof *a);
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* One line [p, e) without its newline. 1 added, 0 skipped, -1 malformed. */
static int parse_line(struct obs_asnames *a, const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (p == e || *p == '#')
		return 0;
	uint64_t asn = 0;
	const char *q = p;
	if (e - q > 2 && (q[0] == 'A' || q[0] == 'a') && (q[1] == 'S' || q[1] == 's'))
		q += 2;
	const char *digits = q;
	while (q < e && *q >= '0' && *q <= '9' && asn <= UINT32_MAX)
		asn = asn * 10 + (uint64_t)(*q++ - '0');
	if (q == digits || q - digits > 10 || asn > UINT32_MAX || q == e || *q != ':')
		return -1;
	const char *name = q + 1, *name_end = e;
	char cc[3] = "";
	if (name_end - name >= 4 && is_upper(name_end[-1]) && is_upper(name_end[-2]) && name_end[-3] == ' ' &&
	    name_end[-4] == ',') {
		cc[0] = name_end[-2];
		cc[1] = name_end[-1];
		name_end -= 4;
	}
	while (name < name_end && *name == ' ')
		name++;
	size_t len = (size_t)(name_end - name);
	if (len > OBS_ASNAME_MAX) {
		len = OBS_ASNAME_MAX;
		while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
			len--;   /* not in the middle of a UTF-8 sequence */
	}
	if (a->n >= OBS_ASNAMES_MAX || a->pool_len + len + 1 > UINT32_MAX)
		return -1;
	a->pool = xgrow(a->pool, &a->pool_cap, a->pool_len + len + 1, 1);
	a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof *a->v);
	struct obs_asname *r = &a->v[a->n++];
	r->asn = (uint32_t)asn;
	r->name = (uint32_t)a->pool_len;
	memcpy(r->cc, cc, sizeof cc);
	memcpy(a->pool + a->pool_len, name, len);
	a->pool[a->pool_len + len] = 0;
	a->pool_len += len + 1;
	a->sorted = 0;
	return 1;
}

uint64_t obs_asnames_parse(struct obs_asnames *a, const char *text, size_t len)
{
	uint64_t added = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		int r = parse_line(a, p, e);
		if (r > 0)
			added++;
		else if (r < 0)
			a->bad++;
		p = nl ? nl + 1 : end;
	}
	return added;
}

static int cmp_asn(const void *x, const void *y)
{
	const struct obs_asname *a = x, *b = y;
	if (a->asn != b->asn)
		return a->asn < b->asn ? -1 : 1;
	return a->name < b->name ? -1 : a->name > b->name;   /* pool offset: line order */
}

void obs_asnames_finish(struct obs_asnames *a)
{
	if (a->n)
		qsort(a->v, a->n, sizeof *a->v, cmp_asn);
	/* Keep the last line of each AS. */
	size_t k = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (k && a->v[k - 1].asn == a->v[i].asn)
			k--;
		a->v[k++] = a->v[i];
	}
	a->n = k;
	a->sorted = 1;
}

const char *obs_asnames_get(const struct obs_asnames *a, uint32_t asn, const char **cc)
{
	if (cc)
		*cc = "";
	size_t lo = 0, hi = a->sorted ? a->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->v[mid].asn < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < (a->sorted ? a->n : 0) && a->v[lo].asn == asn) {
		if (cc)
			*cc = a->v[lo].cc;
		return a->pool + a->v[lo].name;
	}
	return "";
}
