#include "compat.h"

#include "core/clock.h"
#include "core/cursor.h"
#include "core/date.h"
#include "core/err.h"

static const char *const kind_names[CLOCK_KIND_COUNT] = {
	[CLOCK_START] = "start",
	[CLOCK_PAUSE] = "pause",
	[CLOCK_RESUME] = "resume",
	[CLOCK_REAPPOINT] = "reappoint",
	[CLOCK_STOP] = "stop",
};

static const char *const reason_names[CLOCK_REASON_COUNT] = {
	[CLOCK_REASON_NONE] = "none",
	[CLOCK_REASON_RECEPTION] = "reception",
	[CLOCK_REASON_HANDOVER] = "handover",
	[CLOCK_REASON_SUPPLEMENT] = "supplement",
	[CLOCK_REASON_PAYMENT] = "payment",
	[CLOCK_REASON_APOLOGY] = "apology",
	[CLOCK_REASON_RESULT] = "result",
	[CLOCK_REASON_STOPPED] = "stopped",
	[CLOCK_REASON_WITHDRAWN] = "withdrawn",
};

static const char *const verdict_names[VERDICT_COUNT] = {
	[VERDICT_NONE] = "none",
	[VERDICT_EARLY] = "early",
	[VERDICT_ON_TIME] = "on_time",
	[VERDICT_LATE] = "late",
	[VERDICT_WITHIN_TIME] = "within_time",
	[VERDICT_NEARLY_DUE] = "nearly_due",
	[VERDICT_OVERDUE] = "overdue",
};

const char *clock_kind_name(enum clock_kind kind)
{
	return (unsigned)kind < CLOCK_KIND_COUNT ? kind_names[kind] : "unknown";
}

int clock_kind_parse(const char *s, size_t len, enum clock_kind *kind)
{
	int i = cursor_find_name(kind_names, CLOCK_KIND_COUNT, s, len);

	if (i < 0)
		return i;
	*kind = (enum clock_kind)i;
	return 0;
}

const char *clock_reason_name(enum clock_reason reason)
{
	return (unsigned)reason < CLOCK_REASON_COUNT ? reason_names[reason] : "unknown";
}

int clock_reason_parse(const char *s, size_t len, enum clock_reason *reason)
{
	int i = cursor_find_name(reason_names, CLOCK_REASON_COUNT, s, len);

	if (i < 0)
		return i;
	*reason = (enum clock_reason)i;
	return 0;
}

const char *verdict_name(enum verdict v)
{
	return (unsigned)v < VERDICT_COUNT ? verdict_names[v] : "unknown";
}

struct clock_rule clock_rule_make(enum clock_mode mode, struct duration budget,
				  const struct worktime *wt)
{
	struct clock_rule r = {mode, budget, office_hours_day_s(wt->hours)};

	return r;
}

/* The phase a well-formed ledger of n entries is in. */
static enum clock_phase phase_after(const struct clock_entry *e, size_t n)
{
	enum clock_phase p = CLOCK_IDLE;

	for (size_t i = 0; i < n; i++) {
		switch (e[i].kind) {
		case CLOCK_START:
		case CLOCK_RESUME:
			p = CLOCK_RUNNING;
			break;
		case CLOCK_PAUSE:
			p = CLOCK_PAUSED;
			break;
		case CLOCK_STOP:
			p = CLOCK_STOPPED;
			break;
		case CLOCK_REAPPOINT:
		default:
			break;
		}
	}
	return p;
}

static bool append_ok(enum clock_phase p, const struct clock_entry *prev,
		      const struct clock_entry *next)
{
	if (prev && next->at < prev->at)
		return false;
	switch (next->kind) {
	case CLOCK_START:
		return p == CLOCK_IDLE;
	case CLOCK_PAUSE:
		return p == CLOCK_RUNNING && (next->reason == CLOCK_REASON_SUPPLEMENT ||
					      next->reason == CLOCK_REASON_PAYMENT);
	case CLOCK_RESUME:
		return p == CLOCK_PAUSED;
	case CLOCK_REAPPOINT:
		return (p == CLOCK_RUNNING || p == CLOCK_PAUSED) && next->new_due > next->at;
	case CLOCK_STOP:
		return p == CLOCK_RUNNING || p == CLOCK_PAUSED;
	default:
		return false;
	}
}

int clock_check_append(const struct clock_entry *e, size_t n, const struct clock_entry *next)
{
	return append_ok(phase_after(e, n), n ? &e[n - 1] : NULL, next) ? 0 : ERR_INVALID_LEDGER;
}

int clock_check(const struct clock_entry *e, size_t n)
{
	enum clock_phase p = CLOCK_IDLE;

	for (size_t i = 0; i < n; i++) {
		if (!append_ok(p, i ? &e[i - 1] : NULL, &e[i]))
			return ERR_INVALID_LEDGER;
		p = phase_after(&e[i], 1) == CLOCK_IDLE ? p : phase_after(&e[i], 1);
	}
	return 0;
}

static bool calendar_budget(const struct clock_rule *r)
{
	return r->budget.unit == DURATION_CALENDAR_DAYS;
}

/* Appointments of a dossier in days end at a close of office hours. */
static bool rounds_to_day(const struct clock_rule *r)
{
	return r->mode == CLOCK_MODE_RECEPTION && r->budget.unit != DURATION_WORKING_HOURS;
}

static int base_due(const struct clock_rule *r, const struct worktime *wt, int64_t start,
		    int64_t *due)
{
	int64_t day_s = office_hours_day_s(wt->hours);

	if (r->mode == CLOCK_MODE_RECEPTION)
		return worktime_due(wt, start, r->budget, due);
	switch (r->budget.unit) {
	case DURATION_WORKING_DAYS:
		return worktime_add(wt, start, r->budget.amount * day_s, due);
	case DURATION_WORKING_HOURS:
		return worktime_add(wt, start, (int64_t)r->budget.amount * 3600, due);
	case DURATION_CALENDAR_DAYS:
		*due = start + (int64_t)r->budget.amount * DATE_DAY_S;
		return 0;
	case DURATION_SAME_DAY:
	default:
		*due = worktime_close(wt, date_local_day(start));
		return 0;
	}
}

/* Moves a due time by the pause [from, to). */
static int shift(const struct clock_rule *r, const struct worktime *wt, int64_t due, int64_t from,
		 int64_t to, int64_t *out)
{
	int64_t paused;

	if (calendar_budget(r)) {
		*out = due + (to - from);
		return 0;
	}
	if (worktime_between(wt, from, to, &paused))
		return ERR_RANGE;
	if (paused == 0) {
		/* Adding nothing would pull an off-hours due back to the last close. */
		*out = due;
		return 0;
	}
	return worktime_add(wt, due, paused, out);
}

/* Rounds a dossier's due time up to the close of a working day. */
static int round_due(const struct clock_rule *r, const struct worktime *wt, int64_t due,
		     int64_t *out)
{
	int32_t day;
	int rc;

	*out = due;
	if (!rounds_to_day(r))
		return 0;
	/*
	 * Up, never down (a re-appointment's new_due may be any instant): past
	 * its day's close, or on a day off, the due time goes to the close of
	 * the next working day.
	 */
	day = date_local_day(due);
	if (due > worktime_close(wt, day))
		day++;
	rc = calendar_add_working_days(wt->cal, day, 0, &day);
	if (!rc)
		*out = worktime_close(wt, day);
	return rc;
}

/*
 * An open pause. A re-appointment made during it is a new date chosen at
 * that moment, so only the rest of the pause moves it (due_from); the
 * original due time and the paused time count the whole pause (from).
 */
struct pause {
	int64_t from, due_from;
};

/* Moves both due times by a pause ending at `to` and counts its time. */
static int apply_pause(const struct clock_rule *r, const struct worktime *wt,
		       const struct pause *p, int64_t to, struct clock_status *s)
{
	int64_t paused;
	int rc;

	if (to < p->from)
		to = p->from;
	rc = shift(r, wt, s->due, p->due_from < to ? p->due_from : to, to, &s->due);
	if (!rc)
		rc = shift(r, wt, s->original_due, p->from, to, &s->original_due);
	if (!rc)
		rc = worktime_between(wt, p->from, to, &paused);
	if (!rc)
		s->paused_s += paused;
	return rc;
}

static int walk(const struct clock_entry *e, size_t n, const struct clock_rule *r,
		const struct worktime *wt, int64_t now, struct clock_status *s)
{
	struct pause p = {0, 0};
	int rc = 0;

	for (size_t i = 1; i < n && !rc; i++) {
		switch (e[i].kind) {
		case CLOCK_PAUSE:
			p.from = p.due_from = e[i].at;
			s->pauses++;
			s->supplement_pauses += e[i].reason == CLOCK_REASON_SUPPLEMENT;
			s->payment_pauses += e[i].reason == CLOCK_REASON_PAYMENT;
			break;
		case CLOCK_RESUME:
			rc = apply_pause(r, wt, &p, e[i].at, s);
			break;
		case CLOCK_REAPPOINT:
			s->due = e[i].new_due;
			s->reappointments++;
			p.due_from = e[i].at;
			break;
		case CLOCK_STOP:
			s->stopped_at = e[i].at;
			if (phase_after(e, i) == CLOCK_PAUSED)
				rc = apply_pause(r, wt, &p, e[i].at, s);
			break;
		case CLOCK_START:
		default:
			break;
		}
	}
	/* A pause still open holds the clock up to now. */
	if (!rc && s->phase == CLOCK_PAUSED)
		rc = apply_pause(r, wt, &p, now, s);
	return rc;
}

static enum verdict finished_verdict(int64_t end, int64_t due)
{
	if (end > due)
		return VERDICT_LATE;
	if (date_local_day(end) < date_local_day(due))
		return VERDICT_EARLY;
	return VERDICT_ON_TIME;
}

static int open_verdict(const struct clock_rule *r, const struct worktime *wt, int64_t now,
			int64_t due, int64_t *warn_at, enum verdict *v)
{
	int64_t pos;
	int rc = worktime_position(wt, due, &pos);

	if (!rc)
		rc = worktime_instant(wt, pos - r->warn_s, warn_at);
	if (rc)
		return rc;
	if (now > due)
		*v = VERDICT_OVERDUE;
	else if (now >= *warn_at)
		*v = VERDICT_NEARLY_DUE;
	else
		*v = VERDICT_WITHIN_TIME;
	return 0;
}

static int judge(const struct clock_rule *r, const struct worktime *wt, int64_t now,
		 struct clock_status *s)
{
	int64_t end = s->phase == CLOCK_STOPPED ? s->stopped_at : now;
	int64_t spent = 0, warn;
	int rc = 0;

	if (end > s->started_at)
		rc = worktime_between(wt, s->started_at, end, &spent);
	if (rc)
		return rc;
	s->used_s = spent > s->paused_s ? spent - s->paused_s : 0;
	if (s->phase == CLOCK_STOPPED) {
		s->verdict = finished_verdict(end, s->due);
		s->index_verdict = finished_verdict(end, s->original_due);
		s->warn_at = 0;
		return 0;
	}
	rc = open_verdict(r, wt, now, s->due, &s->warn_at, &s->verdict);
	if (!rc)
		rc = open_verdict(r, wt, now, s->original_due, &warn, &s->index_verdict);
	return rc;
}

int clock_eval(const struct clock_entry *e, size_t n, const struct clock_rule *rule,
	       const struct worktime *wt, int64_t now, struct clock_status *out)
{
	int rc = duration_validate(rule->budget);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = clock_check(e, n);
	if (rc || n == 0)
		return rc;
	out->phase = phase_after(e, n);
	out->started_at = e[0].at;
	rc = base_due(rule, wt, e[0].at, &out->due);
	if (rc)
		return rc;
	out->original_due = out->due;
	rc = walk(e, n, rule, wt, now, out);
	if (!rc)
		rc = round_due(rule, wt, out->due, &out->due);
	if (!rc)
		rc = round_due(rule, wt, out->original_due, &out->original_due);
	if (!rc)
		rc = judge(rule, wt, now, out);
	return rc;
}

int clock_apology_deadline(const struct worktime *wt, int64_t due, int64_t *deadline)
{
	int64_t pos;

	if (worktime_position(wt, due, &pos))
		return ERR_RANGE;
	return worktime_instant(wt, pos - office_hours_day_s(wt->hours), deadline);
}
