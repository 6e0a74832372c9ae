/* ubrk.c: UAX #14 line-break opportunities through libunibreak (see ubrk.h), with two rules
 * of today's UAX #14 and of Japanese kinsoku that libunibreak 1.1 lacks (below). The rest of
 * kinsoku comes from the classes themselves: no break before closing brackets and quotes,
 * full stops and commas (CL, CP, EX, IS, NS), nor after opening ones (OP). */
#include "ubrk.h"
#include "utf8.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t ubrk_once = PTHREAD_ONCE_INIT; /* two threads set paragraphs */

/* Inseparable characters (class IN: the ellipses): UAX #14 since Unicode 13 has no break
 * before them at all (LB22), where libunibreak 1.1 (Unicode 6) still breaks before one after
 * a closing bracket or quote, which starts a line with an ellipsis. */
static int is_inseparable(uint32_t c)
{
    return c == 0x2024 || c == 0x2025 || c == 0x2026 || c == 0x22EF || c == 0xFE19;
}

/* Conditional Japanese starters (class CJ: small kana and the prolonged sound mark): set as
 * non-starters (NS), the strict kinsoku of JIS X 4051 and CSS line-break: strict, which books
 * keep; libunibreak resolves them to ideographs (breaks before them). */
static int is_cj(uint32_t c)
{
    switch (c) {
    case 0x3041:
    case 0x3043:
    case 0x3045:
    case 0x3047:
    case 0x3049:
    case 0x3063:
    case 0x3083:
    case 0x3085:
    case 0x3087:
    case 0x308E:
    case 0x3095:
    case 0x3096:
    case 0x30A1:
    case 0x30A3:
    case 0x30A5:
    case 0x30A7:
    case 0x30A9:
    case 0x30C3:
    case 0x30E3:
    case 0x30E5:
    case 0x30E7:
    case 0x30EE:
    case 0x30F5:
    case 0x30F6:
    case 0x30FC:
        return 1;
    default:
        return (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF67 && c <= 0xFF70);
    }
}

static int is_break_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || (c >= 0x2000 && c <= 0x200B && c != 0x2007);
}

void ubrk_breaks(const uint32_t *cps, size_t n, const char *lang, char *brk)
{
    if (n == 0)
        return;
    pthread_once(&ubrk_once, init_linebreak);
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
    for (size_t i = 0; i < n; i++) {
        /* kinsoku: neither an ellipsis nor a small kana starts a line */
        int kinsoku = brk[i] == LINEBREAK_ALLOWBREAK && i + 1 < n && !is_break_space(cps[i]) &&
                      (is_inseparable(cps[i + 1]) || is_cj(cps[i + 1]));
        if ((brk[i] != LINEBREAK_MUSTBREAK && brk[i] != LINEBREAK_ALLOWBREAK) || kinsoku)
            brk[i] = UBRK_NO;
    }
}
