/* Tests of core/sniff: file types by their bytes, Content-Type agreement, names (R-DIG-1). */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/sniff.h"

static enum sniff_type sniff_text(const char *s, size_t len)
{
	return sniff_type(s, len);
}

static bool agrees(const char *ct, enum sniff_type t)
{
	return sniff_content_type_agrees(ct, ct ? strlen(ct) : 0, t);
}

static bool name_ok(const char *s)
{
	return sniff_name_valid(s, strlen(s));
}

/* The three magic numbers, each at its exact length and one byte short. */
static void test_magic(void **state)
{
	(void)state;
	assert_int_equal(sniff_text("%PDF-1.7\n", 9), SNIFF_PDF);
	assert_int_equal(sniff_text("%PDF-", 5), SNIFF_PDF);
	assert_int_equal(sniff_text("%PDF", 4), SNIFF_UNKNOWN);
	assert_int_equal(sniff_text("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), SNIFF_PNG);
	assert_int_equal(sniff_text("\x89PNG\r\n\x1a\n", 8), SNIFF_PNG);
	assert_int_equal(sniff_text("\x89PNG\r\n\x1a", 7), SNIFF_UNKNOWN);
	assert_int_equal(sniff_text("\xff\xd8\xff\xe0\0\x10JFIF", 10), SNIFF_JPEG);
	assert_int_equal(sniff_text("\xff\xd8\xff", 3), SNIFF_JPEG);
	assert_int_equal(sniff_text("\xff\xd8", 2), SNIFF_UNKNOWN);
	assert_int_equal(sniff_type(NULL, 0), SNIFF_UNKNOWN);
}

/* Near misses and other common files are refused. */
static void test_not_allowed(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
	} bad[] = {
		{"hello, world\n", 13},
		{" %PDF-1.4", 9},                    /* not at the start */
		{"%pdf-1.4", 8},                     /* case matters */
		{"\x89PNG\r\n\x1a\x0b", 8},          /* last byte wrong */
		{"\x89PNG\n\x1a\n\0", 8},            /* line ending converted */
		{"\xff\xd8\xfe", 3},
		{"GIF89a", 6},
		{"PK\x03\x04", 4},                   /* zip, docx, xlsx */
		{"<svg xmlns=", 11},
		{"<html>", 6},
		{"\xef\xbb\xbf%PDF-1.4", 11},        /* a BOM first */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(sniff_text(bad[i].bytes, bad[i].len), SNIFF_UNKNOWN);
}

static void test_mime(void **state)
{
	(void)state;
	assert_string_equal(sniff_mime(SNIFF_PDF), "application/pdf");
	assert_string_equal(sniff_mime(SNIFF_PNG), "image/png");
	assert_string_equal(sniff_mime(SNIFF_JPEG), "image/jpeg");
	assert_null(sniff_mime(SNIFF_UNKNOWN));
	for (int t = SNIFF_PDF; t < SNIFF_TYPE_COUNT; t++) {
		const char *m = sniff_mime((enum sniff_type)t);

		assert_int_equal(sniff_from_mime(m, strlen(m)), t);
	}
	assert_int_equal(sniff_from_mime("IMAGE/PNG", 9), SNIFF_PNG);
	assert_int_equal(sniff_from_mime("image/pn", 8), SNIFF_UNKNOWN);
	assert_int_equal(sniff_from_mime("image/pngx", 10), SNIFF_UNKNOWN);
	assert_int_equal(sniff_from_mime("", 0), SNIFF_UNKNOWN);
}

/* A Content-Type may say nothing, or the sniffed type; never another one. */
static void test_content_type(void **state)
{
	(void)state;
	assert_true(agrees(NULL, SNIFF_PDF));
	assert_true(agrees("", SNIFF_PDF));
	assert_true(agrees("  ", SNIFF_PDF));
	assert_true(agrees("application/pdf", SNIFF_PDF));
	assert_true(agrees("Application/PDF", SNIFF_PDF));
	assert_true(agrees(" application/pdf ; name=a.pdf", SNIFF_PDF));
	assert_true(agrees("application/octet-stream", SNIFF_PNG));
	assert_true(agrees("image/jpeg;q=1", SNIFF_JPEG));
	assert_false(agrees("image/png", SNIFF_PDF));
	assert_false(agrees("text/plain", SNIFF_PDF));
	assert_false(agrees("application/x-www-form-urlencoded", SNIFF_PDF));
	assert_false(agrees("image/jpg", SNIFF_JPEG)); /* not a registered type */
	assert_false(agrees("application/pdfx", SNIFF_PDF));
	assert_false(agrees("; charset=utf-8", SNIFF_PDF));
	assert_false(agrees("application/pdf", SNIFF_UNKNOWN));
	/* Only len bytes are read. */
	assert_true(sniff_content_type_agrees("image/pngXYZ", 9, SNIFF_PNG));
}

/* Names: 1..100 bytes of [A-Za-z0-9._-], not starting with a dot. */
static void test_names(void **state)
{
	char name[SNIFF_NAME_BYTES_MAX + 2];
	static const char *good[] = {"a", "A.pdf", "giay-de-nghi_01.PDF", "a..b", "a.", "-x", "_"};
	static const char *bad[] = {"", ".", "..", ".hidden", "a/b", "../a", "a\\b", "a b",
				    "a%2Fb", "giấy.pdf", "a:b", "a\nb", "a\"b", "a;b"};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_true(name_ok(good[i]));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(name_ok(bad[i]));
	memset(name, 'n', sizeof(name));
	name[SNIFF_NAME_BYTES_MAX] = '\0';
	assert_true(name_ok(name));
	name[SNIFF_NAME_BYTES_MAX] = 'n';
	name[SNIFF_NAME_BYTES_MAX + 1] = '\0';
	assert_false(name_ok(name));
	/* A NUL inside the slice is not a name byte. */
	assert_false(sniff_name_valid("a\0b", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_not_allowed),
		cmocka_unit_test(test_mime),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
