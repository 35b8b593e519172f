/* The reads behind the leader's dashboard; see dashboard.h. */
#include "compat.h"

#include "core/err.h"
#include "core/index.h"
#include "store/dashboard.h"

/* The subtree of ?1 (the root included), in code order. */
static const char SQL_SCOPE[] =
	"WITH RECURSIVE sub(code, depth) AS (SELECT code, 0 FROM units WHERE code = ?1 "
	"UNION ALL SELECT u.code, sub.depth + 1 FROM units u JOIN sub ON u.parent = sub.code "
	"WHERE sub.depth < 8) SELECT code FROM sub ORDER BY code";

#define DOSSIER_COLS                                                                            \
	"d.code, d.procedure_code, d.procedure_version, d.status, d.receiving_unit, "          \
	"d.competent_unit, d.processing_amount, d.processing_unit, d.reappointments"

/* Decided here: the open facts of one competent unit, with who holds each now. */
static const char SQL_DECIDED[] =
	"SELECT " DOSSIER_COLS ", coalesce(s.unit, d.competent_unit), coalesce(s.to_user, '') "
	"FROM index_facts f INDEXED BY index_facts_scan JOIN dossiers d ON d.code = f.code "
	"LEFT JOIN steps s ON s.dossier = d.code AND s.idx = d.step_index "
	"WHERE f.unit = ?1 AND f.end_at = ?2 AND f.received_at <= ?3";

/* Held here: the current steps at one unit of open dossiers. */
static const char SQL_HELD[] =
	"SELECT " DOSSIER_COLS ", s.unit, coalesce(s.to_user, '') "
	"FROM steps s INDEXED BY steps_late "
	"JOIN dossiers d ON d.code = s.dossier AND d.step_index = s.idx "
	"WHERE s.unit = ?1 AND s.finished_at IS NULL AND s.given_at IS NOT NULL "
	"AND d.received_at <= ?2 AND d.finished_at IS NULL";


struct scope {
	char (*codes)[UNIT_CODE_SIZE];
	int n;
};

static int scope_load(struct db *db, const char *root, struct scope *s)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SCOPE);
	int step, rc = 0;

	s->n = 0;
	s->codes = calloc(DASHBOARD_SCOPE_UNITS_MAX, sizeof(*s->codes));
	if (!st || !s->codes)
		return st ? ERR_NOMEM : ERR_IO;
	db_bind_text(st, 1, root);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->n == DASHBOARD_SCOPE_UNITS_MAX) {
			rc = ERR_TOO_LARGE;
			break;
		}
		db_col_copy(st, 0, s->codes[s->n++], UNIT_CODE_SIZE);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ERR_IO;
	sqlite3_reset(st);
	if (!rc && s->n == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

static int code_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool scope_has(const struct scope *s, const char *code)
{
	return bsearch(code, s->codes, (size_t)s->n, sizeof(*s->codes), code_cmp) != NULL;
}

/* The dossier of the current row (columns as DOSSIER_COLS, then holder unit and official). */
static int read_dossier(struct db *db, sqlite3_stmt *st, struct dashboard_dossier *d)
{
	const char *status = db_col_text(st, 3), *time_unit = db_col_text(st, 7);

	db_col_copy(st, 0, d->code, sizeof(d->code));
	db_col_copy(st, 1, d->procedure, sizeof(d->procedure));
	d->procedure_version = sqlite3_column_int(st, 2);
	db_col_copy(st, 4, d->receiving_unit, sizeof(d->receiving_unit));
	db_col_copy(st, 5, d->competent_unit, sizeof(d->competent_unit));
	d->processing_time.amount = sqlite3_column_int(st, 6);
	d->reappointments = sqlite3_column_int(st, 8);
	db_col_copy(st, 9, d->unit, sizeof(d->unit));
	db_col_copy(st, 10, d->assignee, sizeof(d->assignee));
	if (dossier_state_parse(status, strlen(status), &d->status) ||
	    duration_unit_parse(time_unit, strlen(time_unit), &d->processing_time.unit))
		return ERR_IO;
	return clock_load(db, d->code, -1, d->clock, DOSSIER_CLOCK_MAX, &d->n_clock);
}

/*
 * Visits the rows of st (bound by the caller); with `skip`, the dossiers
 * whose competent unit lies in it are left out (counted by the other read).
 */
static int visit_rows(struct db *db, sqlite3_stmt *st, const struct scope *skip,
		      struct dashboard_dossier *d, dashboard_visit_fn visit, void *arg)
{
	int step, rc = 0;

	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (skip && scope_has(skip, db_col_text(st, 5)))
			continue;
		rc = read_dossier(db, st, d);
		if (!rc)
			rc = visit(arg, d);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ERR_IO;
	sqlite3_reset(st);
	return rc;
}

int dashboard_scan(struct db *db, const char *root, int64_t now, dashboard_visit_fn visit,
		   void *arg)
{
	struct dashboard_dossier *d = malloc(sizeof(*d));
	struct scope s = {0};
	int rc = d ? scope_load(db, root, &s) : ERR_NOMEM;

	for (int i = 0; !rc && i < s.n; i++) {
		sqlite3_stmt *st = db_stmt(db, SQL_DECIDED);

		if (!st) {
			rc = ERR_IO;
			break;
		}
		db_bind_text(st, 1, s.codes[i]);
		sqlite3_bind_int64(st, 2, INDEX_NEVER);
		sqlite3_bind_int64(st, 3, now);
		rc = visit_rows(db, st, NULL, d, visit, arg);
	}
	for (int i = 0; !rc && i < s.n; i++) {
		sqlite3_stmt *st = db_stmt(db, SQL_HELD);

		if (!st) {
			rc = ERR_IO;
			break;
		}
		db_bind_text(st, 1, s.codes[i]);
		sqlite3_bind_int64(st, 2, now);
		rc = visit_rows(db, st, &s, d, visit, arg);
	}
	free(s.codes);
	free(d);
	return rc;
}
