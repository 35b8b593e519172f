/*
 * motcua user add | demo: staff accounts from the command line, so that the
 * first administrator can exist before anyone can sign in. The password is
 * read from standard input (its first line), never from the arguments
 * (which other users of the machine can see in the process list).
 */
#include "compat.h"

#include <time.h>

#include <sodium.h>

#include "app/demo.h"
#include "cli/cli.h"
#include "core/err.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/users.h"

#define DB_DEFAULT "./motcua.db"

static const char usage[] =
	"Usage:\n"
	"  motcua user add USERNAME --role ROLE --unit CODE [--role ROLE --unit CODE]…\n"
	"                  [--full-name NAME] [--db PATH] [--password-stdin]\n"
	"      Creates a staff user with role grants (ROLE: admin, receiver, specialist,\n"
	"      leader, auditor; each at a unit CODE and every unit below it). The\n"
	"      password (at least 10 characters) is the first line of standard input:\n"
	"        echo 'long secret 1' | motcua user add admin --role admin --unit 000.00.00.H27\n"
	"  motcua user demo [--db PATH] [--password-stdin]\n"
	"      Creates the demo users of API.md (admin, tiepnhan, chuyenvien, lanhdao,\n"
	"      thanhtra; see src/app/demo.h) with the password from standard input.\n"
	"      Load the units first (motcua import units data/units/haiphong.json).\n"
	"Users are written with their audit record (actor \"cli\"). Stop motcua serve on\n"
	"that database first: the server keeps the head of the audit chain in memory.\n";

/* Reads the first line of stdin (without its end of line) into pw. */
static int read_password(char pw[PASSWORD_BYTES_MAX + 2])
{
	size_t len;

	if (!fgets(pw, PASSWORD_BYTES_MAX + 2, stdin))
		return cli_fail(ERR_INVALID, "no password on standard input");
	len = strlen(pw);
	if (len > PASSWORD_BYTES_MAX && pw[len - 1] != '\n')
		return cli_fail(ERR_TOO_LARGE, "the password is longer than %d bytes",
				PASSWORD_BYTES_MAX);
	while (len && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
		pw[--len] = '\0';
	if (password_check(pw, len))
		return cli_fail(ERR_INVALID, "the password needs %d to %d characters of UTF-8",
				PASSWORD_MIN_CHARS, PASSWORD_BYTES_MAX);
	return 0;
}

struct user_add {
	struct user u;
	char hash[PASSWORD_HASH_SIZE];
	char why[160];
	int64_t now;
};

static int user_add_change(struct store_tx *tx, void *arg)
{
	struct user_add *a = arg;
	char detail[AUDIT_DETAIL_MAX + 1];
	size_t off;
	int rc = users_add(tx->db, &a->u, a->hash, a->now, &a->u.id, a->why, sizeof(a->why));

	if (rc)
		return rc;
	off = (size_t)snprintf(detail, sizeof(detail), "{\"roles\":[");
	for (int i = 0; i < a->u.n_roles && off < sizeof(detail); i++)
		off += (size_t)snprintf(detail + off, sizeof(detail) - off,
					"%s{\"role\":\"%s\",\"unit\":\"%s\"}", i ? "," : "",
					a->u.roles[i].role, a->u.roles[i].unit);
	if (off < sizeof(detail))
		snprintf(detail + off, sizeof(detail) - off, "]}");
	return audit_append(tx, a->now, "cli", "user.create", a->u.username, detail);
}

/* Reads the arguments of `user add` into a->u; returns -1 to go on, else the exit status. */
static int add_args(int argc, char **argv, struct user_add *a, const char **db)
{
	const char *role = NULL;

	for (int i = 0; i < argc; i++) {
		bool value = i + 1 < argc;

		if (cli_is_help(argv[i]))
			return fputs(usage, stdout), 0;
		if (strcmp(argv[i], "--db") == 0 && value)
			*db = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") == 0)
			continue;
		else if (strcmp(argv[i], "--full-name") == 0 && value)
			snprintf(a->u.full_name, sizeof(a->u.full_name), "%s", argv[++i]);
		else if (strcmp(argv[i], "--role") == 0 && value && !role)
			role = argv[++i];
		else if (strcmp(argv[i], "--unit") == 0 && value && role) {
			if (a->u.n_roles == USER_ROLES_MAX)
				return cli_usage("user ", "at most %d roles", USER_ROLES_MAX);
			snprintf(a->u.roles[a->u.n_roles].role, ROLE_MAX, "%s", role);
			snprintf(a->u.roles[a->u.n_roles].unit, UNIT_CODE_SIZE, "%s", argv[++i]);
			a->u.n_roles++;
			role = NULL;
		} else if (!a->u.username[0] && argv[i][0] != '-' && strlen(argv[i]) <= USERNAME_MAX)
			snprintf(a->u.username, sizeof(a->u.username), "%s", argv[i]);
		else
			return cli_usage("user ", "unexpected argument '%s'", argv[i]);
	}
	if (!a->u.username[0] || role)
		return cli_usage("user ", "user add takes USERNAME and --role ROLE --unit CODE pairs");
	if (!a->u.full_name[0])
		snprintf(a->u.full_name, sizeof(a->u.full_name), "%s", a->u.username);
	return -1;
}

static int user_add(int argc, char **argv)
{
	struct store_config cfg = {.path = DB_DEFAULT};
	struct user_add *a = calloc(1, sizeof(*a));
	char pw[PASSWORD_BYTES_MAX + 2], why[STORE_WHY_SIZE];
	struct store *s = NULL;
	int rc, status = 1;

	if (!a)
		return cli_fail(ERR_NOMEM, "out of memory");
	if ((status = add_args(argc, argv, a, &cfg.path)) >= 0)
		goto out;
	status = 1;
	if (read_password(pw))
		goto out;
	rc = password_hash(pw, strlen(pw), a->hash);
	sodium_memzero(pw, sizeof(pw));
	if (!rc)
		rc = store_open(&s, &cfg, why);
	else
		snprintf(why, sizeof(why), "cannot hash the password");
	a->now = (int64_t)time(NULL);
	if (!rc)
		rc = store_write(s, user_add_change, a);
	if (rc && s)
		snprintf(why, sizeof(why), "%s", a->why[0] ? a->why : err_title(rc));
	if (rc) {
		cli_fail(rc, "%s", why);
		goto out;
	}
	printf("added user %s with %d role%s\n", a->u.username, a->u.n_roles,
	       a->u.n_roles == 1 ? "" : "s");
	status = 0;
out:
	store_close(s);
	sodium_memzero(a, sizeof(*a));
	free(a);
	return status;
}

static int user_demo(int argc, char **argv)
{
	struct store_config cfg = {.path = DB_DEFAULT};
	char pw[PASSWORD_BYTES_MAX + 2], why[STORE_WHY_SIZE];
	struct store *s;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return fputs(usage, stdout), 0;
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			cfg.path = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") != 0)
			return cli_usage("user ", "unexpected argument '%s'", argv[i]);
	}
	if (read_password(pw))
		return 1;
	if ((rc = store_open(&s, &cfg, why)))
		return cli_fail(rc, "%s", why);
	rc = demo_users_create(s, pw);
	sodium_memzero(pw, sizeof(pw));
	store_close(s);
	if (rc)
		return cli_fail(rc, "cannot create the demo users (are the units loaded?)");
	printf("demo users ready: admin, tiepnhan, chuyenvien, lanhdao, thanhtra\n");
	return 0;
}

int cmd_user(int argc, char **argv)
{
	if (argc >= 1 && cli_is_help(argv[0]))
		return fputs(usage, stdout), 0;
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "demo") == 0)
		return user_demo(argc - 1, argv + 1);
	return cli_usage("user ", "the user commands are: user add, user demo");
}
