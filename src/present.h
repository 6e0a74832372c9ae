/* present.h: what the reader sees, worked out once after the tree passes and read by both
 * writers: the built-in words in the book's language, cross-reference texts, figure and table
 * labels, chapter titles, the contents (to toc-depth: one list for the PDF contents, the PDF
 * outline, the EPUB nav and the NCX), the title and copyright pages' lines and block-quote
 * attributions. Neither writer invents reader-visible text: layout_*.c, pdf.c, xhtml.c and
 * epub.c ask here. Everything lives in the build arena; nothing here fails. */
#ifndef HANJI_PRESENT_H
#define HANJI_PRESENT_H

#include "config.h"
#include "doc.h"

/* The built-in words. A template's %1 (and %2) are filled by present_fill. */
typedef enum present_word {
    PW_CHAPTER,          /* "Chapter" (before a chapter number) */
    PW_SECTION,          /* "Section" */
    PW_FIGURE,           /* "Figure" */
    PW_TABLE,            /* "Table" */
    PW_NOTE,             /* "Note" */
    PW_LABEL,            /* "%1 %2": a word and its number ("Figure 2.1") */
    PW_ON_PAGE,          /* "%1 on page %2" */
    PW_CONTENTS,         /* "Contents" */
    PW_LIST_FIGURES,     /* "List of Figures" */
    PW_LIST_TABLES,      /* "List of Tables" */
    PW_COVER,            /* "Cover" */
    PW_COVER_OF,         /* "Cover of %1" (the cover image's description) */
    PW_TITLE_PAGE,       /* "Title Page" */
    PW_COPYRIGHT,        /* "Copyright" */
    PW_START,            /* "Start of Content" */
    PW_LANDMARKS,        /* "Landmarks" */
    PW_PAGES,            /* "Pages" */
    PW_A11Y_SUMMARY,     /* the EPUB's accessibilitySummary: what the book has for everyone */
    PW_A11Y_ALT,         /* "%1 Its images have text alternatives." (%1: PW_A11Y_SUMMARY) */
    PW_A11Y_NO_ALT,      /* "%1 Some of its images have no text alternative." */
    PW_UNTITLED,         /* "Untitled" */
    PW_PUBLISHED_BY,     /* "Published by %1" */
    PW_DATE,             /* "Date: %1" */
    PW_TYPESET_WITH,     /* "Typeset with hanji %1" */
    PW_COPYRIGHT_LINE,   /* "© %1 %2": year and authors */
    PW_COPYRIGHT_NOYEAR, /* "© %1": authors */
    PW_AND,              /* " and ": between the last two of two authors */
    PW_SERIAL_AND,       /* ", and ": before the last of three or more */
    PW_LIST_SEP,         /* ", " */
    PW_CALLOUT_NOTE,     /* the titles of GitHub's alerts: "Note", "Tip", "Important", */
    PW_CALLOUT_TIP,      /* "Warning", "Caution" */
    PW_CALLOUT_IMPORTANT,
    PW_CALLOUT_WARNING,
    PW_CALLOUT_CAUTION,
    /* Labels, one template per kind ("%2": the number); a language without its own spells
       them as PW_LABEL with the word ("Chapter %2"), one that numbers otherwise has its own
       (ja "第%2章", ko "제%2장"). */
    PW_CHAPTER_LABEL,
    PW_SECTION_LABEL,
    PW_FIGURE_LABEL,
    PW_TABLE_LABEL,
    PW_NOTE_LABEL,
    PW_COUNT
} present_word;

/* One entry of the contents. */
typedef struct present_toc {
    const doc_node *target; /* the CHAPTER, or a HEADING with an id; a part: its first chapter */
    int level;              /* 0: a part's title (SUMMARY.md's "# Part"); 1: a chapter;
                               2..toc-depth: its headings */
    int depth;              /* nesting from 1, in the EPUB's nav and the PDF's outline: a
                               part's chapters and a chapter's sub-chapters one deeper */
    int nest;               /* how far a chapter (and its headings) is nested under chapters
                               in SUMMARY.md: 0 at the top; the PDF's contents indent it */
    const char *label;      /* "2", "2.3", or NULL */
    const char *title;      /* plain text ("" when none) */
    const char *text;       /* label and title as one line ("2.3 The Port") */
    const doc_node *title_node; /* the heading whose inlines make the title, or NULL */
} present_toc;

/* A line of the copyright page. */
typedef struct present_line {
    const char *kind; /* "book-title", "rights", "publisher", "date", "identifier", "colophon" */
    const char *text;
    int space_before; /* set apart from the line above */
} present_line;

typedef struct present {
    arena *a;
    const config *cfg;
    const char *words[PW_COUNT];
    present_toc *toc; /* the contents, in order */
    int ntoc;
    present_toc *figures, *tables; /* every numbered figure and table, in order (level 1; the
                                      list of figures and tables, in both outputs when asked) */
    int nfigures, ntables;
    int toc_depth;
    const char *title;   /* the book's title ("Untitled" when none) */
    const char *authors; /* all authors in one phrase ("A, B, and C"), or NULL */
    present_line *copyright;
    int ncopyright;
} present;

/* Works out the presentation of book (a DOC_BOOK after docpass_run) for cfg. Never fails. */
present *present_make(arena *a, const config *cfg, const doc_node *book);

/* The quotation marks of lang's typography, for smart punctuation: q[0] and q[1] open and
 * close a quotation, q[2] and q[3] one inside it (English: “ ” ‘ ’). Static strings. Returns
 * 0 when lang is set as English (its row, or no row), else 1. */
int present_quotes(const char *lang, const char *q[4]);

/* A template with %1 and %2 replaced (NULL arguments count as ""). */
const char *present_fill(const present *p, present_word w, const char *a1, const char *a2);

/* A chapter's title heading (its first level-1 heading, found by the tree passes), or NULL. */
const doc_node *present_title_heading(const doc_node *chapter);
/* A chapter's title as plain text ("" when it has none). */
const char *present_chapter_title(const doc_node *chapter);

/* The label a figure or table carries in its caption ("Figure 2.1"), a chapter at its opening
 * ("Chapter 2"); NULL when n is not numbered. */
const char *present_label(const present *p, const doc_node *n);
/* The title a callout (a BLOCKQUOTE with DOC_F_CALLOUT) prints: its kind's word ("Note",
 * "Hinweis"); NULL for any other node. */
const char *present_callout_title(const present *p, const doc_node *n);
/* The text a cross-reference to target shows: "Figure 2.1", "Table 3.1", "Chapter 3",
 * "Section 3.2", "Note 1", or the target's title when it has no number. NULL when the target
 * cannot be referred to by a label (present_can_xref). */
const char *present_xref(const present *p, const doc_node *target);
int present_can_xref(const doc_node *target);
/* The same with the printed page ("Figure 2.1 on page 14"). */
const char *present_xref_page(const present *p, const doc_node *target, const char *folio);

/* A block quote's attribution: its last block, when that is a paragraph of its own (not the
 * only one) that starts with an em dash, a horizontal bar or "--" (which smart punctuation has
 * made an en dash); else NULL. Both outputs set it apart. */
const doc_node *present_attribution(const doc_node *quote);

/* Every character the outputs may print for the book: its text and the words and lines above,
 * in increasing order, each once (for choosing the faces that draw them). Allocated in p's
 * arena; returns the count. */
int present_chars(const present *p, const doc_node *book, const uint32_t **cps);

#endif
