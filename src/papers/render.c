/*
 * The layout of a paper with libharu (papers.h): the header with the QR
 * code of R-FORM-1 in the top-left corner, the title, the template's blocks
 * (paragraphs with bold and italic runs, lists, a table that runs over
 * pages with its header repeated), the signature blocks and a footer on
 * every page. Errors are sticky (house style 5): the first one is kept in
 * the layout and checked once before the PDF is saved.
 */
#include "compat.h"

#include <hpdf.h>
#include <qrencode.h>

#include "core/date.h"
#include "core/err.h"
#include "papers/papers.h"

#define PT_PER_MM (72.0f / 25.4f)
#define MARGIN_LEFT (25.0f * PT_PER_MM)
#define MARGIN_RIGHT (15.0f * PT_PER_MM)
#define MARGIN_TOP (14.0f * PT_PER_MM)
#define MARGIN_BOTTOM (18.0f * PT_PER_MM)
#define QR_SIZE (30.0f * PT_PER_MM)
#define BODY_SIZE 11.0f
#define TABLE_SIZE 7.5f
#define LINE_FACTOR 1.32f
#define CELL_PAD 2.5f
#define CELL_LINES_MAX 40
#define SIGNATURE_HEIGHT 118.0f
#define TOKENS_MAX 20000

enum style { STYLE_REGULAR, STYLE_BOLD, STYLE_ITALIC, STYLE_COUNT };

struct token {
	const char *s;
	size_t len;
	enum style style;
	bool space; /* a space before it (else glued to the one before) */
	float w;
};

/* A paragraph's words; the texts they point into are owned here. */
struct tokens {
	struct token *t;
	int n, cap;
	char **texts;
	int n_texts, texts_cap;
	float size;
};

struct layout {
	HPDF_Doc pdf;
	HPDF_Font font[STYLE_COUNT];
	HPDF_Page pages[PAPER_PAGES_MAX];
	int n_pages;
	float page_w, page_h;
	float left, right, top, bottom; /* the content box */
	float y;                        /* the top of the next line */
	int rc;                         /* the first error, sticky */
	unsigned long hpdf_status, hpdf_detail;
	const struct paper_input *in;
	const struct paper_template *t;
};

static void on_hpdf_error(HPDF_STATUS status, HPDF_STATUS detail, void *data)
{
	struct layout *L = data;

	/* Reading the whole saved stream ends in its EOF: not an error. */
	if (!L->rc && status != HPDF_STREAM_EOF) {
		L->rc = status == HPDF_FAILD_TO_ALLOC_MEM ? ERR_NOMEM : ERR_IO;
		L->hpdf_status = status;
		L->hpdf_detail = detail;
	}
}

static void fail(struct layout *L, int rc)
{
	if (!L->rc)
		L->rc = rc;
}

static HPDF_Page page(struct layout *L)
{
	return L->n_pages ? L->pages[L->n_pages - 1] : NULL;
}

static void new_page(struct layout *L)
{
	HPDF_Page p;

	if (L->rc)
		return;
	if (L->n_pages == PAPER_PAGES_MAX) {
		fail(L, ERR_TOO_LARGE);
		return;
	}
	p = HPDF_AddPage(L->pdf);
	if (!p) {
		fail(L, ERR_IO);
		return;
	}
	HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4,
			  L->t->landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	L->pages[L->n_pages++] = p;
	L->page_w = HPDF_Page_GetWidth(p);
	L->page_h = HPDF_Page_GetHeight(p);
	L->left = MARGIN_LEFT;
	L->right = L->page_w - MARGIN_RIGHT;
	L->top = L->page_h - MARGIN_TOP;
	L->bottom = MARGIN_BOTTOM;
	L->y = L->top;
}

static float text_width(struct layout *L, enum style st, float size, const char *s, size_t len)
{
	HPDF_TextWidth tw;

	if (!len || L->rc)
		return 0;
	tw = HPDF_Font_TextWidth(L->font[st], (const HPDF_BYTE *)s, (HPDF_UINT)len);
	return (float)tw.width * size / 1000.0f;
}

/* Draws len bytes of s with its left end at x, baseline y. */
static void draw_text(struct layout *L, enum style st, float size, float x, float y, const char *s,
		      size_t len)
{
	char buf[PAPER_VAR_BYTES_MAX + 1];

	if (L->rc || !len)
		return;
	if (len > PAPER_VAR_BYTES_MAX)
		len = PAPER_VAR_BYTES_MAX;
	memcpy(buf, s, len);
	buf[len] = '\0';
	HPDF_Page_BeginText(page(L));
	HPDF_Page_SetFontAndSize(page(L), L->font[st], size);
	HPDF_Page_TextOut(page(L), x, y, buf);
	HPDF_Page_EndText(page(L));
}

/* ---- Tokens: markup ("*bold*", "_italic_") parsed first, then values filled ---- */

static void tokens_release(struct tokens *tk)
{
	for (int i = 0; i < tk->n_texts; i++)
		free(tk->texts[i]);
	free(tk->texts);
	free(tk->t);
	memset(tk, 0, sizeof(*tk));
}

static struct token *token_add(struct layout *L, struct tokens *tk)
{
	if (tk->n == tk->cap) {
		int cap = tk->cap ? tk->cap * 2 : 32;
		struct token *t = cap <= TOKENS_MAX ? realloc(tk->t, (size_t)cap * sizeof(*t)) : NULL;

		if (!t) {
			fail(L, cap <= TOKENS_MAX ? ERR_NOMEM : ERR_TOO_LARGE);
			return NULL;
		}
		tk->t = t;
		tk->cap = cap;
	}
	memset(&tk->t[tk->n], 0, sizeof(tk->t[0]));
	return &tk->t[tk->n++];
}

/* Splits filled text into words of one style. space: whether the text follows a space. */
static void split_words(struct layout *L, struct tokens *tk, const char *text, enum style st,
			bool space)
{
	const char *p = text;

	while (*p && !L->rc) {
		const char *end = p;
		struct token *t;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			space = true;
			p++;
		}
		end = p;
		while (*end && *end != ' ' && *end != '\t' && *end != '\r' && *end != '\n')
			end++;
		if (end == p)
			break;
		t = token_add(L, tk);
		if (!t)
			return;
		t->s = p;
		t->len = (size_t)(end - p);
		t->style = st;
		t->space = space && tk->n > 1;
		t->w = text_width(L, st, tk->size, p, t->len);
		space = false;
		p = end;
	}
}

static bool keep_text(struct layout *L, struct tokens *tk, char *text)
{
	if (!text) {
		fail(L, ERR_NOMEM);
		return false;
	}
	if (tk->n_texts == tk->texts_cap) {
		int cap = tk->texts_cap ? tk->texts_cap * 2 : 8;
		char **p = realloc(tk->texts, (size_t)cap * sizeof(*p));

		if (!p) {
			free(text);
			fail(L, ERR_NOMEM);
			return false;
		}
		tk->texts = p;
		tk->texts_cap = cap;
	}
	tk->texts[tk->n_texts++] = text;
	return true;
}

/* The bytes before the next markup character; names in braces may hold '_'. */
static size_t markup_span(const char *p)
{
	size_t n = 0;

	while (p[n] && p[n] != '*' && p[n] != '_') {
		const char *close = p[n] == '{' ? strchr(p + n, '}') : NULL;

		n = close ? (size_t)(close - p) + 1 : n + 1;
	}
	return n;
}

/*
 * Parses a template's markup into runs, fills each run's values from vs and
 * appends its words. Markup is read before the values go in, so a value
 * with '*' or '_' stays as it is.
 */
static void tokenize(struct layout *L, struct tokens *tk, const char *tmpl, enum style base,
		     const struct paper_vars *vs)
{
	char run[PAPER_VAR_BYTES_MAX];
	enum style st = base;
	const char *p = tmpl;
	bool space = false;

	while (*p && !L->rc) {
		size_t n = markup_span(p);
		char *filled;

		if (n >= sizeof(run)) {
			fail(L, ERR_TOO_LARGE);
			return;
		}
		memcpy(run, p, n);
		run[n] = '\0';
		filled = paper_fill(run, vs, NULL);
		if (!keep_text(L, tk, filled))
			return;
		split_words(L, tk, filled, st, space || (n && run[0] == ' '));
		space = n && (run[n - 1] == ' ');
		p += n;
		if (*p == '*')
			st = st == STYLE_BOLD ? base : STYLE_BOLD;
		else if (*p == '_')
			st = st == STYLE_ITALIC ? base : STYLE_ITALIC;
		if (*p)
			p++;
	}
}

/* ---- Lines ---- */

struct line {
	int from, to; /* tokens [from, to) */
	float w;
};

/* How many bytes of t fit in w: up to a '-', '/' or '.', else whole characters (at least one). */
static size_t fit_bytes(struct layout *L, const struct token *t, float size, float w)
{
	size_t best = 0, soft = 0;

	for (size_t i = 1; i <= t->len; i++) {
		if (i < t->len && ((unsigned char)t->s[i] & 0xC0) == 0x80)
			continue;
		if (text_width(L, t->style, size, t->s, i) > w)
			break;
		best = i;
		if (strchr("-/.", t->s[i - 1]) && i < t->len)
			soft = i;
	}
	if (soft)
		return soft;
	if (best)
		return best;
	best = 1;
	while (best < t->len && ((unsigned char)t->s[best] & 0xC0) == 0x80)
		best++;
	return best;
}

/* Breaks a word wider than w into pieces (the rest glued), in place. */
static void break_long(struct layout *L, struct tokens *tk, int i, float w)
{
	struct token *t = &tk->t[i], rest;
	size_t n = fit_bytes(L, t, tk->size, w);

	if (n >= t->len)
		return;
	rest = *t;
	rest.s += n;
	rest.len -= n;
	rest.space = false;
	rest.w = text_width(L, rest.style, tk->size, rest.s, rest.len);
	t->len = n;
	t->w = text_width(L, t->style, tk->size, t->s, n);
	if (!token_add(L, tk))
		return;
	memmove(&tk->t[i + 2], &tk->t[i + 1], (size_t)(tk->n - i - 2) * sizeof(tk->t[0]));
	tk->t[i + 1] = rest;
}

/* Greedy line breaking to width w; returns the lines (malloc'd) and their count. */
static struct line *break_lines(struct layout *L, struct tokens *tk, float w, int *n_lines)
{
	float space = text_width(L, STYLE_REGULAR, tk->size, " ", 1);
	struct line *lines = NULL;
	int n = 0, cap = 0;
	float x = 0;

	for (int i = 0; i < tk->n && !L->rc; i++) {
		float gap = tk->t[i].space ? space : 0;

		if (n > 0 && x + gap + tk->t[i].w <= w) {
			x += gap + tk->t[i].w;
			lines[n - 1].to = i + 1;
			lines[n - 1].w = x;
			continue;
		}
		/* A new line; a word wider than a whole line is broken there. */
		if (n == cap) {
			struct line *p;

			cap = cap ? cap * 2 : 8;
			p = realloc(lines, (size_t)cap * sizeof(*p));
			if (!p) {
				fail(L, ERR_NOMEM);
				break;
			}
			lines = p;
		}
		if (tk->t[i].w > w)
			break_long(L, tk, i, w);
		lines[n].from = i;
		lines[n].to = i + 1;
		lines[n].w = x = tk->t[i].w;
		n++;
	}
	*n_lines = L->rc ? 0 : n;
	return lines;
}

/* Draws one line at baseline y, its box starting at x and w wide. */
static void draw_line(struct layout *L, const struct tokens *tk, const struct line *ln, float x,
		      float w, float y, enum paper_align align)
{
	float space = text_width(L, STYLE_REGULAR, tk->size, " ", 1);
	char buf[PAPER_VAR_BYTES_MAX + 1];

	if (align == ALIGN_CENTER)
		x += (w - ln->w) / 2;
	else if (align == ALIGN_RIGHT)
		x += w - ln->w;
	for (int i = ln->from; i < ln->to && !L->rc;) {
		enum style st = tk->t[i].style;
		size_t len = 0;
		int j = i;

		if (i > ln->from && tk->t[i].space)
			x += space;
		/* A group: the words of one style joined by their spaces. */
		for (; j < ln->to && tk->t[j].style == st && (j == i || tk->t[j].space); j++) {
			size_t add = tk->t[j].len + (j > i);

			if (len + add > PAPER_VAR_BYTES_MAX)
				break;
			if (j > i)
				buf[len++] = ' ';
			memcpy(buf + len, tk->t[j].s, tk->t[j].len);
			len += tk->t[j].len;
		}
		if (j == i)
			j = i + 1;
		draw_text(L, st, tk->size, x, y, buf, len);
		x += text_width(L, st, tk->size, buf, len);
		i = j;
	}
}

/*
 * A paragraph in the flow: wraps tmpl to the content width less indent,
 * breaking pages between lines. Advances L->y.
 */
static void paragraph(struct layout *L, const char *tmpl, const struct paper_vars *vs,
		      enum style base, float size, float indent, enum paper_align align)
{
	struct tokens tk = {.size = size};
	float lh = size * LINE_FACTOR, w = L->right - L->left - indent;
	struct line *lines;
	int n;

	tokenize(L, &tk, tmpl, base, vs);
	lines = break_lines(L, &tk, w, &n);
	for (int i = 0; i < n && !L->rc; i++) {
		if (L->y - lh < L->bottom)
			new_page(L);
		draw_line(L, &tk, &lines[i], L->left + indent, w, L->y - size, align);
		L->y -= lh;
	}
	free(lines);
	tokens_release(&tk);
}

/*
 * Text in a box (header blocks, table cells): at most max_lines lines of
 * width w from x, first baseline under y_top. Returns the lines it takes;
 * draws them only when draw.
 */
static int box_text(struct layout *L, const char *tmpl, const struct paper_vars *vs,
		    enum style base, float size, float x, float w, float y_top,
		    enum paper_align align, bool draw, int max_lines)
{
	struct tokens tk = {.size = size};
	struct line *lines;
	int n;

	tokenize(L, &tk, tmpl, base, vs);
	lines = break_lines(L, &tk, w, &n);
	if (n > max_lines)
		n = max_lines;
	for (int i = 0; draw && i < n && !L->rc; i++)
		draw_line(L, &tk, &lines[i], x, w, y_top - size - (float)i * size * LINE_FACTOR,
			  align);
	free(lines);
	tokens_release(&tk);
	return n;
}

/* Text taken as it is (no markup, no values): a value in a template of its own. */
static struct paper_vars *literal_vars(struct layout *L, const char *text)
{
	struct paper_vars *vs = calloc(1, sizeof(*vs));

	if (!vs || paper_vars_set(vs, "text", "%s", text)) {
		free(vs);
		fail(L, ERR_NOMEM);
		return NULL;
	}
	return vs;
}

static void literal(struct layout *L, const char *text, enum style st, float size, float indent)
{
	struct paper_vars *vs = literal_vars(L, text);

	if (vs)
		paragraph(L, "{text}", vs, st, size, indent, ALIGN_LEFT);
	if (vs)
		paper_vars_release(vs);
	free(vs);
}

/* Centered lines in a box; returns how many. */
static int literal_box(struct layout *L, const char *text, enum style st, float size, float x,
		       float w, float y_top, int max_lines)
{
	struct paper_vars *vs = literal_vars(L, text);
	int n = vs ? box_text(L, "{text}", vs, st, size, x, w, y_top, ALIGN_CENTER, true,
			      max_lines)
		   : 0;

	if (vs)
		paper_vars_release(vs);
	free(vs);
	return n;
}

/* ---- The QR code, the header, the title ---- */

static void draw_qr(struct layout *L, float x, float y_top, float size)
{
	char payload[PAPER_QR_BYTES_MAX + 1];
	QRcode *qr;
	float m;
	int rc = paper_qr_payload(&L->in->qr, payload, sizeof(payload));

	if (rc) {
		fail(L, rc);
		return;
	}
	qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		fail(L, errno == ENOMEM ? ERR_NOMEM : ERR_TOO_LARGE);
		return;
	}
	m = size / (float)qr->width;
	HPDF_Page_SetGrayFill(page(L), 0);
	/* One path of the dark runs of each row, filled once: no seams between modules. */
	for (int r = 0; r < qr->width; r++) {
		for (int c = 0; c < qr->width;) {
			int run = 0;

			while (c + run < qr->width && (qr->data[r * qr->width + c + run] & 1))
				run++;
			if (run)
				HPDF_Page_Rectangle(page(L), x + (float)c * m, y_top - (float)(r + 1) * m,
						    (float)run * m, m);
			c += run ? run : 1;
		}
	}
	HPDF_Page_Fill(page(L));
	QRcode_free(qr);
}

/* A centered line shrunk to fit w. */
static void centered(struct layout *L, enum style st, float size, float x, float w, float y,
		     const char *s)
{
	float tw = text_width(L, st, size, s, strlen(s));

	if (tw > w && tw > 0) {
		size *= w / tw;
		tw = w;
	}
	draw_text(L, st, size, x + (w - tw) / 2, y, s, strlen(s));
}

static void rule(struct layout *L, float x0, float x1, float y, float width)
{
	HPDF_Page_SetLineWidth(page(L), width);
	HPDF_Page_MoveTo(page(L), x0, y);
	HPDF_Page_LineTo(page(L), x1, y);
	HPDF_Page_Stroke(page(L));
}

/* The issuing unit (left) and the national motto with the date line (right). */
static void header(struct layout *L)
{
	const struct paper_vars *vs = &L->in->vars;
	const char *parent = paper_vars_get(vs, "issuer_parent_name");
	const char *issuer = paper_vars_get(vs, "issuer_name");
	char up[PAPER_VAR_BYTES_MAX], form[32], line[160], dateline[64];
	float w = L->right - L->left, ux = L->left + QR_SIZE + 10, uw = w * 0.52f - QR_SIZE - 10;
	float mx = L->left + w * 0.52f, mw = w * 0.48f, y = L->top - 10, uy = L->top - 4;
	float motto_w;
	int n;

	snprintf(form, sizeof(form), "Mẫu số %s", L->t->number);
	draw_text(L, STYLE_ITALIC, 8, L->right - text_width(L, STYLE_ITALIC, 8, form,
							    strlen(form)), L->top - 7, form,
		  strlen(form));
	draw_qr(L, L->left, L->top, QR_SIZE);
	/* The issuing unit, upper case, under its parent. */
	if (parent && *parent) {
		paper_upper(parent, up, sizeof(up));
		n = literal_box(L, up, STYLE_REGULAR, 8.5f, ux, uw, uy - 8, 3);
		uy -= 8 + (float)n * 8.5f * LINE_FACTOR;
	} else {
		uy -= 8;
	}
	paper_upper(issuer ? issuer : "", up, sizeof(up));
	n = literal_box(L, up, STYLE_BOLD, 8.5f, ux, uw, uy, 4);
	uy -= (float)n * 8.5f * LINE_FACTOR + 3;
	rule(L, ux + uw / 2 - 25, ux + uw / 2 + 25, uy, 0.6f);
	/* The national motto. */
	y -= 8;
	centered(L, STYLE_BOLD, 9.0f, mx, mw, y - 9, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	y -= 9 * LINE_FACTOR;
	centered(L, STYLE_BOLD, 10.0f, mx, mw, y - 10, "Độc lập - Tự do - Hạnh phúc");
	motto_w = text_width(L, STYLE_BOLD, 10.0f, "Độc lập - Tự do - Hạnh phúc",
			     strlen("Độc lập - Tự do - Hạnh phúc"));
	y -= 10 * LINE_FACTOR + 2;
	rule(L, mx + (mw - motto_w) / 2, mx + (mw + motto_w) / 2, y, 0.6f);
	paper_format_dateline(L->in->issued, dateline, sizeof(dateline));
	snprintf(line, sizeof(line), "%s, %s", PAPER_PLACE, dateline);
	y -= 8;
	centered(L, STYLE_ITALIC, 9.5f, mx, mw, y - 9.5f, line);
	y -= 9.5f * LINE_FACTOR;
	L->y = (y < uy ? y : uy);
	if (L->top - QR_SIZE < L->y)
		L->y = L->top - QR_SIZE;
	L->y -= 16;
}

static void title(struct layout *L)
{
	const struct paper_vars *vs = &L->in->vars;

	paragraph(L, L->t->title, vs, STYLE_BOLD, 13.5f, 0, ALIGN_CENTER);
	if (L->t->subtitle)
		paragraph(L, L->t->subtitle, vs, STYLE_REGULAR, BODY_SIZE, 0, ALIGN_CENTER);
	if (L->t->legal)
		paragraph(L, L->t->legal, vs, STYLE_ITALIC, 9.0f, 0, ALIGN_CENTER);
	L->y -= 10;
}

/* ---- The table ---- */

static int columns_count(const struct paper_template *t)
{
	int n = 0;

	while (t->columns && t->columns[n].title)
		n++;
	return n;
}

/* One row of cells (header: texts are the titles, in bold). Returns its height. */
static float table_row(struct layout *L, const struct paper_vars *row, bool head, bool draw)
{
	const struct paper_column *cols = L->t->columns;
	int nc = columns_count(L->t), lines = 1;
	float x = L->left, lh = TABLE_SIZE * LINE_FACTOR, h;

	for (int c = 0; c < nc; c++) {
		int n = box_text(L, head ? cols[c].title : cols[c].text, row,
				 head ? STYLE_BOLD : STYLE_REGULAR, TABLE_SIZE, 0,
				 cols[c].width - 2 * CELL_PAD, 0, cols[c].align, false,
				 CELL_LINES_MAX);

		if (n > lines)
			lines = n;
	}
	h = (float)lines * lh + 2 * CELL_PAD;
	if (!draw)
		return h;
	for (int c = 0; c < nc; c++) {
		box_text(L, head ? cols[c].title : cols[c].text, row,
			 head ? STYLE_BOLD : STYLE_REGULAR, TABLE_SIZE, x + CELL_PAD,
			 cols[c].width - 2 * CELL_PAD, L->y - CELL_PAD, head ? ALIGN_CENTER
									    : cols[c].align,
			 true, CELL_LINES_MAX);
		x += cols[c].width;
	}
	/* The grid after the texts: a path may not be open around text objects. */
	HPDF_Page_SetLineWidth(page(L), 0.5f);
	x = L->left;
	for (int c = 0; c < nc; c++) {
		HPDF_Page_Rectangle(page(L), x, L->y - h, cols[c].width, h);
		x += cols[c].width;
	}
	HPDF_Page_Stroke(page(L));
	L->y -= h;
	return h;
}

static void table(struct layout *L)
{
	const struct paper_vars *none = &L->in->vars;
	float head_h = table_row(L, none, true, false);

	if (L->y - head_h - 3 * TABLE_SIZE < L->bottom)
		new_page(L);
	table_row(L, none, true, true);
	for (int i = 0; i < L->in->n_rows && !L->rc; i++) {
		float h = table_row(L, &L->in->rows[i], false, false);

		if (L->y - h < L->bottom) {
			new_page(L);
			table_row(L, none, true, true);
		}
		table_row(L, &L->in->rows[i], false, true);
	}
	L->y -= 8;
}

/* ---- Blocks, signatures, footers ---- */

static void blocks(struct layout *L)
{
	const struct paper_vars *vs = &L->in->vars;

	for (const struct paper_block *b = L->t->blocks; b && b->kind != BLOCK_END && !L->rc; b++) {
		float size = b->size > 0 ? b->size : BODY_SIZE;
		const char *when = b->when ? paper_vars_get(vs, b->when) : NULL;

		switch (b->kind) {
		case BLOCK_TEXT:
			if (b->when && (!when || !*when))
				break;
			paragraph(L, b->text, vs, STYLE_REGULAR, size, b->indent, b->align);
			L->y -= 3;
			break;
		case BLOCK_LIST:
			for (int i = 0; i < L->in->n_items && !L->rc; i++) {
				if (L->y - size * LINE_FACTOR < L->bottom)
					new_page(L);
				draw_text(L, STYLE_REGULAR, size, L->left + b->indent + 3, L->y - size,
					  "–", strlen("–"));
				literal(L, L->in->items[i], STYLE_REGULAR, size, b->indent + 14);
			}
			L->y -= 3;
			break;
		case BLOCK_TABLE:
			table(L);
			break;
		case BLOCK_SPACE:
			L->y -= size;
			break;
		case BLOCK_END:
			break;
		}
	}
}

static void signatures(struct layout *L)
{
	const struct paper_signature *s = L->t->signatures;
	const struct paper_vars *vs = &L->in->vars;
	float w = L->right - L->left;
	int n = 0;

	while (n < PAPER_SIGNATURES_MAX && s[n].title)
		n++;
	if (!n)
		return;
	if (L->y - SIGNATURE_HEIGHT < L->bottom)
		new_page(L);
	L->y -= 6;
	for (int i = 0; i < n && !L->rc; i++) {
		/* One signer sits on the right half, as in official letters. */
		float cw = n == 1 ? w / 2 : w / (float)n, x = n == 1 ? L->left + w / 2
								   : L->left + cw * (float)i;
		float y = L->y;

		y -= (float)box_text(L, s[i].title, vs, STYLE_BOLD, 10, x, cw, y, ALIGN_CENTER, true,
				     3) * 10 * LINE_FACTOR;
		if (s[i].note)
			box_text(L, s[i].note, vs, STYLE_ITALIC, 9, x, cw, y, ALIGN_CENTER, true, 2);
		if (s[i].name)
			box_text(L, s[i].name, vs, STYLE_BOLD, 10.5f, x, cw, L->y - 92, ALIGN_CENTER,
				 true, 2);
	}
	L->y -= SIGNATURE_HEIGHT;
}

static void footers(struct layout *L)
{
	const char *code = paper_vars_get(&L->in->vars, "code");
	char left[256], right[32];

	if (!code || !*code)
		code = paper_vars_get(&L->in->vars, "unit_code");
	snprintf(left, sizeof(left), "%s – Mẫu số %s – %s", PAPER_SYSTEM_NAME, L->t->number,
		 code ? code : "");
	for (int i = 0; i < L->n_pages && !L->rc; i++) {
		HPDF_Page p = L->pages[i];
		float y = MARGIN_BOTTOM - 22;

		snprintf(right, sizeof(right), "Trang %d/%d", i + 1, L->n_pages);
		HPDF_Page_SetGrayStroke(p, 0.6f);
		HPDF_Page_SetLineWidth(p, 0.4f);
		HPDF_Page_MoveTo(p, MARGIN_LEFT, y + 10);
		HPDF_Page_LineTo(p, HPDF_Page_GetWidth(p) - MARGIN_RIGHT, y + 10);
		HPDF_Page_Stroke(p);
		HPDF_Page_BeginText(p);
		HPDF_Page_SetFontAndSize(p, L->font[STYLE_ITALIC], 7.5f);
		HPDF_Page_TextOut(p, MARGIN_LEFT, y, left);
		HPDF_Page_TextOut(p, HPDF_Page_GetWidth(p) - MARGIN_RIGHT -
					     HPDF_Page_TextWidth(p, right), y, right);
		HPDF_Page_EndText(p);
	}
}

/* ---- The document ---- */

/* The issue time as a PDF date in UTC+7: the only date the file holds. */
static HPDF_Date pdf_date(int64_t t)
{
	struct ymd d = date_from_days(date_local_day(t));
	int32_t s = date_local_seconds(t);
	HPDF_Date out = {d.year, d.month, d.day, s / 3600, s / 60 % 60, s % 60, '+', 7, 0};

	return out;
}

static void load_fonts(struct layout *L, const struct paper_fonts *f)
{
	const char *paths[STYLE_COUNT] = {f->regular, f->bold, f->italic};
	const char *names[STYLE_COUNT] = {NULL, NULL, NULL};

	for (int i = 0; i < STYLE_COUNT && !L->rc; i++) {
		/* A style without its own file uses the regular one (loaded once). */
		if (i && (!paths[i][0] || strcmp(paths[i], paths[0]) == 0))
			names[i] = names[0];
		else
			names[i] = HPDF_LoadTTFontFromFile(L->pdf, paths[i], HPDF_TRUE);
		if (names[i])
			L->font[i] = HPDF_GetFont(L->pdf, names[i], "UTF-8");
		if (!L->font[i])
			fail(L, ERR_IO);
	}
}

static int save(struct layout *L, char **pdf, size_t *len)
{
	HPDF_UINT32 size, got;
	HPDF_STATUS rc;
	char *buf;

	if (L->rc || HPDF_SaveToStream(L->pdf) != HPDF_OK)
		return L->rc ? L->rc : ERR_IO;
	size = got = HPDF_GetStreamSize(L->pdf);
	buf = malloc(size ? size : 1);
	if (!buf)
		return ERR_NOMEM;
	rc = HPDF_ReadFromStream(L->pdf, (HPDF_BYTE *)buf, &got);
	if ((rc != HPDF_OK && rc != HPDF_STREAM_EOF) || got != size || L->rc) {
		free(buf);
		return L->rc ? L->rc : ERR_IO;
	}
	*pdf = buf;
	*len = size;
	return 0;
}

int paper_render(const struct paper_input *in, const struct paper_fonts *fonts, char **pdf,
		 size_t *len, char *why, size_t why_size)
{
	struct layout *L = calloc(1, sizeof(*L));
	HPDF_Date date = pdf_date(in->issued);
	char info[160];
	int rc;

	*pdf = NULL;
	*len = 0;
	if (!L)
		return ERR_NOMEM;
	L->in = in;
	L->t = paper_template(in->kind);
	if (!L->t) {
		free(L);
		return ERR_NOT_FOUND;
	}
	L->pdf = HPDF_New(on_hpdf_error, L);
	if (!L->pdf) {
		free(L);
		return ERR_NOMEM;
	}
	HPDF_UseUTFEncodings(L->pdf);
	HPDF_SetCompressionMode(L->pdf, HPDF_COMP_ALL);
	HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_MOD_DATE, date);
	HPDF_SetInfoAttr(L->pdf, HPDF_INFO_CREATOR, "motcua");
	/* Info strings are PDFDocEncoding: ASCII only. */
	snprintf(info, sizeof(info), "Mau so %s (%s)", L->t->number, L->t->id);
	HPDF_SetInfoAttr(L->pdf, HPDF_INFO_TITLE, info);
	load_fonts(L, fonts);
	new_page(L);
	if (!L->rc)
		header(L);
	title(L);
	blocks(L);
	signatures(L);
	footers(L);
	rc = save(L, pdf, len);
	if (rc && why)
		snprintf(why, why_size, "libharu error 0x%04lX (detail %lu)", L->hpdf_status,
			 L->hpdf_detail);
	HPDF_Free(L->pdf);
	free(L);
	return rc;
}

/* ---- Input ---- */

int paper_input_item(struct paper_input *in, const char *text)
{
	char **items;
	char *copy;

	if (in->n_items >= PAPER_ITEMS_MAX)
		return ERR_TOO_LARGE;
	items = realloc(in->items, (size_t)(in->n_items + 1) * sizeof(*items));
	if (!items)
		return ERR_NOMEM;
	in->items = items;
	copy = strdup(text);
	if (!copy)
		return ERR_NOMEM;
	in->items[in->n_items++] = copy;
	return 0;
}

int paper_input_row(struct paper_input *in, struct paper_vars **row)
{
	if (in->n_rows >= PAPER_ROWS_MAX)
		return ERR_TOO_LARGE;
	if (in->n_rows == in->rows_cap) {
		int cap = in->rows_cap ? in->rows_cap * 2 : 16;
		struct paper_vars *p = realloc(in->rows, (size_t)cap * sizeof(*p));

		if (!p)
			return ERR_NOMEM;
		in->rows = p;
		in->rows_cap = cap;
	}
	*row = &in->rows[in->n_rows++];
	memset(*row, 0, sizeof(**row));
	return 0;
}

void paper_input_release(struct paper_input *in)
{
	paper_vars_release(&in->vars);
	for (int i = 0; i < in->n_items; i++)
		free(in->items[i]);
	free(in->items);
	for (int i = 0; i < in->n_rows; i++)
		paper_vars_release(&in->rows[i]);
	free(in->rows);
	in->items = NULL;
	in->rows = NULL;
	in->n_items = in->n_rows = in->rows_cap = 0;
}
