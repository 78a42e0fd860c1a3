/*
 * `manrs feedback list|accept|reject`: the auditor's side of incident
 * feedback (docs/feedback.md). Networks send feedback from the incident
 * page of `manrs serve`; here it is listed and reviewed. Every review is
 * logged by the store (store_feedback.h): nothing is deleted, and the
 * trail shows who changed what and when.
 */
#include "cmd/cmd.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "store/store_feedback.h"
#include "web/web_feedback.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
	"usage: manrs feedback list [--db FILE] [--status pending|accepted|rejected] [--incident ID] [--json]\n"
	"       manrs feedback accept ID [--db FILE] [--reviewer NAME] [--note TEXT]\n"
	"       manrs feedback reject ID [--db FILE] [--reviewer NAME] [--note TEXT]\n"
	"\n"
	"Feedback networks sent on incidents from the web Observatory's incident\n"
	"page ('manrs serve'): an incident, or a valid routing change. 'list' shows\n"
	"it with its trail; 'accept' and 'reject' record an auditor's review. An\n"
	"incident with accepted 'valid' feedback is dismissed: it no longer counts\n"
	"in the metrics. Nothing is deleted; every change of status is kept.\n"
	"\n"
	"  --db FILE          the database (default $MANRS_DB or ./manrs.db)\n"
	"  --status STATUS    list only pending, accepted or rejected feedback\n"
	"  --incident ID      list only the feedback on incident ID\n"
	"  --json             list as JSON (with the contact and the trail)\n"
	"  --reviewer NAME    who reviews (default $USER)\n"
	"  --note TEXT        why, kept with the review (at most 1000 bytes)\n"
	"\n"
	"Exit status: 0 done, 1 database unreadable, no such feedback, or the\n"
	"feedback already has that status (nothing changed), 2 usage.\n";

static void fmt_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct list_ctx {
	struct store *s;
	struct json *j;
	struct wbuf *w;
	bool failed;
};

static void opt_str(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (*v)
		web_json_text(j, v);
	else
		json_null(j);
}

static int trail_one(const struct store_feedback_event *e, void *vctx)
{
	struct list_ctx *c = vctx;
	char t[32];
	fmt_time(e->time, t);
	if (c->j) {
		json_obj_open(c->j);
		json_key(c->j, "time");
		json_str(c->j, t);
		json_key(c->j, "status");
		json_str(c->j, e->status);
		json_key(c->j, "by");
		web_json_text(c->j, e->actor);
		opt_str(c->j, "note", e->note);
		json_obj_close(c->j);
	} else {
		wbuf_printf(c->w, "\t%s %s by %s", t, e->status, e->actor);
		if (*e->note)
			wbuf_printf(c->w, ": %s", e->note);
		wbuf_putc(c->w, '\n');
	}
	return 0;
}

/* Text output is one line per feedback, tab-separated, then its trail
 * indented by a tab; newlines and tabs in the comment become spaces. */
static void put_flat(struct wbuf *w, const char *s)
{
	for (; *s; s++)
		wbuf_putc(w, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

static int list_one(const struct store_feedback *f, void *vctx)
{
	struct list_ctx *c = vctx;
	char created[32], reviewed[32] = "-";
	fmt_time(f->created, created);
	if (f->reviewed)
		fmt_time(f->reviewed, reviewed);
	if (c->j) {
		json_obj_open(c->j);
		json_key(c->j, "id");
		json_u64(c->j, (uint64_t)f->id);
		json_key(c->j, "incident");
		json_str(c->j, f->incident_id);
		json_key(c->j, "asn");
		json_u64(c->j, f->asn);
		json_key(c->j, "verdict");
		json_str(c->j, f->verdict);
		json_key(c->j, "comment");
		web_json_text(c->j, f->comment);
		opt_str(c->j, "contact", f->contact);
		json_key(c->j, "created");
		json_str(c->j, created);
		json_key(c->j, "status");
		json_str(c->j, f->status);
		opt_str(c->j, "reviewer", f->reviewer);
		json_key(c->j, "reviewed");
		if (f->reviewed)
			json_str(c->j, reviewed);
		else
			json_null(c->j);
		opt_str(c->j, "review_note", f->review_note);
		json_key(c->j, "trail");
		json_arr_open(c->j);
	} else {
		wbuf_printf(c->w, "%lld\t%s\tAS%u\t%s\t%s\t%s\t", (long long)f->id, f->incident_id, f->asn, f->verdict,
			    f->status, created);
		put_flat(c->w, f->comment);
		wbuf_putc(c->w, '\n');
	}
	if (store_feedback_trail(c->s, f->id, trail_one, c) < 0)
		c->failed = true;
	if (c->j) {
		json_arr_close(c->j);
		json_obj_close(c->j);
	}
	return c->failed;
}

/* Text a reviewer gives: not empty when required, at most max bytes, one
 * line of UTF-8 (or several for a note). */
static bool arg_ok(const char *what, const char *v, size_t max, bool multiline)
{
	if (strlen(v) > max || !web_text_ok(v, multiline)) {
		fprintf(stderr, "manrs feedback: %s: at most %zu bytes of %sUTF-8 text\n", what, max,
			multiline ? "" : "one line of ");
		return false;
	}
	return true;
}

int cmd_feedback(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },       { "status", required_argument, NULL, 's' },
		{ "incident", required_argument, NULL, 'i' }, { "json", no_argument, NULL, 'j' },
		{ "reviewer", required_argument, NULL, 'r' }, { "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },           { NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *status = NULL, *incident = NULL, *reviewer = NULL, *note = NULL;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 's': status = optarg; break;
		case 'i': incident = optarg; break;
		case 'j': json = true; break;
		case 'r': reviewer = optarg; break;
		case 'n': note = optarg; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	int nargs = argc - optind;
	const char *sub = nargs > 0 ? argv[optind] : "";
	bool list = !strcmp(sub, "list"), accept = !strcmp(sub, "accept"), reject = !strcmp(sub, "reject");
	if ((!list && !accept && !reject) || (list && nargs != 1) || ((accept || reject) && nargs != 2)) {
		fprintf(stderr, "manrs feedback: give list, accept ID or reject ID\n\n%s", USAGE);
		return EXIT_USAGE;
	}
	if (list && (reviewer || note)) {
		fprintf(stderr, "manrs feedback: --reviewer and --note go with accept and reject\n");
		return EXIT_USAGE;
	}
	if (!list && (status || incident || json)) {
		fprintf(stderr, "manrs feedback: --status, --incident and --json go with list\n");
		return EXIT_USAGE;
	}
	if (status && strcmp(status, "pending") && strcmp(status, "accepted") && strcmp(status, "rejected")) {
		fprintf(stderr, "manrs feedback: --status '%s': pending, accepted or rejected\n", status);
		return EXIT_USAGE;
	}
	if (incident && (!*incident || strlen(incident) >= STORE_INC_ID)) {
		fprintf(stderr, "manrs feedback: --incident: 1 to %d bytes\n", STORE_INC_ID - 1);
		return EXIT_USAGE;
	}
	int64_t id = 0;
	if (!list) {
		const char *v = argv[optind + 1];
		char *end;
		long long n = strtoll(v, &end, 10);
		if (!*v || *end || n <= 0 || v[0] == '-' || v[0] == '+' || v[0] == ' ') {
			fprintf(stderr, "manrs feedback: %s '%s': not a feedback id\n", sub, v);
			return EXIT_USAGE;
		}
		id = n;
		if (!reviewer)
			reviewer = getenv("USER");
		if (!reviewer || !*reviewer) {
			fprintf(stderr, "manrs feedback: %s: give --reviewer NAME ($USER is not set)\n", sub);
			return EXIT_USAGE;
		}
		if (!arg_ok("--reviewer", reviewer, STORE_FB_REVIEWER_MAX, false) ||
		    (note && !arg_ok("--note", note, STORE_FB_NOTE_MAX, true)))
			return EXIT_USAGE;
	}
	char err[1024];
	const char *path = store_path(db_opt);
	struct store *s = store_open(path, list ? STORE_READ : STORE_WRITE, err, sizeof err);
	if (!s) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	int rc = EXIT_OK;
	if (list) {
		struct wbuf w;
		struct json j;
		wbuf_init(&w, 4096);
		struct list_ctx lc = { .s = s, .j = json ? &j : NULL, .w = &w };
		if (json) {
			json_begin(&j, &w);
			json_arr_open(&j);
		}
		if (store_feedback_list(s, status, incident, list_one, &lc) < 0 || lc.failed) {
			log_error("%s: cannot read the feedback: %s", path, store_errmsg(s));
			rc = EXIT_FAIL;
		} else {
			if (json) {
				json_arr_close(&j);
				wbuf_putc(&w, '\n');
			}
			if (wbuf_flush(&w, stdout) < 0 || fflush(stdout) != 0)
				rc = EXIT_FAIL;
		}
		wbuf_free(&w);
		store_close(s);
		return rc;
	}
	const char *to = accept ? "accepted" : "rejected";
	struct store_feedback f;
	int64_t now = (int64_t)time(NULL);
	/* One write transaction: the status read is the status changed. */
	int r = store_begin(s) < 0 ? -1 : store_feedback_get(s, id, &f);
	if (r == 1 && !strcmp(f.status, to)) {
		char t[32];
		fmt_time(f.reviewed, t);
		log_error("%s: feedback %lld is already %s (by %s at %s)", path, (long long)id, to, f.reviewer, t);
		rc = EXIT_FAIL;
	} else if (r == 1)
		r = store_feedback_review(s, id, to, reviewer, note, now);
	if (rc == EXIT_OK && r > 0 && store_commit(s) < 0)
		r = -1;
	store_rollback(s);
	if (rc == EXIT_OK && r < 0) {
		log_error("%s: cannot review the feedback: %s", path, store_errmsg(s));
		rc = EXIT_FAIL;
	} else if (rc == EXIT_OK && r == 0) {
		log_error("%s: feedback %lld: no such feedback", path, (long long)id);
		rc = EXIT_FAIL;
	} else if (rc == EXIT_OK) {
		char t[32];
		fmt_time(now, t);
		printf("feedback %lld on %s: %s by %s at %s\n", (long long)id, f.incident_id, to, reviewer, t);
	}
	store_close(s);
	return rc;
}
