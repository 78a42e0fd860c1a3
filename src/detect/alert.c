/*
 * Alerting (alert.h): the monitor configuration, incident matching, the
 * one-alert-per-incident state machine, and the sinks. Webhooks are POSTed
 * by one worker thread per webhook sink from a bounded FIFO queue, so the
 * caller (the detectors) never waits on the network and a sink's alerts
 * arrive in order (open before update before resolved).
 */
#include "detect/alert.h"

#include "lib/json.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "net/text.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

enum sink_kind { SINK_WEBHOOK, SINK_SYSLOG, SINK_FILE };

struct sink {
	enum sink_kind kind;
	char *target;            /* URL or path; NULL for syslog */
	int facility;            /* syslog: LOG_DAEMON, LOG_LOCAL0, ... */
	unsigned timeout_ms, retries;
	/* Webhook worker. */
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char **queue;            /* ring of JSON bodies */
	size_t head, count;
	bool busy, closing;
	int64_t close_deadline;
	struct alert_set *set;
};

struct prefix_rule {
	struct prefix p;
	bool more;               /* include-more-specifics */
	char *desc;
};

struct asn_rule {
	uint32_t asn;
	char *desc;
};

/* What was last sent for one incident. */
struct tracked {
	char *id;                /* NULL: empty slot */
	bool opened, resolved, pending;
	int suspicion;
	size_t nprefixes, nvictims;
	uint32_t culprit;
	uint64_t peers;
	int64_t last_sent;
};

struct alert_set {
	struct prefix_rule *prefixes;
	size_t n_prefixes, cap_prefixes;
	struct asn_rule *asns;
	size_t n_asns, cap_asns;
	struct sink sinks[ALERT_MAX_SINKS];
	size_t n_sinks;
	int min_suspicion;
	unsigned update_interval;
	int64_t (*now)(void *);
	void *now_ctx;
	char *syslog_socket;
	bool syslog_open;
	pthread_mutex_t mu;      /* state and counters */
	struct tracked *tab;     /* open addressing, power of two */
	size_t tab_cap, tab_used;
	struct alert_stats st;
};

/* ---- Configuration ---------------------------------------------------- */

static const struct {
	const char *name;
	int code;
} FACILITIES[] = {
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER },     { "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

static struct text_view next_word(struct text_view *rest)
{
	struct text_view v = *rest;
	size_t i = 0;
	while (i < v.len && (v.p[i] == ' ' || v.p[i] == '\t'))
		i++;
	size_t s = i;
	while (i < v.len && v.p[i] != ' ' && v.p[i] != '\t')
		i++;
	rest->p = v.p + i;
	rest->len = v.len - i;
	return (struct text_view){ v.p + s, i - s };
}

static char *dup_view(struct text_view v)
{
	char *s = xmalloc(v.len + 1);
	memcpy(s, v.p, v.len);
	s[v.len] = '\0';
	return s;
}

/* "description TEXT" at the end of a rule: the rest of the line. */
static int take_description(struct text_view rest, char **desc, const char **why)
{
	struct text_view w = next_word(&rest);
	if (!w.len)
		return 0;
	if (!text_eq(w, "description")) {
		*why = "unexpected word (only include-more-specifics and description TEXT may follow)";
		return -1;
	}
	struct text_view d = text_trim(rest);
	if (!d.len) {
		*why = "description needs a text";
		return -1;
	}
	*desc = dup_view(d);
	return 0;
}

static int parse_line(struct alert_set *set, struct text_view line, const char **why)
{
	struct text_view rest = line;
	struct text_view kw = next_word(&rest);
	if (text_eq(kw, "prefix") || text_eq(kw, "asn")) {
		if (set->n_prefixes + set->n_asns >= ALERT_MAX_RULES) {
			*why = "more than 1000000 prefix and asn lines";
			return -1;
		}
	}
	if (text_eq(kw, "prefix")) {
		struct prefix_rule r = { 0 };
		struct text_view w = next_word(&rest);
		int rc = text_prefix(w, &r.p, false);
		if (rc == TEXT_PFX_HOST_BITS) {
			*why = "prefix has bits set past its length";
			return -1;
		}
		if (rc != 0) {
			*why = "prefix needs ADDRESS/LENGTH";
			return -1;
		}
		struct text_view save = rest;
		w = next_word(&rest);
		if (text_eq(w, "include-more-specifics"))
			r.more = true;
		else
			rest = save;
		if (take_description(rest, &r.desc, why) < 0)
			return -1;
		set->prefixes = xgrow(set->prefixes, &set->cap_prefixes, set->n_prefixes + 1, sizeof *set->prefixes);
		set->prefixes[set->n_prefixes++] = r;
		return 0;
	}
	if (text_eq(kw, "asn")) {
		struct asn_rule r = { 0 };
		if (text_asn(next_word(&rest), &r.asn) != 0) {
			*why = "asn needs an AS number";
			return -1;
		}
		if (take_description(rest, &r.desc, why) < 0)
			return -1;
		set->asns = xgrow(set->asns, &set->cap_asns, set->n_asns + 1, sizeof *set->asns);
		set->asns[set->n_asns++] = r;
		return 0;
	}
	if (text_eq(kw, "min-suspicion") || text_eq(kw, "update-interval")) {
		uint32_t v;
		if (text_u32(next_word(&rest), &v) != 0 || next_word(&rest).len) {
			*why = "needs one number";
			return -1;
		}
		if (text_eq(kw, "min-suspicion")) {
			if (v > 100) {
				*why = "min-suspicion is 0 to 100";
				return -1;
			}
			set->min_suspicion = (int)v;
		} else {
			if (v > 86400 * 7) {
				*why = "update-interval is at most 604800 seconds";
				return -1;
			}
			set->update_interval = v;
		}
		return 0;
	}
	if (text_eq(kw, "webhook") || text_eq(kw, "syslog") || text_eq(kw, "file")) {
		if (set->n_sinks == ALERT_MAX_SINKS) {
			*why = "more than 32 sinks";
			return -1;
		}
		struct sink *s = &set->sinks[set->n_sinks];
		memset(s, 0, sizeof *s);
		s->timeout_ms = 5000;
		s->retries = 3;
		if (text_eq(kw, "webhook")) {
			struct text_view u = next_word(&rest);
			if (!text_starts(u, "http://") && !text_starts(u, "https://")) {
				*why = "webhook needs an http:// or https:// URL";
				return -1;
			}
			s->kind = SINK_WEBHOOK;
			for (;;) {
				struct text_view k = next_word(&rest);
				if (!k.len)
					break;
				uint32_t v;
				if (!text_eq(k, "timeout") && !text_eq(k, "retries")) {
					*why = "webhook options are timeout SECONDS and retries N";
					return -1;
				}
				if (text_u32(next_word(&rest), &v) != 0 || (text_eq(k, "timeout") ? v < 1 || v > 300 : v > 10)) {
					*why = "webhook timeout is 1 to 300 seconds, retries 0 to 10";
					return -1;
				}
				if (text_eq(k, "timeout"))
					s->timeout_ms = v * 1000;
				else
					s->retries = v;
			}
			s->target = dup_view(u);
		} else if (text_eq(kw, "syslog")) {
			s->kind = SINK_SYSLOG;
			s->facility = LOG_DAEMON;
			struct text_view f = next_word(&rest);
			if (f.len) {
				size_t i;
				for (i = 0; i < sizeof FACILITIES / sizeof FACILITIES[0]; i++)
					if (text_eq(f, FACILITIES[i].name))
						break;
				if (i == sizeof FACILITIES / sizeof FACILITIES[0]) {
					*why = "syslog facility is daemon, user or local0 to local7";
					return -1;
				}
				s->facility = FACILITIES[i].code;
			}
			if (next_word(&rest).len) {
				*why = "syslog takes one facility";
				return -1;
			}
		} else {
			struct text_view p = text_trim(rest);
			if (!p.len) {
				*why = "file needs a path";
				return -1;
			}
			s->kind = SINK_FILE;
			s->target = dup_view(p);
		}
		set->n_sinks++;
		return 0;
	}
	*why = "unknown directive (prefix, asn, min-suspicion, update-interval, webhook, syslog, file)";
	return -1;
}

static void *webhook_worker(void *arg);

struct alert_set *alert_parse(const char *name, const char *text, size_t len, char *err, size_t errlen)
{
	struct alert_set *set = xcalloc(1, sizeof *set);
	set->update_interval = 300;
	pthread_mutex_init(&set->mu, NULL);
	struct text_lines l;
	struct text_view line;
	text_lines_init(&l, text, len);
	while (text_lines_next(&l, &line)) {
		if (line.len > ALERT_MAX_LINE) {
			snprintf(err, errlen, "%s: line %llu: longer than %d bytes", name, (unsigned long long)l.lineno,
				 ALERT_MAX_LINE);
			goto fail;
		}
		struct text_view t = text_trim(line);
		if (!t.len || t.p[0] == '#')
			continue;
		const char *why = NULL;
		if (parse_line(set, t, &why) < 0) {
			snprintf(err, errlen, "%s: line %llu: %s", name, (unsigned long long)l.lineno, why);
			goto fail;
		}
	}
	if (set->n_prefixes + set->n_asns == 0) {
		snprintf(err, errlen, "%s: nothing to monitor (no prefix or asn line)", name);
		goto fail;
	}
	if (set->n_sinks == 0) {
		snprintf(err, errlen, "%s: no sink (webhook, syslog or file line)", name);
		goto fail;
	}
	/* The syslog socket of the environment (tests, or a daemon that
	 * listens elsewhere than /dev/log); alert_set_syslog_socket wins. */
	const char *env = getenv("MANRS_SYSLOG_SOCKET");
	if (env && *env)
		set->syslog_socket = xstrdup(env);
	set->tab_cap = 64;
	set->tab = xcalloc(set->tab_cap, sizeof *set->tab);
	bool curl = false;
	for (size_t i = 0; i < set->n_sinks; i++) {
		struct sink *s = &set->sinks[i];
		if (s->kind != SINK_WEBHOOK)
			continue;
		if (!curl) {
			curl_global_init(CURL_GLOBAL_DEFAULT);
			curl = true;
		}
		s->set = set;
		s->queue = xcalloc(ALERT_QUEUE_MAX, sizeof *s->queue);
		pthread_mutex_init(&s->mu, NULL);
		pthread_cond_init(&s->cv, NULL);
		if (pthread_create(&s->thread, NULL, webhook_worker, s) != 0) {
			snprintf(err, errlen, "%s: cannot start the webhook worker: %s", name, strerror(errno));
			goto fail;
		}
		s->started = true;
	}
	return set;
fail:
	alert_free(set);
	return NULL;
}

struct alert_set *alert_load(const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (text_read_file(path, ALERT_MAX_FILE, &buf, &len, NULL, err, errlen) < 0)
		return NULL;
	struct alert_set *set = alert_parse(path, buf, len, err, errlen);
	free(buf);
	return set;
}

static int64_t wall_clock(void *ctx)
{
	(void)ctx;
	return (int64_t)time(NULL);
}

void alert_set_clock(struct alert_set *set, int64_t (*now)(void *ctx), void *ctx)
{
	set->now = now;
	set->now_ctx = ctx;
}

void alert_set_syslog_socket(struct alert_set *set, const char *path)
{
	free(set->syslog_socket);
	set->syslog_socket = path && *path ? xstrdup(path) : NULL;
}

void alert_get_summary(const struct alert_set *set, struct alert_summary *s)
{
	memset(s, 0, sizeof *s);
	s->prefixes = set->n_prefixes;
	s->asns = set->n_asns;
	for (size_t i = 0; i < set->n_sinks; i++) {
		if (set->sinks[i].kind == SINK_WEBHOOK)
			s->webhooks++;
		else if (set->sinks[i].kind == SINK_SYSLOG)
			s->syslogs++;
		else
			s->files++;
	}
	s->min_suspicion = set->min_suspicion;
	s->update_interval = set->update_interval;
}

/* ---- Matching ----------------------------------------------------------- */

/* Calls fn for every rule the incident matches (ctx: the JSON writer). */
static bool match_rules(const struct alert_set *set, const struct alert_incident *inc, struct json *j)
{
	bool any = false;
	for (size_t r = 0; r < set->n_prefixes; r++) {
		const struct prefix_rule *pr = &set->prefixes[r];
		for (size_t i = 0; i < inc->nprefixes; i++) {
			struct prefix q = inc->prefixes[i];
			prefix_mask(&q);
			if (prefix_equal(&pr->p, &q) || (pr->more && prefix_covers(&pr->p, &q))) {
				any = true;
				if (!j)
					return true;
				char b[PREFIX_STRLEN];
				json_obj_open(j);
				json_key(j, "prefix");
				prefix_fmt(&pr->p, b);
				json_str(j, b);
				if (pr->desc) {
					json_key(j, "description");
					json_str(j, pr->desc);
				}
				json_obj_close(j);
				break;
			}
		}
	}
	for (size_t r = 0; r < set->n_asns; r++) {
		const struct asn_rule *ar = &set->asns[r];
		const char *role = NULL;
		if (inc->culprit_asn == ar->asn)
			role = "culprit";
		for (size_t i = 0; !role && i < inc->nvictims; i++)
			if (inc->victim_asns[i] == ar->asn)
				role = "victim";
		if (!role)
			continue;
		any = true;
		if (!j)
			return true;
		json_obj_open(j);
		json_key(j, "asn");
		json_u64(j, ar->asn);
		json_key(j, "role");
		json_str(j, role);
		if (ar->desc) {
			json_key(j, "description");
			json_str(j, ar->desc);
		}
		json_obj_close(j);
	}
	return any;
}

bool alert_match(const struct alert_set *set, const struct alert_incident *inc)
{
	return match_rules(set, inc, NULL);
}

/* ---- Incident state ----------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct tracked *tab_find(struct alert_set *set, const char *id, bool create)
{
	size_t mask = set->tab_cap - 1;
	for (size_t i = hash_str(id) & mask;; i = (i + 1) & mask) {
		struct tracked *t = &set->tab[i];
		if (!t->id) {
			if (!create)
				return NULL;
			if (set->tab_used >= ALERT_MAX_TRACKED)
				return NULL;
			t->id = xstrdup(id);
			set->tab_used++;
			return t;
		}
		if (!strcmp(t->id, id))
			return t;
	}
}

/* Grows the table at half full; past ALERT_MAX_TRACKED, forgets resolved
 * incidents first. */
static void tab_reserve(struct alert_set *set)
{
	if (set->tab_used + 1 <= set->tab_cap / 2)
		return;
	bool drop_resolved = set->tab_used >= ALERT_MAX_TRACKED;
	size_t ncap = drop_resolved ? set->tab_cap : set->tab_cap * 2;
	struct tracked *old = set->tab;
	size_t ocap = set->tab_cap;
	set->tab = xcalloc(ncap, sizeof *set->tab);
	set->tab_cap = ncap;
	set->tab_used = 0;
	for (size_t i = 0; i < ocap; i++) {
		if (!old[i].id)
			continue;
		if (drop_resolved && old[i].resolved) {
			free(old[i].id);
			continue;
		}
		size_t mask = ncap - 1;
		size_t k = hash_str(old[i].id) & mask;
		while (set->tab[k].id)
			k = (k + 1) & mask;
		set->tab[k] = old[i];
		set->tab_used++;
	}
	free(old);
}

/* peak_peers from the incident JSON (the engine's own output, so a key
 * search is enough: the first "peak_peers" key with a number), 0 if absent. */
static uint64_t peers_of(const struct alert_incident *inc)
{
	if (!inc->json)
		return 0;
	const char *p = strstr(inc->json, "\"peak_peers\"");
	if (!p)
		return 0;
	p += 12;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p++ != ':')
		return 0;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	uint64_t v = 0;
	for (int k = 0; k < 19 && *p >= '0' && *p <= '9'; k++, p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

/* ---- Sinks -------------------------------------------------------------- */

static void file_write(struct alert_set *set, struct sink *s, const char *line, size_t len)
{
	int fd = open(s->target, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	bool ok = fd >= 0;
	if (ok) {
		/* One write per line: appends of whole lines do not interleave. */
		ssize_t w = write(fd, line, len);
		ok = w == (ssize_t)len;
		ok = close(fd) == 0 && ok;
	}
	__atomic_add_fetch(ok ? &set->st.delivered : &set->st.failed, 1, __ATOMIC_RELAXED);
}

static void syslog_write(struct alert_set *set, struct sink *s, int severity, const char *msg)
{
	if (set->syslog_socket) {
		/* RFC 3164 section 4.1: "<PRI>TAG: MSG" (the receiver adds
		 * the time and host). */
		size_t n = strlen(msg) + 32;
		char *d = xmalloc(n);
		int k = snprintf(d, n, "<%d>manrs: %s", s->facility | severity, msg);
		int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		bool ok = fd >= 0 && strlen(set->syslog_socket) < sizeof a.sun_path;
		if (ok) {
			memcpy(a.sun_path, set->syslog_socket, strlen(set->syslog_socket) + 1);
			ok = sendto(fd, d, (size_t)k, 0, (struct sockaddr *)&a, sizeof a) == k;
		}
		if (fd >= 0)
			close(fd);
		free(d);
		__atomic_add_fetch(ok ? &set->st.delivered : &set->st.failed, 1, __ATOMIC_RELAXED);
		return;
	}
	if (!set->syslog_open) {
		openlog("manrs", LOG_PID | LOG_NDELAY, s->facility);
		set->syslog_open = true;
	}
	syslog(s->facility | severity, "%s", msg);
	__atomic_add_fetch(&set->st.delivered, 1, __ATOMIC_RELAXED);
}

static void webhook_enqueue(struct alert_set *set, struct sink *s, const char *body)
{
	pthread_mutex_lock(&s->mu);
	if (s->count == ALERT_QUEUE_MAX) {
		/* Full: the oldest body goes, so the newest state gets out. */
		free(s->queue[s->head]);
		s->head = (s->head + 1) % ALERT_QUEUE_MAX;
		s->count--;
		__atomic_add_fetch(&set->st.dropped, 1, __ATOMIC_RELAXED);
	}
	s->queue[(s->head + s->count) % ALERT_QUEUE_MAX] = xstrdup(body);
	s->count++;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static size_t discard_cb(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One POST; true on a 2xx answer. */
static bool post(CURL *c, struct sink *s, const char *body)
{
	curl_easy_setopt(c, CURLOPT_URL, s->target);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	return rc == CURLE_OK && code >= 200 && code < 300;
}

static void *webhook_worker(void *arg)
{
	struct sink *s = arg;
	CURL *c = curl_easy_init();
	struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
	if (c) {
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)s->timeout_ms);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)s->timeout_ms);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_USERAGENT, "manrs-alert/1");
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	}
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->count && !s->closing)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->count && s->closing)
			break;
		char *body = s->queue[s->head];
		s->queue[s->head] = NULL;
		s->head = (s->head + 1) % ALERT_QUEUE_MAX;
		s->count--;
		s->busy = true;
		pthread_mutex_unlock(&s->mu);
		bool ok = false;
		for (unsigned a = 0; c && a <= s->retries && !ok; a++) {
			if (a) {
				/* Back off 250 ms, 500 ms, 1 s, ... (at most 4 s);
				 * closing or a passed drain deadline ends retries. */
				int64_t wait = 250LL << (a - 1 < 4 ? a - 1 : 4);
				struct timespec ts;
				clock_gettime(CLOCK_REALTIME, &ts);
				ts.tv_sec += wait / 1000;
				ts.tv_nsec += (wait % 1000) * 1000000;
				if (ts.tv_nsec >= 1000000000) {
					ts.tv_sec++;
					ts.tv_nsec -= 1000000000;
				}
				pthread_mutex_lock(&s->mu);
				if (!s->closing)
					pthread_cond_timedwait(&s->cv, &s->mu, &ts);
				bool stop = s->closing && mono_ms() > s->close_deadline;
				pthread_mutex_unlock(&s->mu);
				if (stop)
					break;
			}
			ok = post(c, s, body);
		}
		free(body);
		/* Counters the worker shares with alert_notify: atomic, so the
		 * worker never takes the set's lock (alert_notify holds it
		 * while it takes the queue's). */
		__atomic_add_fetch(ok ? &s->set->st.delivered : &s->set->st.failed, 1, __ATOMIC_RELAXED);
		pthread_mutex_lock(&s->mu);
		s->busy = false;
		if (s->closing && mono_ms() > s->close_deadline) {
			while (s->count) {
				free(s->queue[s->head]);
				s->head = (s->head + 1) % ALERT_QUEUE_MAX;
				s->count--;
				__atomic_add_fetch(&s->set->st.dropped, 1, __ATOMIC_RELAXED);
			}
		}
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	curl_slist_free_all(hdr);
	if (c)
		curl_easy_cleanup(c);
	return NULL;
}

/* ---- Notification ------------------------------------------------------- */

static const char *event_name(enum alert_event ev)
{
	return ev == ALERT_OPEN ? "open" : ev == ALERT_UPDATE ? "update" : "resolved";
}

/* Builds the payload (docs/alerts.md) into w; `full` embeds the incident
 * object (webhook and file), else not (syslog). */
static void payload(const struct alert_set *set, enum alert_event ev, const struct alert_incident *inc,
		    const char *changed, bool full, struct wbuf *w)
{
	struct json j;
	json_begin(&j, w);
	json_obj_open(&j);
	json_key(&j, "event");
	json_str(&j, event_name(ev));
	json_key(&j, "id");
	json_str(&j, inc->id);
	json_key(&j, "type");
	json_str(&j, inc->type ? inc->type : "");
	json_key(&j, "suspicion");
	json_u64(&j, inc->suspicion < 0 ? 0 : (uint64_t)inc->suspicion);
	json_key(&j, "culprit_asn");
	json_u64(&j, inc->culprit_asn);
	json_key(&j, "victim_asns");
	json_arr_open(&j);
	for (size_t i = 0; i < inc->nvictims; i++)
		json_u64(&j, inc->victim_asns[i]);
	json_arr_close(&j);
	json_key(&j, "prefixes");
	json_arr_open(&j);
	for (size_t i = 0; i < inc->nprefixes; i++) {
		char b[PREFIX_STRLEN];
		struct prefix q = inc->prefixes[i];
		prefix_mask(&q);
		prefix_fmt(&q, b);
		json_str(&j, b);
	}
	json_arr_close(&j);
	if (changed) {
		json_key(&j, "changed");
		json_raw(&j, changed);
	}
	json_key(&j, "matched");
	json_arr_open(&j);
	match_rules(set, inc, &j);
	json_arr_close(&j);
	if (full) {
		json_key(&j, "incident");
		if (inc->json && *inc->json)
			json_raw(&j, inc->json);
		else
			json_null(&j);
	}
	json_obj_close(&j);
}

/* The buffer's text, NUL-terminated (the NUL is not counted in len). */
static const char *cstr(struct wbuf *w)
{
	wbuf_putc(w, '\0');
	w->len--;
	return w->p;
}

static void send_all(struct alert_set *set, enum alert_event ev, const struct alert_incident *inc,
		     const char *changed)
{
	struct wbuf full, brief;
	wbuf_init(&full, 1024);
	wbuf_init(&brief, 512);
	payload(set, ev, inc, changed, true, &full);
	payload(set, ev, inc, changed, false, &brief);
	const char *fb = cstr(&full), *bb = cstr(&brief);
	for (size_t i = 0; i < set->n_sinks; i++) {
		struct sink *s = &set->sinks[i];
		switch (s->kind) {
		case SINK_WEBHOOK:
			webhook_enqueue(set, s, fb);
			break;
		case SINK_FILE: {
			wbuf_putc(&full, '\n');
			file_write(set, s, full.p, full.len);
			full.len--;
			fb = cstr(&full);
			break;
		}
		case SINK_SYSLOG:
			syslog_write(set, s, ev == ALERT_OPEN ? LOG_WARNING : ev == ALERT_UPDATE ? LOG_NOTICE : LOG_INFO, bb);
			break;
		}
	}
	if (ev == ALERT_OPEN)
		set->st.open++;
	else if (ev == ALERT_UPDATE)
		set->st.update++;
	else
		set->st.resolved++;
	wbuf_free(&full);
	wbuf_free(&brief);
}

static void remember(struct tracked *t, const struct alert_incident *inc, uint64_t peers, int64_t now)
{
	t->suspicion = inc->suspicion;
	t->nprefixes = inc->nprefixes;
	t->nvictims = inc->nvictims;
	t->culprit = inc->culprit_asn;
	t->peers = peers;
	t->last_sent = now;
	t->pending = false;
}

/* The material changes since the last alert, as a JSON array text in buf,
 * or false if none: prefixes or victims counted differently, another
 * culprit, suspicion moved by 10 or more, or peak visibility grown by half
 * (and by at least 5 peers). */
static bool changes(const struct tracked *t, const struct alert_incident *inc, uint64_t peers, char *buf, size_t n)
{
	size_t at = text_appendf(buf, n, 0, "[");
	bool any = false;
#define ADD(name)                                                                    \
	do {                                                                         \
		at = text_appendf(buf, n, at, "%s\"%s\"", any ? "," : "", name);     \
		any = true;                                                          \
	} while (0)
	if (inc->nprefixes != t->nprefixes)
		ADD("prefixes");
	if (inc->nvictims != t->nvictims)
		ADD("victims");
	if (inc->culprit_asn != t->culprit)
		ADD("culprit");
	if (inc->suspicion - t->suspicion >= 10 || t->suspicion - inc->suspicion >= 10)
		ADD("suspicion");
	if (peers >= t->peers + 5 && peers * 2 >= t->peers * 3)
		ADD("visibility");
#undef ADD
	text_appendf(buf, n, at, "]");
	return any;
}

void alert_notify(struct alert_set *set, enum alert_event ev, const struct alert_incident *inc)
{
	if (!set || !inc || !inc->id)
		return;
	pthread_mutex_lock(&set->mu);
	set->st.events++;
	int64_t now = set->now ? set->now(set->now_ctx) : wall_clock(NULL);
	tab_reserve(set);
	struct tracked *t = tab_find(set, inc->id, true);
	if (!t) {
		set->st.untracked++;
		pthread_mutex_unlock(&set->mu);
		return;
	}
	if (t->resolved) {
		set->st.ignored++;
		pthread_mutex_unlock(&set->mu);
		return;
	}
	uint64_t peers = peers_of(inc);
	if (!t->opened) {
		if (ev == ALERT_RESOLVED) {
			/* Ended before it ever deserved an alert. */
			t->resolved = true;
			set->st.ignored++;
		} else if (!alert_match(set, inc)) {
			set->st.unmatched++;
		} else if (inc->suspicion < set->min_suspicion) {
			set->st.below++;
		} else {
			send_all(set, ALERT_OPEN, inc, NULL);
			t->opened = true;
			remember(t, inc, peers, now);
		}
	} else if (ev == ALERT_RESOLVED) {
		send_all(set, ALERT_RESOLVED, inc, NULL);
		t->resolved = true;
		remember(t, inc, peers, now);
	} else {
		char ch[128];
		bool material = changes(t, inc, peers, ch, sizeof ch) || t->pending;
		if (!material) {
			set->st.ignored++;
		} else if (now < t->last_sent + (int64_t)set->update_interval) {
			t->pending = true;
			set->st.rate_limited++;
		} else {
			send_all(set, ALERT_UPDATE, inc, ch);
			remember(t, inc, peers, now);
		}
	}
	pthread_mutex_unlock(&set->mu);
}

void alert_flush(struct alert_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n_sinks; i++) {
		struct sink *s = &set->sinks[i];
		if (!s->started)
			continue;
		pthread_mutex_lock(&s->mu);
		while (s->count || s->busy)
			pthread_cond_wait(&s->cv, &s->mu);
		pthread_mutex_unlock(&s->mu);
	}
}

void alert_get_stats(struct alert_set *set, struct alert_stats *st)
{
	pthread_mutex_lock(&set->mu);
	*st = set->st;
	st->delivered = __atomic_load_n(&set->st.delivered, __ATOMIC_RELAXED);
	st->failed = __atomic_load_n(&set->st.failed, __ATOMIC_RELAXED);
	st->dropped = __atomic_load_n(&set->st.dropped, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&set->mu);
}

void alert_free(struct alert_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n_sinks; i++) {
		struct sink *s = &set->sinks[i];
		if (s->started) {
			pthread_mutex_lock(&s->mu);
			s->closing = true;
			s->close_deadline = mono_ms() + ALERT_DRAIN_SECONDS * 1000;
			pthread_cond_broadcast(&s->cv);
			pthread_mutex_unlock(&s->mu);
			pthread_join(s->thread, NULL);
		}
		if (s->queue) {
			for (size_t k = 0; k < ALERT_QUEUE_MAX; k++)
				free(s->queue[k]);
			free(s->queue);
			pthread_mutex_destroy(&s->mu);
			pthread_cond_destroy(&s->cv);
		}
		free(s->target);
	}
	for (size_t i = 0; i < set->n_prefixes; i++)
		free(set->prefixes[i].desc);
	for (size_t i = 0; i < set->n_asns; i++)
		free(set->asns[i].desc);
	free(set->prefixes);
	free(set->asns);
	for (size_t i = 0; i < set->tab_cap; i++)
		free(set->tab[i].id);
	free(set->tab);
	free(set->syslog_socket);
	if (set->syslog_open)
		closelog();
	pthread_mutex_destroy(&set->mu);
	free(set);
}
