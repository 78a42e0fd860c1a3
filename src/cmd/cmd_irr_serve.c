/*
 * `manrs irr serve`: an IRR whois server (the IRRd query language that
 * bgpq4 and other filter tools speak) over RPSL dumps loaded in memory.
 * This file is the socket side only, on libevent: accepting within
 * connection limits, framing query lines, pipelining with back-pressure,
 * idle timeouts, and SIGHUP reloads. The answers come from irr/whois.c.
 */
#include "cmd/cmd.h"
#include "irr/irr.h"
#include "irr/whois.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "rpki/rov.h"
#include "rpki/vrp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char SERVE_USAGE[] =
	"usage: manrs irr serve --rpsl FILE [FILE...] [--listen ADDR:PORT] [options]\n"
	"\n"
	"Answers IRR whois queries in the IRRd query language (as bgpq4, peval and\n"
	"other filter tools send them) from RPSL dumps loaded in memory: plain or\n"
	"compressed (gzip, bzip2, xz, zstd), as `manrs irr` reads them.\n"
	"\n"
	"Queries: !! (keep the connection open), !n, !t, !s-lc and !s<sources>,\n"
	"!g<asn> and !6<asn> (IPv4/IPv6 prefixes by origin), !i<set> and !i<set>,1\n"
	"(members, recursively), !a<set>, !a4<set>, !a6<set> (prefixes of a set),\n"
	"!r<prefix>[,o|l|L|M], !m<class>,<key>, !o<mntner>, !j, !v, !q; RIPE-style\n"
	"-i origin|member-of|mnt-by, -x -l -L -M, -K, -T, -s, -a, -k and plain\n"
	"AS numbers, prefixes and set names.\n"
	"\n"
	"Options:\n"
	"  --rpsl FILE            RPSL file to load (repeat it, or list files after\n"
	"                         the options)\n"
	"  --listen ADDR:PORT     address to listen on (default 127.0.0.1:4343;\n"
	"                         [::1]:4343 for IPv6; port 0 picks a free port, and\n"
	"                         the one taken is logged)\n"
	"  --sources LIST         default source preference, e.g. RIPE,RADB (default:\n"
	"                         every source loaded, in load order); !s and -s\n"
	"                         change it per connection\n"
	"  --vrps FILE            VRPs (rpki-client JSON or CSV, ...): route objects\n"
	"                         get an rpki-ov-state line (valid, invalid,\n"
	"                         not_found) in object answers, as IRRd 4 writes it\n"
	"  --rpki-hide-invalid    with --vrps: RPKI-invalid route objects are left out\n"
	"                         of !g, !6 and !a answers (filter generation)\n"
	"  --max-clients N        connections at once (default 1000)\n"
	"  --max-per-ip N         connections at once from one address (default 100)\n"
	"  --idle-timeout SECS    close a connection idle this long (default 30; !t\n"
	"                         changes it per connection, 1 to 1000)\n"
	"  --budget SECS          time one query may take before it is answered\n"
	"                         with an error (default 20)\n"
	"  -q, --quiet            no loading summary and connection log on stderr\n"
	"  -h, --help             this text\n"
	"\n"
	"Limits: a query line longer than 4096 bytes gets \"F Query too long\" and\n"
	"the connection is closed; a client that does not read its answers is not\n"
	"read from until it does (and is dropped after 120 s without progress).\n"
	"\n"
	"Signals: SIGTERM and SIGINT stop the server; SIGHUP loads the files again\n"
	"and swaps the new data in (the old data keeps serving if loading fails).\n"
	"\n"
	"Exit status: 0 stopped by a signal; 1 a file could not be read, or the\n"
	"address cannot be listened on; 2 usage.\n";

#define SERVE_DEFAULT_LISTEN "127.0.0.1:4343"
#define SERVE_OUT_HIGH (1u << 20)       /* stop reading queries above this much unsent output */
#define SERVE_OUT_LOW (256u * 1024)     /* ...and resume below this */
#define SERVE_WRITE_TIMEOUT 120         /* seconds without write progress */
#define SERVE_DRAIN_MAX (1u << 20)      /* input discarded after our FIN before a hard close */
#define SERVE_DRAIN_SECS 5

struct serve;

struct conn {
	struct serve *sv;
	struct bufferevent *bev;
	struct whois_session sess;
	struct sockaddr_storage peer;
	unsigned timeout;          /* the read timeout set */
	bool closing;              /* answer the last query, then close */
	bool paused;               /* reading stopped: too much unsent output */
	bool draining;             /* all written, FIN sent: discarding input until the client closes */
	size_t drained;
	struct conn *prev, *next;
};

struct serve {
	struct event_base *base;
	struct evconnlistener *lis;
	struct event *ev_term, *ev_int, *ev_hup, *ev_resume;
	struct irr_db *db;
	struct vrp_table *vrps;
	struct whois_server ws;
	struct wbuf out;
	struct conn *conns;
	unsigned nconns;
	/* configuration */
	const char **files;
	int nfiles;
	const char *vrp_file;
	const char *sources;
	unsigned max_clients, max_per_ip, idle;
	bool quiet;
	uint64_t accepted, refused;
	size_t peak_unsent;        /* largest unsent output of a connection seen */
};

/* ---- Loading ------------------------------------------------------- */

/* Loads every RPSL file into a new database (and the VRPs into a new
 * table); NULL after saying why if a file cannot be read. */
static struct irr_db *load_db(struct serve *sv, struct vrp_table **vrps_out)
{
	struct irr_db *db = xcalloc(1, sizeof *db);
	irr_db_init(db);
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	for (int i = 0; i < sv->nfiles; i++) {
		char err[256];
		uint64_t objects0 = st.objects;
		int r = irr_db_load(db, sv->files[i], NULL, NULL, &st, err, sizeof err);
		if (r == -1 || (r == 0 && st.objects == objects0)) {
			log_error("%s: %s", sv->files[i], r == -1 ? err : "no RPSL objects in it");
			goto fail;
		}
		if (r == -2)
			log_error("%s: %s (objects before it are kept)", sv->files[i], err);
	}
	log_info("irr serve: %" PRIu64 " objects loaded from %d file%s (%" PRIu32 " route objects, %" PRIu32
		 " sets, %" PRIu32 " aut-num; %" PRIu64 " malformed skipped)",
		 st.objects, sv->nfiles, sv->nfiles == 1 ? "" : "s", db->nroutes, db->nsets, db->nautnums,
		 st.malformed);
	*vrps_out = NULL;
	if (sv->vrp_file) {
		struct vrp_table *t = xcalloc(1, sizeof *t);
		vrp_table_init(t);
		struct vrp_load_opts o = { .format = VRP_FMT_AUTO };
		struct vrp_load_report rep;
		memset(&rep, 0, sizeof rep);
		if (vrp_load_file(t, sv->vrp_file, &o, &rep) < 0) {
			log_error("%s: %s", sv->vrp_file, rep.error);
			vrp_table_free(t);
			free(t);
			goto fail;
		}
		vrp_table_finish(t);
		log_info("irr serve: %zu VRPs loaded (%zu skipped)", vrp_table_count(t), rep.skipped);
		*vrps_out = t;
	}
	return db;
fail:
	irr_db_free(db);
	free(db);
	return NULL;
}

static void free_data(struct irr_db *db, struct vrp_table *vrps)
{
	if (db) {
		irr_db_free(db);
		free(db);
	}
	if (vrps) {
		vrp_table_free(vrps);
		free(vrps);
	}
}

/* RFC 6811 origin validation against a finished VRP table. */
static enum whois_rpki rpki_state(void *ctx, const struct prefix *p, uint32_t origin)
{
	enum rov_state st = rov_validate(ctx, p, origin);
	if (st == ROV_VALID)
		return WHOIS_RPKI_VALID;
	return st == ROV_NOT_FOUND ? WHOIS_RPKI_NOT_FOUND : WHOIS_RPKI_INVALID;
}

/* ---- Connections --------------------------------------------------- */

static void conn_free(struct conn *c)
{
	struct serve *sv = c->sv;
	if (c->prev)
		c->prev->next = c->next;
	else
		sv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	sv->nconns--;
	bufferevent_free(c->bev);
	free(c);
}

static void set_timeouts(struct conn *c)
{
	struct timeval rd = { (time_t)c->timeout, 0 }, wr = { SERVE_WRITE_TIMEOUT, 0 };
	bufferevent_set_timeouts(c->bev, &rd, &wr);
}

/* Everything is written: send our FIN, then read and discard what the
 * client still sends until it closes (a close with unread input would
 * reset the connection and could destroy the answer, e.g. the error line
 * for a 100 kB query, before the client reads it). Bounded in bytes and
 * time. */
static void conn_linger(struct conn *c)
{
	c->draining = true;
	shutdown(bufferevent_getfd(c->bev), SHUT_WR);
	struct timeval t = { SERVE_DRAIN_SECS, 0 };
	bufferevent_set_timeouts(c->bev, &t, NULL);
	bufferevent_enable(c->bev, EV_READ);
}

/* Stops answering; the connection closes once its output is written. */
static void conn_close_after_write(struct conn *c)
{
	c->closing = true;
	bufferevent_disable(c->bev, EV_READ);
	evbuffer_drain(bufferevent_get_input(c->bev), evbuffer_get_length(bufferevent_get_input(c->bev)));
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0) {
		conn_linger(c);
		return;
	}
	bufferevent_setwatermark(c->bev, EV_WRITE, 0, 0);   /* tell us when all is written */
}

/* Answers one query line; returns false if the connection went away. */
static bool answer(struct conn *c, const char *line, size_t n)
{
	struct serve *sv = c->sv;
	sv->out.len = 0;
	enum whois_next next = whois_query(&sv->ws, &c->sess, line, n, &sv->out);
	if (sv->out.len) {
		struct evbuffer *ob = bufferevent_get_output(c->bev);
		evbuffer_add(ob, sv->out.p, sv->out.len);
		if (evbuffer_get_length(ob) > sv->peak_unsent)
			sv->peak_unsent = evbuffer_get_length(ob);
	}
	if (next == WHOIS_CLOSE) {
		conn_close_after_write(c);
		return false;
	}
	if (c->sess.timeout != c->timeout) {
		c->timeout = c->sess.timeout;
		set_timeouts(c);
	}
	return true;
}

/* Answers every complete query line buffered, in order (pipelining),
 * until the output backs up. at_eof: a last line without '\n' counts. */
static void process(struct conn *c, bool at_eof)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct evbuffer *out = bufferevent_get_output(c->bev);
	char line[WHOIS_MAX_LINE + 2];
	while (!c->closing) {
		if (evbuffer_get_length(out) > SERVE_OUT_HIGH) {
			/* Back-pressure: a client that does not read its answers
			 * makes us stop reading its queries, so memory stays bounded. */
			c->paused = true;
			bufferevent_disable(c->bev, EV_READ);
			return;
		}
		size_t eol_len = 0;
		struct evbuffer_ptr pos = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
		size_t avail = evbuffer_get_length(in);
		size_t n;
		if (pos.pos < 0) {
			if (avail > WHOIS_MAX_LINE) {
				evbuffer_add_printf(out, "F Query too long (limit %u bytes)\n", WHOIS_MAX_LINE);
				conn_close_after_write(c);
				return;
			}
			if (!at_eof || avail == 0)
				return;
			n = avail;
			eol_len = 0;
		} else {
			n = (size_t)pos.pos;
		}
		if (n > WHOIS_MAX_LINE) {
			evbuffer_add_printf(out, "F Query too long (limit %u bytes)\n", WHOIS_MAX_LINE);
			conn_close_after_write(c);
			return;
		}
		evbuffer_remove(in, line, n);
		evbuffer_drain(in, eol_len);
		if (!answer(c, line, n))
			return;
	}
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	if (c->draining) {
		struct evbuffer *in = bufferevent_get_input(bev);
		c->drained += evbuffer_get_length(in);
		evbuffer_drain(in, evbuffer_get_length(in));
		if (c->drained > SERVE_DRAIN_MAX)
			conn_free(c);
		return;
	}
	process(c, false);
}

static void on_write(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	size_t left = evbuffer_get_length(bufferevent_get_output(bev));
	if (c->closing) {
		if (left == 0 && !c->draining)
			conn_linger(c);
		return;
	}
	if (c->paused && left <= SERVE_OUT_LOW) {
		c->paused = false;
		bufferevent_enable(bev, EV_READ);
		process(c, false);
	}
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;
	if (c->draining) {
		conn_free(c);   /* the client closed too, or the drain timed out */
		return;
	}
	if ((what & BEV_EVENT_EOF) && !(what & BEV_EVENT_ERROR)) {
		/* The client is done sending (a one-shot `whois` half-closes):
		 * answer what it sent, then close; answers still being written
		 * are finished first. */
		if (!c->closing) {
			process(c, true);
			if (!c->closing)
				conn_close_after_write(c);
		} else {
			bufferevent_disable(bev, EV_READ);
		}
		return;
	}
	(void)bev;
	conn_free(c);
}

static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	if (a->ss_family != b->sa_family)
		return false;
	if (b->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr == ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (b->sa_family == AF_INET6)
		return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, &((const struct sockaddr_in6 *)b)->sin6_addr,
			       16);
	return false;
}

/* Best effort: a refused client gets one line before the close. */
static void refuse(struct serve *sv, evutil_socket_t fd, const char *msg)
{
	ssize_t r = send(fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT);
	(void)r;
	evutil_closesocket(fd);
	sv->refused++;
}

static void on_accept(struct evconnlistener *lis, evutil_socket_t fd, struct sockaddr *addr, int alen, void *arg)
{
	(void)lis;
	struct serve *sv = arg;
	if (sv->nconns >= sv->max_clients) {
		refuse(sv, fd, "F Too many connections\n");
		return;
	}
	unsigned same = 0;
	for (struct conn *c = sv->conns; c; c = c->next)
		same += same_addr(&c->peer, addr);
	if (same >= sv->max_per_ip) {
		refuse(sv, fd, "F Too many connections from your address\n");
		return;
	}
	struct bufferevent *bev = bufferevent_socket_new(sv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (!bev) {
		evutil_closesocket(fd);
		return;
	}
	struct conn *c = xcalloc(1, sizeof *c);
	c->sv = sv;
	c->bev = bev;
	whois_session_init(&c->sess);
	c->sess.timeout = sv->idle;
	c->timeout = sv->idle;
	if ((size_t)alen <= sizeof c->peer)
		memcpy(&c->peer, addr, (size_t)alen);
	c->next = sv->conns;
	if (sv->conns)
		sv->conns->prev = c;
	sv->conns = c;
	sv->nconns++;
	sv->accepted++;
	bufferevent_setcb(bev, on_read, on_write, on_event, c);
	bufferevent_setwatermark(bev, EV_WRITE, SERVE_OUT_LOW, 0);
	set_timeouts(c);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
}

/* accept() failing (out of file descriptors) would spin: pause a second. */
static void on_accept_error(struct evconnlistener *lis, void *arg)
{
	struct serve *sv = arg;
	int err = EVUTIL_SOCKET_ERROR();
	log_error("irr serve: accept: %s", evutil_socket_error_to_string(err));
	evconnlistener_disable(lis);
	struct timeval one = { 1, 0 };
	event_add(sv->ev_resume, &one);
}

static void on_resume(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct serve *sv = arg;
	evconnlistener_enable(sv->lis);
}

/* ---- Signals ------------------------------------------------------- */

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct serve *sv = arg;
	log_info("irr serve: signal %d: stopping (%" PRIu64 " connections served, %" PRIu64
		 " refused; largest unsent output %zu bytes)",
		 (int)sig, sv->accepted, sv->refused, sv->peak_unsent);
	event_base_loopbreak(sv->base);
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	struct serve *sv = arg;
	log_info("irr serve: SIGHUP: loading the files again");
	struct vrp_table *vrps;
	struct irr_db *db = load_db(sv, &vrps);
	if (!db) {
		log_error("irr serve: reload failed: still serving the data loaded before");
		return;
	}
	free_data(sv->db, sv->vrps);
	sv->db = db;
	sv->vrps = vrps;
	sv->ws.db = db;
	sv->ws.rpki = vrps ? rpki_state : NULL;
	sv->ws.rpki_ctx = vrps;
	log_info("irr serve: reloaded");
}

/* ---- Command ------------------------------------------------------- */

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	size_t n = strlen(s);
	uint64_t v = 0;
	if (n == 0 || n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* "192.0.2.1:43", "[2001:db8::1]:43" (port 0: any free port). */
static int parse_listen(const char *s, struct sockaddr_storage *ss, int *len)
{
	const char *colon = strrchr(s, ':');
	char host[INET6_ADDRSTRLEN + 2];
	unsigned port;
	if (!colon || parse_uint(colon + 1, 0, 65535, &port) < 0)
		return -1;
	size_t hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		s++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof host)
		return -1;
	memcpy(host, s, hl);
	host[hl] = 0;
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = (int)sizeof *s4;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = (int)sizeof *s6;
		return 0;
	}
	return -1;
}

int cmd_irr_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rpsl", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "sources", required_argument, NULL, 's' },
		{ "vrps", required_argument, NULL, 'v' },
		{ "rpki-hide-invalid", no_argument, NULL, 'H' },
		{ "max-clients", required_argument, NULL, 'C' },
		{ "max-per-ip", required_argument, NULL, 'P' },
		{ "idle-timeout", required_argument, NULL, 'I' },
		{ "budget", required_argument, NULL, 'B' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve *sv = xcalloc(1, sizeof *sv);
	sv->files = xcalloc((size_t)argc + 1, sizeof *sv->files);
	sv->max_clients = 1000;
	sv->max_per_ip = 100;
	sv->idle = WHOIS_DEFAULT_TIMEOUT;
	unsigned budget = WHOIS_DEFAULT_BUDGET_MS / 1000;
	const char *listen = SERVE_DEFAULT_LISTEN;
	bool hide = false;
	int c, rc = EXIT_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': sv->files[sv->nfiles++] = optarg; break;
		case 'l': listen = optarg; break;
		case 's': sv->sources = optarg; break;
		case 'v': sv->vrp_file = optarg; break;
		case 'H': hide = true; break;
		case 'C':
			if (parse_uint(optarg, 1, 100000, &sv->max_clients) < 0) {
				log_error("irr serve: --max-clients takes 1 to 100000");
				goto out;
			}
			break;
		case 'P':
			if (parse_uint(optarg, 1, 100000, &sv->max_per_ip) < 0) {
				log_error("irr serve: --max-per-ip takes 1 to 100000");
				goto out;
			}
			break;
		case 'I':
			if (parse_uint(optarg, 1, WHOIS_MAX_TIMEOUT, &sv->idle) < 0) {
				log_error("irr serve: --idle-timeout takes 1 to %u seconds", WHOIS_MAX_TIMEOUT);
				goto out;
			}
			break;
		case 'B':
			if (parse_uint(optarg, 1, 3600, &budget) < 0) {
				log_error("irr serve: --budget takes 1 to 3600 seconds");
				goto out;
			}
			break;
		case 'q':
			sv->quiet = true;
			log_set_quiet(1);
			break;
		case 'h': fputs(SERVE_USAGE, stdout); rc = EXIT_OK; goto out;
		default: fputs(SERVE_USAGE, stderr); goto out;
		}
	}
	while (optind < argc)
		sv->files[sv->nfiles++] = argv[optind++];
	if (sv->nfiles == 0) {
		log_error("irr serve: no --rpsl FILE given");
		fputs(SERVE_USAGE, stderr);
		goto out;
	}
	if (hide && !sv->vrp_file) {
		log_error("irr serve: --rpki-hide-invalid needs --vrps FILE");
		goto out;
	}
	struct sockaddr_storage ss;
	int sslen;
	if (parse_listen(listen, &ss, &sslen) < 0) {
		log_error("irr serve: --listen '%s': not ADDR:PORT", listen);
		goto out;
	}
	if (sv->sources) {
		/* The syntax now; the names once loaded. */
		for (const char *p = sv->sources; *p; p++)
			if (!(*p == ',' || *p == '-' || *p == '_' || (*p >= '0' && *p <= '9') ||
			      ((*p | 32) >= 'a' && (*p | 32) <= 'z'))) {
				log_error("irr serve: --sources '%s': not a list of registry names", sv->sources);
				goto out;
			}
		if (strlen(sv->sources) >= WHOIS_MAX_SOURCES_TEXT) {
			log_error("irr serve: --sources: too long");
			goto out;
		}
	}

	rc = EXIT_FAIL;
	sv->db = load_db(sv, &sv->vrps);
	if (!sv->db)
		goto out;
	if (sv->sources) {
		const char *why;
		if (whois_sources_check(sv->db, sv->sources, strlen(sv->sources), &why) < 0) {
			log_error("irr serve: --sources %s: a source named has no objects loaded", sv->sources);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	whois_server_init(&sv->ws, sv->db);
	sv->ws.rpki = sv->vrps ? rpki_state : NULL;
	sv->ws.rpki_ctx = sv->vrps;
	sv->ws.hide_invalid = hide;
	sv->ws.default_sources = sv->sources;
	sv->ws.budget_ms = budget * 1000;
	sv->ws.version = MANRS_VERSION;
	wbuf_init(&sv->out, 1u << 16);

	signal(SIGPIPE, SIG_IGN);
	sv->base = event_base_new();
	if (!sv->base) {
		log_error("irr serve: cannot create the event loop");
		goto out_ws;
	}
	sv->lis = evconnlistener_new_bind(sv->base, on_accept, sv, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 1024,
					  (struct sockaddr *)&ss, sslen);
	if (!sv->lis) {
		log_error("irr serve: cannot listen on %s: %s", listen, strerror(errno));
		goto out_ws;
	}
	evconnlistener_set_error_cb(sv->lis, on_accept_error);
	sv->ev_resume = evtimer_new(sv->base, on_resume, sv);
	sv->ev_term = evsignal_new(sv->base, SIGTERM, on_stop, sv);
	sv->ev_int = evsignal_new(sv->base, SIGINT, on_stop, sv);
	sv->ev_hup = evsignal_new(sv->base, SIGHUP, on_hup, sv);
	event_add(sv->ev_term, NULL);
	event_add(sv->ev_int, NULL);
	event_add(sv->ev_hup, NULL);
	{
		struct sockaddr_storage bound;
		socklen_t bl = sizeof bound;
		char host[INET6_ADDRSTRLEN] = "?";
		unsigned port = 0;
		if (getsockname(evconnlistener_get_fd(sv->lis), (struct sockaddr *)&bound, &bl) == 0) {
			if (bound.ss_family == AF_INET6) {
				const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&bound;
				inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
				port = ntohs(s6->sin6_port);
			} else {
				const struct sockaddr_in *s4 = (const struct sockaddr_in *)&bound;
				inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
				port = ntohs(s4->sin_port);
			}
		}
		/* Said even with --quiet: a caller that asked for port 0 needs it. */
		fprintf(stderr, "manrs: irr serve: listening on %s%s%s:%u\n", bound.ss_family == AF_INET6 ? "[" : "",
			host, bound.ss_family == AF_INET6 ? "]" : "", port);
	}
	event_base_dispatch(sv->base);
	rc = EXIT_OK;

	while (sv->conns)
		conn_free(sv->conns);
	evconnlistener_free(sv->lis);
	event_free(sv->ev_resume);
	event_free(sv->ev_term);
	event_free(sv->ev_int);
	event_free(sv->ev_hup);
out_ws:
	if (sv->base)
		event_base_free(sv->base);
	whois_server_free(&sv->ws);
	wbuf_free(&sv->out);
out:
	free_data(sv->db, sv->vrps);
	free(sv->files);
	free(sv);
	return rc;
}
