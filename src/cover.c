/* cover.c: the print cover (see cover.h): KDP's geometry for a full-wrap paperback cover and
 * its one page, typeset with the book's own paragraph engine (para_layout) and drawn by pdf.c
 * like any other lay_doc.
 *
 * KDP's figures. The spine is the page count times the thickness of one page of the interior's
 * paper: 0.002252 in for white paper, 0.0025 in for cream and 0.002347 in for premium colour;
 * the sheet is back + spine + front with 0.125 in of bleed on the outer edges (so its width is
 * 2 x trim width + spine + 0.25 in and its height trim height + 0.25 in); spine text only on
 * books of more than 79 pages, kept 0.0625 in from each fold; the barcode, printed by KDP,
 * takes 2 x 1.2 in in the lower right of the back cover, 0.25 in from the trim and the spine.
 * These figures are KDP's published ones ("Create a Paperback Cover", Help topic G201953020
 * on kdp.amazon.com, and its cover calculator) as quoted, with worked examples that agree with
 * them, by e.g. https://kdpprintcover.com/blog/how-to-calculate-kdp-spine-width (200 pages
 * white = 0.4504 in), https://kidillus.com/kdp-cover-size-guide (6x9 in, 200 pages white:
 * 12.700 x 9.250 in) and https://pubscout.app/pages/glossary/spine-width. (KDP's page itself
 * was not at hand; some guides add a 0.06 in "cover allowance" to the spine, which KDP's
 * calculator does not, and one gives 100 pages as the spine-text minimum: we follow KDP's 79.)
 *
 * IngramSpark publishes no spine formula, only a template generator that works from its own
 * per-stock tables; config.c refuses `service: ingramspark` until those are known. */
#include "cover.h"
#include "config.h"
#include "file.h"
#include "md.h"

#include <math.h>
#include <string.h>

#define PT_PER_IN 72.0

/* Where the back text goes: this far from the outer trim, the top trim and the spine fold
 * (KDP asks for 0.125 in; text nearer than half an inch looks crowded on a cover) (in). */
#define BACK_MARGIN_IN 0.5
/* The back text keeps this far above the barcode area (in). */
#define BACK_BARCODE_GAP_IN 0.25
/* Back text size and leading against the body's. */
#define BACK_SCALE 1.1f
/* Spine text: the largest size (against the body's), the smallest that still prints legibly
 * (pt), and the distance kept from the top and bottom trim (in). */
#define SPINE_MAX_SCALE 1.4f
#define SPINE_MIN_SIZE  5.0f
#define SPINE_END_IN    0.5

double cover_caliper(int paper)
{
    switch (paper) {
    case CONFIG_PAPER_CREAM:
        return 0.0025;
    case CONFIG_PAPER_COLOR:
        return 0.002347;
    default:
        return 0.002252;
    }
}

void cover_geometry(double panel_w, double panel_h, int pages, int paper, cover_geom *g)
{
    memset(g, 0, sizeof *g);
    g->panel_w = panel_w;
    g->panel_h = panel_h;
    g->spine = (pages > 0 ? pages : 0) * cover_caliper(paper) * PT_PER_IN;
    g->bleed = COVER_BLEED_IN * PT_PER_IN;
    g->sheet_w = 2 * panel_w + g->spine;
    g->sheet_h = panel_h;
    g->spine_x = panel_w;
    g->front_x = panel_w + g->spine;
    g->barcode_w = COVER_BARCODE_W_IN * PT_PER_IN;
    g->barcode_h = COVER_BARCODE_H_IN * PT_PER_IN;
    g->barcode_x = panel_w - COVER_BARCODE_OFFSET_IN * PT_PER_IN - g->barcode_w;
    g->barcode_y = panel_h - COVER_BARCODE_OFFSET_IN * PT_PER_IN - g->barcode_h;
    g->spine_text = pages >= COVER_SPINE_TEXT_MIN;
}

/* ---- the page being built ----------------------------------------------------------------- */

typedef struct cctx {
    const book *b;
    const config *cfg;
    font_set *fs;
    arena *a;
    para_ctx *pc;
    cover_geom g;
    lay_page *page;
    int cap;
    int text_rgb; /* lay_item.rgb for text */
} cctx;

static lay_item *add_item(cctx *c, lay_kind kind)
{
    lay_page *p = c->page;
    if (p->nitems == c->cap) {
        size_t oc = (size_t)c->cap, nc = oc ? oc * 2 : 32;
        p->items = arena_realloc(c->a, p->items, oc * sizeof *p->items, nc * sizeof *p->items);
        c->cap = (int)nc;
    }
    lay_item *it = &p->items[p->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->dest_page = -1;
    return it;
}

/* A project-relative path for a path written relative to book/ (NULL, reported, when it
 * leaves the project). */
static const char *book_rel(cctx *c, const config_str *s)
{
    char *rel = file_normalize(c->a, file_join(c->a, "book", s->value));
    if (!rel)
        diag_report(c->b->diag, D_PATH_OUTSIDE, c->cfg->file, s->line, s->col, s->value);
    return rel;
}

/* ---- the front: an image filling the panel and its bleed ---------------------------------- */

static void front_image(cctx *c)
{
    const config_str *fr = &c->cfg->cover.front;
    if (!fr->value) {
        diag_report(c->b->diag, D_COVER_NO_FRONT, c->cfg->file, c->cfg->cover.line,
                    c->cfg->cover.col);
        return;
    }
    const char *rel = book_rel(c, fr);
    if (!rel)
        return;
    const image_info *im = book_image(c->b, rel); /* the EPUB's cover-image, already loaded */
    if (!im) {
        const char *disk = file_join(c->a, c->b->root, rel);
        if (!file_exists(disk) || file_is_dir(disk)) {
            diag_report(c->b->diag, D_IMAGE_NOT_FOUND, c->cfg->file, fr->line, fr->col, fr->value);
            return;
        }
        im = image_load(c->a, c->b->diag, disk, rel, c->cfg->file, fr->line, fr->col);
        if (!im)
            return;
    }
    if (im->width == 0 || im->height == 0)
        return;
    const cover_geom *g = &c->g;
    /* the region: the front panel and the bleed above, below and right of it */
    double rx = g->front_x, ry = -g->bleed, rw = g->panel_w + g->bleed,
           rh = g->panel_h + 2 * g->bleed;
    double s = fmax(rw / im->width, rh / im->height); /* pt per pixel: the image covers it */
    double w = im->width * s, h = im->height * s;
    lay_item *it = add_item(c, LAY_IMAGE);
    it->image = im;
    it->x = (float)(rx + (rw - w) / 2);
    it->y = (float)(ry + (rh - h) / 2);
    it->w = (float)w;
    it->h = (float)h;
    it->clip[0] = (float)rx;
    it->clip[1] = (float)ry;
    it->clip[2] = (float)rw;
    it->clip[3] = (float)rh;
    int dpi = (int)(PT_PER_IN / s + 0.5);
    if (dpi < 300)
        diag_report(c->b->diag, D_IMAGE_LOW_DPI, c->cfg->file, fr->line, fr->col, rel, dpi);
}

/* ---- the back: Markdown set in a box clear of the barcode --------------------------------- */

typedef struct spans {
    para_span *s;
    int n, cap;
} spans;

static void span_add(cctx *c, spans *sp, font_style st, float size, const char *t, size_t len,
                     int flags, const doc_node *src)
{
    if (sp->n == sp->cap) {
        size_t oc = (size_t)sp->cap, nc = oc ? oc * 2 : 16;
        sp->s = arena_realloc(c->a, sp->s, oc * sizeof *sp->s, nc * sizeof *sp->s);
        sp->cap = (int)nc;
    }
    para_span *s = &sp->s[sp->n++];
    memset(s, 0, sizeof *s);
    s->text = t;
    s->len = len;
    s->style = st;
    s->size = size;
    s->flags = flags;
    s->src = src;
}

/* The inline content of n as spans (links keep their text only: print has none). */
static void inlines(cctx *c, spans *sp, const doc_node *n, int italic, int bold, float size,
                    int depth)
{
    for (const doc_node *k = n->first; k; k = k->next) {
        font_style st = italic && bold ? FONT_BOLD_ITALIC
                        : italic       ? FONT_ITALIC
                        : bold         ? FONT_BOLD
                                       : FONT_REGULAR;
        switch (k->kind) {
        case DOC_TEXT:
            span_add(c, sp, st, size, k->text, k->len, 0, k);
            break;
        case DOC_SOFTBREAK:
            span_add(c, sp, st, size, " ", 1, 0, k);
            break;
        case DOC_LINEBREAK:
            span_add(c, sp, st, size, "", 0, SPAN_LINEBREAK, k);
            break;
        case DOC_CODE:
            span_add(c, sp, FONT_MONO, size * 0.92f, k->text, k->len, SPAN_NOBREAK, k);
            break;
        case DOC_EMPH:
        case DOC_STRONG:
        case DOC_STRIKE:
        case DOC_LINK:
        case DOC_IMAGE:
            if (depth < 64)
                inlines(c, sp, k, italic ^ (k->kind == DOC_EMPH || k->kind == DOC_IMAGE),
                        bold || k->kind == DOC_STRONG, size, depth + 1);
            break;
        default:
            break;
        }
    }
}

static void back_text(cctx *c)
{
    const config_str *bt = &c->cfg->cover.back_text;
    if (!bt->value)
        return;
    const char *rel = book_rel(c, bt);
    if (!rel)
        return;
    char *text;
    size_t len;
    if (file_read_max(c->a, file_join(c->a, c->b->root, rel), 1 << 20, &text, &len) < 0) {
        diag_report(c->b->diag, D_COVER_BACK_MISSING, c->cfg->file, bt->line, bt->col, bt->value);
        return;
    }
    doc_node *doc = md_parse_chapter(c->a, c->b->diag, rel, text, len);
    const cover_geom *g = &c->g;
    float size = (float)c->cfg->font_size * BACK_SCALE, lead = (float)c->cfg->leading * BACK_SCALE;
    float x0 = (float)(BACK_MARGIN_IN * PT_PER_IN);
    float width = (float)(g->panel_w - 2 * BACK_MARGIN_IN * PT_PER_IN);
    float top = (float)(BACK_MARGIN_IN * PT_PER_IN);
    float bottom = (float)(g->barcode_y - BACK_BARCODE_GAP_IN * PT_PER_IN);
    float y = top, base = lead - (lead - size) * 0.5f - 0.22f * size; /* baseline in a line */
    int nlines = 0, full = 0;
    doc_iter it;
    doc_iter_init(&it, doc);
    while (!full && doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering || (n->kind != DOC_PARA && n->kind != DOC_HEADING))
            continue;
        int heading = n->kind == DOC_HEADING;
        float sz = heading ? size * 1.25f : size, ld = heading ? lead * 1.25f : lead;
        spans sp = {0};
        inlines(c, &sp, n, 0, heading, sz, 0);
        if (sp.n == 0)
            continue;
        para_opts o;
        memset(&o, 0, sizeof o);
        o.width = width;
        o.leading = ld;
        o.align = heading ? PARA_LEFT : PARA_JUSTIFY;
        o.hyphenate = !heading;
        lay_line *ls = NULL;
        int nl = para_layout(c->pc, c->a, sp.s, sp.n, &o, &ls);
        if (y > top)
            y += lead * 0.5f; /* paragraphs are parted by half a line */
        for (int i = 0; i < nl; i++) {
            if (y + ld > bottom) {
                diag_report(c->b->diag, D_COVER_BACK_FULL, rel, n->line, n->col, nlines);
                full = 1;
                break;
            }
            lay_item *t = add_item(c, LAY_TEXT);
            t->x = x0;
            t->y = y + (heading ? ld - (ld - sz) * 0.5f - 0.22f * sz : base);
            t->run = ls[i].runs;
            t->nruns = ls[i].nruns;
            t->rgb = c->text_rgb;
            y += ld;
            nlines++;
        }
    }
}

/* ---- the spine: title and author, turned to read top to bottom ---------------------------- */

/* The advance of text set on one line at 10 pt (pt). */
static float text_width(cctx *c, font_style st, const char *text)
{
    font_glyph *g = NULL;
    int n = font_shape(c->fs, c->a, st, 10, text, strlen(text), &g);
    return n > 0 ? g[n - 1].x + g[n - 1].advance : 0;
}

static void spine_text(cctx *c)
{
    const cover_geom *g = &c->g;
    const config *cfg = c->cfg;
    if (!cfg->cover.spine_text || !g->spine_text)
        return;
    float across = (float)(g->spine - 2 * COVER_SPINE_CLEAR_IN * PT_PER_IN);
    float size = across / (COVER_TEXT_ASCENT + COVER_TEXT_DESCENT);
    float max = (float)cfg->font_size * SPINE_MAX_SCALE;
    if (size > max)
        size = max;
    if (size < SPINE_MIN_SIZE) {
        diag_report(c->b->diag, D_COVER_SPINE_NARROW, cfg->file, cfg->cover.line, cfg->cover.col,
                    g->spine / PT_PER_IN);
        return;
    }
    const char *author = NULL;
    for (int i = 0; i < cfg->nauthors; i++)
        author = author ? arena_printf(c->a, "%s, %s", author, cfg->authors[i]) : cfg->authors[i];
    const char *title = cfg->title ? cfg->title : "Untitled";
    float length = (float)(g->panel_h - 2 * SPINE_END_IN * PT_PER_IN);
    /* the largest size up to size at which it fits on one line along the spine (shaped
     * widths grow in proportion to the size) */
    static const char sep[] = "\xe2\x80\x83\xe2\x80\x83"; /* two em spaces */
    float w10 =
        text_width(c, FONT_BOLD, title) +
        (author ? text_width(c, FONT_REGULAR, sep) + text_width(c, FONT_REGULAR, author) : 0);
    if (w10 > 0 && size > length / w10 * 10 * 0.98f)
        size = length / w10 * 10 * 0.98f;
    lay_line *ls = NULL;
    int nl = 0;
    if (size >= SPINE_MIN_SIZE) {
        spans sp = {0};
        span_add(c, &sp, FONT_BOLD, size, title, strlen(title), 0, NULL);
        if (author) {
            span_add(c, &sp, FONT_REGULAR, size, sep, strlen(sep), 0, NULL);
            span_add(c, &sp, FONT_REGULAR, size, author, strlen(author), 0, NULL);
        }
        para_opts o;
        memset(&o, 0, sizeof o);
        o.width = length;
        o.leading = size;
        o.align = PARA_CENTER;
        nl = para_layout(c->pc, c->a, sp.s, sp.n, &o, &ls);
    }
    if (nl != 1) {
        diag_report(c->b->diag, D_COVER_SPINE_LONG, cfg->file, cfg->cover.line, cfg->cover.col);
        return;
    }
    /* across the spine the text reaches ascent to the right of its baseline (towards the
     * front) and descent to the left: that band is centred between the folds */
    double mid = g->spine_x + g->spine / 2;
    lay_item *t = add_item(c, LAY_TEXT);
    t->turned = 1;
    t->x = (float)(mid - (COVER_TEXT_ASCENT - COVER_TEXT_DESCENT) * size / 2);
    t->y = (float)(SPINE_END_IN * PT_PER_IN);
    t->run = ls[0].runs;
    t->nruns = ls[0].nruns;
    t->rgb = c->text_rgb;
}

lay_doc *cover_layout(const book *b, font_set *fs, int pages, arena *a)
{
    const config *cfg = b->cfg;
    cctx c;
    memset(&c, 0, sizeof c);
    c.b = b;
    c.cfg = cfg;
    c.fs = fs;
    c.a = a;
    c.text_rgb = cfg->cover.text_color ? LAY_RGB | cfg->cover.text_color : 0;
    cover_geometry(cfg->page_width, cfg->page_height, pages, cfg->cover.paper, &c.g);
    lay_doc *ld = ARENA_NEW(a, lay_doc);
    ld->width = (float)c.g.sheet_w;
    ld->height = (float)c.g.sheet_h;
    ld->bleed = (float)c.g.bleed;
    ld->pages = ARENA_NEW(a, lay_page);
    ld->npages = 1;
    ld->fonts = fs;
    ld->title = cfg->title;
    for (int i = 0; i < cfg->nauthors; i++)
        ld->author =
            ld->author ? arena_printf(a, "%s, %s", ld->author, cfg->authors[i]) : cfg->authors[i];
    ld->print_profile = 1;
    c.page = ld->pages;
    c.page->label_style = LAY_LABEL_NONE;
    if (cfg->cover.background >= 0) { /* the whole sheet, bleed included */
        lay_item *bg = add_item(&c, LAY_RECT);
        bg->x = (float)-c.g.bleed;
        bg->y = (float)-c.g.bleed;
        bg->w = (float)(c.g.sheet_w + 2 * c.g.bleed);
        bg->h = (float)(c.g.sheet_h + 2 * c.g.bleed);
        bg->rgb = LAY_RGB | cfg->cover.background;
    }
    front_image(&c);
    c.pc = para_ctx_new(a, b->diag, fs, cfg->lang ? cfg->lang : "en");
    if (c.pc) {
        para_ctx_set_exceptions(c.pc, cfg->hyph_exceptions, cfg->nhyph_exceptions);
        back_text(&c);
        spine_text(&c);
        para_ctx_free(c.pc);
    }
    return ld;
}
