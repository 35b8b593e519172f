/*
 * lunar.h: the Vietnamese lunar calendar (R-CAL-3).
 *
 * Hồ Ngọc Đức's algorithm for the meridian 105°E (UTC+7), not the Chinese
 * calendar (UTC+8): Tết 1985 was 1985-01-21 in Vietnam. Days are the day
 * numbers of core/date.h. Supported: solar days from 1900-01-01 to
 * 2199-12-31, and lunar dates whose solar day lies in that range.
 *
 * Pure and thread-safe.
 */
#ifndef MOTCUA_CORE_LUNAR_H
#define MOTCUA_CORE_LUNAR_H

#include <stdbool.h>
#include <stdint.h>

#define LUNAR_YEAR_MIN 1900
#define LUNAR_YEAR_MAX 2199

struct lunar_date {
	int day;   /* 1..30 */
	int month; /* 1..12 */
	int year;  /* the lunar year (Tết of `year` is 1/1/year) */
	bool leap; /* true in the leap (intercalary) month */
};

/* Lunar date of a solar day. Returns 0, or ERR_RANGE outside the range. */
int lunar_from_day(int32_t day, struct lunar_date *out);

/*
 * Solar day of a lunar date. Returns 0; ERR_INVALID_DATE when the date does
 * not exist (a leap flag on a month that is not the year's leap month, day
 * 30 of a 29-day month, a field out of bounds); ERR_RANGE outside the range.
 */
int lunar_to_day(struct lunar_date ld, int32_t *day);

/*
 * The leap month of lunar year `year` (its number: the leap month follows
 * the ordinary month of the same number), or 0 when the year has none.
 * Returns ERR_RANGE outside the range.
 */
int lunar_leap_month(int year);

#endif
