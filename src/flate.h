/* flate.h: deflate and inflate (flate.c is the only zlib and libdeflate user). The PDF writer
 * deflates each page's content stream as soon as the page is drawn, so that the finished
 * document never holds the uncompressed pages; the print preflight inflates streams to read
 * them back. Images are inflated and deflated whole, in memory, with libdeflate (several times
 * zlib's speed on image data, which is most of an image-heavy book's time: issue 16). */
#ifndef HANJI_FLATE_H
#define HANJI_FLATE_H

#include "buf.h"

/* A compressor kept across calls (set up once). */
typedef struct flate flate;
flate *flate_new(void);
void flate_free(flate *z);
/* Appends the zlib stream (RFC 1950, as PDF's FlateDecode wants) of src[0..len) to out, at
 * level 6 (libdeflate's). Returns 0, or -1 when that fails (out is then unchanged). */
int flate_deflate(flate *z, const void *src, size_t len, buf *out);
/* Inflates the zlib stream src[0..len) into a malloc'd block (the caller frees it) of *outlen
 * bytes. NULL when the data is not a valid zlib stream or would inflate past max bytes. */
unsigned char *flate_inflate(const void *src, size_t len, size_t max, size_t *outlen);

/* Appends to out the zlib stream of h rows of w pixels of comps 8-bit samples (row-major, no
 * padding), each row put as PNG's Up filter puts it (a filter type byte 2, then the
 * differences from the row above), which is what PDF's FlateDecode reads with
 * << /Predictor 15 /Colors comps /BitsPerComponent 8 /Columns w >> as its DecodeParms. At a
 * fast level: image rows so put compress about twice as well as raw samples, and quickly.
 * Returns 0, or -1 when it cannot (out is then unchanged). */
int flate_deflate_rows(flate *z, const unsigned char *px, unsigned w, unsigned h, int comps,
                       buf *out);
/* Inflates the zlib stream src[0..len), which must make exactly outlen bytes, into out: 0, or
 * -1 when it is not a valid zlib stream (a preset dictionary, a wrong Adler-32), makes fewer or
 * more bytes, or has bytes after its end. */
int flate_inflate_exact(const void *src, size_t len, void *out, size_t outlen);
/* The CRC-32 of p[0..n) continued from crc (0 to begin), as PNG and zip compute it. */
uint32_t flate_crc32(uint32_t crc, const void *p, size_t n);

#endif
