/*
 * chain.h: the hash of an audit record chained to the previous one
 * (R-AUD-1). BLAKE2b-256 (libsodium's crypto_generichash) over the previous
 * hash, the sequence number, the time and each field with its length, so
 * that no two different records hash the same text. Pure; thread-safe.
 */
#ifndef MOTCUA_CORE_CHAIN_H
#define MOTCUA_CORE_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#define CHAIN_HASH_BYTES 32
#define CHAIN_FIELDS_MAX 8

/*
 * out = H(prev || seq || at || len(f0) || f0 || …). `prev` is all zeros for
 * the first record. Fields may be NULL (hashed as empty).
 */
void chain_hash(const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, int64_t at,
		const char *const *fields, size_t n_fields, uint8_t out[CHAIN_HASH_BYTES]);

/* Lower-case hex of a hash into out (2 * CHAIN_HASH_BYTES + 1 bytes). */
void chain_hex(const uint8_t hash[CHAIN_HASH_BYTES], char out[2 * CHAIN_HASH_BYTES + 1]);

#endif
