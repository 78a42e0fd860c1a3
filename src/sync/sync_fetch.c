/*
 * Downloads a list of archive files with the libcurl multi interface: a
 * bounded number of transfers at once, each into "<name>.part" (continued
 * with a Range request, RFC 9110 section 14, when a partial file is there),
 * sizes checked against Content-Length and Content-Range, fsync and rename
 * into place, transient errors retried with exponential back-off. The only
 * file of the project that includes curl.h.
 */
#include "sync/sync.h"

#include "lib/xmalloc.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void sync_opts_default(struct sync_opts *o)
{
	memset(o, 0, sizeof *o);
	o->parallel = 4;
	o->retries = 5;
	o->retry_delay_ms = 1000;
	o->retry_max_ms = 60000;
	o->connect_timeout = 30;
	o->stall_timeout = 60;
	o->user_agent = "manrs";
}

enum job_state { JOB_WAIT, JOB_ACTIVE, JOB_DONE };

/* One file being made present: at most one request in flight. */
struct job {
	struct sync_file *f;
	char *final, *part;     /* dest/rel and dest/rel.part */
	enum job_state state;
	CURL *easy;
	FILE *out;              /* .part, opened at the first body byte */
	bool head;              /* the request in flight is a HEAD */
	bool checked;           /* an existing final file was looked at */
	uint64_t offset;        /* bytes of .part kept before this request */
	uint64_t got;           /* body bytes of this request */
	int64_t remote_size;    /* from HEAD, -1 unknown */
	int64_t cr_start, cr_total;  /* Content-Range of the response, -1 none */
	bool range_bad;         /* a 206 that did not continue our .part */
	bool too_big;           /* passed SYNC_MAX_FILE_SIZE */
	int write_errno;        /* a local write failed */
	unsigned tries;         /* retries used */
	int64_t not_before;     /* monotonic ms before which it must wait */
	char errbuf[CURL_ERROR_SIZE];
};

struct run {
	const struct sync_opts *o;
	struct sync_stats *st;
	CURLM *multi;
	struct job *jobs;
	size_t n, next_fresh;   /* jobs[next_fresh..] have not started */
	struct job **waiting;   /* jobs to (re)start once their time comes */
	size_t nwaiting, capwaiting;
	size_t active, done;
	int64_t started, last_progress;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Creates every directory above the file at `path`. 0 or -1 (errno set). */
static int mkdirs_for(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* Size of a regular file, or -1 if there is none. */
static int64_t file_size(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return -1;
	return (int64_t)sb.st_size;
}

/* Flushes the directory holding `path` so the rename survives a crash. */
static void fsync_dir_of(const char *path)
{
	char *d = xstrdup(path);
	char *slash = strrchr(d, '/');
	if (slash) {
		*slash = 0;
		int fd = open(*d ? d : "/", O_RDONLY | O_DIRECTORY);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	free(d);
}

static void finish(struct run *r, struct job *j, enum sync_status s)
{
	j->f->status = s;
	j->state = JOB_DONE;
	r->done++;
	switch (s) {
	case SYNC_FETCHED:
		r->st->fetched++;
		break;
	case SYNC_PRESENT:
		r->st->present++;
		break;
	case SYNC_MISSING:
		r->st->missing++;
		break;
	default:
		r->st->failed++;
		break;
	}
	if (j->f->resumed)
		r->st->resumed++;
	r->st->retries += j->tries;
}

static void wait_list_add(struct run *r, struct job *j, int64_t when)
{
	j->state = JOB_WAIT;
	j->not_before = when;
	r->waiting = xgrow(r->waiting, &r->capwaiting, r->nwaiting + 1, sizeof *r->waiting);
	r->waiting[r->nwaiting++] = j;
}

/* A transient failure: back off and try again, or give up. */
static void retry_or_fail(struct run *r, struct job *j)
{
	if (j->tries >= r->o->retries) {
		finish(r, j, SYNC_FAILED);
		return;
	}
	uint64_t delay = r->o->retry_delay_ms;
	for (unsigned i = 0; i < j->tries && delay < r->o->retry_max_ms; i++)
		delay *= 2;
	if (delay > r->o->retry_max_ms)
		delay = r->o->retry_max_ms;
	j->tries++;
	wait_list_add(r, j, now_ms() + (int64_t)delay);
}

/* Up to 18 digits at p[*i..]; -1 if there are none. */
static int range_num(const char *p, size_t n, size_t *i, int64_t *v)
{
	size_t d0 = *i;
	int64_t x = 0;
	while (*i < n && p[*i] >= '0' && p[*i] <= '9' && *i - d0 < 18)
		x = x * 10 + (p[(*i)++] - '0');
	if (*i == d0)
		return -1;
	*v = x;
	return 0;
}

int sync_content_range(const char *p, size_t n, int64_t *first, int64_t *total)
{
	size_t i = 0;
	int64_t a = -1, last = -1, t = -1;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (n - i < 6 || strncasecmp(p + i, "bytes ", 6))
		return -1;
	i += 6;
	if (i < n && p[i] == '*') {
		i++;
	} else {
		if (range_num(p, n, &i, &a) < 0 || i >= n || p[i++] != '-' || range_num(p, n, &i, &last) < 0 ||
		    last < a)
			return -1;
	}
	if (i >= n || p[i++] != '/')
		return -1;
	if (i < n && p[i] == '*')
		i++;
	else if (range_num(p, n, &i, &t) < 0 || (t >= 0 && last >= t))
		return -1;
	/* Only line-end blanks may follow. */
	for (; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return -1;
	if (a < 0 && t < 0)
		return -1;   /* "* / *" says nothing */
	*first = a;
	*total = t;
	return 0;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct job *j = ud;
	size_t n = size * nmemb;
	if (n >= 5 && !strncmp(p, "HTTP/", 5))
		j->cr_start = j->cr_total = -1;   /* a new response (after a redirect) */
	else if (n > 14 && !strncasecmp(p, "content-range:", 14) &&
		 sync_content_range(p + 14, n - 14, &j->cr_start, &j->cr_total) < 0)
		j->cr_start = j->cr_total = -1;
	return n;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct job *j = ud;
	size_t n = size * nmemb;
	if (!j->out) {
		long code = 0;
		curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
		if (code != 200 && code != 206)
			return n;   /* an error page: not kept */
		if (code == 206 && j->cr_start != (int64_t)j->offset) {
			j->range_bad = true;
			return 0;
		}
		/* 200 to a Range request: the server sends the whole file. */
		if (code == 200)
			j->offset = 0;
		j->out = fopen(j->part, code == 206 ? "ab" : "wb");
		if (!j->out) {
			j->write_errno = errno;
			return 0;
		}
	}
	if (j->offset + j->got + n > SYNC_MAX_FILE_SIZE) {
		j->too_big = true;
		return 0;
	}
	if (fwrite(p, 1, n, j->out) != n) {
		j->write_errno = errno ? errno : EIO;
		return 0;
	}
	j->got += n;
	j->f->bytes += n;
	return n;
}

/* Sets up and adds the next request of j: a HEAD for a final file already
 * there (unless trusted), else a GET continuing any .part. May finish j
 * without a request. */
static void start(struct run *r, struct job *j)
{
	j->got = 0;
	j->range_bad = false;
	j->too_big = false;
	j->write_errno = 0;
	j->cr_start = j->cr_total = -1;
	j->errbuf[0] = 0;
	if (!j->checked) {
		int64_t have = file_size(j->final);
		if (have >= 0 && r->o->trust_existing) {
			j->f->size = (uint64_t)have;
			finish(r, j, SYNC_PRESENT);
			return;
		}
		j->checked = have < 0;
		j->head = have >= 0;
	} else {
		j->head = false;
	}
	if (!j->head) {
		if (mkdirs_for(j->part) < 0) {
			snprintf(j->f->error, sizeof j->f->error, "%s", strerror(errno));
			finish(r, j, SYNC_FAILED);
			return;
		}
		int64_t have = file_size(j->part);
		j->offset = have > 0 ? (uint64_t)have : 0;
	}
	CURL *e = curl_easy_init();
	if (!e) {
		snprintf(j->f->error, sizeof j->f->error, "curl_easy_init failed");
		finish(r, j, SYNC_FAILED);
		return;
	}
	j->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, j->f->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, r->o->user_agent);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)r->o->connect_timeout);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)r->o->stall_timeout);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)SYNC_MAX_FILE_SIZE);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	if (j->head) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
		if (j->offset > 0) {
			char range[32];
			snprintf(range, sizeof range, "%llu-", (unsigned long long)j->offset);
			curl_easy_setopt(e, CURLOPT_RANGE, range);
		}
	}
	j->state = JOB_ACTIVE;
	r->active++;
	curl_multi_add_handle(r->multi, e);
}

static bool transient_http(long code)
{
	return code >= 500 || code == 408 || code == 429;
}

/* Network-side errors worth another try; the rest (bad URL, local write
 * errors, unsupported protocol, too many redirects) are not. */
static bool transient_curl(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP_RETURNED_ERROR:
		return true;
	default:
		return false;
	}
}

/* Makes .part the final file: flush, fsync, rename, fsync the directory. */
static int promote(struct job *j)
{
	if (!j->out) {
		/* An empty body never opened the file. */
		j->out = fopen(j->part, j->offset ? "ab" : "wb");
		if (!j->out)
			return -1;
	}
	int rc = fflush(j->out) == 0 && fsync(fileno(j->out)) == 0 ? 0 : -1;
	if (fclose(j->out) != 0)
		rc = -1;
	j->out = NULL;
	if (rc == 0 && rename(j->part, j->final) < 0)
		rc = -1;
	if (rc == 0)
		fsync_dir_of(j->final);
	return rc;
}

static void close_part(struct job *j)
{
	if (j->out) {
		fclose(j->out);
		j->out = NULL;
	}
}

/* Keeps libcurl's message for rc (cut to the size of the error field). */
static void curl_error(struct job *j, CURLcode rc)
{
	const char *m = j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc);
	snprintf(j->f->error, sizeof j->f->error, "%.*s", (int)sizeof j->f->error - 1, m);
}

/* The HEAD on an existing final file came back. */
static void done_head(struct run *r, struct job *j, CURLcode rc, long code)
{
	int64_t have = file_size(j->final);
	if (rc == CURLE_OK && code >= 200 && code < 300) {
		curl_off_t cl = -1;
		curl_easy_getinfo(j->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
		if (cl < 0 || cl == have) {
			j->f->size = (uint64_t)(have < 0 ? 0 : have);
			finish(r, j, SYNC_PRESENT);
			return;
		}
		/* The copy here differs from the archive's: fetch it again. */
		j->checked = true;
		j->remote_size = cl;
		wait_list_add(r, j, 0);
		return;
	}
	if ((rc == CURLE_OK && transient_http(code)) || (rc != CURLE_OK && transient_curl(rc))) {
		if (rc != CURLE_OK)
			curl_error(j, rc);
		else
			snprintf(j->f->error, sizeof j->f->error, "HTTP %ld on HEAD", code);
		retry_or_fail(r, j);
		return;
	}
	/* The archive no longer has it, or will not say: keep the local copy. */
	j->f->size = (uint64_t)(have < 0 ? 0 : have);
	finish(r, j, SYNC_PRESENT);
}

/* The GET came back. */
static void done_get(struct run *r, struct job *j, CURLcode rc, long code)
{
	struct sync_file *f = j->f;
	if (j->write_errno) {
		close_part(j);
		snprintf(f->error, sizeof f->error, "%s.part: %s", strrchr(f->rel, '/') + 1, strerror(j->write_errno));
		finish(r, j, SYNC_FAILED);
		return;
	}
	if (j->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		close_part(j);
		unlink(j->part);
		snprintf(f->error, sizeof f->error, "larger than %llu bytes", (unsigned long long)SYNC_MAX_FILE_SIZE);
		finish(r, j, SYNC_FAILED);
		return;
	}
	if (j->range_bad) {
		/* The server answered a different range than asked: start over. */
		close_part(j);
		unlink(j->part);
		snprintf(f->error, sizeof f->error, "Content-Range does not continue the partial file");
		retry_or_fail(r, j);
		return;
	}
	if (rc == CURLE_OK && (code == 200 || code == 206)) {
		/* A 200 is the whole file, even to a Range request, and even when
		 * its body was empty and never reached on_body(). */
		if (code == 200)
			j->offset = 0;
		curl_off_t cl = -1;
		curl_easy_getinfo(j->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
		uint64_t total = j->offset + j->got;
		const char *bad = NULL;
		if (cl >= 0 && (uint64_t)cl != j->got)
			bad = "body size differs from Content-Length";
		else if (code == 206 && j->cr_total >= 0 && (uint64_t)j->cr_total != total)
			bad = "file size differs from Content-Range";
		else if (j->remote_size >= 0 && (uint64_t)j->remote_size != total)
			bad = "file size differs from the HEAD response";
		if (bad) {
			close_part(j);
			unlink(j->part);
			snprintf(f->error, sizeof f->error, "%s (%llu bytes)", bad, (unsigned long long)total);
			j->remote_size = -1;
			retry_or_fail(r, j);
			return;
		}
		if (promote(j) < 0) {
			snprintf(f->error, sizeof f->error, "%s", strerror(errno));
			finish(r, j, SYNC_FAILED);
			return;
		}
		if (code == 206 && j->offset > 0)
			f->resumed = true;
		f->size = total;
		f->error[0] = 0;
		finish(r, j, SYNC_FETCHED);
		return;
	}
	if (rc == CURLE_OK && code == 416) {
		/* Nothing past our offset: complete if the server's size is ours. */
		if (j->cr_total >= 0 && (uint64_t)j->cr_total == j->offset && j->offset > 0) {
			if (promote(j) < 0) {
				snprintf(f->error, sizeof f->error, "%s", strerror(errno));
				finish(r, j, SYNC_FAILED);
				return;
			}
			f->resumed = true;
			f->size = j->offset;
			f->error[0] = 0;
			finish(r, j, SYNC_FETCHED);
			return;
		}
		close_part(j);
		unlink(j->part);
		snprintf(f->error, sizeof f->error, "HTTP 416: partial file larger than the archive's");
		retry_or_fail(r, j);
		return;
	}
	close_part(j);
	if (rc == CURLE_OK && (code == 404 || code == 410)) {
		if (file_size(j->part) == 0)
			unlink(j->part);
		snprintf(f->error, sizeof f->error, "HTTP %ld: not in the archive", code);
		finish(r, j, SYNC_MISSING);
		return;
	}
	if (rc != CURLE_OK) {
		curl_error(j, rc);
		if (transient_curl(rc))
			retry_or_fail(r, j);
		else
			finish(r, j, SYNC_FAILED);
		return;
	}
	snprintf(f->error, sizeof f->error, "HTTP %ld", code);
	if (transient_http(code))
		retry_or_fail(r, j);
	else
		finish(r, j, SYNC_FAILED);
}

static void on_done(struct run *r, CURL *e, CURLcode rc)
{
	char *priv = NULL;
	curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
	struct job *j = (struct job *)(void *)priv;
	long code = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	curl_multi_remove_handle(r->multi, e);
	r->active--;
	j->f->attempts++;
	j->f->http_code = code;
	if (j->head)
		done_head(r, j, rc, code);
	else
		done_get(r, j, rc, code);
	curl_easy_cleanup(e);
	j->easy = NULL;
}

/* Human-readable byte count into out (>= 16 bytes). */
static void fmt_bytes(double b, char *out, size_t n)
{
	static const char *UNITS[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;
	while (b >= 1024 && u < 4)
		b /= 1024, u++;
	snprintf(out, n, u ? "%.1f %s" : "%.0f %s", b, UNITS[u]);
}

static void progress(struct run *r, bool last)
{
	int64_t now = now_ms();
	if (!last && now - r->last_progress < 500)
		return;
	r->last_progress = now;
	uint64_t bytes = 0;
	for (size_t i = 0; i < r->n; i++)
		bytes += r->jobs[i].f->bytes;
	double secs = (double)(now - r->started) / 1000.0;
	char b[32], rate[32];
	fmt_bytes((double)bytes, b, sizeof b);
	fmt_bytes(secs > 0 ? (double)bytes / secs : 0, rate, sizeof rate);
	fprintf(stderr, "\r\033[Kmanrs sync: %zu/%zu files, %s, %s/s%s", r->done, r->n, b, rate, last ? "\n" : "");
	fflush(stderr);
}

/* Starts what may start: ready retries first, then files not yet begun. */
static void fill(struct run *r)
{
	int64_t now = now_ms();
	for (size_t i = 0; i < r->nwaiting && r->active < r->o->parallel;) {
		struct job *j = r->waiting[i];
		if (j->not_before <= now) {
			r->waiting[i] = r->waiting[--r->nwaiting];
			start(r, j);
		} else {
			i++;
		}
	}
	while (r->active < r->o->parallel && r->next_fresh < r->n)
		start(r, &r->jobs[r->next_fresh++]);
}

/* Milliseconds until the next waiting job may start, at most cap. */
static int poll_timeout(struct run *r, int cap)
{
	int64_t now = now_ms(), t = cap;
	for (size_t i = 0; i < r->nwaiting; i++)
		if (r->waiting[i]->not_before - now < t)
			t = r->waiting[i]->not_before - now;
	return t < 0 ? 0 : (int)t;
}

int sync_fetch(struct sync_list *l, const char *dest, const struct sync_opts *o, struct sync_stats *st,
	       char *err, size_t errlen)
{
	memset(st, 0, sizeof *st);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl could not be initialised");
		return -1;
	}
	struct run r;
	memset(&r, 0, sizeof r);
	r.o = o;
	r.st = st;
	r.multi = curl_multi_init();
	if (!r.multi) {
		curl_global_cleanup();
		snprintf(err, errlen, "libcurl could not be initialised");
		return -1;
	}
	curl_multi_setopt(r.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->parallel);
	r.n = l->n;
	r.jobs = xcalloc(l->n ? l->n : 1, sizeof *r.jobs);
	for (size_t i = 0; i < l->n; i++) {
		struct job *j = &r.jobs[i];
		struct sync_file *f = &l->v[i];
		f->status = SYNC_PENDING;
		f->size = f->bytes = 0;
		f->attempts = 0;
		f->resumed = false;
		f->http_code = 0;
		f->error[0] = 0;
		j->f = f;
		j->remote_size = -1;
		size_t n = strlen(dest) + 1 + strlen(f->rel) + 6;
		j->final = xmalloc(n);
		snprintf(j->final, n, "%s/%s", dest, f->rel);
		j->part = xmalloc(n);
		snprintf(j->part, n, "%s/%s.part", dest, f->rel);
	}
	r.started = now_ms();
	while (r.done < r.n) {
		fill(&r);
		if (r.done == r.n)
			break;
		int running = 0;
		curl_multi_perform(r.multi, &running);
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(r.multi, &left)))
			if (m->msg == CURLMSG_DONE)
				on_done(&r, m->easy_handle, m->data.result);
		if (o->progress)
			progress(&r, false);
		if (r.done == r.n)
			break;
		fill(&r);
		curl_multi_poll(r.multi, NULL, 0, poll_timeout(&r, 200), NULL);
	}
	if (o->progress)
		progress(&r, true);
	for (size_t i = 0; i < l->n; i++)
		st->bytes += l->v[i].bytes;
	for (size_t i = 0; i < r.n; i++) {
		free(r.jobs[i].final);
		free(r.jobs[i].part);
	}
	free(r.jobs);
	free(r.waiting);
	curl_multi_cleanup(r.multi);
	curl_global_cleanup();
	return 0;
}
