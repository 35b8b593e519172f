/*
 * calendar.h: the working calendar (R-CAL-1, R-CAL-2).
 *
 * A struct calendar covers whole years [year_first, year_last] and knows,
 * for every day, whether it is a working day and why. Years start from a
 * documented default (docs/calendar.md): weekends off; the Labor Code's
 * holidays, with Tết and Hùng Kings' day from the lunar calendar; a
 * substitute day for a holiday on a weekend. calendar_set_year() replaces a
 * year by its official table (days off and make-up working weekend days),
 * and calendar_set_exception() records a unit's own exception (a centre
 * open on a holiday).
 *
 * Every query is O(1): the calendar keeps a per-day kind, a prefix sum of
 * working days and the list of working days. Changing a year or adding an
 * exception rebuilds the sums (O(days covered)).
 *
 * Ownership: the calendar owns its arrays and a copy of every name.
 * Thread-safety: queries only read, so any number of threads may query a
 * calendar that nobody changes.
 */
#ifndef MOTCUA_CORE_CALENDAR_H
#define MOTCUA_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum day_kind {
	DAY_WORKDAY,         /* an ordinary Monday–Friday */
	DAY_WEEKEND,         /* Saturday or Sunday */
	DAY_HOLIDAY,         /* a holiday on a weekday (Labor Code Art. 112) */
	DAY_SUBSTITUTE,      /* off in lieu of a holiday on a weekend (Art. 111) */
	DAY_SWAP,            /* a weekday swapped into a day off */
	DAY_WEEKEND_HOLIDAY, /* a weekend day inside a holiday */
	DAY_MAKEUP,          /* a weekend day worked to make up for a swap */
	DAY_UNIT_CLOSED,     /* a unit's exception: closed on a working day */
	DAY_UNIT_OPEN,       /* a unit's exception: open on a day off */
	DAY_KIND_COUNT
};

/* "workday", "weekend", "holiday", "substitute", "swap", … */
const char *day_kind_name(enum day_kind kind);
/* Parses the names above (len bytes); returns 0 or ERR_INVALID. */
int day_kind_parse(const char *s, size_t len, enum day_kind *kind);
bool day_kind_is_working(enum day_kind kind);

enum calendar_source {
	CALENDAR_DEFAULT,  /* computed by the default rules: check it */
	CALENDAR_OFFICIAL, /* loaded from an official table */
};

/* One line of an official table. `name` is copied by the calendar. */
struct calendar_entry {
	int32_t day;
	enum day_kind kind;
	const char *name;
};

/* A year's official table (the shape of data/calendar/ and of the API). */
struct calendar_year {
	int year;
	const struct calendar_entry *days_off;
	size_t n_days_off;
	const struct calendar_entry *working_days; /* weekend days worked */
	size_t n_working_days;
};

/* What calendar_day() tells about one day. `name` is owned by the calendar. */
struct calendar_day {
	enum day_kind kind;
	bool working;
	const char *name; /* NULL for ordinary workdays and weekends */
};

struct calendar {
	int year_first, year_last;
	int32_t day_first; /* day number of year_first-01-01 */
	int32_t n_days;
	uint8_t *kind;        /* enum day_kind per day */
	uint16_t *name;       /* 1-based index into names; 0 = none */
	int32_t *work_before; /* n_days + 1: working days before each day */
	int32_t *work_day;    /* the working days, as offsets from day_first */
	int32_t n_work;
	uint8_t *source; /* enum calendar_source per year */
	char **names;
	size_t n_names, names_cap;
};

/* Names the default rules give; tests and docs refer to them. */
#define CALENDAR_NAME_NEW_YEAR "Tết Dương lịch"
#define CALENDAR_NAME_TET "Tết Nguyên đán"
#define CALENDAR_NAME_HUNG_KINGS "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
#define CALENDAR_NAME_REUNIFICATION "Ngày Chiến thắng 30/4"
#define CALENDAR_NAME_LABOUR "Ngày Quốc tế Lao động 1/5"
#define CALENDAR_NAME_NATIONAL "Quốc khánh 2/9"
#define CALENDAR_NAME_NATIONAL_ADJACENT "Quốc khánh (ngày liền kề)"
#define CALENDAR_NAME_SUBSTITUTE "Nghỉ bù ngày lễ trùng ngày nghỉ hằng tuần"

/* The widest span a calendar may cover (the lunar calendar's). */
#define CALENDAR_YEAR_MIN 1900
#define CALENDAR_YEAR_MAX 2199

/*
 * Builds a calendar of the default rules for [year_first, year_last].
 * Returns 0, ERR_RANGE (years outside CALENDAR_YEAR_MIN..MAX or reversed)
 * or ERR_NOMEM. On error the calendar is left released.
 */
int calendar_init(struct calendar *cal, int year_first, int year_last);
/* Frees what the calendar owns; accepts a zeroed or released calendar. */
void calendar_release(struct calendar *cal);
/* Deep copy (for a unit with its own exceptions). 0 or ERR_NOMEM. */
int calendar_copy(struct calendar *dst, const struct calendar *src);

/*
 * Replaces a year by its official table. Days off must be in the year and
 * have a kind that is not working; working days must be weekend days of the
 * year, of kind DAY_MAKEUP, and not also days off. The year's unit
 * exceptions are replaced too: apply them again afterwards. Returns 0,
 * ERR_RANGE (year not covered), ERR_INVALID (the calendar is then
 * unchanged), ERR_TOO_LARGE (over 65,535 distinct names) or ERR_NOMEM.
 */
int calendar_set_year(struct calendar *cal, const struct calendar_year *table);

/*
 * Fills `out` with the default table of a year (the rules of
 * docs/calendar.md), entries sorted by day, names static. `out` must hold
 * CALENDAR_DEFAULT_ENTRIES_MAX entries. Returns the count, or ERR_RANGE.
 */
#define CALENDAR_DEFAULT_ENTRIES_MAX 24
int calendar_default_days_off(int year, struct calendar_entry *out);

/*
 * A unit's exception: the day becomes working (DAY_UNIT_OPEN) or not
 * (DAY_UNIT_CLOSED), with a name. 0, ERR_RANGE, ERR_TOO_LARGE or ERR_NOMEM.
 */
int calendar_set_exception(struct calendar *cal, int32_t day, bool working, const char *name);

/* Where a year's days come from; ERR_RANGE if the year is not covered. */
int calendar_year_source(const struct calendar *cal, int year);

/* Facts about one day. 0 or ERR_RANGE. */
int calendar_day(const struct calendar *cal, int32_t day, struct calendar_day *out);

/* Whether `day` is a working day. 0 or ERR_RANGE. */
int calendar_is_working(const struct calendar *cal, int32_t day, bool *working);

/*
 * The n-th working day strictly after `day` (n >= 1; `day` itself may be a
 * day off); n == 0 gives the first working day on or after `day`.
 * 0, ERR_INVALID (n < 0) or ERR_RANGE (beyond the calendar).
 */
int calendar_add_working_days(const struct calendar *cal, int32_t day, int32_t n, int32_t *out);

/* The first working day strictly after `day`. 0 or ERR_RANGE. */
int calendar_next_working_day(const struct calendar *cal, int32_t day, int32_t *out);

/*
 * Working days in [from, to) (negative when to < from). Either bound may be
 * the day after the calendar's last day. 0 or ERR_RANGE.
 */
int calendar_working_days_between(const struct calendar *cal, int32_t from, int32_t to,
				  int32_t *n);

/* Internal to the core: working days before `day` (caller checked range). */
static inline int32_t calendar_work_before(const struct calendar *cal, int32_t day)
{
	return cal->work_before[day - cal->day_first];
}

/* Internal to the core: the k-th working day (0-based), or ERR_RANGE. */
static inline int calendar_kth_working_day(const struct calendar *cal, int64_t k, int32_t *day)
{
	if (k < 0 || k >= cal->n_work)
		return ERR_RANGE;
	*day = cal->day_first + cal->work_day[k];
	return 0;
}

static inline bool calendar_covers(const struct calendar *cal, int32_t day)
{
	return day >= cal->day_first && day < cal->day_first + cal->n_days;
}

#endif
