#include "compat.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/auth.h"
#include "core/err.h"
#include "core/jsonlimit.h"
#include "http/http.h"
#include "http/server.h"

struct server {
	struct MHD_Daemon *daemon;
	struct app *app;
	bool log_requests;
	uint16_t port;
	atomic_int uploads; /* raw requests in progress (HTTP_UPLOADS_MAX) */
	atomic_int suspended; /* connections waiting for the writer */
	atomic_bool stopping; /* server_stop has begun: no more suspensions */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static enum http_method parse_method(const char *m)
{
	static const struct {
		const char *name;
		enum http_method m;
	} map[] = {{"GET", HTTP_GET},   {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},
		   {"PUT", HTTP_PUT},   {"DELETE", HTTP_DELETE}};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(m, map[i].name) == 0)
			return map[i].m;
	return HTTP_OTHER;
}

const char *request_query(struct request *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);

	return v && strlen(v) <= HTTP_QUERY_VALUE_BYTES_MAX ? v : NULL;
}

const char *request_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *request_param(struct request *r, int i)
{
	return i >= 0 && i < r->n_params ? r->params[i] : "";
}

static void request_free(struct request *r)
{
	if (!r)
		return;
	if (r->ctx_free)
		r->ctx_free(r->ctx);
	json_decref(r->json);
	free(r->body);
	free(r->resp.body);
	if (r->resp.has_fd)
		close(r->resp.fd);
	auth_release(r);
	free(r);
}

/* The body limit of the request's route; the configured upload cap lowers a raw one. */
static size_t body_max(const struct request *r)
{
	size_t max = r->route && r->route->body_max ? r->route->body_max : HTTP_BODY_BYTES_MAX;
	size_t cfg = r->app->cfg.upload_bytes_max;

	if (r->route && (r->route->flags & ROUTE_RAW) && cfg && cfg < max)
		max = cfg;
	return max;
}

/*
 * Collects body bytes up to the route's limit; over it, counts and drops
 * them. False when a raw body goes on for more than HTTP_DISCARD_BYTES_MAX
 * past its limit: the caller closes the connection (MHD cannot queue an
 * answer while a body arrives).
 */
static bool take_body(struct request *r, const char *data, size_t len)
{
	size_t max = body_max(r);

	if (r->body_too_large || r->body_len + len > max) {
		r->body_too_large = true;
		if (r->route && (r->route->flags & ROUTE_RAW)) {
			r->body_len += len < SIZE_MAX - r->body_len ? len : SIZE_MAX - r->body_len;
			return r->body_len <= max || r->body_len - max <= HTTP_DISCARD_BYTES_MAX;
		}
		return true;
	}
	if (r->body_len + len > r->body_cap) {
		size_t cap = r->body_cap ? r->body_cap : 1024;
		char *grown;

		while (cap < r->body_len + len)
			cap *= 2;
		if (cap > max)
			cap = max;
		grown = realloc(r->body, cap + 1);
		if (!grown) {
			r->body_too_large = true;
			return true;
		}
		r->body = grown;
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, len);
	r->body_len += len;
	r->body[r->body_len] = '\0';
	return true;
}

/* Parses a JSON object body strictly (no duplicates, depth limit). */
static int parse_json(struct request *r)
{
	json_error_t e;

	if (r->body_len == 0)
		return resp_problem(r, ERR_INVALID, "a JSON object body is required"), ERR_INVALID;
	if (!json_depth_ok(r->body, r->body_len, HTTP_JSON_DEPTH_MAX))
		return resp_problem(r, ERR_INVALID, "JSON nested deeper than %d levels",
				    HTTP_JSON_DEPTH_MAX),
		       ERR_INVALID;
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (!r->json || !json_is_object(r->json))
		return resp_problem(r, ERR_INVALID, "invalid JSON at line %d: %s", e.line,
				    r->json ? "not an object" : e.text),
		       ERR_INVALID;
	return 0;
}

/* Runs the route's handler; the request is answered or has a write queued. */
static void dispatch(struct request *r)
{
	int rc;

	if (r->route_index == ERR_NOT_FOUND && http_fallback(r))
		return;
	if (r->route_index == ERR_NOT_FOUND || r->route_index == ERR_METHOD) {
		resp_problem(r, r->route_index, "%s", r->route_index == ERR_METHOD
							   ? "method not allowed here"
							   : "no such resource");
		return;
	}
	if (r->body_too_large) {
		resp_problem(r, ERR_TOO_LARGE, "the body is over %zu bytes", body_max(r));
		return;
	}
	if ((r->route->flags & ROUTE_TEST) && !r->app->cfg.test_clock) {
		resp_problem(r, ERR_NOT_FOUND, "no such resource");
		return;
	}
	rc = auth_authenticate(r);
	if (!rc && (r->route->flags & ROUTE_JSON))
		rc = parse_json(r);
	if (!rc)
		rc = r->route->fn(r);
	if (rc && !r->answered)
		resp_problem(r, rc, NULL);
}

/* Runs a deferred write's change with its ctx (the request is the done callback's). */
static int run_change(struct store_tx *tx, void *arg)
{
	struct request *r = arg;

	return r->change(tx, r->ctx);
}

static void done_writing(void *arg, int rc)
{
	struct request *r = arg;

	r->write_rc = rc;
	r->write_done = true;
	MHD_resume_connection(r->conn);
}

int request_write(struct request *r, store_change_fn change, finish_fn finish, void *ctx,
		  void (*ctx_free)(void *))
{
	r->change = change;
	r->finish = finish;
	r->ctx = ctx;
	r->ctx_free = ctx_free;
	r->write_queued = true;
	return 0;
}

static void add_headers(struct MHD_Response *resp, const struct request *r)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy", HTTP_CSP);
	MHD_add_response_header(resp, "Cache-Control",
				r->resp.cache_control[0] ? r->resp.cache_control : "no-store");
	if (r->resp.type)
		MHD_add_response_header(resp, "Content-Type", r->resp.type);
	if (r->resp.set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->resp.set_cookie);
	if (r->resp.location[0])
		MHD_add_response_header(resp, "Location", r->resp.location);
	if (r->resp.retry_after[0])
		MHD_add_response_header(resp, "Retry-After", r->resp.retry_after);
	if (r->resp.disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->resp.disposition);
}

static void log_request(struct server *s, struct request *r, double ms)
{
	static const char *const names[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OTHER"};

	app_metrics_count(s->app, r->route_index, r->resp.status, ms);
	if (!s->log_requests)
		return;
	/* The route's pattern, never the URL: codes and keys stay out of logs. */
	printf("{\"t\":%" PRId64 ",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,"
	       "\"ms\":%.3f,\"bytes\":%zu}\n",
	       r->now, names[r->method], r->route ? r->route->pattern : "(none)", r->resp.status,
	       ms, r->resp.len);
	fflush(stdout);
}

static enum MHD_Result answer(struct server *s, struct request *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->resp.has_fd) {
		resp = MHD_create_response_from_fd64(r->resp.len, r->resp.fd);
		if (!resp)
			return MHD_NO; /* request_free closes the file */
		r->resp.has_fd = false; /* MHD closes it now */
	} else {
		resp = MHD_create_response_from_buffer(r->resp.len, r->resp.body,
						       MHD_RESPMEM_MUST_FREE);
		if (!resp)
			return MHD_NO;
		r->resp.body = NULL; /* MHD frees it now */
	}
	add_headers(resp, r);
	ret = MHD_queue_response(r->conn, (unsigned)r->resp.status, resp);
	MHD_destroy_response(resp);
	log_request(s, r, now_ms() - r->start_ms);
	return ret;
}

static struct request *request_new(struct server *s, struct MHD_Connection *c, const char *url,
				   const char *method)
{
	struct request *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->app = s->app;
	r->conn = c;
	r->path = url;
	r->method = parse_method(method);
	r->now = app_now(s->app);
	r->start_ms = now_ms();
	r->route_index = strlen(url) > HTTP_URL_BYTES_MAX ? ERR_NOT_FOUND
							   : router_match(r->method, url, r);
	r->route = r->route_index >= 0 ? &http_routes[r->route_index] : NULL;
	return r;
}

/*
 * Before a raw body is read: a declared length over the cap is answered 413
 * at once (MHD then reads none of the body and closes the connection), and
 * an upload beyond HTTP_UPLOADS_MAX in progress is answered 503. True when
 * the request has been answered.
 */
static bool refuse_raw_early(struct server *s, struct request *r)
{
	const char *cl = request_header(r, "Content-Length");
	unsigned long long declared;
	char *end;

	if (cl && *cl >= '0' && *cl <= '9') {
		errno = 0;
		declared = strtoull(cl, &end, 10);
		if (!*end && (errno == ERANGE || declared > body_max(r))) {
			resp_problem(r, ERR_TOO_LARGE, "the body is over %zu bytes", body_max(r));
			return true;
		}
	}
	if (atomic_fetch_add(&s->uploads, 1) >= HTTP_UPLOADS_MAX) {
		atomic_fetch_sub(&s->uploads, 1);
		snprintf(r->resp.retry_after, sizeof(r->resp.retry_after), "1");
		resp_problem(r, ERR_BUSY, "too many uploads in progress; try again");
		return true;
	}
	r->upload_slot = true;
	return false;
}

/* The request's connection is back from suspension (or gone): one fewer to wait for. */
static void unsuspend(struct server *s, struct request *r)
{
	if (r->suspended) {
		r->suspended = false;
		atomic_fetch_sub(&s->suspended, 1);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct request *r = *con_cls;

	(void)version;
	if (!r) {
		r = request_new(s, c, url, method);
		*con_cls = r;
		if (r && r->route && (r->route->flags & ROUTE_RAW) && refuse_raw_early(s, r))
			return answer(s, r);
		return r ? MHD_YES : MHD_NO;
	}
	if (*upload_size) {
		if (!take_body(r, upload_data, *upload_size))
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->write_done) {
		unsuspend(s, r);
		if (r->write_rc)
			resp_problem(r, r->write_rc, NULL);
		else if (r->finish(r, 0) && !r->answered)
			resp_problem(r, ERR_IO, NULL);
		return answer(s, r);
	}
	dispatch(r);
	if (r->write_queued && !r->answered) {
		/*
		 * Counted before stopping is read, as server_stop sets stopping
		 * before it reads the count: either it waits for this
		 * connection, or the change is refused here.
		 */
		r->suspended = true;
		atomic_fetch_add(&s->suspended, 1);
		if (atomic_load(&s->stopping)) {
			unsuspend(s, r);
			r->write_queued = false;
			snprintf(r->resp.retry_after, sizeof(r->resp.retry_after), "1");
			resp_problem(r, ERR_BUSY, "the server is stopping; try again");
			return answer(s, r);
		}
		/* Suspend first: the writer may finish before submit returns. */
		MHD_suspend_connection(c);
		if (store_submit(s->app->store, run_change, done_writing, r)) {
			MHD_resume_connection(c);
			unsuspend(s, r);
			r->write_queued = false;
			resp_problem(r, ERR_BUSY, "too many changes waiting; try again");
		}
		if (r->write_queued)
			return MHD_YES;
	}
	return answer(s, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct request *r = *con_cls;

	(void)c;
	(void)toe;
	if (r && r->upload_slot)
		atomic_fetch_sub(&s->uploads, 1);
	if (r)
		unsuspend(s, r);
	request_free(r);
	*con_cls = NULL;
}

int server_start(struct server **out, struct app *app, const struct server_config *cfg,
		 char *why, size_t why_size)
{
	struct server *s = calloc(1, sizeof(*s));
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(cfg->port)};
	const union MHD_DaemonInfo *info;

	*out = NULL;
	if (!s)
		return ERR_NOMEM;
	if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
		snprintf(why, why_size, "'%s' is not an IPv4 address", cfg->host);
		free(s);
		return ERR_INVALID;
	}
	s->app = app;
	s->log_requests = cfg->log_requests;
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)(cfg->threads > 0 ? cfg->threads : SERVER_THREADS_DEFAULT),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_CONNECTIONS_MAX,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)(cfg->connections_per_ip > 0 ? cfg->connections_per_ip
						       : SERVER_CONNECTIONS_PER_IP_MAX),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_TIMEOUT_S,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(why, why_size, "cannot listen on %s:%u", cfg->host, cfg->port);
		free(s);
		return ERR_IO;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	*out = s;
	return 0;
}

/*
 * Stops accepting, refuses further changes on the open connections (a
 * keep-alive connection could otherwise be suspended again after the wait),
 * lets every change already queued reach the writer and its answer go out
 * (libmicrohttpd aborts the process when a daemon stops with suspended
 * connections), then stops the daemon. The store is still open.
 */
void server_stop(struct server *s)
{
	MHD_socket listener;

	if (!s)
		return;
	listener = MHD_quiesce_daemon(s->daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	atomic_store(&s->stopping, true);
	for (int i = 0; i < SERVER_STOP_WAIT_MS && atomic_load(&s->suspended) > 0; i++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	MHD_stop_daemon(s->daemon);
	free(s);
}

uint16_t server_port(const struct server *s)
{
	return s->port;
}
