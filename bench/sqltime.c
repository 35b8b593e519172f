/*
 * sqltime: where a server's SQL time goes, statement by statement (make
 * bench's profiling aid, docs/bench.md "Profiling a workload").
 *
 *   LD_PRELOAD=build/bench/bench/libsqltime.so SQLTIME_OUT=FILE motcua serve …
 *
 * Wraps sqlite3_step: each call is timed and counted by its statement's SQL
 * and by the kind of thread that ran it (libmicrohttpd's workers, or the
 * store's writer and checkpointer). At exit (SIGTERM stops motcua cleanly)
 * it writes one line per statement and thread kind, the costliest first:
 * "thread<TAB>calls<TAB>total µs<TAB>SQL". Divided by the changes of
 * /metrics, that is the cost of each statement per change; perf's stacks
 * through SQLite, without frame pointers, could not say as much.
 */
#define _GNU_SOURCE

#include "compat.h"

#include <dlfcn.h>
#include <pthread.h>
#include <time.h>

#include <sqlite3.h>

#define SLOTS 2048
#define TEXT_MAX 160

struct slot {
	const char *sql; /* sqlite3_sql() of a prepared statement: stable while it lives */
	char text[TEXT_MAX]; /* its beginning, kept (the statement may be gone at exit) */
	bool http;
	unsigned long calls;
	double us;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread int http_thread = -1;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static bool is_http_thread(void)
{
	char name[16] = "";

	if (http_thread < 0)
		http_thread = pthread_getname_np(pthread_self(), name, sizeof(name)) == 0 &&
			      strncmp(name, "MHD", 3) == 0;
	return http_thread == 1;
}

int sqlite3_step(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	const char *sql = sqlite3_sql(st);
	bool http = is_http_thread();
	double t0;
	int rc;

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_step");
	t0 = now_us();
	rc = real(st);
	if (!sql)
		return rc;
	t0 = now_us() - t0;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SLOTS; i++) {
		struct slot *s = &slots[(((uintptr_t)sql >> 4) + i) % SLOTS];

		if (!s->sql) {
			s->sql = sql;
			s->http = http;
			snprintf(s->text, sizeof(s->text), "%s", sql);
		}
		/* The same statement, not a later one at the address of a finalized one */
		if (s->sql == sql && s->http == http &&
		    strncmp(s->text, sql, sizeof(s->text) - 1) == 0) {
			s->calls++;
			s->us += t0;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

static int by_time(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	return (x->us < y->us) - (x->us > y->us);
}

/* One line per statement text and thread kind: the connections' copies summed. */
static void merge(void)
{
	for (size_t i = 0; i < SLOTS; i++) {
		for (size_t j = 0; slots[i].sql && j < i; j++) {
			if (slots[j].sql && slots[j].http == slots[i].http &&
			    strcmp(slots[j].text, slots[i].text) == 0) {
				slots[j].calls += slots[i].calls;
				slots[j].us += slots[i].us;
				slots[i] = (struct slot){0};
				break;
			}
		}
	}
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("SQLTIME_OUT");
	FILE *out = path && *path ? fopen(path, "w") : stderr;

	pthread_mutex_lock(&lock);
	merge();
	qsort(slots, SLOTS, sizeof(slots[0]), by_time);
	for (size_t i = 0; out && i < SLOTS; i++)
		if (slots[i].sql)
			fprintf(out, "%s\t%lu\t%.0f\t%s\n", slots[i].http ? "http" : "store",
				slots[i].calls, slots[i].us, slots[i].text);
	pthread_mutex_unlock(&lock);
	if (out && out != stderr)
		fclose(out);
}
