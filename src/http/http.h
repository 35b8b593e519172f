/*
 * http.h: requests, responses and routes of motcua's HTTP server.
 *
 * The server (server.c) runs libmicrohttpd with a thread pool and epoll. A
 * request is handled in two phases: its body is collected (capped by the
 * route's limit), then its route's handler runs once. A handler either
 * answers at once (reads), or defers a write (request_write): the change
 * is queued to the store's writer and the connection suspended; once the
 * change is durable the connection resumes and the handler's finish
 * function answers. So a 2xx for a change always follows its commit.
 *
 * Everything a request allocates is freed with it (request_free).
 *
 * Raw bodies (ROUTE_RAW, uploads): the cap is the route's body_max,
 * lowered to app->cfg.upload_bytes_max when that is set and smaller. A
 * Content-Length over the cap is answered 413 on the first call, before any
 * byte of the body is read (a client that sent `Expect: 100-continue` never
 * sends it). A chunked body is counted as it arrives and answered 413 once
 * it ends, its excess dropped as it comes; one that goes on for more than
 * HTTP_DISCARD_BYTES_MAX past the cap gets its connection closed instead
 * (libmicrohttpd 0.9.75 cannot answer while a body is still arriving). At
 * most HTTP_UPLOADS_MAX raw requests are in progress at once (each body is
 * held in memory); more are answered 503 with Retry-After. JSON bodies keep
 * their simple rule: over the limit, dropped, then 413.
 */
#ifndef MOTCUA_HTTP_HTTP_H
#define MOTCUA_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store.h"

struct app;
struct MHD_Connection;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_OTHER
};

#define HTTP_PARAMS_MAX 4
#define HTTP_PARAM_BYTES_MAX 128
#define HTTP_URL_BYTES_MAX 2048
#define HTTP_BODY_BYTES_MAX (64 * 1024)   /* JSON bodies */
#define HTTP_JSON_DEPTH_MAX 16
#define HTTP_QUERY_VALUE_BYTES_MAX 512
#define HTTP_UPLOADS_MAX 16               /* raw bodies in progress at once */
#define HTTP_DISCARD_BYTES_MAX (4 * 1024 * 1024) /* read past a raw body's cap to answer 413 */
#define HTTP_DISPOSITION_BYTES_MAX 160

/*
 * The Content-Security-Policy of every answer (docs/web.md): no inline
 * script or style anywhere, nothing from another origin, no framing.
 */
#define HTTP_CSP                                                                       \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	"connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; " \
	"base-uri 'none'; form-action 'self'"

/* Route flags. */
enum {
	ROUTE_PUBLIC = 1u << 0,  /* no sign-in needed */
	ROUTE_JSON = 1u << 1,    /* the body is a JSON object (parsed into req->json) */
	ROUTE_RAW = 1u << 2,     /* the body is raw bytes (uploads) */
	ROUTE_TEST = 1u << 3,    /* only with --test-clock */
};

struct request;

typedef int (*route_fn)(struct request *req);
/* Answers a deferred write; rc is the change's result (0 or ERR_*). */
typedef int (*finish_fn)(struct request *req, int rc);

struct route {
	enum http_method method;
	const char *pattern; /* "/api/v1/dossiers/{code}/{action}" */
	route_fn fn;
	unsigned flags;
	size_t body_max; /* 0: HTTP_BODY_BYTES_MAX; raw: cfg.upload_bytes_max may lower it */
};

struct response {
	int status;
	char *body; /* malloc'd */
	size_t len;
	const char *type;
	char set_cookie[256];
	char location[256];
	char cache_control[64];
	char retry_after[16]; /* seconds, for 429 and 503 */
	char disposition[HTTP_DISPOSITION_BYTES_MAX]; /* Content-Disposition, "" for none */
	/* resp_file: an open file to send instead of body (then len is its size). */
	bool has_fd;
	int fd;
};

struct request {
	struct app *app;
	struct MHD_Connection *conn;
	enum http_method method;
	const char *path;
	const struct route *route;
	int route_index;
	char params[HTTP_PARAMS_MAX][HTTP_PARAM_BYTES_MAX];
	int n_params;
	char *body;
	size_t body_len, body_cap;
	bool body_too_large;
	bool upload_slot; /* counts against HTTP_UPLOADS_MAX (server.c) */
	json_t *json;
	int64_t now;     /* the server's notion of now when the request started */
	double start_ms; /* monotonic, for the log and metrics */

	void *auth; /* the signed-in user (auth.h), or NULL */

	/* A deferred write. */
	store_change_fn change;
	finish_fn finish;
	void *ctx;
	void (*ctx_free)(void *ctx);
	bool write_queued, write_done;
	bool suspended; /* counted in the server's suspended (server_stop waits for them) */
	int write_rc;

	struct response resp;
	bool answered;
};

/* A query parameter's value, or NULL. Values longer than the limit are NULL too. */
const char *request_query(struct request *r, const char *name);
/* A header's value, or NULL. */
const char *request_header(struct request *r, const char *name);
/* The i-th {param} of the route. */
const char *request_param(struct request *r, int i);

/*
 * Defers the answer until `change` is durable; `finish` answers then. The
 * handler returns the result of this call. ctx (freed with ctx_free when
 * the request ends) carries what change and finish share.
 */
int request_write(struct request *r, store_change_fn change, finish_fn finish, void *ctx,
		  void (*ctx_free)(void *));

/* Answers with JSON (takes the reference of j). Returns 0. */
int resp_json(struct request *r, int status, json_t *j);
/* Answers with bytes (copied). Returns 0. */
int resp_bytes(struct request *r, int status, const char *type, const void *data, size_t len);
/*
 * Answers with the first size bytes of the open regular file fd, which
 * libmicrohttpd sends from the file itself (sendfile where it can), never
 * through a buffer. Takes fd: it is closed once sent, or with the request
 * when another answer replaces this one or the request ends unanswered.
 * Set r->resp.disposition for a download. Returns 0.
 */
int resp_file(struct request *r, int status, const char *type, int fd, uint64_t size);
/* Answers application/problem+json for rc with an optional detail. Returns 0. */
int resp_problem(struct request *r, int rc, const char *detail_fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The HTTP status of an error. */
int http_status_of(int rc);

/*
 * Answers a request that no route of http_routes matches, when it can
 * (api_static.c, docs/web.md): a web page or asset (the app's web routes),
 * or the HTML "not found" page when a browser asked for a page (a GET or
 * HEAD outside /api/ whose Accept names text/html). False otherwise: the
 * caller answers problem+json as for the API.
 */
bool http_fallback(struct request *r);

/* The routes, in routes.c; matched in order. */
extern const struct route http_routes[];
extern const size_t http_routes_count;

/*
 * Finds the route for a method and path; fills params. Returns its index,
 * ERR_NOT_FOUND (no pattern matches) or ERR_METHOD (another method would).
 */
int router_match(enum http_method m, const char *path, struct request *r);
/* The same over another table of n routes. */
int router_match_in(const struct route *routes, size_t n, enum http_method m, const char *path,
		    struct request *r);

#endif
