/*
 * units_json.h: a unit as JSON (R-ORG-1), in the shape of
 * data/units/haiphong.json and of the API (API.md "Catalog and
 * organisation"): {code, name, short_name, level, kind, parent, valid_from,
 * valid_to, successor, office_hours, cutoff}.
 *
 * Reading checks types and lengths only (the store checks the rest, see
 * store/units.h) and normalises the names to NFC. Keys it does not know
 * (confidence, note, sources…) are ignored. Pure; thread-safe.
 */
#ifndef MOTCUA_DATA_UNITS_JSON_H
#define MOTCUA_DATA_UNITS_JSON_H

#include <jansson.h>

#include "store/units.h"

/*
 * Fills *u from the object j. Required: code, name, level (strings); the
 * other keys may be absent or null. 0, or ERR_INVALID with the field and a
 * reason in *p, or ERR_NOMEM.
 */
int unit_from_json(const json_t *j, struct unit *u, struct unit_problem *p);

/* A new JSON object for u (empty fields are null). NULL when out of memory. */
json_t *unit_to_json(const struct unit *u);

#endif
