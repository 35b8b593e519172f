/* Tests of core/ident: personal identification numbers (R-ID-1), tax codes (R-ID-2). */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/ident.h"

static int id_parse(const char *s, struct ident_id_number *id)
{
	return ident_id_number_parse(s, strlen(s), id);
}

static int tax_parse(const char *s, struct ident_tax_code *tc)
{
	return ident_tax_code_parse(s, strlen(s), tc);
}

/* R-ID-1: exactly the 63 legacy codes have names, ascending in the table. */
static void test_province_table(void **state)
{
	int named = 0, prev = 0;

	(void)state;
	for (int code = -5; code <= 1000; code++)
		named += ident_province_name(code) != NULL;
	assert_int_equal(named, IDENT_PROVINCE_COUNT);
	assert_int_equal(IDENT_PROVINCE_COUNT, 63);
	for (int i = 0; i < IDENT_PROVINCE_COUNT; i++) {
		int code = ident_province_code_at(i);

		assert_true(code > prev);
		assert_non_null(ident_province_name(code));
		prev = code;
	}
	assert_int_equal(ident_province_code_at(0), 1);
	assert_int_equal(ident_province_code_at(IDENT_PROVINCE_COUNT - 1), 96);
	assert_int_equal(ident_province_code_at(-1), 0);
	assert_int_equal(ident_province_code_at(IDENT_PROVINCE_COUNT), 0);
}

/* R-ID-1: names the UI shows, and codes that were never assigned. */
static void test_province_names(void **state)
{
	static const int unassigned[] = {0, 3, 5, 7, 9, 13, 16, 18, 21, 23, 28, 29, 32, 39,
					 41, 43, 47, 50, 53, 55, 57, 59, 61, 63, 65, 69,
					 71, 73, 76, 78, 81, 85, 88, 90, 97, 99, 100};

	(void)state;
	assert_string_equal(ident_province_name(1), "Hà Nội");
	assert_string_equal(ident_province_name(30), "Hải Dương");
	assert_string_equal(ident_province_name(31), "Hải Phòng");
	assert_string_equal(ident_province_name(46), "Thừa Thiên Huế");
	assert_string_equal(ident_province_name(79), "TP Hồ Chí Minh");
	assert_string_equal(ident_province_name(96), "Cà Mau");
	for (size_t i = 0; i < ARRAY_SIZE(unassigned); i++)
		assert_null(ident_province_name(unassigned[i]));
}

/* R-ID-1: PPP G YY RRRRRR, G = century and gender. */
static void test_id_parse(void **state)
{
	struct ident_id_number id;

	(void)state;
	assert_int_equal(id_parse("001099012345", &id), 0);
	assert_int_equal(id.province, 1);
	assert_int_equal(id.gender, IDENT_MALE);
	assert_int_equal(id.birth_year, 1999);
	assert_int_equal(id_parse("031303000001", &id), 0);
	assert_int_equal(id.province, 31);
	assert_int_equal(id.gender, IDENT_FEMALE);
	assert_int_equal(id.birth_year, 2003);
	assert_int_equal(id_parse("079100999999", &id), 0);
	assert_int_equal(id.gender, IDENT_FEMALE);
	assert_int_equal(id.birth_year, 1900);
	assert_int_equal(id_parse("096000000000", NULL), 0);
}

/* R-ID-1: every G digit, centuries 1900..2300, even male, odd female. */
static void test_id_century_gender(void **state)
{
	char s[] = "030G45123456";

	(void)state;
	for (int g = 0; g <= 9; g++) {
		struct ident_id_number id;

		s[3] = (char)('0' + g);
		assert_int_equal(id_parse(s, &id), 0);
		assert_int_equal(id.birth_year, 1900 + (g / 2) * 100 + 45);
		assert_int_equal(id.gender, g % 2 ? IDENT_FEMALE : IDENT_MALE);
		assert_int_equal(id.province, 30);
	}
}

/* R-ID-1: shape and province code; the parser leaves *out alone on error. */
static void test_id_parse_rejects(void **state)
{
	static const char *bad[] = {
		"",             "00109901234",   "0010990123456", "003099012345",
		"000099012345", "097099012345",  "999099012345",  "00109901234a",
		" 01099012345", "001-099-01234", "001099012345 ", "O01099012345",
		("001\xd9\xa0" "9901234"),
	};
	struct ident_id_number id = {77, IDENT_FEMALE, 1234};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(id_parse(bad[i], &id), ERR_INVALID_ID_NUMBER);
	assert_int_equal(id.province, 77);
	assert_int_equal(id.birth_year, 1234);
	/* Only len bytes are read. */
	assert_int_equal(ident_id_number_parse("001099012345678", 12, &id), 0);
	assert_int_equal(ident_id_number_parse("00109901234", 12, &id), ERR_INVALID_ID_NUMBER);
}

/* R-ID-1: birth year not after "now", and equal to a known birth year. */
static void test_id_validate(void **state)
{
	(void)state;
	assert_int_equal(ident_id_number_validate("001099012345", 12, 0, 2026), 0);
	assert_int_equal(ident_id_number_validate("001099012345", 12, 1999, 2026), 0);
	assert_int_equal(ident_id_number_validate("001099012345", 12, 2099, 2026),
			 ERR_INVALID_ID_NUMBER);
	assert_int_equal(ident_id_number_validate("001099012345", 12, 1998, 2026),
			 ERR_INVALID_ID_NUMBER);
	/* Born this year is fine, next year is not. */
	assert_int_equal(ident_id_number_validate("001326012345", 12, 0, 2026), 0);
	assert_int_equal(ident_id_number_validate("001326012345", 12, 2026, 2026), 0);
	assert_int_equal(ident_id_number_validate("001327012345", 12, 0, 2026),
			 ERR_INVALID_ID_NUMBER);
	assert_int_equal(ident_id_number_validate("001327012345", 12, 0, 2027), 0);
	/* 2100s (G = 4/5) cannot be born yet. */
	assert_int_equal(ident_id_number_validate("001400012345", 12, 0, 2026),
			 ERR_INVALID_ID_NUMBER);
	assert_int_equal(ident_id_number_validate("001500012345", 12, 2100, 2100), 0);
	assert_int_equal(ident_id_number_validate("003099012345", 12, 0, 2026),
			 ERR_INVALID_ID_NUMBER);
	assert_int_equal(ident_id_number_validate("0010990123", 10, 0, 2026),
			 ERR_INVALID_ID_NUMBER);
}

/* R-ID-2, independently: N10 = 10 - (sum Ni*Wi mod 11); 10 means none. */
static int reference_check(const char *body)
{
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	int sum = 0;

	for (int i = 0; i < 9; i++)
		sum += (body[i] - '0') * w[i];
	return 10 - sum % 11;
}

/* R-ID-2: published tax codes of well-known enterprises. */
static void test_tax_known(void **state)
{
	static const char *good[] = {
		"0100109106", /* Viettel */
		"0100107518", /* Vietnam Airlines */
		"0100684378", /* VNPT */
		"0300588569", /* Vinamilk */
		"0101248141", /* FPT */
	};
	struct ident_tax_code tc;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		assert_int_equal(tax_parse(good[i], &tc), 0);
		assert_int_equal(tc.kind, IDENT_TAX_ORGANISATION);
		assert_int_equal(tc.branch, 0);
		assert_int_equal(ident_tax_check_digit(good[i]), good[i][9] - '0');
		assert_int_equal(ident_tax_code_validate(good[i], 10, 2026), 0);
	}
	assert_int_equal(tax_parse("0100109107", &tc), ERR_INVALID_TAX_CODE);
	assert_int_equal(tax_parse("0100109105", &tc), ERR_INVALID_TAX_CODE);
}

/*
 * R-ID-2: for many constructed bodies exactly one last digit is valid, the
 * reference one, unless the sum is 0 mod 11 (then none is).
 */
static void test_tax_constructed(void **state)
{
	char s[11] = {0};
	uint32_t x = 12345;
	int none = 0, nine = 0;

	(void)state;
	for (int n = 0; n < 20000; n++) {
		int want, valid = 0;

		x = x * 1103515245u + 12345u;
		snprintf(s, sizeof(s), "%09" PRIu32, (x >> 1) % 1000000000u);
		want = reference_check(s);
		for (int d = 0; d <= 9; d++) {
			s[9] = (char)('0' + d);
			if (tax_parse(s, NULL) == 0) {
				valid++;
				assert_int_equal(d, want);
			}
		}
		assert_int_equal(valid, want == 10 ? 0 : 1);
		assert_int_equal(ident_tax_check_digit(s), want == 10 ? -1 : want);
		none += want == 10;
		nine += want == 9;
	}
	/* Both edges occurred: sum mod 11 == 0 (invalid) and == 1 (digit 9). */
	assert_true(none > 1000);
	assert_true(nine > 1000);
}

/* R-ID-2: sum mod 11 == 0 gives "10", which no digit can carry. */
static void test_tax_check_edge(void **state)
{
	static const char *zero_mod_11[] = {
		"000000000", /* sum 0 */
		"100001000", /* 31 + 13 = 44 = 4 * 11 */
		"000000012", /* 5 + 2 * 3 = 11 */
	};
	char s[11] = {0};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(zero_mod_11); i++) {
		assert_int_equal(ident_tax_check_digit(zero_mod_11[i]), -1);
		memcpy(s, zero_mod_11[i], 9);
		for (int d = 0; d <= 9; d++) {
			s[9] = (char)('0' + d);
			assert_int_equal(tax_parse(s, NULL), ERR_INVALID_TAX_CODE);
		}
	}
	/* 29 + 3 = 32 = 2 * 11 + 10: check digit 0. */
	assert_int_equal(ident_tax_check_digit("010000001"), 0);
	assert_int_equal(tax_parse("0100000010", NULL), 0);
	/* 23 = 2 * 11 + 1: check digit 9. */
	assert_int_equal(ident_tax_check_digit("001000000"), 9);
	assert_int_equal(tax_parse("0010000009", NULL), 0);
	/* 31 + 13 + 3 = 47 = 4 * 11 + 3: check digit 7. */
	assert_int_equal(ident_tax_check_digit("100001001"), 7);
	assert_int_equal(ident_tax_check_digit("01001091a"), -1);
}

/* R-ID-2: branch suffix -NNN, 001..999. */
static void test_tax_branch(void **state)
{
	static const char *bad[] = {
		"0100109106-000", "0100109106-01",  "0100109106-0001", "0100109106_001",
		"0100109107-001", "0100109106-0a1", "0100109106 001",  "0100109106001",
		"0100109106-",    "-0100109106",    "0100109106--01",  "010010910-6001",
	};
	struct ident_tax_code tc;

	(void)state;
	assert_int_equal(tax_parse("0100109106-001", &tc), 0);
	assert_int_equal(tc.kind, IDENT_TAX_BRANCH);
	assert_int_equal(tc.branch, 1);
	assert_int_equal(tax_parse("0100109106-999", &tc), 0);
	assert_int_equal(tc.branch, 999);
	assert_int_equal(ident_tax_code_validate("0100109106-042", 14, 2026), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(tax_parse(bad[i], &tc), ERR_INVALID_TAX_CODE);
	assert_int_equal(tc.branch, 999);
}

/* R-ID-2: since 1 July 2025 individuals use the 12-digit personal number. */
static void test_tax_personal(void **state)
{
	struct ident_tax_code tc;

	(void)state;
	assert_int_equal(tax_parse("031085001234", &tc), 0);
	assert_int_equal(tc.kind, IDENT_TAX_PERSONAL);
	assert_int_equal(tc.branch, 0);
	assert_int_equal(ident_tax_code_validate("031085001234", 12, 2026), 0);
	/* Not a province code; born in the future. */
	assert_int_equal(tax_parse("032085001234", &tc), ERR_INVALID_TAX_CODE);
	assert_int_equal(ident_tax_code_validate("032085001234", 12, 2026), ERR_INVALID_TAX_CODE);
	assert_int_equal(tax_parse("031399001234", &tc), 0);
	assert_int_equal(ident_tax_code_validate("031399001234", 12, 2026), ERR_INVALID_TAX_CODE);
	assert_int_equal(ident_tax_code_validate("031399001234", 12, 2099), 0);
}

/* R-ID-2: other lengths and characters. */
static void test_tax_rejects(void **state)
{
	static const char *bad[] = {
		"",          "010010910",     "01001091066", "0100109106-00",
		"0100109106-0010", "0313030000011", "01001O9106", " 100109106",
		"+100109106", "0100109106\n",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(tax_parse(bad[i], NULL), ERR_INVALID_TAX_CODE);
		assert_int_equal(ident_tax_code_validate(bad[i], strlen(bad[i]), 2026),
				 ERR_INVALID_TAX_CODE);
	}
	/* Only len bytes are read. */
	assert_int_equal(ident_tax_code_parse("0100109106-001", 10, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_province_table),
		cmocka_unit_test(test_province_names),
		cmocka_unit_test(test_id_parse),
		cmocka_unit_test(test_id_century_gender),
		cmocka_unit_test(test_id_parse_rejects),
		cmocka_unit_test(test_id_validate),
		cmocka_unit_test(test_tax_known),
		cmocka_unit_test(test_tax_constructed),
		cmocka_unit_test(test_tax_check_edge),
		cmocka_unit_test(test_tax_branch),
		cmocka_unit_test(test_tax_personal),
		cmocka_unit_test(test_tax_rejects),
	};

	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
