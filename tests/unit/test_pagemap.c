/* test_pagemap.c: each page's first line of body text, from hand-made pages: the running head
 * with the folio is skipped, a raised note reference stays on its line, runs are joined left to
 * right, a chapter opening's folio at the foot is not its first line, and a page without text
 * has none. */
#include "tap.h"

#include "pagemap.h"

#include <string.h>

static arena A;

static void put(lay_page *pg, const char *s, float x, float y, float size)
{
    lay_run *r = ARENA_NEW(&A, lay_run);
    size_t n = strlen(s);
    uint32_t *cps = ARENA_NEWN(&A, uint32_t, n + 1);
    for (size_t i = 0; i < n; i++)
        cps[i] = (unsigned char)s[i];
    r->cps = cps;
    r->n = (int)n;
    r->size = size;
    if (pg->nitems == pg->cap) {
        int cap = pg->cap ? pg->cap * 2 : 8;
        pg->items = arena_realloc(&A, pg->items, sizeof(lay_item) * (size_t)pg->cap,
                                  sizeof(lay_item) * (size_t)cap);
        pg->cap = cap;
    }
    lay_item *it = &pg->items[pg->nitems++];
    memset(it, 0, sizeof(*it));
    it->kind = LAY_TEXT;
    it->run = r;
    it->nruns = 1;
    it->x = x;
    it->y = y;
}

int main(void)
{
    arena_init(&A);
    lay_page pages[4];
    memset(pages, 0, sizeof pages);
    /* a verso: folio and book title above the text; items out of order */
    pages[0].folio = "12";
    put(&pages[0], "second line", 72, 100, 10);
    put(&pages[0], "of the bay", 120, 86, 10);
    put(&pages[0], "12", 72, 60, 9);
    put(&pages[0], "Hamhung", 200, 60, 9);
    put(&pages[0], "3", 112, 82.5f, 6.5f); /* a note reference, raised */
    put(&pages[0], "sea", 72, 86, 10);
    /* a chapter opening: folio at the foot */
    pages[1].folio = "13";
    put(&pages[1], "13", 200, 600, 9);
    put(&pages[1], "CHAPTER 2", 150, 150, 9);
    put(&pages[1], "Industry", 150, 180, 16);
    /* a page with only an image; and a page without a folio */
    pages[2].folio = "14";
    pages[2].items = ARENA_NEWN(&A, lay_item, 1);
    pages[2].items[0].kind = LAY_IMAGE;
    pages[2].nitems = pages[2].cap = 1;
    put(&pages[3], "Title page", 100, 200, 20);

    lay_doc ld;
    memset(&ld, 0, sizeof ld);
    ld.pages = pages;
    ld.npages = 4;
    const char **h = pagemap_heads(&A, &ld);
    CHECK_STR(h[0], "sea3of the bay");
    CHECK_STR(h[1], "CHAPTER 2");
    CHECK(h[2] == NULL);
    CHECK_STR(h[3], "Title page");
    arena_free(&A);
    return tap_done();
}
