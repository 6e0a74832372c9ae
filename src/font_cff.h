/* font_cff.h: the CFF table reader font.c uses to find a CFF face's CIDs (font_cff.c). Both
 * functions read d[0..len) only, whatever its bytes. */
#ifndef HANJI_FONT_CFF_H
#define HANJI_FONT_CFF_H

#include <stddef.h>

/* Reads the header, the Name INDEX and the first font's Top DICT of the CFF table d[0..len)
 * (d may be NULL): *cid_keyed is 1 for a CID-keyed font (ROS operator), *charset the charset's
 * offset (0: the predefined ISOAdobe charset). Returns 0, or -1 when the table does not hold
 * them (*cid_keyed and *charset then untouched). */
int fontcff_top(const unsigned char *d, size_t len, int *cid_keyed, long *charset);
/* The CID of glyph gid from a CID-keyed font's charset at off (format 0, 1 or 2), or -1. */
long fontcff_charset_cid(const unsigned char *d, size_t len, long off, unsigned gid);

#endif
