/*
 * Logging for the command layer: messages go to stderr, and warnings about
 * bad input are rate-limited per reason so a broken file cannot flood the
 * terminal. Decoders never log; they return a reason the caller passes here.
 */
#ifndef MANRS_LIB_LOG_H
#define MANRS_LIB_LOG_H

#include <stdarg.h>

void log_set_quiet(int quiet);
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Warns about input; `reason` keys the rate limit (compared by content,
 * and copied: it may be freed after the call). Returns 1 if the message
 * was printed, 0 if suppressed. */
int log_input(const char *reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "N more messages suppressed" lines for reasons over the limit,
 * then forgets every reason (their counts start again from zero). */
void log_input_summary(void);

#endif
