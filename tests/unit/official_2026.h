/*
 * official_2026.h: the official 2026 calendar table, for the unit tests of
 * the calendar, of working time and of the clock (R-CAL-2). The tests get it
 * through testutil.h.
 *
 * The entries are copied by hand from data/calendar/vn-official-holidays.json
 * ("2026": days_off and working_weekend_days): Tết Dương lịch 01–04/01 with
 * the swap of Friday 02/01 made up on Saturday 10/01 (Văn bản
 * 12729/VPCP-KGVX); Tết Bính Ngọ 14–22/02 (Thông báo 9441/TB-BNV); Giỗ Tổ
 * on Sunday 26/04 with its substitute on Monday 27/04; 30/4–1/5; Quốc khánh
 * 29/08–02/09 with the swap of Monday 31/08 made up on Saturday 22/08.
 * The unconfirmed 24/11 (Ngày Văn hóa Việt Nam) is not a day off.
 */
#ifndef MOTCUA_TESTS_OFFICIAL_2026_H
#define MOTCUA_TESTS_OFFICIAL_2026_H

#include "core/calendar.h"
#include "core/date.h"

struct official_line {
	const char *date;
	enum day_kind kind;
	const char *name;
};

#define OFFICIAL_2026_TET "Nghỉ Tết Nguyên đán Bính Ngọ"
#define OFFICIAL_2026_SWAP_JAN "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"
#define OFFICIAL_2026_MAKEUP_JAN "Làm bù cho ngày nghỉ hoán đổi thứ Sáu 02/01/2026"
#define OFFICIAL_2026_MAKEUP_AUG "Làm bù cho ngày nghỉ hoán đổi thứ Hai 31/08/2026"

static const struct official_line official_2026_off[] = {
	{"2026-01-01", DAY_HOLIDAY, "Tết Dương lịch"},
	{"2026-01-02", DAY_SWAP, OFFICIAL_2026_SWAP_JAN},
	{"2026-01-03", DAY_WEEKEND_HOLIDAY, "Cuối tuần trong đợt nghỉ Tết Dương lịch"},
	{"2026-01-04", DAY_WEEKEND_HOLIDAY, "Cuối tuần trong đợt nghỉ Tết Dương lịch"},
	{"2026-02-14", DAY_WEEKEND_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-15", DAY_WEEKEND_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-16", DAY_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-17", DAY_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-18", DAY_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-19", DAY_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-20", DAY_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-21", DAY_WEEKEND_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-02-22", DAY_WEEKEND_HOLIDAY, OFFICIAL_2026_TET},
	{"2026-04-25", DAY_WEEKEND_HOLIDAY, "Cuối tuần liền trước nghỉ bù Giỗ Tổ"},
	{"2026-04-26", DAY_WEEKEND_HOLIDAY, "Giỗ Tổ Hùng Vương 10/3 Âm lịch (trùng Chủ nhật)"},
	{"2026-04-27", DAY_SUBSTITUTE, "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 trùng Chủ nhật)"},
	{"2026-04-30", DAY_HOLIDAY, "Ngày Chiến thắng 30/4"},
	{"2026-05-01", DAY_HOLIDAY, "Ngày Quốc tế Lao động 1/5"},
	{"2026-05-02", DAY_WEEKEND_HOLIDAY, "Cuối tuần trong đợt nghỉ 30/4–1/5"},
	{"2026-05-03", DAY_WEEKEND_HOLIDAY, "Cuối tuần trong đợt nghỉ 30/4–1/5"},
	{"2026-08-29", DAY_WEEKEND_HOLIDAY, "Cuối tuần trong đợt nghỉ Quốc khánh"},
	{"2026-08-30", DAY_WEEKEND_HOLIDAY, "Cuối tuần trong đợt nghỉ Quốc khánh"},
	{"2026-08-31", DAY_SWAP, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)"},
	{"2026-09-01", DAY_HOLIDAY, "Quốc khánh – ngày nghỉ liền trước 2/9"},
	{"2026-09-02", DAY_HOLIDAY, "Quốc khánh 2/9"},
};

static const struct official_line official_2026_work[] = {
	{"2026-01-10", DAY_MAKEUP, OFFICIAL_2026_MAKEUP_JAN},
	{"2026-08-22", DAY_MAKEUP, OFFICIAL_2026_MAKEUP_AUG},
};

/* Turns lines into entries; `out` holds at least n entries. */
static inline void official_entries(const struct official_line *l, size_t n,
				    struct calendar_entry *out)
{
	for (size_t i = 0; i < n; i++) {
		int32_t d = 0;
		int rc = date_parse(l[i].date, strlen(l[i].date), &d);

		assert(rc == 0);
		(void)rc;
		out[i].day = d;
		out[i].kind = l[i].kind;
		out[i].name = l[i].name;
	}
}

/* Replaces 2026 in cal by the official table; returns calendar_set_year()'s code. */
static inline int load_official_2026(struct calendar *cal)
{
	struct calendar_entry off[ARRAY_SIZE(official_2026_off)];
	struct calendar_entry work[ARRAY_SIZE(official_2026_work)];
	struct calendar_year y = {2026, off, ARRAY_SIZE(off), work, ARRAY_SIZE(work)};

	official_entries(official_2026_off, ARRAY_SIZE(official_2026_off), off);
	official_entries(official_2026_work, ARRAY_SIZE(official_2026_work), work);
	return calendar_set_year(cal, &y);
}

#endif
