/* thbrk.h: word boundaries in Thai text (the only libthai user). Thai writes no spaces between
 * words, and UAX #14 leaves such text to a dictionary: without one, a line may end mid-word. */
#ifndef HANJI_THBRK_H
#define HANJI_THBRK_H

#include "hanji.h"

/* Within each run of Thai letters of cps[0..n), replaces the break opportunities in brk (UBRK_*
 * from ubrk.h, as ubrk_breaks gave them) by the dictionary's word boundaries; the position after
 * a run keeps its own. Without libthai's dictionary, brk is left as it is. Never fails. */
void thbrk_words(const uint32_t *cps, size_t n, char *brk);

#endif
