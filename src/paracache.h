/* paracache.h: a build session's cache of broken paragraphs (prefix pcache_). para_layout's
 * result depends only on its spans' text and style, the options, the language and the fonts, so
 * a watch rebuild can skip shaping, hyphenation and line breaking for every paragraph that did
 * not change. Keys hold the full inputs (compared byte for byte, not just hashed). A hit gives
 * back exactly what para_layout would have returned and marks the same glyphs used (so font
 * subsets come out identical); what depends on the current build's tree (a run's link and
 * destination) is taken from the current spans. Paragraphs that reported anything (too-wide
 * words, missing glyphs, missing patterns) are never stored, so messages are never lost.
 *
 * Lifetimes: entries are heap blocks owned by the cache; lines handed out are copies in the
 * caller's arena that share the (read-only) glyph arrays with the entry, valid until the next
 * pcache_sweep(). A build that sets paragraphs on a second thread (layout_preset.c) uses a
 * cache of its own the other way round: the setter lends its lines (pcache_lend) and the pages
 * take them. Lookups, stores and the patterns are under the cache's lock; sweeping and freeing
 * are for one thread at a time. */
#ifndef HANJI_PARACACHE_H
#define HANJI_PARACACHE_H

#include "layout.h"

typedef struct pcache pcache;

typedef struct pcache_stats {
    int hits, misses, entries;
} pcache_stats;

/* Never fails (out of memory aborts). */
pcache *pcache_new(void);
/* NULL is allowed. */
void pcache_free(pcache *c);
/* Starts a build whose fonts are identified by fonts_key (their files and stamps): a key other
 * than the previous build's empties the cache. */
void pcache_begin(pcache *c, const char *fonts_key);
/* Ends a build: frees the entries it did not use. */
void pcache_sweep(pcache *c);
/* This build's figures (reset by pcache_begin). */
pcache_stats pcache_get_stats(const pcache *c);

/* ---- for layout_para.c ------------------------------------------------------------------- */

struct hyph_dict;
/* The hyphenation patterns the session loaded for lang: returns 1 and sets *dict (NULL when
 * the language has none) when known, 0 when never asked. The cache owns the patterns. */
int pcache_hyph_get(pcache *c, const char *lang, struct hyph_dict **dict);
/* Hands the patterns loaded for lang (or NULL: none) to the cache, which frees them. */
void pcache_hyph_put(pcache *c, const char *lang, struct hyph_dict *dict);

typedef struct pcache_key {
    const unsigned char *data; /* the serialised inputs (in the caller's scratch arena) */
    size_t len;
    uint64_t hash;
} pcache_key;

/* The key of one para_layout call, built in scratch. */
pcache_key pcache_make_key(arena *scratch, const char *lang, const para_span *spans, int nspans,
                           const para_opts *opts);
/* On a hit: copies the cached lines into out (*lines), takes each run's uri and dest from
 * spans, marks the entry's glyphs used in fs and returns the number of lines. -1 on a miss. */
int pcache_get(pcache *c, const pcache_key *k, font_set *fs, arena *out, const para_span *spans,
               lay_line **lines);
/* Stores para_layout's result for k. run_span[i] is the span index of the i-th run counting
 * across lines; marks (face << 32 | code point) are the glyphs the call marked used, in any
 * order, repeats allowed. */
void pcache_put(pcache *c, const pcache_key *k, const lay_line *lines, int nl, const int *run_span,
                const uint64_t *marks, int nmarks);

/* As pcache_put, but lends lines themselves (in the caller's arena, which must outlive their
 * use) instead of copying them: the first hit hands them over (taking the uri, dest and image
 * of each run from its spans) and forgets the entry. For the paragraphs of a build set ahead
 * on another thread, whose arena the pages' adopts (layout_preset.c). marks are thinned in
 * place. */
void pcache_lend(pcache *c, const pcache_key *k, lay_line *lines, int nl, const int *run_span,
                 uint64_t *marks, int nmarks);

/* ---- for layout_page.c: page breaks ------------------------------------------------------ */

/* page_break is a function of its items and parameters alone: a chapter whose vertical list
 * and parameters (start parity among them) did not change keeps its breaks. The key is the
 * serialised input (layout_page.c), the value the serialised result; compared in full. */
/* Whether c keeps breaks: a session's cache (pcache_begin), not a fresh build's. */
int pcache_keeps_breaks(const pcache *c);
/* The value stored for key[0..len) by this or the previous build, or NULL. Valid until the
 * next pcache_sweep. */
const void *pcache_breaks_get(pcache *c, const void *key, size_t len, size_t *vlen);
/* Stores v[0..vlen) for key[0..len) (both copied). */
void pcache_breaks_put(pcache *c, const void *key, size_t len, const void *v, size_t vlen);

#endif
