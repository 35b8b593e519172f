/*
 * catalog_import_int.h: what the JSON and CSV imports of the catalog
 * share (catalog_import.c, catalog_csv.c). Not for other modules.
 */
#ifndef MOTCUA_STORE_CATALOG_IMPORT_INT_H
#define MOTCUA_STORE_CATALOG_IMPORT_INT_H

#include <stddef.h>

#include "store/procedures.h"

/* A procedure code and the index of its record in the file. */
struct catalog_code {
	char code[PROCEDURE_CODE_MAX + 1];
	int index;
};

/* why = "<record>.<local>" (or "<record>: …" when local speaks of the whole procedure). */
void catalog_why_at(char *why, size_t size, const char *record, const char *local);

/* why = "N procedures (X new versions, Y unchanged)". */
void catalog_summary(char *why, size_t size, int n, int created, int unchanged);

/*
 * Sorts codes[0..n) and finds a code given twice: ERR_INVALID with the two
 * record indexes (first < second) and the code (pointing into codes), or 0.
 */
int catalog_check_duplicates(struct catalog_code *codes, int n, int *first, int *second,
			     const char **code);

#endif
