/* mdbook.h: mdBook's preprocessor directives in a chapter's text, expanded before the Markdown
 * is parsed, as mdBook's `links` preprocessor does:
 *
 *   {{#include file}}              the whole file
 *   {{#include file:anchor}}       the lines between "ANCHOR: anchor" and "ANCHOR_END: anchor"
 *   {{#include file:3}}            line 3;  file:3:10 lines 3 to 10;  file:3: from line 3;
 *                                  file::10 up to line 10 (lines count from 1)
 *   {{#rustdoc_include file:...}}  the same (the lines mdBook would hide are not printed)
 *   {{#playground file}}           the file as a ```rust code block ({{#playpen}} too)
 *   {{#title text}}                left out (it names a web page)
 *   \{{#include file}}             the directive as text, without the backslash
 *
 * Paths are relative to the file holding the directive and must stay inside the project, on
 * disk too (a symbolic link out is refused). Included text is expanded in turn, at most
 * MDBOOK_MAX_DEPTH deep (so an include loop ends with an error), and the whole result is at
 * most MDBOOK_MAX_BYTES from at most MDBOOK_MAX_INCLUDES directives. Lines holding "ANCHOR:" or
 * "ANCHOR_END:" markers are never printed. */
#ifndef HANJI_MDBOOK_H
#define HANJI_MDBOOK_H

#include "diag.h"
#include "md.h"

#define MDBOOK_MAX_DEPTH 10
#define MDBOOK_MAX_BYTES ((size_t)64 << 20)
#define MDBOOK_MAX_INCLUDES                                                                        \
    100000 /* directives per chapter: includes of includes of empty                                \
              files could otherwise take exponential time */

/* Expands the directives of text (the chapter file, project-relative, in the project at root).
 * Returns the expanded text (in a; NUL-terminated) and its length in *outlen; when anything was
 * included, *map gets the origin of each of its *nmap lines (else NULL: the lines are the
 * chapter's). A directive that cannot be expanded is an error at its place and is left out. */
char *mdbook_expand(arena *a, diag_ctx *d, const char *root, const char *file, const char *text,
                    size_t len, size_t *outlen, md_origin **map, int *nmap);

/* The lines of text[0..len) that an include's selector keeps, as mdBook selects them: sel is
 * "" (all), "N", "N:M", "N:", ":M" (1-based, inclusive), or an anchor name. Appends each kept
 * line (without its newline) to the array *lines (*nlines long) as {start offset, length, 1-based
 * line}; marker lines are dropped. Returns 0, or -1 when an anchor is not found. */
typedef struct mdbook_line {
    size_t start, len;
    int line;
} mdbook_line;
int mdbook_select(arena *a, const char *text, size_t len, const char *sel, mdbook_line **lines,
                  int *nlines);

#endif
