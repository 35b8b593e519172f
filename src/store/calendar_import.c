/* Loading official calendar tables into the store (R-CAL-2); see calendar_import.h. */
#include "compat.h"

#include <jansson.h>

#include "core/calendar.h"
#include "core/err.h"
#include "core/jsonlimit.h"
#include "data/calendar_json.h"
#include "store/audit.h"
#include "store/calendar_import.h"

#define YEARS_MAX (MOTCUA_CALENDAR_LAST_YEAR - MOTCUA_CALENDAR_FIRST_YEAR + 1)

static const char SQL_YEAR_BODY[] = "SELECT body FROM calendar_years WHERE year = ?";
static const char SQL_YEAR_PUT[] =
	"INSERT INTO calendar_years(year, body, updated_at) VALUES (?, ?, ?) "
	"ON CONFLICT(year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at";

struct year_body {
	int year;
	char *body; /* one-year shape, compact, sorted keys */
};

struct calendar_import {
	struct year_body years[YEARS_MAX];
	int n;
	const char *actor;
	int64_t now;
	int stored, unchanged;
};

/* Whether key is a year of four digits; *year gets it. */
static bool year_key(const char *key, int *year)
{
	if (strlen(key) != 4)
		return false;
	*year = 0;
	for (int i = 0; i < 4; i++) {
		if (key[i] < '0' || key[i] > '9')
			return false;
		*year = *year * 10 + (key[i] - '0');
	}
	return true;
}

/* The one-year body of a year's object in the file. */
static int year_body(const json_t *in, char **body)
{
	static const char *const keys[] = {"days_off", "working_weekend_days", "sources"};
	json_t *out = json_object();
	int rc = out ? 0 : ERR_NOMEM;

	for (size_t i = 0; !rc && i < ARRAY_SIZE(keys); i++) {
		json_t *v = json_object_get(in, keys[i]);

		if (v && json_object_set(out, keys[i], v))
			rc = ERR_NOMEM;
	}
	if (!rc && !(*body = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS)))
		rc = ERR_NOMEM;
	json_decref(out);
	return rc;
}

/* Checks one year on a calendar of that year alone. */
static int check_year(int year, const json_t *v, char **body, char *why, size_t why_size)
{
	struct calendar scratch;
	char cal_why[CALENDAR_JSON_WHY_SIZE] = "";
	int rc;

	if (year < MOTCUA_CALENDAR_FIRST_YEAR || year > MOTCUA_CALENDAR_LAST_YEAR) {
		snprintf(why, why_size, "%d: the year must be %d-%d", year,
			 MOTCUA_CALENDAR_FIRST_YEAR, MOTCUA_CALENDAR_LAST_YEAR);
		return ERR_RANGE;
	}
	if (!json_is_object(v)) {
		snprintf(why, why_size, "%d: must be an object with days_off and "
			 "working_weekend_days", year);
		return ERR_INVALID;
	}
	rc = year_body(v, body);
	if (rc)
		return rc;
	rc = calendar_init(&scratch, year, year);
	if (!rc) {
		rc = calendar_json_load_year(&scratch, year, *body, strlen(*body), cal_why);
		calendar_release(&scratch);
	}
	if (rc)
		snprintf(why, why_size, "%d: %s", year, cal_why[0] ? cal_why : err_title(rc));
	return rc;
}

/* Reads and checks every year of the file into im. */
static int check_file(const json_t *root, struct calendar_import *im, char *why,
		      size_t why_size)
{
	const char *key;
	json_t *v;
	int rc = 0, year;

	if (!json_is_object(root)) {
		snprintf(why, why_size, "the file must be an object of years {\"2026\": {…}}");
		return ERR_INVALID;
	}
	json_object_foreach((json_t *)root, key, v) {
		if (!year_key(key, &year))
			continue;
		if (im->n == YEARS_MAX) {
			snprintf(why, why_size, "at most %d years in one file", YEARS_MAX);
			return ERR_TOO_LARGE;
		}
		im->years[im->n].year = year;
		rc = check_year(year, v, &im->years[im->n].body, why, why_size);
		if (im->years[im->n].body)
			im->n++;
		if (rc)
			return rc;
	}
	if (im->n == 0) {
		snprintf(why, why_size, "no years in the file (keys like \"2026\")");
		return ERR_INVALID;
	}
	return 0;
}

/* The audit detail: the body when it fits, else its size and BLAKE2b-256. */
static void audit_detail(const char *body, char *out, size_t size)
{
	char hex[AUDIT_DIGEST_SIZE];

	if (strlen(body) <= AUDIT_DETAIL_MAX && strlen(body) < size) {
		snprintf(out, size, "%s", body);
		return;
	}
	audit_digest(body, hex);
	snprintf(out, size, "{\"body_blake2b\":\"%s\",\"bytes\":%zu}", hex, strlen(body));
}

/* Whether the stored body of year is body already. */
static int same_body(struct db *db, int year, const char *body, bool *same)
{
	sqlite3_stmt *st = db_stmt(db, SQL_YEAR_BODY);
	int step;

	*same = false;
	if (!st)
		return ERR_IO;
	sqlite3_bind_int(st, 1, year);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*same = strcmp(db_col_text(st, 0), body) == 0;
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : ERR_IO;
}

int calendar_year_store(struct db *db, int year, const char *body, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_YEAR_PUT);

	if (!st)
		return ERR_IO;
	sqlite3_bind_int(st, 1, year);
	db_bind_text(st, 2, body);
	sqlite3_bind_int64(st, 3, now);
	return db_step_done(st);
}

static int put_year(struct store_tx *tx, struct calendar_import *im, const struct year_body *y)
{
	char object[16], detail[AUDIT_DETAIL_MAX + 1];
	bool same;
	int rc = same_body(tx->db, y->year, y->body, &same);

	if (rc || same) {
		im->unchanged += !rc;
		return rc;
	}
	rc = calendar_year_store(tx->db, y->year, y->body, im->now);
	snprintf(object, sizeof(object), "%d", y->year);
	audit_detail(y->body, detail, sizeof(detail));
	if (!rc)
		rc = audit_append(tx, im->now, im->actor, "calendar.year.put", object, detail);
	im->stored += !rc;
	return rc;
}

static int import_change(struct store_tx *tx, void *arg)
{
	struct calendar_import *im = arg;
	int rc = 0;

	im->stored = im->unchanged = 0;
	for (int i = 0; !rc && i < im->n; i++)
		rc = put_year(tx, im, &im->years[i]);
	return rc;
}

static json_t *parse_file(const char *text, size_t len, char *why, size_t why_size, int *rc)
{
	json_error_t e;
	json_t *root = NULL;

	*rc = ERR_INVALID;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3; /* a UTF-8 byte order mark */
		len -= 3;
	}
	if (len > CALENDAR_JSON_BYTES_MAX) {
		snprintf(why, why_size, "the file is over %d bytes", CALENDAR_JSON_BYTES_MAX);
		*rc = ERR_TOO_LARGE;
	} else if (!json_depth_ok(text, len, CALENDAR_IMPORT_JSON_DEPTH_MAX)) {
		snprintf(why, why_size, "JSON nested deeper than %d levels",
			 CALENDAR_IMPORT_JSON_DEPTH_MAX);
	} else if (!(root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e))) {
		snprintf(why, why_size, "not JSON: line %d, column %d: %s", e.line, e.column,
			 e.text);
	} else {
		*rc = 0;
	}
	return root;
}

int calendar_import_json(struct store *s, const char *text, size_t len, const char *actor,
			 int64_t now, char *why, size_t why_size)
{
	struct calendar_import *im = calloc(1, sizeof(*im));
	json_t *root = NULL;
	int rc = im ? 0 : ERR_NOMEM;

	why[0] = '\0';
	if (!rc)
		root = parse_file(text, len, why, why_size, &rc);
	if (!rc) {
		im->actor = actor;
		im->now = now;
		rc = check_file(root, im, why, why_size);
	}
	if (!rc)
		rc = store_write(s, import_change, im);
	if (!rc)
		snprintf(why, why_size, "%d year%s (%d stored, %d unchanged)", im->n,
			 im->n == 1 ? "" : "s", im->stored, im->unchanged);
	else if (!why[0])
		snprintf(why, why_size, "cannot import the calendar (%s)", err_code(rc));
	for (int i = 0; im && i < im->n; i++)
		free(im->years[i].body);
	free(im);
	json_decref(root);
	return rc;
}

static const char SQL_STORED_YEARS[] = "SELECT year, body FROM calendar_years ORDER BY year";

int calendar_open_stored(struct store *s, struct calendar *cal, char *why, size_t why_size)
{
	char reason[CALENDAR_JSON_WHY_SIZE];
	struct db *db;
	sqlite3_stmt *st;
	int rc = calendar_json_open_shipped(cal, reason);

	if (rc) {
		snprintf(why, why_size, "%s", reason);
		return rc;
	}
	db = store_read_begin(s);
	st = db ? db_stmt(db, SQL_STORED_YEARS) : NULL;
	rc = st ? 0 : ERR_IO;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *body = db_col_text(st, 1);
		int year = sqlite3_column_int(st, 0);

		rc = calendar_json_load_year(cal, year, body, strlen(body), reason);
		if (rc)
			snprintf(why, why_size, "stored year %d: %s", year, reason);
	}
	if (st)
		sqlite3_reset(st);
	store_read_end(s, db);
	if (rc)
		calendar_release(cal);
	return rc;
}
