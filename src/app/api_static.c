/*
 * The web UI's files (docs/web.md), all embedded in the binary (the list
 * is web/files.txt, read by src/meson.build). When no API route matches,
 * the server tries web_routes (routes.c) here:
 *
 *   GET <page route>       web/pages/<file>.html, never cached
 *   GET /assets/<v>/<path> web/assets/<path>, cached for a year
 *   GET /assets/<path>     the same, revalidated each time
 *   anything else a browser asks for as a page: web/pages/404.html, 404
 *
 * The web routes are not part of the API (docs/openapi.json): /metrics
 * counts their requests with the unmatched ones, and the log names their
 * pattern.
 *
 * A page's file follows from its route's pattern (routes.c): drop the
 * "{param}" segments, "/" is "/index", add ".html". So "/thu-tuc/{code}"
 * is web/pages/thu-tuc.html and "/can-bo" web/pages/can-bo.html. Pages
 * name their assets "/assets/…"; this file rewrites each `"/assets/` of a
 * page to `"/assets/<v>/`, where <v> is a hash of every embedded web file,
 * so a new build never meets an old asset in a cache. An asset asked for
 * under another version is still answered, revalidated each time.
 *
 * Thread-safe: the files are constant and the version is computed once.
 */
#include "compat.h"

#include <pthread.h>

#include <sodium.h>

#include "app/api.h"
#include "core/err.h"
#include "data/embedded.h"

#define WEB_DIR "web/"
#define WEB_PAGES "web/pages"
#define WEB_ASSETS "web/assets/"
#define WEB_NOT_FOUND "web/pages/404.html"
#define WEB_PATH_BYTES_MAX 256
#define WEB_VERSION_BYTES 6 /* 12 hex digits */
#define WEB_VERSION_SIZE (2 * WEB_VERSION_BYTES + 1)
#define WEB_ASSET_PREFIX "\"/assets/"
#define WEB_CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define WEB_CACHE_REVALIDATE "no-cache"

static char web_version[WEB_VERSION_SIZE];
static pthread_once_t web_version_once = PTHREAD_ONCE_INIT;

static void web_version_init(void)
{
	unsigned char hash[WEB_VERSION_BYTES];
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, sizeof(hash));
	for (size_t i = 0; i < embedded_files_count; i++) {
		const struct embedded_file *f = &embedded_files[i];

		if (strncmp(f->path, WEB_DIR, strlen(WEB_DIR)) != 0)
			continue;
		/* The path with its NUL, then the bytes: renaming a file changes it too. */
		crypto_generichash_update(&st, (const unsigned char *)f->path, strlen(f->path) + 1);
		crypto_generichash_update(&st, f->data, f->len);
	}
	crypto_generichash_final(&st, hash, sizeof(hash));
	sodium_bin2hex(web_version, sizeof(web_version), hash, sizeof(hash));
}

static const char *version(void)
{
	pthread_once(&web_version_once, web_version_init);
	return web_version;
}

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
	};
	size_t len = strlen(path);

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		size_t n = strlen(types[i].ext);

		if (len > n && strcmp(path + len - n, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* Counts the `"/assets/` of a page. */
static size_t count_asset_refs(const char *s, size_t len)
{
	size_t n = 0, plen = strlen(WEB_ASSET_PREFIX);

	for (size_t i = 0; i + plen <= len; i++)
		if (memcmp(s + i, WEB_ASSET_PREFIX, plen) == 0) {
			n++;
			i += plen - 1;
		}
	return n;
}

/* Answers an embedded page with status, its asset URLs versioned; no-store. */
static int send_page(struct request *r, int status, const struct embedded_file *f)
{
	const char *v = version(), *src = (const char *)f->data;
	size_t plen = strlen(WEB_ASSET_PREFIX), vlen = strlen(v);
	size_t refs = count_asset_refs(src, f->len), out_len = 0;
	char *out = malloc(f->len + refs * (vlen + 1) + 1);
	int rc;

	if (!out)
		return ERR_NOMEM;
	for (size_t i = 0; i < f->len;) {
		if (i + plen <= f->len && memcmp(src + i, WEB_ASSET_PREFIX, plen) == 0) {
			memcpy(out + out_len, WEB_ASSET_PREFIX, plen);
			out_len += plen;
			memcpy(out + out_len, v, vlen);
			out_len += vlen;
			out[out_len++] = '/';
			i += plen;
			continue;
		}
		out[out_len++] = src[i++];
	}
	rc = resp_bytes(r, status, content_type(f->path), out, out_len);
	free(out);
	return rc;
}

static int send_not_found(struct request *r)
{
	const struct embedded_file *f = embedded_find(WEB_NOT_FOUND);

	if (!f)
		return resp_problem(r, ERR_NOT_FOUND, "no such page");
	return send_page(r, 404, f);
}

/*
 * The file of a page route: "web/pages" + the pattern without its
 * "/{param}" segments ("/" is "/index") + ".html". False when it is too long.
 */
static bool page_file(const char *pattern, char out[WEB_PATH_BYTES_MAX])
{
	size_t n = (size_t)snprintf(out, WEB_PATH_BYTES_MAX, "%s", WEB_PAGES);

	for (const char *p = pattern; *p;) {
		const char *end = strchr(p + 1, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (!(len > 1 && p[1] == '{')) {
			if (n + len >= WEB_PATH_BYTES_MAX)
				return false;
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	if (n == strlen(WEB_PAGES) || out[n - 1] == '/')
		n = (size_t)snprintf(out, WEB_PATH_BYTES_MAX, "%s/index", WEB_PAGES);
	if (n + strlen(".html") >= WEB_PATH_BYTES_MAX)
		return false;
	memcpy(out + n, ".html", strlen(".html") + 1);
	return true;
}

int api_page(struct request *r)
{
	char path[WEB_PATH_BYTES_MAX];
	const struct embedded_file *f;

	if (!page_file(r->route->pattern, path) || !(f = embedded_find(path)))
		return send_not_found(r); /* a page of the URL scheme not written yet */
	return send_page(r, 200, f);
}

/* For a browser asking for a page: the 404 page. False otherwise. */
static bool browser_not_found(struct request *r)
{
	const char *accept;

	if (r->method != HTTP_GET && r->method != HTTP_HEAD)
		return false;
	if (strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0)
		return false;
	accept = request_header(r, "Accept");
	if (!accept || !strstr(accept, "text/html"))
		return false;
	if (send_not_found(r) && !r->answered)
		resp_problem(r, ERR_NOMEM, NULL);
	return true;
}

/* Whether s (up to '/') is a version: WEB_VERSION_SIZE - 1 lowercase hex digits. */
static bool is_version(const char *s)
{
	size_t i;

	for (i = 0; i < WEB_VERSION_SIZE - 1; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[i] == '/';
}

int api_asset(struct request *r)
{
	const char *rest = r->path + strlen("/assets/"), *v = version();
	const struct embedded_file *f;
	char path[WEB_PATH_BYTES_MAX];
	bool current = false;

	if (is_version(rest)) {
		current = strncmp(rest, v, strlen(v)) == 0;
		rest += strlen(v) + 1;
	}
	/* Only the listed files exist; this keeps odd paths out of the lookup. */
	if (!*rest || strstr(rest, "..") || strstr(rest, "//") ||
	    (size_t)snprintf(path, sizeof(path), "%s%s", WEB_ASSETS, rest) >= sizeof(path) ||
	    !(f = embedded_find(path))) {
		if (browser_not_found(r))
			return 0;
		return resp_problem(r, ERR_NOT_FOUND, "no such asset");
	}
	snprintf(r->resp.cache_control, sizeof(r->resp.cache_control), "%s",
		 current ? WEB_CACHE_IMMUTABLE : WEB_CACHE_REVALIDATE);
	return resp_bytes(r, 200, content_type(path), f->data, f->len);
}

bool http_fallback(struct request *r)
{
	int i = router_match_in(web_routes, web_routes_count, r->method, r->path, r);
	int rc;

	if (i < 0)
		return browser_not_found(r);
	/* Public, bodiless, no sign-in: static files only. */
	r->route = &web_routes[i];
	rc = r->route->fn(r);
	if (rc && !r->answered)
		resp_problem(r, rc, NULL);
	return true;
}
