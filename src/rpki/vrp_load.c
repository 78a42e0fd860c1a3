/*
 * VRP and ASPA loaders for what relying-party software writes: JSON
 * (rpki-client, Routinator, StayRTR), CSV, OpenBGPD roa-set/aspa-set and
 * BIRD roa tables. Input streams through a window (never whole in memory);
 * JSON is scanned (rpki_int.h) and each array element alone is parsed by
 * jansson.
 */
#include "rpki/vrp.h"

#include "lib/xmalloc.h"
#include "lib/input.h"
#include "net/text.h"
#include "rpki/aspa.h"
#include "rpki/rpki_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Shared helpers ------------------------------------------------- */

struct load {
	struct vrp_table *t;
	const struct vrp_load_opts *o;
	struct vrp_load_report *rep;
	struct rpki_src src;
	uint32_t *prov;            /* scratch for one ASPA's providers */
};

static void bad(struct load *l, size_t line, const char *where, const char *reason)
{
	l->rep->skipped++;
	if (!l->rep->first_reason) {
		l->rep->first_reason = reason;
		l->rep->first_bad_line = line;
	}
	if (l->o->bad)
		l->o->bad(where, reason, l->o->ctx);
}

static void bad_line(struct load *l, size_t line, const char *reason)
{
	char where[48];
	snprintf(where, sizeof where, "line %zu", line);
	bad(l, line, where, reason);
}

static int fail(struct load *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct load *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->rep->error, sizeof l->rep->error, fmt, ap);
	va_end(ap);
	return -1;
}

/* Parses "addr/len" from n bytes of text, strictly: the length must be
 * there and no address bit past it may be set. NULL or a reason. */
static const char *parse_prefix(const char *s, size_t n, struct prefix *p)
{
	if (n == 0)
		return "prefix is not an IP prefix";
	switch (text_prefix((struct text_view){ s, n }, p, false)) {
	case 0: return NULL;
	case TEXT_PFX_NO_LENGTH: return "prefix has no length";
	case TEXT_PFX_HOST_BITS: return "RFC 6482 section 3.3: prefix has bits set past its length";
	default: return "prefix is not an IP prefix";
	}
}

static const char *parse_asn(const char *s, size_t n, uint32_t *asn)
{
	return text_asn((struct text_view){ s, n }, asn) < 0 ? "not an AS number" : NULL;
}

static const char *parse_len(const char *s, size_t n, uint8_t *v)
{
	unsigned x = 0;
	if (n == 0 || n > 3)
		return "max length is not a number from 0 to 128";
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return "max length is not a number from 0 to 128";
		x = x * 10 + (unsigned)(s[i] - '0');
	}
	if (x > 128)
		return "max length is not a number from 0 to 128";
	*v = (uint8_t)x;
	return NULL;
}

/* Checks and adds one VRP; NULL or the reason it was not added. */
static const char *add_vrp(struct load *l, const struct vrp *v)
{
	const char *why = vrp_check(v);
	if (why)
		return why;
	if (vrp_table_add(l->t, v) < 0)
		return "too many VRPs (VRP_MAX_VRPS)";
	l->rep->vrps++;
	return NULL;
}

static void add_aspa(struct load *l, uint32_t customer, size_t n)
{
	if (l->o->aspa)
		aspa_table_add(l->o->aspa, customer, l->prov, n);
	l->rep->aspas++;
}

/* ---- JSON ------------------------------------------------------------ */

static const char E_JSON_SYNTAX[] = "JSON syntax error in the element";
static const char E_JSON_BIG[] = "element larger than VRP_MAX_JSON_ELEMENT";
static const char E_JSON_VALUES[] = "element of more than VRP_MAX_JSON_VALUES values";

static const char *json_asn(const json_t *v, uint32_t *asn)
{
	if (json_is_integer(v)) {
		json_int_t x = json_integer_value(v);
		if (x < 0 || x > (json_int_t)UINT32_MAX)
			return "not an AS number";
		*asn = (uint32_t)x;
		return NULL;
	}
	if (json_is_string(v))
		return parse_asn(json_string_value(v), json_string_length(v), asn);
	return "not an AS number";
}

static const char *json_roa(struct load *l, const json_t *o)
{
	if (!json_is_object(o))
		return "element is not an object";
	const json_t *asn = json_object_get(o, "asn"), *pfx = json_object_get(o, "prefix"),
		     *ml = json_object_get(o, "maxLength");
	struct vrp v;
	if (!asn)
		return "\"asn\" missing";
	if (json_asn(asn, &v.asn))
		return "\"asn\" is not an AS number";
	if (!json_is_string(pfx))
		return "\"prefix\" missing or not a string";
	const char *why = parse_prefix(json_string_value(pfx), json_string_length(pfx), &v.prefix);
	if (why)
		return why;
	/* RFC 6482 section 3.3: a ROA prefix without maxLength authorises
	 * that prefix length only; some producers leave the member out then. */
	v.maxlen = v.prefix.len;
	if (ml) {
		if (!json_is_integer(ml) || json_integer_value(ml) < 0 || json_integer_value(ml) > 255)
			return "\"maxLength\" is not a small integer";
		v.maxlen = (uint8_t)json_integer_value(ml);
	}
	if (!l->rep->flavour)
		l->rep->flavour = json_object_get(o, "source")   ? "Routinator jsonext"
				  : json_is_string(asn)           ? "Routinator/StayRTR JSON (\"AS\" strings)"
								  : "rpki-client JSON";
	return add_vrp(l, &v);
}

/* rpki-client: {"customer_asid": N, "providers": [N, ...]} (8.x had the
 * same inside provider_authorizations, some versions provider objects
 * {"asid": N, "afi_limit": ...}); Routinator: {"customer": "AS1",
 * "providers": ["AS2", ...]}. The AFI limit is not kept: the current ASPA
 * profile has none. */
static const char *json_aspa(struct load *l, const json_t *o)
{
	if (!json_is_object(o))
		return "element is not an object";
	const json_t *c = json_object_get(o, "customer_asid");
	if (!c)
		c = json_object_get(o, "customer");
	uint32_t customer;
	if (!c || json_asn(c, &customer))
		return "\"customer_asid\" (or \"customer\") missing or not an AS number";
	const json_t *p = json_object_get(o, "providers");
	if (!json_is_array(p))
		return "\"providers\" missing or not an array";
	size_t n = json_array_size(p);
	if (n > VRP_MAX_PROVIDERS)
		return "more providers than VRP_MAX_PROVIDERS";
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(p, i);
		if (json_is_object(e))
			e = json_object_get(e, "asid");
		if (!e || json_asn(e, &l->prov[i]))
			return "a provider is not an AS number";
	}
	add_aspa(l, customer, n);
	return NULL;
}

enum elem_kind { ELEM_ROA, ELEM_ASPA, ELEM_OTHER };

/* Reads the array whose '[' is next, one element at a time. */
static int scan_array(struct load *l, const char *name, enum elem_kind kind)
{
	struct rpki_src *s = &l->src;
	if (rpki_json_ws(s) != '[')
		return fail(l, "JSON: \"%s\" is not an array (line %zu)", name, s->line);
	rpki_src_get(s);
	for (size_t idx = 0;; idx++) {
		int c = rpki_json_ws(s);
		if (c == ']' && idx == 0) {
			rpki_src_get(s);
			return 0;
		}
		size_t line = s->line, len = 0;
		rpki_json_keep_begin(s);
		int rc = rpki_json_skip_value(s);
		const char *elem = rpki_json_keep_end(s, &len);
		if (rc < 0)
			return fail(l, "JSON: the input ends inside the element at line %zu", line);
		if (!elem) {
			char where[96];
			snprintf(where, sizeof where, "%s[%zu] (line %zu)", name, idx, line);
			bad(l, line, where, s->too_big);
		} else if (kind == ELEM_OTHER) {
			l->rep->other++;
		} else {
			json_error_t err;
			json_t *v = json_loadb(elem, len, JSON_DECODE_ANY, &err);
			const char *why = v ? (kind == ELEM_ROA ? json_roa(l, v) : json_aspa(l, v)) : E_JSON_SYNTAX;
			json_decref(v);
			if (why) {
				char where[96];
				snprintf(where, sizeof where, "%s[%zu] (line %zu)", name, idx, line);
				bad(l, line, where, why);
			}
		}
		c = rpki_json_ws(s);
		rpki_src_get(s);
		if (c == ']')
			return 0;
		if (c < 0)
			return fail(l, "JSON: the input ends inside \"%s\" at line %zu", name, s->line);
		if (c != ',')
			return fail(l, "JSON: expected ',' or ']' after an array element at line %zu", s->line);
	}
}

/* Iterates the members of the object whose '{' is next; for each, calls
 * member() with the value next in the input. */
static int scan_members(struct load *l, int (*member)(struct load *, const char *key, void *), void *ctx)
{
	struct rpki_src *s = &l->src;
	if (rpki_json_ws(s) != '{')
		return fail(l, "JSON: expected an object at line %zu", s->line);
	rpki_src_get(s);
	if (rpki_json_ws(s) == '}') {
		rpki_src_get(s);
		return 0;
	}
	for (;;) {
		char key[64];
		rpki_json_ws(s);
		if (rpki_json_key(s, key, sizeof key) < 0)
			return fail(l, "JSON: expected a member name at line %zu", s->line);
		if (rpki_json_ws(s) != ':')
			return fail(l, "JSON: expected ':' at line %zu", s->line);
		rpki_src_get(s);
		if (member(l, key, ctx) < 0)
			return -1;
		int c = rpki_json_ws(s);
		rpki_src_get(s);
		if (c == '}')
			return 0;
		if (c != ',')
			return fail(l, "JSON: expected ',' or '}' at line %zu", s->line);
	}
}

struct json_top {
	bool roas, aspas;
};

static int pa_member(struct load *l, const char *key, void *ctx)
{
	(void)ctx;
	char name[96];
	snprintf(name, sizeof name, "provider_authorizations.%s", key);
	if (!strcmp(key, "ipv4") || !strcmp(key, "ipv6"))
		return scan_array(l, name, ELEM_ASPA);
	if (rpki_json_skip_value(&l->src) < 0)
		return fail(l, "JSON: the input ends inside a value at line %zu", l->src.line);
	return 0;
}

static int top_member(struct load *l, const char *key, void *ctx)
{
	struct json_top *top = ctx;
	if (!strcmp(key, "roas")) {
		top->roas = true;
		return scan_array(l, "roas", ELEM_ROA);
	}
	if (!strcmp(key, "aspas")) {
		top->aspas = true;
		return scan_array(l, "aspas", ELEM_ASPA);
	}
	if (!strcmp(key, "provider_authorizations")) {
		top->aspas = true;
		l->rep->flavour = "rpki-client 8.x JSON (provider_authorizations)";
		return scan_members(l, pa_member, NULL);
	}
	if (!strcmp(key, "routerKeys") || !strcmp(key, "bgpsec_keys"))
		return scan_array(l, key, ELEM_OTHER);
	if (!strcmp(key, "slurmVersion"))
		return fail(l, "JSON: this is a SLURM file (RFC 8416), not VRPs: give it with --slurm");
	if (rpki_json_skip_value(&l->src) < 0)
		return fail(l, "JSON: the input ends inside a value at line %zu", l->src.line);
	return 0;
}

static int load_json(struct load *l)
{
	struct json_top top = { false, false };
	const char *flavour = l->rep->flavour;
	if (scan_members(l, top_member, &top) < 0)
		return -1;
	if (!top.roas && !top.aspas)
		return fail(l, "JSON: not VRP data: no \"roas\", \"aspas\" or \"provider_authorizations\"");
	if (rpki_json_ws(&l->src) >= 0)
		return fail(l, "JSON: text after the end of the document at line %zu", l->src.line);
	if (l->rep->flavour == flavour && !l->rep->flavour)
		l->rep->flavour = "JSON";
	return 0;
}

/* ---- Lines ----------------------------------------------------------- */

/* The next line without its end (CR LF or LF), as (p, n) valid until the
 * next call; *lineno its number. Returns 0, 1 at the end of input, or 2
 * for a line longer than VRP_MAX_LINE (skipped whole). */
static int next_line(struct rpki_src *s, const char **p, size_t *n, size_t *lineno)
{
	if (rpki_src_peek(s) < 0)
		return 1;
	*lineno = s->line;
	size_t scanned = 0;
	for (;;) {
		char *nl = memchr(s->buf + s->off + scanned, '\n', s->end - s->off - scanned);
		if (nl) {
			size_t len = (size_t)(nl - (s->buf + s->off));
			*p = s->buf + s->off;
			s->off += len + 1;
			s->line++;
			if (len > VRP_MAX_LINE)
				return 2;
			*n = len && (*p)[len - 1] == '\r' ? len - 1 : len;
			return 0;
		}
		scanned = s->end - s->off;
		if (scanned > VRP_MAX_LINE) {
			/* Too long: drop what we have and look for the end. */
			s->off = s->end;
			scanned = 0;
			while (rpki_src_more(s)) {
				nl = memchr(s->buf + s->off, '\n', s->end - s->off);
				if (nl) {
					s->off = (size_t)(nl - s->buf) + 1;
					s->line++;
					return 2;
				}
				s->off = s->end;
			}
			return 2;
		}
		if (!rpki_src_more(s)) {
			*p = s->buf + s->off;
			*n = s->end - s->off;
			s->off = s->end;
			if (*n && (*p)[*n - 1] == '\r')
				(*n)--;
			return 0;
		}
	}
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Splits text into blank-separated tokens (at most max). */
static size_t tokens(const char *p, size_t n, const char **tok, size_t *tlen, size_t max)
{
	size_t k = 0, i = 0;
	while (i < n) {
		while (i < n && is_space(p[i]))
			i++;
		if (i == n)
			break;
		size_t b = i;
		while (i < n && !is_space(p[i]))
			i++;
		if (k < max) {
			tok[k] = p + b;
			tlen[k] = i - b;
		}
		k++;
	}
	return k;
}

static bool tok_is(const char *t, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(t, word, n) == 0;
}

/* Trims blanks and cuts a '#' comment. */
static void trim(const char **p, size_t *n)
{
	const char *h = memchr(*p, '#', *n);
	if (h)
		*n = (size_t)(h - *p);
	while (*n && is_space((*p)[0]))
		(*p)++, (*n)--;
	while (*n && is_space((*p)[*n - 1]))
		(*n)--;
}

/* ---- CSV --------------------------------------------------------------- */

#define CSV_MAX_FIELDS 16

/* Splits one CSV line; double-quoted fields lose their quotes ("" inside
 * is not used by any producer and is kept as is). Returns the field count,
 * or CSV_MAX_FIELDS + 1 for too many. */
static size_t csv_split(const char *p, size_t n, const char **f, size_t *fl, bool *quoted)
{
	size_t k = 0, i = 0;
	*quoted = false;
	for (;;) {
		if (k == CSV_MAX_FIELDS)
			return CSV_MAX_FIELDS + 1;
		size_t b = i;
		while (i < n && p[i] != ',')
			i++;
		const char *s = p + b;
		size_t len = i - b;
		while (len && is_space(s[0]))
			s++, len--;
		while (len && is_space(s[len - 1]))
			len--;
		if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
			s++;
			len -= 2;
			*quoted = true;
		}
		f[k] = s;
		fl[k++] = len;
		if (i == n)
			return k;
		i++;
	}
}

static bool field_is(const char *f, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(f, name, n) == 0;
}

struct csv_cols {
	int asn, prefix, maxlen;
	size_t nfields;
};

/* Reads a header naming at least the ASN and IP Prefix (or Prefix)
 * columns; Max Length (or Max prefix length, maxLength) is optional. */
static bool csv_header(const char *p, size_t n, struct csv_cols *c, const char **flavour)
{
	const char *f[CSV_MAX_FIELDS];
	size_t fl[CSV_MAX_FIELDS];
	bool quoted, uri = false, expires = false;
	size_t k = csv_split(p, n, f, fl, &quoted);
	if (k > CSV_MAX_FIELDS)
		return false;
	c->asn = c->prefix = c->maxlen = -1;
	c->nfields = k;
	for (size_t i = 0; i < k; i++) {
		if (field_is(f[i], fl[i], "ASN"))
			c->asn = (int)i;
		else if (field_is(f[i], fl[i], "IP Prefix"))
			c->prefix = (int)i;
		else if (field_is(f[i], fl[i], "Max Length") || field_is(f[i], fl[i], "Max prefix length") ||
			 field_is(f[i], fl[i], "maxLength"))
			c->maxlen = (int)i;
		else if (field_is(f[i], fl[i], "Prefix"))
			c->prefix = (int)i;
		else if (field_is(f[i], fl[i], "URI"))
			uri = true;
		else if (field_is(f[i], fl[i], "Expires"))
			expires = true;
	}
	/* Without a Max Length column every VRP has its prefix length as max
	 * length (RFC 6482 section 3.3). */
	if (c->asn < 0 || c->prefix < 0)
		return false;
	*flavour = c->maxlen < 0 ? "CSV without Max Length (max length = prefix length)"
		   : uri ? "Routinator csvext (RIPE NCC validator 1 extended)"
		   : quoted ? "Routinator csvcompat / RIPE NCC validated ROAs CSV"
		   : expires ? "rpki-client CSV"
			     : "Routinator csv";
	return true;
}

static int load_csv(struct load *l)
{
	struct csv_cols c;
	const char *p;
	size_t n, line;
	int rc;
	/* The header is the first line that is not blank. */
	for (;;) {
		rc = next_line(&l->src, &p, &n, &line);
		if (rc == 1)
			return fail(l, "CSV: no header line (ASN, IP Prefix[, Max Length])");
		trim(&p, &n);
		if (rc == 0 && n)
			break;
	}
	if (!csv_header(p, n, &c, &l->rep->flavour))
		return fail(l, "not VRP data: line %zu is not a CSV header naming ASN and IP Prefix",
			    line);
	while ((rc = next_line(&l->src, &p, &n, &line)) != 1) {
		if (rc == 2) {
			bad_line(l, line, "line longer than VRP_MAX_LINE");
			continue;
		}
		while (n && is_space(p[n - 1]))
			n--;
		if (!n)
			continue;
		const char *f[CSV_MAX_FIELDS];
		size_t fl[CSV_MAX_FIELDS];
		bool quoted;
		size_t k = csv_split(p, n, f, fl, &quoted);
		if (k != c.nfields) {
			bad_line(l, line, "CSV: the line has not as many fields as the header");
			continue;
		}
		struct vrp v;
		const char *why = parse_asn(f[c.asn], fl[c.asn], &v.asn);
		if (!why)
			why = parse_prefix(f[c.prefix], fl[c.prefix], &v.prefix);
		/* An absent max length (no column, or an empty field) is the
		 * prefix length, as for a ROA without maxLength (RFC 6482
		 * section 3.3). */
		if (!why) {
			v.maxlen = v.prefix.len;
			if (c.maxlen >= 0 && fl[c.maxlen])
				why = parse_len(f[c.maxlen], fl[c.maxlen], &v.maxlen);
		}
		if (!why)
			why = add_vrp(l, &v);
		if (why)
			bad_line(l, line, why);
	}
	return 0;
}

/* ---- OpenBGPD ------------------------------------------------------------ */

/* One roa-set item: PREFIX [maxlen N] source-as ASN [expires N]. */
static const char *obgpd_roa(struct load *l, const char *p, size_t n)
{
	const char *t[10];
	size_t tl[10];
	size_t k = tokens(p, n, t, tl, 10);
	if (k > 10)
		return "roa-set: too many words in an item";
	struct vrp v;
	if (k < 3)
		return "roa-set: expected PREFIX [maxlen N] source-as ASN";
	const char *why = parse_prefix(t[0], tl[0], &v.prefix);
	if (why)
		return why;
	v.maxlen = v.prefix.len;
	bool have_as = false;
	for (size_t i = 1; i < k; i += 2) {
		if (i + 1 >= k)
			return "roa-set: a keyword without its value";
		if (tok_is(t[i], tl[i], "maxlen")) {
			if ((why = parse_len(t[i + 1], tl[i + 1], &v.maxlen)))
				return why;
		} else if (tok_is(t[i], tl[i], "source-as")) {
			if (parse_asn(t[i + 1], tl[i + 1], &v.asn))
				return "roa-set: source-as is not an AS number";
			have_as = true;
		} else if (!tok_is(t[i], tl[i], "expires")) {
			return "roa-set: unknown keyword (expected maxlen, source-as or expires)";
		}
	}
	if (!have_as)
		return "roa-set: source-as missing";
	return add_vrp(l, &v);
}

/* One aspa-set item: customer-as N [expires N] provider-as { A [allow inet|inet6], B ... }. */
static const char *obgpd_aspa(struct load *l, const char *p, size_t n)
{
	const char *open = memchr(p, '{', n), *close = memchr(p, '}', n);
	if (!open || !close || close < open)
		return "aspa-set: expected provider-as { ... }";
	const char *t[8];
	size_t tl[8];
	size_t k = tokens(p, (size_t)(open - p), t, tl, 8);
	uint32_t customer = 0;
	bool have_c = false, have_p = false;
	for (size_t i = 0; i < k && i < 8; i++) {
		if (tok_is(t[i], tl[i], "customer-as") && i + 1 < k) {
			if (parse_asn(t[i + 1], tl[i + 1], &customer))
				return "aspa-set: customer-as is not an AS number";
			have_c = true;
			i++;
		} else if (tok_is(t[i], tl[i], "expires") && i + 1 < k) {
			i++;
		} else if (tok_is(t[i], tl[i], "provider-as") && i + 1 == k) {
			have_p = true;
		} else {
			return "aspa-set: expected customer-as N [expires N] provider-as { ... }";
		}
	}
	if (!have_c || !have_p)
		return "aspa-set: expected customer-as N [expires N] provider-as { ... }";
	size_t np = 0;
	const char *q = open + 1;
	while (q < close) {
		const char *e = memchr(q, ',', (size_t)(close - q));
		if (!e)
			e = close;
		const char *w[4];
		size_t wl[4];
		size_t kw = tokens(q, (size_t)(e - q), w, wl, 4);
		if (kw == 0 && e == close && np == 0)
			break;
		if (kw != 1 && !(kw == 3 && tok_is(w[1], wl[1], "allow")))
			return "aspa-set: a provider is not \"ASN [allow inet|inet6]\"";
		if (np == VRP_MAX_PROVIDERS)
			return "aspa-set: more providers than VRP_MAX_PROVIDERS";
		if (parse_asn(w[0], wl[0], &l->prov[np]))
			return "aspa-set: a provider is not an AS number";
		np++;
		q = e + 1;
	}
	add_aspa(l, customer, np);
	return NULL;
}

static int load_openbgpd(struct load *l)
{
	enum { TOP, ROA, ASPA } st = TOP;
	const char *p;
	size_t n, line;
	int rc;
	bool seen = false;
	while ((rc = next_line(&l->src, &p, &n, &line)) != 1) {
		if (rc == 2) {
			bad_line(l, line, "line longer than VRP_MAX_LINE");
			continue;
		}
		trim(&p, &n);
		if (!n)
			continue;
		if (st == TOP) {
			const char *t[3];
			size_t tl[3];
			size_t k = tokens(p, n, t, tl, 3);
			if (k == 2 && tok_is(t[1], tl[1], "{") && tok_is(t[0], tl[0], "roa-set"))
				st = ROA;
			else if (k == 2 && tok_is(t[1], tl[1], "{") && tok_is(t[0], tl[0], "aspa-set"))
				st = ASPA;
			else
				bad_line(l, line, "OpenBGPD: expected \"roa-set {\" or \"aspa-set {\"");
			seen |= st != TOP;
			continue;
		}
		if (n == 1 && p[0] == '}') {
			st = TOP;
			continue;
		}
		if (st == ASPA) {
			const char *why = obgpd_aspa(l, p, n);
			if (why)
				bad_line(l, line, why);
			continue;
		}
		/* roa-set items may share a line, separated by commas. */
		while (n) {
			const char *e = memchr(p, ',', n);
			size_t len = e ? (size_t)(e - p) : n;
			const char *q = p;
			size_t ql = len;
			trim(&q, &ql);
			if (ql) {
				const char *why = obgpd_roa(l, q, ql);
				if (why)
					bad_line(l, line, why);
			}
			if (!e)
				break;
			p = e + 1;
			n -= len + 1;
		}
	}
	if (!seen)
		return fail(l, "OpenBGPD: no roa-set or aspa-set");
	if (st != TOP)
		return fail(l, "OpenBGPD: the input ends inside a set (no closing '}') at line %zu", l->src.line);
	return 0;
}

/* ---- BIRD -------------------------------------------------------------- */

/* "roa P max N as A;" (BIRD 1) or "route P max N as A;" (BIRD 2); any other
 * statement (tables, protocol static, define) is configuration around them. */
static int load_bird(struct load *l)
{
	const char *p;
	size_t n, line;
	int rc;
	bool bird1 = false, bird2 = false;
	while ((rc = next_line(&l->src, &p, &n, &line)) != 1) {
		if (rc == 2) {
			bad_line(l, line, "line longer than VRP_MAX_LINE");
			continue;
		}
		trim(&p, &n);
		const char *t[8];
		size_t tl[8];
		size_t k = tokens(p, n, t, tl, 8);
		if (k == 0)
			continue;
		bool roa = tok_is(t[0], tl[0], "roa"), route = tok_is(t[0], tl[0], "route");
		if (!roa && !route)
			continue;
		if (k >= 2 && (tok_is(t[1], tl[1], "table") || tok_is(t[1], tl[1], "aspa"))) {
			if (tok_is(t[1], tl[1], "aspa"))
				l->rep->other++;
			continue;
		}
		const char *why = NULL;
		struct vrp v;
		/* The statement ends with ';', on the last word or alone. */
		if (k == 7 && tok_is(t[6], tl[6], ";"))
			k = 6;
		else if (k == 6 && tl[5] > 1 && t[5][tl[5] - 1] == ';')
			tl[5]--;
		else
			why = "BIRD: expected \"roa|route PREFIX max N as ASN;\"";
		if (!why && (!tok_is(t[2], tl[2], "max") || !tok_is(t[4], tl[4], "as")))
			why = "BIRD: expected \"roa|route PREFIX max N as ASN;\"";
		if (!why)
			why = parse_prefix(t[1], tl[1], &v.prefix);
		if (!why)
			why = parse_len(t[3], tl[3], &v.maxlen);
		if (!why && parse_asn(t[5], tl[5], &v.asn))
			why = "BIRD: the origin is not an AS number";
		if (!why)
			why = add_vrp(l, &v);
		if (why)
			bad_line(l, line, why);
		else if (roa)
			bird1 = true;
		else
			bird2 = true;
	}
	l->rep->flavour = bird1 && !bird2 ? "BIRD 1 roa table" : bird2 && !bird1 ? "BIRD 2 roa table" : "BIRD";
	return 0;
}

/* ---- Detection and entry points -------------------------------------- */

const char *vrp_format_name(enum vrp_format f)
{
	switch (f) {
	case VRP_FMT_AUTO: return "auto";
	case VRP_FMT_JSON: return "json";
	case VRP_FMT_CSV: return "csv";
	case VRP_FMT_OPENBGPD: return "openbgpd";
	case VRP_FMT_BIRD: return "bird";
	}
	return NULL;
}

int vrp_format_parse(const char *s)
{
	for (int f = VRP_FMT_AUTO; f <= VRP_FMT_BIRD; f++)
		if (!strcmp(s, vrp_format_name((enum vrp_format)f)))
			return f;
	return -1;
}

/* The first statement of a head, passing over blank lines, '#' comment
 * lines and a UTF-8 byte order mark: '{' is JSON; a line naming roa-set or
 * aspa-set is OpenBGPD; one starting with roa, route, roa4, roa6, define,
 * protocol or table is BIRD; a header with ASN and IP Prefix is CSV; anything else VRP_FMT_AUTO. *at is the offset of that line. This
 * is a guess from one line; vrp_format_sniff confirms it. */
static enum vrp_format first_statement(const char *head, size_t len, size_t *at)
{
	const char *p = head, *end = head + len;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		size_t n = (size_t)(le - p);
		trim(&q, &n);
		p = nl ? nl + 1 : end;
		if (!n)
			continue;
		*at = (size_t)(q - head);
		if (q[0] == '{')
			return VRP_FMT_JSON;
		const char *t[4];
		size_t tl[4];
		size_t k = tokens(q, n, t, tl, 4);
		for (size_t i = 0; i < k && i < 4; i++)
			if (tok_is(t[i], tl[i], "roa-set") || tok_is(t[i], tl[i], "aspa-set"))
				return VRP_FMT_OPENBGPD;
		static const char *const bird[] = { "roa", "route", "roa4", "roa6", "define", "protocol", "table" };
		for (size_t i = 0; i < sizeof bird / sizeof bird[0]; i++)
			if (tok_is(t[0], tl[0], bird[i]))
				return VRP_FMT_BIRD;
		struct csv_cols c;
		const char *fl;
		if (csv_header(q, n, &c, &fl))
			return VRP_FMT_CSV;
		return VRP_FMT_AUTO;
	}
	return VRP_FMT_AUTO;
}

/* Skips the JSON string whose quote is at h[*i]; false if the head ends first. */
static bool head_string(const char *h, size_t len, size_t *i)
{
	for (size_t j = *i + 1; j < len; j++) {
		if (h[j] == '\\')
			j++;
		else if (h[j] == '"') {
			*i = j + 1;
			return true;
		}
	}
	return false;
}

static size_t head_ws(const char *h, size_t len, size_t i)
{
	while (i < len && (h[i] == ' ' || h[i] == '\t' || h[i] == '\n' || h[i] == '\r'))
		i++;
	return i;
}

/* Walks the members of the top-level object whose '{' is at h[i] as far as
 * the head goes. VRP data has a member "roas" or "aspas" that is an array,
 * or "provider_authorizations" (rpki-client 8.x) that is an object; the
 * first of them decides. A "slurmVersion" member (RFC 8416 section 3.2)
 * means a SLURM file, not VRPs. */
static bool head_json_is_vrp(const char *h, size_t len, size_t i)
{
	i++;
	for (;;) {
		i = head_ws(h, len, i);
		if (i >= len || h[i] != '"')
			return false;
		size_t k = i + 1;
		if (!head_string(h, len, &i))
			return false;
		size_t klen = i - 1 - k;
		const char *key = h + k;
		i = head_ws(h, len, i);
		if (i >= len || h[i] != ':')
			return false;
		i = head_ws(h, len, i + 1);
		if (i >= len)
			return false;
#define KEY_IS(s) (klen == sizeof(s) - 1 && !memcmp(key, s, klen))
		if (KEY_IS("roas") || KEY_IS("aspas"))
			return h[i] == '[';
		if (KEY_IS("provider_authorizations"))
			return h[i] == '{';
		if (KEY_IS("slurmVersion"))
			return false;
#undef KEY_IS
		/* Any other member: skip its value (strings and nesting only). */
		if (h[i] == '"') {
			if (!head_string(h, len, &i))
				return false;
		} else if (h[i] == '{' || h[i] == '[') {
			size_t depth = 0;
			for (;;) {
				if (i >= len)
					return false;
				char c = h[i];
				if (c == '"') {
					if (!head_string(h, len, &i))
						return false;
					continue;
				}
				i++;
				if (c == '{' || c == '[')
					depth++;
				else if ((c == '}' || c == ']') && --depth == 0)
					break;
			}
		} else {
			while (i < len && h[i] != ',' && h[i] != '}' && h[i] != ' ' && h[i] != '\n' && h[i] != '\t' &&
			       h[i] != '\r')
				i++;
		}
		i = head_ws(h, len, i);
		if (i >= len || h[i] != ',')
			return false;
		i++;
	}
}

/* True if the head holds a BIRD roa statement, "roa|route P max N as A;". */
static bool head_has_bird_roa(const char *head, size_t len)
{
	const char *p = head, *end = head + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;
		size_t n = (size_t)((nl ? nl : end) - p);
		p = nl ? nl + 1 : end;
		trim(&q, &n);
		const char *t[8];
		size_t tl[8];
		size_t k = tokens(q, n, t, tl, 8);
		if ((k == 6 || k == 7) && (tok_is(t[0], tl[0], "roa") || tok_is(t[0], tl[0], "route")) &&
		    tok_is(t[2], tl[2], "max") && tok_is(t[4], tl[4], "as"))
			return true;
	}
	return false;
}

enum vrp_format vrp_format_sniff(const char *head, size_t len)
{
	if (len > VRP_SNIFF_HEAD)
		len = VRP_SNIFF_HEAD;
	size_t at = 0;
	enum vrp_format f = first_statement(head, len, &at);
	switch (f) {
	case VRP_FMT_JSON: return head_json_is_vrp(head, len, at) ? f : VRP_FMT_AUTO;
	case VRP_FMT_BIRD: return head_has_bird_roa(head + at, len - at) ? f : VRP_FMT_AUTO;
	default: return f;
	}
}

static int load_run(struct load *l)
{
	struct rpki_src *s = &l->src;
	/* A UTF-8 byte order mark is not content. */
	if (rpki_src_avail(s, 3) >= 3 && !memcmp(s->buf + s->off, "\xef\xbb\xbf", 3))
		s->off += 3;
	enum vrp_format f = l->o->format;
	if (f == VRP_FMT_AUTO) {
		size_t avail = rpki_src_avail(s, VRP_SNIFF_HEAD), at;
		f = vrp_format_sniff(s->buf + s->off, avail);
		/* Not confirmed from the head: the loader its first statement
		 * points at says why (a SLURM file, JSON without "roas", a BIRD
		 * configuration without roa statements, VRP JSON whose "roas"
		 * comes after 64 KiB of other members). */
		if (f == VRP_FMT_AUTO)
			f = first_statement(s->buf + s->off, avail, &at);
		if (f == VRP_FMT_AUTO) {
			snprintf(l->rep->error, sizeof l->rep->error,
				 rpki_src_avail(s, 1) ? "not VRP data: neither JSON, a CSV header (ASN, IP Prefix, Max Length), "
						   "an OpenBGPD roa-set nor a BIRD roa table"
						 : "empty input: no VRP data");
			return -1;
		}
	}
	l->rep->format = f;
	l->prov = xmalloc(VRP_MAX_PROVIDERS * sizeof *l->prov);
	int rc;
	switch (f) {
	case VRP_FMT_JSON: rc = load_json(l); break;
	case VRP_FMT_CSV: rc = load_csv(l); break;
	case VRP_FMT_OPENBGPD: rc = load_openbgpd(l); break;
	default: rc = load_bird(l); break;
	}
	free(l->prov);
	if (rc == 0 && f == VRP_FMT_BIRD && !l->rep->vrps && !l->rep->skipped) {
		snprintf(l->rep->error, sizeof l->rep->error, "BIRD: not VRP data: no roa or route statement");
		return -1;
	}
	return rc;
}

/* The window with the caps of VRP JSON elements. */
static void src_init(struct rpki_src *s, rpki_read_fn fn, void *ctx, size_t chunk)
{
	rpki_src_init(s, fn, ctx, chunk);
	s->max_keep = VRP_MAX_JSON_ELEMENT;
	s->max_values = VRP_MAX_JSON_VALUES;
	s->e_big = E_JSON_BIG;
	s->e_values = E_JSON_VALUES;
}

static void report_init(struct vrp_load_report *rep)
{
	memset(rep, 0, sizeof *rep);
}

int vrp_load_mem(struct vrp_table *t, const void *p, size_t len, const struct vrp_load_opts *o,
		 struct vrp_load_report *rep)
{
	struct rpki_mem m = { p, len, 0 };
	struct load l = { t, o, rep, { 0 }, NULL };
	report_init(rep);
	src_init(&l.src, rpki_mem_read, &m, o->chunk);
	int rc = load_run(&l);
	rpki_src_free(&l.src);
	return rc;
}

static size_t read_input_cb(void *ctx, void *dst, size_t n)
{
	return input_read(ctx, dst, n);
}

int vrp_load_input(struct vrp_table *t, struct input *in, const struct vrp_load_opts *o,
		   struct vrp_load_report *rep)
{
	report_init(rep);
	struct load l = { t, o, rep, { 0 }, NULL };
	src_init(&l.src, read_input_cb, in, o->chunk);
	int rc = load_run(&l);
	/* A damaged compressed stream is the cause of whatever the parser
	 * said about the end of its text. */
	const char *ierr = input_error(in);
	if (ierr) {
		char first[160];
		snprintf(first, sizeof first, "%.150s", rep->error);
		if (rc == 0 || !first[0] || !strncmp(first, "empty input", 11))
			snprintf(rep->error, sizeof rep->error, "%s (%s input)", ierr, input_format(in));
		else
			snprintf(rep->error, sizeof rep->error, "%.80s (%s input); %s", ierr, input_format(in), first);
		rc = -1;
	}
	rpki_src_free(&l.src);
	return rc;
}

int vrp_load_file(struct vrp_table *t, const char *path, const struct vrp_load_opts *o, struct vrp_load_report *rep)
{
	report_init(rep);
	char err[sizeof rep->error];
	struct input *in = input_open(path, err, sizeof err);
	if (!in) {
		snprintf(rep->error, sizeof rep->error, "%s", err);
		return -1;
	}
	int rc = vrp_load_input(t, in, o, rep);
	input_close(in);
	return rc;
}
