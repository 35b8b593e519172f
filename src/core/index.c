/* The Decision 766 index; see index.h. */
#include "compat.h"

#include <math.h>

#include "core/date.h"
#include "core/err.h"
#include "core/index.h"

enum { G_PUBLICITY, G_PROGRESS, G_ONLINE, G_PAYMENT, G_SATISFACTION, G_DIGITISATION };

#define NO_DATA_CATALOG "Không có dữ liệu: sự kiện danh mục do quản trị nhập (chưa ghi nhận)"

/*
 * Rule set 1 (Decision 766/QĐ-TTg of 23/06/2022). Group points as shown on
 * the national portal (DOMAIN.md §9). The splits inside groups 3, 4 and 6
 * that the sources leave open, and the intermediate bands, are this
 * table's reading: verify them against the official guidance and add a
 * rule set with its effective date when they change; never edit a
 * rule set that reports were published under.
 */
static const struct index_rules rules_v1 = {
	.version = 1,
	.effective_from = 19166, /* 2022-06-23 */
	.note = "Quyết định 766/QĐ-TTg; điểm trong nhóm 3, 4, 6 và các mức giữa: cần xác minh",
	.n_groups = 6,
	.groups = {
		[G_PUBLICITY] = {"publicity", "Công khai, minh bạch", 18},
		[G_PROGRESS] = {"progress", "Tiến độ giải quyết", 20},
		[G_ONLINE] = {"online", "Dịch vụ công trực tuyến", 12},
		[G_PAYMENT] = {"payment", "Thanh toán trực tuyến", 10},
		[G_SATISFACTION] = {"satisfaction", "Mức độ hài lòng", 18},
		[G_DIGITISATION] = {"digitisation", "Số hóa hồ sơ", 22},
	},
	.indicators = {
		{IND_1_1, "1.1", "TTHC được công bố đúng hạn", G_PUBLICITY, 6, 0,
		 NO_DATA_CATALOG " (quyết định công bố TTHC)"},
		{IND_1_2, "1.2", "TTHC được công khai đúng hạn", G_PUBLICITY, 4, 0,
		 NO_DATA_CATALOG " (ngày công khai trên CSDL quốc gia)"},
		{IND_1_3, "1.3", "TTHC công khai đầy đủ thành phần", G_PUBLICITY, 2, 0,
		 NO_DATA_CATALOG " (thành phần đã công khai)"},
		{IND_1_4, "1.4", "Hồ sơ đồng bộ lên Cổng DVCQG", G_PUBLICITY, 6, 0,
		 "Hộp thư đồng bộ: hồ sơ có mọi sự kiện đã gửi DVCQG / hồ sơ tiếp nhận hoặc giải quyết"},
		{IND_2_1, "2.1", "Hồ sơ giải quyết đúng hạn", G_PROGRESS, 20, 0,
		 "Hồ sơ: sổ đồng hồ (hạn gốc, trừ thời gian chờ bổ sung), số lần yêu cầu bổ sung"},
		{IND_3_1, "3.1", "TTHC cung cấp dịch vụ công trực tuyến", G_ONLINE, 4, 0.8,
		 "Danh mục: TTHC có hồ sơ trong kỳ cho phép nộp trực tuyến (cần xác minh: QĐ 766 "
		 "tính mọi TTHC của đơn vị)"},
		{IND_3_2, "3.2", "TTHC trực tuyến có phát sinh hồ sơ trực tuyến", G_ONLINE, 4, 0,
		 "Danh mục và hồ sơ: TTHC trực tuyến có ít nhất 1 hồ sơ trực tuyến trong kỳ"},
		{IND_3_3, "3.3", "Hồ sơ trực tuyến", G_ONLINE, 4, 0.5,
		 "Hồ sơ: nộp trực tuyến / tổng số, nhân tỷ lệ đồng bộ (1.4)"},
		{IND_3_5, "3.5", "TTHC có nghĩa vụ tài chính triển khai thanh toán trực tuyến",
		 G_PAYMENT, 5, 0.8,
		 "Không có dữ liệu: danh mục chưa ghi cờ thanh toán trực tuyến của TTHC"},
		{IND_3_6, "3.6", "Hồ sơ thanh toán trực tuyến", G_PAYMENT, 5, 0,
		 "Hồ sơ: thanh toán trực tuyến / hồ sơ có phí, lệ phí khác 0"},
		{IND_5_2, "5.2", "Phản ánh, kiến nghị xử lý đúng hạn", G_SATISFACTION, 6, 0,
		 "Không có dữ liệu: phản ánh, kiến nghị (R-FB) chưa ghi nhận"},
		{IND_5_3, "5.3", "Phản ánh, kiến nghị xử lý hài lòng", G_SATISFACTION, 6, 0,
		 "Không có dữ liệu: phản ánh, kiến nghị (R-FB) chưa ghi nhận"},
		{IND_5_4, "5.4", "Mức độ hài lòng trong giải quyết TTHC", G_SATISFACTION, 6, 0.9,
		 "Hồ sơ và đánh giá: 100% − (tỷ lệ trễ hạn + tỷ lệ không hài lòng)"},
		{IND_4_1, "4.1", "Hồ sơ có kết quả điện tử", G_DIGITISATION, 4, 0,
		 "Hồ sơ: kết quả có tệp điện tử / hồ sơ có kết quả"},
		{IND_4_2, "4.2", "Hồ sơ được số hóa", G_DIGITISATION, 6, 0.8,
		 "Hồ sơ: có tệp đính kèm và kết quả điện tử / hồ sơ có kết quả"},
		{IND_4_3, "4.3", "Hồ sơ tái sử dụng dữ liệu số hóa", G_DIGITISATION, 4, 0.8,
		 "Không có dữ liệu: tái sử dụng dữ liệu số hóa (R-DIG-2) chưa ghi nhận"},
		{IND_4_4, "4.4", "Hồ sơ sử dụng kho dữ liệu cá nhân", G_DIGITISATION, 4, 0,
		 "Không có dữ liệu: kho dữ liệu cá nhân (R-DIG-2) chưa ghi nhận"},
		{IND_4_5, "4.5", "Hồ sơ sử dụng CSDL dân cư / VNeID", G_DIGITISATION, 4, 0,
		 "Hồ sơ: người nộp xác thực bằng VNeID"},
	},
	.n_bands = 5,
	.bands = {
		{90, "excellent", "Xuất sắc", false},
		{80, "good", "Tốt", true},
		{70, "fair", "Khá", true},
		{50, "average", "Trung bình", true},
		{0, "weak", "Yếu", false},
	},
};

static const struct index_rules *const rule_sets[] = {&rules_v1};

const struct index_rules *index_rules_for(int32_t day)
{
	const struct index_rules *r = rule_sets[0];

	for (size_t i = 1; i < ARRAY_SIZE(rule_sets); i++)
		if (rule_sets[i]->effective_from <= day)
			r = rule_sets[i];
	return r;
}

const struct index_rules *const *index_rules_all(size_t *n)
{
	*n = ARRAY_SIZE(rule_sets);
	return rule_sets;
}

double index_score(const struct index_indicator_def *d, int64_t num, int64_t den, double factor,
		   double *rate)
{
	double r;

	if (den <= 0) {
		*rate = NAN;
		return NAN;
	}
	r = (double)num / (double)den * factor;
	r = r < 0 ? 0 : r > 1 ? 1 : r;
	*rate = r;
	if (d->threshold > 0)
		return r >= d->threshold ? d->max : r / d->threshold * d->max;
	return r * d->max;
}

const struct index_band *index_band_of(const struct index_rules *r, double total)
{
	for (int i = 0; i < r->n_bands - 1; i++)
		if (total >= r->bands[i].min)
			return &r->bands[i];
	return &r->bands[r->n_bands - 1];
}

const char *index_end_name(enum index_end e)
{
	static const char *const names[] = {"", "done", "returned", "stopped", "refused"};

	return (unsigned)e < INDEX_END_COUNT ? names[e] : "";
}

const char *index_status_name(enum index_status s)
{
	static const char *const names[] = {"out",         "early",       "on_time", "late",
					    "within_time", "nearly_due",  "overdue"};

	return (unsigned)s < INDEX_STATUS_COUNT ? names[s] : "";
}

/* When an open clock due at `due` becomes nearly due (R-CAL-6). */
static int warn_of(const struct clock_rule *rule, const struct worktime *wt, int64_t due,
		   int64_t *warn)
{
	int64_t pos;
	int rc = worktime_position(wt, due, &pos);

	return rc ? rc : worktime_instant(wt, pos - rule->warn_s, warn);
}

int index_clock_facts(const struct clock_entry *e, size_t n, const struct clock_rule *rule,
		      const struct worktime *wt, struct index_fact *f)
{
	struct clock_status s = {0};
	int rc = 0;

	f->index_due = 0;
	f->late_at = f->warn_at = INDEX_NEVER;
	for (size_t i = 0; i < n && !rc; i++) {
		int64_t t = e[i].at;

		rc = clock_eval(e, i + 1, rule, wt, t, &s);
		if (rc)
			break;
		f->index_due = s.original_due;
		if (f->late_at < t)
			continue; /* late once, late for good */
		f->late_at = s.phase == CLOCK_RUNNING ? s.original_due : INDEX_NEVER;
	}
	/* A finished dossier keeps the warning point of its final index due: periods that
	 * ended while it was open judge it with it. A paused one waits for the applicant. */
	if (!rc && n > 0 && s.phase != CLOCK_PAUSED)
		rc = warn_of(rule, wt, s.original_due, &f->warn_at);
	return rc;
}

enum index_status index_judge(const struct index_fact *f, int64_t from, int64_t judged)
{
	bool finished;
	int64_t point;

	if (f->received_at >= judged || f->end_at < from)
		return INDEX_OUT;
	finished = f->end_at < judged;
	point = finished ? f->end_at : judged;
	if (f->late_at < point || f->second_supplement_at < point)
		return finished ? INDEX_LATE : INDEX_OVERDUE;
	if (finished)
		return f->index_due && date_local_day(f->end_at) < date_local_day(f->index_due)
			       ? INDEX_EARLY
			       : INDEX_ON_TIME;
	return f->warn_at <= judged ? INDEX_NEARLY : INDEX_WITHIN;
}

void index_tally_add(struct index_tally *t, const struct index_fact *f, int64_t from,
		     int64_t judged)
{
	enum index_status s = index_judge(f, from, judged);
	bool result = f->end_kind == INDEX_END_DONE || f->end_kind == INDEX_END_RETURNED;

	if (s == INDEX_OUT)
		return;
	t->population++;
	if (f->received_at < from)
		t->carried_over++;
	else
		t->received++;
	t->by_status[s]++;
	if ((s == INDEX_LATE || s == INDEX_OVERDUE) &&
	    f->second_supplement_at < (s == INDEX_LATE ? f->end_at : judged) &&
	    !(f->late_at < (s == INDEX_LATE ? f->end_at : judged)))
		t->late_by_supplement++;
	t->synced += f->synced;
	t->online += f->channel == 2;
	t->fee_bearing += f->fee_bearing;
	t->paid_online += f->fee_bearing && f->paid_online;
	t->with_result += result;
	t->electronic_result += result && f->electronic_result;
	t->digitised += result && f->electronic_result && f->has_files;
	t->vneid += f->vneid;
	t->rated += f->rating != RATING_NONE;
	t->not_satisfied += f->rating == RATING_NOT_SATISFIED;
}

void index_tally_merge(struct index_tally *a, const struct index_tally *b)
{
	int64_t *x = (int64_t *)a;
	const int64_t *y = (const int64_t *)b;

	/* Every member is an int64_t (checked below). */
	for (size_t i = 0; i < sizeof(*a) / sizeof(int64_t); i++)
		x[i] += y[i];
}

_Static_assert(sizeof(struct index_tally) % sizeof(int64_t) == 0, "index_tally: int64_t only");

int64_t index_tally_late(const struct index_tally *t)
{
	return t->by_status[INDEX_LATE] + t->by_status[INDEX_OVERDUE];
}

int64_t index_tally_on_time(const struct index_tally *t)
{
	return t->by_status[INDEX_EARLY] + t->by_status[INDEX_ON_TIME] +
	       t->by_status[INDEX_WITHIN] + t->by_status[INDEX_NEARLY];
}

double index_late_rate(const struct index_tally *t)
{
	int64_t to_process = t->carried_over + t->received;

	return to_process ? (double)index_tally_late(t) / (double)to_process : NAN;
}

/* The numerator and denominator of each indicator from a tally. */
static void fill_inputs(const struct index_tally *t, struct index_value *v)
{
	int64_t n = t->population, late = index_tally_late(t), sat = n - late - t->not_satisfied;

	for (int i = 0; i < IND_COUNT; i++)
		v[i] = (struct index_value){0, 0, 1, false, NAN, NAN};
	v[IND_1_4].num = t->synced, v[IND_1_4].den = n;
	v[IND_2_1].num = index_tally_on_time(t), v[IND_2_1].den = n;
	v[IND_3_1].num = t->procedures_online, v[IND_3_1].den = t->procedures;
	v[IND_3_2].num = t->procedures_with_online_dossier, v[IND_3_2].den = t->procedures_online;
	v[IND_3_3].num = t->online, v[IND_3_3].den = n;
	v[IND_3_3].factor = n ? (double)t->synced / (double)n : 1;
	v[IND_3_6].num = t->paid_online, v[IND_3_6].den = t->fee_bearing;
	v[IND_4_1].num = t->electronic_result, v[IND_4_1].den = t->with_result;
	v[IND_4_2].num = t->digitised, v[IND_4_2].den = t->with_result;
	v[IND_4_5].num = t->vneid, v[IND_4_5].den = n;
	/* 5.4: 100% − (late rate + not-satisfied rate), both over the population. */
	v[IND_5_4].num = sat > 0 ? sat : 0, v[IND_5_4].den = n;
}

void index_compute(const struct index_rules *r, const struct index_tally *t,
		   struct index_result *out)
{
	double score_sum[INDEX_GROUPS_MAX] = {0}, max_sum[INDEX_GROUPS_MAX] = {0};

	memset(out, 0, sizeof(*out));
	out->rules = r;
	fill_inputs(t, out->ind);
	for (int i = 0; i < IND_COUNT; i++) {
		const struct index_indicator_def *d = &r->indicators[i];
		struct index_value *v = &out->ind[i];

		v->score = index_score(d, v->num, v->den, v->factor, &v->rate);
		v->has_data = v->den > 0;
		if (!v->has_data)
			continue;
		score_sum[d->group] += v->score;
		max_sum[d->group] += d->max;
		out->raw_total += v->score;
		out->max_with_data += d->max;
	}
	for (int g = 0; g < r->n_groups; g++) {
		out->groups[g].raw = score_sum[g];
		out->groups[g].max_with_data = max_sum[g];
		out->groups[g].score =
			max_sum[g] > 0 ? r->groups[g].max * score_sum[g] / max_sum[g] : NAN;
	}
	out->total = out->max_with_data > 0 ? 100 * out->raw_total / out->max_with_data : NAN;
	out->band = isnan(out->total) ? NULL : index_band_of(r, out->total);
}
