/*
 * sync: the public MRT archives of RIPE RIS and RouteViews, by their
 * directory layouts. sync_layout.c turns collectors and a time range into
 * the list of files the archives publish (pure, no I/O); sync_fetch.c
 * downloads such a list with libcurl (the only file of the project that
 * includes curl.h). Layouts and periods are documented in docs/sync.md.
 */
#ifndef MANRS_SYNC_SYNC_H
#define MANRS_SYNC_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Default archive roots (docs/sync.md says where they come from). */
#define SYNC_RIS_BASE "https://data.ris.ripe.net"
#define SYNC_ROUTEVIEWS_BASE "https://archive.routeviews.org"

/* Nominal periods of each file type, in seconds, aligned to midnight UTC. */
#define SYNC_RIS_RIB_PERIOD (8 * 3600)
#define SYNC_RIS_UPDATES_PERIOD 300
#define SYNC_RV_RIB_PERIOD (2 * 3600)
#define SYNC_RV_UPDATES_PERIOD 900

/* Caps: a collector name, a base URL, and the files one run may list (a
 * year of RIS updates for one collector is 105,120 files). */
#define SYNC_MAX_NAME 48
#define SYNC_MAX_BASE 512
#define SYNC_MAX_FILES 500000u
/* Largest file accepted from a server, so a broken or hostile one cannot
 * fill the disk: the largest real files (full-table RIS bviews of the
 * multi-hop collectors) are well under 1 GiB. */
#define SYNC_MAX_FILE_SIZE (8ull << 30)

enum sync_project { SYNC_RIS, SYNC_ROUTEVIEWS };
enum sync_kind { SYNC_RIB, SYNC_UPDATES };

struct sync_collector {
	char name[SYNC_MAX_NAME];   /* "rrc00", "route-views2", "route-views.amsix" */
	enum sync_project project;
};

/* What became of one file. */
enum sync_status {
	SYNC_PENDING,
	SYNC_FETCHED,   /* downloaded, size verified, renamed into place */
	SYNC_PRESENT,   /* already there with the size the server gives */
	SYNC_MISSING,   /* the archive does not have it (HTTP 404 or 410) */
	SYNC_FAILED,    /* gave up: retries exhausted or a permanent error */
};

struct sync_file {
	char *url;            /* owned */
	char *rel;            /* path under the destination directory; owned */
	int64_t time;         /* nominal start time, Unix seconds */
	enum sync_kind kind;
	/* Filled by sync_fetch(). */
	enum sync_status status;
	uint64_t size;        /* bytes of the final file */
	uint64_t bytes;       /* bytes received over the network for it */
	unsigned attempts;    /* requests made (HEAD and GET) */
	bool resumed;         /* a Range request continued a partial file */
	long http_code;       /* last HTTP status, 0 if none */
	char error[96];       /* why it failed or is missing, "" otherwise */
};

struct sync_list {
	struct sync_file *v;
	size_t n, cap;
};

/*
 * Parses a collector name: "rrcNN" (two digits) is RIPE RIS; "route-views"
 * followed by a digit or a dot and a name ("route-views2",
 * "route-views.amsix") is RouteViews. Returns 0, or -1 with a static
 * reason.
 */
int sync_collector_parse(const char *name, struct sync_collector *c, const char **reason);

/*
 * Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (UTC) strictly: exact digit
 * counts, a real calendar date (leap years counted), hours 0-23, minutes
 * 0-59, nothing after. Returns 0 and Unix seconds, or -1.
 */
int sync_parse_date(const char *s, int64_t *t);

/*
 * Appends to `out` every file `c` publishes with a nominal time in
 * [from, to): RIBs, and updates unless rib_only, in time order (a RIB
 * before the updates file of the same time). `base` is the archive root
 * for c's project, without a trailing slash. The relative path keeps the
 * archive's layout under a first directory named after the collector
 * (route-views2, which the archive keeps at its root, gets one too).
 * Returns 0, or -1 (nothing added) if the list would pass SYNC_MAX_FILES.
 */
int sync_layout_files(const struct sync_collector *c, const char *base, int64_t from, int64_t to, bool rib_only,
		      struct sync_list *out);

void sync_list_init(struct sync_list *l);
void sync_list_free(struct sync_list *l);

const char *sync_status_name(enum sync_status s);

/*
 * Parses a Content-Range header value (RFC 9110 section 14.4): "bytes
 * FIRST-LAST/TOTAL" (TOTAL may be "*") or the unsatisfied-range form with
 * "*" for FIRST-LAST. Returns 0 with *first (-1 for "*") and *total (-1
 * for "*"), or -1 if the value is malformed (LAST before FIRST, LAST not
 * below TOTAL, over 18 digits, trailing text).
 */
int sync_content_range(const char *p, size_t n, int64_t *first, int64_t *total);

/* Fetch settings; sync_opts_default() fills in the defaults. */
struct sync_opts {
	unsigned parallel;          /* transfers at once (1..64) */
	unsigned retries;           /* retries after the first attempt */
	unsigned retry_delay_ms;    /* first back-off; doubles each retry */
	unsigned retry_max_ms;      /* back-off cap */
	unsigned connect_timeout;   /* seconds */
	unsigned stall_timeout;     /* seconds below 1 byte/s before giving up */
	bool trust_existing;        /* a final file present is done, no HEAD */
	bool progress;              /* a progress line on stderr (a terminal) */
	const char *user_agent;
};

void sync_opts_default(struct sync_opts *o);

/* Totals of a run. */
struct sync_stats {
	size_t fetched, present, missing, failed;
	uint64_t bytes;       /* received over the network */
	uint64_t retries;     /* attempts beyond the first, over all files */
	size_t resumed;       /* files continued with a Range request */
};

/*
 * Makes every file of `l` present under `dest` (which must exist): each is
 * downloaded to "<rel>.part" (continued with a Range request if a partial
 * file is there), checked against the sizes the server gives, fsync'ed and
 * renamed to "<rel>", so no half-written file ever has its final name.
 * Transient errors (5xx, 408, 429, timeouts, connection errors, a size
 * mismatch) are retried with exponential back-off; 404 and 410 mark the
 * file missing. Fills each file's result fields and *st. Returns 0 when the
 * run went through (whatever the per-file outcomes), -1 if libcurl could
 * not be set up (message in err).
 */
int sync_fetch(struct sync_list *l, const char *dest, const struct sync_opts *o, struct sync_stats *st,
	       char *err, size_t errlen);

#endif
