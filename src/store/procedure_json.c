/*
 * procedure_json.c: one procedure from its JSON shape to struct procedure,
 * with the checks of procedures.h and messages that name the field.
 */
#include "compat.h"

#include "core/budget.h"
#include "core/err.h"
#include "core/fold.h"
#include "core/jsonlimit.h"
#include "store/procedures.h"

/* Deepest JSON a procedure may have (the HTTP limit too). */
#define PROCEDURE_JSON_DEPTH_MAX 16

/* Where messages go. */
struct check {
	char *why;
	size_t why_size;
};

static int bad(struct check *c, const char *prefix, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Writes "<prefix><key>: <message>" and returns ERR_INVALID. */
static int bad(struct check *c, const char *prefix, const char *key, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!c->why || !c->why_size)
		return ERR_INVALID;
	n = snprintf(c->why, c->why_size, "%s%s: ", prefix, key);
	if (n >= 0 && (size_t)n < c->why_size) {
		va_start(ap, fmt);
		vsnprintf(c->why + n, c->why_size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return ERR_INVALID;
}

static const char *const levels[] = {"province", "commune", NULL};
static const char *const channel_names[] = {"counter", "post", "online", NULL};
static const char *const roles[] = {"reception", "specialist", "leader", "return", NULL};
static const char *const forms[] = {"original", "copy", "present", NULL};
static const char *const result_kinds[] = {"paper", "electronic", "both", NULL};
static const char *const commune_kinds[] = {"self",   "one_stop", "justice", "economy",
					    "social", "leader",   "police",  NULL};

static int name_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/*
 * A text member: 1..max bytes without control characters. Absent or null
 * is "" when not required. out (max + 1 bytes) may be NULL.
 */
static int text_member(struct check *c, const json_t *obj, const char *prefix, const char *key,
		       size_t max, bool required, char *out)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;
	size_t len;

	if (out)
		out[0] = '\0';
	if (!v || json_is_null(v))
		return required ? bad(c, prefix, key, "is required") : 0;
	if (!json_is_string(v))
		return bad(c, prefix, key, "must be a string");
	s = json_string_value(v);
	len = json_string_length(v);
	if (len == 0 || strspn(s, " ") == len)
		return bad(c, prefix, key, "must not be empty");
	if (len > max)
		return bad(c, prefix, key, "is longer than %zu bytes", max);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return bad(c, prefix, key, "must not contain control characters");
	if (out)
		memcpy(out, s, len + 1);
	return 0;
}

/* A text member that must be one of names; *index gets which (-1 when absent). */
static int enum_member(struct check *c, const json_t *obj, const char *prefix, const char *key,
		       const char *const *names, const char *words, bool required, int *index)
{
	const json_t *v = json_object_get(obj, key);

	*index = -1;
	if (!v || json_is_null(v))
		return required ? bad(c, prefix, key, "is required (%s)", words) : 0;
	if (!json_is_string(v) || (*index = name_index(names, json_string_value(v))) < 0)
		return bad(c, prefix, key, "must be %s", words);
	return 0;
}

/* An integer member in [min, max]; absent or null leaves *out when not required. */
static int int_member(struct check *c, const json_t *obj, const char *prefix, const char *key,
		      json_int_t min, json_int_t max, bool required, json_int_t *out)
{
	const json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return required ? bad(c, prefix, key, "is required") : 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return bad(c, prefix, key, "must be a whole number from %" JSON_INTEGER_FORMAT
			   " to %" JSON_INTEGER_FORMAT, min, max);
	*out = json_integer_value(v);
	return 0;
}

static int bool_member(struct check *c, const json_t *obj, const char *prefix, const char *key,
		       bool *out)
{
	const json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return bad(c, prefix, key, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

/* An object member; *out NULL when absent or null and not required. */
static int object_member(struct check *c, const json_t *obj, const char *prefix,
			 const char *key, bool required, const json_t **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return required ? bad(c, prefix, key, "is required") : 0;
	if (!json_is_object(v))
		return bad(c, prefix, key, "must be an object");
	*out = v;
	return 0;
}

/* Duration units in the order of enum duration_unit; steps take the first two. */
static const char *const time_units[] = {"working_days", "working_hours", "calendar_days",
					 "same_day", NULL};
static const char *const step_units[] = {"working_days", "working_hours", NULL};

/* {amount, unit}: a processing time (step false) or a step budget (step true). */
static int duration_member(struct check *c, const json_t *obj, const char *prefix,
			   const char *key, bool step, struct duration *out)
{
	const json_t *d;
	char sub[64];
	json_int_t amount = 0;
	int rc, unit;

	rc = object_member(c, obj, prefix, key, true, &d);
	if (rc)
		return rc;
	snprintf(sub, sizeof(sub), "%s%s.", prefix, key);
	rc = enum_member(c, d, sub, "unit", step ? step_units : time_units,
			 step ? "working_hours or working_days"
			      : "working_days, working_hours, calendar_days or same_day",
			 true, &unit);
	if (rc)
		return rc;
	out->unit = (enum duration_unit)unit;
	rc = int_member(c, d, sub, "amount", out->unit == DURATION_SAME_DAY ? 0 : 1,
			out->unit == DURATION_WORKING_HOURS ? DURATION_HOURS_MAX
							    : DURATION_DAYS_MAX,
			out->unit != DURATION_SAME_DAY, &amount);
	out->amount = (int32_t)amount;
	return rc;
}

/* Whether spec is "commune:<kind>" with a known kind. */
static bool commune_spec(const char *spec)
{
	return strncmp(spec, "commune:", 8) == 0 && name_index(commune_kinds, spec + 8) >= 0;
}

/* A unit spec: a unit code, or "commune:<kind>" when commune is allowed. */
static int unit_member(struct check *c, const json_t *obj, const char *prefix, const char *key,
		       bool commune_ok, char out[PROCEDURE_UNIT_SPEC_MAX + 1])
{
	int rc = text_member(c, obj, prefix, key, PROCEDURE_UNIT_SPEC_MAX, true, out);

	if (rc || unit_code_valid(out, strlen(out)))
		return rc;
	if (commune_spec(out))
		return commune_ok ? 0
				  : bad(c, prefix, key, "'%s' is for commune-level procedures only",
					out);
	return bad(c, prefix, key, "must be a unit code (NNN.NN.NN.XNN)%s", commune_ok
		   ? " or commune:<kind> (self, one_stop, justice, economy, social, leader, police)"
		   : "");
}

bool procedure_code_valid(const char *s, size_t len)
{
	if (len == 0 || len > PROCEDURE_CODE_MAX || s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return false;
		if (s[i] != '.' && (s[i] < '0' || s[i] > '9'))
			return false;
	}
	return true;
}

/* code, name, field, level, the competent unit. */
static int parse_head(struct check *c, const json_t *j, struct procedure *p)
{
	const json_t *role, *unit = json_object_get(j, "competent_unit");
	int level, rc;

	rc = text_member(c, j, "", "code", PROCEDURE_CODE_MAX, true, p->code);
	if (!rc && !procedure_code_valid(p->code, strlen(p->code)))
		rc = bad(c, "", "code", "must be digits and dots, like 1.001193");
	if (!rc)
		rc = text_member(c, j, "", "name", PROCEDURE_NAME_MAX, true, p->name);
	if (!rc)
		rc = text_member(c, j, "", "field", PROCEDURE_FIELD_MAX, true, p->field);
	if (!rc)
		rc = enum_member(c, j, "", "level", levels, "province or commune", true, &level);
	if (rc)
		return rc;
	snprintf(p->level, sizeof(p->level), "%s", levels[level]);
	role = json_object_get(j, "competent_unit_role");
	if (level == 0) {
		char spec[PROCEDURE_UNIT_SPEC_MAX + 1];

		if (role && !json_is_null(role))
			return bad(c, "", "competent_unit_role", "must be null for province level");
		rc = unit_member(c, j, "", "competent_unit", false, spec);
		if (!rc) /* a unit code: UNIT_CODE_LEN bytes */
			memcpy(p->competent_unit, spec, UNIT_CODE_SIZE);
		return rc;
	}
	if (unit && !json_is_null(unit))
		return bad(c, "", "competent_unit", "must be null for commune level (the dossier's "
			   "commune decides; see competent_unit_role)");
	rc = text_member(c, j, "", "competent_unit_role", PROCEDURE_UNIT_SPEC_MAX, true,
			 p->competent_role);
	if (!rc && strcmp(p->competent_role, "commune:self") &&
	    strcmp(p->competent_role, "commune:police"))
		rc = bad(c, "", "competent_unit_role", "must be commune:self or commune:police");
	return rc;
}

/* fees: null or {amount_vnd: integer >= 0 or null, note?}. */
static int parse_fees(struct check *c, const json_t *j, struct procedure *p)
{
	const json_t *fees, *amount;
	json_int_t v = 0;
	int rc = object_member(c, j, "", "fees", false, &fees);

	p->has_fee = false;
	p->fee_vnd = 0;
	if (rc || !fees)
		return rc;
	amount = json_object_get(fees, "amount_vnd");
	rc = int_member(c, fees, "fees.", "amount_vnd", 0, PROCEDURE_FEE_VND_MAX, false, &v);
	if (!rc)
		rc = text_member(c, fees, "fees.", "note", PROCEDURE_TEXT_MAX, false, NULL);
	p->has_fee = !rc && amount && !json_is_null(amount);
	p->fee_vnd = p->has_fee ? (int64_t)v : 0;
	return rc;
}

/* Appends "." to a path prefix (which always has room: the callers size it). */
static void path_add_dot(char *prefix, size_t size)
{
	size_t len = strlen(prefix);

	if (len + 1 < size) {
		prefix[len] = '.';
		prefix[len + 1] = '\0';
	}
}

static int parse_component(struct check *c, const json_t *item, int i, struct procedure *p)
{
	char prefix[32];
	json_int_t count = 1;
	bool digitisable = true;
	int form, rc;

	snprintf(prefix, sizeof(prefix), "components[%d]", i);
	if (!json_is_object(item))
		return bad(c, prefix, "", "must be an object");
	path_add_dot(prefix, sizeof(prefix));
	p->components[i].required = true;
	rc = text_member(c, item, prefix, "name", PROCEDURE_NAME_MAX, true, p->components[i].name);
	if (!rc)
		rc = enum_member(c, item, prefix, "form", forms, "original, copy or present", false,
				 &form);
	if (!rc)
		rc = int_member(c, item, prefix, "count", 1, PROCEDURE_COPIES_MAX, false, &count);
	if (!rc)
		rc = bool_member(c, item, prefix, "required", &p->components[i].required);
	if (!rc)
		rc = bool_member(c, item, prefix, "digitisable", &digitisable);
	return rc;
}

/* components (may be empty) and result. */
static int parse_components(struct check *c, const json_t *j, struct procedure *p)
{
	const json_t *list = json_object_get(j, "components"), *result;
	int kind, rc;

	p->n_components = 0;
	if (list && !json_is_null(list)) {
		if (!json_is_array(list))
			return bad(c, "", "components", "must be an array");
		if (json_array_size(list) > PROCEDURE_COMPONENTS_MAX)
			return bad(c, "", "components", "at most %d components",
				   PROCEDURE_COMPONENTS_MAX);
		for (size_t i = 0; i < json_array_size(list); i++) {
			rc = parse_component(c, json_array_get(list, i), (int)i, p);
			if (rc)
				return rc;
			p->n_components++;
		}
	}
	rc = object_member(c, j, "", "result", true, &result);
	if (!rc)
		rc = text_member(c, result, "result.", "name", PROCEDURE_TEXT_MAX, true, NULL);
	if (!rc)
		rc = enum_member(c, result, "result.", "kind", result_kinds,
				 "paper, electronic or both", false, &kind);
	return rc;
}

static int parse_channels(struct check *c, const json_t *j, struct procedure *p)
{
	const json_t *list = json_object_get(j, "channels");
	char prefix[32];
	int k;

	p->channels = 0;
	if (!list || json_is_null(list))
		return bad(c, "", "channels", "is required (counter, post, online)");
	if (!json_is_array(list) || json_array_size(list) == 0)
		return bad(c, "", "channels", "must be a non-empty array of counter, post, online");
	if (json_array_size(list) > ARRAY_SIZE(channel_names) - 1)
		return bad(c, "", "channels", "lists a channel twice");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *v = json_array_get(list, i);

		snprintf(prefix, sizeof(prefix), "channels[%zu]", i);
		if (!json_is_string(v) || (k = name_index(channel_names, json_string_value(v))) < 0)
			return bad(c, prefix, "", "must be counter, post or online");
		if (p->channels & (1u << k))
			return bad(c, prefix, "", "%s is listed twice", channel_names[k]);
		p->channels |= 1u << k;
	}
	return 0;
}

static int parse_step(struct check *c, const json_t *item, int i, bool commune_ok,
		      struct procedure_step *s)
{
	char prefix[32];
	int role, rc;

	snprintf(prefix, sizeof(prefix), "steps[%d]", i);
	if (!json_is_object(item))
		return bad(c, prefix, "", "must be an object");
	path_add_dot(prefix, sizeof(prefix));
	rc = text_member(c, item, prefix, "name", PROCEDURE_NAME_MAX, true, s->name);
	if (!rc)
		rc = enum_member(c, item, prefix, "unit_role", roles,
				 "reception, specialist, leader or return", false, &role);
	if (!rc)
		snprintf(s->role, sizeof(s->role), "%s", role >= 0 ? roles[role] : "");
	if (!rc)
		rc = unit_member(c, item, prefix, "unit", commune_ok, s->unit);
	if (!rc)
		rc = duration_member(c, item, prefix, "duration", true, &s->duration);
	if (!rc)
		rc = text_member(c, item, prefix, "produces", PROCEDURE_TEXT_MAX, false, NULL);
	return rc;
}

/* steps, and their budgets against the processing time (R-CAT-2). */
static int parse_steps(struct check *c, const json_t *j, struct procedure *p)
{
	const json_t *list = json_object_get(j, "steps");
	struct duration budgets[PROCEDURE_STEPS_MAX];
	struct budget_report rep;
	char total[24], cap[24];
	int rc;

	p->n_steps = 0;
	if (!list || json_is_null(list))
		return bad(c, "", "steps", "is required (the internal process, R-CAT-2)");
	if (!json_is_array(list) || json_array_size(list) == 0)
		return bad(c, "", "steps", "must be a non-empty array");
	if (json_array_size(list) > PROCEDURE_STEPS_MAX)
		return bad(c, "", "steps", "at most %d steps", PROCEDURE_STEPS_MAX);
	for (size_t i = 0; i < json_array_size(list); i++) {
		rc = parse_step(c, json_array_get(list, i), (int)i,
				strcmp(p->level, "commune") == 0, &p->steps[i]);
		if (rc)
			return rc;
		budgets[i] = p->steps[i].duration;
		p->n_steps++;
	}
	if (!budget_check(p->processing_time, budgets, p->n_steps, &rep))
		return 0;
	if (rep.bad_step >= 0)
		return bad(c, "steps", "", "step %d has a bad budget", rep.bad_step);
	if (rep.capacity < 0)
		return bad(c, "", "processing_time", "is not a valid duration");
	budget_format_hours(rep.total, total);
	budget_format_hours(rep.capacity, cap);
	return bad(c, "steps", "", "the step budgets add up to %s h, more than the %s h the "
		   "processing time allows (a working day counts 7.5 h; R-CAT-2)", total, cap);
}

/* Every check, in the order of the shape. */
static int parse_all(struct check *c, const json_t *j, struct procedure *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (!json_is_object(j))
		return bad(c, "procedure", "", "must be a JSON object");
	rc = parse_head(c, j, p);
	if (!rc)
		rc = duration_member(c, j, "", "processing_time", false, &p->processing_time);
	if (!rc)
		rc = parse_fees(c, j, p);
	if (!rc)
		rc = parse_components(c, j, p);
	if (!rc)
		rc = parse_channels(c, j, p);
	if (!rc)
		rc = parse_steps(c, j, p);
	return rc;
}

/* The NFC copy of in (through its text), or NULL with rc set. */
static json_t *normalised_copy(struct check *c, const json_t *in, int *rc)
{
	char *text = json_dumps(in, JSON_COMPACT), *nfc = NULL;
	json_t *j = NULL;
	size_t len = text ? strlen(text) : 0;

	*rc = text ? 0 : ERR_NOMEM;
	if (!*rc && len > PROCEDURE_BODY_BYTES_MAX) {
		bad(c, "procedure", "", "is over %d bytes", PROCEDURE_BODY_BYTES_MAX);
		*rc = ERR_TOO_LARGE;
	}
	if (!*rc)
		*rc = fold_nfc_alloc(text, len, &nfc, &len);
	if (!*rc) {
		j = json_loadb(nfc, len, JSON_REJECT_DUPLICATES, NULL);
		if (!j)
			*rc = bad(c, "procedure", "", "has two members that differ only in the "
				  "Unicode form of their names");
	}
	free(nfc);
	free(text);
	return j;
}

int procedure_from_json(const json_t *in, const char *code, struct procedure *out, char **body,
			char *why, size_t why_size)
{
	struct check c = {why, why_size};
	const json_t *given;
	json_t *j = NULL;
	int rc = 0;

	*body = NULL;
	if (why && why_size)
		why[0] = '\0';
	if (!json_is_object(in))
		return bad(&c, "procedure", "", "must be a JSON object");
	j = normalised_copy(&c, in, &rc);
	if (rc)
		goto out;
	json_object_del(j, "version");
	json_object_del(j, "current");
	json_object_del(j, "created_at");
	given = json_object_get(j, "code");
	if (code && given && (!json_is_string(given) || strcmp(json_string_value(given), code)))
		rc = bad(&c, "", "code", "must be the code of the URL (%s)", code);
	else if (code && !given && json_object_set_new(j, "code", json_string(code)))
		rc = ERR_NOMEM;
	if (!rc)
		rc = parse_all(&c, j, out);
	if (!rc && !(*body = json_dumps(j, JSON_COMPACT)))
		rc = ERR_NOMEM;
	if (!rc && strlen(*body) > PROCEDURE_BODY_BYTES_MAX) {
		rc = ERR_TOO_LARGE;
		bad(&c, "procedure", "", "is over %d bytes", PROCEDURE_BODY_BYTES_MAX);
	}
out:
	if (rc) {
		free(*body);
		*body = NULL;
	}
	json_decref(j);
	return rc;
}

int procedure_from_text(const char *text, size_t len, struct procedure *out)
{
	struct check c = {NULL, 0};
	json_t *j;
	int rc;

	if (!json_depth_ok(text, len, PROCEDURE_JSON_DEPTH_MAX))
		return ERR_INVALID;
	j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!j)
		return ERR_INVALID;
	rc = parse_all(&c, j, out);
	json_decref(j);
	return rc;
}
