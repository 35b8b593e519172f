/*
 * holidays.c: the default days off of a year without an official table
 * (R-CAL-1, R-CAL-2). The rules and their sources are in docs/calendar.md;
 * a year built from them is marked CALENDAR_DEFAULT so that an
 * administrator loads the official table as soon as it is announced.
 */
#include "compat.h"

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/lunar.h"

/* Labor Code 2019 (in force 2021) added the day next to 2/9. */
#define NATIONAL_DAY_ADJACENT_FROM 2021
/* Hùng Kings' day is a paid holiday since 2007 (Labor Code amendment). */
#define HUNG_KINGS_FROM 2007
/* Tết: 5 days starting 2 days before lunar 1/1 (the pattern of 2023–2026). */
#define TET_DAYS 5
#define TET_DAYS_BEFORE 2

struct holidays {
	struct calendar_entry *e;
	int n;
};

static bool is_off(const struct holidays *h, int32_t day)
{
	for (int i = 0; i < h->n; i++)
		if (h->e[i].day == day)
			return true;
	return false;
}

static void add(struct holidays *h, int32_t day, const char *name)
{
	if (is_off(h, day) || h->n >= CALENDAR_DEFAULT_ENTRIES_MAX)
		return;
	h->e[h->n].day = day;
	h->e[h->n].kind = date_is_weekend(day) ? DAY_WEEKEND_HOLIDAY : DAY_HOLIDAY;
	h->e[h->n].name = name;
	h->n++;
}

static void add_ymd(struct holidays *h, int year, int month, int day, const char *name)
{
	add(h, date_to_days((struct ymd){year, month, day}), name);
}

static void sort_by_day(struct holidays *h)
{
	for (int i = 1; i < h->n; i++) {
		struct calendar_entry x = h->e[i];
		int j = i - 1;

		for (; j >= 0 && h->e[j].day > x.day; j--)
			h->e[j + 1] = h->e[j];
		h->e[j + 1] = x;
	}
}

/*
 * Art. 111(3): a holiday on a weekly day off gives a day off on the next
 * working day. Holidays are taken in date order, so a run of holidays that
 * covers a weekend pushes its substitutes past the end of the run.
 */
static void add_substitutes(struct holidays *h)
{
	int holidays = h->n;

	for (int i = 0; i < holidays; i++) {
		int32_t d = h->e[i].day + 1;

		if (!date_is_weekend(h->e[i].day))
			continue;
		while (date_is_weekend(d) || is_off(h, d))
			d++;
		if (h->n < CALENDAR_DEFAULT_ENTRIES_MAX) {
			h->e[h->n].day = d;
			h->e[h->n].kind = DAY_SUBSTITUTE;
			h->e[h->n].name = CALENDAR_NAME_SUBSTITUTE;
			h->n++;
		}
	}
}

static int add_lunar(struct holidays *h, int year)
{
	int32_t tet, hung;
	int rc = lunar_to_day((struct lunar_date){1, 1, year, false}, &tet);

	if (rc)
		return rc;
	for (int i = 0; i < TET_DAYS; i++)
		add(h, tet - TET_DAYS_BEFORE + i, CALENDAR_NAME_TET);
	if (year >= HUNG_KINGS_FROM) {
		rc = lunar_to_day((struct lunar_date){10, 3, year, false}, &hung);
		if (rc)
			return rc;
		add(h, hung, CALENDAR_NAME_HUNG_KINGS);
	}
	return 0;
}

int calendar_default_days_off(int year, struct calendar_entry *out)
{
	struct holidays h = {out, 0};
	int rc;

	if (year < CALENDAR_YEAR_MIN || year > CALENDAR_YEAR_MAX)
		return ERR_RANGE;
	add_ymd(&h, year, 1, 1, CALENDAR_NAME_NEW_YEAR);
	rc = add_lunar(&h, year);
	if (rc)
		return rc;
	add_ymd(&h, year, 4, 30, CALENDAR_NAME_REUNIFICATION);
	add_ymd(&h, year, 5, 1, CALENDAR_NAME_LABOUR);
	add_ymd(&h, year, 9, 2, CALENDAR_NAME_NATIONAL);
	if (year >= NATIONAL_DAY_ADJACENT_FROM) {
		/* The day before when it is a weekday, else the day after. */
		int32_t before = date_to_days((struct ymd){year, 9, 1});

		add(&h, date_is_weekend(before) ? before + 2 : before,
		    CALENDAR_NAME_NATIONAL_ADJACENT);
	}
	sort_by_day(&h);
	add_substitutes(&h);
	sort_by_day(&h);
	return h.n;
}
