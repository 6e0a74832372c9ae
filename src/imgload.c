/* imgload.c: finding and loading the book's images (see imgload.h).
 *
 * In order: the cover, then every figure and image node of the tree. Each path is loaded once;
 * every reference to a missing or bad image is reported at its own location.
 *
 * Two ways. In order, here (a session's cache decodes only what changed, and a reference that
 * fails makes the build stop anyway): exactly one image_load (or cache_image) per path. In the
 * background: when every image's header reads (image_probe), the probes go into the book at
 * once and a worker thread runs image_check on each in turn, into an arena and held-back
 * messages of its own (nothing it touches is touched by the caller, who takes the jobs left
 * when it gets to imgload_finish, into an arena of its own, and then joins it); then
 * the messages are replayed in the order of the references, a failed image's later references
 * are loaded again to be reported at their places, and each probe takes the full result. */
#include "imgload.h"
#include "file.h"
#include "flate.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct ref {
    doc_node *node; /* the figure or image node; NULL for the cover */
    const char *path, *url, *file;
    int line, col;
    int job;   /* the job loading its image */
    int first; /* the job's first reference: the job's messages are its */
} ref;

typedef struct job {
    image_info *probe; /* in b->images from the start: the layout reads its size */
    const char *disk;
    const ref *at;    /* the first reference */
    image_info *full; /* the worker's result, NULL when the image cannot be used */
    diag_held held;   /* what the worker reported */
} job;

struct imgload {
    book *b;
    const project *p;
    int cap; /* of b->images */
    ref *refs;
    int nrefs;
    job *jobs;
    int njobs;
    arena wa, ma;  /* the worker's memory, and the caller's when it helps at the end */
    diag_ctx like; /* how b->diag prints, copied for the worker */
    pthread_t thread;
    pthread_mutex_t lock; /* guards next */
    int next;             /* the next job not taken */
    int running;
};

static void add_image(imgload *il, image_info *img)
{
    book *b = il->b;
    if (b->nimages == il->cap) {
        int ncap = il->cap ? il->cap * 2 : 16;
        b->images = arena_realloc(b->arena, b->images, sizeof(*b->images) * (size_t)il->cap,
                                  sizeof(*b->images) * (size_t)ncap);
        il->cap = ncap;
    }
    b->images[b->nimages++] = img;
}

/* ---- in order ---------------------------------------------------------------------------- */

/* Loads one image for the book, once per path; every reference to a missing or bad image is
 * reported at its own location. */
static const image_info *use_image(imgload *il, cache *c, const ref *r)
{
    book *b = il->b;
    const image_info *have = book_image(b, r->path);
    if (have)
        return have;
    char *disk = project_path(b->arena, il->p, r->path);
    /* a regular file inside the project (links resolved; image.c has the size limit) */
    if (project_check_input(b->diag, il->p, b->arena, r->path, SIZE_MAX, r->url, r->file, r->line,
                            r->col) < 0) {
        if (errno == ENOENT)
            diag_report(b->diag, D_IMAGE_NOT_FOUND, r->file, r->line, r->col, r->url);
        return NULL;
    }
    image_info *img =
        c ? (image_info *)cache_image(c, b->diag, disk, r->path, r->file, r->line, r->col)
          : image_load(b->arena, b->diag, disk, r->path, r->file, r->line, r->col);
    if (img)
        add_image(il, img);
    return img;
}

static void load_in_order(imgload *il, cache *c)
{
    for (int i = 0; i < il->nrefs; i++) {
        const ref *r = &il->refs[i];
        const image_info *img = use_image(il, c, r);
        if (!r->node)
            il->b->cover = img;
        else if (!img)
            r->node->path = NULL; /* the writers leave it out; the build fails anyway */
    }
}

/* ---- in the background ------------------------------------------------------------------- */

/* The next job nobody has taken, or -1. */
static int take_job(imgload *il)
{
    pthread_mutex_lock(&il->lock);
    int k = il->next < il->njobs ? il->next++ : -1;
    pthread_mutex_unlock(&il->lock);
    return k;
}

/* Deflates w x h pixels of comps samples into a, as the PDF's FlateDecode stream with PNG's
 * predictors (flate_deflate_rows); NULL when that fails. */
static const unsigned char *deflated(flate *z, arena *a, const unsigned char *p, unsigned w,
                                     unsigned h, int comps, size_t *zlen)
{
    buf out = BUF_INIT;
    const unsigned char *r = NULL;
    if (z && flate_deflate_rows(z, p, w, h, comps, &out) == 0) {
        unsigned char *copy = arena_alloc(a, out.len ? out.len : 1);
        memcpy(copy, out.data, out.len);
        *zlen = out.len;
        r = copy;
    }
    buf_free(&out);
    return r;
}

/* Decodes jobs until none is left, into a (private to the thread running this); decoded
 * samples the PDF needs are deflated here too, off the caller's path. Each image is decoded
 * into an arena of its own, of which only the record and the deflated samples are kept: the
 * decoded samples go as soon as they are deflated, so the memory held is that of the largest
 * image, not of them all (issue 16). */
static void run_jobs(imgload *il, arena *a)
{
    flate *z = NULL;
    for (int k; (k = take_job(il)) >= 0;) {
        job *j = &il->jobs[k];
        diag_hold h;
        diag_hold_begin(&h, &il->like);
        arena s; /* this image's decoding */
        arena_init(&s);
        image_info *im = image_check(&s, &h.d, j->probe, j->at->file, j->at->line, j->at->col);
        diag_hold_end(&h, &j->held);
        image_info *keep = NULL;
        if (im) {
            keep = ARENA_NEW(a, image_info);
            *keep = *im;
            keep->path = j->probe->path; /* the same name, in the book's arena */
            /* the file's bytes go with the scratch arena: the writers read them again
               (image_bytes), so the book never holds them all (issue 16) */
            keep->disk = j->probe->disk;
            keep->data = NULL;
            if (im->edata) { /* the EPUB's own bytes (a WebP's PNG, an SVG without its doctype) */
                unsigned char *e = arena_alloc(a, im->elen);
                memcpy(e, im->edata, im->elen);
                keep->edata = e;
            }
        }
        if (im && im->pixels) {
            if (!z)
                z = flate_new();
            size_t n = (size_t)im->width * im->height;
            int nc = im->components == 1 ? 1 : 3;
            size_t np = n * (size_t)nc;
            keep->zpixels =
                deflated(z, a, im->pixels, im->width, im->height, nc, &keep->zpixels_len);
            if (im->alpha)
                keep->zalpha =
                    deflated(z, a, im->alpha, im->width, im->height, 1, &keep->zalpha_len);
            /* the PDF needs the samples only when zlib failed here */
            if (keep->zpixels && (!im->alpha || keep->zalpha)) {
                keep->pixels = keep->alpha = NULL;
            } else {
                unsigned char *px = arena_alloc(a, np), *al = NULL;
                memcpy(px, im->pixels, np);
                if (im->alpha) {
                    al = arena_alloc(a, n);
                    memcpy(al, im->alpha, n);
                }
                keep->pixels = px;
                keep->alpha = al;
            }
        }
        arena_free(&s);
        j->full = keep;
    }
    flate_free(z);
}

static void *worker(void *arg)
{
    imgload *il = arg;
    run_jobs(il, &il->wa);
    return NULL;
}

/* Probes every path; 0 when all read, else -1 (nothing is kept in the book then). */
static int probe_all(imgload *il)
{
    book *b = il->b;
    il->jobs = ARENA_NEWN(b->arena, job, (size_t)il->nrefs + 1);
    for (int i = 0; i < il->nrefs; i++) {
        ref *r = &il->refs[i];
        r->job = -1;
        for (int k = 0; k < il->njobs && r->job < 0; k++)
            if (strcmp(il->jobs[k].probe->path, r->path) == 0)
                r->job = k;
        if (r->job >= 0)
            continue;
        char *disk = project_path(b->arena, il->p, r->path);
        image_info *probe = file_check_input(il->p->root, disk, SIZE_MAX) < 0
                                ? NULL /* reported when loaded in order */
                                : image_probe(b->arena, disk, r->path);
        if (!probe)
            return -1;
        r->job = il->njobs;
        r->first = 1;
        il->jobs[il->njobs++] = (job){probe, disk, r, NULL, {NULL, 0, 0, 0}};
    }
    return 0;
}

imgload *imgload_start(book *b, cache *c, const project *p, int threads)
{
    imgload *il = ARENA_NEW(b->arena, imgload);
    il->b = b;
    il->p = p;
    arena_init(&il->wa);
    arena_init(&il->ma);
    /* the references, in order */
    int cap = 16;
    il->refs = ARENA_NEWN(b->arena, ref, (size_t)cap);
    const config *cfg = b->cfg;
    if (cfg->cover_image.value) {
        char *path = file_normalize(b->arena, file_join(b->arena, "book", cfg->cover_image.value));
        if (!path)
            diag_report(b->diag, D_PATH_OUTSIDE, cfg->file, cfg->cover_image.line,
                        cfg->cover_image.col, cfg->cover_image.value);
        else
            il->refs[il->nrefs++] = (ref){NULL,
                                          path,
                                          cfg->cover_image.value,
                                          cfg->file,
                                          cfg->cover_image.line,
                                          cfg->cover_image.col,
                                          -1,
                                          0};
    }
    doc_iter it;
    doc_iter_init(&it, b->doc);
    while (doc_iter_next(&it)) {
        doc_node *n = it.node;
        if (!it.entering || (n->kind != DOC_FIGURE && n->kind != DOC_IMAGE) || !n->path)
            continue;
        if (il->nrefs == cap) {
            il->refs = arena_realloc(b->arena, il->refs, sizeof(ref) * (size_t)cap,
                                     sizeof(ref) * (size_t)cap * 2);
            cap *= 2;
        }
        il->refs[il->nrefs++] = (ref){n, n->path, n->url, n->file, n->line, n->col, -1, 0};
    }
    if (c || il->nrefs == 0 || probe_all(il) < 0) {
        il->njobs = 0;
        load_in_order(il, c);
        return il;
    }
    /* every header reads: the probes stand in the book while the worker decodes */
    for (int k = 0; k < il->njobs; k++)
        add_image(il, il->jobs[k].probe);
    for (int i = 0; i < il->nrefs; i++)
        if (!il->refs[i].node)
            b->cover = il->jobs[il->refs[i].job].probe;
    il->like = *b->diag;
    pthread_mutex_init(&il->lock, NULL);
    il->running = threads > 1 && pthread_create(&il->thread, NULL, worker, il) == 0;
    if (!il->running)
        run_jobs(il, &il->ma); /* one thread (or none to be had): decode here */
    return il;
}

int imgload_pending(const imgload *il)
{
    return il && il->njobs > 0;
}

void imgload_finish(imgload *il)
{
    if (!il)
        return;
    book *b = il->b;
    if (il->running) {
        run_jobs(il, &il->ma); /* help with what is left */
        pthread_join(il->thread, NULL);
    }
    if (il->njobs > 0)
        pthread_mutex_destroy(&il->lock);
    il->running = 0;
    for (int i = 0; i < il->nrefs && il->njobs > 0; i++) {
        const ref *r = &il->refs[i];
        job *j = &il->jobs[r->job];
        if (r->first) {
            diag_held_replay(b->diag, &j->held);
            diag_held_free(&j->held);
            if (j->full && (j->full->width != j->probe->width ||
                            j->full->height != j->probe->height || j->full->dpi != j->probe->dpi)) {
                diag_report(b->diag, D_IMAGE_BAD, r->file, r->line, r->col, r->path,
                            "its header reads two ways");
                j->full = NULL;
            }
            if (j->full)
                *j->probe = *j->full; /* the record the book holds, completed */
        } else if (!j->full) {
            /* loaded in order, this reference would have tried again and been reported */
            image_load(b->arena, b->diag, j->disk, r->path, r->file, r->line, r->col);
        }
        if (!j->full && r->node)
            r->node->path = NULL;
    }
    arena_adopt(b->arena, &il->wa);
    arena_adopt(b->arena, &il->ma);
}
