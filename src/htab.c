/* htab.c: open-addressing hash table with linear probing (see htab.h). */
#include "htab.h"

#include <stdlib.h>

#define HTAB_MIN_CAP 4096 /* slots of a table's first allocation */

typedef struct htab_entry {
    uint64_t hash; /* every entry begins with its hash */
} htab_entry;

static void grow(htab *t)
{
    size_t nc = t->cap ? t->cap * 2 : HTAB_MIN_CAP;
    void **ns = calloc(nc, sizeof(*ns));
    if (!ns)
        hj_oom();
    for (size_t k = 0; k < t->cap; k++) {
        const htab_entry *e = t->slots[k];
        if (!e)
            continue;
        size_t at = e->hash & (nc - 1);
        while (ns[at])
            at = (at + 1) & (nc - 1);
        ns[at] = t->slots[k];
    }
    free(t->slots);
    t->slots = ns;
    t->cap = nc;
}

void *htab_find(htab *t, uint64_t hash, htab_same_fn same, const void *key, size_t *slot)
{
    if ((t->count + 1) * 2 > t->cap)
        grow(t);
    size_t at = hash & (t->cap - 1);
    for (const htab_entry *e; (e = t->slots[at]); at = (at + 1) & (t->cap - 1)) {
        if (e->hash == hash && same(e, key)) {
            *slot = at;
            return t->slots[at];
        }
    }
    *slot = at;
    return NULL;
}

void htab_put(htab *t, size_t slot, void *entry)
{
    t->slots[slot] = entry;
    t->count++;
}

void htab_clear(htab *t)
{
    free(t->slots);
    t->slots = NULL;
    t->cap = t->count = 0;
}
