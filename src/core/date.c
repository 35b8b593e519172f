#include "compat.h"

#include "core/cursor.h"
#include "core/date.h"
#include "core/err.h"

bool date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_month_length(int year, int month)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap_year(year))
		return 29;
	return len[month - 1];
}

bool date_valid(struct ymd d)
{
	return d.year >= DATE_YEAR_MIN && d.year <= DATE_YEAR_MAX && d.day >= 1 &&
	       d.day <= date_month_length(d.year, d.month);
}

/* Floor division for the possibly negative quantities below. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int32_t date_to_days(struct ymd d)
{
	int64_t y = d.year - (d.month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t mp = (d.month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

struct ymd date_from_days(int32_t days)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct ymd r;

	r.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.year = (int)(yoe + era * 400 + (r.month <= 2));
	return r;
}

int date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = ((int64_t)days + 3) % 7;

	if (w < 0)
		w += 7;
	return (int)w + 1;
}

bool date_is_weekend(int32_t days)
{
	return date_weekday(days) >= 6;
}

int32_t date_local_day(int64_t t)
{
	return (int32_t)floor_div(t + DATE_VN_OFFSET_S, DATE_DAY_S);
}

int32_t date_local_seconds(int64_t t)
{
	int64_t local = t + DATE_VN_OFFSET_S;

	return (int32_t)(local - floor_div(local, DATE_DAY_S) * DATE_DAY_S);
}

int64_t date_local_instant(int32_t days, int32_t seconds)
{
	return (int64_t)days * DATE_DAY_S + seconds - DATE_VN_OFFSET_S;
}

static bool take_ymd(const char **p, const char *end, struct ymd *d)
{
	return cursor_take_digits(p, end, 4, &d->year) && cursor_take_char(p, end, '-') &&
	       cursor_take_digits(p, end, 2, &d->month) && cursor_take_char(p, end, '-') &&
	       cursor_take_digits(p, end, 2, &d->day) && date_valid(*d);
}

int date_parse(const char *s, size_t len, int32_t *days)
{
	const char *p = s, *end = s + len;
	struct ymd d;

	if (!take_ymd(&p, end, &d) || p != end)
		return ERR_INVALID_DATE;
	*days = date_to_days(d);
	return 0;
}

void date_format(int32_t days, char out[11])
{
	struct ymd d = date_from_days(days);

	cursor_put_digits(out, (unsigned)d.year % 10000, 4);
	out[4] = '-';
	cursor_put_digits(out + 5, (unsigned)d.month, 2);
	out[7] = '-';
	cursor_put_digits(out + 8, (unsigned)d.day, 2);
	out[10] = '\0';
}

/* Parses "Z", "±HH:MM" or "±HHMM" to an offset in seconds east of UTC. */
static bool take_offset(const char **p, const char *end, int32_t *off)
{
	int sign, hh, mm;

	if (cursor_take_char(p, end, 'Z')) {
		*off = 0;
		return true;
	}
	if (cursor_take_char(p, end, '+'))
		sign = 1;
	else if (cursor_take_char(p, end, '-'))
		sign = -1;
	else
		return false;
	if (!cursor_take_digits(p, end, 2, &hh))
		return false;
	cursor_take_char(p, end, ':');
	if (!cursor_take_digits(p, end, 2, &mm) || hh > 14 || mm > 59)
		return false;
	*off = sign * (hh * 3600 + mm * 60);
	return true;
}

int instant_parse(const char *s, size_t len, int64_t *t)
{
	const char *p = s, *end = s + len;
	struct ymd d;
	int hh, mi, ss = 0;
	int32_t off;

	if (!take_ymd(&p, end, &d))
		return ERR_INVALID_DATE;
	if (p == end) {
		*t = date_local_instant(date_to_days(d), 0);
		return 0;
	}
	if (!cursor_take_char(&p, end, 'T') || !cursor_take_digits(&p, end, 2, &hh) ||
	    !cursor_take_char(&p, end, ':') || !cursor_take_digits(&p, end, 2, &mi))
		return ERR_INVALID_TIME;
	if (cursor_take_char(&p, end, ':')) {
		if (!cursor_take_digits(&p, end, 2, &ss))
			return ERR_INVALID_TIME;
		if (cursor_take_char(&p, end, '.')) {
			const char *digits = p;

			while (p < end && *p >= '0' && *p <= '9')
				p++;
			if (p == digits)
				return ERR_INVALID_TIME;
		}
	}
	if (hh > 23 || mi > 59 || ss > 59)
		return ERR_INVALID_TIME;
	if (!take_offset(&p, end, &off) || p != end)
		return ERR_INVALID_TIME;
	*t = (int64_t)date_to_days(d) * DATE_DAY_S + hh * 3600 + mi * 60 + ss - off;
	/* Its local (UTC+7) date must be writable by instant_format() too. */
	if (date_local_day(*t) < date_to_days((struct ymd){DATE_YEAR_MIN, 1, 1}) ||
	    date_local_day(*t) > date_to_days((struct ymd){DATE_YEAR_MAX, 12, 31}))
		return ERR_INVALID_TIME;
	return 0;
}

void instant_format(int64_t t, char out[INSTANT_TEXT_SIZE])
{
	unsigned sec = (unsigned)date_local_seconds(t);

	date_format(date_local_day(t), out);
	out[10] = 'T';
	cursor_put_digits(out + 11, sec / 3600, 2);
	out[13] = ':';
	cursor_put_digits(out + 14, sec / 60 % 60, 2);
	out[16] = ':';
	cursor_put_digits(out + 17, sec % 60, 2);
	memcpy(out + 19, "+07:00", 7);
}
