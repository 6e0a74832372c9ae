/* htab.h: an open-addressing hash table of pointers to the caller's entries (prefix htab_).
 * Every entry struct begins with `uint64_t hash`; the table holds pointers only and never owns
 * the entries (they usually live in an arena). Growth never fails: out of memory aborts in
 * hj_oom(). Used by the build's caches of shaped words (font.c) and hyphenated words
 * (layout_para.c). */
#ifndef HANJI_HTAB_H
#define HANJI_HTAB_H

#include "hanji.h"

typedef struct htab {
    void **slots; /* cap entries, NULL where empty; cap is 0 or a power of two */
    size_t cap, count;
} htab;

/* Tells whether entry (whose hash matched) is the one key describes. */
typedef int (*htab_same_fn)(const void *entry, const void *key);

/* The entry with this hash for which same(entry, key) holds, or NULL. In both cases *slot is
 * set to where that entry is or would go, for htab_put. Grows the table first when it is half
 * full, so *slot stays valid until the next htab_find. */
void *htab_find(htab *t, uint64_t hash, htab_same_fn same, const void *key, size_t *slot);
/* Stores a new entry (its hash already set) in the slot htab_find gave. */
void htab_put(htab *t, size_t slot, void *entry);
/* Frees the slots (not the entries) and empties the table. */
void htab_clear(htab *t);

#endif
