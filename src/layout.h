/* layout.h: the typeset book. Paragraph layout (layout_para.c + layout_break.c) turns styled
 * inline text into lines; pagination (layout_page.c) stacks lines, figures and rules onto pages.
 * pdf.c draws a lay_doc and knows nothing else about the book's layout; layout code never sees
 * a libharu type.
 * Units: points. Page coordinates have their origin at the top-left corner of the page (trim
 * box), y growing downward; a text item's y is its baseline. */
#ifndef HANJI_LAYOUT_H
#define HANJI_LAYOUT_H

#include "book.h"
#include "font.h"

/* ---- paragraphs -------------------------------------------------------------------------- */

enum { PARA_JUSTIFY, PARA_LEFT, PARA_CENTER, PARA_RIGHT };

enum {
    SPAN_NOBREAK = 1 << 0, /* inline code: no hyphenation */
    SPAN_SUPER = 1 << 1,   /* superscript (note references); give the size of the text around
                              it: para_layout sets it at 65% and raises it 0.35 em */
    SPAN_STRIKE = 1 << 2,
    SPAN_LINEBREAK = 1 << 3, /* a forced line break (text empty) */
    SPAN_SUB = 1 << 4,       /* subscript: as SPAN_SUPER's size, lowered 0.15 em */
    SPAN_IMAGE = 1 << 5      /* an image in the line: one unbreakable box image_w wide; text is
                                its path (what the paragraph cache compares), never drawn */
};

/* A stretch of inline text in one style. */
typedef struct para_span {
    const char *text; /* UTF-8 */
    size_t len;
    font_style style;
    float size;              /* pt */
    int flags;               /* SPAN_* */
    const char *uri;         /* external link, or NULL */
    const doc_node *dest;    /* internal link target, or NULL */
    const doc_node *src;     /* the doc node it came from (for locations in messages) */
    const image_info *image; /* SPAN_IMAGE: the image, drawn image_w by image_h pt, its foot
                                image_drop pt below the baseline */
    float image_w, image_h, image_drop;
} para_span;

typedef struct para_opts {
    float width;   /* the measure (pt) */
    float indent;  /* first-line indent (pt; may be 0) */
    float leading; /* baseline to baseline (pt) */
    int align;     /* PARA_* ; the last line of a justified paragraph is ragged */
    int hyphenate; /* allow hyphenation (language from the para_ctx) */
    /* 1: capitalised words as any other; 0: their pattern points only when nothing else fits
     * (the breaker's final passes) */
    int hyphenate_caps;
    /* the base direction: PARA_DIR_AUTO by the first strong character (UAX #9 P2/P3, left to
     * right when there is none), or PARA_DIR_RTL (a right-to-left book's paragraphs). A
     * right-to-left paragraph mirrors align: its lines start at the right edge. */
    int dir;
} para_opts;

enum { PARA_DIR_AUTO = 0, PARA_DIR_RTL = 1 };

/* A positioned run of glyphs in one face. */
typedef struct lay_run {
    int face;
    float size;
    float x, y; /* of the first glyph's origin; y: baseline offset (line: from its baseline) */
    int n;
    const uint32_t
        *cps;        /* code points to draw (soft hyphens gone; a '-' added at a hyphen break) */
    const float *xs; /* pen x of each glyph, relative to the run's x (kerning included) */
    float width;     /* advance of the whole run */
    float expand;    /* the glyphs are drawn (1 + expand) times as wide as the font has them
                      * (font expansion; xs and width include it); 0 for none */
    const char *uri; /* link of the run, if any */
    const doc_node *dest;
    int strike;
    /* Shaped text (Arabic joining, mirrored brackets, marks): NULL when every glyph is the
     * face's own for its code point, on the baseline. gids[i]: 0 the face's glyph for cps[i],
     * > 0 this glyph id instead, FONT_GID_NONE nothing (a ligature's glyph drew it); ys[i]:
     * how far the glyph sits below the run's baseline (pt; marks above are negative). xs
     * includes the glyphs' horizontal offsets. */
    const int *gids;
    const float *ys;
    int rtl; /* the run reads right to left: cps are in drawing (visual) order, the reverse of
                the text's; a ligature's FONT_GID_NONE characters are then to its left */
    /* An image in the line (SPAN_IMAGE; n is 0: no glyph is drawn): image_w by image_h pt at
     * x, its foot image_drop below the baseline. NULL for text. */
    const image_info *image;
    float image_w, image_h, image_drop;
} lay_run;

typedef struct lay_line {
    float width; /* extent of the set line: right edge of its last glyph (pt, <= measure) */
    float ascent, descent; /* extent above and below the baseline (pt, both >= 0) */
    int nruns;
    lay_run *runs; /* x relative to the line's left edge (the measure's start) */
    int hyphenated;
    int start_span;     /* where the line's text begins: the span (-1: the line is empty) */
    uint32_t start_off; /* and the byte offset in that span's text */
} lay_line;

typedef struct para_ctx para_ctx;
/* Creates the paragraph engine for a language (hyphenation patterns looked up by lang; missing
 * patterns are reported once to d). */
para_ctx *para_ctx_new(arena *a, diag_ctx *d, font_set *fs, const char *lang);
void para_ctx_free(para_ctx *pc);
/* Breaks spans into lines of at most opts->width (never wider: words too wide are broken by
 * force with a warning at the span's source). Lines and runs are allocated in out. Returns the
 * number of lines. */
int para_layout(para_ctx *pc, arena *out, const para_span *spans, int nspans, const para_opts *opts,
                lay_line **lines);
struct pcache;
/* Lets pc reuse and fill a build session's paragraph cache (paracache.h; NULL: none). The
 * cache must outlive pc. */
void para_ctx_set_cache(para_ctx *pc, struct pcache *cache);
/* How pc uses its cache: PARA_CACHE_KEEP (the default) looks paragraphs up and stores copies
 * of what it sets; PARA_CACHE_LOOKUP only looks them up; PARA_CACHE_LEND stores the lines
 * themselves, handed over to the first lookup (pcache_lend: the paragraphs a setting thread
 * sets ahead of the pages, layout_preset.c). */
enum { PARA_CACHE_KEEP, PARA_CACHE_LOOKUP, PARA_CACHE_LEND };
void para_ctx_set_cache_mode(para_ctx *pc, int mode);
/* The book's hyphenation exceptions ("end-pa-per", see hyph_exc in hyph.h), before the
 * language's: words hyph_exc_check refuses are skipped (config.c has reported them). */
void para_ctx_set_exceptions(para_ctx *pc, const char *const *words, int n);

/* ---- pages ------------------------------------------------------------------------------- */

typedef enum { LAY_TEXT, LAY_RULE, LAY_IMAGE, LAY_LINK, LAY_RECT } lay_kind;

typedef struct lay_item {
    lay_kind kind;
    int nruns;               /* TEXT: how many runs from run on (one line, or one set string) */
    float x, y;              /* TEXT: origin of the runs (baseline); others: top-left corner */
    float w, h;              /* RULE: a line from (x,y) to (x+w,y+h); IMAGE/LINK/RECT: size */
    float thickness;         /* RULE */
    float gray;              /* RULE/RECT: 0 black .. 1 white */
    const lay_run *run;      /* TEXT: run k is drawn at (x + run[k].x, y + run[k].y) */
    const image_info *image; /* IMAGE */
    const char *uri;         /* LINK: external */
    int dest_page;           /* LINK: internal destination page (0-based) or -1 */
    float dest_y;            /* LINK: destination y on that page */
    /* Used by the print cover (cover.c) only; zero everywhere else: */
    int turned;    /* TEXT: turned a quarter clockwise, reading top to bottom (a spine): run k's
                      baseline starts at (x - run[k].y, y + run[k].x) and runs down the page */
    int rgb;       /* RECT, TEXT: fill colour 0xRRGGBB when LAY_RGB is set (else gray/black) */
    float clip[4]; /* IMAGE: x, y, w, h of the part drawn when clip[2] > 0 (the rest is cut) */
} lay_item;

#define LAY_RGB 0x1000000 /* lay_item.rgb holds a colour */

enum { LAY_LABEL_NONE, LAY_LABEL_ROMAN, LAY_LABEL_ARABIC };

typedef struct lay_page {
    lay_item *items;
    int nitems, cap;
    const char *folio; /* printed page number ("iv", "12"), NULL when not printed */
    int label_style;   /* LAY_LABEL_*: the PDF page label numbering this page starts or continues */
    int label_value;   /* the page's number in that style (1-based) */
} lay_page;

typedef struct lay_outline {
    const char *title;
    int level; /* 0 chapters, 1 sections ... */
    int page;
    float y;
} lay_outline;

typedef struct lay_doc {
    float width, height; /* page size (trim), pt */
    float bleed;         /* 0, or the bleed added on each side (print profile) */
    lay_page *pages;
    int npages;
    lay_outline *outline;
    int noutline;
    font_set *fonts;
    const char *title, *author, *subject, *keywords; /* document info */
    int print_profile;                               /* 1: --profile print (no links, no outline) */
    float margin_inner, margin_outer, margin_top, margin_bottom; /* as set (pt) */
    struct pagemap *map; /* where anchors and page starts are (in the book's arena: it outlives
                            the layout's) */
} lay_doc;

typedef struct page_opts {
    int print_profile;         /* 1: --profile print */
    struct pcache *para_cache; /* a build session's paragraph cache (paracache.h), or NULL */
    /* called as each chapter starts being set (for a progress line), or NULL */
    void (*progress)(void *ctx, const doc_node *chapter);
    void *progress_ctx;
    /* where the layout is allocated (NULL: the book's arena); an arena of its own lets the
     * caller free the pages once the PDF is written */
    arena *arena;
    /* 2: a second thread sets (shapes, hyphenates, breaks) the paragraphs of chapters ahead
     * of the pages into para_cache, which must then be set and is only read by the pages
     * (layout_preset.c); 0 or 1: none. The layout is the same. */
    int threads;
} page_opts;

struct present;
/* Typesets the whole book (front matter, contents, chapters) with the words of pr. Returns NULL
 * on failure (reported). Where every anchor and page start landed is in the result's map; the
 * document tree is not written. */
lay_doc *page_layout_book(const book *b, const struct present *pr, font_set *fs,
                          const page_opts *opts);
/* Writes the stable text dump (--dump=layout). */
void laydump_write(const lay_doc *ld, buf *out);

#endif
