/*
 * A one-page sample document (papers.h, paper_render_sample): what the demo
 * attaches as an applicant's scanned component and as a digitised result,
 * so that its dossiers carry real files (docs/papers.md, "Sample
 * documents"). Plain libharu: a centred bold title, then the lines.
 */
#include "compat.h"

#include <hpdf.h>
#include <unistd.h>

#include "core/err.h"
#include "papers/papers.h"

#define SAMPLE_MARGIN 72.0f
#define SAMPLE_TITLE_SIZE 15.0f
#define SAMPLE_BODY_SIZE 11.0f

static void on_error(HPDF_STATUS status, HPDF_STATUS detail, void *data)
{
	(void)status;
	(void)detail;
	*(bool *)data = true;
}

static HPDF_Font font(HPDF_Doc pdf, const char *path)
{
	const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);

	return name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
}

static void line(HPDF_Page page, HPDF_Font f, float size, float y, bool centred, const char *s)
{
	float x = SAMPLE_MARGIN;

	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, f, size);
	if (centred)
		x = (HPDF_Page_GetWidth(page) - HPDF_Page_TextWidth(page, s)) / 2;
	HPDF_Page_TextOut(page, x, y, s);
	HPDF_Page_EndText(page);
}

int paper_render_sample(const struct paper_sample *s, const struct paper_fonts *fonts, char **pdf,
			size_t *len)
{
	bool failed = false;
	HPDF_Doc doc;
	HPDF_Font regular, bold;
	HPDF_Page page;
	HPDF_UINT32 size, got;
	float y;
	int rc = 0;

	*pdf = NULL;
	*len = 0;
	if (s->n_lines < 0 || s->n_lines > PAPER_SAMPLE_LINES_MAX)
		rc = ERR_TOO_LARGE;
	/* libharu leaks when it cannot open a font file: look first. */
	else if (access(fonts->regular, R_OK) || (fonts->bold[0] && access(fonts->bold, R_OK)))
		rc = ERR_IO;
	if (rc)
		return rc;
	if (!(doc = HPDF_New(on_error, &failed)))
		return ERR_NOMEM;
	HPDF_UseUTFEncodings(doc);
	HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "motcua");
	regular = font(doc, fonts->regular);
	bold = fonts->bold[0] ? font(doc, fonts->bold) : regular;
	page = HPDF_AddPage(doc);
	if (!failed && regular && bold && page) {
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		y = HPDF_Page_GetHeight(page) - SAMPLE_MARGIN;
		line(page, bold, SAMPLE_TITLE_SIZE, y, true, s->title);
		y -= 2.5f * SAMPLE_TITLE_SIZE;
		for (int i = 0; i < s->n_lines; i++, y -= 1.5f * SAMPLE_BODY_SIZE)
			line(page, regular, SAMPLE_BODY_SIZE, y, false, s->lines[i]);
	}
	if (failed || !regular || !bold || !page || HPDF_SaveToStream(doc) != HPDF_OK)
		rc = ERR_IO;
	size = got = rc ? 0 : HPDF_GetStreamSize(doc);
	if (!rc && !(*pdf = malloc(size ? size : 1)))
		rc = ERR_NOMEM;
	if (!rc) {
		HPDF_STATUS st = HPDF_ReadFromStream(doc, (HPDF_BYTE *)*pdf, &got);

		if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size || failed) {
			free(*pdf);
			*pdf = NULL;
			rc = ERR_IO;
		}
	}
	*len = rc ? 0 : size;
	HPDF_Free(doc);
	return rc;
}
