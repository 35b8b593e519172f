#include "compat.h"

#include "core/err.h"
#include "http/http.h"

/*
 * Matches one pattern against a path, segment by segment; "{x}" takes one
 * non-empty segment, and a final "*" the non-empty rest of the path (the
 * handler reads it from r->path). A "{x}" followed by text in its segment
 * ("{paper}.pdf") matches a segment that ends with that text and takes what
 * comes before it, which must not be empty. Fills r->params on success.
 */
static bool match(const char *pattern, const char *path, struct request *r)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (p[0] == '*' && p[1] == '\0') {
			if (r)
				r->n_params = n;
			return true;
		}
		if (*p == '{') {
			const char *end = strchr(s, '/'), *close = strchr(p, '}');
			size_t len = end ? (size_t)(end - s) : strlen(s), suffix;

			if (!close)
				return false;
			/* The literal rest of the pattern's segment stays for the loop to match. */
			suffix = strcspn(close + 1, "/");
			if (suffix) {
				if (len <= suffix || memcmp(s + len - suffix, close + 1, suffix))
					return false;
				len -= suffix;
			}
			if (len == 0 || len >= HTTP_PARAM_BYTES_MAX || n == HTTP_PARAMS_MAX)
				return false;
			if (r) {
				memcpy(r->params[n], s, len);
				r->params[n][len] = '\0';
			}
			n++;
			s += len;
			p = close + 1;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p || *s)
		return false;
	if (r)
		r->n_params = n;
	return true;
}

int router_match_in(const struct route *routes, size_t n, enum http_method m, const char *path,
		    struct request *r)
{
	bool other_method = false;

	for (size_t i = 0; i < n; i++) {
		if (!match(routes[i].pattern, path, NULL))
			continue;
		if (routes[i].method != m && !(m == HTTP_HEAD && routes[i].method == HTTP_GET)) {
			other_method = true;
			continue;
		}
		match(routes[i].pattern, path, r);
		return (int)i;
	}
	return other_method ? ERR_METHOD : ERR_NOT_FOUND;
}

int router_match(enum http_method m, const char *path, struct request *r)
{
	return router_match_in(http_routes, http_routes_count, m, path, r);
}
