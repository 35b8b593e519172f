/*
 * auth.h: who is asking (R-ORG-3).
 *
 * auth_authenticate() runs before every handler. It reads, in this order:
 *   - `Authorization: Bearer <token>`: an API token (store/users.h). A
 *     token that is unknown or revoked answers 401, on every route.
 *   - the `motcua_session` cookie: a session. A cookie that is unknown or
 *     expired counts as no sign-in (public routes still answer).
 * Mutating requests (POST, PUT, DELETE) signed in by cookie must carry
 * `X-CSRF-Token` equal to the session's token (compared in constant time),
 * else 403 csrf_failed; sign-in itself (POST /api/v1/session) is exempt,
 * and bearer requests need no CSRF token. A route without ROUTE_PUBLIC
 * answers 401 when nobody is signed in. The signed-in user, with the role
 * grants per unit, is then in req->auth for the handlers' checks.
 *
 * One indexed query per request reads the session or token, the user and
 * the roles (sessions_lookup). Sessions expire by the server's notion of
 * now (req->now, which the test clock sets): see store/users.h for the
 * idle and absolute limits. Refreshing a session's last use is a
 * bookkeeping write queued without waiting and without an audit record
 * (it changes no record of the administration; sign-in and sign-out are
 * audited).
 *
 * Deployment: motcua listens on loopback behind nginx, which terminates
 * TLS and sets `X-Forwarded-Proto: https` and `X-Real-IP`. Those headers
 * are believed only from a loopback peer. The session cookie is
 * `HttpOnly; SameSite=Strict; Path=/`, plus `Secure` when the request came
 * through TLS.
 *
 * Capacities for the dossier handlers (API.md "Who may act"):
 *   - auth_has_role(r, "receiver", receiving_unit): may receive, refuse,
 *     record a supplement or withdrawal brought to the counter, return;
 *   - auth_has_role(r, "specialist"|"leader", step_unit): may act on the
 *     current step (forward, request supplement, payment, complete, stop);
 *   - auth_has_role(r, "leader", competent_unit): may apologize;
 *   - auth_has_role(r, "admin", unit): configures (unit NULL: anywhere);
 *   - auditors read everything below the unit they are granted at.
 * auth_capacities() computes all of these at once for one dossier (three
 * queries). A role granted at a unit holds for every unit below it.
 *
 * Thread-safety: every function works on its own request; the sign-in
 * throttle (auth_login_*) is shared and locked.
 */
#ifndef MOTCUA_APP_AUTH_H
#define MOTCUA_APP_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"
#include "store/users.h"

#define AUTH_COOKIE "motcua_session"
/* Sign-in throttle: this many failures in the window make a client or username wait. */
#define AUTH_LOGIN_FAILURES_MAX 10
#define AUTH_LOGIN_WINDOW_S 300
#define AUTH_IP_TEXT_SIZE 46

/* 0 to go on; otherwise the request has been answered (401/403). */
int auth_authenticate(struct request *r);

/*
 * Whether the signed-in user holds `role` ("admin", "receiver",
 * "specialist", "leader", "auditor") at `unit` or at a unit above it;
 * unit NULL: at any unit. false when nobody is signed in, for an unknown
 * unit, or when no read connection is free. A request remembers the chains
 * it has read; a new unit costs one lookup per level.
 */
bool auth_has_role(struct request *r, const char *role, const char *unit);
/*
 * The same, reading the unit tree on `db` (a change's write connection):
 * no read connection is borrowed on the writer thread.
 */
bool auth_has_role_on(struct request *r, struct db *db, const char *role, const char *unit);

/* Whether the user holds any role at all at `unit` or above it. */
bool auth_has_any_role(struct request *r, const char *unit);

/* The units that decide who may act on one dossier; NULL or "" when none. */
struct auth_dossier_units {
	const char *receiving; /* the receiving unit (R-ORG-2) */
	const char *step;      /* the unit that holds the current step */
	const char *competent; /* the competent unit */
};

enum auth_capacity {
	AUTH_CAN_READ = 1u << 0,      /* any role at one of the three units or above */
	AUTH_CAN_RECEIVE = 1u << 1,   /* receiver at the receiving unit or above */
	AUTH_CAN_PROCESS = 1u << 2,   /* specialist or leader at the step's unit or above */
	AUTH_CAN_LEAD_STEP = 1u << 3, /* leader at the step's unit or above (approve, sign) */
	AUTH_CAN_APOLOGIZE = 1u << 4, /* leader at the competent unit or above */
	AUTH_CAN_AUDIT = 1u << 5,     /* auditor at one of the three units or above (reads only) */
	AUTH_CAN_CONFIGURE = 1u << 6, /* admin at one of the three units or above */
};

/* The enum auth_capacity bits of the signed-in user for one dossier; 0 when anonymous. */
unsigned auth_capacities(struct request *r, const struct auth_dossier_units *u);

/* Whether someone is signed in; whether by API token (no CSRF, no cookie). */
bool auth_signed_in(struct request *r);
bool auth_via_token(struct request *r);

/* The signed-in user's id (0 when anonymous), name and full name (NULL when anonymous). */
int64_t auth_user_id(struct request *r);
const char *auth_username(struct request *r);
const char *auth_full_name(struct request *r);

/* The user's role grants: *roles points into the request (valid until it ends). */
int auth_roles(struct request *r, const struct user_role **roles);

/* The session's CSRF token, or NULL (bearer or anonymous). */
const char *auth_csrf_token(struct request *r);
/* The hash of the cookie session's token; false when not signed in by cookie. */
bool auth_session_hash(struct request *r, uint8_t hash[TOKEN_HASH_BYTES]);

/* The user as JSON: {username, full_name, roles:[{role, unit}]}. NULL if anonymous. */
json_t *auth_user_json(const struct user *u);

/* Attaches a signed-in user to a request (sign-in answers with it). 0 or ERR_NOMEM. */
int auth_attach(struct request *r, const struct user *u);

/* The client's address (X-Real-IP from a loopback peer, else the peer). */
void auth_client_ip(struct request *r, char out[AUTH_IP_TEXT_SIZE]);
/* Whether the request came through TLS (X-Forwarded-Proto: https from loopback). */
bool auth_via_tls(struct request *r);

/*
 * The sign-in throttle, per client address and per username:
 * auth_login_wait() gives the seconds to wait (0: go on), _failed counts a
 * failure for both keys, _succeeded forgets the username's failures.
 */
int64_t auth_login_wait(struct request *r, const char *ip, const char *username);
void auth_login_failed(struct request *r, const char *ip, const char *username);
void auth_login_succeeded(struct request *r, const char *username);

/* Frees what auth_authenticate() attached to the request. */
void auth_release(struct request *r);

#endif
