/*
 * Route origin validation, RFC 6811 section 2: walk the VRP prefixes that
 * cover the route's prefix (shortest first, through the trie) and look at
 * each one's (ASN, max length) entries. The verdict depends only on the set
 * of covering VRPs, never on the order they are visited in.
 */
#include "rpki/rov.h"

const char *rov_state_name(enum rov_state s)
{
	switch (s) {
	case ROV_VALID: return "valid";
	case ROV_INVALID_ORIGIN: return "invalid-origin";
	case ROV_INVALID_LENGTH: return "invalid-length";
	case ROV_NOT_FOUND: break;
	}
	return "not-found";
}

struct fast_ctx {
	const struct vrp_entry *ents;
	uint32_t origin;
	uint8_t len;
	bool covered, origin_seen;
};

/* RFC 6811 section 2: a covering VRP "matches" when its ASN is the route's
 * origin (never AS 0, RFC 6483 section 4; never NONE) and the route's length
 * is at most its max length. One match makes the route valid: stop. */
static int fast_cb(const struct prefix *vp, uint32_t value, void *arg)
{
	struct fast_ctx *c = arg;
	(void)vp;
	c->covered = true;
	if (c->origin == ROV_ORIGIN_NONE)
		return 0;
	for (const struct vrp_entry *e = &c->ents[value];; e++) {
		if (e->asn == c->origin) {
			if (c->len <= e->maxlen)
				return 1;
			c->origin_seen = true;
		}
		if (e->last)
			break;
	}
	return 0;
}

static enum rov_state verdict(bool matched, bool covered, bool origin_seen)
{
	if (matched)
		return ROV_VALID;
	if (!covered)
		return ROV_NOT_FOUND;
	return origin_seen ? ROV_INVALID_LENGTH : ROV_INVALID_ORIGIN;
}

enum rov_state rov_validate(const struct vrp_table *t, const struct prefix *p, uint32_t origin)
{
	struct fast_ctx c = { t->ents, origin, p->len, false, false };
	if (!t->n_ents)
		return ROV_NOT_FOUND;
	int rc = trie_covering(&t->trie, p, fast_cb, &c);
	return verdict(rc == 1, c.covered, c.origin_seen);
}

struct detail_ctx {
	const struct vrp_entry *ents;
	const struct prefix *p;
	uint32_t origin;
	struct rov_detail *d;
	bool origin_seen;
};

static int detail_cb(const struct prefix *vp, uint32_t value, void *arg)
{
	struct detail_ctx *c = arg;
	struct vrp v;
	v.prefix = *vp;
	for (const struct vrp_entry *e = &c->ents[value];; e++) {
		v.asn = e->asn;
		v.maxlen = e->maxlen;
		if (rov_vrp_matches(&v, c->p, c->origin))
			c->d->n_match++;
		else if (v.asn == c->origin && v.asn != 0)
			c->origin_seen = true;
		if (c->d->n_cover < c->d->max)
			c->d->cover[c->d->n_cover] = v;
		c->d->n_cover++;
		if (e->last)
			break;
	}
	return 0;
}

enum rov_state rov_validate_detail(const struct vrp_table *t, const struct prefix *p, uint32_t origin,
				   struct rov_detail *d)
{
	struct detail_ctx c = { t->ents, p, origin, d, false };
	d->n_cover = d->n_match = 0;
	if (t->n_ents)
		trie_covering(&t->trie, p, detail_cb, &c);
	d->state = verdict(d->n_match > 0, d->n_cover > 0, c.origin_seen);
	return d->state;
}
