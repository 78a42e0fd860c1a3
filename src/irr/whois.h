/*
 * The IRRd whois query language (as IRRd 4 and bgpq4 speak it) over an
 * in-memory IRR database: `!` queries (!!, !g, !6, !i, !a, !r, !s, ...)
 * and RIPE-style flag queries (-i origin, -K, -T, -s, ...). Pure: one
 * query line in, the answer bytes appended to a buffer; no I/O, so the
 * server (cmd_irr_serve.c) only moves bytes and the engine is unit-tested
 * and fuzzed on its own.
 */
#ifndef MANRS_IRR_WHOIS_H
#define MANRS_IRR_WHOIS_H

#include "irr/irr.h"
#include "lib/wbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RPKI origin validation state of a route (RFC 6811 section 2), as the
 * caller computes it (irr/ does not depend on rpki/: the command layer
 * passes a function over its VRP table). */
enum whois_rpki {
	WHOIS_RPKI_NOT_FOUND = 0,
	WHOIS_RPKI_VALID,
	WHOIS_RPKI_INVALID,
};
typedef enum whois_rpki (*whois_rpki_fn)(void *ctx, const struct prefix *p, uint32_t origin);

/* Limits (input-driven sizes and work). */
#define WHOIS_MAX_LINE 4096u              /* bytes of one query line, '\n' excluded */
#define WHOIS_MAX_ANSWER (64u * 1024 * 1024)  /* bytes of one answer's content */
#define WHOIS_MAX_SOURCES_TEXT 1024u      /* bytes of a session's source list */
#define WHOIS_MAX_CLIENT 64u              /* bytes of a !n / -V client name kept */
#define WHOIS_DEFAULT_BUDGET_MS 20000u    /* time one query may take */
#define WHOIS_DEFAULT_TIMEOUT 30u         /* idle seconds (IRRd's default; !t changes it) */
#define WHOIS_MAX_TIMEOUT 1000u           /* largest !t value (as IRRd) */

/* What every session shares. The database's source preference is
 * installed by each query from its session (the server is one thread). */
struct whois_server {
	struct irr_db *db;
	whois_rpki_fn rpki;             /* NULL: not RPKI-aware */
	void *rpki_ctx;
	bool hide_invalid;              /* RPKI-invalid routes left out of !g, !6, !a */
	const char *default_sources;    /* "RIPE,RADB" or NULL: every source loaded */
	unsigned budget_ms;             /* 0: WHOIS_DEFAULT_BUDGET_MS */
	const char *version;            /* said by !v */
	struct wbuf body;               /* scratch: the answer being built */
};

/* Per connection state that persists across queries. */
struct whois_session {
	bool persistent;                /* !! or -k seen: answer more than one query */
	unsigned timeout;               /* idle seconds */
	char sources[WHOIS_MAX_SOURCES_TEXT];  /* "" = the server's default */
	char client[WHOIS_MAX_CLIENT + 1];
	uint64_t queries;
};

void whois_server_init(struct whois_server *srv, struct irr_db *db);
void whois_server_free(struct whois_server *srv);
void whois_session_init(struct whois_session *s);

/* What the connection does after the answer is sent. */
enum whois_next {
	WHOIS_CONTINUE = 0,   /* read the next query */
	WHOIS_CLOSE,          /* close once the answer is written (one-shot mode, !q) */
};

/* Answers one query line (without its '\n'; a trailing '\r' is ignored)
 * by appending to out: IRRd style "A<len>\n<content>\nC\n", "C\n", "D\n"
 * or "F <message>\n"; RIPE style objects or "%  No entries found ..."
 * then two empty lines. Any bytes are accepted (binary garbage gets an
 * error answer). An empty line gets no answer. */
enum whois_next whois_query(struct whois_server *srv, struct whois_session *s, const char *line, size_t len,
			    struct wbuf *out);

/* Validates a source list "RIPE,RADB" against the loaded sources: 0, or
 * -1 with *why. */
int whois_sources_check(const struct irr_db *db, const char *list, size_t len, const char **why);

#endif
