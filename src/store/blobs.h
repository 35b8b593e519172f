/*
 * blobs.h: file contents stored on disk by their SHA-256 (R-DIG-1).
 *
 * Under a data directory DIR, the bytes whose SHA-256 is the hex text H
 * (64 lower-case digits) live in DIR/files/H[0..1]/H[2..3]/H. Identical
 * contents are stored once; a blob is never changed or removed by motcua
 * (rows that name it may come and go: re-uploading a name keeps the old
 * blob, which the audit chain still names).
 *
 * Durability: blobs_put() returns 0 only once the bytes and the directory
 * entries that lead to them are on disk. It writes a temporary file in the
 * blob's own directory, fsyncs it, renames it over the final name (atomic
 * in one directory), then fsyncs that directory and each parent up to
 * DIR/files. A crash at any point leaves either no blob or the whole blob,
 * plus at worst a stray ".tmp-*" file, which nothing reads. Callers queue
 * the database row that names the blob only after blobs_put() succeeded,
 * so a committed row always finds its bytes (ARCHITECTURE.md invariant 1).
 * An existing blob is fsynced again (and its directories), so a blob left
 * by a crash between rename and directory fsync is made durable before a
 * row names it.
 *
 * Thread-safety: every function may be called from any thread; two puts
 * of the same content race harmlessly (each renames identical bytes).
 * Blocking: blobs_put() does disk I/O and fsync; call it from a request
 * thread, never from the store's writer thread.
 */
#ifndef MOTCUA_STORE_BLOBS_H
#define MOTCUA_STORE_BLOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLOB_SHA256_HEX_LEN 64
#define BLOB_SHA256_HEX_SIZE (BLOB_SHA256_HEX_LEN + 1)
/* The longest path of a blob, data directory included. */
#define BLOB_PATH_BYTES_MAX 4096

/* Whether s is 64 lower-case hex digits (a blob name; never a path). */
bool blobs_sha256_valid(const char *s);

/* The SHA-256 of data[0..len) as 64 lower-case hex digits. */
void blobs_sha256_hex(const void *data, size_t len, char out[BLOB_SHA256_HEX_SIZE]);

/*
 * Creates DIR and DIR/files (mode 0700: the files are personal data) when
 * missing. 0, or ERR_IO / ERR_TOO_LARGE (path too long) with a message in why.
 */
int blobs_init(const char *dir, char *why, size_t why_size);

/*
 * Stores data[0..len) under DIR durably (see above) and puts its SHA-256
 * hex in sha. 0, ERR_TOO_LARGE (path too long) or ERR_IO (with errno set
 * by the failing call). Nothing is left half-written on failure.
 */
int blobs_put(const char *dir, const void *data, size_t len, char sha[BLOB_SHA256_HEX_SIZE]);

/*
 * Opens blob sha under DIR for reading: *fd (the caller closes it) and its
 * size in *size. 0, ERR_INVALID (sha is not a blob name), ERR_NOT_FOUND,
 * ERR_IO.
 */
int blobs_open(const char *dir, const char *sha, int *fd, uint64_t *size);

/* The path of blob sha under DIR. 0, ERR_INVALID or ERR_TOO_LARGE. */
int blobs_path(const char *dir, const char *sha, char *out, size_t size);

#endif
