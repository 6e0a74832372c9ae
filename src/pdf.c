/* pdf.c: draws a typeset book (lay_doc) as a PDF through libharu 2.3.0; the only libharu user.
 *
 * Text: fonts are embedded as TrueType with libharu's UTF-8 encoder, so a glyph's CID is its
 * Unicode code point. Each run is written straight into the page's content stream as one TJ
 * array whose numbers move every glyph to the pen position the layout computed (kerning and
 * justification included): after glyph i the viewer's pen is at (its x + /W width), and the
 * number -(wanted - viewer) * 1000 / size moves it to the next glyph's x.
 *
 * Shaped glyphs (an Arabic letter's joining form, a mirrored bracket, a ligature: lay_run.gids)
 * have no code point of their own. A TrueType face's shaped glyphs get codes from the Private
 * Use Area that its cmap and text leave free (pdf_shaped): the CIDToGIDMap sends each to its
 * glyph (the subset keeps glyph ids), /W gets its width and the ToUnicode its text, so text
 * extraction gives the characters. Marks sit where HarfBuzz put them: their x in the TJ
 * numbers, a y off the baseline in a text matrix of their own.
 *
 * Faces with CFF outlines (.otf), which libharu cannot embed, get font objects made here
 * (cff_font): a Type0 font over a CIDFontType0 whose FontFile3 is the bare CFF program of
 * HarfBuzz's subset (subtype CIDFontType0C), /W and a ToUnicode of our own. Their codes are
 * CIDs (the subset's glyph ids, or its charset's CIDs for a CID-keyed font), not code points,
 * and the pages select them with a Tf of our own. Their shaped glyphs are drawn by their CIDs
 * too (the subset keeps glyph ids); a CID has one ToUnicode text, so a glyph drawn for two
 * characters (a bracket mirrored in right-to-left text) extracts as the character it
 * nominally draws.
 *
 * Errors: libharu reports through a callback; ours records the first error and returns, and
 * every step checks the recorded error and leaves through the one cleanup path (no longjmp).
 *
 * What the fonts say that needs no libharu (the shaped glyphs' codes, a CFF face's CIDs, the
 * ToUnicode CMaps, the BaseFont name) is worked out in pdf_font.c (pdf_int.h); this file makes
 * the libharu objects from it and stays the only libharu user.
 *
 * Reproducibility: no clock; Info dates from b->modified; the trailer /ID is an MD5 of the
 * drawn content; libharu numbers its subset tags with a counter. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "pdf_int.h"
#include "memo.h"
#include "flate.h"
#include "sink.h"
#include "layout.h"
#include "output.h"
#include "utf8.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Link rectangles reach this far above and below a run's baseline, in em. */
#define LINK_ASCENT  0.80
#define LINK_DESCENT 0.25

/* libharu refuses strings of 65,535 bytes and more (0x105B STRING_OUT_OF_RANGE); a bookmark
 * title is cut to this many bytes (at a character boundary), far more than a viewer shows. */
#define PDF_MAX_OUTLINE_TITLE 1024

typedef struct pdf_doc {
    HPDF_STATUS err, detail; /* the first libharu error */
    char where[80];          /* what was being written when it came ("page 12"), for the message */
    HPDF_Doc pdf;
    const lay_doc *ld;
    const book *b;
    int nfaces;
    HPDF_Font *fonts;          /* per face, loaded on first use */
    int *tmpfds;               /* per face: the subset file, already unlinked (so no kill can leave
                                  it behind) and open until saving is done; -1 when none */
    unsigned char **used;      /* per face: bitmap of code points already marked as used */
    struct pdf_cff *cff;       /* per face: the CID of each character of a CFF face (cff_font) */
    struct pdf_shaped *shaped; /* per face: the codes of its shaped glyphs (pdf_shaped_codes) */
    HPDF_Page *pages;
    float bleed, pw, ph; /* page size including bleed */
    const image_info **imgkeys;
    HPDF_Image *imgs;
    int nimgs, capimgs;
    int spool;               /* image streams' bytes until saving (spool_stream); -1 none yet,
                                -2 none to be had (they stay in memory) */
    off_t spool_len;         /* bytes in it */
    struct spooled *spooled; /* its streams, freed after the document */
    HPDF_MD5_CTX md5;
    flate *z;                  /* deflates each page's content stream once it is drawn */
    buf raw, zbuf;             /* a page's stream before and after */
    buf key;                   /* a page's key in the watch session's memo (page_key) */
    buf faces_id;              /* the faces' files and stamps, in every page's key */
    HPDF_BYTE zdigest[16];     /* the MD5 of the last stream put_zstream hashed */
    unsigned char *spaced;     /* per face: put_run drew a space glyph of it on the page */
    unsigned char **pagebm;    /* per face: code points listed by page_remember (emptied after) */
    struct face_key *face_key; /* per face, for page_key (faces_identity) */
    struct held *held;         /* the deflated streams' bytes (put_zstream), freed after */
} pdf_doc;
typedef pdf_doc pdf_ctx;

/* What page_key says of a face: CFF (never kept), the face libharu makes its font with, the
 * width of its space glyph. */
typedef struct face_key {
    int cff, twin, space_w;
} face_key;

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
    pdf_ctx *c = user;
    if (!c->err) {
        c->err = err;
        c->detail = detail;
    }
}

/* Nonzero when libharu has reported an error (recorded or pending in the document). */
static int failed(pdf_ctx *c)
{
    if (!c->err && c->pdf && HPDF_GetError(c->pdf))
        c->err = HPDF_GetError(c->pdf), c->detail = HPDF_GetErrorDetail(c->pdf);
    return c->err != 0;
}

/* Formats a number with at most 3 decimals and no trailing zeros (locale-free; by hand, as
 * it runs for every glyph position and printf was 4% of a build). */
static int fmt_num(char *out, double v)
{
    long long m = (long long)(v * 1000.0 + (v < 0 ? -0.5 : 0.5));
    int n = 0;
    if (m < 0) {
        out[n++] = '-';
        m = -m;
    }
    char d[24];
    int nd = 0;
    unsigned long long ip = (unsigned long long)m / 1000;
    do
        d[nd++] = (char)('0' + ip % 10);
    while ((ip /= 10) != 0);
    while (nd)
        out[n++] = d[--nd];
    int frac = (int)(m % 1000);
    if (frac) {
        out[n++] = '.';
        out[n++] = (char)('0' + frac / 100);
        if (frac % 100) {
            out[n++] = (char)('0' + frac / 10 % 10);
            if (frac % 10)
                out[n++] = (char)('0' + frac % 10);
        }
    }
    out[n] = 0;
    return n;
}

static void hash_bytes(pdf_ctx *c, const void *p, size_t n)
{
    HPDF_MD5Update(&c->md5, (const HPDF_BYTE *)p, (HPDF_UINT32)n);
}

/* Replaces the ToUnicode libharu 2.3.0 writes (its encoding CMap, which poppler and strict
 * validators reject) with pdf_tounicode_identity's. */
static void fix_tounicode(pdf_ctx *c, HPDF_Font f, const pdf_shaped *ps)
{
    HPDF_Dict st = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!st)
        return;
    st->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    buf m = BUF_INIT;
    pdf_tounicode_identity(&m, ps);
    HPDF_Stream_Write(st->stream, (const HPDF_BYTE *)m.data, (HPDF_UINT)m.len);
    buf_free(&m);
    HPDF_Dict_RemoveElement(f, "ToUnicode");
    HPDF_Dict_Add(f, "ToUnicode", st);
}

/* Writes the Filter entry libharu would drop (the stream's own filter is none: its bytes are
 * already deflated and go out as they are). */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Gives stream dict st the deflated form of raw[0..len) (taken from the watch session's cache
 * when it has it), to go out as it is with the Filter entry written by write_flate_filter; the
 * document ID hashes what is written. libharu would otherwise keep raw until the document is
 * saved and deflate it then. */
static void put_zstream(pdf_ctx *c, HPDF_Dict st, const void *z, size_t zlen,
                        const HPDF_BYTE *digest, int stable);

static int put_deflated_memo(pdf_ctx *c, HPDF_Dict st, const char *raw, size_t len, const memo *m)
{
    size_t zlen = 0;
    const void *z = memo_get(m, MEMO_DEFLATED, raw, len, &zlen);
    int stable = z != NULL;
    if (!z) {
        buf_clear(&c->zbuf);
        if (flate_deflate(c->z, raw, len, &c->zbuf) < 0)
            return -1;
        z = c->zbuf.data;
        zlen = c->zbuf.len;
        memo_put(m, MEMO_DEFLATED, raw, len, z, zlen);
    }
    put_zstream(c, st, z, zlen, NULL, stable);
    return failed(c) ? -1 : 0;
}

static int put_deflated(pdf_ctx *c, HPDF_Dict st, const char *raw, size_t len)
{
    return put_deflated_memo(c, st, raw, len, c->b ? c->b->memo : NULL);
}

/* Where a stream libharu reads back through callbacks stands: the first member of held and
 * spooled, so that both share the seek, tell and size callbacks below. */
typedef struct cursor {
    HPDF_UINT len, pos;
} cursor;

static HPDF_STATUS cursor_seek(HPDF_Stream st, HPDF_INT pos, HPDF_WhenceMode mode)
{
    cursor *k = st->attr;
    long long at = mode == HPDF_SEEK_CUR   ? (long long)k->pos + pos
                   : mode == HPDF_SEEK_END ? (long long)k->len - pos
                                           : pos;
    if (at < 0 || at > (long long)k->len)
        return HPDF_SetError(st->error, HPDF_STREAM_EOF, 0);
    k->pos = (HPDF_UINT)at;
    return HPDF_OK;
}

static HPDF_INT32 cursor_tell(HPDF_Stream st)
{
    return (HPDF_INT32)((cursor *)st->attr)->pos;
}

static HPDF_UINT32 cursor_size(HPDF_Stream st)
{
    return ((cursor *)st->attr)->len;
}

/* A deflated stream's bytes, which libharu reads when the document is saved: the memo's
 * (valid until the build ends, after the save) or a copy of our own, never copied into a
 * libharu memory stream and out again (libharu copies byte by byte). */
typedef struct held {
    cursor at; /* first: the cursor callbacks take the held as a cursor */
    const HPDF_BYTE *p;
    void *own; /* p, when the copy is ours */
    struct held *next;
} held;

static HPDF_STATUS held_read(HPDF_Stream st, HPDF_BYTE *p, HPDF_UINT *siz)
{
    held *h = st->attr;
    HPDF_UINT n = *siz < h->at.len - h->at.pos ? *siz : h->at.len - h->at.pos;
    memcpy(p, h->p + h->at.pos, n);
    h->at.pos += n;
    *siz = n;
    return h->at.pos >= h->at.len ? HPDF_STREAM_EOF : HPDF_OK;
}

/* Gives stream dict st the deflated bytes z[0..zlen) (see put_deflated): kept where they are
 * when stable (valid until the document is saved), else copied. The document ID hashes their
 * MD5 digest (digest, or NULL: made here, and kept in c->zdigest), so that a page a watch
 * session kept is not hashed again. */
static void put_zstream(pdf_ctx *c, HPDF_Dict st, const void *z, size_t zlen,
                        const HPDF_BYTE *digest, int stable)
{
    if (!digest) {
        HPDF_MD5_CTX one;
        HPDF_MD5Init(&one);
        HPDF_MD5Update(&one, (const HPDF_BYTE *)z, (HPDF_UINT32)zlen);
        HPDF_MD5Final(c->zdigest, &one);
        digest = c->zdigest;
    }
    hash_bytes(c, digest, 16);
    st->filter = HPDF_STREAM_FILTER_NONE;
    st->write_fn = write_flate_filter;
    held *h = calloc(1, sizeof *h);
    if (!h)
        hj_oom();
    h->at.len = (HPDF_UINT)zlen;
    if (stable) {
        h->p = z;
    } else {
        h->own = malloc(zlen ? zlen : 1);
        if (!h->own)
            hj_oom();
        memcpy(h->own, z, zlen);
        h->p = h->own;
    }
    h->next = c->held;
    c->held = h;
    HPDF_Stream r =
        HPDF_CallbackReader_New(c->pdf->mmgr, held_read, cursor_seek, cursor_tell, cursor_size, h);
    if (!r)
        return; /* libharu's error is set */
    HPDF_Stream_Free(st->stream);
    st->stream = r;
}

/* Page pi's content stream (drawn into c->raw by draw_page), deflated now rather than when the
 * document is saved, so that the document never holds every page uncompressed. Nothing may
 * draw on the page afterwards. m: the memo of deflated streams (NULL: none). */
static int compress_page(pdf_ctx *c, int pi, const memo *m)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)c->pages[pi]->attr;
    int rc = put_deflated_memo(c, attr->contents, c->raw.len ? c->raw.data : "", c->raw.len, m);
    attr->stream = attr->contents->stream; /* the page's own name for it */
    return rc;
}

/* The bytes libharu has written into a memory stream so far, into out. */
static void stream_bytes(HPDF_Stream st, buf *out)
{
    buf_clear(out);
    HPDF_UINT nb = HPDF_MemStream_GetBufCount(st);
    for (HPDF_UINT i = 0; i < nb; i++) {
        HPDF_UINT len = 0;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
        if (p && len)
            buf_put(out, p, len);
    }
}

/* A dictionary that is an object of its own in the file (referred to where it is added). */
static HPDF_Dict new_object(pdf_ctx *c)
{
    HPDF_Dict d = HPDF_Dict_New(c->pdf->mmgr);
    if (d && HPDF_Xref_Add(c->pdf->xref, d) != HPDF_OK)
        return NULL; /* libharu freed it */
    return d;
}

/* The Type0 font of a CFF face from its subset sub[0..len) (font_subset's OpenType file):
 * CIDFontType0 with the subset's CFF program as its FontFile3, the widths layout used in /W,
 * and a ToUnicode. Fills c->cff[face]. NULL on failure. */
static HPDF_Font cff_font(pdf_ctx *c, int face, const char *sub, size_t len)
{
    font_set *fs = c->ld->fonts;
    pdf_cff *cf = &c->cff[face];
    HPDF_MMgr mm = c->pdf->mmgr;
    cf->cps = font_used_chars(fs, face, &cf->n);
    cf->cids = malloc(sizeof(uint16_t) * (size_t)(cf->n ? cf->n : 1));
    /* glyphs drawn by id (shaped: joining forms, mirrored brackets): their code is their CID */
    pdf_shaped *ps = &c->shaped[face];
    if (font_face_uses_glyphs(fs, face))
        pdf_shaped_codes(&c->shaped[face], c->ld, face);
    int *gids = malloc(sizeof(int) * (size_t)(ps->n + 1));
    uint16_t *gcids = malloc(sizeof(uint16_t) * (size_t)(ps->n + 1));
    cid_width *cw = malloc(sizeof(cid_width) * (size_t)(cf->n + ps->n + 1));
    if (!cf->cids || !cw || !gids || !gcids)
        hj_oom();
    for (int i = 0; i < ps->n; i++)
        gids[i] = ps->g[i].gid;
    buf prog = BUF_INIT, m = BUF_INIT;
    HPDF_Font t0 = NULL;
    if (font_cff_program(sub, len, cf->cps, cf->n, cf->cids, gids, ps->n, gcids, &prog) < 0 ||
        prog.len == 0)
        goto done;
    /* .notdef (CID 0) draws what no face has: its width as layout gave it */
    int n = 0;
    cw[n++] = (cid_width){0, font_pdf_width(fs, face, 0), 0, NULL, 0};
    for (int i = 0; i < cf->n; i++)
        cw[n++] =
            (cid_width){cf->cids[i], font_pdf_width(fs, face, cf->cps[i]), cf->cps[i], NULL, 0};
    for (int i = 0; i < ps->n; i++) {
        ps->g[i].code = gcids[i]; /* what pdf_shaped_code gives put_run */
        if (gcids[i])
            cw[n++] = (cid_width){gcids[i], font_pdf_width_glyph(fs, face, gids[i]), 0x10FFFF,
                                  ps->g[i].text, ps->g[i].ntext};
    }
    qsort(cw, (size_t)n, sizeof *cw, pdf_cid_cmp);

    char base[80];
    pdf_base_font(base, sizeof base, fs, face, cf->cps, cf->n);

    HPDF_STATUS ret = HPDF_OK;
    HPDF_Dict fd = new_object(c), cid = new_object(c), font = new_object(c);
    HPDF_Dict file = HPDF_DictStream_New(mm, c->pdf->xref);
    HPDF_Dict tu = HPDF_DictStream_New(mm, c->pdf->xref);
    HPDF_Array desc = HPDF_Array_New(mm), bbox = HPDF_Array_New(mm), w = HPDF_Array_New(mm);
    HPDF_Dict csi = HPDF_Dict_New(mm);
    if (!fd || !cid || !font || !file || !tu || !desc || !bbox || !w || !csi || failed(c))
        goto done;
    font_desc d = font_face_desc(fs, face);
    font_metrics fm = font_face_metrics(fs, face);
    ret += HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddName(fd, "FontName", base);
    ret += HPDF_Dict_AddNumber(fd, "Flags",
                               4 | (d.fixed_pitch ? 1 : 0) | (d.italic_angle != 0 ? 64 : 0));
    for (int k = 0; k < 4; k++)
        ret += HPDF_Array_AddNumber(bbox, d.bbox[k]);
    ret += HPDF_Dict_Add(fd, "FontBBox", bbox);
    ret += HPDF_Dict_AddReal(fd, "ItalicAngle", (HPDF_REAL)d.italic_angle);
    ret += HPDF_Dict_AddNumber(fd, "Ascent", fm.ascender);
    ret += HPDF_Dict_AddNumber(fd, "Descent", fm.descender);
    ret += HPDF_Dict_AddNumber(fd, "CapHeight", fm.cap_height);
    ret += HPDF_Dict_AddNumber(fd, "StemV", 80); /* not in the font; viewers barely use it */
    ret += HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
    ret += HPDF_Dict_Add(fd, "FontFile3", file);

    ret += HPDF_Dict_AddName(cid, "Type", "Font");
    ret += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType0");
    ret += HPDF_Dict_AddName(cid, "BaseFont", base);
    ret += HPDF_Dict_Add(csi, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    ret += HPDF_Dict_Add(csi, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    ret += HPDF_Dict_AddNumber(csi, "Supplement", 0);
    ret += HPDF_Dict_Add(cid, "CIDSystemInfo", csi);
    ret += HPDF_Dict_Add(cid, "FontDescriptor", fd);
    /* /W: runs of consecutive CIDs, each [first [w w ...]] */
    for (int i = 0; i < n && ret == HPDF_OK;) {
        HPDF_Array run = HPDF_Array_New(mm);
        if (!run)
            goto done;
        ret += HPDF_Array_AddNumber(w, (HPDF_INT32)cw[i].cid);
        ret += HPDF_Array_Add(w, run);
        unsigned next = cw[i].cid;
        for (; i < n && cw[i].cid <= next; i++)
            if (cw[i].cid == next) {
                ret += HPDF_Array_AddNumber(run, cw[i].w);
                next++;
            }
    }
    ret += HPDF_Dict_Add(cid, "W", w);

    ret += HPDF_Dict_AddName(font, "Type", "Font");
    ret += HPDF_Dict_AddName(font, "Subtype", "Type0");
    ret += HPDF_Dict_AddName(font, "BaseFont", base);
    ret += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
    ret += HPDF_Array_Add(desc, cid);
    ret += HPDF_Dict_Add(font, "DescendantFonts", desc);
    pdf_cff_tounicode(&m, cw, n);
    ret += HPDF_Dict_Add(font, "ToUnicode", tu);
    if (ret != HPDF_OK || failed(c) || put_deflated(c, file, prog.data, prog.len) < 0 ||
        put_deflated(c, tu, m.data, m.len) < 0)
        goto done;
    t0 = font;
done:
    buf_free(&prog);
    buf_free(&m);
    free(cw);
    free(gids);
    free(gcids);
    return t0;
}

/* Gives a TrueType face's font the shaped glyphs' codes: the CIDToGIDMap bytes in map (made
 * long enough), /W entries and libharu's marks that keep every glyph of the subset (which is
 * HarfBuzz's, with composite glyphs' parts in it). */
static void shaped_font(pdf_ctx *c, int face, HPDF_Font f, buf *map)
{
    const pdf_shaped *ps = &c->shaped[face];
    HPDF_FontAttr fa = (HPDF_FontAttr)f->attr;
    HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)fa->fontdef->attr;
    for (unsigned g = 0; g < da->num_glyphs; g++)
        da->glyph_tbl.flgs[g] = 1;
    HPDF_Array w = HPDF_Dict_GetItem(fa->descendant_font, "W", HPDF_OCLASS_ARRAY);
    for (int i = 0; i < ps->n; i++) {
        unsigned code = ps->g[i].code;
        int gid = ps->g[i].gid;
        if (code == 0 || gid <= 0 || (unsigned)gid >= da->num_glyphs)
            continue;
        while (map->len < (size_t)code * 2 + 2)
            buf_putc(map, 0);
        map->data[code * 2] = (char)(gid >> 8);
        map->data[code * 2 + 1] = (char)(gid & 0xFF);
        if (w) {
            HPDF_Array one = HPDF_Array_New(c->pdf->mmgr);
            if (!one)
                return;
            HPDF_Array_AddNumber(w, (HPDF_INT32)code);
            HPDF_Array_Add(w, one);
            HPDF_Array_AddNumber(one, font_pdf_width_glyph(c->ld->fonts, face, gid));
        }
    }
}

/* The document font for a face: the subset from font_subset in a temporary file (libharu
 * reads TrueType only from files and re-reads them when saving). NULL when there is none. */
static HPDF_Font face_font(pdf_ctx *c, int face)
{
    if (face < 0 || face >= c->nfaces)
        face = 0;
    if (c->fonts[face])
        return c->fonts[face];
    font_set *fs = c->ld->fonts;
    const char *name = NULL;
    buf sub = BUF_INIT, key = BUF_INIT;
    const memo *m = c->b ? c->b->memo : NULL;
    size_t klen = 0;
    if (memo_keeps(m)) /* the key holds the whole face: made only when it can be used */
        font_subset_key(fs, face, &key);
    const void *ks = memo_get(m, MEMO_FONT_SUBSET, key.data, key.len, &klen);
    if (ks)
        buf_put(&sub, ks, klen);
    else if (font_subset(fs, face, &sub) == 0 && sub.len > 0)
        memo_put(m, MEMO_FONT_SUBSET, key.data, key.len, sub.data, sub.len);
    buf_free(&key);
    if (font_face_is_cff(fs, face)) {
        HPDF_Font f = sub.len > 0 ? cff_font(c, face, sub.data, sub.len) : NULL;
        buf_free(&sub);
        return f && !failed(c) ? (c->fonts[face] = f) : NULL;
    }
    if (sub.len > 0) {
        const char *tmpdir = getenv("TMPDIR");
        char path[4096];
        snprintf(path, sizeof path, "%s/hanji-font-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
        errno = 0;
        /* a file with no name (O_TMPFILE): nothing is left behind even by a kill -9; where
           the file system has none, a named one unlinked at once */
        const char *dir = tmpdir && *tmpdir ? tmpdir : "/tmp";
        int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
            errno = 0;
            fd = mkstemp(path);
            if (fd >= 0)
                unlink(path);
        }
        if (fd >= 0) { /* libharu opens it again as /proc/self/fd/N */
            snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
            c->tmpfds[face] = fd;
            size_t off = 0;
            while (off < sub.len) {
                ssize_t w = write(fd, sub.data + off, sub.len - off);
                if (w <= 0)
                    break;
                off += (size_t)w;
            }
            if (off == sub.len) {
                name = HPDF_LoadTTFontFromFile(c->pdf, path, HPDF_TRUE);
            }
        }
        if ((fd < 0 || !name) && errno && c->b && c->b->diag)
            diag_report(c->b->diag, D_SYS_TMPDIR, NULL, 0, 0, tmpdir && *tmpdir ? tmpdir : "/tmp",
                        strerror(errno));
    }
    buf_free(&sub);
    /* never the face's own file: libharu's TrueType reader overruns its buffers on damaged
     * fonts that HarfBuzz accepts, while HarfBuzz's subset is rebuilt table by table */
    if (!name || failed(c))
        return NULL;
    HPDF_Font f = HPDF_GetFont(c->pdf, name, "UTF-8");
    if (!f || failed(c))
        return NULL;
    for (int i = 0; i < c->nfaces; i++)
        if (c->fonts[i] == f) { /* two faces, one font file */
            c->fonts[face] = f;
            return f;
        }
    if (font_face_uses_glyphs(fs, face))
        pdf_shaped_codes(&c->shaped[face], c->ld, face);
    fix_tounicode(c, f, &c->shaped[face]);
    if (failed(c))
        return NULL;
    /* the CIDToGIDMap (two bytes for each of 65,536 codes) is the same from build to build:
     * deflated here (cached in a watch session) instead of at every save; libharu forgets the
     * stream so that saving leaves its filter alone */
    HPDF_FontAttr fa = (HPDF_FontAttr)f->attr;
    if (fa->map_stream) {
        buf map = BUF_INIT; /* not c->raw: a page is being drawn into it */
        stream_bytes(fa->map_stream->stream, &map);
        if (c->shaped[face].n > 0)
            shaped_font(c, face, f, &map);
        int rc = put_deflated(c, fa->map_stream, map.len ? map.data : "", map.len);
        buf_free(&map);
        if (rc < 0)
            return NULL;
        fa->map_stream = NULL;
    }
    c->fonts[face] = f;
    return f;
}

/* Makes libharu keep the glyph of cp in its own subset of the embedded font (it flags glyphs
 * as used only when measuring them). */
static void mark_used(pdf_ctx *c, int face, HPDF_Font f, uint32_t cp)
{
    if (cp > 0xFFFF || c->cff[face].cps) /* a CFF face's font is ours, subset already */
        return;
    if (!c->used[face]) {
        c->used[face] = calloc(65536 / 8, 1);
        if (!c->used[face])
            hj_oom();
    }
    unsigned char *bm = c->used[face];
    if (bm[cp >> 3] & (1u << (cp & 7)))
        return;
    bm[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    HPDF_Font_GetUnicodeWidth(f, (HPDF_UNICODE)cp);
}

static uint32_t png_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A new image XObject of w x h samples of bpc bits whose stream will hold bytes deflated by
 * us (written out as they are, with the Filter entry of write_flate_filter). Failures of the
 * entries are added to *ret; NULL when the object could not be made. */
static HPDF_Dict image_dict(pdf_ctx *c, unsigned w, unsigned h, int bpc, HPDF_STATUS *ret)
{
    HPDF_Dict img = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!img)
        return NULL;
    img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    img->filter = HPDF_STREAM_FILTER_NONE;
    img->write_fn = write_flate_filter;
    *ret += HPDF_Dict_AddName(img, "Type", "XObject");
    *ret += HPDF_Dict_AddName(img, "Subtype", "Image");
    *ret += HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w);
    *ret += HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h);
    *ret += HPDF_Dict_AddNumber(img, "BitsPerComponent", bpc);
    return img;
}

/* Image streams wait in a temporary file until the document is saved, so that the memory the
 * PDF holds is that of the image being drawn, not of them all (issue 16): once an image
 * XObject is complete, spool_stream moves its stream's bytes to c->spool and gives the object
 * a stream that reads them back (pread) while libharu saves. When no temporary can be made or
 * written, the bytes stay in libharu's memory stream, as before. */
typedef struct spooled {
    cursor at; /* first: the cursor callbacks take the spooled as a cursor */
    int fd;
    off_t off;
    struct spooled *next;
} spooled;

static HPDF_STATUS spool_read(HPDF_Stream st, HPDF_BYTE *p, HPDF_UINT *siz)
{
    spooled *sp = st->attr;
    HPDF_UINT want = *siz < sp->at.len - sp->at.pos ? *siz : sp->at.len - sp->at.pos, got = 0;
    while (got < want) {
        ssize_t r = pread(sp->fd, p + got, want - got, sp->off + sp->at.pos + got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            *siz = got;
            return HPDF_SetError(st->error, HPDF_FILE_IO_ERROR, (HPDF_STATUS)errno);
        }
        got += (HPDF_UINT)r;
    }
    sp->at.pos += got;
    *siz = got;
    return sp->at.pos >= sp->at.len ? HPDF_STREAM_EOF : HPDF_OK;
}

static void spool_stream(pdf_ctx *c, HPDF_Dict d)
{
    if (!d || failed(c) || !d->stream || d->stream->type != HPDF_STREAM_MEMORY || c->spool == -2)
        return;
    if (c->spool < 0 && (c->spool = sink_tmpfd()) < 0) {
        c->spool = -2;
        return;
    }
    off_t at = c->spool_len, off = at;
    HPDF_UINT nb = HPDF_MemStream_GetBufCount(d->stream);
    for (HPDF_UINT i = 0; i < nb; i++) {
        HPDF_UINT len = 0;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(d->stream, i, &len);
        if (p && len && sink_pwrite(c->spool, p, len, off) < 0)
            return; /* a full disk: this one stays in memory */
        off += len;
    }
    spooled *sp = calloc(1, sizeof *sp);
    if (!sp)
        hj_oom();
    *sp = (spooled){{(HPDF_UINT)(off - at), 0}, c->spool, at, c->spooled};
    c->spooled = sp;
    HPDF_Stream r = HPDF_CallbackReader_New(c->pdf->mmgr, spool_read, cursor_seek, cursor_tell,
                                            cursor_size, sp);
    if (!r)
        return;
    HPDF_Stream_Free(d->stream);
    d->stream = r;
    c->spool_len = off;
}

/* The DecodeParms of an image's stream of rows put with PNG's predictors (Predictor 15), colors
 * samples of bpc bits per pixel, w pixels to a row; failures are added to *ret. */
static void png_predictor_parms(pdf_ctx *c, HPDF_Dict img, int colors, int bpc, unsigned w,
                                HPDF_STATUS *ret)
{
    HPDF_Dict parms = HPDF_Dict_New(c->pdf->mmgr);
    if (!parms) {
        *ret += HPDF_FAILD_TO_ALLOC_MEM;
        return;
    }
    *ret += HPDF_Dict_Add(img, "DecodeParms", parms);
    *ret += HPDF_Dict_AddNumber(parms, "Predictor", 15);
    *ret += HPDF_Dict_AddNumber(parms, "Colors", colors);
    *ret += HPDF_Dict_AddNumber(parms, "BitsPerComponent", bpc);
    *ret += HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)w);
}

/* An image XObject made of a PNG's own IDAT data (im->png_direct; the file was fully decoded
 * and checked by image.c): PDF's FlateDecode with the PNG predictors reads it as it is, so
 * nothing is decoded or compressed again. NULL with libharu's error set on failure. */
static HPDF_Image load_png_direct(pdf_ctx *c, const image_info *im, const unsigned char *d)
{
    HPDF_Doc pdf = c->pdf;
    int depth = d[24], ctype = d[25];
    int colors = ctype == 2 ? 3 : 1;
    HPDF_STATUS ret = HPDF_OK;
    HPDF_Dict img = image_dict(c, im->width, im->height, depth, &ret);
    if (!img)
        return NULL;
    png_predictor_parms(c, img, colors, depth, im->width, &ret);
    int have_plte = 0;
    for (size_t pos = 8; ret == HPDF_OK && pos + 12 <= im->len;) {
        uint32_t n = png_be32(d + pos);
        const unsigned char *type = d + pos + 4;
        if (n > im->len - pos - 12 || !memcmp(type, "IEND", 4))
            break;
        if (!memcmp(type, "IDAT", 4)) {
            ret += HPDF_Stream_Write(img->stream, d + pos + 8, n);
        } else if (!memcmp(type, "PLTE", 4) && ctype == 3 && !have_plte && n >= 3 && n % 3 == 0) {
            have_plte = 1;
            HPDF_Array cs = HPDF_Array_New(pdf->mmgr);
            if (!cs)
                return NULL;
            ret += HPDF_Dict_Add(img, "ColorSpace", cs);
            ret += HPDF_Array_AddName(cs, "Indexed");
            ret += HPDF_Array_AddName(cs, "DeviceRGB");
            ret += HPDF_Array_AddNumber(cs, (HPDF_INT32)(n / 3 - 1));
            HPDF_Binary pal = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)(d + pos + 8), n);
            if (!pal)
                return NULL;
            ret += HPDF_Array_Add(cs, pal);
        }
        pos += 12 + (size_t)n;
    }
    if (ctype != 3)
        ret += HPDF_Dict_AddName(img, "ColorSpace", ctype == 2 ? "DeviceRGB" : "DeviceGray");
    else if (!have_plte)
        return NULL;
    if (ret != HPDF_OK)
        return NULL;
    spool_stream(c, img);
    return img;
}

/* An image XObject of 8-bit samples (1 gray or 3 RGB per pixel), deflated with PNG's Up filter
 * (flate_deflate_rows) and handed to libharu compressed, so that the document holds the small
 * form until it is saved (libharu would keep the raw samples, and leaves a soft mask
 * uncompressed). NULL on failure. */
static HPDF_Image load_raw_deflated(pdf_ctx *c, const unsigned char *px, unsigned w, unsigned h,
                                    int components, const unsigned char *z, size_t zlen)
{
    if (!z) { /* not deflated ahead (image.h): now */
        buf_clear(&c->zbuf);
        if (flate_deflate_rows(c->z, px, w, h, components, &c->zbuf) < 0)
            return NULL;
        z = (const unsigned char *)c->zbuf.data;
        zlen = c->zbuf.len;
    }
    HPDF_STATUS ret = HPDF_OK;
    HPDF_Dict img = image_dict(c, w, h, 8, &ret);
    if (!img)
        return NULL;
    png_predictor_parms(c, img, components, 8, w, &ret);
    ret += HPDF_Dict_AddName(img, "ColorSpace", components == 1 ? "DeviceGray" : "DeviceRGB");
    ret += HPDF_Stream_Write(img->stream, (const HPDF_BYTE *)z, (HPDF_UINT)zlen);
    if (ret != HPDF_OK)
        return NULL;
    spool_stream(c, img);
    return img;
}

static HPDF_Image load_image(pdf_ctx *c, const image_info *im)
{
    for (int i = 0; i < c->nimgs; i++)
        if (c->imgkeys[i] == im)
            return c->imgs[i];
    HPDF_Image img = NULL;
    /* the file's bytes, read again when the image was decoded in the background (image.h) */
    arena scratch;
    arena_init(&scratch);
    const unsigned char *bytes = NULL;
    if ((im->format == IMAGE_JPEG || im->png_direct) && !(bytes = image_bytes(im, &scratch))) {
        arena_free(&scratch);
        diag_report(c->b->diag, D_IMAGE_BAD, NULL, 0, 0, im->path,
                    "the file changed while the book was being made");
        return NULL;
    }
    if (im->format == IMAGE_JPEG) {
        img = HPDF_LoadJpegImageFromMem(c->pdf, bytes, (HPDF_UINT)im->len);
        if (img && !failed(c) && im->components == 4 && !im->adobe_inverted) {
            /* libharu always adds the Adobe inversion; plain CMYK must not be inverted */
            HPDF_Dict_RemoveElement(img, "Decode");
            HPDF_ResetError(c->pdf);
        }
        if (img && !failed(c))
            spool_stream(c, img);
    } else if (im->png_direct) {
        img = load_png_direct(c, im, bytes);
    } else if (im->pixels || im->zpixels) { /* zpixels alone: the samples went (imgload.c) */
        img = load_raw_deflated(c, im->pixels, im->width, im->height, im->components == 1 ? 1 : 3,
                                im->zpixels, im->zpixels_len);
        if (img && !failed(c) && (im->alpha || im->zalpha)) {
            HPDF_Image mask = load_raw_deflated(c, im->alpha, im->width, im->height, 1, im->zalpha,
                                                im->zalpha_len);
            if (!mask || failed(c) || HPDF_Dict_Add(img, "SMask", mask) != HPDF_OK)
                img = NULL;
        }
    }
    arena_free(&scratch); /* (libharu copied what it keeps) */
    if (failed(c))
        return NULL;
    if (c->nimgs == c->capimgs) {
        c->capimgs = c->capimgs ? c->capimgs * 2 : 8;
        c->imgkeys = realloc(c->imgkeys, (size_t)c->capimgs * sizeof *c->imgkeys);
        c->imgs = realloc(c->imgs, (size_t)c->capimgs * sizeof *c->imgs);
        if (!c->imgkeys || !c->imgs)
            hj_oom();
    }
    c->imgkeys[c->nimgs] = im;
    c->imgs[c->nimgs++] = img;
    return img;
}

/* The text array being written: runs on one baseline in one face and size share a TJ, with
 * a real space glyph where words part (so copied text has its spaces). */
typedef struct tj_state {
    int open;
    int turned; /* the open array reads down the page (its pen is then along the baseline) */
    int face;
    double size, y;
    double pen; /* absolute x where the viewer's pen stands */
    double hs;  /* the horizontal scaling in force (Tz / 100; 0 before the first run) */
} tj_state;

static void tj_num(buf *out, double v)
{
    char num[64];
    fmt_num(num, v);
    buf_putc(out, ')');
    buf_puts(out, num);
    buf_putc(out, '(');
}

/* One 2-byte code (Identity-H: the code point) in a literal string, escaped where PDF wants
 * (parentheses, backslash, and line ends, which a reader would otherwise normalise). Binary
 * strings are half the size of hex ones, before and after compression. */
static void tj_byte(buf *out, unsigned char ch)
{
    switch (ch) {
    case '(':
    case ')':
    case '\\':
        buf_putc(out, '\\');
        buf_putc(out, ch);
        break;
    case '\n':
        buf_put(out, "\\n", 2);
        break;
    case '\r':
        buf_put(out, "\\r", 2);
        break;
    default:
        buf_putc(out, ch);
    }
}

static void tj_glyph(buf *out, unsigned code)
{
    tj_byte(out, (unsigned char)(code >> 8));
    tj_byte(out, (unsigned char)code);
}

/* Ends the open TJ array and starts another at (x, y) in the face and size given, upright or
 * turned a quarter to read top to bottom (the cover's spine). */
static void tj_begin(tj_state *t, buf *out, double x, double y, int turned, int face, double size)
{
    if (t->open)
        buf_puts(out, ")] TJ\n");
    char num[64];
    buf_puts(out, turned ? "0 -1 1 0 " : "1 0 0 1 ");
    buf_put(out, num, (size_t)fmt_num(num, x));
    buf_putc(out, ' ');
    buf_put(out, num, (size_t)fmt_num(num, y));
    buf_puts(out, " Tm\n[(");
    t->open = 1;
    t->turned = turned;
    t->face = face;
    t->size = size;
    t->y = y;
    t->pen = turned ? 0 : x;
}

/* Moves the pen to want (absolute x) with a TJ number; the rounding error is carried on. */
static void tj_move(tj_state *t, buf *out, double want)
{
    double em = t->size * t->hs;                /* TJ numbers are thousandths of the scaled em */
    double adj = (t->pen - want) * 1000.0 / em; /* TJ: positive numbers move left */
    long long q = (long long)(adj * 10 + (adj < 0 ? -0.5 : 0.5));
    if (q != 0) {
        tj_num(out, (double)q / 10);
        t->pen -= (double)q / 10 * em / 1000.0;
    }
}

static void tj_close(tj_state *t, buf *out)
{
    if (t->open) {
        buf_puts(out, ")] TJ\n");
        t->open = 0;
    }
}

/* Adds one run at (x, y) (PDF coordinates) to the text array, opening one when needed. A
 * turned run (lay_item.turned) gets an array of its own whose text matrix turns it a quarter
 * clockwise; its pen positions count along the baseline from (x, y). */
static void put_run(pdf_ctx *c, tj_state *t, HPDF_Font f, buf *out, int face, const lay_run *r,
                    double x, double y, int turned)
{
    font_set *fs = c->ld->fonts;
    double size = r->size;
    if (turned) {
        tj_begin(t, out, x, y, 1, face, size);
        x = 0;
    } else if (t->open && !t->turned && t->face == face && t->size == size && t->y == y &&
               x > t->pen - size) {
        double gap = x - t->pen;
        double sw = font_pdf_width(fs, face, ' ') * size * t->hs / 1000.0;
        if (gap > size * 0.1 && sw > 0) {
            mark_used(c, face, f, ' ');
            c->spaced[face] = 1;
            tj_glyph(out, pdf_cff_code(&c->cff[face], ' '));
            t->pen += sw;
        }
        tj_move(t, out, x);
    } else {
        tj_begin(t, out, x, y, 0, face, size);
    }
    for (int i = 0; i < r->n; i++) {
        uint32_t cp = r->cps[i];
        if (cp > 0xFFFF && !c->cff[face].cps)
            cp = UTF8_REPLACEMENT; /* what pdf_cff_code draws */
        unsigned code = pdf_cff_code(&c->cff[face], cp);
        int w = font_pdf_width(fs, face, cp);
        if (r->gids && r->gids[i] == FONT_GID_NONE)
            continue; /* a ligature before it drew it */
        if (r->gids && r->gids[i] > 0) {
            unsigned sc = pdf_shaped_code(&c->shaped[face], r, i);
            if (sc) {
                code = sc;
                w = font_pdf_width_glyph(fs, face, r->gids[i]);
            }
        }
        double gx = x + (r->xs ? r->xs[i] : 0);
        double gy = y - (r->ys && !turned ? r->ys[i] : 0);
        if (gy != t->y && !turned) /* a mark off the baseline, or the glyph after one */
            tj_begin(t, out, gx, gy, 0, face, size);
        else if (i > 0 || gx != x)
            tj_move(t, out, gx);
        tj_glyph(out, code);
        t->pen += w * size * t->hs / 1000.0;
    }
}

static int draw_items(pdf_ctx *c, int pi, buf *out)
{
    const lay_page *lp = &c->ld->pages[pi];
    HPDF_Page page = c->pages[pi];
    float b = c->bleed;
    /* graphics first: images, rectangles, rules */
    int filled = 0; /* a rectangle changed the fill colour text is drawn in */
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        double x = b + it->x, y = c->ph - b - it->y;
        if (it->kind == LAY_IMAGE && it->image) {
            HPDF_Image img = load_image(c, it->image);
            if (!img)
                return -1;
            int clip = it->clip[2] > 0 && it->clip[3] > 0;
            if (clip) { /* only the part inside the clip rectangle shows */
                HPDF_Page_GSave(page);
                HPDF_Page_Rectangle(page, b + it->clip[0], c->ph - b - it->clip[1] - it->clip[3],
                                    it->clip[2], it->clip[3]);
                HPDF_Page_Clip(page);
                HPDF_Page_EndPath(page);
            }
            HPDF_Page_DrawImage(page, img, (HPDF_REAL)x, (HPDF_REAL)(y - it->h), it->w, it->h);
            if (clip)
                HPDF_Page_GRestore(page);
            hash_bytes(c, it->image->path, strlen(it->image->path));
        } else if (it->kind == LAY_RECT) {
            if (it->rgb & LAY_RGB)
                HPDF_Page_SetRGBFill(page, (float)(it->rgb >> 16 & 0xFF) / 255.0f,
                                     (float)(it->rgb >> 8 & 0xFF) / 255.0f,
                                     (float)(it->rgb & 0xFF) / 255.0f);
            else
                HPDF_Page_SetGrayFill(page, it->gray);
            filled = 1;
            HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)(y - it->h), it->w, it->h);
            HPDF_Page_Fill(page);
        } else if (it->kind == LAY_RULE) {
            HPDF_Page_SetGrayStroke(page, it->gray);
            HPDF_Page_SetLineWidth(page, it->thickness > 0 ? it->thickness : 0.4f);
            HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)y);
            HPDF_Page_LineTo(page, (HPDF_REAL)(x + it->w), (HPDF_REAL)(y - it->h));
            HPDF_Page_Stroke(page);
        }
        if (failed(c))
            return -1;
        float geo[5] = {(float)it->kind, it->x, it->y, it->w, it->h};
        hash_bytes(c, geo, sizeof geo);
    }
    /* text: one text object per page */
    int intext = 0, curface = -1;
    int curcolor = filled ? -1 : 0; /* 0: black (the page's initial fill), -1: unknown */
    float cursize = -1;
    tj_state tj = {0};
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        int color = it->rgb & LAY_RGB ? it->rgb : 0;
        for (int k = 0; it->kind == LAY_TEXT && it->run && k < it->nruns; k++) {
            const lay_run *r = &it->run[k];
            if (r->n == 0)
                continue;
            int face = r->face >= 0 && r->face < c->nfaces ? r->face : 0;
            HPDF_Font f = face_font(c, face);
            if (!f)
                return -1;
            if (!intext) {
                HPDF_Page_BeginText(page);
                intext = 1;
            }
            if (face != curface || r->size != cursize) {
                tj_close(&tj, out);
                if (c->cff[face].cps) { /* our own font: libharu only names it */
                    const char *res = HPDF_Page_GetLocalFontName(page, f);
                    if (!res || failed(c))
                        return -1;
                    char num[64];
                    fmt_num(num, r->size);
                    buf_printf(out, "/%s %s Tf\n", res, num);
                } else {
                    HPDF_Page_SetFontAndSize(page, f, r->size);
                }
                curface = face;
                cursize = r->size;
            }
            if (color != curcolor) {
                tj_close(&tj, out);
                float cr = (float)(color >> 16 & 0xFF) / 255.0f,
                      cg = (float)(color >> 8 & 0xFF) / 255.0f, cb = (float)(color & 0xFF) / 255.0f;
                if (cr == cg && cg == cb) /* a grey (black too) with the gray operator: print
                                             interiors stay free of colour */
                    HPDF_Page_SetGrayFill(page, cr);
                else
                    HPDF_Page_SetRGBFill(page, cr, cg, cb);
                curcolor = color;
            }
            double hs = 1 + r->expand;
            if (tj.hs == 0)
                tj.hs = 1;     /* a page starts at 100 % */
            if (hs != tj.hs) { /* font expansion: Tz, in a new text array */
                tj_close(&tj, out);
                HPDF_Page_SetHorizontalScalling(page, (HPDF_REAL)(hs * 100));
                tj.hs = hs;
            }
            for (int g = 0; g < r->n; g++)
                mark_used(c, face, f, r->cps[g]);
            if (it->turned)
                put_run(c, &tj, f, out, face, r, b + it->x - r->y, c->ph - b - (it->y + r->x), 1);
            else
                put_run(c, &tj, f, out, face, r, b + it->x + r->x, c->ph - b - (it->y + r->y), 0);
            if (failed(c))
                return -1;
        }
    }
    tj_close(&tj, out);
    if (intext)
        HPDF_Page_EndText(page);
    /* strike-through lines */
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        for (int k = 0; it->kind == LAY_TEXT && it->run && !it->turned && k < it->nruns; k++) {
            const lay_run *r = &it->run[k];
            if (!r->strike)
                continue;
            double x = b + it->x + r->x, y = c->ph - b - (it->y + r->y) + r->size * 0.28;
            HPDF_Page_SetGrayStroke(page, 0);
            HPDF_Page_SetLineWidth(page, r->size * 0.05f);
            HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)y);
            HPDF_Page_LineTo(page, (HPDF_REAL)(x + r->width), (HPDF_REAL)y);
            HPDF_Page_Stroke(page);
        }
    }
    return failed(c) ? -1 : 0;
}

/* libharu's page operators and our text arrays both write through the page stream's write
 * function: while a page is drawn, that function appends to c->raw instead of libharu's memory
 * stream, so the page is formatted once, in one buffer, and never copied back out. */
static HPDF_STATUS write_to_buf(HPDF_Stream st, const HPDF_BYTE *p, HPDF_UINT n)
{
    buf_put((buf *)st->attr, p, n);
    return HPDF_OK;
}

/* Draws page pi into c->raw (compress_page then gives it to libharu). */
static int draw_page(pdf_ctx *c, int pi)
{
    HPDF_Stream st = ((HPDF_PageAttr)c->pages[pi]->attr)->stream;
    HPDF_Stream_Write_Func own_write = st->write_fn;
    void *own_attr = st->attr;
    buf_clear(&c->raw);
    st->write_fn = write_to_buf;
    st->attr = &c->raw;
    int rc = draw_items(c, pi, &c->raw);
    st->write_fn = own_write;
    st->attr = own_attr;
    return rc;
}

/* ---- pages a watch session drew before ----
 * A page whose content stream follows from its own items alone (text, rules, rectangles and
 * links: no image, no turned text, no shaped glyph and no CFF face, whose codes depend on the
 * whole book) is looked up in the session's memo by page_key, which holds everything that goes
 * into its stream. A hit gives the deflated stream and which faces' space glyphs the drawing
 * marked; page_replay redoes from the items what drawing does besides writing the stream (the
 * page's font resources, the glyphs marked used, the document ID's hash), and page_key has
 * loaded the fonts in the order drawing loads them. */

typedef struct page_key_item {
    int kind, nruns, rgb;
    float x, y, w, h, thickness, gray;
} page_key_item;

typedef struct page_key_run {
    int face, font; /* font: the first face drawn by the same document font */
    int n, strike, has_xs, space_w;
    float size, x, y, width, expand;
} page_key_run;

/* The first face with face's PostScript name: libharu makes one font of faces that share it
 * (face_font), which then share a resource name on a page. */
static int font_twin(const font_set *fs, int face)
{
    const char *name = font_face_name(fs, face);
    for (int i = 0; name && i < face; i++) {
        const char *other = font_face_name(fs, i);
        if (other && strcmp(other, name) == 0)
            return i;
    }
    return face;
}

/* The faces' files, names and stamps (a font replaced on disk gives another), into
 * c->faces_id. */
static void faces_identity(pdf_ctx *c)
{
    font_set *fs = c->ld->fonts;
    for (int i = 0; i < c->nfaces; i++) {
        const char *path = font_face_path(fs, i), *name = font_face_name(fs, i);
        struct stat st;
        memset(&st, 0, sizeof st);
        if (path)
            stat(path, &st);
        buf_printf(&c->faces_id, "%s|%s|%d|%lld|%lld|%lld.%09ld|%lld.%09ld\n", path ? path : "",
                   name ? name : "", font_face_is_cff(fs, i), (long long)st.st_size,
                   (long long)st.st_ino, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                   (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
        c->face_key[i].cff = font_face_is_cff(fs, i);
        c->face_key[i].twin = font_twin(fs, i);
        c->face_key[i].space_w = font_pdf_width(fs, i, ' ');
    }
}

/* Appends to a key with room reserved (buf_reserve): no check, no terminating NUL. */
static inline void key_put(buf *key, const void *p, size_t n)
{
    memcpy(key->data + key->len, p, n);
    key->len += n;
}

/* 1 with page pi's key in c->key, 0 when the page must be drawn. Loads no font (drawing loads
 * them, in its order). */
static int page_key(pdf_ctx *c, int pi)
{
    const lay_page *lp = &c->ld->pages[pi];
    for (int i = 0; i < lp->nitems; i++) { /* before any font is loaded */
        const lay_item *it = &lp->items[i];
        if (it->kind == LAY_IMAGE || it->turned)
            return 0;
        for (int k = 0; it->kind == LAY_TEXT && it->run && k < it->nruns; k++)
            if (it->run[k].gids || it->run[k].ys)
                return 0;
    }
    buf *key = &c->key;
    buf_clear(key);
    float geo[3] = {c->pw, c->ph, c->bleed};
    buf_put(key, geo, sizeof geo);
    /* the faces' files: the glyphs' widths, which move the pen, are theirs */
    buf_put(key, c->faces_id.data ? c->faces_id.data : "", c->faces_id.len + 1);
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        page_key_item ik;
        memset(&ik, 0, sizeof ik);
        ik.kind = (int)it->kind;
        ik.nruns = it->kind == LAY_TEXT && it->run ? it->nruns : 0;
        ik.rgb = it->rgb;
        ik.x = it->x, ik.y = it->y, ik.w = it->w, ik.h = it->h;
        ik.thickness = it->thickness, ik.gray = it->gray;
        size_t need = sizeof ik + (size_t)ik.nruns * sizeof(page_key_run);
        for (int k = 0; k < ik.nruns; k++)
            if (it->run[k].n > 0)
                need += (size_t)it->run[k].n * (sizeof(uint32_t) + sizeof(float));
        buf_reserve(key, need); /* then written in place */
        key_put(key, &ik, sizeof ik);
        for (int k = 0; k < ik.nruns; k++) {
            const lay_run *r = &it->run[k];
            page_key_run rk;
            memset(&rk, 0, sizeof rk);
            rk.face = r->face >= 0 && r->face < c->nfaces ? r->face : 0;
            rk.n = r->n;
            if (r->n > 0) {
                if (c->face_key[rk.face].cff)
                    return 0;
                rk.font = c->face_key[rk.face].twin;
                rk.space_w = c->face_key[rk.face].space_w;
            }
            rk.strike = r->strike;
            rk.has_xs = r->xs != NULL;
            rk.size = r->size, rk.x = r->x, rk.y = r->y, rk.width = r->width;
            rk.expand = r->expand;
            key_put(key, &rk, sizeof rk);
            if (r->n <= 0)
                continue;
            key_put(key, r->cps, (size_t)r->n * sizeof r->cps[0]);
            if (r->xs)
                key_put(key, r->xs, (size_t)r->n * sizeof r->xs[0]);
        }
    }
    return 1;
}

/* Stores page pi as just drawn and deflated (into c->zbuf) under the key in c->key: the
 * glyphs it marked used (a count, then face and code point of each, once), the stream's MD5
 * (c->zdigest), then the deflated stream. */
static void page_remember(pdf_ctx *c, int pi, const memo *m)
{
    const lay_page *lp = &c->ld->pages[pi];
    buf v = BUF_INIT;
    int n = 0;
    buf_put(&v, &n, sizeof n);
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        for (int k = 0; it->kind == LAY_TEXT && it->run && k < it->nruns; k++) {
            const lay_run *r = &it->run[k];
            int face = r->face >= 0 && r->face < c->nfaces ? r->face : 0;
            for (int g = 0; g < r->n + (c->spaced[face] == 1); g++) {
                uint32_t cp = g < r->n ? r->cps[g] : ' ';
                if (cp > 0xFFFF)
                    continue;
                if (g == r->n)
                    c->spaced[face] = 2; /* listed */
                unsigned char *bm = c->pagebm[face];
                if (!bm && !(bm = c->pagebm[face] = calloc(65536 / 8, 1)))
                    hj_oom();
                if (bm[cp >> 3] & (1u << (cp & 7)))
                    continue;
                bm[cp >> 3] |= (unsigned char)(1u << (cp & 7));
                uint32_t fc[2] = {(uint32_t)face, cp};
                buf_put(&v, fc, sizeof fc);
                n++;
            }
        }
    }
    memcpy(v.data, &n, sizeof n);
    for (int i = 0; i < n; i++) { /* the page's bitmaps empty again */
        uint32_t fc[2];
        memcpy(fc, v.data + sizeof n + (size_t)i * sizeof fc, sizeof fc);
        c->pagebm[fc[0]][fc[1] >> 3] = 0;
    }
    buf_put(&v, c->zdigest, sizeof c->zdigest);
    buf_put(&v, c->zbuf.data ? c->zbuf.data : "", c->zbuf.len);
    memo_put(m, MEMO_PDF_PAGE, c->key.data, c->key.len, v.data, v.len);
    buf_free(&v);
}

/* Page pi from the memo's v[0..vlen) (page_remember): what draw_items and compress_page would
 * have done. */
static int page_replay(pdf_ctx *c, int pi, const unsigned char *v, size_t vlen)
{
    const lay_page *lp = &c->ld->pages[pi];
    HPDF_Page page = c->pages[pi];
    int n;
    if (vlen < sizeof n)
        return -1;
    memcpy(&n, v, sizeof n);
    size_t marks = sizeof n + (size_t)n * 2 * sizeof(uint32_t), head = marks + 16;
    if (n < 0 || head > vlen)
        return -1;
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        float geo[5] = {(float)it->kind, it->x, it->y, it->w, it->h};
        hash_bytes(c, geo, sizeof geo);
    }
    int curface = -1;
    float cursize = -1;
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        for (int k = 0; it->kind == LAY_TEXT && it->run && k < it->nruns; k++) {
            const lay_run *r = &it->run[k];
            if (r->n == 0)
                continue;
            int face = r->face >= 0 && r->face < c->nfaces ? r->face : 0;
            HPDF_Font f = face_font(c, face);
            if (!f)
                return -1;
            if (face != curface || r->size != cursize) {
                if (!HPDF_Page_GetLocalFontName(page, f) || failed(c))
                    return -1;
                curface = face;
                cursize = r->size;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        uint32_t fc[2];
        memcpy(fc, v + sizeof n + (size_t)i * sizeof fc, sizeof fc);
        if (fc[0] >= (uint32_t)c->nfaces || !c->fonts[fc[0]])
            return -1;
        mark_used(c, (int)fc[0], c->fonts[fc[0]], fc[1]);
    }
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    put_zstream(c, attr->contents, v + head, vlen - head, v + marks, 1);
    attr->stream = attr->contents->stream; /* the page's own name for it */
    return failed(c) ? -1 : 0;
}

/* A destination at y (from the page top) on page pi, keeping the reader's zoom. */
static HPDF_Destination make_dest(pdf_ctx *c, int pi, float y)
{
    if (pi < 0 || pi >= c->ld->npages)
        return NULL;
    HPDF_Destination d = HPDF_Page_CreateDestination(c->pages[pi]);
    if (!d || failed(c))
        return NULL;
    HPDF_Array_Clear(d);
    HPDF_Array_Add(d, c->pages[pi]);
    HPDF_Array_AddName(d, "XYZ");
    HPDF_Array_Add(d, HPDF_Null_New(c->pdf->mmgr));
    HPDF_Array_AddReal(d, (HPDF_REAL)(c->ph - c->bleed - (y > 0 ? y : 0) + 0));
    HPDF_Array_Add(d, HPDF_Null_New(c->pdf->mmgr));
    return failed(c) ? NULL : d;
}

/* Percent-encodes bytes outside printable ASCII (and spaces) for a /URI string. */
static char *uri_escape(const char *s, buf *tmp)
{
    buf_clear(tmp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F || *p == '(' || *p == ')' || *p == '\\')
            buf_printf(tmp, "%%%02X", *p);
        else
            buf_putc(tmp, *p);
    }
    return tmp->data ? tmp->data : (char *)"";
}

static int add_links(pdf_ctx *c, int pi, buf *tmp)
{
    const lay_page *lp = &c->ld->pages[pi];
    float b = c->bleed;
    for (int i = 0; i < lp->nitems; i++) {
        const lay_item *it = &lp->items[i];
        if (it->kind != LAY_LINK)
            continue;
        HPDF_Rect r;
        r.left = b + it->x;
        r.right = b + it->x + it->w;
        r.top = c->ph - b - it->y;
        r.bottom = r.top - it->h;
        /* only the part on the page: a box taller than the page (a contents entry for a
           100 kB title) would give coordinates libharu refuses (0x1057, over 32,767) */
        r.left = r.left < 0 ? 0 : r.left;
        r.bottom = r.bottom < 0 ? 0 : r.bottom;
        r.right = r.right > c->pw ? c->pw : r.right;
        r.top = r.top > c->ph ? c->ph : r.top;
        if (r.right <= r.left || r.top <= r.bottom)
            continue;
        HPDF_Annotation a = NULL;
        if (it->uri && doc_url_is_live(it->uri)) { /* the layout filtered; so does the PDF */
            a = HPDF_Page_CreateURILinkAnnot(c->pages[pi], r, uri_escape(it->uri, tmp));
        } else if (it->dest_page >= 0) {
            HPDF_Destination d = make_dest(c, it->dest_page, it->dest_y);
            if (!d)
                return -1;
            a = HPDF_Page_CreateLinkAnnot(c->pages[pi], r, d);
        } else {
            continue;
        }
        if (!a || failed(c))
            return -1;
        HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
        if (failed(c))
            return -1;
    }
    return 0;
}

static int add_outline(pdf_ctx *c, HPDF_Encoder enc)
{
    const lay_doc *ld = c->ld;
    if (ld->noutline == 0)
        return 0;
    HPDF_Outline parents[8] = {0};
    char cut[PDF_MAX_OUTLINE_TITLE + 4];
    for (int i = 0; i < ld->noutline; i++) {
        const lay_outline *o = &ld->outline[i];
        int lv = o->level < 0 ? 0 : o->level > 7 ? 7 : o->level;
        while (lv > 0 && !parents[lv - 1])
            lv--;
        const char *title = o->title ? o->title : "";
        size_t tl = strlen(title);
        if (tl > PDF_MAX_OUTLINE_TITLE) {
            tl = PDF_MAX_OUTLINE_TITLE;
            while (tl > 0 && ((unsigned char)title[tl] & 0xC0) == 0x80)
                tl--;
            snprintf(cut, sizeof cut, "%.*s\xE2\x80\xA6", (int)tl, title); /* an ellipsis */
            title = cut;
        }
        snprintf(c->where, sizeof c->where, "the bookmarks");
        HPDF_Outline ol = HPDF_CreateOutline(c->pdf, lv ? parents[lv - 1] : NULL, title, enc);
        if (!ol || failed(c))
            return -1;
        HPDF_Destination d = make_dest(c, o->page, o->y);
        if (d)
            HPDF_Outline_SetDestination(ol, d);
        if (lv == 0)
            HPDF_Outline_SetOpened(ol, HPDF_FALSE);
        parents[lv] = ol;
        for (int k = lv + 1; k < 8; k++)
            parents[k] = NULL;
        if (failed(c))
            return -1;
    }
    HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return failed(c) ? -1 : 0;
}

static int add_labels(pdf_ctx *c)
{
    int prev_style = -1, prev_value = 0;
    for (int i = 0; i < c->ld->npages; i++) {
        const lay_page *p = &c->ld->pages[i];
        int st = p->label_style;
        if (st != prev_style || p->label_value != prev_value + 1) {
            HPDF_PageNumStyle ps = st == LAY_LABEL_ROMAN ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN
                                                         : HPDF_PAGE_NUM_STYLE_DECIMAL;
            if (st == LAY_LABEL_NONE) {
                /* no numbering: a label with an empty prefix and no style is not expressible
                 * through libharu; keep decimal numbering of the physical page */
                ps = HPDF_PAGE_NUM_STYLE_DECIMAL;
            }
            HPDF_AddPageLabel(c->pdf, (HPDF_UINT)i, ps,
                              (HPDF_UINT)(p->label_value > 0 ? p->label_value : i + 1), NULL);
            if (failed(c))
                return -1;
        }
        prev_style = st;
        prev_value = p->label_value > 0 ? p->label_value : i + 1;
    }
    return 0;
}

static void set_info(pdf_ctx *c)
{
    const lay_doc *ld = c->ld;
    snprintf(c->where, sizeof c->where, "the document information (title, authors, keywords)");
    if (ld->title)
        HPDF_SetInfoAttr(c->pdf, HPDF_INFO_TITLE, ld->title);
    if (ld->author)
        HPDF_SetInfoAttr(c->pdf, HPDF_INFO_AUTHOR, ld->author);
    if (ld->subject)
        HPDF_SetInfoAttr(c->pdf, HPDF_INFO_SUBJECT, ld->subject);
    if (ld->keywords)
        HPDF_SetInfoAttr(c->pdf, HPDF_INFO_KEYWORDS, ld->keywords);
    HPDF_SetInfoAttr(c->pdf, HPDF_INFO_CREATOR, "hanji");
    HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "hanji " HANJI_VERSION " (libharu)");
    if (c->b && c->b->modified > 0) {
        time_t t = (time_t)c->b->modified;
        struct tm tm;
        if (gmtime_r(&t, &tm)) {
            HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                           tm.tm_sec,         '+',           0,          0};
            HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, d);
            HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, d);
        }
    }
}

/* The catalog's /Lang (the book's language, for screen readers and text extraction) and
 * /ViewerPreferences: the window shows the title, not the file name, and a right-to-left book's
 * pages read right to left in a two-page view (/Direction /R2L). libharu has no call for /Lang or
 * /Direction, so they go into the catalog's dictionaries directly. */
static void set_catalog(pdf_ctx *c)
{
    const config *cfg = c->b ? c->b->cfg : NULL;
    HPDF_Dict cat = c->pdf->catalog;
    snprintf(c->where, sizeof c->where, "the document catalog (language, viewer preferences)");
    if (cfg && cfg->lang && *cfg->lang)
        HPDF_Dict_Add(cat, "Lang", HPDF_String_New(c->pdf->mmgr, cfg->lang, NULL));
    HPDF_Dict vp = HPDF_Dict_New(c->pdf->mmgr);
    if (!vp)
        return;
    HPDF_Dict_Add(vp, "DisplayDocTitle", HPDF_Boolean_New(c->pdf->mmgr, HPDF_TRUE));
    if (cfg && cfg->rtl)
        HPDF_Dict_AddName(vp, "Direction", "R2L");
    HPDF_Dict_Add(cat, "ViewerPreferences", vp);
}

static void set_id(pdf_ctx *c)
{
    HPDF_BYTE digest[16];
    HPDF_MD5Final(digest, &c->md5);
    HPDF_Array id = HPDF_Array_New(c->pdf->mmgr);
    if (!id)
        return;
    HPDF_Dict_Add(c->pdf->trailer, "ID", id);
    HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, digest, 16));
    HPDF_Array_Add(id, HPDF_Binary_New(c->pdf->mmgr, digest, 16));
}

/* Sets the TrimBox of a page (the page less its bleed) and with a bleed the BleedBox. */
static void set_trim(pdf_ctx *c, HPDF_Page page)
{
    HPDF_Box trim = {c->bleed, c->bleed, c->pw - c->bleed, c->ph - c->bleed};
    HPDF_Dict_Add(page, "TrimBox", HPDF_Box_Array_New(c->pdf->mmgr, trim));
    if (c->bleed > 0) { /* the bleed is the whole media box */
        HPDF_Box all = {0, 0, c->pw, c->ph};
        HPDF_Dict_Add(page, "BleedBox", HPDF_Box_Array_New(c->pdf->mmgr, all));
    }
}

/* libharu writes the saved document through this (a callback writer in place of the memory
 * stream HPDF_SaveToStream would make), straight into the sink. */
static HPDF_STATUS write_to_sink(HPDF_Stream st, const HPDF_BYTE *p, HPDF_UINT n)
{
    sink_put(st->attr, p, n);
    return HPDF_OK;
}

static int save(pdf_ctx *c, sink *out)
{
    HPDF_Stream w = HPDF_CallbackWriter_New(c->pdf->mmgr, write_to_sink, out);
    if (!w || failed(c))
        return -1;
    if (c->pdf->stream)
        HPDF_Stream_Free(c->pdf->stream);
    c->pdf->stream = w;
    HPDF_SaveToStream(c->pdf);
    if (failed(c))
        return -1;
    sink_flush(out);
    return 0;
}

/* Reports why the document failed (libharu's first error, when there was one). */
static void report_failure(pdf_ctx *c)
{
    diag_ctx *d = c->b ? c->b->diag : NULL;
    if (!d)
        return;
    if (c->err)
        diag_report(d, D_SYS_LIB, NULL, 0, 0,
                    arena_printf(c->b->arena, "PDF: libharu error 0x%04X (detail %u)%s%s%s",
                                 (unsigned)c->err, (unsigned)c->detail,
                                 c->err == HPDF_STRING_OUT_OF_RANGE
                                     ? ", a text of 65,535 bytes or more"
                                     : "",
                                 c->where[0] ? " while writing " : "", c->where));
    else
        diag_report(d, D_SYS_LIB, NULL, 0, 0, "PDF: could not be written");
}

static void ctx_free(pdf_ctx *c)
{
    if (c->pdf)
        HPDF_Free(c->pdf);
    while (c->spooled) {
        spooled *next = c->spooled->next;
        free(c->spooled);
        c->spooled = next;
    }
    while (c->held) {
        held *next = c->held->next;
        free(c->held->own);
        free(c->held);
        c->held = next;
    }
    if (c->spool >= 0)
        close(c->spool);
    for (int i = 0; i < c->nfaces; i++) {
        if (c->tmpfds[i] >= 0)
            close(c->tmpfds[i]);
        free(c->used[i]);
        free(c->cff[i].cps);
        free(c->cff[i].cids);
    }
    free(c->fonts);
    free(c->tmpfds);
    free(c->used);
    free(c->cff);
    for (int i = 0; c->shaped && i < c->nfaces; i++)
        free(c->shaped[i].g);
    free(c->shaped);
    free(c->pages);
    free(c->imgkeys);
    free(c->imgs);
    buf_free(&c->raw);
    buf_free(&c->zbuf);
    buf_free(&c->key);
    buf_free(&c->faces_id);
    free(c->spaced);
    for (int i = 0; c->pagebm && i < c->nfaces; i++)
        free(c->pagebm[i]);
    free(c->pagebm);
    free(c->face_key);
    flate_free(c->z);
    free(c);
}

pdf_doc *pdf_draw(const book *b, const lay_doc *ld)
{
    diag_ctx *d = b ? b->diag : NULL;
    if (!ld || !ld->fonts || ld->npages <= 0) {
        if (d)
            diag_report(d, D_SYS_LIB, NULL, 0, 0, "PDF: nothing to write");
        return NULL;
    }
    pdf_ctx *c = calloc(1, sizeof *c);
    if (!c)
        hj_oom();
    c->ld = ld;
    c->b = b;
    buf tmp = BUF_INIT;
    c->nfaces = font_face_count(ld->fonts);
    c->fonts = calloc((size_t)c->nfaces + 1, sizeof *c->fonts);
    c->tmpfds = malloc(((size_t)c->nfaces + 1) * sizeof *c->tmpfds);
    c->used = calloc((size_t)c->nfaces + 1, sizeof *c->used);
    c->cff = calloc((size_t)c->nfaces + 1, sizeof *c->cff);
    c->shaped = calloc((size_t)c->nfaces + 1, sizeof *c->shaped);
    c->pages = calloc((size_t)ld->npages, sizeof *c->pages);
    c->spaced = calloc((size_t)c->nfaces + 1, 1);
    c->pagebm = calloc((size_t)c->nfaces + 1, sizeof *c->pagebm);
    c->face_key = calloc((size_t)c->nfaces + 1, sizeof *c->face_key);
    if (!c->fonts || !c->tmpfds || !c->used || !c->cff || !c->shaped || !c->pages || !c->spaced ||
        !c->pagebm || !c->face_key)
        hj_oom();
    for (int i = 0; i <= c->nfaces; i++)
        c->tmpfds[i] = -1;
    c->spool = -1;
    HPDF_MD5Init(&c->md5);
    /* words are parted by real spaces in the text arrays: every subset keeps the space */
    for (int i = 0; i < c->nfaces; i++)
        font_mark_used(ld->fonts, i, ' ');
    c->bleed = ld->bleed;
    c->pw = ld->width + 2 * ld->bleed;
    c->ph = ld->height + 2 * ld->bleed;

    c->z = flate_new();
    c->pdf = c->z ? HPDF_New(on_error, c) : NULL;
    if (!c->pdf) {
        if (d)
            diag_report(d, D_SYS_LIB, NULL, 0, 0, "PDF: libharu could not start");
        ctx_free(c);
        return NULL;
    }
    HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(c->pdf);
    HPDF_SetCurrentEncoder(c->pdf, "UTF-8");
    HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
    HPDF_CreateExtGState(c->pdf); /* PDF 1.4 header: soft masks are a 1.4 feature */
    if (failed(c))
        goto fail;

    for (int i = 0; i < ld->npages; i++) {
        HPDF_Page p = HPDF_AddPage(c->pdf);
        if (!p || failed(c))
            goto fail;
        HPDF_Page_SetWidth(p, c->pw);
        HPDF_Page_SetHeight(p, c->ph);
        set_trim(c, p); /* the trim box, also when there is no bleed (print checks ask) */
        c->pages[i] = p;
    }
    const memo *m = b ? b->memo : NULL;
    if (memo_keeps(m))
        faces_identity(c);
    for (int i = 0; i < ld->npages; i++) {
        snprintf(c->where, sizeof c->where, "page %d", i + 1);
        /* in a watch session, a page drawn before is taken from the memo (page_key) */
        int keyed = memo_keeps(m) ? page_key(c, i) : 0;
        size_t vlen = 0;
        const void *v = keyed ? memo_get(m, MEMO_PDF_PAGE, c->key.data, c->key.len, &vlen) : NULL;
        if (v) {
            if (page_replay(c, i, v, vlen) < 0)
                goto fail;
        } else {
            memset(c->spaced, 0, (size_t)c->nfaces + 1);
            if (draw_page(c, i) < 0 || compress_page(c, i, keyed ? NULL : m) < 0)
                goto fail;
            if (keyed)
                page_remember(c, i, m);
        }
        if (!ld->print_profile && add_links(c, i, &tmp) < 0)
            goto fail;
    }
    /* print: no link annotations and no bookmarks (print services want neither) */
    if ((!ld->print_profile && add_outline(c, enc) < 0) || add_labels(c) < 0)
        goto fail;
    set_info(c);
    set_catalog(c);
    if (failed(c))
        goto fail;
    {
        char geo[64];
        int n = snprintf(geo, sizeof geo, "%d %g %g", ld->npages, ld->width, ld->height);
        hash_bytes(c, geo, (size_t)n);
        if (ld->title)
            hash_bytes(c, ld->title, strlen(ld->title));
    }
    set_id(c);
    if (failed(c))
        goto fail;
    buf_free(&tmp);
    c->ld = NULL; /* from here on the document stands alone */
    return c;
fail:
    report_failure(c);
    buf_free(&tmp);
    ctx_free(c);
    return NULL;
}

int pdf_save_sink(pdf_doc *c, sink *out)
{
    if (!c)
        return -1;
    int rc = save(c, out);
    if (rc < 0)
        report_failure(c);
    ctx_free(c);
    return rc;
}

int pdf_save(pdf_doc *c, buf *out)
{
    sink s;
    sink_init(&s, 0);
    int rc = pdf_save_sink(c, &s);
    sink_take(&s, out);
    return rc;
}

int pdf_write(const book *b, const lay_doc *ld, buf *out)
{
    pdf_doc *c = pdf_draw(b, ld);
    return c ? pdf_save(c, out) : -1;
}
