/*
 * Route state: per peer, the Adj-RIB-In as far as the Observatory needs it,
 * prefix -> (origin AS, time the route was announced). Prefixes and peers
 * are interned to dense ids. Fed by route events (RIB entries,
 * announcements, withdrawals, a peer going down); whenever a route stops
 * (withdrawn, replaced by another origin, its peer down, or closed at the
 * end of a run) the interval it was up is handed to a callback, which is
 * how durations and visibility reach the store. Pure: no I/O, no SQLite.
 */
#ifndef MANRS_RIB_RIB_H
#define MANRS_RIB_RIB_H

#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps on what input can make us intern (ids are 31 bits in a route). */
#define RIB_MAX_PREFIXES (1u << 30)
#define RIB_MAX_PEERS 1000000u

/* A route of `peer` for `prefix` with `origin` was up over [start, end)
 * (end == start for a route seen once and closed at once). */
typedef void (*rib_interval_cb)(void *ctx, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t start,
				uint32_t end);

struct rib;

/* A new, empty route state reporting intervals to cb (may be NULL). */
struct rib *rib_new(rib_interval_cb cb, void *ctx);
void rib_free(struct rib *r);

/* Interns a peer: the same (collector, address, AS) always gives the same
 * id, 0, 1, 2... in order of first sight. */
uint32_t rib_peer_id(struct rib *r, uint32_t collector, const struct ip_addr *ip, uint32_t asn);
/* The collector, address and AS of a peer id. */
void rib_peer_info(const struct rib *r, uint32_t peer, uint32_t *collector, struct ip_addr *ip, uint32_t *asn);
uint32_t rib_npeers(const struct rib *r);

/* Interns a prefix (masked first); ids 0, 1, 2... in order of first sight. */
uint32_t rib_prefix_id(struct rib *r, const struct prefix *p);
/* The prefix of an id; valid until the next rib_prefix_id. */
const struct prefix *rib_prefix(const struct rib *r, uint32_t id);
uint32_t rib_nprefixes(const struct rib *r);

/* Announcement at t (RFC 4271 section 9: a new route replaces the peer's
 * previous route for the prefix). Same origin: the route goes on. Another
 * origin: the old route's interval ends at t, the new one starts. */
void rib_announce(struct rib *r, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t t);
/* Withdrawal at t: the route's interval ends. No route: nothing happens. */
void rib_withdraw(struct rib *r, uint32_t peer, uint32_t prefix, uint32_t t);
/* The session went down at t (RFC 4271 section 8: its routes are gone):
 * every route of the peer ends. */
void rib_peer_down(struct rib *r, uint32_t peer, uint32_t t);

/* A RIB dump entry at t: as rib_announce, and marks the route as present
 * in the dump being read. */
void rib_entry(struct rib *r, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t t);
/* The dump of `collector` ended: a dump is the whole table, so every route
 * of that collector's peers it did not list ends at t. Clears the marks. */
void rib_dump_end(struct rib *r, uint32_t collector, uint32_t t);

/* Reports every open route as up over [since, t) and lets it go on from t
 * (end of a run: durations counted so far). */
void rib_close_all(struct rib *r, uint32_t t);
/* Lets every open route go on from max(since, t) without reporting: the
 * time before t was counted by an earlier run. */
void rib_advance(struct rib *r, uint32_t t);

/* Drops every route without reporting it (a hole in the data: nothing is
 * known about the time between). Interned prefixes and peers stay. */
void rib_clear(struct rib *r);

/* The route of peer for prefix: true with its origin and start, or false. */
bool rib_lookup(const struct rib *r, uint32_t peer, uint32_t prefix, uint32_t *origin, uint32_t *since);
/* Open routes over all peers. */
uint64_t rib_nroutes(const struct rib *r);
/* Bytes allocated for routes, prefixes and peers. */
size_t rib_mem(const struct rib *r);

#endif
