/* motcua serve | init | audit verify (API.md "Command line"). */
#include "compat.h"

#include <signal.h>

#include <sodium.h>

#include "app/app.h"
#include "app/demo_data.h"
#include "cli/cli.h"
#include "core/err.h"
#include "http/server.h"
#include "papers/papers.h"
#include "store/attachments.h"
#include "store/audit.h"

#define DB_DEFAULT "./motcua.db"
#define LISTEN_DEFAULT "127.0.0.1:8080"

static const char serve_usage[] =
	"Usage: motcua serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
	"                    [--demo] [--demo-password PW] [--demo-dossiers N]\n"
	"                    [--connections-per-ip N] [--test-clock] [--quiet]\n"
	"                    [--data-dir DIR] [--upload-max-bytes N] [--public-url URL]\n"
	"Serves the HTTP API on HOST:PORT (default " LISTEN_DEFAULT ") with the database\n"
	"PATH (default " DB_DEFAULT ", created and migrated if needed). --test-clock\n"
	"enables PUT /api/v1/test/clock (tests only). Each request is logged on stdout as\n"
	"one JSON line (without personal data) unless --quiet. Stops on SIGINT/SIGTERM.\n"
	"A client address may hold N connections at once (default 256).\n"
	"Uploaded files are kept under DIR (default PATH.files, next to the database);\n"
	"--upload-max-bytes lowers the size cap of one file (1-20971520, the default).\n"
	"--public-url is the base URL people reach the server at (default\n"
	"" APP_PUBLIC_URL_DEFAULT "): the QR codes of the papers point to URL/tra-cuu.\n"
	"--demo fills a new database with Hai Phong's units, the 40 procedures, the demo\n"
	"users (admin, tiepnhan, chuyenvien, lanhdao, thanhtra, canbo.*) and N generated\n"
	"dossiers (default 5000) over the past six months; a database that already holds\n"
	"the demo is served as it is. The demo users' password is PW, else the\n"
	"environment variable MOTCUA_DEMO_PASSWORD, else a random one printed at start.\n";

struct serve_args {
	const char *db, *listen, *demo_password;
	long threads, demo_dossiers;
	bool test_clock, quiet, demo;
	long connections_per_ip;
	const char *data_dir;
	long upload_max_bytes;
	const char *public_url;
};

/* An http(s) URL of printable ASCII without spaces, quotes or a query. */
static bool public_url_valid(const char *u)
{
	size_t n = strlen(u);

	if (n >= PAPER_URL_BYTES_MAX || (strncmp(u, "http://", 7) && strncmp(u, "https://", 8)))
		return false;
	for (const char *p = u; *p; p++)
		if (*p <= ' ' || *p > '~' || strchr("\"'<>\\`?#", *p))
			return false;
	return n > 8;
}

static int read_serve_args(int argc, char **argv, struct serve_args *a)
{
	a->db = DB_DEFAULT;
	a->listen = LISTEN_DEFAULT;
	a->threads = SERVER_THREADS_DEFAULT;
	a->demo_dossiers = DEMO_DOSSIERS_DEFAULT;
	for (int i = 0; i < argc; i++) {
		bool has_value = i + 1 < argc;

		if (cli_is_help(argv[i])) {
			fputs(serve_usage, stdout);
			return -1;
		} else if (strcmp(argv[i], "--db") == 0 && has_value) {
			a->db = argv[++i];
		} else if (strcmp(argv[i], "--listen") == 0 && has_value) {
			a->listen = argv[++i];
		} else if (strcmp(argv[i], "--threads") == 0 && has_value) {
			if (!cli_parse_long(argv[++i], 1, 64, &a->threads))
				return cli_usage("serve ", "--threads takes 1-64");
		} else if (strcmp(argv[i], "--connections-per-ip") == 0 && has_value) {
			if (!cli_parse_long(argv[++i], 1, SERVER_CONNECTIONS_MAX, &a->connections_per_ip))
				return cli_usage("serve ", "--connections-per-ip takes 1-%d",
						 SERVER_CONNECTIONS_MAX);
		} else if (strcmp(argv[i], "--demo") == 0) {
			a->demo = true;
		} else if (strcmp(argv[i], "--demo-password") == 0 && has_value) {
			a->demo_password = argv[++i];
		} else if (strcmp(argv[i], "--demo-dossiers") == 0 && has_value) {
			if (!cli_parse_long(argv[++i], 0, DEMO_DOSSIERS_MAX, &a->demo_dossiers))
				return cli_usage("serve ", "--demo-dossiers takes 0-%d",
						 DEMO_DOSSIERS_MAX);
		} else if (strcmp(argv[i], "--data-dir") == 0 && has_value) {
			a->data_dir = argv[++i];
		} else if (strcmp(argv[i], "--upload-max-bytes") == 0 && has_value) {
			if (!cli_parse_long(argv[++i], 1, ATTACHMENT_BYTES_MAX, &a->upload_max_bytes))
				return cli_usage("serve ", "--upload-max-bytes takes 1-%d",
						 ATTACHMENT_BYTES_MAX);
		} else if (strcmp(argv[i], "--public-url") == 0 && has_value) {
			a->public_url = argv[++i];
			if (!public_url_valid(a->public_url))
				return cli_usage("serve ", "--public-url takes http(s)://HOST[:PORT][/PATH], "
						 "at most %d bytes", PAPER_URL_BYTES_MAX - 1);
		} else if (strcmp(argv[i], "--test-clock") == 0) {
			a->test_clock = true;
		} else if (strcmp(argv[i], "--quiet") == 0) {
			a->quiet = true;
		} else {
			return cli_usage("serve ", "unknown argument '%s'", argv[i]);
		}
	}
	return 0;
}

/* Splits "HOST:PORT". */
static bool split_listen(const char *listen, char *host, size_t host_size, uint16_t *port)
{
	const char *colon = strrchr(listen, ':');
	long p;

	if (!colon || (size_t)(colon - listen) >= host_size || colon == listen)
		return false;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (!cli_parse_long(colon + 1, 0, 65535, &p))
		return false;
	*port = (uint16_t)p;
	return true;
}

static int wait_for_signal(void)
{
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigwait(&set, &sig);
	return sig;
}

/* Loads the demo (API.md --demo); prints the password it uses. Exit status. */
static int serve_demo(struct app *app, const struct serve_args *a)
{
	struct demo_config dc = {0};
	char random_pw[24], why[256];
	const char *pw = a->demo_password ? a->demo_password : getenv("MOTCUA_DEMO_PASSWORD");
	bool loaded;
	int rc;

	if (!pw || !*pw) {
		static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

		for (size_t i = 0; i < 16; i++)
			random_pw[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
		random_pw[16] = '\0';
		pw = random_pw;
	}
	dc.password = pw;
	dc.dossiers = (int)a->demo_dossiers;
	dc.now = app_now(app);
	dc.progress = stderr;
	rc = demo_load(app, &dc, &loaded, why, sizeof(why));
	if (rc)
		return cli_fail(rc, "%s", why);
	if (loaded)
		fprintf(stderr, "motcua: demo users admin, tiepnhan, chuyenvien, lanhdao, thanhtra, "
				"canbo.tiepnhan, canbo.chuyenvien, canbo.lanhdao; password: %s\n", pw);
	else
		fprintf(stderr, "motcua: the demo is already in %s (users keep their password)\n",
			a->db);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_args a = {0};
	struct app_config cfg = {0};
	struct server_config scfg = {0};
	struct app app;
	struct server *server;
	char host[64], why[STORE_WHY_SIZE];
	sigset_t set;
	int rc = read_serve_args(argc, argv, &a);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (!split_listen(a.listen, host, sizeof(host), &scfg.port))
		return cli_usage("serve ", "--listen takes HOST:PORT, e.g. 127.0.0.1:8080");
	/* Signals go to the main thread's sigwait, never to worker threads. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	cfg.db_path = a.db;
	cfg.test_clock = a.test_clock;
	cfg.data_dir = a.data_dir;
	cfg.upload_bytes_max = (size_t)a.upload_max_bytes;
	cfg.public_url = a.public_url;
	if ((rc = app_open(&app, &cfg, why)))
		return cli_fail(rc, "%s", why);
	if (a.demo && (rc = serve_demo(&app, &a)) != 0) {
		app_close(&app);
		return rc;
	}
	scfg.host = host;
	scfg.threads = (int)a.threads;
	scfg.connections_per_ip = (int)a.connections_per_ip;
	scfg.log_requests = !a.quiet;
	if ((rc = server_start(&server, &app, &scfg, why, sizeof(why)))) {
		app_close(&app);
		return cli_fail(rc, "%s", why);
	}
	fprintf(stderr, "motcua: serving http://%s:%u/ (database %s)%s\n", host,
		server_port(server), a.db, a.test_clock ? " with the test clock" : "");
	wait_for_signal();
	fprintf(stderr, "motcua: stopping\n");
	server_stop(server);
	app_close(&app);
	return 0;
}

static const char init_usage[] =
	"Usage: motcua init [--db PATH]\n"
	"Creates the database PATH (default " DB_DEFAULT ") or migrates it to the current\n"
	"schema, and prints the schema version.\n";

static const char *read_db_arg(int argc, char **argv, const char *usage, const char *cmd,
			       int *rc)
{
	const char *db = DB_DEFAULT;

	*rc = 0;
	for (int i = 0; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			*rc = -1;
			return NULL;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
			continue;
		}
		*rc = cli_usage(cmd, "unknown argument '%s'", argv[i]);
		return NULL;
	}
	return db;
}

int cmd_init(int argc, char **argv)
{
	struct store_config cfg = {0};
	struct store *s;
	char why[STORE_WHY_SIZE];
	int rc;

	cfg.path = read_db_arg(argc, argv, init_usage, "init ", &rc);
	if (!cfg.path)
		return rc < 0 ? 0 : rc;
	if ((rc = store_open(&s, &cfg, why)))
		return cli_fail(rc, "%s", why);
	printf("%s: schema version %d\n", cfg.path, store_schema_version(s));
	store_close(s);
	return 0;
}

static const char audit_usage[] =
	"Usage: motcua audit verify [--db PATH]\n"
	"Walks the audit chain (R-AUD-1) and checks every record's hash against the\n"
	"previous one. Exits 0 when the chain is intact; otherwise names the first\n"
	"record that does not fit and exits 1.\n";

int cmd_audit(int argc, char **argv)
{
	struct store_config cfg = {0};
	struct audit_report rep;
	struct store *s;
	struct db *db;
	char why[STORE_WHY_SIZE];
	int rc;

	if (argc < 1 || strcmp(argv[0], "verify") != 0) {
		if (argc >= 1 && cli_is_help(argv[0])) {
			fputs(audit_usage, stdout);
			return 0;
		}
		return cli_usage("audit ", "the audit command is: audit verify [--db PATH]");
	}
	cfg.path = read_db_arg(argc - 1, argv + 1, audit_usage, "audit ", &rc);
	if (!cfg.path)
		return rc < 0 ? 0 : rc;
	if ((rc = store_open(&s, &cfg, why)))
		return cli_fail(rc, "%s", why);
	db = store_read_begin(s);
	rc = db ? audit_verify(db, &rep) : ERR_IO;
	store_read_end(s, db);
	store_close(s);
	if (rc == ERR_INVALID)
		return cli_fail(rc, "audit chain broken at record %" PRId64 ": %s", rep.broken_at,
				rep.why);
	if (rc)
		return cli_fail(rc, "cannot read the audit chain");
	printf("audit chain intact: %" PRId64 " records\n", rep.records);
	return 0;
}
