/*
 * catalog_import.h: loading the procedure catalog from data files into the
 * store (R-CAT-3), for `motcua import catalog FILE` and the demo loader.
 *
 * Two shapes:
 *   - JSON: data/catalog/procedures.json, {"_meta": {…}, "procedures":
 *     [procedure, …]} (a bare array of procedures is also accepted); every
 *     procedure in the shape of store/procedures.h.
 *   - CSV (RFC 4180: commas, "quoted" cells with "" for a quote, LF or CRLF,
 *     UTF-8 with or without a BOM), the summary fields of procedures that
 *     are already in the catalog. The first line is exactly
 *       code,name,field,level,processing_amount,processing_unit,fee_vnd
 *     and each further line updates one procedure: its name, field, level,
 *     processing_time {amount, unit} and fees.amount_vnd (an empty cell:
 *     unknown, null); everything else (steps, components, …) is kept from
 *     the current version. A code that is not in the catalog is an error:
 *     import the JSON first.
 *
 * All or nothing: the whole file is checked, then written in one change (a
 * new version of each procedure that differs from its current version, with
 * its audit record); any error writes nothing. Every unit code a procedure
 * names must already be in the database (import the units first).
 *
 * Errors name the record and the field, e.g.
 *   "procedures[3].steps[1].duration.unit: must be working_hours or working_days"
 *   "line 5: processing_unit: must be working_days, working_hours, calendar_days or same_day"
 * On success `why` receives a summary ("40 procedures (40 new versions, 0
 * unchanged)"). Returns 0, ERR_INVALID, ERR_TOO_LARGE, ERR_NOMEM, ERR_IO.
 *
 * Thread-safe (the store serialises the change); blocks until it is durable.
 */
#ifndef MOTCUA_STORE_CATALOG_IMPORT_H
#define MOTCUA_STORE_CATALOG_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Largest file, most procedures per file, deepest JSON. */
#define CATALOG_IMPORT_BYTES_MAX (16 * 1024 * 1024)
#define CATALOG_IMPORT_PROCEDURES_MAX 5000
#define CATALOG_IMPORT_JSON_DEPTH_MAX 16
/* The header line of the CSV shape. */
#define CATALOG_CSV_HEADER "code,name,field,level,processing_amount,processing_unit,fee_vnd"

int catalog_import_json(struct store *s, const char *text, size_t len, const char *actor,
			int64_t now, char *why, size_t why_size);

int catalog_import_csv(struct store *s, const char *text, size_t len, const char *actor,
		       int64_t now, char *why, size_t why_size);

/*
 * JSON when the first byte after an optional BOM and white space is '{' or
 * '[', else CSV.
 */
int catalog_import(struct store *s, const char *text, size_t len, const char *actor,
		   int64_t now, char *why, size_t why_size);

#endif
