/* layout_pbreak.c: the page breaker (see layout_pbreak.h): all of a chapter's page ends chosen
 * at once by dynamic programming over the penalties of its vertical list. */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the page breaker (see layout_pbreak.h) ------------------------------------------------ */

/* Cost of an underfull page: PB_SHORT_COST times the lines short, squared up to one line and
 * cubed beyond it (a ragged bottom of a line is acceptable, a hole of three lines is as bad as
 * a widow). With stretch_max, filling a page by stretching its glue costs up to PB_SHORT_COST
 * at the most stretch allowed (cubed in the share used, as TeX's badness), and a page short of
 * that costs the lines it is short on top. */
#define PB_SHORT_COST 100.0
/* What a "never" break costs when nothing else is possible, and an overfull page. */
#define PB_FORCED_COST   1e6
#define PB_OVERFULL_COST 1e8
/* A footnote continued on the next page (at least two of its lines stay with its mark). */
#define PB_SPLIT_NOTE_COST 800.0
/* A state of the breaker at a break: the best way to reach it with an odd number of pages (the
 * next page is a verso), and up to PB_RECTO ways with an even number (the next page is a
 * recto), one per place its verso ends, so that a recto is priced against each verso it may
 * face, not only the cheapest. */
#define PB_RECTO 4
#define PB_SLOTS (1 + PB_RECTO)
#define PB_PRUNE 3000.0 /* three uneven spreads */
typedef struct pb_node {
    double cost;
    int prev; /* state the page before ends in: node * PB_SLOTS + slot, + 1 (0: the start) */
    int reached;
    int *pend; /* floats still waiting after this break: they open the next page */
    int npend;
    float carry;  /* footnote height continued at the foot of the next page */
    int npg;      /* pages of the best path up to this break */
    float resid;  /* how much shorter than full its last page is after all its stretch */
    float give;   /* how much higher its last page may end than that (stretch left, shrink) */
    pb_page page; /* the page that ends here on the best path */
} pb_node;

static double pb_page_cost(const pb_params *p, double used, double stretch, double shrink, int last,
                           int *overfull, double *resid, double *give)
{
    double shortfall = p->page_h - used;
    *overfull = 0;
    *resid = 0;
    *give = shrink + (shortfall < 0 ? shortfall : 0);
    if (shortfall < -0.01) {
        if (shrink <= 0 || -shortfall > shrink + 0.01) {
            *overfull = 1;
            return PB_OVERFULL_COST;
        }
        double r = -shortfall / shrink;
        return 100.0 * r * r * r;
    }
    if (last)
        return 0;
    double cap = stretch * (p->stretch_max > 1 ? p->stretch_max : 1);
    *give = shrink + (shortfall < cap ? shortfall : cap); /* the stretch it uses, and shrink */
    double eff = shortfall - cap, fill = 0;
    if (p->stretch_max > 0 && cap > 0) {
        double r = (shortfall < cap ? shortfall : cap) / cap;
        fill = PB_SHORT_COST * r * r * r;
    }
    if (eff <= 0)
        return fill;
    /* short of that: by whole lines, the glue taking the rest (past stretch_max: as costly as
       the space left) so that the page ends on a line of the page facing it */
    *resid = cap > 0 && p->unit > 0 ? floor(eff / p->unit + 1e-3) * p->unit : eff;
    *give = shrink + shortfall - *resid;
    double u = p->unit > 0 ? eff / p->unit : eff;
    return fill + PB_SHORT_COST * u * u * (u > 1 ? u : 1); /* a ragged line is fine, a hole not */
}

/* What a recto costs against the verso it faces (src): nothing when both end on the same line;
 * when one is shorter, the other ending as high (page_place lets it give up stretch, then
 * shrink), costed as a page that much short; when it cannot, an uneven spread: at least
 * p->spread, more as they differ. */
static double pb_spread_cost(const pb_params *p, const pb_node *src, double resid, double give)
{
    double d = src->resid - resid, unit = p->unit > 0 ? p->unit : 1;
    if (fabs(d) < 0.05)
        return 0;
    double u = d / unit;
    if ((d > 0 && d <= give + 0.01) || (d < 0 && -d <= src->give + 0.01))
        return PB_SHORT_COST * u * u;
    return p->spread * (1 + u * u);
}

/* Keeps the way to state (node t, with npg pages) that costs tc when it is among the best:
 * returns the slot to write, or NULL. */
static pb_node *pb_slot(pb_node *t, int npg, double tc, double key)
{
    if (npg % 2) /* the next page is a verso: only the cheapest way matters */
        return !t[0].reached || tc < t[0].cost ? &t[0] : NULL;
    pb_node *empty = NULL, *worst = NULL;
    for (int j = 1; j <= PB_RECTO; j++) {
        pb_node *c = &t[j];
        if (!c->reached) {
            if (!empty)
                empty = c;
        } else if (fabs(c->resid - key) < 0.05) {
            return tc < c->cost ? c : NULL; /* a verso ending there: the cheaper */
        } else if (!worst || c->cost > worst->cost) {
            worst = c;
        }
    }
    if (empty)
        return empty;
    return tc < worst->cost ? worst : NULL;
}

/* Whether two ways to a break leave the same floats waiting and the same note running on. */
static int pb_same_state(const pb_node *a, const pb_node *b)
{
    return a->npend == b->npend && a->carry == b->carry &&
           (a->npend == 0 || memcmp(a->pend, b->pend, (size_t)a->npend * sizeof(int)) == 0);
}

static double pb_pen_cost(float pen)
{
    return pen >= PB_INF ? PB_FORCED_COST * (pen / PB_INF) : pen; /* "never", graded */
}

/* Whether the next item after k that is not a penalty is a float. */
int pb_float_next(const pb_item *items, int n, int k)
{
    for (int m = k + 1; m < n; m++)
        if (items[m].kind != PB_PENALTY)
            return items[m].kind == PB_FLOAT;
    return 0;
}

void page_break(const pb_item *items, int n, const pb_params *p, arena *a, pb_result *out)
{
    static const pb_item none;
    if (!items || n < 0) {
        items = &none;
        n = 0;
    }
    /* node k+1 is the break at item k (a penalty); node 0 the start; node n+1 the end; each
       has PB_SLOTS states (pb_node) */
    pb_node *nodes = ARENA_NEWN(a, pb_node, ((size_t)n + 2) * PB_SLOTS);
    int *tmp = ARENA_NEWN(a, int, (size_t)n + 1);
    nodes[0].reached = 1;
    out->moved = ARENA_NEWN(a, unsigned char, (size_t)n + 1);
    for (int ai = 0; ai <= n; ai++) {
        /* a way to this break that costs PB_PRUNE more than the best is not followed: it could
           win only by the spreads it saves later, or the floats it has placed */
        pb_node *at = &nodes[(size_t)ai * PB_SLOTS];
        double best = -1;
        for (int j = 0; j < PB_SLOTS; j++)
            if (at[j].reached && (best < 0 || at[j].cost < best))
                best = at[j].cost;
        double bound = best + PB_PRUNE;
        for (int lead = 0; lead < PB_SLOTS; lead++) {
            pb_node *an = &at[lead];
            if (!an->reached || an->npg < 0 || an->cost > bound)
                continue;
            /* the ways to this break that leave the same floats and notes set the next page alike:
               one pass over it prices it for each (a recto against the verso before it) */
            int grp[PB_SLOTS], ngrp = 0;
            grp[ngrp++] = lead;
            for (int o = lead + 1; o < PB_SLOTS; o++) {
                pb_node *on = &nodes[(size_t)ai * PB_SLOTS + o];
                if (on->reached && on->npg >= 0 && on->cost <= bound && pb_same_state(an, on))
                    grp[ngrp++] = o;
            }
            int s = ai; /* first item after the break */
            /* floats waiting from earlier pages go first */
            double used = 0, notes = 0, stretch = 0, shrink = 0;
            double split_room = 0; /* how much of the page's last footnote may go on */
            if (an->carry > 0)
                notes = an->carry + p->notes_sep; /* the end of a note from the page before */
            if (ai > 0 && ai <= n && items[ai - 1].kind == PB_PENALTY)
                used += items[ai - 1].carry; /* a repeated table header */
            int ntmp = 0, nplaced = 0, content = 0, relaxed = 0, overfull_mode = 0, skip_glue = 0;
            int lines = 0;         /* boxes on the page (a chapter's last page wants three) */
            double last_depth = 0; /* of the page's last box or float in place */
            const pb_item *last_glue = NULL; /* the glue since the last box or float */
            float moved_alt = 0;             /* alt of the glue before a float that moved */
            int float_before = 0;            /* the last content is a float in place */
            for (int f = 0; f < an->npend; f++) {
                int fi = an->pend[f];
                if (ntmp == 0 && (nplaced == 0 || used + items[fi].h + p->float_gap <= p->page_h)) {
                    used += items[fi].h + p->float_gap;
                    if (items[fi].notes > 0) {
                        notes += items[fi].notes + (notes > 0 ? 0 : p->notes_sep);
                        split_room = 0;
                    }
                    nplaced++;
                    content = 1;
                    last_depth = items[fi].depth;
                    if (p->stretch_max > 0) { /* the space under it is glue too */
                        stretch += p->float_gap * GLUE_STRETCH;
                        shrink += p->float_gap * GLUE_SHRINK;
                    }
                } else {
                    tmp[ntmp++] = fi;
                }
            }
            for (int k = s; k <= n; k++) {
                const pb_item *it = k < n ? &items[k] : NULL;
                if (it && !content && (it->kind == PB_GLUE || it->kind == PB_PENALTY))
                    continue; /* discarded at the top of a page */
                if (!it || it->kind == PB_PENALTY) {
                    if (!content && it)
                        continue;
                    int last = !it;
                    int over;
                    double total = used + notes, carry = 0, resid;
                    if (p->depth > 0 && notes <= 0)
                        total += p->depth - last_depth; /* to the last baseline */
                    if (total > p->page_h + shrink + 0.01 && split_room > 0 && !last &&
                        p->note_line > 0) {
                        /* continue the last footnote on the next page, whole lines of it */
                        double nl = ceil((total - p->page_h - shrink) / p->note_line - 1e-3);
                        if (nl * p->note_line <= split_room + 0.01) {
                            carry = nl * p->note_line;
                            total -= carry;
                        }
                    }
                    double give;
                    double c = pb_page_cost(p, total, stretch, shrink, last && ntmp == 0, &over,
                                            &resid, &give);
                    if (carry > 0)
                        c += PB_SPLIT_NOTE_COST;
                    if (last && ntmp == 0 && nplaced == 0 && lines == content && lines <= 2 &&
                        ai > 0)
                        c += p->last_lines; /* a chapter ending with a page of a line or two */
                    if (over && !overfull_mode && content > 1)
                        break;
                    if (it)
                        c += pb_pen_cost(it->penalty);
                    if (overfull_mode)
                        c += PB_OVERFULL_COST;
                    /* notes end at the foot, and page_place keeps them there */
                    if (notes > 0) {
                        resid = 0;
                        give = 0;
                    }
                    for (int g = 0; g < ngrp; g++) {
                        pb_node *src = &nodes[(size_t)ai * PB_SLOTS + grp[g]];
                        /* the recto of a spread: its verso should end on the same line */
                        int recto = p->spread > 0 && src->npg % 2 == 0 && src->npg > 0 && !last;
                        double tc =
                            src->cost + c + (recto ? pb_spread_cost(p, src, resid, give) : 0);
                        pb_node *bn =
                            pb_slot(&nodes[(size_t)(k + 1) * PB_SLOTS], src->npg + 1, tc, resid);
                        if (!bn)
                            continue;
                        bn->reached = 1;
                        bn->cost = tc;
                        bn->prev = ai * PB_SLOTS + grp[g] + 1;
                        bn->npend = ntmp;
                        bn->pend = ntmp ? ARENA_NEWN(a, int, (size_t)ntmp) : NULL;
                        if (ntmp)
                            memcpy(bn->pend, tmp, (size_t)ntmp * sizeof(int));
                        bn->page.start = s;
                        bn->page.end = k;
                        bn->page.nfloats = nplaced;
                        bn->page.floats = src->pend;
                        bn->page.used = (float)total;
                        bn->page.stretch = (float)stretch;
                        bn->page.shrink = (float)shrink;
                        bn->npg = src->npg + 1;
                        bn->resid = (float)resid;
                        bn->give = (float)give;
                        bn->page.carry_in = src->carry;
                        bn->page.carry_out = (float)carry;
                        bn->carry = (float)carry;
                    }
                    relaxed = 1;
                    if (overfull_mode || last)
                        break;
                    continue;
                }
                if (it->kind == PB_GLUE) {
                    double gh = it->h, gst = it->stretch, gsh = it->shrink;
                    if (skip_glue) {
                        /* the space after a float that moved away: what the blocks around it
                         * would have had without it (a float's own space when one follows) */
                        skip_glue = 0;
                        if (!pb_float_next(items, n, k)) {
                            gh = it->alt > moved_alt ? it->alt : moved_alt;
                            gst = gh * 0.25;
                            gsh = gh * 0.1;
                        }
                    }
                    used += gh;
                    stretch += gst;
                    shrink += gsh;
                    last_glue = it;
                    continue;
                }
                if (it->kind == PB_FLOAT) {
                    double fnn = it->notes > 0 ? it->notes + (notes > 0 ? 0 : p->notes_sep) : 0;
                    if (ntmp == 0 &&
                        used + notes + fnn + it->h <= p->page_h + shrink + it->shrink) {
                        used += it->h;
                        shrink += it->shrink;
                        notes += fnn;
                        if (fnn > 0)
                            split_room = 0;
                        content++;
                        last_glue = NULL;
                        float_before = 1;
                        last_depth = it->depth;
                    } else {
                        tmp[ntmp++] = k;
                        moved_alt = 0;
                        if (last_glue && float_before) {
                            /* the space after a float that stays: kept; none after this one */
                            moved_alt = -1;
                            last_glue = NULL;
                        } else if (last_glue) { /* and the space before it */
                            used -= last_glue->h;
                            stretch -= last_glue->stretch;
                            shrink -= last_glue->shrink;
                            moved_alt = last_glue->alt;
                            last_glue = NULL;
                        }
                        skip_glue = 1;
                    }
                    continue;
                }
                /* a box; a heading stops a page that has left a float behind: the float would be
                   printed after it */
                if (it->barrier && ntmp > 0 && relaxed)
                    break;
                last_glue = NULL;
                skip_glue = 0;
                float_before = 0;
                double nn = it->notes > 0 ? it->notes + (notes > 0 ? 0 : p->notes_sep) : 0;
                if (it->notes > 0)
                    split_room = p->note_line > 0 ? it->notes - 2 * p->note_line : 0;
                if (split_room < 0)
                    split_room = 0;
                if (content && used + notes + it->h + nn - split_room > p->page_h + shrink + 0.01) {
                    if (relaxed)
                        break;
                    overfull_mode = 1; /* nothing fits: end at the next possible break anyway */
                }
                used += it->h;
                notes += nn;
                content++;
                lines++;
                last_depth = it->depth;
            }
            for (int g = 1; g < ngrp; g++) /* priced with the lead */
                at[grp[g]].npg = -1 - at[grp[g]].npg;
        }
    }
    /* walk back from the cheapest way to the end */
    pb_node *last = &nodes[(size_t)(n + 1) * PB_SLOTS], *end = last;
    for (int j = 1; j < PB_SLOTS; j++)
        if (last[j].reached && (!end->reached || last[j].cost < end->cost))
            end = &last[j];
    int count = 0;
    for (const pb_node *q = end; q != nodes; q = &nodes[q->prev - 1])
        count++;
    int extra = 0;
    {
        /* floats still waiting at the end get pages of their own */
        double used = 0;
        for (int f = 0; f < end->npend; f++) {
            double h = p->page_h > 0 ? items[end->pend[f]].h + p->float_gap : 0;
            if (f == 0 || used + h > p->page_h) {
                extra++;
                used = 0;
            }
            used += h;
        }
    }
    out->npages = count + extra;
    out->pages = ARENA_NEWN(a, pb_page, (size_t)out->npages);
    out->cost = end->cost;
    int i = count;
    for (const pb_node *q = end; q != nodes; q = &nodes[q->prev - 1])
        out->pages[--i] = q->page;
    /* mark moved floats */
    for (int pi = 0; pi < count; pi++)
        for (int f = 0; f < out->pages[pi].nfloats; f++)
            out->moved[out->pages[pi].floats[f]] = 1;
    if (extra) {
        double used = 0;
        int pi = count - 1;
        for (int f = 0; f < end->npend; f++) {
            int fi = end->pend[f];
            double h = items[fi].h + p->float_gap;
            if (f == 0 || used + h > p->page_h) {
                pi++;
                out->pages[pi].start = out->pages[pi].end = n;
                out->pages[pi].floats = ARENA_NEWN(a, int, (size_t)end->npend);
                used = 0;
            }
            out->pages[pi].floats[out->pages[pi].nfloats++] = fi;
            out->pages[pi].used = (float)(used += h);
            out->moved[fi] = 1;
        }
    }
}
