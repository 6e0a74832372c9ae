/* test_paracache.c: the session's paragraph cache (paracache.c) through para_layout. A cached
 * paragraph must come back exactly as a fresh para_layout sets it (every line, run, glyph and
 * position), with links and destinations taken from the spans of the call, mark the same
 * glyphs used (equal font subsets), be keyed by everything that changes the result, and never
 * swallow a message (paragraphs that warn are not stored). Uses the bundled fonts. */
#include "layout.h"
#include "paracache.h"
#include "tap.h"

#include <string.h>

static const char text[] =
    "The old harbour faces the quiet station across the northern plateau, while each "
    "careful traveller slowly recalls the distant village; this sentence is long enough to "
    "need hyphenation and several lines at a narrow measure, with kerning: AVAWAY To Te.";

static int same_lines(const lay_line *x, int nx, const lay_line *y, int ny)
{
    if (nx != ny)
        return 0;
    for (int l = 0; l < nx; l++) {
        const lay_line *a = &x[l], *b = &y[l];
        if (a->width != b->width || a->ascent != b->ascent || a->descent != b->descent ||
            a->nruns != b->nruns || a->hyphenated != b->hyphenated)
            return 0;
        for (int r = 0; r < a->nruns; r++) {
            const lay_run *p = &a->runs[r], *q = &b->runs[r];
            if (p->face != q->face || p->size != q->size || p->x != q->x || p->y != q->y ||
                p->n != q->n || p->width != q->width || p->uri != q->uri || p->dest != q->dest ||
                p->strike != q->strike || memcmp(p->cps, q->cps, sizeof(uint32_t) * p->n) ||
                memcmp(p->xs, q->xs, sizeof(float) * p->n))
                return 0;
        }
    }
    return 1;
}

static void spans3(para_span *sp, const char *uri, const doc_node *dest)
{
    memset(sp, 0, sizeof(para_span) * 3);
    sp[0] = (para_span){text, 100, FONT_REGULAR, 10, 0, NULL, NULL, NULL, NULL, 0, 0, 0};
    sp[1] = (para_span){text + 100, 40, FONT_ITALIC, 10, 0, uri, dest, NULL, NULL, 0, 0, 0};
    sp[2] = (para_span){
        text + 140, strlen(text) - 140, FONT_REGULAR, 10, 0, NULL, NULL, NULL, NULL, 0, 0, 0};
}

static void test_same_as_fresh(void)
{
    arena a, out;
    arena_init(&a);
    arena_init(&out);
    diag_ctx d;
    diag_init(&d, NULL);
    font_set *fresh_fs = font_set_load(&a, &d, NULL, "/nonexistent");
    font_set *warm_fs = font_set_load(&a, &d, NULL, "/nonexistent");
    font_set *hit_fs = font_set_load(&a, &d, NULL, "/nonexistent");
    CHECK(fresh_fs && warm_fs && hit_fs);
    if (!fresh_fs || !warm_fs || !hit_fs)
        return;
    doc_node n1, n2;
    para_span sp[3];
    para_opts o = {140, 12, 13, PARA_JUSTIFY, 1, 0, PARA_DIR_AUTO};

    para_ctx *fresh = para_ctx_new(&a, &d, fresh_fs, "en");
    spans3(sp, "https://a.example/", &n1);
    lay_line *want;
    int nwant = para_layout(fresh, &out, sp, 3, &o, &want);
    CHECK(nwant > 3);

    pcache *c = pcache_new();
    pcache_begin(c, "fonts");
    para_ctx *warm = para_ctx_new(&a, &d, warm_fs, "en");
    para_ctx_set_cache(warm, c);
    lay_line *got;
    int ngot = para_layout(warm, &out, sp, 3, &o, &got);
    CHECK(same_lines(got, ngot, want, nwant)); /* a miss is a fresh layout */
    CHECK_INT(pcache_get_stats(c).misses, 1);
    pcache_sweep(c);

    /* the next build: new font set, new tree (other link pointers), same text */
    pcache_begin(c, "fonts");
    para_ctx *hit = para_ctx_new(&a, &d, hit_fs, "en");
    para_ctx_set_cache(hit, c);
    spans3(sp, "https://a.example/", &n2);
    ngot = para_layout(hit, &out, sp, 3, &o, &got);
    CHECK_INT(pcache_get_stats(c).hits, 1);
    int linked = 0;
    for (int l = 0; l < ngot; l++)
        for (int r = 0; r < got[l].nruns; r++)
            if (got[l].runs[r].dest) {
                linked++;
                CHECK(got[l].runs[r].dest == &n2);
                CHECK_STR(got[l].runs[r].uri, "https://a.example/");
            }
    CHECK(linked > 0);
    /* with the same destinations, identical to the fresh layout */
    spans3(sp, "https://a.example/", &n1);
    ngot = para_layout(hit, &out, sp, 3, &o, &got);
    CHECK(same_lines(got, ngot, want, nwant));
    CHECK_INT(pcache_get_stats(c).hits, 2);

    /* the same glyphs were marked used: equal subsets */
    for (int f = 0; f < font_face_count(fresh_fs); f++) {
        buf x = BUF_INIT, y = BUF_INIT;
        int rx = font_subset(fresh_fs, f, &x), ry = font_subset(hit_fs, f, &y);
        CHECK_INT(rx, ry);
        CHECK(x.len == y.len && (x.len == 0 || memcmp(x.data, y.data, x.len) == 0));
        buf_free(&x);
        buf_free(&y);
    }

    /* everything that changes the result changes the key */
    para_opts o2 = o;
    o2.width = 150;
    para_layout(hit, &out, sp, 3, &o2, &got);
    o2 = o;
    o2.hyphenate = 0;
    para_layout(hit, &out, sp, 3, &o2, &got);
    sp[1].style = FONT_BOLD;
    para_layout(hit, &out, sp, 3, &o, &got);
    spans3(sp, "https://b.example/", &n1);
    para_layout(hit, &out, sp, 3, &o, &got);
    spans3(sp, NULL, &n1);
    sp[2].size = 11;
    para_layout(hit, &out, sp, 3, &o, &got);
    CHECK_INT(pcache_get_stats(c).hits, 2);
    CHECK_INT(pcache_get_stats(c).misses, 5);

    /* other fonts: a new key empties the cache */
    pcache_sweep(c);
    pcache_begin(c, "other fonts");
    spans3(sp, "https://a.example/", &n1);
    para_layout(hit, &out, sp, 3, &o, &got);
    CHECK_INT(pcache_get_stats(c).hits, 0);

    para_ctx_free(fresh);
    para_ctx_free(warm);
    para_ctx_free(hit);
    pcache_free(c);
    font_set_free(fresh_fs);
    font_set_free(warm_fs);
    font_set_free(hit_fs);
    arena_free(&out);
    arena_free(&a);
}

static void test_messages_not_cached(void)
{
    arena a, out;
    arena_init(&a);
    arena_init(&out);
    diag_ctx d;
    diag_init(&d, NULL);
    font_set *fs = font_set_load(&a, &d, NULL, "/nonexistent");
    CHECK(fs != NULL);
    if (!fs)
        return;
    pcache *c = pcache_new();
    static const char wide[] = "Supercalifragilisticexpialidocious is too wide.";
    para_span sp = {
        wide, sizeof(wide) - 1, FONT_REGULAR, 10, SPAN_NOBREAK, NULL, NULL, NULL, NULL, 0, 0, 0};
    para_opts o = {40, 0, 12, PARA_LEFT, 0, 0, PARA_DIR_AUTO};
    for (int round = 0; round < 2; round++) {
        pcache_begin(c, "fonts");
        para_ctx *pc = para_ctx_new(&a, &d, fs, "en");
        para_ctx_set_cache(pc, c);
        int before = d.warnings;
        lay_line *ls;
        para_layout(pc, &out, &sp, 1, &o, &ls);
        CHECK_INT(d.warnings - before, 1); /* the too-wide word, every time */
        para_ctx_free(pc);
        pcache_sweep(c);
    }
    CHECK_INT(pcache_get_stats(c).entries, 0);
    pcache_free(c);
    font_set_free(fs);
    arena_free(&out);
    arena_free(&a);
}

/* A paragraph set ahead with a fork of the font set (layout_preset.c) and lent to the cache:
 * the first lookup gets the very lines, as a fresh layout sets them, with the spans' links,
 * marks the same glyphs used in its own font set (the fork's marks reach nobody) and empties
 * the entry; a second lookup misses. */
static void test_lent(void)
{
    arena a, out, lent;
    arena_init(&a);
    arena_init(&out);
    arena_init(&lent);
    diag_ctx d;
    diag_init(&d, NULL);
    font_set *fresh_fs = font_set_load(&a, &d, NULL, "/nonexistent");
    font_set *main_fs = font_set_load(&a, &d, NULL, "/nonexistent");
    CHECK(fresh_fs && main_fs);
    if (!fresh_fs || !main_fs)
        return;
    font_set *fork = font_set_fork(main_fs);
    doc_node n1;
    memset(&n1, 0, sizeof n1);
    para_span sp[3];
    spans3(sp, "https://a.example/", &n1);
    para_opts o = {120, 10, 12, PARA_JUSTIFY, 1, 1, PARA_DIR_AUTO};
    para_ctx *fresh = para_ctx_new(&a, &d, fresh_fs, "en");
    lay_line *want;
    int nwant = para_layout(fresh, &out, sp, 3, &o, &want);
    CHECK(nwant > 3);
    pcache *c = pcache_new();
    para_ctx *setter = para_ctx_new(&a, &d, fork, "en");
    para_ctx_set_cache(setter, c);
    para_ctx_set_cache_mode(setter, PARA_CACHE_LEND);
    lay_line *set;
    int nset = para_layout(setter, &lent, sp, 3, &o, &set);
    CHECK(same_lines(set, nset, want, nwant));
    CHECK_INT(pcache_get_stats(c).entries, 1);
    para_ctx *pages = para_ctx_new(&a, &d, main_fs, "en");
    para_ctx_set_cache(pages, c);
    para_ctx_set_cache_mode(pages, PARA_CACHE_LOOKUP);
    lay_line *got;
    int ngot = para_layout(pages, &out, sp, 3, &o, &got);
    CHECK(got == set); /* handed over, not copied */
    CHECK(same_lines(got, ngot, want, nwant));
    CHECK_INT(pcache_get_stats(c).hits, 1);
    CHECK_INT(pcache_get_stats(c).entries, 0);
    for (int f = 0; f < font_face_count(main_fs); f++) {
        buf x = BUF_INIT, y = BUF_INIT;
        int rx = font_subset(fresh_fs, f, &x), ry = font_subset(main_fs, f, &y);
        CHECK_INT(rx, ry);
        CHECK(x.len == y.len && (x.len == 0 || memcmp(x.data, y.data, x.len) == 0));
        buf_free(&x);
        buf_free(&y);
    }
    ngot = para_layout(pages, &out, sp, 3, &o, &got); /* set again: stored nowhere */
    CHECK(same_lines(got, ngot, want, nwant));
    CHECK_INT(pcache_get_stats(c).entries, 0);
    para_ctx_free(fresh);
    para_ctx_free(setter);
    para_ctx_free(pages);
    pcache_free(c);
    font_set_free(fork);
    font_set_free(fresh_fs);
    font_set_free(main_fs);
    arena_free(&lent);
    arena_free(&out);
    arena_free(&a);
}

int main(void)
{
    test_same_as_fresh();
    test_messages_not_cached();
    test_lent();
    return tap_done();
}
