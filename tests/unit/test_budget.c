/*
 * Tests of core/budget: step budgets within the processing time (R-CAT-2),
 * with the 7.5-hour office day, against tools/build_data.py's rule, at the
 * boundaries of every unit.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/budget.h"
#include "core/err.h"

#define H(n) ((struct duration){DURATION_WORKING_HOURS, (n)})
#define D(n) ((struct duration){DURATION_WORKING_DAYS, (n)})
#define CAL(n) ((struct duration){DURATION_CALENDAR_DAYS, (n)})
#define SAME ((struct duration){DURATION_SAME_DAY, 0})

static int64_t capacity(struct duration d)
{
	int64_t m = -2;

	assert_int_equal(budget_capacity(d, &m), 0);
	return m;
}

/* The capacity of each unit, in office minutes (7.5 h a day, never 8). */
static void test_capacity(void **state)
{
	int64_t m = 0;

	(void)state;
	assert_int_equal(capacity(D(1)), 450);
	assert_int_equal(capacity(D(10)), 4500);
	assert_int_equal(capacity(D(0)), 0);
	assert_int_equal(capacity(H(7)), 420);
	assert_int_equal(capacity(SAME), 450);
	assert_int_equal(capacity((struct duration){DURATION_SAME_DAY, 5}), 450);
	/* Calendar days: floor(5n/7) nominal working days. */
	assert_int_equal(capacity(CAL(15)), 10 * 450);
	assert_int_equal(capacity(CAL(10)), 7 * 450);
	assert_int_equal(capacity(CAL(7)), 5 * 450);
	assert_int_equal(capacity(CAL(6)), 4 * 450);
	assert_int_equal(capacity(CAL(1)), 0);
	assert_int_equal(capacity(D(DURATION_DAYS_MAX)), (int64_t)DURATION_DAYS_MAX * 450);
	assert_int_equal(capacity(H(DURATION_HOURS_MAX)), (int64_t)DURATION_HOURS_MAX * 60);
	assert_int_equal(budget_capacity(D(DURATION_DAYS_MAX + 1), &m), ERR_INVALID);
	assert_int_equal(budget_capacity(H(-1), &m), ERR_INVALID);
	assert_int_equal(budget_capacity((struct duration){DURATION_UNIT_COUNT, 1}, &m),
			 ERR_INVALID);
}

/* A step is budgeted in working hours or days, at least 1. */
static void test_step(void **state)
{
	int64_t m = 0;

	(void)state;
	assert_int_equal(budget_step(H(1), &m), 0);
	assert_int_equal(m, 60);
	assert_int_equal(budget_step(D(2), &m), 0);
	assert_int_equal(m, 900);
	assert_int_equal(budget_step(H(0), &m), ERR_INVALID);
	assert_int_equal(budget_step(D(0), &m), ERR_INVALID);
	assert_int_equal(budget_step(H(-3), &m), ERR_INVALID);
	assert_int_equal(budget_step(SAME, &m), ERR_INVALID);
	assert_int_equal(budget_step(CAL(1), &m), ERR_INVALID);
	assert_int_equal(budget_step(H(DURATION_HOURS_MAX + 1), &m), ERR_INVALID);
}

/* The standard four steps of data/README.md fit exactly or within. */
static void test_standard_steps_fit(void **state)
{
	struct budget_report rep;
	const struct duration same[] = {H(1), H(3), H(2), H(1)};
	const struct duration one[] = {H(1), H(4), H(1), H(1)};
	const struct duration two[] = {H(2), D(1), H(3), H(2)};
	const struct duration three[] = {H(4), D(1), D(1), H(2)};
	const struct duration ten[] = {H(4), D(7), D(2), H(2)};

	(void)state;
	assert_int_equal(budget_check(SAME, same, 4, &rep), 0);
	assert_int_equal(rep.total, 420);
	assert_int_equal(rep.capacity, 450);
	assert_int_equal(budget_check(D(1), one, 4, &rep), 0);
	/* 2 working days = 15 h: 2 + 7.5 + 3 + 2 = 14.5 h. */
	assert_int_equal(budget_check(D(2), two, 4, &rep), 0);
	assert_int_equal(rep.total, 870);
	assert_int_equal(budget_check(D(3), three, 4, &rep), 0);
	assert_int_equal(budget_check(D(10), ten, 4, &rep), 0);
	/* 15 calendar days = 10 nominal working days. */
	assert_int_equal(budget_check(CAL(15), ten, 4, &rep), 0);
}

/* Over the processing time by the smallest step: refused, with the sums. */
static void test_over_by_one(void **state)
{
	struct budget_report rep;
	const struct duration exact[] = {H(4), D(1), H(2)};  /* 7.5 + 6 = 13.5 h */
	const struct duration eight[] = {H(8)};
	const struct duration seven_half_plus[] = {D(1), H(1)};
	const struct duration cal[] = {D(4), H(1)};

	(void)state;
	/* 2 working days (15 h) hold 13.5 h; 3 more hours do not. */
	assert_int_equal(budget_check(D(2), exact, 3, &rep), 0);
	assert_int_equal(budget_check(H(13), exact, 3, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_step, -1);
	assert_int_equal(rep.total, 810);
	assert_int_equal(rep.capacity, 780);
	assert_int_equal(budget_check(H(14), exact, 3, &rep), 0);
	/* A day is 7.5 h: 8 h do not fit in one working day, nor in same_day. */
	assert_int_equal(budget_check(D(1), eight, 1, &rep), ERR_INVALID);
	assert_int_equal(budget_check(SAME, eight, 1, &rep), ERR_INVALID);
	assert_int_equal(budget_check(D(1), seven_half_plus, 2, &rep), ERR_INVALID);
	/* 6 calendar days are 4 nominal working days. */
	assert_int_equal(budget_check(CAL(6), cal, 1, &rep), 0);
	assert_int_equal(budget_check(CAL(6), cal, 2, &rep), ERR_INVALID);
	assert_int_equal(budget_check(CAL(7), cal, 2, &rep), 0);
}

/* A bad step or a bad processing time is named, not summed. */
static void test_bad_input(void **state)
{
	struct budget_report rep;
	const struct duration steps[] = {H(1), SAME, H(1)};
	const struct duration ok[] = {H(1)};

	(void)state;
	assert_int_equal(budget_check(D(5), steps, 3, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_step, 1);
	assert_int_equal(budget_check(D(-1), ok, 1, &rep), ERR_INVALID);
	assert_int_equal(rep.capacity, -1);
	assert_int_equal(rep.bad_step, -1);
	assert_int_equal(budget_check(D(1), ok, 0, &rep), 0);
	assert_int_equal(rep.total, 0);
}

/* Sums stay exact at the largest amounts (no overflow, no float). */
static void test_large(void **state)
{
	struct duration steps[16];
	struct budget_report rep;

	(void)state;
	for (int i = 0; i < 16; i++)
		steps[i] = D(DURATION_DAYS_MAX);
	assert_int_equal(budget_check(D(DURATION_DAYS_MAX), steps, 16, &rep), ERR_INVALID);
	assert_int_equal(rep.total, (int64_t)16 * DURATION_DAYS_MAX * 450);
	assert_int_equal(budget_check(D(DURATION_DAYS_MAX), steps, 1, &rep), 0);
}

static void test_format_hours(void **state)
{
	char out[24];

	(void)state;
	budget_format_hours(450, out);
	assert_string_equal(out, "7.5");
	budget_format_hours(2400, out);
	assert_string_equal(out, "40");
	budget_format_hours(30, out);
	assert_string_equal(out, "0.5");
	budget_format_hours(0, out);
	assert_string_equal(out, "0");
	budget_format_hours(-1, out);
	assert_string_equal(out, "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_step),
		cmocka_unit_test(test_standard_steps_fit),
		cmocka_unit_test(test_over_by_one),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_format_hours),
	};

	return cmocka_run_group_tests_name("budget", tests, NULL, NULL);
}
