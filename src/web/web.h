/*
 * The web Observatory: an HTTP server (libmicrohttpd, a pool of worker
 * threads each with its own read-only store handle) serving the JSON API
 * shaped like the MANRS Observatory API v2 (docs/web.md, the OpenAPI
 * document web/openapi.json embedded in the binary), and the API keys
 * that can restrict per-network detail to members.
 */
#ifndef MANRS_WEB_WEB_H
#define MANRS_WEB_WEB_H

#include "observatory/config.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct web_opts {
	const char *db;               /* the store (read only) */
	const char *listen;           /* "ADDR:PORT", "[V6]:PORT"; port 0: any free port */
	unsigned threads;             /* worker threads */
	FILE *access_log;             /* one line per request, or NULL */
	bool members_only;            /* per-network detail needs an API key */
	unsigned rate_limit;          /* requests per second per client (bucket of as many); 0: off */
	unsigned per_ip;              /* concurrent connections per client */
	unsigned timeout;             /* seconds of inactivity before a connection is closed */
	unsigned post_rate;           /* form POSTs per minute per client (bucket of as many); 0: off */
	unsigned csrf_ttl;            /* seconds a form's CSRF token stays valid; 0: 3600 */
	struct obs_config cfg;        /* the settings reports are computed with */
};

/*
 * Serves until SIGTERM or SIGINT, then stops accepting, finishes the
 * requests in progress and returns. Prints "listening on http://ADDR:PORT/"
 * on standard output (flushed) once the socket is bound. Returns an exit
 * status (cmd.h): 0 after a signal, 1 when the store cannot be opened or
 * the address cannot be bound (err says why), 2 for a malformed --listen.
 */
int web_serve(const struct web_opts *o, char *err, size_t errlen);

/* ---- API keys (web_keys.c) ------------------------------------------- */

/* Bytes of a key's text form "mk_" + 12 hex key id + "_" + 40 hex secret,
 * with the NUL. */
#define WEB_KEY_LEN 57

/* Creates a key named name in the store: prints nothing; writes the key
 * (shown once, never stored) to key and returns its row id, or -1. */
int64_t web_key_create(struct store *s, const char *name, char key[WEB_KEY_LEN]);

/* Checks a presented key: 1 valid (not revoked), 0 unknown, malformed or
 * revoked, -1 store error. Compares hashes in constant time. */
int web_key_check(struct store *s, const char *key, size_t len);

#endif
