/* motcua report recompute | config (docs/index.md; R-IDX-1). */
#include "compat.h"

#include <time.h>

#include "app/api.h"
#include "app/app.h"
#include "cli/cli.h"
#include "core/err.h"
#include "store/dossiers.h"
#include "store/index_facts.h"
#include "store/index_report.h"

#define DB_DEFAULT "./motcua.db"
/* Dossiers rebuilt per write transaction: short enough not to hold up a running server. */
#define RECOMPUTE_BATCH 2000

static const char report_usage[] =
	"Usage: motcua report recompute [--db PATH]\n"
	"       motcua report config [--late-min-steps N] [--publish-officials yes|no] [--db PATH]\n"
	"recompute rebuilds the facts of the real-time index (docs/index.md) of every\n"
	"dossier from its row, clock ledger, supplement requests, ratings, files and\n"
	"sync events, through the same functions as the write path, in batches of\n"
	"2000 dossiers (a running server may keep serving). It prints how many facts\n"
	"rows it rewrote and how many of them differed from the stored ones: 0 when the\n"
	"live index was right.\n"
	"config shows the report settings, or changes them: the minimum of steps before\n"
	"a unit or official is ranked in the late list (default 10) and whether the late\n"
	"list publishes officials' names (default no).\n";

struct recompute {
	struct app *app;
	char after[DOSSIER_CODE_SIZE];
	int64_t done, differed, orphans;
	bool finished;
	int failed_rc;
	char failed_code[DOSSIER_CODE_SIZE];
};

static const char SQL_NEXT[] = "SELECT code FROM dossiers WHERE code > ? ORDER BY code LIMIT ?";
static const char SQL_ORPHANS[] =
	"DELETE FROM index_facts WHERE code NOT IN (SELECT code FROM dossiers)";

/* Rebuilds one dossier's facts; counts it when they differed from the stored ones. */
static int rebuild_one(struct store_tx *tx, struct recompute *r, const struct calendar *cal,
		       const char *code)
{
	struct dossier_row d;
	struct unit_worktime uw;
	struct index_fact old, now;
	int rc = dossiers_get(tx->db, code, &d), had;

	if (rc)
		return rc;
	rc = unit_worktime_load(tx->db, cal, d.receiving_unit, &uw);
	if (!rc) {
		rc = index_facts_compute(tx->db, &d, &uw.wt, NULL, 0, &now);
		unit_worktime_free(&uw);
	}
	had = rc ? rc : index_facts_get(tx->db, code, &old);
	if (!rc && (had || memcmp(&old, &now, sizeof(now)) != 0))
		r->differed++;
	if (!rc)
		rc = index_facts_put(tx->db, &d, &now);
	dossier_row_release(&d);
	return rc;
}

static int batch_change(struct store_tx *tx, void *arg)
{
	struct recompute *r = arg;
	char codes[RECOMPUTE_BATCH][DOSSIER_CODE_SIZE];
	sqlite3_stmt *st = db_stmt(tx->db, SQL_NEXT);
	const struct calendar *cal;
	int n = 0, rc = 0;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, r->after);
	sqlite3_bind_int(st, 2, RECOMPUTE_BATCH);
	while (n < RECOMPUTE_BATCH && sqlite3_step(st) == SQLITE_ROW)
		db_col_copy(st, 0, codes[n++], DOSSIER_CODE_SIZE);
	sqlite3_reset(st);
	cal = app_calendar_lock(r->app);
	for (int i = 0; i < n && !rc; i++) {
		rc = rebuild_one(tx, r, cal, codes[i]);
		if (rc)
			memcpy(r->failed_code, codes[i], sizeof(r->failed_code));
	}
	app_calendar_unlock(r->app);
	if (rc)
		return rc;
	r->done += n;
	if (n)
		memcpy(r->after, codes[n - 1], sizeof(r->after));
	if (n < RECOMPUTE_BATCH) {
		r->finished = true;
		rc = db_exec(tx->db, SQL_ORPHANS);
		r->orphans = rc ? 0 : sqlite3_changes(tx->db->conn);
	}
	return rc;
}

static const char *db_arg(int argc, char **argv, int *i)
{
	return strcmp(argv[*i], "--db") == 0 && *i + 1 < argc ? argv[++*i] : NULL;
}

static int recompute(int argc, char **argv)
{
	struct app_config cfg = {.db_path = DB_DEFAULT};
	struct recompute *r;
	struct app app;
	char why[STORE_WHY_SIZE];
	struct timespec t0, t1;
	int rc;

	for (int i = 0; i < argc; i++) {
		const char *v = db_arg(argc, argv, &i);

		if (!v)
			return cli_usage("report ", "unknown argument '%s'", argv[i]);
		cfg.db_path = v;
	}
	if ((rc = app_open(&app, &cfg, why)))
		return cli_fail(rc, "%s", why);
	r = calloc(1, sizeof(*r));
	if (!r) {
		app_close(&app);
		return cli_fail(ERR_NOMEM, "recompute");
	}
	r->app = &app;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		rc = store_write(app.store, batch_change, r);
	while (!rc && !r->finished);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc)
		rc = cli_fail(rc, "recompute stopped at dossier %s", r->failed_code);
	else
		printf("recomputed the index facts of %" PRId64 " dossiers in %.2f s: %" PRId64
		       " differed from the live facts, %" PRId64 " orphan rows removed\n",
		       r->done, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		       r->differed, r->orphans);
	free(r);
	app_close(&app);
	return rc;
}

struct settings {
	int min_steps, publish;
};

static int settings_change(struct store_tx *tx, void *arg)
{
	struct settings *s = arg;

	return index_settings_put(tx->db, s->min_steps, s->publish);
}

static int config(int argc, char **argv)
{
	struct store_config cfg = {.path = DB_DEFAULT};
	struct settings set = {-1, -1};
	struct store *s;
	struct db *db;
	char why[STORE_WHY_SIZE];
	bool publish;
	int min_steps, rc;
	long v;

	for (int i = 0; i < argc; i++) {
		const char *path = db_arg(argc, argv, &i);
		bool value = i + 1 < argc;

		if (path)
			cfg.path = path;
		else if (strcmp(argv[i], "--late-min-steps") == 0 && value &&
			 cli_parse_long(argv[i + 1], 1, INDEX_LATE_MIN_STEPS_MAX, &v))
			set.min_steps = (int)v, i++;
		else if (strcmp(argv[i], "--publish-officials") == 0 && value &&
			 (strcmp(argv[i + 1], "yes") == 0 || strcmp(argv[i + 1], "no") == 0))
			set.publish = strcmp(argv[++i], "yes") == 0;
		else
			return cli_usage("report ", "bad argument '%s' (--late-min-steps takes 1-%d, "
					 "--publish-officials yes or no)", argv[i],
					 INDEX_LATE_MIN_STEPS_MAX);
	}
	if ((rc = store_open(&s, &cfg, why)))
		return cli_fail(rc, "%s", why);
	if (set.min_steps >= 0 || set.publish >= 0)
		rc = store_write(s, settings_change, &set);
	db = rc ? NULL : store_read_begin(s);
	if (!rc && !db)
		rc = ERR_BUSY;
	if (!rc)
		rc = index_settings_get(db, &min_steps, &publish);
	store_read_end(s, db);
	if (!rc)
		printf("late_min_steps %d\npublish_officials %s\n", min_steps, publish ? "yes" : "no");
	store_close(s);
	return rc ? cli_fail(rc, "report config") : 0;
}

int cmd_report(int argc, char **argv)
{
	if (argc < 1 || cli_is_help(argv[0])) {
		fputs(report_usage, argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : 0;
	}
	for (int i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(report_usage, stdout);
			return 0;
		}
	if (strcmp(argv[0], "recompute") == 0)
		return recompute(argc - 1, argv + 1);
	if (strcmp(argv[0], "config") == 0)
		return config(argc - 1, argv + 1);
	return cli_usage("report ", "unknown report command '%s'", argv[0]);
}
