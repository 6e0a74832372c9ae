/* test_summary.c: mdBook's SUMMARY.md: order, nesting, parts, drafts, prefix and suffix
 * chapters, link forms, comments and lines that are not understood. */
#include "summary.h"
#include "tap.h"

#include <string.h>

static int parse(arena *a, diag_ctx *d, const char *text, summary_entry **e)
{
    int n;
    diag_init(d, NULL);
    summary_parse(a, d, "book/SUMMARY.md", text, strlen(text), e, &n);
    return n;
}

static void test_book(arena *a)
{
    const char *text = "# Summary\n"
                       "\n"
                       "[Introduction](README.md)\n"
                       "[Foreword](<fore word.md>)\n"
                       "\n"
                       "# Getting Started\n"
                       "\n"
                       "- [Install](install.md)\n"
                       "    - [On Linux](install/linux.md)\n"
                       "        - [Debian](install/debian.md)\n"
                       "    - [Draft]()\n"
                       "        - [Under a draft](under-draft.md)\n"
                       "* [Use `hanji`](use%20it.md \"a title\")\n"
                       "<!-- a comment\n"
                       "- [Commented](out.md)\n"
                       "-->\n"
                       "# Reference\r\n"
                       "- [Keys \\[all\\]](keys.md)\r\n"
                       "\n"
                       "---\n"
                       "\n"
                       "[Contributors](misc/contributors.md)\n";
    summary_entry *e;
    diag_ctx d;
    int n = parse(a, &d, text, &e);
    CHECK_INT(n, 10);
    CHECK_INT(d.warnings, 0);
    CHECK_STR(e[0].title, "Introduction");
    CHECK_STR(e[0].path, "README.md");
    CHECK_INT(e[0].depth, 0);
    CHECK_INT(e[0].line, 3);
    CHECK_INT(e[0].col, 1);
    CHECK(e[0].part == NULL);
    CHECK_STR(e[1].path, "fore word.md");
    CHECK_STR(e[2].title, "Install");
    CHECK_INT(e[2].depth, 1);
    CHECK_INT(e[2].parent, -1);
    CHECK_STR(e[2].part, "Getting Started");
    CHECK_INT(e[2].col, 3);
    CHECK_STR(e[3].path, "install/linux.md");
    CHECK_INT(e[3].depth, 2);
    CHECK_INT(e[3].parent, 2);
    CHECK_INT(e[3].col, 7);
    CHECK_INT(e[4].depth, 3);
    CHECK_INT(e[4].parent, 3);
    CHECK_STR(e[5].title, "Draft");
    CHECK(e[5].path == NULL);
    CHECK_INT(e[5].parent, 2);
    CHECK_STR(e[6].path, "under-draft.md"); /* hangs from the draft's parent */
    CHECK_INT(e[6].depth, 3);
    CHECK_INT(e[6].parent, 2);
    CHECK_STR(e[7].title, "Use hanji");
    CHECK_STR(e[7].path, "use it.md");
    CHECK_INT(e[7].depth, 1);
    CHECK_INT(e[7].parent, -1);
    CHECK(e[7].part == NULL);
    CHECK_STR(e[8].title, "Keys [all]");
    CHECK_STR(e[8].part, "Reference");
    CHECK_INT(e[8].line, 18);
    CHECK_STR(e[9].path, "misc/contributors.md");
    CHECK_INT(e[9].depth, 0);
    CHECK_INT(e[9].parent, -1);
}

static void test_odd_lines(arena *a)
{
    summary_entry *e;
    diag_ctx d;
    /* no title heading: the first heading is still the summary's own; text lines warn */
    int n = parse(a, &d,
                  "# Title\n"
                  "Some words.\n"
                  "- [Broken](x.md\n"
                  "- [A](a.md) and more\n"
                  "- [B](b.md)\n"
                  "\t- [C](c.md)\n",
                  &e);
    CHECK_INT(n, 2);
    CHECK_INT(d.warnings, 3);
    CHECK_STR(e[1].path, "c.md");
    CHECK_INT(e[1].parent, 0);
    CHECK_INT(e[1].depth, 2);
    /* the empty text and deep nesting */
    char deep[4096] = "";
    for (int i = 0; i < 40; i++) {
        size_t k = strlen(deep);
        memset(deep + k, ' ', (size_t)i * 2);
        strcpy(deep + k + (size_t)i * 2, "- [x](x.md)\n");
    }
    n = parse(a, &d, deep, &e);
    CHECK_INT(n, 40);
    CHECK_INT(e[39].depth, 33);
    CHECK_INT(parse(a, &d, "", &e), 0);
}

int main(void)
{
    arena a;
    arena_init(&a);
    test_book(&a);
    test_odd_lines(&a);
    arena_free(&a);
    return tap_done();
}
