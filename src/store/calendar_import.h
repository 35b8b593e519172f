/*
 * calendar_import.h: loading official calendar tables (R-CAL-2) into the
 * store, for `motcua import calendar FILE` and the demo loader.
 *
 * The file has the shape of data/calendar/vn-official-holidays.json (see
 * data/calendar_json.h): {"2026": {"days_off": […], "working_weekend_days":
 * […], "sources": […], …}, "_meta": …}. Keys of four digits are years
 * (MOTCUA_CALENDAR_FIRST_YEAR..LAST_YEAR); other keys are ignored. Each year
 * is checked alone on a scratch calendar (calendar_json_load_year), then
 * stored as one row of calendar_years whose body has the one-year shape of
 * PUT /api/v1/calendar/years/{year}: {"days_off", "working_weekend_days"}
 * (and "sources" when the file gives them). A year whose stored body is
 * already the same is left alone.
 *
 * All or nothing: one change for the whole file, with an audit record
 * "calendar.year.put" per year written. Errors name the year: "2026:
 * days_off[3].date: …". On success why receives a summary ("4 years (4
 * stored, 0 unchanged)"). A running server reads the stored years when it
 * starts or after app_reload_calendar().
 *
 * Returns 0, ERR_INVALID, ERR_RANGE, ERR_TOO_LARGE, ERR_NOMEM, ERR_IO.
 * Thread-safe; blocks until the change is durable.
 */
#ifndef MOTCUA_STORE_CALENDAR_IMPORT_H
#define MOTCUA_STORE_CALENDAR_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "store/store.h"

#define CALENDAR_IMPORT_JSON_DEPTH_MAX 16

/*
 * Builds the calendar motcua serves: the default rules, the official tables
 * shipped in the binary, then the years stored in the database (imported or
 * PUT by an administrator), which win. On error cal is released and why
 * says why. 0, ERR_INVALID, ERR_IO, ERR_NOMEM.
 */
int calendar_open_stored(struct store *s, struct calendar *cal, char *why, size_t why_size);

int calendar_import_json(struct store *s, const char *text, size_t len, const char *actor,
			 int64_t now, char *why, size_t why_size);

/*
 * Stores body (the one-year shape, already checked by the caller) as the
 * table of year, replacing the one stored, with updated_at now. Writes no
 * audit record: the caller writes its own in the same change. On the
 * writer, inside a change. 0, ERR_IO.
 */
int calendar_year_store(struct db *db, int year, const char *body, int64_t now);

#endif
