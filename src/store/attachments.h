/*
 * attachments.h: the files of a dossier (R-DIG-1, R-DOS-6): one row per
 * (dossier, name) naming a blob by its SHA-256 (store/blobs.h) with its
 * type, size, who added it and when. Uploading a name again replaces the
 * row; the old blob stays on disk and in the audit chain.
 *
 * Reads take any connection; writes only inside a change (db->writable),
 * after the blob is durable on disk. Not thread-safe per connection, like
 * every struct db.
 */
#ifndef MOTCUA_STORE_ATTACHMENTS_H
#define MOTCUA_STORE_ATTACHMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/code.h"
#include "core/sniff.h"
#include "store/blobs.h"
#include "store/db.h"

/* The size cap of one file (PUT body); `motcua serve --upload-max-bytes` lowers it. */
#define ATTACHMENT_BYTES_MAX (20 * 1024 * 1024)
/* Files per dossier at most (names; re-uploading a name does not count twice). */
#define ATTACHMENTS_PER_DOSSIER_MAX 100
#define ATTACHMENT_TYPE_SIZE 32
#define ATTACHMENT_USER_SIZE 65

struct attachment {
	char dossier[DOSSIER_CODE_SIZE];
	char name[SNIFF_NAME_BYTES_MAX + 1];
	char sha256[BLOB_SHA256_HEX_SIZE];
	char type[ATTACHMENT_TYPE_SIZE]; /* a media type of core/sniff.h */
	int64_t size;
	char added_by[ATTACHMENT_USER_SIZE];
	int64_t added_at;
};

/* Inserts the row of (dossier, name) or replaces it. 0 or ERR_IO. */
int attachments_put(struct db *db, const struct attachment *a);

/* The row of (dossier, name). 0, ERR_NOT_FOUND or ERR_IO. */
int attachments_get(struct db *db, const char *dossier, const char *name, struct attachment *out);

/* How many names a dossier holds. 0 or ERR_IO. */
int attachments_count(struct db *db, const char *dossier, int *n);

/* Whether one of the dossier's rows names the blob sha. 0 or ERR_IO. */
int attachments_has_sha256(struct db *db, const char *dossier, const char *sha, bool *found);

/*
 * The dossier's rows by name, from offset, at most max into out; *n rows
 * were written and *total is the dossier's count. 0 or ERR_IO.
 */
int attachments_list(struct db *db, const char *dossier, int64_t offset, int max,
		     struct attachment *out, int *n, int64_t *total);

#endif
