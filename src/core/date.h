/*
 * date.h: civil dates and instants, without the process time zone.
 *
 * A day is an int32_t count of days since 1970-01-01 in the proleptic
 * Gregorian calendar (negative before 1970). An instant is an int64_t count
 * of seconds since 1970-01-01T00:00:00Z. The rules of motcua are judged in
 * Vietnam's time (UTC+7, no daylight saving: DATE_VN_OFFSET_S), so the
 * helpers that take "local" mean UTC+7.
 *
 * All functions are pure and thread-safe.
 */
#ifndef MOTCUA_CORE_DATE_H
#define MOTCUA_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_VN_OFFSET_S (7 * 3600)
#define DATE_DAY_S 86400

/* Years accepted by the parsers and formatters. */
#define DATE_YEAR_MIN 1
#define DATE_YEAR_MAX 9999

struct ymd {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

bool date_is_leap_year(int year);
/* Days in month (1..12) of year; 0 for a bad month. */
int date_month_length(int year, int month);
bool date_valid(struct ymd d);

/* Day number of a valid civil date (Howard Hinnant's days_from_civil). */
int32_t date_to_days(struct ymd d);
struct ymd date_from_days(int32_t days);

/* ISO weekday: 1 = Monday … 7 = Sunday. */
int date_weekday(int32_t days);
bool date_is_weekend(int32_t days);

/* Local (UTC+7) day of an instant, and seconds since that day's midnight. */
int32_t date_local_day(int64_t t);
int32_t date_local_seconds(int64_t t);
/* The instant of local day `days` at `seconds` after local midnight. */
int64_t date_local_instant(int32_t days, int32_t seconds);

/*
 * Parses exactly "YYYY-MM-DD" (len bytes, no terminator needed).
 * Returns 0 and sets *days, or ERR_INVALID_DATE.
 */
int date_parse(const char *s, size_t len, int32_t *days);

/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void date_format(int32_t days, char out[11]);

/*
 * Parses an ISO 8601 instant "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)".
 * A date alone ("YYYY-MM-DD") means local (UTC+7) midnight. Fractions of a
 * second are truncated. The local date of the instant must lie in years
 * DATE_YEAR_MIN..MAX. Returns 0 or ERR_INVALID_TIME / ERR_INVALID_DATE.
 */
int instant_parse(const char *s, size_t len, int64_t *t);

/* Writes t as "YYYY-MM-DDTHH:MM:SS+07:00" and a NUL (26 bytes). */
#define INSTANT_TEXT_SIZE 26
void instant_format(int64_t t, char out[INSTANT_TEXT_SIZE]);

#endif
