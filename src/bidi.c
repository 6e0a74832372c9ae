/* bidi.c: UAX #9 through FriBidi (the only FriBidi user): paragraph levels and line order. */
#include "bidi.h"

#include <fribidi.h>
#include <stdlib.h>

int bidi_needed(const uint32_t *cps, int n)
{
    for (int i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c < 0x590)
            continue;
        FriBidiCharType t = fribidi_get_bidi_type(c);
        if (FRIBIDI_IS_RTL(t) || FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t) ||
            t == FRIBIDI_TYPE_AN)
            return 1;
    }
    return 0;
}

int bidi_text_direction(const uint32_t *cps, int n)
{
    for (int i = 0; i < n; i++) {
        FriBidiCharType t = fribidi_get_bidi_type(cps[i]);
        if (FRIBIDI_IS_LETTER(t))
            return FRIBIDI_IS_RTL(t) ? BIDI_RTL : BIDI_LTR;
    }
    return BIDI_AUTO;
}

int bidi_levels(const uint32_t *cps, int n, int base, unsigned char *levels)
{
    FriBidiParType dir = base == BIDI_RTL   ? FRIBIDI_PAR_RTL
                         : base == BIDI_LTR ? FRIBIDI_PAR_LTR
                                            : FRIBIDI_PAR_ON;
    if (n <= 0)
        return base == BIDI_RTL;
    FriBidiCharType *types = malloc(sizeof(*types) * (size_t)n);
    FriBidiBracketType *brackets = malloc(sizeof(*brackets) * (size_t)n);
    FriBidiLevel *lv = malloc(sizeof(*lv) * (size_t)n);
    if (!types || !brackets || !lv)
        hj_oom();
    fribidi_get_bidi_types(cps, n, types);
    fribidi_get_bracket_types(cps, n, types, brackets);
    FriBidiLevel max = fribidi_get_par_embedding_levels_ex(types, brackets, n, &dir, lv);
    int para = FRIBIDI_IS_RTL(dir) ? 1 : 0;
    for (int i = 0; i < n; i++)
        levels[i] = max > 0 && lv[i] >= 0 ? (unsigned char)lv[i] : (unsigned char)para;
    free(types);
    free(brackets);
    free(lv);
    return para;
}

void bidi_reorder(int para_level, const uint32_t *cps, unsigned char *levels, int n, int *order)
{
    if (n <= 0)
        return;
    FriBidiCharType *types = malloc(sizeof(*types) * (size_t)n);
    FriBidiLevel *lv = malloc(sizeof(*lv) * (size_t)n);
    FriBidiStrIndex *map = malloc(sizeof(*map) * (size_t)n);
    if (!types || !lv || !map)
        hj_oom();
    fribidi_get_bidi_types(cps, n, types);
    for (int i = 0; i < n; i++) {
        lv[i] = (FriBidiLevel)levels[i];
        map[i] = i;
    }
    FriBidiParType dir = para_level & 1 ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    /* no flags: marks keep HarfBuzz's order (before their base when reversed), which is
     * the order its offsets are computed for */
    if (fribidi_reorder_line(0, types, n, 0, dir, lv, NULL, map) == 0) {
        for (int i = 0; i < n; i++) /* cannot reorder: the paragraph's direction */
            order[i] = para_level & 1 ? n - 1 - i : i;
    } else {
        for (int i = 0; i < n; i++) {
            order[i] = map[i];
            levels[i] = (unsigned char)lv[i];
        }
    }
    free(types);
    free(lv);
    free(map);
}
