/* font_cff.c: reads what the PDF needs from a CFF table (the outlines of an OpenType .otf):
 * whether the font is CID-keyed and the CID its charset gives a glyph. The table's bytes come
 * from a font file, so every offset is checked against its length. No HarfBuzz here: font.c
 * (its only user) finds the table and the glyphs and calls these. */
#include "font_cff.h"

#include <stdint.h>

/* A CFF INDEX at off in d[0..len): its count and where its entries' offsets and data sit.
 * Returns the offset just past it, or 0 when it does not fit. */
static size_t cff_index(const unsigned char *d, size_t len, size_t off, unsigned *count,
                        size_t *offs, unsigned *offsize)
{
    if (off + 2 > len)
        return 0;
    *count = (unsigned)d[off] << 8 | d[off + 1];
    if (*count == 0)
        return off + 2;
    if (off + 3 > len)
        return 0;
    *offsize = d[off + 2];
    if (*offsize < 1 || *offsize > 4)
        return 0;
    *offs = off + 3;
    size_t data = *offs + (size_t)(*count + 1) * *offsize; /* the byte before the data is 0 */
    if (data > len)
        return 0;
    size_t last = 0;
    for (unsigned k = 0; k < *offsize; k++)
        last = last << 8 | d[*offs + (size_t)*count * *offsize + k];
    if (last < 1 || last > len - data + 1)
        return 0;
    return data - 1 + last;
}

/* The offset of entry i of an INDEX (from cff_index) and its length, or -1. */
static int cff_entry(const unsigned char *d, size_t len, size_t offs, unsigned count,
                     unsigned offsize, unsigned i, size_t *start, size_t *n)
{
    if (i >= count)
        return -1;
    size_t a = 0, b = 0;
    for (unsigned k = 0; k < offsize; k++) {
        a = a << 8 | d[offs + (size_t)i * offsize + k];
        b = b << 8 | d[offs + (size_t)(i + 1) * offsize + k];
    }
    size_t base = offs + (size_t)(count + 1) * offsize - 1;
    if (a < 1 || b < a || base + b > len)
        return -1;
    *start = base + a;
    *n = b - a;
    return 0;
}

/* Reads a Top DICT: whether it is CID-keyed (the ROS operator), and the charset's offset
 * (0: the predefined ISOAdobe charset, which only a name-keyed font may use). */
static void cff_top_dict(const unsigned char *p, size_t n, int *cid_keyed, long *charset)
{
    long operand = 0;
    *cid_keyed = 0;
    *charset = 0;
    for (size_t i = 0; i < n;) {
        unsigned b = p[i];
        if (b == 28 && i + 2 < n) {
            operand = (int16_t)(p[i + 1] << 8 | p[i + 2]);
            i += 3;
        } else if (b == 29 && i + 4 < n) {
            operand = (long)(int32_t)((uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 |
                                      (uint32_t)p[i + 3] << 8 | p[i + 4]);
            i += 5;
        } else if (b == 30) { /* a real: nibbles up to an 0xf one */
            for (i++; i < n && (p[i] & 0x0F) != 0x0F && (p[i] & 0xF0) != 0xF0; i++)
                ;
            i++;
            operand = 0;
        } else if (b >= 32 && b <= 246) {
            operand = (long)b - 139;
            i++;
        } else if (b >= 247 && b <= 250 && i + 1 < n) {
            operand = ((long)b - 247) * 256 + p[i + 1] + 108;
            i += 2;
        } else if (b >= 251 && b <= 254 && i + 1 < n) {
            operand = -((long)b - 251) * 256 - p[i + 1] - 108;
            i += 2;
        } else if (b == 12 && i + 1 < n) {
            if (p[i + 1] == 30)
                *cid_keyed = 1;
            i += 2;
        } else if (b <= 21) {
            if (b == 15)
                *charset = operand;
            i++;
        } else {
            i++; /* reserved */
        }
    }
}

/* See font_cff.h. */
int fontcff_top(const unsigned char *d, size_t len, int *cid_keyed, long *charset)
{
    /* header, Name INDEX, Top DICT INDEX (one font) */
    unsigned count = 0, offsize = 0;
    size_t offs = 0, start = 0, dn = 0;
    size_t at = d && len >= 4 && d[0] == 1 ? d[2] : 0;
    if (at >= 4 && (at = cff_index(d, len, at, &count, &offs, &offsize)) != 0 &&
        cff_index(d, len, at, &count, &offs, &offsize) != 0 &&
        cff_entry(d, len, offs, count, offsize, 0, &start, &dn) == 0) {
        cff_top_dict(d + start, dn, cid_keyed, charset);
        return 0;
    }
    return -1;
}

/* The CID of glyph gid from a CID-keyed font's charset at off (format 0, 1 or 2), or -1. */
long fontcff_charset_cid(const unsigned char *d, size_t len, long off, unsigned gid)
{
    if (gid == 0)
        return 0;
    if (off <= 0 || (size_t)off >= len)
        return -1;
    size_t p = (size_t)off;
    unsigned fmt = d[p++];
    unsigned g = 1;
    if (fmt == 0) {
        size_t at = p + (size_t)(gid - 1) * 2;
        return at + 2 <= len ? (long)(d[at] << 8 | d[at + 1]) : -1;
    }
    if (fmt != 1 && fmt != 2)
        return -1;
    size_t rl = fmt == 1 ? 3 : 4;
    for (; p + rl <= len; p += rl) {
        unsigned first = (unsigned)d[p] << 8 | d[p + 1];
        unsigned left = fmt == 1 ? d[p + 2] : (unsigned)d[p + 2] << 8 | d[p + 3];
        if (gid <= g + left)
            return (long)first + (long)(gid - g);
        g += left + 1;
    }
    return -1;
}
