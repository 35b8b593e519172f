/* Loading the catalog from JSON files (R-CAT-3); see catalog_import.h. */
#include "compat.h"

#include "core/err.h"
#include "core/jsonlimit.h"
#include "store/catalog_import.h"
#include "store/catalog_import_int.h"
#include "store/procedures.h"

void catalog_why_at(char *why, size_t size, const char *record, const char *local)
{
	if (!why || !size)
		return;
	/* "procedure: …" speaks of the whole record. */
	if (strncmp(local, "procedure: ", 11) == 0)
		snprintf(why, size, "%s: %s", record, local + 11);
	else
		snprintf(why, size, "%s.%s", record, local);
}

void catalog_summary(char *why, size_t size, int n, int created, int unchanged)
{
	if (why && size)
		snprintf(why, size, "%d procedure%s (%d new version%s, %d unchanged)", n,
			 n == 1 ? "" : "s", created, created == 1 ? "" : "s", unchanged);
}

static int code_order(const void *a, const void *b)
{
	return strcmp(((const struct catalog_code *)a)->code, ((const struct catalog_code *)b)->code);
}

int catalog_check_duplicates(struct catalog_code *codes, int n, int *first, int *second,
			     const char **code)
{
	qsort(codes, (size_t)n, sizeof(*codes), code_order);
	for (int i = 1; i < n; i++) {
		const struct catalog_code *x = &codes[i - 1], *y = &codes[i];

		if (strcmp(x->code, y->code) == 0) {
			*first = x->index < y->index ? x->index : y->index;
			*second = x->index < y->index ? y->index : x->index;
			*code = x->code;
			return ERR_INVALID;
		}
	}
	return 0;
}

/* What the change of a JSON import needs: the checked bodies, in order. */
struct json_import {
	char **bodies;
	int n;
	const char *actor;
	int64_t now;
	int created, unchanged;
	char *why;
	size_t why_size;
};

static int json_import_change(struct store_tx *tx, void *arg)
{
	struct json_import *im = arg;
	struct procedure *p = malloc(sizeof(*p));
	char local[PROCEDURE_WHY_SIZE], record[48];
	int rc = p ? 0 : ERR_NOMEM;

	im->created = im->unchanged = 0;
	for (int i = 0; !rc && i < im->n; i++) {
		int version;
		bool created;

		rc = procedure_from_text(im->bodies[i], strlen(im->bodies[i]), p);
		if (!rc)
			rc = procedure_check_units(tx->db, p, local, sizeof(local));
		if (rc == ERR_INVALID) {
			snprintf(record, sizeof(record), "procedures[%d]", i);
			catalog_why_at(im->why, im->why_size, record, local);
		}
		if (!rc)
			rc = procedure_put(tx, p, im->bodies[i], im->actor, im->now, &version,
					   &created);
		if (!rc)
			*(created ? &im->created : &im->unchanged) += 1;
	}
	free(p);
	return rc;
}

/* The list of procedures of a parsed file: {"procedures": […]} or […]. */
static int procedure_list(const json_t *root, const json_t **list, char *why, size_t why_size)
{
	*list = json_is_array(root) ? root : json_object_get(root, "procedures");
	if (!*list || !json_is_array(*list)) {
		snprintf(why, why_size, "procedures: the file must be {\"procedures\": [...]} or "
			 "an array of procedures");
		return ERR_INVALID;
	}
	if (json_array_size(*list) > CATALOG_IMPORT_PROCEDURES_MAX) {
		snprintf(why, why_size, "procedures: at most %d procedures in one file",
			 CATALOG_IMPORT_PROCEDURES_MAX);
		return ERR_TOO_LARGE;
	}
	return 0;
}

static json_t *parse_file(const char *text, size_t len, char *why, size_t why_size, int *rc)
{
	json_error_t e;
	json_t *root;

	*rc = ERR_INVALID;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3; /* a UTF-8 byte order mark */
		len -= 3;
	}
	if (len > CATALOG_IMPORT_BYTES_MAX) {
		snprintf(why, why_size, "the file is over %d bytes", CATALOG_IMPORT_BYTES_MAX);
		*rc = ERR_TOO_LARGE;
		return NULL;
	}
	if (!json_depth_ok(text, len, CATALOG_IMPORT_JSON_DEPTH_MAX)) {
		snprintf(why, why_size, "JSON nested deeper than %d levels",
			 CATALOG_IMPORT_JSON_DEPTH_MAX);
		return NULL;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!root) {
		snprintf(why, why_size, "not JSON: line %d, column %d: %s", e.line, e.column,
			 e.text);
		return NULL;
	}
	*rc = 0;
	return root;
}

/* Checks every procedure of the list; fills im->bodies and codes. */
static int check_all(const json_t *list, struct json_import *im, struct catalog_code *codes)
{
	struct procedure *p = malloc(sizeof(*p));
	char local[PROCEDURE_WHY_SIZE], record[48];
	const char *dup;
	int rc = p ? 0 : ERR_NOMEM, a, b;

	for (size_t i = 0; !rc && i < json_array_size(list); i++) {
		snprintf(record, sizeof(record), "procedures[%zu]", i);
		rc = procedure_from_json(json_array_get(list, i), NULL, p, &im->bodies[i], local,
					 sizeof(local));
		if (rc == ERR_INVALID || rc == ERR_TOO_LARGE)
			catalog_why_at(im->why, im->why_size, record, local);
		if (rc)
			break;
		im->n++;
		memcpy(codes[i].code, p->code, sizeof(codes[i].code));
		codes[i].index = (int)i;
	}
	if (!rc && catalog_check_duplicates(codes, im->n, &a, &b, &dup)) {
		snprintf(im->why, im->why_size, "procedures[%d].code: %s is also the code of "
			 "procedures[%d]", b, dup, a);
		rc = ERR_INVALID;
	}
	free(p);
	return rc;
}

int catalog_import_json(struct store *s, const char *text, size_t len, const char *actor,
			int64_t now, char *why, size_t why_size)
{
	struct json_import im = {.actor = actor, .now = now, .why = why, .why_size = why_size};
	struct catalog_code *codes = NULL;
	const json_t *list;
	json_t *root;
	int rc;

	why[0] = '\0';
	root = parse_file(text, len, why, why_size, &rc);
	if (rc)
		return rc;
	rc = procedure_list(root, &list, why, why_size);
	if (rc)
		goto out;
	im.bodies = calloc(json_array_size(list) + 1, sizeof(*im.bodies));
	codes = calloc(json_array_size(list) + 1, sizeof(*codes));
	rc = im.bodies && codes ? check_all(list, &im, codes) : ERR_NOMEM;
	if (!rc)
		rc = store_write(s, json_import_change, &im);
	if (!rc)
		catalog_summary(why, why_size, im.n, im.created, im.unchanged);
	else if (!why[0])
		snprintf(why, why_size, "cannot import the catalog (%s)",
			 rc == ERR_IO ? "database error" : "out of memory");
out:
	for (int i = 0; im.bodies && i < im.n; i++)
		free(im.bodies[i]);
	free(im.bodies);
	free(codes);
	json_decref(root);
	return rc;
}

int catalog_import(struct store *s, const char *text, size_t len, const char *actor,
		   int64_t now, char *why, size_t why_size)
{
	size_t i = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	if (i < len && (text[i] == '{' || text[i] == '['))
		return catalog_import_json(s, text, len, actor, now, why, why_size);
	return catalog_import_csv(s, text, len, actor, now, why, why_size);
}
