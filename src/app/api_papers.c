/*
 * Papers as PDF (API.md "Dossiers"; DOMAIN.md §6, R-FORM-1, R-FORM-2,
 * R-DOS-3 … R-DOS-7; docs/papers.md):
 *   GET /api/v1/dossiers/{code}/papers/{paper}.pdf
 *       paper: receipt, supplement, refusal, apology, stop, control-sheet
 *   GET /api/v1/reports/tracking-book.pdf?unit=&from=&to=
 *
 * Who: staff who may read the dossier (a role at one of its units, or an
 * auditor), whose read is audited before the answer (R-AUD-1); or the
 * applicant with `?key=` (a wrong key answers like an unknown dossier and
 * is throttled, R-AUD-2), for the papers addressed to them (01-05). The
 * tracking book: staff of the unit (receiver, specialist, leader, auditor
 * at it or above), audited too.
 *
 * A paper exists only when the dossier's history has its event: a receipt
 * once received, a supplement request once one was made, a refusal when
 * refused, an apology when re-appointed, a stop notice when stopped, a
 * control sheet once received. Otherwise 404 with the reason.
 *
 * The papers of an event (01-05) carry the time of that event as their time
 * of issue, so a copy printed later is the same paper; the control sheet
 * and the tracking book are issued at the request's now.
 */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "app/view.h"
#include "core/date.h"
#include "core/err.h"
#include "papers/papers.h"
#include "store/audit.h"
#include "store/units.h"
#include "store/users.h"

#define BOOK_DAYS_MAX 366

struct paper_op {
	enum paper_kind kind;
	char code[DOSSIER_CODE_SIZE];
	char actor[AUDIT_ACTOR_MAX + 1];
	int64_t now;
	bool applicant;
	/* the tracking book */
	char unit[UNIT_CODE_SIZE];
	char from[11], to[11];
	int32_t from_day, to_day;
};

static const char *base_url(struct request *r)
{
	return r->app->cfg.public_url && *r->app->cfg.public_url ? r->app->cfg.public_url
								 : APP_PUBLIC_URL_DEFAULT;
}

/* The length of the base URL without its trailing slashes. */
static size_t base_len(struct request *r)
{
	const char *u = base_url(r);
	size_t n = strlen(u);

	while (n > 0 && u[n - 1] == '/')
		n--;
	return n;
}

/* ---- Reading what the papers say ---- */

/*
 * The last audit record of an action on a dossier (at a given time, or any
 * when at is 0), found through the index audit_object (migration 3).
 */
static const char SQL_AUDIT_LAST[] =
	"SELECT at, actor, detail FROM audit WHERE object = ?1 AND action = ?2 "
	"AND (?3 = 0 OR at = ?3) ORDER BY seq DESC LIMIT 1";
static const char SQL_SUPPLEMENT_LAST[] =
	"SELECT unit, phase, at, items, coalesce(reason, '') FROM supplement_requests "
	"WHERE dossier = ? ORDER BY at DESC, rowid DESC LIMIT 1";
static const char SQL_SUPPLEMENT_ANY[] = "SELECT 1 FROM supplement_requests WHERE dossier = ?";

/* A user's full name for a signature; the name as it is when unknown. */
static int set_person(struct db *db, struct paper_vars *vs, const char *var, const char *user)
{
	char full[FULL_NAME_MAX + 1];

	if (users_full_name(db, user, full))
		return ERR_IO;
	return paper_vars_set(vs, var, "%s", full[0] ? full : user);
}

static int set_unit(struct db *db, struct paper_vars *vs, const char *var, const char *code)
{
	struct unit u;

	return paper_vars_set(vs, var, "%s", units_get(db, code, &u) == 0 ? u.name : code);
}

/* The issuing unit: its name and its parent's, for the header. */
static int set_issuer(struct db *db, struct paper_vars *vs, const char *code)
{
	struct unit u, parent;
	int rc = units_get(db, code, &u);

	if (rc)
		return rc;
	rc = paper_vars_set(vs, "issuer_name", "%s", u.name);
	if (!rc)
		rc = paper_vars_set(vs, "unit_code", "%s", u.code);
	if (!rc && u.parent[0] && units_get(db, u.parent, &parent) == 0)
		rc = paper_vars_set(vs, "issuer_parent_name", "%s",
				    parent.short_name[0] ? parent.short_name : parent.name);
	return rc;
}

struct audit_event {
	int64_t at;
	char actor[AUDIT_ACTOR_MAX + 1];
	char reason[2048];
};

/* The last `action` on the dossier (at `at`, or any when 0). ERR_NOT_FOUND when none. */
static int audit_event(struct db *db, const char *code, const char *action, int64_t at,
		       struct audit_event *e)
{
	sqlite3_stmt *st = db_stmt(db, SQL_AUDIT_LAST);
	json_t *detail;
	int rc = ERR_NOT_FOUND;

	memset(e, 0, sizeof(*e));
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, action);
	sqlite3_bind_int64(st, 3, at);
	if (sqlite3_step(st) == SQLITE_ROW) {
		e->at = sqlite3_column_int64(st, 0);
		db_col_copy(st, 1, e->actor, sizeof(e->actor));
		detail = json_loads(db_col_text(st, 2), 0, NULL);
		snprintf(e->reason, sizeof(e->reason), "%s",
			 json_string_value(json_object_get(detail, "reason"))
				 ? json_string_value(json_object_get(detail, "reason"))
				 : "");
		json_decref(detail);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

/* The dossier's due time as it stood at `at`, from the ledger entries up to then. */
static int64_t due_as_at(const struct view *v, int64_t at, bool before)
{
	struct clock_rule rule = clock_rule_make(CLOCK_MODE_RECEPTION, v->d.processing_time,
						 &v->uw.wt);
	struct clock_status s;
	int n = 0;

	while (n < v->n_clock && (before ? v->clock[n].at < at : v->clock[n].at <= at))
		n++;
	if (n == 0 || clock_eval(v->clock, (size_t)n, &rule, &v->uw.wt, at, &s) ||
	    s.phase == CLOCK_IDLE)
		return 0;
	return s.due;
}

static const char *verdict_text(const char *v)
{
	static const struct {
		const char *name, *text;
	} map[] = {
		{"early", "Trước hạn"},         {"on_time", "Đúng hạn"},
		{"late", "Quá hạn"},            {"within_time", "Trong hạn"},
		{"nearly_due", "Sắp đến hạn"},  {"overdue", "Quá hạn (đang xử lý)"},
	};

	for (size_t i = 0; v && i < ARRAY_SIZE(map); i++)
		if (strcmp(v, map[i].name) == 0)
			return map[i].text;
	return "";
}

static const char *status_text(enum dossier_state s)
{
	static const char *const text[DOSSIER_STATE_COUNT] = {
		"Chờ tiếp nhận", "Đã tiếp nhận",   "Từ chối tiếp nhận", "Đang giải quyết",
		"Chờ bổ sung",   "Chờ nộp phí",    "Xin rút hồ sơ",     "Dừng giải quyết",
		"Có kết quả",    "Đã trả kết quả",
	};

	return (unsigned)s < DOSSIER_STATE_COUNT ? text[s] : "";
}

static int set_processing_time(struct paper_vars *vs, struct duration d)
{
	switch (d.unit) {
	case DURATION_WORKING_DAYS:
		return paper_vars_set(vs, "processing_time", "%02d ngày làm việc", (int)d.amount);
	case DURATION_WORKING_HOURS:
		return paper_vars_set(vs, "processing_time", "%d giờ làm việc", (int)d.amount);
	case DURATION_CALENDAR_DAYS:
		return paper_vars_set(vs, "processing_time", "%02d ngày", (int)d.amount);
	default:
		return paper_vars_set(vs, "processing_time", "%s", "trong ngày");
	}
}

static int set_applicant(struct paper_vars *vs, const char *json)
{
	json_t *a = json_loads(json ? json : "{}", 0, NULL);
	const char *id = json_string_value(json_object_get(a, "id_number"));
	const char *email = json_string_value(json_object_get(a, "email"));
	int rc = paper_vars_set(vs, "applicant_name", "%s",
				json_string_value(json_object_get(a, "name"))
					? json_string_value(json_object_get(a, "name"))
					: "");

	if (!rc)
		rc = paper_vars_set(vs, "applicant_id_label", "%s",
				    id ? "Số định danh cá nhân" : "Mã số thuế");
	if (!id)
		id = json_string_value(json_object_get(a, "tax_code"));
	if (!rc)
		rc = paper_vars_set(vs, "applicant_id", "%s", id ? id : "");
	if (!rc)
		rc = paper_vars_set(vs, "applicant_address", "%s",
				    json_string_value(json_object_get(a, "address"))
					    ? json_string_value(json_object_get(a, "address"))
					    : "");
	if (!rc)
		rc = paper_vars_set(vs, "applicant_phone", "%s",
				    json_string_value(json_object_get(a, "phone"))
					    ? json_string_value(json_object_get(a, "phone"))
					    : "");
	if (!rc)
		rc = paper_vars_set(vs, "applicant_email_text", "%s%s", email && *email ? "; email: " : "",
				    email && *email ? email : "");
	json_decref(a);
	return rc;
}

/* The values every dossier paper may use. */
static int common_vars(struct request *r, const struct view *v, struct paper_input *in)
{
	const struct dossier_row *d = &v->d;
	struct paper_vars *vs = &in->vars;
	const char *channel = strcmp(d->channel, "online") == 0 ? "nộp trực tuyến"
			      : strcmp(d->channel, "post") == 0 ? "nộp qua dịch vụ bưu chính"
								 : "nộp trực tiếp";
	int rc = paper_vars_set(vs, "code", "%s", d->code);

	if (!rc)
		rc = paper_vars_set(vs, "procedure_code", "%s", d->procedure);
	if (!rc)
		rc = paper_vars_set(vs, "procedure_name", "%s", v->procedure_name);
	if (!rc)
		rc = set_processing_time(vs, d->processing_time);
	if (!rc)
		rc = paper_vars_set(vs, "channel_text", "%s", channel);
	if (!rc)
		rc = set_unit(v->db, vs, "receiving_unit_name", d->receiving_unit);
	if (!rc)
		rc = set_unit(v->db, vs, "competent_unit_name", d->competent_unit);
	if (!rc)
		rc = set_unit(v->db, vs, "returning_unit_name", d->returning_unit);
	if (!rc)
		rc = paper_vars_date(vs, "submitted_date", d->submitted_at);
	if (!rc)
		rc = paper_vars_date(vs, "received_date", d->received_at);
	if (!rc)
		rc = paper_vars_time(vs, "received_time", d->received_at);
	if (!rc)
		rc = paper_vars_time(vs, "due_time", d->due_at);
	if (!rc)
		rc = paper_vars_set(vs, "status_text", "%s", status_text(d->status));
	if (!rc)
		rc = paper_vars_set(vs, "verdict_text", "%s",
				    verdict_text(verdict_name(v->status.verdict)));
	if (!rc)
		rc = paper_vars_set(vs, "tracking_url", "%.*s/tra-cuu", (int)base_len(r),
				    base_url(r));
	if (!rc)
		rc = paper_vars_set(vs, "tracking_key", "%s", d->tracking_key);
	if (!rc)
		rc = set_applicant(vs, d->applicant);
	in->qr.base_url = base_url(r);
	in->qr.kind = in->kind;
	in->qr.code = d->code;
	in->qr.procedure = d->procedure;
	in->qr.applicant = d->applicant_key;
	/* The key only on the papers handed to the applicant (docs/papers.md). */
	in->qr.key = in->kind == PAPER_CONTROL_SHEET ? NULL : d->tracking_key;
	return rc;
}

/* The event's time, reason and signer. */
static int event_vars(struct view *v, struct paper_input *in, const struct audit_event *e)
{
	int rc = paper_vars_time(&in->vars, "event_time", e->at);

	if (!rc)
		rc = paper_vars_set(&in->vars, "reason", "%s", e->reason);
	if (!rc)
		rc = set_person(v->db, &in->vars, "signer_name", e->actor);
	in->issued = e->at;
	return rc;
}

static int receipt_vars(struct view *v, struct paper_input *in)
{
	json_t *items = json_loads(v->d.components ? v->d.components : "[]", 0, NULL);
	struct audit_event e = {0};
	size_t i;
	json_t *it;
	int rc = 0;

	json_array_foreach(items, i, it) {
		if (!rc && json_is_string(it))
			rc = paper_input_item(in, json_string_value(it));
	}
	json_decref(items);
	/* The receiving officer made the reception step's hand-over. */
	if (!rc && v->n_steps > 0 && v->steps[0].from_user[0])
		snprintf(e.actor, sizeof(e.actor), "%s", v->steps[0].from_user);
	else if (!rc)
		rc = audit_event(v->db, v->d.code, "dossier.receive", 0, &e);
	e.at = v->d.received_at;
	in->qr.due = due_as_at(v, v->d.received_at, false);
	if (!rc)
		rc = event_vars(v, in, &e);
	if (!rc)
		rc = paper_vars_time(&in->vars, "appointment_time", in->qr.due);
	if (!rc)
		rc = set_issuer(v->db, &in->vars, v->d.receiving_unit);
	return rc;
}

static int supplement_vars(struct view *v, struct paper_input *in)
{
	sqlite3_stmt *st = db_stmt(v->db, SQL_SUPPLEMENT_LAST);
	char unit[UNIT_CODE_SIZE] = "", phase[16] = "";
	struct audit_event e = {0};
	json_t *items = NULL, *it;
	size_t i;
	int rc = st ? ERR_NOT_FOUND : ERR_IO;

	if (st) {
		db_bind_text(st, 1, v->d.code);
		if (sqlite3_step(st) == SQLITE_ROW) {
			db_col_copy(st, 0, unit, sizeof(unit));
			db_col_copy(st, 1, phase, sizeof(phase));
			e.at = sqlite3_column_int64(st, 2);
			items = json_loads(db_col_text(st, 3), 0, NULL);
			rc = 0;
		}
		sqlite3_reset(st);
	}
	json_array_foreach(items, i, it) {
		if (!rc && json_is_string(it))
			rc = paper_input_item(in, json_string_value(it));
	}
	json_decref(items);
	if (!rc)
		rc = audit_event(v->db, v->d.code, "dossier.request-supplement", e.at, &e);
	if (!rc)
		rc = event_vars(v, in, &e);
	if (!rc && strcmp(phase, "reception") == 0)
		rc = paper_vars_set(&in->vars, "phase_note", "%s",
				    "Hồ sơ chưa được tiếp nhận; khi Ông/Bà bổ sung đủ, hồ sơ sẽ "
				    "được xem xét để tiếp nhận.");
	else if (!rc)
		rc = paper_vars_set(&in->vars, "phase_note", "Thời hạn giải quyết hồ sơ tạm dừng "
				    "từ %s cho đến khi Ông/Bà nộp đủ hồ sơ bổ sung.",
				    paper_vars_get(&in->vars, "event_time"));
	if (!rc)
		rc = set_issuer(v->db, &in->vars, unit);
	return rc;
}

static int apology_vars(struct view *v, struct paper_input *in)
{
	struct audit_event e;
	int64_t at = 0, new_due = 0;
	int rc;

	for (int i = v->n_clock - 1; i >= 0 && !at; i--) {
		if (v->clock[i].kind == CLOCK_REAPPOINT) {
			at = v->clock[i].at;
			new_due = v->clock[i].new_due;
		}
	}
	rc = audit_event(v->db, v->d.code, "dossier.apologize", at, &e);
	if (!rc)
		rc = event_vars(v, in, &e);
	if (!rc)
		rc = paper_vars_time(&in->vars, "old_due_time", due_as_at(v, at, true));
	if (!rc)
		rc = paper_vars_time(&in->vars, "new_due_time", new_due);
	if (!rc)
		rc = set_issuer(v->db, &in->vars, v->d.competent_unit);
	return rc;
}

/* Refusal and stop: the event of the audit log. */
static int closing_vars(struct view *v, struct paper_input *in, const char *action,
			const char *issuer)
{
	struct audit_event e;
	int rc = audit_event(v->db, v->d.code, action, 0, &e);

	if (!rc)
		rc = event_vars(v, in, &e);
	if (!rc)
		rc = set_issuer(v->db, &in->vars, issuer);
	return rc;
}

/* "giver → receiver" by full name; "(chưa giao)" for a step not handed over yet. */
static int set_people(struct db *db, struct paper_vars *row, const struct dossier_step *s)
{
	int rc;

	if (!s->given_at)
		return paper_vars_set(row, "people", "%s", "(chưa giao)");
	rc = set_person(db, row, "from_user", s->from_user);
	if (!rc)
		rc = set_person(db, row, "to_user", s->to_user[0] ? s->to_user : "(chưa phân công)");
	if (!rc)
		rc = paper_vars_set(row, "people", "%s → %s", paper_vars_get(row, "from_user"),
				    paper_vars_get(row, "to_user"));
	return rc;
}

static int control_row(struct view *v, struct paper_input *in, int i)
{
	const struct dossier_step *s = &v->steps[i];
	const char *verdict = s->finished_at ? s->verdict
			      : !s->given_at  ? ""
			      : v->now > s->due_at ? "overdue"
						  : "within_time";
	struct paper_vars *row;
	int rc = paper_input_row(in, &row);

	if (!rc)
		rc = paper_vars_set(row, "idx", "%d", i + 1);
	if (!rc)
		rc = paper_vars_set(row, "step", "%s", s->name);
	if (!rc)
		rc = set_unit(v->db, row, "from_unit", i ? v->steps[i - 1].unit : v->d.receiving_unit);
	if (!rc)
		rc = set_unit(v->db, row, "to_unit", s->unit);
	if (!rc)
		rc = set_people(v->db, row, s);
	if (!rc)
		rc = paper_vars_stamp(row, "given_at", s->given_at);
	if (!rc)
		rc = paper_vars_stamp(row, "due_at", s->due_at);
	if (!rc)
		rc = paper_vars_stamp(row, "finished_at", s->finished_at);
	if (!rc)
		rc = paper_vars_set(row, "verdict", "%s", verdict_text(verdict));
	return rc;
}

static int control_vars(struct view *v, struct paper_input *in, int64_t now)
{
	int rc = set_issuer(v->db, &in->vars, v->d.receiving_unit);

	for (int i = 0; !rc && i < v->n_steps; i++)
		rc = control_row(v, in, i);
	in->issued = now;
	return rc;
}

/* Whether the dossier's history has the paper; 0 or ERR_NOT_FOUND (answered). */
static int paper_applies(struct request *r, struct view *v, enum paper_kind k)
{
	const char *code = v->d.code;
	bool found = true;

	switch (k) {
	case PAPER_RECEIPT:
	case PAPER_CONTROL_SHEET:
		found = v->d.received_at != 0;
		break;
	case PAPER_SUPPLEMENT:
		if (db_exists(v->db, SQL_SUPPLEMENT_ANY, code, &found))
			return resp_problem(r, ERR_IO, NULL), ERR_IO;
		break;
	case PAPER_REFUSAL:
		found = v->d.status == DOSSIER_REFUSED;
		break;
	case PAPER_APOLOGY:
		found = v->d.reappointments > 0;
		break;
	case PAPER_STOP:
		found = v->d.status == DOSSIER_STOPPED;
		break;
	default:
		found = false;
	}
	if (found)
		return 0;
	static const char *const why[PAPER_KIND_COUNT] = {
		"was never received: it has no receipt (form 01)",
		"had no request to supplement (form 02)",
		"was not refused: it has no refusal (form 03)",
		"was never re-appointed: it has no apology letter (form 04)",
		"was not stopped: it has no stop notice (form 05)",
		"was never received: it has no control sheet yet (form 06)",
		"has no tracking book",
	};
	return resp_problem(r, ERR_NOT_FOUND, "dossier %s %s", code, why[k]), ERR_NOT_FOUND;
}

/* Renders in and answers it as an inline PDF named name. */
static int answer_pdf(struct request *r, const struct paper_input *in, const char *name)
{
	struct paper_fonts fonts;
	char why[128] = "", *pdf = NULL;
	size_t len = 0;
	int rc = paper_fonts_find(&fonts);

	if (rc)
		return resp_problem(r, ERR_IO, "no font for the papers: install fonts-liberation2 "
				    "(docs/papers.md)");
	rc = paper_render(in, &fonts, &pdf, &len, why, sizeof(why));
	if (rc == ERR_TOO_LARGE)
		return resp_problem(r, ERR_RANGE, "the paper is over its limits (docs/papers.md)");
	if (rc) {
		fprintf(stderr, "motcua: paper %s: %s (%s)\n", paper_kind_id(in->kind),
			err_code(rc), why);
		return resp_problem(r, rc, NULL);
	}
	snprintf(r->resp.disposition, sizeof(r->resp.disposition), "inline; filename=\"%s\"",
		 name);
	rc = resp_bytes(r, 200, "application/pdf", pdf, len);
	free(pdf);
	return rc;
}

/* Loads the dossier, fills the paper, renders it, answers. */
static int paper_answer(struct request *r, struct paper_op *op)
{
	struct paper_input in = {.kind = op->kind};
	struct view v;
	char name[DOSSIER_CODE_SIZE + 32];
	int rc = view_load(r, op->code, &v);

	if (!rc)
		rc = common_vars(r, &v, &in);
	switch (rc ? PAPER_KIND_COUNT : op->kind) {
	case PAPER_RECEIPT:
		rc = receipt_vars(&v, &in);
		break;
	case PAPER_SUPPLEMENT:
		rc = supplement_vars(&v, &in);
		break;
	case PAPER_REFUSAL:
		rc = closing_vars(&v, &in, "dossier.refuse", v.d.receiving_unit);
		break;
	case PAPER_APOLOGY:
		rc = apology_vars(&v, &in);
		break;
	case PAPER_STOP:
		rc = closing_vars(&v, &in, "dossier.stop",
				  v.d.received_at ? v.d.competent_unit : v.d.receiving_unit);
		break;
	case PAPER_CONTROL_SHEET:
		rc = control_vars(&v, &in, op->now);
		break;
	default:
		break;
	}
	in.qr.issued = in.issued;
	/* The QR points into the view's row: render before releasing it. */
	snprintf(name, sizeof(name), "%s-%s.pdf", op->code, paper_kind_id(op->kind));
	if (!rc)
		rc = answer_pdf(r, &in, name);
	else if (!r->answered)
		resp_problem(r, rc, rc == ERR_NOT_FOUND ? "the record of this paper's event is "
				    "missing" : NULL);
	view_release(r, &v);
	paper_input_release(&in);
	return rc;
}

/* A staff read of personal data: its audit record first (R-AUD-1). */
static int paper_read_change(struct store_tx *tx, void *arg)
{
	struct paper_op *op = arg;
	char detail[128];

	if (op->kind == PAPER_TRACKING_BOOK) {
		snprintf(detail, sizeof(detail), "{\"paper\":\"tracking-book\",\"from\":\"%s\","
			 "\"to\":\"%s\"}", op->from, op->to);
		return audit_append(tx, op->now, op->actor, "report.tracking-book", op->unit,
				    detail);
	}
	snprintf(detail, sizeof(detail), "{\"paper\":\"%s\"}", paper_kind_id(op->kind));
	return audit_append(tx, op->now, op->actor, "dossier.paper", op->code, detail);
}

static int paper_finish(struct request *r, int rc)
{
	(void)rc;
	return paper_answer(r, r->ctx);
}

/* Who asks: staff with a role at the dossier, else the applicant with the right key. */
static int paper_access(struct request *r, struct paper_op *op)
{
	const char *key = request_query(r, "key");
	struct view v;
	int rc;

	if (!key && !r->auth)
		return resp_problem(r, ERR_UNAUTHENTICATED, "sign in, or give the tracking key"),
		       ERR_UNAUTHENTICATED;
	rc = view_load(r, op->code, &v);
	if (!rc && r->auth && view_staff_may_read(r, &v)) {
		/* staff */
	} else if (!rc && key) {
		rc = api_check_key(r, v.d.code, key, v.d.tracking_key);
		op->applicant = true;
		if (!rc && op->kind == PAPER_CONTROL_SHEET) {
			rc = ERR_FORBIDDEN;
			resp_problem(r, rc, "the control sheet is for staff (R-DOS-7); the "
				     "applicant's papers are receipt, supplement, refusal, apology "
				     "and stop");
		}
	} else if (!rc) {
		rc = ERR_FORBIDDEN;
		resp_problem(r, rc, "no role at this dossier's units");
	}
	if (!rc)
		rc = paper_applies(r, &v, op->kind);
	view_release(r, &v);
	return rc;
}

int api_paper_get(struct request *r)
{
	const char *paper = request_param(r, 1);
	struct paper_op *op;
	enum paper_kind kind;
	int rc;

	if (paper_kind_parse(paper, strlen(paper), &kind) || kind == PAPER_TRACKING_BOOK)
		return resp_problem(r, ERR_NOT_FOUND, "no paper %s: one of receipt, supplement, "
				    "refusal, apology, stop, control-sheet", paper);
	op = calloc(1, sizeof(*op));
	if (!op)
		return ERR_NOMEM;
	op->kind = kind;
	op->now = r->now;
	snprintf(op->code, sizeof(op->code), "%s", request_param(r, 0));
	api_actor(r, op->actor, sizeof(op->actor));
	rc = paper_access(r, op);
	if (!rc && op->applicant)
		rc = paper_answer(r, op);
	else if (!rc)
		return request_write(r, paper_read_change, paper_finish, op, free);
	free(op);
	return rc;
}

/* ---- Form 07: the tracking book of a unit for a period ---- */

/* Dossiers received at the unit or below, in the period, in order of reception. */
static const char SQL_BOOK[] =
	"WITH RECURSIVE sub(code) AS (SELECT ?1 UNION ALL SELECT u.code FROM units u "
	"JOIN sub ON u.parent = sub.code) "
	"SELECT d.code, coalesce(p.name, d.procedure_code), d.applicant, d.received_at, d.due_at, "
	"d.finished_at, d.returned_at, d.status, d.reappointments "
	"FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code "
	"AND p.version = d.procedure_version "
	"WHERE d.received_at >= ?2 AND d.received_at < ?3 AND d.receiving_unit IN sub "
	"ORDER BY d.received_at, d.code LIMIT ?4";

static int book_row(sqlite3_stmt *st, struct paper_input *in)
{
	json_t *a = json_loads(db_col_text(st, 2), 0, NULL);
	const char *addr = json_string_value(json_object_get(a, "address"));
	const char *phone = json_string_value(json_object_get(a, "phone"));
	enum dossier_state s = DOSSIER_SUBMITTED;
	struct paper_vars *row;
	int rc = paper_input_row(in, &row);

	dossier_state_parse(db_col_text(st, 7), strlen(db_col_text(st, 7)), &s);
	if (!rc)
		rc = paper_vars_set(row, "idx", "%d", in->n_rows);
	if (!rc)
		rc = paper_vars_set(row, "code", "%s", db_col_text(st, 0));
	if (!rc)
		rc = paper_vars_set(row, "procedure_name", "%s", db_col_text(st, 1));
	if (!rc)
		rc = paper_vars_set(row, "applicant_name", "%s",
				    json_string_value(json_object_get(a, "name"))
					    ? json_string_value(json_object_get(a, "name"))
					    : "");
	if (!rc)
		rc = paper_vars_set(row, "applicant_contact", "%s%s%s", addr ? addr : "",
				    addr && *addr && phone ? "; " : "", phone ? phone : "");
	if (!rc)
		rc = paper_vars_stamp(row, "received_at", sqlite3_column_int64(st, 3));
	if (!rc)
		rc = paper_vars_stamp(row, "due_at", sqlite3_column_int64(st, 4));
	if (!rc)
		rc = paper_vars_stamp(row, "finished_at", sqlite3_column_int64(st, 5));
	if (!rc)
		rc = paper_vars_stamp(row, "returned_at", sqlite3_column_int64(st, 6));
	if (!rc)
		rc = paper_vars_set(row, "status_text", "%s", status_text(s));
	if (!rc)
		rc = paper_vars_set(row, "note", "%s",
				    sqlite3_column_int(st, 8) ? "Đã xin lỗi, hẹn lại" : "");
	json_decref(a);
	return rc;
}

static int book_rows(struct db *db, const struct paper_op *op, struct paper_input *in)
{
	sqlite3_stmt *st = db_stmt(db, SQL_BOOK);
	int rc = 0, step;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, op->unit);
	sqlite3_bind_int64(st, 2, date_local_instant(op->from_day, 0));
	sqlite3_bind_int64(st, 3, date_local_instant(op->to_day + 1, 0));
	sqlite3_bind_int(st, 4, PAPER_ROWS_MAX + 1);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = in->n_rows == PAPER_ROWS_MAX ? ERR_TOO_LARGE : book_row(st, in);
	if (!rc && step != SQLITE_DONE)
		rc = ERR_IO;
	sqlite3_reset(st);
	return rc;
}

static int book_answer(struct request *r, struct paper_op *op)
{
	struct paper_input in = {.kind = PAPER_TRACKING_BOOK};
	struct db *db = store_read_begin(r->app->store);
	char name[80], from[11], to[11];
	int rc = db ? set_issuer(db, &in.vars, op->unit) : ERR_BUSY;

	if (!rc)
		rc = book_rows(db, op, &in);
	store_read_end(r->app->store, db);
	paper_format_date(date_local_instant(op->from_day, 0), from);
	paper_format_date(date_local_instant(op->to_day, 0), to);
	if (!rc)
		rc = paper_vars_set(&in.vars, "from_date", "%s", from);
	if (!rc)
		rc = paper_vars_set(&in.vars, "to_date", "%s", to);
	if (!rc)
		rc = paper_vars_set(&in.vars, "total", "%d", in.n_rows);
	in.issued = in.qr.issued = op->now;
	in.qr.base_url = base_url(r);
	in.qr.kind = PAPER_TRACKING_BOOK;
	in.qr.unit = op->unit;
	in.qr.from = op->from;
	in.qr.to = op->to;
	snprintf(name, sizeof(name), "tracking-book-%s-%s-%s.pdf", op->unit, op->from, op->to);
	if (!rc)
		rc = answer_pdf(r, &in, name);
	else if (rc == ERR_TOO_LARGE)
		resp_problem(r, ERR_RANGE, "more than %d dossiers: choose a shorter period",
			     PAPER_ROWS_MAX);
	else
		resp_problem(r, rc, NULL);
	paper_input_release(&in);
	return rc == ERR_TOO_LARGE ? ERR_RANGE : rc;
}

static int book_finish(struct request *r, int rc)
{
	(void)rc;
	return book_answer(r, r->ctx);
}

static int book_day(struct request *r, const char *name, int32_t *day, char out[11])
{
	const char *v = request_query(r, name);

	if (!v || date_parse(v, strlen(v), day))
		return resp_problem(r, ERR_INVALID_DATE, "%s: a date YYYY-MM-DD", name),
		       ERR_INVALID_DATE;
	date_format(*day, out);
	return 0;
}

/* GET /reports/tracking-book.pdf?unit=&from=&to=: staff of the unit (form 07). */
int api_tracking_book(struct request *r)
{
	const char *unit = request_query(r, "unit");
	struct paper_op *op = calloc(1, sizeof(*op));
	struct db *db;
	bool found = false;
	int rc = op ? 0 : ERR_NOMEM;

	if (!rc && (!unit || !unit_code_valid(unit, strlen(unit)))) {
		resp_problem(r, ERR_INVALID, "unit: the unit code whose book to print");
		rc = ERR_INVALID;
	}
	if (!rc)
		rc = book_day(r, "from", &op->from_day, op->from);
	if (!rc)
		rc = book_day(r, "to", &op->to_day, op->to);
	if (!rc && (op->to_day < op->from_day || op->to_day - op->from_day >= BOOK_DAYS_MAX)) {
		resp_problem(r, ERR_RANGE, "from <= to, at most %d days", BOOK_DAYS_MAX);
		rc = ERR_RANGE;
	}
	if (!rc) {
		db = store_read_begin(r->app->store);
		rc = db ? db_exists(db, "SELECT 1 FROM units WHERE code = ?", unit, &found)
			: ERR_BUSY;
		store_read_end(r->app->store, db);
		if (!rc && !found) {
			resp_problem(r, ERR_NOT_FOUND, "no unit %s", unit);
			rc = ERR_NOT_FOUND;
		}
	}
	if (!rc && !auth_has_role(r, "receiver", unit) && !auth_has_role(r, "specialist", unit) &&
	    !auth_has_role(r, "leader", unit) && !auth_has_role(r, "auditor", unit)) {
		resp_problem(r, ERR_FORBIDDEN, "no role at unit %s", unit);
		rc = ERR_FORBIDDEN;
	}
	if (rc) {
		free(op);
		return rc;
	}
	op->kind = PAPER_TRACKING_BOOK;
	op->now = r->now;
	snprintf(op->unit, sizeof(op->unit), "%s", unit);
	api_actor(r, op->actor, sizeof(op->actor));
	return request_write(r, paper_read_change, book_finish, op, free);
}
