#include "compat.h"

#include <unistd.h>

#include "core/err.h"
#include "http/http.h"

int http_status_of(int rc)
{
	switch (rc) {
	case 0:
		return 200;
	case ERR_UNAUTHENTICATED:
	case ERR_INVALID_CREDENTIALS:
		return 401;
	case ERR_FORBIDDEN:
	case ERR_CSRF:
		return 403;
	case ERR_NOT_FOUND:
		return 404;
	case ERR_METHOD:
		return 405;
	case ERR_INVALID_TRANSITION:
	case ERR_SUPPLEMENT_LIMIT:
	case ERR_APOLOGY_TOO_LATE:
	case ERR_REAPPOINT_LIMIT:
	case ERR_NO_NEXT_STEP:
	case ERR_CONFLICT:
		return 409;
	case ERR_TOO_LARGE:
		return 413;
	case ERR_UNSUPPORTED_MEDIA:
		return 415;
	case ERR_RATE_LIMITED:
		return 429;
	case ERR_BUSY:
		return 503;
	case ERR_IO:
	case ERR_NOMEM:
		return 500;
	default:
		/* Every other known error is about the input. */
		return strcmp(err_code(rc), "internal_error") != 0 ? 400 : 500;
	}
}

static void set_body(struct request *r, int status, const char *type, char *body, size_t len)
{
	free(r->resp.body);
	if (r->resp.has_fd)
		close(r->resp.fd);
	r->resp.has_fd = false;
	r->resp.status = status;
	r->resp.type = type;
	r->resp.body = body;
	r->resp.len = len;
	r->answered = true;
}

/* Reals with 12 significant digits: 0.9123, not 0.91229999999999999. */
int resp_json(struct request *r, int status, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;

	json_decref(j);
	if (!text)
		return resp_problem(r, ERR_NOMEM, NULL);
	set_body(r, status, "application/json", text, strlen(text));
	return 0;
}

int resp_bytes(struct request *r, int status, const char *type, const void *data, size_t len)
{
	char *copy = malloc(len ? len : 1);

	if (!copy)
		return resp_problem(r, ERR_NOMEM, NULL);
	if (len)
		memcpy(copy, data, len);
	set_body(r, status, type, copy, len);
	return 0;
}

int resp_file(struct request *r, int status, const char *type, int fd, uint64_t size)
{
	set_body(r, status, type, NULL, (size_t)size);
	r->resp.has_fd = true;
	r->resp.fd = fd;
	return 0;
}

int resp_problem(struct request *r, int rc, const char *detail_fmt, ...)
{
	char detail[512] = "";
	int status = http_status_of(rc);
	json_t *j;
	char *text;

	if (detail_fmt) {
		va_list ap;

		va_start(ap, detail_fmt);
		vsnprintf(detail, sizeof(detail), detail_fmt, ap);
		va_end(ap);
	}
	j = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", "about:blank", "title", err_title(rc),
		      "status", status, "detail", detail[0] ? detail : err_title(rc), "code",
		      err_code(rc));
	text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	r->resp.disposition[0] = '\0'; /* a problem is never a download */
	if (!text) {
		set_body(r, 500, "text/plain", NULL, 0);
		return 0;
	}
	set_body(r, status, "application/problem+json", text, strlen(text));
	return 0;
}
