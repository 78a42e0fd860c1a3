/*
 * CSV (RFC 4180) of an API answer, made from its JSON with jansson so the
 * two forms cannot disagree: one line per element of an array, or member
 * of an object, with the columns each endpoint names.
 */
#include "web/web_csv.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *walk(json_t *v, const char *path)
{
	char part[64];
	while (v && *path) {
		const char *e = strchr(path, '.');
		size_t n = e ? (size_t)(e - path) : strlen(path);
		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = 0;
		v = json_is_object(v) ? json_object_get(v, part) : NULL;
		path += n + (e ? 1 : 0);
	}
	return v;
}

static void csv_value(struct wbuf *w, json_t *v)
{
	char num[64];
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v))
		web_csv_field(w, json_string_value(v), true);
	else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		wbuf_puts(w, num);
	} else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%.15g", json_real_value(v));
		wbuf_puts(w, num);
	} else if (json_is_boolean(v))
		wbuf_puts(w, json_is_true(v) ? "true" : "false");
	else if (json_is_array(v)) {
		/* Scalars joined by spaces, in one field. */
		struct wbuf t;
		wbuf_init(&t, 64);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			if (i)
				wbuf_putc(&t, ' ');
			if (json_is_string(x))
				wbuf_puts(&t, json_string_value(x));
			else if (json_is_integer(x))
				wbuf_printf(&t, "%lld", (long long)json_integer_value(x));
		}
		wbuf_putc(&t, 0);
		web_csv_field(w, t.p, true);
		wbuf_free(&t);
	}
}

/* Rewrites rs->body (JSON) as CSV: one line per element of the array (or
 * member of the object) at rows, with the columns given. */
void web_to_csv(struct wbuf *body, const char *rows, const struct web_csv_col *cols, size_t ncols)
{
	json_error_t je;
	json_t *root = json_loadb(body->p, body->len, 0, &je);
	json_t *r = root ? walk(root, rows) : NULL;
	struct wbuf w;
	wbuf_init(&w, body->len + 64);
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			wbuf_putc(&w, ',');
		web_csv_field(&w, cols[c].name, true);
	}
	wbuf_puts(&w, "\r\n");
	const char *key;
	json_t *row;
	size_t i;
	if (json_is_array(r)) {
		json_array_foreach(r, i, row) {
			for (size_t c = 0; c < ncols; c++) {
				if (c)
					wbuf_putc(&w, ',');
				csv_value(&w, walk(row, cols[c].path));
			}
			wbuf_puts(&w, "\r\n");
		}
	} else if (json_is_object(r)) {
		json_object_foreach(r, key, row) {
			for (size_t c = 0; c < ncols; c++) {
				if (c)
					wbuf_putc(&w, ',');
				if (!*cols[c].path)
					web_csv_field(&w, key, true);
				else
					csv_value(&w, walk(row, cols[c].path));
			}
			wbuf_puts(&w, "\r\n");
		}
	}
	json_decref(root);
	wbuf_free(body);
	*body = w;
}

