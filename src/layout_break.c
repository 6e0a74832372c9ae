/* layout_break.c: Knuth-Plass total-fit line breaking, after TeX §813-890.
 *
 * Design. The paragraph is a list of boxes, glue and penalties. A legal breakpoint is a
 * penalty below KP_INF, or glue right after a box. The breaker walks the breakpoints once per
 * pass keeping a list of active nodes: earlier breaks from which a line could still reach the
 * current point. For each active node it measures the line with prefix sums of width, stretch
 * and shrink (O(1) per pair), computes TeX's badness and fitness class, and remembers the best
 * predecessor per fitness class; the winners become new active nodes. A node is deactivated
 * when the line from it no longer fits even fully shrunk, so the active list only spans about
 * one line of breakpoints (times four fitness classes): the work is linear in the paragraph
 * for any length. Passes as in TeX: first without hyphenation at pretolerance, then with
 * hyphenation at tolerance, then at tolerance with emergency stretch, letting emergency breaks
 * (last-resort hyphens, character breaks inside words wider than the measure) in; and a final
 * pass with no tolerance at all and no extra stretch. Nodes live in
 * a scratch arena reset per pass; only the chosen chain of breaks is copied out.
 *
 * Hyphens in a row. TeX only charges \doublehyphendemerits for two hyphenated lines in a row,
 * so a paragraph that is tight enough still gets three or more. Here every active node also
 * counts the hyphenated lines that end in a row at it (its "run"), and a flagged break after
 * a node whose run has reached hyphen_limit is not feasible, in every pass. The run is part of
 * a node's state beside its fitness class: the best predecessor is kept per (fitness, run),
 * since a cheaper chain that has used up its hyphens must not hide a dearer one that has not.
 * Unflagged breaks reset the run to 0, so only flagged breaks make up to hyphen_limit extra
 * nodes. */
#include "layout_break.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* TeX's fitness classes (§817). */
enum {
    FIT_VERY_LOOSE = 0, /* lines stretched more than their stretchability */
    FIT_LOOSE = 1,      /* lines stretched between half and all of their stretchability */
    FIT_DECENT = 2,     /* lines set between half shrink and half stretch */
    FIT_TIGHT = 3,      /* lines shrunk by more than half their shrinkability */
    FIT_COUNT = 4
};

#define INF_BAD   10000.0 /* TeX's inf_bad: badness of a line that cannot be stretched enough */
#define AWFUL_BAD 1e30    /* larger than any real demerits */

void kp_defaults(kp_params *p, double width)
{
    memset(p, 0, sizeof(*p));
    p->width = width;
    p->first_width = width;
    p->line_stretch = 0;
    p->pretolerance = 100; /* plain TeX \pretolerance */
    p->tolerance = 200;    /* plain TeX \tolerance */
    p->emergency_stretch = 0.1 * width;
    p->line_penalty = 10; /* plain TeX \linepenalty */
    p->double_hyphen_demerits = 10000;
    p->final_hyphen_demerits = 5000;
    p->adj_demerits = 10000;
    p->hyphen_limit = 0;
}

/* The most hyphenated lines in a row the breaker keeps apart as states. */
#define RUN_MAX 8

typedef struct kp_node {
    int pos;              /* item index of the break; -1 for the paragraph start */
    int start;            /* first item of the line that follows this break */
    int line;             /* number of lines ending at this break */
    int fitness;          /* of the line ending here */
    int hyphenated;       /* the break is a flagged penalty */
    int run;              /* hyphenated lines in a row ending here (0 when not hyphenated) */
    float ratio;          /* glue setting of the line ending here */
    double total;         /* total demerits up to here */
    struct kp_node *prev; /* the break before (the chain back to the start) */
    struct kp_node *next; /* the next active node */
} kp_node;

typedef struct kp_sums {
    double *w, *y, *z; /* width, stretch, shrink of items [0, i) (glue and boxes) */
    double *by, *bz;   /* the boxes' share of y and z (font expansion) */
    int *fil;          /* fil glue count of items [0, i) */
} kp_sums;

/* Badness of stretching or shrinking by ratio r (TeX §108: about 100 r^3, capped). */
static double badness(double r)
{
    if (r < 0)
        r = -r;
    double b = 100.0 * r * r * r;
    return b > INF_BAD ? INF_BAD : b;
}

static int is_legal_break(const kp_item *items, int i)
{
    const kp_item *it = &items[i];
    if (it->kind == KP_PENALTY)
        return it->penalty < KP_INF;
    if (it->kind == KP_GLUE)
        return i > 0 && items[i - 1].kind == KP_BOX;
    return 0;
}

/* The first item of the line after a break at pos: glue and penalties after it are discarded
 * up to the next box or forced break (TeX §879). */
static int line_start_after(const kp_item *items, int n, int pos)
{
    int i = pos + 1;
    while (i < n && items[i].kind != KP_BOX &&
           !(items[i].kind == KP_PENALTY && items[i].penalty <= -KP_INF))
        i++;
    return i;
}

/* Measures the line from node a to a break at b: natural width, ratio and badness. */
static void measure(const kp_item *items, const kp_sums *s, const kp_params *p, double extra,
                    const kp_node *a, int b, double *natural, double *ratio, double *bad)
{
    double L = s->w[b] - s->w[a->start];
    double Y = s->y[b] - s->y[a->start] + p->line_stretch + extra;
    double Z = s->z[b] - s->z[a->start];
    if (items[b].kind == KP_PENALTY) {
        L += items[b].width;
        Y += items[b].stretch;
        Z += items[b].shrink;
    }
    double width = a->line == 0 ? p->first_width : p->width;
    int fil = s->fil[b] - s->fil[a->start];
    *natural = L;
    if (L < width) {
        if (fil > 0) {
            *ratio = 0;
            *bad = 0;
        } else if (Y > 0) {
            *ratio = (width - L) / Y;
            *bad = badness(*ratio);
        } else {
            *ratio = 0;
            *bad = INF_BAD;
        }
    } else if (L > width) {
        if (Z > 0 && L - Z <= width + 1e-6) {
            *ratio = (width - L) / Z;
            if (*ratio < -1)
                *ratio = -1;
            *bad = badness(*ratio);
        } else {
            *ratio = -HUGE_VAL; /* overfull */
            *bad = AWFUL_BAD;
        }
    } else {
        *ratio = 0;
        *bad = 0;
    }
}

static int fitness_of(double ratio, double bad)
{
    if (ratio < 0)
        return bad > 12 ? FIT_TIGHT : FIT_DECENT; /* TeX §853: shrink badness > 12 is tight */
    if (bad > 99)
        return FIT_VERY_LOOSE;
    if (bad > 12)
        return FIT_LOOSE;
    return FIT_DECENT;
}

/* One pass. Returns the best node at the final forced break, or NULL when the active list
 * ran empty (no feasible breaks at this threshold). */
static kp_node *kp_pass(const kp_item *items, int n, const kp_sums *s, const kp_params *p,
                        arena *nodes, double threshold, double extra, int allow_disc,
                        int allow_emergency)
{
    kp_node *first = ARENA_NEW(nodes, kp_node);
    first->pos = -1;
    first->start = line_start_after(items, n, -1);
    first->fitness = FIT_DECENT;
    /* runs are told apart up to the limit; without one, every hyphenated line is one state */
    int limit = p->hyphen_limit > RUN_MAX ? RUN_MAX : p->hyphen_limit;
    kp_node *active = first, *tail = first;

    for (int b = 0; b < n; b++) {
        if (!is_legal_break(items, b))
            continue;
        const kp_item *it = &items[b];
        if (it->kind == KP_PENALTY) {
            if ((it->flags & KP_F_DISC) && !allow_disc)
                continue;
            if ((it->flags & KP_F_EMERGENCY) && !allow_emergency)
                continue;
        }
        int forced = it->kind == KP_PENALTY && it->penalty <= -KP_INF;
        double pen = it->kind == KP_PENALTY ? it->penalty : 0;
        int flagged = it->kind == KP_PENALTY && (it->flags & KP_F_HYPHEN);
        int last = b == n - 1;

        /* the best predecessor per (fitness class, hyphens in a row at the new break) */
        kp_node *best[FIT_COUNT][RUN_MAX + 1] = {{0}};
        double best_total[FIT_COUNT][RUN_MAX + 1], best_ratio[FIT_COUNT][RUN_MAX + 1];
        double min_total = AWFUL_BAD;
        for (int f = 0; f < FIT_COUNT; f++)
            for (int r = 0; r <= RUN_MAX; r++)
                best_total[f][r] = AWFUL_BAD;

        kp_node *prev = NULL;
        for (kp_node *a = active; a;) {
            kp_node *next = a->next;
            if (a->start > b) { /* the line would start after this break */
                prev = a;
                a = next;
                continue;
            }
            double natural, ratio, bad;
            measure(items, s, p, extra, a, b, &natural, &ratio, &bad);
            int deactivate = ratio < -1 || forced;
            int run = !flagged ? 0 : limit > 0 ? a->run + 1 : 1;
            if (ratio >= -1 && bad <= threshold && (limit <= 0 || run <= limit)) {
                double d = p->line_penalty + bad;
                d = d * d;
                if (pen > 0)
                    d += pen * pen;
                else if (pen > -KP_INF)
                    d -= pen * pen;
                if (flagged && a->hyphenated)
                    d += p->double_hyphen_demerits;
                if (last && a->hyphenated)
                    d += p->final_hyphen_demerits;
                int fit = fitness_of(ratio, bad);
                if (abs(fit - a->fitness) > 1)
                    d += p->adj_demerits;
                double total = a->total + d;
                if (total < best_total[fit][run]) {
                    best_total[fit][run] = total;
                    best[fit][run] = a;
                    best_ratio[fit][run] = ratio;
                }
                if (total < min_total)
                    min_total = total;
            }
            if (deactivate) {
                if (prev)
                    prev->next = next;
                else
                    active = next;
                if (tail == a)
                    tail = prev;
            } else {
                prev = a;
            }
            a = next;
        }
        /* create the new active nodes (TeX §835-836: only those that can still win) */
        int start = -1;
        for (int f = 0; f < FIT_COUNT; f++) {
            for (int r = 0; r <= RUN_MAX; r++) {
                if (!best[f][r] || best_total[f][r] > min_total + p->adj_demerits)
                    continue;
                if (start < 0)
                    start = line_start_after(items, n, b);
                kp_node *nn = ARENA_NEW(nodes, kp_node);
                nn->pos = b;
                nn->start = start;
                nn->line = best[f][r]->line + 1;
                nn->fitness = f;
                nn->hyphenated = flagged;
                nn->run = r;
                nn->ratio = (float)best_ratio[f][r];
                nn->total = best_total[f][r];
                nn->prev = best[f][r];
                if (tail)
                    tail->next = nn;
                else
                    active = nn;
                tail = nn;
            }
        }
        if (!active)
            return NULL;
        if (last)
            break;
    }
    kp_node *win = NULL;
    for (kp_node *a = active; a; a = a->next)
        if (a->pos == n - 1 && (!win || a->total < win->total))
            win = a;
    return win;
}

/* First-fit: the last resort when no pass succeeds. Breaks at the last legal breakpoint that
 * fits, or at the first one after an overfull unit. */
static kp_node *first_fit(const kp_item *items, int n, const kp_sums *s, const kp_params *p,
                          arena *nodes)
{
    kp_node *cur = ARENA_NEW(nodes, kp_node);
    cur->pos = -1;
    cur->start = line_start_after(items, n, -1);
    int cand = -1;
    for (int b = 0; b < n; b++) {
        if (b < cur->start || !is_legal_break(items, b))
            continue;
        double natural, ratio, bad;
        measure(items, s, p, 0, cur, b, &natural, &ratio, &bad);
        int forced = items[b].kind == KP_PENALTY && items[b].penalty <= -KP_INF;
        int brk = -1;
        if (ratio < -1) {
            brk = cand >= 0 ? cand : b; /* overfull: break at the last fit, or here */
        } else if (forced) {
            brk = b;
        } else {
            cand = b;
            continue;
        }
        kp_node *nn = ARENA_NEW(nodes, kp_node);
        nn->pos = brk;
        nn->start = line_start_after(items, n, brk);
        nn->line = cur->line + 1;
        nn->prev = cur;
        measure(items, s, p, 0, cur, brk, &natural, &ratio, &bad);
        nn->ratio = (float)(ratio < -1 ? -1 : ratio);
        cur = nn;
        cand = -1;
        if (brk != b)
            b = brk; /* rescan from the new line's start */
        else if (forced && b == n - 1)
            break;
    }
    if (cur->pos != n - 1) {
        kp_node *nn = ARENA_NEW(nodes, kp_node);
        nn->pos = n - 1;
        nn->start = n;
        nn->line = cur->line + 1;
        nn->prev = cur;
        cur = nn;
    }
    return cur;
}

int kp_break(const kp_item *items, int n, const kp_params *p, arena *nodes, arena *out,
             kp_line **lines, int *passes)
{
    *lines = NULL;
    if (passes)
        *passes = 0;
    if (n <= 0)
        return 0;
    /* prefix sums, in their own arena: nodes is reset between passes */
    arena sums;
    arena_init(&sums);
    kp_sums ks;
    ks.w = arena_alloc(&sums, sizeof(double) * (size_t)(n + 1));
    ks.y = arena_alloc(&sums, sizeof(double) * (size_t)(n + 1));
    ks.z = arena_alloc(&sums, sizeof(double) * (size_t)(n + 1));
    ks.by = arena_alloc(&sums, sizeof(double) * (size_t)(n + 1));
    ks.bz = arena_alloc(&sums, sizeof(double) * (size_t)(n + 1));
    ks.fil = arena_alloc(&sums, sizeof(int) * (size_t)(n + 1));
    ks.w[0] = ks.y[0] = ks.z[0] = ks.by[0] = ks.bz[0] = 0;
    ks.fil[0] = 0;
    for (int i = 0; i < n; i++) {
        const kp_item *it = &items[i];
        int glue = it->kind == KP_GLUE, box = it->kind == KP_BOX;
        ks.w[i + 1] = ks.w[i] + (it->kind == KP_PENALTY ? 0 : it->width);
        ks.by[i + 1] = ks.by[i] + (box ? it->stretch : 0);
        ks.bz[i + 1] = ks.bz[i] + (box ? it->shrink : 0);
        ks.y[i + 1] =
            ks.y[i] + (glue && !(it->flags & KP_F_FIL) ? it->stretch : 0) + (box ? it->stretch : 0);
        ks.z[i + 1] = ks.z[i] + (glue || box ? it->shrink : 0);
        ks.fil[i + 1] = ks.fil[i] + (glue && (it->flags & KP_F_FIL) ? 1 : 0);
    }
    arena_reset(nodes);

    kp_node *win = NULL;
    int pass = 0;
    if (p->pretolerance >= 0) {
        pass = 1;
        win = kp_pass(items, n, &ks, p, nodes, p->pretolerance, 0, 0, 0);
    }
    if (!win) {
        arena_reset(nodes);
        pass = 2;
        win = kp_pass(items, n, &ks, p, nodes, p->tolerance, 0, 1, 0);
    }
    if (!win && p->emergency_stretch > 0) {
        /* TeX's third pass: the tolerance still holds, but every line may count on some
         * more stretch; the last-resort breaks (names, too-wide words) come in */
        arena_reset(nodes);
        pass = 3;
        win = kp_pass(items, n, &ks, p, nodes, p->tolerance, p->emergency_stretch, 1, 1);
    }
    if (!win) {
        /* final pass: every line that fits is acceptable however loose (TeX would make an
         * overfull box instead); without extra stretch, so that demerits still tell a loose
         * line from a looser one and spread the white space evenly */
        arena_reset(nodes);
        pass = 4;
        win = kp_pass(items, n, &ks, p, nodes, AWFUL_BAD, 0, 1, 1);
    }
    if (!win) {
        arena_reset(nodes);
        pass = 5;
        win = first_fit(items, n, &ks, p, nodes);
    }
    if (passes)
        *passes = pass;

    int count = 0;
    for (kp_node *k = win; k && k->pos >= 0 && k->prev; k = k->prev)
        count++;
    kp_line *ls = ARENA_NEWN(out, kp_line, (size_t)count);
    int i = count;
    for (kp_node *k = win; k && k->pos >= 0 && k->prev; k = k->prev) {
        i--;
        ls[i].start = k->prev->start;
        ls[i].end = k->pos;
        int a = k->prev->start, e = k->pos;
        double L = ks.w[e] - ks.w[a];
        double BY = ks.by[e] - ks.by[a], BZ = ks.bz[e] - ks.bz[a]; /* the boxes' */
        if (e < n && items[e].kind == KP_PENALTY) {
            L += items[e].width;
            BY += items[e].stretch;
            BZ += items[e].shrink;
        }
        ls[i].natural = (float)L;
        /* the ratio applies to the items' own glue and boxes only: recompute it without the
         * extra stretch (emergency stretch and ragged line stretch are left as white space);
         * the boxes follow it up to their limit, the glue takes what is left */
        double width = k->prev->line == 0 ? p->first_width : p->width;
        double GY = ks.y[e] - ks.y[a] - (ks.by[e] - ks.by[a]);
        double GZ = ks.z[e] - ks.z[a] - (ks.bz[e] - ks.bz[a]);
        int fil = ks.fil[e] - ks.fil[a];
        double r = 0, x = 0;
        if (fil == 0 && L < width && GY + BY > 0) {
            r = (width - L) / (GY + BY);
            x = r > 1 ? 1 : r;
            r = GY > 0 ? (width - L - x * BY) / GY : 0;
            if (BY <= 0)
                x = 0;
        } else if (L > width && GZ + BZ > 0) {
            r = (width - L) / (GZ + BZ);
            if (r < -1)
                r = -1;
            x = BZ > 0 ? r : 0;
        }
        if (r < -1)
            r = -1;
        ls[i].ratio = (float)r;
        ls[i].expand = (float)x;
    }
    arena_free(&sums);
    arena_reset(nodes);
    *lines = ls;
    return count;
}
