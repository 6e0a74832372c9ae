/* image_gif.c: decoding GIF images (the only giflib user); see image_codec.h.
 *
 * giflib's record-level reader (DGifGetRecordType, DGifGetImageDesc, DGifGetLine) rather than
 * DGifSlurp, which would keep every frame of an animation in memory: here each frame is read
 * row by row into one row buffer. The first frame is drawn onto a transparent canvas the size
 * of the logical screen (clipped to it, its transparent index left transparent, interlaced
 * rows put in their places); the later frames are decoded only to prove they decode, since an
 * EPUB keeps the whole file and a reading system will play it. giflib returns errors (it never
 * longjmps or aborts), so a truncated or corrupt file is a reason in words. */
#include "image_codec.h"

#include <gif_lib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* An animation may have this many frames at most, and this many pixels in all its frames
 * (giflib spends about 10 ns a pixel: a few seconds at the limit). */
#define GIF_MAX_FRAMES       2000
#define GIF_MAX_TOTAL_PIXELS (400ull * 1000 * 1000)

typedef struct gif_src {
    const unsigned char *data;
    size_t len, pos;
} gif_src;

static int gif_read(GifFileType *g, GifByteType *out, int n)
{
    gif_src *s = g->UserData;
    size_t want = n > 0 ? (size_t)n : 0;
    size_t k = want < s->len - s->pos ? want : s->len - s->pos;
    memcpy(out, s->data + s->pos, k);
    s->pos += k;
    return (int)k;
}

int image_gif_size(const unsigned char *data, size_t len, unsigned *w, unsigned *h)
{
    if (len < 13 || (memcmp(data, "GIF87a", 6) != 0 && memcmp(data, "GIF89a", 6) != 0))
        return -1;
    *w = data[6] | (unsigned)data[7] << 8;
    *h = data[8] | (unsigned)data[9] << 8;
    return 0;
}

static const char *gif_reason(arena *a, int err, const gif_src *s)
{
    if (err == D_GIF_ERR_READ_FAILED || s->pos >= s->len)
        return "the GIF file is truncated";
    const char *m = GifErrorString(err);
    return arena_printf(a, "the GIF file is corrupt (giflib: %s)", m ? m : "unknown error");
}

unsigned char *image_gif_decode(arena *a, const unsigned char *data, size_t len, unsigned w,
                                unsigned h, int *opaque, const char **why)
{
    gif_src src = {data, len, 0};
    int err = 0;
    GifFileType *g = DGifOpen(&src, gif_read, &err);
    if (!g) {
        *why = gif_reason(a, err, &src);
        return NULL;
    }
    unsigned char *canvas = calloc((size_t)w * h, 4); /* transparent */
    GifByteType *row = malloc(w ? w : 1);
    if (!canvas || !row)
        hj_oom();
    int frames = 0, transparent = -1, done = 0;
    unsigned long long total = 0;
    const char *bad = NULL;
    while (!done && !bad) {
        GifRecordType rt;
        if (DGifGetRecordType(g, &rt) == GIF_ERROR) {
            bad = gif_reason(a, g->Error, &src);
            break;
        }
        switch (rt) {
        case EXTENSION_RECORD_TYPE: {
            int code;
            GifByteType *ext;
            if (DGifGetExtension(g, &code, &ext) == GIF_ERROR) {
                bad = gif_reason(a, g->Error, &src);
                break;
            }
            if (code == GRAPHICS_EXT_FUNC_CODE && ext && frames == 0) {
                GraphicsControlBlock gcb;
                if (ext[0] >= 4 && DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK)
                    transparent = gcb.TransparentColor;
            }
            while (ext && !bad) {
                if (DGifGetExtensionNext(g, &ext) == GIF_ERROR)
                    bad = gif_reason(a, g->Error, &src);
            }
            break;
        }
        case IMAGE_DESC_RECORD_TYPE: {
            if (DGifGetImageDesc(g) == GIF_ERROR) {
                bad = gif_reason(a, g->Error, &src);
                break;
            }
            const GifImageDesc *id = &g->Image;
            if (++frames > GIF_MAX_FRAMES) {
                bad = arena_printf(a, "the GIF file has more than %d frames", GIF_MAX_FRAMES);
                break;
            }
            if (id->Width <= 0 || id->Height <= 0 || (unsigned)id->Width > w ||
                (unsigned)id->Height > h) {
                bad = arena_printf(a,
                                   "the GIF file is corrupt (frame %d is %dx%d, larger than "
                                   "the %ux%u screen)",
                                   frames, id->Width, id->Height, w, h);
                break;
            }
            total += (unsigned long long)id->Width * (unsigned long long)id->Height;
            if (total > GIF_MAX_TOTAL_PIXELS) {
                bad = "the GIF file's frames have more than 400 million pixels in all";
                break;
            }
            const ColorMapObject *cm = id->ColorMap ? id->ColorMap : g->SColorMap;
            if (frames == 1 && !cm) {
                bad = "the GIF file is corrupt (its first frame has no colour table)";
                break;
            }
            /* rows in file order; an interlaced frame sends rows 0, 8, 16..., then 4, 12...,
               then 2, 6..., then 1, 3... */
            static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
            int pass = 0, y = 0;
            for (int k = 0; k < id->Height && !bad; k++) {
                if (DGifGetLine(g, row, id->Width) == GIF_ERROR) {
                    bad = gif_reason(a, g->Error, &src);
                    break;
                }
                int ry = k;
                if (id->Interlace) {
                    while (y >= id->Height && pass < 3)
                        y = start[++pass];
                    ry = y;
                    y += step[pass];
                }
                if (frames != 1)
                    continue;
                long cy = (long)id->Top + ry;
                if (cy < 0 || cy >= (long)h)
                    continue;
                for (int x = 0; x < id->Width; x++) {
                    long cx = (long)id->Left + x;
                    if (cx >= (long)w || row[x] == transparent)
                        continue;
                    unsigned char *p = canvas + ((size_t)cy * w + (size_t)cx) * 4;
                    if (row[x] < cm->ColorCount) {
                        p[0] = cm->Colors[row[x]].Red;
                        p[1] = cm->Colors[row[x]].Green;
                        p[2] = cm->Colors[row[x]].Blue;
                    } /* else black, as browsers draw an index past the table */
                    p[3] = 255;
                }
            }
            break;
        }
        case TERMINATE_RECORD_TYPE:
            done = 1;
            break;
        default:
            break;
        }
    }
    if (!bad && frames == 0)
        bad = "the GIF file has no image in it";
    free(row);
    DGifCloseFile(g, &err);
    if (bad) {
        free(canvas);
        *why = bad;
        return NULL;
    }
    *opaque = 1;
    for (size_t i = 0, n = (size_t)w * h; i < n && *opaque; i++)
        *opaque = canvas[i * 4 + 3] == 255;
    return canvas;
}
