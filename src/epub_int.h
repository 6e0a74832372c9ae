/* epub_int.h: what the EPUB writer's two files share (the rest of hanji sees output.h): the
 * publication being built (epub) and the package files that epub_package.c makes for epub.c,
 * which zips them. libzip stays in epub.c: nothing here names a libzip type. */
#ifndef HANJI_EPUB_INT_H
#define HANJI_EPUB_INT_H

#include "book.h"
#include "buf.h"
#include "epub_fonts.h"
#include "pagemap.h"
#include "present.h"
#include "xhtml.h"

#define EPUB_DIR "EPUB/"

typedef struct entry {
    const char *name; /* path inside the zip */
    const void *data;
    size_t len;
    int store; /* 1: no compression (mimetype, and images already compressed) */
    /* an image whose bytes the book no longer holds (data NULL): its file is read again as it
     * is zipped (image_bytes), or NULL */
    const image_info *image;
} entry;

typedef struct epub {
    const book *b;
    arena *a;
    const config *cfg;
    const char *lang, *title, *identifier;
    entry *entries;
    int nentries, capentries;
    const doc_node **chapters;
    const char **chfiles; /* "chapter-01.xhtml", relative to EPUB/ */
    int nchapters;
    const char **imgfiles; /* parallel to b->images: "images/x.png", relative to EPUB/ */
    const present *pr;
    /* with the PDF's pages (b->pages): the document holding each page's marker
     * ("title.xhtml", a chapter file...), or NULL for a page not marked */
    const pagemap *map;
    const char **page_file;
    int *nav_slot;      /* for a marker in nav.xhtml, 0: before the contents; k > 0: inside the
                           k-th contents entry */
    xhtml_mark **marks; /* per chapter: the markers of the pages that begin in it */
    int *nmarks;
    epub_fonts *fonts;      /* with epub-fonts: embed, the faces embedded; else NULL */
    int has_page_list;      /* some page marker was emitted */
    const char *cover_href; /* the cover image's file, or NULL */
} epub;

/* Metadata helpers (epub_package.c). epub_safe_lang: a language tag safe for lang/xml:lang/
 * dc:language ("en" when the tag is not). epub_has_text: nonzero when s shows something once
 * escaped. epub_fallback_identifier: a deterministic urn:uuid from the title, in arena a. */
const char *epub_safe_lang(const char *lang);
int epub_has_text(const char *s);
const char *epub_fallback_identifier(arena *a, const char *title);

/* Plans where each PDF page's marker goes (e->page_file, e->nav_slot, e->marks), when the PDF
 * of the same run gave its pages (e->map). */
void epub_plan_pages(epub *e);

/* The package files, each appended to o (allocating in e->a; they abort on out-of-memory and
 * cannot fail otherwise): package.opf, nav.xhtml (its page-list by epub_make_page_list),
 * toc.ncx, and the cover, title and copyright pages. */
void epub_make_opf(epub *e, buf *o);
void epub_make_nav(epub *e, buf *o);
void epub_make_page_list(epub *e, buf *o);
void epub_make_ncx(epub *e, buf *o);
void epub_make_cover(epub *e, buf *o, const char *href);
void epub_make_titlepage(epub *e, buf *o);
void epub_make_copyright(epub *e, buf *o);

#endif
