/* test_editloop.c: a watch session's rebuilds (build_session_run, as `hanji watch` runs them)
 * after edits of every kind must write exactly the bytes a fresh single-threaded build writes:
 * a word of a paragraph, a paragraph grown by pages (every later page's folio moves), a
 * heading (contents, running heads), a figure taken out and put back, a chapter left out of
 * the book and put back, and the edits undone (old cache entries). Each step compares the PDF
 * and the EPUB byte for byte. Works on a copy of the sample book; run from tests/. */
#include "build.h"
#include "file.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256], project[300], out_watch[300], out_fresh[300];

/* Replaces the first `from` in book/FILE with `to`; 0, or -1 when it is not there. */
static int edit(const char *file, const char *from, const char *to)
{
    char path[400];
    snprintf(path, sizeof path, "%s/book/%s", project, file);
    arena a;
    arena_init(&a);
    size_t len;
    char *s = NULL;
    char *at = file_read(&a, path, &s, &len) == 0 ? strstr(s, from) : NULL;
    FILE *f = at ? fopen(path, "wb") : NULL;
    int ok = f != NULL;
    if (f) {
        fwrite(s, 1, (size_t)(at - s), f);
        fputs(to, f);
        fputs(at + strlen(from), f);
        fclose(f);
    }
    arena_free(&a);
    return ok ? 0 : -1;
}

static int same_file(const char *a, const char *b)
{
    arena m;
    arena_init(&m);
    size_t la, lb;
    char *x, *y;
    int same = file_read(&m, a, &x, &la) == 0 && file_read(&m, b, &y, &lb) == 0 && la == lb &&
               memcmp(x, y, la) == 0;
    arena_free(&m);
    return same;
}

/* One rebuild in the session and a fresh build of the same sources: both succeed and agree. */
static void rebuild(build_session *s, const char *what, int *pages)
{
    build_opts ow = {project, out_watch, BUILD_PDF | BUILD_EPUB, NULL, 0, 0, 0, 0};
    build_opts of = {project, out_fresh, BUILD_PDF | BUILD_EPUB, NULL, 0, 0, 0, 0};
    diag_ctx d;
    build_result rw, rf;
    diag_init(&d, stderr);
    d.quiet = 1;
    int sw = build_session_run(s, &ow, &d, &rw);
    diag_init(&d, stderr);
    d.quiet = 1;
    int sf = build_run(&of, &d, &rf);
    char a[400], b[400];
    snprintf(a, sizeof a, "%s/hamhung.pdf", out_watch);
    snprintf(b, sizeof b, "%s/hamhung.pdf", out_fresh);
    int pdf = sw == 0 && sf == 0 && same_file(a, b);
    snprintf(a, sizeof a, "%s/hamhung.epub", out_watch);
    snprintf(b, sizeof b, "%s/hamhung.epub", out_fresh);
    int epub = sw == 0 && sf == 0 && same_file(a, b);
    printf("# %s: %d pages\n", what, rw.pages);
    tap_check(pdf, what, __FILE__, __LINE__);
    tap_check(epub, what, __FILE__, __LINE__);
    tap_check(rw.pages == rf.pages, what, __FILE__, __LINE__);
    if (pages)
        *pages = rw.pages;
}

int main(void)
{
    setenv("HANJI_THREADS", "1", 1); /* the fresh builds on one thread */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    snprintf(dir, sizeof dir, "/tmp/hanji-editloop-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    snprintf(project, sizeof project, "%s/p", dir);
    snprintf(out_watch, sizeof out_watch, "%s/watch", dir);
    snprintf(out_fresh, sizeof out_fresh, "%s/fresh", dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "mkdir -p %s && cp -r ../book ../images %s/ && rm -rf %s/book/out",
             project, project, project);
    if (system(cmd) != 0)
        return 1;

    build_session *s = build_session_new();
    int p0 = 0, p1 = 0;
    rebuild(s, "first build", &p0);
    rebuild(s, "nothing changed", NULL);
    CHECK(edit("02-industry.md", "industry\nis the reason", "industry\nis the main reason") == 0);
    rebuild(s, "a word of a paragraph", NULL);
    {
        char grown[8192] = "east coast.";
        for (int i = 0; i < 40; i++)
            strcat(grown, " A sentence added to make the chapter longer by a page or two.");
        CHECK(edit("02-industry.md", "east coast.", grown) == 0);
    }
    rebuild(s, "a paragraph grown by pages (later folios move)", &p1);
    CHECK(p1 > p0);
    CHECK(edit("03-hungnam.md", "## A district on the coast", "## A district by the sea") == 0);
    rebuild(s, "a heading", NULL);
    CHECK(edit("01-city.md", "![Drawing: the Hamhung Grand Theatre",
               "Drawing: the Hamhung Grand Theatre") == 0);
    rebuild(s, "a figure taken out", NULL);
    CHECK(edit("01-city.md", "Drawing: the Hamhung Grand Theatre",
               "![Drawing: the Hamhung Grand Theatre") == 0);
    rebuild(s, "the figure put back", NULL);
    CHECK(edit("book.yaml", "  - 03-hungnam.md\n", "") == 0);
    rebuild(s, "a chapter fewer", NULL);
    CHECK(edit("book.yaml", "  - 04-pujon.md\n", "  - 03-hungnam.md\n  - 04-pujon.md\n") == 0);
    rebuild(s, "the chapter back", NULL);
    CHECK(edit("02-industry.md", "industry\nis the main reason", "industry\nis the reason") == 0);
    rebuild(s, "an edit undone", NULL);
    build_session_free(s);

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return tap_done();
}
