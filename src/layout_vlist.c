/* layout_vlist.c: boxes and the vertical list (see layout_int.h). A box holds drawn items
 * relative to its top-left corner, the nodes anchored in it, the footnotes it brings and where
 * in the source its first line begins; the list alternates boxes with glue (vertical space,
 * merged when gaps meet) and penalties (where a page may end, and at what cost). Also the
 * setting of a string on one line (titles, heads, folios). */
#include "layout_int.h"
#include "bidi.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- boxes -------------------------------------------------------------------------------- */

vbox *vbox_new(lctx *lc)
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

lay_item *vbox_item(lctx *lc, vbox *v, lay_kind kind, const doc_node *dest)
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

void vbox_anchor(lctx *lc, vbox *v, const doc_node *node, float y)
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

/* The extras of one run set at (x, y) of the box: its image (an image in the line), its
 * footnote, its print underline and its link rectangle (merged with the previous one when it is the
 * same link and adjacent). */
static void vbox_run_extras(lctx *lc, vbox *v, const lay_run *r, float x, float y)
{
    if (r->dest && r->dest->kind == DOC_FOOTNOTE)
        vbox_note(lc, v, r->dest);
    float rx = x + r->x, ry = y + r->y;
    if (r->image) { /* an image in the line, on the baseline */
        lay_item *im = vbox_item(lc, v, LAY_IMAGE, NULL);
        im->x = rx;
        im->y = ry + r->image_drop - r->image_h;
        im->w = r->image_w;
        im->h = r->image_h;
        im->image = r->image;
    }
    if (r->uri && lc->print && r->n > 0) {
        /* in print, where it cannot be followed, a web link keeps the text colour and gets a
         * hairline grey underline (internal links and cross-references get none) */
        lay_item *u = vbox_item(lc, v, LAY_RULE, NULL);
        u->x = rx;
        u->y = ry + r->size * LINK_UNDERLINE_DROP;
        u->w = r->width;
        u->thickness = LINK_UNDERLINE;
        u->gray = LINK_UNDERLINE_GRAY;
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
void vbox_runs(lctx *lc, vbox *v, const lay_run *runs, int n, float x, float y)
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
void vbox_merge(lctx *lc, vbox *dst, const vbox *src, float dy)
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
void vl_box_kind(lctx *lc, int kind, float h, vbox *v)
{
    int i = vl_push(lc, kind, h, v);
    float notes = 0;
    int kept = 0;
    for (int k = 0; k < v->nnotes; k++) {
        fnote *fn = v->notes[k]->user;
        if (!fn || fn->attached)
            continue;
        fn->attached = 1;
        notes += fn->h + lc->blead * GAP_NOTE;
        v->notes[kept++] = v->notes[k];
    }
    v->nnotes = kept;
    lc->pb[i].notes = notes;
    float base = -1; /* the lowest baseline in the box */
    for (int k = 0; k < v->n; k++)
        if (v->items[k].kind == LAY_TEXT && v->items[k].y > base)
            base = v->items[k].y;
    lc->pb[i].depth = base >= 0 && base < h ? h - base : 0;
    if (lc->keep > 0 && kind == PB_BOX)
        lc->keep--;
}

void vl_box(lctx *lc, float h, vbox *v)
{
    vl_box_kind(lc, PB_BOX, h, v);
}

void vl_penalty(lctx *lc, float pen)
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
            g->stretch = h * GLUE_STRETCH;
            g->shrink = h * GLUE_SHRINK;
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
    lc->pb[i].stretch = h * GLUE_STRETCH;
    lc->pb[i].shrink = h * GLUE_SHRINK;
    lc->pb[i].alt = fgap ? 0 : h;
    lc->gap_glue = i;
}

void vl_gap(lctx *lc, float h, float pen)
{
    vl_gap_kind(lc, h, pen, 0);
}

/* The space around a float: gone with the float when it moves to another page. */
void vl_float_gap(lctx *lc, float h)
{
    vl_gap_kind(lc, h, 0, 1);
}

/* ---- text --------------------------------------------------------------------------------- */

/* The runs of shaped glyphs g[0..ng) (one per face and direction), letter-spaced by track.
 * lv: each glyph's embedding level, the glyphs in visual order (NULL: all left to right). */
static tset glyph_runs(lctx *lc, const font_glyph *g, int ng, float size, float track,
                       const unsigned char *lv)
{
    tset r = {0};
    if (ng <= 0)
        return r;
    int nruns = 1;
    for (int k = 1; k < ng; k++)
        nruns += g[k].face != g[k - 1].face || (lv && lv[k] != lv[k - 1]);
    r.runs = ARENA_NEWN(lc->a, lay_run, (size_t)nruns);
    int i = 0;
    while (i < ng) {
        int j = i + 1;
        while (j < ng && g[j].face == g[i].face && (!lv || lv[j] == lv[i]))
            j++;
        lay_run *run = &r.runs[r.n++];
        uint32_t *cps = ARENA_NEWN(lc->a, uint32_t, (size_t)(j - i));
        float *xs = ARENA_NEWN(lc->a, float, (size_t)(j - i));
        run->face = g[i].face;
        run->size = size;
        run->x = g[i].x + (float)i * track;
        int shaped = 0;
        for (int k = i; k < j; k++) {
            cps[k - i] = g[k].cp;
            xs[k - i] = g[k].x + (float)k * track - run->x + g[k].dx;
            shaped |= g[k].gid != 0 || g[k].dy != 0;
        }
        if (shaped) {
            int *gids = ARENA_NEWN(lc->a, int, (size_t)(j - i));
            float *ys = ARENA_NEWN(lc->a, float, (size_t)(j - i));
            for (int k = i; k < j; k++) {
                gids[k - i] = g[k].gid;
                ys[k - i] = -g[k].dy;
            }
            run->gids = gids;
            run->ys = ys;
        }
        run->rtl = lv && (lv[i] & 1);
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

/* Shapes a line of text with right-to-left parts: each run of one direction in its own, the
 * glyphs then put in visual order (bidi.h) with their x from the left. Returns the glyphs
 * (scratch memory) and their levels in *lvout; 0 glyphs when the text needs no reordering
 * (then shape it as it is). */
static int shape_bidi(lctx *lc, font_style st, float size, const char *t, size_t len,
                      font_glyph **out, unsigned char **lvout)
{
    size_t cap = len + 1;
    uint32_t *cps = arena_alloc(&lc->scr, sizeof(uint32_t) * cap);
    uint32_t *at = arena_alloc(&lc->scr, sizeof(uint32_t) * cap);
    int n = 0;
    for (size_t b = 0; b < len;) {
        size_t cl = 1;
        at[n] = (uint32_t)b;
        cps[n++] = utf8_decode(t + b, len - b, &cl);
        b += cl;
    }
    if (!lc->cfg->rtl && !bidi_needed(cps, n))
        return 0;
    unsigned char *lv = arena_alloc(&lc->scr, cap);
    unsigned char *blev = arena_alloc(&lc->scr, cap);
    int para = bidi_levels(cps, n, lc->cfg->rtl ? BIDI_RTL : BIDI_AUTO, lv);
    for (int i = 0; i < n; i++)
        blev[at[i]] = lv[i];
    font_glyph *g = arena_alloc(&lc->scr, sizeof(font_glyph) * cap);
    unsigned char *gl = arena_alloc(&lc->scr, cap);
    uint32_t *gc = arena_alloc(&lc->scr, sizeof(uint32_t) * cap);
    int ng = 0;
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && (lv[j] & 1) == (lv[i] & 1))
            j++;
        size_t from = at[i], to = j < n ? at[j] : len;
        font_glyph *pg = NULL;
        int np = font_shape_dir(lc->fs, &lc->scr, st, size, t + from, to - from, lv[i] & 1, &pg);
        for (int k = 0; k < np; k++) {
            g[ng] = pg[k];
            gl[ng] = blev[from + pg[k].cluster];
            gc[ng] = pg[k].cp;
            ng++;
        }
        i = j;
    }
    int *order = arena_alloc(&lc->scr, sizeof(int) * (size_t)(ng ? ng : 1));
    bidi_reorder(para, gc, gl, ng, order);
    font_glyph *v = arena_alloc(&lc->scr, sizeof(font_glyph) * (size_t)(ng ? ng : 1));
    unsigned char *vl = arena_alloc(&lc->scr, (size_t)(ng ? ng : 1));
    float x = 0;
    for (int k = 0; k < ng; k++) {
        v[k] = g[order[k]];
        vl[k] = gl[order[k]];
        v[k].x = x;
        x += v[k].advance;
    }
    *out = v;
    *lvout = vl;
    return ng;
}

tset vl_set_text(lctx *lc, font_style st, float size, const char *t, size_t len, float track)
{
    font_glyph *g = NULL;
    unsigned char *lv = NULL;
    /* the shaped glyphs are needed only here: scratch memory */
    int ng = shape_bidi(lc, st, size, t, len, &g, &lv);
    if (ng > 0)
        return glyph_runs(lc, g, ng, size, track, lv);
    ng = font_shape(lc->fs, &lc->scr, st, size, t, len, &g);
    return glyph_runs(lc, g, ng, size, track, NULL);
}

void vl_code_grid(lctx *lc, float size, font_glyph *g, int ng)
{
    int mono = font_style_face(lc->fs, FONT_MONO);
    float cell = (float)font_pdf_width(lc->fs, mono, ' ') * size / 1000.0f;
    if (cell <= 0)
        return;
    float pen = 0;
    for (int k = 0; k < ng; k++) {
        float natural = g[k].advance;
        /* a mark that takes no room (a combining accent) stays on the character before */
        float slot = natural > 0 ? cell * (float)utf8_columns(g[k].cp) : 0;
        float in = natural < slot ? (slot - natural) / 2 : 0;
        g[k].x = pen + in;
        g[k].advance = slot - in;
        pen += slot;
    }
}

tset vl_set_code(lctx *lc, float size, const char *t, size_t len)
{
    font_glyph *g = NULL;
    int ng = font_shape(lc->fs, &lc->scr, FONT_MONO, size, t, len, &g);
    vl_code_grid(lc, size, g, ng);
    return glyph_runs(lc, g, ng, size, 0, NULL);
}

tset vl_set_str(lctx *lc, font_style st, float size, const char *t)
{
    return vl_set_text(lc, st, size, t, strlen(t), 0);
}

void vbox_tset(lctx *lc, vbox *v, const tset *t, float x, float y)
{
    vbox_runs(lc, v, t->runs, t->n, x, y);
}

void vl_reset(lctx *lc)
{
    lc->n = 0;
    lc->min_pen = 0;
    lc->keep = 0;
    lc->gap_glue = -1;
}

pb_params vl_params(lctx *lc)
{
    pb_params pp;
    pp.page_h = lc->th;
    pp.unit = lc->blead;
    pp.float_gap = lc->blead;
    pp.notes_sep = lc->blead;
    pp.note_line = lc->blead * NOTE_SCALE;
    pp.depth = lc->blead - blk_slot_base(lc->blead, lc->bsize);
    pp.stretch_max = FILL_STRETCH;
    pp.spread = SPREAD_COST;
    pp.last_lines = LAST_PAGE_PENALTY;
    return pp;
}
