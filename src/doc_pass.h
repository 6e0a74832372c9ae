/* doc_pass.h: the passes that turn parsed chapters into a book: chapter titles and numbers,
 * unique ids (GitHub-style slugs or explicit {#id}), labels for sections, figures, tables and
 * notes, image paths resolved inside the project, and internal links resolved across chapters. */
#ifndef HANJI_DOC_PASS_H
#define HANJI_DOC_PASS_H

#include "diag.h"
#include "doc.h"

/* Runs every pass over book (a DOC_BOOK whose children are the parsed chapters, in order).
 * Problems are reported to d; the tree stays valid (doc_check passes). */
void docpass_run(arena *a, diag_ctx *d, doc_node *book);

/* Numbers every node in render order (doc_node.seq; a table's caption right after its table)
 * and stores the count in the book's number. docpass_run does this last. */
void docpass_number(doc_node *book);

/* Is url external (has a scheme such as http: or mailto:, or starts with //)? */
int docpass_is_external(const char *url);

#endif
