/* test_highlight.c: the token classes highlight.c gives a few languages, language names and
 * aliases, the built-in diff, and hostile code (huge, deeply nested, invalid). The grammar checks
 * are skipped, with a note, in a build without the grammars. */
#include "highlight.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The spans of code as "class:text" words, e.g. "kw:int fn:main pun:( ..." */
static const char *tokens(arena *a, const char *lang, const char *code)
{
    hl_span *sp;
    int n = hl_highlight(a, lang, code, strlen(code), &sp);
    size_t cap = strlen(code) * 8 + 16, k = 0;
    char *out = arena_alloc(a, cap);
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%s:%.*s", i ? " " : "",
                              hl_class_name((hl_class)sp[i].cls), (int)(sp[i].end - sp[i].start),
                              code + sp[i].start);
    if (getenv("HL_SHOW"))
        printf("# %s: %s\n", lang, out);
    return out;
}

/* Does the "class:text" word w appear in the tokens? */
static int has(const char *toks, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = toks; (p = strstr(p, w)) != NULL; p++)
        if ((p == toks || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
            return 1;
    return 0;
}

static void test_names(void)
{
    CHECK(hl_language("diff") != NULL);
    CHECK_STR(hl_language("patch"), "diff");
    CHECK(hl_language("") == NULL);
    CHECK(hl_language(NULL) == NULL);
    CHECK(hl_language("klingon") == NULL);
    CHECK(hl_language("averyveryveryverylonglanguagenamethatisnotone") == NULL);
    CHECK_STR(hl_class_name(HL_KEYWORD), "kw");
    CHECK_STR(hl_class_name(HL_COMMENT), "com");
    if (!hl_language("c"))
        return;
    CHECK_STR(hl_language("rust,ignore"), "rust");
    CHECK_STR(hl_language("{.python}"), "python");
    CHECK_STR(hl_language("Py"), "python");
    CHECK_STR(hl_language("c++"), "cpp");
    CHECK_STR(hl_language("sh"), "bash");
    CHECK_STR(hl_language("yml"), "yaml");
    CHECK_STR(hl_language("C#"), "csharp");
    CHECK_STR(hl_language("js"), "javascript");
    CHECK_STR(hl_language("ts title=\"x.ts\""), "typescript");
}

static void test_diff(arena *a)
{
    const char *t = tokens(a, "diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n");
    CHECK_STR(t, "head:--- a/x head:+++ b/x attr:@@ -1 +1 @@ del:-old add:+new");
}

static void test_grammars(arena *a)
{
    if (!hl_language("c")) {
        printf("# no grammars compiled in: the grammar checks are skipped\n");
        return;
    }
    const char *t = tokens(a, "c", "int main(void) { return 0; } /* x */\n#include <stdio.h>\n");
    CHECK(has(t, "typ:int"));
    CHECK(has(t, "fn:main"));
    CHECK(has(t, "kw:return"));
    CHECK(has(t, "num:0"));
    CHECK(has(t, "com:/* x */"));
    CHECK(has(t, "kw:#include"));
    CHECK(has(t, "str:<stdio.h>"));

    t = tokens(a, "rust",
               "fn main() {\n    let s = \"a\\nb\"; // hi\n    println!(\"{}\", s);\n}\n");
    CHECK(has(t, "kw:fn"));
    CHECK(has(t, "fn:main"));
    CHECK(has(t, "kw:let"));
    CHECK(has(t, "esc:\\n")); /* the escape inside the string wins */
    CHECK(has(t, "str:\"a"));
    CHECK(has(t, "com:// hi"));
    CHECK(has(t, "fn:println!") || has(t, "fn:println"));

    t = tokens(a, "python", "def f(x):\n    return MAX_SIZE if x else None  # c\n");
    CHECK(has(t, "kw:def"));
    CHECK(has(t, "fn:f"));
    CHECK(has(t, "con:MAX_SIZE")); /* #match? "^[A-Z][A-Z_]*$" */
    CHECK(has(t, "con:None"));
    CHECK(has(t, "com:# c"));
    CHECK(!has(t, "con:x")); /* the #match? fails on a lower-case name */

    t = tokens(a, "js", "const re = /a+/; console.log(`t ${re}`);\n");
    CHECK(has(t, "kw:const"));
    CHECK(has(t, "con:console")); /* #match? with an alternation */
    CHECK(has(t, "esc:/a+/") || has(t, "esc:a+"));

    t = tokens(a, "go", "package main\nfunc main() { x := len(y) }\n");
    CHECK(has(t, "fn:main")); /* Go's query puts (identifier) @variable last */
    CHECK(has(t, "fn:len"));

    t = tokens(a, "json", "{\"k\": [1, true, null]}\n");
    CHECK(has(t, "num:1"));
    CHECK(has(t, "con:true"));

    t = tokens(a, "yaml", "key: \"v\" # note\nn: 3\n");
    CHECK(has(t, "com:# note"));
    CHECK(has(t, "str:\"v\""));

    t = tokens(a, "html", "<p class=\"x\">hi</p>\n");
    CHECK(has(t, "tag:p"));
    CHECK(has(t, "attr:class"));

    /* every grammar compiles its query with this runtime and colours something */
    static const char *const samples[][2] = {
        {"bash", "if [ -f x ]; then echo \"hi\"; fi\n"},
        {"cpp", "template <class T> class A { public: int x = 1; };\n"},
        {"csharp", "public class A { int X => 1; }\n"},
        {"css", "a { color: red; }\n"},
        {"go", "package main\nfunc main() { return }\n"},
        {"java", "public class A { void f() { return; } }\n"},
        {"kotlin", "fun main() { val x = 1 }\n"},
        {"markdown", "# Title\n\n- item\n"},
        {"php", "<?php\nfunction f($x) { return 1; }\n"},
        {"ruby", "def f(x)\n  return 1\nend\n"},
        {"sql", "SELECT a FROM t WHERE b = 1;\n"},
        {"swift", "func f() -> Int { return 1 }\n"},
        {"toml", "[a]\nb = 1\n"},
        {"typescript", "let x: number = 1;\ninterface A { y: string }\n"},
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        hl_span *sp;
        int n = hl_highlight(a, samples[i][0], samples[i][1], strlen(samples[i][1]), &sp);
        if (n <= 0)
            printf("# %s: nothing highlighted\n", samples[i][0]);
        CHECK(n > 0);
        tokens(a, samples[i][0], samples[i][1]);
    }
}

static void test_hostile(arena *a)
{
    hl_span *sp;
    /* too long: plain */
    size_t big = HL_MAX_BYTES + 1;
    char *s = malloc(big);
    memset(s, '+', big);
    CHECK_INT(hl_highlight(a, "diff", s, big, &sp), 0);
    CHECK(sp == NULL);
    free(s);
    if (!hl_language("c"))
        return;
    /* 100,000 nested brackets and invalid UTF-8: no crash, bounded */
    size_t n = 100000;
    s = malloc(2 * n + 8);
    for (size_t i = 0; i < n; i++) {
        s[i] = '[';
        s[2 * n - 1 - i] = ']';
    }
    CHECK(hl_highlight(a, "json", s, 2 * n, &sp) >= 0);
    CHECK(hl_highlight(a, "python", s, 2 * n, &sp) >= 0);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)(0x80 | (i & 0x7F));
    CHECK(hl_highlight(a, "rust", s, n, &sp) >= 0);
    free(s);
}

int main(void)
{
    arena a;
    arena_init(&a);
    test_names();
    test_diff(&a);
    test_grammars(&a);
    test_hostile(&a);
    arena_free(&a);
    return tap_done();
}
