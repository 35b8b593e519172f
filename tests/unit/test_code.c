/* Tests of core/code: unit codes (R-ORG-1) and dossier codes (R-DOS-1). */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/code.h"
#include "core/date.h"
#include "core/err.h"

#include "testutil.h"

static int unit_parse(const char *s, struct unit_code *c)
{
	return unit_code_parse(s, strlen(s), c);
}

static int dossier_parse(const char *s, struct dossier_code *dc)
{
	return dossier_code_parse(s, strlen(s), dc);
}

/* R-ORG-1: V1V2V3.Z1Z2.Y1Y2.MX1X2 into its parts. */
static void test_unit_parse(void **state)
{
	static const struct {
		const char *text;
		struct unit_code want;
	} good[] = {
		{"000.00.00.H56", {0, 0, 0, 'H', 56}},
		{"000.00.14.H56", {0, 0, 14, 'H', 56}},
		{"987.65.43.Z21", {987, 65, 43, 'Z', 21}},
	};
	struct unit_code c;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		assert_int_equal(unit_parse(good[i].text, &c), 0);
		assert_int_equal(c.v, good[i].want.v);
		assert_int_equal(c.z, good[i].want.z);
		assert_int_equal(c.y, good[i].want.y);
		assert_int_equal(c.m, good[i].want.m);
		assert_int_equal(c.x, good[i].want.x);
	}
	assert_int_equal(unit_parse("999.99.99.A00", NULL), 0);
	assert_true(unit_code_valid("000.00.14.H56", UNIT_CODE_LEN));
	/* Only len bytes are read. */
	assert_int_equal(unit_code_parse("000.00.14.H56-200203-0118", UNIT_CODE_LEN, &c), 0);
}

/* R-ORG-1: only the four-group shape, uppercase letter, ASCII digits. */
static void test_unit_rejects(void **state)
{
	static const char *bad[] = {
		"",              "000.00.00.h56",  "000.00.00.H5",    "000.00.00.H567",
		"00.00.00.H56",  "0000.00.00.H56", "000-00-00-H56",   "000.00.00.556",
		"G01.xx",        "H56",            "000.00.H56",      "000.00.00.HH6",
		"000.0a.00.H56", "000.00.00.H5a",  " 000.00.00.H56",  "000.00.00.H56 ",
		"000.00.00.@56", "000.00.00.[56",  "000.00.00.\xc4\xa4""56",
		"000.00.00..H56", "A00.00.00.H56",
	};
	struct unit_code c = {1, 2, 3, 'Q', 4};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(unit_parse(bad[i], &c), ERR_INVALID_UNIT_CODE);
		assert_false(unit_code_valid(bad[i], strlen(bad[i])));
	}
	assert_int_equal(c.v, 1);
	assert_int_equal(c.m, 'Q');
	assert_int_equal(unit_code_parse("000.00.00.H56", 12, &c), ERR_INVALID_UNIT_CODE);
}

/* R-ORG-1: formatting is the inverse of parsing, and checks the ranges. */
static void test_unit_format(void **state)
{
	static const struct unit_code bad[] = {
		{-1, 0, 0, 'H', 56}, {1000, 0, 0, 'H', 56}, {0, -1, 0, 'H', 56},
		{0, 100, 0, 'H', 56}, {0, 0, -1, 'H', 56},  {0, 0, 100, 'H', 56},
		{0, 0, 0, 'h', 56},  {0, 0, 0, '@', 56},    {0, 0, 0, '[', 56},
		{0, 0, 0, 'H', -1},  {0, 0, 0, 'H', 100},
	};
	char out[UNIT_CODE_SIZE];
	struct unit_code c = {0, 0, 14, 'H', 56};

	(void)state;
	assert_int_equal(unit_code_format(&c, out), 0);
	assert_string_equal(out, "000.00.14.H56");
	c = (struct unit_code){7, 8, 9, 'A', 1};
	assert_int_equal(unit_code_format(&c, out), 0);
	assert_string_equal(out, "007.08.09.A01");
	assert_int_equal(unit_parse(out, &c), 0);
	assert_int_equal(c.v, 7);
	assert_int_equal(c.x, 1);
	memset(out, 'x', sizeof(out));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(unit_code_format(&bad[i], out), ERR_INVALID_UNIT_CODE);
	assert_int_equal(out[0], 'x');
}

/* R-DOS-1: the example of the rule, and the sequence edges. */
static void test_dossier_build(void **state)
{
	char out[DOSSIER_CODE_SIZE];

	(void)state;
	assert_int_equal(DOSSIER_CODE_LEN, 25);
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, day_of("2020-02-03"), 118, out),
			 0);
	assert_string_equal(out, "000.00.14.H56-200203-0118");
	assert_int_equal(dossier_code_build("000.00.00.H56", 13, day_of("2026-12-31"), 1, out), 0);
	assert_string_equal(out, "000.00.00.H56-261231-0001");
	assert_int_equal(dossier_code_build("000.00.00.H56", 13, day_of("2024-02-29"), 9999, out),
			 0);
	assert_string_equal(out, "000.00.00.H56-240229-9999");
	/* The unit slice need not be terminated. */
	assert_int_equal(dossier_code_build("000.00.14.H56xyz", 13, day_of("2025-07-01"), 42, out),
			 0);
	assert_string_equal(out, "000.00.14.H56-250701-0042");
}

/* R-DOS-1: sequence 1..9999 and years 2000..2099 only; out untouched on error. */
static void test_dossier_build_rejects(void **state)
{
	char out[DOSSIER_CODE_SIZE];
	int32_t d = day_of("2026-03-02");

	(void)state;
	memset(out, 'x', sizeof(out));
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, d, 0, out), ERR_RANGE);
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, d, -1, out), ERR_RANGE);
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, d, 10000, out), ERR_RANGE);
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, day_of("1999-12-31"), 1, out),
			 ERR_RANGE);
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, day_of("2100-01-01"), 1, out),
			 ERR_RANGE);
	assert_int_equal(dossier_code_build("000.00.14.h56", 13, d, 1, out),
			 ERR_INVALID_UNIT_CODE);
	assert_int_equal(dossier_code_build("000.00.14.H56", 12, d, 1, out),
			 ERR_INVALID_UNIT_CODE);
	assert_int_equal(dossier_code_build("", 0, d, 1, out), ERR_INVALID_UNIT_CODE);
	assert_int_equal(out[0], 'x');
	assert_int_equal(out[DOSSIER_CODE_SIZE - 1], 'x');
	/* The day limits are exactly 2000-01-01 and 2099-12-31. */
	assert_int_equal(DOSSIER_CODE_DAY_MIN, day_of("2000-01-01"));
	assert_int_equal(DOSSIER_CODE_DAY_MAX, day_of("2099-12-31"));
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, DOSSIER_CODE_DAY_MIN, 1, out), 0);
	assert_string_equal(out, "000.00.14.H56-000101-0001");
	assert_int_equal(dossier_code_build("000.00.14.H56", 13, DOSSIER_CODE_DAY_MAX, 1, out), 0);
	assert_string_equal(out, "000.00.14.H56-991231-0001");
}

/* R-DOS-1: parse gives back unit, reception day (YY = 20YY) and sequence. */
static void test_dossier_parse(void **state)
{
	struct dossier_code dc;

	(void)state;
	assert_int_equal(dossier_parse("000.00.14.H56-200203-0118", &dc), 0);
	assert_int_equal(dc.unit.y, 14);
	assert_int_equal(dc.unit.m, 'H');
	assert_int_equal(dc.unit.x, 56);
	assert_int_equal(dc.day, day_of("2020-02-03"));
	assert_int_equal(dc.seq, 118);
	assert_int_equal(dossier_parse("000.00.00.H56-000229-9999", &dc), 0);
	assert_int_equal(dc.day, day_of("2000-02-29"));
	assert_int_equal(dc.seq, 9999);
	assert_true(dossier_code_valid("000.00.00.H56-240229-0001", DOSSIER_CODE_LEN));
	/* Only len bytes are read. */
	assert_int_equal(dossier_code_parse("000.00.14.H56-200203-0118-junk", 25, NULL), 0);
}

/* R-DOS-1: every day of 2000..2099 with varied sequences survives the round trip. */
static void test_dossier_roundtrip(void **state)
{
	char out[DOSSIER_CODE_SIZE];
	struct dossier_code dc;
	int seq = 1;

	(void)state;
	for (int32_t d = DOSSIER_CODE_DAY_MIN; d <= DOSSIER_CODE_DAY_MAX; d++) {
		seq = seq % DOSSIER_SEQ_MAX + 1;
		assert_int_equal(dossier_code_build("123.45.67.B89", 13, d, seq, out), 0);
		assert_int_equal(strlen(out), DOSSIER_CODE_LEN);
		assert_int_equal(dossier_code_parse(out, DOSSIER_CODE_LEN, &dc), 0);
		assert_int_equal(dc.day, d);
		assert_int_equal(dc.seq, seq);
		assert_int_equal(dc.unit.v, 123);
		assert_int_equal(dc.unit.x, 89);
	}
}

/* R-DOS-1: dates that do not exist, sequence 0000, and any other shape. */
static void test_dossier_rejects(void **state)
{
	static const char *bad[] = {
		"",
		"000.00.14.H56-250229-0118", /* 2025 is not a leap year */
		"000.00.14.H56-201301-0118", /* month 13 */
		"000.00.14.H56-200001-0118", /* month 0 */
		"000.00.14.H56-200100-0118", /* day 0 */
		"000.00.14.H56-200431-0118", /* 31 April */
		"000.00.14.H56-200203-0000", /* sequence 0 */
		"000.00.14.h56-200203-0118",
		"000.00.14.H5-200203-00118",
		"000.00.14.H56-20020-30118",
		"000.00.14.H56-2002030-118",
		"000.00.14.H56-200203-118",
		"000.00.14.H56-200203-01180",
		"000.00.14.H56_200203_0118",
		"000.00.14.H56-200203-011a",
		"000.00.14.H56-2002+3-0118",
		"000.00.14.H56-200203--118",
		"000.00.14.H56-200203-0118 ",
		" 000.00.14.H56-200203-0118",
		"000.00.14.H56-20200203-0118",
		"000.00.14.H56",
	};
	struct dossier_code dc = {.seq = 77};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(dossier_parse(bad[i], &dc), ERR_INVALID_DOSSIER_CODE);
		assert_false(dossier_code_valid(bad[i], strlen(bad[i])));
	}
	assert_int_equal(dc.seq, 77);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_parse),
		cmocka_unit_test(test_unit_rejects),
		cmocka_unit_test(test_unit_format),
		cmocka_unit_test(test_dossier_build),
		cmocka_unit_test(test_dossier_build_rejects),
		cmocka_unit_test(test_dossier_parse),
		cmocka_unit_test(test_dossier_roundtrip),
		cmocka_unit_test(test_dossier_rejects),
	};

	return cmocka_run_group_tests_name("code", tests, NULL, NULL);
}
