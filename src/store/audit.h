/*
 * audit.h: the append-only, hash-chained audit log (R-AUD-1).
 *
 * Every change, and every read of personal data by staff, appends a record
 * {seq, at, actor, action, object, detail} whose hash covers the previous
 * record's hash (core/chain.h). Records are appended by changes on the
 * writer thread, so the chain is strictly sequential. audit_verify() walks
 * the chain and names the first record that does not fit (an edited field,
 * a changed hash, a deleted or inserted record).
 */
#ifndef MOTCUA_STORE_AUDIT_H
#define MOTCUA_STORE_AUDIT_H

#include <stdint.h>

#include "core/chain.h"
#include "store/store.h"

#define AUDIT_ACTOR_MAX 64
#define AUDIT_ACTION_MAX 64
#define AUDIT_OBJECT_MAX 128
#define AUDIT_DETAIL_MAX 4096
/* Bytes of audit_digest()'s text, with its NUL. */
#define AUDIT_DIGEST_SIZE (2 * CHAIN_HASH_BYTES + 1)

/* Appends a record in the change's transaction. 0, ERR_TOO_LARGE or ERR_IO. */
int audit_append(struct store_tx *tx, int64_t at, const char *actor, const char *action,
		 const char *object, const char *detail);

/*
 * The BLAKE2b-256 of text, in hex: what a detail records of a body too big
 * to copy into it. Thread-safe.
 */
void audit_digest(const char *text, char hex[AUDIT_DIGEST_SIZE]);

/* Loads the head of the chain into tx (store.c calls it). 0 or ERR_IO. */
int audit_head_load(struct db *db, struct store_tx *tx);

struct audit_report {
	int64_t records;   /* records checked */
	int64_t broken_at; /* seq of the first record that does not fit, 0 if none */
	char why[160];
};

/* Walks the whole chain. 0 when intact; ERR_INVALID (report says where) or ERR_IO. */
int audit_verify(struct db *db, struct audit_report *r);

#endif
