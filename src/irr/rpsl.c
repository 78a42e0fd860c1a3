/*
 * Streaming RPSL reader (RFC 2622 section 2, RFC 4012): frames objects line
 * by line from a block-wise input, keeps only the attributes of classes it
 * decodes, and turns route, route6, aut-num, as-set and route-set objects
 * into fields. Bad objects come back with a static reason and a line number.
 */
#include "irr/rpsl.h"
#include "irr/rpsl_sniff.h"
#include "lib/xmalloc.h"

#include <stdio.h>
#include <string.h>

struct rpsl_attr {
	uint32_t name_off, name_len;
	uint32_t val_off, val_len;
	uint8_t id;          /* enum attr_id */
	uint64_t line;
};

/* ---- Reasons (static: they key the caller's rate limit) ------------- */

#define R_NOT_ATTR "RFC 2622 section 2: line is neither an attribute nor a continuation"
#define R_BAD_NAME "RFC 2622 section 2: attribute name is not letters, digits, '-' and '_' starting with a letter"
#define R_CONT_FIRST "RFC 2622 section 2: continuation line with no attribute to continue"
#define R_OBJ_BIG "object larger than 16 MiB"
#define R_MANY_ATTRS "object has more than 524288 attributes"
#define R_UNKNOWN_CLASS "RFC 2622 section 2: unknown object class"
#define R_UNKNOWN_ATTR "attribute not defined for this class"
#define R_REPEATED "single-valued attribute repeated"
#define R_MISSING "mandatory attribute missing"
#define R_ONE_VALUE "attribute takes a single value"
#define R_BAD_ROUTE "route: not an IPv4 prefix with zero host bits"
#define R_BAD_ROUTE6 "route6: not an IPv6 prefix with zero host bits"
#define R_BAD_ORIGIN "origin: not an AS number"
#define R_BAD_AUTNUM "aut-num: not an AS number"
#define R_BAD_AS_NAME "as-name: not one printable word"
#define R_BAD_SOURCE "source: not a registry name (letters, digits, '-', '_')"
#define R_BAD_AS_SET "RFC 2622 section 5.1: not an as-set name"
#define R_BAD_RS_SET "RFC 2622 section 5.2: not a route-set name"
#define W_BAD_AS_MEMBER "RFC 2622 section 5.1: as-set member is not an AS number or as-set name; ignored"
#define W_BAD_RS_MEMBER "RFC 2622 section 5.2: route-set member is not a prefix range, AS, as-set or route-set; ignored"
#define W_BAD_RANGE "RFC 2622 section 2: range operator out of bounds for the prefix; member ignored"

/* ---- Attribute and class tables ------------------------------------ */

enum attr_id {
	A_ROUTE, A_ROUTE6, A_AUT_NUM, A_AS_SET, A_ROUTE_SET,
	A_ORIGIN, A_SOURCE, A_MNT_BY, A_MEMBER_OF, A_MEMBERS, A_MP_MEMBERS, A_MBRS_BY_REF,
	A_AS_NAME, A_IMPORT, A_EXPORT, A_MP_IMPORT, A_MP_EXPORT, A_DEFAULT, A_MP_DEFAULT,
	A_IMPORT_VIA, A_EXPORT_VIA,
	A_DESCR, A_REMARKS, A_NOTIFY, A_MNT_LOWER, A_MNT_ROUTES, A_CHANGED, A_TECH_C, A_ADMIN_C,
	A_ORG, A_CREATED, A_LAST_MODIFIED, A_ABUSE_C,
	A_HOLES, A_INJECT, A_AGGR_MTD, A_AGGR_BNDRY, A_EXPORT_COMPS, A_COMPONENTS, A_PINGABLE,
	A_PING_HDL, A_CROSS_MNT, A_CROSS_NFY, A_GEOIDX, A_ROA_URI, A_RPKI_OV_STATE,
	A_STATUS, A_SPONSORING_ORG, A_COUNTRY, A_MNT_IRT, A_SRC_MEMBERS, A_EXCL_MEMBERS,
	A_NIDS,
	A_UNKNOWN = 255
};

static const char *const ATTR_NAMES[A_NIDS] = {
	"route", "route6", "aut-num", "as-set", "route-set",
	"origin", "source", "mnt-by", "member-of", "members", "mp-members", "mbrs-by-ref",
	"as-name", "import", "export", "mp-import", "mp-export", "default", "mp-default",
	"import-via", "export-via",
	"descr", "remarks", "notify", "mnt-lower", "mnt-routes", "changed", "tech-c", "admin-c",
	"org", "created", "last-modified", "abuse-c",
	"holes", "inject", "aggr-mtd", "aggr-bndry", "export-comps", "components", "pingable",
	"ping-hdl", "cross-mnt", "cross-nfy", "geoidx", "roa-uri", "rpki-ov-state",
	"status", "sponsoring-org", "country", "mnt-irt", "src-members", "excl-members",
};

#define BIT(a) (1ull << (a))

/* Attributes every decoded class accepts (RFC 2622 section 3.1, RFC 2725,
 * and what the RIPE, RADB and IRRd databases add). */
#define COMMON_ATTRS                                                                              \
	(BIT(A_DESCR) | BIT(A_REMARKS) | BIT(A_NOTIFY) | BIT(A_MNT_BY) | BIT(A_MNT_LOWER) |      \
	 BIT(A_CHANGED) | BIT(A_SOURCE) | BIT(A_TECH_C) | BIT(A_ADMIN_C) | BIT(A_ORG) |           \
	 BIT(A_CREATED) | BIT(A_LAST_MODIFIED) | BIT(A_ABUSE_C))

/* route and route6: RFC 2622 section 4, RFC 4012 section 3, RFC 2725;
 * rpki-ov-state is IRRd's annotation, roa-uri and geoidx other servers'. */
#define ROUTE_ATTRS                                                                               \
	(COMMON_ATTRS | BIT(A_ORIGIN) | BIT(A_HOLES) | BIT(A_MEMBER_OF) | BIT(A_INJECT) |         \
	 BIT(A_AGGR_MTD) | BIT(A_AGGR_BNDRY) | BIT(A_EXPORT_COMPS) | BIT(A_COMPONENTS) |          \
	 BIT(A_MNT_ROUTES) | BIT(A_PINGABLE) | BIT(A_PING_HDL) | BIT(A_CROSS_MNT) |               \
	 BIT(A_CROSS_NFY) | BIT(A_GEOIDX) | BIT(A_ROA_URI) | BIT(A_RPKI_OV_STATE))

/* aut-num: RFC 2622 section 6, RFC 4012 section 4; status, sponsoring-org
 * (RIPE), country and mnt-irt (APNIC). */
#define AUTNUM_ATTRS                                                                              \
	(COMMON_ATTRS | BIT(A_AUT_NUM) | BIT(A_AS_NAME) | BIT(A_MEMBER_OF) | BIT(A_IMPORT) |      \
	 BIT(A_EXPORT) | BIT(A_MP_IMPORT) | BIT(A_MP_EXPORT) | BIT(A_DEFAULT) | BIT(A_MP_DEFAULT) | \
	 BIT(A_IMPORT_VIA) | BIT(A_EXPORT_VIA) | BIT(A_MNT_ROUTES) | BIT(A_CROSS_MNT) |           \
	 BIT(A_CROSS_NFY) | BIT(A_STATUS) | BIT(A_SPONSORING_ORG) | BIT(A_COUNTRY) | BIT(A_MNT_IRT))

/* Sets: RFC 2622 sections 5.1 and 5.2, RFC 4012 section 2 (mp-members);
 * src-members and excl-members are accepted and not used (drafts). */
#define SET_ATTRS (COMMON_ATTRS | BIT(A_MEMBERS) | BIT(A_MBRS_BY_REF) | BIT(A_SRC_MEMBERS) | BIT(A_EXCL_MEMBERS))

struct class_def {
	const char *name;
	enum rpsl_class cls;
	uint64_t allowed;
};

/* Every class we know: the five we decode, then the others of RFC 2622,
 * RFC 2725, RFC 4012 and the RIPE, APNIC, ARIN and RADB databases. */
static const struct class_def CLASSES[] = {
	{ "route", RPSL_ROUTE, ROUTE_ATTRS | BIT(A_ROUTE) },
	{ "route6", RPSL_ROUTE6, ROUTE_ATTRS | BIT(A_ROUTE6) },
	{ "aut-num", RPSL_AUT_NUM, AUTNUM_ATTRS },
	{ "as-set", RPSL_AS_SET, SET_ATTRS | BIT(A_AS_SET) },
	{ "route-set", RPSL_ROUTE_SET, SET_ATTRS | BIT(A_ROUTE_SET) | BIT(A_MP_MEMBERS) },
	{ "as-block", RPSL_OTHER, 0 }, { "dictionary", RPSL_OTHER, 0 }, { "domain", RPSL_OTHER, 0 },
	{ "filter-set", RPSL_OTHER, 0 }, { "inet-rtr", RPSL_OTHER, 0 }, { "inet6num", RPSL_OTHER, 0 },
	{ "inetnum", RPSL_OTHER, 0 }, { "irt", RPSL_OTHER, 0 }, { "key-cert", RPSL_OTHER, 0 },
	{ "limerick", RPSL_OTHER, 0 }, { "mntner", RPSL_OTHER, 0 }, { "organisation", RPSL_OTHER, 0 },
	{ "peering-set", RPSL_OTHER, 0 }, { "person", RPSL_OTHER, 0 }, { "poem", RPSL_OTHER, 0 },
	{ "poetic-form", RPSL_OTHER, 0 }, { "repository", RPSL_OTHER, 0 }, { "role", RPSL_OTHER, 0 },
	{ "rtr-set", RPSL_OTHER, 0 },
};

static const char *const CLASS_NAMES[RPSL_NCLASSES] = { "route", "route6", "aut-num", "as-set", "route-set", "other" };

const char *rpsl_class_name(enum rpsl_class c)
{
	return (unsigned)c < RPSL_NCLASSES ? CLASS_NAMES[c] : "other";
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_word(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '_'; }
static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

static bool eq_nocase(const char *a, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	if (n != k)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(a[i]) != lit[i])
			return false;
	return true;
}

static const struct class_def *find_class(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof CLASSES / sizeof CLASSES[0]; i++)
		if (eq_nocase(s, n, CLASSES[i].name))
			return &CLASSES[i];
	return NULL;
}

bool rpsl_class_known(const char *s, size_t n) { return find_class(s, n) != NULL; }

static uint8_t find_attr(const char *s, size_t n)
{
	for (unsigned i = 0; i < A_NIDS; i++)
		if (eq_nocase(s, n, ATTR_NAMES[i]))
			return (uint8_t)i;
	return A_UNKNOWN;
}

/* Copies up to RPSL_DETAIL_MAX bytes of input for a message, with
 * unprintable bytes shown as '?'. */
static void set_detail(char *dst, const char *s, size_t n)
{
	if (n > RPSL_DETAIL_MAX)
		n = RPSL_DETAIL_MAX;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[n] = 0;
}

/* ---- Token parsers ------------------------------------------------- */

int rpsl_parse_asn(const char *s, size_t n, uint32_t *asn)
{
	if (n < 3 || n > 2 + 10 || lower(s[0]) != 'a' || lower(s[1]) != 's')
		return -1;
	uint64_t v = 0;
	for (size_t i = 2; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*asn = (uint32_t)v;
	return 0;
}

/* Decimal number of 1..digits digits at most max. */
static int parse_uint(const char *s, size_t n, unsigned digits, unsigned max, unsigned *out)
{
	if (n == 0 || n > digits)
		return -1;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int rpsl_parse_prefix(const char *s, size_t n, struct prefix *p)
{
	const char *slash = memchr(s, '/', n);
	if (!slash)
		return -1;
	size_t alen = (size_t)(slash - s);
	const char *lp = slash + 1;
	size_t llen = n - alen - 1;
	memset(p, 0, sizeof *p);
	unsigned len;
	if (memchr(s, ':', alen)) {
		char buf[IP_STRLEN];
		if (alen == 0 || alen >= sizeof buf || memchr(s, 0, alen))
			return -1;
		memcpy(buf, s, alen);
		buf[alen] = 0;
		struct ip_addr a;
		if (ip_parse(buf, &a) < 0 || a.afi != AFI_IPV6 || parse_uint(lp, llen, 3, 128, &len) < 0)
			return -1;
		p->afi = AFI_IPV6;
		memcpy(p->b, a.b, 16);
	} else {
		/* Dotted quad; octets in decimal with leading zeros allowed,
		 * since IRR data carries them (192.0.02.0/24). */
		size_t i = 0;
		for (int k = 0; k < 4; k++) {
			size_t j = i;
			while (j < alen && is_digit(s[j]))
				j++;
			unsigned v;
			if (parse_uint(s + i, j - i, 3, 255, &v) < 0)
				return -1;
			p->b[k] = (uint8_t)v;
			if (k < 3) {
				if (j >= alen || s[j] != '.')
					return -1;
				j++;
			}
			i = j;
		}
		if (i != alen || parse_uint(lp, llen, 2, 32, &len) < 0)
			return -1;
		p->afi = AFI_IPV4;
	}
	p->len = (uint8_t)len;
	struct prefix m = *p;
	prefix_mask(&m);
	return memcmp(m.b, p->b, 16) == 0 ? 0 : -1;
}

int rpsl_parse_op(const char *s, size_t n, struct rpsl_op *op)
{
	memset(op, 0, sizeof *op);
	if (n == 1 && s[0] == '-') {
		op->kind = RPSL_OP_MINUS;
		return 0;
	}
	if (n == 1 && s[0] == '+') {
		op->kind = RPSL_OP_PLUS;
		return 0;
	}
	const char *dash = memchr(s, '-', n);
	unsigned a, b;
	if (!dash) {
		if (parse_uint(s, n, 3, 128, &a) < 0)
			return -1;
		op->kind = RPSL_OP_N;
		op->n = (uint8_t)a;
		return 0;
	}
	size_t k = (size_t)(dash - s);
	if (parse_uint(s, k, 3, 128, &a) < 0 || parse_uint(dash + 1, n - k - 1, 3, 128, &b) < 0)
		return -1;
	op->kind = RPSL_OP_NM;
	op->n = (uint8_t)a;
	op->m = (uint8_t)b;
	return 0;
}

int rpsl_op_range(struct rpsl_op op, unsigned len, unsigned max, uint8_t *lo, uint8_t *hi)
{
	unsigned l = len, h = len;
	switch (op.kind) {
	case RPSL_OP_NONE:
		break;
	case RPSL_OP_MINUS:
		l = len + 1;
		h = max;
		break;
	case RPSL_OP_PLUS:
		h = max;
		break;
	case RPSL_OP_N:
		l = h = op.n;
		break;
	case RPSL_OP_NM:
		l = op.n;
		h = op.m;
		break;
	default:
		return -1;
	}
	if (l < len || l > h || h > max)
		return -1;
	*lo = (uint8_t)l;
	*hi = (uint8_t)h;
	return 0;
}

bool rpsl_set_name_ok(const char *s, size_t n, const char *prefix)
{
	if (n == 0 || n > RPSL_MAX_SET_NAME)
		return false;
	bool have_set = false;
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && s[j] != ':')
			j++;
		const char *c = s + i;
		size_t cl = j - i;
		uint32_t asn;
		if (cl > 3 && lower(c[0]) == lower(prefix[0]) && lower(c[1]) == lower(prefix[1]) && c[2] == '-') {
			for (size_t k = 3; k < cl; k++)
				if (!is_word(c[k]))
					return false;
			have_set = true;
		} else if (rpsl_parse_asn(c, cl, &asn) < 0) {
			return false;
		}
		i = j + 1;
	}
	return have_set;
}

bool rpsl_source_ok(const char *s, size_t n)
{
	if (n == 0 || n > RPSL_MAX_SOURCE || !is_alpha(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_word(s[i]))
			return false;
	return true;
}

/* ---- Input and lines ----------------------------------------------- */

void rpsl_reader_init(struct rpsl_reader *r, rpsl_read_fn read, void *ctx)
{
	memset(r, 0, sizeof *r);
	r->read = read;
	r->ctx = ctx;
	r->own_blk = xmalloc(RPSL_READ_BLOCK);
	r->blk = r->own_blk;
}

void rpsl_reader_init_mem(struct rpsl_reader *r, const void *buf, size_t len)
{
	memset(r, 0, sizeof *r);
	r->blk = buf;
	r->blk_len = len;
	r->eof = true;
}

void rpsl_reader_free(struct rpsl_reader *r)
{
	free(r->own_blk);
	free(r->line);
	free(r->text);
	free(r->attrs);
	free(r->members);
	free(r->views);
	memset(r, 0, sizeof *r);
}

static bool fill(struct rpsl_reader *r)
{
	if (r->eof || !r->read)
		return false;
	size_t n = r->read(r->ctx, r->own_blk, RPSL_READ_BLOCK);
	if (n < RPSL_READ_BLOCK)
		r->eof = true;
	r->blk_len = n;
	r->blk_pos = 0;
	return n > 0;
}

static void line_append(struct rpsl_reader *r, const uint8_t *s, size_t n)
{
	if (n == 0)
		return;
	if (r->line_len + n > RPSL_MAX_OBJECT) {
		r->line_long = true;
		n = RPSL_MAX_OBJECT - r->line_len;
	}
	if (r->line_len + n > r->line_cap) {
		r->line = xgrow(r->line, &r->line_cap, r->line_len + n, 1);
	}
	memcpy(r->line + r->line_len, s, n);
	r->line_len += n;
}

/* The next line into r->line; false at the end of the input. */
static bool get_line(struct rpsl_reader *r)
{
	if (r->have_line) {
		r->have_line = false;
		return true;
	}
	r->line_len = 0;
	r->line_long = false;
	bool any = false;
	for (;;) {
		if (r->blk_pos == r->blk_len && !fill(r)) {
			if (!any)
				return false;
			break;
		}
		any = true;
		const uint8_t *s = r->blk + r->blk_pos;
		size_t n = r->blk_len - r->blk_pos;
		const uint8_t *nl = memchr(s, '\n', n);
		size_t take = nl ? (size_t)(nl - s) : n;
		line_append(r, s, take);
		r->blk_pos += take + (nl ? 1 : 0);
		r->bytes += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (r->line_len && r->line[r->line_len - 1] == '\r')
		r->line_len--;
	r->lineno++;
	return true;
}

/* ---- Object text --------------------------------------------------- */

/* Appends to the object text; false if the object would pass the cap. */
static bool text_put(struct rpsl_reader *r, const char *s, size_t n)
{
	if (n == 0)
		return true;
	if (r->text_len + n > RPSL_MAX_OBJECT)
		return false;
	if (r->text_len + n > r->text_cap) {
		r->text = xgrow(r->text, &r->text_cap, r->text_len + n, 1);
	}
	memcpy(r->text + r->text_len, s, n);
	r->text_len += n;
	return true;
}

/* The part of a value line before any '#' comment, trimmed. */
static void clean_value(const char **s, size_t *n)
{
	const char *h = memchr(*s, '#', *n);
	size_t k = h ? (size_t)(h - *s) : *n;
	const char *p = *s;
	while (k && is_ws(*p)) {
		p++;
		k--;
	}
	while (k && is_ws(p[k - 1]))
		k--;
	*s = p;
	*n = k;
}

static const char *add_attr(struct rpsl_reader *r, const char *name, size_t nl, const char *val, size_t vl,
			    uint8_t id)
{
	if (r->nattrs == RPSL_MAX_ATTRS)
		return R_MANY_ATTRS;
	r->attrs = xgrow(r->attrs, &r->attrs_cap, r->nattrs + 1, sizeof *r->attrs);
	struct rpsl_attr *a = &r->attrs[r->nattrs];
	a->name_off = (uint32_t)r->text_len;
	a->name_len = (uint32_t)nl;
	char low[RPSL_MAX_ATTR_NAME];
	for (size_t i = 0; i < nl; i++)
		low[i] = lower(name[i]);
	if (!text_put(r, low, nl))
		return R_OBJ_BIG;
	clean_value(&val, &vl);
	a->val_off = (uint32_t)r->text_len;
	if (!text_put(r, val, vl))
		return R_OBJ_BIG;
	a->val_len = (uint32_t)vl;
	a->id = id;
	a->line = r->lineno;
	r->nattrs++;
	return NULL;
}

/* Continues the last attribute's value with one more line (its first
 * character, the continuation mark, already dropped). Only the last
 * attribute's value can grow, so it stays contiguous. */
static const char *add_cont(struct rpsl_reader *r, const char *s, size_t n)
{
	clean_value(&s, &n);
	if (n == 0)
		return NULL;
	struct rpsl_attr *a = &r->attrs[r->nattrs - 1];
	if (a->val_len && !text_put(r, "\n", 1))
		return R_OBJ_BIG;
	if (!text_put(r, s, n))
		return R_OBJ_BIG;
	a->val_len = (uint32_t)(r->text_len - a->val_off);
	return NULL;
}

static bool all_ws(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n > RPSL_MAX_ATTR_NAME || !is_alpha(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_word(s[i]))
			return false;
	return true;
}

/* ---- Decoding ------------------------------------------------------ */

static struct rpsl_view attr_val(const struct rpsl_reader *r, const struct rpsl_attr *a)
{
	struct rpsl_view v = { r->text + a->val_off, a->val_len };
	return v;
}

/* Next comma- or whitespace-separated token of a list value. */
static bool next_token(struct rpsl_view *v, struct rpsl_view *tok)
{
	const char *p = v->p, *e = v->p + v->len;
	while (p < e && (is_ws(*p) || *p == ','))
		p++;
	const char *q = p;
	while (q < e && !is_ws(*q) && *q != ',')
		q++;
	v->len = (size_t)(e - q);
	v->p = q;
	tok->p = p;
	tok->len = (size_t)(q - p);
	return tok->len > 0;
}

static void warn(struct rpsl_object *o, const char *reason, uint64_t line, struct rpsl_view tok)
{
	if (o->nwarn++ == 0) {
		o->warn_reason = reason;
		o->warn_line = line;
		set_detail(o->warn_detail, tok.p, tok.len);
	}
}

static struct rpsl_view *push_view(struct rpsl_reader *r, struct rpsl_view v)
{
	r->views = xgrow(r->views, &r->views_cap, r->nviews + 1, sizeof *r->views);
	r->views[r->nviews] = v;
	return &r->views[r->nviews++];
}

/* True if every byte is printable ASCII other than space. */
static bool printable(struct rpsl_view v)
{
	for (size_t i = 0; i < v.len; i++)
		if ((unsigned char)v.p[i] <= 0x20 || (unsigned char)v.p[i] >= 0x7f)
			return false;
	return true;
}

/* Collects the tokens of every attribute `id` into r->views; returns how
 * many (they are the last ones added). Names are printable words (RFC 2622
 * section 2): tokens with other bytes are dropped. */
static size_t collect(struct rpsl_reader *r, uint8_t id)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nattrs; i++) {
		if (r->attrs[i].id != id)
			continue;
		struct rpsl_view v = attr_val(r, &r->attrs[i]), t;
		while (next_token(&v, &t)) {
			if (!printable(t))
				continue;
			push_view(r, t);
			n++;
		}
	}
	return n;
}

/* The first printable token of the attributes named id (a contact
 * handle), or an empty view. */
static void first_handle(const struct rpsl_reader *r, uint8_t id, struct rpsl_view *out)
{
	out->p = NULL;
	out->len = 0;
	for (size_t i = 0; i < r->nattrs; i++) {
		if (r->attrs[i].id != id)
			continue;
		struct rpsl_view v = attr_val(r, &r->attrs[i]), t;
		while (next_token(&v, &t))
			if (printable(t)) {
				*out = t;
				return;
			}
	}
}

static struct rpsl_member *push_member(struct rpsl_reader *r)
{
	r->members = xgrow(r->members, &r->members_cap, r->nmembers + 1, sizeof *r->members);
	struct rpsl_member *m = &r->members[r->nmembers++];
	memset(m, 0, sizeof *m);
	return m;
}

/* Parses one member token into m. route_set: the token is a route-set
 * member (prefix ranges, route-sets and operators allowed). Returns the
 * warning reason or NULL. */
static const char *parse_member(struct rpsl_view t, bool route_set, struct rpsl_member *m)
{
	const char *bad = route_set ? W_BAD_RS_MEMBER : W_BAD_AS_MEMBER;
	const char *s = t.p;
	size_t n = t.len;
	const char *caret = memchr(s, '^', n);
	size_t base = caret ? (size_t)(caret - s) : n;
	if (caret && (!route_set || rpsl_parse_op(caret + 1, n - base - 1, &m->op) < 0))
		return bad;
	if (memchr(s, '/', base)) {
		/* A prefix range (IPv6 ones contain "::", so before SOURCE::). */
		if (!route_set || rpsl_parse_prefix(s, base, &m->prefix) < 0)
			return bad;
		m->type = RPSL_MEMBER_PREFIX;
		unsigned max = m->prefix.afi == AFI_IPV6 ? 128 : 32;
		if (rpsl_op_range(m->op, m->prefix.len, max, &m->lo, &m->hi) < 0)
			return W_BAD_RANGE;
		return NULL;
	}
	/* SOURCE::NAME (IRRd and bgpq4 convention). */
	for (size_t i = 0; i + 1 < base; i++) {
		if (s[i] == ':' && s[i + 1] == ':') {
			if (!rpsl_source_ok(s, i))
				return bad;
			m->source.p = s;
			m->source.len = i;
			s += i + 2;
			base -= i + 2;
			break;
		}
	}
	if (rpsl_parse_asn(s, base, &m->asn) == 0) {
		if (m->source.len)
			return bad;
		m->type = RPSL_MEMBER_ASN;
		return NULL;
	}
	m->name.p = s;
	m->name.len = base;
	if (rpsl_set_name_ok(s, base, "AS-")) {
		m->type = RPSL_MEMBER_AS_SET;
		return NULL;
	}
	if (route_set && rpsl_set_name_ok(s, base, "RS-")) {
		m->type = RPSL_MEMBER_ROUTE_SET;
		return NULL;
	}
	return bad;
}

static void parse_members(struct rpsl_reader *r, struct rpsl_object *o, bool route_set)
{
	for (size_t i = 0; i < r->nattrs; i++) {
		const struct rpsl_attr *a = &r->attrs[i];
		if (a->id != A_MEMBERS && a->id != A_MP_MEMBERS)
			continue;
		struct rpsl_view v = attr_val(r, a), t;
		while (next_token(&v, &t)) {
			struct rpsl_member *m = push_member(r);
			const char *why = parse_member(t, route_set, m);
			if (why) {
				r->nmembers--;
				warn(o, why, a->line, t);
			}
		}
	}
}

static enum rpsl_status bad(struct rpsl_object *o, const char *reason, uint64_t line, struct rpsl_view v)
{
	o->reason = reason;
	o->err_line = line;
	set_detail(o->detail, v.p, v.len);
	return RPSL_MALFORMED;
}

/* A single-token value: the whole (trimmed) value must be one token. */
static bool single(struct rpsl_view v)
{
	for (size_t i = 0; i < v.len; i++)
		if (is_ws(v.p[i]))
			return false;
	return v.len > 0;
}

static enum rpsl_status decode(struct rpsl_reader *r, struct rpsl_object *o, const struct class_def *c)
{
	/* Attribute names and repetition of single-valued ones. */
	const struct rpsl_attr *key = &r->attrs[0], *origin = NULL, *source = NULL, *as_name = NULL;
	bool have_mnt = false;
	for (size_t i = 0; i < r->nattrs; i++) {
		const struct rpsl_attr *a = &r->attrs[i];
		struct rpsl_view name = { r->text + a->name_off, a->name_len };
		if (a->id == A_UNKNOWN || !(c->allowed & BIT(a->id)))
			return bad(o, R_UNKNOWN_ATTR, a->line, name);
		const struct rpsl_attr **slot = NULL;
		switch (a->id) {
		case A_ORIGIN: slot = &origin; break;
		case A_SOURCE: slot = &source; break;
		case A_AS_NAME: slot = &as_name; break;
		case A_MNT_BY: have_mnt = true; break;
		case A_IMPORT: o->n_import++; break;
		case A_EXPORT: o->n_export++; break;
		case A_MP_IMPORT: o->n_mp_import++; break;
		case A_MP_EXPORT: o->n_mp_export++; break;
		default:
			if (i > 0 && a->id == key->id)
				return bad(o, R_REPEATED, a->line, name);
			break;
		}
		if (slot) {
			if (*slot)
				return bad(o, R_REPEATED, a->line, name);
			*slot = a;
		}
	}
	/* Mandatory attributes (RFC 2622 sections 3-6, as IRRd applies them:
	 * descr, tech-c, admin-c and changed are not required). */
	if ((c->cls == RPSL_ROUTE || c->cls == RPSL_ROUTE6) && !origin)
		return bad(o, R_MISSING, o->line, (struct rpsl_view){ "origin", 6 });
	if (c->cls == RPSL_AUT_NUM && !as_name)
		return bad(o, R_MISSING, o->line, (struct rpsl_view){ "as-name", 7 });
	if (!have_mnt)
		return bad(o, R_MISSING, o->line, (struct rpsl_view){ "mnt-by", 6 });
	if (!source)
		return bad(o, R_MISSING, o->line, (struct rpsl_view){ "source", 6 });

	o->key = attr_val(r, key);
	o->source = attr_val(r, source);
	if (!single(o->key))
		return bad(o, R_ONE_VALUE, key->line, o->key);
	if (!single(o->source) || !rpsl_source_ok(o->source.p, o->source.len))
		return bad(o, R_BAD_SOURCE, source->line, o->source);
	switch (c->cls) {
	case RPSL_ROUTE:
	case RPSL_ROUTE6: {
		uint8_t afi = c->cls == RPSL_ROUTE ? AFI_IPV4 : AFI_IPV6;
		if (rpsl_parse_prefix(o->key.p, o->key.len, &o->prefix) < 0 || o->prefix.afi != afi)
			return bad(o, afi == AFI_IPV4 ? R_BAD_ROUTE : R_BAD_ROUTE6, key->line, o->key);
		struct rpsl_view ov = attr_val(r, origin);
		if (!single(ov) || rpsl_parse_asn(ov.p, ov.len, &o->asn) < 0)
			return bad(o, R_BAD_ORIGIN, origin->line, ov);
		break;
	}
	case RPSL_AUT_NUM:
		if (rpsl_parse_asn(o->key.p, o->key.len, &o->asn) < 0)
			return bad(o, R_BAD_AUTNUM, key->line, o->key);
		o->as_name = attr_val(r, as_name);
		if (!single(o->as_name) || !printable(o->as_name))
			return bad(o, R_BAD_AS_NAME, as_name->line, o->as_name);
		break;
	case RPSL_AS_SET:
		if (!rpsl_set_name_ok(o->key.p, o->key.len, "AS-"))
			return bad(o, R_BAD_AS_SET, key->line, o->key);
		parse_members(r, o, false);
		break;
	case RPSL_ROUTE_SET:
		if (!rpsl_set_name_ok(o->key.p, o->key.len, "RS-"))
			return bad(o, R_BAD_RS_SET, key->line, o->key);
		parse_members(r, o, true);
		break;
	default:
		break;
	}
	/* Lists of names; views point into the object text. */
	size_t start = r->nviews;
	o->nmnt_by = collect(r, A_MNT_BY);
	o->nmember_of = collect(r, A_MEMBER_OF);
	o->nmbrs_by_ref = collect(r, A_MBRS_BY_REF);
	if (o->nmnt_by == 0)   /* only empty mnt-by attributes */
		return bad(o, R_MISSING, o->line, (struct rpsl_view){ "mnt-by", 6 });
	o->mnt_by = r->views + start;
	o->member_of = o->mnt_by + o->nmnt_by;
	o->mbrs_by_ref = o->member_of + o->nmember_of;
	first_handle(r, A_ADMIN_C, &o->contact[RPSL_ADMIN_C]);
	first_handle(r, A_TECH_C, &o->contact[RPSL_TECH_C]);
	first_handle(r, A_ABUSE_C, &o->contact[RPSL_ABUSE_C]);
	o->members = r->members;
	o->nmembers = r->nmembers;
	return RPSL_OK;
}

/* ---- Framing ------------------------------------------------------- */

static void set_err(struct rpsl_object *o, const char *reason, uint64_t line, const char *s, size_t n)
{
	if (o->reason)
		return;
	o->reason = reason;
	o->err_line = line;
	set_detail(o->detail, s, n);
}

enum rpsl_status rpsl_next(struct rpsl_reader *r, struct rpsl_object *o)
{
	memset(o, 0, sizeof *o);
	o->cls = RPSL_OTHER;
	r->text_len = 0;
	r->nattrs = 0;
	r->nmembers = 0;
	r->nviews = 0;
	r->store = false;
	r->ws_pending = false;
	bool in_obj = false;
	const struct class_def *cls = NULL;
	size_t class_len = 0;

	while (get_line(r)) {
		const char *s = r->line;
		size_t n = r->line_len;
		if (n == 0) {
			if (in_obj)
				break;
			continue;
		}
		if (s[0] == '#' || s[0] == '%')
			continue;
		if (all_ws(s, n)) {
			if (in_obj)
				r->ws_pending = true;
			continue;
		}
		if (s[0] == ' ' || s[0] == '\t' || s[0] == '+') {
			r->ws_pending = false;
			if (!in_obj) {
				in_obj = true;
				o->line = r->lineno;
				set_err(o, R_CONT_FIRST, r->lineno, s, n);
				continue;
			}
			if (r->store && !o->reason) {
				const char *why = r->line_long ? R_OBJ_BIG : add_cont(r, s + 1, n - 1);
				if (why)
					set_err(o, why, r->lineno, s, n);
			}
			continue;
		}
		const char *colon = memchr(s, ':', n);
		size_t nl = colon ? (size_t)(colon - s) : n;
		/* A whitespace-only line ends the object only if a new object
		 * starts right after it. */
		if (in_obj && r->ws_pending && colon && find_class(s, nl)) {
			r->have_line = true;
			break;
		}
		r->ws_pending = false;
		if (!in_obj) {
			in_obj = true;
			o->line = r->lineno;
		}
		if (!colon) {
			set_err(o, R_NOT_ATTR, r->lineno, s, n);
			continue;
		}
		if (!name_ok(s, nl)) {
			set_err(o, R_BAD_NAME, r->lineno, s, nl);
			continue;
		}
		if (r->nattrs == 0 && !cls && !o->reason) {
			/* The first attribute names the class. */
			cls = find_class(s, nl);
			class_len = nl;
			if (!cls)
				set_err(o, R_UNKNOWN_CLASS, r->lineno, s, nl);
			r->store = cls && cls->cls != RPSL_OTHER;
			if (!r->store) {
				/* Keep the class name only. */
				char low[RPSL_MAX_ATTR_NAME];
				for (size_t i = 0; i < nl; i++)
					low[i] = lower(s[i]);
				text_put(r, low, nl);
				continue;
			}
		}
		if (r->store && !o->reason) {
			const char *why = r->line_long ? R_OBJ_BIG
						       : add_attr(r, s, nl, colon + 1, n - nl - 1, find_attr(s, nl));
			if (why)
				set_err(o, why, r->lineno, s, nl);
		}
	}
	if (!in_obj)
		return RPSL_EOF;
	r->objects++;
	if (class_len) {
		o->class_name.p = r->text;
		o->class_name.len = class_len;
	}
	if (cls)
		o->cls = cls->cls;
	if (o->reason)
		return RPSL_MALFORMED;
	if (!r->store)
		return RPSL_SKIPPED;
	return decode(r, o, cls);
}
