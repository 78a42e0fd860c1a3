/* UN M49 lookups over the embedded m49.tsv (m49.h). Parsed once, lazily. */
#include "observatory/m49.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

extern const char obs_m49_tsv[];
extern const unsigned long obs_m49_tsv_len;

/* Countries and territories in M49: about 250. */
#define M49_MAX 320

static struct obs_m49 table[M49_MAX];
static size_t ntable;
static bool parsed;

/* Copies field i (tab-separated) of line [p, e) into out. */
static void field(const char *p, const char *e, int i, char *out, size_t n)
{
	for (; i > 0 && p < e; p++)
		if (*p == '\t')
			i--;
	const char *q = p;
	while (q < e && *q != '\t')
		q++;
	size_t len = (size_t)(q - p) < n - 1 ? (size_t)(q - p) : n - 1;
	memcpy(out, p, len);
	out[len] = 0;
}

static void parse(void)
{
	if (parsed)
		return;
	parsed = true;
	const char *p = obs_m49_tsv, *end = obs_m49_tsv + obs_m49_tsv_len;
	while (p < end && ntable < M49_MAX) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if (e > p && *p != '#') {
			struct obs_m49 *m = &table[ntable];
			/* alpha2 alpha3 m49 name region_code region subregion_code subregion
			 * intermediate_code intermediate */
			field(p, e, 0, m->alpha2, sizeof m->alpha2);
			field(p, e, 3, m->name, sizeof m->name);
			field(p, e, 5, m->region, sizeof m->region);
			field(p, e, 7, m->subregion, sizeof m->subregion);
			field(p, e, 9, m->intermediate, sizeof m->intermediate);
			if (strlen(m->alpha2) == 2)
				ntable++;
		}
		p = e + 1;
	}
}

const struct obs_m49 *obs_m49_country(const char *alpha2)
{
	parse();
	for (size_t i = 0; i < ntable; i++)
		if (!strcasecmp(table[i].alpha2, alpha2))
			return &table[i];
	return NULL;
}

bool obs_m49_in(const char *alpha2, const char *name)
{
	const struct obs_m49 *m = obs_m49_country(alpha2);
	return m && *name &&
	       (!strcasecmp(m->region, name) || !strcasecmp(m->subregion, name) || !strcasecmp(m->intermediate, name));
}

bool obs_m49_known_region(const char *name)
{
	parse();
	for (size_t i = 0; i < ntable; i++)
		if (obs_m49_in(table[i].alpha2, name))
			return true;
	return false;
}
