/* sysfont.h: the installed fonts (the only fontconfig user): a face that draws a character none
 * of the book's faces has, so that a Chinese, Thai, Arabic or Hebrew book prints with no font
 * named (setup.sh installs Debian's fonts-noto-core, fonts-noto-cjk and fonts-droid-fallback).
 * Faces with TrueType or CFF outlines are offered (the PDF writer embeds both), also from
 * collections (.ttc: Noto CJK's). These files are the
 * machine's, not the project's: they are read, never written. */
#ifndef HANJI_SYSFONT_H
#define HANJI_SYSFONT_H

#include <stddef.h>
#include <stdint.h>

typedef struct sysfont sysfont;

/* Opens fontconfig's view of the installed fonts; NULL when there is none. */
sysfont *sysfont_open(void);
/* Writes to path (size bytes) the file of an installed face (TrueType or CFF outlines) that
 * draws cp, and to *index its number in that file (a collection, .ttc, holds several),
 * preferring a serif, upright, regular one suited to lang (BCP 47, may be NULL). Returns 0,
 * or -1 when no installed face draws cp. */
int sysfont_find(sysfont *s, uint32_t cp, const char *lang, char *path, size_t size,
                 unsigned *index);
/* Writes to name (size bytes) the family of the first installed font, of any kind, that has cp
 * in its character set (one sysfont_find would not offer: bitmap, Type 1, variable...).
 * Returns 0, or -1 when no installed font has cp. */
int sysfont_name(sysfont *s, uint32_t cp, char *name, size_t size);
/* NULL is allowed. */
void sysfont_close(sysfont *s);

#endif
