/*
 * GET /api/v1/reports/dashboard (docs/index.md "The leader's dashboard"):
 * what a leader watches at one unit, judged now.
 *
 *   - the open dossiers the unit's subtree decides or holds
 *     (store/dashboard.h), overdue and nearly due against their current due
 *     time, exactly as the dossier's page judges them (its clock ledger
 *     with the worktime of its receiving unit; R-CAL-6), counted by the
 *     unit and the official (the assignee) holding the current step;
 *   - the apologies due (R-DOS-5): dossiers that may still be re-appointed
 *     (received or processing, clock running, never re-appointed) whose
 *     apology deadline (clock_apology_deadline: 1 working day before due,
 *     the limit the apologize action checks) falls between now and the
 *     close of the unit's second working day after today;
 *   - the index (store/index_report.h, core/index.h) of this month to date
 *     against the last full month, as GET /api/v1/reports/index answers
 *     for the same periods.
 *
 * Staff only: leaders, auditors and administrators whose grant covers the
 * unit. No personal data of applicants is read.
 */
#include "compat.h"

#include <math.h>

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "core/clock.h"
#include "core/code.h"
#include "core/date.h"
#include "core/err.h"
#include "core/index.h"
#include "store/dashboard.h"
#include "store/index_report.h"
#include "store/procedures.h"
#include "store/units.h"
#include "store/users.h"

/* The apology window: today and this many working days after it. */
#define DASHBOARD_APOLOGY_DAYS 2
/* Most apologies listed (the total counts them all). */
#define DASHBOARD_APOLOGY_MAX 200
/* Most rows listed per table (the totals count them all). */
#define DASHBOARD_ROWS_MAX 500
/* Most distinct (unit, official) groups counted in one answer. */
#define DASHBOARD_GROUPS_MAX 65536
/* Receiving units whose worktime is kept during one answer. */
#define DASHBOARD_WORKTIMES_MAX 16

/* The roles that may read a dashboard, in the order the default unit is taken from. */
static const char *const READERS[] = {"leader", "auditor", "admin"};

struct counts {
	int64_t open, overdue, nearly_due;
};

struct group {
	bool used;
	char unit[UNIT_CODE_SIZE];
	char username[DOSSIER_USER_MAX + 1];
	struct counts c;
};

/* Open addressing on (unit, username); cap is a power of two. */
struct groups {
	struct group *slot;
	size_t cap, n;
};

struct apology {
	char code[DOSSIER_CODE_SIZE];
	char procedure[PROCEDURE_CODE_MAX + 1];
	int procedure_version;
	char unit[UNIT_CODE_SIZE];
	char competent_unit[UNIT_CODE_SIZE];
	char official[DOSSIER_USER_MAX + 1];
	int64_t due, deadline;
};

struct cached_worktime {
	char code[UNIT_CODE_SIZE];
	struct unit_worktime uw;
};

struct dash {
	struct db *db;
	const struct calendar *cal;
	int64_t now, until;
	struct counts total;
	struct groups units, officials;
	struct apology *apologies; /* up to 2 × DASHBOARD_APOLOGY_MAX, trimmed on the way */
	int n_apologies;
	int64_t apologies_total;
	struct cached_worktime wt[DASHBOARD_WORKTIMES_MAX];
	int n_wt;
};

static uint32_t group_hash(const char *unit, const char *user)
{
	uint32_t h = 2166136261u;

	for (const char *c = unit; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	h = (h ^ 0xffu) * 16777619u;
	for (const char *c = user; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	return h;
}

static struct group *group_slot(struct group *slot, size_t cap, const char *unit,
				const char *user)
{
	for (size_t i = group_hash(unit, user) & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!slot[i].used ||
		    (strcmp(slot[i].unit, unit) == 0 && strcmp(slot[i].username, user) == 0))
			return &slot[i];
}

static int groups_grow(struct groups *g)
{
	size_t cap = g->cap ? g->cap * 2 : 64;
	struct group *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return ERR_NOMEM;
	for (size_t i = 0; i < g->cap; i++)
		if (g->slot[i].used)
			*group_slot(slot, cap, g->slot[i].unit, g->slot[i].username) = g->slot[i];
	free(g->slot);
	g->slot = slot;
	g->cap = cap;
	return 0;
}

static void counts_add(struct counts *to, const struct counts *c)
{
	to->open += c->open;
	to->overdue += c->overdue;
	to->nearly_due += c->nearly_due;
}

static int group_add(struct groups *g, const char *unit, const char *user, const struct counts *c)
{
	struct group *s;
	int rc;

	if (2 * (g->n + 1) > g->cap) {
		if (g->n == DASHBOARD_GROUPS_MAX)
			return ERR_TOO_LARGE;
		if ((rc = groups_grow(g)))
			return rc;
	}
	s = group_slot(g->slot, g->cap, unit, user);
	if (!s->used) {
		s->used = true;
		snprintf(s->unit, sizeof(s->unit), "%s", unit);
		snprintf(s->username, sizeof(s->username), "%s", user);
		g->n++;
	}
	counts_add(&s->c, c);
	return 0;
}

/* Most overdue first, then nearly due, then open; then unit and official. */
static int group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c;

	if (x->c.overdue != y->c.overdue)
		return x->c.overdue < y->c.overdue ? 1 : -1;
	if (x->c.nearly_due != y->c.nearly_due)
		return x->c.nearly_due < y->c.nearly_due ? 1 : -1;
	if (x->c.open != y->c.open)
		return x->c.open < y->c.open ? 1 : -1;
	c = strcmp(x->unit, y->unit);
	return c ? c : strcmp(x->username, y->username);
}

/* Packs the used slots to the front, sorted; g->n of them. */
static void groups_sort(struct groups *g)
{
	size_t k = 0;

	for (size_t i = 0; i < g->cap; i++)
		if (g->slot[i].used)
			g->slot[k++] = g->slot[i];
	if (k > 1)
		qsort(g->slot, k, sizeof(*g->slot), group_cmp);
}

/* Earliest deadline first, then the code. */
static int apology_cmp(const void *a, const void *b)
{
	const struct apology *x = a, *y = b;

	if (x->deadline != y->deadline)
		return x->deadline < y->deadline ? -1 : 1;
	return strcmp(x->code, y->code);
}

static void apologies_trim(struct dash *x)
{
	qsort(x->apologies, (size_t)x->n_apologies, sizeof(*x->apologies), apology_cmp);
	if (x->n_apologies > DASHBOARD_APOLOGY_MAX)
		x->n_apologies = DASHBOARD_APOLOGY_MAX;
}

/* The worktime of a receiving unit, loaded once per answer (or for this call when full). */
static int worktime_of(struct dash *x, const char *unit, struct unit_worktime *spare,
		       const struct worktime **wt)
{
	int rc;

	for (int i = 0; i < x->n_wt; i++) {
		if (strcmp(x->wt[i].code, unit) == 0) {
			*wt = &x->wt[i].uw.wt;
			return 0;
		}
	}
	if (x->n_wt == DASHBOARD_WORKTIMES_MAX) {
		rc = unit_worktime_load(x->db, x->cal, unit, spare);
		*wt = &spare->wt;
		return rc;
	}
	rc = unit_worktime_load(x->db, x->cal, unit, &x->wt[x->n_wt].uw);
	if (rc)
		return rc;
	snprintf(x->wt[x->n_wt].code, UNIT_CODE_SIZE, "%s", unit);
	*wt = &x->wt[x->n_wt++].uw.wt;
	return 0;
}

/* R-DOS-5: listed when an apology is still possible and its deadline is in the window. */
static int apology_check(struct dash *x, const struct dashboard_dossier *d,
			 const struct worktime *wt, const struct clock_status *s)
{
	struct apology *a;
	int64_t deadline;

	if ((d->status != DOSSIER_RECEIVED && d->status != DOSSIER_PROCESSING) ||
	    s->phase != CLOCK_RUNNING || d->reappointments > 0 || s->reappointments > 0)
		return 0;
	if (clock_apology_deadline(wt, s->due, &deadline))
		return ERR_RANGE;
	if (deadline < x->now || deadline > x->until)
		return 0;
	x->apologies_total++;
	if (x->n_apologies == 2 * DASHBOARD_APOLOGY_MAX)
		apologies_trim(x);
	a = &x->apologies[x->n_apologies++];
	snprintf(a->code, sizeof(a->code), "%s", d->code);
	snprintf(a->procedure, sizeof(a->procedure), "%s", d->procedure);
	a->procedure_version = d->procedure_version;
	snprintf(a->unit, sizeof(a->unit), "%s", d->unit);
	snprintf(a->competent_unit, sizeof(a->competent_unit), "%s", d->competent_unit);
	snprintf(a->official, sizeof(a->official), "%s", d->assignee);
	a->due = s->due;
	a->deadline = deadline;
	return 0;
}

static int visit(void *arg, const struct dashboard_dossier *d)
{
	struct dash *x = arg;
	struct unit_worktime spare = {0};
	const struct worktime *wt = NULL;
	struct clock_status s;
	struct counts one = {1, 0, 0};
	int rc = worktime_of(x, d->receiving_unit, &spare, &wt);

	if (!rc) {
		struct clock_rule rule = clock_rule_make(CLOCK_MODE_RECEPTION, d->processing_time, wt);

		rc = clock_eval(d->clock, (size_t)d->n_clock, &rule, wt, x->now, &s);
	}
	if (!rc) {
		one.overdue = s.verdict == VERDICT_OVERDUE;
		one.nearly_due = s.verdict == VERDICT_NEARLY_DUE;
		counts_add(&x->total, &one);
		rc = group_add(&x->units, d->unit, "", &one);
	}
	if (!rc)
		rc = group_add(&x->officials, d->unit, d->assignee, &one);
	if (!rc)
		rc = apology_check(x, d, wt, &s);
	unit_worktime_free(&spare);
	return rc;
}

static void dash_release(struct dash *x)
{
	for (int i = 0; i < x->n_wt; i++)
		unit_worktime_free(&x->wt[i].uw);
	free(x->units.slot);
	free(x->officials.slot);
	free(x->apologies);
}

/* The close of office hours of the unit's second working day after today. */
static int apology_until(struct dash *x, const char *unit)
{
	struct unit_worktime uw;
	int32_t day;
	int rc = unit_worktime_load(x->db, x->cal, unit, &uw);

	if (rc)
		return rc;
	rc = calendar_add_working_days(uw.wt.cal, date_local_day(x->now), DASHBOARD_APOLOGY_DAYS,
				       &day);
	if (!rc)
		x->until = worktime_close(&uw.wt, day);
	unit_worktime_free(&uw);
	return rc;
}

/* --- the answer --- */

static json_t *counts_into(json_t *j, const struct counts *c)
{
	if (j) {
		json_object_set_new(j, "open", json_integer(c->open));
		json_object_set_new(j, "overdue", json_integer(c->overdue));
		json_object_set_new(j, "nearly_due", json_integer(c->nearly_due));
	}
	return j;
}

static json_t *unit_name_json(struct db *db, const char *code)
{
	struct unit u;

	return units_get(db, code, &u) ? json_null() : json_string(u.name);
}

static json_t *by_unit_json(struct dash *x)
{
	json_t *a = json_array();
	size_t n = x->units.n < DASHBOARD_ROWS_MAX ? x->units.n : DASHBOARD_ROWS_MAX;

	for (size_t i = 0; a && i < n; i++) {
		const struct group *g = &x->units.slot[i];

		json_array_append_new(a, counts_into(json_pack("{s:s, s:o}", "unit", g->unit,
							       "unit_name",
							       unit_name_json(x->db, g->unit)),
						     &g->c));
	}
	return a;
}

static json_t *by_official_json(struct dash *x)
{
	json_t *a = json_array();
	size_t n = x->officials.n < DASHBOARD_ROWS_MAX ? x->officials.n : DASHBOARD_ROWS_MAX;
	char full[FULL_NAME_MAX + 1];

	for (size_t i = 0; a && i < n; i++) {
		const struct group *g = &x->officials.slot[i];
		bool someone = g->username[0] != '\0';

		if (!someone || users_full_name(x->db, g->username, full))
			full[0] = '\0';
		json_array_append_new(
			a, counts_into(json_pack("{s:s, s:o, s:o, s:o}", "unit", g->unit, "unit_name",
						 unit_name_json(x->db, g->unit), "username",
						 someone ? json_string(g->username) : json_null(),
						 "full_name", full[0] ? json_string(full) : json_null()),
				       &g->c));
	}
	return a;
}

static json_t *apologies_json(struct dash *x)
{
	json_t *a = json_array();
	char name[PROCEDURE_NAME_MAX + 1];

	for (int i = 0; a && i < x->n_apologies; i++) {
		const struct apology *p = &x->apologies[i];

		if (procedure_name(x->db, p->procedure, p->procedure_version, name))
			name[0] = '\0';
		json_array_append_new(
			a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "code", p->code,
				     "procedure", p->procedure, "procedure_name", name, "unit", p->unit,
				     "competent_unit", p->competent_unit, "official",
				     p->official[0] ? json_string(p->official) : json_null(), "due_at",
				     api_instant(p->due), "apology_deadline", api_instant(p->deadline)));
	}
	return a;
}

static json_t *day_json(int32_t day)
{
	char d[11];

	date_format(day, d);
	return json_string(d);
}

/*
 * The index of [from_day, to_day] for the unit's subtree as GET
 * /api/v1/reports/index computes it: judged at the end of the period or
 * now, the rules in force on its last day, the total rounded to 2 places.
 */
static int index_period(struct dash *x, const char *unit, int32_t from_day, int32_t to_day,
			json_t **out)
{
	int64_t from = date_local_instant(from_day, 0), end = date_local_instant(to_day + 1, 0);
	int64_t judged = x->now < end ? x->now : end;
	struct index_report rep;
	struct index_result res;
	int rc = index_report_scan(x->db, unit, false, from, judged < from ? from : judged, &rep);

	if (rc)
		return rc;
	index_compute(index_rules_for(to_day), &rep.total, &res);
	index_report_release(&rep);
	*out = json_pack("{s:o, s:o, s:o, s:o}", "from", day_json(from_day), "to", day_json(to_day),
			 "total", isnan(res.total) ? json_null()
						   : json_real(round(res.total * 100) / 100),
			 "classification", res.band ? json_string(res.band->id) : json_null());
	return *out ? 0 : ERR_NOMEM;
}

/* This month to date against the last full month. */
static int index_json(struct dash *x, const char *unit, json_t **out)
{
	int32_t today = date_local_day(x->now);
	struct ymd t = date_from_days(today);
	int32_t first = date_to_days((struct ymd){t.year, t.month, 1});
	struct ymd p = date_from_days(first - 1);
	json_t *cur = NULL, *prev = NULL;
	int rc = index_period(x, unit, first, today, &cur);

	if (!rc)
		rc = index_period(x, unit, date_to_days((struct ymd){p.year, p.month, 1}), first - 1,
				  &prev);
	*out = rc ? NULL : json_pack("{s:o, s:o}", "current", cur, "previous", prev);
	if (rc) {
		json_decref(cur);
		json_decref(prev);
	}
	return rc ? rc : *out ? 0 : ERR_NOMEM;
}

static json_t *answer_json(struct dash *x, const struct unit *u, json_t *index)
{
	json_t *j = json_pack("{s:s, s:s, s:o, s:o}", "unit", u->code, "unit_name", u->name, "at",
			      api_instant(x->now), "apology_until", api_instant(x->until));

	if (!counts_into(j, &x->total)) {
		json_decref(index);
		return NULL;
	}
	json_object_set_new(j, "by_unit", by_unit_json(x));
	json_object_set_new(j, "by_unit_total", json_integer((json_int_t)x->units.n));
	json_object_set_new(j, "by_official", by_official_json(x));
	json_object_set_new(j, "by_official_total", json_integer((json_int_t)x->officials.n));
	json_object_set_new(j, "apology_due", apologies_json(x));
	json_object_set_new(j, "apology_due_total", json_integer(x->apologies_total));
	json_object_set_new(j, "index", index);
	return j;
}

/* --- the handler --- */

/* ?unit=, or the caller's first leader grant (else auditor, else admin). */
static int pick_unit(struct request *r, char out[UNIT_CODE_SIZE])
{
	const char *code = request_query(r, "unit");
	const struct user_role *roles;
	int n = auth_roles(r, &roles);

	if (code) {
		if (!unit_code_valid(code, strlen(code)))
			return resp_problem(r, ERR_INVALID_UNIT_CODE,
					    "'unit' must be a unit code such as 000.00.03.H27"),
			       ERR_INVALID_UNIT_CODE;
		snprintf(out, UNIT_CODE_SIZE, "%s", code);
		return 0;
	}
	for (size_t k = 0; k < ARRAY_SIZE(READERS); k++) {
		for (int i = 0; i < n; i++) {
			if (strcmp(roles[i].role, READERS[k]) == 0) {
				snprintf(out, UNIT_CODE_SIZE, "%s", roles[i].unit);
				return 0;
			}
		}
	}
	return resp_problem(r, ERR_FORBIDDEN, "the dashboard is for leaders, auditors and "
			    "administrators"), ERR_FORBIDDEN;
}

/* 404 for an unknown unit, then 403 unless a reader's grant covers it. */
static int check_unit(struct request *r, const char *code, struct unit *u)
{
	struct db *db = store_read_begin(r->app->store);
	int rc = db ? units_get(db, code, u) : ERR_BUSY;

	store_read_end(r->app->store, db);
	if (rc)
		return resp_problem(r, rc, rc == ERR_NOT_FOUND ? "no unit %s" : NULL, code), rc;
	for (size_t k = 0; k < ARRAY_SIZE(READERS); k++)
		if (auth_has_role(r, READERS[k], code))
			return 0;
	return resp_problem(r, ERR_FORBIDDEN, "no leader, auditor or administrator role at unit %s",
			    code), ERR_FORBIDDEN;
}

int api_report_dashboard(struct request *r)
{
	char code[UNIT_CODE_SIZE];
	struct unit u;
	struct dash *x;
	json_t *index = NULL;
	int rc = pick_unit(r, code);

	if (rc || (rc = check_unit(r, code, &u)))
		return rc;
	x = calloc(1, sizeof(*x));
	if (x)
		x->apologies = malloc(2 * DASHBOARD_APOLOGY_MAX * sizeof(*x->apologies));
	if (!x || !x->apologies) {
		free(x);
		return resp_problem(r, ERR_NOMEM, NULL);
	}
	x->now = r->now;
	x->db = store_read_begin(r->app->store);
	if (!x->db) {
		dash_release(x);
		free(x);
		return resp_problem(r, ERR_BUSY, NULL);
	}
	x->cal = app_calendar_lock(r->app);
	rc = apology_until(x, u.code);
	if (!rc)
		rc = dashboard_scan(x->db, u.code, x->now, visit, x);
	if (!rc)
		rc = index_json(x, u.code, &index);
	if (!rc) {
		apologies_trim(x);
		groups_sort(&x->units);
		groups_sort(&x->officials);
		rc = resp_json(r, 200, answer_json(x, &u, index));
	}
	dash_release(x);
	app_calendar_unlock(r->app);
	store_read_end(r->app->store, x->db);
	free(x);
	if (rc)
		return resp_problem(r, rc, rc == ERR_TOO_LARGE ? "the unit has too much below it" : NULL);
	return 0;
}
