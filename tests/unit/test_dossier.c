/*
 * Tests of core/dossier: the state machine of R-DOS-2 … R-DOS-5.
 *
 * The expected table below is written out by hand from DOMAIN.md and
 * API.md, independently of dossier_rules[], and every state × action pair
 * is checked against it: allowed (with its next state) or refused with
 * invalid_transition.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/dossier.h"
#include "core/err.h"

#define S_ DOSSIER_STATE_COUNT /* refused: invalid_transition */
#define STAY (-1)
#define BACK (-2)

enum {
	SUB = DOSSIER_SUBMITTED,
	REC = DOSSIER_RECEIVED,
	REF = DOSSIER_REFUSED,
	PRO = DOSSIER_PROCESSING,
	SUP = DOSSIER_SUPPLEMENT_REQUESTED,
	PAY = DOSSIER_PAYMENT_REQUESTED,
	WDR = DOSSIER_WITHDRAWAL_REQUESTED,
	STO = DOSSIER_STOPPED,
	DON = DOSSIER_DONE,
	RET = DOSSIER_RETURNED,
};

/*
 * Rows: states; columns: receive, request-supplement, supplement, refuse,
 * forward, request-payment, confirm-payment, apologize, complete, return,
 * withdraw, stop, rating.
 */
static const int expected[DOSSIER_STATE_COUNT][ACTION_COUNT] = {
	[SUB] = {REC, SUP, S_, REF, S_, S_, S_, S_, S_, S_, WDR, S_, S_},
	[REC] = {S_, S_, S_, S_, PRO, S_, S_, STAY, S_, S_, WDR, STO, STAY},
	[REF] = {S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, STAY},
	[PRO] = {S_, SUP, S_, S_, STAY, PAY, S_, STAY, DON, S_, WDR, STO, S_},
	[SUP] = {S_, S_, BACK, S_, S_, S_, S_, S_, S_, S_, WDR, STO, STAY},
	[PAY] = {S_, S_, S_, S_, S_, S_, BACK, S_, S_, S_, WDR, STO, S_},
	[WDR] = {S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, STO, S_},
	[STO] = {S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_},
	[DON] = {S_, S_, S_, S_, S_, S_, S_, S_, S_, RET, S_, S_, S_},
	[RET] = {S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, STAY},
};

#define HOUR 3600
#define NOW 1000000000LL

/* Facts in which every guard holds. */
static struct dossier_facts good_facts(enum dossier_state s)
{
	struct dossier_facts f = {
		.state = s,
		.resume_state = DOSSIER_PROCESSING,
		.step_index = 0,
		.step_count = 3,
		.supplement_requests = 0,
		.reappointments = 0,
		.clock = CLOCK_RUNNING,
		.now = NOW,
		.due = NOW + 48 * HOUR,
		.apology_deadline = NOW + 24 * HOUR,
	};

	return f;
}

/* Input that satisfies every guard. */
static struct dossier_input good_input(void)
{
	struct dossier_input in = {
		.has_reason = true,
		.has_result = true,
		.items = 2,
		.amount_vnd = 50000,
		.new_due = NOW + 96 * HOUR,
		.rating = RATING_SATISFIED,
	};

	return in;
}

/* R-DOS-2: every state × action pair, allowed or invalid_transition. */
static void test_exhaustive_table(void **state)
{
	struct dossier_input in = good_input();
	int allowed = 0;

	(void)state;
	for (int s = 0; s < DOSSIER_STATE_COUNT; s++) {
		for (int a = 0; a < ACTION_COUNT; a++) {
			struct dossier_facts f = good_facts((enum dossier_state)s);
			struct dossier_outcome out;
			int rc = dossier_decide(&f, (enum dossier_action)a, CAP_ALL, &in, &out);
			int want = expected[s][a];

			if (want == S_) {
				assert_int_equal(rc, ERR_INVALID_TRANSITION);
				assert_null(dossier_rule_find((enum dossier_state)s,
							      (enum dossier_action)a));
				continue;
			}
			allowed++;
			assert_int_equal(rc, 0);
			if (want == STAY)
				assert_int_equal(out.next, s);
			else if (want == BACK)
				assert_int_equal(out.next, f.resume_state);
			else
				assert_int_equal(out.next, want);
		}
	}
	assert_int_equal(allowed, (int)dossier_rules_count);
}

/* Who may act, per API.md "Who may act"; anything else is forbidden. */
static void test_capacities(void **state)
{
	static const struct {
		int s, a;
		unsigned caps;
	} allowed[] = {
		{SUB, ACTION_RECEIVE, CAP_RECEIVER},
		{SUB, ACTION_REQUEST_SUPPLEMENT, CAP_RECEIVER},
		{SUB, ACTION_REFUSE, CAP_RECEIVER},
		{SUB, ACTION_WITHDRAW, CAP_RECEIVER | CAP_APPLICANT},
		{REC, ACTION_FORWARD, CAP_RECEIVER | CAP_STEP_STAFF},
		{REC, ACTION_APOLOGIZE, CAP_COMPETENT_LEADER},
		{REC, ACTION_STOP, CAP_STEP_STAFF},
		{REC, ACTION_RATING, CAP_APPLICANT},
		{PRO, ACTION_FORWARD, CAP_STEP_STAFF},
		{PRO, ACTION_REQUEST_SUPPLEMENT, CAP_STEP_STAFF},
		{PRO, ACTION_REQUEST_PAYMENT, CAP_STEP_STAFF},
		{PRO, ACTION_COMPLETE, CAP_STEP_STAFF},
		{PRO, ACTION_STOP, CAP_STEP_STAFF},
		{PRO, ACTION_APOLOGIZE, CAP_COMPETENT_LEADER},
		{PRO, ACTION_WITHDRAW, CAP_RECEIVER | CAP_APPLICANT},
		{SUP, ACTION_SUPPLEMENT, CAP_RECEIVER | CAP_APPLICANT},
		{PAY, ACTION_CONFIRM_PAYMENT, CAP_RECEIVER | CAP_STEP_STAFF},
		{WDR, ACTION_STOP, CAP_RECEIVER | CAP_STEP_STAFF},
		{DON, ACTION_RETURN, CAP_RETURNER | CAP_RECEIVER},
		{RET, ACTION_RATING, CAP_APPLICANT},
	};
	struct dossier_input in = good_input();

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++) {
		for (unsigned cap = 1; cap < CAP_ALL; cap <<= 1) {
			struct dossier_facts f = good_facts((enum dossier_state)allowed[i].s);
			struct dossier_outcome out;
			int rc = dossier_decide(&f, (enum dossier_action)allowed[i].a, cap, &in, &out);

			assert_int_equal(rc, (allowed[i].caps & cap) ? 0 : ERR_FORBIDDEN);
		}
		/* Nobody at all: an auditor or the public. */
		struct dossier_facts f = good_facts((enum dossier_state)allowed[i].s);
		struct dossier_outcome out;

		assert_int_equal(dossier_decide(&f, (enum dossier_action)allowed[i].a, 0, &in, &out),
				 ERR_FORBIDDEN);
	}
}

static int decide(struct dossier_facts *f, enum dossier_action a, struct dossier_input *in,
		  struct dossier_outcome *out)
{
	return dossier_decide(f, a, CAP_ALL, in, out);
}

/* R-DOS-4: the supplement request is allowed once per competent unit. */
static void test_supplement_once(void **state)
{
	struct dossier_facts f = good_facts(DOSSIER_PROCESSING);
	struct dossier_input in = good_input();
	struct dossier_outcome out;

	(void)state;
	assert_int_equal(decide(&f, ACTION_REQUEST_SUPPLEMENT, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_SUPPLEMENT_REQUESTED);
	assert_int_equal(out.resume_state, DOSSIER_PROCESSING);
	assert_int_equal(out.clock, CLOCK_PAUSE);
	assert_int_equal(out.reason, CLOCK_REASON_SUPPLEMENT);
	f.supplement_requests = 1;
	assert_int_equal(decide(&f, ACTION_REQUEST_SUPPLEMENT, &in, &out), ERR_SUPPLEMENT_LIMIT);
	/* R-DOS-3: the guidance lists every missing item; none is refused. */
	f.supplement_requests = 0;
	in.items = 0;
	assert_int_equal(decide(&f, ACTION_REQUEST_SUPPLEMENT, &in, &out), ERR_ITEMS_REQUIRED);
}

/* R-DOS-3: guidance at reception: no clock yet, and back to submitted. */
static void test_supplement_at_reception(void **state)
{
	struct dossier_facts f = good_facts(DOSSIER_SUBMITTED);
	struct dossier_input in = good_input();
	struct dossier_outcome out;

	(void)state;
	f.clock = CLOCK_IDLE;
	assert_int_equal(decide(&f, ACTION_REQUEST_SUPPLEMENT, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_SUPPLEMENT_REQUESTED);
	assert_int_equal(out.resume_state, DOSSIER_SUBMITTED);
	assert_int_equal(out.clock, CLOCK_KIND_COUNT);
	f.state = out.next;
	f.resume_state = out.resume_state;
	assert_int_equal(decide(&f, ACTION_SUPPLEMENT, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_SUBMITTED);
	assert_int_equal(out.clock, CLOCK_KIND_COUNT);
	/* A supplement with no component is not a supplement. */
	in.items = 0;
	f.state = DOSSIER_SUPPLEMENT_REQUESTED;
	assert_int_equal(decide(&f, ACTION_SUPPLEMENT, &in, &out), ERR_ITEMS_REQUIRED);
}

/* R-CAL-5: supplement and payment pause the running clock, then resume it. */
static void test_pause_and_resume(void **state)
{
	struct dossier_facts f = good_facts(DOSSIER_PROCESSING);
	struct dossier_input in = good_input();
	struct dossier_outcome out;

	(void)state;
	assert_int_equal(decide(&f, ACTION_REQUEST_PAYMENT, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_PAYMENT_REQUESTED);
	assert_int_equal(out.clock, CLOCK_PAUSE);
	assert_int_equal(out.reason, CLOCK_REASON_PAYMENT);
	f.state = out.next;
	f.resume_state = out.resume_state;
	f.clock = CLOCK_PAUSED;
	assert_int_equal(decide(&f, ACTION_CONFIRM_PAYMENT, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_PROCESSING);
	assert_int_equal(out.clock, CLOCK_RESUME);
	in.amount_vnd = 0;
	f = good_facts(DOSSIER_PROCESSING);
	assert_int_equal(decide(&f, ACTION_REQUEST_PAYMENT, &in, &out), ERR_AMOUNT_REQUIRED);
}

/* R-DOS-5: apology by 1 working day before due, one re-appointment only. */
static void test_apology_rules(void **state)
{
	struct dossier_facts f = good_facts(DOSSIER_PROCESSING);
	struct dossier_input in = good_input();
	struct dossier_outcome out;

	(void)state;
	f.now = f.apology_deadline; /* the last moment still counts */
	assert_int_equal(decide(&f, ACTION_APOLOGIZE, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_PROCESSING);
	assert_int_equal(out.clock, CLOCK_REAPPOINT);
	assert_int_equal(out.reason, CLOCK_REASON_APOLOGY);
	f.now = f.apology_deadline + 1;
	assert_int_equal(decide(&f, ACTION_APOLOGIZE, &in, &out), ERR_APOLOGY_TOO_LATE);
	f.now = NOW;
	f.reappointments = 1;
	assert_int_equal(decide(&f, ACTION_APOLOGIZE, &in, &out), ERR_REAPPOINT_LIMIT);
	/* The limit is checked before the window: both fail, the limit is named. */
	f.now = f.apology_deadline + 1;
	assert_int_equal(decide(&f, ACTION_APOLOGIZE, &in, &out), ERR_REAPPOINT_LIMIT);
	f = good_facts(DOSSIER_PROCESSING);
	in.new_due = f.due;
	assert_int_equal(decide(&f, ACTION_APOLOGIZE, &in, &out), ERR_INVALID_NEW_DUE);
	in = good_input();
	in.has_reason = false;
	assert_int_equal(decide(&f, ACTION_APOLOGIZE, &in, &out), ERR_REASON_REQUIRED);
}

/* R-DOS-2: refusal and stop need a reason; results need a result. */
static void test_reasons_and_results(void **state)
{
	struct dossier_input in = good_input();
	struct dossier_outcome out;
	struct dossier_facts f;

	(void)state;
	in.has_reason = false;
	f = good_facts(DOSSIER_SUBMITTED);
	assert_int_equal(decide(&f, ACTION_REFUSE, &in, &out), ERR_REASON_REQUIRED);
	f = good_facts(DOSSIER_PROCESSING);
	assert_int_equal(decide(&f, ACTION_STOP, &in, &out), ERR_REASON_REQUIRED);
	f = good_facts(DOSSIER_RECEIVED);
	assert_int_equal(decide(&f, ACTION_WITHDRAW, &in, &out), ERR_REASON_REQUIRED);
	in = good_input();
	in.has_result = false;
	f = good_facts(DOSSIER_PROCESSING);
	assert_int_equal(decide(&f, ACTION_COMPLETE, &in, &out), ERR_RESULT_REQUIRED);
	in.has_result = true;
	assert_int_equal(decide(&f, ACTION_COMPLETE, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_DONE);
	assert_int_equal(out.clock, CLOCK_STOP);
	assert_int_equal(out.reason, CLOCK_REASON_RESULT);
}

/* R-DOS-4: forward walks the internal steps and stops at the last. */
static void test_forward_steps(void **state)
{
	struct dossier_facts f = good_facts(DOSSIER_RECEIVED);
	struct dossier_input in = good_input();
	struct dossier_outcome out;

	(void)state;
	assert_int_equal(decide(&f, ACTION_FORWARD, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_PROCESSING);
	assert_int_equal(out.step_index, 1);
	assert_int_equal(out.clock, CLOCK_KIND_COUNT);
	f.state = DOSSIER_PROCESSING;
	f.step_index = 1;
	assert_int_equal(decide(&f, ACTION_FORWARD, &in, &out), 0);
	assert_int_equal(out.step_index, 2);
	f.step_index = 2;
	assert_int_equal(decide(&f, ACTION_FORWARD, &in, &out), ERR_NO_NEXT_STEP);
	/* A process of one step cannot be forwarded at all. */
	f = good_facts(DOSSIER_RECEIVED);
	f.step_count = 1;
	assert_int_equal(decide(&f, ACTION_FORWARD, &in, &out), ERR_NO_NEXT_STEP);
}

/* R-EVAL-1: a level; a reason for "not satisfied". */
static void test_rating(void **state)
{
	struct dossier_facts f = good_facts(DOSSIER_RETURNED);
	struct dossier_input in = good_input();
	struct dossier_outcome out;

	(void)state;
	in.rating = RATING_NOT_SATISFIED;
	in.has_reason = false;
	assert_int_equal(decide(&f, ACTION_RATING, &in, &out), ERR_REASON_REQUIRED);
	in.has_reason = true;
	assert_int_equal(decide(&f, ACTION_RATING, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_RETURNED);
	in.rating = RATING_NONE;
	assert_int_equal(decide(&f, ACTION_RATING, &in, &out), ERR_INVALID_RATING);
	in.rating = RATING_LEVEL_COUNT;
	assert_int_equal(decide(&f, ACTION_RATING, &in, &out), ERR_INVALID_RATING);
}

/* R-CAL-5: the receipt starts the clock; withdrawal stops it if running. */
static void test_clock_effects(void **state)
{
	struct dossier_facts f = good_facts(DOSSIER_SUBMITTED);
	struct dossier_input in = good_input();
	struct dossier_outcome out;

	(void)state;
	f.clock = CLOCK_IDLE;
	assert_int_equal(decide(&f, ACTION_RECEIVE, &in, &out), 0);
	assert_int_equal(out.clock, CLOCK_START);
	assert_int_equal(out.reason, CLOCK_REASON_RECEPTION);
	/* Withdrawn before reception: nothing to stop. */
	f = good_facts(DOSSIER_WITHDRAWAL_REQUESTED);
	f.clock = CLOCK_IDLE;
	assert_int_equal(decide(&f, ACTION_STOP, &in, &out), 0);
	assert_int_equal(out.next, DOSSIER_STOPPED);
	assert_int_equal(out.clock, CLOCK_KIND_COUNT);
	assert_int_equal(out.reason, CLOCK_REASON_NONE);
	/* Withdrawn while paused: the stop closes the ledger. */
	f.clock = CLOCK_PAUSED;
	assert_int_equal(decide(&f, ACTION_STOP, &in, &out), 0);
	assert_int_equal(out.clock, CLOCK_STOP);
	assert_int_equal(out.reason, CLOCK_REASON_WITHDRAWN);
}

/* R-DOS-2: names, DVCQG codes and parsing. */
static void test_names(void **state)
{
	static const char *states[] = {
		"submitted", "received", "refused", "processing", "supplement_requested",
		"payment_requested", "withdrawal_requested", "stopped", "done", "returned",
	};
	enum dossier_state s;
	enum dossier_action a;
	enum rating_level r;

	(void)state;
	for (int i = 0; i < DOSSIER_STATE_COUNT; i++) {
		assert_string_equal(dossier_state_name((enum dossier_state)i), states[i]);
		assert_int_equal(dossier_state_dvcqg((enum dossier_state)i), i + 1);
		assert_int_equal(dossier_state_parse(states[i], strlen(states[i]), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(dossier_state_parse("Received", 8, &s), ERR_INVALID);
	for (int i = 0; i < ACTION_COUNT; i++) {
		const char *n = dossier_action_name((enum dossier_action)i);

		assert_int_equal(dossier_action_parse(n, strlen(n), &a), 0);
		assert_int_equal(a, i);
	}
	assert_int_equal(dossier_action_parse("request_supplement", 18, &a), ERR_INVALID);
	assert_int_equal(rating_level_parse("not_satisfied", 13, &r), 0);
	assert_int_equal(r, RATING_NOT_SATISFIED);
	assert_int_equal(rating_level_parse("none", 4, &r), ERR_INVALID_RATING);
	assert_string_equal(rating_level_name(RATING_VERY_SATISFIED), "very_satisfied");
	assert_string_equal(dossier_state_name(DOSSIER_STATE_COUNT), "unknown");
	assert_string_equal(dossier_action_name(ACTION_COUNT), "unknown");
	assert_string_equal(rating_level_name(RATING_LEVEL_COUNT), "unknown");
	assert_true(dossier_state_is_final(DOSSIER_RETURNED));
	assert_true(dossier_state_is_final(DOSSIER_REFUSED));
	assert_true(dossier_state_is_final(DOSSIER_STOPPED));
	assert_false(dossier_state_is_final(DOSSIER_DONE));
	for (unsigned g = 1; g < (1u << GUARD_COUNT); g <<= 1)
		assert_string_not_equal(dossier_guard_name(g), "unknown");
	assert_string_equal(dossier_guard_name(1u << GUARD_COUNT), "unknown");
	for (unsigned c = 1; c < CAP_ALL; c <<= 1)
		assert_string_not_equal(dossier_capacity_name(c), "unknown");
	assert_string_equal(dossier_capacity_name(CAP_ALL), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exhaustive_table),
		cmocka_unit_test(test_capacities),
		cmocka_unit_test(test_supplement_once),
		cmocka_unit_test(test_supplement_at_reception),
		cmocka_unit_test(test_pause_and_resume),
		cmocka_unit_test(test_apology_rules),
		cmocka_unit_test(test_reasons_and_results),
		cmocka_unit_test(test_forward_steps),
		cmocka_unit_test(test_rating),
		cmocka_unit_test(test_clock_effects),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("dossier", tests, NULL, NULL);
}
