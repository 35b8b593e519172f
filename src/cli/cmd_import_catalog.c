/*
 * motcua import catalog|calendar FILE [--db PATH]: the importers that
 * cmd_import.c's table of kinds calls. The work is done by
 * store/catalog_import.h and store/calendar_import.h (also used by the demo
 * loader); here the file is read and the outcome printed.
 */
#include "compat.h"

#include <time.h>

#include "cli/cli.h"
#include "core/err.h"
#include "store/calendar_import.h"
#include "data/calendar_json.h"
#include "store/catalog_import.h"

#define IMPORT_ACTOR "cli"
#define IMPORT_MESSAGE_SIZE 512

/*
 * Reads a whole file of at most max bytes (malloc'd, NUL-terminated). 0,
 * ERR_IO (errno says why), ERR_TOO_LARGE, ERR_NOMEM.
 */
static int read_whole(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	int rc = 0;

	*out = NULL;
	if (!f)
		return ERR_IO;
	buf = malloc(max + 2);
	if (!buf) {
		rc = ERR_NOMEM;
		goto out;
	}
	*len = fread(buf, 1, max + 1, f);
	if (ferror(f))
		rc = ERR_IO;
	else if (*len > max)
		rc = ERR_TOO_LARGE;
out:
	fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[*len] = '\0';
	*out = buf;
	return 0;
}

typedef int (*importer_fn)(struct store *s, const char *text, size_t len, const char *actor,
			   int64_t now, char *why, size_t why_size);

static int run_importer(struct store *s, const char *path, size_t max, importer_fn fn)
{
	char why[IMPORT_MESSAGE_SIZE];
	char *text;
	size_t len = 0;
	int rc = read_whole(path, max, &text, &len);

	if (rc == ERR_TOO_LARGE)
		return cli_fail(rc, "%s: larger than %zu bytes", path, max);
	if (rc)
		return cli_fail(rc, "cannot read %s: %s", path,
				rc == ERR_IO ? strerror(errno) : "out of memory");
	rc = fn(s, text, len, IMPORT_ACTOR, (int64_t)time(NULL), why, sizeof(why));
	free(text);
	if (rc)
		return cli_fail(rc, "%s: %s", path, why);
	printf("loaded %s from %s\n", why, path);
	return 0;
}

int import_catalog(struct store *s, const char *path)
{
	return run_importer(s, path, CATALOG_IMPORT_BYTES_MAX, catalog_import);
}

int import_calendar(struct store *s, const char *path)
{
	return run_importer(s, path, CALENDAR_JSON_BYTES_MAX, calendar_import_json);
}
