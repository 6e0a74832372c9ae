/* cache.c: the content-keyed cache a watch session keeps between builds (see cache.h).
 *
 * Design: two small tables (chapters, images) of heap-allocated entries, searched linearly (a
 * book has tens of chapters and images, and a lookup is dwarfed by the work it saves). Each
 * entry owns one arena holding everything it caches. A chapter entry keeps the file's exact
 * bytes as its key (compared with memcmp, so there are no hash collisions to reason about), the
 * parsed tree exactly as md_parse_chapter left it, and the text of the diagnostics the parse
 * printed. Trees are handed out as deep copies because the document passes rewrite the tree
 * they are given (ids, numbering, footnotes moved, links resolved). Derived bytes (hundreds of
 * entries: a deflated stream per page) are found through a hash table (htab.h); each keeps its raw
 * bytes to compare. */
#include "cache.h"
#include "htab.h"
#include "md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct chapter_entry {
    arena mem;
    const char *file; /* key: project-relative path */
    const char *text; /* key: the file's bytes (in mem) */
    size_t len;
    int quiet;      /* key: the diag_ctx's quiet flag the messages were captured with */
    md_opts opts;   /* key: the language's choices (quotes; static strings); NULLs: none */
    md_origin *map; /* key: where the text's lines came from (in mem), or NULL */
    int nmap;
    doc_node *tree;  /* in mem; never modified after the parse */
    diag_held diags; /* the parse's messages, replayed on every use */
    int used;
} chapter_entry;

typedef struct image_entry {
    arena mem;
    const char *disk; /* key */
    struct stat st;   /* key: size, inode, device, mtime, ctime */
    const image_info *img;
    int used;
    int stale; /* the load reported something: serve this build only, never again */
} image_entry;

typedef struct stream_entry {
    uint64_t hash; /* of the kind and the key bytes (first, for htab) */
    cache_kind kind;
    size_t len, zlen;
    int used;
    unsigned char data[]; /* len raw bytes (the key), then zlen deflated bytes */
} stream_entry;

struct cache {
    void *epub; /* the last EPUB written (malloc'd), or NULL */
    size_t epub_len;
    htab streams; /* stream_entry, by hash; listed in slist for sweeping */
    stream_entry **slist;
    int nstreams, capstreams;
    chapter_entry **chapters;
    int nchapters, capchapters;
    image_entry **images;
    int nimages, capimages;
    cache_stats stats;
};

cache *cache_new(void)
{
    cache *c = calloc(1, sizeof(*c));
    if (!c)
        hj_oom();
    return c;
}

static void chapter_entry_free(chapter_entry *e)
{
    arena_free(&e->mem);
    diag_held_free(&e->diags);
    free(e);
}

static void image_entry_free(image_entry *e)
{
    arena_free(&e->mem);
    free(e);
}

void cache_free(cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->nstreams; i++)
        free(c->slist[i]);
    free(c->slist);
    free(c->epub);
    htab_clear(&c->streams);
    for (int i = 0; i < c->nchapters; i++)
        chapter_entry_free(c->chapters[i]);
    for (int i = 0; i < c->nimages; i++)
        image_entry_free(c->images[i]);
    free(c->chapters);
    free(c->images);
    free(c);
}

/* Grows a table of pointers by one slot. */
static void *grow(void *items, int *cap, int n)
{
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 16;
    void *p = realloc(items, sizeof(void *) * (size_t)*cap);
    if (!p)
        hj_oom();
    return p;
}

/* ---- chapters --------------------------------------------------------------------------- */

/* Copies the subtree at root into a. Uses the originals' user field (NULL in a parsed tree) to
 * map each original to its copy while fixing the pointers that may point inside the subtree
 * (target, chapter, caption), and clears it again. */
static doc_node *copy_tree(arena *a, doc_node *root)
{
    doc_node *copy_root = NULL, *cur = NULL;
    doc_iter it;
    doc_iter_init(&it, root);
    while (doc_iter_next(&it)) {
        doc_node *n = it.node;
        if (!it.entering) {
            if (n != root && cur)
                cur = cur->parent;
            continue;
        }
        doc_node *c = ARENA_NEW(a, doc_node);
        *c = *n;
        c->parent = c->first = c->last = c->prev = c->next = NULL;
        n->user = c;
        if (cur)
            doc_append(cur, c);
        else
            copy_root = c;
        if (!doc_is_leaf(n->kind))
            cur = c;
        if (n->caption)
            c->caption = copy_tree(a, n->caption);
    }
    doc_iter_init(&it, copy_root);
    while (doc_iter_next(&it)) {
        doc_node *c = it.node;
        if (!it.entering)
            continue;
        if (c->target)
            c->target = c->target->user;
        if (c->chapter)
            c->chapter = c->chapter->user;
    }
    doc_iter_init(&it, root);
    while (doc_iter_next(&it))
        it.node->user = NULL;
    return copy_root;
}

static int same_opts(const md_opts *x, const md_opts *o)
{
    for (int i = 0; i < 4; i++) {
        const char *y = o ? o->quotes[i] : NULL;
        if ((x->quotes[i] == NULL) != (y == NULL) || (y && strcmp(x->quotes[i], y) != 0))
            return 0;
    }
    return 1;
}

doc_node *cache_chapter(cache *c, arena *a, diag_ctx *d, const char *file, const char *text,
                        size_t len, const md_opts *o)
{
    return cache_chapter_full(c, a, d, file, text, len, NULL, 0, o);
}

doc_node *cache_chapter_mapped(cache *c, arena *a, diag_ctx *d, const char *file, const char *text,
                               size_t len, const md_origin *map, int nmap)
{
    return cache_chapter_full(c, a, d, file, text, len, map, nmap, NULL);
}

static int same_map(const chapter_entry *e, const md_origin *map, int nmap)
{
    if (e->nmap != nmap)
        return 0;
    for (int i = 0; i < nmap; i++)
        if (e->map[i].line != map[i].line || strcmp(e->map[i].file, map[i].file) != 0)
            return 0;
    return 1;
}

doc_node *cache_chapter_full(cache *c, arena *a, diag_ctx *d, const char *file, const char *text,
                             size_t len, const md_origin *map, int nmap, const md_opts *o)
{
    for (int i = 0; i < c->nchapters; i++) {
        chapter_entry *e = c->chapters[i];
        if (e->len == len && e->quiet == d->quiet && strcmp(e->file, file) == 0 &&
            memcmp(e->text, text, len) == 0 && same_opts(&e->opts, o) && same_map(e, map, nmap)) {
            e->used = 1;
            c->stats.chapter_hits++;
            diag_held_replay(d, &e->diags);
            return copy_tree(a, e->tree);
        }
    }
    /* new or changed: a new entry; the old text's entry goes at the next sweep (copies made
     * from it earlier in this build may still be in use) */
    chapter_entry *e = calloc(1, sizeof(*e));
    if (!e)
        hj_oom();
    arena_init(&e->mem);
    e->file = arena_strdup(&e->mem, file);
    e->text = arena_strndup(&e->mem, text, len);
    e->len = len;
    e->quiet = d->quiet;
    if (o)
        e->opts = *o;
    if (map) { /* the entry's own copy: the tree's nodes point to its file names */
        md_origin *own = ARENA_NEWN(&e->mem, md_origin, (size_t)nmap + 1);
        for (int i = 0; i < nmap; i++) {
            own[i].line = map[i].line;
            own[i].file = i > 0 && map[i].file == map[i - 1].file
                              ? own[i - 1].file
                              : arena_strdup(&e->mem, map[i].file);
        }
        e->map = own;
        e->nmap = nmap;
    }
    diag_hold h;
    diag_hold_begin(&h, d);
    e->tree = md_parse(&e->mem, &h.d, e->file, e->text, len, e->map, e->nmap, o);
    diag_hold_end(&h, &e->diags);
    e->used = 1;
    c->stats.chapter_misses++;
    c->chapters = grow(c->chapters, &c->capchapters, c->nchapters);
    c->chapters[c->nchapters++] = e;
    diag_held_replay(d, &e->diags);
    return copy_tree(a, e->tree);
}

/* ---- images ----------------------------------------------------------------------------- */

static int same_file(const struct stat *x, const struct stat *y)
{
    return x->st_size == y->st_size && x->st_ino == y->st_ino && x->st_dev == y->st_dev &&
           x->st_mtim.tv_sec == y->st_mtim.tv_sec && x->st_mtim.tv_nsec == y->st_mtim.tv_nsec &&
           x->st_ctim.tv_sec == y->st_ctim.tv_sec && x->st_ctim.tv_nsec == y->st_ctim.tv_nsec;
}

const image_info *cache_image(cache *c, diag_ctx *d, const char *disk, const char *rel,
                              const char *file, int line, int col)
{
    struct stat st;
    int have_stat = stat(disk, &st) == 0;
    for (int i = 0; have_stat && i < c->nimages; i++) {
        image_entry *e = c->images[i];
        if (!e->stale && strcmp(e->disk, disk) == 0 && same_file(&e->st, &st) &&
            strcmp(e->img->path, rel) == 0) {
            e->used = 1;
            c->stats.image_hits++;
            return e->img;
        }
    }
    image_entry *e = calloc(1, sizeof(*e));
    if (!e)
        hj_oom();
    arena_init(&e->mem);
    e->disk = arena_strdup(&e->mem, disk);
    e->st = st;
    diag_hold h;
    diag_held got;
    diag_hold_begin(&h, d);
    e->img = image_load(&e->mem, &h.d, disk, rel, file, line, col);
    diag_hold_end(&h, &got);
    diag_held_replay(d, &got);
    diag_held_free(&got);
    c->stats.image_misses++;
    /* anything reported carries this reference's location: do not serve it to another build */
    e->stale = !have_stat || !e->img || got.errors || got.warnings;
    e->used = 1;
    c->images = grow(c->images, &c->capimages, c->nimages);
    c->images[c->nimages++] = e;
    return e->img;
}

/* ---- deflated streams ----------------------------------------------------------------- */

typedef struct stream_key {
    cache_kind kind;
    const void *raw;
    size_t len;
} stream_key;

/* FNV-1a over 8-byte words (the bytes are compared anyway: this only spreads them); of a
 * long key (a page's glyphs, a whole font), one word in four, and the last. */
static uint64_t stream_hash(const void *p, size_t len)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603u ^ len;
    size_t i = 0, step = len > 1024 ? 32 : 8;
    if (step > 8 && len >= 8) {
        uint64_t w;
        memcpy(&w, b + len - 8, 8);
        h = (h ^ w) * 1099511628211u;
    }
    for (; i + step <= len; i += step) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 1099511628211u;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ b[i]) * 1099511628211u;
    return h ^ (h >> 32);
}

static int same_stream(const void *entry, const void *key)
{
    const stream_entry *e = entry;
    const stream_key *k = key;
    return e->kind == k->kind && e->len == k->len && memcmp(e->data, k->raw, k->len) == 0;
}

const void *cache_derived(cache *c, cache_kind kind, const void *raw, size_t len, size_t *zlen)
{
    stream_key k = {kind, raw, len};
    size_t slot;
    stream_entry *e =
        htab_find(&c->streams, stream_hash(raw, len) ^ (uint64_t)kind, same_stream, &k, &slot);
    if (!e)
        return NULL;
    e->used = 1;
    *zlen = e->zlen;
    return e->data + e->len;
}

void cache_put_derived(cache *c, cache_kind kind, const void *raw, size_t len, const void *z,
                       size_t zlen)
{
    stream_key k = {kind, raw, len};
    size_t slot;
    uint64_t h = stream_hash(raw, len) ^ (uint64_t)kind;
    if (htab_find(&c->streams, h, same_stream, &k, &slot))
        return;
    stream_entry *e = malloc(sizeof *e + len + zlen);
    if (!e)
        hj_oom();
    e->hash = h;
    e->kind = kind;
    e->len = len;
    e->zlen = zlen;
    e->used = 1;
    memcpy(e->data, raw, len);
    memcpy(e->data + len, z, zlen);
    htab_put(&c->streams, slot, e);
    c->slist = grow(c->slist, &c->capstreams, c->nstreams);
    c->slist[c->nstreams++] = e;
}

const void *cache_epub(const cache *c, size_t *len)
{
    *len = c->epub_len;
    return c->epub;
}

void cache_set_epub(cache *c, const void *data, size_t len)
{
    void *copy = malloc(len ? len : 1);
    if (!copy)
        hj_oom();
    memcpy(copy, data, len);
    free(c->epub);
    c->epub = copy;
    c->epub_len = len;
}

/* ---- sweeping --------------------------------------------------------------------------- */

void cache_sweep(cache *c)
{
    int k = 0;
    for (int i = 0; i < c->nchapters; i++) {
        chapter_entry *e = c->chapters[i];
        if (e->used) {
            e->used = 0;
            c->chapters[k++] = e;
        } else {
            chapter_entry_free(e);
        }
    }
    c->nchapters = k;
    k = 0;
    for (int i = 0; i < c->nimages; i++) {
        image_entry *e = c->images[i];
        if (e->used && !e->stale) {
            e->used = 0;
            c->images[k++] = e;
        } else {
            image_entry_free(e);
        }
    }
    c->nimages = k;
    k = 0;
    htab_clear(&c->streams);
    for (int i = 0; i < c->nstreams; i++) {
        stream_entry *e = c->slist[i];
        if (e->used) {
            e->used = 0;
            c->slist[k++] = e;
            size_t slot;
            htab_find(&c->streams, e->hash, same_stream, e, &slot);
            htab_put(&c->streams, slot, e);
        } else {
            free(e);
        }
    }
    c->nstreams = k;
    memset(&c->stats, 0, sizeof(c->stats));
}

cache_stats cache_get_stats(const cache *c)
{
    return c->stats;
}

/* ---- the writers' memo ---- */

static cache_kind derived_kind(memo_kind kind)
{
    return kind == MEMO_DEFLATED   ? CACHE_DEFLATED
           : kind == MEMO_PDF_PAGE ? CACHE_PDF_PAGE
                                   : CACHE_FONT_SUBSET;
}

static const void *memo_get_cb(void *ctx, memo_kind kind, const void *key, size_t len, size_t *vlen)
{
    if (kind == MEMO_LAST_EPUB)
        return cache_epub(ctx, vlen);
    return cache_derived(ctx, derived_kind(kind), key, len, vlen);
}

static void memo_put_cb(void *ctx, memo_kind kind, const void *key, size_t len, const void *v,
                        size_t vlen)
{
    if (kind == MEMO_LAST_EPUB)
        cache_set_epub(ctx, v, vlen);
    else
        cache_put_derived(ctx, derived_kind(kind), key, len, v, vlen);
}

memo cache_memo(cache *c)
{
    memo m = {c, memo_get_cb, memo_put_cb};
    return m;
}
