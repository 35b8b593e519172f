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
#include "store/db.h"

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

/*
 * The same without the lock and without answering: for code that already
 * holds the calendar (changes on the writer thread). 0, ERR_NOT_FOUND, ERR_IO.
 */
int unit_worktime_load(struct db *db, const struct calendar *cal, const char *code,
		       struct unit_worktime *uw);
/* Frees the unit's own calendar copy, if any (no unlock). */
void unit_worktime_free(struct unit_worktime *uw);

/*
 * R-AUD-2: checks the applicant's tracking key for a dossier. A wrong key
 * answers 404, exactly as an unknown dossier, and counts against the client
 * and the dossier: after API_KEY_FAILURES_MAX wrong keys in API_KEY_WINDOW_S
 * they wait (429), so the 10,000 keys of a dossier cannot be tried.
 * Returns 0 when the key is right; otherwise the request is answered.
 */
#define API_KEY_FAILURES_MAX 20
#define API_KEY_WINDOW_S 600
int api_check_key(struct request *r, const char *code, const char *key, const char *right);

/* The name the audit log records for the requester ("public" when anonymous). */
void api_actor(struct request *r, char *out, size_t size);

/* An instant as text "YYYY-MM-DDTHH:MM:SS+07:00", or JSON null when t is 0 (not yet). */
json_t *api_instant(int64_t t);

/*
 * Paging of collections (API.md "Conventions"): ?page= from 1 (default 1,
 * at most API_PAGE_MAX) and ?per_page= 1..API_PER_PAGE_MAX (default
 * API_PER_PAGE_DEFAULT). api_paging answers 400 on a bad value.
 */
#define API_PER_PAGE_DEFAULT 50
#define API_PER_PAGE_MAX 200
#define API_PAGE_MAX 1000000
struct api_page {
	long page, per_page;
	int64_t offset;
};
int api_paging(struct request *r, struct api_page *p);
/* {"items": items, "total": total, "page": P, "per_page": N}; takes items. */
json_t *api_page_json(const struct api_page *p, json_t *items, int64_t total);

/* system */
int api_healthz(struct request *r);
int api_metrics(struct request *r);
int api_test_clock(struct request *r);
/* GET /openapi.json: docs/openapi.json as embedded in the binary. */
int api_openapi(struct request *r);

/* calendar */
int api_calendar_lunar(struct request *r);
int api_calendar_solar(struct request *r);
int api_calendar_days(struct request *r);
int api_calendar_due(struct request *r);
int api_calendar_year_get(struct request *r);
int api_calendar_year_put(struct request *r);
int api_calendar_year_get_for(struct request *r, int year);

/* session and API tokens (api_session.c) */
int api_session_create(struct request *r);
int api_session_get(struct request *r);
int api_session_delete(struct request *r);
int api_tokens_list(struct request *r);
int api_tokens_create(struct request *r);
int api_tokens_delete(struct request *r);

/* units and users */
int api_units_list(struct request *r);
int api_units_get(struct request *r);
int api_units_create(struct request *r);
int api_users_list(struct request *r);
int api_users_create(struct request *r);

/* catalog (api_procedures.c) */
int api_procedure_list(struct request *r);
int api_procedure_get(struct request *r);
int api_procedure_put(struct request *r);
int api_procedure_versions(struct request *r);

/* dossiers */
int api_dossier_create(struct request *r);
int api_dossier_list(struct request *r);
int api_dossier_get(struct request *r);
int api_dossier_action(struct request *r);
int api_track(struct request *r);

/* papers as PDF (api_papers.c; docs/papers.md): a dossier's, and the tracking book */
int api_paper_get(struct request *r);
int api_tracking_book(struct request *r);

/*
 * reports (api_reports.c; R-IDX-1 … R-IDX-3, docs/index.md): ?unit=, ?from=&to=
 * or ?period=, ?format=json|csv|xlsx; public.
 */
int api_report_index(struct request *r);
int api_report_statistics(struct request *r);
int api_report_late(struct request *r);
/*
 * GET /api/v1/reports/dashboard?unit= (api_dashboard.c; docs/index.md "The
 * leader's dashboard"): leaders, auditors and administrators of the unit.
 */
int api_report_dashboard(struct request *r);
/* the units below one ranked by their index, from one pass over the subtree */
int api_report_scoreboard(struct request *r);

/* dossier files (api_files.c; R-DIG-1, R-DOS-6) */
int api_file_put(struct request *r);
int api_file_list(struct request *r);
int api_file_get(struct request *r);

/*
 * The web UI (api_static.c; docs/web.md): its routes, in routes.c, are
 * tried when no API route matches (http_fallback). A page route's file
 * follows from its pattern ("/thu-tuc/{code}" is web/pages/thu-tuc.html; a
 * page not written yet answers the HTML 404 page); api_asset answers the
 * files under /assets/.
 */
extern const struct route web_routes[];
extern const size_t web_routes_count;
int api_page(struct request *r);
int api_asset(struct request *r);

#endif
