/*
 * ceiling_sqlite: what SQLite alone can commit durably here (make bench,
 * docs/bench.md), the storage ceiling of issue 6.
 *
 *   ceiling_sqlite DB [SECONDS]
 *
 * Creates DB afresh (WAL, synchronous=FULL, like the store) and, for
 * SECONDS each (default 3): inserts rows of about 500 bytes in transactions
 * of 100 rows, then in transactions of one row. Prints a Markdown table:
 * rows per second in batches of 100, and single-row transactions per second.
 * The database is removed at the end.
 */
#include "compat.h"

#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ceiling.h"

#define ROW_BYTES 500
#define BATCH_ROWS 100
#define SECONDS_DEFAULT 3.0

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "ceiling_sqlite: %s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	return -1;
}

/* Inserts rows in transactions of `batch` until `seconds` passed; rows per second or -1. */
static double run(sqlite3 *db, sqlite3_stmt *ins, int batch, double seconds)
{
	static char payload[ROW_BYTES + 1];
	double start = now_s(), elapsed;
	uint64_t rows = 0;

	if (!payload[0])
		memset(payload, 'x', ROW_BYTES);
	do {
		if (exec(db, "BEGIN IMMEDIATE"))
			return -1;
		for (int i = 0; i < batch; i++, rows++) {
			sqlite3_bind_int64(ins, 1, (sqlite3_int64)rows);
			sqlite3_bind_text(ins, 2, payload, ROW_BYTES, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				fprintf(stderr, "ceiling_sqlite: insert: %s\n", sqlite3_errmsg(db));
				return -1;
			}
			sqlite3_reset(ins);
		}
		if (exec(db, "COMMIT"))
			return -1;
		elapsed = now_s() - start;
	} while (elapsed < seconds);
	return (double)rows / elapsed;
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	double seconds = argc > 2 ? strtod(argv[2], NULL) : SECONDS_DEFAULT;
	double batched = -1, single = -1;

	if (argc < 2 || seconds <= 0)
		return fprintf(stderr, "usage: ceiling_sqlite DB [SECONDS]\n"), 2;
	remove_db(argv[1]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "ceiling_sqlite: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	if (exec(db, "PRAGMA journal_mode=WAL") || exec(db, "PRAGMA synchronous=FULL") ||
	    exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, body TEXT NOT "
		     "NULL)") ||
	    sqlite3_prepare_v2(db, "INSERT INTO t (n, body) VALUES (?, ?)", -1, &ins, NULL) !=
		    SQLITE_OK)
		goto out;
	batched = run(db, ins, BATCH_ROWS, seconds);
	if (batched > 0)
		single = run(db, ins, 1, seconds);
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	remove_db(argv[1]);
	if (batched <= 0 || single <= 0)
		return 1;
	printf("| storage measure (WAL, synchronous=FULL, %d-byte rows) | per second |\n"
	       "|---|---:|\n", ROW_BYTES);
	printf("| rows in transactions of %d | %.0f |\n", BATCH_ROWS, batched);
	printf("| single-row transactions | %.0f |\n", single);
	return 0;
}
