/*
 * Printing filters in each router's syntax, byte for byte as bgpq4 prints
 * them (bgpq4 1.9 by default, the current release with FILTER_COMPAT_1_16),
 * including its empty-list conventions and its quirks, since operators
 * diff generated configurations. Pure: a tree or an AS list in, bytes out.
 */
#include "irr/filter.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* "addr<sep>len", the address as inet_ntop(3) writes it (as bgpq4 does). */
static void addr_str(const struct prefix *p, char *out, size_t outlen)
{
	if (!inet_ntop(p->afi == AFI_IPV6 ? AF_INET6 : AF_INET, p->b, out, (socklen_t)outlen))
		snprintf(out, outlen, "?");
}

static void pfx_str(const struct prefix *p, const char *sep, char *out, size_t outlen)
{
	char a[INET6_ADDRSTRLEN];
	addr_str(p, a, sizeof a);
	snprintf(out, outlen, "%s%s%u", a, sep, p->len);
}

static const char *name_of(const struct filter_opts *o)
{
	return o->name ? o->name : "NN";
}

static const char *ip_word(uint8_t afi)
{
	return afi == AFI_IPV6 ? "ipv6" : "ip";
}

/* Lowest length an aggregate admits as bgpq4 shows it: its own length
 * when the range starts there. */
static unsigned lo_of(const struct filter_node *n)
{
	return n->agg_lo > n->prefix.len ? n->agg_lo : n->prefix.len;
}

/* ---- Per-entry printers ------------------------------------------------ */

/*
 * One entry of a list, for the syntaxes that print each prefix on its own
 * with no state between entries: templates in the -F language of
 * p_format (%n address, %l length, %a / %A the range, %N the list name,
 * plus %w for "ip" or "ipv6"). `exact` for a plain prefix; `range` for an
 * aggregate whose range starts past the prefix's own length (NULL: the
 * exact form); `upto` for one starting at that length (NULL: the range
 * form, %a being the own length then).
 */
struct entry_fmt {
	const char *exact, *range, *upto;
};

static const struct entry_fmt F_JUNOS_PLIST = { "    %n/%l;\n", NULL, NULL };
static const struct entry_fmt F_JUNOS_RF = {
	"    %n/%l exact;\n", "    %n/%l prefix-length-range /%a-/%A;\n", "    %n/%l upto /%A;\n"
};
static const struct entry_fmt F_JUNOS_RF_PREFIXED = {
	"    route-filter %n/%l exact;\n", "    route-filter %n/%l prefix-length-range /%a-/%A;\n",
	"    route-filter %n/%l upto /%A;\n"
};
static const struct entry_fmt F_NOKIA = { "    prefix %n/%l exact\n", "    prefix %n/%l prefix-length-range %a-%A\n",
					  NULL };
static const struct entry_fmt F_NOKIA_MD = {
	"    prefix %n/%l type exact {\n    }\n",
	"    prefix %n/%l type range {\n        start-length %a\n        end-length %A\n    }\n",
	"    prefix %n/%l type through {\n        through-length %A\n    }\n"
};
static const struct entry_fmt F_SRL = { "    prefix %n/%l mask-length-range exact { }\n",
					"    prefix %n/%l mask-length-range %a..%A { }\n", NULL };
static const struct entry_fmt F_HUAWEI = { "ip %w-prefix %N permit %n %l\n",
					   "ip %w-prefix %N permit %n %l greater-equal %a less-equal %A\n",
					   "ip %w-prefix %N permit %n %l less-equal %A\n" };

struct pctx {
	FILE *f;
	const struct filter_opts *o;
	bool comma;             /* an entry was printed before (list separators) */
	int seq;                /* sequence numbers; 0 = none */
	const struct entry_fmt *ef;  /* p_entry: the vendor's templates */
};

static void put_fmt(struct pctx *c, const struct filter_node *n, const char *fmt);

static void p_entry(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	const struct entry_fmt *e = c->ef;
	const char *fmt = e->exact;
	if (n->aggregate && e->range)
		fmt = n->agg_lo > n->prefix.len || !e->upto ? e->range : e->upto;
	put_fmt(c, n, fmt);
}

/* Cisco-style range of an aggregate: " ge LO le HI" when it starts past
 * the prefix's own length, " le HI" when it starts there. */
static void put_ge_le(FILE *f, const struct filter_node *n)
{
	if (!n->aggregate)
		return;
	if (n->agg_lo > n->prefix.len)
		fprintf(f, " ge %u le %u", n->agg_lo, n->agg_hi);
	else
		fprintf(f, " le %u", n->agg_hi);
}

static void p_cisco(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char p[64], seq[24] = "";
	pfx_str(&n->prefix, "/", p, sizeof p);
	if (c->seq)
		snprintf(seq, sizeof seq, " seq %d", c->seq++);
	fprintf(c->f, "%s prefix-list %s%s permit %s", ip_word(n->prefix.afi), name_of(c->o), seq, p);
	put_ge_le(c->f, n);
	fputc('\n', c->f);
}

static void p_arista(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char p[64];
	pfx_str(&n->prefix, "/", p, sizeof p);
	/* bgpq4 1.9 printed one space too many before "seq". */
	fprintf(c->f, c->o->compat == FILTER_COMPAT_1_9 ? "    seq %d permit %s" : "   seq %d permit %s", c->seq++, p);
	put_ge_le(c->f, n);
	fputc('\n', c->f);
}

/* IOS XR prefix-set and Huawei XPL: comma-separated lines. */
static void p_xr(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	bool xpl = c->o->vendor == FILTER_HUAWEI_XPL;
	char p[64];
	pfx_str(&n->prefix, xpl ? " " : "/", p, sizeof p);
	fprintf(c->f, "%s%s%s", c->comma ? ",\n " : " ", xpl ? " " : "", p);
	put_ge_le(c->f, n);
	c->comma = true;
}

static void p_json(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char p[64];
	pfx_str(&n->prefix, "\\/", p, sizeof p);
	const char *sep = c->comma ? "," : "";
	if (!n->aggregate)
		fprintf(c->f, "%s\n    { \"prefix\": \"%s\", \"exact\": true }", sep, p);
	else if (n->agg_lo > n->prefix.len)
		fprintf(c->f, "%s\n    { \"prefix\": \"%s\", \"exact\": false,\n      \"greater-equal\": %u, \"less-equal\": %u }",
			sep, p, n->agg_lo, n->agg_hi);
	else
		fprintf(c->f, "%s\n    { \"prefix\": \"%s\", \"exact\": false, \"less-equal\": %u }", sep, p, n->agg_hi);
	c->comma = true;
}

static void p_bird(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char p[64];
	pfx_str(&n->prefix, "/", p, sizeof p);
	fprintf(c->f, "%s\n    %s", c->comma ? "," : "", p);
	if (n->aggregate)
		fprintf(c->f, "{%u,%u}", lo_of(n), n->agg_hi);
	c->comma = true;
}

static void p_openbgpd(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char p[64];
	pfx_str(&n->prefix, "/", p, sizeof p);
	if (!n->aggregate)
		fprintf(c->f, "\n\t%s", p);
	else if (n->agg_lo == n->agg_hi)
		fprintf(c->f, "\n\t%s prefixlen = %u", p, n->agg_hi);
	else
		fprintf(c->f, "\n\t%s prefixlen %u - %u", p, lo_of(n), n->agg_hi);
}

static void p_mikrotik(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char p[64];
	pfx_str(&n->prefix, "/", p, sizeof p);
	const char *fam = n->prefix.afi == AFI_IPV6 ? "V6" : "V4";
	bool old = c->o->compat == FILTER_COMPAT_1_9;
	if (c->o->vendor == FILTER_MIKROTIK6) {
		if (n->aggregate)
			fprintf(c->f, "/routing filter add action=accept chain=\"%s-%s\" prefix=%s prefix-length=%u-%u\n",
				name_of(c->o), fam, p, n->agg_lo, n->agg_hi);
		else
			fprintf(c->f, "/routing filter add action=accept chain=\"%s-%s\" prefix=%s\n", name_of(c->o), fam,
				p);
	} else if (n->aggregate) {
		fprintf(c->f, "/routing filter rule add chain=\"%s-%s\"%s rule=\"if (dst in %s && dst-len in %u-%u) {accept}\"\n",
			name_of(c->o), fam, old ? " " : "", p, n->agg_lo, n->agg_hi);
	} else {
		fprintf(c->f, "/routing filter rule add chain=\"%s-%s\" rule=\"if (dst%s%s) {accept}\"\n", name_of(c->o),
			fam, old ? "=" : "==", p);
	}
}

/* Netmask of a length the way bgpq4 computes it for access-lists (a /32
 * comes out as 0.0.0.0 there, and so it does here). */
static uint32_t acl_netmask(unsigned len)
{
	if (len == 32)
		return 0;
	if (len == 0)
		return 0xffffffffu;
	return 0xffffffffu << (32 - len);
}

static const char *v4_str(uint32_t host, char *buf)
{
	struct in_addr a = { .s_addr = htonl(host) };
	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
	return buf;
}

static void p_cisco_acl(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char a[INET6_ADDRSTRLEN], b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];
	addr_str(&n->prefix, a, sizeof a);
	if (!n->aggregate) {
		fprintf(c->f, " permit ip host %s host %s\n", a, v4_str(acl_netmask(n->prefix.len), b1));
		return;
	}
	uint64_t all = 0xffffffffu;
	uint32_t wild2 = n->agg_hi == 32 ? 0 : (uint32_t)(all >> n->agg_hi);
	uint32_t wildaddr = (uint32_t)(all >> n->prefix.len) & ~wild2;
	uint32_t mask = n->agg_lo == 32 ? 0xffffffffu : (uint32_t)(all & (all << (32 - n->agg_lo)));
	uint32_t wildmask = (uint32_t)(all >> n->agg_lo) & ~wild2;
	if (wildaddr)
		fprintf(c->f, " permit ip %s %s ", a, v4_str(wildaddr, b1));
	else
		fprintf(c->f, " permit ip host %s ", a);
	if (wildmask)
		fprintf(c->f, "%s %s\n", v4_str(mask, b1), v4_str(wildmask, b2));
	else
		fprintf(c->f, "host %s\n", v4_str(mask, b1));
}

static void p_prefix_only(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (n->glue)
		return;
	char p[64];
	pfx_str(&n->prefix, "/", p, sizeof p);
	if (c->o->vendor == FILTER_NOKIA)
		fprintf(c->f, "    prefix %s\n", p);
	else if (c->o->vendor == FILTER_NOKIA_MD)
		fprintf(c->f, "    prefix %s { }\n", p);
	else {
		fprintf(c->f, " entry %d {\n  action { accept { } }\n  match { source-ip { prefix %s } } }\n", c->seq, p);
		c->seq += 10;
	}
}

/* -F: %n network, %l length, %a / %A range, %N name, %m mask, %i inverse
 * mask, %% and \n \t \\ escapes (filter_format_ok checks them first). */
static void mask_bytes(const struct prefix *p, bool inverse, struct prefix *q)
{
	*q = *p;
	unsigned bytes = p->afi == AFI_IPV6 ? 16 : 4;
	for (unsigned i = 0; i < bytes; i++) {
		unsigned bits = p->len > i * 8 ? p->len - i * 8 : 0;
		uint8_t m = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
		q->b[i] = inverse ? (uint8_t)~m : m;
	}
}

int filter_format_ok(const char *fmt, const char **why)
{
	for (const char *s = fmt; *s; s++) {
		if (*s == '%') {
			if (!s[1] || !strchr("nrlaA%Nmi", s[1])) {
				*why = "-F: unknown format sequence (%n %l %a %A %N %m %i %% only)";
				return -1;
			}
			s++;
		} else if (*s == '\\') {
			if (!s[1]) {
				*why = "-F: a lone backslash at the end";
				return -1;
			}
			s++;
		}
	}
	return 0;
}

/* Writes fmt for entry n: the -F sequences, and %w ("ip" or "ipv6"), which
 * only the built-in templates use (filter_format_ok refuses it in -F). */
static void put_fmt(struct pctx *c, const struct filter_node *n, const char *fmt)
{
	unsigned lo = n->prefix.len, hi = n->prefix.len;
	if (n->aggregate) {
		lo = lo_of(n);
		hi = n->agg_hi;
	}
	char a[INET6_ADDRSTRLEN];
	struct prefix q;
	for (const char *s = fmt; *s;) {
		if (*s == '%') {
			switch (s[1]) {
			case 'n':
			case 'r':
				addr_str(&n->prefix, a, sizeof a);
				fputs(a, c->f);
				break;
			case 'l': fprintf(c->f, "%u", n->prefix.len); break;
			case 'a': fprintf(c->f, "%u", lo); break;
			case 'A': fprintf(c->f, "%u", hi); break;
			case '%': fputc('%', c->f); break;
			case 'N': fputs(name_of(c->o), c->f); break;
			case 'w': fputs(ip_word(n->prefix.afi), c->f); break;
			case 'm':
			case 'i':
				mask_bytes(&n->prefix, s[1] == 'i', &q);
				addr_str(&q, a, sizeof a);
				fputs(a, c->f);
				break;
			default:
				return;   /* refused by filter_format_ok */
			}
			s += 2;
		} else if (*s == '\\') {
			if (!s[1])
				return;
			fputc(s[1] == 'n' ? '\n' : s[1] == 't' ? '\t' : s[1], c->f);
			s += 2;
		} else {
			fputc(*s++, c->f);
		}
	}
}

static void p_format(const struct filter_tree *t, const struct filter_node *n, void *v)
{
	struct pctx *c = v;
	(void)t;
	if (!n->glue)
		put_fmt(c, n, c->o->format);
}

/* ---- Whole prefix filters ----------------------------------------------- */

/* Prefix lists written as a header naming the list twice (head[0] name
 * head[1] name head[2]), the entries, a footer; an empty list is just the
 * header and footer. */
struct bracketed {
	enum filter_vendor vendor;
	const char *head[3];
	const struct entry_fmt *entry;
	const char *foot;
};

static const struct bracketed BRACKETED[] = {
	{ FILTER_NOKIA, { "configure router policy-options\nbegin\nno prefix-list \"", "\"\nprefix-list \"", "\"\n" },
	  &F_NOKIA, "exit\ncommit\n" },
	{ FILTER_NOKIA_MD, { "/configure policy-options\ndelete prefix-list \"", "\"\nprefix-list \"", "\" {\n" },
	  &F_NOKIA_MD, "}\n" },
	{ FILTER_NOKIA_SRL, { "/routing-policy\ndelete prefix-set \"", "\"\nprefix-set \"", "\" {\n" }, &F_SRL, "}\n" },
};

static int print_prefixlist(FILE *f, const struct filter_tree *t, const struct filter_opts *o)
{
	struct pctx c = { .f = f, .o = o, .seq = o->sequence ? 1 : 0 };
	const char *nm = name_of(o), *ipw = ip_word(o->afi);
	const char *any = o->afi == AFI_IPV6 ? "::/0" : "0.0.0.0/0";
	bool empty = filter_tree_empty(t);

	switch (o->vendor) {
	case FILTER_CISCO:
		fprintf(f, "no %s prefix-list %s\n", ipw, nm);
		if (!empty)
			filter_tree_walk(t, p_cisco, &c);
		else
			fprintf(f, "! generated prefix-list %s is empty\n%s prefix-list %s%s deny %s\n", nm, ipw, nm,
				c.seq ? " seq 1" : "", any);
		return 0;
	case FILTER_ARISTA:
		c.seq = 1;
		fprintf(f, "no %s prefix-list %s\n", ipw, nm);
		if (!empty) {
			fprintf(f, "%s prefix-list %s\n", ipw, nm);
			filter_tree_walk(t, p_arista, &c);
		} else {
			fprintf(f, "! generated prefix-list %s is empty\n%s prefix-list %s\n   seq %d deny %s\n", nm, ipw, nm,
				c.seq, any);
		}
		return 0;
	case FILTER_CISCO_XR:
		fprintf(f, "no prefix-set %s\nprefix-set %s\n", nm, nm);
		filter_tree_walk(t, p_xr, &c);
		fputs("\nend-set\n", f);
		return 0;
	case FILTER_JUNIPER:
		fprintf(f, "policy-options {\nreplace:\n prefix-list %s {\n", nm);
		c.ef = &F_JUNOS_PLIST;
		filter_tree_walk(t, p_entry, &c);
		fputs(" }\n}\n", f);
		return 0;
	case FILTER_JSON:
		fprintf(f, "{ \"%s\": [", nm);
		filter_tree_walk(t, p_json, &c);
		fputs("\n] }\n", f);
		return 0;
	case FILTER_BIRD:
		/* bgpq4 prints nothing at all for an empty list in BIRD syntax. */
		if (!empty) {
			fprintf(f, "%s = [", nm);
			filter_tree_walk(t, p_bird, &c);
			fputs("\n];\n", f);
		}
		return 0;
	case FILTER_OPENBGPD: {
		bool named = strcmp(nm, "NN") != 0;
		if (empty) {
			fprintf(f, "# generated prefix-list %s (AS %u) is empty\n", nm, o->asnumber);
			if (!o->asnumber)
				fputs("# use -a <asn> to generate \"deny from ASN <asn>\" instead of this list\n", f);
		}
		if (!empty || !o->asnumber) {
			if (named)
				fprintf(f, "%s=\"", nm);
			fputs("prefix { ", f);
			filter_tree_walk(t, p_openbgpd, &c);
			fprintf(f, "\n\t}%s\n", named ? "\"" : "");
		} else {
			fprintf(f, "deny from AS %u\n", o->asnumber);
		}
		return 0;
	}
	case FILTER_FORMAT: {
		filter_tree_walk(t, p_format, &c);
		size_t len = strlen(o->format);
		if (len < 2 || !(o->format[len - 2] == '\\' && o->format[len - 1] == 'n'))
			fputc('\n', f);
		return 0;
	}
	case FILTER_NOKIA:
	case FILTER_NOKIA_MD:
	case FILTER_NOKIA_SRL:
		for (size_t i = 0; i < sizeof BRACKETED / sizeof BRACKETED[0]; i++) {
			const struct bracketed *b = &BRACKETED[i];
			if (b->vendor != o->vendor)
				continue;
			fprintf(f, "%s%s%s%s%s", b->head[0], nm, b->head[1], nm, b->head[2]);
			c.ef = b->entry;
			filter_tree_walk(t, p_entry, &c);
			fputs(b->foot, f);
		}
		return 0;
	case FILTER_HUAWEI:
		fprintf(f, "undo ip %s-prefix %s\n", ipw, nm);
		c.ef = &F_HUAWEI;
		if (!empty)
			filter_tree_walk(t, p_entry, &c);
		else
			fprintf(f, "ip %s-prefix %s%s deny %s\n", ipw, nm, c.seq ? " seq 1" : "", any);
		return 0;
	case FILTER_HUAWEI_XPL:
		fprintf(f, "no xpl %s-prefix-list %s\nxpl %s-prefix-list %s\n", ipw, nm, ipw, nm);
		filter_tree_walk(t, p_xr, &c);
		fputs("\nend-list\n", f);
		return 0;
	case FILTER_MIKROTIK6:
	case FILTER_MIKROTIK7:
		if (!empty)
			filter_tree_walk(t, p_mikrotik, &c);
		else
			fprintf(f, "# generated prefix-list %s is empty\n", nm);
		return 0;
	}
	return -1;
}

static int print_eacl(FILE *f, const struct filter_tree *t, const struct filter_opts *o)
{
	struct pctx c = { .f = f, .o = o, .ef = &F_JUNOS_RF_PREFIXED };
	const char *nm = name_of(o);
	bool empty = filter_tree_empty(t);
	const char *ipw = ip_word(o->afi);

	switch (o->vendor) {
	case FILTER_JUNIPER: {
		const char *slash = strchr(nm, '/');
		if (slash) {
			fprintf(f, "policy-options {\n policy-statement %.*s {\n  term %s {\nreplace:\n   from {\n",
				(int)(slash - nm), nm, slash + 1);
		} else {
			fprintf(f, "policy-options {\n policy-statement %s { \nreplace:\n  from {\n", nm);
		}
		if (o->match)
			fprintf(f, "    %s;\n", o->match);
		if (!empty)
			filter_tree_walk(t, p_entry, &c);
		else
			fprintf(f, "    route-filter %s/0 orlonger reject;\n", o->afi == AFI_IPV6 ? "::" : "0.0.0.0");
		fputs(slash ? "   }\n  }\n }\n}\n" : "  }\n }\n}\n", f);
		return 0;
	}
	case FILTER_CISCO:
	case FILTER_ARISTA:
		fprintf(f, "no ip access-list extended %s\n", nm);
		if (!empty) {
			fprintf(f, "ip access-list extended %s\n", nm);
			filter_tree_walk(t, p_cisco_acl, &c);
		} else {
			fprintf(f, "! generated access-list %s is empty\nip access-list extended %s deny any any\n", nm, nm);
		}
		return 0;
	case FILTER_OPENBGPD:
		fprintf(f, "prefix-set %s {", nm);
		filter_tree_walk(t, p_openbgpd, &c);
		fputs("\n}\n", f);
		return 0;
	case FILTER_NOKIA:
		fprintf(f, "configure filter match-list\nno %s-prefix-list \"%s\"\n%s-prefix-list \"%s\" create\n", ipw, nm,
			ipw, nm);
		if (!empty)
			filter_tree_walk(t, p_prefix_only, &c);
		else
			fprintf(f, "# generated ip-prefix-list %s is empty\n", nm);
		fputs("exit\n", f);
		return 0;
	case FILTER_NOKIA_MD:
		fprintf(f, "/configure filter match-list\ndelete %s-prefix-list \"%s\"\n%s-prefix-list \"%s\" {\n", ipw, nm,
			ipw, nm);
		if (!empty)
			filter_tree_walk(t, p_prefix_only, &c);
		else
			fprintf(f, "# generated %s-prefix-list %s is empty\n", ipw, nm);
		fputs("}\n", f);
		return 0;
	case FILTER_NOKIA_SRL: {
		char v = o->afi == AFI_IPV6 ? '6' : '4';
		fprintf(f, "/acl \ndelete ipv%c-filter \"%s\"\nipv%c-filter \"%s\" {\n", v, nm, v, nm);
		c.seq = 10;
		if (!empty)
			filter_tree_walk(t, p_prefix_only, &c);
		else
			fprintf(f, "# generated ipv%c-filter '%s' is empty\n", v, nm);
		fputs("}\n", f);
		return 0;
	}
	default:
		return -1;
	}
}

int filter_print_prefixes(FILE *f, const struct filter_tree *t, const struct filter_opts *o)
{
	switch (o->gen) {
	case FILTER_GEN_PREFIXLIST:
		return print_prefixlist(f, t, o);
	case FILTER_GEN_EACL:
		return print_eacl(f, t, o);
	case FILTER_GEN_RFLIST: {
		if (o->vendor != FILTER_JUNIPER)
			return -1;
		struct pctx c = { .f = f, .o = o, .ef = &F_JUNOS_RF };
		fprintf(f, "policy-options {\nreplace:\n  route-filter-list %s {\n", name_of(o));
		if (filter_tree_empty(t))
			fprintf(f, "    %s/0 orlonger reject;\n", o->afi == AFI_IPV6 ? "::" : "0.0.0.0");
		else
			filter_tree_walk(t, p_entry, &c);
		fputs("  }\n}\n", f);
		return 0;
	}
	default:
		return -1;
	}
}

/* ---- AS-path filters ------------------------------------------------------ */

/* Walks the AS list in lines of o->aswidth (0: one line), leaving out
 * `skip` when has_skip. */
struct aslines {
	const struct filter_asns *a;
	size_t i;
	uint32_t skip;
	bool has_skip;
	unsigned width, nc;
};

static bool next_as(struct aslines *w, uint32_t *asn, bool *first, bool *last)
{
	while (w->i < w->a->n && w->has_skip && w->a->v[w->i] == w->skip)
		w->i++;
	if (w->i >= w->a->n)
		return false;
	*asn = w->a->v[w->i++];
	*first = w->nc == 0;
	w->nc++;
	*last = w->width && w->nc == w->width;
	if (*last)
		w->nc = 0;
	return true;
}

/* Whether anything is left in the line being written (a close is due). */
static bool line_open(const struct aslines *w)
{
	return w->nc != 0;
}

static int print_aspath(FILE *f, const struct filter_asns *a, const struct filter_opts *o, bool origin_only)
{
	const char *nm = name_of(o);
	uint32_t A = o->asnumber;
	bool has = filter_asns_has(a, A);
	struct aslines w = { .a = a, .skip = A, .has_skip = has, .width = o->aswidth };
	uint32_t x;
	bool first, last;
	unsigned line;

	switch (o->vendor) {
	case FILTER_CISCO:
	case FILTER_ARISTA:
	case FILTER_HUAWEI: {
		bool hw = o->vendor == FILTER_HUAWEI;
		const char *kw = hw ? "ip as-path-filter" : "ip as-path access-list";
		fprintf(f, "%s %s\n", hw ? "undo ip as-path-filter" : "no ip as-path access-list", nm);
		/* Huawei's origin filter looks for emptiness after taking A out. */
		if (a->n == 0 || (hw && origin_only && has && a->n == 1)) {
			if (hw && origin_only && has)
				fprintf(f, "%s %s permit ^(_%u)*$\n", kw, nm, A);
			fprintf(f, "%s %s deny .*\n", kw, nm);
			return 0;
		}
		if (has) {
			if (origin_only)
				fprintf(f, "%s %s permit ^(_%u)*$\n", kw, nm, A);
			else
				fprintf(f, "%s %s permit ^%u(_%u)*$\n", kw, nm, A, A);
		}
		while (next_as(&w, &x, &first, &last)) {
			if (first) {
				if (origin_only)
					fprintf(f, "%s %s permit ^(_[0-9]+)*_(%u", kw, nm, x);
				else
					fprintf(f, "%s %s permit ^%u(_[0-9]+)*_(%u", kw, nm, A, x);
			} else {
				fprintf(f, "|%u", x);
			}
			if (last)
				fputs(")$\n", f);
		}
		if (line_open(&w))
			fputs(")$\n", f);
		return 0;
	}
	case FILTER_CISCO_XR:
	case FILTER_HUAWEI_XPL: {
		bool xr = o->vendor == FILTER_CISCO_XR;
		const char *q = xr ? "'" : "";
		const char *kw = xr ? "ios-regex '" : "regular ";
		/* bgpq4 1.9 (and XPL still) starts the input filter with a comma
		 * pending, which shows when A is not in the list. */
		bool comma = !origin_only && (!xr || o->compat == FILTER_COMPAT_1_9);
		fprintf(f, xr ? "as-path-set %s" : "xpl as-path-list %s", nm);
		if (has) {
			if (origin_only)
				fprintf(f, "\n  %s^(_%u)*$%s", kw, A, q);
			else
				fprintf(f, "\n  %s^%u(_%u)*$%s", kw, A, A, q);
			comma = true;
		}
		while (next_as(&w, &x, &first, &last)) {
			if (first) {
				if (origin_only)
					fprintf(f, "%s\n  %s^(_[0-9]+)*_(%u", comma ? "," : "", kw, x);
				else
					fprintf(f, "%s\n  %s^%u(_[0-9]+)*_(%u", comma ? "," : "", kw, A, x);
				comma = true;
			} else {
				fprintf(f, "|%u", x);
			}
			if (last)
				fprintf(f, ")$%s", q);
		}
		if (line_open(&w))
			fprintf(f, ")$%s", q);
		fputs(xr ? "\nend-set\n" : "\nend-list\n", f);
		return 0;
	}
	case FILTER_JUNIPER:
		fprintf(f, "policy-options {\nreplace:\n as-path-group %s {\n", nm);
		line = 0;
		if (has) {
			fprintf(f, "  as-path a0 \"^%u(%u)*$\";\n", A, A);
			line++;
		}
		while (next_as(&w, &x, &first, &last)) {
			if (first) {
				if (origin_only)
					fprintf(f, "  as-path a%u \"^(.)*(%u", line, x);
				else
					fprintf(f, "  as-path a%u \"^%u(.)*(%u", line, A, x);
			} else {
				fprintf(f, "|%u", x);
			}
			if (last) {
				fputs(")$\";\n", f);
				line++;
			}
		}
		if (line_open(&w))
			fputs(")$\";\n", f);
		else if (line == 0)
			fputs(origin_only ? " as-path aNone \"!.*\";\n" : "  as-path aNone \"!.*\";\n", f);
		fputs(" }\n}\n", f);
		return 0;
	case FILTER_NOKIA:
	case FILTER_NOKIA_MD: {
		bool md = o->vendor == FILTER_NOKIA_MD;
		if (md)
			fprintf(f, "/configure policy-options\ndelete as-path-group \"%s\"\nas-path-group \"%s\" {\n", nm, nm);
		else
			fprintf(f, "configure router policy-options\nbegin\nno as-path-group%s\"%s\"\nas-path-group \"%s\"\n",
				origin_only ? "" : " ", nm, nm);
		line = 1;
		if (has) {
			if (md)
				fprintf(f, "  entry 1 {\n    expression \"%u+\"\n  }\n", A);
			else
				fprintf(f, "  entry 1 expression \"%u+\"\n", A);
			line++;
		}
		while (next_as(&w, &x, &first, &last)) {
			if (first) {
				fprintf(f, md ? "  entry %u {\n    expression \"" : "  entry %u expression \"", line);
				if (origin_only)
					fprintf(f, ".*[%u", x);
				else
					fprintf(f, "%u.*[%u", A, x);
			} else {
				fprintf(f, " %u", x);
			}
			if (last) {
				fputs(md ? "]\"\n  }\n" : "]\"\n", f);
				line++;
			}
		}
		if (line_open(&w))
			fputs(md ? "]\"\n  }\n" : "]\"\n", f);
		if (md)
			fputs("}\n", f);
		else if (!origin_only)
			fputs("exit\ncommit\n", f);
		return 0;
	}
	case FILTER_OPENBGPD:
		if (a->n == 0) {
			fprintf(f, "deny %s AS %u\n", origin_only ? "to" : "from", A);
			return 0;
		}
		for (size_t i = 0; i < a->n; i++)
			fprintf(f, "allow %s AS %u AS %u\n", origin_only ? "to" : "from", A, a->v[i]);
		return 0;
	case FILTER_JSON:
	case FILTER_BIRD:
		if (origin_only)
			return -1;
		break;
	default:
		return -1;
	}
	/* JSON and BIRD: the plain list (A stays in it). */
	w.has_skip = false;
	bool comma = false;
	if (o->vendor == FILTER_JSON) {
		fprintf(f, "{\"%s\": [", nm);
		while (next_as(&w, &x, &first, &last)) {
			fprintf(f, first ? "%s\n  %u" : "%s%u", comma ? "," : "", x);
			comma = true;
		}
		fputs("\n]}\n", f);
		return 0;
	}
	fprintf(f, "%s = [", nm);
	if (a->n == 0) {
		fputs("];\n", f);
		return 0;
	}
	while (next_as(&w, &x, &first, &last)) {
		if (first)
			fprintf(f, "%s\n    %u", comma ? "," : "", x);
		else
			fprintf(f, ", %u", x);
		comma = true;
	}
	fputs("\n];\n", f);
	return 0;
}

int filter_print_asns(FILE *f, const struct filter_asns *a, const struct filter_opts *o)
{
	switch (o->gen) {
	case FILTER_GEN_ASPATH:
		return print_aspath(f, a, o, false);
	case FILTER_GEN_OASPATH:
		return print_aspath(f, a, o, true);
	case FILTER_GEN_ASLIST: {
		if (o->vendor != FILTER_JUNIPER)
			return -1;
		uint32_t A = o->asnumber, x;
		bool has = filter_asns_has(a, A), first, last;
		struct aslines w = { .a = a, .skip = A, .has_skip = has, .width = o->aswidth };
		bool newer = o->compat != FILTER_COMPAT_1_9;
		unsigned line = 0;
		fprintf(f, "policy-options {\nreplace:\n as-list-group %s {\n", name_of(o));
		if (has) {
			fprintf(f, "  as-list a0 members %u;\n", A);
			line++;
		}
		while (next_as(&w, &x, &first, &last)) {
			if (first)
				fprintf(f, "  as-list a%u members [", line);
			/* Newer bgpq4 leaves out AS 0, which Junos refuses. */
			if (!newer || x != 0)
				fprintf(f, " %u", x);
			if (last) {
				fputs(" ];\n", f);
				line++;
			}
		}
		if (line_open(&w))
			fputs(" ];\n", f);
		fputs(" }\n}\n", f);
		return 0;
	}
	case FILTER_GEN_ASSET:
		if (o->vendor == FILTER_OPENBGPD) {
			struct aslines w = { .a = a, .width = o->aswidth };
			uint32_t x;
			bool first, last;
			fprintf(f, "as-set %s {", name_of(o));
			while (next_as(&w, &x, &first, &last))
				fprintf(f, "%s%u", first ? "\n\t" : " ", x);
			fputs("\n}\n", f);
			return 0;
		}
		if (o->vendor == FILTER_JSON || o->vendor == FILTER_BIRD) {
			struct filter_opts o2 = *o;
			o2.gen = FILTER_GEN_ASPATH;
			return print_aspath(f, a, &o2, false);
		}
		return -1;
	default:
		return -1;
	}
}

/* ---- Options ------------------------------------------------------------- */

unsigned filter_default_aswidth(enum filter_vendor v, enum filter_gen g)
{
	if (g == FILTER_GEN_ASPATH) {
		switch (v) {
		case FILTER_ARISTA:
		case FILTER_CISCO:
		case FILTER_MIKROTIK6:
		case FILTER_MIKROTIK7: return 4;
		case FILTER_CISCO_XR: return 6;
		case FILTER_BIRD: return 10;
		default: return 8;
		}
	}
	if (g == FILTER_GEN_OASPATH) {
		switch (v) {
		case FILTER_ARISTA:
		case FILTER_CISCO: return 5;
		case FILTER_CISCO_XR: return 7;
		default: return 8;
		}
	}
	return 8;
}

const char *filter_check_opts(const struct filter_opts *o, bool aggregate, unsigned refine, unsigned refine_low)
{
	enum filter_vendor v = o->vendor;
	enum filter_gen g = o->gen;
	bool aspath = g == FILTER_GEN_ASPATH || g == FILTER_GEN_OASPATH || g == FILTER_GEN_ASLIST;

	if (v == FILTER_CISCO_XR && g != FILTER_GEN_PREFIXLIST && g != FILTER_GEN_ASPATH && g != FILTER_GEN_OASPATH)
		return "only prefix-sets and as-paths are supported for IOS XR";
	if ((v == FILTER_BIRD || v == FILTER_JSON) && g != FILTER_GEN_PREFIXLIST && g != FILTER_GEN_ASPATH &&
	    g != FILTER_GEN_ASSET)
		return "only prefix-lists and as-paths/as-sets are supported for BIRD and JSON output";
	if (v == FILTER_FORMAT && g != FILTER_GEN_PREFIXLIST)
		return "only prefix-lists are supported in formatted output";
	if (v == FILTER_HUAWEI && g != FILTER_GEN_ASPATH && g != FILTER_GEN_OASPATH && g != FILTER_GEN_PREFIXLIST)
		return "only as-paths and prefix-lists are supported for Huawei output";
	if (g == FILTER_GEN_RFLIST && v != FILTER_JUNIPER)
		return "route-filter-lists (-z) are supported for Juniper (-J) output only";
	if (g == FILTER_GEN_ASSET && v != FILTER_JSON && v != FILTER_OPENBGPD && v != FILTER_BIRD)
		return "as-sets (-t) are supported for JSON (-j), OpenBGPD (-B) and BIRD (-b) output only";
	if (g == FILTER_GEN_ASLIST && v != FILTER_JUNIPER)
		return "as-lists (-H) are supported for Juniper (-J) output only";
	if (aspath && (v == FILTER_MIKROTIK6 || v == FILTER_MIKROTIK7 || v == FILTER_NOKIA_SRL))
		return "as-path filters are not supported for this output";
	if (g == FILTER_GEN_OASPATH && (v == FILTER_BIRD || v == FILTER_JSON))
		return "output as-path filters (-G) are not supported for this output";
	if (g == FILTER_GEN_EACL && (v == FILTER_HUAWEI_XPL || v == FILTER_MIKROTIK6 || v == FILTER_MIKROTIK7))
		return "extended lists (-E) are not supported for this output";
	if (aggregate && v == FILTER_JUNIPER && g == FILTER_GEN_PREFIXLIST)
		return "aggregation (-A) does not work in Juniper prefix-lists; use route-filters (-E) or route-filter-lists (-z)";
	if (aggregate && (v == FILTER_NOKIA || v == FILTER_NOKIA_MD) && g != FILTER_GEN_PREFIXLIST)
		return "aggregation (-A) is not supported with ip-prefix-lists (-E) on Nokia";
	if ((refine || refine_low) && (v == FILTER_NOKIA || v == FILTER_NOKIA_MD) && g != FILTER_GEN_PREFIXLIST)
		return "more-specifics (-r/-R) are not supported with ip-prefix-lists (-E) on Nokia";
	if (aggregate && g < FILTER_GEN_PREFIXLIST)
		return "aggregation (-A) is used only for prefix-lists, extended access-lists and route-filters";
	if (o->sequence && v != FILTER_CISCO && v != FILTER_ARISTA)
		return "prefix-list sequencing (-s) is supported only for IOS and EOS";
	if (o->sequence && g < FILTER_GEN_PREFIXLIST)
		return "prefix-list sequencing (-s) can't be used for non prefix-lists";
	if ((refine || refine_low) && v == FILTER_JUNIPER && g == FILTER_GEN_PREFIXLIST)
		return "more-specific filters (-r/-R) are not supported for Juniper prefix-lists; use route-filters (-E) or route-filter-lists (-z)";
	if ((refine || refine_low) && g < FILTER_GEN_PREFIXLIST)
		return "more-specific filters (-r/-R) are supported only with prefix-list generation";
	if (g == FILTER_GEN_EACL && (v == FILTER_CISCO || v == FILTER_ARISTA) && o->afi == AFI_IPV6)
		return "IPv6 access-lists are not supported for Cisco";
	if (o->match && (v != FILTER_JUNIPER || g != FILTER_GEN_EACL))
		return "extra match conditions (-M) can be used only with Juniper route-filters";
	if (aspath && o->afi == AFI_IPV6)
		return "-6 makes no sense with as-path (-f/-G) or as-list (-H) generation";
	if (v == FILTER_NOKIA_SRL && o->compat == FILTER_COMPAT_1_9)
		return "SR Linux output (-n2) needs --compat 1.16 (bgpq4 1.9 does not have it)";
	return NULL;
}
