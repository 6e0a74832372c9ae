/* layout_int.h: what the page layout's files share (not for the rest of hanji, which sees
 * layout.h). A chapter becomes a vertical list of boxes carrying their drawn items, glue and
 * penalties (layout_vlist.c); the block setters (layout_block.c, layout_table.c) and the
 * footnotes (layout_notes.c) fill it; the page breaker (layout_pbreak.c) chooses the page ends;
 * layout_page.c copies the boxes onto pages and assembles the book with its front matter
 * (layout_front.c). One context (lctx) is handed to every function; everything it allocates for
 * a chapter lives in its scratch arena, reset once the chapter is on its pages. */
#ifndef HANJI_LAYOUT_INT_H
#define HANJI_LAYOUT_INT_H

#include "layout.h"
#include "layout_pbreak.h"
#include "layout_style.h"
#include "pagemap.h"
#include "present.h"

#include <string.h>

/* A box's content: items relative to the box's top-left corner (x from the text's left). */
typedef struct vbox {
    lay_item *items;
    const doc_node **dests; /* per item: internal link target to resolve, or NULL */
    int n, cap;
    const doc_node **anchors; /* nodes whose page is where this box lands */
    float *anchor_y;
    int nanchors, capanchors;
    const doc_node **notes; /* footnotes referenced in the box */
    int nnotes, capnotes;
    const doc_node *at; /* where the box's first printed line begins in the source (a page
                           that starts with this box starts there: pagemap.h), or NULL */
    size_t at_off;
    float base;    /* first baseline below the box top */
    int last_link; /* 1 + index of the last link item, 0 when none */
} vbox;

/* A footnote typeset once: its lines (boxes) with their heights. */
typedef struct fnote {
    vbox **boxes;
    float *hs;
    int n;
    float h;
    int attached; /* already carried by a box: a second reference brings no second copy */
} fnote;

typedef struct fixup {
    int page; /* index in the page list being built */
    int item;
    const doc_node *dest;
} fixup;

enum { PG_TEXT, PG_OPENER, PG_BLANK, PG_PLAIN };

typedef struct pinfo {
    int kind;           /* PG_* */
    int role;           /* BOOK_PAGE_* */
    const doc_node *at; /* where the page's first printed line begins (pagemap_page) */
    size_t at_off;
    const char *head; /* running head on this page when it has one */
} pinfo;

typedef struct lctx {
    const book *b;
    const config *cfg;
    const present *pr;   /* every word the pages print that the text does not */
    pagemap *map;        /* this setting's: where the anchors and page starts are */
    const pagemap *prev; /* the previous setting's (for "on page 12"), or NULL */
    int role;            /* BOOK_PAGE_* of the pages being made */
    font_set *fs;
    arena *a;
    arena scr;     /* per chapter: boxes and their item arrays, reset after the chapter is placed */
    int print;     /* --profile print: no links, KDP margins, an even page count */
    float min_out; /* print: nothing nearer the trim edges than this (pt) */
    int quiet;     /* a setting again with other margins: its warnings were reported */
    para_ctx *pc;
    const page_opts *opts; /* may be NULL */
    float pw, ph, tw, th;  /* page and text block size */
    float mt, mb, mi, mo;
    float bsize, blead; /* body */
    float size, lead;   /* current (body or notes) */
    /* the vertical list being built */
    pb_item *pb;
    vbox **vb;
    int n, cap;
    int keep;                /* boxes still to keep with a heading above */
    float min_pen;           /* the least penalty of the next break (then 0 again) */
    int gap_glue;            /* index of the last item when it is a gap's glue, else -1 */
    const para_span *prefix; /* spans put before the next paragraph (footnote numbers) */
    int nprefix;
    /* pages */
    lay_page *pages;
    pinfo *info;
    int npages, cappages;
    fixup *fix;
    int nfix, capfix;
    const doc_node **anchored; /* the nodes anchored in the body (shifted after the front) */
    int nanch, capanch;
    /* passes */
    int want_pages; /* the text asks for page numbers: typeset twice */
    int front_count;
    int pass;
    const char *chapter_title;
    const doc_node *skip;  /* the chapter title heading, set by the opener */
    const doc_node *skip2; /* a block quote's attribution, set apart after the quote */
    int page_base;         /* added to page indices given to nodes (the body's expected offset) */
    int front_base;        /* the page_base the body was set with (for the contents) */
    struct preset *preset; /* chapters' paragraphs set ahead on another thread, or NULL */
    arena *lines;          /* where paragraphs' lines go when not in a (layout_preset.c), or NULL */
} lctx;

#define GROW(arr, n, cap, a)                                                                       \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t oc_ = (size_t)(cap), nc_ = oc_ ? oc_ * 2 : 16;                                  \
            (arr) = arena_realloc((a), (arr), oc_ * sizeof *(arr), nc_ * sizeof *(arr));           \
            (cap) = (int)nc_;                                                                      \
        }                                                                                          \
    } while (0)

/* Text set on one line without breaking (titles, heads, folios): runs per face. */
typedef struct tset {
    lay_run *runs;
    int n;
    float w;
} tset;

/* The inline spans of a paragraph being built, and the style inlines are set in. */
typedef struct spans {
    para_span *s;
    int n, cap;
} spans;

typedef struct istate {
    int italic, bold, mono, flags;
    float size;
    const char *uri;
    const doc_node *dest;
} istate;

/* ---- layout_vlist.c: boxes, the vertical list, text on one line ---- */
vbox *vbox_new(lctx *lc);
lay_item *vbox_item(lctx *lc, vbox *v, lay_kind kind, const doc_node *dest);
void vbox_anchor(lctx *lc, vbox *v, const doc_node *node, float y);
void vbox_runs(lctx *lc, vbox *v, const lay_run *runs, int n, float x, float y);
void vbox_merge(lctx *lc, vbox *dst, const vbox *src, float dy);
void vl_box_kind(lctx *lc, int kind, float h, vbox *v);
void vl_box(lctx *lc, float h, vbox *v);
void vl_penalty(lctx *lc, float pen);
void vl_gap(lctx *lc, float h, float pen);
void vl_float_gap(lctx *lc, float h);
tset vl_set_text(lctx *lc, font_style st, float size, const char *t, size_t len, float track);
tset vl_set_str(lctx *lc, font_style st, float size, const char *t);
/* Code's monospace grid: sets the positions of g[0..ng) (shaped in the mono face at size) so
 * that each character takes one column of the mono face's space, an East Asian wide or
 * fullwidth one two (utf8_columns), whatever the face that draws it; a glyph narrower than its
 * columns is centred in them, one that takes no room (a combining mark) stays so. */
void vl_code_grid(lctx *lc, float size, font_glyph *g, int ng);
/* A line of code in the mono face on that grid. */
tset vl_set_code(lctx *lc, float size, const char *t, size_t len);
void vbox_tset(lctx *lc, vbox *v, const tset *t, float x, float y);
void vl_reset(lctx *lc);
pb_params vl_params(lctx *lc);

/* ---- layout_block.c: inlines to spans, paragraphs and the blocks ---- */
void blk_span(lctx *lc, spans *sp, const istate *st, const char *t, size_t len, int flags,
              const doc_node *src);
void blk_inlines(lctx *lc, spans *sp, const doc_node *n, istate st, int depth);
istate blk_istate(lctx *lc);
int blk_set_para(lctx *lc, const spans *sp, float width, float indent, float lead, int align,
                 int hyph, lay_line **out);
float blk_slot_base(float h, float sz);
void blk_line_at(vbox *v, const spans *sp, const lay_line *l);
vbox *blk_add_lines(lctx *lc, const spans *sp, const lay_line *ls, int nl, float x0, float lead,
                    const doc_node *anchor, float inner_pen);
void blk_blocks(lctx *lc, const doc_node *first, float x0, float w, int depth);

/* ---- layout_table.c ---- */
void tbl_block(lctx *lc, const doc_node *n, float x0, float w);

/* ---- layout_notes.c: footnotes, set once per chapter and placed at the page foot ---- */
/* A note that runs on from one page to the next: from its box number box on. */
typedef struct fn_carry {
    fnote *note;
    int box;
} fn_carry;
void fn_chapter(lctx *lc, const doc_node *notes);
float fn_measure(lctx *lc, const doc_node *const *notes, int nnotes, float carry_out,
                 const fn_carry *carry, float *last_base, int *cut);
void fn_place(lctx *lc, int pi, float x, float y, float foot, float depth,
              const doc_node *const *notes, int nnotes, float carry_out, fn_carry *carry);

/* ---- layout_page.c: pages ---- */
int page_new(lctx *lc, int kind, const char *head);
lay_item *page_item(lctx *lc, int pi, const lay_item *src, const doc_node *dest);
void page_place_box(lctx *lc, int pi, const vbox *v, float x, float y);
float page_left(lctx *lc, int pi);
void page_place(lctx *lc, const pb_result *res, const pb_params *pp, int opener_first,
                const char *head);
void page_opener(lctx *lc, const char *label, const doc_node *title_node, const char *title,
                 const doc_node *anchor1, const doc_node *anchor2, const doc_node *block);
/* Forgets lc's pages, their floats and anchors (not freed: they are in the layout's arena). */
void page_reset(lctx *lc);

/* ---- layout_preset.c: chapters' paragraphs set ahead on a second thread ---- */
typedef struct preset preset;
/* Starts setting lc's chapters from the last one into lc->opts->para_cache on a thread, when
 * opts ask for two threads and give a cache (else, or when no thread can be had, NULL). lc's
 * geometry, fonts and book must stay as they are until preset_finish. */
preset *preset_start(const lctx *lc);
/* Before the pages set chapter (0-based among the book's chapters): the worker will not
 * start it and has finished it if it had. NULL is allowed. */
void preset_claim(preset *ps, int chapter);
/* Stops the worker, waits for it and frees it all. NULL is allowed. */
void preset_finish(preset *ps);

/* ---- layout_front.c: the front matter ---- */
void front_title_pages(lctx *lc);
void front_contents(lctx *lc);
int front_list_of(lctx *lc, const present_toc *list, int n, const char *title);

#endif
