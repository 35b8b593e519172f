/*
 * units_import.h: loading the unit tree from data files into the store
 * (R-ORG-1), for `motcua import units FILE` and the demo loader.
 *
 * The shape of data/units/haiphong.json: {"_meta": …, "units": [unit, …]}
 * (a bare array is accepted), each unit as data/units_json.h reads it.
 * All or nothing: the whole file is checked (codes unique, parents known,
 * no loops, at most UNIT_DEPTH_MAX levels), then written in one change with
 * its audit record; parents are written before their children whatever the
 * order of the file, successors in a second pass. Errors name the entry and
 * the field: "units[12].parent: no unit 000.00.99.H27".
 *
 * Thread-safe (the store serialises the change); blocks until it is durable.
 */
#ifndef MOTCUA_STORE_UNITS_IMPORT_H
#define MOTCUA_STORE_UNITS_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define UNITS_IMPORT_BYTES_MAX (16 * 1024 * 1024)
#define UNITS_IMPORT_MAX 100000
#define UNITS_IMPORT_JSON_DEPTH_MAX 16
#define UNITS_IMPORT_WHY_SIZE 256

/*
 * Loads the units of `text`. `object` names the source in the audit record
 * (a file name). *count receives the number of units. 0, ERR_INVALID,
 * ERR_TOO_LARGE, ERR_NOMEM, ERR_IO; `why` says what is wrong.
 */
int units_import_json(struct store *s, const char *text, size_t len, const char *actor,
		      const char *object, int64_t now, size_t *count, char *why,
		      size_t why_size);

#endif
