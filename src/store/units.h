/*
 * units.h: the unit tree in the store (R-ORG-1).
 * Reads take any connection; writes only inside a change (store.h).
 */
#ifndef MOTCUA_STORE_UNITS_H
#define MOTCUA_STORE_UNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/code.h"
#include "store/db.h"

#define UNIT_NAME_MAX 256
#define UNIT_LEVEL_MAX 24
#define UNIT_KIND_MAX 32
/* Deepest unit tree accepted (province → … → division). */
#define UNIT_DEPTH_MAX 8

struct unit {
	char code[UNIT_CODE_SIZE];
	char name[UNIT_NAME_MAX + 1];
	char short_name[UNIT_NAME_MAX + 1];
	char level[UNIT_LEVEL_MAX + 1]; /* province, department, vertical_agency, service_centre, commune, division */
	char kind[UNIT_KIND_MAX + 1];
	char parent[UNIT_CODE_SIZE];    /* "" for the root */
	char valid_from[11], valid_to[11];
	char successor[UNIT_CODE_SIZE];
	char office_hours[64];          /* "" = default */
	char cutoff[8];                 /* "" = default */
};

/* One unit. 0, ERR_NOT_FOUND or ERR_IO. */
int units_get(struct db *db, const char *code, struct unit *out);

/* The child of `parent` with `kind` (e.g. a commune's "justice"). 0, ERR_NOT_FOUND, ERR_IO. */
int units_child_of_kind(struct db *db, const char *parent, const char *kind, struct unit *out);

/*
 * Whether `unit` is `ancestor` or lies below it (walks parents, at most
 * UNIT_DEPTH_MAX). false for unknown units.
 */
bool units_within(struct db *db, const char *unit, const char *ancestor);

/* Inserts or replaces a unit (validated: code shape, level, parent exists). 0, ERR_INVALID, ERR_IO. */
int units_put(struct db *db, const struct unit *u);

/*
 * What follows was added with units.c.
 *
 * Validation (units_validate) checks, naming the first field that is wrong:
 *   code        QCVN 102 shape (core/code.h unit_code_valid)
 *   name        non-empty valid UTF-8 of at most UNIT_NAME_MAX bytes
 *   short_name  empty, or like name
 *   level       one of the UNIT_LEVELS below
 *   kind        empty, or [a-z_] of at most UNIT_KIND_MAX bytes
 *   parent      "" only for a province (the root); otherwise an existing unit
 *               that is not the unit itself nor below it, and the tree stays
 *               at most UNIT_DEPTH_MAX deep
 *   valid_from  "" or YYYY-MM-DD; valid_to "" or a date not before valid_from
 *   successor   "" or an existing other unit, and only with valid_to
 *   office_hours "" or spans as core/worktime.h office_hours_parse takes them
 *   cutoff      "" or HH:MM
 */

#define UNIT_WHY_SIZE 160
/* The unit levels of R-ORG-1, as stored and as the API spells them. */
#define UNIT_LEVELS "province, department, vertical_agency, service_centre, commune, division"

/* Which field of a unit is wrong, and why (a sentence without the field's name). */
struct unit_problem {
	char field[16];
	char why[UNIT_WHY_SIZE];
};

/* True when level is one of UNIT_LEVELS. */
bool units_level_valid(const char *level);

/* Checks u (see above); p (may be NULL) names the field. 0, ERR_INVALID, ERR_IO. */
int units_validate(struct db *db, const struct unit *u, struct unit_problem *p);

/* units_put that also says what is wrong (p may be NULL). 0, ERR_INVALID, ERR_IO. */
int units_upsert(struct db *db, const struct unit *u, struct unit_problem *p);

/* Inserts a new unit only. 0, ERR_CONFLICT (the code exists), ERR_INVALID, ERR_IO. */
int units_add(struct db *db, const struct unit *u, struct unit_problem *p);

/*
 * The codes from `code` up to the root, `code` first: out[0..*n), at most
 * UNIT_DEPTH_MAX. 0, ERR_NOT_FOUND (no unit `code`), ERR_RANGE (deeper than
 * UNIT_DEPTH_MAX, or a loop), ERR_IO. One lookup per level.
 */
int units_ancestors(struct db *db, const char *code, char out[UNIT_DEPTH_MAX][UNIT_CODE_SIZE],
		    int *n);

/* Filters of units_list(); NULL or "" fields do not filter. */
struct unit_filter {
	const char *parent; /* children of this unit */
	const char *level;
};

/* How many units pass the filter. 0 or ERR_IO. */
int units_count(struct db *db, const struct unit_filter *f, int64_t *total);

/*
 * Calls fn for the units that pass the filter, ordered by code, skipping
 * `offset` and giving at most `limit`. Stops at the first non-zero result
 * of fn and returns it; otherwise 0 or ERR_IO. u is valid during the call.
 */
int units_list(struct db *db, const struct unit_filter *f, int64_t offset, int limit,
	       int (*fn)(const struct unit *u, void *arg), void *arg);

#endif
