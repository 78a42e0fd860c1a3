/* placeholder */
#include "cmd/cmd.h"
int cmd_report(int argc, char **argv) { (void)argc; (void)argv; return 2; }
