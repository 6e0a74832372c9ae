/* test_pagemap.c: the map layout fills for the outputs: anchors found by node number, page
 * labels in roman numerals, and the order of two source positions (before a node's element,
 * inside its text) that the EPUB's page markers follow. */
#include "tap.h"

#include "doc_pass.h"
#include "pagemap.h"

#include <string.h>

static arena A;

static doc_node *add(doc_node *parent, doc_kind k)
{
    doc_node *n = doc_new(&A, k, NULL, 0, 0);
    if (parent)
        doc_append(parent, n);
    return n;
}

int main(void)
{
    arena_init(&A);
    doc_node *book = add(NULL, DOC_BOOK);
    doc_node *ch = add(book, DOC_CHAPTER);
    doc_node *p1 = add(ch, DOC_PARA);
    doc_node *t1 = add(p1, DOC_TEXT);
    doc_node *tbl = add(ch, DOC_TABLE);
    doc_node *cap = doc_new(&A, DOC_PARA, NULL, 0, 0);
    doc_node *ct = add(cap, DOC_TEXT);
    tbl->caption = cap;
    doc_node *row = add(tbl, DOC_TABLE_ROW);
    doc_node *p2 = add(ch, DOC_PARA);
    docpass_number(book);
    CHECK_INT(book->number, 9);
    CHECK_INT(ct->seq, tbl->seq + 2); /* the caption right after its table */
    CHECK(row->seq > ct->seq);

    pagemap *m = pagemap_new(&A, book->number);
    CHECK_INT(pagemap_page_of(m, p2), -1);
    pagemap_set(m, p2, 4, 120.5f);
    CHECK_INT(pagemap_page_of(m, p2), 4);
    CHECK(pagemap_y_of(m, p2) == 120.5f);
    CHECK_INT(pagemap_page_of(m, NULL), -1);
    doc_node *stray = doc_new(&A, DOC_PARA, NULL, 0, 0); /* not numbered */
    CHECK_INT(pagemap_page_of(m, stray), -1);
    pagemap_set(m, stray, 1, 0); /* ignored */

    CHECK_STR(pagemap_roman(&A, 1), "i");
    CHECK_STR(pagemap_roman(&A, 4), "iv");
    CHECK_STR(pagemap_roman(&A, 19), "xix");
    CHECK_STR(pagemap_roman(&A, 1994), "mcmxciv");

    /* positions in render order */
    CHECK(pagemap_before(p1, PAGEMAP_BEFORE, t1, 0));
    CHECK(pagemap_before(t1, PAGEMAP_BEFORE, t1, 0));
    CHECK(pagemap_before(t1, 3, t1, 7));
    CHECK(!pagemap_before(t1, 7, t1, 3));
    CHECK(!pagemap_before(t1, 3, t1, 3));
    CHECK(!pagemap_before(t1, 0, t1, PAGEMAP_BEFORE));
    CHECK(pagemap_before(t1, 100, tbl, PAGEMAP_BEFORE));
    CHECK(pagemap_before(ct, 0, row, PAGEMAP_BEFORE));
    CHECK(pagemap_before(row, PAGEMAP_BEFORE, p2, PAGEMAP_BEFORE));
    arena_free(&A);
    return tap_done();
}
