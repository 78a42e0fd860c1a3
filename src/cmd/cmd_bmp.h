/* `manrs bmp` subcommands (cmd_bmp.c dispatches; bmp_decode.c decodes files). */
#ifndef MANRS_CMD_CMD_BMP_H
#define MANRS_CMD_CMD_BMP_H

int cmd_bmp_decode(int argc, char **argv);
int cmd_bmp_collect(int argc, char **argv);

#endif
