/*
 * The Observatory's settings: every choice MANRS leaves open or that this
 * implementation had to make (minimum peers for "announced", IRR exact or
 * covering match, incident duration weights, score curves, readiness
 * thresholds, program requirements) lives here, read from one documented
 * file (etc/manrs.conf; docs/configuration.md says what each setting means
 * and where its default comes from), never in code.
 */
#ifndef MANRS_OBSERVATORY_CONFIG_H
#define MANRS_OBSERVATORY_CONFIG_H

#include "detect/detect.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which IRR route objects register an announced route (MANRS-SPEC 2.4). */
enum obs_irr_match {
	OBS_IRR_EXACT = 0,      /* a route object for the prefix itself, same origin */
	OBS_IRR_COVERING,       /* the prefix or a less-specific one, same origin */
};

/* How the penalty of an incident longer than a day grows (MANRS-SPEC 2.3). */
enum obs_penalty {
	OBS_PENALTY_LINEAR = 0,  /* n + 1 for n whole days */
	OBS_PENALTY_EXPONENTIAL, /* 2^n */
};

/* The MANRS programs (MANRS-SPEC section 1). */
enum obs_program {
	OBS_PROG_NETOPS = 0,
	OBS_PROG_IXP,
	OBS_PROG_CDN,
	OBS_PROG_VENDOR,
	OBS_PROG_COUNT
};

/* The Actions as the Observatory scores them: Action 4 is split into its
 * IRR and RPKI halves, as on the MANRS dashboard. */
enum obs_action {
	OBS_ACT_FILTERING = 0,
	OBS_ACT_ANTI_SPOOFING,
	OBS_ACT_COORDINATION,
	OBS_ACT_IRR,
	OBS_ACT_RPKI,
	OBS_ACT_COUNT
};

struct obs_config {
	/* [ingest] */
	uint32_t min_peers;            /* distinct peers for a route to count as announced */
	/* [irr] */
	enum obs_irr_match irr_match;
	/* [rpki] */
	double rpki_invalid_weight;    /* score = valid share - weight x invalid share */
	double rpki_floor;             /* ... floored here */
	/* [filtering] */
	bool full_bogons_only;         /* M3/M4 count only full bogons (since 2024) */
	bool count_leaks;              /* M1/M1C in the Filtering score (not since 2024) */
	uint32_t short_incident_seconds;
	double short_incident_weight;  /* an incident shorter than short_incident_seconds */
	double day_incident_weight;    /* shorter than a day */
	enum obs_penalty long_penalty; /* longer than a day */
	double culprit_weight;
	double accomplice_weight;      /* the AS next to the culprit on the path */
	bool next_hop_accomplice_only; /* ASes further along get no weight */
	double filtering_curve_k;      /* Filtering score = exp(-k * sqrt(raw)) */
	uint32_t min_suspicion;        /* incidents below this suspicion do not count */
	uint32_t hijack_types;         /* a bit per enum detect_type feeding M2/M2C */
	/* [anti_spoofing] */
	double spoofing_curve_k;       /* M5 score = exp(-k * sqrt(prefixes)) */
	/* [coordination] */
	bool contact_peeringdb;        /* a PeeringDB contact counts */
	bool contact_rir;              /* an RIR/IRR contact (admin-c, tech-c, ...) counts */
	uint32_t contact_attributes;   /* which aut-num attributes: a bit per enum rpsl_contact */
	bool contact_other_irr;        /* aut-num objects of IRRs no RIR runs (RADB, ...) count too */
	/* [readiness] */
	double ready;                  /* score >= ready: Ready */
	double aspiring;               /* score >= aspiring: Aspiring; below: Lagging */
	/* [history] */
	uint32_t history_months;       /* months of scores kept */
	/* [programs]: a bit per enum obs_action */
	uint32_t required[OBS_PROG_COUNT];
	uint32_t recommended[OBS_PROG_COUNT];
	bool action4_either;           /* Action 4 met by IRR or RPKI readiness alone */
	/* [detect]: the incident detector's thresholds (docs/incidents.md) */
	struct detect_config detect;
};

/* Fills c with the defaults (the values etc/manrs.conf documents). */
void obs_config_defaults(struct obs_config *c);

/*
 * Reads settings from text over the values already in c (call
 * obs_config_defaults first). Format: "[section]" lines, "key = value"
 * lines, '#' comments, blank lines. Unknown sections or keys and values out
 * of range are errors, so a typing mistake never silently keeps a default.
 * Returns 0, or -1 with "line N: reason" in err; c may then be partly
 * updated.
 */
int obs_config_parse(struct obs_config *c, const char *text, size_t len, char *err, size_t errlen);

/* The same from a file (plain or compressed); -1 with "FILE: reason". */
int obs_config_load(struct obs_config *c, const char *path, char *err, size_t errlen);

/*
 * The settings a command runs with: the file at path (its --config) if
 * given, else the file named by $MANRS_CONFIG if set, else the built-in
 * defaults. Resolved here only, as store_path resolves --db. Returns 0, or
 * -1 with "FILE: reason" in err.
 */
int obs_config_resolve(struct obs_config *c, const char *path, char *err, size_t errlen);

/* Writes every setting as a config file would ("section.key = value"
 * lines under their sections) into out; returns the length written
 * (truncated at n - 1). Used by `manrs config` and by tests. */
size_t obs_config_format(const struct obs_config *c, char *out, size_t n);

/* "filtering", "anti_spoofing", "coordination", "irr", "rpki". */
const char *obs_action_name(enum obs_action a);
/* "netops", "ixp", "cdn", "vendor"; obs_program_parse returns -1 if unknown. */
const char *obs_program_name(enum obs_program p);
int obs_program_parse(const char *s, size_t len);

#endif
