/* pagemap.h: what the EPUB's print page-list needs to know about the typeset pages, taken from
 * the layout so that epub.c and xhtml.c never see a layout type. */
#ifndef HANJI_PAGEMAP_H
#define HANJI_PAGEMAP_H

#include "layout.h"

/* For each page of ld, the text of its first line of body text (UTF-8, allocated in a), or
 * NULL when the page has none (blank pages, pages holding only a figure). The line holding the
 * page's folio -- the running head, or the folio under a chapter opening -- is not body text.
 * A superscript (a note reference) raised above its line counts as part of that line. Returns
 * an array of ld->npages entries in a; aborts on out-of-memory. */
const char **pagemap_heads(arena *a, const lay_doc *ld);

#endif
