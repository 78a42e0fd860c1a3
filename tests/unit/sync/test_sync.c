/*
 * Unit tests of src/sync/sync_layout.c: strict dates, collector names, and
 * the exact file lists of the RIS and RouteViews layouts over month
 * boundaries, leap days, RIB-only ranges and route-views2's root path.
 * Expected times were computed independently (Python's calendar.timegm).
 */
#include "test.h"

#include "sync/sync.h"

static int64_t date(const char *s)
{
	int64_t t = -1;
	if (sync_parse_date(s, &t) < 0)
		return -1;
	return t;
}

void test_sync_parse_date(void)
{
	CHECK_EQ_U(date("2024-02-29"), 1709164800);
	CHECK_EQ_U(date("2024-01-31T23:30"), 1706743800);
	CHECK_EQ_U(date("2000-02-29"), 951782400);
	CHECK_EQ_U(date("1970-01-01T00:00"), 0);
	CHECK_EQ_U(date("2023-12-31T22:00"), 1704060000);
	static const char *BAD[] = {
		"2023-02-29",        /* not a leap year */
		"2100-02-29",        /* divisible by 100, not by 400 */
		"2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
		"2024-01-01T24:00", "2024-01-01T23:60", "2024-1-01", "2024-01-1", "2024-01-01T1:00",
		"2024-01-01 10:00", "2024-01-01T10:00Z", "2024-01-01T10:00:00", "2024-01-01T", "",
		"1969-12-31", "24-01-01", "2024/01/01", "2024-01-01x", "+024-01-01", "2024-0a-01",
	};
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		int64_t t = 42;
		if (sync_parse_date(BAD[i], &t) != -1 || t != 42) {
			fprintf(stderr, "  accepted bad date '%s'\n", BAD[i]);
			test_failures++;
		}
	}
}

void test_sync_collector_parse(void)
{
	struct sync_collector c;
	const char *why = NULL;
	CHECK(sync_collector_parse("rrc00", &c, &why) == 0);
	CHECK(c.project == SYNC_RIS);
	CHECK_STR(c.name, "rrc00");
	CHECK(sync_collector_parse("rrc26", &c, &why) == 0 && c.project == SYNC_RIS);
	CHECK(sync_collector_parse("route-views2", &c, &why) == 0);
	CHECK(c.project == SYNC_ROUTEVIEWS);
	CHECK(sync_collector_parse("route-views.amsix", &c, &why) == 0 && c.project == SYNC_ROUTEVIEWS);
	CHECK(sync_collector_parse("route-views.sg", &c, &why) == 0 && c.project == SYNC_ROUTEVIEWS);
	static const char *BAD[] = {
		"rrc1", "rrc001", "RRC00", "rrc0a", "route-views", "route-viewsx", "route-views.",
		"route-views..", "route-views.amsix.", "route-views.a..b", "../etc", "rrc00/..",
		"route-views/2", "", "route-views.averyveryveryveryveryverylongcollectorname",
	};
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		why = NULL;
		if (sync_collector_parse(BAD[i], &c, &why) != -1 || !why) {
			fprintf(stderr, "  accepted bad collector '%s'\n", BAD[i]);
			test_failures++;
		}
	}
}

/* Checks l against n "URL PATH" pairs. */
static void expect(const struct sync_list *l, const char *const *want, size_t n)
{
	CHECK_EQ_U(l->n, n);
	for (size_t i = 0; i < n && i < l->n; i++) {
		char got[512];
		snprintf(got, sizeof got, "%s %s", l->v[i].url, l->v[i].rel);
		CHECK_STR(got, want[i]);
	}
}

static void layout(const char *coll, const char *base, const char *from, const char *to, bool rib_only,
		   struct sync_list *l)
{
	struct sync_collector c;
	const char *why;
	sync_list_init(l);
	CHECK(sync_collector_parse(coll, &c, &why) == 0);
	CHECK(sync_layout_files(&c, base, date(from), date(to), rib_only, l) == 0);
}

void test_sync_layout_ris(void)
{
	/* Over a month boundary: the 00:00 bview sits before the 00:00
	 * updates file and in the new month's directory. */
	static const char *const WANT[] = {
		"B/rrc00/2024.01/updates.20240131.2350.gz rrc00/2024.01/updates.20240131.2350.gz",
		"B/rrc00/2024.01/updates.20240131.2355.gz rrc00/2024.01/updates.20240131.2355.gz",
		"B/rrc00/2024.02/bview.20240201.0000.gz rrc00/2024.02/bview.20240201.0000.gz",
		"B/rrc00/2024.02/updates.20240201.0000.gz rrc00/2024.02/updates.20240201.0000.gz",
		"B/rrc00/2024.02/updates.20240201.0005.gz rrc00/2024.02/updates.20240201.0005.gz",
	};
	struct sync_list l;
	layout("rrc00", "B", "2024-01-31T23:50", "2024-02-01T00:10", false, &l);
	expect(&l, WANT, 5);
	CHECK(l.n == 5 && l.v[2].kind == SYNC_RIB && l.v[3].kind == SYNC_UPDATES);
	CHECK(l.n == 5 && l.v[2].time == 1706745600 && l.v[4].time == 1706745900);
	sync_list_free(&l);

	/* A start off the 5-minute grid begins at the next file. */
	static const char *const WANT2[] = {
		"https://data.ris.ripe.net/rrc21/2016.08/updates.20160811.1500.gz "
		"rrc21/2016.08/updates.20160811.1500.gz",
	};
	layout("rrc21", SYNC_RIS_BASE, "2016-08-11T14:56", "2016-08-11T15:05", false, &l);
	expect(&l, WANT2, 1);
	sync_list_free(&l);
}

void test_sync_layout_ris_rib_only(void)
{
	/* Every 8 hours at 00:00, 08:00 and 16:00, over a leap day and into
	 * March; --to is exclusive. */
	static const char *const WANT[] = {
		"B/rrc03/2024.02/bview.20240229.0000.gz rrc03/2024.02/bview.20240229.0000.gz",
		"B/rrc03/2024.02/bview.20240229.0800.gz rrc03/2024.02/bview.20240229.0800.gz",
		"B/rrc03/2024.02/bview.20240229.1600.gz rrc03/2024.02/bview.20240229.1600.gz",
		"B/rrc03/2024.03/bview.20240301.0000.gz rrc03/2024.03/bview.20240301.0000.gz",
	};
	struct sync_list l;
	layout("rrc03", "B", "2024-02-29", "2024-03-01T08:00", true, &l);
	expect(&l, WANT, 4);
	sync_list_free(&l);

	static const char *const WANT2[] = {
		"B/rrc00/2024.01/bview.20240101.0800.gz rrc00/2024.01/bview.20240101.0800.gz",
	};
	layout("rrc00", "B", "2024-01-01T00:01", "2024-01-01T16:00", true, &l);
	expect(&l, WANT2, 1);
	sync_list_free(&l);
}

void test_sync_layout_routeviews(void)
{
	/* RIBs every 2 hours, updates every 15 minutes, over a year end. */
	static const char *const WANT[] = {
		"R/route-views.amsix/bgpdata/2023.12/RIBS/rib.20231231.2200.bz2 "
		"route-views.amsix/bgpdata/2023.12/RIBS/rib.20231231.2200.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2200.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2200.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2215.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2215.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2230.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2230.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2245.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2245.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2300.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2300.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2315.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2315.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2330.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2330.bz2",
		"R/route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2345.bz2 "
		"route-views.amsix/bgpdata/2023.12/UPDATES/updates.20231231.2345.bz2",
		"R/route-views.amsix/bgpdata/2024.01/RIBS/rib.20240101.0000.bz2 "
		"route-views.amsix/bgpdata/2024.01/RIBS/rib.20240101.0000.bz2",
		"R/route-views.amsix/bgpdata/2024.01/UPDATES/updates.20240101.0000.bz2 "
		"route-views.amsix/bgpdata/2024.01/UPDATES/updates.20240101.0000.bz2",
		"R/route-views.amsix/bgpdata/2024.01/UPDATES/updates.20240101.0015.bz2 "
		"route-views.amsix/bgpdata/2024.01/UPDATES/updates.20240101.0015.bz2",
	};
	struct sync_list l;
	layout("route-views.amsix", "R", "2023-12-31T22:00", "2024-01-01T00:16", false, &l);
	expect(&l, WANT, 12);
	sync_list_free(&l);

	static const char *const WANT2[] = {
		"R/route-views.sg/bgpdata/2024.03/RIBS/rib.20240301.0200.bz2 "
		"route-views.sg/bgpdata/2024.03/RIBS/rib.20240301.0200.bz2",
		"R/route-views.sg/bgpdata/2024.03/RIBS/rib.20240301.0400.bz2 "
		"route-views.sg/bgpdata/2024.03/RIBS/rib.20240301.0400.bz2",
	};
	layout("route-views.sg", "R", "2024-03-01T00:01", "2024-03-01T06:00", true, &l);
	expect(&l, WANT2, 2);
	sync_list_free(&l);
}

void test_sync_layout_route_views2(void)
{
	/* route-views2 is at the archive's root; locally it gets its name. */
	static const char *const WANT[] = {
		"https://archive.routeviews.org/bgpdata/2024.09/RIBS/rib.20240930.0000.bz2 "
		"route-views2/bgpdata/2024.09/RIBS/rib.20240930.0000.bz2",
		"https://archive.routeviews.org/bgpdata/2024.09/UPDATES/updates.20240930.0000.bz2 "
		"route-views2/bgpdata/2024.09/UPDATES/updates.20240930.0000.bz2",
		"https://archive.routeviews.org/bgpdata/2024.09/UPDATES/updates.20240930.0015.bz2 "
		"route-views2/bgpdata/2024.09/UPDATES/updates.20240930.0015.bz2",
	};
	struct sync_list l;
	layout("route-views2", SYNC_ROUTEVIEWS_BASE, "2024-09-30", "2024-09-30T00:30", false, &l);
	expect(&l, WANT, 3);
	sync_list_free(&l);

	/* route-views3 keeps its prefix. */
	static const char *const WANT3[] = {
		"R/route-views3/bgpdata/2024.09/RIBS/rib.20240930.0000.bz2 "
		"route-views3/bgpdata/2024.09/RIBS/rib.20240930.0000.bz2",
	};
	layout("route-views3", "R", "2024-09-30", "2024-09-30T00:01", true, &l);
	expect(&l, WANT3, 1);
	sync_list_free(&l);
}

void test_sync_layout_bounds(void)
{
	struct sync_list l;
	/* An empty range, and a range between two grid points. */
	layout("rrc00", "B", "2024-01-01", "2024-01-01", false, &l);
	CHECK_EQ_U(l.n, 0);
	sync_list_free(&l);
	layout("rrc00", "B", "2024-01-01T00:01", "2024-01-01T00:05", false, &l);
	CHECK_EQ_U(l.n, 0);
	sync_list_free(&l);
	/* A whole day: 288 updates and 3 bviews for RIS; 96 and 12 for
	 * RouteViews. */
	layout("rrc00", "B", "2024-01-01", "2024-01-02", false, &l);
	CHECK_EQ_U(l.n, 291);
	size_t ribs = 0;
	for (size_t i = 0; i < l.n; i++)
		ribs += l.v[i].kind == SYNC_RIB;
	CHECK_EQ_U(ribs, 3);
	sync_list_free(&l);
	layout("route-views.linx", "R", "2024-01-01", "2024-01-02", false, &l);
	CHECK_EQ_U(l.n, 108);
	sync_list_free(&l);
	/* Lists append: two collectors in one list. */
	struct sync_collector a, b;
	const char *why;
	sync_list_init(&l);
	CHECK(sync_collector_parse("rrc00", &a, &why) == 0);
	CHECK(sync_collector_parse("route-views2", &b, &why) == 0);
	CHECK(sync_layout_files(&a, "B", date("2024-01-01"), date("2024-01-01T08:01"), true, &l) == 0);
	CHECK(sync_layout_files(&b, "R", date("2024-01-01"), date("2024-01-01T02:01"), true, &l) == 0);
	CHECK_EQ_U(l.n, 4);
	if (l.n == 4) {
		CHECK_STR(l.v[1].rel, "rrc00/2024.01/bview.20240101.0800.gz");
		CHECK_STR(l.v[3].url, "R/bgpdata/2024.01/RIBS/rib.20240101.0200.bz2");
	}
	sync_list_free(&l);
}

void test_sync_content_range(void)
{
	int64_t a = 7, t = 7;
	const char *s = " bytes 100-199/200\r\n";
	CHECK(sync_content_range(s, strlen(s), &a, &t) == 0);
	CHECK_EQ_U(a, 100);
	CHECK_EQ_U(t, 200);
	s = "bytes */34060\r\n";
	CHECK(sync_content_range(s, strlen(s), &a, &t) == 0);
	CHECK(a == -1 && t == 34060);
	s = "Bytes 0-0/*";
	CHECK(sync_content_range(s, strlen(s), &a, &t) == 0);
	CHECK(a == 0 && t == -1);
	/* Not NUL-terminated: the length bounds the parse. */
	CHECK(sync_content_range("bytes 5-9/10XYZ", 12, &a, &t) == 0 && a == 5 && t == 10);
	static const char *BAD[] = {
		"", "bytes", "bytes ", "items 0-1/2", "bytes 0-1", "bytes 0-1/", "bytes -1/2", "bytes 2-1/3",
		"bytes 0-5/5", "bytes 0-1/2 x", "bytes */*", "bytes 0-1/-2", "bytes 1234567890123456789-1/2",
		"bytes 0-1/1234567890123456789", "bytes 0- 1/2", "bytes *-1/2",
	};
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		a = t = 7;
		if (sync_content_range(BAD[i], strlen(BAD[i]), &a, &t) != -1 || a != 7 || t != 7) {
			fprintf(stderr, "  accepted bad Content-Range '%s'\n", BAD[i]);
			test_failures++;
		}
	}
}
