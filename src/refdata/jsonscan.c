/*
 * JSON push scanner (jsonscan.h). Outside the picked arrays it checks the
 * framing only (brackets match, strings close, one document, RFC 8259
 * section 2 whitespace between tokens), not the whole grammar: each picked
 * element is parsed again by jansson, which checks it fully.
 */
#include "refdata/jsonscan.h"
#include "lib/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct level {
	char type;          /* '{' or '[' */
	bool expect_key;    /* object: the next string is a key */
	bool picked;        /* array whose elements are handed out */
	uint64_t index;     /* picked array: elements so far */
};

struct jscan {
	struct jscan_opts o;
	struct level st[JSCAN_MAX_DEPTH];
	int depth;                          /* open containers */
	char keys[JSCAN_MAX_DEPTH][JSCAN_MAX_KEY + 1];
	bool key_long[JSCAN_MAX_DEPTH];
	bool in_string, escape, capture_key;
	size_t key_len;
	bool root_done, started;
	/* The element being collected (inside a picked array). */
	int elem_depth;                     /* depth of its array, 0 if none */
	char *elem;
	size_t elem_len;
	bool elem_big, elem_any;
	/* The root object, when it may be the element itself. */
	bool root_capture, root_abandoned;
	uint64_t line;
	uint64_t picked;
	const char *error;
	char errbuf[96];
};

struct jscan *jscan_new(const struct jscan_opts *o)
{
	struct jscan *s = xcalloc(1, sizeof *s);
	s->o = *o;
	s->elem = xmalloc(o->max_elem + 1);
	s->line = 1;
	return s;
}

void jscan_free(struct jscan *s)
{
	if (!s)
		return;
	free(s->elem);
	free(s);
}

const char *jscan_error(const struct jscan *s) { return s->error; }
uint64_t jscan_picked(const struct jscan *s) { return s->picked; }

static int fail(struct jscan *s, const char *why)
{
	snprintf(s->errbuf, sizeof s->errbuf, "not JSON: line %llu: %s", (unsigned long long)s->line, why);
	s->error = s->errbuf;
	return -1;
}

static void elem_put(struct jscan *s, char c)
{
	s->elem_any = true;
	if (s->elem_len < s->o.max_elem)
		s->elem[s->elem_len++] = c;
	else
		s->elem_big = true;
}

static void elem_emit(struct jscan *s, struct level *arr)
{
	/* Trailing blanks are not part of the element. */
	while (s->elem_len && (s->elem[s->elem_len - 1] == ' ' || s->elem[s->elem_len - 1] == '\t' ||
			       s->elem[s->elem_len - 1] == '\n' || s->elem[s->elem_len - 1] == '\r'))
		s->elem_len--;
	s->o.elem(s->o.ctx, s->elem_big ? NULL : s->elem, s->elem_len, arr->index++);
	s->elem_len = 0;
	s->elem_big = s->elem_any = false;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Whether a picked array's element is being collected at this point. */
static bool collecting(const struct jscan *s) { return s->elem_depth && s->depth >= s->elem_depth; }

static int step(struct jscan *s, char c)
{
	bool coll = collecting(s);
	/* Bytes of an element (not its array's own commas and bracket). */
	bool own = coll && s->depth == s->elem_depth && !s->in_string && (c == ',' || c == ']');
	if (coll && !own && !(s->depth == s->elem_depth && !s->elem_any && is_ws(c)))
		elem_put(s, c);
	if (s->root_capture && !s->root_abandoned) {
		if (s->elem_len < s->o.max_elem)
			s->elem[s->elem_len++] = c;
		else
			s->elem_big = true;
	}
	if (s->in_string) {
		if (s->escape) {
			s->escape = false;
		} else if (c == '\\') {
			s->escape = true;
		} else if (c == '"') {
			s->in_string = false;
			if (s->capture_key) {
				s->keys[s->depth - 1][s->key_len] = 0;
				s->capture_key = false;
			}
			return 0;
		} else if ((unsigned char)c < 0x20) {
			return fail(s, "control character in a string");
		}
		if (s->capture_key) {
			if (s->key_len < JSCAN_MAX_KEY)
				s->keys[s->depth - 1][s->key_len++] = c;
			else
				s->key_long[s->depth - 1] = true;
		}
		return 0;
	}
	if (is_ws(c))
		return 0;
	if (s->root_done)
		return fail(s, "text after the end of the document");
	if (!s->started) {
		if (c != '{' && c != '[')
			return fail(s, "the document is neither an object nor an array");
		s->started = true;
	}
	struct level *top = s->depth ? &s->st[s->depth - 1] : NULL;
	switch (c) {
	case '"':
		s->in_string = true;
		if (top && top->type == '{' && top->expect_key && !coll) {
			s->capture_key = true;
			s->key_len = 0;
			s->key_long[s->depth - 1] = false;
		}
		if (top && top->type == '{')
			top->expect_key = false;
		return 0;
	case '{':
	case '[': {
		if (s->depth == JSCAN_MAX_DEPTH)
			return fail(s, "nested more than 64 levels");
		struct level *l = &s->st[s->depth++];
		memset(l, 0, sizeof *l);
		l->type = c;
		l->expect_key = c == '{';
		if (s->depth == 1 && c == '{' && s->o.root_object_is_elem) {
			s->root_capture = true;
			s->elem_len = 0;
			s->elem[s->elem_len++] = c;
		}
		if (c == '[' && !coll) {
			const char *keys[JSCAN_MAX_DEPTH];
			for (int i = 0; i + 1 < s->depth; i++)
				keys[i] = s->st[i].type == '{' && !s->key_long[i] ? s->keys[i] : NULL;
			if (s->o.pick(s->o.ctx, s->depth, keys)) {
				l->picked = true;
				s->picked++;
				s->elem_depth = s->depth;
				if (s->root_capture) {
					s->root_abandoned = true;
					s->elem_len = 0;
					s->elem_big = false;
				}
			}
		}
		return 0;
	}
	case '}':
	case ']':
		if (!top || top->type != (c == '}' ? '{' : '['))
			return fail(s, "a closing bracket that does not match");
		if (top->picked) {
			if (s->elem_any || s->elem_len)
				elem_emit(s, top);
			s->elem_depth = 0;
		}
		s->depth--;
		if (s->depth == 0) {
			s->root_done = true;
			if (s->root_capture && !s->root_abandoned) {
				struct level root = { 0 };
				s->elem_any = true;
				elem_emit(s, &root);
			}
		}
		return 0;
	case ',':
		if (!top)
			return fail(s, "',' outside the document");
		if (top->picked)
			elem_emit(s, top);
		if (top->type == '{')
			top->expect_key = true;
		return 0;
	case ':':
		if (!top || top->type != '{')
			return fail(s, "':' outside an object");
		return 0;
	default:
		/* Numbers, true, false, null. */
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' ||
		      c == 'E'))
			return fail(s, "unexpected character");
		if (top && top->type == '{')
			top->expect_key = false;
		return 0;
	}
}

int jscan_feed(struct jscan *s, const char *p, size_t n)
{
	if (s->error)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (step(s, p[i]) < 0)
			return -1;
		else if (p[i] == '\n')
			s->line++;
	return 0;
}

int jscan_end(struct jscan *s)
{
	if (s->error)
		return -1;
	if (!s->started)
		return fail(s, "no document");
	if (!s->root_done)
		return fail(s, s->in_string ? "the input ends inside a string" : "the input ends inside the document");
	return 0;
}
