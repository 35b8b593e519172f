/*
 * Tests of src/papers: named values, the date and text helpers, the QR
 * payload of R-FORM-1 (docs/papers.md), the templates as data, and a
 * rendering of every form (deterministic bytes, tables over pages).
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"
#include "http/http.h"
#include "papers/papers.h"

#include "testutil.h"

/* 2026-03-02T09:00:00+07:00 */
#define T_RECEIVED 1772416800
/* 2026-03-05T17:00:00+07:00 */
#define T_DUE 1772704800

static void test_kinds(void **state)
{
	static const char *const ids[] = {"receipt", "supplement", "refusal", "apology", "stop",
					  "control-sheet", "tracking-book"};
	enum paper_kind k;

	(void)state;
	for (int i = 0; i < PAPER_KIND_COUNT; i++) {
		assert_string_equal(paper_kind_id((enum paper_kind)i), ids[i]);
		assert_int_equal(paper_kind_parse(ids[i], strlen(ids[i]), &k), 0);
		assert_int_equal(k, i);
	}
	assert_int_equal(paper_kind_parse("receipt.pdf", 11, &k), ERR_NOT_FOUND);
	assert_int_equal(paper_kind_parse("receip", 6, &k), ERR_NOT_FOUND);
	assert_null(paper_kind_id(PAPER_KIND_COUNT));
}

static void test_vars(void **state)
{
	struct paper_vars vs = {0};
	char *big = malloc(PAPER_VAR_BYTES_MAX + 10);
	static const char *const names[] = {
		"n00", "n01", "n02", "n03", "n04", "n05", "n06", "n07", "n08", "n09", "n10", "n11",
		"n12", "n13", "n14", "n15", "n16", "n17", "n18", "n19", "n20", "n21", "n22", "n23",
		"n24", "n25", "n26", "n27", "n28", "n29", "n30", "n31", "n32", "n33", "n34", "n35",
		"n36", "n37", "n38", "n39", "n40", "n41", "n42", "n43", "n44", "n45", "n46", "n47",
	};

	(void)state;
	_Static_assert(ARRAY_SIZE(names) == PAPER_VARS_MAX, "one name per slot");
	assert_int_equal(paper_vars_set(&vs, "code", "%s-%d", "A", 1), 0);
	assert_string_equal(paper_vars_get(&vs, "code"), "A-1");
	assert_int_equal(paper_vars_set(&vs, "code", "%s", "B"), 0);
	assert_string_equal(paper_vars_get(&vs, "code"), "B");
	assert_int_equal(vs.n, 1);
	assert_null(paper_vars_get(&vs, "other"));
	paper_vars_release(&vs);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		assert_int_equal(paper_vars_set(&vs, names[i], "x"), 0);
	assert_int_equal(paper_vars_set(&vs, "one_more", "x"), ERR_TOO_LARGE);
	paper_vars_release(&vs);
	/* Over the limit: cut at a character boundary ("ấ" is 3 bytes). */
	for (size_t i = 0; i + 3 <= PAPER_VAR_BYTES_MAX + 9; i += 3)
		memcpy(big + i, "ấ", 3);
	big[PAPER_VAR_BYTES_MAX + 9] = '\0';
	assert_int_equal(paper_vars_set(&vs, "reason", "%s", big), 0);
	assert_true(strlen(paper_vars_get(&vs, "reason")) <= PAPER_VAR_BYTES_MAX);
	assert_int_equal(strlen(paper_vars_get(&vs, "reason")) % 3, 0);
	paper_vars_release(&vs);
	free(big);
}

static void test_dates(void **state)
{
	struct paper_vars vs = {0};
	char day[11], line[64];

	(void)state;
	assert_int_equal(at("2026-03-02T09:00:00+07:00"), T_RECEIVED);
	paper_format_date(T_RECEIVED, day);
	assert_string_equal(day, "02/03/2026");
	/* Local time decides the day: 17:30 UTC is 00:30 the next day in Hải Phòng. */
	paper_format_date(at("2026-03-01T17:30:00Z"), day);
	assert_string_equal(day, "02/03/2026");
	paper_format_dateline(T_RECEIVED, line, sizeof(line));
	assert_string_equal(line, "ngày 02 tháng 03 năm 2026");
	assert_int_equal(paper_vars_time(&vs, "t", T_DUE), 0);
	assert_string_equal(paper_vars_get(&vs, "t"), "17 giờ 00 phút, ngày 05/03/2026");
	assert_int_equal(paper_vars_stamp(&vs, "s", at("2026-12-31T23:59:00+07:00")), 0);
	assert_string_equal(paper_vars_get(&vs, "s"), "23:59 31/12/2026");
	assert_int_equal(paper_vars_date(&vs, "d", T_DUE), 0);
	assert_string_equal(paper_vars_get(&vs, "d"), "05/03/2026");
	/* Not happened yet: empty. */
	assert_int_equal(paper_vars_time(&vs, "t", 0), 0);
	assert_string_equal(paper_vars_get(&vs, "t"), "");
	paper_vars_release(&vs);
}

static void test_upper(void **state)
{
	char out[128];

	(void)state;
	paper_upper("Trung tâm Phục vụ hành chính công thành phố Hải Phòng", out, sizeof(out));
	assert_string_equal(out, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HẢI PHÒNG");
	paper_upper("Sở đầu tư; ấ ồ ự ẫ đ", out, sizeof(out));
	assert_string_equal(out, "SỞ ĐẦU TƯ; Ấ Ồ Ự Ẫ Đ");
	/* Cut to fit, never inside a character. */
	paper_upper("ấấấ", out, 7);
	assert_string_equal(out, "ẤẤ");
}

static void test_fill(void **state)
{
	struct paper_vars vs = {0};
	const char *unknown;
	char *s;

	(void)state;
	assert_int_equal(paper_vars_set(&vs, "code", "X-1"), 0);
	assert_int_equal(paper_vars_set(&vs, "reason", "a *star* and _under_ {code}"), 0);
	s = paper_fill("Mã {code}: {reason}.", &vs, &unknown);
	/* Values are taken as they are: braces in a value are not names. */
	assert_string_equal(s, "Mã X-1: a *star* and _under_ {code}.");
	assert_null(unknown);
	free(s);
	s = paper_fill("{nope} { } {} {code", &vs, &unknown);
	assert_string_equal(s, " { } {} {code");
	assert_non_null(unknown);
	assert_memory_equal(unknown, "{nope}", 6);
	free(s);
	paper_vars_release(&vs);
}

static void test_urlencode(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(paper_urlencode(out, sizeof(out), 0, "Hải Phòng a+b:c/d"),
			 (int)strlen("H%E1%BA%A3i+Ph%C3%B2ng+a%2Bb:c%2Fd"));
	assert_string_equal(out, "H%E1%BA%A3i+Ph%C3%B2ng+a%2Bb:c%2Fd");
	assert_int_equal(paper_urlencode(out, 8, 0, "Hải Phòng"), -1);
	assert_true(strlen(out) < 8);
}

static struct paper_qr receipt_qr(void)
{
	struct paper_qr q = {
		.base_url = "http://127.0.0.1:8080/",
		.kind = PAPER_RECEIPT,
		.code = "000.00.20.H27-260302-0001",
		.key = "5678",
		.procedure = "2.001610",
		.applicant = "031090001234",
		.due = T_DUE,
		.issued = T_RECEIVED,
	};

	return q;
}

/* The exact payloads of docs/papers.md. */
static void test_qr_payload(void **state)
{
	struct paper_qr q = receipt_qr();
	char out[PAPER_QR_BYTES_MAX + 1], url[PAPER_URL_BYTES_MAX + 10];

	(void)state;
	assert_int_equal(paper_qr_payload(&q, out, sizeof(out)), 0);
	assert_string_equal(out,
		"http://127.0.0.1:8080/tra-cuu?code=000.00.20.H27-260302-0001&key=5678"
		"#paper=receipt"
		"&name=Gi%E1%BA%A5y+ti%E1%BA%BFp+nh%E1%BA%ADn+h%E1%BB%93+s%C6%A1+v%C3%A0+"
		"h%E1%BA%B9n+tr%E1%BA%A3+k%E1%BA%BFt+qu%E1%BA%A3"
		"&procedure=2.001610&applicant=031090001234"
		"&system=motcua+H%E1%BA%A3i+Ph%C3%B2ng"
		"&issued=2026-03-02T09:00:00%2B07:00&due=2026-03-05T17:00:00%2B07:00");
	/* The control sheet: no key (it stays with staff), no appointment. */
	q.kind = PAPER_CONTROL_SHEET;
	q.key = NULL;
	assert_int_equal(paper_qr_payload(&q, out, sizeof(out)), 0);
	assert_string_equal(out,
		"http://127.0.0.1:8080/tra-cuu?code=000.00.20.H27-260302-0001"
		"#paper=control-sheet"
		"&name=Phi%E1%BA%BFu+ki%E1%BB%83m+so%C3%A1t+qu%C3%A1+tr%C3%ACnh+gi%E1%BA%A3i+"
		"quy%E1%BA%BFt+h%E1%BB%93+s%C6%A1"
		"&procedure=2.001610&applicant=031090001234"
		"&system=motcua+H%E1%BA%A3i+Ph%C3%B2ng&issued=2026-03-02T09:00:00%2B07:00");
	/* The tracking book names its unit and period. */
	q = (struct paper_qr){.base_url = "https://dvc.example.vn", .kind = PAPER_TRACKING_BOOK,
			      .unit = "000.00.20.H27", .from = "2026-03-01", .to = "2026-03-31",
			      .issued = T_RECEIVED};
	assert_int_equal(paper_qr_payload(&q, out, sizeof(out)), 0);
	assert_string_equal(out,
		"https://dvc.example.vn/api/v1/reports/tracking-book.pdf?unit=000.00.20.H27"
		"&from=2026-03-01&to=2026-03-31#paper=tracking-book"
		"&name=S%E1%BB%95+theo+d%C3%B5i+h%E1%BB%93+s%C6%A1"
		"&system=motcua+H%E1%BA%A3i+Ph%C3%B2ng&issued=2026-03-02T09:00:00%2B07:00");
	/* Limits: a base URL too long; an output too small. */
	memset(url, 'a', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	q = receipt_qr();
	q.base_url = url;
	assert_int_equal(paper_qr_payload(&q, out, sizeof(out)), ERR_TOO_LARGE);
	q = receipt_qr();
	assert_int_equal(paper_qr_payload(&q, out, 100), ERR_TOO_LARGE);
}

static bool known_name(const char *name, size_t len)
{
	for (const char *const *n = paper_var_names; *n; n++)
		if (strlen(*n) == len && memcmp(*n, name, len) == 0)
			return true;
	return false;
}

/* Every "{name}" of a template text is a documented value. */
static void check_names(const char *text)
{
	for (const char *p = text ? strchr(text, '{') : NULL; p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}');

		assert_non_null(close);
		if (!known_name(p + 1, (size_t)(close - p - 1)))
			fail_msg("unknown value %.*s in \"%s\"", (int)(close - p + 1), p, text);
	}
}

static void test_templates(void **state)
{
	static const char *const numbers[] = {"01", "02", "03", "04", "05", "06", "07"};

	(void)state;
	for (int k = 0; k < PAPER_KIND_COUNT; k++) {
		const struct paper_template *t = paper_template((enum paper_kind)k);
		bool has_table = false;
		float width = 0;

		assert_non_null(t);
		assert_int_equal(t->kind, k);
		assert_string_equal(t->id, paper_kind_id((enum paper_kind)k));
		assert_string_equal(t->number, numbers[k]);
		assert_true(t->name[0] && t->title[0]);
		assert_string_equal(t->valid_from, "2025-07-01");
		check_names(t->title);
		check_names(t->subtitle);
		check_names(t->legal);
		for (const struct paper_block *b = t->blocks; b->kind != BLOCK_END; b++) {
			check_names(b->text);
			has_table |= b->kind == BLOCK_TABLE;
			if (b->when)
				assert_true(known_name(b->when, strlen(b->when)));
		}
		for (const struct paper_column *c = t->columns; c && c->title; c++) {
			check_names(c->text);
			width += c->width;
		}
		for (int i = 0; i < PAPER_SIGNATURES_MAX && t->signatures[i].title; i++)
			check_names(t->signatures[i].name);
		/* A table fills the content width of its page, and only tables have columns. */
		assert_int_equal(has_table, t->columns != NULL);
		if (has_table)
			assert_true(width <= (t->landscape ? 728.0f : 481.5f) && width > 470);
	}
	assert_string_equal(paper_template(PAPER_RECEIPT)->title,
			    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
	assert_null(paper_template(PAPER_KIND_COUNT));
}

/* A full input for kind k, with every documented value set. */
static void sample(struct paper_input *in, enum paper_kind k, int rows)
{
	memset(in, 0, sizeof(*in));
	in->kind = k;
	in->issued = T_RECEIVED;
	for (const char *const *n = paper_var_names; *n; n++)
		assert_int_equal(paper_vars_set(&in->vars, *n, "%s: Nguyễn Thị Ấ Ồ Ự Ẫ Đ", *n), 0);
	assert_int_equal(paper_input_item(in, "Giấy đề nghị đăng ký doanh nghiệp"), 0);
	assert_int_equal(paper_input_item(in, "Bản sao giấy tờ pháp lý"), 0);
	for (int i = 0; i < rows; i++) {
		struct paper_vars *row;

		assert_int_equal(paper_input_row(in, &row), 0);
		for (const char *const *n = paper_var_names; *n; n++)
			assert_int_equal(paper_vars_set(row, *n, "%s %d", *n, i), 0);
	}
	in->qr = receipt_qr();
	in->qr.kind = k;
	in->qr.unit = "000.00.20.H27";
	in->qr.from = "2026-03-01";
	in->qr.to = "2026-03-31";
}

/* memmem without _GNU_SOURCE. */
static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static int page_count(const char *pdf, size_t len)
{
	const char *p = pdf;
	int n = 0;

	/* libharu writes the page tree uncompressed: "/Type /Pages" then "/Count N". */
	while ((p = find(p, len - (size_t)(p - pdf), "/Count ")) != NULL) {
		char *end;
		long v = strtol(p + 7, &end, 10);

		if (v > n)
			n = (int)v;
		p += 7;
	}
	return n;
}

static void test_render(void **state)
{
	struct paper_fonts fonts;
	struct paper_input in;
	char *a = NULL, *b = NULL, why[128];
	size_t la = 0, lb = 0;

	(void)state;
	if (paper_fonts_find(&fonts)) {
		skip();
		return;
	}
	for (int k = 0; k < PAPER_KIND_COUNT; k++) {
		sample(&in, (enum paper_kind)k, 3);
		assert_int_equal(paper_render(&in, &fonts, &a, &la, why, sizeof(why)), 0);
		assert_true(la > 1000 && memcmp(a, "%PDF-", 5) == 0);
		assert_non_null(find(a, la, "%%EOF"));
		assert_int_equal(page_count(a, la), 1);
		/* The same input gives the same bytes (the creation date is the issue time). */
		assert_int_equal(paper_render(&in, &fonts, &b, &lb, why, sizeof(why)), 0);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		free(a);
		free(b);
		paper_input_release(&in);
	}
	/* A long table runs over pages. */
	sample(&in, PAPER_TRACKING_BOOK, 300);
	assert_int_equal(paper_render(&in, &fonts, &a, &la, why, sizeof(why)), 0);
	assert_true(page_count(a, la) > 5);
	free(a);
	paper_input_release(&in);
	sample(&in, PAPER_CONTROL_SHEET, 60);
	assert_int_equal(paper_render(&in, &fonts, &a, &la, why, sizeof(why)), 0);
	assert_true(page_count(a, la) > 1);
	free(a);
	paper_input_release(&in);
}

static void test_fonts(void **state)
{
	struct paper_fonts f;

	(void)state;
	if (paper_fonts_find(&f)) {
		skip();
		return;
	}
	assert_true(strcmp(f.family, "Liberation Sans") == 0 || strcmp(f.family, "Noto Sans") == 0);
	assert_null(strstr(f.regular, "DejaVu"));
	/* The environment names a font; a missing file is ignored. */
	setenv("MOTCUA_PAPER_FONT", "/nonexistent/font.ttf", 1);
	assert_int_equal(paper_fonts_find(&f), 0);
	assert_string_not_equal(f.family, "MOTCUA_PAPER_FONT");
	{
		char regular[PAPER_FONT_PATH_MAX];

		snprintf(regular, sizeof(regular), "%s", f.regular);
		setenv("MOTCUA_PAPER_FONT", regular, 1);
		unsetenv("MOTCUA_PAPER_FONT_BOLD");
		assert_int_equal(paper_fonts_find(&f), 0);
		assert_string_equal(f.family, "MOTCUA_PAPER_FONT");
		assert_string_equal(f.bold, regular);
	}
	unsetenv("MOTCUA_PAPER_FONT");
}

/* The demo's sample documents: one page; a limit on lines; a missing font fails. */
static void test_sample(void **state)
{
	static const char *const lines[] = {"Hồ sơ số 000.00.20.H27-260302-0001", "Dữ liệu minh hoạ"};
	struct paper_sample s = {"KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", lines, 2};
	struct paper_fonts fonts;
	char *pdf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(paper_fonts_find(&fonts), 0);
	assert_int_equal(paper_render_sample(&s, &fonts, &pdf, &len), 0);
	assert_true(len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
	assert_non_null(find(pdf, len, "%%EOF"));
	assert_int_equal(page_count(pdf, len), 1);
	free(pdf);
	s.n_lines = PAPER_SAMPLE_LINES_MAX + 1;
	assert_int_equal(paper_render_sample(&s, &fonts, &pdf, &len), ERR_TOO_LARGE);
	assert_null(pdf);
	s.n_lines = 2;
	snprintf(fonts.regular, sizeof(fonts.regular), "/nonexistent/font.ttf");
	fonts.bold[0] = '\0';
	assert_int_equal(paper_render_sample(&s, &fonts, &pdf, &len), ERR_IO);
	assert_null(pdf);
	assert_int_equal(len, 0);
}

/* src/http/router.c: "{paper}.pdf" takes the segment's part before ".pdf". */
static void test_route(void **state)
{
	struct request *r = calloc(1, sizeof(*r));
	int i;

	(void)state;
	i = router_match(HTTP_GET, "/api/v1/dossiers/000.00.20.H27-260302-0001/papers/receipt.pdf", r);
	assert_true(i >= 0);
	assert_string_equal(http_routes[i].pattern, "/api/v1/dossiers/{code}/papers/{paper}.pdf");
	assert_int_equal(r->n_params, 2);
	assert_string_equal(r->params[0], "000.00.20.H27-260302-0001");
	assert_string_equal(r->params[1], "receipt");
	i = router_match(HTTP_HEAD, "/api/v1/dossiers/X/papers/control-sheet.pdf", r);
	assert_true(i >= 0);
	assert_string_equal(r->params[1], "control-sheet");
	/* A name with a dot keeps it; only the final ".pdf" is the suffix. */
	i = router_match(HTTP_GET, "/api/v1/dossiers/X/papers/a.pdf.pdf", r);
	assert_true(i >= 0);
	assert_string_equal(r->params[1], "a.pdf");
	/* No name, another suffix, more segments, another method: not this route. */
	assert_int_equal(router_match(HTTP_GET, "/api/v1/dossiers/X/papers/.pdf", r), ERR_NOT_FOUND);
	assert_int_equal(router_match(HTTP_GET, "/api/v1/dossiers/X/papers/receipt.pdfx", r),
			 ERR_NOT_FOUND);
	assert_int_equal(router_match(HTTP_GET, "/api/v1/dossiers/X/papers/receipt", r),
			 ERR_NOT_FOUND);
	assert_int_equal(router_match(HTTP_GET, "/api/v1/dossiers/X/papers/a/b.pdf", r),
			 ERR_NOT_FOUND);
	assert_int_equal(router_match(HTTP_POST, "/api/v1/dossiers/X/papers/receipt.pdf", r),
			 ERR_METHOD);
	/* Whole-segment parameters are as before. */
	i = router_match(HTTP_GET, "/api/v1/dossiers/X/control-sheet", r);
	assert_true(i >= 0);
	assert_string_equal(http_routes[i].pattern, "/api/v1/dossiers/{code}/{view}");
	assert_string_equal(r->params[1], "control-sheet");
	i = router_match(HTTP_GET, "/api/v1/reports/tracking-book.pdf", r);
	assert_true(i >= 0);
	assert_int_equal(r->n_params, 0);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),     cmocka_unit_test(test_vars),
		cmocka_unit_test(test_dates),     cmocka_unit_test(test_upper),
		cmocka_unit_test(test_fill),      cmocka_unit_test(test_urlencode),
		cmocka_unit_test(test_qr_payload), cmocka_unit_test(test_templates),
		cmocka_unit_test(test_render),    cmocka_unit_test(test_fonts),
		cmocka_unit_test(test_route),     cmocka_unit_test(test_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
