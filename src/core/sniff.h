/*
 * sniff.h: what an uploaded file is (R-DIG-1): its type from its first
 * bytes, whether a declared Content-Type agrees, and whether its name is
 * one motcua stores.
 *
 * The type is never taken from the client's word: it is sniffed from the
 * magic numbers against a short allow-list, so that a file served back
 * later is exactly the kind it claims to be (the server also sends
 * `X-Content-Type-Options: nosniff` and `Content-Disposition: attachment`).
 *
 *   PDF   "%PDF-"                    application/pdf
 *   PNG   89 50 4E 47 0D 0A 1A 0A    image/png
 *   JPEG  FF D8 FF                   image/jpeg
 *
 * Names are 1..SNIFF_NAME_BYTES_MAX bytes of [A-Za-z0-9._-] not starting
 * with a dot: no path separators, no hidden files, nothing to quote in a
 * header or a path.
 *
 * Inputs are (pointer, length) slices; nothing is allocated. Pure and
 * thread-safe.
 */
#ifndef MOTCUA_CORE_SNIFF_H
#define MOTCUA_CORE_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#define SNIFF_NAME_BYTES_MAX 100
/* The longest media type text a Content-Type may carry before its parameters. */
#define SNIFF_MEDIA_TYPE_BYTES_MAX 127

enum sniff_type {
	SNIFF_UNKNOWN = 0,
	SNIFF_PDF,
	SNIFF_PNG,
	SNIFF_JPEG,
	SNIFF_TYPE_COUNT
};

/* The type of the bytes data[0..len), or SNIFF_UNKNOWN (also for len 0). */
enum sniff_type sniff_type(const void *data, size_t len);

/* The media type of t ("application/pdf", …), or NULL for SNIFF_UNKNOWN. Static text. */
const char *sniff_mime(enum sniff_type t);

/* The type whose media type is exactly s[0..len) (ASCII case-insensitive); SNIFF_UNKNOWN if none. */
enum sniff_type sniff_from_mime(const char *s, size_t len);

/*
 * Whether a request's Content-Type value agrees with the sniffed type t:
 * true when the header is absent (NULL) or blank, when it is
 * application/octet-stream (says nothing), or when its media type (before
 * any ";" parameters, spaces trimmed, case-insensitive) is t's. Anything
 * else contradicts the bytes.
 */
bool sniff_content_type_agrees(const char *value, size_t len, enum sniff_type t);

/* Whether s[0..len) is an acceptable file name (see above). */
bool sniff_name_valid(const char *s, size_t len);

#endif
