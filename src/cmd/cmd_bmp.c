/*
 * `manrs bmp`: the BMP collector (bmp_collect.c) and `manrs bmp decode`
 * (bmp_decode.c). This file only dispatches.
 */
#include "cmd/cmd.h"
#include "cmd/cmd_bmp.h"

#include <string.h>

int cmd_bmp(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "decode"))
		return cmd_bmp_decode(argc - 1, argv + 1);
	return cmd_bmp_collect(argc, argv);
}
