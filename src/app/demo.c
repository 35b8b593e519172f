/* The demo users; see demo.h. */
#include "compat.h"

#include <time.h>

#include "app/demo.h"
#include "core/err.h"
#include "store/audit.h"
#include "store/users.h"

static const struct {
	const char *username, *full_name, *role, *unit;
} demo_users[] = {
	{"admin", "Quản trị hệ thống", "admin", "000.00.00.H27"},
	{"tiepnhan", "Nguyễn Thị Lan", "receiver", "000.00.20.H27"},
	{"chuyenvien", "Trần Văn Minh", "specialist", "010.00.03.H27"},
	{"lanhdao", "Phạm Quốc Hùng", "leader", "000.00.03.H27"},
	{"thanhtra", "Lê Thị Hoa", "auditor", "000.00.00.H27"},
	/* City-wide staff who handle the generated dossiers of every unit. */
	{"canbo.tiepnhan", "Đỗ Thu Trang", "receiver", "000.00.00.H27"},
	{"canbo.chuyenvien", "Vũ Đức Long", "specialist", "000.00.00.H27"},
	{"canbo.lanhdao", "Bùi Minh Sơn", "leader", "000.00.00.H27"},
};

#define DEMO_USERS ARRAY_SIZE(demo_users)

struct demo {
	struct user u[DEMO_USERS];
	char hash[DEMO_USERS][PASSWORD_HASH_SIZE];
	int64_t now;
};

static int demo_change(struct store_tx *tx, void *arg)
{
	struct demo *d = arg;
	struct user old;
	char detail[256];
	int rc = 0;

	for (size_t i = 0; i < DEMO_USERS && !rc; i++) {
		rc = users_get(tx->db, d->u[i].username, &old, NULL);
		if (rc == 0)
			continue; /* kept as it is */
		if (rc != ERR_NOT_FOUND)
			break;
		rc = users_add(tx->db, &d->u[i], d->hash[i], d->now, NULL, NULL, 0);
		snprintf(detail, sizeof(detail), "{\"roles\":[{\"role\":\"%s\",\"unit\":\"%s\"}]}",
			 d->u[i].roles[0].role, d->u[i].roles[0].unit);
		if (!rc)
			rc = audit_append(tx, d->now, "demo", "user.create", d->u[i].username, detail);
	}
	return rc;
}

int demo_users_create(struct store *s, const char *password)
{
	struct demo *d = calloc(1, sizeof(*d));
	struct timespec ts;
	int rc = 0;

	if (!d)
		return ERR_NOMEM;
	if (password_check(password, strlen(password))) {
		rc = ERR_INVALID;
		goto out;
	}
	for (size_t i = 0; i < DEMO_USERS && !rc; i++) {
		struct user *u = &d->u[i];

		snprintf(u->username, sizeof(u->username), "%s", demo_users[i].username);
		snprintf(u->full_name, sizeof(u->full_name), "%s", demo_users[i].full_name);
		snprintf(u->roles[0].role, sizeof(u->roles[0].role), "%s", demo_users[i].role);
		snprintf(u->roles[0].unit, sizeof(u->roles[0].unit), "%s", demo_users[i].unit);
		u->n_roles = 1;
		rc = password_hash(password, strlen(password), d->hash[i]);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	d->now = ts.tv_sec;
	if (!rc)
		rc = store_write(s, demo_change, d);
out:
	free(d);
	return rc;
}
