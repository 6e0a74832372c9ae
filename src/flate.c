/* flate.c: deflate and inflate for the PDF writer, the images and the print preflight (see
 * flate.h). The only file that includes zlib or libdeflate: libdeflate compresses (content
 * streams and images, whole buffers) and inflates images, zlib inflates for the preflight. */
#include "flate.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* libdeflate's level for image rows: 1 is its fastest; on screenshots and diagrams put with the
 * Up filter the higher levels gain a few percent of size for half as much time again. */
#define FLATE_ROWS_LEVEL 1

/* libdeflate's level for content streams and other whole buffers: zlib's default, in about
 * half zlib's time and a little smaller. */
#define FLATE_LEVEL 6

struct flate {
    struct libdeflate_compressor *std;  /* at FLATE_LEVEL */
    struct libdeflate_compressor *rows; /* at FLATE_ROWS_LEVEL, made on first use */
};

flate *flate_new(void)
{
    flate *z = calloc(1, sizeof *z);
    if (!z)
        hj_oom();
    if (!(z->std = libdeflate_alloc_compressor(FLATE_LEVEL))) {
        free(z);
        return NULL;
    }
    return z;
}

void flate_free(flate *z)
{
    if (!z)
        return;
    libdeflate_free_compressor(z->std);
    if (z->rows)
        libdeflate_free_compressor(z->rows);
    free(z);
}

int flate_deflate(flate *z, const void *src, size_t len, buf *out)
{
    if (!z)
        return -1;
    size_t bound = libdeflate_zlib_compress_bound(z->std, len);
    buf_reserve(out, bound);
    size_t got = libdeflate_zlib_compress(z->std, src, len, out->data + out->len, bound);
    if (got == 0)
        return -1;
    out->len += got;
    out->data[out->len] = '\0';
    return 0;
}

unsigned char *flate_inflate(const void *src, size_t len, size_t max, size_t *outlen)
{
    size_t cap = len * 4 + 1024;
    for (;;) {
        if (cap > max)
            cap = max;
        unsigned char *b = malloc(cap ? cap : 1);
        if (!b)
            hj_oom();
        uLongf n = (uLongf)cap;
        int rc = uncompress(b, &n, (const Bytef *)src, (uLong)len);
        if (rc == Z_OK) {
            *outlen = n;
            return b;
        }
        free(b);
        if (rc != Z_BUF_ERROR || cap >= max)
            return NULL;
        cap *= 2;
    }
}

int flate_deflate_rows(flate *z, const unsigned char *px, unsigned w, unsigned h, int comps,
                       buf *out)
{
    size_t rowlen = (size_t)w * (size_t)comps;
    if (!z || w == 0 || h == 0 || comps < 1 || rowlen > SIZE_MAX / 2 / h)
        return -1;
    if (!z->rows && !(z->rows = libdeflate_alloc_compressor(FLATE_ROWS_LEVEL)))
        return -1;
    size_t n = (rowlen + 1) * h;
    unsigned char *f = malloc(n);
    if (!f)
        hj_oom();
    for (size_t y = 0; y < h; y++) {
        unsigned char *d = f + y * (rowlen + 1);
        const unsigned char *s = px + y * rowlen;
        d[0] = 2; /* Up */
        if (y == 0) {
            memcpy(d + 1, s, rowlen);
        } else {
            const unsigned char *above = s - rowlen;
            for (size_t x = 0; x < rowlen; x++)
                d[1 + x] = (unsigned char)(s[x] - above[x]);
        }
    }
    size_t bound = libdeflate_zlib_compress_bound(z->rows, n);
    buf_reserve(out, bound);
    size_t got = libdeflate_zlib_compress(z->rows, f, n, out->data + out->len, bound);
    free(f);
    if (got == 0)
        return -1;
    out->len += got;
    out->data[out->len] = '\0';
    return 0;
}

int flate_inflate_exact(const void *src, size_t len, void *out, size_t outlen)
{
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (!d)
        hj_oom();
    size_t used = 0;
    enum libdeflate_result r = libdeflate_zlib_decompress_ex(d, src, len, out, outlen, &used, NULL);
    libdeflate_free_decompressor(d);
    return r == LIBDEFLATE_SUCCESS && used == len ? 0 : -1;
}

uint32_t flate_crc32(uint32_t crc, const void *p, size_t n)
{
    return libdeflate_crc32(crc, p, n);
}
