/* xhtml.h: the document tree as EPUB 3 XHTML content documents (one per chapter), plus the
 * escaping and URL helpers the package files share. Knows nothing about zip files: epub.c
 * decides file names and hands them in through xhtml_opts. Every function here aborts on
 * out-of-memory (through buf/arena) and otherwise cannot fail. */
#ifndef HANJI_XHTML_H
#define HANJI_XHTML_H

#include "buf.h"
#include "doc.h"
#include "pagemap.h"
#include "present.h"

/* A print page marker: before the word of node's text at byte off (a word split by a hyphen at
 * the page break: before the whole word), or with off == PAGEMAP_BEFORE before node's element;
 * node NULL: at the end of the chapter. */
typedef struct xhtml_mark {
    const doc_node *node;
    size_t off;
    const char *label; /* the page's label ("12") */
} xhtml_mark;

typedef struct xhtml_opts {
    const present *present; /* the words the chapters show that the text does not */
    const char *lang;       /* BCP 47 tag for lang and xml:lang; must already be valid */
    int rtl; /* the book reads right to left: dir="rtl" on the page (else RTL paragraphs get
                dir="auto", their direction by their first strong character) */
    const char *css_href; /* stylesheet href relative to the chapter files, or NULL */
    /* The file that holds chapter ch, relative to the other content documents
     * ("chapter-02.xhtml"). Must not return NULL for a chapter of the book. */
    const char *(*chapter_file)(void *ud, const doc_node *ch);
    /* The href of the stored image for a project-relative path, or NULL when the image is not
     * in the book (then its alt text is shown instead). */
    const char *(*image_href)(void *ud, const char *path);
    /* The pixel size of the stored image for path (0 when unknown), or NULL: a figure's image
     * is then kept under FIGURE_MAX_VH of the page height through its max-width. */
    int (*image_size)(void *ud, const char *path, unsigned *width, unsigned *height);
    void *ud;
    /* Print page-list (optional): the markers of the pages that begin in this chapter, in page
     * order, each where its first printed line begins (positions never go backwards). */
    const struct xhtml_mark *marks;
    int nmarks;
} xhtml_opts;

/* How tall a figure's image may be, in percent of the page height (vh), so that it leaves room
 * for text on a phone's page. The stylesheet says max-height; foliate-js overrides an image's
 * max-height with its own but keeps its max-width, so a figure image of known size also gets
 * max-width: min(100%, FIGURE_MAX_VH * width / height vh) in its style attribute. */
#define FIGURE_MAX_VH 60

/* Appends UTF-8 text escaped for XML text and attribute values (&, <, >, " and '). Invalid
 * UTF-8 becomes U+FFFD; code points XML 1.0 forbids or discourages (C0 controls except tab,
 * LF and CR, DEL, C1 controls, noncharacters) are dropped; CR becomes LF. */
void xhtml_escape(buf *out, const char *s, size_t n);
void xhtml_escape_str(buf *out, const char *s);
/* xhtml_escape, with each run of a script whose language is not the book's (book_lang, a BCP
 * 47 tag) in <span lang=".." xml:lang="..">: Hangul "ko", kana "ja", Greek "el", Hebrew "he",
 * Arabic "ar", Thai "th", Armenian "hy", Georgian "ka". book_lang NULL: plain xhtml_escape. */
void xhtml_escape_lang(buf *out, const char *book_lang, const char *s, size_t n);
/* Appends a URL for an href/src attribute: characters that may not appear in a URI (space,
 * non-ASCII, quotes, <, >, controls...) are percent-encoded, '%' only when it does not start a
 * valid escape; the result is also XML-escaped. */
void xhtml_url(buf *out, const char *url);
/* Nonzero when url has a scheme ("https:", "mailto:"): an absolute link that leaves the book. */
int xhtml_url_is_absolute(const char *url);

/* A print page-break marker for the page labelled label: an empty span with
 * epub:type="pagebreak", role="doc-pagebreak", id "page_<label>" and the label as its
 * aria-label (the page-list links to "#page_<label>"). */
void xhtml_page_marker(buf *out, const char *label);

/* The opening of an XHTML content document up to and including the <body> tag.
 * body_type is an epub:type for <body> or NULL. */
void xhtml_begin(buf *out, const char *lang, int rtl, const char *title, const char *css_href,
                 const char *body_type);
void xhtml_end(buf *out);

/* Renders one CHAPTER as a complete XHTML document into out. a holds temporaries. */
void xhtml_chapter(arena *a, const xhtml_opts *o, const doc_node *chapter, buf *out);

#endif
