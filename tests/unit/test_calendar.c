/*
 * Tests of core/calendar and core/holidays: the working calendar (R-CAL-1,
 * R-CAL-2), its default years, official tables, unit exceptions and the
 * working-day arithmetic, checked against brute-force loops.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"

#include "testutil.h"

#define YEAR_FIRST 2020
#define YEAR_LAST 2030

static int32_t ymd(int y, int m, int d)
{
	return date_to_days((struct ymd){y, m, d});
}

static int setup_cal(void **state)
{
	struct calendar *cal = malloc(sizeof(*cal));

	if (!cal || calendar_init(cal, YEAR_FIRST, YEAR_LAST)) {
		free(cal);
		return -1;
	}
	*state = cal;
	return 0;
}

static int teardown_cal(void **state)
{
	calendar_release(*state);
	free(*state);
	return 0;
}

static bool working(const struct calendar *cal, int32_t day)
{
	bool w = false;

	assert_int_equal(calendar_is_working(cal, day, &w), 0);
	return w;
}

static enum day_kind kind_of(const struct calendar *cal, int32_t day)
{
	struct calendar_day cd;

	assert_int_equal(calendar_day(cal, day, &cd), 0);
	assert_int_equal(cd.working, day_kind_is_working(cd.kind));
	return cd.kind;
}

static const char *name_of(const struct calendar *cal, int32_t day)
{
	struct calendar_day cd;

	assert_int_equal(calendar_day(cal, day, &cd), 0);
	return cd.name;
}

/* The weekdays (Monday–Friday) that a default year gives off, sorted. */
static size_t default_weekdays_off(int year, int32_t *out)
{
	struct calendar_entry e[CALENDAR_DEFAULT_ENTRIES_MAX];
	int n = calendar_default_days_off(year, e);
	size_t k = 0;

	assert_true(n > 0);
	for (int i = 0; i < n; i++)
		if (!date_is_weekend(e[i].day))
			out[k++] = e[i].day;
	return k;
}

/* Compares a year's default weekdays off with a list of "YYYY-MM-DD". */
static void expect_default_weekdays_off(int year, const char *const *dates, size_t n)
{
	int32_t got[CALENDAR_DEFAULT_ENTRIES_MAX];
	size_t k = default_weekdays_off(year, got);

	for (size_t i = 0; i < k && i < n; i++) {
		char buf[11];

		date_format(got[i], buf);
		assert_string_equal(buf, dates[i]);
	}
	assert_int_equal(k, n);
}

/* Brute force: the n-th working day strictly after `day` (n == 0: on or after). */
static int naive_add(const struct calendar *cal, int32_t day, int32_t n, int32_t *out)
{
	int32_t end = cal->day_first + cal->n_days;
	int32_t d = n == 0 ? day : day + 1;

	for (; d < end; d++) {
		if (!working(cal, d))
			continue;
		if (n <= 1) {
			*out = d;
			return 0;
		}
		n--;
	}
	return ERR_RANGE;
}

/* Brute force: working days in [from, to), negative when to < from. */
static int32_t naive_between(const struct calendar *cal, int32_t from, int32_t to)
{
	int32_t n = 0, sign = 1;

	if (to < from) {
		int32_t x = to;

		to = from;
		from = x;
		sign = -1;
	}
	for (int32_t d = from; d < to; d++)
		n += working(cal, d);
	return sign * n;
}

/* A snapshot of what a failed change must leave untouched. */
struct snapshot {
	uint8_t *kind;
	uint16_t *name;
	int32_t *work_before;
	uint8_t *source;
	int32_t n_work;
};

static void take(struct snapshot *s, const struct calendar *cal)
{
	size_t days = (size_t)cal->n_days, years = (size_t)(cal->year_last - cal->year_first + 1);

	s->kind = malloc(days);
	s->name = malloc(days * sizeof(*s->name));
	s->work_before = malloc((days + 1) * sizeof(*s->work_before));
	s->source = malloc(years);
	assert_non_null(s->kind);
	assert_non_null(s->name);
	assert_non_null(s->work_before);
	assert_non_null(s->source);
	memcpy(s->kind, cal->kind, days);
	memcpy(s->name, cal->name, days * sizeof(*s->name));
	memcpy(s->work_before, cal->work_before, (days + 1) * sizeof(*s->work_before));
	memcpy(s->source, cal->source, years);
	s->n_work = cal->n_work;
}

static void expect_same(struct snapshot *s, const struct calendar *cal)
{
	size_t days = (size_t)cal->n_days, years = (size_t)(cal->year_last - cal->year_first + 1);

	assert_memory_equal(s->kind, cal->kind, days);
	assert_memory_equal(s->name, cal->name, days * sizeof(*s->name));
	assert_memory_equal(s->work_before, cal->work_before, (days + 1) * sizeof(*s->work_before));
	assert_memory_equal(s->source, cal->source, years);
	assert_int_equal(s->n_work, cal->n_work);
	free(s->kind);
	free(s->name);
	free(s->work_before);
	free(s->source);
}

static void test_init_range(void **state)
{
	struct calendar cal;

	(void)state;
	assert_int_equal(calendar_init(&cal, CALENDAR_YEAR_MIN - 1, 2000), ERR_RANGE);
	assert_null(cal.kind);
	calendar_release(&cal);
	assert_int_equal(calendar_init(&cal, 2000, CALENDAR_YEAR_MAX + 1), ERR_RANGE);
	assert_int_equal(calendar_init(&cal, 2030, 2020), ERR_RANGE);
	assert_null(cal.kind);
	/* The widest span is accepted: the lunar calendar covers it. */
	assert_int_equal(calendar_init(&cal, CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX), 0);
	assert_int_equal(cal.day_first, ymd(1900, 1, 1));
	assert_int_equal(cal.n_days, ymd(2200, 1, 1) - ymd(1900, 1, 1));
	calendar_release(&cal);
	assert_null(cal.kind);
	calendar_release(&cal); /* twice is harmless */
	calendar_release(NULL);
	/* One year. */
	assert_int_equal(calendar_init(&cal, 2026, 2026), 0);
	assert_int_equal(cal.n_days, 365);
	assert_int_equal(calendar_year_source(&cal, 2026), CALENDAR_DEFAULT);
	assert_int_equal(calendar_year_source(&cal, 2025), ERR_RANGE);
	assert_int_equal(calendar_year_source(&cal, 2027), ERR_RANGE);
	calendar_release(&cal);
}

/*
 * R-CAL-1, R-CAL-2: every day of a default calendar is what the default
 * table of its year says, and otherwise a workday (Monday–Friday) or a
 * weekend day (off) without a name.
 */
static void test_default_days_consistent(void **state)
{
	const struct calendar *cal = *state;
	int32_t total_working = 0;

	for (int y = YEAR_FIRST; y <= YEAR_LAST; y++) {
		struct calendar_entry e[CALENDAR_DEFAULT_ENTRIES_MAX];
		int n = calendar_default_days_off(y, e);

		assert_true(n > 0);
		assert_int_equal(calendar_year_source(cal, y), CALENDAR_DEFAULT);
		for (int32_t d = ymd(y, 1, 1); d < ymd(y + 1, 1, 1); d++) {
			const struct calendar_entry *hit = NULL;
			enum day_kind k = kind_of(cal, d);
			const char *name = name_of(cal, d);

			for (int i = 0; i < n; i++)
				if (e[i].day == d)
					hit = &e[i];
			if (hit) {
				assert_int_equal(k, hit->kind);
				assert_non_null(name);
				assert_string_equal(name, hit->name);
				assert_false(working(cal, d));
			} else if (date_is_weekend(d)) {
				assert_int_equal(k, DAY_WEEKEND);
				assert_null(name);
				assert_false(working(cal, d));
			} else {
				assert_int_equal(k, DAY_WORKDAY);
				assert_null(name);
				assert_true(working(cal, d));
				total_working++;
			}
		}
	}
	assert_int_equal(cal->n_work, total_working);
}

/* The default table: sorted, inside its year, kinds that fit the weekday. */
static void test_default_table_shape(void **state)
{
	struct calendar_entry e[CALENDAR_DEFAULT_ENTRIES_MAX];

	(void)state;
	assert_int_equal(calendar_default_days_off(CALENDAR_YEAR_MIN - 1, e), ERR_RANGE);
	assert_int_equal(calendar_default_days_off(CALENDAR_YEAR_MAX + 1, e), ERR_RANGE);
	for (int y = CALENDAR_YEAR_MIN; y <= CALENDAR_YEAR_MAX; y++) {
		int n = calendar_default_days_off(y, e), holidays = 0, weekend = 0, subs = 0;
		/* 1/1, Tết (5), 30/4, 1/5, 2/9, Hùng Kings from 2007, 1/9 or 3/9 from 2021. */
		int expected = 9 + (y >= 2007) + (y >= 2021);

		assert_true(n > 0 && n <= CALENDAR_DEFAULT_ENTRIES_MAX);
		for (int i = 0; i < n; i++) {
			assert_int_equal(date_from_days(e[i].day).year, y);
			if (i)
				assert_true(e[i - 1].day < e[i].day);
			assert_false(day_kind_is_working(e[i].kind));
			assert_non_null(e[i].name);
			switch (e[i].kind) {
			case DAY_HOLIDAY:
				assert_false(date_is_weekend(e[i].day));
				holidays++;
				break;
			case DAY_WEEKEND_HOLIDAY:
				assert_true(date_is_weekend(e[i].day));
				weekend++;
				break;
			case DAY_SUBSTITUTE:
				assert_false(date_is_weekend(e[i].day));
				assert_string_equal(e[i].name, CALENDAR_NAME_SUBSTITUTE);
				subs++;
				break;
			default:
				fail_msg("year %d: unexpected kind %d", y, e[i].kind);
			}
		}
		/* R-CAL-2: one substitute for each holiday on a weekend. */
		assert_int_equal(holidays + weekend, expected);
		assert_int_equal(subs, weekend);
		/* So a default year always gives `expected` weekdays off. */
		assert_int_equal(holidays + subs, expected);
	}
}

/* R-CAL-1: 1/1, 30/4, 1/5 and 2/9 are days off every year, with their names. */
static void test_default_fixed_holidays(void **state)
{
	const struct calendar *cal = *state;
	static const struct {
		int month, day;
		const char *name;
	} fixed[] = {
		{1, 1, CALENDAR_NAME_NEW_YEAR},
		{4, 30, CALENDAR_NAME_REUNIFICATION},
		{5, 1, CALENDAR_NAME_LABOUR},
		{9, 2, CALENDAR_NAME_NATIONAL},
	};

	for (int y = YEAR_FIRST; y <= YEAR_LAST; y++) {
		for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
			int32_t d = ymd(y, fixed[i].month, fixed[i].day);

			assert_false(working(cal, d));
			assert_int_equal(kind_of(cal, d),
					 date_is_weekend(d) ? DAY_WEEKEND_HOLIDAY : DAY_HOLIDAY);
			assert_string_equal(name_of(cal, d), fixed[i].name);
		}
	}
	/* 2020-01-01 is a Wednesday holiday; 2023-01-01 a Sunday one. */
	assert_int_equal(kind_of(cal, day_of("2020-01-01")), DAY_HOLIDAY);
	assert_int_equal(kind_of(cal, day_of("2023-01-01")), DAY_WEEKEND_HOLIDAY);
	/* …whose substitute is Monday 2023-01-02 (Art. 111(3)). */
	assert_int_equal(kind_of(cal, day_of("2023-01-02")), DAY_SUBSTITUTE);
	assert_string_equal(name_of(cal, day_of("2023-01-02")), CALENDAR_NAME_SUBSTITUTE);
	/* 2022-01-01 and 2028-01-01 are Saturdays: Monday is the substitute. */
	assert_int_equal(kind_of(cal, day_of("2022-01-03")), DAY_SUBSTITUTE);
	assert_int_equal(kind_of(cal, day_of("2028-01-03")), DAY_SUBSTITUTE);
	/* 1/5/2021 is a Saturday: Monday 3/5 is off. */
	assert_int_equal(kind_of(cal, day_of("2021-05-03")), DAY_SUBSTITUTE);
}

/*
 * R-CAL-1, R-CAL-3: Tết is 5 days from 2 days before lunar 1/1; weekend days
 * inside it give substitutes, so 5 weekdays are off in a row from there.
 * The lunar new years are hard-coded (Vietnamese calendar, UTC+7).
 */
static void test_default_tet(void **state)
{
	const struct calendar *cal = *state;
	static const char *const tet[] = {
		"2020-01-25", "2021-02-12", "2022-02-01", "2023-01-22",
		"2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06",
		"2028-01-26", "2029-02-13", "2030-02-02",
	};

	for (size_t i = 0; i < ARRAY_SIZE(tet); i++) {
		int32_t t = day_of(tet[i]), d;
		int weekdays_off = 0;

		assert_true(working(cal, t - 3) || date_is_weekend(t - 3));
		for (d = t - 2; d <= t + 2; d++) {
			assert_false(working(cal, d));
			assert_string_equal(name_of(cal, d), CALENDAR_NAME_TET);
			assert_int_equal(kind_of(cal, d),
					 date_is_weekend(d) ? DAY_WEEKEND_HOLIDAY : DAY_HOLIDAY);
		}
		/* The weekdays off from the first day of Tết up to the next working day. */
		for (d = t - 2; !working(cal, d); d++)
			weekdays_off += !date_is_weekend(d);
		assert_int_equal(weekdays_off, 5);
	}
	/* Tết 2026: Sunday 15/02 to Thursday 19/02, Friday 20/02 in lieu of Sunday. */
	assert_int_equal(kind_of(cal, day_of("2026-02-14")), DAY_WEEKEND);
	assert_int_equal(kind_of(cal, day_of("2026-02-15")), DAY_WEEKEND_HOLIDAY);
	assert_int_equal(kind_of(cal, day_of("2026-02-20")), DAY_SUBSTITUTE);
	assert_true(working(cal, day_of("2026-02-23")));
	assert_true(working(cal, day_of("2026-02-13")));
}

/* R-CAL-3: Tết 1985 was 21/01 and Tết 2007 was 17/02 in Vietnam. */
static void test_default_tet_vietnamese_meridian(void **state)
{
	struct calendar cal;

	(void)state;
	assert_int_equal(calendar_init(&cal, 1985, 1985), 0);
	for (int32_t d = day_of("1985-01-19"); d <= day_of("1985-01-23"); d++)
		assert_string_equal(name_of(&cal, d), CALENDAR_NAME_TET);
	/* China's new year (1985-02-20) is an ordinary Wednesday here. */
	assert_int_equal(kind_of(&cal, day_of("1985-02-20")), DAY_WORKDAY);
	calendar_release(&cal);
	assert_int_equal(calendar_init(&cal, 2007, 2007), 0);
	for (int32_t d = day_of("2007-02-15"); d <= day_of("2007-02-19"); d++)
		assert_string_equal(name_of(&cal, d), CALENDAR_NAME_TET);
	assert_int_equal(kind_of(&cal, day_of("2007-02-14")), DAY_WORKDAY);
	calendar_release(&cal);
}

/* R-CAL-1: Hùng Kings' day, 10/3 lunar, is a holiday from 2007 on. */
static void test_default_hung_kings(void **state)
{
	const struct calendar *cal = *state;
	static const char *const hung[] = {
		"2020-04-02", "2021-04-21", "2022-04-10", "2023-04-29",
		"2024-04-18", "2025-04-07", "2026-04-26", "2027-04-16",
		"2028-04-04", "2029-04-23", "2030-04-12",
	};
	struct calendar old;

	for (size_t i = 0; i < ARRAY_SIZE(hung); i++) {
		int32_t d = day_of(hung[i]);

		assert_false(working(cal, d));
		assert_string_equal(name_of(cal, d), CALENDAR_NAME_HUNG_KINGS);
	}
	/* 2022-04-10 and 2026-04-26 are Sundays: the Monday after is off. */
	assert_int_equal(kind_of(cal, day_of("2022-04-11")), DAY_SUBSTITUTE);
	assert_int_equal(kind_of(cal, day_of("2026-04-27")), DAY_SUBSTITUTE);
	/* Before 2007 it was not a paid holiday: 2006-04-07 (Friday) was worked. */
	assert_int_equal(calendar_init(&old, 2005, 2007), 0);
	assert_true(working(&old, day_of("2006-04-07")));
	assert_int_equal(kind_of(&old, day_of("2006-04-07")), DAY_WORKDAY);
	assert_false(working(&old, day_of("2007-04-26")));
	assert_string_equal(name_of(&old, day_of("2007-04-26")), CALENDAR_NAME_HUNG_KINGS);
	calendar_release(&old);
}

/* R-CAL-1: 2/9 plus 1/9 on a weekday, else 3/9 (from 2021; 2/9 alone before). */
static void test_default_national_day(void **state)
{
	const struct calendar *cal = *state;
	struct calendar old;

	for (int y = 2021; y <= YEAR_LAST; y++) {
		int32_t sep1 = ymd(y, 9, 1), adj = date_is_weekend(sep1) ? ymd(y, 9, 3) : sep1;

		assert_false(working(cal, adj));
		assert_string_equal(name_of(cal, adj), CALENDAR_NAME_NATIONAL_ADJACENT);
		if (date_is_weekend(sep1))
			assert_int_equal(kind_of(cal, sep1), DAY_WEEKEND);
		else /* 3/9 is then no holiday (at most a weekend or a substitute). */
			assert_int_not_equal(kind_of(cal, ymd(y, 9, 3)), DAY_HOLIDAY);
	}
	/* 2020: only 2/9 (Wednesday); 1/9 and 3/9 are worked. */
	assert_true(working(cal, day_of("2020-09-01")));
	assert_false(working(cal, day_of("2020-09-02")));
	assert_true(working(cal, day_of("2020-09-03")));
	/* 2024: 1/9 is a Sunday, so Monday 2/9 and Tuesday 3/9. */
	assert_int_equal(kind_of(cal, day_of("2024-09-03")), DAY_HOLIDAY);
	assert_true(working(cal, day_of("2024-09-04")));
	/* 2029: 1/9 Saturday, 2/9 Sunday: 3/9 adjacent, 4/9 in lieu of 2/9. */
	assert_int_equal(kind_of(cal, day_of("2029-09-02")), DAY_WEEKEND_HOLIDAY);
	assert_int_equal(kind_of(cal, day_of("2029-09-03")), DAY_HOLIDAY);
	assert_int_equal(kind_of(cal, day_of("2029-09-04")), DAY_SUBSTITUTE);
	assert_true(working(cal, day_of("2029-09-05")));
	/* Before the Labor Code 2019: 2019-09-02 (Monday) alone. */
	assert_int_equal(calendar_init(&old, 2019, 2019), 0);
	assert_false(working(&old, day_of("2019-09-02")));
	assert_true(working(&old, day_of("2019-09-03")));
	calendar_release(&old);
}

/*
 * R-CAL-2: substitutes go to the next working day after a whole run of
 * holidays. 2023: Hùng Kings on Saturday 29/4, 30/4 on Sunday, 1/5 on
 * Monday, so Tuesday 2/5 and Wednesday 3/5 are off in lieu.
 */
static void test_default_substitutes_after_run(void **state)
{
	const struct calendar *cal = *state;

	assert_int_equal(kind_of(cal, day_of("2023-04-29")), DAY_WEEKEND_HOLIDAY);
	assert_int_equal(kind_of(cal, day_of("2023-04-30")), DAY_WEEKEND_HOLIDAY);
	assert_int_equal(kind_of(cal, day_of("2023-05-01")), DAY_HOLIDAY);
	assert_int_equal(kind_of(cal, day_of("2023-05-02")), DAY_SUBSTITUTE);
	assert_int_equal(kind_of(cal, day_of("2023-05-03")), DAY_SUBSTITUTE);
	assert_true(working(cal, day_of("2023-05-04")));
	/* Tết 2024 (Saturday 10/02): Thu 8 – Mon 12 plus Tue 13 and Wed 14. */
	assert_int_equal(kind_of(cal, day_of("2024-02-13")), DAY_SUBSTITUTE);
	assert_int_equal(kind_of(cal, day_of("2024-02-14")), DAY_SUBSTITUTE);
	assert_true(working(cal, day_of("2024-02-15")));
}

/*
 * The default rules reproduce the official 2023 table (a year without swaps):
 * weekdays off in data/calendar/vn-official-holidays.json, "2023".
 */
static void test_default_matches_official_2023(void **state)
{
	const struct calendar *cal = *state;
	static const char *const off[] = {
		"2023-01-02", "2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25",
		"2023-01-26", "2023-05-01", "2023-05-02", "2023-05-03", "2023-09-01",
		"2023-09-04",
	};
	int32_t d;
	size_t i = 0;

	expect_default_weekdays_off(2023, off, ARRAY_SIZE(off));
	/* And the calendar agrees day by day. */
	for (d = ymd(2023, 1, 1); d < ymd(2024, 1, 1); d++) {
		bool listed = i < ARRAY_SIZE(off) && d == day_of(off[i]);

		if (listed)
			i++;
		assert_int_equal(working(cal, d), !listed && !date_is_weekend(d));
	}
	assert_int_equal(i, ARRAY_SIZE(off));
}

/*
 * For 2024–2026 the default rules give the official weekdays off minus the
 * government's swaps (data/calendar/vn-official-holidays.json): 2024 swaps
 * 29/04 (made up 04/05); 2025 swaps 02/05 (made up 26/04); 2026 swaps 02/01
 * and 31/08 (made up 10/01 and 22/08).
 */
static void test_default_matches_official_minus_swaps(void **state)
{
	static const char *const off_2024[] = {
		"2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13",
		"2024-02-14", "2024-04-18", "2024-04-30", "2024-05-01", "2024-09-02",
		"2024-09-03",
	};
	static const char *const off_2025[] = {
		"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30",
		"2025-01-31", "2025-04-07", "2025-04-30", "2025-05-01", "2025-09-01",
		"2025-09-02",
	};
	static const char *const off_2026[] = {
		"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
		"2026-02-20", "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01",
		"2026-09-02",
	};

	(void)state;
	expect_default_weekdays_off(2024, off_2024, ARRAY_SIZE(off_2024));
	expect_default_weekdays_off(2025, off_2025, ARRAY_SIZE(off_2025));
	expect_default_weekdays_off(2026, off_2026, ARRAY_SIZE(off_2026));
}

/* The official 2026 table, minus its swap days, is the default 2026. */
static void test_official_2026_equals_default_plus_swaps(void **state)
{
	struct calendar *cal = *state;
	struct calendar def;

	assert_int_equal(calendar_copy(&def, cal), 0);
	assert_int_equal(load_official_2026(cal), 0);
	for (int32_t d = ymd(2026, 1, 1); d < ymd(2027, 1, 1); d++) {
		enum day_kind k = kind_of(cal, d);

		if (k == DAY_SWAP) {
			assert_true(working(&def, d));
			assert_false(working(cal, d));
		} else if (k == DAY_MAKEUP) {
			assert_false(working(&def, d));
			assert_true(working(cal, d));
		} else {
			assert_int_equal(working(cal, d), working(&def, d));
		}
	}
	calendar_release(&def);
}

/* R-CAL-2: an official table replaces a year, with its kinds and names. */
static void test_set_year_official(void **state)
{
	struct calendar *cal = *state;
	int32_t wd;

	assert_int_equal(load_official_2026(cal), 0);
	assert_int_equal(calendar_year_source(cal, 2026), CALENDAR_OFFICIAL);
	assert_int_equal(calendar_year_source(cal, 2025), CALENDAR_DEFAULT);
	assert_int_equal(calendar_year_source(cal, 2027), CALENDAR_DEFAULT);
	for (size_t i = 0; i < ARRAY_SIZE(official_2026_off); i++) {
		int32_t d = day_of(official_2026_off[i].date);

		assert_false(working(cal, d));
		assert_int_equal(kind_of(cal, d), official_2026_off[i].kind);
		assert_string_equal(name_of(cal, d), official_2026_off[i].name);
	}
	/* Make-up Saturdays become working days. */
	assert_true(working(cal, day_of("2026-01-10")));
	assert_int_equal(kind_of(cal, day_of("2026-01-10")), DAY_MAKEUP);
	assert_string_equal(name_of(cal, day_of("2026-01-10")), OFFICIAL_2026_MAKEUP_JAN);
	assert_true(working(cal, day_of("2026-08-22")));
	assert_string_equal(name_of(cal, day_of("2026-08-22")), OFFICIAL_2026_MAKEUP_AUG);
	/* Other weekend days stay off; unlisted weekdays are worked. */
	assert_int_equal(kind_of(cal, day_of("2026-01-11")), DAY_WEEKEND);
	assert_null(name_of(cal, day_of("2026-01-11")));
	assert_int_equal(kind_of(cal, day_of("2026-11-24")), DAY_WORKDAY);
	assert_int_equal(kind_of(cal, day_of("2026-01-05")), DAY_WORKDAY);
	/* The working-day sums follow: Friday 09/01 → Saturday 10/01 → Monday 12/01. */
	assert_int_equal(calendar_next_working_day(cal, day_of("2026-01-09"), &wd), 0);
	assert_int_equal(wd, day_of("2026-01-10"));
	assert_int_equal(calendar_next_working_day(cal, wd, &wd), 0);
	assert_int_equal(wd, day_of("2026-01-12"));
	assert_int_equal(calendar_next_working_day(cal, day_of("2025-12-31"), &wd), 0);
	assert_int_equal(wd, day_of("2026-01-05"));
	/* 2026: 261 weekdays − 13 days off on weekdays + 2 make-up Saturdays. */
	assert_int_equal(naive_between(cal, ymd(2026, 1, 1), ymd(2027, 1, 1)), 261 - 13 + 2);
	{
		int32_t n;

		assert_int_equal(calendar_working_days_between(cal, ymd(2026, 1, 1),
							       ymd(2027, 1, 1), &n), 0);
		assert_int_equal(n, 250);
	}
}

/* A table replaces the whole year: defaults it does not list are gone. */
static void test_set_year_replaces(void **state)
{
	struct calendar *cal = *state;
	struct calendar_entry one = {day_of("2026-03-02"), DAY_SWAP, NULL};
	struct calendar_year t = {2026, &one, 1, NULL, 0};
	struct calendar_year empty = {2027, NULL, 0, NULL, 0};

	assert_int_equal(load_official_2026(cal), 0);
	assert_int_equal(calendar_set_year(cal, &t), 0);
	assert_int_equal(kind_of(cal, day_of("2026-03-02")), DAY_SWAP);
	assert_null(name_of(cal, day_of("2026-03-02")));
	assert_int_equal(kind_of(cal, day_of("2026-02-16")), DAY_WORKDAY);
	assert_int_equal(kind_of(cal, day_of("2026-01-10")), DAY_WEEKEND);
	assert_false(working(cal, day_of("2026-01-10")));
	assert_null(name_of(cal, day_of("2026-01-10")));
	/* An empty table: only weekends are off. */
	assert_int_equal(calendar_set_year(cal, &empty), 0);
	assert_int_equal(calendar_year_source(cal, 2027), CALENDAR_OFFICIAL);
	assert_true(working(cal, day_of("2027-01-01")));
	assert_int_equal(naive_between(cal, ymd(2027, 1, 1), ymd(2028, 1, 1)), 261);
	/* Neighbouring years are untouched. */
	assert_false(working(cal, day_of("2028-01-03")));
	assert_false(working(cal, day_of("2025-01-01")));
}

/* calendar_set_year() rejects bad tables and leaves the calendar unchanged. */
static void test_set_year_rejects(void **state)
{
	struct calendar *cal = *state;
	struct calendar_entry off = {day_of("2026-03-02"), DAY_SWAP, "swap"};
	struct calendar_entry work = {day_of("2026-03-07"), DAY_MAKEUP, "makeup"};
	struct calendar_year t = {2026, &off, 1, &work, 1};
	struct snapshot s;

	assert_int_equal(calendar_set_year(cal, &t), 0); /* the good table */
	assert_int_equal(load_official_2026(cal), 0);
	take(&s, cal);
	/* A day off outside the year, at both ends. */
	off.day = day_of("2025-12-31");
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	off.day = day_of("2027-01-01");
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	off.day = day_of("2026-03-02");
	/* A working kind among the days off. */
	off.kind = DAY_WORKDAY;
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	off.kind = DAY_MAKEUP;
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	off.kind = DAY_UNIT_OPEN;
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	off.kind = DAY_KIND_COUNT;
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	off.kind = DAY_SWAP;
	/* A weekday as a working weekend day. */
	work.day = day_of("2026-03-06");
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	/* A working weekend day outside the year. */
	work.day = day_of("2027-01-02");
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	/* A day both off and working. */
	work.day = day_of("2026-03-07");
	off.day = work.day;
	off.kind = DAY_WEEKEND_HOLIDAY;
	assert_int_equal(calendar_set_year(cal, &t), ERR_INVALID);
	expect_same(&s, cal);
	/* A year the calendar does not cover. */
	t.year = 2031;
	assert_int_equal(calendar_set_year(cal, &t), ERR_RANGE);
	t.year = 2019;
	assert_int_equal(calendar_set_year(cal, &t), ERR_RANGE);
	assert_int_equal(calendar_year_source(cal, 2026), CALENDAR_OFFICIAL);
	assert_false(working(cal, day_of("2026-02-16")));
}

/* R-CAL-2: a unit's exceptions (a centre open on a holiday, closed one day). */
static void test_set_exception(void **state)
{
	struct calendar *cal = *state;
	int32_t holiday = day_of("2026-02-16"), workday = day_of("2026-03-03"), n0, n1, wd;
	char name[32];

	assert_int_equal(load_official_2026(cal), 0);
	assert_int_equal(calendar_working_days_between(cal, ymd(2026, 1, 1), ymd(2027, 1, 1), &n0),
			 0);
	assert_int_equal(calendar_set_exception(cal, holiday, true, "Trực Tết"), 0);
	assert_true(working(cal, holiday));
	assert_int_equal(kind_of(cal, holiday), DAY_UNIT_OPEN);
	assert_string_equal(name_of(cal, holiday), "Trực Tết");
	assert_int_equal(calendar_next_working_day(cal, day_of("2026-02-13"), &wd), 0);
	assert_int_equal(wd, holiday);
	assert_int_equal(calendar_set_exception(cal, workday, false, NULL), 0);
	assert_false(working(cal, workday));
	assert_int_equal(kind_of(cal, workday), DAY_UNIT_CLOSED);
	assert_null(name_of(cal, workday));
	assert_int_equal(calendar_working_days_between(cal, ymd(2026, 1, 1), ymd(2027, 1, 1), &n1),
			 0);
	assert_int_equal(n1, n0);
	/* Open on a Sunday. */
	assert_int_equal(calendar_set_exception(cal, day_of("2026-03-08"), true, ""), 0);
	assert_true(working(cal, day_of("2026-03-08")));
	assert_null(name_of(cal, day_of("2026-03-08")));
	/* Outside the calendar, at both ends. */
	assert_int_equal(calendar_set_exception(cal, cal->day_first - 1, true, "x"), ERR_RANGE);
	assert_int_equal(calendar_set_exception(cal, cal->day_first + cal->n_days, true, "x"),
			 ERR_RANGE);
	/* Many distinct names: each is kept, the same name is shared. */
	for (int i = 0; i < 80; i++) {
		snprintf(name, sizeof(name), "exception %d", i);
		assert_int_equal(calendar_set_exception(cal, ymd(2028, 1, 1) + i, i % 2, name), 0);
	}
	for (int i = 0; i < 80; i++) {
		snprintf(name, sizeof(name), "exception %d", i);
		assert_string_equal(name_of(cal, ymd(2028, 1, 1) + i), name);
		assert_int_equal(working(cal, ymd(2028, 1, 1) + i), i % 2);
	}
	assert_int_equal(calendar_set_exception(cal, ymd(2029, 1, 1), false, "exception 3"), 0);
	assert_ptr_equal(name_of(cal, ymd(2029, 1, 1)), name_of(cal, ymd(2028, 1, 4)));
	/* The sums follow every change. */
	assert_int_equal(calendar_working_days_between(cal, cal->day_first,
						       cal->day_first + cal->n_days, &n1), 0);
	assert_int_equal(n1, naive_between(cal, cal->day_first, cal->day_first + cal->n_days));
}

/* A copy is deep: changing either leaves the other as it was. */
static void test_copy_independent(void **state)
{
	struct calendar *cal = *state;
	struct calendar copy, empty_copy, blank;
	int32_t d = day_of("2026-03-03");

	assert_int_equal(calendar_set_exception(cal, day_of("2026-03-04"), false, "closed"), 0);
	assert_int_equal(calendar_copy(&copy, cal), 0);
	assert_int_equal(calendar_set_exception(&copy, d, false, "copy only"), 0);
	assert_true(working(cal, d));
	assert_false(working(&copy, d));
	assert_int_equal(load_official_2026(cal), 0);
	assert_int_equal(calendar_year_source(&copy, 2026), CALENDAR_DEFAULT);
	assert_true(working(cal, day_of("2026-01-10")));
	assert_false(working(&copy, day_of("2026-01-10")));
	/* The copy keeps its own names. */
	assert_int_equal(calendar_copy(&empty_copy, &copy), 0);
	calendar_release(&copy);
	assert_string_equal(name_of(&empty_copy, d), "copy only");
	assert_string_equal(name_of(&empty_copy, day_of("2026-03-04")), "closed");
	assert_string_equal(name_of(&empty_copy, day_of("2026-02-17")), CALENDAR_NAME_TET);
	calendar_release(&empty_copy);
	/* A calendar without names copies too. */
	memset(&blank, 0, sizeof(blank));
	assert_int_equal(calendar_init(&blank, 2026, 2026), 0);
	for (size_t i = 0; i < blank.n_names; i++)
		free(blank.names[i]);
	blank.n_names = 0;
	memset(blank.name, 0, (size_t)blank.n_days * sizeof(*blank.name));
	assert_int_equal(calendar_copy(&copy, &blank), 0);
	assert_int_equal(copy.n_names, 0);
	assert_null(name_of(&copy, day_of("2026-01-01")));
	assert_int_equal(calendar_set_exception(&copy, day_of("2026-01-05"), false, "named"), 0);
	assert_string_equal(name_of(&copy, day_of("2026-01-05")), "named");
	calendar_release(&copy);
	calendar_release(&blank);
}

static void test_add_working_days(void **state)
{
	static const struct {
		const char *from;
		int32_t n;
		const char *want;
	} cases[] = {
		/* Friday before Tết + 1 is the Monday after it; +3 is Wednesday 25/02. */
		{"2026-02-13", 1, "2026-02-23"},
		{"2026-02-13", 3, "2026-02-25"},
		/* From a day off: still counted strictly after it. */
		{"2026-02-17", 1, "2026-02-23"},
		{"2026-02-21", 2, "2026-02-24"},
		/* n == 0: the first working day on or after the day. */
		{"2026-02-17", 0, "2026-02-23"},
		{"2026-02-12", 0, "2026-02-12"},
		/* Make-up Saturday counts. */
		{"2026-01-09", 1, "2026-01-10"},
	};
	struct calendar *cal = *state;
	int32_t out = 0;

	assert_int_equal(load_official_2026(cal), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(calendar_add_working_days(cal, day_of(cases[i].from), cases[i].n,
							   &out), 0);
		assert_int_equal(out, day_of(cases[i].want));
	}
	/* Negative n. */
	out = 42;
	assert_int_equal(calendar_add_working_days(cal, day_of("2026-02-12"), -1, &out),
			 ERR_INVALID);
	assert_int_equal(out, 42);
	/* The first day of the calendar (a holiday) and the day before it. */
	assert_int_equal(calendar_add_working_days(cal, cal->day_first, 0, &out), 0);
	assert_int_equal(out, day_of("2020-01-02"));
	assert_int_equal(calendar_add_working_days(cal, cal->day_first - 1, 0, &out), ERR_RANGE);
	assert_int_equal(calendar_add_working_days(cal, cal->day_first - 1, 1, &out), ERR_RANGE);
	/* The last day (Tuesday 2030-12-31) and beyond it. */
	assert_int_equal(calendar_add_working_days(cal, day_of("2030-12-30"), 1, &out), 0);
	assert_int_equal(out, day_of("2030-12-31"));
	assert_int_equal(calendar_add_working_days(cal, day_of("2030-12-31"), 0, &out), 0);
	assert_int_equal(out, day_of("2030-12-31"));
	assert_int_equal(calendar_add_working_days(cal, day_of("2030-12-31"), 1, &out), ERR_RANGE);
	assert_int_equal(calendar_add_working_days(cal, day_of("2030-12-30"), 2, &out), ERR_RANGE);
	assert_int_equal(calendar_add_working_days(cal, day_of("2031-01-01"), 0, &out), ERR_RANGE);
	assert_int_equal(calendar_add_working_days(cal, cal->day_first, INT32_MAX, &out), ERR_RANGE);
	/* 2020-01-01 is off, so every working day of the calendar lies after it. */
	assert_int_equal(calendar_add_working_days(cal, cal->day_first, cal->n_work, &out), 0);
	assert_int_equal(out, day_of("2030-12-31"));
	assert_int_equal(calendar_add_working_days(cal, cal->day_first, cal->n_work + 1, &out),
			 ERR_RANGE);
}

static void test_add_working_days_last_day_off(void **state)
{
	struct calendar cal;
	int32_t out;

	(void)state;
	/* 2028-12-31 is a Sunday: nothing on or after it. */
	assert_int_equal(calendar_init(&cal, 2028, 2028), 0);
	assert_int_equal(calendar_add_working_days(&cal, day_of("2028-12-31"), 0, &out), ERR_RANGE);
	assert_int_equal(calendar_next_working_day(&cal, day_of("2028-12-29"), &out), ERR_RANGE);
	assert_int_equal(calendar_next_working_day(&cal, day_of("2028-12-28"), &out), 0);
	assert_int_equal(out, day_of("2028-12-29"));
	calendar_release(&cal);
}

static void test_next_working_day(void **state)
{
	struct calendar *cal = *state;
	int32_t out;

	/* Friday 24/04/2026 → Tuesday 28/04 (Sunday's Hùng Kings moved to Monday). */
	assert_int_equal(calendar_next_working_day(cal, day_of("2026-04-24"), &out), 0);
	assert_int_equal(out, day_of("2026-04-28"));
	/* Wednesday 29/04 → Monday 04/05 (30/4, 1/5, weekend). */
	assert_int_equal(calendar_next_working_day(cal, day_of("2026-04-29"), &out), 0);
	assert_int_equal(out, day_of("2026-05-04"));
	/* An ordinary Monday → Tuesday; Friday → Monday. */
	assert_int_equal(calendar_next_working_day(cal, day_of("2026-03-02"), &out), 0);
	assert_int_equal(out, day_of("2026-03-03"));
	assert_int_equal(calendar_next_working_day(cal, day_of("2026-03-06"), &out), 0);
	assert_int_equal(out, day_of("2026-03-09"));
	assert_int_equal(calendar_next_working_day(cal, day_of("2030-12-31"), &out), ERR_RANGE);
	assert_int_equal(calendar_next_working_day(cal, cal->day_first - 1, &out), ERR_RANGE);
}

static void test_working_days_between(void **state)
{
	struct calendar *cal = *state;
	int32_t end = cal->day_first + cal->n_days, n = 0;

	/* The week of Tết 2026 (default year): Mon 9 … Sun 22 Feb has 5 working days. */
	assert_int_equal(calendar_working_days_between(cal, day_of("2026-02-09"),
						       day_of("2026-02-23"), &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(calendar_working_days_between(cal, day_of("2026-02-23"),
						       day_of("2026-02-09"), &n), 0);
	assert_int_equal(n, -5);
	assert_int_equal(calendar_working_days_between(cal, day_of("2026-03-02"),
						       day_of("2026-03-02"), &n), 0);
	assert_int_equal(n, 0);
	/* [from, to): `to` is excluded. */
	assert_int_equal(calendar_working_days_between(cal, day_of("2026-03-02"),
						       day_of("2026-03-03"), &n), 0);
	assert_int_equal(n, 1);
	/* The whole calendar: `to` may be the day after the last one. */
	assert_int_equal(calendar_working_days_between(cal, cal->day_first, end, &n), 0);
	assert_int_equal(n, cal->n_work);
	assert_int_equal(n, naive_between(cal, cal->day_first, end));
	assert_int_equal(calendar_working_days_between(cal, cal->day_first, end + 1, &n),
			 ERR_RANGE);
	assert_int_equal(calendar_working_days_between(cal, cal->day_first - 1, end, &n),
			 ERR_RANGE);
	assert_int_equal(calendar_working_days_between(cal, end - 1, cal->day_first - 1, &n),
			 ERR_RANGE);
	/* Symmetric: `from` may be that day too (an empty or reversed range). */
	assert_int_equal(calendar_working_days_between(cal, end, end, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(calendar_working_days_between(cal, end, cal->day_first, &n), 0);
	assert_int_equal(n, -cal->n_work);
	assert_int_equal(calendar_working_days_between(cal, end + 1, end, &n), ERR_RANGE);
}

/* calendar_day() and calendar_is_working() at both ends of the calendar. */
static void test_day_range(void **state)
{
	const struct calendar *cal = *state;
	int32_t last = cal->day_first + cal->n_days - 1;
	struct calendar_day cd;
	bool w;

	assert_int_equal(calendar_day(cal, cal->day_first, &cd), 0);
	assert_int_equal(cd.kind, DAY_HOLIDAY);
	assert_int_equal(calendar_day(cal, last, &cd), 0);
	assert_int_equal(cd.kind, DAY_WORKDAY);
	assert_true(cd.working);
	assert_int_equal(calendar_day(cal, cal->day_first - 1, &cd), ERR_RANGE);
	assert_int_equal(calendar_day(cal, last + 1, &cd), ERR_RANGE);
	assert_int_equal(calendar_is_working(cal, cal->day_first - 1, &w), ERR_RANGE);
	assert_int_equal(calendar_is_working(cal, last + 1, &w), ERR_RANGE);
	assert_int_equal(calendar_is_working(cal, last, &w), 0);
	assert_true(w);
	assert_true(calendar_covers(cal, last));
	assert_false(calendar_covers(cal, last + 1));
	assert_false(calendar_covers(cal, cal->day_first - 1));
}

/*
 * Working-day arithmetic against brute force, over random days and spans
 * across the whole calendar, with an official year and unit exceptions.
 */
static void test_oracle_random(void **state)
{
	struct calendar *cal = *state;
	int32_t end = cal->day_first + cal->n_days;

	assert_int_equal(load_official_2026(cal), 0);
	for (int i = 0; i < 40; i++)
		assert_int_equal(calendar_set_exception(cal, cal->day_first + (int32_t)rnd(
								(uint32_t)cal->n_days),
							rnd(2), "random"), 0);
	for (int i = 0; i < 3000; i++) {
		/* Days a little outside the calendar too, to see ERR_RANGE. */
		int32_t day = cal->day_first - 3 + (int32_t)rnd((uint32_t)cal->n_days + 6);
		int32_t n = (int32_t)(i % 10 == 0 ? rnd(3) : rnd(400));
		int32_t got = 0, want = 0, to, between;
		int rc = calendar_add_working_days(cal, day, n, &got);
		int want_rc = calendar_covers(cal, day) ? naive_add(cal, day, n, &want) : ERR_RANGE;

		assert_int_equal(rc, want_rc);
		if (!rc)
			assert_int_equal(got, want);
		rc = calendar_next_working_day(cal, day, &got);
		want_rc = calendar_covers(cal, day) ? naive_add(cal, day, 1, &want) : ERR_RANGE;
		assert_int_equal(rc, want_rc);
		if (!rc)
			assert_int_equal(got, want);
		if (!calendar_covers(cal, day))
			continue;
		to = day + (int32_t)rnd(800) - 400;
		if (to < cal->day_first)
			to = cal->day_first;
		if (to > end)
			to = end;
		assert_int_equal(calendar_working_days_between(cal, day, to, &between), 0);
		assert_int_equal(between, naive_between(cal, day, to));
		/* Adding the count between a working day and a later one lands there. */
		if (to > day && working(cal, day) && to < end && working(cal, to)) {
			assert_int_equal(calendar_add_working_days(cal, day, between, &got), 0);
			assert_int_equal(got, to);
		}
	}
}

/* Names of day kinds: each parses back; anything else is rejected. */
static void test_day_kind_names(void **state)
{
	static const char *const bad[] = {
		"", "Workday", "workday ", " workday", "work", "workdays", "weekend_holiday",
		"unknown",
	};
	enum day_kind k;

	(void)state;
	for (int i = 0; i < DAY_KIND_COUNT; i++) {
		const char *name = day_kind_name((enum day_kind)i);

		assert_string_not_equal(name, "unknown");
		assert_int_equal(day_kind_parse(name, strlen(name), &k), 0);
		assert_int_equal(k, i);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(name, day_kind_name((enum day_kind)j));
	}
	assert_string_equal(day_kind_name(DAY_WORKDAY), "workday");
	assert_string_equal(day_kind_name(DAY_HOLIDAY), "holiday");
	assert_string_equal(day_kind_name(DAY_SUBSTITUTE), "substitute");
	assert_string_equal(day_kind_name(DAY_SWAP), "swap");
	/* The kinds of data/calendar/vn-official-holidays.json parse. */
	assert_int_equal(day_kind_parse("weekend_in_holiday", 18, &k), 0);
	assert_int_equal(k, DAY_WEEKEND_HOLIDAY);
	assert_string_equal(day_kind_name(DAY_KIND_COUNT), "unknown");
	assert_string_equal(day_kind_name((enum day_kind)-1), "unknown");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(day_kind_parse(bad[i], strlen(bad[i]), &k), ERR_INVALID);
	/* Only len bytes are read. */
	assert_int_equal(day_kind_parse("swapXYZ", 4, &k), 0);
	assert_int_equal(k, DAY_SWAP);
	/* Which kinds are working days. */
	for (int i = 0; i < DAY_KIND_COUNT; i++)
		assert_int_equal(day_kind_is_working((enum day_kind)i),
				 i == DAY_WORKDAY || i == DAY_MAKEUP || i == DAY_UNIT_OPEN);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_cal, teardown_cal)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_range),
		T(test_default_days_consistent),
		cmocka_unit_test(test_default_table_shape),
		T(test_default_fixed_holidays),
		T(test_default_tet),
		cmocka_unit_test(test_default_tet_vietnamese_meridian),
		T(test_default_hung_kings),
		T(test_default_national_day),
		T(test_default_substitutes_after_run),
		T(test_default_matches_official_2023),
		cmocka_unit_test(test_default_matches_official_minus_swaps),
		T(test_official_2026_equals_default_plus_swaps),
		T(test_set_year_official),
		T(test_set_year_replaces),
		T(test_set_year_rejects),
		T(test_set_exception),
		T(test_copy_independent),
		T(test_add_working_days),
		cmocka_unit_test(test_add_working_days_last_day_off),
		T(test_next_working_day),
		T(test_working_days_between),
		T(test_day_range),
		T(test_oracle_random),
		cmocka_unit_test(test_day_kind_names),
	};

	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
