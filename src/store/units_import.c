#include "compat.h"

#include <jansson.h>
#include <sodium.h>

#include "core/err.h"
#include "core/jsonlimit.h"
#include "data/units_json.h"
#include "store/audit.h"
#include "store/units.h"
#include "store/units_import.h"


struct units_import {
	struct unit *units;
	size_t n;
	size_t *order;   /* indexes into units, parents first */
	char object[AUDIT_OBJECT_MAX + 1];
	char detail[256];
	int64_t now;
	char why[UNITS_IMPORT_WHY_SIZE];
	char actor[AUDIT_ACTOR_MAX + 1];
};

static void units_import_free(struct units_import *im)
{
	free(im->units);
	free(im->order);
}

static int units_why(struct units_import *im, size_t i, const struct unit_problem *p)
{
	snprintf(im->why, sizeof(im->why), "units[%zu].%s: %s", i, p->field, p->why);
	return ERR_INVALID;
}

/* Parses the entries into im->units. */
static int units_parse(json_t *doc, struct units_import *im)
{
	json_t *list = json_is_array(doc) ? doc : json_object_get(doc, "units");
	struct unit_problem p;
	json_t *entry;
	size_t i;

	if (!json_is_array(list))
		return snprintf(im->why, sizeof(im->why), "units: an array is required"), ERR_INVALID;
	im->n = json_array_size(list);
	if (im->n > UNITS_IMPORT_MAX)
		return snprintf(im->why, sizeof(im->why), "units: more than %d", UNITS_IMPORT_MAX),
		       ERR_TOO_LARGE;
	im->units = calloc(im->n ? im->n : 1, sizeof(*im->units));
	im->order = calloc(im->n ? im->n : 1, sizeof(*im->order));
	if (!im->units || !im->order)
		return ERR_NOMEM;
	json_array_foreach(list, i, entry) {
		if (unit_from_json(entry, &im->units[i], &p))
			return units_why(im, i, &p);
	}
	return 0;
}

struct code_index {
	const char *code;
	size_t i;
};

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct code_index *)a)->code, ((const struct code_index *)b)->code);
}

/* The entry of `code` among the sorted codes, or -1. */
static long find_code(const struct code_index *sorted, size_t n, const char *code)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sorted[mid].code, code);

		if (c == 0)
			return (long)sorted[mid].i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Codes are unique in the file. */
static int units_unique(struct units_import *im, const struct code_index *sorted)
{
	for (size_t k = 1; k < im->n; k++) {
		size_t a = sorted[k - 1].i, b = sorted[k].i;

		if (strcmp(sorted[k].code, sorted[k - 1].code) == 0) {
			snprintf(im->why, sizeof(im->why), "units[%zu].code: %s is units[%zu] too",
				 a > b ? a : b, sorted[k].code, a > b ? b : a);
			return ERR_INVALID;
		}
	}
	return 0;
}

/* Puts parents before their children (the file should be so already). */
static int units_order(struct units_import *im)
{
	struct code_index *sorted = malloc((im->n ? im->n : 1) * sizeof(*sorted));
	bool *placed = calloc(im->n ? im->n : 1, sizeof(*placed));
	size_t done = 0;
	int rc = 0;

	if (!sorted || !placed) {
		rc = ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < im->n; i++)
		sorted[i] = (struct code_index){im->units[i].code, i};
	qsort(sorted, im->n, sizeof(*sorted), by_code);
	rc = units_unique(im, sorted);
	/* Each pass places the units whose parent is placed or outside the file. */
	for (int pass = 0; !rc && done < im->n && pass <= UNIT_DEPTH_MAX; pass++) {
		for (size_t i = 0; i < im->n; i++) {
			long parent = find_code(sorted, im->n, im->units[i].parent);

			if (!placed[i] && (parent < 0 || placed[parent])) {
				im->order[done++] = i;
				placed[i] = true;
			}
		}
	}
	for (size_t i = 0; !rc && i < im->n; i++)
		if (!placed[i]) {
			snprintf(im->why, sizeof(im->why), "units[%zu].parent: a loop, or a tree "
				 "deeper than %d levels", i, UNIT_DEPTH_MAX);
			rc = ERR_INVALID;
		}
out:
	free(sorted);
	free(placed);
	return rc;
}

/* The change: every unit without its successor first, then the successors. */
static int units_change(struct store_tx *tx, void *arg)
{
	struct units_import *im = arg;
	struct unit_problem p;
	struct unit u;
	int rc = 0;

	for (size_t k = 0; k < im->n && !rc; k++) {
		size_t i = im->order[k];

		u = im->units[i];
		u.successor[0] = '\0';
		rc = units_upsert(tx->db, &u, &p);
		if (rc == ERR_INVALID)
			return units_why(im, i, &p);
	}
	for (size_t i = 0; i < im->n && !rc; i++) {
		if (!im->units[i].successor[0])
			continue;
		rc = units_upsert(tx->db, &im->units[i], &p);
		if (rc == ERR_INVALID)
			return units_why(im, i, &p);
	}
	if (!rc)
		rc = audit_append(tx, im->now, im->actor, "units.import", im->object, im->detail);
	return rc;
}

int units_import_json(struct store *s, const char *text, size_t len, const char *actor,
		      const char *object, int64_t now, size_t *count, char *why,
		      size_t why_size)
{
	struct units_import im = {0};
	uint8_t sha[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	json_error_t e;
	json_t *doc = NULL;
	int rc = 0;

	why[0] = '\0';
	*count = 0;
	if (len > UNITS_IMPORT_BYTES_MAX)
		rc = ERR_TOO_LARGE;
	else if (!json_depth_ok(text, len, UNITS_IMPORT_JSON_DEPTH_MAX))
		snprintf(im.why, sizeof(im.why), "JSON nested deeper than %d levels",
			 UNITS_IMPORT_JSON_DEPTH_MAX), rc = ERR_INVALID;
	else if (!(doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e)))
		snprintf(im.why, sizeof(im.why), "%d:%d: %s", e.line, e.column, e.text),
			rc = ERR_INVALID;
	if (!rc)
		rc = units_parse(doc, &im);
	json_decref(doc);
	if (!rc)
		rc = units_order(&im);
	if (!rc) {
		crypto_hash_sha256(sha, (const unsigned char *)text, len);
		sodium_bin2hex(hex, sizeof(hex), sha, sizeof(sha));
		snprintf(im.actor, sizeof(im.actor), "%s", actor);
		snprintf(im.object, sizeof(im.object), "%.100s", object);
		snprintf(im.detail, sizeof(im.detail), "{\"count\":%zu,\"sha256\":\"%s\"}", im.n,
			 hex);
		im.now = now;
		rc = store_write(s, units_change, &im);
	}
	snprintf(why, why_size, "%s", im.why);
	if (!rc)
		*count = im.n;
	units_import_free(&im);
	return rc;
}
