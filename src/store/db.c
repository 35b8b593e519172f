#include "compat.h"

#include <pthread.h>

#include "core/err.h"
#include "store/db.h"
#include "store/walbuf.h"

/* How long a reader waits for a lock before giving up (WAL rarely blocks). */
#define DB_BUSY_TIMEOUT_MS 5000

/*
 * Page caches (docs/bench.md, "What was changed for speed"). The writer
 * touches about 30 pages per change all over the database, so a cache of
 * SQLite's default 2 MB missed at a million dossiers; readers look up
 * single dossiers. (The store's checkpoints: store.c.)
 */
#define DB_WRITER_CACHE "PRAGMA cache_size=-32768"
#define DB_READER_CACHE "PRAGMA cache_size=-4096"

static int fail(struct db *db, char *why, size_t why_size, const char *what)
{
	if (why)
		snprintf(why, why_size, "%s: %s", what,
			 db->conn ? sqlite3_errmsg(db->conn) : "cannot open");
	db_close(db);
	return ERR_IO;
}

/*
 * Settings of the whole library, before SQLite starts (docs/bench.md):
 * - memory statistics take one process-wide mutex on every allocation of
 *   every connection, and with the writer and the readers on different
 *   threads that mutex was contended; motcua reads no such statistics;
 * - the journal of each change's savepoint stays in memory instead of
 *   spilling to a temporary file past 64 KiB (a change journals some tens
 *   of pages, and the writer wrote them to that file at every change);
 * - the VFS of the write connections is registered (walbuf.h).
 */
static bool walbuf_ok; /* the write connections' VFS is there (walbuf.h) */

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	walbuf_ok = walbuf_register() == SQLITE_OK;
}

int db_open(struct db *db, const char *path, bool create, bool writable, char *why, size_t why_size)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	const char *vfs;

	pthread_once(&once, sqlite_setup);
	memset(db, 0, sizeof(*db));
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	flags |= SQLITE_OPEN_NOMUTEX;
	/* Only the writer writes the log; its VFS gathers those writes (walbuf.h). */
	vfs = writable && walbuf_ok ? WALBUF_VFS : NULL;
	if (sqlite3_open_v2(path, &db->conn, flags, vfs) != SQLITE_OK)
		return fail(db, why, why_size, path);
	db->writable = writable;
	sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS);
	if (writable && db_exec(db, "PRAGMA journal_mode=WAL"))
		return fail(db, why, why_size, "journal_mode=WAL");
	if (db_exec(db, "PRAGMA synchronous=FULL") || db_exec(db, "PRAGMA foreign_keys=ON") ||
	    db_exec(db, writable ? DB_WRITER_CACHE : DB_READER_CACHE))
		return fail(db, why, why_size, "pragmas");
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n_stmts; i++)
		sqlite3_finalize(db->stmts[i].stmt);
	if (db->cache && db->cache_free)
		db->cache_free(db->cache);
	if (db->conn)
		sqlite3_close(db->conn);
	memset(db, 0, sizeof(*db));
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	sqlite3_stmt *st;

	for (size_t i = 0; i < db->n_stmts; i++) {
		if (db->stmts[i].sql == sql) {
			st = db->stmts[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (db->n_stmts == DB_STMT_CACHE_MAX) {
		fprintf(stderr, "motcua: statement cache full (%d)\n", DB_STMT_CACHE_MAX);
		return NULL;
	}
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "motcua: SQL error: %s in: %s\n", sqlite3_errmsg(db->conn), sql);
		return NULL;
	}
	db->stmts[db->n_stmts].sql = sql;
	db->stmts[db->n_stmts].stmt = st;
	db->n_stmts++;
	return st;
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "motcua: SQL error: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		return ERR_IO;
	}
	return 0;
}

int db_run(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return ERR_IO;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	fprintf(stderr, "motcua: SQL error: %s in: %s\n", sqlite3_errmsg(db->conn), sql);
	return ERR_IO;
}

int db_step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_INVALID : ERR_IO;
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_textn(sqlite3_stmt *st, int i, const char *s, size_t len)
{
	sqlite3_bind_text(st, i, s, (int)len, SQLITE_TRANSIENT);
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

void db_bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	db_bind_text(st, i, s && *s ? s : NULL);
}

void db_bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (t)
		sqlite3_bind_int64(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

void db_col_copy(sqlite3_stmt *st, int i, char *dst, size_t size)
{
	snprintf(dst, size, "%s", db_col_text(st, i));
}

char *db_col_dup(sqlite3_stmt *st, int i)
{
	const char *t;
	size_t len;
	char *out;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	t = db_col_text(st, i);
	len = strlen(t);
	out = malloc(len + 1);
	if (out)
		memcpy(out, t, len + 1);
	return out;
}

int db_step_int64(sqlite3_stmt *st, int64_t *out)
{
	int rc = ERR_IO;

	*out = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

int db_step_int(sqlite3_stmt *st, int *out)
{
	int64_t v;
	int rc = db_step_int64(st, &v);

	*out = (int)v;
	return rc;
}

int db_step_exists(sqlite3_stmt *st, bool *found)
{
	int step = sqlite3_step(st);

	sqlite3_reset(st);
	*found = step == SQLITE_ROW;
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : ERR_IO;
}

int db_exists(struct db *db, const char *sql, const char *key, bool *found)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	*found = false;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, key);
	return db_step_exists(st, found);
}
