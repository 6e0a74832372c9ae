/* test_cover.c: the print cover's geometry (KDP's spine per page of white, cream and colour
 * paper, the sheet, the barcode area, the 79-page spine-text rule) and the cover page that
 * cover_layout sets for the sample book at several page counts: the front image clipped to
 * the front panel and its bleed, spine text turned and centred 0.0625 in clear of the folds
 * (or absent), nothing in the barcode area; then the PDF of it through preflight_cover, which
 * passes its size and fails it for another page count. */
#include "cover.h"
#include "output.h"
#include "preflight.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define IN 72.0

static int near(double a, double b, double eps)
{
    return fabs(a - b) <= eps;
}

static void test_geometry(void)
{
    CHECK(near(cover_caliper(CONFIG_PAPER_WHITE), 0.002252, 1e-12));
    CHECK(near(cover_caliper(CONFIG_PAPER_CREAM), 0.0025, 1e-12));
    CHECK(near(cover_caliper(CONFIG_PAPER_COLOR), 0.002347, 1e-12));
    cover_geom g;
    /* 6 x 9 in, 200 pages on white: 12.7004 x 9.25 in with bleed (KDP's worked example) */
    cover_geometry(6 * IN, 9 * IN, 200, CONFIG_PAPER_WHITE, &g);
    CHECK(near(g.spine, 200 * 0.002252 * IN, 1e-9));
    CHECK(near((g.sheet_w + 2 * g.bleed) / IN, 12.7004, 1e-9));
    CHECK(near((g.sheet_h + 2 * g.bleed) / IN, 9.25, 1e-9));
    CHECK(near(g.bleed, 9, 1e-9));
    CHECK(near(g.spine_x, 6 * IN, 1e-9));
    CHECK(near(g.front_x, 6 * IN + g.spine, 1e-9));
    /* the barcode: 2 x 1.2 in, 0.25 in from the spine fold and the bottom trim */
    CHECK(near(g.barcode_w, 2 * IN, 1e-9) && near(g.barcode_h, 1.2 * IN, 1e-9));
    CHECK(near(g.barcode_x + g.barcode_w, g.spine_x - 0.25 * IN, 1e-9));
    CHECK(near(g.barcode_y + g.barcode_h, g.sheet_h - 0.25 * IN, 1e-9));
    CHECK_INT(g.spine_text, 1);
    /* 5.5 x 8.5 in, 300 pages cream; colour */
    cover_geometry(5.5 * IN, 8.5 * IN, 300, CONFIG_PAPER_CREAM, &g);
    CHECK(near((g.sheet_w + 2 * g.bleed) / IN, 11 + 0.75 + 0.25, 1e-9));
    cover_geometry(6 * IN, 9 * IN, 100, CONFIG_PAPER_COLOR, &g);
    CHECK(near(g.spine / IN, 0.2347, 1e-9));
    /* KDP: spine text on books of more than 79 pages */
    cover_geometry(6 * IN, 9 * IN, 79, CONFIG_PAPER_WHITE, &g);
    CHECK_INT(g.spine_text, 0);
    cover_geometry(6 * IN, 9 * IN, 80, CONFIG_PAPER_WHITE, &g);
    CHECK_INT(g.spine_text, 1);
    cover_geometry(6 * IN, 9 * IN, 0, CONFIG_PAPER_WHITE, &g);
    CHECK(near(g.spine, 0, 1e-12) && near(g.sheet_w, 12 * IN, 1e-9));
}

/* The sample book's settings with a cover block (paths as book.yaml gives them). */
static void sample_config(config *cfg)
{
    config_defaults(cfg);
    cfg->title = "Hamhung";
    static const char *authors[] = {"The hanji project"};
    cfg->authors = authors;
    cfg->nauthors = 1;
    cfg->cover.on = 1;
    cfg->cover.line = 3;
    cfg->cover.col = 3;
    cfg->cover.front = (config_str){"../images/cover.png", 4, 10};
    cfg->cover.back_text = (config_str){"cover/back.md", 5, 14};
}

static int overlaps(double ax0, double ay0, double ax1, double ay1, double bx0, double by0,
                    double bx1, double by1)
{
    return ax0 < bx1 && ax1 > bx0 && ay0 < by1 && ay1 > by0;
}

/* Sets the cover for pages pages; checks what every cover must hold; returns its turned item
 * (the spine text) or NULL. */
static const lay_item *check_cover(const lay_doc *ld, int pages, int paper)
{
    cover_geom g;
    cover_geometry(6 * IN, 9 * IN, pages, paper, &g);
    CHECK(ld != NULL);
    if (!ld)
        return NULL;
    CHECK_INT(ld->npages, 1);
    CHECK(near(ld->width, g.sheet_w, 1e-3) && near(ld->height, g.sheet_h, 1e-3));
    CHECK(near(ld->bleed, 9, 1e-6));
    CHECK_INT(ld->print_profile, 1);
    const lay_item *turned = NULL;
    int images = 0, lines = 0, in_barcode = 0;
    for (int i = 0; i < ld->pages[0].nitems; i++) {
        const lay_item *it = &ld->pages[0].items[i];
        if (it->kind == LAY_IMAGE) {
            images++;
            /* clipped to the front panel and the bleed around it */
            CHECK(near(it->clip[0], g.front_x, 1e-3) && near(it->clip[1], -9, 1e-3));
            CHECK(near(it->clip[2], g.panel_w + 9, 1e-3) &&
                  near(it->clip[3], g.panel_h + 18, 1e-3));
            /* and filling it */
            CHECK(it->x <= it->clip[0] + 1e-3 && it->y <= it->clip[1] + 1e-3);
            CHECK(it->x + it->w >= it->clip[0] + it->clip[2] - 1e-3);
            CHECK(it->y + it->h >= it->clip[1] + it->clip[3] - 1e-3);
            in_barcode += overlaps(it->clip[0], it->clip[1], it->clip[0] + it->clip[2],
                                   it->clip[1] + it->clip[3], g.barcode_x, g.barcode_y,
                                   g.barcode_x + g.barcode_w, g.barcode_y + g.barcode_h);
        } else if (it->kind == LAY_TEXT && it->turned) {
            CHECK(turned == NULL);
            turned = it;
        } else if (it->kind == LAY_TEXT) {
            lines++;
            float w = 0;
            for (int k = 0; k < it->nruns; k++)
                w = fmaxf(w, it->run[k].x + it->run[k].width);
            /* on the back panel, half an inch in, clear of the barcode */
            CHECK(it->x >= 0.5 * IN - 1e-3 && it->x + w <= g.panel_w - 0.5 * IN + 0.5);
            in_barcode +=
                overlaps(it->x, it->y - 15, it->x + w, it->y + 5, g.barcode_x, g.barcode_y,
                         g.barcode_x + g.barcode_w, g.barcode_y + g.barcode_h);
        }
    }
    CHECK_INT(images, 1);
    CHECK(lines >= 5);
    CHECK_INT(in_barcode, 0);
    if (turned) {
        /* across the spine: ascent to the right of the baseline, descent to the left, the band
         * centred and 0.0625 in clear of both folds */
        float size = turned->run[0].size;
        double left = turned->x - COVER_TEXT_DESCENT * size;
        double right = turned->x + COVER_TEXT_ASCENT * size;
        CHECK(left >= g.spine_x + 0.0625 * IN - 1e-3);
        CHECK(right <= g.front_x - 0.0625 * IN + 1e-3);
        CHECK(near((left + right) / 2, g.spine_x + g.spine / 2, 1e-3));
        /* along it: within the trim height */
        const lay_run *last = &turned->run[turned->nruns - 1];
        CHECK(turned->y >= 0 && turned->y + last->x + last->width <= g.sheet_h);
    }
    return turned;
}

static void test_layout(void)
{
    arena a;
    arena_init(&a);
    diag_ctx d;
    diag_init(&d, NULL);
    config cfg;
    sample_config(&cfg);
    font_set *fs = font_set_load(&a, &d, &cfg, "..");
    CHECK(fs != NULL);
    if (!fs)
        return;
    book b;
    memset(&b, 0, sizeof b);
    b.arena = &a;
    b.diag = &d;
    b.cfg = &cfg;
    b.root = "..";
    b.modified = 1700000000;

    /* 200 pages, white: title and author on the spine; the 1600 x 2400 front image prints at
     * 259 dpi over 6.125 x 9.25 in: one warning */
    int w0 = d.warnings;
    const lay_doc *ld = cover_layout(&b, fs, 200, &a);
    const lay_item *t = check_cover(ld, 200, CONFIG_PAPER_WHITE);
    CHECK(t != NULL);
    CHECK_INT(d.warnings - w0, 1);
    CHECK_INT(d.errors, 0);

    /* 60 pages: no spine text (KDP: more than 79 pages) and no warning about it */
    w0 = d.warnings;
    CHECK(check_cover(cover_layout(&b, fs, 60, &a), 60, CONFIG_PAPER_WHITE) == NULL);
    CHECK_INT(d.warnings - w0, 1); /* the image's */

    /* 80 pages on white: allowed, but 0.18 in leaves too little room: a warning, no text */
    w0 = d.warnings;
    CHECK(check_cover(cover_layout(&b, fs, 80, &a), 80, CONFIG_PAPER_WHITE) == NULL);
    CHECK_INT(d.warnings - w0, 2);

    /* a title too long for the spine even at 5 pt: a warning, no spine text; a long one that
     * fits at a smaller size is set smaller, still on one line */
    cfg.title = "A Title So Long That It Could Never Stand Along the Spine of Any Book Printed by "
                "Anyone, However Small the Type, Since It Goes On and On Past Every Sensible "
                "Length for a Title, Then Further Still, Until the Reader Gives Up";
    w0 = d.warnings;
    CHECK(check_cover(cover_layout(&b, fs, 200, &a), 200, CONFIG_PAPER_WHITE) == NULL);
    CHECK_INT(d.warnings - w0, 2);
    cfg.title = "Hamhung: A Short Guide to the City and Its Surroundings, Second Edition";
    t = check_cover(cover_layout(&b, fs, 400, &a), 400, CONFIG_PAPER_WHITE);
    CHECK(t != NULL && t->run[0].size < cfg.font_size * 1.4f);
    cfg.title = "Hamhung";

    /* spine-text: off */
    cfg.cover.spine_text = 0;
    CHECK(check_cover(cover_layout(&b, fs, 300, &a), 300, CONFIG_PAPER_WHITE) == NULL);
    cfg.cover.spine_text = 1;

    /* cream, 300 pages; then its PDF through the preflight: the right size passes, the size
     * for another page count fails */
    cfg.cover.paper = CONFIG_PAPER_CREAM;
    ld = cover_layout(&b, fs, 300, &a);
    CHECK(check_cover(ld, 300, CONFIG_PAPER_CREAM) != NULL);
    buf pdf = BUF_INIT, rep = BUF_INIT;
    CHECK_INT(pdf_write(&b, ld, &pdf), 0);
    preflight_cover_spec spec = {300, 6 * IN, 9 * IN, CONFIG_PAPER_CREAM};
    int fails = preflight_cover((const unsigned char *)pdf.data, pdf.len, &spec, &rep);
    buf_putc(&rep, 0);
    CHECK_INT(fails, 1); /* the image's resolution, only */
    CHECK(strstr(rep.data, "FAIL  cover: images at 300 dpi") != NULL);
    CHECK(strstr(rep.data, "pass  cover: MediaBox") != NULL);
    CHECK(strstr(rep.data, "pass  cover: TrimBox inset") != NULL);
    CHECK(strstr(rep.data, "pass  cover: spine text 0.0625 in clear") != NULL);
    CHECK(strstr(rep.data, "pass  cover: barcode area") != NULL);
    buf_clear(&rep);
    spec.pages = 310;
    fails = preflight_cover((const unsigned char *)pdf.data, pdf.len, &spec, &rep);
    buf_putc(&rep, 0);
    CHECK_INT(fails, 2);
    CHECK(strstr(rep.data, "FAIL  cover: MediaBox") != NULL);
    /* a cover with spine text (100 pages, cream: 0.25 in) checked as the cover of a 78-page
     * book, whose spine (0.195 in) may carry none */
    buf_clear(&rep);
    buf_clear(&pdf);
    ld = cover_layout(&b, fs, 100, &a);
    CHECK(check_cover(ld, 100, CONFIG_PAPER_CREAM) != NULL);
    CHECK_INT(pdf_write(&b, ld, &pdf), 0);
    spec.pages = 78;
    preflight_cover((const unsigned char *)pdf.data, pdf.len, &spec, &rep);
    buf_putc(&rep, 0);
    CHECK(strstr(rep.data, "FAIL  cover: no text on the spine") != NULL);
    /* a rule drawn in the barcode area is ink there */
    buf_clear(&rep);
    buf_clear(&pdf);
    lay_doc *bad = cover_layout(&b, fs, 200, &a);
    lay_page *pg = &bad->pages[0];
    lay_item *items = ARENA_NEWN(&a, lay_item, (size_t)pg->nitems + 1);
    memcpy(items, pg->items, (size_t)pg->nitems * sizeof *items);
    cover_geom g;
    cover_geometry(6 * IN, 9 * IN, 200, CONFIG_PAPER_CREAM, &g);
    lay_item *rule = &items[pg->nitems];
    rule->kind = LAY_RULE;
    rule->x = (float)(g.barcode_x + 20);
    rule->y = (float)(g.barcode_y + 20);
    rule->w = 30;
    rule->thickness = 1;
    rule->dest_page = -1;
    pg->items = items;
    pg->nitems++;
    CHECK_INT(pdf_write(&b, bad, &pdf), 0);
    spec.pages = 200;
    fails = preflight_cover((const unsigned char *)pdf.data, pdf.len, &spec, &rep);
    buf_putc(&rep, 0);
    CHECK(strstr(rep.data, "FAIL  cover: barcode area") != NULL);
    CHECK(strstr(rep.data, "pass  cover: MediaBox") != NULL);
    buf_free(&pdf);
    buf_free(&rep);
    font_set_free(fs);
    arena_free(&a);
}

int main(void)
{
    test_geometry();
    test_layout();
    return tap_done();
}
