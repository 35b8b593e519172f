/*
 * testutil.h: helpers shared by the unit tests.
 *
 * Dates and instants from readable text (failing the test when the text does
 * not parse), instants compared as text, a small deterministic random
 * generator, and the fixture of the working-time and clock tests: the
 * calendar 2020..2030 with the official 2026 table (official_2026.h),
 * default office hours and a worktime over both.
 *
 * Everything is static inline (or marked unused), so a test includes this
 * header whole and uses what it needs.
 */
#ifndef MOTCUA_TESTS_TESTUTIL_H
#define MOTCUA_TESTS_TESTUTIL_H

#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/worktime.h"

#include "official_2026.h"

#define HOUR_S 3600
#define MIN_S 60

/* The day number of "YYYY-MM-DD". */
static inline int32_t day_of(const char *s)
{
	int32_t d = 0;

	assert_int_equal(date_parse(s, strlen(s), &d), 0);
	return d;
}

/* An instant from readable ISO 8601 text. */
static inline int64_t at(const char *s)
{
	int64_t t = 0;

	assert_int_equal(instant_parse(s, strlen(s), &t), 0);
	return t;
}

/* Compares instants as text, so that failures say which time was wrong. */
static inline void expect_instant(int64_t t, const char *want)
{
	char buf[INSTANT_TEXT_SIZE];

	instant_format(t, buf);
	assert_string_equal(buf, want);
}

/*
 * A small deterministic generator (xorshift64*), so failures reproduce.
 * One stream per test program; rnd_seed() before the tests picks another.
 */
__attribute__((unused)) static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static inline void rnd_seed(uint64_t seed)
{
	rng_state = seed;
}

/* A number in [0, n). */
static inline uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717u) >> 33) % n;
}

/* The calendar 2020..2030 with official 2026, default office hours, a worktime. */
struct fixture {
	struct calendar cal;
	struct office_hours oh;
	struct worktime wt;
};

static inline int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || calendar_init(&f->cal, 2020, 2030) || load_official_2026(&f->cal)) {
		free(f);
		return -1;
	}
	office_hours_default(&f->oh);
	f->wt.cal = &f->cal;
	f->wt.hours = &f->oh;
	*state = f;
	return 0;
}

static inline int fixture_teardown(void **state)
{
	struct fixture *f = *state;

	calendar_release(&f->cal);
	free(f);
	return 0;
}

#endif
