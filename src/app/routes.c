/* Every route of the server, in match order (API.md). */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "http/http.h"
#include "store/attachments.h"

#define PUB ROUTE_PUBLIC

const struct route http_routes[] = {
	{HTTP_GET, "/healthz", api_healthz, PUB, 0},
	{HTTP_GET, "/metrics", api_metrics, PUB, 0},
	{HTTP_GET, "/openapi.json", api_openapi, PUB, 0},
	{HTTP_PUT, "/api/v1/test/clock", api_test_clock, PUB | ROUTE_JSON | ROUTE_TEST, 0},

	{HTTP_GET, "/api/v1/calendar/lunar", api_calendar_lunar, PUB, 0},
	{HTTP_GET, "/api/v1/calendar/solar", api_calendar_solar, PUB, 0},
	{HTTP_GET, "/api/v1/calendar/days", api_calendar_days, PUB, 0},
	{HTTP_GET, "/api/v1/calendar/due", api_calendar_due, PUB, 0},
	{HTTP_GET, "/api/v1/calendar/years/{year}", api_calendar_year_get, PUB, 0},
	{HTTP_PUT, "/api/v1/calendar/years/{year}", api_calendar_year_put, ROUTE_JSON, 0},

	{HTTP_POST, "/api/v1/session", api_session_create, PUB | ROUTE_JSON, 0},
	{HTTP_GET, "/api/v1/session", api_session_get, 0, 0},
	{HTTP_DELETE, "/api/v1/session", api_session_delete, 0, 0},
	{HTTP_GET, "/api/v1/tokens", api_tokens_list, 0, 0},
	{HTTP_POST, "/api/v1/tokens", api_tokens_create, ROUTE_JSON, 0},
	{HTTP_DELETE, "/api/v1/tokens/{id}", api_tokens_delete, 0, 0},
	{HTTP_GET, "/api/v1/units", api_units_list, PUB, 0},
	{HTTP_POST, "/api/v1/units", api_units_create, ROUTE_JSON, 0},
	{HTTP_GET, "/api/v1/units/{code}", api_units_get, PUB, 0},
	{HTTP_GET, "/api/v1/users", api_users_list, 0, 0},
	{HTTP_POST, "/api/v1/users", api_users_create, ROUTE_JSON, 0},

	{HTTP_GET, "/api/v1/procedures", api_procedure_list, PUB, 0},
	{HTTP_GET, "/api/v1/procedures/{code}", api_procedure_get, PUB, 0},
	{HTTP_PUT, "/api/v1/procedures/{code}", api_procedure_put, ROUTE_JSON, 0},
	{HTTP_GET, "/api/v1/procedures/{code}/versions", api_procedure_versions, PUB, 0},

	{HTTP_POST, "/api/v1/dossiers", api_dossier_create, PUB | ROUTE_JSON, 0},
	{HTTP_GET, "/api/v1/dossiers", api_dossier_list, 0, 0},
	{HTTP_GET, "/api/v1/dossiers/{code}", api_dossier_get, 0, 0},
	/* Files: staff or the applicant's ?key=; the PUT body is the raw file. */
	{HTTP_GET, "/api/v1/dossiers/{code}/files", api_file_list, PUB, 0},
	{HTTP_GET, "/api/v1/dossiers/{code}/files/{name}", api_file_get, PUB, 0},
	{HTTP_PUT, "/api/v1/dossiers/{code}/files/{name}", api_file_put, PUB | ROUTE_RAW,
	 ATTACHMENT_BYTES_MAX},
	/* Papers (docs/papers.md): staff, or the applicant with ?key=. */
	{HTTP_GET, "/api/v1/dossiers/{code}/papers/{paper}.pdf", api_paper_get, PUB, 0},
	{HTTP_GET, "/api/v1/reports/tracking-book.pdf", api_tracking_book, 0, 0},
	{HTTP_GET, "/api/v1/dossiers/{code}/{view}", api_dossier_get, 0, 0},
	{HTTP_POST, "/api/v1/dossiers/{code}/{action}", api_dossier_action, PUB | ROUTE_JSON, 0},
	{HTTP_GET, "/api/v1/track/{code}", api_track, PUB, 0},

	{HTTP_GET, "/api/v1/reports/index", api_report_index, PUB, 0},
	{HTTP_GET, "/api/v1/reports/statistics", api_report_statistics, PUB, 0},
	{HTTP_GET, "/api/v1/reports/late", api_report_late, PUB, 0},
	{HTTP_GET, "/api/v1/reports/dashboard", api_report_dashboard, 0, 0},
	{HTTP_GET, "/api/v1/reports/scoreboard", api_report_scoreboard, PUB, 0},
};
const size_t http_routes_count = ARRAY_SIZE(http_routes);

_Static_assert(ARRAY_SIZE(http_routes) <= APP_ROUTES_MAX, "raise APP_ROUTES_MAX");

/*
 * The web UI (docs/web.md), tried when no route above matches: each page's
 * file follows from its pattern (api_static.c). Not part of the API.
 */
const struct route web_routes[] = {
	{HTTP_GET, "/", api_page, PUB, 0},
	{HTTP_GET, "/thu-tuc/{code}", api_page, PUB, 0},
	{HTTP_GET, "/nop-ho-so/{code}", api_page, PUB, 0},
	{HTTP_GET, "/tra-cuu", api_page, PUB, 0},
	{HTTP_GET, "/chat-luong", api_page, PUB, 0},
	{HTTP_GET, "/chat-luong/cham-tre", api_page, PUB, 0},
	{HTTP_GET, "/thong-ke", api_page, PUB, 0},
	{HTTP_GET, "/can-bo", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/dang-nhap", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/ho-so/{code}", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/tiep-nhan", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/bang-dieu-khien", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/quan-tri", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/quan-tri/don-vi", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/quan-tri/nguoi-dung", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/quan-tri/thu-tuc", api_page, PUB, 0},
	{HTTP_GET, "/can-bo/quan-tri/lich", api_page, PUB, 0},
	{HTTP_GET, "/assets/*", api_asset, PUB, 0},
};
const size_t web_routes_count = ARRAY_SIZE(web_routes);
