/* Calendar routes (API.md "Calendar"; R-CAL-1 … R-CAL-4). */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "core/date.h"
#include "core/err.h"
#include "core/lunar.h"
#include "data/calendar_json.h"
#include "store/audit.h"
#include "store/calendar_import.h"

/* Longest range GET /calendar/days lists. */
#define DAYS_RANGE_MAX 366

static int query_date(struct request *r, const char *name, int32_t *day)
{
	const char *v = request_query(r, name);

	if (!v || date_parse(v, strlen(v), day))
		return resp_problem(r, ERR_INVALID_DATE, "'%s' must be a date YYYY-MM-DD", name),
		       ERR_INVALID_DATE;
	return 0;
}

static int query_int(struct request *r, const char *name, long min, long max, long *out)
{
	const char *v = request_query(r, name);
	char *end;

	if (v && *v) {
		errno = 0;
		*out = strtol(v, &end, 10);
		if (!errno && !*end && *out >= min && *out <= max)
			return 0;
	}
	resp_problem(r, ERR_INVALID, "'%s' must be a whole number %ld-%ld", name, min, max);
	return ERR_INVALID;
}

static json_t *date_json(int32_t day)
{
	char d[11];

	date_format(day, d);
	return json_string(d);
}

int api_calendar_lunar(struct request *r)
{
	struct lunar_date ld;
	int32_t day;
	int rc = query_date(r, "date", &day);

	if (rc)
		return rc;
	if ((rc = lunar_from_day(day, &ld)))
		return resp_problem(r, rc, "dates from %d to %d only", LUNAR_YEAR_MIN,
				    LUNAR_YEAR_MAX);
	return resp_json(r, 200,
			 json_pack("{s:o, s:{s:i, s:i, s:i, s:b}}", "date", date_json(day), "lunar",
				   "day", ld.day, "month", ld.month, "year", ld.year, "leap",
				   ld.leap));
}

int api_calendar_solar(struct request *r)
{
	struct lunar_date ld = {0};
	const char *leap = request_query(r, "leap");
	long d, m, y;
	int32_t day;
	int rc;

	if (query_int(r, "day", 1, 30, &d) || query_int(r, "month", 1, 12, &m) ||
	    query_int(r, "year", LUNAR_YEAR_MIN - 1, LUNAR_YEAR_MAX, &y))
		return ERR_INVALID;
	if (leap && strcmp(leap, "true") && strcmp(leap, "false"))
		return resp_problem(r, ERR_INVALID, "'leap' must be true or false");
	ld = (struct lunar_date){(int)d, (int)m, (int)y, leap && strcmp(leap, "true") == 0};
	rc = lunar_to_day(ld, &day);
	if (rc)
		return resp_problem(r, rc, "no such lunar date");
	return resp_json(r, 200, json_pack("{s:o}", "date", date_json(day)));
}

static json_t *day_json(int32_t day, const struct calendar_day *info)
{
	return json_pack("{s:o, s:b, s:s, s:s?}", "date", date_json(day), "working", info->working,
			 "kind", day_kind_name(info->kind), "reason", info->name);
}

int api_calendar_days(struct request *r)
{
	struct unit_worktime uw;
	int32_t from, to;
	json_t *days;
	int rc;

	if (query_date(r, "from", &from) || query_date(r, "to", &to))
		return ERR_INVALID_DATE;
	if (to < from || to - from >= DAYS_RANGE_MAX)
		return resp_problem(r, ERR_INVALID, "'to' must be on or after 'from', at most %d "
				    "days later", DAYS_RANGE_MAX);
	rc = api_unit_worktime(r, request_query(r, "unit"), &uw);
	if (rc)
		return rc;
	days = json_array();
	for (int32_t day = from; day <= to && !rc; day++) {
		struct calendar_day info;

		rc = calendar_day(uw.wt.cal, day, &info);
		if (!rc)
			json_array_append_new(days, day_json(day, &info));
	}
	api_unit_worktime_release(r, &uw);
	if (rc) {
		json_decref(days);
		return resp_problem(r, rc, "the calendar covers %d-%d", MOTCUA_CALENDAR_FIRST_YEAR,
				    MOTCUA_CALENDAR_LAST_YEAR);
	}
	return resp_json(r, 200, json_pack("{s:o}", "days", days));
}

int api_calendar_due(struct request *r)
{
	struct unit_worktime uw;
	struct duration d;
	const char *from = request_query(r, "from"), *unit = request_query(r, "unit");
	char out[INSTANT_TEXT_SIZE];
	int64_t t, due;
	long amount;
	int rc;

	if (!from || instant_parse(from, strlen(from), &t))
		return resp_problem(r, ERR_INVALID_TIME, "'from' must be an ISO 8601 time");
	if (query_int(r, "amount", 0, DURATION_HOURS_MAX, &amount))
		return ERR_INVALID;
	if (!unit || duration_unit_parse(unit, strlen(unit), &d.unit))
		return resp_problem(r, ERR_INVALID, "'unit' must be working_days, working_hours, "
				    "calendar_days or same_day");
	d.amount = (int32_t)amount;
	if (duration_validate(d))
		return resp_problem(r, ERR_INVALID, "'amount' is too large for %s", unit);
	rc = api_unit_worktime(r, request_query(r, "unit_code"), &uw);
	if (rc)
		return rc;
	rc = worktime_due(&uw.wt, t, d, &due);
	api_unit_worktime_release(r, &uw);
	if (rc)
		return resp_problem(r, rc, "the due time falls outside the calendar");
	instant_format(due, out);
	return resp_json(r, 200, json_pack("{s:s}", "due", out));
}

static json_t *year_json(const struct calendar *cal, int year)
{
	json_t *off = json_array(), *work = json_array();
	int32_t first = date_to_days((struct ymd){year, 1, 1});
	int32_t next = date_to_days((struct ymd){year + 1, 1, 1});

	for (int32_t day = first; day < next; day++) {
		struct calendar_day info;

		if (calendar_day(cal, day, &info) || info.kind == DAY_WORKDAY ||
		    info.kind == DAY_WEEKEND)
			continue;
		json_array_append_new(info.working ? work : off,
				      json_pack("{s:o, s:s, s:s}", "date", date_json(day), "name",
						info.name ? info.name : "", "kind",
						day_kind_name(info.kind)));
	}
	return json_pack("{s:i, s:s, s:o, s:o}", "year", year, "source",
			 calendar_year_source(cal, year) == CALENDAR_OFFICIAL ? "official" : "default",
			 "days_off", off, "working_weekend_days", work);
}

static int path_year(struct request *r, int *year)
{
	const char *p = request_param(r, 0);
	char *end;
	long y;

	errno = 0;
	y = strtol(p, &end, 10);
	if (errno || *end || y < MOTCUA_CALENDAR_FIRST_YEAR || y > MOTCUA_CALENDAR_LAST_YEAR)
		return resp_problem(r, ERR_RANGE, "the year must be %d-%d",
				    MOTCUA_CALENDAR_FIRST_YEAR, MOTCUA_CALENDAR_LAST_YEAR),
		       ERR_RANGE;
	*year = (int)y;
	return 0;
}

int api_calendar_year_get(struct request *r)
{
	int year;

	if (path_year(r, &year))
		return ERR_RANGE;
	return api_calendar_year_get_for(r, year);
}

struct year_put {
	int year;
	char *body;
	char actor[64];
	int64_t now;
};

static void year_put_free(void *p)
{
	struct year_put *y = p;

	if (y)
		free(y->body);
	free(y);
}

static int year_put_change(struct store_tx *tx, void *arg)
{
	struct year_put *y = arg;
	char object[16];
	int rc = calendar_year_store(tx->db, y->year, y->body, y->now);

	snprintf(object, sizeof(object), "%d", y->year);
	if (!rc) {
		/* The table may be longer than an audit detail: record its hash. */
		char hex[AUDIT_DIGEST_SIZE], detail[128];

		audit_digest(y->body, hex);
		snprintf(detail, sizeof(detail), "{\"bytes\":%zu,\"blake2b\":\"%s\"}",
			 strlen(y->body), hex);
		rc = audit_append(tx, y->now, y->actor, "calendar.year.put", object, detail);
	}
	return rc;
}

static int year_put_finish(struct request *r, int rc)
{
	struct year_put *y = r->ctx;

	(void)rc;
	if (app_reload_calendar(r->app))
		return resp_problem(r, ERR_IO, "stored, but the calendar could not be rebuilt");
	return api_calendar_year_get_for(r, y->year);
}

int api_calendar_year_put(struct request *r)
{
	struct calendar scratch;
	struct year_put *y;
	char why[CALENDAR_JSON_WHY_SIZE];
	int year, rc;

	if (!auth_has_role(r, "admin", NULL))
		return resp_problem(r, ERR_FORBIDDEN, "administrators only");
	if (path_year(r, &year))
		return ERR_RANGE;
	/* Check the table on a calendar of that year alone before storing it. */
	rc = calendar_init(&scratch, year, year);
	if (!rc) {
		rc = calendar_json_load_year(&scratch, year, r->body, r->body_len, why);
		calendar_release(&scratch);
	}
	if (rc)
		return resp_problem(r, rc, "%s", why);
	y = calloc(1, sizeof(*y));
	if (!y || !(y->body = json_dumps(r->json, JSON_COMPACT | JSON_SORT_KEYS))) {
		year_put_free(y);
		return ERR_NOMEM;
	}
	y->year = year;
	y->now = r->now;
	api_actor(r, y->actor, sizeof(y->actor));
	return request_write(r, year_put_change, year_put_finish, y, year_put_free);
}

int api_calendar_year_get_for(struct request *r, int year)
{
	const struct calendar *cal = app_calendar_lock(r->app);
	json_t *j = year_json(cal, year);

	app_calendar_unlock(r->app);
	return resp_json(r, 200, j);
}
