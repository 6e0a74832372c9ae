/* bidi.h: the Unicode bidirectional algorithm (UAX #9) for paragraphs and lines (the only
 * FriBidi user). Layout resolves a paragraph's embedding levels on its logical text, breaks
 * lines in logical order, then asks for each line's visual order; nothing else reorders text.
 * Levels are UAX #9's: even left-to-right, odd right-to-left. Never fails: when FriBidi cannot
 * allocate, every character takes the paragraph's level (the text stays readable). */
#ifndef HANJI_BIDI_H
#define HANJI_BIDI_H

#include "hanji.h"

enum { BIDI_LTR = 0, BIDI_RTL = 1, BIDI_AUTO = 2 };

/* Nonzero when cps[0..n) holds a right-to-left character or an explicit directional
 * formatting character, i.e. when a left-to-right paragraph's text may need reordering. */
int bidi_needed(const uint32_t *cps, int n);
/* The direction of text by its first strong character (P2/P3): BIDI_LTR or BIDI_RTL, or
 * BIDI_AUTO when it has none. */
int bidi_text_direction(const uint32_t *cps, int n);
/* Resolves the embedding level of each character of a paragraph cps[0..n) into levels[0..n)
 * (P2 to I2; L1 waits for the lines). base is BIDI_LTR, BIDI_RTL or BIDI_AUTO (by the first
 * strong character, left to right when there is none). Returns the paragraph level (0 or 1). */
int bidi_levels(const uint32_t *cps, int n, int base, unsigned char *levels);
/* The visual order of one line: cps[0..n) and levels[0..n) are the line's characters in
 * logical order (a space may stand for glue). Applies L1 (whitespace at the line's end takes
 * the paragraph level, written back to levels) and L2, and writes order[v] = the logical index
 * of the character drawn v-th from the left. */
void bidi_reorder(int para_level, const uint32_t *cps, unsigned char *levels, int n, int *order);

#endif
