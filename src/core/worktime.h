/*
 * worktime.h: office hours and deadlines in working time (R-CAL-4).
 *
 * Working time is measured as a position: the number of working seconds
 * from the start of the calendar to an instant, counting only office hours
 * of working days. Positions make every query O(1): the time worked between
 * two instants is a difference of positions, and adding working time is a
 * sum followed by one inverse lookup.
 *
 * Pure; thread-safe as long as the calendar is not being changed.
 */
#ifndef MOTCUA_CORE_WORKTIME_H
#define MOTCUA_CORE_WORKTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

#define OFFICE_SPANS_MAX 4
/* Longest text office_hours_parse() accepts. */
#define OFFICE_HOURS_TEXT_MAX 64

/* A unit's office hours, the same on every working day. */
struct office_hours {
	int n_spans;
	struct {
		int32_t start_s, end_s; /* seconds after local midnight */
	} span[OFFICE_SPANS_MAX];
	int32_t cutoff_s; /* paper reception cut-off (R-CAL-4), seconds */
};

/* 07:30–11:30 and 13:30–17:00, cut-off 15:00 (R-CAL-4 defaults). */
void office_hours_default(struct office_hours *oh);

/*
 * Spans must be non-empty, increasing and not overlapping, within the day;
 * the cut-off within the day. Returns 0 or ERR_INVALID.
 */
int office_hours_validate(const struct office_hours *oh);

/*
 * Parses "07:30-11:30,13:30-17:00" (spans only; the cut-off is kept).
 * Returns 0, ERR_INVALID or ERR_TOO_LARGE; *oh is changed only on success.
 */
int office_hours_parse(const char *s, size_t len, struct office_hours *oh);

/* Parses exactly "HH:MM" (00:00-24:00) to seconds. 0 or ERR_INVALID. */
int office_hours_parse_time(const char *s, size_t len, int32_t *sec);

/* Seconds of office hours in one working day. */
int32_t office_hours_day_s(const struct office_hours *oh);

/* A calendar with the office hours of one unit. Neither is owned. */
struct worktime {
	const struct calendar *cal;
	const struct office_hours *hours;
};

enum duration_unit {
	DURATION_WORKING_DAYS,
	DURATION_WORKING_HOURS,
	DURATION_CALENDAR_DAYS,
	DURATION_SAME_DAY,
	DURATION_UNIT_COUNT
};

/* Largest amount accepted, per unit (about ten years). */
#define DURATION_DAYS_MAX 3650
#define DURATION_HOURS_MAX 20000

struct duration {
	enum duration_unit unit;
	int32_t amount;
};

/* "working_days", "working_hours", "calendar_days", "same_day". */
const char *duration_unit_name(enum duration_unit unit);
/* 0 or ERR_INVALID. */
int duration_unit_parse(const char *s, size_t len, enum duration_unit *unit);
/* 0, or ERR_INVALID for a negative amount or one over the maximum. */
int duration_validate(struct duration d);

/* Position of instant t. 0 or ERR_RANGE. */
int worktime_position(const struct worktime *wt, int64_t t, int64_t *pos);

/*
 * The instant at which `pos` working seconds are reached: the end of the
 * last counted second, so a position at the end of a day gives that day's
 * closing time, not the next opening. 0 or ERR_RANGE.
 */
int worktime_instant(const struct worktime *wt, int64_t pos, int64_t *t);

/* Working seconds between two instants (negative if to < from). */
int worktime_between(const struct worktime *wt, int64_t from, int64_t to, int64_t *seconds);

/* The instant `seconds` of working time after t. 0 or ERR_RANGE. */
int worktime_add(const struct worktime *wt, int64_t t, int64_t seconds, int64_t *out);

/* Closing time of office hours on local day `day`. */
int64_t worktime_close(const struct worktime *wt, int32_t day);

/*
 * The reception day of something received at t (R-CAL-4): the day itself
 * when it is a working day and t is before the cut-off, else the next
 * working day. 0 or ERR_RANGE.
 */
int worktime_reception_day(const struct worktime *wt, int64_t t, int32_t *day);

/*
 * The appointment (due) time of a dossier received at t (R-CAL-4):
 * - working days: close of the n-th working day after the reception day;
 * - working hours: n office hours from reception (from the opening of the
 *   reception day when received after the cut-off or on a day off);
 * - calendar days: close of the n-th day after the reception day, moved to
 *   the next working day if that is a day off;
 * - same day: close of the reception day (the amount is not used).
 * Returns 0, ERR_INVALID (bad duration) or ERR_RANGE.
 */
int worktime_due(const struct worktime *wt, int64_t t, struct duration d, int64_t *due);

#endif
