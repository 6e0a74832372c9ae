/* project.h: a book project on disk: PROJECT/book/book.yaml, chapters PROJECT/book/NAME.md,
 * images under PROJECT/images, fonts under PROJECT/fonts. Finds and orders the chapters. */
#ifndef HANJI_PROJECT_H
#define HANJI_PROJECT_H

#include "config.h"

/* Where a chapter sits in mdBook's SUMMARY.md. */
typedef struct project_outline {
    const char *title; /* its title there, or NULL */
    const char *part;  /* the title of the part it opens, or NULL */
    int depth;         /* 0: unnumbered (a prefix or suffix chapter); 1: listed; 2, 3...: nested */
    int parent;        /* the index in chapters of the chapter it is nested in, or -1 */
} project_outline;

/* The largest chapter read: a 1,000-page novel is about 2 MB of Markdown; the limit keeps a
 * chapter that is not really one (a log, a disk image) from taking the memory of its parse. */
#define PROJECT_MAX_CHAPTER_BYTES ((size_t)64 << 20)

typedef struct project {
    const char *root; /* as given ("." by default) */
    config cfg;
    const char **chapters; /* project-relative paths ("book/01-city.md"), in book order */
    int nchapters;
    project_outline *outline; /* per chapter; NULL unless the order came from book/SUMMARY.md */
    const char **sources;     /* every file the book is built from (for the modified time) */
    int nsources;
} project;

/* Reads book.yaml and resolves the chapter list: book.yaml's `chapters`, else book/SUMMARY.md
 * (mdBook's; drafts skipped), else every .md file in book/, sorted by name. Returns 0, or -1 when
 * the book cannot be built (reported to d; later problems may still be found by the caller). */
int project_load(arena *a, diag_ctx *d, const char *root, project *p);
/* Checks an input the project names (file_check_input: a regular file of at most max bytes,
 * inside the project once symbolic links are resolved). Returns 0, or -1 after reporting why
 * to d at (file, line, col), the place that named it; shown is the name as written there.
 * A missing file is not reported (its callers each have their own words): -1 with errno
 * ENOENT. */
int project_check_input(diag_ctx *d, const project *p, arena *a, const char *rel, size_t max,
                        const char *shown, const char *file, int line, int col);
/* The on-disk path of a project-relative path. */
char *project_path(arena *a, const project *p, const char *rel);

#endif
