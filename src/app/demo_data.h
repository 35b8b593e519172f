/*
 * demo_data.h: the demo database of `motcua serve --demo` (API.md), and the
 * generator of its dossiers, which bench/bulk_gen uses too (docs/bench.md).
 *
 * Loads Hải Phòng's units and the 40 procedures (the files of data/,
 * embedded in the binary), the demo users (demo.h), and a history of
 * generated dossiers over the past six months with a realistic mix: mostly
 * early or on time; some late with and without an apology; supplements at
 * reception and during processing; refusals, withdrawals, stops, payments,
 * ratings; and open dossiers in every queue. Every dossier and every action
 * goes through the same code as real traffic (app/flow.h, the core's state
 * machine, the store's changes with their audit records and outbox events),
 * never through SQL shortcuts. The history is reproducible from the seed.
 */
#ifndef MOTCUA_APP_DEMO_DATA_H
#define MOTCUA_APP_DEMO_DATA_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"

#define DEMO_DOSSIERS_DEFAULT 5000
#define DEMO_DOSSIERS_MAX 100000
#define DEMO_DAYS 182
#define DEMO_REFUSALS_MAX 16 /* kinds of refusal counted apart */

/* What a generation ran. */
struct demo_counts {
	long dossiers; /* of the history */
	long pool;     /* submitted now (demo_config.pool) */
	long changes;  /* creations and actions run */
	long refused;  /* of those, refused by the rules */
	struct {
		int action; /* enum dossier_action, or ACTION_COUNT for a creation */
		int rc;     /* the error */
		long count;
	} refusals[DEMO_REFUSALS_MAX]; /* the first kinds, by the first refusal */
};

/* Zero is the default of every field but password and now. */
struct demo_config {
	const char *password; /* the demo users' password */
	int dossiers;         /* the history: dossiers received over… */
	int days;             /* …the days before now, the last one left out (0: DEMO_DAYS) */
	int chunk;            /* dossiers planned and run at a time (0: all at once) */
	bool without_files;   /* no sample files attached (they need a font and the data dir) */
	int pool;             /* then: dossiers submitted online now, on procedures whose
			       * result is returned at the one-stop unit, at any commune's */
	FILE *pool_out;       /* "CODE KEY" lines of the pool, or NULL */
	uint64_t seed;        /* 0: a fixed one */
	int64_t now;          /* the end of the history */
	FILE *progress;       /* a line a round of actions and a summary, or NULL */
	/* Called after each chunk of the history with the counts so far, or NULL. */
	void (*on_chunk)(void *arg, const struct demo_counts *counts);
	void *arg;
};

/*
 * Loads the demo into the app's database: units, catalog, users, then the
 * dossiers of demo_generate(), then the demo mark. A database that already
 * holds the demo is left as it is (returns 0 with *loaded false); one that
 * holds anything else is refused (ERR_CONFLICT). 0 or an error with why.
 */
int demo_load(struct app *app, const struct demo_config *cfg, bool *loaded, char *why,
	      size_t why_size);

/*
 * A new database gets the demo's units, catalog and users (cfg->password) and
 * the demo mark, without dossiers; a demo database is left as it is; any other
 * is refused (ERR_CONFLICT). 0 or an error with why.
 */
int demo_prepare(struct app *app, const struct demo_config *cfg, char *why, size_t why_size);

/*
 * Generates dossiers into a database that holds the demo's units, catalog and
 * users: cfg->dossiers over cfg->days, cfg->chunk at a time (each chunk plans
 * its dossiers, creates them in time order, then runs their next actions
 * round by round, every change through the store's writer thread), then the
 * pool. A change the rules refuse ends its dossier's story and is counted,
 * not an error. Fills *counts (when not NULL) even on an error. Blocks until
 * all is committed; one generation at a time per app. 0 or an error with why.
 */
int demo_generate(struct app *app, const struct demo_config *cfg, struct demo_counts *counts,
		  char *why, size_t why_size);

/* Prints the refused changes, a line a kind: "PREFIX   N × ACTION: CODE". */
void demo_print_refusals(FILE *out, const char *prefix, const struct demo_counts *counts);

#endif
