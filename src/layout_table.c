/* layout_table.c: tables: columns as wide as their content when it fits, else narrow columns
 * keep their width and the others share the rest; set smaller (with one warning) when even
 * the widest words do not fit. A short table floats like a figure; a long one runs across pages
 * with its header row repeated and never a row alone. */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
            tset t = vl_set_text(lc, sp->style, sp->size, sp->text + i, j - i, 0);
            if (t.w > best)
                best = t.w;
        }
        i = j;
    }
    return best;
}

static void table_set(lctx *lc, const doc_node *n, float x0, float w, float scale);

void tbl_block(lctx *lc, const doc_node *n, float x0, float w)
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
    float pad = sz * TABLE_PAD; /* between columns */
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
            istate st = blk_istate(lc);
            st.bold = (r->flags & DOC_F_HEADER) != 0;
            spans sp = {0};
            blk_inlines(lc, &sp, cell, st, 0);
            float wsum = 0;
            for (int i = 0; i < sp.n; i++) {
                if (sp.s[i].flags & SPAN_LINEBREAK)
                    continue;
                tset t = vl_set_text(lc, sp.s[i].style, sp.s[i].size, sp.s[i].text, sp.s[i].len, 0);
                if (sp.s[i].src) /* a cell's text is first shaped here */
                    font_note_location(lc->fs, sp.s[i].src->file, sp.s[i].src->line,
                                       sp.s[i].src->col);
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
        float s2 = avail > 0 ? avail / mintotal * 0.97f : TABLE_MIN_SCALE;
        if (s2 < TABLE_MIN_SCALE)
            s2 = TABLE_MIN_SCALE;
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
        istate st = blk_istate(lc);
        spans sp = {0};
        if (n->label) {
            istate it = st;
            it.italic = 1;
            const char *l = present_label(lc->pr, n);
            blk_span(lc, &sp, &it, l, strlen(l), 0, n);
            if (n->caption && n->caption->first)
                blk_span(lc, &sp, &st, " \xc2\xb7 ", 4, 0, n);
        }
        if (n->caption)
            blk_inlines(lc, &sp, n->caption, st, 0);
        lay_line *ls = NULL;
        int nl = blk_set_para(lc, &sp, w * CAPTION_MEASURE, 0, lead, PARA_CENTER, 1, &ls);
        capv = vbox_new(lc);
        capv->at = n;
        capv->at_off = PAGEMAP_BEFORE;
        vbox_anchor(lc, capv, n, 0);
        float base = blk_slot_base(lead, sz);
        for (int i = 0; i < nl; i++)
            vbox_runs(lc, capv, ls[i].runs, ls[i].nruns, x0 + w * (1 - CAPTION_MEASURE) / 2,
                      (float)i * lead + base);
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
            istate st = blk_istate(lc);
            st.bold = header;
            spans sp = {0};
            blk_inlines(lc, &sp, cell, st, 0);
            int align = cell->align == DOC_ALIGN_CENTER  ? PARA_CENTER
                        : cell->align == DOC_ALIGN_RIGHT ? PARA_RIGHT
                                                         : PARA_LEFT;
            lay_line *ls = NULL;
            int nl = blk_set_para(lc, &sp, cw[c] + 0.01f, 0, lead, align, 1, &ls);
            float base = blk_slot_base(lead, sz);
            for (int i = 0; i < nl; i++)
                vbox_runs(lc, v, ls[i].runs, ls[i].nruns, cx, top + (float)i * lead + base);
            if (!v->at && nl > 0)
                blk_line_at(v, &sp, &ls[0]);
            if ((float)nl * lead > rowh)
                rowh = (float)nl * lead;
            cx += cw[c] + pad;
        }
        float h = rowh + lead * 0.5f;
        if (ri == 0) {
            lay_item *rl = vbox_item(lc, v, LAY_RULE, NULL);
            rl->x = tx, rl->y = 0, rl->w = tw, rl->thickness = RULE_HEAVY;
            if (!capv) {
                v->at = n;
                v->at_off = PAGEMAP_BEFORE;
                vbox_anchor(lc, v, n, 0);
            }
        }
        if (header) {
            lay_item *rl = vbox_item(lc, v, LAY_RULE, NULL);
            rl->x = tx, rl->y = h, rl->w = tw, rl->thickness = RULE_LIGHT;
        }
        if (!r->next) {
            lay_item *rl = vbox_item(lc, v, LAY_RULE, NULL);
            rl->x = tx, rl->y = h, rl->w = tw, rl->thickness = RULE_HEAVY;
        }
        rows[ri] = v;
        rh[ri] = h;
        total_h += h;
    }
    lc->size = save;
    if (total_h <= lc->th * TABLE_FLOAT_H && (n->caption || n->label)) {
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
        f->at = n;
        f->at_off = PAGEMAP_BEFORE;
        vl_float_gap(lc, lc->blead * GAP_FLOAT);
        vl_box_kind(lc, PB_FLOAT, y, f);
        vl_float_gap(lc, lc->blead * GAP_FLOAT);
        return;
    }
    vl_gap(lc, lc->blead * GAP_TABLE, 0);
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
    vl_gap(lc, lc->blead * GAP_TABLE, 0);
}
