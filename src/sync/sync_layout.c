/*
 * The directory layouts of the RIPE RIS and RouteViews MRT archives: from
 * collectors and a time range to the URLs of the files they publish and the
 * relative paths they are kept under locally. Pure: no I/O, no clock.
 * Layouts, periods and their sources are in docs/sync.md.
 */
#include "sync/sync.h"

#include "lib/xmalloc.h"
#include "net/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sync_list_init(struct sync_list *l)
{
	memset(l, 0, sizeof *l);
}

void sync_list_free(struct sync_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].url);
		free(l->v[i].rel);
	}
	free(l->v);
	sync_list_init(l);
}

const char *sync_status_name(enum sync_status s)
{
	switch (s) {
	case SYNC_PENDING:
		return "pending";
	case SYNC_FETCHED:
		return "fetched";
	case SYNC_PRESENT:
		return "present";
	case SYNC_MISSING:
		return "missing";
	case SYNC_FAILED:
		return "failed";
	}
	return "?";
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int sync_collector_parse(const char *name, struct sync_collector *c, const char **reason)
{
	size_t n = strlen(name);
	memset(c, 0, sizeof *c);
	if (n >= SYNC_MAX_NAME) {
		*reason = "collector name too long";
		return -1;
	}
	/* The name becomes a path component locally and part of a URL: only
	 * the characters the archives use, and never "." or "..". */
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!(ch >= 'a' && ch <= 'z') && !is_digit(ch) && ch != '-' && ch != '.') {
			*reason = "collector names are lower-case letters, digits, '-' and '.'";
			return -1;
		}
	}
	if (n == 5 && !strncmp(name, "rrc", 3) && is_digit(name[3]) && is_digit(name[4])) {
		c->project = SYNC_RIS;
	} else if (n > 11 && !strncmp(name, "route-views", 11) && (is_digit(name[11]) || name[11] == '.') &&
		   name[n - 1] != '.' && !strstr(name, "..")) {
		c->project = SYNC_ROUTEVIEWS;
	} else {
		*reason = "not a RIS collector (rrcNN) or a RouteViews one (route-views2, route-views.NAME)";
		return -1;
	}
	memcpy(c->name, name, n + 1);
	return 0;
}

/* n digits of s as a number; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int DAYS[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : DAYS[m - 1];
}

int sync_parse_date(const char *s, int64_t *t)
{
	size_t n = strlen(s);
	if (n != 10 && n != 16)
		return -1;
	if (s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2), h = 0, mi = 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (n == 16) {
		if (s[10] != 'T' || s[13] != ':')
			return -1;
		h = digits(s + 11, 2), mi = digits(s + 14, 2);
		if (h < 0 || h > 23 || mi < 0 || mi > 59)
			return -1;
	}
	*t = text_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60;
	return 0;
}

/* Appends one file; -1 past the cap. */
static int add(struct sync_list *out, char *url, char *rel, int64_t t, enum sync_kind kind)
{
	if (out->n >= SYNC_MAX_FILES) {
		free(url);
		free(rel);
		return -1;
	}
	out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	struct sync_file *f = &out->v[out->n++];
	memset(f, 0, sizeof *f);
	f->url = url;
	f->rel = rel;
	f->time = t;
	f->kind = kind;
	f->status = SYNC_PENDING;
	return 0;
}

/* "YYYY.MM" and "YYYYMMDD.HHMM" for time t. */
static void stamp(int64_t t, char month[8], char when[14])
{
	char iso[32];
	text_fmt_time(t, iso);   /* YYYY-MM-DDTHH:MM:SSZ */
	snprintf(month, 8, "%.4s.%.2s", iso, iso + 5);
	snprintf(when, 14, "%.4s%.2s%.2s.%.2s%.2s", iso, iso + 5, iso + 8, iso + 11, iso + 14);
}

/* The archive path of one file (relative to the project's base) and the
 * local relative path. */
static void paths(const struct sync_collector *c, enum sync_kind kind, int64_t t, char **remote, char **local)
{
	char month[8], when[14], buf[256];
	stamp(t, month, when);
	if (c->project == SYNC_RIS) {
		/* rrcNN/YYYY.MM/bview.YYYYMMDD.HHMM.gz, updates.YYYYMMDD.HHMM.gz */
		snprintf(buf, sizeof buf, "%s/%s/%s.%s.gz", c->name, month, kind == SYNC_RIB ? "bview" : "updates",
			 when);
		*remote = xstrdup(buf);
		*local = xstrdup(buf);
		return;
	}
	/* [collector/]bgpdata/YYYY.MM/RIBS/rib.YYYYMMDD.HHMM.bz2 and
	 * .../UPDATES/updates.YYYYMMDD.HHMM.bz2; route-views2 lives at the root. */
	char tail[128];
	snprintf(tail, sizeof tail, "bgpdata/%s/%s.%s.bz2", month,
		 kind == SYNC_RIB ? "RIBS/rib" : "UPDATES/updates", when);
	snprintf(buf, sizeof buf, "%s/%s", c->name, tail);
	*local = xstrdup(buf);
	*remote = xstrdup(strcmp(c->name, "route-views2") ? buf : tail);
}

/* First multiple of period at or after t. */
static int64_t align_up(int64_t t, int64_t period)
{
	int64_t r = t % period;
	if (r < 0)
		r += period;
	return r ? t + (period - r) : t;
}

/* Multiples of period in [from, to). */
static uint64_t count(int64_t from, int64_t to, int64_t period)
{
	int64_t first = align_up(from, period);
	return first >= to ? 0 : (uint64_t)((to - 1 - first) / period) + 1;
}

int sync_layout_files(const struct sync_collector *c, const char *base, int64_t from, int64_t to, bool rib_only,
		      struct sync_list *out)
{
	int64_t rib_p = c->project == SYNC_RIS ? SYNC_RIS_RIB_PERIOD : SYNC_RV_RIB_PERIOD;
	int64_t upd_p = c->project == SYNC_RIS ? SYNC_RIS_UPDATES_PERIOD : SYNC_RV_UPDATES_PERIOD;
	/* Both periods divide a day, and the RIB period is a multiple of the
	 * updates one: walking the updates grid visits every RIB time. */
	int64_t step = rib_only ? rib_p : upd_p;
	if (count(from, to, rib_p) + (rib_only ? 0 : count(from, to, upd_p)) > SYNC_MAX_FILES - out->n)
		return -1;   /* checked before allocating any of it */
	for (int64_t t = align_up(from, step); t < to; t += step) {
		for (int k = 0; k < 2; k++) {
			enum sync_kind kind = k == 0 ? SYNC_RIB : SYNC_UPDATES;
			if (kind == SYNC_RIB && t % rib_p != 0)
				continue;
			if (kind == SYNC_UPDATES && rib_only)
				continue;
			char *remote, *local;
			paths(c, kind, t, &remote, &local);
			size_t n = strlen(base) + 1 + strlen(remote) + 1;
			char *url = xmalloc(n);
			snprintf(url, n, "%s/%s", base, remote);
			free(remote);
			if (add(out, url, local, t, kind) < 0)
				return -1;
		}
	}
	return 0;
}
