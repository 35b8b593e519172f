/*
 * Tests of store/users (passwords, users and role grants, sessions, API
 * tokens), store/units (validation, the tree, units_within) and the
 * sign-in throttle (app/ratelimit). A real SQLite file in a temporary
 * directory; writes go through the store's writer like the server's.
 */
#include "compat.h"

#include <pthread.h>

#include <sodium.h>

#include "app/ratelimit.h"
#include "core/err.h"
#include "store/store.h"
#include "store/units.h"
#include "store/users.h"

#include "testutil.h"

#define NOW 1767225600 /* 2026-01-01T07:00:00+07:00 */

/* A write run on the writer thread: fn(db, arg). */
struct call {
	int (*fn)(struct db *db, void *arg);
	void *arg;
};

static int call_change(struct store_tx *tx, void *arg)
{
	struct call *c = arg;

	return c->fn(tx->db, c->arg);
}

static int run_write(struct tmp_fixture *f, int (*fn)(struct db *, void *), void *arg)
{
	struct call c = {fn, arg};

	return store_write(f->s, call_change, &c);
}

static struct unit make_unit(const char *code, const char *level, const char *parent,
			     const char *kind)
{
	struct unit u;

	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "%s", code);
	snprintf(u.name, sizeof(u.name), "Đơn vị %s", code);
	snprintf(u.level, sizeof(u.level), "%s", level);
	snprintf(u.parent, sizeof(u.parent), "%s", parent);
	snprintf(u.kind, sizeof(u.kind), "%s", kind);
	return u;
}

static int put_unit(struct db *db, void *arg)
{
	return units_put(db, arg);
}

/* root → department → division; root → centre. */
static int setup(void **state)
{
	struct tmp_fixture *f;
	struct unit tree[] = {
		make_unit("000.00.00.H99", "province", "", "people_committee"),
		make_unit("000.00.03.H99", "department", "000.00.00.H99", "department"),
		make_unit("010.00.03.H99", "division", "000.00.03.H99", "business_registration"),
		make_unit("000.00.20.H99", "service_centre", "000.00.00.H99", "service_centre"),
	};

	if (sodium_init() < 0 || tmp_store_setup(state))
		return -1;
	f = *state;
	for (size_t i = 0; i < ARRAY_SIZE(tree); i++)
		if (run_write(f, put_unit, &tree[i]))
			return -1;
	return 0;
}

/* --- passwords and tokens --- */

static void test_password_hash_and_verify(void **state)
{
	char hash[PASSWORD_HASH_SIZE];
	static const char pw[] = "mật khẩu dài đủ";

	(void)state;
	assert_int_equal(password_hash(pw, strlen(pw), hash), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_null(strstr(hash, pw));
	assert_int_equal(password_verify(hash, pw, strlen(pw)), 0);
	assert_int_equal(password_verify(hash, "mật khẩu dài đủ!", strlen(pw) + 1),
			 ERR_INVALID_CREDENTIALS);
	assert_int_equal(password_verify(hash, "", 0), ERR_INVALID_CREDENTIALS);
	/* An unknown user: the same work, never a match. */
	assert_int_equal(password_verify(NULL, pw, strlen(pw)), ERR_INVALID_CREDENTIALS);
	assert_int_equal(password_verify(NULL, "", 0), ERR_INVALID_CREDENTIALS);
}

static void test_password_rules(void **state)
{
	static char big[PASSWORD_BYTES_MAX + 2];
	char hash[PASSWORD_HASH_SIZE];

	(void)state;
	assert_int_equal(password_check("123456789", 9), ERR_INVALID);
	assert_int_equal(password_check("1234567890", 10), 0);
	/* Characters, not bytes: 9 letters with diacritics are still too few. */
	assert_int_equal(password_check("ắằẳẵặấầẩẫ", strlen("ắằẳẵặấầẩẫ")), ERR_INVALID);
	assert_int_equal(password_check("ắằẳẵặấầẩẫậ", strlen("ắằẳẵặấầẩẫậ")), 0);
	assert_int_equal(password_check("abcdefghi\xff", 10), ERR_INVALID);
	memset(big, 'x', sizeof(big) - 1);
	assert_int_equal(password_check(big, PASSWORD_BYTES_MAX), 0);
	assert_int_equal(password_check(big, PASSWORD_BYTES_MAX + 1), ERR_TOO_LARGE);
	assert_int_equal(password_hash(big, PASSWORD_BYTES_MAX + 1, hash), ERR_TOO_LARGE);
}

#define HASHERS 5

static void *hasher(void *arg)
{
	char hash[PASSWORD_HASH_SIZE];

	(void)arg;
	if (password_hash("parallel password", 17, hash) ||
	    password_verify(hash, "parallel password", 17))
		return (void *)1;
	return NULL;
}

/* More callers than slots: they wait their turn, all succeed. */
static void test_password_concurrency(void **state)
{
	pthread_t t[HASHERS];

	(void)state;
	for (int i = 0; i < HASHERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hasher, NULL), 0);
	for (int i = 0; i < HASHERS; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		assert_null(ret);
	}
}

static void test_tokens_are_random_and_hashed(void **state)
{
	char a[API_TOKEN_TEXT_SIZE], b[TOKEN_TEXT_SIZE];
	uint8_t ha[TOKEN_HASH_BYTES], hb[TOKEN_HASH_BYTES], again[TOKEN_HASH_BYTES];

	(void)state;
	token_new(API_TOKEN_PREFIX, a, sizeof(a), ha);
	token_new("", b, sizeof(b), hb);
	assert_int_equal(strncmp(a, API_TOKEN_PREFIX, 4), 0);
	assert_int_equal(strlen(a), 4 + 43);
	assert_int_equal(strlen(b), 43);
	for (const char *p = b; *p; p++)
		assert_true((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_');
	assert_memory_not_equal(ha, hb, TOKEN_HASH_BYTES);
	token_hash(b, strlen(b), again);
	assert_memory_equal(hb, again, TOKEN_HASH_BYTES);
}

static void test_username_and_roles(void **state)
{
	(void)state;
	assert_true(username_valid("admin", 5));
	assert_true(username_valid("nguyen.van-a_2", 14));
	assert_false(username_valid("ab", 2));
	assert_false(username_valid("Admin", 5));
	assert_false(username_valid("1admin", 6));
	assert_false(username_valid("ad min", 6));
	assert_false(username_valid("abcdefghijklmnopqrstuvwxyzabcdefg", 33));
	assert_true(user_role_valid("admin"));
	assert_true(user_role_valid("receiver"));
	assert_true(user_role_valid("specialist"));
	assert_true(user_role_valid("leader"));
	assert_true(user_role_valid("auditor"));
	assert_false(user_role_valid("applicant"));
	assert_false(user_role_valid("Admin"));
}

/* --- units --- */

struct unit_try {
	struct unit u;
	struct unit_problem p;
};

static int try_upsert(struct db *db, void *arg)
{
	struct unit_try *t = arg;

	return units_upsert(db, &t->u, &t->p);
}

static int try_add(struct db *db, void *arg)
{
	struct unit_try *t = arg;

	return units_add(db, &t->u, &t->p);
}

/* Expects the upsert of u to fail naming field. */
static void expect_bad_unit(struct tmp_fixture *f, struct unit u, const char *field)
{
	struct unit_try t = {.u = u};

	assert_int_equal(run_write(f, try_upsert, &t), ERR_INVALID);
	assert_string_equal(t.p.field, field);
}

static void test_units_validation(void **state)
{
	struct tmp_fixture *f = *state;
	struct unit u = make_unit("011.00.03.H99", "division", "000.00.03.H99", "office");
	struct unit_try t;

	expect_bad_unit(f, make_unit("11.00.03.H99", "division", "000.00.03.H99", ""), "code");
	expect_bad_unit(f, make_unit("011.00.03.h99", "division", "000.00.03.H99", ""), "code");
	expect_bad_unit(f, make_unit("011.00.03.H99", "bureau", "000.00.03.H99", ""), "level");
	expect_bad_unit(f, make_unit("011.00.03.H99", "division", "000.00.99.H99", ""), "parent");
	expect_bad_unit(f, make_unit("011.00.03.H99", "division", "", ""), "parent");
	expect_bad_unit(f, make_unit("011.00.03.H99", "division", "011.00.03.H99", ""), "parent");
	expect_bad_unit(f, make_unit("011.00.03.H99", "division", "000.00.03.H99", "Bad"), "kind");
	t.u = u;
	t.u.name[0] = '\0';
	expect_bad_unit(f, t.u, "name");
	t.u = u;
	snprintf(t.u.valid_from, sizeof(t.u.valid_from), "2025-02-30");
	expect_bad_unit(f, t.u, "valid_from");
	t.u = u;
	snprintf(t.u.valid_from, sizeof(t.u.valid_from), "2025-07-01");
	snprintf(t.u.valid_to, sizeof(t.u.valid_to), "2025-06-30");
	expect_bad_unit(f, t.u, "valid_to");
	t.u = u;
	snprintf(t.u.successor, sizeof(t.u.successor), "000.00.03.H99");
	expect_bad_unit(f, t.u, "successor"); /* a successor needs valid_to */
	snprintf(t.u.valid_to, sizeof(t.u.valid_to), "2025-06-30");
	snprintf(t.u.successor, sizeof(t.u.successor), "000.00.04.H99");
	expect_bad_unit(f, t.u, "successor"); /* no such unit */
	t.u = u;
	snprintf(t.u.office_hours, sizeof(t.u.office_hours), "17:00-07:00");
	expect_bad_unit(f, t.u, "office_hours");
	t.u = u;
	snprintf(t.u.cutoff, sizeof(t.u.cutoff), "25:00");
	expect_bad_unit(f, t.u, "cutoff");
	/* A good one, then the same code again: upsert replaces, add conflicts. */
	t.u = u;
	snprintf(t.u.valid_to, sizeof(t.u.valid_to), "2025-06-30");
	snprintf(t.u.successor, sizeof(t.u.successor), "010.00.03.H99");
	assert_int_equal(run_write(f, try_add, &t), 0);
	assert_int_equal(run_write(f, try_add, &t), ERR_CONFLICT);
	assert_string_equal(t.p.field, "code");
	assert_int_equal(run_write(f, try_upsert, &t), 0);
	/* Moving the department under its own division would make a loop. */
	t.u = make_unit("000.00.03.H99", "department", "010.00.03.H99", "department");
	assert_int_equal(run_write(f, try_upsert, &t), ERR_INVALID);
	assert_string_equal(t.p.field, "parent");
	assert_non_null(strstr(t.p.why, "loop"));
}

static void test_units_depth_limit(void **state)
{
	struct tmp_fixture *f = *state;
	char parent[UNIT_CODE_SIZE] = "000.00.03.H99", code[UNIT_CODE_SIZE];
	struct unit_try t;

	/* root (1), department (2), then divisions 3..UNIT_DEPTH_MAX. */
	for (int depth = 3; depth <= UNIT_DEPTH_MAX; depth++) {
		snprintf(code, sizeof(code), "%03d.00.03.H99", 100 + depth);
		t.u = make_unit(code, "division", parent, "");
		assert_int_equal(run_write(f, try_upsert, &t), 0);
		snprintf(parent, sizeof(parent), "%s", code);
	}
	t.u = make_unit("199.00.03.H99", "division", parent, "");
	assert_int_equal(run_write(f, try_upsert, &t), ERR_INVALID);
	assert_string_equal(t.p.field, "parent");
}

static int count_unit(const struct unit *u, void *arg)
{
	(void)u;
	(*(int *)arg)++;
	return 0;
}

static void test_units_reads(void **state)
{
	struct tmp_fixture *f = *state;
	struct db *db = store_read_begin(f->s);
	char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE];
	struct unit_filter all = {0}, children = {"000.00.00.H99", NULL}, divisions = {NULL, "division"};
	struct unit u;
	int64_t total;
	int n = 0;

	assert_int_equal(units_get(db, "010.00.03.H99", &u), 0);
	assert_string_equal(u.level, "division");
	assert_string_equal(u.parent, "000.00.03.H99");
	assert_string_equal(u.name, "Đơn vị 010.00.03.H99");
	assert_int_equal(units_get(db, "010.00.04.H99", &u), ERR_NOT_FOUND);
	assert_int_equal(units_child_of_kind(db, "000.00.03.H99", "business_registration", &u), 0);
	assert_string_equal(u.code, "010.00.03.H99");
	assert_int_equal(units_child_of_kind(db, "000.00.03.H99", "justice", &u), ERR_NOT_FOUND);
	assert_int_equal(units_ancestors(db, "010.00.03.H99", chain, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(chain[0], "010.00.03.H99");
	assert_string_equal(chain[2], "000.00.00.H99");
	assert_int_equal(units_ancestors(db, "999.00.03.H99", chain, &n), ERR_NOT_FOUND);
	assert_int_equal(units_count(db, &all, &total), 0);
	assert_int_equal(total, 4);
	assert_int_equal(units_count(db, &children, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(units_count(db, &divisions, &total), 0);
	assert_int_equal(total, 1);
	n = 0;
	assert_int_equal(units_list(db, &all, 1, 2, count_unit, &n), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(units_list(db, &all, 3, 200, count_unit, &n), 0);
	assert_int_equal(n, 1);
	store_read_end(f->s, db);
}

static void test_units_within(void **state)
{
	struct tmp_fixture *f = *state;
	struct db *db = store_read_begin(f->s);

	assert_true(units_within(db, "010.00.03.H99", "010.00.03.H99"));
	assert_true(units_within(db, "010.00.03.H99", "000.00.03.H99"));
	assert_true(units_within(db, "010.00.03.H99", "000.00.00.H99"));
	assert_false(units_within(db, "000.00.03.H99", "010.00.03.H99"));
	assert_false(units_within(db, "010.00.03.H99", "000.00.20.H99"));
	assert_false(units_within(db, "000.00.20.H99", "000.00.03.H99"));
	assert_false(units_within(db, "999.00.03.H99", "000.00.00.H99"));
	assert_false(units_within(db, "010.00.03.H99", "999.00.00.H99"));
	store_read_end(f->s, db);
}

/* Writes a raw SQL statement past the store's checks (foreign keys off), as a damaged file would. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *raw;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

/* A chain that ends at a missing parent, or goes round, is refused (ERR_RANGE), not followed. */
static void test_units_ancestors_broken(void **state)
{
	struct tmp_fixture *f = *state;
	char chain[UNIT_DEPTH_MAX][UNIT_CODE_SIZE];
	struct db *db;
	int n = -1;

	raw_sql(f->path, "INSERT INTO units(code, name, level, parent) VALUES "
			 "('020.00.03.H99', 'lost', 'division', '777.00.03.H99'),"
			 "('030.00.03.H99', 'a', 'division', '040.00.03.H99'),"
			 "('040.00.03.H99', 'b', 'division', '030.00.03.H99')");
	db = store_read_begin(f->s);
	assert_int_equal(units_ancestors(db, "020.00.03.H99", chain, &n), ERR_RANGE);
	assert_int_equal(n, 0);
	assert_int_equal(units_ancestors(db, "030.00.03.H99", chain, &n), ERR_RANGE);
	assert_int_equal(n, 0);
	assert_int_equal(units_ancestors(db, "000.00.00.H99", chain, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(chain[0], "000.00.00.H99");
	store_read_end(f->s, db);
}

/* --- users and role grants --- */

struct user_try {
	struct user u;
	const char *hash;
	int64_t id;
	char why[160];
};

static int try_user(struct db *db, void *arg)
{
	struct user_try *t = arg;

	return users_add(db, &t->u, t->hash, NOW, &t->id, t->why, sizeof(t->why));
}

static struct user_try make_user(const char *name, const char *role, const char *unit)
{
	struct user_try t;

	memset(&t, 0, sizeof(t));
	snprintf(t.u.username, sizeof(t.u.username), "%s", name);
	snprintf(t.u.full_name, sizeof(t.u.full_name), "Nguyễn Văn %s", name);
	if (role) {
		snprintf(t.u.roles[0].role, ROLE_MAX, "%s", role);
		snprintf(t.u.roles[0].unit, UNIT_CODE_SIZE, "%s", unit);
		t.u.n_roles = 1;
	}
	t.hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
	return t;
}

static int64_t add_user(struct tmp_fixture *f, const char *name, const char *role, const char *unit)
{
	struct user_try t = make_user(name, role, unit);

	assert_int_equal(run_write(f, try_user, &t), 0);
	assert_true(t.id > 0);
	return t.id;
}

static int count_user(const struct user *u, void *arg)
{
	assert_true(u->n_roles <= USER_ROLES_MAX);
	(*(int *)arg)++;
	return 0;
}

static void test_users_and_grants(void **state)
{
	struct tmp_fixture *f = *state;
	struct user_try t = make_user("lanhdao", "leader", "000.00.03.H99");
	char hash[PASSWORD_HASH_SIZE];
	struct user u;
	struct db *db;
	int64_t total;
	int n = 0;

	t.u.n_roles = 2;
	snprintf(t.u.roles[1].role, ROLE_MAX, "auditor");
	snprintf(t.u.roles[1].unit, UNIT_CODE_SIZE, "000.00.00.H99");
	assert_int_equal(run_write(f, try_user, &t), 0);
	assert_int_equal(run_write(f, try_user, &t), ERR_CONFLICT);
	t = make_user("xyz1", "boss", "000.00.03.H99");
	assert_int_equal(run_write(f, try_user, &t), ERR_INVALID);
	assert_non_null(strstr(t.why, "roles[0].role"));
	t = make_user("xyz1", "leader", "000.00.09.H99");
	assert_int_equal(run_write(f, try_user, &t), ERR_INVALID);
	assert_non_null(strstr(t.why, "roles[0].unit"));
	t = make_user("xyz1", "leader", "000.00.03.H99");
	t.u.roles[1] = t.u.roles[0];
	t.u.n_roles = 2;
	assert_int_equal(run_write(f, try_user, &t), ERR_INVALID);
	t = make_user("X1", NULL, NULL);
	assert_int_equal(run_write(f, try_user, &t), ERR_INVALID);
	assert_non_null(strstr(t.why, "username"));
	t = make_user("xyz1", NULL, NULL);
	t.u.full_name[0] = '\0';
	assert_int_equal(run_write(f, try_user, &t), ERR_INVALID);
	add_user(f, "norole", NULL, NULL);

	db = store_read_begin(f->s);
	assert_int_equal(users_get(db, "lanhdao", &u, hash), 0);
	assert_string_equal(u.full_name, "Nguyễn Văn lanhdao");
	assert_true(u.active);
	assert_int_equal(u.created_at, NOW);
	assert_int_equal(u.n_roles, 2);
	assert_string_equal(u.roles[0].role, "auditor"); /* ordered by role */
	assert_string_equal(u.roles[1].role, "leader");
	assert_string_equal(u.roles[1].unit, "000.00.03.H99");
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_int_equal(users_get(db, "xyz1", &u, NULL), ERR_NOT_FOUND);
	assert_int_equal(users_count(db, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(users_list(db, 0, 200, count_user, &n), 0);
	assert_int_equal(n, 2);
	store_read_end(f->s, db);
}

/* --- sessions --- */

struct session_try {
	uint8_t hash[TOKEN_HASH_BYTES];
	int64_t user_id, now;
};

static int try_session_add(struct db *db, void *arg)
{
	struct session_try *t = arg;

	return sessions_add(db, t->hash, t->user_id, "csrf-token", t->now);
}

static int try_session_touch(struct db *db, void *arg)
{
	struct session_try *t = arg;

	return sessions_touch(db, t->hash, t->now);
}

static int try_session_delete(struct db *db, void *arg)
{
	struct session_try *t = arg;

	return sessions_delete(db, t->hash);
}

static int lookup(struct tmp_fixture *f, const uint8_t hash[TOKEN_HASH_BYTES], int64_t now,
		  struct user *u)
{
	struct session_info info;
	struct db *db = store_read_begin(f->s);
	int rc = sessions_lookup(db, hash, now, u, &info);

	store_read_end(f->s, db);
	if (!rc)
		assert_string_equal(info.csrf, "csrf-token");
	return rc;
}

static void test_sessions(void **state)
{
	struct tmp_fixture *f = *state;
	struct session_try t = {.user_id = add_user(f, "tiepnhan", "receiver", "000.00.20.H99"),
				.now = NOW};
	char text[TOKEN_TEXT_SIZE];
	uint8_t other[TOKEN_HASH_BYTES];
	struct user u;

	token_new("", text, sizeof(text), t.hash);
	token_new("", text, sizeof(text), other);
	assert_int_equal(run_write(f, try_session_add, &t), 0);
	assert_int_equal(lookup(f, t.hash, NOW + 60, &u), 0);
	assert_string_equal(u.username, "tiepnhan");
	assert_int_equal(u.n_roles, 1);
	assert_string_equal(u.roles[0].role, "receiver");
	assert_int_equal(lookup(f, other, NOW + 60, &u), ERR_NOT_FOUND);
	/* Idle expiry. */
	assert_int_equal(lookup(f, t.hash, NOW + SESSION_IDLE_S - 1, &u), 0);
	assert_int_equal(lookup(f, t.hash, NOW + SESSION_IDLE_S, &u), ERR_NOT_FOUND);
	/* Used now and then, it lives until its absolute expiry. */
	for (int64_t at = NOW + 3600; at < NOW + SESSION_ABSOLUTE_S; at += 3600) {
		t.now = at;
		assert_int_equal(run_write(f, try_session_touch, &t), 0);
		assert_int_equal(lookup(f, t.hash, at + 1, &u), 0);
	}
	assert_int_equal(lookup(f, t.hash, NOW + SESSION_ABSOLUTE_S, &u), ERR_NOT_FOUND);
	/* Sign-out. */
	t.now = NOW;
	assert_int_equal(run_write(f, try_session_delete, &t), 0);
	assert_int_equal(lookup(f, t.hash, NOW + 1, &u), ERR_NOT_FOUND);
	assert_int_equal(run_write(f, try_session_delete, &t), ERR_NOT_FOUND);
}

static void test_sessions_per_user_limit(void **state)
{
	struct tmp_fixture *f = *state;
	struct session_try t[SESSIONS_PER_USER_MAX + 1];
	int64_t id = add_user(f, "many", NULL, NULL);
	char text[TOKEN_TEXT_SIZE];
	struct user u;

	for (int i = 0; i <= SESSIONS_PER_USER_MAX; i++) {
		t[i].user_id = id;
		t[i].now = NOW + i;
		token_new("", text, sizeof(text), t[i].hash);
		assert_int_equal(run_write(f, try_session_add, &t[i]), 0);
	}
	/* The oldest went; the newest SESSIONS_PER_USER_MAX live. */
	assert_int_equal(lookup(f, t[0].hash, NOW + 100, &u), ERR_NOT_FOUND);
	for (int i = 1; i <= SESSIONS_PER_USER_MAX; i++)
		assert_int_equal(lookup(f, t[i].hash, NOW + 100, &u), 0);
}

/* --- API tokens --- */

struct token_try {
	uint8_t hash[TOKEN_HASH_BYTES];
	int64_t user_id, id, owner;
	const char *name;
};

static int try_token_add(struct db *db, void *arg)
{
	struct token_try *t = arg;

	return tokens_add(db, t->hash, t->user_id, t->name, NOW, &t->id);
}

static int try_token_revoke(struct db *db, void *arg)
{
	struct token_try *t = arg;

	return tokens_revoke(db, t->id, t->owner, NOW + 10);
}

static int token_lookup(struct tmp_fixture *f, const uint8_t hash[TOKEN_HASH_BYTES], struct user *u)
{
	struct db *db = store_read_begin(f->s);
	int64_t id;
	int rc = tokens_lookup(db, hash, u, &id);

	store_read_end(f->s, db);
	return rc;
}

static void test_api_tokens(void **state)
{
	struct tmp_fixture *f = *state;
	int64_t owner = add_user(f, "tichhop", "specialist", "010.00.03.H99");
	int64_t other = add_user(f, "khac", NULL, NULL);
	struct token_try t = {.user_id = owner, .name = "tích hợp"}, extra;
	char text[API_TOKEN_TEXT_SIZE];
	struct user u;

	token_new(API_TOKEN_PREFIX, text, sizeof(text), t.hash);
	assert_int_equal(run_write(f, try_token_add, &t), 0);
	assert_int_equal(token_lookup(f, t.hash, &u), 0);
	assert_string_equal(u.username, "tichhop");
	assert_string_equal(u.roles[0].unit, "010.00.03.H99");
	/* Someone else cannot revoke it; its owner can, once. */
	t.owner = other;
	assert_int_equal(run_write(f, try_token_revoke, &t), ERR_NOT_FOUND);
	t.owner = owner;
	assert_int_equal(run_write(f, try_token_revoke, &t), 0);
	assert_int_equal(token_lookup(f, t.hash, &u), ERR_NOT_FOUND);
	assert_int_equal(run_write(f, try_token_revoke, &t), ERR_NOT_FOUND);
	/* Names are required; active tokens are capped. */
	extra = (struct token_try){.user_id = owner, .name = ""};
	assert_int_equal(run_write(f, try_token_add, &extra), ERR_INVALID);
	extra.name = "n";
	for (int i = 0; i < API_TOKENS_PER_USER_MAX; i++) {
		token_new(API_TOKEN_PREFIX, text, sizeof(text), extra.hash);
		assert_int_equal(run_write(f, try_token_add, &extra), 0);
	}
	token_new(API_TOKEN_PREFIX, text, sizeof(text), extra.hash);
	assert_int_equal(run_write(f, try_token_add, &extra), ERR_CONFLICT);
	/* An administrator (owner 0) may revoke any. */
	extra.owner = 0;
	extra.id = t.id + 1;
	assert_int_equal(run_write(f, try_token_revoke, &extra), 0);
}

/* --- the sign-in throttle --- */

static void test_ratelimit(void **state)
{
	static struct ratelimit rl = RATELIMIT_INIT(3, 300);

	(void)state;
	assert_int_equal(ratelimit_wait(&rl, "ip:1", 1000), 0);
	for (int i = 0; i < 3; i++)
		ratelimit_fail(&rl, "ip:1", 1000 + i);
	assert_int_equal(ratelimit_wait(&rl, "ip:1", 1010), 290);
	assert_int_equal(ratelimit_wait(&rl, "ip:2", 1010), 0);
	assert_int_equal(ratelimit_wait(&rl, "ip:1", 1299), 1);
	assert_int_equal(ratelimit_wait(&rl, "ip:1", 1300), 0);
	/* A new window after the old one. */
	ratelimit_fail(&rl, "ip:1", 1300);
	assert_int_equal(ratelimit_wait(&rl, "ip:1", 1301), 0);
	ratelimit_clear(&rl, "ip:1");
	/* The table is bounded: it reuses entries instead of growing. */
	for (int i = 0; i < RATELIMIT_ENTRIES_MAX + 10; i++) {
		char key[32];

		snprintf(key, sizeof(key), "user:%d", i);
		ratelimit_fail(&rl, key, 2000);
	}
	assert_int_equal(rl.n, RATELIMIT_ENTRIES_MAX);
	ratelimit_reset(&rl);
	assert_int_equal(rl.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_and_verify),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_password_concurrency),
		cmocka_unit_test(test_tokens_are_random_and_hashed),
		cmocka_unit_test(test_username_and_roles),
		cmocka_unit_test_setup_teardown(test_units_validation, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_units_depth_limit, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_units_reads, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_units_within, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_units_ancestors_broken, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_users_and_grants, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_sessions_per_user_limit, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_api_tokens, setup, tmp_teardown),
		cmocka_unit_test(test_ratelimit),
	};

	return cmocka_run_group_tests_name("users", tests, NULL, NULL);
}
