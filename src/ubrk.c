/* ubrk.c: UAX #14 line-break opportunities through libunibreak (see ubrk.h). */
#include "ubrk.h"

#include <linebreak.h>

static int ubrk_ready;

void ubrk_breaks(const uint32_t *cps, size_t n, const char *lang, char *brk)
{
    if (n == 0)
        return;
    if (!ubrk_ready) {
        init_linebreak();
        ubrk_ready = 1;
    }
    set_linebreaks_utf32((const utf32_t *)cps, n, lang, brk);
    for (size_t i = 0; i < n; i++)
        if (brk[i] != LINEBREAK_MUSTBREAK && brk[i] != LINEBREAK_ALLOWBREAK)
            brk[i] = UBRK_NO;
}
