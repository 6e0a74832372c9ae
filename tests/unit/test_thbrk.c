/* test_thbrk.c: Thai text breaks between words (libthai's dictionary), not between any two
 * letters, a combining vowel never leaves its letter, and text around Thai keeps UAX #14's
 * breaks. */
#include "tap.h"

#include "thbrk.h"
#include "ubrk.h"
#include "utf8.h"

#include <string.h>

/* The text with '|' where a break is allowed (the end of text left out). */
static const char *marks(const char *s)
{
    static char out[1024];
    uint32_t cps[256] = {0};
    char brk[256] = {0};
    size_t n = 0;
    for (size_t i = 0, len = strlen(s); i < len && n < 256;) {
        size_t l = 1;
        cps[n++] = utf8_decode(s + i, len - i, &l);
        i += l;
    }
    ubrk_breaks(cps, n, "th", brk);
    thbrk_words(cps, n, brk);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        o += utf8_encode(cps[i], out + o);
        if (i + 1 < n && brk[i] == UBRK_ALLOW)
            out[o++] = '|';
    }
    out[o] = 0;
    return out;
}

int main(void)
{
    /* "Thai is a language that ..." */
    CHECK_STR(marks("ภาษาไทยเป็นภาษาที่สวยงาม"), "ภาษา|ไทย|เป็น|ภาษา|ที่|สวย|งาม");
    /* Latin around it keeps its own breaks: after the space, before and after the Thai run */
    CHECK_STR(marks("see ภาษาไทย now"), "see |ภาษา|ไทย |now");
    /* a single Thai letter: nothing to split */
    CHECK_STR(marks("a ก b"), "a |ก |b");
    return tap_done();
}
