/* pagemap.c: the map of where things are in the typeset book (see pagemap.h). Nodes are found
 * by their seq (numbered in document order by the tree passes), so looking one up is an index,
 * and comparing two positions in the rendered order is comparing numbers. */
#include "pagemap.h"

#include "buf.h"

#include <string.h>

pagemap *pagemap_new(arena *a, int nnodes)
{
    pagemap *m = ARENA_NEW(a, pagemap);
    m->nnodes = nnodes > 0 ? nnodes : 0;
    m->node_page = ARENA_NEWN(a, int, (size_t)m->nnodes + 1);
    m->node_y = ARENA_NEWN(a, float, (size_t)m->nnodes + 1);
    for (int i = 0; i < m->nnodes; i++)
        m->node_page[i] = -1;
    return m;
}

static int known(const pagemap *m, const doc_node *n)
{
    return m && n && n->seq >= 0 && n->seq < m->nnodes;
}

int pagemap_page_of(const pagemap *m, const doc_node *n)
{
    return known(m, n) ? m->node_page[n->seq] : -1;
}

float pagemap_y_of(const pagemap *m, const doc_node *n)
{
    return known(m, n) ? m->node_y[n->seq] : 0;
}

void pagemap_set(pagemap *m, const doc_node *n, int page, float y)
{
    if (!known(m, n))
        return;
    m->node_page[n->seq] = page;
    m->node_y[n->seq] = y;
}

void pagemap_set_pages(pagemap *m, arena *a, int npages)
{
    m->pages = ARENA_NEWN(a, pagemap_page, (size_t)npages + 1);
    m->npages = npages;
}

const char *pagemap_roman(arena *a, int n)
{
    static const struct {
        int v;
        const char *s;
    } digits[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                  {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
                  {5, "v"},    {4, "iv"},   {1, "i"}};
    buf b = BUF_INIT;
    for (size_t i = 0; i < HJ_ARRAY_LEN(digits); i++)
        for (; n >= digits[i].v; n -= digits[i].v)
            buf_puts(&b, digits[i].s);
    const char *s = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

int pagemap_before(const doc_node *na, size_t oa, const doc_node *nb, size_t ob)
{
    if (na->seq != nb->seq)
        return na->seq < nb->seq;
    if (oa == ob)
        return 0;
    return oa == PAGEMAP_BEFORE || (ob != PAGEMAP_BEFORE && oa < ob);
}
