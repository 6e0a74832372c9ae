/* pagemap.c: the first line of body text on each typeset page (see pagemap.h). xhtml.c looks
 * for that text in a paragraph that runs over a page break, to put the page's marker before
 * the first word printed on the page rather than before the next block.
 *
 * A page's text items are runs with a baseline y. They are grouped into lines from the top:
 * a line takes every run whose baseline lies within half the line's largest size (the run's own
 * included) below its first (topmost) run, which keeps a raised note reference with the words
 * around it. The first line that does not contain a run reading exactly the page's folio is the
 * answer; its runs are joined left to right. */
#include "pagemap.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* How far below a line's top baseline a run may sit and still be on that line, in units of
 * the largest size on the line. A superscript is raised 0.35 em; lines are at least 1.1 em
 * apart. */
#define LINE_SLACK 0.5f

typedef struct text_item {
    const lay_run *run;
    float x, y;
} text_item;

static int by_y_then_x(const void *pa, const void *pb)
{
    const text_item *a = pa, *b = pb;
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    return (a->x > b->x) - (a->x < b->x);
}

static int by_x(const void *pa, const void *pb)
{
    const text_item *a = pa, *b = pb;
    return (a->x > b->x) - (a->x < b->x);
}

/* The run's code points as UTF-8 into out. */
static void put_run(buf *out, const lay_run *r)
{
    char u[4];
    for (int i = 0; i < r->n; i++)
        buf_put(out, u, utf8_encode(r->cps[i], u));
}

static int run_is(const lay_run *r, const char *s)
{
    buf b = BUF_INIT;
    put_run(&b, r);
    int same = b.len == strlen(s) && (b.len == 0 || memcmp(b.data, s, b.len) == 0);
    buf_free(&b);
    return same;
}

static const char *page_head(arena *a, const lay_page *pg)
{
    int n = 0;
    for (int i = 0; i < pg->nitems; i++)
        if (pg->items[i].kind == LAY_TEXT && pg->items[i].run)
            n += pg->items[i].nruns;
    if (n == 0)
        return NULL;
    text_item *t = malloc(sizeof(*t) * (size_t)n);
    if (!t)
        hj_oom();
    n = 0;
    for (int i = 0; i < pg->nitems; i++) {
        const lay_item *it = &pg->items[i];
        for (int k = 0; it->kind == LAY_TEXT && it->run && k < it->nruns; k++) {
            const lay_run *r = &it->run[k];
            if (r->n > 0)
                t[n++] = (text_item){r, it->x + r->x, it->y + r->y};
        }
    }
    if (n == 0) {
        free(t);
        return NULL;
    }
    float maxsize = 0;
    for (int k = 0; k < n; k++)
        if (t[k].run->size > maxsize)
            maxsize = t[k].run->size;
    const char *head = NULL;
    for (int i = 0; i < n && !head;) {
        /* the next line starts at the topmost run left; only the runs that could be on it (the
         * page's largest size decides how far down) are sorted */
        float ymin = t[i].y;
        for (int k = i + 1; k < n; k++)
            if (t[k].y < ymin)
                ymin = t[k].y;
        int m = i;
        for (int k = i; k < n; k++)
            if (t[k].y <= ymin + LINE_SLACK * maxsize) {
                text_item tmp = t[m];
                t[m++] = t[k];
                t[k] = tmp;
            }
        qsort(t + i, (size_t)(m - i), sizeof(*t), by_y_then_x);
        int j = i + 1;
        float size = t[i].run->size;
        for (; j < m; j++) {
            if (t[j].run->size > size)
                size = t[j].run->size;
            if (t[j].y > t[i].y + LINE_SLACK * size)
                break;
        }
        int folio_line = 0;
        for (int k = i; k < j && pg->folio && !folio_line; k++)
            folio_line = run_is(t[k].run, pg->folio);
        if (!folio_line) {
            qsort(t + i, (size_t)(j - i), sizeof(*t), by_x);
            buf b = BUF_INIT;
            for (int k = i; k < j; k++)
                put_run(&b, t[k].run);
            head = arena_strdup(a, buf_cstr(&b));
            buf_free(&b);
        }
        i = j;
    }
    free(t);
    return head;
}

const char **pagemap_heads(arena *a, const lay_doc *ld)
{
    const char **heads = ARENA_NEWN(a, const char *, (size_t)ld->npages + 1);
    for (int p = 0; p < ld->npages; p++)
        heads[p] = page_head(a, &ld->pages[p]);
    return heads;
}

/* ---- page labels and roles ---- */

/* n (>= 1) in lower-case roman numerals. */
static const char *roman(arena *a, int n)
{
    static const struct {
        int v;
        const char *s;
    } digits[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                  {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
                  {5, "v"},    {4, "iv"},   {1, "i"}};
    buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        for (; n >= digits[i].v; n -= digits[i].v)
            buf_puts(&b, digits[i].s);
    const char *s = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

const char **pagemap_labels(arena *a, const lay_doc *ld)
{
    const char **labels = ARENA_NEWN(a, const char *, (size_t)ld->npages + 1);
    for (int p = 0; p < ld->npages; p++) {
        const lay_page *pg = &ld->pages[p];
        int v = pg->label_value > 0 ? pg->label_value : p + 1;
        labels[p] = pg->label_style == LAY_LABEL_ROMAN ? roman(a, v) : arena_printf(a, "%d", v);
    }
    return labels;
}

static int page_has_text(const lay_page *pg)
{
    for (int i = 0; i < pg->nitems; i++)
        if (pg->items[i].kind == LAY_TEXT && pg->items[i].run && pg->items[i].run->n > 0)
            return 1;
    return 0;
}

unsigned char *pagemap_roles(arena *a, const lay_doc *ld)
{
    unsigned char *roles = ARENA_NEWN(a, unsigned char, (size_t)ld->npages + 1);
    int body = 0;
    while (body < ld->npages && ld->pages[body].label_style != LAY_LABEL_ARABIC)
        body++;
    if (body == ld->npages) /* no arabic numbers: no front matter to tell apart */
        body = 0;
    for (int p = 0; p < ld->npages; p++)
        roles[p] = p < body ? BOOK_PAGE_FRONT : BOOK_PAGE_BODY;
    int toc = body, toc_end = body;
    for (int i = 0; i < ld->noutline; i++) {
        int pg = ld->outline[i].page;
        if (pg < 0 || pg >= body)
            continue;
        if (toc == body)
            toc = toc_end = pg;
        else if (pg > toc && (toc_end == toc || pg < toc_end))
            toc_end = pg;
    }
    if (toc_end == toc)
        toc_end = body;
    for (int p = toc; p < toc_end; p++)
        if (page_has_text(&ld->pages[p]))
            roles[p] = BOOK_PAGE_CONTENTS;
    int found = 0;
    for (int p = toc - 1; p >= 0 && found < 2; p--) {
        if (!page_has_text(&ld->pages[p]))
            continue;
        roles[p] = found++ == 0 ? BOOK_PAGE_COPYRIGHT : BOOK_PAGE_TITLE;
    }
    if (found == 1)
        for (int p = 0; p < toc; p++)
            if (roles[p] == BOOK_PAGE_COPYRIGHT)
                roles[p] = BOOK_PAGE_TITLE;
    return roles;
}
