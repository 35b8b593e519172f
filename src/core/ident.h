/*
 * ident.h: personal identification numbers and tax codes (R-ID-1, R-ID-2).
 *
 * Personal identification number (số định danh cá nhân, the number on the
 * chip-based citizen card): exactly 12 ASCII digits `PPP G YY RRRRRR`:
 *   PPP     the province of birth registration, one of the 63 legacy
 *           province codes (they stay valid after the 2025 mergers);
 *   G       century and gender: 1900s male 0 / female 1, 2000s 2/3,
 *           2100s 4/5, 2200s 6/7, 2300s 8/9;
 *   YY      the last two digits of the birth year;
 *   RRRRRR  random digits. There is no check digit.
 *
 * Tax code (mã số thuế): either
 *   - 10 digits N1..N10 with the check digit
 *     N10 = 10 - (sum of Ni * Wi for i = 1..9, mod 11),
 *     weights 31 29 23 19 17 13 7 5 3; a result of 10 means the number is
 *     invalid (no digit can carry it);
 *   - the same 10 digits, a hyphen and a 3-digit branch number 001..999
 *     (mã số thuế đơn vị phụ thuộc, "0100109106-001");
 *   - since 1 July 2025, for individuals and household businesses, the
 *     12-digit personal identification number itself.
 * No spaces, dots or other separators are accepted: callers trim input.
 *
 * Input is a (pointer, length) slice; no terminator is needed or read.
 * All functions are pure and thread-safe; nothing is allocated.
 */
#ifndef MOTCUA_CORE_IDENT_H
#define MOTCUA_CORE_IDENT_H

#include <stddef.h>

#define IDENT_ID_NUMBER_LEN 12
/* How many legacy province codes there are (the 63 pre-2025 provinces). */
#define IDENT_PROVINCE_COUNT 63

#define IDENT_TAX_CODE_LEN 10
/* Longest tax code text: 10 digits, '-', 3 digits. */
#define IDENT_TAX_CODE_LEN_MAX 14

enum ident_gender {
	IDENT_MALE = 0,
	IDENT_FEMALE = 1,
};

struct ident_id_number {
	int province;             /* legacy province code, e.g. 31 for Hải Phòng */
	enum ident_gender gender;
	int birth_year;           /* 1900..2399 */
};

enum ident_tax_kind {
	IDENT_TAX_ORGANISATION = 1, /* 10 digits */
	IDENT_TAX_BRANCH = 2,       /* 10 digits and "-NNN" */
	IDENT_TAX_PERSONAL = 3,     /* 12-digit personal identification number */
};

struct ident_tax_code {
	enum ident_tax_kind kind;
	int branch; /* 1..999 for IDENT_TAX_BRANCH, else 0 */
};

/*
 * The name (UTF-8, NFC, e.g. "Hải Phòng") of a legacy province code, or NULL
 * when code is not one of the 63. The string is static: do not free it.
 */
const char *ident_province_name(int code);

/*
 * The i-th legacy province code (i = 0..IDENT_PROVINCE_COUNT-1) in ascending
 * order, for pickers in the UI; 0 when i is out of range.
 */
int ident_province_code_at(int i);

/*
 * Parses a personal identification number: 12 digits, a known province code.
 * The parser has no notion of "now": a birth year in the future passes here
 * (use ident_id_number_validate for that). On success fills *out (which may
 * be NULL) and returns 0; otherwise returns ERR_INVALID_ID_NUMBER and leaves
 * *out untouched.
 */
int ident_id_number_parse(const char *s, size_t len, struct ident_id_number *out);

/*
 * Validates a personal identification number against what else is known:
 * birth_year is the applicant's birth year if known, or 0 if unknown;
 * current_year is the year of "now" (local, UTC+7). Returns 0, or
 * ERR_INVALID_ID_NUMBER when the number does not parse, its birth year is
 * after current_year, or it differs from a known birth_year.
 */
int ident_id_number_validate(const char *s, size_t len, int birth_year, int current_year);

/*
 * The check digit (0..9) of the first 9 digits of a 10-digit tax code, or -1
 * when they admit none (the sum is 0 mod 11) or are not 9 ASCII digits.
 */
int ident_tax_check_digit(const char digits[9]);

/*
 * Parses a tax code of any of the three shapes above. A 12-digit code is
 * parsed as a personal identification number (ident_id_number_parse). On
 * success fills *out (which may be NULL) and returns 0; otherwise returns
 * ERR_INVALID_TAX_CODE.
 */
int ident_tax_code_parse(const char *s, size_t len, struct ident_tax_code *out);

/*
 * Like ident_tax_code_parse, and a 12-digit code must also pass
 * ident_id_number_validate(s, len, 0, current_year). Returns 0 or
 * ERR_INVALID_TAX_CODE.
 */
int ident_tax_code_validate(const char *s, size_t len, int current_year);

#endif
