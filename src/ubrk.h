/* ubrk.h: line-break opportunities after UAX #14 (the only libunibreak user). */
#ifndef HANJI_UBRK_H
#define HANJI_UBRK_H

#include "hanji.h"

enum {
    UBRK_MUST = 0,  /* a break is mandatory after the character */
    UBRK_ALLOW = 1, /* a break is allowed after it */
    UBRK_NO = 2     /* no break after it */
};

/* Classifies the position after each of the n code points in cps into brk[0..n) (UBRK_*).
 * lang is a BCP 47 tag or NULL; it tunes a few language-specific rules. The last position is
 * always UBRK_MUST (end of text). Never fails. */
void ubrk_breaks(const uint32_t *cps, size_t n, const char *lang, char *brk);

#endif
