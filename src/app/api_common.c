#include "compat.h"

#include <sodium.h>

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "app/ratelimit.h"
#include "core/date.h"
#include "core/err.h"
#include "store/db.h"

static const char SQL_UNIT_HOURS[] = "SELECT office_hours, cutoff FROM units WHERE code = ?";
static const char SQL_UNIT_EXCEPTIONS[] =
	"SELECT day, working, name FROM unit_calendar_exceptions WHERE unit = ?";

/* Reads the unit's office hours and exceptions; *found false if no unit. */
static int load_unit(struct db *db, const char *code, struct unit_worktime *uw, bool *found)
{
	sqlite3_stmt *st = db_stmt(db, SQL_UNIT_HOURS);
	int rc = 0;

	*found = false;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *hours = db_col_text(st, 0), *cutoff = db_col_text(st, 1);

		*found = true;
		if (*hours)
			rc = office_hours_parse(hours, strlen(hours), &uw->hours);
		if (!rc && *cutoff)
			rc = office_hours_parse_time(cutoff, strlen(cutoff), &uw->hours.cutoff_s);
	}
	sqlite3_reset(st);
	return rc;
}

static int apply_exceptions(struct db *db, const char *code, struct unit_worktime *uw)
{
	sqlite3_stmt *st = db_stmt(db, SQL_UNIT_EXCEPTIONS);
	int rc = 0;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *day_text = db_col_text(st, 0);
		int32_t day;

		if (!uw->has_own) {
			rc = calendar_copy(&uw->own, uw->wt.cal);
			uw->has_own = rc == 0;
			if (!rc)
				uw->wt.cal = &uw->own;
		}
		if (!rc)
			rc = date_parse(day_text, strlen(day_text), &day);
		if (!rc)
			rc = calendar_set_exception(&uw->own, day, sqlite3_column_int(st, 1) != 0,
						    db_col_text(st, 2));
	}
	sqlite3_reset(st);
	return rc;
}

int unit_worktime_load(struct db *db, const struct calendar *cal, const char *code,
		       struct unit_worktime *uw)
{
	bool found = true;
	int rc = 0;

	memset(uw, 0, sizeof(*uw));
	office_hours_default(&uw->hours);
	uw->wt.hours = &uw->hours;
	uw->wt.cal = cal;
	if (!code || !*code)
		return 0;
	rc = load_unit(db, code, uw, &found);
	if (!rc && found)
		rc = apply_exceptions(db, code, uw);
	if (!rc && !found)
		rc = ERR_NOT_FOUND;
	if (rc)
		unit_worktime_free(uw);
	return rc;
}

void unit_worktime_free(struct unit_worktime *uw)
{
	if (uw->has_own)
		calendar_release(&uw->own);
	uw->has_own = false;
}

int api_unit_worktime(struct request *r, const char *code, struct unit_worktime *uw)
{
	const struct calendar *cal = app_calendar_lock(r->app);
	struct db *db = NULL;
	int rc = 0;

	if (code && *code) {
		db = store_read_begin(r->app->store);
		if (!db)
			rc = ERR_BUSY;
	}
	if (!rc)
		rc = unit_worktime_load(db, cal, code, uw);
	store_read_end(r->app->store, db);
	if (rc) {
		app_calendar_unlock(r->app);
		uw->wt.cal = NULL;
		return resp_problem(r, rc, rc == ERR_NOT_FOUND ? "no unit %s" : "unit %s", code),
		       rc;
	}
	return 0;
}

void api_unit_worktime_release(struct request *r, struct unit_worktime *uw)
{
	unit_worktime_free(uw);
	if (uw->wt.cal) {
		app_calendar_unlock(r->app);
		uw->wt.cal = NULL;
	}
}

json_t *api_instant(int64_t t)
{
	char s[INSTANT_TEXT_SIZE];

	if (!t)
		return json_null();
	instant_format(t, s);
	return json_string(s);
}

void api_actor(struct request *r, char *out, size_t size)
{
	const char *name = auth_username(r);

	snprintf(out, size, "%s", name ? name : "public");
}

/* Wrong tracking keys, by client and by dossier. */
static struct ratelimit wrong_keys = RATELIMIT_INIT(API_KEY_FAILURES_MAX, API_KEY_WINDOW_S);

int api_check_key(struct request *r, const char *code, const char *key, const char *right)
{
	char ip[AUTH_IP_TEXT_SIZE], by_ip[RATELIMIT_KEY_MAX], by_code[RATELIMIT_KEY_MAX];
	int64_t wait;

	auth_client_ip(r, ip);
	snprintf(by_ip, sizeof(by_ip), "key-ip:%s", ip);
	snprintf(by_code, sizeof(by_code), "key-code:%s", code);
	wait = ratelimit_wait(&wrong_keys, by_ip, r->now);
	if (!wait)
		wait = ratelimit_wait(&wrong_keys, by_code, r->now);
	if (wait) {
		snprintf(r->resp.retry_after, sizeof(r->resp.retry_after), "%" PRId64, wait);
		return resp_problem(r, ERR_RATE_LIMITED, "too many wrong tracking keys; wait %" PRId64
				    " s", wait), ERR_RATE_LIMITED;
	}
	if (key && right && strlen(key) == strlen(right) &&
	    sodium_memcmp(key, right, strlen(right)) == 0)
		return 0;
	ratelimit_fail(&wrong_keys, by_ip, r->now);
	ratelimit_fail(&wrong_keys, by_code, r->now);
	return resp_problem(r, ERR_NOT_FOUND, "no dossier %s with this key", code), ERR_NOT_FOUND;
}
