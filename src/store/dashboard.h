/*
 * dashboard.h: the reads behind the leader's dashboard
 * (GET /api/v1/reports/dashboard; docs/index.md "The leader's dashboard").
 *
 * The dossiers a unit answers for are the open ones (received, not ended:
 * neither completed, stopped nor refused) that
 *   - its subtree decides: the competent unit lies in the subtree, read per
 *     unit of the subtree from the covering index index_facts_scan (open
 *     dossiers end "never"), wherever they are held now;
 *   - or its subtree holds: the current step (started, not finished) is at
 *     a unit of the subtree, read per unit from steps_late; those decided
 *     inside the subtree are already counted by the first read.
 * Each is visited once with what the dashboard judges it by (the clock
 * ledger, processing time and receiving unit, whose worktime the dossier
 * clock uses) and who holds it. The cost follows the open dossiers of the
 * subtree and the steps held there, never the size of the tables.
 *
 * Reads only; any connection (a read snapshot gives one consistent view).
 */
#ifndef MOTCUA_STORE_DASHBOARD_H
#define MOTCUA_STORE_DASHBOARD_H

#include <stdint.h>

#include "store/db.h"
#include "store/dossiers.h"
#include "store/index_report.h"
#include "store/units.h"
#include "store/users.h"

/* Most units in one dashboard's subtree. */
#define DASHBOARD_SCOPE_UNITS_MAX INDEX_SCOPE_UNITS_MAX

/* One open dossier, as the dashboard judges it. */
struct dashboard_dossier {
	char code[DOSSIER_CODE_SIZE];
	char procedure[PROCEDURE_CODE_MAX + 1];
	int procedure_version;
	enum dossier_state status;
	char receiving_unit[UNIT_CODE_SIZE]; /* its worktime runs the dossier clock */
	char competent_unit[UNIT_CODE_SIZE];
	char unit[UNIT_CODE_SIZE];           /* the unit holding the current step */
	char assignee[DOSSIER_USER_MAX + 1]; /* the current step's official; "" none */
	struct duration processing_time;
	int reappointments;
	int n_clock;
	struct clock_entry clock[DOSSIER_CLOCK_MAX]; /* the dossier's own ledger */
};

/* Called once per dossier; a non-zero return stops the scan and is returned. */
typedef int (*dashboard_visit_fn)(void *arg, const struct dashboard_dossier *d);

/*
 * Visits every dossier received by `now` and open that the subtree of
 * `root` decides or holds (above). 0, ERR_NOT_FOUND (no such unit),
 * ERR_TOO_LARGE (subtree over DASHBOARD_SCOPE_UNITS_MAX, or a ledger over
 * DOSSIER_CLOCK_MAX), ERR_IO, ERR_NOMEM, or what visit returned.
 */
int dashboard_scan(struct db *db, const char *root, int64_t now, dashboard_visit_fn visit,
		   void *arg);

#endif
