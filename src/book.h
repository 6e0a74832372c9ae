/* book.h: everything one build knows about the book, handed to both outputs. Built by build.c;
 * read-only for the writers. */
#ifndef HANJI_BOOK_H
#define HANJI_BOOK_H

#include "config.h"
#include "doc.h"
#include "image.h"

typedef struct book {
    arena *arena; /* the build arena: everything below lives in it */
    diag_ctx *diag;
    const config *cfg;
    const char *root;    /* the project folder as given on the command line */
    doc_node *doc;       /* DOC_BOOK */
    image_info **images; /* every image the book uses (cover first when set), each once */
    int nimages;
    const image_info *cover; /* NULL when no cover-image */
    long long modified;      /* SOURCE_DATE_EPOCH, or the newest source's mtime */
    const char *style_css;   /* book/style.css when present, else NULL */
    size_t style_css_len;
    /* With the PDF typeset in the same run: per PDF page, the text of its first line of body
     * text or NULL (pagemap_heads), so the EPUB's page markers can sit before the first word
     * printed on each page. NULL otherwise. */
    const char *const *page_heads;
} book;

/* The image record for a project-relative path, or NULL. */
const image_info *book_image(const book *b, const char *path);

#endif
