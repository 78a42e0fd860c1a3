/*
 * SLURM (RFC 8416) parsing with jansson, the overlap check between several
 * files (section 4.2), and their application to a VRP and an ASPA table:
 * filters first, then assertions (section 4). A file is used whole or not
 * at all (section 4.1), so the parser stops at the first bad member.
 */
#include "rpki/slurm.h"

#include "lib/xmalloc.h"
#include "lib/input.h"
#include "rpki/aspa.h"
#include "rpki/rpki_int.h"
#include "rpki/vrp.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void slurm_init(struct slurm *s)
{
	memset(s, 0, sizeof *s);
}

void slurm_free(struct slurm *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_bf; i++)
		free(s->bf[i].ski);
	for (size_t i = 0; i < s->n_ba; i++) {
		free(s->ba[i].ski);
		free(s->ba[i].pubkey);
	}
	free(s->pf);
	free(s->bf);
	free(s->aspa_filters);
	free(s->pa);
	free(s->ba);
	free(s->aa);
	free(s->providers);
	memset(s, 0, sizeof *s);
}

struct perr {
	char *buf;
	size_t len;
};

static int perr(struct perr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(struct perr *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->buf, e->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* An ASN member: a JSON integer (RFC 8416 uses numbers), or an "AS..."
 * string as some producers write. */
static int get_asn(const json_t *v, uint32_t *asn)
{
	if (json_is_integer(v)) {
		json_int_t x = json_integer_value(v);
		if (x < 0 || x > (json_int_t)UINT32_MAX)
			return -1;
		*asn = (uint32_t)x;
		return 0;
	}
	if (json_is_string(v))
		return asn_parse(json_string_value(v), asn);
	return -1;
}

/* A prefix member: "addr/len" with no bits set past len. */
static int get_prefix(const json_t *v, struct prefix *p)
{
	if (!json_is_string(v))
		return -1;
	const char *s = json_string_value(v);
	const char *slash = strchr(s, '/');
	if (!slash || prefix_parse(s, p) < 0)
		return -1;
	char a[IP_STRLEN + 1];
	size_t n = (size_t)(slash - s);
	if (n >= sizeof a)
		return -1;
	memcpy(a, s, n);
	a[n] = 0;
	struct ip_addr ip;
	if (ip_parse(a, &ip) < 0 || memcmp(ip.b, p->b, 16) != 0)
		return -1;
	return 0;
}

static const json_t *first_member(const json_t *o, const char *const *names)
{
	for (; *names; names++) {
		const json_t *v = json_object_get(o, *names);
		if (v)
			return v;
	}
	return NULL;
}

/* ---- Streaming parse ------------------------------------------------------ */

/* The parse of one file: the file streams through a window; the top-level
 * object and its two sections are scanned here, and each array element
 * (and each other value) alone is parsed by jansson, under the caps of
 * slurm.h, so memory follows what the file adds, not its text. */
struct sparse {
	struct slurm *s;
	struct rpki_src src;
	struct perr e;
	size_t cap_pf, cap_bf, cap_af, cap_pa, cap_ba, cap_aa, cap_prov;
	size_t entries;
};

static const char E_ELEM_BIG[] = "larger than SLURM_MAX_ELEMENT";
static const char E_ELEM_VALUES[] = "of more than SLURM_MAX_ELEMENT_VALUES values";

static int count_entry(struct sparse *p, const char *path, size_t i)
{
	if (++p->entries > SLURM_MAX_ENTRIES)
		return perr(&p->e, "%s[%zu]: more members than SLURM_MAX_ENTRIES", path, i);
	return 0;
}

static int parse_prefix_filter(struct sparse *p, const json_t *o, size_t i)
{
	const char *path = "validationOutputFilters.prefixFilters";
	struct slurm *s = p->s;
	const json_t *v;
	if (!json_is_object(o))
		return perr(&p->e, "%s[%zu]: not an object", path, i);
	if (count_entry(p, path, i) < 0)
		return -1;
	s->pf = xgrow(s->pf, &p->cap_pf, s->n_pf + 1, sizeof *s->pf);
	struct slurm_prefix_filter *f = &s->pf[s->n_pf++];
	memset(f, 0, sizeof *f);
	if ((v = json_object_get(o, "prefix"))) {
		if (get_prefix(v, &f->prefix) < 0)
			return perr(&p->e, "RFC 8416 section 3.3.1: %s[%zu].prefix is not an IP prefix", path, i);
		f->has_prefix = true;
	}
	if ((v = json_object_get(o, "asn"))) {
		if (get_asn(v, &f->asn) < 0)
			return perr(&p->e, "RFC 8416 section 3.3.1: %s[%zu].asn is not an AS number", path, i);
		f->has_asn = true;
	}
	if (!f->has_prefix && !f->has_asn)
		return perr(&p->e, "RFC 8416 section 3.3.1: %s[%zu] has neither prefix nor asn", path, i);
	return 0;
}

static char *opt_string(const json_t *o, const char *name, int *bad)
{
	const json_t *v = json_object_get(o, name);
	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

static int parse_bgpsec_filter(struct sparse *p, const json_t *o, size_t i)
{
	const char *path = "validationOutputFilters.bgpsecFilters";
	struct slurm *s = p->s;
	const json_t *v;
	int badstr = 0;
	if (!json_is_object(o))
		return perr(&p->e, "%s[%zu]: not an object", path, i);
	if (count_entry(p, path, i) < 0)
		return -1;
	s->bf = xgrow(s->bf, &p->cap_bf, s->n_bf + 1, sizeof *s->bf);
	struct slurm_bgpsec_filter *f = &s->bf[s->n_bf++];
	memset(f, 0, sizeof *f);
	if ((v = json_object_get(o, "asn"))) {
		if (get_asn(v, &f->asn) < 0)
			return perr(&p->e, "RFC 8416 section 3.3.2: %s[%zu].asn is not an AS number", path, i);
		f->has_asn = true;
	}
	f->ski = opt_string(o, "SKI", &badstr);
	if (badstr)
		return perr(&p->e, "RFC 8416 section 3.3.2: %s[%zu].SKI is not a string", path, i);
	if (!f->has_asn && !f->ski)
		return perr(&p->e, "RFC 8416 section 3.3.2: %s[%zu] has neither asn nor SKI", path, i);
	return 0;
}

static const char *const CUSTOMER_KEYS[] = { "customerAsn", "customerAsid", "customer_asid", "customer", NULL };
static const char *const PROVIDER_KEYS[] = { "providerAsns", "provider_set", "providers", NULL };

static int parse_aspa_filter(struct sparse *p, const json_t *o, size_t i)
{
	const char *path = "validationOutputFilters.aspaFilters";
	struct slurm *s = p->s;
	if (!json_is_object(o))
		return perr(&p->e, "%s[%zu]: not an object", path, i);
	if (count_entry(p, path, i) < 0)
		return -1;
	s->aspa_filters = xgrow(s->aspa_filters, &p->cap_af, s->n_af + 1, sizeof *s->aspa_filters);
	const json_t *c = first_member(o, CUSTOMER_KEYS);
	if (!c || get_asn(c, &s->aspa_filters[s->n_af]) < 0)
		return perr(&p->e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] has no customer AS number "
			    "(customerAsid or customer_asid)", path, i);
	s->n_af++;
	return 0;
}

static int parse_prefix_assertion(struct sparse *p, const json_t *o, size_t i)
{
	const char *path = "locallyAddedAssertions.prefixAssertions";
	struct slurm *s = p->s;
	const json_t *v;
	if (!json_is_object(o))
		return perr(&p->e, "%s[%zu]: not an object", path, i);
	if (count_entry(p, path, i) < 0)
		return -1;
	s->pa = xgrow(s->pa, &p->cap_pa, s->n_pa + 1, sizeof *s->pa);
	struct slurm_prefix_assertion *pa = &s->pa[s->n_pa];
	if (get_prefix(json_object_get(o, "prefix"), &pa->prefix) < 0)
		return perr(&p->e, "RFC 8416 section 3.4.1: %s[%zu].prefix missing or not an IP prefix", path, i);
	if (get_asn(json_object_get(o, "asn"), &pa->asn) < 0)
		return perr(&p->e, "RFC 8416 section 3.4.1: %s[%zu].asn missing or not an AS number", path, i);
	pa->maxlen = pa->prefix.len;
	if ((v = json_object_get(o, "maxPrefixLength"))) {
		unsigned bits = pa->prefix.afi == AFI_IPV6 ? 128 : 32;
		if (!json_is_integer(v) || json_integer_value(v) < pa->prefix.len || json_integer_value(v) > bits)
			return perr(&p->e, "RFC 8416 section 3.4.1: %s[%zu].maxPrefixLength is not between the prefix "
				    "length and the address length", path, i);
		pa->maxlen = (uint8_t)json_integer_value(v);
	}
	s->n_pa++;
	return 0;
}

static int parse_bgpsec_assertion(struct sparse *p, const json_t *o, size_t i)
{
	const char *path = "locallyAddedAssertions.bgpsecAssertions";
	struct slurm *s = p->s;
	int badstr = 0;
	if (!json_is_object(o))
		return perr(&p->e, "%s[%zu]: not an object", path, i);
	if (count_entry(p, path, i) < 0)
		return -1;
	s->ba = xgrow(s->ba, &p->cap_ba, s->n_ba + 1, sizeof *s->ba);
	struct slurm_bgpsec_assertion *b = &s->ba[s->n_ba++];
	memset(b, 0, sizeof *b);
	if (get_asn(json_object_get(o, "asn"), &b->asn) < 0)
		return perr(&p->e, "RFC 8416 section 3.4.2: %s[%zu].asn missing or not an AS number", path, i);
	b->ski = opt_string(o, "SKI", &badstr);
	b->pubkey = opt_string(o, "routerPublicKey", &badstr);
	if (badstr || !b->ski || !b->pubkey)
		return perr(&p->e, "RFC 8416 section 3.4.2: %s[%zu] needs SKI and routerPublicKey strings", path, i);
	return 0;
}

static int parse_aspa_assertion(struct sparse *p, const json_t *o, size_t i)
{
	const char *path = "locallyAddedAssertions.aspaAssertions";
	struct slurm *s = p->s;
	if (!json_is_object(o))
		return perr(&p->e, "%s[%zu]: not an object", path, i);
	if (count_entry(p, path, i) < 0)
		return -1;
	const json_t *c = first_member(o, CUSTOMER_KEYS), *pv = first_member(o, PROVIDER_KEYS);
	struct slurm_aspa_assertion aa = { 0, s->n_providers, 0 };
	if (!c || get_asn(c, &aa.customer) < 0)
		return perr(&p->e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] has no customer AS number "
			    "(customerAsn or customer_asid)", path, i);
	if (!json_is_array(pv) || json_array_size(pv) == 0)
		return perr(&p->e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] has no provider list "
			    "(providerAsns or provider_set)", path, i);
	size_t n = json_array_size(pv);
	if (n > SLURM_MAX_PROVIDERS)
		return perr(&p->e, "%s[%zu]: more providers than SLURM_MAX_PROVIDERS", path, i);
	if (p->entries + n > SLURM_MAX_ENTRIES)
		return perr(&p->e, "%s[%zu]: more members than SLURM_MAX_ENTRIES", path, i);
	p->entries += n;
	s->providers = xgrow(s->providers, &p->cap_prov, s->n_providers + n, sizeof *s->providers);
	for (size_t k = 0; k < n; k++)
		if (get_asn(json_array_get(pv, k), &s->providers[s->n_providers + k]) < 0)
			return perr(&p->e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] provider %zu is not an AS number",
				    path, i, k);
	s->n_providers += n;
	aa.n = n;
	s->aa = xgrow(s->aa, &p->cap_aa, s->n_aa + 1, sizeof *s->aa);
	s->aa[s->n_aa++] = aa;
	return 0;
}

typedef int (*elem_fn)(struct sparse *p, const json_t *o, size_t i);

/* Parses the value next in the input alone with jansson (duplicate member
 * names refused, RFC 8416 section 3.1 making the file JSON as RFC 7159
 * recommends); it must fit the caps. Returns the value (owned) or NULL
 * after perr. */
static json_t *next_value(struct sparse *p, const char *path, size_t i, bool indexed)
{
	struct rpki_src *src = &p->src;
	size_t line = src->line, n = 0;
	rpki_json_keep_begin(src);
	int rc = rpki_json_skip_value(src);
	const char *text = rpki_json_keep_end(src, &n);
	if (rc < 0) {
		perr(&p->e, "RFC 8416 section 3.1: not JSON: the input ends inside %s (line %zu)", path, line);
		return NULL;
	}
	if (!text) {
		if (indexed)
			perr(&p->e, "%s[%zu] (line %zu): element %s", path, i, line, src->too_big);
		else
			perr(&p->e, "%s (line %zu): value %s", path, line, src->too_big);
		return NULL;
	}
	json_error_t je;
	json_t *v = json_loadb(text, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (!v)
		perr(&p->e, "RFC 8416 section 3.1: not JSON: line %zu: %s", line + (size_t)(je.line > 0 ? je.line - 1 : 0),
		     je.text);
	return v;
}

/* The array member `name` (path section.name), element by element. */
static int scan_array(struct sparse *p, const char *section, const char *name, elem_fn fn)
{
	struct rpki_src *src = &p->src;
	char path[136];
	snprintf(path, sizeof path, "%s.%s", section, name);
	if (rpki_json_ws(src) != '[')
		return perr(&p->e, "RFC 8416 section 3.2: %s is not an array", path);
	rpki_src_get(src);
	if (rpki_json_ws(src) == ']') {
		rpki_src_get(src);
		return 0;
	}
	for (size_t i = 0;; i++) {
		rpki_json_ws(src);
		json_t *v = next_value(p, path, i, true);
		if (!v)
			return -1;
		int rc = fn(p, v, i);
		json_decref(v);
		if (rc < 0)
			return -1;
		int c = rpki_json_ws(src);
		rpki_src_get(src);
		if (c == ']')
			return 0;
		if (c != ',')
			return perr(&p->e, "RFC 8416 section 3.1: not JSON: expected ',' or ']' in %s (line %zu)", path,
				    src->line);
	}
}

struct member {
	const char *name;
	elem_fn fn;               /* an array of these elements */
	bool seen;
};

/* The object whose '{' is next: members named in m are arrays scanned
 * with their function (each at most once: RFC 8416 section 3.1 wants no
 * duplicate names), others are checked as JSON and dropped. */
static int scan_object(struct sparse *p, const char *path, struct member *m, size_t nm)
{
	struct rpki_src *src = &p->src;
	rpki_src_get(src);
	if (rpki_json_ws(src) == '}') {
		rpki_src_get(src);
		return 0;
	}
	for (;;) {
		char key[64];
		rpki_json_ws(src);
		if (rpki_json_key(src, key, sizeof key) < 0 || rpki_json_ws(src) != ':')
			return perr(&p->e, "RFC 8416 section 3.1: not JSON: expected a member name and ':' in %s (line %zu)",
				    path, src->line);
		rpki_src_get(src);
		rpki_json_ws(src);
		size_t k = 0;
		while (k < nm && strcmp(key, m[k].name))
			k++;
		if (k < nm) {
			if (m[k].seen)
				return perr(&p->e, "RFC 8416 section 3.1: not JSON: line %zu: duplicate object key \"%s\"",
					    src->line, key);
			m[k].seen = true;
			if (scan_array(p, path, key, m[k].fn) < 0)
				return -1;
		} else {
			json_t *v = next_value(p, path, 0, false);
			if (!v)
				return -1;
			json_decref(v);
		}
		int c = rpki_json_ws(src);
		rpki_src_get(src);
		if (c == '}')
			return 0;
		if (c != ',')
			return perr(&p->e, "RFC 8416 section 3.1: not JSON: expected ',' or '}' in %s (line %zu)", path,
				    src->line);
	}
}

static int parse_stream(struct sparse *p)
{
	struct rpki_src *src = &p->src;
	struct slurm *s = p->s;
	bool version = false, vof = false, laa = false;
	int c = rpki_json_ws(src);
	if (c < 0)
		return perr(&p->e, "RFC 8416 section 3.1: empty input, not JSON");
	if (c != '{')
		return perr(&p->e, "RFC 8416 section 3.2: not a JSON object");
	rpki_src_get(src);
	c = rpki_json_ws(src);
	if (c == '}')
		rpki_src_get(src);
	while (c != '}') {
		char key[64];
		if (rpki_json_key(src, key, sizeof key) < 0 || rpki_json_ws(src) != ':')
			return perr(&p->e, "RFC 8416 section 3.1: not JSON: expected a member name and ':' (line %zu)",
				    src->line);
		rpki_src_get(src);
		c = rpki_json_ws(src);
		bool *seen = !strcmp(key, "slurmVersion")		 ? &version
			     : !strcmp(key, "validationOutputFilters") ? &vof
			     : !strcmp(key, "locallyAddedAssertions")  ? &laa
								       : NULL;
		if (seen && *seen)
			return perr(&p->e, "RFC 8416 section 3.1: not JSON: line %zu: duplicate object key \"%s\"",
				    src->line, key);
		if (seen)
			*seen = true;
		if (seen == &vof || seen == &laa) {
			if (c != '{')
				return perr(&p->e, "RFC 8416 section 3.2: validationOutputFilters or "
					    "locallyAddedAssertions missing or not an object");
			struct member fm[] = { { "prefixFilters", parse_prefix_filter, false },
					       { "bgpsecFilters", parse_bgpsec_filter, false },
					       { "aspaFilters", parse_aspa_filter, false } };
			struct member am[] = { { "prefixAssertions", parse_prefix_assertion, false },
					       { "bgpsecAssertions", parse_bgpsec_assertion, false },
					       { "aspaAssertions", parse_aspa_assertion, false } };
			if (scan_object(p, key, seen == &vof ? fm : am, 3) < 0)
				return -1;
		} else {
			json_t *v = next_value(p, key, 0, false);
			if (!v)
				return -1;
			if (seen == &version) {
				json_int_t x = json_is_integer(v) ? json_integer_value(v) : 0;
				if (x != 1 && x != 2) {
					json_decref(v);
					return perr(&p->e, "RFC 8416 section 3.2: slurmVersion missing or not 1 (2 with ASPA)");
				}
				s->version = (int)x;
			}
			json_decref(v);
		}
		c = rpki_json_ws(src);
		rpki_src_get(src);
		if (c == '}')
			break;
		if (c != ',')
			return perr(&p->e, "RFC 8416 section 3.1: not JSON: expected ',' or '}' (line %zu)", src->line);
		rpki_json_ws(src);
	}
	if (rpki_json_ws(src) >= 0)
		return perr(&p->e, "RFC 8416 section 3.1: not JSON: text after the end of the object (line %zu)",
			    src->line);
	if (!version)
		return perr(&p->e, "RFC 8416 section 3.2: slurmVersion missing or not 1 (2 with ASPA)");
	if (!vof || !laa)
		return perr(&p->e, "RFC 8416 section 3.2: validationOutputFilters or locallyAddedAssertions missing or "
			    "not an object");
	if (s->version == 1 && (s->n_af || s->n_aa))
		return perr(&p->e, "RFC 8416 section 3.2: ASPA members need slurmVersion 2 (draft-ietf-sidrops-aspa-slurm)");
	return 0;
}

/* Reads through fn; 0, or -1 with err (and s empty). */
static int parse_with(struct slurm *s, rpki_read_fn fn, void *ctx, char *err, size_t errlen)
{
	struct sparse p = { .s = s, .e = { err, errlen } };
	slurm_init(s);
	rpki_src_init(&p.src, fn, ctx, 1u << 16);
	p.src.max_keep = SLURM_MAX_ELEMENT;
	p.src.max_values = SLURM_MAX_ELEMENT_VALUES;
	p.src.e_big = E_ELEM_BIG;
	p.src.e_values = E_ELEM_VALUES;
	int rc = parse_stream(&p);
	rpki_src_free(&p.src);
	if (rc < 0)
		slurm_free(s);
	return rc;
}

int slurm_parse(struct slurm *s, const char *text, size_t len, char *err, size_t errlen)
{
	if (len > SLURM_MAX_FILE_BYTES) {
		slurm_init(s);
		return perr(&(struct perr){ err, errlen }, "larger than SLURM_MAX_FILE_BYTES");
	}
	struct rpki_mem m = { text, len, 0 };
	return parse_with(s, rpki_mem_read, &m, err, errlen);
}

/* Reads a file, stopping past SLURM_MAX_FILE_BYTES. */
struct file_reader {
	struct input *in;
	uint64_t total;
	bool too_big;
};

static size_t file_read(void *ctx, void *dst, size_t n)
{
	struct file_reader *f = ctx;
	if (f->too_big)
		return 0;
	size_t got = input_read(f->in, dst, n);
	f->total += got;
	if (f->total > SLURM_MAX_FILE_BYTES) {
		f->too_big = true;
		return 0;
	}
	return got;
}

int slurm_load_file(struct slurm *s, const char *path, char *err, size_t errlen)
{
	slurm_init(s);
	char why[400];
	struct input *in = input_open(path, why, sizeof why);
	if (!in) {
		/* Name the file once, whether input_open did or not. */
		size_t n = strlen(path);
		const char *w = !strncmp(why, path, n) && !strncmp(why + n, ": ", 2) ? why + n + 2 : why;
		snprintf(err, errlen, "%s: %s", path, w);
		return -1;
	}
	struct file_reader f = { in, 0, false };
	int rc = parse_with(s, file_read, &f, why, sizeof why);
	const char *ierr = input_error(in);
	if (f.too_big) {
		slurm_free(s);
		snprintf(err, errlen, "%s: larger than SLURM_MAX_FILE_BYTES", path);
		rc = -1;
	} else if (ierr) {
		/* A damaged compressed stream is the cause of whatever the
		 * parser said about the end of its text. */
		slurm_free(s);
		snprintf(err, errlen, "%s: %s (%s input)", path, ierr, input_format(in));
		rc = -1;
	} else if (rc < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
	}
	input_close(in);
	return rc;
}

/* The overlap check, naming the files by names[i] or, without names, by
 * their rank. */
static int check_overlap(const struct slurm *const *files, const char *const *names, size_t n, char *err,
			 size_t errlen);

int slurm_check_overlap(const struct slurm *const *files, size_t n, char *err, size_t errlen)
{
	return check_overlap(files, NULL, n, err, errlen);
}

/* "files 1 and 2" or "A and B". */
static void pair_name(char *buf, size_t len, const char *const *names, size_t i, size_t j)
{
	if (names)
		snprintf(buf, len, "%.150s and %.150s", names[i], names[j]);
	else
		snprintf(buf, len, "files %zu and %zu", i + 1, j + 1);
}

/* A member of one of the files, for the sorted sweeps below. */
struct ov_item {
	struct prefix p;           /* prefix members, bits past the length cleared */
	uint32_t asn;              /* BGPsec ASNs, ASPA customers */
	const char *ski;           /* BGPsec SKIs */
	size_t file;
};

static int cmp_ov_prefix(const void *a, const void *b)
{
	const struct ov_item *x = a, *y = b;
	int c = prefix_cmp(&x->p, &y->p);
	return c ? c : (x->file > y->file) - (x->file < y->file);
}

static int cmp_ov_asn(const void *a, const void *b)
{
	const struct ov_item *x = a, *y = b;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	return (x->file > y->file) - (x->file < y->file);
}

static int cmp_ov_ski(const void *a, const void *b)
{
	const struct ov_item *x = a, *y = b;
	int c = strcmp(x->ski, y->ski);
	return c ? c : (x->file > y->file) - (x->file < y->file);
}

static void ov_add_prefix(struct ov_item *v, size_t *k, const struct prefix *p, size_t file)
{
	memset(&v[*k], 0, sizeof v[*k]);
	v[*k].p = *p;
	prefix_mask(&v[*k].p);
	v[(*k)++].file = file;
}

/* Two members of different files, equal by cmp once the file is left out,
 * are next to each other after sorting by (key, file). Returns the index
 * of the first of such a pair, or (size_t)-1. */
static size_t ov_adjacent(const struct ov_item *v, size_t k, bool (*same)(const struct ov_item *, const struct ov_item *))
{
	for (size_t i = 1; i < k; i++)
		if (v[i].file != v[i - 1].file && same(&v[i], &v[i - 1]))
			return i - 1;
	return (size_t)-1;
}

static bool same_asn(const struct ov_item *a, const struct ov_item *b) { return a->asn == b->asn; }
static bool same_ski(const struct ov_item *a, const struct ov_item *b) { return !strcmp(a->ski, b->ski); }

/* RFC 8416 section 4.2 in O(m log m) for m members in all: sorted by
 * address then length, a prefix comes after every prefix covering it, and
 * the prefixes covering the current one form a chain (a stack at most 129
 * deep, one entry per length) that is checked for another file. */
static int check_overlap(const struct slurm *const *files, const char *const *names, size_t n, char *err,
			 size_t errlen)
{
	char pair[320];
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += files[i]->n_pf + files[i]->n_pa + files[i]->n_bf + files[i]->n_ba + files[i]->n_af +
			 files[i]->n_aa;
	struct ov_item *v = xreallocarray(NULL, total ? total : 1, sizeof *v);
	int rc = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t x = 0; x < files[i]->n_pf; x++)
			if (files[i]->pf[x].has_prefix)
				ov_add_prefix(v, &k, &files[i]->pf[x].prefix, i);
		for (size_t x = 0; x < files[i]->n_pa; x++)
			ov_add_prefix(v, &k, &files[i]->pa[x].prefix, i);
	}
	qsort(v, k, sizeof *v, cmp_ov_prefix);
	const struct ov_item *stack[130];
	size_t sp = 0;
	for (size_t x = 0; x < k && !rc; x++) {
		while (sp && !prefix_covers(&stack[sp - 1]->p, &v[x].p))
			sp--;
		for (size_t y = 0; y < sp; y++) {
			if (stack[y]->file == v[x].file)
				continue;
			const struct ov_item *lo = stack[y]->file < v[x].file ? stack[y] : &v[x];
			const struct ov_item *hi = lo == stack[y] ? &v[x] : stack[y];
			char s1[PREFIX_STRLEN], s2[PREFIX_STRLEN];
			prefix_fmt(&lo->p, s1);
			prefix_fmt(&hi->p, s2);
			pair_name(pair, sizeof pair, names, lo->file, hi->file);
			snprintf(err, errlen, "RFC 8416 section 4.2: %s overlap (%s and %s)", pair, s1, s2);
			rc = -1;
			break;
		}
		/* The same prefix again in the same file: one entry is enough. */
		if (!rc && !(sp && prefix_equal(&stack[sp - 1]->p, &v[x].p)) && sp < 130)
			stack[sp++] = &v[x];
	}
	/* BGPsec members: the same ASN, or the same SKI. */
	if (!rc) {
		k = 0;
		for (size_t i = 0; i < n; i++) {
			for (size_t x = 0; x < files[i]->n_bf; x++)
				if (files[i]->bf[x].has_asn)
					v[k++] = (struct ov_item){ .asn = files[i]->bf[x].asn, .file = i };
			for (size_t x = 0; x < files[i]->n_ba; x++)
				v[k++] = (struct ov_item){ .asn = files[i]->ba[x].asn, .file = i };
		}
		qsort(v, k, sizeof *v, cmp_ov_asn);
		size_t at = ov_adjacent(v, k, same_asn);
		if (at == (size_t)-1) {
			k = 0;
			for (size_t i = 0; i < n; i++) {
				for (size_t x = 0; x < files[i]->n_bf; x++)
					if (files[i]->bf[x].ski)
						v[k++] = (struct ov_item){ .ski = files[i]->bf[x].ski, .file = i };
				for (size_t x = 0; x < files[i]->n_ba; x++)
					if (files[i]->ba[x].ski)
						v[k++] = (struct ov_item){ .ski = files[i]->ba[x].ski, .file = i };
			}
			qsort(v, k, sizeof *v, cmp_ov_ski);
			at = ov_adjacent(v, k, same_ski);
		}
		if (at != (size_t)-1) {
			pair_name(pair, sizeof pair, names, v[at].file, v[at + 1].file);
			snprintf(err, errlen, "RFC 8416 section 4.2: %s overlap (BGPsec members for the same ASN or SKI)",
				 pair);
			rc = -1;
		}
	}
	/* ASPA members: the same customer. */
	if (!rc) {
		k = 0;
		for (size_t i = 0; i < n; i++) {
			for (size_t x = 0; x < files[i]->n_af; x++)
				v[k++] = (struct ov_item){ .asn = files[i]->aspa_filters[x], .file = i };
			for (size_t x = 0; x < files[i]->n_aa; x++)
				v[k++] = (struct ov_item){ .asn = files[i]->aa[x].customer, .file = i };
		}
		qsort(v, k, sizeof *v, cmp_ov_asn);
		size_t at = ov_adjacent(v, k, same_asn);
		if (at != (size_t)-1) {
			pair_name(pair, sizeof pair, names, v[at].file, v[at + 1].file);
			snprintf(err, errlen, "RFC 8416 section 4.2: %s overlap (ASPA members for customer AS%u)", pair,
				 v[at].asn);
			rc = -1;
		}
	}
	free(v);
	return rc;
}

bool slurm_filter_matches(const struct slurm_prefix_filter *f, const struct prefix *p, uint32_t asn)
{
	if (f->has_prefix && !prefix_covers(&f->prefix, p))
		return false;
	if (f->has_asn && f->asn != asn)
		return false;
	return true;
}

struct filter_ctx {
	const struct slurm *const *files;
	size_t n;
};

static bool vrp_filtered(const struct vrp *v, void *arg)
{
	struct filter_ctx *c = arg;
	for (size_t i = 0; i < c->n; i++)
		for (size_t k = 0; k < c->files[i]->n_pf; k++)
			if (slurm_filter_matches(&c->files[i]->pf[k], &v->prefix, v->asn))
				return true;
	return false;
}

void slurm_apply(const struct slurm *const *files, size_t n, struct vrp_table *t, struct aspa_table *aspa,
		 struct slurm_stats *st)
{
	memset(st, 0, sizeof *st);
	struct filter_ctx c = { files, n };
	size_t nf = 0;
	for (size_t i = 0; i < n; i++)
		nf += files[i]->n_pf;
	/* RFC 8416 section 4: filters on the RPKI's output first... */
	if (nf)
		st->vrps_removed = vrp_table_remove_if(t, vrp_filtered, &c);
	if (aspa) {
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < files[i]->n_af; k++) {
				aspa_table_remove(aspa, files[i]->aspa_filters[k]);
				st->aspa_filters_applied++;
			}
	}
	/* ...then the assertions, which no filter touches. */
	for (size_t i = 0; i < n; i++) {
		const struct slurm *s = files[i];
		for (size_t k = 0; k < s->n_pa; k++) {
			struct vrp v = { s->pa[k].prefix, s->pa[k].maxlen, s->pa[k].asn };
			if (vrp_table_add(t, &v) == 0)
				st->vrps_added++;
		}
		if (aspa)
			for (size_t k = 0; k < s->n_aa; k++) {
				aspa_table_add(aspa, s->aa[k].customer, s->providers + s->aa[k].first, s->aa[k].n);
				st->aspas_added++;
			}
	}
}

void slurm_set_apply(const struct slurm_set *set, struct vrp_table *t, struct aspa_table *aspa,
		     struct slurm_stats *st)
{
	const struct slurm **ptrs = xcalloc(set->n ? set->n : 1, sizeof *ptrs);
	for (size_t i = 0; i < set->n; i++)
		ptrs[i] = &set->files[i];
	slurm_apply(ptrs, set->n, t, aspa, st);
	free(ptrs);
}

void slurm_set_free(struct slurm_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		slurm_free(&set->files[i]);
	free(set->files);
	set->files = NULL;
	set->n = 0;
}

int slurm_set_load(struct slurm_set *set, const char *const *paths, size_t n, char *err, size_t errlen)
{
	set->files = xcalloc(n ? n : 1, sizeof *set->files);
	set->n = 0;
	char why[480];
	/* RFC 8416 section 4.1: one bad file and none is used. */
	for (size_t i = 0; i < n; i++) {
		if (slurm_load_file(&set->files[i], paths[i], why, sizeof why) < 0) {
			snprintf(err, errlen, "%s; no SLURM file is used (RFC 8416 section 4.1)", why);
			slurm_set_free(set);
			return -1;
		}
		set->n++;
	}
	/* Section 4.2: nor are files that overlap. */
	const struct slurm **ptrs = xcalloc(n ? n : 1, sizeof *ptrs);
	for (size_t i = 0; i < n; i++)
		ptrs[i] = &set->files[i];
	int rc = check_overlap(ptrs, paths, n, why, sizeof why);
	free(ptrs);
	if (rc < 0) {
		snprintf(err, errlen, "%s; none of them is used", why);
		slurm_set_free(set);
		return -1;
	}
	return 0;
}
