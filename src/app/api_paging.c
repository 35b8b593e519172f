/* Paging of collections (API.md "Conventions"); see api.h. */
#include "compat.h"

#include "app/api.h"
#include "core/err.h"

static int query_long(struct request *r, const char *name, long min, long max, long dflt,
		      long *out)
{
	const char *v = request_query(r, name);
	char *end;
	long n;

	*out = dflt;
	if (!v)
		return 0;
	if (*v >= '0' && *v <= '9') {
		errno = 0;
		n = strtol(v, &end, 10);
		if (!errno && !*end && n >= min && n <= max) {
			*out = n;
			return 0;
		}
	}
	resp_problem(r, ERR_INVALID, "'%s' must be a whole number %ld-%ld", name, min, max);
	return ERR_INVALID;
}

int api_paging(struct request *r, struct api_page *p)
{
	int rc = query_long(r, "page", 1, API_PAGE_MAX, 1, &p->page);

	if (!rc)
		rc = query_long(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE_DEFAULT,
				&p->per_page);
	if (rc) {
		*p = (struct api_page){1, API_PER_PAGE_DEFAULT, 0};
		return rc;
	}
	p->offset = (int64_t)(p->page - 1) * p->per_page;
	return 0;
}

json_t *api_page_json(const struct api_page *p, json_t *items, int64_t total)
{
	return json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total, "page",
			 (int)p->page, "per_page", (int)p->per_page);
}
