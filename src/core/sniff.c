#include "compat.h"

#include "core/sniff.h"

static const struct {
	enum sniff_type type;
	const char *mime;
	const unsigned char *magic;
	size_t magic_len;
} types[] = {
	{SNIFF_PDF, "application/pdf", (const unsigned char *)"%PDF-", 5},
	{SNIFF_PNG, "image/png", (const unsigned char *)"\x89PNG\r\n\x1a\n", 8},
	{SNIFF_JPEG, "image/jpeg", (const unsigned char *)"\xff\xd8\xff", 3},
};

enum sniff_type sniff_type(const void *data, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (len >= types[i].magic_len && memcmp(data, types[i].magic, types[i].magic_len) == 0)
			return types[i].type;
	return SNIFF_UNKNOWN;
}

const char *sniff_mime(enum sniff_type t)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (types[i].type == t)
			return types[i].mime;
	return NULL;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether s[0..len) equals the lower-case text want, ignoring ASCII case. */
static bool equals_nocase(const char *s, size_t len, const char *want)
{
	size_t n = strlen(want);

	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(s[i]) != want[i])
			return false;
	return true;
}

enum sniff_type sniff_from_mime(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (equals_nocase(s, len, types[i].mime))
			return types[i].type;
	return SNIFF_UNKNOWN;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

bool sniff_content_type_agrees(const char *value, size_t len, enum sniff_type t)
{
	const char *mime = sniff_mime(t);
	const char *semi;
	size_t start = 0, end;

	if (!value)
		return true;
	semi = memchr(value, ';', len);
	end = semi ? (size_t)(semi - value) : len;
	while (start < end && is_space(value[start]))
		start++;
	while (end > start && is_space(value[end - 1]))
		end--;
	if (start == end)
		return !semi; /* blank says nothing; "; charset=x" names no media type */
	if (end - start > SNIFF_MEDIA_TYPE_BYTES_MAX)
		return false;
	if (equals_nocase(value + start, end - start, "application/octet-stream"))
		return true;
	return mime && equals_nocase(value + start, end - start, mime);
}

static bool name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

bool sniff_name_valid(const char *s, size_t len)
{
	if (len == 0 || len > SNIFF_NAME_BYTES_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!name_byte(s[i]))
			return false;
	return true;
}
