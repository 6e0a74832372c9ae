/* image_webp.c: decoding WebP images (the only libwebp user); see image_codec.h.
 *
 * A still image (lossy VP8, lossless VP8L, either with alpha) is decoded by WebPDecodeRGBAInto
 * into a buffer of the size its header gives; an animation's first frame comes from libwebp's
 * animation decoder (libwebpdemux), which checks the container and draws the frame onto the
 * canvas. Only the first frame is ever shown: the EPUB gets a PNG of it (image.c), as EPUB 3.2,
 * which epubcheck 4.2.6 checks against, does not count WebP among its core media types. */
#include "image_codec.h"

#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/demux.h>

int image_webp_size(const unsigned char *data, size_t len, unsigned *w, unsigned *h)
{
    int iw = 0, ih = 0;
    if (len < 12 || memcmp(data, "RIFF", 4) != 0 || memcmp(data + 8, "WEBP", 4) != 0 ||
        !WebPGetInfo(data, len, &iw, &ih) || iw <= 0 || ih <= 0)
        return -1;
    *w = (unsigned)iw;
    *h = (unsigned)ih;
    return 0;
}

static const char *webp_reason(VP8StatusCode st)
{
    switch (st) {
    case VP8_STATUS_NOT_ENOUGH_DATA:
        return "the WebP file is truncated";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
        return "the WebP file uses a feature libwebp does not support";
    default:
        return "the WebP file is corrupt";
    }
}

unsigned char *image_webp_decode(arena *a, const unsigned char *data, size_t len, unsigned w,
                                 unsigned h, int *opaque, const char **why)
{
    (void)a;
    WebPBitstreamFeatures f;
    VP8StatusCode st = WebPGetFeatures(data, len, &f);
    if (st != VP8_STATUS_OK) {
        *why = webp_reason(st);
        return NULL;
    }
    if (f.width <= 0 || f.height <= 0 || (unsigned)f.width != w || (unsigned)f.height != h) {
        *why = "the WebP file is corrupt (its size reads two ways)";
        return NULL;
    }
    size_t size = (size_t)w * h * 4;
    unsigned char *px = malloc(size);
    if (!px)
        hj_oom();
    if (!f.has_animation) {
        WebPDecoderConfig cfg;
        if (!WebPInitDecoderConfig(&cfg))
            hj_oom();
        cfg.output.colorspace = MODE_RGBA;
        cfg.output.is_external_memory = 1;
        cfg.output.u.RGBA.rgba = px;
        cfg.output.u.RGBA.stride = (int)w * 4;
        cfg.output.u.RGBA.size = size;
        st = WebPDecode(data, len, &cfg);
        WebPFreeDecBuffer(&cfg.output);
        if (st != VP8_STATUS_OK) {
            free(px);
            *why = webp_reason(st);
            return NULL;
        }
    } else {
        WebPAnimDecoderOptions o;
        WebPData wd = {data, len};
        WebPAnimDecoder *dec = NULL;
        uint8_t *frame = NULL;
        int ts = 0;
        WebPAnimInfo info;
        if (!WebPAnimDecoderOptionsInit(&o) ||
            (o.color_mode = MODE_RGBA, o.use_threads = 0, !(dec = WebPAnimDecoderNew(&wd, &o))) ||
            !WebPAnimDecoderGetInfo(dec, &info) || info.canvas_width != w ||
            info.canvas_height != h || !WebPAnimDecoderGetNext(dec, &frame, &ts) || !frame) {
            WebPAnimDecoderDelete(dec);
            free(px);
            *why = "the WebP animation is truncated or corrupt";
            return NULL;
        }
        memcpy(px, frame, size);
        WebPAnimDecoderDelete(dec);
    }
    *opaque = 1;
    for (size_t i = 0, n = (size_t)w * h; i < n && *opaque; i++)
        *opaque = px[i * 4 + 3] == 255;
    return px;
}
