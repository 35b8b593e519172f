#include "compat.h"

#include "core/err.h"
#include "http/http.h"

/*
 * Matches one pattern against a path, segment by segment; "{x}" takes one
 * non-empty segment. Fills r->params on success.
 */
static bool match(const char *pattern, const char *path, struct request *r)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);

			if (len == 0 || len >= HTTP_PARAM_BYTES_MAX || n == HTTP_PARAMS_MAX)
				return false;
			if (r) {
				memcpy(r->params[n], s, len);
				r->params[n][len] = '\0';
			}
			n++;
			s += len;
			p = strchr(p, '}');
			if (!p)
				return false;
			p++;
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

int router_match(enum http_method m, const char *path, struct request *r)
{
	bool other_method = false;

	for (size_t i = 0; i < http_routes_count; i++) {
		if (!match(http_routes[i].pattern, path, NULL))
			continue;
		if (http_routes[i].method != m &&
		    !(m == HTTP_HEAD && http_routes[i].method == HTTP_GET)) {
			other_method = true;
			continue;
		}
		match(http_routes[i].pattern, path, r);
		return (int)i;
	}
	return other_method ? ERR_METHOD : ERR_NOT_FOUND;
}
