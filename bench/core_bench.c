/*
 * core_bench: throughput of the pure core on one thread (make bench).
 *
 * - due computations: worktime_due() for dossiers received at random
 *   instants of 2023-2027 with a mix of units (working days up to 60,
 *   working hours, calendar days, same day) over two organisational units
 *   (default office hours; other hours plus an exception calendar);
 * - clock evaluations: clock_eval() of a ledger with a pause and a resume;
 * - lunar conversions: lunar_from_day() and lunar_to_day() over 1900-2199.
 * Inputs are generated before timing; each measure runs for about a second.
 */
#include "compat.h"

#include <time.h>

#include "core/clock.h"
#include "core/date.h"
#include "core/lunar.h"
#include "core/worktime.h"
#include "data/calendar_json.h"

#define N_INPUTS 4096
#define RUN_S 1.0

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct due_input {
	int64_t at;
	struct duration d;
	int unit; /* 0 or 1: which organisational unit */
};

static struct due_input due_inputs[N_INPUTS];

static void make_due_inputs(void)
{
	int64_t t0 = date_local_instant(date_to_days((struct ymd){2023, 1, 1}), 0);

	for (int i = 0; i < N_INPUTS; i++) {
		struct due_input *in = &due_inputs[i];

		in->at = t0 + (int64_t)(rng() % (5ull * 365 * 86400));
		in->unit = (int)(rng() % 2);
		switch (rng() % 4) {
		case 0:
			in->d = (struct duration){DURATION_WORKING_DAYS, (int32_t)(1 + rng() % 60)};
			break;
		case 1:
			in->d = (struct duration){DURATION_WORKING_HOURS, (int32_t)(1 + rng() % 480)};
			break;
		case 2:
			in->d = (struct duration){DURATION_CALENDAR_DAYS, (int32_t)(1 + rng() % 90)};
			break;
		default:
			in->d = (struct duration){DURATION_SAME_DAY, 0};
			break;
		}
	}
}

/* Runs fn over the inputs until RUN_S passed; returns calls per second. */
static double measure(int64_t (*fn)(const void *ctx, int i), const void *ctx)
{
	double start = now_s(), elapsed;
	uint64_t calls = 0;
	int64_t sink = 0;

	do {
		for (int i = 0; i < N_INPUTS; i++)
			sink += fn(ctx, i);
		calls += N_INPUTS;
		elapsed = now_s() - start;
	} while (elapsed < RUN_S);
	if (sink == 42)
		puts("");
	return (double)calls / elapsed;
}

static int64_t one_due(const void *ctx, int i)
{
	const struct worktime *wt = ctx;
	int64_t due = 0;

	worktime_due(&wt[due_inputs[i].unit], due_inputs[i].at, due_inputs[i].d, &due);
	return due;
}

static int64_t one_clock(const void *ctx, int i)
{
	const struct worktime *wt = ctx;
	const struct due_input *in = &due_inputs[i];
	struct clock_entry e[3] = {
		{CLOCK_START, CLOCK_REASON_RECEPTION, in->at, 0},
		{CLOCK_PAUSE, CLOCK_REASON_SUPPLEMENT, in->at + 86400, 0},
		{CLOCK_RESUME, CLOCK_REASON_SUPPLEMENT, in->at + 3 * 86400, 0},
	};
	struct clock_rule rule = clock_rule_make(CLOCK_MODE_RECEPTION, in->d, wt);
	struct clock_status s;

	clock_eval(e, 3, &rule, &wt[in->unit], in->at + 10 * 86400, &s);
	return s.due;
}

static int32_t lunar_days[N_INPUTS];
static struct lunar_date lunar_dates[N_INPUTS];

static int64_t one_lunar_from(const void *ctx, int i)
{
	struct lunar_date ld;

	(void)ctx;
	lunar_from_day(lunar_days[i], &ld);
	return ld.day;
}

static int64_t one_lunar_to(const void *ctx, int i)
{
	int32_t day = 0;

	(void)ctx;
	lunar_to_day(lunar_dates[i], &day);
	return day;
}

int main(void)
{
	struct calendar cal, unit_cal;
	struct office_hours std, other;
	char why[CALENDAR_JSON_WHY_SIZE];
	int32_t d0 = date_to_days((struct ymd){1900, 1, 1});
	int32_t d1 = date_to_days((struct ymd){2199, 12, 31});

	if (calendar_json_open_shipped(&cal, why) || calendar_copy(&unit_cal, &cal)) {
		fprintf(stderr, "core_bench: calendar: %s\n", why);
		return 1;
	}
	calendar_set_exception(&unit_cal, date_to_days((struct ymd){2026, 2, 16}), true,
			       "open during Tết");
	office_hours_default(&std);
	office_hours_default(&other);
	office_hours_parse("08:00-12:00,13:00-17:30", 23, &other);
	struct worktime wt[2] = {{&cal, &std}, {&unit_cal, &other}};

	make_due_inputs();
	for (int i = 0; i < N_INPUTS; i++) {
		lunar_days[i] = d0 + (int32_t)(rng() % (uint64_t)(d1 - d0 - 60));
		lunar_from_day(lunar_days[i], &lunar_dates[i]);
	}
	printf("| core measure (one thread) | per second |\n|---|---:|\n");
	printf("| due computations (mixed units, up to 60 working days) | %.0f |\n",
	       measure(one_due, wt));
	printf("| clock evaluations (start, pause, resume) | %.0f |\n", measure(one_clock, wt));
	printf("| lunar conversions, solar to lunar | %.0f |\n", measure(one_lunar_from, NULL));
	printf("| lunar conversions, lunar to solar | %.0f |\n", measure(one_lunar_to, NULL));
	calendar_release(&unit_cal);
	calendar_release(&cal);
	return 0;
}
