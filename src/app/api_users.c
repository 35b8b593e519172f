/*
 * Staff users (API.md "Catalog and organisation"; R-ORG-3): administrators
 * list and create them. Passwords are hashed here, on the request thread
 * (bounded by store/users.h's semaphore), never on the writer, and never
 * returned or logged.
 */
#include "compat.h"

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "core/date.h"
#include "core/err.h"
#include "core/fold.h"
#include "store/audit.h"
#include "store/units.h"
#include "store/users.h"

static json_t *user_json(const struct user *u)
{
	char created[INSTANT_TEXT_SIZE];
	json_t *j = auth_user_json(u);

	instant_format(u->created_at, created);
	if (j) {
		json_object_set_new(j, "active", json_boolean(u->active));
		json_object_set_new(j, "created_at", json_string(created));
	}
	return j;
}

static int append_user(const struct user *u, void *arg)
{
	json_t *j = user_json(u);

	return j && json_array_append_new(arg, j) == 0 ? 0 : ERR_NOMEM;
}

int api_users_list(struct request *r)
{
	struct api_page p;
	struct db *db;
	json_t *items;
	int64_t total = 0;
	int rc;

	if (!auth_has_role(r, "admin", NULL))
		return resp_problem(r, ERR_FORBIDDEN, "administrators only"), ERR_FORBIDDEN;
	if (api_paging(r, &p))
		return ERR_INVALID;
	if (!(items = json_array()))
		return ERR_NOMEM;
	db = store_read_begin(r->app->store);
	rc = db ? users_count(db, &total) : ERR_BUSY;
	if (!rc)
		rc = users_list(db, p.offset, (int)p.per_page, append_user, items);
	store_read_end(r->app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return resp_json(r, 200, api_page_json(&p, items, total));
}

struct user_create {
	struct user u;
	char hash[PASSWORD_HASH_SIZE];
	char actor[AUDIT_ACTOR_MAX + 1];
	char *detail;
	int64_t now;
};

static void user_create_free(void *p)
{
	struct user_create *c = p;

	if (c)
		free(c->detail);
	free(c);
}

static int user_create_change(struct store_tx *tx, void *arg)
{
	struct user_create *c = arg;
	int rc = users_add(tx->db, &c->u, c->hash, c->now, &c->u.id, NULL, 0);

	if (!rc)
		rc = audit_append(tx, c->now, c->actor, "user.create", c->u.username, c->detail);
	return rc;
}

static int user_create_finish(struct request *r, int rc)
{
	struct user_create *c = r->ctx;

	(void)rc;
	c->u.active = true;
	c->u.created_at = c->now;
	return resp_json(r, 201, user_json(&c->u));
}

/* Answers 400 "<field>: <why>". */
static int bad(struct request *r, const char *field, const char *why)
{
	resp_problem(r, ERR_INVALID, "%s: %s", field, why);
	return ERR_INVALID;
}

/* A string member of o into out[0..size), or an answered 400. */
static int take_string(struct request *r, const json_t *o, const char *key, char *out,
		       size_t size, bool nfc)
{
	const json_t *v = json_object_get(o, key);
	size_t len;

	if (!json_is_string(v))
		return bad(r, key, "a string is required");
	len = json_string_length(v);
	if (fold_check_utf8(json_string_value(v), len))
		return bad(r, key, "must be UTF-8 text without NUL");
	if (nfc ? fold_nfc(json_string_value(v), len, out, size, NULL) != 0 : len >= size)
		return resp_problem(r, ERR_INVALID, "%s: at most %zu bytes", key, size - 1),
		       ERR_INVALID;
	if (!nfc)
		memcpy(out, json_string_value(v), len + 1);
	return 0;
}

static int take_roles(struct request *r, struct user *u)
{
	const json_t *roles = json_object_get(r->json, "roles");
	size_t i;
	json_t *g;

	if (!roles)
		return 0;
	if (!json_is_array(roles) || json_array_size(roles) > USER_ROLES_MAX)
		return resp_problem(r, ERR_INVALID, "roles: an array of at most %d {role, unit}",
				    USER_ROLES_MAX),
		       ERR_INVALID;
	json_array_foreach(roles, i, g) {
		struct user_role *ur = &u->roles[i];

		if (!json_is_object(g) ||
		    take_string(r, g, "role", ur->role, sizeof(ur->role), false) ||
		    take_string(r, g, "unit", ur->unit, sizeof(ur->unit), false)) {
			if (!r->answered)
				resp_problem(r, ERR_INVALID, "roles[%zu]: {role, unit}", i);
			return ERR_INVALID;
		}
		if (!user_role_valid(ur->role))
			return resp_problem(r, ERR_INVALID, "roles[%zu].role: one of %s", i,
					    USER_ROLES),
			       ERR_INVALID;
		u->n_roles++;
	}
	return 0;
}

/* The body into c->u; the password is checked and left in the JSON. */
static int user_parse(struct request *r, struct user_create *c, const char **pw, size_t *pw_len)
{
	const json_t *p = json_object_get(r->json, "password");
	int rc;

	if (take_string(r, r->json, "username", c->u.username, sizeof(c->u.username), false))
		return ERR_INVALID;
	if (!username_valid(c->u.username, strlen(c->u.username)))
		return resp_problem(r, ERR_INVALID, "username: %d-%d of a-z 0-9 . _ -, starting "
				    "with a letter", USERNAME_MIN, USERNAME_MAX),
		       ERR_INVALID;
	if (take_string(r, r->json, "full_name", c->u.full_name, sizeof(c->u.full_name), true))
		return ERR_INVALID;
	if (!c->u.full_name[0])
		return bad(r, "full_name", "must not be empty");
	if (!json_is_string(p))
		return bad(r, "password", "a string is required");
	*pw = json_string_value(p);
	*pw_len = json_string_length(p);
	rc = password_check(*pw, *pw_len);
	if (rc)
		return resp_problem(r, ERR_INVALID, "password: %d to %d characters of UTF-8",
				    PASSWORD_MIN_CHARS, PASSWORD_BYTES_MAX),
		       ERR_INVALID;
	return take_roles(r, &c->u);
}

/* 409 for a taken username, 400 for an unknown unit, 403 outside the admin's units. */
static int user_check(struct request *r, const struct user *u)
{
	struct db *db = store_read_begin(r->app->store);
	struct user old;
	struct unit unit;
	int rc = db ? users_get(db, u->username, &old, NULL) : ERR_BUSY;
	int i;

	if (rc == 0)
		rc = ERR_CONFLICT;
	else if (rc == ERR_NOT_FOUND)
		rc = 0;
	for (i = 0; !rc && i < u->n_roles; i++)
		rc = units_get(db, u->roles[i].unit, &unit) == 0 ? 0 : ERR_INVALID;
	store_read_end(r->app->store, db);
	if (rc == ERR_CONFLICT)
		return resp_problem(r, rc, "username: %s exists already", u->username), rc;
	if (rc == ERR_INVALID)
		return resp_problem(r, rc, "roles[%d].unit: no unit %s", i - 1,
				    u->roles[i - 1].unit), rc;
	for (i = 0; !rc && i < u->n_roles; i++)
		if (!auth_has_role(r, "admin", u->roles[i].unit))
			return resp_problem(r, ERR_FORBIDDEN, "you are not an administrator of %s",
					    u->roles[i].unit), ERR_FORBIDDEN;
	return rc;
}

static char *user_detail(const struct user *u)
{
	json_t *j = auth_user_json(u);
	char *s;

	if (j)
		json_object_del(j, "username");
	s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return s;
}

int api_users_create(struct request *r)
{
	struct user_create *c;
	const char *pw = NULL;
	size_t pw_len = 0;
	int rc;

	if (!auth_has_role(r, "admin", NULL))
		return resp_problem(r, ERR_FORBIDDEN, "administrators only"), ERR_FORBIDDEN;
	if (!(c = calloc(1, sizeof(*c))))
		return ERR_NOMEM;
	rc = user_parse(r, c, &pw, &pw_len);
	if (!rc)
		rc = user_check(r, &c->u);
	if (!rc && !(c->detail = user_detail(&c->u)))
		rc = ERR_NOMEM;
	if (!rc)
		rc = password_hash(pw, pw_len, c->hash);
	if (rc) {
		user_create_free(c);
		return rc;
	}
	c->now = r->now;
	api_actor(r, c->actor, sizeof(c->actor));
	return request_write(r, user_create_change, user_create_finish, c, user_create_free);
}
