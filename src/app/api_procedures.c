/*
 * Catalog routes (API.md "Catalog and organisation"; R-CAT-1 … R-CAT-3, R-0):
 * the public list and search, one procedure (current or an old version),
 * its version history, and the administrators' PUT that adds a version.
 */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "core/date.h"
#include "core/err.h"
#include "store/procedures.h"

#define PER_PAGE_DEFAULT 20
/* Highest page number accepted (offsets stay small). */
#define PAGE_MAX 100000

/* An optional whole-number query parameter in [min, max]; def when absent. */
static int query_long(struct request *r, const char *name, long min, long max, long def,
		      long *out)
{
	const char *v = request_query(r, name);
	char *end;

	*out = def;
	if (!v)
		return 0;
	errno = 0;
	*out = *v ? strtol(v, &end, 10) : 0;
	if (*v && !errno && !*end && *out >= min && *out <= max)
		return 0;
	resp_problem(r, ERR_INVALID, "'%s' must be a whole number %ld-%ld", name, min, max);
	return ERR_INVALID;
}

/* ?page= and ?per_page= (API.md Conventions). */
static int query_page(struct request *r, long *page, long *per_page)
{
	if (query_long(r, "page", 1, PAGE_MAX, 1, page) ||
	    query_long(r, "per_page", 1, PROCEDURE_PAGE_MAX, PER_PAGE_DEFAULT, per_page))
		return ERR_INVALID;
	return 0;
}

static json_t *time_json(struct duration d)
{
	return json_pack("{s:i, s:s}", "amount", (int)d.amount, "unit",
			 duration_unit_name(d.unit));
}

static json_t *summary_json(const struct procedure_summary *s)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:i}", "code", s->code, "name", s->name,
			 "field", s->field, "level", s->level, "processing_time",
			 time_json(s->processing_time), "version", s->version);
}

static json_t *page_json(json_t *items, int64_t total, long page, long per_page)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
			 "page", (json_int_t)page, "per_page", (json_int_t)per_page);
}

/* Checks the lengths of q and field, which procedure_search() refuses too. */
static int query_texts(struct request *r, const struct procedure_query *q)
{
	if (q->q && strlen(q->q) > PROCEDURE_QUERY_BYTES_MAX)
		return resp_problem(r, ERR_INVALID, "'q' is longer than %d bytes",
				    PROCEDURE_QUERY_BYTES_MAX), ERR_INVALID;
	if (q->field && strlen(q->field) > PROCEDURE_FIELD_MAX)
		return resp_problem(r, ERR_INVALID, "'field' is longer than %d bytes",
				    PROCEDURE_FIELD_MAX), ERR_INVALID;
	if (q->level && strcmp(q->level, "province") && strcmp(q->level, "commune"))
		return resp_problem(r, ERR_INVALID, "'level' must be province or commune"),
		       ERR_INVALID;
	return 0;
}

/* Answers the problem of a failed search (rc from procedure_search). */
static int search_problem(struct request *r, int rc)
{
	if (rc == ERR_INVALID || rc == ERR_INVALID_UTF8 || rc == ERR_TOO_LARGE)
		return resp_problem(r, ERR_INVALID, "'q' and 'field' must be UTF-8 text, 'q' of at "
				    "most %d words", PROCEDURE_QUERY_WORDS_MAX);
	return resp_problem(r, rc, NULL);
}

int api_procedure_list(struct request *r)
{
	struct procedure_query q = {0};
	struct procedure_summary *items = NULL;
	struct db *db = NULL;
	json_t *list = NULL;
	int64_t total = 0;
	long page, per_page;
	int n = 0, rc;

	if (query_page(r, &page, &per_page))
		return ERR_INVALID;
	q.q = request_query(r, "q");
	q.field = request_query(r, "field");
	q.level = request_query(r, "level");
	if (query_texts(r, &q))
		return ERR_INVALID;
	q.limit = (int)per_page;
	q.offset = (int)((page - 1) * per_page);
	items = calloc((size_t)per_page, sizeof(*items));
	db = items ? store_read_begin(r->app->store) : NULL;
	rc = !items ? ERR_NOMEM : !db ? ERR_BUSY : 0;
	if (!rc)
		rc = procedure_search(db, &q, items, &n, &total);
	store_read_end(r->app->store, db);
	if (rc) {
		search_problem(r, rc);
		goto out;
	}
	list = json_array();
	for (int i = 0; list && i < n; i++)
		json_array_append_new(list, summary_json(&items[i]));
	rc = resp_json(r, 200, page_json(list, total, page, per_page));
out:
	free(items);
	return rc;
}

/* The full procedure as the API shows it: the stored body and the version. */
static json_t *record_json(const struct procedure_record *rec)
{
	json_t *j = json_loads(rec->body, JSON_REJECT_DUPLICATES, NULL);
	char at[INSTANT_TEXT_SIZE];

	if (!j)
		return NULL;
	instant_format(rec->created_at, at);
	json_object_set_new(j, "version", json_integer(rec->version));
	json_object_set_new(j, "current", json_boolean(rec->current));
	json_object_set_new(j, "created_at", json_string(at));
	return j;
}

int api_procedure_get(struct request *r)
{
	struct procedure_record rec = {0};
	const char *code = request_param(r, 0);
	struct db *db;
	long version;
	int rc;

	if (query_long(r, "version", 1, INT_MAX, 0, &version))
		return ERR_INVALID;
	if (!procedure_code_valid(code, strlen(code)))
		return resp_problem(r, ERR_NOT_FOUND, "no procedure %s", code);
	db = store_read_begin(r->app->store);
	if (!db)
		return resp_problem(r, ERR_BUSY, NULL);
	rc = procedure_get(db, code, (int)version, &rec);
	store_read_end(r->app->store, db);
	if (rc == ERR_NOT_FOUND && version)
		return resp_problem(r, rc, "no version %ld of procedure %s", version, code);
	if (rc == ERR_NOT_FOUND)
		return resp_problem(r, rc, "no procedure %s", code);
	if (!rc)
		rc = resp_json(r, 200, record_json(&rec));
	procedure_record_release(&rec);
	return rc;
}

static json_t *version_json(const struct procedure_version_info *v)
{
	char at[INSTANT_TEXT_SIZE];

	instant_format(v->created_at, at);
	return json_pack("{s:i, s:b, s:s, s:s}", "version", v->version, "current",
			 v->current, "created_at", at, "name", v->name);
}

int api_procedure_versions(struct request *r)
{
	struct procedure_version_info *items = NULL;
	const char *code = request_param(r, 0);
	struct db *db = NULL;
	json_t *list;
	int64_t total = 0;
	long page, per_page;
	int n = 0, rc;

	if (query_page(r, &page, &per_page))
		return ERR_INVALID;
	if (!procedure_code_valid(code, strlen(code)))
		return resp_problem(r, ERR_NOT_FOUND, "no procedure %s", code);
	items = calloc((size_t)per_page, sizeof(*items));
	db = items ? store_read_begin(r->app->store) : NULL;
	rc = !items ? ERR_NOMEM : !db ? ERR_BUSY : 0;
	if (!rc)
		rc = procedure_versions(db, code, (int)((page - 1) * per_page), (int)per_page,
					items, &n, &total);
	store_read_end(r->app->store, db);
	if (rc) {
		resp_problem(r, rc, rc == ERR_NOT_FOUND ? "no procedure %s" : NULL, code);
		goto out;
	}
	list = json_array();
	for (int i = 0; list && i < n; i++)
		json_array_append_new(list, version_json(&items[i]));
	rc = resp_json(r, 200, page_json(list, total, page, per_page));
out:
	free(items);
	return rc;
}

/* What the PUT's change and its answer share. */
struct procedure_put_ctx {
	struct procedure *p;
	char *body;
	char actor[64];
	int64_t now;
	int version;
	bool created;
};

static void put_ctx_free(void *arg)
{
	struct procedure_put_ctx *c = arg;

	if (!c)
		return;
	free(c->p);
	free(c->body);
	free(c);
}

static int put_change(struct store_tx *tx, void *arg)
{
	struct procedure_put_ctx *c = arg;

	return procedure_put(tx, c->p, c->body, c->actor, c->now, &c->version, &c->created);
}

/* Answers the stored version: 201 for the first, 200 for a later or unchanged one. */
static int put_finish(struct request *r, int rc)
{
	struct procedure_put_ctx *c = r->ctx;
	struct procedure_record made = {c->version, true, c->now, c->body}, stored = {0};
	struct db *db;

	(void)rc;
	if (c->created)
		return resp_json(r, c->version == 1 ? 201 : 200, record_json(&made));
	/* Nothing changed: show the current version as stored. */
	db = store_read_begin(r->app->store);
	rc = db ? procedure_get(db, c->p->code, 0, &stored) : ERR_BUSY;
	store_read_end(r->app->store, db);
	if (!rc)
		rc = resp_json(r, 200, record_json(&stored));
	procedure_record_release(&stored);
	return rc;
}

int api_procedure_put(struct request *r)
{
	struct procedure_put_ctx *c;
	const char *code = request_param(r, 0);
	char why[PROCEDURE_WHY_SIZE];
	struct db *db;
	int rc;

	if (!auth_has_role(r, "admin", NULL))
		return resp_problem(r, ERR_FORBIDDEN, "administrators only");
	if (!procedure_code_valid(code, strlen(code)))
		return resp_problem(r, ERR_INVALID, "code: must be digits and dots, like 1.001193");
	c = calloc(1, sizeof(*c));
	if (!c || !(c->p = malloc(sizeof(*c->p)))) {
		put_ctx_free(c);
		return ERR_NOMEM;
	}
	rc = procedure_from_json(r->json, code, c->p, &c->body, why, sizeof(why));
	if (!rc) {
		db = store_read_begin(r->app->store);
		rc = db ? procedure_check_units(db, c->p, why, sizeof(why)) : ERR_BUSY;
		store_read_end(r->app->store, db);
	}
	if (rc) {
		put_ctx_free(c);
		return resp_problem(r, rc, "%s", rc == ERR_INVALID || rc == ERR_TOO_LARGE ? why
											: "");
	}
	c->now = r->now;
	api_actor(r, c->actor, sizeof(c->actor));
	return request_write(r, put_change, put_finish, c, put_ctx_free);
}
