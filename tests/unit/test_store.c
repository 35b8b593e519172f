/*
 * Tests of store/: group commit with per-change rollback, the audit chain
 * (R-AUD-1) and its verification, reopening. A real SQLite file in a
 * temporary directory.
 */
#include "compat.h"

#include <time.h>

#include <pthread.h>
#include <sys/wait.h>

#include "core/err.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/walbuf.h"

#include "testutil.h"

struct put {
	const char *key;
	int fail; /* the change's own result after writing */
};

static int put_change(struct store_tx *tx, void *arg)
{
	struct put *p = arg;
	sqlite3_stmt *st = db_stmt(tx->db, "INSERT INTO meta(key, value) VALUES (?, 'v')");
	int rc;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, p->key);
	rc = db_step_done(st);
	if (!rc)
		rc = audit_append(tx, 1700000000, "tester", "meta.put", p->key, "{}");
	return rc ? rc : p->fail;
}

static bool has_key(struct store *s, const char *key)
{
	struct db *db = store_read_begin(s);
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM meta WHERE key = ?");
	bool found;

	db_bind_text(st, 1, key);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	store_read_end(s, db);
	return found;
}

static int verify(struct store *s, struct audit_report *rep)
{
	struct db *db = store_read_begin(s);
	int rc = audit_verify(db, rep);

	store_read_end(s, db);
	return rc;
}

/* A change that fails leaves nothing behind, not even its audit record. */
static void test_failed_change_rolls_back(void **state)
{
	struct tmp_fixture *f = *state;
	struct put ok1 = {"a", 0}, bad = {"b", ERR_INVALID}, ok2 = {"c", 0};
	struct audit_report rep;

	assert_int_equal(store_write(f->s, put_change, &ok1), 0);
	assert_int_equal(store_write(f->s, put_change, &bad), ERR_INVALID);
	assert_int_equal(store_write(f->s, put_change, &ok2), 0);
	assert_true(has_key(f->s, "a"));
	assert_false(has_key(f->s, "b"));
	assert_true(has_key(f->s, "c"));
	assert_int_equal(verify(f->s, &rep), 0);
	assert_int_equal(rep.records, 2);
	/* A constraint violation is an error of the change too. */
	assert_int_equal(store_write(f->s, put_change, &ok1), ERR_INVALID);
	assert_int_equal(verify(f->s, &rep), 0);
	assert_int_equal(rep.records, 2);
}

#define WRITERS 8
#define WRITES_EACH 200

static void *writer_thread(void *arg)
{
	struct tmp_fixture *f = arg;
	static _Atomic int next;
	char key[32];

	for (int i = 0; i < WRITES_EACH; i++) {
		struct put p = {key, 0};

		snprintf(key, sizeof(key), "k%d", next++);
		if (store_write(f->s, put_change, &p))
			return (void *)1;
	}
	return NULL;
}

/* Concurrent writers are batched; every acknowledged write is there. */
static void test_concurrent_writes(void **state)
{
	struct tmp_fixture *f = *state;
	pthread_t t[WRITERS];
	struct audit_report rep;
	struct store_stats stats;
	struct db *db;
	sqlite3_stmt *st;

	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, writer_thread, f), 0);
	for (int i = 0; i < WRITERS; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		assert_null(ret);
	}
	db = store_read_begin(f->s);
	st = db_stmt(db, "SELECT count(*) FROM meta WHERE key LIKE 'k%'");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), WRITERS * WRITES_EACH);
	sqlite3_reset(st);
	store_read_end(f->s, db);
	assert_int_equal(verify(f->s, &rep), 0);
	assert_int_equal(rep.records, WRITERS * WRITES_EACH);
	store_get_stats(f->s, &stats);
	assert_int_equal(stats.changes, WRITERS * WRITES_EACH);
	/* Group commit: fewer transactions than changes. */
	assert_true(stats.batches <= stats.changes);
}

/* Editing or deleting a record breaks the chain at that record. */
static void test_tampering_is_detected(void **state)
{
	struct tmp_fixture *f = *state;
	struct audit_report rep;
	char key[8];
	sqlite3 *raw;

	for (int i = 0; i < 5; i++) {
		struct put p = {key, 0};

		snprintf(key, sizeof(key), "t%d", i);
		assert_int_equal(store_write(f->s, put_change, &p), 0);
	}
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "UPDATE audit SET detail = '{\"x\":1}' WHERE seq = 3",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(verify(f->s, &rep), ERR_INVALID);
	assert_int_equal(rep.broken_at, 3);
	assert_non_null(strstr(rep.why, "content"));
	assert_int_equal(sqlite3_exec(raw, "DELETE FROM audit WHERE seq = 3", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(verify(f->s, &rep), ERR_INVALID);
	assert_int_equal(rep.broken_at, 3);
	assert_non_null(strstr(rep.why, "missing"));
	sqlite3_close(raw);
}

/* After a reopen the chain goes on from its head. */
static void test_reopen_continues_chain(void **state)
{
	struct tmp_fixture *f = *state;
	struct store_config cfg = {.path = f->path};
	struct put p1 = {"r1", 0}, p2 = {"r2", 0};
	struct audit_report rep;
	char why[STORE_WHY_SIZE];

	assert_int_equal(store_write(f->s, put_change, &p1), 0);
	store_close(f->s);
	assert_int_equal(store_open(&f->s, &cfg, why), 0);
	assert_int_equal(store_schema_version(f->s), 5);
	assert_int_equal(store_write(f->s, put_change, &p2), 0);
	assert_int_equal(verify(f->s, &rep), 0);
	assert_int_equal(rep.records, 2);
}

/*
 * A dossier's latest audit record of an action (papers: the reason of a
 * refusal, stop or apology) is found through an index, not a scan of the
 * whole chain (migration 3).
 */
static void test_audit_found_by_object(void **state)
{
	struct tmp_fixture *f = *state;
	sqlite3 *raw;
	sqlite3_stmt *st;
	char plan[512] = "";
	size_t n = 0;

	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw,
					    "EXPLAIN QUERY PLAN SELECT at, actor, detail FROM audit "
					    "WHERE object = ?1 AND action = ?2 ORDER BY seq DESC LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n < sizeof(plan))
		n += (size_t)snprintf(plan + n, sizeof(plan) - n, "%s;",
				      (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	sqlite3_close(raw);
	assert_non_null(strstr(plan, "USING INDEX audit_object"));
	assert_null(strstr(plan, "TEMP B-TREE"));
}

/* A connection's setting as a number (PRAGMA name). */
static int64_t pragma(sqlite3 *conn, const char *name)
{
	char sql[64];
	sqlite3_stmt *st;
	int64_t v = -1;

	snprintf(sql, sizeof(sql), "PRAGMA %s", name);
	assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int settings_change(struct store_tx *tx, void *arg)
{
	int64_t *out = arg;

	out[0] = pragma(tx->db->conn, "cache_size");
	out[1] = pragma(tx->db->conn, "synchronous");
	return 0;
}

/*
 * The writer keeps a 32 MB page cache, readers 4 MB; durability stays
 * synchronous=FULL (2). (Checkpoints: test_checkpointer.)
 */
static void test_connection_settings(void **state)
{
	struct tmp_fixture *f = *state;
	int64_t w[2];
	struct db *r;

	assert_int_equal(store_write(f->s, settings_change, w), 0);
	assert_int_equal(w[0], -32768);
	assert_int_equal(w[1], 2);
	r = store_read_begin(f->s);
	assert_non_null(r);
	assert_int_equal(pragma(r->conn, "cache_size"), -4096);
	assert_int_equal(pragma(r->conn, "synchronous"), 2);
	store_read_end(f->s, r);
}

/* A change of about 1 MB: 256 pages of the WAL. */
static int big_change(struct store_tx *tx, void *arg)
{
	static char value[1 << 20];
	sqlite3_stmt *st = db_stmt(tx->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
	char key[32];

	if (!st)
		return ERR_IO;
	memset(value, 'x', sizeof(value) - 1);
	snprintf(key, sizeof(key), "big%d", *(int *)arg);
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_step_done(st);
}

/* Frames in the WAL now (a raw connection's passive checkpoint says so). */
static int wal_frames(const char *path)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	int frames = -1;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA wal_checkpoint(PASSIVE)", -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		frames = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return frames;
}

/* Big changes (about 256 pages each) that take the log past the checkpoint threshold. */
#define PAST_THRESHOLD (STORE_CHECKPOINT_PAGES / 256 + 10)

/*
 * Past STORE_CHECKPOINT_PAGES WAL pages the checkpointer thread copies the
 * log back (the writer only the tail); the log then starts over instead of
 * growing.
 */
static void test_checkpointer(void **state)
{
	struct tmp_fixture *f = *state;
	struct store_stats stats;

	for (int i = 0; i < PAST_THRESHOLD; i++)
		assert_int_equal(store_write(f->s, big_change, &i), 0);
	for (int tries = 0; tries < 1000; tries++) {
		store_get_stats(f->s, &stats);
		if (stats.checkpoints > 0)
			break;
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	assert_true(stats.checkpoints > 0);
	for (int i = PAST_THRESHOLD; i < PAST_THRESHOLD + 50; i++)
		assert_int_equal(store_write(f->s, big_change, &i), 0);
	assert_true(wal_frames(f->path) < 50 * 256 + 1000);
}

static int vfs_change(struct store_tx *tx, void *arg)
{
	sqlite3_vfs **out = arg;

	return sqlite3_file_control(tx->db->conn, "main", SQLITE_FCNTL_VFS_POINTER, out) ==
			       SQLITE_OK
		       ? 0
		       : ERR_IO;
}

/* Commits changes of 1 MB and of a few bytes, then dies without closing anything. */
static void die_after_commits(const char *path)
{
	struct store_config cfg = {.path = path};
	char why[STORE_WHY_SIZE];
	struct store *s;
	int big = 7;

	if (store_open(&s, &cfg, why) || store_write(s, big_change, &big) ||
	    store_write(s, put_change, &(struct put){"after-big", 0}))
		_exit(1);
	_exit(0);
}

/*
 * The write connection gathers its writes to the log (store/walbuf.c), and
 * what a commit answered is in the file when the process dies right after:
 * the gathered writes went down before the commit's sync, not at the close.
 * Readers open the file with SQLite's own VFS.
 */
static void test_wal_writes_gathered(void **state)
{
	struct tmp_fixture *f = *state;
	sqlite3_vfs *vfs = NULL;
	sqlite3_stmt *st;
	sqlite3 *raw;
	int status;
	pid_t pid;

	assert_int_equal(store_write(f->s, vfs_change, &vfs), 0);
	assert_non_null(vfs);
	assert_string_equal(vfs->zName, WALBUF_VFS);
	store_close(f->s);
	f->s = NULL;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		die_after_commits(f->path);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	assert_int_equal(sqlite3_open_v2(f->path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw,
					    "SELECT (SELECT length(value) FROM meta WHERE key = 'big7'),"
					    " (SELECT count(*) FROM meta WHERE key = 'after-big'),"
					    " (SELECT integrity_check FROM pragma_integrity_check)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), (1 << 20) - 1);
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "ok");
	sqlite3_finalize(st);
	sqlite3_close(raw);
}

/* The audit fields have limits. */
static int long_detail_change(struct store_tx *tx, void *arg)
{
	(void)arg;
	static char detail[AUDIT_DETAIL_MAX + 2];

	memset(detail, 'x', AUDIT_DETAIL_MAX + 1);
	return audit_append(tx, 1, "a", "b", "c", detail);
}

static void test_audit_limits(void **state)
{
	struct tmp_fixture *f = *state;

	assert_int_equal(store_write(f->s, long_detail_change, NULL), ERR_TOO_LARGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_failed_change_rolls_back, tmp_store_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writes, tmp_store_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_tampering_is_detected, tmp_store_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_reopen_continues_chain, tmp_store_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_audit_limits, tmp_store_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_audit_found_by_object, tmp_store_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_connection_settings, tmp_store_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_checkpointer, tmp_store_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_wal_writes_gathered, tmp_store_setup,
						tmp_teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
