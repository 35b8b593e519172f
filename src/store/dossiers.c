#include "compat.h"

#include "core/err.h"
#include "store/dossiers.h"

#define COLS                                                                                    \
	"code, procedure_code, procedure_version, status, resume_status, channel, "            \
	"receiving_unit, competent_unit, returning_unit, applicant, applicant_key, "            \
	"tracking_key, vneid, components, result, return_method, submitted_at, received_at, "  \
	"due_at, original_due_at, finished_at, returned_at, step_index, step_count, "           \
	"reappointments, fee_vnd, paid_online, updated_at, version, processing_amount, "       \
	"processing_unit"

static const char SQL_GET[] = "SELECT " COLS " FROM dossiers WHERE code = ?";

/*
 * What an update may change, in the order of the parameters ?2 … ?19 of
 * both SQL_INSERT and SQL_UPDATE (bound once, by bind_state); the rest is
 * set when the dossier is created.
 */
#define STATE_COLS                                                                              \
	"status, resume_status, competent_unit, returning_unit, components, result, "          \
	"return_method, received_at, due_at, original_due_at, finished_at, returned_at, "      \
	"step_index, step_count, reappointments, fee_vnd, paid_online, updated_at"
#define CREATED_COLS                                                                            \
	"procedure_code, procedure_version, channel, receiving_unit, applicant, applicant_key, " \
	"tracking_key, vneid, submitted_at, version, processing_amount, processing_unit"

static const char SQL_INSERT[] = "INSERT INTO dossiers(code, " STATE_COLS ", " CREATED_COLS
				 ") VALUES "
				 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char SQL_UPDATE[] =
	"UPDATE dossiers SET status = ?2, resume_status = ?3, competent_unit = ?4, "
	"returning_unit = ?5, components = ?6, result = ?7, return_method = ?8, "
	"received_at = ?9, due_at = ?10, original_due_at = ?11, finished_at = ?12, "
	"returned_at = ?13, step_index = ?14, step_count = ?15, reappointments = ?16, "
	"fee_vnd = ?17, paid_online = ?18, updated_at = ?19, version = version + 1 "
	"WHERE code = ?1";
/* The same without the indexed columns (bound all the same, unused). */
static const char SQL_UPDATE_SAME_KEYS[] =
	"UPDATE dossiers SET resume_status = ?3, "
	"returning_unit = ?5, components = ?6, result = ?7, return_method = ?8, "
	"due_at = ?10, original_due_at = ?11, finished_at = ?12, "
	"returned_at = ?13, step_index = ?14, step_count = ?15, reappointments = ?16, "
	"fee_vnd = ?17, paid_online = ?18, updated_at = ?19, version = version + 1 "
	"WHERE code = ?1";

void dossier_row_release(struct dossier_row *d)
{
	free(d->applicant);
	free(d->components);
	free(d->result);
	d->applicant = d->components = d->result = NULL;
}

static int read_row(sqlite3_stmt *st, struct dossier_row *d)
{
	const char *s;

	memset(d, 0, sizeof(*d));
	db_col_copy(st, 0, d->code, sizeof(d->code));
	db_col_copy(st, 1, d->procedure, sizeof(d->procedure));
	d->procedure_version = sqlite3_column_int(st, 2);
	s = db_col_text(st, 3);
	if (dossier_state_parse(s, strlen(s), &d->status))
		return ERR_IO;
	s = db_col_text(st, 4);
	if (dossier_state_parse(s, strlen(s), &d->resume_status))
		return ERR_IO;
	db_col_copy(st, 5, d->channel, sizeof(d->channel));
	db_col_copy(st, 6, d->receiving_unit, sizeof(d->receiving_unit));
	db_col_copy(st, 7, d->competent_unit, sizeof(d->competent_unit));
	db_col_copy(st, 8, d->returning_unit, sizeof(d->returning_unit));
	d->applicant = db_col_dup(st, 9);
	db_col_copy(st, 10, d->applicant_key, sizeof(d->applicant_key));
	db_col_copy(st, 11, d->tracking_key, sizeof(d->tracking_key));
	d->vneid = sqlite3_column_int(st, 12) != 0;
	d->components = db_col_dup(st, 13);
	d->result = db_col_dup(st, 14);
	db_col_copy(st, 15, d->return_method, sizeof(d->return_method));
	d->submitted_at = sqlite3_column_int64(st, 16);
	d->received_at = sqlite3_column_int64(st, 17);
	d->due_at = sqlite3_column_int64(st, 18);
	d->original_due_at = sqlite3_column_int64(st, 19);
	d->finished_at = sqlite3_column_int64(st, 20);
	d->returned_at = sqlite3_column_int64(st, 21);
	d->step_index = sqlite3_column_int(st, 22);
	d->step_count = sqlite3_column_int(st, 23);
	d->reappointments = sqlite3_column_int(st, 24);
	d->has_fee = sqlite3_column_type(st, 25) != SQLITE_NULL;
	d->fee_vnd = sqlite3_column_int64(st, 25);
	d->paid_online = sqlite3_column_int(st, 26) != 0;
	d->updated_at = sqlite3_column_int64(st, 27);
	d->version = sqlite3_column_int(st, 28);
	d->processing_time.amount = sqlite3_column_int(st, 29);
	s = db_col_text(st, 30);
	if (duration_unit_parse(s, strlen(s), &d->processing_time.unit))
		return ERR_IO;
	if (!d->applicant || !d->components) {
		dossier_row_release(d);
		return ERR_NOMEM;
	}
	return 0;
}

int dossiers_get(struct db *db, const char *code, struct dossier_row *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	int rc, step;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rc = read_row(st, out);
	else
		rc = step == SQLITE_DONE ? ERR_NOT_FOUND : ERR_IO;
	sqlite3_reset(st);
	return rc;
}

/* Binds ?1 (the code) and STATE_COLS (?2 … ?19). */
static void bind_state(sqlite3_stmt *st, const struct dossier_row *d)
{
	db_bind_text(st, 1, d->code);
	db_bind_text(st, 2, dossier_state_name(d->status));
	db_bind_text(st, 3, dossier_state_name(d->resume_status));
	db_bind_text(st, 4, d->competent_unit);
	db_bind_text(st, 5, d->returning_unit);
	db_bind_text(st, 6, d->components);
	db_bind_text(st, 7, d->result);
	db_bind_opt_text(st, 8, d->return_method);
	db_bind_time(st, 9, d->received_at);
	db_bind_time(st, 10, d->due_at);
	db_bind_time(st, 11, d->original_due_at);
	db_bind_time(st, 12, d->finished_at);
	db_bind_time(st, 13, d->returned_at);
	sqlite3_bind_int(st, 14, d->step_index);
	sqlite3_bind_int(st, 15, d->step_count);
	sqlite3_bind_int(st, 16, d->reappointments);
	if (d->has_fee)
		sqlite3_bind_int64(st, 17, d->fee_vnd);
	sqlite3_bind_int(st, 18, d->paid_online);
	sqlite3_bind_int64(st, 19, d->updated_at);
}

int dossiers_insert(struct db *db, const struct dossier_row *d)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	int rc;

	if (!st)
		return ERR_IO;
	bind_state(st, d);
	db_bind_text(st, 20, d->procedure);
	sqlite3_bind_int(st, 21, d->procedure_version);
	db_bind_text(st, 22, d->channel);
	db_bind_text(st, 23, d->receiving_unit);
	db_bind_text(st, 24, d->applicant);
	db_bind_text(st, 25, d->applicant_key);
	db_bind_text(st, 26, d->tracking_key);
	sqlite3_bind_int(st, 27, d->vneid);
	sqlite3_bind_int64(st, 28, d->submitted_at);
	sqlite3_bind_int(st, 29, 1); /* version */
	sqlite3_bind_int(st, 30, d->processing_time.amount);
	db_bind_text(st, 31, duration_unit_name(d->processing_time.unit));
	rc = db_step_done(st);
	return rc == ERR_INVALID ? ERR_CONFLICT : rc;
}

int dossiers_update(struct db *db, const struct dossier_row *d, bool keys_changed)
{
	sqlite3_stmt *st = db_stmt(db, keys_changed ? SQL_UPDATE : SQL_UPDATE_SAME_KEYS);

	if (!st)
		return ERR_IO;
	bind_state(st, d);
	return db_step_done(st);
}

static const char SQL_SEQ[] =
	"INSERT INTO dossier_sequences(unit, day, last) VALUES (?, ?, 1) "
	"ON CONFLICT(unit, day) DO UPDATE SET last = last + 1 RETURNING last";

int dossiers_next_seq(struct db *db, const char *unit, const char *day, int *seq)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SEQ);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, unit);
	db_bind_text(st, 2, day);
	return db_step_int(st, seq);
}

static const char SQL_STEP_INSERT[] =
	"INSERT INTO steps(dossier, idx, name, unit, budget_amount, budget_unit, from_user, "
	"to_user, given_at, received_at, due_at, finished_at, verdict, note) "
	"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char SQL_STEP_UPDATE[] =
	"UPDATE steps SET from_user = ?3, to_user = ?4, given_at = ?5, received_at = ?6, "
	"due_at = ?7, finished_at = ?8, verdict = ?9, note = ?10, unit = ?11 "
	"WHERE dossier = ?1 AND idx = ?2";
static const char SQL_STEPS[] =
	"SELECT idx, name, unit, budget_amount, budget_unit, from_user, to_user, given_at, "
	"received_at, due_at, finished_at, verdict, note FROM steps WHERE dossier = ? ORDER BY idx";

int steps_insert(struct db *db, const char *dossier, const struct dossier_step *s)
{
	sqlite3_stmt *st = db_stmt(db, SQL_STEP_INSERT);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	sqlite3_bind_int(st, 2, s->idx);
	db_bind_text(st, 3, s->name);
	db_bind_text(st, 4, s->unit);
	sqlite3_bind_int(st, 5, s->budget.amount);
	db_bind_text(st, 6, duration_unit_name(s->budget.unit));
	db_bind_opt_text(st, 7, s->from_user);
	db_bind_opt_text(st, 8, s->to_user);
	db_bind_time(st, 9, s->given_at);
	db_bind_time(st, 10, s->received_at);
	db_bind_time(st, 11, s->due_at);
	db_bind_time(st, 12, s->finished_at);
	db_bind_opt_text(st, 13, s->verdict);
	db_bind_opt_text(st, 14, s->note);
	return db_step_done(st);
}

int steps_update(struct db *db, const char *dossier, const struct dossier_step *s)
{
	sqlite3_stmt *st = db_stmt(db, SQL_STEP_UPDATE);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	sqlite3_bind_int(st, 2, s->idx);
	db_bind_opt_text(st, 3, s->from_user);
	db_bind_opt_text(st, 4, s->to_user);
	db_bind_time(st, 5, s->given_at);
	db_bind_time(st, 6, s->received_at);
	db_bind_time(st, 7, s->due_at);
	db_bind_time(st, 8, s->finished_at);
	db_bind_opt_text(st, 9, s->verdict);
	db_bind_opt_text(st, 10, s->note);
	db_bind_text(st, 11, s->unit);
	return db_step_done(st);
}

static void read_step(sqlite3_stmt *st, struct dossier_step *s)
{
	const char *unit = db_col_text(st, 4);

	memset(s, 0, sizeof(*s));
	s->idx = sqlite3_column_int(st, 0);
	db_col_copy(st, 1, s->name, sizeof(s->name));
	db_col_copy(st, 2, s->unit, sizeof(s->unit));
	s->budget.amount = sqlite3_column_int(st, 3);
	if (duration_unit_parse(unit, strlen(unit), &s->budget.unit))
		s->budget.unit = DURATION_WORKING_HOURS;
	db_col_copy(st, 5, s->from_user, sizeof(s->from_user));
	db_col_copy(st, 6, s->to_user, sizeof(s->to_user));
	s->given_at = sqlite3_column_int64(st, 7);
	s->received_at = sqlite3_column_int64(st, 8);
	s->due_at = sqlite3_column_int64(st, 9);
	s->finished_at = sqlite3_column_int64(st, 10);
	db_col_copy(st, 11, s->verdict, sizeof(s->verdict));
	db_col_copy(st, 12, s->note, sizeof(s->note));
}

int steps_load(struct db *db, const char *dossier, struct dossier_step *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_STEPS);
	int step;

	*n = 0;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		read_step(st, &out[(*n)++]);
	sqlite3_reset(st);
	return step == SQLITE_DONE || step == SQLITE_ROW ? 0 : ERR_IO;
}

static const char SQL_CLOCK_APPEND[] =
	"INSERT INTO clock_entries(dossier, step, seq, kind, reason, at, new_due, note) "
	"VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM clock_entries "
	"WHERE dossier = ?1 AND step = ?2), ?3, ?4, ?5, ?6, ?7)";
static const char SQL_CLOCK_LOAD[] =
	"SELECT kind, reason, at, new_due FROM clock_entries WHERE dossier = ? AND step = ? "
	"ORDER BY seq";

int clock_append(struct db *db, const char *dossier, int step, const struct clock_entry *e,
		 const char *note)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CLOCK_APPEND);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	sqlite3_bind_int(st, 2, step);
	db_bind_text(st, 3, clock_kind_name(e->kind));
	db_bind_text(st, 4, clock_reason_name(e->reason));
	sqlite3_bind_int64(st, 5, e->at);
	db_bind_time(st, 6, e->kind == CLOCK_REAPPOINT ? e->new_due : 0);
	db_bind_opt_text(st, 7, note);
	return db_step_done(st);
}

int clock_load(struct db *db, const char *dossier, int step, struct clock_entry *out, int max,
	       int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CLOCK_LOAD);
	int rc = 0, s;

	*n = 0;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	sqlite3_bind_int(st, 2, step);
	while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = db_col_text(st, 0), *reason = db_col_text(st, 1);
		struct clock_entry *e = &out[*n];

		if (*n == max) {
			rc = ERR_TOO_LARGE;
			break;
		}
		if (clock_kind_parse(kind, strlen(kind), &e->kind) ||
		    clock_reason_parse(reason, strlen(reason), &e->reason))
			rc = ERR_IO;
		e->at = sqlite3_column_int64(st, 2);
		e->new_due = sqlite3_column_int64(st, 3);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc;
}

static const char SQL_SUP_COUNT[] =
	"SELECT count(*) FROM supplement_requests WHERE dossier = ? AND unit = ? AND phase = ?";
static const char SQL_SUP_INSERT[] =
	"INSERT INTO supplement_requests(dossier, unit, phase, at, items, reason) "
	"VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_SUP_ANSWER[] =
	"UPDATE supplement_requests SET answered_at = ?2 WHERE dossier = ?1 AND answered_at IS NULL";

int supplement_count(struct db *db, const char *dossier, const char *unit, const char *phase,
		     int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SUP_COUNT);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	db_bind_text(st, 2, unit);
	db_bind_text(st, 3, phase);
	return db_step_int(st, n);
}

int supplement_insert(struct db *db, const char *dossier, const char *unit, const char *phase,
		      int64_t at, const char *items_json, const char *reason)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SUP_INSERT);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	db_bind_text(st, 2, unit);
	db_bind_text(st, 3, phase);
	sqlite3_bind_int64(st, 4, at);
	db_bind_text(st, 5, items_json);
	db_bind_opt_text(st, 6, reason);
	return db_step_done(st);
}

int supplement_answer(struct db *db, const char *dossier, int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SUP_ANSWER);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	sqlite3_bind_int64(st, 2, at);
	return db_step_done(st);
}

static const char SQL_RATING[] =
	"INSERT INTO ratings(dossier, at, level, reason, criteria) VALUES (?, ?, ?, ?, ?)";

int ratings_insert(struct db *db, const char *dossier, int64_t at, const char *level,
		   const char *reason, const char *criteria_json)
{
	sqlite3_stmt *st = db_stmt(db, SQL_RATING);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	sqlite3_bind_int64(st, 2, at);
	db_bind_text(st, 3, level);
	db_bind_opt_text(st, 4, reason);
	db_bind_opt_text(st, 5, criteria_json);
	return db_step_done(st);
}

static const char SQL_OUTBOX[] =
	"INSERT INTO outbox(dossier, kind, payload, created_at) VALUES (?, ?, ?, ?)";

int outbox_append(struct db *db, const char *dossier, const char *kind, const char *payload,
		  int64_t at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_OUTBOX);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, payload);
	sqlite3_bind_int64(st, 4, at);
	return db_step_done(st);
}
