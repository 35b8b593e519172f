/*
 * Updating the summary fields of the catalog from CSV (R-CAT-3); the shape
 * is in catalog_import.h. Cells are read by a small RFC 4180 cursor; each
 * line becomes a new version of an existing procedure, checked like any
 * other (store/procedures.h), in one change for the whole file.
 */
#include "compat.h"

#include "core/err.h"
#include "core/fold.h"
#include "store/catalog_import.h"
#include "store/catalog_import_int.h"
#include "store/procedures.h"

#define CSV_COLUMNS 7

static const char *const columns[CSV_COLUMNS] = {
	"code", "name", "field", "level", "processing_amount", "processing_unit", "fee_vnd",
};

/* One line of the file, its cells checked for shape. */
struct csv_row {
	int line;
	char code[PROCEDURE_CODE_MAX + 1];
	char name[PROCEDURE_NAME_MAX + 1];
	char field[PROCEDURE_FIELD_MAX + 1];
	char level[16];
	struct duration time;
	bool has_fee;
	int64_t fee_vnd;
};

struct csv {
	const char *p, *end;
	int line; /* of the next cell */
};

/* Ends a row: "\r\n", "\n" or "\r". */
static void csv_end_row(struct csv *c)
{
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n')
		c->p++;
	c->line++;
}

/*
 * Reads one cell into out (out_size with its NUL); *last tells that it
 * ended its row. ERR_INVALID for a stray quote or an unterminated quoted
 * cell, ERR_TOO_LARGE for a cell that does not fit.
 */
static int csv_cell(struct csv *c, char *out, size_t out_size, bool *last)
{
	bool quoted = c->p < c->end && *c->p == '"';
	size_t n = 0;

	c->p += quoted;
	for (;;) {
		if (c->p == c->end) {
			if (quoted)
				return ERR_INVALID;
			break;
		}
		if (quoted && *c->p == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				c->p++; /* "" is one quote */
			} else {
				c->p++;
				quoted = false;
				if (c->p < c->end && *c->p != ',' && *c->p != '\r' && *c->p != '\n')
					return ERR_INVALID;
				continue;
			}
		} else if (!quoted && (*c->p == ',' || *c->p == '\r' || *c->p == '\n')) {
			break;
		} else if (!quoted && *c->p == '"') {
			return ERR_INVALID;
		}
		if (n + 1 >= out_size)
			return ERR_TOO_LARGE;
		out[n++] = *c->p++;
	}
	out[n] = '\0';
	*last = c->p == c->end || *c->p != ',';
	if (*last)
		csv_end_row(c);
	else
		c->p++;
	return 0;
}

static int fail(char *why, size_t size, int line, const char *column, int rc,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* why = "line N: column: …"; returns rc. */
static int fail(char *why, size_t size, int line, const char *column, int rc,
		const char *fmt, ...)
{
	va_list ap;
	int n = column ? snprintf(why, size, "line %d: %s: ", line, column)
		       : snprintf(why, size, "line %d: ", line);

	if (n >= 0 && (size_t)n < size) {
		va_start(ap, fmt);
		vsnprintf(why + n, size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* A whole number of at most 13 digits; empty is *has false. */
static bool parse_count(const char *s, bool *has, int64_t *out)
{
	size_t len = strlen(s);

	*has = len > 0;
	*out = 0;
	if (len > 13)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

/* NFC of a text cell, in place (its size is the column's limit + 1). */
static int nfc_cell(char *cell, size_t size)
{
	char *nfc = NULL;
	size_t len;
	int rc = fold_nfc_alloc(cell, strlen(cell), &nfc, &len);

	if (!rc && len >= size)
		rc = ERR_TOO_LARGE;
	if (!rc)
		memcpy(cell, nfc, len + 1);
	free(nfc);
	return rc;
}

/* Checks the cells of one row (read as text into row and the scratch cells). */
static int check_row(struct csv_row *row, char amount[16], char unit[24], char fee[24],
		     char *why, size_t size)
{
	int64_t v;
	bool has;

	if (!procedure_code_valid(row->code, strlen(row->code)))
		return fail(why, size, row->line, "code", ERR_INVALID,
			    "must be digits and dots, like 1.001193");
	if (nfc_cell(row->name, sizeof(row->name)))
		return fail(why, size, row->line, "name", ERR_INVALID, "is not UTF-8 text of at "
			    "most %d bytes", PROCEDURE_NAME_MAX);
	if (nfc_cell(row->field, sizeof(row->field)))
		return fail(why, size, row->line, "field", ERR_INVALID, "is not UTF-8 text of at "
			    "most %d bytes", PROCEDURE_FIELD_MAX);
	if (duration_unit_parse(unit, strlen(unit), &row->time.unit))
		return fail(why, size, row->line, "processing_unit", ERR_INVALID,
			    "must be working_days, working_hours, calendar_days or same_day");
	if (!parse_count(amount, &has, &v) || v > DURATION_HOURS_MAX ||
	    (!has && row->time.unit != DURATION_SAME_DAY))
		return fail(why, size, row->line, "processing_amount", ERR_INVALID,
			    "must be a whole number (empty only for same_day)");
	row->time.amount = (int32_t)v;
	if (!parse_count(fee, &row->has_fee, &row->fee_vnd) ||
	    row->fee_vnd > PROCEDURE_FEE_VND_MAX)
		return fail(why, size, row->line, "fee_vnd", ERR_INVALID,
			    "must be a whole number of VND, or empty when unknown");
	return 0;
}

/* Reads one row; *n receives the number of cells (0 for a blank line). */
static int read_row(struct csv *c, struct csv_row *row, char *why, size_t size, int *n)
{
	char amount[16], unit[24], fee[24], extra[8];
	char *cells[CSV_COLUMNS] = {row->code, row->name,  row->field, row->level,
				    amount,    unit,       fee};
	const size_t sizes[CSV_COLUMNS] = {sizeof(row->code), sizeof(row->name),
					   sizeof(row->field), sizeof(row->level),
					   sizeof(amount),     sizeof(unit),
					   sizeof(fee)};
	bool last = false;
	int rc = 0;

	*n = 0;
	row->line = c->line;
	if (*c->p == '\n' || *c->p == '\r') {
		csv_end_row(c);
		return 0;
	}
	while (!last) {
		char *out = *n < CSV_COLUMNS ? cells[*n] : extra;
		size_t out_size = *n < CSV_COLUMNS ? sizes[*n] : sizeof(extra);

		rc = csv_cell(c, out, out_size, &last);
		if (rc == ERR_TOO_LARGE && *n < CSV_COLUMNS)
			return fail(why, size, row->line, columns[*n], ERR_INVALID,
				    "is longer than %zu bytes", out_size - 1);
		if (rc)
			return fail(why, size, row->line, NULL, ERR_INVALID,
				    "a quote must open and close a whole cell (\"\" inside)");
		(*n)++;
	}
	if (*n != CSV_COLUMNS)
		return fail(why, size, row->line, NULL, ERR_INVALID, "%d cells, expected %d (%s)",
			    *n, CSV_COLUMNS, CATALOG_CSV_HEADER);
	return check_row(row, amount, unit, fee, why, size);
}

/* Checks the header line and skips a byte order mark. */
static int read_header(struct csv *c, char *why, size_t size)
{
	size_t len = strlen(CATALOG_CSV_HEADER);

	if (c->end - c->p >= 3 && memcmp(c->p, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	if ((size_t)(c->end - c->p) < len || memcmp(c->p, CATALOG_CSV_HEADER, len) != 0 ||
	    (c->p + len < c->end && c->p[len] != '\r' && c->p[len] != '\n'))
		return fail(why, size, 1, NULL, ERR_INVALID, "the first line must be exactly %s",
			    CATALOG_CSV_HEADER);
	c->p += len;
	csv_end_row(c);
	return 0;
}

/* Reads the whole file into rows (at most CATALOG_IMPORT_PROCEDURES_MAX). */
static int read_rows(const char *text, size_t len, struct csv_row *rows, int *n_rows,
		     char *why, size_t size)
{
	struct csv c = {text, text + len, 1};
	int rc = read_header(&c, why, size), cells;

	*n_rows = 0;
	while (!rc && c.p < c.end) {
		if (*n_rows == CATALOG_IMPORT_PROCEDURES_MAX)
			return fail(why, size, c.line, NULL, ERR_TOO_LARGE,
				    "at most %d procedures in one file",
				    CATALOG_IMPORT_PROCEDURES_MAX);
		rc = read_row(&c, &rows[*n_rows], why, size, &cells);
		if (!rc && cells)
			(*n_rows)++;
	}
	return rc;
}

/* What the change of a CSV import needs. */
struct csv_import {
	const struct csv_row *rows;
	int n;
	const char *actor;
	int64_t now;
	int created, unchanged;
	struct procedure *p;
	char *why;
	size_t why_size;
};

/* Sets the summary fields of a row on a procedure's JSON. 0 or ERR_NOMEM. */
static int merge_row(json_t *j, const struct csv_row *row)
{
	json_t *pt = json_object_get(j, "processing_time"), *fees = json_object_get(j, "fees");
	int rc = 0;

	if (!json_is_object(pt)) {
		pt = json_object();
		rc |= json_object_set_new(j, "processing_time", pt);
	}
	if (!json_is_object(fees)) {
		fees = json_object();
		rc |= json_object_set_new(j, "fees", fees);
	}
	rc |= json_object_set_new(j, "name", json_string(row->name));
	rc |= json_object_set_new(j, "field", json_string(row->field));
	rc |= json_object_set_new(j, "level", json_string(row->level));
	rc |= json_object_set_new(pt, "amount", json_integer(row->time.amount));
	rc |= json_object_set_new(pt, "unit", json_string(duration_unit_name(row->time.unit)));
	rc |= json_object_set_new(fees, "amount_vnd",
				  row->has_fee ? json_integer(row->fee_vnd) : json_null());
	return rc ? ERR_NOMEM : 0;
}

/* One row: the current version, merged, checked, stored as the next version. */
static int apply_row(struct store_tx *tx, struct csv_import *im, const struct csv_row *row)
{
	struct procedure_record rec = {0};
	char local[PROCEDURE_WHY_SIZE], *body = NULL;
	json_t *j = NULL;
	int version, rc = procedure_get(tx->db, row->code, 0, &rec);
	bool created;

	if (rc == ERR_NOT_FOUND) {
		fail(im->why, im->why_size, row->line, "code", ERR_INVALID, "%s is not in the "
		     "catalog (CSV updates procedures imported as JSON)", row->code);
		rc = ERR_INVALID;
		goto out;
	}
	if (!rc && !(j = json_loads(rec.body, JSON_REJECT_DUPLICATES, NULL)))
		rc = ERR_IO;
	if (!rc)
		rc = merge_row(j, row);
	if (!rc)
		rc = procedure_from_json(j, row->code, im->p, &body, local, sizeof(local));
	if (!rc)
		rc = procedure_check_units(tx->db, im->p, local, sizeof(local));
	if (rc == ERR_INVALID || rc == ERR_TOO_LARGE)
		fail(im->why, im->why_size, row->line, NULL, rc, "%s", local);
	if (!rc)
		rc = procedure_put(tx, im->p, body, im->actor, im->now, &version, &created);
	if (!rc)
		*(created ? &im->created : &im->unchanged) += 1;
out:
	free(body);
	json_decref(j);
	procedure_record_release(&rec);
	return rc;
}

static int csv_import_change(struct store_tx *tx, void *arg)
{
	struct csv_import *im = arg;
	int rc = 0;

	im->created = im->unchanged = 0;
	for (int i = 0; !rc && i < im->n; i++)
		rc = apply_row(tx, im, &im->rows[i]);
	return rc;
}

/* A code given on two lines. */
static int check_duplicates(const struct csv_row *rows, int n, char *why, size_t size)
{
	struct catalog_code *codes = calloc((size_t)n + 1, sizeof(*codes));
	const char *dup;
	int rc = codes ? 0 : ERR_NOMEM, a, b;

	for (int i = 0; !rc && i < n; i++) {
		memcpy(codes[i].code, rows[i].code, sizeof(codes[i].code));
		codes[i].index = i;
	}
	if (!rc && catalog_check_duplicates(codes, n, &a, &b, &dup))
		rc = fail(why, size, rows[b].line, "code", ERR_INVALID, "%s is also on line %d",
			  dup, rows[a].line);
	free(codes);
	return rc;
}

int catalog_import_csv(struct store *s, const char *text, size_t len, const char *actor,
		       int64_t now, char *why, size_t why_size)
{
	struct csv_import im = {.actor = actor, .now = now, .why = why, .why_size = why_size};
	struct csv_row *rows = NULL;
	int rc = 0, n = 0;

	why[0] = '\0';
	if (len > CATALOG_IMPORT_BYTES_MAX) {
		snprintf(why, why_size, "the file is over %d bytes", CATALOG_IMPORT_BYTES_MAX);
		return ERR_TOO_LARGE;
	}
	rows = malloc(sizeof(*rows) * CATALOG_IMPORT_PROCEDURES_MAX);
	im.p = malloc(sizeof(*im.p));
	if (!rows || !im.p)
		rc = ERR_NOMEM;
	if (!rc)
		rc = read_rows(text, len, rows, &n, why, why_size);
	if (!rc)
		rc = check_duplicates(rows, n, why, why_size);
	im.rows = rows;
	im.n = n;
	if (!rc)
		rc = store_write(s, csv_import_change, &im);
	if (!rc)
		catalog_summary(why, why_size, n, im.created, im.unchanged);
	else if (!why[0])
		snprintf(why, why_size, "cannot import the catalog (%s)", err_code(rc));
	free(im.p);
	free(rows);
	return rc;
}
