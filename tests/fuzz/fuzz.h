/*
 * fuzz.h: the entry point every harness defines (libFuzzer's signature).
 *
 * A harness checks properties that must hold for any input (round trips,
 * idempotence, no crash, no leak) and abort()s when one fails. It is built
 * twice: with clang's libFuzzer for `make fuzz`, and with driver.c, which
 * replays the corpus under tests/fuzz/corpus/ in `make check`.
 */
#ifndef MOTCUA_TESTS_FUZZ_H
#define MOTCUA_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message when a property fails. */
#define FUZZ_CHECK(cond)                                                               \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                \
			abort();                                                       \
		}                                                                      \
	} while (0)

#endif
