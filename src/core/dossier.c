#include "compat.h"

#include "core/cursor.h"
#include "core/dossier.h"
#include "core/err.h"

#define NO_CLOCK CLOCK_KIND_COUNT, CLOCK_REASON_NONE
#define APPLICANT_OR_COUNTER (CAP_APPLICANT | CAP_RECEIVER)
#define APOLOGY_GUARDS (GUARD_REAPPOINT_ONCE | GUARD_APOLOGY_WINDOW | GUARD_REASON | GUARD_NEW_DUE)

/* The transition table (R-DOS-2 … R-DOS-5), printed by `motcua rules`. */
const struct dossier_rule dossier_rules[] = {
	{DOSSIER_SUBMITTED, ACTION_RECEIVE, DOSSIER_RECEIVED, CAP_RECEIVER, 0,
	 CLOCK_START, CLOCK_REASON_RECEPTION, 0, "complete: receipt (form 01) and due date"},
	{DOSSIER_SUBMITTED, ACTION_REQUEST_SUPPLEMENT, DOSSIER_SUPPLEMENT_REQUESTED, CAP_RECEIVER,
	 GUARD_SUPPLEMENT_ONCE | GUARD_ITEMS, NO_CLOCK, 0,
	 "incomplete: one guidance (form 02) listing every missing item"},
	{DOSSIER_SUBMITTED, ACTION_REFUSE, DOSSIER_REFUSED, CAP_RECEIVER, GUARD_REASON, NO_CLOCK, 0,
	 "out of scope or ineligible: refusal (form 03)"},
	{DOSSIER_SUBMITTED, ACTION_WITHDRAW, DOSSIER_WITHDRAWAL_REQUESTED, APPLICANT_OR_COUNTER,
	 GUARD_REASON, NO_CLOCK, 0, "the applicant asks to withdraw"},

	{DOSSIER_RECEIVED, ACTION_FORWARD, DOSSIER_PROCESSING, CAP_RECEIVER | CAP_STEP_STAFF,
	 GUARD_NEXT_STEP, NO_CLOCK, 1, "hand-over to the first processing step"},
	{DOSSIER_RECEIVED, ACTION_APOLOGIZE, DOSSIER_STAY, CAP_COMPETENT_LEADER, APOLOGY_GUARDS,
	 CLOCK_REAPPOINT, CLOCK_REASON_APOLOGY, 0, "apology (form 04) with one new date"},
	{DOSSIER_RECEIVED, ACTION_WITHDRAW, DOSSIER_WITHDRAWAL_REQUESTED, APPLICANT_OR_COUNTER,
	 GUARD_REASON, NO_CLOCK, 0, "the applicant asks to withdraw"},
	{DOSSIER_RECEIVED, ACTION_STOP, DOSSIER_STOPPED, CAP_STEP_STAFF, GUARD_REASON, CLOCK_STOP,
	 CLOCK_REASON_STOPPED, 0, "not eligible: stop notice (form 05)"},
	{DOSSIER_RECEIVED, ACTION_RATING, DOSSIER_STAY, CAP_APPLICANT, GUARD_RATING, NO_CLOCK, 0,
	 "rating of the reception (R-EVAL-1)"},

	{DOSSIER_REFUSED, ACTION_RATING, DOSSIER_STAY, CAP_APPLICANT, GUARD_RATING, NO_CLOCK, 0,
	 "rating of the refusal (R-EVAL-1)"},

	{DOSSIER_PROCESSING, ACTION_REQUEST_SUPPLEMENT, DOSSIER_SUPPLEMENT_REQUESTED, CAP_STEP_STAFF,
	 GUARD_SUPPLEMENT_ONCE | GUARD_ITEMS, CLOCK_PAUSE, CLOCK_REASON_SUPPLEMENT, 0,
	 "at most once per competent unit; the clock pauses"},
	{DOSSIER_PROCESSING, ACTION_FORWARD, DOSSIER_STAY, CAP_STEP_STAFF, GUARD_NEXT_STEP, NO_CLOCK,
	 1, "hand-over to the next internal step"},
	{DOSSIER_PROCESSING, ACTION_REQUEST_PAYMENT, DOSSIER_PAYMENT_REQUESTED, CAP_STEP_STAFF,
	 GUARD_AMOUNT, CLOCK_PAUSE, CLOCK_REASON_PAYMENT, 0, "fees due; the clock pauses"},
	{DOSSIER_PROCESSING, ACTION_APOLOGIZE, DOSSIER_STAY, CAP_COMPETENT_LEADER, APOLOGY_GUARDS,
	 CLOCK_REAPPOINT, CLOCK_REASON_APOLOGY, 0, "apology (form 04) with one new date"},
	{DOSSIER_PROCESSING, ACTION_COMPLETE, DOSSIER_DONE, CAP_STEP_STAFF, GUARD_RESULT, CLOCK_STOP,
	 CLOCK_REASON_RESULT, 0, "result ready at the returning unit"},
	{DOSSIER_PROCESSING, ACTION_WITHDRAW, DOSSIER_WITHDRAWAL_REQUESTED, APPLICANT_OR_COUNTER,
	 GUARD_REASON, NO_CLOCK, 0, "the applicant asks to withdraw"},
	{DOSSIER_PROCESSING, ACTION_STOP, DOSSIER_STOPPED, CAP_STEP_STAFF, GUARD_REASON, CLOCK_STOP,
	 CLOCK_REASON_STOPPED, 0, "not eligible after appraisal: stop notice (form 05)"},

	{DOSSIER_SUPPLEMENT_REQUESTED, ACTION_SUPPLEMENT, DOSSIER_RESUME, APPLICANT_OR_COUNTER,
	 GUARD_ITEMS, CLOCK_RESUME, CLOCK_REASON_SUPPLEMENT, 0,
	 "the supplement arrives; back where it was, the clock runs again"},
	{DOSSIER_SUPPLEMENT_REQUESTED, ACTION_WITHDRAW, DOSSIER_WITHDRAWAL_REQUESTED,
	 APPLICANT_OR_COUNTER, GUARD_REASON, NO_CLOCK, 0, "the applicant asks to withdraw"},
	{DOSSIER_SUPPLEMENT_REQUESTED, ACTION_STOP, DOSSIER_STOPPED, CAP_RECEIVER | CAP_STEP_STAFF,
	 GUARD_REASON, CLOCK_STOP, CLOCK_REASON_STOPPED, 0, "the supplement never came"},
	{DOSSIER_SUPPLEMENT_REQUESTED, ACTION_RATING, DOSSIER_STAY, CAP_APPLICANT, GUARD_RATING,
	 NO_CLOCK, 0, "rating of the guidance (R-EVAL-1)"},

	{DOSSIER_PAYMENT_REQUESTED, ACTION_CONFIRM_PAYMENT, DOSSIER_RESUME,
	 CAP_RECEIVER | CAP_STEP_STAFF, 0, CLOCK_RESUME, CLOCK_REASON_PAYMENT, 0,
	 "fees paid; the clock runs again"},
	{DOSSIER_PAYMENT_REQUESTED, ACTION_WITHDRAW, DOSSIER_WITHDRAWAL_REQUESTED,
	 APPLICANT_OR_COUNTER, GUARD_REASON, NO_CLOCK, 0, "the applicant asks to withdraw"},
	{DOSSIER_PAYMENT_REQUESTED, ACTION_STOP, DOSSIER_STOPPED, CAP_STEP_STAFF, GUARD_REASON,
	 CLOCK_STOP, CLOCK_REASON_STOPPED, 0, "fees never paid"},

	{DOSSIER_WITHDRAWAL_REQUESTED, ACTION_STOP, DOSSIER_STOPPED, CAP_RECEIVER | CAP_STEP_STAFF,
	 GUARD_REASON, CLOCK_STOP, CLOCK_REASON_WITHDRAWN, 0, "withdrawal accepted (form 05)"},

	{DOSSIER_DONE, ACTION_RETURN, DOSSIER_RETURNED, CAP_RETURNER | CAP_RECEIVER, 0, NO_CLOCK, 0,
	 "result delivered (counter, post or online)"},

	{DOSSIER_RETURNED, ACTION_RATING, DOSSIER_STAY, CAP_APPLICANT, GUARD_RATING, NO_CLOCK, 0,
	 "rating of the service (R-EVAL-1)"},
};
const size_t dossier_rules_count = ARRAY_SIZE(dossier_rules);

static const char *const state_names[DOSSIER_STATE_COUNT] = {
	"submitted", "received", "refused", "processing", "supplement_requested",
	"payment_requested", "withdrawal_requested", "stopped", "done", "returned",
};

static const char *const action_names[ACTION_COUNT] = {
	"receive", "request-supplement", "supplement", "refuse", "forward",
	"request-payment", "confirm-payment", "apologize", "complete", "return",
	"withdraw", "stop", "rating",
};

static const char *const rating_names[RATING_LEVEL_COUNT] = {
	"none", "very_satisfied", "satisfied", "not_satisfied",
};

const char *dossier_state_name(enum dossier_state s)
{
	return (unsigned)s < DOSSIER_STATE_COUNT ? state_names[s] : "unknown";
}

int dossier_state_parse(const char *s, size_t len, enum dossier_state *out)
{
	int i = cursor_find_name(state_names, DOSSIER_STATE_COUNT, s, len);

	if (i < 0)
		return i;
	*out = (enum dossier_state)i;
	return 0;
}

int dossier_state_dvcqg(enum dossier_state s)
{
	return (int)s + 1;
}

bool dossier_state_is_final(enum dossier_state s)
{
	return s == DOSSIER_REFUSED || s == DOSSIER_STOPPED || s == DOSSIER_RETURNED;
}

const char *dossier_action_name(enum dossier_action a)
{
	return (unsigned)a < ACTION_COUNT ? action_names[a] : "unknown";
}

int dossier_action_parse(const char *s, size_t len, enum dossier_action *out)
{
	int i = cursor_find_name(action_names, ACTION_COUNT, s, len);

	if (i < 0)
		return i;
	*out = (enum dossier_action)i;
	return 0;
}

const char *rating_level_name(enum rating_level r)
{
	return (unsigned)r < RATING_LEVEL_COUNT ? rating_names[r] : "unknown";
}

int rating_level_parse(const char *s, size_t len, enum rating_level *out)
{
	int i = cursor_find_name(rating_names, RATING_LEVEL_COUNT, s, len);

	if (i <= 0)
		return ERR_INVALID_RATING;
	*out = (enum rating_level)i;
	return 0;
}

const char *dossier_capacity_name(unsigned cap)
{
	switch (cap) {
	case CAP_RECEIVER:
		return "receiving officer of the receiving unit";
	case CAP_RETURNER:
		return "receiving officer of the returning unit";
	case CAP_STEP_STAFF:
		return "specialist or leader of the current step's unit";
	case CAP_COMPETENT_LEADER:
		return "leader of the competent unit";
	case CAP_APPLICANT:
		return "applicant (tracking key)";
	default:
		return "unknown";
	}
}

const char *dossier_guard_name(unsigned guard)
{
	switch (guard) {
	case GUARD_SUPPLEMENT_ONCE:
		return "once per unit (supplement_limit_reached)";
	case GUARD_REAPPOINT_ONCE:
		return "one re-appointment (reappointment_limit_reached)";
	case GUARD_APOLOGY_WINDOW:
		return "by 1 working day before due (apology_too_late)";
	case GUARD_NEXT_STEP:
		return "a next step exists (no_next_step)";
	case GUARD_REASON:
		return "reason (reason_required)";
	case GUARD_ITEMS:
		return "items listed (items_required)";
	case GUARD_RESULT:
		return "result (result_required)";
	case GUARD_AMOUNT:
		return "amount > 0 (amount_required)";
	case GUARD_NEW_DUE:
		return "new due later (invalid_new_due)";
	case GUARD_RATING:
		return "level; reason if not satisfied (invalid_rating, reason_required)";
	default:
		return "unknown";
	}
}

const struct dossier_rule *dossier_rule_find(enum dossier_state s, enum dossier_action a)
{
	for (size_t i = 0; i < dossier_rules_count; i++)
		if (dossier_rules[i].from == s && dossier_rules[i].action == a)
			return &dossier_rules[i];
	return NULL;
}

/* The refusal code of one guard, or 0 when it holds. */
static int check_guard(unsigned g, const struct dossier_facts *f, const struct dossier_input *in)
{
	switch (g) {
	case GUARD_SUPPLEMENT_ONCE:
		return f->supplement_requests < 1 ? 0 : ERR_SUPPLEMENT_LIMIT;
	case GUARD_REAPPOINT_ONCE:
		return f->reappointments < 1 ? 0 : ERR_REAPPOINT_LIMIT;
	case GUARD_APOLOGY_WINDOW:
		return f->now <= f->apology_deadline ? 0 : ERR_APOLOGY_TOO_LATE;
	case GUARD_NEXT_STEP:
		return f->step_index + 1 < f->step_count ? 0 : ERR_NO_NEXT_STEP;
	case GUARD_REASON:
		return in->has_reason ? 0 : ERR_REASON_REQUIRED;
	case GUARD_ITEMS:
		return in->items > 0 ? 0 : ERR_ITEMS_REQUIRED;
	case GUARD_RESULT:
		return in->has_result ? 0 : ERR_RESULT_REQUIRED;
	case GUARD_AMOUNT:
		return in->amount_vnd > 0 ? 0 : ERR_AMOUNT_REQUIRED;
	case GUARD_NEW_DUE:
		return in->new_due > f->due && in->new_due > f->now ? 0 : ERR_INVALID_NEW_DUE;
	case GUARD_RATING:
		if (in->rating <= RATING_NONE || in->rating >= RATING_LEVEL_COUNT)
			return ERR_INVALID_RATING;
		return in->rating != RATING_NOT_SATISFIED || in->has_reason ? 0
									    : ERR_REASON_REQUIRED;
	default:
		return 0;
	}
}

/* The rule's clock entry if it fits the clock's phase, else none. */
static enum clock_kind clock_effect(enum clock_kind k, enum clock_phase p)
{
	bool fits;

	switch (k) {
	case CLOCK_START:
		fits = p == CLOCK_IDLE;
		break;
	case CLOCK_PAUSE:
		fits = p == CLOCK_RUNNING;
		break;
	case CLOCK_RESUME:
		fits = p == CLOCK_PAUSED;
		break;
	case CLOCK_REAPPOINT:
	case CLOCK_STOP:
		fits = p == CLOCK_RUNNING || p == CLOCK_PAUSED;
		break;
	default:
		fits = false;
		break;
	}
	return fits ? k : CLOCK_KIND_COUNT;
}

int dossier_decide(const struct dossier_facts *f, enum dossier_action a, unsigned caps,
		   const struct dossier_input *in, struct dossier_outcome *out)
{
	const struct dossier_rule *r = dossier_rule_find(f->state, a);

	if (!r)
		return ERR_INVALID_TRANSITION;
	if (!(r->caps & caps))
		return ERR_FORBIDDEN;
	for (unsigned g = 1; g < (1u << GUARD_COUNT); g <<= 1) {
		int rc = (r->guards & g) ? check_guard(g, f, in) : 0;

		if (rc)
			return rc;
	}
	out->rule = r;
	out->resume_state = f->resume_state;
	if (r->to == DOSSIER_STAY)
		out->next = f->state;
	else if (r->to == DOSSIER_RESUME)
		out->next = f->resume_state;
	else
		out->next = (enum dossier_state)r->to;
	if (out->next == DOSSIER_SUPPLEMENT_REQUESTED || out->next == DOSSIER_PAYMENT_REQUESTED)
		out->resume_state = f->state;
	out->clock = clock_effect(r->clock, f->clock);
	out->reason = out->clock == CLOCK_KIND_COUNT ? CLOCK_REASON_NONE : r->reason;
	out->step_index = f->step_index + r->step_move;
	return 0;
}
