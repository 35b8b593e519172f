/* Failure counting per key in a fixed window; see ratelimit.h. */
#include "compat.h"

#include "app/ratelimit.h"

static bool window_over(const struct ratelimit *rl, const struct ratelimit_entry *e, int64_t now)
{
	/* A clock set back (tests) also ends the window. */
	return now >= e->window_start + rl->window_s || now < e->window_start;
}

static struct ratelimit_entry *find(struct ratelimit *rl, const char *key)
{
	for (int i = 0; i < rl->n; i++)
		if (strncmp(rl->entries[i].key, key, RATELIMIT_KEY_MAX) == 0)
			return &rl->entries[i];
	return NULL;
}

/* A free entry: a new one, one whose window is over, or the oldest. */
static struct ratelimit_entry *take(struct ratelimit *rl, int64_t now)
{
	struct ratelimit_entry *oldest = NULL;

	if (rl->n < RATELIMIT_ENTRIES_MAX)
		return &rl->entries[rl->n++];
	for (int i = 0; i < rl->n; i++) {
		struct ratelimit_entry *e = &rl->entries[i];

		if (window_over(rl, e, now))
			return e;
		if (!oldest || e->window_start < oldest->window_start)
			oldest = e;
	}
	return oldest;
}

int64_t ratelimit_wait(struct ratelimit *rl, const char *key, int64_t now)
{
	struct ratelimit_entry *e;
	int64_t wait = 0;

	pthread_mutex_lock(&rl->lock);
	e = find(rl, key);
	if (e && !window_over(rl, e, now) && e->failures >= rl->max_failures)
		wait = e->window_start + rl->window_s - now;
	pthread_mutex_unlock(&rl->lock);
	return wait;
}

void ratelimit_fail(struct ratelimit *rl, const char *key, int64_t now)
{
	struct ratelimit_entry *e;

	pthread_mutex_lock(&rl->lock);
	e = find(rl, key);
	if (!e) {
		e = take(rl, now);
		snprintf(e->key, sizeof(e->key), "%s", key);
		e->failures = 0;
		e->window_start = now;
	}
	if (window_over(rl, e, now)) {
		e->failures = 0;
		e->window_start = now;
	}
	e->failures++;
	pthread_mutex_unlock(&rl->lock);
}

void ratelimit_clear(struct ratelimit *rl, const char *key)
{
	struct ratelimit_entry *e;

	pthread_mutex_lock(&rl->lock);
	e = find(rl, key);
	if (e) {
		*e = rl->entries[rl->n - 1];
		rl->n--;
	}
	pthread_mutex_unlock(&rl->lock);
}

void ratelimit_reset(struct ratelimit *rl)
{
	pthread_mutex_lock(&rl->lock);
	rl->n = 0;
	pthread_mutex_unlock(&rl->lock);
}
