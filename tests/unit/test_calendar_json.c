/*
 * Tests of data/calendar_json: official tables from JSON (R-CAL-2), the
 * shipped file (data/calendar/, from the government's announcements) and
 * the one-year shape of PUT /api/v1/calendar/years/{year}.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"
#include "data/calendar_json.h"

#include "testutil.h"

static bool working(const struct calendar *cal, const char *date)
{
	bool w = false;

	assert_int_equal(calendar_is_working(cal, day_of(date), &w), 0);
	return w;
}

static void test_shipped_tables(void **state)
{
	struct calendar cal;
	char why[CALENDAR_JSON_WHY_SIZE];
	struct calendar_day info;

	(void)state;
	assert_int_equal(calendar_json_open_shipped(&cal, why), 0);
	for (int y = 2023; y <= 2026; y++)
		assert_int_equal(calendar_year_source(&cal, y), CALENDAR_OFFICIAL);
	assert_int_equal(calendar_year_source(&cal, 2027), CALENDAR_DEFAULT);
	assert_int_equal(calendar_year_source(&cal, 2022), CALENDAR_DEFAULT);
	/* 2026: Tết 16–20/02 on weekdays; make-up Saturdays 10/01 and 22/08. */
	for (int d = 16; d <= 20; d++) {
		char date[11];

		snprintf(date, sizeof(date), "2026-02-%02d", d);
		assert_false(working(&cal, date));
	}
	assert_true(working(&cal, "2026-02-23"));
	assert_true(working(&cal, "2026-01-10"));
	assert_true(working(&cal, "2026-08-22"));
	assert_false(working(&cal, "2026-01-02")); /* swapped */
	assert_false(working(&cal, "2026-08-31")); /* swapped */
	assert_int_equal(calendar_day(&cal, day_of("2026-01-02"), &info), 0);
	assert_int_equal(info.kind, DAY_SWAP);
	assert_int_equal(calendar_day(&cal, day_of("2026-04-27"), &info), 0);
	assert_int_equal(info.kind, DAY_SUBSTITUTE);
	assert_non_null(info.name);
	assert_non_null(strstr(info.name, "Giỗ Tổ"));
	/* 24/11/2026 is not confirmed as a day off (data/README): it is worked. */
	assert_true(working(&cal, "2026-11-24"));
	/* 2024 make-up Saturday 04/05 (Thông báo 1570/TB-BLĐTBXH). */
	assert_true(working(&cal, "2024-05-04"));
	assert_false(working(&cal, "2024-04-29"));
	calendar_release(&cal);
}

static void test_one_year_shape(void **state)
{
	static const char body[] =
		"{\"days_off\":[{\"date\":\"2027-02-05\",\"name\":\"Tết\"},"
		"{\"date\":\"2027-02-06\",\"name\":\"Tết\"},"
		"{\"date\":\"2027-02-08\",\"name\":\"Nghỉ bù\",\"kind\":\"substitute\"}],"
		"\"working_weekend_days\":[{\"date\":\"2027-02-20\",\"name\":\"Làm bù\"}]}";
	struct calendar cal;
	struct calendar_day info;
	char why[CALENDAR_JSON_WHY_SIZE];

	(void)state;
	assert_int_equal(calendar_init(&cal, 2026, 2028), 0);
	assert_int_equal(calendar_json_load_year(&cal, 2027, body, strlen(body), why), 0);
	assert_int_equal(calendar_year_source(&cal, 2027), CALENDAR_OFFICIAL);
	assert_int_equal(calendar_day(&cal, day_of("2027-02-05"), &info), 0);
	assert_int_equal(info.kind, DAY_HOLIDAY);
	assert_false(info.working);
	/* Without "kind", a weekend day off is a weekend inside a holiday. */
	assert_int_equal(calendar_day(&cal, day_of("2027-02-06"), &info), 0);
	assert_int_equal(info.kind, DAY_WEEKEND_HOLIDAY);
	assert_int_equal(calendar_day(&cal, day_of("2027-02-08"), &info), 0);
	assert_int_equal(info.kind, DAY_SUBSTITUTE);
	assert_int_equal(calendar_day(&cal, day_of("2027-02-20"), &info), 0);
	assert_int_equal(info.kind, DAY_MAKEUP);
	assert_true(info.working);
	assert_string_equal(info.name, "Làm bù");
	/* The default holidays of 2027 are gone: the table replaces the year. */
	assert_true(working(&cal, "2027-02-09"));
	calendar_release(&cal);
}

/* Bad input gets a clear error and changes nothing. */
static void test_rejects(void **state)
{
	static const struct {
		const char *body;
		int rc;
		const char *why;
	} bad[] = {
		{"", ERR_INVALID, "JSON error"},
		{"[1]", ERR_INVALID, "top level"},
		{"{\"days_off\":[],\"days_off\":[]}", ERR_INVALID, "duplicate"},
		{"{\"days_off\":{}}", ERR_INVALID, "array"},
		{"{\"days_off\":[{\"name\":\"x\"}]}", ERR_INVALID, "date"},
		{"{\"days_off\":[{\"date\":\"2027-02-30\"}]}", ERR_INVALID, "bad date"},
		{"{\"days_off\":[{\"date\":\"2027-02-03\",\"name\":5}]}", ERR_INVALID, "name"},
		{"{\"days_off\":[{\"date\":\"2027-02-03\",\"kind\":\"party\"}]}", ERR_INVALID, "kind"},
		{"{\"days_off\":[{\"date\":\"2028-02-03\"}]}", ERR_INVALID, "outside the year"},
		{"{\"working_weekend_days\":[{\"date\":\"2027-02-03\"}]}", ERR_INVALID, "weekend"},
		{"{\"days_off\":[{\"date\":\"2027-02-03\",\"kind\":\"workday\"}]}", ERR_INVALID, ""},
	};
	struct calendar cal;
	char why[CALENDAR_JSON_WHY_SIZE];

	(void)state;
	assert_int_equal(calendar_init(&cal, 2026, 2028), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = calendar_json_load_year(&cal, 2027, bad[i].body, strlen(bad[i].body), why);

		assert_int_equal(rc, bad[i].rc);
		assert_non_null(strstr(why, bad[i].why));
		assert_int_equal(calendar_year_source(&cal, 2027), CALENDAR_DEFAULT);
	}
	assert_true(working(&cal, "2027-02-03"));
	/* A year the calendar does not cover. */
	assert_int_equal(calendar_json_load_year(&cal, 2030, "{}", 2, why), ERR_RANGE);
	assert_non_null(strstr(why, "outside the calendar"));
	calendar_release(&cal);
}

/* Limits: text size, entries per list, name length, each at the boundary. */
static void test_limits(void **state)
{
	struct calendar cal;
	char why[CALENDAR_JSON_WHY_SIZE];
	size_t big = CALENDAR_JSON_BYTES_MAX + 1;
	char *text = malloc(big + 1);
	char name[CALENDAR_JSON_NAME_MAX + 64];
	char body[2 * CALENDAR_JSON_NAME_MAX + 128];

	(void)state;
	assert_non_null(text);
	assert_int_equal(calendar_init(&cal, 2026, 2028), 0);
	memset(text, ' ', big);
	memcpy(text, "{}", 2);
	text[big] = '\0';
	assert_int_equal(calendar_json_load_file(&cal, text, big, why), ERR_TOO_LARGE);
	assert_int_equal(calendar_json_load_year(&cal, 2027, text, big, why), ERR_TOO_LARGE);
	assert_int_equal(calendar_json_load_file(&cal, text, big - 1, why), 0);
	free(text);

	memset(name, 'a', CALENDAR_JSON_NAME_MAX);
	name[CALENDAR_JSON_NAME_MAX] = '\0';
	snprintf(body, sizeof(body), "{\"days_off\":[{\"date\":\"2027-02-03\",\"name\":\"%s\"}]}",
		 name);
	assert_int_equal(calendar_json_load_year(&cal, 2027, body, strlen(body), why), 0);
	snprintf(body, sizeof(body), "{\"days_off\":[{\"date\":\"2027-02-03\",\"name\":\"%sb\"}]}",
		 name);
	assert_int_equal(calendar_json_load_year(&cal, 2027, body, strlen(body), why), ERR_INVALID);
	calendar_release(&cal);
}

static void test_entry_limit(void **state)
{
	size_t cap = 64 + (size_t)(CALENDAR_JSON_ENTRIES_MAX + 1) * 24;
	char *body = malloc(cap);
	struct calendar cal;
	char why[CALENDAR_JSON_WHY_SIZE];
	size_t len;

	(void)state;
	assert_non_null(body);
	assert_int_equal(calendar_init(&cal, 2026, 2028), 0);
	for (int n = CALENDAR_JSON_ENTRIES_MAX; n <= CALENDAR_JSON_ENTRIES_MAX + 1; n++) {
		len = (size_t)snprintf(body, cap, "{\"days_off\":[");
		for (int i = 0; i < n; i++) {
			struct ymd d = date_from_days(day_of("2027-01-01") + i % 365);

			len += (size_t)snprintf(body + len, cap - len, "%s{\"date\":\"%04d-%02d-%02d\"}",
						i ? "," : "", d.year, d.month, d.day);
		}
		len += (size_t)snprintf(body + len, cap - len, "]}");
		assert_int_equal(calendar_json_load_year(&cal, 2027, body, len, why),
				 n <= CALENDAR_JSON_ENTRIES_MAX ? 0 : ERR_INVALID);
	}
	free(body);
	calendar_release(&cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_tables),
		cmocka_unit_test(test_one_year_shape),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_entry_limit),
	};

	return cmocka_run_group_tests_name("calendar_json", tests, NULL, NULL);
}
