#include "compat.h"

#include "core/code.h"
#include "core/cursor.h"
#include "core/date.h"
#include "core/err.h"

_Static_assert(DOSSIER_CODE_LEN == 25, "000.00.14.H56-200203-0118");

static bool take_upper(const char **p, const char *end, char *out)
{
	if (*p >= end || **p < 'A' || **p > 'Z')
		return false;
	*out = **p;
	(*p)++;
	return true;
}

/* Reads the 13 bytes of a unit code at *p; advances on success. */
static bool take_unit(const char **p, const char *end, struct unit_code *c)
{
	return cursor_take_digits(p, end, 3, &c->v) && cursor_take_char(p, end, '.') &&
	       cursor_take_digits(p, end, 2, &c->z) && cursor_take_char(p, end, '.') &&
	       cursor_take_digits(p, end, 2, &c->y) && cursor_take_char(p, end, '.') &&
	       take_upper(p, end, &c->m) && cursor_take_digits(p, end, 2, &c->x);
}

int unit_code_parse(const char *s, size_t len, struct unit_code *out)
{
	const char *p = s, *end = s + len;
	struct unit_code c;

	if (len != UNIT_CODE_LEN || !take_unit(&p, end, &c))
		return ERR_INVALID_UNIT_CODE;
	if (out)
		*out = c;
	return 0;
}

bool unit_code_valid(const char *s, size_t len)
{
	return unit_code_parse(s, len, NULL) == 0;
}

int unit_code_format(const struct unit_code *c, char out[UNIT_CODE_SIZE])
{
	if (c->v < 0 || c->v > 999 || c->z < 0 || c->z > 99 || c->y < 0 || c->y > 99 ||
	    c->m < 'A' || c->m > 'Z' || c->x < 0 || c->x > 99)
		return ERR_INVALID_UNIT_CODE;
	cursor_put_digits(out, (unsigned)(c->v), 3);
	out[3] = '.';
	cursor_put_digits(out + 4, (unsigned)(c->z), 2);
	out[6] = '.';
	cursor_put_digits(out + 7, (unsigned)(c->y), 2);
	out[9] = '.';
	out[10] = c->m;
	cursor_put_digits(out + 11, (unsigned)(c->x), 2);
	out[13] = '\0';
	return 0;
}

int dossier_code_build(const char *unit, size_t unit_len, int32_t day, int seq,
		       char out[DOSSIER_CODE_SIZE])
{
	struct ymd d;
	char *p = out;

	if (!unit_code_valid(unit, unit_len))
		return ERR_INVALID_UNIT_CODE;
	if (seq < DOSSIER_SEQ_MIN || seq > DOSSIER_SEQ_MAX)
		return ERR_RANGE;
	if (day < DOSSIER_CODE_DAY_MIN || day > DOSSIER_CODE_DAY_MAX)
		return ERR_RANGE;
	d = date_from_days(day);
	memcpy(p, unit, UNIT_CODE_LEN);
	p += UNIT_CODE_LEN;
	*p++ = '-';
	cursor_put_digits(p, (unsigned)(d.year % 100), 2);
	cursor_put_digits(p + 2, (unsigned)(d.month), 2);
	cursor_put_digits(p + 4, (unsigned)(d.day), 2);
	p += 6;
	*p++ = '-';
	cursor_put_digits(p, (unsigned)(seq), 4);
	p[4] = '\0';
	return 0;
}

int dossier_code_parse(const char *s, size_t len, struct dossier_code *out)
{
	const char *p = s, *end = s + len;
	struct dossier_code dc;
	struct ymd d;

	if (len != DOSSIER_CODE_LEN || !take_unit(&p, end, &dc.unit) ||
	    !cursor_take_char(&p, end, '-') || !cursor_take_digits(&p, end, 2, &d.year) ||
	    !cursor_take_digits(&p, end, 2, &d.month) || !cursor_take_digits(&p, end, 2, &d.day) ||
	    !cursor_take_char(&p, end, '-') || !cursor_take_digits(&p, end, 4, &dc.seq))
		return ERR_INVALID_DOSSIER_CODE;
	d.year += 2000;
	if (!date_valid(d) || dc.seq < DOSSIER_SEQ_MIN)
		return ERR_INVALID_DOSSIER_CODE;
	dc.day = date_to_days(d);
	if (out)
		*out = dc;
	return 0;
}

bool dossier_code_valid(const char *s, size_t len)
{
	return dossier_code_parse(s, len, NULL) == 0;
}
