/*
 * dossier.h: the dossier state machine (R-DOS-2 … R-DOS-5).
 *
 * The transition table is data (dossier_rules): for each state and action,
 * the next state, who may act (capacities) and the guards. dossier_decide()
 * takes the facts the shell loaded, the actor's capacities and what the
 * request brings, and answers the outcome (next state, clock entry, step
 * move) or the exact refusal:
 *   ERR_INVALID_TRANSITION  no rule for this state and action;
 *   ERR_FORBIDDEN           the actor holds none of the allowed capacities;
 *   a guard's code          ERR_SUPPLEMENT_LIMIT, ERR_REAPPOINT_LIMIT,
 *                           ERR_APOLOGY_TOO_LATE, ERR_NO_NEXT_STEP,
 *                           ERR_REASON_REQUIRED, ERR_ITEMS_REQUIRED,
 *                           ERR_RESULT_REQUIRED, ERR_AMOUNT_REQUIRED,
 *                           ERR_INVALID_NEW_DUE, ERR_INVALID_RATING.
 * Checks run in that order, guards in the order of enum dossier_guard.
 *
 * Pure; thread-safe (the table is constant).
 */
#ifndef MOTCUA_CORE_DOSSIER_H
#define MOTCUA_CORE_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"

/* In the order of the DVCQG status codes (TrangThaiHoSo = index + 1). */
enum dossier_state {
	DOSSIER_SUBMITTED,
	DOSSIER_RECEIVED,
	DOSSIER_REFUSED,
	DOSSIER_PROCESSING,
	DOSSIER_SUPPLEMENT_REQUESTED,
	DOSSIER_PAYMENT_REQUESTED,
	DOSSIER_WITHDRAWAL_REQUESTED,
	DOSSIER_STOPPED,
	DOSSIER_DONE,
	DOSSIER_RETURNED,
	DOSSIER_STATE_COUNT
};

enum dossier_action {
	ACTION_RECEIVE,
	ACTION_REQUEST_SUPPLEMENT,
	ACTION_SUPPLEMENT,
	ACTION_REFUSE,
	ACTION_FORWARD,
	ACTION_REQUEST_PAYMENT,
	ACTION_CONFIRM_PAYMENT,
	ACTION_APOLOGIZE,
	ACTION_COMPLETE,
	ACTION_RETURN,
	ACTION_WITHDRAW,
	ACTION_STOP,
	ACTION_RATING,
	ACTION_COUNT
};

/* Capacities in which someone acts on a given dossier (R-ORG-3). */
enum dossier_capacity {
	CAP_RECEIVER = 1u << 0,         /* receiving officer of the receiving unit */
	CAP_RETURNER = 1u << 1,         /* receiving officer of the returning unit */
	CAP_STEP_STAFF = 1u << 2,       /* specialist or leader of the current step's unit */
	CAP_COMPETENT_LEADER = 1u << 3, /* leader of the competent unit */
	CAP_APPLICANT = 1u << 4,        /* the applicant, with the tracking key */
	CAP_ALL = (1u << 5) - 1
};

enum dossier_guard {
	GUARD_SUPPLEMENT_ONCE = 1u << 0, /* R-DOS-3/4: one request per unit and phase */
	GUARD_REAPPOINT_ONCE = 1u << 1,  /* R-DOS-5: at most one re-appointment */
	GUARD_APOLOGY_WINDOW = 1u << 2,  /* R-DOS-5: by 1 working day before due */
	GUARD_NEXT_STEP = 1u << 3,       /* there is a next internal step */
	GUARD_REASON = 1u << 4,          /* a written reason */
	GUARD_ITEMS = 1u << 5,           /* every missing item listed */
	GUARD_RESULT = 1u << 6,          /* a result */
	GUARD_AMOUNT = 1u << 7,          /* a positive amount */
	GUARD_NEW_DUE = 1u << 8,         /* the new due time is later */
	GUARD_RATING = 1u << 9,          /* a level; a reason for "not satisfied" */
	GUARD_COUNT = 10
};

/* Special targets of a rule. */
#define DOSSIER_STAY (-1)   /* the state does not change */
#define DOSSIER_RESUME (-2) /* back to the state before the pause */

enum rating_level {
	RATING_NONE,
	RATING_VERY_SATISFIED,
	RATING_SATISFIED,
	RATING_NOT_SATISFIED,
	RATING_LEVEL_COUNT
};

struct dossier_rule {
	enum dossier_state from;
	enum dossier_action action;
	int to; /* an enum dossier_state, DOSSIER_STAY or DOSSIER_RESUME */
	unsigned caps;
	unsigned guards;
	enum clock_kind clock; /* CLOCK_KIND_COUNT: no entry on the dossier clock */
	enum clock_reason reason;
	int step_move; /* +1: the dossier moves to its next internal step */
	const char *note;
};

extern const struct dossier_rule dossier_rules[];
extern const size_t dossier_rules_count;

/* What the shell knows of the dossier when an action arrives. */
struct dossier_facts {
	enum dossier_state state;
	enum dossier_state resume_state; /* where a supplement or payment returns */
	int step_index;                  /* current internal step, 0-based */
	int step_count;
	int supplement_requests; /* already made by the unit that would ask now */
	int reappointments;
	enum clock_phase clock; /* phase of the dossier's clock */
	int64_t now;
	int64_t due;              /* current due time (0 before reception) */
	int64_t apology_deadline; /* clock_apology_deadline() of due */
};

/* What the request brings. */
struct dossier_input {
	bool has_reason;
	bool has_result;
	int items;
	int64_t amount_vnd;
	int64_t new_due;
	enum rating_level rating;
};

/*
 * The clock entry of a rule is emitted only when it fits the clock's phase:
 * before reception there is no clock, so a supplement at reception neither
 * pauses nor resumes anything.
 */
struct dossier_outcome {
	const struct dossier_rule *rule;
	enum dossier_state next;
	enum dossier_state resume_state;
	enum clock_kind clock; /* CLOCK_KIND_COUNT: none */
	enum clock_reason reason;
	int step_index;
};

const char *dossier_state_name(enum dossier_state s);
int dossier_state_parse(const char *s, size_t len, enum dossier_state *out);
/* The DVCQG TrangThaiHoSo code (1..10). */
int dossier_state_dvcqg(enum dossier_state s);
/* Open: received or in processing, the clock matters. */
bool dossier_state_is_final(enum dossier_state s);

/* The action names of the API ("request-supplement", …). */
const char *dossier_action_name(enum dossier_action a);
int dossier_action_parse(const char *s, size_t len, enum dossier_action *out);

const char *rating_level_name(enum rating_level r);
int rating_level_parse(const char *s, size_t len, enum rating_level *out);

/* Names of capacities and guards, for `motcua rules`. */
const char *dossier_capacity_name(unsigned cap);
const char *dossier_guard_name(unsigned guard);

/* The rule for (state, action), or NULL. */
const struct dossier_rule *dossier_rule_find(enum dossier_state s, enum dossier_action a);

/* Decides an action; see the top of this file. 0 or a refusal code. */
int dossier_decide(const struct dossier_facts *f, enum dossier_action a, unsigned caps,
		   const struct dossier_input *in, struct dossier_outcome *out);

#endif
