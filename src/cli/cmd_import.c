/*
 * motcua import KIND FILE [--db PATH] (API.md "Command line").
 *
 * One table of kinds, one line per kind. Each kind loads FILE into the
 * store in one change (with its audit record, actor "cli"), so a file with
 * one bad entry loads nothing; it prints "loaded N <things> from FILE" and
 * names a bad entry by index and field: "units[12].parent: no unit
 * 000.00.99.H27". Run imports while `motcua serve` is stopped on that
 * database: the server keeps the head of the audit chain in memory.
 */
#include "compat.h"

#include <time.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/err.h"
#include "core/jsonlimit.h"
#include "data/units_json.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/units.h"

#define DB_DEFAULT "./motcua.db"
/* Largest file an import reads, and the deepest JSON it parses. */
#define IMPORT_FILE_BYTES_MAX (16 * 1024 * 1024)
#define IMPORT_JSON_DEPTH_MAX 16
#define IMPORT_UNITS_MAX 100000
#define IMPORT_WHY_SIZE 256

/* An importer: loads path into s; returns the exit status (messages printed). */
typedef int (*import_fn)(struct store *s, const char *path);

static int import_units(struct store *s, const char *path);

static const struct import_kind {
	const char *name;
	import_fn run;
	const char *help;
} import_kinds[] = {
	{"units", import_units, "the unit tree (R-ORG-1), shaped as data/units/haiphong.json"},
	{"catalog", import_catalog, "procedures (R-CAT-1/2) as data/catalog/procedures.json; or CSV\n            code,name,field,level,processing_amount,processing_unit,fee_vnd\n            (that header line first) updating procedures already imported"},
	{"calendar", import_calendar, "official days off by year (R-CAL-2), as data/calendar/*.json"},
};

/* --- shared by the importers --- */

/*
 * Reads a whole file of at most max bytes into *out (malloc'd, NUL-terminated).
 * 0, ERR_IO (cannot read), ERR_TOO_LARGE, ERR_NOMEM.
 */
static int import_read_file(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	if (!f)
		return ERR_IO;
	if (!(buf = malloc(max + 2))) {
		rc = ERR_NOMEM;
		goto out;
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f))
		rc = ERR_IO;
	else if (n > max)
		rc = ERR_TOO_LARGE;
out:
	fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* Parses a JSON file strictly (no duplicate keys, depth limit); prints why on failure. */
static int import_read_json(const char *path, json_t **out, uint8_t sha256[32])
{
	json_error_t e;
	char *text;
	size_t len;
	int rc = import_read_file(path, IMPORT_FILE_BYTES_MAX, &text, &len);

	*out = NULL;
	if (rc == ERR_TOO_LARGE)
		return cli_fail(rc, "%s: larger than %d bytes", path, IMPORT_FILE_BYTES_MAX);
	if (rc)
		return cli_fail(rc, "cannot read %s: %s", path, strerror(errno));
	if (sha256)
		crypto_hash_sha256(sha256, (const unsigned char *)text, len);
	if (!json_depth_ok(text, len, IMPORT_JSON_DEPTH_MAX)) {
		free(text);
		return cli_fail(ERR_INVALID, "%s: JSON nested deeper than %d levels", path,
				IMPORT_JSON_DEPTH_MAX);
	}
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	free(text);
	if (!*out)
		return cli_fail(ERR_INVALID, "%s:%d:%d: %s", path, e.line, e.column, e.text);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* --- units --- */

struct units_import {
	struct unit *units;
	size_t n;
	size_t *order;   /* indexes into units, parents first */
	char object[AUDIT_OBJECT_MAX + 1];
	char detail[256];
	int64_t now;
	char why[IMPORT_WHY_SIZE];
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
	if (im->n > IMPORT_UNITS_MAX)
		return snprintf(im->why, sizeof(im->why), "units: more than %d", IMPORT_UNITS_MAX),
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
		rc = audit_append(tx, im->now, "cli", "units.import", im->object, im->detail);
	return rc;
}

static int import_units(struct store *s, const char *path)
{
	struct units_import im = {0};
	uint8_t sha[32];
	char hex[65];
	json_t *doc = NULL;
	int rc = import_read_json(path, &doc, sha);

	if (rc)
		return rc;
	rc = units_parse(doc, &im);
	json_decref(doc);
	if (!rc)
		rc = units_order(&im);
	if (!rc) {
		sodium_bin2hex(hex, sizeof(hex), sha, sizeof(sha));
		snprintf(im.object, sizeof(im.object), "%.100s", base_name(path));
		snprintf(im.detail, sizeof(im.detail), "{\"count\":%zu,\"sha256\":\"%s\"}", im.n,
			 hex);
		im.now = (int64_t)time(NULL);
		rc = store_write(s, units_change, &im);
	}
	if (rc) {
		units_import_free(&im);
		return cli_fail(rc, "%s: %s", path, im.why[0] ? im.why : err_title(rc));
	}
	printf("loaded %zu units from %s\n", im.n, path);
	units_import_free(&im);
	return 0;
}

/* --- the command --- */

static void import_usage(FILE *f)
{
	fputs("Usage: motcua import KIND FILE [--db PATH]\n"
	      "Loads FILE into the database PATH (default " DB_DEFAULT "), all or nothing, and\n"
	      "prints how many records it loaded. A bad entry is named by index and field,\n"
	      "e.g. units[12].parent. Stop motcua serve on that database first.\n"
	      "Kinds:\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(import_kinds); i++)
		fprintf(f, "  %-9s %s\n", import_kinds[i].name, import_kinds[i].help);
}

int cmd_import(int argc, char **argv)
{
	const struct import_kind *kind = NULL;
	struct store_config cfg = {.path = DB_DEFAULT};
	const char *file = NULL;
	char why[STORE_WHY_SIZE];
	struct store *s;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return import_usage(stdout), 0;
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			cfg.path = argv[++i];
		else if (!kind && argv[i][0] != '-') {
			for (size_t k = 0; k < ARRAY_SIZE(import_kinds) && !kind; k++)
				if (strcmp(argv[i], import_kinds[k].name) == 0)
					kind = &import_kinds[k];
			if (!kind)
				return cli_usage("import ", "unknown kind '%s'", argv[i]);
		} else if (!file && argv[i][0] != '-')
			file = argv[i];
		else
			return cli_usage("import ", "unknown argument '%s'", argv[i]);
	}
	if (!kind || !file)
		return cli_usage("import ", "import takes a KIND and a FILE");
	if ((rc = store_open(&s, &cfg, why)))
		return cli_fail(rc, "%s", why);
	rc = kind->run(s, file);
	store_close(s);
	return rc;
}
