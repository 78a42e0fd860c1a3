/*
 * M8 (MANRS Action 3, Coordination): does the network publish a contact?
 * From two sources, each switched by the configuration ([coordination]):
 * a PeeringDB network with a point of contact that has an e-mail or phone,
 * and aut-num objects with contact handles (admin-c, tech-c, abuse-c) in
 * the RIR databases of the irr snapshot (MANRS-SPEC 2.2: the prototype's
 * RIR whois rule; the 2020 Community Report names RIR whois and PeeringDB).
 * The evidence says which source gave the contact.
 */
#ifndef MANRS_OBSERVATORY_CONTACTS_H
#define MANRS_OBSERVATORY_CONTACTS_H

#include "irr/rpsl.h"
#include "lib/json.h"
#include "lib/wbuf.h"
#include "observatory/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct obs_data;

/* aut-num objects kept as evidence per network (one per IRR source). */
#define OBS_MAX_AUTNUMS 8
/* A contact handle as kept (longer ones are cut). */
#define OBS_HANDLE_LEN 64

/* One aut-num object of the network. */
struct obs_autnum_contact {
	char source[32];                          /* as loaded: "RIPE-NONAUTH" */
	bool rir;                                 /* the registry is an RIR's database */
	bool source_counts;                       /* rir, or coordination.other_irr */
	bool counted;                             /* source_counts and a counted attribute has a handle */
	char handle[RPSL_NCONTACTS][OBS_HANDLE_LEN]; /* "" when the attribute is absent */
};

struct obs_contacts {
	double score;                /* 1, 0, or -1: no data */
	char no_data[256];           /* why there is no score */
	/* PeeringDB */
	bool pdb_used;               /* snapshot loaded and coordination.peeringdb */
	bool pdb_net;                /* a net object has the ASN */
	uint32_t pdb_net_id;
	size_t pdb_contacts;         /* its contacts with an e-mail or phone */
	/* RIR/IRR aut-num objects */
	bool irr_used;               /* coordination.rir and the snapshot holds aut-nums of a counting registry */
	struct obs_autnum_contact autnum[OBS_MAX_AUTNUMS];
	size_t nautnum;
	size_t autnum_counted;       /* of them, counted */
	char evidence[1024];         /* "peeringdb: net 341 with 1 contact; irr RIPE-NONAUTH: aut-num AS702 ..." */
	char fix[512];               /* when the score is 0 */
};

/* True for the registries the five RIRs run: RIPE, APNIC, AFRINIC, ARIN,
 * LACNIC (a name without "-NONAUTH", any case). */
bool obs_registry_is_rir(const char *registry);

/*
 * Fills ct for asn from the month's loaded data under c's [coordination]
 * settings. M8 is 1 when a counted source gives a contact, 0 when the
 * counted sources are loaded and give none, no data when none is loaded
 * or enabled. Pure: reads d only.
 */
void obs_contacts_compute(struct obs_contacts *ct, const struct obs_data *d, uint32_t asn, const struct obs_config *c);

/* The "M8" member of the report's metrics (docs/observatory.md). */
void obs_contacts_json(const struct obs_contacts *ct, struct json *j);
/* The text report's M8 line(s), after "  M8      ". */
void obs_contacts_text(const struct obs_contacts *ct, struct wbuf *w);
/* The CSV record's detail ("contacts=2;peeringdb_net=true;aut_nums=1");
 * returns out. */
const char *obs_contacts_csv_detail(const struct obs_contacts *ct, char *out, size_t n);

#endif
