/*
 * RFC 4180 CSV fields and records (csv.h).
 */
#include "observatory/csv.h"

#include <stdio.h>
#include <string.h>

void obs_csv_str(struct wbuf *w, bool first, const char *s)
{
	if (!first)
		wbuf_putc(w, ',');
	/* RFC 4180 section 2, rules 5-7: quote a field with a comma, a
	 * double quote or a line break, and double the quotes inside. */
	if (!s[strcspn(s, ",\"\r\n")]) {
		wbuf_puts(w, s);
		return;
	}
	wbuf_putc(w, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			wbuf_putc(w, '"');
		wbuf_putc(w, *p);
	}
	wbuf_putc(w, '"');
}

void obs_csv_u64(struct wbuf *w, bool first, uint64_t v)
{
	if (!first)
		wbuf_putc(w, ',');
	wbuf_put_u64(w, v);
}

void obs_csv_num(struct wbuf *w, bool first, double v)
{
	if (!first)
		wbuf_putc(w, ',');
	if (v < 0)
		return;
	char b[48];
	snprintf(b, sizeof b, "%.4f", v);
	char *dot = strchr(b, '.');
	if (dot) {
		char *e = b + strlen(b) - 1;
		while (e > dot && *e == '0')
			*e-- = 0;
		if (e == dot)
			*e = 0;
	}
	wbuf_puts(w, b);
}

void obs_csv_end(struct wbuf *w) { wbuf_puts(w, "\r\n"); }

void obs_csv_header(struct wbuf *w, const char *names)
{
	wbuf_puts(w, names);
	obs_csv_end(w);
}
