/*
 * fuzz_sniff: the upload checks of core/sniff on any bytes (R-DIG-1).
 * Properties: a sniffed type is one of the allow-list and starts with its
 * magic; its media type maps back to it and agrees with it; the input
 * taken as a Content-Type agrees with at most one type besides the
 * "says nothing" values; a valid name has no separator, no leading dot
 * and fits the limit.
 */
#include "compat.h"

#include "core/sniff.h"
#include "fuzz.h"

static void check_type(const uint8_t *data, size_t size)
{
	enum sniff_type t = sniff_type(data, size);
	const char *mime = sniff_mime(t);

	FUZZ_CHECK(t >= SNIFF_UNKNOWN && t < SNIFF_TYPE_COUNT);
	if (t == SNIFF_UNKNOWN) {
		FUZZ_CHECK(mime == NULL);
		return;
	}
	FUZZ_CHECK(mime != NULL);
	FUZZ_CHECK(sniff_from_mime(mime, strlen(mime)) == t);
	FUZZ_CHECK(sniff_content_type_agrees(mime, strlen(mime), t));
	FUZZ_CHECK(size >= 3);
	FUZZ_CHECK(data[0] == '%' || data[0] == 0x89 || data[0] == 0xff);
}

static void check_content_type(const char *s, size_t size)
{
	int agreeing = 0;

	for (int t = SNIFF_PDF; t < SNIFF_TYPE_COUNT; t++)
		agreeing += sniff_content_type_agrees(s, size, (enum sniff_type)t);
	/* Either the value says nothing (all agree) or it names one type at most. */
	FUZZ_CHECK(agreeing <= 1 || agreeing == SNIFF_TYPE_COUNT - 1);
	FUZZ_CHECK(!sniff_content_type_agrees(s, size, SNIFF_UNKNOWN) || agreeing != 0);
}

static void check_name(const char *s, size_t size)
{
	if (!sniff_name_valid(s, size))
		return;
	FUZZ_CHECK(size >= 1 && size <= SNIFF_NAME_BYTES_MAX);
	FUZZ_CHECK(s[0] != '.');
	FUZZ_CHECK(memchr(s, '/', size) == NULL && memchr(s, '\\', size) == NULL);
	FUZZ_CHECK(memchr(s, '\0', size) == NULL && memchr(s, '"', size) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	check_type(data, size);
	check_content_type(s, size);
	check_name(s, size);
	return 0;
}
