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

/* `hanji check --print PROJECT`: builds the project's PDF in the print profile into a
 * temporary folder (diagnostics to stderr), checks it with preflight_pdf and prints the report
 * to stdout. Returns the exit status: 0 ready for print, 1 a failed requirement or errors in
 * the book. */
int preflight_run(const char *project, int quiet);

#endif
