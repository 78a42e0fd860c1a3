/* Element filters for `manrs mrt dump` (see mrt_filter.h). */
#include "cmd/mrt_filter.h"
#include "net/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* n decimal digits at s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * Accepts Unix seconds or "YYYY-MM-DD[THH:MM[:SS]][Z]" (UTC; a space may
 * stand for the T). Every field is range-checked and nothing is
 * normalised: 2002-06-31, 2001-02-29, hour 24 or minute 60 are refused
 * (timegm would silently roll them into the next day or hour). Returns 0,
 * or -1 with *why naming what is wrong.
 */
static int parse_time(const char *s, uint32_t *out, const char **why)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	*why = "is not Unix seconds or YYYY-MM-DD[THH:MM[:SS]]";
	if (*s >= '0' && *s <= '9' && strchr(s, '-') == NULL) {
		char *end;
		unsigned long long v = strtoull(s, &end, 10);
		if (*end != 0)
			return -1;
		if (v > UINT32_MAX) {
			*why = "is past the last time MRT can record (2106-02-07T06:28:15Z)";
			return -1;
		}
		*out = (uint32_t)v;
		return 0;
	}
	size_t len = strlen(s);
	if (len > 0 && s[len - 1] == 'Z')
		len--;
	if (len != 10 && len != 16 && len != 19)
		return -1;
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	int h = 0, mi = 0, sec = 0;
	if (y < 0 || s[4] != '-' || mo < 0 || s[7] != '-' || d < 0)
		return -1;
	if (len >= 16) {
		h = digits(s + 11, 2);
		mi = digits(s + 14, 2);
		if ((s[10] != 'T' && s[10] != ' ') || h < 0 || s[13] != ':' || mi < 0)
			return -1;
	}
	if (len == 19) {
		sec = digits(s + 17, 2);
		if (s[16] != ':' || sec < 0)
			return -1;
	}
	if (mo < 1 || mo > 12) {
		*why = "has no such month (01-12)";
		return -1;
	}
	int dim = mo == 2 && leap_year(y) ? 29 : mdays[mo - 1];
	if (d < 1 || d > dim) {
		*why = mo == 2 && d == 29 ? "is not a date: February 29 in a year that is not a leap year"
					  : "is not a date: no such day in that month";
		return -1;
	}
	if (h > 23 || mi > 59 || sec > 59) {
		*why = "is not a time of day (00:00:00 to 23:59:59)";
		return -1;
	}
	int64_t t = text_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
	if (t < 0 || t > (int64_t)UINT32_MAX) {
		*why = "is outside the times MRT can record (1970 to 2106)";
		return -1;
	}
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
		const char *why;
		if (parse_time(value, &t, &why) < 0) {
			snprintf(err, errlen, "--%s: '%s' %s", name, value, why);
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
