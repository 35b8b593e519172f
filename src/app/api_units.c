/* Units (API.md "Catalog and organisation"; R-ORG-1): public reads, admin writes. */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "core/code.h"
#include "core/err.h"
#include "data/units_json.h"
#include "store/audit.h"
#include "store/units.h"

static int append_unit(const struct unit *u, void *arg)
{
	json_t *j = unit_to_json(u);

	return j && json_array_append_new(arg, j) == 0 ? 0 : ERR_NOMEM;
}

/* Reads the filters ?parent=CODE&level=LEVEL. */
static int list_filter(struct request *r, struct unit_filter *f)
{
	f->parent = request_query(r, "parent");
	f->level = request_query(r, "level");
	if (f->parent && !unit_code_valid(f->parent, strlen(f->parent)))
		return resp_problem(r, ERR_INVALID_UNIT_CODE, "'parent' must be a unit code"),
		       ERR_INVALID_UNIT_CODE;
	if (f->level && !units_level_valid(f->level))
		return resp_problem(r, ERR_INVALID, "'level' must be one of %s", UNIT_LEVELS),
		       ERR_INVALID;
	return 0;
}

int api_units_list(struct request *r)
{
	struct unit_filter f;
	struct api_page p;
	struct db *db;
	json_t *items;
	int64_t total = 0;
	int rc;

	if (api_paging(r, &p) || list_filter(r, &f))
		return ERR_INVALID;
	if (!(items = json_array()))
		return ERR_NOMEM;
	db = store_read_begin(r->app->store);
	rc = db ? units_count(db, &f, &total) : ERR_BUSY;
	if (!rc)
		rc = units_list(db, &f, p.offset, (int)p.per_page, append_unit, items);
	store_read_end(r->app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return resp_json(r, 200, api_page_json(&p, items, total));
}

int api_units_get(struct request *r)
{
	const char *code = request_param(r, 0);
	struct unit u;
	struct db *db;
	int rc;

	if (!unit_code_valid(code, strlen(code)))
		return resp_problem(r, ERR_NOT_FOUND, "no unit %.20s", code), ERR_NOT_FOUND;
	db = store_read_begin(r->app->store);
	rc = db ? units_get(db, code, &u) : ERR_BUSY;
	store_read_end(r->app->store, db);
	if (rc == ERR_NOT_FOUND)
		return resp_problem(r, rc, "no unit %s", code), rc;
	if (rc)
		return rc;
	return resp_json(r, 200, unit_to_json(&u));
}

struct unit_create {
	struct unit u;
	char actor[AUDIT_ACTOR_MAX + 1];
	int64_t now;
};

static int unit_create_change(struct store_tx *tx, void *arg)
{
	struct unit_create *c = arg;
	json_t *j = unit_to_json(&c->u);
	char *detail = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc = detail ? units_add(tx->db, &c->u, NULL) : ERR_NOMEM;

	if (!rc)
		rc = audit_append(tx, c->now, c->actor, "unit.create", c->u.code, detail);
	free(detail);
	json_decref(j);
	return rc;
}

static int unit_create_finish(struct request *r, int rc)
{
	struct unit_create *c = r->ctx;

	(void)rc;
	snprintf(r->resp.location, sizeof(r->resp.location), "/api/v1/units/%s", c->u.code);
	return resp_json(r, 201, unit_to_json(&c->u));
}

/* Checks the unit against the tree as it is now (the change checks again). */
static int unit_create_check(struct request *r, const struct unit *u)
{
	struct unit_problem p = {{0}, {0}};
	struct unit old;
	struct db *db = store_read_begin(r->app->store);
	int rc = db ? units_validate(db, u, &p) : ERR_BUSY;

	if (!rc && units_get(db, u->code, &old) == 0)
		rc = ERR_CONFLICT;
	store_read_end(r->app->store, db);
	if (rc == ERR_INVALID)
		return resp_problem(r, rc, "%s: %s", p.field, p.why), rc;
	if (rc == ERR_CONFLICT)
		return resp_problem(r, rc, "unit %s exists already", u->code), rc;
	return rc;
}

/* An admin at the parent (or above); a root needs an admin of a root. */
static bool may_create(struct request *r, const struct unit *u)
{
	const struct user_role *roles;
	int n = auth_roles(r, &roles);

	if (u->parent[0])
		return auth_has_role(r, "admin", u->parent);
	for (int i = 0; i < n; i++) {
		struct unit top;
		struct db *db;
		bool root;

		if (strcmp(roles[i].role, "admin") != 0 || !(db = store_read_begin(r->app->store)))
			continue;
		root = units_get(db, roles[i].unit, &top) == 0 && !top.parent[0];
		store_read_end(r->app->store, db);
		if (root)
			return true;
	}
	return false;
}

int api_units_create(struct request *r)
{
	struct unit_problem p = {{0}, {0}};
	struct unit_create *c;
	int rc;

	if (!auth_has_role(r, "admin", NULL))
		return resp_problem(r, ERR_FORBIDDEN, "administrators only"), ERR_FORBIDDEN;
	if (!(c = calloc(1, sizeof(*c))))
		return ERR_NOMEM;
	rc = unit_from_json(r->json, &c->u, &p);
	if (rc == ERR_INVALID)
		resp_problem(r, rc, "%s: %s", p.field, p.why);
	if (!rc)
		rc = unit_create_check(r, &c->u);
	if (!rc && !may_create(r, &c->u)) {
		resp_problem(r, ERR_FORBIDDEN, "only an administrator of %s may add units under it",
			     c->u.parent[0] ? c->u.parent : "a root unit");
		rc = ERR_FORBIDDEN;
	}
	if (rc) {
		free(c);
		return rc;
	}
	c->now = r->now;
	api_actor(r, c->actor, sizeof(c->actor));
	return request_write(r, unit_create_change, unit_create_finish, c, free);
}
