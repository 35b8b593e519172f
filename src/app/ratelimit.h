/*
 * ratelimit.h: counting failures per key in a fixed window (sign-in
 * throttling, API.md 429 rate_limited).
 *
 * A key (e.g. "ip:203.0.113.7" or "user:admin") that fails max_failures
 * times within window_s seconds of its first failure must wait until that
 * window ends. The table is bounded (RATELIMIT_ENTRIES_MAX): when it is
 * full, an entry whose window is over is reused, else the one with the
 * oldest window. Keys longer than RATELIMIT_KEY_MAX are cut. Held in memory
 * only: a restart forgets the counts, which is acceptable for throttling.
 * "now" is an argument (the server's clock, which tests set).
 *
 * Thread-safe: every function takes the table's lock.
 */
#ifndef MOTCUA_APP_RATELIMIT_H
#define MOTCUA_APP_RATELIMIT_H

#include <pthread.h>
#include <stdint.h>

#define RATELIMIT_ENTRIES_MAX 4096
#define RATELIMIT_KEY_MAX 80

struct ratelimit_entry {
	char key[RATELIMIT_KEY_MAX + 1];
	int64_t window_start;
	int failures;
};

struct ratelimit {
	pthread_mutex_t lock;
	int max_failures;
	int64_t window_s;
	int n;
	struct ratelimit_entry entries[RATELIMIT_ENTRIES_MAX];
};

/* A static initialiser: static struct ratelimit rl = RATELIMIT_INIT(10, 300); */
#define RATELIMIT_INIT(max_failures, window_s)                                             \
	{ PTHREAD_MUTEX_INITIALIZER, (max_failures), (window_s), 0, { { { 0 }, 0, 0 } } }

/* Seconds the key must still wait at now; 0 when it may try. */
int64_t ratelimit_wait(struct ratelimit *rl, const char *key, int64_t now);
/* Counts one failure of key at now. */
void ratelimit_fail(struct ratelimit *rl, const char *key, int64_t now);
/* Forgets key (after a success). */
void ratelimit_clear(struct ratelimit *rl, const char *key);
/* Forgets every key (tests). */
void ratelimit_reset(struct ratelimit *rl);

#endif
