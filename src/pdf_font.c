/* pdf_font.c: what the PDF's embedded fonts say, worked out without libharu (pdf.c, its only
 * user, makes the font objects from it): the codes of shaped glyphs (an Arabic joining form, a
 * mirrored bracket, a ligature), which have no code point of their own; the code that draws a
 * character of a CFF face (its CID); the ToUnicode CMaps, so that text extraction gives the
 * characters back; and the BaseFont name of a CFF subset. See pdf.c for how they are used. */
#include "pdf_int.h"
#include "utf8.h"

#include <stdlib.h>

int pdf_cid_cmp(const void *a, const void *b)
{
    const cid_width *x = a, *y = b;
    return x->cid < y->cid ? -1 : x->cid > y->cid ? 1 : x->cp < y->cp ? -1 : x->cp > y->cp;
}

/* The code that draws cp in a face: its CID for a CFF face (0, .notdef, when the subset lacks
 * it), else the code point (U+FFFD beyond the BMP: libharu's codes are two bytes). */
unsigned pdf_cff_code(const pdf_cff *cf, uint32_t cp)
{
    if (!cf->cps)
        return cp > 0xFFFF ? UTF8_REPLACEMENT : cp;
    int lo = 0, hi = cf->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (cf->cps[mid] == cp)
            return cf->cids[mid];
        if (cf->cps[mid] < cp)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

/* The start of a ToUnicode CMap (two-byte codes) and its end. */
static void cmap_begin(buf *m)
{
    buf_puts(m, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
}

static void cmap_end(buf *m)
{
    buf_puts(m, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* cp in UTF-16BE as hex digits (a surrogate pair beyond the BMP), for a CMap's bfchar. */
static void put_utf16(buf *m, uint32_t cp)
{
    if (cp > 0xFFFF)
        buf_printf(m, "%04X%04X", 0xD800 + ((cp - 0x10000) >> 10),
                   0xDC00 + ((cp - 0x10000) & 0x3FF));
    else
        buf_printf(m, "%04X", (unsigned)cp);
}

/* The ToUnicode CMap of a CFF face: each CID to the character it draws (the first, when two
 * characters share a glyph), UTF-16BE. */
void pdf_cff_tounicode(buf *m, const cid_width *cw, int n)
{
    cmap_begin(m);
    int k = 0;
    while (k < n) {
        int chunk = 0;
        for (int j = k; j < n && chunk < 100; j++)
            if (cw[j].cid != 0 && (j == 0 || cw[j].cid != cw[j - 1].cid))
                chunk++;
        if (chunk == 0)
            break;
        buf_printf(m, "%d beginbfchar\n", chunk);
        for (int done = 0; k < n && done < chunk; k++) {
            if (cw[k].cid == 0 || (k > 0 && cw[k].cid == cw[k - 1].cid))
                continue;
            buf_printf(m, "<%04X> <", cw[k].cid);
            int nt = cw[k].text ? cw[k].ntext : 1;
            for (int j = 0; j < nt; j++) {
                put_utf16(m, cw[k].text ? cw[k].text[j] : cw[k].cp);
            }
            buf_puts(m, ">\n");
            done++;
        }
        buf_puts(m, "endbfchar\n");
    }
    cmap_end(m);
}

/* libharu 2.3.0 writes its encoding CMap as /ToUnicode, which poppler and strict validators
 * reject ("Invalid 'begincidrange'"). With the UTF-8 encoder a CID is the code point, so the
 * right ToUnicode is the identity on the BMP (surrogates excepted): one bfrange per high byte. */
void pdf_tounicode_identity(buf *m, const pdf_shaped *ps)
{
    cmap_begin(m);
    int hi[256], n = 0;
    for (int h = 0; h < 256; h++)
        if (h < 0xD8 || h > 0xDF)
            hi[n++] = h;
    /* the identity but where shaped glyphs have their codes (in the Private Use Area, never
     * in a surrogate's high byte): ranges around them, then each to its text */
    char *shaped = calloc(65536, 1);
    if (!shaped)
        hj_oom();
    for (int i = 0; ps && i < ps->n; i++)
        if (ps->g[i].code)
            shaped[ps->g[i].code] = 1;
    buf ranges = BUF_INIT;
    int nr = 0;
    for (int i = 0; i < n; i++) {
        unsigned h = (unsigned)hi[i] << 8;
        for (unsigned lo = 0; lo < 256;) {
            while (lo < 256 && shaped[h | lo])
                lo++;
            unsigned from = lo;
            while (lo < 256 && !shaped[h | lo])
                lo++;
            if (lo > from) {
                buf_printf(&ranges, "<%04X> <%04X> <%04X>\n", h | from, h | (lo - 1), h | from);
                nr++;
            }
        }
    }
    for (int i = 0, done = 0; i < nr; i += 100) {
        int k = nr - i < 100 ? nr - i : 100;
        buf_printf(m, "%d beginbfrange\n", k);
        for (int j = 0; j < k; j++) { /* lines of ranges are 21 bytes */
            buf_put(m, ranges.data + (size_t)done * 21, 21);
            done++;
        }
        buf_puts(m, "endbfrange\n");
    }
    buf_free(&ranges);
    free(shaped);
    for (int i = 0; ps && i < ps->n; i += 100) {
        int k = ps->n - i < 100 ? ps->n - i : 100;
        buf_printf(m, "%d beginbfchar\n", k);
        for (int j = i; j < i + k; j++) {
            buf_printf(m, "<%04X> <", ps->g[j].code);
            for (int t = 0; t < ps->g[j].ntext; t++) {
                put_utf16(m, ps->g[j].text[t]);
            }
            buf_puts(m, ">\n");
        }
        buf_puts(m, "endbfchar\n");
    }
    cmap_end(m);
}

static int shaped_cmp(const void *a, const void *b)
{
    const shaped_glyph *x = a, *y = b;
    if (x->gid != y->gid)
        return x->gid < y->gid ? -1 : 1;
    if (x->ntext != y->ntext)
        return x->ntext < y->ntext ? -1 : 1;
    for (int k = 0; k < x->ntext; k++)
        if (x->text[k] != y->text[k])
            return x->text[k] < y->text[k] ? -1 : 1;
    return 0;
}

/* The shaped glyph of run r at i as a key: its glyph and its text (its character and those a
 * ligature took in after it: to its left in a right-to-left run). */
static shaped_glyph shaped_key(const lay_run *r, int i)
{
    shaped_glyph k = {r->gids[i], 1, {r->cps[i]}, 0};
    int step = r->rtl ? -1 : 1;
    for (int j = i + step; j >= 0 && j < r->n && r->gids[j] == FONT_GID_NONE; j += step)
        if (k.ntext < PDF_SHAPED_TEXT)
            k.text[k.ntext++] = r->cps[j];
    return k;
}

/* Collects the shaped glyphs a TrueType face draws anywhere in the document and gives each a
 * code: Private Use Area code points from U+E000 on that the face neither maps nor draws. */
void pdf_shaped_codes(pdf_shaped *ps, const lay_doc *ld, int face)
{
    if (ps->done)
        return;
    ps->done = 1;
    int cap = 0;
    for (int p = 0; p < ld->npages; p++) {
        const lay_page *lp = &ld->pages[p];
        for (int i = 0; i < lp->nitems; i++) {
            const lay_item *it = &lp->items[i];
            for (int k = 0; it->kind == LAY_TEXT && it->run && k < it->nruns; k++) {
                const lay_run *r = &it->run[k];
                if (r->face != face || !r->gids)
                    continue;
                for (int g = 0; g < r->n; g++) {
                    if (r->gids[g] <= 0)
                        continue;
                    if (ps->n == cap) {
                        cap = cap ? cap * 2 : 64;
                        ps->g = realloc(ps->g, sizeof *ps->g * (size_t)cap);
                        if (!ps->g)
                            hj_oom();
                    }
                    ps->g[ps->n++] = shaped_key(r, g);
                }
            }
        }
    }
    if (ps->n == 0)
        return;
    qsort(ps->g, (size_t)ps->n, sizeof *ps->g, shaped_cmp);
    int n = 0;
    for (int i = 0; i < ps->n; i++)
        if (n == 0 || shaped_cmp(&ps->g[n - 1], &ps->g[i]) != 0)
            ps->g[n++] = ps->g[i];
    ps->n = n;
    int nused = 0;
    uint32_t *used = font_used_chars(ld->fonts, face, &nused);
    unsigned code = 0xE000;
    int u = 0;
    for (int i = 0; i < n; i++) {
        for (;; code++) {
            while (u < nused && used[u] < code)
                u++;
            if (code > 0xF8FF)
                break;
            if ((u < nused && used[u] == code) || font_has_char(ld->fonts, face, code))
                continue;
            break;
        }
        ps->g[i].code = code <= 0xF8FF ? code++ : 0; /* 0: none left, drawn as it was */
    }
    free(used);
}

/* The code of the shaped glyph of run r at i, or 0 when it has none. */
unsigned pdf_shaped_code(const pdf_shaped *ps, const lay_run *r, int i)
{
    if (ps->n == 0)
        return 0;
    shaped_glyph k = shaped_key(r, i);
    const shaped_glyph *hit = bsearch(&k, ps->g, (size_t)ps->n, sizeof k, shaped_cmp);
    return hit ? hit->code : 0;
}

/* The BaseFont of a CFF face whose subset keeps cps[0..n): a subset tag (six capitals from
 * the characters kept), '+' and the PostScript name, kept to the characters a PDF name may hold
 * without escapes; into base[0..size). */
void pdf_base_font(char *base, size_t size, const font_set *fs, int face, const uint32_t *cps,
                   int n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)face;
    for (int i = 0; i < n; i++)
        h = (h ^ cps[i]) * 1099511628211ull;
    int bl = 0;
    for (int k = 0; k < 6; k++, h /= 26)
        base[bl++] = (char)('A' + h % 26);
    base[bl++] = '+';
    for (const char *p = font_face_name(fs, face); *p && bl < (int)size - 1; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            base[bl++] = *p;
    base[bl] = 0;
}
