/* What the ceiling programs of bench/ share (docs/bench.md). */
#ifndef MOTCUA_BENCH_CEILING_H
#define MOTCUA_BENCH_CEILING_H

#include <stdio.h>
#include <unistd.h>

/* Removes a database file and its WAL and shared-memory files. */
static inline void remove_db(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

#endif
