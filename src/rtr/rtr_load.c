/*
 * The RTR server's loader: VRPs and ASPAs through rpki/vrp_load and SLURM
 * (rpki/slurm), walked into an rtr_set; Router Keys from the JSON members
 * the VRP loader counts but does not keep (rep.other), read only when there
 * are some.
 */
#include "rtr/rtr_load.h"

#include "lib/xmalloc.h"
#include "net/text.h"
#include "rpki/aspa.h"
#include "rtr/rtr_pdu.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long rtr_base64_decode(const char *s, size_t len, uint8_t *out, size_t cap)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int v;
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+' || c == '-')
			v = 62;
		else if (c == '/' || c == '_')
			v = 63;
		else if (c == '=') {
			/* Padding only at the end. */
			for (size_t j = i; j < len; j++)
				if (s[j] != '=')
					return -1;
			break;
		} else
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return (long)n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* An SKI: 40 hex digits (colons allowed), as rpki-client writes it, or
 * base64url of 20 bytes, as RFC 8416 section 3.3.2 writes it. */
static int parse_ski(const char *s, uint8_t ski[20])
{
	size_t len = strlen(s), n = 0;
	int hi = -1;
	bool hex = true;
	for (size_t i = 0; i < len && hex; i++) {
		if (s[i] == ':')
			continue;
		int v = hexval(s[i]);
		if (v < 0 || n == 20) {
			hex = false;
			break;
		}
		if (hi < 0) {
			hi = v;
		} else {
			ski[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hex && n == 20 && hi < 0)
		return 0;
	return rtr_base64_decode(s, len, ski, 20) == 20 ? 0 : -1;
}

struct walk {
	struct rtr_set *out;
};

static int add_vrp(const struct vrp *v, void *ctx)
{
	struct walk *w = ctx;
	rtr_set_add_vrp(w->out, v->prefix.afi == AFI_IPV6, v->prefix.b, v->prefix.len, v->maxlen, v->asn);
	return 0;
}

/* One Router Key object: {"asn": N, "ski": "...", "pubkey": "..."}. */
static int key_from_json(struct rtr_set *out, json_t *o)
{
	json_t *asn = json_object_get(o, "asn"), *ski = json_object_get(o, "ski");
	json_t *pk = json_object_get(o, "pubkey");
	if (!pk)
		pk = json_object_get(o, "routerPublicKey");
	uint32_t a;
	if (json_is_integer(asn)) {
		json_int_t v = json_integer_value(asn);
		if (v < 0 || v > UINT32_MAX)
			return -1;
		a = (uint32_t)v;
	} else if (json_is_string(asn)) {
		if (asn_parse(json_string_value(asn), &a) < 0)
			return -1;
	} else {
		return -1;
	}
	uint8_t k[20], spki[RTR_MAX_SPKI];
	if (!json_is_string(ski) || !json_is_string(pk) || parse_ski(json_string_value(ski), k) < 0)
		return -1;
	long n = rtr_base64_decode(json_string_value(pk), json_string_length(pk), spki, sizeof spki);
	if (n <= 0)
		return -1;
	return rtr_set_add_key(out, k, a, spki, (size_t)n);
}

static void load_keys(struct rtr_set *out, const char *path, struct rtr_load_report *rep)
{
	char *buf = NULL, err[256];
	size_t len = 0;
	if (text_read_file(path, RTR_MAX_KEYS_FILE, &buf, &len, NULL, err, sizeof err) < 0) {
		rep->keys_skipped++;
		return;
	}
	json_error_t je;
	json_t *doc = json_loadb(buf, len, 0, &je);
	free(buf);
	if (!doc)
		return;
	json_t *arr = json_object_get(doc, "bgpsec_keys");
	if (!arr)
		arr = json_object_get(doc, "routerKeys");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (key_from_json(out, v) < 0)
			rep->keys_skipped++;
	}
	json_decref(doc);
}

/* RFC 8416 section 3.3.2: a BGPsec filter matches a key by ASN, SKI or both. */
static bool key_filtered(const struct slurm_set *set, const struct rtr_rkey *k)
{
	for (size_t f = 0; set && f < set->n; f++) {
		const struct slurm *s = &set->files[f];
		for (size_t i = 0; i < s->n_bf; i++) {
			const struct slurm_bgpsec_filter *bf = &s->bf[i];
			uint8_t ski[20];
			bool ski_ok = bf->ski && parse_ski(bf->ski, ski) == 0;
			if (bf->ski && !ski_ok)
				continue;
			if ((!bf->has_asn || bf->asn == k->asn) && (!ski_ok || !memcmp(ski, k->ski, 20)) &&
			    (bf->has_asn || ski_ok))
				return true;
		}
	}
	return false;
}

int rtr_load(struct rtr_set *out, const char *path, const struct slurm_set *slurm, vrp_bad_cb bad, void *ctx,
	     struct rtr_load_report *rep)
{
	memset(rep, 0, sizeof *rep);
	struct vrp_table vt;
	struct aspa_table at;
	vrp_table_init(&vt);
	aspa_table_init(&at);
	struct vrp_load_opts o = { .format = VRP_FMT_AUTO, .aspa = &at, .bad = bad, .ctx = ctx };
	if (vrp_load_file(&vt, path, &o, &rep->vrp) < 0) {
		snprintf(rep->error, sizeof rep->error, "%s", rep->vrp.error);
		vrp_table_free(&vt);
		aspa_table_free(&at);
		return -1;
	}
	if (slurm && slurm->n)
		slurm_set_apply(slurm, &vt, &at, &rep->slurm);
	vrp_table_finish(&vt);
	aspa_table_finish(&at);
	struct walk w = { out };
	vrp_table_walk(&vt, add_vrp, &w);
	for (size_t i = 0; i < at.n_entries; i++) {
		const struct aspa_entry *e = &at.entries[i];
		/* An AS0 ASPA (no providers) goes out with AS 0 as its only
		 * provider, as the ASPA profile writes it. */
		static const uint32_t as0 = 0;
		int rc = e->n ? rtr_set_add_aspa(out, e->customer, at.providers + e->first, e->n)
			      : rtr_set_add_aspa(out, e->customer, &as0, 1);
		if (rc < 0)
			rep->aspas_skipped++;
	}
	vrp_table_free(&vt);
	aspa_table_free(&at);
	if (rep->vrp.other && rep->vrp.format == VRP_FMT_JSON)
		load_keys(out, path, rep);
	/* SLURM for keys: filters, then assertions (RFC 8416 section 4). */
	if (slurm && slurm->n && out->n_keys) {
		size_t o2 = 0;
		for (size_t i = 0; i < out->n_keys; i++) {
			if (key_filtered(slurm, &out->keys[i]))
				rep->keys_filtered++;
			else
				out->keys[o2++] = out->keys[i];
		}
		out->n_keys = o2;
	}
	for (size_t f = 0; slurm && f < slurm->n; f++) {
		const struct slurm *s = &slurm->files[f];
		for (size_t i = 0; i < s->n_ba; i++) {
			uint8_t ski[20], spki[RTR_MAX_SPKI];
			long n;
			if (!s->ba[i].ski || !s->ba[i].pubkey || parse_ski(s->ba[i].ski, ski) < 0 ||
			    (n = rtr_base64_decode(s->ba[i].pubkey, strlen(s->ba[i].pubkey), spki, sizeof spki)) <= 0 ||
			    rtr_set_add_key(out, ski, s->ba[i].asn, spki, (size_t)n) < 0) {
				rep->keys_skipped++;
				continue;
			}
			rep->keys_asserted++;
		}
	}
	rtr_set_finish(out);
	rep->vrps = out->n_vrps;
	rep->aspas = out->n_aspas;
	rep->keys = out->n_keys;
	return 0;
}
