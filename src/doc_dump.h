/* doc_dump.h: the stable text dump of the document tree (--dump=tree), one node per line,
 * indented by depth, with its location and attributes. Golden tests compare these dumps. */
#ifndef HANJI_DOC_DUMP_H
#define HANJI_DOC_DUMP_H

#include "buf.h"
#include "doc.h"

void docdump_write(const doc_node *root, buf *out);

#endif
