/* test_doc.c: Markdown to tree, the tree passes (ids, labels, links), the iterator, the checker,
 * UTF-8 (noncharacters too), line breaks around them, buffers, path handling, the input policy
 * and the URL-scheme policy. */
#include "buf.h"
#include "doc_pass.h"
#include "file.h"
#include "md.h"
#include "present.h"
#include "tap.h"
#include "ubrk.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static doc_node *book_of(arena *a, diag_ctx *d, const char *const *files, const char *const *texts,
                         int n)
{
    doc_node *book = doc_new(a, DOC_BOOK, NULL, 0, 0);
    for (int i = 0; i < n; i++)
        doc_append(book, md_parse_chapter(a, d, files[i], texts[i], strlen(texts[i])));
    docpass_run(a, d, book);
    return book;
}

static doc_node *find(doc_node *root, doc_kind k, int nth)
{
    doc_iter it;
    doc_iter_init(&it, root);
    while (doc_iter_next(&it))
        if (it.entering && it.node->kind == k && nth-- == 0)
            return it.node;
    return NULL;
}

static void test_passes(arena *a)
{
    diag_ctx d;
    diag_init(&d, NULL);
    const char *files[] = {"book/01-a.md", "book/02-b.md"};
    const char *texts[] = {
        "# The First Chapter\n\nText[^x] and [b](02-b.md#sec-b).\n\n## Same\n\n## Same\n\n"
        "![A figure.](../images/pic.png)\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
        "Table: Numbers {#tbl-n}\n\n[^x]: A note.\n",
        "# Second {#second}\n\n## B Section {#sec-b}\n\nSee [](01-a.md#fig-pic), [](#tbl-n), "
        "[](#second \"page\") and [gone](#missing).\n"};
    doc_node *book = book_of(a, &d, files, texts, 2);
    char msg[256];
    CHECK_INT(doc_check(book, msg, sizeof msg), 0);
    doc_node *c1 = book->first, *c2 = c1->next;
    CHECK_STR(c1->plain, "The First Chapter");
    CHECK_STR(c1->id, "the-first-chapter");
    CHECK_STR(c1->label, "1");
    CHECK_STR(c2->id, "second");
    doc_node *h = find(c1, DOC_HEADING, 1);
    CHECK_STR(h->id, "same");
    CHECK_STR(h->label, "1.1");
    h = find(c1, DOC_HEADING, 2);
    CHECK_STR(h->id, "same-1"); /* generated slugs are made unique silently */
    CHECK_STR(h->label, "1.2");
    doc_node *fig = find(c1, DOC_FIGURE, 0);
    CHECK_STR(fig->id, "fig-pic");
    CHECK_STR(fig->label, "1.1");
    CHECK_STR(fig->path, "images/pic.png");
    CHECK_STR(fig->plain, "A figure.");
    doc_node *tbl = find(c1, DOC_TABLE, 0);
    CHECK_STR(tbl->id, "tbl-n");
    CHECK_STR(tbl->label, "1.1");
    CHECK_STR(tbl->plain, "Numbers");
    doc_node *cell = find(tbl, DOC_TABLE_CELL, 1);
    CHECK_INT(cell->align, DOC_ALIGN_RIGHT);
    CHECK(c1->last->kind == DOC_NOTES);
    doc_node *fn = c1->last->first;
    CHECK_STR(fn->id, "fn-1-1");
    doc_node *ref = find(c1, DOC_NOTEREF, 0);
    CHECK(ref->target == fn);
    CHECK_STR(ref->id, "fnref-1-1");
    doc_node *l = find(c1, DOC_LINK, 0);
    CHECK_STR(l->target ? l->target->id : NULL, "sec-b");
    /* cross-references render labels (the presentation's words) */
    config cfg;
    config_defaults(&cfg);
    const present *pr = present_make(a, &cfg, c1->parent);
    doc_node *x = find(c2, DOC_LINK, 0);
    CHECK(x->flags & DOC_F_XREF);
    CHECK(x->target == fig);
    CHECK_STR(present_xref(pr, x->target), "Figure 1.1");
    x = find(c2, DOC_LINK, 1);
    CHECK_STR(present_xref(pr, x->target), "Table 1.1");
    x = find(c2, DOC_LINK, 2);
    CHECK(x->target == c2);
    CHECK(x->flags & DOC_F_XREF_PAGE);
    CHECK_STR(present_xref(pr, x->target), "Chapter 2");
    x = find(c2, DOC_LINK, 3);
    CHECK(x->target == NULL);
    CHECK_STR(present_xref(pr, find(c2, DOC_HEADING, 1)), "Section 2.1");
    CHECK_STR(present_xref(pr, fn), "Note 1");
    CHECK_STR(present_label(pr, c2), "Chapter 2");
    CHECK_INT(d.warnings, 1); /* the broken link only */
    CHECK_INT(d.errors, 0);
}

static void test_figure_and_html(arena *a)
{
    diag_ctx d;
    diag_init(&d, NULL);
    const char *files[] = {"book/x.md"};
    const char *texts[] = {"Text <span>raw</span>.\n\n<div>\nblock\n</div>\n\n"
                           "  ![Cap *tion*](../images/a.png)  \n\n"
                           "In ![inline](b.png) text.\n\n![](../../etc/passwd)\n"};
    doc_node *book = book_of(a, &d, files, texts, 1);
    char msg[256];
    CHECK_INT(doc_check(book, msg, sizeof msg), 0);
    doc_node *fig = find(book, DOC_FIGURE, 0);
    CHECK(fig != NULL);
    CHECK_STR(fig ? fig->plain : NULL, "Cap tion");
    CHECK(find(book, DOC_IMAGE, 0) != NULL); /* an inline image stays inline */
    CHECK_STR(find(book, DOC_IMAGE, 0)->path, "book/b.png");
    doc_node *bad = find(book, DOC_FIGURE, 1);
    CHECK(bad && bad->path == NULL);
    CHECK_INT(d.errors, 1);       /* leaves the project */
    CHECK_INT(d.warnings, 1 + 1); /* no title, no alt (<span> and <div> are understood) */
    CHECK_STR(doc_plain_text(a, find(book, DOC_PARA, 0)), "Text raw.");
    CHECK_STR(doc_plain_text(a, find(book, DOC_PARA, 1)), "block");
}

/* What md.c reads for books written for other tools: pandoc's heading attributes, mdBook's
 * hidden Rust lines, YAML front matter (lines kept), HTML anchors, GitHub's alerts. */
static void test_authors_tools(arena *a)
{
    diag_ctx d;
    diag_init(&d, NULL);
    const char *files[] = {"book/x.md"};
    const char *texts[] = {"---\ntitle: Fronted\n---\n\n"
                           "## A {#a .cls key=\"v w\" -}\n\n"
                           "## B {.only-class}\n\n"
                           "## Set {x, y}\n\n"
                           "```rust,ignore\n# hidden\n#\n#[attr]\n  ## shown\nvisible\n```\n\n"
                           "<a id=\"old\"></a>\n\n"
                           "## C\n\n"
                           "> [!Tip]\n> Body.\n\n"
                           "[to old](#old)\n"};
    doc_node *book = book_of(a, &d, files, texts, 1);
    char msg[256];
    CHECK_INT(doc_check(book, msg, sizeof msg), 0);
    doc_node *h1 = find(book, DOC_HEADING, 0);
    CHECK_INT(h1->level, 1);
    CHECK_STR(h1->plain ? h1->plain : book->first->plain, "Fronted");
    CHECK_INT(h1->line, 2); /* the title's place in the front matter */
    doc_node *ha = find(book, DOC_HEADING, 1);
    CHECK_STR(ha->id, "a");
    CHECK_STR(ha->plain, "A");
    CHECK_INT(ha->line, 5); /* the front matter's lines still count */
    CHECK_STR(find(book, DOC_HEADING, 2)->plain, "B");
    CHECK_STR(find(book, DOC_HEADING, 3)->plain, "Set {x, y}"); /* not attributes: kept */
    doc_node *code = find(book, DOC_CODEBLOCK, 0);
    CHECK_STR(arena_strndup(a, code->text, code->len), "#[attr]\n  # shown\nvisible\n");
    doc_node *hc = find(book, DOC_HEADING, 4);
    CHECK_STR(hc->alias, "old");
    CHECK(find(book, DOC_LINK, 0)->target == hc);
    doc_node *q = find(book, DOC_BLOCKQUOTE, 0);
    CHECK(q->flags & DOC_F_CALLOUT);
    CHECK_STR(q->info, "tip");
    CHECK_INT(d.warnings, 0);
}

static void test_iterator_deep(arena *a)
{
    /* 10,000 nested block quotes: the iterator and checker must not recurse */
    enum { DEPTH = 10000 };
    buf b = BUF_INIT;
    for (int i = 0; i < DEPTH; i++)
        buf_puts(&b, "> ");
    buf_puts(&b, "deep\n");
    diag_ctx d;
    diag_init(&d, NULL);
    doc_node *ch = md_parse_chapter(a, &d, "book/deep.md", b.data, b.len);
    buf_free(&b);
    doc_node *book = doc_new(a, DOC_BOOK, NULL, 0, 0);
    doc_append(book, ch);
    docpass_run(a, &d, book);
    char msg[256];
    CHECK_INT(doc_check(book, msg, sizeof msg), 0);
    int quotes = 0, enters = 0, exits = 0;
    doc_iter it;
    doc_iter_init(&it, book);
    while (doc_iter_next(&it)) {
        if (it.entering && it.node->kind == DOC_BLOCKQUOTE)
            quotes++;
        if (!doc_is_leaf(it.node->kind))
            it.entering ? enters++ : exits++;
    }
    CHECK(quotes > 100); /* cmark may cap the nesting; it must not crash */
    CHECK_INT(enters, exits);
}

static void test_checker(arena *a)
{
    doc_node *book = doc_new(a, DOC_BOOK, NULL, 0, 0);
    doc_node *ch = doc_new(a, DOC_CHAPTER, "c.md", 1, 1);
    doc_append(book, ch);
    doc_node *t = doc_new(a, DOC_TEXT, "c.md", 1, 1);
    doc_append(ch, t); /* text directly in a chapter is invalid */
    char msg[256];
    CHECK(doc_check(book, msg, sizeof msg) < 0);
    CHECK(strstr(msg, "chapter may not contain text") != NULL);
    doc_unlink(t);
    CHECK_INT(doc_check(book, msg, sizeof msg), 0);
    doc_node *list = doc_new(a, DOC_LIST, "c.md", 2, 1);
    doc_append(ch, list);
    CHECK(doc_check(book, msg, sizeof msg) < 0); /* empty list */
}

static void test_utf8(void)
{
    size_t len;
    CHECK_INT(utf8_decode("\xED\x95\xA8", 3, &len), 0xD568); /* 함 */
    CHECK_INT(len, 3);
    CHECK_INT(utf8_decode("\xC0\x80", 2, &len), UTF8_REPLACEMENT); /* overlong */
    CHECK_INT(len, 1);
    CHECK_INT(utf8_decode("\xED\xA0\x80", 3, &len), UTF8_REPLACEMENT); /* surrogate */
    CHECK_INT(utf8_decode("\xF0\x9F\x98", 3, &len), UTF8_REPLACEMENT); /* truncated */
    CHECK_INT(utf8_decode("\xF0\x9F\x98\x80", 4, &len), 0x1F600);
    char out[4];
    CHECK_INT(utf8_encode(0x16D, out), 2); /* ŭ */
    CHECK(memcmp(out, "\xC5\xAD", 2) == 0);
    CHECK_INT(utf8_invalid_at("ok\xFFno", 5), 2);
    CHECK_INT(utf8_invalid_at("Hamhŭng", strlen("Hamhŭng")), strlen("Hamhŭng"));
    CHECK_INT(utf8_count("함흥", strlen("함흥")), 2);
    /* noncharacters: valid text, but libunibreak's end marker is U+FFFF */
    CHECK(utf8_is_noncharacter(0xFFFF) && utf8_is_noncharacter(0xFFFE));
    CHECK(utf8_is_noncharacter(0xFDD0) && utf8_is_noncharacter(0xFDEF));
    CHECK(utf8_is_noncharacter(0x1FFFE) && utf8_is_noncharacter(0x10FFFF));
    CHECK(!utf8_is_noncharacter(0xFDCF) && !utf8_is_noncharacter(0xFDF0));
    CHECK(!utf8_is_noncharacter(0xFFFD) && !utf8_is_noncharacter(0x1FFFD));
    CHECK(!utf8_is_text(0x85) && !utf8_is_text(0x1B) && !utf8_is_text(0xFDD0));
    CHECK(utf8_is_text('\t') && utf8_is_text(0xA0) && utf8_is_text(0xD568));
}

static void test_ubrk(void)
{
    /* U+FFFF inside the text used to end libunibreak's walk early and abort the process */
    const uint32_t cps[] = {'a', 0xFFFF, ' ', 'b', 0xFDD0, ' ', 'c'};
    char brk[7];
    ubrk_breaks(cps, 7, "en", brk);
    CHECK_INT(brk[2], UBRK_ALLOW);
    CHECK_INT(brk[5], UBRK_ALLOW);
    CHECK_INT(brk[6], UBRK_MUST);
    CHECK_INT(brk[0], UBRK_NO);
}

static void test_urls(arena *a)
{
    CHECK(doc_url_is_live("https://example.com/"));
    CHECK(doc_url_is_live("HTTP://example.com/"));
    CHECK(doc_url_is_live("mailto:a@example.com"));
    CHECK(doc_url_is_live("urn:isbn:0451450523"));
    CHECK(!doc_url_is_live("javascript:alert(1)"));
    CHECK(!doc_url_is_live("JaVaScRiPt:alert(1)"));
    CHECK(!doc_url_is_live("vbscript:x"));
    CHECK(!doc_url_is_live("data:text/html,x"));
    CHECK(!doc_url_is_live("file:///etc/passwd"));
    CHECK(!doc_url_is_live("irc://example.com"));
    CHECK(!doc_url_is_live("//example.com/x"));
    CHECK(!doc_url_is_live("other.md#x"));
    CHECK(!doc_url_is_live(" javascript:x"));
    CHECK(!doc_url_is_live(""));
    char *longurl = arena_alloc(a, DOC_MAX_URL + 32);
    memset(longurl, 'a', DOC_MAX_URL + 31);
    memcpy(longurl, "https://", 8);
    longurl[DOC_MAX_URL + 31] = 0;
    CHECK(!doc_url_is_live(longurl));
    longurl[DOC_MAX_URL] = 0;
    CHECK(doc_url_is_live(longurl));
    CHECK_STR(doc_url_refusal(a, "file:x"), "the scheme 'file:' is not one a book links to");
    CHECK(doc_url_refusal(a, "https://x") == NULL);
}

static void test_buf(void)
{
    buf b = BUF_INIT; /* XML escaping is xhtml_escape's, tested in test_xhtml */
    buf_printf(&b, "%d-%s", 42, "x");
    CHECK_STR(buf_cstr(&b), "42-x");
    buf_free(&b);
}

static void test_paths(arena *a)
{
    CHECK_STR(file_normalize(a, "book/../images/x.png"), "images/x.png");
    CHECK_STR(file_normalize(a, "book/./a//b.md"), "book/a/b.md");
    CHECK(file_normalize(a, "book/../../etc/passwd") == NULL);
    CHECK(file_normalize(a, "/etc/passwd") == NULL);
    CHECK_STR(file_dirname(a, "book/a.md"), "book");
    CHECK_STR(file_basename("book/a.md"), "a.md");
    CHECK_STR(file_join(a, "proj/", "book"), "proj/book");
    CHECK_STR(file_join(a, ".", "book"), "book");
    CHECK(file_normalize(a, file_join(a, "book", "/etc/passwd")) == NULL); /* absolute */
    CHECK(docpass_is_external("https://x.org"));
    CHECK(docpass_is_external("mailto:a@b.c"));
    CHECK(!docpass_is_external("02-b.md#x"));
    CHECK(!docpass_is_external("#x"));
}

static void test_atomic_write(arena *a)
{
    char dir[] = "/tmp/hanji-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = arena_printf(a, "%s/out.bin", dir);
    CHECK_INT(file_write_atomic(path, "first", 5), 0);
    CHECK_INT(file_write_atomic(path, "second", 6), 0);
    char *data;
    size_t len;
    CHECK_INT(file_read(a, path, &data, &len), 0);
    CHECK_STR(data, "second");
    /* a folder that does not exist: fails and leaves nothing */
    CHECK(file_write_atomic(arena_printf(a, "%s/missing/x", dir), "x", 1) < 0);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1 && rm -rf %s", dir, dir);
    CHECK_INT(system(cmd), 0); /* no temporary left behind */
}

/* The input policy (file_check_input): regular files inside the root, links resolved. */
static void test_input_policy(arena *a)
{
    char dir[] = "/tmp/hanji-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *root = arena_printf(a, "%s/p", dir), *in = arena_printf(a, "%s/p/in.md", dir);
    char *out = arena_printf(a, "%s/out.md", dir);
    CHECK_INT(file_mkdirs(root), 0);
    CHECK_INT(file_write_atomic(in, "in", 2), 0);
    CHECK_INT(file_write_atomic(out, "out", 3), 0);
    CHECK_INT(symlink("in.md", arena_printf(a, "%s/link-in.md", root)), 0);
    CHECK_INT(symlink(out, arena_printf(a, "%s/link-out.md", root)), 0);
    CHECK_INT(mkfifo(arena_printf(a, "%s/fifo.md", root), 0600), 0);
    CHECK_INT(file_check_input(root, in, 100), 0);
    CHECK_INT(file_check_input(root, arena_printf(a, "%s/link-in.md", root), 100), 0);
    CHECK(file_check_input(root, arena_printf(a, "%s/link-out.md", root), 100) < 0 &&
          errno == EXDEV);
    CHECK(file_check_input(root, arena_printf(a, "%s/fifo.md", root), 100) < 0 && errno == ENODEV);
    CHECK(file_check_input(root, root, 100) < 0 && errno == EISDIR);
    CHECK(file_check_input(root, in, 1) < 0 && errno == EFBIG);
    CHECK(file_check_input(root, arena_printf(a, "%s/none.md", root), 100) < 0 && errno == ENOENT);
    /* a FIFO is refused by the reader too, without waiting for a writer */
    char *data;
    size_t len;
    CHECK(file_read(a, arena_printf(a, "%s/fifo.md", root), &data, &len) < 0 && errno == ENODEV);
    CHECK_STR(file_strerror(EXDEV), "it leads outside the project");
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
}

int main(void)
{
    arena a;
    arena_init(&a);
    test_passes(&a);
    test_figure_and_html(&a);
    test_authors_tools(&a);
    test_iterator_deep(&a);
    test_checker(&a);
    test_utf8();
    test_buf();
    test_paths(&a);
    test_atomic_write(&a);
    test_ubrk();
    test_urls(&a);
    test_input_policy(&a);
    arena_free(&a);
    return tap_done();
}
