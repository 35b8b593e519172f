/* motcua: the command line (API.md "Command line"). */
#include "compat.h"

#include "cli/cli.h"
#include "core/err.h"

#include <sodium.h>

static const char usage[] =
	"Usage: motcua <command> [options]\n"
	"\n"
	"The administrative procedure information system of the one-stop service.\n"
	"\n"
	"Commands:\n"
	"  serve [--db PATH] [--listen HOST:PORT]  the HTTP API (see motcua serve --help)\n"
	"  init [--db PATH]                    create or migrate a database\n"
	"  audit verify [--db PATH]            check the audit chain\n"
	"  import KIND FILE [--db PATH]        load units, catalog or calendar (import --help)\n"
	"  user add|demo ... [--db PATH]       staff users; password on stdin (user --help)\n"
	"  calendar lunar YYYY-MM-DD           the Vietnamese lunar date of a day\n"
	"  calendar solar D/M/YYYY[L]          the solar day of a lunar date (L: leap month)\n"
	"  calendar due FROM AMOUNT UNIT       the appointment time of a dossier received at FROM\n"
	"  calendar days FROM TO               working days and days off between two dates\n"
	"  rules                               the dossier state machine, as a readable list\n"
	"  report recompute|config [--db PATH] the index facts and report settings (report --help)\n"
	"\n"
	"Options:\n"
	"  -h, --help     this help (also after a command: motcua calendar --help)\n"
	"  --version      the version\n"
	"\n"
	"Not built yet: serve --demo.\n";

int cli_fail(int rc, const char *fmt, ...)
{
	va_list ap;

	fputs("motcua: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (%s)\n", err_code(rc));
	return 1;
}

int cli_usage(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("motcua: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'motcua %s--help'.\n", command);
	return EXIT_USAGE;
}

bool cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

bool cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (sodium_init() < 0)
		return cli_fail(ERR_IO, "cannot initialise libsodium");
	if (!cmd || cli_is_help(cmd)) {
		fputs(usage, cmd ? stdout : stderr);
		return cmd ? 0 : EXIT_USAGE;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("motcua %s\n", MOTCUA_VERSION);
		return 0;
	}
	if (strcmp(cmd, "calendar") == 0)
		return cmd_calendar(argc - 2, argv + 2);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules(argc - 2, argv + 2);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc - 2, argv + 2);
	if (strcmp(cmd, "init") == 0)
		return cmd_init(argc - 2, argv + 2);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(argc - 2, argv + 2);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(argc - 2, argv + 2);
	if (strcmp(cmd, "user") == 0)
		return cmd_user(argc - 2, argv + 2);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc - 2, argv + 2);
	return cli_usage("", "unknown command '%s'", cmd);
}
