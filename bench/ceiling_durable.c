/*
 * ceiling_durable: the write ceiling of issue 6 (make bench, docs/bench.md).
 *
 *   ceiling_durable DB PORT [THREADS]
 *
 * The least a durable HTTP write can cost here: libmicrohttpd configured as
 * motcua's (src/http/server.c, suspend/resume) in front of ONE SQLite writer
 * thread (WAL, synchronous=FULL). Each POST's body (at most BODY_BYTES_MAX)
 * is queued (at most QUEUE_MAX waiting, else 503); the writer takes up to
 * BATCH_MAX queued requests, writes 4 rows of about 500 bytes for each (the
 * body, padded) in one transaction, commits, and only then resumes the
 * connections, which answer 201. No validation, no JSON, no audit: what is
 * left is HTTP, the queue and the durable commit. DB is created afresh and
 * removed at the end. Stops on SIGINT or SIGTERM.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sqlite3.h>

#include "http/server.h"

#include "ceiling.h"

#define BODY_BYTES_MAX 4096
#define ROW_BYTES 500
#define ROWS_PER_REQUEST 4
#define QUEUE_MAX 8192
#define BATCH_MAX 256

struct req {
	struct MHD_Connection *conn;
	char body[BODY_BYTES_MAX];
	size_t len;
	bool too_large, queued, done;
	int64_t id;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct req *queue[QUEUE_MAX];
	int head, count;
	bool stopping;
	sqlite3 *db;
	sqlite3_stmt *ins[ROWS_PER_REQUEST];
	int64_t next_id;
} w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

static int exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(w.db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "ceiling_durable: %s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	return -1;
}

/* The 4 rows of one request: its body padded to ROW_BYTES, under 4 tables. */
static int write_request(struct req *r)
{
	char row[ROW_BYTES];
	size_t n = r->len < ROW_BYTES ? r->len : ROW_BYTES;

	memcpy(row, r->body, n);
	memset(row + n, ' ', ROW_BYTES - n);
	r->id = ++w.next_id;
	for (int k = 0; k < ROWS_PER_REQUEST; k++) {
		sqlite3_stmt *st = w.ins[k];
		int rc;

		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_text(st, 2, row, ROW_BYTES, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

static void *writer_main(void *arg)
{
	struct req *batch[BATCH_MAX];

	(void)arg;
	for (;;) {
		int n = 0, failed;

		pthread_mutex_lock(&w.lock);
		while (w.count == 0 && !w.stopping)
			pthread_cond_wait(&w.work, &w.lock);
		if (w.count == 0) {
			pthread_mutex_unlock(&w.lock);
			break;
		}
		while (w.count > 0 && n < BATCH_MAX) {
			batch[n++] = w.queue[w.head];
			w.head = (w.head + 1) % QUEUE_MAX;
			w.count--;
		}
		pthread_mutex_unlock(&w.lock);
		failed = exec("BEGIN IMMEDIATE");
		for (int i = 0; i < n && !failed; i++)
			failed = write_request(batch[i]);
		if (!failed)
			failed = exec("COMMIT");
		if (failed)
			exec("ROLLBACK");
		/* Only now, durable (or failed as a whole), the answers may go. */
		for (int i = 0; i < n; i++) {
			batch[i]->done = !failed;
			MHD_resume_connection(batch[i]->conn);
		}
	}
	return NULL;
}

static bool enqueue(struct req *r)
{
	bool ok;

	pthread_mutex_lock(&w.lock);
	ok = w.count < QUEUE_MAX && !w.stopping;
	if (ok) {
		w.queue[(w.head + w.count) % QUEUE_MAX] = r;
		w.count++;
		pthread_cond_signal(&w.work);
	}
	pthread_mutex_unlock(&w.lock);
	return ok;
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "application/json");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;
	char text[64];

	(void)cls;
	(void)url;
	(void)version;
	if (!r) {
		if (strcmp(method, "POST") != 0)
			return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, "{}");
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		r->conn = c;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->len + *upload_size > sizeof(r->body))
			r->too_large = true;
		else
			memcpy(r->body + r->len, upload_data, *upload_size);
		r->len += *upload_size;
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_large)
		return answer(c, MHD_HTTP_CONTENT_TOO_LARGE, "{\"code\":\"too_large\"}");
	if (r->queued) {
		if (!r->done)
			return answer(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "{\"code\":\"io_error\"}");
		snprintf(text, sizeof(text), "{\"id\":%" PRId64 "}", r->id);
		return answer(c, MHD_HTTP_CREATED, text);
	}
	/* Suspend first: the writer may finish before enqueue returns. */
	MHD_suspend_connection(c);
	r->queued = enqueue(r);
	if (!r->queued) {
		MHD_resume_connection(c);
		return answer(c, MHD_HTTP_SERVICE_UNAVAILABLE, "{\"code\":\"busy\"}");
	}
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

static int open_db(const char *path)
{
	static const char *const tables[ROWS_PER_REQUEST] = {"dossiers", "steps", "audit",
							      "outbox"};
	char sql[128];

	remove_db(path);
	if (sqlite3_open(path, &w.db) != SQLITE_OK || exec("PRAGMA journal_mode=WAL") ||
	    exec("PRAGMA synchronous=FULL"))
		return -1;
	for (int k = 0; k < ROWS_PER_REQUEST; k++) {
		snprintf(sql, sizeof(sql), "CREATE TABLE %s (id INTEGER PRIMARY KEY, req INTEGER "
			 "NOT NULL, body TEXT NOT NULL)", tables[k]);
		if (exec(sql))
			return -1;
		snprintf(sql, sizeof(sql), "INSERT INTO %s (req, body) VALUES (?, ?)", tables[k]);
		if (sqlite3_prepare_v2(w.db, sql, -1, &w.ins[k], NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}

static void close_db(const char *path)
{
	for (int k = 0; k < ROWS_PER_REQUEST; k++)
		sqlite3_finalize(w.ins[k]);
	sqlite3_close(w.db);
	remove_db(path);
}

static struct MHD_Daemon *start(long port, long threads)
{
	struct sockaddr_in addr = {.sin_family = AF_INET};

	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
					MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
				0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
				(unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned)SERVER_CONNECTIONS_MAX, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned)SERVER_TIMEOUT_S, MHD_OPTION_NOTIFY_COMPLETED,
				on_completed, NULL, MHD_OPTION_END);
}

int main(int argc, char **argv)
{
	long port = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
	long threads = argc > 3 ? strtol(argv[3], NULL, 10) : SERVER_THREADS_DEFAULT;
	struct MHD_Daemon *d = NULL;
	pthread_t writer;
	sigset_t set;
	int sig = 0, rc = 1;

	if (argc < 3 || port <= 0 || port > 65535 || threads < 1 || threads > 64)
		return fprintf(stderr, "usage: ceiling_durable DB PORT [THREADS]\n"), 2;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (open_db(argv[1])) {
		fprintf(stderr, "ceiling_durable: %s: %s\n", argv[1], sqlite3_errmsg(w.db));
		close_db(argv[1]);
		return 1;
	}
	if (pthread_create(&writer, NULL, writer_main, NULL) != 0) {
		close_db(argv[1]);
		return 1;
	}
	d = start(port, threads);
	if (d) {
		fprintf(stderr, "ceiling_durable: serving http://127.0.0.1:%ld/ with %ld threads\n",
			port, threads);
		sigwait(&set, &sig);
		rc = 0;
	} else {
		fprintf(stderr, "ceiling_durable: cannot listen on 127.0.0.1:%ld\n", port);
	}
	/* The writer drains the queue and resumes every connection before MHD stops
	 * (MHD refuses to stop with suspended connections). */
	pthread_mutex_lock(&w.lock);
	w.stopping = true;
	pthread_cond_signal(&w.work);
	pthread_mutex_unlock(&w.lock);
	pthread_join(writer, NULL);
	if (d)
		MHD_stop_daemon(d);
	close_db(argv[1]);
	return rc;
}
