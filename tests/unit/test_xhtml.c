/* test_xhtml.c: XML escaping, URL encoding, cross-reference texts and XHTML snippets of
 * hand-built chapters (tight and loose lists, tables, nested links, missing images, deep
 * nesting, page markers). */
#include "tap.h"

#include "config.h"
#include "doc_pass.h"
#include "xhtml.h"

#include <stdio.h>
#include <string.h>

static arena A;
static const present *PR; /* the English words */

static const char *esc(const char *s, size_t n)
{
    buf b = BUF_INIT;
    xhtml_escape(&b, s, n);
    char *r = arena_strdup(&A, buf_cstr(&b));
    buf_free(&b);
    return r;
}

static const char *esc_lang(const char *lang, const char *s)
{
    buf b = BUF_INIT;
    xhtml_escape_lang(&b, lang, s, strlen(s));
    char *r = arena_strdup(&A, buf_cstr(&b));
    buf_free(&b);
    return r;
}

/* runs of another script get their language; Han, spaces and punctuation join a run but start
 * none (Han before Hangul or kana is in it); the book's own script is left alone */
static void test_escape_lang(void)
{
    CHECK_STR(esc_lang("en", "Korean: \xED\x95\xA8\xED\x9D\xA5 (Hamhung)."),
              "Korean: <span lang=\"ko\" xml:lang=\"ko\">\xED\x95\xA8\xED\x9D\xA5</span> "
              "(Hamhung).");
    /* Hanja: 咸興 함흥 시 & x: one run, from the hanja before the Hangul */
    CHECK_STR(
        esc_lang("en", "Hanja: \xE5\x92\xB8\xE8\x88\x88 \xED\x95\xA8\xED\x9D\xA5 \xEC\x8B\x9C & x"),
        "Hanja: <span lang=\"ko\" xml:lang=\"ko\">\xE5\x92\xB8\xE8\x88\x88 "
        "\xED\x95\xA8\xED\x9D\xA5 \xEC\x8B\x9C</span> &amp; x");
    /* in a Japanese book the kanji before Hangul are Japanese */
    CHECK_STR(esc_lang("ja", "\xE5\x92\xB8\xED\x95\xA8"),
              "\xE5\x92\xB8<span lang=\"ko\" xml:lang=\"ko\">\xED\x95\xA8</span>");
    CHECK_STR(esc_lang("ko-KR", "\xED\x95\xA8\xED\x9D\xA5 <"), "\xED\x95\xA8\xED\x9D\xA5 &lt;");
    CHECK_STR(esc_lang("de", "\xCE\xB1\xCE\xB2 \xE3\x81\x82"),
              "<span lang=\"el\" xml:lang=\"el\">\xCE\xB1\xCE\xB2</span> "
              "<span lang=\"ja\" xml:lang=\"ja\">\xE3\x81\x82</span>");
    CHECK_STR(esc_lang("el", "\xCE\xB1\xCE\xB2"), "\xCE\xB1\xCE\xB2");
    CHECK_STR(esc_lang(NULL, "\xCE\xB1"), "\xCE\xB1");
    CHECK_STR(esc_lang("en", "\xE5\x92\xB8 only Han"), "\xE5\x92\xB8 only Han");
}

static const char *url(const char *s)
{
    buf b = BUF_INIT;
    xhtml_url(&b, s);
    char *r = arena_strdup(&A, buf_cstr(&b));
    buf_free(&b);
    return r;
}

static void test_escape(void)
{
    CHECK_STR(esc("a<b>&\"'c", 9), "a&lt;b&gt;&amp;&quot;&#39;c");
    CHECK_STR(esc("tab\tnl\ncr\r.", 12), "tab\tnl\ncr\n.");
    CHECK_STR(esc("\x01\x02x\x1F\x7F", 5), "x");
    CHECK_STR(esc("nul\0end", 7), "nulend");
    CHECK_STR(esc("\xC2\x85"
                  "c1",
                  4),
              "c1"); /* U+0085 */
    CHECK_STR(esc("\xEF\xBF\xBE"
                  "x\xEF\xBF\xBF",
                  7),
              "x"); /* U+FFFE, U+FFFF */
    CHECK_STR(esc("\xEF\xB7\x90"
                  "y",
                  4),
              "y"); /* U+FDD0 */
    CHECK_STR(esc("\xF0\x9F\xBF\xBF"
                  "z",
                  5),
              "z"); /* U+1FFFF */
    CHECK_STR(esc("\xFF"
                  "a\xC3",
                  3),
              "\xEF\xBF\xBD"
              "a\xEF\xBF\xBD");
    CHECK_STR(esc("\xED\xA0\x80", 3), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
    CHECK_STR(esc("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", 14),
              "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80");
    CHECK_STR(esc("", 0), "");
}

static void test_url(void)
{
    CHECK_STR(url("https://example.com/a b"), "https://example.com/a%20b");
    CHECK_STR(url("http://x.org/?a=1&b=2"), "http://x.org/?a=1&amp;b=2");
    CHECK_STR(url("http://x.org/%41%zz"), "http://x.org/%41%25zz");
    CHECK_STR(url("a#b#c"), "a#b%23c");
    CHECK_STR(url("caf\xC3\xA9\"<>'"), "caf%C3%A9%22%3C%3E&#39;");
    CHECK_STR(url("x\x01y"), "x%01y");
    CHECK(xhtml_url_is_absolute("https://a"));
    CHECK(xhtml_url_is_absolute("mailto:me@example.com"));
    CHECK(xhtml_url_is_absolute("a+b.c-d:x"));
    CHECK(!xhtml_url_is_absolute("other.md"));
    CHECK(!xhtml_url_is_absolute("#frag"));
    CHECK(!xhtml_url_is_absolute("1http://x"));
    CHECK(!xhtml_url_is_absolute("dir/a:b"));
    CHECK(!xhtml_url_is_absolute(""));
}

/* ---- snippets ---- */

static doc_node *add(doc_node *parent, doc_kind k)
{
    doc_node *n = doc_new(&A, k, "book/t.md", 1, 1);
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

static doc_node *chapters[2];

static const char *chfile(void *ud, const doc_node *ch)
{
    (void)ud;
    return ch == chapters[0] ? "one.xhtml" : "two.xhtml";
}

static const char *imghref(void *ud, const char *path)
{
    (void)ud;
    return strcmp(path, "images/ok.png") == 0 ? "images/ok.png" : NULL;
}

static const char *render(const xhtml_opts *o, const doc_node *ch)
{
    buf b = BUF_INIT;
    xhtml_chapter(&A, o, ch, &b);
    char *r = arena_strdup(&A, buf_cstr(&b));
    buf_free(&b);
    return r;
}

static void test_chapter(void)
{
    xhtml_opts o = {0};
    o.present = PR;
    o.lang = "fr";
    o.css_href = "style.css";
    o.chapter_file = chfile;
    o.image_href = imghref;

    doc_node *bk = add(NULL, DOC_BOOK);
    doc_node *ch = chapters[0] = add(bk, DOC_CHAPTER);
    ch->id = "c1";
    chapters[1] = add(bk, DOC_CHAPTER);
    chapters[1]->id = "c2";
    chapters[1]->label = "2";
    doc_node *h = add(chapters[1], DOC_HEADING);
    h->level = 1;
    h->id = "h-two";
    h->chapter = chapters[1];
    chapters[1]->title = h; /* as the tree passes set it */
    text(h, "Two");

    /* unnumbered chapter: no "Chapter" label in the heading, title from the heading */
    doc_node *h1 = add(ch, DOC_HEADING);
    h1->level = 1;
    h1->id = "pr\xC3\xA9"
             "face";
    ch->title = h1;
    ch->plain = "Pr\xC3\xA9"
                "face & more";
    text(h1, "Pr\xC3\xA9"
             "face & more");
    /* a link inside a link: the inner one becomes a span */
    doc_node *p = add(ch, DOC_PARA);
    doc_node *outer = add(p, DOC_LINK);
    outer->url = "https://a.example";
    text(outer, "out ");
    doc_node *inner = add(outer, DOC_LINK);
    inner->url = "https://b.example";
    text(inner, "in");
    /* xref to the other chapter's title heading, link to a fragment with non-ASCII id */
    doc_node *x = add(p, DOC_LINK);
    x->flags = DOC_F_XREF;
    x->target = h;
    doc_node *y = add(p, DOC_LINK);
    y->target = h1;
    text(y, "here");
    doc_node *js = add(p, DOC_LINK);
    js->url = "JavaScript:alert(1)";
    text(js, "js");
    /* a missing image shows its alt text, an image in a figure without caption */
    doc_node *im = add(p, DOC_IMAGE);
    im->path = "images/missing.png";
    text(im, "alt <text>");
    doc_node *fig = add(ch, DOC_FIGURE);
    fig->path = "images/ok.png";
    fig->id = "f";
    /* a table with only a header row, no caption */
    doc_node *t = add(ch, DOC_TABLE);
    doc_node *r = add(t, DOC_TABLE_ROW);
    r->flags = DOC_F_HEADER;
    text(add(r, DOC_TABLE_CELL), "H");
    /* a task item whose first block is not a paragraph */
    doc_node *l = add(ch, DOC_LIST);
    doc_node *it = add(l, DOC_ITEM);
    it->flags = DOC_F_TASK;
    doc_node *cb = add(it, DOC_CODEBLOCK);
    cb->text = "x";
    cb->len = 1;
    /* an unreferenced footnote: no back link to a missing id */
    doc_node *notes = add(ch, DOC_NOTES);
    doc_node *fn = add(notes, DOC_FOOTNOTE);
    fn->id = "fn-lost";
    fn->label = "1";
    text(add(fn, DOC_PARA), "Lost.");

    const char *s = render(&o, ch);
    CHECK(strstr(s, "lang=\"fr\" xml:lang=\"fr\""));
    CHECK(strstr(s, "<title>Pr\xC3\xA9"
                    "face &amp; more</title>"));
    CHECK(strstr(s, "<h1 id=\"pr\xC3\xA9"
                    "face\">Pr\xC3\xA9"
                    "face &amp; more</h1>"));
    CHECK(strstr(s, "<a href=\"https://a.example\">out <span class=\"link\">in</span></a>"));
    CHECK(strstr(s, "<a href=\"two.xhtml#h-two\">Chapter 2</a>"));
    CHECK(strstr(s, "<a href=\"#pr%C3%A9face\">here</a>"));
    CHECK(strstr(s, "alt &lt;text&gt;"));
    CHECK(strstr(s, "<span class=\"link\">js</span>"));
    CHECK(!strstr(s, "alert"));
    CHECK(!strstr(s, "missing.png"));
    CHECK(strstr(s, "<figure id=\"f\">\n<img src=\"images/ok.png\" alt=\"\"/>\n</figure>"));
    CHECK(strstr(s, "<thead>\n<tr><th scope=\"col\">H</th></tr>\n</thead>\n</table>"));
    CHECK(!strstr(s, "tbody"));
    CHECK(strstr(s, "<li class=\"task\"><span class=\"task-box\" role=\"img\" "
                    "aria-label=\"not done\">\xE2\x98\x90</span> <pre><code>x</code></pre>"));
    CHECK(strstr(s, "<p><span class=\"fn-back\">1</span> Lost.</p>"));
    CHECK(!strstr(s, "fn-lost_ref"));
    CHECK(strstr(s, "<ul class=\"tasks\">"));

    /* the xref texts */
    doc_node *f2 = add(NULL, DOC_FIGURE);
    f2->label = "3.2";
    CHECK_STR(present_xref(PR, f2), "Figure 3.2");
    doc_node *t2 = add(NULL, DOC_TABLE);
    t2->label = "1.4";
    CHECK_STR(present_xref(PR, t2), "Table 1.4");
    CHECK_STR(present_xref(PR, chapters[1]), "Chapter 2");
    doc_node *sec = add(chapters[1], DOC_HEADING);
    sec->level = 2;
    sec->label = "2.1";
    text(sec, "Sec");
    CHECK_STR(present_xref(PR, sec), "Section 2.1");
    doc_node *sub = add(chapters[1], DOC_HEADING);
    sub->level = 3;
    text(sub, "Sub title");
    CHECK_STR(present_xref(PR, sub), "Sub title");
    CHECK_STR(present_xref(PR, h1), "Pr\xC3\xA9"
                                    "face & more");
}

/* Page markers where layout says each page begins (xhtml_opts.marks): before a block, inside a
 * paragraph (before the whole word when the page begins inside one), before a figure, inside a
 * numbered item, in an image's alt text (at the next place a marker may stand), two pages at
 * one place, and a page left for the end of the chapter. */
static void test_page_markers(void)
{
    xhtml_opts o = {0};
    o.present = PR;
    o.lang = "en";
    o.chapter_file = chfile;
    o.image_href = imghref;
    doc_node *ch = add(NULL, DOC_CHAPTER);
    ch->label = "1";
    doc_node *h = add(ch, DOC_HEADING);
    h->level = 1;
    ch->title = h;
    text(h, "The Bay");
    doc_node *t1 = text(add(ch, DOC_PARA), "The river reaches the sea. The sea in question.");
    doc_node *p2 = add(ch, DOC_PARA);
    doc_node *t2 = text(p2, "After the evacuation of the city, with a ");
    doc_node *img = add(p2, DOC_IMAGE);
    doc_node *alt = text(img, "alt words");
    doc_node *t3 = text(p2, " left.");
    doc_node *fig = add(ch, DOC_FIGURE);
    fig->label = "1.1";
    fig->path = "images/ok.png";
    text(fig, "A map of the bay");
    doc_node *l = add(ch, DOC_LIST);
    l->flags = DOC_F_ORDERED;
    l->number = 1;
    text(add(add(l, DOC_ITEM), DOC_PARA), "First step.");
    doc_node *it2 = add(l, DOC_ITEM);
    text(add(it2, DOC_PARA), "Second step of it.");
    doc_node *last = text(add(ch, DOC_PARA), "Last words.");
    doc_node bk = {0};
    bk.kind = DOC_BOOK;
    doc_append(&bk, ch);
    docpass_number(&bk);
    const xhtml_mark marks[] = {
        {ch, PAGEMAP_BEFORE, "1"},
        {t1, 22, "2"}, /* "sea": at its first letter */
        {t2, 14, "3"}, /* "evacuation", cut after "evac" */
        {alt, 4, "4"}, /* inside the alt text: before the next text */
        {fig, PAGEMAP_BEFORE, "5"},
        {it2, PAGEMAP_BEFORE, "6"},
        {last, 0, "7"},
        {last, 0, "8"},
        {NULL, 0, "9"},
    };
    o.marks = marks;
    o.nmarks = (int)HJ_ARRAY_LEN(marks);
    const char *s = render(&o, ch);
#define MARK(n)                                                                                    \
    "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page_" n "\" "                      \
    "aria-label=\"" n "\"></span>"
    CHECK(strstr(s, "<section epub:type=\"chapter\" role=\"doc-chapter\">\n" MARK("1") "\n<h1>"));
    CHECK(strstr(s, "reaches the " MARK("2") "sea. The sea"));
    CHECK(strstr(s, "After the " MARK("3") "evacuation of"));
    CHECK(strstr(s, MARK("4") " left."));
    CHECK(strstr(s, MARK("5") "\n<figure>"));
    CHECK(strstr(s, "<li>" MARK("6") "\n<p>Second step"));
    CHECK(strstr(s, MARK("7") MARK("8") "Last words."));
    CHECK(strstr(s, MARK("9") "\n</section>"));
    (void)t3;
#undef MARK
}

static void test_deep(void)
{
    /* 200000 nested blockquotes and list items: no recursion, so no stack overflow */
    doc_node *ch = add(NULL, DOC_CHAPTER);
    doc_node *n = ch;
    for (int i = 0; i < 100000; i++) {
        n = add(n, DOC_BLOCKQUOTE);
        n = add(add(n, DOC_LIST), DOC_ITEM);
    }
    text(add(n, DOC_PARA), "deep");
    xhtml_opts o = {0};
    o.present = PR;
    o.lang = "en";
    o.chapter_file = chfile;
    buf b = BUF_INIT;
    xhtml_chapter(&A, &o, ch, &b);
    CHECK(strstr(b.data, "<li><p>deep</p>\n</li>"));
    /* every open tag closed */
    size_t open = 0, close = 0;
    for (const char *p = b.data; (p = strstr(p, "<blockquote>")); p++)
        open++;
    for (const char *p = b.data; (p = strstr(p, "</blockquote>")); p++)
        close++;
    CHECK_INT(open, 100000);
    CHECK_INT(close, 100000);
    buf_free(&b);
}

int main(void)
{
    arena_init(&A);
    static config cfg;
    config_defaults(&cfg);
    PR = present_make(&A, &cfg, NULL);
    test_escape();
    test_escape_lang();
    test_url();
    test_chapter();
    test_page_markers();
    test_deep();
    arena_free(&A);
    return tap_done();
}
