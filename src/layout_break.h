/* layout_break.h: Knuth-Plass total-fit line breaking (TeX §813-890) over an abstract item list
 * of boxes, glue and penalties. Knows nothing about fonts or text: layout_para.c builds the
 * items, and the unit tests drive it with a synthetic one-unit-per-character measure.
 * Units are whatever the caller uses (points in hanji). */
#ifndef HANJI_LAYOUT_BREAK_H
#define HANJI_LAYOUT_BREAK_H

#include "arena.h"

enum { KP_BOX, KP_GLUE, KP_PENALTY };

/* Penalties at or beyond these are "never break here" / "always break here" (TeX's 10000). */
#define KP_INF 10000.0f

enum {
    KP_F_HYPHEN = 1 << 0,    /* penalty: a hyphen break (TeX's flagged penalty) */
    KP_F_DISC = 1 << 1,      /* penalty: a hyphenation point; not tried in the first pass */
    KP_F_EMERGENCY = 1 << 2, /* penalty: a forced break inside a too-wide word; final pass only */
    KP_F_FIL = 1 << 3        /* glue: infinitely stretchable (TeX's fil, as in parfillskip) */
};

typedef struct kp_item {
    unsigned char kind;  /* KP_BOX, KP_GLUE, KP_PENALTY */
    unsigned char flags; /* KP_F_* */
    float width;         /* box/glue: natural width; penalty: width added when broken here */
    float stretch;       /* glue; box: how much its glyphs may widen (font expansion); penalty:
                          * how much its width may widen when broken here */
    float shrink;        /* likewise, narrower */
    float penalty;       /* penalty: cost of breaking; >= KP_INF never, <= -KP_INF forced */
    int ref;             /* the caller's: e.g. the first character the item stands for */
} kp_item;

typedef struct kp_params {
    double width;                  /* the measure */
    double first_width;            /* the first line's measure (usually == width) */
    double line_stretch;           /* stretch every line has besides its glue (ragged: rightskip) */
    double pretolerance;           /* first pass without hyphenation; < 0 skips the pass */
    double tolerance;              /* second pass, with hyphenation */
    double emergency_stretch;      /* third pass: extra stretch per line (0 skips the pass) */
    double line_penalty;           /* added to every line's badness before squaring */
    double double_hyphen_demerits; /* two hyphenated lines in a row */
    double final_hyphen_demerits;  /* the second-last line hyphenated */
    double adj_demerits;           /* adjacent lines in fitness classes more than one apart */
    int hyphen_limit;              /* most hyphenated lines in a row, in every pass (0: any) */
} kp_params;

/* One line of the result: items [start, end) plus the break item at end (a penalty at end
 * adds its width, e.g. the hyphen; glue at end is dropped). ratio is the glue setting: > 0
 * stretch by ratio*stretch, < 0 shrink by -ratio*shrink (>= -1); 0 for lines with fil glue.
 * expand is the boxes' (and the break's) setting, in [-1, 1]: they take the same share of
 * the line's slack as the glue (pdfTeX's font expansion) up to all of their own stretch or
 * shrink, and the glue takes the rest. */
typedef struct kp_line {
    int start, end;
    float ratio;
    float expand;
    float natural; /* natural width of the line, break width included */
} kp_line;

/* Fills p with TeX's plain defaults scaled for a measure (tolerance 200, pretolerance 100,
 * line_penalty 10, double 10000, final 5000, adj 10000, emergency stretch 0.1 width) and no
 * limit on hyphenated lines in a row. */
void kp_defaults(kp_params *p, double width);

/* Breaks items[0..n) into lines. The list must end with a forced break (penalty <= -KP_INF),
 * normally preceded by fil glue. nodes is scratch memory the breaker resets between passes.
 * The lines are allocated in out; returns their number (>= 1 for n >= 1). Never fails: when
 * no pass finds a feasible set of breaks (an unbreakable unit wider than the measure), it
 * falls back to first-fit and such lines are overfull. *passes (may be NULL) receives the
 * last pass run: 1 pretolerance, 2 tolerance, 3 emergency stretch, 4 any badness, 5 the
 * first-fit fallback. */
int kp_break(const kp_item *items, int n, const kp_params *p, arena *nodes, arena *out,
             kp_line **lines, int *passes);

/* Paragraph engine hook for tests (layout_para.c): use the patterns in path instead of the
 * language's. Returns 0, or -1 when they cannot be loaded (then no hyphenation). */
typedef struct para_ctx para_ctx;
int para_ctx_set_patterns(para_ctx *pc, const char *path);

#endif
