/*
 * The route-event sink of route_sink.h: route state plus observations,
 * flushed to the store in one transaction each time. The element rules
 * and the commit follow cmd_ingest.c's on_elem and commit_file.
 */
#include "cmd/route_sink.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "rib/rib.h"
#include "rib/rib_obs.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* BGP FSM state Established (RFC 4271 section 8.2.2, MRT numbering). */
#define SINK_STATE_ESTABLISHED 6

struct route_sink {
	struct store *db;
	const char *db_path;
	struct rib *rib;
	struct rib_obs obs;
	int64_t *prefix_db;
	size_t prefix_db_cap;
	int64_t *peer_db;
	size_t peer_db_cap;
	bool *peer_seen;        /* since the last flush */
	size_t peer_seen_cap;
	uint32_t last;
	struct route_sink_stats st;
};

static void on_interval(void *ctx, uint32_t peer, uint32_t prefix, uint32_t origin, uint32_t start, uint32_t end)
{
	struct route_sink *rs = ctx;
	/* No origin (the path ends in an AS_SET): tracked, not recorded. */
	if (origin == 0)
		return;
	rib_obs_add(&rs->obs, peer, prefix, origin, start, end);
}

struct route_sink *route_sink_new(struct store *db, const char *db_path)
{
	struct route_sink *rs = xcalloc(1, sizeof *rs);
	rs->db = db;
	rs->db_path = db_path;
	rs->rib = rib_new(on_interval, rs);
	rib_obs_init(&rs->obs);
	return rs;
}

void route_sink_free(struct route_sink *rs)
{
	if (!rs)
		return;
	rib_obs_free(&rs->obs);
	rib_free(rs->rib);
	free(rs->prefix_db);
	free(rs->peer_db);
	free(rs->peer_seen);
	free(rs);
}

uint32_t route_sink_last_time(const struct route_sink *rs)
{
	return rs->last;
}

void route_sink_elem(struct route_sink *rs, uint32_t collector, const struct mrt_elem *e, uint32_t t)
{
	rs->st.elems++;
	if (e->local)
		return;
	if (t > rs->last)
		rs->last = t;
	uint32_t peer = rib_peer_id(rs->rib, collector, &e->peer_ip, e->peer_as);
	if (peer >= rs->peer_seen_cap) {
		size_t old = rs->peer_seen_cap;
		rs->peer_seen = xgrow(rs->peer_seen, &rs->peer_seen_cap, (size_t)peer + 1, sizeof *rs->peer_seen);
		memset(rs->peer_seen + old, 0, (rs->peer_seen_cap - old) * sizeof *rs->peer_seen);
	}
	rs->peer_seen[peer] = true;
	if (e->type == MRT_ELEM_STATE) {
		rs->st.state++;
		if (e->new_state != SINK_STATE_ESTABLISHED)
			rib_peer_down(rs->rib, peer, t);
		return;
	}
	if (e->safi != SAFI_UNICAST)
		return;
	uint32_t prefix = rib_prefix_id(rs->rib, &e->prefix);
	switch (e->type) {
	case MRT_ELEM_RIB:
		rib_entry(rs->rib, peer, prefix, e->attrs ? bgp_path_origin(&e->attrs->path) : 0, t);
		break;
	case MRT_ELEM_ANNOUNCE:
		rs->st.announce++;
		rib_announce(rs->rib, peer, prefix, e->attrs ? bgp_path_origin(&e->attrs->path) : 0, t);
		break;
	case MRT_ELEM_WITHDRAW:
		rs->st.withdraw++;
		rib_withdraw(rs->rib, peer, prefix, t);
		break;
	default:
		break;
	}
}

void route_sink_collector_down(struct route_sink *rs, uint32_t collector, uint32_t t)
{
	for (uint32_t p = 0; p < rib_npeers(rs->rib); p++) {
		uint32_t c, asn;
		struct ip_addr ip;
		rib_peer_info(rs->rib, p, &c, &ip, &asn);
		if (c == collector)
			rib_peer_down(rs->rib, p, t);
	}
}

static int64_t prefix_db(struct route_sink *rs, uint32_t prefix)
{
	if (prefix >= rs->prefix_db_cap) {
		size_t old = rs->prefix_db_cap;
		rs->prefix_db = xgrow(rs->prefix_db, &rs->prefix_db_cap, (size_t)prefix + 1, sizeof *rs->prefix_db);
		memset(rs->prefix_db + old, 0, (rs->prefix_db_cap - old) * sizeof *rs->prefix_db);
	}
	if (!rs->prefix_db[prefix])
		rs->prefix_db[prefix] = store_prefix_id(rs->db, rib_prefix(rs->rib, prefix));
	return rs->prefix_db[prefix];
}

static int64_t peer_db(struct route_sink *rs, uint32_t peer)
{
	if (peer >= rs->peer_db_cap) {
		size_t old = rs->peer_db_cap;
		rs->peer_db = xgrow(rs->peer_db, &rs->peer_db_cap, (size_t)peer + 1, sizeof *rs->peer_db);
		memset(rs->peer_db + old, 0, (rs->peer_db_cap - old) * sizeof *rs->peer_db);
	}
	if (!rs->peer_db[peer]) {
		uint32_t collector, asn;
		struct ip_addr ip;
		rib_peer_info(rs->rib, peer, &collector, &ip, &asn);
		rs->peer_db[peer] = store_peer_id(rs->db, collector, &ip, asn);
	}
	return rs->peer_db[peer];
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static size_t sort_unique(uint32_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

int route_sink_flush(struct route_sink *rs, uint32_t t)
{
	if (t)
		rib_close_all(rs->rib, t);
	rib_obs_finish(&rs->obs);
	uint32_t *peers = NULL, *colls = NULL;
	size_t cap = 0, ccap = 0;
	if (store_begin(rs->db) < 0)
		goto fail;
	for (uint32_t p = 0; p < rs->peer_seen_cap && p < rib_npeers(rs->rib); p++)
		if (rs->peer_seen[p] && peer_db(rs, p) < 0)
			goto fail;
	for (size_t i = 0; i < rs->obs.nrows; i++) {
		const struct rib_obs_row *r = &rs->obs.rows[i];
		peers = xgrow(peers, &cap, r->npeers, sizeof *peers);
		colls = xgrow(colls, &ccap, r->npeers, sizeof *colls);
		for (uint32_t k = 0; k < r->npeers; k++) {
			int64_t id = peer_db(rs, r->peers[k]);
			uint32_t collector, asn;
			struct ip_addr ip;
			rib_peer_info(rs->rib, r->peers[k], &collector, &ip, &asn);
			if (id < 0)
				goto fail;
			peers[k] = (uint32_t)id;
			colls[k] = collector;
		}
		size_t np = sort_unique(peers, r->npeers), nc = sort_unique(colls, r->npeers);
		int64_t pid = prefix_db(rs, r->prefix);
		struct store_obs o = { .period = r->period, .prefix_id = pid, .origin = r->origin,
				       .first_seen = r->first_seen, .last_seen = r->last_seen, .seconds = r->seconds,
				       .peers = peers, .npeers = np, .collectors = colls, .ncollectors = nc };
		if (pid < 0 || store_obs_merge(rs->db, r->kind == RIB_DAY ? STORE_DAY : STORE_MONTH, &o) < 0)
			goto fail;
		if (r->kind == RIB_DAY)
			rs->st.day_rows++;
		else
			rs->st.month_rows++;
	}
	if (store_commit(rs->db) < 0)
		goto fail;
	free(peers);
	free(colls);
	rib_obs_clear(&rs->obs);
	if (rs->peer_seen)
		memset(rs->peer_seen, 0, rs->peer_seen_cap * sizeof *rs->peer_seen);
	rs->st.flushes++;
	return 0;
fail:
	log_error("%s: cannot record observations: %s", rs->db_path, store_errmsg(rs->db));
	store_rollback(rs->db);
	free(peers);
	free(colls);
	rib_obs_clear(&rs->obs);
	return -1;
}

void route_sink_stats(const struct route_sink *rs, struct route_sink_stats *out)
{
	*out = rs->st;
	out->routes = rib_nroutes(rs->rib);
	out->rib_bytes = rib_mem(rs->rib);
}
