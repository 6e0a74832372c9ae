/* layout_block.c: the document's blocks as boxes on the vertical list: inline content to
 * styled spans (cross-references in the presentation's words), paragraphs broken into lines
 * with widow and orphan penalties, headings kept with what follows, code (wrapped with a
 * continuation mark), thematic breaks, figures (floats), lists and block quotes (with their
 * attribution set apart). Tables are in layout_table.c. */
#include "highlight.h"
#include "layout_int.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- inlines to spans --------------------------------------------------------------------- */

static font_style style_of(const istate *st)
{
    if (st->mono)
        return FONT_MONO;
    if (st->italic && st->bold)
        return FONT_BOLD_ITALIC;
    return st->italic ? FONT_ITALIC : st->bold ? FONT_BOLD : FONT_REGULAR;
}

void blk_span(lctx *lc, spans *sp, const istate *st, const char *t, size_t len, int flags,
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

void blk_inlines(lctx *lc, spans *sp, const doc_node *n, istate st, int depth)
{
    for (const doc_node *c = n->first; c; c = c->next) {
        istate cs = st;
        switch (c->kind) {
        case DOC_TEXT:
            blk_span(lc, sp, &st, c->text, c->len, 0, c);
            break;
        case DOC_SOFTBREAK:
            if (doc_softbreak_is_space(c))
                blk_span(lc, sp, &st, " ", 1, 0, c);
            break;
        case DOC_LINEBREAK:
            blk_span(lc, sp, &st, "", 0, SPAN_LINEBREAK, c);
            break;
        case DOC_CODE:
            cs.mono = 1;
            cs.size = st.size * CODE_SPAN_SCALE;
            blk_span(lc, sp, &cs, c->text, c->len, SPAN_NOBREAK, c);
            break;
        case DOC_NOTEREF:
            if (c->label) {
                cs.size = st.size * NOTEREF_SCALE;
                cs.italic = cs.bold = cs.mono = 0;
                cs.uri = NULL;
                cs.dest = c->target;
                blk_span(lc, sp, &cs, c->label, strlen(c->label), SPAN_SUPER, c);
            }
            break;
        case DOC_LINK:
            if (c->target) {
                cs.dest = c->target;
                cs.uri = NULL;
            } else if (c->url) {
                cs.uri = doc_url_is_live(c->url) ? c->url : NULL; /* doc.h's policy */
            }
            if ((c->flags & DOC_F_XREF) && c->target) {
                const char *t = xref_text(lc, c->target, (c->flags & DOC_F_XREF_PAGE) != 0);
                blk_span(lc, sp, &cs, t, strlen(t), 0, c);
                break;
            }
            if (depth < 64)
                blk_inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_EMPH:
            cs.italic = !st.italic;
            if (depth < 64)
                blk_inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_STRONG:
            cs.bold = 1;
            if (depth < 64)
                blk_inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_STRIKE:
            cs.flags |= SPAN_STRIKE;
            if (depth < 64)
                blk_inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_SUP:
        case DOC_SUB:
            cs.flags |= c->kind == DOC_SUP ? SPAN_SUPER : SPAN_SUB;
            if (depth < 64)
                blk_inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_KBD:
            cs.mono = 1;
            cs.size = st.size * CODE_SPAN_SCALE;
            if (depth < 64)
                blk_inlines(lc, sp, c, cs, depth + 1);
            break;
        case DOC_IMAGE: { /* an image inside text: set in the line, else its alt text */
            const image_info *im = c->path ? book_image(lc->b, c->path) : NULL;
            if (im && im->width && im->height) {
                float h = st.size * INLINE_IMAGE_H, w = h * (float)im->width / (float)im->height;
                if (w > lc->tw * INLINE_IMAGE_MAX_W) { /* a banner: narrower, and lower */
                    h *= lc->tw * INLINE_IMAGE_MAX_W / w;
                    w = lc->tw * INLINE_IMAGE_MAX_W;
                }
                blk_span(lc, sp, &st, c->path, strlen(c->path), SPAN_IMAGE, c);
                para_span *s = &sp->s[sp->n - 1];
                s->image = im;
                s->image_w = w;
                s->image_h = h;
                s->image_drop = st.size * INLINE_IMAGE_DROP * h / (st.size * INLINE_IMAGE_H);
                int dpi = (int)(im->width * 72.0 / w + 0.5); /* print: as a figure's */
                if (lc->print && dpi < 300 && lc->pass == 0 && !lc->quiet)
                    diag_report(lc->b->diag, D_IMAGE_LOW_DPI, c->file, c->line, c->col, c->path,
                                dpi);
                break;
            }
            cs.italic = 1;
            if (depth < 64)
                blk_inlines(lc, sp, c, cs, depth + 1);
            break;
        }
        default:
            break;
        }
    }
}

istate blk_istate(lctx *lc)
{
    istate st;
    memset(&st, 0, sizeof st);
    st.size = lc->size;
    return st;
}

/* Breaks spans into lines. */
int blk_set_para(lctx *lc, const spans *sp, float width, float indent, float lead, int align,
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
    o.hyphenate_caps = lc->cfg->hyphenate_caps;
    o.dir = lc->cfg->rtl ? PARA_DIR_RTL : PARA_DIR_AUTO;
    return para_layout(lc->pc, lc->lines ? lc->lines : lc->a, sp->s, sp->n, &o, out);
}

/* Baseline of a line of text of size sz in a slot of height h. */
float blk_slot_base(float h, float sz)
{
    return h - (h - sz) * 0.5f - 0.22f * sz;
}

/* Where a line set from sp begins in the source (vbox.at): inside a text node's text, or before
 * the element of the node that made its first word (a section number, a cross-reference). */
void blk_line_at(vbox *v, const spans *sp, const lay_line *l)
{
    if (!sp || l->start_span < 0 || l->start_span >= sp->n || !sp->s[l->start_span].src)
        return;
    const doc_node *src = sp->s[l->start_span].src;
    v->at = src;
    v->at_off = src->kind == DOC_TEXT || src->kind == DOC_CODE ? l->start_off : PAGEMAP_BEFORE;
}

/* Adds lines (set from sp) as boxes with widow and orphan penalties between them. Returns the
 * first box. */
vbox *blk_add_lines(lctx *lc, const spans *sp, const lay_line *ls, int nl, float x0, float lead,
                    const doc_node *anchor, float inner_pen)
{
    vbox *first = NULL;
    float base = blk_slot_base(lead, lc->size);
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
        blk_line_at(v, sp, &ls[i]);
        if (i == 0) {
            vbox_anchor(lc, v, anchor, 0);
            first = v;
        }
        vl_box(lc, lead, v);
    }
    return first;
}

/* ---- blocks ------------------------------------------------------------------------------- */

static void para_block(lctx *lc, const doc_node *n, float x0, float w, int indent)
{
    spans sp = {0};
    istate st = blk_istate(lc);
    if (lc->nprefix) {
        for (int i = 0; i < lc->nprefix; i++) {
            GROW(sp.s, sp.n, sp.cap, &lc->scr);
            sp.s[sp.n++] = lc->prefix[i];
        }
        lc->nprefix = 0;
    }
    blk_inlines(lc, &sp, n, st, 0);
    lay_line *ls = NULL;
    int nl = blk_set_para(lc, &sp, w, indent ? lc->size : 0, lc->lead, PARA_JUSTIFY, 1, &ls);
    vl_gap(lc, 0, 0);
    blk_add_lines(lc, &sp, ls, nl, x0, lc->lead, NULL, 0);
}

static void heading_block(lctx *lc, const doc_node *n, float x0, float w)
{
    float sz = lc->size, lead = lc->lead, before = lc->blead * H2_BEFORE,
          after = lc->blead * H2_AFTER;
    istate st = blk_istate(lc);
    if (n->level <= 2) {
        st.bold = 1;
        sz = lc->size * H2_SIZE;
        lead = lc->lead * H2_LEAD;
    } else if (n->level == 3) {
        st.bold = 1;
        st.italic = 1;
        before = lc->blead * H3_BEFORE;
        after = lc->blead * H3_AFTER;
    } else {
        st.italic = 1;
        before = lc->blead * H4_BEFORE;
        after = lc->blead * H4_AFTER;
    }
    st.size = sz;
    spans sp = {0};
    if (n->label) { /* the section number, as the contents and the EPUB show it */
        const char *l = arena_printf(lc->a, "%s\xe2\x80\x82", n->label); /* en space */
        blk_span(lc, &sp, &st, l, strlen(l), 0, n);
    }
    blk_inlines(lc, &sp, n, st, 0);
    lay_line *ls = NULL;
    int nl = blk_set_para(lc, &sp, w, 0, lead, PARA_LEFT, 0, &ls);
    vl_gap(lc, before, -50);
    float save = lc->size;
    lc->size = sz;
    int first = lc->n;
    blk_add_lines(lc, &sp, ls, nl, x0, lead, n, HEADING_PENALTY);
    for (int k = first; k < lc->n; k++) /* no float moves past a heading */
        if (lc->pb[k].kind == PB_BOX) {
            lc->pb[k].barrier = 1;
            break;
        }
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

/* The columns of the character that starts at q (before e) in code's grid (vl_code_grid). */
static int code_columns(const char *q, const char *e)
{
    if ((unsigned char)*q < 0x80)
        return 1;
    size_t l = 1;
    return utf8_columns(utf8_decode(q, (size_t)(e - q), &l));
}

/* Where a walk of a source line [p, e) has got to: source byte q is byte x of the line with
 * its tabs expanded (as code_block expands them), at column col. */
typedef struct code_pos {
    const char *q;
    size_t x;
    int col;
} code_pos;

/* The byte offset in the source line [p, e) of byte off of the expanded line. Goes on from
 * where *cp is (off never decreases along a line), so the wrapped lines of one long source
 * line cost linear time together, not quadratic. */
static size_t code_source_off(code_pos *cp, const char *p, const char *e, size_t off)
{
    const char *q = cp->q;
    for (; q < e && cp->x < off; q++) {
        if (*q == '\t') {
            do
                cp->x++;
            while (++cp->col % 4);
        } else {
            cp->x++;
            if ((*q & 0xC0) != 0x80)
                cp->col += code_columns(q, e);
        }
    }
    cp->q = q;
    return (size_t)(q - p);
}

/* Sets len bytes of a code line at (x, base) in v: in one piece, or with kinds (a highlight
 * class per byte) one piece per colour, each a text item of its own colour (CODE_COLORS_*). */
static void code_runs(lctx *lc, vbox *v, const char *t, const unsigned char *kinds, size_t len,
                      float sz, float x, float base)
{
    static const int digital[HL_CLASS_COUNT] = CODE_COLORS_DIGITAL,
                     print[HL_CLASS_COUNT] = CODE_COLORS_PRINT;
    const int *colors = lc->print ? print : digital;
    size_t i = 0;
    while (i < len) {
        size_t j = len;
        int c = -1;
        if (kinds) {
            c = kinds[i] < HL_CLASS_COUNT ? colors[kinds[i]] : -1;
            for (j = i + 1; j < len; j++) {
                int cj = kinds[j] < HL_CLASS_COUNT ? colors[kinds[j]] : -1;
                if (cj != c && (t[j] & 0xC0) != 0x80) /* whole characters */
                    break;
            }
        }
        tset ts = vl_set_code(lc, sz, t + i, j - i);
        int first = v->n;
        vbox_tset(lc, v, &ts, x, base);
        if (c >= 0 && v->n > first)
            v->items[first].rgb = LAY_RGB | c;
        x += ts.w;
        i = j;
    }
}

/* The space before a code line (h 0) or a blank line's (h its leading, after the break): its
 * leading may grow by CODE_STRETCH to fill a page of code, never shrink. Blank lines in a row
 * add up. */
static void code_glue(lctx *lc, float h, float pen)
{
    pb_item *g = lc->n > 1 ? &lc->pb[lc->n - 1] : NULL;
    if (g && g->kind == PB_GLUE && lc->gap_glue == lc->n - 1) { /* after a blank line */
        g->h += h;
        g->alt = g->h;
        if (pen > lc->pb[lc->n - 2].penalty)
            lc->pb[lc->n - 2].penalty = pen;
    } else {
        vl_gap(lc, h, pen);
        g = &lc->pb[lc->n - 1];
    }
    g->stretch = (g->h > 0 ? g->h : lc->lead * CODE_LEAD) * CODE_STRETCH;
    g->shrink = 0;
}

static void code_block(lctx *lc, const doc_node *n, float x0, float w)
{
    float sz = lc->size * CODE_SCALE, lead = lc->lead * CODE_LEAD;
    float save = lc->size;
    vl_gap(lc, lc->blead * GAP_BLOCK, 0);
    const char *p = n->text, *end = n->text + n->len;
    if (end > p && end[-1] == '\n')
        end--;
    int nlines = 0;
    for (const char *q = p; q <= end; q++)
        if (q == end || *q == '\n')
            nlines++;
    int li = 0, si = 0; /* si: the first token (n->hl) not behind the line */
    lc->size = sz;
    float base = blk_slot_base(lead, sz);
    int first = 1;
    while (p <= end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        /* expand tabs to 4 columns (a wide character takes two); with highlighting, each
           byte's colour alongside */
        buf line = BUF_INIT, lcol = BUF_INIT;
        int col = 0;
        for (const char *q = p; q < e; q++) {
            int k = 0;
            if (n->nhl) {
                size_t at = (size_t)(q - n->text);
                while (si < n->nhl && n->hl[si].end <= at)
                    si++;
                if (si < n->nhl && n->hl[si].start <= at)
                    k = n->hl[si].cls;
            }
            if (*q == '\t') {
                do {
                    buf_putc(&line, ' ');
                    buf_putc(&lcol, (char)k);
                } while (++col % 4);
            } else {
                buf_putc(&line, *q);
                buf_putc(&lcol, (char)k);
                if ((*q & 0xC0) != 0x80)
                    col += code_columns(q, e);
            }
        }
        char *txt = arena_strndup(lc->a, line.data ? line.data : "", line.len);
        size_t len = line.len;
        buf_free(&line);
        const unsigned char *kinds = (const unsigned char *)lcol.data; /* NULL: plain */
        /* wrap at the measure, preferring a space; continuation lines are indented */
        size_t off = 0;
        code_pos cpos = {p, 0, 0};
        int cont = 0;
        do {
            float indent = cont ? sz * 2 : 0;
            font_glyph *g = NULL;
            /* shape a window that holds one wrapped line, not the rest of the source line
               (a 300 kB line would be shaped again for each of its thousands of lines) */
            size_t win = 512, left = len - off;
            int ng, cut;
            for (;;) {
                size_t wl = win < left ? win : left;
                while (wl < left && ((unsigned char)txt[off + wl] & 0xC0) == 0x80)
                    wl++; /* whole characters */
                ng = font_shape(lc->fs, &lc->scr, FONT_MONO, sz, txt + off, wl, &g);
                /* a character no face has is first met here: the block's place (build.c finds
                   the character from there) */
                font_note_location(lc->fs, n->file, n->line, n->col);
                vl_code_grid(lc, sz, g, ng);
                cut = ng;
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
                if (cut < ng || wl == left)
                    break;
                win *= 2; /* the whole window fits: the line is longer */
            }
            size_t blen = cut < ng ? g[cut].cluster : len - off;
            float pen = (li + cont < 2 || nlines - li < 2) ? WIDOW_PENALTY : 0;
            if (len == 0 && li > 0) { /* a blank line: space, gone at a page's top */
                code_glue(lc, lead, pen);
                break;
            }
            if (li > 0 || cont)
                code_glue(lc, 0, pen);
            vbox *v = vbox_new(lc);
            v->base = base;
            code_runs(lc, v, txt + off, kinds ? kinds + off : NULL, blen, sz, x0 + indent, base);
            v->at = n;
            v->at_off = (size_t)(p - n->text) + code_source_off(&cpos, p, e, off);
            if (cont)
                continuation_mark(lc, v, x0, base, sz);
            if (first) {
                first = 0;
            }
            vl_box(lc, lead, v);
            off += blen;
            cont = 1;
        } while (off < len);
        buf_free(&lcol);
        li++;
        p = e + 1;
    }
    lc->size = save;
    vl_gap(lc, lc->blead * GAP_BLOCK, 0);
}

static void thematic_block(lctx *lc, const doc_node *n, float x0, float w)
{
    vl_gap(lc, lc->blead * GAP_BLOCK, 0);
    tset t = vl_set_str(lc, FONT_REGULAR, lc->size * ASTERISM_SCALE, "\xe2\x81\x82"); /* asterism */
    vbox *v = vbox_new(lc);
    float base = blk_slot_base(lc->lead, lc->size) + lc->size * 0.25f;
    vbox_tset(lc, v, &t, x0 + w / 2 - t.w / 2, base);
    v->at = n;
    v->at_off = PAGEMAP_BEFORE;
    vl_box(lc, lc->lead, v);
    vl_gap(lc, lc->blead * GAP_BLOCK, 0);
}

/* Figure: image scaled to the measure (never past FIGURE_DPI, at most FIGURE_MAX_H of the
 * text height) and its caption, as one float. */
static void figure_block(lctx *lc, const doc_node *n, float x0, float w)
{
    const image_info *im = n->path ? book_image(lc->b, n->path) : NULL;
    float iw = 0, ih = 0;
    if (im && im->width && im->height) {
        double fdpi = im->natural_dpi > 0 ? im->natural_dpi : FIGURE_DPI; /* an SVG's own size */
        double nat_w = im->width * 72.0 / fdpi, nat_h = im->height * 72.0 / fdpi;
        double s = 1;
        if (n->width > 0 && nat_w > n->width * 0.75) /* <img width>: CSS px, 0.75 pt each */
            s = n->width * 0.75 / nat_w;
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
        y = ih + lc->blead * FIGURE_CAPTION_GAP;
    }
    /* caption */
    float save = lc->size;
    lc->size = lc->bsize * CAPTION_SCALE;
    float lead = lc->blead * CAPTION_SCALE;
    istate st = blk_istate(lc);
    if (!im && n->alt && *n->alt) {
        /* no image to be had (a remote URL): its alt text, in italics, where it would be (the
           caption is its title) */
        spans as = {0};
        istate ai = st;
        ai.italic = 1;
        blk_span(lc, &as, &ai, n->alt, strlen(n->alt), 0, n);
        lay_line *al = NULL;
        int na = blk_set_para(lc, &as, w * CAPTION_MEASURE, 0, lead, PARA_CENTER, 1, &al);
        float ab = blk_slot_base(lead, lc->size);
        for (int i = 0; i < na; i++) {
            vbox_runs(lc, v, al[i].runs, al[i].nruns, x0 + w * (1 - CAPTION_MEASURE) / 2, y + ab);
            y += lead;
        }
        y += lc->blead * FIGURE_CAPTION_GAP;
    }
    spans sp = {0};
    if (n->label) {
        istate it = st;
        it.bold = 0;
        const char *l = present_label(lc->pr, n);
        it.italic = 1;
        blk_span(lc, &sp, &it, l, strlen(l), 0, n);
        if (n->first)
            blk_span(lc, &sp, &st, " \xc2\xb7 ", 4, 0, n); /* middle dot */
    }
    blk_inlines(lc, &sp, n, st, 0);
    lay_line *ls = NULL;
    int nl = blk_set_para(lc, &sp, w * CAPTION_MEASURE, 0, lead, PARA_CENTER, 1, &ls);
    float base = blk_slot_base(lead, lc->size);
    for (int i = 0; i < nl; i++) {
        vbox_runs(lc, v, ls[i].runs, ls[i].nruns, x0 + w * (1 - CAPTION_MEASURE) / 2, y + base);
        y += lead;
    }
    lc->size = save;
    vl_float_gap(lc, lc->blead * GAP_FLOAT);
    vl_box_kind(lc, PB_FLOAT, y, v);
    lc->pb[lc->n - 1].shrink = ih * FIGURE_SHRINK; /* to stay where it is cited */
    vl_float_gap(lc, lc->blead * GAP_FLOAT);
}

/* A callout (GitHub's alert): its title in bold, then its blocks inset, on a light tint with a
 * rule down the left. Tint and rule are drawn on each of its boxes, reaching up over the space
 * between them, so a callout may break across pages. */
static void callout_block(lctx *lc, const doc_node *n, const char *title, float x0, float w,
                          int depth)
{
    float pad = lc->size * CALLOUT_PAD, padv = lc->size * CALLOUT_PAD_V;
    vl_gap(lc, lc->blead * GAP_BLOCK + padv, 0);
    int start = lc->n;
    spans sp = {0};
    istate st = blk_istate(lc);
    st.bold = 1;
    blk_span(lc, &sp, &st, title, strlen(title), 0, n);
    lay_line *ls = NULL;
    int nl = blk_set_para(lc, &sp, w - 2 * pad, 0, lc->lead, PARA_LEFT, 0, &ls);
    blk_add_lines(lc, &sp, ls, nl, x0 + pad, lc->lead, n, 0);
    lc->keep = 2; /* the title stays with the first lines */
    blk_blocks(lc, n->first, x0 + pad, w - 2 * pad, depth);
    float above = padv;
    vbox *last = NULL;
    lay_item *last_t = NULL, *last_r = NULL;
    for (int k = start; k < lc->n; k++) {
        if (lc->pb[k].kind == PB_GLUE && last)
            above += lc->pb[k].h;
        if (lc->pb[k].kind != PB_BOX)
            continue;
        vbox *v = lc->vb[k];
        float h = lc->pb[k].h;
        lay_item *t = vbox_item(lc, v, LAY_RECT, NULL);
        t->x = x0, t->y = -above, t->w = w, t->h = h + above, t->gray = CALLOUT_TINT;
        lay_item *r = vbox_item(lc, v, LAY_RULE, NULL);
        r->x = x0 + CALLOUT_RULE / 2, r->y = -above, r->h = h + above;
        r->thickness = CALLOUT_RULE, r->gray = CALLOUT_RULE_GRAY;
        last = v, last_t = t, last_r = r;
        above = 0;
    }
    if (last_t) { /* below the last line */
        last_t->h += padv;
        last_r->h += padv;
    }
    vl_gap(lc, lc->blead * GAP_BLOCK + padv, 0);
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
            ind = lc->size * LIST_WIDE_INDENT;
    }
    vl_gap(lc, depth ? 0 : lc->blead * GAP_BLOCK, 0);
    for (const doc_node *it = n->first; it; it = it->next, num++) {
        /* no page break after the first item or before the last, if it can be helped */
        if (it != n->first && (it->prev == n->first || !it->next))
            lc->min_pen = WIDOW_PENALTY;
        if (!tight && it != n->first)
            vl_gap(lc, lc->blead * GAP_ITEM, 0);
        int start = lc->n;
        /* a right-to-left book's lists mirror: indents and marks on the right */
        int rtl = lc->cfg->rtl != 0;
        if (n->flags & DOC_F_DEFS) { /* a term flush left, its definitions indented: no marks */
            float in = (it->flags & DOC_F_TERM) ? 0 : ind;
            blk_blocks(lc, it->first, rtl ? x0 : x0 + in, w - in, depth + 1);
            continue;
        }
        blk_blocks(lc, it->first, rtl ? x0 : x0 + ind, w - ind, depth + 1);
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
        tset t = vl_set_str(lc, FONT_REGULAR, lc->size, m);
        vbox_tset(lc, fb, &t,
                  rtl ? x0 + w - ind + lc->size * LIST_MARK_GAP
                      : x0 + ind - lc->size * LIST_MARK_GAP - t.w,
                  fb->base);
    }
    vl_gap(lc, depth ? 0 : lc->blead * GAP_BLOCK, 0);
}

void blk_blocks(lctx *lc, const doc_node *first, float x0, float w, int depth)
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
            const char *ct = present_callout_title(lc->pr, n);
            if (ct) {
                callout_block(lc, n, ct, x0, w, depth);
                break;
            }
            float q = lc->size * QUOTE_INDENT;
            vl_gap(lc, lc->blead * GAP_BLOCK, 0);
            const doc_node *attr = present_attribution(n);
            if (attr)
                lc->skip2 = attr;
            blk_blocks(lc, n->first, x0 + q, w - 2 * q, depth);
            lc->skip2 = NULL;
            if (attr) {
                /* the attribution: set apart, flush right, no break before it */
                vl_gap(lc, lc->blead * GAP_ATTRIBUTION, PB_INF);
                spans sp = {0};
                blk_inlines(lc, &sp, attr, blk_istate(lc), 0);
                lay_line *ls = NULL;
                int nl = blk_set_para(lc, &sp, w - 2 * q, 0, lc->lead, PARA_RIGHT, 1, &ls);
                blk_add_lines(lc, &sp, ls, nl, x0 + q, lc->lead, NULL, 0);
            }
            vl_gap(lc, lc->blead * GAP_BLOCK, 0);
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
            tbl_block(lc, n, x0, w);
            break;
        default:
            break;
        }
    }
}
