/*
 * cli.h: what the commands of `motcua` share.
 *
 * Commands take (argc, argv) after their own name and return the process
 * exit status: 0 success, 1 an operating error (bad data, nothing found),
 * 2 a usage error. Messages go to stderr as "motcua: <text> (<code>)".
 */
#ifndef MOTCUA_CLI_CLI_H
#define MOTCUA_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#define EXIT_USAGE 2

/* Prints "motcua: <message> (<err_code(rc)>)" and returns 1 (2 for usage). */
int cli_fail(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints a usage error and the hint to --help; returns EXIT_USAGE. */
int cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether arg is -h or --help. */
bool cli_is_help(const char *arg);
/* Parses a whole decimal integer within [min, max]. */
bool cli_parse_long(const char *s, long min, long max, long *out);

int cmd_calendar(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* Importers of cmd_import.c's table (cmd_import_catalog.c). */
struct store;
int import_catalog(struct store *s, const char *path);
int import_calendar(struct store *s, const char *path);

#endif
