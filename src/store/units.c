/* The unit tree in the store (R-ORG-1); see units.h. */
#include "compat.h"

#include "core/code.h"
#include "core/date.h"
#include "core/err.h"
#include "core/fold.h"
#include "core/worktime.h"
#include "store/units.h"


#define UNIT_COLUMNS                                                                       \
	"code, name, coalesce(short_name, ''), level, kind, coalesce(parent, ''), "        \
	"coalesce(valid_from, ''), coalesce(valid_to, ''), coalesce(successor, ''), "       \
	"coalesce(office_hours, ''), coalesce(cutoff, '')"

static const char SQL_GET[] = "SELECT " UNIT_COLUMNS " FROM units WHERE code = ?";
static const char SQL_CHILD_OF_KIND[] =
	"SELECT " UNIT_COLUMNS " FROM units WHERE parent = ? AND kind = ? ORDER BY code LIMIT 1";
static const char SQL_EXISTS[] = "SELECT 1 FROM units WHERE code = ?";
/* The chain up to the root; one row more than the limit tells "too deep". */
/*
 * One level of a unit's chain. A loop of these lookups takes about a tenth
 * of the time of the recursive query it replaced, whose ORDER BY sorted the
 * chain in a temporary table (docs/bench.md).
 */
static const char SQL_PARENT[] = "SELECT coalesce(parent, '') FROM units WHERE code = ?";
static const char SQL_UPSERT[] =
	"INSERT INTO units(code, name, short_name, level, kind, parent, valid_from, valid_to,"
	" successor, office_hours, cutoff, search_key)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
	" ON CONFLICT(code) DO UPDATE SET name = ?2, short_name = ?3, level = ?4, kind = ?5,"
	" parent = ?6, valid_from = ?7, valid_to = ?8, successor = ?9, office_hours = ?10,"
	" cutoff = ?11, search_key = ?12";
static const char SQL_COUNT[] =
	"SELECT count(*) FROM units WHERE (?1 IS NULL OR parent = ?1) AND (?2 IS NULL OR level = ?2)";
static const char SQL_LIST[] =
	"SELECT " UNIT_COLUMNS " FROM units WHERE (?1 IS NULL OR parent = ?1)"
	" AND (?2 IS NULL OR level = ?2) ORDER BY code LIMIT ?3 OFFSET ?4";

static const char *const levels[] = {
	"province", "department", "vertical_agency", "service_centre", "commune", "division",
};

static void unit_from_row(sqlite3_stmt *st, struct unit *u)
{
	memset(u, 0, sizeof(*u));
	db_col_copy(st, 0, u->code, sizeof(u->code));
	db_col_copy(st, 1, u->name, sizeof(u->name));
	db_col_copy(st, 2, u->short_name, sizeof(u->short_name));
	db_col_copy(st, 3, u->level, sizeof(u->level));
	db_col_copy(st, 4, u->kind, sizeof(u->kind));
	db_col_copy(st, 5, u->parent, sizeof(u->parent));
	db_col_copy(st, 6, u->valid_from, sizeof(u->valid_from));
	db_col_copy(st, 7, u->valid_to, sizeof(u->valid_to));
	db_col_copy(st, 8, u->successor, sizeof(u->successor));
	db_col_copy(st, 9, u->office_hours, sizeof(u->office_hours));
	db_col_copy(st, 10, u->cutoff, sizeof(u->cutoff));
}

static int get_one(sqlite3_stmt *st, struct unit *out)
{
	int step = sqlite3_step(st);
	int rc = 0;

	if (step == SQLITE_ROW)
		unit_from_row(st, out);
	else
		rc = step == SQLITE_DONE ? ERR_NOT_FOUND : ERR_IO;
	sqlite3_reset(st);
	return rc;
}

int units_get(struct db *db, const char *code, struct unit *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	return get_one(st, out);
}

int units_child_of_kind(struct db *db, const char *parent, const char *kind, struct unit *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CHILD_OF_KIND);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, parent);
	db_bind_text(st, 2, kind);
	return get_one(st, out);
}

int units_ancestors(struct db *db, const char *code, char out[UNIT_DEPTH_MAX][UNIT_CODE_SIZE],
		    int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PARENT);
	int step, rc = 0;

	*n = 0;
	if (!st)
		return ERR_IO;
	if (strlen(code) >= UNIT_CODE_SIZE)
		return ERR_NOT_FOUND;
	snprintf(out[0], UNIT_CODE_SIZE, "%s", code);
	for (;;) {
		db_bind_text(st, 1, out[*n]);
		step = sqlite3_step(st);
		if (step != SQLITE_ROW) {
			/* The first code is unknown, or a parent does not exist (a broken tree). */
			rc = step != SQLITE_DONE ? ERR_IO : *n == 0 ? ERR_NOT_FOUND : ERR_RANGE;
			break;
		}
		(*n)++;
		if (*db_col_text(st, 0) == '\0')
			break; /* the root */
		if (*n == UNIT_DEPTH_MAX) {
			rc = ERR_RANGE; /* deeper than allowed, or a loop */
			break;
		}
		db_col_copy(st, 0, out[*n], UNIT_CODE_SIZE);
		sqlite3_reset(st);
	}
	sqlite3_reset(st);
	if (rc)
		*n = 0;
	return rc;
}

bool units_within(struct db *db, const char *unit, const char *ancestor)
{
	char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE];
	int n;

	if (!unit || !ancestor || units_ancestors(db, unit, chain, &n))
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(chain[i], ancestor) == 0)
			return true;
	return false;
}

bool units_level_valid(const char *level)
{
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++)
		if (strcmp(level, levels[i]) == 0)
			return true;
	return false;
}

static int problem(struct unit_problem *p, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int problem(struct unit_problem *p, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (p) {
		snprintf(p->field, sizeof(p->field), "%s", field);
		va_start(ap, fmt);
		vsnprintf(p->why, sizeof(p->why), fmt, ap);
		va_end(ap);
	}
	return ERR_INVALID;
}

static bool text_ok(const char *s, size_t max)
{
	size_t len = strlen(s);

	return len <= max && fold_check_utf8(s, len) == 0;
}

static bool kind_ok(const char *kind)
{
	for (const char *k = kind; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || *k == '_'))
			return false;
	return strlen(kind) <= UNIT_KIND_MAX;
}

/* The fields that need no database. */
static int validate_fields(const struct unit *u, struct unit_problem *p)
{
	struct office_hours oh;
	int32_t from = 0, to = 0, cutoff;

	if (!unit_code_valid(u->code, strlen(u->code)))
		return problem(p, "code", "'%s' is not a unit code NNN.NN.NN.XNN", u->code);
	if (!u->name[0] || !text_ok(u->name, UNIT_NAME_MAX))
		return problem(p, "name", "must be UTF-8 text of 1-%d bytes", UNIT_NAME_MAX);
	if (!text_ok(u->short_name, UNIT_NAME_MAX))
		return problem(p, "short_name", "must be UTF-8 text of at most %d bytes",
			       UNIT_NAME_MAX);
	if (!units_level_valid(u->level))
		return problem(p, "level", "'%s' is not one of %s", u->level, UNIT_LEVELS);
	if (!kind_ok(u->kind))
		return problem(p, "kind", "must be at most %d letters a-z or '_'", UNIT_KIND_MAX);
	if (!u->parent[0] && strcmp(u->level, "province") != 0)
		return problem(p, "parent", "only a province may have no parent");
	if (u->valid_from[0] && date_parse(u->valid_from, strlen(u->valid_from), &from))
		return problem(p, "valid_from", "'%s' is not a date YYYY-MM-DD", u->valid_from);
	if (u->valid_to[0] && date_parse(u->valid_to, strlen(u->valid_to), &to))
		return problem(p, "valid_to", "'%s' is not a date YYYY-MM-DD", u->valid_to);
	if (u->valid_from[0] && u->valid_to[0] && to < from)
		return problem(p, "valid_to", "is before valid_from");
	if (u->successor[0] && !u->valid_to[0])
		return problem(p, "successor", "only a unit with valid_to has a successor");
	if (u->successor[0] && strcmp(u->successor, u->code) == 0)
		return problem(p, "successor", "a unit cannot succeed itself");
	office_hours_default(&oh);
	if (u->office_hours[0] && office_hours_parse(u->office_hours, strlen(u->office_hours), &oh))
		return problem(p, "office_hours", "must be spans like 07:30-11:30,13:30-17:00");
	if (u->cutoff[0] && office_hours_parse_time(u->cutoff, strlen(u->cutoff), &cutoff))
		return problem(p, "cutoff", "must be a time HH:MM");
	return 0;
}

/* The parent exists, is not u nor below u, and the tree stays shallow. */
static int validate_parent(struct db *db, const struct unit *u, struct unit_problem *p)
{
	char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE];
	int n, rc;

	if (!u->parent[0])
		return 0;
	if (strcmp(u->parent, u->code) == 0)
		return problem(p, "parent", "a unit cannot be its own parent");
	rc = units_ancestors(db, u->parent, chain, &n);
	if (rc == ERR_NOT_FOUND)
		return problem(p, "parent", "no unit %s", u->parent);
	if (rc == ERR_RANGE || (!rc && n >= UNIT_DEPTH_MAX))
		return problem(p, "parent", "the tree would be deeper than %d levels",
			       UNIT_DEPTH_MAX);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		if (strcmp(chain[i], u->code) == 0)
			return problem(p, "parent", "%s is below %s: that would make a loop",
				       u->parent, u->code);
	return 0;
}

int units_validate(struct db *db, const struct unit *u, struct unit_problem *p)
{
	bool found;
	int rc = validate_fields(u, p);

	if (!rc)
		rc = validate_parent(db, u, p);
	if (!rc && u->successor[0]) {
		rc = db_exists(db, SQL_EXISTS, u->successor, &found);
		if (!rc && !found)
			rc = problem(p, "successor", "no unit %s", u->successor);
	}
	return rc;
}

static int write_unit(struct db *db, const struct unit *u)
{
	sqlite3_stmt *st = db_stmt(db, SQL_UPSERT);
	char *key = NULL;
	int rc;

	if (!st)
		return ERR_IO;
	rc = fold_key_alloc(u->name, strlen(u->name), &key, NULL);
	if (rc)
		return rc == ERR_NOMEM ? ERR_NOMEM : ERR_INVALID;
	db_bind_text(st, 1, u->code);
	db_bind_text(st, 2, u->name);
	db_bind_opt_text(st, 3, u->short_name);
	db_bind_text(st, 4, u->level);
	db_bind_text(st, 5, u->kind);
	db_bind_opt_text(st, 6, u->parent);
	db_bind_opt_text(st, 7, u->valid_from);
	db_bind_opt_text(st, 8, u->valid_to);
	db_bind_opt_text(st, 9, u->successor);
	db_bind_opt_text(st, 10, u->office_hours);
	db_bind_opt_text(st, 11, u->cutoff);
	db_bind_text(st, 12, key);
	rc = db_step_done(st);
	free(key);
	return rc;
}

int units_upsert(struct db *db, const struct unit *u, struct unit_problem *p)
{
	int rc;

	if (!db->writable)
		return ERR_IO;
	rc = units_validate(db, u, p);
	if (!rc)
		rc = write_unit(db, u);
	return rc;
}

int units_put(struct db *db, const struct unit *u)
{
	return units_upsert(db, u, NULL);
}

int units_add(struct db *db, const struct unit *u, struct unit_problem *p)
{
	bool found = false;
	int rc;

	if (!unit_code_valid(u->code, strlen(u->code)))
		return problem(p, "code", "'%s' is not a unit code NNN.NN.NN.XNN", u->code);
	rc = db_exists(db, SQL_EXISTS, u->code, &found);
	if (!rc && found) {
		problem(p, "code", "unit %s exists already", u->code);
		return ERR_CONFLICT;
	}
	return rc ? rc : units_upsert(db, u, p);
}

static void bind_filter(sqlite3_stmt *st, const struct unit_filter *f)
{
	db_bind_opt_text(st, 1, f ? f->parent : NULL);
	db_bind_opt_text(st, 2, f ? f->level : NULL);
}

int units_count(struct db *db, const struct unit_filter *f, int64_t *total)
{
	sqlite3_stmt *st = db_stmt(db, SQL_COUNT);

	*total = 0;
	if (!st)
		return ERR_IO;
	bind_filter(st, f);
	return db_step_int64(st, total);
}

int units_list(struct db *db, const struct unit_filter *f, int64_t offset, int limit,
	       int (*fn)(const struct unit *u, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	struct unit *u = malloc(sizeof(*u));
	int step = SQLITE_DONE, rc = 0;

	if (!st || !u) {
		rc = st ? ERR_NOMEM : ERR_IO;
		goto out;
	}
	bind_filter(st, f);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int64(st, 4, offset);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		unit_from_row(st, u);
		rc = fn(u, arg);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ERR_IO;
	sqlite3_reset(st);
out:
	free(u);
	return rc;
}
