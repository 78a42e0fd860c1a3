/* Unit tests for src/rib/: the intervals reported on announce, origin
 * change, withdrawal, peer down, RIB dumps, end-of-run closing; deletion
 * against a plain reference model under random operations; and the memory
 * a route costs. */
#include "test.h"
#include "rib/rib.h"
#include "rib/rib_obs.h"

#include <stdlib.h>

struct log {
	char text[4096];
	unsigned n;
};

static void on_interval(void *ctx, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t start, uint32_t end)
{
	struct log *l = ctx;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof l->text - len, "%u/%u/%u:%u-%u;", peer, prefix, origin, start, end);
	l->n++;
}

static struct prefix pfx(const char *s)
{
	struct prefix p;
	prefix_parse(s, &p);
	return p;
}

void test_rib_announce_withdraw(void)
{
	struct log l = { "", 0 };
	struct rib *r = rib_new(on_interval, &l);
	struct ip_addr a, b;
	ip_parse("192.0.2.1", &a);
	ip_parse("2001:db8::1", &b);
	uint32_t p0 = rib_peer_id(r, 1, &a, 64500);
	uint32_t p1 = rib_peer_id(r, 1, &b, 64500);
	CHECK_EQ_U(p0, 0);
	CHECK_EQ_U(p1, 1);
	CHECK_EQ_U(rib_peer_id(r, 2, &a, 64500), 2);   /* another collector: another peer */
	CHECK_EQ_U(rib_peer_id(r, 1, &a, 64500), 0);
	struct prefix x = pfx("10.0.0.0/8"), y = pfx("10.1.0.0/16");
	uint32_t px = rib_prefix_id(r, &x), py = rib_prefix_id(r, &y);
	CHECK_EQ_U(px, 0);
	CHECK_EQ_U(py, 1);
	struct prefix xm = pfx("10.9.9.9/8");                /* masked: the same prefix */
	CHECK_EQ_U(rib_prefix_id(r, &xm), 0);
	CHECK_EQ_U(rib_nprefixes(r), 2);

	rib_announce(r, p0, px, 64496, 100);
	rib_announce(r, p0, px, 64496, 150);   /* same origin: goes on */
	rib_announce(r, p1, px, 64496, 120);
	rib_announce(r, p0, py, 64497, 130);
	CHECK_EQ_U(rib_nroutes(r), 3);
	CHECK_STR(l.text, "");
	rib_announce(r, p0, px, 64499, 200);   /* origin change */
	CHECK_STR(l.text, "0/0/64496:100-200;");
	uint32_t o, since;
	CHECK(rib_lookup(r, p0, px, &o, &since));
	CHECK_EQ_U(o, 64499);
	CHECK_EQ_U(since, 200);
	rib_withdraw(r, p0, px, 260);
	rib_withdraw(r, p0, px, 270);          /* nothing left to withdraw */
	CHECK_STR(l.text, "0/0/64496:100-200;0/0/64499:200-260;");
	CHECK(!rib_lookup(r, p0, px, &o, &since));
	CHECK_EQ_U(rib_nroutes(r), 2);
	/* A withdrawal dated before the announcement counts 0 seconds. */
	rib_withdraw(r, p0, py, 90);
	CHECK_STR(l.text, "0/0/64496:100-200;0/0/64499:200-260;0/1/64497:130-130;");
	rib_free(r);
}

void test_rib_peer_down_dump(void)
{
	struct log l = { "", 0 };
	struct rib *r = rib_new(on_interval, &l);
	struct ip_addr a, b, c;
	ip_parse("192.0.2.1", &a);
	ip_parse("192.0.2.2", &b);
	ip_parse("198.51.100.1", &c);
	uint32_t p0 = rib_peer_id(r, 7, &a, 1), p1 = rib_peer_id(r, 7, &b, 2), p2 = rib_peer_id(r, 8, &c, 3);
	struct prefix pa = pfx("192.168.0.0/16"), pb = pfx("172.16.0.0/12"), pc = pfx("2001:db8::/32");
	uint32_t x = rib_prefix_id(r, &pa), y = rib_prefix_id(r, &pb), z = rib_prefix_id(r, &pc);
	rib_announce(r, p0, x, 10, 1000);
	rib_announce(r, p0, y, 11, 1001);
	rib_announce(r, p1, x, 10, 1002);
	rib_announce(r, p2, z, 12, 1003);
	rib_peer_down(r, p0, 2000);
	CHECK_EQ_U(l.n, 2);
	CHECK(strstr(l.text, "0/0/10:1000-2000;") != NULL);
	CHECK(strstr(l.text, "0/1/11:1001-2000;") != NULL);
	CHECK_EQ_U(rib_nroutes(r), 2);
	rib_peer_down(r, p0, 2100);            /* already down */
	CHECK_EQ_U(l.n, 2);

	/* A dump of collector 7 lists p0's route to y and p1's to x with a
	 * new origin; p1 keeps nothing else, p2 (collector 8) is untouched. */
	l.text[0] = 0;
	l.n = 0;
	rib_announce(r, p1, y, 11, 2500);
	rib_entry(r, p0, y, 11, 3000);
	rib_entry(r, p1, x, 13, 3000);
	rib_dump_end(r, 7, 3001);
	CHECK_STR(l.text, "1/0/10:1002-3000;1/1/11:2500-3001;");
	CHECK_EQ_U(rib_nroutes(r), 3);
	uint32_t o, since;
	CHECK(rib_lookup(r, p0, y, &o, &since) && o == 11 && since == 3000);
	CHECK(rib_lookup(r, p2, z, &o, &since) && o == 12 && since == 1003);
	/* Marks were cleared: a second, empty dump of 7 ends both routes. */
	l.text[0] = 0;
	rib_dump_end(r, 7, 4000);
	CHECK(strstr(l.text, "0/1/11:3000-4000;") != NULL);
	CHECK(strstr(l.text, "1/0/13:3000-4000;") != NULL);
	CHECK_EQ_U(rib_nroutes(r), 1);

	/* End of run: reported and continued from t; advance skips time. */
	l.text[0] = 0;
	rib_close_all(r, 5000);
	CHECK_STR(l.text, "2/2/12:1003-5000;");
	CHECK(rib_lookup(r, p2, z, &o, &since) && since == 5000);
	rib_advance(r, 6000);
	rib_advance(r, 5500);
	CHECK(rib_lookup(r, p2, z, &o, &since) && since == 6000);
	l.text[0] = 0;
	rib_withdraw(r, p2, z, 6500);
	CHECK_STR(l.text, "2/2/12:6000-6500;");
	rib_free(r);
}

/* Random announcements, withdrawals and dumps on 3 peers and 3000
 * prefixes, against an array model; every route's origin and start, and
 * the total reported duration, must agree. */
void test_rib_random_model(void)
{
	enum { NP = 3, NX = 3000 };
	static uint32_t m_origin[NP][NX], m_since[NP][NX];
	static bool m_marked[NP][NX];
	memset(m_origin, 0, sizeof m_origin);
	struct rib *r = rib_new(NULL, NULL);
	struct ip_addr a;
	ip_parse("192.0.2.1", &a);
	for (uint32_t k = 0; k < NP; k++)
		rib_peer_id(r, 1, &a, k + 1);
	for (uint32_t i = 0; i < NX; i++) {
		struct prefix p = { .afi = AFI_IPV4, .len = 24 };
		p.b[0] = 10;
		p.b[1] = (uint8_t)(i >> 8);
		p.b[2] = (uint8_t)i;
		CHECK_EQ_U(rib_prefix_id(r, &p), i);
	}
	uint64_t seed = 42;
	uint64_t model_routes = 0;
	for (uint32_t step = 0; step < 200000; step++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint32_t v = (uint32_t)(seed >> 33);
		uint32_t peer = v % NP, x = (v / NP) % NX, op = (v / NP / NX) % 8, t = step;
		if (op < 4) {
			uint32_t origin = 1 + op;
			if (!m_origin[peer][x]) {
				model_routes++;
				m_since[peer][x] = t;
			} else if (m_origin[peer][x] != origin) {
				m_since[peer][x] = t;
			}
			m_origin[peer][x] = origin;
			rib_announce(r, peer, x, origin, t);
		} else if (op < 7) {
			if (m_origin[peer][x])
				model_routes--;
			m_origin[peer][x] = 0;
			rib_withdraw(r, peer, x, t);
		} else if (step % 1000 == 7) {
			/* A dump of every peer listing the even prefixes held. */
			for (uint32_t pp = 0; pp < NP; pp++)
				for (uint32_t xx = 0; xx < NX; xx += 2)
					if (m_origin[pp][xx]) {
						rib_entry(r, pp, xx, m_origin[pp][xx], t);
						m_marked[pp][xx] = true;
					}
			rib_dump_end(r, 1, t);
			for (uint32_t pp = 0; pp < NP; pp++)
				for (uint32_t xx = 0; xx < NX; xx++) {
					if (m_origin[pp][xx] && !m_marked[pp][xx]) {
						m_origin[pp][xx] = 0;
						model_routes--;
					}
					m_marked[pp][xx] = false;
				}
		}
	}
	CHECK_EQ_U(rib_nroutes(r), model_routes);
	unsigned bad = 0;
	for (uint32_t pp = 0; pp < NP; pp++)
		for (uint32_t xx = 0; xx < NX; xx++) {
			uint32_t o = 0, since = 0;
			bool have = rib_lookup(r, pp, xx, &o, &since);
			if (have != (m_origin[pp][xx] != 0) || (have && (o != m_origin[pp][xx] || since != m_since[pp][xx])))
				bad++;
		}
	CHECK_EQ_U(bad, 0);
	rib_free(r);
}

/* 20 peers holding the same 100,000 prefixes: 2,000,000 routes. Tables
 * double at 3/4 full: 20 x 262,144 slots x 12 bytes, plus the prefixes
 * (131,072 x 18 bytes) and their index (262,144 x 4). */
void test_rib_memory(void)
{
	struct rib *r = rib_new(NULL, NULL);
	struct ip_addr a;
	ip_parse("192.0.2.1", &a);
	for (uint32_t i = 0; i < 100000; i++) {
		struct prefix p = { .afi = AFI_IPV4, .len = 24 };
		p.b[0] = (uint8_t)(i >> 16);
		p.b[1] = (uint8_t)(i >> 8);
		p.b[2] = (uint8_t)i;
		rib_prefix_id(r, &p);
	}
	for (uint32_t k = 0; k < 20; k++) {
		uint32_t peer = rib_peer_id(r, 1, &a, 64500 + k);
		for (uint32_t i = 0; i < 100000; i++)
			rib_announce(r, peer, i, 64496, 1);
	}
	CHECK_EQ_U(rib_nroutes(r), 2000000);
	size_t mem = rib_mem(r);
	size_t tables = 20u * 262144 * 12;
	size_t prefixes = 131072u * sizeof(struct prefix) + 262144u * 4;
	CHECK(mem >= tables + prefixes);
	CHECK(mem < tables + prefixes + 16384);
	/* 33 bytes a route here, just after the tables doubled (3/8 full);
	 * 16 + 2 just before a doubling. */
	CHECK(mem / 2000000 <= 34);
	rib_free(r);
}

/* Calendar days and months, and intervals cut at their boundaries (the
 * times from Python's calendar.timegm). */
void test_rib_obs_periods(void)
{
	CHECK_EQ_U(rib_day_of(0), 19700101);
	CHECK_EQ_U(rib_day_of(1027381057), 20020722);
	CHECK_EQ_U(rib_day_of(1709251199), 20240229);
	CHECK_EQ_U(rib_day_of(1709251200), 20240301);
	CHECK_EQ_U(rib_month_of(1709251199), 202402);
	CHECK_EQ_U(rib_day_of(4107542399u), 21000228);   /* 2100 is not a leap year */
	CHECK_EQ_U(rib_day_of(4107542400u), 21000301);
	CHECK_EQ_U(rib_day_of(4294967295u), 21060207);

	struct rib_obs o;
	rib_obs_init(&o);
	/* 2024-02-29 23:00 to 2024-03-01 01:00, peer 3. */
	rib_obs_add(&o, 3, 7, 64500, 1709247600, 1709254800);
	CHECK_EQ_U(o.nrows, 2);
	rib_obs_finish(&o);
	CHECK_EQ_U(o.nrows, 4);
	const struct rib_obs_row *r = o.rows;
	CHECK_EQ_U(r[0].kind, RIB_DAY);
	CHECK_EQ_U(r[0].period, 20240229);
	CHECK_EQ_U(r[0].first_seen, 1709247600);
	CHECK_EQ_U(r[0].last_seen, 1709251199);
	CHECK_EQ_U(r[0].seconds, 3600);
	CHECK_EQ_U(r[1].period, 20240301);
	CHECK_EQ_U(r[1].first_seen, 1709251200);
	CHECK_EQ_U(r[1].last_seen, 1709254800);
	CHECK_EQ_U(r[1].seconds, 3600);
	CHECK_EQ_U(r[2].kind, RIB_MONTH);
	CHECK_EQ_U(r[2].period, 202402);
	CHECK_EQ_U(r[2].seconds, 3600);
	CHECK_EQ_U(r[2].last_seen, 1709251199);
	CHECK_EQ_U(r[3].period, 202403);
	CHECK_EQ_U(r[3].first_seen, 1709251200);
	/* More peers on the same pair (a second day in March too): the sets
	 * stay sorted and distinct, route-seconds add up; a sighting adds a
	 * peer and no seconds. */
	rib_obs_clear(&o);
	rib_obs_add(&o, 3, 7, 64500, 1709247600, 1709254800);
	rib_obs_add(&o, 1, 7, 64500, 1709251300, 1709251400);
	rib_obs_add(&o, 3, 7, 64500, 1709340000, 1709340010);
	rib_obs_add(&o, 2, 7, 64500, 1709270000, 1709270000);
	rib_obs_finish(&o);
	r = o.rows;
	CHECK_EQ_U(o.nrows, 5);
	CHECK_EQ_U(r[2].period, 20240302);
	CHECK_EQ_U(r[4].period, 202403);
	CHECK_EQ_U(r[4].npeers, 3);
	CHECK_EQ_U(r[4].peers[0], 1);
	CHECK_EQ_U(r[4].peers[1], 2);
	CHECK_EQ_U(r[4].peers[2], 3);
	CHECK_EQ_U(r[4].seconds, 3600 + 100 + 10);
	CHECK_EQ_U(r[4].first_seen, 1709251200);
	CHECK_EQ_U(r[4].last_seen, 1709340010);
	CHECK_EQ_U(r[3].npeers, 1);
	CHECK_EQ_U(r[1].npeers, 3);
	CHECK_EQ_U(r[1].last_seen, 1709270000);
	/* Another origin is another row; a year boundary cuts months. */
	rib_obs_clear(&o);
	CHECK_EQ_U(o.nrows, 0);
	rib_obs_add(&o, 0, 7, 64501, 1704067199, 1704067201);
	rib_obs_finish(&o);
	CHECK_EQ_U(o.nrows, 4);
	CHECK_EQ_U(o.rows[2].period, 202312);
	CHECK_EQ_U(o.rows[2].seconds, 1);
	CHECK_EQ_U(o.rows[2].last_seen, 1704067199);
	CHECK_EQ_U(o.rows[3].period, 202401);
	CHECK_EQ_U(o.rows[3].first_seen, 1704067200);
	CHECK_EQ_U(o.rows[3].last_seen, 1704067201);
	/* A month row starts with its first day's set, shared; a later day
	 * that adds a peer gives the month its own set and leaves the day's
	 * as it was. */
	rib_obs_clear(&o);
	rib_obs_add(&o, 5, 7, 64500, 1709251300, 1709251400);   /* 2024-03-01 */
	rib_obs_add(&o, 2, 7, 64500, 1709251300, 1709251300);
	rib_obs_add(&o, 4, 7, 64500, 1709340000, 1709340010);   /* 2024-03-02 */
	rib_obs_add(&o, 5, 7, 64500, 1709340000, 1709340000);
	rib_obs_add(&o, 9, 8, 64500, 1709340000, 1709340000);
	rib_obs_finish(&o);
	CHECK_EQ_U(o.nrows, 5);
	r = o.rows;
	CHECK_EQ_U(r[0].npeers, 2);
	CHECK_EQ_U(r[0].peers[0], 2);
	CHECK_EQ_U(r[0].peers[1], 5);
	CHECK_EQ_U(r[3].kind, RIB_MONTH);
	CHECK_EQ_U(r[3].prefix, 7);
	CHECK_EQ_U(r[3].npeers, 3);
	CHECK_EQ_U(r[3].peers[0], 2);
	CHECK_EQ_U(r[3].peers[1], 4);
	CHECK_EQ_U(r[3].peers[2], 5);
	CHECK_EQ_U(r[3].borrowed, 0);
	CHECK_EQ_U(r[4].prefix, 8);
	CHECK_EQ_U(r[4].borrowed, 1);
	CHECK(r[4].peers == r[2].peers);
	/* One day only: the month rows follow the day rows in their order,
	 * each sharing its day's set. */
	rib_obs_clear(&o);
	rib_obs_add(&o, 1, 9, 64501, 1709251300, 1709251400);
	rib_obs_add(&o, 1, 7, 64500, 1709251300, 1709251400);
	rib_obs_add(&o, 3, 9, 64501, 1709251300, 1709251350);
	rib_obs_finish(&o);
	CHECK_EQ_U(o.nrows, 4);
	r = o.rows;
	CHECK_EQ_U(r[2].kind, RIB_MONTH);
	CHECK_EQ_U(r[2].period, 202403);
	CHECK_EQ_U(r[2].prefix, 9);
	CHECK_EQ_U(r[2].seconds, 150);
	CHECK_EQ_U(r[2].first_seen, 1709251300);
	CHECK_EQ_U(r[2].last_seen, 1709251400);
	CHECK_EQ_U(r[2].npeers, 2);
	CHECK(r[2].peers == r[0].peers);
	CHECK_EQ_U(r[3].prefix, 7);
	CHECK_EQ_U(r[3].origin, 64500);
	CHECK(r[3].peers == r[1].peers);
	rib_obs_free(&o);
}
