/* test_mdbook.c: mdBook's include selectors (line ranges, anchors, marker lines) and the
 * expansion of {{#include}} with its line map, escapes, depth limit and paths. */
#include "file.h"
#include "mdbook.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const code = "// ANCHOR: all\n" /* 1 */
                                "a\n"              /* 2 */
                                "b\n"              /* 3 */
                                "// ANCHOR: mid\n" /* 4 */
                                "c\n"              /* 5 */
                                "// ANCHOR_END: mid\n"
                                "d\r\n" /* 7 */
                                "// ANCHOR_END: all\n"
                                "e"; /* 9, no newline */

/* The selected lines, joined with '|', each as "line:text". */
static const char *sel(arena *a, const char *selector)
{
    mdbook_line *l = NULL;
    int n = 0;
    if (mdbook_select(a, code, strlen(code), selector, &l, &n) < 0)
        return "ERROR";
    char *out = arena_alloc(a, 256);
    out[0] = 0;
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), 256 - strlen(out), "%s%d:%.*s", i ? "|" : "", l[i].line,
                 (int)l[i].len, code + l[i].start);
    return out;
}

static void test_select(arena *a)
{
    CHECK_STR(sel(a, ""), "2:a|3:b|5:c|7:d|9:e");
    CHECK_STR(sel(a, "2"), "2:a");
    CHECK_STR(sel(a, "2:3"), "2:a|3:b");
    CHECK_STR(sel(a, "3:"), "3:b|5:c|7:d|9:e");
    CHECK_STR(sel(a, ":3"), "2:a|3:b");
    CHECK_STR(sel(a, "0:2"), "2:a");
    CHECK_STR(sel(a, "7:5"), "");
    CHECK_STR(sel(a, "99"), "");
    CHECK_STR(sel(a, "3:x"), "3:b|5:c|7:d|9:e"); /* an end that is no number: to the end */
    CHECK_STR(sel(a, "mid"), "5:c");
    CHECK_STR(sel(a, "all"), "2:a|3:b|5:c|7:d");
    CHECK_STR(sel(a, "nosuch"), "ERROR");
    CHECK_STR(sel(a, "al"), "ERROR");
}

static char dir[] = "/tmp/hanji-mdbook-XXXXXX";

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_expand(arena *a)
{
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char sub[600];
    snprintf(sub, sizeof(sub), "%s/book", dir);
    file_mkdirs(sub);
    put("code.rs", code);
    put("book/inc.md", "one\n{{#include ../code.rs:mid}}\nthree\n");
    put("book/loop.md", "{{#include loop.md}}");
    diag_ctx d;
    diag_init(&d, NULL);
    size_t len;
    md_origin *map;
    int nmap;

    const char *plain = "no directives {{ here }}\n";
    char *out = mdbook_expand(a, &d, dir, "book/c.md", plain, strlen(plain), &len, &map, &nmap);
    CHECK(out == plain);
    CHECK(map == NULL);

    const char *text = "# T\n"
                       "```rust\n"
                       "{{#include ../code.rs:2:3}}\n"
                       "```\n"
                       "{{ #include inc.md }}\n"
                       "end \\{{#include x.md}} {{#title T}}\n";
    out = mdbook_expand(a, &d, dir, "book/c.md", text, strlen(text), &len, &map, &nmap);
    /* a whole file is its lines joined: no newline after the last, as mdBook has it */
    CHECK_STR(out, "# T\n```rust\na\nb\n```\none\nc\nthree\nend {{#include x.md}} \n");
    CHECK_INT(len, strlen(out));
    CHECK_INT(d.errors, 0);
    CHECK_INT(nmap, 10);
    if (nmap == 10) {
        CHECK_STR(map[0].file, "book/c.md");
        CHECK_INT(map[1].line, 2);
        CHECK_STR(map[2].file, "code.rs");
        CHECK_INT(map[2].line, 2);
        CHECK_INT(map[3].line, 3);
        CHECK_STR(map[4].file, "book/c.md");
        CHECK_INT(map[4].line, 4);
        CHECK_STR(map[5].file, "book/inc.md");
        CHECK_INT(map[5].line, 1);
        CHECK_STR(map[6].file, "code.rs");
        CHECK_INT(map[6].line, 5);
        CHECK_STR(map[7].file, "book/inc.md");
        CHECK_INT(map[7].line, 3);
        CHECK_STR(map[8].file, "book/c.md");
        CHECK_INT(map[8].line, 6);
    }

    /* a loop ends at the depth limit with one error; paths may not leave the project */
    const char *bad = "{{#include loop.md}}\n{{#include ../../x}}\n{{#include /etc/passwd}}\n";
    out = mdbook_expand(a, &d, dir, "book/c.md", bad, strlen(bad), &len, &map, &nmap);
    CHECK_INT(d.errors, 3);
    CHECK_STR(out, "\n\n\n");
}

int main(void)
{
    arena a;
    arena_init(&a);
    test_select(&a);
    test_expand(&a);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (strncmp(dir, "/tmp/hanji-mdbook-", 18) == 0 && system(cmd) != 0)
        CHECK(0);
    arena_free(&a);
    return tap_done();
}
