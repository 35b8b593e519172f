/*
 * Tests of store/procedures: checking a procedure's JSON (fields named in
 * errors, R-CAT-2 budgets, NFC), storing versions with their audit
 * records, loading them back as struct procedure, the search without
 * diacritics (R-CAT-3), and resolving commune specs to units. A real SQLite
 * file in a temporary directory; the few units needed are inserted with SQL.
 */
#include "compat.h"

#include "core/err.h"
#include "store/audit.h"
#include "store/procedures.h"
#include "store/store.h"

#include "testutil.h"

/* A commune with its justice division and a province department; no police. */
static const char SQL_UNITS[] =
	"INSERT INTO units(code, name, level, kind, parent) VALUES"
	" ('000.00.00.H27', 'UBND thành phố', 'province', 'people_committee', NULL),"
	" ('000.00.03.H27', 'Sở Tài chính', 'department', 'department', '000.00.00.H27'),"
	" ('000.01.50.H27', 'UBND phường Thủy Nguyên', 'commune', 'commune', '000.00.00.H27'),"
	" ('001.01.50.H27', 'Trung tâm PVHCC', 'service_centre', 'one_stop', '000.01.50.H27'),"
	" ('002.01.50.H27', 'Tư pháp – Hộ tịch', 'division', 'justice', '000.01.50.H27')";

static int units_change(struct store_tx *tx, void *arg)
{
	(void)arg;
	return db_exec(tx->db, SQL_UNITS);
}

static int setup(void **state)
{
	struct tmp_fixture *f;

	if (tmp_store_setup(state))
		return -1;
	f = *state;
	return store_write(f->s, units_change, NULL) ? -1 : 0;
}

/* The birth registration of data/catalog, cut down; %s slots: name, step 2 unit, budget. */
static const char BIRTH_FMT[] =
	"{\"code\":\"1.001193\",\"name\":\"%s\",\"field\":\"Hộ tịch\",\"level\":\"commune\","
	"\"competent_unit\":null,\"competent_unit_role\":\"commune:self\","
	"\"processing_time\":{\"amount\":0,\"unit\":\"same_day\",\"text\":\"ngay\"},"
	"\"fees\":{\"amount_vnd\":0,\"note\":\"miễn\"},"
	"\"components\":[{\"name\":\"Tờ khai\",\"form\":\"original\",\"count\":1,"
	"\"required\":true},{\"name\":\"Văn bản ủy quyền\",\"required\":false}],"
	"\"result\":{\"name\":\"Giấy khai sinh\",\"kind\":\"both\"},"
	"\"channels\":[\"counter\",\"online\"],\"legal_basis\":[\"Luật Hộ tịch\"],"
	"\"steps\":["
	"{\"name\":\"Tiếp nhận\",\"unit_role\":\"reception\",\"unit\":\"commune:one_stop\","
	"\"duration\":{\"amount\":1,\"unit\":\"working_hours\"}},"
	"{\"name\":\"Xử lý\",\"unit_role\":\"specialist\",\"unit\":\"%s\","
	"\"duration\":{\"amount\":%d,\"unit\":\"working_hours\"}},"
	"{\"name\":\"Ký\",\"unit_role\":\"leader\",\"unit\":\"000.00.03.H27\","
	"\"duration\":{\"amount\":2,\"unit\":\"working_hours\"}},"
	"{\"name\":\"Trả\",\"unit_role\":\"return\",\"unit\":\"commune:one_stop\","
	"\"duration\":{\"amount\":1,\"unit\":\"working_hours\"}}]}";

static json_t *birth(const char *name, const char *unit, int hours)
{
	char text[4096];
	json_t *j;

	snprintf(text, sizeof(text), BIRTH_FMT, name, unit, hours);
	j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(j);
	return j;
}

/* Checks j and returns the message (rc must be want). */
static const char *check(json_t *j, const char *code, int want)
{
	static char why[PROCEDURE_WHY_SIZE];
	struct procedure *p = malloc(sizeof(*p));
	char *body = NULL;

	assert_non_null(p);
	assert_int_equal(procedure_from_json(j, code, p, &body, why, sizeof(why)), want);
	assert_true(want ? body == NULL : body != NULL);
	free(body);
	free(p);
	json_decref(j);
	return why;
}

/* A valid procedure becomes the struct the dossier rules use. */
static void test_from_json(void **state)
{
	struct procedure *p = malloc(sizeof(*p));
	json_t *j = birth("Thủ tục đăng ký khai sinh", "commune:justice", 3);
	char why[PROCEDURE_WHY_SIZE], *body = NULL;

	(void)state;
	assert_int_equal(procedure_from_json(j, NULL, p, &body, why, sizeof(why)), 0);
	assert_string_equal(p->code, "1.001193");
	assert_string_equal(p->name, "Thủ tục đăng ký khai sinh");
	assert_string_equal(p->field, "Hộ tịch");
	assert_string_equal(p->level, "commune");
	assert_string_equal(p->competent_unit, "");
	assert_string_equal(p->competent_role, "commune:self");
	assert_int_equal(p->processing_time.unit, DURATION_SAME_DAY);
	assert_true(p->has_fee);
	assert_int_equal(p->fee_vnd, 0);
	assert_int_equal(p->channels, CHANNEL_COUNTER | CHANNEL_ONLINE);
	assert_int_equal(p->n_components, 2);
	assert_true(p->components[0].required);
	assert_false(p->components[1].required);
	assert_int_equal(p->n_steps, 4);
	assert_string_equal(p->steps[1].role, "specialist");
	assert_string_equal(p->steps[1].unit, "commune:justice");
	assert_int_equal(p->steps[1].duration.amount, 3);
	assert_int_equal(p->steps[1].duration.unit, DURATION_WORKING_HOURS);
	/* Extra members are kept in the body. */
	assert_non_null(strstr(body, "\"legal_basis\":[\"Luật Hộ tịch\"]"));
	free(body);
	json_decref(j);
	free(p);
}

/* Errors name the field (API.md: 400 with a field-naming detail). */
static void test_from_json_errors(void **state)
{
	json_t *j;

	(void)state;
	assert_string_equal(check(birth("", "commune:justice", 3), NULL, ERR_INVALID),
			    "name: must not be empty");
	assert_string_equal(check(birth("X", "commune:mayor", 3), NULL, ERR_INVALID),
			    "steps[1].unit: must be a unit code (NNN.NN.NN.XNN) or commune:<kind> "
			    "(self, one_stop, justice, economy, social, leader, police)");
	/* R-CAT-2: 1 + 4 + 2 + 1 = 8 h do not fit in same_day's 7.5 h. */
	assert_string_equal(check(birth("X", "commune:justice", 4), NULL, ERR_INVALID),
			    "steps: the step budgets add up to 8 h, more than the 7.5 h the "
			    "processing time allows (a working day counts 7.5 h; R-CAT-2)");
	assert_string_equal(check(birth("X", "commune:justice", 3), "1.000001", ERR_INVALID),
			    "code: must be the code of the URL (1.000001)");
	j = birth("X", "commune:justice", 3);
	json_object_set_new(json_array_get(json_object_get(j, "steps"), 2), "duration",
			    json_pack("{s:i, s:s}", "amount", 1, "unit", "same_day"));
	assert_string_equal(check(j, NULL, ERR_INVALID),
			    "steps[2].duration.unit: must be working_hours or working_days");
	j = birth("X", "commune:justice", 3);
	json_object_set_new(j, "level", json_string("province"));
	json_object_set_new(j, "competent_unit_role", json_null());
	json_object_set_new(j, "competent_unit", json_string("000.00.03.H27"));
	assert_string_equal(check(j, NULL, ERR_INVALID),
			    "steps[0].unit: 'commune:one_stop' is for commune-level procedures only");
	j = birth("X", "commune:justice", 3);
	json_object_set_new(json_object_get(j, "fees"), "amount_vnd", json_integer(-1));
	assert_string_equal(check(j, NULL, ERR_INVALID),
			    "fees.amount_vnd: must be a whole number from 0 to 1000000000000");
	j = birth("X", "commune:justice", 3);
	json_object_set_new(j, "channels", json_pack("[s, s]", "post", "email"));
	assert_string_equal(check(j, NULL, ERR_INVALID),
			    "channels[1]: must be counter, post or online");
	j = birth("X", "commune:justice", 3);
	json_object_del(j, "code");
	assert_string_equal(check(j, NULL, ERR_INVALID), "code: is required");
	assert_string_equal(check(json_pack("[]"), NULL, ERR_INVALID),
			    "procedure: must be a JSON object");
}

/* Text is stored in NFC; the server's members are dropped; the size is capped. */
static void test_from_json_normalises(void **state)
{
	struct procedure *p = malloc(sizeof(*p));
	/* "Đăng ký" with the marks as combining characters (NFD). */
	json_t *j = birth("\xc4\x90" "a\xcc\x86ng ky\xcc\x81", "commune:justice", 3);
	char why[PROCEDURE_WHY_SIZE], *body = NULL, *big;

	(void)state;
	json_object_set_new(j, "version", json_integer(7));
	json_object_set_new(j, "current", json_false());
	assert_int_equal(procedure_from_json(j, "1.001193", p, &body, why, sizeof(why)), 0);
	assert_string_equal(p->name, "Đăng ký");
	assert_null(strstr(body, "\"version\""));
	assert_null(strstr(body, "\"current\""));
	free(body);
	big = malloc(PROCEDURE_BODY_BYTES_MAX + 1);
	memset(big, 'x', PROCEDURE_BODY_BYTES_MAX);
	big[PROCEDURE_BODY_BYTES_MAX] = '\0';
	json_object_set_new(j, "notes", json_string(big));
	assert_int_equal(procedure_from_json(j, NULL, p, &body, why, sizeof(why)), ERR_TOO_LARGE);
	assert_null(body);
	free(big);
	json_decref(j);
	free(p);
}

static void test_code_shape(void **state)
{
	(void)state;
	assert_true(procedure_code_valid("1.001193", 8));
	assert_true(procedure_code_valid("12", 2));
	assert_false(procedure_code_valid("", 0));
	assert_false(procedure_code_valid(".1", 2));
	assert_false(procedure_code_valid("1.", 2));
	assert_false(procedure_code_valid("1..2", 4));
	assert_false(procedure_code_valid("1.00a", 5));
	assert_false(procedure_code_valid("1/2", 3));
	assert_true(procedure_code_valid("1.001193x", 8)); /* a slice */
	assert_false(procedure_code_valid("123456789012345678901234567890123", 33));
}

struct put {
	json_t *j;
	int version;
	bool created;
	int rc;
	char why[PROCEDURE_WHY_SIZE];
};

static int put_change(struct store_tx *tx, void *arg)
{
	struct put *w = arg;
	struct procedure *p = malloc(sizeof(*p));
	char *body = NULL;
	int rc = p ? 0 : ERR_NOMEM;

	if (!rc)
		rc = procedure_from_json(w->j, NULL, p, &body, w->why, sizeof(w->why));
	if (!rc)
		rc = procedure_check_units(tx->db, p, w->why, sizeof(w->why));
	if (!rc)
		rc = procedure_put(tx, p, body, "tester", 1767225600, &w->version, &w->created);
	free(body);
	free(p);
	return rc;
}

static int put(struct tmp_fixture *f, json_t *j, struct put *w)
{
	memset(w, 0, sizeof(*w));
	w->j = j;
	w->rc = store_write(f->s, put_change, w);
	json_decref(j);
	return w->rc;
}

static int64_t audit_count(struct store *s)
{
	struct audit_report rep;
	struct db *db = store_read_begin(s);

	assert_int_equal(audit_verify(db, &rep), 0);
	store_read_end(s, db);
	return rep.records;
}

/* a change adds a version and never rewrites the old one. */
static void test_versions(void **state)
{
	struct tmp_fixture *f = *state;
	struct procedure *p = malloc(sizeof(*p));
	struct procedure_version_info v[4];
	struct put w;
	struct db *db;
	int64_t total;
	int n;

	assert_int_equal(put(f, birth("Thủ tục đăng ký khai sinh", "commune:justice", 3), &w), 0);
	assert_true(w.created);
	assert_int_equal(w.version, 1);
	assert_int_equal(audit_count(f->s), 1);
	/* The same body again: nothing written. */
	assert_int_equal(put(f, birth("Thủ tục đăng ký khai sinh", "commune:justice", 3), &w), 0);
	assert_false(w.created);
	assert_int_equal(w.version, 1);
	assert_int_equal(audit_count(f->s), 1);
	assert_int_equal(put(f, birth("Đăng ký khai sinh (mới)", "002.01.50.H27", 2), &w), 0);
	assert_true(w.created);
	assert_int_equal(w.version, 2);
	assert_int_equal(audit_count(f->s), 2);
	/* A unit that is not in the database: refused, nothing written. */
	assert_int_equal(put(f, birth("X", "002.99.50.H27", 2), &w), ERR_INVALID);
	assert_string_equal(w.why, "steps[1].unit: no unit 002.99.50.H27 (import the units first)");
	assert_int_equal(audit_count(f->s), 2);

	db = store_read_begin(f->s);
	assert_int_equal(procedure_load(db, "1.001193", 0, p), 0);
	assert_int_equal(p->version, 2);
	assert_string_equal(p->name, "Đăng ký khai sinh (mới)");
	assert_string_equal(p->steps[1].unit, "002.01.50.H27");
	assert_int_equal(procedure_load(db, "1.001193", 1, p), 0);
	assert_int_equal(p->version, 1);
	assert_string_equal(p->name, "Thủ tục đăng ký khai sinh");
	assert_int_equal(p->steps[1].duration.amount, 3);
	assert_int_equal(procedure_load(db, "1.001193", 3, p), ERR_NOT_FOUND);
	assert_int_equal(procedure_load(db, "9.999999", 0, p), ERR_NOT_FOUND);
	assert_int_equal(procedure_versions(db, "1.001193", 0, 4, v, &n, &total), 0);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(v[0].version, 2);
	assert_true(v[0].current);
	assert_false(v[1].current);
	assert_int_equal(procedure_versions(db, "1.001193", 1, 4, v, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].version, 1);
	assert_int_equal(procedure_versions(db, "9.999999", 0, 4, v, &n, &total), ERR_NOT_FOUND);
	assert_int_equal(procedure_versions(db, "1.001193", 0, 0, v, &n, &total), ERR_INVALID);
	store_read_end(f->s, db);
	free(p);
}

/*
 * Parsed versions are kept per connection, keyed by their stored text: a
 * new version, an old one and a row changed underneath all read right.
 */
static void test_load_cache(void **state)
{
	struct tmp_fixture *f = *state;
	struct procedure *p = malloc(sizeof(*p));
	struct put w;
	struct db *db;
	sqlite3 *raw;

	assert_int_equal(put(f, birth("Tên thứ nhất", "commune:justice", 3), &w), 0);
	for (int round = 0; round < 2; round++) {
		db = store_read_begin(f->s);
		assert_int_equal(procedure_load(db, "1.001193", 0, p), 0);
		assert_string_equal(p->name, "Tên thứ nhất");
		assert_int_equal(p->version, 1);
		store_read_end(f->s, db);
	}
	assert_int_equal(put(f, birth("Tên thứ hai", "commune:justice", 3), &w), 0);
	db = store_read_begin(f->s);
	assert_int_equal(procedure_load(db, "1.001193", 0, p), 0);
	assert_string_equal(p->name, "Tên thứ hai");
	assert_int_equal(p->version, 2);
	assert_int_equal(procedure_load(db, "1.001193", 1, p), 0);
	assert_string_equal(p->name, "Tên thứ nhất");
	assert_int_equal(p->version, 1);
	store_read_end(f->s, db);
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw,
				      "UPDATE procedures SET body = replace(body, 'Tên thứ nhất', "
				      "'Tên đã sửa') WHERE version = 1",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	db = store_read_begin(f->s);
	assert_int_equal(procedure_load(db, "1.001193", 1, p), 0);
	assert_string_equal(p->name, "Tên đã sửa");
	store_read_end(f->s, db);
	free(p);
}

static int search(struct tmp_fixture *f, const char *q, const char *field, int limit,
		  struct procedure_summary *items, int *n, int64_t *total)
{
	struct procedure_query query = {.q = q, .field = field, .limit = limit};
	struct db *db = store_read_begin(f->s);
	int rc = procedure_search(db, &query, items, n, total);

	store_read_end(f->s, db);
	return rc;
}

/* R-CAT-3: found without diacritics, as you type, only current versions. */
static void test_search(void **state)
{
	struct tmp_fixture *f = *state;
	struct procedure_summary *items = calloc(PROCEDURE_PAGE_MAX, sizeof(*items));
	json_t *other = birth("Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con",
			      "commune:justice", 3);
	struct put w;
	int64_t total;
	int n;

	json_object_set_new(other, "code", json_string("1.000689"));
	assert_int_equal(put(f, birth("Thủ tục đăng ký khai sinh", "commune:justice", 3), &w), 0);
	assert_int_equal(put(f, other, &w), 0);
	assert_int_equal(search(f, "dang ky khai sinh", NULL, 10, items, &n, &total), 0);
	assert_int_equal(total, 2);
	assert_string_equal(items[0].code, "1.001193");
	assert_int_equal(search(f, "ĐĂNG KÝ khai si", NULL, 10, items, &n, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(search(f, "nhan cha", NULL, 10, items, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].code, "1.000689");
	assert_string_equal(items[0].field, "Hộ tịch");
	assert_int_equal(items[0].processing_time.unit, DURATION_SAME_DAY);
	assert_int_equal(items[0].version, 1);
	assert_int_equal(search(f, "1.000", NULL, 10, items, &n, &total), 0);
	assert_int_equal(total, 1);
	/* A new version replaces the old one's search key. */
	assert_int_equal(put(f, birth("Đăng ký khai sanh", "commune:justice", 3), &w), 0);
	assert_int_equal(search(f, "khai sinh", NULL, 10, items, &n, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(search(f, "khai sanh", NULL, 10, items, &n, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].version, 2);
	/* Paging, filters, limits, FTS syntax as text. */
	assert_int_equal(search(f, NULL, NULL, 1, items, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);
	assert_string_equal(items[0].code, "1.000689");
	assert_int_equal(search(f, "", "HO TICH", 10, items, &n, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(search(f, NULL, "Đất đai", 10, items, &n, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(search(f, "\"khai\" OR NEAR(*", NULL, 10, items, &n, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(search(f, "a b c d e f g h i j k l m n o p", NULL, 10, items, &n, &total),
			 0);
	assert_int_equal(search(f, "a b c d e f g h i j k l m n o p q", NULL, 10, items, &n,
				&total),
			 ERR_INVALID);
	assert_int_equal(search(f, "\xc3", NULL, 10, items, &n, &total), ERR_INVALID_UTF8);
	assert_int_equal(search(f, NULL, NULL, 0, items, &n, &total), ERR_INVALID);
	assert_int_equal(search(f, NULL, NULL, PROCEDURE_PAGE_MAX + 1, items, &n, &total),
			 ERR_INVALID);
	free(items);
}

static int resolve(struct tmp_fixture *f, const char *spec, const char *commune, char *out)
{
	struct db *db = store_read_begin(f->s);
	int rc = procedure_resolve_unit(db, spec, commune, out);

	store_read_end(f->s, db);
	return rc;
}

/* data/README.md: commune specs resolve to the dossier's commune's units. */
static void test_resolve_unit(void **state)
{
	struct tmp_fixture *f = *state;
	char out[UNIT_CODE_SIZE];

	assert_int_equal(resolve(f, "000.00.91.H27", "", out), 0);
	assert_string_equal(out, "000.00.91.H27");
	assert_int_equal(resolve(f, "commune:self", "000.01.50.H27", out), 0);
	assert_string_equal(out, "000.01.50.H27");
	assert_int_equal(resolve(f, "commune:justice", "000.01.50.H27", out), 0);
	assert_string_equal(out, "002.01.50.H27");
	assert_int_equal(resolve(f, "commune:one_stop", "000.01.50.H27", out), 0);
	assert_string_equal(out, "001.01.50.H27");
	assert_int_equal(resolve(f, "commune:police", "000.01.50.H27", out), ERR_NOT_FOUND);
	assert_int_equal(resolve(f, "commune:self", "000.02.50.H27", out), ERR_NOT_FOUND);
	assert_int_equal(resolve(f, "commune:justice", "", out), ERR_INVALID);
	assert_int_equal(resolve(f, "commune:justice", NULL, out), ERR_INVALID);
	assert_int_equal(resolve(f, "commune:", "000.01.50.H27", out), ERR_INVALID);
	assert_int_equal(resolve(f, "somewhere", "000.01.50.H27", out), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_json),
		cmocka_unit_test(test_from_json_errors),
		cmocka_unit_test(test_from_json_normalises),
		cmocka_unit_test(test_code_shape),
		cmocka_unit_test_setup_teardown(test_versions, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_load_cache, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_unit, setup, tmp_teardown),
	};

	return cmocka_run_group_tests_name("procedures", tests, NULL, NULL);
}
