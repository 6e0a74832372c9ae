/* pdf_int.h: what the PDF writer's two files share (the rest of hanji sees output.h): the
 * contents of the embedded fonts that need no libharu -- the shaped glyphs' codes, a CFF face's
 * CIDs, the ToUnicode CMaps, the BaseFont name -- made by pdf_font.c for pdf.c, which turns them
 * into libharu's objects. Nothing here names a libharu type: pdf.c stays its only user. */
#ifndef HANJI_PDF_INT_H
#define HANJI_PDF_INT_H

#include "buf.h"
#include "font.h"
#include "layout.h"

#include <stddef.h>
#include <stdint.h>

/* A CFF face's characters and the CIDs that draw them in its CIDFontType0 (cps ascending);
 * n = 0 for a TrueType face, which libharu embeds (its codes are the code points). */
typedef struct pdf_cff {
    uint32_t *cps;
    uint16_t *cids;
    int n;
} pdf_cff;

/* A shaped glyph of a TrueType face and the text it stands for (a ligature's characters, in
 * logical order; cut at PDF_SHAPED_TEXT), with the code that draws it. */
#define PDF_SHAPED_TEXT 4
typedef struct shaped_glyph {
    int gid, ntext;
    uint32_t text[PDF_SHAPED_TEXT];
    unsigned code;
} shaped_glyph;

/* A face's shaped glyphs, sorted by glyph and text (pdf_shaped_codes); n = 0 when it has none. */
typedef struct pdf_shaped {
    shaped_glyph *g;
    int n, done;
} pdf_shaped;

/* A CID and its width, for sorting a CFF face's /W (pdf_cid_cmp: by CID, then character). */
typedef struct cid_width {
    unsigned cid;
    int w;
    uint32_t cp;
    const uint32_t *text; /* a shaped glyph's text (ntext characters), else NULL: cp */
    int ntext;
} cid_width;

/* qsort order of cid_width: by CID, then by character. */
int pdf_cid_cmp(const void *a, const void *b);
/* The code that draws cp: its CID in a CFF face (cf->cps set; 0, .notdef, when the subset lacks
 * it), else the code point (U+FFFD beyond the BMP: libharu's codes are two bytes). */
unsigned pdf_cff_code(const pdf_cff *cf, uint32_t cp);
/* Appends to m the ToUnicode CMap of a CFF face from its sorted CIDs and widths cw[0..n). */
void pdf_cff_tounicode(buf *m, const cid_width *cw, int n);
/* Appends to m the ToUnicode CMap of a TrueType face drawn through libharu's UTF-8 encoder: the
 * identity on the BMP, but where ps (may be NULL) gives shaped glyphs their codes and texts. */
void pdf_tounicode_identity(buf *m, const pdf_shaped *ps);
/* Fills ps (once: ps->done) with the shaped glyphs face draws anywhere in ld, each with a code
 * from the Private Use Area the face leaves free (0 when none is left). Aborts on out-of-memory. */
void pdf_shaped_codes(pdf_shaped *ps, const lay_doc *ld, int face);
/* The code of the shaped glyph of run r at i in ps, or 0 when it has none. */
unsigned pdf_shaped_code(const pdf_shaped *ps, const lay_run *r, int i);
/* The BaseFont name of a CFF face's subset that keeps the characters cps[0..n), in base[0..size).
 */
void pdf_base_font(char *base, size_t size, const font_set *fs, int face, const uint32_t *cps,
                   int n);

#endif
