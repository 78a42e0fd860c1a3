/*
 * The IRRd whois query language over an irr_db: a query line in, answer
 * bytes out. IRRd-style queries ("!g", "!i", ...) are answered in IRRd's
 * framing (A<length>, C, D, F), RIPE-style flag queries ("-i origin AS1",
 * "-K", "-T", "-s") with RPSL object text and two empty lines after it.
 * Objects are written from the fields the database keeps (key, origin,
 * members, mnt-by, source), not the dump's full text; with VRPs loaded,
 * route objects carry "rpki-ov-state:" as IRRd 4 writes it.
 */
#include "irr/whois.h"
#include "lib/hashset.h"
#include "lib/xmalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One query being answered. */
struct query {
	struct whois_server *srv;
	struct whois_session *s;
	struct irr_db *db;
	struct wbuf *body;
	uint8_t on[IRR_MAX_SOURCES];    /* active sources */
	uint16_t act[IRR_MAX_SOURCES];  /* in preference order */
	unsigned nact;
	uint64_t deadline_ns;
	bool over;                      /* time budget or answer size exceeded */
	const char *over_why;
	/* RIPE style */
	bool ripe, key_only;
	unsigned classes;               /* -T: bit per enum rpsl_class; 0 = all */
	struct hashset keys_seen;       /* -K: distinct key blocks */
	bool keys_init;
	size_t nobj;
};

#define CLASS_BIT(c) (1u << (c))

/* ---- Small helpers ------------------------------------------------- */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* True once the query has run out of time or its answer out of room;
 * loops over input-sized data check it. */
static bool over(struct query *q)
{
	if (q->over)
		return true;
	if (q->body->len > WHOIS_MAX_ANSWER) {
		q->over = true;
		q->over_why = "Answer too large";
	} else if (now_ns() > q->deadline_ns) {
		q->over = true;
		q->over_why = "Query exceeded the time budget";
	}
	return q->over;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static bool eq_nocase(const char *a, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	if (n != m)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(a[i]) != lower(lit[i]))
			return false;
	return true;
}

/* Appends text from the query for an error message: printable ASCII
 * only, at most 64 bytes, so garbage input never reaches the client raw. */
static void put_echo(struct wbuf *w, const char *p, size_t n)
{
	size_t max = n > 64 ? 64 : n;
	for (size_t i = 0; i < max; i++) {
		unsigned char c = (unsigned char)p[i];
		wbuf_putc(w, c >= 0x20 && c < 0x7f ? (char)c : '?');
	}
	if (n > max)
		wbuf_puts(w, "...");
}

/* "AS65000", "as65000" or "65000": 0, or -1 (not a number, above
 * 4294967295: RFC 6793 AS numbers are 32 bits). */
static int parse_asn(const char *p, size_t n, uint32_t *asn)
{
	if (n >= 2 && lower(p[0]) == 'a' && lower(p[1]) == 's') {
		p += 2;
		n -= 2;
	}
	if (n == 0 || n > 10)
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*asn = (uint32_t)v;
	return 0;
}

/* A prefix or an address (a host prefix) from a view; host bits are
 * cleared. 0 or -1. */
static int parse_prefix(const char *p, size_t n, struct prefix *out)
{
	char buf[PREFIX_STRLEN + 1];
	if (n == 0 || n >= sizeof buf || memchr(p, 0, n))
		return -1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return prefix_parse(buf, out);
}

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

/* RFC 2622 section 2 range operator as written. */
static void put_op(struct wbuf *w, struct rpsl_op op)
{
	switch (op.kind) {
	case RPSL_OP_MINUS: wbuf_puts(w, "^-"); break;
	case RPSL_OP_PLUS: wbuf_puts(w, "^+"); break;
	case RPSL_OP_N: wbuf_putc(w, '^'); wbuf_put_u32(w, op.n); break;
	case RPSL_OP_NM:
		wbuf_putc(w, '^');
		wbuf_put_u32(w, op.n);
		wbuf_putc(w, '-');
		wbuf_put_u32(w, op.m);
		break;
	default: break;
	}
}

/* A set member as its set lists it. */
static void put_member(struct wbuf *w, const struct irr_db *db, const struct irr_member *m)
{
	if (m->type == RPSL_MEMBER_ASN) {
		put_asn(w, m->id);
		return;
	}
	if (m->type == RPSL_MEMBER_PREFIX) {
		put_prefix(w, &m->prefix);
		put_op(w, m->op);
		return;
	}
	if (m->source != IRR_NO_SOURCE) {
		wbuf_puts(w, irr_db_source_name(db, m->source));
		wbuf_puts(w, "::");
	}
	wbuf_puts(w, irr_db_str(db, m->id));
}

/* Drops a trailing separator byte. */
static void trim(struct wbuf *w, char c)
{
	while (w->len && w->p[w->len - 1] == c)
		w->len--;
}

/* ---- Sources ------------------------------------------------------- */

static bool source_loaded(const struct irr_db *db, unsigned s)
{
	for (int c = 0; c < RPSL_NCLASSES; c++)
		if (db->counts[s][c])
			return true;
	return false;
}

int whois_sources_check(const struct irr_db *db, const char *list, size_t len, const char **why)
{
	if (len == 0 || len >= WHOIS_MAX_SOURCES_TEXT) {
		*why = len ? "source list too long" : "empty source list";
		return -1;
	}
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && list[j] != ',')
			j++;
		int s = j > i ? irr_db_source_find(db, list + i, j - i) : -1;
		if (s < 0 || !source_loaded(db, (unsigned)s)) {
			*why = "One or more selected sources are unavailable.";
			return -1;
		}
		i = j + 1;
	}
	return 0;
}

/* Installs the session's sources (or the server's default) as the
 * database's preference, and fills q->on / q->act. Names no longer loaded
 * (after a reload) match nothing. */
static void install_sources(struct query *q)
{
	struct irr_db *db = q->db;
	const char *list = q->s->sources[0] ? q->s->sources : q->srv->default_sources;
	memset(q->on, 0, sizeof q->on);
	if (!list || !*list) {
		db->pref_given = false;
	} else {
		unsigned n = 0;
		const char *p = list;
		for (;;) {
			const char *e = strchr(p, ',');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			int s = irr_db_source_find(db, p, l);
			if (s >= 0 && !q->on[s] && n < IRR_MAX_SOURCES) {
				db->pref[n++] = (uint16_t)s;
				q->on[s] = 1;
			}
			if (!e)
				break;
			p = e + 1;
		}
		db->npref = n;
		db->pref_given = true;
	}
	q->nact = irr_db_active_sources(db, q->act);
	for (unsigned i = 0; i < q->nact; i++)
		q->on[q->act[i]] = 1;
}

/* ---- RPKI ---------------------------------------------------------- */

static enum whois_rpki route_rov(const struct query *q, const struct irr_route *r)
{
	return q->srv->rpki(q->srv->rpki_ctx, &r->prefix, r->origin);
}

/* Hidden from the filter answers (!g, !6, !a) under --rpki-hide-invalid. */
static bool hidden(const struct query *q, const struct irr_route *r)
{
	return q->srv->rpki && q->srv->hide_invalid && route_rov(q, r) == WHOIS_RPKI_INVALID;
}

/* ---- Objects ------------------------------------------------------- */

static void attr(struct wbuf *w, const char *name)
{
	size_t n = strlen(name);
	wbuf_put(w, name, n);
	wbuf_putc(w, ':');
	for (size_t i = n + 1; i < 16; i++)
		wbuf_putc(w, ' ');
}

static void attr_mnt(struct wbuf *w, const struct irr_db *db, uint32_t mnt, uint16_t nmnt)
{
	for (uint16_t i = 0; i < nmnt; i++) {
		attr(w, "mnt-by");
		wbuf_puts(w, irr_db_str(db, irr_db_id(db, mnt + i)));
		wbuf_putc(w, '\n');
	}
}

/* Starts an object: a blank line between objects (IRRd style) and the
 * key-block deduplication of -K. Returns the body offset it starts at. */
static size_t obj_begin(struct query *q)
{
	if (q->nobj++)
		wbuf_putc(q->body, '\n');
	return q->body->len;
}

/* -K: drops a key block already written (IRRd keeps distinct ones). */
static void obj_end(struct query *q, size_t start)
{
	if (!q->key_only)
		return;
	if (!q->keys_init) {
		hashset_init(&q->keys_seen, sizeof(uint64_t));
		q->keys_init = true;
	}
	uint64_t h = hash_bytes(q->body->p + start, q->body->len - start);
	if (!hashset_add(&q->keys_seen, &h)) {
		q->body->len = start;
		q->nobj--;
		if (q->nobj)
			q->body->len--;   /* the separator written before it */
	}
}

static void put_route(struct query *q, const struct irr_route *r)
{
	struct wbuf *w = q->body;
	const struct irr_db *db = q->db;
	bool v6 = r->prefix.afi == AFI_IPV6;
	size_t start = obj_begin(q);
	if (q->key_only) {
		wbuf_puts(w, v6 ? "route6: " : "route: ");
		put_prefix(w, &r->prefix);
		wbuf_puts(w, "\norigin: ");
		put_asn(w, r->origin);
		wbuf_putc(w, '\n');
		obj_end(q, start);
		return;
	}
	attr(w, v6 ? "route6" : "route");
	put_prefix(w, &r->prefix);
	wbuf_putc(w, '\n');
	attr(w, "origin");
	put_asn(w, r->origin);
	wbuf_putc(w, '\n');
	attr_mnt(w, db, r->mnt, r->nmnt);
	attr(w, "source");
	wbuf_puts(w, irr_db_source_name(db, r->source));
	wbuf_putc(w, '\n');
	if (q->srv->rpki) {
		/* IRRd 4's names for the RPKI origin validation state. */
		enum whois_rpki st = route_rov(q, r);
		attr(w, "rpki-ov-state");
		wbuf_puts(w, st == WHOIS_RPKI_INVALID ? "invalid" : st == WHOIS_RPKI_VALID ? "valid" : "not_found");
		if (st == WHOIS_RPKI_NOT_FOUND)
			wbuf_puts(w, " # No ROAs found");
		wbuf_putc(w, '\n');
	}
}

static void put_autnum(struct query *q, const struct irr_autnum *a)
{
	struct wbuf *w = q->body;
	const struct irr_db *db = q->db;
	size_t start = obj_begin(q);
	if (q->key_only) {
		wbuf_puts(w, "aut-num: ");
		put_asn(w, a->asn);
		wbuf_putc(w, '\n');
		obj_end(q, start);
		return;
	}
	attr(w, "aut-num");
	put_asn(w, a->asn);
	wbuf_putc(w, '\n');
	if (a->as_name != IRR_NONE && *irr_db_str(db, a->as_name)) {
		attr(w, "as-name");
		wbuf_puts(w, irr_db_str(db, a->as_name));
		wbuf_putc(w, '\n');
	}
	attr_mnt(w, db, a->mnt, a->nmnt);
	attr(w, "source");
	wbuf_puts(w, irr_db_source_name(db, a->source));
	wbuf_putc(w, '\n');
}

static void put_set(struct query *q, const struct irr_set *s)
{
	struct wbuf *w = q->body;
	const struct irr_db *db = q->db;
	bool rs = s->cls == RPSL_ROUTE_SET;
	size_t start = obj_begin(q);
	const char *cls = rs ? "route-set" : "as-set";
	if (q->key_only) {
		wbuf_puts(w, cls);
		wbuf_puts(w, ": ");
		wbuf_puts(w, irr_db_str(db, s->name));
		wbuf_putc(w, '\n');
		for (uint32_t k = 0; k < s->nmem; k++) {
			const struct irr_member *m = &db->members[s->mem + k];
			bool mp = m->type == RPSL_MEMBER_PREFIX && m->prefix.afi == AFI_IPV6;
			wbuf_puts(w, mp ? "mp-members: " : "members: ");
			put_member(w, db, m);
			wbuf_putc(w, '\n');
		}
		obj_end(q, start);
		return;
	}
	attr(w, cls);
	wbuf_puts(w, irr_db_str(db, s->name));
	wbuf_putc(w, '\n');
	/* IPv6 prefixes of a route-set go to mp-members (RFC 4012 section 4.2). */
	for (int mp = 0; mp < 2; mp++) {
		bool any = false;
		for (uint32_t k = 0; k < s->nmem; k++) {
			const struct irr_member *m = &db->members[s->mem + k];
			bool is_mp = m->type == RPSL_MEMBER_PREFIX && m->prefix.afi == AFI_IPV6;
			if (is_mp != (mp == 1))
				continue;
			if (!any)
				attr(w, mp ? "mp-members" : "members");
			else
				wbuf_puts(w, ", ");
			any = true;
			put_member(w, db, m);
		}
		if (any)
			wbuf_putc(w, '\n');
	}
	for (uint32_t k = 0; k < s->nref; k++) {
		attr(w, "mbrs-by-ref");
		wbuf_puts(w, irr_db_str(db, db->ids[s->ref + k]));
		wbuf_putc(w, '\n');
	}
	attr(w, "source");
	wbuf_puts(w, irr_db_source_name(db, s->source));
	wbuf_putc(w, '\n');
}

/* ---- Lookups ------------------------------------------------------- */

struct route_list {
	const struct irr_route **v;
	size_t n, cap;
};

static void rl_add(struct route_list *l, const struct irr_route *r)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = r;
}

static bool class_ok(const struct query *q, enum rpsl_class c)
{
	return q->classes == 0 || (q->classes & CLASS_BIT(c));
}

static bool route_ok(const struct query *q, const struct irr_route *r)
{
	return q->on[r->source] && class_ok(q, r->prefix.afi == AFI_IPV6 ? RPSL_ROUTE6 : RPSL_ROUTE);
}

/* Source preference rank of an active source. */
static unsigned rank(const struct query *q, uint16_t source)
{
	for (unsigned i = 0; i < q->nact; i++)
		if (q->act[i] == source)
			return i;
	return q->nact;
}

static const struct query *sort_q;   /* qsort has no context argument in C11 */

static int cmp_route(const void *a, const void *b)
{
	const struct irr_route *x = *(const struct irr_route *const *)a, *y = *(const struct irr_route *const *)b;
	int c = prefix_cmp(&x->prefix, &y->prefix);
	if (c)
		return c;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	unsigned rx = rank(sort_q, x->source), ry = rank(sort_q, y->source);
	return (rx > ry) - (rx < ry);
}

static void rl_sort(const struct query *q, struct route_list *l)
{
	sort_q = q;
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_route);
}

/* Route objects for exactly p. */
static void routes_exact(struct query *q, const struct prefix *p, struct route_list *l)
{
	const struct irr_db *db = q->db;
	for (uint32_t i = trie_get(&db->trie, p); i != TRIE_NONE; i = db->routes[i].next_prefix)
		if (route_ok(q, &db->routes[i]))
			rl_add(l, &db->routes[i]);
}

struct walk {
	struct query *q;
	struct route_list *l;
	const struct prefix *p;
	int mode;            /* 'L': covering incl. exact; 'l': longest covering, not exact; 'M': covered, not exact */
	uint8_t best_len;
};

static int walk_one(const struct prefix *p, uint32_t head, void *vctx)
{
	struct walk *w = vctx;
	const struct irr_db *db = w->q->db;
	if (w->mode != 'L' && p->len == w->p->len)
		return 0;
	if (over(w->q))
		return 1;
	size_t before = w->l->n;
	for (uint32_t i = head; i != TRIE_NONE; i = db->routes[i].next_prefix)
		if (route_ok(w->q, &db->routes[i]))
			rl_add(w->l, &db->routes[i]);
	if (w->mode == 'l' && w->l->n > before) {
		/* Covering prefixes come shortest first: keep only the last level. */
		if (before && w->best_len != p->len) {
			memmove(w->l->v, w->l->v + before, (w->l->n - before) * sizeof *w->l->v);
			w->l->n -= before;
		}
		w->best_len = p->len;
	}
	return 0;
}

static void routes_search(struct query *q, const struct prefix *p, int mode, struct route_list *l)
{
	if (mode == 'x') {
		routes_exact(q, p, l);
		return;
	}
	struct walk w = { q, l, p, mode, 0 };
	if (mode == 'M')
		trie_covered(&q->db->trie, p, walk_one, &w);
	else
		trie_covering(&q->db->trie, p, walk_one, &w);
}

/* The set called name (any case; "SOURCE::NAME" takes that source) from
 * the first active source that has it, or IRR_NONE. */
static uint32_t find_set(const struct query *q, const char *name, size_t n)
{
	const struct irr_db *db = q->db;
	int src = -1;
	for (size_t i = 0; i + 1 < n; i++)
		if (name[i] == ':' && name[i + 1] == ':') {
			src = irr_db_source_find(db, name, i);
			if (src < 0)
				return IRR_NONE;
			name += i + 2;
			n -= i + 2;
			break;
		}
	uint32_t id = irr_db_find_str(db, name, n);
	if (id == IRR_NONE || id >= db->nstr)
		return IRR_NONE;
	if (src >= 0) {
		for (uint32_t i = db->set_head[id]; i != IRR_NONE; i = db->sets[i].next)
			if (db->sets[i].source == (unsigned)src)
				return i;
		return IRR_NONE;
	}
	for (unsigned k = 0; k < q->nact; k++)
		for (uint32_t i = db->set_head[id]; i != IRR_NONE; i = db->sets[i].next)
			if (db->sets[i].source == q->act[k])
				return i;
	return IRR_NONE;
}

/* RFC 2622 sections 5.1, 5.2: an object naming the set in member-of is a
 * member if one of its maintainers is in the set's mbrs-by-ref (or that
 * lists ANY), within the set's registry. */
static bool mbrs_by_ref_ok(const struct query *q, const struct irr_set *s, uint16_t source, uint32_t mnt,
			   uint16_t nmnt)
{
	const struct irr_db *db = q->db;
	if (!q->on[source] || db->registry[source] != db->registry[s->source])
		return false;
	uint32_t any = irr_db_find_str(db, "ANY", 3);
	for (uint32_t k = 0; k < s->nref; k++) {
		uint32_t ref = db->ids[s->ref + k];
		if (ref == any)
			return true;
		for (uint16_t j = 0; j < nmnt; j++)
			if (db->ids[mnt + j] == ref)
				return true;
	}
	return false;
}

/* ---- Answers ------------------------------------------------------- */

static void irrd_fail(struct wbuf *out, const char *msg)
{
	wbuf_puts(out, "F ");
	wbuf_puts(out, msg);
	wbuf_putc(out, '\n');
}

/* An IRRd answer from the body: A<len>\n<body>\nC\n, or C\n when
 * empty_ok and empty, or D\n (a key with nothing found). */
static void irrd_answer(struct query *q, struct wbuf *out, bool empty_is_d)
{
	struct wbuf *b = q->body;
	if (q->over) {
		irrd_fail(out, q->over_why);
		return;
	}
	trim(b, '\n');
	if (b->len == 0) {
		wbuf_puts(out, empty_is_d ? "D\n" : "C\n");
		return;
	}
	wbuf_putc(out, 'A');
	wbuf_put_u64(out, b->len + 1);
	wbuf_putc(out, '\n');
	wbuf_put(out, b->p, b->len);
	wbuf_puts(out, "\nC\n");
}

static void ripe_fail(struct wbuf *out, const char *msg, const char *arg, size_t n)
{
	wbuf_puts(out, "%% ERROR: ");
	wbuf_puts(out, msg);
	if (arg) {
		wbuf_puts(out, ": ");
		put_echo(out, arg, n);
	}
	wbuf_puts(out, "\n\n\n");
}

static void ripe_answer(struct query *q, struct wbuf *out)
{
	struct wbuf *b = q->body;
	if (q->over) {
		ripe_fail(out, q->over_why, NULL, 0);
		return;
	}
	trim(b, '\n');
	if (b->len == 0) {
		wbuf_puts(out, "%  No entries found for the selected source(s).\n\n\n");
		return;
	}
	wbuf_put(out, b->p, b->len);
	wbuf_puts(out, "\n\n\n");
}

/* ---- IRRd-style queries -------------------------------------------- */

/* !g / !6: distinct prefixes of one family originated by an AS. */
static void q_origin_prefixes(struct query *q, const char *p, size_t n, uint8_t afi, struct wbuf *out)
{
	uint32_t asn;
	if (parse_asn(p, n, &asn) < 0) {
		wbuf_puts(out, "F Invalid AS number: ");
		put_echo(out, p, n);
		wbuf_putc(out, '\n');
		return;
	}
	const struct irr_route **v;
	size_t nv = irr_db_routes_of_origin(q->db, asn, &v);
	const struct prefix *last = NULL;
	for (size_t i = 0; i < nv; i++) {
		if (v[i]->prefix.afi != afi || hidden(q, v[i]))
			continue;
		if (last && prefix_equal(last, &v[i]->prefix))
			continue;
		if (last)
			wbuf_putc(q->body, ' ');
		put_prefix(q->body, &v[i]->prefix);
		last = &v[i]->prefix;
	}
	free(v);
	irrd_answer(q, out, true);
}

static int cmp_prefix(const void *a, const void *b) { return prefix_cmp(a, b); }

/* !a, !a4, !a6: prefixes originated by the ASes of a set, recursively. */
static void q_set_prefixes(struct query *q, const char *p, size_t n, struct wbuf *out)
{
	uint8_t afi = 0;
	if (n && (p[0] == '4' || p[0] == '6')) {
		afi = p[0] == '4' ? AFI_IPV4 : AFI_IPV6;
		p++;
		n--;
	}
	if (n == 0) {
		irrd_fail(out, "Missing required set name for A query");
		return;
	}
	char name[RPSL_MAX_SOURCE + RPSL_MAX_SET_NAME + 3];
	if (n >= sizeof name || memchr(p, 0, n)) {
		wbuf_puts(out, "D\n");
		return;
	}
	memcpy(name, p, n);
	name[n] = 0;
	struct irr_expand_opts eo = { IRR_MAX_DEPTH, false };
	struct irr_expansion e;
	const char *why;
	if (irr_expand(q->db, name, &eo, &e, &why) < 0) {
		wbuf_puts(out, "D\n");
		return;
	}
	struct prefix *pf = NULL;
	size_t npf = 0, cap = 0;
	const struct irr_db *db = q->db;
	for (size_t i = 0; i < e.nasns && !over(q); i++) {
		for (uint32_t r = u32map_get(&db->by_origin, e.asns[i], IRR_NONE); r != IRR_NONE;
		     r = db->routes[r].next_origin) {
			const struct irr_route *rt = &db->routes[r];
			if (!q->on[rt->source] || (afi && rt->prefix.afi != afi) || hidden(q, rt))
				continue;
			pf = xgrow(pf, &cap, npf + 1, sizeof *pf);
			pf[npf++] = rt->prefix;
		}
	}
	irr_expansion_free(&e);
	if (npf > 1)
		qsort(pf, npf, sizeof *pf, cmp_prefix);
	for (size_t i = 0; i < npf && !q->over; i++) {
		if (i && prefix_equal(&pf[i - 1], &pf[i]))
			continue;
		if (q->body->len)
			wbuf_putc(q->body, ' ');
		put_prefix(q->body, &pf[i]);
		if ((i & 1023) == 0)
			over(q);
	}
	free(pf);
	irrd_answer(q, out, true);
}

/* !i: members of a set; ",1": recursively, as ASNs (as-set) or prefixes
 * with their ranges (route-set). */
static void q_members(struct query *q, const char *p, size_t n, struct wbuf *out)
{
	bool recursive = n >= 2 && p[n - 2] == ',' && p[n - 1] == '1';
	if (recursive)
		n -= 2;
	struct wbuf *b = q->body;
	if (!recursive) {
		uint32_t si = find_set(q, p, n);
		if (si == IRR_NONE) {
			wbuf_puts(out, "D\n");
			return;
		}
		const struct irr_db *db = q->db;
		const struct irr_set *s = &db->sets[si];
		for (uint32_t k = 0; k < s->nmem; k++) {
			put_member(b, db, &db->members[s->mem + k]);
			wbuf_putc(b, ' ');
		}
		/* Members by reference (member-of + mbrs-by-ref). */
		if (s->nref && s->name < db->nstr)
			for (uint32_t m = db->mof_head[s->name]; m != IRR_NONE && !over(q); m = db->mof[m].next) {
				const struct irr_memberof *mo = &db->mof[m];
				if (s->cls == RPSL_AS_SET && mo->cls == RPSL_AUT_NUM) {
					const struct irr_autnum *a = &db->autnums[mo->obj];
					if (mbrs_by_ref_ok(q, s, a->source, a->mnt, a->nmnt)) {
						put_asn(b, a->asn);
						wbuf_putc(b, ' ');
					}
				} else if (s->cls == RPSL_ROUTE_SET && mo->cls != RPSL_AUT_NUM) {
					const struct irr_route *r = &db->routes[mo->obj];
					if (mbrs_by_ref_ok(q, s, r->source, r->mnt, r->nmnt)) {
						put_prefix(b, &r->prefix);
						wbuf_putc(b, ' ');
					}
				}
			}
		trim(b, ' ');
		irrd_answer(q, out, true);
		return;
	}
	char name[RPSL_MAX_SOURCE + RPSL_MAX_SET_NAME + 3];
	if (n == 0 || n >= sizeof name || memchr(p, 0, n)) {
		wbuf_puts(out, "D\n");
		return;
	}
	memcpy(name, p, n);
	name[n] = 0;
	struct irr_expand_opts eo = { IRR_MAX_DEPTH, false };
	struct irr_expansion e;
	const char *why;
	if (irr_expand(q->db, name, &eo, &e, &why) < 0) {
		wbuf_puts(out, "D\n");
		return;
	}
	if (e.root->cls == RPSL_ROUTE_SET) {
		char buf[PREFIX_STRLEN + 16];
		for (size_t i = 0; i < e.npfx; i++) {
			if (i)
				wbuf_putc(b, ' ');
			wbuf_put(b, buf, irr_range_fmt(&e.pfx[i], buf));
		}
	} else {
		for (size_t i = 0; i < e.nasns; i++) {
			if (i)
				wbuf_putc(b, ' ');
			put_asn(b, e.asns[i]);
		}
	}
	irr_expansion_free(&e);
	over(q);
	irrd_answer(q, out, true);
}

/* !r<prefix>[,o|,l|,L|,M] */
static void q_route_search(struct query *q, const char *p, size_t n, struct wbuf *out)
{
	const char *comma = memchr(p, ',', n);
	size_t plen = comma ? (size_t)(comma - p) : n;
	int mode = 'x';
	bool origins = false;
	if (comma) {
		size_t ol = n - plen - 1;
		char o = ol == 1 ? comma[1] : 0;
		if (o == 'o')
			origins = true;
		else if (o == 'l' || o == 'L' || o == 'M')
			mode = o;
		else {
			wbuf_puts(out, "F Invalid route search option: ");
			put_echo(out, comma + 1, ol);
			wbuf_putc(out, '\n');
			return;
		}
	}
	struct prefix pf;
	if (parse_prefix(p, plen, &pf) < 0) {
		wbuf_puts(out, "F Invalid input for route search: ");
		put_echo(out, p, n);
		wbuf_putc(out, '\n');
		return;
	}
	struct route_list l = { NULL, 0, 0 };
	routes_search(q, &pf, mode, &l);
	rl_sort(q, &l);
	if (origins) {
		/* Distinct origins, in AS number order. */
		uint32_t *as = xreallocarray(NULL, l.n ? l.n : 1, sizeof *as);
		for (size_t i = 0; i < l.n; i++)
			as[i] = l.v[i]->origin;
		for (size_t i = 1; i < l.n; i++)   /* insertion sort: the list is one prefix's objects */
			for (size_t j = i; j > 0 && as[j - 1] > as[j]; j--) {
				uint32_t t = as[j];
				as[j] = as[j - 1];
				as[j - 1] = t;
			}
		for (size_t i = 0; i < l.n; i++) {
			if (i && as[i] == as[i - 1])
				continue;
			if (q->body->len)
				wbuf_putc(q->body, ' ');
			put_asn(q->body, as[i]);
		}
		free(as);
	} else {
		for (size_t i = 0; i < l.n && !over(q); i++)
			put_route(q, l.v[i]);
	}
	free(l.v);
	irrd_answer(q, out, true);
}

/* !s-lc, !s<list> */
static void q_sources(struct query *q, const char *p, size_t n, struct wbuf *out)
{
	if (n == 3 && !memcmp(p, "-lc", 3)) {
		for (unsigned i = 0; i < q->nact; i++) {
			if (i)
				wbuf_putc(q->body, ',');
			wbuf_puts(q->body, irr_db_source_name(q->db, q->act[i]));
		}
		irrd_answer(q, out, false);
		return;
	}
	const char *why;
	if (whois_sources_check(q->db, p, n, &why) < 0) {
		irrd_fail(out, why);
		return;
	}
	for (size_t i = 0; i < n; i++)
		q->s->sources[i] = (char)(p[i] >= 'a' && p[i] <= 'z' ? p[i] - 32 : p[i]);
	q->s->sources[n] = 0;
	wbuf_puts(out, "C\n");
}

/* !j-* or !jRIPE,RADB: serial ranges. Dumps carry no serials: "-". */
static void q_serials(struct query *q, const char *p, size_t n, struct wbuf *out)
{
	struct wbuf *b = q->body;
	if (n == 2 && !memcmp(p, "-*", 2)) {
		for (unsigned i = 0; i < q->nact; i++) {
			wbuf_puts(b, irr_db_source_name(q->db, q->act[i]));
			wbuf_puts(b, ":N:-\n");
		}
	} else {
		size_t i = 0;
		while (i <= n) {
			size_t j = i;
			while (j < n && p[j] != ',')
				j++;
			int s = j > i ? irr_db_source_find(q->db, p + i, j - i) : -1;
			if (s >= 0 && source_loaded(q->db, (unsigned)s)) {
				wbuf_puts(b, irr_db_source_name(q->db, (unsigned)s));
				wbuf_puts(b, ":N:-\n");
			} else {
				for (size_t k = i; k < j; k++)
					wbuf_putc(b, p[k] >= 'a' && p[k] <= 'z' ? (char)(p[k] - 32) : p[k]);
				wbuf_puts(b, ":X:Database unknown\n");
			}
			i = j + 1;
		}
	}
	irrd_answer(q, out, false);
}

/* Objects maintained by mnt (!o, -i mnt-by): a scan of every object. */
static void find_by_mnt(struct query *q, const char *p, size_t n)
{
	const struct irr_db *db = q->db;
	uint32_t id = irr_db_find_str(db, p, n);
	if (id == IRR_NONE)
		return;
	struct route_list l = { NULL, 0, 0 };
	for (uint32_t i = 0; i < db->nroutes; i++) {
		const struct irr_route *r = &db->routes[i];
		if ((i & 4095) == 0 && over(q))
			break;
		if (!route_ok(q, r))
			continue;
		for (uint16_t k = 0; k < r->nmnt; k++)
			if (db->ids[r->mnt + k] == id) {
				rl_add(&l, r);
				break;
			}
	}
	rl_sort(q, &l);
	for (size_t i = 0; i < l.n && !over(q); i++)
		put_route(q, l.v[i]);
	free(l.v);
	if (!class_ok(q, RPSL_AUT_NUM))
		return;
	for (uint32_t i = 0; i < db->nautnums && !over(q); i++) {
		const struct irr_autnum *a = &db->autnums[i];
		if (!q->on[a->source])
			continue;
		for (uint16_t k = 0; k < a->nmnt; k++)
			if (db->ids[a->mnt + k] == id) {
				put_autnum(q, a);
				break;
			}
	}
}

/* !m<class>,<key>: the first object (in source preference) with this key. */
static void q_exact_key(struct query *q, const char *p, size_t n, struct wbuf *out)
{
	const char *comma = memchr(p, ',', n);
	if (!comma) {
		wbuf_puts(out, "F Invalid argument for object lookup: ");
		put_echo(out, p, n);
		wbuf_putc(out, '\n');
		return;
	}
	size_t cl = (size_t)(comma - p);
	const char *k = comma + 1;
	size_t kn = n - cl - 1;
	const struct irr_db *db = q->db;
	if (eq_nocase(p, cl, "aut-num")) {
		uint32_t asn;
		const struct irr_autnum *a[1];
		if (parse_asn(k, kn, &asn) == 0 && irr_db_autnums(db, asn, a, 1) == 1)
			put_autnum(q, a[0]);
	} else if (eq_nocase(p, cl, "as-set") || eq_nocase(p, cl, "route-set")) {
		uint32_t si = find_set(q, k, kn);
		if (si != IRR_NONE && db->sets[si].cls == (eq_nocase(p, cl, "as-set") ? RPSL_AS_SET : RPSL_ROUTE_SET))
			put_set(q, &db->sets[si]);
	} else if (eq_nocase(p, cl, "route") || eq_nocase(p, cl, "route6")) {
		/* IRRd's route key: the prefix and the origin written together,
		 * "192.0.2.0/24AS65000". */
		size_t i = 0;
		while (i + 1 < kn && !(lower(k[i]) == 'a' && lower(k[i + 1]) == 's'))
			i++;
		struct prefix pf;
		uint32_t asn;
		if (i + 1 < kn && parse_prefix(k, i, &pf) == 0 && parse_asn(k + i, kn - i, &asn) == 0 &&
		    (pf.afi == AFI_IPV6) == eq_nocase(p, cl, "route6")) {
			struct route_list l = { NULL, 0, 0 };
			routes_exact(q, &pf, &l);
			const struct irr_route *best = NULL;
			for (size_t j = 0; j < l.n; j++)
				if (l.v[j]->origin == asn && (!best || rank(q, l.v[j]->source) < rank(q, best->source)))
					best = l.v[j];
			if (best)
				put_route(q, best);
			free(l.v);
		}
	} else {
		wbuf_puts(out, "F Unsupported object class for !m: ");
		put_echo(out, p, cl);
		wbuf_putc(out, '\n');
		return;
	}
	irrd_answer(q, out, true);
}

static enum whois_next irrd_query(struct query *q, const char *line, size_t len, struct wbuf *out)
{
	struct whois_session *s = q->s;
	if (len < 2) {
		irrd_fail(out, "Missing IRRD command");
		return WHOIS_CONTINUE;
	}
	char c = line[1];
	const char *p = line + 2;
	size_t n = len - 2;
	if (c == '!') {
		s->persistent = true;   /* no answer at all */
		return WHOIS_CONTINUE;
	}
	if (c == 'q')
		return WHOIS_CLOSE;
	if (n == 0 && strchr("tg6ijmnors", c)) {
		wbuf_puts(out, "F Missing parameter for ");
		put_echo(out, &c, 1);
		wbuf_puts(out, " query\n");
		return WHOIS_CONTINUE;
	}
	switch (c) {
	case 'v':
		wbuf_puts(q->body, "manrs IRR server -- version ");
		wbuf_puts(q->body, q->srv->version ? q->srv->version : "unknown");
		irrd_answer(q, out, false);
		break;
	case 't': {
		uint32_t t;
		if (parse_asn(p, n, &t) < 0 || (n >= 2 && lower(p[0]) == 'a') || t < 1 || t > WHOIS_MAX_TIMEOUT) {
			wbuf_puts(out, "F Invalid value for timeout: ");
			put_echo(out, p, n);
			wbuf_putc(out, '\n');
			break;
		}
		s->timeout = t;
		wbuf_puts(out, "C\n");
		break;
	}
	case 'n': {
		size_t k = n > WHOIS_MAX_CLIENT ? WHOIS_MAX_CLIENT : n;
		for (size_t i = 0; i < k; i++)
			s->client[i] = (unsigned char)p[i] >= 0x20 && (unsigned char)p[i] < 0x7f ? p[i] : '?';
		s->client[k] = 0;
		wbuf_puts(out, "C\n");
		break;
	}
	case 'g': q_origin_prefixes(q, p, n, AFI_IPV4, out); break;
	case '6': q_origin_prefixes(q, p, n, AFI_IPV6, out); break;
	case 'a': q_set_prefixes(q, p, n, out); break;
	case 'i': q_members(q, p, n, out); break;
	case 'r': q_route_search(q, p, n, out); break;
	case 's': q_sources(q, p, n, out); break;
	case 'j': q_serials(q, p, n, out); break;
	case 'm': q_exact_key(q, p, n, out); break;
	case 'o':
		find_by_mnt(q, p, n);
		irrd_answer(q, out, true);
		break;
	default:
		wbuf_puts(out, "F Unrecognised command: ");
		put_echo(out, &c, 1);
		wbuf_putc(out, '\n');
		break;
	}
	return WHOIS_CONTINUE;
}

/* ---- RIPE-style queries -------------------------------------------- */

struct tok {
	const char *p;
	size_t n;
};

/* Splits on spaces and tabs; at most max tokens (the rest is dropped,
 * and *more says so). */
static size_t tokenize(const char *p, size_t n, struct tok *t, size_t max, bool *more)
{
	size_t k = 0, i = 0;
	*more = false;
	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == n)
			break;
		size_t j = i;
		while (j < n && p[j] != ' ' && p[j] != '\t')
			j++;
		if (k == max) {
			*more = true;
			break;
		}
		t[k].p = p + i;
		t[k++].n = j - i;
		i = j;
	}
	return k;
}

static const char *const OTHER_CLASSES[] = {
	"mntner", "person", "role", "inetnum", "inet6num", "as-block", "filter-set", "peering-set",
	"rtr-set", "inet-rtr", "key-cert", "domain", "irt", "organisation", "poem", "poetic-form",
};

/* -T route,route6: 0, or -1 on a name that is no RPSL class. */
static int parse_classes(struct query *q, const char *p, size_t n)
{
	unsigned bits = 0;
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && p[j] != ',')
			j++;
		const char *c = p + i;
		size_t l = j - i;
		if (eq_nocase(c, l, "route"))
			bits |= CLASS_BIT(RPSL_ROUTE);
		else if (eq_nocase(c, l, "route6"))
			bits |= CLASS_BIT(RPSL_ROUTE6);
		else if (eq_nocase(c, l, "aut-num"))
			bits |= CLASS_BIT(RPSL_AUT_NUM);
		else if (eq_nocase(c, l, "as-set"))
			bits |= CLASS_BIT(RPSL_AS_SET);
		else if (eq_nocase(c, l, "route-set"))
			bits |= CLASS_BIT(RPSL_ROUTE_SET);
		else {
			bool known = false;
			for (size_t k = 0; k < sizeof OTHER_CLASSES / sizeof *OTHER_CLASSES; k++)
				known |= eq_nocase(c, l, OTHER_CLASSES[k]);
			if (!known)
				return -1;
			bits |= CLASS_BIT(RPSL_OTHER);   /* a class this server holds no objects of */
		}
		i = j + 1;
	}
	q->classes = bits;
	return 0;
}

static void put_routes_of(struct query *q, uint32_t asn)
{
	const struct irr_route **v;
	size_t n = irr_db_routes_of_origin(q->db, asn, &v);
	for (size_t i = 0; i < n && !over(q); i++)
		if (route_ok(q, v[i]))
			put_route(q, v[i]);
	free(v);
}

/* -i ATTRIBUTE VALUE: 0, or -1 for an attribute not indexed. */
static int inverse(struct query *q, const struct tok *a, const struct tok *v)
{
	const struct irr_db *db = q->db;
	if (eq_nocase(a->p, a->n, "origin")) {
		uint32_t asn;
		if (parse_asn(v->p, v->n, &asn) == 0)
			put_routes_of(q, asn);
		return 0;
	}
	if (eq_nocase(a->p, a->n, "mnt-by")) {
		find_by_mnt(q, v->p, v->n);
		return 0;
	}
	if (eq_nocase(a->p, a->n, "member-of")) {
		uint32_t id = irr_db_find_str(db, v->p, v->n);
		if (id == IRR_NONE || id >= db->nstr)
			return 0;
		struct route_list l = { NULL, 0, 0 };
		for (uint32_t m = db->mof_head[id]; m != IRR_NONE && !over(q); m = db->mof[m].next) {
			const struct irr_memberof *mo = &db->mof[m];
			if (mo->cls == RPSL_AUT_NUM) {
				const struct irr_autnum *an = &db->autnums[mo->obj];
				if (q->on[an->source] && class_ok(q, RPSL_AUT_NUM))
					put_autnum(q, an);
			} else if (route_ok(q, &db->routes[mo->obj])) {
				rl_add(&l, &db->routes[mo->obj]);
			}
		}
		rl_sort(q, &l);
		for (size_t i = 0; i < l.n && !over(q); i++)
			put_route(q, l.v[i]);
		free(l.v);
		return 0;
	}
	return -1;
}

/* A search term without a flag: an AS number (aut-num objects), a prefix
 * or address (route objects covering it), or a set name. */
static void text_search(struct query *q, const struct tok *t)
{
	const struct irr_db *db = q->db;
	uint32_t asn;
	struct prefix pf;
	if (t->n > 2 && lower(t->p[0]) == 'a' && lower(t->p[1]) == 's' && parse_asn(t->p, t->n, &asn) == 0) {
		if (class_ok(q, RPSL_AUT_NUM)) {
			const struct irr_autnum *a[IRR_MAX_SOURCES];
			size_t na = irr_db_autnums(db, asn, a, IRR_MAX_SOURCES);
			for (size_t i = 0; i < na; i++)
				put_autnum(q, a[i]);
		}
		return;
	}
	if (parse_prefix(t->p, t->n, &pf) == 0) {
		struct route_list l = { NULL, 0, 0 };
		routes_search(q, &pf, 'L', &l);
		rl_sort(q, &l);
		for (size_t i = 0; i < l.n && !over(q); i++)
			put_route(q, l.v[i]);
		free(l.v);
		return;
	}
	uint32_t id = irr_db_find_str(db, t->p, t->n);
	if (id == IRR_NONE || id >= db->nstr)
		return;
	for (unsigned k = 0; k < q->nact; k++)
		for (uint32_t i = db->set_head[id]; i != IRR_NONE; i = db->sets[i].next)
			if (db->sets[i].source == q->act[k] && class_ok(q, (enum rpsl_class)db->sets[i].cls))
				put_set(q, &db->sets[i]);
}

#define RIPE_MAX_TOKENS 64

static enum whois_next ripe_query(struct query *q, const char *line, size_t len, struct wbuf *out)
{
	struct whois_session *s = q->s;
	struct tok t[RIPE_MAX_TOKENS];
	bool more;
	size_t nt = tokenize(line, len, t, RIPE_MAX_TOKENS, &more);
	if (more) {
		ripe_fail(out, "Too many query terms", NULL, 0);
		return WHOIS_CONTINUE;
	}
	q->ripe = true;
	bool searched = false;
	for (size_t i = 0; i < nt && !searched; i++) {
		const char *p = t[i].p;
		size_t n = t[i].n;
		if (n < 2 || p[0] != '-') {
			text_search(q, &t[i]);
			searched = true;
			continue;
		}
		if (n != 2) {
			ripe_fail(out, "Unrecognised flag/search", p, n);
			return WHOIS_CONTINUE;
		}
		char f = p[1];
		bool needs_arg = strchr("lLMxisTVt", f) != NULL;
		if (needs_arg && i + 1 >= nt) {
			ripe_fail(out, "Missing argument for flag/search", p, n);
			return WHOIS_CONTINUE;
		}
		switch (f) {
		case 'k': s->persistent = true; break;
		case 'K': q->key_only = true; break;
		case 'F':
		case 'r': break;   /* no recursion to turn off: accepted, as IRRd does */
		case 'a':
			s->sources[0] = 0;
			install_sources(q);
			break;
		case 'V': i++; break;
		case 's': {
			const char *why;
			i++;
			if (whois_sources_check(q->db, t[i].p, t[i].n, &why) < 0) {
				ripe_fail(out, why, NULL, 0);
				return WHOIS_CONTINUE;
			}
			for (size_t k = 0; k < t[i].n; k++)
				s->sources[k] = (char)(t[i].p[k] >= 'a' && t[i].p[k] <= 'z' ? t[i].p[k] - 32 : t[i].p[k]);
			s->sources[t[i].n] = 0;
			install_sources(q);
			break;
		}
		case 'T':
			i++;
			if (parse_classes(q, t[i].p, t[i].n) < 0) {
				ripe_fail(out, "Invalid object class", t[i].p, t[i].n);
				return WHOIS_CONTINUE;
			}
			break;
		case 'l':
		case 'L':
		case 'M':
		case 'x': {
			struct prefix pf;
			i++;
			if (parse_prefix(t[i].p, t[i].n, &pf) < 0) {
				ripe_fail(out, "Invalid input for route search", t[i].p, t[i].n);
				return WHOIS_CONTINUE;
			}
			struct route_list l = { NULL, 0, 0 };
			routes_search(q, &pf, f, &l);
			rl_sort(q, &l);
			for (size_t k = 0; k < l.n && !over(q); k++)
				put_route(q, l.v[k]);
			free(l.v);
			searched = true;
			break;
		}
		case 'i':
			if (i + 2 >= nt) {
				ripe_fail(out, "Missing argument for flag/search", p, n);
				return WHOIS_CONTINUE;
			}
			if (inverse(q, &t[i + 1], &t[i + 2]) < 0) {
				ripe_fail(out, "Inverse search not supported for attribute", t[i + 1].p, t[i + 1].n);
				return WHOIS_CONTINUE;
			}
			i += 2;
			searched = true;
			break;
		case 't':
			ripe_fail(out, "Object templates are not served", NULL, 0);
			return WHOIS_CONTINUE;
		default:
			ripe_fail(out, "Unrecognised flag/search", p, n);
			return WHOIS_CONTINUE;
		}
	}
	ripe_answer(q, out);
	return WHOIS_CONTINUE;
}

/* ---- Entry points -------------------------------------------------- */

void whois_server_init(struct whois_server *srv, struct irr_db *db)
{
	memset(srv, 0, sizeof *srv);
	srv->db = db;
	wbuf_init(&srv->body, 1u << 16);
}

void whois_server_free(struct whois_server *srv)
{
	wbuf_free(&srv->body);
}

void whois_session_init(struct whois_session *s)
{
	memset(s, 0, sizeof *s);
	s->timeout = WHOIS_DEFAULT_TIMEOUT;
}

enum whois_next whois_query(struct whois_server *srv, struct whois_session *s, const char *line, size_t len,
			    struct wbuf *out)
{
	if (len && line[len - 1] == '\r')
		len--;
	/* Leading blanks are not part of the query. */
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (len == 0)
		return WHOIS_CONTINUE;
	s->queries++;
	struct query q;
	memset(&q, 0, sizeof q);
	q.srv = srv;
	q.s = s;
	q.db = srv->db;
	q.body = &srv->body;
	q.body->len = 0;
	q.deadline_ns = now_ns() + (uint64_t)(srv->budget_ms ? srv->budget_ms : WHOIS_DEFAULT_BUDGET_MS) * 1000000u;
	install_sources(&q);
	enum whois_next next;
	if (len > WHOIS_MAX_LINE) {
		irrd_fail(out, "Query too long");
		next = WHOIS_CLOSE;
	} else if (line[0] == '!') {
		next = irrd_query(&q, line, len, out);
	} else {
		next = ripe_query(&q, line, len, out);
	}
	if (q.keys_init)
		hashset_free(&q.keys_seen);
	/* Keep the scratch buffer from holding on to a huge answer's memory. */
	if (srv->body.cap > (4u << 20)) {
		wbuf_free(&srv->body);
		wbuf_init(&srv->body, 1u << 16);
	}
	if (next == WHOIS_CLOSE || !s->persistent)
		return WHOIS_CLOSE;
	return WHOIS_CONTINUE;
}
