/*
 * jsonlimit.h: the nesting depth of JSON text, checked before parsing so
 * that no parser recurses deeper than motcua allows (jansson's own limit
 * is 2048). Pure; thread-safe.
 */
#ifndef MOTCUA_CORE_JSONLIMIT_H
#define MOTCUA_CORE_JSONLIMIT_H

#include <stdbool.h>
#include <stddef.h>

/* True when no array or object in s[0..len) is nested deeper than max. */
bool json_depth_ok(const char *s, size_t len, int max);

#endif
