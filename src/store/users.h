/*
 * users.h: staff, their roles per unit, sessions and API tokens (R-ORG-3).
 *
 * Passwords are stored as argon2id strings (libsodium crypto_pwhash_str)
 * with OPSLIMIT_INTERACTIVE and MEMLIMIT_INTERACTIVE (2 passes over 64 MiB,
 * about 0.1 s here): the libsodium preset for interactive sign-in. Hashing
 * is slow and memory-hungry on purpose, so at most PASSWORD_HASHES_AT_ONCE
 * hashes or verifications run at once in the process (a counting semaphore
 * shared by sign-in and user creation); a caller that waits longer than
 * PASSWORD_WAIT_MS gets ERR_BUSY. Hash outside the writer thread: the
 * store functions below take an already computed hash.
 *
 * Sessions and API tokens are 32 random bytes (randombytes_buf) given to
 * the client once as URL-safe base64 text; the store keeps only their
 * BLAKE2b-256 hash (token_hash). A lookup is by hash on an index, so the
 * comparison of secrets happens inside the hash and leaks no timing about
 * the stored value; CSRF tokens, which are compared as text, use
 * sodium_memcmp (auth.c).
 *
 * Sessions expire SESSION_IDLE_S after their last use (refreshed at most
 * every SESSION_TOUCH_S, so that reads do not turn into writes) and
 * SESSION_ABSOLUTE_S after sign-in, whichever comes first. A user keeps at
 * most SESSIONS_PER_USER_MAX sessions (the oldest goes) and
 * API_TOKENS_PER_USER_MAX active tokens. Tokens do not expire; they are
 * revoked.
 *
 * Reads take any connection; writes (users_add, sessions_*, tokens_add,
 * tokens_revoke) only the writer's, inside a change (store.h). The
 * password and token functions are thread-safe.
 */
#ifndef MOTCUA_STORE_USERS_H
#define MOTCUA_STORE_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/code.h"
#include "store/db.h"

#define USERNAME_MIN 3
#define USERNAME_MAX 32
#define FULL_NAME_MAX 128
#define PASSWORD_MIN_CHARS 10    /* code points, for new passwords */
#define PASSWORD_BYTES_MAX 1024
#define PASSWORD_HASH_SIZE 128   /* crypto_pwhash_STRBYTES */
#define PASSWORD_HASHES_AT_ONCE 2
#define PASSWORD_WAIT_MS 10000
#define USER_ROLES_MAX 32
#define ROLE_MAX 16

#define TOKEN_BYTES 32
#define TOKEN_TEXT_SIZE 48       /* 43 characters of URL-safe base64 and a NUL */
#define TOKEN_HASH_BYTES 32
#define API_TOKEN_PREFIX "mct_"  /* tells API tokens from session tokens in logs and leaks */
#define API_TOKEN_TEXT_SIZE (TOKEN_TEXT_SIZE + 4)
#define API_TOKEN_NAME_MAX 64

#define SESSION_IDLE_S (2 * 3600)
#define SESSION_ABSOLUTE_S (12 * 3600)
#define SESSION_TOUCH_S 300
#define SESSIONS_PER_USER_MAX 16
#define API_TOKENS_PER_USER_MAX 20

/* The roles of R-ORG-3 that staff hold at units. */
#define USER_ROLES "admin, receiver, specialist, leader, auditor"

struct user_role {
	char role[ROLE_MAX];
	char unit[UNIT_CODE_SIZE];
};

struct user {
	int64_t id;
	char username[USERNAME_MAX + 1];
	char full_name[FULL_NAME_MAX + 1];
	bool active;
	int64_t created_at;
	int n_roles;
	struct user_role roles[USER_ROLES_MAX];
};

/* --- checks (pure) --- */

/* True for one of USER_ROLES. */
bool user_role_valid(const char *role);
/*
 * A username is USERNAME_MIN..USERNAME_MAX of a-z 0-9 . _ -, starting with
 * a letter (lower case only: "Admin" and "admin" cannot both exist).
 */
bool username_valid(const char *s, size_t len);
/*
 * A new password: valid UTF-8, PASSWORD_MIN_CHARS code points or more,
 * PASSWORD_BYTES_MAX bytes at most. 0, ERR_INVALID or ERR_TOO_LARGE.
 */
int password_check(const char *pw, size_t len);

/* --- passwords (thread-safe; slow: never on the writer thread) --- */

/*
 * Hashes pw into out (NUL-terminated). 0, ERR_TOO_LARGE (over
 * PASSWORD_BYTES_MAX), ERR_BUSY (no hashing slot in time), ERR_NOMEM.
 */
int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_SIZE]);
/*
 * Verifies pw against hash. hash NULL verifies against a dummy hash (same
 * cost) and always fails, so that an unknown username takes as long as a
 * wrong password. 0 when it matches, ERR_INVALID_CREDENTIALS, ERR_BUSY.
 */
int password_verify(const char *hash, const char *pw, size_t len);

/* --- tokens (thread-safe, no I/O) --- */

/*
 * A new random token as text (prefix + URL-safe base64 of TOKEN_BYTES
 * random bytes; prefix may be "") and its hash. out must hold
 * API_TOKEN_TEXT_SIZE bytes when a prefix is given, TOKEN_TEXT_SIZE otherwise.
 */
void token_new(const char *prefix, char *out, size_t out_size, uint8_t hash[TOKEN_HASH_BYTES]);
/* The BLAKE2b-256 hash of a token's text. */
void token_hash(const char *text, size_t len, uint8_t hash[TOKEN_HASH_BYTES]);

/* --- users --- */

/*
 * Loads the user `username` with its roles; hash (may be NULL) receives the
 * password hash. 0, ERR_NOT_FOUND, ERR_IO.
 */
int users_get(struct db *db, const char *username, struct user *out,
	      char hash[PASSWORD_HASH_SIZE]);

/* The full name of a user ("" when unknown): signatures, late lists. 0 or ERR_IO. */
int users_full_name(struct db *db, const char *username, char out[FULL_NAME_MAX + 1]);

/*
 * Adds a user with its roles (u->id, active and created_at are ignored; the
 * new id goes to *id when id is not NULL). Checks the username, the full
 * name (1..FULL_NAME_MAX bytes of UTF-8), the roles (valid, unit exists, no
 * duplicates). 0, ERR_CONFLICT (the username exists), ERR_INVALID with a
 * reason in why (which may be NULL), ERR_IO. Writer only.
 */
int users_add(struct db *db, const struct user *u, const char *password_hash, int64_t now,
	      int64_t *id, char *why, size_t why_size);

/* How many users there are. 0 or ERR_IO. */
int users_count(struct db *db, int64_t *total);
/*
 * Calls fn for the users ordered by username, skipping offset, at most
 * limit, each with its roles. Stops at fn's first non-zero result and
 * returns it; otherwise 0 or ERR_IO.
 */
int users_list(struct db *db, int64_t offset, int limit,
	       int (*fn)(const struct user *u, void *arg), void *arg);

/* --- sessions --- */

/*
 * Stores a new session of user_id with its CSRF token, and drops the user's
 * expired sessions and those beyond SESSIONS_PER_USER_MAX. 0, ERR_IO.
 * Writer only.
 */
int sessions_add(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t user_id,
		 const char *csrf, int64_t now);
/* Deletes a session. 0, ERR_NOT_FOUND, ERR_IO. Writer only. */
int sessions_delete(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES]);
/* Marks a session as used at now. 0, ERR_IO. Writer only. */
int sessions_touch(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t now);

struct session_info {
	char csrf[TOKEN_TEXT_SIZE];
	int64_t created_at, last_seen_at, expires_at;
};

/*
 * The active user of a live session at `now` (not idle too long, not past
 * its absolute expiry), with its roles, in one query. 0, ERR_NOT_FOUND
 * (no such live session, or the user is disabled), ERR_IO.
 */
int sessions_lookup(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t now,
		    struct user *out, struct session_info *info);

/* --- API tokens --- */

/*
 * Stores a new token of user_id named name (1..API_TOKEN_NAME_MAX bytes of
 * UTF-8). 0, ERR_INVALID, ERR_CONFLICT (API_TOKENS_PER_USER_MAX active
 * already), ERR_IO. The new id goes to *id. Writer only.
 */
int tokens_add(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], int64_t user_id,
		   const char *name, int64_t now, int64_t *id);
/*
 * Revokes token id at now. owner > 0 limits it to that user's tokens.
 * 0, ERR_NOT_FOUND (unknown, not the owner's, or revoked already), ERR_IO.
 * Writer only.
 */
int tokens_revoke(struct db *db, int64_t id, int64_t owner, int64_t now);
/* The active user of an unrevoked token, with its roles; *id its id. 0, ERR_NOT_FOUND, ERR_IO. */
int tokens_lookup(struct db *db, const uint8_t hash[TOKEN_HASH_BYTES], struct user *out,
		      int64_t *id);

struct token_info {
	int64_t id;
	char name[API_TOKEN_NAME_MAX + 1];
	int64_t created_at, revoked_at; /* revoked_at 0: active */
};
/* Calls fn for user_id's tokens, newest first (at most 100). 0, fn's result, ERR_IO. */
int tokens_list(struct db *db, int64_t user_id,
		    int (*fn)(const struct token_info *t, void *arg), void *arg);

#endif
