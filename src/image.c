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
        if (png_validate(lc, im) != 0)
            return NULL;
        if (png_scan(im->data, im->len, &im->dpi, &has_trns) != 0) {
            bad(lc, "the PNG file is truncated (it ends before its IEND chunk)");
            return NULL;
        }
        return im;
    }
    int temporary = alpha;
    unsigned char *buf = temporary ? malloc(size) : arena_alloc(lc->a, size);
    if (!buf)
        hj_oom();
    if (!png_image_finish_read(&img, NULL, buf, (png_int_32)stride, NULL)) {
        bad(lc, png_reason(lc, img.message));
        png_image_free(&img);
        if (temporary)
            free(buf);
        return NULL;
    }
    png_image_free(&img);
    if (png_scan(im->data, im->len, &im->dpi, &has_trns) != 0) {
        bad(lc, "the PNG file is truncated (it ends before its IEND chunk)");
        if (temporary)
            free(buf);
        return NULL;
    }
    if (alpha) {
        int nc = im->components;
        unsigned char *pix = arena_alloc(lc->a, npix * (size_t)nc);
        unsigned char *al = arena_alloc(lc->a, npix);
        const unsigned char *s = buf;
        unsigned char *p = pix;
        for (size_t i = 0; i < npix; i++) {
            for (int c = 0; c < nc; c++)
                *p++ = *s++;
            al[i] = *s++;
        }
        free(buf);
        im->pixels = pix;
        im->alpha = al;
    } else {
        im->pixels = buf;
    }
    return im;
}

/* ---- JPEG ---- */

/* The most scans a progressive JPEG may have. Encoders write about 10 (jpegtran, mozjpeg:
 * 10 to 15); each scan makes libjpeg pass over the whole image again, so a 590 kB file with
 * thousands of scans costs half a minute of CPU. */
#define IMAGE_MAX_JPEG_SCANS 100

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
    return load(&lc, (const unsigned char *)data, len);
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

image_info *image_probe(arena *a, const char *path, const char *rel)
{
    char *data;
    size_t len;
    if (file_read_max(a, path, IMAGE_MAX_FILE_BYTES, &data, &len) != 0 || len == 0)
        return NULL;
    image_info *im = ARENA_NEW(a, image_info);
    im->path = arena_strdup(a, rel);
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
    return im;
}

image_info *image_check(arena *a, diag_ctx *d, const image_info *probe, const char *file, int line,
                        int col)
{
    load_ctx lc = {a, d, probe->path, file, line, col};
    return load(&lc, probe->data, probe->len);
}
