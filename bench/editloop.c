/* editloop.c: a watch session's rebuilds in one process, for profiling the edit loop (issue 16):
 * builds PROJECT once, then N times after changing one word of the first long paragraph of its
 * 5th chapter (as bench/run.sh's watch measurement does). Each rebuild runs in edit_build, so
 * `valgrind --tool=callgrind --toggle-collect=edit_build build/hanji_editloop PROJECT OUT 3`
 * counts the rebuilds alone.
 *
 * usage: hanji_editloop PROJECT OUTDIR [N]   (the project is edited in place: use a copy) */
#include "build.h"
#include "file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Replaces the first " the " of the first paragraph longer than 300 bytes that is no heading,
 * list or link line with " the editK ". */
static int edit(const char *path, int k)
{
    arena a;
    arena_init(&a);
    size_t len;
    char *s;
    if (file_read(&a, path, &s, &len) < 0) {
        arena_free(&a);
        return -1;
    }
    size_t at = 0;
    while (at < len) {
        const char *end = strstr(s + at, "\n\n");
        size_t e = end ? (size_t)(end - s) : len;
        if (e - at > 300 && !strchr("#-[", s[at])) {
            char *the = strstr(s + at, " the ");
            if (the && (size_t)(the - s) < e) {
                FILE *f = fopen(path, "wb");
                if (!f)
                    break;
                fwrite(s, 1, (size_t)(the - s), f);
                fprintf(f, " the edit%d ", k);
                fputs(the + 5, f);
                fclose(f);
                arena_free(&a);
                return 0;
            }
        }
        at = e + 2;
    }
    arena_free(&a);
    return -1;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int edit_build(build_session *s, const build_opts *o, build_result *r);
__attribute__((noinline)) int edit_build(build_session *s, const build_opts *o, build_result *r)
{
    diag_ctx d;
    diag_init(&d, stderr);
    return build_session_run(s, o, &d, r);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: hanji_editloop PROJECT OUTDIR [N]\n");
        return 2;
    }
    int n = argc > 3 ? atoi(argv[3]) : 3;
    char dir[4096], chapter[4096 + 256];
    snprintf(dir, sizeof(dir), "%s/book", argv[1]);
    DIR *dh = opendir(dir);
    if (!dh)
        return 2;
    char *names[4096] = {0};
    int nn = 0;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL && nn < 4096) {
        size_t l = strlen(de->d_name);
        if (l > 3 && strcmp(de->d_name + l - 3, ".md") == 0 && strcmp(de->d_name, "SUMMARY.md"))
            names[nn++] = strdup(de->d_name);
    }
    closedir(dh);
    qsort(names, (size_t)nn, sizeof(names[0]), by_name);
    if (nn == 0)
        return 2;
    snprintf(chapter, sizeof(chapter), "%s/%s", dir, names[nn > 4 ? 4 : nn - 1]);
    build_opts o = {argv[1], argv[2], BUILD_PDF | BUILD_EPUB, NULL, 0, 0, 0, 0};
    build_session *s = build_session_new();
    build_result r;
    double c0 = cpu_ms();
    diag_ctx d;
    diag_init(&d, stderr);
    int status = build_session_run(s, &o, &d, &r);
    printf("build 1: %d pages, %.1f ms CPU\n", r.pages, cpu_ms() - c0);
    for (int k = 2; k <= n + 1 && status == 0; k++) {
        if (edit(chapter, k) < 0) {
            fprintf(stderr, "hanji_editloop: nothing to edit in %s\n", chapter);
            return 2;
        }
        c0 = cpu_ms();
        status = edit_build(s, &o, &r);
        printf("build %d: %d pages, %d of %d paragraphs broken, %.1f ms CPU\n", k, r.pages,
               r.paras_broken, r.paras, cpu_ms() - c0);
    }
    build_session_free(s);
    for (int i = 0; i < nn; i++)
        free(names[i]);
    return status;
}
