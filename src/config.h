/* config.h: the book's settings from book/book.yaml (pandoc's metadata key names, plus hanji's
 * layout keys). config_load fills a config from the file; every problem is a diagnostic at its
 * book.yaml:line:col. Lengths are in points (1/72 in). */
#ifndef HANJI_CONFIG_H
#define HANJI_CONFIG_H

#include "arena.h"
#include "diag.h"

typedef struct config_str {
    const char *value;
    int line, col; /* where it was written in book.yaml; 0 for defaults */
} config_str;

/* The print cover (cover: in book.yaml; cover.h makes it). */
enum { CONFIG_PAPER_WHITE, CONFIG_PAPER_CREAM, CONFIG_PAPER_COLOR };
enum { CONFIG_SERVICE_KDP, CONFIG_SERVICE_INGRAMSPARK };
typedef struct config_cover {
    int on;               /* book.yaml has a cover: block */
    int line, col;        /* where it starts */
    config_str front;     /* image filling the front panel (relative to book/) */
    config_str back_text; /* Markdown file set on the back panel (relative to book/) */
    int spine_text;       /* 1 (default): title and author on the spine when it may carry text */
    int paper;            /* CONFIG_PAPER_*: the interior's paper (it sets the spine width) */
    int service;          /* CONFIG_SERVICE_* */
    int background;       /* -1 none (white paper); else 0xRRGGBB over the whole sheet */
    int text_color;       /* 0xRRGGBB of the back and spine text (default black) */
} config_cover;

typedef struct config {
    const char *file; /* "book/book.yaml" as shown in messages */
    /* metadata */
    const char *title, *subtitle;
    const char **authors;
    int nauthors;
    const char *lang;       /* BCP 47; default "en" */
    const char *date;       /* as written (YYYY or YYYY-MM-DD ...) */
    const char *identifier; /* default: urn:uuid derived from title and authors */
    const char *publisher, *rights, *description;
    const char **subjects;
    int nsubjects;
    const char **keywords;
    int nkeywords;
    config_str cover_image; /* project-relative as written (relative to book/) */
    config_str *chapters;   /* file names relative to book/, in order; NULL: all *.md sorted */
    int nchapters;
    const char *output_name; /* default: slug of the title */
    /* PDF page layout */
    double page_width, page_height; /* default 6x9in */
    double margin_inner, margin_outer, margin_top, margin_bottom;
    double font_size, leading; /* body size and baseline distance */
    config_str font_body, font_italic, font_bold, font_bold_italic, font_mono;
    config_str *font_fallback; /* ordered fallback list (file names under fonts/) */
    int nfont_fallback;
    int lof, lot;   /* lists of figures / tables */
    int bleed;      /* print profile: 0.125in bleed */
    int epub_fonts; /* 1: embed subset fonts in the EPUB */
    int toc_depth;  /* heading levels in the table of contents (default 2) */
    config_cover cover;
    /* hyphenate-capitalized: capitalised words as any other (default 0: only where a
     * paragraph cannot be set otherwise) */
    int hyphenate_caps;
    /* hyphenation-exceptions: words with their break points ("end-pa-per"), as TeX's
     * \hyphenation, before the language's own (hyph.h) */
    const char **hyph_exceptions;
    int nhyph_exceptions;
    /* direction: the book reads right to left (1) or left to right (0); without the key, right
     * to left for a lang written so (ar, he, fa, ur...; config_finish) */
    int rtl;
    int direction_set; /* the key was given */
} config;

/* Sets every field to its default. */
void config_defaults(config *c);
/* Reads path (shown as display in messages) into c, which holds defaults for what the file does
 * not set. Returns 0, or -1 after reporting errors to d (c is still usable). */
/* Limits on book.yaml (SECURITY.md). Metadata and settings are a few kilobytes three levels
 * deep; the limits are far above any real book's and keep a hostile file from costing time
 * or memory out of proportion to its size:
 *   CONFIG_MAX_BYTES   the file (1 MB);
 *   CONFIG_MAX_DEPTH   nesting of maps and lists (libyaml has no bound of its own, and its
 *                      cost grows with the square of the depth of flow collections);
 *   CONFIG_MAX_ITEMS   entries of one map or list (1,000 chapters, authors or keywords);
 *   CONFIG_MAX_VALUE   bytes of one text value, and of a list of authors, subjects or
 *                      keywords joined (the PDF keeps these as strings, which libharu refuses
 *                      from 65,535 bytes on, and the title page sets them);
 *   CONFIG_MAX_TEXT    bytes of all text values together: aliases (*name) repeat a value
 *                      without repeating its bytes, so without this a 1 MB file could name
 *                      gigabytes. */
#define CONFIG_MAX_BYTES ((size_t)1 << 20)
#define CONFIG_MAX_DEPTH 16
#define CONFIG_MAX_ITEMS 1000
#define CONFIG_MAX_VALUE 16384
#define CONFIG_MAX_TEXT  ((size_t)1 << 20)

int config_load(arena *a, diag_ctx *d, const char *path, const char *display, config *c);
/* Parses a YAML document given as a string (for tests and the fuzzer). */
int config_parse(arena *a, diag_ctx *d, const char *text, size_t len, const char *display,
                 config *c);
/* A chapter's YAML front matter (the lines between a first line `---` and the next `---` or
 * `...`): what hanji reads of it. */
typedef struct config_front {
    config_str title; /* names the chapter; NULL value when not given */
} config_front;
/* Parses front matter text (without its delimiter lines) whose first line is line first_line
 * of file. Unknown keys are warnings, syntax errors and wrong types errors, each at its place
 * in file. Returns 0, or -1 after reporting an error (out holds what could be read). */
int config_front_matter(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                        int first_line, config_front *out);
/* Fills what depends on other keys (identifier, output name). */
void config_finish(arena *a, config *c);
/* Parses a length such as "0.75in", "18mm", "54pt", "2cm". Returns -1 when invalid. */
double config_length(const char *s);
/* Parses a page size name or WxH; returns 0 or -1. */
int config_page_size(const char *s, double *w, double *h);
/* Slug used for output names and ids: lowercase, ASCII letters/digits kept, other letters kept,
 * spaces and punctuation to '-'; like GitHub's heading anchors. */
char *config_slug(arena *a, const char *s);

#endif
