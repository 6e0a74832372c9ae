/* layout_page.c: pagination and book structure. Turns the document tree into pages: front
 * matter (half-title, title, copyright, contents), chapters opening on rectos, running heads
 * and folios, footnotes at the page foot, figures that float to the next page top when they do
 * not fit where they are referenced.
 *
 * How it works: each chapter becomes a vertical list (layout_page.h) of boxes carrying their
 * drawn items, glue and penalties (widows, orphans, keep-with-next after headings); page_break
 * chooses all the chapter's page ends at once; the boxes are then copied onto pages. The body
 * is typeset before the front matter, whose length is known before its contents are (its
 * folios are roman), so the contents can list final page numbers. When the text quotes page
 * numbers ("on page 12"), the body is typeset twice, the second time with the numbers the first
 * pass found. Coordinates: points from the top-left of the trim box, y down (layout.h). */
#include "layout.h"
#include "layout_page.h"
#include "pagemap.h"
#include "present.h"
#include "print.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tunables (in lines of body leading L or em of body size unless said) --------------- */
#define WIDOW_PENALTY   5000.0f      /* one line of a paragraph alone at a page top or foot */
#define HEADING_PENALTY (2 * PB_INF) /* inside a heading: worse than any other "never" */
#define BROKEN_PENALTY  3000.0f      /* a page that ends with a hyphenated word */
#define CHAPTER_SINK    0.22f        /* chapter openings start this fraction of the text down */
#define FIGURE_MAX_H    0.60f        /* figures take at most this fraction of the text height */
#define FIGURE_DPI      150.0        /* figures are never drawn larger than at this resolution */
#define NOTE_SCALE      0.82f        /* footnote size and leading against the body's */
#define CODE_SCALE      0.85f        /* code size against the body's */
#define CAPTION_SCALE   0.9f         /* captions and tables */
#define LIST_INDENT     1.6f         /* em */
#define QUOTE_INDENT    1.5f         /* em, both sides */
#define TABLE_FLOAT_H   0.5f         /* tables up to this fraction of the text height float */
#define HEAD_ASCENT     1.1f  /* print: the extent of heads and folios kept out of the minimum */
#define HEAD_DESCENT    0.35f /* margins, in em (the fonts' ascent and descent, generously) */
#define XREF_PASSES     4     /* settings at most while quoted page numbers move */

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
    const doc_node *block; /* the block that starts in this box, for first_node */
    const doc_node *at;    /* where the box's first printed line begins in the source (a page
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
} lctx;

#define GROW(arr, n, cap, a)                                                                       \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t oc_ = (size_t)(cap), nc_ = oc_ ? oc_ * 2 : 16;                                  \
            (arr) = arena_realloc((a), (arr), oc_ * sizeof *(arr), nc_ * sizeof *(arr));           \
            (cap) = (int)nc_;                                                                      \
        }                                                                                          \
    } while (0)

/* ---- boxes -------------------------------------------------------------------------------- */

static vbox *vbox_new(lctx *lc)
{
    return ARENA_NEW(&lc->scr, vbox);
}

static void vbox_reserve(lctx *lc, vbox *v, int n)
{
    if (v->cap >= n)
        return;
    v->items = arena_realloc(&lc->scr, v->items, (size_t)v->cap * sizeof *v->items,
                             (size_t)n * sizeof *v->items);
    v->dests = arena_realloc(&lc->scr, v->dests, (size_t)v->cap * sizeof *v->dests,
                             (size_t)n * sizeof *v->dests);
    v->cap = n;
}

static lay_item *vbox_item(lctx *lc, vbox *v, lay_kind kind, const doc_node *dest)
{
    if (v->n == v->cap) {
        size_t oc = (size_t)v->cap, nc = oc ? oc * 2 : 8;
        v->items = arena_realloc(&lc->scr, v->items, oc * sizeof *v->items, nc * sizeof *v->items);
        v->dests = arena_realloc(&lc->scr, v->dests, oc * sizeof *v->dests, nc * sizeof *v->dests);
        v->cap = (int)nc;
    }
    lay_item *it = &v->items[v->n];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->dest_page = -1;
    v->dests[v->n++] = dest;
    return it;
}

static void vbox_anchor(lctx *lc, vbox *v, const doc_node *node, float y)
{
    if (!node)
        return;
    if (v->nanchors == v->capanchors) {
        size_t oc = (size_t)v->capanchors, nc = oc ? oc * 2 : 4;
        v->anchors =
            arena_realloc(&lc->scr, v->anchors, oc * sizeof *v->anchors, nc * sizeof *v->anchors);
        v->anchor_y = arena_realloc(&lc->scr, v->anchor_y, oc * sizeof(float), nc * sizeof(float));
        v->capanchors = (int)nc;
    }
    v->anchors[v->nanchors] = node;
    v->anchor_y[v->nanchors++] = y;
}

static void vbox_note(lctx *lc, vbox *v, const doc_node *fn)
{
    for (int i = 0; i < v->nnotes; i++)
        if (v->notes[i] == fn)
            return;
    GROW(v->notes, v->nnotes, v->capnotes, &lc->scr);
    v->notes[v->nnotes++] = fn;
}

/* The extras of one run set at (x, y) of the box: its footnote, its print underline and its
 * link rectangle (merged with the previous one when it is the same link and adjacent). */
static void vbox_run_extras(lctx *lc, vbox *v, const lay_run *r, float x, float y)
{
    if (r->dest && r->dest->kind == DOC_FOOTNOTE)
        vbox_note(lc, v, r->dest);
    float rx = x + r->x, ry = y + r->y;
    if (r->uri && lc->print && r->n > 0) {
        /* in print, where it cannot be followed, a web link keeps the text colour and gets a
         * hairline grey underline (internal links and cross-references get none) */
        lay_item *u = vbox_item(lc, v, LAY_RULE, NULL);
        u->x = rx;
        u->y = ry + r->size * 0.14f;
        u->w = r->width;
        u->thickness = 0.3f;
        u->gray = 0.55f;
    }
    if (r->uri || r->dest) {
        if (v->last_link > 0) {
            lay_item *pl = &v->items[v->last_link - 1];
            if (pl->uri == r->uri && v->dests[v->last_link - 1] == r->dest &&
                fabsf(pl->y - (y - lc->size * 0.8f)) < 0.5f && rx >= pl->x &&
                rx - (pl->x + pl->w) < lc->size) {
                pl->w = rx + r->width - pl->x;
                return;
            }
        }
        lay_item *l = vbox_item(lc, v, LAY_LINK, r->dest);
        v->last_link = v->n;
        l->x = rx;
        l->y = y - lc->size * 0.8f;
        l->w = r->width;
        l->h = lc->size * 1.05f;
        l->uri = r->uri;
    }
}

/* Adds runs[0..n) (a line, or a set string) at (x, y) of the box as one text item. */
static void vbox_runs(lctx *lc, vbox *v, const lay_run *runs, int n, float x, float y)
{
    if (n <= 0)
        return;
    lay_item *it = vbox_item(lc, v, LAY_TEXT, NULL);
    it->x = x;
    it->y = y;
    it->run = runs;
    it->nruns = n;
    for (int i = 0; i < n; i++)
        vbox_run_extras(lc, v, &runs[i], x, y);
}

/* Copies src's items, anchors and notes into dst, dy lower. */
static void vbox_merge(lctx *lc, vbox *dst, const vbox *src, float dy)
{
    vbox_reserve(lc, dst, dst->n + src->n);
    for (int i = 0; i < src->n; i++) {
        lay_item *it = vbox_item(lc, dst, src->items[i].kind, src->dests[i]);
        *it = src->items[i];
        it->y += dy;
    }
    for (int i = 0; i < src->nanchors; i++)
        vbox_anchor(lc, dst, src->anchors[i], src->anchor_y[i] + dy);
    for (int i = 0; i < src->nnotes; i++)
        vbox_note(lc, dst, src->notes[i]);
    if (!dst->block)
        dst->block = src->block;
    dst->last_link = 0;
}

/* ---- the vertical list -------------------------------------------------------------------- */

static int vl_push(lctx *lc, int kind, float h, vbox *v)
{
    if (lc->n == lc->cap) {
        size_t nc = lc->cap ? (size_t)lc->cap * 2 : 256;
        lc->pb = realloc(lc->pb, nc * sizeof *lc->pb);
        lc->vb = realloc(lc->vb, nc * sizeof *lc->vb);
        if (!lc->pb || !lc->vb)
            hj_oom();
        lc->cap = (int)nc;
    }
    pb_item *it = &lc->pb[lc->n];
    memset(it, 0, sizeof *it);
    it->kind = (unsigned char)kind;
    it->h = h;
    lc->vb[lc->n] = v;
    lc->gap_glue = -1;
    return lc->n++;
}

/* Pushes a box or a float with the footnotes it brings (each note once in the chapter). */
static void vl_box_kind(lctx *lc, int kind, float h, vbox *v)
{
    int i = vl_push(lc, kind, h, v);
    float notes = 0;
    int kept = 0;
    for (int k = 0; k < v->nnotes; k++) {
        fnote *fn = v->notes[k]->user;
        if (!fn || fn->attached)
            continue;
        fn->attached = 1;
        notes += fn->h + lc->blead * 0.25f;
        v->notes[kept++] = v->notes[k];
    }
    v->nnotes = kept;
    lc->pb[i].notes = notes;
    if (lc->keep > 0 && kind == PB_BOX)
        lc->keep--;
}

static void vl_box(lctx *lc, float h, vbox *v)
{
    vl_box_kind(lc, PB_BOX, h, v);
}

static void vl_penalty(lctx *lc, float pen)
{
    if (lc->n == 0)
        return;
    if (pen < lc->min_pen)
        pen = lc->min_pen;
    lc->min_pen = 0;
    if (lc->keep > 0 && pen < PB_INF)
        pen = PB_INF;
    if (lc->pb[lc->n - 1].kind == PB_PENALTY) {
        if (pen > lc->pb[lc->n - 1].penalty)
            lc->pb[lc->n - 1].penalty = pen;
        return;
    }
    int i = vl_push(lc, PB_PENALTY, 0, NULL);
    lc->pb[i].penalty = pen;
}

/* Vertical space between blocks, with a possible page break before it. Consecutive gaps
 * merge into the larger. A glue's alt is the largest of the gaps merged into it that are not
 * a float's own (fgap): the space left when the float next to it goes to another page. */
static void vl_gap_kind(lctx *lc, float h, float pen, int fgap)
{
    if (lc->n == 0)
        return;
    if (lc->gap_glue == lc->n - 1) {
        pb_item *g = &lc->pb[lc->n - 1];
        pb_item *p = &lc->pb[lc->n - 2];
        if (h > g->h) {
            g->h = h;
            g->stretch = h * 0.25f;
            g->shrink = h * 0.1f;
        }
        if (!fgap && h > g->alt)
            g->alt = h;
        if (lc->keep > 0 && pen < PB_INF)
            pen = PB_INF;
        if (pen < lc->min_pen)
            pen = lc->min_pen;
        lc->min_pen = 0;
        if (pen > p->penalty)
            p->penalty = pen;
        return;
    }
    vl_penalty(lc, pen);
    int i = vl_push(lc, PB_GLUE, h, NULL);
    lc->pb[i].stretch = h * 0.25f;
    lc->pb[i].shrink = h * 0.1f;
    lc->pb[i].alt = fgap ? 0 : h;
    lc->gap_glue = i;
}

static void vl_gap(lctx *lc, float h, float pen)
{
    vl_gap_kind(lc, h, pen, 0);
}

/* The space around a float: gone with the float when it moves to another page. */
static void vl_float_gap(lctx *lc, float h)
{
    vl_gap_kind(lc, h, 0, 1);
}

/* ---- text --------------------------------------------------------------------------------- */

/* Text set on one line without breaking (titles, heads, folios): runs per face. track adds
 * letter-spacing (pt per glyph). */
typedef struct tset {
    lay_run *runs;
    int n;
    float w;
} tset;

static tset set_text(lctx *lc, font_style st, float size, const char *t, size_t len, float track)
{
    tset r = {0};
    font_glyph *g = NULL;
    /* the shaped glyphs are needed only here: scratch memory */
    int ng = font_shape(lc->fs, &lc->scr, st, size, t, len, &g);
    if (ng <= 0)
        return r;
    int nruns = 1;
    for (int k = 1; k < ng; k++)
        nruns += g[k].face != g[k - 1].face;
    r.runs = ARENA_NEWN(lc->a, lay_run, (size_t)nruns);
    int i = 0;
    while (i < ng) {
        int j = i + 1;
        while (j < ng && g[j].face == g[i].face)
            j++;
        lay_run *run = &r.runs[r.n++];
        uint32_t *cps = ARENA_NEWN(lc->a, uint32_t, (size_t)(j - i));
        float *xs = ARENA_NEWN(lc->a, float, (size_t)(j - i));
        run->face = g[i].face;
        run->size = size;
        run->x = g[i].x + (float)i * track;
        for (int k = i; k < j; k++) {
            cps[k - i] = g[k].cp;
            xs[k - i] = g[k].x + (float)k * track - run->x;
        }
        run->n = j - i;
        run->cps = cps;
        run->xs = xs;
        run->width = g[j - 1].x + g[j - 1].advance + (float)(j - 1) * track - run->x;
        i = j;
    }
    const font_glyph *last = &g[ng - 1];
    r.w = last->x + last->advance + (float)(ng - 1) * track;
    return r;
}

static tset set_str(lctx *lc, font_style st, float size, const char *t)
{
    return set_text(lc, st, size, t, strlen(t), 0);
}

static void vbox_tset(lctx *lc, vbox *v, const tset *t, float x, float y)
{
    vbox_runs(lc, v, t->runs, t->n, x, y);
}

/* ---- inlines to spans --------------------------------------------------------------------- */

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

static font_style style_of(const istate *st)
{
    if (st->mono)
        return FONT_MONO;
    if (st->italic && st->bold)
        return FONT_BOLD_ITALIC;
    return st->italic ? FONT_ITALIC : st->bold ? FONT_BOLD : FONT_REGULAR;
}

static void span_add(lctx *lc, spans *sp, const istate *st, const char *t, size_t len, int flags,
                     const doc_node *src)
{
    GROW(sp->s, sp->n, sp->cap, &lc->scr); /* per paragraph: scratch */
    para_span *s = &sp->s[sp->n++];
    memset(s, 0, sizeof *s);
    s->text = t;
    s->len = len;
    s->style = style_of(st);
    s->size = st->size;
    s->flags = st->flags | flags;
    s->uri = st->uri;
    s->dest = st->dest;
    s->src = src;
}

/* The words a cross-reference prints for its target ("Figure 2.1"), with the page where the
 * previous setting put it when asked ("Figure 2.1 on page 14"; "00" before it is known). */
static const char *xref_text(lctx *lc, const doc_node *t, int with_page)
{
    if (!with_page)
        return present_xref(lc->pr, t);
    lc->want_pages = 1;
    int page = pagemap_page_of(lc->prev, t);
    int folio = page >= 0 ? page - lc->page_base + 1 : 0;
    return present_xref_page(lc->pr, t, folio > 0 ? arena_printf(lc->a, "%d", folio) : "00");
}

static void inlines(lctx *lc, spans *sp, const doc_node *n, istate st, int depth)
{
    for (const doc_node *c = n->first; c; c = c->next) {
        istate cs = st;
        switch (c->kind) {
        case DOC_TEXT:
            span_add(lc, sp, &st, c->text, c->len, 0, c);
            break;
        case DOC_SOFTBREAK:
            span_add(lc, sp, &st, " ", 1, 0, c);
            break;
        case DOC_LINEBREAK:
            span_add(lc, sp, &st, "", 0, SPAN_LINEBREAK, c);
            break;
        case DOC_CODE:
            cs.mono = 1;
            cs.size = st.size * 0.92f;
            span_add(lc, sp, &cs, c->text, c->len, SPAN_NOBREAK, c);
            break;
        case DOC_NOTEREF:
            if (c->label) {
                cs.size = st.size * 0.68f;
                cs.italic = cs.bold = cs.mono = 0;
                cs.uri = NULL;
                cs.dest = c->target;
                span_add(lc, sp, &cs, c->label, strlen(c->label), SPAN_SUPER, c);
            }
            break;
        case DOC_LINK:
            if (c->target) {
                cs.dest = c->target;
                cs.uri = NULL;
            } else if (c->url) {
                cs.uri = c->url;
            }
            if ((c->flags & DOC_F_XREF) && c->target) {
                const char *t = xref_text(lc, c->target, (c->flags & DOC_F_XREF_PAGE) != 0);
                span_add(lc, sp, &cs, t, strlen(t), 0, c);
                break;
            }
            if (depth < 64)
                inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_EMPH:
            cs.italic = !st.italic;
            if (depth < 64)
                inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_STRONG:
            cs.bold = 1;
            if (depth < 64)
                inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_STRIKE:
            cs.flags |= SPAN_STRIKE;
            if (depth < 64)
                inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_IMAGE: /* an image inside text: its alt text */
            cs.italic = 1;
            if (depth < 64)
                inlines(lc, sp, c, cs, depth + 1);
            break;
        default:
            break;
        }
    }
}

static istate istate_body(lctx *lc)
{
    istate st;
    memset(&st, 0, sizeof st);
    st.size = lc->size;
    return st;
}

/* Breaks spans into lines. */
static int set_para(lctx *lc, const spans *sp, float width, float indent, float lead, int align,
                    int hyph, lay_line **out)
{
    if (sp->n == 0)
        return 0;
    para_opts o;
    memset(&o, 0, sizeof o);
    o.width = width;
    o.indent = indent;
    o.leading = lead;
    o.align = align;
    o.hyphenate = hyph;
    return para_layout(lc->pc, lc->a, sp->s, sp->n, &o, out);
}

/* Baseline of a line of text of size sz in a slot of height h. */
static float slot_base(float h, float sz)
{
    return h - (h - sz) * 0.5f - 0.22f * sz;
}

/* Where a line set from sp begins in the source (vbox.at): inside a text node's text, or before
 * the element of the node that made its first word (a section number, a cross-reference). */
static void line_at(vbox *v, const spans *sp, const lay_line *l)
{
    if (!sp || l->start_span < 0 || l->start_span >= sp->n || !sp->s[l->start_span].src)
        return;
    const doc_node *src = sp->s[l->start_span].src;
    v->at = src;
    v->at_off = src->kind == DOC_TEXT || src->kind == DOC_CODE ? l->start_off : PAGEMAP_BEFORE;
}

/* Adds lines (set from sp) as boxes with widow and orphan penalties between them. Returns the
 * first box. */
static vbox *add_lines(lctx *lc, const spans *sp, const lay_line *ls, int nl, float x0, float lead,
                       const doc_node *block, const doc_node *anchor, float inner_pen)
{
    vbox *first = NULL;
    float base = slot_base(lead, lc->size);
    for (int i = 0; i < nl; i++) {
        if (i > 0) {
            float pen = inner_pen;
            if ((i < 2 || nl - i < 2) && pen < WIDOW_PENALTY)
                pen = WIDOW_PENALTY;
            if (ls[i - 1].hyphenated && pen < BROKEN_PENALTY)
                pen = BROKEN_PENALTY;
            vl_penalty(lc, pen);
        }
        vbox *v = vbox_new(lc);
        v->base = base;
        vbox_runs(lc, v, ls[i].runs, ls[i].nruns, x0, base);
        line_at(v, sp, &ls[i]);
        if (i == 0) {
            v->block = block;
            vbox_anchor(lc, v, anchor, 0);
            first = v;
        }
        vl_box(lc, lead, v);
    }
    return first;
}

/* ---- blocks ------------------------------------------------------------------------------- */

static void blocks(lctx *lc, const doc_node *first, float x0, float w, int in_list);

static void para_block(lctx *lc, const doc_node *n, float x0, float w, int indent)
{
    spans sp = {0};
    istate st = istate_body(lc);
    if (lc->nprefix) {
        for (int i = 0; i < lc->nprefix; i++) {
            GROW(sp.s, sp.n, sp.cap, &lc->scr);
            sp.s[sp.n++] = lc->prefix[i];
        }
        lc->nprefix = 0;
    }
    inlines(lc, &sp, n, st, 0);
    lay_line *ls = NULL;
    int nl = set_para(lc, &sp, w, indent ? lc->size : 0, lc->lead, PARA_JUSTIFY, 1, &ls);
    vl_gap(lc, 0, 0);
    add_lines(lc, &sp, ls, nl, x0, lc->lead, n, NULL, 0);
}

static void heading_block(lctx *lc, const doc_node *n, float x0, float w)
{
    float sz = lc->size, lead = lc->lead, before = lc->blead * 1.5f, after = lc->blead * 0.5f;
    istate st = istate_body(lc);
    if (n->level <= 2) {
        st.bold = 1;
        sz = lc->size * 1.12f;
        lead = lc->lead * 1.15f;
    } else if (n->level == 3) {
        st.bold = 1;
        st.italic = 1;
        before = lc->blead;
        after = lc->blead * 0.25f;
    } else {
        st.italic = 1;
        before = lc->blead * 0.75f;
        after = lc->blead * 0.25f;
    }
    st.size = sz;
    spans sp = {0};
    if (n->level == 2 && n->label) {
        const char *l = arena_printf(lc->a, "%s\xe2\x80\x82", n->label); /* en space */
        span_add(lc, &sp, &st, l, strlen(l), 0, n);
    }
    inlines(lc, &sp, n, st, 0);
    lay_line *ls = NULL;
    int nl = set_para(lc, &sp, w, 0, lead, PARA_LEFT, 0, &ls);
    vl_gap(lc, before, -50);
    float save = lc->size;
    lc->size = sz;
    add_lines(lc, &sp, ls, nl, x0, lead, n, n, HEADING_PENALTY);
    lc->size = save;
    lc->keep = 2;
    vl_gap(lc, after, 0);
}

/* The mark at the start of a wrapped code line: a small grey hooked arrow drawn with rules
 * (no font needs the glyph, and text copied from the PDF keeps the code as written). */
static void continuation_mark(lctx *lc, vbox *v, float x0, float base, float sz)
{
    static const float seg[4][4] = {
        /* x, y (from the baseline, up negative), w, h: in em */
        {0.45f, -0.72f, 0, 0.42f},       /* down */
        {0.45f, -0.30f, 0.85f, 0},       /* across */
        {1.30f, -0.30f, -0.22f, -0.17f}, /* arrowhead */
        {1.30f, -0.30f, -0.22f, 0.17f},
    };
    for (int i = 0; i < 4; i++) {
        lay_item *r = vbox_item(lc, v, LAY_RULE, NULL);
        r->x = x0 + seg[i][0] * sz;
        r->y = base + seg[i][1] * sz;
        r->w = seg[i][2] * sz;
        r->h = seg[i][3] * sz;
        r->thickness = sz * 0.06f;
        r->gray = 0.45f;
    }
}

/* The byte offset in the source line [p, e) of byte off of the line with its tabs expanded
 * (as code_block expands them). */
static size_t code_source_off(const char *p, const char *e, size_t off)
{
    size_t x = 0;
    int col = 0;
    const char *q = p;
    for (; q < e && x < off; q++) {
        if (*q == '\t') {
            do
                x++;
            while (++col % 4);
        } else {
            x++;
            if ((*q & 0xC0) != 0x80)
                col++;
        }
    }
    return (size_t)(q - p);
}

static void code_block(lctx *lc, const doc_node *n, float x0, float w)
{
    float sz = lc->size * CODE_SCALE, lead = lc->lead * 0.9f;
    float save = lc->size;
    vl_gap(lc, lc->blead * 0.5f, 0);
    const char *p = n->text, *end = n->text + n->len;
    if (end > p && end[-1] == '\n')
        end--;
    int nlines = 0;
    for (const char *q = p; q <= end; q++)
        if (q == end || *q == '\n')
            nlines++;
    int li = 0;
    lc->size = sz;
    float base = slot_base(lead, sz);
    int first = 1;
    while (p <= end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        /* expand tabs to 4 columns */
        buf line = BUF_INIT;
        int col = 0;
        for (const char *q = p; q < e; q++) {
            if (*q == '\t') {
                do
                    buf_putc(&line, ' ');
                while (++col % 4);
            } else {
                buf_putc(&line, *q);
                if ((*q & 0xC0) != 0x80)
                    col++;
            }
        }
        char *txt = arena_strndup(lc->a, line.data ? line.data : "", line.len);
        size_t len = line.len;
        buf_free(&line);
        /* wrap at the measure, preferring a space; continuation lines are indented */
        size_t off = 0;
        int cont = 0;
        do {
            float indent = cont ? sz * 2 : 0;
            font_glyph *g = NULL;
            int ng = font_shape(lc->fs, &lc->scr, FONT_MONO, sz, txt + off, len - off, &g);
            int cut = ng;
            for (int k = 0; k < ng; k++)
                if (indent + g[k].x + g[k].advance > w + 0.01f) {
                    cut = k;
                    for (int m = k; m > k / 2; m--)
                        if (g[m].cp == ' ') {
                            cut = m + 1;
                            break;
                        }
                    if (cut == 0)
                        cut = 1;
                    break;
                }
            size_t blen = cut < ng ? g[cut].cluster : len - off;
            tset t = set_text(lc, FONT_MONO, sz, txt + off, blen, 0);
            if (li > 0 || cont)
                vl_penalty(lc, (li + cont < 2 || nlines - li < 2) ? WIDOW_PENALTY : 0);
            vbox *v = vbox_new(lc);
            v->base = base;
            vbox_tset(lc, v, &t, x0 + indent, base);
            v->at = n;
            v->at_off = (size_t)(p - n->text) + code_source_off(p, e, off);
            if (cont)
                continuation_mark(lc, v, x0, base, sz);
            if (first) {
                v->block = n;
                first = 0;
            }
            vl_box(lc, lead, v);
            off += blen;
            cont = 1;
        } while (off < len);
        li++;
        p = e + 1;
    }
    lc->size = save;
    vl_gap(lc, lc->blead * 0.5f, 0);
}

static void thematic_block(lctx *lc, const doc_node *n, float x0, float w)
{
    vl_gap(lc, lc->blead * 0.5f, 0);
    tset t = set_str(lc, FONT_REGULAR, lc->size * 1.2f, "\xe2\x81\x82"); /* asterism */
    vbox *v = vbox_new(lc);
    float base = slot_base(lc->lead, lc->size) + lc->size * 0.25f;
    vbox_tset(lc, v, &t, x0 + w / 2 - t.w / 2, base);
    v->block = n;
    v->at = n;
    v->at_off = PAGEMAP_BEFORE;
    vl_box(lc, lc->lead, v);
    vl_gap(lc, lc->blead * 0.5f, 0);
}

/* Figure: image scaled to the measure (never past FIGURE_DPI, at most FIGURE_MAX_H of the
 * text height) and its caption, as one float. */
static void figure_block(lctx *lc, const doc_node *n, float x0, float w)
{
    const image_info *im = n->path ? book_image(lc->b, n->path) : NULL;
    float iw = 0, ih = 0;
    if (im && im->width && im->height) {
        double nat_w = im->width * 72.0 / FIGURE_DPI, nat_h = im->height * 72.0 / FIGURE_DPI;
        double s = 1;
        if (nat_w * s > w)
            s = w / nat_w;
        if (nat_h * s > lc->th * FIGURE_MAX_H)
            s = lc->th * FIGURE_MAX_H / nat_h;
        iw = (float)(nat_w * s);
        ih = (float)(nat_h * s);
        /* print: a warning when the image prints below 300 dpi at this size */
        int dpi = iw > 0 ? (int)(im->width * 72.0 / iw + 0.5) : 0;
        if (lc->print && dpi < 300 && lc->pass == 0 && !lc->quiet)
            diag_report(lc->b->diag, D_IMAGE_LOW_DPI, n->file, n->line, n->col, n->path, dpi);
    }
    vbox *v = vbox_new(lc);
    v->block = n;
    v->at = n;
    v->at_off = PAGEMAP_BEFORE;
    vbox_anchor(lc, v, n, 0);
    float y = 0;
    if (im) {
        lay_item *it = vbox_item(lc, v, LAY_IMAGE, NULL);
        it->x = x0 + (w - iw) / 2;
        it->y = 0;
        it->w = iw;
        it->h = ih;
        it->image = im;
        y = ih + lc->blead * 0.6f;
    }
    /* caption */
    float save = lc->size;
    lc->size = lc->bsize * CAPTION_SCALE;
    float lead = lc->blead * CAPTION_SCALE;
    istate st = istate_body(lc);
    spans sp = {0};
    if (n->label) {
        istate it = st;
        it.bold = 0;
        const char *l = present_label(lc->pr, n);
        it.italic = 1;
        span_add(lc, &sp, &it, l, strlen(l), 0, n);
        if (n->first)
            span_add(lc, &sp, &st, " \xc2\xb7 ", 4, 0, n); /* middle dot */
    }
    inlines(lc, &sp, n, st, 0);
    lay_line *ls = NULL;
    int nl = set_para(lc, &sp, w * 0.9f, 0, lead, PARA_CENTER, 1, &ls);
    float base = slot_base(lead, lc->size);
    for (int i = 0; i < nl; i++) {
        vbox_runs(lc, v, ls[i].runs, ls[i].nruns, x0 + w * 0.05f, y + base);
        y += lead;
    }
    lc->size = save;
    vl_float_gap(lc, lc->blead);
    vl_box_kind(lc, PB_FLOAT, y, v);
    vl_float_gap(lc, lc->blead);
}

/* The widest word of a span (the narrowest a column holding it can be). */
static float widest_word(lctx *lc, const para_span *sp)
{
    float best = 0;
    size_t i = 0;
    while (i < sp->len) {
        while (i < sp->len && sp->text[i] == ' ')
            i++;
        size_t j = i;
        while (j < sp->len && sp->text[j] != ' ')
            j++;
        if (j > i) {
            tset t = set_text(lc, sp->style, sp->size, sp->text + i, j - i, 0);
            if (t.w > best)
                best = t.w;
        }
        i = j;
    }
    return best;
}

static void table_set(lctx *lc, const doc_node *n, float x0, float w, float scale);

static void table_block(lctx *lc, const doc_node *n, float x0, float w)
{
    table_set(lc, n, x0, w, 1);
}

/* A table at scale times the table size: columns as wide as their content when it fits,
 * else narrow columns keep their width and the others share the rest; set smaller (with a
 * warning) when even the widest words do not fit. */
static void table_set(lctx *lc, const doc_node *n, float x0, float w, float scale)
{
    float save = lc->size;
    float sz = lc->bsize * CAPTION_SCALE * scale, lead = lc->blead * CAPTION_SCALE * scale;
    float pad = sz * 0.6f; /* between columns */
    int ncol = 0, nrow = 0;
    for (const doc_node *r = n->first; r; r = r->next) {
        int c = 0;
        for (const doc_node *cell = r->first; cell; cell = cell->next)
            c++;
        if (c > ncol)
            ncol = c;
        nrow++;
    }
    if (ncol == 0)
        return;
    lc->size = sz;
    /* natural widths */
    float *nat = ARENA_NEWN(lc->a, float, (size_t)ncol);
    float *minw = ARENA_NEWN(lc->a, float, (size_t)ncol);
    float *cw = ARENA_NEWN(lc->a, float, (size_t)ncol);
    for (const doc_node *r = n->first; r; r = r->next) {
        int c = 0;
        for (const doc_node *cell = r->first; cell; cell = cell->next, c++) {
            istate st = istate_body(lc);
            st.bold = (r->flags & DOC_F_HEADER) != 0;
            spans sp = {0};
            inlines(lc, &sp, cell, st, 0);
            float wsum = 0;
            for (int i = 0; i < sp.n; i++) {
                if (sp.s[i].flags & SPAN_LINEBREAK)
                    continue;
                tset t = set_text(lc, sp.s[i].style, sp.s[i].size, sp.s[i].text, sp.s[i].len, 0);
                wsum += t.w;
                float ww = widest_word(lc, &sp.s[i]);
                if (ww > minw[c])
                    minw[c] = ww;
            }
            if (wsum > nat[c])
                nat[c] = wsum;
        }
    }
    float avail = w - pad * (float)(ncol - 1), total = 0, mintotal = 0;
    for (int c = 0; c < ncol; c++) {
        total += nat[c];
        mintotal += minw[c];
    }
    if (mintotal > avail && scale == 1) {
        lc->size = save;
        float s2 = avail > 0 ? avail / mintotal * 0.97f : 0.6f;
        if (s2 < 0.6f)
            s2 = 0.6f;
        diag_ctx *d = lc->b->diag;
        if (lc->pass == 0 && !lc->quiet)
            diag_report(d, D_TABLE_TOO_WIDE, n->file, n->line, n->col);
        /* that warning says it all: not one more for every word too wide for its cell */
        FILE *out = d->out;
        int warnings = d->warnings;
        d->out = NULL;
        table_set(lc, n, x0, w, s2);
        d->out = out;
        d->warnings = warnings;
        return;
    }
    if (total <= avail) {
        for (int c = 0; c < ncol; c++)
            cw[c] = nat[c];
    } else {
        /* water-filling: narrow columns keep their width, the others share the rest */
        int *done = ARENA_NEWN(lc->a, int, (size_t)ncol);
        float left = avail;
        int nleft = ncol, changed = 1;
        while (changed && nleft > 0) {
            changed = 0;
            float share = left / (float)nleft;
            for (int c = 0; c < ncol; c++)
                if (!done[c] && nat[c] <= share) {
                    cw[c] = nat[c];
                    done[c] = 1;
                    left -= nat[c];
                    nleft--;
                    changed = 1;
                }
        }
        for (int c = 0; c < ncol; c++)
            if (!done[c])
                cw[c] = left / (float)nleft;
        /* no column narrower than its widest word, when the others can give way */
        for (int c = 0; c < ncol; c++) {
            float need = minw[c] - cw[c];
            if (need <= 0)
                continue;
            float slack = 0;
            for (int d = 0; d < ncol; d++)
                if (cw[d] > minw[d])
                    slack += cw[d] - minw[d];
            if (slack <= 0)
                break;
            float take = need < slack ? need : slack;
            for (int d = 0; d < ncol; d++)
                if (cw[d] > minw[d])
                    cw[d] -= (cw[d] - minw[d]) / slack * take;
            cw[c] += take;
        }
    }
    float tw = pad * (float)(ncol - 1);
    for (int c = 0; c < ncol; c++)
        tw += cw[c];
    float tx = x0 + (w - tw) / 2;
    /* caption above: its lines in one box */
    vbox *capv = NULL;
    float caph = 0;
    if (n->caption || n->label) {
        istate st = istate_body(lc);
        spans sp = {0};
        if (n->label) {
            istate it = st;
            it.italic = 1;
            const char *l = present_label(lc->pr, n);
            span_add(lc, &sp, &it, l, strlen(l), 0, n);
            if (n->caption && n->caption->first)
                span_add(lc, &sp, &st, " \xc2\xb7 ", 4, 0, n);
        }
        if (n->caption)
            inlines(lc, &sp, n->caption, st, 0);
        lay_line *ls = NULL;
        int nl = set_para(lc, &sp, w * 0.9f, 0, lead, PARA_CENTER, 1, &ls);
        capv = vbox_new(lc);
        capv->block = n;
        capv->at = n;
        capv->at_off = PAGEMAP_BEFORE;
        vbox_anchor(lc, capv, n, 0);
        float base = slot_base(lead, sz);
        for (int i = 0; i < nl; i++)
            vbox_runs(lc, capv, ls[i].runs, ls[i].nruns, x0 + w * 0.05f, (float)i * lead + base);
        caph = (float)nl * lead + lead * 0.3f;
    }
    /* the rows, each one box */
    vbox **rows = ARENA_NEWN(&lc->scr, vbox *, (size_t)nrow);
    float *rh = ARENA_NEWN(&lc->scr, float, (size_t)nrow);
    float total_h = caph;
    int ri = 0;
    for (const doc_node *r = n->first; r; r = r->next, ri++) {
        int header = (r->flags & DOC_F_HEADER) != 0;
        vbox *v = vbox_new(lc);
        float rowh = 0, top = lead * 0.25f;
        int c = 0;
        float cx = tx;
        for (const doc_node *cell = r->first; cell; cell = cell->next, c++) {
            istate st = istate_body(lc);
            st.bold = header;
            spans sp = {0};
            inlines(lc, &sp, cell, st, 0);
            int align = cell->align == DOC_ALIGN_CENTER  ? PARA_CENTER
                        : cell->align == DOC_ALIGN_RIGHT ? PARA_RIGHT
                                                         : PARA_LEFT;
            lay_line *ls = NULL;
            int nl = set_para(lc, &sp, cw[c] + 0.01f, 0, lead, align, 1, &ls);
            float base = slot_base(lead, sz);
            for (int i = 0; i < nl; i++)
                vbox_runs(lc, v, ls[i].runs, ls[i].nruns, cx, top + (float)i * lead + base);
            if (!v->at && nl > 0)
                line_at(v, &sp, &ls[0]);
            if ((float)nl * lead > rowh)
                rowh = (float)nl * lead;
            cx += cw[c] + pad;
        }
        float h = rowh + lead * 0.5f;
        if (ri == 0) {
            lay_item *rl = vbox_item(lc, v, LAY_RULE, NULL);
            rl->x = tx, rl->y = 0, rl->w = tw, rl->thickness = 0.8f;
            if (!capv) {
                v->block = n;
                v->at = n;
                v->at_off = PAGEMAP_BEFORE;
                vbox_anchor(lc, v, n, 0);
            }
        }
        if (header) {
            lay_item *rl = vbox_item(lc, v, LAY_RULE, NULL);
            rl->x = tx, rl->y = h, rl->w = tw, rl->thickness = 0.4f;
        }
        if (!r->next) {
            lay_item *rl = vbox_item(lc, v, LAY_RULE, NULL);
            rl->x = tx, rl->y = h, rl->w = tw, rl->thickness = 0.8f;
        }
        rows[ri] = v;
        rh[ri] = h;
        total_h += h;
    }
    lc->size = save;
    if (total_h <= lc->th * TABLE_FLOAT_H) {
        /* a short table is a float, like a figure: where it stands when it fits, else at the
         * top of a later page while the text flows on */
        vbox *f = vbox_new(lc);
        float y = 0;
        if (capv) {
            vbox_merge(lc, f, capv, 0);
            y = caph;
        }
        for (int i = 0; i < nrow; i++) {
            vbox_merge(lc, f, rows[i], y);
            y += rh[i];
        }
        f->block = n;
        f->at = n;
        f->at_off = PAGEMAP_BEFORE;
        vl_float_gap(lc, lc->blead);
        vl_box_kind(lc, PB_FLOAT, y, f);
        vl_float_gap(lc, lc->blead);
        return;
    }
    vl_gap(lc, lc->blead, 0);
    /* a long table runs across pages: never a row alone, the header row repeated on top */
    if (capv) {
        vl_box(lc, caph, capv);
        lc->keep = 2;
        vl_penalty(lc, PB_INF);
    }
    int hdr = n->first && (n->first->flags & DOC_F_HEADER) != 0;
    for (ri = 0; ri < nrow; ri++) {
        if (ri > 0) {
            int lastrow = ri == nrow - 1;
            float pen = (ri == 1 && hdr) || lastrow ? PB_INF : 0;
            if ((ri == 2 && hdr) || (ri == 1 && !hdr) || ri == nrow - 2)
                pen = pen > WIDOW_PENALTY ? pen : WIDOW_PENALTY; /* one row alone */
            vl_penalty(lc, pen);
            if (hdr && lc->pb[lc->n - 1].kind == PB_PENALTY) {
                lc->pb[lc->n - 1].carry = rh[0];
                lc->vb[lc->n - 1] = rows[0];
            }
        }
        vl_box(lc, rh[ri], rows[ri]);
    }
    vl_gap(lc, lc->blead, 0);
}

static void list_block(lctx *lc, const doc_node *n, float x0, float w, int depth)
{
    int ordered = (n->flags & DOC_F_ORDERED) != 0, tight = (n->flags & DOC_F_TIGHT) != 0;
    float ind = lc->size * LIST_INDENT;
    int num = n->number > 0 ? n->number : 1;
    if (ordered) {
        int cnt = 0;
        for (const doc_node *it = n->first; it; it = it->next)
            cnt++;
        if (num + cnt > 100)
            ind = lc->size * 2.2f;
    }
    vl_gap(lc, depth ? 0 : lc->blead * 0.5f, 0);
    for (const doc_node *it = n->first; it; it = it->next, num++) {
        /* no page break after the first item or before the last, if it can be helped */
        if (it != n->first && (it->prev == n->first || !it->next))
            lc->min_pen = WIDOW_PENALTY;
        if (!tight && it != n->first)
            vl_gap(lc, lc->blead * 0.4f, 0);
        int start = lc->n;
        blocks(lc, it->first, x0 + ind, w - ind, depth + 1);
        /* the marker goes on the first box of the item */
        vbox *fb = NULL;
        for (int k = start; k < lc->n; k++)
            if (lc->pb[k].kind == PB_BOX) {
                fb = lc->vb[k];
                break;
            }
        if (!fb)
            continue;
        const char *m;
        if (it->flags & DOC_F_TASK)
            m = (it->flags & DOC_F_CHECKED) ? "\xe2\x96\xa0" : "\xe2\x96\xa1"; /* ■ □ */
        else if (ordered)
            m = arena_printf(lc->a, "%d.", num);
        else
            m = depth % 2 ? "\xe2\x80\x93" : "\xe2\x80\xa2"; /* en dash, bullet */
        tset t = set_str(lc, FONT_REGULAR, lc->size, m);
        vbox_tset(lc, fb, &t, x0 + ind - lc->size * 0.5f - t.w, fb->base);
        if (!fb->block)
            fb->block = it;
    }
    vl_gap(lc, depth ? 0 : lc->blead * 0.5f, 0);
}

static void blocks(lctx *lc, const doc_node *first, float x0, float w, int depth)
{
    for (const doc_node *n = first; n; n = n->next) {
        if (n == lc->skip || n == lc->skip2)
            continue;
        switch (n->kind) {
        case DOC_PARA: {
            /* indented after a paragraph; figures float away, so look past them */
            const doc_node *pv = n->prev;
            while (pv && pv->kind == DOC_FIGURE)
                pv = pv->prev;
            int indent = pv && pv->kind == DOC_PARA && depth == 0;
            para_block(lc, n, x0, w, indent);
            break;
        }
        case DOC_HEADING:
            heading_block(lc, n, x0, w);
            break;
        case DOC_FIGURE:
            figure_block(lc, n, x0, w);
            break;
        case DOC_BLOCKQUOTE: {
            float q = lc->size * QUOTE_INDENT;
            vl_gap(lc, lc->blead * 0.5f, 0);
            const doc_node *attr = present_attribution(n);
            if (attr)
                lc->skip2 = attr;
            blocks(lc, n->first, x0 + q, w - 2 * q, depth);
            lc->skip2 = NULL;
            if (attr) {
                /* the attribution: set apart, flush right, no break before it */
                vl_gap(lc, lc->blead * 0.25f, PB_INF);
                spans sp = {0};
                inlines(lc, &sp, attr, istate_body(lc), 0);
                lay_line *ls = NULL;
                int nl = set_para(lc, &sp, w - 2 * q, 0, lc->lead, PARA_RIGHT, 1, &ls);
                add_lines(lc, &sp, ls, nl, x0 + q, lc->lead, attr, NULL, 0);
            }
            vl_gap(lc, lc->blead * 0.5f, 0);
            break;
        }
        case DOC_LIST:
            list_block(lc, n, x0, w, depth);
            break;
        case DOC_CODEBLOCK:
            code_block(lc, n, x0, w);
            break;
        case DOC_THEMATIC:
            thematic_block(lc, n, x0, w);
            break;
        case DOC_TABLE:
            table_block(lc, n, x0, w);
            break;
        default:
            break;
        }
    }
}
/* ---- the page breaker (see layout_page.h) ------------------------------------------------ */

/* Cost of an underfull page: PB_SHORT_COST times the lines short, squared up to one line and
 * cubed beyond it (a ragged bottom of a line is acceptable, a hole of three lines is as bad as
 * a widow). */
#define PB_SHORT_COST 100.0
/* What a "never" break costs when nothing else is possible, and an overfull page. */
#define PB_FORCED_COST   1e6
#define PB_OVERFULL_COST 1e8
/* A footnote continued on the next page (at least two of its lines stay with its mark). */
#define PB_SPLIT_NOTE_COST 800.0
/* Floats waiting for a page left off its top, once, so that text fills the page first (when a
 * footnote or a table would otherwise leave a hole). */
#define PB_DEFER_COST 400.0

typedef struct pb_node {
    double cost;
    int prev; /* index of the previous break + 1 (0: the start) */
    int reached;
    int *pend; /* floats still waiting after this break */
    int npend;
    int deferred; /* those floats were already left off one page top */
    float carry;  /* footnote height continued at the foot of the next page */
    pb_page page; /* the page that ends here on the best path */
} pb_node;

static double pb_page_cost(const pb_params *p, double used, double stretch, double shrink, int last,
                           int *overfull)
{
    double shortfall = p->page_h - used;
    *overfull = 0;
    if (shortfall < -0.01) {
        if (shrink <= 0 || -shortfall > shrink + 0.01) {
            *overfull = 1;
            return PB_OVERFULL_COST;
        }
        double r = -shortfall / shrink;
        return 100.0 * r * r * r;
    }
    if (last)
        return 0;
    double eff = shortfall - stretch;
    if (eff <= 0)
        return 0;
    double u = p->unit > 0 ? eff / p->unit : eff;
    return PB_SHORT_COST * u * u * (u > 1 ? u : 1); /* a ragged line is fine, a hole is not */
}

static double pb_pen_cost(float pen)
{
    return pen >= PB_INF ? PB_FORCED_COST * (pen / PB_INF) : pen; /* "never", graded */
}

/* Whether the next item after k that is not a penalty is a float. */
static int float_next(const pb_item *items, int n, int k)
{
    for (int m = k + 1; m < n; m++)
        if (items[m].kind != PB_PENALTY)
            return items[m].kind == PB_FLOAT;
    return 0;
}

void page_break(const pb_item *items, int n, const pb_params *p, arena *a, pb_result *out)
{
    static const pb_item none;
    if (!items || n < 0) {
        items = &none;
        n = 0;
    }
    /* node k+1 is the break at item k (a penalty); node 0 the start; node n+1 the end */
    pb_node *nodes = ARENA_NEWN(a, pb_node, (size_t)n + 2);
    int *tmp = ARENA_NEWN(a, int, (size_t)n + 1);
    nodes[0].reached = 1;
    out->moved = ARENA_NEWN(a, unsigned char, (size_t)n + 1);
    for (int ai = 0, defer = 0; ai <= n; defer ? (defer = 0, ai++) : (defer = 1)) {
        pb_node *an = &nodes[ai];
        if (!an->reached)
            continue;
        if (defer && (an->npend == 0 || an->deferred))
            continue;
        int s = ai; /* first item after the break */
        /* floats waiting from earlier pages go first */
        double used = 0, notes = 0, stretch = 0, shrink = 0;
        double split_room = 0; /* how much of the page's last footnote may go on */
        if (an->carry > 0)
            notes = an->carry + p->notes_sep; /* the end of a note from the page before */
        if (ai > 0 && ai <= n && items[ai - 1].kind == PB_PENALTY)
            used += items[ai - 1].carry; /* a repeated table header */
        int ntmp = 0, nplaced = 0, content = 0, relaxed = 0, overfull_mode = 0, skip_glue = 0;
        const pb_item *last_glue = NULL; /* the glue since the last box or float */
        float moved_alt = 0;             /* alt of the glue before a float that moved */
        int float_before = 0;            /* the last content is a float in place */
        for (int f = 0; f < an->npend; f++) {
            int fi = an->pend[f];
            if (!defer && ntmp == 0 &&
                (nplaced == 0 || used + items[fi].h + p->float_gap <= p->page_h)) {
                used += items[fi].h + p->float_gap;
                if (items[fi].notes > 0) {
                    notes += items[fi].notes + (notes > 0 ? 0 : p->notes_sep);
                    split_room = 0;
                }
                nplaced++;
                content = 1;
            } else {
                tmp[ntmp++] = fi;
            }
        }
        for (int k = s; k <= n; k++) {
            const pb_item *it = k < n ? &items[k] : NULL;
            if (it && !content && (it->kind == PB_GLUE || it->kind == PB_PENALTY))
                continue; /* discarded at the top of a page */
            if (!it || it->kind == PB_PENALTY) {
                if (!content && it)
                    continue;
                int last = !it;
                int over;
                double total = used + notes, carry = 0;
                if (total > p->page_h + shrink + 0.01 && split_room > 0 && !last &&
                    p->note_line > 0) {
                    /* continue the last footnote on the next page, whole lines of it */
                    double lines = ceil((total - p->page_h - shrink) / p->note_line - 1e-3);
                    if (lines * p->note_line <= split_room + 0.01) {
                        carry = lines * p->note_line;
                        total -= carry;
                    }
                }
                double c = pb_page_cost(p, total, stretch, shrink, last && ntmp == 0, &over);
                if (carry > 0)
                    c += PB_SPLIT_NOTE_COST;
                if (defer)
                    c += PB_DEFER_COST;
                if (over && !overfull_mode && content > 1)
                    break;
                if (it)
                    c += pb_pen_cost(it->penalty);
                if (overfull_mode)
                    c += PB_OVERFULL_COST;
                double tc = an->cost + c;
                pb_node *bn = &nodes[k + 1];
                if (!bn->reached || tc < bn->cost) {
                    bn->reached = 1;
                    bn->cost = tc;
                    bn->prev = ai;
                    bn->npend = ntmp;
                    bn->deferred = defer;
                    bn->pend = ntmp ? ARENA_NEWN(a, int, (size_t)ntmp) : NULL;
                    if (ntmp)
                        memcpy(bn->pend, tmp, (size_t)ntmp * sizeof(int));
                    bn->page.start = s;
                    bn->page.end = k;
                    bn->page.nfloats = nplaced;
                    bn->page.floats = an->pend;
                    bn->page.used = (float)total;
                    bn->page.stretch = (float)stretch;
                    bn->page.carry_in = an->carry;
                    bn->page.carry_out = (float)carry;
                    bn->carry = (float)carry;
                }
                relaxed = 1;
                if (overfull_mode || last)
                    break;
                continue;
            }
            if (it->kind == PB_GLUE) {
                double gh = it->h, gst = it->stretch, gsh = it->shrink;
                if (skip_glue) {
                    /* the space after a float that moved away: what the blocks around it
                     * would have had without it (a float's own space when one follows) */
                    skip_glue = 0;
                    if (!float_next(items, n, k)) {
                        gh = it->alt > moved_alt ? it->alt : moved_alt;
                        gst = gh * 0.25;
                        gsh = gh * 0.1;
                    }
                }
                used += gh;
                stretch += gst;
                shrink += gsh;
                last_glue = it;
                continue;
            }
            if (it->kind == PB_FLOAT) {
                double fnn = it->notes > 0 ? it->notes + (notes > 0 ? 0 : p->notes_sep) : 0;
                if (ntmp == 0 && used + notes + fnn + it->h <= p->page_h + shrink) {
                    used += it->h;
                    notes += fnn;
                    if (fnn > 0)
                        split_room = 0;
                    content++;
                    last_glue = NULL;
                    float_before = 1;
                } else {
                    tmp[ntmp++] = k;
                    moved_alt = 0;
                    if (last_glue && float_before) {
                        /* the space after a float that stays: kept; none after this one */
                        moved_alt = -1;
                        last_glue = NULL;
                    } else if (last_glue) { /* and the space before it */
                        used -= last_glue->h;
                        stretch -= last_glue->stretch;
                        shrink -= last_glue->shrink;
                        moved_alt = last_glue->alt;
                        last_glue = NULL;
                    }
                    skip_glue = 1;
                }
                continue;
            }
            /* a box */
            last_glue = NULL;
            skip_glue = 0;
            float_before = 0;
            double nn = it->notes > 0 ? it->notes + (notes > 0 ? 0 : p->notes_sep) : 0;
            if (it->notes > 0)
                split_room = p->note_line > 0 ? it->notes - 2 * p->note_line : 0;
            if (split_room < 0)
                split_room = 0;
            if (content && used + notes + it->h + nn - split_room > p->page_h + shrink + 0.01) {
                if (relaxed)
                    break;
                overfull_mode = 1; /* nothing fits: end at the next possible break anyway */
            }
            used += it->h;
            notes += nn;
            content++;
        }
    }
    /* walk back from the end */
    int count = 0;
    for (int k = n + 1; k > 0; k = nodes[k].prev)
        count++;
    pb_node *end = &nodes[n + 1];
    int extra = 0;
    {
        /* floats still waiting at the end get pages of their own */
        double used = 0;
        for (int f = 0; f < end->npend; f++) {
            double h = p->page_h > 0 ? items[end->pend[f]].h + p->float_gap : 0;
            if (f == 0 || used + h > p->page_h) {
                extra++;
                used = 0;
            }
            used += h;
        }
    }
    out->npages = count + extra;
    out->pages = ARENA_NEWN(a, pb_page, (size_t)out->npages);
    out->cost = end->cost;
    int i = count;
    for (int k = n + 1; k > 0; k = nodes[k].prev)
        out->pages[--i] = nodes[k].page;
    /* mark moved floats */
    for (int pi = 0; pi < count; pi++)
        for (int f = 0; f < out->pages[pi].nfloats; f++)
            out->moved[out->pages[pi].floats[f]] = 1;
    if (extra) {
        double used = 0;
        int pi = count - 1;
        for (int f = 0; f < end->npend; f++) {
            int fi = end->pend[f];
            double h = items[fi].h + p->float_gap;
            if (f == 0 || used + h > p->page_h) {
                pi++;
                out->pages[pi].start = out->pages[pi].end = n;
                out->pages[pi].floats = ARENA_NEWN(a, int, (size_t)end->npend);
                used = 0;
            }
            out->pages[pi].floats[out->pages[pi].nfloats++] = fi;
            out->pages[pi].used = (float)(used += h);
            out->moved[fi] = 1;
        }
    }
}

/* ---- pages -------------------------------------------------------------------------------- */

static int new_page(lctx *lc, int kind, const char *head)
{
    if (lc->npages == lc->cappages) {
        size_t oc = (size_t)lc->cappages, nc = oc ? oc * 2 : 64;
        lc->pages = arena_realloc(lc->a, lc->pages, oc * sizeof *lc->pages, nc * sizeof *lc->pages);
        lc->info = arena_realloc(lc->a, lc->info, oc * sizeof *lc->info, nc * sizeof *lc->info);
        lc->cappages = (int)nc;
    }
    memset(&lc->pages[lc->npages], 0, sizeof(lay_page));
    lc->info[lc->npages].kind = kind;
    lc->info[lc->npages].role = lc->role;
    lc->info[lc->npages].head = head;
    return lc->npages++;
}

static lay_item *page_item(lctx *lc, int pi, const lay_item *src, const doc_node *dest)
{
    lay_page *p = &lc->pages[pi];
    if (p->nitems == p->cap) {
        /* on the heap while the page fills (an arena would keep every outgrown copy);
         * finish_pages moves the final arrays into the arena */
        size_t nc = p->cap ? (size_t)p->cap * 2 : 256;
        p->items = realloc(p->items, nc * sizeof *p->items);
        if (!p->items)
            hj_oom();
        p->cap = (int)nc;
    }
    lay_item *it = &p->items[p->nitems];
    *it = *src;
    if (dest) {
        GROW(lc->fix, lc->nfix, lc->capfix, lc->a);
        lc->fix[lc->nfix++] = (fixup){pi, p->nitems, dest};
    }
    p->nitems++;
    return it;
}

/* Copies a box onto page pi with its top-left corner at (x, y) on the page. */
static void place_box(lctx *lc, int pi, const vbox *v, float x, float y)
{
    for (int i = 0; i < v->n; i++) {
        lay_item *it = page_item(lc, pi, &v->items[i], v->dests[i]);
        it->x += x;
        it->y += y;
    }
    for (int i = 0; i < v->nanchors; i++) {
        const doc_node *nd = v->anchors[i];
        pagemap_set(lc->map, nd, pi + lc->page_base, y + v->anchor_y[i]);
        GROW(lc->anchored, lc->nanch, lc->capanch, lc->a);
        lc->anchored[lc->nanch++] = nd;
    }
    if (v->block && !lc->pages[pi].first_node)
        lc->pages[pi].first_node = v->block;
}

static float page_left(lctx *lc, int pi)
{
    return pi % 2 == 0 ? lc->mi : lc->mo; /* even index: a recto (the list starts on one) */
}

/* Whether the glue at k is next to a float that page_break moved (skipping penalties). */
static int glue_next_moved(const lctx *lc, const pb_result *res, int k)
{
    for (int m = k + 1; m < lc->n; m++) {
        if (lc->pb[m].kind == PB_PENALTY)
            continue;
        return lc->pb[m].kind == PB_FLOAT && res->moved[m];
    }
    return 0;
}

/* Whether the content before the glue at k is a float that stays in place. */
static int kept_float_before(const lctx *lc, const pb_result *res, int k)
{
    for (int m = k - 1; m >= 0; m--) {
        if (lc->pb[m].kind == PB_PENALTY)
            continue;
        return lc->pb[m].kind == PB_FLOAT && !res->moved[m];
    }
    return 0;
}

/* When the glue at k follows a float that page_break moved: the index of the glue before that
 * float (lc->n when there is none); else -1. */
static int glue_prev_moved(const lctx *lc, const pb_result *res, int k)
{
    for (int m = k - 1; m >= 0; m--) {
        if (lc->pb[m].kind == PB_PENALTY)
            continue;
        if (lc->pb[m].kind != PB_FLOAT || !res->moved[m])
            return -1;
        for (int g = m - 1; g >= 0; g--) {
            if (lc->pb[g].kind == PB_PENALTY)
                continue;
            return lc->pb[g].kind == PB_GLUE ? g : lc->n;
        }
        return lc->n;
    }
    return -1;
}

/* Where page pi begins in the source (pagemap_page.node): what is printed first on it, a float
 * moved to its top included (a table's header repeated from the page before is not new). */
static void page_start(lctx *lc, int pi, const pb_result *res, const pb_page *pg)
{
    pinfo *in = &lc->info[pi];
    const vbox *first = NULL;
    for (int f = 0; f < pg->nfloats && !first; f++)
        if (lc->vb[pg->floats[f]]->at)
            first = lc->vb[pg->floats[f]];
    for (int k = pg->start; k < pg->end && k < lc->n && !first; k++) {
        const pb_item *it = &lc->pb[k];
        if ((it->kind == PB_BOX || (it->kind == PB_FLOAT && !res->moved[k])) && lc->vb[k]->at)
            first = lc->vb[k];
    }
    if (first) {
        in->at = first->at;
        in->at_off = first->at_off;
    }
}

/* Copies the chapter's vertical list onto pages as page_break chose. */
static void place_pages(lctx *lc, const pb_result *res, const pb_params *pp, int opener_first,
                        const char *head)
{
    fnote *cont = NULL; /* a note going on from the page before, from its box cont_b */
    int cont_b = 0;
    for (int p = 0; p < res->npages; p++) {
        const pb_page *pg = &res->pages[p];
        int pi = new_page(lc, p == 0 && opener_first ? PG_OPENER : PG_TEXT, head);
        float x = page_left(lc, pi), y = lc->mt;
        const float y0 = y;
        int last = p == res->npages - 1 || res->pages[p + 1].start >= lc->n;
        float spare = lc->th - pg->used, r = 0;
        if (!last && pg->stretch > 0 && spare > 0)
            r = spare < pg->stretch ? spare / pg->stretch : 1;
        const doc_node **notes = NULL;
        int nnotes = 0, capnotes = 0;
        for (int f = 0; f < pg->nfloats; f++) {
            int k = pg->floats[f];
            const vbox *v = lc->vb[k];
            place_box(lc, pi, v, x, y);
            y += lc->pb[k].h + pp->float_gap;
            for (int q = 0; q < v->nnotes; q++) {
                GROW(notes, nnotes, capnotes, lc->a);
                notes[nnotes++] = v->notes[q];
            }
        }
        int started = pg->nfloats > 0;
        if (pg->start > 0 && lc->pb[pg->start - 1].kind == PB_PENALTY &&
            lc->pb[pg->start - 1].carry > 0 && lc->vb[pg->start - 1]) {
            place_box(lc, pi, lc->vb[pg->start - 1], x, y);
            y += lc->pb[pg->start - 1].carry;
            started = 1;
        }
        for (int k = pg->start; k < pg->end && k < lc->n; k++) {
            const pb_item *it = &lc->pb[k];
            if (!started && (it->kind == PB_GLUE || it->kind == PB_PENALTY))
                continue;
            if (it->kind == PB_GLUE) {
                if (glue_next_moved(lc, res, k) && !kept_float_before(lc, res, k))
                    continue; /* the space before a float that moved away */
                float gh = it->h;
                int before = k > 0 ? glue_prev_moved(lc, res, k) : -1;
                if (before >= 0 && !float_next(lc->pb, lc->n, k)) {
                    /* after it: the space the blocks around have without it */
                    if (before < lc->n && kept_float_before(lc, res, before))
                        gh = it->alt;
                    else
                        gh = before < lc->n && lc->pb[before].alt > it->alt ? lc->pb[before].alt
                                                                            : it->alt;
                }
                y += gh + r * gh * 0.25f;
            } else if (it->kind == PB_BOX || (it->kind == PB_FLOAT && !res->moved[k])) {
                const vbox *v = lc->vb[k];
                place_box(lc, pi, v, x, y);
                y += it->h;
                started = 1;
                for (int q = 0; q < v->nnotes; q++) {
                    GROW(notes, nnotes, capnotes, lc->a);
                    notes[nnotes++] = v->notes[q];
                }
            }
        }
        page_start(lc, pi, res, pg);
        if (nnotes || cont) {
            /* the notes of the page, set at its foot: first the rest of a note begun on the
             * page before, then the page's own; the last may go on to the next page */
            float gap = lc->blead * 0.25f, total = lc->blead;
            if (cont)
                total += cont->h - cont->hs[cont_b] + gap;
            int cut = -1; /* boxes of the last note that stay on this page */
            for (int q = 0; q < nnotes; q++) {
                fnote *fn = notes[q]->user;
                if (!fn)
                    continue;
                if (q == nnotes - 1 && pg->carry_out > 0 && fn->n > 2) {
                    float limit = fn->h - pg->carry_out + 0.01f;
                    cut = 0;
                    while (cut < fn->n && (cut + 1 < fn->n ? fn->hs[cut + 1] : fn->h) <= limit)
                        cut++;
                    if (cut < 2)
                        cut = 2 < fn->n ? 2 : fn->n;
                    total += (cut < fn->n ? fn->hs[cut] : fn->h) + gap;
                } else {
                    total += fn->h + gap;
                }
            }
            float ny = y0 + lc->th - total;
            if (ny < y)
                ny = y;
            lay_item rule;
            memset(&rule, 0, sizeof rule);
            rule.kind = LAY_RULE;
            rule.x = x;
            rule.y = ny + lc->blead * 0.5f;
            rule.w = lc->tw * 0.3f;
            rule.thickness = 0.4f;
            rule.dest_page = -1;
            page_item(lc, pi, &rule, NULL);
            ny += lc->blead;
            if (cont) {
                float off = cont->hs[cont_b];
                for (int b = cont_b; b < cont->n; b++)
                    place_box(lc, pi, cont->boxes[b], x, ny + cont->hs[b] - off);
                ny += cont->h - off + gap;
                cont = NULL;
            }
            for (int q = 0; q < nnotes; q++) {
                fnote *fn = notes[q]->user;
                if (!fn)
                    continue;
                int nb = q == nnotes - 1 && cut >= 0 ? cut : fn->n;
                for (int b = 0; b < nb; b++)
                    place_box(lc, pi, fn->boxes[b], x, ny + fn->hs[b]);
                if (nb < fn->n) {
                    cont = fn;
                    cont_b = nb;
                }
                ny += (nb < fn->n ? fn->hs[nb] : fn->h) + gap;
            }
        }
    }
}

/* Moves the pages' item arrays from the heap into the arena (without the links in print). */
static void finish_pages(lctx *lc, lay_page *pages, int n)
{
    for (int i = 0; i < n; i++) {
        lay_page *p = &pages[i];
        if (lc->print) {
            int k = 0;
            for (int j = 0; j < p->nitems; j++)
                if (p->items[j].kind != LAY_LINK)
                    p->items[k++] = p->items[j];
            p->nitems = k;
        }
        lay_item *items = p->nitems ? ARENA_NEWN(lc->a, lay_item, (size_t)p->nitems) : NULL;
        if (p->nitems)
            memcpy(items, p->items, (size_t)p->nitems * sizeof *items);
        free(p->items);
        p->items = items;
        p->cap = p->nitems;
    }
}

static void vl_reset(lctx *lc)
{
    lc->n = 0;
    lc->min_pen = 0;
    lc->keep = 0;
    lc->gap_glue = -1;
}

static pb_params params(lctx *lc)
{
    pb_params pp;
    pp.page_h = lc->th;
    pp.unit = lc->blead;
    pp.float_gap = lc->blead;
    pp.notes_sep = lc->blead;
    pp.note_line = lc->blead * NOTE_SCALE;
    return pp;
}

/* Typesets a chapter's footnotes once, at the notes size; each keeps its boxes in node->user. */
static void chapter_notes(lctx *lc, const doc_node *notes)
{
    if (!notes)
        return;
    /* the notes use their own vertical list */
    pb_item *spb = lc->pb;
    vbox **svb = lc->vb;
    int sn = lc->n, scap = lc->cap;
    lc->pb = NULL, lc->vb = NULL, lc->cap = 0;
    lc->size = lc->bsize * NOTE_SCALE;
    lc->lead = lc->blead * NOTE_SCALE;
    for (doc_node *fn = notes->first; fn; fn = fn->next) {
        if (fn->kind != DOC_FOOTNOTE)
            continue;
        vl_reset(lc);
        istate st = istate_body(lc);
        spans pre = {0};
        const char *num = arena_printf(lc->a, "%s\xe2\x80\x82", fn->label ? fn->label : "");
        span_add(lc, &pre, &st, num, strlen(num), 0, fn);
        lc->prefix = pre.s;
        lc->nprefix = pre.n;
        blocks(lc, fn->first, 0, lc->tw, 0);
        lc->nprefix = 0;
        fnote *f = ARENA_NEW(&lc->scr, fnote);
        f->boxes = ARENA_NEWN(&lc->scr, vbox *, (size_t)lc->n + 1);
        f->hs = ARENA_NEWN(&lc->scr, float, (size_t)lc->n + 1);
        float y = 0;
        for (int k = 0; k < lc->n; k++) {
            if (lc->pb[k].kind == PB_GLUE && f->n > 0)
                y += lc->pb[k].h;
            else if (lc->pb[k].kind == PB_BOX || lc->pb[k].kind == PB_FLOAT) {
                f->boxes[f->n] = lc->vb[k];
                f->hs[f->n++] = y;
                y += lc->pb[k].h;
            }
        }
        if (f->n > 0)
            vbox_anchor(lc, f->boxes[0], fn, 0);
        f->h = y;
        fn->user = f;
    }
    free(lc->pb);
    free(lc->vb);
    lc->pb = spb, lc->vb = svb, lc->n = sn, lc->cap = scap;
    vl_reset(lc);
    lc->size = lc->bsize;
    lc->lead = lc->blead;
}

/* The opening of a chapter or of the contents: sink, label, title. */
static void opener(lctx *lc, const char *label, const doc_node *title_node, const char *title,
                   const doc_node *anchor1, const doc_node *anchor2, const doc_node *block)
{
    vbox *sink = vbox_new(lc);
    vbox_anchor(lc, sink, anchor1, 0);
    vbox_anchor(lc, sink, anchor2, 0);
    sink->block = block;
    sink->at = block;
    sink->at_off = PAGEMAP_BEFORE;
    vl_box(lc, lc->th * CHAPTER_SINK, sink);
    if (label) {
        float sz = lc->bsize * 0.85f;
        tset t = set_text(lc, FONT_REGULAR, sz, label, strlen(label), sz * 0.1f);
        vbox *v = vbox_new(lc);
        vbox_tset(lc, v, &t, (lc->tw - t.w) / 2, lc->blead);
        vl_penalty(lc, PB_INF);
        vl_box(lc, lc->blead * 2, v);
    }
    float sz = lc->bsize * 1.8f, lead = sz * 1.3f;
    istate st = istate_body(lc);
    st.size = sz;
    spans sp = {0};
    if (title_node)
        inlines(lc, &sp, title_node, st, 0);
    else if (title)
        span_add(lc, &sp, &st, title, strlen(title), 0, NULL);
    lay_line *ls = NULL;
    int nl = set_para(lc, &sp, lc->tw * 0.9f, 0, lead, PARA_CENTER, 0, &ls);
    float save = lc->size;
    lc->size = sz;
    vl_penalty(lc, PB_INF);
    add_lines(lc, &sp, ls, nl, lc->tw * 0.05f, lead, NULL, NULL, HEADING_PENALTY);
    lc->size = save;
    lc->keep = 2;
    vl_gap(lc, lc->blead * 2.5f, PB_INF);
}

static void chapter(lctx *lc, doc_node *ch)
{
    if (lc->npages % 2)
        new_page(lc, PG_BLANK, NULL); /* chapters open on a recto */
    const doc_node *title = present_title_heading(ch), *notes = NULL;
    for (const doc_node *c = ch->first; c; c = c->next)
        if (c->kind == DOC_NOTES)
            notes = c;
    chapter_notes(lc, notes);
    const char *ttl = present_chapter_title(ch);
    lc->chapter_title = ttl;
    vl_reset(lc);
    /* the label in capitals, letter-spaced (as CSS's text-transform: uppercase in the EPUB) */
    const char *label = present_label(lc->pr, ch);
    if (label)
        label = utf8_upper(lc->a, label);
    opener(lc, label, title, ttl, ch, title, ch);
    lc->skip = title;
    blocks(lc, ch->first, 0, lc->tw, 0);
    lc->skip = NULL;
    pb_params pp = params(lc);
    pb_result res;
    page_break(lc->pb, lc->n, &pp, &lc->scr, &res);
    place_pages(lc, &res, &pp, 1, ttl);
    if (notes)
        for (doc_node *fn = notes->first; fn; fn = fn->next)
            fn->user = NULL;
    arena_reset(&lc->scr);
}

/* ---- front matter ------------------------------------------------------------------------- */

/* Lines of centred text of one style at y (page coordinates of the first line's top); returns
 * the y below them. */
static float centred(lctx *lc, int pi, const char *text, font_style stl, float sz, float lead,
                     float y)
{
    if (!text || !*text)
        return y;
    istate st = istate_body(lc);
    st.size = sz;
    st.italic = stl == FONT_ITALIC;
    st.bold = stl == FONT_BOLD;
    spans sp = {0};
    span_add(lc, &sp, &st, text, strlen(text), 0, NULL);
    lay_line *ls = NULL;
    int nl = set_para(lc, &sp, lc->tw, 0, lead, PARA_CENTER, 0, &ls);
    float base = slot_base(lead, sz);
    for (int i = 0; i < nl; i++) {
        vbox *v = vbox_new(lc);
        vbox_runs(lc, v, ls[i].runs, ls[i].nruns, 0, base);
        place_box(lc, pi, v, page_left(lc, pi), y);
        y += lead;
    }
    return y;
}

static void title_pages(lctx *lc)
{
    const config *c = lc->cfg;
    const present *pr = lc->pr;
    float y0 = lc->mt, L = lc->blead, S = lc->bsize;
    /* half-title */
    lc->role = BOOK_PAGE_FRONT;
    int pi = new_page(lc, PG_PLAIN, NULL);
    centred(lc, pi, pr->title, FONT_REGULAR, S * 1.5f, S * 1.9f, y0 + lc->th * 0.22f);
    new_page(lc, PG_BLANK, NULL);
    /* title page */
    lc->role = BOOK_PAGE_TITLE;
    pi = new_page(lc, PG_PLAIN, NULL);
    float y = centred(lc, pi, pr->title, FONT_REGULAR, S * 2.4f, S * 2.9f, y0 + lc->th * 0.16f);
    centred(lc, pi, c->subtitle, FONT_ITALIC, S * 1.25f, S * 1.6f, y + L);
    centred(lc, pi, pr->authors, FONT_REGULAR, S * 1.2f, S * 1.5f, y0 + lc->th * 0.55f);
    if (c->publisher)
        centred(lc, pi, c->publisher, FONT_REGULAR, S * 0.9f, L, y0 + lc->th - L);
    /* copyright page: set at the foot */
    lc->role = BOOK_PAGE_COPYRIGHT;
    pi = new_page(lc, PG_PLAIN, NULL);
    lc->role = BOOK_PAGE_FRONT;
    float sz = S * 0.85f, lead = L * 0.85f;
    const char *lines[32];
    int nl = 0;
    for (int i = 0; i < pr->ncopyright && nl < 30; i++) {
        if (pr->copyright[i].space_before)
            lines[nl++] = "";
        lines[nl++] = pr->copyright[i].text;
    }
    /* measure first, to set the block at the foot */
    lay_line *ls[32];
    int cnt[32], total = 0;
    for (int i = 0; i < nl; i++) {
        istate st = istate_body(lc);
        st.size = sz;
        spans sp = {0};
        if (*lines[i])
            span_add(lc, &sp, &st, lines[i], strlen(lines[i]), 0, NULL);
        cnt[i] = set_para(lc, &sp, lc->tw, 0, lead, PARA_LEFT, 1, &ls[i]);
        total += cnt[i] ? cnt[i] : 1;
    }
    y = y0 + lc->th - (float)total * lead;
    float base = slot_base(lead, sz);
    float save = lc->size;
    lc->size = sz;
    for (int i = 0; i < nl; i++) {
        if (!cnt[i])
            y += lead;
        for (int k = 0; k < cnt[i]; k++) {
            vbox *v = vbox_new(lc);
            vbox_runs(lc, v, ls[i][k].runs, ls[i][k].nruns, 0, base);
            place_box(lc, pi, v, page_left(lc, pi), y);
            y += lead;
        }
    }
    lc->size = save;
}

/* One entry of the contents: title (wrapped), dot leaders, page number; all a link. */
static void toc_entry(lctx *lc, const char *num, const char *title, const doc_node *target,
                      int level, const char *folio)
{
    float S = lc->bsize, L = lc->blead;
    /* number and title columns: chapters at the margin, each level below 2.4 em further in */
    float nx = level ? S * 2.2f + (float)(level - 1) * S * 2.4f : 0;
    float tx = level ? nx + S * 2.4f : S * 2.2f;
    istate st = istate_body(lc);
    spans sp = {0};
    span_add(lc, &sp, &st, title, strlen(title), 0, target);
    tset pg = set_str(lc, FONT_REGULAR, S, folio);
    float numw = set_str(lc, FONT_REGULAR, S, "000").w;
    lay_line *ls = NULL;
    int nl = set_para(lc, &sp, lc->tw - tx - numw - S * 1.5f, 0, L, PARA_LEFT, 0, &ls);
    float base = slot_base(L, S);
    for (int i = 0; i < nl; i++) {
        vbox *v = vbox_new(lc);
        v->base = base;
        if (i == 0) { /* a contents page that begins here begins with this entry */
            v->at = target;
            v->at_off = PAGEMAP_BEFORE;
        }
        if (i == 0 && num) {
            tset t = set_str(lc, FONT_REGULAR, S, num);
            vbox_tset(lc, v, &t, nx, base);
        }
        for (int r = 0; r < ls[i].nruns; r++)
            ls[i].runs[r].dest = NULL; /* the whole entry gets one link below */
        vbox_runs(lc, v, ls[i].runs, ls[i].nruns, tx, base);
        if (i == nl - 1) {
            float pitch = S * 0.55f, from = tx + ls[i].width + S * 0.5f;
            float to = lc->tw - pg.w - S * 0.5f;
            int k0 = (int)ceilf(from / pitch), k1 = (int)floorf(to / pitch);
            if (k1 >= k0) {
                tset dot = set_str(lc, FONT_REGULAR, S, ".");
                if (dot.n == 1) {
                    int nd = k1 - k0 + 1;
                    lay_run *lr = ARENA_NEW(lc->a, lay_run);
                    *lr = dot.runs[0];
                    uint32_t *cps = ARENA_NEWN(lc->a, uint32_t, (size_t)nd);
                    float *xs = ARENA_NEWN(lc->a, float, (size_t)nd);
                    for (int d = 0; d < nd; d++) {
                        cps[d] = '.';
                        xs[d] = (float)d * pitch;
                    }
                    lr->x = 0;
                    lr->n = nd;
                    lr->cps = cps;
                    lr->xs = xs;
                    lr->width = (float)(nd - 1) * pitch + dot.w;
                    vbox_runs(lc, v, lr, 1, (float)k0 * pitch, base);
                }
            }
            vbox_tset(lc, v, &pg, lc->tw - pg.w, base);
            lay_item *l = vbox_item(lc, v, LAY_LINK, target);
            l->x = 0;
            l->y = -(float)(nl - 1) * L;
            l->w = lc->tw;
            l->h = (float)nl * L;
        }
        if (i > 0)
            vl_penalty(lc, PB_INF);
        vl_box(lc, L, v);
    }
}

static const char *folio_of(lctx *lc, const doc_node *n)
{
    int page = pagemap_page_of(lc->map, n);
    if (page < 0)
        return "";
    return arena_printf(lc->a, "%d", page - lc->front_base + 1);
}

/* The contents: the presentation's list, to toc-depth (body pages are still counted from the
 * first chapter page). */
static void contents(lctx *lc)
{
    vl_reset(lc);
    const char *title = lc->pr->words[PW_CONTENTS];
    opener(lc, NULL, NULL, title, NULL, NULL, NULL);
    for (int i = 0; i < lc->pr->ntoc; i++) {
        const present_toc *e = &lc->pr->toc[i];
        if (e->level == 1)
            vl_gap(lc, lc->blead * 0.5f, 0);
        else /* a chapter's first entry stays with it */
            vl_penalty(lc, i > 0 && lc->pr->toc[i - 1].level == 1 ? PB_INF : 0);
        toc_entry(lc, e->label, e->title, e->target, e->level - 1, folio_of(lc, e->target));
    }
    pb_params pp = params(lc);
    pb_result res;
    page_break(lc->pb, lc->n, &pp, &lc->scr, &res);
    place_pages(lc, &res, &pp, 1, title);
}

/* A list of figures or tables (kind DOC_FIGURE or DOC_TABLE): each numbered one with its
 * caption, dot leaders and page, on pages of its own after the contents. Returns the index of
 * its first page, or -1 when the book has none. */
static int list_of(lctx *lc, doc_kind kind, const char *title)
{
    int any = 0;
    doc_iter it;
    doc_iter_init(&it, lc->b->doc);
    while (doc_iter_next(&it))
        if (it.entering && it.node->kind == kind && it.node->label)
            any = 1;
    if (!any)
        return -1;
    if (lc->npages % 2)
        new_page(lc, PG_BLANK, NULL); /* on a recto, like the contents */
    int first = lc->npages;
    vl_reset(lc);
    opener(lc, NULL, NULL, title, NULL, NULL, NULL);
    const doc_node *chap = NULL;
    doc_iter_init(&it, lc->b->doc);
    while (doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering || n->kind != kind || !n->label)
            continue;
        const doc_node *ch = doc_chapter_of(n);
        if (ch != chap && chap)
            vl_gap(lc, lc->blead * 0.5f, 0); /* a little space between chapters */
        chap = ch;
        const char *t = n->plain && *n->plain ? n->plain : present_label(lc->pr, n);
        toc_entry(lc, n->label, t, n, 0, folio_of(lc, n));
    }
    pb_params pp = params(lc);
    pb_result res;
    page_break(lc->pb, lc->n, &pp, &lc->scr, &res);
    place_pages(lc, &res, &pp, 1, title);
    arena_reset(&lc->scr);
    return first;
}

/* ---- running heads, folios, labels -------------------------------------------------------- */

static void decorate(lctx *lc, int front)
{
    float S = lc->bsize;
    for (int i = 0; i < lc->npages; i++) {
        lay_page *p = &lc->pages[i];
        const pinfo *in = &lc->info[i];
        int recto = i % 2 == 0;
        if (i < front) {
            p->label_style = LAY_LABEL_ROMAN;
            p->label_value = i + 1;
            static const char *const rom[] = {"i",    "ii",  "iii",  "iv",    "v",   "vi",   "vii",
                                              "viii", "ix",  "x",    "xi",    "xii", "xiii", "xiv",
                                              "xv",   "xvi", "xvii", "xviii", "xix", "xx"};
            if (in->kind != PG_BLANK && in->kind != PG_PLAIN)
                p->folio = i < 20 ? rom[i] : arena_printf(lc->a, "%d", i + 1);
        } else {
            p->label_style = LAY_LABEL_ARABIC;
            p->label_value = i - front + 1;
            if (in->kind != PG_BLANK && in->kind != PG_PLAIN)
                p->folio = arena_printf(lc->a, "%d", i - front + 1);
        }
        if (!p->folio)
            continue;
        float x = page_left(lc, i);
        vbox *v = vbox_new(lc);
        tset f = set_str(lc, FONT_REGULAR, S * 0.9f, p->folio);
        if (in->kind == PG_OPENER) {
            vbox_tset(lc, v, &f, (lc->tw - f.w) / 2, 0);
            float fy = lc->mt + lc->th + lc->blead * 2.2f;
            if (lc->min_out > 0 && fy > lc->ph - lc->min_out - S * 0.9f * HEAD_DESCENT)
                fy = lc->ph - lc->min_out - S * 0.9f * HEAD_DESCENT;
            place_box(lc, i, v, x, fy);
            continue;
        }
        float hy = lc->mt - lc->blead * 1.9f;
        if (hy < lc->min_out + S * 0.9f * HEAD_ASCENT) /* print: not into the minimum margin */
            hy = lc->min_out + S * 0.9f * HEAD_ASCENT;
        const char *head = recto || i < front ? in->head : lc->cfg->title;
        if (head) {
            tset h = set_text(lc, FONT_ITALIC, S * 0.9f, head, strlen(head), 0);
            float maxw = lc->tw - f.w * 2 - S * 4;
            if (h.w <= maxw)
                vbox_tset(lc, v, &h, (lc->tw - h.w) / 2, 0);
        }
        vbox_tset(lc, v, &f, recto ? lc->tw - f.w : 0, 0);
        place_box(lc, i, v, x, hy);
    }
}

/* ---- the book ----------------------------------------------------------------------------- */

static void reset_pages(lctx *lc)
{
    lc->pages = NULL;
    lc->info = NULL;
    lc->npages = lc->cappages = 0;
    lc->fix = NULL;
    lc->nfix = lc->capfix = 0;
    lc->anchored = NULL;
    lc->nanch = lc->capanch = 0;
}

static int cmp_ptr(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t) * (const void *const *)x, b = (uintptr_t) * (const void *const *)y;
    return a < b ? -1 : a > b;
}

/* Whether two settings put every anchor on the same page. */
static int same_pages(const pagemap *a, const pagemap *b)
{
    return a->nnodes == b->nnodes &&
           !memcmp(a->node_page, b->node_page, sizeof(int) * (size_t)a->nnodes);
}

static lay_doc *typeset(lctx *lc)
{
    /* body */
    reset_pages(lc);
    lc->map = pagemap_new(lc->b->arena, lc->b->doc->number);
    lc->role = BOOK_PAGE_BODY;
    lc->page_base = lc->front_count;
    for (doc_node *n = lc->b->doc->first; n; n = n->next)
        if (n->kind == DOC_CHAPTER) {
            if (lc->opts && lc->opts->progress)
                lc->opts->progress(lc->opts->progress_ctx, n);
            chapter(lc, n);
        }
    if (lc->npages == 0)
        new_page(lc, PG_BLANK, NULL);
    lay_page *bpages = lc->pages;
    pinfo *binfo = lc->info;
    int nb = lc->npages;
    fixup *bfix = lc->fix;
    int nbfix = lc->nfix;
    const doc_node **banch = lc->anchored;
    int nbanch = lc->nanch;
    /* front matter (node pages still count from page_base while the contents are set) */
    lc->front_base = lc->page_base;
    lc->page_base = 0;
    reset_pages(lc);
    title_pages(lc);
    int toc_first = lc->npages;
    lc->role = BOOK_PAGE_CONTENTS;
    contents(lc);
    lc->role = BOOK_PAGE_FRONT;
    const char *lof = lc->pr->words[PW_LIST_FIGURES], *lot = lc->pr->words[PW_LIST_TABLES];
    int lof_first = lc->cfg->lof ? list_of(lc, DOC_FIGURE, lof) : -1;
    int lot_first = lc->cfg->lot ? list_of(lc, DOC_TABLE, lot) : -1;
    if (lc->npages % 2)
        new_page(lc, PG_BLANK, NULL);
    int front = lc->npages;
    /* join: front, then body (and in print a blank page to make the count even) */
    int extra = lc->print && (front + nb) % 2;
    int total = front + nb + extra;
    lay_page *pages = ARENA_NEWN(lc->a, lay_page, (size_t)total);
    pinfo *info = ARENA_NEWN(lc->a, pinfo, (size_t)total);
    if (extra) {
        info[total - 1].kind = PG_BLANK;
        info[total - 1].role = BOOK_PAGE_BODY;
    }
    memcpy(pages, lc->pages, (size_t)front * sizeof *pages);
    memcpy(info, lc->info, (size_t)front * sizeof *info);
    memcpy(pages + front, bpages, (size_t)nb * sizeof *pages);
    memcpy(info + front, binfo, (size_t)nb * sizeof *info);
    if (nbanch > 1) /* banch is NULL when there are none */
        qsort(banch, (size_t)nbanch, sizeof *banch, cmp_ptr);
    for (int i = 0; i < nbanch; i++)
        if (i == 0 || banch[i] != banch[i - 1])
            pagemap_set(lc->map, banch[i],
                        pagemap_page_of(lc->map, banch[i]) - lc->front_base + front,
                        pagemap_y_of(lc->map, banch[i]));
    int nfix = lc->nfix + nbfix;
    fixup *fix = ARENA_NEWN(lc->a, fixup, (size_t)nfix + 1);
    if (lc->nfix) /* lc->fix is NULL when there are none */
        memcpy(fix, lc->fix, (size_t)lc->nfix * sizeof *fix);
    for (int i = 0; i < nbfix; i++) {
        fix[lc->nfix + i] = bfix[i];
        fix[lc->nfix + i].page += front;
    }
    lc->pages = pages;
    lc->info = info;
    lc->npages = lc->cappages = total;
    lc->front_count = front;
    for (int i = 0; i < nfix; i++) {
        lay_item *it = &pages[fix[i].page].items[fix[i].item];
        int dp = pagemap_page_of(lc->map, fix[i].dest);
        if (dp >= 0) {
            it->dest_page = dp;
            it->dest_y = pagemap_y_of(lc->map, fix[i].dest);
        }
    }
    decorate(lc, front);
    finish_pages(lc, pages, total);

    lay_doc *ld = ARENA_NEW(lc->a, lay_doc);
    ld->width = lc->pw;
    ld->height = lc->ph;
    ld->pages = pages;
    ld->npages = total;
    ld->fonts = lc->fs;
    /* the outline: the front matter's lists, then the contents' entries */
    const present *pr = lc->pr;
    ld->outline = ARENA_NEWN(lc->a, lay_outline, (size_t)pr->ntoc + 3);
    ld->outline[ld->noutline++] = (lay_outline){pr->words[PW_CONTENTS], 0, toc_first, lc->mt};
    if (lof_first >= 0)
        ld->outline[ld->noutline++] = (lay_outline){lof, 0, lof_first, lc->mt};
    if (lot_first >= 0)
        ld->outline[ld->noutline++] = (lay_outline){lot, 0, lot_first, lc->mt};
    for (int i = 0; i < pr->ntoc; i++) {
        const present_toc *e = &pr->toc[i];
        int page = pagemap_page_of(lc->map, e->target);
        if (page < 0)
            continue;
        float y = e->level > 1 ? pagemap_y_of(lc->map, e->target) : 0;
        ld->outline[ld->noutline++] = (lay_outline){e->text, e->level - 1, page, y};
    }
    /* the map's pages: labels as the PDF numbers them, roles and starts */
    pagemap_set_pages(lc->map, lc->b->arena, total);
    for (int i = 0; i < total; i++) {
        pagemap_page *mp = &lc->map->pages[i];
        const lay_page *pg = &pages[i];
        int v = pg->label_value > 0 ? pg->label_value : i + 1;
        mp->label = pg->label_style == LAY_LABEL_ROMAN ? pagemap_roman(lc->b->arena, v)
                                                       : arena_printf(lc->b->arena, "%d", v);
        mp->role = (unsigned char)info[i].role;
        mp->node = info[i].at;
        mp->off = info[i].at_off;
    }
    ld->map = lc->map;
    return ld;
}

static const char *join(arena *a, const char **v, int n, const char *sep)
{
    if (n <= 0)
        return NULL;
    const char *s = v[0];
    for (int i = 1; i < n; i++)
        s = arena_printf(a, "%s%s%s", s, sep, v[i]);
    return s;
}

/* Sets the page geometry from book.yaml, raised in print to KDP's minimum margins for inside
 * (the gutter needed by a book of that many pages). Returns -1 when the page is too small. */
static int geometry(lctx *lc, float inside)
{
    const config *c = lc->cfg;
    lc->mt = (float)c->margin_top;
    lc->mb = (float)c->margin_bottom;
    lc->mi = (float)c->margin_inner;
    lc->mo = (float)c->margin_outer;
    if (lc->print) {
        /* nothing closer to the trim than min_out: the running heads (their top about 0.75
         * em above the baseline, a line above the text) included */
        float head = lc->min_out + lc->bsize * 0.9f * HEAD_ASCENT + lc->blead;
        if (lc->mt < head)
            lc->mt = head;
        if (lc->mb < lc->min_out)
            lc->mb = lc->min_out;
        if (lc->mo < lc->min_out)
            lc->mo = lc->min_out;
        if (lc->mi < inside)
            lc->mi = inside;
    }
    lc->tw = lc->pw - lc->mi - lc->mo;
    /* the text height holds a whole number of lines */
    float th = lc->ph - lc->mt - lc->mb;
    lc->th = floorf(th / lc->blead + 0.01f) * lc->blead;
    if (lc->tw < lc->bsize * 5 || lc->th < lc->blead * 4) {
        diag_report(lc->b->diag, D_SYS_LIB, c->file, 0, 0,
                    "the page is too small for its margins and font size");
        return -1;
    }
    return 0;
}

/* Typesets the book; again while the text quotes page numbers ("on page 12") that the last
 * setting moved, up to XREF_PASSES settings (then a warning: a number may be wrong). */
static lay_doc *typeset_all(lctx *lc)
{
    lc->pass = 0;
    lc->want_pages = 0;
    lc->prev = NULL;
    lay_doc *ld = typeset(lc);
    while (ld && lc->want_pages) {
        if (lc->prev && same_pages(lc->prev, lc->map))
            break; /* the numbers quoted are the ones printed */
        if (lc->pass + 1 >= XREF_PASSES) {
            if (!lc->quiet)
                diag_report(lc->b->diag, D_XREF_PAGE_UNSTABLE, NULL, 0, 0);
            break;
        }
        lc->prev = lc->map;
        lc->pass++;
        lc->want_pages = 0;
        ld = typeset(lc);
    }
    return ld;
}

lay_doc *page_layout_book(const book *b, const present *pr, font_set *fs, const page_opts *opts)
{
    if (!b || !b->doc || !fs || !pr)
        return NULL;
    const config *c = b->cfg;
    lctx lc;
    memset(&lc, 0, sizeof lc);
    lc.b = b;
    lc.cfg = c;
    lc.pr = pr;
    lc.fs = fs;
    lc.a = opts && opts->arena ? opts->arena : b->arena;
    lc.gap_glue = -1;
    lc.print = opts && opts->print_profile;
    int bleed = lc.print && c->bleed;
    lc.min_out = lc.print ? print_kdp_outside(bleed) : 0;
    lc.pw = (float)c->page_width;
    lc.ph = (float)c->page_height;
    lc.bsize = lc.size = (float)(c->font_size > 0 ? c->font_size : 10.5);
    lc.blead = lc.lead = (float)(c->leading > 0 ? c->leading : lc.bsize * 1.3);
    float inside = lc.print ? print_kdp_inside(0) : 0;
    if (geometry(&lc, inside) < 0)
        return NULL;
    lc.pc = para_ctx_new(lc.a, b->diag, fs, c->lang ? c->lang : "en");
    if (!lc.pc)
        return NULL;
    lc.opts = opts;
    para_ctx_set_cache(lc.pc, opts ? opts->para_cache : NULL);
    arena_init(&lc.scr);
    lay_doc *ld = typeset_all(&lc);
    /* print: the gutter KDP asks for depends on the page count, which depends on the gutter;
     * set again (quietly: the first setting reported the text's problems) until it holds */
    diag_ctx *d = b->diag;
    for (int iter = 0; lc.print && ld && iter < 6; iter++) {
        float need = print_kdp_inside(ld->npages);
        if (lc.mi >= need - 0.01f)
            break;
        inside = need;
        if (geometry(&lc, inside) < 0) {
            ld = NULL;
            break;
        }
        FILE *out = d->out;
        int errors = d->errors, warnings = d->warnings;
        d->out = NULL;
        lc.quiet = 1;
        ld = typeset_all(&lc);
        d->out = out;
        d->errors = errors;
        d->warnings = warnings;
    }
    para_ctx_free(lc.pc);
    arena_free(&lc.scr);
    free(lc.pb);
    free(lc.vb);
    if (!ld)
        return NULL;
    /* bleed (0.125in on each side) in the print profile when book.yaml asks for it */
    ld->bleed = bleed ? 9.0f : 0;
    ld->print_profile = lc.print;
    ld->margin_inner = lc.mi;
    ld->margin_outer = lc.mo;
    ld->margin_top = lc.mt;
    ld->margin_bottom = lc.mb;
    ld->title = c->title;
    ld->author = join(lc.a, c->authors, c->nauthors, ", ");
    ld->subject = c->description ? c->description : join(lc.a, c->subjects, c->nsubjects, "; ");
    ld->keywords = c->nkeywords ? join(lc.a, c->keywords, c->nkeywords, ", ")
                                : join(lc.a, c->subjects, c->nsubjects, ", ");
    return ld;
}
