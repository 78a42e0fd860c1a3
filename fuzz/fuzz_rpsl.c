/*
 * libFuzzer target for the RPSL reader and the IRR database: the input is
 * an RPSL text (a dump or a few objects). It is framed and decoded object
 * by object with the invariants checked, loaded into a database, and a few
 * sets are expanded and a few prefixes looked up, checking the results.
 */
#include "irr/irr.h"
#include "irr/rpsl.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: said on stderr, then a crash the fuzzer records. */
static void fail(const char *why)
{
	fprintf(stderr, "fuzz_rpsl: %s\n", why);
	abort();
}

static void check_detail(const char *d)
{
	size_t n = strnlen(d, RPSL_DETAIL_MAX + 1);
	if (n > RPSL_DETAIL_MAX)
		fail("detail longer than RPSL_DETAIL_MAX");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)d[i] < 0x20 || (unsigned char)d[i] >= 0x7f)
			fail("unprintable byte in a detail");
}

static void check_object(const struct rpsl_reader *r, enum rpsl_status s, const struct rpsl_object *o)
{
	if (o->line == 0 || o->line > r->lineno)
		fail("object line outside the input");
	if (s == RPSL_MALFORMED) {
		if (!o->reason || o->err_line < o->line || o->err_line > r->lineno)
			fail("malformed object without a reason or with a bad line");
		check_detail(o->detail);
		return;
	}
	if (o->nwarn) {
		if (!o->warn_reason || o->warn_line < o->line)
			fail("warning without a reason or with a bad line");
		check_detail(o->warn_detail);
	}
	if (s != RPSL_OK)
		return;
	if (!rpsl_source_ok(o->source.p, o->source.len))
		fail("decoded object with a bad source");
	for (size_t i = 0; i < o->nmembers; i++) {
		const struct rpsl_member *m = &o->members[i];
		if (m->type == RPSL_MEMBER_PREFIX) {
			unsigned max = m->prefix.afi == AFI_IPV6 ? 128 : 32;
			if (m->lo < m->prefix.len || m->lo > m->hi || m->hi > max)
				fail("member range out of bounds");
		} else if (m->type != RPSL_MEMBER_ASN && m->name.len == 0) {
			fail("set member without a name");
		}
	}
}

static void check_expansion(const struct irr_expansion *e)
{
	for (size_t i = 1; i < e->nasns; i++)
		if (e->asns[i - 1] >= e->asns[i])
			fail("expansion ASNs not sorted and unique");
	char buf[PREFIX_STRLEN + 16];
	for (size_t i = 0; i < e->npfx; i++) {
		const struct irr_prefix_range *p = &e->pfx[i];
		unsigned max = p->prefix.afi == AFI_IPV6 ? 128 : 32;
		if (p->lo < p->prefix.len || p->lo > p->hi || p->hi > max)
			fail("expanded range out of bounds");
		size_t n = irr_range_fmt(p, buf);
		if (n == 0 || n >= sizeof buf)
			fail("range text length");
		/* The text form reads back as the same range. */
		const char *caret = memchr(buf, '^', n);
		size_t base = caret ? (size_t)(caret - buf) : n;
		struct prefix q;
		struct rpsl_op op = { 0, 0, 0 };
		uint8_t lo, hi;
		if (rpsl_parse_prefix(buf, base, &q) < 0 || (caret && rpsl_parse_op(caret + 1, n - base - 1, &op) < 0) ||
		    rpsl_op_range(op, q.len, max, &lo, &hi) < 0 || lo != p->lo || hi != p->hi)
			fail("range text does not read back");
	}
	if (e->cycles.n > IRR_MAX_CYCLES || e->cycles.n > e->ncycles)
		fail("cycle counts");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpsl_reader r;
	struct rpsl_object o;
	enum rpsl_status s;
	uint64_t objects = 0;
	rpsl_reader_init_mem(&r, data, size);
	while ((s = rpsl_next(&r, &o)) != RPSL_EOF) {
		check_object(&r, s, &o);
		objects++;
	}
	if (r.bytes != size || r.objects != objects)
		fail("reader did not consume its input");
	rpsl_reader_free(&r);

	struct irr_db db;
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	irr_db_init(&db);
	irr_db_load_mem(&db, data, size, NULL, NULL, &st);
	if (st.objects != objects)
		fail("database saw another number of objects");
	struct irr_expand_opts eo = { 8, true };
	for (uint32_t i = 0; i < db.nsets && i < 16; i++) {
		struct irr_expansion e;
		const char *why;
		char name[RPSL_MAX_SOURCE + RPSL_MAX_SET_NAME + 3];
		snprintf(name, sizeof name, "%s::%s", irr_db_source_name(&db, db.sets[i].source),
			 irr_db_str(&db, db.sets[i].name));
		if (irr_expand(&db, name, &eo, &e, &why) < 0)
			fail("a loaded set cannot be expanded");
		check_expansion(&e);
		irr_expansion_free(&e);
	}
	struct irr_verdict v[IRR_MAX_SOURCES];
	for (uint32_t i = 0; i < db.nroutes && i < 16; i++) {
		const struct irr_route *rt = &db.routes[i];
		unsigned n = irr_db_check_route(&db, &rt->prefix, true, rt->origin, v);
		bool found = false;
		for (unsigned k = 0; k < n; k++)
			if (v[k].source == rt->source)
				found = v[k].match == IRR_MATCH_EXACT;
		if (!found)
			fail("a loaded route object is not found exactly");
	}
	irr_db_free(&db);
	return 0;
}
