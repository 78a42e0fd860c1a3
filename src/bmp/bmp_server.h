/*
 * The BMP collector's network side on libevent: routers connect in
 * (passive, evconnlistener) or the collector connects to routers that
 * listen (active, reconnecting). Each router has its own bufferevent with
 * a read high-watermark (back-pressure: a router that sends faster than we
 * decode waits in TCP, and its buffer never exceeds one maximal message
 * plus a read), its own BMP session, and is closed alone, with a logged
 * reason, when it sends a malformed message. What the messages mean goes
 * to a sink (function table) the caller provides.
 */
#ifndef MANRS_BMP_BMP_SERVER_H
#define MANRS_BMP_BMP_SERVER_H

#include "bmp/bmp.h"

#include <stdbool.h>
#include <stdint.h>

struct event_base;
struct bmp_server;

/* Routers served at once; more connections are refused. */
#define BMP_MAX_ROUTERS 1024
/* Seconds between attempts to reach a router in active mode. */
#define BMP_RECONNECT_SECS 5

struct bmp_router {
	char name[64];            /* "bmp-ADDR" (':' of IPv6 as '-'), a collector name */
	struct ip_addr addr;
	uint16_t port;
	uint32_t collector;       /* the sink's id for this router (set by router_up) */
	struct bmp_session sess;
	uint64_t msgs, bytes, bad;
	char sys_name[64];        /* from Initiation, if sent */
};

struct bmp_sink {
	/* A router's BMP session started; set r->collector. */
	void (*router_up)(void *ctx, struct bmp_router *r);
	/* A route element of r (time: e->rec->ts). */
	void (*elem)(void *ctx, struct bmp_router *r, const struct mrt_elem *e, const struct bmp_peer_hdr *ph);
	/* The MRT record a message became (for the archive), after its elements. */
	void (*record)(void *ctx, struct bmp_router *r, const struct mrt_record *rec);
	/* r's session ended (after its peers' STATE elements); reason NULL on a clean close. */
	void (*router_down)(void *ctx, struct bmp_router *r, const char *reason);
	void *ctx;
};

struct bmp_server *bmp_server_new(struct event_base *base, const struct bmp_sink *sink);
/* Ends every session (emitting their peers' down events) and frees. */
void bmp_server_free(struct bmp_server *s);

/* Listens on "ADDR:PORT" ("[ADDR]:PORT" for IPv6; port 0 picks one).
 * 0, or -1 with err. *bound gets the port actually bound. */
int bmp_server_listen(struct bmp_server *s, const char *addr, uint16_t *bound, char *err, size_t errlen);
/* Connects to a router listening at "ADDR:PORT", again every
 * BMP_RECONNECT_SECS while it cannot. 0, or -1 with err (bad address). */
int bmp_server_connect(struct bmp_server *s, const char *addr, char *err, size_t errlen);

/* Whether text is an address --listen and --connect take ("ADDR:PORT",
 * "[ADDR]:PORT"), before anything is opened. */
bool bmp_server_addr_ok(const char *text);

struct bmp_server_stats {
	uint64_t routers_now, routers_total, msgs, bytes, elems, bad_msgs, closed_malformed;
};
void bmp_server_stats(const struct bmp_server *s, struct bmp_server_stats *out);

#endif
