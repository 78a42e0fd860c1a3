/* Element filters for `manrs mrt dump` (see mrt_filter.h). */
#include "cmd/mrt_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Accepts Unix seconds or "YYYY-MM-DD[THH:MM[:SS]]" in UTC. */
static int parse_time(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*s && *end == 0 && v <= UINT32_MAX) {
		*out = (uint32_t)v;
		return 0;
	}
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *r = strptime(s, "%Y-%m-%d", &tm);
	if (!r)
		return -1;
	if (*r == 'T' || *r == ' ') {
		const char *r2 = strptime(r + 1, "%H:%M:%S", &tm);
		if (!r2)
			r2 = strptime(r + 1, "%H:%M", &tm);
		r = r2;
	}
	if (!r || (*r && strcmp(r, "Z") != 0))
		return -1;
	time_t t = timegm(&tm);
	if (t < 0 || (unsigned long long)t > UINT32_MAX)
		return -1;
	*out = (uint32_t)t;
	return 0;
}

static int parse_types(struct mrt_filter *f, const char *v)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", v);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "rib") || !strcmp(t, "B"))
			f->types |= 1u << MRT_ELEM_RIB;
		else if (!strcmp(t, "announce") || !strcmp(t, "A"))
			f->types |= 1u << MRT_ELEM_ANNOUNCE;
		else if (!strcmp(t, "withdraw") || !strcmp(t, "W"))
			f->types |= 1u << MRT_ELEM_WITHDRAW;
		else if (!strcmp(t, "state") || !strcmp(t, "STATE"))
			f->types |= 1u << MRT_ELEM_STATE;
		else
			return -1;
	}
	return 0;
}

int mrt_filter_option(struct mrt_filter *f, const char *name, const char *value, char *err, size_t errlen)
{
	f->active = true;
	if (!strcmp(name, "peer-as") || !strcmp(name, "origin") || !strcmp(name, "path-as")) {
		uint32_t as;
		if (asn_parse(value, &as) < 0) {
			snprintf(err, errlen, "--%s: '%s' is not an AS number", name, value);
			return -1;
		}
		uint32_t *arr = name[0] == 'p' && name[1] == 'e' ? f->peer_as : name[0] == 'o' ? f->origin : f->path_as;
		unsigned *n = name[0] == 'p' && name[1] == 'e' ? &f->n_peer_as : name[0] == 'o' ? &f->n_origin : &f->n_path_as;
		if (*n == MRT_FILTER_MAX)
			goto too_many;
		arr[(*n)++] = as;
		return 0;
	}
	if (!strcmp(name, "peer-ip")) {
		if (f->n_peer_ip == MRT_FILTER_MAX)
			goto too_many;
		if (ip_parse(value, &f->peer_ip[f->n_peer_ip]) < 0) {
			snprintf(err, errlen, "--peer-ip: '%s' is not an IP address", value);
			return -1;
		}
		f->n_peer_ip++;
		return 0;
	}
	if (!strcmp(name, "prefix") || !strcmp(name, "prefix-more") || !strcmp(name, "prefix-less")) {
		if (f->n_prefix == MRT_FILTER_MAX)
			goto too_many;
		if (prefix_parse(value, &f->prefix[f->n_prefix]) < 0) {
			snprintf(err, errlen, "--%s: '%s' is not a prefix", name, value);
			return -1;
		}
		f->prefix_match[f->n_prefix++] = !strcmp(name, "prefix") ? PFX_EXACT
						 : !strcmp(name, "prefix-more") ? PFX_MORE : PFX_LESS;
		return 0;
	}
	if (!strcmp(name, "type")) {
		if (parse_types(f, value) < 0) {
			snprintf(err, errlen, "--type: '%s': use rib, announce, withdraw, state (comma-separated)", value);
			return -1;
		}
		return 0;
	}
	if (!strcmp(name, "start") || !strcmp(name, "end")) {
		uint32_t t;
		if (parse_time(value, &t) < 0) {
			snprintf(err, errlen, "--%s: '%s' is not Unix seconds or YYYY-MM-DD[THH:MM[:SS]]", name, value);
			return -1;
		}
		if (name[0] == 's') {
			f->start = t;
			f->has_start = true;
		} else {
			f->end = t;
			f->has_end = true;
		}
		return 0;
	}
	snprintf(err, errlen, "unknown filter --%s", name);
	return -1;
too_many:
	snprintf(err, errlen, "--%s given more than %d times", name, MRT_FILTER_MAX);
	return -1;
}

static bool path_has(const struct bgp_path *p, uint32_t as)
{
	for (uint32_t i = 0; i < p->nasn; i++)
		if (p->asn[i] == as)
			return true;
	return false;
}

bool mrt_filter_match(const struct mrt_filter *f, const struct mrt_elem *e)
{
	if (!f->active)
		return true;
	if (f->types && !(f->types & (1u << e->type)))
		return false;
	uint32_t ts = e->rec->ts;
	if (f->has_start && ts < f->start)
		return false;
	if (f->has_end && ts >= f->end)
		return false;
	if (f->n_peer_as) {
		bool ok = false;
		for (unsigned i = 0; i < f->n_peer_as && !ok; i++)
			ok = e->peer_as == f->peer_as[i];
		if (!ok)
			return false;
	}
	if (f->n_peer_ip) {
		bool ok = false;
		for (unsigned i = 0; i < f->n_peer_ip && !ok; i++)
			ok = e->peer_ip.afi == f->peer_ip[i].afi && !memcmp(e->peer_ip.b, f->peer_ip[i].b, 16);
		if (!ok)
			return false;
	}
	if (f->n_prefix) {
		if (e->type == MRT_ELEM_STATE)
			return false;
		struct prefix p = e->prefix;
		prefix_mask(&p);
		bool ok = false;
		for (unsigned i = 0; i < f->n_prefix && !ok; i++) {
			switch (f->prefix_match[i]) {
			case PFX_EXACT: ok = prefix_equal(&p, &f->prefix[i]); break;
			case PFX_MORE: ok = prefix_covers(&f->prefix[i], &p); break;
			case PFX_LESS: ok = prefix_covers(&p, &f->prefix[i]); break;
			}
		}
		if (!ok)
			return false;
	}
	if (f->n_origin || f->n_path_as) {
		if (!e->attrs)
			return false;
		uint32_t origin = bgp_path_origin(&e->attrs->path);
		for (unsigned i = 0; i < f->n_origin; i++)
			if (origin == f->origin[i])
				goto origin_ok;
		if (f->n_origin)
			return false;
	origin_ok:
		for (unsigned i = 0; i < f->n_path_as; i++)
			if (!path_has(&e->attrs->path, f->path_as[i]))
				return false;
	}
	return true;
}
