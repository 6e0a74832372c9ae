/* layout_front.c: the front matter: half-title, title and copyright pages (their lines from the
 * presentation model), the contents (the presentation's list, with dot leaders and page
 * numbers) and the lists of figures and tables. Set after the body, so the page numbers are
 * known; their folios are roman. */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- front matter ------------------------------------------------------------------------- */

/* Lines of centred text of one style at y (page coordinates of the first line's top); returns
 * the y below them. */
static float centred(lctx *lc, int pi, const char *text, font_style stl, float sz, float lead,
                     float y)
{
    if (!text || !*text)
        return y;
    istate st = blk_istate(lc);
    st.size = sz;
    st.italic = stl == FONT_ITALIC;
    st.bold = stl == FONT_BOLD;
    spans sp = {0};
    blk_span(lc, &sp, &st, text, strlen(text), 0, NULL);
    lay_line *ls = NULL;
    int nl = blk_set_para(lc, &sp, lc->tw, 0, lead, PARA_CENTER, 0, &ls);
    float base = blk_slot_base(lead, sz);
    for (int i = 0; i < nl; i++) {
        vbox *v = vbox_new(lc);
        vbox_runs(lc, v, ls[i].runs, ls[i].nruns, 0, base);
        page_place_box(lc, pi, v, page_left(lc, pi), y);
        y += lead;
    }
    return y;
}

void front_title_pages(lctx *lc)
{
    const config *c = lc->cfg;
    const present *pr = lc->pr;
    float y0 = lc->mt, L = lc->blead, S = lc->bsize;
    /* half-title */
    lc->role = BOOK_PAGE_FRONT;
    int pi = page_new(lc, PG_PLAIN, NULL);
    centred(lc, pi, pr->title, FONT_REGULAR, S * HALFTITLE_SIZE, S * HALFTITLE_LEAD,
            y0 + lc->th * 0.22f);
    page_new(lc, PG_BLANK, NULL);
    /* title page */
    lc->role = BOOK_PAGE_TITLE;
    pi = page_new(lc, PG_PLAIN, NULL);
    float y = centred(lc, pi, pr->title, FONT_REGULAR, S * TITLE_SIZE, S * TITLE_LEAD,
                      y0 + lc->th * 0.16f);
    centred(lc, pi, c->subtitle, FONT_ITALIC, S * SUBTITLE_SIZE, S * SUBTITLE_LEAD, y + L);
    centred(lc, pi, pr->authors, FONT_REGULAR, S * AUTHOR_SIZE, S * AUTHOR_LEAD,
            y0 + lc->th * 0.55f);
    if (c->publisher)
        centred(lc, pi, c->publisher, FONT_REGULAR, S * FOLIO_SIZE, L, y0 + lc->th - L);
    /* copyright page: set at the foot */
    lc->role = BOOK_PAGE_COPYRIGHT;
    pi = page_new(lc, PG_PLAIN, NULL);
    lc->role = BOOK_PAGE_FRONT;
    float sz = S * COPYRIGHT_SIZE, lead = L * COPYRIGHT_SIZE;
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
        istate st = blk_istate(lc);
        st.size = sz;
        spans sp = {0};
        if (*lines[i])
            blk_span(lc, &sp, &st, lines[i], strlen(lines[i]), 0, NULL);
        cnt[i] = blk_set_para(lc, &sp, lc->tw, 0, lead, PARA_LEFT, 1, &ls[i]);
        total += cnt[i] ? cnt[i] : 1;
    }
    y = y0 + lc->th - (float)total * lead;
    float base = blk_slot_base(lead, sz);
    float save = lc->size;
    lc->size = sz;
    for (int i = 0; i < nl; i++) {
        if (!cnt[i])
            y += lead;
        for (int k = 0; k < cnt[i]; k++) {
            vbox *v = vbox_new(lc);
            vbox_runs(lc, v, ls[i][k].runs, ls[i][k].nruns, 0, base);
            page_place_box(lc, pi, v, page_left(lc, pi), y);
            y += lead;
        }
    }
    lc->size = save;
}

/* One entry of the contents: title (wrapped), dot leaders, page number; all a link. level 0: a
 * chapter, at the margin after its number; 1 and more: each further in; -1: a part's title, bold,
 * at the margin. */
static void toc_entry(lctx *lc, const char *num, const char *title, const doc_node *target,
                      int level, const char *folio)
{
    float S = lc->bsize, L = lc->blead;
    /* number and title columns: chapters at the margin, each level below 2.4 em further in */
    float nx = level > 0 ? S * TOC_NUM_W + (float)(level - 1) * S * TOC_INDENT : 0;
    float tx = level > 0 ? nx + S * TOC_INDENT : level == 0 ? S * TOC_NUM_W : 0;
    istate st = blk_istate(lc);
    st.bold = level < 0; /* a part's title (level -1) */
    spans sp = {0};
    blk_span(lc, &sp, &st, title, strlen(title), 0, target);
    tset pg = vl_set_str(lc, FONT_REGULAR, S, folio);
    float numw = vl_set_str(lc, FONT_REGULAR, S, "000").w;
    lay_line *ls = NULL;
    float measure = lc->tw - tx - numw - S * 1.5f;
    int nl = blk_set_para(lc, &sp, measure, 0, L, PARA_LEFT, 0, &ls);
    /* a right-to-left book's entry is mirrored: number at the right margin, the title's lines
       (set right to left in their measure) left of it, leaders, the page number at the left */
    int rtl = lc->cfg->rtl != 0;
    float base = blk_slot_base(L, S);
    for (int i = 0; i < nl; i++) {
        vbox *v = vbox_new(lc);
        v->base = base;
        if (i == 0) { /* a contents page that begins here begins with this entry */
            v->at = target;
            v->at_off = PAGEMAP_BEFORE;
        }
        if (i == 0 && num) {
            tset t = vl_set_str(lc, FONT_REGULAR, S, num);
            vbox_tset(lc, v, &t, rtl ? lc->tw - nx - t.w : nx, base);
        }
        for (int r = 0; r < ls[i].nruns; r++)
            ls[i].runs[r].dest = NULL; /* the whole entry gets one link below */
        vbox_runs(lc, v, ls[i].runs, ls[i].nruns, rtl ? lc->tw - tx - measure : tx, base);
        if (i == nl - 1) {
            float pitch = S * LEADER_PITCH, from = tx + ls[i].width + S * 0.5f;
            float to = lc->tw - pg.w - S * 0.5f;
            if (rtl) { /* from the page number to the title's left end */
                float left = measure;
                for (int r = 0; r < ls[i].nruns; r++)
                    left = fminf(left, ls[i].runs[r].x);
                from = pg.w + S * 0.5f;
                to = lc->tw - tx - measure + left - S * 0.5f;
            }
            int k0 = (int)ceilf(from / pitch), k1 = (int)floorf(to / pitch);
            if (k1 >= k0) {
                tset dot = vl_set_str(lc, FONT_REGULAR, S, ".");
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
            vbox_tset(lc, v, &pg, rtl ? 0 : lc->tw - pg.w, base);
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
void front_contents(lctx *lc)
{
    vl_reset(lc);
    const char *title = lc->pr->words[PW_CONTENTS];
    page_opener(lc, NULL, NULL, title, NULL, NULL, NULL);
    for (int i = 0; i < lc->pr->ntoc; i++) {
        const present_toc *e = &lc->pr->toc[i];
        if (e->level == 0) /* a part: set apart, its first chapter kept with it */
            vl_gap(lc, lc->blead * GAP_BLOCK * 2, 0);
        else if (e->level == 1 && !(i > 0 && lc->pr->toc[i - 1].level == 0))
            vl_gap(lc, e->nest ? 0 : lc->blead * GAP_BLOCK, 0);
        else /* a chapter's first entry stays with it */
            vl_penalty(lc, i > 0 && lc->pr->toc[i - 1].level <= 1 ? PB_INF : 0);
        toc_entry(lc, e->level ? e->label : NULL, e->title, e->target,
                  e->level ? e->level - 1 + e->nest : -1, folio_of(lc, e->target));
    }
    pb_params pp = vl_params(lc);
    pb_result res;
    page_break(lc->pb, lc->n, &pp, &lc->scr, &res);
    /* contents that spill a few lines onto a second page fit on one: the title sinks less */
    float sink = lc->n > 0 && lc->pb[0].kind == PB_BOX ? lc->pb[0].h : 0;
    float spill = res.npages == 2 ? res.pages[1].used + lc->blead * GAP_BLOCK : 0;
    if (spill > 0 && sink - spill >= 0) {
        lc->pb[0].h = sink - spill;
        pb_result one;
        page_break(lc->pb, lc->n, &pp, &lc->scr, &one);
        if (one.npages == 1)
            res = one;
        else
            lc->pb[0].h = sink;
    }
    page_place(lc, &res, &pp, 1, title);
}

/* A list of figures or tables (kind DOC_FIGURE or DOC_TABLE): each numbered one with its
 * caption, dot leaders and page, on pages of its own after the contents. Returns the index of
 * its first page, or -1 when the book has none. */
int front_list_of(lctx *lc, const present_toc *list, int n, const char *title)
{
    if (n == 0)
        return -1;
    if (lc->npages % 2)
        page_new(lc, PG_BLANK, NULL); /* on a recto, like the contents */
    int first = lc->npages;
    vl_reset(lc);
    page_opener(lc, NULL, NULL, title, NULL, NULL, NULL);
    const doc_node *chap = NULL;
    for (int i = 0; i < n; i++) {
        const doc_node *ch = doc_chapter_of(list[i].target);
        if (ch != chap && chap)
            vl_gap(lc, lc->blead * GAP_BLOCK, 0); /* a little space between chapters */
        chap = ch;
        toc_entry(lc, list[i].label, list[i].title, list[i].target, 0,
                  folio_of(lc, list[i].target));
    }
    pb_params pp = vl_params(lc);
    pb_result res;
    page_break(lc->pb, lc->n, &pp, &lc->scr, &res);
    page_place(lc, &res, &pp, 1, title);
    arena_reset(&lc->scr);
    return first;
}
