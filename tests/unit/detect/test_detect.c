/* Unit tests for src/detect/ (the engine, not the leak classifier or the
 * alerts): route events built by hand, each detector firing with its exact
 * type, culprit, victims, label, score rules and lifecycle; benign churn
 * (path changes, flaps, attribute-only updates, an RPKI-valid origin change
 * to a related AS) raising nothing or a low score with its reason. */
#include "test.h"
#include "detect/detect.h"
#include "lib/json.h"
#include "lib/wbuf.h"
#include "refdata/bogons.h"
#include "refdata/rirstats.h"
#include "rpki/vrp.h"
#include "store/store_incident.h"
#include "topo/asrel.h"

#include <stdlib.h>

/* What the sink heard: one line per change, and the last state of each
 * incident by id. */
struct heard {
	char log[8192];
	struct store_incident last[16];
	size_t n;
};

static void sink(enum detect_change ch, const struct store_incident *inc, void *ctx)
{
	struct heard *h = ctx;
	size_t len = strlen(h->log);
	snprintf(h->log + len, sizeof h->log - len, "%s %s %s %u %d;",
		 ch == DETECT_OPEN ? "open" : ch == DETECT_UPDATE ? "update" : "resolved", inc->type, inc->label,
		 inc->culprit, inc->suspicion);
	size_t k = 0;
	while (k < h->n && strcmp(h->last[k].id, inc->id))
		k++;
	if (k == 16)
		return;
	if (k < h->n)
		store_incident_free(&h->last[k]);
	else
		h->n++;
	/* A deep copy through the JSON-free fields the tests read. */
	struct store_incident *o = &h->last[k];
	memset(o, 0, sizeof *o);
	memcpy(o->id, inc->id, sizeof o->id);
	memcpy(o->type, inc->type, sizeof o->type);
	memcpy(o->covering, inc->covering, sizeof o->covering);
	memcpy(o->label, inc->label, sizeof o->label);
	o->has_culprit = inc->has_culprit;
	o->culprit = inc->culprit;
	o->start = inc->start;
	o->end = inc->end;
	o->peak_peers = inc->peak_peers;
	o->suspicion = inc->suspicion;
	o->leak_type = inc->leak_type;
	o->nprefixes_total = inc->nprefixes_total;
	o->victims = malloc((inc->nvictims + 1) * sizeof *o->victims);
	memcpy(o->victims, inc->victims, inc->nvictims * sizeof *o->victims);
	o->nvictims = inc->nvictims;
	o->accomplices = malloc((inc->naccomplices + 1) * sizeof *o->accomplices);
	memcpy(o->accomplices, inc->accomplices, inc->naccomplices * sizeof *o->accomplices);
	o->naccomplices = inc->naccomplices;
	o->rules = malloc((inc->nrules + 1) * sizeof *o->rules);
	memcpy(o->rules, inc->rules, inc->nrules * sizeof *o->rules);
	o->nrules = inc->nrules;
	o->tags = calloc(inc->ntags + 1, sizeof *o->tags);
	for (size_t i = 0; i < inc->ntags; i++)
		o->tags[i] = strdup(inc->tags[i]);
	o->ntags = inc->ntags;
	o->prefixes = calloc(inc->nprefixes + 1, sizeof *o->prefixes);
	for (size_t i = 0; i < inc->nprefixes; i++)
		o->prefixes[i] = strdup(inc->prefixes[i]);
	o->nprefixes = inc->nprefixes;
}

static void heard_free(struct heard *h)
{
	for (size_t i = 0; i < h->n; i++)
		store_incident_free(&h->last[i]);
}

/* "base-moas,wide,short" */
static const char *rule_names(const struct store_incident *inc)
{
	static char b[512];
	b[0] = 0;
	for (size_t i = 0; i < inc->nrules; i++) {
		size_t len = strlen(b);
		snprintf(b + len, sizeof b - len, "%s%s", i ? "," : "", inc->rules[i].name);
	}
	return b;
}

/* "newcomer prefix-length-22 ..." */
static const char *tag_list(const struct store_incident *inc)
{
	static char b[1024];
	b[0] = 0;
	for (size_t i = 0; i < inc->ntags; i++) {
		size_t len = strlen(b);
		snprintf(b + len, sizeof b - len, "%s%s", i ? " " : "", inc->tags[i]);
	}
	return b;
}

/* One announcement or withdrawal by peer (ip, as) at t; path is a
 * space-separated list ("3356 36561"), NULL for a withdrawal. */
static void ev(struct detector *d, uint32_t t, const char *ip, uint32_t peer_as, const char *prefix, const char *path,
	       bool rib)
{
	static struct bgp_attrs a;
	static struct bgp_seg seg;
	static uint32_t asn[64];
	struct mrt_record rec;
	memset(&rec, 0, sizeof rec);
	rec.ts = t;
	struct mrt_elem e;
	memset(&e, 0, sizeof e);
	e.rec = &rec;
	e.type = path ? (rib ? MRT_ELEM_RIB : MRT_ELEM_ANNOUNCE) : MRT_ELEM_WITHDRAW;
	e.safi = SAFI_UNICAST;
	ip_parse(ip, &e.peer_ip);
	e.peer_as = peer_as;
	prefix_parse(prefix, &e.prefix);
	if (path) {
		memset(&a, 0, sizeof a);
		uint32_t n = 0;
		for (const char *p = path; *p && n < 64;) {
			char *end;
			asn[n++] = (uint32_t)strtoul(p, &end, 10);
			p = end;
			while (*p == ' ')
				p++;
		}
		seg.type = 2;   /* AS_SEQUENCE */
		seg.n = n;
		seg.first = 0;
		a.path.seg = &seg;
		a.path.nseg = 1;
		a.path.asn = asn;
		a.path.nasn = n;
		e.attrs = &a;
	}
	detect_elem(d, &e, 1, "rrc00");
}

static struct prefix pfx(const char *s)
{
	struct prefix p;
	prefix_parse(s, &p);
	return p;
}

/* A detector with YouTube's /22 as history (a complete one) and the
 * built-in bogons. */
static struct detector *youtube_refs(struct heard *h, const struct detect_refs *refs)
{
	memset(h, 0, sizeof *h);
	struct detector *d = detect_new(NULL, refs, sink, h);
	struct prefix p = pfx("208.65.152.0/22");
	detect_history(d, &p, 36561, 900);
	detect_history_complete(d);
	return d;
}

static struct detector *youtube(struct heard *h, struct bogons *b, const struct vrp_table *vrp, struct asrel *ar)
{
	struct detect_refs refs = { .bogons = b, .vrp = vrp, .asrel = ar };
	return youtube_refs(h, &refs);
}

void test_detect_moas_lifecycle(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct detector *d = youtube(&h, b, NULL, NULL);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);
	ev(d, 1000, "192.0.2.2", 174, "208.65.152.0/22", "174 36561", false);
	CHECK_STR(h.log, "");
	ev(d, 1100, "192.0.2.1", 3356, "208.65.152.0/22", "3356 3491 17557", false);
	ev(d, 1110, "192.0.2.2", 174, "208.65.152.0/22", "174 3491 17557", false);
	ev(d, 1170, "192.0.2.2", 174, "208.65.152.0/22", "174 3491 17557", false);  /* tick */
	CHECK_STR(h.log, "open moas E|0|-|- 17557 70;");
	ev(d, 1200, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);       /* replaced */
	ev(d, 1300, "192.0.2.2", 174, "208.65.152.0/22", NULL, false);                /* withdrawn */
	detect_advance(d, 1599);
	/* Ended (the score drops: over within 300 s), but within the merge gap. */
	CHECK_STR(h.log, "open moas E|0|-|- 17557 70;update moas E|0|-|- 17557 50;");
	detect_advance(d, 1600);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 70;update moas E|0|-|- 17557 50;resolved moas E|0|-|- 17557 50;");
	CHECK_EQ_U(h.n, 1);
	struct store_incident *m = &h.last[0];
	CHECK(!strncmp(m->id, "moas-1100-17557-", 16));
	CHECK_EQ_U(m->start, 1100);
	CHECK_EQ_U(m->end, 1300);
	CHECK_EQ_U(m->peak_peers, 2);
	CHECK_EQ_U(m->nvictims, 1);
	CHECK_EQ_U(m->victims[0], 36561);
	CHECK_EQ_U(m->naccomplices, 1);
	CHECK_EQ_U(m->accomplices[0], 3491);
	CHECK_EQ_U(m->nprefixes, 1);
	CHECK_STR(m->prefixes[0], "208.65.152.0/22");
	CHECK_STR(rule_names(m), "base-moas,wide,short");
	/* Recurrence after the gap: a new incident, now "recurring". */
	ev(d, 5000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 3491 17557", false);
	detect_advance(d, 5060);
	CHECK_EQ_U(h.n, 2);
	CHECK_STR(rule_names(&h.last[1]), "base-moas,recurring,single-peer");
	CHECK_EQ_U(h.last[1].suspicion, 30);   /* 50 - 20, at most 30 */
	heard_free(&h);
	detect_free(d);
	bogons_free(b);
}

void test_detect_submoas_defcon(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct detector *d = youtube(&h, b, NULL, NULL);
	for (int i = 0; i < 4; i++) {
		char ip[32];
		snprintf(ip, sizeof ip, "192.0.2.%d", i + 1);
		ev(d, 1000, ip, 3356 + (uint32_t)i, "208.65.152.0/22", "3356 36561", false);
	}
	/* YouTube 2008: the /24 from AS17557 through AS3491 at 3 of 4 peers. */
	ev(d, 1100, "192.0.2.1", 3356, "208.65.153.0/24", "3356 3491 17557", false);
	ev(d, 1101, "192.0.2.2", 3357, "208.65.153.0/24", "3357 3491 17557", false);
	ev(d, 1102, "192.0.2.3", 3358, "208.65.153.0/24", "3358 3491 17557", false);
	detect_advance(d, 1200);
	CHECK_STR(h.log, "open submoas S|0|-|- 17557 80;");
	CHECK_STR(h.last[0].covering, "208.65.152.0/22");
	CHECK_EQ_U(h.last[0].victims[0], 36561);
	CHECK_EQ_U(h.last[0].accomplices[0], 3491);
	CHECK_STR(rule_names(&h.last[0]), "base-submoas,wide");
	/* YouTube's own /24 over its usual path: deaggregation, nothing. */
	ev(d, 1300, "192.0.2.4", 3359, "208.65.154.0/24", "3356 36561", false);
	/* ... but another path at the same peer: defcon (interception). */
	ev(d, 1300, "192.0.2.4", 3359, "208.65.155.0/24", "3356 6939 36561", false);
	detect_advance(d, 1400);
	CHECK_STR(h.log, "open submoas S|0|-|- 17557 80;open defcon S|-|-|- 0 10;");
	CHECK_STR(rule_names(&h.last[1]), "base-defcon,single-peer");
	CHECK_STR(h.last[1].covering, "208.65.152.0/22");
	CHECK(!h.last[1].has_culprit);
	CHECK_EQ_U(h.last[1].victims[0], 36561);
	heard_free(&h);
	detect_free(d);
	bogons_free(b);
}

void test_detect_benign_churn(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct detector *d = youtube(&h, b, NULL, NULL);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);
	ev(d, 1010, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);        /* attributes only */
	ev(d, 1020, "192.0.2.1", 3356, "208.65.152.0/22", "3356 1299 36561 36561", false); /* path change, prepend */
	ev(d, 1030, "192.0.2.1", 3356, "208.65.152.0/22", NULL, false);                /* flap */
	ev(d, 1060, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);
	ev(d, 1070, "192.0.2.2", 174, "208.65.152.0/22", "174 1299 36561", false);
	ev(d, 1080, "192.0.2.2", 174, "208.65.152.0/22", NULL, false);
	ev(d, 1090, "192.0.2.2", 174, "208.65.152.0/22", NULL, false);                 /* withdrawn twice */
	detect_finish(d, 5000);
	CHECK_STR(h.log, "");
	struct detect_stats st;
	detect_get_stats(d, &st);
	CHECK_EQ_U(st.opened, 0);
	CHECK_EQ_U(st.routes, 1);
	CHECK_EQ_U(st.announces, 5);
	CHECK_EQ_U(st.withdraws, 3);
	heard_free(&h);
	detect_free(d);
	bogons_free(b);
}

/* An origin change to the old origin's provider, RPKI-valid: low
 * suspicion, with the reasons. */
void test_detect_related_valid(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct vrp_table vrp;
	vrp_table_init(&vrp);
	struct vrp v = { .prefix = pfx("208.65.152.0/22"), .maxlen = 24, .asn = 3491 };
	vrp_table_add(&vrp, &v);
	v.asn = 36561;
	vrp_table_add(&vrp, &v);
	vrp_table_finish(&vrp);
	struct asrel *ar = asrel_new();
	static const char rel[] = "3491|36561|-1\n3356|3491|0\n";
	asrel_parse(ar, "rel", rel, sizeof rel - 1, NULL, NULL);
	asrel_finish(ar);
	struct detector *d = youtube(&h, b, &vrp, ar);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 3491 36561", false);
	ev(d, 1100, "192.0.2.1", 3356, "208.65.152.0/22", "3356 3491", false);
	detect_finish(d, 1200);
	CHECK_STR(h.log, "open moas E|0|-|- 3491 10;");   /* 50 - 20, at most 10 */
	CHECK_STR(rule_names(&h.last[0]), "base-moas,rpki-newcomer-valid,related-origins,single-peer");
	heard_free(&h);
	detect_free(d);
	asrel_free(ar);
	vrp_table_free(&vrp);
	bogons_free(b);
}

void test_detect_bogons_edge_squat(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct detector *d = youtube(&h, b, NULL, NULL);
	ev(d, 900, "192.0.2.1", 3356, "208.65.152.0/22", "3356 3491 36561", true);  /* RIB */
	detect_rib_end(d, 1, 900);
	ev(d, 1000, "192.0.2.1", 3356, "192.168.0.0/16", "3356 4837", false);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 64512 36561", false);
	detect_advance(d, 1100);
	CHECK_STR(h.log, "open bogon-prefix Q|0|-|- 4837 70;open bogon-asn E|-|-|- 3356 60;");
	ev(d, 1200, "192.0.2.1", 3356, "208.65.152.0/22", "3356 666 36561", false);  /* new link to the origin */
	ev(d, 1200, "192.0.2.1", 3356, "45.0.0.0/16", "3356 1234", false);           /* nobody's space */
	detect_advance(d, 1300);
	CHECK_STR(h.log, "open bogon-prefix Q|0|-|- 4837 70;open bogon-asn E|-|-|- 3356 60;"
			 "open edge E|1|-|- 666 10;open squat Q|0|-|- 1234 20;");
	heard_free(&h);
	detect_free(d);
	bogons_free(b);
}

/* A session going down withdraws every route it gave (RFC 4271 section 8):
 * the incident ends with it. */
void test_detect_peer_down(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct detector *d = youtube(&h, b, NULL, NULL);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.153.0/24", "3356 17557", false);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.154.0/24", "3356 17557", false);
	struct mrt_record rec = { .ts = 1500 };
	struct mrt_elem e;
	memset(&e, 0, sizeof e);
	e.rec = &rec;
	e.type = MRT_ELEM_STATE;
	ip_parse("192.0.2.1", &e.peer_ip);
	e.peer_as = 3356;
	e.old_state = 6;
	e.new_state = 1;
	detect_elem(d, &e, 1, "rrc00");
	detect_advance(d, 1800);
	CHECK_STR(h.log, "open submoas S|0|-|- 17557 40;resolved submoas S|0|-|- 17557 40;");
	CHECK_EQ_U(h.last[0].end, 1500);
	CHECK_EQ_U(h.last[0].nprefixes_total, 2);
	struct detect_stats st;
	detect_get_stats(d, &st);
	CHECK_EQ_U(st.routes, 0);
	heard_free(&h);
	detect_free(d);
	bogons_free(b);
}

/* The list object carries exactly the fields the issue names. */
void test_detect_json(void)
{
	struct store_incident inc;
	memset(&inc, 0, sizeof inc);
	snprintf(inc.id, sizeof inc.id, "submoas-1203878820-17557-0000abcd");
	snprintf(inc.type, sizeof inc.type, "submoas");
	char *pf[] = { "208.65.153.0/24" };
	inc.prefixes = pf;
	inc.nprefixes = 1;
	inc.nprefixes_total = 1;
	snprintf(inc.covering, sizeof inc.covering, "208.65.152.0/22");
	inc.has_culprit = true;
	inc.culprit = 17557;
	uint32_t vic[] = { 36561 }, acc[] = { 3491 };
	inc.victims = vic;
	inc.nvictims = 1;
	inc.accomplices = acc;
	inc.naccomplices = 1;
	inc.start = 1203878877;
	inc.end = -1;
	inc.peak_peers = 42;
	inc.peak_collectors = 1;
	inc.suspicion = 90;
	snprintf(inc.label, sizeof inc.label, "S|0|-|-");
	char *tags[] = { "rpki-no-data", "newcomer" };
	inc.tags = tags;
	inc.ntags = 2;
	struct wbuf w;
	wbuf_init(&w, 1024);
	struct json j;
	json_begin(&j, &w);
	detect_incident_json(&inc, &j);
	wbuf_putc(&w, 0);
	CHECK_STR(w.p, "{\"id\":\"submoas-1203878820-17557-0000abcd\",\"type\":\"submoas\","
			 "\"prefixes\":[\"208.65.153.0/24\"],\"prefix_count\":1,\"covering_prefix\":\"208.65.152.0/22\","
			 "\"culprit_asn\":17557,\"victim_asns\":[36561],\"accomplice_asns\":[3491],\"leak_type\":null,"
			 "\"start\":\"2008-02-24T18:47:57Z\",\"end\":null,\"duration\":null,\"peak_peers\":42,"
			 "\"peak_collectors\":1,\"suspicion\":90,\"label\":\"S|0|-|-\","
			 "\"tags\":[\"rpki-no-data\",\"newcomer\"]}");
	wbuf_free(&w);
}

/* A customer passing its provider's route to another provider (RFC 7908
 * type 1, the hairpin): a leak by that customer, through the classifier. */
void test_detect_leak(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct asrel *ar = asrel_new();
	static const char rel[] = "174|36561|-1\n174|1000|-1\n3356|1000|-1\n3356|174|0\n";
	asrel_parse(ar, "rel", rel, sizeof rel - 1, NULL, NULL);
	asrel_finish(ar);
	struct detector *d = youtube(&h, b, NULL, ar);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 174 36561", false);
	CHECK_STR(h.log, "");
	ev(d, 1100, "192.0.2.1", 3356, "208.65.152.0/22", "3356 1000 174 36561", false);
	detect_advance(d, 1200);
	CHECK_STR(h.log, "open leak E|-|-|L 1000 20;");
	CHECK_STR(rule_names(&h.last[0]), "base-leak,single-peer");
	CHECK_EQ_U(h.last[0].victims[0], 36561);
	CHECK_EQ_U(h.last[0].naccomplices, 1);
	CHECK_EQ_U(h.last[0].accomplices[0], 3356);
	CHECK_EQ_U(h.last[0].leak_type, 1);
	/* Back to the valley-free path: the leak ends. */
	ev(d, 1300, "192.0.2.1", 3356, "208.65.152.0/22", "3356 174 36561", false);
	detect_finish(d, 1400);
	CHECK_EQ_U(h.last[0].end, 1300);
	heard_free(&h);
	detect_free(d);
	asrel_free(ar);
	bogons_free(b);
}

/* ---- Exact-prefix contests (MOAS) ------------------------------------ */

/* Ten peers hold YouTube's /22 from AS36561 at T; at T + 100 two of them
 * (20%: not "wide") switch to AS17557 until T + 700, while the other
 * eight keep AS36561: the routing is split between two origins. hist2:
 * AS17557 is a long-seen second origin (multi-homing, anycast). */
#define T_2008 1203811200u
static void split_refs(struct heard *h, struct detect_refs *refs, bool hist2)
{
	struct bogons *b = bogons_new();
	refs->bogons = b;
	struct detector *d = youtube_refs(h, refs);
	if (hist2) {
		struct prefix p = pfx("208.65.152.0/22");
		detect_history(d, &p, 17557, 900);
	}
	char ip[32], path[64];
	for (uint32_t i = 0; i < 10; i++) {
		snprintf(ip, sizeof ip, "192.0.2.%u", i + 1);
		snprintf(path, sizeof path, "%u 3491 36561", 100 + i);
		ev(d, T_2008, ip, 100 + i, "208.65.152.0/22", path, false);
	}
	for (uint32_t i = 0; i < 2; i++) {
		snprintf(ip, sizeof ip, "192.0.2.%u", i + 1);
		snprintf(path, sizeof path, "%u 3491 17557", 100 + i);
		ev(d, T_2008 + 100, ip, 100 + i, "208.65.152.0/22", path, false);
	}
	detect_advance(d, T_2008 + 200);
	detect_advance(d, T_2008 + 400);   /* 300 s up, the old origin still at eight peers */
	for (uint32_t i = 0; i < 2; i++) {
		snprintf(ip, sizeof ip, "192.0.2.%u", i + 1);
		snprintf(path, sizeof path, "%u 3491 36561", 100 + i);
		ev(d, T_2008 + 700, ip, 100 + i, "208.65.152.0/22", path, false);
	}
	detect_advance(d, T_2008 + 1100);
	detect_free(d);
	bogons_free(b);
}

static void split(struct heard *h, const struct vrp_table *vrp, struct asrel *ar, bool hist2)
{
	struct detect_refs refs = { .vrp = vrp, .asrel = ar };
	split_refs(h, &refs, hist2);
}

/* A real exact-prefix hijack by an unrelated AS, seen by a fifth of the
 * peers (mrt-synth seed 23: 4 of 20): 50 + 10 at first, then "contested"
 * (+20) once the old origin has kept the other peers for short_seconds. */
void test_detect_moas_contested(void)
{
	struct heard h;
	struct asrel *ar = asrel_new();
	static const char rel[] = "3491|36561|-1\n3491|17557|-1\n";
	asrel_parse(ar, "rel", rel, sizeof rel - 1, NULL, NULL);
	asrel_finish(ar);
	split(&h, NULL, ar, false);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 60;update moas E|0|-|- 17557 80;resolved moas E|0|-|- 17557 80;");
	CHECK_EQ_U(h.n, 1);
	CHECK_STR(rule_names(&h.last[0]), "base-moas,unrelated-origins,contested");
	CHECK_STR(tag_list(&h.last[0]), "rpki-no-data irr-no-data rel-none contested newcomer prefix-length-22 "
					"peers-2-of-10 collectors-1 duration-600s");
	heard_free(&h);
	asrel_free(ar);
}

/* The same split routing, benign: the new origin is the old one's
 * provider (cap 20), its peer (-20), RPKI-valid (cap 10), or a second
 * origin long seen (multi-homing, anycast: no incident at all). */
void test_detect_moas_contested_benign(void)
{
	struct heard h;
	struct asrel *ar = asrel_new();
	static const char rel[] = "17557|36561|-1\n";
	asrel_parse(ar, "rel", rel, sizeof rel - 1, NULL, NULL);
	asrel_finish(ar);
	split(&h, NULL, ar, false);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 20;resolved moas E|0|-|- 17557 20;");
	CHECK_STR(rule_names(&h.last[0]), "base-moas,related-origins,contested");
	heard_free(&h);
	asrel_free(ar);

	ar = asrel_new();
	static const char peer[] = "17557|36561|0\n";
	asrel_parse(ar, "rel", peer, sizeof peer - 1, NULL, NULL);
	asrel_finish(ar);
	split(&h, NULL, ar, false);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 30;update moas E|0|-|- 17557 50;resolved moas E|0|-|- 17557 50;");
	CHECK_STR(rule_names(&h.last[0]), "base-moas,peer-origins,contested");
	heard_free(&h);
	asrel_free(ar);

	struct vrp_table vrp;
	vrp_table_init(&vrp);
	struct vrp v = { .prefix = pfx("208.65.152.0/22"), .maxlen = 22, .asn = 17557 };
	vrp_table_add(&vrp, &v);
	vrp_table_finish(&vrp);
	split(&h, &vrp, NULL, false);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 10;resolved moas E|0|-|- 17557 10;");
	CHECK_STR(rule_names(&h.last[0]), "base-moas,rpki-newcomer-valid,contested");
	heard_free(&h);
	vrp_table_free(&vrp);

	split(&h, NULL, NULL, true);
	CHECK_STR(h.log, "");
	heard_free(&h);
}

/* A sub-MOAS under the culprit's MOAS of the same prefix is one incident
 * (the MOAS, tagged includes-more-specifics), and the other way round
 * (the sub-MOAS, tagged includes-covering-prefix). */
void test_detect_submoas_folded(void)
{
	struct heard h;
	struct bogons *b = bogons_new();
	struct detector *d = youtube(&h, b, NULL, NULL);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);
	ev(d, 1000, "192.0.2.2", 174, "208.65.152.0/22", "174 36561", false);
	ev(d, 1100, "192.0.2.1", 3356, "208.65.152.0/22", "3356 3491 17557", false);
	ev(d, 1110, "192.0.2.2", 174, "208.65.153.0/24", "174 3491 17557", false);
	ev(d, 1120, "192.0.2.2", 174, "208.65.154.0/23", "174 3491 17557", false);
	detect_finish(d, 1200);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 70;");
	CHECK_EQ_U(h.n, 1);
	CHECK_EQ_U(h.last[0].nprefixes_total, 3);
	CHECK_STR(h.last[0].prefixes[1], "208.65.153.0/24");
	CHECK(strstr(tag_list(&h.last[0]), " includes-more-specifics ") != NULL);
	heard_free(&h);
	detect_free(d);

	d = youtube(&h, b, NULL, NULL);
	ev(d, 1000, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);
	ev(d, 1000, "192.0.2.2", 174, "208.65.152.0/22", "174 36561", false);
	ev(d, 1100, "192.0.2.1", 3356, "208.65.153.0/24", "3356 3491 17557", false);
	ev(d, 1110, "192.0.2.2", 174, "208.65.152.0/22", "174 3491 17557", false);
	detect_finish(d, 1200);
	CHECK_STR(h.log, "open submoas S|0|-|- 17557 80;");
	CHECK_EQ_U(h.n, 1);
	CHECK_EQ_U(h.last[0].nprefixes_total, 2);
	CHECK_STR(h.last[0].covering, "208.65.152.0/22");
	CHECK(strstr(tag_list(&h.last[0]), " includes-covering-prefix ") != NULL);
	heard_free(&h);
	detect_free(d);
	bogons_free(b);
}

/* ---- Stale reference data -------------------------------------------- */

/* An administrative bogon (space a delegated file lists as available)
 * seen by 3 of 4 peers at T: 60 + 20. With delegated stats 268 days older
 * than the event, the space may have been delegated since: at most 50. */
static void stale_bogon(struct heard *h, const struct detect_config *c, int64_t alloc_time)
{
	struct bogons *b = bogons_new();
	struct prefix p = pfx("196.50.21.0/24");
	bogons_add_admin_prefix(b, &p, bogons_add_source(b, "delegated-afrinic"), RIR_ST_AVAILABLE, 0);
	bogons_finish(b);
	memset(h, 0, sizeof *h);
	struct detect_refs refs = { .bogons = b, .alloc_time = alloc_time };
	struct detector *d = detect_new(c, &refs, sink, h);
	struct prefix y = pfx("208.65.152.0/22");
	detect_history(d, &y, 36561, 900);
	detect_history_complete(d);
	ev(d, T_2008, "192.0.2.4", 1299, "208.65.152.0/22", "1299 36561", false);
	ev(d, T_2008, "192.0.2.1", 3356, "196.50.21.0/24", "3356 37100", false);
	ev(d, T_2008, "192.0.2.2", 174, "196.50.21.0/24", "174 37100", false);
	ev(d, T_2008, "192.0.2.3", 2914, "196.50.21.0/24", "2914 37100", false);
	detect_finish(d, T_2008 + 100);
	detect_free(d);
	bogons_free(b);
}

void test_detect_refdata_stale(void)
{
	struct heard h;
	stale_bogon(&h, NULL, T_2008 - 268 * 86400);
	CHECK_STR(h.log, "open bogon-prefix Q|0|-|- 37100 50;");
	CHECK_STR(rule_names(&h.last[0]), "base-bogon-administrative,wide,refdata-stale");
	CHECK_STR(h.last[0].rules[2].reason, "the delegated stats or bogon list are 268 days older than the event "
					     "(limit 90): space delegated since looks unallocated");
	CHECK_STR(tag_list(&h.last[0]), "prefix-length-24 peers-3-of-4 collectors-1 ongoing bogon-administrative "
					"refdata-stale-delegated-268d");
	heard_free(&h);
	/* 80 days old: within the limit. */
	stale_bogon(&h, NULL, T_2008 - 80 * 86400);
	CHECK_STR(h.log, "open bogon-prefix Q|0|-|- 37100 80;");
	CHECK_STR(rule_names(&h.last[0]), "base-bogon-administrative,wide");
	heard_free(&h);
	/* refdata_max_age 0: never stale; a smaller cap. */
	struct detect_config c;
	detect_config_defaults(&c);
	c.refdata_max_age = 0;
	stale_bogon(&h, &c, T_2008 - 268 * 86400);
	CHECK_STR(h.log, "open bogon-prefix Q|0|-|- 37100 80;");
	heard_free(&h);
	c.refdata_max_age = 200;
	c.refdata_stale_cap = 30;
	stale_bogon(&h, &c, T_2008 - 268 * 86400);
	CHECK_STR(h.log, "open bogon-prefix Q|0|-|- 37100 30;");
	heard_free(&h);
	/* No snapshot time known: never stale. */
	stale_bogon(&h, NULL, 0);
	CHECK_STR(h.log, "open bogon-prefix Q|0|-|- 37100 80;");
	heard_free(&h);

	/* A VRP set 400 days older than the event: the RPKI-invalid rule
	 * (+30) does not count; the rest does. */
	struct vrp_table vrp;
	vrp_table_init(&vrp);
	struct vrp v = { .prefix = pfx("208.65.152.0/22"), .maxlen = 22, .asn = 36561 };
	vrp_table_add(&vrp, &v);
	vrp_table_finish(&vrp);
	for (int stale = 0; stale < 2; stale++) {
		struct bogons *b = bogons_new();
		memset(&h, 0, sizeof h);
		struct detect_refs refs = { .bogons = b, .vrp = &vrp,
					    .vrp_time = (int64_t)T_2008 - (stale ? 400 : 30) * 86400 };
		struct detector *d = detect_new(NULL, &refs, sink, &h);
		struct prefix y = pfx("208.65.152.0/22");
		detect_history(d, &y, 36561, 900);
		detect_history_complete(d);
		ev(d, T_2008, "192.0.2.1", 3356, "208.65.152.0/22", "3356 36561", false);
		ev(d, T_2008, "192.0.2.2", 174, "208.65.152.0/22", "174 36561", false);
		ev(d, T_2008 + 10, "192.0.2.1", 3356, "208.65.152.0/22", "3356 17557", false);
		detect_finish(d, T_2008 + 100);
		if (stale) {
			CHECK_STR(h.log, "open moas E|0|-|- 17557 30;");
			CHECK_STR(rule_names(&h.last[0]),
				  "base-moas,rpki-newcomer-invalid-oldcomer-valid,single-peer,refdata-stale");
			CHECK_EQ_U(h.last[0].rules[1].delta, 0);
			CHECK_STR(h.last[0].rules[3].reason,
				  "reference data older than the event (VRPs 400 d, limits 90 d, relationships 365 d): "
				  "1 rule(s) resting on it not counted");
			CHECK(strstr(tag_list(&h.last[0]), "refdata-stale-vrp-400d") != NULL);
		} else {
			CHECK_STR(h.log, "open moas E|0|-|- 17557 60;");
			CHECK_STR(rule_names(&h.last[0]), "base-moas,rpki-newcomer-invalid-oldcomer-valid,single-peer");
		}
		heard_free(&h);
		detect_free(d);
		bogons_free(b);
	}
	vrp_table_free(&vrp);
}

/* ---- IPv6 squatting --------------------------------------------------- */

/* IPv6 space nobody announced is squatting once the history holds an IPv6
 * table (squat_ipv6_min_prefixes prefixes); with less, it is learned. */
void test_detect_squat_ipv6(void)
{
	for (uint32_t min = 2; min <= 3; min++) {
		struct heard h;
		memset(&h, 0, sizeof h);
		struct bogons *b = bogons_new();
		struct detect_config c;
		detect_config_defaults(&c);
		c.squat_ipv6_min_prefixes = min;
		struct detect_refs refs = { .bogons = b };
		struct detector *d = detect_new(&c, &refs, sink, &h);
		struct prefix p = pfx("2a00:1450::/32");
		detect_history(d, &p, 15169, 900);
		p = pfx("2a03:2880::/32");
		detect_history(d, &p, 32934, 900);
		p = pfx("208.65.152.0/22");
		detect_history(d, &p, 36561, 900);
		detect_history_complete(d);
		ev(d, 1000, "2001:db8::1", 3356, "2a0b:4000::/32", "3356 1234", false);          /* nobody's */
		ev(d, 1000, "2001:db8::1", 3356, "2a00:1450:4000::/37", "3356 15169", false);   /* its own space */
		detect_finish(d, 1100);
		if (min == 2) {
			CHECK_STR(h.log, "open squat Q|0|-|- 1234 20;");
			CHECK_STR(rule_names(&h.last[0]), "base-squat,single-peer");
			CHECK_STR(h.last[0].prefixes[0], "2a0b:4000::/32");
		} else {
			CHECK_STR(h.log, "");
		}
		heard_free(&h);
		detect_free(d);
		bogons_free(b);
	}
}

/* ---- Siblings by registered AS name ------------------------------------ */

/* AS names as an asnames snapshot gives them (ctx: which table). */
static const char *names(const void *ctx, uint32_t asn, const char **cc)
{
	*cc = "US";
	if (asn == 36561)
		return "AS-PAETEC-NET";
	if (asn == 17557)
		return *(const int *)ctx ? "AS-PAETEC-NET" : "-Reserved AS-";
	return "";
}

/* The split routing of test_detect_moas_contested, but the two origins
 * are registered under one name (PAETEC's AS1785 and AS15270 on the
 * background half-day): siblings, at most 20. Placeholder names
 * ("-Reserved AS-") or unknown ones are not a holder. */
void test_detect_sibling_names(void)
{
	struct heard h;
	int same = 1;
	struct detect_refs refs = { .as_name = names, .as_name_ctx = &same };
	split_refs(&h, &refs, false);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 20;resolved moas E|0|-|- 17557 20;");
	CHECK_STR(rule_names(&h.last[0]), "base-moas,sibling-origins,contested");
	CHECK_STR(h.last[0].rules[1].reason, "the new and old origins are registered under one AS name (AS-PAETEC-NET): "
					     "one holder's ASes, a renumbering or migration");
	CHECK(strstr(tag_list(&h.last[0]), "rel-newcomer-same-as-name") != NULL);
	heard_free(&h);
	same = 0;
	split_refs(&h, &refs, false);
	CHECK_STR(h.log, "open moas E|0|-|- 17557 50;update moas E|0|-|- 17557 70;resolved moas E|0|-|- 17557 70;");
	CHECK_STR(rule_names(&h.last[0]), "base-moas,contested");
	heard_free(&h);
}
