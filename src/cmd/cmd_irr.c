/* `manrs irr`: not implemented yet (issue 3). */
#include "cmd/cmd.h"

#include <stdio.h>

int cmd_irr(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "manrs irr: not implemented yet\n");
	return EXIT_USAGE;
}
