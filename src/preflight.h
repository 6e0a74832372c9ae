/* preflight.h: the print preflight behind `hanji check --print`. It reads a finished PDF (the
 * bytes hanji wrote, not the layout it meant to write) and checks what Amazon KDP and
 * IngramSpark ask of a print-ready interior: an even page count, a TrimBox on every page (and
 * a BleedBox 0.125 in beyond it when there is bleed), margins at least KDP's minimum for the
 * page count, every font embedded, images at 300 dpi or more at their printed size, no link
 * annotations and no bookmarks.
 *
 * It understands the PDFs hanji writes (PDF 1.4 written by libharu: plain objects, Flate
 * streams, text placed with Tm and TJ); on other PDFs a check it cannot make fails. Margins are
 * measured from the drawn content: glyph advances from the fonts' /W widths, an ascent of 1.1
 * and a descent of 0.3 of the font size (the fonts' own extents, as other checkers take them),
 * images and rules as placed. */
#ifndef HANJI_PREFLIGHT_H
#define HANJI_PREFLIGHT_H

#include "buf.h"

/* Checks pdf[0..len) and appends the report to out: one line per requirement,
 * "  pass  ..." or "  FAIL  ...". Returns the number of failed requirements (0: ready), or -1
 * when the bytes are not a PDF it can read (reported in out). Never aborts on bad input. */
int preflight_pdf(const unsigned char *pdf, size_t len, buf *out);

/* What a book's print cover must measure (cover.h): the interior's final page count and trim
 * size (pt), and its paper (CONFIG_PAPER_*). */
typedef struct preflight_cover_spec {
    int pages;
    double trim_w, trim_h;
    int paper;
} preflight_cover_spec;

/* Checks a print cover's PDF against KDP's rules for spec and appends the report to out, like
 * preflight_pdf: one page; MediaBox 2 x trim width + spine + 0.25 in by trim height + 0.25 in
 * (within 0.001 in); TrimBox inset 0.125 in; BleedBox 0.125 in beyond it; fonts embedded;
 * images at 300 dpi or more; no glyph on the spine below 80 pages, else spine glyphs 0.0625 in
 * clear of both folds; nothing drawn in the barcode area (a fill of the whole sheet is the
 * paper's colour, not ink); no annotations or bookmarks. Returns the number of failures, or
 * -1 when the bytes are not a PDF it can read. */
int preflight_cover(const unsigned char *pdf, size_t len, const preflight_cover_spec *spec,
                    buf *out);

/* `hanji check --print PROJECT`: builds the project's PDF in the print profile into a
 * temporary folder (diagnostics to stderr), checks it with preflight_pdf (and, when book.yaml
 * has a cover: block, the cover with preflight_cover) and prints the report to stdout. Returns the
 * exit status: 0 ready for print, 1 a failed requirement or errors in the book. */
int preflight_run(const char *project, int quiet);

#endif
