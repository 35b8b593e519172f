/*
 * fold.h: UTF-8 checks, NFC normalisation and search-key folding (R-CAT-3).
 *
 * Text is stored in NFC (fold_nfc) so that "ấ" typed as one code point and
 * as "a" + U+0302 + U+0301 compare equal. Search keys are folded (fold_key)
 * so that a search without diacritics finds text with them:
 *   NFC -> case fold -> strip combining marks (with decomposition, so
 *   letters with two marks such as "ấ", "ồ", "ự" lose both) -> đ/Đ (U+0111,
 *   U+0110) to "d" -> drop default-ignorable code points (soft hyphen,
 *   zero-width space…) and control characters -> every white space (ASCII
 *   and Unicode, e.g. NBSP) becomes one space, runs collapse to one, and
 *   leading/trailing spaces are trimmed.
 * "Đăng ký khai sinh", "dang ky khai sinh" and "ĐĂNG  KÝ KHAI SINH" all fold
 * to "dang ky khai sinh". Punctuation and digits are kept.
 *
 * Valid input is UTF-8 without overlong forms, surrogates, code points above
 * U+10FFFF, truncated sequences, and without U+0000 (every output is also a C
 * string, and a NUL inside would silently cut it).
 *
 * Input is a (pointer, length) slice of at most FOLD_INPUT_BYTES_MAX bytes;
 * no terminator is needed or read. Each transform comes in two forms:
 *   - *_alloc: *out receives a malloc'd, NUL-terminated string owned by the
 *     caller, who frees it with free(); *out_len (if not NULL) its length.
 *     On error *out is set to NULL and *out_len is left untouched.
 *   - capped: writes the result and a NUL into out[0..out_size); if they do
 *     not fit, returns ERR_TOO_LARGE and writes an empty string (when
 *     out_size > 0). *out_len (if not NULL) receives the length.
 * Errors: ERR_TOO_LARGE (input over the limit, or capped output too small),
 * ERR_INVALID_UTF8, ERR_NOMEM.
 *
 * All functions are thread-safe (utf8proc uses constant tables only).
 */
#ifndef MOTCUA_CORE_FOLD_H
#define MOTCUA_CORE_FOLD_H

#include <stddef.h>

/* Longest input accepted by every function here, in bytes. */
#define FOLD_INPUT_BYTES_MAX (64 * 1024)

/*
 * Returns 0 when s[0..len) is valid UTF-8 (as above) of at most
 * FOLD_INPUT_BYTES_MAX bytes; ERR_TOO_LARGE or ERR_INVALID_UTF8 otherwise.
 */
int fold_check_utf8(const char *s, size_t len);

/* NFC normalisation, for storing input. */
int fold_nfc_alloc(const char *s, size_t len, char **out, size_t *out_len);
int fold_nfc(const char *s, size_t len, char *out, size_t out_size, size_t *out_len);

/* The search key of s (see above). */
int fold_key_alloc(const char *s, size_t len, char **out, size_t *out_len);
int fold_key(const char *s, size_t len, char *out, size_t out_size, size_t *out_len);

#endif
