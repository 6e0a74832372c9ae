/* layout_pbreak.h: the page breaker (layout_pbreak.c), used by layout_page.c and the unit tests.
 *
 * A chapter is a vertical list of boxes (lines, table rows, headings), glue (vertical space),
 * penalties (the only places a page may end) and floats (figures). page_break chooses the page
 * ends for the whole list at once by dynamic programming over the penalties, like TeX's line
 * breaker turned on its side: a page costs its emptiness (squared, in lines) plus the penalty
 * where it ends, and the breaker minimises the total. Widows, orphans and headings at a page
 * foot are penalties the list builder sets; nothing here knows about text or fonts.
 *
 * Floats keep their place in the text when they fit there; one that does not fit goes to the
 * top of the next page and the text flows on (later floats keep their order behind it), but
 * never past a heading (barrier): the page then ends before the heading.
 * Boxes may carry footnotes: their height (notes) is reserved at the foot of the page that
 * holds the box, plus notes_sep once per page; the last note of a page may run on to the foot
 * of the next, as in TeX.
 *
 * With a depth and stretch_max (\flushbottom), a page that is not a chapter's last is filled
 * by stretching its glue (the space around headings, floats and blocks) up to stretch_max times
 * its stretch, at a cost that grows with the stretch used; a page that cannot be filled so is
 * short, and a spread whose pages would end on different lines costs more (spread): nothing when
 * the fuller page can end as high as the other (layout_page.c then ends both on the same line),
 * at least spread when it cannot. The breaker keeps, at each break, the best way to it with an
 * odd number of pages and up to four with an even number, one per line the last (a verso) ends
 * on, so that the recto after it is priced against each. */
#ifndef HANJI_LAYOUT_PBREAK_H
#define HANJI_LAYOUT_PBREAK_H

#include "arena.h"

enum { PB_BOX, PB_GLUE, PB_PENALTY, PB_FLOAT };

/* Penalties at or beyond this are "never break here" (used only when nothing else fits). */
#define PB_INF 10000.0f

typedef struct pb_item {
    unsigned char kind;    /* PB_* */
    float h;               /* box, float, glue: height (pt) */
    float stretch;         /* glue */
    float shrink;          /* glue; float: how much lower it may be drawn to stay in place */
    float penalty;         /* penalty: the cost of ending a page here */
    float notes;           /* box: footnote height it brings to its page */
    float carry;           /* penalty: height set again at the top of the next page when the page
                              ends here (a table's repeated header) */
    float alt;             /* glue next to a float: its height when the float moves to another
                              page (the glue before the float is then dropped, the one after it
                              becomes the larger of the two alts) */
    unsigned char barrier; /* box: a heading, which no float moves past: a float that does not
                              fit where it stands goes to the top of the next page, and that
                              page may not begin after the heading */
    float depth;           /* box, float: from its last baseline to its bottom (0: none) */
} pb_item;

typedef struct pb_params {
    float page_h;    /* height of the text area */
    float unit;      /* a line: a page k units short costs 100 k^2 */
    float float_gap; /* space below a float moved to the top of a page */
    float notes_sep; /* space above a page's footnotes (rule included) */
    float note_line; /* a footnote line: a long note may go on to the next page in whole
                        lines, two at least staying with its mark (0: notes never split) */
    /* \flushbottom (all 0: a ragged bottom, each page as full as its lines make it) */
    float depth;       /* a full page's last baseline sits this far above the text's bottom
                          (a body line's depth): a page's height is measured to its last
                          baseline plus this, whatever the depth of its last box */
    float stretch_max; /* glue may stretch up to this many times its stretch to fill a page
                          (0: once); a page short of that is short by whole lines */
    float spread;      /* the cost of facing pages ending on lines that differ (at least once,
                          more per line squared); 0: pages priced alone */
    float last_lines;  /* the cost of a chapter's last page holding two lines or fewer */
} pb_params;

typedef struct pb_page {
    int start, end; /* flow items [start, end); end is the penalty the page ends at, or n */
    int *floats;    /* floats moved to the top of this page, in order */
    int nfloats;
    float used;      /* height of the page's content (floats, flow and notes) */
    float stretch;   /* total stretch of the glue on the page */
    float carry_in;  /* footnote height continued from the page before, set first */
    float carry_out; /* footnote height of the page's last note that goes on to the next */
    float shrink;    /* total shrink of the glue on the page and its floats in place */
} pb_page;

typedef struct pb_result {
    pb_page *pages;
    int npages;
    unsigned char *moved; /* per item: 1 for a float drawn at the top of a later page */
    double cost;          /* total cost of the chosen breaks */
} pb_result;

/* Breaks items[0..n) into pages (at least one; floats left over at the end get pages of their
 * own). Everything is allocated in a. Never fails. */
void page_break(const pb_item *items, int n, const pb_params *p, arena *a, pb_result *out);

/* Whether the next item after k that is not a penalty is a float. */
int pb_float_next(const pb_item *items, int n, int k);

#endif
