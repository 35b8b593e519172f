/*
 * fuzz_calendar_json: calendar tables from any bytes (R-CAL-2).
 * Properties: no crash or leak; a failed load leaves the year as it was; a
 * successful load marks the year official and keeps prefix sums consistent.
 */
#include "compat.h"

#include "core/date.h"
#include "data/calendar_json.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct calendar base;
	static bool ready;
	struct calendar cal;
	char why[CALENDAR_JSON_WHY_SIZE];
	int32_t n = 0;
	int32_t first = date_to_days((struct ymd){2027, 1, 1});

	if (!ready) {
		FUZZ_CHECK(calendar_init(&base, 2026, 2028) == 0);
		ready = true;
	}
	FUZZ_CHECK(calendar_copy(&cal, &base) == 0);
	if (calendar_json_load_year(&cal, 2027, (const char *)data, size, why) == 0) {
		FUZZ_CHECK(calendar_year_source(&cal, 2027) == CALENDAR_OFFICIAL);
	} else {
		FUZZ_CHECK(why[0] != '\0');
		FUZZ_CHECK(calendar_year_source(&cal, 2027) == CALENDAR_DEFAULT);
		FUZZ_CHECK(memcmp(cal.kind, base.kind, (size_t)base.n_days) == 0);
	}
	for (int32_t d = first; d < first + 365; d++) {
		bool w;

		FUZZ_CHECK(calendar_is_working(&cal, d, &w) == 0);
		n += w;
	}
	int32_t between;

	FUZZ_CHECK(calendar_working_days_between(&cal, first, first + 365, &between) == 0);
	FUZZ_CHECK(between == n);
	calendar_release(&cal);
	return 0;
}
