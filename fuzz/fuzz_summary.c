/* fuzz_summary.c: libFuzzer target for mdBook's SUMMARY.md (summary_parse) and the include
 * selectors (mdbook_select): the input's first line is the selector, the rest the file. */
#include "mdbook.h"
#include "summary.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > 256 * 1024)
        return -1;
    arena a;
    arena_init(&a);
    diag_ctx d;
    diag_init(&d, NULL);
    const char *text = (const char *)data;
    summary_entry *e;
    int n;
    summary_parse(&a, &d, "book/SUMMARY.md", text, size, &e, &n);
    for (int i = 0; i < n; i++)
        if (e[i].parent >= i || (e[i].depth == 0 && e[i].parent >= 0))
            __builtin_trap(); /* a parent comes first */
    const char *nl = memchr(text, '\n', size);
    size_t sl = nl ? (size_t)(nl - text) : size;
    char *sel = arena_strndup(&a, text, sl < 64 ? sl : 64);
    mdbook_line *lines = NULL;
    int nlines = 0;
    mdbook_select(&a, text, size, sel, &lines, &nlines);
    for (int i = 0; i < nlines; i++)
        if (lines[i].start + lines[i].len > size)
            __builtin_trap();
    arena_free(&a);
    return 0;
}
