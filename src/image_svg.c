/* image_svg.c: drawing SVG images for the PDF (the only librsvg and cairo user); see
 * image_codec.h.
 *
 * The EPUB keeps the SVG itself; the PDF gets a raster drawn at print resolution. librsvg reads
 * the bytes from memory with no base file, and without RSVG_HANDLE_FLAG_UNLIMITED (so libxml2's
 * limits on nesting and text hold): with no base it loads no other file and no URL, only data:
 * URLs. Before librsvg sees the file, a scan of its text refuses what an EPUB must not carry and
 * what hanji would not draw the same way in both outputs: entity declarations (expanded text
 * is a way to make a small file huge), scripts, and references to other files or URLs (href
 * and xlink:href values, CSS url() and @import). The scan is a plain search of the bytes, not a
 * parse: it may refuse a file that only mentions such a thing in a comment or a text, which
 * errs on the safe side, and it cannot miss one librsvg would follow, since librsvg follows
 * only those attributes and CSS functions.
 *
 * The raster's size: the SVG's own size (CSS pixels, 96 to the inch) at the dpi asked for,
 * smaller when that would pass the pixel limit. librsvg draws into a cairo ARGB32 surface
 * (premultiplied, native-endian 32-bit words), converted here to straight RGBA. */
#include "image_codec.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* cairo's image surfaces are at most this many pixels on a side */
#define SVG_MAX_SIDE 32767

/* Is there s (ASCII, compared without case) at p, within end? */
static int at_ci(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && strncasecmp(p, s, n) == 0;
}

/* The value that starts at p (quoted or not), up to its end, in a; NULL when p is at end. */
static const char *value_at(arena *a, const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    const char *q = p;
    if (p < end && (*p == '"' || *p == '\'')) {
        char quote = *p++;
        q = p;
        while (q < end && *q != quote && q - p < 200)
            q++;
    } else {
        while (q < end && *q != ')' && *q != ' ' && *q != ';' && *q != '>' && q - p < 200)
            q++;
    }
    return arena_strndup(a, p, (size_t)(q - p));
}

/* May the SVG refer to value (an href or url() target)? Fragments of the file itself and
 * pictures inside it (data: URLs of formats librsvg decodes itself through gdk-pixbuf's
 * common loaders) only. */
static int ref_allowed(const char *v)
{
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
        v++;
    return *v == '#' || !*v || strncasecmp(v, "data:image/png", 14) == 0 ||
           strncasecmp(v, "data:image/jpeg", 15) == 0 || strncasecmp(v, "data:image/gif", 14) == 0;
}

/* Why the SVG text cannot be used (see the top of the file), or NULL. */
static const char *svg_refuse(arena *a, const char *s, size_t len)
{
    const char *end = s + len;
    /* an SVG document: the SVG namespace and an <svg element */
    int has_svg = 0, has_ns = 0;
    for (const char *p = s; p < end && !(has_svg && has_ns); p++) {
        if (*p == '<' && at_ci(p, end, "<svg"))
            has_svg = 1;
        if (*p == 'h' && at_ci(p, end, "http://www.w3.org/2000/svg"))
            has_ns = 1;
    }
    if (!has_svg || !has_ns)
        return "it is not an SVG document (no <svg> element in the SVG namespace)";
    for (const char *p = s; p < end; p++) {
        char c = *p | 0x20;
        if (*p == '<' && at_ci(p, end, "<!ENTITY"))
            return "the SVG declares entities (<!ENTITY>); save it without them";
        if (*p == '<' && at_ci(p, end, "<script"))
            return "the SVG holds a script";
        if (*p == '@' && at_ci(p, end, "@import"))
            return "the SVG imports a style sheet (@import)";
        if (c == 'u' && at_ci(p, end, "url(")) {
            const char *v = value_at(a, p + 4, end);
            if (!ref_allowed(v))
                return arena_printf(a, "the SVG refers to '%s' outside itself", v);
        }
        if (c == 'h' && at_ci(p, end, "href") && p > s &&
            (p[-1] == ' ' || p[-1] == ':' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r')) {
            const char *q = p + 4;
            while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
                q++;
            if (q < end && *q == '=') {
                const char *v = value_at(a, q + 1, end);
                if (!ref_allowed(v))
                    return arena_printf(a, "the SVG refers to '%s' outside itself", v);
            }
        }
    }
    return NULL;
}

/* A GError's message in a, without the line end librsvg's parse errors carry. */
static const char *gerror_text(arena *a, const GError *err)
{
    const char *m = err && err->message ? err->message : "unknown error";
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == '\r' || m[n - 1] == ' '))
        n--;
    return arena_strndup(a, m, n);
}

/* librsvg's messages go to GLib's log; a hostile file must not fill the terminal. */
static void svg_log_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud)
{
    (void)domain, (void)level, (void)msg, (void)ud;
}

unsigned char *image_svg_render(arena *a, const unsigned char *data, size_t len, double dpi,
                                unsigned max_pixels, unsigned *w, unsigned *h, double *got_dpi,
                                int *opaque, const char **why)
{
    const char *no = svg_refuse(a, (const char *)data, len);
    if (no) {
        *why = no;
        return NULL;
    }
    g_log_set_handler("librsvg", G_LOG_LEVEL_MASK, svg_log_quiet, NULL);
    GInputStream *in = g_memory_input_stream_new_from_data(data, (gssize)len, NULL);
    GError *err = NULL;
    RsvgHandle *hd = rsvg_handle_new_from_stream_sync(in, NULL, RSVG_HANDLE_FLAGS_NONE, NULL, &err);
    g_object_unref(in);
    if (!hd) {
        *why = arena_printf(a, "the SVG file cannot be read (librsvg: %s)", gerror_text(a, err));
        g_clear_error(&err);
        return NULL;
    }
    rsvg_handle_set_dpi(hd, 96);
    /* its own size in CSS pixels: width and height, else the viewBox */
    double cw = 0, ch = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(hd, &cw, &ch)) {
        gboolean hw, hh, hv;
        RsvgLength lw, lh;
        RsvgRectangle vb;
        rsvg_handle_get_intrinsic_dimensions(hd, &hw, &lw, &hh, &lh, &hv, &vb);
        cw = hv ? vb.width : 0;
        ch = hv ? vb.height : 0;
    }
    if (!isfinite(cw) || !isfinite(ch) || cw <= 0 || ch <= 0 || cw > 1e7 || ch > 1e7) {
        g_object_unref(hd);
        *why = "the SVG has no usable size (give its <svg> element a width and height, or a "
               "viewBox)";
        return NULL;
    }
    /* the raster: dpi to the inch, within the pixel limit and cairo's */
    double s = dpi / 96.0;
    if (cw * s * ch * s > max_pixels)
        s = sqrt(max_pixels / (cw * ch));
    if (cw * s > SVG_MAX_SIDE)
        s = SVG_MAX_SIDE / cw;
    if (ch * s > SVG_MAX_SIDE)
        s = SVG_MAX_SIDE / ch;
    double fw = floor(cw * s + 0.5), fh = floor(ch * s + 0.5);
    unsigned rw = fw < 1 ? 1 : (unsigned)fw, rh = fh < 1 ? 1 : (unsigned)fh;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)rw, (int)rh);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        g_object_unref(hd);
        *why = "the SVG's raster cannot be made (cairo: out of memory)";
        return NULL;
    }
    cairo_t *cr = cairo_create(surf);
    RsvgRectangle vp = {0, 0, rw, rh};
    gboolean ok = rsvg_handle_render_document(hd, cr, &vp, &err);
    cairo_destroy(cr);
    g_object_unref(hd);
    if (!ok) {
        cairo_surface_destroy(surf);
        *why = arena_printf(a, "the SVG cannot be drawn (librsvg: %s)", gerror_text(a, err));
        g_clear_error(&err);
        return NULL;
    }
    cairo_surface_flush(surf);
    const unsigned char *src = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    unsigned char *px = malloc((size_t)rw * rh * 4);
    if (!px)
        hj_oom();
    *opaque = 1;
    for (unsigned y = 0; y < rh; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(src + (size_t)y * (size_t)stride);
        unsigned char *o = px + (size_t)y * rw * 4;
        for (unsigned x = 0; x < rw; x++, o += 4) {
            uint32_t v = row[x];
            unsigned al = v >> 24, r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
            if (al != 255) {
                *opaque = 0;
                if (al) { /* un-premultiply */
                    r = (r * 255 + al / 2) / al;
                    g = (g * 255 + al / 2) / al;
                    b = (b * 255 + al / 2) / al;
                }
            }
            o[0] = (unsigned char)(r > 255 ? 255 : r);
            o[1] = (unsigned char)(g > 255 ? 255 : g);
            o[2] = (unsigned char)(b > 255 ? 255 : b);
            o[3] = (unsigned char)al;
        }
    }
    cairo_surface_destroy(surf);
    *w = rw;
    *h = rh;
    *got_dpi = 96.0 * rw / cw;
    return px;
}

unsigned char *image_svg_epub_text(arena *a, const unsigned char *data, size_t len, size_t *outlen)
{
    const char *s = (const char *)data, *end = s + len;
    const char *p = s;
    for (; p < end; p++)
        if (*p == '<' && at_ci(p, end, "<!DOCTYPE"))
            break;
        else if (*p == '<' && p + 1 < end && p[1] != '?' && p[1] != '!')
            return NULL; /* the root element came first: no doctype */
    if (p >= end)
        return NULL;
    /* its end: the '>' after the internal subset's ']' when it has one, quoted strings skipped */
    const char *q = p + 9;
    int subset = 0;
    char quote = 0;
    for (; q < end; q++) {
        if (quote) {
            if (*q == quote)
                quote = 0;
        } else if (*q == '"' || *q == '\'') {
            quote = *q;
        } else if (*q == '[') {
            subset = 1;
        } else if (*q == ']') {
            subset = 0;
        } else if (*q == '>' && !subset) {
            break;
        }
    }
    if (q >= end)
        return NULL;
    size_t head = (size_t)(p - s), tail = (size_t)(end - (q + 1));
    unsigned char *out = arena_alloc(a, head + tail + 1);
    memcpy(out, data, head);
    memcpy(out + head, q + 1, tail);
    *outlen = head + tail;
    return out;
}
