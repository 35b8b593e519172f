/* The procedure catalog in the store (R-CAT-1 … R-CAT-3, R-0); see procedures.h. */
#include "compat.h"

#include "core/err.h"
#include "core/fold.h"
#include "store/audit.h"
#include "store/procedures.h"
#include "store/units.h"

static const char SQL_CURRENT[] =
	"SELECT id, version, body FROM procedures WHERE code = ? AND current = 1";
static const char SQL_LAST_VERSION[] =
	"SELECT coalesce(max(version), 0) FROM procedures WHERE code = ?";
static const char SQL_UNMARK[] = "UPDATE procedures SET current = 0 WHERE id = ?";
static const char SQL_INSERT[] =
	"INSERT INTO procedures(code, version, current, name, field, field_key, level,"
	" processing_amount, processing_unit, body, created_at)"
	" VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FTS_DELETE[] = "DELETE FROM procedures_fts WHERE rowid = ?";
static const char SQL_FTS_INSERT[] = "INSERT INTO procedures_fts(rowid, key) VALUES (?, ?)";
static const char SQL_GET_CURRENT[] =
	"SELECT version, current, created_at, body FROM procedures WHERE code = ? AND current = 1";
static const char SQL_GET_VERSION[] =
	"SELECT version, current, created_at, body FROM procedures WHERE code = ? AND version = ?";

/* The search key: code, name and field, folded (R-CAT-3). */
static int search_key(const struct procedure *p, char **key)
{
	char text[PROCEDURE_CODE_MAX + PROCEDURE_NAME_MAX + PROCEDURE_FIELD_MAX + 4];
	int n = snprintf(text, sizeof(text), "%s %s %s", p->code, p->name, p->field);

	if (n < 0 || (size_t)n >= sizeof(text))
		return ERR_TOO_LARGE;
	return fold_key_alloc(text, (size_t)n, key, NULL);
}

/* The current version of code: *id 0 when none; *same when its body is body. */
static int current_of(struct db *db, const char *code, const char *body, int64_t *id, int *version,
		      bool *same)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CURRENT);
	int step;

	*id = 0;
	*version = 0;
	*same = false;
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*version = sqlite3_column_int(st, 1);
		*same = strcmp(db_col_text(st, 2), body) == 0;
	}
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : ERR_IO;
}

static int last_version(struct db *db, const char *code, int *version)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LAST_VERSION);

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	return db_step_int(st, version);
}

/* Inserts the row of the new version; *id receives its rowid. */
static int insert_version(struct db *db, const struct procedure *p, const char *body,
			  int version, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT);
	char *field_key = NULL;
	int rc;

	if (!st)
		return ERR_IO;
	rc = fold_key_alloc(p->field, strlen(p->field), &field_key, NULL);
	if (rc)
		return rc;
	db_bind_text(st, 1, p->code);
	sqlite3_bind_int(st, 2, version);
	db_bind_text(st, 3, p->name);
	db_bind_text(st, 4, p->field);
	db_bind_text(st, 5, field_key);
	db_bind_text(st, 6, p->level);
	sqlite3_bind_int(st, 7, p->processing_time.amount);
	db_bind_text(st, 8, duration_unit_name(p->processing_time.unit));
	db_bind_text(st, 9, body);
	sqlite3_bind_int64(st, 10, now);
	rc = db_step_done(st);
	free(field_key);
	*id = sqlite3_last_insert_rowid(db->conn);
	return rc ? ERR_IO : 0;
}

/* Moves the search entry from the old current row (0: none) to the new one. */
static int reindex(struct db *db, const struct procedure *p, int64_t old_id, int64_t new_id)
{
	sqlite3_stmt *del = db_stmt(db, SQL_FTS_DELETE), *ins = db_stmt(db, SQL_FTS_INSERT);
	char *key = NULL;
	int rc;

	if (!del || !ins)
		return ERR_IO;
	rc = search_key(p, &key);
	if (rc)
		return rc;
	if (old_id) {
		sqlite3_bind_int64(del, 1, old_id);
		rc = db_step_done(del);
	}
	if (!rc) {
		sqlite3_bind_int64(ins, 1, new_id);
		db_bind_text(ins, 2, key);
		rc = db_step_done(ins);
	}
	free(key);
	return rc ? ERR_IO : 0;
}

/* The audit detail: the version and a BLAKE2b-256 of the body (too big to copy). */
static void audit_detail(const char *body, int version, char *out, size_t size)
{
	char hex[AUDIT_DIGEST_SIZE];

	audit_digest(body, hex);
	snprintf(out, size, "{\"version\":%d,\"body_blake2b\":\"%s\",\"bytes\":%zu}", version, hex,
		 strlen(body));
}

int procedure_put(struct store_tx *tx, const struct procedure *p, const char *body,
		  const char *actor, int64_t now, int *version, bool *created)
{
	char detail[160];
	int64_t old_id, new_id = 0;
	bool same;
	int rc;

	*created = false;
	rc = current_of(tx->db, p->code, body, &old_id, version, &same);
	if (rc || same)
		return rc;
	rc = last_version(tx->db, p->code, version);
	if (rc)
		return rc;
	(*version)++;
	if (old_id) {
		sqlite3_stmt *st = db_stmt(tx->db, SQL_UNMARK);

		if (!st)
			return ERR_IO;
		sqlite3_bind_int64(st, 1, old_id);
		if (db_step_done(st))
			return ERR_IO;
	}
	rc = insert_version(tx->db, p, body, *version, now, &new_id);
	if (!rc)
		rc = reindex(tx->db, p, old_id, new_id);
	audit_detail(body, *version, detail, sizeof(detail));
	if (!rc)
		rc = audit_append(tx, now, actor, "procedure.put", p->code, detail);
	*created = rc == 0;
	return rc;
}

int procedure_get(struct db *db, const char *code, int version, struct procedure_record *out)
{
	sqlite3_stmt *st = db_stmt(db, version ? SQL_GET_VERSION : SQL_GET_CURRENT);
	int step, rc = 0;

	memset(out, 0, sizeof(*out));
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	if (version)
		sqlite3_bind_int(st, 2, version);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->version = sqlite3_column_int(st, 0);
		out->current = sqlite3_column_int(st, 1) != 0;
		out->created_at = sqlite3_column_int64(st, 2);
		out->body = db_col_dup(st, 3); /* NOT NULL in the schema */
		if (!out->body)
			rc = ERR_NOMEM;
	} else {
		rc = step == SQLITE_DONE ? ERR_NOT_FOUND : ERR_IO;
	}
	sqlite3_reset(st);
	return rc;
}

void procedure_record_release(struct procedure_record *r)
{
	if (!r)
		return;
	free(r->body);
	r->body = NULL;
}

/*
 * Parsed versions, per connection (db->cache): parsing a body took a fifth
 * of the server's time on creations (docs/bench.md). An entry is used only
 * when its stored text equals the body just read, so a version's row may
 * change (or a rolled-back one be reused) without a stale answer.
 */
#define PROCEDURE_CACHE_MAX 64

struct procedure_cache {
	struct {
		char *body;
		struct procedure *p;
	} e[PROCEDURE_CACHE_MAX];
	int next; /* the slot to reuse when full */
};

static void cache_free(void *arg)
{
	struct procedure_cache *c = arg;

	for (int i = 0; i < PROCEDURE_CACHE_MAX; i++) {
		free(c->e[i].body);
		free(c->e[i].p);
	}
	free(c);
}

static const struct procedure *cache_find(struct db *db, const char *body)
{
	struct procedure_cache *c = db->cache_free == cache_free ? db->cache : NULL;

	for (int i = 0; c && i < PROCEDURE_CACHE_MAX && c->e[i].body; i++)
		if (strcmp(c->e[i].body, body) == 0)
			return c->e[i].p;
	return NULL;
}

/*
 * Keeps a copy of a parsed version under its body (taken: true, the cache
 * owns it now); a full cache drops its oldest. Best effort.
 */
static bool cache_put(struct db *db, char *body, const struct procedure *p)
{
	struct procedure_cache *c = db->cache;
	struct procedure *copy;
	int i;

	if (!c) {
		if (!(c = calloc(1, sizeof(*c))))
			return false;
		db->cache = c;
		db->cache_free = cache_free;
	}
	if (db->cache_free != cache_free || !(copy = malloc(sizeof(*copy))))
		return false;
	memcpy(copy, p, sizeof(*copy));
	for (i = 0; i < PROCEDURE_CACHE_MAX && c->e[i].body; i++)
		;
	if (i == PROCEDURE_CACHE_MAX) {
		i = c->next;
		c->next = (c->next + 1) % PROCEDURE_CACHE_MAX;
		free(c->e[i].body);
		free(c->e[i].p);
	}
	c->e[i].body = body;
	c->e[i].p = copy;
	return true;
}

int procedure_load(struct db *db, const char *code, int version, struct procedure *out)
{
	struct procedure_record rec;
	const struct procedure *hit;
	int rc = procedure_get(db, code, version, &rec);

	if (!rc && (hit = cache_find(db, rec.body))) {
		memcpy(out, hit, sizeof(*out));
	} else if (!rc && !(rc = procedure_from_text(rec.body, strlen(rec.body), out)) &&
		   cache_put(db, rec.body, out)) {
		rec.body = NULL;
	}
	if (!rc)
		out->version = rec.version;
	/* A stored body that no longer parses is a broken store, not bad input. */
	if (rc == ERR_INVALID)
		rc = ERR_IO;
	procedure_record_release(&rec);
	return rc;
}

/* Says which field names a unit that is not in the database. */
static int unit_missing(const char *field, const char *code, char *why, size_t why_size)
{
	if (why && why_size)
		snprintf(why, why_size, "%s: no unit %s (import the units first)", field, code);
	return ERR_INVALID;
}

int procedure_check_units(struct db *db, const struct procedure *p, char *why, size_t why_size)
{
	struct unit u;
	char field[32];
	int rc;

	if (p->competent_unit[0]) {
		rc = units_get(db, p->competent_unit, &u);
		if (rc == ERR_NOT_FOUND)
			return unit_missing("competent_unit", p->competent_unit, why, why_size);
		if (rc)
			return rc;
	}
	for (int i = 0; i < p->n_steps; i++) {
		const char *spec = p->steps[i].unit;

		if (!unit_code_valid(spec, strlen(spec)))
			continue; /* a commune:<kind> spec, resolved per dossier */
		rc = units_get(db, spec, &u);
		snprintf(field, sizeof(field), "steps[%d].unit", i);
		if (rc == ERR_NOT_FOUND)
			return unit_missing(field, spec, why, why_size);
		if (rc)
			return rc;
	}
	return 0;
}

int procedure_resolve_unit(struct db *db, const char *spec, const char *commune,
			   char out[UNIT_CODE_SIZE])
{
	struct unit u;
	int rc;

	if (unit_code_valid(spec, strlen(spec))) {
		memcpy(out, spec, UNIT_CODE_SIZE);
		return 0;
	}
	if (strncmp(spec, "commune:", 8) != 0 || !spec[8])
		return ERR_INVALID;
	if (!commune || !*commune)
		return ERR_INVALID;
	if (strcmp(spec + 8, "self") == 0)
		rc = units_get(db, commune, &u);
	else
		rc = units_child_of_kind(db, commune, spec + 8, &u);
	if (rc)
		return rc;
	memcpy(out, u.code, UNIT_CODE_SIZE);
	return 0;
}

static const char SQL_NAME[] = "SELECT name FROM procedures WHERE code = ? AND version = ?";

int procedure_name(struct db *db, const char *code, int version, char out[PROCEDURE_NAME_MAX + 1])
{
	sqlite3_stmt *st = db_stmt(db, SQL_NAME);
	int step;

	out[0] = '\0';
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, code);
	sqlite3_bind_int(st, 2, version);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		db_col_copy(st, 0, out, PROCEDURE_NAME_MAX + 1);
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : ERR_IO;
}
