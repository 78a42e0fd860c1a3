/*
 * manrs: one binary, git-style subcommands. This file only dispatches;
 * each subcommand lives in its own cmd_*.c.
 */
#include "cmd/cmd.h"

#include <stdio.h>
#include <string.h>

static const char USAGE[] =
	"usage: manrs <command> [options]\n"
	"\n"
	"MANRS Observatory, incident monitoring and operator tools.\n"
	"\n"
	"Commands:\n"
	"  mrt dump    print MRT route elements (bgpdump -m/-M compatible, or JSON)\n"
	"  mrt stats   summarise MRT files\n"
	"  rov         route origin validation against RPKI VRPs (RFC 6811)\n"
	"  aspa        ASPA AS path verification\n"
	"  irr         IRR queries on RPSL dumps: route objects, origins, set expansion\n"
	"  irr serve   IRR whois server over RPSL dumps (IRRd and RIPE queries; bgpq4 works)\n"
	"  refdata     load and check reference data (bogons, RIR stats, PeeringDB, ...)\n"
	"  ingest      MRT files -> route state -> prefix-origin observations in the store\n"
	"  sync        fetch MRT archives of RIPE RIS and RouteViews collectors\n"
	"  report      a network's MANRS metrics, scores and evidence; aggregates\n"
	"  score       compute and store every network's scores for a month\n"
	"  participants load MANRS participants (organisation, program, ASNs)\n"
	"  filter      prefix lists and AS-path filters from the IRR (bgpq4 compatible)\n"
	"  serve       the web Observatory over HTTP: HTML pages and the JSON API; RTR\n"
	"              too with --rtr-vrps\n"
	"  keys        API keys for 'serve --members-only'\n"
	"  incidents   hijacks, route leaks and bogons the detectors raised during ingest\n"
	"  incident    one incident in depth: timeline, paths, evidence, why its score\n"
	"  monitor     alert configurations: generate from an AS, check, test-fire\n"
	"  rtr         RPKI-to-Router cache: serve VRPs to routers (RFC 6810, 8210)\n"
	"  bmp         BMP collector (RFC 7854) into the route state and store; bmp decode\n"
	"  prune       drop observations and scores older than the history kept\n"
	"  feedback    networks' feedback on incidents: list, accept, reject (the trail is kept)\n"
	"  help        this text; 'manrs help <command>' or 'manrs <command> --help'\n"
	"  version     print the version\n";

static const struct {
	const char *name;
	int (*fn)(int, char **);
} COMMANDS[] = {
	{ "mrt", cmd_mrt }, { "rov", cmd_rov }, { "aspa", cmd_aspa }, { "irr", cmd_irr }, { "refdata", cmd_refdata },
	{ "ingest", cmd_ingest },
	{ "sync", cmd_sync },
	{ "report", cmd_report },
	{ "score", cmd_score },
	{ "participants", cmd_participants },
	{ "filter", cmd_filter },
	{ "serve", cmd_serve },
	{ "keys", cmd_keys },
	{ "incidents", cmd_incidents },
	{ "incident", cmd_incident },
	{ "monitor", cmd_monitor },
	{ "rtr", cmd_rtr },
	{ "bmp", cmd_bmp },
	{ "prune", cmd_prune },
	{ "feedback", cmd_feedback },
};

/* Runs the subcommand named by argv[0]; -1 if there is none by that name. */
static int dispatch(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
		if (!strcmp(argv[0], COMMANDS[i].name))
			return COMMANDS[i].fn(argc, argv);
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		if (argc > 2) {
			char *sub[] = { argv[2], "--help", NULL };
			int rc = dispatch(2, sub);
			if (rc >= 0)
				return rc;
			fprintf(stderr, "manrs: unknown command '%s'\n\n%s", argv[2], USAGE);
			return EXIT_USAGE;
		}
		fputs(USAGE, stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		puts("manrs " MANRS_VERSION);
		return EXIT_OK;
	}
	int rc = dispatch(argc - 1, argv + 1);
	if (rc >= 0)
		return rc;
	fprintf(stderr, "manrs: unknown command '%s'\n\n%s", cmd, USAGE);
	return EXIT_USAGE;
}
