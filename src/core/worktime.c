#include "compat.h"

#include "core/cursor.h"
#include "core/date.h"
#include "core/err.h"
#include "core/worktime.h"

#define HOUR_S 3600

void office_hours_default(struct office_hours *oh)
{
	memset(oh, 0, sizeof(*oh));
	oh->n_spans = 2;
	oh->span[0].start_s = 7 * HOUR_S + 30 * 60;
	oh->span[0].end_s = 11 * HOUR_S + 30 * 60;
	oh->span[1].start_s = 13 * HOUR_S + 30 * 60;
	oh->span[1].end_s = 17 * HOUR_S;
	oh->cutoff_s = 15 * HOUR_S;
}

int office_hours_validate(const struct office_hours *oh)
{
	int32_t last = 0;

	if (oh->n_spans < 1 || oh->n_spans > OFFICE_SPANS_MAX)
		return ERR_INVALID;
	for (int i = 0; i < oh->n_spans; i++) {
		if (oh->span[i].start_s < last || oh->span[i].end_s <= oh->span[i].start_s ||
		    oh->span[i].end_s > DATE_DAY_S)
			return ERR_INVALID;
		last = oh->span[i].end_s;
	}
	if (oh->cutoff_s < 0 || oh->cutoff_s > DATE_DAY_S)
		return ERR_INVALID;
	return 0;
}

/* Reads "HH:MM" at *p; advances on success. */
static bool take_hhmm(const char **p, const char *end, int32_t *sec)
{
	const char *q = *p;
	int hh, mm;

	if (!cursor_take_digits(&q, end, 2, &hh) || !cursor_take_char(&q, end, ':') ||
	    !cursor_take_digits(&q, end, 2, &mm) || hh > 24 || mm > 59 || (hh == 24 && mm != 0))
		return false;
	*sec = hh * HOUR_S + mm * 60;
	*p = q;
	return true;
}

int office_hours_parse(const char *s, size_t len, struct office_hours *oh)
{
	struct office_hours r = *oh;
	const char *p = s, *end = s + len;

	if (len > OFFICE_HOURS_TEXT_MAX)
		return ERR_TOO_LARGE;
	r.n_spans = 0;
	while (p < end) {
		if (r.n_spans == OFFICE_SPANS_MAX)
			return ERR_INVALID;
		if (!take_hhmm(&p, end, &r.span[r.n_spans].start_s) || !cursor_take_char(&p, end, '-') ||
		    !take_hhmm(&p, end, &r.span[r.n_spans].end_s))
			return ERR_INVALID;
		r.n_spans++;
		if (p < end && (*p++ != ',' || p == end))
			return ERR_INVALID;
	}
	if (office_hours_validate(&r))
		return ERR_INVALID;
	*oh = r;
	return 0;
}

int office_hours_parse_time(const char *s, size_t len, int32_t *sec)
{
	const char *p = s;

	if (!take_hhmm(&p, s + len, sec) || p != s + len)
		return ERR_INVALID;
	return 0;
}

int32_t office_hours_day_s(const struct office_hours *oh)
{
	int32_t s = 0;

	for (int i = 0; i < oh->n_spans; i++)
		s += oh->span[i].end_s - oh->span[i].start_s;
	return s;
}

static const char *const unit_names[DURATION_UNIT_COUNT] = {
	[DURATION_WORKING_DAYS] = "working_days",
	[DURATION_WORKING_HOURS] = "working_hours",
	[DURATION_CALENDAR_DAYS] = "calendar_days",
	[DURATION_SAME_DAY] = "same_day",
};

const char *duration_unit_name(enum duration_unit unit)
{
	return (unsigned)unit < DURATION_UNIT_COUNT ? unit_names[unit] : "unknown";
}

int duration_unit_parse(const char *s, size_t len, enum duration_unit *unit)
{
	int u = cursor_find_name(unit_names, DURATION_UNIT_COUNT, s, len);

	if (u < 0)
		return u;
	*unit = (enum duration_unit)u;
	return 0;
}

int duration_validate(struct duration d)
{
	int32_t max = d.unit == DURATION_WORKING_HOURS ? DURATION_HOURS_MAX : DURATION_DAYS_MAX;

	if ((unsigned)d.unit >= DURATION_UNIT_COUNT || d.amount < 0 || d.amount > max)
		return ERR_INVALID;
	return 0;
}

/* Office seconds of one working day that lie before `sec` (local). */
static int32_t worked_before(const struct office_hours *oh, int32_t sec)
{
	int32_t s = 0;

	for (int i = 0; i < oh->n_spans; i++) {
		if (sec <= oh->span[i].start_s)
			break;
		s += (sec < oh->span[i].end_s ? sec : oh->span[i].end_s) - oh->span[i].start_s;
	}
	return s;
}

int worktime_position(const struct worktime *wt, int64_t t, int64_t *pos)
{
	int32_t day = date_local_day(t);
	int64_t base;
	bool working;

	if (calendar_is_working(wt->cal, day, &working))
		return ERR_RANGE;
	base = (int64_t)calendar_work_before(wt->cal, day) * office_hours_day_s(wt->hours);
	*pos = working ? base + worked_before(wt->hours, date_local_seconds(t)) : base;
	return 0;
}

int worktime_instant(const struct worktime *wt, int64_t pos, int64_t *t)
{
	int32_t day_s = office_hours_day_s(wt->hours);
	int64_t k, r;
	int32_t day;
	int rc;

	if (pos <= 0) {
		rc = calendar_kth_working_day(wt->cal, 0, &day);
		if (!rc)
			*t = date_local_instant(day, wt->hours->span[0].start_s);
		return rc;
	}
	k = (pos - 1) / day_s;
	r = pos - k * day_s;
	rc = calendar_kth_working_day(wt->cal, k, &day);
	if (rc)
		return rc;
	for (int i = 0; i < wt->hours->n_spans; i++) {
		int32_t len = wt->hours->span[i].end_s - wt->hours->span[i].start_s;

		if (r <= len) {
			*t = date_local_instant(day, wt->hours->span[i].start_s + (int32_t)r);
			return 0;
		}
		r -= len;
	}
	return ERR_RANGE; /* unreachable: r <= day_s */
}

int worktime_between(const struct worktime *wt, int64_t from, int64_t to, int64_t *seconds)
{
	int64_t a, b;

	if (worktime_position(wt, from, &a) || worktime_position(wt, to, &b))
		return ERR_RANGE;
	*seconds = b - a;
	return 0;
}

int worktime_add(const struct worktime *wt, int64_t t, int64_t seconds, int64_t *out)
{
	int64_t pos;

	if (worktime_position(wt, t, &pos))
		return ERR_RANGE;
	return worktime_instant(wt, pos + seconds, out);
}

int64_t worktime_close(const struct worktime *wt, int32_t day)
{
	return date_local_instant(day, wt->hours->span[wt->hours->n_spans - 1].end_s);
}

int worktime_reception_day(const struct worktime *wt, int64_t t, int32_t *day)
{
	int32_t d = date_local_day(t);
	bool working;

	if (calendar_is_working(wt->cal, d, &working))
		return ERR_RANGE;
	if (working && date_local_seconds(t) < wt->hours->cutoff_s) {
		*day = d;
		return 0;
	}
	return calendar_next_working_day(wt->cal, d, day);
}

static int due_working_hours(const struct worktime *wt, int64_t t, int32_t recv, int32_t hours,
			     int64_t *due)
{
	int64_t start;

	/*
	 * Nothing to count: due when counting starts. worktime_instant() would
	 * give the end of the last counted second, which lies before t when t
	 * is off hours (lunch, before opening, a later reception day).
	 */
	if (hours == 0) {
		*due = recv == date_local_day(t)
			       ? t
			       : date_local_instant(recv, wt->hours->span[0].start_s);
		return 0;
	}
	if (recv == date_local_day(t)) {
		if (worktime_position(wt, t, &start))
			return ERR_RANGE;
	} else {
		start = (int64_t)calendar_work_before(wt->cal, recv) * office_hours_day_s(wt->hours);
	}
	return worktime_instant(wt, start + (int64_t)hours * HOUR_S, due);
}

int worktime_due(const struct worktime *wt, int64_t t, struct duration d, int64_t *due)
{
	int32_t recv, day;
	int rc = duration_validate(d);

	if (!rc)
		rc = worktime_reception_day(wt, t, &recv);
	if (rc)
		return rc;
	switch (d.unit) {
	case DURATION_WORKING_DAYS:
		rc = calendar_add_working_days(wt->cal, recv, d.amount, &day);
		break;
	case DURATION_WORKING_HOURS:
		return due_working_hours(wt, t, recv, d.amount, due);
	case DURATION_CALENDAR_DAYS:
		if (!calendar_covers(wt->cal, recv + d.amount))
			return ERR_RANGE;
		rc = calendar_add_working_days(wt->cal, recv + d.amount, 0, &day);
		break;
	case DURATION_SAME_DAY:
	default:
		day = recv;
		break;
	}
	if (rc)
		return rc;
	*due = worktime_close(wt, day);
	return 0;
}
