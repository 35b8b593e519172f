/*
 * testutil.h: helpers shared by the unit tests.
 *
 * Dates and instants from readable text (failing the test when the text does
 * not parse), instants compared as text, a small deterministic random
 * generator, the fixture of the working-time and clock tests (the calendar
 * 2020..2030 with the official 2026 table (official_2026.h), default office
 * hours and a worktime over both), and the fixture of the store tests (a
 * temporary directory, with a database in it or not).
 *
 * Everything is static inline (or marked unused), so a test includes this
 * header whole and uses what it needs.
 */
#ifndef MOTCUA_TESTS_TESTUTIL_H
#define MOTCUA_TESTS_TESTUTIL_H

#include "compat.h"

#include <dirent.h>
#include <setjmp.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/worktime.h"
#include "store/store.h"

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

/*
 * A fresh directory under $TMPDIR (else /tmp), with a store at <dir>/t.db
 * when made by tmp_store_setup. Both setups are cmocka setups (*state is
 * the struct tmp_fixture); tmp_teardown closes the store and removes the
 * directory with everything in it.
 */
struct tmp_fixture {
	char dir[256];
	char path[272];  /* <dir>/t.db */
	struct store *s; /* NULL without a store */
};

/* Removes a tree the test made (its own files only: no untrusted input). */
static inline void tmp_remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d))) {
		char sub[1024];
		int n;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n = snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (n > 0 && (size_t)n < sizeof(sub))
			tmp_remove_tree(sub);
	}
	closedir(d);
	rmdir(path);
}

static inline int tmp_dir_setup(void **state)
{
	struct tmp_fixture *t = calloc(1, sizeof(*t));
	const char *base = getenv("TMPDIR");

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "%s/motcua-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/t.db", t->dir);
	*state = t;
	return 0;
}

static inline int tmp_teardown(void **state)
{
	struct tmp_fixture *t = *state;

	store_close(t->s);
	tmp_remove_tree(t->dir);
	free(t);
	return 0;
}

static inline int tmp_store_setup(void **state)
{
	struct store_config cfg = {0};
	char why[STORE_WHY_SIZE];
	struct tmp_fixture *t;

	if (tmp_dir_setup(state))
		return -1;
	t = *state;
	cfg.path = t->path;
	if (store_open(&t->s, &cfg, why)) {
		fprintf(stderr, "%s\n", why);
		tmp_teardown(state);
		return -1;
	}
	return 0;
}

#endif
