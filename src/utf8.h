/* utf8.h: UTF-8 decoding, validation and repair. Code points are uint32_t. */
#ifndef HANJI_UTF8_H
#define HANJI_UTF8_H

#include "arena.h"
#include "hanji.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point from s[0..n) (n >= 1). Stores its length in *len (>= 1).
 * Invalid or truncated sequences, overlongs and surrogates give UTF8_REPLACEMENT with *len 1. */
uint32_t utf8_decode(const char *s, size_t n, size_t *len);
/* Writes cp as UTF-8 into out (room for 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);
/* Offset of the first invalid byte, or n when s is valid UTF-8. */
size_t utf8_invalid_at(const char *s, size_t n);
/* Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane (U+xFFFE,
 * U+xFFFF). Valid Unicode, but libraries use some as sentinels (libunibreak: U+FFFF). */
int utf8_is_noncharacter(uint32_t cp);
/* Whether cp may appear in hanji's outputs as it is: not a C0 control other than tab, LF and
 * CR, not DEL or a C1 control, not a noncharacter (what the XHTML writer keeps). */
int utf8_is_text(uint32_t cp);
/* The columns cp takes in a monospace grid: 2 for East Asian Wide and Fullwidth characters
 * (UAX #11 W and F: Han, kana, Hangul syllables, fullwidth forms, wide emoji), else 1. */
int utf8_columns(uint32_t cp);
/* Number of code points in s[0..n). */
size_t utf8_count(const char *s, size_t n);

/* s in capitals: Latin (ASCII, Latin-1, Latin Extended-A), Greek and Cyrillic letters made
 * upper case, everything else kept (a label set in capitals). Allocated in a. */
char *utf8_upper(arena *a, const char *s);

#endif
