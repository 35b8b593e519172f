/*
 * index_report.h: the reads behind the reports (R-IDX-1 … R-IDX-3;
 * docs/index.md).
 *
 * A report covers a unit and everything below it (R-ORG-1): the subtree is
 * read from the units table with a recursive query, then, per unit of the
 * subtree, the facts of the dossiers of that competent unit that end in or
 * after the period (open dossiers end "never") are read from the covering
 * index index_facts_scan, and judged by core/index.h. The cost follows the
 * number of dossiers of the subtree active since the period's start, never
 * the size of the whole table.
 *
 * The late list reads steps (R-IDX-2) per unit of the subtree from the
 * covering index steps_late: steps finished in the period with their
 * verdict, and steps still open at the judging point that are overdue.
 *
 * Reads only; any connection (a read snapshot gives one consistent report).
 */
#ifndef MOTCUA_STORE_INDEX_REPORT_H
#define MOTCUA_STORE_INDEX_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/index.h"
#include "store/db.h"
#include "store/units.h"
#include "store/users.h"

/* Most units in one report's subtree, most procedures in one report. */
#define INDEX_SCOPE_UNITS_MAX 4096
#define INDEX_PROCEDURES_MAX 2048
/* Report settings (meta keys; `motcua report config`). */
#define INDEX_LATE_MIN_STEPS_DEFAULT 10
#define INDEX_LATE_MIN_STEPS_MAX 100000

struct index_branch {
	char code[UNIT_CODE_SIZE];
	char name[UNIT_NAME_MAX + 1];
	char level[UNIT_LEVEL_MAX + 1];
	struct index_tally tally; /* with its own procedure counts (3.1, 3.2) */
};

struct index_report {
	struct index_tally total;
	int n_branches;               /* the root's own dossiers first, then its children */
	struct index_branch *branches; /* only when asked for */
};

/*
 * Tallies the subtree of `root` for the period starting at `from`, judged
 * at `judged` (core/index.h), and fills the procedure counts of 3.1/3.2
 * from the catalog. With `branches`, also one tally per child of root (its
 * whole subtree) and one for root's own dossiers (branch 0), each with its
 * own procedure counts, from the same single pass over the subtree: a
 * branch's tally equals the report of that child alone. 0, ERR_NOT_FOUND
 * (no such unit), ERR_TOO_LARGE (subtree over INDEX_SCOPE_UNITS_MAX),
 * ERR_IO, ERR_NOMEM. Release with index_report_release().
 */
int index_report_scan(struct db *db, const char *root, bool branches, int64_t from,
		      int64_t judged, struct index_report *out);
void index_report_release(struct index_report *r);

/* The root unit of the tree (the province): the unit without a parent. */
int index_root_unit(struct db *db, char out[UNIT_CODE_SIZE]);

struct index_late_row {
	char unit[UNIT_CODE_SIZE];
	char unit_name[UNIT_NAME_MAX + 1];
	char username[65];       /* "" for a unit row */
	char full_name[FULL_NAME_MAX + 1];
	int64_t steps, late_steps;
};

struct index_late {
	int n_units, n_officials;
	struct index_late_row *units, *officials; /* sorted: rate, then late steps, descending */
	int min_steps;
	bool publish_officials;
};

/*
 * R-IDX-2 over the subtree of root: steps finished in [from, to) and steps
 * open at `judged` past their due time, per unit and per official (the
 * step's assignee). Rows with fewer than the configured minimum of steps
 * are left out. Officials' names are read only when publication is on.
 * 0, ERR_NOT_FOUND, ERR_TOO_LARGE, ERR_IO, ERR_NOMEM.
 */
int index_late_scan(struct db *db, const char *root, int64_t from, int64_t to, int64_t judged,
		    struct index_late *out);
void index_late_release(struct index_late *l);

/* The report settings (meta): minimum steps, publication of officials' names. */
int index_settings_get(struct db *db, int *min_steps, bool *publish_officials);
/* Writes them (inside a change); min_steps < 0 or publish < 0 keeps a value. */
int index_settings_put(struct db *db, int min_steps, int publish);

#endif
