/*
 * PeeringDB JSON loader. A push scanner (jsonscan.h) follows the document
 * and hands each data[] element alone to jansson, so memory is bounded by
 * PDB_MAX_ELEMENT and the caps on what is kept, never by the file size;
 * every field is then
 * checked for its type and range before it is stored, so a page with
 * redacted or odd values skips those objects (with a reason) instead of
 * storing garbage. Strings go to a deduplicating pool.
 */
#include "refdata/peeringdb.h"
#include "lib/xmalloc.h"
#include "refdata/jsonscan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TYPE_NAMES[PDB_NTYPES + 1] = {
	"net", "org", "poc", "ix", "ixlan", "ixpfx", "netixlan",
	"fac", "netfac", "ixfac", "carrier", "carrierfac", "campus", "unknown",
};

const char *pdb_type_name(enum pdb_type t) { return t <= PDB_NTYPES ? TYPE_NAMES[t] : "unknown"; }

struct peeringdb *pdb_new(void)
{
	struct peeringdb *db = xcalloc(1, sizeof *db);
	text_strpool_init(&db->strings);
	for (int t = 0; t < PDB_NTYPES; t++)
		u32map_init(&db->ids[t]);
	u32map_init(&db->net_by_asn);
	return db;
}

void pdb_free(struct peeringdb *db)
{
	if (!db)
		return;
	free(db->net);
	free(db->org);
	free(db->poc);
	free(db->ix);
	free(db->ixlan);
	free(db->ixpfx);
	free(db->nix);
	for (int t = 0; t < PDB_NTYPES; t++)
		u32map_free(&db->ids[t]);
	u32map_free(&db->net_by_asn);
	for (size_t i = 0; i < db->n_files; i++)
		free(db->files[i].name);
	free(db->files);
	text_strpool_free(&db->strings);
	free(db);
}

/* ---- type detection ---- */

static bool has(const json_t *o, const char *k) { return json_object_get(o, k) != NULL; }

enum pdb_type pdb_type_of_object(const void *json_object)
{
	const json_t *o = json_object;
	if (!json_is_object(o))
		return PDB_UNKNOWN;
	/* Each test names a key only that type has (API v2, 2026). */
	if (has(o, "ipaddr4") || has(o, "ipaddr6"))
		return PDB_NETIXLAN;
	if (has(o, "role") && has(o, "visible"))
		return PDB_POC;
	if (has(o, "ixlan_id") && has(o, "prefix"))
		return PDB_IXPFX;
	if (has(o, "ix_id") && has(o, "fac_id"))
		return PDB_IXFAC;
	if (has(o, "net_id") && has(o, "fac_id"))
		return PDB_NETFAC;
	if (has(o, "carrier_id") && has(o, "fac_id"))
		return PDB_CARRIERFAC;
	if (has(o, "ix_id") && (has(o, "mtu") || has(o, "rs_asn") || has(o, "dot1q_support")))
		return PDB_IXLAN;
	if (has(o, "irr_as_set") || has(o, "info_prefixes4"))
		return PDB_NET;
	if (has(o, "proto_unicast") || has(o, "proto_ipv6"))
		return PDB_IX;
	if (has(o, "clli") || has(o, "npanxx"))
		return PDB_FAC;
	if (has(o, "fac_count") && has(o, "org_name"))
		return PDB_CARRIER;
	if (has(o, "org_name") && has(o, "zipcode"))
		return PDB_CAMPUS;
	if (has(o, "address1") && has(o, "name"))
		return PDB_ORG;
	return PDB_UNKNOWN;
}

enum pdb_type pdb_type_of_name(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (!strncmp(base, "peeringdb_", 10))
		base += 10;
	/* Longest names first: "netixlan" before "net", "ixlan" before "ix". */
	static const enum pdb_type order[] = { PDB_CARRIERFAC, PDB_NETIXLAN, PDB_CARRIER, PDB_NETFAC, PDB_CAMPUS,
					       PDB_IXLAN, PDB_IXPFX, PDB_IXFAC, PDB_NET, PDB_ORG, PDB_POC, PDB_FAC,
					       PDB_IX };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const char *n = TYPE_NAMES[order[i]];
		size_t k = strlen(n);
		if (!strncmp(base, n, k) && (base[k] == '_' || base[k] == '.' || base[k] == '-' || base[k] == 0))
			return order[i];
	}
	return PDB_UNKNOWN;
}

/* ---- field access: each returns NULL or a static reason ---- */

struct ctx {
	struct peeringdb *db;
	struct pdb_file *f;
	const char *why;   /* first problem of the current object */
};

static uint32_t get_u32(struct ctx *c, const json_t *o, const char *key, const char *why_missing,
			const char *why_type)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		if (why_missing && !c->why)
			c->why = why_missing;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > (json_int_t)UINT32_MAX) {
		if (!c->why)
			c->why = why_type;
		return 0;
	}
	return (uint32_t)json_integer_value(v);
}

static uint32_t get_str(struct ctx *c, const json_t *o, const char *key, const char *why_type)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		if (!c->why)
			c->why = why_type;
		return 0;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	/* Values hidden from the viewer: a redacted copy of a page says
	 * "<auth-only:string>". Storing it would shadow the real value. */
	if (n >= 11 && !memcmp(s, "<auth-only:", 11)) {
		if (!c->why)
			c->why = "redacted value (<auth-only:...>)";
		return 0;
	}
	if (n > PDB_MAX_STRING) {
		n = PDB_MAX_STRING;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--; /* do not cut inside a UTF-8 sequence */
	}
	return text_strpool_add(&c->db->strings, s, n);
}

static bool get_bool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

static void track_updated(struct pdb_file *f, const json_t *o)
{
	const char *s = json_string_value(json_object_get(o, "updated"));
	if (!s || strlen(s) != 20 || s[0] < '0' || s[0] > '9')
		return;
	if (!f->updated_max[0] || strcmp(s, f->updated_max) > 0)
		memcpy(f->updated_max, s, 21);
	if (!f->updated_min[0] || strcmp(s, f->updated_min) < 0)
		memcpy(f->updated_min, s, 21);
}

#define GROW(arr, n, cap) ((arr) = xgrow((arr), &(cap), (n) + 1, sizeof *(arr)))

static const char *ip_field(const json_t *o, const char *key, uint8_t afi, struct ip_addr *a)
{
	memset(a, 0, sizeof *a);
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	const char *s = json_string_value(v);
	if (!s || json_string_length(v) >= IP_STRLEN || ip_parse(s, a) < 0 || a->afi != afi) {
		memset(a, 0, sizeof *a);
		return afi == AFI_IPV4 ? "ipaddr4 is not an IPv4 address" : "ipaddr6 is not an IPv6 address";
	}
	return NULL;
}

/* PeeringDB's poc choices (API v2 "role" and "visible"). */
static const char *const ROLES[] = { "Abuse", "Maintenance", "Policy", "Technical", "NOC", "Public Relations",
				     "Sales", NULL };
static const char *const VISIBLE[] = { "Public", "Users", "Private", NULL };

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

/* Stores one object of type t; returns NULL or why it was skipped. The id
 * is checked and registered by the caller. */
static const char *store(struct ctx *c, enum pdb_type t, const json_t *o, uint32_t id)
{
	struct peeringdb *db = c->db;
	switch (t) {
	case PDB_NET: {
		struct pdb_net n = { .id = id };
		n.org_id = get_u32(c, o, "org_id", NULL, "org_id is not an integer");
		n.asn = get_u32(c, o, "asn", "asn is missing", "asn is not an integer up to 4294967295");
		n.name = get_str(c, o, "name", "name is not a string");
		n.aka = get_str(c, o, "aka", "aka is not a string");
		n.irr_as_set = get_str(c, o, "irr_as_set", "irr_as_set is not a string");
		n.info_type = get_str(c, o, "info_type", "info_type is not a string");
		n.policy_general = get_str(c, o, "policy_general", "policy_general is not a string");
		n.website = get_str(c, o, "website", "website is not a string");
		n.status = get_str(c, o, "status", "status is not a string");
		n.updated = get_str(c, o, "updated", "updated is not a string");
		n.info_prefixes4 = get_u32(c, o, "info_prefixes4", NULL, "info_prefixes4 is not an integer");
		n.info_prefixes6 = get_u32(c, o, "info_prefixes6", NULL, "info_prefixes6 is not an integer");
		if (c->why)
			return c->why;
		GROW(db->net, db->n_net, db->cap_net);
		db->net[db->n_net++] = n;
		return NULL;
	}
	case PDB_ORG: {
		struct pdb_org g = { .id = id };
		g.name = get_str(c, o, "name", "name is not a string");
		g.country = get_str(c, o, "country", "country is not a string");
		g.status = get_str(c, o, "status", "status is not a string");
		if (c->why)
			return c->why;
		GROW(db->org, db->n_org, db->cap_org);
		db->org[db->n_org++] = g;
		return NULL;
	}
	case PDB_POC: {
		struct pdb_poc p = { .id = id };
		p.net_id = get_u32(c, o, "net_id", "net_id is missing", "net_id is not an integer");
		p.role = get_str(c, o, "role", "role is not a string");
		p.visible = get_str(c, o, "visible", "visible is not a string");
		p.name = get_str(c, o, "name", "name is not a string");
		p.email = get_str(c, o, "email", "email is not a string");
		p.phone = get_str(c, o, "phone", "phone is not a string");
		p.url = get_str(c, o, "url", "url is not a string");
		p.status = get_str(c, o, "status", "status is not a string");
		p.updated = get_str(c, o, "updated", "updated is not a string");
		if (c->why)
			return c->why;
		if (!one_of(pdb_str(db, p.role), ROLES))
			return "role is not a PeeringDB contact role";
		if (!one_of(pdb_str(db, p.visible), VISIBLE))
			return "visible is not Public, Users or Private";
		GROW(db->poc, db->n_poc, db->cap_poc);
		db->poc[db->n_poc++] = p;
		return NULL;
	}
	case PDB_IX: {
		struct pdb_ix x = { .id = id };
		x.org_id = get_u32(c, o, "org_id", NULL, "org_id is not an integer");
		x.name = get_str(c, o, "name", "name is not a string");
		x.name_long = get_str(c, o, "name_long", "name_long is not a string");
		x.city = get_str(c, o, "city", "city is not a string");
		x.country = get_str(c, o, "country", "country is not a string");
		x.status = get_str(c, o, "status", "status is not a string");
		if (c->why)
			return c->why;
		GROW(db->ix, db->n_ix, db->cap_ix);
		db->ix[db->n_ix++] = x;
		return NULL;
	}
	case PDB_IXLAN: {
		struct pdb_ixlan x = { .id = id };
		x.ix_id = get_u32(c, o, "ix_id", "ix_id is missing", "ix_id is not an integer");
		x.name = get_str(c, o, "name", "name is not a string");
		x.status = get_str(c, o, "status", "status is not a string");
		x.rs_asn = get_u32(c, o, "rs_asn", NULL, "rs_asn is not an integer up to 4294967295");
		if (c->why)
			return c->why;
		GROW(db->ixlan, db->n_ixlan, db->cap_ixlan);
		db->ixlan[db->n_ixlan++] = x;
		return NULL;
	}
	case PDB_IXPFX: {
		struct pdb_ixpfx x = { .id = id };
		x.ixlan_id = get_u32(c, o, "ixlan_id", "ixlan_id is missing", "ixlan_id is not an integer");
		x.status = get_str(c, o, "status", "status is not a string");
		x.in_dfz = get_bool(o, "in_dfz");
		json_t *v = json_object_get(o, "prefix");
		const char *s = json_string_value(v);
		struct text_view pv = { s, s ? json_string_length(v) : 0 };
		if (!c->why && (!s || text_prefix(pv, &x.pfx, false) < 0))
			c->why = "prefix is not a prefix without host bits";
		if (c->why)
			return c->why;
		GROW(db->ixpfx, db->n_ixpfx, db->cap_ixpfx);
		db->ixpfx[db->n_ixpfx++] = x;
		return NULL;
	}
	case PDB_NETIXLAN: {
		struct pdb_netixlan x = { .id = id };
		x.net_id = get_u32(c, o, "net_id", "net_id is missing", "net_id is not an integer");
		x.ix_id = get_u32(c, o, "ix_id", NULL, "ix_id is not an integer");
		x.ixlan_id = get_u32(c, o, "ixlan_id", NULL, "ixlan_id is not an integer");
		x.asn = get_u32(c, o, "asn", "asn is missing", "asn is not an integer up to 4294967295");
		x.speed = get_u32(c, o, "speed", NULL, "speed is not an integer");
		x.name = get_str(c, o, "name", "name is not a string");
		x.status = get_str(c, o, "status", "status is not a string");
		x.is_rs_peer = get_bool(o, "is_rs_peer");
		x.operational = get_bool(o, "operational");
		const char *w = ip_field(o, "ipaddr4", AFI_IPV4, &x.ip4);
		if (!w)
			w = ip_field(o, "ipaddr6", AFI_IPV6, &x.ip6);
		if (!c->why)
			c->why = w;
		if (c->why)
			return c->why;
		GROW(db->nix, db->n_nix, db->cap_nix);
		db->nix[db->n_nix++] = x;
		return NULL;
	}
	default:
		db->other[t]++;
		return NULL;
	}
}

static size_t count_of(const struct peeringdb *db, enum pdb_type t)
{
	switch (t) {
	case PDB_NET: return db->n_net;
	case PDB_ORG: return db->n_org;
	case PDB_POC: return db->n_poc;
	case PDB_IX: return db->n_ix;
	case PDB_IXLAN: return db->n_ixlan;
	case PDB_IXPFX: return db->n_ixpfx;
	case PDB_NETIXLAN: return db->n_nix;
	default: return (size_t)db->other[t];
	}
}

/* Stores one element (object) of a data[] array of type t; skips it with a
 * reason if it is not a good object of that type. */
static void one_object(struct ctx *c, const char *name, enum pdb_type t, const json_t *o, uint64_t i,
		       pdb_bad_cb cb, void *cbctx)
{
	c->why = NULL;
	enum pdb_type ot = t;
	uint32_t id = 0;
	if (!json_is_object(o)) {
		c->why = "not a JSON object";
		goto bad;
	}
	if (ot == PDB_UNKNOWN)
		ot = pdb_type_of_object(o);
	if (ot == PDB_UNKNOWN) {
		c->why = "object of no known PeeringDB type";
		goto bad;
	}
	id = get_u32(c, o, "id", "id is missing", "id is not an integer");
	if (c->why)
		goto bad;
	if (count_of(c->db, ot) >= PDB_MAX_OBJECTS) {
		c->why = "too many objects of this type (PDB_MAX_OBJECTS)";
		goto bad;
	}
	if (ot < PDB_FAC) {
		/* An id stays UINT32_MAX until an object with it is stored,
		 * so a good copy after a skipped one is still taken. */
		uint32_t *slot = u32map_put(&c->db->ids[ot], id, UINT32_MAX, NULL);
		if (*slot != UINT32_MAX) {
			c->f->duplicates++;
			return;
		}
		size_t before = count_of(c->db, ot);
		const char *w = store(c, ot, o, id);
		if (w) {
			c->why = w;
			goto bad;
		}
		slot = u32map_put(&c->db->ids[ot], id, UINT32_MAX, NULL);
		*slot = (uint32_t)before;
	} else {
		store(c, ot, o, id);
	}
	c->f->objects[ot]++;
	track_updated(c->f, o);
	c->db->sorted = false;
	return;
bad:
	c->f->skipped++;
	if (!c->f->first_bad_index) {
		c->f->first_bad_index = i + 1;
		c->f->first_bad_reason = c->why;
	}
	if (cb)
		cb(name, ot, (size_t)i, id, c->why, cbctx);
}

/* A file being read: the scanner hands over one data[] element at a time. */
struct pdb_reader {
	struct ctx c;
	pdb_bad_cb cb;
	void *cbctx;
	struct jscan *js;
	enum pdb_type cur;     /* type of the data[] array being read */
	bool page;             /* {"data": [...]}: type from the first object */
	bool dead;             /* the file is unusable: elements are ignored */
};

/* A page's "data", or a dump's "<type>": {"data": ...}. */
static bool pick(void *ctx, int depth, const char *const *keys)
{
	struct pdb_reader *r = ctx;
	if (depth == 2 && keys[0] && !strcmp(keys[0], "data")) {
		r->page = true;
		r->cur = PDB_UNKNOWN;
		return true;
	}
	if (depth == 3 && keys[0] && keys[1] && !strcmp(keys[1], "data")) {
		for (int t = 0; t < PDB_NTYPES; t++) {
			if (!strcmp(keys[0], TYPE_NAMES[t])) {
				r->page = false;
				r->cur = (enum pdb_type)t;
				return true;
			}
		}
	}
	return false;
}

static void element(void *ctx, const char *p, size_t len, uint64_t index)
{
	struct pdb_reader *r = ctx;
	struct ctx *c = &r->c;
	if (r->dead)
		return;
	if (!p) {
		c->why = "object longer than PDB_MAX_ELEMENT bytes";
		goto bad;
	}
	json_error_t err;
	json_t *o = json_loadb(p, len, 0, &err);
	if (!o) {
		c->why = "not valid JSON";
		goto bad;
	}
	if (r->page && r->cur == PDB_UNKNOWN) {
		/* The type of a page comes from its first object's keys, else
		 * from the file name. */
		r->cur = pdb_type_of_object(o);
		if (r->cur == PDB_UNKNOWN)
			r->cur = pdb_type_of_name(c->f->name);
		if (r->cur == PDB_UNKNOWN) {
			c->f->error = "objects of no known PeeringDB type";
			r->dead = true;
			json_decref(o);
			return;
		}
	}
	one_object(c, c->f->name, r->cur, o, index, r->cb, r->cbctx);
	json_decref(o);
	return;
bad:
	c->f->skipped++;
	if (!c->f->first_bad_index) {
		c->f->first_bad_index = index + 1;
		c->f->first_bad_reason = c->why;
	}
	if (r->cb)
		r->cb(c->f->name, r->cur, (size_t)index, 0, c->why, r->cbctx);
}

struct pdb_reader *pdb_reader_new(struct peeringdb *db, const char *name, pdb_bad_cb cb, void *cbctx)
{
	if (db->n_files >= PDB_MAX_FILES)
		return NULL;
	db->files = xreallocarray(db->files, db->n_files + 1, sizeof *db->files);
	struct pdb_file *f = &db->files[db->n_files++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	struct pdb_reader *r = xcalloc(1, sizeof *r);
	r->c.db = db;
	r->c.f = f;
	r->cb = cb;
	r->cbctx = cbctx;
	struct jscan_opts o = { .pick = pick, .elem = element, .ctx = r, .max_elem = PDB_MAX_ELEMENT };
	r->js = jscan_new(&o);
	return r;
}

void pdb_reader_feed(struct pdb_reader *r, const char *p, size_t n)
{
	/* A broken document stops the scan; pdb_reader_end reports it. */
	jscan_feed(r->js, p, n);
}

int pdb_reader_end(struct pdb_reader *r)
{
	struct peeringdb *db = r->c.db;
	int idx = (int)(r->c.f - db->files);
	struct pdb_file *f = r->c.f;
	if (jscan_end(r->js) < 0 && !f->error) {
		snprintf(f->errbuf, sizeof f->errbuf, "%s", jscan_error(r->js));
		f->error = f->errbuf;
	} else if (!f->error && !jscan_picked(r->js)) {
		f->error = "no \"data\" array: not a PeeringDB API page or dump";
	}
	jscan_free(r->js);
	free(r);
	return idx;
}

int pdb_parse(struct peeringdb *db, const char *name, const char *text, size_t len, pdb_bad_cb cb, void *cbctx)
{
	struct pdb_reader *r = pdb_reader_new(db, name, cb, cbctx);
	if (!r)
		return -1;
	pdb_reader_feed(r, text, len);
	return pdb_reader_end(r);
}

/* ---- lookups ---- */

static int cmp_poc(const void *a, const void *b)
{
	const struct pdb_poc *x = a, *y = b;
	if (x->net_id != y->net_id)
		return x->net_id < y->net_id ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_nix(const void *a, const void *b)
{
	const struct pdb_netixlan *x = a, *y = b;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

void pdb_finish(struct peeringdb *db)
{
	if (db->sorted)
		return;
	if (db->n_poc)
		qsort(db->poc, db->n_poc, sizeof *db->poc, cmp_poc);
	if (db->n_nix)
		qsort(db->nix, db->n_nix, sizeof *db->nix, cmp_nix);
	/* Sorting moved them: rebuild their id maps. */
	u32map_free(&db->ids[PDB_POC]);
	u32map_free(&db->ids[PDB_NETIXLAN]);
	for (size_t i = 0; i < db->n_poc; i++)
		*u32map_put(&db->ids[PDB_POC], db->poc[i].id, 0, NULL) = (uint32_t)i;
	for (size_t i = 0; i < db->n_nix; i++)
		*u32map_put(&db->ids[PDB_NETIXLAN], db->nix[i].id, 0, NULL) = (uint32_t)i;
	u32map_free(&db->net_by_asn);
	/* A second net with the same ASN: the first one read wins (put
	 * keeps an existing value). */
	for (size_t i = 0; i < db->n_net; i++)
		u32map_put(&db->net_by_asn, db->net[i].asn, (uint32_t)i, NULL);
	db->sorted = true;
}

static const void *by_id(struct peeringdb *db, enum pdb_type t, uint32_t id, const void *arr, size_t size,
			 size_t n)
{
	pdb_finish(db);
	uint32_t i = u32map_get(&db->ids[t], id, UINT32_MAX);
	return i < n ? (const char *)arr + (size_t)i * size : NULL;
}

const struct pdb_ix *pdb_ix_by_id(struct peeringdb *db, uint32_t id)
{
	return by_id(db, PDB_IX, id, db->ix, sizeof *db->ix, db->n_ix);
}

const struct pdb_ixlan *pdb_ixlan_by_id(struct peeringdb *db, uint32_t id)
{
	return by_id(db, PDB_IXLAN, id, db->ixlan, sizeof *db->ixlan, db->n_ixlan);
}

void pdb_lookup_asn(struct peeringdb *db, uint32_t asn, struct pdb_asn *out)
{
	memset(out, 0, sizeof *out);
	pdb_finish(db);
	uint32_t i = u32map_get(&db->net_by_asn, asn, UINT32_MAX);
	if (i < db->n_net) {
		out->net = &db->net[i];
		out->org = by_id(db, PDB_ORG, out->net->org_id, db->org, sizeof *db->org, db->n_org);
		/* Contacts of this net: a binary search for the first with its id. */
		size_t lo = 0, hi = db->n_poc;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (db->poc[mid].net_id < out->net->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t e = lo;
		while (e < db->n_poc && db->poc[e].net_id == out->net->id)
			e++;
		out->poc = db->poc ? db->poc + lo : NULL;
		out->n_poc = e - lo;
	}
	size_t lo = 0, hi = db->n_nix;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (db->nix[mid].asn < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t e = lo;
	while (e < db->n_nix && db->nix[e].asn == asn)
		e++;
	out->nix = db->nix ? db->nix + lo : NULL;
	out->n_nix = e - lo;
}

/* ---- detection ---- */

bool pdb_sniff(const char *head, size_t len)
{
	size_t i = 0;
	while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
		i++;
	return i < len && head[i] == '{' && memmem(head + i, len - i, "\"data\"", 6);
}
