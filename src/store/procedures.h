/*
 * procedures.h: the procedure catalog in the store (R-CAT-1 … R-CAT-3, R-0).
 *
 * Procedures are versioned: a PUT creates a new version and a dossier keeps
 * the version it was received under. The whole procedure is stored as JSON
 * (the API shape, data/README.md); procedure_load() gives what the dossier
 * rules need as a struct.
 *
 * The JSON shape (API.md "Catalog and organisation", data/README.md):
 *   code              "1.001193": digits and single dots, at most
 *                     PROCEDURE_CODE_MAX bytes, starting and ending with a digit
 *   name, field       text, 1..PROCEDURE_NAME_MAX / PROCEDURE_FIELD_MAX bytes
 *   level             "province" | "commune"
 *   competent_unit    province level: a unit code; commune level: null
 *   competent_unit_role  commune level: "commune:self" | "commune:police";
 *                     province level: null or absent
 *   processing_time   {amount, unit}: unit working_days | working_hours |
 *                     calendar_days | same_day; amount 1..the duration maximum
 *                     (same_day: 0..maximum, optional, not used)
 *   fees              null, or {amount_vnd: integer >= 0 or null, note?}
 *   components        [{name, form?, count?, required? (default true),
 *                     digitisable?}], at most PROCEDURE_COMPONENTS_MAX
 *   result            {name, kind?: paper | electronic | both}
 *   channels          non-empty subset of counter, post, online
 *   steps             1..PROCEDURE_STEPS_MAX of {name, unit_role?: reception |
 *                     specialist | leader | return, unit, duration: {amount >= 1,
 *                     unit: working_hours | working_days}, produces?}; a unit is
 *                     a unit code or "commune:<kind>" (kind: self, one_stop,
 *                     justice, economy, social, leader, police; commune level
 *                     only); the budgets add up to no more than the processing
 *                     time (R-CAT-2, core/budget.h)
 * Text is UTF-8 without control characters and is stored in NFC. Any other
 * member (legal_basis, subjects, confidence, sources, notes, …) is kept as
 * given; "version", "current" and "created_at" are the server's and are
 * dropped from input. The whole body is at most PROCEDURE_BODY_BYTES_MAX.
 *
 * Errors name the field: "steps[1].duration.unit: must be working_hours or
 * working_days".
 *
 * Thread-safety: reads take any connection; procedure_put only inside a
 * change (store.h). The parsing functions are pure.
 */
#ifndef MOTCUA_STORE_PROCEDURES_H
#define MOTCUA_STORE_PROCEDURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/code.h"
#include "core/worktime.h"
#include "store/db.h"
#include "store/store.h"

#define PROCEDURE_CODE_MAX 32
#define PROCEDURE_NAME_MAX 512
#define PROCEDURE_FIELD_MAX 256
#define PROCEDURE_STEPS_MAX 16
#define PROCEDURE_COMPONENTS_MAX 32
#define PROCEDURE_UNIT_SPEC_MAX 40
/* Longest result name and fee note. */
#define PROCEDURE_TEXT_MAX 2048
/* Largest fee, in VND. */
#define PROCEDURE_FEE_VND_MAX 1000000000000LL
/* Largest count of copies of one component. */
#define PROCEDURE_COPIES_MAX 100
/* Longest stored body (the normalised JSON of one version). */
#define PROCEDURE_BODY_BYTES_MAX (64 * 1024)
/* A useful size for the `why` of the functions below. */
#define PROCEDURE_WHY_SIZE 320
/* Search: longest query text, most words, most items per page. */
#define PROCEDURE_QUERY_BYTES_MAX 200
#define PROCEDURE_QUERY_WORDS_MAX 16
#define PROCEDURE_PAGE_MAX 100

enum procedure_channel {
	CHANNEL_COUNTER = 1u << 0,
	CHANNEL_POST = 1u << 1,
	CHANNEL_ONLINE = 1u << 2,
};

struct procedure_step {
	char name[PROCEDURE_NAME_MAX + 1];
	char role[16];                           /* reception, specialist, leader, return; "" */
	char unit[PROCEDURE_UNIT_SPEC_MAX + 1];  /* a unit code, or "commune:<kind>" */
	struct duration duration;
};

struct procedure {
	char code[PROCEDURE_CODE_MAX + 1];
	int version;
	char name[PROCEDURE_NAME_MAX + 1];
	char field[PROCEDURE_FIELD_MAX + 1];
	char level[16];                                   /* province | commune */
	char competent_unit[UNIT_CODE_SIZE];              /* "" for commune level */
	char competent_role[PROCEDURE_UNIT_SPEC_MAX + 1]; /* "commune:self", "commune:police" */
	struct duration processing_time;
	bool has_fee;      /* fees.amount_vnd is known */
	int64_t fee_vnd;
	unsigned channels; /* enum procedure_channel */
	int n_components;
	struct {
		char name[PROCEDURE_NAME_MAX + 1];
		bool required;
	} components[PROCEDURE_COMPONENTS_MAX];
	int n_steps;
	struct procedure_step steps[PROCEDURE_STEPS_MAX];
};

/* Whether s[0..len) has the shape of a procedure code (above). Pure. */
bool procedure_code_valid(const char *s, size_t len);

/*
 * Validates one procedure in the JSON shape above and fills *out (version
 * 0). `code` (the code of the URL, or NULL) must equal the body's code when
 * the body has one, and is the code when it has none. On success *body
 * receives the text to store, malloc'd (the caller frees it): compact
 * JSON, NFC, without the server's members. The units are not looked up
 * (procedure_check_units). Returns 0; ERR_INVALID with "field: problem" in
 * why; ERR_TOO_LARGE (body over the limit); ERR_NOMEM. `why` may be NULL.
 * Pure; thread-safe.
 */
int procedure_from_json(const json_t *in, const char *code, struct procedure *out, char **body,
			char *why, size_t why_size);

/*
 * Parses stored (already normalised) text into *out without the checks'
 * messages. 0, ERR_INVALID, ERR_NOMEM. Pure.
 */
int procedure_from_text(const char *text, size_t len, struct procedure *out);

/*
 * Whether every unit code p names (competent unit, step units) is in the
 * units table. 0; ERR_INVALID with "steps[2].unit: no unit X (import the
 * units first)" in why; ERR_IO.
 */
int procedure_check_units(struct db *db, const struct procedure *p, char *why, size_t why_size);

/*
 * Stores `body` (from procedure_from_json, describing p) as the next
 * version of p->code, makes it the current one, replaces its search key
 * (R-CAT-3) and appends the audit record "procedure.put" — all in the
 * change's transaction. When body is the current version's body byte for
 * byte nothing is written and *created is false (a repeated PUT or import
 * creates no version). *version receives the (new or current) version.
 * 0, ERR_IO, ERR_NOMEM, ERR_TOO_LARGE (audit). Writer thread only.
 */
int procedure_put(struct store_tx *tx, const struct procedure *p, const char *body,
		  const char *actor, int64_t now, int *version, bool *created);

/*
 * Loads a procedure; version 0 means the current one. 0, ERR_NOT_FOUND,
 * ERR_IO. The struct is large (about 40 KB): allocate it, do not put it on
 * a small stack.
 */
int procedure_load(struct db *db, const char *code, int version, struct procedure *out);

/* One stored version. */
struct procedure_record {
	int version;
	bool current;
	int64_t created_at;
	char *body; /* malloc'd JSON text */
};

/*
 * The stored body of a version (0: the current one). The caller releases
 * the record. 0, ERR_NOT_FOUND, ERR_IO, ERR_NOMEM.
 */
int procedure_get(struct db *db, const char *code, int version, struct procedure_record *out);
/* Frees the body; accepts a zeroed record. */
void procedure_record_release(struct procedure_record *r);

/* A line of the catalog list. */
struct procedure_summary {
	char code[PROCEDURE_CODE_MAX + 1];
	char name[PROCEDURE_NAME_MAX + 1];
	char field[PROCEDURE_FIELD_MAX + 1];
	char level[16];
	struct duration processing_time;
	int version;
};

struct procedure_query {
	const char *q;     /* search text (any diacritics, any case), NULL or "": none */
	const char *field; /* compared folded (fold_key), NULL: any */
	const char *level; /* NULL: any */
	int offset;        /* >= 0 */
	int limit;         /* 1..PROCEDURE_PAGE_MAX */
};

/*
 * The current versions matching the query, items[0..*n) of at most limit,
 * and the number of matches in *total. With q: the folded words of q must
 * all occur in the search key (code, name and field folded), the last one
 * as a prefix (as-you-type); the best first (q as a phrase, then bm25).
 * Without q: by code. 0; ERR_TOO_LARGE (q over PROCEDURE_QUERY_BYTES_MAX);
 * ERR_INVALID (q or field not UTF-8, more than PROCEDURE_QUERY_WORDS_MAX
 * words, bad limit); ERR_IO.
 */
/* The name of a procedure version ("" when unknown). 0 or ERR_IO. */
int procedure_name(struct db *db, const char *code, int version, char out[PROCEDURE_NAME_MAX + 1]);

int procedure_search(struct db *db, const struct procedure_query *q,
		     struct procedure_summary *items, int *n, int64_t *total);

/* A line of the version history. */
struct procedure_version_info {
	int version;
	bool current;
	int64_t created_at;
	char name[PROCEDURE_NAME_MAX + 1];
};

/*
 * The versions of `code`, newest first: items[0..*n) from offset, at most
 * limit (1..PROCEDURE_PAGE_MAX), *total in all. 0, ERR_NOT_FOUND (no such
 * procedure), ERR_INVALID (bad limit), ERR_IO.
 */
int procedure_versions(struct db *db, const char *code, int offset, int limit,
		       struct procedure_version_info *items, int *n, int64_t *total);

/*
 * Resolves a step's or competent unit's spec for a dossier whose commune is
 * `commune` (a commune's code; "" for province-level dossiers): a unit code
 * stays as it is, "commune:self" is the commune, "commune:<kind>" is the
 * commune's child of that kind (units_child_of_kind). 0, ERR_NOT_FOUND
 * (no such unit), ERR_INVALID (a commune spec without a commune).
 */
int procedure_resolve_unit(struct db *db, const char *spec, const char *commune,
			   char out[UNIT_CODE_SIZE]);

#endif
