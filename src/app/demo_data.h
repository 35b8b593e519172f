/*
 * demo_data.h: the demo database of `motcua serve --demo` (API.md).
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

struct demo_config {
	const char *password; /* the demo users' password */
	int dossiers;
	uint64_t seed;
	int64_t now;   /* the end of the history */
	FILE *progress; /* progress lines, or NULL */
};

/*
 * Loads the demo into the app's database. A database that already holds
 * the demo is left as it is (returns 0 with *loaded false); one that holds
 * anything else is refused (ERR_CONFLICT). 0 or an error with why.
 */
int demo_load(struct app *app, const struct demo_config *cfg, bool *loaded, char *why,
	      size_t why_size);

#endif
