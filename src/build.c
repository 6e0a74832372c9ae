/* build.c: the pipeline (see build.h). Owns the build arena: everything a build makes lives in
 * it and is freed at the end. Reads the environment only here (SOURCE_DATE_EPOCH). Outputs are
 * produced in memory and written only when the whole build had no error, each atomically, so a
 * failed build leaves the previous PDF and EPUB untouched. */
#include "build.h"
#include "book.h"
#include "cache.h"
#include "cover.h"
#include "doc_dump.h"
#include "doc_pass.h"
#include "highlight.h"
#include "file.h"
#include "imgload.h"
#include "layout.h"
#include "md.h"
#include "mdbook.h"
#include "output.h"
#include "paracache.h"
#include "pagemap.h"
#include "present.h"
#include "project.h"
#include "sink.h"
#include "utf8.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct build_session {
    cache *cache;  /* parsed chapters, decoded images */
    pcache *paras; /* broken paragraphs */
};

build_session *build_session_new(void)
{
    build_session *s = calloc(1, sizeof(*s));
    if (!s)
        hj_oom();
    s->cache = cache_new();
    s->paras = pcache_new();
    return s;
}

void build_session_free(build_session *s)
{
    if (!s)
        return;
    cache_free(s->cache);
    pcache_free(s->paras);
    free(s);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void phase(const build_opts *o, const char *name, double *t0)
{
    double t = now_seconds();
    if (o->verbose)
        fprintf(stderr, "hanji: %-8s %7.1f ms\n", name, (t - *t0) * 1000);
    *t0 = t;
}

/* Progress on a terminal: one line, rewritten in place, shown only once the build has taken
 * PROGRESS_AFTER seconds (quick builds print nothing of it), erased at the end. */
#define PROGRESS_AFTER 1.0

typedef struct progress {
    const build_opts *o;
    double start;
    int shown;
} progress;

static void progress_show(progress *pr, const char *what, const char *detail)
{
    if (!pr->o->progress || now_seconds() - pr->start < PROGRESS_AFTER)
        return;
    fprintf(stderr, "\r\033[Khanji: %s%s%s", what, detail ? " " : "", detail ? detail : "");
    fflush(stderr);
    pr->shown = 1;
}

static void layout_progress(void *ctx, const doc_node *chapter)
{
    progress_show(ctx, "typesetting", chapter->file);
}

static void progress_clear(progress *pr)
{
    if (pr->shown)
        fputs("\r\033[K", stderr);
    pr->shown = 0;
}

/* SOURCE_DATE_EPOCH when set (reproducible builds), else the newest source's mtime, so the
 * same unchanged sources give the same outputs. */
static long long modified_time(const project *p, arena *a, book *b)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (!errno && !*end && v >= 0 && v < 253402300800LL)
            return v;
    }
    long long newest = 0;
    for (int i = 0; i < p->nsources; i++) {
        long long m = file_mtime(project_path(a, p, p->sources[i]));
        if (m > newest)
            newest = m;
    }
    for (int i = 0; i < b->nimages; i++) {
        long long m = file_mtime(project_path(a, p, b->images[i]->path));
        if (m > newest)
            newest = m;
    }
    return newest;
}

/* What identifies a font set for the paragraph cache: each face's file, PostScript name and
 * file stamps (a font replaced on disk gives another key); and the book's hyphenation
 * exceptions, which change lines as much. */
static const char *fonts_key(arena *a, const font_set *fs, const config *c)
{
    buf k = BUF_INIT;
    for (int i = 0; i < c->nhyph_exceptions; i++)
        buf_printf(&k, "hyphenation %s\n", c->hyph_exceptions[i]);
    for (int i = 0; i < font_face_count(fs); i++) {
        const char *path = font_face_path(fs, i);
        struct stat st;
        memset(&st, 0, sizeof(st));
        if (path)
            stat(path, &st);
        char *one =
            arena_printf(a, "%s|%s|%lld|%lld|%lld.%09ld|%lld.%09ld\n", path ? path : "",
                         font_face_name(fs, i) ? font_face_name(fs, i) : "", (long long)st.st_size,
                         (long long)st.st_ino, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                         (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
        buf_put(&k, one, strlen(one));
    }
    char *key = arena_strndup(a, k.data ? k.data : "", k.len);
    buf_free(&k);
    return key;
}

/* font_locate_fn for the missing-glyph warning: the first cp at or after a doc node's place in
 * its source file (the first time the book shows a character is its first occurrence in the
 * node's text, and text maps onto the source in order, escapes and entities aside). The last
 * file read is kept for the next character. */
typedef struct locate_ctx {
    const project *p;
    arena a;
    const char *file; /* the one in text, or NULL */
    char *text;
    size_t len;
} locate_ctx;

static int locate_char(void *ud, const char *file, int *line, int *col, uint32_t cp)
{
    locate_ctx *lc = ud;
    if (*line < 1)
        return -1;
    if (!lc->file || strcmp(lc->file, file) != 0) {
        arena_reset(&lc->a);
        lc->file = NULL;
        if (file_read_max(&lc->a, project_path(&lc->a, lc->p, file), PROJECT_MAX_CHAPTER_BYTES,
                          &lc->text, &lc->len) < 0)
            return -1;
        lc->file = file;
    }
    const char *t = lc->text;
    size_t n = lc->len, i = 0;
    int l = 1;
    while (l < *line && i < n)
        if (t[i++] == '\n')
            l++;
    if (l < *line)
        return -1;
    char enc[4];
    size_t el = utf8_encode(cp, enc);
    size_t start = i; /* of the line */
    for (size_t k = i + (*col > 1 ? (size_t)(*col - 1) : 0); k + el <= n; k++) {
        if (t[k] == '\n') {
            l++;
            start = k + 1;
        } else if (memcmp(t + k, enc, el) == 0) {
            *line = l;
            *col = 1 + (int)utf8_count(t + start, k - start);
            return 0;
        }
    }
    return -1;
}

/* The print cover (cover.h) of an interior of pages pages, into out; its layout has an arena
 * of its own. Problems are reported to b->diag. */
static void build_cover(const book *b, font_set *fs, int pages, sink *out)
{
    arena ca;
    arena_init(&ca);
    lay_doc *cl = cover_layout(b, fs, pages, &ca);
    pdf_doc *doc = b->diag->errors ? NULL : pdf_draw(b, cl);
    if (doc && pdf_save_sink(doc, out) < 0 && b->diag->errors == 0)
        diag_report(b->diag, D_SYS_LIB, NULL, 0, 0, "the cover PDF could not be written");
    arena_free(&ca);
}

/* How many threads a build may use: HANJI_THREADS (1 gives a build on one thread, for tests
 * that compare; the outputs are the same), else 2. */
static int build_threads(void)
{
    const char *t = getenv("HANJI_THREADS");
    return t && *t && atoi(t) == 1 ? 1 : 2;
}

/* The EPUB written on a second thread while the PDF is drawn and saved (issue 16). The thread
 * has a copy of the book with an arena and held-back messages of its own; everything else it
 * reads (the tree, the images, the page map, the configuration) nobody writes meanwhile. Its
 * messages come after the PDF's, as when the EPUB is written after it, and are dropped when
 * the PDF failed (the build would not have got to the EPUB). */
typedef struct epub_job {
    book b;
    arena a;
    diag_hold held;
    sink *out;
    int rc;
    pthread_t thread;
} epub_job;

static void *epub_thread(void *arg)
{
    epub_job *j = arg;
    j->rc = epub_write_sink(&j->b, j->out);
    return NULL;
}

/* Starts the EPUB of b on a thread; 0, or -1 when no thread could be had. */
static int epub_start(epub_job *j, const book *b, sink *out)
{
    j->b = *b;
    arena_init(&j->a);
    j->b.arena = &j->a;
    diag_hold_begin(&j->held, b->diag);
    j->b.diag = &j->held.d;
    j->out = out;
    j->rc = -1;
    if (pthread_create(&j->thread, NULL, epub_thread, j) == 0)
        return 0;
    diag_held late;
    diag_hold_end(&j->held, &late);
    diag_held_free(&late);
    arena_free(&j->a);
    return -1;
}

/* Waits for the EPUB's thread and reports as the EPUB written here would have. */
static void epub_join(epub_job *j, diag_ctx *d)
{
    pthread_join(j->thread, NULL);
    diag_held late;
    diag_hold_end(&j->held, &late);
    if (d->errors == 0) {
        diag_held_replay(d, &late);
        if (j->rc < 0 && d->errors == 0)
            diag_report(d, D_SYS_LIB, NULL, 0, 0, "the EPUB could not be written");
    }
    diag_held_free(&late);
    arena_free(&j->a);
}

/* What SUMMARY.md says of the chapters (chs: the parsed chapters by project index, NULL when
 * unread): titles, parts, unnumbered chapters, nesting; a nested chapter that has no level-1
 * heading (mdBook's pages that start with "## ...") joins its parent as its sections. */
static void apply_outline(arena *a, const project *p, doc_node **chs)
{
    doc_node **home = ARENA_NEWN(a, doc_node *, (size_t)p->nchapters + 1);
    for (int i = 0; i < p->nchapters; i++) {
        doc_node *ch = chs[i];
        const project_outline *o = &p->outline[i];
        home[i] = ch;
        if (!ch)
            continue;
        ch->plain = o->title;
        ch->info = o->part;
        ch->level = o->depth;
        if (o->depth == 0)
            ch->flags |= DOC_F_UNNUMBERED;
        int titled = 0;
        for (const doc_node *c = ch->first; c && !titled; c = c->next)
            titled = c->kind == DOC_HEADING && c->level == 1;
        if (!titled && o->parent >= 0 && home[o->parent]) {
            home[i] = home[o->parent];
            doc_merge_chapter(home[i], ch);
        }
    }
}

/* Writes a dump to standard output; a full disk or a closed pipe is an error, not a dump
 * silently cut short. */
static int dump_out(const buf *dump, diag_ctx *d)
{
    if (fwrite(dump->data, 1, dump->len, stdout) == dump->len && fflush(stdout) == 0)
        return 0;
    diag_report(d, D_SYS_WRITE, NULL, 0, 0, "standard output", strerror(errno));
    return -1;
}

int build_run(const build_opts *o, diag_ctx *d, build_result *res)
{
    return build_session_run(NULL, o, d, res);
}

/* The book's faces, with installed ones added for characters they all lack (font_set_cover). */
static font_set *book_fonts(const book *b, diag_ctx *d, const project *p, const build_opts *o)
{
    font_set *fs = font_set_load(b->arena, d, &p->cfg, o->project);
    if (fs) {
        const uint32_t *cps = NULL;
        int n = present_chars(b->present, b->doc, &cps);
        font_set_cover(fs, cps, n, p->cfg.lang, o->verbose ? stderr : NULL);
    }
    return fs;
}

/* The outputs a build can write, in the order they are staged and then replaced; each writer
 * fills its output's buffer (out[OUT_*]). The print cover is written only when its writer
 * made one (--profile print and a cover: block). */
enum { OUT_EPUB, OUT_PDF, OUT_COVER, OUT_COUNT };
static const struct {
    int format;         /* BUILD_* */
    const char *suffix; /* after the output name */
    int optional;       /* written only when its buffer was filled */
} outputs[OUT_COUNT] = {[OUT_EPUB] = {BUILD_EPUB, ".epub", 0},
                        [OUT_PDF] = {BUILD_PDF, ".pdf", 0},
                        [OUT_COVER] = {BUILD_PDF, "-cover.pdf", 1}};
_Static_assert(OUT_COUNT <= BUILD_MAX_OUTPUTS, "build_result.outputs holds every output");

int build_session_run(build_session *s, const build_opts *o, diag_ctx *d, build_result *res)
{
    static char written[BUILD_MAX_OUTPUTS][4096];
    /* one malloc arena for every thread: the setting thread's memory is freed by the pages
       (paracache.c) and what one thread frees another reuses, where an arena per thread held
       the Handbook's peak about 7 MB higher (issue 16) */
    if (build_threads() > 1)
        mallopt(M_ARENA_MAX, 1);
    double t0 = now_seconds();
    progress pr = {o, t0, 0};
    cache *c = s ? s->cache : NULL;
    int loaded = 0; /* chapters and images loaded: the caches know what this build uses */
    arena a, la;    /* the build's arena; the layout's, freed once the PDF is written */
    arena_init(&a);
    arena_init(&la);
    imgload *il = NULL;  /* images decoding in the background, until imgload_finish */
    pcache *setc = NULL; /* the paragraphs set ahead on a second thread (layout_preset.c),
                            for the layout's time */
    epub_job ej;         /* the EPUB on a thread of its own, while epub_running */
    int epub_running = 0;
    diag_hold held; /* while they do: what setting the text reports */
    memset(&held, 0, sizeof held);
    memset(res, 0, sizeof(*res));
    int status = 1;
    /* the outputs: the PDF and the EPUB in temporary files as they are written (a book's
       images need not stay in memory), the small print cover in memory */
    sink out[OUT_COUNT];
    for (int k = 0; k < OUT_COUNT; k++)
        sink_init(&out[k], k != OUT_COVER && (o->formats & outputs[k].format) && !o->dump);
    buf dump = BUF_INIT;
    font_set *fonts = NULL;
    project p;
    book b;
    memset(&b, 0, sizeof(b));

    if (project_load(&a, d, o->project, &p) < 0 && p.nchapters == 0)
        goto done;
    b.arena = &a;
    b.diag = d;
    b.cfg = &p.cfg;
    b.root = o->project;
    memo session_memo = c ? cache_memo(c) : (memo){0};
    b.memo = c ? &session_memo : NULL;
    b.doc = doc_new(&a, DOC_BOOK, NULL, 0, 0);

    res->chapters = p.nchapters;
    md_opts mo = {{NULL}}; /* the book's language's choices in the parse (none for English) */
    const md_opts *mop = present_quotes(p.cfg.lang, mo.quotes) ? &mo : NULL;
    doc_node **chs = ARENA_NEWN(&a, doc_node *, (size_t)p.nchapters + 1);
    for (int i = 0; i < p.nchapters; i++) {
        char *text;
        size_t len;
        progress_show(&pr, "reading", p.chapters[i]);
        if (file_read_max(&a, project_path(&a, &p, p.chapters[i]), PROJECT_MAX_CHAPTER_BYTES, &text,
                          &len) < 0) {
            diag_report(d, D_SYS_READ, p.chapters[i], 0, 0, file_strerror(errno));
            continue;
        }
        md_origin *map; /* mdBook's includes: where the lines came from */
        int nmap;
        text = mdbook_expand(&a, d, o->project, p.chapters[i], text, len, &len, &map, &nmap);
        if (c) {
            int before = cache_get_stats(c).chapter_misses;
            chs[i] = cache_chapter_full(c, &a, d, p.chapters[i], text, len, map, nmap, mop);
            res->chapters_parsed += cache_get_stats(c).chapter_misses - before;
        } else {
            chs[i] = md_parse(&a, d, p.chapters[i], text, len, map, nmap, mop);
            res->chapters_parsed++;
        }
        doc_append(b.doc, chs[i]);
    }
    if (p.outline)
        apply_outline(&a, &p, chs);
    {
        /* a style sheet is a few kilobytes; one over the limit is left out, with a warning */
        const size_t css_max = (size_t)4 << 20;
        char *css = project_path(&a, &p, "book/style.css");
        char *data;
        size_t len;
        if (file_exists(css) &&
            project_check_input(d, &p, &a, "book/style.css", SIZE_MAX, "book/style.css",
                                "book/style.css", 0, 0) == 0) {
            if (file_read_max(&a, css, css_max, &data, &len) == 0) {
                b.style_css = data;
                b.style_css_len = len;
            } else {
                diag_report(d, errno == EFBIG ? D_CSS_TOO_BIG : D_SYS_READ, "book/style.css", 0, 0,
                            errno == EFBIG ? "4 MB" : file_strerror(errno));
            }
        }
    }
    phase(o, "parse", &t0);
    docpass_run(&a, d, b.doc);
    char msg[256];
    if (doc_check(b.doc, msg, sizeof(msg)) < 0) {
        fprintf(stderr, "hanji: internal error: document tree: %s\n", msg);
        goto done;
    }
    if (o->dump && strcmp(o->dump, "tree") == 0) {
        docdump_write(b.doc, &dump);
        status = d->errors ? 1 : 0;
        if (dump_out(&dump, d) < 0)
            status = 1;
        goto done;
    }
    if (!o->no_highlight)
        hl_book(&a, b.doc, o->verbose ? stderr : NULL);
    b.present = present_make(&a, &p.cfg, b.doc);
    progress_show(&pr, "loading images", NULL);
    il = imgload_start(&b, c, &p, build_threads());
    loaded = 1;
    b.modified = modified_time(&p, &a, &b);
    phase(o, "images", &t0);

    int want_layout = o->dump ? strcmp(o->dump, "layout") == 0 : (o->formats & BUILD_PDF) != 0;
    lay_doc *ld = NULL;
    if (!want_layout || d->errors || !imgload_pending(il)) {
        imgload_finish(il);
        il = NULL;
    }
    if (o->dump && strcmp(o->dump, "xhtml") == 0) {
        /* the chapters as the EPUB holds them, without the PDF (its images loaded) */
        if (d->errors == 0) {
            epub_dump_xhtml(&b, &dump);
        }
        status = d->errors ? 1 : 0;
        if (d->errors == 0 && dump_out(&dump, d) < 0)
            status = 1;
        goto done;
    }
    /* while the images decode in the background (imgload.h), the text is set and what that
       reports is held back: it comes after the images' messages, or not at all when an image
       fails (the build stops there, as if it had never got to the text) */
    if (il)
        diag_hold_begin(&held, d);
    diag_ctx *td = il ? &held.d : d;
    b.diag = td;
    if (want_layout && d->errors == 0) {
        progress_show(&pr, "typesetting", NULL);
        fonts = book_fonts(&b, td, &p, o);
        if (fonts) {
            page_opts po = {o->print_profile, NULL, layout_progress, &pr, &la, 0};
            if (s) {
                pcache_begin(s->paras, fonts_key(&a, fonts, &p.cfg));
                po.para_cache = s->paras;
            } else if (build_threads() > 1) {
                /* not in a watch session: its cache is filled by the pages themselves */
                setc = pcache_new();
                po.para_cache = setc;
                po.threads = 2;
            }
            ld = page_layout_book(&b, b.present, fonts, &po);
            pcache_free(setc); /* the lines it lent are in la */
            setc = NULL;
            if (s) {
                pcache_stats ps = pcache_get_stats(s->paras);
                res->paras = ps.hits + ps.misses;
                res->paras_broken = ps.misses;
                pcache_sweep(s->paras);
            }
            locate_ctx lc = {&p, {0}, NULL, NULL, 0};
            arena_init(&lc.a);
            font_report_missing(fonts, td, locate_char, &lc);
            arena_free(&lc.a);
        }
        if (il) {
            b.diag = d;
            imgload_finish(il);
            il = NULL;
            diag_held late;
            diag_hold_end(&held, &late);
            if (d->errors == 0)
                diag_held_replay(d, &late);
            else
                ld = NULL;
            diag_held_free(&late);
        }
        phase(o, "layout", &t0);
        if (ld && o->dump) {
            laydump_write(ld, &dump);
            status = d->errors ? 1 : 0;
            if (dump_out(&dump, d) < 0)
                status = 1;
            goto done;
        }
        if (ld && (o->formats & BUILD_EPUB))
            b.pages = ld->map; /* the EPUB's page-list: the map is in the build arena */
        /* the EPUB beside the PDF, on the second core: not in a watch session (its memo is
           shared) nor with the book's faces embedded (the PDF subsets them meanwhile) */
        if (ld && (o->formats & BUILD_EPUB) && (o->formats & BUILD_PDF) && !b.memo &&
            !p.cfg.epub_fonts && d->errors == 0 && build_threads() > 1 &&
            epub_start(&ej, &b, &out[OUT_EPUB]) == 0)
            epub_running = 1;
        if (ld && (o->formats & BUILD_PDF)) {
            progress_show(&pr, "writing the PDF", NULL);
            res->pages = ld->npages;
            pdf_doc *doc = pdf_draw(&b, ld);
            /* the pages are drawn: their layout goes before the document is saved and the
               EPUB made */
            arena_free(&la);
            arena_init(&la);
            ld = NULL;
            if ((!doc || pdf_save_sink(doc, &out[OUT_PDF]) < 0) && d->errors == 0)
                diag_report(d, D_SYS_LIB, NULL, 0, 0, "the PDF could not be written");
            /* print: the cover, whose spine follows the final page count */
            if (o->print_profile && p.cfg.cover.on && d->errors == 0)
                build_cover(&b, fonts, res->pages, &out[OUT_COVER]);
        } else if (!ld && d->errors == 0) {
            diag_report(d, D_SYS_LIB, NULL, 0, 0, "the book could not be typeset");
        }
        phase(o, "pdf", &t0);
    }
    if (epub_running) {
        epub_running = 0;
        epub_join(&ej, d);
        phase(o, "epub", &t0);
    } else if ((o->formats & BUILD_EPUB) && d->errors == 0) {
        if (p.cfg.epub_fonts) {
            /* the EPUB embeds the book's faces: load them when the PDF did not */
            if (!fonts)
                fonts = book_fonts(&b, d, &p, o);
            b.fonts = fonts;
        }
        progress_show(&pr, "writing the EPUB", NULL);
        if (epub_write_sink(&b, &out[OUT_EPUB]) < 0 && d->errors == 0)
            diag_report(d, D_SYS_LIB, NULL, 0, 0, "the EPUB could not be written");
        phase(o, "epub", &t0);
    }
    if (d->errors)
        goto done;

    /* everything is in memory and good: now replace the outputs */
    const char *outdir = o->outdir ? o->outdir : project_path(&a, &p, "out");
    if (file_mkdirs(outdir) < 0) {
        diag_report(d, D_SYS_MKDIR, NULL, 0, 0, outdir, strerror(errno));
        goto done;
    }
    /* -o is the user's word; the default out/ is the project's, which must not send the
       outputs elsewhere through a symbolic link (SECURITY.md) */
    if (!o->outdir && file_inside(o->project, outdir) != 1) {
        diag_report(d, D_LINK_OUTSIDE, NULL, 0, 0, "out");
        goto done;
    }
    /* stage every output before replacing any, so that a full disk or a failed write leaves
       all previous outputs in place */
    int which[OUT_COUNT] = {0}, nout = 0; /* the outputs asked for, in the list's order */
    for (int k = 0; k < OUT_COUNT; k++)
        if ((o->formats & outputs[k].format) && (!outputs[k].optional || out[k].total))
            which[nout++] = k;
    file_staged staged[BUILD_MAX_OUTPUTS];
    for (int i = 0; i < nout; i++) {
        sink *data = &out[which[i]];
        snprintf(written[i], sizeof(written[0]), "%s/%s%s", outdir, p.cfg.output_name,
                 outputs[which[i]].suffix);
        sink_flush(data);
        if ((data->fd >= 0
                 ? file_stage_fd(&staged[i], written[i], data->fd, data->total)
                 : file_stage(&staged[i], written[i], data->mem.data, data->mem.len)) < 0) {
            diag_report(d, D_SYS_WRITE, NULL, 0, 0, written[i], strerror(errno));
            while (i-- > 0)
                file_discard(&staged[i]);
            goto done;
        }
    }
    for (int i = 0; i < nout; i++) {
        if (file_commit(&staged[i]) < 0) {
            diag_report(d, D_SYS_WRITE, NULL, 0, 0, written[i], strerror(errno));
            for (int j = 0; j < i; j++) /* say exactly what this build did replace */
                diag_report(d, D_SYS_REPLACED, NULL, 0, 0, written[j]);
            while (++i < nout)
                file_discard(&staged[i]);
            goto done;
        }
        res->outputs[res->noutputs++] = written[i];
    }
    phase(o, "write", &t0);
    status = 0;
done:
    progress_clear(&pr);
    if (epub_running) /* not reached while it runs, but never leave the thread behind */
        epub_join(&ej, d);
    if (il) { /* not reached with images still decoding, but never leave the thread behind */
        diag_held late;
        diag_hold_end(&held, &late);
        diag_held_free(&late);
        b.diag = d;
        imgload_finish(il);
    }
    if (c && loaded)
        cache_sweep(c);
    res->errors = d->errors;
    res->warnings = d->warnings;
    if (d->errors)
        status = 1;
    if (fonts)
        font_set_free(fonts);
    for (int i = 0; i < OUT_COUNT; i++)
        sink_free(&out[i]);
    buf_free(&dump);
    arena_free(&la);
    pcache_free(setc);
    arena_free(&a);
    return status;
}
