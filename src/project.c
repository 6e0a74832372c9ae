/* project.c: finding book.yaml and the chapters (see project.h). */
#include "project.h"
#include "file.h"
#include "htab.h"
#include "summary.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *project_path(arena *a, const project *p, const char *rel)
{
    return file_join(a, p->root, rel);
}

int project_check_input(diag_ctx *d, const project *p, arena *a, const char *rel, size_t max,
                        const char *shown, const char *file, int line, int col)
{
    if (file_check_input(p->root, project_path(a, p, rel), max) == 0)
        return 0;
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) {
        errno = ENOENT;
        return -1;
    }
    if (e == EXDEV)
        diag_report(d, D_LINK_OUTSIDE, file, line, col, shown);
    else
        diag_report(d, D_INPUT_BAD, file, line, col, shown, file_strerror(e));
    errno = e;
    return -1;
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
    /* the policy for inputs, here where nothing names them but the folder: a chapter that is
       a link to outside the project, a FIFO or too large is an error at the chapter itself */
    int kept = 0, rc = 0;
    for (int i = 0; i < n; i++) {
        if (project_check_input(d, p, a, list[i], PROJECT_MAX_CHAPTER_BYTES, list[i], list[i], 0,
                                0) == 0)
            list[kept++] = list[i];
        else if (errno != ENOENT)
            rc = -1;
    }
    n = kept;
    p->chapters = list;
    p->nchapters = n;
    return rc;
}

/* The chapters listed so far, by path (a list of thousands stays linear). */
typedef struct listed {
    uint64_t hash; /* first, for htab */
    const char *path;
} listed;

static int same_path(const void *entry, const void *key)
{
    return strcmp(((const listed *)entry)->path, key) == 0;
}

static uint64_t hash_path(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* Adds rel (written as `as_written` at file:line:col) to the chapters, unless it is missing or
 * listed already (seen: the paths listed). Returns its index, -1 when it was not added, or -2
 * when it is missing (an error). */
static int add_chapter(arena *a, diag_ctx *d, project *p, htab *seen, const char *rel,
                       const char *file, int line, int col, const char *as_written)
{
    if (!rel) {
        diag_report(d, D_PATH_OUTSIDE, file, line, col, as_written);
        return -2;
    }
    /* the policy for inputs: a regular file inside the project, links resolved */
    if (project_check_input(d, p, a, rel, PROJECT_MAX_CHAPTER_BYTES, as_written, file, line, col) <
        0) {
        if (errno == ENOENT)
            diag_report(d, D_CHAPTER_MISSING, file, line, col, as_written);
        return -2;
    }
    size_t slot;
    uint64_t h = hash_path(rel);
    if (htab_find(seen, h, same_path, rel, &slot)) {
        diag_report(d, D_CHAPTER_DUPLICATE, file, line, col, as_written);
        return -1;
    }
    listed *l = ARENA_NEW(a, listed);
    l->hash = h;
    l->path = rel;
    htab_put(seen, slot, l);
    p->chapters[p->nchapters] = rel;
    return p->nchapters++;
}

/* The chapters book/SUMMARY.md lists, with their nesting and parts. */
static int summary_chapters(arena *a, diag_ctx *d, project *p, htab *seen, const char *file)
{
    char *text;
    size_t len;
    if (project_check_input(d, p, a, file, (size_t)4 << 20, file, file, 0, 0) < 0)
        return -1;
    if (file_read_max(a, project_path(a, p, file), 4 << 20, &text, &len) < 0) {
        diag_report(d, D_SYS_READ, file, 0, 0, file_strerror(errno));
        return -1;
    }
    summary_entry *e;
    int n, rc = 0;
    summary_parse(a, d, file, text, len, &e, &n);
    p->chapters = ARENA_NEWN(a, const char *, (size_t)n + 1);
    p->outline = ARENA_NEWN(a, project_outline, (size_t)n + 1);
    int *index = ARENA_NEWN(a, int, (size_t)n + 1); /* entry -> chapter, or -1 */
    const char *part = NULL;
    for (int i = 0; i < n; i++) {
        index[i] = -1;
        if (e[i].part)
            part = e[i].part;
        if (!e[i].path)
            continue; /* a draft */
        int k = add_chapter(a, d, p, seen, file_normalize(a, file_join(a, "book", e[i].path)), file,
                            e[i].line, e[i].col, e[i].path);
        if (k == -2)
            rc = -1;
        if (k < 0)
            continue;
        index[i] = k;
        project_outline *o = &p->outline[k];
        o->title = e[i].title;
        o->part = part;
        part = NULL;
        o->depth = e[i].depth;
        o->parent = -1;
        for (int up = e[i].parent; up >= 0 && o->parent < 0; up = e[up].parent)
            o->parent = index[up];
    }
    return rc;
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
    if (project_check_input(d, p, a, "book/book.yaml", CONFIG_MAX_BYTES, "book/book.yaml",
                            "book/book.yaml", 0, 0) < 0)
        return -1;
    if (config_load(a, d, yaml, "book/book.yaml", &p->cfg) < 0)
        rc = -1;
    config_finish(a, &p->cfg);
    const char *back = p->cfg.cover.back_text.value
                           ? file_normalize(a, file_join(a, "book", p->cfg.cover.back_text.value))
                           : NULL;

    const char *summary = NULL;
    htab seen = {NULL, 0, 0};
    if (p->cfg.chapters) {
        p->chapters = ARENA_NEWN(a, const char *, (size_t)p->cfg.nchapters + 1);
        for (int i = 0; i < p->cfg.nchapters; i++) {
            const config_str *c = &p->cfg.chapters[i];
            if (add_chapter(a, d, p, &seen, file_normalize(a, file_join(a, "book", c->value)),
                            p->cfg.file, c->line, c->col, c->value) == -2)
                rc = -1;
        }
    } else if (file_exists(project_path(a, p, "book/SUMMARY.md"))) {
        summary = "book/SUMMARY.md";
        if (summary_chapters(a, d, p, &seen, summary) < 0)
            rc = -1;
    } else if (scan_chapters(a, d, p, back) < 0) {
        rc = -1;
    }
    htab_clear(&seen);
    if (p->nchapters == 0 && rc == 0) {
        diag_report(d, D_NO_CHAPTERS, p->cfg.file, 0, 0);
        rc = -1;
    }
    p->sources = ARENA_NEWN(a, const char *, (size_t)p->nchapters + 3);
    p->sources[p->nsources++] = "book/book.yaml";
    if (summary)
        p->sources[p->nsources++] = summary;
    for (int i = 0; i < p->nchapters; i++)
        p->sources[p->nsources++] = p->chapters[i];
    return rc;
}
