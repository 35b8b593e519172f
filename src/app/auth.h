/*
 * auth.h: who is asking (R-ORG-3).
 *
 * auth_authenticate() runs before every handler: it reads the session
 * cookie or the bearer token, checks the CSRF header on cookie-
 * authenticated writes, and answers 401 for a route that needs a signed-in
 * user when there is none. The user (with their role grants per unit) is
 * then in req->auth for the handlers' permission checks.
 */
#ifndef MOTCUA_APP_AUTH_H
#define MOTCUA_APP_AUTH_H

#include "http/http.h"

/* 0 to go on; otherwise the request has been answered (401/403). */
int auth_authenticate(struct request *r);
/*
 * Whether the signed-in user holds `role` ("admin", "receiver",
 * "specialist", "leader", "auditor") at `unit` or at a unit above it;
 * unit NULL: at any unit.
 */
bool auth_has_role(struct request *r, const char *role, const char *unit);

/* The signed-in user's name, or NULL. */
const char *auth_username(struct request *r);

/* Frees what auth_authenticate() attached to the request. */
void auth_release(struct request *r);

#endif
