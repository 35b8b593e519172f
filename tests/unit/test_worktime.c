/*
 * Tests of core/worktime: office hours, durations, working time as
 * positions, reception days and due times (R-CAL-4), checked against
 * brute-force loops that walk the clock minute by minute or second by second.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/worktime.h"

#include "testutil.h"

static bool is_working_day(const struct worktime *wt, int32_t day)
{
	bool w = false;

	assert_int_equal(calendar_is_working(wt->cal, day, &w), 0);
	return w;
}

/* Whether the second starting at t is office time. */
static bool office_second(const struct worktime *wt, int64_t t)
{
	int32_t sec = date_local_seconds(t);

	if (!is_working_day(wt, date_local_day(t)))
		return false;
	for (int i = 0; i < wt->hours->n_spans; i++)
		if (sec >= wt->hours->span[i].start_s && sec < wt->hours->span[i].end_s)
			return true;
	return false;
}

/* Brute force: office seconds in [from, to), stepping `step` (60 or 1) seconds. */
static int64_t naive_between(const struct worktime *wt, int64_t from, int64_t to, int step)
{
	int64_t n = 0;

	for (int64_t t = from; t < to; t += step)
		n += office_second(wt, t) ? step : 0;
	return n;
}

/* Brute force: the end of the minute in which `s` (> 0) office seconds are reached. */
static int64_t naive_add(const struct worktime *wt, int64_t t, int64_t s)
{
	for (;; t += MIN_S) {
		if (office_second(wt, t))
			s -= MIN_S;
		if (s <= 0)
			return t + MIN_S;
	}
}

/* Brute force for R-CAL-4: the reception day of something received at t. */
static int32_t naive_reception(const struct worktime *wt, int64_t t)
{
	int32_t d = date_local_day(t);

	if (is_working_day(wt, d) && date_local_seconds(t) < wt->hours->cutoff_s)
		return d;
	for (d++; !is_working_day(wt, d); d++)
		;
	return d;
}

/* A random instant between 2020-02 and 2030-10, on a minute when `minute`. */
static int64_t random_instant(bool minute)
{
	int64_t t = at("2020-02-01T00:00:00+07:00") + (int64_t)rnd(3800) * DATE_DAY_S;

	t += minute ? (int64_t)rnd(24 * 60) * MIN_S : (int64_t)rnd(DATE_DAY_S);
	return t;
}

static void test_office_hours_default(void **state)
{
	struct office_hours oh;

	(void)state;
	memset(&oh, 0x5a, sizeof(oh));
	office_hours_default(&oh);
	assert_int_equal(oh.n_spans, 2);
	assert_int_equal(oh.span[0].start_s, 7 * HOUR_S + 30 * MIN_S);
	assert_int_equal(oh.span[0].end_s, 11 * HOUR_S + 30 * MIN_S);
	assert_int_equal(oh.span[1].start_s, 13 * HOUR_S + 30 * MIN_S);
	assert_int_equal(oh.span[1].end_s, 17 * HOUR_S);
	assert_int_equal(oh.cutoff_s, 15 * HOUR_S);
	assert_int_equal(office_hours_day_s(&oh), 7 * HOUR_S + 30 * MIN_S);
	assert_int_equal(office_hours_validate(&oh), 0);
}

static void test_office_hours_validate(void **state)
{
	struct office_hours oh, good;

	(void)state;
	office_hours_default(&good);
	oh = good;
	oh.n_spans = 0;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh.n_spans = -1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh.n_spans = OFFICE_SPANS_MAX + 1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	/* Empty and reversed spans. */
	oh = good;
	oh.span[1].end_s = oh.span[1].start_s;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh.span[1].end_s = oh.span[1].start_s - 1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	/* Overlapping and out of order. */
	oh = good;
	oh.span[1].start_s = oh.span[0].end_s - 1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh = good;
	oh.span[0] = good.span[1];
	oh.span[1] = good.span[0];
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	/* Touching spans are fine. */
	oh = good;
	oh.span[1].start_s = oh.span[0].end_s;
	assert_int_equal(office_hours_validate(&oh), 0);
	/* Within the day: 00:00 to 24:00 at the most. */
	oh = good;
	oh.span[0].start_s = -1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh = good;
	oh.span[1].end_s = DATE_DAY_S + 1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh.span[1].end_s = DATE_DAY_S;
	assert_int_equal(office_hours_validate(&oh), 0);
	oh.span[0].start_s = 0;
	assert_int_equal(office_hours_validate(&oh), 0);
	/* The cut-off within the day. */
	oh = good;
	oh.cutoff_s = -1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh.cutoff_s = DATE_DAY_S + 1;
	assert_int_equal(office_hours_validate(&oh), ERR_INVALID);
	oh.cutoff_s = DATE_DAY_S;
	assert_int_equal(office_hours_validate(&oh), 0);
	oh.cutoff_s = 0;
	assert_int_equal(office_hours_validate(&oh), 0);
	/* Four spans are the most. */
	oh.n_spans = OFFICE_SPANS_MAX;
	for (int i = 0; i < OFFICE_SPANS_MAX; i++) {
		oh.span[i].start_s = (8 + 2 * i) * HOUR_S;
		oh.span[i].end_s = (9 + 2 * i) * HOUR_S;
	}
	assert_int_equal(office_hours_validate(&oh), 0);
	assert_int_equal(office_hours_day_s(&oh), 4 * HOUR_S);
}

static int parse(const char *s, struct office_hours *oh)
{
	return office_hours_parse(s, strlen(s), oh);
}

static void test_office_hours_parse(void **state)
{
	struct office_hours oh, def;

	(void)state;
	office_hours_default(&def);
	memset(&oh, 0, sizeof(oh));
	oh.cutoff_s = 15 * HOUR_S;
	assert_int_equal(parse("07:30-11:30,13:30-17:00", &oh), 0);
	assert_memory_equal(&oh, &def, sizeof(oh));
	/* The cut-off is kept. */
	oh.cutoff_s = 14 * HOUR_S;
	assert_int_equal(parse("08:00-12:00,13:00-17:30", &oh), 0);
	assert_int_equal(oh.n_spans, 2);
	assert_int_equal(oh.span[0].start_s, 8 * HOUR_S);
	assert_int_equal(oh.span[1].end_s, 17 * HOUR_S + 30 * MIN_S);
	assert_int_equal(oh.cutoff_s, 14 * HOUR_S);
	assert_int_equal(office_hours_day_s(&oh), 8 * HOUR_S + 30 * MIN_S);
	/* Boundaries: the whole day, one span, four spans, touching spans. */
	assert_int_equal(parse("00:00-24:00", &oh), 0);
	assert_int_equal(oh.n_spans, 1);
	assert_int_equal(oh.span[0].start_s, 0);
	assert_int_equal(oh.span[0].end_s, DATE_DAY_S);
	assert_int_equal(parse("06:00-07:00,08:00-09:00,10:00-11:00,12:00-23:59", &oh), 0);
	assert_int_equal(oh.n_spans, 4);
	assert_int_equal(oh.span[3].end_s, 23 * HOUR_S + 59 * MIN_S);
	assert_int_equal(parse("07:00-12:00,12:00-17:00", &oh), 0);
	assert_int_equal(oh.n_spans, 2);
	/* Only len bytes are read. */
	assert_int_equal(office_hours_parse("07:30-11:30junk", 11, &oh), 0);
	assert_int_equal(oh.n_spans, 1);
	assert_int_equal(oh.span[0].end_s, 11 * HOUR_S + 30 * MIN_S);
}

static void test_office_hours_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"",
		"07:30",
		"07:30-",
		"-11:30",
		"7:30-11:30",
		"07:3-11:30",
		"07:30-11:30,",
		",07:30-11:30",
		"07:30-11:30,,13:30-17:00",
		"07:30-11:30;13:30-17:00",
		"07:30 - 11:30",
		"07:30-11:30 ",
		"07.30-11.30",
		"ab:cd-ef:gh",
		"07:30-24:01",
		"07:30-25:00",
		"07:60-08:00",
		"24:00-24:00",
		"11:30-07:30",
		"08:00-08:00",
		"07:00-12:00,11:00-13:00",
		"13:30-17:00,07:30-11:30",
		"06:00-07:00,08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00",
		"07:30-11:30x",
		"07:30~11:30",
		"+7:30-11:30",
	};
	struct office_hours oh, before;

	(void)state;
	office_hours_default(&oh);
	oh.cutoff_s = 12345;
	before = oh;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = parse(bad[i], &oh);

		if (rc != ERR_INVALID)
			fail_msg("\"%s\": %d", bad[i], rc);
		/* *oh changes only on success. */
		assert_memory_equal(&oh, &before, sizeof(oh));
	}
}

/* The text limit, at its boundary: longer text is too large, whatever it says. */
static void test_office_hours_parse_limit(void **state)
{
	char text[OFFICE_HOURS_TEXT_MAX + 2];
	struct office_hours oh, before;

	(void)state;
	office_hours_default(&oh);
	before = oh;
	/* Four spans with padding that is not a span: exactly the limit is parsed. */
	memset(text, '0', sizeof(text));
	memcpy(text, "06:00-07:00,08:00-09:00,10:00-11:00,12:00-13:00", 47);
	assert_int_equal(office_hours_parse(text, OFFICE_HOURS_TEXT_MAX, &oh), ERR_INVALID);
	assert_int_equal(office_hours_parse(text, OFFICE_HOURS_TEXT_MAX + 1, &oh), ERR_TOO_LARGE);
	assert_memory_equal(&oh, &before, sizeof(oh));
	/* A good prefix followed by more than the limit is still too large. */
	assert_int_equal(office_hours_parse(text, 47, &oh), 0);
	assert_int_equal(oh.n_spans, 4);
}

static void test_office_hours_parse_time(void **state)
{
	static const char *const bad[] = {
		"", "7:30", "07:3", "07:30x", "07-30", "24:01", "25:00", "07:60", "ab:cd", "07:30 ",
		" 07:30", "-1:00",
	};
	int32_t sec = 0;

	(void)state;
	assert_int_equal(office_hours_parse_time("07:30", 5, &sec), 0);
	assert_int_equal(sec, 7 * HOUR_S + 30 * MIN_S);
	assert_int_equal(office_hours_parse_time("00:00", 5, &sec), 0);
	assert_int_equal(sec, 0);
	assert_int_equal(office_hours_parse_time("24:00", 5, &sec), 0);
	assert_int_equal(sec, DATE_DAY_S);
	assert_int_equal(office_hours_parse_time("23:59", 5, &sec), 0);
	assert_int_equal(sec, DATE_DAY_S - MIN_S);
	/* Only len bytes are read. */
	assert_int_equal(office_hours_parse_time("15:00:00", 5, &sec), 0);
	assert_int_equal(sec, 15 * HOUR_S);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(office_hours_parse_time(bad[i], strlen(bad[i]), &sec), ERR_INVALID);
}

static void test_duration_names(void **state)
{
	static const char *const bad[] = {"", "working_day", "days", "Working_days", "same day"};
	enum duration_unit u;

	(void)state;
	assert_string_equal(duration_unit_name(DURATION_WORKING_DAYS), "working_days");
	assert_string_equal(duration_unit_name(DURATION_WORKING_HOURS), "working_hours");
	assert_string_equal(duration_unit_name(DURATION_CALENDAR_DAYS), "calendar_days");
	assert_string_equal(duration_unit_name(DURATION_SAME_DAY), "same_day");
	assert_string_equal(duration_unit_name(DURATION_UNIT_COUNT), "unknown");
	for (int i = 0; i < DURATION_UNIT_COUNT; i++) {
		const char *n = duration_unit_name((enum duration_unit)i);

		assert_int_equal(duration_unit_parse(n, strlen(n), &u), 0);
		assert_int_equal(u, i);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(duration_unit_parse(bad[i], strlen(bad[i]), &u), ERR_INVALID);
}

static void test_duration_validate(void **state)
{
	(void)state;
	for (int u = 0; u < DURATION_UNIT_COUNT; u++) {
		int32_t max = u == DURATION_WORKING_HOURS ? DURATION_HOURS_MAX : DURATION_DAYS_MAX;

		assert_int_equal(duration_validate((struct duration){(enum duration_unit)u, 0}), 0);
		assert_int_equal(duration_validate((struct duration){(enum duration_unit)u, 1}), 0);
		assert_int_equal(duration_validate((struct duration){(enum duration_unit)u, max}), 0);
		assert_int_equal(duration_validate((struct duration){(enum duration_unit)u, max + 1}),
				 ERR_INVALID);
		assert_int_equal(duration_validate((struct duration){(enum duration_unit)u, -1}),
				 ERR_INVALID);
		assert_int_equal(duration_validate((struct duration){(enum duration_unit)u,
								      INT32_MIN}),
				 ERR_INVALID);
	}
	assert_int_equal(duration_validate((struct duration){DURATION_UNIT_COUNT, 1}), ERR_INVALID);
	assert_int_equal(duration_validate((struct duration){(enum duration_unit)-1, 1}),
			 ERR_INVALID);
}

/* Positions count office seconds of working days only. */
static void test_position_values(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;
	int64_t base, p;
	int32_t day_s = office_hours_day_s(&f->oh);

	/* Monday 2026-03-02: base is the working days before it. */
	base = (int64_t)calendar_work_before(&f->cal, day_of("2026-03-02")) * day_s;
	assert_int_equal(worktime_position(wt, at("2026-03-02T00:00:00+07:00"), &p), 0);
	assert_int_equal(p, base);
	assert_int_equal(worktime_position(wt, at("2026-03-02T07:30:00+07:00"), &p), 0);
	assert_int_equal(p, base);
	assert_int_equal(worktime_position(wt, at("2026-03-02T07:30:01+07:00"), &p), 0);
	assert_int_equal(p, base + 1);
	assert_int_equal(worktime_position(wt, at("2026-03-02T09:30:00+07:00"), &p), 0);
	assert_int_equal(p, base + 2 * HOUR_S);
	assert_int_equal(worktime_position(wt, at("2026-03-02T12:00:00+07:00"), &p), 0);
	assert_int_equal(p, base + 4 * HOUR_S);
	assert_int_equal(worktime_position(wt, at("2026-03-02T13:30:00+07:00"), &p), 0);
	assert_int_equal(p, base + 4 * HOUR_S);
	assert_int_equal(worktime_position(wt, at("2026-03-02T14:00:00+07:00"), &p), 0);
	assert_int_equal(p, base + 4 * HOUR_S + 30 * MIN_S);
	assert_int_equal(worktime_position(wt, at("2026-03-02T17:00:00+07:00"), &p), 0);
	assert_int_equal(p, base + day_s);
	assert_int_equal(worktime_position(wt, at("2026-03-02T23:59:59+07:00"), &p), 0);
	assert_int_equal(p, base + day_s);
	/* A weekend and a holiday add nothing. */
	assert_int_equal(worktime_position(wt, at("2026-03-07T10:00:00+07:00"), &p), 0);
	assert_int_equal(p, base + 5 * (int64_t)day_s);
	assert_int_equal(worktime_position(wt, at("2026-02-13T17:00:00+07:00"), &base), 0);
	assert_int_equal(worktime_position(wt, at("2026-02-18T10:00:00+07:00"), &p), 0);
	assert_int_equal(p, base);
	assert_int_equal(worktime_position(wt, at("2026-02-23T07:30:00+07:00"), &p), 0);
	assert_int_equal(p, base);
	/* The make-up Saturday counts. */
	assert_int_equal(worktime_position(wt, at("2026-01-09T17:00:00+07:00"), &base), 0);
	assert_int_equal(worktime_position(wt, at("2026-01-10T17:00:00+07:00"), &p), 0);
	assert_int_equal(p, base + day_s);
	/* Outside the calendar. */
	assert_int_equal(worktime_position(wt, at("2019-12-31T23:59:59+07:00"), &p), ERR_RANGE);
	assert_int_equal(worktime_position(wt, at("2031-01-01T00:00:00+07:00"), &p), ERR_RANGE);
	assert_int_equal(worktime_position(wt, at("2020-01-01T00:00:00+07:00"), &p), 0);
	assert_int_equal(p, 0);
	assert_int_equal(worktime_position(wt, at("2030-12-31T23:59:59+07:00"), &p), 0);
	assert_int_equal(p, (int64_t)f->cal.n_work * day_s);
}

/* worktime_instant: the end of the last counted second. */
static void test_instant_values(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;
	int64_t p, t;
	int32_t day_s = office_hours_day_s(&f->oh);

	assert_int_equal(worktime_position(wt, at("2026-03-02T07:30:00+07:00"), &p), 0);
	/* The position at Monday's opening is Friday's close. */
	assert_int_equal(worktime_instant(wt, p, &t), 0);
	expect_instant(t, "2026-02-27T17:00:00+07:00");
	assert_int_equal(worktime_instant(wt, p + 1, &t), 0);
	expect_instant(t, "2026-03-02T07:30:01+07:00");
	/* End of the morning: 11:30, not 13:30. */
	assert_int_equal(worktime_instant(wt, p + 4 * HOUR_S, &t), 0);
	expect_instant(t, "2026-03-02T11:30:00+07:00");
	assert_int_equal(worktime_instant(wt, p + 4 * HOUR_S + 1, &t), 0);
	expect_instant(t, "2026-03-02T13:30:01+07:00");
	assert_int_equal(worktime_instant(wt, p + day_s, &t), 0);
	expect_instant(t, "2026-03-02T17:00:00+07:00");
	/* From the start of the calendar: 2020-01-01 is a holiday. */
	assert_int_equal(worktime_instant(wt, 0, &t), 0);
	expect_instant(t, "2020-01-02T07:30:00+07:00");
	assert_int_equal(worktime_instant(wt, -100, &t), 0);
	expect_instant(t, "2020-01-02T07:30:00+07:00");
	assert_int_equal(worktime_instant(wt, 1, &t), 0);
	expect_instant(t, "2020-01-02T07:30:01+07:00");
	/* To its end. */
	p = (int64_t)f->cal.n_work * day_s;
	assert_int_equal(worktime_instant(wt, p, &t), 0);
	expect_instant(t, "2030-12-31T17:00:00+07:00");
	assert_int_equal(worktime_instant(wt, p + 1, &t), ERR_RANGE);
}

/*
 * Properties over random instants across the calendar: positions grow by at
 * most one a second; instant(position(t)) is the end of the last counted
 * second at or before t; add then between gives the amount back.
 */
static void test_position_instant_properties(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	for (int i = 0; i < 20000; i++) {
		int64_t t = random_instant(false), p, q, u, v, s, back;

		assert_int_equal(worktime_position(wt, t, &p), 0);
		assert_int_equal(worktime_position(wt, t + 1, &q), 0);
		assert_true(q - p == 0 || q - p == 1);
		assert_int_equal(q - p, office_second(wt, t));
		assert_int_equal(worktime_instant(wt, p, &u), 0);
		assert_true(u <= t);
		assert_int_equal(worktime_position(wt, u, &q), 0);
		assert_int_equal(q, p);
		/* u is the end of a counted second: the second before it counts. */
		assert_true(office_second(wt, u - 1));
		/* …and nothing is counted between u and t. */
		assert_int_equal(worktime_between(wt, u, t, &s), 0);
		assert_int_equal(s, 0);
		/* add, then between. */
		s = (int64_t)rnd(40 * HOUR_S) + 1;
		assert_int_equal(worktime_add(wt, t, s, &v), 0);
		assert_true(v > t);
		assert_int_equal(worktime_between(wt, t, v, &back), 0);
		assert_int_equal(back, s);
		assert_int_equal(worktime_between(wt, v, t, &back), 0);
		assert_int_equal(back, -s);
		assert_true(office_second(wt, v - 1));
		/* Adding nothing goes to u. */
		assert_int_equal(worktime_add(wt, t, 0, &v), 0);
		assert_int_equal(v, u);
	}
}

/* Brute force, minute by minute over random spans of up to 10 days. */
static void test_between_add_oracle_minutes(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	/* Official years and a unit's exceptions make the calendar uneven. */
	assert_int_equal(calendar_set_exception(&f->cal, day_of("2026-02-18"), true, "trực"), 0);
	assert_int_equal(calendar_set_exception(&f->cal, day_of("2026-03-04"), false, "đóng"), 0);
	for (int i = 0; i < 300; i++) {
		int64_t from = random_instant(true), to, s, got, want;

		if (i % 3 == 0) /* around Tết 2026 and the exceptions */
			from = at("2026-02-10T00:00:00+07:00") + (int64_t)rnd(30 * 24 * 60) * MIN_S;
		to = from + (int64_t)rnd(10 * 24 * 60) * MIN_S;
		assert_int_equal(worktime_between(wt, from, to, &got), 0);
		want = naive_between(wt, from, to, MIN_S);
		assert_int_equal(got, want);
		s = ((int64_t)rnd(30 * 60) + 1) * MIN_S;
		assert_int_equal(worktime_add(wt, from, s, &got), 0);
		want = naive_add(wt, from, s);
		if (got != want) {
			char a[INSTANT_TEXT_SIZE], b[INSTANT_TEXT_SIZE], c[INSTANT_TEXT_SIZE];

			instant_format(from, a);
			instant_format(got, b);
			instant_format(want, c);
			fail_msg("add(%s, %" PRId64 ") = %s, want %s", a, s, b, c);
		}
	}
}

/* Brute force, second by second over random spans of up to 2 days. */
static void test_between_oracle_seconds(void **state)
{
	struct fixture *f = *state;
	struct office_hours oh;
	struct worktime wt = {&f->cal, &oh};

	office_hours_default(&oh);
	assert_int_equal(parse("08:00-12:00,13:00-17:30", &oh), 0);
	for (int i = 0; i < 40; i++) {
		int64_t from = random_instant(false), to = from + (int64_t)rnd(2 * DATE_DAY_S), got;

		if (i % 2)
			wt.hours = &f->oh;
		else
			wt.hours = &oh;
		assert_int_equal(worktime_between(&wt, from, to, &got), 0);
		assert_int_equal(got, naive_between(&wt, from, to, 1));
	}
}

static void test_between_add_range(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;
	int64_t s, t;

	assert_int_equal(worktime_between(wt, at("2019-12-31T10:00:00+07:00"),
					  at("2020-01-03T10:00:00+07:00"), &s), ERR_RANGE);
	assert_int_equal(worktime_between(wt, at("2030-12-30T10:00:00+07:00"),
					  at("2031-01-01T10:00:00+07:00"), &s), ERR_RANGE);
	assert_int_equal(worktime_between(wt, at("2020-01-03T10:00:00+07:00"),
					  at("2020-01-02T10:00:00+07:00"), &s), 0);
	assert_int_equal(s, -7 * HOUR_S - 30 * MIN_S);
	assert_int_equal(worktime_add(wt, at("2019-12-31T10:00:00+07:00"), 1, &t), ERR_RANGE);
	assert_int_equal(worktime_add(wt, at("2030-12-31T16:00:00+07:00"), HOUR_S, &t), 0);
	expect_instant(t, "2030-12-31T17:00:00+07:00");
	assert_int_equal(worktime_add(wt, at("2030-12-31T16:00:00+07:00"), HOUR_S + 1, &t),
			 ERR_RANGE);
	/* Negative amounts go back. */
	assert_int_equal(worktime_add(wt, at("2026-03-03T08:30:00+07:00"), -2 * HOUR_S, &t), 0);
	expect_instant(t, "2026-03-02T16:00:00+07:00");
	/* Close of office hours. */
	expect_instant(worktime_close(wt, day_of("2026-03-02")), "2026-03-02T17:00:00+07:00");
	expect_instant(worktime_close(wt, day_of("2026-02-17")), "2026-02-17T17:00:00+07:00");
}

static int32_t reception(const struct worktime *wt, const char *iso)
{
	int32_t d = 0;

	assert_int_equal(worktime_reception_day(wt, at(iso), &d), 0);
	return d;
}

/* R-CAL-4: received at or after the 15:00 cut-off, or on a day off: next working day. */
static void test_reception_day(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;
	struct calendar def;
	struct worktime wd = {&def, &f->oh};
	int32_t d;

	assert_int_equal(reception(wt, "2026-03-04T14:59:59+07:00"), day_of("2026-03-04"));
	assert_int_equal(reception(wt, "2026-03-04T15:00:00+07:00"), day_of("2026-03-05"));
	assert_int_equal(reception(wt, "2026-03-04T00:00:00+07:00"), day_of("2026-03-04"));
	assert_int_equal(reception(wt, "2026-03-04T06:00:00+07:00"), day_of("2026-03-04"));
	assert_int_equal(reception(wt, "2026-03-04T23:59:59+07:00"), day_of("2026-03-05"));
	/* Friday after the cut-off and the weekend: Monday. */
	assert_int_equal(reception(wt, "2026-03-06T15:00:00+07:00"), day_of("2026-03-09"));
	assert_int_equal(reception(wt, "2026-03-07T09:00:00+07:00"), day_of("2026-03-09"));
	assert_int_equal(reception(wt, "2026-03-08T14:00:00+07:00"), day_of("2026-03-09"));
	/* Holidays: Tết 2026 and the swapped Friday 02/01. */
	assert_int_equal(reception(wt, "2026-02-13T15:30:00+07:00"), day_of("2026-02-23"));
	assert_int_equal(reception(wt, "2026-02-18T09:00:00+07:00"), day_of("2026-02-23"));
	assert_int_equal(reception(wt, "2026-01-02T09:00:00+07:00"), day_of("2026-01-05"));
	/* The make-up Saturday 10/01/2026 is a reception day… */
	assert_int_equal(reception(wt, "2026-01-10T09:00:00+07:00"), day_of("2026-01-10"));
	assert_int_equal(reception(wt, "2026-01-09T16:00:00+07:00"), day_of("2026-01-10"));
	assert_int_equal(reception(wt, "2026-01-10T15:00:00+07:00"), day_of("2026-01-12"));
	/* …but not in the default calendar. */
	assert_int_equal(calendar_init(&def, 2025, 2027), 0);
	assert_int_equal(reception(&wd, "2026-01-10T09:00:00+07:00"), day_of("2026-01-12"));
	assert_int_equal(reception(&wd, "2026-01-02T09:00:00+07:00"), day_of("2026-01-02"));
	calendar_release(&def);
	/* The instant is judged in Vietnam's time: 08:30Z is 15:30 local. */
	assert_int_equal(reception(wt, "2026-03-04T07:59:59Z"), day_of("2026-03-04"));
	assert_int_equal(reception(wt, "2026-03-04T08:00:00Z"), day_of("2026-03-05"));
	/* A unit's own cut-off. */
	f->oh.cutoff_s = 12 * HOUR_S;
	assert_int_equal(reception(wt, "2026-03-04T11:59:59+07:00"), day_of("2026-03-04"));
	assert_int_equal(reception(wt, "2026-03-04T12:00:00+07:00"), day_of("2026-03-05"));
	/* Outside the calendar, or no working day left in it. */
	assert_int_equal(worktime_reception_day(wt, at("2019-12-31T09:00:00+07:00"), &d),
			 ERR_RANGE);
	assert_int_equal(worktime_reception_day(wt, at("2030-12-31T15:00:00+07:00"), &d),
			 ERR_RANGE);
	assert_int_equal(worktime_reception_day(wt, at("2030-12-31T11:00:00+07:00"), &d), 0);
}

static int64_t due(const struct worktime *wt, const char *iso, enum duration_unit u, int32_t n)
{
	int64_t t = 0;

	assert_int_equal(worktime_due(wt, at(iso), (struct duration){u, n}, &t), 0);
	return t;
}

/* The contract case of API.md: 3 working days from Friday before Tết 2026. */
static void test_due_contract_case(void **state)
{
	struct fixture *f = *state;

	expect_instant(due(&f->wt, "2026-02-13T10:00:00+07:00", DURATION_WORKING_DAYS, 3),
		       "2026-02-25T17:00:00+07:00");
}

/* R-CAL-4: n working days end at the close of the n-th working day after reception. */
static void test_due_working_days(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	expect_instant(due(wt, "2026-03-02T09:00:00+07:00", DURATION_WORKING_DAYS, 1),
		       "2026-03-03T17:00:00+07:00");
	expect_instant(due(wt, "2026-03-02T09:00:00+07:00", DURATION_WORKING_DAYS, 5),
		       "2026-03-09T17:00:00+07:00");
	/* Received at 14:59:59 or at 15:00:00. */
	expect_instant(due(wt, "2026-02-12T14:59:59+07:00", DURATION_WORKING_DAYS, 1),
		       "2026-02-13T17:00:00+07:00");
	expect_instant(due(wt, "2026-02-12T15:00:00+07:00", DURATION_WORKING_DAYS, 1),
		       "2026-02-23T17:00:00+07:00");
	/* Received on a day off: Tết, a weekend, the swapped 31/08. */
	expect_instant(due(wt, "2026-02-17T10:00:00+07:00", DURATION_WORKING_DAYS, 1),
		       "2026-02-24T17:00:00+07:00");
	expect_instant(due(wt, "2026-02-14T10:00:00+07:00", DURATION_WORKING_DAYS, 3),
		       "2026-02-26T17:00:00+07:00");
	expect_instant(due(wt, "2026-08-31T10:00:00+07:00", DURATION_WORKING_DAYS, 1),
		       "2026-09-04T17:00:00+07:00");
	/* The make-up Saturday is counted. */
	expect_instant(due(wt, "2026-01-09T10:00:00+07:00", DURATION_WORKING_DAYS, 1),
		       "2026-01-10T17:00:00+07:00");
	/* 0 working days: the close of the reception day. */
	expect_instant(due(wt, "2026-03-02T09:00:00+07:00", DURATION_WORKING_DAYS, 0),
		       "2026-03-02T17:00:00+07:00");
	expect_instant(due(wt, "2026-03-06T16:00:00+07:00", DURATION_WORKING_DAYS, 0),
		       "2026-03-09T17:00:00+07:00");
}

/* Random receptions against brute force: close of the n-th working day after. */
static void test_due_working_days_oracle(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	for (int i = 0; i < 2000; i++) {
		int64_t t = random_instant(false), got;
		int32_t n = (int32_t)rnd(60), d = naive_reception(wt, t);

		for (int32_t k = n; k > 0; k--)
			for (d++; !is_working_day(wt, d); d++)
				;
		assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_DAYS, n},
					      &got), 0);
		assert_int_equal(got, date_local_instant(d, 17 * HOUR_S));
	}
}

/* R-CAL-4: working hours count office hours only. */
static void test_due_working_hours(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	/* Within the morning; across lunch; across days. */
	expect_instant(due(wt, "2026-03-02T08:00:00+07:00", DURATION_WORKING_HOURS, 2),
		       "2026-03-02T10:00:00+07:00");
	expect_instant(due(wt, "2026-03-02T10:00:00+07:00", DURATION_WORKING_HOURS, 3),
		       "2026-03-02T15:00:00+07:00");
	expect_instant(due(wt, "2026-03-02T10:00:00+07:00", DURATION_WORKING_HOURS, 8),
		       "2026-03-03T10:30:00+07:00");
	/* Received during lunch or before opening: counting starts at the next opening. */
	expect_instant(due(wt, "2026-03-02T12:00:00+07:00", DURATION_WORKING_HOURS, 1),
		       "2026-03-02T14:30:00+07:00");
	expect_instant(due(wt, "2026-03-02T06:00:00+07:00", DURATION_WORKING_HOURS, 1),
		       "2026-03-02T08:30:00+07:00");
	/* Ending exactly at 11:30 gives 11:30 (not 13:30). */
	expect_instant(due(wt, "2026-03-02T09:30:00+07:00", DURATION_WORKING_HOURS, 2),
		       "2026-03-02T11:30:00+07:00");
	/* Across Tết 2026: Friday 14:00 + 8 h = Monday 23/02 14:30. */
	expect_instant(due(wt, "2026-02-13T14:00:00+07:00", DURATION_WORKING_HOURS, 8),
		       "2026-02-23T14:30:00+07:00");
	/* After the cut-off, or on a day off: from the opening of the reception day. */
	expect_instant(due(wt, "2026-02-13T16:00:00+07:00", DURATION_WORKING_HOURS, 2),
		       "2026-02-23T09:30:00+07:00");
	expect_instant(due(wt, "2026-02-13T15:00:00+07:00", DURATION_WORKING_HOURS, 8),
		       "2026-02-24T08:00:00+07:00");
	expect_instant(due(wt, "2026-03-07T10:00:00+07:00", DURATION_WORKING_HOURS, 4),
		       "2026-03-09T11:30:00+07:00");
	/* Online dossiers: 8 working hours (R-DOS-3). */
	expect_instant(due(wt, "2026-03-02T14:59:00+07:00", DURATION_WORKING_HOURS, 8),
		       "2026-03-03T15:29:00+07:00");
	/* The largest amount stays in the calendar. */
	assert_int_equal(worktime_due(wt, at("2020-01-02T08:00:00+07:00"),
				      (struct duration){DURATION_WORKING_HOURS,
							DURATION_HOURS_MAX}, &(int64_t){0}), 0);
}

/* Working hours against brute force minute by minute. */
static void test_due_working_hours_oracle(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	for (int i = 0; i < 300; i++) {
		int64_t t = random_instant(true), got, want, start;
		int32_t n = (int32_t)rnd(30) + 1, recv = naive_reception(wt, t);

		start = recv == date_local_day(t) ? t : date_local_instant(recv, 0);
		want = naive_add(wt, start, (int64_t)n * HOUR_S);
		assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_HOURS, n},
					      &got), 0);
		assert_int_equal(got, want);
	}
}

/* R-CAL-4: calendar days end at the close of the n-th day, moved off days off. */
static void test_due_calendar_days(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	expect_instant(due(wt, "2026-03-02T09:00:00+07:00", DURATION_CALENDAR_DAYS, 3),
		       "2026-03-05T17:00:00+07:00");
	/* Landing on a Saturday: Monday. */
	expect_instant(due(wt, "2026-03-02T09:00:00+07:00", DURATION_CALENDAR_DAYS, 5),
		       "2026-03-09T17:00:00+07:00");
	/* Landing inside Tết: the first working day after it. */
	expect_instant(due(wt, "2026-02-09T09:00:00+07:00", DURATION_CALENDAR_DAYS, 5),
		       "2026-02-23T17:00:00+07:00");
	expect_instant(due(wt, "2026-02-09T09:00:00+07:00", DURATION_CALENDAR_DAYS, 8),
		       "2026-02-23T17:00:00+07:00");
	/* Days off in between are counted. */
	expect_instant(due(wt, "2026-02-12T09:00:00+07:00", DURATION_CALENDAR_DAYS, 12),
		       "2026-02-24T17:00:00+07:00");
	/* After the cut-off: from the next working day. */
	expect_instant(due(wt, "2026-03-02T16:00:00+07:00", DURATION_CALENDAR_DAYS, 3),
		       "2026-03-06T17:00:00+07:00");
	/* Landing on the make-up Saturday: a working day. */
	expect_instant(due(wt, "2026-01-05T09:00:00+07:00", DURATION_CALENDAR_DAYS, 5),
		       "2026-01-10T17:00:00+07:00");
	/* 0 calendar days: the reception day. */
	expect_instant(due(wt, "2026-03-02T09:00:00+07:00", DURATION_CALENDAR_DAYS, 0),
		       "2026-03-02T17:00:00+07:00");
	expect_instant(due(wt, "2026-03-07T09:00:00+07:00", DURATION_CALENDAR_DAYS, 0),
		       "2026-03-09T17:00:00+07:00");
}

/* R-CAL-4: same-day procedures end at the close of the reception day. */
static void test_due_same_day(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	expect_instant(due(wt, "2026-03-02T10:00:00+07:00", DURATION_SAME_DAY, 0),
		       "2026-03-02T17:00:00+07:00");
	expect_instant(due(wt, "2026-03-02T14:59:59+07:00", DURATION_SAME_DAY, 1),
		       "2026-03-02T17:00:00+07:00");
	expect_instant(due(wt, "2026-03-02T15:30:00+07:00", DURATION_SAME_DAY, 0),
		       "2026-03-03T17:00:00+07:00");
	expect_instant(due(wt, "2026-02-16T10:00:00+07:00", DURATION_SAME_DAY, 0),
		       "2026-02-23T17:00:00+07:00");
	expect_instant(due(wt, "2026-01-10T10:00:00+07:00", DURATION_SAME_DAY, 0),
		       "2026-01-10T17:00:00+07:00");
}

/* 0 working hours: due at reception (its opening when counted from a later day). */
static void test_due_zero_hours(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;

	expect_instant(due(wt, "2026-03-02T10:00:00+07:00", DURATION_WORKING_HOURS, 0),
		       "2026-03-02T10:00:00+07:00");
	/* Never before the reception. */
	assert_true(due(wt, "2026-03-02T12:00:00+07:00", DURATION_WORKING_HOURS, 0) >=
		    at("2026-03-02T12:00:00+07:00"));
	assert_true(due(wt, "2026-03-02T06:00:00+07:00", DURATION_WORKING_HOURS, 0) >=
		    at("2026-03-02T06:00:00+07:00"));
	/* After the cut-off: the opening of the next working day. */
	expect_instant(due(wt, "2026-03-06T16:00:00+07:00", DURATION_WORKING_HOURS, 0),
		       "2026-03-09T07:30:00+07:00");
	expect_instant(due(wt, "2026-03-07T10:00:00+07:00", DURATION_WORKING_HOURS, 0),
		       "2026-03-09T07:30:00+07:00");
}

/* Errors: bad durations, and answers outside the calendar. */
static void test_due_errors(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;
	int64_t t = at("2026-03-02T10:00:00+07:00"), out = 42;

	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_DAYS, -1}, &out),
			 ERR_INVALID);
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_DAYS,
							       DURATION_DAYS_MAX + 1}, &out),
			 ERR_INVALID);
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_HOURS,
							       DURATION_HOURS_MAX + 1}, &out),
			 ERR_INVALID);
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_CALENDAR_DAYS, -5}, &out),
			 ERR_INVALID);
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_UNIT_COUNT, 1}, &out),
			 ERR_INVALID);
	assert_int_equal(out, 42);
	/* A bad duration is reported even outside the calendar. */
	assert_int_equal(worktime_due(wt, at("2040-01-01"), (struct duration){DURATION_SAME_DAY, -1},
				      &out), ERR_INVALID);
}

/* Due times outside the calendar, at both ends. */
static void test_due_range(void **state)
{
	struct fixture *f = *state;
	const struct worktime *wt = &f->wt;
	int64_t t, out = 0;

	/* Received outside the calendar. */
	for (int u = 0; u < DURATION_UNIT_COUNT; u++) {
		struct duration d = {(enum duration_unit)u, 1};

		assert_int_equal(worktime_due(wt, at("2019-12-31T10:00:00+07:00"), d, &out),
				 ERR_RANGE);
		assert_int_equal(worktime_due(wt, at("2031-01-02T10:00:00+07:00"), d, &out),
				 ERR_RANGE);
		/* On the last working day after the cut-off: no reception day. */
		assert_int_equal(worktime_due(wt, at("2030-12-31T16:00:00+07:00"), d, &out),
				 ERR_RANGE);
	}
	/* A due beyond the end of the calendar. */
	t = at("2030-12-31T10:00:00+07:00");
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_DAYS, 1}, &out),
			 ERR_RANGE);
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_CALENDAR_DAYS, 1}, &out),
			 ERR_RANGE);
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_HOURS, 6}, &out),
			 ERR_RANGE);
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_WORKING_HOURS, 5}, &out),
			 0);
	expect_instant(out, "2030-12-31T17:00:00+07:00");
	assert_int_equal(worktime_due(wt, t, (struct duration){DURATION_SAME_DAY, 0}, &out), 0);
	expect_instant(out, "2030-12-31T17:00:00+07:00");
	assert_int_equal(worktime_due(wt, at("2030-12-27T10:00:00+07:00"),
				      (struct duration){DURATION_CALENDAR_DAYS, 4}, &out), 0);
	expect_instant(out, "2030-12-31T17:00:00+07:00");
	/* Calendar days landing on the calendar's last days off. */
	{
		struct calendar c;
		struct worktime w = {&c, &f->oh};

		assert_int_equal(calendar_init(&c, 2028, 2028), 0);
		assert_int_equal(worktime_due(&w, at("2028-12-29T10:00:00+07:00"),
					      (struct duration){DURATION_CALENDAR_DAYS, 1}, &out),
				 ERR_RANGE);
		calendar_release(&c);
	}
	/* The largest amount of days fits a calendar long enough. */
	assert_int_equal(worktime_due(wt, at("2020-01-02T10:00:00+07:00"),
				      (struct duration){DURATION_CALENDAR_DAYS, DURATION_DAYS_MAX},
				      &out), 0);
	assert_int_equal(worktime_due(wt, at("2020-01-02T10:00:00+07:00"),
				      (struct duration){DURATION_WORKING_DAYS, DURATION_DAYS_MAX},
				      &out), ERR_RANGE);
}

/* R-CAL-4: office hours are the unit's own (here 08:00–12:00, 13:00–17:30). */
static void test_due_unit_office_hours(void **state)
{
	struct fixture *f = *state;
	struct office_hours oh;
	struct worktime wt = {&f->cal, &oh};

	office_hours_default(&oh);
	assert_int_equal(parse("08:00-12:00,13:00-17:30", &oh), 0);
	assert_int_equal(oh.cutoff_s, 15 * HOUR_S);
	expect_instant(due(&wt, "2026-02-13T10:00:00+07:00", DURATION_WORKING_DAYS, 3),
		       "2026-02-25T17:30:00+07:00");
	expect_instant(due(&wt, "2026-03-02T11:00:00+07:00", DURATION_WORKING_HOURS, 2),
		       "2026-03-02T14:00:00+07:00");
	expect_instant(due(&wt, "2026-03-02T16:00:00+07:00", DURATION_WORKING_HOURS, 1),
		       "2026-03-03T09:00:00+07:00");
	expect_instant(due(&wt, "2026-03-02T09:00:00+07:00", DURATION_WORKING_HOURS, 9),
		       "2026-03-03T09:30:00+07:00");
	expect_instant(due(&wt, "2026-03-02T07:00:00+07:00", DURATION_SAME_DAY, 0),
		       "2026-03-02T17:30:00+07:00");
	expect_instant(due(&wt, "2026-03-02T07:00:00+07:00", DURATION_CALENDAR_DAYS, 1),
		       "2026-03-03T17:30:00+07:00");
	expect_instant(worktime_close(&wt, day_of("2026-03-02")), "2026-03-02T17:30:00+07:00");
	/* A single span. */
	assert_int_equal(parse("07:00-19:00", &oh), 0);
	expect_instant(due(&wt, "2026-03-02T18:00:00+07:00", DURATION_WORKING_HOURS, 2),
		       "2026-03-03T09:00:00+07:00");
	expect_instant(due(&wt, "2026-03-02T14:00:00+07:00", DURATION_WORKING_HOURS, 2),
		       "2026-03-02T16:00:00+07:00");
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_office_hours_default),
		cmocka_unit_test(test_office_hours_validate),
		cmocka_unit_test(test_office_hours_parse),
		cmocka_unit_test(test_office_hours_parse_rejects),
		cmocka_unit_test(test_office_hours_parse_limit),
		cmocka_unit_test(test_office_hours_parse_time),
		cmocka_unit_test(test_duration_names),
		cmocka_unit_test(test_duration_validate),
		T(test_position_values),
		T(test_instant_values),
		T(test_position_instant_properties),
		T(test_between_add_oracle_minutes),
		T(test_between_oracle_seconds),
		T(test_between_add_range),
		T(test_reception_day),
		T(test_due_contract_case),
		T(test_due_working_days),
		T(test_due_working_days_oracle),
		T(test_due_working_hours),
		T(test_due_working_hours_oracle),
		T(test_due_calendar_days),
		T(test_due_same_day),
		T(test_due_zero_hours),
		T(test_due_errors),
		T(test_due_range),
		T(test_due_unit_office_hours),
	};

	rnd_seed(0x2545f4914f6cdd1du);
	return cmocka_run_group_tests_name("worktime", tests, NULL, NULL);
}
