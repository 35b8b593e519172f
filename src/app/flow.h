/*
 * flow.h: what happens to a dossier when it is created or acted on.
 *
 * The HTTP handlers (api_dossiers.c) parse and validate the request into a
 * struct flow, then hand flow_create_change / flow_act_change to the store:
 * on the writer thread, inside the change's transaction, the dossier is
 * loaded, the core decides (core/dossier.h), and the dossier row, its steps,
 * its clock ledgers (dossier and current step), the audit record, the sync
 * outbox event and the index counters are written together (R-SYNC-2,
 * ARCHITECTURE.md invariant 2). A refusal by the core undoes everything.
 */
#ifndef MOTCUA_APP_FLOW_H
#define MOTCUA_APP_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/code.h"
#include "core/dossier.h"
#include "http/http.h"
#include "store/procedures.h"

#define FLOW_REASON_MAX 2000
#define FLOW_NOTE_MAX 1000
#define FLOW_ITEMS_MAX 32
#define FLOW_TEXT_MAX 500
#define FLOW_USER_MAX 64

struct flow {
	struct request *req; /* for permission checks; suspended while the change runs */
	int64_t now;
	char actor[FLOW_USER_MAX + 1];

	/* creation */
	struct procedure *proc;
	char channel[8];
	char receiving_unit[UNIT_CODE_SIZE];
	char competent_unit[UNIT_CODE_SIZE];
	char returning_unit[UNIT_CODE_SIZE];
	char *applicant;   /* JSON text */
	char applicant_key[16];
	char tracking_key[8];
	char *components;  /* JSON text */
	bool receive;
	bool vneid;

	/* an action */
	enum dossier_action action;
	char code[DOSSIER_CODE_SIZE];
	char key[8];       /* the tracking key the applicant gave, "" if none */
	struct dossier_input in;
	char reason[FLOW_REASON_MAX + 1];
	char note[FLOW_NOTE_MAX + 1];
	char assignee[FLOW_USER_MAX + 1];
	char method[8];    /* return method */
	bool online;       /* confirm-payment */
	char *items;       /* JSON: request-supplement items, supplement components */
	char *result;      /* JSON: complete */
	char *criteria;    /* JSON: rating */
	char rating[16];
	bool staff_read;   /* GET by staff: an audit record of the read (R-AUD-1) */

	/* a queue listing */
	char list_unit[UNIT_CODE_SIZE];
	long page, per_page;
};

void flow_free(void *flow);

int flow_create_change(struct store_tx *tx, void *flow);
int flow_act_change(struct store_tx *tx, void *flow);
/* Records a staff read of a dossier's personal data (R-AUD-1). */
int flow_read_change(struct store_tx *tx, void *flow);

struct attachment;
struct dossier_row;

/* The applicant adds files (with the tracking key) only while these hold. */
bool flow_applicant_may_attach(const struct dossier_row *d);
/*
 * Adds or replaces a dossier's file whose blob is already durable
 * (docs/attachments.md): the row a (a->added_by is the audit actor,
 * a->added_at the time), its audit record and its outbox event (R-SYNC-2).
 * *replaced says whether the name had a row. 0, ERR_NOT_FOUND (no
 * dossier), ERR_INVALID_TRANSITION (an applicant, too late), ERR_CONFLICT
 * (ATTACHMENTS_PER_DOSSIER_MAX files), ERR_NOMEM, ERR_IO.
 */
int flow_attach(struct store_tx *tx, const struct attachment *a, bool applicant, bool *replaced);

#endif
