/* summary.h: mdBook's table of contents, SUMMARY.md: the chapters of a book in order, their
 * nesting, the parts they fall into, draft chapters (no file yet) and the unnumbered prefix and
 * suffix chapters. Read line by line, as mdBook writes it:
 *
 *   # Summary                       the first heading, before any chapter: the page's title
 *   [Introduction](README.md)       prefix chapter (before the first list item): unnumbered
 *   # Part One                      a part title: opens a part with the next chapter
 *   - [First](first.md)             a numbered chapter ('-', '*' or '+')
 *       - [Nested](first/nested.md) a sub-chapter (deeper indentation)
 *       - [Draft]()                 a draft chapter: listed, no file
 *   ---                             a separator (ignored)
 *   [Contributors](contrib.md)      suffix chapter (after the list): unnumbered
 *
 * HTML comments and blank lines are skipped; any other line is a warning at its place. */
#ifndef HANJI_SUMMARY_H
#define HANJI_SUMMARY_H

#include "arena.h"
#include "diag.h"

typedef struct summary_entry {
    const char *title; /* the link's text, its backslash escapes and backticks removed */
    const char *path;  /* the link's destination, percent-decoded, as written (relative to the
                          SUMMARY.md's folder); NULL for a draft chapter */
    const char *part;  /* the title of the part this entry opens, or NULL */
    int depth;         /* 0: prefix or suffix chapter; 1: list item; 2, 3...: nested */
    int parent;        /* the index of the entry it is nested in, or -1 */
    int line, col;     /* where the link starts in SUMMARY.md */
} summary_entry;

/* Parses SUMMARY.md's text (file names it in messages). Fills *out (in a) and *n; never fails:
 * lines it cannot read are warnings and skipped. Linear in len. */
void summary_parse(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                   summary_entry **out, int *n);

#endif
