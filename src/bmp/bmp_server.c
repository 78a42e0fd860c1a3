/*
 * BMP collector connections on libevent 2.1 (bmp_server.h). Messages are
 * framed straight out of each bufferevent's input buffer (pulled up to one
 * contiguous block per message), decoded, applied to the router's session,
 * and handed to the sink; nothing is queued between routers.
 */
#include "bmp/bmp_server.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Read high-watermark: one maximal message and one more socket read. */
#define BMP_READ_HIGH (BMP_MAX_MSG_LEN + 256u * 1024)

struct conn {
	struct bmp_server *srv;
	struct bufferevent *bev;
	struct bmp_router r;
	struct active *act;       /* the active target it came from, if any */
	size_t slot;
	bool closing;             /* its peers' final STATE records go to the archive too */
};

struct active {
	struct bmp_server *srv;
	struct sockaddr_storage ss;
	int sslen;
	char text[128];
	struct event *retry;
	struct conn *conn;
};

struct bmp_server {
	struct event_base *base;
	struct bmp_sink sink;
	struct evconnlistener *listeners[8];
	size_t nlisteners;
	struct conn **conns;
	size_t nconns, cap;
	struct active **act;
	size_t nact, act_cap;
	struct bmp_msg msg;       /* one decode at a time */
	struct bmp_server_stats st;
};

static void relay_elem(const struct mrt_elem *e, const struct bmp_peer_hdr *ph, void *ctx)
{
	struct conn *c = ctx;
	c->srv->st.elems++;
	c->srv->sink.elem(c->srv->sink.ctx, &c->r, e, ph);
	if (c->closing && c->srv->sink.record)
		c->srv->sink.record(c->srv->sink.ctx, &c->r, e->rec);
}

static void router_name(struct bmp_router *r)
{
	char ip[IP_STRLEN];
	ip_fmt(&r->addr, ip);
	for (char *p = ip; *p; p++)
		if (*p == ':')
			*p = '-';
	snprintf(r->name, sizeof r->name, "bmp-%s", ip);
}

static void addr_of(const struct sockaddr *sa, struct ip_addr *a, uint16_t *port)
{
	memset(a, 0, sizeof *a);
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		a->afi = AFI_IPV6;
		memcpy(a->b, &s6->sin6_addr, 16);
		*port = ntohs(s6->sin6_port);
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		a->afi = AFI_IPV4;
		memcpy(a->b, &s4->sin_addr, 4);
		*port = ntohs(s4->sin_port);
	}
}

static void schedule_retry(struct active *a);

/* Ends a router's session: its peers go down, the sink hears why. */
static void conn_close(struct conn *c, const char *reason)
{
	struct bmp_server *s = c->srv;
	c->closing = true;
	/* The router's own clock: its latest timestamp, else now. */
	bmp_session_end(&c->r.sess, c->r.sess.last_ts ? 0 : (uint32_t)time(NULL), relay_elem, c);
	s->sink.router_down(s->sink.ctx, &c->r, reason);
	bufferevent_free(c->bev);
	bmp_session_free(&c->r.sess);
	s->conns[c->slot] = s->conns[--s->nconns];
	s->conns[c->slot]->slot = c->slot;
	s->st.routers_now--;
	if (c->act) {
		c->act->conn = NULL;
		schedule_retry(c->act);
	}
	free(c);
}

/* Decodes every whole message in the input buffer. Returns -1 after
 * closing the connection. */
static int drain(struct conn *c)
{
	struct bmp_server *s = c->srv;
	struct evbuffer *in = bufferevent_get_input(c->bev);
	for (;;) {
		size_t avail = evbuffer_get_length(in);
		uint8_t head[BMP_COMMON_LEN];
		if (avail < BMP_COMMON_LEN)
			return 0;
		evbuffer_copyout(in, head, sizeof head);
		uint32_t mlen = 0;
		const char *why = NULL;
		/* The header alone says whether the message can be right
		 * (bmp_frame: NEED_MORE means valid but longer than 6 bytes). */
		enum bmp_status st = bmp_frame(head, sizeof head, &mlen, &why);
		if (st == BMP_MALFORMED) {
			s->st.closed_malformed++;
			log_error("bmp: %s: %s; session closed", c->r.name, why);
			conn_close(c, why);
			return -1;
		}
		mlen = be32(head + 1);
		if (avail < mlen)
			return 0;
		const uint8_t *p = evbuffer_pullup(in, mlen);
		c->r.msgs++;
		c->r.bytes += mlen;
		s->st.msgs++;
		s->st.bytes += mlen;
		st = bmp_decode(&s->msg, p, mlen, &why);
		if (st == BMP_OK) {
			if (s->msg.type == BMP_INITIATION)
				for (unsigned i = 0; i < s->msg.ntlv; i++)
					if (s->msg.tlv[i].type == 2) {
						size_t n = s->msg.tlv[i].len < sizeof c->r.sys_name - 1
								   ? s->msg.tlv[i].len
								   : sizeof c->r.sys_name - 1;
						memcpy(c->r.sys_name, s->msg.tlv[i].val, n);
						c->r.sys_name[n] = 0;
					}
			st = bmp_session_apply(&c->r.sess, &s->msg, (uint32_t)time(NULL), relay_elem, c, &why);
			if (c->r.sess.last_warning)
				log_input(c->r.sess.last_warning, "bmp: %s: %s message: %s", c->r.name,
					  bmp_type_name(s->msg.type), c->r.sess.last_warning);
		}
		if (st == BMP_MALFORMED) {
			c->r.bad++;
			s->st.bad_msgs++;
			s->st.closed_malformed++;
			log_error("bmp: %s: %s message: %s; session closed", c->r.name, bmp_type_name(s->msg.type), why);
			evbuffer_drain(in, mlen);
			conn_close(c, why);
			return -1;
		}
		if (st == BMP_UNSUPPORTED) {
			/* Framed fine but of a type we do not know: skipped. */
			c->r.bad++;
			s->st.bad_msgs++;
			log_input(why, "bmp: %s: %s; message skipped", c->r.name, why);
		} else if (c->r.sess.rec_valid && s->sink.record) {
			s->sink.record(s->sink.ctx, &c->r, &c->r.sess.rec);
		}
		bool term = st == BMP_OK && s->msg.type == BMP_TERMINATION;
		evbuffer_drain(in, mlen);
		if (term) {
			log_info("bmp: %s: Termination (reason %u)", c->r.name,
				 s->msg.has_term_reason ? s->msg.term_reason : 0);
			conn_close(c, NULL);
			return -1;
		}
	}
}

static void on_read(struct bufferevent *bev, void *ctx)
{
	(void)bev;
	drain(ctx);
}

static void on_event(struct bufferevent *bev, short what, void *ctx)
{
	struct conn *c = ctx;
	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		log_info("bmp: %s: connected", c->r.name);
		return;
	}
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		/* What arrived before the close still counts. */
		if (drain(c) < 0)
			return;
		const char *why = (what & BEV_EVENT_EOF) ? "connection closed by the router"
							 : evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR());
		if (evbuffer_get_length(bufferevent_get_input(c->bev)))
			why = "connection closed inside a BMP message";
		log_info("bmp: %s: %s", c->r.name, why);
		conn_close(c, why);
	}
}

static struct conn *conn_new(struct bmp_server *s, evutil_socket_t fd, const struct sockaddr *sa)
{
	if (s->nconns >= BMP_MAX_ROUTERS)
		return NULL;
	struct conn *c = xcalloc(1, sizeof *c);
	c->srv = s;
	addr_of(sa, &c->r.addr, &c->r.port);
	router_name(&c->r);
	bmp_session_init(&c->r.sess);
	c->bev = bufferevent_socket_new(s->base, fd, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, BMP_READ_HIGH);
	s->conns = xgrow(s->conns, &s->cap, s->nconns + 1, sizeof *s->conns);
	c->slot = s->nconns;
	s->conns[s->nconns++] = c;
	s->st.routers_now++;
	s->st.routers_total++;
	s->sink.router_up(s->sink.ctx, &c->r);
	return c;
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen, void *ctx)
{
	struct bmp_server *s = ctx;
	(void)l;
	(void)salen;
	struct conn *c = conn_new(s, fd, sa);
	if (!c) {
		log_error("bmp: %d routers connected already; connection refused", BMP_MAX_ROUTERS);
		evutil_closesocket(fd);
		return;
	}
	log_info("bmp: %s: router connected (port %u)", c->r.name, c->r.port);
	bufferevent_enable(c->bev, EV_READ);
}

struct bmp_server *bmp_server_new(struct event_base *base, const struct bmp_sink *sink)
{
	struct bmp_server *s = xcalloc(1, sizeof *s);
	s->base = base;
	s->sink = *sink;
	return s;
}

void bmp_server_free(struct bmp_server *s)
{
	if (!s)
		return;
	while (s->nconns)
		conn_close(s->conns[s->nconns - 1], "collector shutting down");
	for (size_t i = 0; i < s->nact; i++) {
		if (s->act[i]->retry)
			event_free(s->act[i]->retry);
		free(s->act[i]);
	}
	for (size_t i = 0; i < s->nlisteners; i++)
		evconnlistener_free(s->listeners[i]);
	free(s->act);
	free(s->conns);
	free(s);
}

static int parse_addr(const char *text, struct sockaddr_storage *ss, int *len, char *err, size_t errlen)
{
	*len = sizeof *ss;
	memset(ss, 0, sizeof *ss);
	/* libevent refuses port 0, which asks the kernel for a free one. */
	char buf[128];
	size_t n = strlen(text);
	bool zero = n >= 2 && n < sizeof buf && !strcmp(text + n - 2, ":0");
	snprintf(buf, sizeof buf, "%s", text);
	if (zero)
		buf[n - 1] = '1';
	if (evutil_parse_sockaddr_port(buf, (struct sockaddr *)ss, len) < 0 || !strchr(text, ':')) {
		snprintf(err, errlen, "'%s' is not ADDR:PORT (or [ADDR]:PORT for IPv6)", text);
		return -1;
	}
	if (zero) {
		if (ss->ss_family == AF_INET6)
			((struct sockaddr_in6 *)ss)->sin6_port = 0;
		else
			((struct sockaddr_in *)ss)->sin_port = 0;
	}
	return 0;
}

bool bmp_server_addr_ok(const char *text)
{
	struct sockaddr_storage ss;
	int len;
	char err[256];
	return parse_addr(text, &ss, &len, err, sizeof err) == 0;
}

int bmp_server_listen(struct bmp_server *s, const char *addr, uint16_t *bound, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	int len;
	if (parse_addr(addr, &ss, &len, err, errlen) < 0)
		return -1;
	if (s->nlisteners >= sizeof s->listeners / sizeof s->listeners[0]) {
		snprintf(err, errlen, "too many listening addresses");
		return -1;
	}
	struct evconnlistener *l = evconnlistener_new_bind(s->base, on_accept, s,
							   LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE, 64,
							   (struct sockaddr *)&ss, len);
	if (!l) {
		snprintf(err, errlen, "cannot listen on %s: %s", addr,
			 evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		return -1;
	}
	s->listeners[s->nlisteners++] = l;
	struct sockaddr_storage got;
	socklen_t gl = sizeof got;
	struct ip_addr a;
	*bound = 0;
	if (getsockname(evconnlistener_get_fd(l), (struct sockaddr *)&got, &gl) == 0)
		addr_of((struct sockaddr *)&got, &a, bound);
	return 0;
}

static void try_connect(evutil_socket_t fd, short what, void *ctx)
{
	struct active *a = ctx;
	struct bmp_server *s = a->srv;
	(void)fd;
	(void)what;
	struct conn *c = conn_new(s, -1, (struct sockaddr *)&a->ss);
	if (!c) {
		schedule_retry(a);
		return;
	}
	c->act = a;
	a->conn = c;
	bufferevent_enable(c->bev, EV_READ);
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&a->ss, a->sslen) < 0)
		conn_close(c, "connect failed");
}

static void schedule_retry(struct active *a)
{
	if (!a->retry)
		a->retry = evtimer_new(a->srv->base, try_connect, a);
	struct timeval tv = { BMP_RECONNECT_SECS, 0 };
	evtimer_add(a->retry, &tv);
}

int bmp_server_connect(struct bmp_server *s, const char *addr, char *err, size_t errlen)
{
	struct active *a = xcalloc(1, sizeof *a);
	if (parse_addr(addr, &a->ss, &a->sslen, err, errlen) < 0) {
		free(a);
		return -1;
	}
	a->srv = s;
	snprintf(a->text, sizeof a->text, "%s", addr);
	s->act = xgrow(s->act, &s->act_cap, s->nact + 1, sizeof *s->act);
	s->act[s->nact++] = a;
	try_connect(-1, 0, a);
	return 0;
}

void bmp_server_stats(const struct bmp_server *s, struct bmp_server_stats *out)
{
	*out = s->st;
}
