#include "compat.h"

#include <sodium.h>

#include "core/chain.h"
#include "core/err.h"
#include "store/audit.h"

static const char SQL_APPEND[] =
	"INSERT INTO audit(seq, at, actor, action, object, detail, prev_hash, hash) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_HEAD[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
static const char SQL_ALL[] =
	"SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit ORDER BY seq";

static bool too_long(const char *s, size_t max)
{
	return s && strlen(s) > max;
}

int audit_append(struct store_tx *tx, int64_t at, const char *actor, const char *action,
		 const char *object, const char *detail)
{
	const char *fields[] = {actor, action, object, detail};
	uint8_t hash[CHAIN_HASH_BYTES];
	sqlite3_stmt *st = db_stmt(tx->db, SQL_APPEND);
	int64_t seq = tx->audit_seq + 1;
	int rc;

	if (too_long(actor, AUDIT_ACTOR_MAX) || too_long(action, AUDIT_ACTION_MAX) ||
	    too_long(object, AUDIT_OBJECT_MAX) || too_long(detail, AUDIT_DETAIL_MAX))
		return ERR_TOO_LARGE;
	if (!st)
		return ERR_IO;
	chain_hash(tx->audit_hash, seq, at, fields, ARRAY_SIZE(fields), hash);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, at);
	db_bind_text(st, 3, actor ? actor : "");
	db_bind_text(st, 4, action ? action : "");
	db_bind_text(st, 5, object ? object : "");
	db_bind_text(st, 6, detail ? detail : "");
	sqlite3_bind_blob(st, 7, tx->audit_hash, CHAIN_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 8, hash, CHAIN_HASH_BYTES, SQLITE_TRANSIENT);
	rc = db_step_done(st);
	if (rc)
		return ERR_IO;
	tx->audit_seq = seq;
	memcpy(tx->audit_hash, hash, CHAIN_HASH_BYTES);
	return 0;
}

void audit_digest(const char *text, char hex[AUDIT_DIGEST_SIZE])
{
	uint8_t hash[CHAIN_HASH_BYTES];

	crypto_generichash(hash, sizeof(hash), (const unsigned char *)text, strlen(text), NULL, 0);
	chain_hex(hash, hex);
}

int audit_head_load(struct db *db, struct store_tx *tx)
{
	sqlite3_stmt *st = db ? db_stmt(db, SQL_HEAD) : NULL;
	int rc;

	tx->audit_seq = 0;
	memset(tx->audit_hash, 0, CHAIN_HASH_BYTES);
	if (!st)
		return ERR_IO;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == CHAIN_HASH_BYTES) {
		tx->audit_seq = sqlite3_column_int64(st, 0);
		memcpy(tx->audit_hash, sqlite3_column_blob(st, 1), CHAIN_HASH_BYTES);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ERR_IO;
}

/* Checks one row against the expected previous hash; sets *next. */
static bool row_fits(sqlite3_stmt *st, int64_t want_seq, const uint8_t prev[CHAIN_HASH_BYTES],
		     uint8_t next[CHAIN_HASH_BYTES], char *why, size_t why_size)
{
	const char *fields[4];
	uint8_t hash[CHAIN_HASH_BYTES];

	if (sqlite3_column_int64(st, 0) != want_seq) {
		snprintf(why, why_size, "record %" PRId64 " is missing (found %lld)", want_seq,
			 sqlite3_column_int64(st, 0));
		return false;
	}
	if (sqlite3_column_bytes(st, 6) != CHAIN_HASH_BYTES ||
	    memcmp(sqlite3_column_blob(st, 6), prev, CHAIN_HASH_BYTES) != 0) {
		snprintf(why, why_size, "record %" PRId64 ": previous hash does not match", want_seq);
		return false;
	}
	for (int i = 0; i < 4; i++)
		fields[i] = db_col_text(st, 2 + i);
	chain_hash(prev, want_seq, sqlite3_column_int64(st, 1), fields, 4, hash);
	if (sqlite3_column_bytes(st, 7) != CHAIN_HASH_BYTES ||
	    memcmp(sqlite3_column_blob(st, 7), hash, CHAIN_HASH_BYTES) != 0) {
		snprintf(why, why_size, "record %" PRId64 ": content does not match its hash",
			 want_seq);
		return false;
	}
	memcpy(next, hash, CHAIN_HASH_BYTES);
	return true;
}

int audit_verify(struct db *db, struct audit_report *r)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ALL);
	uint8_t prev[CHAIN_HASH_BYTES] = {0};
	int step;

	memset(r, 0, sizeof(*r));
	if (!st)
		return ERR_IO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (!row_fits(st, r->records + 1, prev, prev, r->why, sizeof(r->why))) {
			r->broken_at = r->records + 1;
			sqlite3_reset(st);
			return ERR_INVALID;
		}
		r->records++;
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : ERR_IO;
}
