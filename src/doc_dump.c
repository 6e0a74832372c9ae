/* doc_dump.c: text dump of the document tree (see doc_dump.h). Iterative, so deep trees dump
 * without deep recursion. Strings are quoted with \n, \t, \" and \\ escaped. */
#include "doc_dump.h"

#include <string.h>

static void quoted(buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, c);
        } else if ((unsigned char)c < 0x20)
            buf_printf(b, "\\x%02x", (unsigned char)c);
        else
            buf_putc(b, c);
    }
    buf_putc(b, '"');
}

static void attr(buf *b, const char *name, const char *v)
{
    if (!v)
        return;
    buf_printf(b, " %s=", name);
    quoted(b, v, strlen(v));
}

static void node_line(buf *b, const doc_node *n, int depth)
{
    for (int i = 0; i < depth; i++)
        buf_puts(b, "  ");
    buf_puts(b, doc_kind_name(n->kind));
    if (n->line)
        buf_printf(b, " @%d:%d", n->line, n->col);
    switch (n->kind) {
    case DOC_CHAPTER:
        buf_printf(b, " number=%d", n->number);
        if (n->level)
            buf_printf(b, " depth=%d", n->level);
        if (n->flags & DOC_F_UNNUMBERED)
            buf_puts(b, " unnumbered");
        attr(b, "file", n->file);
        attr(b, "title", n->plain);
        break;
    case DOC_HEADING:
        buf_printf(b, " level=%d", n->level);
        break;
    case DOC_LIST:
        buf_printf(b, " %s%s", n->flags & DOC_F_ORDERED ? "ordered" : "bullet",
                   n->flags & DOC_F_TIGHT ? " tight" : " loose");
        if (n->flags & DOC_F_ORDERED)
            buf_printf(b, " start=%d", n->number);
        if (n->flags & DOC_F_DEFS)
            buf_puts(b, " definitions");
        break;
    case DOC_BLOCKQUOTE:
        if (n->flags & DOC_F_CALLOUT)
            buf_puts(b, " callout");
        break;
    case DOC_ITEM:
        if (n->flags & DOC_F_TERM)
            buf_puts(b, " term");
        if (n->flags & DOC_F_TASK)
            buf_puts(b, n->flags & DOC_F_CHECKED ? " task=done" : " task=open");
        break;
    case DOC_TABLE_ROW:
        if (n->flags & DOC_F_HEADER)
            buf_puts(b, " header");
        break;
    case DOC_TABLE_CELL: {
        static const char *const al[] = {"none", "left", "center", "right"};
        buf_printf(b, " align=%s", al[n->align & 3]);
        break;
    }
    case DOC_TEXT:
    case DOC_CODE:
    case DOC_CODEBLOCK:
        buf_putc(b, ' ');
        quoted(b, n->text ? n->text : "", n->len);
        break;
    case DOC_FIGURE:
    case DOC_IMAGE:
        if (n->flags & DOC_F_DECORATIVE)
            buf_puts(b, " decorative");
        break;
    case DOC_LINK:
        if (n->flags & DOC_F_XREF)
            buf_puts(b, n->flags & DOC_F_XREF_PAGE ? " xref+page" : " xref");
        break;
    default:
        break;
    }
    attr(b, "id", n->id);
    attr(b, "alias", n->alias);
    attr(b, "label", n->label);
    attr(b, "url", n->url);
    attr(b, "path", n->path);
    attr(b, n->kind == DOC_CHAPTER ? "part" : "info", n->info);
    if (n->width)
        buf_printf(b, " width=%d", n->width);
    if (n->kind == DOC_HEADING || n->kind == DOC_FIGURE || n->kind == DOC_TABLE)
        attr(b, "plain", n->plain);
    attr(b, "alt", n->alt);
    if (n->target && n->target->id)
        attr(b, "target", n->target->id);
    buf_putc(b, '\n');
}

void docdump_write(const doc_node *root, buf *out)
{
    doc_iter it;
    doc_iter_init(&it, (doc_node *)root);
    int depth = 0;
    while (doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering) {
            depth--;
            continue;
        }
        node_line(out, n, depth);
        if (n->kind == DOC_TABLE && n->caption) {
            for (int i = 0; i <= depth; i++)
                buf_puts(out, "  ");
            buf_puts(out, "caption\n");
            doc_iter sub;
            doc_iter_init(&sub, n->caption);
            int d2 = depth + 1;
            doc_iter_next(&sub); /* the caption paragraph itself */
            while (doc_iter_next(&sub)) {
                if (!sub.entering) {
                    d2--;
                    continue;
                }
                node_line(out, sub.node, d2 + 1);
                if (!doc_is_leaf(sub.node->kind))
                    d2++;
            }
        }
        if (!doc_is_leaf(n->kind))
            depth++;
    }
}
