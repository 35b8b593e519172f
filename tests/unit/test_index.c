/*
 * Tests of core/index: the Decision 766 rules as data, the score
 * formulas and their edges, classification bands, the clock facts of a
 * dossier (index due without re-appointments, pauses excluded, late once
 * late for good), the judgement of a dossier in a period (unfinished ones
 * at the end of the period, more than one supplement request ⇒ late), the
 * tally and the scores over it (no data, scaling over indicators with data).
 *
 * Cases run in March 2026 (no holiday): Monday 2026-03-02 … Friday 03-06,
 * Monday 03-09 … Friday 03-13.
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/err.h"
#include "core/index.h"
#include "core/worktime.h"

#include "testutil.h"

#define MON "2026-03-02T09:00:00+07:00"
#define THU_DUE "2026-03-05T17:00:00+07:00"
#define EPS 1e-9

static const struct index_rules *v1(void)
{
	return index_rules_for(day_of("2026-03-01"));
}

static const struct index_indicator_def *ind(enum index_indicator i)
{
	return &v1()->indicators[i];
}

/* --- the rules as data --- */

static void test_rules_points_add_up(void **state)
{
	const struct index_rules *r = v1();
	double total = 0, groups[INDEX_GROUPS_MAX] = {0}, gsum = 0;

	(void)state;
	for (int i = 0; i < IND_COUNT; i++) {
		const struct index_indicator_def *d = &r->indicators[i];

		assert_int_equal(d->ind, i); /* the table is in enum order */
		assert_true(d->group >= 0 && d->group < r->n_groups);
		assert_true(d->max > 0);
		assert_true(d->threshold >= 0 && d->threshold < 1);
		assert_non_null(d->source);
		assert_true(strlen(d->source) > 10);
		total += d->max;
		groups[d->group] += d->max;
	}
	assert_true(fabs(total - 100) < EPS);
	for (int g = 0; g < r->n_groups; g++) {
		assert_true(fabs(groups[g] - r->groups[g].max) < EPS);
		gsum += r->groups[g].max;
	}
	assert_true(fabs(gsum - 100) < EPS);
	/* DOMAIN.md §9: the group points as published, and the named ones. */
	assert_true(fabs(r->groups[0].max - 18) < EPS && fabs(r->groups[1].max - 20) < EPS);
	assert_true(fabs(r->groups[2].max - 12) < EPS && fabs(r->groups[3].max - 10) < EPS);
	assert_true(fabs(r->groups[4].max - 18) < EPS && fabs(r->groups[5].max - 22) < EPS);
	assert_true(fabs(ind(IND_2_1)->max - 20) < EPS);
	assert_true(fabs(ind(IND_1_4)->max - 6) < EPS && fabs(ind(IND_5_4)->max - 6) < EPS);
	assert_true(fabs(ind(IND_5_4)->threshold - 0.9) < EPS);
	assert_true(fabs(ind(IND_3_3)->threshold - 0.5) < EPS);
	assert_true(fabs(ind(IND_3_1)->threshold - 0.8) < EPS);
	assert_true(fabs(ind(IND_4_2)->threshold - 0.8) < EPS);
}

static void test_rules_versions(void **state)
{
	size_t n;
	const struct index_rules *const *all = index_rules_all(&n);

	(void)state;
	assert_true(n >= 1);
	for (size_t i = 1; i < n; i++)
		assert_true(all[i]->effective_from > all[i - 1]->effective_from);
	/* Before the first rule set, the first one; on and after each, that one. */
	assert_ptr_equal(index_rules_for(day_of("2000-01-01")), all[0]);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(index_rules_for(all[i]->effective_from), all[i]);
		assert_int_equal(all[i]->version, (int)i + 1);
	}
	assert_int_equal(all[0]->effective_from, day_of("2022-06-23"));
}

/* --- formulas --- */

static void test_score_no_data(void **state)
{
	double rate = 0;

	(void)state;
	for (int i = 0; i < IND_COUNT; i++) {
		assert_true(isnan(index_score(ind(i), 0, 0, 1, &rate)));
		assert_true(isnan(rate));
		assert_true(isnan(index_score(ind(i), 5, 0, 1, &rate)));
	}
}

static void test_score_linear(void **state)
{
	double rate;

	(void)state;
	/* 2.1: R · Pmax */
	assert_true(fabs(index_score(ind(IND_2_1), 9, 10, 1, &rate) - 18) < EPS);
	assert_true(fabs(rate - 0.9) < EPS);
	assert_true(fabs(index_score(ind(IND_2_1), 0, 10, 1, &rate)) < EPS);
	assert_true(fabs(index_score(ind(IND_2_1), 10, 10, 1, &rate) - 20) < EPS);
	/* A numerator above the denominator is capped at 100%. */
	assert_true(fabs(index_score(ind(IND_2_1), 11, 10, 1, &rate) - 20) < EPS);
	assert_true(fabs(rate - 1) < EPS);
	assert_true(fabs(index_score(ind(IND_1_4), 1, 3, 1, &rate) - 2) < EPS);
}

static void test_score_threshold(void **state)
{
	double rate;

	(void)state;
	/* 5.4 (6 points, T 90%): Pmax at and above T, R/T · Pmax below. */
	assert_true(fabs(index_score(ind(IND_5_4), 90, 100, 1, &rate) - 6) < EPS);
	assert_true(fabs(index_score(ind(IND_5_4), 95, 100, 1, &rate) - 6) < EPS);
	assert_true(fabs(index_score(ind(IND_5_4), 45, 100, 1, &rate) - 3) < EPS);
	assert_true(fabs(index_score(ind(IND_5_4), 89, 100, 1, &rate) - 0.89 / 0.9 * 6) < EPS);
	assert_true(fabs(index_score(ind(IND_5_4), 0, 100, 1, &rate)) < EPS);
	/* 3.3 (T 50%) with the sync ratio as factor: 80% online × 50% synced = 40%. */
	assert_true(fabs(index_score(ind(IND_3_3), 8, 10, 0.5, &rate) - 0.4 / 0.5 * 4) < EPS);
	assert_true(fabs(rate - 0.4) < EPS);
	/* Nothing synced: 0, honestly. */
	assert_true(fabs(index_score(ind(IND_3_3), 8, 10, 0, &rate)) < EPS);
	assert_true(fabs(index_score(ind(IND_3_3), 5, 10, 1, &rate) - 4) < EPS);
}

static void test_bands(void **state)
{
	const struct index_rules *r = v1();

	(void)state;
	assert_string_equal(index_band_of(r, 100)->id, "excellent");
	assert_string_equal(index_band_of(r, 90)->id, "excellent");
	assert_string_equal(index_band_of(r, 89.99)->id, "good");
	assert_string_equal(index_band_of(r, 80)->id, "good");
	assert_string_equal(index_band_of(r, 79.99)->id, "fair");
	assert_string_equal(index_band_of(r, 70)->id, "fair");
	assert_string_equal(index_band_of(r, 50)->id, "average");
	assert_string_equal(index_band_of(r, 49.99)->id, "weak");
	assert_string_equal(index_band_of(r, 0)->id, "weak");
	/* Only the bounds DOMAIN.md states are not marked "verify". */
	assert_false(index_band_of(r, 95)->verify);
	assert_false(index_band_of(r, 10)->verify);
	assert_true(index_band_of(r, 85)->verify);
	for (int i = 1; i < r->n_bands; i++)
		assert_true(r->bands[i].min < r->bands[i - 1].min);
	assert_true(r->bands[r->n_bands - 1].min == 0);
}

/* --- clock facts --- */

static struct clock_entry ent(enum clock_kind k, enum clock_reason why, const char *iso)
{
	return (struct clock_entry){k, why, at(iso), 0};
}

static struct clock_rule days3(const struct fixture *f)
{
	return clock_rule_make(CLOCK_MODE_RECEPTION, (struct duration){DURATION_WORKING_DAYS, 3},
			       &f->wt);
}

static struct index_fact facts_of(const struct fixture *f, const struct clock_entry *e, size_t n)
{
	struct clock_rule r = days3(f);
	struct index_fact x;

	memset(&x, 0, sizeof(x));
	assert_int_equal(index_clock_facts(e, n, &r, &f->wt, &x), 0);
	return x;
}

static void test_clock_empty(void **state)
{
	struct index_fact x = facts_of(*state, NULL, 0);

	assert_int_equal(x.index_due, 0);
	assert_true(x.late_at == INDEX_NEVER && x.warn_at == INDEX_NEVER);
}

static void test_clock_running(void **state)
{
	struct clock_entry e[] = {ent(CLOCK_START, CLOCK_REASON_RECEPTION, MON)};
	struct index_fact x = facts_of(*state, e, 1);

	/* Received Monday 09:00, 3 working days: due Thursday 17:00, passed then. */
	expect_instant(x.index_due, THU_DUE);
	expect_instant(x.late_at, THU_DUE);
	/* Nearly due one working day before. */
	assert_true(x.warn_at < x.late_at && x.warn_at >= at("2026-03-04T17:00:00+07:00"));
}

static void test_clock_finished(void **state)
{
	struct clock_entry ok[] = {ent(CLOCK_START, CLOCK_REASON_RECEPTION, MON),
				   ent(CLOCK_STOP, CLOCK_REASON_RESULT, THU_DUE)};
	struct clock_entry late[] = {ent(CLOCK_START, CLOCK_REASON_RECEPTION, MON),
				     ent(CLOCK_STOP, CLOCK_REASON_RESULT, "2026-03-05T17:00:01+07:00")};
	struct index_fact x = facts_of(*state, ok, 2);

	/* Ended exactly at the due time: on time, never late; the warning point kept. */
	assert_true(x.late_at == INDEX_NEVER);
	assert_true(x.warn_at < x.index_due && x.warn_at >= at("2026-03-04T17:00:00+07:00"));
	expect_instant(x.index_due, THU_DUE);
	x = facts_of(*state, late, 2);
	expect_instant(x.late_at, THU_DUE);
}

static void test_clock_supplement_excluded(void **state)
{
	/* A supplement asked Tuesday 09:00 and brought Wednesday 09:00: one working day. */
	struct clock_entry e[] = {
		ent(CLOCK_START, CLOCK_REASON_RECEPTION, MON),
		ent(CLOCK_PAUSE, CLOCK_REASON_SUPPLEMENT, "2026-03-03T09:00:00+07:00"),
		ent(CLOCK_RESUME, CLOCK_REASON_SUPPLEMENT, "2026-03-04T09:00:00+07:00"),
		ent(CLOCK_STOP, CLOCK_REASON_RESULT, "2026-03-06T16:00:00+07:00"),
	};
	struct index_fact x = facts_of(*state, e, 2);

	/* While paused the due time moves: not late, no warning. */
	assert_true(x.late_at == INDEX_NEVER && x.warn_at == INDEX_NEVER);
	x = facts_of(*state, e, 3);
	expect_instant(x.late_at, "2026-03-06T17:00:00+07:00");
	x = facts_of(*state, e, 4);
	assert_true(x.late_at == INDEX_NEVER);
	expect_instant(x.index_due, "2026-03-06T17:00:00+07:00");
}

static void test_clock_reappointment_does_not_move(void **state)
{
	struct clock_entry e[] = {
		ent(CLOCK_START, CLOCK_REASON_RECEPTION, MON),
		ent(CLOCK_REAPPOINT, CLOCK_REASON_APOLOGY, "2026-03-04T09:00:00+07:00"),
		ent(CLOCK_STOP, CLOCK_REASON_RESULT, "2026-03-09T10:00:00+07:00"),
	};
	struct index_fact x;

	e[1].new_due = at("2026-03-10T17:00:00+07:00");
	x = facts_of(*state, e, 3);
	/* Finished before the new appointment, after the original due: late for the index. */
	expect_instant(x.index_due, THU_DUE);
	expect_instant(x.late_at, THU_DUE);
}

static void test_clock_late_stays_late(void **state)
{
	/* Overdue since Thursday 17:00, then a payment pause and a stop: still late then. */
	struct clock_entry e[] = {
		ent(CLOCK_START, CLOCK_REASON_RECEPTION, MON),
		ent(CLOCK_PAUSE, CLOCK_REASON_PAYMENT, "2026-03-06T09:00:00+07:00"),
		ent(CLOCK_RESUME, CLOCK_REASON_PAYMENT, "2026-03-09T09:00:00+07:00"),
		ent(CLOCK_STOP, CLOCK_REASON_RESULT, "2026-03-09T10:00:00+07:00"),
	};

	for (size_t n = 2; n <= 4; n++)
		expect_instant(facts_of(*state, e, n).late_at, THU_DUE);
}

/* --- judging a dossier in a period --- */

static struct index_fact fact(const char *received, const char *end, const char *due)
{
	struct index_fact f;

	memset(&f, 0, sizeof(f));
	f.received_at = received ? at(received) : INDEX_NEVER;
	f.end_at = end ? at(end) : INDEX_NEVER;
	f.end_kind = end ? INDEX_END_DONE : INDEX_END_NONE;
	f.index_due = due ? at(due) : 0;
	f.late_at = !due ? INDEX_NEVER : end && at(end) <= at(due) ? INDEX_NEVER : at(due);
	f.warn_at = end || !due ? INDEX_NEVER : at(due) - 8 * HOUR_S;
	f.second_supplement_at = INDEX_NEVER;
	f.channel = 1;
	return f;
}

#define P_FROM "2026-03-01T00:00:00+07:00"
#define P_TO "2026-04-01T00:00:00+07:00"

static enum index_status judge(const struct index_fact *f, const char *judged)
{
	return index_judge(f, at(P_FROM), at(judged ? judged : P_TO));
}

static void test_judge_population(void **state)
{
	struct index_fact never = fact(NULL, NULL, NULL);
	struct index_fact before = fact("2026-02-02T09:00:00+07:00", "2026-02-27T10:00:00+07:00",
					"2026-02-27T17:00:00+07:00");
	struct index_fact after = fact("2026-04-01T08:00:00+07:00", NULL, "2026-04-06T17:00:00+07:00");
	struct index_fact carried = fact("2026-02-26T09:00:00+07:00", "2026-03-02T10:00:00+07:00",
					 "2026-03-03T17:00:00+07:00");
	struct index_tally t = {0};

	(void)state;
	assert_int_equal(judge(&never, NULL), INDEX_OUT);  /* never received */
	assert_int_equal(judge(&before, NULL), INDEX_OUT); /* ended before the period */
	assert_int_equal(judge(&after, NULL), INDEX_OUT);  /* received after it */
	assert_int_equal(judge(&carried, NULL), INDEX_EARLY);
	/* Ended exactly at the period's start: still processed in it. */
	before.end_at = at(P_FROM);
	before.late_at = before.index_due;
	assert_int_equal(judge(&before, NULL), INDEX_LATE);
	index_tally_add(&t, &carried, at(P_FROM), at(P_TO));
	index_tally_add(&t, &never, at(P_FROM), at(P_TO));
	assert_int_equal(t.population, 1);
	assert_int_equal(t.carried_over, 1);
	assert_int_equal(t.received, 0);
}

static void test_judge_finished(void **state)
{
	struct index_fact early = fact(MON, "2026-03-04T10:00:00+07:00", THU_DUE);
	struct index_fact on_time = fact(MON, "2026-03-05T16:59:59+07:00", THU_DUE);
	struct index_fact at_due = fact(MON, THU_DUE, THU_DUE);
	struct index_fact late = fact(MON, "2026-03-05T17:00:01+07:00", THU_DUE);

	(void)state;
	assert_int_equal(judge(&early, NULL), INDEX_EARLY);
	assert_int_equal(judge(&on_time, NULL), INDEX_ON_TIME);
	assert_int_equal(judge(&at_due, NULL), INDEX_ON_TIME);
	assert_int_equal(judge(&late, NULL), INDEX_LATE);
}

static void test_judge_unfinished_at_period_end(void **state)
{
	/* Open at the end of a period [03-01, 03-05): judged at 03-05 00:00. */
	const char *end = "2026-03-05T00:00:00+07:00";
	struct index_fact within = fact(MON, NULL, "2026-03-10T17:00:00+07:00");
	struct index_fact nearly = fact(MON, NULL, "2026-03-05T10:00:00+07:00");
	struct index_fact overdue = fact(MON, NULL, "2026-03-04T17:00:00+07:00");
	/* Finished late after the period: within time at the period's end. */
	struct index_fact later_late = fact(MON, "2026-03-11T09:00:00+07:00",
					    "2026-03-10T17:00:00+07:00");
	/* Overdue at the period's end, finished after it: overdue then. */
	struct index_fact was_overdue = fact(MON, "2026-03-06T09:00:00+07:00",
					     "2026-03-04T17:00:00+07:00");

	(void)state;
	later_late.warn_at = at("2026-03-09T17:00:00+07:00");
	nearly.warn_at = at("2026-03-04T10:00:00+07:00");
	assert_int_equal(judge(&within, end), INDEX_WITHIN);
	assert_int_equal(judge(&nearly, end), INDEX_NEARLY);
	assert_int_equal(judge(&overdue, end), INDEX_OVERDUE);
	assert_int_equal(judge(&later_late, end), INDEX_WITHIN);
	assert_int_equal(judge(&was_overdue, end), INDEX_OVERDUE);
	/* Judged after it finished, the same dossiers are finished. */
	assert_int_equal(judge(&later_late, NULL), INDEX_LATE);
	assert_int_equal(judge(&was_overdue, NULL), INDEX_LATE);
}

static void test_judge_second_supplement(void **state)
{
	struct index_fact f = fact(MON, "2026-03-04T10:00:00+07:00", THU_DUE);
	struct index_tally t = {0};

	(void)state;
	f.supplement_requests = 2;
	f.second_supplement_at = at("2026-03-03T09:00:00+07:00");
	/* Finished early by the clock, but asked to supplement twice: late. */
	assert_int_equal(judge(&f, NULL), INDEX_LATE);
	index_tally_add(&t, &f, at(P_FROM), at(P_TO));
	assert_int_equal(t.late_by_supplement, 1);
	/* Open: overdue once the second request was made, within time before. */
	f.end_at = INDEX_NEVER;
	f.end_kind = INDEX_END_NONE;
	f.late_at = INDEX_NEVER;
	f.warn_at = INDEX_NEVER;
	assert_int_equal(judge(&f, "2026-03-03T10:00:00+07:00"), INDEX_OVERDUE);
	assert_int_equal(judge(&f, "2026-03-03T08:00:00+07:00"), INDEX_WITHIN);
	/* One request only: no effect. */
	f.supplement_requests = 1;
	f.second_supplement_at = INDEX_NEVER;
	assert_int_equal(judge(&f, "2026-03-03T10:00:00+07:00"), INDEX_WITHIN);
}

/* --- tally and scores --- */

static void test_tally_counts(void **state)
{
	struct index_tally t = {0}, u = {0};
	struct index_fact a = fact(MON, "2026-03-04T10:00:00+07:00", THU_DUE);
	struct index_fact b = fact("2026-02-27T09:00:00+07:00", NULL, "2026-03-04T17:00:00+07:00");

	(void)state;
	a.channel = 2, a.vneid = true, a.fee_bearing = true, a.paid_online = true;
	a.electronic_result = true, a.has_files = true, a.synced = true;
	a.rating = RATING_NOT_SATISFIED;
	b.paid_online = true; /* not fee-bearing: not counted */
	b.rating = RATING_SATISFIED;
	index_tally_add(&t, &a, at(P_FROM), at(P_TO));
	index_tally_add(&t, &b, at(P_FROM), at(P_TO));
	assert_int_equal(t.population, 2);
	assert_int_equal(t.received, 1);
	assert_int_equal(t.carried_over, 1);
	assert_int_equal(t.by_status[INDEX_EARLY], 1);
	assert_int_equal(t.by_status[INDEX_OVERDUE], 1);
	assert_int_equal(index_tally_late(&t), 1);
	assert_int_equal(index_tally_on_time(&t), 1);
	assert_int_equal(t.online, 1);
	assert_int_equal(t.vneid, 1);
	assert_int_equal(t.fee_bearing, 1);
	assert_int_equal(t.paid_online, 1);
	assert_int_equal(t.with_result, 1);
	assert_int_equal(t.electronic_result, 1);
	assert_int_equal(t.digitised, 1);
	assert_int_equal(t.synced, 1);
	assert_int_equal(t.rated, 2);
	assert_int_equal(t.not_satisfied, 1);
	assert_true(fabs(index_late_rate(&t) - 0.5) < EPS);
	index_tally_merge(&u, &t);
	index_tally_merge(&u, &t);
	assert_int_equal(u.population, 4);
	assert_int_equal(u.by_status[INDEX_OVERDUE], 2);
	assert_int_equal(u.not_satisfied, 2);
	memset(&u, 0, sizeof(u));
	assert_true(isnan(index_late_rate(&u)));
}

static void test_compute_no_data(void **state)
{
	struct index_tally t = {0};
	struct index_result res;

	(void)state;
	index_compute(v1(), &t, &res);
	for (int i = 0; i < IND_COUNT; i++) {
		assert_false(res.ind[i].has_data);
		assert_true(isnan(res.ind[i].rate) && isnan(res.ind[i].score));
	}
	for (int g = 0; g < v1()->n_groups; g++)
		assert_true(isnan(res.groups[g].score));
	assert_true(isnan(res.total));
	assert_null(res.band);
}

static void test_compute_scaled(void **state)
{
	struct index_tally t = {0};
	struct index_result res;
	double raw, max;

	(void)state;
	t.population = t.received = 10;
	t.by_status[INDEX_EARLY] = 8;
	t.by_status[INDEX_LATE] = 1;
	t.by_status[INDEX_OVERDUE] = 1;
	t.online = 10;
	t.synced = 5;
	t.not_satisfied = 1;
	t.vneid = 10;
	index_compute(v1(), &t, &res);
	/* 2.1: 8/10 · 20 = 16 */
	assert_int_equal(res.ind[IND_2_1].num, 8);
	assert_true(fabs(res.ind[IND_2_1].score - 16) < EPS);
	/* 1.4: 5/10 · 6 = 3, the only publicity indicator with data: the group 3/6 · 18 = 9 */
	assert_true(fabs(res.ind[IND_1_4].score - 3) < EPS);
	assert_true(fabs(res.groups[0].score - 9) < EPS);
	assert_true(fabs(res.groups[0].max_with_data - 6) < EPS);
	/* 3.3: 100% online × 50% synced = 50% ≥ T 50%: 4 points */
	assert_true(fabs(res.ind[IND_3_3].factor - 0.5) < EPS);
	assert_true(fabs(res.ind[IND_3_3].score - 4) < EPS);
	/* 5.4: 100% − (20% late + 10% not satisfied) = 70% < 90%: 70/90 · 6 */
	assert_int_equal(res.ind[IND_5_4].num, 7);
	assert_true(fabs(res.ind[IND_5_4].score - 0.7 / 0.9 * 6) < EPS);
	/* 4.5: 10/10 · 4 */
	assert_true(fabs(res.ind[IND_4_5].score - 4) < EPS);
	/* No fees, no results, no procedures: no data there. */
	assert_false(res.ind[IND_3_6].has_data);
	assert_false(res.ind[IND_4_1].has_data);
	assert_false(res.ind[IND_3_1].has_data);
	assert_true(isnan(res.groups[3].score)); /* payment: nothing */
	raw = 16 + 3 + 4 + 0.7 / 0.9 * 6 + 4;
	max = 20 + 6 + 4 + 6 + 4;
	assert_true(fabs(res.raw_total - raw) < EPS);
	assert_true(fabs(res.max_with_data - max) < EPS);
	assert_true(fabs(res.total - 100 * raw / max) < EPS);
	assert_ptr_equal(res.band, index_band_of(v1(), res.total));
}

static void test_compute_satisfaction_floor(void **state)
{
	struct index_tally t = {0};
	struct index_result res;

	(void)state;
	/* Late and not satisfied count twice when both: the rate never goes below 0. */
	t.population = t.received = 2;
	t.by_status[INDEX_LATE] = 2;
	t.not_satisfied = 2;
	index_compute(v1(), &t, &res);
	assert_int_equal(res.ind[IND_5_4].num, 0);
	assert_true(fabs(res.ind[IND_5_4].score) < EPS);
	assert_true(fabs(res.ind[IND_2_1].score) < EPS);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(index_status_name(INDEX_NEARLY), "nearly_due");
	assert_string_equal(index_status_name(INDEX_STATUS_COUNT), "");
	assert_string_equal(index_end_name(INDEX_END_RETURNED), "returned");
	assert_string_equal(index_end_name(INDEX_END_COUNT), "");
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_points_add_up),
		cmocka_unit_test(test_rules_versions),
		cmocka_unit_test(test_score_no_data),
		cmocka_unit_test(test_score_linear),
		cmocka_unit_test(test_score_threshold),
		cmocka_unit_test(test_bands),
		T(test_clock_empty),
		T(test_clock_running),
		T(test_clock_finished),
		T(test_clock_supplement_excluded),
		T(test_clock_reappointment_does_not_move),
		T(test_clock_late_stays_late),
		cmocka_unit_test(test_judge_population),
		cmocka_unit_test(test_judge_finished),
		cmocka_unit_test(test_judge_unfinished_at_period_end),
		cmocka_unit_test(test_judge_second_supplement),
		cmocka_unit_test(test_tally_counts),
		cmocka_unit_test(test_compute_no_data),
		cmocka_unit_test(test_compute_scaled),
		cmocka_unit_test(test_compute_satisfaction_floor),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
