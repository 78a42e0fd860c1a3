/*
 * M8 from PeeringDB and RIR/IRR aut-num contacts (contacts.h): which
 * source counts comes from [coordination] in the configuration; the
 * evidence names every source that was looked at and what it held.
 */
#include "observatory/contacts.h"

#include "irr/irr.h"
#include "net/text.h"
#include "observatory/advice.h"
#include "observatory/metrics.h"
#include "refdata/peeringdb.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The attribute names, in enum rpsl_contact order. */
static const char *const CONTACT_ATTR[RPSL_NCONTACTS] = { "admin-c", "tech-c", "abuse-c" };

bool obs_registry_is_rir(const char *registry)
{
	/* The RIRs' own databases (their IRRs and whois), as the RIRs name
	 * their sources; NIR and commercial IRRs are not RIR whois. */
	static const char *const rirs[] = { "RIPE", "APNIC", "AFRINIC", "ARIN", "LACNIC" };
	for (size_t i = 0; i < sizeof rirs / sizeof rirs[0]; i++)
		if (!strcasecmp(registry, rirs[i]))
			return true;
	return false;
}

/* Does source src count under c: an RIR's database, or any with other_irr. */
static bool source_counts(const struct irr_db *db, unsigned src, const struct obs_config *c)
{
	return obs_registry_is_rir(irr_db_str(db, db->registry[src])) || c->contact_other_irr;
}

/* Whether the loaded IRR holds aut-num objects of a counting source: an
 * IRR snapshot of route objects alone says nothing about contacts. */
static bool irr_has_autnums(const struct irr_db *db, const struct obs_config *c)
{
	for (unsigned s = 0; s < db->nsources; s++)
		if (db->counts[s][RPSL_AUT_NUM] > 0 && source_counts(db, s, c))
			return true;
	return false;
}

static void add_reason(char *out, size_t n, const char *why)
{
	size_t at = strlen(out);
	text_appendf(out, n, at, "%s%s", at ? "; " : "", why);
}

static void compute_pdb(struct obs_contacts *ct, const struct obs_data *d, uint32_t asn)
{
	struct pdb_asn a;
	pdb_lookup_asn(d->pdb, asn, &a);
	ct->pdb_net = a.net != NULL;
	ct->pdb_net_id = a.net ? a.net->id : 0;
	for (size_t i = 0; i < a.n_poc; i++)
		if (*pdb_str(d->pdb, a.poc[i].email) || *pdb_str(d->pdb, a.poc[i].phone))
			ct->pdb_contacts++;
}

static void compute_irr(struct obs_contacts *ct, const struct obs_data *d, uint32_t asn, const struct obs_config *c)
{
	const struct irr_autnum *an[OBS_MAX_AUTNUMS];
	size_t na = irr_db_autnums(d->irr, asn, an, OBS_MAX_AUTNUMS);
	for (size_t i = 0; i < na; i++) {
		struct obs_autnum_contact *e = &ct->autnum[ct->nautnum++];
		const char *reg = irr_db_str(d->irr, d->irr->registry[an[i]->source]);
		snprintf(e->source, sizeof e->source, "%s", irr_db_source_name(d->irr, an[i]->source));
		e->rir = obs_registry_is_rir(reg);
		e->source_counts = source_counts(d->irr, an[i]->source, c);
		for (int k = 0; k < RPSL_NCONTACTS; k++) {
			if (an[i]->contact[k] == IRR_NONE)
				continue;
			snprintf(e->handle[k], sizeof e->handle[k], "%s", irr_db_str(d->irr, an[i]->contact[k]));
			if (e->source_counts && (c->contact_attributes & (1u << k)))
				e->counted = true;
		}
		if (e->counted)
			ct->autnum_counted++;
	}
}

/* "irr RIPE-NONAUTH: aut-num AS702 admin-c DUMY-RIPE, tech-c DUMY-RIPE":
 * the counted attributes of one aut-num of a counting source. */
static size_t autnum_evidence(const struct obs_autnum_contact *e, uint32_t asn, const struct obs_config *c,
			      char *out, size_t n, size_t at)
{
	at = text_appendf(out, n, at, "%sirr %s: aut-num AS%u", at ? "; " : "", e->source, asn);
	if (!e->counted) {
		at = text_appendf(out, n, at, " without");
		for (int k = 0, first = 1; k < RPSL_NCONTACTS; k++)
			if (c->contact_attributes & (1u << k)) {
				at = text_appendf(out, n, at, "%s %s", first ? "" : " or", CONTACT_ATTR[k]);
				first = 0;
			}
		return at;
	}
	for (int k = 0, first = 1; k < RPSL_NCONTACTS; k++)
		if (*e->handle[k] && (c->contact_attributes & (1u << k))) {
			at = text_appendf(out, n, at, "%s %s %s", first ? "" : ",", CONTACT_ATTR[k], e->handle[k]);
			first = 0;
		}
	return at;
}

void obs_contacts_compute(struct obs_contacts *ct, const struct obs_data *d, uint32_t asn, const struct obs_config *c)
{
	memset(ct, 0, sizeof *ct);
	ct->score = -1;
	/* Which sources are in play, and why a source is not. */
	if (!d->have[OBS_KIND_PEERINGDB])
		add_reason(ct->no_data, sizeof ct->no_data, "no peeringdb snapshot loaded");
	else if (!c->contact_peeringdb)
		add_reason(ct->no_data, sizeof ct->no_data, "PeeringDB contacts do not count (configuration)");
	else
		ct->pdb_used = true;
	if (!c->contact_rir)
		add_reason(ct->no_data, sizeof ct->no_data, "RIR contacts do not count (configuration)");
	else if (!d->have[OBS_KIND_IRR])
		add_reason(ct->no_data, sizeof ct->no_data, "no irr snapshot loaded");
	else if (!irr_has_autnums(d->irr, c))
		add_reason(ct->no_data, sizeof ct->no_data, "the irr snapshot holds no aut-num object of a counted registry");
	else
		ct->irr_used = true;
	if (!ct->pdb_used && !ct->irr_used)
		return;
	ct->no_data[0] = 0;

	size_t at = 0;
	char *ev = ct->evidence;
	size_t evn = sizeof ct->evidence;
	if (ct->pdb_used) {
		compute_pdb(ct, d, asn);
		if (!ct->pdb_net)
			at = text_appendf(ev, evn, at, "peeringdb: no net object for AS%u", asn);
		else if (!ct->pdb_contacts)
			at = text_appendf(ev, evn, at, "peeringdb: net %u without a contact with an e-mail or phone",
					  ct->pdb_net_id);
		else
			at = text_appendf(ev, evn, at, "peeringdb: net %u with %zu contact%s", ct->pdb_net_id,
					  ct->pdb_contacts, ct->pdb_contacts == 1 ? "" : "s");
	}
	if (ct->irr_used) {
		compute_irr(ct, d, asn, c);
		size_t shown = 0;
		for (size_t i = 0; i < ct->nautnum; i++)
			if (ct->autnum[i].source_counts) {
				at = autnum_evidence(&ct->autnum[i], asn, c, ev, evn, at);
				shown++;
			}
		if (!shown)
			at = text_appendf(ev, evn, at, "%sirr: no aut-num object for AS%u in a counted registry",
					  at ? "; " : "", asn);
	}
	bool have = (ct->pdb_used && ct->pdb_contacts > 0) || (ct->irr_used && ct->autnum_counted > 0);
	ct->score = have ? 1.0 : 0.0;
	if (!have)
		obs_advice_contact(asn, ct->fix, sizeof ct->fix);
}

void obs_contacts_json(const struct obs_contacts *ct, struct json *j)
{
	json_key(j, "M8");
	json_obj_open(j);
	json_key(j, "score");
	if (ct->score < 0) {
		json_null(j);
		json_key(j, "status");
		json_str(j, "no data");
		json_key(j, "reason");
		json_str(j, ct->no_data);
		json_obj_close(j);
		return;
	}
	json_u64(j, ct->score > 0 ? 1 : 0);
	json_key(j, "from");
	json_arr_open(j);
	if (ct->pdb_used && ct->pdb_contacts)
		json_str(j, "peeringdb");
	if (ct->irr_used && ct->autnum_counted)
		json_str(j, "irr");
	json_arr_close(j);
	json_key(j, "peeringdb_net");
	json_bool(j, ct->pdb_net);
	json_key(j, "contacts");
	json_u64(j, ct->pdb_contacts);
	json_key(j, "summary");
	json_str(j, ct->evidence);
	/* One object per source looked at: the PeeringDB net, then each
	 * aut-num object of the AS. */
	json_key(j, "evidence");
	json_arr_open(j);
	if (ct->pdb_used) {
		json_obj_open(j);
		json_key(j, "source");
		json_str(j, "peeringdb");
		json_key(j, "net");
		if (ct->pdb_net)
			json_u64(j, ct->pdb_net_id);
		else
			json_null(j);
		json_key(j, "contacts");
		json_u64(j, ct->pdb_contacts);
		json_key(j, "counted");
		json_bool(j, ct->pdb_contacts > 0);
		json_obj_close(j);
	}
	for (size_t i = 0; i < ct->nautnum; i++) {
		const struct obs_autnum_contact *e = &ct->autnum[i];
		json_obj_open(j);
		json_key(j, "source");
		json_str(j, "irr");
		json_key(j, "registry");
		json_str(j, e->source);
		json_key(j, "rir");
		json_bool(j, e->rir);
		json_key(j, "counted");
		json_bool(j, e->counted);
		for (int k = 0; k < RPSL_NCONTACTS; k++) {
			json_key(j, CONTACT_ATTR[k]);
			if (*e->handle[k])
				json_str(j, e->handle[k]);
			else
				json_null(j);
		}
		json_obj_close(j);
	}
	json_arr_close(j);
	if (*ct->fix) {
		json_key(j, "fix");
		json_str(j, ct->fix);
	}
	json_obj_close(j);
}

void obs_contacts_text(const struct obs_contacts *ct, struct wbuf *w)
{
	if (ct->score < 0) {
		wbuf_printf(w, "no data (%s)\n", ct->no_data);
		return;
	}
	wbuf_printf(w, "%d (%s)\n", ct->score > 0 ? 1 : 0, ct->evidence);
	if (*ct->fix)
		wbuf_printf(w, "    fix: %s\n", ct->fix);
}

const char *obs_contacts_csv_detail(const struct obs_contacts *ct, char *out, size_t n)
{
	snprintf(out, n, "contacts=%zu;peeringdb_net=%s;aut_nums=%zu", ct->pdb_contacts, ct->pdb_net ? "true" : "false",
		 ct->autnum_counted);
	return out;
}
