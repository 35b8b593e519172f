/*
 * papers.h: the papers of DOMAIN.md §6 as PDF (R-FORM-1, R-FORM-2;
 * docs/papers.md).
 *
 * A paper is a template (data: paper_template(), in forms.c) filled with
 * the values of one dossier or one unit's period (struct paper_input) and
 * laid out on A4 pages by paper_render() with libharu, in an embedded
 * TrueType font that has the whole Vietnamese alphabet (paper_fonts_find).
 * Every paper carries the QR code of R-FORM-1 in the top-left corner of
 * its first page; its payload is paper_qr_payload() (docs/papers.md says
 * it field by field).
 *
 * The input is plain text: the caller (src/app/api_papers.c) loads the
 * dossier and formats its values with the paper_vars_* helpers, so the
 * renderer does no I/O but reading the font files, and its output depends
 * on nothing but its input (the PDF's creation date is the time of issue):
 * the same input gives the same bytes.
 *
 * Thread-safety: every function works on its own arguments; libharu keeps
 * no global state, so papers can be rendered on several threads at once.
 */
#ifndef MOTCUA_PAPERS_PAPERS_H
#define MOTCUA_PAPERS_PAPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The papers, in the order of their form numbers (01 … 07). */
enum paper_kind {
	PAPER_RECEIPT,       /* 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
	PAPER_SUPPLEMENT,    /* 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
	PAPER_REFUSAL,       /* 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ */
	PAPER_APOLOGY,       /* 04 Văn bản xin lỗi và hẹn lại ngày trả kết quả */
	PAPER_STOP,          /* 05 Thông báo dừng giải quyết hồ sơ */
	PAPER_CONTROL_SHEET, /* 06 Phiếu kiểm soát quá trình giải quyết hồ sơ */
	PAPER_TRACKING_BOOK, /* 07 Sổ theo dõi hồ sơ */
	PAPER_KIND_COUNT
};

/* The name of the issuing system, in every QR payload and page footer. */
#define PAPER_SYSTEM_NAME "motcua Hải Phòng"
/* The place in the date line of a paper ("Hải Phòng, ngày … tháng … năm …"). */
#define PAPER_PLACE "Hải Phòng"

/* Limits (each checked; over them paper_render answers ERR_TOO_LARGE). */
#define PAPER_VARS_MAX 48        /* named values of one paper or one table row */
#define PAPER_VAR_BYTES_MAX 4096 /* one value */
#define PAPER_ITEMS_MAX 64       /* listed items */
#define PAPER_ROWS_MAX 5000      /* table rows (the tracking book's dossiers) */
#define PAPER_PAGES_MAX 1000
#define PAPER_URL_BYTES_MAX 256  /* the public base URL */
#define PAPER_QR_BYTES_MAX 1024  /* the QR payload */

/* The paper's id in URLs ("receipt", "control-sheet", …), or NULL. */
const char *paper_kind_id(enum paper_kind k);
/* Parses an id of len bytes. 0 or ERR_NOT_FOUND. */
int paper_kind_parse(const char *s, size_t len, enum paper_kind *out);

/* ---- Named values ---- */

struct paper_var {
	const char *name; /* a string literal */
	char *value;      /* owned */
};

/* A bag of named texts; zero-initialise, paper_vars_release() when done. */
struct paper_vars {
	struct paper_var v[PAPER_VARS_MAX];
	int n;
};

/*
 * Sets `name` (a string literal) to the formatted text, replacing an
 * earlier value. Text over PAPER_VAR_BYTES_MAX is cut at a character
 * boundary. 0, ERR_TOO_LARGE (more than PAPER_VARS_MAX names) or ERR_NOMEM.
 */
int paper_vars_set(struct paper_vars *vs, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets name to "dd/mm/yyyy" of instant t (local, UTC+7); "" when t is 0. */
int paper_vars_date(struct paper_vars *vs, const char *name, int64_t t);
/* Sets name to "HH giờ MM phút, ngày dd/mm/yyyy"; "" when t is 0. */
int paper_vars_time(struct paper_vars *vs, const char *name, int64_t t);
/* Sets name to "HH:MM dd/mm/yyyy" (table cells); "" when t is 0. */
int paper_vars_stamp(struct paper_vars *vs, const char *name, int64_t t);
/* The value of name, or NULL when it was not set. */
const char *paper_vars_get(const struct paper_vars *vs, const char *name);
void paper_vars_release(struct paper_vars *vs);

/* ---- Text helpers (pure; tests/unit/test_papers.c) ---- */

/* "dd/mm/yyyy" of instant t in local time (11 bytes with the NUL). */
void paper_format_date(int64_t t, char out[11]);
/* "ngày dd tháng mm năm yyyy" of t (the date line of a paper). */
void paper_format_dateline(int64_t t, char *out, size_t size);
/*
 * Upper case of UTF-8 text ("Sở Tài chính" → "SỞ TÀI CHÍNH"), for unit
 * names in headers. Invalid bytes are copied as they are. Cut to size.
 */
void paper_upper(const char *s, char *out, size_t size);
/*
 * Replaces each "{name}" in tmpl by its value in vs ("" when unset; a
 * brace that opens no name of [a-z0-9_] is copied). Returns a malloc'd string or NULL
 * (ERR_NOMEM). *unknown (may be NULL) is set to the first name that vs
 * does not hold, for the tests of the templates.
 */
char *paper_fill(const char *tmpl, const struct paper_vars *vs, const char **unknown);

/* ---- The QR code of R-FORM-1 ---- */

/* What the QR payload says (docs/papers.md, "QR payload"). */
struct paper_qr {
	const char *base_url;  /* the public base URL, e.g. "http://127.0.0.1:8080" */
	enum paper_kind kind;
	/* a dossier's paper (01-06) */
	const char *code;      /* dossier code */
	const char *key;       /* the tracking key, or NULL/"" to leave it out */
	const char *procedure; /* procedure code */
	const char *applicant; /* ID number or tax code */
	int64_t due;           /* the receipt's appointment; 0: none */
	/* the tracking book (07) */
	const char *unit;
	const char *from, *to; /* "YYYY-MM-DD" */
	int64_t issued;        /* time of issue */
};

/*
 * The payload as text (ASCII only: a URL whose values are percent-encoded
 * UTF-8). 0, ERR_TOO_LARGE (over size or PAPER_QR_BYTES_MAX).
 */
int paper_qr_payload(const struct paper_qr *q, char *out, size_t size);

/*
 * Appends s to out form-urlencoded (RFC 3986 unreserved characters and ':'
 * kept, as a query or fragment allows; space as '+'; every other byte %XX). Returns the new length, or -1 when
 * it does not fit in size (out is then cut and NUL-terminated).
 */
int paper_urlencode(char *out, size_t size, size_t len, const char *s);

/* ---- Templates (forms.c) ---- */

enum paper_block_kind {
	BLOCK_END,
	BLOCK_TEXT,    /* a paragraph: text with {name} and *bold* / _italic_ runs */
	BLOCK_LIST,    /* the input's items, one per line, with a leading "– " */
	BLOCK_TABLE,   /* the input's rows in the template's columns; runs over pages */
	BLOCK_SPACE,   /* vertical space of `size` points */
};

enum paper_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct paper_block {
	enum paper_block_kind kind;
	const char *text;
	enum paper_align align;
	float size;   /* font size; 0: the body size */
	float indent; /* points from the left margin */
	/* BLOCK_TEXT: shown only when this value is set and not empty (NULL: always) */
	const char *when;
};

struct paper_column {
	const char *title;
	const char *text; /* the cell: a template over the row's values */
	float width;      /* points */
	enum paper_align align;
};

struct paper_signature {
	const char *title; /* "NGƯỜI TIẾP NHẬN HỒ SƠ" */
	const char *note;  /* "(Ký và ghi rõ họ tên)" */
	const char *name;  /* a template: "{receiver_name}" */
};

#define PAPER_SIGNATURES_MAX 3

struct paper_template {
	enum paper_kind kind;
	const char *id;       /* as in URLs */
	const char *number;   /* "01" */
	const char *name;     /* the paper's name in a sentence (the QR's `name`) */
	const char *title;    /* the title line(s), upper case */
	const char *subtitle; /* a template, under the title */
	const char *legal;    /* the legal reference, in italics under the title */
	const char *valid_from; /* the template is in force from this day */
	bool landscape;
	const char *issuer_key; /* the value naming the issuing unit ("issuer_name") */
	const struct paper_block *blocks;      /* up to BLOCK_END */
	const struct paper_column *columns;    /* BLOCK_TABLE's; NULL-titled end */
	struct paper_signature signatures[PAPER_SIGNATURES_MAX]; /* NULL title: none */
};

/* The template of a paper (never NULL for a valid kind). */
const struct paper_template *paper_template(enum paper_kind k);

/*
 * The value names the templates may use, NULL-terminated (the tests check
 * every "{name}" of every template against it; docs/papers.md lists them).
 */
extern const char *const paper_var_names[];

/* ---- Rendering ---- */

struct paper_input {
	enum paper_kind kind;
	struct paper_vars vars;  /* the paper's values (paper_var_names) */
	char **items;            /* BLOCK_LIST: owned strings */
	int n_items;
	struct paper_vars *rows; /* BLOCK_TABLE: one bag per row, owned */
	int n_rows, rows_cap;
	struct paper_qr qr;
	int64_t issued;          /* time of issue: the date line and the PDF's dates */
};

/* Appends an item (copied). 0, ERR_TOO_LARGE, ERR_NOMEM. */
int paper_input_item(struct paper_input *in, const char *text);
/* Appends an empty row and returns it in *row. 0, ERR_TOO_LARGE, ERR_NOMEM. */
int paper_input_row(struct paper_input *in, struct paper_vars **row);
/* Frees what the input owns (not the struct). */
void paper_input_release(struct paper_input *in);

/* The font files of one family (regular, bold, italic). */
#define PAPER_FONT_PATH_MAX 512
struct paper_fonts {
	char family[64];
	char regular[PAPER_FONT_PATH_MAX];
	char bold[PAPER_FONT_PATH_MAX];
	char italic[PAPER_FONT_PATH_MAX];
};

/*
 * Finds the font (docs/papers.md, "Font"): the files named by the
 * environment variables MOTCUA_PAPER_FONT (regular; then _BOLD and _ITALIC,
 * each falling back to the regular one), else the first family of the
 * fallback list whose regular file exists: Liberation Sans 2
 * (fonts-liberation2), Noto Sans (fonts-noto-core). 0 or ERR_NOT_FOUND.
 */
int paper_fonts_find(struct paper_fonts *f);

/*
 * Renders a paper. On success *pdf is a malloc'd PDF of *len bytes (the
 * caller frees it). 0, ERR_NOT_FOUND (no font), ERR_TOO_LARGE (a limit),
 * ERR_NOMEM, ERR_IO (libharu failed; why says how). why may be NULL.
 */
int paper_render(const struct paper_input *in, const struct paper_fonts *fonts, char **pdf,
		 size_t *len, char *why, size_t why_size);

/*
 * A one-page sample document (sample.c): a bold centred title and up to
 * PAPER_SAMPLE_LINES_MAX lines, in the papers' font. The demo attaches
 * such files as scanned components and digitised results. *pdf is
 * malloc'd. 0, ERR_TOO_LARGE, ERR_NOMEM, ERR_IO (libharu or the font).
 */
#define PAPER_SAMPLE_LINES_MAX 40
struct paper_sample {
	const char *title;
	const char *const *lines;
	int n_lines;
};
int paper_render_sample(const struct paper_sample *s, const struct paper_fonts *fonts, char **pdf,
			size_t *len);

#endif
