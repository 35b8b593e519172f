/*
 * Report routes (API.md "Reports"; DOMAIN.md §9, R-IDX-1 … R-IDX-3,
 * R-EVAL-1; docs/index.md): the Decision 766 index, the scoreboard (the
 * units below one ranked by their index), the monthly statistics and the
 * late list, as JSON, CSV or XLSX.
 *
 * Each handler: parse the period, unit and format (every parameter has a
 * limit), read one snapshot (store/index_report.h), let the core judge and
 * score (core/index.h), answer. Public: no personal data is ever in them.
 */
#include "compat.h"

#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "app/api.h"
#include "app/app.h"
#include "core/date.h"
#include "core/err.h"
#include "core/index.h"
#include "store/index_report.h"
#include "store/units.h"

/* Longest period of one report (five years and a day), first and last year accepted. */
#define REPORT_RANGE_DAYS_MAX 1827
#define REPORT_YEAR_MIN 2000
#define REPORT_YEAR_MAX 2099
/* Largest CSV answer built in memory. */
#define REPORT_CSV_BYTES_MAX (8 * 1024 * 1024)

enum report_format { FORMAT_JSON, FORMAT_CSV, FORMAT_XLSX };

struct period {
	char unit[UNIT_CODE_SIZE];
	char unit_name[UNIT_NAME_MAX + 1];
	int32_t from_day, to_day;
	int64_t from, to, judged;
	enum report_format format;
};

/* "YYYY-MM", "YYYY-Qn" or "YYYY" into a day range. */
static int parse_preset(const char *s, int32_t *from, int32_t *to)
{
	size_t len = strlen(s);
	int year = 0, m1, m2;

	if (len != 4 && len != 7)
		return ERR_INVALID;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return ERR_INVALID;
		year = year * 10 + (s[i] - '0');
	}
	if (year < REPORT_YEAR_MIN || year > REPORT_YEAR_MAX)
		return ERR_INVALID;
	if (len == 4) {
		m1 = 1, m2 = 12;
	} else if (s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
		m1 = (s[6] - '1') * 3 + 1, m2 = m1 + 2;
	} else if (s[4] == '-' && s[5] >= '0' && s[5] <= '1' && s[6] >= '0' && s[6] <= '9') {
		m1 = m2 = (s[5] - '0') * 10 + (s[6] - '0');
		if (m1 < 1 || m1 > 12)
			return ERR_INVALID;
	} else {
		return ERR_INVALID;
	}
	*from = date_to_days((struct ymd){year, m1, 1});
	*to = date_to_days((struct ymd){year, m2, date_month_length(year, m2)});
	return 0;
}

static int query_day(struct request *r, const char *name, int32_t *day)
{
	const char *v = request_query(r, name);
	struct ymd d;

	if (!v || date_parse(v, strlen(v), day))
		return resp_problem(r, ERR_INVALID_DATE, "'%s' must be a date YYYY-MM-DD", name),
		       ERR_INVALID_DATE;
	d = date_from_days(*day);
	if (d.year < REPORT_YEAR_MIN || d.year > REPORT_YEAR_MAX)
		return resp_problem(r, ERR_INVALID_DATE, "'%s' must be in %d-%d", name,
				    REPORT_YEAR_MIN, REPORT_YEAR_MAX), ERR_INVALID_DATE;
	return 0;
}

/* The period: ?period= or ?from=&to=, else the last full month. */
static int parse_days(struct request *r, struct period *p)
{
	const char *preset = request_query(r, "period");
	bool range = request_query(r, "from") || request_query(r, "to");
	struct ymd today = date_from_days(date_local_day(r->now));
	int rc;

	if (preset && range)
		return resp_problem(r, ERR_INVALID, "give 'period' or 'from' and 'to', not both"),
		       ERR_INVALID;
	if (preset) {
		if (parse_preset(preset, &p->from_day, &p->to_day))
			return resp_problem(r, ERR_INVALID, "'period' must be YYYY, YYYY-Qn or YYYY-MM "
					    "(years %d-%d)", REPORT_YEAR_MIN, REPORT_YEAR_MAX),
			       ERR_INVALID;
		return 0;
	}
	if (range) {
		if ((rc = query_day(r, "from", &p->from_day)) || (rc = query_day(r, "to", &p->to_day)))
			return rc;
		if (p->to_day < p->from_day || p->to_day - p->from_day >= REPORT_RANGE_DAYS_MAX)
			return resp_problem(r, ERR_INVALID, "'to' must be on or after 'from', at most "
					    "%d days later", REPORT_RANGE_DAYS_MAX - 1), ERR_INVALID;
		return 0;
	}
	p->to_day = date_to_days((struct ymd){today.year, today.month, 1}) - 1;
	today = date_from_days(p->to_day);
	p->from_day = date_to_days((struct ymd){today.year, today.month, 1});
	return 0;
}

static int parse_format(struct request *r, struct period *p)
{
	const char *f = request_query(r, "format");

	p->format = FORMAT_JSON;
	if (!f || strcmp(f, "json") == 0)
		return 0;
	if (strcmp(f, "csv") == 0)
		p->format = FORMAT_CSV;
	else if (strcmp(f, "xlsx") == 0)
		p->format = FORMAT_XLSX;
	else
		return resp_problem(r, ERR_INVALID, "'format' must be json, csv or xlsx"), ERR_INVALID;
	return 0;
}

/* The unit (?unit=, default the province) and its name; 404 for an unknown one. */
static int parse_unit(struct request *r, struct db *db, struct period *p)
{
	const char *code = request_query(r, "unit");
	struct unit u;
	int rc;

	if (code && (!*code || strlen(code) >= UNIT_CODE_SIZE))
		return resp_problem(r, ERR_NOT_FOUND, "no unit %.40s", code), ERR_NOT_FOUND;
	rc = code ? 0 : index_root_unit(db, p->unit);
	if (!rc)
		rc = units_get(db, code ? code : p->unit, &u);
	if (rc)
		return resp_problem(r, rc, rc == ERR_NOT_FOUND ? "no unit %.40s" : NULL,
				    code ? code : "(root)"), rc;
	snprintf(p->unit, sizeof(p->unit), "%s", u.code);
	snprintf(p->unit_name, sizeof(p->unit_name), "%s", u.name);
	return 0;
}

/* Parses everything and borrows a read connection (*db; the caller ends it). */
static int begin(struct request *r, struct period *p, struct db **db)
{
	int rc;

	memset(p, 0, sizeof(*p));
	*db = NULL;
	if ((rc = parse_format(r, p)) || (rc = parse_days(r, p)))
		return rc;
	p->from = date_local_instant(p->from_day, 0);
	p->to = date_local_instant(p->to_day + 1, 0);
	/* Unfinished dossiers are judged at the end of the period, or now if it has not ended. */
	p->judged = r->now < p->to ? r->now : p->to;
	if (p->judged < p->from)
		p->judged = p->from;
	*db = store_read_begin(r->app->store);
	if (!*db)
		return resp_problem(r, ERR_BUSY, NULL), ERR_BUSY;
	rc = parse_unit(r, *db, p);
	if (rc) {
		store_read_end(r->app->store, *db);
		*db = NULL;
	}
	return rc;
}

/* A scan's failure, answered. */
static int scan_problem(struct request *r, int rc)
{
	return resp_problem(r, rc, rc == ERR_TOO_LARGE ? "the unit has too many units below it"
						       : NULL);
}

/* The period's tally of the unit's subtree (per child when per_unit); answered on failure. */
static int tally(struct request *r, struct period *p, bool per_unit, struct index_report *rep)
{
	struct db *db;
	int rc = begin(r, p, &db);

	if (rc)
		return rc;
	rc = index_report_scan(db, p->unit, per_unit, p->from, p->judged, rep);
	store_read_end(r->app->store, db);
	return rc ? scan_problem(r, rc) : 0;
}

static json_t *day_json(int32_t day)
{
	char d[11];

	date_format(day, d);
	return json_string(d);
}

/* A number rounded to `places` decimals, or null (no data). */
static json_t *num_json(double x, int places)
{
	double k = pow(10, places);

	return isnan(x) ? json_null() : json_real(round(x * k) / k);
}

static double round_to(double x, int places)
{
	double k = pow(10, places);

	return round(x * k) / k;
}

static json_t *period_json(const struct period *p)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "unit", p->unit, "unit_name", p->unit_name,
			 "from", day_json(p->from_day), "to", day_json(p->to_day), "judged_at",
			 api_instant(p->judged));
}

/* --- tables: what CSV and XLSX answers are made of --- */

enum cell_kind { CELL_NULL, CELL_TEXT, CELL_INT, CELL_NUM, CELL_PCT };

struct cell {
	enum cell_kind kind;
	const char *text; /* CELL_TEXT; points into the report (lives as long as the table) */
	double num;
};

struct table {
	const char *sheet;
	const char *const *headers;
	int cols, rows, cap;
	struct cell *cells;
	bool failed;
};

static struct cell *table_row(struct table *t)
{
	if (t->rows == t->cap) {
		int cap = t->cap ? t->cap * 2 : 32;
		struct cell *c = realloc(t->cells, (size_t)cap * (size_t)t->cols * sizeof(*c));

		if (!c) {
			t->failed = true;
			return NULL;
		}
		t->cells = c;
		t->cap = cap;
	}
	memset(&t->cells[t->rows * t->cols], 0, (size_t)t->cols * sizeof(*t->cells));
	return &t->cells[(t->rows++) * t->cols];
}

static struct cell text_cell(const char *s)
{
	return (struct cell){s && *s ? CELL_TEXT : CELL_NULL, s, 0};
}

static struct cell int_cell(int64_t v)
{
	return (struct cell){CELL_INT, NULL, (double)v};
}

static struct cell num_cell(double v, int places)
{
	return isnan(v) ? (struct cell){CELL_NULL, NULL, 0}
			: (struct cell){CELL_NUM, NULL, round_to(v, places)};
}

/* A rate as a percentage, 2 decimals (the CSV and XLSX headers say "(%)"). */
static struct cell pct_cell(double rate)
{
	return isnan(rate) ? (struct cell){CELL_NULL, NULL, 0}
			   : (struct cell){CELL_PCT, NULL, round_to(rate * 100, 2)};
}

struct buf {
	char *p;
	size_t len, cap;
	bool failed;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > REPORT_CSV_BYTES_MAX || !(p = realloc(b->p, cap))) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break. */
static void csv_text(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_add(b, s, strlen(s));
		return;
	}
	buf_add(b, "\"", 1);
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		buf_add(b, s, (size_t)(q - s));
		buf_add(b, "\"\"", 2);
	}
	buf_add(b, s, strlen(s));
	buf_add(b, "\"", 1);
}

static void csv_cell(struct buf *b, const struct cell *c)
{
	char num[40];

	switch (c->kind) {
	case CELL_TEXT:
		csv_text(b, c->text);
		return;
	case CELL_INT:
		snprintf(num, sizeof(num), "%.0f", c->num);
		break;
	case CELL_NUM:
	case CELL_PCT:
		snprintf(num, sizeof(num), "%.2f", c->num);
		break;
	default:
		return;
	}
	buf_add(b, num, strlen(num));
}

static int answer_csv(struct request *r, const struct table *t, const char *file)
{
	struct buf b = {0};
	int rc;

	buf_add(&b, "\xEF\xBB\xBF", 3); /* a BOM: spreadsheet programs then read UTF-8 */
	for (int c = 0; c < t->cols; c++) {
		if (c)
			buf_add(&b, ",", 1);
		csv_text(&b, t->headers[c]);
	}
	buf_add(&b, "\r\n", 2);
	for (int i = 0; i < t->rows; i++) {
		for (int c = 0; c < t->cols; c++) {
			if (c)
				buf_add(&b, ",", 1);
			csv_cell(&b, &t->cells[i * t->cols + c]);
		}
		buf_add(&b, "\r\n", 2);
	}
	if (b.failed || t->failed) {
		free(b.p);
		return resp_problem(r, b.failed ? ERR_TOO_LARGE : ERR_NOMEM, NULL);
	}
	rc = resp_bytes(r, 200, "text/csv; charset=utf-8", b.p, b.len);
	snprintf(r->resp.disposition, sizeof(r->resp.disposition),
		 "attachment; filename=\"%s.csv\"", file);
	free(b.p);
	return rc;
}

/* Writes the table into a new workbook at path. 0 or ERR_IO. */
static int xlsx_write(const char *path, const struct table *t)
{
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, t->sheet) : NULL;
	lxw_format *head = wb ? workbook_add_format(wb) : NULL;
	lxw_format *dec = wb ? workbook_add_format(wb) : NULL;

	if (!ws || !head || !dec) {
		if (wb)
			workbook_close(wb);
		return ERR_IO;
	}
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_num_format(dec, "0.00");
	for (int c = 0; c < t->cols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, t->headers[c], head);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c < 4 ? 24 : 14, NULL);
	}
	for (int i = 0; i < t->rows; i++) {
		for (int c = 0; c < t->cols; c++) {
			const struct cell *cell = &t->cells[i * t->cols + c];
			lxw_row_t row = (lxw_row_t)(i + 1);

			if (cell->kind == CELL_TEXT)
				worksheet_write_string(ws, row, (lxw_col_t)c, cell->text, NULL);
			else if (cell->kind == CELL_INT)
				worksheet_write_number(ws, row, (lxw_col_t)c, cell->num, NULL);
			else if (cell->kind != CELL_NULL)
				worksheet_write_number(ws, row, (lxw_col_t)c, cell->num, dec);
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : ERR_IO;
}

/* Writes the workbook to an unlinked temporary file and sends that file. */
static int answer_xlsx(struct request *r, const struct table *t, const char *file)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	struct stat sb;
	int fd, rc;

	if (t->failed)
		return resp_problem(r, ERR_NOMEM, NULL);
	snprintf(path, sizeof(path), "%s/motcua-report-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return resp_problem(r, ERR_IO, "cannot make a temporary file");
	close(fd);
	rc = xlsx_write(path, t);
	fd = rc ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (fd < 0 || fstat(fd, &sb)) {
		if (fd >= 0)
			close(fd);
		return resp_problem(r, ERR_IO, "cannot write the workbook");
	}
	rc = resp_file(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		       fd, (uint64_t)sb.st_size);
	snprintf(r->resp.disposition, sizeof(r->resp.disposition),
		 "attachment; filename=\"%s.xlsx\"", file);
	return rc;
}

static int answer_table(struct request *r, const struct period *p, const struct table *t,
			const char *what)
{
	char file[100], from[11], to[11];

	date_format(p->from_day, from);
	date_format(p->to_day, to);
	snprintf(file, sizeof(file), "%s_%s_%s_%s", what, p->unit, from, to);
	return p->format == FORMAT_CSV ? answer_csv(r, t, file) : answer_xlsx(r, t, file);
}

/* --- GET /api/v1/reports/index --- */

static const char *const index_headers[] = {
	"Nhóm", "Tên nhóm", "Chỉ tiêu", "Tên chỉ tiêu", "Điểm tối đa", "Ngưỡng (%)", "Tử số",
	"Mẫu số", "Tỷ lệ (%)", "Điểm", "Nguồn dữ liệu",
};

static json_t *indicator_json(const struct index_indicator_def *d, const struct index_value *v)
{
	json_t *j = json_pack("{s:s, s:s, s:f, s:o, s:I, s:I, s:o, s:o, s:s}", "id", d->id, "name",
			      d->name, "max", d->max, "threshold",
			      d->threshold > 0 ? json_real(d->threshold) : json_null(), "numerator",
			      (json_int_t)v->num, "denominator", (json_int_t)v->den, "rate",
			      num_json(v->rate, 4), "score", num_json(v->score, 2), "source",
			      d->source);

	if (j && d->ind == IND_3_3)
		json_object_set_new(j, "factor", num_json(v->factor, 4));
	return j;
}

static json_t *counts_json(const struct index_tally *t)
{
	return json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		"population", (json_int_t)t->population, "carried_over", (json_int_t)t->carried_over,
		"received", (json_int_t)t->received, "early", (json_int_t)t->by_status[INDEX_EARLY],
		"on_time", (json_int_t)t->by_status[INDEX_ON_TIME], "late",
		(json_int_t)t->by_status[INDEX_LATE], "within_time",
		(json_int_t)t->by_status[INDEX_WITHIN], "nearly_due",
		(json_int_t)t->by_status[INDEX_NEARLY], "overdue",
		(json_int_t)t->by_status[INDEX_OVERDUE], "late_by_supplement",
		(json_int_t)t->late_by_supplement, "synced", (json_int_t)t->synced, "online",
		(json_int_t)t->online, "with_result", (json_int_t)t->with_result, "rated",
		(json_int_t)t->rated, "not_satisfied", (json_int_t)t->not_satisfied, "vneid",
		(json_int_t)t->vneid);
}

static json_t *index_json(const struct period *p, const struct index_result *res,
			  const struct index_tally *t)
{
	const struct index_rules *rules = res->rules;
	json_t *j = period_json(p), *groups = json_array();

	for (int g = 0; g < rules->n_groups; g++) {
		json_t *inds = json_array();

		for (int i = 0; i < IND_COUNT; i++)
			if (rules->indicators[i].group == g)
				json_array_append_new(inds, indicator_json(&rules->indicators[i],
									   &res->ind[i]));
		json_array_append_new(groups, json_pack("{s:s, s:s, s:f, s:o, s:f, s:o}", "id",
							rules->groups[g].id, "name",
							rules->groups[g].name, "max",
							rules->groups[g].max, "score",
							num_json(res->groups[g].score, 2),
							"max_with_data",
							res->groups[g].max_with_data, "indicators",
							inds));
	}
	json_object_set_new(j, "total", num_json(res->total, 2));
	json_object_set_new(j, "classification",
			    res->band ? json_string(res->band->id) : json_null());
	json_object_set_new(j, "classification_name",
			    res->band ? json_string(res->band->name) : json_null());
	json_object_set_new(j, "classification_verify", json_boolean(res->band && res->band->verify));
	json_object_set_new(j, "raw_total", num_json(res->raw_total, 2));
	json_object_set_new(j, "max_with_data", json_real(res->max_with_data));
	json_object_set_new(j, "scoring",
			    json_string("scaled: an indicator without data (denominator 0) has "
					"rate and score null and is left out; a group scores "
					"max × Σ scores / Σ max of its indicators with data, the "
					"total 100 × Σ scores / Σ max of all indicators with data "
					"(raw_total of max_with_data)"));
	json_object_set_new(j, "rules", json_pack("{s:i, s:o, s:s}", "version", rules->version,
						  "effective_from", day_json(rules->effective_from),
						  "note", rules->note));
	json_object_set_new(j, "groups", groups);
	json_object_set_new(j, "counts", counts_json(t));
	return j;
}

static void index_table(const struct index_result *res, struct table *t)
{
	const struct index_rules *rules = res->rules;
	struct cell *row;

	for (int g = 0; g < rules->n_groups; g++) {
		const struct index_group_def *gd = &rules->groups[g];

		if ((row = table_row(t))) {
			row[0] = text_cell(gd->id), row[1] = text_cell(gd->name);
			row[4] = num_cell(gd->max, 2), row[9] = num_cell(res->groups[g].score, 2);
		}
		for (int i = 0; i < IND_COUNT; i++) {
			const struct index_indicator_def *d = &rules->indicators[i];
			const struct index_value *v = &res->ind[i];

			if (d->group != g || !(row = table_row(t)))
				continue;
			row[0] = text_cell(gd->id), row[1] = text_cell(gd->name);
			row[2] = text_cell(d->id), row[3] = text_cell(d->name);
			row[4] = num_cell(d->max, 2);
			row[5] = d->threshold > 0 ? pct_cell(d->threshold) : text_cell(NULL);
			row[6] = int_cell(v->num), row[7] = int_cell(v->den);
			row[8] = pct_cell(v->rate), row[9] = num_cell(v->score, 2);
			row[10] = text_cell(d->source);
		}
	}
	if ((row = table_row(t))) {
		row[1] = text_cell("Tổng điểm");
		row[4] = num_cell(100, 2), row[9] = num_cell(res->total, 2);
		row[10] = text_cell(res->band ? res->band->name : "Không có dữ liệu");
	}
}

int api_report_index(struct request *r)
{
	struct period p;
	struct index_report rep;
	struct index_result res;
	struct table t = {"Chỉ số 766", index_headers, (int)ARRAY_SIZE(index_headers), 0, 0, NULL,
			  false};
	int rc = tally(r, &p, false, &rep);

	if (rc)
		return rc;
	index_compute(index_rules_for(p.to_day), &rep.total, &res);
	if (p.format == FORMAT_JSON)
		rc = resp_json(r, 200, index_json(&p, &res, &rep.total));
	else {
		index_table(&res, &t);
		rc = answer_table(r, &p, &t, "chi-so-766");
	}
	free(t.cells);
	index_report_release(&rep);
	return rc;
}

/* --- GET /api/v1/reports/statistics (R-IDX-3) --- */

static const char *const stats_headers[] = {
	"Mã đơn vị",
	"Tên đơn vị",
	"Tồn kỳ trước chuyển sang",
	"Tiếp nhận trong kỳ",
	"Tổng số phải giải quyết",
	"Đã giải quyết trước hạn",
	"Đã giải quyết đúng hạn",
	"Đã giải quyết quá hạn",
	"Đang giải quyết trong hạn",
	"Đang giải quyết sắp đến hạn",
	"Đang giải quyết quá hạn",
	"Tỷ lệ trễ hạn (%)",
};

static json_t *stats_row_json(const char *code, const char *name, const struct index_tally *t)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "unit",
			 code, "name", name, "carried_over", (json_int_t)t->carried_over,
			 "received", (json_int_t)t->received, "to_process",
			 (json_int_t)(t->carried_over + t->received), "finished_early",
			 (json_int_t)t->by_status[INDEX_EARLY], "finished_on_time",
			 (json_int_t)t->by_status[INDEX_ON_TIME], "finished_late",
			 (json_int_t)t->by_status[INDEX_LATE], "in_progress_within_time",
			 (json_int_t)t->by_status[INDEX_WITHIN], "in_progress_nearly_due",
			 (json_int_t)t->by_status[INDEX_NEARLY], "in_progress_overdue",
			 (json_int_t)t->by_status[INDEX_OVERDUE], "late",
			 (json_int_t)index_tally_late(t), "late_rate",
			 num_json(index_late_rate(t), 4));
}

static void stats_row(struct table *t, const char *code, const char *name,
		      const struct index_tally *x)
{
	struct cell *row = table_row(t);

	if (!row)
		return;
	row[0] = text_cell(code), row[1] = text_cell(name);
	row[2] = int_cell(x->carried_over), row[3] = int_cell(x->received);
	row[4] = int_cell(x->carried_over + x->received);
	row[5] = int_cell(x->by_status[INDEX_EARLY]), row[6] = int_cell(x->by_status[INDEX_ON_TIME]);
	row[7] = int_cell(x->by_status[INDEX_LATE]), row[8] = int_cell(x->by_status[INDEX_WITHIN]);
	row[9] = int_cell(x->by_status[INDEX_NEARLY]);
	row[10] = int_cell(x->by_status[INDEX_OVERDUE]);
	row[11] = pct_cell(index_late_rate(x));
}

int api_report_statistics(struct request *r)
{
	struct period p;
	struct index_report rep;
	struct table t = {"Thống kê", stats_headers, (int)ARRAY_SIZE(stats_headers), 0, 0, NULL,
			  false};
	json_t *j, *rows;
	int rc = tally(r, &p, true, &rep);

	if (rc)
		return rc;
	if (p.format == FORMAT_JSON) {
		j = period_json(&p);
		rows = json_array();
		for (int b = 0; b < rep.n_branches; b++)
			json_array_append_new(rows, stats_row_json(rep.branches[b].code,
								   rep.branches[b].name,
								   &rep.branches[b].tally));
		json_object_set_new(j, "rows", rows);
		json_object_set_new(j, "total", stats_row_json(p.unit, p.unit_name, &rep.total));
		rc = resp_json(r, 200, j);
	} else {
		for (int b = 0; b < rep.n_branches; b++)
			stats_row(&t, rep.branches[b].code, rep.branches[b].name,
				  &rep.branches[b].tally);
		stats_row(&t, p.unit, "Tổng cộng", &rep.total);
		rc = answer_table(r, &p, &t, "thong-ke");
	}
	free(t.cells);
	index_report_release(&rep);
	return rc;
}

/* --- GET /api/v1/reports/late (R-IDX-2) --- */

static const char *const late_headers[] = {
	"Loại", "Mã đơn vị", "Tên đơn vị", "Cán bộ", "Số bước xử lý", "Số bước trễ hạn",
	"Tỷ lệ trễ hạn (%)",
};

static double late_rate(const struct index_late_row *x)
{
	return x->steps ? (double)x->late_steps / (double)x->steps : NAN;
}

static json_t *late_row_json(const struct index_late_row *x, bool official, bool names)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:o}", "unit", x->unit, official ? "unit_name"
										   : "name",
			      x->unit_name, "steps", (json_int_t)x->steps, "late_steps",
			      (json_int_t)x->late_steps, "rate", num_json(late_rate(x), 4));

	if (j && official && names)
		json_object_set_new(j, "name", json_string(x->full_name[0] ? x->full_name
									    : x->username));
	return j;
}

static void late_rows(struct table *t, const struct index_late_row *v, int n, bool official,
		      bool names)
{
	for (int i = 0; i < n; i++) {
		struct cell *row = table_row(t);

		if (!row)
			return;
		row[0] = text_cell(official ? "Cán bộ" : "Đơn vị");
		row[1] = text_cell(v[i].unit), row[2] = text_cell(v[i].unit_name);
		row[3] = text_cell(official && names ? (v[i].full_name[0] ? v[i].full_name
									   : v[i].username)
						     : NULL);
		row[4] = int_cell(v[i].steps), row[5] = int_cell(v[i].late_steps);
		row[6] = pct_cell(late_rate(&v[i]));
	}
}

int api_report_late(struct request *r)
{
	struct period p;
	struct index_late l;
	struct table t = {"Danh sách trễ hạn", late_headers, (int)ARRAY_SIZE(late_headers), 0, 0,
			  NULL, false};
	struct db *db;
	json_t *j, *units, *officials;
	int rc = begin(r, &p, &db);

	if (rc)
		return rc;
	rc = index_late_scan(db, p.unit, p.from, p.to, p.judged, &l);
	store_read_end(r->app->store, db);
	if (rc)
		return scan_problem(r, rc);
	if (p.format == FORMAT_JSON) {
		j = period_json(&p);
		units = json_array();
		officials = json_array();
		for (int i = 0; i < l.n_units; i++)
			json_array_append_new(units, late_row_json(&l.units[i], false, false));
		/* Without publication, no official is listed at all (names omitted). */
		for (int i = 0; l.publish_officials && i < l.n_officials; i++)
			json_array_append_new(officials, late_row_json(&l.officials[i], true, true));
		json_object_set_new(j, "min_steps", json_integer(l.min_steps));
		json_object_set_new(j, "officials_published", json_boolean(l.publish_officials));
		json_object_set_new(j, "units", units);
		json_object_set_new(j, "officials", officials);
		rc = resp_json(r, 200, j);
	} else {
		late_rows(&t, l.units, l.n_units, false, false);
		if (l.publish_officials)
			late_rows(&t, l.officials, l.n_officials, true, true);
		rc = answer_table(r, &p, &t, "danh-sach-tre-han");
	}
	free(t.cells);
	index_late_release(&l);
	return rc;
}

/* --- GET /api/v1/reports/scoreboard: the units below one, ranked by their index --- */

/* One ranked unit: a branch of the report (a child of the unit, with its subtree). */
struct board_row {
	const struct index_branch *b;
	double total; /* rounded to 2 decimals as published; NAN: no data */
	const struct index_band *band;
	double groups[INDEX_GROUPS_MAX];
	int rank;     /* 1-based, equal totals share one; 0: no data */
};

/* Total descending, units without data last, then by code. */
static int by_total(const void *a, const void *b)
{
	const struct board_row *x = a, *y = b;

	if (isnan(x->total) != isnan(y->total))
		return isnan(x->total) ? 1 : -1;
	if (!isnan(x->total) && x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->b->code, y->b->code);
}

/* The children of the report's unit (branch 0 is its own dossiers), scored and ranked. */
static struct board_row *board_rank(const struct index_rules *rules, const struct index_report *rep,
				    int *n)
{
	struct board_row *rows = calloc((size_t)(rep->n_branches > 1 ? rep->n_branches - 1 : 1),
					sizeof(*rows));
	struct index_result res;

	*n = 0;
	if (!rows)
		return NULL;
	for (int b = 1; b < rep->n_branches; b++) {
		struct board_row *row = &rows[(*n)++];

		index_compute(rules, &rep->branches[b].tally, &res);
		row->b = &rep->branches[b];
		row->total = isnan(res.total) ? NAN : round_to(res.total, 2);
		row->band = res.band;
		for (int g = 0; g < rules->n_groups; g++)
			row->groups[g] = res.groups[g].score;
	}
	if (*n > 1)
		qsort(rows, (size_t)*n, sizeof(*rows), by_total);
	for (int i = 0; i < *n && !isnan(rows[i].total); i++)
		rows[i].rank = i && rows[i].total == rows[i - 1].total ? rows[i - 1].rank : i + 1;
	return rows;
}

static json_t *board_groups_json(const struct index_rules *rules, const double *scores, bool names)
{
	json_t *groups = json_array();

	for (int g = 0; g < rules->n_groups; g++) {
		json_t *j = json_pack("{s:s, s:o, s:f}", "id", rules->groups[g].id, "score",
				      num_json(scores[g], 2), "max", rules->groups[g].max);

		if (j && names)
			json_object_set_new(j, "name", json_string(rules->groups[g].name));
		json_array_append_new(groups, j);
	}
	return groups;
}

static json_t *board_json(const struct period *p, const struct index_result *res,
			  const struct index_tally *total, const struct board_row *rows, int n)
{
	const struct index_rules *rules = res->rules;
	json_t *j = period_json(p), *units = json_array(), *bands = json_array();
	double own[INDEX_GROUPS_MAX];

	for (int g = 0; g < rules->n_groups; g++)
		own[g] = res->groups[g].score;
	for (int i = 0; i < rules->n_bands; i++)
		json_array_append_new(bands, json_pack("{s:s, s:s, s:f, s:b}", "id",
						       rules->bands[i].id, "name",
						       rules->bands[i].name, "min", rules->bands[i].min,
						       "verify", rules->bands[i].verify));
	for (int i = 0; i < n; i++) {
		const struct board_row *row = &rows[i];

		json_array_append_new(units, json_pack(
			"{s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:o}", "unit", row->b->code, "unit_name",
			row->b->name, "level", row->b->level, "rank",
			row->rank ? json_integer(row->rank) : json_null(), "total",
			num_json(row->total, 2), "classification",
			row->band ? json_string(row->band->id) : json_null(), "dossiers",
			(json_int_t)row->b->tally.population, "groups",
			board_groups_json(rules, row->groups, false)));
	}
	json_object_set_new(j, "total", num_json(res->total, 2));
	json_object_set_new(j, "classification",
			    res->band ? json_string(res->band->id) : json_null());
	json_object_set_new(j, "classification_name",
			    res->band ? json_string(res->band->name) : json_null());
	json_object_set_new(j, "dossiers", json_integer(total->population));
	json_object_set_new(j, "rules", json_pack("{s:i, s:o, s:s}", "version", rules->version,
						  "effective_from", day_json(rules->effective_from),
						  "note", rules->note));
	json_object_set_new(j, "classifications", bands);
	json_object_set_new(j, "groups", board_groups_json(rules, own, true));
	json_object_set_new(j, "units", units);
	return j;
}

/* The CSV/XLSX columns: rank, unit, dossiers, total, class, then one per group. */
#define BOARD_FIXED_COLS 6
#define BOARD_HEAD_BYTES 96

static void board_row_cells(struct cell *row, const struct index_rules *rules, int rank,
			    const char *code, const char *name, int64_t dossiers, double total,
			    const struct index_band *band, const double *groups)
{
	row[0] = rank ? int_cell(rank) : text_cell(NULL);
	row[1] = text_cell(code), row[2] = text_cell(name);
	row[3] = int_cell(dossiers);
	row[4] = num_cell(total, 2);
	row[5] = text_cell(band ? band->name : "Không có dữ liệu");
	for (int g = 0; g < rules->n_groups; g++)
		row[BOARD_FIXED_COLS + g] = num_cell(groups[g], 2);
}

static int board_table(struct request *r, const struct period *p, const struct index_result *res,
		       const struct index_tally *total, const struct board_row *rows, int n)
{
	static const char *const fixed[BOARD_FIXED_COLS] = {
		"Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Số hồ sơ", "Tổng điểm", "Xếp loại",
	};
	const struct index_rules *rules = res->rules;
	char heads[INDEX_GROUPS_MAX][BOARD_HEAD_BYTES];
	const char *headers[BOARD_FIXED_COLS + INDEX_GROUPS_MAX];
	struct table t = {"Xếp hạng chỉ số 766", headers, BOARD_FIXED_COLS + rules->n_groups, 0, 0,
			  NULL, false};
	double own[INDEX_GROUPS_MAX];
	struct cell *row;
	int rc;

	memcpy(headers, fixed, sizeof(fixed));
	for (int g = 0; g < rules->n_groups; g++) {
		snprintf(heads[g], sizeof(heads[g]), "%s (%g điểm)", rules->groups[g].name,
			 rules->groups[g].max);
		headers[BOARD_FIXED_COLS + g] = heads[g];
		own[g] = res->groups[g].score;
	}
	for (int i = 0; i < n; i++)
		if ((row = table_row(&t)))
			board_row_cells(row, rules, rows[i].rank, rows[i].b->code, rows[i].b->name,
					rows[i].b->tally.population, rows[i].total, rows[i].band,
					rows[i].groups);
	/* The unit itself last: its total covers its own dossiers and every row above. */
	if ((row = table_row(&t)))
		board_row_cells(row, rules, 0, p->unit, p->unit_name, total->population, res->total,
				res->band, own);
	rc = answer_table(r, p, &t, "xep-hang-766");
	free(t.cells);
	return rc;
}

int api_report_scoreboard(struct request *r)
{
	struct period p;
	struct index_report rep;
	struct index_result res;
	struct board_row *rows;
	/* One pass over the subtree: a tally per child, with its own procedure counts. */
	int n, rc = tally(r, &p, true, &rep);

	if (rc)
		return rc;
	index_compute(index_rules_for(p.to_day), &rep.total, &res);
	rows = board_rank(res.rules, &rep, &n);
	if (!rows)
		rc = resp_problem(r, ERR_NOMEM, NULL);
	else if (p.format == FORMAT_JSON)
		rc = resp_json(r, 200, board_json(&p, &res, &rep.total, rows, n));
	else
		rc = board_table(r, &p, &res, &rep.total, rows, n);
	free(rows);
	index_report_release(&rep);
	return rc;
}
