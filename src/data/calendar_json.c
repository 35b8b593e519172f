#include "compat.h"

#include <jansson.h>

#include "core/date.h"
#include "core/err.h"
#include "data/calendar_json.h"
#include "data/embedded.h"

#define WHY(...) snprintf(why, CALENDAR_JSON_WHY_SIZE, __VA_ARGS__)

/* Reads one {"date", "name", "kind"?} object into e. */
static int read_entry(json_t *obj, bool working, struct calendar_entry *e,
		      char why[CALENDAR_JSON_WHY_SIZE])
{
	json_t *date = json_object_get(obj, "date");
	json_t *name = json_object_get(obj, "name");
	json_t *kind = json_object_get(obj, "kind");

	if (!json_is_object(obj) || !json_is_string(date)) {
		WHY("an entry needs a \"date\" string");
		return ERR_INVALID;
	}
	if (date_parse(json_string_value(date), json_string_length(date), &e->day)) {
		WHY("bad date \"%.20s\"", json_string_value(date));
		return ERR_INVALID;
	}
	if (name && (!json_is_string(name) || json_string_length(name) > CALENDAR_JSON_NAME_MAX)) {
		WHY("\"name\" must be a string of at most %d bytes", CALENDAR_JSON_NAME_MAX);
		return ERR_INVALID;
	}
	e->name = name ? json_string_value(name) : NULL;
	if (working) {
		e->kind = DAY_MAKEUP;
	} else if (kind) {
		if (!json_is_string(kind) ||
		    day_kind_parse(json_string_value(kind), json_string_length(kind), &e->kind)) {
			WHY("unknown \"kind\" for %.10s", json_string_value(date));
			return ERR_INVALID;
		}
	} else {
		e->kind = date_is_weekend(e->day) ? DAY_WEEKEND_HOLIDAY : DAY_HOLIDAY;
	}
	return 0;
}

/* Reads the array `key` of a year object into a new array *out. */
static int read_list(json_t *year, const char *key, bool working, struct calendar_entry **out,
		     size_t *n, char why[CALENDAR_JSON_WHY_SIZE])
{
	json_t *arr = json_object_get(year, key), *item;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > CALENDAR_JSON_ENTRIES_MAX) {
		WHY("\"%s\" must be an array of at most %d entries", key, CALENDAR_JSON_ENTRIES_MAX);
		return ERR_INVALID;
	}
	*out = calloc(json_array_size(arr) + 1, sizeof(**out));
	if (!*out)
		return ERR_NOMEM;
	json_array_foreach(arr, i, item) {
		int rc = read_entry(item, working, &(*out)[i], why);

		if (rc) {
			free(*out);
			*out = NULL;
			return rc;
		}
	}
	*n = json_array_size(arr);
	return 0;
}

static int load_year_object(struct calendar *cal, int year, json_t *obj,
			    char why[CALENDAR_JSON_WHY_SIZE])
{
	struct calendar_year t = {.year = year};
	struct calendar_entry *off = NULL, *work = NULL;
	int rc;

	if (!json_is_object(obj)) {
		WHY("year %d must be an object", year);
		return ERR_INVALID;
	}
	rc = read_list(obj, "days_off", false, &off, &t.n_days_off, why);
	if (!rc)
		rc = read_list(obj, "working_weekend_days", true, &work, &t.n_working_days, why);
	if (!rc) {
		t.days_off = off;
		t.working_days = work;
		rc = calendar_set_year(cal, &t);
		if (rc == ERR_INVALID)
			WHY("year %d: a day is outside the year, or a working weekend day "
			    "is not a weekend day, or is also a day off", year);
		else if (rc == ERR_RANGE)
			WHY("year %d is outside the calendar (%d-%d)", year, cal->year_first,
			    cal->year_last);
	}
	free(off);
	free(work);
	return rc;
}

static int parse(const char *text, size_t len, json_t **root, char why[CALENDAR_JSON_WHY_SIZE])
{
	json_error_t e;

	why[0] = '\0';
	*root = NULL;
	if (len > CALENDAR_JSON_BYTES_MAX) {
		WHY("more than %d bytes", CALENDAR_JSON_BYTES_MAX);
		return ERR_TOO_LARGE;
	}
	*root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!*root) {
		WHY("JSON error at line %d: %s", e.line, e.text);
		return ERR_INVALID;
	}
	if (!json_is_object(*root)) {
		WHY("the top level must be an object");
		json_decref(*root);
		*root = NULL;
		return ERR_INVALID;
	}
	return 0;
}

/* A key made of exactly four digits, or -1. */
static int year_key(const char *key)
{
	int y = 0;

	if (strlen(key) != 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (key[i] < '0' || key[i] > '9')
			return -1;
		y = y * 10 + (key[i] - '0');
	}
	return y;
}

int calendar_json_load_file(struct calendar *cal, const char *text, size_t len,
			    char why[CALENDAR_JSON_WHY_SIZE])
{
	json_t *root, *val;
	const char *key;
	int rc = parse(text, len, &root, why);

	if (rc)
		return rc;
	json_object_foreach(root, key, val) {
		int year = year_key(key);

		if (year < 0)
			continue;
		rc = load_year_object(cal, year, val, why);
		if (rc)
			break;
	}
	json_decref(root);
	return rc;
}

int calendar_json_load_year(struct calendar *cal, int year, const char *text, size_t len,
			    char why[CALENDAR_JSON_WHY_SIZE])
{
	json_t *root;
	int rc = parse(text, len, &root, why);

	if (rc)
		return rc;
	rc = load_year_object(cal, year, root, why);
	json_decref(root);
	return rc;
}

int calendar_json_open_shipped(struct calendar *cal, char why[CALENDAR_JSON_WHY_SIZE])
{
	const struct embedded_file *f = embedded_find(CALENDAR_JSON_SHIPPED);
	int rc = calendar_init(cal, MOTCUA_CALENDAR_FIRST_YEAR, MOTCUA_CALENDAR_LAST_YEAR);

	why[0] = '\0';
	if (rc) {
		WHY("cannot build the calendar: %s", err_title(rc));
		return rc;
	}
	if (!f) {
		WHY("the shipped calendar is missing from the binary");
		rc = ERR_NOT_FOUND;
	} else {
		rc = calendar_json_load_file(cal, (const char *)f->data, f->len, why);
	}
	if (rc)
		calendar_release(cal);
	return rc;
}
