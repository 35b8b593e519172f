#include "compat.h"

#include <sodium.h>

#include "core/chain.h"

static void put_u64(crypto_generichash_state *st, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	crypto_generichash_update(st, b, sizeof(b));
}

void chain_hash(const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, int64_t at,
		const char *const *fields, size_t n_fields, uint8_t out[CHAIN_HASH_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, CHAIN_HASH_BYTES);
	crypto_generichash_update(&st, prev, CHAIN_HASH_BYTES);
	put_u64(&st, (uint64_t)seq);
	put_u64(&st, (uint64_t)at);
	for (size_t i = 0; i < n_fields; i++) {
		size_t len = fields[i] ? strlen(fields[i]) : 0;

		put_u64(&st, len);
		if (len)
			crypto_generichash_update(&st, (const uint8_t *)fields[i], len);
	}
	crypto_generichash_final(&st, out, CHAIN_HASH_BYTES);
}

void chain_hex(const uint8_t hash[CHAIN_HASH_BYTES], char out[2 * CHAIN_HASH_BYTES + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < CHAIN_HASH_BYTES; i++) {
		out[2 * i] = digits[hash[i] >> 4];
		out[2 * i + 1] = digits[hash[i] & 15];
	}
	out[2 * CHAIN_HASH_BYTES] = '\0';
}
