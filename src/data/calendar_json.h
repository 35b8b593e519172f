/*
 * calendar_json.h: official calendar tables from JSON into a calendar.
 *
 * Two shapes are read:
 * - a file of years, as shipped in data/calendar/ (from the government's
 *   announcements): {"2026": {"days_off": [...], "working_weekend_days":
 *   [...], "sources": [...]}, ...}; keys that are not years are ignored;
 * - one year, as PUT /api/v1/calendar/years/{year} takes it:
 *   {"days_off": [{"date", "name", "kind"?}], "working_weekend_days":
 *   [{"date", "name"}]}.
 * A day off without "kind" is a holiday (weekend_in_holiday on a weekend).
 *
 * Limits: CALENDAR_JSON_BYTES_MAX of text, CALENDAR_JSON_ENTRIES_MAX entries
 * per list, CALENDAR_JSON_NAME_MAX bytes per name. Errors: ERR_TOO_LARGE,
 * ERR_INVALID (with a message in `why`), ERR_RANGE, ERR_NOMEM. On error
 * the years already loaded stay loaded and the failing year is unchanged.
 *
 * Not thread-safe for the same calendar (it changes it).
 */
#ifndef MOTCUA_DATA_CALENDAR_JSON_H
#define MOTCUA_DATA_CALENDAR_JSON_H

#include <stddef.h>

#include "core/calendar.h"

#define CALENDAR_JSON_BYTES_MAX (1024 * 1024)
#define CALENDAR_JSON_ENTRIES_MAX 366
#define CALENDAR_JSON_NAME_MAX 256
#define CALENDAR_JSON_WHY_SIZE 200

/* The years motcua's calendars cover. */
#define MOTCUA_CALENDAR_FIRST_YEAR 2000
#define MOTCUA_CALENDAR_LAST_YEAR 2100

/* The path of the shipped tables among the embedded files. */
#define CALENDAR_JSON_SHIPPED "data/calendar/vn-official-holidays.json"

/* Loads every year of a file of years. */
int calendar_json_load_file(struct calendar *cal, const char *text, size_t len,
			    char why[CALENDAR_JSON_WHY_SIZE]);

/* Loads one year from the one-year shape. */
int calendar_json_load_year(struct calendar *cal, int year, const char *text, size_t len,
			    char why[CALENDAR_JSON_WHY_SIZE]);

/*
 * Initialises cal over the years above with the default rules, then loads
 * the tables shipped in the binary. On error cal is released.
 */
int calendar_json_open_shipped(struct calendar *cal, char why[CALENDAR_JSON_WHY_SIZE]);

#endif
