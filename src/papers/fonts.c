/*
 * The font of the papers (R-FORM-2; docs/papers.md, "Font"): a TrueType
 * family with the whole Vietnamese alphabet, read at run time from its
 * Debian path and embedded in each PDF. DejaVu is deliberately not in the
 * list: it drops the top mark of letters with two diacritics ("GIẤY" is
 * drawn "GIÂY"; ARCHITECTURE.md).
 */
#include "compat.h"

#include <unistd.h>

#include "core/err.h"
#include "papers/papers.h"

static const struct {
	const char *family, *regular, *bold, *italic;
} fallback[] = {
	/* Debian fonts-liberation2 (scripts/deps.sh installs it) */
	{"Liberation Sans", "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
	 "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
	 "/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf"},
	/* Debian fonts-noto-core */
	{"Noto Sans", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
	 "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
	 "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf"},
};

static bool readable(const char *path)
{
	return path && *path && access(path, R_OK) == 0;
}

static void copy_path(char out[PAPER_FONT_PATH_MAX], const char *path, const char *or_else)
{
	snprintf(out, PAPER_FONT_PATH_MAX, "%s", readable(path) ? path : or_else);
}

int paper_fonts_find(struct paper_fonts *f)
{
	const char *own = getenv("MOTCUA_PAPER_FONT");

	memset(f, 0, sizeof(*f));
	if (readable(own) && strlen(own) < PAPER_FONT_PATH_MAX) {
		snprintf(f->family, sizeof(f->family), "MOTCUA_PAPER_FONT");
		copy_path(f->regular, own, own);
		copy_path(f->bold, getenv("MOTCUA_PAPER_FONT_BOLD"), own);
		copy_path(f->italic, getenv("MOTCUA_PAPER_FONT_ITALIC"), own);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(fallback); i++) {
		if (!readable(fallback[i].regular))
			continue;
		snprintf(f->family, sizeof(f->family), "%s", fallback[i].family);
		copy_path(f->regular, fallback[i].regular, fallback[i].regular);
		copy_path(f->bold, fallback[i].bold, fallback[i].regular);
		copy_path(f->italic, fallback[i].italic, fallback[i].regular);
		return 0;
	}
	return ERR_NOT_FOUND;
}
