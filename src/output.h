/* output.h: the two writers' entry points. Each returns the finished file in memory; build.c
 * writes it atomically. */
#ifndef HANJI_OUTPUT_H
#define HANJI_OUTPUT_H

#include "book.h"
#include "buf.h"

struct lay_doc;

/* The EPUB of the book. When the PDF was typeset in the same run, b->pages says where its pages
 * begin, for the print page-list. Returns 0, or -1 after reporting to b->diag. */
int epub_write(const book *b, buf *out);
/* epub_write into a sink (sink.h): a large EPUB goes to a temporary file as it is written. */
struct sink;
int epub_write_sink(const book *b, struct sink *out);
/* --dump=xhtml: each chapter's XHTML as the EPUB holds it without a page-list, each after a
 * line "=== chapter-01.xhtml", appended to out. Images must be loaded (their files are named
 * after them). Aborts on out-of-memory; cannot fail otherwise. */
void epub_dump_xhtml(const book *b, buf *out);
/* The PDF of a typeset book. Returns 0, or -1 after reporting to b->diag. */
int pdf_write(const book *b, const struct lay_doc *ld, buf *out);
/* pdf_write in two steps, so that the layout can be freed before the document is saved:
 * pdf_draw makes the whole document from ld (NULL after reporting to b->diag), after which ld
 * is no longer needed; pdf_save writes it to out and frees it (0, or -1 after reporting). */
typedef struct pdf_doc pdf_doc;
pdf_doc *pdf_draw(const book *b, const struct lay_doc *ld);
int pdf_save(pdf_doc *doc, buf *out);
/* pdf_save into a sink (sink.h): a large PDF goes to a temporary file as it is written. */
int pdf_save_sink(pdf_doc *doc, struct sink *out);

#endif
