/*
 * view.h: a dossier as JSON for its readers: staff (everything, R-AUD-1
 * read logged by the caller), the public tracking page (no personal data,
 * R-AUD-2), the control sheet (R-DOS-7) and the clock explanation (R-CAL-5).
 * Verdicts are computed at the request's now from the ledgers.
 */
#ifndef MOTCUA_APP_VIEW_H
#define MOTCUA_APP_VIEW_H

#include <jansson.h>

#include "app/api.h"
#include "store/dossiers.h"

struct view {
	struct dossier_row d;
	struct dossier_step steps[DOSSIER_STEPS_MAX];
	int n_steps;
	struct clock_entry clock[DOSSIER_CLOCK_MAX];
	int n_clock;
	struct clock_status status;
	char procedure_name[PROCEDURE_NAME_MAX + 1];
	struct unit_worktime uw; /* the receiving unit's; holds the calendar lock */
	struct db *db;
	int64_t now;
	bool loaded;
};

/*
 * Loads dossier `code` with a read connection. On error answers the request
 * (404 for an unknown code) and returns the code. view_release() always.
 */
int view_load(struct request *r, const char *code, struct view *v);
void view_release(struct request *r, struct view *v);

/* Whether the signed-in user may see this dossier (a role at one of its units). */
bool view_staff_may_read(struct request *r, const struct view *v);

json_t *view_dossier(struct view *v);
json_t *view_track(struct view *v);
json_t *view_control_sheet(struct view *v);
json_t *view_clock(struct view *v);

#endif
