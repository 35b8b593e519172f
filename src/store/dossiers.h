/*
 * dossiers.h: dossiers, their internal steps, clock ledgers, supplement
 * requests, ratings and sync events in the store (R-DOS-*, R-CAL-5,
 * R-SYNC-2). Reads take any connection; writes only inside a change.
 */
#ifndef MOTCUA_STORE_DOSSIERS_H
#define MOTCUA_STORE_DOSSIERS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/code.h"
#include "core/dossier.h"
#include "store/db.h"
#include "store/procedures.h"

#define DOSSIER_STEPS_MAX PROCEDURE_STEPS_MAX
#define DOSSIER_CLOCK_MAX 64 /* entries per ledger */
#define DOSSIER_USER_MAX 64

struct dossier_row {
	char code[DOSSIER_CODE_SIZE];
	char procedure[PROCEDURE_CODE_MAX + 1];
	int procedure_version;
	struct duration processing_time; /* as when received */
	enum dossier_state status, resume_status;
	char channel[8];
	char receiving_unit[UNIT_CODE_SIZE];
	char competent_unit[UNIT_CODE_SIZE];
	char returning_unit[UNIT_CODE_SIZE];
	char *applicant;  /* JSON text, owned */
	char applicant_key[16];
	char tracking_key[8];
	bool vneid;
	char *components; /* JSON text, owned */
	char *result;     /* JSON text or NULL, owned */
	char return_method[8];
	int64_t submitted_at, received_at, due_at, original_due_at, finished_at, returned_at;
	int step_index, step_count, reappointments;
	bool has_fee, paid_online;
	int64_t fee_vnd;
	int64_t updated_at;
	int version;
};

struct dossier_step {
	int idx;
	char name[PROCEDURE_NAME_MAX + 1];
	char unit[UNIT_CODE_SIZE];
	struct duration budget;
	char from_user[DOSSIER_USER_MAX + 1], to_user[DOSSIER_USER_MAX + 1];
	int64_t given_at, received_at, due_at, finished_at;
	char verdict[16];
	char note[256];
};

/* Frees the owned texts (not the struct). */
void dossier_row_release(struct dossier_row *d);

/* Loads a dossier. 0, ERR_NOT_FOUND, ERR_IO. */
int dossiers_get(struct db *db, const char *code, struct dossier_row *out);
/* Inserts a new dossier. 0, ERR_CONFLICT (code taken), ERR_IO. */
int dossiers_insert(struct db *db, const struct dossier_row *d);
/*
 * Writes the mutable columns of a dossier (status, times, steps, result…).
 * keys_changed: its status, competent unit or reception time differ from
 * the stored row. Those three are in indexes; without a change the update
 * leaves them, and so the indexes, alone.
 */
int dossiers_update(struct db *db, const struct dossier_row *d, bool keys_changed);

/* R-DOS-1: the next daily sequence of a receiving unit (1, 2, …). */
int dossiers_next_seq(struct db *db, const char *unit, const char *day, int *seq);

int steps_insert(struct db *db, const char *dossier, const struct dossier_step *s);
int steps_update(struct db *db, const char *dossier, const struct dossier_step *s);
/* All steps of a dossier in order; returns the count in *n. */
int steps_load(struct db *db, const char *dossier, struct dossier_step *out, int max, int *n);

/* The clock ledger of a dossier (step -1) or of one of its steps. */
int clock_append(struct db *db, const char *dossier, int step, const struct clock_entry *e,
		 const char *note);
int clock_load(struct db *db, const char *dossier, int step, struct clock_entry *out, int max,
	       int *n);

/* R-DOS-3/4: supplement requests already made by `unit` in `phase`. */
int supplement_count(struct db *db, const char *dossier, const char *unit, const char *phase,
		     int *n);
int supplement_insert(struct db *db, const char *dossier, const char *unit, const char *phase,
		      int64_t at, const char *items_json, const char *reason);
int supplement_answer(struct db *db, const char *dossier, int64_t at);

int ratings_insert(struct db *db, const char *dossier, int64_t at, const char *level,
		   const char *reason, const char *criteria_json);

/* R-SYNC-2: an event for the national portal, in the change's transaction. */
int outbox_append(struct db *db, const char *dossier, const char *kind, const char *payload,
		  int64_t at);

#endif
