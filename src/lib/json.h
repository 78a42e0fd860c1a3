/*
 * Minimal streaming JSON writer on top of wbuf: the caller emits keys and
 * values in order; this file only knows how to escape strings and place
 * commas. Nothing is built in memory.
 */
#ifndef MANRS_LIB_JSON_H
#define MANRS_LIB_JSON_H

#include "lib/wbuf.h"

#include <stdbool.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 16

struct json {
	struct wbuf *w;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_begin(struct json *j, struct wbuf *w);
void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j);
void json_arr_close(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_strn(struct json *j, const char *s, size_t n);
void json_u64(struct json *j, uint64_t v);
void json_bool(struct json *j, bool v);
/* A value written as given (a number the caller formatted). */
void json_raw(struct json *j, const char *text);
void json_null(struct json *j);

#endif
