/* motcua calendar lunar|solar|due|days (API.md "Command line"). */
#include "compat.h"

#include "cli/cli.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/lunar.h"
#include "core/worktime.h"
#include "data/calendar_json.h"
#include "store/calendar_import.h"
#include "store/store.h"

/* Longest span `calendar days` lists. */
#define DAYS_LIST_MAX 3660

static const char usage[] =
	"Usage:\n"
	"  motcua calendar lunar YYYY-MM-DD\n"
	"      Prints the lunar date \"D/M/YYYY\", with \" leap\" in a leap month.\n"
	"  motcua calendar solar D/M/YYYY[L]\n"
	"      Prints the solar date YYYY-MM-DD of a lunar date (L: leap month).\n"
	"  motcua calendar due FROM AMOUNT UNIT [--hours SPANS] [--cutoff HH:MM] [--explain]\n"
	"                      [--db PATH]\n"
	"      Prints the appointment (due) time of a dossier received at FROM\n"
	"      (ISO 8601, e.g. 2026-02-13T10:00:00+07:00). UNIT is working_days,\n"
	"      working_hours, calendar_days or same_day. Office hours default to\n"
	"      07:30-11:30,13:30-17:00 and the reception cut-off to 15:00. With --db, the\n"
	"      official tables are those of that database (imported or set by an admin).\n"
	"  motcua calendar days FROM TO [--all]\n"
	"      Lists the days off (with --all: every day) from FROM to TO inclusive.\n"
	"\n"
	"Lunar dates follow Ho Ngoc Duc's method for UTC+7 (1900-2199). Working days\n"
	"come from the official tables shipped with motcua (2023-2026) and, for other\n"
	"years (2000-2100), from the default rules, marked \"default\".\n";

static int cmd_lunar(int argc, char **argv)
{
	struct lunar_date ld;
	int32_t day;
	int rc;

	if (argc != 1)
		return cli_usage("calendar ", "calendar lunar takes one date YYYY-MM-DD");
	rc = date_parse(argv[0], strlen(argv[0]), &day);
	if (rc)
		return cli_fail(rc, "'%s' is not a date YYYY-MM-DD", argv[0]);
	rc = lunar_from_day(day, &ld);
	if (rc)
		return cli_fail(rc, "%s is outside %d-%d", argv[0], LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
	printf("%d/%d/%d%s\n", ld.day, ld.month, ld.year, ld.leap ? " leap" : "");
	return 0;
}

/* Reads a number of at most `max_digits` digits and the separator after it. */
static bool take_number(const char **p, int max_digits, int *out)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < max_digits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n > 0;
}

static bool parse_lunar(const char *s, struct lunar_date *ld)
{
	const char *p = s;

	if (!take_number(&p, 2, &ld->day) || *p++ != '/' || !take_number(&p, 2, &ld->month) ||
	    *p++ != '/' || !take_number(&p, 4, &ld->year))
		return false;
	ld->leap = (*p == 'L' || *p == 'l');
	if (ld->leap)
		p++;
	return *p == '\0';
}

static int cmd_solar(int argc, char **argv)
{
	struct lunar_date ld;
	char out[11];
	int32_t day;
	int rc;

	if (argc != 1)
		return cli_usage("calendar ", "calendar solar takes one lunar date D/M/YYYY[L]");
	if (!parse_lunar(argv[0], &ld))
		return cli_fail(ERR_INVALID_DATE, "'%s' is not a lunar date D/M/YYYY[L]", argv[0]);
	rc = lunar_to_day(ld, &day);
	if (rc == ERR_RANGE)
		return cli_fail(rc, "%s is outside %d-%d", argv[0], LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
	if (rc)
		return cli_fail(rc, "the lunar date %s does not exist", argv[0]);
	date_format(day, out);
	puts(out);
	return 0;
}

/* The shipped tables, or those of a database (plus its stored years). */
static int open_calendar(struct calendar *cal, const char *db)
{
	char why[STORE_WHY_SIZE];
	struct store_config cfg = {.path = db};
	struct store *s;
	int rc;

	if (!db) {
		rc = calendar_json_open_shipped(cal, why);
		if (rc)
			cli_fail(rc, "the shipped calendar cannot be loaded: %s", why);
		return rc;
	}
	if ((rc = store_open(&s, &cfg, why)))
		return cli_fail(rc, "%s", why), rc;
	rc = calendar_open_stored(s, cal, why, sizeof(why));
	store_close(s);
	if (rc)
		cli_fail(rc, "the calendar of %s cannot be loaded: %s", db, why);
	return rc;
}

struct due_args {
	const char *from, *amount, *unit, *hours, *cutoff, *db;
	bool explain;
};

static int read_due_args(int argc, char **argv, struct due_args *a)
{
	const char *pos[3];
	int n = 0;

	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--explain") == 0)
			a->explain = true;
		else if (strcmp(argv[i], "--hours") == 0 && i + 1 < argc)
			a->hours = argv[++i];
		else if (strcmp(argv[i], "--cutoff") == 0 && i + 1 < argc)
			a->cutoff = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			a->db = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			return cli_usage("calendar ", "unknown option '%s'", argv[i]);
		else if (n < 3)
			pos[n++] = argv[i];
		else
			return cli_usage("calendar ", "too many arguments");
	}
	if (n != 3)
		return cli_usage("calendar ", "calendar due takes FROM AMOUNT UNIT");
	a->from = pos[0];
	a->amount = pos[1];
	a->unit = pos[2];
	return 0;
}

static int read_office_hours(const struct due_args *a, struct office_hours *oh)
{
	office_hours_default(oh);
	if (a->hours && office_hours_parse(a->hours, strlen(a->hours), oh))
		return cli_fail(ERR_INVALID, "--hours '%s' is not like 07:30-11:30,13:30-17:00",
				a->hours);
	if (a->cutoff && office_hours_parse_time(a->cutoff, strlen(a->cutoff), &oh->cutoff_s))
		return cli_fail(ERR_INVALID, "--cutoff '%s' is not HH:MM", a->cutoff);
	return 0;
}

/* Lists the days between the reception day and the due day that are off. */
static void explain_due(const struct worktime *wt, int64_t from, int64_t due)
{
	int32_t recv, last = date_local_day(due);
	char d[11];

	if (worktime_reception_day(wt, from, &recv))
		return;
	date_format(recv, d);
	printf("reception day: %s%s\n", d,
	       recv == date_local_day(from) ? "" : " (after the cut-off or on a day off)");
	for (int32_t day = recv + 1; day < last; day++) {
		struct calendar_day info;

		if (calendar_day(wt->cal, day, &info) || info.working)
			continue;
		date_format(day, d);
		printf("not counted: %s %s%s%s\n", d, day_kind_name(info.kind),
		       info.name ? ": " : "", info.name ? info.name : "");
	}
}

static int cmd_due(int argc, char **argv)
{
	struct due_args a;
	struct office_hours oh;
	struct calendar cal;
	struct duration d;
	char out[INSTANT_TEXT_SIZE];
	int64_t from, due;
	long amount;
	int rc = read_due_args(argc, argv, &a);

	if (rc)
		return rc;
	if ((rc = instant_parse(a.from, strlen(a.from), &from)))
		return cli_fail(rc, "'%s' is not an ISO 8601 time (2026-02-13T10:00:00+07:00)",
				a.from);
	if (!cli_parse_long(a.amount, 0, DURATION_HOURS_MAX, &amount))
		return cli_fail(ERR_INVALID, "AMOUNT '%s' is not a whole number 0-%d", a.amount,
				DURATION_HOURS_MAX);
	d.amount = (int32_t)amount;
	if (duration_unit_parse(a.unit, strlen(a.unit), &d.unit))
		return cli_fail(ERR_INVALID, "UNIT '%s' is not working_days, working_hours, "
				"calendar_days or same_day", a.unit);
	if (duration_validate(d))
		return cli_fail(ERR_INVALID, "AMOUNT %ld is too large for %s", amount, a.unit);
	if ((rc = read_office_hours(&a, &oh)))
		return rc;
	if (open_calendar(&cal, a.db))
		return 1;
	struct worktime wt = {&cal, &oh};

	rc = worktime_due(&wt, from, d, &due);
	if (rc) {
		calendar_release(&cal);
		return cli_fail(rc, "the due time falls outside the calendar (%d-%d)",
				MOTCUA_CALENDAR_FIRST_YEAR, MOTCUA_CALENDAR_LAST_YEAR);
	}
	instant_format(due, out);
	puts(out);
	if (a.explain)
		explain_due(&wt, from, due);
	calendar_release(&cal);
	return 0;
}

static int cmd_days(int argc, char **argv)
{
	struct calendar cal;
	int32_t from, to;
	bool all = argc == 3 && strcmp(argv[2], "--all") == 0;
	int year = 0;

	if (argc != 2 && !all)
		return cli_usage("calendar ", "calendar days takes FROM TO [--all]");
	if (date_parse(argv[0], strlen(argv[0]), &from) || date_parse(argv[1], strlen(argv[1]), &to))
		return cli_fail(ERR_INVALID_DATE, "FROM and TO must be dates YYYY-MM-DD");
	if (to < from || to - from >= DAYS_LIST_MAX)
		return cli_fail(ERR_INVALID, "TO must be on or after FROM, at most %d days later",
				DAYS_LIST_MAX);
	if (open_calendar(&cal, NULL))
		return 1;
	for (int32_t day = from; day <= to; day++) {
		struct calendar_day info;
		struct ymd ymd = date_from_days(day);
		char d[11];

		if (calendar_day(&cal, day, &info)) {
			calendar_release(&cal);
			return cli_fail(ERR_RANGE, "the calendar covers %d-%d",
					MOTCUA_CALENDAR_FIRST_YEAR, MOTCUA_CALENDAR_LAST_YEAR);
		}
		if (ymd.year != year) {
			year = ymd.year;
			printf("# %d: %s\n", year,
			       calendar_year_source(&cal, year) == CALENDAR_OFFICIAL
				       ? "official table"
				       : "default rules (no official table loaded)");
		}
		if (!all && (info.working || info.kind == DAY_WEEKEND))
			continue;
		date_format(day, d);
		printf("%s\t%s\t%s\t%s\n", d, info.working ? "working" : "off",
		       day_kind_name(info.kind), info.name ? info.name : "");
	}
	calendar_release(&cal);
	return 0;
}

int cmd_calendar(int argc, char **argv)
{
	if (argc < 1 || cli_is_help(argv[0])) {
		fputs(usage, argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : 0;
	}
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		}
	}
	if (strcmp(argv[0], "lunar") == 0)
		return cmd_lunar(argc - 1, argv + 1);
	if (strcmp(argv[0], "solar") == 0)
		return cmd_solar(argc - 1, argv + 1);
	if (strcmp(argv[0], "due") == 0)
		return cmd_due(argc - 1, argv + 1);
	if (strcmp(argv[0], "days") == 0)
		return cmd_days(argc - 1, argv + 1);
	return cli_usage("calendar ", "unknown calendar command '%s'", argv[0]);
}
