/* image_codec.h: the decoders image.c hands the formats it does not read itself, each the only
 * user of its library: image_gif.c (giflib), image_webp.c (libwebp) and image_svg.c (librsvg,
 * with cairo for its canvas).
 *
 * Contract, alike for the three: the input is untrusted bytes in memory (never a path: nothing
 * is read from the file system, not even by librsvg). A *_size function reads the header only
 * and gives the size in pixels (0, or -1 when the header is bad). A decoder checks the whole
 * file (every frame of a GIF, which an EPUB keeps as it is), then returns the first frame as
 * 8-bit RGBA samples, not premultiplied, row-major without padding, in memory from malloc that
 * the caller frees; *opaque tells whether every alpha sample is 255. On failure it returns NULL
 * and *why is the reason in words, allocated in a ("the GIF file is truncated"), for the
 * message "image 'x' cannot be used: REASON". The caller has checked the size from *_size
 * against its pixel limit before decoding; a decoder refuses a frame larger than that size. */
#ifndef HANJI_IMAGE_CODEC_H
#define HANJI_IMAGE_CODEC_H

#include "arena.h"

#include <stddef.h>

/* GIF87a and GIF89a: the logical screen's size; the first frame is drawn onto a transparent
 * screen of that size (what browsers show before the animation runs). */
int image_gif_size(const unsigned char *data, size_t len, unsigned *w, unsigned *h);
unsigned char *image_gif_decode(arena *a, const unsigned char *data, size_t len, unsigned w,
                                unsigned h, int *opaque, const char **why);

/* WebP, lossy, lossless or animated (the first frame). */
int image_webp_size(const unsigned char *data, size_t len, unsigned *w, unsigned *h);
unsigned char *image_webp_decode(arena *a, const unsigned char *data, size_t len, unsigned w,
                                 unsigned h, int *opaque, const char **why);

/* SVG. Its own size is in CSS pixels (96 to the inch; from width and height, else from the
 * viewBox). It is drawn at dpi pixels to the inch, or fewer when that would take more than
 * max_pixels (or more than 32767 on a side: cairo's limit): *w and *h get the raster's size,
 * *got_dpi the resolution it was drawn at. Refused before drawing: a file that is not an SVG
 * document, entity declarations, scripts, and references to anything outside the file (an
 * href or a CSS url() other than "#id" or a PNG, JPEG or GIF data: URL, CSS @import): librsvg
 * is given no base file, so it could not read them anyway, but the EPUB would keep them. */
unsigned char *image_svg_render(arena *a, const unsigned char *data, size_t len, double dpi,
                                unsigned max_pixels, unsigned *w, unsigned *h, double *got_dpi,
                                int *opaque, const char **why);

/* The SVG's text as the EPUB stores it: without its document type declaration (EPUB 3 allows
 * no external identifier there, and a real book's SVG editors write the SVG 1.1 DTD's), in a;
 * NULL when there is none to drop. Called on a file image_svg_render accepted (no entities). */
unsigned char *image_svg_epub_text(arena *a, const unsigned char *data, size_t len, size_t *outlen);

#endif
