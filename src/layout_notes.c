/* layout_notes.c: footnotes. A chapter's notes are set once, at the notes size, before its text
 * (each keeps its boxes in node->user while the chapter is set); a box that references a note
 * brings the note's height to its page, and the page's notes are placed at its foot under a
 * short rule, the last one running on to the next page when it must. */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Typesets a chapter's footnotes once, at the notes size; each keeps its boxes in node->user. */
void fn_chapter(lctx *lc, const doc_node *notes)
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
        istate st = blk_istate(lc);
        spans pre = {0};
        const char *num = arena_printf(lc->a, "%s\xe2\x80\x82", fn->label ? fn->label : "");
        blk_span(lc, &pre, &st, num, strlen(num), 0, fn);
        lc->prefix = pre.s;
        lc->nprefix = pre.n;
        blk_blocks(lc, fn->first, 0, lc->tw, 0);
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

/* The height of a page's notes block (the rule's line, then the rest of a note begun on the
 * page before, then the page's own, each followed by GAP_NOTE), the offset of its last
 * baseline from the block's top, and how many boxes of the last note stay on the page (-1: all;
 * the rest goes on when the breaker left carry_out of it for the next page). */
float fn_measure(lctx *lc, const doc_node *const *notes, int nnotes, float carry_out,
                 const fn_carry *carry, float *last_base, int *cut_out)
{
    float gap = lc->blead * GAP_NOTE, total = lc->blead, lb = 0;
    int cut = -1;
    if (carry->note) {
        const fnote *fn = carry->note;
        lb = total + fn->hs[fn->n - 1] - fn->hs[carry->box] + fn->boxes[fn->n - 1]->base;
        total += fn->h - fn->hs[carry->box] + gap;
    }
    for (int q = 0; q < nnotes; q++) {
        const fnote *fn = notes[q]->user;
        if (!fn)
            continue;
        if (fn->n == 0) {
            total += fn->h + gap;
            continue;
        }
        int nb = fn->n;
        if (q == nnotes - 1 && carry_out > 0 && fn->n > 2) {
            float limit = fn->h - carry_out + 0.01f;
            cut = 0;
            while (cut < fn->n && (cut + 1 < fn->n ? fn->hs[cut + 1] : fn->h) <= limit)
                cut++;
            if (cut < 2)
                cut = 2 < fn->n ? 2 : fn->n;
            nb = cut;
        }
        lb = total + fn->hs[nb - 1] + fn->boxes[nb - 1]->base;
        total += (nb < fn->n ? fn->hs[nb] : fn->h) + gap;
    }
    *last_base = lb;
    *cut_out = cut;
    return total;
}

/* Places the notes of page pi at its foot (foot: the text block's bottom), under a short rule,
 * below y at least, their last baseline depth above the foot (where a full page's last line
 * has its baseline): first the rest of a note begun on the page before (carry), then the
 * page's own; the last goes on to the next page (carry) when the breaker left carry_out of it
 * for there. */
void fn_place(lctx *lc, int pi, float x, float y, float foot, float depth,
              const doc_node *const *notes, int nnotes, float carry_out, fn_carry *carry)
{
    float gap = lc->blead * GAP_NOTE, lb;
    int cut;
    fn_measure(lc, notes, nnotes, carry_out, carry, &lb, &cut);
    float ny = foot - depth - lb;
    if (ny < y)
        ny = y;
    lay_item rule;
    memset(&rule, 0, sizeof rule);
    rule.kind = LAY_RULE;
    rule.w = lc->tw * NOTES_RULE_W;
    rule.x = lc->cfg->rtl ? x + lc->tw - rule.w : x; /* where the lines begin */
    rule.y = ny + lc->blead * 0.5f;
    rule.thickness = RULE_LIGHT;
    rule.dest_page = -1;
    page_item(lc, pi, &rule, NULL);
    ny += lc->blead;
    if (carry->note) {
        float off = carry->note->hs[carry->box];
        for (int b = carry->box; b < carry->note->n; b++)
            page_place_box(lc, pi, carry->note->boxes[b], x, ny + carry->note->hs[b] - off);
        ny += carry->note->h - off + gap;
        carry->note = NULL;
    }
    for (int q = 0; q < nnotes; q++) {
        fnote *fn = notes[q]->user;
        if (!fn)
            continue;
        int nb = q == nnotes - 1 && cut >= 0 ? cut : fn->n;
        for (int b = 0; b < nb; b++)
            page_place_box(lc, pi, fn->boxes[b], x, ny + fn->hs[b]);
        if (nb < fn->n) {
            carry->note = fn;
            carry->box = nb;
        }
        ny += (nb < fn->n ? fn->hs[nb] : fn->h) + gap;
    }
}
