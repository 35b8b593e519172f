/*
 * The QR payload of R-FORM-1 (docs/papers.md, "QR payload").
 *
 * One URL, so that a phone's camera opens it at once. What the public
 * tracking page needs (the dossier code and, on the applicant's own papers,
 * the tracking key) is in the query; what R-FORM-1 asks the code to say
 * besides (the paper, the procedure, the applicant's identifier, the
 * issuing system, the time of issue, the appointment) is in the fragment,
 * which a browser never sends to any server: the applicant's ID number
 * stays on the phone that scanned it.
 */
#include "compat.h"

#include "core/date.h"
#include "core/err.h"
#include "papers/papers.h"

/* Appends "sep name=value" (value encoded). false when it does not fit. */
static bool add_pair(char *out, size_t size, size_t *len, char sep, const char *name,
		     const char *value)
{
	int n = snprintf(out + *len, size - *len, "%c%s=", sep, name);

	if (n < 0 || (size_t)n >= size - *len)
		return false;
	*len += (size_t)n;
	n = paper_urlencode(out, size, *len, value ? value : "");
	if (n < 0)
		return false;
	*len = (size_t)n;
	return true;
}

static bool add_time(char *out, size_t size, size_t *len, const char *name, int64_t t)
{
	char text[INSTANT_TEXT_SIZE];

	instant_format(t, text);
	return add_pair(out, size, len, '&', name, text);
}

/* The base URL without its trailing slashes. */
static bool add_base(char *out, size_t size, size_t *len, const char *base)
{
	size_t n = base ? strlen(base) : 0;

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (n >= PAPER_URL_BYTES_MAX || n + 1 > size)
		return false;
	memcpy(out, base, n);
	out[n] = '\0';
	*len = n;
	return true;
}

int paper_qr_payload(const struct paper_qr *q, char *out, size_t size)
{
	const struct paper_template *t = paper_template(q->kind);
	size_t len = 0;
	bool ok;

	if (size > PAPER_QR_BYTES_MAX + 1)
		size = PAPER_QR_BYTES_MAX + 1;
	if (!t || !add_base(out, size, &len, q->base_url))
		return ERR_TOO_LARGE;
	if (q->kind == PAPER_TRACKING_BOOK) {
		ok = snprintf(out + len, size - len, "/api/v1/reports/tracking-book.pdf") > 0;
		len += strlen(out + len);
		ok = ok && add_pair(out, size, &len, '?', "unit", q->unit) &&
		     add_pair(out, size, &len, '&', "from", q->from) &&
		     add_pair(out, size, &len, '&', "to", q->to) &&
		     add_pair(out, size, &len, '#', "paper", t->id) &&
		     add_pair(out, size, &len, '&', "name", t->name);
	} else {
		ok = snprintf(out + len, size - len, "/tra-cuu") > 0;
		len += strlen(out + len);
		ok = ok && add_pair(out, size, &len, '?', "code", q->code) &&
		     (!q->key || !*q->key || add_pair(out, size, &len, '&', "key", q->key)) &&
		     add_pair(out, size, &len, '#', "paper", t->id) &&
		     add_pair(out, size, &len, '&', "name", t->name) &&
		     add_pair(out, size, &len, '&', "procedure", q->procedure) &&
		     add_pair(out, size, &len, '&', "applicant", q->applicant);
	}
	ok = ok && len < size && add_pair(out, size, &len, '&', "system", PAPER_SYSTEM_NAME) &&
	     add_time(out, size, &len, "issued", q->issued) &&
	     (q->kind != PAPER_RECEIPT || !q->due || add_time(out, size, &len, "due", q->due));
	return ok ? 0 : ERR_TOO_LARGE;
}
