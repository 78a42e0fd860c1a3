/*
 * Route-state benchmark: decodes MRT files into rib/ only (no store) and
 * prints the elements/s of decoding plus route state, the open routes at
 * the end, and the bytes a route costs, measured as the growth of the
 * resident set (/proc/self/statm) over the routes held, beside rib_mem()'s
 * own count. Built and run by bench/ingest.sh.
 */
#include "mrt/mrt.h"
#include "rib/rib.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct ctx {
	struct rib *rib;
	uint64_t elems;
};

static void on_elem(const struct mrt_elem *e, void *p)
{
	struct ctx *c = p;
	c->elems++;
	if (e->local)
		return;
	uint32_t peer = rib_peer_id(c->rib, 1, &e->peer_ip, e->peer_as);
	if (e->type == MRT_ELEM_STATE) {
		if (e->new_state != 6)
			rib_peer_down(c->rib, peer, e->rec->ts);
		return;
	}
	if (e->safi != SAFI_UNICAST)
		return;
	uint32_t x = rib_prefix_id(c->rib, &e->prefix);
	uint32_t origin = e->attrs ? bgp_path_origin(&e->attrs->path) : 0;
	if (e->type == MRT_ELEM_RIB)
		rib_entry(c->rib, peer, x, origin, e->rec->ts);
	else if (e->type == MRT_ELEM_ANNOUNCE)
		rib_announce(c->rib, peer, x, origin, e->rec->ts);
	else if (e->type == MRT_ELEM_WITHDRAW)
		rib_withdraw(c->rib, peer, x, e->rec->ts);
}

static long rss_bytes(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
}

int main(int argc, char **argv)
{
	struct ctx c = { rib_new(NULL, NULL), 0 };
	long rss0 = rss_bytes();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 1; i < argc; i++) {
		char err[256];
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
				mrt_decode(&dec, &rec, on_elem, &c, &reason);
		mrt_decoder_free(&dec);
		mrt_reader_free(&rd);
		input_close(in);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long rss1 = rss_bytes();
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	uint64_t routes = rib_nroutes(c.rib);
	printf("elements %" PRIu64 "  seconds %.2f  elements/s %.2f M\n", c.elems, s, (double)c.elems / s / 1e6);
	printf("routes %" PRIu64 "  prefixes %u  peers %u\n", routes, rib_nprefixes(c.rib), rib_npeers(c.rib));
	if (routes)
		printf("bytes/route: RSS delta %.1f  rib_mem %.1f\n", (double)(rss1 - rss0) / (double)routes,
		       (double)rib_mem(c.rib) / (double)routes);
	rib_free(c.rib);
	return 0;
}
