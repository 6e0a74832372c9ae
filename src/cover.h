/* cover.h: the print cover (book.yaml's cover: block, --profile print): one sheet holding the
 * back cover, the spine and the front cover with bleed around it, sized for Amazon KDP from
 * the interior's final page count, typeset as a one-page lay_doc that pdf.c draws.
 *
 * Geometry (points, from the top-left corner of the sheet's trim, y down, as in layout.h):
 *   the sheet's trim is  back panel | spine | front panel,  2 x trim width + spine wide and the
 *   trim height high; 0.125 in of bleed lies around it (the MediaBox), so the TrimBox is inset
 *   0.125 in on every side. spine = pages x the paper's thickness (cover_caliper). */
#ifndef HANJI_COVER_H
#define HANJI_COVER_H

#include "book.h"
#include "layout.h"

/* KDP's rules for paperback covers (see cover.c for the sources). */
#define COVER_BLEED_IN          0.125  /* bleed beyond the trim on each outer edge */
#define COVER_SPINE_TEXT_MIN    80     /* the spine may carry text from this page count on */
#define COVER_SPINE_CLEAR_IN    0.0625 /* spine text keeps this far from each spine fold */
#define COVER_BARCODE_W_IN      2.0    /* the barcode area, lower right of the back panel */
#define COVER_BARCODE_H_IN      1.2
#define COVER_BARCODE_OFFSET_IN 0.25 /* from the bottom trim and from the spine */
#define COVER_TEXT_ASCENT       1.1f /* spine text's extent across the spine, in em: the */
#define COVER_TEXT_DESCENT      0.3f /* generous extents the preflight measures with */

typedef struct cover_geom {
    double panel_w, panel_h; /* one panel: the interior's trim size */
    double spine;            /* spine width */
    double bleed;            /* on each outer edge */
    double sheet_w, sheet_h; /* the sheet's trim: 2 panel_w + spine, panel_h */
    double spine_x;          /* the spine's left fold (= panel_w) */
    double front_x;          /* the front panel's left edge (the spine's right fold) */
    double barcode_x, barcode_y, barcode_w, barcode_h; /* KDP's barcode area: keep it clear */
    int spine_text; /* the spine may carry text (more than 79 pages) */
} cover_geom;

/* The thickness of one page (inches) of a paper (CONFIG_PAPER_*). */
double cover_caliper(int paper);
/* The cover's geometry for panels of panel_w x panel_h pt, pages interior pages on paper.
 * Never fails. */
void cover_geometry(double panel_w, double panel_h, int pages, int paper, cover_geom *g);
/* Typesets the cover of b (b->cfg->cover, which must be on) for an interior of pages pages,
 * with the book's faces fs, into a: one page with the front image (clipped to the front panel
 * and its bleed; a warning below 300 dpi), the back text (Markdown, set by para_layout in a box
 * that keeps the barcode area clear), and the title and author turned on the spine when it may
 * carry text. Problems are reported to b->diag (a missing image or back text is an error there);
 * never NULL. */
lay_doc *cover_layout(const book *b, font_set *fs, int pages, arena *a);

#endif
