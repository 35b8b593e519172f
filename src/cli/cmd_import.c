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

#include "cli/cli.h"
#include "core/err.h"
#include "store/store.h"
#include "store/units.h"
#include "store/units_import.h"

#define DB_DEFAULT "./motcua.db"
/* Largest file an import reads, and the deepest JSON it parses. */
#define IMPORT_FILE_BYTES_MAX (16 * 1024 * 1024)
#define IMPORT_JSON_DEPTH_MAX 16

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

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* --- units --- */

static int import_units(struct store *s, const char *path)
{
	char *text, why[UNITS_IMPORT_WHY_SIZE];
	size_t len, n = 0;
	int rc = import_read_file(path, UNITS_IMPORT_BYTES_MAX, &text, &len);

	if (rc == ERR_TOO_LARGE)
		return cli_fail(rc, "%s: larger than %d bytes", path, UNITS_IMPORT_BYTES_MAX);
	if (rc)
		return cli_fail(rc, "cannot read %s: %s", path, strerror(errno));
	rc = units_import_json(s, text, len, "cli", base_name(path), (int64_t)time(NULL), &n, why,
			       sizeof(why));
	free(text);
	/* "file:line:column: …" for a JSON error, "file: units[3].code: …" otherwise. */
	if (rc)
		return cli_fail(rc, "%s:%s%s", path, why[0] >= '0' && why[0] <= '9' ? "" : " ",
				why[0] ? why : err_title(rc));
	printf("loaded %zu units from %s\n", n, path);
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
