#include "cmd/cmd.h"
#include "cmd/cmd_bmp.h"
#include <stdio.h>
int cmd_bmp_collect(int argc, char **argv) { (void)argc; (void)argv; return EXIT_USAGE; }
