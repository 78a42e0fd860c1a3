/*
 * The Observatory's settings file (config.h): one table row per setting,
 * giving its section, key, type, range and place in struct obs_config, so
 * parsing, range checks and formatting all come from the same row.
 */
#include "observatory/config.h"

#include "irr/rpsl.h"
#include "net/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The settings file is a few kilobytes; anything much larger is not one. */
#define OBS_CONFIG_MAX_FILE (1u << 20)

enum kind { K_U32, K_DOUBLE, K_BOOL, K_IRR_MATCH, K_PENALTY, K_ACTIONS, K_CONTACTS, K_HIJACK_TYPES };

struct setting {
	const char *section, *key;
	enum kind kind;
	size_t off;         /* into struct obs_config */
	double min, max;    /* K_U32 and K_DOUBLE */
};

#define AT(f) offsetof(struct obs_config, f)

static const struct setting settings[] = {
	{ "ingest", "min_peers", K_U32, AT(min_peers), 1, 10000 },
	{ "irr", "match", K_IRR_MATCH, AT(irr_match), 0, 0 },
	{ "rpki", "invalid_weight", K_DOUBLE, AT(rpki_invalid_weight), 0, 1000 },
	{ "rpki", "floor", K_DOUBLE, AT(rpki_floor), -1000, 1 },
	{ "filtering", "full_bogons_only", K_BOOL, AT(full_bogons_only), 0, 0 },
	{ "filtering", "count_leaks", K_BOOL, AT(count_leaks), 0, 0 },
	{ "filtering", "short_incident_seconds", K_U32, AT(short_incident_seconds), 1, 86399 },
	{ "filtering", "short_incident_weight", K_DOUBLE, AT(short_incident_weight), 0, 1000 },
	{ "filtering", "day_incident_weight", K_DOUBLE, AT(day_incident_weight), 0, 1000 },
	{ "filtering", "long_penalty", K_PENALTY, AT(long_penalty), 0, 0 },
	{ "filtering", "culprit_weight", K_DOUBLE, AT(culprit_weight), 0, 1000 },
	{ "filtering", "accomplice_weight", K_DOUBLE, AT(accomplice_weight), 0, 1000 },
	{ "filtering", "next_hop_accomplice_only", K_BOOL, AT(next_hop_accomplice_only), 0, 0 },
	{ "filtering", "curve_k", K_DOUBLE, AT(filtering_curve_k), 0, 100 },
	{ "filtering", "min_suspicion", K_U32, AT(min_suspicion), 0, 100 },
	{ "filtering", "hijack_types", K_HIJACK_TYPES, AT(hijack_types), 0, 0 },
	{ "anti_spoofing", "curve_k", K_DOUBLE, AT(spoofing_curve_k), 0, 100 },
	{ "coordination", "peeringdb", K_BOOL, AT(contact_peeringdb), 0, 0 },
	{ "coordination", "rir", K_BOOL, AT(contact_rir), 0, 0 },
	{ "coordination", "rir_attributes", K_CONTACTS, AT(contact_attributes), 0, 0 },
	{ "coordination", "other_irr", K_BOOL, AT(contact_other_irr), 0, 0 },
	{ "readiness", "ready", K_DOUBLE, AT(ready), 0, 1 },
	{ "readiness", "aspiring", K_DOUBLE, AT(aspiring), 0, 1 },
	{ "history", "months", K_U32, AT(history_months), 12, 1200 },
	{ "programs", "action4_either", K_BOOL, AT(action4_either), 0, 0 },
	{ "programs", "netops.required", K_ACTIONS, AT(required[OBS_PROG_NETOPS]), 0, 0 },
	{ "programs", "netops.recommended", K_ACTIONS, AT(recommended[OBS_PROG_NETOPS]), 0, 0 },
	{ "programs", "ixp.required", K_ACTIONS, AT(required[OBS_PROG_IXP]), 0, 0 },
	{ "programs", "ixp.recommended", K_ACTIONS, AT(recommended[OBS_PROG_IXP]), 0, 0 },
	{ "programs", "cdn.required", K_ACTIONS, AT(required[OBS_PROG_CDN]), 0, 0 },
	{ "programs", "cdn.recommended", K_ACTIONS, AT(recommended[OBS_PROG_CDN]), 0, 0 },
	{ "programs", "vendor.required", K_ACTIONS, AT(required[OBS_PROG_VENDOR]), 0, 0 },
	{ "programs", "vendor.recommended", K_ACTIONS, AT(recommended[OBS_PROG_VENDOR]), 0, 0 },
	{ "detect", "lookback_months", K_U32, AT(detect.lookback_months), 0, 120 },
	{ "detect", "baseline_min_peers", K_U32, AT(detect.baseline_min_peers), 1, 10000 },
	{ "detect", "merge_gap", K_U32, AT(detect.merge_gap), 0, 86400 },
	{ "detect", "warmup", K_U32, AT(detect.warmup), 0, 604800 },
	{ "detect", "short_seconds", K_U32, AT(detect.short_seconds), 0, 86400 },
	{ "detect", "high_visibility", K_U32, AT(detect.high_visibility), 1, 100 },
	{ "detect", "leak_min_prefixes", K_U32, AT(detect.leak_min_prefixes), 1, 10000000 },
	{ "detect", "refdata_max_age", K_U32, AT(detect.refdata_max_age), 0, 36500 },
	{ "detect", "asrel_max_age", K_U32, AT(detect.asrel_max_age), 0, 36500 },
	{ "detect", "refdata_stale_cap", K_U32, AT(detect.refdata_stale_cap), 0, 100 },
	{ "detect", "squat_ipv6_min_prefixes", K_U32, AT(detect.squat_ipv6_min_prefixes), 0, 100000000 },
};

static const char *const action_names[OBS_ACT_COUNT] = { "filtering", "anti_spoofing", "coordination", "irr",
							 "rpki" };
static const char *const program_names[OBS_PROG_COUNT] = { "netops", "ixp", "cdn", "vendor" };
/* In enum rpsl_contact order. */
static const char *const contact_names[RPSL_NCONTACTS] = { "admin-c", "tech-c", "abuse-c" };

#define BIT(a) (1u << (a))

void obs_config_defaults(struct obs_config *c)
{
	memset(c, 0, sizeof *c);
	c->min_peers = 5;
	c->irr_match = OBS_IRR_COVERING;
	c->rpki_invalid_weight = 10;
	c->rpki_floor = 0;
	c->full_bogons_only = true;
	c->count_leaks = false;
	c->short_incident_seconds = 1800;
	c->short_incident_weight = 0.5;
	c->day_incident_weight = 1;
	c->long_penalty = OBS_PENALTY_LINEAR;
	c->culprit_weight = 1;
	c->accomplice_weight = 1;
	c->next_hop_accomplice_only = true;
	c->filtering_curve_k = 0.72242;
	c->min_suspicion = 80;
	c->hijack_types = BIT(DT_MOAS) | BIT(DT_SUBMOAS) | BIT(DT_EDGE);
	c->spoofing_curve_k = 0.72242;
	c->contact_peeringdb = true;
	c->contact_rir = true;
	c->contact_attributes = BIT(RPSL_ADMIN_C) | BIT(RPSL_TECH_C);
	c->contact_other_irr = false;
	c->ready = 0.9;
	c->aspiring = 0.8;
	c->history_months = 24;
	detect_config_defaults(&c->detect);
	c->required[OBS_PROG_NETOPS] = BIT(OBS_ACT_FILTERING) | BIT(OBS_ACT_COORDINATION) | BIT(OBS_ACT_IRR) |
				       BIT(OBS_ACT_RPKI);
	c->recommended[OBS_PROG_NETOPS] = BIT(OBS_ACT_ANTI_SPOOFING);
	c->required[OBS_PROG_IXP] = BIT(OBS_ACT_FILTERING) | BIT(OBS_ACT_COORDINATION);
	c->recommended[OBS_PROG_IXP] = BIT(OBS_ACT_IRR) | BIT(OBS_ACT_RPKI);
	c->required[OBS_PROG_CDN] = BIT(OBS_ACT_FILTERING) | BIT(OBS_ACT_ANTI_SPOOFING) | BIT(OBS_ACT_COORDINATION) |
				    BIT(OBS_ACT_IRR) | BIT(OBS_ACT_RPKI);
	c->recommended[OBS_PROG_CDN] = 0;
	c->required[OBS_PROG_VENDOR] = 0;
	c->recommended[OBS_PROG_VENDOR] = 0;
	c->action4_either = true;
}

const char *obs_action_name(enum obs_action a)
{
	return (unsigned)a < OBS_ACT_COUNT ? action_names[a] : NULL;
}

const char *obs_program_name(enum obs_program p)
{
	return (unsigned)p < OBS_PROG_COUNT ? program_names[p] : NULL;
}

static int name_index(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (int)i;
	return -1;
}

int obs_program_parse(const char *s, size_t len)
{
	return name_index(program_names, OBS_PROG_COUNT, s, len);
}

static int errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number such as 0.5, 10 or -1e-3: copied into a bounded buffer
 * and read with strtod, which must consume all of it. */
static const char *parse_double(struct text_view v, double *out)
{
	char buf[64];
	if (!v.len || !text_copy(v, buf, sizeof buf))
		return "not a number";
	for (size_t i = 0; i < v.len; i++)
		if (!strchr("0123456789.+-eE", buf[i]))
			return "not a number";
	char *end;
	double d = strtod(buf, &end);
	if (*end || !isfinite(d))
		return "not a number";
	*out = d;
	return NULL;
}

static const char *parse_bool(struct text_view v, bool *out)
{
	if (text_eq(v, "true") || text_eq(v, "yes") || text_eq(v, "on") || text_eq(v, "1"))
		*out = true;
	else if (text_eq(v, "false") || text_eq(v, "no") || text_eq(v, "off") || text_eq(v, "0"))
		*out = false;
	else
		return "not a boolean (true or false)";
	return NULL;
}

/* A comma-separated list of names from names[0..n) as a bit mask (bit i
 * for names[i]); "none" gives 0 where none_ok. `too_many` and `unknown`
 * are the messages for more fields than names and for a name not in the
 * list. */
static const char *parse_names(struct text_view v, const char *const *names, int n, bool none_ok,
			       const char *too_many, const char *unknown, uint32_t *out)
{
	if (none_ok && text_eq(v, "none")) {
		*out = 0;
		return NULL;
	}
	struct text_view f[OBS_ACT_COUNT + RPSL_NCONTACTS + 1];
	int k = text_split(v, ',', f, n);
	if (k > n)
		return too_many;
	uint32_t bits = 0;
	for (int i = 0; i < k; i++) {
		struct text_view a = text_trim(f[i]);
		int x = name_index(names, (size_t)n, a.p, a.len);
		if (x < 0)
			return unknown;
		bits |= BIT(x);
	}
	*out = bits;
	return NULL;
}

/* A comma-separated list of action names, or "none". */
static const char *parse_actions(struct text_view v, uint32_t *out)
{
	return parse_names(v, action_names, OBS_ACT_COUNT, true, "more actions than there are",
			   "unknown action (filtering, anti_spoofing, coordination, irr, rpki or none)", out);
}

/* A comma-separated list of contact attribute names (at least one). */
static const char *parse_contacts(struct text_view v, uint32_t *out)
{
	return parse_names(v, contact_names, RPSL_NCONTACTS, false,
			   "more attributes than there are (admin-c, tech-c, abuse-c)",
			   "not a list of admin-c, tech-c, abuse-c", out);
}

/* The incident types that may feed M2/M2C: the hijack detectors. */
static const enum detect_type hijack_kinds[] = { DT_MOAS, DT_SUBMOAS, DT_DEFCON, DT_EDGE, DT_SQUAT };

/* A comma-separated list of hijack incident types, or "none". */
static const char *parse_hijack_types(struct text_view v, uint32_t *out)
{
	if (text_eq(v, "none")) {
		*out = 0;
		return NULL;
	}
	struct text_view f[DT_COUNT + 1];
	int n = text_split(v, ',', f, DT_COUNT);
	if (n > DT_COUNT)
		return "more types than there are";
	uint32_t bits = 0;
	for (int i = 0; i < n; i++) {
		struct text_view a = text_trim(f[i]);
		bool known = false;
		for (size_t k = 0; k < sizeof hijack_kinds / sizeof hijack_kinds[0]; k++)
			if (text_eq(a, detect_type_name(hijack_kinds[k]))) {
				bits |= BIT(hijack_kinds[k]);
				known = true;
			}
		if (!known)
			return "unknown hijack type (moas, submoas, defcon, edge, squat or none)";
	}
	*out = bits;
	return NULL;
}

static const char *set_value(struct obs_config *c, const struct setting *s, struct text_view v)
{
	char *field = (char *)c + s->off;
	const char *why = NULL;
	double d;
	uint32_t u;
	switch (s->kind) {
	case K_U32:
		if (text_u32(v, &u) < 0)
			return "not a whole number";
		if (u < s->min || u > s->max)
			return "out of range";
		memcpy(field, &u, sizeof u);
		return NULL;
	case K_DOUBLE:
		if ((why = parse_double(v, &d)))
			return why;
		if (d < s->min || d > s->max)
			return "out of range";
		memcpy(field, &d, sizeof d);
		return NULL;
	case K_BOOL: {
		bool b;
		if ((why = parse_bool(v, &b)))
			return why;
		memcpy(field, &b, sizeof b);
		return NULL;
	}
	case K_IRR_MATCH: {
		enum obs_irr_match m;
		if (text_eq(v, "exact"))
			m = OBS_IRR_EXACT;
		else if (text_eq(v, "covering"))
			m = OBS_IRR_COVERING;
		else
			return "not exact or covering";
		memcpy(field, &m, sizeof m);
		return NULL;
	}
	case K_PENALTY: {
		enum obs_penalty p;
		if (text_eq(v, "linear"))
			p = OBS_PENALTY_LINEAR;
		else if (text_eq(v, "exponential"))
			p = OBS_PENALTY_EXPONENTIAL;
		else
			return "not linear or exponential";
		memcpy(field, &p, sizeof p);
		return NULL;
	}
	case K_ACTIONS:
		if ((why = parse_actions(v, &u)))
			return why;
		memcpy(field, &u, sizeof u);
		return NULL;
	case K_CONTACTS:
		if ((why = parse_contacts(v, &u)))
			return why;
		memcpy(field, &u, sizeof u);
		return NULL;
	case K_HIJACK_TYPES:
		if ((why = parse_hijack_types(v, &u)))
			return why;
		memcpy(field, &u, sizeof u);
		return NULL;
	}
	return "unknown setting kind";
}

int obs_config_parse(struct obs_config *c, const char *text, size_t len, char *err, size_t errlen)
{
	struct text_lines l;
	struct text_view line;
	char section[32] = "";
	text_lines_init(&l, text, len);
	while (text_lines_next(&l, &line)) {
		unsigned long long ln = (unsigned long long)l.lineno;
		struct text_view t = text_trim(line);
		const char *hash = memchr(t.p, '#', t.len);
		if (hash)
			t = text_trim((struct text_view){ t.p, (size_t)(hash - t.p) });
		if (!t.len)
			continue;
		if (t.p[0] == '[') {
			if (t.p[t.len - 1] != ']' || t.len < 3)
				return errf(err, errlen, "line %llu: a section line is [name]", ln);
			struct text_view name = text_trim((struct text_view){ t.p + 1, t.len - 2 });
			bool known = false;
			for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
				if (text_eq(name, settings[i].section))
					known = true;
			if (!known || !text_copy(name, section, sizeof section))
				return errf(err, errlen, "line %llu: unknown section [%.*s]", ln,
					    (int)(name.len > 40 ? 40 : name.len), name.p);
			continue;
		}
		const char *eq = memchr(t.p, '=', t.len);
		if (!eq)
			return errf(err, errlen, "line %llu: expected key = value", ln);
		struct text_view key = text_trim((struct text_view){ t.p, (size_t)(eq - t.p) });
		struct text_view val = text_trim((struct text_view){ eq + 1, t.len - (size_t)(eq - t.p) - 1 });
		if (!section[0])
			return errf(err, errlen, "line %llu: a setting before any [section]", ln);
		const struct setting *s = NULL;
		for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
			if (!strcmp(settings[i].section, section) && text_eq(key, settings[i].key))
				s = &settings[i];
		if (!s)
			return errf(err, errlen, "line %llu: unknown setting %s.%.*s", ln, section,
				    (int)(key.len > 40 ? 40 : key.len), key.p);
		const char *why = set_value(c, s, val);
		if (why)
			return errf(err, errlen, "line %llu: %s.%s: %s", ln, s->section, s->key, why);
	}
	if (c->aspiring > c->ready)
		return errf(err, errlen, "readiness.aspiring (%g) is above readiness.ready (%g)", c->aspiring, c->ready);
	return 0;
}

int obs_config_load(struct obs_config *c, const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	char why[256];
	if (text_read_file(path, OBS_CONFIG_MAX_FILE, &buf, &len, NULL, why, sizeof why) < 0)
		return errf(err, errlen, "%s", why);
	char perr[200];
	int rc = obs_config_parse(c, buf, len, perr, sizeof perr);
	free(buf);
	if (rc < 0)
		return errf(err, errlen, "%s: %s", path, perr);
	return 0;
}

int obs_config_resolve(struct obs_config *c, const char *path, char *err, size_t errlen)
{
	obs_config_defaults(c);
	if (!path || !*path)
		path = getenv("MANRS_CONFIG");
	if (!path || !*path)
		return 0;
	return obs_config_load(c, path, err, errlen);
}

size_t obs_config_format(const struct obs_config *c, char *out, size_t n)
{
	size_t at = 0;
	const char *section = NULL;
	if (n)
		out[0] = 0;
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const struct setting *s = &settings[i];
		const char *field = (const char *)c + s->off;
		if (!section || strcmp(section, s->section)) {
			at = text_appendf(out, n, at, "%s[%s]\n", section ? "\n" : "", s->section);
			section = s->section;
		}
		at = text_appendf(out, n, at, "%s = ", s->key);
		uint32_t u;
		double d;
		bool b;
		switch (s->kind) {
		case K_U32:
			memcpy(&u, field, sizeof u);
			at = text_appendf(out, n, at, "%u\n", u);
			break;
		case K_DOUBLE:
			memcpy(&d, field, sizeof d);
			at = text_appendf(out, n, at, "%.17g\n", d);
			break;
		case K_BOOL:
			memcpy(&b, field, sizeof b);
			at = text_appendf(out, n, at, "%s\n", b ? "true" : "false");
			break;
		case K_IRR_MATCH:
			at = text_appendf(out, n, at, "%s\n", c->irr_match == OBS_IRR_EXACT ? "exact" : "covering");
			break;
		case K_PENALTY:
			at = text_appendf(out, n, at, "%s\n", c->long_penalty == OBS_PENALTY_LINEAR ? "linear" : "exponential");
			break;
		case K_ACTIONS:
		case K_CONTACTS: {
			bool act = s->kind == K_ACTIONS;
			memcpy(&u, field, sizeof u);
			if (!u)
				at = text_appendf(out, n, at, "none");
			for (int a = 0, first = 1; a < (act ? OBS_ACT_COUNT : RPSL_NCONTACTS); a++)
				if (u & BIT(a)) {
					at = text_appendf(out, n, at, "%s%s", first ? "" : ",",
							  act ? action_names[a] : contact_names[a]);
					first = 0;
				}
			at = text_appendf(out, n, at, "\n");
			break;
		}
		case K_HIJACK_TYPES: {
			memcpy(&u, field, sizeof u);
			if (!u)
				at = text_appendf(out, n, at, "none");
			for (size_t k = 0, first = 1; k < sizeof hijack_kinds / sizeof hijack_kinds[0]; k++)
				if (u & BIT(hijack_kinds[k])) {
					at = text_appendf(out, n, at, "%s%s", first ? "" : ",", detect_type_name(hijack_kinds[k]));
					first = 0;
				}
			at = text_appendf(out, n, at, "\n");
			break;
		}
		}
	}
	return at;
}
