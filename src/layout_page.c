/* layout_page.c: pagination (placeholder until pagination lands). */
#include "layout.h"

lay_doc *page_layout_book(const book *b, font_set *fs, const page_opts *opts)
{
    (void)b, (void)fs, (void)opts;
    return NULL;
}

void laydump_write(const lay_doc *ld, buf *out)
{
    (void)ld, (void)out;
}
