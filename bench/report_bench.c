/*
 * report_bench: the time one report takes (docs/index.md; R-IDX-1).
 *
 *   report_bench DB [N]
 *
 * Opens (creating) the database DB; when it is empty, fills it with the
 * demo of `motcua serve --demo` and N generated dossiers (default 5000),
 * every one through the real write path (app/flow.c), so the facts are
 * the live ones. Then times, on one read connection, the reads behind
 * GET /api/v1/reports/index, /statistics and /late for the province and
 * for one department over the last full month, and prints the median and
 * the slowest of REPEAT runs each.
 */
#include "compat.h"

#include <time.h>

#include "app/app.h"
#include "app/demo_data.h"
#include "core/date.h"
#include "core/err.h"
#include "store/index_report.h"

#define REPEAT 15
#define DEPARTMENT "000.00.03.H27"

static double clock_ms(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

enum what { INDEX, STATISTICS, LATE };

static int run(struct app *app, enum what w, const char *unit, int64_t from, int64_t to,
	       int64_t *population)
{
	struct db *db = store_read_begin(app->store);
	struct index_report rep;
	struct index_late late;
	int rc;

	if (!db)
		return ERR_BUSY;
	if (w == LATE) {
		rc = index_late_scan(db, unit, from, to, to, &late);
		if (!rc) {
			*population = late.n_units;
			index_late_release(&late);
		}
	} else {
		rc = index_report_scan(db, unit, w == STATISTICS, from, to, &rep);
		if (!rc) {
			struct index_result res;

			index_compute(index_rules_for(date_local_day(to - 1)), &rep.total, &res);
			*population = rep.total.population;
			index_report_release(&rep);
		}
	}
	store_read_end(app->store, db);
	return rc;
}

static int measure(struct app *app, enum what w, const char *name, const char *unit,
		   int64_t from, int64_t to)
{
	double ms[REPEAT], cpu[REPEAT];
	int64_t population = 0;

	for (int i = 0; i < REPEAT; i++) {
		double t0 = now_ms(), c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
		int rc = run(app, w, unit, from, to, &population);

		if (rc)
			return fprintf(stderr, "report_bench: %s: %s\n", name, err_code(rc)), rc;
		ms[i] = now_ms() - t0;
		cpu[i] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
	}
	qsort(ms, REPEAT, sizeof(ms[0]), cmp);
	qsort(cpu, REPEAT, sizeof(cpu[0]), cmp);
	/* Wall time depends on what else the machine runs; CPU time of this thread does not. */
	printf("%-10s %-14s %9" PRId64 " rows: wall median %8.2f ms (slowest %8.2f), "
	       "CPU median %8.2f ms\n", name, unit, population, ms[REPEAT / 2], ms[REPEAT - 1],
	       cpu[REPEAT / 2]);
	return 0;
}

int main(int argc, char **argv)
{
	struct app_config cfg = {0};
	struct demo_config dc = {0};
	struct app app;
	char why[STORE_WHY_SIZE], root[UNIT_CODE_SIZE], dwhy[256];
	bool loaded;
	struct ymd today;
	int32_t first, last;
	int64_t from, to, t0;
	int rc;

	if (argc < 2)
		return fprintf(stderr, "usage: report_bench DB [N]\n"), 2;
	cfg.db_path = argv[1];
	if ((rc = app_open(&app, &cfg, why)))
		return fprintf(stderr, "report_bench: %s\n", why), 1;
	dc.password = "report bench password";
	dc.dossiers = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5000;
	dc.now = app_now(&app);
	dc.progress = stderr;
	t0 = (int64_t)now_ms();
	rc = demo_load(&app, &dc, &loaded, dwhy, sizeof(dwhy));
	if (rc)
		return fprintf(stderr, "report_bench: %s\n", dwhy), app_close(&app), 1;
	if (loaded)
		printf("generated %d dossiers in %.1f s\n", dc.dossiers,
		       (double)((int64_t)now_ms() - t0) / 1e3);
	today = date_from_days(date_local_day(app_now(&app)));
	last = date_to_days((struct ymd){today.year, today.month, 1}) - 1;
	today = date_from_days(last);
	first = date_to_days((struct ymd){today.year, today.month, 1});
	from = date_local_instant(first, 0);
	to = date_local_instant(last + 1, 0);
	{
		struct db *db = store_read_begin(app.store);

		rc = db ? index_root_unit(db, root) : ERR_BUSY;
		store_read_end(app.store, db);
	}
	if (!rc)
		rc = measure(&app, INDEX, "index", root, from, to);
	if (!rc)
		rc = measure(&app, INDEX, "index", DEPARTMENT, from, to);
	if (!rc)
		rc = measure(&app, STATISTICS, "statistics", root, from, to);
	if (!rc)
		rc = measure(&app, LATE, "late", root, from, to);
	app_close(&app);
	return rc ? 1 : 0;
}
