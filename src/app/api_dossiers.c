/* Dossier routes (API.md "Dossiers"; R-DOS-*, R-ID-*). */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "app/flow.h"
#include "app/view.h"
#include "core/date.h"
#include "core/err.h"
#include "core/ident.h"
#include "store/units.h"

#define APPLICANT_NAME_MAX 200
#define EMAIL_MAX 254
#define ADDRESS_MAX 500
#define PHONE_DIGITS_MIN 9
#define PHONE_DIGITS_MAX 11
#define COMPONENTS_MAX PROCEDURE_COMPONENTS_MAX

/* A string member within [min, max] bytes, or NULL (answered 400). */
static const char *member_text(struct request *r, json_t *obj, const char *path, const char *key,
			       size_t min, size_t max)
{
	json_t *v = json_object_get(obj, key);

	if (!v && min == 0)
		return "";
	if (!json_is_string(v) || json_string_length(v) < min || json_string_length(v) > max) {
		resp_problem(r, ERR_INVALID, "%s%s must be a string of %zu-%zu bytes", path, key, min,
			     max);
		return NULL;
	}
	return json_string_value(v);
}

static int current_year(struct request *r)
{
	return date_from_days(date_local_day(r->now)).year;
}

/* R-ID-1/R-ID-2 and the contact data; fills the applicant key and tracking key. */
static int check_applicant(struct request *r, json_t *a, struct flow *f)
{
	const char *kind = member_text(r, a, "applicant.", "kind", 1, 16);
	const char *name = kind ? member_text(r, a, "applicant.", "name", 1, APPLICANT_NAME_MAX) : NULL;
	const char *phone = name ? member_text(r, a, "applicant.", "phone", PHONE_DIGITS_MIN, 16) : NULL;
	const char *email = phone ? member_text(r, a, "applicant.", "email", 0, EMAIL_MAX) : NULL;
	const char *addr = email ? member_text(r, a, "applicant.", "address", 0, ADDRESS_MAX) : NULL;
	const char *id;
	size_t digits = 0;

	if (!addr)
		return ERR_INVALID;
	for (const char *p = phone; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!(*p == '+' && p == phone) && *p != ' ')
			return resp_problem(r, ERR_INVALID, "applicant.phone: digits only"), ERR_INVALID;
	}
	if (digits < PHONE_DIGITS_MIN || digits > PHONE_DIGITS_MAX + 2)
		return resp_problem(r, ERR_INVALID, "applicant.phone: %d-%d digits", PHONE_DIGITS_MIN,
				    PHONE_DIGITS_MAX), ERR_INVALID;
	if (*email && !strchr(email, '@'))
		return resp_problem(r, ERR_INVALID, "applicant.email is not an e-mail address"),
		       ERR_INVALID;
	if (strcmp(kind, "citizen") == 0) {
		id = member_text(r, a, "applicant.", "id_number", IDENT_ID_NUMBER_LEN,
				 IDENT_ID_NUMBER_LEN);
		if (!id)
			return ERR_INVALID_ID_NUMBER;
		if (ident_id_number_validate(id, strlen(id), 0, current_year(r)))
			return resp_problem(r, ERR_INVALID_ID_NUMBER,
					    "applicant.id_number is not a valid ID number"),
			       ERR_INVALID_ID_NUMBER;
	} else if (strcmp(kind, "organization") == 0) {
		id = member_text(r, a, "applicant.", "tax_code", 10, IDENT_TAX_CODE_LEN_MAX);
		if (!id)
			return ERR_INVALID_TAX_CODE;
		if (ident_tax_code_validate(id, strlen(id), current_year(r)))
			return resp_problem(r, ERR_INVALID_TAX_CODE,
					    "applicant.tax_code is not a valid tax code"),
			       ERR_INVALID_TAX_CODE;
	} else {
		return resp_problem(r, ERR_INVALID, "applicant.kind: citizen or organization"),
		       ERR_INVALID;
	}
	snprintf(f->applicant_key, sizeof(f->applicant_key), "%s", id);
	/* The tracking key is the last 4 digits of the phone (API.md). */
	for (const char *p = phone + strlen(phone); p > phone && strlen(f->tracking_key) < 4;) {
		p--;
		if (*p >= '0' && *p <= '9') {
			memmove(f->tracking_key + 1, f->tracking_key, strlen(f->tracking_key) + 1);
			f->tracking_key[0] = *p;
		}
	}
	f->vneid = json_is_true(json_object_get(a, "vneid"));
	/* Only the known fields are kept. */
	json_t *kept = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind", kind, "name", name,
				 strcmp(kind, "citizen") == 0 ? "id_number" : "tax_code", id,
				 "phone", phone, "email", email, "address", addr, "vneid", f->vneid);

	f->applicant = kept ? json_dumps(kept, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(kept);
	return f->applicant ? 0 : ERR_NOMEM;
}

/*
 * A list of the procedure's component names (R-DOS-8: nothing it does not
 * list). Stores the JSON text in *out.
 */
static int check_components(struct request *r, json_t *arr, const struct procedure *p,
			    const char *what, bool required, char **out)
{
	size_t i;
	json_t *v;

	if (!arr && !required)
		arr = json_array();
	else
		json_incref(arr);
	if (!json_is_array(arr) || json_array_size(arr) > COMPONENTS_MAX ||
	    (required && json_array_size(arr) == 0)) {
		json_decref(arr);
		return resp_problem(r, required ? ERR_ITEMS_REQUIRED : ERR_INVALID,
				    "%s must list 1-%d components of the procedure", what,
				    COMPONENTS_MAX), required ? ERR_ITEMS_REQUIRED : ERR_INVALID;
	}
	json_array_foreach(arr, i, v) {
		bool known = false;

		for (int c = 0; json_is_string(v) && c < p->n_components && !known; c++)
			known = strcmp(p->components[c].name, json_string_value(v)) == 0;
		if (!known) {
			json_decref(arr);
			return resp_problem(r, ERR_INVALID, "%s[%zu] is not a component of procedure "
					    "%s", what, i, p->code), ERR_INVALID;
		}
	}
	*out = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return *out ? 0 : ERR_NOMEM;
}

static int load_procedure(struct request *r, const char *code, int version, struct procedure **out)
{
	struct db *db = store_read_begin(r->app->store);
	int rc;

	*out = malloc(sizeof(**out));
	if (!db || !*out)
		rc = ERR_BUSY;
	else
		rc = procedure_load(db, code, version, *out);
	store_read_end(r->app->store, db);
	if (rc) {
		free(*out);
		*out = NULL;
		return resp_problem(r, rc, rc == ERR_NOT_FOUND ? "no procedure %s" : NULL, code),
		       rc;
	}
	return 0;
}

static unsigned channel_bit(const char *c)
{
	return strcmp(c, "counter") == 0  ? CHANNEL_COUNTER
	       : strcmp(c, "post") == 0   ? CHANNEL_POST
	       : strcmp(c, "online") == 0 ? CHANNEL_ONLINE
					  : 0;
}

/*
 * R-ORG-2: receiving (a one-stop place), competent and returning units.
 * For a commune-level procedure the commune is the one the receiving place
 * belongs to, unless the body names it (competent_unit).
 */
static int resolve_units(struct request *r, struct db *db, json_t *body, struct flow *f)
{
	const char *given = json_string_value(json_object_get(body, "competent_unit"));
	const char *ret = json_string_value(json_object_get(body, "returning_unit"));
	struct unit recv, u;
	char commune[UNIT_CODE_SIZE] = "";
	int rc = units_get(db, f->receiving_unit, &recv);

	if (rc)
		return resp_problem(r, rc, "receiving_unit: no unit %s", f->receiving_unit), rc;
	if (strcmp(recv.level, "service_centre") && strcmp(recv.kind, "one_stop"))
		return resp_problem(r, ERR_INVALID, "receiving_unit %s is not a one-stop place",
				    f->receiving_unit), ERR_INVALID;
	if (strcmp(f->proc->level, "commune") == 0) {
		if (given && (rc = units_get(db, given, &u)) == 0 && strcmp(u.level, "commune") == 0)
			snprintf(commune, sizeof(commune), "%s", u.code);
		else if (!given && units_get(db, recv.parent, &u) == 0 &&
			 strcmp(u.level, "commune") == 0)
			snprintf(commune, sizeof(commune), "%s", u.code);
		if (!commune[0])
			return resp_problem(r, ERR_INVALID, "competent_unit: name the commune that "
					    "decides"), ERR_INVALID;
		rc = procedure_resolve_unit(db, f->proc->competent_role[0] ? f->proc->competent_role
									    : "commune:self",
					    commune, f->competent_unit);
	} else {
		snprintf(f->competent_unit, sizeof(f->competent_unit), "%s", f->proc->competent_unit);
	}
	if (!rc && ret && units_get(db, ret, &u))
		rc = ERR_NOT_FOUND;
	if (rc)
		return resp_problem(r, rc, "competent or returning unit not found"), rc;
	snprintf(f->returning_unit, sizeof(f->returning_unit), "%s", ret ? ret : f->receiving_unit);
	return 0;
}

static struct flow *flow_new(struct request *r)
{
	struct flow *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->req = r;
	f->now = r->now;
	api_actor(r, f->actor, sizeof(f->actor));
	return f;
}

/* Answers with the dossier as staff see it (after a change committed). */
static int answer_dossier(struct request *r, int status, const char *code)
{
	struct view v;
	int rc = view_load(r, code, &v);

	if (!rc)
		rc = resp_json(r, status, view_dossier(&v));
	view_release(r, &v);
	return rc;
}

/* Online and postal filers see their code and key, not the staff view. */
static int answer_receipt(struct request *r, int status, const char *code)
{
	struct view v;
	int rc = view_load(r, code, &v);
	json_t *j;

	if (rc)
		return rc;
	j = view_track(&v);
	if (j)
		json_object_set_new(j, "tracking_key", json_string(v.d.tracking_key));
	rc = resp_json(r, status, j);
	view_release(r, &v);
	return rc;
}

/* The answer to a change of f->code: the dossier for staff, the receipt for the applicant. */
static int answer_flow(struct request *r, int status)
{
	struct flow *f = r->ctx;

	if (r->auth)
		return answer_dossier(r, status, f->code);
	return answer_receipt(r, status, f->code);
}

static int create_finish(struct request *r, int rc)
{
	(void)rc;
	return answer_flow(r, 201);
}

/* Reads the top-level fields of POST /dossiers into f. */
static int read_create(struct request *r, struct flow *f)
{
	json_t *b = r->json;
	const char *proc = member_text(r, b, "", "procedure", 1, PROCEDURE_CODE_MAX);
	const char *channel = proc ? member_text(r, b, "", "channel", 1, 7) : NULL;
	const char *recv = channel ? member_text(r, b, "", "receiving_unit", UNIT_CODE_LEN,
						 UNIT_CODE_LEN) : NULL;
	json_t *receive = json_object_get(b, "receive");
	int rc;

	if (!recv)
		return ERR_INVALID;
	if (!channel_bit(channel))
		return resp_problem(r, ERR_INVALID, "channel: counter, online or post"), ERR_INVALID;
	if (receive && !json_is_boolean(receive))
		return resp_problem(r, ERR_INVALID, "receive must be true or false"), ERR_INVALID;
	if (!json_is_object(json_object_get(b, "applicant")))
		return resp_problem(r, ERR_INVALID, "applicant must be an object"), ERR_INVALID;
	snprintf(f->channel, sizeof(f->channel), "%s", channel);
	snprintf(f->receiving_unit, sizeof(f->receiving_unit), "%s", recv);
	f->receive = json_is_true(receive);
	rc = load_procedure(r, proc, 0, &f->proc);
	if (!rc && !(f->proc->channels & channel_bit(channel)))
		return resp_problem(r, ERR_INVALID, "procedure %s is not offered through %s", proc,
				    channel), ERR_INVALID;
	return rc;
}

int api_dossier_create(struct request *r)
{
	struct flow *f = flow_new(r);
	struct db *db;
	int rc;

	if (!f)
		return ERR_NOMEM;
	rc = read_create(r, f);
	/* A counter dossier, or one received at once, is the receiving officer's act. */
	if (!rc && (strcmp(f->channel, "counter") == 0 || f->receive) &&
	    !auth_has_role(r, "receiver", f->receiving_unit)) {
		rc = r->auth ? ERR_FORBIDDEN : ERR_UNAUTHENTICATED;
		resp_problem(r, rc, "counter reception is for the receiving unit's officers");
	}
	if (!rc)
		rc = check_applicant(r, json_object_get(r->json, "applicant"), f);
	if (!rc)
		rc = check_components(r, json_object_get(r->json, "components"), f->proc,
				      "components", false, &f->components);
	if (!rc) {
		db = store_read_begin(r->app->store);
		rc = db ? resolve_units(r, db, r->json, f) : ERR_BUSY;
		store_read_end(r->app->store, db);
	}
	if (rc) {
		flow_free(f);
		return rc;
	}
	return request_write(r, flow_create_change, create_finish, f, flow_free);
}

static int text_into(struct request *r, const char *key, char *out, size_t size, bool required)
{
	const char *v = member_text(r, r->json, "", key, required ? 1 : 0, size - 1);

	if (!v)
		return ERR_INVALID;
	snprintf(out, size, "%s", v);
	return 0;
}

/* request-supplement items and supplement components: the procedure's own. */
static int read_items(struct request *r, struct flow *f, const char *key)
{
	struct db *db = store_read_begin(r->app->store);
	struct dossier_row d;
	struct procedure *p = NULL;
	int rc = db ? dossiers_get(db, f->code, &d) : ERR_BUSY;

	store_read_end(r->app->store, db);
	if (rc)
		return resp_problem(r, rc, rc == ERR_NOT_FOUND ? "no dossier %s" : NULL, f->code), rc;
	rc = load_procedure(r, d.procedure, d.procedure_version, &p);
	dossier_row_release(&d);
	if (!rc)
		rc = check_components(r, json_object_get(r->json, key), p, key, true, &f->items);
	free(p);
	if (!rc)
		f->in.items = 1;
	return rc;
}

static int read_result(struct request *r, struct flow *f)
{
	json_t *res = json_object_get(r->json, "result");
	const char *name = json_is_object(res) ? member_text(r, res, "result.", "name", 1, 300) : "";
	const char *sha = name && *name ? member_text(r, res, "result.", "file_sha256", 0, 64) : NULL;

	if (!json_is_object(res))
		return 0; /* the core answers result_required */
	if (!sha)
		return ERR_INVALID;
	if (*sha && (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64))
		return resp_problem(r, ERR_INVALID, "result.file_sha256: 64 hex digits"),
		       ERR_INVALID;
	json_t *kept = json_pack("{s:s, s:s?}", "name", name, "file_sha256", *sha ? sha : NULL);

	f->result = kept ? json_dumps(kept, JSON_COMPACT) : NULL;
	json_decref(kept);
	f->in.has_result = f->result != NULL;
	return f->result ? 0 : ERR_NOMEM;
}

static int read_new_due(struct request *r, struct flow *f)
{
	const char *v = member_text(r, r->json, "", "new_due", 10, 40);

	if (!v || instant_parse(v, strlen(v), &f->in.new_due))
		return resp_problem(r, ERR_INVALID_TIME, "new_due must be an ISO 8601 time"),
		       ERR_INVALID_TIME;
	return 0;
}

static int read_rating(struct request *r, struct flow *f)
{
	const char *level = member_text(r, r->json, "", "level", 1, 15);
	json_t *criteria = json_object_get(r->json, "criteria");

	if (!level)
		return ERR_INVALID_RATING;
	if (rating_level_parse(level, strlen(level), &f->in.rating))
		return resp_problem(r, ERR_INVALID_RATING, "level: very_satisfied, satisfied or "
				    "not_satisfied"), ERR_INVALID_RATING;
	snprintf(f->rating, sizeof(f->rating), "%s", level);
	if (criteria && (!json_is_object(criteria) || json_object_size(criteria) > 16))
		return resp_problem(r, ERR_INVALID_RATING, "criteria: an object of at most 16 "
				    "entries"), ERR_INVALID_RATING;
	if (criteria && !(f->criteria = json_dumps(criteria, JSON_COMPACT)))
		return ERR_NOMEM;
	return 0;
}

/* The body of each action (API.md); the core checks the rules. */
static int read_action(struct request *r, struct flow *f)
{
	json_t *b = r->json;
	int rc = text_into(r, "reason", f->reason, sizeof(f->reason), false);

	if (!rc)
		rc = text_into(r, "note", f->note, sizeof(f->note), false);
	if (rc)
		return rc;
	f->in.has_reason = f->reason[0] != '\0';
	switch (f->action) {
	case ACTION_REQUEST_SUPPLEMENT:
		return read_items(r, f, "items");
	case ACTION_SUPPLEMENT:
		return read_items(r, f, "components");
	case ACTION_FORWARD:
		return text_into(r, "assignee", f->assignee, sizeof(f->assignee), false);
	case ACTION_REQUEST_PAYMENT: {
		json_t *a = json_object_get(b, "amount_vnd");

		if (a && (!json_is_integer(a) || json_integer_value(a) > 1000000000000LL))
			return resp_problem(r, ERR_INVALID, "amount_vnd: a whole number of VND"),
			       ERR_INVALID;
		f->in.amount_vnd = a ? json_integer_value(a) : 0;
		return 0;
	}
	case ACTION_CONFIRM_PAYMENT:
		f->online = json_is_true(json_object_get(b, "online"));
		return 0;
	case ACTION_APOLOGIZE:
		return read_new_due(r, f);
	case ACTION_COMPLETE:
		return read_result(r, f);
	case ACTION_RETURN:
		rc = text_into(r, "method", f->method, sizeof(f->method), true);
		if (!rc && strcmp(f->method, "counter") && strcmp(f->method, "post") &&
		    strcmp(f->method, "online"))
			return resp_problem(r, ERR_INVALID, "method: counter, post or online"),
			       ERR_INVALID;
		return rc;
	case ACTION_RATING:
		return read_rating(r, f);
	default:
		return 0;
	}
}

static int act_finish(struct request *r, int rc)
{
	(void)rc;
	return answer_flow(r, 200);
}

int api_dossier_action(struct request *r)
{
	const char *key = json_string_value(json_object_get(r->json, "tracking_key"));
	struct flow *f;
	int rc;

	if (!key)
		key = request_query(r, "key");
	if (!r->auth && !key)
		return resp_problem(r, ERR_UNAUTHENTICATED, "sign in, or give the tracking key");
	f = flow_new(r);
	if (!f)
		return ERR_NOMEM;
	snprintf(f->code, sizeof(f->code), "%s", request_param(r, 0));
	snprintf(f->key, sizeof(f->key), "%s", key && strlen(key) < sizeof(f->key) ? key : "");
	rc = dossier_action_parse(request_param(r, 1), strlen(request_param(r, 1)), &f->action);
	if (rc)
		resp_problem(r, ERR_NOT_FOUND, "no action %s", request_param(r, 1));
	/* The applicant: a wrong key is answered like an unknown dossier (throttled). */
	if (!rc && !r->auth) {
		struct view v;

		rc = view_load(r, f->code, &v);
		if (!rc)
			rc = api_check_key(r, v.d.code, f->key, v.d.tracking_key);
		view_release(r, &v);
		snprintf(f->actor, sizeof(f->actor), "applicant");
	}
	if (!rc)
		rc = read_action(r, f);
	if (rc) {
		flow_free(f);
		return rc;
	}
	return request_write(r, flow_act_change, act_finish, f, flow_free);
}

/* Staff reads of personal data are audited (R-AUD-1): a change, then the answer. */
static int read_finish(struct request *r, int rc)
{
	struct flow *f = r->ctx;
	struct view v;
	json_t *j = NULL;
	const char *what = request_param(r, 1);

	(void)rc;
	rc = view_load(r, f->code, &v);
	if (!rc)
		j = strcmp(what, "control-sheet") == 0 ? view_control_sheet(&v)
		    : strcmp(what, "clock") == 0      ? view_clock(&v)
						      : view_dossier(&v);
	view_release(r, &v);
	return rc ? rc : resp_json(r, 200, j);
}

/* GET /dossiers/{code}, …/control-sheet, …/clock: staff who hold a role at one of its units. */
int api_dossier_get(struct request *r)
{
	struct flow *f;
	struct view v;
	bool may;
	int rc;

	if (r->n_params == 2 && strcmp(request_param(r, 1), "control-sheet") &&
	    strcmp(request_param(r, 1), "clock"))
		return resp_problem(r, ERR_NOT_FOUND, "no such view of a dossier");
	rc = view_load(r, request_param(r, 0), &v);
	may = !rc && view_staff_may_read(r, &v);
	view_release(r, &v);
	if (rc)
		return rc;
	if (!may)
		return resp_problem(r, ERR_FORBIDDEN, "no role at this dossier's units");
	f = flow_new(r);
	if (!f)
		return ERR_NOMEM;
	snprintf(f->code, sizeof(f->code), "%s", request_param(r, 0));
	f->staff_read = true;
	return request_write(r, flow_read_change, read_finish, f, flow_free);
}

/* GET /track/{code}?key=: the public tracking page (R-AUD-2). */
int api_track(struct request *r)
{
	const char *key = request_query(r, "key");
	struct view v;
	int rc = view_load(r, request_param(r, 0), &v);

	/* A wrong key looks exactly like an unknown code, and is throttled. */
	if (!rc && (rc = api_check_key(r, v.d.code, key, v.d.tracking_key))) {
		view_release(r, &v);
		return rc;
	}
	if (!rc)
		rc = resp_json(r, 200, view_track(&v));
	view_release(r, &v);
	return rc;
}

#define LIST_PER_PAGE_MAX 100
#define LIST_PER_PAGE_DEFAULT 20

/* Dossiers at `unit` or below: received, decided, returned or held there now. */
static const char SQL_LIST[] =
	"WITH RECURSIVE sub(code) AS (SELECT ?1 UNION ALL SELECT u.code FROM units u "
	"JOIN sub ON u.parent = sub.code) "
	"SELECT d.code, d.procedure_code, d.status, json_extract(d.applicant, '$.name'), "
	"d.received_at, d.due_at, d.channel, s.unit, s.to_user, d.submitted_at, count(*) OVER () "
	"FROM dossiers d LEFT JOIN steps s ON s.dossier = d.code AND s.idx = d.step_index "
	"WHERE (d.receiving_unit IN sub OR d.competent_unit IN sub OR d.returning_unit IN sub "
	"OR s.unit IN sub) AND (?2 IS NULL OR d.status = ?2) AND (?3 = 0 OR (d.due_at < ?4 AND "
	"d.finished_at IS NULL AND d.status IN ('received','processing','withdrawal_requested'))) "
	"AND (?5 IS NULL OR s.to_user = ?5) "
	"ORDER BY coalesce(d.due_at, d.submitted_at), d.code LIMIT ?6 OFFSET ?7";

static json_t *list_item(sqlite3_stmt *st, int64_t now)
{
	char rec[INSTANT_TEXT_SIZE] = "", due[INSTANT_TEXT_SIZE] = "", sub[INSTANT_TEXT_SIZE];
	int64_t due_at = sqlite3_column_int64(st, 5);

	if (sqlite3_column_int64(st, 4))
		instant_format(sqlite3_column_int64(st, 4), rec);
	if (due_at)
		instant_format(due_at, due);
	instant_format(sqlite3_column_int64(st, 9), sub);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:b}", "code",
			 db_col_text(st, 0), "procedure", db_col_text(st, 1), "status",
			 db_col_text(st, 2), "applicant_name", db_col_text(st, 3), "submitted_at",
			 sub, "received_at", rec[0] ? rec : NULL, "due_at", due[0] ? due : NULL,
			 "current_unit", sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL
										 : db_col_text(st, 7),
			 "assignee", sqlite3_column_type(st, 8) == SQLITE_NULL ? NULL
										  : db_col_text(st, 8),
			 "overdue", due_at && due_at < now);
}

static int list_query(struct request *r, const char *unit, long page, long per_page)
{
	const char *status = request_query(r, "status");
	const char *overdue = request_query(r, "overdue");
	const char *assignee = request_query(r, "assignee");
	struct db *db = store_read_begin(r->app->store);
	sqlite3_stmt *st = db ? db_stmt(db, SQL_LIST) : NULL;
	json_t *items = json_array();
	json_int_t total = 0;

	if (!st) {
		store_read_end(r->app->store, db);
		json_decref(items);
		return ERR_BUSY;
	}
	db_bind_text(st, 1, unit);
	db_bind_text(st, 2, status && *status ? status : NULL);
	sqlite3_bind_int(st, 3, overdue && strcmp(overdue, "true") == 0);
	sqlite3_bind_int64(st, 4, r->now);
	db_bind_text(st, 5, assignee && strcmp(assignee, "me") == 0 ? auth_username(r) : NULL);
	sqlite3_bind_int64(st, 6, per_page);
	sqlite3_bind_int64(st, 7, (page - 1) * per_page);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_array_append_new(items, list_item(st, r->now));
		total = sqlite3_column_int64(st, 10);
	}
	sqlite3_reset(st);
	store_read_end(r->app->store, db);
	return resp_json(r, 200, json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", total,
					   "page", (int)page, "per_page", (int)per_page));
}

static int list_finish(struct request *r, int rc)
{
	struct flow *f = r->ctx;

	(void)rc;
	return list_query(r, f->list_unit, f->page, f->per_page);
}

static bool query_long(struct request *r, const char *name, long min, long max, long def,
		       long *out)
{
	const char *v = request_query(r, name);
	char *end;

	*out = def;
	if (!v)
		return true;
	errno = 0;
	*out = strtol(v, &end, 10);
	return !errno && !*end && *v && *out >= min && *out <= max;
}

/* GET /dossiers?unit=&status=&overdue=true&assignee=me&page=&per_page= (staff queues). */
int api_dossier_list(struct request *r)
{
	const char *unit = request_query(r, "unit");
	const char *status = request_query(r, "status");
	enum dossier_state s;
	long page, per_page;
	struct flow *f;

	if (!unit || !unit_code_valid(unit, strlen(unit)))
		return resp_problem(r, ERR_INVALID, "unit: the unit code whose queue to list");
	if (status && *status && dossier_state_parse(status, strlen(status), &s))
		return resp_problem(r, ERR_INVALID, "status: one of the states of R-DOS-2");
	if (!query_long(r, "page", 1, 100000, 1, &page) ||
	    !query_long(r, "per_page", 1, LIST_PER_PAGE_MAX, LIST_PER_PAGE_DEFAULT, &per_page))
		return resp_problem(r, ERR_INVALID, "page >= 1; per_page 1-%d", LIST_PER_PAGE_MAX);
	if (!auth_has_role(r, "receiver", unit) && !auth_has_role(r, "specialist", unit) &&
	    !auth_has_role(r, "leader", unit) && !auth_has_role(r, "auditor", unit))
		return resp_problem(r, ERR_FORBIDDEN, "no role at unit %s", unit);
	f = flow_new(r);
	if (!f)
		return ERR_NOMEM;
	/* The list shows applicants' names: the read is audited (R-AUD-1). */
	snprintf(f->list_unit, sizeof(f->list_unit), "%s", unit);
	snprintf(f->note, sizeof(f->note), "{\"unit\":\"%s\"}", unit);
	f->page = page;
	f->per_page = per_page;
	return request_write(r, flow_read_change, list_finish, f, flow_free);
}
