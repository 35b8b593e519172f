/*
 * Tests of core/clock: the clock ledger of a dossier or a step (R-CAL-5),
 * its due time, time used and verdict (R-CAL-6), pauses (R-DOS-4),
 * re-appointments and the apology deadline (R-DOS-5).
 *
 * Most cases run in March 2026, which has no holiday: Monday 2026-03-02 to
 * Friday 2026-03-06, then Monday 2026-03-09 to Friday 2026-03-13. Others cross
 * Tết 2026 with the official table loaded.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/err.h"
#include "core/worktime.h"

#include "testutil.h"

#define DAY_S (7 * HOUR_S + 30 * MIN_S) /* default office hours of a working day */

static struct clock_entry ent(enum clock_kind k, enum clock_reason r, const char *iso)
{
	struct clock_entry e = {k, r, at(iso), 0};

	return e;
}

static struct clock_entry start(const char *iso)
{
	return ent(CLOCK_START, CLOCK_REASON_RECEPTION, iso);
}

static struct clock_entry pause_for(enum clock_reason r, const char *iso)
{
	return ent(CLOCK_PAUSE, r, iso);
}

static struct clock_entry resume(const char *iso)
{
	return ent(CLOCK_RESUME, CLOCK_REASON_NONE, iso);
}

static struct clock_entry stop(const char *iso)
{
	return ent(CLOCK_STOP, CLOCK_REASON_RESULT, iso);
}

static struct clock_entry reappoint(const char *iso, const char *new_due)
{
	struct clock_entry e = ent(CLOCK_REAPPOINT, CLOCK_REASON_APOLOGY, iso);

	e.new_due = at(new_due);
	return e;
}

static struct clock_rule rule(const struct fixture *f, enum clock_mode m, enum duration_unit u,
			      int32_t amount)
{
	return clock_rule_make(m, (struct duration){u, amount}, &f->wt);
}

/* Evaluates a ledger that must be good. */
static struct clock_status eval(const struct fixture *f, const struct clock_entry *e, size_t n,
				const struct clock_rule *r, const char *now)
{
	struct clock_status s;

	assert_int_equal(clock_eval(e, n, r, &f->wt, at(now), &s), 0);
	return s;
}

/* A dossier of 3 working days received Monday 09:00, due Thursday 17:00. */
#define DOSSIER_3WD(f) rule(f, CLOCK_MODE_RECEPTION, DURATION_WORKING_DAYS, 3)
#define MON_0900 "2026-03-02T09:00:00+07:00"

static void test_rule_make(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct office_hours oh;
	struct worktime wt = {&f->cal, &oh};

	assert_int_equal(r.mode, CLOCK_MODE_RECEPTION);
	assert_int_equal(r.budget.unit, DURATION_WORKING_DAYS);
	assert_int_equal(r.budget.amount, 3);
	/* R-CAL-6: nearly due one working day before, by default. */
	assert_int_equal(r.warn_s, DAY_S);
	office_hours_default(&oh);
	assert_int_equal(office_hours_parse("08:00-12:00,13:00-17:30", 23, &oh), 0);
	r = clock_rule_make(CLOCK_MODE_ELAPSED, (struct duration){DURATION_WORKING_HOURS, 8}, &wt);
	assert_int_equal(r.mode, CLOCK_MODE_ELAPSED);
	assert_int_equal(r.warn_s, 8 * HOUR_S + 30 * MIN_S);
}

/* R-CAL-5: an empty ledger is idle, with no verdict. */
static void test_idle(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_status s;

	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(clock_eval(NULL, 0, &r, &f->wt, at(MON_0900), &s), 0);
	assert_int_equal(s.phase, CLOCK_IDLE);
	assert_int_equal(s.verdict, VERDICT_NONE);
	assert_int_equal(s.index_verdict, VERDICT_NONE);
	assert_int_equal(s.pauses, 0);
	assert_int_equal(s.used_s, 0);
	assert_int_equal(s.due, 0);
	assert_int_equal(clock_check(NULL, 0), 0);
}

/* A ledger that clock_check() refuses, and whose last entry cannot be appended. */
static void expect_bad(const struct fixture *f, const struct clock_entry *e, size_t n)
{
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_status s;

	assert_int_equal(clock_check(e, n), ERR_INVALID_LEDGER);
	assert_int_equal(clock_check_append(e, n - 1, &e[n - 1]), ERR_INVALID_LEDGER);
	assert_int_equal(clock_eval(e, n, &r, &f->wt, at("2026-03-03T10:00:00+07:00"), &s),
			 ERR_INVALID_LEDGER);
	assert_int_equal(s.phase, CLOCK_IDLE);
	assert_int_equal(s.verdict, VERDICT_NONE);
}

static void expect_good(const struct clock_entry *e, size_t n)
{
	assert_int_equal(clock_check(e, n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(clock_check_append(e, i, &e[i]), 0);
}

/* R-CAL-5: only well-formed ledgers. */
static void test_check_rejects(void **state)
{
	struct fixture *f = *state;
	static const enum clock_reason not_pause[] = {
		CLOCK_REASON_NONE,    CLOCK_REASON_RECEPTION, CLOCK_REASON_HANDOVER,
		CLOCK_REASON_APOLOGY, CLOCK_REASON_RESULT,    CLOCK_REASON_STOPPED,
		CLOCK_REASON_WITHDRAWN, CLOCK_REASON_COUNT,
	};
	struct clock_entry e[4];

	/* The first entry is not a start. */
	e[0] = pause_for(CLOCK_REASON_SUPPLEMENT, MON_0900);
	expect_bad(f, e, 1);
	e[0] = resume(MON_0900);
	expect_bad(f, e, 1);
	e[0] = stop(MON_0900);
	expect_bad(f, e, 1);
	e[0] = reappoint(MON_0900, "2026-03-10T17:00:00+07:00");
	expect_bad(f, e, 1);
	e[0] = ent(CLOCK_KIND_COUNT, CLOCK_REASON_NONE, MON_0900);
	expect_bad(f, e, 1);
	/* Two starts. */
	e[0] = start(MON_0900);
	e[1] = start("2026-03-02T10:00:00+07:00");
	expect_bad(f, e, 2);
	/* Resume while running. */
	e[1] = resume("2026-03-02T10:00:00+07:00");
	expect_bad(f, e, 2);
	/* An unknown kind. */
	e[1] = ent(CLOCK_KIND_COUNT, CLOCK_REASON_NONE, "2026-03-02T10:00:00+07:00");
	expect_bad(f, e, 2);
	/* Pause while paused. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-02T10:00:00+07:00");
	e[2] = pause_for(CLOCK_REASON_PAYMENT, "2026-03-02T11:00:00+07:00");
	expect_bad(f, e, 3);
	/* Start while paused. */
	e[2] = start("2026-03-02T11:00:00+07:00");
	expect_bad(f, e, 3);
	/* A pause for anything but a supplement or a payment. */
	for (size_t i = 0; i < ARRAY_SIZE(not_pause); i++) {
		e[1] = pause_for(not_pause[i], "2026-03-02T10:00:00+07:00");
		expect_bad(f, e, 2);
	}
}

/* R-CAL-5: times never go back; nothing follows a stop; a new due is later. */
static void test_check_rejects_time_and_stop(void **state)
{
	struct fixture *f = *state;
	struct clock_entry e[4];

	e[0] = start(MON_0900);
	/* Going back in time, by one second. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-02T08:59:59+07:00");
	expect_bad(f, e, 2);
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-02T10:00:00+07:00");
	e[2] = resume("2026-03-02T09:59:59+07:00");
	expect_bad(f, e, 3);
	e[1] = stop("2026-03-02T08:59:59+07:00");
	expect_bad(f, e, 2);
	/* Anything after a stop. */
	e[1] = stop("2026-03-03T10:00:00+07:00");
	e[2] = start("2026-03-04T10:00:00+07:00");
	expect_bad(f, e, 3);
	e[2] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-04T10:00:00+07:00");
	expect_bad(f, e, 3);
	e[2] = resume("2026-03-04T10:00:00+07:00");
	expect_bad(f, e, 3);
	e[2] = reappoint("2026-03-04T10:00:00+07:00", "2026-03-10T17:00:00+07:00");
	expect_bad(f, e, 3);
	e[2] = stop("2026-03-04T10:00:00+07:00");
	expect_bad(f, e, 3);
	/* A stop while paused ends the clock too. */
	e[1] = pause_for(CLOCK_REASON_PAYMENT, "2026-03-02T10:00:00+07:00");
	e[2] = stop("2026-03-03T10:00:00+07:00");
	e[3] = resume("2026-03-04T10:00:00+07:00");
	expect_bad(f, e, 4);
	/* A re-appointment whose new due is not after its own time. */
	e[1] = reappoint("2026-03-03T10:00:00+07:00", "2026-03-03T10:00:00+07:00");
	expect_bad(f, e, 2);
	e[1] = reappoint("2026-03-03T10:00:00+07:00", "2026-03-03T09:59:59+07:00");
	expect_bad(f, e, 2);
}

static void test_check_accepts(void **state)
{
	struct clock_entry e[8];

	(void)state;
	e[0] = start(MON_0900);
	expect_good(e, 1);
	/* Times may repeat; pauses for a supplement and for a payment. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, MON_0900);
	e[2] = resume(MON_0900);
	e[3] = pause_for(CLOCK_REASON_PAYMENT, "2026-03-03T10:00:00+07:00");
	/* A re-appointment while paused, then while running. */
	e[4] = reappoint("2026-03-03T11:00:00+07:00", "2026-03-03T11:00:01+07:00");
	e[5] = resume("2026-03-04T10:00:00+07:00");
	e[6] = reappoint("2026-03-04T10:00:00+07:00", "2026-03-12T17:00:00+07:00");
	e[7] = stop("2026-03-05T10:00:00+07:00");
	expect_good(e, 8);
	/* A stop while paused. */
	e[2] = stop("2026-03-02T10:00:00+07:00");
	expect_good(e, 3);
	/* Appending to a prefix does not look at later entries. */
	assert_int_equal(clock_check_append(e, 0, &e[0]), 0);
	assert_int_equal(clock_check_append(e, 2, &e[2]), 0);
}

/* R-CAL-6: early before the due day, on time on it by the due time, late after. */
static void test_finished_verdicts(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	static const struct {
		const char *stop;
		enum verdict v;
	} cases[] = {
		{"2026-03-02T10:00:00+07:00", VERDICT_EARLY},
		{"2026-03-04T16:00:00+07:00", VERDICT_EARLY},
		{"2026-03-04T23:59:59+07:00", VERDICT_EARLY},
		{"2026-03-05T00:00:00+07:00", VERDICT_ON_TIME},
		{"2026-03-05T10:00:00+07:00", VERDICT_ON_TIME},
		{"2026-03-05T17:00:00+07:00", VERDICT_ON_TIME},
		{"2026-03-05T17:00:01+07:00", VERDICT_LATE},
		{"2026-03-06T09:00:00+07:00", VERDICT_LATE},
		{"2026-04-01T09:00:00+07:00", VERDICT_LATE},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct clock_entry e[2] = {start(MON_0900), stop(cases[i].stop)};
		/* "now" long after the stop changes nothing. */
		struct clock_status s = eval(f, e, 2, &r, "2027-01-01T00:00:00+07:00");

		assert_int_equal(s.phase, CLOCK_STOPPED);
		expect_instant(s.due, "2026-03-05T17:00:00+07:00");
		expect_instant(s.original_due, "2026-03-05T17:00:00+07:00");
		assert_int_equal(s.started_at, e[0].at);
		assert_int_equal(s.stopped_at, e[1].at);
		if (s.verdict != cases[i].v)
			fail_msg("stop %s: %s", cases[i].stop, verdict_name(s.verdict));
		assert_int_equal(s.index_verdict, cases[i].v);
		assert_int_equal(s.paused_s, 0);
		assert_int_equal(s.pauses, 0);
	}
	/* Time used: Monday 6 h, Tuesday 7.5 h, Wednesday until 16:00 6.5 h. */
	{
		struct clock_entry e[2] = {start(MON_0900), stop("2026-03-04T16:00:00+07:00")};
		struct clock_status s = eval(f, e, 2, &r, "2026-03-02T10:00:00+07:00");

		assert_int_equal(s.used_s, 20 * HOUR_S);
		assert_int_equal(s.verdict, VERDICT_EARLY);
	}
}

/* R-CAL-6: open clocks are within time, nearly due (1 working day before), overdue. */
static void test_open_verdicts(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[1] = {start(MON_0900)};
	static const struct {
		const char *now;
		enum verdict v;
	} cases[] = {
		{"2026-03-02T08:00:00+07:00", VERDICT_WITHIN_TIME},
		{"2026-03-03T10:00:00+07:00", VERDICT_WITHIN_TIME},
		{"2026-03-04T16:59:59+07:00", VERDICT_WITHIN_TIME},
		{"2026-03-04T17:00:00+07:00", VERDICT_NEARLY_DUE},
		{"2026-03-05T10:00:00+07:00", VERDICT_NEARLY_DUE},
		{"2026-03-05T17:00:00+07:00", VERDICT_NEARLY_DUE},
		{"2026-03-05T17:00:01+07:00", VERDICT_OVERDUE},
		{"2026-03-20T10:00:00+07:00", VERDICT_OVERDUE},
	};
	struct clock_status s;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		s = eval(f, e, 1, &r, cases[i].now);
		assert_int_equal(s.phase, CLOCK_RUNNING);
		expect_instant(s.due, "2026-03-05T17:00:00+07:00");
		expect_instant(s.warn_at, "2026-03-04T17:00:00+07:00");
		if (s.verdict != cases[i].v)
			fail_msg("now %s: %s", cases[i].now, verdict_name(s.verdict));
		assert_int_equal(s.index_verdict, cases[i].v);
	}
	/* Before the start nothing is used; at Wednesday's close 21 h are. */
	s = eval(f, e, 1, &r, "2026-03-02T08:00:00+07:00");
	assert_int_equal(s.used_s, 0);
	s = eval(f, e, 1, &r, "2026-03-04T17:00:00+07:00");
	assert_int_equal(s.used_s, 21 * HOUR_S);
	/* The warning crosses a weekend: due Monday 09/03, nearly due from Friday's close. */
	e[0] = start("2026-03-04T09:00:00+07:00");
	s = eval(f, e, 1, &r, "2026-03-07T10:00:00+07:00");
	expect_instant(s.due, "2026-03-09T17:00:00+07:00");
	expect_instant(s.warn_at, "2026-03-06T17:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_NEARLY_DUE);
	s = eval(f, e, 1, &r, "2026-03-06T16:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	/* A configured warning of 2 working hours. */
	e[0] = start(MON_0900);
	r.warn_s = 2 * HOUR_S;
	s = eval(f, e, 1, &r, "2026-03-05T14:59:59+07:00");
	expect_instant(s.warn_at, "2026-03-05T15:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	s = eval(f, e, 1, &r, "2026-03-05T15:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_NEARLY_DUE);
}

/* The fixed contract case, as a clock: received before Tết, due after it. */
static void test_due_across_tet(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[1] = {start("2026-02-13T10:00:00+07:00")};
	struct clock_status s = eval(f, e, 1, &r, "2026-02-18T10:00:00+07:00");

	expect_instant(s.due, "2026-02-25T17:00:00+07:00");
	/* Tết adds no time used. */
	assert_int_equal(s.used_s, 5 * HOUR_S);
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	expect_instant(s.warn_at, "2026-02-24T17:00:00+07:00");
}

/*
 * R-DOS-4: a supplement pause is excluded. The due time moves by the paused
 * working time; a dossier's day budget is then rounded up to a close.
 */
static void test_supplement_pause(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[4] = {
		start(MON_0900),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00"),
		resume("2026-03-03T12:00:00+07:00"), /* 1.5 working hours */
		stop("2026-03-06T10:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 3, &r, "2026-03-03T14:00:00+07:00");

	assert_int_equal(s.phase, CLOCK_RUNNING);
	assert_int_equal(s.paused_s, 90 * MIN_S);
	/* Thursday 17:00 + 1.5 h = Friday 09:00, rounded up to Friday's close. */
	expect_instant(s.due, "2026-03-06T17:00:00+07:00");
	expect_instant(s.original_due, "2026-03-06T17:00:00+07:00");
	assert_int_equal(s.pauses, 1);
	assert_int_equal(s.supplement_pauses, 1);
	assert_int_equal(s.payment_pauses, 0);
	/* Monday 6 h + Tuesday 07:30–10:00 and 13:30–14:00 = 9 h. */
	assert_int_equal(s.used_s, 9 * HOUR_S);
	/* Stopped on Friday: on time thanks to the pause. */
	s = eval(f, e, 4, &r, "2026-03-10T10:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_ON_TIME);
	assert_int_equal(s.index_verdict, VERDICT_ON_TIME);
	/* A whole working day paused: exactly one day later. */
	e[2] = resume("2026-03-04T10:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-04T10:00:00+07:00");
	assert_int_equal(s.paused_s, DAY_S);
	expect_instant(s.due, "2026-03-06T17:00:00+07:00");
	/* A pause outside office hours changes nothing. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T17:30:00+07:00");
	e[2] = resume("2026-03-04T07:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-04T10:00:00+07:00");
	assert_int_equal(s.paused_s, 0);
	expect_instant(s.due, "2026-03-05T17:00:00+07:00");
	assert_int_equal(s.pauses, 1);
}

/* A step (CLOCK_MODE_ELAPSED) moves by exactly the paused working time. */
static void test_elapsed_pause_exact(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = rule(f, CLOCK_MODE_ELAPSED, DURATION_WORKING_DAYS, 3);
	struct clock_entry e[3] = {
		start(MON_0900),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00"),
		resume("2026-03-03T12:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 1, &r, "2026-03-03T10:00:00+07:00");

	/* 3 working days of office hours from Monday 09:00. */
	expect_instant(s.due, "2026-03-05T09:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-03T14:00:00+07:00");
	expect_instant(s.due, "2026-03-05T10:30:00+07:00");
	expect_instant(s.original_due, "2026-03-05T10:30:00+07:00");
	assert_int_equal(s.paused_s, 90 * MIN_S);
	/* Nearly due one working day before the exact due time. */
	expect_instant(s.warn_at, "2026-03-04T10:30:00+07:00");
}

/* A pause still open at now holds the due time up to now. */
static void test_open_pause(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[2] = {
		start(MON_0900),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 2, &r, "2026-03-04T10:00:00+07:00");

	assert_int_equal(s.phase, CLOCK_PAUSED);
	assert_int_equal(s.paused_s, DAY_S);
	expect_instant(s.due, "2026-03-06T17:00:00+07:00");
	/* Time used stops at the pause: Monday 6 h + Tuesday 2.5 h. */
	assert_int_equal(s.used_s, 8 * HOUR_S + 30 * MIN_S);
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	/* A week later the dossier is still not overdue: it waits for the applicant. */
	s = eval(f, e, 2, &r, "2026-03-10T10:00:00+07:00");
	assert_int_equal(s.paused_s, 5 * DAY_S);
	expect_instant(s.due, "2026-03-12T17:00:00+07:00");
	assert_int_equal(s.used_s, 8 * HOUR_S + 30 * MIN_S);
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	assert_int_equal(s.index_verdict, VERDICT_WITHIN_TIME);
	/* Now at the pause itself: nothing paused yet. */
	s = eval(f, e, 2, &r, "2026-03-03T10:00:00+07:00");
	assert_int_equal(s.paused_s, 0);
	expect_instant(s.due, "2026-03-05T17:00:00+07:00");
	/* Now before the pause (a recomputation of the past): nothing paused, nothing later. */
	s = eval(f, e, 2, &r, "2026-03-02T10:00:00+07:00");
	assert_int_equal(s.paused_s, 0);
	expect_instant(s.due, "2026-03-05T17:00:00+07:00");
	assert_int_equal(s.used_s, HOUR_S);
}

/* A stop while paused closes the pause at the stop. */
static void test_stop_while_paused(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[3] = {
		start(MON_0900),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00"),
		ent(CLOCK_STOP, CLOCK_REASON_WITHDRAWN, "2026-03-04T10:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 3, &r, "2026-03-20T10:00:00+07:00");

	assert_int_equal(s.phase, CLOCK_STOPPED);
	expect_instant(s.due, "2026-03-06T17:00:00+07:00");
	assert_int_equal(s.paused_s, DAY_S);
	assert_int_equal(s.used_s, 8 * HOUR_S + 30 * MIN_S);
	assert_int_equal(s.verdict, VERDICT_EARLY);
	assert_int_equal(s.warn_at, 0);
}

/* Counts of pauses by reason, and time used across several pauses. */
static void test_counts(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = rule(f, CLOCK_MODE_RECEPTION, DURATION_WORKING_DAYS, 10);
	struct clock_entry e[7] = {
		start(MON_0900),
		pause_for(CLOCK_REASON_PAYMENT, "2026-03-02T10:00:00+07:00"),
		resume("2026-03-02T11:00:00+07:00"),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T07:30:00+07:00"),
		resume("2026-03-04T07:30:00+07:00"),
		reappoint("2026-03-05T09:00:00+07:00", "2026-03-20T17:00:00+07:00"),
		pause_for(CLOCK_REASON_PAYMENT, "2026-03-05T10:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 7, &r, "2026-03-05T11:00:00+07:00");

	assert_int_equal(s.pauses, 3);
	assert_int_equal(s.supplement_pauses, 1);
	assert_int_equal(s.payment_pauses, 2);
	assert_int_equal(s.reappointments, 1);
	assert_int_equal(s.phase, CLOCK_PAUSED);
	/* Paused: 1 h, 7.5 h, and 1 h still open. */
	assert_int_equal(s.paused_s, 9 * HOUR_S + 30 * MIN_S);
	/* Used: Mon 09:00 → Thu 11:00 is 6 + 7.5 + 7.5 + 3.5 h, minus 9.5 h paused. */
	assert_int_equal(s.used_s, 15 * HOUR_S);
}

/*
 * R-DOS-5: a re-appointment sets the due time; the original due time still
 * decides the index verdict.
 */
static void test_reappointment(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[3] = {
		start(MON_0900),
		reappoint("2026-03-04T09:00:00+07:00", "2026-03-10T17:00:00+07:00"),
		stop("2026-03-09T10:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 3, &r, "2026-03-09T10:00:00+07:00");

	expect_instant(s.due, "2026-03-10T17:00:00+07:00");
	expect_instant(s.original_due, "2026-03-05T17:00:00+07:00");
	assert_int_equal(s.reappointments, 1);
	assert_int_equal(s.verdict, VERDICT_EARLY);
	assert_int_equal(s.index_verdict, VERDICT_LATE);
	/* Open: within the new time, overdue against the original. */
	s = eval(f, e, 2, &r, "2026-03-06T10:00:00+07:00");
	assert_int_equal(s.phase, CLOCK_RUNNING);
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	assert_int_equal(s.index_verdict, VERDICT_OVERDUE);
	expect_instant(s.warn_at, "2026-03-09T17:00:00+07:00");
	s = eval(f, e, 2, &r, "2026-03-09T17:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_NEARLY_DUE);
	s = eval(f, e, 2, &r, "2026-03-10T17:00:01+07:00");
	assert_int_equal(s.verdict, VERDICT_OVERDUE);
	/* Finished on the new due day. */
	e[2] = stop("2026-03-10T12:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-10T12:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_ON_TIME);
	assert_int_equal(s.index_verdict, VERDICT_LATE);
	/* Before the original due day it is early either way. */
	e[2] = stop("2026-03-04T12:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-10T12:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_EARLY);
	assert_int_equal(s.index_verdict, VERDICT_EARLY);
}

/* A pause after a re-appointment moves both due times. */
static void test_pause_after_reappointment(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[4] = {
		start(MON_0900),
		reappoint("2026-03-04T09:00:00+07:00", "2026-03-10T17:00:00+07:00"),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-05T10:00:00+07:00"),
		resume("2026-03-06T10:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 4, &r, "2026-03-06T10:00:00+07:00");

	assert_int_equal(s.paused_s, DAY_S);
	expect_instant(s.due, "2026-03-11T17:00:00+07:00");
	expect_instant(s.original_due, "2026-03-06T17:00:00+07:00");
	assert_int_equal(s.index_verdict, VERDICT_NEARLY_DUE);
	/* A pause before the re-appointment moves only the original due time. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00");
	e[2] = resume("2026-03-04T10:00:00+07:00");
	e[3] = reappoint("2026-03-05T09:00:00+07:00", "2026-03-10T17:00:00+07:00");
	s = eval(f, e, 4, &r, "2026-03-05T10:00:00+07:00");
	expect_instant(s.due, "2026-03-10T17:00:00+07:00");
	expect_instant(s.original_due, "2026-03-06T17:00:00+07:00");
}

/*
 * A re-appointment made during a pause is a date chosen then: only the rest
 * of the pause moves it, while the original due time moves by all of it.
 */
static void test_reappointment_during_pause(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[4] = {
		start("2026-03-02T09:00:00+07:00"),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00"),
		reappoint("2026-03-04T09:00:00+07:00", "2026-03-10T17:00:00+07:00"),
		resume("2026-03-05T09:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 4, &r, "2026-03-05T10:00:00+07:00");

	/* 03/03 10:00-17:00 (5 h) + 03/04 (7.5 h) + 03/05 07:30-09:00 (1.5 h). */
	assert_int_equal(s.paused_s, 14 * HOUR_S);
	/* From 03/04 09:00 to 03/05 09:00 is one working day. */
	expect_instant(s.due, "2026-03-11T17:00:00+07:00");
	expect_instant(s.original_due, "2026-03-09T17:00:00+07:00");
}

/*
 * A re-appointment's new due time is rounded up to a close of office hours
 * for a dossier's day budget, never down: the applicant was given that date.
 */
static void test_reappointment_rounds_up(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	static const struct {
		const char *new_due, *due;
	} cases[] = {
		{"2026-03-10T10:00:00+07:00", "2026-03-10T17:00:00+07:00"},
		{"2026-03-10T17:00:00+07:00", "2026-03-10T17:00:00+07:00"},
		{"2026-03-10T12:00:00+07:00", "2026-03-10T17:00:00+07:00"},
		{"2026-03-10T13:30:00+07:00", "2026-03-10T17:00:00+07:00"},
		/* A date alone (local midnight), an opening time, a weekend, after close. */
		{"2026-03-10", "2026-03-10T17:00:00+07:00"},
		{"2026-03-10T07:30:00+07:00", "2026-03-10T17:00:00+07:00"},
		{"2026-03-07T10:00:00+07:00", "2026-03-09T17:00:00+07:00"},
		{"2026-03-10T18:00:00+07:00", "2026-03-11T17:00:00+07:00"},
		/* A holiday: the first working day after Tết. */
		{"2026-02-18T10:00:00+07:00", "2026-02-23T17:00:00+07:00"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct clock_entry e[2] = {
			start("2026-02-02T09:00:00+07:00"),
			reappoint("2026-02-05T09:00:00+07:00", cases[i].new_due),
		};
		struct clock_status s = eval(f, e, 2, &r, "2026-02-05T10:00:00+07:00");
		char buf[INSTANT_TEXT_SIZE];

		instant_format(s.due, buf);
		if (strcmp(buf, cases[i].due) != 0)
			fail_msg("new_due %s: due %s, want %s", cases[i].new_due, buf, cases[i].due);
		assert_true(s.due >= e[1].new_due);
		expect_instant(s.original_due, "2026-02-05T17:00:00+07:00");
	}
}

/* A pause of no working time never moves a due time, even one set off hours. */
static void test_pause_without_working_time(void **state)
{
	struct fixture *f = *state;
	struct clock_rule hours = rule(f, CLOCK_MODE_RECEPTION, DURATION_WORKING_HOURS, 8);
	struct clock_rule days = DOSSIER_3WD(f);
	struct clock_entry e[4] = {
		start(MON_0900),
		reappoint("2026-03-02T10:00:00+07:00", "2026-03-04T13:30:00+07:00"),
		pause_for(CLOCK_REASON_PAYMENT, "2026-03-02T17:30:00+07:00"),
		resume("2026-03-02T20:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 4, &hours, "2026-03-03T10:00:00+07:00");

	assert_int_equal(s.paused_s, 0);
	/* Working hours are not rounded: the new due as given. */
	expect_instant(s.due, "2026-03-04T13:30:00+07:00");
	/* Monday 09:00 + 8 working hours = Tuesday 09:30. */
	expect_instant(s.original_due, "2026-03-03T09:30:00+07:00");
	/* A weekend appointment with a day budget: Monday's close, pause or not. */
	e[1] = reappoint("2026-03-02T10:00:00+07:00", "2026-03-07T10:00:00+07:00");
	s = eval(f, e, 2, &days, "2026-03-03T10:00:00+07:00");
	expect_instant(s.due, "2026-03-09T17:00:00+07:00");
	s = eval(f, e, 4, &days, "2026-03-03T10:00:00+07:00");
	expect_instant(s.due, "2026-03-09T17:00:00+07:00");
	expect_instant(s.original_due, "2026-03-05T17:00:00+07:00");
}

/* Calendar-day budgets: pauses move the due time by calendar time. */
static void test_calendar_days_budget(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = rule(f, CLOCK_MODE_RECEPTION, DURATION_CALENDAR_DAYS, 10);
	struct clock_rule step = rule(f, CLOCK_MODE_ELAPSED, DURATION_CALENDAR_DAYS, 10);
	struct clock_entry e[3] = {
		start(MON_0900),
		pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00"),
		resume("2026-03-05T10:00:00+07:00"), /* 2 calendar days */
	};
	struct clock_status s = eval(f, e, 1, &r, "2026-03-03T10:00:00+07:00");

	expect_instant(s.due, "2026-03-12T17:00:00+07:00");
	/* + 2 days = Saturday 14/03 17:00, moved to Monday's close. */
	s = eval(f, e, 3, &r, "2026-03-05T10:00:00+07:00");
	expect_instant(s.due, "2026-03-16T17:00:00+07:00");
	/* paused_s counts working seconds: Tuesday 10:00 → Thursday 10:00. */
	assert_int_equal(s.paused_s, 2 * DAY_S);
	/* + 12 h = Friday 05:00, rounded to Friday's close. */
	e[2] = resume("2026-03-03T22:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-05T10:00:00+07:00");
	expect_instant(s.due, "2026-03-13T17:00:00+07:00");
	/* + 27 h = Friday 20:00, after the close: Monday. */
	e[2] = resume("2026-03-04T13:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-05T10:00:00+07:00");
	expect_instant(s.due, "2026-03-16T17:00:00+07:00");
	/* A pause over a weekend night still counts for calendar days. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-06T18:00:00+07:00");
	e[2] = resume("2026-03-07T18:00:00+07:00");
	s = eval(f, e, 3, &r, "2026-03-09T10:00:00+07:00");
	assert_int_equal(s.paused_s, 0);
	expect_instant(s.due, "2026-03-13T17:00:00+07:00");
	/* A step: exact calendar time, no rounding. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00");
	e[2] = resume("2026-03-05T10:00:00+07:00");
	s = eval(f, e, 1, &step, "2026-03-03T10:00:00+07:00");
	expect_instant(s.due, "2026-03-12T09:00:00+07:00");
	s = eval(f, e, 3, &step, "2026-03-05T10:00:00+07:00");
	expect_instant(s.due, "2026-03-14T09:00:00+07:00");
	/* An open pause: calendar time up to now. */
	s = eval(f, e, 2, &step, "2026-03-04T10:00:00+07:00");
	expect_instant(s.due, "2026-03-13T09:00:00+07:00");
}

/* Steps: working-hour and working-day budgets in exact working time. */
static void test_elapsed_budgets(void **state)
{
	struct fixture *f = *state;
	struct clock_rule hours = rule(f, CLOCK_MODE_ELAPSED, DURATION_WORKING_HOURS, 8);
	struct clock_rule days = rule(f, CLOCK_MODE_ELAPSED, DURATION_WORKING_DAYS, 2);
	struct clock_rule same = rule(f, CLOCK_MODE_ELAPSED, DURATION_SAME_DAY, 0);
	struct clock_entry e[4] = {
		start("2026-03-02T14:00:00+07:00"),
		pause_for(CLOCK_REASON_PAYMENT, "2026-03-02T15:00:00+07:00"),
		resume("2026-03-02T16:00:00+07:00"),
		stop("2026-03-03T15:00:00+07:00"),
	};
	struct clock_status s = eval(f, e, 1, &hours, "2026-03-02T14:00:00+07:00");

	/* Monday 14:00 + 8 h: 3 h on Monday, 5 h on Tuesday. */
	expect_instant(s.due, "2026-03-03T14:30:00+07:00");
	s = eval(f, e, 4, &hours, "2026-03-03T15:00:00+07:00");
	expect_instant(s.due, "2026-03-03T15:30:00+07:00");
	assert_int_equal(s.paused_s, HOUR_S);
	assert_int_equal(s.used_s, 7 * HOUR_S + 30 * MIN_S);
	assert_int_equal(s.verdict, VERDICT_ON_TIME);
	e[3] = stop("2026-03-03T15:30:01+07:00");
	s = eval(f, e, 4, &hours, "2026-03-03T15:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_LATE);
	/* 2 working days of a step from Friday before Tết: 15 h of office hours. */
	e[0] = start("2026-02-13T10:00:00+07:00");
	s = eval(f, e, 1, &days, "2026-02-13T10:00:00+07:00");
	expect_instant(s.due, "2026-02-24T10:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	expect_instant(s.warn_at, "2026-02-23T10:00:00+07:00");
	e[1] = stop("2026-02-24T09:00:00+07:00");
	s = eval(f, e, 2, &days, "2026-02-24T09:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_ON_TIME);
	assert_int_equal(s.used_s, 5 * HOUR_S + 7 * HOUR_S + 30 * MIN_S + 90 * MIN_S);
	e[1] = stop("2026-02-23T16:00:00+07:00");
	s = eval(f, e, 2, &days, "2026-02-24T09:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_EARLY);
	e[1] = stop("2026-02-24T10:00:01+07:00");
	s = eval(f, e, 2, &days, "2026-02-24T09:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_LATE);
	/* Same day: the close of the start day. */
	e[0] = start("2026-03-02T10:00:00+07:00");
	s = eval(f, e, 1, &same, "2026-03-02T10:00:00+07:00");
	expect_instant(s.due, "2026-03-02T17:00:00+07:00");
}

/* A dossier with a working-hour budget: not rounded, counted from reception. */
static void test_reception_working_hours(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = rule(f, CLOCK_MODE_RECEPTION, DURATION_WORKING_HOURS, 8);
	struct clock_entry e[1] = {start("2026-03-02T16:00:00+07:00")};
	struct clock_status s = eval(f, e, 1, &r, "2026-03-03T07:59:59+07:00");

	/* After the cut-off: 8 h from Tuesday's opening. */
	expect_instant(s.due, "2026-03-04T08:00:00+07:00");
	expect_instant(s.warn_at, "2026-03-03T08:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_WITHIN_TIME);
	s = eval(f, e, 1, &r, "2026-03-03T08:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_NEARLY_DUE);
	/* Same day and calendar days of a dossier. */
	r = rule(f, CLOCK_MODE_RECEPTION, DURATION_SAME_DAY, 0);
	e[0] = start("2026-03-02T10:00:00+07:00");
	s = eval(f, e, 1, &r, "2026-03-02T10:00:00+07:00");
	expect_instant(s.due, "2026-03-02T17:00:00+07:00");
	assert_int_equal(s.verdict, VERDICT_NEARLY_DUE);
}

static void test_eval_errors(void **state)
{
	struct fixture *f = *state;
	struct clock_rule r = DOSSIER_3WD(f);
	struct clock_entry e[2] = {start(MON_0900), stop("2026-03-03T10:00:00+07:00")};
	struct clock_status s;

	r.budget.amount = -1;
	assert_int_equal(clock_eval(e, 2, &r, &f->wt, at(MON_0900), &s), ERR_INVALID);
	r.budget.amount = DURATION_DAYS_MAX + 1;
	assert_int_equal(clock_eval(e, 2, &r, &f->wt, at(MON_0900), &s), ERR_INVALID);
	r.budget.amount = 3;
	r.budget.unit = DURATION_UNIT_COUNT;
	assert_int_equal(clock_eval(e, 2, &r, &f->wt, at(MON_0900), &s), ERR_INVALID);
	/* Outside the calendar. */
	r = DOSSIER_3WD(f);
	e[0] = start("2019-12-30T09:00:00+07:00");
	assert_int_equal(clock_eval(e, 1, &r, &f->wt, at(MON_0900), &s), ERR_RANGE);
	e[0] = start("2030-12-30T09:00:00+07:00");
	assert_int_equal(clock_eval(e, 1, &r, &f->wt, at(MON_0900), &s), ERR_RANGE);
	r = rule(f, CLOCK_MODE_ELAPSED, DURATION_WORKING_DAYS, 3);
	assert_int_equal(clock_eval(e, 1, &r, &f->wt, at(MON_0900), &s), ERR_RANGE);
	/* now beyond the calendar while open. */
	e[0] = start(MON_0900);
	assert_int_equal(clock_eval(e, 1, &r, &f->wt, at("2031-06-01T00:00:00+07:00"), &s),
			 ERR_RANGE);
	/* A pause open beyond the calendar. */
	e[1] = pause_for(CLOCK_REASON_SUPPLEMENT, "2026-03-03T10:00:00+07:00");
	assert_int_equal(clock_eval(e, 2, &r, &f->wt, at("2031-06-01T00:00:00+07:00"), &s),
			 ERR_RANGE);
	/* A new due time beyond the calendar (a step's is not rounded). */
	e[1] = reappoint("2026-03-03T10:00:00+07:00", "2031-06-01T10:00:00+07:00");
	assert_int_equal(clock_eval(e, 2, &r, &f->wt, at("2026-03-04T10:00:00+07:00"), &s),
			 ERR_RANGE);
	r = DOSSIER_3WD(f);
	assert_int_equal(clock_eval(e, 2, &r, &f->wt, at("2026-03-04T10:00:00+07:00"), &s),
			 ERR_RANGE);
}

/* R-DOS-5: an apology no later than 1 working day before the due time. */
static void test_apology_deadline(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *due, *deadline;
	} cases[] = {
		{"2026-03-05T17:00:00+07:00", "2026-03-04T17:00:00+07:00"},
		/* Across a weekend. */
		{"2026-03-09T17:00:00+07:00", "2026-03-06T17:00:00+07:00"},
		/* Across Tết 2026. */
		{"2026-02-23T17:00:00+07:00", "2026-02-13T17:00:00+07:00"},
		{"2026-02-24T17:00:00+07:00", "2026-02-23T17:00:00+07:00"},
		/* Across the make-up Saturday 10/01/2026. */
		{"2026-01-12T17:00:00+07:00", "2026-01-10T17:00:00+07:00"},
		/* Within a day. */
		{"2026-03-03T10:00:00+07:00", "2026-03-02T10:00:00+07:00"},
		{"2026-03-03T14:00:00+07:00", "2026-03-02T14:00:00+07:00"},
	};
	int64_t d;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(clock_apology_deadline(&f->wt, at(cases[i].due), &d), 0);
		expect_instant(d, cases[i].deadline);
	}
	assert_int_equal(clock_apology_deadline(&f->wt, at("2019-06-01T10:00:00+07:00"), &d),
			 ERR_RANGE);
	assert_int_equal(clock_apology_deadline(&f->wt, at("2031-06-01T10:00:00+07:00"), &d),
			 ERR_RANGE);
}

static void test_names(void **state)
{
	static const char *const verdicts[VERDICT_COUNT] = {
		[VERDICT_NONE] = "none",
		[VERDICT_EARLY] = "early",
		[VERDICT_ON_TIME] = "on_time",
		[VERDICT_LATE] = "late",
		[VERDICT_WITHIN_TIME] = "within_time",
		[VERDICT_NEARLY_DUE] = "nearly_due",
		[VERDICT_OVERDUE] = "overdue",
	};
	static const char *const bad[] = {"", "Start", "start ", "sta", "supplements", "unknown"};
	enum clock_kind k;
	enum clock_reason r;

	(void)state;
	for (int i = 0; i < VERDICT_COUNT; i++)
		assert_string_equal(verdict_name((enum verdict)i), verdicts[i]);
	assert_string_equal(verdict_name(VERDICT_COUNT), "unknown");
	for (int i = 0; i < CLOCK_KIND_COUNT; i++) {
		const char *n = clock_kind_name((enum clock_kind)i);

		assert_string_not_equal(n, "unknown");
		assert_int_equal(clock_kind_parse(n, strlen(n), &k), 0);
		assert_int_equal(k, i);
	}
	assert_string_equal(clock_kind_name(CLOCK_START), "start");
	assert_string_equal(clock_kind_name(CLOCK_REAPPOINT), "reappoint");
	assert_string_equal(clock_kind_name(CLOCK_KIND_COUNT), "unknown");
	for (int i = 0; i < CLOCK_REASON_COUNT; i++) {
		const char *n = clock_reason_name((enum clock_reason)i);

		assert_string_not_equal(n, "unknown");
		assert_int_equal(clock_reason_parse(n, strlen(n), &r), 0);
		assert_int_equal(r, i);
	}
	assert_string_equal(clock_reason_name(CLOCK_REASON_SUPPLEMENT), "supplement");
	assert_string_equal(clock_reason_name(CLOCK_REASON_PAYMENT), "payment");
	assert_string_equal(clock_reason_name(CLOCK_REASON_COUNT), "unknown");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		k = CLOCK_STOP;
		r = CLOCK_REASON_RESULT;
		assert_int_equal(clock_kind_parse(bad[i], strlen(bad[i]), &k), ERR_INVALID);
		assert_int_equal(clock_reason_parse(bad[i], strlen(bad[i]), &r), ERR_INVALID);
		assert_int_equal(k, CLOCK_STOP);
		assert_int_equal(r, CLOCK_REASON_RESULT);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rule_make),
		T(test_idle),
		T(test_check_rejects),
		T(test_check_rejects_time_and_stop),
		cmocka_unit_test(test_check_accepts),
		T(test_finished_verdicts),
		T(test_open_verdicts),
		T(test_due_across_tet),
		T(test_supplement_pause),
		T(test_elapsed_pause_exact),
		T(test_open_pause),
		T(test_stop_while_paused),
		T(test_counts),
		T(test_reappointment),
		T(test_pause_after_reappointment),
		T(test_reappointment_during_pause),
		T(test_reappointment_rounds_up),
		T(test_pause_without_working_time),
		T(test_calendar_days_budget),
		T(test_elapsed_budgets),
		T(test_reception_working_hours),
		T(test_eval_errors),
		T(test_apology_deadline),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
