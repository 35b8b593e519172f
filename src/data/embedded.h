/*
 * embedded.h: data files compiled into the motcua binary (scripts/embed.py).
 *
 * Paths are relative to the source tree ("data/calendar/…"). The bytes are
 * followed by a NUL that `len` does not count. Thread-safe: constant data.
 */
#ifndef MOTCUA_DATA_EMBEDDED_H
#define MOTCUA_DATA_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path;
	const unsigned char *data;
	size_t len;
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_files_count;

/* The embedded file at path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
