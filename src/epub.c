/* epub.c: EPUB 3 packaging (placeholder until the EPUB writer lands). */
#include "output.h"

int epub_write(const book *b, const char *const *folios, int npages, buf *out)
{
    (void)b, (void)folios, (void)npages, (void)out;
    return -1;
}
