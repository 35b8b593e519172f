/*
 * store.h: the durable store of motcua (SQLite by default).
 *
 * One writer thread owns the write connection and applies changes with
 * group commit: request threads submit a change (a function run on the
 * writer thread inside the write transaction), the writer runs a batch of
 * changes in one transaction, each inside its own savepoint, commits, and
 * only then reports each change's result. A change that fails is rolled
 * back alone; nothing it wrote survives (no partial writes). A 2xx for a
 * change is therefore sent only after its transaction is durable
 * (synchronous=FULL).
 *
 * Reads borrow a connection from a pool (store_read_begin/end); each
 * borrowed connection reads one consistent snapshot.
 *
 * The typed operations on the data live in the noun modules next to this
 * file (units.h, users.h, procedures.h, dossiers.h, audit.h, …); they take
 * a struct db. A future PostgreSQL backend implements the same functions.
 *
 * Thread-safety: store_submit, store_write, store_read_begin/end may be
 * called from any thread.
 */
#ifndef MOTCUA_STORE_STORE_H
#define MOTCUA_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define STORE_QUEUE_MAX_DEFAULT 8192
#define STORE_BATCH_MAX_DEFAULT 256
#define STORE_READERS_MAX 64
#define STORE_WHY_SIZE 256
/*
 * WAL pages after which the checkpointer copies the log back (store.c).
 * 10,000 at first; 30,000 (120 MB of log) gave 7-12% more write throughput,
 * as a page changed many times is copied back once, and reads were not
 * slower; at 50,000 mixed reads and writes were (docs/bench.md).
 */
#define STORE_CHECKPOINT_PAGES 30000

struct store;

struct store_config {
	const char *path;  /* database file */
	int queue_max;     /* changes waiting at most (0: default) */
	int batch_max;     /* changes per transaction at most (0: default) */
};

#define STORE_HASH_BYTES 32

/* What a change sees: the write connection and the writer's state. */
struct store_tx {
	struct db *db;
	struct store *store;
	/* Head of the audit chain (audit.h keeps it; the writer restores it
	 * when a change is rolled back). */
	int64_t audit_seq;
	uint8_t audit_hash[STORE_HASH_BYTES];
};

/*
 * A change: runs on the writer thread inside the write transaction. It
 * returns 0 to keep what it wrote, or a negative ERR_* to undo all of it.
 * It must not block or call store_write().
 */
typedef int (*store_change_fn)(struct store_tx *tx, void *arg);
/* Called once the change's fate is durable: rc is the change's own result,
 * or ERR_IO when the commit failed. Runs on the writer thread; keep it short. */
typedef void (*store_done_fn)(void *arg, int rc);

/*
 * Opens (creating if needed) and migrates the database, starts the writer.
 * Returns 0, or ERR_IO with a message in why.
 */
int store_open(struct store **out, const struct store_config *cfg, char why[STORE_WHY_SIZE]);
/* Drains the queue, stops the writer, closes every connection. NULL is fine. */
void store_close(struct store *s);

/* Queues a change. 0, or ERR_TOO_LARGE when the queue is full (then done is not called). */
int store_submit(struct store *s, store_change_fn change, store_done_fn done, void *arg);
/* Queues a change and waits until it is durable; returns its result. */
int store_write(struct store *s, store_change_fn change, void *arg);

/* Borrows a read connection (in a read transaction); NULL when out of connections. */
struct db *store_read_begin(struct store *s);
/* Ends the read transaction and gives the connection back. */
void store_read_end(struct store *s, struct db *db);

/* Figures for /metrics. */
struct store_stats {
	uint64_t batches, changes, failed_changes, failed_commits;
	/* WAL checkpoints: the checkpointer's passes; the writer's (the tails after them) */
	uint64_t checkpoints, writer_checkpoints;
	uint64_t batch_size_hist[9]; /* 1, 2, 4, …, 128, >128 */
	int queue_depth;
};
void store_get_stats(struct store *s, struct store_stats *out);

/* The schema version after migration. */
int store_schema_version(struct store *s);

#endif
