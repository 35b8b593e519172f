/* Staff, roles, sessions and API tokens; see users.h. */
#include "compat.h"

#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include <sodium.h>

#include "core/err.h"
#include "core/fold.h"
#include "store/users.h"

_Static_assert(PASSWORD_HASH_SIZE >= crypto_pwhash_STRBYTES, "PASSWORD_HASH_SIZE too small");
_Static_assert(TOKEN_HASH_BYTES >= crypto_generichash_BYTES_MIN &&
		       TOKEN_HASH_BYTES <= crypto_generichash_BYTES_MAX,
	       "TOKEN_HASH_BYTES out of BLAKE2b's range");

static const char *const roles[] = {"admin", "receiver", "specialist", "leader", "auditor"};

/* --- checks --- */

bool user_role_valid(const char *role)
{
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (strcmp(role, roles[i]) == 0)
			return true;
	return false;
}

bool username_valid(const char *s, size_t len)
{
	if (len < USERNAME_MIN || len > USERNAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

int password_check(const char *pw, size_t len)
{
	size_t chars = 0;

	if (len > PASSWORD_BYTES_MAX)
		return ERR_TOO_LARGE;
	if (fold_check_utf8(pw, len))
		return ERR_INVALID;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)pw[i] & 0xC0) != 0x80;
	return chars >= PASSWORD_MIN_CHARS ? 0 : ERR_INVALID;
}

/* --- passwords --- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sem_t slots;
static bool slots_ok;
static char dummy_hash[PASSWORD_HASH_SIZE];

static void init_once(void)
{
	static const char dummy[] = "motcua: no such user";

	if (sodium_init() < 0)
		return;
	slots_ok = sem_init(&slots, 0, PASSWORD_HASHES_AT_ONCE) == 0;
	if (crypto_pwhash_str(dummy_hash, dummy, sizeof(dummy) - 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
}

/* Takes one of the hashing slots, waiting at most PASSWORD_WAIT_MS. */
static int slot_take(void)
{
	struct timespec until;

	pthread_once(&once, init_once);
	if (!slots_ok)
		return ERR_NOMEM;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += PASSWORD_WAIT_MS / 1000;
	until.tv_nsec += (long)(PASSWORD_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (sem_timedwait(&slots, &until) != 0)
		if (errno != EINTR)
			return ERR_BUSY;
	return 0;
}

static void slot_give(void)
{
	sem_post(&slots);
}

int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_SIZE])
{
	int rc;

	out[0] = '\0';
	if (len > PASSWORD_BYTES_MAX)
		return ERR_TOO_LARGE;
	rc = slot_take();
	if (rc)
		return rc;
	if (crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		rc = ERR_NOMEM; /* the only way it fails: no memory */
	slot_give();
	return rc;
}

int password_verify(const char *hash, const char *pw, size_t len)
{
	bool match;
	int rc;

	if (len > PASSWORD_BYTES_MAX)
		return ERR_INVALID_CREDENTIALS;
	rc = slot_take();
	if (rc)
		return rc;
	/* The dummy never matches: its password is not one a client can send here. */
	match = crypto_pwhash_str_verify(hash ? hash : dummy_hash, pw, len) == 0 && hash;
	slot_give();
	return match ? 0 : ERR_INVALID_CREDENTIALS;
}

/* --- tokens --- */

void token_new(const char *prefix, char *out, size_t out_size, uint8_t hash[TOKEN_HASH_BYTES])
{
	uint8_t raw[TOKEN_BYTES];
	size_t plen = strlen(prefix);

	assert(out_size >= plen + TOKEN_TEXT_SIZE);
	pthread_once(&once, init_once);
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, out_size - plen, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	token_hash(out, strlen(out), hash);
}

void token_hash(const char *text, size_t len, uint8_t hash[TOKEN_HASH_BYTES])
{
	crypto_generichash(hash, TOKEN_HASH_BYTES, (const unsigned char *)text, len, NULL, 0);
}

/* --- users --- */

static const char SQL_USER_GET[] =
	"SELECT id, username, full_name, active, created_at, password_hash FROM users"
	" WHERE username = ?";
static const char SQL_USER_ROLES[] =
	"SELECT role, unit FROM user_roles WHERE user_id = ? ORDER BY role, unit LIMIT ?";
static const char SQL_USER_EXISTS[] = "SELECT 1 FROM users WHERE username = ?";
static const char SQL_USER_INSERT[] =
	"INSERT INTO users(username, password_hash, full_name, active, created_at)"
	" VALUES (?, ?, ?, 1, ?)";
static const char SQL_ROLE_INSERT[] = "INSERT INTO user_roles(user_id, role, unit) VALUES (?, ?, ?)";
static const char SQL_UNIT_EXISTS[] = "SELECT 1 FROM units WHERE code = ?";
static const char SQL_USER_COUNT[] = "SELECT count(*) FROM users";
static const char SQL_USER_LIST[] =
	"SELECT id, username, full_name, active, created_at, '' FROM users"
	" ORDER BY username LIMIT ? OFFSET ?";

static void user_from_row(sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	db_col_copy(st, 1, u->username, sizeof(u->username));
	db_col_copy(st, 2, u->full_name, sizeof(u->full_name));
	u->active = sqlite3_column_int(st, 3) != 0;
	u->created_at = sqlite3_column_int64(st, 4);
}

static void role_add(struct user *u, const char *role, const char *unit)
{
	if (!*role || u->n_roles == USER_ROLES_MAX)
		return;
	snprintf(u->roles[u->n_roles].role, ROLE_MAX, "%s", role);
	snprintf(u->roles[u->n_roles].unit, UNIT_CODE_SIZE, "%s", unit);
	u->n_roles++;
}

static int roles_load(struct db *db, struct user *u)
{
	sqlite3_stmt *st = db_stmt(db, SQL_USER_ROLES);
	int step;

	if (!st)
		return ERR_IO;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_int(st, 2, USER_ROLES_MAX);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		role_add(u, db_col_text(st, 0), db_col_text(st, 1));
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : ERR_IO;
}

int users_get(struct db *db, const char *username, struct user *out,
	      char hash[PASSWORD_HASH_SIZE])
{
	sqlite3_stmt *st = db_stmt(db, SQL_USER_GET);
	int step;

	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, username);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		user_from_row(st, out);
		if (hash)
			db_col_copy(st, 5, hash, PASSWORD_HASH_SIZE);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return step == SQLITE_DONE ? ERR_NOT_FOUND : ERR_IO;
	return roles_load(db, out);
}

static int invalid(char *why, size_t why_size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int invalid(char *why, size_t why_size, const char *fmt, ...)
{
	va_list ap;

	if (why && why_size) {
		va_start(ap, fmt);
		vsnprintf(why, why_size, fmt, ap);
		va_end(ap);
	}
	return ERR_INVALID;
}

/* Roles are valid, at existing units, without duplicates. */
static int check_roles(struct db *db, const struct user *u, char *why, size_t why_size)
{
	bool found;
	int rc;

	if (u->n_roles < 0 || u->n_roles > USER_ROLES_MAX)
		return invalid(why, why_size, "roles: at most %d", USER_ROLES_MAX);
	for (int i = 0; i < u->n_roles; i++) {
		const struct user_role *g = &u->roles[i];

		if (!user_role_valid(g->role))
			return invalid(why, why_size, "roles[%d].role: '%s' is not one of %s", i,
				       g->role, USER_ROLES);
		rc = db_exists(db, SQL_UNIT_EXISTS, g->unit, &found);
		if (rc)
			return rc;
		if (!found)
			return invalid(why, why_size, "roles[%d].unit: no unit %s", i, g->unit);
		for (int j = 0; j < i; j++)
			if (!strcmp(g->role, u->roles[j].role) && !strcmp(g->unit, u->roles[j].unit))
				return invalid(why, why_size, "roles[%d]: the same as roles[%d]", i, j);
	}
	return 0;
}

static int check_user(struct db *db, const struct user *u, char *why, size_t why_size)
{
	size_t name_len = strlen(u->full_name);

	if (!username_valid(u->username, strlen(u->username)))
		return invalid(why, why_size,
			       "username: %d-%d of a-z 0-9 . _ -, starting with a letter",
			       USERNAME_MIN, USERNAME_MAX);
	if (name_len == 0 || name_len > FULL_NAME_MAX || fold_check_utf8(u->full_name, name_len))
		return invalid(why, why_size, "full_name: UTF-8 text of 1-%d bytes", FULL_NAME_MAX);
	return check_roles(db, u, why, why_size);
}

int users_add(struct db *db, const struct user *u, const char *password_hash, int64_t now,
	      int64_t *id, char *why, size_t why_size)
{
	sqlite3_stmt *st;
	int64_t new_id;
	bool found;
	int rc = check_user(db, u, why, why_size);

	if (!rc)
		rc = db_exists(db, SQL_USER_EXISTS, u->username, &found);
	if (!rc && found) {
		invalid(why, why_size, "username: %s exists already", u->username);
		return ERR_CONFLICT;
	}
	if (rc)
		return rc;
	if (!password_hash || !*password_hash || !(st = db_stmt(db, SQL_USER_INSERT)))
		return ERR_IO;
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, password_hash);
	db_bind_text(st, 3, u->full_name);
	sqlite3_bind_int64(st, 4, now);
	if ((rc = db_step_done(st)))
		return rc;
	new_id = sqlite3_last_insert_rowid(db->conn);
	for (int i = 0; i < u->n_roles && !rc; i++) {
		if (!(st = db_stmt(db, SQL_ROLE_INSERT)))
			return ERR_IO;
		sqlite3_bind_int64(st, 1, new_id);
		db_bind_text(st, 2, u->roles[i].role);
		db_bind_text(st, 3, u->roles[i].unit);
		rc = db_step_done(st);
	}
	if (!rc && id)
		*id = new_id;
	return rc;
}

int users_count(struct db *db, int64_t *total)
{
	sqlite3_stmt *st = db_stmt(db, SQL_USER_COUNT);

	*total = 0;
	if (!st)
		return ERR_IO;
	return db_step_int64(st, total);
}

int users_list(struct db *db, int64_t offset, int limit,
	       int (*fn)(const struct user *u, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, SQL_USER_LIST);
	struct user *u = malloc(sizeof(*u));
	int step = SQLITE_DONE, rc = 0;

	if (!st || !u) {
		rc = st ? ERR_NOMEM : ERR_IO;
		goto out;
	}
	sqlite3_bind_int(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		user_from_row(st, u);
		rc = roles_load(db, u);
		if (!rc)
			rc = fn(u, arg);
	}
	if (!rc && step != SQLITE_DONE)
		rc = ERR_IO;
	sqlite3_reset(st);
out:
	free(u);
	return rc;
}

/* --- sessions --- */

static const char SQL_SESSION_PURGE[] =
	"DELETE FROM sessions WHERE user_id = ?1 AND (expires_at <= ?2 OR last_seen_at <= ?3"
	" OR token_hash NOT IN (SELECT token_hash FROM sessions WHERE user_id = ?1"
	" ORDER BY created_at DESC LIMIT ?4))";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = ?";
static const char SQL_SESSION_TOUCH[] =
	"UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1 AND last_seen_at < ?2";
/* One query: the session, its user and the user's roles (one row per role). */
static const char SQL_SESSION_LOOKUP[] =
	"SELECT u.id, u.username, u.full_name, u.active, u.created_at, coalesce(r.role, ''),"
	" coalesce(r.unit, ''), s.csrf_token, s.created_at, s.last_seen_at, s.expires_at"
	" FROM sessions s JOIN users u ON u.id = s.user_id"
	" LEFT JOIN user_roles r ON r.user_id = u.id"
	" WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3 AND u.active = 1"
	" ORDER BY r.role, r.unit";

static void bind_hash(sqlite3_stmt *st, int i, const uint8_t hash[TOKEN_HASH_BYTES])
{
	sqlite3_bind_blob(st, i, hash, TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
}

int sessions_add(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t user_id,
		 const char *csrf, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_PURGE);
	int rc;

	if (!st)
		return ERR_IO;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, now - SESSION_IDLE_S);
	sqlite3_bind_int(st, 4, SESSIONS_PER_USER_MAX - 1);
	if ((rc = db_step_done(st)))
		return rc;
	if (!(st = db_stmt(db, SQL_SESSION_INSERT)))
		return ERR_IO;
	bind_hash(st, 1, hash);
	sqlite3_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int64(st, 6, now + SESSION_ABSOLUTE_S);
	return db_step_done(st);
}

int sessions_delete(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES])
{
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_DELETE);
	int rc;

	if (!st)
		return ERR_IO;
	bind_hash(st, 1, hash);
	rc = db_step_done(st);
	if (!rc && sqlite3_changes(db->conn) == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

int sessions_touch(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_TOUCH);

	if (!st)
		return ERR_IO;
	bind_hash(st, 1, hash);
	sqlite3_bind_int64(st, 2, now);
	return db_step_done(st);
}

int sessions_lookup(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t now,
		    struct user *out, struct session_info *info)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_LOOKUP);
	int step, rows = 0;

	if (!st)
		return ERR_IO;
	bind_hash(st, 1, hash);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, now - SESSION_IDLE_S);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (rows++ == 0) {
			user_from_row(st, out);
			db_col_copy(st, 7, info->csrf, sizeof(info->csrf));
			info->created_at = sqlite3_column_int64(st, 8);
			info->last_seen_at = sqlite3_column_int64(st, 9);
			info->expires_at = sqlite3_column_int64(st, 10);
		}
		role_add(out, db_col_text(st, 5), db_col_text(st, 6));
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return ERR_IO;
	return rows ? 0 : ERR_NOT_FOUND;
}

/* --- API tokens --- */

static const char SQL_TOKEN_ACTIVE[] =
	"SELECT count(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL";
static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO api_tokens(token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)";
static const char SQL_TOKEN_REVOKE[] =
	"UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?1 AND revoked_at IS NULL"
	" AND (?2 <= 0 OR user_id = ?2)";
static const char SQL_TOKEN_LOOKUP[] =
	"SELECT u.id, u.username, u.full_name, u.active, u.created_at, coalesce(r.role, ''),"
	" coalesce(r.unit, ''), t.id FROM api_tokens t JOIN users u ON u.id = t.user_id"
	" LEFT JOIN user_roles r ON r.user_id = u.id"
	" WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1 ORDER BY r.role, r.unit";
static const char SQL_TOKEN_LIST[] =
	"SELECT id, name, created_at, coalesce(revoked_at, 0) FROM api_tokens WHERE user_id = ?"
	" ORDER BY id DESC LIMIT 100";

int tokens_add(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t user_id,
		   const char *name, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_ACTIVE);
	size_t len = strlen(name);
	int64_t active = 0;
	int rc;

	if (len == 0 || len > API_TOKEN_NAME_MAX || fold_check_utf8(name, len))
		return ERR_INVALID;
	if (!st)
		return ERR_IO;
	sqlite3_bind_int64(st, 1, user_id);
	rc = db_step_int64(st, &active);
	if (!rc && active >= API_TOKENS_PER_USER_MAX)
		rc = ERR_CONFLICT;
	if (rc)
		return rc;
	if (!(st = db_stmt(db, SQL_TOKEN_INSERT)))
		return ERR_IO;
	bind_hash(st, 1, hash);
	sqlite3_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, name);
	sqlite3_bind_int64(st, 4, now);
	rc = db_step_done(st);
	if (!rc)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int tokens_revoke(struct db *db, int64_t id, int64_t owner, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_REVOKE);
	int rc;

	if (!st)
		return ERR_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, owner);
	sqlite3_bind_int64(st, 3, now);
	rc = db_step_done(st);
	if (!rc && sqlite3_changes(db->conn) == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

int tokens_lookup(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], struct user *out,
		      int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_LOOKUP);
	int step, rows = 0;

	if (!st)
		return ERR_IO;
	bind_hash(st, 1, hash);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (rows++ == 0) {
			user_from_row(st, out);
			*id = sqlite3_column_int64(st, 7);
		}
		role_add(out, db_col_text(st, 5), db_col_text(st, 6));
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return ERR_IO;
	return rows ? 0 : ERR_NOT_FOUND;
}

int tokens_list(struct db *db, int64_t user_id,
		    int (*fn)(const struct token_info *t, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOKEN_LIST);
	struct token_info t;
	int step = SQLITE_DONE, rc = 0;

	if (!st)
		return ERR_IO;
	sqlite3_bind_int64(st, 1, user_id);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&t, 0, sizeof(t));
		t.id = sqlite3_column_int64(st, 0);
		db_col_copy(st, 1, t.name, sizeof(t.name));
		t.created_at = sqlite3_column_int64(st, 2);
		t.revoked_at = sqlite3_column_int64(st, 3);
		rc = fn(&t, arg);
	}
	sqlite3_reset(st);
	if (!rc && step != SQLITE_DONE)
		rc = ERR_IO;
	return rc;
}

static const char SQL_FULL_NAME[] = "SELECT full_name FROM users WHERE username = ?";

int users_full_name(struct db *db, const char *username, char out[FULL_NAME_MAX + 1])
{
	sqlite3_stmt *st = db_stmt(db, SQL_FULL_NAME);
	int step;

	out[0] = '\0';
	if (!st)
		return ERR_IO;
	db_bind_text(st, 1, username);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		db_col_copy(st, 0, out, FULL_NAME_MAX + 1);
	sqlite3_reset(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : ERR_IO;
}
