/* flate.h: zlib's deflate and inflate (flate.c is the only zlib user). The PDF writer deflates
 * each page's content stream as soon as the page is drawn, so that the finished document never
 * holds the uncompressed pages; the print preflight inflates streams to read them back. */
#ifndef HANJI_FLATE_H
#define HANJI_FLATE_H

#include "buf.h"

/* A compressor kept across calls (zlib's state is a quarter megabyte: set up once). */
typedef struct flate flate;
flate *flate_new(void);
void flate_free(flate *z);
/* Appends the zlib stream (RFC 1950, as PDF's FlateDecode wants) of src[0..len) to out, at
 * zlib's default level. Returns 0, or -1 when zlib fails (out is then unchanged). */
int flate_deflate(flate *z, const void *src, size_t len, buf *out);
/* Inflates the zlib stream src[0..len) into a malloc'd block (the caller frees it) of *outlen
 * bytes. NULL when the data is not a valid zlib stream or would inflate past max bytes. */
unsigned char *flate_inflate(const void *src, size_t len, size_t max, size_t *outlen);

#endif
