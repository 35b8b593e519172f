/* Tests of core/chain (R-AUD-1) and core/jsonlimit. */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/chain.h"
#include "core/jsonlimit.h"

static void hash_of(const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, const char *a,
		    const char *b, uint8_t out[CHAIN_HASH_BYTES])
{
	const char *fields[] = {a, b};

	chain_hash(prev, seq, 1700000000, fields, 2, out);
}

/* R-AUD-1: the hash covers the previous hash, the position and every field. */
static void test_chain_sensitivity(void **state)
{
	uint8_t zero[CHAIN_HASH_BYTES] = {0}, h[CHAIN_HASH_BYTES], g[CHAIN_HASH_BYTES];

	(void)state;
	hash_of(zero, 1, "ab", "c", h);
	hash_of(zero, 1, "ab", "c", g);
	assert_memory_equal(h, g, CHAIN_HASH_BYTES);
	hash_of(zero, 2, "ab", "c", g);
	assert_memory_not_equal(h, g, CHAIN_HASH_BYTES);
	/* Field boundaries count: "ab","c" differs from "a","bc". */
	hash_of(zero, 1, "a", "bc", g);
	assert_memory_not_equal(h, g, CHAIN_HASH_BYTES);
	hash_of(h, 1, "ab", "c", g);
	assert_memory_not_equal(h, g, CHAIN_HASH_BYTES);
	/* NULL and "" are the same empty field. */
	hash_of(zero, 1, NULL, "c", h);
	hash_of(zero, 1, "", "c", g);
	assert_memory_equal(h, g, CHAIN_HASH_BYTES);
}

/*
 * A known answer, so that the format never changes by accident. Computed
 * independently with Python: hashlib.blake2b(digest_size=32) over 32 zero
 * bytes, then big-endian u64 seq, at, and each field as u64 length + bytes.
 */
static void test_chain_known_answer(void **state)
{
	uint8_t zero[CHAIN_HASH_BYTES] = {0}, h[CHAIN_HASH_BYTES];
	char hex[2 * CHAIN_HASH_BYTES + 1];

	(void)state;
	hash_of(zero, 1, "admin", "dossier.receive", h);
	chain_hex(h, hex);
	assert_int_equal(strlen(hex), 64);
	assert_string_equal(hex, "3ca2d0a19f5d9bb5662fcbedf0526504861f8accaa57dea0f27483ad5e747f30");
}

static void test_json_depth(void **state)
{
	char deep[64];

	(void)state;
	assert_true(json_depth_ok("{}", 2, 1));
	assert_false(json_depth_ok("{\"a\":[]}", 8, 1));
	assert_true(json_depth_ok("{\"a\":[]}", 8, 2));
	/* Brackets inside strings, escaped quotes included, do not count. */
	assert_true(json_depth_ok("{\"a\":\"[[[[\\\"[[[\"}", 17, 1));
	memset(deep, '[', 16);
	memset(deep + 16, ']', 16);
	assert_true(json_depth_ok(deep, 32, 16));
	assert_false(json_depth_ok(deep, 32, 15));
	assert_true(json_depth_ok("", 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_sensitivity),
		cmocka_unit_test(test_chain_known_answer),
		cmocka_unit_test(test_json_depth),
	};

	return cmocka_run_group_tests_name("chain", tests, NULL, NULL);
}
