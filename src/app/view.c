#include "compat.h"

#include "app/app.h"
#include "app/auth.h"
#include "app/view.h"
#include "core/date.h"
#include "core/err.h"
#include "store/units.h"


int view_load(struct request *r, const char *code, struct view *v)
{
	int rc;

	memset(v, 0, sizeof(*v));
	v->now = r->now;
	v->db = store_read_begin(r->app->store);
	if (!v->db)
		return resp_problem(r, ERR_BUSY, NULL), ERR_BUSY;
	rc = dossiers_get(v->db, code, &v->d);
	if (rc)
		return resp_problem(r, rc, rc == ERR_NOT_FOUND ? "no dossier %s" : NULL, code), rc;
	v->loaded = true;
	rc = steps_load(v->db, code, v->steps, DOSSIER_STEPS_MAX, &v->n_steps);
	if (!rc)
		rc = clock_load(v->db, code, -1, v->clock, DOSSIER_CLOCK_MAX, &v->n_clock);
	if (!rc) {
		const struct calendar *cal = app_calendar_lock(r->app);

		rc = unit_worktime_load(v->db, cal, v->d.receiving_unit, &v->uw);
		if (rc)
			app_calendar_unlock(r->app);
	}
	if (!rc) {
		struct clock_rule rule = clock_rule_make(CLOCK_MODE_RECEPTION,
							 v->d.processing_time, &v->uw.wt);

		rc = clock_eval(v->clock, (size_t)v->n_clock, &rule, &v->uw.wt, r->now, &v->status);
	}
	if (rc)
		return resp_problem(r, rc, NULL), rc;
	procedure_name(v->db, v->d.procedure, v->d.procedure_version, v->procedure_name);
	return 0;
}

void view_release(struct request *r, struct view *v)
{
	if (v->uw.wt.cal) {
		unit_worktime_free(&v->uw);
		app_calendar_unlock(r->app);
		v->uw.wt.cal = NULL;
	}
	if (v->loaded)
		dossier_row_release(&v->d);
	v->loaded = false;
	store_read_end(r->app->store, v->db);
	v->db = NULL;
}

bool view_staff_may_read(struct request *r, const struct view *v)
{
	/* Admins configure; they read no applicant's data (API.md "Who may act"). */
	static const char *const roles[] = {"receiver", "specialist", "leader", "auditor"};
	const char *units[3 + DOSSIER_STEPS_MAX];
	int n = 0;

	units[n++] = v->d.receiving_unit;
	units[n++] = v->d.competent_unit;
	units[n++] = v->d.returning_unit;
	for (int i = 0; i < v->n_steps; i++)
		units[n++] = v->steps[i].unit;
	if (auth_has_role(r, "auditor", NULL))
		return true;
	for (size_t k = 0; k < ARRAY_SIZE(roles); k++)
		for (int i = 0; i < n; i++)
			if (auth_has_role(r, roles[k], units[i]))
				return true;
	return false;
}

/* The verdict of a step: stored when finished, else judged now. */
static const char *step_verdict(const struct dossier_step *s, int64_t now)
{
	if (s->finished_at)
		return s->verdict;
	if (!s->given_at)
		return NULL;
	if (now > s->due_at)
		return "overdue";
	return "within_time";
}

static json_t *steps_json(struct view *v, bool with_users)
{
	json_t *a = json_array();

	for (int i = 0; i < v->n_steps; i++) {
		const struct dossier_step *s = &v->steps[i];
		json_t *j = json_pack("{s:i, s:s, s:s, s:{s:i, s:s}, s:o, s:o, s:o, s:s?, s:s}",
				      "index", s->idx, "name", s->name, "unit", s->unit, "duration",
				      "amount", s->budget.amount, "unit",
				      duration_unit_name(s->budget.unit), "given_at",
				      api_instant(s->given_at), "due_at", api_instant(s->due_at),
				      "finished_at", api_instant(s->finished_at), "verdict",
				      step_verdict(s, v->now), "state",
				      s->finished_at  ? "done"
				      : s->given_at ? "current"
						    : "ahead");

		if (with_users && j) {
			json_object_set_new(j, "from_user", json_string(s->from_user));
			json_object_set_new(j, "to_user", json_string(s->to_user));
		}
		json_array_append_new(a, j);
	}
	return a;
}

static json_t *parsed(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;

	return j ? j : json_null();
}

json_t *view_dossier(struct view *v)
{
	const struct dossier_row *d = &v->d;
	json_t *j = json_pack(
		"{s:s, s:{s:s, s:s, s:i}, s:s, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, "
		"s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:i, s:i, s:o, s:o, s:s?, s:b}",
		"code", d->code, "procedure", "code", d->procedure, "name", v->procedure_name,
		"version", d->procedure_version, "status", dossier_state_name(d->status),
		"dvcqg_status", dossier_state_dvcqg(d->status), "channel", d->channel,
		"receiving_unit", d->receiving_unit, "competent_unit", d->competent_unit,
		"returning_unit", d->returning_unit, "applicant", parsed(d->applicant), "components",
		parsed(d->components), "tracking_key", d->tracking_key, "submitted_at",
		api_instant(d->submitted_at), "received_at", api_instant(d->received_at), "due_at",
		api_instant(d->due_at), "original_due_at", api_instant(d->original_due_at),
		"finished_at", api_instant(d->finished_at), "returned_at",
		api_instant(d->returned_at), "result", parsed(d->result), "verdict",
		verdict_name(v->status.verdict), "index_verdict",
		verdict_name(v->status.index_verdict), "reappointments", d->reappointments,
		"current_step", d->step_index, "steps", steps_json(v, true), "fee_vnd",
		d->has_fee ? json_integer(d->fee_vnd) : json_null(), "return_method",
		d->return_method[0] ? d->return_method : NULL, "paid_online", d->paid_online);

	return j;
}

/* R-AUD-2: no personal data; units and dates only. */
json_t *view_track(struct view *v)
{
	const struct dossier_row *d = &v->d;
	json_t *apology = json_null();

	for (int i = v->n_clock - 1; i >= 0; i--) {
		if (v->clock[i].kind == CLOCK_REAPPOINT) {
			json_decref(apology);
			apology = json_pack("{s:o, s:o}", "at", api_instant(v->clock[i].at),
					    "new_due", api_instant(v->clock[i].new_due));
			break;
		}
	}
	return json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:b}",
			 "code", d->code, "status", dossier_state_name(d->status), "status_text",
			 dossier_state_name(d->status), "procedure", "code", d->procedure, "name",
			 v->procedure_name, "received_at", api_instant(d->received_at), "due_at",
			 api_instant(d->due_at), "finished_at", api_instant(d->finished_at),
			 "returned_at", api_instant(d->returned_at), "verdict",
			 verdict_name(v->status.verdict), "steps", steps_json(v, false), "apology",
			 apology, "can_rate", d->status == DOSSIER_RETURNED);
}

json_t *view_control_sheet(struct view *v)
{
	json_t *rows = json_array();

	for (int i = 0; i < v->n_steps; i++) {
		const struct dossier_step *s = &v->steps[i];

		json_array_append_new(
			rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s?}", "step",
					s->name, "from_unit", i ? v->steps[i - 1].unit : v->d.receiving_unit,
					"to_unit", s->unit, "from_user", s->from_user, "to_user",
					s->to_user, "given_at", api_instant(s->given_at),
					"received_at", api_instant(s->received_at), "due_at",
					api_instant(s->due_at), "finished_at",
					api_instant(s->finished_at), "verdict",
					s->verdict[0] ? s->verdict : NULL));
	}
	return json_pack("{s:s, s:o}", "code", v->d.code, "rows", rows);
}

json_t *view_clock(struct view *v)
{
	json_t *entries = json_array();
	const struct clock_status *s = &v->status;

	for (int i = 0; i < v->n_clock; i++) {
		const struct clock_entry *e = &v->clock[i];
		json_t *j = json_pack("{s:o, s:s, s:s}", "at", api_instant(e->at), "kind",
				      clock_kind_name(e->kind), "reason", clock_reason_name(e->reason));

		if (j && e->kind == CLOCK_REAPPOINT)
			json_object_set_new(j, "new_due", api_instant(e->new_due));
		json_array_append_new(entries, j);
	}
	return json_pack("{s:s, s:o, s:{s:i, s:s}, s:o, s:o, s:o, s:I, s:I, s:s, s:s}", "code",
			 v->d.code, "entries", entries, "processing_time", "amount",
			 v->d.processing_time.amount, "unit",
			 duration_unit_name(v->d.processing_time.unit), "due_at",
			 api_instant(s->phase ? s->due : 0), "original_due_at",
			 api_instant(s->phase ? s->original_due : 0), "warn_at",
			 api_instant(s->warn_at), "used_working_seconds", (json_int_t)s->used_s,
			 "paused_working_seconds", (json_int_t)s->paused_s, "verdict",
			 verdict_name(s->verdict), "index_verdict", verdict_name(s->index_verdict));
}
