/*
 * RTR sessions on libevent: version negotiation (RFC 8210 section 7),
 * Reset and Serial Queries answered from the cache (sections 6.1 to 6.3),
 * Serial Notify on a new serial (section 5.2), Error Reports for anything
 * else (section 5.11). Answers are streamed from the cache's shared blobs
 * by reference, a chunk at a time, refilled from the write callback when
 * the output drains below the low watermark.
 */
#include "rtr/rtr_server.h"

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "rtr/rtr_pdu.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Bytes of a blob added to a session's output at once. */
#define CHUNK (64u * 1024)

struct sess {
	struct rtr_server *srv;
	struct bufferevent *bev;
	struct sess *prev, *next;
	int version;             /* -1 until the first query */
	bool synced;             /* answered once: gets Serial Notifies */
	bool notify_pending;     /* a notify waits for the stream to end */
	bool closing;            /* close once the output is written */
	struct rtr_blob *blob;   /* being streamed */
	size_t off;
	uint32_t eod_serial;
	char peer[64];
};

struct rtr_server {
	struct event_base *base;
	struct rtr_cache *cache;
	struct rtr_server_opts o;
	struct evconnlistener *lis;
	struct sess *head;
	bool stale;
	struct event *notify_ev;
	time_t last_notify;
	bool notify_armed;
	struct rtr_server_stats st;
	unsigned port;
};

static void sess_free(struct sess *s)
{
	struct rtr_server *srv = s->srv;
	if (srv->o.verbose)
		log_info("rtr: %s: session closed", s->peer);
	if (s->prev)
		s->prev->next = s->next;
	else
		srv->head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	rtr_blob_unref(s->blob);
	bufferevent_free(s->bev);
	srv->st.sessions_open--;
	free(s);
}

static void queue(struct sess *s, const uint8_t *p, size_t n)
{
	if (n) {
		bufferevent_write(s->bev, p, n);
		s->srv->st.bytes_queued += n;
	}
}

/* Marks the session to close once the queued output is written (or the
 * write times out). Never frees it here: the callers still hold it; the
 * ends of process_input and on_write do (finish_closing). */
static void sess_close_after_write(struct sess *s)
{
	s->closing = true;
	rtr_blob_unref(s->blob);
	s->blob = NULL;
	bufferevent_disable(s->bev, EV_READ);
}

/* Frees a closing session with nothing left to write; true if it did. */
static bool finish_closing(struct sess *s)
{
	if (!s->closing || evbuffer_get_length(bufferevent_get_output(s->bev)) > 0)
		return false;
	sess_free(s);
	return true;
}

/* Sends an Error Report (RFC 8210 section 5.11) carrying `pdu`. Every
 * code but No Data Available ends the session (section 8.4). */
static void send_error(struct sess *s, uint8_t version, uint16_t code, const uint8_t *pdu, size_t pdu_len,
		       const char *text)
{
	uint8_t buf[8 + 4 + 256 + 4 + 256];
	if (version > s->srv->o.max_version)
		version = s->srv->o.max_version;
	size_t n = rtr_enc_error(buf, sizeof buf, version, code, pdu, pdu_len, text);
	queue(s, buf, n);
	s->srv->st.errors_sent++;
	if (code != RTR_ERR_NO_DATA) {
		log_input(text, "rtr: %s: Error Report %u (%s): %s; session closed", s->peer, code, rtr_error_name(code),
			  text);
		sess_close_after_write(s);
	}
}

static void chunk_done(const void *data, size_t len, void *extra)
{
	(void)data;
	(void)len;
	rtr_blob_unref(extra);
}

static void send_notify(struct sess *s)
{
	uint8_t buf[12];
	struct rtr_cache *c = s->srv->cache;
	size_t n = rtr_enc_serial_notify(buf, sizeof buf, (uint8_t)s->version,
					 rtr_cache_session(c, (uint8_t)s->version), c->serial);
	queue(s, buf, n);
	s->notify_pending = false;
	s->srv->st.notifies++;
}

static void process_input(struct sess *s);

/* Adds blob chunks while the output is under the high watermark; at the
 * end, the End of Data. */
static void stream_more(struct sess *s)
{
	struct evbuffer *out = bufferevent_get_output(s->bev);
	while (s->blob && evbuffer_get_length(out) < s->srv->o.high_water) {
		size_t n = s->blob->len - s->off;
		if (n > CHUNK)
			n = CHUNK;
		if (n) {
			rtr_blob_ref(s->blob);
			if (evbuffer_add_reference(out, s->blob->p + s->off, n, chunk_done, s->blob) < 0) {
				rtr_blob_unref(s->blob);
				sess_close_after_write(s);
				return;
			}
			s->off += n;
			s->srv->st.bytes_queued += n;
		}
		if (s->off == s->blob->len) {
			rtr_blob_unref(s->blob);
			s->blob = NULL;
			struct rtr_cache *c = s->srv->cache;
			uint8_t buf[24];
			size_t m = rtr_enc_end_of_data(buf, sizeof buf, (uint8_t)s->version,
						       rtr_cache_session(c, (uint8_t)s->version), s->eod_serial,
						       s->srv->o.refresh, s->srv->o.retry, s->srv->o.expire);
			queue(s, buf, m);
			s->synced = true;
			if (!s->closing)
				bufferevent_enable(s->bev, EV_READ);
			/* A serial newer than the one just sent: tell at once. */
			if (s->notify_pending || s->eod_serial != c->serial)
				send_notify(s);
		}
	}
}

/* Cache Response, the stream, End of Data (RFC 8210 sections 6.1, 6.2). */
static void answer(struct sess *s, struct rtr_blob *b)
{
	struct rtr_cache *c = s->srv->cache;
	uint8_t buf[8];
	queue(s, buf, rtr_enc_cache_response(buf, sizeof buf, (uint8_t)s->version,
					     rtr_cache_session(c, (uint8_t)s->version)));
	rtr_blob_ref(b);
	s->blob = b;
	s->off = 0;
	/* No reading while the answer streams: queries wait in the socket,
	 * and input cannot pile up behind a router that does not read. */
	bufferevent_disable(s->bev, EV_READ);
	s->eod_serial = c->serial;
	stream_more(s);
}

static void no_data(struct sess *s, const uint8_t *pdu, size_t len)
{
	s->srv->st.no_data++;
	send_error(s, (uint8_t)s->version, RTR_ERR_NO_DATA, pdu, len,
		   s->srv->stale ? "the cache's data is older than its configured maximum age"
				 : "the cache has no data yet");
}

/* One whole PDU from the router. */
static void handle(struct sess *s, const struct rtr_pdu *pdu, const uint8_t *raw, size_t len)
{
	struct rtr_server *srv = s->srv;
	struct rtr_cache *c = srv->cache;
	if (pdu->type == RTR_ERROR_REPORT) {
		/* Never answered with an error (RFC 8210 section 5.11). */
		srv->st.errors_received++;
		char text[128];
		size_t n = pdu->err_text_len < sizeof text - 1 ? pdu->err_text_len : sizeof text - 1;
		for (size_t i = 0; i < n; i++)
			text[i] = (pdu->err_text[i] >= 0x20 && pdu->err_text[i] < 0x7f) ? (char)pdu->err_text[i] : '?';
		text[n] = 0;
		log_input("rtr: error report received", "rtr: %s: the router reports error %u (%s)%s%s; session closed",
			  s->peer, pdu->session, rtr_error_name(pdu->session), n ? ": " : "", text);
		sess_close_after_write(s);
		return;
	}
	if (s->version < 0) {
		/* RFC 8210 section 7: the router's first query sets the
		 * version; one above ours gets code 4 with our highest. */
		if (pdu->version > srv->o.max_version) {
			char text[96];
			snprintf(text, sizeof text, "protocol version %u is not supported; this cache speaks 0 to %u",
				 pdu->version, srv->o.max_version);
			send_error(s, srv->o.max_version, RTR_ERR_UNSUPPORTED_VERSION, raw, len, text);
			return;
		}
		s->version = pdu->version;
		if (srv->o.verbose)
			log_info("rtr: %s: protocol version %d", s->peer, s->version);
	} else if (pdu->version != s->version) {
		char text[96];
		snprintf(text, sizeof text, "version %u PDU in a version %d session", pdu->version, s->version);
		send_error(s, (uint8_t)s->version, RTR_ERR_UNEXPECTED_VERSION, raw, len, text);
		return;
	}
	switch (pdu->type) {
	case RTR_RESET_QUERY:
		srv->st.reset_queries++;
		if (!c->have_data || srv->stale) {
			no_data(s, raw, len);
			return;
		}
		struct rtr_blob *full = rtr_cache_full(c, (uint8_t)s->version);
		if (srv->o.verbose)
			log_info("rtr: %s: Reset Query: %zu records, serial %u", s->peer, full->announced, c->serial);
		answer(s, full);
		return;
	case RTR_SERIAL_QUERY: {
		srv->st.serial_queries++;
		if (!c->have_data || srv->stale) {
			no_data(s, raw, len);
			return;
		}
		if (pdu->session != rtr_cache_session(c, (uint8_t)s->version)) {
			/* RFC 8210 section 5.1: a Session ID mismatch ends the
			 * session with Corrupt Data; the router flushes and
			 * starts again with a Reset Query. */
			char text[96];
			snprintf(text, sizeof text, "Session ID %u is not this cache's (%u)", pdu->session,
				 rtr_cache_session(c, (uint8_t)s->version));
			send_error(s, (uint8_t)s->version, RTR_ERR_CORRUPT_DATA, raw, len, text);
			return;
		}
		struct rtr_blob *b = rtr_cache_diff(c, pdu->serial, (uint8_t)s->version);
		if (!b) {
			/* RFC 8210 section 6.3: no history that far back. */
			uint8_t buf[8];
			queue(s, buf, rtr_enc_cache_reset(buf, sizeof buf, (uint8_t)s->version));
			srv->st.cache_resets++;
			if (srv->o.verbose)
				log_info("rtr: %s: Serial Query from serial %u: not in the history, Cache Reset", s->peer,
					 pdu->serial);
			return;
		}
		if (srv->o.verbose)
			log_info("rtr: %s: Serial Query from serial %u: %zu announced, %zu withdrawn, to serial %u",
				 s->peer, pdu->serial, b->announced, b->withdrawn, c->serial);
		answer(s, b);
		return;
	}
	default: {
		char text[96];
		snprintf(text, sizeof text, "a router does not send %s PDUs", rtr_pdu_type_name(pdu->type));
		send_error(s, (uint8_t)s->version, RTR_ERR_INVALID_REQUEST, raw, len, text);
		return;
	}
	}
}

/* The read timeout runs only while the session owes us something: its
 * first query, or the rest of a PDU it started. */
static void set_read_timeout(struct sess *s)
{
	struct timeval tv = { (time_t)s->srv->o.timeout, 0 };
	bool owed = !s->blob && (s->version < 0 || evbuffer_get_length(bufferevent_get_input(s->bev)) > 0);
	bufferevent_set_timeouts(s->bev, owed ? &tv : NULL, &tv);
}

static void process_input(struct sess *s)
{
	struct evbuffer *in = bufferevent_get_input(s->bev);
	while (!s->closing && !s->blob) {
		size_t avail = evbuffer_get_length(in);
		if (avail < RTR_HEADER_LEN)
			break;
		size_t want = avail < RTR_MAX_PDU ? avail : RTR_MAX_PDU;
		const uint8_t *p = evbuffer_pullup(in, (ev_ssize_t)want);
		struct rtr_pdu pdu;
		size_t used;
		const char *why;
		enum rtr_status st = rtr_pdu_decode(p, want, &pdu, &used, &why);
		if (st == RTR_NEED_MORE)
			break;
		if (st != RTR_OK) {
			uint16_t code = st == RTR_BAD_VERSION ? RTR_ERR_UNSUPPORTED_VERSION
					: st == RTR_BAD_TYPE ? RTR_ERR_UNSUPPORTED_TYPE
							     : RTR_ERR_CORRUPT_DATA;
			uint8_t v = s->version >= 0 ? (uint8_t)s->version
				    : st == RTR_BAD_VERSION ? s->srv->o.max_version
							    : pdu.version;
			char text[200];
			if (st == RTR_TOO_BIG)
				snprintf(text, sizeof text, "%s (length %u)", why, pdu.length);
			else
				snprintf(text, sizeof text, "%s", why);
			/* The PDU if it is whole here, else its header. */
			send_error(s, v, code, p, used ? used : RTR_HEADER_LEN, text);
			break;
		}
		handle(s, &pdu, p, used);
		if (s->closing)
			break;
		evbuffer_drain(in, used);
	}
	if (s->closing) {
		finish_closing(s);
		return;
	}
	set_read_timeout(s);
}

static void on_read(struct bufferevent *bev, void *arg)
{
	(void)bev;
	process_input(arg);
}

static void on_write(struct bufferevent *bev, void *arg)
{
	struct sess *s = arg;
	(void)bev;
	if (s->closing) {
		finish_closing(s);
		return;
	}
	if (s->blob) {
		stream_more(s);
		if (s->closing) {
			finish_closing(s);
			return;
		}
		if (s->blob)
			return;
	}
	if (s->notify_pending)
		send_notify(s);
	/* Queries that waited for the stream to end. */
	process_input(s);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	struct sess *s = arg;
	if (what & BEV_EVENT_TIMEOUT) {
		log_input("rtr: session timed out", "rtr: %s: no progress for %u s (%s); session closed", s->peer,
			  s->srv->o.timeout, (what & BEV_EVENT_READING) ? "a query owed" : "output not read");
	} else if ((what & BEV_EVENT_ERROR) && s->srv->o.verbose) {
		log_info("rtr: %s: %s", s->peer, evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	}
	sess_free(s);
}

static void on_accept(struct evconnlistener *lis, evutil_socket_t fd, struct sockaddr *sa, int salen, void *arg)
{
	(void)lis;
	(void)salen;
	struct rtr_server *srv = arg;
	if (srv->st.sessions_open >= RTR_MAX_SESSIONS) {
		srv->st.sessions_refused++;
		evutil_closesocket(fd);
		return;
	}
	struct bufferevent *bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (!bev) {
		evutil_closesocket(fd);
		return;
	}
	struct sess *s = xcalloc(1, sizeof *s);
	s->srv = srv;
	s->bev = bev;
	s->version = -1;
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
		port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		port = ntohs(in6->sin6_port);
	}
	snprintf(s->peer, sizeof s->peer, sa->sa_family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, port);
	s->next = srv->head;
	if (srv->head)
		srv->head->prev = s;
	srv->head = s;
	srv->st.sessions_open++;
	srv->st.sessions_total++;
	bufferevent_setcb(bev, on_read, on_write, on_event, s);
	/* Input: stop reading past one PDU of the largest size accepted;
	 * output: refill when it drains below half the high water. */
	bufferevent_setwatermark(bev, EV_READ, 0, RTR_MAX_PDU + RTR_HEADER_LEN);
	bufferevent_setwatermark(bev, EV_WRITE, srv->o.high_water / 2, 0);
	/* libevent writes 16 KiB per call by default: a full answer of
	 * 9 MB would take 600 system calls; let each take the high water. */
	bufferevent_set_max_single_write(bev, srv->o.high_water);
	set_read_timeout(s);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	if (srv->o.verbose)
		log_info("rtr: %s: session opened", s->peer);
}

static void notify_all(struct rtr_server *srv)
{
	srv->last_notify = time(NULL);
	srv->notify_armed = false;
	for (struct sess *s = srv->head; s; s = s->next) {
		if (!s->synced || s->closing || s->version < 0)
			continue;
		if (s->blob)
			s->notify_pending = true;
		else
			send_notify(s);
	}
}

static void on_notify_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	notify_all(arg);
}

void rtr_server_notify(struct rtr_server *srv)
{
	if (srv->notify_armed)
		return;
	time_t now = time(NULL);
	if (!srv->last_notify || now - srv->last_notify >= (time_t)srv->o.notify_interval) {
		notify_all(srv);
		return;
	}
	struct timeval tv = { srv->last_notify + (time_t)srv->o.notify_interval - now, 0 };
	evtimer_add(srv->notify_ev, &tv);
	srv->notify_armed = true;
}

void rtr_server_set_stale(struct rtr_server *srv, bool stale)
{
	srv->stale = stale;
}

struct rtr_server *rtr_server_new(struct event_base *base, struct rtr_cache *cache, const struct rtr_server_opts *o)
{
	struct rtr_server *srv = xcalloc(1, sizeof *srv);
	srv->base = base;
	srv->cache = cache;
	srv->o = *o;
	if (srv->o.high_water < 2 * CHUNK)
		srv->o.high_water = 2 * CHUNK;
	if (!srv->o.timeout)
		srv->o.timeout = 60;
	if (srv->o.max_version > RTR_VERSION_MAX)
		srv->o.max_version = RTR_VERSION_MAX;
	srv->notify_ev = evtimer_new(base, on_notify_timer, srv);
	return srv;
}

int rtr_server_listen(struct rtr_server *srv, const char *addr_port, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	int sslen = sizeof ss;
	memset(&ss, 0, sizeof ss);
	/* libevent refuses port 0; parse it as port 1 and clear the port. */
	char tmp[128];
	size_t al = strlen(addr_port);
	bool zero = al >= 2 && al < sizeof tmp && !strcmp(addr_port + al - 2, ":0");
	if (zero) {
		memcpy(tmp, addr_port, al + 1);
		tmp[al - 1] = '1';
	}
	if (evutil_parse_sockaddr_port(zero ? tmp : addr_port, (struct sockaddr *)&ss, &sslen) < 0) {
		snprintf(err, errlen, "--listen %s: expected ADDR:PORT ([ADDR]:PORT for IPv6)", addr_port);
		return -1;
	}
	if (zero && ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = 0;
	else if (zero)
		((struct sockaddr_in6 *)&ss)->sin6_port = 0;
	srv->lis = evconnlistener_new_bind(srv->base, on_accept, srv,
					   LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 4096,
					   (struct sockaddr *)&ss, sslen);
	if (!srv->lis) {
		snprintf(err, errlen, "cannot listen on %s: %s", addr_port, strerror(errno));
		return -1;
	}
	struct sockaddr_storage got;
	socklen_t gl = sizeof got;
	if (getsockname(evconnlistener_get_fd(srv->lis), (struct sockaddr *)&got, &gl) == 0)
		srv->port = got.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&got)->sin6_port)
						      : ntohs(((struct sockaddr_in *)&got)->sin_port);
	return 0;
}

unsigned rtr_server_port(const struct rtr_server *srv)
{
	return srv->port;
}

void rtr_server_get_stats(const struct rtr_server *srv, struct rtr_server_stats *st)
{
	*st = srv->st;
}

void rtr_server_free(struct rtr_server *srv)
{
	if (!srv)
		return;
	while (srv->head)
		sess_free(srv->head);
	if (srv->lis)
		evconnlistener_free(srv->lis);
	event_free(srv->notify_ev);
	free(srv);
}
