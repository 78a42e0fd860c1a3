/* Unit tests for src/observatory/contacts.c: M8 from aut-num contact
 * handles of hand-made RPSL objects (documentation ASNs, RFC 5398) in RIR
 * and non-RIR sources, under each [coordination] setting; the exact
 * evidence and the no-data reasons. */
#include "test.h"
#include "observatory/contacts.h"
#include "observatory/metrics.h"

#include <stdlib.h>
#include <string.h>

static const char RPSL[] =
	"aut-num: AS64496\nas-name: DOC-A\nadmin-c: ADM1-RIPE\ntech-c: TEC1-RIPE TEC2-RIPE\n"
	"mnt-by: M-MNT\nsource: RIPE\n\n"
	"aut-num: AS64497\nas-name: DOC-B\nabuse-c: ABU1-AP\nmnt-by: M-MNT\nsource: APNIC-NONAUTH\n\n"
	"aut-num: AS64498\nas-name: DOC-C\nadmin-c: RADB-ADM\nmnt-by: M-MNT\nsource: RADB\n\n"
	"aut-num: AS64499\nas-name: DOC-D\nmnt-by: M-MNT\nsource: ARIN\n\n"
	"aut-num: AS64498\nas-name: DOC-C\ntech-c: ARIN-TEC\nmnt-by: M-MNT\nsource: ARIN\n\n";

static void load(struct obs_data *d, const char *text)
{
	memset(d, 0, sizeof *d);
	d->irr = calloc(1, sizeof *d->irr);
	irr_db_init(d->irr);
	struct irr_load_stats st;
	memset(&st, 0, sizeof st);
	irr_db_load_mem(d->irr, text, strlen(text), NULL, NULL, &st);
	d->have[OBS_KIND_IRR] = true;
}

static void unload(struct obs_data *d)
{
	irr_db_free(d->irr);
	free(d->irr);
}

void test_contacts_rpsl_handles(void)
{
	struct obs_data d;
	load(&d, RPSL);
	const struct irr_autnum *a[4];
	CHECK_EQ_U(irr_db_autnums(d.irr, 64496, a, 4), 1);
	CHECK_STR(irr_db_str(d.irr, a[0]->contact[RPSL_ADMIN_C]), "ADM1-RIPE");
	CHECK_STR(irr_db_str(d.irr, a[0]->contact[RPSL_TECH_C]), "TEC1-RIPE");   /* the first handle */
	CHECK_EQ_U(a[0]->contact[RPSL_ABUSE_C], IRR_NONE);
	CHECK_EQ_U(irr_db_autnums(d.irr, 64499, a, 4), 1);
	CHECK_EQ_U(a[0]->contact[RPSL_ADMIN_C], IRR_NONE);
	CHECK_EQ_U(a[0]->contact[RPSL_TECH_C], IRR_NONE);
	CHECK(obs_registry_is_rir("ripe") && obs_registry_is_rir("LACNIC") && !obs_registry_is_rir("RADB") &&
	      !obs_registry_is_rir("JPIRR"));
	unload(&d);
}

void test_contacts_m8_settings(void)
{
	struct obs_data d;
	struct obs_config c;
	struct obs_contacts ct;
	char b[128];
	load(&d, RPSL);
	obs_config_defaults(&c);

	/* Defaults: admin-c and tech-c in RIR databases. */
	obs_contacts_compute(&ct, &d, 64496, &c);
	CHECK(ct.score == 1.0);
	CHECK_STR(ct.evidence, "irr RIPE: aut-num AS64496 admin-c ADM1-RIPE, tech-c TEC1-RIPE");
	CHECK_STR(obs_contacts_csv_detail(&ct, b, sizeof b), "contacts=0;peeringdb_net=false;aut_nums=1");
	CHECK_STR(ct.fix, "");
	/* abuse-c alone does not count by default. */
	obs_contacts_compute(&ct, &d, 64497, &c);
	CHECK(ct.score == 0.0);
	CHECK_STR(ct.evidence, "irr APNIC-NONAUTH: aut-num AS64497 without admin-c or tech-c");
	CHECK(strncmp(ct.fix, "Publish a reachable contact for AS64497:", 40) == 0);
	/* RADB is not an RIR database: only ARIN's object counts. */
	obs_contacts_compute(&ct, &d, 64498, &c);
	CHECK(ct.score == 1.0);
	CHECK_EQ_U(ct.nautnum, 2);
	CHECK(!ct.autnum[0].source_counts && !ct.autnum[0].counted && ct.autnum[1].counted);
	CHECK_STR(ct.evidence, "irr ARIN: aut-num AS64498 tech-c ARIN-TEC");
	/* An object without contacts; an AS without an object. */
	obs_contacts_compute(&ct, &d, 64499, &c);
	CHECK(ct.score == 0.0);
	CHECK_STR(ct.evidence, "irr ARIN: aut-num AS64499 without admin-c or tech-c");
	obs_contacts_compute(&ct, &d, 64500, &c);
	CHECK(ct.score == 0.0);
	CHECK_STR(ct.evidence, "irr: no aut-num object for AS64500 in a counted registry");

	/* rir_attributes = abuse-c */
	c.contact_attributes = 1u << RPSL_ABUSE_C;
	obs_contacts_compute(&ct, &d, 64496, &c);
	CHECK(ct.score == 0.0);
	CHECK_STR(ct.evidence, "irr RIPE: aut-num AS64496 without abuse-c");
	obs_contacts_compute(&ct, &d, 64497, &c);
	CHECK(ct.score == 1.0);
	CHECK_STR(ct.evidence, "irr APNIC-NONAUTH: aut-num AS64497 abuse-c ABU1-AP");

	/* other_irr: RADB counts too, listed in load order. */
	obs_config_defaults(&c);
	c.contact_other_irr = true;
	obs_contacts_compute(&ct, &d, 64498, &c);
	CHECK(ct.score == 1.0);
	CHECK_STR(ct.evidence, "irr RADB: aut-num AS64498 admin-c RADB-ADM; irr ARIN: aut-num AS64498 tech-c ARIN-TEC");
	CHECK_STR(obs_contacts_csv_detail(&ct, b, sizeof b), "contacts=0;peeringdb_net=false;aut_nums=2");

	/* Sources switched off or absent: no data, with every reason. */
	c.contact_rir = false;
	obs_contacts_compute(&ct, &d, 64496, &c);
	CHECK(ct.score == -1.0);
	CHECK_STR(ct.no_data, "no peeringdb snapshot loaded; RIR contacts do not count (configuration)");
	unload(&d);

	/* Route objects only: the IRR says nothing about contacts. */
	load(&d, "route: 192.0.2.0/24\norigin: AS64496\nmnt-by: M-MNT\nsource: RIPE\n");
	obs_config_defaults(&c);
	obs_contacts_compute(&ct, &d, 64496, &c);
	CHECK(ct.score == -1.0);
	CHECK_STR(ct.no_data,
		  "no peeringdb snapshot loaded; the irr snapshot holds no aut-num object of a counted registry");
	unload(&d);
	/* Only a non-RIR registry's aut-nums: no data unless other_irr. */
	load(&d, "aut-num: AS64496\nas-name: X\nadmin-c: A\nmnt-by: M-MNT\nsource: RADB\n");
	obs_contacts_compute(&ct, &d, 64496, &c);
	CHECK(ct.score == -1.0);
	c.contact_other_irr = true;
	obs_contacts_compute(&ct, &d, 64496, &c);
	CHECK(ct.score == 1.0);
	unload(&d);
	memset(&d, 0, sizeof d);
	obs_contacts_compute(&ct, &d, 64496, &c);
	CHECK_STR(ct.no_data, "no peeringdb snapshot loaded; no irr snapshot loaded");
}

void test_contacts_config(void)
{
	struct obs_config c;
	char err[256] = "", out[8192];
	obs_config_defaults(&c);
	CHECK_EQ_U(c.contact_attributes, (1u << RPSL_ADMIN_C) | (1u << RPSL_TECH_C));
	CHECK(!c.contact_other_irr);
	const char *t = "[coordination]\nrir_attributes = abuse-c , admin-c\nother_irr = yes\n";
	CHECK_EQ_U(obs_config_parse(&c, t, strlen(t), err, sizeof err), 0);
	CHECK_EQ_U(c.contact_attributes, (1u << RPSL_ADMIN_C) | (1u << RPSL_ABUSE_C));
	CHECK(c.contact_other_irr);
	obs_config_format(&c, out, sizeof out);
	CHECK(strstr(out, "\nrir_attributes = admin-c,abuse-c\nother_irr = true\n") != NULL);
	t = "[coordination]\nrir_attributes = phone\n";
	CHECK(obs_config_parse(&c, t, strlen(t), err, sizeof err) < 0);
	CHECK_STR(err, "line 2: coordination.rir_attributes: not a list of admin-c, tech-c, abuse-c");
	t = "[coordination]\nrir_attributes =\n";
	CHECK(obs_config_parse(&c, t, strlen(t), err, sizeof err) < 0);
	CHECK_STR(err, "line 2: coordination.rir_attributes: not a list of admin-c, tech-c, abuse-c");
	t = "[coordination]\nrir_attributes = admin-c,tech-c,abuse-c,admin-c\n";
	CHECK(obs_config_parse(&c, t, strlen(t), err, sizeof err) < 0);
	CHECK_STR(err, "line 2: coordination.rir_attributes: more attributes than there are (admin-c, tech-c, abuse-c)");
}
