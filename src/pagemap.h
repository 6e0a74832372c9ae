/* pagemap.h: where things are in the typeset book, filled by layout while it sets the pages
 * and read by the PDF writer and the EPUB: the page each node with an anchor starts on (link
 * destinations, "on page 12", the outline), and for every page its PDF label, what it is to
 * the EPUB (BOOK_PAGE_*) and where in the source its first printed line begins -- a (node,
 * offset) the EPUB's print page-list puts its marker at. Layout never writes into the document
 * tree; this map is the one place it reports to. Nothing here knows a layout or libharu type. */
#ifndef HANJI_PAGEMAP_H
#define HANJI_PAGEMAP_H

#include "doc.h"

/* A page start before a node's element rather than inside its text. */
#define PAGEMAP_BEFORE ((size_t)-1)

typedef struct pagemap_page {
    const char *label;    /* the PDF page label ("iv", "12"); blank pages included */
    unsigned char role;   /* BOOK_PAGE_* (book.h) */
    const doc_node *node; /* where the first printed line begins: a TEXT, CODE or CODEBLOCK node
                             with off the byte offset in its text, or any node with off ==
                             PAGEMAP_BEFORE (before its element); on a contents page, the
                             target of the first entry on it. NULL: no such line (blank pages,
                             front matter, a page of footnotes only) */
    size_t off;
} pagemap_page;

typedef struct pagemap {
    int npages;
    pagemap_page *pages;
    int nnodes;     /* the book's node count (doc_node.seq runs from 0 to nnodes - 1) */
    int *node_page; /* per node: 0-based page where its anchor is, or -1 */
    float *node_y;  /* per node: the anchor's distance from the page top (pt) */
} pagemap;

/* A map for a book of nnodes nodes with no page known yet. Allocated in a; never fails. */
pagemap *pagemap_new(arena *a, int nnodes);
/* The page of n's anchor (-1: none or unknown), and its y on that page. */
int pagemap_page_of(const pagemap *m, const doc_node *n);
float pagemap_y_of(const pagemap *m, const doc_node *n);
void pagemap_set(pagemap *m, const doc_node *n, int page, float y);
/* Makes room for npages pages (their fields zero, node NULL). */
void pagemap_set_pages(pagemap *m, arena *a, int npages);

/* n (>= 1) in lower-case roman numerals, allocated in a. */
const char *pagemap_roman(arena *a, int n);

/* Nonzero when position (na, oa) comes before (nb, ob) in the rendered order of the chapters
 * (document order; PAGEMAP_BEFORE before any offset of the same node). */
int pagemap_before(const doc_node *na, size_t oa, const doc_node *nb, size_t ob);

#endif
