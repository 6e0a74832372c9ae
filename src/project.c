/* project.c: finding book.yaml and the chapters (see project.h). */
#include "project.h"
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *project_path(arena *a, const project *p, const char *rel)
{
    return file_join(a, p->root, rel);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every *.md in book/, sorted by name, but the cover's back text. */
static int scan_chapters(arena *a, diag_ctx *d, project *p, const char *back)
{
    char *dir = project_path(a, p, "book");
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_report(d, D_SYS_READ, "book", 0, 0, strerror(errno));
        return -1;
    }
    int cap = 16, n = 0;
    const char **list = ARENA_NEWN(a, const char *, cap);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".md"))
            continue;
        char *rel = arena_printf(a, "book/%s", e->d_name);
        if (back && !strcmp(rel, back))
            continue;
        if (n == cap) {
            list = arena_realloc(a, list, sizeof(*list) * (size_t)cap,
                                 sizeof(*list) * (size_t)cap * 2);
            cap *= 2;
        }
        list[n++] = rel;
    }
    closedir(dh);
    qsort(list, (size_t)n, sizeof(*list), cmp_str);
    p->chapters = list;
    p->nchapters = n;
    return 0;
}

int project_load(arena *a, diag_ctx *d, const char *root, project *p)
{
    memset(p, 0, sizeof(*p));
    p->root = root;
    config_defaults(&p->cfg);
    int rc = 0;
    char *yaml = project_path(a, p, "book/book.yaml");
    if (!file_exists(yaml)) {
        diag_report(d, D_YAML_MISSING, NULL, 0, 0, root);
        return -1;
    }
    if (config_load(a, d, yaml, "book/book.yaml", &p->cfg) < 0)
        rc = -1;
    config_finish(a, &p->cfg);
    const char *back = p->cfg.cover.back_text.value
                           ? file_normalize(a, file_join(a, "book", p->cfg.cover.back_text.value))
                           : NULL;

    if (p->cfg.chapters) {
        p->chapters = ARENA_NEWN(a, const char *, (size_t)p->cfg.nchapters + 1);
        for (int i = 0; i < p->cfg.nchapters; i++) {
            const config_str *c = &p->cfg.chapters[i];
            char *rel = file_normalize(a, file_join(a, "book", c->value));
            if (!rel) {
                diag_report(d, D_PATH_OUTSIDE, p->cfg.file, c->line, c->col, c->value);
                rc = -1;
                continue;
            }
            if (!file_exists(project_path(a, p, rel)) || file_is_dir(project_path(a, p, rel))) {
                diag_report(d, D_CHAPTER_MISSING, p->cfg.file, c->line, c->col, c->value);
                rc = -1;
                continue;
            }
            int dup = 0;
            for (int j = 0; j < p->nchapters; j++)
                dup |= strcmp(p->chapters[j], rel) == 0;
            if (dup) {
                diag_report(d, D_CHAPTER_DUPLICATE, p->cfg.file, c->line, c->col, c->value);
                continue;
            }
            p->chapters[p->nchapters++] = rel;
        }
    } else if (scan_chapters(a, d, p, back) < 0) {
        rc = -1;
    }
    if (p->nchapters == 0 && rc == 0) {
        diag_report(d, D_NO_CHAPTERS, p->cfg.file, 0, 0);
        rc = -1;
    }
    p->sources = ARENA_NEWN(a, const char *, (size_t)p->nchapters + 2);
    p->sources[p->nsources++] = "book/book.yaml";
    for (int i = 0; i < p->nchapters; i++)
        p->sources[p->nsources++] = p->chapters[i];
    return rc;
}
