/* epub_fonts.h: the book's faces for the EPUB (epub-fonts: embed): which faces go in, each
 * subset to the characters of the text it draws, and the stylesheet that names them. Used by
 * epub.c; knows nothing about zip files. */
#ifndef HANJI_EPUB_FONTS_H
#define HANJI_EPUB_FONTS_H

#include "book.h"
#include "buf.h"
#include "font.h"

/* One font file of the EPUB. */
typedef struct epub_font {
    const char *file; /* "fonts/regular.ttf", relative to EPUB/ */
    buf data;
} epub_font;

typedef struct epub_fonts {
    epub_font *files;
    int nfiles;
    int style[FONT_STYLE_COUNT]; /* the file of each style, or -1 */
    int *fallback;               /* the files of the fallbacks embedded, in order */
    int nfallback;
    const char *text_family, *mono_family; /* CSS font-family names */
    const char **fallback_family;
} epub_fonts;

/* Chooses and subsets b->fonts for the text of the ndocs XHTML documents texts[i] (lens[i]
 * bytes). Files and names are in a (the files' data in bufs the caller frees); a face that
 * cannot be subset is reported to b->diag and left out. Never NULL. */
epub_fonts *epubfont_embed(const book *b, arena *a, const char *const *texts, const size_t *lens,
                           int ndocs);
/* The default stylesheet with @font-face rules for f and font lists led by its faces. */
void epubfont_css(const epub_fonts *f, buf *o);

#endif
