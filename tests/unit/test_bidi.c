/* test_bidi.c: the bidi module (UAX #9 through FriBidi): a paragraph's levels, its direction
 * by the first strong character (P2/P3), and the visual order of a mixed line (L1, L2). */
#include "tap.h"

#include "bidi.h"
#include "utf8.h"

#include <string.h>

static int decode(const char *s, uint32_t *cps)
{
    int n = 0;
    for (size_t i = 0, len = strlen(s); i < len;) {
        size_t l = 1;
        cps[n++] = utf8_decode(s + i, len - i, &l);
        i += l;
    }
    return n;
}

/* The levels of s as digits. */
static const char *levels(const char *s, int base, int *para)
{
    static char out[256];
    uint32_t cps[256];
    unsigned char lv[256];
    int n = decode(s, cps);
    *para = bidi_levels(cps, n, base, lv);
    for (int i = 0; i < n; i++)
        out[i] = (char)('0' + lv[i]);
    out[n] = 0;
    return out;
}

/* s as one line, in visual order (left to right). */
static const char *visual(const char *s, int base)
{
    static char out[1024];
    uint32_t cps[256];
    unsigned char lv[256];
    int order[256];
    int n = decode(s, cps);
    int para = bidi_levels(cps, n, base, lv);
    bidi_reorder(para, cps, lv, n, order);
    size_t o = 0;
    for (int v = 0; v < n; v++)
        o += utf8_encode(cps[order[v]], out + o);
    out[o] = 0;
    return out;
}

int main(void)
{
    int para = -1;
    /* an LTR paragraph with a Hebrew word: the word at level 1 */
    CHECK_STR(levels("ab \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d cd", BIDI_AUTO, &para), "0001111000");
    CHECK_INT(para, 0);
    /* by its first strong character a Hebrew paragraph is RTL; English in it is level 2,
     * and digits after it too (W7: EN after L is L), with the space between */
    CHECK_STR(levels("\xd7\x90\xd7\x91 xy 12", BIDI_AUTO, &para), "11122222");
    CHECK_INT(para, 1);
    /* a paragraph with no strong character: left to right, unless asked */
    CHECK_STR(levels("12 ", BIDI_AUTO, &para), "000");
    CHECK_INT(para, 0);
    levels("12 ", BIDI_RTL, &para);
    CHECK_INT(para, 1);
    /* English first, forced RTL base (an RTL book's paragraph) */
    CHECK_STR(levels("ab \xd7\x90", BIDI_RTL, &para), "2211");
    CHECK_INT(bidi_text_direction((const uint32_t[]){'1', 0x5D0, 'a'}, 3), BIDI_RTL);
    CHECK_INT(bidi_text_direction((const uint32_t[]){'1', ' '}, 2), BIDI_AUTO);

    /* visual order of mixed lines (ASCII stands for itself; Hebrew letters alef..dalet) */
    /* LTR line, Hebrew word reversed in place */
    CHECK_STR(visual("ab \xd7\x90\xd7\x91\xd7\x92 cd", BIDI_AUTO),
              "ab \xd7\x92\xd7\x91\xd7\x90 cd");
    /* RTL line: words right to left, the English words and the number after them one
     * left-to-right run in their order */
    CHECK_STR(visual("\xd7\x90\xd7\x91 xy zw 12 \xd7\x92", BIDI_AUTO),
              "\xd7\x92 xy zw 12 \xd7\x91\xd7\x90");
    CHECK_STR(visual("\xd7\x90 12 \xd7\x91", BIDI_AUTO), "\xd7\x91 12 \xd7\x90");
    /* L1: white space at the line's end goes to the paragraph level (the right end of an
     * LTR line), not into the RTL run before it */
    CHECK_STR(visual("ab \xd7\x90\xd7\x91  ", BIDI_AUTO), "ab \xd7\x91\xd7\x90  ");
    /* brackets pair (N0): in an RTL paragraph they go with their text, reversed as code
     * points (HarfBuzz draws them mirrored, so they read "(" ... ")") */
    CHECK_STR(visual("\xd7\x90 (\xd7\x91)", BIDI_AUTO), ")\xd7\x91( \xd7\x90");
    CHECK(bidi_needed((const uint32_t[]){'a', 0x627}, 2));
    CHECK(!bidi_needed((const uint32_t[]){'a', 0xE9, 0x3042}, 3));
    return tap_done();
}
