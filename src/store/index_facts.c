/* The per-dossier facts of the index; see index_facts.h. */
#include "compat.h"

#include <jansson.h>

#include "core/err.h"
#include "store/index_facts.h"

static const char SQL_SUPPLEMENTS[] =
	"SELECT at FROM supplement_requests WHERE dossier = ? ORDER BY at, rowid";
static const char SQL_RATING[] =
	"SELECT level FROM ratings WHERE dossier = ? ORDER BY at DESC, rowid DESC LIMIT 1";
static const char SQL_HAS_FILES[] = "SELECT 1 FROM attachments WHERE dossier = ? LIMIT 1";
static const char SQL_UNSYNCED[] =
	"SELECT 1 FROM outbox WHERE dossier = ? AND delivered_at IS NULL LIMIT 1";

/* The count of supplement requests and the time of the second one. */
static int supplements(struct db *db, const char *code, struct index_fact *f)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SUPPLEMENTS);
	int step;

	f->supplement_requests = 0;
	f->second_supplement_at = INDEX_NEVER;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (++f->supplement_requests == 2)
			f->second_supplement_at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : ERR_IO;
}

static int latest_rating(struct db *db, const char *code, enum rating_level *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_RATING);
	int step, rc = 0;

	*out = RATING_NONE;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *level = db_col_text(st, 0);

		if (rating_level_parse(level, strlen(level), out))
			*out = RATING_NONE;
	} else if (step != SQLITE_DONE) {
		rc = ERR_IO;
	}
	sqlite3_reset(st);
	return rc;
}

static int exists(struct db *db, const char *sql, const char *code, bool *found)
{
	return db_exists(db, sql, code, found);
}

/* R-DOS-6: the result names a stored file. */
static bool electronic(const char *result)
{
	json_t *j = result ? json_loads(result, 0, NULL) : NULL;
	bool yes = json_is_string(json_object_get(j, "file_sha256"));

	json_decref(j);
	return yes;
}

static enum index_end end_of(enum dossier_state s)
{
	switch (s) {
	case DOSSIER_DONE:
		return INDEX_END_DONE;
	case DOSSIER_RETURNED:
		return INDEX_END_RETURNED;
	case DOSSIER_STOPPED:
		return INDEX_END_STOPPED;
	case DOSSIER_REFUSED:
		return INDEX_END_REFUSED;
	default:
		return INDEX_END_NONE;
	}
}

static int channel_code(const char *channel)
{
	return strcmp(channel, "online") == 0 ? 2 : strcmp(channel, "post") == 0 ? 3 : 1;
}

int index_facts_compute(struct db *db, const struct dossier_row *d, const struct worktime *wt,
			const struct clock_entry *ledger, int n, struct index_fact *out)
{
	struct clock_entry e[DOSSIER_CLOCK_MAX];
	struct clock_rule rule = clock_rule_make(CLOCK_MODE_RECEPTION, d->processing_time, wt);
	bool files = false, unsynced = false;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!ledger) {
		rc = clock_load(db, d->code, -1, e, DOSSIER_CLOCK_MAX, &n);
		ledger = e;
	}
	if (!rc)
		rc = index_clock_facts(ledger, (size_t)n, &rule, wt, out);
	if (!rc)
		rc = supplements(db, d->code, out);
	if (!rc)
		rc = latest_rating(db, d->code, &out->rating);
	if (!rc)
		rc = exists(db, SQL_HAS_FILES, d->code, &files);
	if (!rc)
		rc = exists(db, SQL_UNSYNCED, d->code, &unsynced);
	if (rc)
		return rc;
	out->received_at = d->received_at ? d->received_at : INDEX_NEVER;
	out->end_kind = end_of(d->status);
	out->end_at = out->end_kind != INDEX_END_NONE && d->finished_at ? d->finished_at : INDEX_NEVER;
	out->channel = channel_code(d->channel);
	out->fee_bearing = d->has_fee && d->fee_vnd > 0;
	out->paid_online = d->paid_online;
	out->electronic_result = electronic(d->result);
	out->has_files = files;
	out->vneid = d->vneid;
	out->synced = !unsynced;
	return 0;
}

#define FACT_COLS                                                                               \
	"unit, receiving_unit, procedure_code, procedure_version, received_at, end_at, "       \
	"end_kind, index_due, late_at, warn_at, second_supplement_at, supplement_requests, "   \
	"channel, fee_bearing, paid_online, electronic_result, has_files, vneid, synced, "     \
	"rating, reappointments"

/* In place (an upsert, not a replace): the row keeps its rowid, the key index is left alone. */
static const char SQL_PUT[] =
	"INSERT INTO index_facts(code, " FACT_COLS ", updated_at) "
	"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
	"unit = ?2, receiving_unit = ?3, procedure_code = ?4, procedure_version = ?5, "
	"received_at = ?6, end_at = ?7, end_kind = ?8, index_due = ?9, late_at = ?10, "
	"warn_at = ?11, second_supplement_at = ?12, supplement_requests = ?13, channel = ?14, "
	"fee_bearing = ?15, paid_online = ?16, electronic_result = ?17, has_files = ?18, "
	"vneid = ?19, synced = ?20, rating = ?21, reappointments = ?22, updated_at = ?23";
/* Whether the stored row already says all this (updated_at aside). */
static const char SQL_SAME[] =
	"SELECT 1 FROM index_facts WHERE code = ?1 AND unit = ?2 AND receiving_unit = ?3 "
	"AND procedure_code = ?4 AND procedure_version = ?5 AND received_at = ?6 AND end_at = ?7 "
	"AND end_kind = ?8 AND index_due = ?9 AND late_at = ?10 AND warn_at = ?11 "
	"AND second_supplement_at = ?12 AND supplement_requests = ?13 AND channel = ?14 "
	"AND fee_bearing = ?15 AND paid_online = ?16 AND electronic_result = ?17 "
	"AND has_files = ?18 AND vneid = ?19 AND synced = ?20 AND rating = ?21 "
	"AND reappointments = ?22";

/* ?1 … ?22 of both statements; ?23 (updated_at) only SQL_PUT has. */
static void bind_facts(sqlite3_stmt *st, const struct dossier_row *d, const struct index_fact *f)
{
	db_bind_text(st, 1, d->code);
	db_bind_text(st, 2, d->competent_unit);
	db_bind_text(st, 3, d->receiving_unit);
	db_bind_text(st, 4, d->procedure);
	sqlite3_bind_int(st, 5, d->procedure_version);
	sqlite3_bind_int64(st, 6, f->received_at);
	sqlite3_bind_int64(st, 7, f->end_at);
	sqlite3_bind_int(st, 8, (int)f->end_kind);
	sqlite3_bind_int64(st, 9, f->index_due);
	sqlite3_bind_int64(st, 10, f->late_at);
	sqlite3_bind_int64(st, 11, f->warn_at);
	sqlite3_bind_int64(st, 12, f->second_supplement_at);
	sqlite3_bind_int(st, 13, f->supplement_requests);
	sqlite3_bind_int(st, 14, f->channel);
	sqlite3_bind_int(st, 15, f->fee_bearing);
	sqlite3_bind_int(st, 16, f->paid_online);
	sqlite3_bind_int(st, 17, f->electronic_result);
	sqlite3_bind_int(st, 18, f->has_files);
	sqlite3_bind_int(st, 19, f->vneid);
	sqlite3_bind_int(st, 20, f->synced);
	sqlite3_bind_int(st, 21, (int)f->rating);
	sqlite3_bind_int(st, 22, d->reappointments);
}

int index_facts_put(struct db *db, const struct dossier_row *d, const struct index_fact *f)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PUT);

	if (!st)
		return ERR_IO;
	bind_facts(st, d, f);
	sqlite3_bind_int64(st, 23, d->updated_at);
	return db_step_done(st);
}

/*
 * Most actions (a forward, a payment request) leave the facts as they were:
 * then nothing is written, which spares the row's pages and those of the
 * covering index in the write-ahead log (docs/bench.md).
 */
int index_facts_refresh(struct db *db, const struct dossier_row *d, const struct worktime *wt,
			const struct clock_entry *ledger, int n)
{
	struct index_fact f;
	sqlite3_stmt *st;
	int rc = index_facts_compute(db, d, wt, ledger, n, &f), step;

	if (rc)
		return rc;
	if (!(st = db_stmt(db, SQL_SAME)))
		return ERR_IO;
	bind_facts(st, d, &f);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? index_facts_put(db, d, &f) : ERR_IO;
}

static const char SQL_GET[] =
	"SELECT received_at, end_at, end_kind, index_due, late_at, warn_at, "
	"second_supplement_at, supplement_requests, channel, fee_bearing, paid_online, "
	"electronic_result, has_files, vneid, synced, rating FROM index_facts WHERE code = ?";

int index_facts_get(struct db *db, const char *code, struct index_fact *f)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	int step, rc = 0;

	memset(f, 0, sizeof(*f));
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		f->received_at = sqlite3_column_int64(st, 0);
		f->end_at = sqlite3_column_int64(st, 1);
		f->end_kind = (enum index_end)sqlite3_column_int(st, 2);
		f->index_due = sqlite3_column_int64(st, 3);
		f->late_at = sqlite3_column_int64(st, 4);
		f->warn_at = sqlite3_column_int64(st, 5);
		f->second_supplement_at = sqlite3_column_int64(st, 6);
		f->supplement_requests = sqlite3_column_int(st, 7);
		f->channel = sqlite3_column_int(st, 8);
		f->fee_bearing = sqlite3_column_int(st, 9);
		f->paid_online = sqlite3_column_int(st, 10);
		f->electronic_result = sqlite3_column_int(st, 11);
		f->has_files = sqlite3_column_int(st, 12);
		f->vneid = sqlite3_column_int(st, 13);
		f->synced = sqlite3_column_int(st, 14);
		f->rating = (enum rating_level)sqlite3_column_int(st, 15);
	} else {
		rc = step == SQLITE_DONE ? ERR_NOT_FOUND : ERR_IO;
	}
	sqlite3_reset(st);
	return rc;
}

int index_facts_clear(struct db *db)
{
	return db_exec(db, "DELETE FROM index_facts");
}
