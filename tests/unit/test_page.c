/* test_page.c: the page breaker on small vertical lists of obvious heights (10 pt lines on
 * pages of a few lines): widows, orphans, headings kept with their text, floats that move to
 * the next page while the text flows on, footnote space and split notes, overfull and empty
 * lists; and pdf_write on a hand-made two-page lay_doc (header, reproducibility, failure). */
#define _GNU_SOURCE /* memmem */
#include "layout.h"
#include "layout_pbreak.h"
#include "output.h"
#include "preflight.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct vl {
    pb_item it[256];
    int n;
} vl;

static void box(vl *v, float h)
{
    memset(&v->it[v->n], 0, sizeof v->it[0]);
    v->it[v->n].kind = PB_BOX;
    v->it[v->n++].h = h;
}

static void pen(vl *v, float p)
{
    memset(&v->it[v->n], 0, sizeof v->it[0]);
    v->it[v->n].kind = PB_PENALTY;
    v->it[v->n++].penalty = p;
}

static void glue(vl *v, float h)
{
    memset(&v->it[v->n], 0, sizeof v->it[0]);
    v->it[v->n].kind = PB_GLUE;
    v->it[v->n++].h = h;
}

static void flt(vl *v, float h)
{
    memset(&v->it[v->n], 0, sizeof v->it[0]);
    v->it[v->n].kind = PB_FLOAT;
    v->it[v->n++].h = h;
}

/* A paragraph of n 10-pt lines with widow and orphan penalties (as layout_page.c sets them). */
static void para(vl *v, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            pen(v, (i < 2 || n - i < 2) ? 5000 : 0);
        box(v, 10);
    }
}

/* Number of boxes on page p. */
static int boxes_on(const vl *v, const pb_result *r, int p)
{
    int c = 0;
    for (int k = r->pages[p].start; k < r->pages[p].end; k++)
        if (v->it[k].kind == PB_BOX || (v->it[k].kind == PB_FLOAT && !r->moved[k]))
            c++;
    return c + r->pages[p].nfloats;
}

static pb_params pages_of(int lines)
{
    pb_params p = {(float)lines * 10, 10, 10, 10, 0, 0, 0, 0, 0};
    return p;
}

static void test_plain(void)
{
    arena a;
    arena_init(&a);
    vl v = {.n = 0};
    para(&v, 10);
    pb_params pp = pages_of(4);
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(r.npages, 3);
    CHECK_INT(boxes_on(&v, &r, 0), 4);
    CHECK_INT(boxes_on(&v, &r, 1), 4);
    CHECK_INT(boxes_on(&v, &r, 2), 2);
    CHECK(r.cost < 1);
    arena_free(&a);
}

/* \flushbottom: a chapter's last page of a line or two costs as a widow; glue stretches up to
 * stretch_max times its stretch at a cost below a line short, and a page measures to its last
 * baseline (a box's depth against the page's). */
static void test_flush(void)
{
    arena a;
    arena_init(&a);
    vl v = {.n = 0};
    for (int i = 0; i < 9; i++) { /* 9 lines, a break allowed after each: 4 + 4 + 1 */
        if (i > 0)
            pen(&v, 0);
        box(&v, 10);
    }
    pb_params pp = pages_of(4);
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(boxes_on(&v, &r, 2), 1);
    pp.last_lines = 3000; /* then 3 + 3 + 3 */
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(r.npages, 3);
    CHECK(boxes_on(&v, &r, 2) >= 3);

    /* 2 lines, 4 pt of glue (stretch 1), a line, then a box too tall for the page's foot: the
     * page is 6 pt short; with stretch_max 6 the glue fills it, for less than stretch_max 3
     * costs, which leaves it 3 pt short */
    vl w = {.n = 0};
    para(&w, 2);
    glue(&w, 4);
    w.it[w.n - 1].stretch = 1;
    box(&w, 10);
    pen(&w, 0);
    box(&w, 30);
    pb_params q = pages_of(4);
    q.stretch_max = 3;
    page_break(w.it, w.n, &q, &a, &r);
    double part = r.cost;
    q.stretch_max = 6;
    page_break(w.it, w.n, &q, &a, &r);
    CHECK(r.cost < part);
    CHECK(r.cost <= 100.01);
    CHECK(r.pages[0].stretch > 0.9f);

    /* depth: a last box 4 pt deep on a page whose lines are 3 pt deep leaves it 1 pt short */
    vl d = {.n = 0};
    para(&d, 4);
    d.it[d.n - 1].depth = 4;
    pb_params e = pages_of(4);
    e.depth = 3;
    page_break(d.it, d.n, &e, &a, &r);
    CHECK_INT(r.npages, 1);
    CHECK(r.pages[0].used > 38.9f && r.pages[0].used < 39.1f);
    arena_free(&a);
}

/* Where page p of r ends above the bottom after its glue stretched as far as it may, with the
 * fraction of a line taken by the glue (as page_place sets it). */
static float short_of(const pb_result *r, int p, const pb_params *pp)
{
    double sh = pp->page_h - r->pages[p].used, cap = r->pages[p].stretch * pp->stretch_max;
    return sh <= cap ? 0 : (float)(floor((sh - cap) / pp->unit + 1e-3) * pp->unit);
}

/* Spreads: 10-pt lines on 10-line pages, breaks after some lines costly (p: 5000, widows and
 * orphans), 10-pt glue with stretch in places (G). A list a random search found where the
 * breaker that priced a recto only against the cheapest way to its verso ended pages 2 and 3
 * 8 and 10 pt short: now every spread but the last ends on one line. */
static void test_spread(void)
{
    arena a;
    arena_init(&a);
    const char *pat = "B.B.GB.BpB.B.B.GB.B.BpB.GB.BpB.B.BpBpB.B.B.B.B.B.GB.B.B";
    vl v = {.n = 0};
    for (const char *c = pat; *c; c++) {
        if (*c == 'B') {
            box(&v, 10);
        } else if (*c == 'G') {
            glue(&v, 10);
            v.it[v.n - 1].stretch = 2.5f;
            v.it[v.n - 1].shrink = 1;
        } else {
            pen(&v, *c == 'p' ? 5000 : 0);
        }
    }
    pb_params pp = pages_of(10);
    pp.stretch_max = 5;
    pp.spread = 1000;
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK(r.npages >= 4);
    for (int p = 1; p + 2 < r.npages; p += 2)
        CHECK(fabsf(short_of(&r, p, &pp) - short_of(&r, p + 1, &pp)) < 0.05f);
    CHECK(r.cost < 475); /* what the old breaker's pages cost */
    arena_free(&a);
}

static void test_widow(void)
{
    arena a;
    arena_init(&a);
    /* 5 lines on 4-line pages: 4+1 leaves a widow; the breaker runs page 1 short */
    vl v = {.n = 0};
    para(&v, 5);
    pb_params pp = pages_of(4);
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(r.npages, 2);
    CHECK_INT(boxes_on(&v, &r, 0), 3);
    CHECK_INT(boxes_on(&v, &r, 1), 2);
    /* an orphan: 3 lines of A fill page 1 with room for one more, B has 4 lines */
    vl w = {.n = 0};
    para(&w, 3);
    pen(&w, 0);
    para(&w, 4);
    page_break(w.it, w.n, &pp, &a, &r);
    CHECK_INT(r.npages, 2);
    CHECK_INT(boxes_on(&w, &r, 0), 3); /* not 4: B's first line would be alone at the foot */
    CHECK_INT(boxes_on(&w, &r, 1), 4);
    /* a 3-line paragraph cannot be split at all */
    vl x = {.n = 0};
    para(&x, 2);
    pen(&x, 0);
    para(&x, 3);
    page_break(x.it, x.n, &pp, &a, &r);
    CHECK_INT(boxes_on(&x, &r, 0), 2);
    CHECK_INT(boxes_on(&x, &r, 1), 3);
    arena_free(&a);
}

static void test_heading(void)
{
    arena a;
    arena_init(&a);
    /* A (3 lines), heading, B (3 lines): the heading may not end page 1 */
    vl v = {.n = 0};
    para(&v, 3);
    pen(&v, 0);
    box(&v, 10); /* the heading */
    pen(&v, PB_INF);
    para(&v, 3);
    pb_params pp = pages_of(4);
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(r.npages, 2);
    CHECK_INT(boxes_on(&v, &r, 0), 3);
    CHECK_INT(boxes_on(&v, &r, 1), 4);
    /* the heading opens page 2 */
    int k = r.pages[1].start;
    while (v.it[k].kind != PB_BOX)
        k++;
    CHECK_INT(k, 6);
    arena_free(&a);
}

static void test_float(void)
{
    arena a;
    arena_init(&a);
    /* 3 lines, a 30-pt figure, 5 lines on 5-line pages: the figure does not fit after the
     * third line, moves to the top of page 2, and the text flows on under the first lines */
    vl v = {.n = 0};
    para(&v, 3);
    pen(&v, 0);
    flt(&v, 30);
    pen(&v, 0);
    para(&v, 5);
    pb_params pp = pages_of(5);
    pp.float_gap = 0;
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    int fi = 6;
    CHECK_INT(v.it[fi].kind, PB_FLOAT);
    CHECK_INT(r.moved[fi], 1);
    CHECK(r.npages >= 2);
    CHECK_INT(boxes_on(&v, &r, 0), 5); /* 3 lines + 2 of the next paragraph */
    CHECK_INT(r.pages[1].nfloats, 1);
    CHECK_INT(r.pages[1].floats[0], fi);
    /* a figure that fits stays where it is */
    vl w = {.n = 0};
    para(&w, 2);
    pen(&w, 0);
    flt(&w, 10);
    pen(&w, 0);
    para(&w, 2);
    page_break(w.it, w.n, &pp, &a, &r);
    CHECK_INT(r.npages, 1);
    CHECK_INT(r.moved[4], 0);
    arena_free(&a);
}

static void test_notes(void)
{
    arena a;
    arena_init(&a);
    /* 8 lines on 6-line pages; line 2 carries a 20-pt note (plus a 10-pt separator): page 1
     * holds 3 lines only */
    vl v = {.n = 0};
    para(&v, 8);
    v.it[2].notes = 20;
    pb_params pp = pages_of(6);
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(r.npages, 2);
    CHECK_INT(boxes_on(&v, &r, 0), 3);
    CHECK_INT(boxes_on(&v, &r, 1), 5);
    CHECK(r.pages[0].used <= 60.01f);
    arena_free(&a);
}

static void test_split_note(void)
{
    arena a;
    arena_init(&a);
    /* 10-line pages; 12 lines, the 6th carrying a 60-pt note (6 lines of 10 pt) plus a 10-pt
     * separator: whole, the note would push line 6 and everything after it to page 2 (4 lines
     * short); split, page 1 holds 6 lines and the first 3 lines of the note */
    vl v = {.n = 0};
    para(&v, 12);
    int six = 10; /* boxes sit at even indices: line 6 is item 10 */
    CHECK_INT(v.it[six].kind, PB_BOX);
    v.it[six].notes = 60;
    pb_params pp = pages_of(10);
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(boxes_on(&v, &r, 0), 5); /* no splitting: the page runs short */
    pp.note_line = 10;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(r.npages, 2);
    CHECK(boxes_on(&v, &r, 0) >= 6);
    CHECK(r.pages[0].carry_out > 0);
    CHECK(r.pages[0].carry_out <= 40.01f); /* two lines at least stay with the mark */
    CHECK_INT((int)r.pages[1].carry_in, (int)r.pages[0].carry_out);
    arena_free(&a);
}

static void test_edges(void)
{
    arena a;
    arena_init(&a);
    pb_params pp = pages_of(4);
    pb_result r;
    /* empty list: one (empty) page */
    page_break(NULL, 0, &pp, &a, &r);
    CHECK_INT(r.npages, 1);
    /* a box taller than the page still gets a page of its own */
    vl v = {.n = 0};
    para(&v, 2);
    pen(&v, 0);
    box(&v, 100);
    pen(&v, 0);
    para(&v, 2);
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK_INT(r.npages, 3);
    CHECK_INT(boxes_on(&v, &r, 1), 1);
    /* no legal break at all: the breaker still ends pages somewhere */
    vl w = {.n = 0};
    for (int i = 0; i < 12; i++) {
        if (i)
            pen(&w, PB_INF);
        box(&w, 10);
    }
    page_break(w.it, w.n, &pp, &a, &r);
    CHECK_INT(r.npages, 3);
    /* glue at a page top is dropped */
    vl x = {.n = 0};
    para(&x, 4);
    pen(&x, 0);
    glue(&x, 15);
    para(&x, 2);
    page_break(x.it, x.n, &pp, &a, &r);
    CHECK_INT(r.npages, 2);
    CHECK(r.pages[1].used < 20.01f);
    arena_free(&a);
}

static void test_defer(void)
{
    arena a;
    arena_init(&a);
    /* 10-line pages: 8 lines, a 60-pt figure that does not fit after them, then 12 lines, the
     * second of which carries a 40-pt note. A float goes on the page of its place in the text
     * or the next one at the latest: the figure opens page 2, though the note then leaves a
     * hole under it (it used to be left off page 2 and set on page 3). */
    vl v = {.n = 0};
    para(&v, 8);
    pen(&v, 0);
    int fig = v.n;
    flt(&v, 60);
    pen(&v, 0);
    int first = v.n;
    para(&v, 12);
    v.it[first + 2].notes = 40;
    pb_params pp = pages_of(10);
    pp.float_gap = 0;
    pb_result r;
    page_break(v.it, v.n, &pp, &a, &r);
    CHECK(r.npages >= 3);
    CHECK_INT(r.pages[0].nfloats, 0);
    /* on page 2: at its top, or in its place with page 1 ending before it */
    CHECK(r.pages[1].nfloats == 1 || (r.pages[1].start <= fig && r.pages[1].end > fig));
    /* a heading is a barrier: 6 lines, a 60-pt figure that does not fit after them, 2 lines,
     * a heading and 4 lines. The figure may not go to the top of page 2 with the heading on
     * page 1 above it: page 1 ends before the heading */
    vl h = {.n = 0};
    para(&h, 6);
    pen(&h, 0);
    flt(&h, 60);
    pen(&h, 0);
    para(&h, 2);
    pen(&h, 0);
    int head = h.n;
    box(&h, 10);
    h.it[head].barrier = 1;
    pen(&h, 0);
    para(&h, 4);
    page_break(h.it, h.n, &pp, &a, &r);
    CHECK(r.npages >= 2);
    CHECK(r.pages[0].end <= head); /* page 1 ends before the heading */
    CHECK_INT(r.pages[1].nfloats, 1);
    CHECK(r.pages[1].start <= head); /* the heading comes after the figure, on page 2 */
    /* without the barrier the heading would stay on page 1 */
    h.it[head].barrier = 0;
    page_break(h.it, h.n, &pp, &a, &r);
    CHECK(r.pages[0].end > head);
    /* the space around a float that moved: the larger alt of the two glues stays */
    vl w = {.n = 0};
    para(&w, 8);
    glue(&w, 10);
    w.it[w.n - 1].alt = 0;
    flt(&w, 60);
    pen(&w, 0);
    glue(&w, 10);
    w.it[w.n - 1].alt = 5;
    box(&w, 10);
    pen(&w, 0);
    box(&w, 10);
    page_break(w.it, w.n, &pp, &a, &r);
    CHECK_INT(r.npages, 2);
    CHECK_INT(boxes_on(&w, &r, 0), 9); /* 8 + 5 (not 10) + 10 */
    CHECK(r.pages[0].used > 94.99f && r.pages[0].used < 95.01f);
    arena_free(&a);
}

/* A run of text shaped by the font module, as the paragraph engine would make it. */
static lay_run *mkrun(arena *a, font_set *fs, const char *t)
{
    font_glyph *g = NULL;
    int n = font_shape(fs, a, FONT_REGULAR, 12, t, strlen(t), &g);
    lay_run *r = ARENA_NEW(a, lay_run);
    uint32_t *cps = ARENA_NEWN(a, uint32_t, (size_t)n);
    float *xs = ARENA_NEWN(a, float, (size_t)n);
    for (int i = 0; i < n; i++) {
        cps[i] = g[i].cp;
        xs[i] = g[i].x;
    }
    r->face = n ? g[0].face : 0;
    r->size = 12;
    r->n = n;
    r->cps = cps;
    r->xs = xs;
    r->width = n ? g[n - 1].x + g[n - 1].advance : 0;
    return r;
}

static void test_pdf(void)
{
    arena a;
    arena_init(&a);
    diag_ctx d;
    diag_init(&d, NULL);
    config cfg;
    config_defaults(&cfg);
    font_set *fs = font_set_load(&a, &d, &cfg, "..");
    CHECK(fs != NULL);
    if (!fs) {
        arena_free(&a);
        return;
    }
    lay_doc ld;
    memset(&ld, 0, sizeof ld);
    ld.width = 432, ld.height = 648, ld.fonts = fs, ld.title = "T\xc3\xa9st";
    ld.npages = 2;
    ld.pages = ARENA_NEWN(&a, lay_page, 2);
    for (int p = 0; p < 2; p++) {
        lay_page *pg = &ld.pages[p];
        pg->items = ARENA_NEWN(&a, lay_item, 4);
        pg->items[0].kind = LAY_TEXT;
        pg->items[0].run = mkrun(&a, fs, "AVAVA Wa To office");
        pg->items[0].nruns = 1;
        pg->items[0].x = 72, pg->items[0].y = 100;
        pg->items[1].kind = LAY_LINK;
        pg->items[1].x = 72, pg->items[1].y = 90, pg->items[1].w = 80, pg->items[1].h = 12;
        pg->items[1].dest_page = 1 - p;
        pg->items[2].kind = LAY_RULE;
        pg->items[2].x = 72, pg->items[2].y = 200, pg->items[2].w = 100;
        pg->items[2].thickness = 0.5f, pg->items[2].dest_page = -1;
        pg->nitems = 3;
        pg->label_style = p ? LAY_LABEL_ARABIC : LAY_LABEL_ROMAN;
        pg->label_value = 1;
    }
    lay_outline ol = {"Chapter", 0, 1, 100};
    ld.outline = &ol, ld.noutline = 1;
    book b;
    memset(&b, 0, sizeof b);
    b.arena = &a, b.diag = &d, b.modified = 1700000000;
    buf one = BUF_INIT, two = BUF_INIT;
    CHECK_INT(pdf_write(&b, &ld, &one), 0);
    CHECK_INT(pdf_write(&b, &ld, &two), 0);
    CHECK(one.len > 1000);
    CHECK(one.len > 8 && memcmp(one.data, "%PDF-1.4", 8) == 0);
    CHECK(one.len == two.len && memcmp(one.data, two.data, one.len) == 0);
    CHECK(memmem(one.data, one.len, "/ID [", 5) != NULL);
    CHECK(memmem(one.data, one.len, "/PageLabels", 11) != NULL);
    CHECK(memmem(one.data, one.len, "/Outlines", 9) != NULL);
    CHECK(memmem(one.data, one.len, "/Border [ 0 0 0 ]", 17) != NULL);
    CHECK_INT(d.errors, 0);
    /* the print preflight reads what was written: links and bookmarks fail it, the rest
     * passes; text pushed into the margins fails the margin checks */
    buf rep = BUF_INIT;
    CHECK(preflight_pdf((const unsigned char *)one.data, one.len, &rep) >= 3);
#define HAS(s) (memmem(rep.data, rep.len, s, strlen(s)) != NULL)
    CHECK(HAS("FAIL  no link annotations"));
    CHECK(HAS("FAIL  no bookmarks"));
    CHECK(HAS("FAIL  page count within"));
    CHECK(HAS("pass  page count is even (2)"));
    CHECK(HAS("pass  every font embedded"));
    CHECK(HAS("pass  inside margin"));
    CHECK(HAS("pass  outside, top and bottom"));
    buf_clear(&rep);
    ld.pages[1].items[0].x = 380; /* a verso: its inside edge is on the right */
    buf edge = BUF_INIT;
    CHECK_INT(pdf_write(&b, &ld, &edge), 0);
    preflight_pdf((const unsigned char *)edge.data, edge.len, &rep);
    CHECK(HAS("FAIL  inside margin"));
    CHECK(HAS("page 2)"));
    buf_clear(&rep);
    ld.pages[0].items[0].y = 12; /* into the top margin */
    buf_clear(&edge);
    CHECK_INT(pdf_write(&b, &ld, &edge), 0);
    preflight_pdf((const unsigned char *)edge.data, edge.len, &rep);
    CHECK(HAS("FAIL  outside, top and bottom"));
    CHECK_INT(preflight_pdf((const unsigned char *)"%PDF-1.4 garbage", 16, &rep), -1);
#undef HAS
    buf_free(&rep);
    buf_free(&edge);
    /* nothing to write: an error, reported */
    lay_doc empty;
    memset(&empty, 0, sizeof empty);
    empty.fonts = fs;
    buf three = BUF_INIT;
    CHECK_INT(pdf_write(&b, &empty, &three), -1);
    CHECK_INT(d.errors, 1);
    buf_free(&one);
    buf_free(&two);
    buf_free(&three);
    font_set_free(fs);
    arena_free(&a);
}

int main(void)
{
    test_plain();
    test_widow();
    test_flush();
    test_spread();
    test_heading();
    test_float();
    test_notes();
    test_split_note();
    test_edges();
    test_defer();
    test_pdf();
    return tap_done();
}
