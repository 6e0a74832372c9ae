/* cache.h: what a watch session keeps between builds, keyed by content, so that a rebuild redoes
 * only the work whose inputs changed: parsed chapters (keyed by file name and the exact bytes of
 * the file), decoded images (keyed by path, size, inode, mtime and ctime), bytes derived from
 * other bytes (the PDF's deflated streams, font subsets; keyed by the exact input) and the last
 * EPUB written.
 *
 * Lifetimes: every entry owns an arena that outlives the builds using it. A build gets copies or
 * pointers valid until the next cache_sweep(), which frees the entries not used since the
 * previous sweep (older texts of changed chapters, deleted chapters, images no longer
 * referenced); call it between builds, never while a build's copies are alive.
 *
 * Identity: a cached result is indistinguishable from a fresh one: diagnostics the original work
 * printed are stored and printed again, with their counts, on every use (images that reported
 * anything are simply never cached, since their messages carry the referencing location). */
#ifndef HANJI_CACHE_H
#define HANJI_CACHE_H

#include "diag.h"
#include "doc.h"
#include "image.h"
#include "md.h"
#include "memo.h"

typedef struct cache cache;

typedef struct cache_stats {
    int chapter_hits, chapter_misses;
    int image_hits, image_misses;
} cache_stats;

/* Creates an empty cache. Never fails (out of memory aborts). */
cache *cache_new(void);
/* Frees the cache and everything it holds. NULL is allowed. */
void cache_free(cache *c);

/* The DOC_CHAPTER that md_parse_chapter_opts would return for (file, text, len, o), as a fresh copy
 * in a (the caller may modify it freely; its strings point into the cache and are never to be
 * written). Parses only when file's text differs from the cached one. The parse's diagnostics
 * are reported to d on every call, exactly as a fresh parse reports them. */
doc_node *cache_chapter(cache *c, arena *a, diag_ctx *d, const char *file, const char *text,
                        size_t len, const md_opts *o);

/* The same for text whose lines came from map (md_parse_mapped); the map is part of the key. */
doc_node *cache_chapter_mapped(cache *c, arena *a, diag_ctx *d, const char *file, const char *text,
                               size_t len, const md_origin *map, int nmap);
/* Both: lines from map (or NULL) and the language's choices o (or NULL), as md_parse. */
doc_node *cache_chapter_full(cache *c, arena *a, diag_ctx *d, const char *file, const char *text,
                             size_t len, const md_origin *map, int nmap, const md_opts *o);

/* The image at disk (project-relative rel), like image_load, but decoded only when the file
 * changed. The result is owned by the cache; valid until the next cache_sweep(). */
const image_info *cache_image(cache *c, diag_ctx *d, const char *disk, const char *rel,
                              const char *file, int line, int col);

/* Frees the entries not used since the previous sweep. Call after each build. */
void cache_sweep(cache *c);

/* Bytes a build derived from other bytes and may need again: what kind of derivation, then
 * the input bytes, are the key (compared in full). */
typedef enum {
    CACHE_DEFLATED,    /* a PDF stream's bytes -> their deflated form */
    CACHE_FONT_SUBSET, /* a face's file and code points used (font_subset_key) -> the subset */
    CACHE_PDF_PAGE     /* what a PDF page draws -> its deflated content stream */
} cache_kind;
/* The bytes stored for (kind, key[0..len)) by this or an earlier build, or NULL. Owned by the
 * cache; valid until the next cache_sweep(). */
const void *cache_derived(cache *c, cache_kind kind, const void *key, size_t len, size_t *vlen);
/* Stores v[0..vlen) for (kind, key[0..len)) (both copied). */
void cache_put_derived(cache *c, cache_kind kind, const void *key, size_t len, const void *v,
                       size_t vlen);

/* The EPUB the last build of the session wrote (the EPUB writer takes its unchanged entries
 * already compressed from it), or NULL. Valid until the next cache_set_epub. */
const void *cache_epub(const cache *c, size_t *len);
/* Keeps a copy of data[0..len) as the session's last EPUB. */
void cache_set_epub(cache *c, const void *data, size_t len);

/* Hits and misses since the previous sweep. */
cache_stats cache_get_stats(const cache *c);

/* The memo the writers are handed in a session (memo.h): derived bytes and the last EPUB, kept
 * in c. */
memo cache_memo(cache *c);

#endif
