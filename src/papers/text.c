/* Text of the papers: named values, dates, upper case, templates (papers.h). */
#include "compat.h"

#include <utf8proc.h>

#include "core/date.h"
#include "core/err.h"
#include "papers/papers.h"

static const char *const kind_ids[PAPER_KIND_COUNT] = {
	"receipt", "supplement", "refusal", "apology", "stop", "control-sheet", "tracking-book",
};

const char *paper_kind_id(enum paper_kind k)
{
	return (unsigned)k < PAPER_KIND_COUNT ? kind_ids[k] : NULL;
}

int paper_kind_parse(const char *s, size_t len, enum paper_kind *out)
{
	for (int k = 0; k < PAPER_KIND_COUNT; k++) {
		if (strlen(kind_ids[k]) == len && memcmp(kind_ids[k], s, len) == 0) {
			*out = (enum paper_kind)k;
			return 0;
		}
	}
	return ERR_NOT_FOUND;
}

/* The length of s cut to at most max bytes, not inside a UTF-8 sequence. */
static size_t cut_utf8(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

static struct paper_var *var_slot(struct paper_vars *vs, const char *name)
{
	for (int i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0)
			return &vs->v[i];
	if (vs->n == PAPER_VARS_MAX)
		return NULL;
	vs->v[vs->n].name = name;
	vs->v[vs->n].value = NULL;
	return &vs->v[vs->n++];
}

int paper_vars_set(struct paper_vars *vs, const char *name, const char *fmt, ...)
{
	struct paper_var *slot = var_slot(vs, name);
	char *text;
	va_list ap;
	int n;

	if (!slot)
		return ERR_TOO_LARGE;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ERR_NOMEM;
	text = malloc((size_t)n + 1);
	if (!text)
		return ERR_NOMEM;
	va_start(ap, fmt);
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	va_end(ap);
	text[cut_utf8(text, (size_t)n, PAPER_VAR_BYTES_MAX)] = '\0';
	free(slot->value);
	slot->value = text;
	return 0;
}

void paper_format_date(int64_t t, char out[11])
{
	struct ymd d = date_from_days(date_local_day(t));
	char text[32];

	snprintf(text, sizeof(text), "%02d/%02d/%04d", d.day, d.month, d.year);
	snprintf(out, 11, "%.10s", text);
}

void paper_format_dateline(int64_t t, char *out, size_t size)
{
	struct ymd d = date_from_days(date_local_day(t));

	snprintf(out, size, "ngày %02d tháng %02d năm %04d", d.day, d.month, d.year);
}

int paper_vars_date(struct paper_vars *vs, const char *name, int64_t t)
{
	char day[11];

	if (!t)
		return paper_vars_set(vs, name, "%s", "");
	paper_format_date(t, day);
	return paper_vars_set(vs, name, "%s", day);
}

int paper_vars_time(struct paper_vars *vs, const char *name, int64_t t)
{
	int32_t s = date_local_seconds(t);
	char day[11];

	if (!t)
		return paper_vars_set(vs, name, "%s", "");
	paper_format_date(t, day);
	return paper_vars_set(vs, name, "%02d giờ %02d phút, ngày %s", (int)(s / 3600),
			      (int)(s / 60 % 60), day);
}

int paper_vars_stamp(struct paper_vars *vs, const char *name, int64_t t)
{
	int32_t s = date_local_seconds(t);
	char day[11];

	if (!t)
		return paper_vars_set(vs, name, "%s", "");
	paper_format_date(t, day);
	return paper_vars_set(vs, name, "%02d:%02d %s", (int)(s / 3600), (int)(s / 60 % 60), day);
}

const char *paper_vars_get(const struct paper_vars *vs, const char *name)
{
	for (int i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0)
			return vs->v[i].value ? vs->v[i].value : "";
	return NULL;
}

void paper_vars_release(struct paper_vars *vs)
{
	for (int i = 0; i < vs->n; i++)
		free(vs->v[i].value);
	vs->n = 0;
}

void paper_upper(const char *s, char *out, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t o = 0;

	if (!size)
		return;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c), m;

		if (n <= 0) {
			enc[0] = *p;
			m = 1;
			n = 1;
		} else {
			m = utf8proc_encode_char(utf8proc_toupper(c), enc);
		}
		if (o + (size_t)m >= size)
			break;
		memcpy(out + o, enc, (size_t)m);
		o += (size_t)m;
		p += n;
	}
	out[o] = '\0';
}

/* A growing string for paper_fill. */
struct grow {
	char *s;
	size_t len, cap;
	bool failed;
};

static void grow_add(struct grow *g, const char *s, size_t n)
{
	if (g->failed)
		return;
	if (g->len + n + 1 > g->cap) {
		size_t cap = (g->len + n + 1) * 2;
		char *p = realloc(g->s, cap);

		if (!p) {
			g->failed = true;
			return;
		}
		g->s = p;
		g->cap = cap;
	}
	memcpy(g->s + g->len, s, n);
	g->len += n;
	g->s[g->len] = '\0';
}

char *paper_fill(const char *tmpl, const struct paper_vars *vs, const char **unknown)
{
	struct grow g = {0};
	const char *p = tmpl;

	if (unknown)
		*unknown = NULL;
	grow_add(&g, "", 0);
	while (*p) {
		const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
		char name[64];
		const char *v;

		size_t n = open && close ? (size_t)(close - open - 1) : 0;

		/* A name is [a-z0-9_]+; any other brace is text. */
		if (!n || n >= sizeof(name) ||
		    strspn(open + 1, "abcdefghijklmnopqrstuvwxyz0123456789_") != n) {
			grow_add(&g, p, open ? (size_t)(open - p + 1) : strlen(p));
			p = open ? open + 1 : p + strlen(p);
			continue;
		}
		grow_add(&g, p, (size_t)(open - p));
		memcpy(name, open + 1, (size_t)(close - open - 1));
		name[close - open - 1] = '\0';
		v = paper_vars_get(vs, name);
		if (!v && unknown && !*unknown)
			*unknown = open;
		grow_add(&g, v ? v : "", v ? strlen(v) : 0);
		p = close + 1;
	}
	if (g.failed) {
		free(g.s);
		return NULL;
	}
	return g.s;
}

int paper_urlencode(char *out, size_t size, size_t len, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char enc[4];
		size_t n = 1;

		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == ':') {
			enc[0] = (char)*p;
		} else if (*p == ' ') {
			enc[0] = '+';
		} else {
			enc[0] = '%';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			n = 3;
		}
		if (len + n >= size) {
			if (size)
				out[len < size ? len : size - 1] = '\0';
			return -1;
		}
		memcpy(out + len, enc, n);
		len += n;
	}
	if (len < size)
		out[len] = '\0';
	return len < size ? (int)len : -1;
}
