/* print.c: print-on-demand requirements (see print.h). Amazon KDP's figures, from its
 * "Set Trim Size, Bleed, and Margins" help page: the gutter grows with the page count; the
 * outside margins are 0.25 in, 0.375 in with bleed. */
#include "print.h"

#include "hanji.h"

float print_kdp_inside(int pages)
{
    static const struct {
        int upto;
        float in;
    } kdp[] = {{150, 0.375f}, {300, 0.5f}, {500, 0.625f}, {700, 0.75f}};
    for (size_t i = 0; i < HJ_ARRAY_LEN(kdp); i++)
        if (pages <= kdp[i].upto)
            return kdp[i].in * 72;
    return 0.875f * 72;
}

float print_kdp_outside(int bleed)
{
    return (bleed ? 0.375f : 0.25f) * 72;
}
