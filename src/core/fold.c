#include "compat.h"

#include <utf8proc.h>

#include "core/err.h"
#include "core/fold.h"

#define NFC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE)
/*
 * STRIPMARK decomposes first (even with COMPOSE), so "ấ" loses both marks;
 * COMPOSE then recomposes whatever is left (non-Latin letters). IGNORE drops
 * default-ignorable code points; STRIPCC drops control characters that
 * key_map did not turn into spaces.
 */
#define KEY_OPTIONS                                                               \
	(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | \
	 UTF8PROC_IGNORE | UTF8PROC_STRIPCC)

int fold_check_utf8(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t left = len;

	if (len > FOLD_INPUT_BYTES_MAX)
		return ERR_TOO_LARGE;
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);

		if (n <= 0 || cp == 0)
			return ERR_INVALID_UTF8;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

/*
 * Applied to each code point before case folding and decomposition: đ/Đ have
 * no decomposition (the stroke is not a combining mark), so they are mapped
 * by hand; every kind of white space becomes U+0020 for squeeze_spaces.
 */
static utf8proc_int32_t key_map(utf8proc_int32_t cp, void *data)
{
	(void)data;
	if (cp == 0x0110 || cp == 0x0111)
		return 'd';
	if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85)
		return ' ';
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return ' ';
	default:
		return cp;
	}
}

/* Collapses runs of ' ' in s[0..n) to one, trims both ends, NUL-terminates. */
static size_t squeeze_spaces(char *s, size_t n)
{
	size_t w = 0;

	for (size_t r = 0; r < n; r++) {
		if (s[r] == ' ' && (w == 0 || s[w - 1] == ' '))
			continue;
		s[w++] = s[r];
	}
	if (w > 0 && s[w - 1] == ' ')
		w--;
	s[w] = '\0';
	return w;
}

/* Checks s, maps it through utf8proc into a malloc'd string *out. */
static int map_alloc(const char *s, size_t len, utf8proc_option_t options,
		     utf8proc_custom_func func, char **out, size_t *out_len)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;
	int rc;

	*out = NULL;
	rc = fold_check_utf8(s, len);
	if (rc)
		return rc;
	n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
				options, func, NULL);
	if (n < 0) {
		/* Invalid UTF-8 was refused above and the options are constant. */
		return n == UTF8PROC_ERROR_NOMEM ? ERR_NOMEM : ERR_TOO_LARGE;
	}
	*out = (char *)dst;
	if (out_len)
		*out_len = (size_t)n;
	return 0;
}

/*
 * Runs the allocating transform alloc and copies its result and a NUL into
 * out[0..out_size); on any error out holds "" (when out_size > 0).
 */
static int to_capped(int (*alloc)(const char *, size_t, char **, size_t *), const char *s,
		     size_t len, char *out, size_t out_size, size_t *out_len)
{
	char *tmp = NULL;
	size_t n = 0;
	int rc = alloc(s, len, &tmp, &n);

	if (!rc && n >= out_size)
		rc = ERR_TOO_LARGE;
	if (rc)
		n = 0;
	if (out_size > 0) {
		if (n > 0)
			memcpy(out, tmp, n);
		out[n] = '\0';
	}
	if (out_len)
		*out_len = n;
	free(tmp);
	return rc;
}

int fold_nfc_alloc(const char *s, size_t len, char **out, size_t *out_len)
{
	return map_alloc(s, len, NFC_OPTIONS, NULL, out, out_len);
}

int fold_nfc(const char *s, size_t len, char *out, size_t out_size, size_t *out_len)
{
	return to_capped(fold_nfc_alloc, s, len, out, out_size, out_len);
}

int fold_key_alloc(const char *s, size_t len, char **out, size_t *out_len)
{
	size_t n = 0;
	int rc = map_alloc(s, len, KEY_OPTIONS, key_map, out, &n);

	if (rc)
		return rc;
	n = squeeze_spaces(*out, n);
	if (out_len)
		*out_len = n;
	return 0;
}

int fold_key(const char *s, size_t len, char *out, size_t out_size, size_t *out_len)
{
	return to_capped(fold_key_alloc, s, len, out, out_size, out_len);
}
