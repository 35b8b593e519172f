/*
 * lunar.c: the Vietnamese lunar calendar (R-CAL-3).
 *
 * This is Hồ Ngọc Đức's published algorithm (jdFromDate, NewMoon,
 * SunLongitude, getNewMoonDay, getLunarMonth11, getLeapMonthOffset,
 * convertSolar2Lunar, convertLunar2Solar) with timeZone = 7. The
 * floating-point expressions keep the order of the original so that the
 * floor() at each day boundary falls the same way as in the reference
 * implementations; changing them "for clarity" could move a month start.
 * For the same reason a*b+c must not be fused into one rounding (FMA, as
 * on arm64): gcc keeps them apart in its -std=c11 mode, clang needs the
 * pragma below (which gcc would warn about).
 *
 * Internally days are Julian day numbers (JDN); the public API speaks the
 * day numbers of core/date.h, which are JDN - 2440588.
 */
#include "compat.h"

#include <math.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#include "core/date.h"
#include "core/err.h"
#include "core/lunar.h"

/* JDN of day 0 (1970-01-01). */
#define JD_EPOCH 2440588
/* Hours east of Greenwich of the meridian 105°E: Vietnam's calendar. */
#define TZ_HOURS 7.0
/* The same double as JavaScript's Math.PI, which the reference code uses. */
#define LUNAR_PI 3.14159265358979323846
/* The reference's mean synodic month and JD of the new moon it counts from. */
#define SYNODIC_MONTH 29.530588853
#define NEW_MOON_EPOCH 2415021.076998695

/* Solar day numbers of 1900-01-01 and 2199-12-31, the supported range. */
#define DAY_MIN (-25567)
#define DAY_MAX 84005

/*
 * Julian day (fractional) of the k-th new moon after 1900-01-01, from
 * Meeus' "Astronomical Algorithms" as simplified by Hồ Ngọc Đức.
 */
static double new_moon(int k)
{
	double t = k / 1236.85; /* Julian centuries from 1900 January 0.5 */
	double t2 = t * t, t3 = t2 * t, dr = LUNAR_PI / 180;
	double jd1, m, mpr, f, c1, deltat;

	jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
	jd1 = jd1 + 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
	m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
	mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
	f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
	c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m);
	c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr);
	c1 = c1 - 0.0004 * sin(dr * 3 * mpr);
	c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr));
	c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m));
	c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr));
	c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m));
	/* The correction from dynamical to universal time (delta T). */
	if (t < -11)
		deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
			 0.000000081 * t * t3;
	else
		deltat = -0.000278 + 0.000265 * t + 0.000262 * t2;
	return jd1 + c1 - deltat;
}

/* The sun's apparent longitude in radians, in [0, 2π), at Julian day jdn. */
static double sun_longitude(double jdn)
{
	double t = (jdn - 2451545.0) / 36525; /* centuries from J2000.0 */
	double t2 = t * t, dr = LUNAR_PI / 180;
	double m, l0, dl, l;

	m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m);
	dl = dl + (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m);
	l = (l0 + dl) * dr;
	return l - LUNAR_PI * 2 * floor(l / (LUNAR_PI * 2));
}

/*
 * Which 30° sector (0..11) the sun is in at local midnight starting day jd.
 * A lunar month during which the sector does not change has no major solar
 * term, and the first such month of a 13-month year is the leap month.
 */
static int sun_sector(int jd)
{
	return (int)floor(sun_longitude(jd - 0.5 - TZ_HOURS / 24) / LUNAR_PI * 6);
}

/* JDN of the local (UTC+7) day on which the k-th new moon falls. */
static int new_moon_day(int k)
{
	return (int)floor(new_moon(k) + 0.5 + TZ_HOURS / 24);
}

/*
 * JDN of the first day of lunar month 11 that begins in solar year `year`:
 * month 11 is the month containing the winter solstice (sector 9 = 270°).
 */
static int month11_start(int year)
{
	int off = (date_to_days((struct ymd){year, 12, 31}) + JD_EPOCH) - 2415021;
	int k = (int)floor(off / 29.530588853);
	int nm = new_moon_day(k);

	if (sun_sector(nm) >= 9)
		nm = new_moon_day(k - 1);
	return nm;
}

/*
 * In a 13-month span starting on a11 (a month 11), how many months after
 * a11 the leap month begins: the first month with no major solar term.
 */
static int leap_offset(int a11)
{
	int k = (int)floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
	int i = 1, last, arc;

	arc = sun_sector(new_moon_day(k + i));
	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_day(k + i));
	} while (arc != last && i < 14);
	return i - 1;
}

/* The months from one month 11 to the next, and the leap month among them. */
struct span {
	int a11;      /* JDN of the first day of month 11 */
	int b11;      /* JDN of the first day of the next month 11 */
	int leap_off; /* months after a11 of the leap month; 0 if none */
};

/* The span that starts with the month 11 beginning in solar year `year`. */
static struct span span_of(int year)
{
	struct span s;

	s.a11 = month11_start(year);
	s.b11 = month11_start(year + 1);
	/* Twelve lunar months last 354 or 355 days; thirteen, 383 or 384. */
	s.leap_off = s.b11 - s.a11 > 365 ? leap_offset(s.a11) : 0;
	return s;
}

/* The month number (1..12) of the month leap_off months after month 11. */
static int leap_month_number(int leap_off)
{
	/*
	 * Offset 1 is a leap 11, offset 2 a leap 12, offset 3 a leap 1, ...,
	 * as convertSolar2Lunar numbers them. convertLunar2Solar's leapOff - 2
	 * would call a leap 12 "month 0"; none falls in 1900..2199.
	 */
	return (leap_off + 9) % 12 + 1;
}

/*
 * JDN of the first day of the lunar month containing JDN jd.
 *
 * convertSolar2Lunar guesses the new moon from the mean month and tries
 * only k + 1, then k. When the true new moon runs late against the mean
 * one, both can fall after jd and the published code answers "lunar day 0"
 * (2054-05-07, 2062-04-09 with timeZone 7). So this steps back while the
 * candidate is after jd; the new moons are the same, only the search is
 * made total. The loop runs at most twice: a true new moon is never more
 * than a day or so from the mean one.
 */
static int month_start_of(int jd)
{
	int k = (int)floor((jd - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
	int start = new_moon_day(k);

	while (start > jd)
		start = new_moon_day(--k);
	return start;
}

int lunar_from_day(int32_t day, struct lunar_date *out)
{
	int jd, yy, start, a11, b11, year, diff, month, leap_off = 0;

	if (day < DAY_MIN || day > DAY_MAX)
		return ERR_RANGE;
	jd = day + JD_EPOCH;
	yy = date_from_days(day).year;
	start = month_start_of(jd);
	/* Find the month 11 at or before the day's month, and the next one. */
	a11 = month11_start(yy);
	b11 = a11;
	if (a11 >= start) {
		year = yy;
		a11 = month11_start(yy - 1);
	} else {
		year = yy + 1;
		b11 = month11_start(yy + 1);
	}
	diff = (start - a11) / 29; /* whole months since that month 11 */
	month = diff + 11;
	out->leap = false;
	if (b11 - a11 > 365)
		leap_off = leap_offset(a11);
	if (leap_off && diff >= leap_off) {
		/* At and after the leap month, the numbers lag by one. */
		month = diff + 10;
		out->leap = diff == leap_off;
	}
	if (month > 12)
		month -= 12;
	/* Months 11 and 12 before the new year belong to the previous one. */
	if (month >= 11 && diff < 4)
		year -= 1;
	out->day = jd - start + 1;
	out->month = month;
	out->year = year;
	return 0;
}

/* Whether the fields of ld are in bounds, whatever the year. */
static bool fields_valid(struct lunar_date ld)
{
	return ld.day >= 1 && ld.day <= 30 && ld.month >= 1 && ld.month <= 12;
}

int lunar_to_day(struct lunar_date ld, int32_t *day)
{
	struct span s;
	int k, off, start, length, jd;

	if (!fields_valid(ld))
		return ERR_INVALID_DATE;
	/*
	 * 1900-01-01 is in month 12 of lunar year 1899, so that year's last
	 * months are accepted; the solar range check below decides.
	 */
	if (ld.year < LUNAR_YEAR_MIN - 1 || ld.year > LUNAR_YEAR_MAX)
		return ERR_RANGE;
	/* Months 1..10 follow the month 11 of the previous solar year. */
	s = span_of(ld.month < 11 ? ld.year - 1 : ld.year);
	k = (int)floor(0.5 + (s.a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
	off = (ld.month + 1) % 12; /* months after month 11, without the leap */
	if (ld.leap && (!s.leap_off || leap_month_number(s.leap_off) != ld.month))
		return ERR_INVALID_DATE;
	if (s.leap_off && (ld.leap || off >= s.leap_off))
		off++;
	start = new_moon_day(k + off);
	length = new_moon_day(k + off + 1) - start;
	if (ld.day > length)
		return ERR_INVALID_DATE;
	jd = start + ld.day - 1;
	if (jd - JD_EPOCH < DAY_MIN || jd - JD_EPOCH > DAY_MAX)
		return ERR_RANGE;
	*day = jd - JD_EPOCH;
	return 0;
}

int lunar_leap_month(int year)
{
	struct span s;

	if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX)
		return ERR_RANGE;
	/* A leap 1..10 is in the span from the previous solar year's month 11. */
	s = span_of(year - 1);
	if (s.leap_off >= 3)
		return leap_month_number(s.leap_off);
	/* A leap 11 or 12 comes after this year's own month 11. */
	s = span_of(year);
	if (s.leap_off >= 1 && s.leap_off <= 2)
		return leap_month_number(s.leap_off);
	return 0;
}
