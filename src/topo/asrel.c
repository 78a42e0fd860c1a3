/*
 * AS relationship graph: links are collected while files are parsed, then
 * deduplicated and turned into per-AS sorted adjacency arrays. Customer
 * cones are breadth-first walks down provider-to-customer links, cached per
 * AS; the valley-free check looks at each AS of a path with its two links.
 */
#include "topo/asrel.h"
#include "lib/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct asrel *asrel_new(void)
{
	struct asrel *as = xcalloc(1, sizeof *as);
	u32map_init(&as->index);
	return as;
}

static void clear_graph(struct asrel *as)
{
	for (int k = 0; k < 3; k++) {
		free(as->off[k]);
		free(as->adj[k]);
		as->off[k] = as->adj[k] = NULL;
	}
	if (as->cone) {
		for (size_t i = 0; i < as->n_nodes; i++)
			free(as->cone[i]);
	}
	free(as->cone);
	free(as->cone_size);
	free(as->mark);
	free(as->queue);
	as->cone = NULL;
	as->cone_size = as->mark = as->queue = NULL;
	as->cone_cached = 0;
	as->finished = false;
}

void asrel_free(struct asrel *as)
{
	if (!as)
		return;
	clear_graph(as);
	free(as->links);
	free(as->asn);
	u32map_free(&as->index);
	for (size_t i = 0; i < as->n_files; i++)
		free(as->files[i].name);
	free(as->files);
	free(as);
}

static uint32_t node_of(struct asrel *as, uint32_t asn)
{
	bool created;
	uint32_t *v = u32map_put(&as->index, asn, (uint32_t)as->n_nodes, &created);
	if (created) {
		as->asn = xgrow(as->asn, &as->cap_nodes, as->n_nodes + 1, sizeof *as->asn);
		as->asn[as->n_nodes++] = asn;
	}
	return *v;
}

/* "# source:topology|BGP|20140101|routeviews|sydney" and the clique line. */
static void parse_comment(struct asrel_file *f, struct text_view line)
{
	struct text_view t = line;
	t.p++;
	t.len--;
	t = text_trim(t);
	if (text_starts(t, "source:")) {
		struct text_view fl[6];
		int nf = text_split(t, '|', fl, 5);
		uint32_t d;
		f->sources++;
		if (nf >= 3 && nf <= 5 && text_date8(fl[2], &d) == 0 && d) {
			if (!f->min_date || d < f->min_date)
				f->min_date = d;
			if (d > f->max_date)
				f->max_date = d;
		}
		return;
	}
	const char *keys[] = { "input clique:", "inferred clique:" };
	for (int k = 0; k < 2; k++) {
		if (!text_starts(t, keys[k]))
			continue;
		size_t off = strlen(keys[k]);
		f->n_clique = 0;
		while (off < t.len && f->n_clique < ASREL_MAX_CLIQUE) {
			while (off < t.len && t.p[off] == ' ')
				off++;
			size_t s = off;
			while (off < t.len && t.p[off] != ' ')
				off++;
			uint32_t a;
			struct text_view w = { t.p + s, off - s };
			if (w.len && text_u32(w, &a) == 0)
				f->clique[f->n_clique++] = a;
		}
	}
}

int asrel_parse(struct asrel *as, const char *name, const char *text, size_t len, asrel_bad_cb cb, void *ctx)
{
	if (as->n_files >= ASREL_MAX_FILES)
		return -1;
	as->files = xreallocarray(as->files, as->n_files + 1, sizeof *as->files);
	uint16_t idx = (uint16_t)as->n_files++;
	struct asrel_file *f = &as->files[idx];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	if (as->finished)
		clear_graph(as);

	struct text_lines l;
	struct text_view line, fl[5];
	text_lines_init(&l, text, len);
	while (text_lines_next(&l, &line)) {
		f->lines++;
		const char *why;
		if (line.len == 0)
			continue;
		if (line.p[0] == '#') {
			f->comments++;
			parse_comment(f, line);
			continue;
		}
		if (line.len > ASREL_MAX_LINE) {
			why = "line longer than 256 bytes";
			goto bad;
		}
		int nf = text_split(line, '|', fl, 4);
		if (nf != 3 && nf != 4) {
			why = nf < 3 ? "fewer than 3 fields" : "more than 4 fields";
			goto bad;
		}
		uint32_t a, b;
		if (text_u32(fl[0], &a) < 0 || text_u32(fl[1], &b) < 0) {
			why = "AS number is not a decimal number up to 4294967295";
			goto bad;
		}
		int8_t rel;
		if (text_eq(fl[2], "-1"))
			rel = -1;
		else if (text_eq(fl[2], "0"))
			rel = 0;
		else {
			why = "relationship is not -1 (provider|customer) or 0 (peers)";
			goto bad;
		}
		if (a == b) {
			why = "an AS related to itself";
			goto bad;
		}
		uint8_t src = ASREL_SRC_NONE;
		if (nf == 4) {
			if (text_eq(fl[3], "bgp"))
				src = ASREL_SRC_BGP, f->src_bgp++;
			else if (text_eq(fl[3], "mlp"))
				src = ASREL_SRC_MLP, f->src_mlp++;
			else if (fl[3].len)
				src = ASREL_SRC_OTHER, f->src_other++;
			else {
				why = "empty source field";
				goto bad;
			}
		}
		if (as->n_links >= ASREL_MAX_LINKS) {
			why = "too many links (ASREL_MAX_LINKS)";
			goto bad;
		}
		if (!f->serial)
			f->serial = nf == 4 ? 2 : 1;
		as->links = xgrow(as->links, &as->cap_links, as->n_links + 1, sizeof *as->links);
		as->links[as->n_links++] = (struct asrel_link){ a, b, rel, src, idx,
			l.lineno > UINT32_MAX ? UINT32_MAX : (uint32_t)l.lineno };
		f->links++;
		if (rel < 0)
			f->p2c++;
		else
			f->p2p++;
		continue;
bad:
		f->skipped++;
		if (!f->first_bad_line) {
			f->first_bad_line = l.lineno;
			f->first_bad_reason = why;
		}
		if (cb)
			cb(name, l.lineno, why, ctx);
	}
	return idx;
}

int asrel_load_file(struct asrel *as, const char *path, asrel_bad_cb cb, void *ctx, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (text_read_file(path, TEXT_MAX_FILE, &buf, &len, NULL, err, errlen) < 0)
		return -1;
	int idx = asrel_parse(as, path, buf, len, cb, ctx);
	free(buf);
	if (idx < 0)
		snprintf(err, errlen, "%s: more than %u relationship files", path, ASREL_MAX_FILES);
	return idx;
}

/* Sort key of a link: the unordered pair, then the order it was read in. */
static int cmp_link(const void *x, const void *y)
{
	const struct asrel_link *a = x, *b = y;
	uint32_t alo = a->a < a->b ? a->a : a->b, ahi = a->a < a->b ? a->b : a->a;
	uint32_t blo = b->a < b->b ? b->a : b->b, bhi = b->a < b->b ? b->b : b->a;
	if (alo != blo)
		return alo < blo ? -1 : 1;
	if (ahi != bhi)
		return ahi < bhi ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Same relationship: same kind and, for provider-customer, same direction. */
static bool same_rel(const struct asrel_link *x, const struct asrel_link *y)
{
	if (x->rel != y->rel)
		return false;
	return x->rel == 0 || (x->a == y->a && x->b == y->b);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

void asrel_finish(struct asrel *as)
{
	if (as->finished)
		return;
	clear_graph(as);
	for (size_t i = 0; i < as->n_files; i++) {
		as->files[i].duplicates = as->files[i].conflicts = 0;
		as->files[i].first_conflict_line = 0;
	}
	if (as->n_links)
		qsort(as->links, as->n_links, sizeof *as->links, cmp_link);
	size_t k = 0;
	for (size_t i = 0; i < as->n_links; i++) {
		const struct asrel_link *l = &as->links[i];
		if (k) {
			const struct asrel_link *p = &as->links[k - 1];
			bool same_pair = (p->a == l->a && p->b == l->b) || (p->a == l->b && p->b == l->a);
			if (same_pair) {
				struct asrel_file *f = &as->files[l->file];
				if (same_rel(p, l)) {
					f->duplicates++;
				} else {
					f->conflicts++;
					if (!f->first_conflict_line)
						f->first_conflict_line = l->line;
				}
				continue;
			}
		}
		as->links[k++] = *l;
	}
	as->n_links = k;

	/* Nodes in the order of the (sorted) links, so indices do not depend
	 * on the order the files were read in beyond that. */
	for (size_t i = 0; i < as->n_links; i++) {
		node_of(as, as->links[i].a);
		node_of(as, as->links[i].b);
	}
	size_t n = as->n_nodes;
	uint32_t *deg[3];
	for (int t = 0; t < 3; t++) {
		deg[t] = xcalloc(n + 1, sizeof **deg);
		as->off[t] = xcalloc(n + 1, sizeof **as->off);
	}
	as->n_p2c = as->n_p2p = 0;
	for (size_t i = 0; i < as->n_links; i++) {
		uint32_t a = u32map_get(&as->index, as->links[i].a, 0), b = u32map_get(&as->index, as->links[i].b, 0);
		if (as->links[i].rel < 0) {
			deg[1][a]++; /* a's customers */
			deg[0][b]++; /* b's providers */
			as->n_p2c++;
		} else {
			deg[2][a]++;
			deg[2][b]++;
			as->n_p2p++;
		}
	}
	for (int t = 0; t < 3; t++) {
		uint32_t sum = 0;
		for (size_t i = 0; i < n; i++) {
			as->off[t][i] = sum;
			sum += deg[t][i];
			deg[t][i] = as->off[t][i];
		}
		as->off[t][n] = sum;
		as->adj[t] = xreallocarray(NULL, (size_t)sum + 1, sizeof **as->adj);
	}
	for (size_t i = 0; i < as->n_links; i++) {
		uint32_t a = u32map_get(&as->index, as->links[i].a, 0), b = u32map_get(&as->index, as->links[i].b, 0);
		if (as->links[i].rel < 0) {
			as->adj[1][deg[1][a]++] = b;
			as->adj[0][deg[0][b]++] = a;
		} else {
			as->adj[2][deg[2][a]++] = b;
			as->adj[2][deg[2][b]++] = a;
		}
	}
	for (int t = 0; t < 3; t++) {
		for (size_t i = 0; i < n; i++) {
			uint32_t s = as->off[t][i], e = as->off[t][i + 1];
			if (e - s > 1)
				qsort(as->adj[t] + s, e - s, sizeof *as->adj[t], cmp_u32);
		}
		free(deg[t]);
	}
	as->cone_size = xcalloc(n + 1, sizeof *as->cone_size);
	as->cone = xcalloc(n + 1, sizeof *as->cone);
	as->mark = xcalloc(n + 1, sizeof *as->mark);
	as->queue = xreallocarray(NULL, n + 1, sizeof *as->queue);
	as->gen = 0;
	as->finished = true;
}

size_t asrel_count_ases(struct asrel *as)
{
	asrel_finish(as);
	return as->n_nodes;
}

static bool lookup_node(struct asrel *as, uint32_t asn, uint32_t *node)
{
	asrel_finish(as);
	*node = u32map_get(&as->index, asn, UINT32_MAX);
	return *node != UINT32_MAX;
}

static bool has_adj(const struct asrel *as, int t, uint32_t a, uint32_t b)
{
	const uint32_t *s = as->adj[t] + as->off[t][a];
	size_t lo = 0, hi = as->off[t][a + 1] - as->off[t][a];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid] == b)
			return true;
		if (s[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

enum asrel_rel asrel_get(struct asrel *as, uint32_t a, uint32_t b)
{
	uint32_t na, nb;
	if (!lookup_node(as, a, &na) || !lookup_node(as, b, &nb))
		return ASREL_NONE;
	if (has_adj(as, 1, na, nb))
		return ASREL_P2C;
	if (has_adj(as, 0, na, nb))
		return ASREL_C2P;
	if (has_adj(as, 2, na, nb))
		return ASREL_P2P;
	return ASREL_NONE;
}

const uint32_t *asrel_neighbours(struct asrel *as, uint32_t asn, int kind, size_t *n)
{
	uint32_t x;
	*n = 0;
	if (kind < 0 || kind > 2 || !lookup_node(as, asn, &x))
		return NULL;
	*n = as->off[kind][x + 1] - as->off[kind][x];
	return as->adj[kind] + as->off[kind][x];
}

/* Breadth-first walk down customer links from x; the visited nodes are left
 * in as->queue[0..return). Marks use a generation counter so nothing needs
 * clearing between walks; a cycle just meets marked nodes. */
static size_t cone_walk(struct asrel *as, uint32_t x)
{
	if (++as->gen == 0) {
		memset(as->mark, 0, (as->n_nodes + 1) * sizeof *as->mark);
		as->gen = 1;
	}
	size_t head = 0, tail = 0;
	as->queue[tail++] = x;
	as->mark[x] = as->gen;
	while (head < tail) {
		uint32_t v = as->queue[head++];
		for (uint32_t i = as->off[1][v]; i < as->off[1][v + 1]; i++) {
			uint32_t c = as->adj[1][i];
			if (as->mark[c] != as->gen) {
				as->mark[c] = as->gen;
				as->queue[tail++] = c;
			}
		}
	}
	return tail;
}

/* Fills the cache for node x if there is room; returns the size. */
static uint32_t cone_fill(struct asrel *as, uint32_t x)
{
	if (as->cone[x])
		return as->cone_size[x];
	size_t n = cone_walk(as, x);
	as->cone_size[x] = (uint32_t)n;
	if (as->cone_cached + n <= ASREL_MAX_CONE_CACHE) {
		uint32_t *c = xreallocarray(NULL, n ? n : 1, sizeof *c);
		for (size_t i = 0; i < n; i++)
			c[i] = as->asn[as->queue[i]];
		qsort(c, n, sizeof *c, cmp_u32);
		as->cone[x] = c;
		as->cone_cached += n;
	}
	return (uint32_t)n;
}

uint32_t asrel_cone_size(struct asrel *as, uint32_t asn)
{
	uint32_t x;
	if (!lookup_node(as, asn, &x))
		return 0;
	if (as->cone_size[x])
		return as->cone_size[x];
	return cone_fill(as, x);
}

const uint32_t *asrel_cone(struct asrel *as, uint32_t asn, size_t *n)
{
	uint32_t x;
	*n = 0;
	if (!lookup_node(as, asn, &x))
		return NULL;
	cone_fill(as, x);
	if (!as->cone[x]) {
		/* Over the cache cap: hand out the walk's own queue, turned into
		 * sorted ASNs (valid until the next cone query). */
		size_t k = cone_walk(as, x);
		for (size_t i = 0; i < k; i++)
			as->queue[i] = as->asn[as->queue[i]];
		qsort(as->queue, k, sizeof *as->queue, cmp_u32);
		*n = k;
		return as->queue;
	}
	*n = as->cone_size[x];
	return as->cone[x];
}

bool asrel_in_cone(struct asrel *as, uint32_t provider, uint32_t asn)
{
	size_t n;
	const uint32_t *c = asrel_cone(as, provider, &n);
	size_t lo = 0, hi = n;
	while (c && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c[mid] == asn)
			return true;
		if (c[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

const char *asrel_rel_name(enum asrel_rel r)
{
	switch (r) {
	case ASREL_P2C: return "provider of";
	case ASREL_C2P: return "customer of";
	case ASREL_P2P: return "peer of";
	case ASREL_NONE: break;
	}
	return "no known relationship with";
}

const char *asrel_leak_type_name(int type)
{
	switch (type) {
	case 1: return "RFC 7908 Type 1: hairpin turn (a route from one provider sent to another provider)";
	case 2: return "RFC 7908 Type 2: lateral ISP-ISP-ISP leak (a route from one peer sent to another peer)";
	case 3: return "RFC 7908 Type 3: route learned from a transit provider leaked to a peer";
	case 4: return "RFC 7908 Type 4: route learned from a peer leaked to a transit provider";
	}
	return "";
}

/* Direction of the hop that carries the route from `sender` to `receiver`. */
enum hop { HOP_UNKNOWN, HOP_UP, HOP_DOWN, HOP_FLAT };

static enum hop hop_of(struct asrel *as, uint32_t sender, uint32_t receiver)
{
	switch (asrel_get(as, sender, receiver)) {
	case ASREL_C2P: return HOP_UP;    /* a customer exports to its provider */
	case ASREL_P2C: return HOP_DOWN;
	case ASREL_P2P: return HOP_FLAT;
	case ASREL_NONE: break;
	}
	return HOP_UNKNOWN;
}

void asrel_valley(struct asrel *as, const uint32_t *path, size_t n, struct asrel_vf *r)
{
	memset(r, 0, sizeof *r);
	asrel_finish(as);
	/* Walk from the origin (the end of the AS_PATH) towards the observer;
	 * prepends (the same AS repeated) are one AS. `prev` is the AS the
	 * route came from, `cur` the AS now sending it. */
	size_t i = n;
	uint32_t cur = 0, prev = 0;
	size_t cur_idx = 0;
	bool have_cur = false, have_prev = false;
	enum hop in = HOP_UNKNOWN;
	while (i-- > 0) {
		uint32_t next = path[i];
		if (have_cur && next == cur)
			continue;
		r->ases++;
		if (!have_cur) {
			cur = next;
			cur_idx = i;
			have_cur = true;
			continue;
		}
		enum hop out = hop_of(as, cur, next);
		if (out == HOP_UNKNOWN) {
			if (!r->unknown_links++) {
				r->unknown_a = cur;
				r->unknown_b = next;
			}
		}
		/* cur got the route over `in` and sends it over `out`: a leak when
		 * it came from a provider or peer and goes to a provider or peer. */
		if (have_prev && r->status != ASREL_VF_LEAK && (in == HOP_DOWN || in == HOP_FLAT) &&
		    (out == HOP_UP || out == HOP_FLAT)) {
			r->status = ASREL_VF_LEAK;
			r->leak_type = in == HOP_DOWN ? (out == HOP_UP ? 1 : 3) : (out == HOP_FLAT ? 2 : 4);
			r->from = prev;
			r->leaker = cur;
			r->to = next;
			r->index = cur_idx;
		}
		prev = cur;
		have_prev = true;
		cur = next;
		cur_idx = i;
		in = out;
	}
	if (r->ases == 0)
		r->status = ASREL_VF_EMPTY;
	else if (r->status != ASREL_VF_LEAK && r->unknown_links)
		r->status = ASREL_VF_UNKNOWN;
}

bool asrel_sniff(const char *head, size_t len)
{
	struct text_lines l;
	struct text_view line;
	bool topology = false;
	text_lines_init(&l, head, len);
	while (text_lines_next(&l, &line)) {
		struct text_view t = text_trim(line);
		if (!t.len)
			continue;
		if (t.p[0] == '#') {
			if (memmem(t.p, t.len, "source:topology", 15) || memmem(t.p, t.len, "clique:", 7))
				topology = true;
			continue;
		}
		struct text_view f[5];
		int nf = text_split(t, '|', f, 4);
		uint32_t a, b;
		return (nf == 3 || nf == 4) && text_u32(f[0], &a) == 0 && text_u32(f[1], &b) == 0 &&
		       (text_eq(f[2], "-1") || text_eq(f[2], "0"));
	}
	/* Only comments in the head (CAIDA's header can be long). */
	return topology;
}
