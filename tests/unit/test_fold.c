/* Tests of core/fold: UTF-8 checks, NFC, search keys without diacritics (R-CAT-3). */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "core/err.h"
#include "core/fold.h"

/* Folds in with both the capped and the allocating form; both must give want. */
static void assert_key(const char *in, size_t len, const char *want)
{
	char buf[512];
	char *heap = NULL;
	size_t n = 99, m = 99;

	assert_int_equal(fold_key(in, len, buf, sizeof(buf), &n), 0);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	assert_int_equal(fold_key_alloc(in, len, &heap, &m), 0);
	assert_string_equal(heap, want);
	assert_int_equal(m, strlen(want));
	free(heap);
}

static void assert_key_str(const char *in, const char *want)
{
	assert_key(in, strlen(in), want);
}

/* The canonical decomposition (NFD) of s, malloc'd by utf8proc. */
static char *nfd(const char *s)
{
	char *d = (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);

	assert_non_null(d);
	return d;
}

/* R-CAT-3: the example of the rule, in three spellings. */
static void test_key_rule_example(void **state)
{
	char *d;

	(void)state;
	assert_key_str("Đăng ký khai sinh", "dang ky khai sinh");
	assert_key_str("dang ky khai sinh", "dang ky khai sinh");
	assert_key_str("ĐĂNG  KÝ KHAI SINH", "dang ky khai sinh");
	d = nfd("Đăng ký khai sinh");
	assert_true(strlen(d) > strlen("Đăng ký khai sinh"));
	assert_key_str(d, "dang ky khai sinh");
	free(d);
}

/* R-CAT-3: every Vietnamese vowel with every tone, composed and decomposed. */
static void test_key_vietnamese_letters(void **state)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"aàáảãạăằắẳẵặâầấẩẫậ", "aaaaaaaaaaaaaaaaaa"},
		{"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "aaaaaaaaaaaaaaaaaa"},
		{"eèéẻẽẹêềếểễệ", "eeeeeeeeeeee"},
		{"EÈÉẺẼẸÊỀẾỂỄỆ", "eeeeeeeeeeee"},
		{"iìíỉĩịIÌÍỈĨỊ", "iiiiiiiiiiii"},
		{"oòóỏõọôồốổỗộơờớởỡợ", "oooooooooooooooooo"},
		{"OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "oooooooooooooooooo"},
		{"uùúủũụưừứửữự", "uuuuuuuuuuuu"},
		{"UÙÚỦŨỤƯỪỨỬỮỰ", "uuuuuuuuuuuu"},
		{"yỳýỷỹỵYỲÝỶỸỴ", "yyyyyyyyyyyy"},
		{"đĐdD", "dddd"},
		{"ấ ồ ự ẫ ỹ", "a o u a y"},
		{"Ấ Ồ Ự Ẫ Ỹ", "a o u a y"},
		{"Thủ tục hành chính", "thu tuc hanh chinh"},
		{"Đường Nguyễn Trãi, Hải Phòng", "duong nguyen trai, hai phong"},
		{"Giấy chứng nhận quyền sử dụng đất 2024", "giay chung nhan quyen su dung dat 2024"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *d = nfd(t[i].in);

		assert_key_str(t[i].in, t[i].want);
		assert_key_str(d, t[i].want);
		free(d);
	}
	/* Marks in the other canonical order (dot below before circumflex). */
	assert_key_str("a\xcc\xa3\xcc\x82", "a");
	/* D with a combining stroke overlay (U+0335) as some keyboards type Đ. */
	assert_key_str("D\xcc\xb5\xc6\xb0\xe1\xbb\x9dng", "duong");
}

/* R-CAT-3: white space of any kind collapses to one space and is trimmed. */
static void test_key_spaces(void **state)
{
	(void)state;
	assert_key_str("  dang\t\tky \n khai\r\nsinh  ", "dang ky khai sinh");
	assert_key_str("dang\xc2\xa0ky", "dang ky");           /* NBSP */
	assert_key_str("dang\xe3\x80\x80ky", "dang ky");       /* ideographic space */
	assert_key_str("dang\xe2\x80\xa8ky", "dang ky");       /* line separator */
	assert_key_str("dang\xe2\x80\xa9ky", "dang ky");       /* paragraph separator */
	assert_key_str("dang\xc2\x85ky\x0b\x0cx", "dang ky x"); /* NEL, VT, FF */
	assert_key_str("dang\xe2\x80\x83 \xe2\x80\x89ky", "dang ky");
	assert_key_str("   ", "");
	assert_key_str(" \t\n", "");
	assert_key_str("x", "x");
	assert_key_str(" x ", "x");
}

/* R-CAT-3: ignorable and control characters vanish; other text is kept. */
static void test_key_strips(void **state)
{
	(void)state;
	assert_key_str("kh\xc2\xad""ai", "khai");        /* soft hyphen */
	assert_key_str("kh\xe2\x80\x8b""ai", "khai");    /* zero-width space */
	assert_key_str("kh\x01\x7f""ai", "khai");        /* controls */
	assert_key_str("1.001193 (TTHC)", "1.001193 (tthc)");
	assert_key_str("Straße", "strasse");
	assert_key_str("\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac");
	/* A lone combining mark folds to nothing. */
	assert_key_str("\xcc\x81", "");
	assert_key_str(" \xcc\x81 a", "a");
}

/* R-CAT-3: empty input is valid and gives an empty key. */
static void test_empty(void **state)
{
	char buf[4] = "zzz";
	char *heap = NULL;
	size_t n = 99;

	(void)state;
	assert_key("", 0, "");
	assert_int_equal(fold_check_utf8("", 0), 0);
	assert_int_equal(fold_nfc("", 0, buf, sizeof(buf), &n), 0);
	assert_string_equal(buf, "");
	assert_int_equal(n, 0);
	assert_int_equal(fold_nfc_alloc("", 0, &heap, NULL), 0);
	assert_string_equal(heap, "");
	free(heap);
}

/* Stored input is NFC: decomposed letters with two marks compose. */
static void test_nfc(void **state)
{
	static const char *words[] = {
		"ấ ồ ự ẫ ỹ", "Đăng ký khai sinh", "NGUYỄN THỊ HƯỜNG", "Quyết định số 118/2025/NĐ-CP",
	};
	char buf[128];
	size_t n;

	(void)state;
	/* a + U+0302 + U+0301 -> U+1EA5 "ấ". */
	assert_int_equal(fold_nfc("a\xcc\x82\xcc\x81", 5, buf, sizeof(buf), &n), 0);
	assert_string_equal(buf, "\xe1\xba\xa5");
	assert_int_equal(n, 3);
	/* Case and spacing are kept. */
	assert_int_equal(fold_nfc("  Đ\tA ", 7, buf, sizeof(buf), &n), 0);
	assert_string_equal(buf, "  Đ\tA ");
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		char *d = nfd(words[i]);
		char *heap = NULL;

		assert_int_equal(fold_nfc(d, strlen(d), buf, sizeof(buf), &n), 0);
		assert_string_equal(buf, words[i]);
		assert_int_equal(fold_nfc_alloc(words[i], strlen(words[i]), &heap, &n), 0);
		assert_string_equal(heap, words[i]);
		assert_int_equal(n, strlen(words[i]));
		free(heap);
		free(d);
	}
}

/* Invalid UTF-8 is refused by every function, and outputs are emptied. */
static void test_invalid_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
		{"\xc0\xaf", 2},             /* overlong '/' */
		{"\xc1\xbf", 2},             /* overlong */
		{"\xe0\x80\xaf", 3},         /* overlong, 3 bytes */
		{"\xe0\x9f\xbf", 3},         /* overlong U+07FF */
		{"\xf0\x80\x80\xaf", 4},     /* overlong, 4 bytes */
		{"\xf0\x8f\xbf\xbf", 4},     /* overlong U+FFFF */
		{"\xed\xa0\x80", 3},         /* surrogate U+D800 */
		{"\xed\xbf\xbf", 3},         /* surrogate U+DFFF */
		{"\xed\xa0\xbd\xed\xb8\x80", 6}, /* CESU-8 pair */
		{"\xf4\x90\x80\x80", 4},     /* above U+10FFFF */
		{"\xf5\x80\x80\x80", 4},
		{"\xff", 1},
		{"\xfe", 1},
		{"\x80", 1},                 /* lone continuation */
		{"ab\xbf", 3},
		{"\xe1\xba", 2},             /* truncated "ấ" */
		{"d\xe1", 2},                /* truncated at the end */
		{"\xc3", 1},
		{"\xf0\x9f\x98", 3},         /* truncated emoji */
		{"\xe1\xba\x41", 3},         /* bad continuation */
		{"a\0b", 3},                 /* U+0000 */
		{"\0", 1},
	};
	char buf[16];
	char *heap = (char *)"not touched";
	size_t n = 99;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(fold_check_utf8(bad[i].s, bad[i].len), ERR_INVALID_UTF8);
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(fold_key(bad[i].s, bad[i].len, buf, sizeof(buf), &n),
				 ERR_INVALID_UTF8);
		assert_string_equal(buf, "");
		assert_int_equal(n, 0);
		assert_int_equal(fold_nfc(bad[i].s, bad[i].len, buf, sizeof(buf), NULL),
				 ERR_INVALID_UTF8);
		assert_int_equal(fold_key_alloc(bad[i].s, bad[i].len, &heap, NULL),
				 ERR_INVALID_UTF8);
		assert_null(heap);
		heap = (char *)"not touched";
		assert_int_equal(fold_nfc_alloc(bad[i].s, bad[i].len, &heap, NULL),
				 ERR_INVALID_UTF8);
		assert_null(heap);
	}
}

/* The edges of the valid ranges pass. */
static void test_valid_utf8_edges(void **state)
{
	static const char *good[] = {
		"\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
		"\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "ấ ồ ự ẫ ỹ Đđ",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_int_equal(fold_check_utf8(good[i], strlen(good[i])), 0);
	/* Only len bytes are read: a truncated tail outside the slice is fine. */
	assert_int_equal(fold_check_utf8("ab\xe1\xba", 2), 0);
}

/* The capped output: an exact fit works, one byte less is ERR_TOO_LARGE. */
static void test_capped_output(void **state)
{
	const char *in = "Đăng ký";
	char buf[16];
	size_t n = 99;

	(void)state;
	/* "dang ky" is 7 bytes: needs 8 with the NUL. */
	assert_int_equal(fold_key(in, strlen(in), buf, 8, &n), 0);
	assert_string_equal(buf, "dang ky");
	assert_int_equal(n, 7);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(fold_key(in, strlen(in), buf, 7, &n), ERR_TOO_LARGE);
	assert_string_equal(buf, "");
	assert_int_equal(n, 0);
	assert_int_equal(fold_key(in, strlen(in), NULL, 0, NULL), ERR_TOO_LARGE);
	/* NFC of "Đăng ký" is itself: 10 bytes. */
	assert_int_equal(fold_nfc(in, strlen(in), buf, 11, &n), 0);
	assert_int_equal(n, 10);
	assert_int_equal(fold_nfc(in, strlen(in), buf, 10, &n), ERR_TOO_LARGE);
	assert_string_equal(buf, "");
	/* The empty key fits in one byte. */
	assert_int_equal(fold_key("  ", 2, buf, 1, &n), 0);
	assert_string_equal(buf, "");
}

/* FOLD_INPUT_BYTES_MAX is accepted, one byte more is ERR_TOO_LARGE. */
static void test_input_limit(void **state)
{
	size_t max = FOLD_INPUT_BYTES_MAX;
	char *in = malloc(max + 1);
	char *out = NULL;
	size_t n = 0;

	(void)state;
	assert_non_null(in);
	/* "Ấ" is 3 bytes: fill with it, pad the rest with spaces. */
	for (size_t i = 0; i + 3 <= max; i += 3)
		memcpy(in + i, "\xe1\xba\xa4", 3);
	for (size_t i = max - max % 3; i <= max; i++)
		in[i] = ' ';
	assert_int_equal(fold_check_utf8(in, max), 0);
	assert_int_equal(fold_key_alloc(in, max, &out, &n), 0);
	assert_int_equal(n, max / 3);
	assert_int_equal(out[0], 'a');
	assert_int_equal(out[n - 1], 'a');
	free(out);
	assert_int_equal(fold_nfc_alloc(in, max, &out, &n), 0);
	assert_int_equal(n, max);
	free(out);
	assert_int_equal(fold_check_utf8(in, max + 1), ERR_TOO_LARGE);
	assert_int_equal(fold_key_alloc(in, max + 1, &out, &n), ERR_TOO_LARGE);
	assert_null(out);
	assert_int_equal(fold_nfc_alloc(in, max + 1, &out, &n), ERR_TOO_LARGE);
	assert_null(out);
	assert_int_equal(fold_key(in, max + 1, NULL, 0, NULL), ERR_TOO_LARGE);
	free(in);
}

/* Folding is idempotent: a key folds to itself. */
static void test_key_idempotent(void **state)
{
	static const char *in[] = {
		"Đăng ký khai sinh", "  NGUYỄN\tTHỊ  HƯỜNG ", "Straße İstanbul ǅ", "ΐ ﬁ",
	};
	char k1[128], k2[128];
	size_t n1, n2;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(in); i++) {
		assert_int_equal(fold_key(in[i], strlen(in[i]), k1, sizeof(k1), &n1), 0);
		assert_int_equal(fold_key(k1, n1, k2, sizeof(k2), &n2), 0);
		assert_string_equal(k1, k2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_rule_example),
		cmocka_unit_test(test_key_vietnamese_letters),
		cmocka_unit_test(test_key_spaces),
		cmocka_unit_test(test_key_strips),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_valid_utf8_edges),
		cmocka_unit_test(test_capped_output),
		cmocka_unit_test(test_input_limit),
		cmocka_unit_test(test_key_idempotent),
	};

	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
