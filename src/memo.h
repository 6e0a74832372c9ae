/* memo.h: the one interface through which the writers (pdf.c, epub.c) reuse what an earlier
 * build of a watch session derived: bytes derived from other bytes -- a stream's deflated form,
 * a font subset, the last EPUB written (whose unchanged entries are copied still compressed).
 * A writer asks before deriving and tells after; a fresh build hands no memo (NULL), which
 * remembers nothing, so the writers have no path of their own for sessions. The memo behind it
 * is the session's cache (cache_memo in cache.h). Results must be identical either way. */
#ifndef HANJI_MEMO_H
#define HANJI_MEMO_H

#include <stddef.h>

typedef enum {
    MEMO_DEFLATED,    /* a PDF stream's bytes -> their deflated form */
    MEMO_FONT_SUBSET, /* a face's file and code points used (font_subset_key) -> the subset */
    MEMO_LAST_EPUB,   /* (no key) -> the EPUB the last build wrote */
    MEMO_PDF_PAGE     /* what a PDF page draws (pdf.c's page_key) -> its deflated stream */
} memo_kind;

typedef struct memo {
    void *ctx;
    const void *(*get)(void *ctx, memo_kind kind, const void *key, size_t len, size_t *vlen);
    void (*put)(void *ctx, memo_kind kind, const void *key, size_t len, const void *v, size_t vlen);
} memo;

/* The bytes remembered for (kind, key[0..len)), or NULL (always with m NULL). Valid until the
 * build ends. */
const void *memo_get(const memo *m, memo_kind kind, const void *key, size_t len, size_t *vlen);
/* Remembers v[0..vlen) for (kind, key[0..len)) (both copied; nothing with m NULL). */
void memo_put(const memo *m, memo_kind kind, const void *key, size_t len, const void *v,
              size_t vlen);
/* Whether m remembers anything: a writer may skip making a costly key when it does not. */
int memo_keeps(const memo *m);

#endif
