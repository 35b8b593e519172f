#include "compat.h"

#include <stdatomic.h>

#include <pthread.h>

#include "core/err.h"
#include "data/embedded.h"
#include "store/audit.h"
#include "store/store.h"

/* The migrations, in order; each is embedded from src/store/migrations/. */
static const char *const migrations[] = {
	"src/store/migrations/001_init.sql",
	"src/store/migrations/002_index.sql",
	"src/store/migrations/003_audit_object.sql",
	"src/store/migrations/004_write_path.sql",
	"src/store/migrations/005_fewer_rewrites.sql",
};

struct item {
	store_change_fn change;
	store_done_fn done;
	void *arg;
};

struct store {
	struct db writer;
	struct store_tx tx;
	pthread_t thread;
	bool running, stopping;

	pthread_mutex_t lock;
	pthread_cond_t work, room;
	struct item *queue;
	int queue_max, head, count;
	int batch_max;
	struct store_stats stats;

	/*
	 * Checkpoints mostly run on their own thread and connection, so the
	 * writer does not copy the WAL back itself (docs/bench.md). Past
	 * STORE_CHECKPOINT_PAGES the writer's WAL hook wakes the checkpointer,
	 * which copies what the log holds while the writer goes on. What the
	 * writer appended meanwhile (the tail) the writer copies itself after
	 * its next commit: between its transactions a checkpoint completes, so
	 * the log starts over instead of growing. Past STORE_WAL_PAGES_MAX it
	 * checkpoints whatever the checkpointer is doing.
	 */
	struct db ckpt;
	pthread_t ckpt_thread;
	bool ckpt_running, ckpt_wanted, ckpt_stop;
	atomic_bool ckpt_tail; /* a pass ended: the writer copies the rest */
	pthread_mutex_t ckpt_lock;
	pthread_cond_t ckpt_cond;

	pthread_mutex_t pool_lock;
	struct db *readers[STORE_READERS_MAX];
	int n_readers, n_free;
	struct db *free_readers[STORE_READERS_MAX];
	char *path;
	int schema_version;
};

static int migrate(struct store *s, char why[STORE_WHY_SIZE])
{
	sqlite3_stmt *st;
	int version = 0;

	if (db_exec(&s->writer, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)"))
		goto io;
	st = db_stmt(&s->writer, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		goto io;
	version = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	for (int v = version; v < (int)ARRAY_SIZE(migrations); v++) {
		const struct embedded_file *f = embedded_find(migrations[v]);

		if (!f || db_exec(&s->writer, "BEGIN IMMEDIATE"))
			goto io;
		if (db_exec(&s->writer, (const char *)f->data)) {
			db_exec(&s->writer, "ROLLBACK");
			snprintf(why, STORE_WHY_SIZE, "migration %s failed", migrations[v]);
			return ERR_IO;
		}
		st = db_stmt(&s->writer, "INSERT INTO schema_version(version) VALUES (?)");
		if (!st)
			goto io;
		sqlite3_bind_int(st, 1, v + 1);
		if (db_step_done(st) || db_exec(&s->writer, "COMMIT"))
			goto io;
	}
	s->schema_version = (int)ARRAY_SIZE(migrations);
	return 0;
io:
	snprintf(why, STORE_WHY_SIZE, "schema: %s", sqlite3_errmsg(s->writer.conn));
	return ERR_IO;
}

/* The statements of every change and read, prepared once per connection (db_run). */
static const char SQL_BEGIN[] = "BEGIN";
static const char SQL_BEGIN_IMMEDIATE[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_SAVEPOINT[] = "SAVEPOINT change";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO change";
static const char SQL_RELEASE[] = "RELEASE change";

/* Runs one change in its savepoint; restores the writer state on failure. */
static int run_change(struct store *s, struct item *it)
{
	struct store_tx saved = s->tx;
	int rc;

	if (db_run(&s->writer, SQL_SAVEPOINT))
		return ERR_IO;
	rc = it->change(&s->tx, it->arg);
	if (rc) {
		db_run(&s->writer, SQL_ROLLBACK_TO);
		s->tx = saved;
	}
	db_run(&s->writer, SQL_RELEASE);
	return rc;
}

static void record_batch(struct store *s, int n)
{
	int bucket = 0;

	while (bucket < 8 && (1 << bucket) < n)
		bucket++;
	s->stats.batches++;
	s->stats.batch_size_hist[bucket]++;
}

/* Applies items[0..n) in one transaction, then reports each result. */
static void apply_batch(struct store *s, struct item *items, int n)
{
	int rcs[STORE_BATCH_MAX_DEFAULT * 4];
	bool ok = db_run(&s->writer, SQL_BEGIN_IMMEDIATE) == 0;

	/* Another process (motcua import, user add) may have appended to the
	 * audit chain since the last batch: start from the stored head. */
	if (ok && audit_head_load(&s->writer, &s->tx))
		ok = false;
	for (int i = 0; i < n; i++)
		rcs[i] = ok ? run_change(s, &items[i]) : ERR_IO;
	if (ok && db_run(&s->writer, SQL_COMMIT)) {
		db_run(&s->writer, SQL_ROLLBACK);
		ok = false;
	}
	if (!ok) {
		/* Nothing of the batch is durable: every change failed. */
		for (int i = 0; i < n; i++)
			rcs[i] = ERR_IO;
		audit_head_load(s->writer.conn ? &s->writer : NULL, &s->tx);
		s->stats.failed_commits++;
	}
	pthread_mutex_lock(&s->lock);
	record_batch(s, n);
	s->stats.changes += (uint64_t)n;
	for (int i = 0; i < n; i++)
		s->stats.failed_changes += rcs[i] != 0;
	pthread_mutex_unlock(&s->lock);
	for (int i = 0; i < n; i++)
		if (items[i].done)
			items[i].done(items[i].arg, rcs[i]);
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	struct item *batch = calloc((size_t)s->batch_max, sizeof(*batch));

	for (;;) {
		int n = 0;

		pthread_mutex_lock(&s->lock);
		while (s->count == 0 && !s->stopping)
			pthread_cond_wait(&s->work, &s->lock);
		if (s->count == 0 && s->stopping) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		while (s->count > 0 && n < s->batch_max) {
			batch[n++] = s->queue[s->head];
			s->head = (s->head + 1) % s->queue_max;
			s->count--;
		}
		pthread_cond_broadcast(&s->room);
		pthread_mutex_unlock(&s->lock);
		apply_batch(s, batch, n);
	}
	free(batch);
	return NULL;
}

#define STORE_WAL_PAGES_MAX 100000

/* A passive checkpoint on the writer's connection, between its transactions. */
static void writer_checkpoint(struct store *s, sqlite3 *conn)
{
	if (sqlite3_wal_checkpoint_v2(conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) ==
	    SQLITE_OK) {
		pthread_mutex_lock(&s->lock);
		s->stats.writer_checkpoints++;
		pthread_mutex_unlock(&s->lock);
	}
}

/* The writer's WAL hook, after each commit (on the writer thread). */
static int on_wal(void *arg, sqlite3 *conn, const char *name, int pages)
{
	struct store *s = arg;

	(void)name;
	if (pages < STORE_CHECKPOINT_PAGES)
		return SQLITE_OK;
	if (!s->ckpt_running || pages >= STORE_WAL_PAGES_MAX ||
	    atomic_exchange(&s->ckpt_tail, false)) {
		writer_checkpoint(s, conn);
		return SQLITE_OK;
	}
	pthread_mutex_lock(&s->ckpt_lock);
	s->ckpt_wanted = true;
	pthread_cond_signal(&s->ckpt_cond);
	pthread_mutex_unlock(&s->ckpt_lock);
	return SQLITE_OK;
}

static void *checkpointer_main(void *arg)
{
	struct store *s = arg;

	pthread_mutex_lock(&s->ckpt_lock);
	for (;;) {
		while (!s->ckpt_wanted && !s->ckpt_stop)
			pthread_cond_wait(&s->ckpt_cond, &s->ckpt_lock);
		if (s->ckpt_stop)
			break;
		s->ckpt_wanted = false;
		pthread_mutex_unlock(&s->ckpt_lock);
		if (sqlite3_wal_checkpoint_v2(s->ckpt.conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
					      NULL) == SQLITE_OK) {
			pthread_mutex_lock(&s->lock);
			s->stats.checkpoints++;
			pthread_mutex_unlock(&s->lock);
			atomic_store(&s->ckpt_tail, true);
		}
		pthread_mutex_lock(&s->ckpt_lock);
	}
	pthread_mutex_unlock(&s->ckpt_lock);
	return NULL;
}

/* Starts the checkpointer; without it the writer checkpoints as SQLite would. */
static void checkpointer_start(struct store *s)
{
	sqlite3_wal_hook(s->writer.conn, on_wal, s);
	if (db_open(&s->ckpt, s->path, false, true, NULL, 0))
		return;
	if (pthread_create(&s->ckpt_thread, NULL, checkpointer_main, s) != 0) {
		db_close(&s->ckpt);
		return;
	}
	s->ckpt_running = true;
}

static void checkpointer_stop(struct store *s)
{
	if (!s->ckpt_running)
		return;
	pthread_mutex_lock(&s->ckpt_lock);
	s->ckpt_stop = true;
	pthread_cond_signal(&s->ckpt_cond);
	pthread_mutex_unlock(&s->ckpt_lock);
	pthread_join(s->ckpt_thread, NULL);
	s->ckpt_running = false;
}

static void free_store(struct store *s)
{
	for (int i = 0; i < s->n_readers; i++) {
		db_close(s->readers[i]);
		free(s->readers[i]);
	}
	db_close(&s->ckpt);
	db_close(&s->writer);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->ckpt_lock);
	pthread_cond_destroy(&s->ckpt_cond);
	pthread_mutex_destroy(&s->pool_lock);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->room);
	free(s->queue);
	free(s->path);
	free(s);
}

int store_open(struct store **out, const struct store_config *cfg, char why[STORE_WHY_SIZE])
{
	struct store *s = calloc(1, sizeof(*s));
	size_t len = strlen(cfg->path);
	int rc;

	*out = NULL;
	why[0] = '\0';
	if (!s)
		return ERR_NOMEM;
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->ckpt_lock, NULL);
	pthread_cond_init(&s->ckpt_cond, NULL);
	pthread_mutex_init(&s->pool_lock, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->room, NULL);
	s->queue_max = cfg->queue_max > 0 ? cfg->queue_max : STORE_QUEUE_MAX_DEFAULT;
	s->batch_max = cfg->batch_max > 0 ? cfg->batch_max : STORE_BATCH_MAX_DEFAULT;
	if (s->batch_max > STORE_BATCH_MAX_DEFAULT * 4)
		s->batch_max = STORE_BATCH_MAX_DEFAULT * 4;
	s->queue = calloc((size_t)s->queue_max, sizeof(*s->queue));
	s->path = malloc(len + 1);
	if (!s->queue || !s->path) {
		free_store(s);
		return ERR_NOMEM;
	}
	memcpy(s->path, cfg->path, len + 1);
	rc = db_open(&s->writer, cfg->path, true, true, why, STORE_WHY_SIZE);
	if (!rc)
		rc = migrate(s, why);
	s->tx.db = &s->writer;
	s->tx.store = s;
	if (!rc)
		rc = audit_head_load(&s->writer, &s->tx);
	if (!rc)
		checkpointer_start(s);
	if (!rc && pthread_create(&s->thread, NULL, writer_main, s) != 0)
		rc = ERR_IO;
	if (rc) {
		if (!why[0])
			snprintf(why, STORE_WHY_SIZE, "cannot start the store");
		checkpointer_stop(s);
		free_store(s);
		return rc;
	}
	s->running = true;
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->running) {
		pthread_mutex_lock(&s->lock);
		s->stopping = true;
		pthread_cond_broadcast(&s->work);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
	}
	checkpointer_stop(s);
	free_store(s);
}

int store_submit(struct store *s, store_change_fn change, store_done_fn done, void *arg)
{
	pthread_mutex_lock(&s->lock);
	if (s->count == s->queue_max || s->stopping) {
		pthread_mutex_unlock(&s->lock);
		return ERR_TOO_LARGE;
	}
	s->queue[(s->head + s->count) % s->queue_max] = (struct item){change, done, arg};
	s->count++;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	return 0;
}

struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	int rc;
	store_change_fn change;
	void *arg;
};

static int waiter_change(struct store_tx *tx, void *arg)
{
	struct waiter *w = arg;

	return w->change(tx, w->arg);
}

static void waiter_done(void *arg, int rc)
{
	struct waiter *w = arg;

	pthread_mutex_lock(&w->lock);
	w->rc = rc;
	w->done = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

int store_write(struct store *s, store_change_fn change, void *arg)
{
	struct waiter w = {.change = change, .arg = arg};
	int rc;

	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	/* A full queue drains quickly: wait for room rather than fail. */
	pthread_mutex_lock(&s->lock);
	while (s->count == s->queue_max && !s->stopping)
		pthread_cond_wait(&s->room, &s->lock);
	pthread_mutex_unlock(&s->lock);
	rc = store_submit(s, waiter_change, waiter_done, &w);
	if (!rc) {
		pthread_mutex_lock(&w.lock);
		while (!w.done)
			pthread_cond_wait(&w.cond, &w.lock);
		rc = w.rc;
		pthread_mutex_unlock(&w.lock);
	}
	pthread_mutex_destroy(&w.lock);
	pthread_cond_destroy(&w.cond);
	return rc;
}

struct db *store_read_begin(struct store *s)
{
	struct db *db = NULL;

	pthread_mutex_lock(&s->pool_lock);
	if (s->n_free > 0) {
		db = s->free_readers[--s->n_free];
	} else if (s->n_readers < STORE_READERS_MAX) {
		db = calloc(1, sizeof(*db));
		if (db && db_open(db, s->path, false, false, NULL, 0)) {
			free(db);
			db = NULL;
		}
		if (db)
			s->readers[s->n_readers++] = db;
	}
	pthread_mutex_unlock(&s->pool_lock);
	if (db && db_run(db, SQL_BEGIN)) {
		store_read_end(s, db);
		return NULL;
	}
	return db;
}

void store_read_end(struct store *s, struct db *db)
{
	if (!db)
		return;
	if (!sqlite3_get_autocommit(db->conn))
		db_run(db, SQL_COMMIT);
	pthread_mutex_lock(&s->pool_lock);
	s->free_readers[s->n_free++] = db;
	pthread_mutex_unlock(&s->pool_lock);
}

void store_get_stats(struct store *s, struct store_stats *out)
{
	pthread_mutex_lock(&s->lock);
	*out = s->stats;
	out->queue_depth = s->count;
	pthread_mutex_unlock(&s->lock);
}

int store_schema_version(struct store *s)
{
	return s->schema_version;
}
