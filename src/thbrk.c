/* thbrk.c: Thai word boundaries through libthai's dictionary (see thbrk.h). A run of Thai
 * letters (U+0E01..U+0E5B) is handed to th_brk_wc_find_breaks in pieces of at most THBRK_CHUNK
 * characters, which bounds its work on text with no spaces at all; a break stays allowed where
 * a piece ends. The dictionary is loaded once per process, and used by one thread at a time
 * (a build sets paragraphs on two: layout_preset.c). */
#include "thbrk.h"

#include "ubrk.h"

#include <pthread.h>
#include <stdlib.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>

#define THBRK_CHUNK 512 /* characters handed to libthai at once */

static ThBrk *thai; /* under thai_lock */
static int thai_tried;
static pthread_mutex_t thai_lock = PTHREAD_MUTEX_INITIALIZER;

static int is_thai(uint32_t cp)
{
    return cp >= 0x0E01 && cp <= 0x0E5B;
}

/* The word boundaries of cps[0..n) (n <= THBRK_CHUNK), Thai only, into brk. */
static void chunk(const uint32_t *cps, size_t n, char *brk)
{
    thwchar_t s[THBRK_CHUNK + 1];
    int pos[THBRK_CHUNK];
    for (size_t i = 0; i < n; i++)
        s[i] = (thwchar_t)cps[i];
    s[n] = 0;
    int np = th_brk_wc_find_breaks(thai, s, pos, THBRK_CHUNK);
    for (size_t i = 0; i + 1 < n; i++)
        brk[i] = UBRK_NO;
    for (int k = 0; k < np; k++)
        if (pos[k] > 0 && (size_t)pos[k] < n)
            brk[pos[k] - 1] = UBRK_ALLOW;
    if (n > 0 && brk[n - 1] == UBRK_NO)
        brk[n - 1] = UBRK_ALLOW; /* the end of a piece inside a run */
}

void thbrk_words(const uint32_t *cps, size_t n, char *brk)
{
    size_t i = 0;
    while (i < n) {
        if (!is_thai(cps[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && is_thai(cps[j]))
            j++;
        if (j - i > 1) {
            pthread_mutex_lock(&thai_lock);
            if (!thai_tried) {
                thai = th_brk_new(NULL);
                thai_tried = 1;
            }
            if (!thai) {
                pthread_mutex_unlock(&thai_lock);
                return;
            }
            char last = brk[j - 1]; /* after the run: the run's neighbours decide */
            for (size_t k = i; k < j; k += THBRK_CHUNK)
                chunk(cps + k, j - k < THBRK_CHUNK ? j - k : THBRK_CHUNK, brk + k);
            brk[j - 1] = last;
            pthread_mutex_unlock(&thai_lock);
        }
        i = j;
    }
}
