/* Tests of core/err: stable codes for every error (API.md "Errors"). */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/err.h"

static void test_fixed_codes(void **state)
{
	(void)state;
	/* These codes are fixed by API.md; clients depend on them. */
	assert_string_equal(err_code(ERR_INVALID), "validation_failed");
	assert_string_equal(err_code(ERR_NOT_FOUND), "not_found");
	assert_string_equal(err_code(ERR_FORBIDDEN), "forbidden");
	assert_string_equal(err_code(ERR_INVALID_TRANSITION), "invalid_transition");
	assert_string_equal(err_code(ERR_SUPPLEMENT_LIMIT), "supplement_limit_reached");
	assert_string_equal(err_code(ERR_APOLOGY_TOO_LATE), "apology_too_late");
	assert_string_equal(err_code(ERR_REAPPOINT_LIMIT), "reappointment_limit_reached");
	assert_string_equal(err_code(ERR_INVALID_ID_NUMBER), "invalid_id_number");
	assert_string_equal(err_code(ERR_INVALID_TAX_CODE), "invalid_tax_code");
	assert_string_equal(err_code(0), "ok");
	assert_string_equal(err_title(0), "OK");
}

static void test_every_code_distinct_and_snake_case(void **state)
{
	static const int all[] = {
#define ERR_VALUE(name, value, code, title) name,
		ERR_TABLE(ERR_VALUE)
#undef ERR_VALUE
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		const char *c = err_code(all[i]);

		assert_true(all[i] < 0);
		assert_string_not_equal(c, "internal_error");
		assert_string_not_equal(err_title(all[i]), "Internal error");
		for (const char *p = c; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
		for (size_t j = 0; j < i; j++) {
			assert_int_not_equal(all[i], all[j]);
			assert_string_not_equal(c, err_code(all[j]));
		}
	}
}

static void test_unknown(void **state)
{
	(void)state;
	assert_string_equal(err_code(-9999), "internal_error");
	assert_string_equal(err_title(12), "Internal error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_codes),
		cmocka_unit_test(test_every_code_distinct_and_snake_case),
		cmocka_unit_test(test_unknown),
	};

	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
