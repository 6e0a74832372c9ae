/* image.h: decoding and validating images; shared by both outputs (image.c reads PNG and JPEG,
 * the only libpng/libjpeg user, and hands GIF, WebP and SVG to image_gif.c, image_webp.c and
 * image_svg.c: image_codec.h). An image is fully decoded once when loaded, so a corrupt file is
 * an error at load time and never reaches libharu (which aborts on corrupt PNGs). */
#ifndef HANJI_IMAGE_H
#define HANJI_IMAGE_H

#include "arena.h"
#include "diag.h"

typedef enum { IMAGE_PNG, IMAGE_JPEG, IMAGE_GIF, IMAGE_WEBP, IMAGE_SVG } image_format;

/* Images larger than this many pixels (width x height) are refused. */
#define IMAGE_MAX_PIXELS (40u * 1000u * 1000u)
/* An SVG is drawn for the PDF at IMAGE_SVG_DPI at its own size (the layout never places it
 * larger), in at most IMAGE_SVG_MAX_PIXELS (a 6 x 9 in page at 300 dpi is 4.9 million): a
 * larger own size is drawn at a lower resolution, so no SVG makes a huge raster. */
#define IMAGE_SVG_DPI        300.0
#define IMAGE_SVG_MAX_PIXELS (16u * 1000u * 1000u)

typedef struct image_info {
    const char *path; /* project-relative, e.g. "images/theatre.png" */
    image_format format;
    const char *media_type; /* the EPUB's copy: "image/png", "image/jpeg", "image/gif",
                               "image/svg+xml" (a WebP's is a PNG) */
    const char *ext;        /* the EPUB's copy's extension: ".png", ".jpg", ".gif", ".svg";
                               NULL: from format */
    unsigned width, height; /* pixels (an SVG's: its raster's) */
    int components;         /* of the decoded pixels: 1 gray, 3 RGB, 4 CMYK (JPEG only) */
    int has_alpha;          /* PNG with an alpha channel or tRNS */
    double dpi;             /* resolution recorded in the file (an SVG's raster's), or 0 */
    /* Pixels to the inch at which the image has its own size, for the layout (never placed
     * larger): an SVG's raster's resolution; 0 for the others (the layout's FIGURE_DPI). */
    double natural_dpi;
    /* The file's bytes (EPUB stores these; JPEG and png_direct PNGs go to the PDF as they
     * are), or NULL once released: an image decoded in the background (imgload.c) keeps none,
     * so a book holds no more than the image being read (issue 16), and image_bytes reads the
     * file again. */
    const unsigned char *data;
    size_t len;
    uint32_t crc;     /* CRC-32 of the len bytes */
    const char *disk; /* where the file is read (image_load's path), or NULL */
    /* the bytes the EPUB stores when they are not data (a WebP's PNG), else NULL */
    const unsigned char *edata;
    size_t elen;
    int adobe_inverted; /* JPEG CMYK written with Adobe's inverted convention */
    /* Other PNGs (not png_direct), GIF, WebP and SVG (the first frame; an SVG's raster), for
     * the PDF: 8-bit samples, row-major, no padding */
    const unsigned char *pixels; /* components per pixel (1 or 3) */
    const unsigned char *alpha;  /* 1 byte per pixel, or NULL when opaque */
    /* A PNG of at most 8 bits per sample, not interlaced, gray, RGB or palette, without
     * transparency or a gamma other than sRGB's, that decoded completely: the PDF may embed
     * its IDAT data as is (FlateDecode with the PNG predictors) and its PLTE as the palette.
     * Its decoded pixels are not kept (pixels is NULL). */
    int png_direct;
    /* pixels and alpha already deflated (zlib streams, as PDF's FlateDecode reads them) when
     * they were prepared ahead, on the image thread (imgload.c); else NULL, and the PDF writer
     * deflates them itself */
    const unsigned char *zpixels, *zalpha;
    size_t zpixels_len, zalpha_len;
} image_info;

/* Loads and fully validates the image at path (on disk); rel is the project-relative path used
 * in messages and in the EPUB. On failure reports to d at (file, line, col), the place that
 * referenced the image, and returns NULL. */
image_info *image_load(arena *a, diag_ctx *d, const char *path, const char *rel, const char *file,
                       int line, int col);
/* The same from bytes already in memory (for tests and the fuzzer). */
image_info *image_load_mem(arena *a, diag_ctx *d, const unsigned char *data, size_t len,
                           const char *rel, const char *file, int line, int col);

/* image_load in two steps, so that the decoding can run on another thread while the text is
 * set (imgload.c). image_probe reads the file and looks at its header only: format, size and
 * resolution (all the layout needs), the record in a, the bytes not kept; NULL, reporting
 * nothing, when it cannot tell (image_load then reports why). image_check is image_load of
 * the probe's file: the result (in a, reported to d, both private to the caller, so any thread
 * may run it) must have the same size and resolution as the probe (the caller compares), and
 * NULL means the image cannot be used. */
image_info *image_probe(arena *a, const char *path, const char *rel);
image_info *image_check(arena *a, diag_ctx *d, const image_info *probe, const char *file, int line,
                        int col);

/* The file's bytes of an image: im->data, or when released the file read again into scratch
 * (which the caller frees) and checked against the length and CRC-32 it had when it was
 * decoded. NULL when it cannot be read or is no longer the file that was checked. */
const unsigned char *image_bytes(const image_info *im, arena *scratch);

#endif
