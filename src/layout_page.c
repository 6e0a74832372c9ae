/* layout_page.c: pagination and book structure. Turns the document tree into pages: chapters
 * opening on rectos, running heads and folios, the boxes of each chapter's vertical list placed
 * where the page breaker chose (layout_pbreak.c), floats at a page top, footnotes at its foot
 * (layout_notes.c), and the book assembled with its front matter (layout_front.c).
 *
 * How it works: the body is typeset before the front matter, whose length is known before its
 * contents are (its folios are roman), so the contents can list final page numbers. Where every
 * anchor and each page's first line land goes into a pagemap (pagemap.h), never into the tree.
 * When the text quotes page numbers ("on page 12"), the body is set again with the numbers the
 * last setting found, until they no longer move. Coordinates: points from the top-left of the
 * trim box, y down (layout.h). */
#include "layout_int.h"
#include "paracache.h"
#include "print.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- pages -------------------------------------------------------------------------------- */

int page_new(lctx *lc, int kind, const char *head)
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

lay_item *page_item(lctx *lc, int pi, const lay_item *src, const doc_node *dest)
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
void page_place_box(lctx *lc, int pi, const vbox *v, float x, float y)
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
}

float page_left(lctx *lc, int pi)
{
    /* even index: a recto (the list starts on one), whose inner margin is on the left, or on
     * the right in a book read right to left (its spine is on the right) */
    return (pi % 2 == 0) != (lc->cfg->rtl != 0) ? lc->mi : lc->mo;
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

/* The height of the glue at k on its page as page_break left it, or -1 when it is dropped (the
 * space before a float that moved away). */
static float glue_on_page(const lctx *lc, const pb_result *res, int k)
{
    const pb_item *it = &lc->pb[k];
    if (glue_next_moved(lc, res, k) && !kept_float_before(lc, res, k))
        return -1; /* the space before a float that moved away */
    float gh = it->h;
    int before = k > 0 ? glue_prev_moved(lc, res, k) : -1;
    if (before >= 0 && !pb_float_next(lc->pb, lc->n, k)) {
        /* after it: the space the blocks around have without it */
        if (before < lc->n && kept_float_before(lc, res, before))
            gh = it->alt;
        else
            gh = before < lc->n && lc->pb[before].alt > it->alt ? lc->pb[before].alt : it->alt;
    }
    return gh;
}

/* The stretch (shrink: 0) of the glue at k on its page, gh high there: its own, or the usual
 * share of gh when the space is not its own (next to a float that moved). */
static float glue_give(const pb_item *it, float gh, int shrink)
{
    if (gh == it->h)
        return shrink ? it->shrink : it->stretch;
    return gh * (shrink ? GLUE_SHRINK : GLUE_STRETCH);
}

/* A copy of a figure's box with its image dh lower (and narrower in proportion, centred), what
 * is under the image moved up. */
static const vbox *figure_smaller(lctx *lc, const vbox *v, float dh)
{
    float top = 0, bottom = -1;
    for (int i = 0; i < v->n; i++)
        if (v->items[i].kind == LAY_IMAGE && v->items[i].h > dh) {
            top = v->items[i].y;
            bottom = top + v->items[i].h;
            break;
        }
    if (bottom < 0)
        return v;
    vbox *c = vbox_new(lc);
    vbox_merge(lc, c, v, 0);
    c->at = v->at;
    c->at_off = v->at_off;
    c->base = v->base;
    for (int i = 0; i < c->n; i++) {
        lay_item *it = &c->items[i];
        if (it->kind == LAY_IMAGE && it->y == top) {
            float nh = it->h - dh, nw = it->w * nh / it->h;
            it->x += (it->w - nw) / 2;
            it->w = nw;
            it->h = nh;
        } else if (it->y >= bottom - 0.01f) {
            it->y -= dh;
        }
    }
    return c;
}

/* A page's content as page_place sets it before any stretching: floats at the top, a table's
 * repeated header, the flow (to its last box's bottom) with its glue's stretch and shrink, and
 * the footnotes the page brings. */
typedef struct pflow {
    float h;               /* from the text's top to the last box's bottom */
    float stretch, shrink; /* of the glue above the last box */
    float fshrink;         /* how much lower its figures in place may be drawn */
    float depth;           /* of the last box */
    const doc_node **notes;
    int nnotes;
    float fill;      /* how much the glue adds (negative: takes) */
    float notes_top; /* with notes: where their block begins, from the text's top; else 0 */
} pflow;

static void page_flow(lctx *lc, const pb_result *res, const pb_params *pp, const pb_page *pg,
                      pflow *f)
{
    memset(f, 0, sizeof *f);
    int capnotes = 0;
    float h = 0, st = 0, sh = 0;
    int flush = pp->stretch_max > 0;
    for (int i = 0; i < pg->nfloats; i++) {
        int k = pg->floats[i];
        const vbox *v = lc->vb[k];
        f->h = h + lc->pb[k].h;
        f->stretch = st, f->shrink = sh;
        f->depth = lc->pb[k].depth;
        h += lc->pb[k].h + pp->float_gap;
        if (flush)
            st += pp->float_gap * GLUE_STRETCH, sh += pp->float_gap * GLUE_SHRINK;
        for (int q = 0; q < v->nnotes; q++) {
            GROW(f->notes, f->nnotes, capnotes, lc->a);
            f->notes[f->nnotes++] = v->notes[q];
        }
    }
    int started = pg->nfloats > 0;
    if (pg->start > 0 && lc->pb[pg->start - 1].kind == PB_PENALTY &&
        lc->pb[pg->start - 1].carry > 0 && lc->vb[pg->start - 1]) {
        h += lc->pb[pg->start - 1].carry;
        f->h = h;
        started = 1;
    }
    for (int k = pg->start; k < pg->end && k < lc->n; k++) {
        const pb_item *it = &lc->pb[k];
        if (!started && (it->kind == PB_GLUE || it->kind == PB_PENALTY))
            continue;
        if (it->kind == PB_GLUE) {
            float gh = glue_on_page(lc, res, k);
            if (gh < 0)
                continue;
            h += gh;
            st += glue_give(it, gh, 0);
            sh += glue_give(it, gh, 1);
        } else if (it->kind == PB_BOX || (it->kind == PB_FLOAT && !res->moved[k])) {
            const vbox *v = lc->vb[k];
            h += it->h;
            f->h = h;
            f->stretch = st, f->shrink = sh;
            if (it->kind == PB_FLOAT)
                f->fshrink += it->shrink;
            f->depth = it->depth;
            started = 1;
            for (int q = 0; q < v->nnotes; q++) {
                GROW(f->notes, f->nnotes, capnotes, lc->a);
                f->notes[f->nnotes++] = v->notes[q];
            }
        }
    }
}

/* Copies the chapter's vertical list onto pages as page_break chose. With pp->stretch_max
 * (\flushbottom) every page but the chapter's last is filled: its glue stretches (or shrinks)
 * so that its last baseline, or its notes' last baseline, lands depth above the text's bottom;
 * a page that cannot be filled so ends on the line its spread's other page ends on. */
void page_place(lctx *lc, const pb_result *res, const pb_params *pp, int opener_first,
                const char *head)
{
    fn_carry carry = {NULL, 0}; /* a note going on from the page before */
    pflow *fl = ARENA_NEWN(&lc->scr, pflow, (size_t)res->npages + 1);
    float depth = pp->depth > 0 ? pp->depth : 0;
    /* what each page holds, and how far its glue must go to fill it */
    for (int p = 0; p < res->npages; p++) {
        pflow *f = &fl[p];
        page_flow(lc, res, pp, &res->pages[p], f);
        int last = p == res->npages - 1; /* a page of floats left over after it: not its last */
        float bottom;                    /* where the last box's bottom should be */
        if (f->nnotes || carry.note) {
            float lb;
            int cut;
            fn_measure(lc, f->notes, f->nnotes, res->pages[p].carry_out, &carry, &lb, &cut);
            f->notes_top = lc->th - depth - lb;
            bottom = f->notes_top;
            carry.note = NULL;
            if (f->nnotes && cut >= 0) {
                const doc_node *ln = f->notes[f->nnotes - 1];
                if (ln->user && cut < ((fnote *)ln->user)->n) {
                    carry.note = ln->user;
                    carry.box = cut;
                }
            }
        } else {
            bottom = lc->th - (pp->depth > 0 ? depth - f->depth : 0);
        }
        float spare = bottom - f->h;
        if (pp->stretch_max <= 0) { /* ragged: stretch at most once, never shrink */
            if (!last && f->stretch > 0 && spare > 0)
                f->fill = spare < f->stretch ? spare : f->stretch;
        } else if (!last) {
            float cap = f->stretch * pp->stretch_max;
            float most = f->shrink + f->fshrink; /* glue first, then figures */
            f->fill = spare > cap ? cap : spare < -most ? -most : spare;
            if (spare > cap && cap > 0 && pp->unit > 0) /* short by whole lines (page_break) */
                f->fill = spare - floorf((spare - cap) / pp->unit + 1e-3f) * pp->unit;
        }
    }
    /* a spread whose pages cannot both be filled ends both on the same line */
    if (pp->stretch_max > 0 && pp->spread > 0)
        for (int p = 1; p + 1 < res->npages; p += 2) {
            pflow *v = &fl[p], *r = &fl[p + 1];
            if (p + 1 == res->npages - 1)
                break; /* the recto is the chapter's last page */
            /* how far above its place each page's last baseline ends */
            float sv = (lc->th - depth) - (v->h + v->fill - v->depth);
            float sr = (lc->th - depth) - (r->h + r->fill - r->depth);
            if (v->notes_top > 0 || r->notes_top > 0)
                continue; /* notes end at the foot anyway */
            /* the fuller page gives up stretch to end where the other does, when it can */
            if (sv > sr + 0.01f && sv - sr <= r->fill + r->shrink + r->fshrink + 0.01f)
                r->fill -= sv - sr;
            else if (sr > sv + 0.01f && sr - sv <= v->fill + v->shrink + v->fshrink + 0.01f)
                v->fill -= sr - sv;
        }
    carry = (fn_carry){NULL, 0};
    for (int p = 0; p < res->npages; p++) {
        const pb_page *pg = &res->pages[p];
        const pflow *f = &fl[p];
        int pi = page_new(lc, p == 0 && opener_first ? PG_OPENER : PG_TEXT, head);
        float x = page_left(lc, pi), y = lc->mt;
        const float y0 = y;
        /* the share of each glue's stretch (or shrink) the page takes, and of its figures' */
        float gfill = f->fill, fq = 0;
        if (gfill < -f->shrink && f->fshrink > 0) {
            fq = (-gfill - f->shrink) / f->fshrink;
            gfill = -f->shrink;
        }
        float r = gfill > 0 && f->stretch > 0  ? gfill / f->stretch
                  : gfill < 0 && f->shrink > 0 ? gfill / f->shrink
                                               : 0;
        float rate = r >= 0 ? GLUE_STRETCH : GLUE_SHRINK;
        int flush = pp->stretch_max > 0;
        for (int i = 0; i < pg->nfloats; i++) {
            int k = pg->floats[i];
            page_place_box(lc, pi, lc->vb[k], x, y);
            y += lc->pb[k].h + pp->float_gap + (flush ? r * pp->float_gap * rate : 0);
        }
        int started = pg->nfloats > 0;
        if (pg->start > 0 && lc->pb[pg->start - 1].kind == PB_PENALTY &&
            lc->pb[pg->start - 1].carry > 0 && lc->vb[pg->start - 1]) {
            page_place_box(lc, pi, lc->vb[pg->start - 1], x, y);
            y += lc->pb[pg->start - 1].carry;
            started = 1;
        }
        for (int k = pg->start; k < pg->end && k < lc->n; k++) {
            const pb_item *it = &lc->pb[k];
            if (!started && (it->kind == PB_GLUE || it->kind == PB_PENALTY))
                continue;
            if (it->kind == PB_GLUE) {
                float gh = glue_on_page(lc, res, k);
                if (gh >= 0)
                    y += gh + r * glue_give(it, gh, r < 0);
            } else if (it->kind == PB_BOX || (it->kind == PB_FLOAT && !res->moved[k])) {
                float dh = it->kind == PB_FLOAT ? fq * it->shrink : 0;
                page_place_box(lc, pi, dh > 0 ? figure_smaller(lc, lc->vb[k], dh) : lc->vb[k], x,
                               y);
                y += it->h - dh;
                started = 1;
            }
        }
        page_start(lc, pi, res, pg);
        if (f->nnotes || carry.note)
            fn_place(lc, pi, x, y, y0 + lc->th, depth, f->notes, f->nnotes, pg->carry_out, &carry);
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

/* The opening of a chapter or of the contents: sink, label, title. */
void page_opener(lctx *lc, const char *label, const doc_node *title_node, const char *title,
                 const doc_node *anchor1, const doc_node *anchor2, const doc_node *block)
{
    vbox *sink = vbox_new(lc);
    vbox_anchor(lc, sink, anchor1, 0);
    vbox_anchor(lc, sink, anchor2, 0);
    sink->at = block;
    sink->at_off = PAGEMAP_BEFORE;
    vl_box(lc, lc->th * CHAPTER_SINK, sink);
    if (label) {
        float sz = lc->bsize * OPENER_LABEL_SIZE;
        tset t = vl_set_text(lc, FONT_REGULAR, sz, label, strlen(label), sz * OPENER_LABEL_TRACK);
        vbox *v = vbox_new(lc);
        vbox_tset(lc, v, &t, (lc->tw - t.w) / 2, lc->blead);
        vl_penalty(lc, PB_INF);
        vl_box(lc, lc->blead * 2, v);
    }
    float sz = lc->bsize * OPENER_TITLE_SIZE, lead = sz * OPENER_TITLE_LEAD;
    istate st = blk_istate(lc);
    st.size = sz;
    spans sp = {0};
    if (title_node)
        blk_inlines(lc, &sp, title_node, st, 0);
    else if (title)
        blk_span(lc, &sp, &st, title, strlen(title), 0, NULL);
    lay_line *ls = NULL;
    int nl = blk_set_para(lc, &sp, lc->tw * CAPTION_MEASURE, 0, lead, PARA_CENTER, 0, &ls);
    float save = lc->size;
    lc->size = sz;
    vl_penalty(lc, PB_INF);
    blk_add_lines(lc, &sp, ls, nl, lc->tw * (1 - CAPTION_MEASURE) / 2, lead, NULL, HEADING_PENALTY);
    lc->size = save;
    lc->keep = 2;
    vl_gap(lc, lc->blead * OPENER_AFTER, PB_INF);
}

/* page_break over the list built (lc->pb, lc->n), or in a watch session the breaks a build
 * before chose for the same list and parameters (paracache.h): the chapters an edit did not
 * touch keep their breaks, whatever page they now start on when the parity is the same. */
typedef struct pb_key_item {
    unsigned char kind, barrier;
    float h, stretch, shrink, penalty, notes, carry, alt, depth;
} pb_key_item;

_Static_assert(sizeof(pb_params) == 9 * sizeof(float),
               "pb_params changed: break_pages' key must say every field (no padding)");

static void break_pages(lctx *lc, const pb_params *pp, pb_result *res)
{
    pcache *pc = lc->opts ? lc->opts->para_cache : NULL;
    if (!pcache_keeps_breaks(pc)) {
        page_break(lc->pb, lc->n, pp, &lc->scr, res);
        return;
    }
    int n = lc->pb && lc->n > 0 ? lc->n : 0;
    size_t klen = sizeof *pp + sizeof n + (size_t)n * 34;
    unsigned char *key = arena_alloc(&lc->scr, klen), *k = key;
    memcpy(k, pp, sizeof *pp), k += sizeof *pp;
    memcpy(k, &n, sizeof n), k += sizeof n;
    for (int i = 0; i < n; i++) {
        const pb_item *it = &lc->pb[i];
        float f[8] = {it->h,     it->stretch, it->shrink, it->penalty,
                      it->notes, it->carry,   it->alt,    it->depth};
        *k++ = it->kind;
        *k++ = it->barrier;
        memcpy(k, f, sizeof f), k += sizeof f;
    }
    size_t vlen = 0;
    const unsigned char *v = pcache_breaks_get(pc, key, klen, &vlen);
    if (v) { /* npages, cost, moved[n + 1], then each page and its floats */
        memcpy(&res->npages, v, sizeof res->npages), v += sizeof res->npages;
        memcpy(&res->cost, v, sizeof res->cost), v += sizeof res->cost;
        res->moved = ARENA_NEWN(&lc->scr, unsigned char, (size_t)n + 1);
        memcpy(res->moved, v, (size_t)n + 1), v += n + 1;
        res->pages = ARENA_NEWN(&lc->scr, pb_page, (size_t)res->npages + 1);
        for (int p = 0; p < res->npages; p++) {
            pb_page *pg = &res->pages[p];
            memcpy(pg, v, sizeof *pg), v += sizeof *pg;
            pg->floats = ARENA_NEWN(&lc->scr, int, (size_t)pg->nfloats + 1);
            memcpy(pg->floats, v, (size_t)pg->nfloats * sizeof(int));
            v += (size_t)pg->nfloats * sizeof(int);
        }
        return;
    }
    page_break(lc->pb, n, pp, &lc->scr, res);
    buf b = BUF_INIT;
    buf_put(&b, &res->npages, sizeof res->npages);
    buf_put(&b, &res->cost, sizeof res->cost);
    buf_put(&b, res->moved, (size_t)n + 1);
    for (int p = 0; p < res->npages; p++) {
        pb_page pg = res->pages[p];
        const int *floats = pg.floats;
        pg.floats = NULL; /* pointers are not kept */
        buf_put(&b, &pg, sizeof pg);
        if (pg.nfloats > 0)
            buf_put(&b, floats, (size_t)pg.nfloats * sizeof(int));
    }
    pcache_breaks_put(pc, key, klen, b.data, b.len);
    buf_free(&b);
}

/* A part's page (SUMMARY.md's "# Part" opens one before ch): its title alone on a recto. */
static void part_page(lctx *lc, const doc_node *ch)
{
    if (lc->npages % 2)
        page_new(lc, PG_BLANK, NULL);
    vl_reset(lc);
    page_opener(lc, NULL, NULL, ch->info, NULL, NULL, NULL);
    pb_params pp = vl_params(lc);
    pb_result res;
    int first = lc->npages;
    break_pages(lc, &pp, &res);
    page_place(lc, &res, &pp, 1, ch->info);
    for (int i = first; i < lc->npages; i++)
        lc->info[i].kind = PG_PLAIN; /* no running head, no folio */
    arena_reset(&lc->scr);
}

static void chapter(lctx *lc, doc_node *ch)
{
    if (ch->info && *ch->info)
        part_page(lc, ch);
    if (lc->npages % 2)
        page_new(lc, PG_BLANK, NULL); /* chapters open on a recto */
    const doc_node *title = present_title_heading(ch), *notes = NULL;
    for (const doc_node *c = ch->first; c; c = c->next)
        if (c->kind == DOC_NOTES)
            notes = c;
    fn_chapter(lc, notes);
    const char *ttl = present_chapter_title(ch);
    lc->chapter_title = ttl;
    vl_reset(lc);
    /* the label in capitals, letter-spaced (as CSS's text-transform: uppercase in the EPUB) */
    const char *label = present_label(lc->pr, ch);
    if (label)
        label = utf8_upper(lc->a, label);
    page_opener(lc, label, title, ttl, ch, title, ch);
    lc->skip = title;
    blk_blocks(lc, ch->first, 0, lc->tw, 0);
    lc->skip = NULL;
    pb_params pp = vl_params(lc);
    pb_result res;
    break_pages(lc, &pp, &res);
    page_place(lc, &res, &pp, 1, ttl);
    if (notes)
        for (doc_node *fn = notes->first; fn; fn = fn->next)
            fn->user = NULL;
    arena_reset(&lc->scr);
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
        tset f = vl_set_str(lc, FONT_REGULAR, S * FOLIO_SIZE, p->folio);
        if (in->kind == PG_OPENER) {
            vbox_tset(lc, v, &f, (lc->tw - f.w) / 2, 0);
            float fy = lc->mt + lc->th + lc->blead * FOLIO_DROP;
            if (lc->min_out > 0 && fy > lc->ph - lc->min_out - S * FOLIO_SIZE * HEAD_DESCENT)
                fy = lc->ph - lc->min_out - S * FOLIO_SIZE * HEAD_DESCENT;
            page_place_box(lc, i, v, x, fy);
            continue;
        }
        float hy = lc->mt - lc->blead * HEAD_RAISE;
        if (hy <
            lc->min_out + S * FOLIO_SIZE * HEAD_ASCENT) /* print: not into the minimum margin */
            hy = lc->min_out + S * FOLIO_SIZE * HEAD_ASCENT;
        const char *head = recto || i < front ? in->head : lc->cfg->title;
        if (head) {
            tset h = vl_set_text(lc, FONT_ITALIC, S * FOLIO_SIZE, head, strlen(head), 0);
            float maxw = lc->tw - f.w * 2 - S * 4;
            if (h.w <= maxw)
                vbox_tset(lc, v, &h, (lc->tw - h.w) / 2, 0);
        }
        /* the folio at the outer edge: a recto's right, or left in a right-to-left book */
        vbox_tset(lc, v, &f, recto != (lc->cfg->rtl != 0) ? lc->tw - f.w : 0, 0);
        page_place_box(lc, i, v, x, hy);
    }
}

/* ---- the book ----------------------------------------------------------------------------- */

void page_reset(lctx *lc)
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
    page_reset(lc);
    lc->map = pagemap_new(lc->b->arena, lc->b->doc->number);
    lc->role = BOOK_PAGE_BODY;
    lc->page_base = lc->front_count;
    lc->preset = preset_start(lc); /* the chapters' paragraphs from the last one back */
    int nch = 0;
    for (doc_node *n = lc->b->doc->first; n; n = n->next)
        if (n->kind == DOC_CHAPTER) {
            if (lc->opts && lc->opts->progress)
                lc->opts->progress(lc->opts->progress_ctx, n);
            preset_claim(lc->preset, nch++);
            chapter(lc, n);
        }
    preset_finish(lc->preset);
    lc->preset = NULL;
    if (lc->npages == 0)
        page_new(lc, PG_BLANK, NULL);
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
    page_reset(lc);
    front_title_pages(lc);
    int toc_first = lc->npages;
    lc->role = BOOK_PAGE_CONTENTS;
    front_contents(lc);
    lc->role = BOOK_PAGE_FRONT;
    const char *lof = lc->pr->words[PW_LIST_FIGURES], *lot = lc->pr->words[PW_LIST_TABLES];
    int lof_first = lc->cfg->lof ? front_list_of(lc, lc->pr->figures, lc->pr->nfigures, lof) : -1;
    int lot_first = lc->cfg->lot ? front_list_of(lc, lc->pr->tables, lc->pr->ntables, lot) : -1;
    if (lc->npages % 2)
        page_new(lc, PG_BLANK, NULL);
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
        ld->outline[ld->noutline++] = (lay_outline){e->text, e->depth - 1, page, y};
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
        float head = lc->min_out + lc->bsize * FOLIO_SIZE * HEAD_ASCENT + lc->blead;
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
    para_ctx_set_exceptions(lc.pc, c->hyph_exceptions, c->nhyph_exceptions);
    arena_init(&lc.scr);
    if (opts && opts->threads > 1 && opts->para_cache)
        para_ctx_set_cache_mode(lc.pc, PARA_CACHE_LOOKUP); /* only what is set ahead */
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
