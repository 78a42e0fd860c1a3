/* Streaming JSON writer (see json.h). */
#include "lib/json.h"

static void sep(struct json *j)
{
	if (j->depth > 0 && j->depth < JSON_MAX_DEPTH) {
		if (j->need_comma[j->depth])
			wbuf_putc(j->w, ',');
		j->need_comma[j->depth] = true;
	}
}

void json_begin(struct json *j, struct wbuf *w)
{
	j->w = w;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void open_(struct json *j, char c)
{
	sep(j);
	wbuf_putc(j->w, c);
	if (j->depth + 1 < JSON_MAX_DEPTH) {
		j->depth++;
		j->need_comma[j->depth] = false;
	}
}

static void close_(struct json *j, char c)
{
	wbuf_putc(j->w, c);
	if (j->depth > 0)
		j->depth--;
}

void json_obj_open(struct json *j) { open_(j, '{'); }
void json_obj_close(struct json *j) { close_(j, '}'); }
void json_arr_open(struct json *j) { open_(j, '['); }
void json_arr_close(struct json *j) { close_(j, ']'); }

static void put_escaped(struct wbuf *w, const char *s, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	wbuf_putc(w, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			wbuf_putc(w, '\\');
			wbuf_putc(w, (char)c);
		} else if (c < 0x20 || c >= 0x7f) {
			/* Input bytes are not trusted to be UTF-8: escape them all. */
			char u[6] = { '\\', 'u', '0', '0', hx[c >> 4], hx[c & 15] };
			wbuf_put(w, u, 6);
		} else {
			wbuf_putc(w, (char)c);
		}
	}
	wbuf_putc(w, '"');
}

void json_key(struct json *j, const char *key)
{
	sep(j);
	put_escaped(j->w, key, strlen(key));
	wbuf_putc(j->w, ':');
	/* The value that follows must not add a comma. */
	if (j->depth < JSON_MAX_DEPTH)
		j->need_comma[j->depth] = false;
}

static void after_value(struct json *j)
{
	if (j->depth < JSON_MAX_DEPTH)
		j->need_comma[j->depth] = true;
}

void json_strn(struct json *j, const char *s, size_t n)
{
	sep(j);
	put_escaped(j->w, s, n);
	after_value(j);
}

void json_str(struct json *j, const char *s) { json_strn(j, s, strlen(s)); }

void json_u64(struct json *j, uint64_t v)
{
	sep(j);
	wbuf_put_u64(j->w, v);
	after_value(j);
}

void json_raw(struct json *j, const char *text)
{
	sep(j);
	wbuf_puts(j->w, text);
	after_value(j);
}

void json_bool(struct json *j, bool v)
{
	sep(j);
	wbuf_puts(j->w, v ? "true" : "false");
	after_value(j);
}

void json_null(struct json *j)
{
	sep(j);
	wbuf_puts(j->w, "null");
	after_value(j);
}
