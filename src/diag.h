/* diag.h: diagnostics. Every message hanji can print is one row of DIAG_LIST: a code, a level
 * and a printf format. Messages print as `file:line:col: level: text` (file relative to the
 * project; line and col 1-based, omitted when 0). The exit status follows the worst level. */
#ifndef HANJI_DIAG_H
#define HANJI_DIAG_H

#include "hanji.h"
#include <stdarg.h>
#include <stdio.h>

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_level;

/* X(code, level, format). Keep grouped by module; add new rows at the end of a group. */
#define DIAG_LIST(X)                                                                               \
    /* usage and system */                                                                         \
    X(D_SYS_READ, ERROR, "cannot read file: %s")                                                   \
    X(D_SYS_WRITE, ERROR, "cannot write '%s': %s")                                                 \
    X(D_SYS_MKDIR, ERROR, "cannot create folder '%s': %s")                                         \
    X(D_SYS_LIB, ERROR, "%s")                                                                      \
    X(D_SYS_REPLACED, NOTE, "'%s' was written before that failure")                                \
    X(D_SYS_TMPDIR, ERROR, "cannot write a temporary file in '%s' (TMPDIR): %s")                   \
    /* book.yaml */                                                                                \
    X(D_YAML_MISSING, ERROR, "book.yaml not found in '%s'")                                        \
    X(D_YAML_SYNTAX, ERROR, "YAML syntax error: %s")                                               \
    X(D_YAML_TYPE, ERROR, "'%s' must be %s")                                                       \
    X(D_YAML_UNKNOWN_KEY, WARNING, "unknown key '%s' ignored")                                     \
    X(D_YAML_BAD_VALUE, ERROR, "invalid value for '%s': %s")                                       \
    X(D_YAML_NO_TITLE, WARNING, "no 'title' given; using '%s'")                                    \
    X(D_COVER_SERVICE, ERROR, "cover service '%s' is not supported: %s")                           \
    X(D_YAML_LIMIT, ERROR, "%s (at most %d)")                                                      \
    X(D_YAML_DUP_KEY, WARNING, "key '%s' given again (first at line %d); this one counts")         \
    /* project */                                                                                  \
    X(D_CHAPTER_MISSING, ERROR, "chapter '%s' not found")                                          \
    X(D_NO_CHAPTERS, ERROR, "the book has no chapters")                                            \
    X(D_PATH_OUTSIDE, ERROR, "path '%s' leaves the project")                                       \
    X(D_CHAPTER_DUPLICATE, WARNING, "chapter '%s' listed twice; using the first")                  \
    X(D_SUMMARY_LINE, WARNING, "line not understood; chapters are listed as '- [Title](file.md)'") \
    X(D_LINK_OUTSIDE, ERROR, "'%s' is a symbolic link that leads outside the project")             \
    X(D_INPUT_BAD, ERROR, "'%s' cannot be read: %s")                                               \
    X(D_CSS_TOO_BIG, WARNING, "style sheet is larger than %s; left out of the EPUB")               \
    /* text and Markdown */                                                                        \
    X(D_UTF8_INVALID, WARNING, "invalid UTF-8 (byte 0x%02X) replaced with U+FFFD")                 \
    X(D_CTRL_CHAR, WARNING, "control character U+%04X removed")                                    \
    X(D_HTML_TAG, WARNING, "HTML element <%s> is not supported; %s")                               \
    X(D_HTML_LIMIT, WARNING, "more than %d HTML tags in one place; that HTML is left out")         \
    X(D_HTML_IMG_SRC, WARNING, "HTML <img> without src; its alt text is kept")                     \
    X(D_MD_BRACKETS, WARNING, "more than %d '[' in one paragraph; the rest are taken as text")     \
    X(D_EMPTY_CHAPTER, WARNING, "chapter is empty")                                                \
    X(D_NO_TITLE, WARNING, "chapter has no level-1 heading; using '%s' as its title")              \
    X(D_DUP_ID, WARNING, "id '%s' is already used at %s; renamed '%s'")                            \
    X(D_LINK_BROKEN, WARNING, "link target '%s' not found")                                        \
    X(D_XREF_UNKNOWN, WARNING, "cross-reference to unknown id '%s'")                               \
    X(D_NOTE_UNUSED, WARNING, "footnote '%s' is never referenced")                                 \
    X(D_IMAGE_NO_ALT, WARNING,                                                                     \
      "image '%s' has no alt text: the EPUB claims no text alternatives (decoration: "             \
      "{.decorative})")                                                                            \
    X(D_IMAGE_REMOTE, WARNING,                                                                     \
      "image '%s' is not a file in the project (hanji works offline): its alt text is set "        \
      "instead")                                                                                   \
    X(D_LINK_NOT_CHAPTER, WARNING, "link to '%s', which is not a chapter of the book")             \
    X(D_INCLUDE_FAILED, ERROR, "cannot include '%s': %s")                                          \
    X(D_INCLUDE_ANCHOR, ERROR, "anchor '%s' not found in '%s'")                                    \
    X(D_INCLUDE_DEPTH, ERROR, "includes nested more than %d deep (an include loop?): '%s'")        \
    X(D_INCLUDE_TOO_BIG, ERROR, "over %d includes or %d MiB in one chapter; the rest left out")    \
    X(D_ID_AMBIGUOUS, WARNING, "'#%s' is in several chapters (%s, %s); linking to the first")      \
    X(D_LINK_REFUSED, WARNING, "link '%s' is set as text: %s")                                     \
    /* images */                                                                                   \
    X(D_IMAGE_NOT_FOUND, ERROR, "image '%s' not found")                                            \
    X(D_IMAGE_BAD, ERROR, "image '%s' cannot be used: %s")                                         \
    X(D_IMAGE_FORMAT, ERROR, "image '%s' is not a PNG, JPEG, GIF, WebP or SVG file")               \
    X(D_IMAGE_TOO_BIG, ERROR, "image '%s' is %ux%u pixels; the limit is %u pixels")                \
    X(D_IMAGE_LOW_DPI, WARNING, "image '%s' prints at %d dpi (below 300 dpi)")                     \
    /* fonts and text layout */                                                                    \
    X(D_FONT_BAD, ERROR, "font '%s' cannot be used: %s")                                           \
    X(D_FONT_MISSING_GLYPHS, WARNING, "no font has these characters: %s")                          \
    X(D_HYPH_NO_PATTERNS, WARNING, "no hyphenation patterns for language '%s'; not hyphenating")   \
    X(D_WORD_TOO_WIDE, WARNING, "'%s' is wider than the measure; broken by force")                 \
    X(D_TABLE_TOO_WIDE, WARNING, "table is too wide for the measure; set smaller")                 \
    X(D_XREF_PAGE_UNSTABLE, WARNING,                                                               \
      "page numbers quoted in the text (\"on page N\") did not settle; some may be wrong")         \
    /* the print cover */                                                                          \
    X(D_COVER_BACK_MISSING, ERROR, "back text '%s' not found")                                     \
    X(D_COVER_NO_FRONT, WARNING, "the cover has no front image; the front panel stays blank")      \
    X(D_COVER_SPINE_NARROW, WARNING, "the spine (%.3f in) is too narrow for its text; left blank") \
    X(D_COVER_SPINE_LONG, WARNING, "the spine text does not fit its length; left blank")           \
    X(D_COVER_BACK_FULL, WARNING, "the back text does not fit the back cover; cut after line %d")  \
    X(D_LAST, NOTE, "")

typedef enum {
#define DIAG_ENUM(code, level, fmt) code,
    DIAG_LIST(DIAG_ENUM)
#undef DIAG_ENUM
} diag_code;

typedef struct diag_ctx {
    FILE *out;  /* where messages go (stderr); NULL: count only */
    int errors; /* counts by level */
    int warnings;
    int quiet; /* nonzero: print errors only */
} diag_ctx;

void diag_init(diag_ctx *d, FILE *out);
/* Reports one message. file may be NULL (no location); line/col 0 are left out. */
void diag_report(diag_ctx *d, diag_code code, const char *file, int line, int col, ...);
void diag_vreport(diag_ctx *d, diag_code code, const char *file, int line, int col, va_list ap);
diag_level diag_level_of(diag_code code);
const char *diag_format_of(diag_code code);
/* The name of a code, e.g. "D_IMAGE_NOT_FOUND", for the catalogue and tests. */
const char *diag_name_of(diag_code code);

/* Messages held back, to be printed and counted later, in order, as often as needed: a cached
 * parse replays its messages on every use; images loaded on another thread report theirs once
 * the thread is joined. Between diag_hold_begin and diag_hold_end, report to h->d (it prints
 * as like would: nothing when like prints nothing, errors only when like is quiet). */
typedef struct diag_held {
    char *text; /* malloc'd (diag_held_free), or NULL when nothing was printed */
    size_t len;
    int errors, warnings;
} diag_held;
typedef struct diag_hold {
    diag_ctx d;
    FILE *ms;
    char *text;
    size_t len;
} diag_hold;
void diag_hold_begin(diag_hold *h, const diag_ctx *like);
void diag_hold_end(diag_hold *h, diag_held *out);
/* Prints held's messages to d's output and adds its counts to d's. */
void diag_held_replay(diag_ctx *d, const diag_held *held);
void diag_held_free(diag_held *held);

#endif
