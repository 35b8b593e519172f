/*
 * cursor.h: small cursor functions for reading and writing short texts.
 *
 * Readers take a cursor *p and the end of the input; they advance *p only
 * on success, so parsers read like the grammar they accept (curl's
 * strparse idea). Pure; thread-safe.
 */
#ifndef MOTCUA_CORE_CURSOR_H
#define MOTCUA_CORE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

/* Reads exactly n ASCII digits (n <= 9) into *out. */
bool cursor_take_digits(const char **p, const char *end, int n, int *out);

/* Reads the character c. */
bool cursor_take_char(const char **p, const char *end, char c);

/* Writes v as exactly n decimal digits, most significant first (v < 10^n). */
void cursor_put_digits(char *p, unsigned v, int n);

/*
 * The index of s[0..len) among names[0..count), or ERR_INVALID. For the
 * enum name tables of the core.
 */
int cursor_find_name(const char *const *names, int count, const char *s, size_t len);

#endif
