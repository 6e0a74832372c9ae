/* common.h: what the fuzz targets share: a whole build in memory (chapters -> tree -> layout
 * -> PDF and EPUB) without touching the disk, mirroring build.c's order of calls.
 * Each fuzz target includes this file once; everything here is static. */
#ifndef HANJI_FUZZ_COMMON_H
#define HANJI_FUZZ_COMMON_H

#include "book.h"
#include "doc_pass.h"
#include "file.h"
#include "font.h"
#include "layout.h"
#include "md.h"
#include "output.h"
#include "pagemap.h"
#include "present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest chapter text a fuzz input may give: longer inputs only slow the fuzzer down. */
#define FZ_MAX_INPUT (64 * 1024)

/* Reads a fixture (relative to the source tree) into a, or aborts: fixtures must exist. */
__attribute__((unused)) static unsigned char *fz_fixture(arena *a, const char *rel, size_t *len)
{
    char *data;
    char *path = arena_printf(a, "%s/%s", HANJI_DATADIR, rel);
    if (file_read(a, path, &data, len) < 0) {
        fprintf(stderr, "fuzz: cannot read %s\n", path);
        abort();
    }
    return (unsigned char *)data;
}

/* Builds a book from chapter texts (separated by form feeds in text) and runs both writers.
 * Every image in the book is drawn as img (when NULL, images are left out as build.c does for
 * a missing one). fs may be NULL: then only the EPUB is written. A broken tree aborts: it is
 * a bug the fuzzer must report. */
static void fz_build(const char *text, size_t len, font_set *fs, const image_info *img,
                     const config *cfg)
{
    arena a;
    arena_init(&a);
    diag_ctx d;
    diag_init(&d, NULL);
    book b;
    memset(&b, 0, sizeof(b));
    b.arena = &a;
    b.diag = &d;
    b.cfg = cfg;
    b.root = HANJI_DATADIR;
    b.doc = doc_new(&a, DOC_BOOK, NULL, 0, 0);
    b.modified = 1700000000;
    const char *names[] = {"book/a.md", "book/b.md", "book/c.md"};
    /* the first and third chapters take German and Japanese quotes (md.c's requoting) */
    static const char *const qlang[] = {"de", NULL, "ja"};
    size_t start = 0;
    for (int ch = 0; ch < 3 && start <= len; ch++) {
        size_t end = start;
        while (end < len && (text[end] != '\f' || ch == 2))
            end++;
        md_opts mo = {{NULL}};
        const md_opts *mop = qlang[ch] && present_quotes(qlang[ch], mo.quotes) ? &mo : NULL;
        doc_append(b.doc, md_parse_chapter_opts(&a, &d, names[ch], text + start, end - start, mop));
        start = end + 1;
    }
    docpass_run(&a, &d, b.doc);
    char msg[256];
    if (doc_check(b.doc, msg, sizeof(msg)) < 0) {
        fprintf(stderr, "fuzz: document tree broken: %s\n", msg);
        abort();
    }
    if (img) {
        b.images = ARENA_NEWN(&a, image_info *, 1);
        b.images[0] = (image_info *)img;
        b.nimages = 1;
    }
    doc_iter it;
    doc_iter_init(&it, b.doc);
    while (doc_iter_next(&it)) {
        doc_node *n = it.node;
        if (it.entering && (n->kind == DOC_FIGURE || n->kind == DOC_IMAGE) && n->path)
            n->path = img ? img->path : NULL;
    }
    b.present = present_make(&a, cfg, b.doc);
    lay_doc *ld = NULL;
    buf pdf = BUF_INIT, epub = BUF_INIT;
    if (fs) {
        page_opts po = {0};
        ld = page_layout_book(&b, b.present, fs, &po);
        if (ld)
            pdf_write(&b, ld, &pdf);
    }
    b.pages = ld ? ld->map : NULL; /* the EPUB's page-list from the PDF's pages */
    epub_write(&b, &epub);
    buf_free(&pdf);
    buf_free(&epub);
    arena_free(&a);
}

/* The book settings the fuzz builds use (defaults, a title). */
static config *fz_config(arena *a)
{
    config *c = ARENA_NEWN(a, config, 1);
    config_defaults(c);
    c->file = "book/book.yaml";
    c->title = "Fuzz";
    config_finish(a, c);
    return c;
}

/* What the whole-pipeline targets set up once: the settings and the bundled fonts (loading
 * fonts is slow and not what they fuzz), in a that lives for the whole run. Aborts when the
 * fonts do not load. */
__attribute__((unused)) static void fz_setup(arena *a, const config **cfg, font_set **fonts)
{
    arena_init(a);
    diag_ctx d;
    diag_init(&d, stderr);
    *cfg = fz_config(a);
    *fonts = font_set_load(a, &d, *cfg, NULL);
    if (!*fonts)
        abort();
}

/* fz_setup, and the small PNG every image of a book is drawn as (tests/fixtures/images/rgb.png),
 * loaded into a. Aborts when it does not load. */
__attribute__((unused)) static const image_info *fz_setup_image(arena *a, const config **cfg,
                                                                font_set **fonts)
{
    fz_setup(a, cfg, fonts);
    diag_ctx d;
    diag_init(&d, stderr);
    size_t len;
    unsigned char *png = fz_fixture(a, "tests/fixtures/images/rgb.png", &len);
    const image_info *img = image_load_mem(a, &d, png, len, "images/rgb.png", NULL, 0, 0);
    if (!img)
        abort();
    return img;
}

#endif
