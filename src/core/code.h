/*
 * code.h: unit codes and dossier codes (R-ORG-1, R-DOS-1).
 *
 * Unit code: the electronic identifier of a unit in the QCVN 102:2016 shape
 * `V1V2V3.Z1Z2.Y1Y2.MX1X2`, exactly 13 ASCII bytes:
 *   V1V2V3  3 digits   (level-4 unit, "000" when none)
 *   Z1Z2    2 digits   (level-3 unit, "00" when none)
 *   Y1Y2    2 digits   (level-2 unit, "00" when none)
 *   M       1 uppercase ASCII letter A..Z (the kind of level-1 body;
 *           H for provinces and cities)
 *   X1X2    2 digits   (the level-1 body, e.g. H56)
 * e.g. "000.00.00.H56" (a province) or "000.00.14.H56" (one of its units).
 * Only this four-group shape is accepted: any other shape (fewer groups,
 * other separators, letters where digits go) and lower-case letters are
 * rejected; callers trim input.
 *
 * Dossier code: `<unit code>-<YYMMDD>-<NNNN>`, exactly 25 ASCII bytes, e.g.
 * "000.00.14.H56-200203-0118": the receiving unit, the local (UTC+7)
 * reception date with YY meaning 20YY, and the 4-digit daily sequence of the
 * receiving unit, 0001..9999.
 *
 * Input is a (pointer, length) slice; no terminator is needed or read.
 * Outputs go to caller buffers of the documented sizes, NUL-terminated.
 * All functions are pure and thread-safe; nothing is allocated.
 */
#ifndef MOTCUA_CORE_CODE_H
#define MOTCUA_CORE_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UNIT_CODE_LEN 13
#define UNIT_CODE_SIZE (UNIT_CODE_LEN + 1)

#define DOSSIER_CODE_LEN (UNIT_CODE_LEN + 1 + 6 + 1 + 4)
#define DOSSIER_CODE_SIZE (DOSSIER_CODE_LEN + 1)
#define DOSSIER_SEQ_MIN 1
#define DOSSIER_SEQ_MAX 9999
/* Reception days a dossier code can carry: 2000-01-01 .. 2099-12-31. */
#define DOSSIER_CODE_DAY_MIN 10957
#define DOSSIER_CODE_DAY_MAX 47481

struct unit_code {
	int v;       /* 0..999 */
	int z;       /* 0..99 */
	int y;       /* 0..99 */
	char m;      /* 'A'..'Z' */
	int x;       /* 0..99 */
};

struct dossier_code {
	struct unit_code unit;
	int32_t day; /* reception day (core/date.h day number, local date) */
	int seq;     /* DOSSIER_SEQ_MIN..DOSSIER_SEQ_MAX */
};

/*
 * Parses a unit code. On success fills *out (which may be NULL) and returns
 * 0; otherwise returns ERR_INVALID_UNIT_CODE and leaves *out untouched.
 */
int unit_code_parse(const char *s, size_t len, struct unit_code *out);

/* True when s[0..len) is a unit code. */
bool unit_code_valid(const char *s, size_t len);

/*
 * Writes the text of *c and a NUL into out. Returns 0, or
 * ERR_INVALID_UNIT_CODE (out untouched) when a part is out of its range.
 */
int unit_code_format(const struct unit_code *c, char out[UNIT_CODE_SIZE]);

/*
 * Builds the dossier code of the unit code unit[0..unit_len), the local
 * reception day and the daily sequence, and writes it and a NUL into out.
 * Returns 0; ERR_INVALID_UNIT_CODE when unit is not a unit code; ERR_RANGE
 * when seq is outside DOSSIER_SEQ_MIN..MAX or day outside
 * DOSSIER_CODE_DAY_MIN..MAX. out is untouched on error.
 */
int dossier_code_build(const char *unit, size_t unit_len, int32_t day, int seq,
		       char out[DOSSIER_CODE_SIZE]);

/*
 * Parses a dossier code: a unit code, a date that exists, a sequence that is
 * not 0000. On success fills *out (which may be NULL) and returns 0;
 * otherwise returns ERR_INVALID_DOSSIER_CODE and leaves *out untouched.
 */
int dossier_code_parse(const char *s, size_t len, struct dossier_code *out);

/* True when s[0..len) is a dossier code. */
bool dossier_code_valid(const char *s, size_t len);

#endif
