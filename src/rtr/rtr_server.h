/*
 * The RTR server (RFC 6810, RFC 8210, draft-ietf-sidrops-8210bis) on a
 * libevent 2.1 loop: one evconnlistener, one bufferevent per session. Per
 * session memory is bounded: input is read up to one PDU (RTR_MAX_PDU),
 * and answers are queued by reference to the cache's shared, encoded
 * streams, at most `high_water` bytes at a time, so a router that never
 * reads costs the same as one that does, and is closed after `timeout`
 * seconds without progress.
 */
#ifndef MANRS_RTR_SERVER_H
#define MANRS_RTR_SERVER_H

#include "rtr/rtr_cache.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;

/* Sessions one server holds at once (each costs a socket and about 1 KiB
 * with empty buffers); more are closed as they come. */
#define RTR_MAX_SESSIONS 60000u

struct rtr_server_opts {
	uint32_t refresh, retry, expire;   /* End of Data, version >= 1 (RFC 8210 section 6) */
	uint8_t max_version;               /* 1, or 2 to serve ASPA */
	unsigned timeout;                  /* seconds: first query, a PDU left half-sent, a stuck write */
	size_t high_water;                 /* answer bytes queued per session */
	unsigned notify_interval;          /* seconds between Serial Notifies */
	bool verbose;                      /* log each session */
};

struct rtr_server_stats {
	uint64_t sessions_open, sessions_total, sessions_refused;
	uint64_t reset_queries, serial_queries, cache_resets, no_data;
	uint64_t errors_sent, errors_received, notifies;
	uint64_t bytes_queued;
};

struct rtr_server;

/* A server answering from `cache` (borrowed; it must outlive the server). */
struct rtr_server *rtr_server_new(struct event_base *base, struct rtr_cache *cache, const struct rtr_server_opts *o);
/* Listens on "ADDR:PORT" ("[v6]:port" for IPv6). Returns 0, or -1 with err. */
int rtr_server_listen(struct rtr_server *s, const char *addr_port, char *err, size_t errlen);
/* The port listened on (to learn an ephemeral one), 0 if none. */
unsigned rtr_server_port(const struct rtr_server *s);
/* The cache has a new serial: Serial Notify to every synchronised session
 * (RFC 8210 section 5.2), no more often than notify_interval (section 8.2:
 * at most one a minute). */
void rtr_server_notify(struct rtr_server *s);
/* Stale data: while set, every query is answered with Error Report "No
 * Data Available" (RFC 8210 section 12, code 2; the session stays open). */
void rtr_server_set_stale(struct rtr_server *s, bool stale);
void rtr_server_get_stats(const struct rtr_server *s, struct rtr_server_stats *st);
/* Closes every session and the listener. */
void rtr_server_free(struct rtr_server *s);

#endif
