#include "compat.h"

#include "app/auth.h"
#include "core/err.h"

int auth_authenticate(struct request *r)
{
	if (r->route->flags & ROUTE_PUBLIC)
		return 0;
	/* Sign-in (sessions, bearer tokens) is not there yet: nobody is signed in. */
	resp_problem(r, ERR_UNAUTHENTICATED, "sign in first");
	return ERR_UNAUTHENTICATED;
}

bool auth_has_role(struct request *r, const char *role, const char *unit)
{
	(void)role;
	(void)unit;
	return r->auth != NULL;
}

const char *auth_username(struct request *r)
{
	(void)r;
	return NULL;
}

void auth_release(struct request *r)
{
	r->auth = NULL;
}
