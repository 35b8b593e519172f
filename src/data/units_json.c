/* A unit as JSON; see units_json.h. */
#include "compat.h"

#include "core/err.h"
#include "core/fold.h"
#include "data/units_json.h"

static int bad(struct unit_problem *p, const char *field, const char *why)
{
	snprintf(p->field, sizeof(p->field), "%s", field);
	snprintf(p->why, sizeof(p->why), "%s", why);
	return ERR_INVALID;
}

/*
 * Copies the string j[field] into out[0..size). Absent or null gives "" unless
 * required. Names (nfc) are normalised to NFC first.
 */
static int take(const json_t *j, const char *field, bool required, bool nfc, char *out,
		size_t size, struct unit_problem *p)
{
	const json_t *v = json_object_get(j, field);
	const char *s;
	size_t len, out_len;
	char why[64];

	out[0] = '\0';
	if (!v || json_is_null(v))
		return required ? bad(p, field, "is required") : 0;
	if (!json_is_string(v))
		return bad(p, field, "must be a string");
	s = json_string_value(v);
	len = json_string_length(v);
	if (len >= size) {
		snprintf(why, sizeof(why), "is longer than %zu bytes", size - 1);
		return bad(p, field, why);
	}
	if (memchr(s, '\0', len) || fold_check_utf8(s, len))
		return bad(p, field, "must be UTF-8 text without NUL");
	if (nfc) {
		if (fold_nfc(s, len, out, size, &out_len)) {
			snprintf(why, sizeof(why), "is longer than %zu bytes", size - 1);
			return bad(p, field, why);
		}
		return 0;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

int unit_from_json(const json_t *j, struct unit *u, struct unit_problem *p)
{
	int rc;

	memset(u, 0, sizeof(*u));
	if (!json_is_object(j))
		return bad(p, "", "must be an object");
	rc = take(j, "code", true, false, u->code, sizeof(u->code), p);
	if (!rc)
		rc = take(j, "name", true, true, u->name, sizeof(u->name), p);
	if (!rc)
		rc = take(j, "short_name", false, true, u->short_name, sizeof(u->short_name), p);
	if (!rc)
		rc = take(j, "level", true, false, u->level, sizeof(u->level), p);
	if (!rc)
		rc = take(j, "kind", false, false, u->kind, sizeof(u->kind), p);
	if (!rc)
		rc = take(j, "parent", false, false, u->parent, sizeof(u->parent), p);
	if (!rc)
		rc = take(j, "valid_from", false, false, u->valid_from, sizeof(u->valid_from), p);
	if (!rc)
		rc = take(j, "valid_to", false, false, u->valid_to, sizeof(u->valid_to), p);
	if (!rc)
		rc = take(j, "successor", false, false, u->successor, sizeof(u->successor), p);
	if (!rc)
		rc = take(j, "office_hours", false, false, u->office_hours,
			  sizeof(u->office_hours), p);
	if (!rc)
		rc = take(j, "cutoff", false, false, u->cutoff, sizeof(u->cutoff), p);
	return rc;
}

static json_t *text_or_null(const char *s)
{
	return *s ? json_string(s) : json_null();
}

json_t *unit_to_json(const struct unit *u)
{
	return json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "code", u->code,
			 "name", u->name, "short_name", text_or_null(u->short_name), "level",
			 u->level, "kind", text_or_null(u->kind), "parent",
			 text_or_null(u->parent), "valid_from", text_or_null(u->valid_from),
			 "valid_to", text_or_null(u->valid_to), "successor",
			 text_or_null(u->successor), "office_hours",
			 text_or_null(u->office_hours), "cutoff", text_or_null(u->cutoff));
}
