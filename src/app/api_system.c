/* /healthz, /metrics, /openapi.json and the test clock (API.md "Conventions"). */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "core/date.h"
#include "core/dossier.h"
#include "core/err.h"
#include "data/embedded.h"
#include "store/db.h"

int api_healthz(struct request *r)
{
	char now[INSTANT_TEXT_SIZE];

	instant_format(app_now(r->app), now);
	return resp_json(r, 200,
			 json_pack("{s:s, s:i, s:s, s:b}", "status", "ok", "schema_version",
				   store_schema_version(r->app->store), "now", now, "test_clock",
				   r->app->cfg.test_clock));
}

static const char *const status_classes[6] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

static void metrics_requests(FILE *f, struct app *app)
{
	static const char *const le[APP_LATENCY_BUCKETS] = {
		"0.001", "0.002", "0.005", "0.01", "0.025", "0.05",
		"0.1",   "0.25",  "0.5",   "1",    "2.5",   "+Inf"};
	struct app_metrics *m = &app->metrics;
	uint64_t cumulative = 0;

	fputs("# HELP motcua_requests_total Requests answered, by route and status class.\n"
	      "# TYPE motcua_requests_total counter\n", f);
	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i <= APP_ROUTES_MAX; i++) {
		const char *route = i < http_routes_count ? http_routes[i].pattern : "(none)";

		if (i >= http_routes_count && i != APP_ROUTES_MAX)
			continue;
		for (int c = 0; c < 6; c++)
			if (m->by_route[i][c])
				fprintf(f, "motcua_requests_total{route=\"%s\",status=\"%s\"} %" PRIu64 "\n",
					route, status_classes[c], m->by_route[i][c]);
	}
	fputs("# HELP motcua_request_duration_seconds Time to answer a request.\n"
	      "# TYPE motcua_request_duration_seconds histogram\n", f);
	for (int b = 0; b < APP_LATENCY_BUCKETS; b++) {
		cumulative += m->latency[b];
		fprintf(f, "motcua_request_duration_seconds_bucket{le=\"%s\"} %" PRIu64 "\n", le[b],
			cumulative);
	}
	fprintf(f, "motcua_request_duration_seconds_sum %.6f\n", m->latency_sum_ms / 1000.0);
	fprintf(f, "motcua_request_duration_seconds_count %" PRIu64 "\n", m->requests);
	pthread_mutex_unlock(&m->lock);
}

static void metrics_store(FILE *f, struct app *app)
{
	struct store_stats s;
	uint64_t cumulative = 0;

	store_get_stats(app->store, &s);
	fprintf(f, "# HELP motcua_store_queue_depth Changes waiting for the writer.\n"
		   "# TYPE motcua_store_queue_depth gauge\nmotcua_store_queue_depth %d\n",
		s.queue_depth);
	fprintf(f, "# HELP motcua_store_changes_total Changes applied (failed: rolled back).\n"
		   "# TYPE motcua_store_changes_total counter\n"
		   "motcua_store_changes_total{result=\"ok\"} %" PRIu64 "\n"
		   "motcua_store_changes_total{result=\"failed\"} %" PRIu64 "\n",
		s.changes - s.failed_changes, s.failed_changes);
	fputs("# HELP motcua_store_batch_size Changes committed per transaction.\n"
	      "# TYPE motcua_store_batch_size histogram\n", f);
	for (int b = 0; b < 9; b++) {
		cumulative += s.batch_size_hist[b];
		if (b < 8)
			fprintf(f, "motcua_store_batch_size_bucket{le=\"%d\"} %" PRIu64 "\n", 1 << b,
				cumulative);
		else
			fprintf(f, "motcua_store_batch_size_bucket{le=\"+Inf\"} %" PRIu64 "\n",
				cumulative);
	}
	fprintf(f, "motcua_store_batch_size_count %" PRIu64 "\n", s.batches);
	fprintf(f, "# HELP motcua_store_checkpoints_total WAL checkpoints: the checkpointer's passes, "
		   "the writer's tails.\n"
		   "# TYPE motcua_store_checkpoints_total counter\n"
		   "motcua_store_checkpoints_total{by=\"checkpointer\"} %" PRIu64 "\n"
		   "motcua_store_checkpoints_total{by=\"writer\"} %" PRIu64 "\n",
		s.checkpoints, s.writer_checkpoints);
}

static const char SQL_BY_STATE[] = "SELECT status, count(*) FROM dossiers GROUP BY status";

static void metrics_dossiers(FILE *f, struct app *app)
{
	struct db *db = store_read_begin(app->store);
	sqlite3_stmt *st = db ? db_stmt(db, SQL_BY_STATE) : NULL;
	int64_t counts[DOSSIER_STATE_COUNT] = {0};

	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = db_col_text(st, 0);
		enum dossier_state s;

		if (!dossier_state_parse(name, strlen(name), &s))
			counts[s] = sqlite3_column_int64(st, 1);
	}
	if (st)
		sqlite3_reset(st);
	store_read_end(app->store, db);
	fputs("# HELP motcua_dossiers Dossiers by state.\n# TYPE motcua_dossiers gauge\n", f);
	for (int s = 0; s < DOSSIER_STATE_COUNT; s++)
		fprintf(f, "motcua_dossiers{state=\"%s\"} %" PRId64 "\n",
			dossier_state_name((enum dossier_state)s), counts[s]);
}

int api_metrics(struct request *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f)
		return ERR_NOMEM;
	metrics_requests(f, r->app);
	metrics_store(f, r->app);
	metrics_dossiers(f, r->app);
	fclose(f);
	rc = resp_bytes(r, 200, "text/plain; version=0.0.4", text, len);
	free(text);
	return rc;
}

int api_test_clock(struct request *r)
{
	json_t *now = json_object_get(r->json, "now");
	char out[INSTANT_TEXT_SIZE];
	int64_t t;

	if (!json_is_string(now) ||
	    instant_parse(json_string_value(now), json_string_length(now), &t))
		return resp_problem(r, ERR_INVALID_TIME, "'now' must be an ISO 8601 time");
	app_set_now(r->app, t);
	instant_format(t, out);
	return resp_json(r, 200, json_pack("{s:s}", "now", out));
}

/* The document is compiled in (src/meson.build embedded_files): it matches the binary. */
int api_openapi(struct request *r)
{
	const struct embedded_file *f = embedded_find("docs/openapi.json");

	if (!f)
		return resp_problem(r, ERR_NOT_FOUND, "no OpenAPI document in this build");
	return resp_bytes(r, 200, "application/json", f->data, f->len);
}
