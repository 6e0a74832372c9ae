/* pagemap.h: what the EPUB's print page-list needs to know about the typeset pages, taken from
 * the layout so that epub.c and xhtml.c never see a layout type. */
#ifndef HANJI_PAGEMAP_H
#define HANJI_PAGEMAP_H

#include "book.h"
#include "layout.h"

/* For each page of ld, the text of its first line of body text (UTF-8, allocated in a), or
 * NULL when the page has none (blank pages, pages holding only a figure). The line holding the
 * page's folio -- the running head, or the folio under a chapter opening -- is not body text.
 * A superscript (a note reference) raised above its line counts as part of that line. Returns
 * an array of ld->npages entries in a; aborts on out-of-memory. */
const char **pagemap_heads(arena *a, const lay_doc *ld);

/* The PDF page label of every page of ld, as pdf.c writes /PageLabels: lower-case roman or
 * decimal numbers ("iv", "12"), blank pages included; a page with no numbering style gets its
 * physical number. Returns ld->npages strings in a; aborts on out-of-memory. */
const char **pagemap_labels(arena *a, const lay_doc *ld);

/* What each page of ld is to the EPUB (BOOK_PAGE_* from book.h): the pages before the first
 * arabic-numbered one are the front matter. Its outline's first entry on a front page is the
 * contents: the pages from there to the next front outline entry (lists of figures, tables) or
 * the body that hold text are BOOK_PAGE_CONTENTS. Of the pages before the contents that hold
 * text, the last is the copyright page and the one before it the title page (with only one,
 * that one is the title page); the rest of the front matter is BOOK_PAGE_FRONT. Returns
 * ld->npages entries in a; aborts on out-of-memory. */
unsigned char *pagemap_roles(arena *a, const lay_doc *ld);

#endif
