/*
 * budget.h: the time budgets of a procedure's internal process (R-CAT-2).
 *
 * Each step of a procedure has a budget in working hours or working days,
 * and the budgets add up to no more than the procedure's processing time.
 * Budgets are compared in office minutes with a nominal office day of 7.5 h
 * (07:30-11:30 + 13:30-17:00, R-CAL-4), never 8 h, the same rule as
 * tools/build_data.py:
 *   - working_days n: 7.5 n h;
 *   - working_hours n: n h;
 *   - same_day: 7.5 h (one office day; the amount is not used);
 *   - calendar_days n: 7.5 floor(5n/7) h, the nominal working days of n
 *     days (official days off inside the period can make it shorter).
 * A step's budget is working_hours or working_days with an amount of at
 * least 1.
 *
 * Pure; thread-safe; nothing is allocated.
 */
#ifndef MOTCUA_CORE_BUDGET_H
#define MOTCUA_CORE_BUDGET_H

#include <stdint.h>

#include "core/worktime.h"

/* Office minutes of the nominal office day. */
#define BUDGET_DAY_MINUTES 450

/*
 * The office minutes a processing time allows its steps. 0, or ERR_INVALID
 * for a duration duration_validate() rejects.
 */
int budget_capacity(struct duration processing_time, int64_t *minutes);

/*
 * The office minutes of one step's budget. 0, or ERR_INVALID when the unit
 * is not working_hours/working_days or the amount is below 1 or over the
 * duration maximum.
 */
int budget_step(struct duration step, int64_t *minutes);

struct budget_report {
	int bad_step;    /* index of a step with an invalid budget, or -1 */
	int64_t total;   /* office minutes of the valid steps */
	int64_t capacity; /* office minutes the processing time allows */
};

/*
 * Checks the budgets of steps[0..n) against the processing time (R-CAT-2).
 * Returns 0 when every budget is valid and they add up to no more than
 * the capacity; ERR_INVALID otherwise, with the report saying why (a bad
 * step, a bad processing time with capacity -1, or total > capacity). n
 * may be 0. report may not be NULL.
 */
int budget_check(struct duration processing_time, const struct duration *steps, int n,
		 struct budget_report *report);

/*
 * Writes minutes as hours with one decimal ("7.5", "40", "0.5") and a NUL
 * into out. Budgets are whole multiples of 30 minutes; finer amounts are
 * rounded down to a tenth of an hour.
 */
void budget_format_hours(int64_t minutes, char out[24]);

#endif
