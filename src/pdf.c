/* pdf.c: layout -> PDF through libharu (placeholder until the PDF writer lands). */
#include "layout.h"
#include "output.h"

int pdf_write(const book *b, const lay_doc *ld, buf *out)
{
    (void)b, (void)ld, (void)out;
    return -1;
}
