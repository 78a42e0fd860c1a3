/*
 * The HTTP side of `manrs serve` on libmicrohttpd: a pool of worker
 * threads (MHD_OPTION_THREAD_POOL_SIZE, each polling its share of the
 * connections), keep-alive, every limit on what a client sends (request
 * line and headers in WEB_CONN_MEMORY, target length, body size,
 * connections per client, idle time, requests per second per client),
 * security headers on every answer we write, ETag / If-None-Match, the
 * access log, and a graceful stop on SIGTERM or SIGINT. Each worker
 * thread has its own read-only store handle (SQLite connections are not
 * shared between threads). The endpoints are in web_api.c.
 */
#include "web/web_int.h"

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "observatory/m49.h"
#include "web/web_pages.h"
#include "web/web_csrf.h"
#include "web/web_feedback.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

/* One request's bookkeeping, from the URI log callback to completion. */
struct web_conn {
	uint64_t start_us;
	size_t uri_len;            /* the raw target's length */
	char uri[256];             /* its start, for the log (escaped when written) */
	size_t body;               /* body bytes received */
	bool seen;                 /* the handler's first call is done */
	char method[12];
	bool too_big;              /* declared Content-Length over the cap */
	unsigned status;
	size_t bytes;
	bool responded;
	bool form;                 /* a feedback form POST: its body is kept */
	char *form_body;           /* up to WEB_FB_MAX_BODY bytes (+1 for a NUL) */
};

static struct web_state g_state;
static const struct web_opts *g_opts;
static pthread_mutex_t g_log_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_ullong g_requests;

/* ---- Per-thread store handles ---------------------------------------- */

static pthread_mutex_t g_stores_mu = PTHREAD_MUTEX_INITIALIZER;
static struct store *g_stores[WEB_MAX_THREADS + 2];
static size_t g_nstores;
static _Thread_local struct store *t_store;

struct store *web_store(char *err, size_t errlen)
{
	if (t_store)
		return t_store;
	struct store *s = store_open(g_opts->db, STORE_READ, err, errlen);
	if (!s)
		return NULL;
	pthread_mutex_lock(&g_stores_mu);
	if (g_nstores == sizeof g_stores / sizeof g_stores[0]) {
		pthread_mutex_unlock(&g_stores_mu);
		store_close(s);
		snprintf(err, errlen, "too many store handles");
		return NULL;
	}
	g_stores[g_nstores++] = s;
	pthread_mutex_unlock(&g_stores_mu);
	t_store = s;
	return s;
}

/* After the worker threads are gone. */
static void stores_close(void)
{
	for (size_t i = 0; i < g_nstores; i++)
		store_close(g_stores[i]);
	g_nstores = 0;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

uint64_t web_generation(const struct web_state *st)
{
	char wal[4096];
	struct stat a, b;
	uint64_t h = 1;
	if (stat(st->o->db, &a) == 0)
		h = mix(mix(mix(mix(h, (uint64_t)a.st_ino), (uint64_t)a.st_size), (uint64_t)a.st_mtim.tv_sec),
			(uint64_t)a.st_mtim.tv_nsec);
	snprintf(wal, sizeof wal, "%s-wal", st->o->db);
	if (stat(wal, &b) == 0)
		h = mix(mix(mix(mix(h, (uint64_t)b.st_ino), (uint64_t)b.st_size), (uint64_t)b.st_mtim.tv_sec),
			(uint64_t)b.st_mtim.tv_nsec);
	return h;
}

/* ---- Response cache ---------------------------------------------------- */

struct web_cached {
	uint64_t gen, hash;
	char *key;
	char *body;
	size_t len;
	const char *ctype;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

int web_cache_get(struct web_state *st, uint64_t gen, const char *key, struct wbuf *body, const char **ctype)
{
	uint64_t h = fnv(key);
	int hit = 0;
	pthread_mutex_lock(&st->cache_mu);
	for (size_t i = 0; i < st->ncache; i++) {
		struct web_cached *c = &st->cache[i];
		if (c->hash == h && c->gen == gen && !strcmp(c->key, key)) {
			wbuf_put(body, c->body, c->len);
			*ctype = c->ctype;
			hit = 1;
			break;
		}
	}
	pthread_mutex_unlock(&st->cache_mu);
	return hit;
}

static void cache_clear(struct web_state *st)
{
	for (size_t i = 0; i < st->ncache; i++) {
		free(st->cache[i].key);
		free(st->cache[i].body);
	}
	st->ncache = 0;
	st->cache_bytes = 0;
}

void web_cache_put(struct web_state *st, uint64_t gen, const char *key, const char *body, size_t len,
		   const char *ctype)
{
	if (len > WEB_CACHE_BYTES / 8)
		return;
	pthread_mutex_lock(&st->cache_mu);
	/* Full, or written for an older database: start again (entries
	 * are cheap to rebuild and the keys are bounded by validation). */
	if (st->ncache == WEB_CACHE_ENTRIES || st->cache_bytes + len > WEB_CACHE_BYTES ||
	    (st->ncache && st->cache[0].gen != gen))
		cache_clear(st);
	if (!st->cache)
		st->cache = xcalloc(WEB_CACHE_ENTRIES, sizeof *st->cache);
	struct web_cached *c = &st->cache[st->ncache++];
	c->gen = gen;
	c->hash = fnv(key);
	c->key = xstrdup(key);
	c->body = xmalloc(len + 1);
	memcpy(c->body, body, len);
	c->len = len;
	c->ctype = ctype;
	st->cache_bytes += len;
	pthread_mutex_unlock(&st->cache_mu);
}

void web_cache_free(struct web_state *st)
{
	cache_clear(st);
	free(st->cache);
	st->cache = NULL;
}

/* ---- Reference data per month ------------------------------------------ */

struct web_data {
	uint32_t month;
	uint64_t gen;
	unsigned refs;
	struct obs_data d;
};

struct obs_data *web_data_get(struct web_state *st, struct store *s, uint32_t month, char *err, size_t errlen)
{
	uint64_t gen = web_generation(st);
	pthread_mutex_lock(&st->data_mu);
	for (int i = 0; i < WEB_DATA_MONTHS; i++) {
		struct web_data *w = st->data[i];
		if (w && w->month == month && w->gen == gen) {
			w->refs++;
			pthread_mutex_unlock(&st->data_mu);
			return &w->d;
		}
	}
	/* Load under the lock: concurrent requests for the same month wait
	 * for one load instead of each doing it. */
	int slot = -1;
	for (int i = 0; i < WEB_DATA_MONTHS && slot < 0; i++)
		if (!st->data[i])
			slot = i;
	for (int i = 0; i < WEB_DATA_MONTHS && slot < 0; i++)
		if (st->data[i]->refs == 0) {
			obs_data_free(&st->data[i]->d);
			free(st->data[i]);
			st->data[i] = NULL;
			slot = i;
		}
	struct web_data *w = xcalloc(1, sizeof *w);
	uint32_t kinds = (1u << OBS_KIND_VRP) | (1u << OBS_KIND_IRR) | (1u << OBS_KIND_DELEGATED) |
			 (1u << OBS_KIND_PEERINGDB) | (1u << OBS_KIND_BOGONS) | (1u << OBS_KIND_SPOOFER);
	if (obs_data_load(&w->d, s, month, kinds, err, errlen) < 0) {
		obs_data_free(&w->d);
		free(w);
		pthread_mutex_unlock(&st->data_mu);
		return NULL;
	}
	w->month = month;
	w->gen = gen;
	w->refs = 1;
	if (slot >= 0)
		st->data[slot] = w;
	/* else every slot is in use: w is this request's alone (freed on
	 * release, refs reaching 0 outside the table). */
	pthread_mutex_unlock(&st->data_mu);
	return &w->d;
}

void web_data_release(struct web_state *st, struct obs_data *d)
{
	struct web_data *w = (struct web_data *)((char *)d - offsetof(struct web_data, d));
	pthread_mutex_lock(&st->data_mu);
	bool in_table = false;
	for (int i = 0; i < WEB_DATA_MONTHS; i++)
		in_table |= st->data[i] == w;
	if (--w->refs == 0 && !in_table) {
		obs_data_free(&w->d);
		free(w);
	}
	pthread_mutex_unlock(&st->data_mu);
}

void web_data_free(struct web_state *st)
{
	for (int i = 0; i < WEB_DATA_MONTHS; i++)
		if (st->data[i]) {
			obs_data_free(&st->data[i]->d);
			free(st->data[i]);
			st->data[i] = NULL;
		}
}

/* ---- Rate limit: a token bucket per client address ------------------- */

struct rate_slot {
	uint8_t addr[17];          /* family byte + 16 address bytes */
	bool used;
	struct web_bucket b;
};

static pthread_mutex_t g_rate_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rate_slot *g_rate;

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void client_key(const struct sockaddr *sa, uint8_t key[17])
{
	memset(key, 0, 17);
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		key[0] = 4;
		memcpy(key + 1, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		key[0] = 6;
		memcpy(key + 1, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	}
}

/* True if the client may make one more request now. Clients hash to 8
 * probe slots; an unknown client takes a free one or the one idle longest
 * (a flood of new addresses can only make tracking forget, never grow). */
static bool rate_ok(const uint8_t key[17])
{
	if (!g_opts->rate_limit)
		return true;
	uint64_t h = 0xcbf29ce484222325ull;
	for (int i = 0; i < 17; i++)
		h = (h ^ key[i]) * 0x100000001b3ull;
	uint64_t now = now_us();
	pthread_mutex_lock(&g_rate_mu);
	struct rate_slot *found = NULL, *victim = NULL;
	for (unsigned k = 0; k < 8 && !found; k++) {
		struct rate_slot *s = &g_rate[(h + k) % WEB_RATE_SLOTS];
		if (s->used && !memcmp(s->addr, key, 17))
			found = s;
		else if (!victim || !s->used || (victim->used && s->b.last_us < victim->b.last_us))
			victim = s;
	}
	if (!found) {
		found = victim;
		memset(found, 0, sizeof *found);
		found->used = true;
		memcpy(found->addr, key, 17);
	}
	bool ok = web_bucket_take(&found->b, now, g_opts->rate_limit, g_opts->rate_limit);
	pthread_mutex_unlock(&g_rate_mu);
	return ok;
}

/* ---- Responses ------------------------------------------------------------ */

/* Headers on every response we write (RFC 9110 and the Fetch and CSP
 * standards): no inline script or style, no framing, no sniffing. */
static void security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
				"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result web_send(struct MHD_Connection *c, struct web_conn *wc, struct web_resp *rs)
{
	char etag[20] = "";
	unsigned status = rs->status;
	bool not_modified = false;
	if (status == 200 && !rs->no_etag) {
		web_etag(rs->body.p, rs->body.len, etag);
		const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
		if (inm && web_etag_match(inm, etag)) {
			status = 304;
			not_modified = true;
		}
	}
	size_t len = not_modified ? 0 : rs->body.len;
	struct MHD_Response *r = MHD_create_response_from_buffer(len, len ? rs->body.p : (void *)"",
								 MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	security_headers(r);
	if (!not_modified && rs->ctype)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->ctype);
	if (*etag) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	} else
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (rs->www_auth)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, rs->www_auth);
	if (rs->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	if (rs->location[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
	if (rs->set_cookie[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rs->set_cookie);
	if (rs->retry_after) {
		char ra[16];
		snprintf(ra, sizeof ra, "%u", rs->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (status == 413)   /* the body is not read: the connection cannot go on */
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	wc->status = status;
	wc->bytes = len;
	wc->responded = true;
	return ret;
}

static const char *get_arg(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

/* True if an Accept header asks for CSV before JSON (a plain substring
 * test: q-values are not weighed). */
static bool accepts_csv(const char *accept)
{
	return accept && strstr(accept, "text/csv") && !strstr(accept, "application/json");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct web_state *st = cls;
	struct web_conn *wc = *con_cls;
	struct web_resp rs;
	if (!wc)
		return MHD_NO;     /* the URI log callback always sets it */
	if (wc->responded) {
		*upload_size = 0;  /* the answer is queued: drop the rest */
		return MHD_YES;
	}
	if (!wc->seen) {
		snprintf(wc->method, sizeof wc->method, "%s", method);
		/* The first call: headers only. A declared length over the
		 * cap is refused before any of the body is read. */
		wc->seen = true;
		wc->form = !strcmp(method, "POST") && web_feedback_path(url);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (!cl || web_parse_uint(cl, 0, wc->form ? WEB_FB_MAX_BODY : WEB_MAX_BODY) >= 0)
			return MHD_YES;
		wc->too_big = true;
	} else if (*upload_size) {
		size_t cap = wc->form ? WEB_FB_MAX_BODY : WEB_MAX_BODY;
		if (wc->form && *upload_size <= cap - wc->body) {
			if (!wc->form_body)
				wc->form_body = xmalloc(WEB_FB_MAX_BODY + 1);
			memcpy(wc->form_body + wc->body, upload, *upload_size);
		}
		wc->body += *upload_size;
		*upload_size = 0;
		if (wc->body <= cap)
			return MHD_YES;
		/* A body without a declared length (chunked) grew past the
		 * cap: libmicrohttpd cannot queue an answer in the middle of
		 * an upload, so the connection is closed. */
		wc->status = 413;
		return MHD_NO;
	}
	memset(&rs, 0, sizeof rs);
	wbuf_init(&rs.body, 4096);
	enum MHD_Result ret;
	if (wc->too_big) {
		web_error(&rs, 413, "request body too large", NULL);
		ret = web_send(c, wc, &rs);
		wbuf_free(&rs.body);
		return ret;
	}
	atomic_fetch_add(&g_requests, 1);
	if (!wc->form && strcmp(method, "GET") && strcmp(method, "HEAD")) {
		web_error(&rs, 405, "only GET and HEAD", NULL);
		rs.allow = "GET, HEAD";
	} else if (wc->uri_len > WEB_MAX_URL) {
		web_error(&rs, 414, "request target too long", NULL);
	} else {
		uint8_t key[17];
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		client_key(ci ? ci->client_addr : NULL, key);
		if (!rate_ok(key)) {
			web_error(&rs, 429, "too many requests", NULL);
			rs.retry_after = 1;
		} else if (!web_path_ok(url)) {
			web_error(&rs, 400, "malformed path", "path");
		} else {
			struct web_req rq = { .method = method, .path = url, .arg = get_arg, .conn = c };
			rq.accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
			rq.cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_CSRF_COOKIE);
			const char *fmt = get_arg(c, "format");
			const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
			bool ok = true;
			if (fmt && !strcmp(fmt, "csv"))
				rq.csv = true;
			else if (fmt && strcmp(fmt, "json")) {
				web_error(&rs, 400, "format must be json or csv", "format");
				ok = false;
			} else if (!fmt)
				rq.csv = accepts_csv(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT));
			if (ok && g_opts->members_only && auth && !strncasecmp(auth, "Bearer ", 7)) {
				char err[256];
				struct store *s = web_store(err, sizeof err);
				const char *k = auth + 7;
				while (*k == ' ')
					k++;
				rq.authorized = s && web_key_check(s, k, strlen(k)) == 1;
			}
			if (ok && wc->form)
				web_feedback_post(st, &rq,
						  MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
						  wc->form_body ? wc->form_body : "", wc->body, key, &rs);
			else if (ok)
				web_api(st, &rq, &rs);
		}
	}
	(void)version;
	ret = web_send(c, wc, &rs);
	wbuf_free(&rs.body);
	return ret;
}

/* ---- Connection bookkeeping and the access log ------------------------ */

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct web_conn *wc = xcalloc(1, sizeof *wc);
	wc->start_us = now_us();
	wc->uri_len = strlen(uri);
	snprintf(wc->uri, sizeof wc->uri, "%s", uri);
	(void)cls;
	(void)c;
	return wc;
}

/* Appends s to the log line with quotes, backslashes and anything not
 * printable ASCII as \xHH, so a request cannot forge log lines. */
static void log_escaped(struct wbuf *w, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
			wbuf_printf(w, "\\x%02x", ch);
		else
			wbuf_putc(w, (char)ch);
	}
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct web_conn *wc = *con_cls;
	*con_cls = NULL;
	if (!wc)
		return;
	if (g_opts->access_log) {
		char addr[INET6_ADDRSTRLEN] = "-";
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof addr);
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof addr);
		}
		time_t t = time(NULL);
		struct tm tm;
		char when[32];
		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		struct wbuf w;
		wbuf_init(&w, 512);
		wbuf_printf(&w, "%s %s \"", addr, when);
		log_escaped(&w, wc->method[0] ? wc->method : "-");
		wbuf_putc(&w, ' ');
		log_escaped(&w, wc->uri);
		if (wc->uri_len >= sizeof wc->uri)
			wbuf_puts(&w, "...");
		wbuf_printf(&w, "\" %u %zu %lluus%s\n", wc->responded ? wc->status : 0, wc->bytes,
			    (unsigned long long)(now_us() - wc->start_us),
			    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
		pthread_mutex_lock(&g_log_mu);
		fwrite(w.p, 1, w.len, g_opts->access_log);
		fflush(g_opts->access_log);
		pthread_mutex_unlock(&g_log_mu);
		wbuf_free(&w);
	}
	free(wc->form_body);
	free(wc);
	(void)cls;
}

static size_t unescape_cb(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return web_unescape(s);
}

/* ---- Start and stop ----------------------------------------------------- */

int web_serve(const struct web_opts *o, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	unsigned sslen;
	if (web_parse_listen(o->listen, &ss, &sslen) < 0) {
		snprintf(err, errlen, "--listen '%s': not ADDR:PORT or [ADDR]:PORT", o->listen);
		return 2;
	}
	g_opts = o;
	memset(&g_state, 0, sizeof g_state);
	g_state.o = o;
	pthread_mutex_init(&g_state.cache_mu, NULL);
	pthread_mutex_init(&g_state.data_mu, NULL);
	/* Check the database now, so a bad --db fails at start. */
	struct store *s = store_open(o->db, STORE_READ, err, errlen);
	if (!s)
		return 1;
	store_close(s);
	/* Lazy tables parsed before any thread can race on them. */
	(void)obs_m49_known_region("Europe");
	web_i18n_init();
	g_rate = xcalloc(WEB_RATE_SLOTS, sizeof *g_rate);

	/* The signals we stop on are blocked in every thread (the workers
	 * inherit the mask) and taken by sigwait below. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, handler, &g_state,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)o->threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)WEB_MAX_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)o->per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o->timeout,
		MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape_cb, NULL,
		MHD_OPTION_END);
	if (!d) {
		snprintf(err, errlen, "%s: cannot listen: %s", o->listen, errno ? strerror(errno) : "libmicrohttpd refused");
		free(g_rate);
		g_rate = NULL;
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "";
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	printf(ss.ss_family == AF_INET6 ? "listening on http://[%s]:%u/\n" : "listening on http://%s:%u/\n", host,
	       di ? (unsigned)di->port : 0u);
	fflush(stdout);

	int sig = 0;
	sigwait(&set, &sig);
	/* Stop accepting, then let MHD finish the requests in progress and
	 * join its threads. */
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	MHD_stop_daemon(d);
	stores_close();
	web_cache_free(&g_state);
	web_data_free(&g_state);
	free(g_rate);
	g_rate = NULL;
	fprintf(stderr, "manrs serve: %s: stopped after %llu requests\n", sig == SIGINT ? "SIGINT" : "SIGTERM",
		(unsigned long long)atomic_load(&g_requests));
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return 0;
}
