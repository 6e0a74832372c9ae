/* flate.c: zlib's deflate and inflate for the PDF writer and the print preflight (see flate.h).
 * The only file that includes zlib. */
#include "flate.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct flate {
    z_stream zs;
};

flate *flate_new(void)
{
    flate *z = calloc(1, sizeof *z);
    if (!z)
        hj_oom();
    if (deflateInit(&z->zs, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(z);
        return NULL;
    }
    return z;
}

void flate_free(flate *z)
{
    if (!z)
        return;
    deflateEnd(&z->zs);
    free(z);
}

int flate_deflate(flate *z, const void *src, size_t len, buf *out)
{
    if (!z || len > (size_t)UINT32_MAX / 2)
        return -1;
    uLong bound = deflateBound(&z->zs, (uLong)len);
    buf_reserve(out, (size_t)bound);
    z->zs.next_in = (Bytef *)(uintptr_t)src;
    z->zs.avail_in = (uInt)len;
    z->zs.next_out = (Bytef *)out->data + out->len;
    z->zs.avail_out = (uInt)bound;
    int rc = deflate(&z->zs, Z_FINISH);
    size_t n = (size_t)bound - z->zs.avail_out;
    deflateReset(&z->zs);
    if (rc != Z_STREAM_END)
        return -1;
    out->len += n;
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
