/* test_break.c: the Knuth-Plass breaker on a synthetic measure (every character one unit
 * wide, a space one unit with stretch 1 and shrink 1/3, '|' a hyphenation point whose hyphen
 * is one unit), so expected lines are small and obvious; then the paragraph engine on real
 * fonts: measure never exceeded, forced breaks, superscripts, links, toy patterns. */
#include "layout.h"
#include "layout_break.h"
#include "tap.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- synthetic items --------------------------------------------------------------------- */

typedef struct toy {
    kp_item it[4096];
    int n;
    const char *text;
} toy;

static void toy_add(toy *t, int kind, float w, float y, float z, float p, int flags, int ref)
{
    kp_item *k = &t->it[t->n++];
    memset(k, 0, sizeof(*k));
    k->kind = (unsigned char)kind;
    k->width = w;
    k->stretch = y;
    k->shrink = z;
    k->penalty = p;
    k->flags = (unsigned char)flags;
    k->ref = ref;
}

/* Words of letters are boxes (one per fragment between '|'), spaces glue, '|' a flagged
 * discretionary penalty, '\n' a forced break. ref = offset in text. */
static void toy_build(toy *t, const char *text)
{
    t->n = 0;
    t->text = text;
    for (int i = 0; text[i];) {
        if (text[i] == ' ') {
            toy_add(t, KP_GLUE, 1, 1, 1.0f / 3, 0, 0, i);
            i++;
        } else if (text[i] == '|') {
            toy_add(t, KP_PENALTY, 1, 0, 0, 50, KP_F_HYPHEN | KP_F_DISC, i);
            i++;
        } else if (text[i] == '\n') {
            toy_add(t, KP_GLUE, 0, 0, 0, 0, KP_F_FIL, i);
            toy_add(t, KP_PENALTY, 0, 0, 0, -KP_INF, 0, i);
            i++;
        } else {
            int j = i;
            while (text[j] && text[j] != ' ' && text[j] != '|' && text[j] != '\n')
                j++;
            toy_add(t, KP_BOX, (float)(j - i), 0, 0, 0, 0, i);
            i = j;
        }
    }
    int len = (int)strlen(text);
    toy_add(t, KP_PENALTY, 0, 0, 0, KP_INF, 0, len);
    toy_add(t, KP_GLUE, 0, 0, 0, 0, KP_F_FIL, len);
    toy_add(t, KP_PENALTY, 0, 0, 0, -KP_INF, 0, len);
}

/* Breaks and renders the lines as "line1/line2/..." (a hyphen shown as '-'). */
static char *toy_break(toy *t, const kp_params *p, int *passes, float *maxw)
{
    static char out[8192];
    arena nodes, a;
    arena_init(&nodes);
    arena_init(&a);
    kp_line *ls = NULL;
    int nl = kp_break(t->it, t->n, p, &nodes, &a, &ls, passes);
    size_t o = 0;
    float mw = 0;
    for (int l = 0; l < nl; l++) {
        if (l)
            out[o++] = '/';
        int from = t->it[ls[l].start].ref;
        int to = t->it[ls[l].end].ref;
        for (int i = from; i < to; i++)
            if (t->text[i] != '|' && t->text[i] != '\n')
                out[o++] = t->text[i];
        if (t->it[ls[l].end].kind == KP_PENALTY && t->it[ls[l].end].width > 0)
            out[o++] = '-';
        if (ls[l].natural > mw)
            mw = ls[l].natural;
    }
    out[o] = '\0';
    if (maxw)
        *maxw = mw;
    arena_free(&nodes);
    arena_free(&a);
    return out;
}

static void test_simple(void)
{
    toy t;
    kp_params p;
    kp_defaults(&p, 7);
    toy_build(&t, "aaa bbb ccc ddd");
    CHECK_STR(toy_break(&t, &p, NULL, NULL), "aaa bbb/ccc ddd");
    kp_defaults(&p, 100);
    CHECK_STR(toy_break(&t, &p, NULL, NULL), "aaa bbb ccc ddd");
    /* a forced break */
    toy_build(&t, "aaa\nbbb ccc");
    CHECK_STR(toy_break(&t, &p, NULL, NULL), "aaa/bbb ccc");
    /* leading glue after a break is discarded */
    kp_defaults(&p, 7);
    toy_build(&t, "aaa bbb  ccc ddd");
    CHECK_STR(toy_break(&t, &p, NULL, NULL), "aaa bbb/ccc ddd");
}

/* Total fit looks ahead where first fit does not. */
static void test_total_fit(void)
{
    toy t;
    kp_params p;
    int passes = 0;
    /* first fit fills "ab abcde a" (10 of 13: badness 337) and the next lines; total fit
     * finds lines within the first pass's tolerance (badness <= 100) */
    kp_defaults(&p, 13);
    toy_build(&t, "ab abcde a abc a abcd abcd abcd abcdef");
    const char *r = toy_break(&t, &p, &passes, NULL);
    CHECK_STR(r, "ab abcde a abc/a abcd abcd/abcd abcdef");
    CHECK_INT(passes, 1);
    /* no line fits within tolerance: the final pass takes the least bad, "dddd ee" (the line
     * "dddd ee ff" is 10 > 9 even fully shrunk) */
    kp_defaults(&p, 9);
    toy_build(&t, "aaa bb cc dddd ee ff gggg");
    r = toy_break(&t, &p, &passes, NULL);
    CHECK_STR(r, "aaa bb cc/dddd ee/ff gggg");
    CHECK_INT(passes, 3);
}

static int count_adjacent_hyphens(const char *r)
{
    int n = 0;
    for (const char *s = r; (s = strstr(s, "-/")); s += 2) {
        const char *next = strchr(s + 2, '/');
        if (next && next[-1] == '-')
            n++;
    }
    return n;
}

/* A random paragraph of short words with hyphenation points. */
static void random_text(char *out, unsigned seed)
{
    size_t o = 0;
    for (int w = 0; w < 14; w++) {
        seed = seed * 1103515245u + 12345u;
        int parts = 1 + (int)((seed >> 16) % 3);
        for (int p = 0; p < parts; p++) {
            seed = seed * 1103515245u + 12345u;
            int len = 2 + (int)((seed >> 16) % 3);
            for (int k = 0; k < len; k++)
                out[o++] = (char)('a' + (w + k) % 26);
            if (p + 1 < parts)
                out[o++] = '|';
        }
        out[o++] = ' ';
    }
    out[o - 1] = '\0';
}

static void test_hyphen_rules(void)
{
    toy t;
    kp_params p;
    char text[512], a[8192];
    /* double_hyphen_demerits: find a paragraph where free hyphens give two hyphenated lines
     * in a row, then make that expensive: they must go */
    int found = 0;
    for (unsigned seed = 1; seed < 500 && !found; seed++) {
        random_text(text, seed);
        toy_build(&t, text);
        kp_defaults(&p, 10);
        p.pretolerance = -1;
        p.double_hyphen_demerits = 0;
        p.final_hyphen_demerits = 0;
        snprintf(a, sizeof(a), "%s", toy_break(&t, &p, NULL, NULL));
        if (count_adjacent_hyphens(a) == 0)
            continue;
        found = 1;
        p.double_hyphen_demerits = 1e12; /* more than an infinitely bad line (1e8) */
        CHECK_INT(count_adjacent_hyphens(toy_break(&t, &p, NULL, NULL)), 0);
    }
    CHECK(found);
    /* final_hyphen_demerits: likewise for a hyphen ending the second-last line */
    found = 0;
    for (unsigned seed = 1; seed < 500 && !found; seed++) {
        random_text(text, seed);
        toy_build(&t, text);
        kp_defaults(&p, 10);
        p.pretolerance = -1;
        p.final_hyphen_demerits = 0;
        snprintf(a, sizeof(a), "%s", toy_break(&t, &p, NULL, NULL));
        const char *last = strrchr(a, '/');
        if (!last || last[-1] != '-')
            continue;
        found = 1;
        p.final_hyphen_demerits = 1e12; /* more than an infinitely bad line (1e8) */
        const char *b = toy_break(&t, &p, NULL, NULL);
        last = strrchr(b, '/');
        CHECK(last && last[-1] != '-');
    }
    CHECK(found);

    /* the first pass does not hyphenate: lines that fit without hyphens stay whole */
    int passes = 0;
    kp_defaults(&p, 9);
    toy_build(&t, "aaaa bb|bb cccc dddd");
    CHECK_STR(toy_break(&t, &p, &passes, NULL), "aaaa bbbb/cccc dddd");
    CHECK_INT(passes, 1);
    /* but when it must, the second pass hyphenates (the hyphen counts in the width) */
    kp_defaults(&p, 10);
    toy_build(&t, "aaaa bbbb|bbbb cccc");
    CHECK_STR(toy_break(&t, &p, &passes, NULL), "aaaa bbbb-/bbbb cccc");
    CHECK_INT(passes, 2);
}

/* The longest run of hyphenated lines in a rendering (lines ending in '-' before a '/'). */
static int hyphen_run(const char *r)
{
    int run = 0, most = 0;
    for (const char *s = strchr(r, '/'); s; s = strchr(s + 1, '/')) {
        run = s > r && s[-1] == '-' ? run + 1 : 0;
        if (run > most)
            most = run;
    }
    return most;
}

/* hyphen_limit: however cheap hyphens are, never more than the limit in a row, in any pass;
 * with the limit at 0 the runs are as before */
static void test_hyphen_limit(void)
{
    toy t;
    kp_params p;
    char text[512];
    int found = 0;
    CHECK_INT(hyphen_run("ab-/cd-/ef"), 2);
    CHECK_INT(hyphen_run("ab-/cd/ef-/gh"), 1);
    for (unsigned seed = 1; seed < 400; seed++) {
        random_text(text, seed);
        toy_build(&t, text);
        for (int w = 8; w <= 12; w += 2) {
            kp_defaults(&p, w);
            p.pretolerance = -1;
            p.double_hyphen_demerits = 0;
            for (int k = 0; k < t.n; k++)
                if (t.it[k].kind == KP_PENALTY && (t.it[k].flags & KP_F_HYPHEN))
                    t.it[k].penalty = -200; /* hyphens are welcome */
            char free_r[8192];
            snprintf(free_r, sizeof(free_r), "%s", toy_break(&t, &p, NULL, NULL));
            if (hyphen_run(free_r) < 3)
                continue;
            found++;
            p.hyphen_limit = 2;
            CHECK(hyphen_run(toy_break(&t, &p, NULL, NULL)) <= 2);
            p.hyphen_limit = 1;
            CHECK(hyphen_run(toy_break(&t, &p, NULL, NULL)) <= 1);
            p.tolerance = 10; /* the final passes keep the limit too */
            CHECK(hyphen_run(toy_break(&t, &p, NULL, NULL)) <= 1);
        }
    }
    CHECK(found > 5);
    /* a limit leaves the breaks alone where they keep to it */
    kp_defaults(&p, 10);
    toy_build(&t, "aaaa bbbb|bbbb cccc");
    p.hyphen_limit = 1;
    CHECK_STR(toy_break(&t, &p, NULL, NULL), "aaaa bbbb-/bbbb cccc");
}

/* Font expansion: boxes with stretch and shrink take the same share of a line's slack as
 * the glue, up to their limit; the glue takes the rest, and the line is exact. */
static void test_expansion(void)
{
    toy t;
    kp_params p;
    kp_defaults(&p, 14);
    toy_build(&t, "aaaaaa bbbbbb cccccc dddddd");
    arena nodes, a;
    arena_init(&nodes);
    arena_init(&a);
    kp_line *ls = NULL;
    /* no expansion: "aaaaaa bbbbbb" is 13 of 14, the space stretches by 1 (ratio 1) */
    int nl = kp_break(t.it, t.n, &p, &nodes, &a, &ls, NULL);
    CHECK_INT(nl, 2);
    CHECK(ls[0].ratio > 0.99f && ls[0].ratio < 1.01f && ls[0].expand == 0);
    /* boxes may widen by 1/12 of themselves: 1 in all; glue 1: each takes half */
    for (int k = 0; k < t.n; k++)
        if (t.it[k].kind == KP_BOX)
            t.it[k].stretch = t.it[k].shrink = t.it[k].width / 12;
    nl = kp_break(t.it, t.n, &p, &nodes, &a, &ls, NULL);
    CHECK_INT(nl, 2);
    CHECK(ls[0].ratio > 0.49f && ls[0].ratio < 0.51f);
    CHECK(ls[0].expand > 0.49f && ls[0].expand < 0.51f);
    CHECK(ls[1].expand == 0 && ls[1].ratio == 0); /* the last line: fil */
    /* a very loose line: the boxes widen by all they may, the glue takes the rest */
    kp_defaults(&p, 17);
    nl = kp_break(t.it, t.n, &p, &nodes, &a, &ls, NULL);
    CHECK_INT(nl, 2);
    CHECK(ls[0].expand > 0.999f && ls[0].expand < 1.001f);
    CHECK(ls[0].ratio > 2.99f && ls[0].ratio < 3.01f); /* 17 - 13 - 1 */
    /* shrinking: both by the same ratio */
    kp_defaults(&p, 12.5);
    toy_build(&t, "aaaaaa bbbbbb");
    for (int k = 0; k < t.n; k++)
        if (t.it[k].kind == KP_BOX)
            t.it[k].stretch = t.it[k].shrink = t.it[k].width / 12;
    nl = kp_break(t.it, t.n, &p, &nodes, &a, &ls, NULL);
    CHECK_INT(nl, 1);
    /* 13 in 12.5: glue (1/3) and boxes (1) shrink by the same ratio, -0.5 / (4/3) */
    CHECK(ls[0].expand < -0.37f && ls[0].expand > -0.38f);
    CHECK(ls[0].ratio < -0.37f && ls[0].ratio > -0.38f);
    arena_free(&nodes);
    arena_free(&a);
}

static void test_overwide(void)
{
    toy t;
    kp_params p;
    kp_defaults(&p, 5);
    toy_build(&t, "aa bbbbbbbbbb cc");
    int passes = 0;
    float mw = 0;
    const char *r = toy_break(&t, &p, &passes, &mw);
    CHECK_STR(r, "aa/bbbbbbbbbb/cc"); /* the breaker alone cannot help: first fit, overfull */
    CHECK_INT(passes, 5);
    /* with emergency breaks (as layout_para inserts) the final pass uses them */
    toy_build(&t, "aa bbbbb");
    t.n -= 3;
    toy_add(&t, KP_PENALTY, 0, 0, 0, 5000, KP_F_EMERGENCY, 8);
    toy_add(&t, KP_BOX, 5, 0, 0, 0, 0, 8);
    /* fake text for rendering: second box stands for "ccccc" */
    t.text = "aa bbbbbccccc";
    toy_add(&t, KP_PENALTY, 0, 0, 0, KP_INF, 0, 13);
    toy_add(&t, KP_GLUE, 0, 0, 0, 0, KP_F_FIL, 13);
    toy_add(&t, KP_PENALTY, 0, 0, 0, -KP_INF, 0, 13);
    r = toy_break(&t, &p, &passes, &mw);
    CHECK_STR(r, "aa/bbbbb/ccccc");
    CHECK_INT(passes, 4); /* "aa" is too loose even with emergency stretch: any badness */
    CHECK(mw <= 5);
}

static void test_linear(void)
{
    /* 300k words: must be fast (the active list stays about one line long) */
    int nw = 300000;
    kp_item *it = malloc(sizeof(kp_item) * (size_t)(nw * 2 + 3));
    int n = 0;
    unsigned seed = 1;
    for (int w = 0; w < nw; w++) {
        seed = seed * 1103515245u + 12345u;
        memset(&it[n], 0, sizeof(kp_item) * 2);
        it[n].kind = KP_BOX;
        it[n].width = (float)(2 + (seed >> 16) % 9);
        n++;
        it[n].kind = KP_GLUE;
        it[n].width = 1;
        it[n].stretch = 1;
        it[n].shrink = 0.33f;
        n++;
    }
    n--;
    memset(&it[n], 0, sizeof(kp_item) * 3);
    it[n].kind = KP_PENALTY;
    it[n++].penalty = KP_INF;
    it[n].kind = KP_GLUE;
    it[n++].flags = KP_F_FIL;
    it[n].kind = KP_PENALTY;
    it[n++].penalty = -KP_INF;
    kp_params p;
    kp_defaults(&p, 60);
    arena nodes, a;
    arena_init(&nodes);
    arena_init(&a);
    kp_line *ls;
    clock_t t0 = clock();
    int nl = kp_break(it, n, &p, &nodes, &a, &ls, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(nl > 300000 * 7 / 60 / 2);
    CHECK(secs < 5);
    int bad = 0;
    for (int l = 0; l < nl; l++)
        if (ls[l].natural + ls[l].ratio * 0 > 60 * 1.2)
            bad++;
    CHECK_INT(bad, 0);
    printf("# kp_break: %d items, %d lines in %.3f s\n", n, nl, secs);
    arena_free(&nodes);
    arena_free(&a);
    free(it);
}

/* ---- the paragraph engine on real fonts -------------------------------------------------- */

static font_set *fs;
static arena A;
static diag_ctx D;

static para_span span(const char *text, font_style st, int flags)
{
    para_span s;
    memset(&s, 0, sizeof(s));
    s.text = text;
    s.len = text ? strlen(text) : 0;
    s.style = st;
    s.size = 10;
    s.flags = flags;
    return s;
}

static int max_extent_ok(const lay_line *ls, int n, float width)
{
    for (int l = 0; l < n; l++) {
        for (int r = 0; r < ls[l].nruns; r++) {
            const lay_run *ru = &ls[l].runs[r];
            if (ru->x < -0.001f || ru->x + ru->width > width + 0.01f)
                return 0;
        }
        if (ls[l].width > width + 0.01f)
            return 0;
    }
    return 1;
}

/* The text of a line, runs separated by a space when there is a gap between them. */
static const char *line_text(const lay_line *ln)
{
    static char out[4096];
    size_t o = 0;
    float end = 0;
    for (int r = 0; r < ln->nruns; r++) {
        const lay_run *ru = &ln->runs[r];
        if (r && ru->x - end > 0.5f && o < sizeof(out) - 1)
            out[o++] = ' ';
        for (int k = 0; k < ru->n && o < sizeof(out) - 5; k++) {
            char u[4];
            size_t ul = utf8_encode(ru->cps[k], u);
            memcpy(out + o, u, ul);
            o += ul;
        }
        end = ru->x + ru->width;
    }
    out[o] = '\0';
    return out;
}

static void test_para_basic(void)
{
    para_ctx *pc = para_ctx_new(&A, &D, fs, "en");
    const char *text =
        "In olden times when wishing still helped one, there lived a king whose daughters "
        "were all beautiful; and the youngest was so beautiful that the sun itself, which "
        "has seen so much, was astonished whenever it shone in her face.";
    para_span s = span(text, FONT_REGULAR, 0);
    para_opts o = {200, 12, 13, PARA_JUSTIFY, 1, 0, PARA_DIR_AUTO};
    lay_line *ls;
    int n = para_layout(pc, &A, &s, 1, &o, &ls);
    CHECK(n >= 3);
    CHECK(max_extent_ok(ls, n, 200));
    /* justified: every line but the last reaches the measure */
    for (int l = 0; l + 1 < n; l++)
        CHECK(ls[l].width > 199.9f && ls[l].width < 200.01f);
    CHECK(ls[n - 1].width < 199);
    /* font expansion: at most 2 %, and used */
    int expanded = 0;
    for (int l = 0; l < n; l++)
        for (int r = 0; r < ls[l].nruns; r++) {
            CHECK(ls[l].runs[r].expand >= -0.02f && ls[l].runs[r].expand <= 0.02f);
            expanded += ls[l].runs[r].expand != 0;
        }
    CHECK(expanded > 0);
    /* first-line indent */
    CHECK(ls[0].runs[0].x > 11.99f && ls[0].runs[0].x < 12.01f);
    CHECK(ls[1].runs[0].x == 0);
    CHECK(!strncmp(line_text(&ls[0]), "In olden", 8));
    /* ascent/descent from Noto Serif at 10 pt (1.069 em / 0.293 em) */
    CHECK(ls[0].ascent > 9 && ls[0].ascent < 12);
    CHECK(ls[0].descent > 2 && ls[0].descent < 4);

    /* centred and right: lines end inside, and the white space is split or left */
    o.align = PARA_CENTER;
    o.indent = 0;
    n = para_layout(pc, &A, &s, 1, &o, &ls);
    CHECK(max_extent_ok(ls, n, 200));
    float left = ls[0].runs[0].x, right = 200 - ls[0].width;
    CHECK(left > 0.5f && left - right < 0.01f && right - left < 0.01f);
    o.align = PARA_RIGHT;
    n = para_layout(pc, &A, &s, 1, &o, &ls);
    for (int l = 0; l < n; l++)
        CHECK(ls[l].width > 199.99f);
    o.align = PARA_LEFT;
    n = para_layout(pc, &A, &s, 1, &o, &ls);
    CHECK(ls[0].runs[0].x == 0);
    CHECK(max_extent_ok(ls, n, 200));
    para_ctx_free(pc);
}

static void test_para_overwide(void)
{
    para_ctx *pc = para_ctx_new(&A, &D, fs, "de");
    int w0 = D.warnings;
    static char word[10001];
    for (int i = 0; i < 10000; i++)
        word[i] = (char)('a' + i % 26);
    word[10000] = '\0';
    const char *url = "see https://example.com/a/very/long/path/Donaudampfschifffahrtsgesellschaft"
                      "skapitaenswitwenrentenversicherung/index.html now";
    para_span s[3] = {span("Before ", FONT_REGULAR, 0), span(word, FONT_REGULAR, 0),
                      span(url, FONT_MONO, SPAN_NOBREAK)};
    para_opts o = {150, 0, 13, PARA_JUSTIFY, 1, 0, PARA_DIR_AUTO};
    lay_line *ls;
    int n = para_layout(pc, &A, s, 3, &o, &ls);
    CHECK(n > 50);
    CHECK(max_extent_ok(ls, n, 150));
    CHECK(D.warnings > w0); /* D_WORD_TOO_WIDE */
    /* every character is drawn exactly once */
    int chars = 0;
    for (int l = 0; l < n; l++)
        for (int r = 0; r < ls[l].nruns; r++)
            chars += ls[l].runs[r].n;
    CHECK_INT(chars, 6 + 10000 + (int)strlen(url) - 2);
    /* narrow measure, wide first-line indent */
    o.width = 30;
    o.indent = 25;
    para_span t = span("Encyclopaedia wonderful", FONT_BOLD, 0);
    n = para_layout(pc, &A, &t, 1, &o, &ls);
    CHECK(max_extent_ok(ls, n, 30));
    para_ctx_free(pc);
}

static void test_para_features(void)
{
    para_ctx *pc = para_ctx_new(&A, &D, fs, "en");
    int w0 = D.warnings;
    CHECK_INT(para_ctx_set_patterns(pc, "fixtures/hyph/hyph_toy.dic"), 0);
    /* toy patterns: a1b c1d e1f g1h; the only legal points in "abcdefgh" are after c and e */
    para_span s = span("abcdefgh abcdefgh abcdefgh abcdefgh", FONT_REGULAR, 0);
    para_opts o = {80, 0, 13, PARA_LEFT, 1, 0, PARA_DIR_AUTO};
    lay_line *ls;
    int n = para_layout(pc, &A, &s, 1, &o, &ls);
    CHECK(max_extent_ok(ls, n, 80));
    int hyph = 0;
    for (int l = 0; l < n; l++) {
        const char *t = line_text(&ls[l]);
        size_t len = strlen(t);
        if (ls[l].hyphenated) {
            hyph++;
            CHECK(len >= 4 && t[len - 1] == '-' && (t[len - 2] == 'c' || t[len - 2] == 'e'));
        }
    }
    CHECK(hyph > 0);
    /* no hyphens in inline code */
    s.flags = SPAN_NOBREAK;
    n = para_layout(pc, &A, &s, 1, &o, &ls);
    for (int l = 0; l < n; l++)
        CHECK(!ls[l].hyphenated);
    /* no hyphens when the paragraph says so */
    s.flags = 0;
    o.hyphenate = 0;
    n = para_layout(pc, &A, &s, 1, &o, &ls);
    for (int l = 0; l < n; l++)
        CHECK(!ls[l].hyphenated);
    CHECK_INT(D.warnings, w0);

    /* soft hyphens: the only break points, drawn only when used */
    o.hyphenate = 1;
    o.width = 45;
    para_span sh = span("Super\xC2\xAD"
                        "cali\xC2\xAD"
                        "fragilistic",
                        FONT_REGULAR, 0);
    n = para_layout(pc, &A, &sh, 1, &o, &ls);
    CHECK(n >= 2);
    CHECK(ls[0].hyphenated);
    CHECK(!strcmp(line_text(&ls[0]), "Super-") || !strcmp(line_text(&ls[0]), "Supercali-"));
    o.width = 400;
    n = para_layout(pc, &A, &sh, 1, &o, &ls);
    CHECK_INT(n, 1);
    CHECK_STR(line_text(&ls[0]), "Supercalifragilistic");

    /* forced line breaks, superscripts, links, strike */
    doc_node target;
    memset(&target, 0, sizeof(target));
    para_span m[5] = {span("First line", FONT_REGULAR, 0), span(NULL, FONT_REGULAR, SPAN_LINEBREAK),
                      span("second", FONT_ITALIC, 0), span("12", FONT_REGULAR, SPAN_SUPER),
                      span(" link", FONT_BOLD, SPAN_STRIKE)};
    m[4].uri = "https://example.com/";
    m[3].dest = &target;
    o.width = 300;
    o.align = PARA_JUSTIFY;
    n = para_layout(pc, &A, m, 5, &o, &ls);
    CHECK_INT(n, 2);
    CHECK_STR(line_text(&ls[0]), "First line");
    CHECK_STR(line_text(&ls[1]), "second12 link");
    CHECK(ls[0].width < 100); /* a forced break leaves the line ragged */
    const lay_run *sup = NULL, *lnk = NULL;
    for (int r = 0; r < ls[1].nruns; r++) {
        if (ls[1].runs[r].cps[0] == '1')
            sup = &ls[1].runs[r];
        if (ls[1].runs[r].cps[0] == 'l')
            lnk = &ls[1].runs[r];
    }
    CHECK(sup && sup->y < -2 && sup->size < 8 && sup->dest == &target);
    CHECK(lnk && lnk->uri && !strcmp(lnk->uri, "https://example.com/") && lnk->strike);
    CHECK(sup && ls[1].ascent >= -sup->y + 0.6f * sup->size); /* the raised figures */

    /* pathological input: empty spans, only spaces, repaired UTF-8, control characters */
    para_span e[3] = {span("", FONT_REGULAR, 0), span("   ", FONT_REGULAR, 0),
                      span(NULL, FONT_REGULAR, 0)};
    CHECK_INT(para_layout(pc, &A, e, 3, &o, &ls), 0);
    para_span bad = span("a\xEF\xBF\xBD b\x01\tc\xE2\x80\x8B"
                         "d",
                         FONT_REGULAR, 0);
    n = para_layout(pc, &A, &bad, 1, &o, &ls);
    CHECK_INT(n, 1);
    para_span bad2 = span("\xff\xfe broken \xc3", FONT_REGULAR, 0);
    n = para_layout(pc, &A, &bad2, 1, &o, &ls);
    CHECK_INT(n, 1);
    para_ctx_free(pc);
}

static void test_para_fallback_line(void)
{
    para_ctx *pc = para_ctx_new(&A, &D, fs, "en");
    para_span s = span("Hamh\xC5\xADng (\xED\x95\xA8\xED\x9D\xA5)", FONT_ITALIC, 0);
    para_opts o = {300, 0, 13, PARA_JUSTIFY, 1, 0, PARA_DIR_AUTO};
    lay_line *ls;
    int n = para_layout(pc, &A, &s, 1, &o, &ls);
    CHECK_INT(n, 1);
    CHECK_STR(line_text(&ls[0]), "Hamh\xC5\xADng (\xED\x95\xA8\xED\x9D\xA5)");
    int italic = font_style_face(fs, FONT_ITALIC), hangul = -1;
    for (int r = 0; r < ls[0].nruns; r++)
        if (ls[0].runs[r].cps[0] == 0xD568)
            hangul = ls[0].runs[r].face;
    CHECK(hangul >= 0 && hangul != italic);
    CHECK(strstr(font_face_path(fs, hangul), "Nanum") != NULL);
    CHECK_INT(ls[0].runs[0].face, italic);
    para_ctx_free(pc);
}

/* Capitalised words (names) are hyphenated only where nothing else fits, unless the book
 * asks for it (hyphenate-capitalized). Toy patterns: a1b c1d e1f g1h. */
static void test_para_caps(void)
{
    para_ctx *pc = para_ctx_new(&A, &D, fs, "en");
    CHECK_INT(para_ctx_set_patterns(pc, "fixtures/hyph/hyph_toy.dic"), 0);
    para_span s = span("Abcdefgh Abcdefgh Abcdefgh Abcdefgh", FONT_REGULAR, 0);
    para_opts o = {80, 0, 13, PARA_LEFT, 1, 1, PARA_DIR_AUTO};
    lay_line *ls;
    int n = para_layout(pc, &A, &s, 1, &o, &ls), hyph = 0;
    for (int l = 0; l < n; l++)
        hyph += ls[l].hyphenated;
    CHECK(hyph > 0); /* asked for: as any other word */
    /* avoidable (whole names fit within the tolerance): none */
    o.hyphenate_caps = 0;
    for (o.width = 60; o.width <= 100; o.width += 40) {
        n = para_layout(pc, &A, &s, 1, &o, &ls);
        hyph = 0;
        for (int l = 0; l < n; l++)
            hyph += ls[l].hyphenated;
        CHECK_INT(hyph, 0);
    }
    /* unavoidable: a name wider than the measure breaks at its points, not anywhere */
    para_span w = span("Abcdefghabcdefgh", FONT_REGULAR, 0);
    o.width = 50;
    n = para_layout(pc, &A, &w, 1, &o, &ls);
    CHECK(n >= 2 && ls[0].hyphenated);
    const char *t = line_text(&ls[0]);
    size_t len = strlen(t);
    CHECK(len >= 2 && t[len - 1] == '-' && strchr("ceg", t[len - 2]) != NULL);
    CHECK(max_extent_ok(ls, n, 50));
    para_ctx_free(pc);
}

static int is_syllable(uint32_t c)
{
    return c >= 0xAC00 && c <= 0xD7A3;
}

/* Korean inside English lines: a Korean word is one unit (CSS word-break: keep-all), broken
 * only at spaces and never stretched inside. */
static void test_para_keep_all(void)
{
    para_ctx *pc = para_ctx_new(&A, &D, fs, "en");
    const char *text = "The line (\xED\x8F\x89\xEB\x9D\xBC\xEC\x84\xA0) runs to "
                       "\xED\x95\xA8\xED\x9D\xA5\xEB\x8C\x80\xEA\xB7\xB9\xEC\x9E\xA5 and on "
                       "past the \xEC\x84\xB1\xEC\xB2\x9C\xEA\xB0\x95 river to the sea, "
                       "\xEC\xA1\xB0\xEC\x84\xA0\xEC\xB2\xA0\xEB\x8F\x84 and all.";
    para_span s = span(text, FONT_REGULAR, 0);
    for (float width = 60; width <= 200; width += 7) {
        para_opts o = {width, 0, 13, PARA_JUSTIFY, 1, 0, PARA_DIR_AUTO};
        lay_line *ls;
        int n = para_layout(pc, &A, &s, 1, &o, &ls);
        CHECK(max_extent_ok(ls, n, width));
        uint32_t prev_last = 0;
        for (int l = 0; l < n; l++) {
            const lay_line *ln = &ls[l];
            for (int r = 0; r < ln->nruns; r++) {
                const lay_run *ru = &ln->runs[r];
                /* a line break never falls inside a Korean word */
                if (r == 0)
                    CHECK(!is_syllable(prev_last) || !is_syllable(ru->cps[0]));
                if (r == ln->nruns - 1)
                    prev_last = ru->cps[ru->n - 1];
                /* its syllables sit at their natural advances, in one run */
                if (is_syllable(ru->cps[0])) {
                    CHECK(ru->n >= 3);
                    for (int k = 2; k < ru->n; k++) {
                        float d = (ru->xs[k] - ru->xs[k - 1]) - (ru->xs[1] - ru->xs[0]);
                        CHECK(d > -0.01f && d < 0.01f);
                    }
                }
            }
        }
    }
    para_ctx_free(pc);
}

/* Kinsoku (JIS X 4051, CLREQ): in Japanese and Chinese no line starts with closing
 * punctuation, a full stop or comma, an ellipsis or a middle dot, and none ends with opening
 * punctuation, at any measure (UAX #14's classes CL, CP, IN, NS, EX, IS, OP through
 * libunibreak). */
static int kinsoku_no_start(uint32_t c)
{
    static const uint32_t set[] = {0x3002, 0x3001, 0x300D, 0xFF09, 0x2026, 0xFF0C, 0xFF0E,
                                   0xFF01, 0xFF1F, 0x300F, 0x3011, 0x3009, 0x300B, 0x30FB,
                                   0xFF1A, 0xFF1B, 0x3005, 0x30FC, 0x3063, 0x3083};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

static int kinsoku_no_end(uint32_t c)
{
    return c == 0x300C || c == 0xFF08 || c == 0x300E || c == 0x3010 || c == 0x3008 || c == 0x300A;
}

static void test_para_kinsoku(void)
{
    static const struct {
        const char *lang, *text;
    } texts[] = {
        {"ja",
         "\xE5\x90\xBE\xE8\xBC\xA9\xE3\x81\xAF\xE7\x8C\xAB\xE3\x81\xA7\xE3\x81\x82\xE3\x82\x8B"
         "\xE3\x80\x82\xE5\x90\x8D\xE5\x89\x8D\xE3\x81\xAF\xE3\x81\xBE\xE3\x81\xA0"
         "\xE7\x84\xA1\xE3\x81\x84\xE3\x80\x82\xE3\x80\x8C\xE3\x81\xA9\xE3\x81\x93"
         "\xE3\x81\xA7\xE7\x94\x9F\xE3\x82\x8C\xE3\x81\x9F\xE3\x81\x8B\xE3\x80\x81"
         "\xE3\x81\xA8\xE3\x82\x93\xE3\x81\xA8\xE8\xA6\x8B\xE5\xBD\x93\xEF\xBC\x88"
         "\xE3\x81\x91\xE3\x82\x93\xE3\x81\xA8\xE3\x81\x86\xEF\xBC\x89\xE3\x81\x8C"
         "\xE3\x81\xA4\xE3\x81\x8B\xE3\x81\xAC\xE2\x80\xA6\xE2\x80\xA6\xE3\x80\x8D"
         "\xE3\x81\xA8\xE6\x80\x9D\xE3\x81\xA3\xE3\x81\x9F\xE3\x80\x82\xE3\x80\x8E"
         "\xE7\x8C\xAB\xE3\x80\x8F\xE3\x80\x81\xE3\x80\x8C\xE7\x8A\xAC\xE3\x80\x8D"
         "\xE3\x80\x81\xE3\x80\x8C\xE9\xB3\xA5\xE3\x80\x8D\xE3\x80\x82\xE4\xBA\xBA"
         "\xE3\x80\x85\xE3\x81\xAF\xE3\x83\x8B\xE3\x83\xA3\xE3\x83\xBC\xE3\x83\x8B"
         "\xE3\x83\xA3\xE3\x83\xBC\xE3\x81\xA8\xE8\xA8\x80\xE3\x81\xA3\xE3\x81\x9F"
         "\xEF\xBC\x81\xE6\x9C\xAC\xE5\xBD\x93\xEF\xBC\x9F\xE3\x80\x82"},
        {"zh", "\xE4\xBB\x96\xE8\xAF\xB4\xEF\xBC\x9A\xE2\x80\x9C\xE6\x88\x91\xE4\xBB\xAC"
               "\xE8\xB5\xB0\xE5\x90\xA7\xE3\x80\x82\xE2\x80\x9D\xE5\xA5\xB9\xE6\xB2\xA1"
               "\xE6\x9C\x89\xE5\x9B\x9E\xE7\xAD\x94\xEF\xBC\x8C\xE5\x8F\xAA\xE6\x98\xAF"
               "\xE7\xAC\x91\xE4\xBA\x86\xE7\xAC\x91\xEF\xBC\x88\xE5\xBE\x88\xE8\xBD\xBB"
               "\xEF\xBC\x89\xE2\x80\xA6\xE2\x80\xA6\xE3\x80\x8A\xE7\xBA\xA2\xE6\xA5\xBC"
               "\xE6\xA2\xA6\xE3\x80\x8B\xE3\x80\x81\xE3\x80\x8A\xE8\xA5\xBF\xE6\xB8\xB8"
               "\xE8\xAE\xB0\xE3\x80\x8B\xE9\x83\xBD\xE6\x98\xAF\xE5\xA5\xBD\xE4\xB9\xA6"
               "\xEF\xBC\x81\xE7\x9C\x9F\xE7\x9A\x84\xE5\x90\x97\xEF\xBC\x9F\xE6\x98\xAF"
               "\xE7\x9A\x84\xE3\x80\x82"},
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        para_ctx *pc = para_ctx_new(&A, &D, fs, texts[t].lang);
        para_span s = span(texts[t].text, FONT_REGULAR, 0);
        int lines = 0;
        /* from 4.5 em: the longest run that may not be broken (「鳥」。, ぬ……」) is 4 em;
         * narrower measures break it anywhere, with a warning */
        for (float width = 45; width <= 160; width += 3) {
            for (int just = 0; just < 2; just++) {
                para_opts o = {width, 0, 13, just ? PARA_JUSTIFY : PARA_LEFT, 1, 0, PARA_DIR_AUTO};
                lay_line *ls;
                int n = para_layout(pc, &A, &s, 1, &o, &ls);
                CHECK(max_extent_ok(ls, n, width));
                for (int l = 0; l < n; l++) {
                    const lay_line *ln = &ls[l];
                    if (ln->nruns == 0)
                        continue;
                    uint32_t first = ln->runs[0].cps[0];
                    const lay_run *lr = &ln->runs[ln->nruns - 1];
                    uint32_t last = lr->cps[lr->n - 1];
                    int zh = !strcmp(texts[t].lang, "zh"); /* “…” are brackets there */
                    if (l > 0 && (kinsoku_no_start(first) || (zh && first == 0x201D))) {
                        printf("# %s width %.0f line %d starts with U+%04X: %s\n", texts[t].lang,
                               width, l, (unsigned)first, line_text(ln));
                        CHECK(0);
                    }
                    if (l + 1 < n && (kinsoku_no_end(last) || (zh && last == 0x201C))) {
                        printf("# %s width %.0f line %d ends with U+%04X: %s\n", texts[t].lang,
                               width, l, (unsigned)last, line_text(ln));
                        CHECK(0);
                    }
                }
                lines += n;
            }
        }
        CHECK(lines > 150); /* narrow measures: many breaks were tried */
        para_ctx_free(pc);
    }
}

static void test_no_patterns(void)
{
    diag_ctx d;
    diag_init(&d, NULL);
    para_ctx *pc = para_ctx_new(&A, &d, fs, "xx-QQ");
    para_span s = span("hyphenation everywhere", FONT_REGULAR, 0);
    para_opts o = {80, 0, 13, PARA_JUSTIFY, 1, 0, PARA_DIR_AUTO};
    lay_line *ls;
    para_layout(pc, &A, &s, 1, &o, &ls);
    para_layout(pc, &A, &s, 1, &o, &ls);
    CHECK_INT(d.warnings, 1); /* D_HYPH_NO_PATTERNS, once */
    para_ctx_free(pc);
}

static void test_para_big(void)
{
    /* a 1 MB paragraph must be quick (the 5 MB timing is in the report) */
    const char *w = "The quick brown fox jumps over the lazy dog, and hyphenation happens "
                    "sometimes in paragraphs; ";
    size_t wl = strlen(w), n = 0, target = 1 << 20;
    char *t = malloc(target + wl + 1);
    while (n < target) {
        memcpy(t + n, w, wl);
        n += wl;
    }
    t[n] = '\0';
    para_ctx *pc = para_ctx_new(&A, &D, fs, "en");
    para_span s = span(t, FONT_REGULAR, 0);
    para_opts o = {300, 15, 13, PARA_JUSTIFY, 1, 0, PARA_DIR_AUTO};
    arena out;
    arena_init(&out);
    lay_line *ls;
    clock_t t0 = clock();
    int nl = para_layout(pc, &out, &s, 1, &o, &ls);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("# para_layout: 1 MB paragraph, %d lines in %.3f s\n", nl, secs);
    CHECK(nl > 10000);
    CHECK(secs < 10);
    CHECK(max_extent_ok(ls, nl, 300));
    arena_free(&out);
    para_ctx_free(pc);
    free(t);
}

int main(void)
{
    test_simple();
    test_total_fit();
    test_hyphen_rules();
    test_hyphen_limit();
    test_expansion();
    test_overwide();
    test_linear();

    arena_init(&A);
    diag_init(&D, NULL);
    fs = font_set_load(&A, &D, NULL, NULL);
    CHECK(fs != NULL);
    if (fs) {
        test_para_basic();
        test_para_overwide();
        test_para_features();
        test_para_fallback_line();
        test_para_caps();
        test_para_keep_all();
        test_para_kinsoku();
        test_no_patterns();
        test_para_big();
        font_set_free(fs);
    }
    arena_free(&A);
    return tap_done();
}
