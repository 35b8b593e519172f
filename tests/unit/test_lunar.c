/*
 * Tests of core/lunar: the Vietnamese lunar calendar of R-CAL-3 (Hồ Ngọc
 * Đức's algorithm for 105°E, UTC+7), against published dates, a table from
 * a second implementation, and every day of the supported range.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"
#include "core/lunar.h"

#include "testutil.h"

/* The committed table has about 4,000 rows; far fewer means it was cut. */
#define TABLE_ROWS_MIN 500
#define TABLE_LINE_BYTES_MAX 128
#define TABLE_YEAR_FIRST 1950
#define TABLE_YEAR_LAST 2100

static struct lunar_date lunar(int day, int month, int year, bool leap)
{
	return (struct lunar_date){.day = day, .month = month, .year = year, .leap = leap};
}

/* Checks that solar date s and lunar date want convert both ways. */
static void assert_pair(const char *s, struct lunar_date want)
{
	struct lunar_date got;
	int32_t day = 0;

	assert_int_equal(lunar_from_day(day_of(s), &got), 0);
	if (got.day != want.day || got.month != want.month || got.year != want.year ||
	    got.leap != want.leap)
		fail_msg("%s: got %d/%d/%d%s, want %d/%d/%d%s", s, got.day, got.month,
			 got.year, got.leap ? " leap" : "", want.day, want.month, want.year,
			 want.leap ? " leap" : "");
	assert_int_equal(lunar_to_day(want, &day), 0);
	assert_int_equal(day, day_of(s));
}

/* R-CAL-3: the published dates, UTC+7 and not the Chinese UTC+8 calendar. */
static void test_published_fixtures(void **state)
{
	(void)state;
	/* Tết (1/1). 1985 and 2007 are where Vietnam and China differ. */
	assert_pair("1985-01-21", lunar(1, 1, 1985, false));
	assert_pair("2007-02-17", lunar(1, 1, 2007, false));
	assert_pair("2023-01-22", lunar(1, 1, 2023, false));
	assert_pair("2024-02-10", lunar(1, 1, 2024, false));
	assert_pair("2025-01-29", lunar(1, 1, 2025, false));
	assert_pair("2026-02-17", lunar(1, 1, 2026, false));
	assert_pair("2030-02-02", lunar(1, 1, 2030, false));
	/* Tết Mậu Thân in the North, the first under the UTC+7 calendar. */
	assert_pair("1968-01-29", lunar(1, 1, 1968, false));
	/* 2023 had a leap second month; 2025 a leap sixth. */
	assert_pair("2023-03-23", lunar(2, 2, 2023, true));
	assert_int_equal(lunar_leap_month(2023), 2);
	assert_pair("2025-07-25", lunar(1, 6, 2025, true));
	assert_int_equal(lunar_leap_month(2025), 6);
	assert_int_equal(lunar_leap_month(2024), 0);
	/* Hùng Kings day, 10/3 lunar, a holiday of R-CAL-1. */
	assert_pair("2024-04-18", lunar(10, 3, 2024, false));
	assert_pair("2025-04-07", lunar(10, 3, 2025, false));
	/* A leap 11th month, after month 11 of 2033, belongs to lunar 2033. */
	assert_pair("2033-12-22", lunar(1, 11, 2033, true));
	assert_int_equal(lunar_leap_month(2033), 11);
	assert_int_equal(lunar_leap_month(2034), 0);
}

/*
 * The published convertSolar2Lunar tries only two candidate new moons and
 * answers "day 0" on these days; ours searches until it finds the month.
 */
static void test_month_start_search(void **state)
{
	(void)state;
	assert_pair("2054-05-07", lunar(30, 3, 2054, false));
	assert_pair("2054-05-08", lunar(1, 4, 2054, false));
	assert_pair("2062-04-09", lunar(30, 2, 2062, false));
	assert_pair("2062-04-10", lunar(1, 3, 2062, false));
}

/* Reads a decimal int at *p and the separator sep after it; advances. */
static bool take_int(const char **p, char sep, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(*p, &end, 10);
	if (end == *p || errno || v < INT_MIN || v > INT_MAX || *end != sep)
		return false;
	*out = (int)v;
	*p = end + 1;
	return true;
}

/* Parses "YYYY-MM-DD,day,month,year,leap\n". */
static bool parse_row(const char *line, int32_t *day, struct lunar_date *ld)
{
	const char *p = line + 11;
	int leap;

	if (strlen(line) < 11 || line[10] != ',' || date_parse(line, 10, day))
		return false;
	if (!take_int(&p, ',', &ld->day) || !take_int(&p, ',', &ld->month) ||
	    !take_int(&p, ',', &ld->year) || !take_int(&p, '\n', &leap) || leap < 0 ||
	    leap > 1)
		return false;
	ld->leap = leap;
	return true;
}

/* Checks one table row both ways; notes its leap month in leap_of. */
static void check_row(const char *line, int leap_of[])
{
	struct lunar_date want, got;
	int32_t day, back = 0;

	if (!parse_row(line, &day, &want))
		fail_msg("bad row: %s", line);
	assert_int_equal(lunar_from_day(day, &got), 0);
	if (got.day != want.day || got.month != want.month || got.year != want.year ||
	    got.leap != want.leap)
		fail_msg("solar to lunar differs from the table: %s", line);
	assert_int_equal(lunar_to_day(want, &back), 0);
	if (back != day)
		fail_msg("lunar to solar differs from the table: %s", line);
	if (want.leap && want.year >= TABLE_YEAR_FIRST && want.year <= TABLE_YEAR_LAST)
		leap_of[want.year - TABLE_YEAR_FIRST] = want.month;
}

/*
 * R-CAL-3 against tests/data/lunar_table.csv: every lunar month start from
 * 1950 to 2100 (so every Tết and leap month), the day before each, and every
 * 97th day, computed once by a second implementation (tools/gen_lunar_table.mjs).
 */
static void test_table(void **state)
{
	int leap_of[TABLE_YEAR_LAST - TABLE_YEAR_FIRST + 1] = {0};
	const char *dir = getenv("MOTCUA_TEST_DATA");
	char path[4096], line[TABLE_LINE_BYTES_MAX];
	int rows = 0;
	FILE *f;

	(void)state;
	assert_non_null(dir);
	assert_true(snprintf(path, sizeof(path), "%s/lunar_table.csv", dir) < (int)sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f)); /* the header */
	assert_int_equal(strncmp(line, "solar,", 6), 0);
	while (fgets(line, sizeof(line), f)) {
		check_row(line, leap_of);
		rows++;
	}
	fclose(f);
	assert_true(rows >= TABLE_ROWS_MIN);
	/* The table has every month start, so it names every leap month. */
	for (int y = TABLE_YEAR_FIRST; y < TABLE_YEAR_LAST; y++)
		assert_int_equal(lunar_leap_month(y), leap_of[y - TABLE_YEAR_FIRST]);
}

/* Whether b is the lunar month right after a's month (a is its last day). */
static bool is_next_month(struct lunar_date a, struct lunar_date b)
{
	if (b.day != 1 || (a.day != 29 && a.day != 30))
		return false;
	if (b.leap)
		return !a.leap && b.month == a.month && b.year == a.year;
	if (a.month == 12)
		return b.month == 1 && b.year == a.year + 1;
	return b.month == a.month + 1 && b.year == a.year;
}

/* Every supported day converts back to itself and follows the one before. */
static void test_every_day(void **state)
{
	int32_t first = day_of("1900-01-01"), last = day_of("2199-12-31");
	struct lunar_date prev = {0}, cur;

	(void)state;
	for (int32_t d = first; d <= last; d++) {
		int32_t back = 0;

		assert_int_equal(lunar_from_day(d, &cur), 0);
		assert_true(cur.day >= 1 && cur.day <= 30);
		assert_true(cur.month >= 1 && cur.month <= 12);
		assert_int_equal(lunar_to_day(cur, &back), 0);
		assert_int_equal(back, d);
		if (cur.leap)
			assert_int_equal(lunar_leap_month(cur.year), cur.month);
		if (d > first && !(cur.day == prev.day + 1 && cur.month == prev.month &&
				   cur.year == prev.year && cur.leap == prev.leap) &&
		    !is_next_month(prev, cur))
			fail_msg("day %" PRId32 " does not follow the day before", d);
		prev = cur;
	}
}

static void test_range(void **state)
{
	struct lunar_date ld;
	int32_t day = 0;

	(void)state;
	assert_int_equal(lunar_from_day(day_of("1899-12-31"), &ld), ERR_RANGE);
	assert_int_equal(lunar_from_day(day_of("2200-01-01"), &ld), ERR_RANGE);
	assert_int_equal(lunar_from_day(INT32_MIN, &ld), ERR_RANGE);
	assert_int_equal(lunar_from_day(INT32_MAX, &ld), ERR_RANGE);
	/* Both ends of the range convert, 1900-01-01 in lunar 1899. */
	assert_pair("1900-01-01", lunar(1, 12, 1899, false));
	assert_pair("2199-12-31", lunar(14, 11, 2199, false));
	/* Lunar dates whose solar day is outside the range. */
	assert_int_equal(lunar_to_day(lunar(29, 11, 1899, false), &day), ERR_RANGE);
	assert_int_equal(lunar_to_day(lunar(1, 1, 1899, false), &day), ERR_RANGE);
	assert_int_equal(lunar_to_day(lunar(1, 1, 1898, false), &day), ERR_RANGE);
	assert_int_equal(lunar_to_day(lunar(15, 11, 2199, false), &day), ERR_RANGE);
	assert_int_equal(lunar_to_day(lunar(1, 1, 2200, false), &day), ERR_RANGE);
	assert_int_equal(lunar_to_day(lunar(1, 1, INT_MIN, false), &day), ERR_RANGE);
	assert_int_equal(lunar_to_day(lunar(1, 1, INT_MAX, false), &day), ERR_RANGE);
	assert_int_equal(lunar_leap_month(1899), ERR_RANGE);
	assert_int_equal(lunar_leap_month(2200), ERR_RANGE);
	assert_int_equal(lunar_leap_month(INT_MIN), ERR_RANGE);
	assert_int_equal(lunar_leap_month(1900), 8);
	assert_int_equal(lunar_leap_month(2199), 6);
}

static void test_invalid(void **state)
{
	static const struct lunar_date bad[] = {
		{.day = 0, .month = 1, .year = 2024},
		{.day = 31, .month = 1, .year = 2024},
		{.day = -1, .month = 1, .year = 2024},
		{.day = 1, .month = 0, .year = 2024},
		{.day = 1, .month = 13, .year = 2024},
		{.day = 1, .month = -12, .year = 2024},
		/* A leap flag where the year has no leap month, or another one. */
		{.day = 1, .month = 1, .year = 2024, .leap = true},
		{.day = 1, .month = 3, .year = 2023, .leap = true},
		{.day = 1, .month = 11, .year = 2023, .leap = true},
		/* Day 30 of 29-day months: 1/2024 and the leap 2/2023. */
		{.day = 30, .month = 1, .year = 2024},
		{.day = 30, .month = 2, .year = 2023, .leap = true},
		/* Bad fields are invalid before any range question. */
		{.day = 0, .month = 1, .year = 1000},
	};
	int32_t day = 12345;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(lunar_to_day(bad[i], &day), ERR_INVALID_DATE);
		assert_int_equal(day, 12345); /* untouched on error */
	}
	/* Their valid neighbours. */
	assert_int_equal(lunar_to_day(lunar(29, 1, 2024, false), &day), 0);
	assert_int_equal(day, day_of("2024-03-09"));
	assert_int_equal(lunar_to_day(lunar(29, 2, 2023, true), &day), 0);
	assert_int_equal(day, day_of("2023-04-19"));
	assert_int_equal(lunar_to_day(lunar(30, 2, 2024, false), &day), 0);
	assert_int_equal(day, day_of("2024-04-08"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published_fixtures),
		cmocka_unit_test(test_month_start_search),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests_name("lunar", tests, NULL, NULL);
}
