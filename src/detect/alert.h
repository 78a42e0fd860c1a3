/*
 * Alerting for monitored prefixes and ASNs: a monitor configuration (which
 * prefixes and ASNs, how suspicious an incident must be, where alerts go)
 * and the sinks: webhook (HTTP POST of JSON through libcurl, from a worker
 * thread with a bounded queue, so detection never waits on the network),
 * syslog and a JSON-lines file. One alert per incident: OPEN once, UPDATE
 * when it changes materially (rate-limited), RESOLVED once. The format and
 * the payload are in docs/alerts.md.
 */
#ifndef MANRS_DETECT_ALERT_H
#define MANRS_DETECT_ALERT_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps on the configuration and on runtime state. */
#define ALERT_MAX_FILE (16u * 1024 * 1024)   /* configuration bytes */
#define ALERT_MAX_LINE 4096                   /* bytes of one line */
#define ALERT_MAX_RULES 1000000u              /* prefix and asn lines together */
#define ALERT_MAX_SINKS 32
#define ALERT_MAX_TRACKED 65536u              /* incidents remembered for de-duplication */
#define ALERT_QUEUE_MAX 1024u                 /* webhook bodies waiting per sink; older ones are dropped */
#define ALERT_DRAIN_SECONDS 10                /* at alert_free, how long queued webhooks may still take */

enum alert_event { ALERT_OPEN, ALERT_UPDATE, ALERT_RESOLVED };

/* An incident as the detector engine sees it; all pointers are borrowed
 * for the duration of the call. */
struct alert_incident {
	const char *id;
	const char *type;
	const struct prefix *prefixes;
	size_t nprefixes;
	uint32_t culprit_asn;
	const uint32_t *victim_asns;
	size_t nvictims;
	int suspicion;
	const char *json;   /* incident object as `manrs incidents --json` prints one (or NULL) */
};

struct alert_set;

/* Reads a monitor configuration (docs/alerts.md). Returns the set, owned
 * by the caller (alert_free), or NULL with "PATH: line N: reason" (or
 * "PATH: reason") in err. A file with nothing to monitor or no sink is an
 * error. Starts the webhook workers. */
struct alert_set *alert_load(const char *path, char *err, size_t errlen);

/* The same from text in memory; `name` stands for the path in messages. */
struct alert_set *alert_parse(const char *name, const char *text, size_t len, char *err, size_t errlen);

/* Tells the set about an incident event; sends (or queues) what the
 * de-duplication rules allow. Never blocks on the network. Thread-safe. */
void alert_notify(struct alert_set *set, enum alert_event ev, const struct alert_incident *inc);

/* Waits until every queued webhook body is delivered or given up on. */
void alert_flush(struct alert_set *set);

/* Stops the workers (queued bodies get at most ALERT_DRAIN_SECONDS) and
 * frees everything. NULL is a no-op. */
void alert_free(struct alert_set *set);

/* The clock the UPDATE rate limit uses (Unix seconds); by default
 * time(NULL). An archive replay can pass event time instead. */
void alert_set_clock(struct alert_set *set, int64_t (*now)(void *ctx), void *ctx);

/* Sends syslog messages as RFC 3164 datagrams to this unix socket instead
 * of through syslog(3) (tests, or a syslog daemon on another path). */
void alert_set_syslog_socket(struct alert_set *set, const char *path);

/* True if the incident touches a monitored prefix (equal, or more-specific
 * where the rule says include-more-specifics) or ASN (culprit or victim). */
bool alert_match(const struct alert_set *set, const struct alert_incident *inc);

struct alert_stats {
	uint64_t events;           /* alert_notify calls */
	uint64_t open, update, resolved;  /* alerts sent (each to every sink) */
	uint64_t unmatched;        /* events of incidents that touch nothing monitored */
	uint64_t below;            /* events under min-suspicion */
	uint64_t rate_limited;     /* material changes held back by update-interval */
	uint64_t ignored;          /* repeats: no material change, already open, already resolved */
	uint64_t untracked;        /* incidents past ALERT_MAX_TRACKED */
	uint64_t delivered, failed, dropped;  /* sink deliveries */
};
void alert_get_stats(struct alert_set *set, struct alert_stats *st);

/* What a configuration holds, for `manrs monitor check`. */
struct alert_summary {
	size_t prefixes, asns, webhooks, syslogs, files;
	int min_suspicion;
	unsigned update_interval;
};
void alert_get_summary(const struct alert_set *set, struct alert_summary *s);

#endif
