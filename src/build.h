/* build.h: one build of a book project: sources -> document tree -> PDF and EPUB. */
#ifndef HANJI_BUILD_H
#define HANJI_BUILD_H

#include "diag.h"

enum { BUILD_PDF = 1, BUILD_EPUB = 2 };
#define BUILD_MAX_OUTPUTS 3 /* the kinds of output a build writes (build.c's list) */

typedef struct build_opts {
    const char *project; /* project folder */
    const char *outdir;  /* NULL: PROJECT/out */
    int formats;         /* BUILD_PDF | BUILD_EPUB */
    const char *dump;    /* NULL, "tree", "layout" or "xhtml": print that dump, write nothing */
    int print_profile;   /* --profile print */
    int verbose;         /* -v: phase timings on stderr */
    int progress;        /* show the phase and chapter on one line of stderr (a terminal) when
                            the build takes more than a second; cleared at the end */
    int no_highlight;    /* --no-highlight: code blocks stay plain */
} build_opts;

typedef struct build_result {
    int pages; /* PDF pages, or 0 */
    int errors, warnings;
    const char *outputs[BUILD_MAX_OUTPUTS]; /* paths written, in the order of build.c's list of
                                               outputs (static storage until the next build) */
    int noutputs;
    int chapters;        /* chapters in the book */
    int chapters_parsed; /* of which parsed by this build (the rest came from a session) */
    int paras;           /* in a session: paragraphs typeset */
    int paras_broken;    /* of which broken by this build (the rest came from the session) */
} build_result;

/* Runs one build. Returns the exit status: 0 built (warnings allowed), 1 errors in the input
 * (no output replaced). Diagnostics go to d. */
int build_run(const build_opts *o, diag_ctx *d, build_result *res);

/* A build session (hanji watch) keeps what did not change between builds (cache.h): a build in
 * a session writes byte-identical outputs to a fresh build_run of the same sources, faster. */
typedef struct build_session build_session;
/* Never fails (out of memory aborts). */
build_session *build_session_new(void);
/* Frees the session and its caches. NULL is allowed. */
void build_session_free(build_session *s);
/* Like build_run, reusing and refreshing the session's caches. s may be NULL (= build_run). */
int build_session_run(build_session *s, const build_opts *o, diag_ctx *d, build_result *res);

#endif
