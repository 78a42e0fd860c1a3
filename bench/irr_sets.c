/*
 * Benchmark helper for bench/irr.sh (compiled by it against build/libmanrs.a,
 * not by meson): loads RPSL dumps, expands every set once to rank them by
 * size, then times the largest ones in-process (best of N runs).
 * Usage: irr_sets TOP RUNS DEPTH FILE...
 */
#include "irr/irr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct rank {
	uint32_t set;
	size_t nasns, nsets;
};

static int by_size(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	if (x->nasns != y->nasns)
		return x->nasns < y->nasns ? 1 : -1;
	return x->set < y->set ? -1 : x->set > y->set;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: irr_sets TOP RUNS DEPTH FILE...\n");
		return 2;
	}
	int top = atoi(argv[1]), runs = atoi(argv[2]);
	struct irr_expand_opts eo = { (unsigned)atoi(argv[3]), false };
	struct irr_db db;
	irr_db_init(&db);
	double t0 = now();
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	for (int i = 4; i < argc; i++) {
		char err[256];
		if (irr_db_load(&db, argv[i], NULL, NULL, &st, err, sizeof err) < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], err);
			return 1;
		}
	}
	printf("load\t%.3f s\t%llu objects\n", now() - t0, (unsigned long long)st.objects);

	struct rank *r = calloc(db.nsets ? db.nsets : 1, sizeof *r);
	char name[600];
	t0 = now();
	uint64_t total = 0;
	for (uint32_t i = 0; i < db.nsets; i++) {
		struct irr_expansion e;
		const char *why;
		snprintf(name, sizeof name, "%s::%s", irr_db_source_name(&db, db.sets[i].source),
			 irr_db_str(&db, db.sets[i].name));
		r[i].set = i;
		if (irr_expand(&db, name, &eo, &e, &why) == 0) {
			r[i].nasns = e.nasns;
			r[i].nsets = e.nsets;
			total += e.nasns;
			irr_expansion_free(&e);
		}
	}
	double all = now() - t0;
	printf("all\t%.3f s\t%u sets\t%llu ASNs in all\n", all, db.nsets, (unsigned long long)total);
	qsort(r, db.nsets, sizeof *r, by_size);
	for (int k = 0; k < top && (uint32_t)k < db.nsets; k++) {
		const struct irr_set *s = &db.sets[r[k].set];
		snprintf(name, sizeof name, "%s::%s", irr_db_source_name(&db, s->source), irr_db_str(&db, s->name));
		double best = 1e9, best_pfx = 1e9;
		size_t npfx = 0;
		for (int n = 0; n < runs; n++) {
			struct irr_expansion e;
			const char *why;
			struct irr_expand_opts o = eo;
			double t = now();
			irr_expand(&db, name, &o, &e, &why);
			t = now() - t;
			if (t < best)
				best = t;
			irr_expansion_free(&e);
			o.prefixes = true;
			t = now();
			irr_expand(&db, name, &o, &e, &why);
			t = now() - t;
			if (t < best_pfx)
				best_pfx = t;
			npfx = e.npfx;
			irr_expansion_free(&e);
		}
		printf("set\t%s\t%zu ASNs\t%zu sets\t%.1f ms\t%zu prefixes\t%.1f ms\n", irr_db_str(&db, s->name),
		       r[k].nasns, r[k].nsets, best * 1e3, npfx, best_pfx * 1e3);
	}
	free(r);
	irr_db_free(&db);
	return 0;
}
