#include "compat.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "store/blobs.h"

#define BLOB_DIR_MODE 0700
#define BLOB_LEVELS 3 /* DIR/files, …/ab, …/ab/cd */

bool blobs_sha256_valid(const char *s)
{
	return s && strlen(s) == BLOB_SHA256_HEX_LEN &&
	       strspn(s, "0123456789abcdef") == BLOB_SHA256_HEX_LEN;
}

void blobs_sha256_hex(const void *data, size_t len, char out[BLOB_SHA256_HEX_SIZE])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, (unsigned long long)len);
	sodium_bin2hex(out, BLOB_SHA256_HEX_SIZE, h, sizeof(h));
}

/* DIR/files (depth 0), …/ab (1), …/ab/cd (2), …/ab/cd/<sha> (3). */
static int path_at(const char *dir, const char *sha, int depth, char *out, size_t size)
{
	int n;

	if (depth == 0)
		n = snprintf(out, size, "%s/files", dir);
	else if (depth == 1)
		n = snprintf(out, size, "%s/files/%.2s", dir, sha);
	else if (depth == 2)
		n = snprintf(out, size, "%s/files/%.2s/%.2s", dir, sha, sha + 2);
	else
		n = snprintf(out, size, "%s/files/%.2s/%.2s/%s", dir, sha, sha + 2, sha);
	return n < 0 || (size_t)n >= size ? ERR_TOO_LARGE : 0;
}

int blobs_path(const char *dir, const char *sha, char *out, size_t size)
{
	if (!blobs_sha256_valid(sha))
		return ERR_INVALID;
	return path_at(dir, sha, BLOB_LEVELS, out, size);
}

/* Creates a directory unless it exists (as a directory). 0 or ERR_IO. */
static int make_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, BLOB_DIR_MODE) == 0)
		return 0;
	if (errno != EEXIST)
		return ERR_IO;
	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return ERR_IO;
	}
	return 0;
}

/* Makes a directory's entries durable. 0 or ERR_IO. */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return ERR_IO;
	if (fsync(fd))
		rc = ERR_IO;
	close(fd);
	return rc;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ERR_IO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes a temporary file in dir `leaf`, fsyncs it and renames it to `final`. */
static int write_new(const char *leaf, const char *final, const void *data, size_t len)
{
	char tmp[BLOB_PATH_BYTES_MAX];
	int n = snprintf(tmp, sizeof(tmp), "%s/.tmp-XXXXXX", leaf), fd, rc, saved;

	if (n < 0 || (size_t)n >= sizeof(tmp))
		return ERR_TOO_LARGE;
	fd = mkstemp(tmp);
	if (fd < 0)
		return ERR_IO;
	rc = write_all(fd, data, len);
	if (!rc && fsync(fd))
		rc = ERR_IO;
	if (close(fd) && !rc)
		rc = ERR_IO;
	if (!rc && rename(tmp, final))
		rc = ERR_IO;
	if (rc) {
		saved = errno;
		unlink(tmp);
		errno = saved;
	}
	return rc;
}

/*
 * Whether the blob is already whole on disk: then it is fsynced again, in
 * case it was renamed by a process that crashed before its directory fsync.
 */
static bool reuse_existing(const char *final, size_t len)
{
	int fd = open(final, O_RDONLY | O_CLOEXEC);
	struct stat st;
	bool ok;

	if (fd < 0)
		return false;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == len &&
	     fsync(fd) == 0;
	close(fd);
	return ok;
}

int blobs_put(const char *dir, const void *data, size_t len, char sha[BLOB_SHA256_HEX_SIZE])
{
	char dirs[BLOB_LEVELS][BLOB_PATH_BYTES_MAX], final[BLOB_PATH_BYTES_MAX];
	int rc = 0;

	blobs_sha256_hex(data, len, sha);
	for (int i = 0; !rc && i < BLOB_LEVELS; i++) {
		rc = path_at(dir, sha, i, dirs[i], sizeof(dirs[i]));
		if (!rc)
			rc = make_dir(dirs[i]);
	}
	if (!rc)
		rc = path_at(dir, sha, BLOB_LEVELS, final, sizeof(final));
	if (!rc && !reuse_existing(final, len))
		rc = write_new(dirs[BLOB_LEVELS - 1], final, data, len);
	/* The new name, and the directories a first blob of a prefix created. */
	for (int i = BLOB_LEVELS - 1; !rc && i >= 0; i--)
		rc = sync_dir(dirs[i]);
	return rc;
}

int blobs_open(const char *dir, const char *sha, int *fd, uint64_t *size)
{
	char path[BLOB_PATH_BYTES_MAX];
	struct stat st;
	int rc = blobs_path(dir, sha, path, sizeof(path));

	*fd = -1;
	*size = 0;
	if (rc)
		return rc;
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT ? ERR_NOT_FOUND : ERR_IO;
	if (fstat(*fd, &st) || !S_ISREG(st.st_mode)) {
		close(*fd);
		*fd = -1;
		return ERR_IO;
	}
	*size = (uint64_t)st.st_size;
	return 0;
}

/* The directory that holds path ("." when it has no slash). */
static void parent_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(out, size, ".");
	else if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

int blobs_init(const char *dir, char *why, size_t why_size)
{
	char files[BLOB_PATH_BYTES_MAX], parent[BLOB_PATH_BYTES_MAX];
	const char *failed = dir;
	int rc = path_at(dir, "", 0, files, sizeof(files));

	if (rc || strlen(dir) + 2 * BLOB_SHA256_HEX_LEN > BLOB_PATH_BYTES_MAX) {
		snprintf(why, why_size, "the data directory's path is too long");
		return ERR_TOO_LARGE;
	}
	parent_of(dir, parent, sizeof(parent));
	rc = make_dir(dir);
	if (!rc) {
		failed = files;
		rc = make_dir(files);
	}
	if (!rc) {
		failed = dir;
		rc = sync_dir(dir);
	}
	if (!rc) {
		failed = parent;
		rc = sync_dir(parent);
	}
	if (rc)
		snprintf(why, why_size, "data directory %s: %s", failed, strerror(errno));
	return rc;
}
