#include "compat.h"

#include "core/calendar.h"
#include "core/cursor.h"
#include "core/date.h"
#include "core/err.h"
#include "core/lunar.h"

static const char *const kind_names[DAY_KIND_COUNT] = {
	[DAY_WORKDAY] = "workday",
	[DAY_WEEKEND] = "weekend",
	[DAY_HOLIDAY] = "holiday",
	[DAY_SUBSTITUTE] = "substitute",
	[DAY_SWAP] = "swap",
	[DAY_WEEKEND_HOLIDAY] = "weekend_in_holiday",
	[DAY_MAKEUP] = "makeup_working_day",
	[DAY_UNIT_CLOSED] = "unit_closed",
	[DAY_UNIT_OPEN] = "unit_open",
};

const char *day_kind_name(enum day_kind kind)
{
	return (unsigned)kind < DAY_KIND_COUNT ? kind_names[kind] : "unknown";
}

int day_kind_parse(const char *s, size_t len, enum day_kind *kind)
{
	int k = cursor_find_name(kind_names, DAY_KIND_COUNT, s, len);

	if (k < 0)
		return k;
	*kind = (enum day_kind)k;
	return 0;
}

bool day_kind_is_working(enum day_kind kind)
{
	return kind == DAY_WORKDAY || kind == DAY_MAKEUP || kind == DAY_UNIT_OPEN;
}

void calendar_release(struct calendar *cal)
{
	if (!cal)
		return;
	free(cal->kind);
	free(cal->name);
	free(cal->work_before);
	free(cal->work_day);
	free(cal->source);
	for (size_t i = 0; i < cal->n_names; i++)
		free(cal->names[i]);
	free(cal->names);
	memset(cal, 0, sizeof(*cal));
}

/* Returns the 1-based index of name in the calendar's names, adding it. */
static int intern_name(struct calendar *cal, const char *name, uint16_t *id)
{
	size_t len;
	char *copy;

	if (!name || !*name) {
		*id = 0;
		return 0;
	}
	for (size_t i = 0; i < cal->n_names; i++) {
		if (strcmp(cal->names[i], name) == 0) {
			*id = (uint16_t)(i + 1);
			return 0;
		}
	}
	if (cal->n_names >= UINT16_MAX)
		return ERR_TOO_LARGE;
	if (cal->n_names == cal->names_cap) {
		size_t cap = cal->names_cap ? cal->names_cap * 2 : 32;
		char **grown = realloc(cal->names, cap * sizeof(*grown));

		if (!grown)
			return ERR_NOMEM;
		cal->names = grown;
		cal->names_cap = cap;
	}
	len = strlen(name);
	copy = malloc(len + 1);
	if (!copy)
		return ERR_NOMEM;
	memcpy(copy, name, len + 1);
	cal->names[cal->n_names++] = copy;
	*id = (uint16_t)cal->n_names;
	return 0;
}

/* Recomputes the prefix sums and the list of working days. */
static void rebuild_sums(struct calendar *cal)
{
	int32_t n = 0;

	for (int32_t i = 0; i < cal->n_days; i++) {
		cal->work_before[i] = n;
		if (day_kind_is_working((enum day_kind)cal->kind[i]))
			cal->work_day[n++] = i;
	}
	cal->work_before[cal->n_days] = n;
	cal->n_work = n;
}

static int32_t year_start(int year)
{
	return date_to_days((struct ymd){year, 1, 1});
}

/* Resets a year to plain weekdays and weekends. */
static void clear_year(struct calendar *cal, int year)
{
	int32_t from = year_start(year) - cal->day_first;
	int32_t to = year_start(year + 1) - cal->day_first;

	for (int32_t i = from; i < to; i++) {
		cal->kind[i] = date_is_weekend(cal->day_first + i) ? DAY_WEEKEND : DAY_WORKDAY;
		cal->name[i] = 0;
	}
}

/* Applies entries to a cleared year; all were validated before. */
static int apply_entries(struct calendar *cal, const struct calendar_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int32_t at = e[i].day - cal->day_first;
		uint16_t id;
		int rc = intern_name(cal, e[i].name, &id);

		if (rc)
			return rc;
		cal->kind[at] = (uint8_t)e[i].kind;
		cal->name[at] = id;
	}
	return 0;
}

static int set_default_year(struct calendar *cal, int year)
{
	struct calendar_entry e[CALENDAR_DEFAULT_ENTRIES_MAX];
	int n = calendar_default_days_off(year, e);

	if (n < 0)
		return n;
	clear_year(cal, year);
	cal->source[year - cal->year_first] = CALENDAR_DEFAULT;
	return apply_entries(cal, e, (size_t)n);
}

int calendar_init(struct calendar *cal, int year_first, int year_last)
{
	int rc = 0;

	memset(cal, 0, sizeof(*cal));
	if (year_first < CALENDAR_YEAR_MIN || year_last > CALENDAR_YEAR_MAX ||
	    year_first > year_last)
		return ERR_RANGE;
	cal->year_first = year_first;
	cal->year_last = year_last;
	cal->day_first = year_start(year_first);
	cal->n_days = year_start(year_last + 1) - cal->day_first;
	cal->kind = malloc((size_t)cal->n_days);
	cal->name = calloc((size_t)cal->n_days, sizeof(*cal->name));
	cal->work_before = malloc(((size_t)cal->n_days + 1) * sizeof(*cal->work_before));
	cal->work_day = malloc((size_t)cal->n_days * sizeof(*cal->work_day));
	cal->source = malloc((size_t)(year_last - year_first + 1));
	if (!cal->kind || !cal->name || !cal->work_before || !cal->work_day || !cal->source) {
		rc = ERR_NOMEM;
		goto out;
	}
	for (int y = year_first; y <= year_last && !rc; y++)
		rc = set_default_year(cal, y);
	if (!rc)
		rebuild_sums(cal);
out:
	if (rc)
		calendar_release(cal);
	return rc;
}

static void *dup_bytes(const void *src, size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p && n)
		memcpy(p, src, n);
	return p;
}

int calendar_copy(struct calendar *dst, const struct calendar *src)
{
	size_t days = (size_t)src->n_days;

	memset(dst, 0, sizeof(*dst));
	dst->year_first = src->year_first;
	dst->year_last = src->year_last;
	dst->day_first = src->day_first;
	dst->n_days = src->n_days;
	dst->n_work = src->n_work;
	dst->kind = dup_bytes(src->kind, days);
	dst->name = dup_bytes(src->name, days * sizeof(*src->name));
	dst->work_before = dup_bytes(src->work_before, (days + 1) * sizeof(*src->work_before));
	dst->work_day = dup_bytes(src->work_day, days * sizeof(*src->work_day));
	dst->source = dup_bytes(src->source, (size_t)(src->year_last - src->year_first + 1));
	dst->names = calloc(src->n_names ? src->n_names : 1, sizeof(*dst->names));
	if (!dst->kind || !dst->name || !dst->work_before || !dst->work_day || !dst->source ||
	    !dst->names)
		goto fail;
	dst->names_cap = src->n_names ? src->n_names : 1;
	for (size_t i = 0; i < src->n_names; i++) {
		dst->names[i] = dup_bytes(src->names[i], strlen(src->names[i]) + 1);
		if (!dst->names[i])
			goto fail;
		dst->n_names++;
	}
	return 0;
fail:
	calendar_release(dst);
	return ERR_NOMEM;
}

/* Checks a table against the rules of calendar_set_year(). */
static int check_table(const struct calendar *cal, const struct calendar_year *t)
{
	int32_t first = year_start(t->year), next = year_start(t->year + 1);

	for (size_t i = 0; i < t->n_days_off; i++) {
		const struct calendar_entry *e = &t->days_off[i];

		if (e->day < first || e->day >= next || (unsigned)e->kind >= DAY_KIND_COUNT ||
		    day_kind_is_working(e->kind))
			return ERR_INVALID;
	}
	for (size_t i = 0; i < t->n_working_days; i++) {
		const struct calendar_entry *e = &t->working_days[i];

		if (e->day < first || e->day >= next || !date_is_weekend(e->day) ||
		    e->kind != DAY_MAKEUP)
			return ERR_INVALID;
		for (size_t j = 0; j < t->n_days_off; j++)
			if (t->days_off[j].day == e->day)
				return ERR_INVALID;
	}
	(void)cal;
	return 0;
}

int calendar_set_year(struct calendar *cal, const struct calendar_year *t)
{
	int rc;

	if (t->year < cal->year_first || t->year > cal->year_last)
		return ERR_RANGE;
	rc = check_table(cal, t);
	if (rc)
		return rc;
	clear_year(cal, t->year);
	rc = apply_entries(cal, t->days_off, t->n_days_off);
	if (!rc)
		rc = apply_entries(cal, t->working_days, t->n_working_days);
	if (rc) {
		/* Out of memory half-way: fall back to the default year. */
		set_default_year(cal, t->year);
		rebuild_sums(cal);
		return rc;
	}
	cal->source[t->year - cal->year_first] = CALENDAR_OFFICIAL;
	rebuild_sums(cal);
	return 0;
}

int calendar_set_exception(struct calendar *cal, int32_t day, bool working, const char *name)
{
	uint16_t id;
	int rc;

	if (!calendar_covers(cal, day))
		return ERR_RANGE;
	rc = intern_name(cal, name, &id);
	if (rc)
		return rc;
	cal->kind[day - cal->day_first] = working ? DAY_UNIT_OPEN : DAY_UNIT_CLOSED;
	cal->name[day - cal->day_first] = id;
	rebuild_sums(cal);
	return 0;
}

int calendar_year_source(const struct calendar *cal, int year)
{
	if (year < cal->year_first || year > cal->year_last)
		return ERR_RANGE;
	return cal->source[year - cal->year_first];
}

int calendar_day(const struct calendar *cal, int32_t day, struct calendar_day *out)
{
	int32_t at = day - cal->day_first;

	if (!calendar_covers(cal, day))
		return ERR_RANGE;
	out->kind = (enum day_kind)cal->kind[at];
	out->working = day_kind_is_working(out->kind);
	out->name = cal->name[at] ? cal->names[cal->name[at] - 1] : NULL;
	return 0;
}

int calendar_is_working(const struct calendar *cal, int32_t day, bool *working)
{
	if (!calendar_covers(cal, day))
		return ERR_RANGE;
	*working = day_kind_is_working((enum day_kind)cal->kind[day - cal->day_first]);
	return 0;
}

int calendar_add_working_days(const struct calendar *cal, int32_t day, int32_t n, int32_t *out)
{
	if (n < 0)
		return ERR_INVALID;
	if (!calendar_covers(cal, day))
		return ERR_RANGE;
	if (n == 0)
		return calendar_kth_working_day(cal, calendar_work_before(cal, day), out);
	return calendar_kth_working_day(cal, (int64_t)calendar_work_before(cal, day + 1) + n - 1,
					out);
}

int calendar_next_working_day(const struct calendar *cal, int32_t day, int32_t *out)
{
	return calendar_add_working_days(cal, day, 1, out);
}

int calendar_working_days_between(const struct calendar *cal, int32_t from, int32_t to,
				  int32_t *n)
{
	int32_t end = cal->day_first + cal->n_days;

	/* Bounds of a half-open range: the day after the last one is valid. */
	if (from < cal->day_first || from > end || to < cal->day_first || to > end)
		return ERR_RANGE;
	*n = cal->work_before[to - cal->day_first] - cal->work_before[from - cal->day_first];
	return 0;
}
