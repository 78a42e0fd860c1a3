/*
 * Inside the store: the handle's layout, shared by the store_*.c files of
 * this module (and no one else). Each file keeps its SQL as constant text
 * and runs it through store_prep(), which prepares a statement once per
 * handle and hands it back reset and unbound.
 */
#ifndef MANRS_STORE_STORE_INT_H
#define MANRS_STORE_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Statements store_prep() keeps per handle. */
#define STORE_XST_MAX 128

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[64];      /* store.c's own statements, by Q_ index */
	int version;
	uint8_t *scratch;          /* id-set encoding buffer */
	size_t scratch_cap;
	struct { const char *sql; sqlite3_stmt *st; } xst[STORE_XST_MAX];
	size_t nxst;
};

/* The prepared statement for `sql` (constant text: it is cached by its
 * address), reset and unbound; NULL on a preparation error (see
 * store_errmsg) or when STORE_XST_MAX statements are cached. */
sqlite3_stmt *store_prep(struct store *s, const char *sql);

#endif
