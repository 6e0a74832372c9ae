/* doc.h: the document tree both outputs read. md.c builds it from cmark-gfm's tree, doc_pass.c
 * gives it ids, numbers and resolved links, xhtml.c and layout_*.c read it. Nothing here knows
 * about cmark, PDF or EPUB.
 *
 * Shape (checked by doc_check):
 *   BOOK > CHAPTER*
 *   CHAPTER > block*  [NOTES]          (NOTES, when present, is the last child)
 *   block    = HEADING | PARA | FIGURE | BLOCKQUOTE | LIST | CODEBLOCK | THEMATIC | TABLE
 *   HEADING, PARA, FIGURE (its caption), TABLE_CELL > inline*
 *   BLOCKQUOTE, ITEM, FOOTNOTE > block*
 *   LIST > ITEM+ ; TABLE > TABLE_ROW+ > TABLE_CELL+ ; NOTES > FOOTNOTE+
 *   inline   = TEXT | SOFTBREAK | LINEBREAK | CODE | EMPH | STRONG | STRIKE | LINK | IMAGE |
 *              NOTEREF | SUP | SUB | KBD
 *   EMPH, STRONG, STRIKE, LINK, IMAGE, SUP, SUB, KBD > inline* ; the rest are leaves.
 * All strings are UTF-8 and live in the build arena. */
#ifndef HANJI_DOC_H
#define HANJI_DOC_H

#include "arena.h"

typedef enum doc_kind {
    DOC_BOOK,
    DOC_CHAPTER, /* one per chapter file; id, number (its place in the book), label (its
                    printed number; NULL when DOC_F_UNNUMBERED), plain (title text), file;
                    level: its nesting in SUMMARY.md (0 when not from one); info: the title of
                    the part it opens (SUMMARY.md's "# Part"), or NULL */
    DOC_HEADING, /* level 1..6; id; label "2.3" for level 2 sections; the chapter's title is
                    its first level-1 heading */
    DOC_PARA,
    DOC_FIGURE,     /* an image alone in a paragraph; url as written, path resolved; id;
                       number within chapter; label "2.1"; children: the caption, which is
                       the image's title when it has one (alt then holds the alt text), else
                       its alt text; flags DOC_F_DECORATIVE */
    DOC_BLOCKQUOTE, /* flags DOC_F_CALLOUT with info the kind: a callout (GitHub's alert) */
    DOC_LIST,       /* number = start; flags DOC_F_ORDERED, DOC_F_TIGHT */
    DOC_ITEM,       /* flags DOC_F_TASK, DOC_F_CHECKED */
    DOC_CODEBLOCK,  /* text/len literal (ends with '\n'); info = language */
    DOC_THEMATIC,
    DOC_TABLE,      /* number/label/id when captioned ("Table: ..." paragraph after it);
                       caption inlines are kept in 'caption' */
    DOC_TABLE_ROW,  /* flags DOC_F_HEADER for the header row */
    DOC_TABLE_CELL, /* align */
    DOC_NOTES,      /* the chapter's footnotes, in order of first reference */
    DOC_FOOTNOTE,   /* id "fn-..."; number (per chapter, from 1); label "1" */
    /* inlines */
    DOC_TEXT, /* text/len */
    DOC_SOFTBREAK,
    DOC_LINEBREAK,
    DOC_CODE, /* text/len */
    DOC_EMPH,
    DOC_STRONG,
    DOC_STRIKE,
    DOC_LINK,    /* url as written; info = title; target when internal; flags DOC_F_XREF when
                    its text was empty and it renders the target's label */
    DOC_IMAGE,   /* inline image: url, path; info = title; children: alt text; flags
                    DOC_F_DECORATIVE */
    DOC_NOTEREF, /* target = the FOOTNOTE; label = its number */
    DOC_SUP,     /* superscript, subscript, keyboard input: HTML's <sup>, <sub>, <kbd> */
    DOC_SUB,
    DOC_KBD,
    DOC_KIND_COUNT
} doc_kind;

enum {
    DOC_F_ORDERED = 1 << 0,
    DOC_F_TIGHT = 1 << 1,
    DOC_F_TASK = 1 << 2,
    DOC_F_CHECKED = 1 << 3,
    DOC_F_HEADER = 1 << 4,
    DOC_F_XREF = 1 << 5,       /* link with empty text: render the target's label */
    DOC_F_XREF_PAGE = 1 << 6,  /* ...and its page in the PDF ("Figure 2.1 on page 14") */
    DOC_F_UNNUMBERED = 1 << 7, /* CHAPTER: a prefix or suffix chapter (mdBook's), no number */
    DOC_F_CALLOUT = 1 << 8,    /* BLOCKQUOTE: GitHub's `> [!NOTE]`; info: "note", "tip",
                                  "important", "warning" or "caution" */
    DOC_F_HTML = 1 << 9,       /* TEXT: a raw HTML fragment md.c hands to html.c, which replaces
                                  it; never in a finished tree */
    DOC_F_DEFS = 1 << 10,      /* LIST: a definition list (HTML's <dl>) */
    DOC_F_TERM = 1 << 11,      /* ITEM of a DEFS list: a term (<dt>); else a definition */
    DOC_F_DECORATIVE = 1 << 12 /* FIGURE, IMAGE: marked `{.decorative}`: no description wanted
                                  (alt="" role="presentation"); see md.c */
};

enum { DOC_ALIGN_NONE, DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT };

typedef struct doc_node doc_node;
struct doc_node {
    doc_kind kind;
    doc_node *parent, *first, *last, *prev, *next;
    const char *file; /* project-relative source file ("book/intro.md") */
    int line, col;    /* 1-based source position; 0 when unknown */
    const char *text; /* TEXT, CODE, CODEBLOCK: literal (not NUL-terminated inside) */
    size_t len;
    const char *url;       /* LINK href, IMAGE/FIGURE src, as written */
    const char *path;      /* IMAGE/FIGURE: project-relative normalised path; NULL when invalid */
    const char *id;        /* CHAPTER, HEADING, FIGURE, TABLE, FOOTNOTE: unique across the book */
    const char *info;      /* CODEBLOCK: language; LINK: title */
    const char *alias;     /* block: other names links may use for it ('\n'-separated): the HTML
                              anchors before it (`<a id="old-name"></a>`) */
    const char *label;     /* CHAPTER "2", HEADING "2.3", FIGURE "2.1", TABLE "2.1", FOOTNOTE "1" */
    const char *plain;     /* CHAPTER, HEADING, FIGURE, TABLE: caption/title as plain text */
    const char *alt;       /* FIGURE with a title (its caption): the alt text, plain; else NULL
                              (the caption is the alt text) */
    doc_node *caption;     /* TABLE: a PARA holding the caption inlines, not in the child list */
    doc_node *target;      /* LINK (internal), NOTEREF: resolved target node */
    doc_node *chapter;     /* the CHAPTER a node belongs to (set by doc passes for targets) */
    const doc_node *title; /* CHAPTER: its title heading (the first level-1 heading), or NULL */
    int level;             /* HEADING: 1..6 */
    int number;            /* CHAPTER: 1-based; FIGURE/TABLE/FOOTNOTE: within chapter; LIST: start;
                              BOOK: how many nodes the book has (see seq) */
    int flags;             /* DOC_F_* */
    int align;             /* TABLE_CELL: DOC_ALIGN_* */
    int width;             /* IMAGE, FIGURE: the width HTML's <img width> asks for, in CSS px
                              (0: none) */
    int seq;    /* position in document order, from 0 (the tree passes number every node, a table's
                   caption right after its table; BOOK's number is the count); -1 before */
    void *user; /* free for a pass to use */
    const struct hl_span *hl; /* CODEBLOCK: its highlighted tokens (highlight.c's hl_book), nhl
                                 of them; NULL when plain */
    int nhl;
};

/* Creates a detached node. Never fails (out of memory aborts). */
doc_node *doc_new(arena *a, doc_kind kind, const char *file, int line, int col);
void doc_append(doc_node *parent, doc_node *child);
void doc_insert_before(doc_node *sibling, doc_node *child);
void doc_unlink(doc_node *n);
const char *doc_kind_name(doc_kind k);
int doc_is_block(doc_kind k);
int doc_is_inline(doc_kind k);
/* The plain text of n's inline content (TEXT and CODE concatenated, breaks as spaces). */
char *doc_plain_text(arena *a, const doc_node *n);
/* Does the SOFTBREAK sb read as a space? Not between two East Asian wide characters (Han,
 * kana, CJK punctuation, full-width forms) unless one is Hangul (Korean sets spaces), nor next
 * to a zero-width space: CSS Text 3's segment break transformation. Both outputs and the plain
 * text ask here, so they agree. */
int doc_softbreak_is_space(const doc_node *sb);

/* The chapter that contains n, or NULL. */
doc_node *doc_chapter_of(const doc_node *n);

/* Joins chapter sub to chapter into: sub's blocks go after into's (before its NOTES), sub's
 * footnotes after into's, numbered on from them; sub is unlinked from the book, empty. */
void doc_merge_chapter(doc_node *into, doc_node *sub);

/* The one policy for links that leave the book, shared by both outputs (the PDF's URI
 * annotations and the EPUB's <a href>): nonzero when url may be a live link. It must be
 * absolute with a scheme on the allow list: http, https, ftp, mailto, tel, urn (compared
 * without regard to case). Everything else is text: javascript:, vbscript:, data: and file:
 * (they run code or reach the reader's files), any scheme not on the list, and relative URLs
 * (a link inside the book is resolved to a target, never passed on as a URL), and a URL of
 * more than DOC_MAX_URL bytes (no browser takes one; libharu fails on 65,535). */
#define DOC_MAX_URL 8192
int doc_url_is_live(const char *url);
/* Why doc_url_is_live refuses url, for a message ("the scheme 'javascript:' is not ...",
 * "it is not an absolute URL"); NULL when it does not. */
const char *doc_url_refusal(arena *a, const char *url);

/* Leaves (TEXT, SOFTBREAK, LINEBREAK, CODE, CODEBLOCK, THEMATIC, NOTEREF) have no children. */
int doc_is_leaf(doc_kind k);

/* Iterative pre/post-order walk (no recursion, so deep trees are safe), like cmark's iterator:
 *   doc_iter it; doc_iter_init(&it, root);
 *   while (doc_iter_next(&it)) { it.node, it.entering }
 * Containers are seen entering and exiting (also when empty); leaves once, entering.
 * Do not unlink the current node while walking. */
typedef struct doc_iter {
    doc_node *root, *node;
    int entering;
    int started;
} doc_iter;
void doc_iter_init(doc_iter *it, doc_node *root);
int doc_iter_next(doc_iter *it);

/* Checks the tree invariants described above. Returns 0, or -1 with a description in msg. */
int doc_check(const doc_node *root, char *msg, size_t msgsize);

#endif
