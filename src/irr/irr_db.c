/*
 * The IRR database: interned names, route objects in a prefix trie and
 * chained by origin, aut-nums by AS, sets by name; loading from RPSL dumps
 * through the streaming reader; route queries under a source preference.
 */
#include "irr/irr.h"
#include "lib/hashset.h"
#include "lib/xmalloc.h"
#include "lib/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Growth helper ------------------------------------------------- */

/* Makes room for one more element of `size` bytes in *arr (count n, capacity
 * *cap); aborts past UINT32_MAX elements, which input cannot reach before
 * memory runs out anyway. */
static void *grow(void *arr, uint32_t n, uint32_t *cap, size_t size)
{
	if (n < *cap)
		return arr;
	if (*cap >= UINT32_MAX / 2) {
		fprintf(stderr, "manrs: IRR database larger than 2^31 entries\n");
		abort();
	}
	*cap = *cap ? *cap * 2 : 256;
	return xreallocarray(arr, *cap, size);
}

/* ---- Strings ------------------------------------------------------- */

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

static uint64_t hash_upper(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (uint8_t)upper(s[i]);
		h *= 1099511628211ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static bool str_eq(const struct irr_db *db, uint32_t id, const char *s, size_t n)
{
	const char *t = db->str + db->str_off[id];
	for (size_t i = 0; i < n; i++)
		if (t[i] != upper(s[i]))
			return false;
	return t[n] == 0;
}

static size_t str_slot(const struct irr_db *db, const char *s, size_t n)
{
	size_t mask = db->hash_cap - 1, i = (size_t)hash_upper(s, n) & mask;
	while (db->str_hash[i] && !str_eq(db, db->str_hash[i] - 1, s, n))
		i = (i + 1) & mask;
	return i;
}

uint32_t irr_db_find_str(const struct irr_db *db, const char *s, size_t n)
{
	if (memchr(s, 0, n))
		return IRR_NONE;
	uint32_t v = db->str_hash[str_slot(db, s, n)];
	return v ? v - 1 : IRR_NONE;
}

static void str_rehash(struct irr_db *db)
{
	free(db->str_hash);
	db->hash_cap *= 2;
	db->str_hash = xcalloc(db->hash_cap, sizeof *db->str_hash);
	for (uint32_t id = 0; id < db->nstr; id++) {
		const char *t = db->str + db->str_off[id];
		db->str_hash[str_slot(db, t, strlen(t))] = id + 1;
	}
}

/* The id of s (upper-cased), added if new. s holds no NUL (views come
 * from tokens of word characters). */
static uint32_t intern(struct irr_db *db, const char *s, size_t n)
{
	size_t slot = str_slot(db, s, n);
	if (db->str_hash[slot])
		return db->str_hash[slot] - 1;
	uint32_t old_cap = db->nstr_cap;
	db->str_off = grow(db->str_off, db->nstr, &db->nstr_cap, sizeof *db->str_off);
	if (db->nstr_cap != old_cap) {
		db->set_head = xreallocarray(db->set_head, db->nstr_cap, sizeof *db->set_head);
		db->mof_head = xreallocarray(db->mof_head, db->nstr_cap, sizeof *db->mof_head);
	}
	db->str = xgrow(db->str, &db->str_cap, db->str_len + n + 1, 1);
	uint32_t id = db->nstr++;
	db->str_off[id] = (uint32_t)db->str_len;
	for (size_t i = 0; i < n; i++)
		db->str[db->str_len++] = upper(s[i]);
	db->str[db->str_len++] = 0;
	db->set_head[id] = IRR_NONE;
	db->mof_head[id] = IRR_NONE;
	db->str_hash[slot] = id + 1;
	if ((size_t)db->nstr * 2 > db->hash_cap)
		str_rehash(db);
	return id;
}

const char *irr_db_str(const struct irr_db *db, uint32_t id)
{
	return id < db->nstr ? db->str + db->str_off[id] : "";
}

uint32_t irr_db_id(const struct irr_db *db, uint32_t i) { return i < db->nids ? db->ids[i] : IRR_NONE; }

/* ---- Setup --------------------------------------------------------- */

void irr_db_init(struct irr_db *db)
{
	memset(db, 0, sizeof *db);
	db->str_cap = 1 << 16;
	db->str = xmalloc(db->str_cap);
	db->hash_cap = 1024;
	db->str_hash = xcalloc(db->hash_cap, sizeof *db->str_hash);
	trie_init(&db->trie);
	u32map_init(&db->by_origin);
	u32map_init(&db->autnum_by_asn);
}

void irr_db_free(struct irr_db *db)
{
	free(db->str);
	free(db->str_off);
	free(db->str_hash);
	free(db->set_head);
	free(db->mof_head);
	free(db->routes);
	trie_free(&db->trie);
	u32map_free(&db->by_origin);
	free(db->autnums);
	u32map_free(&db->autnum_by_asn);
	free(db->sets);
	free(db->members);
	free(db->ids);
	free(db->mof);
	memset(db, 0, sizeof *db);
}

/* ---- Sources ------------------------------------------------------- */

int irr_db_source_find(const struct irr_db *db, const char *s, size_t n)
{
	uint32_t id = irr_db_find_str(db, s, n);
	if (id == IRR_NONE)
		return -1;
	for (unsigned i = 0; i < db->nsources; i++)
		if (db->sources[i] == id)
			return (int)i;
	return -1;
}

/* Index of source name s, added if new; -1 if there are too many. */
static int source_add(struct irr_db *db, const char *s, size_t n)
{
	int i = irr_db_source_find(db, s, n);
	if (i >= 0)
		return i;
	if (db->nsources == IRR_MAX_SOURCES)
		return -1;
	db->sources[db->nsources] = intern(db, s, n);
	/* RIPE-NONAUTH holds objects of the RIPE database's own maintainers
	 * (out-of-region routes and aut-nums): same registry for mbrs-by-ref. */
	size_t base = n;
	if (n > 8 && !strncasecmp(s + n - 8, "-NONAUTH", 8))
		base = n - 8;
	db->registry[db->nsources] = intern(db, s, base);
	return (int)db->nsources++;
}

const char *irr_db_source_name(const struct irr_db *db, unsigned source)
{
	return source < db->nsources ? irr_db_str(db, db->sources[source]) : "?";
}

static bool source_loaded(const struct irr_db *db, unsigned source)
{
	for (int c = 0; c < RPSL_NCLASSES; c++)
		if (db->counts[source][c])
			return true;
	return false;
}

int irr_db_set_sources(struct irr_db *db, const char *list, unsigned *unknown, const char **why)
{
	unsigned n = 0, unk = 0;
	uint16_t pref[IRR_MAX_SOURCES];
	const char *p = list;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (!rpsl_source_ok(p, len)) {
			*why = "a source is not a registry name (letters, digits, '-', '_')";
			return -1;
		}
		int s = source_add(db, p, len);
		if (s < 0) {
			*why = "too many sources";
			return -1;
		}
		bool dup = false;
		for (unsigned i = 0; i < n; i++)
			dup |= pref[i] == s;
		if (!dup)
			pref[n++] = (uint16_t)s;
		if (s < 0 || !source_loaded(db, (unsigned)s))
			unk++;
		if (!e)
			break;
		p = e + 1;
	}
	memcpy(db->pref, pref, n * sizeof pref[0]);
	db->npref = n;
	db->pref_given = true;
	if (unknown)
		*unknown = unk;
	return 0;
}

unsigned irr_db_active_sources(const struct irr_db *db, uint16_t *out)
{
	if (db->pref_given) {
		memcpy(out, db->pref, db->npref * sizeof *out);
		return db->npref;
	}
	unsigned n = 0;
	for (unsigned i = 0; i < db->nsources; i++)
		if (source_loaded(db, i))
			out[n++] = (uint16_t)i;
	return n;
}

/* Rank of a source in the preference (0 = first), or -1 if inactive. */
static int source_rank(const struct irr_db *db, unsigned source)
{
	if (!db->pref_given)
		return (int)source;
	for (unsigned i = 0; i < db->npref; i++)
		if (db->pref[i] == source)
			return (int)i;
	return -1;
}

/* ---- Adding objects ------------------------------------------------ */

/* Appends interned names to db->ids; returns the index of the first. */
static uint32_t add_ids(struct irr_db *db, const struct rpsl_view *v, size_t n, uint16_t *count)
{
	uint32_t first = db->nids;
	if (n > UINT16_MAX)
		n = UINT16_MAX;
	for (size_t i = 0; i < n; i++) {
		db->ids = grow(db->ids, db->nids, &db->ids_cap, sizeof *db->ids);
		db->ids[db->nids++] = intern(db, v[i].p, v[i].len);
	}
	*count = (uint16_t)n;
	return first;
}

static void add_member_of(struct irr_db *db, const struct rpsl_object *o, uint32_t obj)
{
	for (size_t i = 0; i < o->nmember_of; i++) {
		uint32_t name = intern(db, o->member_of[i].p, o->member_of[i].len);
		db->mof = grow(db->mof, db->nmof, &db->mof_cap, sizeof *db->mof);
		struct irr_memberof *m = &db->mof[db->nmof];
		m->obj = obj;
		m->cls = (uint8_t)o->cls;
		m->next = db->mof_head[name];
		db->mof_head[name] = db->nmof++;
	}
}

static enum irr_add add_route(struct irr_db *db, const struct rpsl_object *o, uint16_t src)
{
	uint32_t *slot = trie_insert(&db->trie, &o->prefix);
	for (uint32_t i = *slot; i != TRIE_NONE; i = db->routes[i].next_prefix)
		if (db->routes[i].origin == o->asn && db->routes[i].source == src)
			return IRR_DUPLICATE;
	uint32_t head = *slot;
	uint32_t idx = db->nroutes;
	*slot = idx;
	db->routes = grow(db->routes, db->nroutes, &db->routes_cap, sizeof *db->routes);
	struct irr_route *r = &db->routes[db->nroutes++];
	memset(r, 0, sizeof *r);
	r->prefix = o->prefix;
	r->origin = o->asn;
	r->source = src;
	r->next_prefix = head;
	uint32_t *oh = u32map_put(&db->by_origin, o->asn, IRR_NONE, NULL);
	r->next_origin = *oh;
	*oh = idx;
	r->mnt = add_ids(db, o->mnt_by, o->nmnt_by, &r->nmnt);
	add_member_of(db, o, idx);
	return IRR_ADDED;
}

static enum irr_add add_autnum(struct irr_db *db, const struct rpsl_object *o, uint16_t src)
{
	uint32_t *head = u32map_put(&db->autnum_by_asn, o->asn, IRR_NONE, NULL);
	for (uint32_t i = *head; i != IRR_NONE; i = db->autnums[i].next)
		if (db->autnums[i].source == src)
			return IRR_DUPLICATE;
	uint32_t idx = db->nautnums;
	uint32_t next = *head;
	*head = idx;
	db->autnums = grow(db->autnums, db->nautnums, &db->autnums_cap, sizeof *db->autnums);
	struct irr_autnum *a = &db->autnums[db->nautnums++];
	memset(a, 0, sizeof *a);
	a->asn = o->asn;
	a->source = src;
	a->next = next;
	a->as_name = intern(db, o->as_name.p, o->as_name.len);
	a->n_import = o->n_import;
	a->n_export = o->n_export;
	a->n_mp_import = o->n_mp_import;
	a->n_mp_export = o->n_mp_export;
	a->mnt = add_ids(db, o->mnt_by, o->nmnt_by, &a->nmnt);
	for (int k = 0; k < RPSL_NCONTACTS; k++)
		a->contact[k] = o->contact[k].len ? intern(db, o->contact[k].p, o->contact[k].len) : IRR_NONE;
	add_member_of(db, o, idx);
	return IRR_ADDED;
}

static enum irr_add add_set(struct irr_db *db, const struct rpsl_object *o, uint16_t src)
{
	uint32_t name = intern(db, o->key.p, o->key.len);
	for (uint32_t i = db->set_head[name]; i != IRR_NONE; i = db->sets[i].next)
		if (db->sets[i].source == src)
			return IRR_DUPLICATE;
	/* Member sources first, since they may fail (too many sources). */
	for (size_t i = 0; i < o->nmembers; i++)
		if (o->members[i].source.len && source_add(db, o->members[i].source.p, o->members[i].source.len) < 0)
			return IRR_TOO_MANY_SOURCES;
	db->sets = grow(db->sets, db->nsets, &db->sets_cap, sizeof *db->sets);
	uint32_t idx = db->nsets++;
	struct irr_set *s = &db->sets[idx];
	memset(s, 0, sizeof *s);
	s->name = name;
	s->source = src;
	s->cls = (uint8_t)o->cls;
	s->mem = db->nmembers;
	for (size_t i = 0; i < o->nmembers; i++) {
		const struct rpsl_member *m = &o->members[i];
		uint16_t ms = IRR_NO_SOURCE;
		if (m->source.len)
			ms = (uint16_t)irr_db_source_find(db, m->source.p, m->source.len);
		db->members = grow(db->members, db->nmembers, &db->members_cap, sizeof *db->members);
		struct irr_member *d = &db->members[db->nmembers++];
		memset(d, 0, sizeof *d);
		d->type = m->type;
		d->op = m->op;
		d->lo = m->lo;
		d->hi = m->hi;
		d->source = ms;
		d->prefix = m->prefix;
		if (m->type == RPSL_MEMBER_ASN)
			d->id = m->asn;
		else if (m->type != RPSL_MEMBER_PREFIX)
			d->id = intern(db, m->name.p, m->name.len);
	}
	s = &db->sets[idx];
	s->nmem = db->nmembers - s->mem;
	uint16_t nref;
	s->ref = add_ids(db, o->mbrs_by_ref, o->nmbrs_by_ref, &nref);
	s->nref = nref;
	s->next = db->set_head[name];
	db->set_head[name] = idx;
	return IRR_ADDED;
}

enum irr_add irr_db_add(struct irr_db *db, const struct rpsl_object *o)
{
	if (o->cls == RPSL_OTHER || (unsigned)o->cls >= RPSL_NCLASSES)
		return IRR_NOT_STORED;
	int src = source_add(db, o->source.p, o->source.len);
	if (src < 0)
		return IRR_TOO_MANY_SOURCES;
	enum irr_add r;
	switch (o->cls) {
	case RPSL_ROUTE:
	case RPSL_ROUTE6:
		r = add_route(db, o, (uint16_t)src);
		break;
	case RPSL_AUT_NUM:
		r = add_autnum(db, o, (uint16_t)src);
		break;
	default:
		r = add_set(db, o, (uint16_t)src);
		break;
	}
	if (r == IRR_ADDED)
		db->counts[src][o->cls]++;
	else if (r == IRR_DUPLICATE)
		db->duplicates++;
	return r;
}

/* ---- Loading ------------------------------------------------------- */

static void count_skipped(struct irr_load_stats *st, struct rpsl_view name)
{
	for (unsigned i = 0; i < st->nskipped; i++)
		if (strlen(st->skipped[i].name) == name.len && !memcmp(st->skipped[i].name, name.p, name.len)) {
			st->skipped[i].n++;
			return;
		}
	if (st->nskipped == IRR_MAX_OTHER_CLASSES || name.len > RPSL_MAX_ATTR_NAME) {
		st->skipped_other++;
		return;
	}
	memcpy(st->skipped[st->nskipped].name, name.p, name.len);
	st->skipped[st->nskipped].name[name.len] = 0;
	st->skipped[st->nskipped++].n = 1;
}

static void load_reader(struct irr_db *db, struct rpsl_reader *r, const char *file, irr_report_fn report,
			void *ctx, struct irr_load_stats *st)
{
	struct rpsl_object o;
	enum rpsl_status s;
	while ((s = rpsl_next(r, &o)) != RPSL_EOF) {
		st->objects++;
		if (s == RPSL_SKIPPED) {
			count_skipped(st, o.class_name);
			continue;
		}
		if (s == RPSL_MALFORMED) {
			st->malformed++;
			st->malformed_by_class[o.cls]++;
			if (report)
				report(ctx, file, &o);
			continue;
		}
		if (o.nwarn) {
			st->warnings += o.nwarn;
			if (report)
				report(ctx, file, &o);
		}
		enum irr_add a = irr_db_add(db, &o);
		if (a == IRR_ADDED) {
			st->added++;
		} else if (a == IRR_DUPLICATE) {
			st->duplicates++;
		} else if (a == IRR_TOO_MANY_SOURCES) {
			o.reason = "more than 255 sources";
			o.err_line = o.line;
			snprintf(o.detail, sizeof o.detail, "%.*s", (int)(o.source.len < 40 ? o.source.len : 40),
				 o.source.p);
			st->malformed++;
			st->malformed_by_class[o.cls]++;
			if (report)
				report(ctx, file, &o);
		}
	}
	st->bytes += r->bytes;
}

static size_t read_input(void *ctx, void *dst, size_t n) { return input_read(ctx, dst, n); }

int irr_db_load(struct irr_db *db, const char *path, irr_report_fn report, void *ctx, struct irr_load_stats *st,
		char *err, size_t errlen)
{
	struct input *in = input_open(path, err, errlen);
	if (!in)
		return -1;
	struct rpsl_reader r;
	rpsl_reader_init(&r, read_input, in);
	load_reader(db, &r, path, report, ctx, st);
	rpsl_reader_free(&r);
	const char *e = input_error(in);
	int rc = 0;
	if (e) {
		snprintf(err, errlen, "%s", e);
		rc = -2;
	}
	input_close(in);
	return rc;
}

void irr_db_load_mem(struct irr_db *db, const void *buf, size_t len, irr_report_fn report, void *ctx,
		     struct irr_load_stats *st)
{
	struct rpsl_reader r;
	rpsl_reader_init_mem(&r, buf, len);
	load_reader(db, &r, "(memory)", report, ctx, st);
	rpsl_reader_free(&r);
}

/* ---- Route queries ------------------------------------------------- */

struct covering_walk {
	const struct irr_db *db;
	irr_route_cb cb;
	void *ctx;
};

static int covering_one(const struct prefix *p, uint32_t head, void *vctx)
{
	(void)p;
	struct covering_walk *w = vctx;
	for (uint32_t i = head; i != TRIE_NONE; i = w->db->routes[i].next_prefix) {
		if (source_rank(w->db, w->db->routes[i].source) < 0)
			continue;
		int rc = w->cb(&w->db->routes[i], w->ctx);
		if (rc)
			return rc;
	}
	return 0;
}

int irr_db_routes_covering(const struct irr_db *db, const struct prefix *p, irr_route_cb cb, void *ctx)
{
	struct covering_walk w = { db, cb, ctx };
	return trie_covering(&db->trie, p, covering_one, &w);
}

static int cmp_route(const void *a, const void *b, void *vdb)
{
	const struct irr_db *db = vdb;
	const struct irr_route *x = *(const struct irr_route *const *)a, *y = *(const struct irr_route *const *)b;
	int c = prefix_cmp(&x->prefix, &y->prefix);
	if (c)
		return c;
	int rx = source_rank(db, x->source), ry = source_rank(db, y->source);
	return (rx > ry) - (rx < ry);
}

size_t irr_db_routes_of_origin(const struct irr_db *db, uint32_t asn, const struct irr_route ***out)
{
	size_t n = 0, cap = 0;
	const struct irr_route **v = xgrow(NULL, &cap, 16, sizeof *v);
	for (uint32_t i = u32map_get(&db->by_origin, asn, IRR_NONE); i != IRR_NONE; i = db->routes[i].next_origin) {
		if (source_rank(db, db->routes[i].source) < 0)
			continue;
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = &db->routes[i];
	}
	qsort_r(v, n, sizeof *v, cmp_route, (void *)db);
	*out = v;
	return n;
}

size_t irr_db_autnums(const struct irr_db *db, uint32_t asn, const struct irr_autnum **out, size_t max)
{
	uint16_t act[IRR_MAX_SOURCES];
	unsigned na = irr_db_active_sources(db, act);
	size_t n = 0;
	for (unsigned k = 0; k < na && n < max; k++)
		for (uint32_t i = u32map_get(&db->autnum_by_asn, asn, IRR_NONE); i != IRR_NONE; i = db->autnums[i].next)
			if (db->autnums[i].source == act[k] && n < max)
				out[n++] = &db->autnums[i];
	return n;
}

struct check_walk {
	const struct irr_db *db;
	const struct prefix *p;
	bool has_origin;
	uint32_t origin;
	struct irr_verdict *by_source[IRR_MAX_SOURCES];
};

static int check_one(const struct irr_route *r, void *vctx)
{
	struct check_walk *w = vctx;
	struct irr_verdict *v = w->by_source[r->source];
	if (!v)
		return 0;
	bool exact = r->prefix.len == w->p->len;
	if (w->has_origin && r->origin != w->origin) {
		if (exact)
			v->other_origin++;
		return 0;
	}
	/* Shortest first: a later match is at least as specific. */
	if (exact) {
		if (v->match != IRR_MATCH_EXACT) {
			v->match = IRR_MATCH_EXACT;
			v->route = r;
		}
	} else {
		v->match = IRR_MATCH_LESS_SPECIFIC;
		v->route = r;
	}
	return 0;
}

unsigned irr_db_check_route(const struct irr_db *db, const struct prefix *p, bool has_origin, uint32_t origin,
			    struct irr_verdict *out)
{
	uint16_t act[IRR_MAX_SOURCES];
	unsigned n = irr_db_active_sources(db, act);
	struct check_walk w;
	memset(&w, 0, sizeof w);
	w.db = db;
	w.p = p;
	w.has_origin = has_origin;
	w.origin = origin;
	for (unsigned i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].source = act[i];
		w.by_source[act[i]] = &out[i];
	}
	irr_db_routes_covering(db, p, check_one, &w);
	return n;
}
