/* build.h: one build of a book project: sources -> document tree -> PDF and EPUB. */
#ifndef HANJI_BUILD_H
#define HANJI_BUILD_H

#include "diag.h"

enum { BUILD_PDF = 1, BUILD_EPUB = 2 };

typedef struct build_opts {
    const char *project; /* project folder */
    const char *outdir;  /* NULL: PROJECT/out */
    int formats;         /* BUILD_PDF | BUILD_EPUB */
    const char *dump;    /* NULL, "tree" or "layout": print that dump to stdout, write nothing */
    int print_profile;   /* --profile print */
    int verbose;         /* -v: phase timings on stderr */
} build_opts;

typedef struct build_result {
    int pages;    /* PDF pages, or 0 */
    int errors, warnings;
    const char *outputs[2]; /* paths written (static storage until the next build) */
} build_result;

/* Runs one build. Returns the exit status: 0 built (warnings allowed), 1 errors in the input
 * (no output replaced). Diagnostics go to d. */
int build_run(const build_opts *o, diag_ctx *d, build_result *res);

#endif
