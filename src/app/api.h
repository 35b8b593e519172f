/*
 * api.h: the route handlers (one file per resource) and what they share.
 * Each handler reads like a story: parse, authorise, load, let the core
 * decide, let the store commit, answer.
 */
#ifndef MOTCUA_APP_API_H
#define MOTCUA_APP_API_H

#include <stddef.h>

#include "core/calendar.h"
#include "core/worktime.h"
#include "http/http.h"

/* The calendar and office hours of one unit, for deadlines. */
struct unit_worktime {
	struct worktime wt;
	struct office_hours hours;
	struct calendar own; /* a copy with the unit's exceptions, when it has any */
	bool has_own;
};

/*
 * The worktime of unit `code` (NULL or "": the province's defaults). Takes
 * the calendar's read lock until api_unit_worktime_release(). Answers 404
 * for an unknown unit.
 */
int api_unit_worktime(struct request *r, const char *code, struct unit_worktime *uw);
void api_unit_worktime_release(struct request *r, struct unit_worktime *uw);

/* The name the audit log records for the requester ("public" when anonymous). */
void api_actor(struct request *r, char *out, size_t size);

/* system */
int api_healthz(struct request *r);
int api_metrics(struct request *r);
int api_test_clock(struct request *r);

/* calendar */
int api_calendar_lunar(struct request *r);
int api_calendar_solar(struct request *r);
int api_calendar_days(struct request *r);
int api_calendar_due(struct request *r);
int api_calendar_year_get(struct request *r);
int api_calendar_year_put(struct request *r);
int api_calendar_year_get_for(struct request *r, int year);

#endif
