/*
 * walbuf.c: the write connection's VFS, which gathers the log's writes.
 *
 * SQLite writes each frame of a commit to the write-ahead log with two
 * write calls (its 24-byte header, then the page), one after the other,
 * and syncs the log before the commit becomes visible (synchronous=FULL,
 * which db_open sets on every connection). On a write path that commits a
 * few hundred pages at a time, those small writes were a quarter of the
 * writer thread's time (docs/bench.md). This VFS keeps consecutive writes
 * to the log in a buffer and hands them to the default VFS as one write
 * before anything that could look at the file: a read, a sync, a size, a
 * truncation, a file control or the close. So what reaches the disk, and
 * in which order relative to the syncs, is what SQLite asked for; only the
 * number of system calls changes. Other files are the default VFS's own.
 */
#include "compat.h"

#include "store/walbuf.h"

#define WALBUF_SIZE (1 << 20)
/*
 * The default VFS writes at most 128 KiB - 1 bytes a call (its
 * seekAndWriteFd() masks the length with 0x1ffff, so a length that is a
 * multiple of 128 KiB would write nothing), so the buffer goes down in
 * pieces of 64 KiB: 16 frames a call.
 */
#define WALBUF_PIECE (1 << 16)

struct walbuf_file {
	sqlite3_file base;
	sqlite3_file *real; /* the default VFS's file, after this struct */
	unsigned char *buf;
	int len;
	sqlite3_int64 off; /* where buf[0] goes */
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs walbuf_vfs;

static struct walbuf_file *wf(sqlite3_file *f)
{
	return (struct walbuf_file *)(void *)f;
}

static int flush(struct walbuf_file *w)
{
	int rc = SQLITE_OK;

	for (int done = 0; rc == SQLITE_OK && done < w->len; done += WALBUF_PIECE) {
		int n = w->len - done < WALBUF_PIECE ? w->len - done : WALBUF_PIECE;

		rc = w->real->pMethods->xWrite(w->real, w->buf + done, n, w->off + done);
	}
	w->len = 0;
	return rc;
}

static int wb_close(sqlite3_file *f)
{
	struct walbuf_file *w = wf(f);
	int rc = flush(w), rc2 = w->real->pMethods->xClose(w->real);

	sqlite3_free(w->buf);
	w->buf = NULL;
	return rc != SQLITE_OK ? rc : rc2;
}

static int wb_read(sqlite3_file *f, void *out, int amt, sqlite3_int64 off)
{
	struct walbuf_file *w = wf(f);
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xRead(w->real, out, amt, off);
}

static int wb_write(sqlite3_file *f, const void *data, int amt, sqlite3_int64 off)
{
	struct walbuf_file *w = wf(f);
	int rc;

	if (w->len > 0 && off == w->off + w->len && amt <= WALBUF_SIZE - w->len) {
		memcpy(w->buf + w->len, data, (size_t)amt);
		w->len += amt;
		return SQLITE_OK;
	}
	rc = flush(w);
	if (rc != SQLITE_OK)
		return rc;
	if (!w->buf && amt < WALBUF_PIECE)
		w->buf = sqlite3_malloc(WALBUF_SIZE);
	if (!w->buf || amt >= WALBUF_PIECE)
		return w->real->pMethods->xWrite(w->real, data, amt, off);
	memcpy(w->buf, data, (size_t)amt);
	w->len = amt;
	w->off = off;
	return SQLITE_OK;
}

static int wb_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct walbuf_file *w = wf(f);
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xTruncate(w->real, size);
}

static int wb_sync(sqlite3_file *f, int flags)
{
	struct walbuf_file *w = wf(f);
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xSync(w->real, flags);
}

static int wb_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct walbuf_file *w = wf(f);
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xFileSize(w->real, size);
}

static int wb_lock(sqlite3_file *f, int level)
{
	return wf(f)->real->pMethods->xLock(wf(f)->real, level);
}

static int wb_unlock(sqlite3_file *f, int level)
{
	return wf(f)->real->pMethods->xUnlock(wf(f)->real, level);
}

static int wb_check_reserved(sqlite3_file *f, int *out)
{
	return wf(f)->real->pMethods->xCheckReservedLock(wf(f)->real, out);
}

static int wb_file_control(sqlite3_file *f, int op, void *arg)
{
	struct walbuf_file *w = wf(f);
	int rc = flush(w);

	return rc != SQLITE_OK ? rc : w->real->pMethods->xFileControl(w->real, op, arg);
}

static int wb_sector_size(sqlite3_file *f)
{
	return wf(f)->real->pMethods->xSectorSize(wf(f)->real);
}

static int wb_device_characteristics(sqlite3_file *f)
{
	return wf(f)->real->pMethods->xDeviceCharacteristics(wf(f)->real);
}

/* Version 1: SQLite maps shared memory and pages of the database file only. */
static const sqlite3_io_methods walbuf_methods = {
	.iVersion = 1,
	.xClose = wb_close,
	.xRead = wb_read,
	.xWrite = wb_write,
	.xTruncate = wb_truncate,
	.xSync = wb_sync,
	.xFileSize = wb_file_size,
	.xLock = wb_lock,
	.xUnlock = wb_unlock,
	.xCheckReservedLock = wb_check_reserved,
	.xFileControl = wb_file_control,
	.xSectorSize = wb_sector_size,
	.xDeviceCharacteristics = wb_device_characteristics,
};

/* The log gets a buffer in front of it; every other file is opened as the default VFS would. */
static int wb_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
		   int *out_flags)
{
	struct walbuf_file *w = wf(f);
	int rc;

	(void)vfs;
	if (!(flags & SQLITE_OPEN_WAL))
		return real_vfs->xOpen(real_vfs, name, f, flags, out_flags);
	memset(w, 0, sizeof(*w));
	w->real = (sqlite3_file *)(void *)(w + 1);
	rc = real_vfs->xOpen(real_vfs, name, w->real, flags, out_flags);
	if (rc == SQLITE_OK && w->real->pMethods)
		f->pMethods = &walbuf_methods;
	return rc;
}

static int wb_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int wb_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int wb_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int wb_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int wb_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int wb_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int wb_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int wb_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

int walbuf_register(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs || real_vfs->iVersion < 2)
		return SQLITE_ERROR;
	walbuf_vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct walbuf_file) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname,
		.zName = WALBUF_VFS,
		.xOpen = wb_open,
		.xDelete = wb_delete,
		.xAccess = wb_access,
		.xFullPathname = wb_full_pathname,
		.xRandomness = wb_randomness,
		.xSleep = wb_sleep,
		.xCurrentTime = wb_current_time,
		.xGetLastError = wb_last_error,
		.xCurrentTimeInt64 = wb_current_time64,
	};
	return sqlite3_vfs_register(&walbuf_vfs, 0);
}
