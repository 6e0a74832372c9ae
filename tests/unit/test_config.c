/* test_config.c: book.yaml parsing, lengths, page sizes, slugs and defaults. */
#include "config.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int parse(arena *a, const char *yaml, config *c, diag_ctx *d)
{
    config_defaults(c);
    diag_init(d, NULL);
    return config_parse(a, d, yaml, strlen(yaml), "book/book.yaml", c);
}

static void test_lengths(void)
{
    CHECK(fabs(config_length("1in") - 72) < 1e-9);
    CHECK(fabs(config_length("25.4mm") - 72) < 1e-9);
    CHECK(fabs(config_length("2.54cm") - 72) < 1e-9);
    CHECK(fabs(config_length("54pt") - 54) < 1e-9);
    CHECK(fabs(config_length("54") - 54) < 1e-9);
    CHECK(config_length("2furlongs") < 0);
    CHECK(config_length("") < 0);
    CHECK(config_length("-1in") < 0);
    CHECK(config_length("nan") < 0);
}

static void test_page_sizes(void)
{
    double w = 0, h = 0;
    CHECK_INT(config_page_size("6x9in", &w, &h), 0);
    CHECK(fabs(w - 432) < 1e-9 && fabs(h - 648) < 1e-9);
    CHECK_INT(config_page_size("A5", &w, &h), 0);
    CHECK(fabs(w - 419.527559) < 1e-3 && fabs(h - 595.275591) < 1e-3);
    CHECK_INT(config_page_size("letter", &w, &h), 0);
    CHECK(fabs(w - 612) < 1e-9 && fabs(h - 792) < 1e-9);
    CHECK_INT(config_page_size("140x216mm", &w, &h), 0);
    CHECK(fabs(w - 140 * 72 / 25.4) < 1e-6 && fabs(h - 216 * 72 / 25.4) < 1e-6);
    CHECK_INT(config_page_size("400ptx600pt", &w, &h), 0);
    CHECK(fabs(w - 400) < 1e-9);
    CHECK(config_page_size("7x", &w, &h) < 0);
    CHECK(config_page_size("0x9in", &w, &h) < 0);
    CHECK(config_page_size("300x300in", &w, &h) < 0);
}

static void test_slug(arena *a)
{
    CHECK_STR(config_slug(a, "The City and Its Grand Theatre"), "the-city-and-its-grand-theatre");
    CHECK_STR(config_slug(a, "Hamhŭng (함흥)!"), "hamhŭng-함흥");
    CHECK_STR(config_slug(a, "  Leading -- and trailing  "), "leading-and-trailing");
    CHECK_STR(config_slug(a, "C++ & you"), "c-you");
    CHECK_STR(config_slug(a, "snake_case"), "snake_case");
    CHECK_STR(config_slug(a, "???"), "");
}

static void test_parse(arena *a)
{
    config c;
    diag_ctx d;
    CHECK_INT(parse(a,
                    "title: Hamhung\nsubtitle: A Guide\nauthor: [A, B]\nlang: ko\n"
                    "subject: travel\npage-size: A5\nmargins: {inner: 20mm, top: 1in}\n"
                    "fonts: {body: X.ttf, fallback: [K.ttf, L.ttf], size: 11pt}\nlof: true\n"
                    "chapters: [a.md, b.md]\noutput-name: hh\n",
                    &c, &d),
              0);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 0);
    CHECK_STR(c.title, "Hamhung");
    CHECK_STR(c.subtitle, "A Guide");
    CHECK_INT(c.nauthors, 2);
    CHECK_STR(c.authors[1], "B");
    CHECK_STR(c.lang, "ko");
    CHECK_INT(c.nsubjects, 1);
    CHECK(fabs(c.page_width - 419.527559) < 1e-3);
    CHECK(fabs(c.margin_inner - 20 * 72 / 25.4) < 1e-6);
    CHECK(fabs(c.margin_top - 72) < 1e-9);
    CHECK(fabs(c.margin_outer - 0.625 * 72) < 1e-9); /* default kept */
    CHECK_STR(c.font_body.value, "X.ttf");
    CHECK_INT(c.nfont_fallback, 2);
    CHECK_STR(c.font_fallback[1].value, "L.ttf");
    CHECK(fabs(c.font_size - 11) < 1e-9);
    CHECK_INT(c.lof, 1);
    CHECK_INT(c.nchapters, 2);
    CHECK_STR(c.chapters[1].value, "b.md");
    CHECK_INT(c.chapters[1].line, 10);
    CHECK_INT(c.chapters[1].col, 18);
    CHECK_STR(c.output_name, "hh");

    CHECK_INT(c.hyphenate_caps, 0); /* names are not hyphenated by default */
    CHECK_INT(parse(a, "hyphenate-capitalized: true\n", &c, &d), 0);
    CHECK_INT(c.hyphenate_caps, 1);
    CHECK(parse(a, "hyphenate-capitalized: often\n", &c, &d) < 0);

    /* pandoc's author maps */
    CHECK_INT(parse(a, "author:\n  - name: Kim\n  - Lee\n", &c, &d), 0);
    CHECK_INT(c.nauthors, 2);
    CHECK_STR(c.authors[0], "Kim");

    /* errors and warnings are counted, parsing goes on */
    CHECK(parse(a, "title: [x]\nnope: 1\nlang: en\nbleed: maybe\n", &c, &d) < 0);
    CHECK_INT(d.errors, 2);
    CHECK_INT(d.warnings, 1);
    CHECK_STR(c.lang, "en");

    CHECK(parse(a, "title: 'unterminated\n", &c, &d) < 0);
    CHECK_INT(d.errors, 1);
    CHECK(parse(a, "- a list\n- at the top\n", &c, &d) < 0);
    CHECK_INT(parse(a, "", &c, &d), 0); /* an empty file: all defaults */
    CHECK_STR(c.lang, "en");
    CHECK(parse(a, "title: \"bad \\xff utf8\"\n", &c, &d) <= 0);
}

static void test_finish(arena *a)
{
    config c, c2;
    diag_ctx d;
    parse(a, "title: \"Hamhung: A Short Guide\"\nauthor: X\n", &c, &d);
    config_finish(a, &c);
    CHECK_STR(c.output_name, "hamhung-a-short-guide");
    CHECK(strncmp(c.identifier, "urn:uuid:", 9) == 0);
    CHECK_INT(strlen(c.identifier), 9 + 36);
    CHECK_INT(c.identifier[9 + 14], '5'); /* version nibble */
    parse(a, "title: \"Hamhung: A Short Guide\"\nauthor: X\n", &c2, &d);
    config_finish(a, &c2);
    CHECK_STR(c.identifier, c2.identifier); /* stable across builds */
    parse(a, "title: \"Hamhung: A Short Guide\"\nauthor: Y\n", &c2, &d);
    config_finish(a, &c2);
    CHECK(strcmp(c.identifier, c2.identifier) != 0);
}

/* The cover: block: its keys, defaults and refusals. */
static void test_cover(arena *a)
{
    config c;
    diag_ctx d;
    CHECK_INT(parse(a, "title: T\n", &c, &d), 0);
    CHECK_INT(c.cover.on, 0);
    CHECK_INT(c.cover.spine_text, 1);
    CHECK_INT(c.cover.background, -1);
    CHECK_INT(parse(a,
                    "title: T\ncover:\n  front: ../images/f.png\n  back-text: back.md\n"
                    "  paper: cream\n  spine-text: off\n  service: kdp\n  background: \"#1b2e4b\"\n"
                    "  text-color: \"#fff\"\n",
                    &c, &d),
              0);
    CHECK_INT(d.warnings + d.errors, 0);
    CHECK_INT(c.cover.on, 1);
    CHECK_INT(c.cover.line, 3);
    CHECK_STR(c.cover.front.value, "../images/f.png");
    CHECK_INT(c.cover.front.line, 3);
    CHECK_STR(c.cover.back_text.value, "back.md");
    CHECK_INT(c.cover.paper, CONFIG_PAPER_CREAM);
    CHECK_INT(c.cover.spine_text, 0);
    CHECK_INT(c.cover.service, CONFIG_SERVICE_KDP);
    CHECK_INT(c.cover.background, 0x1b2e4b);
    CHECK_INT(c.cover.text_color, 0xffffff);
    CHECK_INT(parse(a, "title: T\ncover: {paper: color}\n", &c, &d), 0);
    CHECK_INT(c.cover.paper, CONFIG_PAPER_COLOR);
    /* IngramSpark has no published spine formula: refused, with an error at the value */
    CHECK_INT(parse(a, "title: T\ncover:\n  service: ingramspark\n", &c, &d), -1);
    CHECK_INT(d.errors, 1);
    CHECK_INT(parse(a, "title: T\ncover:\n  paper: glossy\n", &c, &d), -1);
    CHECK_INT(parse(a, "title: T\ncover:\n  background: navy\n", &c, &d), -1);
    CHECK_INT(parse(a, "title: T\ncover: yes\n", &c, &d), -1);
    CHECK_INT(parse(a, "title: T\ncover:\n  spine: on\n", &c, &d), 0);
    CHECK_INT(d.warnings, 1); /* unknown key cover.spine */
}

/* A chapter's front matter: title read, lines offset to the chapter's, unknown keys warned. */
static void test_front_matter(arena *a)
{
    config_front f;
    diag_ctx d;
    diag_init(&d, NULL);
    const char *ok = "title: \"Hello\"\n";
    CHECK_INT(config_front_matter(a, &d, "book/x.md", ok, strlen(ok), 2, &f), 0);
    CHECK_STR(f.title.value, "Hello");
    CHECK_INT(f.title.line, 2);
    CHECK_INT(f.title.col, 8);
    CHECK_INT(d.warnings, 0);
    const char *unknown = "layout: post\ntitle: T\n";
    CHECK_INT(config_front_matter(a, &d, "book/x.md", unknown, strlen(unknown), 2, &f), 0);
    CHECK_STR(f.title.value, "T");
    CHECK_INT(f.title.line, 3);
    CHECK_INT(d.warnings, 1);
    const char *empty = "";
    CHECK_INT(config_front_matter(a, &d, "book/x.md", empty, 0, 2, &f), 0);
    CHECK(f.title.value == NULL);
    const char *bad = "title: [x\n";
    CHECK_INT(config_front_matter(a, &d, "book/x.md", bad, strlen(bad), 2, &f), -1);
    const char *list = "- a\n";
    CHECK_INT(config_front_matter(a, &d, "book/x.md", list, strlen(list), 2, &f), -1);
    CHECK_INT(d.errors, 2);
}

int main(void)
{
    arena a;
    arena_init(&a);
    test_lengths();
    test_page_sizes();
    test_slug(&a);
    test_parse(&a);
    test_finish(&a);
    test_cover(&a);
    test_front_matter(&a);
    arena_free(&a);
    return tap_done();
}
