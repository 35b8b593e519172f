/*
 * compat.h: included first by every C file of motcua.
 *
 * It fixes the feature-test macros, pulls in the standard headers the project
 * uses everywhere, and then includes banned.h so that the unsafe libc calls
 * become compile errors in our code (git's banned.h idea). Third-party
 * headers may be included after this one.
 */
#ifndef MOTCUA_COMPAT_H
#define MOTCUA_COMPAT_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif
