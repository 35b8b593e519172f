/*
 * db.h: one SQLite connection with its cache of prepared statements.
 *
 * Statements are cached by the address of their SQL text, so callers pass
 * string literals (static storage), never built strings. A connection is
 * used by one thread at a time: the writer thread owns the write
 * connection; readers borrow one from the store's pool (store.h).
 *
 * The typed functions of the store (units.h, dossiers.h, …) take a struct
 * db: reads work on any connection, writes only inside a change run by the
 * writer (db->writable).
 */
#ifndef MOTCUA_STORE_DB_H
#define MOTCUA_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/*
 * Prepared statements kept per connection, keyed by their SQL's address:
 * room for every static statement of src/ (about 130 in all) twice over.
 */
#define DB_STMT_CACHE_MAX 256

struct db {
	sqlite3 *conn;
	bool writable;
	size_t n_stmts;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} stmts[DB_STMT_CACHE_MAX];
	/* What a module keeps per connection (procedures.c: parsed versions); freed by db_close. */
	void *cache;
	void (*cache_free)(void *cache);
};

/*
 * Opens the database file at path (creating it when `create`), with WAL,
 * synchronous=FULL, foreign keys and a busy timeout. Returns 0, ERR_IO with
 * a message in why (which may be NULL), or ERR_NOMEM.
 */
int db_open(struct db *db, const char *path, bool create, bool writable, char *why, size_t why_size);
/* Finalizes the statements and closes; accepts a closed or zeroed db. */
void db_close(struct db *db);

/*
 * The prepared statement of `sql` (a string literal), reset and with its
 * bindings cleared. NULL when it does not compile (a programmer error,
 * logged to stderr) or the cache is full.
 */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Runs SQL text without results (BEGIN, pragmas, migrations). 0 or ERR_IO. */
int db_exec(struct db *db, const char *sql);
/*
 * Runs a statement without parameters through the statement cache (sql must
 * be static: BEGIN, COMMIT, SAVEPOINT …, which run for every change and
 * read and were parsed each time by db_exec). 0 or ERR_IO.
 */
int db_run(struct db *db, const char *sql);

/* Steps a statement that returns no row. 0, or ERR_IO / ERR_INVALID on a constraint. */
int db_step_done(sqlite3_stmt *st);

/* Binds text (NULL binds NULL); the text is copied by SQLite. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Binds text of len bytes. */
void db_bind_textn(sqlite3_stmt *st, int i, const char *s, size_t len);
/* Binds text, or NULL when s is NULL or "" (an optional field left empty). */
void db_bind_opt_text(sqlite3_stmt *st, int i, const char *s);
/* Binds an instant, or NULL when t is 0 (not happened yet). */
void db_bind_time(sqlite3_stmt *st, int i, int64_t t);

/* Column text, or "" for NULL (valid until the next step or reset). */
const char *db_col_text(sqlite3_stmt *st, int i);
/* Copies the column's text ("" for NULL) into dst of size bytes, cut to fit. */
void db_col_copy(sqlite3_stmt *st, int i, char *dst, size_t size);
/*
 * The column's text copied with malloc (the caller frees it); NULL when the
 * column is NULL or memory runs out (check the column type to tell apart).
 */
char *db_col_dup(sqlite3_stmt *st, int i);

/*
 * Steps a bound statement that returns one row of one integer (a count, a
 * sequence number) into *out, and resets it. 0, or ERR_IO when there is no
 * row or the step fails (then *out is 0).
 */
int db_step_int64(sqlite3_stmt *st, int64_t *out);
/* The same for an int. */
int db_step_int(sqlite3_stmt *st, int *out);
/*
 * Steps a bound statement and resets it; *found says whether it returned a
 * row. 0 or ERR_IO (then *found is false).
 */
int db_step_exists(sqlite3_stmt *st, bool *found);
/*
 * Whether `sql` (a string literal with one parameter, like "SELECT 1 FROM
 * units WHERE code = ?") returns a row for key. 0 or ERR_IO.
 */
int db_exists(struct db *db, const char *sql, const char *key, bool *found);

#endif
