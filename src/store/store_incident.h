/*
 * Incidents in the store (tables incidents, incident_prefixes,
 * incident_tags, incident_rules, incident_peers, incident_events,
 * incident_paths; docs/store.md): written by the detector as `manrs
 * ingest` reads, read by `manrs incidents` and `manrs incident`. Also the
 * prefix-origin history the detector starts from (obs_month).
 */
#ifndef MANRS_STORE_STORE_INCIDENT_H
#define MANRS_STORE_STORE_INCIDENT_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_INC_ID 64
#define STORE_INC_NAME 65   /* collector names: 64 and NUL */

struct store_incident_rule {
	char name[48];
	int delta;              /* added to the score */
	int cap;                /* the score is at most this after the rule; -1 none */
	char reason[200];
};

/* Visibility of the incident at one peer. */
struct store_incident_peer {
	char collector[STORE_INC_NAME];
	char ip[IP_STRLEN];
	uint32_t asn;
	int64_t first, last;    /* first offending route seen; last time it ended (-1: still up) */
	uint32_t routes;        /* offending routes it held at most at once */
};

/* One change in the timeline: an offending route appeared ('A') or went
 * away ('W': withdrawn or replaced). */
struct store_incident_event {
	int64_t t;
	char collector[STORE_INC_NAME];
	char ip[IP_STRLEN];
	uint32_t peer_asn;
	char prefix[PREFIX_STRLEN];
	char kind;
	char *path;             /* owned; "" for 'W' */
};

struct store_incident {
	char id[STORE_INC_ID];
	char type[16];
	char **prefixes;        /* owned strings */
	size_t nprefixes;
	uint64_t nprefixes_total;   /* beyond the listed ones too */
	char covering[PREFIX_STRLEN];   /* "" none */
	bool has_culprit;
	uint32_t culprit;
	uint32_t *victims, *accomplices;
	size_t nvictims, naccomplices;
	int leak_type;          /* 0: none (JSON null) */
	int64_t start, end;     /* end -1: ongoing */
	uint32_t peak_peers, peak_collectors, peers_total, collectors_total;
	int suspicion;
	char label[16];
	char **tags;
	size_t ntags;
	struct store_incident_rule *rules;
	size_t nrules;
	struct store_incident_peer *peers;
	size_t npeers;
	struct store_incident_event *events;
	size_t nevents;
	uint64_t nevents_total;
	char **paths;
	size_t npaths;
	int64_t updated_at;
};

/* Frees what an incident owns (not the struct itself) and zeroes it. */
void store_incident_free(struct store_incident *inc);

/* Writes (replaces) one incident with its prefixes, tags, rules, peers,
 * events and paths. The caller wraps it in a transaction. 0 or -1. */
int store_incident_put(struct store *s, const struct store_incident *inc);

/* Reads incident id into *out (owned by the caller: store_incident_free).
 * 1 found, 0 not, -1 error. */
int store_incident_get(struct store *s, const char *id, struct store_incident *out);

struct store_incident_filter {
	int64_t since, until;   /* by start; -1 for no bound; until exclusive */
	const char *type;       /* NULL for all */
	int min_suspicion;      /* -1 for all */
};

/* Ids of the incidents matching f, by start then id; cb returns non-zero
 * to stop. 0 or -1. */
int store_incident_ids(struct store *s, const struct store_incident_filter *f,
		       int (*cb)(const char *id, void *ctx), void *ctx);

/* Prefix-origin history: each (prefix, origin) pair with a monthly
 * observation in months [from_month, to_month] (YYYYMM) seen by at least
 * min_peers peers and first seen before `before`, with its earliest first
 * seen. cb returns non-zero to stop. Returns the pairs passed, or -1. */
int64_t store_history_pairs(struct store *s, uint32_t from_month, uint32_t to_month, int64_t before,
			    unsigned min_peers, int (*cb)(const char *prefix, uint32_t origin, int64_t first_seen, void *ctx),
			    void *ctx);

/* True if asn is the incident's culprit, one of its victims or one of its
 * accomplices (the --asn filter of `manrs incidents` and of the API). */
bool store_incident_involves(const struct store_incident *inc, uint32_t asn);

#endif
