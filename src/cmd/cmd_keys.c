/*
 * `manrs keys add|list|revoke`: the API keys `manrs serve --members-only`
 * accepts (web/web_keys.c makes and checks them; the store keeps only a
 * salted hash, store_web.h).
 */
#include "cmd/cmd.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "store/store_web.h"
#include "web/web.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
	"usage: manrs keys add NAME [--db FILE]\n"
	"       manrs keys list [--db FILE] [--json]\n"
	"       manrs keys revoke ID [--db FILE]\n"
	"\n"
	"API keys for 'manrs serve --members-only' (Authorization: Bearer KEY).\n"
	"'add' prints the new key once: only a salted SHA-256 of it is stored.\n"
	"'list' shows id, key id, name, creation and revocation times; 'revoke'\n"
	"makes a key stop working at once.\n"
	"\n"
	"  --db FILE  the database (default $MANRS_DB or ./manrs.db)\n"
	"  --json     list as JSON\n"
	"\n"
	"Exit status: 0 done, 1 database unreadable or no such key, 2 usage.\n";

static void fmt_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct list_ctx {
	struct json *j;
	struct wbuf *w;
};

static int list_one(const struct store_key *k, void *vctx)
{
	struct list_ctx *c = vctx;
	char created[32], revoked[32] = "-";
	fmt_time(k->created_at, created);
	if (k->revoked_at)
		fmt_time(k->revoked_at, revoked);
	if (c->j) {
		json_obj_open(c->j);
		json_key(c->j, "id");
		json_u64(c->j, (uint64_t)k->id);
		json_key(c->j, "key_id");
		json_str(c->j, k->key_id);
		json_key(c->j, "name");
		json_str(c->j, k->name);
		json_key(c->j, "created");
		json_str(c->j, created);
		json_key(c->j, "revoked");
		if (k->revoked_at)
			json_str(c->j, revoked);
		else
			json_null(c->j);
		json_obj_close(c->j);
	} else
		wbuf_printf(c->w, "%lld\tmk_%s_...\t%s\t%s\t%s\n", (long long)k->id, k->key_id, k->name, created, revoked);
	return 0;
}

int cmd_keys(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'j': json = true; break;
		case 'h': fputs(USAGE, stdout); return EXIT_OK;
		default: fputs(USAGE, stderr); return EXIT_USAGE;
		}
	}
	int nargs = argc - optind;
	const char *sub = nargs > 0 ? argv[optind] : "";
	bool add = !strcmp(sub, "add"), list = !strcmp(sub, "list"), revoke = !strcmp(sub, "revoke");
	if ((!add && !list && !revoke) || (list && nargs != 1) || ((add || revoke) && nargs != 2)) {
		fprintf(stderr, "manrs keys: give add NAME, list or revoke ID\n\n%s", USAGE);
		return EXIT_USAGE;
	}
	int64_t id = 0;
	if (revoke) {
		char *end;
		long long v = strtoll(argv[optind + 1], &end, 10);
		if (*end || v <= 0 || argv[optind + 1][0] == '-') {
			fprintf(stderr, "manrs keys: revoke '%s': not a key id\n", argv[optind + 1]);
			return EXIT_USAGE;
		}
		id = v;
	}
	if (add && (!*argv[optind + 1] || strlen(argv[optind + 1]) >= STORE_KEY_NAME_MAX)) {
		fprintf(stderr, "manrs keys: add: the name must be 1 to %d bytes\n", STORE_KEY_NAME_MAX - 1);
		return EXIT_USAGE;
	}
	char err[1024];
	const char *path = store_path(db_opt);
	struct store *s = store_open(path, STORE_WRITE, err, sizeof err);
	if (!s) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	int rc = EXIT_OK;
	if (add) {
		char key[WEB_KEY_LEN];
		int64_t kid = web_key_create(s, argv[optind + 1], key);
		if (kid < 0) {
			log_error("%s: cannot add the key: %s", path, store_errmsg(s));
			rc = EXIT_FAIL;
		} else
			printf("%lld\t%s\n", (long long)kid, key);
	} else if (revoke) {
		int r = store_key_revoke(s, id, (int64_t)time(NULL));
		if (r < 0) {
			log_error("%s: %s", path, store_errmsg(s));
			rc = EXIT_FAIL;
		} else if (r == 0) {
			log_error("%s: key %lld: no such key, or already revoked", path, (long long)id);
			rc = EXIT_FAIL;
		}
	} else {
		struct wbuf w;
		struct json j;
		wbuf_init(&w, 4096);
		struct list_ctx lc = { .j = json ? &j : NULL, .w = &w };
		if (json) {
			json_begin(&j, &w);
			json_arr_open(&j);
		}
		if (store_keys(s, list_one, &lc) < 0) {
			log_error("%s: %s", path, store_errmsg(s));
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
	}
	store_close(s);
	return rc;
}
