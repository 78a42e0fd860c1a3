/*
 * Detector benchmark (bench/detect.sh builds it against libmanrs.a):
 *   detect_bench replay [--asrel F] FILE...   MRT files decoded into memory
 *       first, then timed through every detector on one core: route events
 *       per second, incidents by type and at suspicion >= 80 (with their
 *       lines), route-state bytes.
 *   detect_bench table PFX2AS PEERS          baseline memory for a full
 *       table: every prefix of a pyasn table as history, then announced by
 *       PEERS peers (a RIB), resident-set growth per route.
 * Reads only what it is given; writes only to stdout.
 */
#include "detect/detect.h"
#include "lib/input.h"
#include "lib/wbuf.h"
#include "mrt/mrt.h"
#include "net/text.h"
#include "refdata/bogons.h"
#include "topo/asrel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ev {
	struct mrt_elem e;
	struct mrt_record rec;
	struct bgp_attrs *a;    /* NULL for withdrawals and states */
};

static struct ev *evs;
static size_t nev, cap;

static void *grow(void *p, size_t *c, size_t need, size_t sz)
{
	if (need <= *c)
		return p;
	size_t n = *c ? *c * 2 : 1024;
	while (n < need)
		n *= 2;
	p = realloc(p, n * sz);
	if (!p)
		abort();
	*c = n;
	return p;
}

static void on_elem(const struct mrt_elem *e, void *ctx)
{
	(void)ctx;
	if (e->type == MRT_ELEM_RIB || e->safi != SAFI_UNICAST)
		if (e->type != MRT_ELEM_STATE)
			return;
	evs = grow(evs, &cap, nev + 1, sizeof *evs);
	struct ev *v = &evs[nev++];
	memset(v, 0, sizeof *v);
	v->e = *e;
	v->rec = *e->rec;
	v->rec.body = NULL;
	if (e->attrs) {
		/* Only the effective path and OTC are read by the detector. */
		v->a = calloc(1, sizeof *v->a);
		const struct bgp_path *p = &e->attrs->path;
		v->a->path.nseg = p->nseg;
		v->a->path.nasn = p->nasn;
		v->a->path.seg = malloc((p->nseg + 1) * sizeof *p->seg);
		v->a->path.asn = malloc((p->nasn + 1) * sizeof *p->asn);
		memcpy(v->a->path.seg, p->seg, p->nseg * sizeof *p->seg);
		memcpy(v->a->path.asn, p->asn, p->nasn * sizeof *p->asn);
		v->a->otc = e->attrs->otc;
	}
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);   /* one core: CPU time, not a shared machine's wall clock */
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

static unsigned n80;

static void sink(enum detect_change ch, const struct store_incident *inc, void *ctx)
{
	(void)ctx;
	if (ch != DETECT_RESOLVED)
		return;
	if (inc->suspicion >= 80) {
		n80++;
		struct wbuf w;
		wbuf_init(&w, 512);
		detect_incident_line(inc, &w);
		fwrite(w.p, 1, w.len, stdout);
		wbuf_free(&w);
	}
}

static int replay(int argc, char **argv)
{
	struct asrel *ar = NULL;
	int i = 0;
	if (argc > 1 && !strcmp(argv[0], "--asrel")) {
		char err[256];
		ar = asrel_new();
		if (asrel_load_file(ar, argv[1], NULL, NULL, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		asrel_finish(ar);
		i = 2;
	}
	for (; i < argc; i++) {
		char err[512];
		struct input *in = input_open(argv[i], err, sizeof err);
		if (!in) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		struct mrt_reader rd;
		struct mrt_decoder dec;
		mrt_reader_init(&rd, in);
		mrt_decoder_init(&dec);
		struct mrt_record rec;
		const char *reason;
		enum mrt_read_status rs;
		while ((rs = mrt_reader_next(&rd, &rec, &reason)) != MRT_READ_EOF && rs != MRT_READ_TRUNCATED)
			if (rs != MRT_READ_SKIP)
				mrt_decode(&dec, &rec, on_elem, NULL, &reason);
		mrt_decoder_free(&dec);
		mrt_reader_free(&rd);
		input_close(in);
	}
	struct bogons *b = bogons_new();
	bogons_finish(b);
	struct detect_refs refs = { .bogons = b, .asrel = ar };
	struct detector *d = detect_new(NULL, &refs, sink, NULL);
	long rss0 = rss_kb();
	double t0 = now_s();
	uint32_t last = 0;
	for (size_t k = 0; k < nev; k++) {
		evs[k].e.rec = &evs[k].rec;
		evs[k].e.attrs = evs[k].a;
		detect_elem(d, &evs[k].e, 1, "bench");
		last = evs[k].rec.ts;
	}
	detect_finish(d, last);
	double el = now_s() - t0;
	struct detect_stats st;
	detect_get_stats(d, &st);
	printf("events %zu (announce %llu, withdraw %llu) in %.2f s: %.0f events/s on one core\n", nev,
	       (unsigned long long)st.announces, (unsigned long long)st.withdraws, el, (double)nev / el);
	printf("incidents %llu:", (unsigned long long)st.opened);
	for (int t = 0; t < DT_COUNT; t++)
		printf(" %s %llu", detect_type_name((enum detect_type)t), (unsigned long long)st.per_type[t]);
	printf("\nresolved at suspicion >= 80: %u (open ones at the end are not counted here)\n", n80);
	printf("route state: %llu routes, %llu prefixes, %llu peers; %zu bytes held, RSS growth %ld KB\n",
	       (unsigned long long)st.routes, (unsigned long long)st.prefixes, (unsigned long long)st.peers,
	       st.memory, rss_kb() - rss0);
	detect_free(d);
	bogons_free(b);
	asrel_free(ar);
	return 0;
}

static int table(const char *path, unsigned peers)
{
	char *text;
	size_t len;
	char why[256];
	if (text_read_file(path, 1u << 30, &text, &len, NULL, why, sizeof why) < 0) {
		fprintf(stderr, "%s\n", why);
		return 1;
	}
	struct prefix *pf = NULL;
	uint32_t *org = NULL;
	size_t n = 0, c1 = 0, c2 = 0;
	for (char *l = text; l && *l;) {
		char *nl = strchr(l, '\n');
		if (nl)
			*nl = 0;
		char *tab = strchr(l, '\t');
		if (*l != ';' && tab) {
			*tab = 0;
			struct prefix p;
			char *end;
			unsigned long o = strtoul(tab + 1, &end, 10);
			if (prefix_parse(l, &p) == 0 && end != tab + 1) {
				pf = grow(pf, &c1, n + 1, sizeof *pf);
				org = grow(org, &c2, n + 1, sizeof *org);
				pf[n] = p;
				org[n++] = (uint32_t)o;
			}
		}
		l = nl ? nl + 1 : NULL;
	}
	free(text);
	long rss0 = rss_kb();
	struct detector *d = detect_new(NULL, NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		detect_history(d, &pf[i], org[i], 1);
	long rss1 = rss_kb();
	static struct bgp_attrs a;
	static struct bgp_seg seg = { .type = 2, .n = 3, .first = 0 };
	static uint32_t asn[3];
	a.path.seg = &seg;
	a.path.nseg = 1;
	a.path.asn = asn;
	a.path.nasn = 3;
	struct mrt_record rec = { .ts = 1000 };
	double t0 = now_s();
	for (unsigned p = 0; p < peers; p++)
		for (size_t i = 0; i < n; i++) {
			struct mrt_elem e;
			memset(&e, 0, sizeof e);
			e.rec = &rec;
			e.type = MRT_ELEM_RIB;
			e.safi = SAFI_UNICAST;
			e.peer_ip.afi = AFI_IPV4;
			e.peer_ip.b[0] = 10;
			e.peer_ip.b[3] = (uint8_t)(p + 1);
			e.peer_as = 100 + p;
			e.prefix = pf[i];
			asn[0] = 100 + p;
			asn[1] = 1000 + (uint32_t)(i % 7);
			asn[2] = org[i];
			e.attrs = &a;
			detect_elem(d, &e, 1, "bench");
		}
	double el = now_s() - t0;
	long rss2 = rss_kb();
	struct detect_stats st;
	detect_get_stats(d, &st);
	printf("history: %zu prefix-origin pairs, RSS growth %ld KB (%.1f bytes a pair)\n", n, rss1 - rss0,
	       (double)(rss1 - rss0) * 1024 / (double)n);
	printf("RIB of %u peers: %llu routes in %.2f s (%.0f/s), RSS growth %ld KB (%.1f bytes a route); total %ld KB\n",
	       peers, (unsigned long long)st.routes, el, (double)st.routes / el, rss2 - rss1,
	       (double)(rss2 - rss1) * 1024 / (double)st.routes, rss2 - rss0);
	detect_free(d);
	free(pf);
	free(org);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "replay"))
		return replay(argc - 2, argv + 2);
	if (argc == 4 && !strcmp(argv[1], "table"))
		return table(argv[2], (unsigned)atoi(argv[3]));
	fprintf(stderr, "usage: detect_bench replay [--asrel F] FILE... | detect_bench table PFX2AS PEERS\n");
	return 2;
}
