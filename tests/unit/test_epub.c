/* test_epub.c: builds a two-chapter book by hand (headings, a figure, a footnote referenced
 * twice, a table, lists, a task list, a code block, internal links and cross-references, a
 * cover), packs it with epub_write and checks the zip: mimetype first and stored, the entry
 * order, the package metadata, byte-identical rebuilds (also under another TZ), and -- when
 * java and epubcheck are installed and HANJI_NO_EPUBCHECK is not set -- that epubcheck reports
 * no error and no warning. */
#include "tap.h"

#include "doc_pass.h"
#include "output.h"
#include "pagemap.h"
#include "present.h"
#include "xhtml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

static arena A;

/* a 4x4 red RGB PNG */
static const unsigned char red_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0x26,
    0x93, 0x09, 0x29, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38,
    0x61, 0x63, 0x03, 0x47, 0x0c, 0xc4, 0x71, 0x00, 0x11, 0x12, 0x14, 0x01, 0x86, 0xbb, 0x2e,
    0x1c, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static doc_node *add(doc_node *parent, doc_kind k)
{
    doc_node *n = doc_new(&A, k, "book/test.md", 1, 1);
    if (parent)
        doc_append(parent, n);
    return n;
}

static doc_node *text(doc_node *parent, const char *s)
{
    doc_node *n = add(parent, DOC_TEXT);
    n->text = s;
    n->len = strlen(s);
    return n;
}

static doc_node *heading(doc_node *ch, int level, const char *id, const char *label,
                         const char *title)
{
    doc_node *h = add(ch, DOC_HEADING);
    h->level = level;
    h->id = id;
    h->label = label;
    h->plain = title;
    h->chapter = ch;
    text(h, title);
    return h;
}

static doc_node *para(doc_node *parent, const char *s)
{
    doc_node *p = add(parent, DOC_PARA);
    if (s)
        text(p, s);
    return p;
}

static doc_node *link_to(doc_node *parent, doc_node *target, const char *txt)
{
    doc_node *l = add(parent, DOC_LINK);
    l->url = "#x";
    l->target = target;
    if (txt)
        text(l, txt);
    else
        l->flags |= DOC_F_XREF;
    return l;
}

static void table_row(doc_node *table, int header, const char *a, const char *b)
{
    doc_node *r = add(table, DOC_TABLE_ROW);
    if (header)
        r->flags |= DOC_F_HEADER;
    doc_node *c1 = add(r, DOC_TABLE_CELL);
    c1->align = DOC_ALIGN_LEFT;
    text(c1, a);
    doc_node *c2 = add(r, DOC_TABLE_CELL);
    c2->align = DOC_ALIGN_RIGHT;
    text(c2, b);
}

static image_info red_img = {.path = "images/red square.png",
                             .format = IMAGE_PNG,
                             .media_type = "image/png",
                             .width = 4,
                             .height = 4,
                             .components = 3,
                             .data = red_png,
                             .len = sizeof red_png};
static image_info cover_img = {.path = "images/cover.png",
                               .format = IMAGE_PNG,
                               .media_type = "image/png",
                               .width = 4,
                               .height = 4,
                               .components = 3,
                               .data = red_png,
                               .len = sizeof red_png};

/* What the tree passes and the presentation give a hand-made book: node numbers, chapter
 * titles (the first level-1 heading) and the presentation model. */
static void finish_book(book *b)
{
    for (doc_node *ch = b->doc->first; ch; ch = ch->next)
        for (const doc_node *c = ch->first; c && !ch->title; c = c->next)
            if (c->kind == DOC_HEADING && c->level == 1)
                ch->title = c;
    docpass_number(b->doc);
    b->present = present_make(&A, b->cfg, b->doc);
}

static config cfg;
static const char *authors[] = {"Ada Lovelace", "Charles Babbage"};
static const char *subjects[] = {"Computing", "History"};
static image_info *images[] = {&cover_img, &red_img};

static void make_book(book *b, diag_ctx *d)
{
    memset(&cfg, 0, sizeof cfg);
    cfg.title = "Engines & <Notes>";
    cfg.subtitle = "A test book";
    cfg.authors = authors;
    cfg.nauthors = 2;
    cfg.lang = "en-GB";
    cfg.date = "2024-05-01";
    cfg.identifier = "urn:uuid:12345678-1234-4234-8234-123456789abc";
    cfg.publisher = "Hanji Press";
    cfg.rights = "\xC2\xA9 2024 The Authors. CC BY 4.0.";
    cfg.description = "A book built by hand in a unit test.";
    cfg.subjects = subjects;
    cfg.nsubjects = 2;
    cfg.toc_depth = 2;

    doc_node *bk = add(NULL, DOC_BOOK);
    doc_node *ch1 = add(bk, DOC_CHAPTER);
    ch1->id = "intro";
    ch1->label = "1";
    ch1->number = 1;
    ch1->plain = "Introduction";
    ch1->file = "book/01-intro.md";
    doc_node *ch2 = add(bk, DOC_CHAPTER);
    ch2->id = "methods";
    ch2->label = "2";
    ch2->number = 2;
    ch2->plain = "Methods";
    ch2->file = "book/02-methods.md";

    /* chapter 2 first: chapter 1 links into it */
    heading(ch2, 1, "methods-title", NULL, "Methods");
    doc_node *setup = heading(ch2, 2, "setup", "2.1", "Set-up");
    doc_node *fig = add(ch2, DOC_FIGURE);
    fig->id = "fig-red";
    fig->label = "2.1";
    fig->number = 1;
    fig->path = "images/red square.png";
    fig->url = "../images/red square.png";
    fig->plain = "A red square";
    fig->chapter = ch2;
    text(fig, "A ");
    text(add(fig, DOC_EMPH), "red");
    text(fig, " square");
    doc_node *tab = add(ch2, DOC_TABLE);
    tab->id = "tab-data";
    tab->label = "2.1";
    tab->number = 1;
    tab->chapter = ch2;
    tab->caption = doc_new(&A, DOC_PARA, "book/02-methods.md", 9, 1);
    text(tab->caption, "Measured values");
    table_row(tab, 1, "Name", "Value");
    table_row(tab, 0, "alpha", "1.5");
    table_row(tab, 0, "beta < gamma", "22");
    doc_node *p = para(ch2, "Inline ");
    doc_node *img = add(p, DOC_IMAGE);
    img->path = "images/red square.png";
    img->url = "../images/red square.png";
    text(img, "tiny red");
    text(p, ", ");
    text(add(p, DOC_STRIKE), "gone");
    text(p, ", ");
    text(add(p, DOC_STRONG), "bold");
    add(p, DOC_LINEBREAK);
    doc_node *code = add(p, DOC_CODE);
    code->text = "a && b";
    code->len = 6;
    text(p, " see ");
    link_to(p, ch1, NULL);
    text(p, " and a broken ");
    doc_node *broken = add(p, DOC_LINK);
    broken->url = "other.md";
    text(broken, "link");
    text(p, ".");
    heading(ch2, 3, "deep", NULL, "Too deep for the TOC");
    doc_node *q = para(ch2, "Twice noted");
    doc_node *notes2 = add(ch2, DOC_NOTES);
    doc_node *fn2 = add(notes2, DOC_FOOTNOTE);
    fn2->id = "fn-twice";
    fn2->label = "1";
    fn2->number = 1;
    fn2->chapter = ch2;
    para(fn2, "Referenced twice.");
    for (int i = 0; i < 2; i++) {
        doc_node *r = add(q, DOC_NOTEREF);
        r->target = fn2;
        r->label = "1";
    }

    /* chapter 1 */
    heading(ch1, 1, "introduction", NULL, "Introduction");
    p = para(ch1, "Hello & <world> \"quoted\" it's ");
    text(add(p, DOC_EMPH), "emphasised");
    text(p, " with a control\x01 character\x7F and a note");
    doc_node *fn = NULL;
    doc_node *ref = add(p, DOC_NOTEREF);
    ref->label = "1";
    add(p, DOC_SOFTBREAK);
    text(p, "See ");
    link_to(p, fig, NULL);
    text(p, ", ");
    link_to(p, tab, NULL);
    text(p, ", ");
    link_to(p, setup, NULL);
    text(p, " and ");
    link_to(p, setup, "the set-up");
    text(p, ". Visit ");
    doc_node *ext = add(p, DOC_LINK);
    ext->url = "https://example.com/a b?x=1&y=\xC3\xA9";
    ext->info = "Example \"site\"";
    text(ext, "the site");
    text(p, ".");
    doc_node *bg = heading(ch1, 2, "background", "1.1", "Background");
    (void)bg;
    doc_node *ul = add(ch1, DOC_LIST);
    ul->flags = DOC_F_TIGHT;
    para(add(ul, DOC_ITEM), "first");
    doc_node *t1 = add(ul, DOC_ITEM);
    t1->flags = DOC_F_TASK | DOC_F_CHECKED;
    para(t1, "done task");
    doc_node *t2 = add(ul, DOC_ITEM);
    t2->flags = DOC_F_TASK;
    para(t2, "open task");
    doc_node *ol = add(ch1, DOC_LIST);
    ol->flags = DOC_F_ORDERED;
    ol->number = 3;
    para(add(ol, DOC_ITEM), "third");
    doc_node *it4 = add(ol, DOC_ITEM);
    para(it4, "fourth");
    para(it4, "fourth, again");
    doc_node *cb = add(ch1, DOC_CODEBLOCK);
    cb->text = "int main(void)\n{\n    return 0 < 1 && 2 > 1;\n}\n";
    cb->len = strlen(cb->text);
    cb->info = "c {.numberLines}";
    doc_node *bq = add(ch1, DOC_BLOCKQUOTE);
    para(bq, "Quoted.");
    add(ch1, DOC_THEMATIC);
    heading(ch1, 2, "unlabelled", NULL, "Unlabelled section");
    doc_node *notes = add(ch1, DOC_NOTES);
    fn = add(notes, DOC_FOOTNOTE);
    fn->id = "fn-1";
    fn->label = "1";
    fn->number = 1;
    fn->chapter = ch1;
    para(fn, "A footnote with ");
    text(add(fn->first, DOC_EMPH), "style");
    ref->target = fn;

    memset(b, 0, sizeof *b);
    b->arena = &A;
    b->diag = d;
    b->cfg = &cfg;
    b->root = ".";
    b->doc = bk;
    b->images = images;
    b->nimages = 2;
    b->cover = &cover_img;
    b->modified = 1700000000; /* 2023-11-14T22:13:20Z */
    finish_book(b);
    b->style_css = "p { color: black; }";
    b->style_css_len = strlen(b->style_css);
    char msg[200];
    CHECK(doc_check(bk, msg, sizeof msg) == 0);
}

static char *zip_read_entry(zip_t *z, const char *name)
{
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) < 0)
        return NULL;
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return NULL;
    char *s = arena_alloc(&A, st.size + 1);
    zip_int64_t got = zip_fread(f, s, st.size);
    zip_fclose(f);
    return got == (zip_int64_t)st.size ? s : NULL;
}

static void check_zip(const buf *out)
{
    const unsigned char *u = (const unsigned char *)out->data;
    CHECK(out->len > 100);
    CHECK(memcmp(u, "PK\x03\x04", 4) == 0);
    CHECK_INT(u[8] | u[9] << 8, 0);   /* stored */
    CHECK_INT(u[26] | u[27] << 8, 8); /* name length */
    CHECK_INT(u[28] | u[29] << 8, 0); /* no extra field */
    CHECK(memcmp(u + 30, "mimetype", 8) == 0);
    CHECK(memcmp(u + 38, "application/epub+zip", 20) == 0);

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(out->data, out->len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    CHECK(z != NULL);
    if (!z)
        return;
    static const char *const order[] = {"mimetype",
                                        "META-INF/container.xml",
                                        "EPUB/package.opf",
                                        "EPUB/nav.xhtml",
                                        "EPUB/toc.ncx",
                                        "EPUB/style.css",
                                        "EPUB/cover.xhtml",
                                        "EPUB/title.xhtml",
                                        "EPUB/copyright.xhtml",
                                        "EPUB/chapter-01.xhtml",
                                        "EPUB/chapter-02.xhtml",
                                        "EPUB/images/cover.png",
                                        "EPUB/images/red_square.png"};
    CHECK_INT(zip_get_num_entries(z, 0), HJ_ARRAY_LEN(order));
    for (size_t i = 0; i < HJ_ARRAY_LEN(order); i++) {
        const char *name = zip_get_name(z, i, 0);
        CHECK_STR(name, order[i]);
        zip_stat_t st;
        zip_stat_index(z, i, 0, &st);
        /* 2023-11-14T22:13:20Z in DOS time, whatever the local zone */
        struct tm tm;
        CHECK(st.valid & ZIP_STAT_MTIME);
        localtime_r(&st.mtime, &tm);
        CHECK_INT(tm.tm_hour * 100 + tm.tm_min, 2213);
        CHECK_INT(st.comp_method, i == 0 || i >= 11 ? ZIP_CM_STORE : ZIP_CM_DEFLATE);
    }

    const char *opf = zip_read_entry(z, "EPUB/package.opf");
    CHECK(opf != NULL);
    if (opf) {
        CHECK(strstr(opf, "<dc:title id=\"title\">Engines &amp; &lt;Notes&gt;</dc:title>"));
        CHECK(strstr(opf, "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>"));
        CHECK(strstr(opf, "<dc:creator id=\"creator2\">Charles Babbage</dc:creator>"));
        CHECK(strstr(opf, "<dc:language>en-GB</dc:language>"));
        CHECK(strstr(opf, "<dc:date>2024-05-01</dc:date>"));
        CHECK(strstr(opf, "<dc:subject>History</dc:subject>"));
        CHECK(strstr(opf, "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
        CHECK(strstr(opf, "unique-identifier=\"pub-id\""));
        CHECK(strstr(opf, "properties=\"cover-image\""));
        CHECK(strstr(opf, "schema:accessibilitySummary"));
        CHECK(strstr(opf, "href=\"images/red_square.png\" media-type=\"image/png\""));
    }
    const char *c1 = zip_read_entry(z, "EPUB/chapter-01.xhtml");
    CHECK(c1 != NULL);
    if (c1) {
        CHECK(strstr(c1, "lang=\"en-GB\" xml:lang=\"en-GB\""));
        CHECK(strstr(c1, "Hello &amp; &lt;world&gt; &quot;quoted&quot; it&#39;s"));
        CHECK(strstr(c1, "a control character and a note")); /* \x01 and \x7F dropped */
        CHECK(strstr(c1, "href=\"chapter-02.xhtml#fig-red\">Figure 2.1</a>"));
        CHECK(strstr(c1, "href=\"chapter-02.xhtml#tab-data\">Table 2.1</a>"));
        CHECK(strstr(c1, "href=\"chapter-02.xhtml#setup\">Section 2.1</a>"));
        CHECK(strstr(c1, "href=\"chapter-02.xhtml#setup\">the set-up</a>"));
        CHECK(strstr(c1, "href=\"https://example.com/a%20b?x=1&amp;y=%C3%A9\" "
                         "title=\"Example &quot;site&quot;\">"));
        CHECK(strstr(c1, "<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" "
                         "id=\"fn-1_ref\" href=\"#fn-1\"><sup>1</sup></a>"));
        CHECK(strstr(c1, "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">"));
        CHECK(strstr(c1, "role=\"doc-backlink\" href=\"#fn-1_ref\">1</a> A footnote"));
        CHECK(strstr(c1, "<li>first</li>"));
        CHECK(strstr(c1, "aria-label=\"done\">\xE2\x98\x91</span> done task"));
        CHECK(strstr(c1, "<ol start=\"3\">"));
        CHECK(strstr(c1, "<li><p>fourth</p>\n<p>fourth, again</p>\n</li>"));
        CHECK(strstr(c1, "<pre><code class=\"language-c\">int main(void)\n{\n    return 0 &lt; 1 "
                         "&amp;&amp; 2 &gt; 1;\n}</code></pre>"));
        CHECK(strstr(c1, "<span class=\"chapter-number\">Chapter 1</span> Introduction</h1>"));
        CHECK(strstr(c1, "<h2 id=\"background\"><span class=\"section-number\">1.1</span> "));
    }
    const char *c2 = zip_read_entry(z, "EPUB/chapter-02.xhtml");
    CHECK(c2 != NULL);
    if (c2) {
        CHECK(strstr(c2, "<figure id=\"fig-red\">\n<img src=\"images/red_square.png\" "
                         "style=\"max-width: min(100%, 60.0vh)\" alt=\"A red square\"/>"));
        CHECK(strstr(c2, "<figcaption><span class=\"figure-label\">Figure 2.1</span> \xC2\xB7 A "
                         "<em>red</em> square</figcaption>"));
        CHECK(strstr(c2, "<caption><span class=\"table-label\">Table 2.1</span> \xC2\xB7 Measured "
                         "values</caption>"));
        CHECK(strstr(c2, "<thead>\n<tr><th scope=\"col\" class=\"align-left\">Name</th>"));
        CHECK(strstr(c2, "<tbody>\n<tr><td class=\"align-left\">alpha</td>"
                         "<td class=\"align-right\">1.5</td></tr>"));
        CHECK(strstr(c2, "beta &lt; gamma"));
        CHECK(strstr(c2, "<img class=\"inline\" src=\"images/red_square.png\" alt=\"tiny red\"/>"));
        CHECK(strstr(c2, "<del>gone</del>"));
        CHECK(strstr(c2, "<code>a &amp;&amp; b</code>"));
        CHECK(strstr(c2, "href=\"chapter-01.xhtml\">Chapter 1</a>"));
        CHECK(strstr(c2, "<span class=\"link\">link</span>"));
        CHECK(strstr(c2, "id=\"fn-twice_ref\""));
        CHECK(strstr(c2, "id=\"fn-twice_ref2\""));
    }
    const char *nav = zip_read_entry(z, "EPUB/nav.xhtml");
    CHECK(nav != NULL);
    if (nav) {
        CHECK(strstr(nav, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">"));
        CHECK(strstr(nav, "<li><a href=\"chapter-01.xhtml\">1 Introduction</a>\n<ol>\n"
                          "<li><a href=\"chapter-01.xhtml#background\">1.1 Background</a></li>"));
        CHECK(strstr(nav, "<li><a href=\"chapter-02.xhtml#setup\">2.1 Set-up</a></li>"));
        CHECK(!strstr(nav, "Too deep"));
        CHECK(strstr(nav, "epub:type=\"landmarks\""));
        CHECK(strstr(nav, "epub:type=\"bodymatter\" href=\"chapter-01.xhtml\""));
    }
    const char *css = zip_read_entry(z, "EPUB/style.css");
    CHECK(css && strstr(css, "max-width: 100%") && strstr(css, "p { color: black; }\n"));
    const char *ncx = zip_read_entry(z, "EPUB/toc.ncx");
    CHECK(ncx && strstr(ncx, "content=\"urn:uuid:12345678-1234-4234-8234-123456789abc\""));
    const char *cp = zip_read_entry(z, "EPUB/copyright.xhtml");
    CHECK(cp && strstr(cp, "Typeset with hanji") && strstr(cp, "Published by Hanji Press"));
    zip_close(z);
}

/* Runs epubcheck on path when java is present, unless HANJI_NO_EPUBCHECK is set (ctest's fast
 * run: epubcheck takes some 45 s over the five books; the slow run checks them). */
static void run_epubcheck(const char *path)
{
    if (getenv("HANJI_NO_EPUBCHECK")) {
        printf("# HANJI_NO_EPUBCHECK: epubcheck skipped\n");
        return;
    }
    if (access("/usr/bin/java", X_OK) != 0 || access("/usr/bin/epubcheck", R_OK) != 0) {
        printf("# java or epubcheck missing: epubcheck skipped\n");
        return;
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "java -jar /usr/bin/epubcheck '%s' 2>&1", path);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    if (!p)
        return;
    char line[2048];
    int problems = 0, clean = 0;
    while (fgets(line, sizeof line, p)) {
        if (strncmp(line, "ERROR", 5) == 0 || strncmp(line, "WARNING", 7) == 0 ||
            strncmp(line, "FATAL", 5) == 0) {
            problems++;
            printf("# %s", line);
        }
        if (strstr(line, "No errors or warnings detected"))
            clean = 1;
    }
    int rc = pclose(p);
    CHECK_INT(problems, 0);
    CHECK(clean);
    CHECK_INT(rc, 0);
}

/* Writes an EPUB made in memory to /tmp/hanji-test-epub-LABEL-PID.epub and runs epubcheck
 * on it; the file goes afterwards unless HANJI_KEEP is set. */
static void epubcheck_bytes(const buf *epub, const char *label)
{
    char path[128];
    snprintf(path, sizeof path, "/tmp/hanji-test-epub-%s-%d.epub", label, (int)getpid());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fwrite(epub->data, 1, epub->len, f);
    fclose(f);
    run_epubcheck(path);
    if (!getenv("HANJI_KEEP"))
        remove(path);
    else
        printf("# kept %s\n", path);
}

/* An awkward book: no cover, no images in the text, a bad language tag, a date epubcheck
 * would reject, control characters in metadata, non-ASCII ids, skipped heading levels with
 * toc_depth 4, a chapter without a heading, an empty chapter, clashing image names, and a
 * print page-list. */
static config cfg2;
static image_info clash1, clash2;
static image_info *images2[2];

static void make_edge_book(book *b, diag_ctx *d)
{
    memset(&cfg2, 0, sizeof cfg2);
    cfg2.title = "Tab\tand\x01 control";
    cfg2.lang = "not a tag!";
    cfg2.date = "May 2024";
    cfg2.toc_depth = 4;
    cfg2.rights = "All rights reserved";
    static const char *odd_authors[] = {" \x02 ", "Real Author"};
    cfg2.authors = odd_authors;
    cfg2.nauthors = 2;
    cfg2.subtitle = "\x7F";
    cfg2.identifier = "\x01";
    clash1 = red_img;
    clash1.path = "images/A b.png";
    clash2 = red_img;
    clash2.path = "images/a_b.PNG";
    images2[0] = &clash1;
    images2[1] = &clash2;

    doc_node *bk = add(NULL, DOC_BOOK);
    doc_node *ch1 = add(bk, DOC_CHAPTER);
    ch1->id = "ch-\xC3\xBC"
              "ber";
    ch1->plain = "\xC3\x9C"
                 "ber";
    ch1->label = "1";
    heading(ch1, 1,
            "\xC3\xBC"
            "ber",
            NULL,
            "\xC3\x9C"
            "ber");
    doc_node *h4 = heading(ch1, 4, "tief-\xC3\xA9", NULL, "Skipped to four");
    heading(ch1, 2, "zwei", "1.1", "Back to two");
    heading(ch1, 3, "drei", NULL, "Three");
    doc_node *p = para(ch1, NULL);
    link_to(p, h4, "deep link");
    doc_node *p2 = para(ch1, "more");
    doc_node *fig = add(ch1, DOC_FIGURE);
    fig->path = "images/a_b.PNG";
    fig->id = "fig-1";
    fig->label = "1.1";

    doc_node *ch2 = add(bk, DOC_CHAPTER); /* no heading at all */
    ch2->id = "ch-two";
    doc_node *q = para(ch2, "Text without a heading.");
    doc_node *ch3 = add(bk, DOC_CHAPTER); /* empty */
    ch3->id = "ch-three";

    memset(b, 0, sizeof *b);
    b->arena = &A;
    b->diag = d;
    b->cfg = &cfg2;
    b->root = ".";
    b->doc = bk;
    b->images = images2;
    b->nimages = 2;
    b->modified = 0;
    finish_book(b);
    /* the PDF's pages: the front matter, then the chapters' (a blank one, one of notes only) */
    static pagemap map;
    static pagemap_page pages[9];
    static const char *const labels[] = {"i", "ii", "iii", "iv", "1", "2", "3", "4", "5"};
    memset(pages, 0, sizeof pages);
    for (int i = 0; i < 9; i++) {
        pages[i].label = labels[i];
        pages[i].role = i < 3 ? BOOK_PAGE_FRONT : BOOK_PAGE_BODY;
        pages[i].off = PAGEMAP_BEFORE;
    }
    pages[1].role = BOOK_PAGE_TITLE;
    pages[2].role = BOOK_PAGE_COPYRIGHT;
    pages[3].node = p;         /* iv: before a paragraph */
    pages[5].node = p2->first; /* 2: inside "more", at its second letter: before the word */
    pages[5].off = 1;
    pages[6].node = fig; /* 3: before the figure */
    pages[7].node = q;   /* 4: chapter 2 */
    /* 5: a page of footnotes only: at the end of the last chapter */
    map.npages = 9;
    map.pages = pages;
    map.nnodes = b->doc->number;
    b->pages = &map;
}

static void check_edge(const buf *out)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(out->data, out->len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    CHECK(z != NULL);
    if (!z)
        return;
    CHECK(zip_name_locate(z, "EPUB/images/A_b.png", 0) >= 0);
    CHECK(zip_name_locate(z, "EPUB/images/a_b-2.png", 0) >= 0);
    CHECK(zip_name_locate(z, "EPUB/cover.xhtml", 0) < 0);
    const char *opf = zip_read_entry(z, "EPUB/package.opf");
    CHECK(opf && strstr(opf, "<dc:language>en</dc:language>"));
    CHECK(opf && !strstr(opf, "<dc:date>"));
    CHECK(opf && strstr(opf, "<dc:title id=\"title\">Tab\tand control</dc:title>"));
    CHECK(opf && strstr(opf, "1980-01-01T00:00:00Z") == NULL);
    CHECK(opf && strstr(opf, "1970-01-01T00:00:00Z"));
    CHECK(opf && strstr(opf, "urn:uuid:"));
    CHECK(opf && strstr(opf, "<dc:creator id=\"creator2\">Real Author</dc:creator>"));
    CHECK(opf && !strstr(opf, "creator1"));
    CHECK(opf && !strstr(opf, "subtitle"));
    CHECK(opf && strstr(opf, "printPageNumbers"));
    const char *nav = zip_read_entry(z, "EPUB/nav.xhtml");
    CHECK(nav && strstr(nav, "<nav epub:type=\"page-list\""));
    CHECK(nav && strstr(nav, "<li><a href=\"chapter-01.xhtml#page_iv\">iv</a></li>"));
    /* the half-title goes with the title page; the copyright page is in its own document */
    CHECK(nav && strstr(nav, "<li><a href=\"title.xhtml#page_i\">i</a></li>"));
    CHECK(nav && strstr(nav, "<li><a href=\"copyright.xhtml#page_iii\">iii</a></li>"));
    /* a blank page goes with the next; the last page with the end of the last chapter */
    CHECK(nav && strstr(nav, "<li><a href=\"chapter-01.xhtml#page_1\">1</a></li>"));
    CHECK(nav && strstr(nav, "<li><a href=\"chapter-03.xhtml#page_5\">5</a></li>"));
    const char *c1 = zip_read_entry(z, "EPUB/chapter-01.xhtml");
    /* a page that begins inside a word: its marker before the whole word */
    CHECK(c1 && strstr(c1, "aria-label=\"1\"></span><span epub:type=\"pagebreak\" "
                           "role=\"doc-pagebreak\" id=\"page_2\" aria-label=\"2\"></span>more"));
    CHECK(c1 && strstr(c1, "aria-label=\"3\"></span>\n<figure"));
    CHECK(nav && strstr(nav, "<li><a href=\"chapter-02.xhtml#page_4\">4</a></li>"));
    CHECK(nav && strstr(nav, "#tief-%C3%A9\">Skipped to four</a>"));
    CHECK(nav && strstr(nav, "#drei\">Three</a>"));
    CHECK(nav && !strstr(nav, "chapter-02.xhtml#page_iii"));
    const char *c3 = zip_read_entry(z, "EPUB/chapter-03.xhtml");
    CHECK(c3 && strstr(c3, "<title>Chapter</title>"));
    zip_close(z);
}

/* ---- random books: every shape doc.h allows, built from a fixed seed ---- */

static unsigned long rnd_state = 12345;

static int rnd(int n)
{
    rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
    return (int)((rnd_state >> 33) % (unsigned long)n);
}

static const char *const rnd_texts[] = {"plain words ",
                                        "a < b & c > d ",
                                        "\"quotes\" 'single' ",
                                        "caf\xC3\xA9 \xED\x95\xA8\xED\x9D\xA5 ",
                                        "ctrl\x01\x1B\x7F ",
                                        "\xC2\x85"
                                        "c1 ",
                                        "]]> ",
                                        "\xEF\xBF\xBF"
                                        "nonchar ",
                                        "\xFF"
                                        "bad ",
                                        "--> <!-- ",
                                        "&amp; literal ",
                                        "tab\tand\r\nnewline "};
static const char *const rnd_urls[] = {
    "https://example.com/a b",        "mailto:x@example.com", "other.md", "#frag",
    "http://x.org/?q=\xC3\xA9&r=%zz", "javascript:alert(1)",  ""};

static doc_node *rnd_targets[64];
static int rnd_ntargets;
static doc_node *rnd_notes[64];
static int rnd_nnotes;

static void rnd_inlines(doc_node *parent, int depth, int in_link);

static void rnd_inline(doc_node *parent, int depth, int in_link)
{
    int k = rnd(depth > 3 ? 4 : 12);
    doc_node *n;
    switch (k) {
    case 0:
    case 1:
        text(parent, rnd_texts[rnd((int)HJ_ARRAY_LEN(rnd_texts))]);
        break;
    case 2:
        add(parent, rnd(2) ? DOC_SOFTBREAK : DOC_LINEBREAK);
        break;
    case 3:
        n = add(parent, DOC_CODE);
        n->text = rnd_texts[rnd((int)HJ_ARRAY_LEN(rnd_texts))];
        n->len = strlen(n->text);
        break;
    case 4:
    case 5:
    case 6:
        n = add(parent, k == 4 ? DOC_EMPH : k == 5 ? DOC_STRONG : DOC_STRIKE);
        rnd_inlines(n, depth + 1, in_link);
        break;
    case 7:
    case 8:
        n = add(parent, DOC_LINK);
        n->url = rnd_urls[rnd((int)HJ_ARRAY_LEN(rnd_urls))];
        if (rnd(2) && rnd_ntargets) {
            n->target = rnd_targets[rnd(rnd_ntargets)];
            if (rnd(2)) {
                n->flags |= DOC_F_XREF;
                break;
            }
        }
        if (rnd(3) == 0)
            n->info = "a \"title\"";
        rnd_inlines(n, depth + 1, 1);
        break;
    case 9:
        n = add(parent, DOC_IMAGE);
        n->path = rnd(2) ? "images/red square.png" : "images/absent.png";
        rnd_inlines(n, depth + 1, in_link);
        break;
    default:
        if (rnd_nnotes) {
            n = add(parent, DOC_NOTEREF);
            n->target = rnd_notes[rnd(rnd_nnotes)];
            n->label = n->target->label;
        }
        break;
    }
}

static void rnd_inlines(doc_node *parent, int depth, int in_link)
{
    int count = rnd(4);
    for (int i = 0; i < count; i++)
        rnd_inline(parent, depth, in_link);
}

static void rnd_blocks(doc_node *parent, doc_node *ch, int depth, int count);

static void rnd_block(doc_node *parent, doc_node *ch, int depth)
{
    static int ids;
    int k = rnd(depth > 3 ? 3 : 9);
    doc_node *n;
    switch (k) {
    case 0:
    case 1:
        rnd_inlines(add(parent, DOC_PARA), 0, 0);
        break;
    case 2:
        n = add(parent, DOC_CODEBLOCK);
        n->text = rnd_texts[rnd((int)HJ_ARRAY_LEN(rnd_texts))];
        n->len = strlen(n->text);
        n->info = rnd(2) ? "c++ {.x}" : "\"><script>";
        break;
    case 3:
        n = add(parent, DOC_HEADING);
        n->level = 1 + rnd(6);
        n->id = arena_printf(&A, "h-%d", ++ids);
        n->label = rnd(2) ? arena_printf(&A, "%d.%d", ch->number, ids) : NULL;
        n->chapter = ch;
        rnd_inlines(n, 0, 0);
        if (parent == ch && rnd_ntargets < 64)
            rnd_targets[rnd_ntargets++] = n;
        break;
    case 4:
        n = add(parent, DOC_FIGURE);
        n->path = rnd(4) ? "images/red square.png" : NULL;
        n->id = arena_printf(&A, "fig-%d", ++ids);
        n->label = arena_printf(&A, "%d.%d", ch->number, ids);
        n->chapter = ch;
        rnd_inlines(n, 0, 0);
        if (rnd_ntargets < 64)
            rnd_targets[rnd_ntargets++] = n;
        break;
    case 5:
        rnd_blocks(add(parent, DOC_BLOCKQUOTE), ch, depth + 1, 1 + rnd(3));
        break;
    case 6: {
        n = add(parent, DOC_LIST);
        n->flags = (rnd(2) ? DOC_F_ORDERED : 0) | (rnd(2) ? DOC_F_TIGHT : 0);
        n->number = rnd(3);
        int items = 1 + rnd(3);
        for (int i = 0; i < items; i++) {
            doc_node *it = add(n, DOC_ITEM);
            it->flags = rnd(3) == 0 ? DOC_F_TASK | (rnd(2) ? DOC_F_CHECKED : 0) : 0;
            rnd_blocks(it, ch, depth + 1, rnd(3));
        }
        break;
    }
    case 7:
        add(parent, DOC_THEMATIC);
        break;
    default: {
        n = add(parent, DOC_TABLE);
        if (rnd(2)) {
            n->id = arena_printf(&A, "tab-%d", ++ids);
            n->label = arena_printf(&A, "%d.%d", ch->number, ids);
            n->chapter = ch;
            n->caption = doc_new(&A, DOC_PARA, "book/r.md", 1, 1);
            rnd_inlines(n->caption, 0, 0);
            if (rnd_ntargets < 64)
                rnd_targets[rnd_ntargets++] = n;
        }
        int rows = 1 + rnd(3), cols = 1 + rnd(3);
        for (int r = 0; r < rows; r++) {
            doc_node *row = add(n, DOC_TABLE_ROW);
            row->flags = r == 0 && rnd(2) ? DOC_F_HEADER : 0;
            for (int c = 0; c < cols; c++) {
                doc_node *cell = add(row, DOC_TABLE_CELL);
                cell->align = rnd(4);
                rnd_inlines(cell, 0, 0);
            }
        }
        break;
    }
    }
}

static void rnd_blocks(doc_node *parent, doc_node *ch, int depth, int count)
{
    for (int i = 0; i < count; i++)
        rnd_block(parent, ch, depth);
}

static config cfg3;

static void make_random_book(book *b, diag_ctx *d, unsigned long seed)
{
    rnd_state = seed;
    rnd_ntargets = 0;
    memset(&cfg3, 0, sizeof cfg3);
    cfg3.title = "Random";
    cfg3.lang = "en";
    cfg3.toc_depth = 3;
    doc_node *bk = add(NULL, DOC_BOOK);
    doc_node *chs[4];
    for (int c = 0; c < 4; c++) {
        doc_node *ch = chs[c] = add(bk, DOC_CHAPTER);
        ch->number = c + 1;
        ch->label = arena_printf(&A, "%d", c + 1);
        ch->id = arena_printf(&A, "r%lu-ch%d", seed, c + 1);
        ch->chapter = ch;
        rnd_targets[rnd_ntargets++] = ch;
    }
    for (int c = 0; c < 4; c++) {
        doc_node *ch = chs[c];
        /* this chapter's notes exist first so refs can point at them */
        rnd_nnotes = 0;
        int nnotes = rnd(3);
        doc_node *notes = nnotes ? doc_new(&A, DOC_NOTES, "book/r.md", 1, 1) : NULL;
        for (int i = 0; i < nnotes; i++) {
            doc_node *fn = add(notes, DOC_FOOTNOTE);
            fn->id = arena_printf(&A, "fn-%d-%d", c + 1, i + 1);
            fn->label = arena_printf(&A, "%d", i + 1);
            fn->chapter = ch;
            rnd_blocks(fn, ch, 2, 1 + rnd(2));
            rnd_notes[rnd_nnotes++] = fn;
        }
        doc_node *h = add(ch, DOC_HEADING);
        h->level = 1;
        h->id = arena_printf(&A, "title-%d", c + 1);
        text(h, rnd_texts[rnd((int)HJ_ARRAY_LEN(rnd_texts))]);
        rnd_blocks(ch, ch, 0, 5 + rnd(15));
        if (notes)
            doc_append(ch, notes);
    }
    memset(b, 0, sizeof *b);
    b->arena = &A;
    b->diag = d;
    b->cfg = &cfg3;
    b->doc = bk;
    b->images = images;
    b->nimages = 2;
    b->modified = 1700000000;
    finish_book(b);
}

int main(void)
{
    arena_init(&A);
    diag_ctx d;
    diag_init(&d, stderr);
    book b;
    make_book(&b, &d);

    buf out = BUF_INIT, again = BUF_INIT, other_tz = BUF_INIT;
    CHECK_INT(epub_write(&b, &out), 0);
    CHECK_INT(d.errors, 0);
    check_zip(&out);

    CHECK_INT(epub_write(&b, &again), 0);
    CHECK(out.len == again.len && memcmp(out.data, again.data, out.len) == 0);
    setenv("TZ", "Asia/Kathmandu", 1);
    tzset();
    CHECK_INT(epub_write(&b, &other_tz), 0);
    CHECK(out.len == other_tz.len && memcmp(out.data, other_tz.data, out.len) == 0);
    setenv("TZ", "UTC", 1);
    tzset();

    epubcheck_bytes(&out, "main");
    /* the awkward book, with a page-list */
    book b2;
    make_edge_book(&b2, &d);
    buf edge = BUF_INIT;
    CHECK_INT(epub_write(&b2, &edge), 0);
    check_edge(&edge);
    epubcheck_bytes(&edge, "edge");
    buf_free(&edge);

    /* random books: several seeds, one epubcheck run over them all would need one book, so
     * each is checked (epubcheck takes a few seconds each) */
    for (unsigned long seed = 1; seed <= 3; seed++) {
        book b3;
        make_random_book(&b3, &d, seed);
        char msg[200];
        CHECK(doc_check(b3.doc, msg, sizeof msg) == 0);
        buf rb = BUF_INIT;
        CHECK_INT(epub_write(&b3, &rb), 0);
        char label[32];
        snprintf(label, sizeof label, "rnd%lu", seed);
        epubcheck_bytes(&rb, label);
        buf_free(&rb);
    }
    buf_free(&out);
    buf_free(&again);
    buf_free(&other_tz);
    arena_free(&A);
    return tap_done();
}
