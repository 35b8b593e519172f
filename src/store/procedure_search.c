/*
 * Reading the catalog: the search (R-CAT-3) and the version history;
 * see procedures.h.
 */
#include "compat.h"

#include "core/err.h"
#include "core/fold.h"
#include "store/procedures.h"

#define SUMMARY_COLUMNS                                                                    \
	"p.code, p.name, p.field, p.level, p.processing_amount, p.processing_unit, p.version"
#define FILTERS "(?2 IS NULL OR p.field_key = ?2) AND (?3 IS NULL OR p.level = ?3)"

/* With a query: the words of ?1, best first (the whole query as a phrase, then bm25). */
static const char SQL_SEARCH[] =
	"SELECT " SUMMARY_COLUMNS " FROM procedures_fts JOIN procedures p"
	" ON p.id = procedures_fts.rowid WHERE procedures_fts MATCH ?1 AND " FILTERS
	" ORDER BY instr(procedures_fts.key, ?4) = 0, bm25(procedures_fts), p.code"
	" LIMIT ?5 OFFSET ?6";
static const char SQL_SEARCH_COUNT[] =
	"SELECT count(*) FROM procedures_fts JOIN procedures p ON p.id = procedures_fts.rowid"
	" WHERE procedures_fts MATCH ?1 AND " FILTERS;
/* Without: every current version by code (?1 and ?4 unused). */
static const char SQL_LIST[] =
	"SELECT " SUMMARY_COLUMNS " FROM procedures p WHERE p.current = 1 AND ?1 IS NULL AND"
	" ?4 IS NULL AND " FILTERS " ORDER BY p.code LIMIT ?5 OFFSET ?6";
static const char SQL_LIST_COUNT[] =
	"SELECT count(*) FROM procedures p WHERE p.current = 1 AND ?1 IS NULL AND " FILTERS;

static const char SQL_VERSIONS[] =
	"SELECT version, current, created_at, name FROM procedures WHERE code = ?"
	" ORDER BY version DESC LIMIT ? OFFSET ?";
static const char SQL_VERSIONS_COUNT[] = "SELECT count(*) FROM procedures WHERE code = ?";

/*
 * The FTS5 expression of a folded query: each word quoted (a quote inside
 * doubled), so that nothing the user types is FTS syntax; the last word a
 * prefix. *out is malloc'd.
 */
static int match_expression(const char *key, size_t len, char **out)
{
	char *m = malloc(len * 2 + PROCEDURE_QUERY_WORDS_MAX * 3 + 4), *w;
	int words = 0;

	*out = NULL;
	if (!m)
		return ERR_NOMEM;
	w = m;
	for (size_t i = 0; i < len;) {
		if (++words > PROCEDURE_QUERY_WORDS_MAX) {
			free(m);
			return ERR_INVALID;
		}
		if (w != m)
			*w++ = ' ';
		*w++ = '"';
		for (; i < len && key[i] != ' '; i++) {
			if (key[i] == '"')
				*w++ = '"';
			*w++ = key[i];
		}
		*w++ = '"';
		i++; /* fold_key leaves single spaces between words */
	}
	if (words)
		*w++ = '*';
	*w = '\0';
	*out = m;
	return 0;
}

/* Folds the query and the field filter; *key NULL when there is no query. */
static int prepare(const struct procedure_query *q, char **key, char **match, char **field)
{
	size_t len = 0;
	int rc = 0;

	*key = *match = *field = NULL;
	if (q->limit < 1 || q->limit > PROCEDURE_PAGE_MAX || q->offset < 0)
		return ERR_INVALID;
	if (q->q && strlen(q->q) > PROCEDURE_QUERY_BYTES_MAX)
		return ERR_TOO_LARGE;
	if (q->q)
		rc = fold_key_alloc(q->q, strlen(q->q), key, &len);
	if (!rc && *key && len == 0) {
		free(*key);
		*key = NULL;
	}
	if (!rc && *key)
		rc = match_expression(*key, len, match);
	if (!rc && q->field && strlen(q->field) > PROCEDURE_FIELD_MAX)
		rc = ERR_TOO_LARGE;
	if (!rc && q->field)
		rc = fold_key_alloc(q->field, strlen(q->field), field, NULL);
	return rc;
}

static void bind_query(sqlite3_stmt *st, const struct procedure_query *q, const char *match,
		       const char *field, const char *key, bool paged)
{
	db_bind_text(st, 1, match);
	db_bind_text(st, 2, field);
	db_bind_text(st, 3, q->level);
	if (!paged)
		return;
	db_bind_text(st, 4, key);
	sqlite3_bind_int(st, 5, q->limit);
	sqlite3_bind_int(st, 6, q->offset);
}

static void read_summary(sqlite3_stmt *st, struct procedure_summary *s)
{
	const char *unit = db_col_text(st, 5);

	db_col_copy(st, 0, s->code, sizeof(s->code));
	db_col_copy(st, 1, s->name, sizeof(s->name));
	db_col_copy(st, 2, s->field, sizeof(s->field));
	db_col_copy(st, 3, s->level, sizeof(s->level));
	s->processing_time.amount = sqlite3_column_int(st, 4);
	if (duration_unit_parse(unit, strlen(unit), &s->processing_time.unit))
		s->processing_time.unit = DURATION_WORKING_DAYS;
	s->version = sqlite3_column_int(st, 6);
}

int procedure_search(struct db *db, const struct procedure_query *q,
		     struct procedure_summary *items, int *n, int64_t *total)
{
	char *key = NULL, *match = NULL, *field = NULL;
	sqlite3_stmt *st = NULL, *count = NULL;
	int rc = prepare(q, &key, &match, &field), step;

	*n = 0;
	*total = 0;
	if (rc)
		goto out;
	st = db_stmt(db, match ? SQL_SEARCH : SQL_LIST);
	count = db_stmt(db, match ? SQL_SEARCH_COUNT : SQL_LIST_COUNT);
	if (!st || !count) {
		rc = ERR_IO;
		goto out;
	}
	bind_query(count, q, match, field, key, false);
	rc = db_step_int64(count, total);
	if (rc)
		goto out;
	bind_query(st, q, match, field, key, true);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < q->limit)
		read_summary(st, &items[(*n)++]);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = ERR_IO;
out:
	if (st)
		sqlite3_reset(st);
	if (count)
		sqlite3_reset(count);
	free(field);
	free(match);
	free(key);
	return rc;
}

static int count_versions(struct db *db, const char *code, int64_t *total)
{
	sqlite3_stmt *st = db_stmt(db, SQL_VERSIONS_COUNT);
	int rc;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	rc = db_step_int64(st, total);
	if (rc)
		return rc;
	return *total ? 0 : ERR_NOT_FOUND;
}

int procedure_versions(struct db *db, const char *code, int offset, int limit,
		       struct procedure_version_info *items, int *n, int64_t *total)
{
	sqlite3_stmt *st;
	int rc, step;

	*n = 0;
	*total = 0;
	if (limit < 1 || limit > PROCEDURE_PAGE_MAX || offset < 0)
		return ERR_INVALID;
	rc = count_versions(db, code, total);
	if (rc)
		return rc;
	st = db_stmt(db, SQL_VERSIONS);
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int(st, 3, offset);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		struct procedure_version_info *v = &items[(*n)++];

		v->version = sqlite3_column_int(st, 0);
		v->current = sqlite3_column_int(st, 1) != 0;
		v->created_at = sqlite3_column_int64(st, 2);
		db_col_copy(st, 3, v->name, sizeof(v->name));
	}
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : ERR_IO;
}
