/* The `manrs` subcommands: each takes argc/argv after its own name. */
#ifndef MANRS_CMD_CMD_H
#define MANRS_CMD_CMD_H

/* Exit statuses shared by every subcommand. */
#define EXIT_OK 0
#include <stdint.h>

#define EXIT_FAIL 1      /* could not do the job: unreadable file, write error */
#define EXIT_USAGE 2
#define EXIT_SKIPPED 3   /* done, but some input was skipped or truncated */

int cmd_mrt(int argc, char **argv);
int cmd_rov(int argc, char **argv);
int cmd_aspa(int argc, char **argv);
int cmd_irr(int argc, char **argv);
int cmd_irr_serve(int argc, char **argv);   /* `manrs irr serve` */
int cmd_refdata(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_refdata_load(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_participants(int argc, char **argv);
int cmd_filter(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_incidents(int argc, char **argv);
int cmd_incident(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_rtr(int argc, char **argv);
int cmd_bmp(int argc, char **argv);
int cmd_prune(int argc, char **argv);
int cmd_feedback(int argc, char **argv);

/* "YYYY-MM" as YYYYMM; 0 if malformed (cmd_report.c; report and score). */
uint32_t obs_parse_month(const char *s);

#endif
