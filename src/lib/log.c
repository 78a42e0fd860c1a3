/* stderr logging with a per-reason rate limit for input warnings. */
#include "lib/log.h"
#include "lib/limits.h"
#include "lib/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quiet;

/* The logger owns a copy of each reason: a caller's reason may live in
 * memory freed before the next message or the summary (the error text of
 * an input closed after logging it), so no pointer to it is ever kept. */
struct reason_count {
	char *reason;
	unsigned long n;
};

#define MAX_REASONS 64
static struct reason_count reasons[MAX_REASONS];
static int n_reasons;

void log_set_quiet(int q) { quiet = q; }

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("manrs: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("manrs: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static struct reason_count *find_reason(const char *reason)
{
	for (int i = 0; i < n_reasons; i++)
		if (strcmp(reasons[i].reason, reason) == 0)
			return &reasons[i];
	if (n_reasons < MAX_REASONS) {
		reasons[n_reasons].reason = xstrdup(reason);
		reasons[n_reasons].n = 0;
		return &reasons[n_reasons++];
	}
	return NULL;
}

int log_input(const char *reason, const char *fmt, ...)
{
	struct reason_count *rc = find_reason(reason);
	unsigned long n = rc ? ++rc->n : 1;
	if (quiet || n > LOG_MAX_PER_REASON)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	fputs("manrs: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

void log_input_summary(void)
{
	for (int i = 0; i < n_reasons; i++) {
		if (reasons[i].n > LOG_MAX_PER_REASON && !quiet)
			fprintf(stderr, "manrs: %lu more messages suppressed: %s\n",
				reasons[i].n - LOG_MAX_PER_REASON, reasons[i].reason);
		free(reasons[i].reason);
		reasons[i].reason = NULL;
	}
	n_reasons = 0;
}
