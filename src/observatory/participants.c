/*
 * Participants files (participants.h): CSV (RFC 4180 quoting) or a JSON
 * array, checked record by record; one bad record fails the file.
 */
#include "observatory/participants.h"

#include "lib/xmalloc.h"
#include "net/text.h"
#include "observatory/config.h"
#include "observatory/snapshot.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int check_part(struct obs_part *p, char *why, size_t n)
{
	if (!*p->org) {
		snprintf(why, n, "empty organisation");
		return -1;
	}
	if (obs_program_parse(p->program, strlen(p->program)) < 0) {
		snprintf(why, n, "program '%s' is not netops, ixp, cdn or vendor", p->program);
		return -1;
	}
	if (strlen(p->joined) != 10 || obs_parse_time(p->joined, 10) < 0) {
		snprintf(why, n, "joined '%s' is not YYYY-MM-DD", p->joined);
		return -1;
	}
	return 0;
}

static int add_asn(struct obs_part *p, const char *s, size_t len, char *why, size_t n)
{
	if (len >= 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's')) {
		s += 2;
		len -= 2;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || (v = v * 10 + (uint64_t)(s[i] - '0')) > UINT32_MAX) {
			snprintf(why, n, "'%.*s' is not an AS number", (int)len, s);
			return -1;
		}
	}
	if (len == 0 || v == 0) {
		snprintf(why, n, "AS 0 or an empty AS number");
		return -1;
	}
	if (p->nasns >= OBS_PART_ASNS_MAX) {
		snprintf(why, n, "more than %u ASNs", OBS_PART_ASNS_MAX);
		return -1;
	}
	p->asns = xgrow(p->asns, &p->cap, p->nasns + 1, sizeof *p->asns);
	p->asns[p->nasns++] = (uint32_t)v;
	return 0;
}

/* Splits one CSV line into up to 4 fields (double quotes: RFC 4180). */
static int csv_fields(const char *s, size_t len, char f[4][256])
{
	int k = 0;
	size_t o = 0;
	bool q = false;
	memset(f, 0, 4 * 256);
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (q) {
			if (ch == '"' && i + 1 < len && s[i + 1] == '"')
				i++;
			else if (ch == '"') {
				q = false;
				continue;
			}
		} else if (ch == '"') {
			q = true;
			continue;
		} else if (ch == ',') {
			if (++k >= 4)
				return -1;
			o = 0;
			continue;
		}
		if (o < 255)
			f[k][o++] = ch;
	}
	return k == 3 && !q ? 0 : -1;
}

static int parse_csv(const char *text, size_t len, struct obs_part **out, size_t *n, char *why, size_t wn)
{
	struct text_lines l;
	struct text_view line;
	text_lines_init(&l, text, len);
	size_t cap = 0;
	bool header = false;
	char f[4][256];
	while (text_lines_next(&l, &line)) {
		if (line.len == 0 || line.p[0] == '#')
			continue;
		if (csv_fields(line.p, line.len, f) < 0) {
			snprintf(why, wn, "line %llu: not 4 comma-separated fields", (unsigned long long)l.lineno);
			return -1;
		}
		if (!header) {
			if (strcmp(f[0], "organisation") || strcmp(f[1], "program") || strcmp(f[2], "asns") ||
			    strcmp(f[3], "joined")) {
				snprintf(why, wn, "line %llu: the header must be organisation,program,asns,joined",
					 (unsigned long long)l.lineno);
				return -1;
			}
			header = true;
			continue;
		}
		if (*n >= OBS_PART_MAX) {
			snprintf(why, wn, "more than %u participants", OBS_PART_MAX);
			return -1;
		}
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct obs_part *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		snprintf(p->org, sizeof p->org, "%s", f[0]);
		snprintf(p->program, sizeof p->program, "%s", f[1]);
		snprintf(p->joined, sizeof p->joined, "%s", f[3]);
		char r[200];
		const char *a = f[2];
		while (*a) {
			while (*a == ' ' || *a == ';')
				a++;
			size_t k = strcspn(a, " ;");
			if (k && add_asn(p, a, k, r, sizeof r) < 0) {
				snprintf(why, wn, "line %llu: %s", (unsigned long long)l.lineno, r);
				return -1;
			}
			a += k;
		}
		if (check_part(p, r, sizeof r) < 0) {
			snprintf(why, wn, "line %llu: %s", (unsigned long long)l.lineno, r);
			return -1;
		}
	}
	if (!header) {
		snprintf(why, wn, "no header line (organisation,program,asns,joined)");
		return -1;
	}
	return 0;
}

static int parse_json(const char *text, size_t len, struct obs_part **out, size_t *n, char *why, size_t wn)
{
	json_error_t e;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!root) {
		snprintf(why, wn, "line %d: %s", e.line, e.text);
		return -1;
	}
	int rc = -1;
	if (!json_is_array(root)) {
		snprintf(why, wn, "not a JSON array of participants");
		goto out;
	}
	size_t cap = 0, i;
	json_t *o;
	json_array_foreach(root, i, o) {
		if (*n >= OBS_PART_MAX) {
			snprintf(why, wn, "more than %u participants", OBS_PART_MAX);
			goto out;
		}
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct obs_part *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		json_t *org = json_object_get(o, "organisation"), *prog = json_object_get(o, "program"),
		       *asns = json_object_get(o, "asns"), *joined = json_object_get(o, "joined");
		if (!json_is_string(org) || !json_is_string(prog) || !json_is_array(asns) || !json_is_string(joined)) {
			snprintf(why, wn, "[%zu]: needs organisation, program, joined (strings) and asns (array)", i);
			goto out;
		}
		snprintf(p->org, sizeof p->org, "%s", json_string_value(org));
		snprintf(p->program, sizeof p->program, "%s", json_string_value(prog));
		snprintf(p->joined, sizeof p->joined, "%s", json_string_value(joined));
		size_t k;
		json_t *a;
		char r[200];
		json_array_foreach(asns, k, a) {
			char b[32];
			if (json_is_integer(a))
				snprintf(b, sizeof b, "%lld", (long long)json_integer_value(a));
			else if (json_is_string(a))
				snprintf(b, sizeof b, "%s", json_string_value(a));
			else
				b[0] = 0;
			if (add_asn(p, b, strlen(b), r, sizeof r) < 0) {
				snprintf(why, wn, "[%zu]: %s", i, r);
				goto out;
			}
		}
		if (check_part(p, r, sizeof r) < 0) {
			snprintf(why, wn, "[%zu]: %s", i, r);
			goto out;
		}
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int obs_participants_parse(const char *text, size_t len, struct obs_part **out, size_t *n, char *why, size_t wn)
{
	*out = NULL;
	*n = 0;
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	int rc = (i < len && text[i] == '[' ? parse_json : parse_csv)(text, len, out, n, why, wn);
	if (rc == 0 && *n == 0) {
		snprintf(why, wn, "no participants in it");
		rc = -1;
	}
	return rc;
}

void obs_participants_free(struct obs_part *p, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(p[k].asns);
	free(p);
}
