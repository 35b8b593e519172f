#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "app/flow.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/err.h"
#include "store/attachments.h"
#include "store/audit.h"
#include "store/dossiers.h"
#include "store/index_facts.h"
#include "store/units.h"

/*
 * The ledgers and worktimes a change has read, kept for the rest of it: an
 * action reads the same ledger and office hours several times (before and
 * after appending), and each read was a query on the writer (docs/bench.md).
 * Every append of the change goes through clock_add(), which keeps its
 * ledger here up to date.
 */
#define WORK_LEDGERS 4
#define WORK_WORKTIMES 3

struct ledger {
	int step; /* -1: the dossier's */
	int n;
	struct clock_entry e[DOSSIER_CLOCK_MAX];
};

/* What a change works on. */
struct work {
	struct store_tx *tx;
	struct flow *f;
	const struct calendar *cal;
	struct dossier_row d;
	struct dossier_step steps[DOSSIER_STEPS_MAX];
	int n_steps;
	struct unit_worktime dwt; /* the dossier's: its receiving unit */
	struct ledger ledgers[WORK_LEDGERS];
	int n_ledgers;
	/* Worktimes of step units other than the receiving one (never moved: they point into themselves) */
	struct unit_worktime swt[WORK_WORKTIMES];
	char swt_unit[WORK_WORKTIMES][UNIT_CODE_SIZE];
	int n_swt;
	bool loaded;
	/* The indexed columns as loaded (dossiers_update) */
	enum dossier_state loaded_status;
	char loaded_competent[UNIT_CODE_SIZE];
	int64_t loaded_received_at;
};

void flow_free(void *p)
{
	struct flow *f = p;

	if (!f)
		return;
	free(f->proc);
	free(f->applicant);
	free(f->components);
	free(f->items);
	free(f->result);
	free(f->criteria);
	free(f);
}

static void day_text(int64_t t, char out[11])
{
	date_format(date_local_day(t), out);
}

static void work_release(struct work *w)
{
	unit_worktime_free(&w->dwt);
	for (int i = 0; i < w->n_swt; i++)
		unit_worktime_free(&w->swt[i]);
	if (w->loaded)
		dossier_row_release(&w->d);
	if (w->cal)
		app_calendar_unlock(w->f->req->app);
}

static int work_begin(struct work *w, struct store_tx *tx, struct flow *f)
{
	memset(w, 0, sizeof(*w));
	w->tx = tx;
	w->f = f;
	w->cal = app_calendar_lock(f->req->app);
	return 0;
}

/* Loads the dossier, its steps and its worktime. */
static int work_load(struct work *w, const char *code)
{
	int rc = dossiers_get(w->tx->db, code, &w->d);

	if (rc)
		return rc;
	w->loaded = true;
	w->loaded_status = w->d.status;
	snprintf(w->loaded_competent, sizeof(w->loaded_competent), "%s", w->d.competent_unit);
	w->loaded_received_at = w->d.received_at;
	rc = steps_load(w->tx->db, code, w->steps, DOSSIER_STEPS_MAX, &w->n_steps);
	if (!rc)
		rc = unit_worktime_load(w->tx->db, w->cal, w->d.receiving_unit, &w->dwt);
	return rc;
}

/* The ledger of the dossier (step -1) or of step `step`, read once per change. */
static int ledger_of(struct work *w, int step, struct ledger **out)
{
	struct ledger *l;
	int rc;

	for (int i = 0; i < w->n_ledgers; i++) {
		if (w->ledgers[i].step == step) {
			*out = &w->ledgers[i];
			return 0;
		}
	}
	/* Full (an action reads at most four): the last slot is read again. */
	if (w->n_ledgers == WORK_LEDGERS)
		w->n_ledgers--;
	l = &w->ledgers[w->n_ledgers];
	l->step = step;
	rc = clock_load(w->tx->db, w->d.code, step, l->e, DOSSIER_CLOCK_MAX, &l->n);
	if (!rc)
		w->n_ledgers++;
	*out = l;
	return rc;
}

/* The worktime of a step's unit, read once per change. */
static int worktime_of(struct work *w, const char *unit, const struct worktime **out)
{
	int i, rc;

	if (strcmp(unit, w->d.receiving_unit) == 0) {
		*out = &w->dwt.wt;
		return 0;
	}
	for (i = 0; i < w->n_swt; i++) {
		if (strcmp(w->swt_unit[i], unit) == 0) {
			*out = &w->swt[i].wt;
			return 0;
		}
	}
	if (strlen(unit) >= UNIT_CODE_SIZE)
		return ERR_NOT_FOUND;
	if (w->n_swt == WORK_WORKTIMES)
		unit_worktime_free(&w->swt[--w->n_swt]);
	rc = unit_worktime_load(w->tx->db, w->cal, unit, &w->swt[i = w->n_swt]);
	if (rc)
		return rc;
	memcpy(w->swt_unit[i], unit, strlen(unit) + 1);
	w->n_swt++;
	*out = &w->swt[i].wt;
	return 0;
}

/* Evaluates the dossier's clock at now. */
static int dossier_clock(struct work *w, struct clock_status *s)
{
	struct clock_rule rule = clock_rule_make(CLOCK_MODE_RECEPTION, w->d.processing_time,
						 &w->dwt.wt);
	struct ledger *l;
	int rc = ledger_of(w, -1, &l);

	return rc ? rc : clock_eval(l->e, (size_t)l->n, &rule, &w->dwt.wt, w->f->now, s);
}

/* Evaluates step i's clock at now, with the office hours of its unit. */
static int step_clock(struct work *w, int i, struct clock_status *s)
{
	const struct worktime *wt;
	struct ledger *l;
	int rc = worktime_of(w, w->steps[i].unit, &wt);

	if (!rc)
		rc = ledger_of(w, i, &l);
	if (rc)
		return rc;
	struct clock_rule rule = clock_rule_make(CLOCK_MODE_ELAPSED, w->steps[i].budget, wt);

	return clock_eval(l->e, (size_t)l->n, &rule, wt, w->f->now, s);
}

/* Appends an entry to a ledger (step -1: the dossier's) if it fits the ledger. */
static int clock_add(struct work *w, int step, enum clock_kind k, enum clock_reason why,
		     int64_t new_due)
{
	struct clock_entry next = {k, why, w->f->now, new_due};
	struct ledger *l;
	int rc = ledger_of(w, step, &l);

	if (rc)
		return rc;
	if (clock_check_append(l->e, (size_t)l->n, &next))
		return step < 0 ? ERR_INVALID_TRANSITION : 0; /* a step follows its dossier */
	if (l->n == DOSSIER_CLOCK_MAX)
		return ERR_TOO_LARGE; /* it could not be read back */
	rc = clock_append(w->tx->db, w->d.code, step, &next, w->f->reason[0] ? w->f->reason : NULL);
	if (!rc)
		l->e[l->n++] = next;
	return rc;
}

/* Stores the dossier clock's due times after a change to its ledger. */
static int refresh_due(struct work *w)
{
	struct clock_status s;
	int rc = dossier_clock(w, &s);

	if (!rc && s.phase != CLOCK_IDLE) {
		w->d.due_at = s.due;
		w->d.original_due_at = s.original_due;
	}
	return rc;
}

static int audit(struct work *w, const char *action, const char *detail)
{
	char name[80];

	snprintf(name, sizeof(name), "dossier.%s", action);
	return audit_append(w->tx, w->f->now, w->f->actor, name, w->d.code,
			    detail ? detail : "{}");
}

/* DVCQG channel codes (R-SYNC-1): 1 counter, 2 online, 3 post. */
static int channel_code(const char *channel)
{
	return strcmp(channel, "online") == 0 ? 2 : strcmp(channel, "post") == 0 ? 3 : 1;
}

/* R-SYNC-1/2: the dossier's state for the national portal, in the same change. */
static int outbox_dossier(struct work *w, const char *event)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:i, s:i, s:b, s:b, s:s}",
			      "Event", event, "MaHoSo", w->d.code, "MaTTHC", w->d.procedure,
			      "NgayTiepNhan", api_instant(w->d.received_at), "NgayHenTra",
			      api_instant(w->d.due_at), "NgayKetThucXuLy",
			      api_instant(w->d.finished_at), "KenhThucHien",
			      channel_code(w->d.channel), "TrangThaiHoSo",
			      dossier_state_dvcqg(w->d.status), "TaiKhoanDuocXacThucVoiVNeID",
			      w->d.vneid, "DuocThanhToanTrucTuyen", w->d.paid_online, "NguoiXuLy",
			      w->f->actor);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc = text ? outbox_append(w->tx->db, w->d.code, event, text, w->f->now) : ERR_NOMEM;

	free(text);
	json_decref(j);
	return rc;
}

/*
 * R-IDX-1: the facts the real-time index reads (store/index_facts.h), from
 * the dossier as this change leaves it, in the same transaction.
 */
static int index_refresh(struct work *w)
{
	struct ledger *l;
	int rc = ledger_of(w, -1, &l);

	return rc ? rc : index_facts_refresh(w->tx->db, &w->d, &w->dwt.wt, l->e, l->n);
}

/* The unit whose staff hold the dossier now. */
static const char *current_unit(const struct work *w)
{
	if (w->n_steps > 0 && w->d.step_index < w->n_steps)
		return w->steps[w->d.step_index].unit;
	return w->d.competent_unit;
}

static unsigned capacities(struct work *w)
{
	struct request *r = w->f->req;
	struct db *db = w->tx->db;
	const char *unit = current_unit(w);
	unsigned caps = 0;

	if (auth_has_role_on(r, db, "receiver", w->d.receiving_unit))
		caps |= CAP_RECEIVER;
	if (auth_has_role_on(r, db, "receiver", w->d.returning_unit))
		caps |= CAP_RETURNER;
	if (auth_has_role_on(r, db, "specialist", unit) || auth_has_role_on(r, db, "leader", unit))
		caps |= CAP_STEP_STAFF;
	/*
	 * The last step held by the returning one-stop unit (the result is
	 * handed over there) is the receiving officers' step: they record the
	 * result as ready, as the specialists do elsewhere (docs/access.md).
	 */
	if (w->n_steps > 1 && w->d.step_index == w->n_steps - 1 &&
	    strcmp(unit, w->d.returning_unit) == 0 && (caps & CAP_RETURNER))
		caps |= CAP_STEP_STAFF;
	if (auth_has_role_on(r, db, "leader", w->d.competent_unit))
		caps |= CAP_COMPETENT_LEADER;
	if (w->f->key[0] && strlen(w->f->key) == strlen(w->d.tracking_key) &&
	    memcmp(w->f->key, w->d.tracking_key, strlen(w->f->key)) == 0)
		caps |= CAP_APPLICANT;
	return caps;
}

static bool in_reception(const struct dossier_row *d)
{
	return d->status == DOSSIER_SUBMITTED ||
	       (d->status == DOSSIER_SUPPLEMENT_REQUESTED && d->resume_status == DOSSIER_SUBMITTED);
}

/* The facts dossier_decide() needs, from the row, the ledger and the counts. */
static int facts_of(struct work *w, struct dossier_facts *facts)
{
	struct clock_status s;
	bool reception = in_reception(&w->d);
	int rc = dossier_clock(w, &s);

	memset(facts, 0, sizeof(*facts));
	if (!rc)
		rc = supplement_count(w->tx->db, w->d.code,
				      reception ? w->d.receiving_unit : w->d.competent_unit,
				      reception ? "reception" : "processing",
				      &facts->supplement_requests);
	if (rc)
		return rc;
	facts->state = w->d.status;
	facts->resume_state = w->d.resume_status;
	facts->step_index = w->d.step_index;
	facts->step_count = w->n_steps ? w->n_steps : w->d.step_count;
	facts->reappointments = w->d.reappointments;
	facts->clock = s.phase;
	facts->now = w->f->now;
	facts->due = s.phase == CLOCK_IDLE ? 0 : s.due;
	if (s.phase != CLOCK_IDLE)
		rc = clock_apology_deadline(&w->dwt.wt, s.due, &facts->apology_deadline);
	return rc;
}

/* Starts step i: hand-over now from the actor to the assignee. */
static int step_start(struct work *w, int i, const char *to_user)
{
	struct dossier_step *s = &w->steps[i];
	struct clock_status cs;
	int rc;

	s->given_at = s->received_at = w->f->now;
	snprintf(s->from_user, sizeof(s->from_user), "%s", w->f->actor);
	snprintf(s->to_user, sizeof(s->to_user), "%s", to_user ? to_user : "");
	rc = clock_add(w, i, CLOCK_START, CLOCK_REASON_HANDOVER, 0);
	if (!rc)
		rc = step_clock(w, i, &cs);
	if (!rc)
		s->due_at = cs.due;
	return rc ? rc : steps_update(w->tx->db, w->d.code, s);
}

/* Finishes step i now and records its verdict (R-CAL-6). */
static int step_finish(struct work *w, int i, enum clock_reason why)
{
	struct dossier_step *s = &w->steps[i];
	struct clock_status cs;
	int rc;

	if (!s->given_at || s->finished_at)
		return 0;
	rc = clock_add(w, i, CLOCK_STOP, why, 0);
	if (!rc)
		rc = step_clock(w, i, &cs);
	if (rc)
		return rc;
	s->finished_at = w->f->now;
	s->due_at = cs.due;
	snprintf(s->verdict, sizeof(s->verdict), "%s", verdict_name(cs.verdict));
	return steps_update(w->tx->db, w->d.code, s);
}

/* The commune a commune-level dossier belongs to: the competent unit or its parent. */
static int commune_of(struct work *w, char out[UNIT_CODE_SIZE])
{
	struct unit u;
	int rc = units_get(w->tx->db, w->d.competent_unit, &u);

	if (rc)
		return rc;
	snprintf(out, UNIT_CODE_SIZE, "%s", strcmp(u.level, "commune") == 0 ? u.code : u.parent);
	return 0;
}

/* R-CAT-2: the dossier's steps from its procedure version, units resolved. */
static int create_steps(struct work *w)
{
	struct procedure *p = malloc(sizeof(*p));
	char commune[UNIT_CODE_SIZE] = "";
	int rc = p ? procedure_load(w->tx->db, w->d.procedure, w->d.procedure_version, p)
		   : ERR_NOMEM;

	if (!rc && strcmp(p->level, "commune") == 0)
		rc = commune_of(w, commune);
	for (int i = 0; !rc && i < p->n_steps; i++) {
		struct dossier_step *s = &w->steps[i];
		const struct procedure_step *ps = &p->steps[i];

		memset(s, 0, sizeof(*s));
		s->idx = i;
		snprintf(s->name, sizeof(s->name), "%s", ps->name);
		s->budget = ps->duration;
		if (strcmp(ps->role, "reception") == 0)
			snprintf(s->unit, sizeof(s->unit), "%s", w->d.receiving_unit);
		else if (strcmp(ps->role, "return") == 0)
			snprintf(s->unit, sizeof(s->unit), "%s", w->d.returning_unit);
		else
			rc = procedure_resolve_unit(w->tx->db, ps->unit, commune, s->unit);
		if (!rc)
			rc = steps_insert(w->tx->db, w->d.code, s);
	}
	if (!rc)
		w->n_steps = w->d.step_count = p->n_steps;
	free(p);
	return rc;
}

static int last_is_return(const struct work *w)
{
	return w->n_steps > 1 && w->steps[w->n_steps - 1].given_at == 0 &&
	       w->d.step_index < w->n_steps - 1;
}

/* The step-level part of an action, after the core allowed it. */
static int apply_steps(struct work *w, const struct dossier_outcome *o)
{
	int i = w->d.step_index, rc = 0;

	switch (w->f->action) {
	case ACTION_RECEIVE:
		rc = create_steps(w);
		if (!rc && w->n_steps > 0)
			rc = step_start(w, 0, w->f->actor);
		break;
	case ACTION_FORWARD:
		rc = step_finish(w, i, CLOCK_REASON_HANDOVER);
		if (!rc)
			rc = step_start(w, o->step_index, w->f->assignee[0] ? w->f->assignee : NULL);
		break;
	case ACTION_COMPLETE:
		rc = step_finish(w, i, CLOCK_REASON_RESULT);
		/* The result goes to the returning unit's last step, if there is one. */
		if (!rc && last_is_return(w)) {
			w->d.step_index = w->n_steps - 1;
			rc = step_start(w, w->n_steps - 1, NULL);
			return rc;
		}
		break;
	case ACTION_RETURN:
	case ACTION_STOP:
		if (w->n_steps > 0)
			rc = step_finish(w, i, w->f->action == ACTION_RETURN ? CLOCK_REASON_RESULT
									  : CLOCK_REASON_STOPPED);
		break;
	default:
		/* Pauses of the dossier pause the step that holds it (R-CAL-5). */
		if (w->n_steps > 0 && (o->clock == CLOCK_PAUSE || o->clock == CLOCK_RESUME))
			rc = clock_add(w, i, o->clock, o->reason, 0);
		break;
	}
	w->d.step_index = o->step_index;
	return rc;
}

/* R-DOS-6: a result file given by its SHA-256 must be one of the dossier's files. */
static int check_result_file(struct work *w)
{
	json_t *res = w->f->result ? json_loads(w->f->result, 0, NULL) : NULL;
	const char *sha = json_string_value(json_object_get(res, "file_sha256"));
	bool found = true;
	int rc = 0;

	if (w->f->result && !res)
		rc = ERR_NOMEM;
	else if (sha)
		rc = attachments_has_sha256(w->tx->db, w->d.code, sha, &found);
	json_decref(res);
	return rc ? rc : found ? 0 : ERR_INVALID;
}

/* The dossier-level part of an action: row fields and side records. */
static int apply_row(struct work *w)
{
	struct flow *f = w->f;
	struct dossier_row *d = &w->d;
	bool reception = in_reception(d);

	switch (f->action) {
	case ACTION_RECEIVE:
		d->received_at = f->now;
		return 0;
	case ACTION_REQUEST_SUPPLEMENT:
		return supplement_insert(w->tx->db, d->code,
					 reception ? d->receiving_unit : d->competent_unit,
					 reception ? "reception" : "processing", f->now, f->items,
					 f->reason[0] ? f->reason : NULL);
	case ACTION_SUPPLEMENT:
		return supplement_answer(w->tx->db, d->code, f->now);
	case ACTION_REQUEST_PAYMENT:
		d->has_fee = true;
		d->fee_vnd = f->in.amount_vnd;
		return 0;
	case ACTION_CONFIRM_PAYMENT:
		d->paid_online = f->online;
		return 0;
	case ACTION_APOLOGIZE:
		d->reappointments++;
		return 0;
	case ACTION_COMPLETE: {
		int rc = check_result_file(w);

		if (rc)
			return rc;
		free(d->result);
		d->result = f->result;
		f->result = NULL;
		d->finished_at = f->now;
		return 0;
	}
	case ACTION_RETURN:
		snprintf(d->return_method, sizeof(d->return_method), "%s", f->method);
		d->returned_at = f->now;
		return 0;
	case ACTION_REFUSE:
	case ACTION_STOP:
		d->finished_at = f->now;
		return 0;
	case ACTION_RATING:
		return ratings_insert(w->tx->db, d->code, f->now, f->rating,
				      f->reason[0] ? f->reason : NULL, f->criteria);
	default:
		return 0;
	}
}

static json_t *action_detail(const struct flow *f, enum dossier_state from, enum dossier_state to)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?}", "from", dossier_state_name(from), "to",
			 dossier_state_name(to), "reason", f->reason[0] ? f->reason : NULL, "note",
			 f->note[0] ? f->note : NULL, "assignee",
			 f->assignee[0] ? f->assignee : NULL);
}

/* Whether the indexed columns of the dossier differ from the stored row. */
static bool keys_changed(const struct work *w)
{
	return w->d.status != w->loaded_status || w->d.received_at != w->loaded_received_at ||
	       strcmp(w->d.competent_unit, w->loaded_competent) != 0;
}

/* Decides and applies one action on the loaded dossier. */
static int act(struct work *w)
{
	struct dossier_facts facts;
	struct dossier_outcome o;
	enum dossier_state from = w->d.status;
	char *detail;
	json_t *dj;
	int rc = facts_of(w, &facts);

	if (!rc)
		rc = dossier_decide(&facts, w->f->action, capacities(w), &w->f->in, &o);
	if (!rc && o.clock != CLOCK_KIND_COUNT)
		rc = clock_add(w, -1, o.clock, o.reason,
			       o.clock == CLOCK_REAPPOINT ? w->f->in.new_due : 0);
	if (!rc)
		rc = apply_row(w);
	if (!rc)
		rc = apply_steps(w, &o);
	if (rc)
		return rc;
	w->d.status = o.next;
	w->d.resume_status = o.resume_state;
	w->d.updated_at = w->f->now;
	rc = refresh_due(w);
	if (!rc)
		rc = dossiers_update(w->tx->db, &w->d, keys_changed(w));
	dj = action_detail(w->f, from, o.next);
	detail = dj ? json_dumps(dj, JSON_COMPACT) : NULL;
	json_decref(dj);
	if (!rc)
		rc = detail ? audit(w, dossier_action_name(w->f->action), detail) : ERR_NOMEM;
	free(detail);
	if (!rc && w->f->action != ACTION_RATING)
		rc = outbox_dossier(w, dossier_action_name(w->f->action));
	if (!rc)
		rc = index_refresh(w);
	return rc;
}

int flow_act_change(struct store_tx *tx, void *arg)
{
	struct flow *f = arg;
	struct work w;
	int rc = work_begin(&w, tx, f);

	if (!rc)
		rc = work_load(&w, f->code);
	if (!rc)
		rc = act(&w);
	work_release(&w);
	return rc;
}

/* Builds the dossier code and the new row (R-DOS-1). */
static int new_row(struct work *w)
{
	struct flow *f = w->f;
	struct dossier_row *d = &w->d;
	char day[11];
	int seq, rc;

	day_text(f->now, day);
	rc = dossiers_next_seq(w->tx->db, f->receiving_unit, day, &seq);
	if (!rc)
		rc = dossier_code_build(f->receiving_unit, strlen(f->receiving_unit),
					date_local_day(f->now), seq, d->code);
	if (rc)
		return rc == ERR_RANGE ? ERR_BUSY : rc;
	snprintf(d->procedure, sizeof(d->procedure), "%s", f->proc->code);
	d->procedure_version = f->proc->version;
	d->processing_time = f->proc->processing_time;
	d->status = d->resume_status = DOSSIER_SUBMITTED;
	snprintf(d->channel, sizeof(d->channel), "%s", f->channel);
	snprintf(d->receiving_unit, sizeof(d->receiving_unit), "%s", f->receiving_unit);
	snprintf(d->competent_unit, sizeof(d->competent_unit), "%s", f->competent_unit);
	snprintf(d->returning_unit, sizeof(d->returning_unit), "%s", f->returning_unit);
	d->applicant = f->applicant;
	d->components = f->components;
	snprintf(d->applicant_key, sizeof(d->applicant_key), "%s", f->applicant_key);
	snprintf(d->tracking_key, sizeof(d->tracking_key), "%s", f->tracking_key);
	d->vneid = f->vneid;
	d->submitted_at = d->updated_at = f->now;
	d->step_count = f->proc->n_steps;
	d->has_fee = f->proc->has_fee;
	d->fee_vnd = f->proc->fee_vnd;
	return 0;
}

int flow_create_change(struct store_tx *tx, void *arg)
{
	struct flow *f = arg;
	struct work w;
	int rc = work_begin(&w, tx, f);

	if (!rc)
		rc = new_row(&w);
	if (!rc)
		rc = dossiers_insert(tx->db, &w.d);
	/* The texts belong to the flow; load the stored row to go on. */
	w.d.applicant = w.d.components = NULL;
	if (!rc)
		snprintf(f->code, sizeof(f->code), "%s", w.d.code);
	if (!rc)
		rc = work_load(&w, f->code);
	if (!rc)
		rc = audit(&w, "create", "{}");
	if (!rc)
		rc = outbox_dossier(&w, "create");
	if (!rc && f->receive) {
		f->action = ACTION_RECEIVE;
		rc = act(&w);
	} else if (!rc) {
		rc = index_refresh(&w);
	}
	work_release(&w);
	return rc;
}

int flow_read_change(struct store_tx *tx, void *arg)
{
	struct flow *f = arg;

	return audit_append(tx, f->now, f->actor, f->code[0] ? "dossier.read" : "dossier.list",
			    f->code[0] ? f->code : "*", f->note[0] ? f->note : "{}");
}

bool flow_applicant_may_attach(const struct dossier_row *d)
{
	return d->status == DOSSIER_SUBMITTED || d->status == DOSSIER_SUPPLEMENT_REQUESTED;
}

/* R-SYNC-2: the portal learns of the file in the same change. */
static int outbox_file(struct store_tx *tx, const struct attachment *a)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "Event", "attachment",
			      "MaHoSo", a->dossier, "TenTep", a->name, "LoaiTep", a->type,
			      "KichThuoc", (json_int_t)a->size, "SHA256", a->sha256,
			      "NguoiXuLy", a->added_by);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc = text ? outbox_append(tx->db, a->dossier, "attachment", text, a->added_at)
		      : ERR_NOMEM;

	free(text);
	json_decref(j);
	return rc;
}

static int audit_file(struct store_tx *tx, const struct attachment *a, bool replaced)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:b}", "name", a->name, "sha256", a->sha256,
			      "type", a->type, "size", (json_int_t)a->size, "replaced", replaced);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc = text ? audit_append(tx, a->added_at, a->added_by, "dossier.attach", a->dossier,
				     text)
		      : ERR_NOMEM;

	free(text);
	json_decref(j);
	return rc;
}

int flow_attach(struct store_tx *tx, const struct attachment *a, bool applicant, bool *replaced)
{
	struct attachment old;
	struct dossier_row d;
	int n = 0, rc = dossiers_get(tx->db, a->dossier, &d);

	*replaced = false;
	if (rc)
		return rc;
	if (applicant && !flow_applicant_may_attach(&d))
		rc = ERR_INVALID_TRANSITION;
	dossier_row_release(&d);
	if (!rc) {
		rc = attachments_get(tx->db, a->dossier, a->name, &old);
		*replaced = rc == 0;
		if (rc == ERR_NOT_FOUND)
			rc = attachments_count(tx->db, a->dossier, &n);
	}
	if (!rc && !*replaced && n >= ATTACHMENTS_PER_DOSSIER_MAX)
		rc = ERR_CONFLICT;
	if (!rc)
		rc = attachments_put(tx->db, a);
	if (!rc)
		rc = audit_file(tx, a, *replaced);
	if (!rc)
		rc = outbox_file(tx, a);
	return rc;
}
