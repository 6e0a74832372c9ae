/* layout_preset.c: the chapters' paragraphs set on a second thread (issue 16).
 *
 * A chapter's lines depend on what comes before it only through the page count and parity
 * (and the pages that cross-references quote, which a later pass settles): its paragraphs'
 * shaping, hyphenation and line breaking do not. So while the pages are made in order on the
 * calling thread, a worker sets the chapters from the last one backwards: it builds each
 * chapter's vertical list as the pages would (blk_blocks, the footnotes) in a context of its
 * own and throws the boxes away, keeping only what para_layout stores in the build's paragraph
 * cache (paracache.h). The pages then find those paragraphs there: a cache hit gives back
 * exactly what para_layout would have returned and marks the same glyphs used, so the outputs
 * are the same as on one thread.
 *
 * The two meet in the middle: the pages claim each chapter before setting it (preset_claim),
 * the worker stops at the first chapter the pages have claimed, and a chapter the worker is
 * setting is waited for (its footnotes keep their boxes in node->user meanwhile).
 *
 * What the worker shares and how: the font set through a fork (font_set_fork: HarfBuzz fonts
 * shared, caches and used-glyph sets its own, so nothing it shapes reaches the PDF's subsets);
 * the paragraph cache and its hyphenation patterns under the cache's lock; the book, the
 * present words and the configuration through copies whose arena (and the messages' context)
 * are its own. Its messages are counted and dropped: a paragraph that reported anything is
 * never stored, so the pages set it again and report it where one thread would. The document
 * tree, images and patterns are only read. */
#include "layout_int.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

struct preset {
    lctx lc;        /* the worker's context */
    book b;         /* the book, with the worker's arena and messages */
    present pr;     /* the words, allocating in the worker's arena */
    arena a;        /* per chapter: reset after each */
    arena lines;    /* the lines set (lent to the cache), adopted by the pages' arena */
    arena *dst;     /* the pages' arena */
    arena keep;     /* for the setting: the language, the page map */
    diag_ctx d;     /* counts only */
    doc_node **chs; /* the chapters, in order */
    int nchs;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t done; /* the worker left a chapter */
    int claimed;         /* chapters [0, claimed) are the pages' (under lock) */
    int busy;            /* the chapter the worker sets, -1 none (under lock) */
    int stop;            /* the worker stops before its next chapter (under lock) */
};

/* A chapter's vertical list built as layout_page.c's chapter() builds it, boxes thrown away. */
static void set_chapter(lctx *lc, doc_node *ch)
{
    const doc_node *title = present_title_heading(ch), *notes = NULL;
    for (const doc_node *c = ch->first; c; c = c->next)
        if (c->kind == DOC_NOTES)
            notes = c;
    lc->size = lc->bsize;
    lc->lead = lc->blead;
    fn_chapter(lc, notes);
    lc->size = lc->bsize;
    lc->lead = lc->blead;
    lc->chapter_title = present_chapter_title(ch);
    vl_reset(lc);
    lc->skip = title;
    blk_blocks(lc, ch->first, 0, lc->tw, 0);
    lc->skip = NULL;
    if (notes)
        for (doc_node *fn = notes->first; fn; fn = fn->next)
            fn->user = NULL;
    lc->n = 0;
    arena_reset(&lc->scr);
}

static void *preset_thread(void *arg)
{
    preset *ps = arg;
    for (int i = ps->nchs - 1; i >= 0; i--) {
        pthread_mutex_lock(&ps->lock);
        int go = !ps->stop && i >= ps->claimed;
        if (go)
            ps->busy = i;
        pthread_mutex_unlock(&ps->lock);
        if (!go)
            break;
        set_chapter(&ps->lc, ps->chs[i]);
        arena_reset(&ps->a);
        pthread_mutex_lock(&ps->lock);
        ps->busy = -1;
        pthread_cond_broadcast(&ps->done);
        pthread_mutex_unlock(&ps->lock);
    }
    return NULL;
}

preset *preset_start(const lctx *lc)
{
    const page_opts *o = lc->opts;
    if (!o || o->threads < 2 || !o->para_cache)
        return NULL;
    int nchs = 0;
    for (doc_node *n = lc->b->doc->first; n; n = n->next)
        nchs += n->kind == DOC_CHAPTER;
    if (nchs < 2)
        return NULL;
    preset *ps = calloc(1, sizeof(*ps));
    if (!ps)
        hj_oom();
    arena_init(&ps->a);
    arena_init(&ps->lines);
    arena_init(&ps->keep);
    ps->dst = lc->a;
    diag_init(&ps->d, NULL);
    ps->chs = ARENA_NEWN(&ps->keep, doc_node *, (size_t)nchs);
    for (doc_node *n = lc->b->doc->first; n; n = n->next)
        if (n->kind == DOC_CHAPTER)
            ps->chs[ps->nchs++] = n;
    ps->b = *lc->b;
    ps->b.arena = &ps->a;
    ps->b.diag = &ps->d;
    ps->pr = *lc->pr;
    ps->pr.a = &ps->a;
    lctx *w = &ps->lc;
    *w = *lc; /* the geometry and sizes */
    w->b = &ps->b;
    w->pr = &ps->pr;
    w->a = &ps->a;
    w->lines = &ps->lines;
    memset(&w->scr, 0, sizeof(w->scr));
    arena_init(&w->scr);
    w->map = pagemap_new(&ps->keep, lc->b->doc->number);
    w->quiet = 1; /* (prev, pass and page_base as the pages': the same cross-references) */
    w->opts = NULL;
    w->pb = NULL;
    w->vb = NULL;
    w->n = w->cap = 0;
    w->prefix = NULL;
    w->nprefix = 0;
    page_reset(w);
    w->fs = font_set_fork(lc->fs);
    const config *c = lc->cfg;
    w->pc = para_ctx_new(&ps->keep, &ps->d, w->fs, c->lang ? c->lang : "en");
    para_ctx_set_cache(w->pc, o->para_cache);
    para_ctx_set_cache_mode(w->pc, PARA_CACHE_LEND);
    para_ctx_set_exceptions(w->pc, c->hyph_exceptions, c->nhyph_exceptions);
    pthread_mutex_init(&ps->lock, NULL);
    pthread_cond_init(&ps->done, NULL);
    ps->busy = -1;
    if (pthread_create(&ps->thread, NULL, preset_thread, ps) != 0) {
        ps->nchs = 0; /* nothing to join: free it all */
        preset_finish(ps);
        return NULL;
    }
    return ps;
}

void preset_claim(preset *ps, int chapter)
{
    if (!ps)
        return;
    pthread_mutex_lock(&ps->lock);
    if (chapter + 1 > ps->claimed)
        ps->claimed = chapter + 1;
    while (ps->busy >= 0 && ps->busy <= chapter)
        pthread_cond_wait(&ps->done, &ps->lock);
    pthread_mutex_unlock(&ps->lock);
}

void preset_finish(preset *ps)
{
    if (!ps)
        return;
    if (ps->nchs > 0) {
        pthread_mutex_lock(&ps->lock);
        ps->stop = 1;
        pthread_mutex_unlock(&ps->lock);
        pthread_join(ps->thread, NULL);
    }
    pthread_mutex_destroy(&ps->lock);
    pthread_cond_destroy(&ps->done);
    para_ctx_free(ps->lc.pc);
    font_set_free(ps->lc.fs);
    free(ps->lc.pb);
    free(ps->lc.vb);
    arena_free(&ps->lc.scr);
    arena_free(&ps->a);
    arena_adopt(ps->dst, &ps->lines); /* lines the pages took, or lent and never asked for */
    arena_free(&ps->keep);
    free(ps);
    malloc_trim(0);
}
