/*
 * clock.h: the clock ledger of a dossier or a step (R-CAL-5, R-CAL-6).
 *
 * A clock is an append-only list of entries: start, pause (waiting for a
 * supplement or a payment), resume, re-appointment with a new due time, and
 * stop. The due time, the time used and the verdict are pure functions of
 * the ledger, the rule (budget and mode), the calendar and "now", so anyone
 * can recompute and explain them:
 *
 * - the base due time comes from the start and the budget: for a dossier
 *   (CLOCK_MODE_RECEPTION) by the reception rules of worktime_due(); for a
 *   step (CLOCK_MODE_ELAPSED) as that much working time after the start
 *   (a working day is one day of office hours);
 * - every pause moves the due time by the working time it lasted (calendar
 *   time for calendar-day budgets); a pause still open moves it up to now;
 * - a re-appointment sets the due time to its new_due (the pause time
 *   after it still moves it, also the rest of a pause it was made in); the
 *   original due time, without re-appointments, is kept for the index
 *   (R-DOS-5);
 * - for day budgets of a dossier the due time is rounded up to the close
 *   of office hours of its day: appointments are days.
 *
 * Pure; thread-safe.
 */
#ifndef MOTCUA_CORE_CLOCK_H
#define MOTCUA_CORE_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/worktime.h"

enum clock_kind {
	CLOCK_START,
	CLOCK_PAUSE,
	CLOCK_RESUME,
	CLOCK_REAPPOINT,
	CLOCK_STOP,
	CLOCK_KIND_COUNT
};

/* The legal reason of an entry. */
enum clock_reason {
	CLOCK_REASON_NONE,
	CLOCK_REASON_RECEPTION,  /* dossier received (R-DOS-3) */
	CLOCK_REASON_HANDOVER,   /* step handed over (R-DOS-4) */
	CLOCK_REASON_SUPPLEMENT, /* waiting for the applicant's supplement */
	CLOCK_REASON_PAYMENT,    /* waiting for fees */
	CLOCK_REASON_APOLOGY,    /* re-appointment after an apology (R-DOS-5) */
	CLOCK_REASON_RESULT,     /* result ready */
	CLOCK_REASON_STOPPED,    /* processing stopped (form 05) */
	CLOCK_REASON_WITHDRAWN,  /* withdrawal accepted */
	CLOCK_REASON_COUNT
};

struct clock_entry {
	enum clock_kind kind;
	enum clock_reason reason;
	int64_t at;      /* instant */
	int64_t new_due; /* CLOCK_REAPPOINT only */
};

enum clock_mode {
	CLOCK_MODE_RECEPTION, /* a dossier: R-CAL-4 from its reception */
	CLOCK_MODE_ELAPSED,   /* a step: its budget of working time */
};

struct clock_rule {
	enum clock_mode mode;
	struct duration budget;
	int32_t warn_s; /* working seconds before due that count as nearly due */
};

enum verdict {
	VERDICT_NONE,        /* not started */
	VERDICT_EARLY,       /* finished before the due day */
	VERDICT_ON_TIME,     /* finished on the due day, by the due time */
	VERDICT_LATE,        /* finished after the due time */
	VERDICT_WITHIN_TIME, /* open, before the warning point */
	VERDICT_NEARLY_DUE,  /* open, past the warning point */
	VERDICT_OVERDUE,     /* open, past the due time */
	VERDICT_COUNT
};

enum clock_phase {
	CLOCK_IDLE, /* no entry yet */
	CLOCK_RUNNING,
	CLOCK_PAUSED,
	CLOCK_STOPPED,
};

struct clock_status {
	enum clock_phase phase;
	int64_t started_at;
	int64_t stopped_at;    /* CLOCK_STOPPED only */
	int64_t original_due;  /* without re-appointments; pauses included */
	int64_t due;           /* the current due time */
	int64_t warn_at;       /* when the open clock becomes nearly due */
	int64_t used_s;        /* working seconds counted, pauses excluded */
	int64_t paused_s;      /* working seconds paused */
	int pauses;
	int supplement_pauses;
	int payment_pauses;
	int reappointments;
	enum verdict verdict;       /* against the current due time */
	enum verdict index_verdict; /* against the original due time */
};

const char *clock_kind_name(enum clock_kind kind);
int clock_kind_parse(const char *s, size_t len, enum clock_kind *kind);
const char *clock_reason_name(enum clock_reason reason);
int clock_reason_parse(const char *s, size_t len, enum clock_reason *reason);
/* "early", "on_time", "late", "within_time", "nearly_due", "overdue", "none". */
const char *verdict_name(enum verdict v);

/* The default rule: the budget, nearly due one working day before. */
struct clock_rule clock_rule_make(enum clock_mode mode, struct duration budget,
				  const struct worktime *wt);

/*
 * Whether `next` may be appended to a well-formed ledger of n entries: the
 * first entry is a start; times never go back; a pause only while running
 * (reason supplement or payment), a resume only while paused, a
 * re-appointment while running or paused with new_due after its time, a
 * stop while running or paused, nothing after a stop.
 * Returns 0 or ERR_INVALID_LEDGER.
 */
int clock_check_append(const struct clock_entry *e, size_t n, const struct clock_entry *next);

/* Checks a whole ledger entry by entry. 0 or ERR_INVALID_LEDGER. */
int clock_check(const struct clock_entry *e, size_t n);

/*
 * Evaluates a ledger at `now`. Returns 0, ERR_INVALID_LEDGER, ERR_INVALID
 * (bad budget) or ERR_RANGE (outside the calendar).
 */
int clock_eval(const struct clock_entry *e, size_t n, const struct clock_rule *rule,
	       const struct worktime *wt, int64_t now, struct clock_status *out);

/*
 * The last instant an apology may be issued for a due time (R-DOS-5): one
 * working day of office hours before it. 0 or ERR_RANGE.
 */
int clock_apology_deadline(const struct worktime *wt, int64_t due, int64_t *deadline);

#endif
