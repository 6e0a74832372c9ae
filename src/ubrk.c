/* ubrk.c: UAX #14 line-break opportunities through libunibreak (see ubrk.h). */
#include "ubrk.h"
#include "utf8.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

static int ubrk_ready;

void ubrk_breaks(const uint32_t *cps, size_t n, const char *lang, char *brk)
{
    if (n == 0)
        return;
    if (!ubrk_ready) {
        init_linebreak();
        ubrk_ready = 1;
    }
    /* Noncharacters are valid text, but libunibreak uses U+FFFF as its end-of-text marker: one
       inside the text makes it stop early and fail an assertion (SIGABRT). Being unassigned,
       they are class XX, resolved to AL; so is U+FFFD (AI), which stands in for them. */
    uint32_t *copy = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!utf8_is_noncharacter(cps[i]))
            continue;
        if (!copy) {
            copy = malloc(n * sizeof(*copy));
            if (!copy)
                hj_oom();
            memcpy(copy, cps, n * sizeof(*copy));
        }
        copy[i] = 0xFFFD;
    }
    set_linebreaks_utf32((const utf32_t *)(copy ? copy : cps), n, lang, brk);
    free(copy);
    for (size_t i = 0; i < n; i++)
        if (brk[i] != LINEBREAK_MUSTBREAK && brk[i] != LINEBREAK_ALLOWBREAK)
            brk[i] = UBRK_NO;
}
