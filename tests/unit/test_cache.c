/* test_cache.c: the watch session's cache (cache.c) and watch.c's editor-file filter.
 * A cached chapter must be indistinguishable from a fresh parse: same tree dump, same
 * diagnostics and counts, a copy the caller may modify, footnote targets inside the copy; a
 * changed file is parsed again; sweeping drops what a build did not use. Run from tests/. */
#include "cache.h"
#include "doc_dump.h"
#include "file.h"
#include "md.h"
#include "tap.h"
#include "watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char chapter_text[] = "# Title\n\nSome *text* with a note.[^a]\n\n"
                                   "Bad byte: \xff here.\n\n[^a]: The note.\n";

static char *dump(arena *a, const doc_node *n)
{
    buf b = BUF_INIT;
    docdump_write(n, &b);
    char *s = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static doc_node *find(doc_node *root, doc_kind k)
{
    doc_iter it;
    doc_iter_init(&it, root);
    while (doc_iter_next(&it))
        if (it.entering && it.node->kind == k)
            return it.node;
    return NULL;
}

static void test_chapter_same_as_fresh(void)
{
    arena a;
    arena_init(&a);
    diag_ctx fresh_d;
    diag_init(&fresh_d, NULL);
    doc_node *fresh =
        md_parse_chapter(&a, &fresh_d, "book/a.md", chapter_text, sizeof(chapter_text) - 1);
    CHECK(fresh_d.warnings > 0); /* the invalid byte */

    cache *c = cache_new();
    for (int round = 0; round < 3; round++) {
        diag_ctx d;
        diag_init(&d, NULL);
        doc_node *ch =
            cache_chapter(c, &a, &d, "book/a.md", chapter_text, sizeof(chapter_text) - 1, NULL);
        CHECK_STR(dump(&a, ch), dump(&a, fresh));
        CHECK_INT(d.warnings, fresh_d.warnings);
        CHECK_INT(d.errors, fresh_d.errors);
        /* the note reference points at the footnote of this copy, not the cached tree */
        doc_node *ref = find(ch, DOC_NOTEREF), *fn = find(ch, DOC_FOOTNOTE);
        CHECK(ref && fn && ref->target == fn);
        /* the caller may rewrite its copy without touching the cache */
        doc_node *t = find(ch, DOC_TEXT);
        if (t) {
            t->text = "changed";
            t->len = 7;
        }
        doc_unlink(ch->first);
        cache_stats st = cache_get_stats(c);
        CHECK_INT(st.chapter_misses, round == 0 ? 1 : 0);
        CHECK_INT(st.chapter_hits, round == 0 ? 0 : 1);
        cache_sweep(c);
    }
    cache_free(c);
    arena_free(&a);
}

static void test_chapter_changes(void)
{
    arena a;
    arena_init(&a);
    cache *c = cache_new();
    diag_ctx d;
    diag_init(&d, NULL);
    doc_node *one = cache_chapter(c, &a, &d, "book/a.md", "# One\n", 6, NULL);
    doc_node *two = cache_chapter(c, &a, &d, "book/a.md", "# Two\n", 6, NULL);
    CHECK(strstr(dump(&a, one), "One") != NULL);
    CHECK(strstr(dump(&a, two), "Two") != NULL);
    CHECK_INT(cache_get_stats(c).chapter_misses, 2);
    /* the same text under another name is another chapter (messages name the file) */
    doc_node *other = cache_chapter(c, &a, &d, "book/b.md", "# Two\n", 6, NULL);
    CHECK_STR(other->file, "book/b.md");
    CHECK_INT(cache_get_stats(c).chapter_misses, 3);
    cache_sweep(c);
    /* nothing used in this round: swept; then a lookup must parse again */
    cache_sweep(c);
    cache_chapter(c, &a, &d, "book/a.md", "# Two\n", 6, NULL);
    CHECK_INT(cache_get_stats(c).chapter_misses, 1);
    cache_free(c);
    arena_free(&a);
}

/* The language's quotes are part of the key: a changed `lang` parses again. */
static void test_chapter_language(void)
{
    arena a;
    arena_init(&a);
    cache *c = cache_new();
    diag_ctx d;
    diag_init(&d, NULL);
    static const char text[] = "# T\n\n\"q\"\n";
    md_opts de = {{"\xe2\x80\x9e", "\xe2\x80\x9c", "\xe2\x80\x9a", "\xe2\x80\x98"}};
    doc_node *en = cache_chapter(c, &a, &d, "book/a.md", text, sizeof text - 1, NULL);
    doc_node *g = cache_chapter(c, &a, &d, "book/a.md", text, sizeof text - 1, &de);
    doc_node *g2 = cache_chapter(c, &a, &d, "book/a.md", text, sizeof text - 1, &de);
    CHECK(strstr(dump(&a, en), "\xe2\x80\x9cq\xe2\x80\x9d") != NULL);
    CHECK(strstr(dump(&a, g), "\xe2\x80\x9eq\xe2\x80\x9c") != NULL);
    CHECK_STR(dump(&a, g2), dump(&a, g));
    CHECK_INT(cache_get_stats(c).chapter_misses, 2);
    CHECK_INT(cache_get_stats(c).chapter_hits, 1);
    cache_free(c);
    arena_free(&a);
}

/* Text with included lines (mdbook.h): the line map is part of the key, and the cached tree's
 * places outlive the build's map. */
static void test_chapter_mapped(void)
{
    arena a, build;
    arena_init(&a);
    arena_init(&build);
    cache *c = cache_new();
    diag_ctx d;
    diag_init(&d, NULL);
    const char *text = "# T\n\nIncluded.\n";
    md_origin *map = ARENA_NEWN(&build, md_origin, 3);
    map[0] = (md_origin){arena_strdup(&build, "book/a.md"), 1};
    map[1] = (md_origin){arena_strdup(&build, "book/a.md"), 2};
    map[2] = (md_origin){arena_strdup(&build, "book/inc.md"), 7};
    doc_node *one = cache_chapter_mapped(c, &a, &d, "book/a.md", text, strlen(text), map, 3);
    arena_free(&build); /* the build that made the map is over */
    md_origin same[3] = {{"book/a.md", 1}, {"book/a.md", 2}, {"book/inc.md", 7}};
    doc_node *two = cache_chapter_mapped(c, &a, &d, "book/a.md", text, strlen(text), same, 3);
    CHECK_INT(cache_get_stats(c).chapter_hits, 1);
    CHECK_STR(one->last->file, "book/inc.md");
    CHECK_INT(one->last->line, 7);
    CHECK_STR(two->last->file, "book/inc.md");
    CHECK_INT(two->last->line, 7);
    /* the same text from another line of the included file: parsed again */
    same[2].line = 8;
    doc_node *moved = cache_chapter_mapped(c, &a, &d, "book/a.md", text, strlen(text), same, 3);
    CHECK_INT(cache_get_stats(c).chapter_misses, 2);
    CHECK_INT(moved->last->line, 8);
    /* and without a map it is the file's own text */
    doc_node *own = cache_chapter(c, &a, &d, "book/a.md", text, strlen(text), NULL);
    CHECK_INT(cache_get_stats(c).chapter_misses, 3);
    CHECK_STR(own->last->file, "book/a.md");
    cache_free(c);
    arena_free(&a);
}

static void test_diagnostics_replayed(void)
{
    arena a;
    arena_init(&a);
    cache *c = cache_new();
    char *text[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    for (int round = 0; round < 2; round++) {
        FILE *ms = open_memstream(&text[round], &len[round]);
        diag_ctx d;
        diag_init(&d, ms);
        cache_chapter(c, &a, &d, "book/a.md", chapter_text, sizeof(chapter_text) - 1, NULL);
        fclose(ms);
        cache_sweep(c);
    }
    CHECK(len[0] > 0);
    CHECK(strstr(text[0], "book/a.md:5:") != NULL);
    CHECK_STR(text[1], text[0]);
    free(text[0]);
    free(text[1]);
    cache_free(c);
    arena_free(&a);
}

static void test_images(void)
{
    arena a;
    arena_init(&a);
    char dir[] = "/tmp/hanji-cache-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof(path), "%s/x.png", dir);
    char *data;
    size_t n;
    CHECK(file_read(&a, "fixtures/images/gray.png", &data, &n) == 0);
    CHECK(file_write_atomic(path, data, n) == 0);
    cache *c = cache_new();
    diag_ctx d;
    diag_init(&d, NULL);
    const image_info *i1 = cache_image(c, &d, path, "images/x.png", "book/a.md", 1, 1);
    cache_sweep(c);
    const image_info *i2 = cache_image(c, &d, path, "images/x.png", "book/a.md", 1, 1);
    CHECK(i1 && i1 == i2);
    CHECK_INT(cache_get_stats(c).image_hits, 1);
    cache_sweep(c);
    /* a new file (new inode and times) is decoded again */
    CHECK(file_write_atomic(path, data, n) == 0);
    cache_image(c, &d, path, "images/x.png", "book/a.md", 1, 1);
    CHECK_INT(cache_get_stats(c).image_misses, 1);
    cache_sweep(c);
    /* a bad image reports on every use, at each use's location */
    CHECK(file_write_atomic(path, "not a png", 9) == 0);
    for (int round = 0; round < 2; round++) {
        diag_ctx bd;
        diag_init(&bd, NULL);
        CHECK(cache_image(c, &bd, path, "images/x.png", "book/a.md", 1, 1) == NULL);
        CHECK_INT(bd.errors, 1);
        cache_sweep(c);
    }
    unlink(path);
    rmdir(dir);
    cache_free(c);
    arena_free(&a);
}

static void test_ignored_names(void)
{
    CHECK(watch_ignored_name(".01-intro.md.swp"));
    CHECK(watch_ignored_name("01-intro.md~"));
    CHECK(watch_ignored_name("4913"));
    CHECK(watch_ignored_name("#01-intro.md#"));
    CHECK(watch_ignored_name(".#01-intro.md"));
    CHECK(watch_ignored_name("01-intro.md.swp"));
    CHECK(watch_ignored_name(".goutputstream-ABC123"));
    CHECK(watch_ignored_name("x.tmp"));
    CHECK(!watch_ignored_name("01-intro.md"));
    CHECK(!watch_ignored_name("book.yaml"));
    CHECK(!watch_ignored_name("map-2.png"));
    CHECK(!watch_ignored_name("2024.md"));
}

/* Deflated streams: found by their exact bytes, kept while used, dropped a sweep after. */
static void test_deflated(void)
{
    cache *c = cache_new();
    size_t zlen = 0;
    CHECK(cache_derived(c, CACHE_DEFLATED, "BT ET", 5, &zlen) == NULL);
    cache_put_derived(c, CACHE_DEFLATED, "BT ET", 5, "zz1", 3);
    cache_put_derived(c, CACHE_DEFLATED, "BT  ET", 6, "zz22", 4);
    const char *z = cache_derived(c, CACHE_DEFLATED, "BT ET", 5, &zlen);
    CHECK(z != NULL && zlen == 3 && memcmp(z, "zz1", 3) == 0);
    CHECK(cache_derived(c, CACHE_DEFLATED, "BT EU", 5, &zlen) ==
          NULL); /* same length, other bytes */
    CHECK(cache_derived(c, CACHE_DEFLATED, "BT E", 4, &zlen) == NULL);
    CHECK(cache_derived(c, CACHE_FONT_SUBSET, "BT ET", 5, &zlen) == NULL); /* other kind */
    /* many entries (the table grows), each found again */
    char raw[32];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(raw, sizeof raw, "page %d", i);
        cache_put_derived(c, CACHE_DEFLATED, raw, (size_t)n, raw, (size_t)n);
    }
    int found = 0;
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(raw, sizeof raw, "page %d", i);
        const char *p = cache_derived(c, CACHE_DEFLATED, raw, (size_t)n, &zlen);
        found += p && zlen == (size_t)n && memcmp(p, raw, zlen) == 0;
    }
    CHECK_INT(found, 1000);
    cache_sweep(c); /* everything was used in this "build" */
    CHECK(cache_derived(c, CACHE_DEFLATED, "BT  ET", 6, &zlen) != NULL);
    cache_sweep(c); /* only "BT  ET" was used since */
    CHECK(cache_derived(c, CACHE_DEFLATED, "BT  ET", 6, &zlen) != NULL);
    CHECK(cache_derived(c, CACHE_DEFLATED, "page 7", 6, &zlen) == NULL);
    CHECK(cache_derived(c, CACHE_DEFLATED, "BT ET", 5, &zlen) == NULL);
    /* the last EPUB: one copy, replaced */
    CHECK(cache_epub(c, &zlen) == NULL);
    cache_set_epub(c, "PK1", 3);
    cache_set_epub(c, "PK22", 4);
    const char *e = cache_epub(c, &zlen);
    CHECK(e != NULL && zlen == 4 && memcmp(e, "PK22", 4) == 0);
    cache_free(c);
}

int main(void)
{
    test_deflated();
    test_chapter_same_as_fresh();
    test_chapter_changes();
    test_chapter_language();
    test_chapter_mapped();
    test_diagnostics_replayed();
    test_images();
    test_ignored_names();
    return tap_done();
}
