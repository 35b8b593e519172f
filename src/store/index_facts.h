/*
 * index_facts.h: the per-dossier facts of the real-time index in the store
 * (R-IDX-1; core/index.h; docs/index.md).
 *
 * One row of index_facts per dossier (migration 002_index.sql). The write
 * path (app/flow.c) calls index_facts_refresh() inside every change of a
 * dossier, after the dossier row, its ledger, its supplement requests,
 * ratings and outbox event are written, so the facts are always those of
 * the committed dossier. `motcua report recompute` calls the same function
 * for every dossier (index_facts_rebuild): the live and the rebuilt facts
 * are the same function of the same raw data.
 *
 * Files and sync deliveries do not go through the flow: triggers of the
 * migration update has_files and synced in their transactions.
 *
 * Writes only inside a change (store.h); reads on any connection.
 */
#ifndef MOTCUA_STORE_INDEX_FACTS_H
#define MOTCUA_STORE_INDEX_FACTS_H

#include <stdint.h>

#include "core/index.h"
#include "core/worktime.h"
#include "store/db.h"
#include "store/dossiers.h"

/*
 * The facts of dossier d (its row as it is now) from the store: its clock
 * ledger judged with `wt` (the worktime of its receiving unit, as the
 * dossier clock uses), its supplement requests, latest rating, files and
 * sync events. `ledger` (n entries) is the dossier's ledger as the caller
 * already holds it, or NULL to read it. 0, ERR_IO, or clock_eval()'s errors.
 */
int index_facts_compute(struct db *db, const struct dossier_row *d, const struct worktime *wt,
			const struct clock_entry *ledger, int n, struct index_fact *out);

/* Writes (inserts or replaces) the facts row of dossier d. 0 or ERR_IO. */
int index_facts_put(struct db *db, const struct dossier_row *d, const struct index_fact *f);

/* index_facts_compute() then index_facts_put(), when the facts changed. */
int index_facts_refresh(struct db *db, const struct dossier_row *d, const struct worktime *wt,
			const struct clock_entry *ledger, int n);

/* Reads the stored facts of one dossier. 0, ERR_NOT_FOUND, ERR_IO. */
int index_facts_get(struct db *db, const char *code, struct index_fact *out);

/* Deletes every facts row (the start of a rebuild). 0 or ERR_IO. */
int index_facts_clear(struct db *db);

#endif
