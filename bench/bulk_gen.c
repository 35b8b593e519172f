/*
 * bulk_gen: fills a database with realistic dossiers for the benchmarks
 * (make bench, docs/bench.md).
 *
 *   bulk_gen DB [-n N] [--days D] [--seed S] [--password PW]
 *               [--pool M --pool-file FILE]
 *
 * On an empty database it first loads what `motcua serve --demo` loads:
 * Hải Phòng's units, the 40 procedures and the demo users (password PW,
 * default the API tests' "mật khẩu demo 2026"), and marks the database as a
 * demo one (so `motcua serve --demo` and report_bench take it as it is); a
 * database that holds anything but the demo is refused.
 *
 * Then it generates N dossiers (default 1,000,000) whose reception dates
 * spread over the D days before now (default: at least DEMO_DAYS, about
 * 2,000 dossiers a day, so that no receiving unit comes near its 9,999
 * dossiers a day of R-DOS-1), with the demo's generator (app/demo_data.h):
 * the same stories, every creation and action a change of the store's write
 * path, exactly as an HTTP request makes it (app/flow.h), only HTTP
 * skipped, and the writer thread commits up to STORE_BATCH_MAX_DEFAULT of
 * them per transaction. Unlike the demo, no sample file is attached. The
 * dossiers are generated in chunks of consecutive days, so memory stays
 * small and the codes follow the days.
 *
 * --pool M then adds M dossiers submitted online just now (procedures whose
 * last step returns the result at the one-stop unit) and writes "CODE KEY"
 * lines to FILE, for the lifecycle workload of bench/wrk/lifecycle.lua.
 *
 * Progress goes to stderr every chunk (about 2%); the summary (a Markdown
 * table: dossiers, changes, refusals, rates, dossiers by status) to stdout.
 */
#include "compat.h"

#include <time.h>

#include "app/app.h"
#include "app/demo_data.h"
#include "core/err.h"

#define DOSSIERS_DEFAULT 1000000L
#define DOSSIERS_MAX 100000000L
#define POOL_MAX 10000000L
#define DOSSIERS_PER_DAY 2000
#define DAYS_MAX 3650L
#define CHUNK_MIN 1000
#define CHUNK_MAX 20000
#define CHUNKS 50 /* a progress line every 2% */
#define PASSWORD_DEFAULT "mật khẩu demo 2026"

struct options {
	const char *db, *password, *pool_file;
	long dossiers, days, pool, seed;
};

static const char SQL_BY_STATUS[] =
	"SELECT status, count(*) FROM dossiers GROUP BY status ORDER BY 2 DESC";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void format_duration(double s, char out[32])
{
	long t = s > 0 ? (long)(s + 0.5) : 0;

	if (t >= 3600)
		snprintf(out, 32, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else
		snprintf(out, 32, "%ldm%02lds", t / 60, t % 60);
}

struct progress {
	long total;
	double started;
};

/* After each chunk of the history: how far, how fast, how long still. */
static void progress(void *arg, const struct demo_counts *c)
{
	const struct progress *p = arg;
	double el = now_s() - p->started, pct = 100.0 * (double)c->dossiers / (double)p->total;
	double rate = el > 0 ? (double)c->dossiers / el : 0;
	char eta[32], spent[32];

	format_duration(rate > 0 ? (double)(p->total - c->dossiers) / rate : 0, eta);
	format_duration(el, spent);
	fprintf(stderr, "bulk_gen: %5.1f%% %ld/%ld dossiers, %ld changes in %s: %.0f changes/s, "
		"%.0f dossiers/s, ETA %s\n", pct, c->dossiers, p->total, c->changes, spent,
		el > 0 ? (double)c->changes / el : 0, rate, eta);
}

/* ---- the summary ---- */

static void print_by_status(struct app *app)
{
	struct db *db = store_read_begin(app->store);
	sqlite3_stmt *st = db ? db_stmt(db, SQL_BY_STATUS) : NULL;

	printf("\n| dossiers in the database, by status | dossiers |\n|---|---:|\n");
	while (st && sqlite3_step(st) == SQLITE_ROW)
		printf("| %s | %lld |\n", db_col_text(st, 0), (long long)sqlite3_column_int64(st, 1));
	if (st)
		sqlite3_reset(st);
	store_read_end(app->store, db);
}

static void print_summary(struct app *app, const struct options *o, const struct demo_counts *c,
			  double seconds)
{
	demo_print_refusals(stderr, "bulk_gen:", c);
	printf("| bulk generation | value |\n|---|---:|\n");
	printf("| dossiers generated | %ld |\n", c->dossiers);
	printf("| pool dossiers (submitted now) | %ld |\n", c->pool);
	printf("| days of history | %ld |\n", o->dossiers ? o->days : 0L);
	printf("| changes run (creations and actions) | %ld |\n", c->changes);
	printf("| changes refused by the rules | %ld |\n", c->refused);
	printf("| seconds | %.1f |\n", seconds);
	printf("| changes per second | %.0f |\n", seconds > 0 ? (double)c->changes / seconds : 0);
	printf("| dossiers per second | %.0f |\n",
	       seconds > 0 ? (double)(c->dossiers + c->pool) / seconds : 0);
	print_by_status(app);
}

/* ---- the command ---- */

static const char usage[] =
	"usage: bulk_gen DB [-n N] [--days D] [--seed S] [--password PW]\n"
	"                   [--pool M --pool-file FILE]\n";

static bool number_arg(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return s[0] && !*end && errno == 0 && *out >= min && *out <= max;
}

static int read_options(int argc, char **argv, struct options *o)
{
	o->dossiers = DOSSIERS_DEFAULT;
	o->password = PASSWORD_DEFAULT;
	if (argc < 2 || argv[1][0] == '-')
		return -1;
	o->db = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : "";
		bool ok = true;

		if (strcmp(argv[i], "-n") == 0)
			ok = number_arg(v, 0, DOSSIERS_MAX, &o->dossiers);
		else if (strcmp(argv[i], "--days") == 0)
			ok = number_arg(v, 1, DAYS_MAX, &o->days);
		else if (strcmp(argv[i], "--seed") == 0)
			ok = number_arg(v, 1, LONG_MAX, &o->seed);
		else if (strcmp(argv[i], "--pool") == 0)
			ok = number_arg(v, 0, POOL_MAX, &o->pool);
		else if (strcmp(argv[i], "--pool-file") == 0)
			o->pool_file = v;
		else if (strcmp(argv[i], "--password") == 0)
			o->password = v;
		else
			ok = false;
		if (!ok || i + 1 >= argc)
			return -1;
		i++;
	}
	if (o->pool > 0 && !o->pool_file)
		return -1;
	if (!o->days)
		o->days = o->dossiers / DOSSIERS_PER_DAY > DEMO_DAYS ? o->dossiers / DOSSIERS_PER_DAY
								     : DEMO_DAYS;
	return 0;
}

/* Prepares the database, then generates; the summary on success. */
static int run(struct app *app, const struct options *o, struct demo_config *dc)
{
	struct progress p = {o->dossiers, 0};
	struct demo_counts counts;
	char why[256];
	int rc = demo_prepare(app, dc, why, sizeof(why));

	if (!rc && o->pool > 0 && !(dc->pool_out = fopen(o->pool_file, "w"))) {
		snprintf(why, sizeof(why), "cannot write %s", o->pool_file);
		rc = ERR_IO;
	}
	p.started = now_s();
	dc->on_chunk = progress;
	dc->arg = &p;
	if (!rc)
		rc = demo_generate(app, dc, &counts, why, sizeof(why));
	if (dc->pool_out && fclose(dc->pool_out) && !rc) {
		snprintf(why, sizeof(why), "cannot write %s", o->pool_file);
		rc = ERR_IO;
	}
	if (rc)
		return fprintf(stderr, "bulk_gen: %s\n", why), rc;
	if (o->pool > 0)
		fprintf(stderr, "bulk_gen: pool of %ld submitted dossiers in %s\n", o->pool,
			o->pool_file);
	print_summary(app, o, &counts, now_s() - p.started);
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt = {0};
	struct app_config cfg = {0};
	struct demo_config dc = {0};
	struct app app;
	char why[STORE_WHY_SIZE];
	long chunk;
	int rc;

	if (read_options(argc, argv, &opt))
		return fputs(usage, stderr), 2;
	chunk = opt.dossiers / CHUNKS;
	chunk = chunk < CHUNK_MIN ? CHUNK_MIN : chunk > CHUNK_MAX ? CHUNK_MAX : chunk;
	cfg.db_path = opt.db;
	if (app_open(&app, &cfg, why))
		return fprintf(stderr, "bulk_gen: %s\n", why), 1;
	dc.password = opt.password;
	dc.dossiers = (int)opt.dossiers;
	dc.days = (int)opt.days;
	dc.chunk = (int)chunk;
	dc.without_files = true;
	dc.pool = (int)opt.pool;
	dc.seed = (uint64_t)opt.seed;
	dc.now = app_now(&app);
	rc = run(&app, &opt, &dc);
	app_close(&app);
	return rc ? 1 : 0;
}
