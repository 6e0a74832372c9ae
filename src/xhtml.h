/* xhtml.h: the document tree as EPUB 3 XHTML content documents (one per chapter), plus the
 * escaping and URL helpers the package files share. Knows nothing about zip files: epub.c
 * decides file names and hands them in through xhtml_opts. Every function here aborts on
 * out-of-memory (through buf/arena) and otherwise cannot fail. */
#ifndef HANJI_XHTML_H
#define HANJI_XHTML_H

#include "buf.h"
#include "doc.h"

typedef struct xhtml_opts {
    const char *lang;     /* BCP 47 tag for lang and xml:lang; must already be valid */
    const char *css_href; /* stylesheet href relative to the chapter files, or NULL */
    /* The file that holds chapter ch, relative to the other content documents
     * ("chapter-02.xhtml"). Must not return NULL for a chapter of the book. */
    const char *(*chapter_file)(void *ud, const doc_node *ch);
    /* The href of the stored image for a project-relative path, or NULL when the image is not
     * in the book (then its alt text is shown instead). */
    const char *(*image_href)(void *ud, const char *path);
    void *ud;
    /* Print page-list (optional): when folios is non-NULL, a node whose page is p >= 0 and
     * folios[p] != NULL gets a pagebreak marker with id "page_<folio>" (an underscore: no slug has
     * one) the first time that folio is seen in the chapter (the caller keeps the page-list in
     * step). */
    const char *const *folios;
    int npages;
    void (*on_page)(void *ud, int page); /* called for each page marker emitted; may be NULL */
    int *page_cursor; /* the last page marked so far (start at -1), kept across chapters so a
                         page is marked once per book; NULL: per chapter */
    /* With folios, optionally: heads[p] is the text of page p's first printed line (or NULL).
     * When a paragraph, heading or code block runs on to page p, the marker goes before the
     * word where that text begins inside it (a word split by a hyphen at the page break: before
     * the whole word); when the text is not found there, before the next block. */
    const char *const *heads;
} xhtml_opts;

/* Appends UTF-8 text escaped for XML text and attribute values (&, <, >, " and '). Invalid
 * UTF-8 becomes U+FFFD; code points XML 1.0 forbids or discourages (C0 controls except tab,
 * LF and CR, DEL, C1 controls, noncharacters) are dropped; CR becomes LF. */
void xhtml_escape(buf *out, const char *s, size_t n);
void xhtml_escape_str(buf *out, const char *s);
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
void xhtml_begin(buf *out, const char *lang, const char *title, const char *css_href,
                 const char *body_type);
void xhtml_end(buf *out);

/* The text a cross-reference with empty link text shows for target: "Figure 2.1",
 * "Table 3.1", "Chapter 3", "Section 3.2", or the target's title when it has no label.
 * Allocated in a. */
const char *xhtml_xref_text(arena *a, const doc_node *target);
/* The plain title of a CHAPTER or HEADING (its 'plain' field, else computed). */
const char *xhtml_plain(arena *a, const doc_node *n);

/* Renders one CHAPTER as a complete XHTML document into out. a holds temporaries. */
void xhtml_chapter(arena *a, const xhtml_opts *o, const doc_node *chapter, buf *out);

#endif
