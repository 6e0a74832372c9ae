/* image.c: decoding and validating images: PNG and JPEG here (the only libpng and libjpeg
 * user), GIF, WebP and SVG through image_codec.h's decoders, whose first frame (an SVG's
 * raster) is taken here as PNG's decoded samples are, and a WebP's made into a PNG for the
 * EPUB (written with libpng's simplified writer).
 *
 * Every image is decoded in full when it is loaded, so corrupt data is reported once, at the
 * place that referenced the image, and never reaches libharu (which aborts on bad PNGs) or a
 * reader's EPUB renderer. The format is found from the file's signature, not its name.
 *
 * PNG goes through libpng's simplified API (png_image_*), which reports errors through the
 * png_image structure instead of longjmp-ing into our code, and which handles every bit depth,
 * palette, tRNS, 16-bit samples and Adam7 interlacing for us. The result is 8-bit gray or RGB
 * samples plus a separate 8-bit alpha plane when the file has an alpha channel or tRNS.
 *
 * JPEG goes to the PDF and EPUB as the original bytes, so here it is only decoded to prove that
 * it decodes: libjpeg's error_exit longjmps back to this file (the one setjmp in hanji), and its
 * warnings (corrupt or truncated entropy data, which libjpeg otherwise papers over) are treated
 * as fatal too. Both decoders see the header first: an image over IMAGE_MAX_PIXELS is refused
 * before any pixel memory is allocated. */
#include "image.h"

#include "file.h"
#include "flate.h"
#include "image_codec.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* Files larger than this are refused before they are read: no usable PNG or JPEG under
 * IMAGE_MAX_PIXELS comes near it. */
#define IMAGE_MAX_FILE_BYTES ((size_t)256 * 1024 * 1024)

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

typedef struct load_ctx {
    arena *a;
    diag_ctx *d;
    const char *rel, *file;
    int line, col;
} load_ctx;

static void bad(const load_ctx *lc, const char *reason)
{
    diag_report(lc->d, D_IMAGE_BAD, lc->file, lc->line, lc->col, lc->rel, reason);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Refuses images over the pixel limit (reported); returns 0 when the size is acceptable. */
static int check_size(const load_ctx *lc, unsigned w, unsigned h)
{
    if (w == 0 || h == 0) {
        bad(lc, "the image has no pixels (width or height is 0)");
        return -1;
    }
    if ((uint64_t)w * h > IMAGE_MAX_PIXELS) {
        diag_report(lc->d, D_IMAGE_TOO_BIG, lc->file, lc->line, lc->col, lc->rel, w, h,
                    (unsigned)IMAGE_MAX_PIXELS);
        return -1;
    }
    return 0;
}

/* ---- PNG ---- */

/* Walks the chunk list of a PNG that libpng has decoded: finds the resolution in a pHYs chunk
 * before the first IDAT (*dpi = 0 when absent or in unknown units) and checks that the file
 * goes on to a complete IEND chunk, which libpng's simplified reader does not require.
 * *has_trns tells whether the file has a tRNS chunk.
 * Returns 0, or -1 when the file ends early. */
static int png_scan(const unsigned char *data, size_t len, double *dpi, int *has_trns)
{
    size_t pos = 8;
    int seen_idat = 0;
    *dpi = 0;
    *has_trns = 0;
    while (pos + 12 <= len) {
        uint32_t n = be32(data + pos);
        const unsigned char *type = data + pos + 4;
        if (n > len - pos - 12)
            return -1;
        if (!memcmp(type, "IEND", 4))
            return 0;
        if (!memcmp(type, "IDAT", 4))
            seen_idat = 1;
        if (!memcmp(type, "tRNS", 4))
            *has_trns = 1;
        if (!seen_idat && !memcmp(type, "pHYs", 4) && n == 9) {
            const unsigned char *p = data + pos + 8;
            if (p[8] == 1)               /* unit 1 is the metre; 0 only gives the aspect ratio */
                *dpi = be32(p) * 0.0254; /* pixels per metre -> per inch */
        }
        pos += 12 + (size_t)n;
    }
    return -1;
}

/* Is the PNG's gamma the one its samples are drawn with as they are (none, or sRGB's 1/2.2)? */
static int png_plain_gamma(const unsigned char *data, size_t len)
{
    for (size_t pos = 8; pos + 12 <= len;) {
        uint32_t n = be32(data + pos);
        const unsigned char *type = data + pos + 4;
        if (n > len - pos - 12 || !memcmp(type, "IDAT", 4))
            break;
        if (!memcmp(type, "iCCP", 4))
            return 0;
        if (!memcmp(type, "gAMA", 4)) {
            uint32_t g = n == 4 ? be32(data + pos + 8) : 0;
            return g >= 45000 && g <= 46000;
        }
        pos += 12 + (size_t)n;
    }
    return 1;
}

/* The reason shown for a libpng failure: running out of data means the file was cut short. */
static const char *png_reason(const load_ctx *lc, const char *libpng_message)
{
    const char *what = strstr(libpng_message, "end of data") ? "truncated" : "corrupt";
    return arena_printf(lc->a, "the PNG file is %s (libpng: %s)", what, libpng_message);
}

/* Reading a PNG from memory for png_validate. */
typedef struct png_src {
    const unsigned char *data;
    size_t len, pos;
    char message[256]; /* libpng's message when it fails */
} png_src;

static void png_src_read(png_structp png, png_bytep out, size_t n)
{
    png_src *s = png_get_io_ptr(png);
    if (n > s->len - s->pos)
        png_error(png, "read beyond end of data"); /* the simplified reader's words */
    memcpy(out, s->data + s->pos, n);
    s->pos += n;
}

static void png_src_error(png_structp png, png_const_charp msg)
{
    png_src *s = png_get_error_ptr(png);
    snprintf(s->message, sizeof s->message, "%s", msg);
    png_longjmp(png, 1);
}

static void png_src_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Decodes a PNG the PDF takes as it is (png_direct) one row at a time, without keeping its
 * pixels: the whole image is proved readable in a few kilobytes instead of a buffer the size
 * of the image. Returns 0, or -1 after reporting (the same words as png_image_finish_read). */
static int png_validate(const load_ctx *lc, const image_info *im)
{
    png_src src = {im->data, im->len, 0, ""};
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_src_error, png_src_warning);
    if (!png)
        hj_oom();
    png_infop info = png_create_info_struct(png);
    unsigned char *volatile row = NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        free(row);
        png_destroy_read_struct(&png, &info, NULL);
        bad(lc, png_reason(lc, src.message[0] ? src.message : "out of memory"));
        return -1;
    }
    png_set_read_fn(png, &src, png_src_read);
    png_read_info(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    row = malloc(rowbytes ? rowbytes : 1);
    if (!row)
        hj_oom();
    for (png_uint_32 y = 0, h = png_get_image_height(png, info); y < h; y++)
        png_read_row(png, row, NULL);
    png_read_end(png, NULL);
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

/* ---- PNG read here: the fast path ----
 *
 * Most of a book's PNGs are plain: at most 8 bits per sample, not interlaced, their chunks in
 * order with good CRCs, one zlib stream that makes exactly the image's rows. Those are read
 * here: the chunks walked and checked, the image data inflated whole (flate.h: libdeflate, many
 * times the speed of zlib inside libpng), each row's filter type checked, and where the PDF
 * needs the samples (an alpha channel) the rows unfiltered. This path only ever says yes to a
 * file libpng reads without a word; anything else, or anything wrong, is left to libpng as
 * before, which then reads it or reports what is wrong in its words. */

/* Rows larger than this (in all) are not inflated whole for a PNG the PDF takes as it is:
 * libpng proves those row by row in a few kilobytes (about 21 megapixels of RGB). */
#define PNG_PLAIN_MAX_ROWS ((size_t)64 << 20)
/* libpng's limits: the largest width and height it reads (png_set_user_limits' defaults), and
 * the largest chunk but IDAT it reads without a word (PNG_USER_CHUNK_MALLOC_MAX). */
#define PNG_LIBPNG_MAX_SIDE  1000000u
#define PNG_LIBPNG_MAX_CHUNK 8000000u
#define PNG_MAX_UINT31       0x7FFFFFFFu

typedef struct png_plain {
    unsigned depth, ctype;
    size_t rowbytes, nrows; /* a row's bytes without its filter type, and the rows' in all */
    const unsigned char *z; /* the image data (IDAT): in the file when one chunk, else zbuf */
    size_t zlen;
    unsigned char *zbuf; /* the IDAT chunks' data gathered, malloc'd, or NULL */
} png_plain;

/* Samples per pixel of each colour type (0 when invalid). */
static unsigned png_channels(unsigned ctype)
{
    return ctype == 0 ? 1 : ctype == 2 ? 3 : ctype == 3 ? 1 : ctype == 4 ? 2 : ctype == 6 ? 4 : 0;
}

static int png_chunk_letters(const unsigned char *t)
{
    for (int i = 0; i < 4; i++)
        if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z')))
            return 0;
    return 1;
}

/* Is data (a PNG's signature checked) a plain PNG of depth at most 8 that this file reads? Fills
 * *p (free p->zbuf) and returns 0, or returns -1: libpng decides. */
static int png_plain_walk(const unsigned char *data, size_t len, png_plain *p)
{
    memset(p, 0, sizeof *p);
    if (len < 33 || be32(data + 8) != 13 || memcmp(data + 12, "IHDR", 4) != 0 ||
        flate_crc32(0, data + 12, 17) != be32(data + 29))
        return -1;
    uint32_t w = be32(data + 16), h = be32(data + 20);
    unsigned depth = data[24], ctype = data[25], ch = png_channels(ctype);
    if (w == 0 || h == 0 || w > PNG_LIBPNG_MAX_SIDE || h > PNG_LIBPNG_MAX_SIDE || ch == 0 ||
        data[26] != 0 || data[27] != 0 || data[28] != 0)
        return -1;
    /* depths PNG allows, at most 8 */
    if (!(depth == 8 || ((ctype == 0 || ctype == 3) && (depth == 1 || depth == 2 || depth == 4))))
        return -1;
    p->depth = depth;
    p->ctype = ctype;
    p->rowbytes = ((size_t)w * ch * depth + 7) / 8;
    p->nrows = h;
    size_t pos = 33, idat_at = 0, idat_len = 0;
    int nidat = 0, idat_done = 0, have_plte = 0;
    for (;;) {
        if (pos + 12 > len)
            return -1; /* no IEND */
        uint32_t n = be32(data + pos);
        const unsigned char *type = data + pos + 4;
        if (n > PNG_MAX_UINT31 || n > len - pos - 12 || !png_chunk_letters(type) ||
            flate_crc32(0, type, (size_t)n + 4) != be32(data + pos + 8 + n))
            return -1;
        int idat = !memcmp(type, "IDAT", 4);
        if (n > PNG_LIBPNG_MAX_CHUNK && !idat)
            return -1;
        if (idat) {
            if (idat_done)
                return -1; /* IDAT chunks apart */
            if (nidat++ == 0)
                idat_at = pos;
            idat_len += n;
        } else if (nidat) {
            idat_done = 1;
        }
        if (!memcmp(type, "IEND", 4)) {
            if (n != 0 || !nidat)
                return -1;
            break;
        }
        if (!memcmp(type, "PLTE", 4)) {
            /* a palette image's, once, before the data, no longer than its depth can index */
            if (ctype != 3 || have_plte || nidat || n == 0 || n % 3 || n / 3 > (1u << depth))
                return -1;
            have_plte = 1;
        } else if (!memcmp(type, "tRNS", 4) || (type[0] >= 'A' && type[0] <= 'Z' && !idat)) {
            return -1; /* transparency (libpng's), or another critical chunk (or a second IHDR) */
        }
        pos += 12 + (size_t)n;
    }
    if (ctype == 3 && !have_plte)
        return -1;
    if (nidat == 1) {
        p->z = data + idat_at + 8;
        p->zlen = idat_len;
    } else {
        p->zbuf = malloc(idat_len ? idat_len : 1);
        if (!p->zbuf)
            hj_oom();
        size_t at = 0;
        for (size_t q = idat_at; at < idat_len;) {
            uint32_t n = be32(data + q);
            memcpy(p->zbuf + at, data + q + 8, n);
            at += n;
            q += 12 + (size_t)n;
        }
        p->z = p->zbuf;
        p->zlen = idat_len;
    }
    /* A stream's window (its header's CINFO) smaller than zlib's largest lets libpng's zlib
     * refuse distances the window does not hold, which libdeflate would take: plain only when
     * the window holds the whole image. */
    if (p->zlen < 2)
        return -1;
    unsigned cinfo = p->z[0] >> 4;
    if (cinfo > 7 || (cinfo < 7 && p->nrows * (p->rowbytes + 1) > (size_t)1 << (cinfo + 8)))
        return -1;
    return 0;
}

/* Inflates a plain PNG's rows (each a filter type byte and rowbytes bytes), malloc'd, checking
 * their filter types; NULL when that fails (libpng decides). */
static unsigned char *png_plain_rows(const png_plain *p)
{
    size_t stride = p->rowbytes + 1;
    if (p->nrows > SIZE_MAX / stride)
        return NULL;
    size_t n = p->nrows * stride;
    unsigned char *rows = malloc(n);
    if (!rows)
        hj_oom();
    if (flate_inflate_exact(p->z, p->zlen, rows, n) != 0) {
        free(rows);
        return NULL;
    }
    for (size_t y = 0; y < p->nrows; y++)
        if (rows[y * stride] > 4) {
            free(rows);
            return NULL;
        }
    return rows;
}

/* The Paeth predictor (PNG 9.4): whichever of left, above and upper left is nearest to
 * left + above - upper left, in that order of preference. */
static unsigned char png_paeth(int a, int b, int c)
{
    int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
    return (unsigned char)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/* Undoes the rows' filters in place (bpp: bytes per complete pixel, at least 1). */
static void png_unfilter(unsigned char *rows, size_t nrows, size_t rowbytes, size_t bpp)
{
    size_t stride = rowbytes + 1;
    for (size_t y = 0; y < nrows; y++) {
        unsigned char *r = rows + y * stride + 1;
        const unsigned char *up = y ? r - stride : NULL;
        switch (r[-1]) {
        case 1: /* Sub */
            for (size_t x = bpp; x < rowbytes; x++)
                r[x] = (unsigned char)(r[x] + r[x - bpp]);
            break;
        case 2: /* Up */
            if (up)
                for (size_t x = 0; x < rowbytes; x++)
                    r[x] = (unsigned char)(r[x] + up[x]);
            break;
        case 3: /* Average */
            for (size_t x = 0; x < rowbytes; x++) {
                unsigned a = x >= bpp ? r[x - bpp] : 0, b = up ? up[x] : 0;
                r[x] = (unsigned char)(r[x] + ((a + b) >> 1));
            }
            break;
        case 4: /* Paeth */
            for (size_t x = 0; x < rowbytes; x++) {
                int a = x >= bpp ? r[x - bpp] : 0, b = up ? up[x] : 0;
                int c = x >= bpp && up ? up[x - bpp] : 0;
                r[x] = (unsigned char)(r[x] + png_paeth(a, b, c));
            }
            break;
        default: /* None */
            break;
        }
    }
}

/* A PNG the PDF takes as it is (png_direct): proved whole here when plain, else by libpng.
 * 0, or -1 after reporting. */
static int png_check_direct(const load_ctx *lc, const image_info *im)
{
    png_plain p;
    int ok = 0;
    if (png_plain_walk(im->data, im->len, &p) == 0 &&
        p.nrows <= PNG_PLAIN_MAX_ROWS / (p.rowbytes + 1)) {
        unsigned char *rows = png_plain_rows(&p);
        ok = rows != NULL;
        free(rows);
    }
    free(p.zbuf);
    return ok ? 0 : png_validate(lc, im);
}

/* An 8-bit PNG with an alpha channel (gray or RGB) read here into im's colour and alpha planes
 * when plain (the caller has checked its gamma); -1 when libpng must read it. */
static int png_read_alpha(const load_ctx *lc, image_info *im)
{
    png_plain p;
    if (png_plain_walk(im->data, im->len, &p) != 0 || p.depth != 8 ||
        (p.ctype != 4 && p.ctype != 6)) {
        free(p.zbuf);
        return -1;
    }
    unsigned char *rows = png_plain_rows(&p);
    free(p.zbuf);
    if (!rows)
        return -1;
    size_t nc = p.ctype == 6 ? 3 : 1, bpp = nc + 1, w = im->width;
    png_unfilter(rows, p.nrows, p.rowbytes, bpp);
    size_t npix = w * p.nrows;
    unsigned char *pix = arena_alloc(lc->a, npix * nc);
    unsigned char *al = arena_alloc(lc->a, npix);
    unsigned char *d = pix, *da = al;
    for (size_t y = 0; y < p.nrows; y++) {
        const unsigned char *s = rows + y * (p.rowbytes + 1) + 1;
        for (size_t x = 0; x < w; x++, s += bpp) {
            for (size_t c = 0; c < nc; c++)
                *d++ = s[c];
            *da++ = s[nc];
        }
    }
    free(rows);
    im->pixels = pix;
    im->alpha = al;
    return 0;
}

static image_info *load_png(const load_ctx *lc, image_info *im)
{
    /* The IHDR chunk must come first: check the size before libpng allocates anything. */
    if (im->len < 33) {
        bad(lc, "the PNG file is truncated (it ends inside its header)");
        return NULL;
    }
    if (be32(im->data + 8) != 13 || memcmp(im->data + 12, "IHDR", 4) != 0) {
        bad(lc, "the PNG file is corrupt (it does not begin with an IHDR chunk)");
        return NULL;
    }
    if (check_size(lc, be32(im->data + 16), be32(im->data + 20)) != 0)
        return NULL;

    /* Whether the PDF can take the file as it is (see image.h) is known from its chunks.
     * IHDR: bit depth at 24, colour type at 25, interlace method at 28. */
    int has_trns;
    png_scan(im->data, im->len, &im->dpi, &has_trns);

    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, im->data, im->len)) {
        bad(lc, png_reason(lc, img.message));
        png_image_free(&img);
        return NULL;
    }
    int color = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
    int alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0; /* also set for tRNS */
    img.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB)
                       : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
    /* A 16-bit file without gAMA/sRGB is taken as sRGB-encoded like an 8-bit one (libpng's
     * default is linear, which would make it come out much too light). */
    img.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    im->width = img.width;
    im->height = img.height;
    im->components = color ? 3 : 1;
    im->has_alpha = alpha;

    size_t npix = (size_t)img.width * img.height;
    size_t stride = PNG_IMAGE_ROW_STRIDE(img);
    size_t size = PNG_IMAGE_BUFFER_SIZE(img, stride);
    /* Opaque images decode straight into their final buffer; with alpha the interleaved
     * samples go to a temporary buffer that is then split into colour and alpha planes. */
    int depth = im->data[24], ctype = im->data[25];
    im->png_direct = depth <= 8 && (ctype == 0 || ctype == 2 || ctype == 3) && im->data[28] == 0 &&
                     !has_trns && png_plain_gamma(im->data, im->len);
    if (im->png_direct) {
        /* the PDF takes it as it is: it only needs to be proved whole, row by row */
        png_image_free(&img);
        if (png_check_direct(lc, im) != 0)
            return NULL;
        if (png_scan(im->data, im->len, &im->dpi, &has_trns) != 0) {
            bad(lc, "the PNG file is truncated (it ends before its IEND chunk)");
            return NULL;
        }
        return im;
    }
    if (alpha && depth == 8 && (ctype == 4 || ctype == 6) && im->data[28] == 0 &&
        png_plain_gamma(im->data, im->len) && png_read_alpha(lc, im) == 0) {
        png_image_free(&img);
        return im; /* (plain: IEND checked) */
    }
    int temporary = alpha;
    unsigned char *samples = temporary ? malloc(size) : arena_alloc(lc->a, size);
    if (!samples)
        hj_oom();
    if (!png_image_finish_read(&img, NULL, samples, (png_int_32)stride, NULL)) {
        bad(lc, png_reason(lc, img.message));
        png_image_free(&img);
        if (temporary)
            free(samples);
        return NULL;
    }
    png_image_free(&img);
    if (png_scan(im->data, im->len, &im->dpi, &has_trns) != 0) {
        bad(lc, "the PNG file is truncated (it ends before its IEND chunk)");
        if (temporary)
            free(samples);
        return NULL;
    }
    if (alpha) {
        int nc = im->components;
        unsigned char *pix = arena_alloc(lc->a, npix * (size_t)nc);
        unsigned char *al = arena_alloc(lc->a, npix);
        const unsigned char *s = samples;
        unsigned char *p = pix;
        for (size_t i = 0; i < npix; i++) {
            for (int c = 0; c < nc; c++)
                *p++ = *s++;
            al[i] = *s++;
        }
        free(samples);
        im->pixels = pix;
        im->alpha = al;
    } else {
        im->pixels = samples;
    }
    return im;
}

/* ---- JPEG ---- */

/* The most scans a progressive JPEG may have. Encoders write about 10 (jpegtran, mozjpeg:
 * 10 to 15); each scan makes libjpeg pass over the whole image again, so a 590 kB file with
 * thousands of scans costs half a minute of CPU. */
#define IMAGE_MAX_JPEG_SCANS 100
/* The most memory a JPEG's coefficients may take to be read whole (2 bytes a sample, before
 * subsampling): about 11 megapixels of colour. */
#define JPEG_MAX_COEF_BYTES ((uint64_t)64 << 20)

typedef struct jpeg_err {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int too_many_scans;
} jpeg_err;

/* libjpeg's progress monitor: ends the decoding past IMAGE_MAX_JPEG_SCANS. */
static void jpeg_progress(j_common_ptr cinfo)
{
    if (!cinfo->is_decompressor ||
        ((j_decompress_ptr)cinfo)->input_scan_number <= IMAGE_MAX_JPEG_SCANS)
        return;
    jpeg_err *e = (jpeg_err *)cinfo->err;
    e->too_many_scans = 1;
    longjmp(e->jump, 1);
}

static void jpeg_fail(j_common_ptr cinfo)
{
    jpeg_err *e = (jpeg_err *)cinfo->err;
    cinfo->err->format_message(cinfo, e->message);
    longjmp(e->jump, 1);
}

/* Warnings (level -1) mean damaged data that libjpeg would silently patch over: fatal here.
 * Trace messages (level >= 0) are ignored. */
static void jpeg_emit(j_common_ptr cinfo, int level)
{
    if (level < 0)
        jpeg_fail(cinfo);
}

static void jpeg_silent(j_common_ptr cinfo)
{
    (void)cinfo;
}

/* What the header of a JPEG whose header was read says: size, resolution, Adobe inversion. */
static void jpeg_header_facts(const struct jpeg_decompress_struct *cinfo, image_info *im)
{
    im->width = cinfo->image_width;
    im->height = cinfo->image_height;
    im->adobe_inverted = cinfo->saw_Adobe_marker && im->components == 4;
    if (cinfo->saw_JFIF_marker && cinfo->X_density > 0) {
        if (cinfo->density_unit == 1)
            im->dpi = cinfo->X_density;
        else if (cinfo->density_unit == 2)
            im->dpi = cinfo->X_density * 2.54;
    }
}

static image_info *load_jpeg(const load_ctx *lc, image_info *im)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    /* volatile: modified between setjmp and a possible longjmp */
    JSAMPARRAY volatile row = NULL;

    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_fail;
    err.mgr.emit_message = jpeg_emit;
    err.mgr.output_message = jpeg_silent;
    err.message[0] = '\0';
    err.too_many_scans = 0;
    struct jpeg_progress_mgr progress;
    memset(&progress, 0, sizeof progress);
    progress.progress_monitor = jpeg_progress;
    if (setjmp(err.jump)) {
        if (row)
            free(row[0]);
        free(row);
        jpeg_destroy_decompress(&cinfo);
        if (err.too_many_scans) {
            bad(lc,
                arena_printf(lc->a, "the JPEG file has more than %d scans", IMAGE_MAX_JPEG_SCANS));
            return NULL;
        }
        const char *what =
            strstr(err.message, "Premature end of JPEG file") ? "truncated" : "corrupt";
        bad(lc, arena_printf(lc->a, "the JPEG file is %s (libjpeg: %s)", what, err.message));
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    cinfo.progress = &progress;
    jpeg_mem_src(&cinfo, im->data, (unsigned long)im->len);
    jpeg_read_header(&cinfo, TRUE);

    if (check_size(lc, cinfo.image_width, cinfo.image_height) != 0) {
        jpeg_destroy_decompress(&cinfo);
        return NULL;
    }
    int nc = cinfo.num_components;
    if (cinfo.jpeg_color_space == JCS_GRAYSCALE && nc == 1)
        im->components = 1;
    else if ((cinfo.jpeg_color_space == JCS_YCbCr || cinfo.jpeg_color_space == JCS_RGB) && nc == 3)
        im->components = 3;
    else if ((cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) && nc == 4)
        im->components = 4;
    else {
        jpeg_destroy_decompress(&cinfo);
        bad(lc, arena_printf(lc->a, "unsupported JPEG colour space (%d components)", nc));
        return NULL;
    }
    if (cinfo.arith_code) {
        jpeg_destroy_decompress(&cinfo);
        bad(lc, "arithmetic-coded JPEG is not supported by PDF readers; save it as a "
                "baseline or progressive JPEG");
        return NULL;
    }
    jpeg_header_facts(&cinfo, im);

    /* Proving the data whole takes decoding its entropy-coded coefficients, not the inverse
     * DCT, upsampling and colour conversion after them (a third of the time): the coefficients
     * are read (as jpegtran does) where they fit in JPEG_MAX_COEF_BYTES, and a progressive
     * file's always (its decoding holds them all anyway); the rest is decoded row by row. */
    if ((uint64_t)cinfo.image_width * cinfo.image_height * (unsigned)nc * 2 <=
            JPEG_MAX_COEF_BYTES ||
        cinfo.progressive_mode) {
        jpeg_read_coefficients(&cinfo);
        jpeg_finish_decompress(&cinfo);
        jpeg_destroy_decompress(&cinfo);
        return im;
    }
    /* Decode every scanline to prove the data is whole; quality is irrelevant here. */
    cinfo.dct_method = JDCT_IFAST;
    cinfo.do_fancy_upsampling = FALSE;
    cinfo.do_block_smoothing = FALSE;
    jpeg_start_decompress(&cinfo);
    size_t rowlen = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    row = malloc(sizeof *row);
    if (!row || !(row[0] = malloc(rowlen)))
        hj_oom();
    while (cinfo.output_scanline < cinfo.output_height)
        jpeg_read_scanlines(&cinfo, row, 1);
    jpeg_finish_decompress(&cinfo);
    free(row[0]);
    free(row);
    row = NULL;
    jpeg_destroy_decompress(&cinfo);
    return im;
}

/* ---- GIF, WebP and SVG (image_codec.h) ---- */

/* An SVG larger than this is refused before librsvg reads it (the largest in the books we
 * tried was 2 MB). */
#define IMAGE_MAX_SVG_BYTES ((size_t)16 * 1024 * 1024)

/* Is this the text of an SVG file? After an optional byte order mark and white space, it opens
 * with '<' and has an <svg element in its first 64 kB (after the XML declaration, comments and
 * a doctype). image_svg_render checks the rest. */
static int looks_svg(const unsigned char *d, size_t len)
{
    size_t i = 0;
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    if (i >= len || d[i] != '<')
        return 0;
    size_t end = len < 65536 ? len : 65536;
    for (; i + 4 <= end; i++)
        if (d[i] == '<' && d[i + 1] == 's' && d[i + 2] == 'v' && d[i + 3] == 'g')
            return 1;
    return 0;
}

/* Takes a decoder's RGBA frame into im (see image.h: RGB samples, and an alpha plane unless
 * opaque); a WebP's also becomes the PNG the EPUB stores. Frees rgba. */
static image_info *take_rgba(const load_ctx *lc, image_info *im, unsigned char *rgba, int opaque)
{
    size_t npix = (size_t)im->width * im->height;
    unsigned char *pix = arena_alloc(lc->a, npix * 3);
    unsigned char *al = opaque ? NULL : arena_alloc(lc->a, npix);
    for (size_t i = 0; i < npix; i++) {
        memcpy(pix + i * 3, rgba + i * 4, 3);
        if (al)
            al[i] = rgba[i * 4 + 3];
    }
    im->components = 3;
    im->has_alpha = !opaque;
    im->pixels = pix;
    im->alpha = al;
    if (im->format == IMAGE_WEBP) {
        png_image img;
        memset(&img, 0, sizeof img);
        img.version = PNG_IMAGE_VERSION;
        img.width = im->width;
        img.height = im->height;
        img.format = opaque ? PNG_FORMAT_RGB : PNG_FORMAT_RGBA;
        const unsigned char *from = rgba;
        if (opaque)
            from = pix;
        png_alloc_size_t size = 0;
        if (!png_image_write_to_memory(&img, NULL, &size, 0, from, 0, NULL) || size == 0) {
            free(rgba);
            bad(lc, "it cannot be made into a PNG for the EPUB");
            png_image_free(&img);
            return NULL;
        }
        unsigned char *out = arena_alloc(lc->a, size);
        if (!png_image_write_to_memory(&img, out, &size, 0, from, 0, NULL)) {
            free(rgba);
            bad(lc, "it cannot be made into a PNG for the EPUB");
            png_image_free(&img);
            return NULL;
        }
        png_image_free(&img);
        im->edata = out;
        im->elen = size;
    }
    free(rgba);
    return im;
}

static image_info *load_codec(const load_ctx *lc, image_info *im)
{
    const char *why = NULL;
    unsigned char *rgba = NULL;
    int opaque = 1;
    if (im->format == IMAGE_SVG) {
        if (im->len > IMAGE_MAX_SVG_BYTES) {
            bad(lc, "the SVG file is larger than 16 MB");
            return NULL;
        }
        rgba = image_svg_render(lc->a, im->data, im->len, IMAGE_SVG_DPI, IMAGE_SVG_MAX_PIXELS,
                                &im->width, &im->height, &im->dpi, &opaque, &why);
        im->natural_dpi = im->dpi;
        if (rgba)
            im->edata = image_svg_epub_text(lc->a, im->data, im->len, &im->elen);
    } else {
        int gif = im->format == IMAGE_GIF;
        unsigned w = 0, h = 0;
        if ((gif ? image_gif_size(im->data, im->len, &w, &h)
                 : image_webp_size(im->data, im->len, &w, &h)) != 0) {
            bad(lc, gif ? "the GIF file is corrupt (its header cannot be read)"
                        : "the WebP file is corrupt (its header cannot be read)");
            return NULL;
        }
        if (check_size(lc, w, h) != 0)
            return NULL;
        im->width = w;
        im->height = h;
        rgba = gif ? image_gif_decode(lc->a, im->data, im->len, w, h, &opaque, &why)
                   : image_webp_decode(lc->a, im->data, im->len, w, h, &opaque, &why);
    }
    if (!rgba) {
        bad(lc, why ? why : "it cannot be decoded");
        return NULL;
    }
    return take_rgba(lc, im, rgba, opaque);
}

/* ---- entry points ---- */

static image_info *load(const load_ctx *lc, const unsigned char *data, size_t len)
{
    if (len == 0) {
        bad(lc, "the file is empty");
        return NULL;
    }
    image_info *im = ARENA_NEW(lc->a, image_info);
    im->path = arena_strdup(lc->a, lc->rel);
    im->data = data;
    im->len = len;
    im->crc = flate_crc32(0, data, len);
    if (len >= 8 && memcmp(data, png_sig, 8) == 0) {
        im->format = IMAGE_PNG;
        im->media_type = "image/png";
        im->ext = ".png";
        return load_png(lc, im);
    }
    if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        im->format = IMAGE_JPEG;
        im->media_type = "image/jpeg";
        im->ext = ".jpg";
        return load_jpeg(lc, im);
    }
    if (len >= 6 && (memcmp(data, "GIF87a", 6) == 0 || memcmp(data, "GIF89a", 6) == 0)) {
        im->format = IMAGE_GIF;
        im->media_type = "image/gif";
        im->ext = ".gif";
        return load_codec(lc, im);
    }
    if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0) {
        im->format = IMAGE_WEBP;
        im->media_type = "image/png"; /* the EPUB's copy (image_webp.c says why) */
        im->ext = ".png";
        return load_codec(lc, im);
    }
    if (looks_svg(data, len)) {
        im->format = IMAGE_SVG;
        im->media_type = "image/svg+xml";
        im->ext = ".svg";
        return load_codec(lc, im);
    }
    diag_report(lc->d, D_IMAGE_FORMAT, lc->file, lc->line, lc->col, lc->rel);
    return NULL;
}

image_info *image_load_mem(arena *a, diag_ctx *d, const unsigned char *data, size_t len,
                           const char *rel, const char *file, int line, int col)
{
    load_ctx lc = {a, d, rel, file, line, col};
    /* The result keeps the bytes, so they are copied into the arena the result lives in. */
    unsigned char *copy = arena_alloc(a, len ? len : 1);
    if (len)
        memcpy(copy, data, len);
    return load(&lc, copy, len);
}

image_info *image_load(arena *a, diag_ctx *d, const char *path, const char *rel, const char *file,
                       int line, int col)
{
    load_ctx lc = {a, d, rel, file, line, col};
    char *data;
    size_t len;
    if (file_read_max(a, path, IMAGE_MAX_FILE_BYTES, &data, &len) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            diag_report(d, D_IMAGE_NOT_FOUND, file, line, col, rel);
        else if (errno == EFBIG)
            bad(&lc, "the file is larger than 256 MB");
        else
            bad(&lc, arena_printf(a, "cannot read it (%s)", strerror(errno)));
        return NULL;
    }
    image_info *im = load(&lc, (const unsigned char *)data, len);
    if (im)
        im->disk = arena_strdup(a, path);
    return im;
}

const unsigned char *image_bytes(const image_info *im, arena *scratch)
{
    if (im->data)
        return im->data;
    char *data;
    size_t len;
    if (!im->disk || file_read_max(scratch, im->disk, IMAGE_MAX_FILE_BYTES, &data, &len) != 0 ||
        len != im->len || flate_crc32(0, data, len) != im->crc)
        return NULL;
    return (const unsigned char *)data;
}

/* ---- in two steps ---- */

/* The header of a JPEG, read silently: 0, or -1 when libjpeg cannot read it. */
static int jpeg_probe(image_info *im)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_fail;
    err.mgr.emit_message = jpeg_emit;
    err.mgr.output_message = jpeg_silent;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, im->data, (unsigned long)im->len);
    jpeg_read_header(&cinfo, TRUE);
    im->components = cinfo.num_components;
    jpeg_header_facts(&cinfo, im);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

/* image_probe's work on the file's bytes, read into a scratch arena. */
static image_info *probe(arena *a, const char *path, const char *rel, arena *bytes)
{
    char *data;
    size_t len;
    if (file_read_max(bytes, path, IMAGE_MAX_FILE_BYTES, &data, &len) != 0 || len == 0)
        return NULL;
    image_info *im = ARENA_NEW(a, image_info);
    im->path = arena_strdup(a, rel);
    im->disk = arena_strdup(a, path);
    im->data = (const unsigned char *)data;
    im->len = len;
    const unsigned char *d = im->data;
    if (len >= 33 && memcmp(d, png_sig, 8) == 0 && be32(d + 8) == 13 &&
        memcmp(d + 12, "IHDR", 4) == 0) {
        im->format = IMAGE_PNG;
        im->media_type = "image/png";
        im->width = be32(d + 16);
        im->height = be32(d + 20);
        int has_trns;
        png_scan(d, len, &im->dpi, &has_trns);
    } else if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        im->format = IMAGE_JPEG;
        im->media_type = "image/jpeg";
        if (jpeg_probe(im) != 0)
            return NULL;
    } else if (len >= 6 && image_gif_size(d, len, &im->width, &im->height) == 0) {
        im->format = IMAGE_GIF;
        im->media_type = "image/gif";
        im->ext = ".gif";
    } else if (len >= 12 && image_webp_size(d, len, &im->width, &im->height) == 0) {
        im->format = IMAGE_WEBP;
        im->media_type = "image/png";
        im->ext = ".png";
    } else {
        return NULL; /* an SVG's size is known only once it is parsed: loaded in order */
    }
    if (im->width == 0 || im->height == 0 || (uint64_t)im->width * im->height > IMAGE_MAX_PIXELS)
        return NULL;
    im->data = NULL; /* (in the scratch arena) */
    return im;
}

image_info *image_probe(arena *a, const char *path, const char *rel)
{
    arena bytes;
    arena_init(&bytes);
    image_info *im = probe(a, path, rel, &bytes);
    arena_free(&bytes);
    return im;
}

image_info *image_check(arena *a, diag_ctx *d, const image_info *probe, const char *file, int line,
                        int col)
{
    return image_load(a, d, probe->disk, probe->path, file, line, col);
}
