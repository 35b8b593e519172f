/*
 * index.h: the service-quality index of Decision 766/QĐ-TTg (DOMAIN.md §9,
 * R-IDX-1 … R-IDX-3, R-EVAL-1), as pure functions over per-dossier facts.
 *
 * Three layers, each pure and thread-safe:
 *
 * 1. The rules (index_rules): groups, indicators with their maximum points
 *    and thresholds, and the classification bands, as constant tables, one
 *    rule set per version with the day it takes effect. A report uses
 *    the rule set in force on the last day of its period.
 *
 * 2. The facts of one dossier (struct index_fact): what the index needs to
 *    know of a dossier, derived from its row, its clock ledger, its
 *    supplement requests, ratings, files and sync events. The store keeps
 *    one row of facts per dossier, rewritten in the same transaction as each
 *    change of the dossier (store/index_facts.h); `motcua report recompute`
 *    rebuilds them from the raw data with the same functions. The clock
 *    part is index_clock_facts() below.
 *
 * 3. The tally (struct index_tally) of a population of facts for a period,
 *    judged at one instant (index_tally_add), and the scores of the rules
 *    over a tally (index_compute).
 *
 * Judging a dossier for a period [from, to) (instants; `to` is the start of
 * the day after the period's last day) at `judged` = min(to, now):
 *   - population: received before `judged` and not ended before `from`
 *     (received or processed in the period); never-received dossiers
 *     (refused at reception, still submitted) are not in it;
 *   - ended before `judged`: early (the end's day is before the index due's
 *     day), on time, or late; otherwise in progress at `judged`: within
 *     time, nearly due (past the warning point), or overdue;
 *   - late ⇔ the clock passed the index due before the end (late_at), or a
 *     second supplement request came before the end / `judged`;
 *   - the index due is the original due date: pauses for supplements and
 *     payments excluded, re-appointments never move it (R-DOS-5).
 */
#ifndef MOTCUA_CORE_INDEX_H
#define MOTCUA_CORE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/dossier.h"
#include "core/worktime.h"

/* "Never" for instants that have not happened (and may never). */
#define INDEX_NEVER INT64_MAX

/* The indicators of DOMAIN.md §9, in report order. */
enum index_indicator {
	IND_1_1,
	IND_1_2,
	IND_1_3,
	IND_1_4,
	IND_2_1,
	IND_3_1,
	IND_3_2,
	IND_3_3,
	IND_3_5,
	IND_3_6,
	IND_5_2,
	IND_5_3,
	IND_5_4,
	IND_4_1,
	IND_4_2,
	IND_4_3,
	IND_4_4,
	IND_4_5,
	IND_COUNT
};

#define INDEX_GROUPS_MAX 8
#define INDEX_BANDS_MAX 8

struct index_group_def {
	const char *id;   /* "publicity", "progress", … */
	const char *name; /* Vietnamese, as published */
	double max;       /* points */
};

struct index_indicator_def {
	enum index_indicator ind;
	const char *id;   /* "2.1" */
	const char *name; /* Vietnamese */
	int group;        /* index into the rule set's groups */
	double max;       /* points */
	double threshold; /* 0: score = rate · max; else max when rate ≥ threshold, else rate/threshold · max */
	const char *source; /* where the numbers come from (shown in reports) */
};

struct index_band {
	double min;       /* a total at or above this falls in the band */
	const char *id;   /* "excellent", "good", "fair", "average", "weak" */
	const char *name; /* Vietnamese */
	bool verify;      /* the band's bounds are a reading to verify (DOMAIN.md §9) */
};

struct index_rules {
	int version;
	int32_t effective_from; /* day (core/date.h) */
	const char *note;
	int n_groups;
	struct index_group_def groups[INDEX_GROUPS_MAX];
	struct index_indicator_def indicators[IND_COUNT]; /* in enum order */
	int n_bands;
	struct index_band bands[INDEX_BANDS_MAX]; /* highest first; the last has min 0 */
};

/* The rule set in force on `day` (the oldest one for days before all of them). Never NULL. */
const struct index_rules *index_rules_for(int32_t day);
/* Every rule set, oldest first; *n gets the count. */
const struct index_rules *const *index_rules_all(size_t *n);

/*
 * The score of one indicator: NAN when den is 0 ("no data"), else by the
 * indicator's formula with rate = num / den · factor, capped to [0, 1].
 * *rate gets the rate (NAN for no data).
 */
double index_score(const struct index_indicator_def *d, int64_t num, int64_t den, double factor,
		   double *rate);

/* The band of a total in [0, 100] (the last band for anything below the others). */
const struct index_band *index_band_of(const struct index_rules *r, double total);

/* How a dossier ended. */
enum index_end {
	INDEX_END_NONE,     /* open, or never received */
	INDEX_END_DONE,     /* result ready (complete) */
	INDEX_END_RETURNED, /* result delivered (its end is still the completion) */
	INDEX_END_STOPPED,  /* stopped, also a withdrawal accepted */
	INDEX_END_REFUSED,  /* refused at reception */
	INDEX_END_COUNT
};
const char *index_end_name(enum index_end e);

/* The facts of one dossier (see the top of this file). */
struct index_fact {
	int64_t received_at;          /* INDEX_NEVER: never received */
	int64_t end_at;               /* INDEX_NEVER: open */
	enum index_end end_kind;
	int64_t index_due;            /* the original due time as last evaluated; 0 before reception */
	int64_t late_at;              /* when the clock passed the index due; INDEX_NEVER: not (yet) */
	int64_t warn_at;              /* when it becomes nearly due (R-CAL-6); INDEX_NEVER: paused */
	int64_t second_supplement_at; /* the second supplement request; INDEX_NEVER: fewer */
	int supplement_requests;
	int channel;                  /* DVCQG KenhThucHien: 1 counter, 2 online, 3 post */
	bool fee_bearing;             /* fees not all zero */
	bool paid_online;
	bool electronic_result;       /* the result names a stored file (R-DOS-6) */
	bool has_files;               /* at least one file attached (R-DIG-1) */
	bool vneid;                   /* R-ID-3 */
	bool synced;                  /* every sync event delivered (R-SYNC-2) */
	enum rating_level rating;     /* the latest rating */
};

/*
 * The clock facts of a dossier from its ledger (R-CAL-5): index_due,
 * late_at and warn_at. The ledger is replayed entry by entry; after each
 * entry, at its time t:
 *   - once late (late_at < t) a dossier stays late;
 *   - running: late_at = the original due time (it is passed when nobody
 *     acts before it);
 *   - paused (supplement, payment) and not late: late_at = never, since the
 *     due time moves with the pause;
 *   - stopped and not late: late_at = never (finished on time).
 * This equals "the original due time had passed" at any instant, because
 * a pause never makes a late dossier on time nor an on-time one late.
 * warn_at is the warning point (R-CAL-6) of the last index due, also for a
 * finished dossier (so that a past period judges it as it stood then,
 * exactly unless it paused after that period); never while paused.
 * An empty ledger gives index_due 0 and never for the others.
 * Returns 0 or clock_eval()'s errors.
 */
int index_clock_facts(const struct clock_entry *e, size_t n, const struct clock_rule *rule,
		      const struct worktime *wt, struct index_fact *f);

/* How a dossier stands in a period (see the top of this file). */
enum index_status {
	INDEX_OUT,      /* not in the population */
	INDEX_EARLY,    /* ended before `judged`, before the due day */
	INDEX_ON_TIME,  /* ended before `judged`, on the due day by the due time */
	INDEX_LATE,     /* ended before `judged`, late */
	INDEX_WITHIN,   /* open at `judged`, within time */
	INDEX_NEARLY,   /* open at `judged`, nearly due */
	INDEX_OVERDUE,  /* open at `judged`, overdue */
	INDEX_STATUS_COUNT
};
const char *index_status_name(enum index_status s);

/* The status of one dossier for [from, to) judged at `judged` (≤ to). Pure. */
enum index_status index_judge(const struct index_fact *f, int64_t from, int64_t judged);

/* What a population of dossiers adds up to in one period. */
struct index_tally {
	int64_t population;   /* received or processed in the period */
	int64_t carried_over; /* received before the period, still open at its start */
	int64_t received;     /* received in the period */
	int64_t by_status[INDEX_STATUS_COUNT];
	int64_t late_by_supplement; /* late or overdue because of a second supplement request */
	int64_t synced;
	int64_t online;
	int64_t fee_bearing, paid_online;
	int64_t with_result;       /* ended with a result (done, returned) */
	int64_t electronic_result; /* … whose result is an electronic file */
	int64_t digitised;         /* … with files and an electronic result */
	int64_t vneid;
	int64_t rated, not_satisfied;
	/* Procedures (3.1, 3.2): filled by the shell from the catalog. */
	int64_t procedures, procedures_online, procedures_with_online_dossier;
};

/* Adds one dossier's facts to a tally. */
void index_tally_add(struct index_tally *t, const struct index_fact *f, int64_t from,
		     int64_t judged);
/* Adds b into a. */
void index_tally_merge(struct index_tally *a, const struct index_tally *b);
/* Late and overdue dossiers, and the on-time ones (2.1's numerator). */
int64_t index_tally_late(const struct index_tally *t);
int64_t index_tally_on_time(const struct index_tally *t);

struct index_value {
	int64_t num, den;
	double factor; /* 1 except 3.3 (× the sync ratio) */
	bool has_data;
	double rate;   /* NAN without data */
	double score;  /* NAN without data */
};

struct index_group_value {
	double score;       /* scaled to the group's points over indicators with data; NAN: none */
	double max_with_data;
	double raw;         /* the plain sum of the scores with data */
};

struct index_result {
	const struct index_rules *rules;
	struct index_value ind[IND_COUNT];
	struct index_group_value groups[INDEX_GROUPS_MAX];
	double total;         /* 100 · Σ scores / Σ max of the indicators with data; NAN: none */
	double raw_total;     /* Σ scores with data */
	double max_with_data; /* Σ max of the indicators with data */
	const struct index_band *band; /* NULL without data */
};

/*
 * The numerators and denominators of a tally (indicators without data in
 * the system get 0/0), then the scores of the rules. Groups and the total
 * are scaled over the indicators that have data: a group scores
 * max · Σ scores / Σ max of its indicators with data, and the total
 * 100 · Σ scores / Σ max of all indicators with data; both are NAN when
 * no indicator has data.
 */
void index_compute(const struct index_rules *r, const struct index_tally *t,
		   struct index_result *out);

/* R-IDX-3: late rate = (overdue + finished late) / (carried over + received); NAN for 0. */
double index_late_rate(const struct index_tally *t);

#endif
