/*
 * Sign-in, sign-out and API tokens (API.md "Conventions"; auth.h).
 *
 * POST /api/v1/session checks the throttle, reads the user, verifies the
 * password on the request thread (bounded), then stores the session and its
 * audit record in one change; the cookie is set only once that is durable.
 * Wrong username and wrong password answer the same 401, after the same
 * work.
 */
#include "compat.h"

#include <sodium.h>

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "core/date.h"
#include "core/err.h"
#include "store/audit.h"
#include "store/users.h"

struct session_new {
	struct user u;
	char token[TOKEN_TEXT_SIZE];
	char csrf[TOKEN_TEXT_SIZE];
	uint8_t hash[TOKEN_HASH_BYTES];
	bool secure;
	int64_t now;
};

static void session_new_free(void *p)
{
	if (p)
		sodium_memzero(p, sizeof(struct session_new));
	free(p);
}

static int session_create_change(struct store_tx *tx, void *arg)
{
	struct session_new *s = arg;
	int rc = sessions_add(tx->db, s->hash, s->u.id, s->csrf, s->now);

	if (!rc)
		rc = audit_append(tx, s->now, s->u.username, "session.create", s->u.username,
				  "{\"via\":\"password\"}");
	return rc;
}

static int session_json(struct request *r, const struct user *u, const char *csrf)
{
	json_t *user = auth_user_json(u);

	return resp_json(r, 200, json_pack("{s:o, s:s?}", "user", user, "csrf_token", csrf));
}

static int session_create_finish(struct request *r, int rc)
{
	struct session_new *s = r->ctx;

	(void)rc;
	snprintf(r->resp.set_cookie, sizeof(r->resp.set_cookie),
		 AUTH_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/%s", s->token,
		 s->secure ? "; Secure" : "");
	return session_json(r, &s->u, s->csrf);
}

static int throttled(struct request *r, int64_t wait)
{
	if (wait > AUTH_LOGIN_WINDOW_S)
		wait = AUTH_LOGIN_WINDOW_S;
	snprintf(r->resp.retry_after, sizeof(r->resp.retry_after), "%d", (int)wait);
	resp_problem(r, ERR_RATE_LIMITED, "too many failed sign-ins; try again in %" PRId64
		     " seconds", wait);
	/* resp_problem keeps the header: it only sets the body and status. */
	return ERR_RATE_LIMITED;
}

/* Reads the user and verifies the password; 0 or ERR_INVALID_CREDENTIALS, ERR_BUSY, ERR_IO. */
static int check_password(struct request *r, const char *username, const char *pw,
			  size_t pw_len, struct user *u)
{
	char hash[PASSWORD_HASH_SIZE] = "";
	struct db *db = NULL;
	int rc = 0, found = ERR_NOT_FOUND;

	if (username_valid(username, strlen(username))) {
		db = store_read_begin(r->app->store);
		if (!db)
			return ERR_BUSY;
		found = users_get(db, username, u, hash);
		store_read_end(r->app->store, db);
		if (found && found != ERR_NOT_FOUND)
			return found;
	}
	rc = password_verify(found == 0 ? hash : NULL, pw, pw_len);
	sodium_memzero(hash, sizeof(hash));
	if (!rc && !u->active)
		rc = ERR_INVALID_CREDENTIALS;
	return rc;
}

int api_session_create(struct request *r)
{
	const json_t *ju = json_object_get(r->json, "username");
	const json_t *jp = json_object_get(r->json, "password");
	uint8_t unused[TOKEN_HASH_BYTES];
	char ip[AUTH_IP_TEXT_SIZE];
	struct session_new *s;
	const char *username;
	int64_t wait;
	int rc;

	if (!json_is_string(ju) || !json_is_string(jp))
		return resp_problem(r, ERR_INVALID, "'username' and 'password' are required strings"),
		       ERR_INVALID;
	username = json_string_value(ju);
	auth_client_ip(r, ip);
	if ((wait = auth_login_wait(r, ip, username)) > 0)
		return throttled(r, wait);
	if (!(s = calloc(1, sizeof(*s))))
		return ERR_NOMEM;
	rc = check_password(r, username, json_string_value(jp), json_string_length(jp), &s->u);
	if (rc == ERR_INVALID_CREDENTIALS) {
		auth_login_failed(r, ip, username);
		resp_problem(r, rc, "wrong username or password");
	}
	if (rc) {
		session_new_free(s);
		return rc;
	}
	auth_login_succeeded(r, username);
	token_new("", s->token, sizeof(s->token), s->hash);
	token_new("", s->csrf, sizeof(s->csrf), unused);
	s->secure = auth_via_tls(r);
	s->now = r->now;
	return request_write(r, session_create_change, session_create_finish, s, session_new_free);
}

int api_session_get(struct request *r)
{
	const struct user_role *roles;
	struct user u = {0};
	int n = auth_roles(r, &roles);

	snprintf(u.username, sizeof(u.username), "%s", auth_username(r));
	snprintf(u.full_name, sizeof(u.full_name), "%s", auth_full_name(r));
	u.n_roles = n;
	memcpy(u.roles, roles, (size_t)n * sizeof(*roles));
	return session_json(r, &u, auth_csrf_token(r));
}

struct session_end {
	uint8_t hash[TOKEN_HASH_BYTES];
	char actor[AUDIT_ACTOR_MAX + 1];
	int64_t now;
};

static int session_delete_change(struct store_tx *tx, void *arg)
{
	struct session_end *s = arg;
	int rc = sessions_delete(tx->db, s->hash);

	if (rc == ERR_NOT_FOUND)
		rc = ERR_UNAUTHENTICATED; /* signed out meanwhile */
	if (!rc)
		rc = audit_append(tx, s->now, s->actor, "session.delete", s->actor, "{}");
	return rc;
}

static int session_delete_finish(struct request *r, int rc)
{
	(void)rc;
	snprintf(r->resp.set_cookie, sizeof(r->resp.set_cookie),
		 AUTH_COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
		 auth_via_tls(r) ? "; Secure" : "");
	return resp_bytes(r, 204, NULL, "", 0);
}

int api_session_delete(struct request *r)
{
	struct session_end *s = calloc(1, sizeof(*s));

	if (!s)
		return ERR_NOMEM;
	if (!auth_session_hash(r, s->hash)) {
		free(s);
		return resp_problem(r, ERR_INVALID, "signed in with an API token: revoke it with "
				    "DELETE /api/v1/tokens/{id}"), ERR_INVALID;
	}
	s->now = r->now;
	api_actor(r, s->actor, sizeof(s->actor));
	return request_write(r, session_delete_change, session_delete_finish, s, free);
}

/* --- API tokens --- */

static json_t *token_json(const struct token_info *t)
{
	char created[INSTANT_TEXT_SIZE], revoked[INSTANT_TEXT_SIZE];

	instant_format(t->created_at, created);
	instant_format(t->revoked_at, revoked);
	return json_pack("{s:I, s:s, s:s, s:s?}", "id", (json_int_t)t->id, "name", t->name,
			 "created_at", created, "revoked_at", t->revoked_at ? revoked : NULL);
}

static int append_token(const struct token_info *t, void *arg)
{
	json_t *j = token_json(t);

	return j && json_array_append_new(arg, j) == 0 ? 0 : ERR_NOMEM;
}

int api_tokens_list(struct request *r)
{
	struct api_page p = {1, 100, 0};
	json_t *items = json_array();
	struct db *db = items ? store_read_begin(r->app->store) : NULL;
	int rc = db ? tokens_list(db, auth_user_id(r), append_token, items) : ERR_BUSY;

	store_read_end(r->app->store, db);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return resp_json(r, 200, api_page_json(&p, items, (int64_t)json_array_size(items)));
}

struct token_create {
	struct token_info info;
	char token[API_TOKEN_TEXT_SIZE];
	uint8_t hash[TOKEN_HASH_BYTES];
	int64_t user_id;
	char actor[AUDIT_ACTOR_MAX + 1];
};

static void token_create_free(void *p)
{
	if (p)
		sodium_memzero(p, sizeof(struct token_create));
	free(p);
}

static int token_create_change(struct store_tx *tx, void *arg)
{
	struct token_create *t = arg;
	char object[32];
	json_t *j;
	char *detail;
	int rc = tokens_add(tx->db, t->hash, t->user_id, t->info.name, t->info.created_at,
			    &t->info.id);

	if (rc)
		return rc;
	snprintf(object, sizeof(object), "token/%" PRId64, t->info.id);
	j = json_pack("{s:s}", "name", t->info.name);
	detail = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	rc = detail ? audit_append(tx, t->info.created_at, t->actor, "token.create", object, detail)
		    : ERR_NOMEM;
	free(detail);
	return rc;
}

static int token_create_finish(struct request *r, int rc)
{
	struct token_create *t = r->ctx;
	json_t *j = token_json(&t->info);

	(void)rc;
	if (j)
		json_object_set_new(j, "token", json_string(t->token));
	return resp_json(r, 201, j);
}

int api_tokens_create(struct request *r)
{
	const json_t *name = json_object_get(r->json, "name");
	struct token_create *t;
	size_t len;

	if (!json_is_string(name) || (len = json_string_length(name)) == 0 ||
	    len > API_TOKEN_NAME_MAX || memchr(json_string_value(name), '\0', len))
		return resp_problem(r, ERR_INVALID, "name: a string of 1-%d bytes",
				    API_TOKEN_NAME_MAX), ERR_INVALID;
	if (!(t = calloc(1, sizeof(*t))))
		return ERR_NOMEM;
	memcpy(t->info.name, json_string_value(name), len + 1);
	token_new(API_TOKEN_PREFIX, t->token, sizeof(t->token), t->hash);
	t->user_id = auth_user_id(r);
	t->info.created_at = r->now;
	api_actor(r, t->actor, sizeof(t->actor));
	return request_write(r, token_create_change, token_create_finish, t, token_create_free);
}

struct token_end {
	int64_t id, owner, now;
	char actor[AUDIT_ACTOR_MAX + 1];
};

static int token_delete_change(struct store_tx *tx, void *arg)
{
	struct token_end *t = arg;
	char object[32];
	int rc = tokens_revoke(tx->db, t->id, t->owner, t->now);

	snprintf(object, sizeof(object), "token/%" PRId64, t->id);
	if (!rc)
		rc = audit_append(tx, t->now, t->actor, "token.revoke", object, "{}");
	return rc;
}

static int token_delete_finish(struct request *r, int rc)
{
	(void)rc;
	return resp_bytes(r, 204, NULL, "", 0);
}

int api_tokens_delete(struct request *r)
{
	const char *p = request_param(r, 0);
	struct token_end *t;
	char *end;
	long long id;

	errno = 0;
	id = strtoll(p, &end, 10);
	if (errno || *end || id <= 0 || *p < '1' || *p > '9')
		return resp_problem(r, ERR_NOT_FOUND, "no token %.20s", p), ERR_NOT_FOUND;
	if (!(t = calloc(1, sizeof(*t))))
		return ERR_NOMEM;
	t->id = id;
	/* An administrator may revoke anyone's token; others only their own. */
	t->owner = auth_has_role(r, "admin", NULL) ? 0 : auth_user_id(r);
	t->now = r->now;
	api_actor(r, t->actor, sizeof(t->actor));
	return request_write(r, token_delete_change, token_delete_finish, t, free);
}
