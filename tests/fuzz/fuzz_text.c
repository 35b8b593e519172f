/*
 * fuzz_text: the parsers of short texts in the core, on any bytes.
 * Properties: what parses formats back to the same text (dates, instants in
 * +07:00, unit and dossier codes); a search key folds to itself; office
 * hours that parse are valid; identifiers never crash.
 */
#include "compat.h"

#include "core/code.h"
#include "core/date.h"
#include "core/fold.h"
#include "core/ident.h"
#include "core/worktime.h"
#include "fuzz.h"

static void check_date(const char *s, size_t n)
{
	int32_t day;
	int64_t t, t2;
	char out[INSTANT_TEXT_SIZE];

	if (date_parse(s, n, &day) == 0) {
		date_format(day, out);
		FUZZ_CHECK(n == 10 && memcmp(out, s, 10) == 0);
	}
	if (instant_parse(s, n, &t) == 0) {
		instant_format(t, out);
		FUZZ_CHECK(instant_parse(out, strlen(out), &t2) == 0 && t2 == t);
	}
}

static void check_codes(const char *s, size_t n)
{
	struct unit_code u;
	struct dossier_code d;
	char out[DOSSIER_CODE_SIZE];

	if (unit_code_parse(s, n, &u) == 0) {
		FUZZ_CHECK(unit_code_format(&u, out) == 0);
		FUZZ_CHECK(strlen(out) == n && memcmp(out, s, n) == 0);
	}
	if (dossier_code_parse(s, n, &d) == 0) {
		FUZZ_CHECK(dossier_code_build(s, UNIT_CODE_LEN, d.day, d.seq, out) == 0);
		FUZZ_CHECK(strlen(out) == n && memcmp(out, s, n) == 0);
	}
}

static void check_fold(const char *s, size_t n)
{
	char *key = NULL, *again = NULL, *nfc = NULL;
	size_t klen, alen, nlen;

	if (fold_key_alloc(s, n, &key, &klen) == 0) {
		FUZZ_CHECK(fold_key_alloc(key, klen, &again, &alen) == 0);
		FUZZ_CHECK(alen == klen && memcmp(again, key, klen) == 0);
	}
	if (fold_nfc_alloc(s, n, &nfc, &nlen) == 0)
		FUZZ_CHECK(fold_check_utf8(nfc, nlen) == 0);
	free(key);
	free(again);
	free(nfc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct ident_id_number id;
	struct ident_tax_code tax;
	struct office_hours oh;

	check_date(s, size);
	check_codes(s, size);
	check_fold(s, size);
	ident_id_number_parse(s, size, &id);
	ident_id_number_validate(s, size, 0, 2026);
	ident_tax_code_parse(s, size, &tax);
	ident_tax_code_validate(s, size, 2026);
	office_hours_default(&oh);
	if (office_hours_parse(s, size, &oh) == 0)
		FUZZ_CHECK(office_hours_validate(&oh) == 0);
	return 0;
}
