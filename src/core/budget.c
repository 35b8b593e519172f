#include "compat.h"

#include "core/budget.h"
#include "core/err.h"

int budget_capacity(struct duration pt, int64_t *minutes)
{
	if (duration_validate(pt))
		return ERR_INVALID;
	switch (pt.unit) {
	case DURATION_WORKING_DAYS:
		*minutes = (int64_t)pt.amount * BUDGET_DAY_MINUTES;
		return 0;
	case DURATION_WORKING_HOURS:
		*minutes = (int64_t)pt.amount * 60;
		return 0;
	case DURATION_SAME_DAY:
		*minutes = BUDGET_DAY_MINUTES;
		return 0;
	case DURATION_CALENDAR_DAYS:
		*minutes = (int64_t)pt.amount * 5 / 7 * BUDGET_DAY_MINUTES;
		return 0;
	case DURATION_UNIT_COUNT:
		break;
	}
	return ERR_INVALID;
}

int budget_step(struct duration d, int64_t *minutes)
{
	if (duration_validate(d) || d.amount < 1)
		return ERR_INVALID;
	if (d.unit == DURATION_WORKING_HOURS) {
		*minutes = (int64_t)d.amount * 60;
		return 0;
	}
	if (d.unit == DURATION_WORKING_DAYS) {
		*minutes = (int64_t)d.amount * BUDGET_DAY_MINUTES;
		return 0;
	}
	return ERR_INVALID;
}

int budget_check(struct duration pt, const struct duration *steps, int n,
		 struct budget_report *rep)
{
	rep->bad_step = -1;
	rep->total = 0;
	if (budget_capacity(pt, &rep->capacity)) {
		rep->capacity = -1;
		return ERR_INVALID;
	}
	for (int i = 0; i < n; i++) {
		int64_t m;

		if (budget_step(steps[i], &m)) {
			rep->bad_step = i;
			return ERR_INVALID;
		}
		rep->total += m;
	}
	return rep->total <= rep->capacity ? 0 : ERR_INVALID;
}

void budget_format_hours(int64_t minutes, char out[24])
{
	int64_t tenths = minutes / 6;

	if (minutes < 0) {
		snprintf(out, 24, "-");
		return;
	}
	if (tenths % 10)
		snprintf(out, 24, "%" PRId64 ".%d", tenths / 10, (int)(tenths % 10));
	else
		snprintf(out, 24, "%" PRId64, tenths / 10);
}
