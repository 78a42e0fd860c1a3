/*
 * Reference-data snapshots: which kinds exist, checking a file with its
 * module's loader before `manrs refdata load` stores it, the time a file
 * says it was made, and reading a stored snapshot back through lib/input
 * from an in-memory file.
 */
#include "observatory/snapshot.h"
#include "observatory/asnames.h"
#include "observatory/participants.h"

#include "irr/irr.h"
#include "net/text.h"
#include "refdata/bogons.h"
#include "refdata/peeringdb.h"
#include "refdata/rirstats.h"
#include "refdata/spoofer.h"
#include "rpki/aspa.h"
#include "rpki/vrp.h"
#include "topo/asrel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static const char *const KIND[OBS_KIND_COUNT] = {
	"vrp", "aspa", "irr", "asrel", "peeringdb", "delegated", "bogons", "spoofer", "asnames", "participants",
};

const char *obs_kind_name(enum obs_kind k) { return (unsigned)k < OBS_KIND_COUNT ? KIND[k] : "?"; }

int obs_kind_parse(const char *s)
{
	for (int i = 0; i < OBS_KIND_COUNT; i++)
		if (!strcmp(s, KIND[i]))
			return i;
	return -1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *s, size_t n, unsigned *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

int64_t obs_parse_time(const char *s, size_t n)
{
	unsigned y, mo, d, h = 0, mi = 0, se = 0;
	bool all = n > 0 && n <= 12;
	for (size_t i = 0; i < n && all; i++)
		all = s[i] >= '0' && s[i] <= '9';
	if (all && n != 8) {
		unsigned v;
		int64_t t = 0;
		for (size_t i = 0; i < n; i++) {
			digits(s + i, 1, &v);
			t = t * 10 + v;
		}
		return t;
	}
	if (n == 8 && digits(s, 4, &y) && digits(s + 4, 2, &mo) && digits(s + 6, 2, &d))
		goto check;
	if (n < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d))
		return -1;
	if (n > 10) {
		if ((s[10] != 'T' && s[10] != ' ') || n < 19 || !digits(s + 11, 2, &h) || s[13] != ':' ||
		    !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
			return -1;
		if (n > 19 && !(n == 20 && s[19] == 'Z'))
			return -1;
	}
check:
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

void obs_format_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The value of JSON member `key` (a string or a number) in the first
 * 64 KiB of text, as a time; -1 if absent. A scan, not a parse: the
 * loader has already parsed the whole file. */
static int64_t json_time(const char *text, size_t len, const char *key)
{
	size_t head = len < 65536 ? len : 65536;
	size_t kl = strlen(key);
	for (size_t i = 0; i + kl + 2 < head; i++) {
		if (text[i] != '"' || memcmp(text + i + 1, key, kl) != 0 || text[i + 1 + kl] != '"')
			continue;
		size_t j = i + kl + 2;
		while (j < head && (text[j] == ' ' || text[j] == '\t' || text[j] == ':' || text[j] == '\n' ||
				    text[j] == '\r'))
			j++;
		if (j < head && text[j] == '"')
			j++;
		size_t k = j;
		while (k < head && k - j < 32 && text[k] != '"' && text[k] != ',' && text[k] != '}' &&
		       text[k] != '\n')
			k++;
		return obs_parse_time(text + j, k - j);
	}
	return -1;
}

int obs_snapshot_check(enum obs_kind k, const char *name, const char *text, size_t len, uint64_t *records,
		       int64_t *meta_time, char *err, size_t errlen)
{
	*records = 0;
	*meta_time = -1;
	int rc = -1;
	switch (k) {
	case OBS_KIND_VRP:
	case OBS_KIND_ASPA: {
		struct vrp_table t;
		struct aspa_table a;
		vrp_table_init(&t);
		aspa_table_init(&a);
		struct vrp_load_opts o = { .format = VRP_FMT_AUTO, .aspa = &a };
		struct vrp_load_report rep;
		memset(&rep, 0, sizeof rep);
		if (vrp_load_mem(&t, text, len, &o, &rep) < 0)
			snprintf(err, errlen, "%s", rep.error[0] ? rep.error : "not VRP data");
		else if (k == OBS_KIND_VRP && rep.vrps == 0)
			snprintf(err, errlen, "no VRPs in it");
		else if (k == OBS_KIND_ASPA && rep.aspas == 0)
			snprintf(err, errlen, "no ASPA records in it");
		else {
			*records = k == OBS_KIND_VRP ? rep.vrps : rep.aspas;
			rc = 0;
		}
		vrp_table_free(&t);
		aspa_table_free(&a);
		*meta_time = json_time(text, len, "buildtime");
		if (*meta_time < 0)
			*meta_time = json_time(text, len, "generatedTime");
		break;
	}
	case OBS_KIND_IRR: {
		struct irr_db *db = calloc(1, sizeof *db);
		if (!db)
			abort();
		irr_db_init(db);
		struct irr_load_stats st;
		memset(&st, 0, sizeof st);
		irr_db_load_mem(db, text, len, NULL, NULL, &st);
		if (st.added == 0)
			snprintf(err, errlen, "no RPSL objects the IRR database keeps (route, route6, aut-num, sets)");
		else {
			*records = st.added;
			rc = 0;
		}
		irr_db_free(db);
		free(db);
		break;
	}
	case OBS_KIND_ASREL: {
		struct asrel *as = asrel_new();
		asrel_parse(as, name, text, len, NULL, NULL);
		asrel_finish(as);
		*records = as->n_links;
		if (as->n_links == 0)
			snprintf(err, errlen, "no AS relationships in it");
		else
			rc = 0;
		asrel_free(as);
		break;
	}
	case OBS_KIND_PEERINGDB: {
		struct peeringdb *db = pdb_new();
		int fi = pdb_parse(db, name, text, len, NULL, NULL);
		if (fi < 0 || db->files[fi].error)
			snprintf(err, errlen, "%s", fi < 0 ? "too many files" : db->files[fi].error);
		else {
			for (int t = 0; t <= PDB_NTYPES; t++)
				*records += db->files[fi].objects[t];
			if (*records == 0)
				snprintf(err, errlen, "no PeeringDB objects in it");
			else
				rc = 0;
			const char *u = db->files[fi].updated_max;
			if (*u)
				*meta_time = obs_parse_time(u, strlen(u));
		}
		pdb_free(db);
		break;
	}
	case OBS_KIND_DELEGATED: {
		struct rirstats *rs = rirstats_new();
		int fi = rirstats_parse(rs, name, text, len, NULL, NULL);
		if (fi >= 0) {
			const struct rirstats_file *f = &rs->files[fi];
			for (int t = 0; t < RIR_T_COUNT; t++)
				*records += f->records[t];
			if (f->have_header && f->serial >= 19700101 && f->serial <= 99991231) {
				char d[16];
				snprintf(d, sizeof d, "%08llu", (unsigned long long)f->serial);
				*meta_time = obs_parse_time(d, 8);
			}
		}
		if (*records == 0)
			snprintf(err, errlen, "no delegation records in it");
		else
			rc = 0;
		rirstats_free(rs);
		break;
	}
	case OBS_KIND_BOGONS: {
		struct bogons *b = bogons_new();
		struct bogons_list_report rep;
		memset(&rep, 0, sizeof rep);
		bogons_parse_list(b, text, len, bogons_add_source(b, name), &rep, NULL, NULL);
		*records = rep.prefixes;
		if (rep.prefixes == 0)
			snprintf(err, errlen, "no bogon prefixes in it");
		else
			rc = 0;
		*meta_time = rep.updated;
		bogons_free(b);
		break;
	}
	case OBS_KIND_SPOOFER: {
		struct spoofer *sp = spoofer_new();
		int fi = spoofer_parse(sp, name, text, len, NULL, NULL);
		if (fi < 0 || sp->files[fi].error || sp->files[fi].tests == 0)
			snprintf(err, errlen, "%s",
				 fi < 0 ? "too many files" : sp->files[fi].error ? sp->files[fi].error : "no Spoofer tests in it");
		else {
			*records = sp->files[fi].tests;
			*meta_time = sp->files[fi].max_time;
			rc = 0;
		}
		spoofer_free(sp);
		break;
	}
	case OBS_KIND_ASNAMES: {
		struct obs_asnames a;
		obs_asnames_init(&a);
		*records = obs_asnames_parse(&a, text, len);
		if (*records == 0)
			snprintf(err, errlen, "no AS names in it (lines 'ASN:NAME, CC')");
		else if (a.bad > *records)
			snprintf(err, errlen, "%llu of its lines are not 'ASN:NAME, CC'", (unsigned long long)a.bad);
		else
			rc = 0;
		obs_asnames_free(&a);
		break;
	}
	case OBS_KIND_PARTICIPANTS: {
		struct obs_part *p;
		size_t n;
		if (obs_participants_parse(text, len, &p, &n, err, errlen) == 0) {
			*records = n;
			rc = 0;
		}
		obs_participants_free(p, n);
		break;
	}
	default:
		snprintf(err, errlen, "unknown kind");
	}
	return rc;
}

int obs_snapshot_text(struct store *s, const struct store_snapshot *m, char **text, size_t *len, char *err,
		      size_t errlen)
{
	uint8_t *bytes;
	size_t n;
	*text = NULL;
	*len = 0;
	if (store_snapshot_bytes(s, m->id, &bytes, &n) < 0) {
		snprintf(err, errlen, "snapshot %lld (%s): cannot read: %s", (long long)m->id, m->source,
			 store_errmsg(s));
		return -1;
	}
	int fd = memfd_create("manrs-snapshot", MFD_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		free(bytes);
		return -1;
	}
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, bytes + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "memfd write: %s", strerror(errno));
			close(fd);
			free(bytes);
			return -1;
		}
		off += (size_t)w;
	}
	free(bytes);
	char path[64], e[512];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	const char *fmt;
	int rc = text_read_file(path, TEXT_MAX_FILE, text, len, &fmt, e, sizeof e);
	close(fd);
	if (rc < 0) {
		snprintf(err, errlen, "snapshot %lld (%s): %s", (long long)m->id, m->source, e);
		return -1;
	}
	return 0;
}
