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
	"  help        this text; 'manrs <command> --help' for a command\n"
	"  version     print the version\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(USAGE, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		if (argc > 2 && !strcmp(argv[2], "mrt")) {
			char *sub[] = { "mrt", "--help", NULL };
			return cmd_mrt(2, sub);
		}
		fputs(USAGE, stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		puts("manrs " MANRS_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "mrt"))
		return cmd_mrt(argc - 1, argv + 1);
	fprintf(stderr, "manrs: unknown command '%s'\n\n%s", cmd, USAGE);
	return EXIT_USAGE;
}
