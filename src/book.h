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
    /* What the reader sees (present.h): the words, contents, front matter. */
    const struct present *present;
    /* With the PDF typeset in the same run: where its pages begin and what they are (pagemap.h),
     * for the EPUB's print page-list; NULL otherwise. */
    const struct pagemap *pages;
    /* The book's faces when book.yaml asks for fonts in the EPUB (epub-fonts: embed), else
     * NULL. The EPUB writer subsets them without touching the PDF's subset marks. */
    struct font_set *fonts;
    /* What a watch session's earlier builds derived (memo.h), or NULL in a fresh build. */
    const struct memo *memo;
} book;

/* What a PDF page is to the EPUB's print page-list (pagemap_page.role). */
enum {
    BOOK_PAGE_BODY,      /* a page of the chapters */
    BOOK_PAGE_FRONT,     /* front matter with no EPUB document of its own: the half-title,
                            blank pages, lists of figures and tables */
    BOOK_PAGE_TITLE,     /* the title page */
    BOOK_PAGE_COPYRIGHT, /* the copyright page */
    BOOK_PAGE_CONTENTS   /* a page of the contents */
};

/* The image record for a project-relative path, or NULL. */
const image_info *book_image(const book *b, const char *path);

#endif
