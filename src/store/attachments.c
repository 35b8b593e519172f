#include "compat.h"

#include "core/err.h"
#include "store/attachments.h"

#define COLS "dossier, name, sha256, type, size, added_by, added_at"

static const char SQL_PUT[] =
	"INSERT INTO attachments(" COLS ") VALUES (?, ?, ?, ?, ?, ?, ?) "
	"ON CONFLICT(dossier, name) DO UPDATE SET sha256 = excluded.sha256, "
	"type = excluded.type, size = excluded.size, added_by = excluded.added_by, "
	"added_at = excluded.added_at";
static const char SQL_GET[] = "SELECT " COLS " FROM attachments WHERE dossier = ? AND name = ?";
static const char SQL_COUNT[] = "SELECT count(*) FROM attachments WHERE dossier = ?";
static const char SQL_HAS_SHA[] =
	"SELECT 1 FROM attachments WHERE dossier = ? AND sha256 = ? LIMIT 1";
static const char SQL_LIST[] = "SELECT " COLS ", count(*) OVER () FROM attachments "
			       "WHERE dossier = ? ORDER BY name LIMIT ? OFFSET ?";

int attachments_put(struct db *db, const struct attachment *a)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PUT);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, a->dossier);
	db_bind_text(st, 2, a->name);
	db_bind_text(st, 3, a->sha256);
	db_bind_text(st, 4, a->type);
	sqlite3_bind_int64(st, 5, a->size);
	db_bind_text(st, 6, a->added_by);
	sqlite3_bind_int64(st, 7, a->added_at);
	return db_step_done(st);
}

static void read_row(sqlite3_stmt *st, struct attachment *a)
{
	memset(a, 0, sizeof(*a));
	db_col_copy(st, 0, a->dossier, sizeof(a->dossier));
	db_col_copy(st, 1, a->name, sizeof(a->name));
	db_col_copy(st, 2, a->sha256, sizeof(a->sha256));
	db_col_copy(st, 3, a->type, sizeof(a->type));
	a->size = sqlite3_column_int64(st, 4);
	db_col_copy(st, 5, a->added_by, sizeof(a->added_by));
	a->added_at = sqlite3_column_int64(st, 6);
}

int attachments_get(struct db *db, const char *dossier, const char *name, struct attachment *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	int step;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	db_bind_text(st, 2, name);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_row(st, out);
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 0 : step == SQLITE_DONE ? ERR_NOT_FOUND : ERR_IO;
}

int attachments_count(struct db *db, const char *dossier, int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_COUNT);

	*n = 0;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	return db_step_int(st, n);
}

int attachments_has_sha256(struct db *db, const char *dossier, const char *sha, bool *found)
{
	sqlite3_stmt *st = db_stmt(db, SQL_HAS_SHA);

	*found = false;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	db_bind_text(st, 2, sha);
	return db_step_exists(st, found);
}

int attachments_list(struct db *db, const char *dossier, int64_t offset, int max,
		     struct attachment *out, int *n, int64_t *total)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	int step;

	*n = 0;
	*total = 0;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, dossier);
	sqlite3_bind_int(st, 2, max);
	sqlite3_bind_int64(st, 3, offset);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		read_row(st, &out[*n]);
		*total = sqlite3_column_int64(st, 7);
		(*n)++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return ERR_IO;
	/* A page past the end has no rows to carry the total. */
	if (*n == 0 && offset > 0) {
		int count;
		int rc = attachments_count(db, dossier, &count);

		*total = count;
		return rc;
	}
	return 0;
}
