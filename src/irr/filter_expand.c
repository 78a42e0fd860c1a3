/*
 * From OBJECT arguments to the prefix tree and AS list of a filter, with
 * the results bgpq4 gets from an IRRd server holding the same database:
 * which query it would send for each object (!i set,1; !a4/!a6 server-side
 * expansion; set by set with !i when -L, EXCEPT or SOURCE:: is used; !g /
 * !6 per AS number) decides what lands in the filter, e.g. private AS
 * numbers are refused on the client side (so their routes stay out unless
 * a server-side !a expansion brings them in).
 */
#include "irr/filter.h"
#include "lib/hashset.h"
#include "lib/xmalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void filter_asns_add(struct filter_asns *a, uint32_t asn)
{
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->v[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->n && a->v[lo] == asn)
		return;
	a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof *a->v);
	memmove(a->v + lo + 1, a->v + lo, (a->n - lo) * sizeof *a->v);
	a->v[lo] = asn;
	a->n++;
}

bool filter_asns_has(const struct filter_asns *a, uint32_t asn)
{
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->v[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->n && a->v[lo] == asn;
}

void filter_asns_free(struct filter_asns *a)
{
	free(a->v);
	memset(a, 0, sizeof *a);
}

static void strs_add(struct irr_strs *s, const char *v)
{
	if (s->n >= 1000)   /* diagnostics only: the first thousand are plenty */
		return;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return;
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = xstrdup(v);
}

static void strs_free(struct irr_strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

void filter_report_free(struct filter_report *r)
{
	strs_free(&r->missing);
	strs_free(&r->rejected);
	strs_free(&r->bad);
	strs_free(&r->checking);
	memset(r, 0, sizeof *r);
}

/* ---- Classifying objects (as bgpq4's command line does) ------------------ */

enum obj_kind { OBJ_ASN, OBJ_ASSET, OBJ_RSET, OBJ_PREFIX, OBJ_RANGE, OBJ_IGNORED };

/* The name after "SOURCE::", or the whole object. */
static const char *after_source(const char *s)
{
	const char *d = strstr(s, "::");
	return d ? d + 2 : s;
}

static enum obj_kind classify(const char *obj)
{
	const char *o = after_source(obj);
	if (!strncasecmp(o, "AS-", 3))
		return OBJ_ASSET;
	if (!strncasecmp(o, "RS-", 3))
		return OBJ_RSET;
	if (!strncasecmp(o, "AS", 2)) {
		const char *c = strchr(o, ':');
		if (!c)
			return OBJ_ASN;
		if (!strncasecmp(c + 1, "AS-", 3))
			return OBJ_ASSET;
		if (!strncasecmp(c + 1, "RS-", 3))
			return OBJ_RSET;
		return OBJ_IGNORED;
	}
	return strchr(obj, '^') ? OBJ_RANGE : OBJ_PREFIX;
}

/* "AS65000" (bgpq4 reads the digits after the first two characters of the
 * whole argument). Returns 0, or -1. */
static int parse_asn_obj(const char *s, uint32_t *asn)
{
	const char *p = s + 2;
	uint64_t v = 0;
	if (!*p) {
		*asn = 0;
		return 0;
	}
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	*asn = (uint32_t)v;
	return 0;
}

/* bgpq4's rule for AS numbers it will not put in a filter without -p:
 * documentation and private ranges (RFC 5398, RFC 6996), and AS_TRANS
 * (RFC 6793) in releases after 1.9. */
static bool special_asn(uint32_t asn, bool trans_too)
{
	return asn >= 4200000000u || (asn >= 64496 && asn <= 65551) || (trans_too && asn == 23456);
}

/* ---- The expansion state ------------------------------------------------ */

struct xctx {
	struct irr_db *db;
	const struct filter_expand_opts *o;
	struct filter_tree *t;
	struct filter_asns *asns;
	struct filter_report *rep;
	char *defaults;              /* the default source list ("!s" after "!s-lc") */
	struct hashset already;      /* upper-cased set names scheduled */
	char **stop;                 /* EXCEPT objects */
	size_t nstop;
	bool trans_too;
};

/* Makes `list` (comma-separated) the active sources; NULL: all sources. */
static void use_sources(struct xctx *x, const char *list)
{
	unsigned unknown;
	const char *why;
	if (!list || !*list || irr_db_set_sources(x->db, list, &unknown, &why) < 0)
		x->db->pref_given = false;
}

static void add_asn(struct xctx *x, uint32_t asn)
{
	if (!x->o->special_asns && special_asn(asn, x->trans_too)) {
		char b[24];
		snprintf(b, sizeof b, "AS%u", asn);
		strs_add(&x->rep->rejected, b);
		return;
	}
	filter_asns_add(x->asns, asn);
}

/* bgpq4's longest accepted length; 0 when -m named the family's maximum
 * (it then checks nothing, and ranges come out empty: see cmd_filter). */
static void add_prefix(struct xctx *x, const struct prefix *p)
{
	if (p->afi != x->o->afi)
		return;
	if (x->o->maxlen && p->len > x->o->maxlen)
		return;
	if (filter_tree_insert(x->t, p) == FILTER_NIL && x->t->full)
		x->rep->truncated = true;
}

/* A prefix with a range as bgpq4 reads "p^-", "p^+", "p^n", "p^n-m". */
static void add_range(struct xctx *x, const struct prefix *p, int kind, unsigned n, unsigned m)
{
	if (p->afi != x->o->afi)
		return;
	if (x->o->maxlen && p->len > x->o->maxlen)
		return;
	unsigned min, max = 0, maxlen = x->o->maxlen;
	switch (kind) {
	case '-': min = p->len + 1u; max = maxlen; break;
	case '+': min = p->len; max = maxlen; break;
	case 'n': min = n; break;       /* "^n": no upper bound is read, so max stays 0 */
	default: min = n; max = m; break;
	}
	if (min < p->len)
		return;
	if (max > maxlen)
		max = maxlen;
	if (filter_tree_insert_range(x->t, p, min, max) < 0)
		x->rep->truncated = true;
}

/* A route-set member range as an IRRd server writes it (irr_range_fmt),
 * then read back the way bgpq4 reads it. */
static void add_server_range(struct xctx *x, const struct irr_prefix_range *r)
{
	unsigned len = r->prefix.len, max = r->prefix.afi == AFI_IPV6 ? 128 : 32;
	if (r->lo == len && r->hi == len)
		add_prefix(x, &r->prefix);
	else if (r->lo == len + 1 && r->hi == max)
		add_range(x, &r->prefix, '-', 0, 0);
	else if (r->lo == len && r->hi == max)
		add_range(x, &r->prefix, '+', 0, 0);
	else if (r->lo == r->hi)
		add_range(x, &r->prefix, 'n', r->lo, 0);
	else
		add_range(x, &r->prefix, 'r', r->lo, r->hi);
}

/* "!gasN" / "!6asN": the routes of asn in the active sources. */
static void routes_of(struct xctx *x, uint32_t asn)
{
	const struct irr_route **r = NULL;
	size_t n = irr_db_routes_of_origin(x->db, asn, &r);
	for (size_t i = 0; i < n; i++)
		add_prefix(x, &r[i]->prefix);
	free(r);
}

static bool stopped(const struct xctx *x, const char *name)
{
	for (size_t i = 0; i < x->nstop; i++)
		if (!strcasecmp(x->stop[i], name))
			return true;
	return false;
}

/* ---- Sets ------------------------------------------------------------------ */

/* "!iSET,1": every AS number the set reaches (active sources). */
static void set_recursive_asns(struct xctx *x, const char *name)
{
	struct irr_expansion e;
	const char *why;
	struct irr_expand_opts eo = { .depth = IRR_MAX_DEPTH, .prefixes = false };
	if (irr_expand(x->db, name, &eo, &e, &why) < 0) {
		strs_add(&x->rep->missing, name);
		return;
	}
	for (size_t i = 0; i < e.nasns; i++)
		add_asn(x, e.asns[i]);
	for (size_t i = 0; i < e.missing.n; i++)
		strs_add(&x->rep->missing, e.missing.v[i]);
	x->rep->cycles += e.ncycles;
	irr_expansion_free(&e);
}

/* "!a4SET" / "!a6SET": the server expands the set to the routes of all its
 * AS numbers, private ones included. */
static void set_server_prefixes(struct xctx *x, const char *name)
{
	struct irr_expansion e;
	const char *why;
	struct irr_expand_opts eo = { .depth = IRR_MAX_DEPTH, .prefixes = false };
	if (irr_expand(x->db, name, &eo, &e, &why) < 0) {
		strs_add(&x->rep->missing, name);
		return;
	}
	for (size_t i = 0; i < e.nasns; i++)
		routes_of(x, e.asns[i]);
	for (size_t i = 0; i < e.missing.n; i++)
		strs_add(&x->rep->missing, e.missing.v[i]);
	x->rep->cycles += e.ncycles;
	irr_expansion_free(&e);
}

/* A queued "!iSET" (one level), with the sources it is asked in. */
struct pending {
	char *name;             /* as sent: "NAME" or "SOURCE::NAME" */
	unsigned depth;         /* 0 for an OBJECT argument */
};

static bool schedule(struct xctx *x, const char *name)
{
	char key[RPSL_MAX_SOURCE + RPSL_MAX_SET_NAME + 4];
	size_t n = strlen(name);
	if (n >= sizeof key)
		return false;
	for (size_t i = 0; i <= n; i++)
		key[i] = (char)toupper((unsigned char)name[i]);
	memset(key + n, 0, sizeof key - n);
	return hashset_add(&x->already, key);
}

/* Set by set, breadth first (the order bgpq4's pipelined queries are
 * answered in): a set is asked for once, at the shallowest depth it is
 * reached; sets deeper than -L and EXCEPT objects are not expanded.
 * A SOURCE:: name is asked in that source, the others in the defaults. */
static void sets_one_by_one(struct xctx *x, char **roots, size_t nroots, const bool *scheduled)
{
	struct pending *q = NULL;
	size_t qn = 0, qcap = 0;
	for (size_t i = 0; i < nroots; i++) {
		q = xgrow(q, &qcap, qn + 1, sizeof *q);
		q[qn].name = xstrdup(roots[i]);
		q[qn++].depth = 0;
		if (scheduled[i])
			schedule(x, after_source(roots[i]));
	}
	for (size_t i = 0; i < qn; i++) {
		const char *name = q[i].name;
		struct irr_expansion e;
		const char *why;
		struct irr_expand_opts eo = { .depth = 1, .prefixes = false };
		/* One level: the set's own AS numbers, and its set members (they
		 * come back in e.limited). SOURCE:: names the source to ask; the
		 * members are looked up in the default sources. */
		if (irr_expand(x->db, name, &eo, &e, &why) < 0) {
			strs_add(&x->rep->missing, name);
			continue;
		}
		for (size_t k = 0; k < e.nasns; k++) {
			char b[24];
			snprintf(b, sizeof b, "AS%u", e.asns[k]);
			if (!stopped(x, b))
				add_asn(x, e.asns[k]);
		}
		unsigned d = q[i].depth;
		bool deeper = !x->o->depth || d + 1 < x->o->depth;
		for (size_t k = 0; k < e.limited.n && deeper; k++) {
			const char *m = e.limited.v[k];
			if (stopped(x, m) || !schedule(x, m))
				continue;
			q = xgrow(q, &qcap, qn + 1, sizeof *q);
			q[qn].name = xstrdup(m);
			q[qn++].depth = d + 1;
		}
		for (size_t k = 0; k < e.missing.n; k++)
			strs_add(&x->rep->missing, e.missing.v[k]);
		irr_expansion_free(&e);
	}
	for (size_t i = 0; i < qn; i++)
		free(q[i].name);
	free(q);
}

/* The set's object as the active sources (or SOURCE::) give it. */
static const struct irr_set *find_set(const struct irr_db *db, const char *name)
{
	uint16_t act[IRR_MAX_SOURCES];
	unsigned nact = irr_db_active_sources(db, act);
	const char *n = after_source(name);
	uint32_t id = irr_db_find_str(db, n, strlen(n));
	if (id == IRR_NONE)
		return NULL;
	for (unsigned k = 0; k < nact; k++)
		for (uint32_t i = db->set_head[id]; i != IRR_NONE; i = db->sets[i].next)
			if (db->sets[i].source == act[k])
				return &db->sets[i];
	return NULL;
}

/* A route-set. "!iRS,1" gives every prefix the set reaches with its range;
 * the one-level "!iRS" used with SOURCE:: gives the members as written,
 * of which bgpq4 keeps only the prefixes. */
static void route_set(struct xctx *x, const char *obj, bool one_level)
{
	if (one_level) {
		const char *dc = strstr(obj, "::");
		if (dc) {
			char src[RPSL_MAX_SOURCE + 1];
			size_t sl = (size_t)(dc - obj);
			if (sl > RPSL_MAX_SOURCE)
				sl = RPSL_MAX_SOURCE;
			memcpy(src, obj, sl);
			src[sl] = 0;
			use_sources(x, src);
		} else {
			use_sources(x, x->defaults);
		}
		const struct irr_set *s = find_set(x->db, obj);
		if (!s || s->cls != RPSL_ROUTE_SET) {
			strs_add(&x->rep->missing, obj);
			use_sources(x, x->defaults);
			return;
		}
		for (uint32_t k = 0; k < s->nmem; k++) {
			const struct irr_member *m = &x->db->members[s->mem + k];
			if (m->type != RPSL_MEMBER_PREFIX)
				continue;
			struct irr_prefix_range r = { .prefix = m->prefix, .lo = m->lo, .hi = m->hi };
			add_server_range(x, &r);
		}
		use_sources(x, x->defaults);
		return;
	}
	struct irr_expansion e;
	const char *why;
	struct irr_expand_opts eo = { .depth = IRR_MAX_DEPTH, .prefixes = true };
	if (irr_expand(x->db, obj, &eo, &e, &why) < 0 || e.root->cls != RPSL_ROUTE_SET) {
		if (e.root)
			irr_expansion_free(&e);
		strs_add(&x->rep->missing, obj);
		return;
	}
	for (size_t i = 0; i < e.npfx; i++)
		add_server_range(x, &e.pfx[i]);
	x->rep->cycles += e.ncycles;
	irr_expansion_free(&e);
}

/* ---- Prefix arguments ------------------------------------------------------ */

/* "p^-", "p^+", "p^n", "p^n-m" from the command line. Returns 0 or -1. */
static int parse_range_arg(const char *s, struct prefix *p, int *kind, unsigned *n, unsigned *m)
{
	const char *c = strchr(s, '^');
	char buf[64];
	if (!c || !c[1] || (size_t)(c - s) >= sizeof buf)
		return -1;
	memcpy(buf, s, (size_t)(c - s));
	buf[c - s] = 0;
	if (prefix_parse(buf, p) < 0)
		return -1;
	c++;
	if ((*c == '-' || *c == '+') && !c[1]) {
		*kind = *c;
		return 0;
	}
	unsigned long a = 0, b = 0;
	const char *d = c;
	while (isdigit((unsigned char)*d) && a < 1000)
		a = a * 10 + (unsigned long)(*d++ - '0');
	if (d == c)
		return -1;
	if (!*d) {
		*kind = 'n';
		*n = (unsigned)a;
		return 0;
	}
	if (*d != '-' || !isdigit((unsigned char)d[1]))
		return -1;
	d++;
	while (isdigit((unsigned char)*d) && b < 1000)
		b = b * 10 + (unsigned long)(*d++ - '0');
	if (*d)
		return -1;
	*kind = 'r';
	*n = (unsigned)a;
	*m = (unsigned)b;
	return 0;
}

int filter_object_ok(const char *obj, const char **why)
{
	const char *o = after_source(obj);
	enum obj_kind k = classify(obj);
	/* "::" in an IPv6 prefix is no SOURCE:: (bgpq4 reads it as one all
	 * the same when choosing its queries, and so does filter_expand). */
	if (o != obj && (k == OBJ_ASSET || k == OBJ_RSET || k == OBJ_ASN) &&
	    !rpsl_source_ok(obj, (size_t)(o - obj - 2))) {
		*why = "not a registry name before '::'";
		return -1;
	}
	switch (k) {
	case OBJ_ASSET:
		if (!rpsl_set_name_ok(o, strlen(o), "AS-")) {
			*why = "not an as-set name (RFC 2622 section 5.1)";
			return -1;
		}
		return 0;
	case OBJ_RSET:
		if (!rpsl_set_name_ok(o, strlen(o), "RS-")) {
			*why = "not a route-set name (RFC 2622 section 5.2)";
			return -1;
		}
		return 0;
	case OBJ_ASN: {
		uint32_t asn;
		if (o != obj || parse_asn_obj(obj, &asn) < 0 || !obj[2]) {
			*why = "not an AS number (AS1 to AS4294967295)";
			return -1;
		}
		return 0;
	}
	case OBJ_IGNORED:
		*why = "not an AS number, set name or prefix";
		return -1;
	case OBJ_PREFIX: {
		struct prefix p;
		if (prefix_parse(obj, &p) < 0) {
			*why = "not an AS number, set name or prefix";
			return -1;
		}
		return 0;
	}
	case OBJ_RANGE: {
		struct prefix p;
		int kind;
		unsigned n, m;
		if (parse_range_arg(obj, &p, &kind, &n, &m) < 0) {
			*why = "not a prefix range (RFC 2622 section 2: p^-, p^+, p^n, p^n-m)";
			return -1;
		}
		return 0;
	}
	}
	return -1;
}

/* ---- Driver ------------------------------------------------------------------ */

int filter_expand(struct irr_db *db, char **objs, size_t nobjs, const struct filter_expand_opts *o,
		  struct filter_tree *t, struct filter_asns *asns, struct filter_report *rep, const char **why)
{
	struct xctx x = { .db = db, .o = o, .t = t, .asns = asns, .rep = rep };
	x.trans_too = o->as_trans_special;
	hashset_init(&x.already, RPSL_MAX_SOURCE + RPSL_MAX_SET_NAME + 4);
	char **asets = xcalloc(nobjs ? nobjs : 1, sizeof *asets);
	char **rsets = xcalloc(nobjs ? nobjs : 1, sizeof *rsets);
	x.stop = xcalloc(nobjs ? nobjs : 1, sizeof *x.stop);
	size_t na = 0, nr = 0;
	bool except = false, usesource = false;
	int rc = 0;

	/* The default sources: -S, else every source the server has. */
	x.defaults = o->sources ? xstrdup(o->sources) : NULL;
	use_sources(&x, x.defaults);

	for (size_t i = 0; i < nobjs; i++) {
		const char *obj = objs[i];
		if (strstr(obj, "::"))
			usesource = true;
		if (!strcmp(obj, "EXCEPT")) {
			except = true;
			continue;
		}
		if (except) {
			x.stop[x.nstop++] = objs[i];
			continue;
		}
		switch (classify(obj)) {
		case OBJ_ASSET:
			asets[na++] = objs[i];
			break;
		case OBJ_RSET:
			rsets[nr++] = objs[i];
			break;
		case OBJ_ASN: {
			uint32_t asn;
			if (parse_asn_obj(obj, &asn) < 0)
				strs_add(&rep->bad, obj);
			else
				add_asn(&x, asn);
			break;
		}
		case OBJ_IGNORED:
			strs_add(&rep->bad, obj);
			break;
		case OBJ_PREFIX: {
			struct prefix p;
			if (prefix_parse(obj, &p) < 0 || p.afi != o->afi || (o->maxlen && p.len > o->maxlen)) {
				*why = "bad prefix or address family";
				rc = -1;
				goto out;
			}
			add_prefix(&x, &p);
			break;
		}
		case OBJ_RANGE: {
			struct prefix p;
			int kind = 0;
			unsigned n = 0, m = 0, fmax = o->afi == AFI_IPV6 ? 128 : 32;
			if (parse_range_arg(obj, &p, &kind, &n, &m) < 0 || p.afi != o->afi ||
			    (o->maxlen && p.len > o->maxlen) || ((kind == 'n' || kind == 'r') && n < p.len) ||
			    (kind == 'r' && m > fmax)) {
				*why = "bad range or address family";
				rc = -1;
				goto out;
			}
			add_range(&x, &p, kind, n, m);
			break;
		}
		}
	}

	/* As-sets: bgpq4 asks the server to expand them to prefixes (!a4/!a6)
	 * for prefix filters; otherwise for all their AS numbers (!i set,1);
	 * set by set when a depth limit, EXCEPT or SOURCE:: is in play. */
	if (na) {
		bool *sched = xcalloc(na, sizeof *sched);
		if (!o->depth && !x.nstop && !usesource) {
			for (size_t i = 0; i < na; i++) {
				if (o->prefixes)
					set_server_prefixes(&x, asets[i]);
				else
					set_recursive_asns(&x, asets[i]);
			}
		} else {
			/* With -L or EXCEPT the named sets count as already asked
			 * for; with only SOURCE:: they do not (a loop back to one is
			 * asked again, which changes nothing). */
			for (size_t i = 0; i < na; i++)
				sched[i] = o->depth || x.nstop;
			sets_one_by_one(&x, asets, na, sched);
		}
		free(sched);
	}
	use_sources(&x, x.defaults);
	if (o->prefixes) {
		for (size_t i = 0; i < nr; i++) {
			/* bgpq4 1.9 left a debugging printf in this path. */
			if (usesource && strstr(rsets[i], "::"))
				strs_add(&rep->checking, after_source(rsets[i]));
			route_set(&x, rsets[i], usesource);
		}
		for (size_t i = 0; i < asns->n; i++)
			routes_of(&x, asns->v[i]);
	}
out:
	free(asets);
	free(rsets);
	free(x.stop);
	free(x.defaults);
	hashset_free(&x.already);
	db->pref_given = false;
	return rc;
}
