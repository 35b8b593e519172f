/* Who is asking: sessions, API tokens, CSRF, roles per unit; see auth.h. */
#include "compat.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

#include <sodium.h>

#include "app/api.h"
#include "app/app.h"
#include "app/auth.h"
#include "app/ratelimit.h"
#include "core/err.h"
#include "store/units.h"

/*
 * The unit chains this request has read: the role checks of one change ask
 * about the same few units many times (docs/bench.md), and each lookup
 * otherwise borrowed a read connection for one query.
 */
#define AUTH_CHAINS_MAX 6

struct chain_memo {
	char unit[UNIT_CODE_SIZE];
	char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE];
	int n;
};

struct auth {
	struct chain_memo chains[AUTH_CHAINS_MAX];
	int n_chains, next_chain; /* filled; the one to replace when full */
	struct user user;
	bool via_token;
	int64_t token_id;
	bool has_session;
	uint8_t session_hash[TOKEN_HASH_BYTES]; /* of the session's or the token's secret */
	struct session_info session;
};

static struct ratelimit logins = RATELIMIT_INIT(AUTH_LOGIN_FAILURES_MAX, AUTH_LOGIN_WINDOW_S);

static struct auth *auth_of(struct request *r)
{
	return r->auth;
}

static bool mutating(const struct request *r)
{
	return r->method == HTTP_POST || r->method == HTTP_PUT || r->method == HTTP_DELETE ||
	       r->method == HTTP_OTHER;
}

static bool peer_is_loopback(struct request *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (!sa || sa->sa_family != AF_INET)
		return false;
	return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
}

static bool ip_text_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= AUTH_IP_TEXT_SIZE)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
		      (*p >= 'A' && *p <= 'F') || *p == '.' || *p == ':'))
			return false;
	return true;
}

void auth_client_ip(struct request *r, char out[AUTH_IP_TEXT_SIZE])
{
	const union MHD_ConnectionInfo *ci;
	const char *real = request_header(r, "X-Real-IP");

	if (real && ip_text_ok(real) && peer_is_loopback(r)) {
		snprintf(out, AUTH_IP_TEXT_SIZE, "%s", real);
		return;
	}
	snprintf(out, AUTH_IP_TEXT_SIZE, "unknown");
	ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
			  out, AUTH_IP_TEXT_SIZE);
}

bool auth_via_tls(struct request *r)
{
	const char *proto = request_header(r, "X-Forwarded-Proto");

	return proto && strcmp(proto, "https") == 0 && peer_is_loopback(r);
}

int auth_attach(struct request *r, const struct user *u)
{
	struct auth *a = calloc(1, sizeof(*a));

	if (!a)
		return ERR_NOMEM;
	auth_release(r);
	a->user = *u;
	r->auth = a;
	return 0;
}

/* Queues the refresh of a session's last use; losing it only shortens the session. */
struct touch {
	uint8_t hash[TOKEN_HASH_BYTES];
	int64_t now;
};

static int touch_change(struct store_tx *tx, void *arg)
{
	struct touch *t = arg;

	return sessions_touch(tx->db, t->hash, t->now);
}

static void touch_done(void *arg, int rc)
{
	(void)rc;
	free(arg);
}

static void session_touch(struct request *r, const struct auth *a)
{
	struct touch *t;

	if (r->now - a->session.last_seen_at < SESSION_TOUCH_S || !(t = malloc(sizeof(*t))))
		return;
	memcpy(t->hash, a->session_hash, TOKEN_HASH_BYTES);
	t->now = r->now;
	if (store_submit(r->app->store, touch_change, touch_done, t))
		free(t);
}

/* Looks the secret up; *a is filled and 0 returned when it is live. */
static int lookup(struct request *r, const char *secret, bool bearer, struct auth *a)
{
	struct db *db;
	int rc;

	if (strlen(secret) >= API_TOKEN_TEXT_SIZE)
		return ERR_NOT_FOUND;
	db = store_read_begin(r->app->store);
	if (!db)
		return ERR_BUSY;
	token_hash(secret, strlen(secret), a->session_hash);
	if (bearer)
		rc = tokens_lookup(db, a->session_hash, &a->user, &a->token_id);
	else
		rc = sessions_lookup(db, a->session_hash, r->now, &a->user, &a->session);
	a->via_token = bearer;
	a->has_session = !bearer;
	store_read_end(r->app->store, db);
	return rc;
}

static bool csrf_ok(struct request *r, const struct auth *a)
{
	const char *sent = request_header(r, "X-CSRF-Token");
	size_t len = strlen(a->session.csrf);

	if (!sent || strlen(sent) != len || len == 0)
		return false;
	return sodium_memcmp(sent, a->session.csrf, len) == 0;
}

static int deny(struct request *r, int rc, const char *detail)
{
	resp_problem(r, rc, "%s", detail);
	return rc;
}

int auth_authenticate(struct request *r)
{
	const char *authz = request_header(r, "Authorization");
	const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, AUTH_COOKIE);
	bool public = r->route->flags & ROUTE_PUBLIC;
	struct auth *a;
	int rc;

	if (!authz && (!cookie || !*cookie))
		return public ? 0 : deny(r, ERR_UNAUTHENTICATED, "sign in first");
	if (authz && strncmp(authz, "Bearer ", 7) != 0)
		return deny(r, ERR_UNAUTHENTICATED, "only 'Authorization: Bearer <token>' is accepted");
	if (!(a = calloc(1, sizeof(*a))))
		return deny(r, ERR_NOMEM, "out of memory");
	rc = lookup(r, authz ? authz + 7 : cookie, authz != NULL, a);
	if (rc) {
		free(a);
		if (rc != ERR_NOT_FOUND)
			return deny(r, rc, "cannot check the sign-in now");
		if (authz)
			return deny(r, ERR_UNAUTHENTICATED, "the token is unknown or revoked");
		return public ? 0 : deny(r, ERR_UNAUTHENTICATED, "the session has expired; sign in again");
	}
	r->auth = a;
	if (!a->via_token && mutating(r) && r->route->fn != api_session_create && !csrf_ok(r, a))
		return deny(r, ERR_CSRF, "a request signed in by cookie must send its X-CSRF-Token");
	if (!a->via_token)
		session_touch(r, a);
	return 0;
}

/* Whether one of the user's grants of `role` (NULL: any role) is in chain[0..n). */
static bool granted_in(const struct auth *a, const char *role,
		       char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE], int n)
{
	for (int g = 0; g < a->user.n_roles; g++) {
		if (role && strcmp(a->user.roles[g].role, role) != 0)
			continue;
		for (int i = 0; i < n; i++)
			if (strcmp(a->user.roles[g].unit, chain[i]) == 0)
				return true;
	}
	return false;
}

static bool holds(const struct auth *a, const char *role)
{
	for (int g = 0; g < a->user.n_roles; g++)
		if (!role || strcmp(a->user.roles[g].role, role) == 0)
			return true;
	return false;
}

/*
 * The chain of `unit` up to the root: remembered for the request, or read on
 * `db`, or on a borrowed connection when db is NULL.
 */
static int chain_of(struct request *r, struct db *db, const char *unit,
		    char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE], int *n)
{
	struct auth *a = auth_of(r);
	struct chain_memo *m;
	struct db *borrowed = NULL;
	int rc;

	*n = 0;
	if (!unit || !*unit)
		return 0;
	for (int i = 0; a && i < a->n_chains; i++) {
		if (strcmp(a->chains[i].unit, unit) == 0) {
			*n = a->chains[i].n;
			memcpy(chain, a->chains[i].chain, sizeof(a->chains[i].chain));
			return 0;
		}
	}
	if (!db && !(db = borrowed = store_read_begin(r->app->store)))
		return ERR_BUSY;
	rc = units_ancestors(db, unit, chain, n);
	if (borrowed)
		store_read_end(r->app->store, borrowed);
	if (rc || !a || strlen(unit) >= UNIT_CODE_SIZE)
		return rc;
	if (a->n_chains < AUTH_CHAINS_MAX) {
		m = &a->chains[a->n_chains++];
	} else {
		m = &a->chains[a->next_chain];
		a->next_chain = (a->next_chain + 1) % AUTH_CHAINS_MAX;
	}
	snprintf(m->unit, sizeof(m->unit), "%s", unit);
	memcpy(m->chain, chain, sizeof(m->chain));
	m->n = *n;
	return 0;
}

static bool has_role_in(struct request *r, struct db *db, const char *role, const char *unit)
{
	char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE];
	struct auth *a = auth_of(r);
	int n;

	if (!a || !holds(a, role))
		return false;
	if (!unit)
		return true;
	return chain_of(r, db, unit, chain, &n) == 0 && granted_in(a, role, chain, n);
}

bool auth_has_role(struct request *r, const char *role, const char *unit)
{
	return role && has_role_in(r, NULL, role, unit);
}

bool auth_has_role_on(struct request *r, struct db *db, const char *role, const char *unit)
{
	return role && has_role_in(r, db, role, unit);
}

bool auth_has_any_role(struct request *r, const char *unit)
{
	return has_role_in(r, NULL, NULL, unit);
}

unsigned auth_capacities(struct request *r, const struct auth_dossier_units *u)
{
	char chains[3][UNIT_DEPTH_MAX][UNIT_CODE_SIZE];
	const char *units[3] = {u->receiving, u->step, u->competent};
	struct auth *a = auth_of(r);
	unsigned caps = 0;
	int n[3];

	if (!a)
		return 0;
	for (int i = 0; i < 3; i++)
		if (chain_of(r, NULL, units[i], chains[i], &n[i]))
			n[i] = 0;
	if (granted_in(a, "receiver", chains[0], n[0]))
		caps |= AUTH_CAN_RECEIVE;
	if (granted_in(a, "specialist", chains[1], n[1]) || granted_in(a, "leader", chains[1], n[1]))
		caps |= AUTH_CAN_PROCESS;
	if (granted_in(a, "leader", chains[1], n[1]))
		caps |= AUTH_CAN_LEAD_STEP;
	if (granted_in(a, "leader", chains[2], n[2]))
		caps |= AUTH_CAN_APOLOGIZE;
	for (int i = 0; i < 3; i++) {
		if (granted_in(a, NULL, chains[i], n[i]))
			caps |= AUTH_CAN_READ;
		if (granted_in(a, "auditor", chains[i], n[i]))
			caps |= AUTH_CAN_AUDIT;
		if (granted_in(a, "admin", chains[i], n[i]))
			caps |= AUTH_CAN_CONFIGURE;
	}
	return caps;
}

bool auth_signed_in(struct request *r)
{
	return auth_of(r) != NULL;
}

bool auth_via_token(struct request *r)
{
	return auth_of(r) && auth_of(r)->via_token;
}

int64_t auth_user_id(struct request *r)
{
	return auth_of(r) ? auth_of(r)->user.id : 0;
}

const char *auth_username(struct request *r)
{
	return auth_of(r) ? auth_of(r)->user.username : NULL;
}

const char *auth_full_name(struct request *r)
{
	return auth_of(r) ? auth_of(r)->user.full_name : NULL;
}

int auth_roles(struct request *r, const struct user_role **roles)
{
	struct auth *a = auth_of(r);

	*roles = a ? a->user.roles : NULL;
	return a ? a->user.n_roles : 0;
}

const char *auth_csrf_token(struct request *r)
{
	struct auth *a = auth_of(r);

	return a && a->has_session ? a->session.csrf : NULL;
}

bool auth_session_hash(struct request *r, uint8_t hash[TOKEN_HASH_BYTES])
{
	struct auth *a = auth_of(r);

	if (!a || !a->has_session)
		return false;
	memcpy(hash, a->session_hash, TOKEN_HASH_BYTES);
	return true;
}

json_t *auth_user_json(const struct user *u)
{
	json_t *roles = json_array();

	for (int i = 0; roles && i < u->n_roles; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s}", "role", u->roles[i].role,
						       "unit", u->roles[i].unit));
	return json_pack("{s:s, s:s, s:o*}", "username", u->username, "full_name", u->full_name,
			 "roles", roles);
}

static void login_keys(const char *ip, const char *username, char ip_key[RATELIMIT_KEY_MAX + 1],
		       char user_key[RATELIMIT_KEY_MAX + 1])
{
	snprintf(ip_key, RATELIMIT_KEY_MAX + 1, "ip:%s", ip);
	snprintf(user_key, RATELIMIT_KEY_MAX + 1, "user:%s", username);
}

int64_t auth_login_wait(struct request *r, const char *ip, const char *username)
{
	char ip_key[RATELIMIT_KEY_MAX + 1], user_key[RATELIMIT_KEY_MAX + 1];
	int64_t a, b;

	login_keys(ip, username, ip_key, user_key);
	a = ratelimit_wait(&logins, ip_key, r->now);
	b = ratelimit_wait(&logins, user_key, r->now);
	return a > b ? a : b;
}

void auth_login_failed(struct request *r, const char *ip, const char *username)
{
	char ip_key[RATELIMIT_KEY_MAX + 1], user_key[RATELIMIT_KEY_MAX + 1];

	login_keys(ip, username, ip_key, user_key);
	ratelimit_fail(&logins, ip_key, r->now);
	ratelimit_fail(&logins, user_key, r->now);
}

void auth_login_succeeded(struct request *r, const char *username)
{
	char ip_key[RATELIMIT_KEY_MAX + 1], user_key[RATELIMIT_KEY_MAX + 1];

	(void)r;
	login_keys("", username, ip_key, user_key);
	ratelimit_clear(&logins, user_key);
}

void auth_release(struct request *r)
{
	free(r->auth);
	r->auth = NULL;
}
