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

/* The array member `name` of o: NULL if absent (an empty list), else it
 * must be an array. */
static int get_array(const json_t *o, const char *name, const json_t **arr, struct perr *e, const char *path)
{
	*arr = json_object_get(o, name);
	if (*arr && !json_is_array(*arr))
		return perr(e, "RFC 8416 section 3.2: %s.%s is not an array", path, name);
	return 0;
}

static int parse_prefix_filters(struct slurm *s, const json_t *a, struct perr *e)
{
	const char *path = "validationOutputFilters.prefixFilters";
	s->n_pf = json_array_size(a);
	s->pf = xcalloc(s->n_pf ? s->n_pf : 1, sizeof *s->pf);
	for (size_t i = 0; i < s->n_pf; i++) {
		const json_t *o = json_array_get(a, i), *v;
		struct slurm_prefix_filter *f = &s->pf[i];
		if (!json_is_object(o))
			return perr(e, "%s[%zu]: not an object", path, i);
		if ((v = json_object_get(o, "prefix"))) {
			if (get_prefix(v, &f->prefix) < 0)
				return perr(e, "RFC 8416 section 3.3.1: %s[%zu].prefix is not an IP prefix", path, i);
			f->has_prefix = true;
		}
		if ((v = json_object_get(o, "asn"))) {
			if (get_asn(v, &f->asn) < 0)
				return perr(e, "RFC 8416 section 3.3.1: %s[%zu].asn is not an AS number", path, i);
			f->has_asn = true;
		}
		if (!f->has_prefix && !f->has_asn)
			return perr(e, "RFC 8416 section 3.3.1: %s[%zu] has neither prefix nor asn", path, i);
	}
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

static int parse_bgpsec_filters(struct slurm *s, const json_t *a, struct perr *e)
{
	const char *path = "validationOutputFilters.bgpsecFilters";
	s->n_bf = json_array_size(a);
	s->bf = xcalloc(s->n_bf ? s->n_bf : 1, sizeof *s->bf);
	for (size_t i = 0; i < s->n_bf; i++) {
		const json_t *o = json_array_get(a, i), *v;
		struct slurm_bgpsec_filter *f = &s->bf[i];
		int badstr = 0;
		if (!json_is_object(o))
			return perr(e, "%s[%zu]: not an object", path, i);
		if ((v = json_object_get(o, "asn"))) {
			if (get_asn(v, &f->asn) < 0)
				return perr(e, "RFC 8416 section 3.3.2: %s[%zu].asn is not an AS number", path, i);
			f->has_asn = true;
		}
		f->ski = opt_string(o, "SKI", &badstr);
		if (badstr)
			return perr(e, "RFC 8416 section 3.3.2: %s[%zu].SKI is not a string", path, i);
		if (!f->has_asn && !f->ski)
			return perr(e, "RFC 8416 section 3.3.2: %s[%zu] has neither asn nor SKI", path, i);
	}
	return 0;
}

static const char *const CUSTOMER_KEYS[] = { "customerAsn", "customerAsid", "customer_asid", "customer", NULL };
static const char *const PROVIDER_KEYS[] = { "providerAsns", "provider_set", "providers", NULL };

static int parse_aspa_filters(struct slurm *s, const json_t *a, struct perr *e)
{
	const char *path = "validationOutputFilters.aspaFilters";
	s->n_af = json_array_size(a);
	s->aspa_filters = xcalloc(s->n_af ? s->n_af : 1, sizeof *s->aspa_filters);
	for (size_t i = 0; i < s->n_af; i++) {
		const json_t *o = json_array_get(a, i);
		if (!json_is_object(o))
			return perr(e, "%s[%zu]: not an object", path, i);
		const json_t *c = first_member(o, CUSTOMER_KEYS);
		if (!c || get_asn(c, &s->aspa_filters[i]) < 0)
			return perr(e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] has no customer AS number "
				    "(customerAsid or customer_asid)", path, i);
	}
	return 0;
}

static int parse_prefix_assertions(struct slurm *s, const json_t *a, struct perr *e)
{
	const char *path = "locallyAddedAssertions.prefixAssertions";
	s->n_pa = json_array_size(a);
	s->pa = xcalloc(s->n_pa ? s->n_pa : 1, sizeof *s->pa);
	for (size_t i = 0; i < s->n_pa; i++) {
		const json_t *o = json_array_get(a, i), *v;
		struct slurm_prefix_assertion *pa = &s->pa[i];
		if (!json_is_object(o))
			return perr(e, "%s[%zu]: not an object", path, i);
		if (get_prefix(json_object_get(o, "prefix"), &pa->prefix) < 0)
			return perr(e, "RFC 8416 section 3.4.1: %s[%zu].prefix missing or not an IP prefix", path, i);
		if (get_asn(json_object_get(o, "asn"), &pa->asn) < 0)
			return perr(e, "RFC 8416 section 3.4.1: %s[%zu].asn missing or not an AS number", path, i);
		pa->maxlen = pa->prefix.len;
		if ((v = json_object_get(o, "maxPrefixLength"))) {
			unsigned bits = pa->prefix.afi == AFI_IPV6 ? 128 : 32;
			if (!json_is_integer(v) || json_integer_value(v) < pa->prefix.len ||
			    json_integer_value(v) > bits)
				return perr(e, "RFC 8416 section 3.4.1: %s[%zu].maxPrefixLength is not between the prefix "
					    "length and the address length", path, i);
			pa->maxlen = (uint8_t)json_integer_value(v);
		}
	}
	return 0;
}

static int parse_bgpsec_assertions(struct slurm *s, const json_t *a, struct perr *e)
{
	const char *path = "locallyAddedAssertions.bgpsecAssertions";
	s->n_ba = json_array_size(a);
	s->ba = xcalloc(s->n_ba ? s->n_ba : 1, sizeof *s->ba);
	for (size_t i = 0; i < s->n_ba; i++) {
		const json_t *o = json_array_get(a, i);
		struct slurm_bgpsec_assertion *b = &s->ba[i];
		int badstr = 0;
		if (!json_is_object(o))
			return perr(e, "%s[%zu]: not an object", path, i);
		if (get_asn(json_object_get(o, "asn"), &b->asn) < 0)
			return perr(e, "RFC 8416 section 3.4.2: %s[%zu].asn missing or not an AS number", path, i);
		b->ski = opt_string(o, "SKI", &badstr);
		b->pubkey = opt_string(o, "routerPublicKey", &badstr);
		if (badstr || !b->ski || !b->pubkey)
			return perr(e, "RFC 8416 section 3.4.2: %s[%zu] needs SKI and routerPublicKey strings", path, i);
	}
	return 0;
}

static int parse_aspa_assertions(struct slurm *s, const json_t *a, struct perr *e)
{
	const char *path = "locallyAddedAssertions.aspaAssertions";
	s->n_aa = json_array_size(a);
	s->aa = xcalloc(s->n_aa ? s->n_aa : 1, sizeof *s->aa);
	size_t total = 0;
	for (size_t i = 0; i < s->n_aa; i++) {
		const json_t *p = first_member(json_array_get(a, i), PROVIDER_KEYS);
		if (json_is_array(p))
			total += json_array_size(p);
	}
	s->providers = xcalloc(total ? total : 1, sizeof *s->providers);
	for (size_t i = 0; i < s->n_aa; i++) {
		const json_t *o = json_array_get(a, i);
		struct slurm_aspa_assertion *aa = &s->aa[i];
		if (!json_is_object(o))
			return perr(e, "%s[%zu]: not an object", path, i);
		const json_t *c = first_member(o, CUSTOMER_KEYS), *p = first_member(o, PROVIDER_KEYS);
		if (!c || get_asn(c, &aa->customer) < 0)
			return perr(e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] has no customer AS number "
				    "(customerAsn or customer_asid)", path, i);
		if (!json_is_array(p) || json_array_size(p) == 0)
			return perr(e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] has no provider list "
				    "(providerAsns or provider_set)", path, i);
		if (json_array_size(p) > SLURM_MAX_PROVIDERS)
			return perr(e, "%s[%zu]: more providers than SLURM_MAX_PROVIDERS", path, i);
		aa->first = s->n_providers;
		for (size_t k = 0; k < json_array_size(p); k++)
			if (get_asn(json_array_get(p, k), &s->providers[s->n_providers++]) < 0)
				return perr(e, "draft-ietf-sidrops-aspa-slurm: %s[%zu] provider %zu is not an AS number",
					    path, i, k);
		aa->n = s->n_providers - aa->first;
	}
	return 0;
}

int slurm_parse(struct slurm *s, const char *text, size_t len, char *err, size_t errlen)
{
	struct perr e = { err, errlen };
	json_error_t je;
	slurm_init(s);
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return perr(&e, "RFC 8416 section 3.1: not JSON: line %d: %s", je.line, je.text);
	int rc = -1;
	const json_t *v = json_object_get(root, "slurmVersion"), *vof, *laa, *a;
	if (!json_is_object(root)) {
		perr(&e, "RFC 8416 section 3.2: not a JSON object");
		goto out;
	}
	if (!json_is_integer(v) || (json_integer_value(v) != 1 && json_integer_value(v) != 2)) {
		perr(&e, "RFC 8416 section 3.2: slurmVersion missing or not 1 (2 with ASPA)");
		goto out;
	}
	s->version = (int)json_integer_value(v);
	vof = json_object_get(root, "validationOutputFilters");
	laa = json_object_get(root, "locallyAddedAssertions");
	if (!json_is_object(vof) || !json_is_object(laa)) {
		perr(&e, "RFC 8416 section 3.2: validationOutputFilters or locallyAddedAssertions missing or not an object");
		goto out;
	}
	if (get_array(vof, "prefixFilters", &a, &e, "validationOutputFilters") || parse_prefix_filters(s, a, &e) ||
	    get_array(vof, "bgpsecFilters", &a, &e, "validationOutputFilters") || parse_bgpsec_filters(s, a, &e) ||
	    get_array(vof, "aspaFilters", &a, &e, "validationOutputFilters") || parse_aspa_filters(s, a, &e) ||
	    get_array(laa, "prefixAssertions", &a, &e, "locallyAddedAssertions") || parse_prefix_assertions(s, a, &e) ||
	    get_array(laa, "bgpsecAssertions", &a, &e, "locallyAddedAssertions") || parse_bgpsec_assertions(s, a, &e) ||
	    get_array(laa, "aspaAssertions", &a, &e, "locallyAddedAssertions") || parse_aspa_assertions(s, a, &e))
		goto out;
	if (s->version == 1 && (s->n_af || s->n_aa)) {
		perr(&e, "RFC 8416 section 3.2: ASPA members need slurmVersion 2 (draft-ietf-sidrops-aspa-slurm)");
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	if (rc < 0)
		slurm_free(s);
	return rc;
}

int slurm_load_file(struct slurm *s, const char *path, char *err, size_t errlen)
{
	slurm_init(s);
	struct input *in = input_open(path, err, errlen);
	if (!in)
		return -1;
	size_t cap = 1u << 16, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap >= SLURM_MAX_FILE_BYTES) {
				snprintf(err, errlen, "%s: larger than SLURM_MAX_FILE_BYTES", path);
				free(buf);
				input_close(in);
				return -1;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t n = input_read(in, buf + len, cap - len);
		if (n == 0)
			break;
		len += n;
	}
	const char *ierr = input_error(in);
	int rc;
	if (ierr) {
		snprintf(err, errlen, "%s: %s", path, ierr);
		rc = -1;
	} else {
		char why[400];
		rc = slurm_parse(s, buf, len, why, sizeof why);
		if (rc < 0)
			snprintf(err, errlen, "%s: %s", path, why);
	}
	free(buf);
	input_close(in);
	return rc;
}

static bool prefixes_overlap(const struct prefix *a, const struct prefix *b)
{
	return prefix_covers(a, b) || prefix_covers(b, a);
}

/* Collects the prefixes of one file's prefix filters and assertions. */
static size_t file_prefixes(const struct slurm *s, const struct prefix **out)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_pf; i++)
		if (s->pf[i].has_prefix)
			out[n++] = &s->pf[i].prefix;
	for (size_t i = 0; i < s->n_pa; i++)
		out[n++] = &s->pa[i].prefix;
	return n;
}

static bool ski_eq(const char *a, const char *b) { return a && b && !strcmp(a, b); }

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

static int check_overlap(const struct slurm *const *files, const char *const *names, size_t n, char *err,
			 size_t errlen)
{
	char pair[320];
	for (size_t i = 0; i < n; i++) {
		const struct slurm *a = files[i];
		const struct prefix **pa = xmalloc((a->n_pf + a->n_pa + 1) * sizeof *pa);
		size_t na = file_prefixes(a, pa);
		for (size_t j = i + 1; j < n; j++) {
			const struct slurm *b = files[j];
			const struct prefix **pb = xmalloc((b->n_pf + b->n_pa + 1) * sizeof *pb);
			size_t nb = file_prefixes(b, pb);
			int found = 0;
			for (size_t x = 0; x < na && !found; x++)
				for (size_t y = 0; y < nb && !found; y++)
					if (prefixes_overlap(pa[x], pb[y])) {
						char s1[PREFIX_STRLEN], s2[PREFIX_STRLEN];
						prefix_fmt(pa[x], s1);
						prefix_fmt(pb[y], s2);
						pair_name(pair, sizeof pair, names, i, j);
						snprintf(err, errlen, "RFC 8416 section 4.2: %s overlap (%s and %s)", pair,
							 s1, s2);
						found = 1;
					}
			/* BGPsec members: the same ASN or SKI. */
			for (size_t x = 0; x < a->n_bf + a->n_ba && !found; x++) {
				bool xa = x < a->n_bf ? a->bf[x].has_asn : true;
				uint32_t xasn = x < a->n_bf ? a->bf[x].asn : a->ba[x - a->n_bf].asn;
				const char *xski = x < a->n_bf ? a->bf[x].ski : a->ba[x - a->n_bf].ski;
				for (size_t y = 0; y < b->n_bf + b->n_ba && !found; y++) {
					bool ya = y < b->n_bf ? b->bf[y].has_asn : true;
					uint32_t yasn = y < b->n_bf ? b->bf[y].asn : b->ba[y - b->n_bf].asn;
					const char *yski = y < b->n_bf ? b->bf[y].ski : b->ba[y - b->n_bf].ski;
					if ((xa && ya && xasn == yasn) || ski_eq(xski, yski)) {
						pair_name(pair, sizeof pair, names, i, j);
						snprintf(err, errlen, "RFC 8416 section 4.2: %s overlap "
							 "(BGPsec members for the same ASN or SKI)", pair);
						found = 1;
					}
				}
			}
			/* ASPA members: the same customer. */
			for (size_t x = 0; x < a->n_af + a->n_aa && !found; x++) {
				uint32_t cx = x < a->n_af ? a->aspa_filters[x] : a->aa[x - a->n_af].customer;
				for (size_t y = 0; y < b->n_af + b->n_aa && !found; y++) {
					uint32_t cy = y < b->n_af ? b->aspa_filters[y] : b->aa[y - b->n_af].customer;
					if (cx == cy) {
						pair_name(pair, sizeof pair, names, i, j);
						snprintf(err, errlen, "RFC 8416 section 4.2: %s overlap "
							 "(ASPA members for customer AS%u)", pair, cx);
						found = 1;
					}
				}
			}
			free(pb);
			if (found) {
				free(pa);
				return -1;
			}
		}
		free(pa);
	}
	return 0;
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
