/*
 * app.h: the state motcua serve shares between its request threads.
 *
 * The store; the working calendar (rebuilt when an administrator changes a
 * year, swapped under a read-write lock); the clock ("now", which the test
 * clock can set); the metrics. Handlers live in api_*.c, one file per
 * resource, and are listed in routes.c.
 */
#ifndef MOTCUA_APP_APP_H
#define MOTCUA_APP_APP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/worktime.h"
#include "store/store.h"

#define APP_ROUTES_MAX 96
#define APP_LATENCY_BUCKETS 12
#define APP_DATA_DIR_BYTES_MAX 1024

struct app_config {
	const char *db_path;
	bool test_clock;
	/* Attachments (store/blobs.h); NULL: "<db_path>.files" next to the database. */
	const char *data_dir;
	/* The size cap of a raw upload; 0: ATTACHMENT_BYTES_MAX (store/attachments.h). */
	size_t upload_bytes_max;
	/* The public base URL the papers' QR codes point to; NULL: APP_PUBLIC_URL_DEFAULT. */
	const char *public_url;
};

#define APP_PUBLIC_URL_DEFAULT "http://127.0.0.1:8080"

struct app_metrics {
	pthread_mutex_t lock;
	/* requests by route and status class (1xx … 5xx), and unmatched ones */
	uint64_t by_route[APP_ROUTES_MAX + 1][6];
	/* latency histogram in ms: ≤1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, +Inf */
	uint64_t latency[APP_LATENCY_BUCKETS];
	double latency_sum_ms;
	uint64_t requests;
};

struct app {
	struct app_config cfg;
	struct store *store;
	/* The data directory in use (cfg.data_dir or the default), created by app_open. */
	char data_dir[APP_DATA_DIR_BYTES_MAX];

	pthread_rwlock_t cal_lock;
	struct calendar cal;

	pthread_mutex_t clock_lock;
	int64_t test_now; /* 0: the real clock */

	struct app_metrics metrics;
};

/*
 * Opens the store, creates the data directory when missing, and builds the
 * calendar. 0, or an error with why.
 */
int app_open(struct app *app, const struct app_config *cfg, char why[STORE_WHY_SIZE]);
void app_close(struct app *app);

/* The server's notion of now: the test clock when set, else the real one. */
int64_t app_now(struct app *app);
/* Sets the test clock (only when cfg.test_clock). */
void app_set_now(struct app *app, int64_t now);

/*
 * Rebuilds the calendar from the shipped tables and the years stored in the
 * database (call after a change to calendar_years). 0 or an error.
 */
int app_reload_calendar(struct app *app);

/* Read access to the calendar: lock, use, unlock. */
const struct calendar *app_calendar_lock(struct app *app);
void app_calendar_unlock(struct app *app);

/* Counts one answered request for /metrics. */
void app_metrics_count(struct app *app, int route_index, int status, double ms);

#endif
