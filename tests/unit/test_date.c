/* Tests of core/date: civil dates, weekdays, local (UTC+7) time, ISO 8601. */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"

#include "testutil.h"

static void test_days_roundtrip(void **state)
{
	(void)state;
	assert_int_equal(date_to_days((struct ymd){1970, 1, 1}), 0);
	assert_int_equal(date_to_days((struct ymd){2000, 3, 1}), 11017);
	assert_int_equal(date_to_days((struct ymd){1900, 1, 1}), -25567);
	for (int32_t d = -200000; d <= 200000; d += 7) {
		struct ymd c = date_from_days(d);

		assert_true(date_valid(c));
		assert_int_equal(date_to_days(c), d);
	}
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 4);                      /* Thursday */
	assert_int_equal(date_weekday(day_of("2026-02-13")), 5);   /* Friday */
	assert_int_equal(date_weekday(day_of("2026-01-10")), 6);   /* make-up Saturday */
	assert_int_equal(date_weekday(day_of("1900-01-01")), 1);   /* Monday */
	assert_true(date_is_weekend(day_of("2026-04-26")));        /* Sunday */
	assert_false(date_is_weekend(day_of("2026-04-27")));
}

static void test_month_length(void **state)
{
	(void)state;
	assert_int_equal(date_month_length(2024, 2), 29);
	assert_int_equal(date_month_length(2100, 2), 28);
	assert_int_equal(date_month_length(2000, 2), 29);
	assert_int_equal(date_month_length(2026, 4), 30);
	assert_int_equal(date_month_length(2026, 13), 0);
	assert_int_equal(date_month_length(2026, 0), 0);
}

static void test_date_parse_rejects(void **state)
{
	static const char *bad[] = {
		"", "2026-2-13", "2026-02-30", "2026-13-01", "2026-00-10", "20260213",
		"2026-02-13x", "2026-02-1", "abcd-ef-gh", "2025-02-29", "0000-01-01",
	};
	int32_t d;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(date_parse(bad[i], strlen(bad[i]), &d), ERR_INVALID_DATE);
	assert_int_equal(date_parse("2024-02-29", 10, &d), 0);
	/* Only len bytes are read: the tail is not part of the date. */
	assert_int_equal(date_parse("2024-02-29T10", 10, &d), 0);
}

static void test_date_format(void **state)
{
	char buf[11];

	(void)state;
	date_format(day_of("2030-02-02"), buf);
	assert_string_equal(buf, "2030-02-02");
	date_format(day_of("0001-01-01"), buf);
	assert_string_equal(buf, "0001-01-01");
}

static void test_local_time(void **state)
{
	int64_t t;

	(void)state;
	/* 2026-02-13T00:30+07:00 is still 2026-02-12 in UTC but the 13th locally. */
	assert_int_equal(instant_parse("2026-02-12T17:30:00Z", 20, &t), 0);
	assert_int_equal(date_local_day(t), day_of("2026-02-13"));
	assert_int_equal(date_local_seconds(t), 30 * 60);
	assert_int_equal(date_local_instant(day_of("2026-02-13"), 1800), t);
	/* Before 1970 the floor division must still hold. */
	assert_int_equal(instant_parse("1960-06-01T06:59:59+07:00", 25, &t), 0);
	assert_int_equal(date_local_seconds(t), 6 * 3600 + 59 * 60 + 59);
	assert_int_equal(date_local_day(t), day_of("1960-06-01"));
}

static void test_instant_parse_forms(void **state)
{
	int64_t a, b;

	(void)state;
	assert_int_equal(instant_parse("2026-02-13T10:00:00+07:00", 25, &a), 0);
	assert_int_equal(instant_parse("2026-02-13T03:00:00Z", 20, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(instant_parse("2026-02-13T10:00+0700", 21, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(instant_parse("2026-02-13T10:00:00.123+07:00", 29, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(instant_parse("2026-02-13T02:00:00-01:00", 25, &b), 0);
	assert_int_equal(a, b);
	/* A bare date is local midnight. */
	assert_int_equal(instant_parse("2026-02-13", 10, &b), 0);
	assert_int_equal(a - b, 10 * 3600);
}

static void test_instant_parse_rejects(void **state)
{
	static const char *bad[] = {
		"2026-02-13T", "2026-02-13T10", "2026-02-13T24:00:00Z", "2026-02-13T10:60Z",
		"2026-02-13T10:00:61Z", "2026-02-13T10:00:00", "2026-02-13T10:00:00+7",
		"2026-02-13T10:00:00+15:00", "2026-02-13 10:00:00Z", "2026-02-13T10:00:00.Z",
		"2026-02-13T10:00:00Zjunk", "2026-02-13T10:00:00+07:60",
	};
	int64_t t;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = instant_parse(bad[i], strlen(bad[i]), &t);

		assert_int_equal(rc, ERR_INVALID_TIME);
	}
	assert_int_equal(instant_parse("2026-02-30T10:00:00Z", 20, &t), ERR_INVALID_DATE);
	/* Regression (fuzz_text): the local date would be year 0 or 10000. */
	assert_int_equal(instant_parse("0001-01-01T00:00:00+14:00", 25, &t), ERR_INVALID_TIME);
	assert_int_equal(instant_parse("9999-12-31T23:00:00-14:00", 25, &t), ERR_INVALID_TIME);
	assert_int_equal(instant_parse("0001-01-01T00:00:00+07:00", 25, &t), 0);
	assert_int_equal(instant_parse("9999-12-31T23:59:59+07:00", 25, &t), 0);
}

static void test_instant_format(void **state)
{
	char buf[INSTANT_TEXT_SIZE];
	int64_t t;

	(void)state;
	assert_int_equal(instant_parse("2026-02-25T10:00:00Z", 20, &t), 0);
	instant_format(t, buf);
	assert_string_equal(buf, "2026-02-25T17:00:00+07:00");
	instant_format(0, buf);
	assert_string_equal(buf, "1970-01-01T07:00:00+07:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_roundtrip),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_month_length),
		cmocka_unit_test(test_date_parse_rejects),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_local_time),
		cmocka_unit_test(test_instant_parse_forms),
		cmocka_unit_test(test_instant_parse_rejects),
		cmocka_unit_test(test_instant_format),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
