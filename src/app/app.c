#include "compat.h"

#include <time.h>

#include "app/app.h"
#include "core/err.h"
#include "data/calendar_json.h"
#include "store/attachments.h"
#include "store/blobs.h"
#include "store/calendar_import.h"
#include "store/db.h"

/* The data directory: the configured one, or "<db_path>.files". */
static int open_data_dir(struct app *app, char why[STORE_WHY_SIZE])
{
	int n = app->cfg.data_dir
			? snprintf(app->data_dir, sizeof(app->data_dir), "%s", app->cfg.data_dir)
			: snprintf(app->data_dir, sizeof(app->data_dir), "%s.files",
				   app->cfg.db_path);

	if (n <= 0 || (size_t)n >= sizeof(app->data_dir)) {
		snprintf(why, STORE_WHY_SIZE, "the data directory's path is empty or too long");
		return ERR_TOO_LARGE;
	}
	if (!app->cfg.upload_bytes_max || app->cfg.upload_bytes_max > ATTACHMENT_BYTES_MAX)
		app->cfg.upload_bytes_max = ATTACHMENT_BYTES_MAX;
	return blobs_init(app->data_dir, why, STORE_WHY_SIZE);
}

int app_open(struct app *app, const struct app_config *cfg, char why[STORE_WHY_SIZE])
{
	struct store_config sc = {.path = cfg->db_path};
	int rc;

	memset(app, 0, sizeof(*app));
	app->cfg = *cfg;
	pthread_rwlock_init(&app->cal_lock, NULL);
	pthread_mutex_init(&app->clock_lock, NULL);
	pthread_mutex_init(&app->metrics.lock, NULL);
	rc = store_open(&app->store, &sc, why);
	if (!rc)
		rc = open_data_dir(app, why);
	if (!rc)
		rc = app_reload_calendar(app);
	if (rc && !why[0])
		snprintf(why, STORE_WHY_SIZE, "cannot load the calendar (%s)", err_code(rc));
	if (rc)
		app_close(app);
	return rc;
}

void app_close(struct app *app)
{
	store_close(app->store);
	app->store = NULL;
	calendar_release(&app->cal);
	pthread_rwlock_destroy(&app->cal_lock);
	pthread_mutex_destroy(&app->clock_lock);
	pthread_mutex_destroy(&app->metrics.lock);
}

int64_t app_now(struct app *app)
{
	int64_t t;

	pthread_mutex_lock(&app->clock_lock);
	t = app->test_now;
	pthread_mutex_unlock(&app->clock_lock);
	if (!t) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		t = ts.tv_sec;
	}
	return t;
}

void app_set_now(struct app *app, int64_t now)
{
	pthread_mutex_lock(&app->clock_lock);
	app->test_now = now;
	pthread_mutex_unlock(&app->clock_lock);
}

int app_reload_calendar(struct app *app)
{
	struct calendar fresh;
	char why[CALENDAR_JSON_WHY_SIZE];
	int rc = calendar_open_stored(app->store, &fresh, why, sizeof(why));

	if (rc)
		return rc;
	pthread_rwlock_wrlock(&app->cal_lock);
	calendar_release(&app->cal);
	app->cal = fresh;
	pthread_rwlock_unlock(&app->cal_lock);
	return 0;
}

const struct calendar *app_calendar_lock(struct app *app)
{
	pthread_rwlock_rdlock(&app->cal_lock);
	return &app->cal;
}

void app_calendar_unlock(struct app *app)
{
	pthread_rwlock_unlock(&app->cal_lock);
}

void app_metrics_count(struct app *app, int route_index, int status, double ms)
{
	static const double bounds[APP_LATENCY_BUCKETS - 1] = {1,   2,   5,   10,  25,  50,
								  100, 250, 500, 1000, 2500};
	int b = 0, cls = status / 100;

	if (route_index < 0 || route_index >= APP_ROUTES_MAX)
		route_index = APP_ROUTES_MAX;
	if (cls < 1 || cls > 5)
		cls = 0;
	while (b < APP_LATENCY_BUCKETS - 1 && ms > bounds[b])
		b++;
	pthread_mutex_lock(&app->metrics.lock);
	app->metrics.by_route[route_index][cls]++;
	app->metrics.latency[b]++;
	app->metrics.latency_sum_ms += ms;
	app->metrics.requests++;
	pthread_mutex_unlock(&app->metrics.lock);
}
