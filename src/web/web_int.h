/*
 * Inside src/web/: the limits, a request and response as the API handlers
 * see them (no libmicrohttpd types), the shared caches, and the pure
 * helpers (web_util.c) that the unit tests exercise directly.
 */
#ifndef MANRS_WEB_WEB_INT_H
#define MANRS_WEB_WEB_INT_H

#include "lib/wbuf.h"
#include "observatory/metrics.h"
#include "store/store.h"
#include "web/web.h"
#include "web/web_csv.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every cap on what a client can make the server hold. */
#define WEB_MAX_URL 2048               /* request target, bytes (else 414) */
#define WEB_MAX_BODY 65536             /* request body (else 413); no endpoint takes one */
#define WEB_CONN_MEMORY (64u * 1024)   /* per connection: request line + headers (else 431 / 414) */
#define WEB_MAX_CONNECTIONS 1024       /* in total */
#define WEB_MAX_PARAM 128              /* one query parameter's value (else 400) */
#define WEB_MAX_PER_PAGE 1000          /* per_page */
#define WEB_DEFAULT_PER_PAGE 100
#define WEB_CACHE_ENTRIES 512          /* cached responses */
#define WEB_CACHE_BYTES (64u * 1024 * 1024)
#define WEB_DATA_MONTHS 2              /* months of reference data kept loaded */
#define WEB_RATE_SLOTS 4096            /* clients tracked by the rate limiter */
#define WEB_MAX_THREADS 64

/* A request as the handlers see it. */
struct web_req {
	const char *method;
	const char *path;                     /* decoded, NUL-free (web_unescape) */
	const char *(*arg)(void *conn, const char *name);   /* query parameter or NULL */
	void *conn;
	const char *accept_language;          /* Accept-Language, or NULL */
	bool csv;                             /* ?format=csv or Accept: text/csv */
	bool authorized;                      /* a valid Bearer key was presented */
	const char *cookie;                   /* the form cookie (web_csrf.h), or NULL */
};

/* What a handler answers. */
struct web_resp {
	unsigned status;
	const char *ctype;                    /* Content-Type (static text) */
	struct wbuf body;
	const char *www_auth;                 /* WWW-Authenticate, or NULL */
	const char *allow;                    /* Allow (405), or NULL */
	unsigned retry_after;                 /* Retry-After seconds (429), or 0 */
	bool no_etag;                         /* errors: no ETag */
	char location[192];                   /* Location (303), or "" */
	char set_cookie[128];                 /* Set-Cookie, or "" */
};

/* Server-wide state shared by the worker threads. */
struct web_state {
	const struct web_opts *o;
	/* The response cache: (generation, key) -> body, ETag, type. */
	pthread_mutex_t cache_mu;
	struct web_cached *cache;
	size_t ncache, cache_bytes;
	/* Loaded reference data per month (obs_data_load is seconds). */
	pthread_mutex_t data_mu;
	struct web_data *data[WEB_DATA_MONTHS];
};

/* The thread's own read-only store handle (web_server.c), or NULL. */
struct store *web_store(char *err, size_t errlen);
/* The database's generation: changes whenever the file or its WAL does. */
uint64_t web_generation(const struct web_state *st);

/* Cache: 1 and a copy of the body in *body (and its type) on a hit. */
int web_cache_get(struct web_state *st, uint64_t gen, const char *key, struct wbuf *body, const char **ctype);
void web_cache_put(struct web_state *st, uint64_t gen, const char *key, const char *body, size_t len,
		   const char *ctype);
void web_cache_free(struct web_state *st);

/* Reference data for month (loaded once per generation, shared read-only).
 * NULL with err on failure; release with web_data_release. */
struct obs_data *web_data_get(struct web_state *st, struct store *s, uint32_t month, char *err, size_t errlen);
void web_data_release(struct web_state *st, struct obs_data *d);
void web_data_free(struct web_state *st);

/* A JSON error answer {"error": msg, "parameter": param (if not NULL)}. */
void web_error(struct web_resp *rs, unsigned status, const char *msg, const char *param);

/* The API (web_api.c): answers one request. */
void web_api(struct web_state *st, const struct web_req *rq, struct web_resp *rs);

/* The embedded OpenAPI document (web/openapi.json). */
extern const char web_openapi_json[];
extern const unsigned long web_openapi_json_len;

/* ---- Pure helpers (web_util.c) --------------------------------------- */

/* Appends s with & < > " ' escaped for HTML text and attribute values. */
void web_html_escape(struct wbuf *w, const char *s);

/* Percent-decodes s in place (the path and each query value). %00, other
 * control characters and malformed escapes are left encoded, so decoded
 * text never holds a NUL or a control byte. Returns the new length. */
size_t web_unescape(char *s);
/* True if a decoded path is one we route: starts with '/', no "..", "."
 * or empty segment, no backslash, only printable ASCII. */
bool web_path_ok(const char *path);

/* The ETag of a body: a quoted 64-bit FNV-1a hash, "\"%016llx\"". */
void web_etag(const void *body, size_t len, char out[20]);
/* True if an If-None-Match header value matches etag (a list, W/ weak
 * forms compared weakly, or "*"). RFC 9110 section 13.1.2. */
bool web_etag_match(const char *header, const char *etag);

/* A token bucket: refilled at rate per second up to burst tokens. */
struct web_bucket {
	double tokens;
	uint64_t last_us;
};
/* Takes one token at time now_us; true if there was one. A new bucket
 * (last_us 0) starts full. */
bool web_bucket_take(struct web_bucket *b, uint64_t now_us, double rate, double burst);

/* Parses "YYYY-MM" or RFC 3339 "YYYY-MM-DDTHH:MM:SSZ" (only year and month
 * used) into YYYYMM; 0 if malformed. */
uint32_t web_parse_month(const char *s);
/* Parses a decimal in [min, max]; -1 if not. */
int64_t web_parse_uint(const char *s, int64_t min, int64_t max);

/* Splits "ADDR:PORT" / "[V6]:PORT" into a socket address. 0 or -1. */
struct sockaddr_storage;
int web_parse_listen(const char *s, struct sockaddr_storage *ss, unsigned *len);

#endif
